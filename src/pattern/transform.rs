//! Query-time bodies of the time transforms (Strudel's `_fast`, `_early`, `zoom`, `_fastGap`,
//! `_compress`, `_focusSpan` and `squeezeJoin`), written over any query function so that
//! operators can compose them on the audio thread without building patterns.
//!
//! Each `*_with` function takes the query span and `q`, the query of the pattern being
//! transformed (in that pattern's own time), and returns the transformed events.

use super::ctx::Ctx;
use super::hap::{Hap, Haps};
use super::time::{sam, t, tadd, tdiv, tlt, tmin, tmul, tneg, tsub, Span, Time};
use super::value::Value;

/// Strudel's `_fast`: the pattern sped up by `factor` (zero gives silence).
pub fn fast_with<'a>(
    ctx: &Ctx<'a>,
    factor: Time,
    span: Span,
    q: impl FnOnce(Span) -> Haps<'a>,
) -> Haps<'a> {
    if *factor.numer() == 0 {
        return ctx.haps();
    }
    let mut haps = q(span.with_time(|x| tmul(x, factor)));
    for h in haps.as_mut_slice() {
        *h = h.with_span(|s| s.with_time(|x| tdiv(x, factor)));
    }
    haps
}

/// Strudel's `_early`: the pattern shifted earlier by `offset` cycles.
pub fn early_with<'a>(span: Span, offset: Time, q: impl FnOnce(Span) -> Haps<'a>) -> Haps<'a> {
    let mut haps = q(span.with_time(|x| tadd(x, offset)));
    for h in haps.as_mut_slice() {
        *h = h.with_span(|s| s.with_time(|x| tsub(x, offset)));
    }
    haps
}

/// Strudel's `zoom`: plays `[s, e)` of each cycle over the whole cycle (`s >= e` is silence).
/// Event spans are mapped relative to their own cycle, as Strudel's `withCycle`.
pub fn zoom_with<'a>(
    ctx: &Ctx<'a>,
    s: Time,
    e: Time,
    span: Span,
    q: impl Fn(Span) -> Haps<'a>,
) -> Haps<'a> {
    let mut out = ctx.haps();
    if !tlt(s, e) {
        return out;
    }
    let d = tsub(e, s);
    span.for_each_cycle(ctx, |piece| {
        let mut haps = q(piece.with_cycle(|x| tadd(tmul(x, d), s)));
        for h in haps.as_mut_slice() {
            *h = h.with_span(|sp| sp.with_cycle(|x| tdiv(tsub(x, s), d)));
        }
        out.extend(haps);
    });
    out
}

/// Strudel's `_fastGap`: each cycle sped up by `factor` and squeezed to its start, leaving a gap.
pub fn fast_gap_with<'a>(
    ctx: &Ctx<'a>,
    factor: Time,
    span: Span,
    q: impl Fn(Span) -> Haps<'a>,
) -> Haps<'a> {
    let mut out = ctx.haps();
    if *factor.numer() <= 0 {
        return out;
    }
    span.for_each_cycle(ctx, |piece| {
        let cycle = sam(piece.begin);
        let bpos = tmin(tmul(tsub(piece.begin, cycle), factor), t(1));
        let epos = tmin(tmul(tsub(piece.end, cycle), factor), t(1));
        if !tlt(bpos, t(1)) {
            return;
        }
        for h in q(Span::new(tadd(cycle, bpos), tadd(cycle, epos))).iter() {
            let (begin, end) = (h.part.begin, h.part.end);
            let cyc = sam(begin);
            let bp = tmin(tdiv(tsub(begin, cyc), factor), t(1));
            let ep = tmin(tdiv(tsub(end, cyc), factor), t(1));
            let part = Span::new(tadd(cyc, bp), tadd(cyc, ep));
            let whole = h.whole.map(|w| {
                Span::new(
                    tsub(part.begin, tdiv(tsub(begin, w.begin), factor)),
                    tadd(part.end, tdiv(tsub(w.end, end), factor)),
                )
            });
            out.push(h.derive(whole, part, h.value));
        }
    });
    out
}

/// Strudel's `_compress`: each cycle squeezed into `[b, e)` of the cycle, silent elsewhere.
pub fn compress_with<'a>(
    ctx: &Ctx<'a>,
    b: Time,
    e: Time,
    span: Span,
    q: impl Fn(Span) -> Haps<'a>,
) -> Haps<'a> {
    if !tlt(b, e) || tlt(t(1), e) || tlt(b, t(0)) {
        return ctx.haps();
    }
    let factor = tdiv(t(1), tsub(e, b));
    early_with(span, tneg(b), |s| fast_gap_with(ctx, factor, s, q))
}

/// One step of Strudel's `squeezeJoin`: the inner pattern (`q`, in its own time) focused so
/// that its cycle `sam(whole.begin)` fills the outer event's whole (`_focusSpan`), queried over
/// the outer part; wholes and parts are intersected with the outer event's, and `value` maps
/// (or drops) each inner value. Continuous outer events are skipped (`discreteOnly`).
pub fn squeeze_with<'a>(
    outer: &Hap<'a>,
    out: &mut Haps<'a>,
    q: impl FnOnce(Span) -> Haps<'a>,
    mut value: impl FnMut(Value<'a>) -> Option<Value<'a>>,
) {
    let Some(w) = outer.whole else { return };
    let (b, d, c) = (w.begin, tsub(w.end, w.begin), sam(w.begin));
    if *d.numer() == 0 {
        return;
    }
    let to_inner = |x: Time| tadd(tdiv(tsub(x, b), d), c);
    let to_outer = |x: Time| tadd(tmul(tsub(x, c), d), b);
    for h in q(outer.part.with_time(to_inner)).iter() {
        let inner_whole = h.whole.map(|s| s.with_time(to_outer));
        let whole = match inner_whole {
            Some(iw) => match iw.intersection(&w) {
                Some(x) => Some(x),
                None => continue,
            },
            None => None,
        };
        let Some(part) = h.part.with_time(to_outer).intersection(&outer.part) else {
            continue;
        };
        if let Some(v) = value(h.value) {
            let locs = out.join_locs(outer.locs, h.locs);
            out.push(Hap::new(whole, part, v).with_locs(locs));
        }
    }
}

/// The events of `pure(value)` (one per cycle).
pub fn pure_haps<'a>(ctx: &Ctx<'a>, value: Value<'a>, span: Span) -> Haps<'a> {
    let mut out = ctx.haps();
    span.for_each_cycle(ctx, |s| {
        let c = sam(s.begin);
        out.push(Hap::new(Some(Span::new(c, tadd(c, t(1)))), s, value));
    });
    out
}

/// The events of `fastcat` of `n` plain values (Strudel's `sequence(v0, v1, ...)`), where
/// `value(k)` gives the value of step `k` (counted from step 0 of cycle 0; `None` is a rest).
pub fn steps_haps<'a>(
    ctx: &Ctx<'a>,
    n: i64,
    span: Span,
    mut value: impl FnMut(i64) -> Option<Value<'a>>,
) -> Haps<'a> {
    if n <= 0 {
        return ctx.haps();
    }
    fast_with(ctx, t(n), span, |s| {
        let mut out = ctx.haps();
        s.for_each_cycle(ctx, |piece| {
            let c = sam(piece.begin);
            if let Some(v) = value(c.to_integer()) {
                out.push(Hap::new(Some(Span::new(c, tadd(c, t(1)))), piece, v));
            }
        });
        out
    })
}

/// `appLeft` against `pure(value)` (how Strudel combines a pattern with a plain argument, as in
/// `pat.mul(2)` or `pat.gain(0.5)`): each event keeps its whole, its part is split where the
/// whole crosses a cycle boundary, and its value becomes `f(value, arg)` (`None` drops it).
pub fn app_left_pure<'a>(
    ctx: &Ctx<'a>,
    haps: Haps<'a>,
    arg: Value<'a>,
    f: impl Fn(Value<'a>, Value<'a>) -> Option<Value<'a>>,
) -> Haps<'a> {
    let mut out = ctx.haps();
    for x in haps.iter() {
        // pure's events over the whole: one per cycle, with the cycle piece as part.
        x.whole_or_part().for_each_cycle(ctx, |y_part| {
            if let Some(part) = x.part.intersection(&y_part) {
                if let Some(v) = f(x.value, arg) {
                    out.push(x.derive(x.whole, part, v));
                }
            }
        });
    }
    out
}
