//! Time operators: fast, slow, hurry, early, late, rev, iter, ply, repeatCycles, zoom,
//! compress, fastGap, linger, inside, outside, swingBy, press. Ports of Strudel 1.2.6
//! `pattern.mjs`; each body is a query-time function of plain argument values.

use super::{bind_args, patternify, patternify2, placeholder, value_time, PatFn};
use crate::pattern::controls::NumOp;
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::Haps;
use crate::pattern::pattern::{fastcat, pure, Pattern};
use crate::pattern::time::{sam, t, tadd, tdiv, tneg, tsub, Span, Time};
use crate::pattern::transform::{
    app_left_pure, compress_with, early_with, fast_gap_with, fast_with, pure_haps, squeeze_with,
    zoom_with,
};
use crate::pattern::value::{Sym, Value};

/// `fast 2 $ s "bd sn"`: speeds the pattern up by a (patterned) factor; 0 gives silence
/// (Strudel's `fast`).
pub fn fast(factor: &Pattern, pat: &Pattern) -> Pattern {
    patternify(factor, pat, fast_q).with_steps(pat.steps)
}

/// The body of `fast` for one factor.
pub fn fast_q<'a>(pat: &Pattern, v: Value<'a>, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    match value_time(v) {
        Some(f) => fast_with(ctx, f, span, |s| pat.query(ctx, s)),
        None => ctx.haps(),
    }
}

/// `slow 2 $ s "bd sn"`: slows the pattern down by a (patterned) factor; 0 gives silence
/// (Strudel's `slow`: `_fast(1 / factor)`, exact).
pub fn slow(factor: &Pattern, pat: &Pattern) -> Pattern {
    patternify(factor, pat, slow_q)
}

fn slow_q<'a>(pat: &Pattern, v: Value<'a>, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    match value_time(v) {
        Some(f) if f != t(0) => fast_with(ctx, tdiv(t(1), f), span, |s| pat.query(ctx, s)),
        _ => ctx.haps(),
    }
}

/// `hurry 2 $ s "bd sn"`: `fast`, with each event's `speed` multiplied by the same factor
/// (Strudel's `hurry`: `pat._fast(r).mul(pure({speed: r}))`).
pub fn hurry(r: &Pattern, pat: &Pattern) -> Pattern {
    patternify(r, pat, |pat, v, ctx, span| {
        let haps = fast_q(pat, v, ctx, span);
        let Some(speed) = ctx.alloc_slice(&[(Sym::SPEED, v)]) else {
            return ctx.haps();
        };
        app_left_pure(ctx, haps, Value::Map(speed), |a, b| {
            NumOp::Mul.apply(ctx, a, b)
        })
    })
}

/// `0.25 <~ s "bd sn"`: shifts the pattern earlier by a (patterned) number of cycles.
pub fn early(offset: &Pattern, pat: &Pattern) -> Pattern {
    patternify(offset, pat, early_q)
}

fn early_q<'a>(pat: &Pattern, v: Value<'a>, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    match value_time(v) {
        Some(o) => early_with(span, o, |s| pat.query(ctx, s)),
        None => ctx.haps(),
    }
}

/// `0.25 ~> s "bd sn"`: shifts the pattern later by a (patterned) number of cycles.
pub fn late(offset: &Pattern, pat: &Pattern) -> Pattern {
    patternify(offset, pat, |pat, v, ctx, span| match value_time(v) {
        Some(o) => early_with(span, -o, |s| pat.query(ctx, s)),
        None => ctx.haps(),
    })
}

/// `rev $ s "bd sn hh"`: reverses each cycle (Strudel's `rev`).
pub fn rev(pat: &Pattern) -> Pattern {
    let p = pat.clone();
    Pattern::new(move |ctx, span| rev_q(&p, ctx, span)).with_steps(pat.steps)
}

/// The body of `rev`: each cycle reflected.
pub fn rev_q<'a>(p: &Pattern, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    rev_with(ctx, span, |s| p.query(ctx, s))
}

/// `rev` over any query function: each cycle of `span` reflected.
pub fn rev_with<'a>(ctx: &Ctx<'a>, span: Span, q: impl Fn(Span) -> Haps<'a>) -> Haps<'a> {
    let mut out = ctx.haps();
    span.for_each_cycle(ctx, |s| {
        let cycle = sam(s.begin);
        let next = tadd(cycle, t(1));
        let reflect = |x: Span| {
            Span::new(
                tadd(cycle, tsub(next, x.end)),
                tadd(cycle, tsub(next, x.begin)),
            )
        };
        let mut haps = q(reflect(s));
        for h in haps.as_mut_slice() {
            *h = h.with_span(reflect);
        }
        out.extend(haps);
    });
    out
}

/// `repeatCycles 2 $ s "<a b c>"`: plays each cycle `n` times.
pub fn repeat_cycles(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let Some(n) = value_time(v) else {
            return ctx.haps();
        };
        if n == t(0) {
            return ctx.haps();
        }
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let cycle = sam(s.begin);
            let delta = tsub(cycle, sam(tdiv(cycle, n)));
            for h in pat.query(ctx, s.with_time(|x| tsub(x, delta))).iter() {
                out.push(h.with_span(|sp| sp.with_time(|x| tadd(x, delta))));
            }
        });
        out
    })
    .with_steps(pat.steps)
}

/// `iter 4 $ s "a b c d"`: each cycle starts one `1/n` later in the pattern than the last
/// (Strudel's `iter`; `back` is `iterBack`, Tidal's `iter'`). Strudel builds it with
/// `slowcat`, so cycle `c` plays the pattern's cycle `floor(c / n)`, shifted.
pub fn iter(n: &Pattern, pat: &Pattern, back: bool) -> Pattern {
    patternify(n, pat, move |pat, v, ctx, span| {
        iter_q(pat, v, back, ctx, span)
    })
    .with_steps(pat.steps)
}

fn iter_q<'a>(pat: &Pattern, v: Value<'a>, back: bool, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    let Some(n) = value_time(v) else {
        return ctx.haps();
    };
    // `listRange(0, n - 1)`: floor(n) patterns.
    let count = sam(n).to_integer();
    let mut out = ctx.haps();
    if count <= 0 {
        return out;
    }
    span.for_each_cycle(ctx, |s| {
        let c = sam(s.begin);
        let i = c.to_integer().rem_euclid(count);
        let offset = tsub(c, sam(tdiv(c, t(count))));
        let shift = if back {
            tneg(tdiv(t(i), n))
        } else {
            tdiv(t(i), n)
        };
        let mut haps = early_with(s.with_time(|x| tsub(x, offset)), shift, |q| {
            pat.query(ctx, q)
        });
        for h in haps.as_mut_slice() {
            *h = h.with_span(|sp| sp.with_time(|x| tadd(x, offset)));
        }
        out.extend(haps);
    });
    out
}

/// `ply 2 $ s "bd sn"`: repeats each event `n` times within its timespan (Strudel's `ply`:
/// `pat.fmap(x => pure(x)._fast(n)).squeezeJoin()`).
pub fn ply(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let Some(f) = value_time(v) else {
            return ctx.haps();
        };
        let mut out = ctx.haps();
        for h in pat.query(ctx, span).iter() {
            squeeze_with(
                h,
                &mut out,
                |s| fast_with(ctx, f, s, |q| pure_haps(ctx, h.value, q)),
                Some,
            );
        }
        out
    })
}

/// `zoom (0.25, 0.75) $ s "a b c d"`: plays a portion of each cycle over the whole cycle.
pub fn zoom(s: &Pattern, e: &Pattern, pat: &Pattern) -> Pattern {
    patternify2(s, e, pat, |pat, s, e, ctx, span| {
        match (value_time(s), value_time(e)) {
            (Some(s), Some(e)) => zoom_with(ctx, s, e, span, |q| pat.query(ctx, q)),
            _ => ctx.haps(),
        }
    })
}

/// `compress (0.25, 0.75) $ s "a b"`: squeezes each cycle into a part of the cycle.
pub fn compress(b: &Pattern, e: &Pattern, pat: &Pattern) -> Pattern {
    patternify2(b, e, pat, |pat, b, e, ctx, span| {
        match (value_time(b), value_time(e)) {
            (Some(b), Some(e)) => compress_with(ctx, b, e, span, |q| pat.query(ctx, q)),
            _ => ctx.haps(),
        }
    })
}

/// `fastGap 2 $ s "a b"`: speeds each cycle up, leaving a gap (Strudel's `fastGap`).
pub fn fast_gap(factor: &Pattern, pat: &Pattern) -> Pattern {
    patternify(factor, pat, |pat, v, ctx, span| match value_time(v) {
        Some(f) => fast_gap_with(ctx, f, span, |q| pat.query(ctx, q)),
        None => ctx.haps(),
    })
}

/// `linger 0.25 $ s "a b c d"`: repeats the first fraction of each cycle to fill it
/// (Strudel's `linger`: `_zoom(0, t)._slow(t)`). A negative fraction repeats the end reversed,
/// as Tidal (UI.hs: `_fast (1/n) $ zoomArc (Arc (1 + n) 1) p`, and `_fast` of a negative rate
/// is `rev $ _fast (negate rate)`); Strudel fails there.
pub fn linger(frac: &Pattern, pat: &Pattern) -> Pattern {
    patternify(frac, pat, |pat, v, ctx, span| {
        let Some(x) = value_time(v) else {
            return ctx.haps();
        };
        if x == t(0) {
            return ctx.haps();
        }
        let (s, e, len) = if x < t(0) {
            (tadd(t(1), x), t(1), tneg(x))
        } else {
            (t(0), x, x)
        };
        let lingered = |q: Span| {
            fast_with(ctx, tdiv(t(1), len), q, |q1| {
                zoom_with(ctx, s, e, q1, |q2| pat.query(ctx, q2))
            })
        };
        if x < t(0) {
            rev_with(ctx, span, lingered)
        } else {
            lingered(span)
        }
    })
    .with_steps(pat.steps)
}

/// `pressBy 0.25 $ s "a [b c]"`: shifts each event later by a fraction of its own length,
/// keeping its end (Strudel's `pressBy`: `pure(x).compress(r, 1)` squeezed into each event).
pub fn press_by(r: &Pattern, pat: &Pattern) -> Pattern {
    patternify(r, pat, |pat, v, ctx, span| {
        let Some(r) = value_time(v) else {
            return ctx.haps();
        };
        let mut out = ctx.haps();
        for h in pat.query(ctx, span).iter() {
            squeeze_with(
                h,
                &mut out,
                |s| compress_with(ctx, r, t(1), s, |q| pure_haps(ctx, h.value, q)),
                Some,
            );
        }
        out
    })
}

/// `inside 2 rev $ n "0 1 2 3 4 5 6 7"`: applies a function inside a cycle of length `1/n`
/// (Strudel's `inside`: `f(pat._slow(n))._fast(n)`).
pub fn inside<E>(n: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    bind_args(&[n.clone(), placeholder()], |a| {
        Ok(fast(&a[0], &f(slow(&a[0], pat))?))
    })
}

/// `outside 2 rev $ s "<a b>"`: applies a function over `n` cycles at once (Strudel's
/// `outside`: `f(pat._fast(n))._slow(n)`).
pub fn outside<E>(n: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    bind_args(&[n.clone(), placeholder()], |a| {
        Ok(slow(&a[0], &f(fast(&a[0], pat))?))
    })
}

/// `swingBy (1/3) 4 $ s "hh*8"`: delays the second half of each of `n` slices by `x` of a
/// half-slice (Strudel's `swingBy`: `pat.inside(n, late(seq(0, x / 2)))`).
pub fn swing_by(x: &Pattern, n: &Pattern, pat: &Pattern) -> Pattern {
    let r: Result<Pattern, ()> = bind_args(&[x.clone(), n.clone()], |a| {
        let half = a[0].fmap(|_, v| match v.as_num() {
            Some(x) => Value::Num(x / 2.0),
            None => v,
        });
        let offsets = fastcat(vec![pure(Value::Num(0.0)), half]);
        inside(&a[1], &|p: Pattern| Ok(late(&offsets, &p)), pat)
    });
    r.unwrap_or_else(|_| crate::pattern::pattern::silence())
}

/// A time from a plain value, for callers outside this module.
pub fn time_of(v: Value) -> Option<Time> {
    value_time(v)
}
