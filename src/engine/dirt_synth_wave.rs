//! SuperDirt's `superwavemechanics`, ported from its definition
//! (`library/default-synths-extra.scd`; GPL: read, not copied), as scsynth 3.13 runs the graph
//! sclang builds from it, with SuperCollider's multichannel expansion:
//!
//! ```text
//! i   = TIRand.kr(0, 3, Impulse.kr(sustain / 8).dup(8))        (8 draws: one Impulse, 8 TIRands)
//! d_k = Rand(1.6 i_k - det, 1.7 i_k + det).round(0.25)          (det = min(detune, 1.5))
//! x_k = Resonz.ar(WhiteNoise.ar(0.5), f [3, 5, 8, 9]/8 * d, 0.01 + voice.linexp(0, 1, 1e-3, 1))
//! (l, r)_k = HPF.ar(Limiter.ar(55 GVerb.ar(x_k, resonance.linexp(0, 1, 99, 0.1), 10)), 30)
//! ```
//!
//! (`f = freq DirtFreqScale`, control rate). `Rand` is an init-rate unit, so it reads the
//! TIRands' constructor values (uniform 0..3) once: the Impulse's later triggers change `i` but
//! nothing reads it again. The four ratios times the eight `d`s expand to eight (the shorter
//! array wraps: `3/8 d_0, 5/8 d_1, d_2, 9/8 d_3, 3/8 d_4, ...`); `d` is 0 (`i` 0: a silent
//! resonator at 0 Hz), 1.5 or 1.75, 3.25 or 3.5, 4.75 or 5. One white noise feeds the eight
//! resonators (rq 0.011 at `voice` 0), each into its own GVerb (a 99 m room at `resonance` 0,
//! 10 s), whose sixteen outputs each pass their own look-ahead `Limiter` (10 ms: 20 ms late,
//! [`crate::dsp::sc_limiter`]), `HPF` 30 and `sanitize`; `.flat` lists them `l0, r0, l1, ...`
//! and `DirtPan` splays them (`Splay.ar`: `Pan2` at `-1 + 2k/15`, summed, times `1/sqrt(16)`)
//! before its `Balance2` with `Env.sine(1)`. The reverbs and limiters live in a voice's synth
//! buffer ([`super::fx_pool::SynthPool`]); with none free the voice is silent (counted).

use super::fx_pool::SynthBuf;
use crate::dsp::sc_gverb::{GVerb, GVerbParams};
use crate::dsp::sc_limiter::Limiter;
use crate::dsp::sc_noise::RGen;
use crate::dsp::sc_resonz::Resonz;
use crate::dsp::sc_synth::{pan2_gains, Butter, ButterKind, CONTROL_BLOCK};
use crate::dsp::sc_ugens::linexp;

/// Voices (TIRand draws, resonators, reverbs).
const N: usize = 8;
/// `[3, 5, 8, 9] / 8`.
const RATIOS: [f32; 4] = [0.375, 0.625, 1.0, 1.125];
/// `Limiter.ar`'s default `dur`.
const LOOKAHEAD: f32 = 0.01;

/// `sc_round(x, quant)` (float): `floor(x / quant + 0.5) quant`.
fn round(x: f32, quant: f32) -> f32 {
    (x / quant + 0.5).floor() * quant
}

fn reverb_params(resonance: f64) -> GVerbParams {
    GVerbParams {
        roomsize: linexp(resonance, 0.0, 1.0, 99.0, 0.1) as f32,
        revtime: 10.0,
        ..GVerbParams::default()
    }
}

fn reverb(resonance: f64, sr: f64) -> GVerb {
    let p = reverb_params(resonance);
    GVerb::new(p.roomsize, p.revtime, p.damping, 15.0, 300.0, sr as f32)
}

/// Samples of synth buffer `superwavemechanics` needs at `sr` (the largest room: `resonance` 0).
pub fn buffer_len(sr: f64) -> usize {
    N * reverb(0.0, sr).buffer_len() + 2 * N * Limiter::buffer_len(LOOKAHEAD, sr)
}

pub(super) struct WaveMechanics {
    buf: Option<SynthBuf>,
    /// Each reverb's share of the buffer, each limiter's.
    share: usize,
    lim_share: usize,
    rng: RGen,
    /// `r d` per resonator (its frequency over `f`).
    mults: [(f32, f32); N],
    rq: f32,
    resonz: [Resonz; N],
    verbs: [GVerb; N],
    params: GVerbParams,
    limiters: [Limiter; 2 * N],
    hpfs: [Butter; 2 * N],
    /// Splay's Pan2 gains for `l0, r0, l1, ...`.
    splay: [(f32, f32); 2 * N],
    sr: f64,
}

impl WaveMechanics {
    /// `bf`: `freq DirtFreqScale` at the start; the controls; `seed` for the draws and the noise.
    pub fn new(
        bf: f64,
        detune: f64,
        voice: f64,
        resonance: f64,
        sr: f64,
        seed: u32,
        buf: Option<SynthBuf>,
    ) -> WaveMechanics {
        let mut rng = RGen::new(seed);
        // TIRand_Ctor: `irand(hi - lo + 1) + lo`; Rand_Ctor: `frand() range + lo`, then round.
        let det = detune.min(1.5) as f32;
        let i: [f32; N] = std::array::from_fn(|_| rng.irand(4) as f32);
        let d = i.map(|i| {
            let (lo, hi) = (1.6 * i - det, 1.7 * i + det);
            round(rng.frand() * (hi - lo) + lo, 0.25)
        });
        let mults = std::array::from_fn(|k| (RATIOS[k % 4], d[k]));
        let rq = 0.01 + linexp(voice, 0.0, 1.0, 1e-3, 1.0) as f32;
        let params = reverb_params(resonance);
        let verbs: [GVerb; N] = std::array::from_fn(|_| reverb(resonance, sr));
        let share = verbs[0].buffer_len();
        let lim_share = Limiter::buffer_len(LOOKAHEAD, sr);
        // WhiteNoise_Ctor's sample (times 0.5) is the resonators' constructor input.
        let x0 = 0.5 * rng.frand2();
        let bf32 = bf as f32;
        let resonz = mults.map(|(r, d)| Resonz::new(x0, bf32 * r * d, rq, sr));
        let mut buf = buf;
        // GVerb's constructor output is 0: the limiters' first sample.
        let mut lims = [Limiter::new(LOOKAHEAD, sr, &mut [], 0.0, 1.0); 2 * N];
        if let Some(b) = buf.as_mut() {
            let b = b.get();
            let n = (N * share).min(b.len());
            b[..n].fill(0.0);
            if b.len() >= N * share + 2 * N * lim_share {
                let lb = &mut b[N * share..];
                for (j, l) in lims.iter_mut().enumerate() {
                    let part = &mut lb[j * lim_share..(j + 1) * lim_share];
                    *l = Limiter::new(LOOKAHEAD, sr, part, 0.0, 1.0);
                }
            }
        }
        WaveMechanics {
            buf,
            share,
            lim_share,
            rng,
            mults,
            rq,
            resonz,
            verbs,
            params,
            limiters: lims,
            // HPF_Ctor runs its first sample on the limiter's constructor output, 0.
            hpfs: [Butter::new(ButterKind::High, 1.0).primed(30.0, sr, 0.0); 2 * N],
            splay: std::array::from_fn(|j| {
                let (l, r) = pan2_gains(j as f64 * (2.0 / 15.0) - 1.0);
                (l as f32, r as f32)
            }),
            sr,
        }
    }

    /// The start of a control block: `bf` is `freq DirtFreqScale`.
    pub fn control_block(&mut self, bf: f64) {
        let bf = bf as f32;
        let n = CONTROL_BLOCK as usize;
        for (z, (r, d)) in self.resonz.iter_mut().zip(&self.mults) {
            z.end_block();
            z.block(bf * r * d, self.rq, self.sr, n);
        }
        for v in &mut self.verbs {
            v.end_block();
            v.block(&self.params, n);
        }
        for h in &mut self.hpfs {
            h.block(30.0, self.sr);
        }
    }

    /// One sample (left, right).
    #[inline]
    pub fn tick(&mut self) -> (f64, f64) {
        let Some(slot) = self.buf.as_mut() else {
            return (0.0, 0.0);
        };
        let (verbs, lims) = slot.get().split_at_mut(N * self.share);
        let x = 0.5 * self.rng.frand2();
        let (mut l, mut r) = (0.0f32, 0.0f32);
        for (k, (z, verb)) in self.resonz.iter_mut().zip(&mut self.verbs).enumerate() {
            let y = z.tick(x);
            let (a, b) = verb.tick(&mut verbs[k * self.share..(k + 1) * self.share], y);
            for (j, v) in [(2 * k, a), (2 * k + 1, b)] {
                let part = &mut lims[j * self.lim_share..(j + 1) * self.lim_share];
                let v = self.limiters[j].tick(part, 55.0 * v, 1.0);
                let v = self.hpfs[j].tick(v as f64) as f32;
                // sanitize.
                let v = if v.is_finite() { v } else { 0.0 };
                l += v * self.splay[j].0;
                r += v * self.splay[j].1;
            }
        }
        ((l * 0.25) as f64, (r * 0.25) as f64)
    }
}
