//! The superdough lane kernel for sawtooth voices (`dough_lanes.rs`) written once over a vector
//! of f64 lanes ([`Vf64`]: AVX2's 4 in `dough_lanes_avx2.rs`, AVX-512's 8 in
//! `dough_lanes_avx512.rs`): the same operations in the same order as the portable kernel (so
//! the same bits), branches as selects. Multiplies and adds stay separate instructions (no
//! FMA); `to_f32` rounds to nearest even, as Rust's `as f32`.

use super::dough_lanes::{DoughLanes, F32s, F64s, Grid, GRID, INDEX};

/// A vector of f64 lanes and the operations the kernel needs (each `unsafe` only because it
/// needs its instruction set: callers run where the CPU has it).
pub(super) trait Vf64: Copy {
    /// A comparison's result, lane by lane.
    type M: Copy;
    /// As many f32 lanes.
    type F32: Copy;
    /// Lanes.
    const N: usize;
    unsafe fn load(p: *const f64) -> Self;
    unsafe fn store(p: *mut f64, v: Self);
    unsafe fn ld32(p: *const f32) -> Self::F32;
    unsafe fn put32(p: *mut f32, v: Self::F32);
    unsafe fn splat(x: f64) -> Self;
    unsafe fn zero() -> Self;
    unsafe fn add(a: Self, b: Self) -> Self;
    unsafe fn sub(a: Self, b: Self) -> Self;
    unsafe fn mul(a: Self, b: Self) -> Self;
    unsafe fn div(a: Self, b: Self) -> Self;
    /// `a.min(b)` for an `a` that is not NaN (`b` where either is NaN).
    unsafe fn min(a: Self, b: Self) -> Self;
    unsafe fn abs(a: Self) -> Self;
    /// `-a`.
    unsafe fn neg(a: Self) -> Self;
    unsafe fn lt(a: Self, b: Self) -> Self::M;
    unsafe fn gt(a: Self, b: Self) -> Self::M;
    unsafe fn ge(a: Self, b: Self) -> Self::M;
    unsafe fn eq(a: Self, b: Self) -> Self::M;
    /// `a.is_finite()`.
    unsafe fn finite(a: Self) -> Self::M;
    unsafe fn and(a: Self::M, b: Self::M) -> Self::M;
    unsafe fn or(a: Self::M, b: Self::M) -> Self::M;
    unsafe fn any(m: Self::M) -> bool;
    /// `if m { a } else { b }`.
    unsafe fn sel(m: Self::M, a: Self, b: Self) -> Self;
    /// `if m { a } else { 0.0 }`.
    unsafe fn keep(m: Self::M, a: Self) -> Self;
    /// `a as f32`.
    unsafe fn to_f32(a: Self) -> Self::F32;
    /// `x as f64`.
    unsafe fn from_f32(x: Self::F32) -> Self;
    unsafe fn mul32(a: Self::F32, b: Self::F32) -> Self::F32;
}

/// Lanes `h V::N..(h + 1) V::N` of `x`.
#[inline(always)]
unsafe fn ld<V: Vf64>(x: &F64s, h: usize) -> V {
    V::load(x.as_ptr().add(V::N * h))
}

#[inline(always)]
unsafe fn put<V: Vf64>(x: &mut F64s, h: usize, v: V) {
    V::store(x.as_mut_ptr().add(V::N * h), v)
}

/// `phase_step_flat`: the frequency clamped to +-`nyq`, 0 when not finite, times the sample
/// period `period` (`1 / sr`).
#[inline(always)]
unsafe fn step<V: Vf64>(f: V, nyq: V, period: V) -> V {
    let neg = V::neg(nyq);
    let c = V::sel(V::lt(f, neg), neg, V::sel(V::gt(f, nyq), nyq, f));
    V::mul(V::keep(V::finite(f), c), period)
}

/// `dough_osc::wrap`: `x - 1` from 1 up, `x + 1` below 0.
#[inline(always)]
unsafe fn wrap<V: Vf64>(x: V) -> V {
    let one = V::splat(1.0);
    V::sel(
        V::ge(x, one),
        V::sub(x, one),
        V::sel(V::lt(x, V::zero()), V::add(x, one), x),
    )
}

/// `dough_lanes::render` for sawtooth voices with `S` biquads, lanes `h V::N..(h + 1) V::N`
/// (`V::N` lanes a vector).
#[inline(always)]
pub(super) unsafe fn saw_lanes<V: Vf64, const S: usize>(
    st: &mut DoughLanes,
    grid: &Grid,
    h: usize,
    amp: &[F64s],
    fm_env: &[F64s],
    l: &mut [F32s],
    r: &mut [F32s],
) {
    let (fm, panned) = (st.fm, st.pan);
    let (one, two, half) = (V::splat(1.0), V::splat(2.0), V::splat(0.5));
    let (period, nyq) = (V::splat(1.0 / st.sr), V::splat(st.sr / 2.0));
    let tiny = V::splat(1e-30);
    let in_range = st.in_range;
    let at = ld::<V>(&grid.at, h);
    let rot_at = ld::<V>(&grid.rot_at, h);
    let (grs, grc) = (ld::<V>(&grid.rot[0], h), ld::<V>(&grid.rot[1], h));
    let freq = ld::<V>(&st.freq, h);
    let depth = ld::<V>(&st.depth, h);
    let level = ld::<V>(&st.level, h);
    let (ss, cs) = (ld::<V>(&st.rot_step[0], h), ld::<V>(&st.rot_step[1], h));
    let (pan_l, pan_r) = (ld::<V>(&st.pan_l, h), ld::<V>(&st.pan_r, h));
    let pg = V::ld32(st.pg.as_ptr().add(V::N * h));
    let dt0 = step::<V>(freq, nyq, period);
    let mut phase = ld::<V>(&st.phase, h);
    let (mut s, mut c) = (ld::<V>(&st.rot[0], h), ld::<V>(&st.rot[1], h));
    // Per stage: b0, b1, b2, a1, a2; x0, x1, y0, y1.
    let mut co = [[V::zero(); 5]; S];
    let mut sv = [[V::zero(); 4]; S];
    for k in 0..S {
        let (b, a) = (&st.coefs[k].b, &st.coefs[k].a);
        co[k] = [
            ld::<V>(&b[0], h),
            ld::<V>(&b[1], h),
            ld::<V>(&b[2], h),
            ld::<V>(&a[0], h),
            ld::<V>(&a[1], h),
        ];
        let (x, y) = (&st.x[k], &st.y[k]);
        sv[k] = [
            ld::<V>(&x[0], h),
            ld::<V>(&x[1], h),
            ld::<V>(&y[0], h),
            ld::<V>(&y[1], h),
        ];
    }
    for (i, ((a, e), (lo, ro))) in amp
        .iter()
        .zip(fm_env)
        .zip(l.iter_mut().zip(r.iter_mut()))
        .enumerate()
    {
        // A lane at a grid point takes the point's coefficients and modulator (most samples
        // have none; every lane there is at the same point of its own).
        let here = V::eq(at, V::splat(INDEX[i % GRID]));
        if V::any(here) {
            let point = i / GRID;
            if fm {
                let restart = V::and(here, V::eq(rot_at, V::splat(INDEX[i])));
                s = V::sel(restart, grs, s);
                c = V::sel(restart, grc, c);
            }
            for (cs, g) in co.iter_mut().zip(&grid.coefs[point]) {
                let gq = [&g.b[0], &g.b[1], &g.b[2], &g.a[0], &g.a[1]];
                for (cq, gq) in cs.iter_mut().zip(gq) {
                    *cq = V::sel(here, ld::<V>(gq, h), *cq);
                }
            }
        }
        // The phase step: the carrier's frequency plus the modulator (by rotation).
        let dt = if fm {
            let m = V::from_f32(V::to_f32(s));
            (s, c) = (
                V::add(V::mul(s, cs), V::mul(c, ss)),
                V::sub(V::mul(c, cs), V::mul(s, ss)),
            );
            let f = V::add(freq, V::mul(V::mul(m, depth), ld::<V>(e, h)));
            if in_range {
                V::mul(f, period)
            } else {
                step::<V>(f, nyq, period)
            }
        } else {
            dt0
        };
        // `saw_shape(p, min(|dt|, 1/2))`, its PolyBLEP only where a lane is near its step
        // (elsewhere `b` is 0, and `2u - 1 - 0` is `2u - 1`).
        let p = phase;
        phase = wrap::<V>(V::add(p, dt));
        let adt = V::min(V::abs(dt), half);
        let u = V::add(p, half);
        let u = V::sel(V::ge(u, one), V::sub(u, one), u);
        let below = V::lt(u, adt);
        let above = V::gt(u, V::sub(one, adt));
        let mut w = V::sub(V::mul(two, u), one);
        if V::any(V::or(below, above)) {
            let x = V::div(V::sel(below, u, V::sub(u, one)), adt);
            let rise = V::sub(V::sub(V::add(x, x), V::mul(x, x)), one);
            let fall = V::add(V::add(V::add(V::mul(x, x), x), x), one);
            let b = V::sel(below, rise, V::sel(above, fall, V::zero()));
            w = V::sub(w, b);
        }
        let g = V::to_f32(V::mul(ld::<V>(a, h), level));
        let mut x = V::mul32(V::to_f32(w), g);
        // The biquads (`Biquad::tick`).
        for k in 0..S {
            let [b0, b1, b2, a1, a2] = co[k];
            let [x0, x1, y0, y1] = sv[k];
            let v = V::from_f32(x);
            let y = V::sub(
                V::sub(
                    V::add(V::add(V::mul(b0, v), V::mul(b1, x0)), V::mul(b2, x1)),
                    V::mul(a1, y0),
                ),
                V::mul(a2, y1),
            );
            let ay = V::abs(y);
            let keep = V::and(V::finite(y), V::gt(ay, tiny));
            let y = V::keep(keep, y);
            sv[k] = [v, x0, y, y0];
            x = V::to_f32(y);
        }
        // The pan and `postgain`.
        if panned {
            let m = V::from_f32(x);
            let ol = V::mul32(V::to_f32(V::mul(m, pan_l)), pg);
            let or = V::mul32(V::to_f32(V::mul(m, pan_r)), pg);
            V::put32(lo.as_mut_ptr().add(V::N * h), ol);
            V::put32(ro.as_mut_ptr().add(V::N * h), or);
        } else {
            V::put32(lo.as_mut_ptr().add(V::N * h), V::mul32(x, pg));
        }
    }
    put::<V>(&mut st.phase, h, phase);
    put::<V>(&mut st.rot[0], h, s);
    put::<V>(&mut st.rot[1], h, c);
    for k in 0..S {
        let [b0, b1, b2, a1, a2] = co[k];
        let cf = &mut st.coefs[k];
        put::<V>(&mut cf.b[0], h, b0);
        put::<V>(&mut cf.b[1], h, b1);
        put::<V>(&mut cf.b[2], h, b2);
        put::<V>(&mut cf.a[0], h, a1);
        put::<V>(&mut cf.a[1], h, a2);
        let [x0, x1, y0, y1] = sv[k];
        put::<V>(&mut st.x[k][0], h, x0);
        put::<V>(&mut st.x[k][1], h, x1);
        put::<V>(&mut st.y[k][0], h, y0);
        put::<V>(&mut st.y[k][1], h, y1);
    }
}
