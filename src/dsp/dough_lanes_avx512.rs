//! The superdough lane kernel for sawtooth voices (`dough_lanes_simd.rs`) on AVX-512: the 8
//! lanes in one register (half the instructions of AVX2's two, and 32 registers: the chain's
//! state stays in them).
//!
//! `render_saw` is `unsafe` only because it needs AVX-512F: `dough_lanes.rs` calls it after
//! `is_x86_feature_detected!("avx512f")`.

use super::dough_lanes::{DoughLanes, F32s, F64s, Grid, BLOCK};
use super::dough_lanes_simd::{saw_lanes, Vf64};
use std::arch::x86_64::*;

impl Vf64 for __m512d {
    type M = __mmask8;
    type F32 = __m256;
    const N: usize = 8;
    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        _mm512_loadu_pd(p)
    }
    #[inline(always)]
    unsafe fn store(p: *mut f64, v: Self) {
        _mm512_storeu_pd(p, v)
    }
    #[inline(always)]
    unsafe fn ld32(p: *const f32) -> __m256 {
        _mm256_loadu_ps(p)
    }
    #[inline(always)]
    unsafe fn put32(p: *mut f32, v: __m256) {
        _mm256_storeu_ps(p, v)
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        _mm512_set1_pd(x)
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        _mm512_setzero_pd()
    }
    #[inline(always)]
    unsafe fn add(a: Self, b: Self) -> Self {
        _mm512_add_pd(a, b)
    }
    #[inline(always)]
    unsafe fn sub(a: Self, b: Self) -> Self {
        _mm512_sub_pd(a, b)
    }
    #[inline(always)]
    unsafe fn mul(a: Self, b: Self) -> Self {
        _mm512_mul_pd(a, b)
    }
    #[inline(always)]
    unsafe fn div(a: Self, b: Self) -> Self {
        _mm512_div_pd(a, b)
    }
    #[inline(always)]
    unsafe fn min(a: Self, b: Self) -> Self {
        _mm512_min_pd(a, b)
    }
    #[inline(always)]
    unsafe fn abs(a: Self) -> Self {
        _mm512_abs_pd(a)
    }
    #[inline(always)]
    unsafe fn neg(a: Self) -> Self {
        _mm512_castsi512_pd(_mm512_xor_si512(
            _mm512_castpd_si512(a),
            _mm512_castpd_si512(_mm512_set1_pd(-0.0)),
        ))
    }
    #[inline(always)]
    unsafe fn lt(a: Self, b: Self) -> __mmask8 {
        _mm512_cmp_pd_mask::<_CMP_LT_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn gt(a: Self, b: Self) -> __mmask8 {
        _mm512_cmp_pd_mask::<_CMP_GT_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn ge(a: Self, b: Self) -> __mmask8 {
        _mm512_cmp_pd_mask::<_CMP_GE_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn eq(a: Self, b: Self) -> __mmask8 {
        _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn finite(a: Self) -> __mmask8 {
        Self::lt(Self::abs(a), _mm512_set1_pd(f64::INFINITY))
    }
    #[inline(always)]
    unsafe fn and(a: __mmask8, b: __mmask8) -> __mmask8 {
        a & b
    }
    #[inline(always)]
    unsafe fn or(a: __mmask8, b: __mmask8) -> __mmask8 {
        a | b
    }
    #[inline(always)]
    unsafe fn any(m: __mmask8) -> bool {
        m != 0
    }
    #[inline(always)]
    unsafe fn sel(m: __mmask8, a: Self, b: Self) -> Self {
        _mm512_mask_blend_pd(m, b, a)
    }
    #[inline(always)]
    unsafe fn keep(m: __mmask8, a: Self) -> Self {
        _mm512_maskz_mov_pd(m, a)
    }
    #[inline(always)]
    unsafe fn to_f32(a: Self) -> __m256 {
        _mm512_cvtpd_ps(a)
    }
    #[inline(always)]
    unsafe fn from_f32(x: __m256) -> Self {
        _mm512_cvtps_pd(x)
    }
    #[inline(always)]
    unsafe fn mul32(a: __m256, b: __m256) -> __m256 {
        _mm256_mul_ps(a, b)
    }
}

/// `dough_lanes::render` for sawtooth voices with `S` biquads.
#[target_feature(enable = "avx512f")]
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
    let (l, r) = (&mut l[..n], &mut r[..n]);
    saw_lanes::<__m512d, S>(st, grid, 0, &amp[..n], &fm_env[..n], l, r);
}
