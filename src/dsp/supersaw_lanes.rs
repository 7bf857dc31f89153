//! SuperDirt's `supersaw` ([`crate::engine::dirt_synth`]'s port) for [`LANES`] voices at once,
//! one voice a lane: three `SawDPW`s and an `LFTri` into `MoogFF` at a cutoff swept by a second
//! `LFTri`, `tanh`, times 2, times `DirtPan`'s level ramp. The state is structure-of-arrays (one
//! array a field, one entry a lane), so the compiler makes one vector instruction of each
//! per-lane line; the kernel is written once, lane by lane, with the scalar code's operations in
//! its order (`SawDpw::tick`, `LfTri::tick`, `MoogFf::tick`: f64 throughout, selects for its
//! branches), and compiled twice: for AVX2 (picked at run time) and portably. IEEE arithmetic is
//! exact per operation and Rust never fuses a multiply and an add, so every build gives the
//! scalar path's samples bit for bit (`tests/voice_lanes.rs`).
//!
//! The kernel renders a stretch in which no lane starts a control block (the caller cuts the
//! chunk there and runs the voice's own `control_block` between stretches).
//!
//! [`tanh`] is the one both paths use: written with arithmetic only so that a lane computes what
//! the scalar call does.

use super::lanes::{Isa, L32, LANES};

/// One f64 per lane.
pub type D = [f64; LANES];

/// The state of [`LANES`] supersaw voices (see the module doc; each field as the scalar
/// unit generator's of the same name).
#[derive(Clone, Copy, Debug, Default)]
pub struct SupersawLanes {
    /// The three `SawDPW`s: phase, last squared phase, phase step, scale.
    pub saw_phase: [D; 3],
    pub saw_val: [D; 3],
    pub saw_inc: [D; 3],
    pub saw_scale: [D; 3],
    /// The `LFTri` heard, and its phase step (`4 basefreq ratio2 / sr`).
    pub tri_phase: D,
    pub tri_mul: D,
    /// The cutoff's `LFTri`, and its phase step (`4 basefreq / 64 rate / sr`).
    pub sweep_phase: D,
    pub sweep_mul: D,
    /// `MoogFF`: its four stages, coefficients, feedback and the feedback's step per sample.
    pub s: [D; 4],
    pub b0: D,
    pub a1: D,
    pub k: D,
    pub k_slope: D,
    /// `DirtPan`'s level ramp over this control block: from, to, and the sample's place in the
    /// block (0..63).
    pub from: D,
    pub to: D,
    pub pos: D,
}

/// `tanh(x)` within 4 ulp (`tests/voice_lanes.rs`), from arithmetic alone (deterministic on every target and in every
/// SIMD lane): `tanh|x| = e / (e + 2)` with `e = expm1(2|x|)` (exact identity), `expm1` by
/// Cody-Waite reduction `2|x| = k ln2 + r`, `|r| <= ln2 / 2`, and Taylor's series of `expm1(r)`
/// to `r^13` (the next term under 4e-18 of `r`), `expm1 = 2^k expm1(r) + (2^k - 1)` (fdlibm's
/// `s_expm1.c` reduction; its `ln2_hi`/`ln2_lo` split). `|x| >= 20` gives +-1 (`tanh(20)` is 1
/// in f64). Not for NaN (a NaN in gives +-1).
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    const LN2_HI: f64 = 6.931_471_803_691_238e-1;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    // 1 / n! for n = 13 down to 2.
    const C: [f64; 12] = [
        1.0 / 6_227_020_800.0,
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
    ];
    let a = f64::from_bits(x.to_bits() & !(1u64 << 63)).min(20.0);
    let y = 2.0 * a;
    let k = (y * std::f64::consts::LOG2_E + 0.5).floor();
    let r = (y - k * LN2_HI) - k * LN2_LO;
    let mut p = C[0];
    for c in &C[1..] {
        p = p * r + c;
    }
    p = p * r + 1.0;
    p *= r;
    // 2^k (0 <= k <= 58): k's integer from the bits of k + 2^52, into the exponent.
    let kb = (k + 4_503_599_627_370_496.0).to_bits() - 0x4330_0000_0000_0000;
    let s = f64::from_bits((kb + 1023) << 52);
    let e = s * p + (s - 1.0);
    let t = e / (e + 2.0);
    f64::from_bits(t.to_bits() | (x.to_bits() & (1u64 << 63)))
}

/// Renders `out.len()` samples of every lane into `out` (one row a sample) and advances the
/// state; no lane may start a control block within them.
pub fn render(isa: Isa, st: &mut SupersawLanes, out: &mut [L32]) {
    #[cfg(target_arch = "x86_64")]
    if isa.avx2() {
        // SAFETY: `isa.avx2()` checked that this CPU has AVX2, all `render_avx2` needs.
        return unsafe { render_avx2(st, out) };
    }
    let _ = isa;
    kernel(st, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn render_avx2(st: &mut SupersawLanes, out: &mut [L32]) {
    kernel(st, out)
}

/// Selects `a` where `c`, else `b` (a blend, not a branch).
#[inline(always)]
fn sel(c: bool, a: f64, b: f64) -> f64 {
    if c {
        a
    } else {
        b
    }
}

#[inline(always)]
fn kernel(s: &mut SupersawLanes, out: &mut [L32]) {
    for o in out.iter_mut() {
        let mut y = [0.0f64; LANES];
        for (j, y) in y.iter_mut().enumerate() {
            // SawDpw::tick, three times, summed left to right.
            let mut sum = 0.0;
            for m in 0..3 {
                let mut p = s.saw_phase[m][j] + s.saw_inc[m][j];
                p = sel(p >= 1.0, p - 2.0, p);
                p = sel(p < -1.0, p + 2.0, p);
                s.saw_phase[m][j] = p;
                let old = s.saw_val[m][j];
                let v = p * p;
                s.saw_val[m][j] = v;
                let d = (v - old) * s.saw_scale[m][j];
                sum = if m == 0 { d } else { sum + d };
            }
            // LfTri::tick (heard), then the sweep's (not heard: read at the block's start).
            let tp = s.tri_phase[j];
            let z = sel(tp > 1.0, 2.0 - tp, tp);
            let tp = tp + s.tri_mul[j];
            s.tri_phase[j] = sel(tp >= 3.0, tp - 4.0, tp);
            let sp = s.sweep_phase[j] + s.sweep_mul[j];
            s.sweep_phase[j] = sel(sp >= 3.0, sp - 4.0, sp);
            let x = 0.5 * sum + 0.5 * z;
            // MoogFf::tick.
            let (b0, a1, k) = (s.b0[j], s.a1[j], s.k[j]);
            let [s1, s2, s3, s4] = [s.s[0][j], s.s[1][j], s.s[2][j], s.s[3][j]];
            let oo = s4 + b0 * (s3 + b0 * (s2 + b0 * s1));
            let b4 = b0 * b0 * b0 * b0;
            let fo = (b4 * x + oo) / (1.0 + b4 * k);
            let u = x - k * fo;
            let mut future = b0 * u + s1;
            let n1 = b0 * u - a1 * future;
            let past = future;
            future = b0 * past + s2;
            let n2 = b0 * past - a1 * future;
            let past = future;
            future = b0 * past + s3;
            let n3 = b0 * past - a1 * future;
            let n4 = b0 * future - a1 * fo;
            s.k[j] = k + s.k_slope[j];
            let ok = fo.abs() < f64::INFINITY;
            for (m, v) in [n1, n2, n3, n4].into_iter().enumerate() {
                s.s[m][j] = sel(ok && v.abs() >= 1e-30, v, 0.0);
            }
            let fo = sel(ok, fo, 0.0);
            // DirtPan's level: the ramp from the last block's level.
            let env = s.from[j] + (s.to[j] - s.from[j]) * s.pos[j] / 64.0;
            s.pos[j] += 1.0;
            *y = tanh(fo) * 2.0 * env;
        }
        for (o, y) in o.iter_mut().zip(y) {
            *o = y as f32;
        }
    }
}
