//! SuperDirt's `fshift`, `fshiftnote`, `fshiftphase` (`library/default-effects-extra.scd`,
//! SynthDef `dirt_fshift`): a single-sideband frequency shifter,
//! `FreqShift.ar(x, freq * fshiftnote + fshift, fshiftphase)`, every partial moved by the same
//! number of Hz (`freq` is the event's frequency, so `fshiftnote 1` shifts by the note).
//!
//! A port of SuperCollider's `FreqShift` (`server/plugins/FilterUGens.cpp`, `FreqShift_Ctor`,
//! `FreqShift_next_kk`; "based on HilbertIIR from SC2 ... Sean Costello and Bernie
//! Hutchins"): a Hilbert transform by two chains of six first-order all-passes, with
//! coefficients `(g - 1) / (g + 1)`, `g = 15 pi / sr * p` for the poles `p` below; the chains'
//! outputs (`cos` and `sin`, 90 degrees apart) are mixed with a quadrature oscillator:
//! `out = cos_part * cos(phase) + sin_part * sin(phase)`, the phase starting at `fshiftphase`
//! (radians). The oscillator here is `sin`/`cos` in `f64` (SuperCollider reads its sine table).

/// The twelve all-pass poles (`gamma01..gamma12` without `15 pi / sr`): six per chain.
const POLES: [f64; 12] = [
    0.3609, 2.7412, 11.1573, 44.7581, 179.6242, 798.4578, 1.2524, 5.5671, 22.3423, 89.6271,
    364.7914, 2770.1114,
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FreqShift {
    /// The constructor's sample is done (`FreqShift_Ctor` runs `FreqShift_next_kk` for one
    /// sample of the first input and keeps the state it leaves).
    primed: bool,
    coefs: [f64; 12],
    y1: [f64; 12],
    /// Oscillator phase (cycles) and increment per sample.
    phase: f64,
    inc: f64,
}

impl FreqShift {
    /// Shifts by `shift_hz` (negative: down), the oscillator starting at `phase` radians.
    pub fn new(shift_hz: f32, phase: f32, sample_rate: f32) -> FreqShift {
        let sr = super::sane_rate(sample_rate) as f64;
        let gamconst = 15.0 * std::f64::consts::PI / sr;
        // FreqShift keeps its coefficients as `float`.
        let coefs = POLES.map(|p| {
            let g = gamconst * p as f32 as f64;
            ((g - 1.0) / (g + 1.0)) as f32 as f64
        });
        let fin = |x: f32| if x.is_finite() { x as f64 } else { 0.0 };
        FreqShift {
            primed: false,
            coefs,
            y1: [0.0; 12],
            phase: (fin(phase) / std::f64::consts::TAU).rem_euclid(1.0),
            inc: fin(shift_hz) / sr,
        }
    }

    /// The Hilbert pair of one input sample: `(cos part, sin part)` (`HILBERT_FILTER`).
    #[inline]
    fn hilbert(&mut self, x: f64) -> (f64, f64) {
        let mut out = [0.0f64; 2];
        for (chain, o) in out.iter_mut().enumerate() {
            let mut a = x;
            for k in chain * 6..chain * 6 + 6 {
                let y0 = a - self.coefs[k] * self.y1[k];
                a = self.coefs[k] * y0 + self.y1[k];
                // Flushed per sample (not per block, as SuperCollider's `zapgremlins`), so any
                // split into blocks gives the same output.
                self.y1[k] = if y0.abs() < 1e-20 { 0.0 } else { y0 };
            }
            *o = a;
        }
        (out[0], out[1])
    }

    pub fn process(&mut self, x: &mut [f32]) {
        if !self.primed {
            if let Some(&first) = x.first() {
                self.primed = true;
                self.process(&mut [first]);
            }
        }
        for s in x.iter_mut() {
            let (c, si) = self.hilbert(*s as f64);
            let w = self.phase * std::f64::consts::TAU;
            let y = c * w.cos() + si * w.sin();
            self.phase = (self.phase + self.inc).rem_euclid(1.0);
            *s = if y.is_finite() { y as f32 } else { 0.0 };
        }
        if self.y1.iter().any(|y| !y.is_finite()) {
            self.y1 = [0.0; 12];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::testutil::dft_mag;

    fn shifted(f: f32, shift: f32) -> Vec<f32> {
        let mut x: Vec<f32> = (0..48_000)
            .map(|i| (std::f32::consts::TAU * f * i as f32 / 48_000.0).sin())
            .collect();
        FreqShift::new(shift, 0.0, 48_000.0).process(&mut x);
        x.split_off(4800)
    }

    /// 1000 Hz shifted by 250 Hz is at 1250 Hz with the image at 750 Hz suppressed (over
    /// 30 dB); shifted by -400 Hz it is at 600 Hz.
    #[test]
    fn a_sine_moves_by_the_shift() {
        let y = shifted(1000.0, 250.0);
        let (at, image, orig) = (dft_mag(&y, 1250.0), dft_mag(&y, 750.0), dft_mag(&y, 1000.0));
        assert!((at - 0.5).abs() < 0.03, "shifted {at}");
        assert!(image < at * 0.03 && orig < at * 0.03, "{image} {orig}");
        let y = shifted(1000.0, -400.0);
        assert!(dft_mag(&y, 600.0) > 0.45 && dft_mag(&y, 1400.0) < 0.02);
    }
}
