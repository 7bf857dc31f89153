//! Strudel 1.2.6's structure and sample functions that Tidal lacks or defines differently:
//! `euclidLegato`/`euclidLegatoRot` (euclid.mjs), `arp` (pattern.mjs: indices into the notes
//! of each chord), `ribbon` (pattern.mjs: a loop of a pattern's cycles), and `slice`, `splice`,
//! `fit` (pattern.mjs: sample slices with their speed). Each cites the JS it follows.

use super::structure::{euclid_into, MAX_EUCLID_STEPS};
use super::{bind_args, patternify3};
use crate::pattern::controls::{map_from, MAX_CONTROLS};
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::Haps;
use crate::pattern::ops::strudel_pick::{pick, Join, Lookup};
use crate::pattern::ops::time::{early, slow};
use crate::pattern::pattern::{pure, Pattern};
use crate::pattern::time::{sam, t, tadd, tlt, to_f64, Span, Time};
use crate::pattern::value::{Sym, Value};
use std::sync::OnceLock;

fn int(v: Value) -> Option<i64> {
    v.as_num()
        .filter(|x| x.is_finite())
        .map(|x| x.trunc() as i64)
}

/// `euclidLegato 3 8 $ note "c3"`, Strudel's `_euclidLegato` (euclid.mjs): the euclid
/// rhythm with each onset held until the next (`struct (timeCat [(gap, true), ..])`, the
/// steps before the first onset dropped), then `late (rotation / steps)`.
pub fn euclid_legato(
    pulses: &Pattern,
    steps: &Pattern,
    rotation: &Pattern,
    pat: &Pattern,
) -> Pattern {
    patternify3(
        pulses,
        steps,
        rotation,
        pat,
        |pat, p, s, r, ctx, span| match (int(p), int(s), int(r)) {
            (Some(p), Some(s), Some(r)) if p >= 1 => legato_q(pat, p, s, r, ctx, span),
            _ => ctx.haps(),
        },
    )
}

fn legato_q<'a>(pat: &Pattern, p: i64, s: i64, r: i64, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    let mut bools = [false; MAX_EUCLID_STEPS];
    let Some(n) = euclid_into(p, s, 0, &mut bools) else {
        ctx.count_overflow();
        return ctx.haps();
    };
    // Onset positions and lengths (in steps), from the first onset on.
    let mut starts = [0i64; MAX_EUCLID_STEPS];
    let mut lens = [0i64; MAX_EUCLID_STEPS];
    let mut count = 0;
    for on in bools[..n].iter() {
        if *on {
            starts[count] = 0;
            lens[count] = 1;
            count += 1;
        } else if count > 0 {
            lens[count - 1] += 1;
        }
    }
    if count == 0 {
        return ctx.haps();
    }
    let total: i64 = lens[..count].iter().sum();
    let mut acc = 0;
    for k in 0..count {
        starts[k] = acc;
        acc += lens[k];
    }
    let shift = Time::new(r, s);
    let q = span.with_time(|x| x - shift);
    let mut out = ctx.haps();
    let mut c = sam(q.begin).to_integer();
    loop {
        let cycle = t(c);
        if !(tlt(cycle, q.end) || (q.begin == q.end && c == sam(q.begin).to_integer())) {
            break;
        }
        for k in 0..count {
            let w = Span::new(
                tadd(cycle, Time::new(starts[k], total)),
                tadd(cycle, Time::new(starts[k] + lens[k], total)),
            );
            let Some(part) = w.intersection(&q) else {
                continue;
            };
            for h in pat.query(ctx, w).iter() {
                if let Some(p2) = part.intersection(&h.part) {
                    out.push(h.derive(
                        Some(w.with_time(|x| x + shift)),
                        p2.with_time(|x| x + shift),
                        h.value,
                    ));
                }
            }
        }
        c += 1;
        if !ctx.spend() {
            break;
        }
    }
    out
}

/// `arp "0 [0,2]" $ note "<[c,eb,g] [c,f,ab]>"`, Strudel's `arp` (pattern.mjs `arpWith`:
/// `collect`, then the index pattern picks `haps[i % length]` of each group of events sharing
/// a whole; an inner join, so the events are the index pattern's).
pub fn arp(indices: &Pattern, pat: &Pattern) -> Pattern {
    let (indices, pat) = (indices.clone(), pat.clone());
    Pattern::new(move |ctx, span| {
        let haps = pat.query(ctx, span);
        let hs = haps.as_slice();
        let mut out = ctx.haps();
        for (i, lead) in hs.iter().enumerate() {
            // The first event of each group of congruent events (same whole) leads it.
            if hs[..i].iter().any(|h| h.whole == lead.whole) {
                continue;
            }
            let len = hs[i..].iter().filter(|h| h.whole == lead.whole).count() as i64;
            for ih in indices.query(ctx, lead.part).iter() {
                let Some(x) = ih.value.as_num() else { continue };
                // JS `i % length` indexes the array: a negative or fractional index reads
                // `undefined` (Strudel fails on it).
                if x < 0.0 || x.fract() != 0.0 {
                    continue;
                }
                let k = (x as i64 % len) as usize;
                if let Some(h) = hs[i..].iter().filter(|h| h.whole == lead.whole).nth(k) {
                    out.push(ctx.combine(ih, h, ih.whole, ih.part, h.value));
                }
            }
        }
        out
    })
}

/// `ribbon 1 2 $ note "<c d e f>"`, Strudel's `ribbon` (pattern.mjs:
/// `pat.early(offset).restart(pure(1).slow(cycles))`): loops `cycles` cycles of the pattern,
/// starting `offset` cycles in. Both arguments patterned (inner join).
pub fn ribbon(offset: &Pattern, cycles: &Pattern, pat: &Pattern) -> Pattern {
    let pat = pat.clone();
    bind_args::<()>(&[offset.clone(), cycles.clone()], |a| {
        let looped = early(&a[0], &pat);
        let trigger = slow(&a[1], &pure(Value::Num(1.0)));
        Ok(pick(
            Lookup::Index(vec![looped]),
            &trigger,
            false,
            Join::Restart,
        ))
    })
    .unwrap_or_else(|_| crate::pattern::pattern::silence())
}

struct Keys {
    slices: Sym,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| Keys {
        slices: Sym::intern("_slices"),
    })
}

/// The unit `c` (interned before the first query).
fn unit_c() -> Sym {
    static C: OnceLock<Sym> = OnceLock::new();
    *C.get_or_init(|| Sym::intern("c"))
}

/// How `slice` cuts: `n` equal slices, or a list of slice points (`[0, 0.25, 0.5]`).
#[derive(Clone)]
pub enum Slices {
    Count(Pattern),
    Points(Vec<f64>),
}

/// `slice 4 "0 2" $ s "bev"`, Strudel's `slice` (pattern.mjs): each event of the index pattern
/// plays slice `i` (`begin i/n`, `end (i+1)/n`, or the points `i`, `i+1` of a list) of the
/// sound pattern's events within it (a word is `s`), with `_slices` (n) as Strudel sets it;
/// the events' wholes are the index pattern's (outer joins), `n` patterned (inner join).
pub fn slice(n: Slices, ipat: &Pattern, opat: &Pattern) -> Pattern {
    slices(n, ipat, opat, false)
}

/// `splice 4 "0 2" $ s "bev"`, Strudel's `splice`: `slice` with `speed` set to play each
/// slice in its event (`1 / n / event length`, times the event's `speed`; a `speed` of the
/// sound pattern is kept) and `unit "c"` (Strudel's value with its default cps of 1, the
/// same as Tidal's).
pub fn splice(n: Slices, ipat: &Pattern, opat: &Pattern) -> Pattern {
    slices(n, ipat, opat, true)
}

fn slices(n: Slices, ipat: &Pattern, opat: &Pattern, splice: bool) -> Pattern {
    keys();
    unit_c();
    let (ipat, opat) = (ipat.clone(), opat.clone());
    let steps = ipat.steps;
    let list: Vec<Value<'static>> = match &n {
        Slices::Points(points) => points.iter().map(|x| Value::Num(*x)).collect(),
        Slices::Count(_) => vec![],
    };
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        match &n {
            Slices::Count(np) => {
                for nh in np.query(ctx, span).iter() {
                    let Some(count) = nh.value.as_num() else {
                        continue;
                    };
                    slice_in(ctx, &mut out, nh.part, &ipat, &opat, splice, |i| {
                        (i / count, (i + 1.0) / count, Value::Num(count))
                    });
                }
            }
            Slices::Points(points) => {
                let Some(list) = ctx.alloc_slice::<Value>(&list) else {
                    return out;
                };
                span.for_each_cycle(ctx, |piece| {
                    slice_in(ctx, &mut out, piece, &ipat, &opat, splice, |i| {
                        let at = |k: f64| {
                            if k >= 0.0 && k.fract() == 0.0 {
                                points.get(k as usize).copied().unwrap_or(f64::NAN)
                            } else {
                                f64::NAN
                            }
                        };
                        (at(i), at(i + 1.0), Value::List(list))
                    });
                });
            }
        }
        out
    })
    .with_steps(steps)
}

#[allow(clippy::too_many_arguments)]
fn slice_in<'a>(
    ctx: &Ctx<'a>,
    out: &mut Haps<'a>,
    within: Span,
    ipat: &Pattern,
    opat: &Pattern,
    splice: bool,
    bounds: impl Fn(f64) -> (f64, f64, Value<'a>),
) {
    let k = keys();
    for ih in ipat.query(ctx, within).iter() {
        let Some(i) = ih.value.as_num() else { continue };
        let (begin, end, n) = bounds(i);
        for oh in opat.query(ctx, ih.part).iter() {
            // `{begin, end, _slices: n, ...o}`: the sound pattern's own controls win.
            let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
            let mut len = 0;
            let mut push = |e: (Sym, Value<'a>)| {
                if len < MAX_CONTROLS {
                    if let Some(j) = buf[..len].iter().position(|x| x.0 == e.0) {
                        buf[j] = e;
                    } else {
                        buf[len] = e;
                        len += 1;
                    }
                }
            };
            if splice {
                let speed = match ih.whole {
                    Some(w) => match n {
                        Value::Num(count) => 1.0 / count / to_f64(w.end - w.begin),
                        _ => f64::NAN,
                    },
                    None => f64::NAN,
                };
                let own = oh.value.get_num(Sym::SPEED).unwrap_or(1.0);
                push((Sym::SPEED, Value::Num(speed * own)));
                push((Sym::UNIT, Value::Str(unit_c())));
            }
            push((Sym::BEGIN, Value::Num(begin)));
            push((Sym::END, Value::Num(end)));
            push((k.slices, n));
            match oh.value {
                Value::Map(m) => m.iter().for_each(|e| push(*e)),
                other => push((Sym::S, other)),
            }
            let v = map_from(ctx, &mut buf[..len]);
            // `pure(value)` queried over the sound event's part: one piece per cycle.
            oh.part.for_each_cycle(ctx, |piece| {
                out.push(ctx.combine(ih, oh, ih.whole, piece, v));
            });
        }
    }
}

/// Strudel's `fit` (pattern.mjs): each event's `speed` set to play its slice of the sample
/// (`end - begin`, 1 when unset) in the event's length, and `unit "c"` (Strudel's value
/// with its default cps of 1). (Tidal's `fit` is a different function.)
pub fn fit(pat: &Pattern) -> Pattern {
    unit_c();
    let pat = pat.clone();
    let steps = pat.steps;
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in pat.query(ctx, span).iter() {
            let Value::Map(m) = h.value else {
                out.push(*h);
                continue;
            };
            let dur = h.whole.map(|w| to_f64(w.end - w.begin)).unwrap_or(f64::NAN);
            let begin = h.value.get_num(Sym::BEGIN).unwrap_or(0.0);
            let end = h.value.get_num(Sym::END).unwrap_or(1.0);
            let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
            let mut len = 0;
            for e in m.iter().filter(|e| e.0 != Sym::SPEED && e.0 != Sym::UNIT) {
                if len < MAX_CONTROLS - 2 {
                    buf[len] = *e;
                    len += 1;
                }
            }
            buf[len] = (Sym::SPEED, Value::Num((1.0 / dur) * (end - begin)));
            buf[len + 1] = (Sym::UNIT, Value::Str(unit_c()));
            let v = map_from(ctx, &mut buf[..len + 2]);
            out.push(h.with_value(v));
        }
        out
    })
    .with_steps(steps)
}
