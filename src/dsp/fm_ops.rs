//! superfm's `FM7` (sc3-plugins `source/SkUGens/FM7.cpp`) at SuperDirt's defaults: no
//! modulation and every ratio and amp 1, so six sines, one an operator, at the note plus each
//! operator's detune, all under one operator envelope; summed and times -15 dB
//! (`Mix.ar(FM7.ar(ctls, mods) * amps) * -15.dbamp`, SuperDirt `default-synths-extra.scd`).
//!
//! The sines are [`sin_cycles_lane`] (arithmetic only, no branches), so one sample's six are computed in SIMD lanes
//! and a stretch of samples renders in one loop ([`render`], compiled for AVX2 and portably), with
//! the very arithmetic of [`FmOps::sample`], which the voice's per-sample path calls: both give
//! the same samples bit for bit, at any block size.

use super::lanes::Isa;
use super::sine::sin_cycles_lane;

/// FM7's operators.
pub const OPS: usize = 6;
/// The operators' lanes: two more, silent (phase and step 0), so that the loops over them are
/// two 4-wide vectors.
const W: usize = 8;

/// `-15.dbamp`.
const LEVEL: f64 = 0.177_827_941_003_892_3;

/// The operators' phases (cycles, 0..1) and steps per sample (0..0.45).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FmOps {
    phases: [f64; W],
    incs: [f64; W],
}

impl FmOps {
    /// The operators at phase 0, with these steps.
    pub fn new(incs: [f64; OPS]) -> FmOps {
        let mut ops = FmOps::default();
        ops.incs[..OPS].copy_from_slice(&incs);
        ops
    }

    /// One sample of the six sines, summed from the first operator, each phase then advanced.
    #[inline(always)]
    pub fn tick(&mut self) -> f64 {
        let mut s = [0.0; W];
        for ((s, p), inc) in s.iter_mut().zip(&mut self.phases).zip(self.incs) {
            *s = sin_cycles_lane(*p);
            let q = *p + inc;
            *p = if q >= 1.0 { q - 1.0 } else { q };
        }
        s[..OPS].iter().fold(0.0, |y, v| y + v)
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
    for (o, e) in out.iter_mut().zip(env) {
        *o = ops.sample(amp, slope, *e);
    }
}
