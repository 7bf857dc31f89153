//! Filters: [`Svf`] (state-variable: lowpass, highpass, bandpass, notch), [`Moog`] (4-pole ladder
//! lowpass) and [`OnePole`] (parameter smoothing).
//!
//! Resonance: [`Svf`] takes Q directly (clamped to [`Q_MIN`]..[`Q_MAX`]; 0.707 = Butterworth, no
//! peak). For a 0..1 `resonance` control use [`resonance_to_q`]: SuperDirt's `lpf`/`hpf` map it
//! exponentially (`RLPF` with `rq = resonance.linexp(0, 1, 1, 0.001)`, i.e. Q from 1 to 1000);
//! we keep the exponential shape over a musical span, `q = 0.707 * 40^resonance` (0.707..28.3).

use super::{at, clamp_hz, flush_denormal, input, sane_rate};

/// Lowest filter frequency in Hz.
pub const MIN_HZ: f32 = 1.0;
/// Q range of [`Svf`].
pub const Q_MIN: f32 = 0.5;
pub const Q_MAX: f32 = 50.0;
/// Largest [`Moog`] resonance (4 is the self-oscillation threshold).
pub const MOOG_RES_MAX: f32 = 4.5;

/// Map a 0..1 resonance control to a Q for [`Svf`]: `0.707 * 40^r` (r clamped to 0..1).
pub fn resonance_to_q(resonance: f32) -> f32 {
    0.707 * 40f32.powf(super::sanitize(resonance).clamp(0.0, 1.0))
}

/// [`Svf`] response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Lowpass,
    Highpass,
    /// Constant 0 dB peak gain at the centre frequency (SuperDirt's `bpf` also multiplies by q).
    Bandpass,
    Notch,
}

/// Andrew Simper (Cytomic), "Linear Trapezoidal Integrated State Variable Filter"
/// (SvfLinearTrapOptimised2, 2013): trapezoidal integration, exact cutoff by prewarping
/// `g = tan(pi fc / sr)`, stable under audio-rate cutoff modulation.
#[derive(Clone, Debug)]
pub struct Svf {
    sr: f32,
    ic1: f32,
    ic2: f32,
    // Coefficient cache: recomputed only when cutoff or q change (per sample, deterministic).
    last: (f32, f32),
    k: f32,
    a: [f32; 3],
}

impl Svf {
    pub fn new(sample_rate: f32) -> Self {
        Svf {
            sr: sane_rate(sample_rate),
            ic1: 0.0,
            ic2: 0.0,
            last: (-1.0, -1.0),
            k: 0.0,
            a: [0.0; 3],
        }
    }

    pub fn reset(&mut self) {
        *self = Svf::new(self.sr);
    }

    /// Filter `input` into `out`. `cutoff_hz` (default 1000) is clamped to 1..0.49*sr, `q`
    /// (default 0.707) to 0.5..50. Short control slices hold their last value.
    pub fn process(
        &mut self,
        mode: Mode,
        input_: &[f32],
        cutoff_hz: &[f32],
        q: &[f32],
        out: &mut [f32],
    ) {
        // Constant cutoff and q (a voice's filter): the steady loop gives the same samples;
        // when it met a NaN or infinity the chunk is redone here from the saved state, so the
        // per-sample recovery below stays exactly as it is.
        if cutoff_hz.len() <= 1 && q.len() <= 1 && input_.len() >= out.len() {
            let saved = (self.ic1, self.ic2);
            if self.process_steady(mode, &input_[..out.len()], cutoff_hz, q, out) {
                return;
            }
            (self.ic1, self.ic2) = saved;
        }
        for (i, o) in out.iter_mut().enumerate() {
            let fc = clamp_hz(at(cutoff_hz, i, 1000.0), MIN_HZ, self.sr);
            let q = at(q, i, 0.707).clamp(Q_MIN, Q_MAX);
            self.set_coefficients(fc, q);
            let v0 = input(input_, i);
            let (v1, v2) = tick(self.a, &mut self.ic1, &mut self.ic2, v0);
            *o = tap(mode, self.k, v0, v1, v2);
            if !(self.ic1.is_finite() && self.ic2.is_finite() && o.is_finite()) {
                self.ic1 = 0.0;
                self.ic2 = 0.0;
                *o = 0.0;
            }
        }
    }

    /// The coefficients for a (clamped) cutoff and q, recomputed only when they change.
    #[inline(always)]
    fn set_coefficients(&mut self, fc: f32, q: f32) {
        if (fc, q) != self.last {
            let g = (std::f32::consts::PI * fc / self.sr).tan();
            self.k = 1.0 / q;
            let a1 = 1.0 / (1.0 + g * (g + self.k));
            self.a = [a1, g * a1, g * g * a1];
            self.last = (fc, q);
        }
    }

    /// [`Svf::process`] with one cutoff and q for the whole slice, the mode chosen once.
    /// Returns false (state and `out` then unusable) when a sample or the state is not finite.
    fn process_steady(
        &mut self,
        mode: Mode,
        input_: &[f32],
        cutoff_hz: &[f32],
        q: &[f32],
        out: &mut [f32],
    ) -> bool {
        self.steady_coefficients(cutoff_hz, q);
        // One inlined loop per mode (a constant in each), so the mode is not tested per sample.
        match mode {
            Mode::Lowpass => self.steady_loop(Mode::Lowpass, input_, out),
            Mode::Highpass => self.steady_loop(Mode::Highpass, input_, out),
            Mode::Bandpass => self.steady_loop(Mode::Bandpass, input_, out),
            Mode::Notch => self.steady_loop(Mode::Notch, input_, out),
        }
        self.ic1.is_finite() && self.ic2.is_finite() && out.iter().all(|o| o.is_finite())
    }

    /// The coefficients of the steady loop for a constant cutoff and q (slices as
    /// [`Svf::process`] reads them).
    #[inline(always)]
    fn steady_coefficients(&mut self, cutoff_hz: &[f32], q: &[f32]) {
        let fc = clamp_hz(at(cutoff_hz, 0, 1000.0), MIN_HZ, self.sr);
        let q = at(q, 0, 0.707).clamp(Q_MIN, Q_MAX);
        self.set_coefficients(fc, q);
    }

    /// For the lane kernels (`lanes.rs`): the steady loop's coefficients `(a, k)` for a
    /// constant `cutoff_hz` and `q`, and the state `(ic1, ic2)`.
    pub fn steady_parts(&mut self, cutoff_hz: f32, q: f32) -> ([f32; 3], f32, f32, f32) {
        self.steady_coefficients(&[cutoff_hz], &[q]);
        (self.a, self.k, self.ic1, self.ic2)
    }

    /// Sets the state a lane kernel advanced (`ic1`, `ic2` as [`Svf::steady_parts`] gave them).
    pub fn set_state(&mut self, ic1: f32, ic2: f32) {
        (self.ic1, self.ic2) = (ic1, ic2);
    }

    /// The filter's recursion over `input_` with fixed coefficients.
    #[inline(always)]
    fn steady_loop(&mut self, mode: Mode, input_: &[f32], out: &mut [f32]) {
        let (a, k) = (self.a, self.k);
        let (mut ic1, mut ic2) = (self.ic1, self.ic2);
        for (o, &x) in out.iter_mut().zip(input_) {
            let v0 = super::sanitize(x);
            let (v1, v2) = tick(a, &mut ic1, &mut ic2, v0);
            *o = tap(mode, k, v0, v1, v2);
        }
        (self.ic1, self.ic2) = (ic1, ic2);
    }
}

/// One sample of [`Svf`]'s recursion (Simper's SvfLinearTrapOptimised2): returns its taps
/// `(v1, v2)` and advances the state `ic1`, `ic2`.
#[inline(always)]
pub(super) fn tick([a1, a2, a3]: [f32; 3], ic1: &mut f32, ic2: &mut f32, v0: f32) -> (f32, f32) {
    let v3 = v0 - *ic2;
    let v1 = a1 * *ic1 + a2 * v3;
    let v2 = *ic2 + a2 * *ic1 + a3 * v3;
    *ic1 = flush_denormal(2.0 * v1 - *ic1);
    *ic2 = flush_denormal(2.0 * v2 - *ic2);
    (v1, v2)
}

/// [`Svf`]'s output in `mode` from the input `v0` and the taps (`k = 1 / q`).
#[inline(always)]
pub(super) fn tap(mode: Mode, k: f32, v0: f32, v1: f32, v2: f32) -> f32 {
    match mode {
        Mode::Lowpass => v2,
        Mode::Highpass => v0 - k * v1 - v2,
        Mode::Bandpass => k * v1,
        Mode::Notch => v0 - k * v1,
    }
}

/// Moog-style 4-pole transistor-ladder lowpass (24 dB/octave). Structure: four trapezoidal
/// (TPT) one-poles in a zero-delay feedback loop solved exactly for the linear part, after
/// V. Zavalishin, "The Art of VA Filter Design" (rev. 2.1, 2018), ch. 5 (ladder filter) and ch. 6
/// (nonlinearities; here the cheap variant: the loop's solved input passes through `tanh`, as in
/// A. Huovilainen, "Non-linear digital implementation of the Moog ladder filter", DAFx-04).
/// `resonance` 0..4.5: at 4 the loop gain at cutoff is 1 and the filter self-oscillates; `tanh`
/// bounds the oscillation (each one-pole's state is bounded by its bounded input). Passband gain
/// falls as 1/(1 + resonance), as in the analogue ladder. The `tanh` also softly saturates hot
/// input (about -2.4 dB at a full-scale peak), part of the ladder's character.
#[derive(Clone, Debug)]
pub struct Moog {
    sr: f32,
    s: [f32; 4],
    last_fc: f32,
    big_g: f32,
}

impl Moog {
    pub fn new(sample_rate: f32) -> Self {
        Moog {
            sr: sane_rate(sample_rate),
            s: [0.0; 4],
            last_fc: -1.0,
            big_g: 0.0,
        }
    }

    pub fn reset(&mut self) {
        *self = Moog::new(self.sr);
    }

    /// `cutoff_hz` (default 1000) clamped to 1..0.49*sr; `resonance` (default 0) to 0..4.5.
    pub fn process(
        &mut self,
        input_: &[f32],
        cutoff_hz: &[f32],
        resonance: &[f32],
        out: &mut [f32],
    ) {
        for (i, o) in out.iter_mut().enumerate() {
            let fc = clamp_hz(at(cutoff_hz, i, 1000.0), MIN_HZ, self.sr);
            if fc != self.last_fc {
                let g = (std::f32::consts::PI * fc / self.sr).tan();
                self.big_g = g / (1.0 + g);
                self.last_fc = fc;
            }
            let k = at(resonance, i, 0.0).clamp(0.0, MOOG_RES_MAX);
            let gg = self.big_g;
            // Cascade output = G^4 u + S, S from the stage states; solve u = x - k*(G^4 u + S).
            let one = 1.0 - gg;
            let s_sum =
                ((gg * self.s[0] + self.s[1]) * gg + self.s[2]) * gg * one + self.s[3] * one;
            let u = (input(input_, i) - k * s_sum) / (1.0 + k * gg * gg * gg * gg);
            let mut y = u.tanh();
            for s in self.s.iter_mut() {
                let v = (y - *s) * gg;
                y = v + *s;
                *s = flush_denormal(y + v);
            }
            *o = y;
            if !(self.s.iter().all(|s| s.is_finite()) && y.is_finite()) {
                self.s = [0.0; 4];
                *o = 0.0;
            }
        }
    }
}

/// One-pole lowpass for smoothing control signals (de-zippering): `y += (x - y) * (1 - e^(-1/(tau
/// sr)))`, the exponential moving average / RC discretisation (J. O. Smith, "Introduction to
/// Digital Filters", 2007, "One-pole"). Reaches 63% of a step after `time_s`.
#[derive(Clone, Debug)]
pub struct OnePole {
    sr: f32,
    y: f32,
    coef: f32,
    started: bool,
}

impl OnePole {
    pub fn new(sample_rate: f32, time_s: f32) -> Self {
        let mut p = OnePole {
            sr: sane_rate(sample_rate),
            y: 0.0,
            coef: 1.0,
            started: false,
        };
        p.set_time(time_s);
        p
    }

    /// Smoothing time constant in seconds (0 = no smoothing).
    pub fn set_time(&mut self, time_s: f32) {
        let t = super::sanitize(time_s).max(0.0);
        self.coef = if t > 0.0 {
            1.0 - (-1.0 / (t * self.sr)).exp()
        } else {
            1.0
        };
    }

    /// Forget the history: the next input is taken as the starting value (no glide from 0).
    pub fn reset(&mut self) {
        self.y = 0.0;
        self.started = false;
    }

    #[inline]
    pub fn next_sample(&mut self, x: f32) -> f32 {
        let x = super::sanitize(x);
        if !self.started {
            self.y = x;
            self.started = true;
        }
        self.y = flush_denormal(self.y + (x - self.y) * self.coef);
        self.y
    }

    /// Smooth a control slice (a short slice holds its last value; empty means 0).
    pub fn process(&mut self, control: &[f32], out: &mut [f32]) {
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.next_sample(at(control, i, 0.0));
        }
    }
}

// ---- Nodes: the filters as the language names them (see `node.rs`). ----

use super::node::{DspNode, Input, NodeDef};

/// A stereo state-variable filter in one mode.
struct SvfNode([Svf; 2], Mode);

impl DspNode for SvfNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        let [x, [c, _], [q, _]] = [inputs[0], inputs[1], inputs[2]];
        self.0[0].process(self.1, x[0], c, q, l);
        self.0[1].process(self.1, x[1], c, q, r);
    }
}

/// A stereo Moog ladder.
struct MoogNode([Moog; 2]);

impl DspNode for MoogNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        let [x, [c, _], [q, _]] = [inputs[0], inputs[1], inputs[2]];
        self.0[0].process(x[0], c, q, l);
        self.0[1].process(x[1], c, q, r);
    }
}

/// Cutoff and q, q 0.707 (flat) when left out.
const CUTOFF_Q: &[Input] = &[
    Input::AUDIO,
    Input::signal("cutoff", "Hz", "the cutoff"),
    Input::signal("q", "", "the q").or(0.707),
];

macro_rules! svf_def {
    ($def:ident, $name:literal, $mode:ident, $control:expr, $doc:literal, $example:literal) => {
        pub static $def: NodeDef = NodeDef {
            name: $name,
            doc: $doc,
            example: $example,
            inputs: CUTOFF_Q,
            control: $control,
            bare_pattern: false,
            build: |sr, _| Box::new(SvfNode([Svf::new(sr), Svf::new(sr)], Mode::$mode)),
            voice: None,
        };
    };
}

svf_def!(
    LPF,
    "lpf",
    Lowpass,
    Some("cutoff"),
    "State-variable low-pass: cutoff in Hz, q (0.707 is flat).",
    "out $ saw 55 * 0.3 # lpf \"400 1600\" 2"
);
svf_def!(
    HPF,
    "hpf",
    Highpass,
    Some("hcutoff"),
    "State-variable high-pass: cutoff in Hz, q.",
    "out $ saw 110 * 0.2 # hpf 800 0.7"
);
svf_def!(
    BPF,
    "bpf",
    Bandpass,
    Some("bandf"),
    "State-variable band-pass: centre in Hz, q.",
    "out $ noise * 0.3 # bpf 1200 4"
);
svf_def!(
    NOTCH,
    "notch",
    Notch,
    None,
    "State-variable notch: centre in Hz, q.",
    "out $ saw 110 * 0.2 # notch 440 2"
);
svf_def!(
    RLPF,
    "rlpf",
    Lowpass,
    None,
    "Resonant low-pass (the `lpf` node, Phonon's spelling).",
    "out $ saw 55 * 0.3 # rlpf 600 4"
);
svf_def!(
    RHPF,
    "rhpf",
    Highpass,
    None,
    "Resonant high-pass (the `hpf` node, Phonon's spelling).",
    "out $ saw 110 * 0.2 # rhpf 800 4"
);

pub static MOOG: NodeDef = NodeDef {
    name: "moog",
    doc: "Moog ladder low-pass: cutoff in Hz, resonance.",
    example: "out $ saw 55 * 0.3 # moog 900 0.5",
    inputs: CUTOFF_Q,
    control: None,
    bare_pattern: false,
    build: |sr, _| Box::new(MoogNode([Moog::new(sr), Moog::new(sr)])),
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    /// Steady-state gain in dB of a filter at frequency `f` (amplitude 0.1, last half of 0.5 s).
    fn gain_db(mut f_run: impl FnMut(&[f32], &mut [f32]), f: f32) -> f32 {
        let x = sine(f, 0.1, 24_000);
        let mut y = vec![0.0; x.len()];
        f_run(&x, &mut y);
        db(rms(&y[12_000..]) / rms(&x[12_000..]))
    }

    fn svf_db(mode: Mode, fc: f32, q: f32, f: f32) -> f32 {
        let mut s = Svf::new(SR);
        gain_db(|x, y| s.process(mode, x, &[fc], &[q], y), f)
    }

    #[test]
    fn svf_steady_path_equals_the_per_sample_path() {
        // A constant cutoff given once (the steady loop) or per sample (the general loop), with
        // a NaN and an infinity in the input and a poisoned state: the same samples, bit for
        // bit, in every mode.
        let mut x = sine(440.0, 0.5, 2048);
        x[700] = f32::NAN;
        x[1500] = f32::INFINITY;
        for mode in [Mode::Lowpass, Mode::Highpass, Mode::Bandpass, Mode::Notch] {
            let (mut a, mut b) = (Svf::new(SR), Svf::new(SR));
            let (mut ya, mut yb) = (vec![0.0; x.len()], vec![0.0; x.len()]);
            let (c, q) = (vec![1200.0; 256], vec![3.0; 256]);
            for (i, ((xc, ya), yb)) in x
                .chunks(256)
                .zip(ya.chunks_mut(256))
                .zip(yb.chunks_mut(256))
                .enumerate()
            {
                if i == 5 {
                    // State poisoned (as an overflow would): both paths recover the same way.
                    (a.ic1, b.ic1) = (f32::NAN, f32::NAN);
                }
                a.process(mode, xc, &[1200.0], &[3.0], ya);
                b.process(mode, xc, &c, &q, yb);
            }
            assert!(
                ya.iter().zip(&yb).all(|(p, q)| p.to_bits() == q.to_bits()),
                "{mode:?}"
            );
            assert!(
                ya.iter().all(|y| y.is_finite()) && ya[800..].iter().any(|y| *y != 0.0),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn svf_meets_cutoff() {
        let q = 0.707;
        assert!(svf_db(Mode::Lowpass, 1000.0, q, 100.0).abs() < 1.0);
        assert!(svf_db(Mode::Lowpass, 1000.0, q, 10_000.0) < -24.0);
        assert!((svf_db(Mode::Lowpass, 1000.0, q, 1000.0) + 3.0).abs() < 0.5);
        assert!(svf_db(Mode::Highpass, 1000.0, q, 10_000.0).abs() < 1.0);
        assert!(svf_db(Mode::Highpass, 1000.0, q, 100.0) < -24.0);
        let bp = |f| svf_db(Mode::Bandpass, 1000.0, 5.0, f);
        assert!(bp(1000.0).abs() < 0.5, "bandpass peak {}", bp(1000.0));
        assert!(bp(800.0) < -3.0 && bp(1250.0) < -3.0 && bp(100.0) < -24.0 && bp(10_000.0) < -24.0);
        assert!(svf_db(Mode::Notch, 1000.0, 2.0, 1000.0) < -30.0);
        assert!(svf_db(Mode::Notch, 1000.0, 2.0, 100.0).abs() < 0.5);
        // Resonance peaks by about q at cutoff.
        assert!((svf_db(Mode::Lowpass, 1000.0, 10.0, 1000.0) - 20.0).abs() < 1.0);
        assert!(
            (resonance_to_q(0.0) - 0.707).abs() < 1e-6
                && (resonance_to_q(1.0) - 28.28).abs() < 0.01
        );
    }

    #[test]
    fn moog_meets_cutoff_and_self_oscillates() {
        let mdb = |res: f32, f| {
            let mut m = Moog::new(SR);
            gain_db(|x, y| m.process(x, &[1000.0], &[res], y), f)
        };
        assert!(mdb(0.0, 100.0).abs() < 1.0);
        assert!(
            (mdb(0.0, 1000.0) + 12.0).abs() < 1.0,
            "4 x -3 dB at cutoff: {}",
            mdb(0.0, 1000.0)
        );
        assert!(mdb(0.0, 10_000.0) < -60.0);
        assert!(mdb(3.5, 1000.0) > mdb(3.5, 100.0) + 10.0, "resonant peak");
        // Above 4 an impulse starts a bounded oscillation at the cutoff.
        let mut m = Moog::new(SR);
        let mut y = vec![0.0; 48_000];
        m.process(&[1.0, 0.0], &[1000.0], &[4.3], &mut y);
        let tail = &y[24_000..];
        assert!(
            tail.iter().all(|v| v.abs() < 1.0) && rms(tail) > 0.05,
            "rms {}",
            rms(tail)
        );
        assert!(
            (db(rms(&tail[..12_000]) / rms(&tail[12_000..]))).abs() < 0.5,
            "steady level"
        );
        let peak = dft_mag(tail, 1000.0);
        assert!(peak > 4.0 * dft_mag(tail, 800.0) && peak > 4.0 * dft_mag(tail, 1200.0));
    }

    #[test]
    fn blocks_and_reset() {
        let n = 8000;
        let x = test_signal(n);
        let fc: Vec<f32> = (0..n)
            .map(|i| 200.0 + 5000.0 * (i as f32 * 0.002).sin().abs())
            .collect();
        let q: Vec<f32> = (0..n).map(|i| 0.5 + (i % 700) as f32 * 0.02).collect();
        for mode in [Mode::Lowpass, Mode::Highpass, Mode::Bandpass, Mode::Notch] {
            check_blocks(
                n,
                || Svf::new(SR),
                |f, r, l, _| f.process(mode, &x[r.clone()], &fc[r.clone()], &q[r], l),
                Svf::reset,
            );
        }
        let res: Vec<f32> = (0..n).map(|i| (i % 1000) as f32 * 0.0045).collect();
        check_blocks(
            n,
            || Moog::new(SR),
            |f, r, l, _| f.process(&x[r.clone()], &fc[r.clone()], &res[r], l),
            Moog::reset,
        );
        check_blocks(
            n,
            || OnePole::new(SR, 0.01),
            |f, r, l, _| f.process(&x[r], l),
            OnePole::reset,
        );
    }

    #[test]
    fn hostile_inputs() {
        let bad: Vec<f32> = BAD.iter().cycle().take(600).copied().collect();
        let x = test_signal(600);
        let mut y = vec![0.0; 600];
        let (mut s, mut m) = (Svf::new(SR), Moog::new(SR));
        for (a, b, c) in [
            (&bad, &x, &x),
            (&x, &bad, &x),
            (&x, &x, &bad),
            (&bad, &bad, &bad),
        ] {
            s.process(Mode::Lowpass, a, b, c, &mut y);
            assert!(y.iter().all(|v| v.is_finite()));
            m.process(a, b, c, &mut y);
            assert!(y.iter().all(|v| v.is_finite()));
        }
        // Recovers: after reset, identical to a fresh filter.
        let mut fresh = vec![0.0; 600];
        s.reset();
        s.process(Mode::Highpass, &x, &[500.0], &[2.0], &mut y);
        Svf::new(SR).process(Mode::Highpass, &x, &[500.0], &[2.0], &mut fresh);
        assert_eq!(y, fresh);
        // Mismatched lengths never panic.
        s.process(Mode::Notch, &x[..3], &[], &[], &mut y);
        m.process(&[], &[], &[], &mut y);
        let mut p = OnePole::new(f32::NAN, f32::INFINITY);
        p.process(&bad, &mut y);
        assert!(y.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn one_pole_smooths() {
        let mut p = OnePole::new(SR, 0.01);
        let mut y = vec![0.0; 960];
        p.process(&[0.0], &mut y[..1]);
        p.process(&[1.0], &mut y);
        assert!(
            (y[479] - (1.0 - (-1.0f32).exp())).abs() < 0.01,
            "63% after tau: {}",
            y[479]
        );
    }
}
