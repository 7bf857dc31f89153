//! The pattern type: a function from a query span to the events active in it (Strudel's `Pattern`),
//! and the primitive combinators every other operator is built from.
//!
//! A query writes its events into the caller's arena ([`Ctx`]), so querying a compiled pattern
//! allocates nothing on the heap.

use super::ctx::Ctx;
use super::hap::{Hap, Haps, Loc, Locs};
use super::time::{sam, t, tadd, tdiv, teq, tlt, tmax, tmin, tmul, Span, Time};
use super::transform::{compress_with, early_with, fast_gap_with, fast_with, pure_haps};
use super::value::Value;
use std::sync::Arc;

type QueryFn = dyn for<'a> Fn(&Ctx<'a>, Span) -> Haps<'a> + Send + Sync;

/// A pattern: a query function plus the metadata Strudel keeps beside it.
#[derive(Clone)]
pub struct Pattern {
    query: Arc<QueryFn>,
    /// The value when the pattern is `pure(v)` (Strudel's `__pure`): patterned arguments given a
    /// plain value skip the join.
    pub pure: Option<Value<'static>>,
    /// Steps per cycle (Strudel's `_steps`, "tactus"), when known.
    pub steps: Option<Time>,
    /// Set for a parameter pattern: `pure` of the value bound to this id during the query
    /// (see [`param_pattern`]); operators read the value directly, as for `pure`.
    pub param: Option<u32>,
    /// True for `silence` (lets sequences of plain values take a fast path).
    pub silent: bool,
    /// Where in the code a located `pure` came from (a mini-notation word of the editor's
    /// copy, see `mini::mini_at`): the fast paths that read `pure` give it to their events.
    pub loc: Option<Loc>,
}

impl Pattern {
    pub fn new(f: impl for<'a> Fn(&Ctx<'a>, Span) -> Haps<'a> + Send + Sync + 'static) -> Pattern {
        Pattern {
            query: Arc::new(f),
            pure: None,
            steps: None,
            param: None,
            silent: false,
            loc: None,
        }
    }

    /// The events active during `span`.
    pub fn query<'a>(&self, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
        ctx.nested(|| (self.query)(ctx, span))
            .unwrap_or_else(|| ctx.haps())
    }

    pub fn with_steps(mut self, steps: Option<Time>) -> Pattern {
        self.steps = steps;
        self
    }

    /// Splits queries at cycle boundaries, so the query function sees one cycle at a time.
    pub fn split_queries(&self) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| {
            let mut out = ctx.haps();
            span.for_each_cycle(ctx, |s| out.extend(p.query(ctx, s)));
            out
        })
        .with_steps(self.steps)
    }

    /// Maps the query span before querying.
    pub fn with_query_span(&self, f: impl Fn(Span) -> Span + Send + Sync + 'static) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| p.query(ctx, f(span)))
    }

    /// Maps both ends of the query span.
    pub fn with_query_time(&self, f: impl Fn(Time) -> Time + Send + Sync + 'static) -> Pattern {
        self.with_query_span(move |s| s.with_time(&f))
    }

    /// Maps the timespans of every returned event.
    pub fn with_hap_span(&self, f: impl Fn(Span) -> Span + Send + Sync + 'static) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| {
            let mut haps = p.query(ctx, span);
            for h in haps.as_mut_slice() {
                *h = h.with_span(&f);
            }
            haps
        })
    }

    /// Maps the times of every returned event.
    pub fn with_hap_time(&self, f: impl Fn(Time) -> Time + Send + Sync + 'static) -> Pattern {
        self.with_hap_span(move |s| s.with_time(&f))
    }

    /// Maps each event's value (`f` may allocate in the query arena).
    pub fn fmap(
        &self,
        f: impl for<'a> Fn(&Ctx<'a>, Value<'a>) -> Value<'a> + Send + Sync + 'static,
    ) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| {
            let mut haps = p.query(ctx, span);
            for h in haps.as_mut_slice() {
                h.value = f(ctx, h.value);
            }
            haps
        })
        .with_steps(self.steps)
    }

    /// Keeps the events for which `f` is true.
    pub fn filter_haps(
        &self,
        f: impl for<'a> Fn(&Hap<'a>) -> bool + Send + Sync + 'static,
    ) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| {
            let mut haps = p.query(ctx, span);
            haps.retain(|h| f(h));
            haps
        })
        .with_steps(self.steps)
    }

    /// Keeps only fragments that contain their onset.
    pub fn filter_onsets(&self) -> Pattern {
        self.filter_haps(|h| h.has_onset())
    }

    /// Speeds the pattern up by a fixed factor (Strudel's `_fast`). Zero gives silence.
    pub fn fast_time(&self, factor: Time) -> Pattern {
        if *factor.numer() == 0 {
            return silence();
        }
        let p = self.clone();
        Pattern::new(move |ctx, span| fast_with(ctx, factor, span, |s| p.query(ctx, s)))
            .with_steps(self.steps)
    }

    /// Slows the pattern down by a fixed factor (Strudel's `_slow`). Zero gives silence.
    pub fn slow_time(&self, factor: Time) -> Pattern {
        if factor == t(0) {
            return silence();
        }
        self.fast_time(tdiv(t(1), factor))
    }

    /// Shifts the pattern earlier by `offset` cycles (Strudel's `_early`).
    pub fn early_time(&self, offset: Time) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| early_with(span, offset, |s| p.query(ctx, s)))
            .with_steps(self.steps)
    }

    /// Shifts the pattern later by `offset` cycles (Strudel's `_late`).
    pub fn late_time(&self, offset: Time) -> Pattern {
        self.early_time(super::time::tneg(offset))
    }

    /// Strudel's `appWhole`: events where both patterns' parts intersect, values combined by `f`
    /// (`None` drops the pair), wholes combined by `whole`.
    pub fn app_whole(
        &self,
        other: &Pattern,
        whole: fn(Option<Span>, Option<Span>) -> Option<Option<Span>>,
        f: impl for<'a> Fn(&Ctx<'a>, Value<'a>, Value<'a>) -> Option<Value<'a>> + Send + Sync + 'static,
    ) -> Pattern {
        let (a, b) = (self.clone(), other.clone());
        Pattern::new(move |ctx, span| {
            let mut out = ctx.haps();
            let ha = a.query(ctx, span);
            let hb = b.query(ctx, span);
            for x in ha.iter() {
                for y in hb.iter() {
                    let Some(part) = x.part.intersection(&y.part) else {
                        continue;
                    };
                    let Some(w) = whole(x.whole, y.whole) else {
                        continue;
                    };
                    if let Some(v) = f(ctx, x.value, y.value) {
                        out.push(ctx.combine(x, y, w, part, v));
                    }
                }
            }
            out
        })
    }

    /// Structure from both sides (Tidal's `|+|`, `<*>`).
    pub fn app_both(
        &self,
        other: &Pattern,
        f: impl for<'a> Fn(&Ctx<'a>, Value<'a>, Value<'a>) -> Option<Value<'a>> + Send + Sync + 'static,
    ) -> Pattern {
        fn whole(a: Option<Span>, b: Option<Span>) -> Option<Option<Span>> {
            match (a, b) {
                (Some(a), Some(b)) => a.intersection(&b).map(Some),
                _ => Some(None),
            }
        }
        self.app_whole(other, whole, f)
    }

    /// Structure from the left (Tidal's `|+`, `#`): for each left event, the right pattern is
    /// queried over the left event's whole.
    pub fn app_left(
        &self,
        other: &Pattern,
        f: impl for<'a> Fn(&Ctx<'a>, Value<'a>, Value<'a>) -> Option<Value<'a>> + Send + Sync + 'static,
    ) -> Pattern {
        app_structured(self, other, move |ctx, s, o| f(ctx, s, o))
    }

    /// Structure from the right (Tidal's `+|`).
    pub fn app_right(
        &self,
        other: &Pattern,
        f: impl for<'a> Fn(&Ctx<'a>, Value<'a>, Value<'a>) -> Option<Value<'a>> + Send + Sync + 'static,
    ) -> Pattern {
        app_structured(other, self, move |ctx, s, o| f(ctx, o, s))
    }
}

/// The empty pattern.
pub fn silence() -> Pattern {
    let mut p = Pattern::new(|ctx, _| ctx.haps()).with_steps(Some(t(1)));
    p.silent = true;
    p
}

/// One event per cycle carrying `value` (Strudel's `pure`).
pub fn pure(value: Value<'static>) -> Pattern {
    let mut p = Pattern::new(move |ctx, span| pure_haps(ctx, value, span));
    p.pure = Some(value);
    p.steps = Some(t(1));
    p
}

/// `pure(value)` whose events carry `loc` (a word of the code, for the editor's live code).
pub fn pure_at(value: Value<'static>, loc: Loc) -> Pattern {
    let mut p = Pattern::new(move |ctx, span| {
        let mut haps = pure_haps(ctx, value, span);
        let locs = ctx.locs_of(loc);
        for h in haps.as_mut_slice() {
            h.locs = locs;
        }
        haps
    });
    p.pure = Some(value);
    p.steps = Some(t(1));
    p.loc = Some(loc);
    p
}

impl Pattern {
    /// This pattern whose events also carry `locs` (the function and constant arguments that
    /// made them, for the editor's live code); everything else, fast paths included, as it is.
    pub fn with_added_locs(&self, locs: &[Loc]) -> Pattern {
        let (inner, locs) = (self.clone(), locs.to_vec());
        Pattern {
            query: Arc::new(move |ctx, span| {
                let mut haps = inner.query(ctx, span);
                let added = Locs::alloc(ctx.arena, &locs);
                // Neighbouring events often carry the same words: joined once for them.
                let mut last: Option<(Locs, Locs)> = None;
                for h in haps.as_mut_slice() {
                    let joined = match last {
                        Some((from, to)) if from == h.locs => to,
                        _ => ctx.join_locs(h.locs, added),
                    };
                    last = Some((h.locs, joined));
                    h.locs = joined;
                }
                haps
            }),
            ..self.clone()
        }
    }
}

/// A continuous pattern: one whole-less event per query, valued at the query's start.
pub fn signal(f: impl Fn(Time) -> Value<'static> + Send + Sync + 'static) -> Pattern {
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        out.push(Hap::new(None, span, f(span.begin)));
        out
    })
}

/// All patterns at once.
pub fn stack(pats: Vec<Pattern>) -> Pattern {
    let steps = lcm_steps(&pats);
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for p in &pats {
            out.extend(p.query(ctx, span));
        }
        out
    })
    .with_steps(steps)
}

/// One pattern per cycle, in turn, without skipping cycles of the parts (Strudel's `slowcat`).
pub fn slowcat(pats: Vec<Pattern>) -> Pattern {
    match pats.len() {
        0 => return silence(),
        1 => return pats.into_iter().next().expect("one pattern"),
        _ => {}
    }
    let steps = lcm_steps(&pats);
    let n = pats.len() as i64;
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let cyc = sam(s.begin).to_integer();
            let i = cyc.rem_euclid(n) as usize;
            // The n-th cycle of the result plays cycle floor(n / len) of the chosen part.
            let offset = t(cyc - cyc.div_euclid(n));
            if *offset.numer() == 0 {
                out.extend(pats[i].query(ctx, s));
            } else {
                // Query `offset` earlier in the part's time, events moved back later.
                out.extend(early_with(s, -offset, |q| pats[i].query(ctx, q)));
            }
        });
        out
    })
    .with_steps(steps)
}

/// Patterns squeezed into one cycle each, in turn (Strudel's `fastcat`/`sequence`).
pub fn fastcat(pats: Vec<Pattern>) -> Pattern {
    let n = pats.len() as i64;
    if n <= 1 {
        return slowcat(pats);
    }
    if pats.iter().all(|p| p.pure.is_some() || p.silent) {
        // A sequence of plain values and rests (most mini-notation): the same events as
        // `slowcat(pats)._fast(n)`, computed directly.
        let vals: Vec<Option<Value<'static>>> = pats.iter().map(|p| p.pure).collect();
        // Locations only for the editor's located copy (empty otherwise: nothing to look up).
        let locs: Vec<Option<Loc>> = if pats.iter().any(|p| p.loc.is_some()) {
            pats.iter().map(|p| p.loc).collect()
        } else {
            vec![]
        };
        return Pattern::new(move |ctx, span| sequence_q(ctx, &vals, &locs, span))
            .with_steps(Some(t(n)));
    }
    slowcat(pats).fast_time(t(n)).with_steps(Some(t(n)))
}

/// The events of `fastcat` of plain values (`None` = rest) over `span`: step `k` is
/// `[k/n, (k+1)/n)` with value `vals[k mod n]`; a point query gets the step it falls in.
fn sequence_q<'a>(
    ctx: &Ctx<'a>,
    vals: &[Option<Value<'static>>],
    locs: &[Option<Loc>],
    span: Span,
) -> Haps<'a> {
    let n = vals.len() as i64;
    let nt = t(n);
    let mut out = ctx.haps();
    let first = sam(tmul(span.begin, nt)).to_integer();
    let step = |k: i64| Span::new(Time::new(k, n), Time::new(k + 1, n));
    if teq(span.begin, span.end) {
        let k = first.rem_euclid(n) as usize;
        if let Some(v) = vals[k] {
            out.push(Hap::new(Some(step(first)), span, v).with_locs(step_locs(ctx, locs, k)));
        }
        return out;
    }
    let mut k = first;
    // Bounded by the query's work budget (`fast 1e9 $ s "bd sn"`).
    while k < i64::MAX - 1 {
        let w = step(k);
        if !tlt(w.begin, span.end) || !ctx.spend() {
            break;
        }
        let i = k.rem_euclid(n) as usize;
        if let Some(v) = vals[i] {
            let part = Span::new(tmax(span.begin, w.begin), tmin(span.end, w.end));
            out.push(Hap::new(Some(w), part, v).with_locs(step_locs(ctx, locs, i)));
        }
        k += 1;
    }
    out
}

/// The locations of step `k` of a located sequence (none for the engine's copy).
#[inline]
fn step_locs<'a>(ctx: &Ctx<'a>, locs: &[Option<Loc>], k: usize) -> Locs<'a> {
    match locs.get(k) {
        Some(Some(l)) => ctx.locs_of(*l),
        _ => Locs::NONE,
    }
}

/// Patterns squeezed into one cycle with relative weights (Strudel's `timeCat`/`stepcat`).
pub fn timecat(parts: Vec<(Time, Pattern)>) -> Pattern {
    let total: Time = parts.iter().fold(t(0), |acc, (w, _)| tadd(acc, *w));
    if parts.len() == 1 {
        return parts.into_iter().next().expect("one part").1;
    }
    if total == t(0) {
        return silence();
    }
    let mut pats = Vec::new();
    let mut begin = t(0);
    for (w, p) in parts {
        if w == t(0) {
            continue;
        }
        let end = tadd(begin, w);
        pats.push(p.compress_span(tdiv(begin, total), tdiv(end, total)));
        begin = end;
    }
    stack(pats).with_steps(Some(total))
}

impl Pattern {
    /// Squeezes each cycle into `[b, e)` of the cycle, silent elsewhere (Strudel's `_compress`).
    pub fn compress_span(&self, b: Time, e: Time) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| compress_with(ctx, b, e, span, |s| p.query(ctx, s)))
    }

    /// Speeds up each cycle by `factor`, leaving a gap at the end (Strudel's `_fastGap`).
    pub fn fast_gap(&self, factor: Time) -> Pattern {
        let p = self.clone();
        Pattern::new(move |ctx, span| fast_gap_with(ctx, factor, span, |s| p.query(ctx, s)))
    }
}

/// A parameter: behaves as `pure(v)` where `v` is the value bound to `id` in the query's
/// [`Ctx`] (silence when unbound). Operators compiled once for a patterned argument use it in
/// place of the plain value (see `ops::bind_args`).
pub fn param_pattern(id: u32) -> Pattern {
    let mut p = Pattern::new(move |ctx, span| match ctx.param(id) {
        Some(v) => pure_haps(ctx, v, span),
        None => ctx.haps(),
    });
    p.param = Some(id);
    p.steps = Some(t(1));
    p
}

/// A fresh parameter id (unique for the life of the process).
pub fn new_param_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

pub(crate) fn lcm_steps(pats: &[Pattern]) -> Option<Time> {
    let mut acc: Option<Time> = None;
    for p in pats {
        let s = p.steps?;
        acc = Some(match acc {
            None => s,
            Some(a) => lcm_time(a, s)?,
        });
    }
    acc
}

/// lcm of fractions: lcm(numerators) / gcd(denominators); `None` (steps unknown) when it
/// overflows `i64` (hostile polymeters such as `{{bd!794.7}%-1}%-550.4`).
fn lcm_time(a: Time, b: Time) -> Option<Time> {
    use num_integer::Integer;
    if a == t(0) || b == t(0) {
        return Some(t(0));
    }
    let (an, bn) = (a.numer().unsigned_abs(), b.numer().unsigned_abs());
    let lcm = i64::try_from((an / an.gcd(&bn)).checked_mul(bn)?).ok()?;
    Some(Time::new(lcm, a.denom().gcd(b.denom())))
}

/// Events with the structure (wholes) of `structure`: for each of its events, `other` is
/// queried over the event's whole, and each overlap gets `f(structure's value, other's value)`.
fn app_structured(
    structure: &Pattern,
    other: &Pattern,
    f: impl for<'a> Fn(&Ctx<'a>, Value<'a>, Value<'a>) -> Option<Value<'a>> + Send + Sync + 'static,
) -> Pattern {
    let (a, b) = (structure.clone(), other.clone());
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for x in a.query(ctx, span).iter() {
            for y in b.query(ctx, x.whole_or_part()).iter() {
                let Some(part) = x.part.intersection(&y.part) else {
                    continue;
                };
                if let Some(v) = f(ctx, x.value, y.value) {
                    out.push(ctx.combine(x, y, x.whole, part, v));
                }
            }
        }
        out
    })
    .with_steps(structure.steps)
}
