//! Conditional operators: every (firstOf), lastOf, every', whenmod, when, chunk, chunkBack,
//! fastChunk, palindrome, brak. Ports of Strudel 1.2.6 `pattern.mjs`.

use super::structure::truthy;
use super::time::{late, repeat_cycles, rev};
use super::{bind_args, patternify, patternify2, patternify3, placeholder, value_int, PatFn};
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::Haps;
use crate::pattern::pattern::{fastcat, pure, silence, slowcat, Pattern};
use crate::pattern::time::{sam, time_mod, Span, Time};
use crate::pattern::transform::steps_haps;
use crate::pattern::value::Value;

/// Strudel's `slowcatPrime` over `n` patterns of which index `k` is `fp` and the others `p`:
/// cycle `c` plays pattern `c % n` with JS's truncating `%`, so a negative cycle plays pattern
/// 0 when it is a multiple of `n` and nothing otherwise.
fn cycle_choice_q<'a>(
    n: i64,
    k: i64,
    fp: &Pattern,
    p: &Pattern,
    ctx: &Ctx<'a>,
    span: Span,
) -> Haps<'a> {
    let mut out = ctx.haps();
    span.for_each_cycle(ctx, |s| {
        let i = sam(s.begin).to_integer() % n;
        if i < 0 {
            return;
        }
        out.extend(if i == k {
            fp.query(ctx, s)
        } else {
            p.query(ctx, s)
        });
    });
    out
}

/// `every 3 (fast 2) $ s "bd sn"`: applies `f` on the first of every `n` cycles (Strudel's
/// `every`/`firstOf`; as Strudel, negative cycles that are not multiples of `n` are silent;
/// `n <= 0` leaves the pattern as it is, as Tidal). `n` is patternable.
pub fn first_of<E>(n: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    let fp = f(pat.clone())?;
    Ok(patternify2(
        n,
        &placeholder(),
        pat,
        move |p, n, _, ctx, span| match value_int(n) {
            Some(n) if n > 0 => cycle_choice_q(n, 0, &fp, p, ctx, span),
            _ => p.query(ctx, span),
        },
    ))
}

/// `lastOf 3 rev $ s "a b c"`: applies `f` on the last of every `n` cycles (Strudel's `lastOf`).
pub fn last_of<E>(n: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    let fp = f(pat.clone())?;
    Ok(patternify2(
        n,
        &placeholder(),
        pat,
        move |p, n, _, ctx, span| match value_int(n) {
            Some(n) if n > 0 => cycle_choice_q(n, n - 1, &fp, p, ctx, span),
            _ => p.query(ctx, span),
        },
    ))
}

/// `every' 3 2 rev $ s "a b c d"`: applies `f` when the cycle number mod `n` is `o` (Tidal's
/// `every'`; `every' n (n-1)` is Strudel's `lastOf n`). Negative cycles follow
/// `lastOf`.
pub fn every_offset<E>(n: &Pattern, o: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    let fp = f(pat.clone())?;
    Ok(patternify3(
        n,
        o,
        &placeholder(),
        pat,
        move |p, n, o, _, ctx, span| match (value_int(n), value_int(o)) {
            (Some(n), Some(o)) if n > 0 => cycle_choice_q(n, o, &fp, p, ctx, span),
            _ => p.query(ctx, span),
        },
    ))
}

/// `whenmod 4 2 rev $ s "a b c d"`: applies `f` in the cycles where `cycle mod a >= b`
/// (Tidal's `whenmod`; the same as Strudel's `when("<0 0 1 1>", f)`).
pub fn whenmod<E>(a: &Pattern, b: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    let fp = f(pat.clone())?;
    Ok(patternify2(a, b, pat, move |p, a, b, ctx, span| {
        let (Some(a), Some(b)) = (super::value_time(a), super::value_time(b)) else {
            return ctx.haps();
        };
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            let on = a != Time::from_integer(0) && time_mod(c, a) >= b;
            out.extend(if on {
                fp.query(ctx, s)
            } else {
                p.query(ctx, s)
            });
        });
        out
    }))
}

/// `when "<0 1>" (fast 2) $ s "a b"`: applies `f` where the boolean pattern is true (Strudel's
/// `when`: an inner join over the booleans, so events are cut at their edges).
pub fn when<E>(on: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    let fp = f(pat.clone())?;
    Ok(patternify2(
        on,
        &placeholder(),
        pat,
        move |p, on, _, ctx, span| {
            if truthy(on) {
                fp.query(ctx, span)
            } else {
                p.query(ctx, span)
            }
        },
    ))
}

/// `chunk 4 (hurry 2) $ s "a b c d"`: divides each cycle into `n` parts and applies `f` to one
/// part per cycle, in turn (Strudel's `chunk`: `pat.repeatCycles(n).when(bools, f)` with the
/// booleans `[true, false, ...]` shifted by `iter`). `back` is `chunkBack` (Tidal's `chunk'`),
/// `fast` is `fastChunk` (no `repeatCycles`).
pub fn chunk<E>(
    n: &Pattern,
    f: PatFn<E>,
    pat: &Pattern,
    back: bool,
    fast: bool,
) -> Result<Pattern, E> {
    bind_args(&[n.clone(), placeholder()], |a| {
        let src = if fast {
            pat.clone()
        } else {
            repeat_cycles(&a[0], pat)
        };
        let fsrc = f(src.clone())?;
        Ok(patternify(&a[0], &src, move |src, v, ctx, span| {
            let mut out = ctx.haps();
            let Some(n) = value_int(v).filter(|n| *n >= 1) else {
                return out;
            };
            let bools = steps_haps(ctx, n, span, |k| {
                let (c, j) = (k.div_euclid(n), k.rem_euclid(n));
                let i = c.rem_euclid(n);
                let on = if back { j == (n - i) % n } else { j == i };
                Some(Value::Num(on as i64 as f64))
            });
            for b in bools.iter() {
                out.extend(if truthy(b.value) {
                    fsrc.query(ctx, b.part)
                } else {
                    src.query(ctx, b.part)
                });
            }
            out
        }))
    })
}

/// `palindrome $ s "a b c"`: every other cycle reversed (Strudel's `palindrome`:
/// `lastOf(2, rev)`).
pub fn palindrome(pat: &Pattern) -> Pattern {
    let fp = rev(pat);
    let p = pat.clone();
    Pattern::new(move |ctx, span| cycle_choice_q(2, 1, &fp, &p, ctx, span)).with_steps(pat.steps)
}

/// `brak $ s "bd sn"`: every other cycle squashed into its first half and shifted a quarter
/// later, a breakbeat feel (Strudel's `brak`).
pub fn brak(pat: &Pattern) -> Pattern {
    let on = slowcat(vec![pure(Value::Num(0.0)), pure(Value::Num(1.0))]);
    let f = |x: Pattern| -> Result<Pattern, ()> {
        Ok(late(&pure(Value::Num(0.25)), &fastcat(vec![x, silence()])))
    };
    when(&on, &f, pat).unwrap_or_else(|_| silence())
}
