//! Reading a sample voice's source at `start + rate * k`, plain or moving (`accelerate`,
//! `loop`), bounded to `begin`..`end`, and a direct path for voices with no effects.
//!
//! The read interpolates with 4 points as SuperDirt's `PlayBuf` does (`interpolation: 4`):
//! SuperCollider's `cubicinterp` (`include/plugin_interface/SC_SndBuf.h`, used by `PlayBuf`'s
//! `LOOP_BODY_4` in `server/plugins/DelayUGens.cpp`), the 4-point, 3rd-order Hermite in its
//! x-form, which is the Catmull-Rom spline through the four neighbours. Like a non-looping
//! `PlayBuf` near the buffer's ends, a neighbour outside the sample repeats the end sample
//! (indices clamped to `0..len`). A position on a source sample (speed 1 from a whole-sample
//! start) reads that sample exactly: a copy, no interpolation.

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

/// Reads `out_l.len()` samples of a sample voice (4-point interpolation at `start + rate * k`)
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
                *o = sample4(src_l, start + rate * kf, len);
                kf += 1.0;
            }
        }
        Some(src_r) => {
            let src_r = &src_r[..len.min(src_r.len())];
            let len = src_r.len();
            let mut kf = k0;
            for (ol, or) in out_l[..c].iter_mut().zip(out_r[..c].iter_mut()) {
                let p = start + rate * kf;
                kf += 1.0;
                *ol = sample4(src_l, p, len);
                *or = sample4(src_r, p, len);
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
        // SAFETY: `c < n`, which is at most the length of both outputs; both channels hold at
        // least `len` samples.
        unsafe {
            *out_l.get_unchecked_mut(c) = sample4(src_l, p, len);
            if let Some(src_r) = &sample.right {
                *out_r.get_unchecked_mut(c) = sample4(src_r, p, len);
            }
        }
        c += 1;
    }
    *k += c as u64;
    (c, mono)
}

/// SuperCollider's `cubicinterp` (`SC_SndBuf.h`): the 4-point, 3rd-order Hermite (x-form)
/// through `y0..y3` at `x` in `[0, 1)` between `y1` and `y2` (the Catmull-Rom spline: slopes
/// `(y2 - y0) / 2` and `(y3 - y1) / 2`), evaluated in SuperCollider's order of operations.
#[inline(always)]
pub fn cubicinterp(x: f32, y0: f32, y1: f32, y2: f32, y3: f32) -> f32 {
    let c0 = y1;
    let c1 = 0.5 * (y2 - y0);
    let c2 = y0 - 2.5 * y1 + 2.0 * y2 - 0.5 * y3;
    let c3 = 0.5 * (y3 - y0) + 1.5 * (y1 - y2);
    ((c3 * x + c2) * x + c1) * x + c0
}

/// The four neighbours' indices (`i - 1 ..= i + 2`, clamped into `0..len`, as a non-looping
/// `PlayBuf` reads near the ends) and the fraction for a read position `p`, which the caller
/// keeps inside `[0, len - 1]` (`samples_in_range` with `lo >= 0`, `hi <= len - 1`).
#[inline(always)]
pub(super) fn interp_at(p: f64, len: usize) -> ([usize; 4], f32) {
    // SAFETY: `p` is finite and between 0 and the sample's length, so its truncation fits an
    // i64. The indices are clamped below `len` all the same (the right channel of a stereo
    // sample may be the shorter one), so the reads stay in bounds.
    let i = unsafe { p.to_int_unchecked::<i64>() };
    let i1 = (i as usize).min(len - 1);
    let last = len - 1;
    (
        [
            i1.saturating_sub(1),
            i1,
            (i1 + 1).min(last),
            (i1 + 2).min(last),
        ],
        (p - i as f64) as f32,
    )
}

/// The 4-point read of `src` at the indices and fraction from [`interp_at`].
#[inline(always)]
fn read4(src: &[f32], ix: [usize; 4], fr: f32) -> f32 {
    // SAFETY: `interp_at` clamps every index below the `len` it was given, which the callers
    // keep at most `src.len()`.
    unsafe {
        cubicinterp(
            fr,
            *src.get_unchecked(ix[0]),
            *src.get_unchecked(ix[1]),
            *src.get_unchecked(ix[2]),
            *src.get_unchecked(ix[3]),
        )
    }
}

/// The 4-point read of `src` at position `p` in `[0, len - 1]` (`len <= src.len()`). A
/// position on a source sample reads it exactly: at `x = 0` `cubicinterp` returns `y1`.
#[inline(always)]
fn sample4(src: &[f32], p: f64, len: usize) -> f32 {
    let (ix, fr) = interp_at(p, len);
    read4(src, ix, fr)
}

/// Whether every position `start + rate * k` is a whole source index: speed +-1 from a whole
/// start, read as a copy.
#[inline]
fn on_samples(start: f64, rate: f64) -> bool {
    rate.abs() == 1.0 && start.fract() == 0.0
}

/// What [`render_sample_direct`] reads: the sample from `start` at `rate` source samples per
/// output sample within `bounds`, at `gains` (left, right).
#[derive(Clone, Copy)]
pub(super) struct DirectRead<'a> {
    pub sample: &'a Sample,
    pub start: f64,
    pub rate: f64,
    pub bounds: (f64, f64),
    pub gains: (f32, f32),
}

/// The common case: a sample voice with no filter or sends, interpolated straight into the
/// output (mono samples read once per output sample). Returns false once the sample is done.
/// The read position is `start + rate * k` for every sample (`k` counted as an exact f64), so
/// the result does not depend on how the blocks are cut.
pub(super) fn render_sample_direct(
    read: &DirectRead,
    k: &mut u64,
    left: &mut [f32],
    right: &mut [f32],
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
        && std::arch::is_x86_feature_detected!("avx512vl")
    {
        // SAFETY: this CPU has the features `direct_avx512` is compiled for.
        return unsafe { direct_avx512(read, k, left, right) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: this CPU has AVX2, the only feature `direct_avx2` is compiled for.
        return unsafe { direct_avx2(read, k, left, right) };
    }
    direct(read, k, left, right)
}

/// Defines `unsafe fn $name`: [`direct`] compiled with the target features `$features` (the
/// same operations, so the same samples); callable only where the CPU has them.
macro_rules! direct_build {
    ($name:ident, $features:literal) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = $features)]
        unsafe fn $name(
            read: &DirectRead,
            k: &mut u64,
            left: &mut [f32],
            right: &mut [f32],
        ) -> bool {
            direct(read, k, left, right)
        }
    };
}

direct_build!(direct_avx2, "avx2");
// AVX-512 F, DQ (packed f64 to i64 for the positions) and VL.
direct_build!(direct_avx512, "avx512f,avx512dq,avx512vl");

/// [`render_sample_direct`]'s body.
#[inline(always)]
fn direct(read: &DirectRead, k: &mut u64, left: &mut [f32], right: &mut [f32]) -> bool {
    let DirectRead {
        sample,
        start,
        rate,
        bounds,
        gains: (gain_l, gain_r),
    } = *read;
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
    // The positions read are monotonic: the smallest and largest are at the ends. From 1 to
    // below `len - 2`, all four neighbours of every position are inside the sample and the loop
    // needs no clamping.
    let (near, far) = if c == 0 {
        (0.0, 0.0)
    } else {
        let (a, b) = (start + rate * k0, start + rate * (k0 + (c - 1) as f64));
        (a.min(b), a.max(b))
    };
    let inside = near >= 1.0 && far < len as f64 - 2.0;
    match (&sample.right, on_samples(start, rate), inside) {
        (None, true, _) => {
            // Speed 1 (or -1) from a whole sample: every position is a source index, a copy.
            // `start + rate * k` is exact (whole numbers below 2^53), so the indices are
            // `first, first + 1, ...` (or down): the read is a slice, no per-sample position.
            let n = left.len().min(right.len());
            if n > 0 {
                // SAFETY: 0 <= lo <= p <= hi <= len - 1 for every position read, whole numbers:
                // the truncation is exact and in range.
                let first = unsafe { (start + rate * k0).to_int_unchecked::<i64>() } as usize;
                let mix = |(l, r): (&mut f32, &mut f32), x: &f32| {
                    *l += x * gain_l;
                    *r += x * gain_r;
                };
                let pairs = left.iter_mut().zip(right.iter_mut());
                if rate > 0.0 {
                    pairs
                        .zip(&src_l[first..first + n])
                        .for_each(|(lr, x)| mix(lr, x));
                } else {
                    let src = &src_l[first + 1 - n..=first];
                    pairs.zip(src.iter().rev()).for_each(|(lr, x)| mix(lr, x));
                }
            }
        }
        (None, false, true) => {
            // In runs of `SUB`: the positions first (a loop the compiler vectorizes: `k0 + j`
            // is the same exact integer in f64 as counting), then the reads, then the mix.
            const SUB: usize = 64;
            let mut idx = [0usize; SUB];
            let mut frs = [0.0f32; SUB];
            let mut xs = [0.0f32; SUB];
            let mut kb = k0;
            for (lc, rc) in left.chunks_mut(SUB).zip(right.chunks_mut(SUB)) {
                let m = lc.len().min(rc.len());
                for (j, (u, f)) in idx[..m].iter_mut().zip(frs[..m].iter_mut()).enumerate() {
                    let p = start + rate * (kb + j as f64);
                    // SAFETY: 1 <= near <= p <= far < len - 2: the truncation is exact.
                    let i = unsafe { p.to_int_unchecked::<i64>() };
                    *u = i as usize;
                    *f = (p - i as f64) as f32;
                }
                kb += m as f64;
                for (x, (&u, &fr)) in xs[..m].iter_mut().zip(idx.iter().zip(&frs)) {
                    // SAFETY: `u` is the truncation of a position in [1, len - 2): `u - 1` to
                    // `u + 2` are all below `len`.
                    *x = unsafe {
                        cubicinterp(
                            fr,
                            *src_l.get_unchecked(u - 1),
                            *src_l.get_unchecked(u),
                            *src_l.get_unchecked(u + 1),
                            *src_l.get_unchecked(u + 2),
                        )
                    };
                }
                // The mix into both sides, its own (vectorized) loop.
                for ((l, r), &x) in lc.iter_mut().zip(rc.iter_mut()).zip(&xs[..m]) {
                    *l += x * gain_l;
                    *r += x * gain_r;
                }
            }
        }
        (None, false, false) => {
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let x = sample4(src_l, start + rate * kf, len);
                kf += 1.0;
                *l += x * gain_l;
                *r += x * gain_r;
            }
        }
        (Some(src_r), _, _) => {
            let len = len.min(src_r.len());
            let (src_l, src_r) = (&src_l[..len], &src_r[..len]);
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let p = start + rate * kf;
                kf += 1.0;
                *l += sample4(src_l, p, len) * gain_l;
                *r += sample4(src_r, p, len) * gain_r;
            }
        }
    }
    *k += c as u64;
    c == n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AVX2 and AVX-512 builds of the direct path give the portable build's samples, bit
    /// for bit, at rates that take each of its paths (copy, inside, near the ends).
    #[test]
    fn direct_builds_render_the_same_samples() {
        let left: Vec<f32> = (0..3000)
            .map(|i| (i as f32 * 0.37).sin() * 0.8 + (i as f32 * 0.011).cos() * 0.2)
            .collect();
        let mono = Sample {
            left: left.clone(),
            right: None,
            sample_rate: 44100.0,
        };
        let stereo = Sample {
            right: Some(left.iter().map(|x| -x * 0.5).collect()),
            ..Sample {
                left,
                right: None,
                sample_rate: 44100.0,
            }
        };
        type Direct = unsafe fn(&DirectRead, &mut u64, &mut [f32], &mut [f32]) -> bool;
        /// One build's call: `k`, left, right; whether the voice still sounds.
        type Call<'a> = &'a dyn Fn(&mut u64, &mut [f32], &mut [f32]) -> bool;
        let mut builds: Vec<(&str, Direct)> = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                builds.push(("avx2", direct_avx2));
            }
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512dq")
                && std::arch::is_x86_feature_detected!("avx512vl")
            {
                builds.push(("avx512", direct_avx512));
            }
        }
        for sample in [&mono, &stereo] {
            for (start, rate) in [
                (0.0, 1.0),
                (2999.0, -1.0),
                (0.0, 1.5),
                (3.25, 0.75),
                (2990.5, -1.37),
                (0.0, 2.9),
            ] {
                let run = |f: Call| {
                    let (mut l, mut r) = (vec![0.1f32; 4000], vec![-0.1f32; 4000]);
                    let mut k = 0u64;
                    let mut alive = Vec::new();
                    for chunk in (0..4000).step_by(256) {
                        let e = (chunk + 256).min(4000);
                        alive.push(f(&mut k, &mut l[chunk..e], &mut r[chunk..e]));
                    }
                    (l, r, k, alive)
                };
                let read = DirectRead {
                    sample,
                    start,
                    rate,
                    bounds: (0.0, 2999.0),
                    gains: (0.7, 0.3),
                };
                let want = run(&|k, l, r| direct(&read, k, l, r));
                assert!(want.0.iter().any(|x| *x != 0.1));
                for (name, build) in &builds {
                    let got = run(&|k, l, r| {
                        // SAFETY: the build's features were detected above.
                        unsafe { build(&read, k, l, r) }
                    });
                    assert!(got == want, "{name} at start {start}, rate {rate}");
                }
            }
        }
    }
}
