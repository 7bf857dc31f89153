//! Tidal's functions that Strudel lacks (Tidal 1.9's semantics, `Sound.Tidal.UI`, `Core`,
//! `Control`), and the Tidal names Strudel shares (then Strudel's semantics, as the description
//! says): one documented entry each, their algorithms in `pattern::ops::tidal_*`.
//! Tidal's tests on numbers (`ifp ((== 0) . flip mod 2)`) are Phonon functions applied to the
//! pattern of cycle numbers (or times), so they are patterns of truth values.

use super::builtins::{num, p, pat, pats, pf, Builtin};
use super::value::{func, func2, func3, func4, EvalError, Val, R};
use crate::pattern::controls::{combine, control, control_names, NumOp, Structure};
use crate::pattern::ops::conditional::first_of;
use crate::pattern::ops::random::{choose, rand};
use crate::pattern::ops::random::{degrade_by, undegrade_by};
use crate::pattern::ops::structure::segment;
use crate::pattern::ops::tidal_fix::{contrast, contrast_range};
use crate::pattern::ops::tidal_pick::{
    bite, chew, choose_by, fit, fit_prime, pick_f, randslice, scramble, select, shuffle,
    spread_choose, squeeze, stretch, to_scale, wchoose_by,
};
use crate::pattern::ops::tidal_random::{degrade_over_by, rand_struct, slowstripe, stripe};
use crate::pattern::ops::tidal_struct::{
    ascii, ascii_bits, binary, binary_n, distrib, fade, fast_squeeze, inv, necklace, permstep,
    ply_with, sew, space_out, stitch, ur, weave_with, UrBody, UrFx, MAX_PLY_LAYERS,
};
use crate::pattern::ops::tidal_time::{
    compress_to, cycle_numbers, loop_first, now, rolled_by, rot, scan, seq_p, seq_p_loop, stutter,
    tidal_within, trunc, wedge, when_onset, when_test, within, within_prime,
};
use crate::pattern::ops::time::{fast, inside, late};
use crate::pattern::pattern::{fastcat, new_param_id, param_pattern, pure, slowcat, stack};
use crate::pattern::time::{from_f64, Time};
use crate::pattern::value::{Sym, Value};
use crate::pattern::Pattern;

/// One documented entry (`b!(name, doc, example, make)`), as in `builtins.rs`.
use super::builtins::b;

mod bits;
mod compose;
mod haskell;
mod pick;
mod random;
mod time;

pub use haskell::compare;

/// A numeric argument as a pattern (`fast "<1 2>"`).
fn np(v: &Val) -> R<Pattern> {
    v.to_num_pat()
}

/// A plain time argument.
fn time(v: &Val, what: &str) -> R<Time> {
    from_f64(v.to_num()?)
        .ok_or_else(|| EvalError::new(format!("{what}: a time must be a finite number")))
}

/// A `(begin, end)` pair of plain times.
fn arc(v: &Val, what: &str) -> R<(Time, Time)> {
    match v.to_list() {
        Ok(xs) if xs.len() == 2 => Ok((time(&xs[0], what)?, time(&xs[1], what)?)),
        _ => Err(EvalError::new(format!(
            "{what} takes a pair such as `(0, 0.5)`"
        ))),
    }
}

/// A list of plain numbers.
fn nums(v: &Val) -> R<Vec<f64>> {
    v.to_list()?.iter().map(|x| x.to_num()).collect()
}

/// A list of `(value, weight)` pairs.
fn weighted(v: &Val, what: &str) -> R<(Vec<Pattern>, Vec<f64>)> {
    let mut xs = vec![];
    let mut ws = vec![];
    for item in v.to_list()? {
        match item.to_list() {
            Ok(pair) if pair.len() == 2 => {
                xs.push(p(&pair[0])?);
                ws.push(pair[1].to_num()?);
            }
            _ => {
                return Err(EvalError::new(format!(
                    "{what} takes a list of `(value, weight)` pairs"
                )))
            }
        }
    }
    Ok((xs, ws))
}

/// `[(0, 8, p), (4, 8, q)]` (the start may be left out: `(8, p)` starts where the last ended).
fn timed(v: &Val, what: &str, start_optional: bool) -> R<Vec<(Time, Time, Pattern)>> {
    let mut out = vec![];
    let mut last = Time::from_integer(0);
    for item in v.to_list()? {
        let xs = item.to_list().unwrap_or_default();
        let (s, e, x) = match xs.len() {
            3 => (time(&xs[0], what)?, time(&xs[1], what)?, p(&xs[2])?),
            2 if start_optional => (last, time(&xs[0], what)?, p(&xs[1])?),
            _ => {
                return Err(EvalError::new(format!(
                    "{what} takes a list of `(start, stop, pattern)` triples"
                )))
            }
        };
        last = e;
        out.push((s, e, x));
    }
    Ok(out)
}

/// `[("name", pattern), ...]` with the names interned.
fn named(v: &Val, what: &str) -> R<Vec<(Sym, Pattern)>> {
    let mut out = vec![];
    for item in v.to_list()? {
        match item.to_list().ok().as_deref() {
            Some([Val::Str(name, _), x]) => out.push((Sym::intern(name), p(x)?)),
            _ => {
                return Err(EvalError::new(format!(
                    "{what} takes a list of `(\"name\", pattern)` pairs"
                )))
            }
        }
    }
    Ok(out)
}

/// `spread f [a, b] p`: `f a p`, `f b p`, ... (joined by `cat`).
fn spread_pats(f: &Val, xs: &Val, x: &Val) -> R<Vec<Pattern>> {
    xs.to_list()?
        .into_iter()
        .map(|v| f.apply(v)?.apply(x.clone())?.to_pat())
        .collect()
}

/// A plain string argument.
fn text(v: &Val, what: &str) -> R<String> {
    match v {
        Val::Str(s, _) => Ok(s.clone()),
        _ => Err(EvalError::new(format!("{what} takes a string here"))),
    }
}

/// Tidal's functions, documented, family by family.
pub fn builtins() -> Vec<Builtin> {
    [
        haskell::builtins(),
        time::builtins(),
        compose::builtins(),
        pick::builtins(),
        random::builtins(),
        bits::builtins(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
