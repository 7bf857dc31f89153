//! Structure operators: struct, euclid and its rotations, segment.

use super::{patternify, patternify2, patternify3};
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::Haps;
use crate::pattern::pattern::Pattern;
use crate::pattern::time::{sam, t, tdiv, teq, tlt, tmul, Span, Time};
use crate::pattern::transform::{squeeze_with, steps_haps};
use crate::pattern::value::Value;

/// Longest euclid pattern computed on the audio thread (stack buffers, no allocation).
pub const MAX_EUCLID_STEPS: usize = 1024;

/// Bjorklund's algorithm as Strudel ports it (Rohan Drape's hmt `bjorklund`), written into
/// `out`; negative `ons` inverts the result. Returns the length, or `None` when the arguments
/// are invalid or longer than `out`.
///
/// Every group on each side of the algorithm is the same sequence, so it keeps one group per
/// side and a count: `left` gives (X+Y) x offs and X x (ons-offs); `right` gives (X+Y) x ons
/// and Y x (offs-ons).
pub fn bjorklund_into(ons: i64, steps: i64, out: &mut [bool]) -> Option<usize> {
    let ons_abs = ons.unsigned_abs() as i64;
    let offs = steps - ons_abs;
    if steps <= 0 || offs < 0 || steps as usize > out.len() || steps as usize > MAX_EUCLID_STEPS {
        return None;
    }
    let mut x = [false; MAX_EUCLID_STEPS];
    let mut y = [false; MAX_EUCLID_STEPS];
    let (mut xl, mut yl) = (1usize, 1usize);
    x[0] = true;
    let (mut n_on, mut n_off) = (ons_abs, offs);
    while n_on.min(n_off) > 1 {
        let (old_x, old_xl) = (x, xl);
        x[xl..xl + yl].copy_from_slice(&y[..yl]);
        xl += yl;
        if n_on > n_off {
            y[..old_xl].copy_from_slice(&old_x[..old_xl]);
            yl = old_xl;
            (n_on, n_off) = (n_off, n_on - n_off);
        } else {
            n_off -= n_on;
        }
    }
    let mut i = 0;
    for _ in 0..n_on {
        out[i..i + xl].copy_from_slice(&x[..xl]);
        i += xl;
    }
    for _ in 0..n_off {
        out[i..i + yl].copy_from_slice(&y[..yl]);
        i += yl;
    }
    if ons < 0 {
        out[..i].iter_mut().for_each(|b| *b = !*b);
    }
    Some(i)
}

/// The euclid pattern rotated right by `rotation` steps (Strudel's `_euclidRot`), in `out`.
pub fn euclid_into(pulses: i64, steps: i64, rotation: i64, out: &mut [bool]) -> Option<usize> {
    let n = bjorklund_into(pulses, steps, out)?;
    if rotation != 0 && n > 0 {
        out[..n].rotate_right(rotation.rem_euclid(n as i64) as usize);
    }
    Some(n)
}

/// Keeps the pattern's values where the boolean sequence is true, with its structure
/// (Strudel's `struct` with a list: `keepif.out` over `fastcat(bools)`).
pub fn struct_bools<'a>(pat: &Pattern, bools: &[bool], ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    let n = bools.len() as i64;
    if n == 0 {
        return ctx.haps();
    }
    struct_grid(
        pat,
        Time::new(1, n),
        |k| bools[k.rem_euclid(n) as usize],
        ctx,
        span,
    )
}

/// Events on a grid of steps `[k*step, (k+1)*step)`, kept where `on(k)`, valued by `pat`
/// sampled over each step (structure from the grid, as `keepif.out`).
pub fn struct_grid<'a>(
    pat: &Pattern,
    step: Time,
    on: impl Fn(i64) -> bool,
    ctx: &Ctx<'a>,
    span: Span,
) -> Haps<'a> {
    let mut out = ctx.haps();
    let point = teq(span.begin, span.end);
    let mut k = sam(tdiv(span.begin, step)).to_integer();
    // Bounded by the query's work budget (`segment 1e9`).
    while k < i64::MAX && ctx.spend() {
        let w = Span::new(tmul(t(k), step), tmul(t(k + 1), step));
        if !(tlt(w.begin, span.end) || (point && teq(w.begin, span.begin))) {
            break;
        }
        if on(k) {
            if let Some(part) = w.intersection(&span) {
                for h in pat.query(ctx, w).iter() {
                    if let Some(p2) = part.intersection(&h.part) {
                        out.push(h.derive(Some(w), p2, h.value));
                    }
                }
            }
        }
        k += 1;
        if point {
            break;
        }
    }
    out
}

fn int(v: Value) -> Option<i64> {
    v.as_num().map(|x| x.trunc() as i64)
}

fn euclid_q<'a>(pat: &Pattern, p: i64, s: i64, r: i64, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    let mut buf = [false; MAX_EUCLID_STEPS];
    match euclid_into(p, s, r, &mut buf) {
        Some(n) => struct_bools(pat, &buf[..n], ctx, span),
        None => {
            ctx.overflow.set(ctx.overflow.get() + 1);
            ctx.haps()
        }
    }
}

/// `euclid 3 8 $ s "bd"`: `pulses` onsets spread over `steps`.
pub fn euclid(pulses: &Pattern, steps: &Pattern, pat: &Pattern) -> Pattern {
    patternify2(pulses, steps, pat, |pat, p, s, ctx, span| {
        match (int(p), int(s)) {
            (Some(p), Some(s)) => euclid_q(pat, p, s, 0, ctx, span),
            _ => ctx.haps(),
        }
    })
}

/// `euclidRot 3 8 2 $ s "bd"` (mini `bd(3,8,2)`): euclid rotated right by `rotation` steps.
pub fn euclid_rot(pulses: &Pattern, steps: &Pattern, rotation: &Pattern, pat: &Pattern) -> Pattern {
    patternify3(
        pulses,
        steps,
        rotation,
        pat,
        |pat, p, s, r, ctx, span| match (int(p), int(s), int(r)) {
            (Some(p), Some(s), Some(r)) => euclid_q(pat, p, s, r, ctx, span),
            _ => ctx.haps(),
        },
    )
}

/// `segment 4 $ range 1 5 saw`: samples the pattern `n` times per cycle.
pub fn segment(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| match super::value_time(v) {
        Some(rate) if *rate.numer() > 0 => struct_grid(pat, tdiv(t(1), rate), |_| true, ctx, span),
        _ => ctx.haps(),
    })
}

/// Keeps `pat`'s values where `mask` has truthy events, with the mask's structure
/// (Strudel's `keepif.out`).
pub fn keep_where<'a>(pat: &Pattern, mask: &Pattern, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    let mut out = ctx.haps();
    for m in mask.query(ctx, span).iter() {
        if !truthy(m.value) {
            continue;
        }
        for h in pat.query(ctx, m.whole_or_part()).iter() {
            if let Some(part) = m.part.intersection(&h.part) {
                out.push(ctx.combine(m, h, m.whole, part, h.value));
            }
        }
    }
    out
}

/// JS truthiness of a value (`0`, `false`-like strings and rests are false).
pub fn truthy(v: Value) -> bool {
    match v {
        Value::Num(x) => x != 0.0 && !x.is_nan(),
        _ => true,
    }
}

/// `struct "t ~ t t" $ s "bd"`: the pattern's values with the structure of the boolean pattern,
/// where it is true (Strudel's `struct`: `keepif.out`).
pub fn struct_(bools: &Pattern, pat: &Pattern) -> Pattern {
    pat.app_right(bools, |_, a, b| truthy(b).then_some(a))
}

/// `mask "1 0 1 1" $ s "hh*8"`: keeps the pattern's events (cut to fit) where the boolean
/// pattern is true (Strudel's `mask`: `keepif.in`).
pub fn mask(bools: &Pattern, pat: &Pattern) -> Pattern {
    pat.app_left(bools, |_, a, b| truthy(b).then_some(a))
}

/// `euclidInv 3 8 $ s "bd"`: the steps euclid leaves empty (Tidal's `euclidInv`; Strudel's
/// negative pulses).
pub fn euclid_inv(pulses: &Pattern, steps: &Pattern, pat: &Pattern) -> Pattern {
    patternify2(pulses, steps, pat, |pat, p, s, ctx, span| {
        match (int(p), int(s)) {
            (Some(p), Some(s)) => euclid_q(pat, -p, s, 0, ctx, span),
            _ => ctx.haps(),
        }
    })
}

/// Mini-notation `a .. b`: the whole numbers from `a` to `b` (either way), squeezed into each
/// event of `a` (Strudel: `apat.squeezeBind(a => bpat.bind(b => fastcat(...range(a, b))))`).
pub fn mini_range(from: &Pattern, to: &Pattern) -> Pattern {
    let (from, to) = (from.clone(), to.clone());
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in from.query(ctx, span).iter() {
            squeeze_with(
                a,
                &mut out,
                |s| {
                    // `bpat.bind(b => fastcat(...))`: wholes intersected.
                    let mut inner = ctx.haps();
                    for b in to.query(ctx, s).iter() {
                        let (Some(x), Some(y)) = (a.value.as_num(), b.value.as_num()) else {
                            continue;
                        };
                        // `Array.from({length: |y - x| + 1})`, values x + i or x - i.
                        let len = ((y - x).abs() + 1.0).floor();
                        if !(1.0..=1e6).contains(&len) {
                            continue;
                        }
                        let n = len as i64;
                        let steps = steps_haps(ctx, n, b.part, |k| {
                            let i = k.rem_euclid(n) as f64;
                            Some(Value::Num(if x < y { x + i } else { x - i }))
                        });
                        for h in steps.iter() {
                            let whole = match (h.whole, b.whole) {
                                (Some(hw), Some(bw)) => match hw.intersection(&bw) {
                                    Some(w) => Some(w),
                                    None => continue,
                                },
                                _ => None,
                            };
                            inner.push(h.derive(whole, h.part, h.value));
                        }
                    }
                    inner
                },
                Some,
            );
        }
        out
    })
}

/// Strudel 1.2.6's `beat(t, div)` (`pattern.mjs`, `__beat` with `innerJoin`): each event of
/// `pat` plays in step `t` (mod `div`) of `div` steps per cycle, as `pure(x)._compress(t/div,
/// (t+1)/div)` inner-joined into the event.
pub fn beat(t: &Pattern, div: &Pattern, pat: &Pattern) -> Pattern {
    use crate::pattern::time::tadd;
    super::patternify2(t, div, pat, |pat, t, div, ctx, span| {
        let mut out = ctx.haps();
        let (Some(t), Some(div)) = (super::value_time(t), super::value_time(div)) else {
            return out;
        };
        if *div.numer() <= 0 {
            return out;
        }
        // JavaScript's `%` keeps the sign of `t`; Fraction's `mod` is the same.
        let t = t - div * (t / div).trunc();
        let (b, e) = (tdiv(t, div), tdiv(tadd(t, Time::from_integer(1)), div));
        for h in pat.query(ctx, span).iter() {
            let mut c = sam(h.part.begin);
            while c < h.part.end {
                let slot = Span::new(tadd(c, b), tadd(c, e));
                if let Some(part) = slot.intersection(&h.part).filter(|p| p.begin < p.end) {
                    out.push(h.derive(Some(slot), part, h.value));
                }
                c = tadd(c, Time::from_integer(1));
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(p: i64, s: i64, r: i64) -> String {
        let mut b = [false; 64];
        let n = euclid_into(p, s, r, &mut b).unwrap();
        b[..n].iter().map(|&x| if x { 'x' } else { '.' }).collect()
    }

    #[test]
    fn bjorklund_matches_strudel() {
        assert_eq!(e(3, 8, 0), "x..x..x.");
        assert_eq!(e(5, 8, 0), "x.xx.xx.");
        assert_eq!(e(3, 8, 2), "x.x..x..");
        assert_eq!(e(-3, 8, 0), ".xx.xx.x");
        assert_eq!(e(4, 4, 0), "xxxx");
        assert_eq!(e(0, 4, 0), "....");
    }
}
