//! The embedded default sound kit: every sound is synthesized in code when the
//! kit is loaded, so `s "bd sn hh cp"` works with nothing on disk.
//!
//! [`synthesize`] renders 16 Dirt-style names, four variants each (`bd:0` ..
//! `bd:3`), directly at the session sample rate (no resampling; anything from
//! 22.05 kHz to 192 kHz works). The drums follow the analogue recipes of the
//! Roland TR-808/909: pitch-swept sine kicks and toms, tone-plus-noise snares,
//! the 808's six-square-wave "metal" cluster for hats and cymbals, multi-burst
//! claps. The tonal one-shots (`arpy`, `bass`, `casio`, `tink`) use
//! Karplus-Strong, subtractive and FM synthesis. Each recipe's source is cited
//! at its function, each filter's formula at its type.
//!
//! Guarantees (checked by the tests at the bottom): rendering is deterministic
//! (a fixed-seed xorshift PRNG, no global state); every sound starts with a
//! non-zero sample at index 0 (the attack is immediate), ends fading to exactly
//! `0.0`, peaks at 0.7..0.9 (never clips), has no DC offset and contains no
//! NaN or infinity; durations in seconds do not depend on the sample rate.
//!
//! Oscillators, filters and envelopes run in `f64`; only the rendered buffers
//! are `f32`. The kit is rendered when the plugin activates, so the per-sample
//! loops are kept lean enough for debug builds too (about 0.7 G instructions
//! for the whole kit at 48 kHz unoptimised; `cargo test -- --ignored timing`
//! prints the time).

use std::f64::consts::PI;

const TAU: f64 = 2.0 * PI;

/// One decoded sound: mono or stereo, at the session rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// Left channel (or the only channel), in -1..1.
    pub left: Vec<f32>,
    /// Right channel; `None` for mono.
    pub right: Option<Vec<f32>>,
    pub sample_rate: f32,
}

/// Variants per name (`:0` .. `:3`).
pub const VARIANTS: usize = 4;

/// A voice renders variant `v` (0..VARIANTS) at sample rate `sr`.
type Voice = fn(f64, usize) -> Sample;

const NAMES: [&str; 16] = [
    "bd", "sn", "hh", "oh", "cp", "rs", "lt", "mt", "ht", "cb", "cr", "perc", "arpy", "bass",
    "casio", "tink",
];

/// Same order as [`NAMES`].
const VOICES: [Voice; 16] = [
    kick, snare, closed_hat, open_hat, clap, rimshot, low_tom, mid_tom, high_tom, cowbell, crash,
    perc, arpy, bass, casio, tink,
];

/// The embedded kit at `sample_rate`: (name, variants) pairs, variants in order :0, :1, ...
///
/// Rates outside 8 kHz..768 kHz are clamped into that range (a non-finite
/// rate renders at 48 kHz); each sample carries the rate it was rendered at.
pub fn synthesize(sample_rate: f32) -> Vec<(&'static str, Vec<Sample>)> {
    let sample_rate = if sample_rate.is_finite() {
        sample_rate.clamp(8_000.0, 768_000.0)
    } else {
        48_000.0
    };
    let sr = f64::from(sample_rate);
    NAMES
        .iter()
        .zip(VOICES.iter())
        .map(|(&name, voice)| (name, (0..VARIANTS).map(|v| voice(sr, v)).collect()))
        .collect()
}

/// The names the kit provides, in the same order.
pub fn names() -> &'static [&'static str] {
    &NAMES
}

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

/// Marsaglia's xorshift32 (G. Marsaglia, "Xorshift RNGs", Journal of
/// Statistical Software 8(14), 2003), seeded per voice and variant so every
/// load renders identical noise.
struct Rng(u32);

impl Rng {
    fn new(seed: u32) -> Self {
        Self(if seed == 0 { 0x6D2B_79F5 } else { seed })
    }

    /// A distinct, fixed stream for instrument `voice`, variant `variant`.
    fn for_voice(voice: u32, variant: usize) -> Self {
        let v = (variant as u32).wrapping_add(1);
        Self::new(voice.wrapping_mul(0x9E37_79B9) ^ v.wrapping_mul(0x85EB_CA6B))
    }

    /// Uniform in [0, 1), from the top 24 bits.
    #[inline(always)]
    fn unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        f64::from(x >> 8) * (1.0 / 16_777_216.0)
    }

    /// White noise, uniform in [-1, 1).
    #[inline(always)]
    fn noise(&mut self) -> f64 {
        2.0 * self.unit() - 1.0
    }
}

/// Frames in `secs` seconds at `sr` (at least 16).
fn frames(sr: f64, secs: f64) -> usize {
    ((secs * sr).round() as usize).max(16)
}

/// Exponential decay from 1 that falls by 60 dB in `t60` seconds: one multiply
/// per sample.
struct Decay {
    level: f64,
    k: f64,
}

impl Decay {
    fn new(sr: f64, t60: f64) -> Self {
        Self {
            level: 1.0,
            k: 0.001_f64.powf(1.0 / (t60 * sr)),
        }
    }

    #[inline(always)]
    fn next(&mut self) -> f64 {
        let l = self.level;
        self.level *= self.k;
        l
    }
}

/// Second-order section with the coefficient formulas of Robert Bristow-Johnson,
/// "Cookbook formulae for audio EQ biquad filter coefficients" (the Audio EQ
/// Cookbook), run in transposed direct form II.
struct Biquad {
    b0: f64,
    b1: f64,
    b2: f64,
    a1: f64,
    a2: f64,
    z1: f64,
    z2: f64,
}

#[derive(Clone, Copy)]
enum Response {
    Low,
    High,
    /// Band-pass with constant 0 dB peak gain.
    Band,
}

impl Biquad {
    fn new(response: Response, sr: f64, f0: f64, q: f64) -> Self {
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

    fn lowpass(sr: f64, f0: f64, q: f64) -> Self {
        Self::new(Response::Low, sr, f0, q)
    }

    fn highpass(sr: f64, f0: f64, q: f64) -> Self {
        Self::new(Response::High, sr, f0, q)
    }

    fn bandpass(sr: f64, f0: f64, q: f64) -> Self {
        Self::new(Response::Band, sr, f0, q)
    }

    #[inline(always)]
    fn process(&mut self, x: f64) -> f64 {
        let y = self.b0 * x + self.z1;
        self.z1 = self.b1 * x - self.a1 * y + self.z2;
        self.z2 = self.b2 * x - self.a2 * y;
        y
    }
}

/// One-pole low-pass `y += a (x - y)` with `a = 1 - exp(-2 pi fc / sr)` (the
/// impulse-invariant RC low-pass; J. O. Smith, "Introduction to Digital
/// Filters", CCRMA, 2007).
struct OnePole {
    a: f64,
    y: f64,
}

impl OnePole {
    fn new(sr: f64, fc: f64) -> Self {
        Self {
            a: 1.0 - (-TAU * fc / sr).exp(),
            y: 0.0,
        }
    }

    #[inline(always)]
    fn process(&mut self, x: f64) -> f64 {
        self.y += self.a * (x - self.y);
        self.y
    }
}

/// Andrew Simper's trapezoidal state-variable filter ("Solving the continuous
/// SVF equations using trapezoidal integration and equivalent currents",
/// Cytomic technical paper, 2013): stays stable with the cutoff modulated every
/// sample, at any cutoff below Nyquist. Low-pass output only.
struct Svf {
    ic1: f64,
    ic2: f64,
}

impl Svf {
    fn new() -> Self {
        Self { ic1: 0.0, ic2: 0.0 }
    }

    fn lowpass(&mut self, x: f64, sr: f64, fc: f64, q: f64) -> f64 {
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
fn pulse(t: f64, dt: f64, width: f64) -> f64 {
    let naive = if t < width { 1.0 } else { -1.0 };
    let mut fall = t - width;
    if fall < 0.0 {
        fall += 1.0;
    }
    naive + crate::dsp::osc::blep(t, dt) - crate::dsp::osc::blep(fall, dt) - (2.0 * width - 1.0)
}

/// Band-limited rising sawtooth at phase `t` (cycles).
#[inline(always)]
fn saw(t: f64, dt: f64) -> f64 {
    2.0 * t - 1.0 - crate::dsp::osc::blep(t, dt)
}

/// Advances a phase in cycles by `dt` (< 1), wrapping into [0, 1).
#[inline(always)]
fn advance(phase: &mut f64, dt: f64) {
    *phase += dt;
    if *phase >= 1.0 {
        *phase -= 1.0;
    }
}

/// Removes DC in place with the one-zero one-pole blocker `y = x - x1 + R y1`
/// (J. O. Smith, "Introduction to Digital Filters", CCRMA, 2007, "DC Blocker"),
/// corner about 10 Hz; leaves `x[0]` unchanged. Returns the peak magnitude.
fn dc_block(x: &mut [f32], sr: f64) -> f64 {
    let r = (-TAU * 10.0 / sr).exp();
    let (mut x1, mut y1, mut peak) = (0.0, 0.0, 0.0);
    for s in x.iter_mut() {
        let x0 = f64::from(*s);
        let y = x0 - x1 + r * y1;
        x1 = x0;
        y1 = y;
        *s = y as f32;
        if y > peak {
            peak = y;
        } else if -y > peak {
            peak = -y;
        }
    }
    peak
}

/// Multiplies by `gain` and applies a raised-cosine fade over the last 10 ms
/// (at most a quarter of the sound) that reaches exactly zero on the final
/// sample.
fn scale_and_fade(x: &mut [f32], sr: f64, gain: f64) {
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
fn finish(sr: f64, mut left: Vec<f32>, mut right: Option<Vec<f32>>, level: f64) -> Sample {
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

fn mono(sr: f64, x: Vec<f32>, level: f64) -> Sample {
    finish(sr, x, None, level)
}

/// A tuned membrane/resonator hit: a sine whose pitch falls from
/// `hz * (1 + bend)` to `hz` with time constant `bend_tau`, plus the first
/// inharmonic overtone of an ideal circular membrane (1.594 x, the (1,1) mode;
/// N. H. Fletcher and T. D. Rossing, "The Physics of Musical Instruments",
/// 2nd ed., 1998, ch. 3) and a little low-passed noise for the stick. Starts
/// at the waveform's crest, so the attack is immediate.
struct Membrane {
    hz: f64,
    bend: f64,
    bend_tau: f64,
    t60: f64,
    overtone: f64,
    noise: f64,
    secs: f64,
}

fn membrane(sr: f64, m: &Membrane, rng: &mut Rng) -> Vec<f32> {
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
        let mut s = (TAU * p1).sin() * amp.next();
        advance(&mut p1, f / sr);
        if i < overtone_len {
            s += m.overtone * (TAU * p2).sin() * amp2.next();
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
const METAL_HZ: [f64; 6] = [205.3, 304.4, 369.6, 522.7, 540.0, 800.0];

/// Sum of the six squares at `scale` x [`METAL_HZ`], normalised to -1..1.
/// Start phases are random but all in the high half-cycle, so the first sample
/// is the full positive sum.
///
/// The squares are band-limited with the same PolyBLEP residual as [`pulse`]
/// but rendered edge by edge, since this cluster is the kit's hottest path:
/// each edge writes its step and its two-sample BLEP residual into a
/// difference buffer (`d[i] = out[i] - out[i - 1]`), and one running sum turns
/// that into the signal, whatever the number of oscillators.
fn metal(sr: f64, scale: f64, n: usize, rng: &mut Rng) -> Vec<f64> {
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
fn pluck(sr: f64, hz: f64, t60: f64, bright: f64, secs: f64, rng: &mut Rng) -> Vec<f32> {
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

// ---------------------------------------------------------------------------
// Instruments: one function per name; `v` is the variant, 0..VARIANTS
// ---------------------------------------------------------------------------

struct KickParams {
    /// Start and end of the pitch sweep (Hz).
    f_hi: f64,
    f_lo: f64,
    /// Time constant of the pitch sweep (s).
    sweep: f64,
    t60: f64,
    click: f64,
    /// tanh saturation drive (near 1 = nearly clean).
    drive: f64,
    /// Start phase in cycles: 0.25 starts at the crest (hardest attack).
    phase: f64,
    secs: f64,
}

/// Kick (`bd`): a sine swept exponentially down in pitch (the TR-808/909
/// bridged-T "boom"), an exponential amplitude decay, soft saturation and a
/// short high-passed noise click for the beater. Recipe: Gordon Reid,
/// "Synthesizing Drums: The Bass Drum" and "Practical Bass Drum Synthesis",
/// Synth Secrets, Sound On Sound, January and February 2002.
fn kick(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [KickParams; 4] = [
        // 909-style punch, 160 -> 52 Hz.
        KickParams { f_hi: 160.0, f_lo: 52.0, sweep: 0.030, t60: 0.50, click: 0.25, drive: 1.6, phase: 0.20, secs: 0.5 },
        // 808-style long boom.
        KickParams { f_hi: 115.0, f_lo: 47.0, sweep: 0.022, t60: 0.90, click: 0.10, drive: 1.1, phase: 0.10, secs: 0.8 },
        // Tight and hard.
        KickParams { f_hi: 230.0, f_lo: 62.0, sweep: 0.014, t60: 0.28, click: 0.45, drive: 2.5, phase: 0.25, secs: 0.35 },
        // Deep and soft.
        KickParams { f_hi: 95.0, f_lo: 41.0, sweep: 0.045, t60: 0.65, click: 0.06, drive: 1.2, phase: 0.08, secs: 0.6 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(1, v);
    let n = frames(sr, p.secs);
    let sweep_k = (-1.0 / (p.sweep * sr)).exp();
    let mut sweep = 1.0;
    let mut amp = Decay::new(sr, p.t60);
    let mut click_env = Decay::new(sr, 0.012);
    let mut click_hp = Biquad::highpass(sr, 1_500.0, 0.707);
    let click_len = frames(sr, 0.012);
    let norm = p.drive.tanh();
    let mut phase = p.phase;
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        let body = (TAU * phase).sin() * amp.next();
        let mut s = (p.drive * body).tanh() / norm;
        if i < click_len {
            s += p.click * click_hp.process(rng.noise()) * click_env.next();
        }
        let f = p.f_lo + (p.f_hi - p.f_lo) * sweep;
        sweep *= sweep_k;
        advance(&mut phase, f / sr);
        *o = s as f32;
    }
    mono(sr, out, 0.9)
}

struct SnareParams {
    /// The two drum-head tones (Hz).
    tone1: f64,
    tone2: f64,
    tone_t60: f64,
    /// Noise band edges (Hz): high-pass, then low-pass.
    noise_hp: f64,
    noise_lp: f64,
    noise_t60: f64,
    tone: f64,
    noise: f64,
    secs: f64,
}

/// Snare (`sn`): two pitched head tones with a slight downward pitch bend plus
/// white noise through a high-pass/low-pass band for the snares, each part
/// with its own decay, as in the TR-808 and TR-909. Recipe: Gordon Reid,
/// "Practical Snare Drum Synthesis", Synth Secrets, Sound On Sound, April 2002.
fn snare(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [SnareParams; 4] = [
        // 909-style: snappy, noise-forward.
        SnareParams { tone1: 190.0, tone2: 340.0, tone_t60: 0.16, noise_hp: 1_800.0, noise_lp: 11_000.0, noise_t60: 0.26, tone: 0.9, noise: 0.7, secs: 0.3 },
        // 808-style: tonal (the revised 808's shells sit near 177 and 315 Hz).
        SnareParams { tone1: 177.0, tone2: 315.0, tone_t60: 0.22, noise_hp: 3_000.0, noise_lp: 12_000.0, noise_t60: 0.20, tone: 1.0, noise: 0.45, secs: 0.3 },
        // Tight and crisp.
        SnareParams { tone1: 230.0, tone2: 400.0, tone_t60: 0.10, noise_hp: 3_200.0, noise_lp: 14_000.0, noise_t60: 0.16, tone: 0.6, noise: 0.9, secs: 0.22 },
        // Fat and long.
        SnareParams { tone1: 160.0, tone2: 280.0, tone_t60: 0.22, noise_hp: 1_200.0, noise_lp: 8_000.0, noise_t60: 0.38, tone: 0.9, noise: 0.75, secs: 0.4 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(2, v);
    let n = frames(sr, p.secs);
    let bend_k = (-1.0 / (0.008 * sr)).exp();
    let mut bend = 0.35;
    let mut amp1 = Decay::new(sr, p.tone_t60);
    let mut amp2 = Decay::new(sr, p.tone_t60 * 0.7);
    let mut amp_n = Decay::new(sr, p.noise_t60);
    let mut hp = Biquad::highpass(sr, p.noise_hp, 0.707);
    let mut lp = Biquad::lowpass(sr, p.noise_lp, 0.707);
    let (mut p1, mut p2) = (0.25, 0.25);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let tone = (TAU * p1).sin() * amp1.next() + 0.6 * (TAU * p2).sin() * amp2.next();
        let noise = lp.process(hp.process(rng.noise())) * amp_n.next();
        *o = (p.tone * tone + 2.0 * p.noise * noise) as f32;
        let b = 1.0 + bend;
        bend *= bend_k;
        advance(&mut p1, p.tone1 * b / sr);
        advance(&mut p2, p.tone2 * b / sr);
    }
    mono(sr, out, 0.85)
}

struct HatParams {
    /// Multiplier on the 808 oscillator frequencies.
    scale: f64,
    /// Band-pass centre and Q (the 808's hat band-pass sits at 7.1 kHz).
    band: f64,
    q: f64,
    /// 4th-order high-pass corner (Hz).
    hp: f64,
    /// Share of white noise mixed into the metal (909-style hats are noisier).
    noise: f64,
    closed_t60: f64,
    closed_secs: f64,
    open_t60: f64,
    open_secs: f64,
}

#[rustfmt::skip]
const HATS: [HatParams; 4] = [
    // 808.
    HatParams { scale: 1.0, band: 7_100.0, q: 1.0, hp: 7_000.0, noise: 0.08, closed_t60: 0.09, closed_secs: 0.1, open_t60: 0.55, open_secs: 0.5 },
    // Brighter, thinner.
    HatParams { scale: 1.22, band: 8_800.0, q: 1.2, hp: 8_500.0, noise: 0.05, closed_t60: 0.07, closed_secs: 0.08, open_t60: 0.45, open_secs: 0.45 },
    // Noisier, looser (909-ish).
    HatParams { scale: 0.93, band: 7_100.0, q: 0.8, hp: 6_000.0, noise: 0.45, closed_t60: 0.12, closed_secs: 0.12, open_t60: 0.7, open_secs: 0.6 },
    // Tight tick.
    HatParams { scale: 1.08, band: 10_500.0, q: 1.5, hp: 8_000.0, noise: 0.15, closed_t60: 0.05, closed_secs: 0.07, open_t60: 0.35, open_secs: 0.4 },
];

/// Hi-hat (`hh` closed, `oh` open): the TR-808's six detuned square
/// oscillators ([`metal`]) through a band-pass around 7 kHz and a high-pass,
/// with a short or long decay. Recipe: Roland TR-808 Service Notes (1981);
/// Gordon Reid, "Practical Cymbal Synthesis", Synth Secrets, Sound On Sound,
/// July 2002; Werner, Abel and Smith, ICMC/SMC 2014 (see [`METAL_HZ`]).
fn hat(sr: f64, v: usize, open: bool) -> Sample {
    let p = &HATS[v];
    let (t60, secs) = if open {
        (p.open_t60, p.open_secs)
    } else {
        (p.closed_t60, p.closed_secs)
    };
    let mut rng = Rng::for_voice(if open { 4 } else { 3 }, v);
    let n = frames(sr, secs);
    let cluster = metal(sr, p.scale, n, &mut rng);
    let mut bp = Biquad::bandpass(sr, p.band, p.q);
    let mut hp1 = Biquad::highpass(sr, p.hp, 0.707);
    let mut hp2 = Biquad::highpass(sr, p.hp, 0.707);
    let mut amp = Decay::new(sr, t60);
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        let x = (1.0 - p.noise) * cluster[i] + p.noise * rng.noise();
        *o = (hp2.process(hp1.process(bp.process(x))) * amp.next()) as f32;
    }
    mono(sr, out, 0.7)
}

fn closed_hat(sr: f64, v: usize) -> Sample {
    hat(sr, v, false)
}

fn open_hat(sr: f64, v: usize) -> Sample {
    hat(sr, v, true)
}

struct ClapParams {
    /// Band-pass centre (Hz) and Q for the noise.
    band: f64,
    q: f64,
    /// Spacing (s) of the "several hands" bursts, and how many short bursts
    /// precede the final, longer one.
    spacing: f64,
    bursts: usize,
    /// The "reverb" tail: decay and level.
    tail_t60: f64,
    tail: f64,
    secs: f64,
}

/// Hand clap (`cp`): band-passed white noise shaped by a sawtooth envelope of
/// a few rapid bursts (several hands) and a final longer one, mixed with a
/// longer-decaying "reverb" path of noise, as in the TR-808/909 hand-clap
/// circuits. Recipe: Roland TR-808 Service Notes (1981) and TR-909 Service
/// Notes (1984), hand clap circuit descriptions.
fn clap(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [ClapParams; 4] = [
        // 808: three 10 ms bursts, 1 kHz band.
        ClapParams { band: 1_000.0, q: 1.6, spacing: 0.010, bursts: 3, tail_t60: 0.35, tail: 0.45, secs: 0.45 },
        // 909-ish: four 11 ms bursts, a little brighter.
        ClapParams { band: 1_140.0, q: 1.95, spacing: 0.011, bursts: 4, tail_t60: 0.42, tail: 0.40, secs: 0.5 },
        // Short snap.
        ClapParams { band: 1_500.0, q: 1.3, spacing: 0.007, bursts: 3, tail_t60: 0.20, tail: 0.30, secs: 0.3 },
        // Big room.
        ClapParams { band: 900.0, q: 1.4, spacing: 0.013, bursts: 4, tail_t60: 0.70, tail: 0.55, secs: 0.75 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(5, v);
    let n = frames(sr, p.secs);
    let spacing = frames(sr, p.spacing);
    let burst_k = 0.03_f64.powf(1.0 / spacing as f64); // each short burst falls 30 dB
    let last_k = 0.001_f64.powf(1.0 / (0.06 * sr)); // the final one rings ~60 ms
    let mut burst_env = 1.0;
    let mut burst_k_now = burst_k;
    let mut bp = Biquad::bandpass(sr, p.band, p.q);
    let mut tail_bp = Biquad::bandpass(sr, p.band * 1.2, 0.8);
    let mut tail_amp = Decay::new(sr, p.tail_t60);
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        if i > 0 && i % spacing == 0 && i / spacing <= p.bursts {
            burst_env = 1.0;
            if i / spacing == p.bursts {
                burst_k_now = last_k;
            }
        }
        let burst = bp.process(rng.noise()) * burst_env;
        burst_env *= burst_k_now;
        let tail = tail_bp.process(rng.noise()) * tail_amp.next();
        *o = (burst + p.tail * tail) as f32;
    }
    mono(sr, out, 0.85)
}

/// Rim shot (`rs`): two short resonant pings (the TR-808 rim shot rings two
/// bridged-T resonators) plus a noise click, high-passed and lightly clipped.
/// Recipe: Roland TR-808 Service Notes (1981), rim shot circuit; the
/// frequencies here are chosen by ear.
fn rimshot(sr: f64, v: usize) -> Sample {
    // (ping 1 Hz, ping 2 Hz, t60 s, click level, length s)
    const P: [(f64, f64, f64, f64, f64); 4] = [
        (480.0, 1_720.0, 0.05, 0.3, 0.10),
        (420.0, 1_250.0, 0.07, 0.25, 0.12),
        (560.0, 2_100.0, 0.035, 0.4, 0.08),
        (330.0, 980.0, 0.09, 0.5, 0.15), // woody side-stick
    ];
    let (f1, f2, t60, click, secs) = P[v];
    let mut rng = Rng::for_voice(6, v);
    let n = frames(sr, secs);
    let mut a1 = Decay::new(sr, t60);
    let mut a2 = Decay::new(sr, t60 * 0.7);
    let mut ac = Decay::new(sr, 0.01);
    let mut click_hp = Biquad::highpass(sr, 3_000.0, 0.707);
    let mut hp = Biquad::highpass(sr, 250.0, 0.707);
    let (mut p1, mut p2) = (0.25, 0.25);
    let drive = 2.2_f64;
    let norm = drive.tanh();
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let s = 0.6 * (TAU * p1).sin() * a1.next()
            + (TAU * p2).sin() * a2.next()
            + click * click_hp.process(rng.noise()) * ac.next();
        *o = ((drive * hp.process(s)).tanh() / norm) as f32;
        advance(&mut p1, f1 / sr);
        advance(&mut p2, f2 / sr);
    }
    mono(sr, out, 0.8)
}

/// Tom (`lt`/`mt`/`ht`, `which` = 0/1/2): a [`membrane`] hit, like the
/// TR-808/909 toms (a pitch-swept resonator with a little noise). Recipe:
/// Gordon Reid, "Synthesizing Drums: The Bass Drum", Synth Secrets, Sound On
/// Sound, January 2002 (the same swept-sine drum model); Roland TR-808 Service
/// Notes (1981).
fn tom(sr: f64, v: usize, which: usize) -> Sample {
    const BASE: [f64; 3] = [95.0, 135.0, 190.0];
    // (tune, bend, bend tau s, t60 s, noise, length s)
    const P: [(f64, f64, f64, f64, f64, f64); 4] = [
        (1.0, 0.30, 0.06, 0.45, 0.12, 0.5),  // 808-ish: gentle bend
        (1.0, 0.80, 0.04, 0.35, 0.25, 0.45), // 909-ish: big bend, more stick
        (1.2, 0.25, 0.05, 0.30, 0.10, 0.4),  // tuned up, short
        (0.82, 0.40, 0.08, 0.60, 0.15, 0.6), // tuned down, long
    ];
    let (tune, bend, bend_tau, t60, noise, secs) = P[v];
    let mut rng = Rng::for_voice(7 + which as u32, v);
    let m = Membrane {
        hz: BASE[which] * tune,
        bend,
        bend_tau,
        t60,
        overtone: 0.15,
        noise,
        secs,
    };
    mono(sr, membrane(sr, &m, &mut rng), 0.85)
}

fn low_tom(sr: f64, v: usize) -> Sample {
    tom(sr, v, 0)
}

fn mid_tom(sr: f64, v: usize) -> Sample {
    tom(sr, v, 1)
}

fn high_tom(sr: f64, v: usize) -> Sample {
    tom(sr, v, 2)
}

/// Cowbell (`cb`): two square waves at about 540 and 800 Hz, band-passed, with
/// a two-stage decay (a fast clunk, then a slower ring). Recipe: Gordon Reid,
/// "Synthesizing Cowbells & Claves", Synth Secrets, Sound On Sound, September
/// 2002; K. J. Werner, J. S. Abel and J. O. Smith, "More Cowbell: a
/// Physically-Informed, Circuit-Bendable, Digital Model of the TR-808
/// Cowbell", AES 137th Convention, 2014 (oscillator tunings; band-pass peak
/// near 850 Hz).
fn cowbell(sr: f64, v: usize) -> Sample {
    // (frequency scale, band-pass centre Hz, Q, slow t60 s, length s)
    const P: [(f64, f64, f64, f64, f64); 4] = [
        (1.0, 850.0, 1.0, 0.6, 0.4),    // 808
        (0.85, 720.0, 1.2, 0.7, 0.45),  // lower
        (1.2, 1_050.0, 1.0, 0.5, 0.35), // higher
        (1.0, 1_400.0, 0.8, 0.3, 0.25), // bright, short clank
    ];
    let (scale, band, q, slow_t60, secs) = P[v];
    let n = frames(sr, secs);
    let (d1, d2) = (540.0 * scale / sr, 800.0 * scale / sr);
    let (mut p1, mut p2) = (0.1, 0.1);
    let mut bp = Biquad::bandpass(sr, band, q);
    let mut fast = Decay::new(sr, 0.15);
    let mut slow = Decay::new(sr, slow_t60);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let x = 0.8 * pulse(p1, d1, 0.5) + pulse(p2, d2, 0.5);
        *o = (bp.process(x) * (0.6 * fast.next() + 0.4 * slow.next())) as f32;
        advance(&mut p1, d1);
        advance(&mut p2, d2);
    }
    mono(sr, out, 0.75)
}

struct CrashParams {
    scale: f64,
    /// Level of a second cluster at 1.47 x `scale` (0 = the plain 808
    /// cluster): denser, trashier metal.
    dense: f64,
    /// Decay of the high (7.1 kHz) band; the noise wash decays a little faster.
    hi_t60: f64,
    /// Decay of the low (3.44 kHz) "body" band.
    lo_t60: f64,
    noise: f64,
    hp: f64,
    secs: f64,
}

/// Crash (`cr`), stereo: the 808 metal cluster split into a bright band around
/// 7.1 kHz (long decay) and a body band around 3.44 kHz (shorter decay), in
/// the centre, plus a high-passed noise wash that is independent in each
/// channel. Recipe: Gordon Reid, "Practical Cymbal Synthesis", Synth Secrets,
/// Sound On Sound, July 2002; K. J. Werner, J. S. Abel and J. O. Smith, "The
/// TR-808 Cymbal: a Physically-Informed, Circuit-Bendable, Digital Model",
/// ICMC/SMC 2014 (band-pass centres and oscillator tunings).
fn crash(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [CrashParams; 4] = [
        // Crash.
        CrashParams { scale: 1.0, dense: 0.0, hi_t60: 1.5, lo_t60: 0.6, noise: 0.5, hp: 4_000.0, secs: 1.5 },
        // Ride-like: more tone, less wash.
        CrashParams { scale: 1.3, dense: 0.0, hi_t60: 1.6, lo_t60: 0.4, noise: 0.15, hp: 5_000.0, secs: 1.5 },
        // Splash: short and bright.
        CrashParams { scale: 1.15, dense: 0.4, hi_t60: 0.8, lo_t60: 0.25, noise: 0.6, hp: 5_500.0, secs: 0.8 },
        // China/trash: denser, darker.
        CrashParams { scale: 0.8, dense: 1.0, hi_t60: 1.3, lo_t60: 0.7, noise: 0.4, hp: 2_500.0, secs: 1.3 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(11, v);
    let n = frames(sr, p.secs);
    let mut cluster = metal(sr, p.scale, n, &mut rng);
    if p.dense > 0.0 {
        let extra = metal(sr, p.scale * 1.47, n, &mut rng);
        for (i, c) in cluster.iter_mut().enumerate() {
            *c += p.dense * extra[i];
        }
    }
    // One high-passed noise run feeds both channels, the right one `lag`
    // samples later: white noise is uncorrelated with itself at any non-zero
    // lag, so the two washes are independent for the price of one filter.
    let lag = frames(sr, 0.05);
    let mut noise_hp = Biquad::highpass(sr, p.hp, 0.707);
    let mut wash = vec![0.0; n + lag];
    for w in wash.iter_mut() {
        *w = p.noise * noise_hp.process(rng.noise());
    }
    let mut hi_bp = Biquad::bandpass(sr, 7_100.0, 1.2);
    let mut hi_hp = Biquad::highpass(sr, p.hp, 0.707);
    let mut lo_bp = Biquad::bandpass(sr, 3_440.0, 1.5);
    let mut hi_amp = Decay::new(sr, p.hi_t60);
    let mut lo_amp = Decay::new(sr, p.lo_t60);
    let mut wash_amp = Decay::new(sr, p.hi_t60 * 0.8);
    let mut left = vec![0.0; n];
    let mut right = vec![0.0; n];
    for i in 0..n {
        let m = cluster[i];
        let centre = hi_hp.process(hi_bp.process(m)) * hi_amp.next()
            + 0.5 * lo_bp.process(m) * lo_amp.next();
        let w = wash_amp.next();
        left[i] = (centre + w * wash[i]) as f32;
        right[i] = (centre + w * wash[i + lag]) as f32;
    }
    finish(sr, left, Some(right), 0.7)
}

/// Percussion (`perc`), TR-808-style hand percussion: `:0` claves (a 2.5 kHz
/// ping), `:1` low conga, `:2` high conga (pitched [`membrane`] hits), `:3`
/// maracas (a short burst of high-passed noise). Recipe: Roland TR-808 Service
/// Notes (1981); Gordon Reid, "Synthesizing Cowbells & Claves", Synth Secrets,
/// Sound On Sound, September 2002.
fn perc(sr: f64, v: usize) -> Sample {
    let mut rng = Rng::for_voice(12, v);
    #[rustfmt::skip]
    let m = match v {
        0 => Membrane { hz: 2_500.0, bend: 0.0, bend_tau: 0.01, t60: 0.05, overtone: 0.0, noise: 0.0, secs: 0.12 },
        1 => Membrane { hz: 220.0, bend: 0.12, bend_tau: 0.02, t60: 0.30, overtone: 0.1, noise: 0.1, secs: 0.35 },
        2 => Membrane { hz: 330.0, bend: 0.12, bend_tau: 0.02, t60: 0.22, overtone: 0.1, noise: 0.1, secs: 0.3 },
        _ => return maracas(sr, &mut rng),
    };
    mono(sr, membrane(sr, &m, &mut rng), 0.8)
}

fn maracas(sr: f64, rng: &mut Rng) -> Sample {
    let n = frames(sr, 0.1);
    let mut hp1 = Biquad::highpass(sr, 5_000.0, 0.707);
    let mut hp2 = Biquad::highpass(sr, 5_000.0, 0.707);
    let mut amp = Decay::new(sr, 0.07);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        *o = (hp2.process(hp1.process(rng.noise())) * amp.next()) as f32;
    }
    mono(sr, out, 0.7)
}

/// `arpy`: a plucked string ([`pluck`], Karplus-Strong) on the notes of an A
/// major arpeggio: A4 (440 Hz), C#5, E5, A5.
fn arpy(sr: f64, v: usize) -> Sample {
    const HZ: [f64; 4] = [440.0, 554.37, 659.26, 880.0];
    let mut rng = Rng::for_voice(13, v);
    mono(sr, pluck(sr, HZ[v], 1.0, 7_000.0, 0.6, &mut rng), 0.8)
}

struct BassParams {
    hz: f64,
    /// Square share of the oscillator (0 = saw, 1 = square).
    square: f64,
    /// Level of the sine at the fundamental.
    sine: f64,
    /// Resting cutoff (Hz), and how far above it the envelope starts.
    cutoff: f64,
    sweep: f64,
    sweep_t60: f64,
    q: f64,
    t60: f64,
    secs: f64,
}

/// `bass`: a short subtractive bass pluck: a band-limited saw or square
/// ([`crate::dsp::osc::blep`]) into a resonant low-pass ([`Svf`]) whose cutoff falls
/// quickly, plus a sine at the fundamental for weight (the classic
/// filter-envelope pluck; Gordon Reid, "Synth Secrets", Sound On Sound,
/// 1999-2004).
fn bass(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [BassParams; 4] = [
        // A1 saw pluck.
        BassParams { hz: 55.0, square: 0.0, sine: 0.6, cutoff: 150.0, sweep: 2_200.0, sweep_t60: 0.25, q: 1.5, t60: 0.7, secs: 0.5 },
        // C2 square, resonant.
        BassParams { hz: 65.41, square: 1.0, sine: 0.4, cutoff: 200.0, sweep: 1_800.0, sweep_t60: 0.20, q: 3.0, t60: 0.6, secs: 0.5 },
        // E1 round sub.
        BassParams { hz: 41.2, square: 0.0, sine: 0.9, cutoff: 120.0, sweep: 900.0, sweep_t60: 0.30, q: 1.0, t60: 0.9, secs: 0.6 },
        // A2 acid squelch.
        BassParams { hz: 110.0, square: 0.0, sine: 0.2, cutoff: 250.0, sweep: 3_500.0, sweep_t60: 0.12, q: 5.0, t60: 0.4, secs: 0.4 },
    ];
    let p = &P[v];
    let n = frames(sr, p.secs);
    let dt = p.hz / sr;
    let mut phase = 0.1;
    let mut svf = Svf::new();
    let mut env_f = Decay::new(sr, p.sweep_t60);
    let mut amp = Decay::new(sr, p.t60);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let osc = (1.0 - p.square) * saw(phase, dt) + p.square * pulse(phase, dt, 0.5);
        let cutoff = p.cutoff + p.sweep * env_f.next();
        let s = svf.lowpass(osc, sr, cutoff, p.q) + p.sine * (TAU * phase).sin();
        *o = (s * amp.next()) as f32;
        advance(&mut phase, dt);
    }
    mono(sr, out, 0.85)
}

/// `casio`: a square/pulse blip in the manner of early Casio home keyboards
/// (band-limited with [`crate::dsp::osc::blep`]), softened by a gentle low-pass.
fn casio(sr: f64, v: usize) -> Sample {
    // (Hz, pulse width, octave-up level, initial pitch drop (x), t60 s, length s)
    const P: [(f64, f64, f64, f64, f64, f64); 4] = [
        (523.25, 0.5, 0.0, 0.0, 0.35, 0.25), // C5 square
        (261.63, 0.25, 0.0, 0.0, 0.45, 0.3), // C4 narrow pulse
        (392.0, 0.5, 0.0, 1.0, 0.25, 0.2),   // G4 "bloop" with a pitch drop
        (440.0, 0.5, 0.5, 0.0, 0.5, 0.3),    // A4 + octave, organ-ish
    ];
    let (hz, width, octave, drop, t60, secs) = P[v];
    let n = frames(sr, secs);
    let drop_k = (-1.0 / (0.012 * sr)).exp();
    let mut bend = drop;
    let (mut p1, mut p2) = (0.1, 0.2);
    let mut lp = Biquad::lowpass(sr, 6_000.0, 0.707);
    let mut amp = Decay::new(sr, t60);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let f = hz * (1.0 + bend);
        bend *= drop_k;
        let (d1, d2) = (f / sr, 2.0 * f / sr);
        let x = pulse(p1, d1, width) + octave * pulse(p2, d2, 0.5);
        *o = (lp.process(x) * amp.next()) as f32;
        advance(&mut p1, d1);
        advance(&mut p2, d2);
    }
    mono(sr, out, 0.7)
}

/// `tink`: a tiny metallic tap by two-operator FM with an inharmonic
/// modulator ratio and a decaying index (J. M. Chowning, "The Synthesis of
/// Complex Audio Spectra by Means of Frequency Modulation", Journal of the
/// Audio Engineering Society 21(7), 1973: bell-like tones).
fn tink(sr: f64, v: usize) -> Sample {
    // (carrier Hz, modulator ratio, peak index, t60 s, length s)
    const P: [(f64, f64, f64, f64, f64); 4] = [
        (2_200.0, 1.41, 2.5, 0.12, 0.2),
        (2_900.0, 2.76, 1.6, 0.09, 0.15),
        (1_700.0, 3.53, 2.0, 0.16, 0.25),
        (3_600.0, 1.41, 1.2, 0.07, 0.12),
    ];
    let (fc, ratio, index, t60, secs) = P[v];
    let n = frames(sr, secs);
    let (dc, dm) = (fc / sr, (fc * ratio / sr).min(0.45));
    let (mut pc, mut pm) = (0.0, 0.0);
    let mut amp = Decay::new(sr, t60);
    let mut idx = Decay::new(sr, t60 * 0.5);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let m = index * idx.next() * (TAU * pm).sin();
        *o = ((TAU * pc + m).cos() * amp.next()) as f32;
        advance(&mut pc, dc);
        advance(&mut pm, dm);
    }
    mono(sr, out, 0.7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channels(s: &Sample) -> Vec<&[f32]> {
        let mut c = vec![s.left.as_slice()];
        if let Some(r) = &s.right {
            c.push(r.as_slice());
        }
        c
    }

    fn peak_of(x: &[f32]) -> f32 {
        x.iter().fold(0.0_f32, |m, s| m.max(s.abs()))
    }

    /// Checks every property the engine relies on, at `rate`.
    fn check_well_formed(rate: f32) {
        for (name, variants) in synthesize(rate) {
            for (v, s) in variants.iter().enumerate() {
                assert_eq!(s.sample_rate, rate, "{name}:{v}");
                if let Some(r) = &s.right {
                    assert_eq!(r.len(), s.left.len(), "{name}:{v} channel lengths");
                }
                let mut p = 0.0_f32;
                for (c, x) in channels(s).into_iter().enumerate() {
                    assert!(x.len() > 100, "{name}:{v} too short");
                    assert!(x.iter().all(|s| s.is_finite()), "{name}:{v} non-finite");
                    assert!(x[0] != 0.0, "{name}:{v} ch{c} starts with 0");
                    assert!(x[0].abs() > 1e-3, "{name}:{v} ch{c} weak onset {}", x[0]);
                    assert_eq!(
                        *x.last().unwrap(),
                        0.0,
                        "{name}:{v} ch{c} does not end at 0"
                    );
                    // The end is a fade, not a cut: the last 2 ms are quiet.
                    let tail = peak_of(&x[x.len() - (rate * 0.002) as usize..]);
                    assert!(tail < 0.05, "{name}:{v} ch{c} tail {tail}");
                    let mean = x.iter().map(|&s| f64::from(s)).sum::<f64>() / x.len() as f64;
                    assert!(mean.abs() < 0.01, "{name}:{v} ch{c} DC {mean}");
                    p = p.max(peak_of(x));
                }
                assert!((0.3..1.0).contains(&p), "{name}:{v} peak {p}");
            }
        }
    }

    fn get(kit: &[(&'static str, Vec<Sample>)], name: &str) -> Vec<Sample> {
        kit.iter().find(|(n, _)| *n == name).unwrap().1.clone()
    }

    /// Share of spectral energy in `lo..hi` Hz over the first `n` samples
    /// (Hann window, every DFT bin by the Goertzel recurrence).
    fn band_fraction(x: &[f32], rate: f64, n: usize, lo: f64, hi: f64) -> f64 {
        let n = n.min(x.len());
        let w: Vec<f64> = (0..n)
            .map(|i| f64::from(x[i]) * (0.5 - 0.5 * (TAU * i as f64 / n as f64).cos()))
            .collect();
        let (mut band, mut total) = (0.0, 0.0);
        for k in 0..=n / 2 {
            let coeff = 2.0 * (TAU * k as f64 / n as f64).cos();
            let (mut s1, mut s2) = (0.0, 0.0);
            for &s in &w {
                let s0 = s + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            let power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            let f = k as f64 * rate / n as f64;
            total += power;
            if (lo..hi).contains(&f) {
                band += power;
            }
        }
        band / total
    }

    #[test]
    fn every_name_has_four_variants_in_order() {
        let kit = synthesize(48_000.0);
        assert_eq!(kit.len(), names().len());
        for ((name, variants), expected) in kit.iter().zip(names()) {
            assert_eq!(name, expected);
            assert_eq!(variants.len(), 4, "{name}");
        }
        for required in [
            "bd", "sn", "hh", "oh", "cp", "rs", "lt", "mt", "ht", "cb", "cr", "perc", "arpy",
            "bass", "casio", "tink",
        ] {
            assert!(names().contains(&required), "{required} missing");
        }
    }

    #[test]
    fn samples_are_well_formed_at_48k() {
        check_well_formed(48_000.0);
    }

    #[test]
    fn samples_are_well_formed_at_extreme_rates() {
        check_well_formed(22_050.0);
        check_well_formed(192_000.0);
    }

    #[test]
    fn variants_differ() {
        for (name, variants) in synthesize(48_000.0) {
            for a in 0..variants.len() {
                for b in a + 1..variants.len() {
                    assert_ne!(
                        variants[a].left, variants[b].left,
                        "{name}:{a} == {name}:{b}"
                    );
                }
            }
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(synthesize(48_000.0), synthesize(48_000.0));
        assert_eq!(synthesize(44_100.0), synthesize(44_100.0));
    }

    #[test]
    fn durations_do_not_depend_on_sample_rate() {
        let a = synthesize(44_100.0);
        let b = synthesize(96_000.0);
        for ((name, va), (_, vb)) in a.iter().zip(&b) {
            for (v, (sa, sb)) in va.iter().zip(vb).enumerate() {
                let da = sa.left.len() as f64 / 44_100.0;
                let db = sb.left.len() as f64 / 96_000.0;
                assert!((da - db).abs() < 1e-3, "{name}:{v}: {da} s vs {db} s");
            }
        }
    }

    #[test]
    fn crash_is_stereo_and_the_rest_mono() {
        for (name, variants) in synthesize(48_000.0) {
            for s in &variants {
                assert_eq!(s.right.is_some(), name == "cr", "{name}");
            }
        }
    }

    #[test]
    fn kick_energy_is_below_200_hz() {
        let kit = synthesize(48_000.0);
        for (v, s) in get(&kit, "bd").iter().enumerate() {
            let f = band_fraction(&s.left, 48_000.0, 8192, 0.0, 200.0);
            assert!(f > 0.8, "bd:{v}: only {f} below 200 Hz");
        }
    }

    #[test]
    fn hat_energy_is_above_5_khz() {
        let kit = synthesize(48_000.0);
        for name in ["hh", "oh"] {
            for (v, s) in get(&kit, name).iter().enumerate() {
                let f = band_fraction(&s.left, 48_000.0, 4096, 5_000.0, 24_001.0);
                assert!(f > 0.8, "{name}:{v}: only {f} above 5 kHz");
            }
        }
    }

    /// Power of DFT bin `k` of the first `n` samples (Goertzel, Hann window).
    fn bin_power(x: &[f32], n: usize, k: usize) -> f64 {
        let coeff = 2.0 * (TAU * k as f64 / n as f64).cos();
        let (mut s1, mut s2) = (0.0, 0.0);
        for (i, &s) in x[..n].iter().enumerate() {
            let w = 0.5 - 0.5 * (TAU * i as f64 / n as f64).cos();
            let s0 = f64::from(s) * w + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        s1 * s1 + s2 * s2 - coeff * s1 * s2
    }

    #[test]
    fn arpy_is_tuned() {
        // The strongest partial between 0.7 and 1.4 x the nominal pitch is
        // within 0.5 % (9 cents) of it; bins are 48000 / 16384 = 2.9 Hz apart.
        let kit = synthesize(48_000.0);
        let n = 16_384;
        let hz_per_bin = 48_000.0 / n as f64;
        for (v, (s, hz)) in get(&kit, "arpy")
            .iter()
            .zip([440.0, 554.37, 659.26, 880.0])
            .enumerate()
        {
            let (lo, hi) = (
                (0.7 * hz / hz_per_bin) as usize,
                (1.4 * hz / hz_per_bin) as usize,
            );
            let (best, _) = (lo..hi)
                .map(|k| (k, bin_power(&s.left, n, k)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            let f = best as f64 * hz_per_bin;
            assert!(
                (f / hz - 1.0).abs() < 0.005,
                "arpy:{v} peaks at {f} Hz, not {hz}"
            );
        }
    }

    #[test]
    fn metal_matches_per_sample_pulses() {
        // The edge-by-edge cluster equals six per-sample PolyBLEP squares.
        for (sr, scale) in [(44_100.0, 1.0), (22_050.0, 1.3), (192_000.0, 0.8)] {
            let n = 20_000;
            let fast = metal(sr, scale, n, &mut Rng::new(7));
            let mut rng = Rng::new(7);
            let mut osc: Vec<(f64, f64)> = METAL_HZ
                .iter()
                .map(|hz| {
                    let dt = hz * scale / sr;
                    (dt + (0.45 - dt).max(0.0) * rng.unit(), dt)
                })
                .collect();
            for (i, &f) in fast.iter().enumerate() {
                let mut s = 0.0;
                for (phase, dt) in osc.iter_mut() {
                    s += pulse(*phase, *dt, 0.5);
                    advance(phase, *dt);
                }
                assert!((s / 6.0 - f).abs() < 1e-6, "sample {i}: {} vs {f}", s / 6.0);
            }
        }
    }

    /// `cargo test -- --ignored --nocapture timing` prints render times.
    #[test]
    #[ignore]
    fn timing() {
        for rate in [44_100.0, 48_000.0, 96_000.0] {
            let mut best = std::time::Duration::MAX;
            let mut frames = 0;
            for _ in 0..5 {
                let t = std::time::Instant::now();
                let kit = synthesize(rate);
                best = best.min(t.elapsed());
                frames = kit.iter().flat_map(|(_, v)| v).map(|s| s.left.len()).sum();
            }
            println!("{rate} Hz: {best:?} (best of 5) for {frames} frames");
        }
        for (name, voice) in NAMES.iter().zip(VOICES) {
            let t = std::time::Instant::now();
            for v in 0..VARIANTS {
                voice(48_000.0, v);
            }
            println!("  {name}: {:?}", t.elapsed());
        }
    }
}
