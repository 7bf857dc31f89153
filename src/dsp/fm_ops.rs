//! superfm's `FM7` (sc3-plugins `source/SkUGens/FM7.cpp`) at SuperDirt's defaults: no
//! modulation and every ratio and amp 1, so six sines, one an operator, at the note plus each
//! operator's detune, all under one operator envelope; summed and times -15 dB
//! (`Mix.ar(FM7.ar(ctls, mods) * amps) * -15.dbamp`, SuperDirt `default-synths-extra.scd`).
//!
//! An unmodulated operator is a sine at a constant frequency, so each is the rotation of a unit
//! vector `(sin, cos)` by its step `w = 2 pi inc` every sample (the angle-addition formulas,
//! M. Abramowitz and I. A. Stegun, "Handbook of Mathematical Functions", 1964, 4.3.16-17):
//! `sin(p + w) = sin p cos w + cos p sin w`, `cos(p + w) = cos p cos w - sin p sin w`. Four
//! multiplies and two adds per operator, no transcendental per sample; in f64 a step rounds by
//! about 1e-16 of its angle, so five minutes of a note drift by under 1e-8 (the test below). The six
//! rotate side by side in SIMD lanes (one sample's six in two 4-wide vectors) and a stretch of
//! samples renders in one loop ([`render`], compiled for AVX2 and portably) with the very
//! arithmetic of [`FmOps::sample`], which the voice's per-sample path calls: both give the same
//! samples bit for bit, at any block size.

use super::lanes::Isa;
use std::f64::consts::TAU;

/// FM7's operators.
pub const OPS: usize = 6;
/// The operators' lanes: two more, silent (sine and cosine 0), so that the loops over them are
/// two 4-wide vectors.
const W: usize = 8;

/// `-15.dbamp`.
const LEVEL: f64 = 0.177_827_941_003_892_3;

/// The operators' sines and cosines now, and the cosine and sine of their steps.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FmOps {
    sin: [f64; W],
    cos: [f64; W],
    step_cos: [f64; W],
    step_sin: [f64; W],
}

impl FmOps {
    /// The operators at phase 0, with these steps (cycles per sample).
    pub fn new(incs: [f64; OPS]) -> FmOps {
        let mut ops = FmOps::default();
        for (j, inc) in incs.iter().enumerate() {
            ops.cos[j] = 1.0;
            (ops.step_sin[j], ops.step_cos[j]) = (TAU * inc).sin_cos();
        }
        ops
    }

    /// One sample of the six sines, summed, each then rotated by its step.
    #[inline(always)]
    pub fn tick(&mut self) -> f64 {
        let s = self.sin;
        for j in 0..W {
            let (s, c) = (self.sin[j], self.cos[j]);
            self.sin[j] = s * self.step_cos[j] + c * self.step_sin[j];
            self.cos[j] = c * self.step_cos[j] - s * self.step_sin[j];
        }
        ((s[0] + s[1]) + (s[2] + s[3])) + (s[4] + s[5])
    }

    /// One output sample: the sum times the operator envelope `amp` (FM7 ramps its control-rate
    /// amplitude over the block: `amp` then steps by `slope`) and -15 dB, times `env` (`DirtPan`'s
    /// level).
    #[inline(always)]
    pub fn sample(&mut self, amp: &mut f64, slope: f64, env: f64) -> f32 {
        let out = self.tick() * *amp * LEVEL;
        *amp += slope;
        (out * env) as f32
    }
}

/// `out[i] = ops.sample(amp, slope, env[i])` for every `i` of `out` (`env` at least as long).
pub fn render(isa: Isa, ops: &mut FmOps, amp: &mut f64, slope: f64, env: &[f64], out: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if isa.avx2() {
        // SAFETY: `isa.avx2()` checked that this CPU has AVX2, all `render_avx2` needs.
        return unsafe { render_avx2(ops, amp, slope, env, out) };
    }
    let _ = isa;
    kernel(ops, amp, slope, env, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn render_avx2(ops: &mut FmOps, amp: &mut f64, slope: f64, env: &[f64], out: &mut [f32]) {
    kernel(ops, amp, slope, env, out)
}

#[inline(always)]
fn kernel(ops: &mut FmOps, amp: &mut f64, slope: f64, env: &[f64], out: &mut [f32]) {
    // A local copy, so the state lives in registers through the loop.
    let mut o = *ops;
    for (y, e) in out.iter_mut().zip(env) {
        *y = o.sample(amp, slope, *e);
    }
    *ops = o;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operators_are_sines_at_their_steps() {
        let incs = [0.01, 0.011, 0.0123, 0.2, 0.33, 0.45];
        let mut ops = FmOps::new(incs);
        // Five minutes at 44.1 kHz (6 million cycles at the fastest step): the rotation stays on
        // the sines within 1e-8. What drift there is, is the step's own rounding (about 1e-16 of
        // the angle) times the 4e7 radians turned, as a phase accumulator's rounding drifts.
        let n = 300 * 44_100;
        let mut worst: f64 = 0.0;
        for k in 0..n {
            // The exact phase `inc k` mod 1: the product's rounding error added back.
            let phase = |inc: f64| {
                let hi = inc * k as f64;
                (hi % 1.0) + inc.mul_add(k as f64, -hi)
            };
            let want: f64 = [0, 1, 2, 3, 4, 5]
                .map(|j| (TAU * phase(incs[j])).sin())
                .iter()
                .fold(0.0, |a, b| a + b);
            let got = ops.tick();
            if k % 997 == 0 || k == n - 1 {
                worst = worst.max((got - want).abs());
            }
        }
        assert!(worst < 1e-8, "worst difference {worst:e}");
    }

    #[test]
    fn the_kernel_is_the_per_sample_path() {
        let incs = [0.003, 0.0031, 0.0029, 0.0032, 0.0028, 0.0033];
        let env: Vec<f64> = (0..61).map(|i| 0.5 + i as f64 * 0.01).collect();
        let (mut a, mut b) = (FmOps::new(incs), FmOps::new(incs));
        let (mut amp_a, mut amp_b) = (0.1, 0.1);
        let mut out = [0.0f32; 61];
        render(Isa::detect(), &mut a, &mut amp_a, 0.001, &env, &mut out);
        for (y, e) in out.iter().zip(&env) {
            assert_eq!(y.to_bits(), b.sample(&mut amp_b, 0.001, *e).to_bits());
        }
        assert_eq!(a, b);
        assert_eq!(amp_a, amp_b);
    }
}
