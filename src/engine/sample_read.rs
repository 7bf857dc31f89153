//! Reading a sample voice's source: linear interpolation at `start + rate * k`, plain or moving
//! (`accelerate`, `loop`), bounded to `begin`..`end`, and a direct path for voices with no effects.

use super::voice::Motion;
use crate::samples::Sample;

/// How many of the `n` output samples from `k` on read inside `[lo, hi]` at
/// `start + rate * k`. The position is monotonic in `k` (IEEE multiply and add round
/// monotonically), so the samples in range are a prefix: estimated once, then corrected with the
/// exact per-sample formula at its end.
#[inline]
pub(super) fn samples_in_range(
    start: f64,
    rate: f64,
    k: u64,
    (lo, hi): (f64, f64),
    n: usize,
) -> usize {
    // The same value as `start + rate * (k0 + i as f64)` in the render loops (exact integers).
    let pos = |i: usize| start + rate * (k + i as u64) as f64;
    let ok = |i: usize| {
        let p = pos(i);
        p >= lo && p <= hi
    };
    if n == 0 || !ok(0) {
        return 0;
    }
    // The first sample past the bound the position is heading for.
    let bound = if rate > 0.0 { hi } else { lo };
    let est = (bound - start) / rate - k as f64;
    let mut c = if est.is_finite() {
        (est.max(0.0).min(n as f64) as usize).clamp(1, n)
    } else {
        n
    };
    while c > 1 && !ok(c - 1) {
        c -= 1;
    }
    while c < n && ok(c) {
        c += 1;
    }
    c
}

/// Reads `out_l.len()` samples of a sample voice (linear interpolation at `start + rate * k`)
/// into `out_l` (and `out_r` for stereo samples), stopping where the position leaves `[lo, hi]`.
/// Advances `k`; returns the samples written and whether the sample is mono.
pub(super) fn read_sample(
    sample: &Sample,
    start: f64,
    rate: f64,
    k: &mut u64,
    bounds: (f64, f64),
    out_l: &mut [f32],
    out_r: &mut [f32],
) -> (usize, bool) {
    let src_l = &sample.left[..];
    let mono = sample.right.is_none();
    let len = src_l.len();
    if len == 0 {
        return (0, mono);
    }
    let (lo, hi) = (bounds.0.max(0.0), bounds.1.min((len - 1) as f64));
    let c = samples_in_range(start, rate, *k, (lo, hi), out_l.len().min(out_r.len()));
    let k0 = *k as f64;
    match &sample.right {
        None => {
            let mut kf = k0;
            for o in out_l[..c].iter_mut() {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: `interp_at` returns indices below `len` for positions in [0, len - 1].
                let (a, b) = unsafe { (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1)) };
                *o = a + (b - a) * fr;
            }
        }
        Some(src_r) => {
            let src_r = &src_r[..len.min(src_r.len())];
            let len = src_r.len();
            let mut kf = k0;
            for (ol, or) in out_l[..c].iter_mut().zip(out_r[..c].iter_mut()) {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: as above; both channels hold at least `len` samples.
                unsafe {
                    let (a, b) = (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1));
                    *ol = a + (b - a) * fr;
                    let (a, b) = (*src_r.get_unchecked(i0), *src_r.get_unchecked(i1));
                    *or = a + (b - a) * fr;
                }
            }
        }
    }
    *k += c as u64;
    (c, mono)
}

/// [`read_sample`] for a voice with a [`Motion`]: the position at output sample `k` is
/// `start + rate * k + accel * k^2`, wrapped into the segment when it loops; the voice stops at
/// `end_k` or when a non-looping position leaves `[lo, hi]`.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_moving(
    sample: &Sample,
    start: f64,
    rate: f64,
    motion: &Motion,
    k: &mut u64,
    bounds: (f64, f64),
    out_l: &mut [f32],
    out_r: &mut [f32],
) -> (usize, bool) {
    let src_l = &sample.left[..];
    let mono = sample.right.is_none();
    let len = src_l.len();
    let len = sample.right.as_ref().map_or(len, |r| len.min(r.len()));
    if len == 0 {
        return (0, mono);
    }
    let (lo, hi) = (bounds.0.max(0.0), bounds.1.min((len - 1) as f64));
    let n = out_l
        .len()
        .min(out_r.len())
        .min(motion.end_k.saturating_sub(*k).min(usize::MAX as u64) as usize);
    let Motion {
        accel, loop_len, ..
    } = *motion;
    let mut c = 0;
    while c < n {
        let kf = (*k + c as u64) as f64;
        let travel = rate * kf + accel * kf * kf;
        let p = if loop_len > 0.0 {
            // A forward voice wraps from `lo`, a backward one from `hi` (travel turns negative
            // when `accelerate` reverses the rate: the segment then loops the other way).
            if rate > 0.0 {
                (lo + travel.rem_euclid(loop_len)).min(hi)
            } else {
                (hi - (-travel).rem_euclid(loop_len)).max(lo)
            }
        } else {
            start + travel
        };
        // Also false for a NaN position.
        if !(p >= lo && p <= hi) {
            break;
        }
        let (i0, i1, fr) = interp_at(p, len);
        // SAFETY: `interp_at` clamps both indices below `len`, which both channels hold, and
        // `c < n`, which is at most the length of both outputs.
        unsafe {
            let (a, b) = (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1));
            *out_l.get_unchecked_mut(c) = a + (b - a) * fr;
            if let Some(src_r) = &sample.right {
                let (a, b) = (*src_r.get_unchecked(i0), *src_r.get_unchecked(i1));
                *out_r.get_unchecked_mut(c) = a + (b - a) * fr;
            }
        }
        c += 1;
    }
    *k += c as u64;
    (c, mono)
}

/// The neighbouring source indices and the fraction for a read position `p`, which the caller
/// keeps inside `[0, len - 1]` (`samples_in_range` with `lo >= 0`, `hi <= len - 1`).
#[inline(always)]
pub(super) fn interp_at(p: f64, len: usize) -> (usize, usize, f32) {
    // SAFETY: `p` is finite and between 0 and the sample's length, so its truncation fits an
    // i64. The indices are clamped below `len` all the same (the right channel of a stereo
    // sample may be the shorter one), so the reads stay in bounds.
    let i = unsafe { p.to_int_unchecked::<i64>() };
    let i0 = (i as usize).min(len - 1);
    let i1 = (i0 + 1).min(len - 1);
    (i0, i1, (p - i as f64) as f32)
}

/// The common case: a sample voice with no filter or sends, interpolated straight into the
/// output (mono samples read once per output sample). Returns false once the sample is done.
/// The read position is `start + rate * k` for every sample (`k` counted as an exact f64), so
/// the result does not depend on how the blocks are cut.
#[allow(clippy::too_many_arguments)]
pub(super) fn render_sample_direct(
    sample: &Sample,
    start: f64,
    rate: f64,
    k: &mut u64,
    bounds: (f64, f64),
    gain_l: f32,
    gain_r: f32,
    left: &mut [f32],
    right: &mut [f32],
) -> bool {
    let src_l = &sample.left[..];
    let len = src_l.len();
    if len == 0 {
        return false;
    }
    let (lo, hi) = (bounds.0.max(0.0), bounds.1.min((len - 1) as f64));
    let n = left.len().min(right.len());
    // Every position below is inside [lo, hi]: no per-sample bounds test.
    let c = samples_in_range(start, rate, *k, (lo, hi), n);
    if gain_l == 0.0 && gain_r == 0.0 {
        // Silent (gain 0): only its clock runs, so it ends on the same sample.
        *k += c as u64;
        return c == n;
    }
    let k0 = *k as f64;
    let (left, right) = (&mut left[..c], &mut right[..c]);
    // The largest position read is at one end (positions are monotonic). Below `len - 1`, both
    // neighbours of every position are inside the sample and the loop needs no clamping.
    let far = if c == 0 {
        0.0
    } else {
        (start + rate * k0).max(start + rate * (k0 + (c - 1) as f64))
    };
    let inside = far < (len - 1) as f64;
    match (&sample.right, inside) {
        (None, true) => {
            // `kf` counts k exactly in f64 (integers below 2^53), as `k0 + i as f64` would.
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let p = start + rate * kf;
                kf += 1.0;
                // SAFETY: 0 <= lo <= p <= far < len - 1: the truncation is exact and in range,
                // and both `i0` and `i0 + 1` are below `len`.
                let (a, b, fr) = unsafe {
                    let i0 = p.to_int_unchecked::<i64>();
                    let u = i0 as usize;
                    (
                        *src_l.get_unchecked(u),
                        *src_l.get_unchecked(u + 1),
                        (p - i0 as f64) as f32,
                    )
                };
                let x = a + (b - a) * fr;
                *l += x * gain_l;
                *r += x * gain_r;
            }
        }
        (None, false) => {
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: `interp_at` clamps both indices below `len`.
                let (a, b) = unsafe { (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1)) };
                let x = a + (b - a) * fr;
                *l += x * gain_l;
                *r += x * gain_r;
            }
        }
        (Some(src_r), _) => {
            let len = len.min(src_r.len());
            let (src_l, src_r) = (&src_l[..len], &src_r[..len]);
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: `interp_at` clamps both indices below `len`, the length of both slices.
                unsafe {
                    let (a, b) = (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1));
                    *l += (a + (b - a) * fr) * gain_l;
                    let (a, b) = (*src_r.get_unchecked(i0), *src_r.get_unchecked(i1));
                    *r += (a + (b - a) * fr) * gain_r;
                }
            }
        }
    }
    *k += c as u64;
    c == n
}
