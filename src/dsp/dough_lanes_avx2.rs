//! The superdough lane kernel for sawtooth voices (`dough_lanes_simd.rs`) on AVX2: 4 f64 lanes a
//! register, the 8 lanes as two halves in turn.
//!
//! `render_saw` is `unsafe` only because it needs AVX2: `dough_lanes.rs` calls it after
//! `is_x86_feature_detected!("avx2")`.

use super::dough_lanes::{DoughLanes, F32s, F64s, Grid, BLOCK};
use super::dough_lanes_simd::{saw_lanes, Vf64};
use std::arch::x86_64::*;

impl Vf64 for __m256d {
    type M = __m256d;
    type F32 = __m128;
    const N: usize = 4;
    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        _mm256_loadu_pd(p)
    }
    #[inline(always)]
    unsafe fn store(p: *mut f64, v: Self) {
        _mm256_storeu_pd(p, v)
    }
    #[inline(always)]
    unsafe fn ld32(p: *const f32) -> __m128 {
        _mm_loadu_ps(p)
    }
    #[inline(always)]
    unsafe fn put32(p: *mut f32, v: __m128) {
        _mm_storeu_ps(p, v)
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        _mm256_set1_pd(x)
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        _mm256_setzero_pd()
    }
    #[inline(always)]
    unsafe fn add(a: Self, b: Self) -> Self {
        _mm256_add_pd(a, b)
    }
    #[inline(always)]
    unsafe fn sub(a: Self, b: Self) -> Self {
        _mm256_sub_pd(a, b)
    }
    #[inline(always)]
    unsafe fn mul(a: Self, b: Self) -> Self {
        _mm256_mul_pd(a, b)
    }
    #[inline(always)]
    unsafe fn div(a: Self, b: Self) -> Self {
        _mm256_div_pd(a, b)
    }
    #[inline(always)]
    unsafe fn min(a: Self, b: Self) -> Self {
        _mm256_min_pd(a, b)
    }
    #[inline(always)]
    unsafe fn abs(a: Self) -> Self {
        _mm256_andnot_pd(_mm256_set1_pd(-0.0), a)
    }
    #[inline(always)]
    unsafe fn neg(a: Self) -> Self {
        _mm256_xor_pd(a, _mm256_set1_pd(-0.0))
    }
    #[inline(always)]
    unsafe fn lt(a: Self, b: Self) -> Self {
        _mm256_cmp_pd::<_CMP_LT_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn gt(a: Self, b: Self) -> Self {
        _mm256_cmp_pd::<_CMP_GT_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn ge(a: Self, b: Self) -> Self {
        _mm256_cmp_pd::<_CMP_GE_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn eq(a: Self, b: Self) -> Self {
        _mm256_cmp_pd::<_CMP_EQ_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn finite(a: Self) -> Self {
        Self::lt(Self::abs(a), _mm256_set1_pd(f64::INFINITY))
    }
    #[inline(always)]
    unsafe fn and(a: Self, b: Self) -> Self {
        _mm256_and_pd(a, b)
    }
    #[inline(always)]
    unsafe fn or(a: Self, b: Self) -> Self {
        _mm256_or_pd(a, b)
    }
    #[inline(always)]
    unsafe fn any(m: Self) -> bool {
        _mm256_movemask_pd(m) != 0
    }
    #[inline(always)]
    unsafe fn sel(m: Self, a: Self, b: Self) -> Self {
        _mm256_blendv_pd(b, a, m)
    }
    #[inline(always)]
    unsafe fn keep(m: Self, a: Self) -> Self {
        _mm256_and_pd(m, a)
    }
    #[inline(always)]
    unsafe fn to_f32(a: Self) -> __m128 {
        _mm256_cvtpd_ps(a)
    }
    #[inline(always)]
    unsafe fn from_f32(x: __m128) -> Self {
        _mm256_cvtps_pd(x)
    }
    #[inline(always)]
    unsafe fn mul32(a: __m128, b: __m128) -> __m128 {
        _mm_mul_ps(a, b)
    }
}

/// `dough_lanes::render` for sawtooth voices with `S` biquads, each half of the lanes over the
/// block in turn (one half's state stays in registers).
#[target_feature(enable = "avx2")]
pub unsafe fn render_saw<const S: usize>(
    st: &mut DoughLanes,
    grid: &Grid,
    amp: &[F64s],
    fm_env: &[F64s],
    l: &mut [F32s],
    r: &mut [F32s],
) {
    let n = amp
        .len()
        .min(fm_env.len())
        .min(l.len())
        .min(r.len())
        .min(BLOCK);
    for h in 0..2 {
        let (l, r) = (&mut l[..n], &mut r[..n]);
        saw_lanes::<__m256d, S>(st, grid, h, &amp[..n], &fm_env[..n], l, r);
    }
}
