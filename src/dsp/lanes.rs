//! Kernels that render [`LANES`] voices of one kind together, one voice a SIMD lane: the
//! PolyBLEP saw of [`super::osc::Osc`] and the steady loop of [`super::filter::Svf`], over
//! sample-major buffers (`[sample][lane]`), and the transpose back to one buffer a voice.
//!
//! Each kernel is written once, lane by lane, with exactly the arithmetic of the scalar code it
//! replaces (the same functions: `blep`, `sanitize`, `tick`, `tap`; Rust never fuses a multiply
//! and an add on its own), and compiled twice: for the machine's vector unit (AVX2, picked at
//! run time with `is_x86_feature_detected!`) and portably. IEEE arithmetic is exact per
//! operation, so both give the scalar code's samples bit for bit, whatever the lane count or the
//! block size (`tests/voice_lanes.rs`).

use super::filter::{tap, tick, Mode};
use super::osc::saw_sample;
use super::sanitize;

/// Voices rendered together (f32x8 in one AVX2 register).
pub const LANES: usize = 8;

/// One value per lane.
pub type L32 = [f32; LANES];
/// One f64 per lane (the saw's phase).
pub type L64 = [f64; LANES];

/// The instruction set the kernels run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    /// The portable build of the kernels (what the compiler makes of them for the baseline CPU).
    Portable,
    /// AVX2 (x86_64, checked at run time before each use).
    Avx2,
}

impl Isa {
    /// The best instruction set this machine has.
    pub fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            return Isa::Avx2;
        }
        Isa::Portable
    }

    /// True when the kernels may use AVX2 (`is_x86_feature_detected!` caches its answer: one
    /// atomic load).
    #[inline]
    pub(crate) fn avx2(self) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            self == Isa::Avx2 && std::arch::is_x86_feature_detected!("avx2")
        }
        #[cfg(not(target_arch = "x86_64"))]
        false
    }
}

/// PolyBLEP saws (as `Osc::process`'s constant-frequency loop), times `env` when given (one
/// row a sample, as `out`), into `out`; advances `phase` by `dt` each sample.
pub fn saw(isa: Isa, phase: &mut L64, dt: &L64, env: Option<&[L32]>, out: &mut [L32]) {
    #[cfg(target_arch = "x86_64")]
    if isa.avx2() {
        // SAFETY: `isa.avx2()` checked that this CPU has AVX2, all the function needs.
        return unsafe { super::lanes_avx2::saw(phase, dt, env, out) };
    }
    let _ = isa;
    match env {
        Some(e) => saw_kernel::<true>(phase, dt, e, out),
        None => saw_kernel::<false>(phase, dt, &[], out),
    }
}

/// [`super::filter::Svf`]'s steady loop in `mode`, lane by lane, from `x` into `y`, then times
/// `state.gain`. Returns a bit per lane whose output (before the gain) or state is not finite:
/// that lane must be redone on the scalar path.
pub fn svf(isa: Isa, mode: Mode, state: &mut SvfLanes, x: &[L32], y: &mut [L32]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    if isa.avx2() {
        // SAFETY: as in `saw`.
        return unsafe { super::lanes_avx2::svf(mode, state, x, y) };
    }
    let _ = isa;
    svf_kernel(mode, state, x, y)
}

/// Lane `j` of every row of `x` into `out[j][..x.len()]`.
pub fn transpose(isa: Isa, x: &[L32], out: &mut [[f32; super::CHUNK]; LANES]) {
    #[cfg(target_arch = "x86_64")]
    if isa.avx2() {
        // SAFETY: as in `saw`.
        return unsafe { super::lanes_avx2::transpose(x, out) };
    }
    let _ = isa;
    transpose_kernel(x, out)
}

fn saw_kernel<const ENV: bool>(phase: &mut L64, dt: &L64, env: &[L32], out: &mut [L32]) {
    let mut t = *phase;
    for (i, o) in out.iter_mut().enumerate() {
        // Most samples have no lane near a step, where `blep` is 0: `(2t - 1) - 0` is `2t - 1`.
        let mut edge = false;
        for j in 0..LANES {
            edge |= t[j] < dt[j] || t[j] > 1.0 - dt[j];
        }
        for j in 0..LANES {
            o[j] = if edge {
                saw_sample(t[j], dt[j])
            } else {
                (2.0 * t[j] - 1.0) as f32
            };
            if ENV {
                o[j] *= env[i][j];
            }
        }
        for j in 0..LANES {
            let p = t[j] + dt[j];
            t[j] = if p >= 1.0 { p - 1.0 } else { p };
        }
    }
    *phase = t;
}

/// [`LANES`] state-variable filters' coefficients and state (see `Svf::steady_parts`).
#[derive(Clone, Copy, Debug, Default)]
pub struct SvfLanes {
    pub a: [L32; 3],
    pub k: L32,
    pub ic1: L32,
    pub ic2: L32,
    /// Output gain after the filter (1: none, exact).
    pub gain: L32,
}

fn svf_kernel(mode: Mode, s: &mut SvfLanes, x: &[L32], y: &mut [L32]) -> u32 {
    let (a, k, g) = (s.a, s.k, s.gain);
    let (mut ic1, mut ic2) = (s.ic1, s.ic2);
    let mut bad = [false; LANES];
    for (yo, xi) in y.iter_mut().zip(x) {
        for j in 0..LANES {
            let v0 = sanitize(xi[j]);
            let (v1, v2) = tick([a[0][j], a[1][j], a[2][j]], &mut ic1[j], &mut ic2[j], v0);
            let o = tap(mode, k[j], v0, v1, v2);
            bad[j] |= !o.is_finite();
            yo[j] = o * g[j];
        }
    }
    (s.ic1, s.ic2) = (ic1, ic2);
    let mut mask = 0;
    for j in 0..LANES {
        if bad[j] || !(ic1[j].is_finite() && ic2[j].is_finite()) {
            mask |= 1 << j;
        }
    }
    mask
}

fn transpose_kernel(x: &[L32], out: &mut [[f32; super::CHUNK]; LANES]) {
    let n = x.len().min(super::CHUNK);
    let mut i = 0;
    // Blocks of 8 rows: an 8x8 transpose the compiler keeps in registers.
    while i + 8 <= n {
        let mut b = [[0.0f32; 8]; LANES];
        for (r, row) in x[i..i + 8].iter().enumerate() {
            for j in 0..LANES {
                b[j][r] = row[j];
            }
        }
        for j in 0..LANES {
            out[j][i..i + 8].copy_from_slice(&b[j]);
        }
        i += 8;
    }
    for (r, row) in x[i..n].iter().enumerate() {
        for j in 0..LANES {
            out[j][i + r] = row[j];
        }
    }
}
