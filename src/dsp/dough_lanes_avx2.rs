//! The AVX2 build of the superdough lane kernel for sawtooth voices (`dough_lanes.rs`): the
//! same operations in the same order as the portable kernel there (so the same bits), written
//! with `std::arch` intrinsics, the 8 lanes as two registers of 4 f64 rendered side by side (two
//! independent chains of recurrences). Multiplies and adds stay separate instructions (no FMA);
//! `as f32` is `vcvtpd2ps` (round to nearest even, as Rust's cast).
//!
//! `render_saw` is `unsafe` only because it needs AVX2: `dough_lanes.rs` calls it after
//! `is_x86_feature_detected!("avx2")`.

use super::dough_lanes::{DoughLanes, F32s, F64s, Grid, BLOCK};
use std::arch::x86_64::*;

#[inline(always)]
unsafe fn ld(x: &F64s, h: usize) -> __m256d {
    _mm256_loadu_pd(x.as_ptr().add(4 * h))
}

#[inline(always)]
unsafe fn put(x: &mut F64s, h: usize, v: __m256d) {
    _mm256_storeu_pd(x.as_mut_ptr().add(4 * h), v)
}

#[inline(always)]
unsafe fn add(a: __m256d, b: __m256d) -> __m256d {
    _mm256_add_pd(a, b)
}

#[inline(always)]
unsafe fn sub(a: __m256d, b: __m256d) -> __m256d {
    _mm256_sub_pd(a, b)
}

#[inline(always)]
unsafe fn mul(a: __m256d, b: __m256d) -> __m256d {
    _mm256_mul_pd(a, b)
}

#[inline(always)]
unsafe fn splat(x: f64) -> __m256d {
    _mm256_set1_pd(x)
}

/// `|x|`.
#[inline(always)]
unsafe fn abs(x: __m256d) -> __m256d {
    _mm256_andnot_pd(splat(-0.0), x)
}

/// `if m { a } else { b }` lane by lane (`m` a comparison's all-ones or zero).
#[inline(always)]
unsafe fn sel(m: __m256d, a: __m256d, b: __m256d) -> __m256d {
    _mm256_blendv_pd(b, a, m)
}

#[inline(always)]
unsafe fn lt(a: __m256d, b: __m256d) -> __m256d {
    _mm256_cmp_pd::<_CMP_LT_OQ>(a, b)
}

#[inline(always)]
unsafe fn gt(a: __m256d, b: __m256d) -> __m256d {
    _mm256_cmp_pd::<_CMP_GT_OQ>(a, b)
}

#[inline(always)]
unsafe fn ge(a: __m256d, b: __m256d) -> __m256d {
    _mm256_cmp_pd::<_CMP_GE_OQ>(a, b)
}

/// `x as f32 as f64`.
#[inline(always)]
unsafe fn round_f32(x: __m256d) -> __m256d {
    _mm256_cvtps_pd(_mm256_cvtpd_ps(x))
}

/// `dough_lanes::step`: the frequency clamped to +-`nyq`, 0 when not finite, over the rate.
#[inline(always)]
unsafe fn step(f: __m256d, nyq: __m256d, sr: __m256d) -> __m256d {
    let neg = _mm256_xor_pd(nyq, splat(-0.0));
    let c = sel(lt(f, neg), neg, sel(gt(f, nyq), nyq, f));
    let c = _mm256_and_pd(lt(abs(f), splat(f64::INFINITY)), c);
    _mm256_div_pd(c, sr)
}

/// `dough_osc::wrap`: `x - 1` from 1 up, `x + 1` below 0.
#[inline(always)]
unsafe fn wrap(x: __m256d) -> __m256d {
    let one = splat(1.0);
    sel(
        ge(x, one),
        sub(x, one),
        sel(lt(x, _mm256_setzero_pd()), add(x, one), x),
    )
}

/// `dough_lanes::render` for sawtooth voices with `S` biquads.
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
    let (fm, panned) = (st.fm, st.pan);
    let (one, two, half) = (splat(1.0), splat(2.0), splat(0.5));
    let (sr, nyq) = (splat(st.sr), splat(st.sr / 2.0));
    let (inf, tiny) = (splat(f64::INFINITY), splat(1e-30));
    let at = [ld(&grid.at, 0), ld(&grid.at, 1)];
    let freq = [ld(&st.freq, 0), ld(&st.freq, 1)];
    let depth = [ld(&st.depth, 0), ld(&st.depth, 1)];
    let level = [ld(&st.level, 0), ld(&st.level, 1)];
    let (ss, cs) = (
        [ld(&st.rot_step[0], 0), ld(&st.rot_step[0], 1)],
        [ld(&st.rot_step[1], 0), ld(&st.rot_step[1], 1)],
    );
    let pan = [
        [ld(&st.pan_l, 0), ld(&st.pan_l, 1)],
        [ld(&st.pan_r, 0), ld(&st.pan_r, 1)],
    ];
    let pg = [
        _mm_loadu_ps(st.pg.as_ptr()),
        _mm_loadu_ps(st.pg.as_ptr().add(4)),
    ];
    let dt0 = [step(freq[0], nyq, sr), step(freq[1], nyq, sr)];
    let mut phase = [ld(&st.phase, 0), ld(&st.phase, 1)];
    let mut s = [ld(&st.rot[0], 0), ld(&st.rot[0], 1)];
    let mut c = [ld(&st.rot[1], 0), ld(&st.rot[1], 1)];
    let (grs, grc) = (
        [ld(&grid.rot[0], 0), ld(&grid.rot[0], 1)],
        [ld(&grid.rot[1], 0), ld(&grid.rot[1], 1)],
    );
    // Per stage and half: b0, b1, b2, a1, a2; x0, x1, y0, y1.
    let mut co: [[[__m256d; 5]; 2]; S] = [[[_mm256_setzero_pd(); 5]; 2]; S];
    let mut gco: [[[__m256d; 5]; 2]; S] = [[[_mm256_setzero_pd(); 5]; 2]; S];
    let mut sv: [[[__m256d; 4]; 2]; S] = [[[_mm256_setzero_pd(); 4]; 2]; S];
    for k in 0..S {
        for h in 0..2 {
            let (b, a, g) = (&st.coefs[k].b, &st.coefs[k].a, &grid.coefs[k]);
            co[k][h] = [
                ld(&b[0], h),
                ld(&b[1], h),
                ld(&b[2], h),
                ld(&a[0], h),
                ld(&a[1], h),
            ];
            gco[k][h] = [
                ld(&g.b[0], h),
                ld(&g.b[1], h),
                ld(&g.b[2], h),
                ld(&g.a[0], h),
                ld(&g.a[1], h),
            ];
            let (x, y) = (&st.x[k], &st.y[k]);
            sv[k][h] = [ld(&x[0], h), ld(&x[1], h), ld(&y[0], h), ld(&y[1], h)];
        }
    }
    for i in 0..n {
        let fi = splat(i as f64);
        for h in 0..2 {
            let here = _mm256_cmp_pd::<_CMP_EQ_OQ>(at[h], fi);
            // The phase step: the carrier's frequency plus the modulator (by rotation).
            let dt = if fm {
                s[h] = sel(here, grs[h], s[h]);
                c[h] = sel(here, grc[h], c[h]);
                let m = round_f32(s[h]);
                (s[h], c[h]) = (
                    add(mul(s[h], cs[h]), mul(c[h], ss[h])),
                    sub(mul(c[h], cs[h]), mul(s[h], ss[h])),
                );
                let e = _mm256_loadu_pd(fm_env[i].as_ptr().add(4 * h));
                let f = add(freq[h], mul(mul(m, depth[h]), e));
                step(f, nyq, sr)
            } else {
                dt0[h]
            };
            // `saw_shape(p, min(|dt|, 1/2))`, its PolyBLEP only where a lane is near its step
            // (elsewhere `b` is 0, and `2u - 1 - 0` is `2u - 1`).
            let p = phase[h];
            phase[h] = wrap(add(p, dt));
            let adt = _mm256_min_pd(abs(dt), half);
            let u = add(p, half);
            let u = sel(ge(u, one), sub(u, one), u);
            let below = lt(u, adt);
            let above = gt(u, sub(one, adt));
            let mut w = sub(mul(two, u), one);
            if _mm256_movemask_pd(_mm256_or_pd(below, above)) != 0 {
                let x = _mm256_div_pd(sel(below, u, sub(u, one)), adt);
                let rise = sub(sub(add(x, x), mul(x, x)), one);
                let fall = add(add(add(mul(x, x), x), x), one);
                let b = sel(below, rise, sel(above, fall, _mm256_setzero_pd()));
                w = sub(w, b);
            }
            let a = _mm256_loadu_pd(amp[i].as_ptr().add(4 * h));
            let g = _mm256_cvtpd_ps(mul(a, level[h]));
            let mut x = _mm_mul_ps(_mm256_cvtpd_ps(w), g);
            // The biquads (`Biquad::tick`), the grid point's coefficients from there.
            for k in 0..S {
                for q in 0..5 {
                    co[k][h][q] = sel(here, gco[k][h][q], co[k][h][q]);
                }
                let [b0, b1, b2, a1, a2] = co[k][h];
                let [x0, x1, y0, y1] = sv[k][h];
                let v = _mm256_cvtps_pd(x);
                let y = sub(
                    sub(add(add(mul(b0, v), mul(b1, x0)), mul(b2, x1)), mul(a1, y0)),
                    mul(a2, y1),
                );
                let ay = abs(y);
                let keep = _mm256_and_pd(lt(ay, inf), gt(ay, tiny));
                let y = _mm256_and_pd(keep, y);
                sv[k][h] = [v, x0, y, y0];
                x = _mm256_cvtpd_ps(y);
            }
            // The pan and `postgain`.
            if panned {
                let m = _mm256_cvtps_pd(x);
                let ol = _mm_mul_ps(_mm256_cvtpd_ps(mul(m, pan[0][h])), pg[h]);
                let or = _mm_mul_ps(_mm256_cvtpd_ps(mul(m, pan[1][h])), pg[h]);
                _mm_storeu_ps(l[i].as_mut_ptr().add(4 * h), ol);
                _mm_storeu_ps(r[i].as_mut_ptr().add(4 * h), or);
            } else {
                _mm_storeu_ps(l[i].as_mut_ptr().add(4 * h), _mm_mul_ps(x, pg[h]));
            }
        }
    }
    for h in 0..2 {
        put(&mut st.phase, h, phase[h]);
        put(&mut st.rot[0], h, s[h]);
        put(&mut st.rot[1], h, c[h]);
    }
    for k in 0..S {
        for h in 0..2 {
            let [b0, b1, b2, a1, a2] = co[k][h];
            let c = &mut st.coefs[k];
            put(&mut c.b[0], h, b0);
            put(&mut c.b[1], h, b1);
            put(&mut c.b[2], h, b2);
            put(&mut c.a[0], h, a1);
            put(&mut c.a[1], h, a2);
            let [x0, x1, y0, y1] = sv[k][h];
            put(&mut st.x[k][0], h, x0);
            put(&mut st.x[k][1], h, x1);
            put(&mut st.y[k][0], h, y0);
            put(&mut st.y[k][1], h, y1);
        }
    }
}
