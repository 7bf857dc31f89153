//! Stereo chorus: each channel is read from a delay line swept by a sine LFO around 15 ms (the
//! right channel's LFO a quarter cycle ahead, for width), mixed with the dry signal. After
//! J. Dattorro, "Effect Design, Part 2: Delay-Line Modulation and Chorus", JAES 45(10), 1997
//! (modulated delay of 1-30 ms; linear interpolation is adequate for these slow sweeps).

use super::delay::DelayLine;
use super::{at, input, sane_rate, zero_tail};

/// Centre delay in ms.
pub const BASE_MS: f64 = 15.0;
/// Sweep at depth 1, in ms either side of the centre (so 5..25 ms).
pub const DEPTH_MS: f64 = 10.0;
/// Highest LFO rate in Hz.
pub const MAX_RATE: f32 = 20.0;

#[derive(Clone, Debug)]
pub struct Chorus {
    sr: f32,
    lines: [DelayLine; 2],
    phase: f64,
    base: f32,
    swing: f32,
}

impl Chorus {
    pub fn new(sample_rate: f32) -> Self {
        let sr = sane_rate(sample_rate);
        let max = ((BASE_MS + DEPTH_MS + 1.0) * sr as f64 / 1000.0).ceil() as usize;
        Chorus {
            sr,
            lines: [DelayLine::new(max), DelayLine::new(max)],
            phase: 0.0,
            base: (sr as f64 * BASE_MS / 1000.0) as f32,
            swing: (sr as f64 * DEPTH_MS / 1000.0) as f32,
        }
    }

    pub fn reset(&mut self) {
        self.lines.iter_mut().for_each(DelayLine::clear);
        self.phase = 0.0;
    }

    /// `rate_hz` LFO rate (default 1, clamped 0..20), `depth` 0..1 (default 0.5; sweep +-10 ms at
    /// 1), `mix` 0..1 dry/wet (0 = dry, 1 = only the delayed voices; 0.5 is the classic chorus).
    #[allow(clippy::too_many_arguments)]
    pub fn process(
        &mut self,
        in_l: &[f32],
        in_r: &[f32],
        rate_hz: &[f32],
        depth: &[f32],
        mix: f32,
        out_l: &mut [f32],
        out_r: &mut [f32],
    ) {
        let mix = if mix.is_finite() {
            mix.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let n = out_l.len().min(out_r.len());
        for i in 0..n {
            let rate = at(rate_hz, i, 1.0).clamp(0.0, MAX_RATE);
            let depth = at(depth, i, 0.5).clamp(0.0, 1.0) * self.swing;
            let ins = [input(in_l, i), input(in_r, i)];
            let mut ys = [0.0f32; 2];
            for c in 0..2 {
                let lfo = ((self.phase + 0.25 * c as f64) * std::f64::consts::TAU).sin() as f32;
                let line = &mut self.lines[c];
                line.write(ins[c]);
                // Read after writing, so read(1) is this very sample: a delay of d is read(d + 1).
                let wet = line.read(self.base + depth * lfo + 1.0);
                ys[c] = (1.0 - mix) * ins[c] + mix * wet;
            }
            self.phase += rate as f64 / self.sr as f64;
            self.phase -= self.phase.floor();
            out_l[i] = ys[0];
            out_r[i] = ys[1];
        }
        zero_tail(out_l, n);
        zero_tail(out_r, n);
    }
}

// ---- Node: `chorus rate depth mix` (see `node.rs`). ----

use super::node::{DspNode, Input, NodeDef};

struct ChorusNode(Chorus, f32);

impl DspNode for ChorusNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        let [x, [rate, _], [depth, _]] = [inputs[0], inputs[1], inputs[2]];
        self.0.process(x[0], x[1], rate, depth, self.1, l, r);
    }
}

pub static CHORUS: NodeDef = NodeDef {
    name: "chorus",
    doc: "Stereo chorus: LFO rate in Hz, depth 0..1, wet mix 0..1 (a number).",
    example: "out $ saw 220 * 0.2 # chorus 0.5 0.5 0.5",
    inputs: &[
        Input::AUDIO,
        Input::signal("rate", "Hz", "the rate"),
        Input::signal("depth", "0..1", "the depth"),
        Input::number("mix", "0..1", "the chorus mix"),
    ],
    control: None,
    bare_pattern: false,
    build: |sr, n| Box::new(ChorusNode(Chorus::new(sr), n[0])),
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn delays_by_base_time_at_zero_depth() {
        let mut c = Chorus::new(SR);
        let (mut l, mut r) = (vec![0.0; 1000], vec![0.0; 1000]);
        c.process(&[1.0], &[0.5], &[1.0], &[0.0], 1.0, &mut l, &mut r);
        assert_eq!(l[720], 1.0);
        assert_eq!(r[720], 0.5);
        assert_eq!(l.iter().filter(|&&v| v != 0.0).count(), 1);
    }

    #[test]
    fn modulates_and_widens() {
        let x = sine(1000.0, 0.5, 48_000);
        let (mut l, mut r) = (vec![0.0; 48_000], vec![0.0; 48_000]);
        let mut c = Chorus::new(SR);
        c.process(&x, &x, &[2.0], &[1.0], 1.0, &mut l, &mut r);
        assert_ne!(l, r);
        // Sweeping +-10 ms at 2 Hz is phase modulation of index 2 pi 1000 0.01 = 63 rad at 1 kHz
        // (pitch wobbles by up to ~12%): the carrier's energy spreads into sidebands.
        assert!(dft_mag(&l, 1000.0) < 0.1 * dft_mag(&x, 1000.0));
        assert!((rms(&l[2000..]) - rms(&x)).abs() < 0.05);
    }

    #[test]
    fn blocks_and_reset() {
        let n = 20_000;
        let x = test_signal(n);
        let rate: Vec<f32> = (0..n).map(|i| 0.5 + (i / 4000) as f32).collect();
        let depth: Vec<f32> = (0..n).map(|i| (i % 5000) as f32 / 5000.0).collect();
        check_blocks(
            n,
            || Chorus::new(SR),
            |c, r, l, rr| {
                c.process(
                    &x[r.clone()],
                    &x[r.clone()],
                    &rate[r.clone()],
                    &depth[r],
                    0.5,
                    l,
                    rr,
                )
            },
            Chorus::reset,
        );
    }

    #[test]
    fn hostile_inputs() {
        let bad: Vec<f32> = BAD.iter().cycle().take(1000).copied().collect();
        let (mut l, mut r) = (vec![0.0; 1000], vec![0.0; 900]);
        let mut c = Chorus::new(-1.0);
        c.process(&bad, &bad, &bad, &bad, f32::NAN, &mut l, &mut r);
        assert!(l.iter().chain(&r).all(|v| v.is_finite()));
        assert!(l[900..].iter().all(|&v| v == 0.0));
        c.reset();
        c.process(&[1.0], &[], &[], &[0.0], 1.0, &mut l, &mut r);
        assert_eq!(l[720], 1.0);
    }
}
