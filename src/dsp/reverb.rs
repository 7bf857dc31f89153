//! Freeverb: Jezar at Dreampoint's public-domain Schroeder/Moorer reverb (2000; `tuning.h`,
//! `comb.hpp`, `allpass.hpp`, `revmodel.cpp`), as described in J. O. Smith, "Physical Audio
//! Signal Processing", 2010, "Freeverb". Per channel 8 lowpass-feedback combs in parallel into
//! 4 series allpasses; the right channel's lines are 23 samples longer (stereo spread). Tunings
//! are Jezar's 44.1 kHz sample counts scaled to the sample rate. The output is wet only, at
//! Freeverb's default wet level (wet 1/3 x scalewet 3 = 1, width 1); dry/wet mixing is the caller's.

use super::zeroed::Zeroed;
use super::{flush_denormal, input, sane_rate, zero_tail};

const COMBS: [usize; 8] = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALLPASSES: [usize; 4] = [556, 441, 341, 225];
const SPREAD: usize = 23;
const FIXED_GAIN: f32 = 0.015;
const SCALE_ROOM: f32 = 0.28;
const OFFSET_ROOM: f32 = 0.7;
const SCALE_DAMP: f32 = 0.4;
const ALLPASS_FEEDBACK: f32 = 0.5;

#[derive(Clone, Debug)]
struct Line {
    buf: Zeroed,
    i: usize,
    store: f32,
}

impl Line {
    fn new(tuning: usize, spread: usize, sr: f32) -> Self {
        let len = (((tuning + spread) as f32 * sr / 44_100.0).round() as usize).max(1);
        Line {
            buf: Zeroed::new(len),
            i: 0,
            store: 0.0,
        }
    }

    fn clear(&mut self) {
        self.buf.fill(0.0);
        self.i = 0;
        self.store = 0.0;
    }

    #[inline]
    fn advance(&mut self) {
        self.i += 1;
        if self.i == self.buf.len() {
            self.i = 0;
        }
    }

    /// Lowpass-feedback comb (Jezar's `comb::process`).
    #[inline]
    fn comb(&mut self, x: f32, feedback: f32, damp1: f32) -> f32 {
        let out = self.buf[self.i];
        self.store = flush_denormal(out * (1.0 - damp1) + self.store * damp1);
        self.buf[self.i] = flush_denormal(x + self.store * feedback);
        self.advance();
        out
    }

    /// Schroeder allpass as in Jezar's `allpass::process` (feedback 0.5).
    #[inline]
    fn allpass(&mut self, x: f32) -> f32 {
        let b = self.buf[self.i];
        self.buf[self.i] = flush_denormal(x + b * ALLPASS_FEEDBACK);
        self.advance();
        b - x
    }
}

/// Stereo Freeverb.
#[derive(Clone, Debug)]
pub struct Reverb {
    sr: f32,
    combs: [Vec<Line>; 2],
    allpasses: [Vec<Line>; 2],
}

impl Reverb {
    pub fn new(sample_rate: f32) -> Self {
        let sr = sane_rate(sample_rate);
        let make = |t: &[usize], s| t.iter().map(|&n| Line::new(n, s, sr)).collect::<Vec<_>>();
        Reverb {
            sr,
            combs: [make(&COMBS, 0), make(&COMBS, SPREAD)],
            allpasses: [make(&ALLPASSES, 0), make(&ALLPASSES, SPREAD)],
        }
    }

    pub fn reset(&mut self) {
        for l in self
            .combs
            .iter_mut()
            .chain(self.allpasses.iter_mut())
            .flatten()
        {
            l.clear();
        }
    }

    /// The sample rate the tunings were scaled to.
    pub fn sample_rate(&self) -> f32 {
        self.sr
    }

    /// Render the wet signal. `room_size` 0..1 sets comb feedback `0.7 + 0.28 * room` (up to
    /// 0.98, the tail always decays); `damp` 0..1 sets the combs' lowpass `0.4 * damp`. Both are
    /// clamped to 0..1 (non-finite: 0.5).
    pub fn process(
        &mut self,
        in_l: &[f32],
        in_r: &[f32],
        room_size: f32,
        damp: f32,
        out_l: &mut [f32],
        out_r: &mut [f32],
    ) {
        let unit = |v: f32| {
            if v.is_finite() {
                v.clamp(0.0, 1.0)
            } else {
                0.5
            }
        };
        let feedback = unit(room_size) * SCALE_ROOM + OFFSET_ROOM;
        let damp1 = unit(damp) * SCALE_DAMP;
        let n = out_l.len().min(out_r.len());
        for i in 0..n {
            let x = (input(in_l, i) + input(in_r, i)) * FIXED_GAIN;
            let mut ys = [0.0f32; 2];
            for ((y, combs), aps) in ys.iter_mut().zip(&mut self.combs).zip(&mut self.allpasses) {
                let mut acc = 0.0;
                for comb in combs.iter_mut() {
                    acc += comb.comb(x, feedback, damp1);
                }
                for ap in aps.iter_mut() {
                    acc = ap.allpass(acc);
                }
                *y = acc;
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

// ---- Node: `reverb room damp mix` (see `node.rs`). ----

use super::node::{Input, NodeDef, WetDry};

pub static REVERB: NodeDef = NodeDef {
    name: "reverb",
    doc: "Freeverb: room size, damping, wet mix (0..1).",
    example: "out $ s \"sn ~ ~ ~\" # reverb 0.8 0.5 0.5",
    inputs: &[
        Input::AUDIO,
        Input::signal("room", "0..1", "the room size"),
        Input::signal("damp", "0..1", "the damping"),
        Input::signal("mix", "0..1", "the mix"),
    ],
    control: None,
    bare_pattern: false,
    // Room and damping are read once per chunk.
    build: |sr, _| {
        Box::new(WetDry(Reverb::new(sr), |rv, [l, r], room, damp, ol, or| {
            rv.process(l, r, room[0], damp[0], ol, or)
        }))
    },
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn impulse_response(sr: f32, room: f32, secs: f32) -> (Vec<f32>, Vec<f32>) {
        let n = (sr * secs) as usize;
        let (mut l, mut r) = (vec![0.0; n], vec![0.0; n]);
        Reverb::new(sr).process(&[1.0], &[1.0], room, 0.5, &mut l, &mut r);
        (l, r)
    }

    #[test]
    fn tail_decays() {
        for room in [0.0, 0.5, 1.0] {
            let (l, r) = impulse_response(44_100.0, room, 12.0);
            // Wet only: nothing before the shortest comb (1116 samples at 44.1 kHz).
            assert!(l[..1116].iter().all(|&v| v == 0.0) && l[1116] != 0.0);
            assert_ne!(l, r, "stereo spread");
            let win = |s: f32| rms(&l[(s * 44_100.0) as usize..((s + 0.5) * 44_100.0) as usize]);
            assert!(win(0.1) > 0.0);
            let (a, b, c) = (win(0.1), win(2.0), win(11.0));
            assert!(b < a && c < b * 0.1 && c < 1e-3, "room {room}: {a} {b} {c}");
        }
        // Larger rooms ring longer.
        let long = |room| rms(&impulse_response(48_000.0, room, 3.0).0[96_000..]);
        assert!(long(0.9) > 4.0 * long(0.3));
    }

    #[test]
    fn blocks_and_reset() {
        let n = 20_000;
        let x = test_signal(n);
        check_blocks(
            n,
            || Reverb::new(SR),
            |v, r, l, rr| v.process(&x[r.clone()], &x[r], 0.8, 0.3, l, rr),
            Reverb::reset,
        );
    }

    #[test]
    fn hostile_inputs() {
        let bad: Vec<f32> = BAD.iter().cycle().take(6000).copied().collect();
        let (mut l, mut r) = (vec![0.0; 6000], vec![0.0; 6000]);
        let mut v = Reverb::new(f32::INFINITY);
        v.process(&bad, &bad, f32::NAN, f32::INFINITY, &mut l, &mut r);
        v.process(&[], &[], 1.0, 0.0, &mut l, &mut r);
        assert!(l.iter().chain(&r).all(|v| v.is_finite()));
        v.reset();
        v.process(&[1.0], &[1.0], 0.5, 0.5, &mut l, &mut r[..3000]);
        let (fl, _) = impulse_response(48_000.0, 0.5, 0.125);
        assert_eq!(&l[..3000], &fl[..3000]);
        assert!(l[3000..].iter().all(|&v| v == 0.0));
    }
}
