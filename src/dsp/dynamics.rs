//! Dynamics: feed-forward [`Compressor`] and peak [`Limiter`], both mono or stereo-linked.
//!
//! The compressor follows D. Giannoulis, M. Massberg and J. D. Reiss, "Digital Dynamic Range
//! Compressor Design -- A Tutorial and Analysis", JAES 60(6), 2012: level in dB, soft-knee gain
//! computer (their eq. 4), and the recommended log-domain detector: the smooth branching peak
//! detector (eq. 17) runs on the gain reduction after the gain computer (their Fig. 7), with
//! `alpha = exp(-1 / (tau * fs))` (eq. 7).

use super::{flush_denormal, input, sane_rate, sanitize, zero_tail};

/// Compressor settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompParams {
    pub threshold_db: f32,
    /// Ratio >= 1 (1 = no compression).
    pub ratio: f32,
    pub attack_ms: f32,
    pub release_ms: f32,
    pub makeup_db: f32,
    /// Soft-knee width in dB (0 = hard knee).
    pub knee_db: f32,
}

impl Default for CompParams {
    fn default() -> Self {
        CompParams {
            threshold_db: -20.0,
            ratio: 4.0,
            attack_ms: 5.0,
            release_ms: 100.0,
            makeup_db: 0.0,
            knee_db: 6.0,
        }
    }
}

fn alpha(ms: f32, sr: f32) -> f32 {
    let t = sanitize(ms).clamp(0.0, 60_000.0) * 0.001 * sr;
    if t < 1e-3 {
        0.0
    } else {
        (-1.0 / t).exp()
    }
}

fn to_db(x: f32) -> f32 {
    20.0 * x.abs().max(1e-6).log10()
}

/// Feed-forward compressor with a log-domain detector.
#[derive(Clone, Debug)]
pub struct Compressor {
    sr: f32,
    p: CompParams,
    alpha_a: f32,
    alpha_r: f32,
    /// Smoothed gain reduction in dB (>= 0).
    y_l: f32,
}

impl Compressor {
    pub fn new(sample_rate: f32) -> Self {
        let mut c = Compressor {
            sr: sane_rate(sample_rate),
            p: CompParams::default(),
            alpha_a: 0.0,
            alpha_r: 0.0,
            y_l: 0.0,
        };
        c.set_params(CompParams::default());
        c
    }

    /// Set parameters (sanitized: ratio 1..1000, threshold -120..0 dB, knee 0..48 dB, makeup
    /// -60..60 dB). Takes effect at the next sample.
    pub fn set_params(&mut self, p: CompParams) {
        self.p = CompParams {
            threshold_db: sanitize(p.threshold_db).clamp(-120.0, 0.0),
            ratio: sanitize(p.ratio).clamp(1.0, 1000.0),
            attack_ms: sanitize(p.attack_ms).max(0.0),
            release_ms: sanitize(p.release_ms).max(0.0),
            makeup_db: sanitize(p.makeup_db).clamp(-60.0, 60.0),
            knee_db: sanitize(p.knee_db).clamp(0.0, 48.0),
        };
        self.alpha_a = alpha(self.p.attack_ms, self.sr);
        self.alpha_r = alpha(self.p.release_ms, self.sr);
    }

    /// Clear the detector (parameters are kept).
    pub fn reset(&mut self) {
        self.y_l = 0.0;
    }

    /// Current gain reduction in dB (for meters).
    pub fn gain_reduction_db(&self) -> f32 {
        self.y_l
    }

    /// Static curve (Giannoulis et al. eq. 4): output level in dB for input level `x` dB.
    pub fn gain_computer(&self, x: f32) -> f32 {
        let (t, r, w) = (self.p.threshold_db, self.p.ratio, self.p.knee_db);
        if 2.0 * (x - t) < -w {
            x
        } else if 2.0 * (x - t).abs() <= w {
            x + (1.0 / r - 1.0) * (x - t + w / 2.0).powi(2) / (2.0 * w)
        } else {
            t + (x - t) / r
        }
    }

    /// Linear gain for a detector input (peak magnitude) `level`; advances the detector.
    #[inline]
    fn gain(&mut self, level: f32) -> f32 {
        let x_g = to_db(level);
        let x_l = x_g - self.gain_computer(x_g);
        let a = if x_l > self.y_l {
            self.alpha_a
        } else {
            self.alpha_r
        };
        self.y_l = flush_denormal(a * self.y_l + (1.0 - a) * x_l);
        if !self.y_l.is_finite() {
            self.y_l = 0.0;
        }
        10f32.powf((self.p.makeup_db - self.y_l) / 20.0)
    }

    pub fn process(&mut self, input_: &[f32], out: &mut [f32]) {
        for (i, o) in out.iter_mut().enumerate() {
            let x = input(input_, i);
            *o = x * self.gain(x);
        }
    }

    /// Stereo-linked: one detector on `max(|l|, |r|)`, the same gain on both channels.
    pub fn process_stereo(
        &mut self,
        in_l: &[f32],
        in_r: &[f32],
        out_l: &mut [f32],
        out_r: &mut [f32],
    ) {
        let n = out_l.len().min(out_r.len());
        for i in 0..n {
            let (l, r) = (input(in_l, i), input(in_r, i));
            let g = self.gain(l.abs().max(r.abs()));
            out_l[i] = l * g;
            out_r[i] = r * g;
        }
        zero_tail(out_l, n);
        zero_tail(out_r, n);
    }
}

/// Peak limiter without lookahead: instant attack (the gain drops on the very sample that would
/// exceed the ceiling), exponential release; a final clamp guarantees `|out| <= ceiling` even
/// under float rounding. Brickwall-ish: sudden peaks are hard-limited, not smoothed.
#[derive(Clone, Debug)]
pub struct Limiter {
    sr: f32,
    ceiling: f32,
    alpha_r: f32,
    g: f32,
}

impl Limiter {
    /// Ceiling 0 dBFS, release 50 ms.
    pub fn new(sample_rate: f32) -> Self {
        let mut l = Limiter {
            sr: sane_rate(sample_rate),
            ceiling: 1.0,
            alpha_r: 0.0,
            g: 1.0,
        };
        l.set_params(0.0, 50.0);
        l
    }

    /// Ceiling in dBFS (clamped to -60..0) and release time in ms.
    pub fn set_params(&mut self, ceiling_db: f32, release_ms: f32) {
        self.ceiling = 10f32.powf(sanitize(ceiling_db).clamp(-60.0, 0.0) / 20.0);
        self.alpha_r = alpha(release_ms, self.sr);
    }

    pub fn ceiling(&self) -> f32 {
        self.ceiling
    }

    pub fn reset(&mut self) {
        self.g = 1.0;
    }

    #[inline]
    fn gain(&mut self, peak: f32) -> f32 {
        let target = if peak > self.ceiling {
            self.ceiling / peak
        } else {
            1.0
        };
        self.g = if target < self.g {
            target
        } else {
            target + (self.g - target) * self.alpha_r
        };
        if !self.g.is_finite() {
            self.g = 1.0;
        }
        self.g
    }

    pub fn process(&mut self, input_: &[f32], out: &mut [f32]) {
        let c = self.ceiling;
        for (i, o) in out.iter_mut().enumerate() {
            let x = input(input_, i);
            *o = (x * self.gain(x.abs())).clamp(-c, c);
        }
    }

    /// Stereo-linked limiting (same gain on both channels).
    pub fn process_stereo(
        &mut self,
        in_l: &[f32],
        in_r: &[f32],
        out_l: &mut [f32],
        out_r: &mut [f32],
    ) {
        let (c, n) = (self.ceiling, out_l.len().min(out_r.len()));
        for i in 0..n {
            let (l, r) = (input(in_l, i), input(in_r, i));
            let g = self.gain(l.abs().max(r.abs()));
            out_l[i] = (l * g).clamp(-c, c);
            out_r[i] = (r * g).clamp(-c, c);
        }
        zero_tail(out_l, n);
        zero_tail(out_r, n);
    }
}

// ---- Nodes: `compressor threshold ratio`, `limiter ceiling` (see `node.rs`). ----

use super::node::{DspNode, Input, NodeDef};

/// A processor's stereo block method: inputs left and right, outputs left and right.
type Stereo<T> = fn(&mut T, &[f32], &[f32], &mut [f32], &mut [f32]);

/// A stereo dynamics processor (its `process_stereo`) as a node.
struct StereoNode<T>(T, Stereo<T>);

impl<T: Send> DspNode for StereoNode<T> {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        (self.1)(&mut self.0, inputs[0][0], inputs[0][1], l, r);
    }
}

pub static COMPRESSOR: NodeDef = NodeDef {
    name: "compressor",
    doc: "Compressor: threshold in dB, ratio (at least 1); 5 ms attack, 100 ms release. With one argument after `#` on a pattern it is the `compressor` control (superdough's per-voice compressor).",
    example: "out $ s \"bd*4\" # compressor (-20) 4",
    inputs: &[
        Input::AUDIO,
        Input::number("threshold", "dB", "the threshold (dB)"),
        Input::number("ratio", "", "the ratio"),
    ],
    control: Some("compressor"),
    bare_pattern: false,
    build: |sr, n| {
        let mut c = Compressor::new(sr);
        c.set_params(CompParams {
            threshold_db: n[0],
            ratio: n[1].max(1.0),
            attack_ms: 5.0,
            release_ms: 100.0,
            ..Default::default()
        });
        Box::new(StereoNode(c, Compressor::process_stereo))
    },
    voice: None,
};

pub static LIMITER: NodeDef = NodeDef {
    name: "limiter",
    doc: "Limiter: ceiling in dB (50 ms release).",
    example: "out $ s \"bd*4\" # gain 4 # limiter (-3)",
    inputs: &[
        Input::AUDIO,
        Input::number("ceiling", "dB", "the ceiling (dB)"),
    ],
    control: None,
    bare_pattern: false,
    build: |sr, n| {
        let mut l = Limiter::new(sr);
        l.set_params(n[0], 50.0);
        Box::new(StereoNode(l, Limiter::process_stereo))
    },
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn comp(threshold_db: f32, ratio: f32, makeup_db: f32, knee_db: f32) -> Compressor {
        let mut c = Compressor::new(SR);
        c.set_params(CompParams {
            threshold_db,
            ratio,
            attack_ms: 1.0,
            release_ms: 100.0,
            makeup_db,
            knee_db,
        });
        c
    }

    #[test]
    fn static_curve() {
        // Constant level 0.5 (-6.02 dB), threshold -20, ratio 4: -20 + 13.98 / 4 = -16.5 dB.
        let mut c = comp(-20.0, 4.0, 0.0, 0.0);
        let mut y = vec![0.0; 4800];
        c.process(&vec![0.5; 4800], &mut y);
        assert!(
            (db(y[4799]) - (-20.0 + (db(0.5) + 20.0) / 4.0)).abs() < 0.05,
            "{}",
            db(y[4799])
        );
        // Below threshold: unity, plus makeup.
        let x = sine(1000.0, 0.05, 4800);
        comp(-20.0, 4.0, 0.0, 0.0).process(&x, &mut y);
        assert_eq!(x, y);
        comp(-20.0, 4.0, 6.0, 0.0).process(&x, &mut y);
        assert!((db(rms(&y) / rms(&x)) - 6.0).abs() < 0.01);
        // A full-scale sine settles near the static curve (-15 dB peak).
        let x = sine(1000.0, 1.0, 48_000);
        let mut y = vec![0.0; 48_000];
        comp(-20.0, 4.0, 0.0, 0.0).process(&x, &mut y);
        let peak = db(y[24_000..].iter().fold(0.0f32, |m, v| m.max(v.abs())));
        assert!((-16.0..-13.5).contains(&peak), "peak {peak}");
        // Soft knee: continuous, and half-way between at the threshold.
        let k = comp(-20.0, 4.0, 0.0, 10.0);
        assert!(
            (k.gain_computer(-25.0) + 25.0).abs() < 1e-4
                && (k.gain_computer(-15.0) + 18.75).abs() < 1e-4
        );
        assert!((k.gain_computer(-20.0) + 20.0 + 0.9375).abs() < 1e-4);
    }

    #[test]
    fn attack_time() {
        let mut c = comp(-40.0, 1000.0, 0.0, 0.0);
        let mut y = vec![0.0; 48];
        c.process(&[1.0; 48], &mut y);
        // 40 dB of reduction approached with a 1 ms (48 sample) time constant: 63% after 48.
        assert!((c.gain_reduction_db() - 40.0 * (1.0 - (-1.0f32).exp())).abs() < 0.5);
    }

    #[test]
    fn limiter_never_exceeds_ceiling() {
        let mut rng = Rng(99);
        let n = 48_000;
        let x: Vec<f32> = (0..n)
            .map(|i| rng.uni() * if i % 5000 < 2500 { 10.0 } else { 0.1 })
            .collect();
        for ceiling_db in [0.0, -1.0, -12.0] {
            let mut l = Limiter::new(SR);
            l.set_params(ceiling_db, 50.0);
            let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
            l.process(&x, &mut a);
            assert!(a.iter().all(|v| v.abs() <= l.ceiling()));
            l.reset();
            l.process_stereo(&x, &vec![2.0; n], &mut a, &mut b);
            assert!(a.iter().chain(&b).all(|v| v.abs() <= l.ceiling()));
        }
        // Quiet material passes untouched, and the gain recovers after a peak.
        let mut l = Limiter::new(SR);
        let q = sine(100.0, 0.5, 24_000);
        let mut y = vec![0.0; 24_000];
        l.process(&q, &mut y);
        assert_eq!(q, y);
        l.process(&[4.0], &mut y[..1]);
        assert_eq!(y[0], 1.0);
        l.process(&q, &mut y);
        assert!(y[23_000..]
            .iter()
            .zip(&q[23_000..])
            .all(|(a, b)| (a - b).abs() < 0.01));
    }

    #[test]
    fn blocks_and_reset() {
        let n = 20_000;
        let x: Vec<f32> = test_signal(n)
            .iter()
            .enumerate()
            .map(|(i, v)| v * (1.0 + 4.0 * ((i / 3000) % 2) as f32))
            .collect();
        check_blocks(
            n,
            || comp(-20.0, 4.0, 3.0, 6.0),
            |c, r, l, rr| c.process_stereo(&x[r.clone()], &x[r], l, rr),
            Compressor::reset,
        );
        check_blocks(
            n,
            || Limiter::new(SR),
            |c, r, l, rr| c.process_stereo(&x[r.clone()], &x[r], l, rr),
            Limiter::reset,
        );
        check_blocks(
            n,
            || comp(-30.0, 8.0, 0.0, 0.0),
            |c, r, l, _| c.process(&x[r], l),
            Compressor::reset,
        );
        check_blocks(
            n,
            || Limiter::new(SR),
            |c, r, l, _| c.process(&x[r], l),
            Limiter::reset,
        );
    }

    #[test]
    fn hostile_inputs() {
        let bad: Vec<f32> = BAD.iter().cycle().take(600).copied().collect();
        let (mut a, mut b) = (vec![0.0; 600], vec![0.0; 600]);
        let mut c = Compressor::new(SR);
        c.set_params(CompParams {
            threshold_db: f32::NAN,
            ratio: f32::INFINITY,
            attack_ms: -1.0,
            release_ms: f32::NAN,
            makeup_db: 1e30,
            knee_db: f32::NAN,
        });
        c.process_stereo(&bad, &bad, &mut a, &mut b);
        assert!(a.iter().chain(&b).all(|v| v.is_finite()));
        let mut l = Limiter::new(SR);
        l.set_params(f32::NAN, f32::NAN);
        l.process_stereo(&bad, &bad, &mut a, &mut b);
        assert!(a.iter().chain(&b).all(|v| v.is_finite() && v.abs() <= 1.0));
        l.reset();
        let x = test_signal(600);
        l.process(&x, &mut a);
        assert_eq!(a, x);
    }
}
