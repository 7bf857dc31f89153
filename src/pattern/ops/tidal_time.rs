//! Tidal's time and structure functions that Strudel lacks (or has under the same name, then
//! with Strudel's semantics, said so): within, within', whenT/ifp (a test per cycle piece),
//! trunc, rot, wedge, stutter, seqP, seqPLoop, rolledBy. Each cites its source: Tidal 1.9's
//! `Sound.Tidal.UI`/`Core` or Strudel 1.2's `pattern.mjs`.

use super::structure::truthy;
use super::{patternify, patternify2, value_int, value_time};
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::{Hap, Haps};
use crate::pattern::pattern::{stack, Pattern};
use crate::pattern::time::{
    cycle_pos, next_sam, sam, t, tadd, tdiv, tlt, tmul, tneg, tsub, Span, Time,
};
use crate::pattern::transform::{compress_with, early_with, fast_gap_with, zoom_with};

/// Keeps the events whose whole starts at a cycle position for which `keep` is true (Tidal's
/// and Strudel's `filterWhen (test . cyclePos)`; a continuous event tests its part).
fn filter_when(pat: &Pattern, keep: impl Fn(Time) -> bool + Send + Sync + 'static) -> Pattern {
    pat.filter_haps(move |h| keep(cycle_pos(h.whole_or_part().begin)))
}

/// `within (0, 0.5) (fast 2)`, Strudel's `within(a, b, fn, pat)` (pattern.mjs): `fn` applied to
/// the events starting in `[a, b]` of their cycle (both ends included), stacked on the others.
/// Tidal's `within` applies `f` to the whole pattern and keeps its events in `[s, e)`.
pub fn within<E>(
    a: Time,
    b: Time,
    f: &dyn Fn(Pattern) -> Result<Pattern, E>,
    pat: &Pattern,
) -> Result<Pattern, E> {
    let inside = f(filter_when(pat, move |c| c >= a && c <= b))?;
    Ok(stack(vec![
        inside,
        filter_when(pat, move |c| c < a || c > b),
    ]))
}

/// `within' (0, 0.5) (fast 2)`, Tidal's `within'` (UI.hs): the part `[s, e)` of each cycle zoomed
/// to a whole cycle, transformed, squeezed back; the rest untouched
/// (`stack [filterWhen in $ compress a $ f $ zoom a p, filterWhen (not . in) p]`).
pub fn within_prime<E>(
    s: Time,
    e: Time,
    f: &dyn Fn(Pattern) -> Result<Pattern, E>,
    pat: &Pattern,
) -> Result<Pattern, E> {
    let p = pat.clone();
    let zoomed = Pattern::new(move |ctx, span| zoom_with(ctx, s, e, span, |q| p.query(ctx, q)));
    let fz = f(zoomed)?;
    let squeezed =
        Pattern::new(move |ctx, span| compress_with(ctx, s, e, span, |q| fz.query(ctx, q)));
    Ok(stack(vec![
        filter_when(&squeezed, move |c| c >= s && c < e),
        filter_when(pat, move |c| !(c >= s && c < e)),
    ]))
}

/// Tidal's `whenT test f p` and `ifp test f g p` (Core.hs, UI.hs): the query is split at cycle
/// boundaries and each piece plays `yes` where `test`, sampled at the piece's start, is true,
/// else `no`. `test` is a pattern of the test's results (the test applied to the pattern of
/// times or of cycle numbers).
pub fn when_test(test: &Pattern, yes: &Pattern, no: &Pattern) -> Pattern {
    let (test, yes, no) = (test.clone(), yes.clone(), no.clone());
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let at = Span::new(s.begin, s.begin);
            let on = test.query(ctx, at).iter().any(|h| truthy(h.value));
            out.extend(if on {
                yes.query(ctx, s)
            } else {
                no.query(ctx, s)
            });
        });
        out
    })
}

/// Tidal's `whenT test f p` (Core.hs) made independent of how time is queried: Tidal tests the
/// start of each query piece, so its result depends on the query's span (its scheduler's short
/// queries make that close to each event's onset); Phonon tests each event's onset: the events
/// of `yes` whose onset passes, with those of `no` whose onset fails. `test` is a pattern of
/// the test's results (the test applied to the pattern of times).
pub fn when_onset(test: &Pattern, yes: &Pattern, no: &Pattern) -> Pattern {
    let pass = |test: &Pattern, p: &Pattern, want: bool| {
        let (test, p) = (test.clone(), p.clone());
        Pattern::new(move |ctx, span| {
            let mut haps = p.query(ctx, span);
            haps.retain(|h| {
                let at = h.whole_or_part().begin;
                let on = test
                    .query(ctx, Span::new(at, at))
                    .iter()
                    .any(|x| truthy(x.value));
                on == want
            });
            haps
        })
    };
    stack(vec![pass(test, yes, true), pass(test, no, false)])
}

/// The cycle number as a pattern, one event per cycle (what `ifp`'s test is applied to).
pub fn cycle_numbers() -> Pattern {
    Pattern::new(|ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            let whole = Span::new(c, tadd(c, t(1)));
            out.push(Hap::new(
                Some(whole),
                s,
                crate::pattern::value::Value::Num(c.to_integer() as f64),
            ));
        });
        out
    })
}

/// The query's start time as a continuous pattern (what `whenT`'s test is applied to).
pub fn now() -> Pattern {
    crate::pattern::pattern::signal(|x| {
        crate::pattern::value::Value::Num(crate::pattern::time::to_f64(x))
    })
}

/// `trunc 0.75`, Tidal's `trunc` (UI.hs: `_trunc t = compress (0, t) . zoomArc (Arc 0 t)`, `t`
/// patterned): plays only the first fraction `t` of each cycle, silent for the rest.
pub fn trunc(frac: &Pattern, pat: &Pattern) -> Pattern {
    patternify(frac, pat, |pat, v, ctx, span| match value_time(v) {
        Some(x) => compress_with(ctx, t(0), x, span, |q| {
            zoom_with(ctx, t(0), x, q, |q2| pat.query(ctx, q2))
        }),
        None => ctx.haps(),
    })
}

/// `rot 1`, Tidal's `rot` (UI.hs `_rot`, `i` patterned): each cycle's events keep their times
/// and take the value of the event `i` places later (earlier for negative `i`), wrapping round.
/// Tidal orders the events with `sort` (by their source position in the mini-notation first);
/// Phonon orders them by time (whole, then part).
pub fn rot(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let mut out = ctx.haps();
        let Some(i) = value_int(v) else { return out };
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            let mut haps = pat.query(ctx, Span::new(c, next_sam(c)));
            let hs = haps.as_mut_slice();
            hs.sort_unstable_by(|a, b| {
                let (wa, wb) = (a.whole_or_part(), b.whole_or_part());
                (wa.begin, wa.end, a.part.begin, a.part.end).cmp(&(
                    wb.begin,
                    wb.end,
                    b.part.begin,
                    b.part.end,
                ))
            });
            let n = hs.len() as i64;
            for (k, h) in hs.iter().enumerate() {
                let from = (k as i64 + i).rem_euclid(n.max(1)) as usize;
                if let Some(part) = sub_arc(h.part, s) {
                    out.push(hs[from].derive(h.whole, part, hs[from].value));
                }
            }
        });
        out
    })
}

/// `wedge (1/4) p q`, Tidal's `wedge` (UI.hs `_wedge`, `t` patterned): `p` squeezed into the
/// first `t` of each cycle, `q` into the rest (`t` 0: only `q`; 1: only `p`).
pub fn wedge(frac: &Pattern, a: &Pattern, b: &Pattern) -> Pattern {
    let b = b.clone();
    patternify(frac, a, move |a, v, ctx, span| {
        let Some(x) = value_time(v) else {
            return ctx.haps();
        };
        if x == t(0) {
            return b.query(ctx, span);
        }
        if x == t(1) {
            return a.query(ctx, span);
        }
        let mut out = fast_gap_with(ctx, tdiv(t(1), x), span, |q| a.query(ctx, q));
        if tlt(x, t(1)) && tlt(t(0), x) {
            out.extend(early_with(span, tneg(x), |q| {
                fast_gap_with(ctx, tdiv(t(1), tsub(t(1), x)), q, |q2| b.query(ctx, q2))
            }));
        }
        out
    })
}

/// `stutter 4 (1/16)`, Tidal's `stutter` (UI.hs: `stack $ map (\i -> (t * i) `rotR` p)
/// [0 .. n-1]`; both arguments patterned here): `n` copies, each `t` later than the last.
pub fn stutter(n: &Pattern, time: &Pattern, pat: &Pattern) -> Pattern {
    patternify2(n, time, pat, |pat, n, time, ctx, span| {
        let mut out = ctx.haps();
        let (Some(n), Some(step)) = (value_int(n), value_time(time)) else {
            return out;
        };
        for i in 0..n.max(0) {
            if !ctx.spend() {
                break;
            }
            out.extend(early_with(span, tneg(tmul(step, t(i))), |q| {
                pat.query(ctx, q)
            }));
        }
        out
    })
}

/// `seqP [(0, 8, p), (4, 8, q)]`, Tidal's `seqP` (UI.hs: `stack $ map (\(s, e, p) -> playFor s e
/// (sam s `rotR` p)) ps`): each pattern plays from cycle `s` to `e`, shifted to start from its
/// own cycle 0 at `sam s`.
pub fn seq_p(parts: Vec<(Time, Time, Pattern)>) -> Pattern {
    stack(
        parts
            .into_iter()
            .map(|(s, e, p)| {
                let shift = sam(s);
                Pattern::new(move |ctx, span| {
                    let Some(q) = sub_arc(Span::new(s, e), span) else {
                        return ctx.haps();
                    };
                    early_with(q, tneg(shift), |x| p.query(ctx, x))
                })
            })
            .collect(),
    )
}

/// `seqPLoop [(0, 2, p), (1, 3, q)]`, Strudel's `seqPLoop` (pattern.mjs): the parts laid out over
/// a loop as long as the last part's end, each `pure(p).compress(start/total, stop/total)`,
/// slowed by the total and inner-joined: a part plays its own cycles as they fall (not restarted,
/// unlike Tidal's, which shifts each part to start at its `s`).
pub fn seq_p_loop(parts: Vec<(Time, Time, Pattern)>) -> Pattern {
    let total = parts.last().map(|(_, e, _)| *e).unwrap_or(t(0));
    if total <= t(0) {
        return crate::pattern::pattern::silence();
    }
    // `compress` is silent outside `0 <= start < stop <= total`.
    let parts: Vec<(Time, Time, Pattern)> = parts
        .into_iter()
        .filter(|(s, e, _)| t(0) <= *s && s < e && *e <= total)
        .collect();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        let first = sam(tdiv(span.begin, total)).to_integer();
        let mut k = first;
        while tlt(tmul(t(k), total), span.end) || (k == first && span.begin == span.end) {
            if !ctx.spend() {
                break;
            }
            let base = tmul(t(k), total);
            for (s, e, p) in &parts {
                let w = Span::new(tadd(base, *s), tadd(base, *e));
                if let Some(q) = sub_arc(w, span) {
                    out.extend(p.query(ctx, q));
                }
            }
            k += 1;
        }
        out
    })
}

/// `rolledBy (1/4)`, Tidal's `rolledBy` (UI.hs `rolledWith`, the amount patterned with
/// `segment 1`): the events sharing a whole (a chord) start one after another over the first
/// `t` of their whole, keeping their end; negative `t` rolls from the last note down.
pub fn rolled_by(amount: &Pattern, pat: &Pattern) -> Pattern {
    let seg = super::structure::segment(
        &crate::pattern::pattern::pure(crate::pattern::value::Value::Num(1.0)),
        amount,
    );
    patternify(&seg, pat, |pat, v, ctx, span| {
        let Some(x) = value_time(v) else {
            return ctx.haps();
        };
        let mut haps = pat.query(ctx, span);
        if x == t(0) {
            return haps;
        }
        roll(ctx, haps.as_mut_slice(), x)
    })
}

/// `rolledWith`: groups of adjacent events with the same whole, reversed first when `x < 0`.
fn roll<'a>(ctx: &Ctx<'a>, hs: &mut [Hap<'a>], x: Time) -> Haps<'a> {
    let mut out = ctx.haps();
    if x < t(0) {
        hs.reverse();
    }
    let ax = if x < t(0) { tneg(x) } else { x };
    let mut i = 0;
    while i < hs.len() {
        let mut j = i + 1;
        while j < hs.len() && hs[j].whole == hs[i].whole {
            j += 1;
        }
        let d = t((j - i) as i64);
        for (n, h) in hs[i..j].iter().enumerate() {
            let Some(w) = h.whole else {
                out.push(*h);
                continue;
            };
            // dur = (e - s) / ((1 / |t|) * d); newS = s + dur * n
            let dur = tdiv(tsub(w.end, w.begin), tmul(tdiv(t(1), ax), d));
            let new_s = tadd(w.begin, tmul(dur, t(n as i64)));
            let nw = Span::new(new_s, w.end);
            if let Some(part) = sub_arc(nw, h.part) {
                out.push(h.derive(Some(nw), part, h.value));
            }
        }
        i = j;
    }
    out
}

/// Tidal's `subArc`: the intersection of two arcs, `None` when they do not meet (a zero-width
/// result at the end of a non-zero-width arc does not count).
pub fn sub_arc(a: Span, b: Span) -> Option<Span> {
    let s = if a.begin > b.begin { a.begin } else { b.begin };
    let e = if a.end < b.end { a.end } else { b.end };
    if s > e {
        return None;
    }
    if s == e && ((s == a.end && a.begin < a.end) || (s == b.end && b.begin < b.end)) {
        return None;
    }
    Some(Span::new(s, e))
}

/// `revArc (0.25, 0.75)`, Tidal's `revArc a = within a rev` (UI.hs), with Tidal's `within`
/// (UI.hs: `stack [filterWhen in $ f p, filterWhen (not . in) p]`, `in` is `[s, e)` of the
/// cycle): `f` applied to the whole pattern, its events kept in the span.
pub fn tidal_within<E>(
    s: Time,
    e: Time,
    f: &dyn Fn(Pattern) -> Result<Pattern, E>,
    pat: &Pattern,
) -> Result<Pattern, E> {
    Ok(stack(vec![
        filter_when(&f(pat.clone())?, move |c| c >= s && c < e),
        filter_when(pat, move |c| !(c >= s && c < e)),
    ]))
}

/// `compressTo (1.25, 1.5)`, Tidal's `compressTo` (Core.hs: `compressArcTo (Arc s e) =
/// compressArc (Arc (cyclePos s) (e - sam s))`): `compress` with the span moved into the cycle.
pub fn compress_to(s: Time, e: Time, pat: &Pattern) -> Pattern {
    let c = sam(s);
    let (b, e) = (tsub(s, c), tsub(e, c));
    let p = pat.clone();
    Pattern::new(move |ctx, span| compress_with(ctx, b, e, span, |q| p.query(ctx, q)))
}

/// `loopFirst`, Tidal's `loopFirst` (UI.hs): every cycle plays the pattern's cycle 0.
pub fn loop_first(pat: &Pattern) -> Pattern {
    let p = pat.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            out.extend(early_with(s, tneg(c), |q| p.query(ctx, q)));
        });
        out
    })
}

/// `scan 4`, Tidal's `scan` (Core.hs: `scan = (>>= _scan)`, `_scan n = slowcat $ map _run [1 ..
/// n]`, `n` patterned): `run 1`, `run 2`, ... `run n`, one a cycle, then again; wholes cut to
/// `n`'s events (the monad's `unwrap`).
pub fn scan(n: &Pattern) -> Pattern {
    let n = n.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in n.query(ctx, span).iter() {
            let Some(k) = value_int(h.value).filter(|k| *k >= 1) else {
                continue;
            };
            h.part.for_each_cycle(ctx, |s| {
                let c = sam(s.begin).to_integer();
                let len = c.rem_euclid(k) + 1;
                let steps = crate::pattern::transform::steps_haps(ctx, len, s, |j| {
                    Some(crate::pattern::value::Value::Num(j.rem_euclid(len) as f64))
                });
                for x in steps.iter() {
                    let whole = match (x.whole, h.whole) {
                        (Some(a), Some(b)) => match a.intersection(&b) {
                            Some(w) => Some(w),
                            None => continue,
                        },
                        (w, _) => w,
                    };
                    out.push(x.derive(whole, x.part, x.value));
                }
            });
        }
        out
    })
}
