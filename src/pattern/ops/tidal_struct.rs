//! Tidal's structure and composition functions that Strudel lacks (or shares, then Strudel's
//! semantics, said so): fastSqueeze, slowSqueeze, spaceOut, inv, binaryN/binary, ascii,
//! necklace, sew, stitch, distrib, permstep, fadeIn/fadeOut (and `From`), ur's query. Each cites
//! its source: Tidal 1.9's `Sound.Tidal.UI`/`Core`/`Pattern`, Strudel 1.2's `signal.mjs` and
//! `pattern.mjs`.

use super::structure::{bjorklund_into, mask, struct_, truthy, MAX_EUCLID_STEPS};
use super::{patternify, time_value, value_int, value_time};
use crate::pattern::pattern::{silence, stack, Pattern};
use crate::pattern::rand::time_to_rand;
use crate::pattern::time::{sam, t, tadd, tdiv, to_f64, Span, Time};
use crate::pattern::transform::{compress_with, fast_with, squeeze_with, steps_haps};
use crate::pattern::value::{Sym, Value};

/// `fastSqueeze "1 2"`, Tidal's `fastSqueeze` (Pattern.hs: `tParamSqueeze _fast`): each factor
/// event plays a whole cycle of the pattern sped up by it, squeezed into the event; `slow` is
/// `slowSqueeze`.
pub fn fast_squeeze(factor: &Pattern, pat: &Pattern, slow: bool) -> Pattern {
    let (factor, pat) = (factor.clone(), pat.clone());
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in factor.query(ctx, span).iter() {
            let Some(f) = value_time(h.value).filter(|f| *f != t(0)) else {
                continue;
            };
            let f = if slow { tdiv(t(1), f) } else { f };
            squeeze_with(
                h,
                &mut out,
                |s| fast_with(ctx, f, s, |q| pat.query(ctx, q)),
                Some,
            );
        }
        out
    })
}

/// `spaceOut [1, 0.5]`, Tidal's `spaceOut` (UI.hs): the pattern played once at each duration of
/// the list, one after another (`_slow (sum xs) $ stack $ map (`compressArc` p) spaceArcs`).
pub fn space_out(xs: &[Time], pat: &Pattern) -> Pattern {
    let total = xs.iter().fold(t(0), |a, x| tadd(a, *x));
    if total <= t(0) {
        return silence();
    }
    let mut parts = vec![];
    let mut at = t(0);
    for x in xs {
        let (b, e) = (tdiv(at, total), tdiv(tadd(at, *x), total));
        at = tadd(at, *x);
        let p = pat.clone();
        parts.push(Pattern::new(move |ctx, span| {
            compress_with(ctx, b, e, span, |q| p.query(ctx, q))
        }));
    }
    let all = stack(parts);
    Pattern::new(move |ctx, span| fast_with(ctx, tdiv(t(1), total), span, |q| all.query(ctx, q)))
}

/// `inv "1 0"`, Strudel's `inv`/`invert` (pattern.mjs: `pat.fmap((x) => !x)`) and Tidal's `inv`:
/// true becomes 0, false 1.
pub fn inv(pat: &Pattern) -> Pattern {
    pat.fmap(|_, v| Value::Num(if truthy(v) { 0.0 } else { 1.0 }))
}

/// `binaryN 8 55`, Strudel's `binaryN(n, nBits)` (signal.mjs: `reify(n).segment(nBits)
/// .brshift(bitPos).band(1)`, most significant bit first), with Tidal's argument order (bits,
/// then the number): `nBits` steps per cycle, each 1 or 0, the number sampled at each step.
/// Tidal squeezes the bits of each event of the number into it (the same for one number a
/// cycle) and gives booleans.
pub fn binary_n(bits: &Pattern, number: &Pattern) -> Pattern {
    let number = number.clone();
    patternify(bits, &number, |number, v, ctx, span| {
        let Some(nb) = value_int(v).filter(|n| (1..=64).contains(n)) else {
            return ctx.haps();
        };
        let mut out = ctx.haps();
        for step in steps_haps(ctx, nb, span, |k| Some(Value::Num(k as f64))).iter() {
            let Some(k) = step.value.as_num() else {
                continue;
            };
            let w = step.whole_or_part();
            for x in number.query(ctx, w).iter() {
                let Some(n) = x.value.as_num() else { continue };
                let Some(part) = step.part.intersection(&x.part) else {
                    continue;
                };
                let pos = nb - 1 - (k as i64).rem_euclid(nb);
                // JS: `a >> b` on 32-bit integers, then `& 1`.
                let bit = ((n as i64 as i32) >> (pos as u32 & 31)) & 1;
                out.push(x.derive(step.whole, part, Value::Num(bit as f64)));
            }
        }
        out
    })
}

/// `binary 5`, Strudel's `binary(n)` (signal.mjs: `binaryN(n, floor(log2 n) + 1)`): the bits of
/// a number without leading zeros. Tidal's `binary` is `binaryN 8`.
pub fn binary(number: &Pattern) -> Pattern {
    let number = number.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for x in number.query(ctx, span).iter() {
            let Some(n) = x.value.as_num().filter(|n| *n >= 1.0) else {
                continue;
            };
            let nb = (n.log2().floor() as i64 + 1).min(64);
            out.extend(steps_haps(ctx, nb, x.part, |k| {
                let pos = nb - 1 - k.rem_euclid(nb);
                Some(Value::Num(
                    (((n as i64 as i32) >> (pos as u32 & 31)) & 1) as f64,
                ))
            }));
        }
        out
    })
}

/// `ascii "ab"`, Tidal's `ascii` (UI.hs: `squeezeJoin $ (listToPat . concatMap (__binary 8 .
/// ord)) <$> p`): the bits of each word's characters (8 each, most significant first), 1 or 0,
/// squeezed into the word's event. `table` holds the bits of each word the pattern can play
/// (worked out when compiling: the audio thread does not read the words' text).
pub fn ascii(words: &Pattern, table: Vec<(Sym, Vec<f64>)>) -> Pattern {
    let words = words.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in words.query(ctx, span).iter() {
            let Value::Str(s) = h.value else { continue };
            let Some((_, bits)) = table.iter().find(|(k, _)| *k == s) else {
                continue;
            };
            let n = bits.len() as i64;
            if n == 0 {
                continue;
            }
            squeeze_with(
                h,
                &mut out,
                |q| {
                    steps_haps(ctx, n, q, |k| {
                        Some(Value::Num(bits[k.rem_euclid(n) as usize]))
                    })
                },
                Some,
            );
        }
        out
    })
}

/// The bits of a word for `ascii`.
pub fn ascii_bits(word: &str) -> Vec<f64> {
    word.bytes()
        .flat_map(|c| (0..8).rev().map(move |i| ((c >> i) & 1) as f64))
        .collect()
}

/// `necklace 12 [4, 2]`, Tidal's `necklace` (UI.hs: `_slow (sum xs / perCycle) $ listToPat`
/// of each number as a 1 then that many 0s less one): `perCycle` steps a cycle.
pub fn necklace(per_cycle: Time, xs: &[i64]) -> Pattern {
    let bools: Vec<f64> = xs
        .iter()
        .flat_map(|x| (0..(*x).max(1)).map(|i| if i == 0 { 1.0 } else { 0.0 }))
        .collect();
    let n = bools.len() as i64;
    if n == 0 || per_cycle <= t(0) {
        return silence();
    }
    let factor = tdiv(per_cycle, t(n));
    Pattern::new(move |ctx, span| {
        fast_with(ctx, factor, span, |q| {
            steps_haps(ctx, n, q, |k| {
                Some(Value::Num(bools[k.rem_euclid(n) as usize]))
            })
        })
    })
}

/// `sew "t f" a b`, Tidal's `sew` (UI.hs: `overlay (mask pb a) (mask (inv pb) b)`): `a` where the
/// booleans are true, `b` where false, each keeping its own structure.
pub fn sew(bools: &Pattern, a: &Pattern, b: &Pattern) -> Pattern {
    stack(vec![mask(bools, a), mask(&inv(bools), b)])
}

/// `stitch "t f" a b`, Tidal's `stitch` (UI.hs: `overlay (struct pb a) (struct (inv pb) b)`):
/// like `sew`, the structure the booleans'.
pub fn stitch(bools: &Pattern, a: &Pattern, b: &Pattern) -> Pattern {
    stack(vec![struct_(bools, a), struct_(&inv(bools), b)])
}

/// `distrib [3, 8]`, Tidal's `_distrib` (UI.hs): Bjorklund layers, each spreading its onsets
/// over the steps of the last; the pattern's values on the steps left on.
pub fn distrib(xs: &[i64], pat: &Pattern) -> Pattern {
    let Some(&last) = xs.last() else {
        return silence();
    };
    if last <= 0 || last as usize > MAX_EUCLID_STEPS {
        return silence();
    }
    let mut layers: Vec<Vec<bool>> = vec![];
    for w in xs.windows(2) {
        let mut buf = [false; MAX_EUCLID_STEPS];
        match bjorklund_into(w[0], w[1], &mut buf) {
            Some(n) => layers.push(buf[..n].to_vec()),
            None => return silence(),
        }
    }
    // foldr distrib' (replicate last True) (reverse layers)
    let mut acc = vec![true; last as usize];
    for layer in layers.iter() {
        acc = distrib_step(layer, &acc);
    }
    let n = acc.len() as i64;
    let pat = pat.clone();
    Pattern::new(move |ctx, span| {
        let bools = steps_haps(ctx, n, span, |k| {
            acc[k.rem_euclid(n) as usize].then_some(Value::Num(1.0))
        });
        let mut out = ctx.haps();
        for b in bools.iter() {
            for y in pat.query(ctx, b.whole_or_part()).iter() {
                if let Some(part) = b.part.intersection(&y.part) {
                    out.push(ctx.combine(b, y, b.whole, part, y.value));
                }
            }
        }
        out
    })
}

/// Tidal's `distrib'`: the trues of `a` take the values of `b` in turn.
fn distrib_step(a: &[bool], b: &[bool]) -> Vec<bool> {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &x in a {
        if x {
            out.push(b.get(j).copied().unwrap_or(false));
            j += 1;
        } else {
            out.push(false);
        }
    }
    out
}

/// Tidal's `permstep` permutations (UI.hs: every way to split `total` steps among `n` things,
/// each at least one, sorted by how far they are from even).
pub fn permstep_table(n: usize, total: i64) -> Vec<Vec<i64>> {
    fn perms(n: usize, total: i64) -> Vec<Vec<i64>> {
        match n {
            0 => vec![],
            1 => vec![vec![total]],
            _ => (1..=(total - (n as i64 - 1)))
                .flat_map(|x| {
                    perms(n - 1, total - x).into_iter().map(move |mut r| {
                        r.insert(0, x);
                        r
                    })
                })
                .collect(),
        }
    }
    let avg = total as f64 / n as f64;
    let mut ps: Vec<(Vec<i64>, f64)> = perms(n, total)
        .into_iter()
        .map(|x| {
            let d = x.iter().map(|v| (avg - *v as f64).abs()).sum();
            (x, d)
        })
        .collect();
    // `sortOn snd` is stable.
    ps.sort_by(|a, b| a.1.total_cmp(&b.1));
    ps.into_iter().map(|(x, _)| x).collect()
}

/// `permstep 8 ["bd", "sn"] "<0 0.5 1>"`, Tidal's `permstep` (UI.hs): each cycle, the number
/// (sampled at the cycle's start, 0..1) picks a split of the steps among the things
/// (`ps !! floor (n * (length ps - 1))`), played as a sequence.
pub fn permstep(steps: i64, things: Vec<Pattern>, pick: &Pattern) -> Pattern {
    let table = permstep_table(things.len(), steps);
    if table.is_empty() {
        return silence();
    }
    // Each permutation as the thing index of each step.
    let seqs: Vec<Vec<usize>> = table
        .iter()
        .map(|counts| {
            counts
                .iter()
                .enumerate()
                .flat_map(|(i, c)| std::iter::repeat_n(i, *c as usize))
                .collect()
        })
        .collect();
    let pick = pick.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let c = sam(s.begin);
            let cycle = Span::new(c, tadd(c, t(1)));
            let x = pick
                .query(ctx, Span::new(c, c))
                .iter()
                .find_map(|h| h.value.as_num());
            let Some(x) = x else { return };
            let k = (x * (seqs.len() - 1) as f64)
                .floor()
                .clamp(0.0, (seqs.len() - 1) as f64) as usize;
            let seq = &seqs[k];
            let n = seq.len() as i64;
            for step in steps_haps(ctx, n, s, |j| {
                Some(Value::Num(seq[j.rem_euclid(n) as usize] as f64))
            })
            .iter()
            {
                let Some(i) = step.value.as_num() else {
                    continue;
                };
                for y in things[i as usize].query(ctx, step.whole_or_part()).iter() {
                    let Some(part) = step.part.intersection(&y.part) else {
                        continue;
                    };
                    let whole = step.whole.and_then(|w| w.intersection(&cycle));
                    out.push(ctx.combine(step, y, whole, part, y.value));
                }
            }
        });
        out
    })
}

/// Tidal's `fadeOut`/`fadeIn`/`fadeOutFrom`/`fadeInFrom` (UI.hs: `innerJoin $ (`_degradeBy` p)
/// <$> (from `rotR` _slow dur envL)`, `envLR` for the fades in): each event is dropped with the
/// probability of the envelope at its onset, `clamp 0 1 ((t - from) / dur)` (fading out) or one
/// minus it (fading in), with Strudel's generator (Tidal samples the envelope once per query).
pub fn fade(from: Time, dur: Time, fade_in: bool, pat: &Pattern) -> Pattern {
    let pat = pat.clone();
    Pattern::new(move |ctx, span| {
        let mut haps = pat.query(ctx, span);
        haps.retain(|h| {
            let at = to_f64(h.whole_or_part().begin);
            let env = if dur <= t(0) {
                if at >= to_f64(from) {
                    1.0
                } else {
                    0.0
                }
            } else {
                ((at - to_f64(from)) / to_f64(dur)).clamp(0.0, 1.0)
            };
            let amount = if fade_in { 1.0 - env } else { env };
            time_to_rand(at) >= amount
        });
        haps
    })
}

/// Which outer events an `ur` body plays: `name`, `name:fx`, or `name:` an unknown fx (Tidal
/// then still shifts the pattern to the event's start).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UrFx {
    Plain,
    Fx(Sym),
    Unknown,
}

/// One `ur` body: the pattern to play for the outer events it matches, reading the parameters
/// bound to the event's start and `1 / its length`.
pub struct UrBody {
    pub name: Sym,
    pub fx: UrFx,
    pub body: Pattern,
}

/// Tidal's `ur t outer named fxs` query (UI.hs: `_slow t $ unwrap $ adjust <$> timedValues
/// (getPat . split <$> outer_p)`), given the compiled bodies: each outer event `name` or
/// `name:fx` plays its body with the parameters `start` and `inv_len` bound to the event's start
/// and `1 / length`, the wholes cut to the outer event's (`unwrap`); the whole slowed by `t`.
/// An unknown name is silent.
pub fn ur(t_len: Time, outer: &Pattern, bodies: Vec<UrBody>, start: u32, inv_len: u32) -> Pattern {
    if t_len <= t(0) {
        return silence();
    }
    let outer = outer.clone();
    let inner = Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in outer.query(ctx, span).iter() {
            let Some(w) = h.whole else { continue };
            let (name, fx) = match h.value {
                Value::Str(s) => (s, None),
                Value::List([Value::Str(s), Value::Str(f), ..]) => (*s, Some(*f)),
                _ => continue,
            };
            let find = |want: UrFx| bodies.iter().find(|b| b.name == name && b.fx == want);
            let body = match fx {
                None => find(UrFx::Plain),
                Some(f) => find(UrFx::Fx(f)).or_else(|| find(UrFx::Unknown)),
            };
            let Some(b) = body else { continue };
            let (Some(s), Some(l)) = (
                time_value(ctx, w.begin),
                time_value(ctx, tdiv(t(1), w.len())),
            ) else {
                continue;
            };
            let haps = ctx
                .with_param(start, s, || {
                    ctx.with_param(inv_len, l, || b.body.query(ctx, h.part))
                })
                .flatten();
            let Some(haps) = haps else { continue };
            for x in haps.iter() {
                let whole = match x.whole {
                    Some(iw) => match iw.intersection(&w) {
                        Some(v) => Some(v),
                        None => continue,
                    },
                    None => None,
                };
                if let Some(part) = crate::pattern::ops::tidal_time::sub_arc(h.part, x.part) {
                    out.push(ctx.combine(h, x, whole, part, x.value));
                }
            }
        }
        out
    });
    Pattern::new(move |ctx, span| fast_with(ctx, tdiv(t(1), t_len), span, |q| inner.query(ctx, q)))
}

/// Most layers `plyWith` stacks (its count is capped here).
pub const MAX_PLY_LAYERS: usize = 32;

/// `plyWith 3 (|* gain 0.8)`, Tidal's `plyWith` (UI.hs: `innerJoin $ (\n -> _plyWith n f p) <$>
/// np`, `_plyWith n f p = arpeggiate $ compound n`, `compound n = overlay p (f $ compound (n-1))`
/// down to `n <= 1`), given `layers[k]`, the arpeggiated compound of `k + 1` layers: a count `n`
/// plays `ceil n` layers (1 for `n <= 1`, at most [`MAX_PLY_LAYERS`]).
pub fn ply_with(n: &Pattern, layers: Vec<Pattern>) -> Pattern {
    let n = n.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in n.query(ctx, span).iter() {
            let Some(x) = h.value.as_num() else { continue };
            let k = if x <= 1.0 { 1 } else { x.ceil() as usize };
            let k = k.min(layers.len());
            if k >= 1 {
                out.extend(layers[k - 1].query(ctx, h.part));
            }
        }
        out
    })
}

/// `weaveWith 3 p [f, g]`, Tidal's `weaveWith` (Control.hs: `_slow t $ stack $ zipWith (\i f ->
/// (i % l) `rotL` _fast t (f (_slow t p))) [0 ..] fs`), given the `f (_slow t p)` of each
/// function: each result played `t` times faster, shifted by its place in the list, the stack
/// slowed back by `t`.
pub fn weave_with(t_len: Time, applied: Vec<Pattern>) -> Pattern {
    let l = applied.len() as i64;
    if l == 0 || t_len <= t(0) {
        return silence();
    }
    let layers: Vec<Pattern> = applied
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let shift = Time::new(i as i64, l);
            Pattern::new(move |ctx, span| {
                crate::pattern::transform::early_with(span, shift, |s| {
                    fast_with(ctx, t_len, s, |x| q.query(ctx, x))
                })
            })
        })
        .collect();
    let all = stack(layers);
    Pattern::new(move |ctx, span| fast_with(ctx, tdiv(t(1), t_len), span, |q| all.query(ctx, q)))
}
