//! SuperDirt's `supernoise`, `superstatic` and `superhex`, ported from their definitions
//! (`library/default-synths-extra.scd`; GPL: read, not copied), played by
//! [`super::dirt_synth::DirtSynth`] (its envelope, `DirtPan` and gate) as its other synths:
//!
//! * `supernoise`: `LFDNoise0.ar(min(bf, 22000), 0.5)` crossfaded (`XFade2`, `2 voice - 1`) with
//!   `XFade2.ar(BrownNoise.ar(0.5), WhiteNoise.ar(0.5), cpsmidi(bf) / 127)`, through
//!   `BMoog.ar(_, clip(5 bf pitch1 Line.kr(1, 1 + slide), 60, 20000), resonance, 3)` (mode 3:
//!   the ladder's lowpass) and `HPF.ar(_, 20)`, `clip2(1) * 0.3`; `bf = 8 freq + wrap2(acc
//!   Line.kr(-1, 2 rate - 1, sustain), acc)`, `acc = 4 freq accelerate` (no `speed`: the def has
//!   none). `slide` is 0 (Phonon has no `slide` control).
//! * `superstatic`: `Pulse.ar(4 f (Dust.ar(40 f) > 0.5), 0.5, 0.5)`, `f = freq DirtFreqScale`:
//!   `Pulse` reads its frequency at each control block's first sample, so a block sounds a
//!   square at `4 f` when the dust fires (over half its height) on that sample, else 0 Hz, where
//!   the pulse's integrator (`0.999`) holds and decays; before the first firing its phase sits
//!   at 0, on the kernel's peak, and the integrator climbs by 1 a sample (SuperDirt's renders do
//!   this too: the note's first blocks are its loudest). Envelope `Env.sine(1, 0.5)`.
//! * `superhex`: `MembraneHexagon.ar(Decay.ar(Impulse.ar(0, 0, 1), 0.01), 0.05 f / 400, 1 -
//!   0.01 rate / freq)` (`f = freq DirtFreqScale`, read per control block).
//! * `supergrind`: [`super::dirt_synth_grind`]; `superprimes`: [`super::dirt_synth_primes`];
//!   `superwavemechanics`: [`super::dirt_synth_wave`].
//!
//! superhex's membrane and superprimes' and superwavemechanics' states live in an engine slot
//! ([`super::big_slot`]): with none free the voice is silent.

use super::big_slot::{Big, BigSlot, BigState};
use super::dirt_synth::{line, DirtParams};
use super::dirt_synth_grind::Grind;
use super::dirt_synth_primes::Primes;
use super::dirt_synth_wave::WaveMechanics;
use super::fx_pool::{Held, SynthBuf};
use crate::dsp::sc_bmoog::BMoog;
use crate::dsp::sc_membrane::MembraneHexagon;
use crate::dsp::sc_noise::{BrownNoise, Dust, LfdNoise0, RGen};
use crate::dsp::sc_synth::{sc_wrap, Butter, ButterKind, Decay, Pulse, ScEnv};
use crate::dsp::sc_ugens::xfade2;

/// Which of this file's synths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoreKind {
    Noise,
    Static,
    Hex,
    Grind,
    Primes,
    Wave,
}

/// Samples of synth buffer ([`super::fx_pool::SynthPool`]) the most demanding of these synths
/// needs at `sr`.
pub fn buffer_len(sr: f64) -> usize {
    super::dirt_synth_grind::buffer_len(sr)
        .max(super::dirt_synth_primes::buffer_len(sr))
        .max(super::dirt_synth_wave::buffer_len(sr))
}

// Grind's state is inline (1 KB); boxing it would allocate on the audio thread.
#[allow(clippy::large_enum_variant)]
pub(super) enum More {
    Noise {
        rng: RGen,
        lfd: LfdNoise0,
        brown: BrownNoise,
        moog: BMoog,
        hpf: Butter,
        freq: f64,
        /// `accelerate * freq * 4`.
        acc: f64,
        rate: f64,
        pitch1: f64,
        resonance: f64,
        /// The outer crossfade's gains (LFDNoise0, the noises) and this block's inner ones
        /// (brown, white), and LFDNoise0's phase step.
        outer: (f64, f64),
        inner: (f64, f64),
        inc: f32,
    },
    Static {
        rng: RGen,
        pulse: Pulse,
    },
    Hex {
        exciter: Decay,
        /// The `MembraneHexagon`.
        mesh: Option<BigSlot>,
        loss: f32,
    },
    Grind(Grind),
    /// The [`Primes`].
    Primes(Option<BigSlot>),
    /// The [`WaveMechanics`].
    Wave(Option<BigSlot>),
}

/// `x.wrap2(b)`: `x` wrapped into `-b..b` (0 when `b` is 0).
fn wrap2(x: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        sc_wrap(x, -b.abs(), b.abs())
    }
}

/// `f.cpsmidi`.
fn cpsmidi(f: f64) -> f64 {
    69.0 + 12.0 * (f.max(1e-6) / 440.0).log2()
}

impl More {
    /// The synth's envelope and state. `freq`: the event's, `bf`: times `DirtFreqScale` at the
    /// start; `sustain`: the synth's; `synth_buf` is taken by the synths with long delay lines,
    /// `big_slot` by superhex, superprimes and superwavemechanics (first: without it the
    /// voice takes no synth buffer).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        kind: MoreKind,
        p: &DirtParams,
        freq: f64,
        bf: f64,
        sustain: f64,
        sr: f64,
        seed: u32,
        synth_buf: impl FnOnce() -> Option<SynthBuf>,
        big_slot: impl FnOnce() -> Option<Held<BigState>>,
    ) -> (ScEnv, More) {
        let mut rng = RGen::new(seed);
        match kind {
            MoreKind::Noise => {
                let voice = p.voice.unwrap_or(0.0);
                let lfd = LfdNoise0::new((8.0 * freq).min(22000.0) as f32 / sr as f32, &mut rng);
                let brown = BrownNoise::new(&mut rng);
                (
                    ScEnv::linen([0.01, 0.98, 0.01], -1.0, sustain, sr),
                    More::Noise {
                        rng,
                        lfd,
                        brown,
                        moog: BMoog::new(3.0),
                        hpf: Butter::new(ButterKind::High, 1.0),
                        freq,
                        acc: p.accelerate.unwrap_or(0.0) * freq * 4.0,
                        rate: p.rate.unwrap_or(1.0),
                        pitch1: p.pitch1.unwrap_or(1.0),
                        resonance: p.resonance.unwrap_or(0.0),
                        outer: xfade2(2.0 * voice - 1.0, 1.0),
                        inner: (0.0, 0.0),
                        inc: 0.0,
                    },
                )
            }
            MoreKind::Static => {
                // Pulse_Ctor reads its frequency from the inputs' first samples (Dust_Ctor's).
                let dust = Dust::new((40.0 * bf) as f32, sr as f32);
                let on = dust.tick(&mut rng) > 0.5;
                (
                    ScEnv::sine(1.0, 0.5, sustain, sr),
                    More::Static {
                        pulse: Pulse::new(if on { 4.0 * bf } else { 0.0 }, sr),
                        rng,
                    },
                )
            }
            MoreKind::Hex => {
                let loss = (1.0 - 0.01 * p.rate.unwrap_or(1.0) / freq) as f32;
                (
                    ScEnv::linen([0.02, 0.96, 0.02], -3.0, sustain, sr),
                    More::Hex {
                        // The impulse (1) into a new Decay counts twice (`Decay::primed`); the
                        // mesh's constructor runs one sample of Decay's constructor output, 1.
                        exciter: Decay::new(0.01, sr).primed(1.0),
                        mesh: big_slot().map(|held| {
                            let tension = (0.05 * bf / 400.0) as f32;
                            BigSlot::new(held, Big::Hex(MembraneHexagon::new(1.0, tension, loss)))
                        }),
                        loss,
                    },
                )
            }
            MoreKind::Grind | MoreKind::Primes => {
                // (rate, detune, voice): both synths' defaults.
                let (r, d, v) = (
                    p.rate.unwrap_or(1.0),
                    p.detune.unwrap_or(0.0),
                    p.voice.unwrap_or(0.0),
                );
                if kind == MoreKind::Grind {
                    let env = ScEnv::linen([0.1, 0.8, 0.1], 0.0, sustain, sr);
                    (env, More::Grind(Grind::new(bf, r, d, v, sr, synth_buf())))
                } else {
                    let env = ScEnv::linen([0.1, 0.6, 0.3], 0.0, sustain, sr);
                    let primes = big_slot().map(|held| {
                        let primes = Primes::new(sustain, r, d, v, sr, seed, synth_buf());
                        BigSlot::new(held, Big::Primes(primes))
                    });
                    (env, More::Primes(primes))
                }
            }
            MoreKind::Wave => {
                // (detune, voice, resonance): the def's defaults, 0.
                let (d, v, r) = (
                    p.detune.unwrap_or(0.0),
                    p.voice.unwrap_or(0.0),
                    p.resonance.unwrap_or(0.0),
                );
                let wave = big_slot().map(|held| {
                    let wave = WaveMechanics::new(bf, d, v, r, sr, seed, synth_buf());
                    BigSlot::new(held, Big::Wave(wave))
                });
                (ScEnv::sine(1.0, 1.0, sustain, sr), More::Wave(wave))
            }
        }
    }

    /// Whether the synth has two channels.
    pub fn stereo(&self) -> bool {
        matches!(self, More::Grind(_) | More::Primes(_) | More::Wave(_))
    }

    /// The start of a control block `t` seconds into the note: `bf` is `freq DirtFreqScale`.
    pub fn control_block(&mut self, bf: f64, t: f64, sustain: f64, sr: f64) {
        match self {
            More::Noise {
                moog,
                hpf,
                freq,
                acc,
                rate,
                pitch1,
                resonance,
                inner,
                inc,
                ..
            } => {
                let basefreq =
                    *freq * 8.0 + wrap2(*acc * line(-1.0, 2.0 * *rate - 1.0, sustain, t), *acc);
                let ffreq = (basefreq * 5.0 * *pitch1).clamp(60.0, 20000.0);
                *inc = (basefreq.min(22000.0) / sr) as f32;
                *inner = xfade2(cpsmidi(basefreq) / 127.0, 1.0);
                moog.block(ffreq as f32, *resonance as f32, sr as f32);
                hpf.block(20.0, sr);
            }
            More::Static { rng, pulse } => {
                // Dust's first sample of the block decides the block's frequency.
                let on = Dust::new((40.0 * bf) as f32, sr as f32).tick(rng) > 0.5;
                pulse.block(if on { 4.0 * bf } else { 0.0 }, 0.5, sr);
            }
            More::Grind(g) => g.control_block(bf),
            More::Hex { mesh, loss, .. } => {
                if let Some(Big::Hex(mesh)) = mesh.as_mut().map(BigSlot::get) {
                    mesh.block((0.05 * bf / 400.0) as f32, *loss);
                }
            }
            More::Primes(s) | More::Wave(s) => match s.as_mut().map(BigSlot::get) {
                Some(Big::Primes(g)) => g.control_block(bf),
                Some(Big::Wave(g)) => g.control_block(bf),
                _ => {}
            },
        }
    }

    /// One sample (left, right); `first`: the note's first sample.
    #[inline]
    pub fn tick(&mut self, first: bool) -> (f64, f64) {
        let y = match self {
            More::Noise {
                rng,
                lfd,
                brown,
                moog,
                hpf,
                outer,
                inner,
                inc,
                ..
            } => {
                let a = 0.5 * lfd.tick(*inc, rng) as f64;
                let b = 0.5 * brown.tick(rng) as f64;
                let c = 0.5 * rng.frand2() as f64;
                let x = outer.0 * a + outer.1 * (inner.0 * b + inner.1 * c);
                let y = hpf.tick(moog.tick(x as f32) as f64);
                y.clamp(-1.0, 1.0) * 0.3
            }
            More::Static { pulse, .. } => pulse.tick() * 0.5,
            More::Hex { exciter, mesh, .. } => {
                let x = exciter.tick(if first { 1.0 } else { 0.0 });
                match mesh.as_mut().map(BigSlot::get) {
                    Some(Big::Hex(mesh)) => mesh.tick(x as f32) as f64,
                    _ => 0.0,
                }
            }
            More::Grind(g) => return g.tick(),
            More::Primes(s) | More::Wave(s) => {
                return match s.as_mut().map(BigSlot::get) {
                    Some(Big::Primes(g)) => g.tick(),
                    Some(Big::Wave(g)) => g.tick(),
                    _ => (0.0, 0.0),
                };
            }
        };
        (y, y)
    }
}
