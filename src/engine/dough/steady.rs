//! The common superdough voice rendered without `render_len`'s per-sample dispatch: a Web
//! Audio waveform (`sine`, `sawtooth`, `square`, `triangle`), optionally frequency-modulated
//! by a waveform, through its ADSR, its biquad filters (their envelopes) and its pan, with
//! none of the other stages (no vibrato or pitch envelope, no ladder, vowel, `coarse`,
//! `crush`, `shape`, `distort`, tremolo, compressor, phaser, cut). It renders in stretches up
//! to the next point of the filters' control grid ([`FILTER_STEP`] samples of the voice's
//! age): the filters' coefficients set at the stretch's start, then the stretch's arithmetic
//! in passes ([`stretch`]: the envelopes by [`Automation::fill`], one value where an envelope
//! holds). Every value is computed as `render_len` computes it (the same bits), except a sine
//! modulator's, by rotation ([`SineRotation`]: within about 1e-14 of `render_len`'s sine,
//! which the `f32` it is rounded to holds to 6e-8).
//!
//! A voice keeps its path for its life: what [`DoughVoice::is_steady`] reads is set when it
//! starts (`cut_at` only for a cut group's voices, which play samples).

use super::{DoughSound, DoughVoice, Filter, Src, FILTER_STEP};
use crate::dsp::dough_biquad::{cutoff_cycles, Biquad};
use crate::dsp::dough_env::{values_at, Automation};
use crate::dsp::dough_lanes::sin_cos_lanes;
use crate::dsp::dough_osc::{phase_step, phase_step_flat, saw_shape, shape, wrap, Wave};
use crate::dsp::lanes::LANES;
use crate::dsp::sine::{floor, sin_cycles};

/// [`SineRotation`]'s restarts (samples of the voice's age): the lanes' (one a block).
pub(super) const ROTATION: u64 = crate::dsp::dough_lanes::ROTATION as u64;

/// Most biquads the three filters chain (two stages each for `ftype "24db"`).
pub(super) const CHAIN: usize = 6;

impl DoughVoice {
    /// Whether [`DoughVoice::render_steady`] renders this voice.
    pub(super) fn is_steady(&self) -> bool {
        matches!(self.src, Src::Wave(..))
            && self
                .fm
                .as_ref()
                .is_none_or(|fm| matches!(fm.wave, DoughSound::Wave(_)))
            && self.vib.is_none()
            && self.penv.is_none()
            && self.filters.iter().flatten().all(|f| f.ladder.is_none())
            && self.vowel.is_none()
            && self.coarse.is_none()
            && self.crush.is_none()
            && self.shape.is_none()
            && self.distort.is_none()
            && self.tremolo.is_none()
            && self.compressor.is_none()
            && self.phaser.is_none()
            && self.cut_at.is_none()
    }

    /// Sets the swept filters' coefficients for sample `k` (of the voice's age): their
    /// envelopes' values at `k`'s grid point ([`set_swept`]).
    pub(super) fn filters_at(&mut self, k: u64) {
        let sr = self.sr;
        let mut jobs = [const { None }; SWEPT];
        let n = self.swept(k, &mut jobs);
        set_swept(&mut jobs[..n], sr);
    }

    /// Puts the voice's swept filters, each with sample `k`, into `jobs` from the first; the
    /// number put.
    pub(super) fn swept<'a>(
        &'a mut self,
        k: u64,
        jobs: &mut [Option<(&'a mut Filter, u64)>],
    ) -> usize {
        let mut n = 0;
        for f in self.filters.iter_mut().flatten() {
            if f.env.is_some() {
                jobs[n] = Some((f, k));
                n += 1;
            }
        }
        n
    }

    /// `render_len` for a voice [`DoughVoice::is_steady`] holds for.
    pub(super) fn render_steady(&mut self, l: &mut [f32], r: &mut [f32]) -> (usize, bool) {
        let n = l.len().min(r.len());
        let sr = self.sr;
        let mono = self.pan.is_none();
        let done = (self.len.saturating_sub(self.age)).min(n as u64) as usize;
        // The pan's gains (`render_len`'s mono-input `StereoPannerNode`, the same arithmetic).
        let (pan_l, pan_r) = self.pan.map_or((1.0, 1.0), |pan| {
            let p = (2.0 * pan - 1.0).clamp(-1.0, 1.0);
            let a = (p + 1.0) * 0.5 * std::f64::consts::FRAC_PI_2;
            (a.cos(), a.sin())
        });
        let pg = self.postgain as f32;
        let level = self.level;
        let freq = self.freq;
        let Src::Wave(wave, mut osc) = self.src else {
            unreachable!("is_steady")
        };
        let mut fm = self.fm.as_ref().map(|fm| {
            let DoughSound::Wave(w) = fm.wave else {
                unreachable!("is_steady")
            };
            (w, fm.osc, fm.freq, fm.depth, fm.env)
        });
        // A sine modulator (the default `fmwave`) at its constant frequency by rotation.
        let mut rot = fm
            .as_ref()
            .filter(|(w, ..)| *w == Wave::Sine)
            .map(|&(_, _, f, ..)| SineRotation::new(f, sr));
        let left = self.fm.as_ref().and_then(|fm| fm.rot);
        let mut chain = [Biquad::default(); CHAIN];
        let mut i = 0;
        while i < done {
            let k = self.age + i as u64;
            let len = ((FILTER_STEP - k % FILTER_STEP) as usize).min(done - i);
            // The filters' coefficients on the grid (and at the call's first sample, as
            // `render_len` sets them: the grid point's value again), then their first channel's
            // biquads in order.
            if k.is_multiple_of(FILTER_STEP) || i == 0 {
                self.filters_at(k);
            }
            let mut stages = 0;
            for f in self.filters.iter().flatten() {
                for st in &f.bq[..f.stages] {
                    chain[stages] = st[0];
                    stages += 1;
                }
            }
            if let Some(r) = rot.as_mut() {
                if k.is_multiple_of(ROTATION) {
                    r.start(k);
                } else if i == 0 {
                    r.resume(k, left);
                }
            }
            let chain = &mut chain[..stages];
            // The modulator's values, then the stretch's arithmetic in passes.
            let mut m = [0.0f64; FILTER_STEP as usize];
            if let Some((w, mosc, mfreq, _, _)) = &mut fm {
                for v in &mut m[..len] {
                    *v = match &mut rot {
                        Some(r) => r.next(),
                        None => mosc.next(*w, *mfreq, sr),
                    } as f64;
                }
            }
            let io = Stretch {
                k,
                amp_env: &self.amp,
                fm_env_of: fm.as_ref().and_then(|f| f.4.as_ref()),
                freq,
                depth: fm.as_ref().map(|f| f.3),
                m: &m[..len],
                level,
                sr,
                wave,
                pan: (!mono).then_some((pan_l, pan_r)),
                pg,
            };
            let mut phase = osc.phase();
            run_stretch(
                &io,
                &mut phase,
                chain,
                &mut l[i..i + len],
                &mut r[i..i + len],
            );
            osc.set_phase(phase);
            // The biquads' states back.
            let mut at = 0;
            for f in self.filters.iter_mut().flatten() {
                for st in &mut f.bq[..f.stages] {
                    st[0] = chain[at];
                    at += 1;
                }
            }
            i += len;
        }
        self.src = Src::Wave(wave, osc);
        if let (Some(dst), Some((_, mosc, ..))) = (&mut self.fm, fm) {
            dst.osc = mosc;
            dst.rot = rot.map(|r| (self.age + done as u64, r.at));
        }
        l[done..n].fill(0.0);
        if !mono {
            r[done..n].fill(0.0);
        }
        self.age += n as u64;
        (done, mono)
    }
}

/// Swept filters [`set_swept`] sets at most at once: three a voice, [`LANES`] voices.
pub(super) const SWEPT: usize = 3 * LANES;

/// Sets each swept filter `(f, k)` for sample `k` (of its voice's age, at `sr`): its
/// envelope's value at `k`'s grid point, and coefficients for it when that is a new cutoff (the
/// same cutoff gives the same coefficients: the envelope holds). The envelopes' values
/// ([`values_at`]) and the filters' sines ([`sin_cycles_lanes`]) are computed together, the
/// bits each filter's own `value_at` and `Filter::set` give.
#[inline(always)]
pub(super) fn set_swept(jobs: &mut [Option<(&mut Filter, u64)>], sr: f64) {
    let n = jobs.len().min(SWEPT);
    let hold = Automation::constant(0.0);
    let mut f0 = [0.0f64; SWEPT];
    values_at(
        n,
        |j| match &jobs[j] {
            Some((f, k)) => (f.env.as_ref().unwrap_or(&hold), k - k % FILTER_STEP),
            None => (&hold, 0),
        },
        sr,
        &mut f0,
    );
    // The new cutoffs, clamped, and their cycles a sample (`cutoff_cycles`).
    let mut clamped = [0.0f64; SWEPT];
    let mut cycles = [[0.0f64; LANES]; SWEPT.div_ceil(LANES)];
    let mut new = [false; SWEPT];
    for (j, job) in jobs[..n].iter().enumerate() {
        if let Some((f, _)) = job {
            new[j] = f.cutoff.to_bits() != f0[j].to_bits();
            let (c, p) = cutoff_cycles(f0[j], sr);
            clamped[j] = c;
            cycles[j / LANES][j % LANES] = p;
        }
    }
    for (i, p) in cycles.iter().enumerate().take(n.div_ceil(LANES)) {
        if !new[i * LANES..((i + 1) * LANES).min(n)].contains(&true) {
            continue;
        }
        let [s, c] = sin_cos_lanes(p);
        for (l, job) in jobs[i * LANES..((i + 1) * LANES).min(n)]
            .iter_mut()
            .enumerate()
        {
            let j = i * LANES + l;
            if let Some((f, _)) = job.as_mut().filter(|_| new[j]) {
                if f.ladder.is_some() {
                    f.set(f0[j], sr);
                } else {
                    f.set_sin_cos(f0[j], clamped[j], sr, s[l], c[l]);
                }
            }
        }
    }
}

/// `sin(2 pi phase)` of a sine at a constant frequency, sample after sample, by rotating the
/// pair (sin, cos) by the phase step's angle (4 products a sample rather than a sine: the
/// angle-addition formulas, Abramowitz and Stegun 4.3.16 and 4.3.17). At each multiple `k0` of
/// [`ROTATION`] samples of the voice's age the pair starts again from the phase `k0 dt`
/// ([`sin_cycles`]), and a stretch starting between them rotates from the one before, so every
/// sample's value depends on its age alone (any block size gives the same bits), and the
/// rounding of at most 63 rotations stays near 1e-14.
#[derive(Clone, Copy, Debug)]
pub(super) struct SineRotation {
    /// Cycles a sample (`WaveOsc`'s: the frequency clamped to +-Nyquist, over the rate).
    pub(super) dt: f64,
    /// sin and cos of the step's angle.
    pub(super) step: (f64, f64),
    /// sin and cos at the next sample.
    pub(super) at: (f64, f64),
}

impl SineRotation {
    pub(super) fn new(freq: f64, sample_rate: f64) -> SineRotation {
        let dt = phase_step(freq, sample_rate);
        SineRotation {
            dt,
            step: (sin_cycles(dt), sin_cycles(dt + 0.25)),
            at: (0.0, 1.0),
        }
    }

    /// Places the pair at sample `k` (of the voice's age).
    pub(super) fn start(&mut self, k: u64) {
        let k0 = k - k % ROTATION;
        let p = Self::phase(k0, self.dt);
        self.at = (sin_cycles(p), sin_cycles(p + 0.25));
        for _ in k0..k {
            self.next();
        }
    }

    /// Places the pair at sample `k` from where a render `left` it (its age then and the
    /// pair), when that was `k`; else as [`SineRotation::start`].
    pub(super) fn resume(&mut self, k: u64, left: Option<(u64, (f64, f64))>) {
        match left {
            Some((at, pair)) if at == k => self.at = pair,
            _ => self.start(k),
        }
    }

    /// The phase (cycles, in 0..1) at sample `k0` (a multiple of [`ROTATION`]) of a sine
    /// stepping `dt` a sample: where the pair starts again.
    #[inline(always)]
    pub(super) fn phase(k0: u64, dt: f64) -> f64 {
        let p = k0 as f64 * dt;
        p - floor(p)
    }

    /// `(sin, cos)` at `at` rotated by the step `(sin, cos)` of `step`.
    #[inline(always)]
    pub(super) fn rotate(at: (f64, f64), step: (f64, f64)) -> (f64, f64) {
        let ((s, c), (ss, cs)) = (at, step);
        (s * cs + c * ss, c * cs - s * ss)
    }

    /// The value at the current sample, then a step on.
    #[inline(always)]
    fn next(&mut self) -> f32 {
        let s = self.at.0;
        self.at = Self::rotate(self.at, self.step);
        s as f32
    }
}

/// One stretch's inputs (`len` samples: the slices' length).
struct Stretch<'a> {
    /// The stretch's first sample (the voice's age).
    k: u64,
    amp_env: &'a Automation,
    /// The modulator's envelope, when it has one.
    fm_env_of: Option<&'a Automation>,
    freq: f64,
    /// The modulator's depth, when the voice has one.
    depth: Option<f64>,
    /// The modulator's values.
    m: &'a [f64],
    level: f64,
    sr: f64,
    wave: Wave,
    /// The pan's gains (left, right), when panned.
    pan: Option<(f64, f64)>,
    pg: f32,
}

/// Renders a stretch: [`stretch`], compiled for AVX2 where the CPU has it (the same
/// operations, so the same samples).
fn run_stretch(io: &Stretch, phase: &mut f64, chain: &mut [Biquad], l: &mut [f32], r: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: this CPU has AVX2, the only feature `stretch_avx2` is compiled for.
        unsafe { stretch_avx2(io, phase, chain, l, r) };
        return;
    }
    stretch(io, phase, chain, l, r);
}

/// [`stretch`] compiled with AVX2; callable only where the CPU has it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn stretch_avx2(
    io: &Stretch,
    phase: &mut f64,
    chain: &mut [Biquad],
    l: &mut [f32],
    r: &mut [f32],
) {
    stretch(io, phase, chain, l, r);
}

/// `render_len`'s per-sample arithmetic over a stretch, pass by pass so that the passes without
/// a recurrence (the frequencies, the phase steps, the waveform, the gain, the pan) vectorize:
/// each sample's values are the same operations in the same order, so the same bits.
#[inline(always)]
fn stretch(io: &Stretch, phase: &mut f64, chain: &mut [Biquad], l: &mut [f32], r: &mut [f32]) {
    const N: usize = FILTER_STEP as usize;
    let len = io.m.len();
    // The envelopes' values (`Automation::fill`).
    let mut amp = [0.0f64; N];
    let amp = &mut amp[..len];
    io.amp_env.fill(io.k, io.sr, amp);
    let mut fm_env = [1.0f64; N];
    let fm_env = &mut fm_env[..len];
    if let Some(e) = io.fm_env_of {
        e.fill(io.k, io.sr, fm_env);
    }
    // The oscillator's `frequency` plus the modulator, and its phase step (`WaveOsc::next`).
    let mut dt = [0.0f64; N];
    let dt = &mut dt[..len];
    let nyq = io.sr / 2.0;
    match io.depth {
        Some(depth) => {
            for ((d, &m), &e) in dt.iter_mut().zip(io.m).zip(fm_env.iter()) {
                let f = io.freq + m * depth * e;
                *d = phase_step_flat(f, nyq, io.sr);
            }
        }
        None => dt.fill(phase_step_flat(io.freq, nyq, io.sr)),
    }
    // The phases (a recurrence).
    let mut ph = [0.0f64; N];
    let ph = &mut ph[..len];
    let mut t = *phase;
    for (p, &d) in ph.iter_mut().zip(dt.iter()) {
        *p = t;
        t = wrap(t + d);
    }
    *phase = t;
    // The waveform times the envelope's gain.
    let mut x = [0.0f32; N];
    let x = &mut x[..len];
    if io.wave == Wave::Sawtooth {
        for (((x, &p), &d), &a) in x.iter_mut().zip(ph.iter()).zip(dt.iter()).zip(amp.iter()) {
            let g = (a * io.level) as f32;
            *x = saw_shape(p, d.abs().min(0.5)) as f32 * g;
        }
    } else {
        for (((x, &p), &d), &a) in x.iter_mut().zip(ph.iter()).zip(dt.iter()).zip(amp.iter()) {
            let g = (a * io.level) as f32;
            *x = shape(io.wave, p, d.abs().min(0.5)) as f32 * g;
        }
    }
    // The filters (recurrences), stage after stage.
    for b in chain.iter_mut() {
        for v in x.iter_mut() {
            *v = b.tick(*v);
        }
    }
    // The pan and `postgain`.
    match io.pan {
        None => {
            for (o, &v) in l.iter_mut().zip(x.iter()) {
                *o = v * io.pg;
            }
        }
        Some((pl, pr)) => {
            for ((ol, or), &v) in l.iter_mut().zip(r.iter_mut()).zip(x.iter()) {
                let m = v as f64;
                *ol = (m * pl) as f32 * io.pg;
                *or = (m * pr) as f32 * io.pg;
            }
        }
    }
}
