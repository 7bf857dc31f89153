//! Random operators on Strudel's generator: rand, irand, brand, perlin, degradeBy,
//! undegradeBy, sometimesBy (and its family), someCyclesBy, choose, chooseCycles (randcat),
//! the mini `?` and `|`. Ports of Strudel 1.2.6 `signal.mjs`.

use super::structure::segment;
use super::{bind_args, patternify, placeholder, PatFn};
use crate::pattern::controls::NumOp;
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::{Hap, Haps};
use crate::pattern::pattern::{pure, signal, stack, Pattern};
use crate::pattern::rand::time_to_rand;
use crate::pattern::time::{sam, to_f64, Span, Time};
use crate::pattern::transform::app_left_pure;
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

/// An inner join over `arg` with no shortcut for plain values (Strudel's
/// `reify(arg).fmap(f).innerJoin()`, used by functions that are not `register`ed).
fn inner_join(
    arg: &Pattern,
    op: impl for<'a> Fn(Value<'a>, &Ctx<'a>, Span) -> Haps<'a> + Send + Sync + 'static,
) -> Pattern {
    let arg = arg.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in arg.query(ctx, span).iter() {
            out.extend(op(a.value, ctx, a.part));
        }
        out
    })
}

/// `irand 8`: random integers in `[0, n)` (Strudel's `irand`: `trunc(rand * n)`, `n`
/// patternable).
pub fn irand(n: &Pattern) -> Pattern {
    inner_join(n, |v, ctx, span| {
        let mut out = ctx.haps();
        if let Some(n) = v.as_num() {
            out.push(Hap::new(
                None,
                span,
                Value::Num((time_to_rand(to_f64(span.begin)) * n).trunc()),
            ));
        }
        out
    })
}

/// `brandBy 0.3`: a continuous random boolean, true (1) with probability `p` (Strudel's
/// `brandBy`; `brand` is `brandBy 0.5`).
pub fn brand_by(p: &Pattern) -> Pattern {
    inner_join(p, |v, ctx, span| {
        let mut out = ctx.haps();
        if let Some(p) = v.as_num() {
            let r = time_to_rand(to_f64(span.begin));
            out.push(Hap::new(None, span, Value::Num((r < p) as i64 as f64)));
        }
        out
    })
}

/// `perlin`: smooth random noise in `[0, 1)` (Strudel's `perlin`).
pub fn perlin() -> Pattern {
    signal(|x| {
        let t = to_f64(x);
        let ta = t.floor();
        let tb = ta + 1.0;
        let smoother = |x: f64| 6.0 * x.powi(5) - 15.0 * x.powi(4) + 10.0 * x.powi(3);
        let (ra, rb) = (time_to_rand(ta), time_to_rand(tb));
        Value::Num(ra + smoother(t - ta) * (rb - ra))
    })
}

/// `berlin`: Strudel's "berlin noise", perlin's sawtooth cousin (signal.mjs `_berlin`): in
/// each cycle a ridge rises linearly from the cycle's random value `r(t)` by the next
/// cycle's `r(t + 1)`, halved, so in `[0, 1)`.
pub fn berlin() -> Pattern {
    signal(|x| {
        let t = to_f64(x);
        let a = t.floor();
        let (bottom, height) = (time_to_rand(a), time_to_rand(a + 1.0));
        Value::Num((bottom + (t - a) * height) / 2.0)
    })
}

/// `rand2`: [`rand`] made bipolar, `rand * 2 - 1` in `[-1, 1)` (Strudel's `rand.toBipolar()`).
pub fn rand2() -> Pattern {
    signal(|x| Value::Num(time_to_rand(to_f64(x)) * 2.0 - 1.0))
}

/// Keeps events whose random value (at the event's whole start, shifted by `offset`) is above
/// `amount` (Strudel's `_degradeByWith(rand.early(offset), amount)`; `invert` uses `1 - r`).
pub fn degrade_with(pat: &Pattern, amount: f64, offset: Time, invert: bool) -> Pattern {
    let p = pat.clone();
    Pattern::new(move |ctx, span| degrade_q(&p, amount, offset, invert, ctx, span))
        .with_steps(pat.steps)
}

fn degrade_q<'a>(
    p: &Pattern,
    amount: f64,
    offset: Time,
    invert: bool,
    ctx: &Ctx<'a>,
    span: Span,
) -> Haps<'a> {
    let mut haps = p.query(ctx, span);
    haps.retain(|h: &Hap| {
        let r = rand_at(h.whole_or_part().begin, offset);
        let r = if invert { 1.0 - r } else { r };
        r > amount
    });
    haps
}

/// `degradeBy 0.3 $ s "hh*8"`: drops each event with probability `amount` (keeps it when
/// `rand > amount`).
pub fn degrade_by(amount: &Pattern, pat: &Pattern) -> Pattern {
    patternify(amount, pat, |pat, v, ctx, span| match v.as_num() {
        Some(x) => degrade_q(pat, x, Time::from_integer(0), false, ctx, span),
        None => ctx.haps(),
    })
    .with_steps(pat.steps)
}

/// `unDegradeBy 0.3 $ s "hh*8"`: keeps the events with `1 - rand > amount` (Strudel's
/// `undegradeBy`: the complement of `degradeBy (1 - amount)`).
pub fn undegrade_by(amount: &Pattern, pat: &Pattern) -> Pattern {
    patternify(amount, pat, |pat, v, ctx, span| match v.as_num() {
        Some(x) => degrade_q(pat, x, Time::from_integer(0), true, ctx, span),
        None => ctx.haps(),
    })
    .with_steps(pat.steps)
}

/// `sometimesBy 0.3 (# speed 2) $ s "hh*8"`: applies `f` to the events chosen with
/// probability `x` (Strudel's `sometimesBy`:
/// `stack(pat._degradeBy(x), f(pat._undegradeBy(1 - x)))`, `x` patternable).
pub fn sometimes_by<E>(x: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    bind_args(&[x.clone(), placeholder()], |a| {
        let chosen = patternify(&a[0], pat, |pat, v, ctx, span| match v.as_num() {
            Some(x) => degrade_q(pat, 1.0 - x, Time::from_integer(0), true, ctx, span),
            None => ctx.haps(),
        });
        Ok(stack(vec![degrade_by(&a[0], pat), f(chosen)?]))
    })
}

/// Strudel's `_degradeByWith(with, x)` for a compiled `with` pattern: keeps each event where
/// `with`, queried over its whole, is above the threshold (an `appLeft`, so events are cut
/// where `with` changes).
fn degrade_by_with_q<'a>(
    pat: &Pattern,
    with: &Pattern,
    x: f64,
    ctx: &Ctx<'a>,
    span: Span,
) -> Haps<'a> {
    let mut out = ctx.haps();
    for h in pat.query(ctx, span).iter() {
        for w in with.query(ctx, h.whole_or_part()).iter() {
            if !w.value.as_num().is_some_and(|r| r > x) {
                continue;
            }
            if let Some(part) = h.part.intersection(&w.part) {
                out.push(h.derive(h.whole, part, h.value));
            }
        }
    }
    out
}

/// `someCyclesBy 0.3 (# speed 2) $ s "bd*8"`: applies `f` to whole cycles chosen with
/// probability `x` (Strudel's `someCyclesBy`, the random value taken at each cycle's start).
pub fn some_cycles_by<E>(x: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    let one = pure(Value::Num(1.0));
    let per_cycle = segment(&one, &rand());
    let inv_per_cycle = segment(
        &one,
        &rand().fmap(|_, v| match v.as_num() {
            Some(r) => Value::Num(1.0 - r),
            None => v,
        }),
    );
    bind_args(&[x.clone(), placeholder()], |a| {
        let kept = patternify(&a[0], pat, move |pat, v, ctx, span| match v.as_num() {
            Some(x) => degrade_by_with_q(pat, &per_cycle, x, ctx, span),
            None => ctx.haps(),
        });
        let chosen = patternify(&a[0], pat, move |pat, v, ctx, span| match v.as_num() {
            Some(x) => degrade_by_with_q(pat, &inv_per_cycle, 1.0 - x, ctx, span),
            None => ctx.haps(),
        });
        Ok(stack(vec![kept, f(chosen)?]))
    })
}

/// `choose [0, 2, 7]`: a continuous pattern picking from the values (or patterns) at random
/// (Strudel's `choose` = `chooseWith(rand, xs)`, an outer join).
pub fn choose(xs: Vec<Pattern>) -> Pattern {
    let r = rand();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        let n = xs.len();
        if n == 0 {
            return out;
        }
        // `rand.range(0, n)`
        let haps = r.query(ctx, span);
        let haps = app_left_pure(ctx, haps, Value::Num(n as f64), |a, b| {
            NumOp::Mul.apply(ctx, a, b)
        });
        let haps = app_left_pure(ctx, haps, Value::Num(0.0), |a, b| {
            NumOp::Add.apply(ctx, a, b)
        });
        for h in haps.iter() {
            let Some(i) = h.value.as_num() else { continue };
            let key = (i.floor().max(0.0) as usize).min(n - 1);
            for y in xs[key].query(ctx, h.part).iter() {
                out.push(ctx.combine(h, y, h.whole, y.part, y.value));
            }
        }
        out
    })
}

/// `randcat [s "a", s "b c"]`: one of the patterns, chosen at random each cycle (Strudel's
/// `chooseCycles`, without the mini `|` seed offset; Tidal's `randcat` differs).
pub fn choose_cycles_by_rand(pats: Vec<Pattern>) -> Pattern {
    choose_cycles(pats, Time::from_integer(0))
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
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            let r = rand_at(c, offset);
            let i = ((r * n as f64).floor() as i64).clamp(0, n as i64 - 1) as usize;
            // innerJoin over the segment's event: the chosen pattern queried over this part.
            out.extend(pats[i].query(ctx, s));
        });
        out
    })
}
