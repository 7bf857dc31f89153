//! SuperDirt's `triode` (`library/default-effects-extra.scd`, SynthDef `dirt_triode`), a
//! triode-like asymmetric distortion: `sc = triode * 10 + 1e-3`, the positive half passes,
//! the negative half becomes `tanh(x sc) / sc`, then `LeakDC` removes the offset this makes.

use super::sc_ugens::LeakDc;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Triode {
    sc: f32,
    leak: LeakDc,
}

impl Triode {
    pub fn new(triode: f32) -> Triode {
        let t = if triode.is_finite() { triode } else { 0.0 };
        Triode {
            sc: t * 10.0 + 1e-3,
            leak: LeakDc::default(),
        }
    }

    #[inline]
    pub fn shape(&self, x: f32) -> f32 {
        if x > 0.0 {
            x
        } else if x < 0.0 && self.sc.abs() > 1e-6 {
            (x * self.sc).tanh() / self.sc
        } else if x < 0.0 {
            x
        } else {
            0.0
        }
    }

    pub fn process(&mut self, x: &mut [f32]) {
        for s in x.iter_mut() {
            let y = self.shape(*s);
            *s = self.leak.tick(y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `triode 1` squashes the negative half-wave (to about 1/10) and so adds a second harmonic.
    #[test]
    fn negative_half_is_squashed_and_even_harmonics_appear() {
        let t = Triode::new(1.0);
        assert_eq!(t.shape(0.5), 0.5);
        assert!((t.shape(-0.5) - (-5.001f32).tanh() / 10.001).abs() < 1e-6);
        let sr = 48_000.0;
        let mut x: Vec<f32> = (0..48_000)
            .map(|i| 0.5 * (std::f32::consts::TAU * 200.0 * i as f32 / sr).sin())
            .collect();
        Triode::new(1.0).process(&mut x);
        let tail = &x[24_000..];
        let h2 = crate::dsp::testutil::dft_mag(tail, 400.0);
        let h1 = crate::dsp::testutil::dft_mag(tail, 200.0);
        assert!(h2 > 0.2 * h1, "second harmonic {h2} vs {h1}");
    }
}
