//! SuperDirt's `djf` (`library/default-effects-extra.scd`, SynthDef `dj-filter`), a DJ filter:
//! a low-pass for the first half of the range, a high-pass for the second:
//! `RHPF.ar(RLPF.ar(x, djf.linexp(0, 0.5, 20, 10000)), djf.linexp(0.5, 1, 20, 10000))`, both at
//! `rq` 1 (their default). At 0.5 the low-pass is at 10 kHz and the high-pass at 20 Hz.

use super::sc_ugens::{linexp, Biquad};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Djf {
    lpf: Biquad,
    hpf: Biquad,
}

impl Djf {
    pub fn new(djf: f32, sample_rate: f32) -> Djf {
        let d = if djf.is_finite() { djf as f64 } else { 0.5 };
        let sr = super::sane_rate(sample_rate) as f64;
        let (lo, hi) = (
            linexp(d, 0.0, 0.5, 20.0, 10_000.0),
            linexp(d, 0.5, 1.0, 20.0, 10_000.0),
        );
        Djf {
            lpf: Biquad::resonant(false, lo, 1.0, sr),
            hpf: Biquad::resonant(true, hi, 1.0, sr),
        }
    }

    pub fn process(&mut self, x: &mut [f32]) {
        for s in x.iter_mut() {
            *s = self.hpf.tick(self.lpf.tick(*s));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(djf: f32, f: f32) -> f32 {
        let mut x: Vec<f32> = (0..24_000)
            .map(|i| (std::f32::consts::TAU * f * i as f32 / 48_000.0).sin())
            .collect();
        Djf::new(djf, 48_000.0).process(&mut x);
        x[12_000..].iter().fold(0.0f32, |m, v| m.max(v.abs()))
    }

    /// 0.2 (low-pass near 250 Hz) keeps 100 Hz and cuts 5 kHz; 0.8 (high-pass near 1.2 kHz) the
    /// other way round; 0.5 passes both.
    #[test]
    fn low_half_lowpasses_high_half_highpasses() {
        assert!(level(0.2, 100.0) > 0.8 && level(0.2, 5000.0) < 0.05);
        assert!(level(0.8, 5000.0) > 0.8 && level(0.8, 100.0) < 0.05);
        assert!(level(0.5, 100.0) > 0.8 && level(0.5, 5000.0) > 0.8);
    }
}
