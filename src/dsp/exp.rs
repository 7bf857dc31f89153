//! `e^y` with arithmetic only, for superdough's exponential ramps ([`super::dough_env`]: a
//! `powf` a sample was a quarter of a voice's instructions). W. J. Cody and W. Waite's range
//! reduction ("Software Manual for the Elementary Functions", 1980, ch. 6): `y = k ln 2 + r`
//! with `k` the nearest integer to `y / ln 2` and `ln 2` split in two parts so that `k ln 2` is
//! exact, `|r| <= ln 2 / 2`; `e^r` by its Taylor series (M. Abramowitz and I. A. Stegun,
//! "Handbook of Mathematical Functions", 1964, 4.2.1) to the `r^13` term, whose truncation
//! error, `(ln 2 / 2)^14 / 14!`, is below 5e-18; then `2^k` put in the exponent.

/// `e^y`, within a few units of `f64` rounding of libm's `exp`; libm's own for `|y| >= 700`
/// (and NaN), where `2^k` would leave the normal range.
#[inline]
pub fn exp(y: f64) -> f64 {
    if y.abs() < 700.0 {
        exp_within(y)
    } else {
        y.exp()
    }
}

/// [`exp`] for `|y| < 700` (no test of it, so that a loop of it vectorizes).
#[inline(always)]
pub fn exp_within(y: f64) -> f64 {
    // ln 2 in two parts, the high one's last bits zero so that `k LN2_HI` is exact for the
    // `|k| <= 1010` here.
    const LN2_HI: f64 = 0.693_147_180_369_123_8; // fdlibm's ln2HI, 0x3fe62e42_fee00000
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10; // fdlibm's ln2LO, 0x3dea39ef_35793c76
    let kf = super::sine::floor(y * std::f64::consts::LOG2_E + 0.5);
    let r = (y - kf * LN2_HI) - kf * LN2_LO;
    // The series `1 + r + r^2/2! + ... + r^13/13!` by Estrin's scheme (D. E. Knuth, "The Art
    // of Computer Programming" vol. 2, 4.6.4): pairs `c_i + c_(i+1) r`, then pairs of those in
    // `r^2`, then in `r^4`, and the two halves in `r^8`: 4 steps deep where Horner's rule is 13
    // (a vector of ramp values waits on each step).
    const C: [f64; 14] = [
        1.0,
        1.0,
        0.5,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let p01 = C[0] + C[1] * r;
    let p23 = C[2] + C[3] * r;
    let p45 = C[4] + C[5] * r;
    let p67 = C[6] + C[7] * r;
    let p89 = C[8] + C[9] * r;
    let p1011 = C[10] + C[11] * r;
    let p1213 = C[12] + C[13] * r;
    let p0_3 = p01 + p23 * r2;
    let p4_7 = p45 + p67 * r2;
    let p8_11 = p89 + p1011 * r2;
    let p0_7 = p0_3 + p4_7 * r4;
    let p8_13 = p8_11 + p1213 * r4;
    let p = p0_7 + p8_13 * r8;
    // `2^k` as an exponent field: `k + 1023` (an integer in 13..2034 here) is the low bits of
    // `k + 1023 + 2^52`, and shifting them to the exponent drops the rest (the same as
    // `(k as i64 + 1023) << 52`, with no float-to-integer conversion, so a loop vectorizes).
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    p * f64::from_bits((kf + 1023.0 + TWO_52).to_bits() << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_libm() {
        let mut worst: f64 = 0.0;
        for i in -700_000..=700_000 {
            let y = f64::from(i) * 0.000_999_7 + 1e-9;
            let want = y.exp();
            worst = worst.max(((exp(y) - want) / want).abs());
        }
        assert!(worst < 1e-15, "worst relative difference {worst:e}");
        assert_eq!(exp(0.0), 1.0);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(-1000.0), 0.0);
        assert_eq!(exp(1000.0), f64::INFINITY);
    }
}
