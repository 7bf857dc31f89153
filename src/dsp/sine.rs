//! `sin(2 pi p)` for a phase `p` in cycles ([`sin_cycles`]: the kit's synthesis, `samples/kit`,
//! and superdough's sine oscillator) and `floor` ([`floor`]), with arithmetic only.

use std::f64::consts::TAU;

/// `floor(v)` with arithmetic only (no call to libm's `floor`, which the baseline x86-64 build
/// does not inline; superdough's oscillators and `exp`): `(v + 1.5 2^52) - 1.5 2^52` rounds `v` to an integer (exact for `|v| <
/// 2^51`, where the sum's unit in the last place is 1), and one is taken off where that rounded
/// up. Beyond `2^51` the result is `v` itself (an integer from `2^52` on).
#[inline(always)]
pub fn floor(v: f64) -> f64 {
    const M: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    let r = (v + M) - M;
    let f = if r > v { r - 1.0 } else { r };
    if v.abs() < 2_251_799_813_685_248.0 {
        f
    } else {
        v
    }
}

/// `sin(2 pi p)`. `p` is reduced to the nearest quarter cycle `q / 4`, leaving `x = 2 pi (p - q
/// / 4)` in [-pi/4, pi/4]; by the quarter, the result is `sin x`, `cos x`, `-sin x` or `-cos x`
/// ([`sin_series`], [`cos_series`]): it agrees with libm's to within a few units of `f64`
/// rounding. The kit's synthesis calls it one phase at a time (the kit's hottest call: libm's
/// `sin` was a quarter of the kit's instructions).
#[inline(always)]
pub fn sin_cycles(p: f64) -> f64 {
    let mut q = (4.0 * p + 0.5) as i64;
    if q as f64 > 4.0 * p + 0.5 {
        q -= 1; // the cast truncates toward zero; this is the floor below zero
    }
    let x = TAU * (p - 0.25 * q as f64);
    let x2 = x * x;
    let v = if q & 1 == 0 {
        sin_series(x, x2)
    } else {
        cos_series(x2)
    };
    if q & 2 == 0 {
        v
    } else {
        -v
    }
}

/// `sin x` for `|x| <= pi/4` (`x2 = x^2`) by its Taylor series (M. Abramowitz and I. A. Stegun,
/// "Handbook of Mathematical Functions", 1964, 4.3.65) to the `x^15` term, whose truncation
/// error there, `(pi/4)^17 / 17!`, is below 5e-17.
#[inline(always)]
pub(crate) fn sin_series(x: f64, x2: f64) -> f64 {
    let t = 1.0 - x2 * (1.0 / 210.0);
    let t = 1.0 - x2 * (1.0 / 156.0) * t;
    let t = 1.0 - x2 * (1.0 / 110.0) * t;
    let t = 1.0 - x2 * (1.0 / 72.0) * t;
    let t = 1.0 - x2 * (1.0 / 42.0) * t;
    let t = 1.0 - x2 * (1.0 / 20.0) * t;
    x * (1.0 - x2 * (1.0 / 6.0) * t)
}

/// `cos x` for `|x| <= pi/4` (`x2 = x^2`) by its Taylor series (Abramowitz and Stegun 4.3.66) to
/// the `x^16` term, truncation error below `(pi/4)^18 / 18!` < 5e-17.
#[inline(always)]
pub(crate) fn cos_series(x2: f64) -> f64 {
    let t = 1.0 - x2 * (1.0 / 240.0);
    let t = 1.0 - x2 * (1.0 / 182.0) * t;
    let t = 1.0 - x2 * (1.0 / 132.0) * t;
    let t = 1.0 - x2 * (1.0 / 90.0) * t;
    let t = 1.0 - x2 * (1.0 / 56.0) * t;
    let t = 1.0 - x2 * (1.0 / 30.0) * t;
    let t = 1.0 - x2 * (1.0 / 12.0) * t;
    1.0 - x2 * 0.5 * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_libms() {
        for i in -40_000..=40_000 {
            let v = f64::from(i) * 0.125 + f64::from(i % 7) * 1e-9;
            assert_eq!(floor(v), v.floor(), "{v}");
        }
        for v in [
            -0.0,
            2f64.powi(51) - 0.5,
            -(2f64.powi(51)) + 0.5,
            1e300,
            -1e300,
        ] {
            assert_eq!(floor(v), v.floor(), "{v}");
        }
    }

    #[test]
    fn sin_cycles_agrees_with_libm() {
        // Phases 0..1 cycles, a little either side, and the quarter cycles exactly. The bound is
        // about two ulps of 2 pi: libm's own argument `2 pi p` is rounded by up to half an ulp of
        // 2 pi p (4.4e-16 near a whole cycle), which `sin_cycles` avoids.
        let mut worst: f64 = 0.0;
        for i in -25_000..=125_000 {
            let p = f64::from(i) * 0.000_01 + 0.000_000_123;
            worst = worst.max((sin_cycles(p) - (TAU * p).sin()).abs());
        }
        for q in -1..=5 {
            let p = f64::from(q) * 0.25;
            worst = worst.max((sin_cycles(p) - (TAU * p).sin()).abs());
        }
        assert!(worst < 2e-15, "worst difference {worst:e}");
    }
}
