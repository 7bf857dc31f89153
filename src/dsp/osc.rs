//! Oscillators: band-limited [`Osc`] (sine, saw, square, triangle, pulse) and noise ([`Noise`]
//! white, [`Pink`]).
//!
//! * Saw, square and pulse subtract a 2-sample polynomial band-limited step (PolyBLEP) at each
//!   discontinuity: V. Välimäki and A. Huovilainen, "Antialiasing Oscillators in Subtractive
//!   Synthesis", IEEE Signal Processing Magazine 24(2), 2007 (the polynomial form popularised by
//!   Martin Finke's "PolyBLEP oscillator" tutorial, 2013).
//! * Triangle rounds its corners with the integrated residual, PolyBLAMP: F. Esqueda, V. Välimäki
//!   and S. Bilbao, "Rounding Corners with BLAMP", DAFx-16, 2016.
//! * Output range is -1..1. Phase starts at 0: sine and triangle rise through 0, the saw starts
//!   its ramp at -1, square and pulse start high.

use super::{at, clamp_hz, sane_rate};

/// Oscillator waveform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wave {
    Sine,
    /// Rising ramp -1..1.
    Saw,
    /// Pulse of width 0.5.
    Square,
    Tri,
    /// High for `width` of each period (`width` clamped to 0.01..0.99; default 0.5).
    Pulse,
}

/// PolyBLEP residual for a step of height 2 at phase 0 (`t` in [0,1), `dt` = increment): the
/// one band-limited step of the crate (oscillators, synth voices, the embedded kit).
#[inline(always)]
pub fn blep(t: f64, dt: f64) -> f64 {
    if t < dt {
        let x = t / dt;
        x + x - x * x - 1.0
    } else if t > 1.0 - dt {
        let x = (t - 1.0) / dt;
        x * x + x + x + 1.0
    } else {
        0.0
    }
}

/// The PolyBLEP saw at phase `t` (cycles) with increment `dt`: the sample of [`Osc`]'s saw.
#[inline(always)]
pub fn saw_sample(t: f64, dt: f64) -> f32 {
    (2.0 * t - 1.0 - blep(t, dt)) as f32
}

/// PolyBLAMP residual (the integral of [`blep`]) for a slope change of 2 per sample at phase 0.
#[inline]
pub fn blamp(t: f64, dt: f64) -> f64 {
    if t < dt {
        let x = t / dt - 1.0;
        -x * x * x / 3.0
    } else if t > 1.0 - dt {
        let x = (t - 1.0) / dt + 1.0;
        x * x * x / 3.0
    } else {
        0.0
    }
}

/// Band-limited oscillator (phase accumulator in f64, so pitch stays exact over long renders).
#[derive(Clone, Debug)]
pub struct Osc {
    sr: f32,
    phase: f64,
}

impl Osc {
    pub fn new(sample_rate: f32) -> Self {
        Osc {
            sr: sane_rate(sample_rate),
            phase: 0.0,
        }
    }

    /// Back to phase 0.
    pub fn reset(&mut self) {
        self.phase = 0.0;
    }

    /// Set the phase (in cycles; wrapped into 0..1; non-finite means 0), e.g. for hard sync.
    pub fn set_phase(&mut self, cycles: f32) {
        let p = if cycles.is_finite() {
            cycles as f64
        } else {
            0.0
        };
        self.phase = p - p.floor();
    }

    /// Render `out.len()` samples. `freq_hz` is clamped to 0..0.49*sr (default 440); `width` is
    /// only read for [`Wave::Pulse`] (default 0.5). Short control slices hold their last value.
    pub fn process(&mut self, wave: Wave, freq_hz: &[f32], width: &[f32], out: &mut [f32]) {
        if wave == Wave::Saw && freq_hz.len() <= 1 {
            // A constant frequency (a synth voice's): the increment once, not a division per
            // sample; the same samples as the loop below.
            let dt = self.saw_increment(freq_hz);
            for o in out.iter_mut() {
                *o = saw_sample(self.phase, dt);
                self.phase += dt;
                if self.phase >= 1.0 {
                    self.phase -= 1.0;
                }
            }
            return;
        }
        for (i, o) in out.iter_mut().enumerate() {
            let dt = clamp_hz(at(freq_hz, i, 440.0), 0.0, self.sr) as f64 / self.sr as f64;
            let t = self.phase;
            let y = match wave {
                Wave::Sine => (t * std::f64::consts::TAU).sin(),
                Wave::Saw => 2.0 * t - 1.0 - blep(t, dt),
                Wave::Square => Self::pulse(t, dt, 0.5),
                Wave::Pulse => Self::pulse(t, dt, at(width, i, 0.5).clamp(0.01, 0.99) as f64),
                Wave::Tri => {
                    // Naive triangle rising through 0 at t = 0; corners at u = 0 (trough) and
                    // u = 0.5 (peak) where the slope changes by 8 per cycle = 8*dt per sample.
                    let u = (t + 0.25).fract();
                    let naive = 1.0 - 4.0 * (u - 0.5).abs();
                    naive + 4.0 * dt * (blamp(u, dt) - blamp((u + 0.5).fract(), dt))
                }
            };
            *o = y as f32;
            self.phase += dt;
            if self.phase >= 1.0 {
                self.phase -= 1.0;
            }
        }
    }

    /// The phase increment per sample at a constant frequency (`freq_hz` as [`Osc::process`]
    /// reads it).
    #[inline]
    fn saw_increment(&self, freq_hz: &[f32]) -> f64 {
        clamp_hz(at(freq_hz, 0, 440.0), 0.0, self.sr) as f64 / self.sr as f64
    }

    /// For the lane kernels (`lanes.rs`): the phase in cycles and the increment a saw at
    /// `freq_hz` advances it by, as [`Osc::process`] renders it.
    pub fn saw_lane(&self, freq_hz: f32) -> (f64, f64) {
        (self.phase, self.saw_increment(&[freq_hz]))
    }

    /// Sets the phase a lane kernel advanced (no wrapping: as [`Osc::saw_lane`] gave it).
    pub fn set_lane_phase(&mut self, phase: f64) {
        self.phase = phase;
    }

    /// PolyBLEP pulse: +1 for phase < w, -1 after; steps up at 0 and down at w.
    #[inline]
    fn pulse(t: f64, dt: f64, w: f64) -> f64 {
        let naive = if t < w { 1.0 } else { -1.0 };
        naive + blep(t, dt) - blep((t + 1.0 - w).fract(), dt)
    }
}

/// Default seed of [`Noise`] (any non-zero value works).
pub const NOISE_SEED: u32 = 0x2545_F491;

/// White noise, uniform in -1..1, from Marsaglia's xorshift32 ("Xorshift RNGs", J. Statistical
/// Software 8(14), 2003). Deterministic: a fixed seed, restored by `reset`.
#[derive(Clone, Debug)]
pub struct Noise {
    seed: u32,
    state: u32,
}

impl Noise {
    /// `sample_rate` is unused (white noise is rate-independent); kept for a uniform API.
    pub fn new(_sample_rate: f32) -> Self {
        Self::with_seed(NOISE_SEED)
    }

    /// A generator with its own seed (0 is replaced by [`NOISE_SEED`]), e.g. one per voice.
    pub fn with_seed(seed: u32) -> Self {
        let seed = if seed == 0 { NOISE_SEED } else { seed };
        Noise { seed, state: seed }
    }

    pub fn reset(&mut self) {
        self.state = self.seed;
    }

    #[inline]
    pub fn next_sample(&mut self) -> f32 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.state = x;
        // Top 24 bits -> [0, 1) exactly representable, then to [-1, 1).
        (x >> 8) as f32 * (2.0 / 16_777_216.0) - 1.0
    }

    pub fn process(&mut self, out: &mut [f32]) {
        for o in out.iter_mut() {
            *o = self.next_sample();
        }
    }
}

/// Pink (-3 dB/octave) noise: Paul Kellet's "refined" filter over white noise (musicdsp.org,
/// "Filter to make pink noise from white", 1999; accurate to ±0.05 dB above 9.2 Hz at 44.1 kHz),
/// scaled by 0.11 so the output stays roughly within -1..1.
#[derive(Clone, Debug)]
pub struct Pink {
    white: Noise,
    b: [f32; 7],
}

impl Pink {
    pub fn new(sample_rate: f32) -> Self {
        Pink {
            white: Noise::new(sample_rate),
            b: [0.0; 7],
        }
    }

    pub fn with_seed(seed: u32) -> Self {
        Pink {
            white: Noise::with_seed(seed),
            b: [0.0; 7],
        }
    }

    pub fn reset(&mut self) {
        self.white.reset();
        self.b = [0.0; 7];
    }

    // Kellet's coefficients exactly as published.
    #[allow(clippy::excessive_precision)]
    pub fn process(&mut self, out: &mut [f32]) {
        for o in out.iter_mut() {
            let w = self.white.next_sample();
            let b = &mut self.b;
            b[0] = 0.99886 * b[0] + w * 0.0555179;
            b[1] = 0.99332 * b[1] + w * 0.0750759;
            b[2] = 0.96900 * b[2] + w * 0.1538520;
            b[3] = 0.86650 * b[3] + w * 0.3104856;
            b[4] = 0.55000 * b[4] + w * 0.5329522;
            b[5] = -0.7616 * b[5] - w * 0.0168980;
            let pink = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362;
            b[6] = w * 0.115926;
            for v in b.iter_mut() {
                *v = super::flush_denormal(*v);
            }
            *o = pink * 0.11;
        }
    }
}

/// Render `n` samples of one waveform at a constant frequency (convenience, allocates: tests and
/// off-audio-thread synthesis of the embedded kit only).
pub fn render(wave: Wave, freq_hz: f32, sample_rate: f32, n: usize) -> Vec<f32> {
    let mut out = vec![0.0; n];
    Osc::new(sample_rate).process(wave, &[freq_hz], &[0.5], &mut out);
    out
}

// ---- Nodes: the oscillators and noises as the language names them (see `node.rs`). ----

use super::node::{DspNode, Input, NodeDef};

/// An oscillator node of one waveform.
struct OscNode(Osc, Wave);

impl DspNode for OscNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        self.0.process(self.1, inputs[0][0], &[], l);
        r.copy_from_slice(l);
    }
}

const FREQ: &[Input] = &[Input::signal("freq", "Hz", "the frequency")];

macro_rules! osc_def {
    ($def:ident, $name:literal, $wave:ident, $bare:literal, $doc:literal, $example:literal) => {
        pub static $def: NodeDef = NodeDef {
            name: $name,
            doc: $doc,
            example: $example,
            inputs: FREQ,
            control: None,
            bare_pattern: $bare,
            build: |sr, _| Box::new(OscNode(Osc::new(sr), Wave::$wave)),
            voice: None,
        };
    };
}

osc_def!(
    SINE,
    "sine",
    Sine,
    true,
    "A sine oscillator at `freq` Hz (bare `sine` is the 0..1 pattern).",
    "out $ sine \"220 330\" * 0.2"
);
osc_def!(
    SAW,
    "saw",
    Saw,
    true,
    "A band-limited sawtooth at `freq` Hz.",
    "out $ saw 55 * 0.3 # lpf 800 2"
);
osc_def!(
    SQUARE,
    "square",
    Square,
    true,
    "A band-limited square wave at `freq` Hz.",
    "out $ square 110 * 0.2"
);
osc_def!(
    TRI,
    "tri",
    Tri,
    true,
    "A band-limited triangle at `freq` Hz.",
    "out $ tri 220 * 0.3"
);
osc_def!(
    PULSE,
    "pulse",
    Pulse,
    false,
    "A band-limited pulse wave at `freq` Hz.",
    "out $ pulse 110 * 0.1"
);

/// A noise node: white or pink, the same on both sides.
struct NoiseNode<N>(N, fn(&mut N, &mut [f32]));

impl<N: Send> DspNode for NoiseNode<N> {
    fn process(&mut self, _: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        (self.1)(&mut self.0, l);
        r.copy_from_slice(l);
    }
}

pub static NOISE: NodeDef = NodeDef {
    name: "noise",
    doc: "White noise.",
    example: "out $ noise * 0.1 # hpf 4000 0.7",
    inputs: &[],
    control: None,
    bare_pattern: false,
    build: |sr, _| Box::new(NoiseNode(Noise::new(sr), Noise::process)),
    voice: None,
};

pub static PINK: NodeDef = NodeDef {
    name: "pink",
    doc: "Pink noise (-3 dB per octave).",
    example: "out $ pink * 0.1 # lpf 2000 0.7",
    inputs: &[],
    control: None,
    bare_pattern: false,
    build: |sr, _| Box::new(NoiseNode(Pink::new(sr), Pink::process)),
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    const WAVES: [Wave; 5] = [Wave::Sine, Wave::Saw, Wave::Square, Wave::Tri, Wave::Pulse];

    #[test]
    fn blocks_and_reset() {
        let n = 6000;
        let freq: Vec<f32> = (0..n).map(|i| 30.0 + 8.0 * i as f32).collect();
        let width: Vec<f32> = (0..n)
            .map(|i| (i as f32 * 0.001).sin() * 0.45 + 0.5)
            .collect();
        for w in WAVES {
            check_blocks(
                n,
                || Osc::new(SR),
                |o, r, l, _| o.process(w, &freq[r.clone()], &width[r], l),
                Osc::reset,
            );
        }
        check_blocks(
            n,
            || Noise::new(SR),
            |o, _, l, _| o.process(l),
            Noise::reset,
        );
        check_blocks(n, || Pink::new(SR), |o, _, l, _| o.process(l), Pink::reset);
    }

    #[test]
    fn hits_frequency() {
        for w in WAVES {
            let x = render(w, 440.0, SR, SR as usize);
            let m = |f| dft_mag(&x, f);
            assert!(
                m(440.0) > 5.0 * m(439.0) && m(440.0) > 5.0 * m(441.0),
                "{w:?}"
            );
            assert!(m(440.0) > 0.3, "{w:?} fundamental {}", m(440.0));
            let up = x.windows(2).filter(|p| p[0] < 0.0 && p[1] >= 0.0).count() as i32;
            assert!((up - 440).abs() <= 1, "{w:?}: {up} upward zero crossings");
        }
    }

    #[test]
    fn bounded_and_band_limited() {
        for w in WAVES {
            let x = render(w, 5_000.0, SR, 48_000);
            assert!(x.iter().all(|v| v.abs() <= 1.1), "{w:?}");
        }
        // Saw at 5 kHz: the strongest alias (7 * 5000 = 35 kHz folds to 13 kHz) is far below
        // the naive saw's.
        let x = render(Wave::Saw, 5_000.0, SR, 48_000);
        let naive: Vec<f32> = (0..48_000)
            .map(|i| 2.0 * ((i as f32 * 5_000.0 / SR) % 1.0) - 1.0)
            .collect();
        assert!(db(dft_mag(&x, 13_000.0) / dft_mag(&naive, 13_000.0)) < -6.0);
    }

    #[test]
    fn triangle_is_closer_to_band_limited_than_naive() {
        let f = 3_000.0f32;
        let x = render(Wave::Tri, f, SR, 4800);
        let (mut e_blamp, mut e_naive) = (0.0, 0.0);
        for (i, &v) in x.iter().enumerate() {
            let t = (i as f64 * f as f64 / SR as f64).fract();
            // Additive reference: odd harmonics below Nyquist, 8/pi^2 sum (-1)^k sin / n^2.
            let mut r = 0.0;
            for k in 0..4 {
                let h = (2 * k + 1) as f64;
                let s = if k % 2 == 0 { 1.0 } else { -1.0 };
                r += 8.0 / (std::f64::consts::PI.powi(2))
                    * s
                    * (std::f64::consts::TAU * h * t).sin()
                    / (h * h);
            }
            let naive = 1.0 - 4.0 * ((t + 0.25).fract() - 0.5).abs();
            e_blamp += (v as f64 - r).powi(2);
            e_naive += (naive - r).powi(2);
        }
        assert!(e_blamp < 0.5 * e_naive, "blamp {e_blamp} naive {e_naive}");
    }

    #[test]
    fn pulse_width_and_robustness() {
        let mut o = Osc::new(SR);
        let mut x = vec![0.0; 48_000];
        o.process(Wave::Pulse, &[100.0], &[0.25], &mut x);
        let mean = x.iter().sum::<f32>() / x.len() as f32;
        assert!((mean + 0.5).abs() < 0.01, "mean {mean}");
        let bad: Vec<f32> = BAD.iter().cycle().take(600).copied().collect();
        for w in WAVES {
            o.process(w, &bad, &bad, &mut x[..600]);
            assert!(x[..600].iter().all(|v| v.is_finite() && v.abs() <= 1.1));
            o.process(w, &[], &[], &mut x[..10]);
            assert!(x.iter().all(|v| v.is_finite()));
        }
        o.set_phase(f32::NAN);
        o.set_phase(-3.75);
        assert_eq!(o.phase, 0.25);
    }

    #[test]
    fn noise_statistics() {
        let mut x = vec![0.0; 96_000];
        Noise::new(SR).process(&mut x);
        let mean = x.iter().map(|&v| v as f64).sum::<f64>() / x.len() as f64;
        assert!(x.iter().all(|v| v.is_finite() && v.abs() <= 1.0));
        assert!(mean.abs() < 0.01, "white mean {mean}");
        assert!((rms(&x) - 0.577).abs() < 0.01);
        let mut p = vec![0.0; 96_000];
        Pink::new(SR).process(&mut p);
        let mean = p.iter().map(|&v| v as f64).sum::<f64>() / p.len() as f64;
        assert!(p.iter().all(|v| v.is_finite() && v.abs() <= 1.0));
        assert!(mean.abs() < 0.05, "pink mean {mean}");
        // Pink: more energy per octave at low frequencies than white; about -3 dB per octave.
        let band = |x: &[f32], lo: f32| {
            (0..8)
                .map(|k| dft_mag(&x[..24_000], lo + 2.0 * k as f32).powi(2))
                .sum::<f32>()
        };
        let tilt = 10.0 * (band(&p, 4_000.0) / band(&p, 250.0)).log10();
        assert!(
            (-16.0..-8.0).contains(&tilt),
            "pink tilt over 4 octaves: {tilt} dB"
        );
        assert_ne!(
            Noise::with_seed(1).next_sample(),
            Noise::new(SR).next_sample()
        );
    }
}
