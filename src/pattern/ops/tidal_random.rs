//! Tidal's random structure functions: randStruct, stripe (slowstripe), degradeOverBy. Their
//! definitions are Tidal 1.9's (`Sound.Tidal.UI`); the random numbers are Strudel's generator,
//! each sampled at the start of the span Tidal samples (Tidal's `rand` takes the middle).

use super::{patternify, value_int, value_time};
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::{Hap, Haps};
use crate::pattern::pattern::Pattern;
use crate::pattern::rand::time_to_rand;
use crate::pattern::time::{sam, t, tadd, tdiv, tmul, tneg, to_f64, tsub, Span, Time};
use crate::pattern::transform::{compress_with, early_with, fast_with};
use crate::pattern::value::Value;

/// Most stripes a cycle (a stack buffer).
pub const MAX_STRIPES: usize = 256;

/// Tidal's `randArcs n` for cycle `c`, written into `out` (UI.hs: weights `choose [1, 2, 3]`
/// sampled `i/n` into the cycle, the cycle split in proportion).
fn rand_arcs(c: Time, out: &mut [(Time, Time)]) {
    let n = out.len() as i64;
    let mut w = [0i64; MAX_STRIPES];
    for (i, wi) in w[..out.len()].iter_mut().enumerate() {
        let r = time_to_rand(to_f64(tadd(c, Time::new(i as i64, n))));
        *wi = 1 + ((r * 3.0).floor() as i64).clamp(0, 2);
    }
    let total: i64 = w[..out.len()].iter().sum();
    let mut acc = 0;
    for (i, o) in out.iter_mut().enumerate() {
        let b = Time::new(acc, total);
        acc += w[i];
        *o = (tadd(c, b), tadd(c, Time::new(acc, total)));
    }
}

/// `randStruct 4`, Tidal's `randStruct` (UI.hs): each cycle split into `n` arcs of random
/// lengths (weights 1 to 3), valued 0 to `n - 1`.
pub fn rand_struct(n: &Pattern) -> Pattern {
    let unit = crate::pattern::pattern::pure(Value::Num(0.0));
    patternify(n, &unit, |_, v, ctx, span| {
        let mut out = ctx.haps();
        let Some(n) = value_int(v).filter(|n| (1..=MAX_STRIPES as i64).contains(n)) else {
            return out;
        };
        each_stripe(ctx, n as usize, span, |i, whole, part| {
            out.push(Hap::new(Some(whole), part, Value::Num(i as f64)));
        });
        out
    })
}

fn each_stripe(ctx: &Ctx<'_>, n: usize, span: Span, mut f: impl FnMut(usize, Span, Span)) {
    let mut arcs = [(t(0), t(0)); MAX_STRIPES];
    span.for_each_cycle(ctx, |s| {
        rand_arcs(sam(s.begin), &mut arcs[..n]);
        for (i, (b, e)) in arcs[..n].iter().enumerate() {
            let whole = Span::new(*b, *e);
            if let Some(part) = crate::pattern::ops::tidal_time::sub_arc(whole, s) {
                f(i, whole, part);
            }
        }
    });
}

/// `stripe 2`, Tidal's `stripe` (UI.hs: `substruct' (randStruct n)`): each of the `n` random arcs
/// of a cycle plays a whole cycle of the pattern squeezed into it (arc `i` plays `inside (1/n)
/// (rotR i) p`, which is the pattern `n * i` cycles later).
pub fn stripe(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let mut out = ctx.haps();
        let Some(n) = value_int(v).filter(|n| (1..=MAX_STRIPES as i64).contains(n)) else {
            return out;
        };
        each_stripe(ctx, n as usize, span, |i, whole, part| {
            let c = sam(whole.begin);
            let (b, e) = (tsub(whole.begin, c), tsub(whole.end, c));
            let shift = tmul(t(n), t(i as i64));
            out.extend(compress_with(ctx, b, e, part, |q| {
                early_with(q, tneg(shift), |q2| pat.query(ctx, q2))
            }));
        });
        out
    })
}

/// `slowstripe n`, Tidal's `slowstripe` (UI.hs: `slow n . stripe n`).
pub fn slowstripe(n: &Pattern, pat: &Pattern) -> Pattern {
    let striped = stripe(n, pat);
    patternify(n, &striped, |p, v, ctx, span| match value_time(v) {
        Some(f) if f != t(0) => fast_with(ctx, tdiv(t(1), f), span, |q| p.query(ctx, q)),
        _ => ctx.haps(),
    })
}

/// `degradeOverBy 4 "0.2 0.8"`, Tidal's `degradeOverBy` (UI.hs: `unwrap $ (\x -> fmap fst $
/// filterValues ((> x) . snd) $ (,) <$> p <* fastRepeatCycles i rand) <$> slow i tx`): the
/// amounts played `i` times slower; an event is kept when the random value at its onset, the
/// same for `i` cycles in a row, is above the amount.
pub fn degrade_over_by(i: i64, amounts: &Pattern, pat: &Pattern) -> Pattern {
    let slowed = {
        let a = amounts.clone();
        let f = Time::new(1, i.max(1));
        Pattern::new(move |ctx, span| fast_with(ctx, f, span, |q| a.query(ctx, q)))
    };
    let pat = pat.clone();
    let i = i.max(1);
    Pattern::new(move |ctx, span| degrade_over_q(&slowed, &pat, i, ctx, span))
}

fn degrade_over_q<'a>(
    slowed: &Pattern,
    pat: &Pattern,
    i: i64,
    ctx: &Ctx<'a>,
    span: Span,
) -> Haps<'a> {
    let mut out = ctx.haps();
    for h in slowed.query(ctx, span).iter() {
        let Some(x) = h.value.as_num() else { continue };
        for y in pat.query(ctx, h.part).iter() {
            let at = y.whole_or_part().begin;
            // `fastRepeatCycles i rand`: cycle c reads the random values of cycle c div i.
            let c = sam(at);
            let src = tadd(
                Time::from_integer(c.to_integer().div_euclid(i)),
                tsub(at, c),
            );
            if time_to_rand(to_f64(src)) <= x {
                continue;
            }
            let whole = match (h.whole, y.whole) {
                (Some(a), Some(b)) => match a.intersection(&b) {
                    Some(w) => Some(w),
                    None => continue,
                },
                _ => None,
            };
            if let Some(part) = h.part.intersection(&y.part) {
                out.push(ctx.combine(h, y, whole, part, y.value));
            }
        }
    }
    out
}
