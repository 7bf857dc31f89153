//! Stereo feedback delay (SuperDirt's `delay`/`delaytime`/`delayfeedback` send effect).
//!
//! Per channel: `y[n] = buf(n - d)`, `buf[n] = x[n] + fb * y[n]`, read with linear interpolation
//! between the two neighbouring samples (J. O. Smith, "Physical Audio Signal Processing", 2010,
//! "Delay-Line Interpolation": linear interpolation). The output is the wet signal only (the
//! echoes, first one `time` after the input); dry/wet mixing is the caller's.

use super::zeroed::Zeroed;
use super::{at, flush_denormal, input, sane_rate, zero_tail};

/// Longest delay time in seconds (the buffer is allocated for it in `new`).
pub const MAX_TIME: f32 = 4.0;
/// Feedback is clamped to +-0.98 so the loop always decays.
pub const MAX_FEEDBACK: f32 = 0.98;

/// One interpolated delay line (also used by the chorus).
#[derive(Clone, Debug)]
pub struct DelayLine {
    buf: Zeroed,
    w: usize,
}

impl DelayLine {
    /// A line that can delay by up to `max_samples` (at least 1).
    pub fn new(max_samples: usize) -> Self {
        DelayLine {
            buf: Zeroed::new(max_samples.max(1) + 2),
            w: 0,
        }
    }

    pub fn clear(&mut self) {
        self.buf.fill(0.0);
        self.w = 0;
    }

    /// Longest usable delay in samples.
    pub fn max_delay(&self) -> f32 {
        (self.buf.len() - 2) as f32
    }

    /// Read `d` samples back from the next write (d clamped to 1..max; 1 = the last written).
    #[inline]
    pub fn read(&self, d: f32) -> f32 {
        let d = d.clamp(1.0, self.max_delay());
        let di = d as usize; // floor, d >= 1
        let frac = d - di as f32;
        let len = self.buf.len();
        let i0 = (self.w + len - di) % len;
        let i1 = (i0 + len - 1) % len;
        self.buf[i0] * (1.0 - frac) + self.buf[i1] * frac
    }

    #[inline]
    pub fn write(&mut self, x: f32) {
        self.buf[self.w] = flush_denormal(x);
        self.w += 1;
        if self.w == self.buf.len() {
            self.w = 0;
        }
    }
}

/// Stereo feedback delay, up to [`MAX_TIME`] seconds.
#[derive(Clone, Debug)]
pub struct Delay {
    sr: f32,
    lines: [DelayLine; 2],
    /// [`Delay::process_switch`]'s last read of each line.
    prev: [f32; 2],
}

impl Delay {
    pub fn new(sample_rate: f32) -> Self {
        let sr = sane_rate(sample_rate);
        let n = (MAX_TIME * sr).ceil() as usize;
        Delay {
            sr,
            lines: [DelayLine::new(n), DelayLine::new(n)],
            prev: [0.0; 2],
        }
    }

    pub fn reset(&mut self) {
        self.lines.iter_mut().for_each(DelayLine::clear);
        self.prev = [0.0; 2];
    }

    /// sc3-plugins' `SwitchDelay.ar(in, 1, 1, time, feedback, 4)`, as SuperDirt's `dirt_delay`
    /// plays it (`synths/core-synths-global.scd`; `SwitchDelay_next`, sc3-plugins
    /// `source/RFWUGens/RFWUGens.cpp`): the delay is `(uint32)(time * sr)` samples (no
    /// interpolation), the feedback `0..0.9` and taken from the previous sample's read
    /// (`recval = in + prev_samp * delayfactor`, then `prev_samp = readval`), and the output is
    /// the input (dry level 1) plus the read (wet level 1). Not ported: the 2000-sample
    /// crossfade when the time changes.
    pub fn process_switch(
        &mut self,
        ins: [&[f32]; 2],
        time_s: f32,
        feedback: f32,
        outs: [&mut [f32]; 2],
    ) {
        let d = ((time_s.max(0.0) * self.sr) as u32 as f32).max(1.0);
        let fb = feedback.clamp(0.0, 0.9);
        for (c, (x, out)) in ins.into_iter().zip(outs).enumerate() {
            let (line, prev) = (&mut self.lines[c], &mut self.prev[c]);
            for (i, o) in out.iter_mut().enumerate() {
                let x = input(x, i);
                let y = line.read(d);
                line.write(x + *prev * fb);
                *prev = y;
                *o = x + y;
            }
        }
        if !self.prev.iter().all(|p| p.is_finite()) {
            self.reset();
        }
    }

    /// Render the echoes. `time_s` (default 0.25) is clamped to 1 sample..4 s; a time within
    /// 1e-4 samples of an integer is read exactly (no interpolation blur); `feedback` (default
    /// 0.5) is clamped to +-0.98. Short control slices hold their last value.
    pub fn process(
        &mut self,
        in_l: &[f32],
        in_r: &[f32],
        time_s: &[f32],
        feedback: &[f32],
        out_l: &mut [f32],
        out_r: &mut [f32],
    ) {
        let n = out_l.len().min(out_r.len());
        for i in 0..n {
            let mut d = at(time_s, i, 0.25) * self.sr;
            if (d - d.round()).abs() < 1.0e-4 {
                d = d.round();
            }
            let fb = at(feedback, i, 0.5).clamp(-MAX_FEEDBACK, MAX_FEEDBACK);
            let ins = [input(in_l, i), input(in_r, i)];
            let mut ys = [0.0; 2];
            for c in 0..2 {
                let line = &mut self.lines[c];
                let y = line.read(d);
                line.write(ins[c] + fb * y);
                ys[c] = y;
            }
            if !(ys[0].is_finite() && ys[1].is_finite()) {
                self.reset();
                ys = [0.0; 2];
            }
            out_l[i] = ys[0];
            out_r[i] = ys[1];
        }
        zero_tail(out_l, n);
        zero_tail(out_r, n);
    }
}

// ---- Node: `delay time feedback mix` (see `node.rs`). ----

use super::node::{Input, NodeDef, WetDry};

pub static DELAY: NodeDef = NodeDef {
    name: "delay",
    doc: "Stereo feedback delay: time in seconds, feedback, wet mix 0..1.",
    example: "out $ s \"cp ~ ~ ~\" # delay 0.375 0.5 0.4",
    inputs: &[
        Input::AUDIO,
        Input::signal("time", "s", "the delay time"),
        Input::signal("feedback", "0..1", "the feedback"),
        Input::signal("mix", "0..1", "the mix"),
    ],
    control: Some("delay"),
    bare_pattern: false,
    build: |sr, _| {
        Box::new(WetDry(Delay::new(sr), |d, [l, r], time, fb, ol, or| {
            d.process(l, r, time, fb, ol, or)
        }))
    },
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn echo_lands_exactly() {
        for (t, fb) in [(0.01f32, 0.0f32), (0.25, 0.5), (1.0, 0.9), (4.0, 0.0)] {
            let n = (t * SR) as usize * 2 + 10;
            let mut d = Delay::new(SR);
            let (mut l, mut r) = (vec![0.0; n], vec![0.0; n]);
            d.process(&[1.0], &[0.0, -0.5], &[t], &[fb], &mut l, &mut r);
            let k = (t * SR) as usize;
            assert_eq!(l[k], 1.0, "time {t}");
            assert_eq!(r[k + 1], -0.5);
            assert_eq!(
                l.iter().filter(|&&v| v != 0.0).count(),
                if fb == 0.0 || 2 * k >= n { 1 } else { 2 }
            );
            if fb != 0.0 && 2 * k < n {
                assert_eq!(l[2 * k], fb);
            }
        }
        // A fractional time splits the impulse between neighbours.
        let mut d = Delay::new(SR);
        let (mut l, mut r) = (vec![0.0; 700], vec![0.0; 700]);
        d.process(&[1.0], &[], &[590.25 / SR], &[0.0], &mut l, &mut r);
        assert!((l[590] - 0.75).abs() < 1e-3 && (l[591] - 0.25).abs() < 1e-3);
    }

    #[test]
    fn feedback_is_bounded() {
        let mut d = Delay::new(SR);
        let x = vec![1.0; 48_000];
        let (mut l, mut r) = (vec![0.0; 48_000], vec![0.0; 48_000]);
        d.process(&x, &x, &[0.001], &[5.0], &mut l, &mut r);
        // Constant input 1 with feedback 0.98 converges to 1 / (1 - 0.98) = 50.
        assert!(l.iter().all(|v| v.is_finite() && *v <= 50.0 + 1e-3));
    }

    #[test]
    fn blocks_and_reset() {
        let n = 30_000;
        let x = test_signal(n);
        let t: Vec<f32> = (0..n)
            .map(|i| 0.01 + 0.005 * (i as f32 * 0.0005).sin())
            .collect();
        let fb: Vec<f32> = (0..n).map(|i| (i % 3000) as f32 / 3000.0).collect();
        check_blocks(
            n,
            || Delay::new(SR),
            |d, r, l, rr| d.process(&x[r.clone()], &x[r.clone()], &t[r.clone()], &fb[r], l, rr),
            Delay::reset,
        );
    }

    #[test]
    fn hostile_inputs() {
        let bad: Vec<f32> = BAD.iter().cycle().take(6000).copied().collect();
        let (mut l, mut r) = (vec![0.0; 6000], vec![0.0; 5000]);
        let mut d = Delay::new(0.0);
        d.process(&bad, &bad, &bad, &bad, &mut l, &mut r);
        d.process(&bad, &[], &[0.001], &[0.98], &mut l, &mut r);
        assert!(l.iter().chain(&r).all(|v| v.is_finite()));
        assert!(l[5000..].iter().all(|&v| v == 0.0), "excess output zeroed");
        d.reset();
        d.process(&[1.0], &[], &[0.001], &[0.0], &mut l, &mut r);
        assert_eq!(l[48], 1.0);
    }
}
