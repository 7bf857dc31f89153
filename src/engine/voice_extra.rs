//! SuperDirt's extra per-event effect modules on a voice (`library/default-effects-extra.scd`,
//! loaded after the core modules, so they run after the `attack`/`release` envelope and before
//! the gate's end): `waveloss`, `squiz`, `fshift`, `triode`, `krush`, `octer`, `ring`, `comb`,
//! `djf`, in that order, each when the event sets its control (SuperDirt's module tests).
//! The DSP is in `crate::dsp` (one file per effect); `squiz` and `comb` keep their buffers
//! in a slot of the engine's [`FxPool`].
//!
//! Checked against SuperCollider 3.13 (scsynth, sc3-plugins 3.9) rendering SuperDirt's own
//! SynthDefs on the same 441 Hz sine (2026-12-06): `squiz 2`/`4`, `triode 1`, `krush 4` (and
//! `kcutoff 500`), `octer`/`octersub`/`octersubsub 1`, `ring 1 ringf 100` (and `ringdf 300`),
//! `djf 0.2`/`0.8` equal sample for sample within 1e-4 of the signal's RMS; `fshift 200` within
//! 2e-4 (SuperCollider reads a sine table); `comb 0.5` within 3e-5 once 64 samples later than
//! SuperCollider's (see `dsp/spectral_comb.rs`);
//! `waveloss` draws from another generator. The orbit's `leslie` (`engine/orbit.rs`) matches
//! `dirt_leslie2` within 0.2% RMS (`leslie 1 # lsize 0.5` and `leslie 0.5` on 3 kHz).

use super::fx_pool::{FxPool, SlotRef};
use crate::dsp::{
    djf::Djf, fshift::FreqShift, krush::Krush, octer::Octer, ring::Ring,
    spectral_comb::SpectralComb, squiz::Squiz, triode::Triode, waveloss::WaveLoss,
};
use crate::pattern::{Sym, Value};

/// Each effect's state, both channels (`[left, right]`; a mono voice uses the left).
pub struct VoiceExtras {
    waveloss: Option<[WaveLoss; 2]>,
    squiz: Option<[Squiz; 2]>,
    fshift: Option<[FreqShift; 2]>,
    triode: Option<[Triode; 2]>,
    krush: Option<[Krush; 2]>,
    octer: Option<[Octer; 2]>,
    ring: Option<[Ring; 2]>,
    comb: Option<[SpectralComb; 2]>,
    djf: Option<[Djf; 2]>,
    /// The buffers of `squiz` and `comb`.
    slot: Option<SlotRef>,
}

/// The same starting state on both channels.
fn both<T: Copy>(x: T) -> [T; 2] {
    [x, x]
}

/// What the extras need from the event besides its controls.
pub struct ExtrasEnv<'a> {
    pub sample_rate: f32,
    /// SuperDirt's `~freq` for the event (`fshiftnote` multiplies it).
    pub freq: f64,
    /// Seeds `waveloss`'s random drops (the voice's start sample).
    pub seed: u64,
    pub pool: &'a FxPool,
    /// Counts a voice that found no free slot.
    pub overflow: &'a std::sync::atomic::AtomicU64,
}

impl VoiceExtras {
    /// The event's extra effects, `None` when it sets none of their controls.
    pub fn start(v: Value, env: &ExtrasEnv) -> Option<VoiceExtras> {
        let num = |k: Sym| v.get_num(k).filter(|x| x.is_finite()).map(|x| x as f32);
        let set = |k: Sym| v.get(k).is_some();
        let sr = env.sample_rate;
        let mut e = VoiceExtras {
            waveloss: num(Sym::WAVELOSS).map(|d| {
                let seed = (env.seed ^ (env.seed >> 32)) as u32;
                [
                    WaveLoss::new(d, seed ^ 0x9e37_79b9),
                    WaveLoss::new(d, seed ^ 0x7f4a_7c15),
                ]
            }),
            squiz: num(Sym::SQUIZ).map(|r| both(Squiz::new(r))),
            fshift: num(Sym::FSHIFT).map(|hz| {
                let note = num(Sym::FSHIFTNOTE).unwrap_or(0.0) as f64;
                let shift = (env.freq * note + hz as f64) as f32;
                both(FreqShift::new(
                    shift,
                    num(Sym::FSHIFTPHASE).unwrap_or(0.0),
                    sr,
                ))
            }),
            triode: num(Sym::TRIODE).map(|t| both(Triode::new(t))),
            krush: num(Sym::KRUSH)
                .map(|k| both(Krush::new(k, num(Sym::KCUTOFF).unwrap_or(0.0), sr))),
            octer: (set(Sym::OCTER) || set(Sym::OCTERSUB) || set(Sym::OCTERSUBSUB)).then(|| {
                let o = |k| num(k).unwrap_or(0.0);
                both(Octer::new(
                    o(Sym::OCTER),
                    o(Sym::OCTERSUB),
                    o(Sym::OCTERSUBSUB),
                    sr,
                ))
            }),
            ring: num(Sym::RING).map(|r| {
                let f = |k| num(k).unwrap_or(0.0);
                both(Ring::new(r, f(Sym::RINGF), f(Sym::RINGDF), sr))
            }),
            comb: num(Sym::COMB).map(|c| both(SpectralComb::new(c))),
            djf: num(Sym::DJF).map(|d| both(Djf::new(d, sr))),
            slot: None,
        };
        let any = e.waveloss.is_some()
            || e.squiz.is_some()
            || e.fshift.is_some()
            || e.triode.is_some()
            || e.krush.is_some()
            || e.octer.is_some()
            || e.ring.is_some()
            || e.comb.is_some()
            || e.djf.is_some();
        if e.squiz.is_some() || e.comb.is_some() {
            e.slot = env.pool.take();
            if e.slot.is_none() {
                env.overflow
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (e.squiz, e.comb) = (None, None);
            }
        }
        any.then_some(e)
    }

    /// Runs the effects over one chunk of the voice's signal, in SuperDirt's order.
    pub fn process(&mut self, bl: &mut [f32], br: &mut [f32], mono: bool) {
        let chans = if mono { 1 } else { 2 };
        for (c, x) in [bl, br].into_iter().take(chans).enumerate() {
            if let Some(w) = &mut self.waveloss {
                w[c].process(x);
            }
            if let (Some(s), Some(slot)) = (&mut self.squiz, &mut self.slot) {
                s[c].process(&mut slot.get().squiz[c], x);
            }
            if let Some(f) = &mut self.fshift {
                f[c].process(x);
            }
            if let Some(t) = &mut self.triode {
                t[c].process(x);
            }
            if let Some(k) = &mut self.krush {
                k[c].process(x);
            }
            if let Some(o) = &mut self.octer {
                o[c].process(x);
            }
            if let Some(r) = &mut self.ring {
                r[c].process(x);
            }
            if let (Some(cb), Some(slot)) = (&mut self.comb, &mut self.slot) {
                let s = slot.get();
                cb[c].process(&mut s.comb[c], &s.twiddles, x);
            }
            if let Some(d) = &mut self.djf {
                d[c].process(x);
            }
        }
    }
}
