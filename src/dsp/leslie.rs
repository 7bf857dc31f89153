//! SuperDirt's `leslie`, `lrate`, `lsize`: a rotary-speaker effect on an orbit's whole dry
//! signal (`synths/core-synths-global.scd`, SynthDef `dirt_leslie`; a global effect of each
//! `DirtOrbit`, `classes/DirtOrbit.sc`). `leslie` is the wet share (0..1), `lrate` the rotation
//! in Hz (6.7 "fast", 0.7 "slow"), `lsize` the cabinet in metres (the Doppler depth).
//!
//! As the SynthDef, with a stereo orbit: the dry signal is replaced by `dry * (1 - leslie)`;
//! each channel is split at 800 Hz (`HPF`, the low part is `in - high`); the low part is
//! scaled by `leslie * (1 - throb)`, the high part delayed by `distance / 343` s (`DelayC`) and
//! scaled by `leslie * (1 - distance)`; the sum times 1.2 is the channel's effect output. With
//! a stereo input `in.dup` makes `Balance2` take a channel as both its sides and `Out` sums its
//! two outputs back into that channel, so the balance oscillators scale each part by the sum of
//! `Balance2`'s two gains (about 1.41 at the centre) rather than moving it between sides:
//! measured so against SuperCollider 3.13's render of `dirt_leslie2` (a left-only input leaves
//! the right silent). The modulators: `distance = SinOsc.ar(Lag(lrate, 10)).range(0, lsize)`,
//! `throb = SinOsc.ar(Lag(0.8 lrate, 20)).range(0, 1.3 lsize)`,
//! `bal1 = SinOsc.kr(Lag(0.8 lrate, 4), pi / 2).range(-0.2, 0.2)`,
//! `bal2 = SinOsc.kr(Lag(lrate, 2), pi / 2).range(-0.4, 0.4)`. `Lag` is SuperCollider's
//! (`y = x + b (y - x)`, `b = 0.001^(1 / (lag sr))`), here per sample, starting from the
//! SynthDef's defaults as the orbit's synth does. `lsize` is limited to 10 m here (a 29 ms
//! delay; SuperDirt's line holds 1 s) and `leslie` to 0..1.

use super::sc_ugens::{xfade2, Biquad};

/// Largest `lsize` (metres).
pub const MAX_SIZE_M: f32 = 10.0;
/// Speed of sound the SynthDef uses (m/s).
const SOUND_MPS: f64 = 343.0;

/// SuperCollider's `Lag` at sample rate.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Lag {
    y: f64,
    b: f64,
}

impl Lag {
    fn new(y: f64, lag_s: f64, sr: f64) -> Lag {
        Lag {
            y,
            b: (0.001f64.ln() / (lag_s * sr)).exp(),
        }
    }

    #[inline]
    fn tick(&mut self, x: f64) -> f64 {
        self.y = x + self.b * (self.y - x);
        self.y
    }
}

/// The effect's settings (SuperDirt's defaults: 0.5, 6.7 Hz, 0.3 m).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeslieParams {
    pub leslie: f32,
    pub lrate: f32,
    pub lsize: f32,
}

impl Default for LeslieParams {
    fn default() -> Self {
        LeslieParams {
            leslie: 0.5,
            lrate: 6.7,
            lsize: 0.3,
        }
    }
}

pub struct Leslie {
    sr: f64,
    hpf: [Biquad; 2],
    /// The high parts' delay lines (per channel) and their write position.
    lines: [super::zeroed::Zeroed; 2],
    w: usize,
    /// Lags of the four oscillators' rates and their phases (cycles): distance, throb, bal1,
    /// bal2.
    lags: [Lag; 4],
    phases: [f64; 4],
}

impl Leslie {
    /// Allocates the delay line (off the audio thread).
    pub fn new(sample_rate: f32) -> Leslie {
        let sr = super::sane_rate(sample_rate) as f64;
        let len = (MAX_SIZE_M as f64 / SOUND_MPS * sr) as usize + 8;
        let d = LeslieParams::default().lrate as f64;
        Leslie {
            sr,
            hpf: [Biquad::butterworth(true, 800.0, sr); 2],
            lines: [
                super::zeroed::Zeroed::new(len),
                super::zeroed::Zeroed::new(len),
            ],
            w: 0,
            lags: [
                Lag::new(d, 10.0, sr),
                Lag::new(0.8 * d, 20.0, sr),
                Lag::new(0.8 * d, 4.0, sr),
                Lag::new(d, 2.0, sr),
            ],
            phases: [0.0, 0.0, 0.25, 0.25],
        }
    }

    /// SuperCollider's `cubicinterp` (4-point Hermite) of the line `delay` samples back (at
    /// least one sample: the newest sample is the one written this tick).
    #[inline]
    fn read(&self, c: usize, delay: f64) -> f32 {
        let line = &self.lines[c];
        let n = line.len();
        let d = delay.clamp(1.0, (n - 3) as f64);
        let di = d.floor();
        let x = (d - di) as f32;
        let i = self.w + n - di as usize;
        let at = |k: usize| line[k % n];
        let (ym1, y0, y1, y2) = (at(i + 1), at(i), at(i - 1), at(i - 2));
        let c1 = 0.5 * (y1 - ym1);
        let c2 = ym1 - 2.5 * y0 + 2.0 * y1 - 0.5 * y2;
        let c3 = 0.5 * (y2 - ym1) + 1.5 * (y0 - y1);
        ((c3 * x + c2) * x + c1) * x + y0
    }

    /// Replaces `l`/`r` (the orbit's dry signal) by the dry share plus the effect.
    pub fn process(&mut self, p: LeslieParams, l: &mut [f32], r: &mut [f32]) {
        let leslie = super::sanitize(p.leslie).clamp(0.0, 1.0) as f64;
        let rate = super::sanitize(p.lrate) as f64;
        let size = super::sanitize(p.lsize).clamp(0.0, MAX_SIZE_M) as f64;
        let targets = [rate, 0.8 * rate, 0.8 * rate, rate];
        let n = l.len().min(r.len());
        for i in 0..n {
            let mut osc = [0.0f64; 4];
            for k in 0..4 {
                osc[k] = (self.phases[k] * std::f64::consts::TAU).sin();
                let f = self.lags[k].tick(targets[k]);
                self.phases[k] = (self.phases[k] + f / self.sr).rem_euclid(1.0);
            }
            let distance = size * (osc[0] + 1.0) * 0.5;
            let throb = 1.3 * size * (osc[1] + 1.0) * 0.5;
            let (bal1, bal2) = (0.2 * osc[2], 0.4 * osc[3]);
            let (l1, r1) = xfade2(bal1, 1.0);
            let (l2, r2) = xfade2(bal2, 1.0);
            let (g1, g2) = (l1 + r1, l2 + r2);
            let dry = 1.0 - leslie;
            let n_line = self.lines[0].len();
            for (c, x) in [&mut l[i], &mut r[i]].into_iter().enumerate() {
                let high = self.hpf[c].tick(*x);
                let low = (*x - high) as f64 * leslie * (1.0 - throb);
                self.lines[c][self.w] = high;
                let delayed = self.read(c, distance / SOUND_MPS * self.sr) as f64;
                let high = delayed * leslie * (1.0 - distance);
                *x = (*x as f64 * dry + 1.2 * (low * g1 + high * g2)) as f32;
            }
            self.w = (self.w + 1) % n_line;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::testutil::dft_mag;

    /// A 3 kHz sine (all in the high part) through `leslie 1` at the default 6.7 Hz: its
    /// amplitude envelope swings at 6.7 Hz (the distance oscillator).
    #[test]
    fn high_part_is_modulated_at_lrate() {
        let sr = 48_000.0;
        let n = 96_000;
        let mut l: Vec<f32> = (0..n)
            .map(|i| 0.25 * (std::f32::consts::TAU * 3000.0 * i as f32 / sr).sin())
            .collect();
        let mut r = l.clone();
        let p = LeslieParams {
            leslie: 1.0,
            lrate: 6.7,
            lsize: 0.5,
        };
        Leslie::new(sr).process(p, &mut l, &mut r);
        // Envelope: peak per 1 ms.
        let env: Vec<f32> = l[24_000..]
            .chunks(48)
            .map(|c| c.iter().fold(0.0f32, |m, v| m.max(v.abs())))
            .collect();
        let mean = env.iter().sum::<f32>() / env.len() as f32;
        let env: Vec<f32> = env.iter().map(|v| v - mean).collect();
        let at = |f: f32| dft_mag(&env, f / 1000.0 * 48_000.0);
        let (m, off) = (at(6.7), at(4.0).max(at(10.0)));
        assert!(m > 5.0 * off, "at lrate {m}, off {off}");
    }
}
