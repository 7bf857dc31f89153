//! SuperDirt's `ring`, `ringf`, `ringdf` (`library/default-effects-extra.scd`, SynthDef
//! `dirt_ring`): `mod = ring * SinOsc.ar(Clip.kr(XLine.kr(ringf, ringf + ringdf), 20, 20000))`,
//! out `ring1(x, mod) = x * mod + x`. `XLine`'s default duration is 1 s: the modulator glides
//! exponentially from `ringf` to `ringf + ringdf` over the first second, at control rate as
//! `XLine.kr` (`server/plugins/LFUGens.cpp`, `XLine_Ctor`/`Xline_next_loop`: `counter =
//! round(dur * sr / 64)` control blocks, `grow = (end / start)^(1 / counter)`), one step per
//! 64-sample block of the voice as on SuperDirt's server. The synth's block `b` plays
//! `ringf * grow^(b + 1)` (the line's first step is taken when the synth starts), then the end:
//! measured against SuperCollider 3.13's render of `dirt_ring` (`ringf 100 # ringdf 300`), equal
//! to 1e-4 of its level. A line that cannot be
//! exponential (an end at or below 0) holds `ringf` (SuperCollider's would be undefined); the
//! clip keeps the frequency in 20..20000 Hz, so `ringf` 0 (the default) modulates at 20 Hz.

/// SuperCollider's control block (samples), the step of `XLine.kr`.
const CONTROL_BLOCK: u64 = 64;

/// Largest `ring` amount (SuperDirt's is unbounded; this keeps a typo from making a 1e9 gain).
pub const MAX_RING: f64 = 1000.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ring {
    amount: f64,
    from: f64,
    to: f64,
    /// `XLine`'s growth per control block and its number of blocks (0: constant `from`).
    grow: f64,
    counter: u64,
    k: u64,
    phase: f64,
    sample_rate: f64,
}

impl Ring {
    pub fn new(ring: f32, ringf: f32, ringdf: f32, sample_rate: f32) -> Ring {
        let fin = |x: f32| if x.is_finite() { x as f64 } else { 0.0 };
        let (amount, from, df) = (
            fin(ring).clamp(-MAX_RING, MAX_RING),
            fin(ringf),
            fin(ringdf),
        );
        let sr = super::sane_rate(sample_rate) as f64;
        let to = from + df;
        let counter = if from > 0.0 && to > 0.0 {
            (sr / CONTROL_BLOCK as f64 + 0.5) as u64
        } else {
            0
        };
        Ring {
            amount,
            from,
            to: if counter > 0 { to } else { from },
            grow: (to / from).powf(1.0 / counter.max(1) as f64),
            counter,
            k: 0,
            phase: 0.0,
            sample_rate: sr,
        }
    }

    /// The modulator's frequency at output sample `k`.
    fn freq(&self, k: u64) -> f64 {
        let b = k / CONTROL_BLOCK + 1;
        let f = if b < self.counter {
            self.from * self.grow.powi(b as i32)
        } else {
            self.to
        };
        f.clamp(20.0, 20_000f64.min(0.5 * self.sample_rate))
    }

    pub fn process(&mut self, x: &mut [f32]) {
        for s in x.iter_mut() {
            let m = self.amount * (self.phase * std::f64::consts::TAU).sin();
            *s = (*s as f64 * (m + 1.0)) as f32;
            self.phase = (self.phase + self.freq(self.k) / self.sample_rate).fract();
            self.k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::testutil::dft_mag;

    /// A 1000 Hz sine ring-modulated at 300 Hz: the carrier stays (`ring1` adds the input)
    /// and sidebands at 700 and 1300 Hz have `ring / 2` of its amplitude.
    #[test]
    fn sidebands_at_f_plus_minus_ringf() {
        let mut x: Vec<f32> = (0..48_000)
            .map(|i| (std::f32::consts::TAU * 1000.0 * i as f32 / 48_000.0).sin())
            .collect();
        Ring::new(0.8, 300.0, 0.0, 48_000.0).process(&mut x);
        let (c, lo, hi) = (dft_mag(&x, 1000.0), dft_mag(&x, 700.0), dft_mag(&x, 1300.0));
        assert!((c - 0.5).abs() < 0.01, "carrier {c}");
        assert!(
            (lo - 0.2).abs() < 0.01 && (hi - 0.2).abs() < 0.01,
            "{lo} {hi}"
        );
        assert!(dft_mag(&x, 300.0) < 0.01);
    }
}
