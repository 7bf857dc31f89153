//! Random operators on Strudel's generator: rand, irand, degradeBy, undegradeBy, the mini
//! `?` and `|`.

use super::patternify;
use crate::pattern::hap::Hap;
use crate::pattern::pattern::{signal, Pattern};
use crate::pattern::rand::time_to_rand;
use crate::pattern::time::{sam, to_f64, Time};
use crate::pattern::value::Value;

/// `rand`: a continuous random signal in `[0, 1)`, sampled at the query's start.
pub fn rand() -> Pattern {
    signal(|x| Value::Num(time_to_rand(to_f64(x))))
}

/// The random value for an event at `x`, with the generator shifted earlier by `offset` cycles
/// (mini-notation's per-`?` seed offset), as Strudel: the offset is added as a rational first.
pub fn rand_at(x: Time, offset: Time) -> f64 {
    time_to_rand(to_f64(x + offset))
}

/// Keeps events whose random value (at the event's whole start, shifted by `offset`) is above
/// `amount` (Strudel's `_degradeByWith(rand.early(offset), amount)`; `invert` uses `1 - r`).
pub fn degrade_with(pat: &Pattern, amount: f64, offset: Time, invert: bool) -> Pattern {
    let p = pat.clone();
    Pattern::new(move |ctx, span| {
        let mut haps = p.query(ctx, span);
        haps.retain(|h: &Hap| {
            let r = rand_at(h.whole_or_part().begin, offset);
            let r = if invert { 1.0 - r } else { r };
            r > amount
        });
        haps
    })
    .with_steps(pat.steps)
}

/// `degradeBy 0.3 $ s "hh*8"`: drops each event with probability `amount`.
pub fn degrade_by(amount: &Pattern, pat: &Pattern) -> Pattern {
    patternify(amount, pat, |pat, v, ctx, span| {
        let Some(x) = v.as_num() else { return ctx.haps() };
        let mut haps = pat.query(ctx, span);
        haps.retain(|h| time_to_rand(to_f64(h.whole_or_part().begin)) > x);
        haps
    })
}

/// `undegradeBy 0.3 $ s "hh*8"`: keeps exactly the events `degradeBy 0.3` drops... with
/// `1 - r`, as Strudel.
pub fn undegrade_by(amount: &Pattern, pat: &Pattern) -> Pattern {
    patternify(amount, pat, |pat, v, ctx, span| {
        let Some(x) = v.as_num() else { return ctx.haps() };
        let mut haps = pat.query(ctx, span);
        haps.retain(|h| 1.0 - time_to_rand(to_f64(h.whole_or_part().begin)) > x);
        haps
    })
}

/// Mini-notation `a | b | c`: per cycle, one of `pats` chosen by `rand.early(offset)` sampled
/// at the cycle start (Strudel's `chooseInWith(rand.early(off).segment(1), pats)`).
pub fn choose_cycles(pats: Vec<Pattern>, offset: Time) -> Pattern {
    let n = pats.len();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        if n == 0 {
            return out;
        }
        span.for_each_cycle(|s| {
            let c = sam(s.begin);
            let r = rand_at(c, offset);
            let i = ((r * n as f64).floor() as i64).clamp(0, n as i64 - 1) as usize;
            // innerJoin over the segment's event: the chosen pattern queried over this part.
            for h in pats[i].query(ctx, s).iter() {
                out.push(*h);
            }
        });
        out
    })
}

