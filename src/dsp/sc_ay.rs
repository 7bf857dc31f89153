//! sc3-plugins' `AY.ar` (`source/AYUGens/AY_UGen.cpp`), which wraps libayemu 0.9's AY-3-8910
//! emulation (`AY_libayemu/src/ay8912.c`, `ayemu_gen_sound`), as SuperDirt's `superchip` plays
//! it: three tone channels, noise and envelope off (`control` 7), fixed volumes, the UGen's
//! mono 8-bit output. The algorithm, re-implemented:
//!
//! - the chip clock is 1773400 Hz; `ChipTacts_per_outcount = 1773400 / sr / 8` (integer
//!   division: 4 at 48 kHz) chip steps per output sample;
//! - each step, every tone counter counts up and, on reaching its tone period, restarts and
//!   flips its square's bit (a tone period `t` sounds `steps/s / 2t` Hz);
//! - each step, every channel whose bit is set adds its volume to the left mix: the AY
//!   "Lion 17" table (`table[2 v + 1]`, 65535 at volume 15) times the default ABC stereo
//!   layout's left weights (A 100 %, B 70 %, C 33 %, truncated to integers);
//! - the mix is divided (integers) by `Amp_Global = steps * 157283 / 24575` (157283: the
//!   layout's largest sum, as libayemu computes it), shifted to 8 bits, `| 128`, and the UGen
//!   outputs `(byte - 128) / 128`;
//! - the UGen's constructor renders one control block (64 samples) before the first.
//!
//! The tone registers are read once per control block (`(int)` of the input, 0..4095).

/// libayemu's Lion 17 AY volume table (`Lion17_AY_table`).
const AY_TABLE: [i64; 16] = [
    0, 513, 828, 1239, 1923, 3238, 4926, 9110, 10344, 17876, 24682, 30442, 38844, 47270, 56402,
    65535,
];
/// The ABC layout's left weights for channels A, B, C (percent).
const LEFT_EQ: [i64; 3] = [100, 70, 33];
/// libayemu's `AYEMU_MAX_AMP` and default chip clock.
const MAX_AMP: i64 = 24575;
const CHIP_FREQ: i64 = 1_773_400;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ay {
    tones: [i64; 3],
    /// Per channel: its volume's left weight (0 when its volume is 0).
    vols: [i64; 3],
    counts: [i64; 3],
    bits: [bool; 3],
    steps: i64,
    amp_global: i64,
}

impl Ay {
    /// Volumes 0..15 per channel (A, B, C), at sample rate `sr`.
    pub fn new(vols: [u8; 3], sr: f64) -> Ay {
        let steps = (CHIP_FREQ / (sr as i64).max(50) / 8).max(1);
        // max_l = vols[0][31] + vols[2][31] + vols[3][31] (A left, B left, B right: 157283).
        let full = |eq: i64| (65535.0 * eq as f64 / 100.0) as i64;
        let max_l = full(100) + full(70) + full(70);
        let max_r = full(33) + full(70) + full(100);
        let amp_global = (steps * max_l.max(max_r) / MAX_AMP).max(1);
        let mut v = [0i64; 3];
        for j in 0..3 {
            let level = AY_TABLE[vols[j].min(15) as usize];
            v[j] = (level as f64 * LEFT_EQ[j] as f64 / 100.0) as i64;
        }
        Ay {
            tones: [0; 3],
            vols: v,
            counts: [0; 3],
            bits: [false; 3],
            steps,
            amp_global,
        }
    }

    /// The start of a control block: the three tone inputs (as `AY.freqtotone` gives them).
    pub fn block(&mut self, tones: [f64; 3]) {
        for (t, x) in self.tones.iter_mut().zip(tones) {
            // (int)ZIN0, clipped to 0..4095 (a NaN casts to 0 here).
            *t = (x as i64).clamp(0, 4095);
        }
    }

    /// One output sample.
    #[inline]
    pub fn tick(&mut self) -> f64 {
        let mut mix = 0i64;
        for _ in 0..self.steps {
            for j in 0..3 {
                self.counts[j] += 1;
                if self.counts[j] >= self.tones[j] {
                    self.counts[j] = 0;
                    self.bits[j] = !self.bits[j];
                }
                if self.bits[j] {
                    mix += self.vols[j];
                }
            }
        }
        let byte = ((mix / self.amp_global) >> 8) as u8 | 128;
        (byte as i32 - 128) as f64 * 0.0078125
    }
}

/// `AY.freqtotone(freq)`: `110300 / (freq - 0.5)` (sc3-plugins' `AY.sc`).
pub fn freq_to_tone(freq: f64) -> f64 {
    110300.0 / (freq - 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_volume_square_at_48k() {
        // 4 steps per sample, Amp_Global 25: channel A alone peaks at (4 * 65535 / 25) >> 8.
        let mut ay = Ay::new([15, 0, 0], 48000.0);
        ay.block([40.0, 4095.0, 4095.0]);
        let x: Vec<f64> = (0..400).map(|_| ay.tick()).collect();
        let top = ((4 * 65535 / 25) >> 8) as f64 / 128.0;
        let max = x.iter().fold(0.0f64, |m, v| m.max(*v));
        assert_eq!(max, top);
        // 40 steps high, 40 low: 10 samples each; half the samples at the top.
        let high = x.iter().filter(|v| **v == top).count();
        assert!((180..=200).contains(&high), "{high}");
    }
}
