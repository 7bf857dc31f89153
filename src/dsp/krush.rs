//! SuperDirt's `krush` and `kcutoff` (`library/default-effects-extra.scd`, SynthDef
//! `dirt_krush`, "Sonic Pi's krush, modified a bit so krush 0 is the same as dry signal"):
//! `y = (x^2 + krush x) / (x^2 + |x| (krush - 1) + 1)`, then `RLPF.ar(y, clip(freq, 20, 10000),
//! 1)` with `freq = kcutoff` when above 0, else 4000 Hz, then `SelectX.ar(krush * 2, [x, y])`
//! (dry at 0, all krushed from 0.5 up, an equal-power blend between).

use super::sc_ugens::{select_x, Biquad};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Krush {
    krush: f32,
    dry: f32,
    wet: f32,
    lpf: Biquad,
}

impl Krush {
    pub fn new(krush: f32, kcutoff: f32, sample_rate: f32) -> Krush {
        // Below 0 the curve's denominator has roots (SuperCollider's output would be
        // infinite there): krush is limited to 0..1000.
        let krush = if krush.is_finite() {
            krush.clamp(0.0, 1000.0)
        } else {
            0.0
        };
        let freq = if kcutoff > 0.0 { kcutoff } else { 4000.0 };
        let sr = super::sane_rate(sample_rate) as f64;
        let (a, ga, _, gb) = select_x(krush as f64 * 2.0, 2);
        // With two inputs the pair is (dry, krushed), or the krushed one twice.
        let (dry, wet) = if a == 0 { (ga, gb) } else { (0.0, ga + gb) };
        Krush {
            krush,
            dry: dry as f32,
            wet: wet as f32,
            lpf: Biquad::resonant(false, (freq as f64).clamp(20.0, 10_000.0), 1.0, sr),
        }
    }

    /// The krush curve alone.
    #[inline]
    pub fn curve(&self, x: f32) -> f32 {
        let k = self.krush;
        let d = x * x + x.abs() * (k - 1.0) + 1.0;
        let y = (x * x + k * x) / d;
        if y.is_finite() {
            y
        } else {
            0.0
        }
    }

    pub fn process(&mut self, x: &mut [f32]) {
        for s in x.iter_mut() {
            let y = self.lpf.tick(self.curve(*s));
            *s = self.dry * *s + self.wet * y;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `krush 0` is the dry signal; `krush 4` drives a quiet sine up (gain about 4 at small
    /// amplitude), then the 4 kHz low-pass.
    #[test]
    fn zero_is_dry_and_krush_drives() {
        let sr = 48_000.0;
        let sine = |a: f32| -> Vec<f32> {
            (0..4800)
                .map(|i| a * (std::f32::consts::TAU * 100.0 * i as f32 / sr).sin())
                .collect()
        };
        let mut x = sine(0.5);
        Krush::new(0.0, 0.0, sr).process(&mut x);
        assert_eq!(x, sine(0.5));
        let mut y = sine(0.01);
        Krush::new(4.0, 0.0, sr).process(&mut y);
        let peak = y[2400..].iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!((0.035..0.042).contains(&peak), "peak {peak}");
    }
}
