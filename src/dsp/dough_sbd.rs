//! superdough 1.2.6's `sbd`, its synthesized bass drum (`synth.mjs`, `registerSound('sbd')`):
//! a triangle at the note (MIDI 29 unless set) whose detune falls from `penv` semitones (36)
//! exponentially over `pdecay` s (0.5), through a `tanh(2x)` wave shaper
//! (`makeSaturationCurve(2, sampleRate)`, read as a Web Audio `WaveShaperNode` reads its
//! curve), held 20 ms then falling exponentially to -60 dB over `decay` s (0.5); plus a click of
//! brown noise at 1.2 falling to -60 dB in 25 ms; the mix fades linearly to silence over the
//! last 10 ms before its end (`decay` + 10 ms, or `clip` times the note's length when `clip` is
//! set, whichever is earlier: superdough's note length already holds `clip`, so a clipped `sbd`
//! counts it twice). Every time is seconds from the onset, every ramp a Web Audio
//! automation event ([`Automation`]).

use super::dough_env::Automation;
use super::dough_osc::{NoiseGen, NoiseKind, Wave, WaveOsc};

/// `attackhold`: the body's level holds this long before decaying.
const ATTACK_HOLD_S: f64 = 0.02;
/// The click's level and decay (`noiselvl`, `noisedecay`).
const NOISE_LEVEL: f64 = 1.2;
const NOISE_DECAY_S: f64 = 0.025;
/// The fade before the end ("prevent clicking").
const FADE_S: f64 = 0.01;
/// `makeSaturationCurve`'s amount.
const SATURATION_K: f64 = 2.0;

/// One `sbd` note.
#[derive(Clone, Debug)]
pub struct Sbd {
    osc: WaveOsc,
    noise: NoiseGen,
    freq: f64,
    /// The triangle's detune in cents.
    detune: Automation,
    body: Automation,
    click: Automation,
    mix: Automation,
    /// The shaper curve's length: the context's sample rate.
    curve_len: f64,
}

impl Sbd {
    /// A note at `freq` Hz with `penv` (semitones), `pdecay` and `decay` (s), ending at `end` s
    /// ([`Sbd::end`]); `seed` draws the noise.
    pub fn new(freq: f64, penv: f64, pdecay: f64, decay: f64, end: f64, seed: u32, sr: f64) -> Sbd {
        Sbd {
            osc: WaveOsc::default(),
            noise: NoiseGen::new(NoiseKind::Brown, 2.0, seed),
            freq,
            detune: Automation::constant(penv * 100.0).exponential_to(0.001, pdecay),
            body: Automation::constant(1.0)
                .set_at(1.0, ATTACK_HOLD_S)
                .exponential_to(0.001, ATTACK_HOLD_S + decay),
            click: Automation::constant(NOISE_LEVEL).exponential_to(0.001, NOISE_DECAY_S),
            mix: Automation::constant(1.0)
                .set_at(1.0, (end - FADE_S).max(0.0))
                .linear_to(0.0, end),
            curve_len: sr.max(2.0),
        }
    }

    /// When a note ends (s): `decay` + 10 ms, or sooner at `clipped` s (`clip` times the
    /// note's length, when the event sets `clip`).
    pub fn end(decay: f64, clipped: Option<f64>) -> f64 {
        let end = decay + FADE_S;
        clipped.map_or(end, |c| c.min(end))
    }

    /// The sample `k` samples from the onset.
    #[inline]
    pub fn next(&mut self, k: u64, sr: f64) -> f32 {
        let f = self.freq * 2f64.powf(self.detune.value_at(k, sr) / 1200.0);
        let tri = self.osc.next(Wave::Triangle, f, sr) as f64;
        let body = self.shape(tri) * self.body.value_at(k, sr);
        let click = self.noise.next() as f64 * self.click.value_at(k, sr);
        ((body + click) * self.mix.value_at(k, sr)) as f32
    }

    /// The wave shaper: the curve `tanh(k (2i/n - 1))` of `n` points, read at
    /// `(n - 1)(x + 1)/2` with linear interpolation, its ends beyond -1 and 1 (Web Audio
    /// `WaveShaperNode`, oversampling none).
    fn shape(&self, x: f64) -> f64 {
        let n = self.curve_len;
        let point = |i: f64| (SATURATION_K * (i * 2.0 / n - 1.0)).tanh();
        let v = (n - 1.0) * 0.5 * (x.clamp(-1.0, 1.0) + 1.0);
        let k = v.floor();
        let frac = v - k;
        if k + 1.0 >= n {
            return point(n - 1.0);
        }
        let (a, b) = (point(k), point(k + 1.0));
        a + (b - a) * frac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pitch falls from 36 semitones above the note to the note, in `pdecay`.
    #[test]
    fn pitch_sweeps_down_to_the_note() {
        let sr = 48000.0;
        let f0 = 440.0 * 2f64.powf((29.0 - 69.0) / 12.0);
        let mut s = Sbd::new(f0, 36.0, 0.5, 0.5, Sbd::end(0.5, None), 1, sr);
        // Zero crossings upwards in a window: the frequency there.
        let mut freq_at = |from: f64, to: f64| {
            let (a, b) = ((from * sr) as usize, (to * sr) as usize);
            let mut last = 0.0f32;
            let mut ups = 0;
            let mut k0 = 0;
            while k0 < a {
                last = s.next(k0 as u64, sr);
                k0 += 1;
            }
            for k in a..b {
                let x = s.next(k as u64, sr);
                if last <= 0.0 && x > 0.0 {
                    ups += 1;
                }
                last = x;
            }
            ups as f64 / (to - from)
        };
        let early = freq_at(0.0, 0.02);
        // 36 semitones up at the onset: about 8 times the note (the first 20 ms fall some).
        assert!(early > 5.0 * f0, "{early} Hz against {f0}");
    }

    #[test]
    fn ends_silent_at_its_end() {
        let sr = 48000.0;
        let end = Sbd::end(0.3, Some(0.1));
        assert_eq!(end, 0.1);
        let mut s = Sbd::new(100.0, 36.0, 0.5, 0.3, end, 7, sr);
        let at = |s: &mut Sbd, t: f64| s.next((t * sr) as u64, sr).abs();
        assert!(at(&mut s, 0.001) > 0.0);
        assert_eq!(at(&mut s, 0.1), 0.0);
    }
}
