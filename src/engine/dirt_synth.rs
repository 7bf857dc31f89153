//! SuperDirt's default synths ported from their definitions (SuperDirt's
//! `library/default-synths-extra.scd`, GPL: read, not copied; the formulas are cited per synth):
//! `supermandolin`, `supersquare`, `supercomparator`, `supergong`, `superkick`, `superhat`,
//! `supersnare`, `superfm` (at its defaults: FM7 without modulation, six sines), `supersaw`,
//! `superpwm`, `super808`, `superfork`, `supervibe`, `superreese`, `superhammond`, `superzow`,
//! `superpiano` (sc3-plugins' `MdaPiano`, [`crate::dsp::mda_piano`]), `supersiren`,
//! `superhoover`, `superclap`, `supertron`, `superchip` (sc3-plugins' `AY`, [`crate::dsp::sc_ay`]). Built from the unit generators
//! of [`crate::dsp::sc_synth`]; control-rate values (`DirtFreqScale`'s `Line.kr`, the filter
//! cutoffs `MoogFF` reads) step every 64 samples of the voice's own age, as in the server.
//!
//! The envelope is heard as `DirtPan` applies it: `Pan2`/`Balance2` read their `mul` (the
//! synth's `EnvGen`) once per control block and ramp to it over the block, so the first block is
//! near silent and the envelope a block late; the synth is freed at the end of the block its
//! envelope ends in, and `dirt_gate`'s 1 ms sine fade ends every note at `sustain`.
//!
//! Level: the synth's own output before `DirtPan`; the voice then plays it through SuperDirt's
//! output stage, `amp * gain^4` (`dirt_gate.rs`), as samples. Pan is the voice's (equal power,
//! as `Pan2`/`Balance2`).

use super::big_slot::{Big, BigSlot, BigState};
use super::dirt_synth_more::{More, MoreKind};
use super::fx_pool::{Held, SlotRef, SynthBuf};
use crate::dsp::fm_ops::{self, FmOps};
use crate::dsp::lanes::Isa;
use crate::dsp::mda_piano::{MdaParams, MdaPiano};
use crate::dsp::piano_lanes::PianoLanes;
use crate::dsp::sc_ay::{freq_to_tone, Ay};
use crate::dsp::sc_delay_c::DelayC;
use crate::dsp::sc_lf::{LfPar, LfPulse, LfSaw};
use crate::dsp::sc_peak_eq::BPeakEq;
use crate::dsp::sc_synth::{
    pan2_gains, sc_wrap, AllPass, Butter, ButterKind, CombL, Decay, LfNoise2, LfTri, MoogFf,
    PercEnv, Pulse, Rlpf, SawDpw, ScEnv, VarSaw, XLine, CONTROL_BLOCK,
};
use crate::dsp::sc_ugens::LeakDc;
use crate::dsp::supersaw_lanes::{self, SupersawLanes};
use std::f64::consts::TAU;

/// Which of SuperDirt's default synths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirtKind {
    Mandolin,
    Square,
    Comparator,
    Gong,
    Kick,
    Hat,
    Snare,
    Fm,
    Saw,
    Pwm,
    Bd808,
    Fork,
    Vibe,
    Reese,
    Hammond,
    Zow,
    Piano,
    Siren,
    Hoover,
    Clap,
    Tron,
    Chip,
    /// `supernoise`, `superstatic`, `superhex`, `supergrind`, `superprimes`, `superwavemechanics`
    /// ([`super::dirt_synth_more`]).
    More(MoreKind),
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
    /// The event's `n` as given (superkick, superhat, supersnare read it raw).
    pub n: Option<f64>,
    /// superpiano's `velocity` (1).
    pub velocity: Option<f64>,
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

/// superfm's operator detunes in Hz (`\\detune1..6.kr(rand2(0.1))`: drawn when SuperDirt
/// builds the def; these are the sound oracle's draw, `thisThread.randSeed = 1234`).
const FM_DETUNES: [f64; 6] = [
    0.040_101_956_576_108_93,
    -0.023_506_116_122_007_37,
    0.083_414_077_758_789_06,
    -0.059_579_253_196_716_31,
    -0.034_621_000_289_916_99,
    0.026_405_811_309_814_45,
];

/// `Line.kr(a, b, dur)`'s value `t` seconds in.
pub(super) fn line(a: f64, b: f64, dur: f64, t: f64) -> f64 {
    if dur <= 0.0 {
        b
    } else {
        a + (b - a) * (t / dur).min(1.0)
    }
}

/// superchip's tone registers: `AY.freqtotone` of the note, `pitch2` (2) and `pitch3` (3) times it.
fn chip_tones(bf: f64) -> [f64; 3] {
    [1.0, 2.0, 3.0].map(|r| freq_to_tone(r * bf))
}

/// `(n / 5 + 1).wrap(0.5, 2)`: superhat's and supersnare's pitch factor.
fn drum_ratio(n: f64) -> f64 {
    sc_wrap(n / 5.0 + 1.0, 0.5, 2.0)
}

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
    /// `SinOsc.ar((n - 25.5).midicps) + LPF.ar(WhiteNoise.ar, 1500 pitch1 DirtFreqScale(clickdur))
    /// * Line.ar(1, 0, clickdur)`, `clickdur = 0.02 sustain decay`.
    Kick {
        phase: f64,
        inc: f64,
        lpf: Butter,
        noise: u32,
        click_s: f64,
        pitch1: f64,
        click_scale: (f64, f64),
    },
    /// `HPF.ar(LPF.ar(WhiteNoise.ar, 3 f), f)`, `f = 2000 DirtFreqScale (n / 5 + 1).wrap(0.5, 2)`.
    Hat {
        lpf: Butter,
        hpf: Butter,
        noise: u32,
        ratio: f64,
    },
    /// `LPF.ar(Pulse.ar(f), Line.ar(1030, 30, 0.2 sustain)) + BPF.ar(HPF.ar(WhiteNoise.ar, 500),
    /// 1500) * Line.ar(1, 0, 0.2 decay)`, `f = 100 DirtFreqScale (n / 5 + 1).wrap(0.5, 2)`.
    Snare {
        pulse: Pulse,
        lpf: Butter,
        hpf: Butter,
        bpf: Butter,
        noise: u32,
        ratio: f64,
        noise_s: f64,
    },
    /// `FM7.ar` at SuperDirt's defaults (no modulation, ratios and amps 1): six sines at `freq +
    /// detune_i`, each scaled by its operator envelope (`EnvGen.kr(Env([0, 1, 1, 1, 1], [0.01,
    /// 0.333, 1, 1]), timeScale: sustain)`, ramped over each block as FM7 ramps its `kr`
    /// amplitudes), summed, times -15 dB.
    Fm {
        ops: FmOps,
        op_env: ScEnv,
        amp: f64,
        amp_slope: f64,
    },
    /// `MoogFF.ar(0.5 Mix(SawDPW(bf (1 + (i - 1) voice / 50))) + 0.5 LFTri.ar(bf 2^(semitone/12),
    /// voice), LFTri.ar(bf / 64 rate, 0.5).range(lfof1, lfof2), 4 resonance).tanh * 2`.
    Saw {
        saws: [SawDpw; 3],
        tri: LfTri,
        sweep: LfTri,
        filter: MoogFf,
        voice: f64,
        ratio2: f64,
        pitch1: f64,
        lfo: f64,
        rate: f64,
        k: f64,
    },
    /// `0.7 P(bf) DelayC(P(bf), Line.kr(0, voice, sustain) / bf) + 0.3 P(bf2) DelayC(P(bf2),
    /// Line.kr(0.1, 0.1 + voice, sustain) / bf)` (`P` = `PulseDPW`, `bf2 = bf / 2^(semitone/12)`)
    /// through `MoogFF` at `SinOsc.ar(bf / 32 rate).range(lfof1, lfof2)` and a second at
    /// `min(env2 lfof2 1.1, 22000)` (gain 3), `tanh * 5`. A delayed oscillator is read at its
    /// phase less the delay (the lines move a fraction of a cycle over the note), silent until
    /// the delay has passed, as the delay line's empty start.
    Pwm {
        /// Per pulse: its two saws, the delayed copies of them.
        saws: [[SawDpw; 4]; 2],
        filters: [MoogFf; 2],
        env2: ScEnv,
        lfo_phase: f64,
        /// This block's delays in seconds.
        delays: [f64; 2],
        voice: f64,
        ratio2: f64,
        pitch1: f64,
        lfo: f64,
        rate: f64,
        k: f64,
    },
    /// `LPF.ar(SinOscFB.ar(XLine.ar(f.expexp(10, 2000, 1000, 8000), f, 0.025 / rate), voice),
    /// 9000)`, `f = (10 n').midicps DirtFreqScale`, `n' = (n > 0) n + (n < 1) 3`.
    Bd808 {
        phase: f64,
        /// The sweep: this sample's frequency, its factor per sample, samples left.
        freq: f64,
        grow: f64,
        left: u64,
        end: f64,
        feedback: f64,
        y: f64,
        lpf: Butter,
    },
    /// `0.2 SinOsc.ar([1, 6.1, 16.7, 20.1] f) * XLine.ar([0.3, 1, 1.3, 2], [1e-4, 1e-7, 1e-6,
    /// 1e-7], sustain [4, 4, 0.5, 0.333])`, four channels spread by `Splay` (Pan2 at -1, -1/3,
    /// 1/3, 1, times 4^-0.5).
    Fork {
        phases: [f64; 4],
        /// Each partial's level and its factor per sample (XLine; held at its end).
        levels: [f64; 4],
        grows: [f64; 4],
        lefts: [u64; 4],
        ends: [f64; 4],
        pans: [(f64, f64); 4],
    },
    /// `XLine.ar(1e-6, 1, 1 / f_j) XLine.ar(1, 1e-6, 4 sustain d_j) 0.3 a_j SinOsc.ar(f_j) mod_j`
    /// over `f_j = f [1, 4, 10, 13.75 + detune]`, `a = [1, 1.1 v, 0.6 v^2, 0.5 v]`, `d = [1, 0.7,
    /// 0.5, 0.4] e^-decay` (not the first), `mod = SinOsc.kr(7, Rand(0, 2pi)).range(1 - [0.5, 0.3,
    /// 0.3, 0.5], 1)`, plus `XLine.ar(0.3 v, 1e-6, 0.02)` times sines at `f [19.2, 20, 21.2]`.
    Vibe {
        phases: [f64; 7],
        incs: [f64; 7],
        ratios: [f64; 7],
        gains: [f64; 4],
        attacks: [XLine; 4],
        decays: [XLine; 4],
        hi: XLine,
        mod_phase: f64,
        /// The tremolo's value at the last block's start and this one's (`ar * kr` ramps).
        mods: [(f64, f64); 4],
    },
    /// `Splay.ar(VarSaw.ar(f [0.99 - detune/100, 1.01 + detune/100], [0.7, 0.5], [0.01, 0.02]),
    /// 0.2, levelComp: false)` through `RLPF(f 10, 1/q1)`, `clip2(0.2) * 5`, `0.35 RLPF(f 20,
    /// 1/q2)`, `q1 = voice.linlin(0, 2, 3, 0.5)`, `q2 = voice.linlin(0, 2, 2, 7)`.
    Reese {
        saws: [VarSaw; 2],
        ratios: [f64; 2],
        pans: [(f64, f64); 2],
        first: [Rlpf; 2],
        second: [Rlpf; 2],
    },
    /// `0.5 Mix(SinOsc.ar(f_j (2 click + 1), phase_j, amp_j / sum))`, `click = WhiteNoise.ar *
    /// XLine.ar(1, 1e-6, 0.1)`, the drawbars folded into 63..6000 Hz, plus
    /// `BAllPass.ar(sound, 1000 LFTri.kr(vrate 7, 0, vibrato / 2, 1))` of itself (no
    /// percussion; `voice` picks the drawbars).
    Hammond {
        /// Phases in cycles.
        phases: [f64; 9],
        incs: [f64; 9],
        amps: [f64; 9],
        click: XLine,
        noise: u32,
        vib: LfTri,
        allpass: AllPass,
    },
    /// `VarSaw(bf, 0, w) - DelayN(VarSaw(bf (1 + detune/100), 0, w), Line.ar(0, 1, 5 sustain /
    /// slide) / bf) + DelayN(VarSaw(bf (1 - detune/100), 0, w), Line.ar(0, 1, 20 sustain / slide)
    /// / bf)`, `w = Line.ar(0, 0.5, 20 sustain / slide)`, halved; the delay lines in an effect
    /// slot (none free: the plain saw alone).
    Zow {
        saws: [VarSaw; 3],
        ratios: [f64; 3],
        slide: f64,
        wr: usize,
        slot: Option<SlotRef>,
    },
    /// `MdaPiano.ar(freq DirtFreqScale + 0.01, vel: 100 velocity, hard: 0.8 velocity, decay:
    /// 0.1 sustain, tune: 0.5, random: 0.05, stretch: detune, muffle: 0.8 muffle, stereo:
    /// stereo)`: the mda Piano of [`crate::dsp::mda_piano`], its two channels through
    /// `DirtPan`'s `Balance2`.
    Piano { piano: MdaPiano },
    /// `Mix.arFill(4, {|i| BPF.ar(LPF.ar(WhiteNoise.ar, 7500 pitch1), 1500 pitch1) * 0.5 *
    /// EnvGen.ar(Env([0, 0, 1, 0], [0.005 delay i^(clip(n, 0, 5) + 1), 0, 0.04 / rate]))})`:
    /// four claps of one noise, each a 40 ms linear fall, the later ones spread by `n`.
    Clap {
        lpf: Butter,
        bpf: Butter,
        pitch1: f64,
        noise: u32,
        claps: [ScEnv; 4],
    },
    /// `VarSaw.ar(bf (1 + EnvGen.kr(Env.linen(0.25, 0.5, 0.25, 3, 0), timeScale: sustain)), 0,
    /// Line.kr(0.05, 1, sustain))`.
    Siren {
        saw: VarSaw,
        /// The glide envelope's segments in control blocks (EnvGen at control rate counts
        /// `(int32)(dur * rate)` steps, at least one).
        glide: [u64; 3],
        /// This block's frequency in cycles per sample.
        inc: f64,
    },
    /// Three voices `j` at `f_j = bf SinOsc.kr([2.94, 3, 3.07], [3, 5.5, 1.2]).exprange(0.995,
    /// 1.005)`: `0.15 [1, 0.9, 1.1] LFSaw.ar(f_j [0.25, 0.5, 1], [1, 1.01, 1.02]).range(0, 1)
    /// (1 - LFPulse.ar(f_j [0.5, 1, 2], 0, SinOsc.kr([1.3, 2.9, 4.4]).range(1/8, 7/8)))` plus
    /// `0.1 LFPar.ar(f_j / 4)`, summed, through `BPeakEQ` at 6000 Hz (+3 dB) and 3500 Hz (+6
    /// dB), plus `CombC.ar(mix, 1/200, SinOsc.kr(3, [0.5pi, 1.5pi]).range(1/300, 1/200), 0)`
    /// per channel, times 1.4 (`slide` 0: no glide). The combs (8 KB) live in an engine slot
    /// ([`super::big_slot`]; none free: silent).
    Hoover {
        saws: [LfSaw; 3],
        pulses: [LfPulse; 3],
        pars: [LfPar; 3],
        eqs: [BPeakEq; 2],
        combs: Option<BigSlot>,
        /// This block's `f_j / sr`.
        incs: [f64; 3],
    },
    /// `LeakDC.ar(Mix(Pulse.ar(f + [1 + detune, -1 - detune], RLPF.ar(LocalIn.ar(1), f / 6.1,
    /// 1.5).range(0, 1 - voice / 1.5))))`, fed back through `LocalOut`: the pulses' width is
    /// the low-passed output of the block before (LocalIn is a block late; `Pulse` reads its
    /// width input at the block's first sample).
    Tron {
        pulses: [Pulse; 2],
        rlpf: Rlpf,
        leak: LeakDc,
        /// The last block's output (LocalOut), read back as LocalIn.
        fb: [f64; CONTROL_BLOCK as usize],
        detune: f64,
        voice: f64,
    },
    /// `tanh(AY.ar(AY.freqtotone(bf), AY.freqtotone(2 bf), AY.freqtotone(3 bf), vola: va, volb:
    /// vb, volc: vc) / 2) * 2` (`pitch2` 2, `pitch3` 3, `slide` 0: SuperDirt's defaults), `va =
    /// (voice < 0.5) 15`, `vb = ((2 voice) % 1 < 0.5) 15`, `vc = ((4 voice) % 1 < 0.5) 15`.
    Chip { ay: Ay },
    /// The synths of [`super::dirt_synth_more`].
    More(More),
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

fn decay_or(x: Option<f64>, d: f64) -> f64 {
    x.unwrap_or(d)
}

fn voice_or(x: Option<f64>, d: f64) -> f64 {
    x.unwrap_or(d)
}

/// superhammond's drawbars (times the note) and their phases (`(2pi ! 9).rand`, drawn when
/// SuperDirt builds the def; the sound oracle's draw, `thisThread.randSeed = 1234`).
const HAMMOND_RATIOS: [f64; 9] = [0.5, 1.4988, 1.0, 2.0, 2.9976, 4.0, 5.0409, 5.9953, 8.0];
const HAMMOND_PHASES: [f64; 9] = [
    3.856_479_382_714_406,
    3.144_964_714_872_538,
    4.713_157_468_806_745,
    6.144_303_120_807_635,
    1.180_898_557_667_799,
    2.695_603_468_807_231,
    4.955_034_331_057_501,
    4.565_663_118_812_183,
    2.979_192_923_869_193,
];
/// Drawbar settings by `voice` (0: bass violin 16', tibia 8', bassoon 8', french trumpet 8',
/// string ensemble, blues, jazz 1, full shout, Bro' Jack, 9: jazz 2).
const HAMMOND_BARS: [[f64; 9]; 10] = [
    [1.0, 4.0, 5.0, 4.0, 3.0, 1.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 8.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 7.0, 8.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 7.0, 8.0, 8.0, 8.0, 8.0, 7.0, 2.0],
    [4.0, 0.0, 5.0, 5.0, 4.0, 5.0, 3.0, 3.0, 6.0],
    [8.0, 8.0, 5.0, 3.0, 2.0, 4.0, 5.0, 8.0, 8.0],
    [8.0, 8.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0],
    [8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0],
    [8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 8.0, 8.0, 8.0],
    [0.0, 0.0, 8.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0],
];
/// "Damp brilliance a bit": subtracted from the drawbars.
const HAMMOND_DAMP: [f64; 9] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.5];

/// superhoover's `SinOsc.kr` rates and phases (the pitch wobble), its pulse-width rates, and
/// its comb's delay range (`range(1/300, 1/200)`: low end, span).
const HOOVER_VIB: [f64; 3] = [2.94, 3.0, 3.07];
const HOOVER_VIB_PHASE: [f64; 3] = [3.0, 5.5, 1.2];
const HOOVER_PWM: [f64; 3] = [1.3, 2.9, 4.4];
const HOOVER_COMB: (f64, f64) = (1.0 / 300.0, 1.0 / 200.0 - 1.0 / 300.0);

/// superfork's partials (times the note).
const FORK_RATIOS: [f64; 4] = [1.0, 6.1, 16.7, 20.1];

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
    /// `DirtPan`'s level (`Pan2`/`Balance2`'s `mul`, the synth's envelope): read once per control
    /// block (the envelope's first sample of the block) and ramped to from the last block's over
    /// the block, so the heard envelope is one block late and its first block near silent, as in
    /// SuperDirt's renders. (From, to) for this block; `None`: no `mul` (supergong).
    pan_level: Option<(f64, f64)>,
    /// `dirt_gate`'s `Env([0, 1, 1, 0], [0, sustain, fadeTime], \sin)`: the fade's first sample
    /// and length in samples.
    gate: (f64, f64),
    state: State,
}

impl DirtSynth {
    /// `slot` is taken for `supermandolin` only, `synth_buf` for `supergrind`, `superprimes` and
    /// `superwavemechanics`, `big_slot` for `superhoover`, `superhex`, `superprimes` and
    /// `superwavemechanics`;
    /// `seed` varies the noise per event.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        kind: DirtKind,
        p: &DirtParams,
        sr: f64,
        seed: u64,
        slot: impl FnOnce() -> Option<SlotRef>,
        synth_buf: impl FnOnce() -> Option<SynthBuf>,
        big_slot: impl FnOnce() -> Option<Held<BigState>>,
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
                let fade = (0.001f64).min(p.sustain * 0.19098) * sr;
                (
                    // Held at 1 for the gate; the fade is applied in `render_len`.
                    ScEnv::new(&[1.0, 1.0], &[sustain + fade / sr], 0.0, 1.0, sr),
                    State::Gong {
                        partials,
                        incs: [0.0; 15],
                    },
                )
            }
            DirtKind::Kick => {
                // Env.linen(0.01, 0, 0.5, 1, -3).
                let env = ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.01, 0.0, 0.5], -3.0, sustain, sr);
                let n = p.n.unwrap_or(0.0);
                let f = 440.0 * 2f64.powf((n - 25.5 - 69.0) / 12.0);
                let click_s = 0.02 * sustain * p.decay.unwrap_or(1.0);
                (
                    env,
                    State::Kick {
                        phase: 0.0,
                        inc: f.min(0.45 * sr) / sr,
                        lpf: Butter::new(ButterKind::Low, 1.0),
                        noise: seed32.max(1),
                        click_s,
                        pitch1: p.pitch1.unwrap_or(1.0),
                        click_scale: scale,
                    },
                )
            }
            DirtKind::Hat => (
                // Env.linen(0.01, 0, 0.3, 1, -3).
                ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.01, 0.0, 0.3], -3.0, sustain, sr),
                State::Hat {
                    lpf: Butter::new(ButterKind::Low, 1.0),
                    hpf: Butter::new(ButterKind::High, 1.0),
                    noise: seed32.max(1),
                    ratio: drum_ratio(p.n.unwrap_or(0.0)),
                },
            ),
            DirtKind::Snare => {
                let ratio = drum_ratio(p.n.unwrap_or(0.0));
                (
                    // Env.linen(0.01, 0, 0.6, 1, -3).
                    ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.01, 0.0, 0.6], -3.0, sustain, sr),
                    State::Snare {
                        pulse: Pulse::new((100.0 * speed * ratio).max(1.0), sr),
                        lpf: Butter::new(ButterKind::Low, 1.0),
                        hpf: Butter::new(ButterKind::High, 1.0),
                        bpf: Butter::new(ButterKind::Band, 1.0),
                        noise: seed32.max(1),
                        ratio,
                        noise_s: 0.2 * decay_or(p.decay, 1.0),
                    },
                )
            }
            DirtKind::Fm => {
                let incs = FM_DETUNES.map(|d| ((freq + d) / sr).clamp(0.0, 0.45));
                (
                    // Env.linen(0.01, 0.98, 0.01, 1, -3).
                    ScEnv::new(
                        &[0.0, 1.0, 1.0, 0.0],
                        &[0.01, 0.98, 0.01],
                        -3.0,
                        sustain,
                        sr,
                    ),
                    State::Fm {
                        ops: FmOps::new(incs),
                        op_env: ScEnv::new(
                            &[0.0, 1.0, 1.0, 1.0, 1.0],
                            &[0.01, 0.1 / 0.3, 1.0, 1.0],
                            0.0,
                            sustain,
                            sr,
                        ),
                        amp: 0.0,
                        amp_slope: 0.0,
                    },
                )
            }
            DirtKind::Saw => {
                let semitone = p.semitone.unwrap_or(12.0);
                let ratio2 = 2f64.powf(semitone / 12.0);
                let saws = [-1.0, 0.0, 1.0]
                    .map(|i| SawDpw::new(0.0, basefreq * (i * voice / 50.0 + 1.0), sr));
                (
                    pairs_env(decay, sustain, sr),
                    State::Saw {
                        saws,
                        tri: LfTri::new(voice),
                        sweep: LfTri::new(0.5),
                        filter: MoogFf::new(1000.0, 0.0, sr),
                        voice,
                        ratio2,
                        pitch1: p.pitch1.unwrap_or(1.0),
                        lfo: p.lfo.unwrap_or(1.0),
                        rate: p.rate.unwrap_or(1.0),
                        k: p.resonance.unwrap_or(0.2) * 4.0,
                    },
                )
            }
            DirtKind::Pwm => {
                let semitone = p.semitone.unwrap_or(12.0);
                let ratio2 = 1.0 / 2f64.powf(semitone / 12.0);
                let rate = p.rate.unwrap_or(1.0);
                let saws = [basefreq, basefreq * ratio2].map(|f| {
                    let f = f.max(1.0);
                    [0.0, -1.0, 0.0, -1.0].map(|ph| SawDpw::new(ph, f, sr))
                });
                (
                    pairs_env(decay, sustain, sr),
                    State::Pwm {
                        saws,
                        filters: [MoogFf::new(1000.0, 0.0, sr); 2],
                        // Env.pairs([[0, 0.1], [0.1, 1], [0.4, 0.5], [0.9, 0.2], [1, 0.2]], -3),
                        // timeScale: sustain / rate.
                        env2: ScEnv::new(
                            &[0.1, 1.0, 0.5, 0.2, 0.2],
                            &[0.1, 0.3, 0.5, 0.1],
                            -3.0,
                            sustain / rate,
                            sr,
                        ),
                        lfo_phase: 0.0,
                        delays: [0.0; 2],
                        voice,
                        ratio2,
                        pitch1: p.pitch1.unwrap_or(1.0),
                        lfo: p.lfo.unwrap_or(1.0),
                        rate,
                        k: p.resonance.unwrap_or(0.2) * 4.0,
                    },
                )
            }
            DirtKind::Bd808 => {
                let n = p.n.unwrap_or(0.0);
                let n = if n > 0.0 { n } else { 0.0 } + if n < 1.0 { 3.0 } else { 0.0 };
                let f = (440.0 * 2f64.powf((10.0 * n - 69.0) / 12.0) * speed).clamp(1.0, 0.45 * sr);
                // expexp(10, 2000, 1000, 8000), the input clipped to 10..2000.
                let x = f.clamp(10.0, 2000.0);
                let start = 1000.0 * 8f64.powf((x / 10.0).ln() / 200f64.ln());
                let dur = (0.025 / p.rate.unwrap_or(1.0)).abs() * sr;
                let steps = dur.max(1.0);
                (
                    // Env.linen(0.01, 0, 1, 1, -3).
                    ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.01, 0.0, 1.0], -3.0, sustain, sr),
                    State::Bd808 {
                        phase: 0.0,
                        freq: start,
                        grow: (f / start).powf(1.0 / steps),
                        left: steps as u64,
                        end: f,
                        feedback: voice_or(p.voice, 0.0),
                        y: 0.0,
                        lpf: Butter::new(ButterKind::Low, 1.0),
                    },
                )
            }
            DirtKind::Fork => {
                let starts: [f64; 4] = [0.3, 1.0, 1.3, 2.0];
                let ends: [f64; 4] = [1e-4, 1e-7, 1e-6, 1e-7];
                let times = [4.0, 4.0, 0.5, 0.333];
                let mut grows = [0.0; 4];
                let mut lefts = [0; 4];
                for i in 0..4 {
                    let n = (times[i] * sustain * sr).max(1.0);
                    grows[i] = (ends[i] / starts[i]).powf(1.0 / n);
                    lefts[i] = n as u64;
                }
                (
                    // Env.linen(0.001, 0.998, 0.001) (linear).
                    ScEnv::new(
                        &[0.0, 1.0, 1.0, 0.0],
                        &[0.001, 0.998, 0.001],
                        0.0,
                        sustain,
                        sr,
                    ),
                    State::Fork {
                        phases: [0.0; 4],
                        levels: starts,
                        grows,
                        lefts,
                        ends,
                        pans: [-1.0, -1.0 / 3.0, 1.0 / 3.0, 1.0].map(pan2_gains),
                    },
                )
            }
            DirtKind::Vibe => {
                let v = 1.0;
                let detune = p.detune.unwrap_or(0.0);
                let damp = (-p.decay.unwrap_or(0.0)).exp();
                let f = basefreq;
                let ratios = [1.0, 4.0, 10.0, 13.75 + detune, 19.2, 20.0, 21.2];
                let decays = [1.0, 0.7 * damp, 0.5 * damp, 0.4 * damp];
                let rand = (seed32 as f64 / u32::MAX as f64) * TAU;
                (
                    // Env.linen(0.001, 0.998, 0.001) (linear).
                    ScEnv::new(
                        &[0.0, 1.0, 1.0, 0.0],
                        &[0.001, 0.998, 0.001],
                        0.0,
                        sustain,
                        sr,
                    ),
                    State::Vibe {
                        phases: [0.0; 7],
                        incs: ratios.map(|r| (f * r / sr).min(0.5)),
                        ratios,
                        gains: [0.3, 0.3 * 1.1 * v, 0.3 * 0.6 * v * v, 0.3 * 0.5 * v],
                        attacks: std::array::from_fn(|j| {
                            XLine::new(1e-6, 1.0, 1.0 / (f * ratios[j]), sr)
                        }),
                        decays: decays.map(|d| XLine::new(1.0, 1e-6, d * 4.0 * sustain, sr)),
                        hi: XLine::new(0.3 * (v + 1e-6), 1e-6, 0.02, sr),
                        mod_phase: rand,
                        mods: [(f64::NAN, f64::NAN); 4],
                    },
                )
            }
            DirtKind::Reese => {
                let detune = p.detune.unwrap_or(0.0);
                let v = voice_or(p.voice, 0.0).clamp(0.0, 2.0);
                let q1 = 3.0 + (0.5 - 3.0) * v / 2.0;
                let q2 = 2.0 + (7.0 - 2.0) * v / 2.0;
                (
                    // Env.linen(0.05, 0.8, 0.15) (linear).
                    ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.05, 0.8, 0.15], 0.0, sustain, sr),
                    State::Reese {
                        saws: [VarSaw::new(0.7, 0.01), VarSaw::new(0.5, 0.02)],
                        ratios: [0.99 - detune / 100.0, 1.01 + detune / 100.0],
                        pans: [pan2_gains(-0.2), pan2_gains(0.2)],
                        first: [Rlpf::new(1.0 / q1); 2],
                        second: [Rlpf::new(1.0 / q2); 2],
                    },
                )
            }
            DirtKind::Hammond => {
                let attrel = (sustain / 2.0).clamp(0.0, 0.005);
                // SelectX.kr(voice, rows): a crossfade between neighbouring rows.
                let v = voice_or(p.voice, 0.0).clamp(0.0, 9.0);
                let (lo, t) = (v.floor() as usize, v.fract());
                let hi = (lo + 1).min(9);
                let amps: [f64; 9] = std::array::from_fn(|j| {
                    let bar = HAMMOND_BARS[lo][j] * (1.0 - t) + HAMMOND_BARS[hi][j] * t;
                    2f64.powf(bar - HAMMOND_DAMP[j] - 8.0)
                });
                let sum: f64 = amps.iter().sum();
                (
                    // Env.linen(attrel, sustain - 2 attrel, attrel), no time scale.
                    ScEnv::new(
                        &[0.0, 1.0, 1.0, 0.0],
                        &[attrel, sustain - 2.0 * attrel, attrel],
                        0.0,
                        1.0,
                        sr,
                    ),
                    State::Hammond {
                        phases: HAMMOND_PHASES.map(|p| p / TAU),
                        incs: [0.0; 9],
                        amps: amps.map(|a| a / sum),
                        click: XLine::new(1.0, 1e-6, 0.1, sr),
                        noise: seed32.max(1),
                        vib: LfTri::new(0.0),
                        allpass: AllPass::new(1.0),
                    },
                )
            }
            DirtKind::Zow => {
                let detune = p.detune.unwrap_or(1.0);
                let d = 1.0 - decay;
                (
                    // Env.pairs([[0,0],[0.07,1],[0.2,1-decay],[0.95,1-decay],[1,0]], -1).
                    ScEnv::new(
                        &[0.0, 1.0, d, d, 0.0],
                        &[0.07, 0.13, 0.75, 0.05],
                        -1.0,
                        sustain,
                        sr,
                    ),
                    State::Zow {
                        saws: [VarSaw::new(0.0, 0.0); 3],
                        ratios: [1.0, 1.0 + detune / 100.0, 1.0 - detune / 100.0],
                        // `slide` (1 unless set; Phonon does not read it yet).
                        slide: 1.0,
                        wr: 0,
                        slot: slot(),
                    },
                )
            }
            DirtKind::Piano => {
                // superpiano (default-synths-extra.scd): velocity 1, detune 0.1, muffle 1,
                // stereo 0.2; the note is struck once, at `freq * DirtFreqScale` at its start.
                let velocity = p.velocity.unwrap_or(1.0);
                let mp = MdaParams {
                    freq: (freq * speed + 0.01) as f32,
                    vel: (velocity * 100.0) as f32,
                    hard: (0.8 * velocity) as f32,
                    decay: (0.1 * sustain) as f32,
                    tune: 0.5,
                    random: 0.05,
                    stretch: p.detune.unwrap_or(0.1) as f32,
                    muffle: 0.8,
                    stereo: 0.2,
                    ..MdaParams::default()
                };
                (
                    // Env.linen(0.002, 0.996, 0.002, 1, -3).
                    ScEnv::new(
                        &[0.0, 1.0, 1.0, 0.0],
                        &[0.002, 0.996, 0.002],
                        -3.0,
                        sustain,
                        sr,
                    ),
                    State::Piano {
                        piano: MdaPiano::new(&mp, sr as f32),
                    },
                )
            }
            DirtKind::Clap => {
                let pitch1 = p.pitch1.unwrap_or(1.0);
                let rate = p.rate.unwrap_or(1.0);
                let e = p.n.unwrap_or(0.0).clamp(0.0, 5.0) + 1.0;
                // `delay` 1: SuperDirt's superclap shares the name with the delay effect's send;
                // Phonon's `delay` is the send only.
                let spr = 0.005;
                (
                    // Env.linen(0.01, 0, 0.6, 1, -3).
                    ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.01, 0.0, 0.6], -3.0, sustain, sr),
                    State::Clap {
                        lpf: Butter::new(ButterKind::Low, 1.0),
                        bpf: Butter::new(ButterKind::Band, 1.0),
                        pitch1,
                        noise: seed32.max(1),
                        claps: std::array::from_fn(|i| {
                            ScEnv::new(
                                &[0.0, 0.0, 1.0, 0.0],
                                &[spr * (i as f64).powf(e), 0.0, 0.04 / rate],
                                0.0,
                                1.0,
                                sr,
                            )
                        }),
                    },
                )
            }
            DirtKind::Siren => (
                // Env.linen(0.05, 0.9, 0.05, 1, -2).
                ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.05, 0.9, 0.05], -2.0, sustain, sr),
                State::Siren {
                    saw: VarSaw::new(0.0, 0.05),
                    glide: [0.25, 0.5, 0.25]
                        .map(|t| ((t * sustain * sr / CONTROL_BLOCK as f64) as u64).max(1)),
                    inc: 0.0,
                },
            ),
            DirtKind::Hoover => {
                let d = 1.0 - decay;
                (
                    // Env.pairs([[0,0],[0.03,1],[0.2,1-decay],[0.95,1-decay],[1,0]], -1).
                    ScEnv::new(
                        &[0.0, 1.0, d, d, 0.0],
                        &[0.03, 0.17, 0.75, 0.05],
                        -1.0,
                        sustain,
                        sr,
                    ),
                    State::Hoover {
                        saws: [1.0, 1.01, 1.02].map(LfSaw::new),
                        pulses: [LfPulse::new(0.0, 0.5); 3],
                        pars: [LfPar::new(0.0); 3],
                        eqs: [
                            BPeakEq::new(6000.0, 1.0, 3.0, sr),
                            BPeakEq::new(3500.0, 1.0, 6.0, sr),
                        ],
                        combs: big_slot().map(|held| {
                            let combs = [0.5, 1.5].map(|ph: f64| {
                                let s = (ph * std::f64::consts::PI).sin();
                                DelayC::new(HOOVER_COMB.0 + (s + 1.0) * 0.5 * HOOVER_COMB.1, sr)
                            });
                            BigSlot::new(held, Big::Hoover(combs))
                        }),
                        incs: [0.0; 3],
                    },
                )
            }
            DirtKind::Tron => {
                // `detune` and `voice` have no default in the SynthDef: 0.
                let detune = p.detune.unwrap_or(0.0);
                (
                    // Env.linen(0.05, 0.85, 0.1, 1, 'lin').
                    ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.05, 0.85, 0.1], 0.0, sustain, sr),
                    State::Tron {
                        pulses: [1.0, -1.0]
                            .map(|s| Pulse::new((basefreq + s * (1.0 + detune)).max(1.0), sr)),
                        rlpf: Rlpf::new(1.5),
                        leak: LeakDc::default(),
                        fb: [0.0; CONTROL_BLOCK as usize],
                        detune,
                        voice: p.voice.unwrap_or(0.0),
                    },
                )
            }
            DirtKind::Chip => {
                // `voice` defaults to 0 in superchip's SynthDef.
                let v = p.voice.unwrap_or(0.0);
                let vol = |x: f64| if x.rem_euclid(1.0) < 0.5 { 15 } else { 0 };
                let vols = [if v < 0.5 { 15 } else { 0 }, vol(2.0 * v), vol(4.0 * v)];
                let mut ay = Ay::new(vols, sr);
                // AY_Ctor renders one control block at the first inputs.
                ay.block(chip_tones(basefreq));
                for _ in 0..CONTROL_BLOCK {
                    ay.tick();
                }
                (
                    // Env.linen(0.01, 0.98, 0.01, 1, -1).
                    ScEnv::new(
                        &[0.0, 1.0, 1.0, 0.0],
                        &[0.01, 0.98, 0.01],
                        -1.0,
                        sustain,
                        sr,
                    ),
                    State::Chip { ay },
                )
            }
            DirtKind::More(k) => {
                let (env, m) = More::new(
                    k, p, freq, basefreq, sustain, sr, seed32, synth_buf, big_slot,
                );
                (env, State::More(m))
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
        // DirtEvent's fadeTime: min(0.001, 0.19098 of the event's sustain).
        let fade = (0.001f64).min(p.sustain * 0.19098) * sr;
        let gate = (sustain * sr, fade.max(1.0));
        let lagged = !matches!(state, State::Gong { .. });
        // The synth is freed at the end of the control block its envelope ends in (doneAction
        // 2), the gate's group when the gate's envelope ends.
        let env_end = env.len().div_ceil(CONTROL_BLOCK) * CONTROL_BLOCK;
        let mut gate_end = (gate.0 + gate.1).ceil() as u64;
        if let State::Siren { .. } = state {
            // Its glide, `EnvGen.kr(Env.linen(0.25, 0.5, 0.25, 3, 0), timeScale: sustain,
            // doneAction: 2)`, frees the synth when it ends: each segment whole control blocks
            // (EnvGen's `(int32)(dur * rate)`, at least one).
            let blocks: u64 = [0.25, 0.5, 0.25]
                .iter()
                .map(|t| ((t * sustain * sr / CONTROL_BLOCK as f64) as u64).max(1))
                .sum();
            // (The same counts as the state's `glide`.)
            gate_end = gate_end.min(blocks * CONTROL_BLOCK);
        }
        DirtSynth {
            sr,
            age: 0,
            len: env_end.min(gate_end).max(1),
            env,
            pan_level: lagged.then_some((0.0, 0.0)),
            gate,
            freq,
            sustain,
            scale,
            basefreq,
            state,
        }
    }

    /// For the lane renderer (`dirt_lanes.rs`): true when this is a `supersaw` whose next `n`
    /// samples (n >= 1) are all before its end and its gate's fade, so its `render_len` would
    /// compute them as [`supersaw_lanes`] does.
    pub(super) fn saw_lane_fits(&self, n: usize) -> bool {
        let last = self.age + n as u64 - 1;
        matches!(self.state, State::Saw { .. })
            && self.pan_level.is_some()
            && last < self.len
            && (last as f64) < self.gate.0
    }

    /// Samples from `ahead` samples on to the next control block's start (1..=64).
    pub(super) fn lane_stretch(&self, ahead: usize) -> usize {
        (CONTROL_BLOCK - (self.age + ahead as u64) % CONTROL_BLOCK) as usize
    }

    /// A control block's start, when this sample starts one: the block's controls and
    /// `DirtPan`'s next level (`render_len` calls it each sample, the lane renderer between
    /// stretches).
    pub(super) fn block_start(&mut self) {
        if self.age.is_multiple_of(CONTROL_BLOCK) {
            self.control_block();
            if let Some((from, to)) = &mut self.pan_level {
                // EnvGen's output at sample k is its level one step on.
                *from = *to;
                *to = self.env.level(self.age + 1);
            }
        }
    }

    /// Copies a supersaw's state into lane `j` (with this block's phase steps, as `render_len`
    /// computes them each sample).
    pub(super) fn saw_lane_load(&self, st: &mut SupersawLanes, j: usize) {
        let State::Saw {
            saws,
            tri,
            sweep,
            filter,
            ratio2,
            rate,
            ..
        } = &self.state
        else {
            return;
        };
        for (m, s) in saws.iter().enumerate() {
            st.saw_phase[m][j] = s.phase;
            st.saw_val[m][j] = s.val;
            st.saw_inc[m][j] = s.inc;
            st.saw_scale[m][j] = s.scale;
        }
        st.tri_phase[j] = tri.phase;
        st.sweep_phase[j] = sweep.phase;
        (st.tri_mul[j], st.sweep_mul[j]) = saw_steps(self.basefreq, *ratio2, *rate, self.sr);
        for m in 0..4 {
            st.s[m][j] = filter.s[m];
        }
        (st.b0[j], st.a1[j], st.k[j], st.k_slope[j]) =
            (filter.b0, filter.a1, filter.k, filter.k_slope);
        let (from, to) = self.pan_level.unwrap_or((0.0, 0.0));
        (st.from[j], st.to[j]) = (from, to);
        st.pos[j] = (self.age % CONTROL_BLOCK) as f64;
    }

    /// Takes lane `j`'s state back after the lanes rendered `n` samples of it.
    pub(super) fn saw_lane_store(&mut self, st: &SupersawLanes, j: usize, n: usize) {
        let State::Saw {
            saws,
            tri,
            sweep,
            filter,
            ..
        } = &mut self.state
        else {
            return;
        };
        for (m, s) in saws.iter_mut().enumerate() {
            (s.phase, s.val) = (st.saw_phase[m][j], st.saw_val[m][j]);
        }
        tri.phase = st.tri_phase[j];
        sweep.phase = st.sweep_phase[j];
        for m in 0..4 {
            filter.s[m] = st.s[m][j];
        }
        filter.k = st.k[j];
        self.age += n as u64;
    }

    /// For the lane renderer (`dirt_lanes.rs`): true when this is a `superpiano` whose next `n`
    /// samples (n >= 1) are all before its end and its gate's fade (so `render_len` would render
    /// them through `steady`, as [`crate::dsp::piano_lanes`] does) and whose note can play in a lane.
    pub(super) fn piano_lane_fits(&self, n: usize) -> bool {
        let last = self.age + n as u64 - 1;
        matches!(&self.state, State::Piano { piano } if piano.lane_safe())
            && self.pan_level.is_some()
            && last < self.len
            && (last as f64) < self.gate.0
    }

    /// Copies a superpiano's state into lane `j` for the next `n` samples (at most a chunk, all
    /// fitting: [`DirtSynth::piano_lane_fits`]) with `DirtPan`'s ramp: this block's, and the
    /// levels at the control blocks starting within them. Runs those blocks' starts now (a
    /// superpiano's only set `basefreq`, which it does not read, and its pan level) and takes
    /// the `n` samples as rendered: the piano's state comes back with
    /// [`DirtSynth::piano_lane_store`].
    pub(super) fn piano_lane_load(&mut self, st: &mut PianoLanes, j: usize, n: usize) {
        self.block_start();
        if let State::Piano { piano } = &self.state {
            piano.lane_load(st, j);
        }
        let (from, to) = self.pan_level.unwrap_or((0.0, 0.0));
        (st.from[j], st.to[j]) = (from, to);
        st.k[j] = (self.age % CONTROL_BLOCK) as f64;
        st.next[j] = 0;
        let end = self.age + n as u64;
        let mut b = 0;
        while self.age + CONTROL_BLOCK - self.age % CONTROL_BLOCK < end {
            self.age += CONTROL_BLOCK - self.age % CONTROL_BLOCK;
            self.block_start();
            st.next_to[j][b] = self.pan_level.map_or(0.0, |p| p.1);
            b += 1;
        }
        self.age = end;
    }

    /// Takes lane `j`'s piano state back ([`DirtSynth::piano_lane_load`] advanced the rest).
    pub(super) fn piano_lane_store(&mut self, st: &PianoLanes, j: usize) {
        if let State::Piano { piano } = &mut self.state {
            piano.lane_store(st, j);
        }
    }

    /// A superpiano's piano.
    pub(super) fn piano_mut(&mut self) -> Option<&mut MdaPiano> {
        match &mut self.state {
            State::Piano { piano } => Some(piano),
            _ => None,
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
            State::Kick {
                lpf,
                click_s,
                pitch1,
                click_scale,
                ..
            } => {
                // DirtFreqScale.kr(speed, accelerate, clickdur).
                let t = self.age as f64 / sr;
                let s = line(click_scale.0, click_scale.1, *click_s, t);
                lpf.block(1500.0 * *pitch1 * s, sr);
            }
            State::Hat {
                lpf, hpf, ratio, ..
            } => {
                let f = 2000.0 * scale * *ratio;
                lpf.block(3.0 * f, sr);
                hpf.block(f, sr);
            }
            State::Snare {
                pulse,
                lpf,
                hpf,
                bpf,
                ratio,
                ..
            } => {
                pulse.block((100.0 * scale * *ratio).max(1.0), 0.5, sr);
                let age_s = self.age as f64 / sr;
                lpf.block(line(1030.0, 30.0, 0.2 * self.sustain, age_s), sr);
                hpf.block(500.0, sr);
                bpf.block(1500.0, sr);
            }
            State::Fm {
                op_env,
                amp,
                amp_slope,
                ..
            } => {
                // EnvGen.kr's value for this block (its level one block on: the control-rate
                // envelope steps before it writes), reached by FM7 over the block.
                let next = op_env.level(self.age + CONTROL_BLOCK);
                *amp_slope = (next - *amp) / CONTROL_BLOCK as f64;
            }
            State::Saw {
                saws,
                tri: _,
                sweep,
                filter,
                voice,
                pitch1,
                lfo,
                k,
                ..
            } => {
                for (s, i) in saws.iter_mut().zip([-1.0, 0.0, 1.0]) {
                    s.block(bf * (i * *voice / 50.0 + 1.0), sr);
                }
                let f1 = (bf * 10.0 * *pitch1).min(22000.0);
                let f2 = (f1 * (*lfo + 1.0)).min(22000.0);
                // MoogFF reads the sweep's first sample of the block.
                let s = sweep.peek();
                filter.block(f1 + (s + 1.0) * 0.5 * (f2 - f1), *k, sr);
            }
            State::Pwm {
                saws,
                filters,
                env2,
                lfo_phase,
                delays,
                voice,
                ratio2,
                pitch1,
                lfo,
                rate,
                k,
            } => {
                for (group, f) in saws.iter_mut().zip([bf, bf * *ratio2]) {
                    for s in group.iter_mut() {
                        s.block(f.max(1.0), sr);
                    }
                }
                let f1 = (bf * 10.0 * *pitch1).min(22000.0);
                let f2 = (f1 * (*lfo + 1.0)).min(22000.0);
                let s = (TAU * *lfo_phase).sin();
                filters[0].block(f1 + (s + 1.0) * 0.5 * (f2 - f1), *k, sr);
                let e2 = env2.level(self.age);
                filters[1].block((e2 * f2 * 1.1).min(22000.0), 3.0, sr);
                *lfo_phase = (*lfo_phase + bf / 32.0 * *rate * blk).fract();
                let age_s = self.age as f64 / sr;
                *delays = [
                    line(0.0, *voice, self.sustain, age_s) / bf,
                    line(0.1, 0.1 + *voice, self.sustain, age_s) / bf,
                ];
            }
            State::Bd808 { lpf, .. } => lpf.block(9000.0, sr),
            State::Hammond {
                incs, vib, allpass, ..
            } => {
                for (inc, r) in incs.iter_mut().zip(HAMMOND_RATIOS) {
                    let mut f = bf * r;
                    if f < 63.0 {
                        f *= 2.0;
                    }
                    for _ in 0..2 {
                        if f > 6000.0 {
                            f /= 2.0;
                        }
                    }
                    *inc = f / sr;
                }
                // LFTri.kr(7, 0, 0.25, 1): one value per block.
                let v = vib.tick(4.0 * 7.0 * blk);
                allpass.block(1000.0 * (1.0 + 0.25 * v), sr);
            }
            State::Vibe {
                incs,
                ratios,
                mod_phase,
                mods,
                ..
            } => {
                for (inc, r) in incs.iter_mut().zip(ratios.iter()) {
                    *inc = (bf * r / sr).min(0.5);
                }
                // SinOsc.kr(7, Rand(0, 2pi)).range(1 - depth, 1): this block's value.
                let s = mod_phase.sin();
                for (m, depth) in mods.iter_mut().zip([0.5, 0.3, 0.3, 0.5]) {
                    let v = 1.0 - depth + (s + 1.0) * 0.5 * depth;
                    *m = (if m.1.is_nan() { v } else { m.1 }, v);
                }
                *mod_phase += TAU * 7.0 * blk;
            }
            State::Reese { first, second, .. } => {
                for f in first.iter_mut() {
                    f.block(bf * 10.0, sr);
                }
                for f in second.iter_mut() {
                    f.block(bf * 20.0, sr);
                }
            }
            State::Fork { .. } | State::Zow { .. } | State::Piano { .. } => {}
            State::Clap {
                lpf, bpf, pitch1, ..
            } => {
                lpf.block(7500.0 * *pitch1, sr);
                bpf.block(1500.0 * *pitch1, sr);
            }
            State::Tron {
                pulses,
                rlpf,
                fb,
                detune,
                voice,
                ..
            } => {
                // RLPF runs over this block's LocalIn (the last block's output); Pulse reads
                // its first sample, `.range(0, hi)`: `x hi / 2 + hi / 2`.
                rlpf.block(bf / 6.1, sr);
                let mut first = 0.0;
                for (j, x) in fb.iter().enumerate() {
                    let y = rlpf.tick(*x);
                    if j == 0 {
                        first = y;
                    }
                }
                let hi = 1.0 - *voice / 1.5;
                let w = first * hi * 0.5 + hi * 0.5;
                for (p, s) in pulses.iter_mut().zip([1.0, -1.0]) {
                    p.block((bf + s * (1.0 + *detune)).max(1.0), w, sr);
                }
            }
            State::Chip { ay } => ay.block(chip_tones(bf)),
            State::More(m) => m.control_block(bf, self.age as f64 / sr, self.sustain, sr),
            State::Siren { saw, glide, inc } => {
                let t = self.age as f64 / sr;
                // EnvGen.kr's value for this block: its level one step on (the constructor
                // computes one step), linear 0 -> 3 -> 3 -> 0 over the segments' blocks.
                let b = self.age / CONTROL_BLOCK + 1;
                let [a, h, r] = *glide;
                let g = if b < a {
                    3.0 * b as f64 / a as f64
                } else if b < a + h {
                    3.0
                } else {
                    3.0 * (1.0 - ((b - a - h) as f64 / r as f64).min(1.0))
                };
                *inc = bf * (1.0 + g) / sr;
                saw.block(line(0.05, 1.0, self.sustain, t));
            }
            State::Hoover {
                pulses,
                combs,
                incs,
                ..
            } => {
                // SinOsc.kr: this block's values.
                let t = self.age as f64 / sr;
                for j in 0..3 {
                    let s = (TAU * HOOVER_VIB[j] * t + HOOVER_VIB_PHASE[j]).sin();
                    // exprange(0.995, 1.005) of a bipolar signal.
                    let m = 0.995 * (1.005f64 / 0.995).powf((s + 1.0) * 0.5);
                    incs[j] = bf * m / sr;
                    let w = (TAU * HOOVER_PWM[j] * t).sin();
                    pulses[j].block(0.125 + (w + 1.0) * 0.5 * 0.75);
                }
                if let Some(Big::Hoover(combs)) = combs.as_mut().map(BigSlot::get) {
                    for (c, ph) in combs.iter_mut().zip([0.5, 1.5]) {
                        let s = (TAU * 3.0 * t + ph * std::f64::consts::PI).sin();
                        let d = HOOVER_COMB.0 + (s + 1.0) * 0.5 * HOOVER_COMB.1;
                        c.block(d, sr, CONTROL_BLOCK as usize);
                    }
                }
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

    /// For superfm and superpiano, from a sample at which `block_start` has run: renders the
    /// samples up to the next control block, the synth's end or the gate's fade, whichever comes
    /// first (at most `l.len()`), in one loop, as the per-sample path of `render_len` would
    /// (there the gate is 1 and the envelope `DirtPan`'s ramp); returns how many (0: none, for
    /// other synths or in the fade).
    fn steady(&mut self, l: &mut [f32], r: &mut [f32]) -> usize {
        let Some((from, to)) = self.pan_level else {
            return 0;
        };
        let age = self.age;
        // The gate is 1 at sample k while `k < gate.0`, that is `k < ceil(gate.0)`.
        let open = (self.gate.0.ceil() as u64).saturating_sub(age);
        let pos = age % CONTROL_BLOCK;
        let m = (l.len() as u64)
            .min(CONTROL_BLOCK - pos)
            .min(self.len.saturating_sub(age))
            .min(open) as usize;
        if m == 0 || !matches!(self.state, State::Fm { .. } | State::Piano { .. }) {
            return 0;
        }
        // `render_len`'s envelope: the gate (1) times the ramp.
        let mut env = [0.0f64; CONTROL_BLOCK as usize];
        let mut k = pos as f64;
        for e in env[..m].iter_mut() {
            *e = 1.0 * pan_ramp(from, to, k);
            k += 1.0;
        }
        match &mut self.state {
            State::Fm {
                ops,
                amp,
                amp_slope,
                ..
            } => fm_ops::render(Isa::detect(), ops, amp, *amp_slope, &env[..m], &mut l[..m]),
            State::Piano { piano } => piano.render(&env[..m], &mut l[..m], &mut r[..m]),
            _ => return 0,
        }
        self.age += m as u64;
        m
    }

    /// Renders into `l` (and `r` for a stereo synth); returns the samples sounded before the
    /// envelope ended (the rest zeroed) and whether the output is mono (`l` only).
    pub fn render_len(&mut self, l: &mut [f32], r: &mut [f32]) -> (usize, bool) {
        let n = l.len().min(r.len());
        let mono = match &self.state {
            State::Comparator { .. }
            | State::Fork { .. }
            | State::Reese { .. }
            | State::Piano { .. }
            | State::Hoover { .. } => false,
            State::More(m) => !m.stereo(),
            _ => true,
        };
        let mut done = n;
        let mut i = 0;
        while i < n {
            if self.age >= self.len {
                done = i;
                break;
            }
            self.block_start();
            let m = self.steady(&mut l[i..n], &mut r[i..n]);
            if m > 0 {
                i += m;
                continue;
            }
            let k = self.age as f64;
            let gate = if k < self.gate.0 {
                1.0
            } else {
                0.5 + 0.5
                    * (std::f64::consts::PI * ((k - self.gate.0) / self.gate.1).min(1.0)).cos()
            };
            let env = gate
                * match self.pan_level {
                    Some((from, to)) => pan_ramp(from, to, (self.age % CONTROL_BLOCK) as f64),
                    None => 1.0,
                };
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
                State::Gong { partials, incs, .. } => {
                    let mut y = 0.0;
                    for ((e, ph), inc) in partials.iter_mut().zip(incs.iter()) {
                        if !e.done() {
                            y += e.tick() * (TAU * *ph).sin();
                        }
                        *ph = (*ph + inc).fract();
                    }
                    l[i] = (y * env) as f32;
                }
                State::Square { pulses, filter, .. } => {
                    let x = 0.7 * pulses[0].tick() + 0.3 * pulses[1].tick();
                    l[i] = (filter.tick(x).tanh() * 2.0 * env) as f32;
                }
                State::Kick {
                    phase,
                    inc,
                    lpf,
                    noise,
                    click_s,
                    ..
                } => {
                    let t = self.age as f64 / sr;
                    let click = (1.0 - t / *click_s).max(0.0);
                    let y = (TAU * *phase).sin() + lpf.tick(white(noise)) * click;
                    *phase = (*phase + *inc).fract();
                    l[i] = (y * env) as f32;
                }
                State::Hat {
                    lpf, hpf, noise, ..
                } => {
                    let y = hpf.tick(lpf.tick(white(noise)));
                    l[i] = (y * env) as f32;
                }
                State::Snare {
                    pulse,
                    lpf,
                    hpf,
                    bpf,
                    noise,
                    noise_s,
                    ..
                } => {
                    let t = self.age as f64 / sr;
                    let tone = lpf.tick(pulse.tick());
                    let n = bpf.tick(hpf.tick(white(noise))) * (1.0 - t / *noise_s).max(0.0);
                    l[i] = ((tone + n) * env) as f32;
                }
                State::Fm {
                    ops,
                    amp,
                    amp_slope,
                    ..
                } => {
                    l[i] = ops.sample(amp, *amp_slope, env);
                }
                State::Saw {
                    saws,
                    tri,
                    sweep,
                    filter,
                    ratio2,
                    rate,
                    ..
                } => {
                    let (tri_mul, sweep_mul) = saw_steps(bf, *ratio2, *rate, sr);
                    let x = 0.5 * (saws[0].tick() + saws[1].tick() + saws[2].tick())
                        + 0.5 * tri.tick(tri_mul);
                    sweep.tick(sweep_mul);
                    // The arithmetic-only tanh the lanes compute (`dsp/supersaw_lanes.rs`).
                    l[i] = (supersaw_lanes::tanh(filter.tick(x)) * 2.0 * env) as f32;
                }
                State::Pwm {
                    saws,
                    filters,
                    delays,
                    ..
                } => {
                    let t = self.age as f64 / sr;
                    let mut y = 0.0;
                    for ((g, d), amp) in saws.iter_mut().zip(delays.iter()).zip([0.7, 0.3]) {
                        let [a, b, da, db] = g;
                        let p = a.tick() - b.tick();
                        // The delay in the phase's units (2 per cycle).
                        let shift = a.inc() * sr * *d;
                        let q = da.follow(a, shift) - db.follow(b, shift);
                        if t >= *d {
                            y += amp * p * q;
                        }
                    }
                    let x0 = filters[0].tick(y);
                    let x = filters[1].tick(x0);
                    l[i] = (x.tanh() * 5.0 * env) as f32;
                }
                State::Bd808 {
                    phase,
                    freq,
                    grow,
                    left,
                    end,
                    feedback,
                    y,
                    lpf,
                } => {
                    // SinOscFB: sin(phase + feedback * last output).
                    *y = (TAU * *phase + *feedback * *y).sin();
                    *phase = (*phase + *freq / sr).fract();
                    if *left > 0 {
                        *freq *= *grow;
                        *left -= 1;
                        if *left == 0 {
                            *freq = *end;
                        }
                    }
                    l[i] = (lpf.tick(*y) * env) as f32;
                }
                State::Fork {
                    phases,
                    levels,
                    grows,
                    lefts,
                    ends,
                    pans,
                } => {
                    let (mut a, mut b) = (0.0, 0.0);
                    for j in 0..4 {
                        let x = 0.2 * (TAU * phases[j]).sin() * levels[j];
                        phases[j] = (phases[j] + bf * FORK_RATIOS[j] / sr).fract();
                        if lefts[j] > 0 {
                            levels[j] *= grows[j];
                            lefts[j] -= 1;
                            if lefts[j] == 0 {
                                levels[j] = ends[j];
                            }
                        }
                        a += x * pans[j].0;
                        b += x * pans[j].1;
                    }
                    // Splay's levelComp: 4^-0.5.
                    l[i] = (a * 0.5 * env) as f32;
                    r[i] = (b * 0.5 * env) as f32;
                }
                State::Vibe {
                    phases,
                    incs,
                    gains,
                    attacks,
                    decays,
                    hi,
                    mods,
                    ..
                } => {
                    let f = (self.age % CONTROL_BLOCK) as f64 / CONTROL_BLOCK as f64;
                    let mut y = 0.0;
                    for j in 0..4 {
                        let m = mods[j].0 + (mods[j].1 - mods[j].0) * f;
                        y += attacks[j].tick()
                            * decays[j].tick()
                            * gains[j]
                            * (TAU * phases[j]).sin()
                            * m;
                    }
                    let h = hi.tick();
                    for ph in &phases[4..] {
                        y += h * (TAU * ph).sin();
                    }
                    for (ph, inc) in phases.iter_mut().zip(incs.iter()) {
                        *ph = (*ph + inc).fract();
                    }
                    l[i] = (y * env) as f32;
                }
                State::Reese {
                    saws,
                    ratios,
                    pans,
                    first,
                    second,
                } => {
                    let a = saws[0].tick(bf * ratios[0] / sr);
                    let b = saws[1].tick(bf * ratios[1] / sr);
                    let ch = [a * pans[0].0 + b * pans[1].0, a * pans[0].1 + b * pans[1].1];
                    let mut out = [0.0; 2];
                    for c in 0..2 {
                        let x = first[c].tick(ch[c]).clamp(-0.2, 0.2) * 5.0;
                        out[c] = 0.35 * second[c].tick(x);
                    }
                    l[i] = (out[0] * env) as f32;
                    r[i] = (out[1] * env) as f32;
                }
                State::Hammond {
                    phases,
                    incs,
                    amps,
                    click,
                    noise,
                    allpass,
                    ..
                } => {
                    let c = white(noise) * click.tick();
                    let m = 2.0 * c + 1.0;
                    let mut y = 0.0;
                    for ((ph, inc), a) in phases.iter_mut().zip(incs.iter()).zip(amps.iter()) {
                        y += (TAU * *ph).sin() * a;
                        *ph = (*ph + inc * m).rem_euclid(1.0);
                    }
                    let y = 0.5 * y;
                    l[i] = ((y + allpass.tick(y)) * env) as f32;
                }
                State::Zow {
                    saws,
                    ratios,
                    slide,
                    wr,
                    slot,
                } => {
                    let t = self.age as f64 / sr;
                    let w = line(0.0, 0.5, self.sustain * 20.0 / *slide, t);
                    let mut x = [0.0; 3];
                    for ((s, r), x) in saws.iter_mut().zip(ratios.iter()).zip(x.iter_mut()) {
                        s.block(w);
                        *x = s.tick(bf * r / sr);
                    }
                    let mut y = x[0];
                    if let Some(slot) = slot {
                        let [b0, b1] = &mut slot.get().squiz;
                        let len = b0.len();
                        if len > 2 {
                            // DelayN: written, then read `floor(delay sr)` samples back.
                            b0[*wr] = x[1] as f32;
                            b1[*wr] = x[2] as f32;
                            let back = |d: f64| {
                                let d = (d * sr).floor().clamp(1.0, (len - 1) as f64) as usize;
                                (*wr + len - d) % len
                            };
                            let d1 = line(0.0, 1.0, 5.0 * self.sustain / *slide, t) / bf;
                            let d2 = line(0.0, 1.0, 20.0 * self.sustain / *slide, t) / bf;
                            y = y - b0[back(d1)] as f64 + b1[back(d2)] as f64;
                            *wr = (*wr + 1) % len;
                        }
                    }
                    l[i] = (y * 0.5 * env) as f32;
                }
                State::Clap {
                    lpf,
                    bpf,
                    noise,
                    claps,
                    ..
                } => {
                    let x = bpf.tick(lpf.tick(white(noise)));
                    let k = self.age + 1;
                    let g: f64 = claps.iter().map(|c| c.level(k)).sum();
                    l[i] = (x * 0.5 * g * env) as f32;
                }
                State::Tron {
                    pulses, leak, fb, ..
                } => {
                    let x = pulses[0].tick() + pulses[1].tick();
                    let y = leak.tick(x as f32) as f64;
                    fb[(self.age % CONTROL_BLOCK) as usize] = y;
                    l[i] = (y * env) as f32;
                }
                State::Chip { ay } => {
                    l[i] = ((ay.tick() / 2.0).tanh() * 2.0 * env) as f32;
                }
                State::More(m) => {
                    let (a, b) = m.tick(first);
                    l[i] = (a * env) as f32;
                    r[i] = (b * env) as f32;
                }
                State::Siren { saw, inc, .. } => {
                    l[i] = (saw.tick(*inc) * env) as f32;
                }
                State::Hoover {
                    saws,
                    pulses,
                    pars,
                    eqs,
                    combs,
                    incs,
                } => {
                    // Without its slot the voice is silent (counted when it started).
                    if let Some(Big::Hoover(combs)) = combs.as_mut().map(BigSlot::get) {
                        let mut mix = 0.0;
                        for j in 0..3 {
                            let saw = (saws[j].tick(incs[j] * [0.25, 0.5, 1.0][j]) + 1.0) * 0.5;
                            let gate = 1.0 - pulses[j].tick(incs[j] * [0.5, 1.0, 2.0][j]);
                            mix += 0.15 * [1.0, 0.9, 1.1][j] * saw * gate;
                        }
                        for (p, inc) in pars.iter_mut().zip(incs.iter()) {
                            mix += 0.1 * p.tick(inc * 0.25);
                        }
                        let mix = eqs[0].tick(mix);
                        let mix = eqs[1].tick(mix);
                        let a = mix + combs[0].tick(mix as f32) as f64;
                        let b = mix + combs[1].tick(mix as f32) as f64;
                        l[i] = (1.4 * a * env) as f32;
                        r[i] = (1.4 * b * env) as f32;
                    } else {
                        (l[i], r[i]) = (0.0, 0.0);
                    }
                }
                State::Piano { piano } => {
                    (l[i], r[i]) = piano.sample(env);
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
            i += 1;
        }
        l[done..n].fill(0.0);
        r[done..n].fill(0.0);
        (done, mono)
    }
}

/// `DirtPan`'s level at sample `i` (0..63) of a control block: the ramp from the last block's
/// envelope value to this one's.
#[inline(always)]
fn pan_ramp(from: f64, to: f64, i: f64) -> f64 {
    from + (to - from) * i / CONTROL_BLOCK as f64
}

/// supersaw's two `LFTri` phase steps per sample (`4 freq / sr`): the heard one at `basefreq
/// 2^(semitone/12)`, the cutoff's sweep at `basefreq / 64 * rate`.
#[inline]
fn saw_steps(bf: f64, ratio2: f64, rate: f64, sr: f64) -> (f64, f64) {
    (4.0 * bf * ratio2 / sr, 4.0 * bf / 64.0 * rate / sr)
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
