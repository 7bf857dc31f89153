//! Tidal's functions that pick from lists of patterns or rearrange a pattern's parts: fit,
//! squeeze, bite, chew, select, pickF, shuffle, scramble (with randrun), toScale, chooseBy,
//! wchooseBy, cycleChoose, randslice, spreadChoose. Each cites its source: Tidal 1.9's
//! `Sound.Tidal.UI`/`Control`, or Strudel 1.2's `signal.mjs`/`pick.mjs`/`pattern.mjs` for the
//! names Strudel has.

use super::{patternify, value_int, value_time};
use crate::pattern::controls::set_control;
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::{Hap, Haps};
use crate::pattern::pattern::{silence, Pattern};
use crate::pattern::rand::{time_to_rand, time_to_rands};
use crate::pattern::time::{sam, t, tadd, tdiv, tmul, to_f64, Span, Time};
use crate::pattern::transform::{fast_with, squeeze_with, zoom_with};
use crate::pattern::value::{Sym, Value};

/// Longest list `randrun` permutes on the audio thread (a stack buffer).
pub const MAX_RANDRUN: usize = 1024;

/// Tidal's `!!!`: the list index `i` wrapping round (`xs !! (i mod length xs)`).
fn wrap(i: i64, n: usize) -> usize {
    i.rem_euclid(n as i64) as usize
}

/// Events with the structure of `index`: each index event takes the values of `xs[k(value)]`
/// queried over its whole (for plain values, Tidal's `(xs !!!) <$> index`).
fn pick_left<'a>(
    index: Haps<'a>,
    xs: &[Pattern],
    ctx: &Ctx<'a>,
    key: impl Fn(&Hap<'a>) -> Option<usize>,
) -> Haps<'a> {
    let mut out = ctx.haps();
    for h in index.iter() {
        let Some(k) = key(h) else { continue };
        for y in xs[k].query(ctx, h.whole_or_part()).iter() {
            if let Some(part) = h.part.intersection(&y.part) {
                out.push(ctx.combine(h, y, h.whole, part, y.value));
            }
        }
    }
    out
}

/// `fit 3 ["bd", "sn", "arpy"] "0 [~ 1] 2 1"`, Tidal's `fit` (UI.hs `_fit`, the step patterned):
/// each index `i` picks `xs !!! (i + step * floor (start of its part))`, so each cycle starts
/// `step` further into the list. (Strudel's `fit` is an unrelated sample function.)
pub fn fit(step: &Pattern, xs: Vec<Pattern>, index: &Pattern) -> Pattern {
    if xs.is_empty() {
        return silence();
    }
    patternify(step, index, move |index, v, ctx, span| {
        let Some(step) = value_int(v) else {
            return ctx.haps();
        };
        let n = xs.len();
        pick_left(index.query(ctx, span), &xs, ctx, |h| {
            let i = h.value.as_num()?.floor() as i64;
            Some(wrap(i + step * sam(h.part.begin).to_integer(), n))
        })
    })
}

/// `squeeze "<0 [1 0]>" [p, q]`, Strudel's `squeeze` (pick.mjs; Tidal's is the same for whole
/// numbers): each index event plays a whole cycle of `xs[round(i) mod n]` squeezed into it.
pub fn squeeze(index: &Pattern, xs: Vec<Pattern>) -> Pattern {
    if xs.is_empty() {
        return silence();
    }
    let index = index.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in index.query(ctx, span).iter() {
            let Some(i) = h.value.as_num() else { continue };
            let k = wrap(js_round(i) as i64, xs.len());
            squeeze_with(h, &mut out, |s| xs[k].query(ctx, s), Some);
        }
        out
    })
}

/// JavaScript's `Math.round` (halves round up).
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// `bite 4 "0 2 1 3"`, Strudel's `bite` (pattern.mjs): each index event of `ipat` plays slice
/// `(i / n) mod 1 .. + 1/n` of each cycle of `pat`, squeezed into it; `n` is sampled per index
/// event (`appLeft`). Tidal inner-joins `n` instead (the same for a plain `n`).
pub fn bite(n: &Pattern, ipat: &Pattern, pat: &Pattern) -> Pattern {
    slices(n, ipat, pat, false)
}

/// `chew 4 "0 1 [2 3]"`, Tidal's `chew` (UI.hs `_chew`): `bite`, with each event's `speed`
/// multiplied by the slice's squeeze factor (`squeezeJoinUp`: `|* speed (1 / event length)`,
/// then `|/ speed n`), so sounds speed up and slow down with their slices.
pub fn chew(n: &Pattern, ipat: &Pattern, pat: &Pattern) -> Pattern {
    slices(n, ipat, pat, true)
}

fn slices(n: &Pattern, ipat: &Pattern, pat: &Pattern, speed: bool) -> Pattern {
    let (n, ipat, pat) = (n.clone(), ipat.clone(), pat.clone());
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in ipat.query(ctx, span).iter() {
            let Some(i) = value_time(h.value) else {
                continue;
            };
            for y in n.query(ctx, h.whole_or_part()).iter() {
                let Some(part) = h.part.intersection(&y.part) else {
                    continue;
                };
                let Some(nn) = value_time(y.value).filter(|x| *x != t(0)) else {
                    continue;
                };
                let a = tdiv(i, nn);
                let a = a - sam(a);
                let b = tadd(a, tdiv(t(1), nn));
                let outer = h.derive(h.whole, part, h.value);
                let factor = h
                    .whole
                    .map(|w| 1.0 / to_f64(w.len()) / to_f64(nn))
                    .unwrap_or(1.0);
                squeeze_with(
                    &outer,
                    &mut out,
                    |s| zoom_with(ctx, a, b, s, |q| pat.query(ctx, q)),
                    |v| {
                        if !speed {
                            return Some(v);
                        }
                        match v {
                            Value::Map(_) => {
                                let old = v.get_num(Sym::SPEED).unwrap_or(1.0);
                                Some(set_control(ctx, v, Sym::SPEED, Value::Num(old * factor)))
                            }
                            _ => Some(v),
                        }
                    },
                );
            }
        }
        out
    })
}

/// An inner join choosing a pattern per event of `index`: `which(value, count)` gives the
/// position in `pats` (`select`, `pickF`, `selectF`); the chosen pattern plays over the event's
/// part.
pub fn join_by_index(
    index: &Pattern,
    pats: Vec<Pattern>,
    which: impl Fn(f64, usize) -> usize + Send + Sync + 'static,
) -> Pattern {
    if pats.is_empty() {
        return silence();
    }
    let index = index.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in index.query(ctx, span).iter() {
            let Some(x) = h.value.as_num() else { continue };
            let k = which(x, pats.len()).min(pats.len() - 1);
            out.extend(pats[k].query(ctx, h.part));
        }
        out
    })
}

/// `select "<0 0.5 1>" [p, q, r]`, Tidal's `select` (UI.hs `_select`, the float patterned with
/// an inner join): `ps !! floor (clamp 0 1 f * (length ps - 1))`.
pub fn select(f: &Pattern, xs: Vec<Pattern>) -> Pattern {
    join_by_index(f, xs, |x, n| {
        (x.clamp(0.0, 1.0) * (n - 1) as f64).floor() as usize
    })
}

/// `pickF "<0 1>" [rev, fast 2]` given the transformed patterns: Strudel's `pickF` (pick.mjs:
/// `pat.apply(pick(lookup, funcs))`, an inner join; the index is rounded and clamped to the
/// list). Tidal wraps the index round the list instead.
pub fn pick_f(index: &Pattern, fps: Vec<Pattern>) -> Pattern {
    join_by_index(index, fps, |i, _| js_round(i).max(0.0) as usize)
}

/// Tidal's `_rearrangeWith ipat n pat` (UI.hs; Strudel's is the same): the cycle cut into `n`
/// parts; each index event `i` plays part `i` (`_fast n $ _repeatCycles n $ zoom (i/n, (i+1)/n)
/// pat`), inner-joined.
fn rearrange_q<'a>(pat: &Pattern, n: i64, i: i64, ctx: &Ctx<'a>, part: Span) -> Haps<'a> {
    let nt = t(n);
    let (a, b) = (Time::new(i, n), Time::new(i + 1, n));
    fast_with(ctx, nt, part, |q| {
        let mut out = ctx.haps();
        q.for_each_cycle(ctx, |s| {
            let cycle = sam(s.begin);
            let delta = cycle - sam(tdiv(cycle, nt));
            for h in zoom_with(ctx, a, b, s.with_time(|x| x - delta), |q2| {
                pat.query(ctx, q2)
            })
            .iter()
            {
                out.push(h.with_span(|sp| sp.with_time(|x| tadd(x, delta))));
            }
        });
        out
    })
}

/// The permutation of `0..n` for cycle `c` (Strudel's `randrun`: `timeToRands(floor(t) + 0.5,
/// n)`, indices sorted by their random values), written into `out`.
fn randrun_perm(c: Time, out: &mut [usize]) {
    let n = out.len();
    let mut rs = [0.0f64; MAX_RANDRUN];
    time_to_rands(to_f64(c) + 0.5, &mut rs[..n]);
    for (k, o) in out.iter_mut().enumerate() {
        *o = k;
    }
    out.sort_unstable_by(|a, b| rs[*a].total_cmp(&rs[*b]));
}

/// `shuffle 4`, Strudel's and Tidal's `shuffle` (`_rearrangeWith (randrun n) n`, `n` patterned):
/// each cycle plays the pattern's `n` parts once each, in a random order. `randrun` is Strudel's
/// (seeded at the cycle's start plus a half, Strudel's generator), with its sort done as
/// intended: Strudel 1.2's comparator `a[0] > b[0] - a[0] < b[0]` never returns a negative
/// number, so there every permutation is the identity.
pub fn shuffle(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let mut out = ctx.haps();
        let Some(n) = value_int(v).filter(|n| *n >= 1 && *n as usize <= MAX_RANDRUN) else {
            return out;
        };
        let mut perm = [0usize; MAX_RANDRUN];
        index_events(
            ctx,
            n,
            span,
            |c, k| {
                randrun_perm(c, &mut perm[..n as usize]);
                perm[k as usize] as i64
            },
            |i, part| out.extend(rearrange_q(pat, n, i, ctx, part)),
        );
        out
    })
}

/// `scramble 4`, Strudel's and Tidal's `scramble` (`_rearrangeWith (_segment n $ _irand n) n`,
/// `n` patterned): each of the `n` steps of a cycle plays a part chosen at random (Strudel's
/// generator at the step's start).
pub fn scramble(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let mut out = ctx.haps();
        let Some(n) = value_int(v).filter(|n| *n >= 1) else {
            return out;
        };
        index_events(
            ctx,
            n,
            span,
            |c, k| {
                let at = tadd(c, Time::new(k, n));
                (time_to_rand(to_f64(at)) * n as f64).floor() as i64
            },
            |i, part| out.extend(rearrange_q(pat, n, i, ctx, part)),
        );
        out
    })
}

/// The `n` steps per cycle over `span`: `index(cycle, step)` gives each step's value, and
/// `f(value, part)` receives it with the step's part of the span.
fn index_events(
    ctx: &Ctx<'_>,
    n: i64,
    span: Span,
    mut index: impl FnMut(Time, i64) -> i64,
    mut f: impl FnMut(i64, Span),
) {
    span.for_each_cycle(ctx, |s| {
        let c = sam(s.begin);
        let nt = t(n);
        let first = sam(tmul(s.begin - c, nt)).to_integer();
        let mut k = first;
        while k < n {
            let step = Span::new(tadd(c, Time::new(k, n)), tadd(c, Time::new(k + 1, n)));
            if step.begin >= s.end && !(s.begin == s.end && k == first) {
                break;
            }
            if let Some(part) = step.intersection(&s) {
                if part.begin != part.end || s.begin == s.end {
                    f(index(c, k), part);
                }
            }
            k += 1;
        }
    });
}

/// `toScale' 24 [0, 4, 7]`, Tidal's `toScale'` (UI.hs: `noteInScale x = (s !!! x) + o * (x
/// div length s)`; `toScale = toScale' 12`): scale degrees (floored to whole numbers) to
/// semitones.
pub fn to_scale(octave: f64, scale: Vec<f64>, degrees: &Pattern) -> Pattern {
    if scale.is_empty() {
        return silence();
    }
    degrees.fmap(move |_, v| match v.as_num() {
        Some(x) => {
            let x = x.floor() as i64;
            let n = scale.len() as i64;
            Value::Num(scale[wrap(x, scale.len())] + octave * x.div_euclid(n) as f64)
        }
        None => v,
    })
}

/// `chooseBy sine [0, 2, 7]`, Tidal's `chooseBy` (UI.hs: `(xs !!!) . floor <$> range 0 (length
/// xs) f`): the list element at the position `f` (0..1) gives, with `f`'s structure.
pub fn choose_by(f: &Pattern, xs: Vec<Pattern>) -> Pattern {
    if xs.is_empty() {
        return silence();
    }
    let f = f.clone();
    Pattern::new(move |ctx, span| {
        let n = xs.len();
        pick_left(f.query(ctx, span), &xs, ctx, |h| {
            let x = h.value.as_num()?;
            Some(wrap((x * n as f64).floor() as i64, n))
        })
    })
}

/// `wchooseBy rand [(0, 0.25), (2, 0.5)]`, Tidal's `wchooseBy` (UI.hs; Strudel's `wchoose` is the
/// same with `rand`): the first value whose running weight exceeds `r * total`, with `f`'s
/// structure.
pub fn wchoose_by(f: &Pattern, xs: Vec<Pattern>, weights: Vec<f64>) -> Pattern {
    if xs.is_empty() {
        return silence();
    }
    let total: f64 = weights.iter().sum();
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    let f = f.clone();
    Pattern::new(move |ctx, span| {
        pick_left(f.query(ctx, span), &xs, ctx, |h| {
            let r = h.value.as_num()? * total;
            Some(
                cumulative
                    .iter()
                    .position(|c| *c > r)
                    .unwrap_or(xs.len() - 1),
            )
        })
    })
}

/// `randslice 4 $ s "bev"`, Tidal's `randslice` (Control.hs: `innerJoin $ (\i -> _slice n i p)
/// <$> _irand n`, `n` patterned): each event plays a random one of `n` slices of its sample
/// (`begin`/`end`). Tidal draws the slice once per query; Phonon draws it at each event's onset
/// (Strudel's generator), so it does not depend on how the time is queried.
pub fn randslice(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let mut haps = pat.query(ctx, span);
        let Some(n) = value_int(v).filter(|n| *n >= 1) else {
            return ctx.haps();
        };
        for h in haps.as_mut_slice() {
            let r = time_to_rand(to_f64(h.whole_or_part().begin));
            let i = (r * n as f64).floor();
            let v = set_control(ctx, h.value, Sym::BEGIN, Value::Num(i / n as f64));
            h.value = set_control(ctx, v, Sym::END, Value::Num((i + 1.0) / n as f64));
        }
        haps
    })
}

/// Tidal's `spreadChoose f vs p` (UI.hs: `do v <- _segment 1 (choose vs); f v p`) given the
/// patterns `f v p`: each cycle plays one of them, chosen with Strudel's generator at the cycle's
/// start; wholes are cut to the cycle (the monad's `unwrap`).
pub fn spread_choose(pats: Vec<Pattern>) -> Pattern {
    if pats.is_empty() {
        return silence();
    }
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            let cycle = Span::new(c, tadd(c, t(1)));
            let k = wrap(
                (time_to_rand(to_f64(c)) * pats.len() as f64).floor() as i64,
                pats.len(),
            );
            for h in pats[k].query(ctx, s).iter() {
                let whole = match h.whole {
                    Some(w) => match w.intersection(&cycle) {
                        Some(x) => Some(x),
                        None => continue,
                    },
                    None => None,
                };
                out.push(h.derive(whole, h.part, h.value));
            }
        });
        out
    })
}

/// `inhabit [("a", p), ("b", q)] "a b"`, Strudel's `inhabit` (pick.mjs: the lookup by name,
/// squeeze-joined; Tidal's is the same): each word plays a whole cycle of the pattern it names,
/// squeezed into its event; an unknown word is silent.
pub fn inhabit(table: Vec<(Sym, Pattern)>, pat: &Pattern) -> Pattern {
    let pat = pat.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in pat.query(ctx, span).iter() {
            let Value::Str(s) = h.value else { continue };
            if let Some((_, x)) = table.iter().find(|(k, _)| *k == s) {
                squeeze_with(h, &mut out, |q| x.query(ctx, q), Some);
            }
        }
        out
    })
}

/// Tidal's `stretch` (UI.hs): each cycle zoomed to the span its events cover (from the earliest
/// start to the latest end, moved into the cycle; a cycle without events is left as it is).
pub fn stretch(pat: &Pattern) -> Pattern {
    let pat = pat.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            let haps = pat.query(ctx, Span::new(c, tadd(c, t(1))));
            let mut it = haps.iter().map(|h| h.whole_or_part());
            let (b, e) = match it.next() {
                Some(first) => it.fold((first.begin, first.end), |(b, e), w| {
                    (b.min(w.begin), e.max(w.end))
                }),
                None => (c, tadd(c, t(1))),
            };
            let pos = b - sam(b);
            out.extend(zoom_with(ctx, pos, tadd(pos, e - b), s, |q| {
                pat.query(ctx, q)
            }));
        });
        out
    })
}

/// `fit' 1 2 "0 1" "1 0" p`, Tidal's `fit'` (UI.hs: `squeezeJoin $ _fit n mapMasks to`), given
/// `masks[i]`, the pattern where `from` is `i`, stretched (`stretch $ mask (from' == i) p'`):
/// each event of `to` plays a cycle of mask `to + n * floor (start of its part)` (wrapping),
/// squeezed into it.
pub fn fit_prime(n: i64, masks: Vec<Pattern>, to: &Pattern) -> Pattern {
    if masks.is_empty() {
        return silence();
    }
    let to = to.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in to.query(ctx, span).iter() {
            let Some(i) = h.value.as_num() else { continue };
            let k = wrap(
                i.floor() as i64 + n * sam(h.part.begin).to_integer(),
                masks.len(),
            );
            squeeze_with(h, &mut out, |q| masks[k].query(ctx, q), Some);
        }
        out
    })
}
