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
    // Horner's rule over 1/13! ... 1/1!, 1/0!.
    let p = 1.0 / 6_227_020_800.0;
    let p = p * r + 1.0 / 479_001_600.0;
    let p = p * r + 1.0 / 39_916_800.0;
    let p = p * r + 1.0 / 3_628_800.0;
    let p = p * r + 1.0 / 362_880.0;
    let p = p * r + 1.0 / 40_320.0;
    let p = p * r + 1.0 / 5_040.0;
    let p = p * r + 1.0 / 720.0;
    let p = p * r + 1.0 / 120.0;
    let p = p * r + 1.0 / 24.0;
    let p = p * r + 1.0 / 6.0;
    let p = p * r + 0.5;
    let p = p * r + 1.0;
    let p = p * r + 1.0;
    p * f64::from_bits(((kf as i64 + 1023) as u64) << 52)
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
