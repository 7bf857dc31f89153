//! Steady superdough voices (`steady.rs`) of one window rendered together in SIMD lanes
//! (`dsp/dough_lanes.rs`), for the lane renderer (`voice_lanes.rs`): up to [`LANES`] voices
//! alike (the same waveform, a sine modulator or none, the same number of biquads, panned or
//! not) that sound through the whole chunk from its first sample. The chunk renders in blocks
//! of [`BLOCK`] samples; in each, every lane meets [`POINTS`] points of its own filter grid,
//! where its voice sets its filters ([`DoughVoice::filters_at`], as its own render would; the
//! points' filters of all lanes together), and one where its modulator's rotation starts
//! again. The envelopes are filled per voice ([`Automation::fill`]); the rest runs in the
//! lanes. Each voice's effects, gains and sends then run on its own path, so the mix is the
//! voice-by-voice path's, bit for bit.

use super::super::voice::{Source, Voice};
use super::steady::{set_swept, SineRotation, ROTATION, SWEPT};
use super::{DoughSound, DoughVoice, Src, FILTER_STEP};
use crate::dsp::dough_biquad::Biquad;
use crate::dsp::dough_env::Automation;
use crate::dsp::dough_lanes::{
    self, sin_cos_lanes, Coefs, DoughLanes, F64s, Grid, BLOCK, CHAIN, GRID, POINTS,
};
use crate::dsp::dough_osc::{phase_step, Wave};
use crate::dsp::lanes::{self, Isa, L32, LANES};
use crate::dsp::CHUNK;
use std::sync::atomic::{AtomicU64, Ordering};

/// Superdough voice chunks rendered in lanes since the process started (all engines; for tests
/// and diagnostics).
pub static DOUGH_LANE_CHUNKS: AtomicU64 = AtomicU64::new(0);

/// What the voices of a group share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    wave: Wave,
    fm: bool,
    stages: usize,
    pan: bool,
}

impl DoughVoice {
    /// The voice's [`Key`] when it renders in lanes over the `n` samples from its next: steady,
    /// sounding through them, its modulator (if any) a sine.
    fn lane_key(&self, n: usize) -> Option<Key> {
        let Src::Wave(wave, _) = self.src else {
            return None;
        };
        let fm = match &self.fm {
            None => false,
            Some(fm) if fm.wave == DoughSound::Wave(Wave::Sine) => true,
            Some(_) => return None,
        };
        let stages: usize = self.filters.iter().flatten().map(|f| f.stages).sum();
        let fits = n > 0 && self.len.saturating_sub(self.age) >= n as u64 && stages <= CHAIN;
        (fits && self.is_steady()).then_some(Key {
            wave,
            fm,
            stages,
            pan: self.pan.is_some(),
        })
    }

    /// Calls `f` with each of the voice's biquads in chain order and its place (the first
    /// channel's: `steady.rs`'s).
    #[inline(always)]
    fn each_stage(&mut self, mut f: impl FnMut(usize, &mut Biquad)) {
        let mut k = 0;
        for flt in self.filters.iter_mut().flatten() {
            for st in &mut flt.bq[..flt.stages] {
                f(k, &mut st[0]);
                k += 1;
            }
        }
    }

    /// Puts the voice's coefficients into lane `j` of `co`.
    #[inline(always)]
    fn load_coefs(&mut self, co: &mut [Coefs; CHAIN], j: usize) {
        self.each_stage(|k, b| {
            let (bb, aa, _, _) = b.parts();
            let c = &mut co[k % CHAIN];
            (c.b[0][j], c.b[1][j], c.b[2][j]) = (bb[0], bb[1], bb[2]);
            (c.a[0][j], c.a[1][j]) = (aa[0], aa[1]);
        });
    }

    /// After [`DoughVoice::filters_at`] at grid point `k`: the first sample at which a swept
    /// filter's cutoff may change (each envelope held: [`Automation::hold_from`]; `k` itself
    /// where one does not hold).
    fn filters_hold(&self, k: u64) -> u64 {
        let mut until = u64::MAX;
        for f in self.filters.iter().flatten() {
            if let Some(env) = &f.env {
                until = match env.hold_from(k, self.sr) {
                    Some((v, u)) if v.to_bits() == f.cutoff.to_bits() => until.min(u),
                    _ => k,
                };
            }
        }
        until
    }
}

/// One window's superdough lanes.
#[derive(Default)]
pub struct DoughGroup {
    pub lanes: usize,
    key: Option<Key>,
}

impl DoughGroup {
    /// Takes `v` as the next lane when it is a steady superdough voice like the group's that
    /// sounds through the `n` samples from the chunk's start.
    pub fn add(&mut self, v: &Voice, n: usize) -> bool {
        if self.lanes >= LANES || v.delay != 0 {
            return false;
        }
        let Source::Dough(d) = &v.source else {
            return false;
        };
        let Some(key) = d.lane_key(n).filter(|k| self.key.is_none_or(|g| g == *k)) else {
            return false;
        };
        self.key = Some(key);
        self.lanes += 1;
        true
    }

    /// Whether the group's voices are mono (only the left buffer written).
    pub fn mono(&self) -> bool {
        !self.key.is_some_and(|k| k.pan)
    }

    /// Renders the lanes' voices (`win` in window order, `lane_of` each entry's lane, `LANES`
    /// for none) over `n` samples into `out` (left and right, one buffer a lane; only the left
    /// for mono voices), using `rows` and `grid` as scratch, and advances them.
    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        isa: Isa,
        win: &mut [Option<&mut Voice>],
        lane_of: impl Fn(usize) -> usize,
        rows: &mut [[L32; CHUNK]; 2],
        grid: &mut Grid,
        out: [&mut [[f32; CHUNK]; LANES]; 2],
        n: usize,
    ) {
        let Some(key) = self.key else { return };
        DOUGH_LANE_CHUNKS.fetch_add(self.lanes as u64, Ordering::Relaxed);
        let mut voices = super::super::voice_lanes::by_lane(win, lane_of, |src| match src {
            Source::Dough(d) => Some(d),
            _ => None,
        });
        let n = n.min(CHUNK);
        #[cfg(target_arch = "x86_64")]
        if isa.avx2() {
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: this CPU has AVX2 (`isa.avx2()`) and AVX-512F, all `render_avx512`
                // needs.
                return unsafe { render_avx512(key, &mut voices, rows, grid, out, n) };
            }
            // SAFETY: `isa.avx2()` checked that this CPU has AVX2, all `render_avx2` needs.
            return unsafe { render_avx2(key, &mut voices, rows, grid, out, n) };
        }
        render_lanes(isa, key, &mut voices, rows, grid, out, n)
    }
}

/// [`render_lanes`] compiled with AVX2 (the envelopes' fills, the sines of the modulators'
/// restarts); callable only where the CPU has it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn render_avx2(
    key: Key,
    voices: &mut [Option<&mut DoughVoice>; LANES],
    rows: &mut [[L32; CHUNK]; 2],
    grid: &mut Grid,
    out: [&mut [[f32; CHUNK]; LANES]; 2],
    n: usize,
) {
    render_lanes(Isa::Avx2, key, voices, rows, grid, out, n)
}

/// [`render_lanes`] compiled with AVX-512F; callable only where the CPU has it and AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,avx512f")]
unsafe fn render_avx512(
    key: Key,
    voices: &mut [Option<&mut DoughVoice>; LANES],
    rows: &mut [[L32; CHUNK]; 2],
    grid: &mut Grid,
    out: [&mut [[f32; CHUNK]; LANES]; 2],
    n: usize,
) {
    render_lanes(Isa::Avx2, key, voices, rows, grid, out, n)
}

/// [`DoughGroup::render`]'s work: the lanes' voices `voices` (by lane) over `n` samples.
#[inline(always)]
fn render_lanes(
    isa: Isa,
    key: Key,
    voices: &mut [Option<&mut DoughVoice>; LANES],
    rows: &mut [[L32; CHUNK]; 2],
    grid: &mut Grid,
    out: [&mut [[f32; CHUNK]; LANES]; 2],
    n: usize,
) {
    // Each modulator's phase step (cycles a sample), for its restarts.
    let mut rot_dt = [0.0f64; LANES];
    let mut st = DoughLanes {
        wave: key.wave,
        fm: key.fm,
        pan: key.pan,
        stages: key.stages,
        ..Default::default()
    };
    // Each lane's filters set as its render's first sample sets them, then its constants and
    // state.
    if let Some(d) = voices.iter().flatten().next() {
        st.sr = d.sr;
    }
    filters_at(
        voices,
        &voices.each_ref().map(|d| d.as_ref().map(|d| d.age)),
        st.sr,
    );
    if key.fm {
        rot_dt = rotations_at(voices, &mut st);
    }
    let mut in_range = true;
    for (j, d) in voices.iter_mut().enumerate() {
        let Some(d) = d.as_deref_mut() else { continue };
        st.freq[j] = d.freq;
        st.level[j] = d.level;
        st.pg[j] = d.postgain as f32;
        if let Some(pan) = d.pan {
            // `render_steady`'s gains (a mono-input `StereoPannerNode`).
            let p = (2.0 * pan - 1.0).clamp(-1.0, 1.0);
            let a = (p + 1.0) * 0.5 * std::f64::consts::FRAC_PI_2;
            (st.pan_l[j], st.pan_r[j]) = (a.cos(), a.sin());
        }
        if let Src::Wave(_, osc) = &d.src {
            st.phase[j] = osc.phase();
        }
        if let Some(fm) = &d.fm {
            st.depth[j] = fm.depth;
        }
        // (NaN and infinity compare false.)
        let swing = d.fm.as_ref().map_or(0.0, |fm| {
            fm.depth.abs() * fm.env.as_ref().map_or(1.0, Automation::bound)
        });
        in_range &= d.freq.abs() + swing * 1.001 < 0.999 * (d.sr / 2.0);
        d.load_coefs(&mut st.coefs, j);
        d.each_stage(|k, b| {
            let (_, _, x, y) = b.parts();
            for h in 0..2 {
                (st.x[k % CHAIN][h][j], st.y[k % CHAIN][h][j]) = (x[h], y[h]);
            }
        });
    }
    st.in_range = in_range;
    // (A lane's grid values are read only at its grid points, its envelope rows only where it
    // has the envelope: both are set again block by block.)
    (grid.at, grid.rot_at) = ([GRID as f64; LANES], [BLOCK as f64; LANES]);
    let mut amp = [[0.0f64; LANES]; BLOCK];
    let mut fm_env = [[1.0f64; LANES]; BLOCK];
    // Per envelope (amplitude, modulator) and lane: the sample up to which its rows hold its
    // value ([`fill_lane`]).
    let mut held = [[0u64; LANES]; 2];
    // Per lane: the sample up to which its filters' coefficients hold
    // ([`DoughVoice::filters_hold`]), and whether every point of the grid has them already.
    let mut filters_held = [0u64; LANES];
    let mut loaded = [false; LANES];
    let [rl, rr] = rows;
    let mut at = 0;
    while at < n {
        let len = (n - at).min(BLOCK);
        // Per point: the lanes whose swept filters are set there (at that sample); per lane:
        // its modulator's phase where its rotation starts again.
        let mut grid_k = [[None; LANES]; POINTS];
        let mut phases = [0.0f64; LANES];
        for (j, d) in voices.iter_mut().enumerate() {
            let Some(d) = d.as_deref_mut() else { continue };
            let k = d.age + at as u64;
            let o = (FILTER_STEP - k % FILTER_STEP) % FILTER_STEP;
            grid.at[j] = o as f64;
            for (m, g) in (o..len as u64).step_by(GRID).enumerate() {
                // (While every swept filter holds its cutoff, its coefficients are the grid's
                // already; the chunk's first sample was set above.)
                if k + g >= filters_held[j] && (at > 0 || g > 0) {
                    grid_k[m][j] = Some(k + g);
                }
            }
            // (`SineRotation::start` there: its phase, its sines below.)
            let r = (ROTATION - k % ROTATION) % ROTATION;
            grid.rot_at[j] = BLOCK as f64;
            if r < len as u64 {
                grid.rot_at[j] = r as f64;
                phases[j] = SineRotation::phase(k + r, rot_dt[j]);
            }
            let end = k + len as u64;
            fill_lane(&d.amp, k, d.sr, &mut amp, &mut held[0][j], end, j);
            if let Some(e) = d.fm.as_ref().and_then(|f| f.env.as_ref()) {
                fill_lane(e, k, d.sr, &mut fm_env, &mut held[1][j], end, j);
            }
        }
        for (m, point_k) in grid_k.iter().enumerate().take(len.div_ceil(GRID)) {
            // The swept filters of the lanes set at this point together, then each lane's
            // coefficients at this point from its filters.
            if point_k.iter().any(Option::is_some) {
                filters_at(voices, point_k, st.sr);
            }
            for (j, d) in voices.iter_mut().enumerate() {
                let Some(d) = d.as_deref_mut() else { continue };
                if let Some(k) = point_k[j] {
                    filters_held[j] = d.filters_hold(k);
                    loaded[j] = false;
                }
                if !loaded[j] {
                    d.load_coefs(&mut grid.coefs[m], j);
                }
            }
        }
        if key.fm {
            grid.rot = sin_cos_lanes(&phases);
        }
        // A lane whose filters held through a whole block has them at every point.
        for (j, l) in loaded.iter_mut().enumerate() {
            *l = len == BLOCK && grid_k.iter().all(|g| g[j].is_none());
        }
        dough_lanes::render(
            isa,
            &mut st,
            grid,
            &amp[..len],
            &fm_env[..len],
            &mut rl[at..at + len],
            &mut rr[at..at + len],
        );
        at += len;
    }
    let [ol, or] = out;
    lanes::transpose(isa, &rl[..n], ol);
    if key.pan {
        lanes::transpose(isa, &rr[..n], or);
    }
    // The state back.
    for (j, d) in voices.iter_mut().enumerate() {
        let Some(d) = d.as_deref_mut() else { continue };
        if let Src::Wave(_, osc) = &mut d.src {
            osc.set_phase(st.phase[j]);
        }
        if let Some(fm) = d.fm.as_mut().filter(|_| key.fm) {
            fm.rot = Some((d.age + n as u64, (st.rot[0][j], st.rot[1][j])));
        }
        d.each_stage(|k, b| {
            let k = k % CHAIN;
            b.set_state(
                [st.x[k][0][j], st.x[k][1][j]],
                [st.y[k][0][j], st.y[k][1][j]],
            );
        });
        d.age += n as u64;
    }
}

/// [`DoughVoice::filters_at`] for each lane `j` with a sample `at[j]`, all their swept filters
/// together ([`set_swept`]).
#[inline(always)]
fn filters_at(voices: &mut [Option<&mut DoughVoice>; LANES], at: &[Option<u64>; LANES], sr: f64) {
    let mut jobs = [const { None }; SWEPT];
    let mut swept = 0;
    for (d, k) in voices.iter_mut().zip(at) {
        if let (Some(d), Some(k)) = (d.as_deref_mut(), *k) {
            swept += d.swept(k, &mut jobs[swept..]);
        }
    }
    set_swept(&mut jobs[..swept], sr);
}

/// Each lane's modulator by rotation at its voice's age, into `st` (`SineRotation::new` and
/// `start`, their sines computed together: the same bits); each one's phase step.
#[inline(always)]
fn rotations_at(voices: &[Option<&mut DoughVoice>; LANES], st: &mut DoughLanes) -> F64s {
    let mut dt = [0.0f64; LANES];
    let mut p = [0.0f64; LANES];
    // Rotations from the restart to the age.
    let mut steps = [0u64; LANES];
    // The pairs renders left at these ages (`SineRotation::resume`).
    let mut left = [None; LANES];
    for (j, d) in voices.iter().enumerate() {
        let Some(d) = d.as_deref() else { continue };
        dt[j] = phase_step(d.fm.as_ref().map_or(0.0, |fm| fm.freq), d.sr);
        left[j] = d.fm.as_ref().and_then(|fm| fm.rot).filter(|r| r.0 == d.age);
        if left[j].is_none() {
            steps[j] = d.age % ROTATION;
            p[j] = SineRotation::phase(d.age - steps[j], dt[j]);
        }
    }
    let [ss, cs] = sin_cos_lanes(&dt);
    let [mut s, mut c] = sin_cos_lanes(&p);
    for (j, l) in left.iter().enumerate() {
        if let Some((_, pair)) = l {
            (s[j], c[j]) = *pair;
        }
    }
    let most = steps.iter().copied().max().unwrap_or(0);
    for i in 0..most {
        for j in 0..LANES {
            if i < steps[j] {
                (s[j], c[j]) = SineRotation::rotate((s[j], c[j]), (ss[j], cs[j]));
            }
        }
    }
    (st.rot, st.rot_step) = ([s, c], [ss, cs]);
    dt
}

/// Lane `j` of `rows` for samples `k..end` of `env` (`Automation::fill`'s values). Where the
/// envelope holds its value ([`Automation::hold_from`]) every row takes it once, and `held`
/// (the sample up to which the rows hold it) lets the blocks after skip it.
#[inline(always)]
fn fill_lane(
    env: &Automation,
    k: u64,
    sr: f64,
    rows: &mut [[f64; LANES]; BLOCK],
    held: &mut u64,
    end: u64,
    j: usize,
) {
    if end <= *held {
        return;
    }
    if let Some((v, until)) = env.hold_from(k, sr).filter(|h| end <= h.1) {
        for row in rows.iter_mut() {
            row[j] = v;
        }
        *held = until;
        return;
    }
    *held = 0;
    let len = (end - k) as usize;
    let mut col = [0.0f64; BLOCK];
    env.fill(k, sr, &mut col[..len]);
    for (row, v) in rows.iter_mut().zip(&col[..len]) {
        row[j] = *v;
    }
}
