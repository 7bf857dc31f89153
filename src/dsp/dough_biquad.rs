//! The Web Audio `BiquadFilterNode` that superdough 1.2.6's `createFilter` (`helpers.mjs`) uses
//! for `lpf`, `hpf` and `bpf`: the Web Audio spec's coefficients (§ 1.13.6, "Filters
//! characteristics", after R. Bristow-Johnson's Audio EQ Cookbook). The low- and high-pass read
//! `Q` in dB (`alpha_QdB = sin(w0) / (2 * 10^(Q/20))`: a response of `Q` dB at the cutoff), the
//! band-pass as a plain Q (`alpha_Q = sin(w0) / (2 Q)`). Direct form I in f64.

use super::sine::sin_cycles;

/// Which response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Lowpass,
    Highpass,
    Bandpass,
    /// superdough's phaser stages.
    Notch,
}

/// The low- and high-pass's gain at the cutoff for `q` dB: `10^(q/20)`.
pub fn q_gain(q: f64) -> f64 {
    10f64.powf(q / 20.0)
}

/// The cutoff `f0` clamped to 0..Nyquist (Nyquist when not finite: the node's computed
/// frequency) and `w0 / 2 pi`, its cycles a sample: `sin w0` and `cos w0` are `sin_cycles` of
/// it and of it plus a quarter (libm's within a few units of rounding, and arithmetic only, so
/// the lanes compute the same bits for several filters at once).
#[inline]
pub fn cutoff_cycles(f0: f64, sample_rate: f64) -> (f64, f64) {
    let nyquist = sample_rate / 2.0;
    let f0 = if f0.is_finite() {
        f0.clamp(0.0, nyquist)
    } else {
        nyquist
    };
    (f0, f0 / sample_rate)
}

/// One biquad: coefficients (normalised by `a0`) and its state.
#[derive(Clone, Copy, Debug, Default)]
pub struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
    x: [f64; 2],
    y: [f64; 2],
}

impl Biquad {
    /// Sets the response at cutoff `f0` Hz (clamped to 0..Nyquist, as the node's computed
    /// frequency is) and `q`, keeping the state.
    pub fn set(&mut self, kind: Kind, f0: f64, q: f64, sample_rate: f64) {
        let g = match kind {
            Kind::Lowpass | Kind::Highpass => q_gain(q),
            Kind::Bandpass | Kind::Notch => 0.0,
        };
        self.set_with(kind, f0, q, g, sample_rate);
    }

    /// [`Biquad::set`] with the low- and high-pass's `10^(q/20)` given ([`q_gain`] of `q`: a
    /// swept filter's `q` holds, so its voice computes that once).
    pub fn set_with(&mut self, kind: Kind, f0: f64, q: f64, q_gain: f64, sample_rate: f64) {
        let (f0, cycles) = cutoff_cycles(f0, sample_rate);
        let (s, c) = (sin_cycles(cycles), sin_cycles(cycles + 0.25));
        self.set_sin_cos(kind, f0, q, q_gain, sample_rate, s, c);
    }

    /// [`Biquad::set_with`] for the clamped cutoff `f0` and its `(sin w0, cos w0)` from
    /// [`cutoff_cycles`] (lanes compute the sines of several filters together). The
    /// coefficients are normalised by multiplying with `1 / a0` (one division, not five).
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub fn set_sin_cos(
        &mut self,
        kind: Kind,
        f0: f64,
        q: f64,
        q_gain: f64,
        sample_rate: f64,
        s: f64,
        c: f64,
    ) {
        let nyquist = sample_rate / 2.0;
        // The spec's limits (and Chromium's `Biquad::Set*Params`) at the ends of the range.
        let pass = ([1.0, 0.0, 0.0], [0.0, 0.0]);
        let zero = ([0.0, 0.0, 0.0], [0.0, 0.0]);
        let (b, a) = match kind {
            Kind::Lowpass if f0 >= nyquist => pass,
            Kind::Lowpass if f0 <= 0.0 => zero,
            Kind::Highpass if f0 >= nyquist => zero,
            Kind::Highpass if f0 <= 0.0 => pass,
            Kind::Bandpass if f0 <= 0.0 || f0 >= nyquist => zero,
            Kind::Bandpass if q <= 0.0 => pass,
            Kind::Notch if f0 <= 0.0 || f0 >= nyquist => pass,
            Kind::Notch if q <= 0.0 => zero,
            Kind::Notch => {
                let alpha = s / (2.0 * q);
                let r = 1.0 / (1.0 + alpha);
                ([r, -2.0 * c * r, r], [-2.0 * c * r, (1.0 - alpha) * r])
            }
            Kind::Lowpass | Kind::Highpass => {
                let alpha = s / (2.0 * q_gain);
                let r = 1.0 / (1.0 + alpha);
                let (b0, b1) = if kind == Kind::Lowpass {
                    ((1.0 - c) / 2.0, 1.0 - c)
                } else {
                    ((1.0 + c) / 2.0, -(1.0 + c))
                };
                ([b0 * r, b1 * r, b0 * r], [-2.0 * c * r, (1.0 - alpha) * r])
            }
            Kind::Bandpass => {
                let alpha = s / (2.0 * q);
                let r = 1.0 / (1.0 + alpha);
                (
                    [alpha * r, 0.0, -alpha * r],
                    [-2.0 * c * r, (1.0 - alpha) * r],
                )
            }
        };
        self.b = b;
        self.a = a;
    }

    /// Takes `other`'s response (its coefficients), keeping the state.
    #[inline]
    pub fn copy_response(&mut self, other: &Biquad) {
        self.b = other.b;
        self.a = other.a;
    }

    /// The coefficients (`b`, `a`) and the state (the last two inputs and outputs), for the
    /// lane renderer (`dough_lanes.rs`).
    #[inline]
    pub fn parts(&self) -> ([f64; 3], [f64; 2], [f64; 2], [f64; 2]) {
        (self.b, self.a, self.x, self.y)
    }

    /// Sets the state (the last two inputs and outputs), keeping the coefficients.
    #[inline]
    pub fn set_state(&mut self, x: [f64; 2], y: [f64; 2]) {
        (self.x, self.y) = (x, y);
    }

    /// Filters one sample.
    #[inline]
    pub fn tick(&mut self, x: f32) -> f32 {
        let x = x as f64;
        let y = self.b[0] * x + self.b[1] * self.x[0] + self.b[2] * self.x[1]
            - self.a[0] * self.y[0]
            - self.a[1] * self.y[1];
        self.x = [x, self.x[0]];
        let y = if y.is_finite() && y.abs() > 1e-30 {
            y
        } else {
            0.0
        };
        self.y = [y, self.y[0]];
        y as f32
    }

    /// The magnitude response at `f` Hz (tests).
    pub fn magnitude(&self, f: f64, sample_rate: f64) -> f64 {
        let w = std::f64::consts::TAU * f / sample_rate;
        let z1 = (w.cos(), -w.sin());
        let z2 = ((2.0 * w).cos(), -(2.0 * w).sin());
        let num = (
            self.b[0] + self.b[1] * z1.0 + self.b[2] * z2.0,
            self.b[1] * z1.1 + self.b[2] * z2.1,
        );
        let den = (
            1.0 + self.a[0] * z1.0 + self.a[1] * z2.0,
            self.a[0] * z1.1 + self.a[1] * z2.1,
        );
        (num.0.hypot(num.1)) / (den.0.hypot(den.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowpass_q_is_decibels_at_the_cutoff() {
        let mut b = Biquad::default();
        for q in [0.0, 1.0, 6.0] {
            b.set(Kind::Lowpass, 1000.0, q, 48000.0);
            let db = 20.0 * b.magnitude(1000.0, 48000.0).log10();
            assert!((db - q).abs() < 0.01, "{q}: {db}");
        }
        b.set(Kind::Bandpass, 1000.0, 1.0, 48000.0);
        assert!((b.magnitude(1000.0, 48000.0) - 1.0).abs() < 1e-9);
    }
}

/// `fast_tanh` of `LadderProcessor` (`worklets.mjs`).
#[inline]
fn fast_tanh(x: f64) -> f64 {
    let x2 = x * x;
    x * (27.0 + x2) / (27.0 + 9.0 * x2)
}

/// superdough's `ladder` low-pass (`LadderProcessor`, `worklets.mjs`, after
/// TheBouteillacBear's webaudioworklet-wasm): four one-pole stages through `fast_tanh` with
/// resonance feedback `k = min(8, 0.13 q)`, input drive `clamp(exp(drive), 0.1, 2000)`, the
/// output a weighted sum of the last stage's recent values times the makeup gain
/// `min(1.75, 1 + k) / drive`. Its cutoff and q are read once per 128-sample render quantum.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ladder {
    p: [f64; 4],
    p32: f64,
    p33: f64,
    p34: f64,
    cutoff: f64,
    k: f64,
    drive: f64,
    makeup: f64,
}

impl Ladder {
    /// Sets cutoff (Hz), q and drive (the worklet's parameters).
    pub fn set(&mut self, frequency: f64, q: f64, drive: f64, sample_rate: f64) {
        // The worklet's `_PI`.
        #[allow(clippy::approx_constant)]
        let pi = 3.14159265359;
        self.cutoff = (frequency * 2.0 * pi / sample_rate).min(1.0);
        self.drive = drive.exp().clamp(0.1, 2000.0);
        self.k = (q * 0.13).min(8.0);
        self.makeup = (1.0 / self.drive) * (1.0 + self.k).min(1.75);
    }

    #[inline]
    pub fn tick(&mut self, x: f32) -> f32 {
        let out =
            self.p[3] * 0.360891 + self.p32 * 0.41729 + self.p33 * 0.177896 + self.p34 * 0.0439725;
        self.p34 = self.p33;
        self.p33 = self.p32;
        self.p32 = self.p[3];
        let c = self.cutoff;
        let p = &mut self.p;
        p[0] += (fast_tanh(x as f64 * self.drive - self.k * out) - fast_tanh(p[0])) * c;
        p[1] += (fast_tanh(p[0]) - fast_tanh(p[1])) * c;
        p[2] += (fast_tanh(p[1]) - fast_tanh(p[2])) * c;
        p[3] += (fast_tanh(p[2]) - fast_tanh(p[3])) * c;
        if !p.iter().all(|v| v.is_finite()) {
            *self = Ladder {
                cutoff: self.cutoff,
                k: self.k,
                drive: self.drive,
                makeup: self.makeup,
                ..Default::default()
            };
        }
        (out * self.makeup) as f32
    }
}

/// A vowel: its name, five band-pass frequencies, gains and Qs.
pub type Formants = (&'static str, [f64; 5], [f64; 5], [f64; 5]);

/// superdough's vowel formants (`vowel.mjs`, after WebDirt).
pub const VOWELS: [Formants; 15] = [
    (
        "a",
        [660.0, 1120.0, 2750.0, 3000.0, 3350.0],
        [1.0, 0.5012, 0.0708, 0.0631, 0.0126],
        [80.0, 90.0, 120.0, 130.0, 140.0],
    ),
    (
        "e",
        [440.0, 1800.0, 2700.0, 3000.0, 3300.0],
        [1.0, 0.1995, 0.1259, 0.1, 0.1],
        [70.0, 80.0, 100.0, 120.0, 120.0],
    ),
    (
        "i",
        [270.0, 1850.0, 2900.0, 3350.0, 3590.0],
        [1.0, 0.0631, 0.0631, 0.0158, 0.0158],
        [40.0, 90.0, 100.0, 120.0, 120.0],
    ),
    (
        "o",
        [430.0, 820.0, 2700.0, 3000.0, 3300.0],
        [1.0, 0.3162, 0.0501, 0.0794, 0.01995],
        [40.0, 80.0, 100.0, 120.0, 120.0],
    ),
    (
        "u",
        [370.0, 630.0, 2750.0, 3000.0, 3400.0],
        [1.0, 0.1, 0.0708, 0.0316, 0.01995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
    (
        "ae",
        [650.0, 1515.0, 2400.0, 3000.0, 3350.0],
        [1.0, 0.5, 0.1008, 0.0631, 0.0126],
        [80.0, 90.0, 120.0, 130.0, 140.0],
    ),
    (
        "aa",
        [560.0, 900.0, 2570.0, 3000.0, 3300.0],
        [1.0, 0.5, 0.0708, 0.0631, 0.0126],
        [80.0, 90.0, 120.0, 130.0, 140.0],
    ),
    (
        "oe",
        [500.0, 1430.0, 2300.0, 3000.0, 3300.0],
        [1.0, 0.2, 0.0708, 0.0316, 0.01995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
    (
        "ue",
        [250.0, 1750.0, 2150.0, 3200.0, 3300.0],
        [1.0, 0.1, 0.0708, 0.0316, 0.01995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
    (
        "y",
        [400.0, 1460.0, 2400.0, 3000.0, 3300.0],
        [1.0, 0.2, 0.0708, 0.0316, 0.02995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
    (
        "uh",
        [600.0, 1250.0, 2100.0, 3100.0, 3500.0],
        [1.0, 0.3, 0.0608, 0.0316, 0.01995],
        [40.0, 70.0, 100.0, 120.0, 130.0],
    ),
    (
        "un",
        [500.0, 1240.0, 2280.0, 3000.0, 3500.0],
        [1.0, 0.1, 0.1708, 0.0216, 0.02995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
    (
        "en",
        [600.0, 1480.0, 2450.0, 3200.0, 3300.0],
        [1.0, 0.15, 0.0708, 0.0316, 0.02995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
    (
        "an",
        [700.0, 1050.0, 2500.0, 3000.0, 3300.0],
        [1.0, 0.1, 0.0708, 0.0316, 0.02995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
    (
        "on",
        [500.0, 1080.0, 2350.0, 3000.0, 3300.0],
        [1.0, 0.1, 0.0708, 0.0316, 0.02995],
        [40.0, 60.0, 100.0, 120.0, 120.0],
    ),
];

/// `vowel.mjs`'s other spellings (its getters) and the vowel each names.
pub const VOWEL_ALIASES: [(&str, &str); 7] = [
    ("æ", "ae"),
    ("ø", "oe"),
    ("ɑ", "aa"),
    ("å", "aa"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ı", "y"),
];

/// `VowelNode`: the five band-passes in parallel, each times its gain, summed, times 8.
#[derive(Clone, Copy, Debug)]
pub struct Vowel {
    bq: [Biquad; 5],
    gains: [f64; 5],
}

impl Vowel {
    /// The filter of vowel `index` of [`VOWELS`].
    pub fn new(index: usize, sample_rate: f64) -> Vowel {
        let (_, freqs, gains, qs) = VOWELS[index.min(VOWELS.len() - 1)];
        let mut bq = [Biquad::default(); 5];
        for (j, b) in bq.iter_mut().enumerate() {
            b.set(Kind::Bandpass, freqs[j], qs[j], sample_rate);
        }
        Vowel { bq, gains }
    }

    #[inline]
    pub fn tick(&mut self, x: f32) -> f32 {
        let mut y = 0.0f64;
        for (b, g) in self.bq.iter_mut().zip(&self.gains) {
            y += b.tick(x) as f64 * g;
        }
        (y * 8.0) as f32
    }
}
