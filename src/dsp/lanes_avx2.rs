//! The AVX2 build of the lane kernels (`lanes.rs`): the same operations in the same order as
//! the portable kernels there (so the same bits), written with `std::arch` intrinsics, 8 f32
//! lanes to a register (two registers of 4 for the saw's f64 phases). Multiplies and adds stay
//! separate instructions (no FMA), as in the scalar code.
//!
//! Every function here is `unsafe` only because it needs AVX2: `lanes.rs` calls them after
//! `is_x86_feature_detected!("avx2")`.

use super::filter::Mode;
use super::lanes::{SvfLanes, L32, L64, LANES};
use super::{CHUNK, SANE_MAX};
use std::arch::x86_64::*;

/// `|x|`.
#[inline(always)]
unsafe fn abs(x: __m256) -> __m256 {
    _mm256_andnot_ps(_mm256_set1_ps(-0.0), x)
}

/// Lanes whose `x` is finite (all bits set), as `f32::is_finite`.
#[inline(always)]
unsafe fn finite(x: __m256) -> __m256 {
    _mm256_cmp_ps::<_CMP_LT_OQ>(abs(x), _mm256_set1_ps(f32::INFINITY))
}

/// `super::sanitize`: non-finite to 0, else clamped to `[-SANE_MAX, SANE_MAX]`.
#[inline(always)]
unsafe fn sanitize(x: __m256) -> __m256 {
    let c = _mm256_min_ps(
        _mm256_max_ps(x, _mm256_set1_ps(-SANE_MAX)),
        _mm256_set1_ps(SANE_MAX),
    );
    _mm256_and_ps(finite(x), c)
}

/// `super::flush_denormal`: magnitudes below 1e-20 to 0.
#[inline(always)]
unsafe fn flush_denormal(x: __m256) -> __m256 {
    let tiny = _mm256_cmp_ps::<_CMP_LT_OQ>(abs(x), _mm256_set1_ps(1.0e-20));
    _mm256_andnot_ps(tiny, x)
}

#[inline(always)]
unsafe fn load(x: &L32) -> __m256 {
    _mm256_loadu_ps(x.as_ptr())
}

#[inline(always)]
unsafe fn store(x: &mut L32, v: __m256) {
    _mm256_storeu_ps(x.as_mut_ptr(), v)
}

/// `lanes::svf` (see `svf_lanes` there).
#[target_feature(enable = "avx2")]
pub unsafe fn svf(mode: Mode, s: &mut SvfLanes, x: &[L32], y: &mut [L32]) -> u32 {
    match mode {
        Mode::Lowpass => svf_mode::<0>(s, x, y),
        Mode::Highpass => svf_mode::<1>(s, x, y),
        Mode::Bandpass => svf_mode::<2>(s, x, y),
        Mode::Notch => svf_mode::<3>(s, x, y),
    }
}

/// [`svf`] in one mode (0 lowpass, 1 highpass, 2 bandpass, 3 notch: `filter::tap`'s).
#[inline(always)]
unsafe fn svf_mode<const MODE: u8>(s: &mut SvfLanes, x: &[L32], y: &mut [L32]) -> u32 {
    let (a1, a2, a3) = (load(&s.a[0]), load(&s.a[1]), load(&s.a[2]));
    let (k, g) = (load(&s.k), load(&s.gain));
    let (mut ic1, mut ic2) = (load(&s.ic1), load(&s.ic2));
    let two = _mm256_set1_ps(2.0);
    let mut bad = _mm256_setzero_ps();
    for (yo, xi) in y.iter_mut().zip(x) {
        // filter::tick
        let v0 = sanitize(load(xi));
        let v3 = _mm256_sub_ps(v0, ic2);
        let v1 = _mm256_add_ps(_mm256_mul_ps(a1, ic1), _mm256_mul_ps(a2, v3));
        let v2 = _mm256_add_ps(
            _mm256_add_ps(ic2, _mm256_mul_ps(a2, ic1)),
            _mm256_mul_ps(a3, v3),
        );
        ic1 = flush_denormal(_mm256_sub_ps(_mm256_mul_ps(two, v1), ic1));
        ic2 = flush_denormal(_mm256_sub_ps(_mm256_mul_ps(two, v2), ic2));
        // filter::tap
        let o = match MODE {
            0 => v2,
            1 => _mm256_sub_ps(_mm256_sub_ps(v0, _mm256_mul_ps(k, v1)), v2),
            2 => _mm256_mul_ps(k, v1),
            _ => _mm256_sub_ps(v0, _mm256_mul_ps(k, v1)),
        };
        bad = _mm256_or_ps(
            bad,
            _mm256_xor_ps(finite(o), _mm256_castsi256_ps(_mm256_set1_epi32(-1))),
        );
        store(yo, _mm256_mul_ps(o, g));
    }
    store(&mut s.ic1, ic1);
    store(&mut s.ic2, ic2);
    let ok = _mm256_and_ps(finite(ic1), finite(ic2));
    let bad = _mm256_or_ps(
        bad,
        _mm256_xor_ps(ok, _mm256_castsi256_ps(_mm256_set1_epi32(-1))),
    );
    _mm256_movemask_ps(bad) as u32
}

/// `lanes::saw`.
#[target_feature(enable = "avx2")]
pub unsafe fn saw(phase: &mut L64, dt: &L64, env: Option<&[L32]>, out: &mut [L32]) {
    let (one, two) = (_mm256_set1_pd(1.0), _mm256_set1_pd(2.0));
    let d = [
        _mm256_loadu_pd(dt.as_ptr()),
        _mm256_loadu_pd(dt.as_ptr().add(4)),
    ];
    let hi = [_mm256_sub_pd(one, d[0]), _mm256_sub_pd(one, d[1])];
    let mut t = [
        _mm256_loadu_pd(phase.as_ptr()),
        _mm256_loadu_pd(phase.as_ptr().add(4)),
    ];
    for (i, o) in out.iter_mut().enumerate() {
        let mut edge = 0;
        for h in 0..2 {
            let near = _mm256_or_pd(
                _mm256_cmp_pd::<_CMP_LT_OQ>(t[h], d[h]),
                _mm256_cmp_pd::<_CMP_GT_OQ>(t[h], hi[h]),
            );
            edge |= _mm256_movemask_pd(near);
        }
        let mut y = [_mm256_setzero_ps(); 2];
        for h in 0..2 {
            // 2t - 1, minus osc::blep where a lane is near its step (the same operations).
            let mut v = _mm256_sub_pd(_mm256_mul_pd(two, t[h]), one);
            if edge != 0 {
                let x = _mm256_div_pd(t[h], d[h]);
                let rise =
                    _mm256_sub_pd(_mm256_sub_pd(_mm256_add_pd(x, x), _mm256_mul_pd(x, x)), one);
                let x = _mm256_div_pd(_mm256_sub_pd(t[h], one), d[h]);
                let fall =
                    _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(x, x), x), x), one);
                let zero = _mm256_setzero_pd();
                let before = _mm256_cmp_pd::<_CMP_LT_OQ>(t[h], d[h]);
                let after = _mm256_cmp_pd::<_CMP_GT_OQ>(t[h], hi[h]);
                let b = _mm256_blendv_pd(_mm256_blendv_pd(zero, fall, after), rise, before);
                v = _mm256_sub_pd(v, b);
            }
            y[h] = _mm256_castps128_ps256(_mm256_cvtpd_ps(v));
        }
        let y = _mm256_insertf128_ps::<1>(y[0], _mm256_castps256_ps128(y[1]));
        let y = match env {
            Some(e) => _mm256_mul_ps(y, load(&e[i])),
            None => y,
        };
        store(o, y);
        for h in 0..2 {
            let p = _mm256_add_pd(t[h], d[h]);
            let wrap = _mm256_cmp_pd::<_CMP_GE_OQ>(p, one);
            t[h] = _mm256_blendv_pd(p, _mm256_sub_pd(p, one), wrap);
        }
    }
    _mm256_storeu_pd(phase.as_mut_ptr(), t[0]);
    _mm256_storeu_pd(phase.as_mut_ptr().add(4), t[1]);
}

/// `lanes::transpose`: 8x8 blocks through registers.
#[target_feature(enable = "avx2")]
pub unsafe fn transpose(x: &[L32], out: &mut [[f32; CHUNK]; LANES]) {
    let n = x.len().min(CHUNK);
    let mut i = 0;
    while i + 8 <= n {
        let r: [__m256; 8] = std::array::from_fn(|k| load(&x[i + k]));
        // The usual unpack / shuffle / permute 8x8 transpose.
        let t0 = _mm256_unpacklo_ps(r[0], r[1]);
        let t1 = _mm256_unpackhi_ps(r[0], r[1]);
        let t2 = _mm256_unpacklo_ps(r[2], r[3]);
        let t3 = _mm256_unpackhi_ps(r[2], r[3]);
        let t4 = _mm256_unpacklo_ps(r[4], r[5]);
        let t5 = _mm256_unpackhi_ps(r[4], r[5]);
        let t6 = _mm256_unpacklo_ps(r[6], r[7]);
        let t7 = _mm256_unpackhi_ps(r[6], r[7]);
        let s0 = _mm256_shuffle_ps::<0x44>(t0, t2);
        let s1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
        let s2 = _mm256_shuffle_ps::<0x44>(t1, t3);
        let s3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
        let s4 = _mm256_shuffle_ps::<0x44>(t4, t6);
        let s5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
        let s6 = _mm256_shuffle_ps::<0x44>(t5, t7);
        let s7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
        let c = [
            _mm256_permute2f128_ps::<0x20>(s0, s4),
            _mm256_permute2f128_ps::<0x20>(s1, s5),
            _mm256_permute2f128_ps::<0x20>(s2, s6),
            _mm256_permute2f128_ps::<0x20>(s3, s7),
            _mm256_permute2f128_ps::<0x31>(s0, s4),
            _mm256_permute2f128_ps::<0x31>(s1, s5),
            _mm256_permute2f128_ps::<0x31>(s2, s6),
            _mm256_permute2f128_ps::<0x31>(s3, s7),
        ];
        for (j, v) in c.iter().enumerate() {
            _mm256_storeu_ps(out[j].as_mut_ptr().add(i), *v);
        }
        i += 8;
    }
    for (r, row) in x[i..n].iter().enumerate() {
        for j in 0..LANES {
            out[j][i + r] = row[j];
        }
    }
}
