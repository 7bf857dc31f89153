//! superdough 1.2.6's sound sources (`synth.mjs`, `worklets.mjs`, `noise.mjs`):
//!
//! * [`WaveOsc`]: the Web Audio `OscillatorNode` types `sine`, `sawtooth`, `square`, `triangle`
//!   (`synth.mjs` `getOscillator`), band-limited here by PolyBLEP/PolyBLAMP (`osc.rs`) with the
//!   spec's phase (§ 1.29, the Fourier series of each type: every wave starts at 0 rising, the
//!   square high first) and amplitude 1. The frequency may be negative (FM past an index of 1
//!   runs the phase backwards, as the node does); it is clamped to +-Nyquist (the `frequency`
//!   param's nominal range).
//! * [`Supersaw`]: `SuperSawOscillatorProcessor` (`worklets.mjs`): `voices` PolyBLEP saws
//!   (`sawblep`), voice `n` detuned `lerp(-d/2, d/2, n/(voices-1))` semitones, odd voices panned
//!   the other way with gains `sqrt(1 - p)`, `sqrt(p)`, `p = panspread/2 + 1/2`, each from a
//!   random phase.
//! * [`Pulse`]: `PulseOscillatorProcessor` (`worklets.mjs`): two half-Tomisawa oscillators
//!   (self-phase-modulated cosines, the second offset by `(1 - pw) * pi`), `0.15 * (out0 - out1)`,
//!   with its decaying-and-restarting envelope per 128-sample render quantum.
//! * [`NoiseGen`]: `getNoiseBuffer` (`noise.mjs`): white, brown (`(last + 0.02 w) / 1.02`), pink
//!   (Paul Kellet's filter times 0.11) and crackle (a random sample with probability
//!   `density * 0.01`, else 0).

use super::osc::{blamp, blep, Noise};
use super::sine::sin_cycles;

/// A Web Audio oscillator type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wave {
    Sine,
    Sawtooth,
    Square,
    Triangle,
}

impl Wave {
    /// superdough's names and aliases (`synth.mjs` `waveforms`, `waveformAliases`).
    pub fn from_name(name: &str) -> Option<Wave> {
        Some(match name {
            "sine" | "sin" => Wave::Sine,
            "sawtooth" | "saw" => Wave::Sawtooth,
            "square" | "sqr" => Wave::Square,
            "triangle" | "tri" => Wave::Triangle,
            _ => return None,
        })
    }
}

/// A Web Audio oscillator's phase (cycles, f64).
#[derive(Clone, Copy, Debug, Default)]
pub struct WaveOsc {
    phase: f64,
}

impl WaveOsc {
    /// The phase (cycles, 0..1).
    pub fn phase(&self) -> f64 {
        self.phase
    }

    /// Sets the phase (cycles, 0..1).
    pub fn set_phase(&mut self, phase: f64) {
        self.phase = phase;
    }

    /// The next sample at `freq` Hz.
    #[inline(always)]
    pub fn next(&mut self, wave: Wave, freq: f64, sample_rate: f64) -> f32 {
        let dt = phase_step(freq, sample_rate);
        let t = self.phase;
        let y = shape(wave, t, dt.abs().min(0.5));
        self.phase = wrap(t + dt);
        y as f32
    }
}

/// The phase step (cycles) of `freq` Hz: clamped to +-Nyquist, 0 when not finite, times the
/// sample period `1 / sample_rate` (a multiply a sample; lanes have no divider to wait on).
#[inline(always)]
pub fn phase_step(freq: f64, sample_rate: f64) -> f64 {
    let nyq = sample_rate / 2.0;
    let f = if freq.is_finite() {
        freq.clamp(-nyq, nyq)
    } else {
        0.0
    };
    f * (1.0 / sample_rate)
}

/// [`phase_step`] without branches (a loop of it vectorizes, in lanes too): the frequency
/// clamped to +-`nyq` (`sr / 2`), 0 when not finite, times `1 / sr`. The same values.
#[inline(always)]
pub fn phase_step_flat(f: f64, nyq: f64, sr: f64) -> f64 {
    let c = if f < -nyq {
        -nyq
    } else if f > nyq {
        nyq
    } else {
        f
    };
    let c = if f.abs() < f64::INFINITY { c } else { 0.0 };
    c * (1.0 / sr)
}

/// `x - floor(x)` for `x` in -1/2..3/2: `x`, `x - 1` or `x + 1`, the same bits (libm's `floor`
/// and `trunc` are calls here). The phase is in 0..1 (1 itself after a wrap that rounds up) and
/// a step at most 1/2, so every wrap of [`WaveOsc`] is of such a number.
#[inline(always)]
pub fn wrap(x: f64) -> f64 {
    if x >= 1.0 {
        x - 1.0
    } else if x < 0.0 {
        x + 1.0
    } else {
        x
    }
}

/// The value of `wave` at phase `t` with step `adt` (`|dt|`, at most 1/2) for its PolyBLEP
/// and PolyBLAMP corrections.
#[inline(always)]
pub fn shape(wave: Wave, t: f64, adt: f64) -> f64 {
    match wave {
        Wave::Sine => sin_cycles(t),
        Wave::Sawtooth => saw_shape(t, adt),
        Wave::Square => {
            let naive = if t < 0.5 { 1.0 } else { -1.0 };
            naive + blep(t, adt) - blep(wrap(t + 0.5), adt)
        }
        Wave::Triangle => {
            let u = wrap(t + 0.25);
            let naive = 1.0 - 4.0 * (u - 0.5).abs();
            naive + 4.0 * adt * (blamp(u, adt) - blamp(wrap(u + 0.5), adt))
        }
    }
}

/// The sawtooth: 0 at phase 0, rising to 1, stepping down at phase 1/2 (`2u - 1` of `u = t +
/// 1/2` wrapped, less its PolyBLEP), written without branches (both of [`blep`]'s polynomials,
/// one picked: the same values) so that a loop of it vectorizes.
#[inline(always)]
pub fn saw_shape(t: f64, adt: f64) -> f64 {
    let u = t + 0.5;
    let u = if u >= 1.0 { u - 1.0 } else { u };
    // `blep(u, adt)`: `x = u / dt` below `dt`, `(u - 1) / dt` above `1 - dt`.
    let x = if u < adt { u } else { u - 1.0 } / adt;
    let rise = x + x - x * x - 1.0;
    let fall = x * x + x + x + 1.0;
    let b = if u < adt {
        rise
    } else if u > 1.0 - adt {
        fall
    } else {
        0.0
    };
    2.0 * u - 1.0 - b
}

/// Most partials a [`PartialsOsc`] keeps.
pub const PARTIALS_MAX: u32 = 2048;

/// A waveform of its first `n` harmonics only (`waveformN` in `synth.mjs`, the synths' `n`): a
/// Web Audio `PeriodicWave` with sawtooth `-1/k` sine terms, square `1/k` sine terms on odd
/// `k`, triangle `1/k^2` cosine terms on odd `k`, normalized (the spec's default) so that its
/// peak is 1; partials at or above Nyquist are left out, as the spec's band-limited tables do.
/// The peak is where the partial sum's derivative (a Dirichlet kernel) first vanishes:
/// `pi/(n+1)` for the sawtooth, `pi/(2m)` for the square of `m` odd terms, 0 for the triangle.
#[derive(Clone, Copy, Debug)]
pub struct PartialsOsc {
    phase: f64,
    wave: Wave,
    partials: u32,
    norm: f64,
}

impl PartialsOsc {
    /// `None` for a sine (superdough plays the stock sine whatever `n` is).
    pub fn new(wave: Wave, partials: u32) -> Option<PartialsOsc> {
        let n = partials.clamp(1, PARTIALS_MAX);
        let term = |k: u32, x: f64| -> f64 {
            let (re, im) = Self::coefficients(wave, k);
            re * (k as f64 * x).cos() + im * (k as f64 * x).sin()
        };
        let peak_at = match wave {
            Wave::Sine => return None,
            Wave::Sawtooth => std::f64::consts::PI / (n as f64 + 1.0),
            Wave::Square => std::f64::consts::PI / (2.0 * n.div_ceil(2) as f64),
            Wave::Triangle => 0.0,
        };
        let peak: f64 = (1..=n).map(|k| term(k, peak_at)).sum::<f64>().abs();
        Some(PartialsOsc {
            phase: 0.0,
            wave,
            partials: n,
            norm: if peak > 0.0 { 1.0 / peak } else { 1.0 },
        })
    }

    /// The `k`-th (real, imaginary) coefficients of `waveformN`'s `terms`.
    #[inline]
    fn coefficients(wave: Wave, k: u32) -> (f64, f64) {
        let kf = k as f64;
        let odd = k % 2 == 1;
        match wave {
            Wave::Sawtooth => (0.0, -1.0 / kf),
            Wave::Square => (0.0, if odd { 1.0 / kf } else { 0.0 }),
            Wave::Triangle => (if odd { 1.0 / (kf * kf) } else { 0.0 }, 0.0),
            Wave::Sine => (0.0, if k == 1 { 1.0 } else { 0.0 }),
        }
    }

    /// The next sample at `freq` Hz: the partials summed by rotating the first one.
    #[inline]
    pub fn next(&mut self, freq: f64, sample_rate: f64) -> f32 {
        let f = if freq.is_finite() { freq.abs() } else { 0.0 };
        let below_nyquist = if f > 0.0 {
            ((sample_rate * 0.5 / f).ceil() as u32).saturating_sub(1)
        } else {
            self.partials
        };
        let n = self.partials.min(below_nyquist);
        let x = self.phase * std::f64::consts::TAU;
        let (s1, c1) = x.sin_cos();
        let (mut sk, mut ck) = (s1, c1);
        let mut sum = 0.0;
        for k in 1..=n {
            let (re, im) = Self::coefficients(self.wave, k);
            sum += re * ck + im * sk;
            (sk, ck) = (sk * c1 + ck * s1, ck * c1 - sk * s1);
        }
        let p = self.phase + freq / sample_rate;
        self.phase = p - p.floor();
        (sum * self.norm) as f32
    }
}

/// Most supersaw voices (`clamp(unison, 1, 100)` in `synth.mjs`).
pub const SUPERSAW_MAX: usize = 100;

/// `SuperSawOscillatorProcessor`.
#[derive(Clone, Copy, Debug)]
pub struct Supersaw {
    phase: [f32; SUPERSAW_MAX],
    voices: f64,
    freqspread: f64,
    panspread: f64,
}

impl Supersaw {
    /// `voices` (1..100), `freqspread` (semitones), `panspread` (0..1), random start phases
    /// from `seed` (`Math.random()` in the worklet).
    pub fn new(voices: f64, freqspread: f64, panspread: f64, seed: u32) -> Supersaw {
        let mut rng = Noise::with_seed(seed);
        Supersaw {
            phase: std::array::from_fn(|_| (rng.next_sample() + 1.0) * 0.5),
            voices: voices.clamp(1.0, SUPERSAW_MAX as f64),
            freqspread: freqspread.max(0.0),
            panspread: panspread.clamp(0.0, 1.0),
        }
    }

    /// The next (left, right) at `freq` Hz and `detune` cents (the param's minimum is 0).
    #[inline]
    pub fn next(&mut self, freq: f64, detune_cents: f64, sample_rate: f64) -> (f32, f32) {
        let p = self.panspread * 0.5 + 0.5;
        let (g1, g2) = ((1.0 - p).sqrt(), p.sqrt());
        let freq = freq * 2f64.powf(detune_cents.max(0.0) / 1200.0);
        let (mut l, mut r) = (0.0f64, 0.0f64);
        let count = self.voices.ceil() as usize;
        for n in 0..count {
            let (gl, gr) = if n & 1 == 1 { (g2, g1) } else { (g1, g2) };
            // `getUnisonDetune`: 0 for one voice.
            let semis = if self.voices < 2.0 {
                0.0
            } else {
                let x = n as f64 / (self.voices - 1.0);
                -self.freqspread * 0.5 + x * self.freqspread
            };
            let fv = freq * 2f64.powf(semis / 12.0);
            let dt = (fv / sample_rate).rem_euclid(1.0);
            let ph = self.phase[n] as f64;
            let v = 2.0 * ph - 1.0 - blep(ph, dt.min(1.0 - dt));
            l += v * gl;
            r += v * gr;
            let q = ph + dt;
            self.phase[n] = (if q >= 1.0 { q - 1.0 } else { q }) as f32;
        }
        (l as f32, r as f32)
    }
}

/// `PulseOscillatorProcessor`.
#[derive(Clone, Copy, Debug)]
pub struct Pulse {
    phi: f64,
    y0: f64,
    y1: f64,
    dphif: f64,
    envf: f64,
    /// The worklet's `env`, which restarts at 1 every render quantum.
    env: f64,
}

impl Default for Pulse {
    fn default() -> Self {
        Pulse {
            phi: -std::f64::consts::PI,
            y0: 0.0,
            y1: 0.0,
            dphif: 0.0,
            envf: 0.0,
            env: 1.0,
        }
    }
}

impl Pulse {
    /// The next sample at `freq` Hz (detune included) and pulse width `pw`; `quantum_start`:
    /// this sample opens a 128-sample render quantum.
    #[inline]
    pub fn next(&mut self, freq: f64, pw: f64, sample_rate: f64, quantum_start: bool) -> f32 {
        use std::f64::consts::PI;
        // The worklet's `_PI` constant.
        #[allow(clippy::approx_constant)]
        let pi = 3.14159265359;
        let _ = PI;
        if quantum_start {
            self.env = 1.0;
        }
        let pw = (1.0 - pw.clamp(-0.99, 0.99)) * pi;
        let dphi = freq * (pi / (sample_rate * 0.5));
        self.dphif += 0.1 * (dphi - self.dphif);
        self.env *= 0.9998;
        self.envf += 0.1 * (self.env - self.envf);
        let b = (2.3 * (1.0 - 0.0001 * freq)).max(0.0);
        self.phi += self.dphif;
        if self.phi >= pi {
            self.phi -= 2.0 * pi;
        }
        let out0 = (self.phi + b * self.y0).cos();
        self.y0 = 0.5 * (out0 + self.y0);
        let out1 = (self.phi + b * self.y1 + pw).cos();
        self.y1 = 0.5 * (out1 + self.y1);
        (0.15 * (out0 - out1) * self.envf) as f32
    }
}

/// A noise type (`helpers.mjs` `noises`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoiseKind {
    White,
    Pink,
    Brown,
    Crackle,
}

impl NoiseKind {
    pub fn from_name(name: &str) -> Option<NoiseKind> {
        Some(match name {
            "white" => NoiseKind::White,
            "pink" => NoiseKind::Pink,
            "brown" => NoiseKind::Brown,
            "crackle" => NoiseKind::Crackle,
            _ => return None,
        })
    }
}

/// `getNoiseBuffer`'s generators, sample by sample.
#[derive(Clone, Debug)]
pub struct NoiseGen {
    kind: NoiseKind,
    rng: Noise,
    b: [f64; 7],
    last: f64,
    /// Crackle: the chance of a sample being non-zero (`density * 0.01`).
    probability: f32,
}

impl NoiseGen {
    pub fn new(kind: NoiseKind, density: f64, seed: u32) -> NoiseGen {
        NoiseGen {
            kind,
            rng: Noise::with_seed(seed),
            b: [0.0; 7],
            last: 0.0,
            probability: (density * 0.01) as f32,
        }
    }

    #[inline]
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> f32 {
        let white = self.rng.next_sample() as f64;
        match self.kind {
            NoiseKind::White => white as f32,
            NoiseKind::Brown => {
                self.last = (self.last + 0.02 * white) / 1.02;
                self.last as f32
            }
            NoiseKind::Pink => {
                let b = &mut self.b;
                b[0] = 0.99886 * b[0] + white * 0.0555179;
                b[1] = 0.99332 * b[1] + white * 0.0750759;
                b[2] = 0.969 * b[2] + white * 0.153852;
                b[3] = 0.8665 * b[3] + white * 0.3104856;
                b[4] = 0.55 * b[4] + white * 0.5329522;
                b[5] = -0.7616 * b[5] - white * 0.016898;
                let out = (b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + white * 0.5362) * 0.11;
                b[6] = white * 0.115926;
                out as f32
            }
            NoiseKind::Crackle => {
                let u = (white as f32 + 1.0) * 0.5;
                if u < self.probability {
                    self.rng.next_sample()
                } else {
                    0.0
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalized waveforms peak at 1 (measured over a period at a low pitch, where every
    /// partial sounds).
    #[test]
    fn partials_peak_at_one() {
        for wave in [Wave::Sawtooth, Wave::Square, Wave::Triangle] {
            for n in [1, 2, 3, 4, 7, 16, 33] {
                let mut o = PartialsOsc::new(wave, n).unwrap();
                let sr = 48000.0;
                let peak = (0..4800)
                    .map(|_| o.next(10.0, sr).abs())
                    .fold(0.0f32, f32::max);
                assert!((peak - 1.0).abs() < 2e-3, "{wave:?} {n}: {peak}");
            }
        }
    }

    #[test]
    fn waves_start_at_zero_rising() {
        for w in [Wave::Sine, Wave::Sawtooth, Wave::Triangle] {
            let mut o = WaveOsc::default();
            let a = o.next(w, 100.0, 48000.0);
            let b = o.next(w, 100.0, 48000.0);
            assert!(a.abs() < 0.02 && b > a, "{w:?}");
        }
    }
}
