//! Time operators: fast, slow, early, late, rev, repeatCycles.

use super::{patternify, value_time};
use crate::pattern::hap::{Ctx, Haps};
use crate::pattern::pattern::Pattern;
use crate::pattern::time::{sam, t, Span};
use crate::pattern::value::Value;

/// `fast 2 $ s "bd sn"`: speeds the pattern up by a (patterned) factor; 0 gives silence.
pub fn fast(factor: &Pattern, pat: &Pattern) -> Pattern {
    patternify(factor, pat, fast_q)
}

fn fast_q<'a>(pat: &Pattern, v: Value<'a>, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    match value_time(v) {
        Some(f) if f != t(0) => {
            let mut haps = pat.query(ctx, span.with_time(|x| x * f));
            for h in haps.as_mut_slice() {
                *h = h.with_span(|s| s.with_time(|x| x / f));
            }
            haps
        }
        _ => ctx.haps(),
    }
}

/// `slow 2 $ s "bd sn"`: slows the pattern down by a (patterned) factor; 0 gives silence.
pub fn slow(factor: &Pattern, pat: &Pattern) -> Pattern {
    patternify(factor, pat, |pat, v, ctx, span| match v.as_num() {
        Some(x) if x != 0.0 => fast_q(pat, Value::Num(1.0 / x), ctx, span),
        _ => ctx.haps(),
    })
}

/// `0.25 <~ s "bd sn"`: shifts the pattern earlier by a (patterned) number of cycles.
pub fn early(offset: &Pattern, pat: &Pattern) -> Pattern {
    patternify(offset, pat, early_q)
}

fn early_q<'a>(pat: &Pattern, v: Value<'a>, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    let Some(o) = value_time(v) else { return ctx.haps() };
    let mut haps = pat.query(ctx, span.with_time(|x| x + o));
    for h in haps.as_mut_slice() {
        *h = h.with_span(|s| s.with_time(|x| x - o));
    }
    haps
}

/// `0.25 ~> s "bd sn"`: shifts the pattern later by a (patterned) number of cycles.
pub fn late(offset: &Pattern, pat: &Pattern) -> Pattern {
    patternify(offset, pat, |pat, v, ctx, span| match v.as_num() {
        Some(x) => early_q(pat, Value::Num(-x), ctx, span),
        None => ctx.haps(),
    })
}

/// `rev $ s "bd sn hh"`: reverses each cycle.
pub fn rev(pat: &Pattern) -> Pattern {
    let p = pat.clone();
    Pattern::new(move |ctx, span| {
        let cycle = sam(span.begin);
        let next = cycle + t(1);
        let reflect = |s: Span| Span::new(cycle + (next - s.end), cycle + (next - s.begin));
        let mut haps = p.query(ctx, reflect(span));
        for h in haps.as_mut_slice() {
            *h = h.with_span(reflect);
        }
        haps
    })
    .split_queries()
    .with_steps(pat.steps)
}

/// `repeatCycles 2 $ s "<a b c>"`: plays each cycle `n` times.
pub fn repeat_cycles(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let Some(n) = value_time(v) else { return ctx.haps() };
        if n == t(0) {
            return ctx.haps();
        }
        let mut out = ctx.haps();
        span.for_each_cycle(|s| {
            let cycle = sam(s.begin);
            let delta = cycle - sam(cycle / n);
            for h in pat.query(ctx, s.with_time(|x| x - delta)).iter() {
                out.push(h.with_span(|sp| sp.with_time(|x| x + delta)));
            }
        });
        out
    })
}
