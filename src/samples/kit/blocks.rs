//! The kit's building blocks: a deterministic noise source, envelopes, filters, band-limited
//! oscillators, and the shared recipes (membranes, the 808 metal cluster, plucked strings).

use super::Sample;
use std::f64::consts::PI;

pub(super) const TAU: f64 = 2.0 * PI;

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

/// Marsaglia's xorshift32 (G. Marsaglia, "Xorshift RNGs", Journal of
/// Statistical Software 8(14), 2003), seeded per voice and variant so every
/// load renders identical noise.
pub(super) struct Rng(u32);

impl Rng {
    pub(super) fn new(seed: u32) -> Self {
        Self(if seed == 0 { 0x6D2B_79F5 } else { seed })
    }

    /// A distinct, fixed stream for instrument `voice`, variant `variant`.
    pub(super) fn for_voice(voice: u32, variant: usize) -> Self {
        let v = (variant as u32).wrapping_add(1);
        Self::new(voice.wrapping_mul(0x9E37_79B9) ^ v.wrapping_mul(0x85EB_CA6B))
    }

    /// Uniform in [0, 1), from the top 24 bits.
    #[inline(always)]
    pub(super) fn unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        f64::from(x >> 8) * (1.0 / 16_777_216.0)
    }

    /// White noise, uniform in [-1, 1).
    #[inline(always)]
    pub(super) fn noise(&mut self) -> f64 {
        2.0 * self.unit() - 1.0
    }
}

/// Frames in `secs` seconds at `sr` (at least 16).
pub(super) fn frames(sr: f64, secs: f64) -> usize {
    ((secs * sr).round() as usize).max(16)
}

/// Exponential decay from 1 that falls by 60 dB in `t60` seconds: one multiply
/// per sample.
pub(super) struct Decay {
    pub(super) level: f64,
    pub(super) k: f64,
}

impl Decay {
    pub(super) fn new(sr: f64, t60: f64) -> Self {
        Self {
            level: 1.0,
            k: 0.001_f64.powf(1.0 / (t60 * sr)),
        }
    }

    #[inline(always)]
    pub(super) fn next(&mut self) -> f64 {
        let l = self.level;
        self.level *= self.k;
        l
    }
}

/// Second-order section with the coefficient formulas of Robert Bristow-Johnson,
/// "Cookbook formulae for audio EQ biquad filter coefficients" (the Audio EQ
/// Cookbook), run in transposed direct form II.
pub(super) struct Biquad {
    pub(super) b0: f64,
    pub(super) b1: f64,
    pub(super) b2: f64,
    pub(super) a1: f64,
    pub(super) a2: f64,
    pub(super) z1: f64,
    pub(super) z2: f64,
}

#[derive(Clone, Copy)]
pub(super) enum Response {
    Low,
    High,
    /// Band-pass with constant 0 dB peak gain.
    Band,
}

impl Biquad {
    pub(super) fn new(response: Response, sr: f64, f0: f64, q: f64) -> Self {
        let f0 = f0.clamp(1.0, 0.45 * sr);
        let (sin, cos) = (TAU * f0 / sr).sin_cos();
        let alpha = sin / (2.0 * q);
        let (b0, b1, b2) = match response {
            Response::Low => ((1.0 - cos) / 2.0, 1.0 - cos, (1.0 - cos) / 2.0),
            Response::High => ((1.0 + cos) / 2.0, -(1.0 + cos), (1.0 + cos) / 2.0),
            Response::Band => (alpha, 0.0, -alpha),
        };
        let a0 = 1.0 + alpha;
        Self {
            b0: b0 / a0,
            b1: b1 / a0,
            b2: b2 / a0,
            a1: -2.0 * cos / a0,
            a2: (1.0 - alpha) / a0,
            z1: 0.0,
            z2: 0.0,
        }
    }

    pub(super) fn lowpass(sr: f64, f0: f64, q: f64) -> Self {
        Self::new(Response::Low, sr, f0, q)
    }

    pub(super) fn highpass(sr: f64, f0: f64, q: f64) -> Self {
        Self::new(Response::High, sr, f0, q)
    }

    pub(super) fn bandpass(sr: f64, f0: f64, q: f64) -> Self {
        Self::new(Response::Band, sr, f0, q)
    }

    #[inline(always)]
    pub(super) fn process(&mut self, x: f64) -> f64 {
        let y = self.b0 * x + self.z1;
        self.z1 = self.b1 * x - self.a1 * y + self.z2;
        self.z2 = self.b2 * x - self.a2 * y;
        y
    }
}

/// One-pole low-pass `y += a (x - y)` with `a = 1 - exp(-2 pi fc / sr)` (the
/// impulse-invariant RC low-pass; J. O. Smith, "Introduction to Digital
/// Filters", CCRMA, 2007).
pub(super) struct OnePole {
    pub(super) a: f64,
    pub(super) y: f64,
}

impl OnePole {
    pub(super) fn new(sr: f64, fc: f64) -> Self {
        Self {
            a: 1.0 - (-TAU * fc / sr).exp(),
            y: 0.0,
        }
    }

    #[inline(always)]
    pub(super) fn process(&mut self, x: f64) -> f64 {
        self.y += self.a * (x - self.y);
        self.y
    }
}

/// Andrew Simper's trapezoidal state-variable filter ("Solving the continuous
/// SVF equations using trapezoidal integration and equivalent currents",
/// Cytomic technical paper, 2013): stays stable with the cutoff modulated every
/// sample, at any cutoff below Nyquist. Low-pass output only.
pub(super) struct Svf {
    pub(super) ic1: f64,
    pub(super) ic2: f64,
}

impl Svf {
    pub(super) fn new() -> Self {
        Self { ic1: 0.0, ic2: 0.0 }
    }

    pub(super) fn lowpass(&mut self, x: f64, sr: f64, fc: f64, q: f64) -> f64 {
        let g = (PI * fc.clamp(10.0, 0.45 * sr) / sr).tan();
        let k = 1.0 / q;
        let a1 = 1.0 / (1.0 + g * (g + k));
        let a2 = g * a1;
        let a3 = g * a2;
        let v3 = x - self.ic2;
        let v1 = a1 * self.ic1 + a2 * v3;
        let v2 = self.ic2 + a2 * self.ic1 + a3 * v3;
        self.ic1 = 2.0 * v1 - self.ic1;
        self.ic2 = 2.0 * v2 - self.ic2;
        v2
    }
}

/// Band-limited pulse of duty `width` at phase `t` (cycles), with its DC
/// (`2 width - 1`) removed.
#[inline(always)]
pub(super) fn pulse(t: f64, dt: f64, width: f64) -> f64 {
    let naive = if t < width { 1.0 } else { -1.0 };
    let mut fall = t - width;
    if fall < 0.0 {
        fall += 1.0;
    }
    naive + crate::dsp::osc::blep(t, dt) - crate::dsp::osc::blep(fall, dt) - (2.0 * width - 1.0)
}

/// Band-limited rising sawtooth at phase `t` (cycles).
#[inline(always)]
pub(super) fn saw(t: f64, dt: f64) -> f64 {
    2.0 * t - 1.0 - crate::dsp::osc::blep(t, dt)
}

pub(super) use crate::dsp::sine::sin_cycles;

/// Advances a phase in cycles by `dt` (< 1), wrapping into [0, 1).
#[inline(always)]
pub(super) fn advance(phase: &mut f64, dt: f64) {
    *phase += dt;
    if *phase >= 1.0 {
        *phase -= 1.0;
    }
}

/// Removes DC in place with the one-zero one-pole blocker `y = x - x1 + R y1`
/// (J. O. Smith, "Introduction to Digital Filters", CCRMA, 2007, "DC Blocker"),
/// corner about 10 Hz; leaves `x[0]` unchanged. Returns the peak magnitude.
pub(super) fn dc_block(x: &mut [f32], sr: f64) -> f64 {
    let r = (-TAU * 10.0 / sr).exp();
    let (mut x1, mut y1, mut peak) = (0.0, 0.0, 0.0_f64);
    for s in x.iter_mut() {
        let x0 = f64::from(*s);
        let y = x0 - x1 + r * y1;
        x1 = x0;
        y1 = y;
        *s = y as f32;
        peak = peak.max(y.abs()); // no branch on the signal's sign
    }
    peak
}

/// Multiplies by `gain` and applies a raised-cosine fade over the last 10 ms
/// (at most a quarter of the sound) that reaches exactly zero on the final
/// sample.
pub(super) fn scale_and_fade(x: &mut [f32], sr: f64, gain: f64) {
    let fade = frames(sr, 0.01).min(x.len() / 4).max(1);
    let start = x.len() - fade;
    let g = gain as f32;
    for s in x[..start].iter_mut() {
        *s *= g;
    }
    for (k, s) in x[start..].iter_mut().enumerate() {
        let w = 0.5 * (1.0 + (PI * (k + 1) as f64 / fade as f64).cos());
        *s = (f64::from(*s) * gain * w) as f32;
    }
    if let Some(last) = x.last_mut() {
        *last = 0.0;
    }
}

/// DC-blocks each channel, then scales both by one gain so the louder peaks at
/// `level`, and fades them out.
pub(super) fn finish(
    sr: f64,
    mut left: Vec<f32>,
    mut right: Option<Vec<f32>>,
    level: f64,
) -> Sample {
    let mut peak = dc_block(&mut left, sr);
    if let Some(r) = right.as_mut() {
        peak = peak.max(dc_block(r, sr));
    }
    let gain = if peak > 0.0 { level / peak } else { 0.0 };
    scale_and_fade(&mut left, sr, gain);
    if let Some(r) = right.as_mut() {
        scale_and_fade(r, sr, gain);
    }
    Sample {
        left,
        right,
        sample_rate: sr as f32,
    }
}

pub(super) fn mono(sr: f64, x: Vec<f32>, level: f64) -> Sample {
    finish(sr, x, None, level)
}

/// A tuned membrane/resonator hit: a sine whose pitch falls from
/// `hz * (1 + bend)` to `hz` with time constant `bend_tau`, plus the first
/// inharmonic overtone of an ideal circular membrane (1.594 x, the (1,1) mode;
/// N. H. Fletcher and T. D. Rossing, "The Physics of Musical Instruments",
/// 2nd ed., 1998, ch. 3) and a little low-passed noise for the stick. Starts
/// at the waveform's crest, so the attack is immediate.
pub(super) struct Membrane {
    pub(super) hz: f64,
    pub(super) bend: f64,
    pub(super) bend_tau: f64,
    pub(super) t60: f64,
    pub(super) overtone: f64,
    pub(super) noise: f64,
    pub(super) secs: f64,
}

pub(super) fn membrane(sr: f64, m: &Membrane, rng: &mut Rng) -> Vec<f32> {
    let n = frames(sr, m.secs);
    let bend_k = (-1.0 / (m.bend_tau * sr)).exp();
    let mut bend = m.bend;
    let mut amp = Decay::new(sr, m.t60);
    let mut amp2 = Decay::new(sr, m.t60 * 0.4);
    let mut stick = Decay::new(sr, 0.06);
    let mut stick_lp = OnePole::new(sr, 2_500.0);
    // The overtone and stick are skipped once 80 dB down.
    let overtone_len = if m.overtone > 0.0 {
        frames(sr, m.t60 * 0.55)
    } else {
        0
    };
    let stick_len = if m.noise > 0.0 { frames(sr, 0.08) } else { 0 };
    let (mut p1, mut p2) = (0.25, 0.25);
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        let f = m.hz * (1.0 + bend);
        bend *= bend_k;
        let mut s = sin_cycles(p1) * amp.next();
        advance(&mut p1, f / sr);
        if i < overtone_len {
            s += m.overtone * sin_cycles(p2) * amp2.next();
            advance(&mut p2, (1.594 * f / sr).min(0.45));
        }
        if i < stick_len {
            s += m.noise * stick_lp.process(rng.noise()) * stick.next();
        }
        *o = s as f32;
    }
    out
}

/// The TR-808's six square-wave oscillators (Hz) feeding its cymbal and hi-hats,
/// as given in K. J. Werner, J. S. Abel and J. O. Smith, "The TR-808 Cymbal: a
/// Physically-Informed, Circuit-Bendable, Digital Model", ICMC/SMC 2014.
pub(super) const METAL_HZ: [f64; 6] = [205.3, 304.4, 369.6, 522.7, 540.0, 800.0];

/// Sum of the six squares at `scale` x [`METAL_HZ`], normalised to -1..1.
/// Start phases are random but all in the high half-cycle, so the first sample
/// is the full positive sum.
///
/// The squares are band-limited with the same PolyBLEP residual as [`pulse`]
/// but rendered edge by edge, since this cluster is the kit's hottest path:
/// each edge writes its step and its two-sample BLEP residual into a
/// difference buffer (`d[i] = out[i] - out[i - 1]`), and one running sum turns
/// that into the signal, whatever the number of oscillators.
pub(super) fn metal(sr: f64, scale: f64, n: usize, rng: &mut Rng) -> Vec<f64> {
    let mut d = vec![0.0; n + 2];
    for hz in METAL_HZ {
        let dt = (hz * scale / sr).min(0.45);
        let phase0 = dt + (0.45 - dt).max(0.0) * rng.unit();
        // Edge m sits at phase (m + 1) / 2: falling for even m, rising for odd.
        for m in 0.. {
            let te = (0.5 * (m + 1) as f64 - phase0) / dt; // in samples, > 0
            if te >= n as f64 {
                break;
            }
            // `j` is the first sample past the edge (>= 1) and `frac` (0..1) how
            // far past it; the BLEP residual is `before` on sample j - 1 and
            // `after` on sample j.
            let half = if m % 2 == 0 { -1.0 } else { 1.0 };
            let j = te.ceil() as usize;
            let frac = j as f64 - te;
            let before = half * frac * frac;
            let after = -half * (1.0 - frac) * (1.0 - frac);
            d[j - 1] += before;
            d[j] += 2.0 * half + after - before;
            d[j + 1] -= after;
        }
    }
    let norm = 1.0 / METAL_HZ.len() as f64;
    let mut level = METAL_HZ.len() as f64;
    d.truncate(n);
    for x in d.iter_mut() {
        level += *x;
        *x = level * norm;
    }
    d
}

/// Karplus-Strong plucked string (K. Karplus and A. Strong, "Digital Synthesis
/// of Plucked-String and Drum Timbres", Computer Music Journal 7(2), 1983) with
/// the first-order all-pass fine tuning and the loss factor of D. A. Jaffe and
/// J. O. Smith, "Extensions of the Karplus-Strong Plucked-String Algorithm",
/// Computer Music Journal 7(2), 1983. The excitation is noise low-passed at
/// `bright` Hz, so the pick tone does not depend on the sample rate.
pub(super) fn pluck(sr: f64, hz: f64, t60: f64, bright: f64, secs: f64, rng: &mut Rng) -> Vec<f32> {
    let n = frames(sr, secs);
    // Loop delay = len (buffer) + 0.5 (two-point average) + delta (all-pass),
    // with delta kept in [0.1, 1.1) where the all-pass delay is well behaved.
    let period = sr / hz;
    let len = ((period - 0.6).floor() as usize).max(2);
    let delta = period - 0.5 - len as f64;
    let c = (1.0 - delta) / (1.0 + delta);
    let rho = 0.001_f64.powf(1.0 / (hz * t60)); // per trip round the loop
    let mut lp1 = OnePole::new(sr, bright);
    let mut lp2 = OnePole::new(sr, bright);
    let mut buf = vec![0.0; len];
    for b in buf.iter_mut() {
        *b = lp2.process(lp1.process(rng.noise()));
    }
    let mean = buf.iter().sum::<f64>() / len as f64;
    for b in buf.iter_mut() {
        *b -= mean;
    }
    let (mut idx, mut prev, mut ap_x1, mut ap_y1) = (0, 0.0, 0.0, 0.0);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let d = buf[idx];
        *o = d as f32;
        let avg = rho * 0.5 * (d + prev);
        prev = d;
        let ap = c * avg + ap_x1 - c * ap_y1;
        ap_x1 = avg;
        ap_y1 = ap;
        buf[idx] = ap;
        idx += 1;
        if idx == len {
            idx = 0;
        }
    }
    out
}
