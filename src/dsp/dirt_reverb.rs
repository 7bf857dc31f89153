//! SuperDirt's orbit reverb, `dirt_reverb` (`synths/core-synths-global.scd`, "thanks to Jost
//! Muxfeld and James McCartney"; SuperDirt commit 0c1416808c5b), for a stereo orbit:
//!
//! ```text
//! in = In.ar(dryBus, 2).asArray.sum * room;
//! 4.do { in = AllpassN.ar(in, 0.03, { Rand(0.005, 0.02) }.dup(2), 1) };
//! depth = size.linexp(0, 1, 0.01, 0.98);
//! loop = LocalIn.ar(2) * { depth + Rand(0, 0.05) }.dup(2);
//! loop = OnePole.ar(loop, 0.5);
//! loop = AllpassN.ar(loop, 0.05, { Rand(0.01, 0.05) }.dup(2), 2);
//! loop = DelayN.ar(loop, 0.3, [0.19, 0.26] + { Rand(-0.003, 0.003) }.dup(2));
//! loop = AllpassN.ar(loop, 0.05, { Rand(0.03, 0.15) }.dup(2), 2);
//! loop = LeakDC.ar(loop + in);  LocalOut.ar(loop);  out = loop * (1 - dry)
//! ```
//!
//! The unit generators as SuperCollider's (`server/plugins/DelayUGens.cpp`, `FilterUGens.cpp`):
//! `AllpassN`/`DelayN` read `(long)(delaytime * sr)` samples back, the delay clipped to the
//! buffer (`NEXTPOWEROFTWO(maxdelay * sr + 1 + 64)` samples, so `AllpassN(.., 0.05, 0.15)`
//! delays at most 4095 samples at 48 kHz); `AllpassN`: `v = buf[r]; w = v fb + x; buf[w] = w;
//! out = v - fb w` with `fb = 0.001^(delaytime / decaytime)` (`CalcFeedback`, of the unclipped
//! time); `OnePole(x, 0.5)`: `y = 0.5 x + 0.5 y1`; `LeakDC` 0.995. `LocalIn` reads what
//! `LocalOut` wrote one control block (64 samples) before. The delays' `Rand`s are drawn once
//! per orbit here from a fixed seed (SuperDirt draws them when the orbit's synth starts), the
//! loop gains' are the middle of their range. `size.lag(0.02)` is kept: the orbit's synth starts
//! at its default `size` 0.1 and glides (SuperCollider's `Lag` at control rate, 60 dB in 20 ms)
//! to the value an event sets, the loop's gain read once per 64-sample block and ramped across
//! it (`LocalIn * kr`). The first event of an orbit that sets a large `size` thus feeds its
//! onset into a loop whose gain is still rising (at `size` 0.9, 0.02 over the first block, 0.54
//! by the seventh), and less of a short sound circulates: SuperDirt's five renders of a 10 ms
//! click at `room 0.3 # size 0.9` read an RT60 (Schroeder's T20 of dry and wet together) of
//! 1.77..2.03 s, this model without the lag 2.60 s (the tails themselves decay alike: -12.2..
//! -12.9 dB/s and -11.9 dB/s from 0.5 s to 2.5 s), with it 2.18 s. The `room` and `dry` lags
//! (10..20 ms, on a send's level) are left out. The two channels share only the input.
//! Measured against SuperDirt's renders: `tests/dirt_fx_oracle.rs` (`room_*`).

use super::delay::DelayLine;
use super::sc_ugens::LeakDc;

/// SuperCollider's control block: `LocalIn`'s delay.
const BLOCK: usize = 64;

/// `dirt_reverb`'s default `size` (where the orbit's synth starts).
pub const DEFAULT_SIZE: f32 = 0.1;

/// `size.lag(0.02)`: seconds to move 60 dB of the way to a new value.
const SIZE_LAG_S: f64 = 0.02;

/// `AllpassN` or `DelayN` (feedback 0) over a [`DelayLine`].
#[derive(Clone, Debug)]
struct NLine {
    line: DelayLine,
    d: f32,
    fb: f32,
}

impl NLine {
    fn new(sr: f64, max_s: f64, time_s: f64, decay_s: Option<f64>) -> NLine {
        let len = (max_s * sr + 1.0 + BLOCK as f64) as usize;
        let len = len.next_power_of_two();
        let d = (time_s * sr).clamp(1.0, (len - 1) as f64) as usize as f32;
        NLine {
            line: DelayLine::new(len),
            d,
            fb: decay_s.map_or(0.0, |t| 0.001f64.powf(time_s / t) as f32),
        }
    }

    #[inline]
    fn allpass(&mut self, x: f32) -> f32 {
        let v = self.line.read(self.d);
        let w = v * self.fb + x;
        self.line.write(w);
        v - self.fb * w
    }

    #[inline]
    fn delay(&mut self, x: f32) -> f32 {
        self.line.write(x);
        self.line.read(self.d + 1.0)
    }
}

/// One channel's lines.
#[derive(Clone, Debug)]
struct Channel {
    input: [NLine; 4],
    gain_add: f32,
    pole: f32,
    ap1: NLine,
    delay: NLine,
    ap2: NLine,
    leak: LeakDc,
    /// `LocalOut`'s last 64 samples (a ring), read 64 samples later.
    local: [f32; BLOCK],
}

#[derive(Clone, Debug)]
pub struct DirtReverb {
    ch: [Channel; 2],
    /// The sample within the control block (and `LocalOut`'s ring).
    i: usize,
    /// `size.lag(0.02)` (once per control block), its coefficient, and the loop's `depth` at
    /// the last block's start and this one's (ramped across the block).
    size: f32,
    lag_b1: f32,
    depth: (f32, f32),
}

/// `size.linexp(0, 1, 0.01, 0.98)`.
fn depth(size: f32) -> f32 {
    super::sc_ugens::linexp(size as f64, 0.0, 1.0, 0.01, 0.98) as f32
}

impl DirtReverb {
    pub fn new(sample_rate: f32) -> DirtReverb {
        let sr = super::sane_rate(sample_rate) as f64;
        // xorshift32 draws for the `Rand`s (a fixed seed: every orbit sounds the same).
        let mut x = 0x2545_f491u32;
        let mut rand = |lo: f64, hi: f64| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            lo + (hi - lo) * (x as f64 / u32::MAX as f64)
        };
        let inputs: [[f64; 2]; 4] = std::array::from_fn(|_| [rand(0.005, 0.02), rand(0.005, 0.02)]);
        // The loop gains at the middle of their range (a draw near 0.05 lengthens the decay by
        // a third at `size` 0.9: SuperDirt's RT60 over five renders 1.77..2.03 s).
        let gains = [0.025, 0.025];
        let ap1 = [rand(0.01, 0.05), rand(0.01, 0.05)];
        let delays = [0.19 + rand(-0.003, 0.003), 0.26 + rand(-0.003, 0.003)];
        let ap2 = [rand(0.03, 0.15), rand(0.03, 0.15)];
        let ch = std::array::from_fn(|c| Channel {
            input: std::array::from_fn(|k| NLine::new(sr, 0.03, inputs[k][c], Some(1.0))),
            gain_add: gains[c] as f32,
            pole: 0.0,
            ap1: NLine::new(sr, 0.05, ap1[c], Some(2.0)),
            delay: NLine::new(sr, 0.3, delays[c], None),
            ap2: NLine::new(sr, 0.05, ap2[c], Some(2.0)),
            leak: LeakDc::default(),
            local: [0.0; BLOCK],
        });
        // Lag_next: `b1 = exp(log001 / (lagTime * controlRate))`.
        let lag_b1 = (super::sc_synth::LOG001 / (SIZE_LAG_S * sr / BLOCK as f64)).exp() as f32;
        let d = depth(DEFAULT_SIZE);
        DirtReverb {
            ch,
            i: 0,
            size: DEFAULT_SIZE,
            lag_b1,
            depth: (d, d),
        }
    }

    /// Adds nothing: writes the reverb of `in_l + in_r` (the sends, `room` applied) at `size`
    /// (the value the orbit's latest event set, which the loop's gain glides to) into
    /// `out_l`/`out_r`.
    pub fn process(
        &mut self,
        in_l: &[f32],
        in_r: &[f32],
        size: f32,
        out_l: &mut [f32],
        out_r: &mut [f32],
    ) {
        for (n, (ol, or)) in out_l.iter_mut().zip(out_r.iter_mut()).enumerate() {
            let x = super::input(in_l, n) + super::input(in_r, n);
            let i = self.i;
            if i == 0 {
                // Lag_next (control rate): `y1 = y0 + b1 (y1 - y0)`.
                self.size = size + self.lag_b1 * (self.size - size);
                self.depth = (self.depth.1, depth(self.size));
            }
            let (d0, d1) = self.depth;
            let depth = d0 + (d1 - d0) * (i as f32 / BLOCK as f32);
            let mut ys = [0.0f32; 2];
            for (c, y) in self.ch.iter_mut().zip(ys.iter_mut()) {
                let mut a = x;
                for ap in c.input.iter_mut() {
                    a = ap.allpass(a);
                }
                let fed = c.local[i] * (depth + c.gain_add);
                c.pole = super::flush_denormal(0.5 * fed + 0.5 * c.pole);
                let v = c.ap2.allpass(c.delay.delay(c.ap1.allpass(c.pole)));
                let out = c.leak.tick(v + a);
                c.local[i] = out;
                *y = out;
            }
            if !(ys[0].is_finite() && ys[1].is_finite()) {
                self.reset();
                ys = [0.0; 2];
            }
            (*ol, *or) = (ys[0], ys[1]);
            self.i = (i + 1) % BLOCK;
        }
    }

    /// Silence in every line (the same delays).
    pub fn reset(&mut self) {
        for c in self.ch.iter_mut() {
            for l in c
                .input
                .iter_mut()
                .chain([&mut c.ap1, &mut c.delay, &mut c.ap2])
            {
                l.line.clear();
            }
            c.pole = 0.0;
            c.leak = LeakDc::default();
            c.local = [0.0; BLOCK];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tail energy (0.3..1.5 s) of a 10 ms click at `size` 0.9, after `settle` seconds of
    /// silence at that size, in blocks of `block` samples.
    fn tail(settle: f64, block: usize) -> f64 {
        let sr = 48_000.0;
        let mut r = DirtReverb::new(sr);
        let pre = (settle * sr as f64) as usize;
        let n = pre + (1.5 * sr as f64) as usize;
        let x: Vec<f32> = (0..n)
            .map(|k| {
                if (pre..pre + 480).contains(&k) {
                    ((k * 7919) % 1000) as f32 / 1000.0 - 0.5
                } else {
                    0.0
                }
            })
            .collect();
        let (mut l, mut rr) = (vec![0.0f32; n], vec![0.0f32; n]);
        let mut a = 0;
        while a < n {
            let b = (a + block).min(n);
            r.process(&x[a..b], &[], 0.9, &mut l[a..b], &mut rr[a..b]);
            a = b;
        }
        let from = pre + (0.3 * sr as f64) as usize;
        (from..n)
            .map(|k| (l[k] as f64).powi(2) + (rr[k] as f64).powi(2))
            .sum()
    }

    /// The loop's gain glides from the default `size` 0.1 to 0.9 over ~20 ms: a click at once
    /// circulates less than one after the glide (measured 0.89 dB less tail 0.3 s on), and any
    /// block size renders the same.
    #[test]
    fn size_glides_from_the_default() {
        let at_once = tail(0.0, 64);
        let settled = tail(0.2, 64);
        let db = 10.0 * (at_once / settled).log10();
        assert!(db < -0.5, "tail {db} dB");
        assert_eq!(tail(0.0, 64), tail(0.0, 37));
    }
}
