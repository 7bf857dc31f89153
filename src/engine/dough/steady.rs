//! The common superdough voice rendered without `render_len`'s per-sample dispatch: a Web
//! Audio waveform (`sine`, `sawtooth`, `square`, `triangle`), optionally frequency-modulated
//! by a waveform, through its ADSR, its biquad filters (their envelopes) and its pan, with
//! none of the other stages (no vibrato or pitch envelope, no ladder, vowel, `coarse`,
//! `crush`, `shape`, `distort`, tremolo, compressor, phaser, cut). It renders in stretches up
//! to the next point of the filters' control grid ([`FILTER_STEP`] samples of the voice's
//! age): the filters' coefficients set at the stretch's start, the envelopes' values for the
//! stretch computed by [`crate::dsp::dough_env::Automation::fill`] (one value where an envelope holds), then one
//! loop over the stretch. Every value is computed as `render_len` computes it (the same bits),
//! except a sine modulator's, by rotation ([`SineRotation`]: within about 1e-14 of
//! `render_len`'s sine, which the `f32` it is rounded to holds to 6e-8).
//!
//! A voice keeps its path for its life: what [`DoughVoice::is_steady`] reads is set when it
//! starts (`cut_at` only for a cut group's voices, which play samples).

use super::{DoughSound, DoughVoice, Src, FILTER_STEP};
use crate::dsp::dough_biquad::Biquad;
use crate::dsp::dough_osc::Wave;
use crate::dsp::sine::{floor, sin_cycles};

/// Most biquads the three filters chain (two stages each for `ftype "24db"`).
const CHAIN: usize = 6;

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
        let mut amp = [0.0f64; FILTER_STEP as usize];
        let mut fm_env = [1.0f64; FILTER_STEP as usize];
        let mut chain = [Biquad::default(); CHAIN];
        let mut i = 0;
        while i < done {
            let k = self.age + i as u64;
            let len = ((FILTER_STEP - k % FILTER_STEP) as usize).min(done - i);
            // The filters' coefficients on the grid (and at the call's first sample, as
            // `render_len` sets them: the grid point's value again), then their first channel's
            // biquads in order.
            let mut stages = 0;
            for f in self.filters.iter_mut().flatten() {
                if let Some(env) = f.env {
                    if k.is_multiple_of(FILTER_STEP) || i == 0 {
                        let at = (k - k % FILTER_STEP) as f64 / sr;
                        f.set(env.value_at(at), sr);
                    }
                }
                for st in &f.bq[..f.stages] {
                    chain[stages] = st[0];
                    stages += 1;
                }
            }
            self.amp.fill(k, sr, &mut amp[..len]);
            if let Some((_, _, _, _, Some(env))) = &fm {
                env.fill(k, sr, &mut fm_env[..len]);
            }
            if let Some(r) = &mut rot {
                r.start(k);
            }
            let chain = &mut chain[..stages];
            let (ls, rs) = (&mut l[i..i + len], &mut r[i..i + len]);
            for j in 0..len {
                // The oscillator's `frequency` plus the modulator.
                let mut f = freq;
                if let Some((w, mosc, mfreq, depth, _)) = &mut fm {
                    let m = match &mut rot {
                        Some(r) => r.next(),
                        None => mosc.next(*w, *mfreq, sr),
                    } as f64;
                    f += m * *depth * fm_env[j];
                }
                let g = (amp[j] * level) as f32;
                let mut x = osc.next(wave, f, sr) * g;
                for b in chain.iter_mut() {
                    x = b.tick(x);
                }
                if mono {
                    ls[j] = x * pg;
                } else {
                    let m = x as f64;
                    ls[j] = (m * pan_l) as f32 * pg;
                    rs[j] = (m * pan_r) as f32 * pg;
                }
            }
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
        }
        l[done..n].fill(0.0);
        if !mono {
            r[done..n].fill(0.0);
        }
        self.age += n as u64;
        (done, mono)
    }
}

/// `sin(2 pi phase)` of a sine at a constant frequency, sample after sample, by rotating the
/// pair (sin, cos) by the phase step's angle (4 products a sample rather than a sine: the
/// angle-addition formulas, Abramowitz and Stegun 4.3.16 and 4.3.17). At each point of the
/// filters' grid (sample `k0`, a multiple of [`FILTER_STEP`]) the pair starts again from the
/// phase `k0 dt` ([`sin_cycles`]), and a stretch starting between grid points rotates from its
/// grid point, so every sample's value depends on its age alone (any block size gives the same
/// bits), and the rounding of at most 15 rotations stays near 1e-15.
#[derive(Clone, Copy, Debug)]
struct SineRotation {
    /// Cycles a sample (`WaveOsc`'s: the frequency clamped to +-Nyquist, over the rate).
    dt: f64,
    /// sin and cos of the step's angle.
    step: (f64, f64),
    /// sin and cos at the next sample.
    at: (f64, f64),
}

impl SineRotation {
    fn new(freq: f64, sample_rate: f64) -> SineRotation {
        let nyq = sample_rate / 2.0;
        let f = if freq.is_finite() {
            freq.clamp(-nyq, nyq)
        } else {
            0.0
        };
        let dt = f / sample_rate;
        SineRotation {
            dt,
            step: (sin_cycles(dt), sin_cycles(dt + 0.25)),
            at: (0.0, 1.0),
        }
    }

    /// Places the pair at sample `k` (of the voice's age).
    fn start(&mut self, k: u64) {
        let k0 = k - k % FILTER_STEP;
        let p = k0 as f64 * self.dt;
        let p = p - floor(p);
        self.at = (sin_cycles(p), sin_cycles(p + 0.25));
        for _ in k0..k {
            self.next();
        }
    }

    /// The value at the current sample, then a step on.
    #[inline(always)]
    fn next(&mut self) -> f32 {
        let (s, c) = self.at;
        let (ss, cs) = self.step;
        self.at = (s * cs + c * ss, c * cs - s * ss);
        s as f32
    }
}
