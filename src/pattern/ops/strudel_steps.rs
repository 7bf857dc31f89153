//! Strudel 1.2.6's stepwise functions that read a pattern's steps per cycle (`_steps`,
//! "tactus"; Phonon's `Pattern::steps`): `pace`, `stepcat` (Strudel's `timecat`, `s_cat`),
//! `polymeter`, `take` and `drop` (pattern.mjs).

use super::patternify;
use super::value_time;
use crate::pattern::pattern::{silence, stack, timecat, Pattern};
use crate::pattern::time::{t, tdiv, tmul, tsub, Time};
use crate::pattern::transform::{fast_with, zoom_with};

/// `pace 4 $ s "bd sd cp"`, Strudel's `pace`: the pattern sped up or slowed down so that it
/// plays `target` steps per cycle (a pattern without known steps is unchanged, one of zero
/// steps is silent); the target patterned (inner join).
pub fn pace(target: &Pattern, pat: &Pattern) -> Pattern {
    let Some(steps) = pat.steps else {
        return pat.clone();
    };
    if steps == t(0) {
        return silence().with_steps(Some(t(0)));
    }
    let out_steps = target.pure.and_then(value_time);
    patternify(target, pat, move |p, v, ctx, span| match value_time(v) {
        Some(x) => fast_with(ctx, tdiv(x, steps), span, |s| p.query(ctx, s)),
        None => ctx.haps(),
    })
    .with_steps(out_steps)
}

/// `stepcat [s "bd sd", [3, s "hh"]]`, Strudel's `stepcat`: the patterns one after another in
/// one cycle, each taking as many steps as it has (a `[steps, pattern]` pair gives them; a
/// pattern without known steps takes one).
pub fn stepcat(parts: Vec<(Option<Time>, Pattern)>) -> Pattern {
    if parts.is_empty() {
        return silence().with_steps(Some(t(0)));
    }
    let parts: Vec<(Time, Pattern)> = parts
        .into_iter()
        .map(|(w, p)| (w.or(p.steps).unwrap_or(t(1)), p))
        .collect();
    if parts.len() == 1 {
        let (w, p) = parts.into_iter().next().expect("one part");
        return p.with_steps(Some(w));
    }
    timecat(parts)
}

/// `polymeter [s "bd sd cp", s "hh hh"]`, Strudel's `polymeter`: the patterns with known steps
/// stacked, each paced to the least common multiple of their steps.
pub fn polymeter(pats: Vec<Pattern>) -> Pattern {
    let pats: Vec<Pattern> = pats.into_iter().filter(|p| p.steps.is_some()).collect();
    if pats.is_empty() {
        return silence();
    }
    let Some(steps) = pats
        .iter()
        .try_fold(None::<Time>, |acc, p| {
            let s = p.steps.expect("filtered");
            Some(Some(match acc {
                None => s,
                Some(a) => lcm(a, s)?,
            }))
        })
        .flatten()
    else {
        return silence();
    };
    if steps == t(0) {
        return silence().with_steps(Some(t(0)));
    }
    let target = crate::pattern::pattern::pure(crate::pattern::value::Value::Num(
        crate::pattern::time::to_f64(steps),
    ));
    let paced: Vec<Pattern> = pats
        .iter()
        .map(|p| {
            let mut x = pace(&target, p);
            x.steps = Some(steps);
            x
        })
        .collect();
    stack(paced).with_steps(Some(steps))
}

/// `take 2 $ s "bd cp ht mt"`, Strudel's `take` (experimental in 1.2.6): the first `i` steps of
/// each cycle (the last `-i` for negative `i`) stretched over the cycle, `i` steps long (its
/// `zoom`); all of it for `i` at least its steps; nothing for `i` 0 or a pattern without steps.
pub fn take(i: Time, pat: &Pattern) -> Pattern {
    let nothing = || silence().with_steps(Some(t(0)));
    let Some(steps) = pat.steps.filter(|s| *s > t(0)) else {
        return nothing();
    };
    if i == t(0) {
        return nothing();
    }
    let frac = tdiv(if i < t(0) { -i } else { i }, steps);
    if frac >= t(1) {
        return pat.clone();
    }
    let (b, e) = if i < t(0) {
        (tsub(t(1), frac), t(1))
    } else {
        (t(0), frac)
    };
    let p = pat.clone();
    Pattern::new(move |ctx, span| zoom_with(ctx, b, e, span, |q| p.query(ctx, q)))
        .with_steps(Some(tmul(steps, frac)))
}

/// `drop 1 $ s "tha dhi thom nam"`, Strudel's `drop` (experimental in 1.2.6): the steps after
/// the first `i` (before the last `-i` for negative `i`), by [`take`].
pub fn drop(i: Time, pat: &Pattern) -> Pattern {
    let Some(steps) = pat.steps else {
        return silence().with_steps(Some(t(0)));
    };
    if i < t(0) {
        take(steps + i, pat)
    } else {
        take(tsub(t(0), tsub(steps, i)), pat)
    }
}

/// fraction.js's `lcm`: lcm of the numerators over gcd of the denominators.
fn lcm(a: Time, b: Time) -> Option<Time> {
    use num_integer::Integer;
    if a == t(0) || b == t(0) {
        return Some(t(0));
    }
    let (an, bn) = (a.numer().abs(), b.numer().abs());
    let l = (an / an.gcd(&bn)).checked_mul(bn)?;
    Some(Time::new(l, a.denom().gcd(b.denom())))
}
