//! SuperDirt's default synths ported from their definitions (SuperDirt's
//! `library/default-synths-extra.scd`, GPL: read, not copied; the formulas are cited per synth):
//! `supermandolin`, `supersquare`, `supercomparator`, `supergong`. Built from the unit generators of
//! [`crate::dsp::sc_synth`]; control-rate values (`DirtFreqScale`'s `Line.kr`, the filter
//! cutoffs `MoogFF` reads) step every 64 samples of the voice's own age, as in the server.
//!
//! Level: the synth's own output before `DirtPan`, so a voice at `gain 1` sits where a sample
//! does (Phonon plays samples at SuperDirt's level divided by its `amp` 0.4: +8 dB over
//! SuperDirt for both). Pan is the voice's (equal power, as `Pan2`/`Balance2`).

use super::fx_pool::SlotRef;
use crate::dsp::sc_synth::{
    pan2_gains, CombL, Decay, LfNoise2, LfTri, MoogFf, PercEnv, Pulse, ScEnv, VarSaw, CONTROL_BLOCK,
};
use std::f64::consts::TAU;

/// Which of SuperDirt's default synths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirtKind {
    Mandolin,
    Square,
    Comparator,
    Gong,
}

/// The event's controls a synth reads (`None`: the synth's own default, as its `SynthDef`
/// argument list gives it).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DirtParams {
    /// Hz, from `note`/`n`/`octave`/`freq`.
    pub freq: f64,
    /// The event's length in seconds (`sustain`, or the event times `legato`).
    pub sustain: f64,
    pub speed: Option<f64>,
    pub accelerate: Option<f64>,
    pub voice: Option<f64>,
    pub decay: Option<f64>,
    pub semitone: Option<f64>,
    pub resonance: Option<f64>,
    pub lfo: Option<f64>,
    pub pitch1: Option<f64>,
    pub rate: Option<f64>,
    pub detune: Option<f64>,
}

/// `Env.pairs([[0,0],[0.05,1],[0.2,1-decay],[0.95,1-decay],[1,0]], -3)`, `timeScale: sustain`
/// (supersquare, supersaw, superpwm, supercomparator).
fn pairs_env(decay: f64, sustain: f64, sr: f64) -> ScEnv {
    let d = 1.0 - decay;
    ScEnv::new(
        &[0.0, 1.0, d, d, 0.0],
        &[0.05, 0.15, 0.75, 0.05],
        -3.0,
        sustain,
        sr,
    )
}

/// supercomparator's comparator rates (`freqlist`), raised to `voice / 5`.
/// supergong's partials (`freqlist`: "lowest modes for clamped circular plate"; the first 15
/// sound).
const GONG_RATIOS: [f64; 15] = [
    1.000, 2.081, 3.414, 3.893, 4.995, 5.954, 6.819, 8.280, 8.722, 8.882, 10.868, 11.180, 11.754,
    13.710, 13.715,
];

const COMPARATOR_FREQS: [f64; 16] = [
    1.000, 2.188, 5.091, 8.529, 8.950, 9.305, 13.746, 14.653, 19.462, 22.003, 24.888, 25.991,
    26.085, 30.509, 33.608, 35.081,
];

// Boxing the larger state would allocate on the audio thread when a voice starts.
#[allow(clippy::large_enum_variant)]
enum State {
    /// `Mix.arFill(15, {|i| EnvGen.ar(Env.perc(0.01 t_i, 0.5 t_i, 0.2 a_i), timeScale:
    /// sustain * 5) * SinOsc.ar(freq r_i DirtFreqScale)})`, `t_i = 100 / freq / r_i^(2 -
    /// clip(decay, 0, 2))`, `a_i = r_i^clip(voice, 0, 4)`; the synth never frees itself:
    /// SuperDirt's `dirt_gate` ends it after `sustain` with a 1 ms sine-shaped fade.
    Gong {
        partials: [(PercEnv, f64); 15],
        /// This block's phase increments (cycles per sample).
        incs: [f64; 15],
        /// The gate's fade: first sample and length in samples.
        fade: (f64, f64),
    },
    /// `Decay.ar(Impulse.ar(0, 0, 0.1), 0.1 * freq.cpsmidi / 69) * WhiteNoise.ar` into two
    /// `CombL`s at the period times `1 -/+ detune / 100`, decay `sustain`; its delay lines live in
    /// an effect slot (`squiz`'s two 0.1 s buffers; none free: silent).
    Mandolin {
        exciter: Decay,
        noise: u32,
        combs: [CombL; 2],
        detune: f64,
        slot: Option<SlotRef>,
    },
    Square {
        pulses: [Pulse; 2],
        filter: MoogFf,
        /// `SinOsc.ar(basefreq / 64 * rate)`'s phase in cycles.
        lfo_phase: f64,
        width: f64,
        ratio2: f64,
        pitch1: f64,
        lfo: f64,
        rate: f64,
        k: f64,
    },
    Comparator {
        saw: VarSaw,
        tris: [LfTri; 16],
        tri_mul: [f64; 16],
        pans: [(f64, f64); 16],
        filters: [MoogFf; 2],
        lfo_phase: f64,
        wobble: LfNoise2,
        gain_noise: LfNoise2,
        pitch1: f64,
        lfo: f64,
        rate: f64,
        resonance: f64,
    },
}

/// One sounding note of a SuperDirt synth.
pub struct DirtSynth {
    sr: f64,
    age: u64,
    len: u64,
    env: ScEnv,
    freq: f64,
    sustain: f64,
    /// `DirtFreqScale.kr(speed, accelerate, sustain)`: `Line.kr(|speed|, |speed| (1 + accelerate))`.
    scale: (f64, f64),
    /// This control block's `freq * DirtFreqScale`.
    basefreq: f64,
    state: State,
}

impl DirtSynth {
    /// `slot` is taken for `supermandolin` only; `seed` varies the noise per event.
    pub fn new(
        kind: DirtKind,
        p: &DirtParams,
        sr: f64,
        seed: u64,
        slot: impl FnOnce() -> Option<SlotRef>,
    ) -> DirtSynth {
        let sr = crate::dsp::sane_rate(sr as f32) as f64;
        let freq = p.freq.clamp(1.0, 0.45 * sr);
        // DirtEvent: the synth's sustain is the event's less the gate's fade-out.
        let sustain = (p.sustain - (0.001f64).min(p.sustain * 0.19098)).max(1.0 / sr);
        let speed = p.speed.unwrap_or(1.0).abs();
        let accelerate = p.accelerate.unwrap_or(0.0);
        let scale = (speed, speed * (accelerate + 1.0));
        let basefreq = (freq * speed).clamp(1.0, 0.45 * sr);
        let decay = p.decay.unwrap_or(0.0);
        let voice = p.voice.unwrap_or(0.5);
        let seed32 = (seed ^ (seed >> 32)) as u32 ^ 0x9E37_79B9;
        let (env, state) = match kind {
            DirtKind::Mandolin => {
                // Env.linen(0.002, 0.996, 0.002, 1, -3).
                let env = ScEnv::new(
                    &[0.0, 1.0, 1.0, 0.0],
                    &[0.002, 0.996, 0.002],
                    -3.0,
                    sustain,
                    sr,
                );
                let midi = 69.0 + 12.0 * (freq / 440.0).log2();
                let detune = p.detune.unwrap_or(0.2);
                let mut slot = slot();
                let buf_len = slot.as_mut().map_or(0, |s| s.get().squiz[0].len());
                let combs = [-1.0, 1.0].map(|s| {
                    CombL::new((1.0 + s * detune / 100.0) / basefreq, sustain, buf_len, sr)
                });
                (
                    env,
                    State::Mandolin {
                        // The impulse into a new Decay counts twice (SuperCollider 3.13, as the
                        // oracle's renders: see `Decay::primed`).
                        exciter: Decay::new(0.1 * midi / 69.0, sr).primed(0.1),
                        noise: seed32.max(1),
                        combs,
                        detune,
                        slot,
                    },
                )
            }
            DirtKind::Square => {
                let semitone = p.semitone.unwrap_or(12.0);
                let ratio2 = 1.0 / 2f64.powf(semitone / 12.0);
                (
                    pairs_env(decay, sustain, sr),
                    State::Square {
                        pulses: [
                            Pulse::new(basefreq, sr),
                            Pulse::new((basefreq * ratio2).max(1.0), sr),
                        ],
                        filter: MoogFf::new(1000.0, 0.0, sr),
                        lfo_phase: 0.0,
                        width: voice,
                        ratio2,
                        pitch1: p.pitch1.unwrap_or(1.0),
                        lfo: p.lfo.unwrap_or(1.0),
                        rate: p.rate.unwrap_or(1.0),
                        k: p.resonance.unwrap_or(0.2) * 4.0,
                    },
                )
            }
            DirtKind::Gong => {
                let decay = p.decay.unwrap_or(1.0).clamp(0.0, 2.0);
                let voice = p.voice.unwrap_or(0.0).clamp(0.0, 4.0);
                let ts = sustain * 5.0;
                let partials = GONG_RATIOS.map(|r| {
                    let t = 100.0 / freq / r.powf(2.0 - decay);
                    let level = 0.2 * r.powf(voice);
                    (
                        PercEnv::new(0.01 * t * ts, 0.5 * t * ts, level, -4.0, sr),
                        0.0,
                    )
                });
                // DirtEvent's fadeTime: min(0.001, 0.19098 of the event's sustain).
                let fade = (0.001f64).min(p.sustain * 0.19098) * sr;
                (
                    // Held at 1 for the gate; the fade is applied in `render_len`.
                    ScEnv::new(&[1.0, 1.0], &[sustain + fade / sr], 0.0, 1.0, sr),
                    State::Gong {
                        partials,
                        incs: [0.0; 15],
                        fade: (sustain * sr, fade.max(1.0)),
                    },
                )
            }
            DirtKind::Comparator => {
                let e = voice / 5.0;
                let pans = std::array::from_fn(|i| pan2_gains(i as f64 * 2.0 / 15.0 - 1.0));
                (
                    pairs_env(decay, sustain, sr),
                    State::Comparator {
                        saw: VarSaw::new(0.0, 0.0),
                        tris: [LfTri::new(0.0); 16],
                        tri_mul: COMPARATOR_FREQS.map(|f| 4.0 * f.powf(e) / sr),
                        pans,
                        filters: [MoogFf::new(1000.0, 0.0, sr); 2],
                        lfo_phase: 0.0,
                        wobble: LfNoise2::new(1.0, sr, seed32),
                        gain_noise: LfNoise2::new(0.0, sr, seed32.rotate_left(16) | 1),
                        pitch1: p.pitch1.unwrap_or(1.0),
                        lfo: p.lfo.unwrap_or(1.0),
                        rate: p.rate.unwrap_or(1.0),
                        resonance: p.resonance.unwrap_or(0.5),
                    },
                )
            }
        };
        DirtSynth {
            sr,
            age: 0,
            len: env.len().max(1),
            env,
            freq,
            sustain,
            scale,
            basefreq,
            state,
        }
    }

    /// Samples rendered so far.
    pub fn age(&self) -> u32 {
        self.age.min(u32::MAX as u64) as u32
    }

    /// The start of a control block at sample `age`: `basefreq` and what reads control inputs.
    fn control_block(&mut self) {
        let sr = self.sr;
        let t = (self.age as f64 / sr / self.sustain).min(1.0);
        let scale = self.scale.0 + (self.scale.1 - self.scale.0) * t;
        let bf = (self.freq * scale).clamp(1.0, 0.45 * sr);
        self.basefreq = bf;
        let blk = CONTROL_BLOCK as f64 / sr;
        match &mut self.state {
            State::Mandolin {
                combs,
                detune,
                slot,
                ..
            } => {
                let len = slot.as_mut().map_or(0, |s| s.get().squiz[0].len());
                for (c, s) in combs.iter_mut().zip([-1.0, 1.0]) {
                    c.block((1.0 + s * *detune / 100.0) / bf, self.sustain, len, sr);
                }
            }
            State::Gong { incs, .. } => {
                for (inc, r) in incs.iter_mut().zip(GONG_RATIOS) {
                    *inc = bf * r / sr;
                }
            }
            State::Square {
                pulses,
                filter,
                lfo_phase,
                width,
                ratio2,
                pitch1,
                lfo,
                rate,
                k,
            } => {
                pulses[0].block(bf, *width, sr);
                pulses[1].block((bf * *ratio2).max(1.0), *width, sr);
                // lfof1 = min(basefreq 10 pitch1, 22000), lfof2 = min(lfof1 (lfo + 1), 22000);
                // the cutoff is SinOsc.ar(basefreq / 64 * rate).range(lfof1, lfof2).
                let f1 = (bf * 10.0 * *pitch1).min(22000.0);
                let f2 = (f1 * (*lfo + 1.0)).min(22000.0);
                let s = (TAU * *lfo_phase).sin();
                filter.block(f1 + (s + 1.0) * 0.5 * (f2 - f1), *k, sr);
                *lfo_phase = (*lfo_phase + bf / 64.0 * *rate * blk).fract();
            }
            State::Comparator {
                saw,
                filters,
                lfo_phase,
                wobble,
                gain_noise,
                pitch1,
                lfo,
                rate,
                resonance,
                ..
            } => {
                // VarSaw's width: Line.ar(0, 1, sustain).
                saw.block(t);
                // pitch1 4 basefreq + SinOsc.ar(basefreq/64 rate, 0, lfo basefreq/2)
                // + LFNoise2.ar(1, lfo basefreq); gain LFNoise2.ar(0, 0.1, 4 resonance).
                let s = (TAU * *lfo_phase).sin();
                let cut = *pitch1 * 4.0 * bf + s * *lfo * bf * 0.5 + wobble.tick() * *lfo * bf;
                let k = gain_noise.tick() * 0.1 + 4.0 * *resonance;
                for f in filters.iter_mut() {
                    f.block(cut, k, sr);
                }
                *lfo_phase = (*lfo_phase + bf / 64.0 * *rate * blk).fract();
            }
        }
    }

    /// Renders into `l` (and `r` for a stereo synth); returns the samples sounded before the
    /// envelope ended (the rest zeroed) and whether the output is mono (`l` only).
    pub fn render_len(&mut self, l: &mut [f32], r: &mut [f32]) -> (usize, bool) {
        let n = l.len().min(r.len());
        let mono = !matches!(self.state, State::Comparator { .. });
        let mut done = n;
        for i in 0..n {
            if self.age >= self.len {
                done = i;
                break;
            }
            if self.age.is_multiple_of(CONTROL_BLOCK) {
                self.control_block();
            }
            let env = self.env.level(self.age);
            let bf = self.basefreq;
            let sr = self.sr;
            let first = self.age == 0;
            match &mut self.state {
                State::Mandolin {
                    exciter,
                    noise,
                    combs,
                    slot,
                    ..
                } => {
                    let x = exciter.tick(if first { 0.1 } else { 0.0 }) * white(noise);
                    let y = match slot {
                        Some(s) => {
                            let [b0, b1] = &mut s.get().squiz;
                            combs[0].tick(b0, x as f32) + combs[1].tick(b1, x as f32)
                        }
                        None => 0.0,
                    };
                    l[i] = (y as f64 * env) as f32;
                }
                State::Gong {
                    partials,
                    incs,
                    fade,
                } => {
                    let mut y = 0.0;
                    for ((e, ph), inc) in partials.iter_mut().zip(incs.iter()) {
                        if !e.done() {
                            y += e.tick() * (TAU * *ph).sin();
                        }
                        *ph = (*ph + inc).fract();
                    }
                    // dirt_gate's Env([0, 1, 1, 0], [0, sustain, fadeTime], \sin).
                    let k = self.age as f64;
                    let g = if k < fade.0 {
                        1.0
                    } else {
                        0.5 + 0.5 * (std::f64::consts::PI * ((k - fade.0) / fade.1).min(1.0)).cos()
                    };
                    l[i] = (y * g) as f32;
                }
                State::Square { pulses, filter, .. } => {
                    let x = 0.7 * pulses[0].tick() + 0.3 * pulses[1].tick();
                    l[i] = (filter.tick(x).tanh() * 2.0 * env) as f32;
                }
                State::Comparator {
                    saw,
                    tris,
                    tri_mul,
                    pans,
                    filters,
                    wobble,
                    gain_noise,
                    ..
                } => {
                    let s = saw.tick(bf / sr);
                    // Splay.arFill(16, {|i| sound > LFTri.ar(freqlist[i])}, 1): Pan2 at
                    // -1..1, summed, times 16^-0.5.
                    let (mut a, mut b) = (0.0, 0.0);
                    for ((t, m), (pl, pr)) in tris.iter_mut().zip(tri_mul.iter()).zip(pans) {
                        if s > t.tick(*m) {
                            a += *pl;
                            b += *pr;
                        }
                    }
                    if !self.age.is_multiple_of(CONTROL_BLOCK) {
                        // The noises run every sample; MoogFF read them at the block's start.
                        wobble.tick();
                        gain_noise.tick();
                    }
                    let g = 0.25 * 0.5 * env;
                    l[i] = (filters[0].tick(a) * g) as f32;
                    r[i] = (filters[1].tick(b) * g) as f32;
                }
            }
            self.age += 1;
        }
        l[done..n].fill(0.0);
        r[done..n].fill(0.0);
        (done, mono)
    }
}

/// `WhiteNoise.ar`: uniform -1..1 (xorshift32, as [`crate::dsp::osc::Noise`]).
#[inline]
fn white(state: &mut u32) -> f64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    (x >> 8) as f64 * (2.0 / 16_777_216.0) - 1.0
}
