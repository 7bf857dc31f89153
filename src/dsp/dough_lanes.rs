//! Superdough's steady voices (`engine/dough/steady.rs`) rendered [`LANES`] at a time, one voice
//! a lane of f64 vectors: the waveform (optionally frequency-modulated by a sine, by rotation),
//! its gain, its chain of Web Audio biquads (`dough_biquad.rs`, direct form I) and its pan,
//! sample by sample so that the serial recurrences of different voices (the biquads, the
//! phases, the rotations) run side by side.
//!
//! Every lane computes exactly the operations of `steady.rs`'s `stretch` in the same order (the
//! same functions: `saw_shape`, `shape`, `wrap`; the biquad's `tick` written out; Rust never
//! fuses a multiply and an add), its branches as selects, so each lane gives the voice's own
//! samples bit for bit. The kernel is written once and compiled twice: with AVX2 (picked at run
//! time) and portably.
//!
//! A block is at most [`BLOCK`] samples, [`POINTS`] steps of each lane's filter grid (its own
//! age's): at each grid point ([`Grid`]) the lane takes that point's coefficients, and at its
//! one multiple of [`ROTATION`] its modulator's rotation starts again, as the voice's own
//! stretch there would.

use super::dough_osc::{phase_step_flat, saw_shape, shape, wrap, Wave};
use super::lanes::{Isa, LANES};
use super::sine::{cos_series, floor, sin_series};

/// Most biquads a voice's filters chain (two stages each of three filters).
pub const CHAIN: usize = 6;
/// The filter grid's step (samples of a voice's age): a voice sets its swept filters and
/// restarts its modulator's rotation at every multiple of it.
pub const GRID: usize = 16;
/// Grid points of a lane in a block.
pub const POINTS: usize = 4;
/// Most samples one call renders: [`POINTS`] grid steps.
pub const BLOCK: usize = GRID * POINTS;
/// A sine modulator's rotation starts again at every multiple of it of the voice's age (a
/// point of the filter grid; one a block).
pub const ROTATION: usize = BLOCK;

/// One f64 per lane.
pub type F64s = [f64; LANES];
/// One f32 per lane.
pub type F32s = [f32; LANES];

/// One biquad stage's coefficients, per lane (normalised by `a0`: `Biquad`'s `b` and `a`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Coefs {
    pub b: [F64s; 3],
    pub a: [F64s; 2],
}

/// The lanes' voices: what they share, their constants and their state.
#[derive(Clone, Copy, Debug)]
pub struct DoughLanes {
    /// The oscillators' waveform.
    pub wave: Wave,
    /// Whether the voices are frequency-modulated (by a sine, [`DoughLanes::rot`]).
    pub fm: bool,
    /// Whether the voices are panned (stereo) or mono.
    pub pan: bool,
    /// Biquads chained (at most [`CHAIN`]).
    pub stages: usize,
    /// Whether every lane's frequency, its modulator at full depth and its envelope's
    /// [`Automation::bound`](super::dough_env::Automation::bound) included, stays finite and
    /// below Nyquist: then the phase step's clamp can change nothing, and the vector kernels
    /// leave it out.
    pub in_range: bool,
    pub sr: f64,
    pub freq: F64s,
    /// The modulator's depth.
    pub depth: F64s,
    pub level: F64s,
    /// The pan's gains (left, right).
    pub pan_l: F64s,
    pub pan_r: F64s,
    /// `postgain`.
    pub pg: F32s,
    /// The oscillators' phases (cycles).
    pub phase: F64s,
    /// The modulators' (sin, cos) at the next sample, and of the step's angle.
    pub rot: [F64s; 2],
    pub rot_step: [F64s; 2],
    pub coefs: [Coefs; CHAIN],
    /// Each stage's last two inputs and outputs.
    pub x: [[F64s; 2]; CHAIN],
    pub y: [[F64s; 2]; CHAIN],
}

impl Default for DoughLanes {
    fn default() -> Self {
        DoughLanes {
            wave: Wave::Sawtooth,
            fm: false,
            pan: false,
            stages: 0,
            in_range: false,
            sr: 48000.0,
            freq: [0.0; LANES],
            depth: [0.0; LANES],
            level: [0.0; LANES],
            pan_l: [1.0; LANES],
            pan_r: [1.0; LANES],
            pg: [1.0; LANES],
            phase: [0.0; LANES],
            rot: [[0.0; LANES], [1.0; LANES]],
            rot_step: [[0.0; LANES], [1.0; LANES]],
            coefs: [Coefs::default(); CHAIN],
            x: [[[0.0; LANES]; 2]; CHAIN],
            y: [[[0.0; LANES]; 2]; CHAIN],
        }
    }
}

/// Each lane's points of its filter grid within a block: the block's samples `at`, `at +
/// GRID`, ... (point `m` at `at + m GRID`), and the one where its modulator's rotation starts
/// again.
#[derive(Clone, Copy, Debug)]
pub struct Grid {
    /// The block's sample of the lane's first grid point (`GRID` or more: none).
    pub at: F64s,
    /// Per point, the coefficients from there.
    pub coefs: [[Coefs; CHAIN]; POINTS],
    /// The block's sample where the lane's rotation starts again (a grid point; `BLOCK` or
    /// more: none).
    pub rot_at: F64s,
    /// The modulator's (sin, cos) there.
    pub rot: [F64s; 2],
}

impl Default for Grid {
    fn default() -> Self {
        Grid {
            at: [GRID as f64; LANES],
            coefs: [[Coefs::default(); CHAIN]; POINTS],
            rot_at: [BLOCK as f64; LANES],
            rot: [[0.0; LANES], [1.0; LANES]],
        }
    }
}

// SAFETY: every field is an array of `f64`, for which all-zero bytes are a value (the lane
// scratch keeps a grid: `engine/voice_lanes.rs`).
unsafe impl bytemuck::Zeroable for Grid {}

/// `i as f64` for each of a block's samples (in vectors by a load).
pub(super) const INDEX: [f64; BLOCK] = {
    let mut a = [0.0; BLOCK];
    let mut i = 0;
    while i < BLOCK {
        a[i] = i as f64;
        i += 1;
    }
    a
};

/// Which build of the kernel renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    Portable,
    /// AVX2 (`dough_lanes_avx2.rs` for sawtooths, the portable kernel compiled with AVX2 for
    /// the other waveforms).
    Avx2,
    /// AVX-512F for sawtooths (`dough_lanes_avx512.rs`), the others as [`Kernel::Avx2`].
    Avx512,
}

impl Kernel {
    /// Whether this machine runs it.
    pub fn runs_here(self) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            match self {
                Kernel::Portable => true,
                Kernel::Avx2 => std::arch::is_x86_feature_detected!("avx2"),
                Kernel::Avx512 => {
                    std::arch::is_x86_feature_detected!("avx2")
                        && std::arch::is_x86_feature_detected!("avx512f")
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self == Kernel::Portable
        }
    }

    /// The best build for `isa`.
    pub fn of(isa: Isa) -> Kernel {
        if !isa.avx2() {
            Kernel::Portable
        } else if Kernel::Avx512.runs_here() {
            Kernel::Avx512
        } else {
            Kernel::Avx2
        }
    }
}

/// Renders `amp.len()` (at most [`BLOCK`]) samples of the lanes: `amp` the amplitude
/// envelope's values, `fm_env` the modulator's (1 where it has none), one row a sample; into
/// `l` (and `r` when panned), one row a sample. The best kernel for `isa` ([`Kernel::of`]).
pub fn render(
    isa: Isa,
    st: &mut DoughLanes,
    grid: &Grid,
    amp: &[F64s],
    fm_env: &[F64s],
    l: &mut [F32s],
    r: &mut [F32s],
) {
    render_on(Kernel::of(isa), st, grid, amp, fm_env, l, r)
}

/// [`render`] by `kernel` (the portable one where this machine does not run it).
pub fn render_on(
    kernel: Kernel,
    st: &mut DoughLanes,
    grid: &Grid,
    amp: &[F64s],
    fm_env: &[F64s],
    l: &mut [F32s],
    r: &mut [F32s],
) {
    #[cfg(target_arch = "x86_64")]
    if kernel != Kernel::Portable && kernel.runs_here() {
        // SAFETY: `runs_here` checked that this CPU has AVX2, and AVX-512F for
        // `Kernel::Avx512`: all `render_x86` needs.
        return unsafe { render_x86(kernel, st, grid, amp, fm_env, l, r) };
    }
    let _ = kernel;
    by_stages(st, grid, amp, fm_env, l, r)
}

/// Sawtooths by the AVX2 or AVX-512 kernel, the other waveforms by [`by_stages`] compiled with
/// AVX2; callable only where the CPU has AVX2 (and AVX-512F for [`Kernel::Avx512`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn render_x86(
    kernel: Kernel,
    st: &mut DoughLanes,
    grid: &Grid,
    amp: &[F64s],
    fm_env: &[F64s],
    l: &mut [F32s],
    r: &mut [F32s],
) {
    use super::{dough_lanes_avx2 as v4, dough_lanes_avx512 as v8};
    if st.wave != Wave::Sawtooth {
        return by_stages(st, grid, amp, fm_env, l, r);
    }
    let wide = kernel == Kernel::Avx512;
    match (st.stages, wide) {
        (0, false) => v4::render_saw::<0>(st, grid, amp, fm_env, l, r),
        (1, false) => v4::render_saw::<1>(st, grid, amp, fm_env, l, r),
        (2, false) => v4::render_saw::<2>(st, grid, amp, fm_env, l, r),
        (3, false) => v4::render_saw::<3>(st, grid, amp, fm_env, l, r),
        (4, false) => v4::render_saw::<4>(st, grid, amp, fm_env, l, r),
        (5, false) => v4::render_saw::<5>(st, grid, amp, fm_env, l, r),
        (_, false) => v4::render_saw::<6>(st, grid, amp, fm_env, l, r),
        (0, true) => v8::render_saw::<0>(st, grid, amp, fm_env, l, r),
        (1, true) => v8::render_saw::<1>(st, grid, amp, fm_env, l, r),
        (2, true) => v8::render_saw::<2>(st, grid, amp, fm_env, l, r),
        (3, true) => v8::render_saw::<3>(st, grid, amp, fm_env, l, r),
        (4, true) => v8::render_saw::<4>(st, grid, amp, fm_env, l, r),
        (5, true) => v8::render_saw::<5>(st, grid, amp, fm_env, l, r),
        (_, true) => v8::render_saw::<6>(st, grid, amp, fm_env, l, r),
    }
}

/// [`kernel`] for the lanes' number of stages (a constant, so the chain's state stays in
/// registers).
#[inline(always)]
fn by_stages(
    st: &mut DoughLanes,
    grid: &Grid,
    amp: &[F64s],
    fm_env: &[F64s],
    l: &mut [F32s],
    r: &mut [F32s],
) {
    match st.stages {
        0 => kernel::<0>(st, grid, amp, fm_env, l, r),
        1 => kernel::<1>(st, grid, amp, fm_env, l, r),
        2 => kernel::<2>(st, grid, amp, fm_env, l, r),
        3 => kernel::<3>(st, grid, amp, fm_env, l, r),
        4 => kernel::<4>(st, grid, amp, fm_env, l, r),
        5 => kernel::<5>(st, grid, amp, fm_env, l, r),
        _ => kernel::<6>(st, grid, amp, fm_env, l, r),
    }
}

#[inline(always)]
fn kernel<const S: usize>(
    st: &mut DoughLanes,
    grid: &Grid,
    amp: &[F64s],
    fm_env: &[F64s],
    l: &mut [F32s],
    r: &mut [F32s],
) {
    let n = amp.len().min(fm_env.len()).min(l.len()).min(BLOCK);
    let (sr, nyq) = (st.sr, st.sr / 2.0);
    let (wave, fm, panned) = (st.wave, st.fm, st.pan);
    let (freq, depth, level) = (st.freq, st.depth, st.level);
    let (pan_l, pan_r, pg) = (st.pan_l, st.pan_r, st.pg);
    let (ss, cs) = (st.rot_step[0], st.rot_step[1]);
    // Without a modulator every sample's step is the same (`dt.fill(step(freq))`).
    let mut dt0 = [0.0; LANES];
    for j in 0..LANES {
        dt0[j] = phase_step_flat(freq[j], nyq, sr);
    }
    let mut phase = st.phase;
    let [mut s, mut c] = st.rot;
    let mut co: [Coefs; S] = std::array::from_fn(|k| st.coefs[k]);
    let mut xs: [[F64s; 2]; S] = std::array::from_fn(|k| st.x[k]);
    let mut ys: [[F64s; 2]; S] = std::array::from_fn(|k| st.y[k]);
    for i in 0..n {
        let (point, step_i) = (i / GRID, (i % GRID) as f64);
        let mut at = [false; LANES];
        for (a, g) in at.iter_mut().zip(&grid.at) {
            *a = *g == step_i;
        }
        // The phase step: the carrier's frequency plus the modulator (`SineRotation::next`).
        let mut dt = dt0;
        if fm {
            for j in 0..LANES {
                if at[j] && grid.rot_at[j] == i as f64 {
                    (s[j], c[j]) = (grid.rot[0][j], grid.rot[1][j]);
                }
            }
            for j in 0..LANES {
                let m = s[j] as f32 as f64;
                (s[j], c[j]) = (s[j] * cs[j] + c[j] * ss[j], c[j] * cs[j] - s[j] * ss[j]);
                let f = freq[j] + m * depth[j] * fm_env[i][j];
                dt[j] = phase_step_flat(f, nyq, sr);
            }
        }
        // The waveform times the envelope's gain.
        let mut x = [0.0f32; LANES];
        for j in 0..LANES {
            let p = phase[j];
            phase[j] = wrap(p + dt[j]);
            let g = (amp[i][j] * level[j]) as f32;
            let adt = dt[j].abs().min(0.5);
            let w = if wave == Wave::Sawtooth {
                saw_shape(p, adt)
            } else {
                shape(wave, p, adt)
            };
            x[j] = w as f32 * g;
        }
        // The biquads (`Biquad::tick`), the grid point's coefficients from there.
        for k in 0..S {
            let (b, a) = (&mut co[k].b, &mut co[k].a);
            let g = &grid.coefs[point][k];
            for j in 0..LANES {
                if at[j] {
                    (b[0][j], b[1][j], b[2][j]) = (g.b[0][j], g.b[1][j], g.b[2][j]);
                    (a[0][j], a[1][j]) = (g.a[0][j], g.a[1][j]);
                }
            }
            let [x0, x1] = &mut xs[k];
            let [y0, y1] = &mut ys[k];
            for j in 0..LANES {
                let v = x[j] as f64;
                let y = b[0][j] * v + b[1][j] * x0[j] + b[2][j] * x1[j]
                    - a[0][j] * y0[j]
                    - a[1][j] * y1[j];
                (x1[j], x0[j]) = (x0[j], v);
                let y = if y.is_finite() && y.abs() > 1e-30 {
                    y
                } else {
                    0.0
                };
                (y1[j], y0[j]) = (y0[j], y);
                x[j] = y as f32;
            }
        }
        // The pan and `postgain`.
        if panned {
            for j in 0..LANES {
                let m = x[j] as f64;
                l[i][j] = (m * pan_l[j]) as f32 * pg[j];
                r[i][j] = (m * pan_r[j]) as f32 * pg[j];
            }
        } else {
            for j in 0..LANES {
                l[i][j] = x[j] * pg[j];
            }
        }
    }
    st.phase = phase;
    st.rot = [s, c];
    for k in 0..S {
        (st.coefs[k], st.x[k], st.y[k]) = (co[k], xs[k], ys[k]);
    }
}

/// [`sin_cycles`] of each lane, the same operations written without the integer cast (so that
/// it vectorizes): the quarter `q = floor(4p + 1/2)` by [`floor`] (exact, as the cast and its
/// correction are), its parity and its second bit from `q - 4 floor(q/4)` (exact for these
/// small integers), both series computed and one picked.
#[inline(always)]
pub fn sin_cycles_lanes(p: &F64s) -> F64s {
    let mut v = [0.0; LANES];
    for j in 0..LANES {
        let q = floor(4.0 * p[j] + 0.5);
        let x = std::f64::consts::TAU * (p[j] - 0.25 * q);
        let x2 = x * x;
        let r = q - 4.0 * floor(q * 0.25);
        let (s, c) = (sin_series(x, x2), cos_series(x2));
        let y = if r == 1.0 || r == 3.0 { c } else { s };
        v[j] = if r >= 2.0 { -y } else { y };
    }
    v
}

/// `[sin(2 pi p), cos(2 pi p)]` lane by lane: [`sin_cycles_lanes`] of `p` and of `p` plus a
/// quarter cycle (as `sin_cycles(p)` and `sin_cycles(p + 0.25)`).
#[inline(always)]
pub fn sin_cos_lanes(p: &F64s) -> [F64s; 2] {
    [sin_cycles_lanes(p), sin_cycles_lanes(&p.map(|v| v + 0.25))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::sine::sin_cycles;

    #[test]
    fn sin_cycles_lanes_is_sin_cycles() {
        let mut p = [0.0; LANES];
        for i in 0..200_000 {
            let v = i as f64 / 160_000.0 + (i % 7) as f64 * 1e-9;
            p[i % LANES] = v;
            if i % LANES == LANES - 1 {
                let got = sin_cycles_lanes(&p);
                for j in 0..LANES {
                    assert_eq!(got[j].to_bits(), sin_cycles(p[j]).to_bits(), "{}", p[j]);
                }
            }
        }
        for v in [
            0.0,
            0.125,
            0.25,
            0.375,
            0.5,
            0.75,
            1.0,
            1.25,
            0.999_999_999_999_999_9,
        ] {
            assert_eq!(
                sin_cycles_lanes(&[v; LANES])[0].to_bits(),
                sin_cycles(v).to_bits()
            );
        }
    }
}
