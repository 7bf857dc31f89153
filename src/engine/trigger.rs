//! From event to voice, SuperDirt's rules: which sound an event plays (a sample bank, a synth,
//! MIDI out), its pitch (`note`, `n`, `scale`, `octave`, `speed`, `accelerate`), its length
//! (`legato`, `sustain`, `unit`, `begin`/`end`, `loop`), its level and place (`gain`, `pan`) and
//! its per-event effects (filters, shapers, envelope, node effects such as `vowel`, SuperDirt's
//! extra modules such as `squiz` and `krush`, sends).

use super::clock::BlockTime;
use super::dirt_synth::{DirtParams, DirtSynth};
use super::midi::MidiOut;
use super::synth::{Synth, SynthKind};
use super::voice::{Motion, Source, Voice, VoiceFilter, VoiceFx, VoiceNode};
use super::voice_extra::{ExtrasEnv, VoiceExtras};
use super::EngineStats;
use crate::dsp;
use crate::dsp::distort::Coarse;
use crate::dsp::filter::Svf;
use crate::dsp::linen::{Linen, LINEN_CURVE};
use crate::dsp::node::MAX_INPUTS;
use crate::pattern::{Hap, Sym, Value};
use crate::samples::Sample;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Sound names and words resolved to interned ids when the graph is built (the audio
/// thread never touches the interner).
pub struct Keys {
    pub(super) unit_c: Sym,
    pub(super) midi: Sym,
    pub(super) synths: HashMap<Sym, SynthKind>,
    /// Synths that play a name only when no bank has it: `piano` (a folder `piano` wins) and
    /// the stand-ins whose built-in sound is a synth (`gm_piano` plays `piano`).
    pub(super) fallback_synths: HashMap<Sym, SynthKind>,
    pub(super) scales: HashMap<Sym, &'static [f64]>,
    /// The registry's nodes that are also per-event effects (`# vowel "a"`).
    pub(super) voice_nodes: Vec<VoiceNodeKey>,
    /// The output stage the program's events play through.
    pub(super) stage: crate::lang::SoundStage,
    /// superdough's synths and controls (read under [`crate::lang::SoundStage::Dough`]).
    pub(super) dough: super::dough::DoughKeys,
}

/// A per-event node effect and the event controls it reads: its control, then one per input
/// (the first is the control itself), each with its default and words.
pub(super) struct VoiceNodeKey {
    def: dsp::node::VoiceDef,
    inputs: Vec<(Sym, Option<f32>, &'static [&'static str])>,
}

impl VoiceNodeKey {
    /// The node's effect for the event `v`, when it sets the control (a word the node does not
    /// know plays the voice without it, as SuperDirt does).
    fn start(&self, v: &Value, sample_rate: f32) -> Option<VoiceNode> {
        let (control, ..) = self.inputs[0];
        v.get(control)?;
        let mut values = [0.0f32; MAX_INPUTS];
        for ((sym, default, words), x) in self.inputs.iter().zip(values.iter_mut()) {
            *x = match v.get(*sym) {
                Some(Value::Str(w)) => words.iter().position(|k| *k == w.text())? as f32,
                Some(other) => other.as_num().filter(|n| n.is_finite())? as f32,
                None => default.unwrap_or(0.0),
            };
        }
        let mut node = VoiceNode {
            process: self.def.process,
            state: [0.0; dsp::node::VOICE_STATE_LEN],
        };
        (self.def.start)(sample_rate, &values[..self.inputs.len()], &mut node.state);
        Some(node)
    }
}

impl Keys {
    pub(super) fn new() -> Keys {
        Keys {
            unit_c: Sym::intern("c"),
            midi: Sym::intern("midi"),
            synths: SynthKind::NAMES
                .iter()
                .filter(|n| !SynthKind::FOLDER_FIRST.contains(n))
                .filter_map(|n| Some((Sym::intern(n), SynthKind::from_name(n)?)))
                .collect(),
            fallback_synths: SynthKind::FOLDER_FIRST
                .iter()
                .map(|n| (*n, *n))
                .chain(crate::samples::standins::STAND_INS.iter().copied())
                .filter_map(|(n, target)| Some((Sym::intern(n), SynthKind::from_name(target)?)))
                .collect(),
            scales: crate::pattern::theory::scales::SCALES
                .iter()
                .map(|(n, s)| (Sym::intern(n), *s))
                .collect(),
            voice_nodes: dsp::registry::NODES
                .iter()
                .filter_map(|d| {
                    let voice = d.voice?;
                    let inputs = d.params().enumerate().map(|(j, i)| {
                        (
                            Sym::intern(if j == 0 { voice.control } else { i.name }),
                            i.default,
                            i.words,
                        )
                    });
                    Some(VoiceNodeKey {
                        def: voice,
                        inputs: inputs.collect(),
                    })
                })
                .collect(),
            stage: crate::lang::SoundStage::Dirt,
            dough: super::dough::DoughKeys::new(),
        }
    }
}

impl Keys {
    /// The synth `name` plays: a synth's name, else (when no bank has the name) `piano` or a
    /// stand-in played by a synth.
    pub(super) fn synth(
        &self,
        name: Sym,
        banks: &HashMap<Sym, Vec<Arc<Sample>>>,
    ) -> Option<&SynthKind> {
        self.synths.get(&name).or_else(|| {
            if banks.contains_key(&name) {
                None
            } else {
                self.fallback_synths.get(&name)
            }
        })
    }
}

/// Strudel's `bank`: the event's `s` as `<bank>_<s>` when that sound exists (else `s` itself,
/// reported when the program compiled). No allocation: the pairs were made at compile time.
pub(super) fn resolve_bank(v: Value, s: Sym, bank_names: &HashMap<(Sym, Sym), Sym>) -> Sym {
    match v.get(Sym::BANK) {
        Some(Value::Str(bank)) => bank_names.get(&(bank, s)).copied().unwrap_or(s),
        _ => s,
    }
}

/// What starting a voice needs from the program and engine.
pub struct VoiceEnv<'a> {
    pub banks: &'a HashMap<Sym, Vec<Arc<Sample>>>,
    /// `(bank, s)` to the sound `<bank>_<s>` that exists (`bank` aliases included), made when
    /// the program is compiled ([`super::program::bank_names`]).
    pub bank_names: &'a HashMap<(Sym, Sym), Sym>,
    pub sample_rate: f64,
    pub stats: &'a EngineStats,
    /// The engine's sample count at the chunk's first sample (the MIDI clock).
    pub chunk_start: u64,
    /// Buffers of the per-event effects that need them (`squiz`, `comb`).
    pub fx_pool: &'a super::fx_pool::FxPool,
    /// Buffers of the synths with long delay lines (`supergrind`, `superprimes`,
    /// `superwavemechanics`).
    pub synth_pool: &'a super::fx_pool::SynthPool,
    /// The states of `superhoover`, `superhex`, `superprimes` and `superwavemechanics`.
    pub big_pool: &'a super::big_slot::BigPool,
}

/// The length of an event in samples: its whole times `legato` (default 1), or `sustain` s.
fn gate_samples(v: Value, h: &Hap, bt: &BlockTime, sample_rate: f64) -> f64 {
    match v.get_num(Sym::SUSTAIN) {
        Some(s) => s * sample_rate,
        None => event_samples(v, h, bt),
    }
}

/// The length of an event in samples: its whole times `legato` (default 1).
fn event_samples(v: Value, h: &Hap, bt: &BlockTime) -> f64 {
    let whole = h
        .whole
        .map(|w| w.len())
        .unwrap_or(crate::pattern::time::t(0));
    let samples = crate::pattern::time::to_f64(whole) * bt.den as f64 / bt.step as f64;
    samples * v.get_num(Sym::LEGATO).unwrap_or(1.0)
}

/// An event's pitch in semitones from middle C: `note` (a number, or a note name read as
/// Strudel does, `c4` = middle C), else `n`.
fn note_value(v: Value) -> Option<f64> {
    v.get(Sym::NOTE)
        .and_then(note_number)
        .or_else(|| v.get(Sym::N).and_then(note_number))
}

/// A `note` value in semitones from middle C: a number, or a note name (`c4` = 0).
fn note_number(x: Value) -> Option<f64> {
    match x {
        Value::Num(n) if n.is_finite() => Some(n),
        // Note names are MIDI numbers (lock-free lookup); notes count from middle C.
        Value::Str(s) => s.numeral().map(|m| m - 60.0),
        _ => None,
    }
}

/// SuperDirt's `DirtEvent.calcTimeSpan` for a sample voice reading `seg_len` source samples at
/// `rate` per output sample: how long it sounds and how its rate moves. `accelerate` ramps the
/// rate to `rate * (1 + accelerate)` over the event, whose natural length is the segment at the
/// average rate (`avgSpeed`); `loop` multiplies that length (the segment repeats); `legato` /
/// `sustain` give the length instead, never past one pass (`min(unitDuration, sustain)`).
/// `Motion::PLAIN` when none of these is set; `None` when the event has no length (dropped).
fn sample_motion(
    v: Value,
    h: &Hap,
    bt: &BlockTime,
    sr: f64,
    rate: f64,
    seg_len: f64,
) -> Option<Motion> {
    let accelerate = v
        .get_num(Sym::ACCELERATE)
        .filter(|a| a.is_finite())
        .unwrap_or(0.0);
    let looped = v.get_num(Sym::LOOP).filter(|l| l.is_finite());
    let gated = v.get(Sym::SUSTAIN).is_some() || v.get(Sym::LEGATO).is_some();
    if accelerate == 0.0 && looped.is_none() && !gated {
        return Some(Motion::PLAIN);
    }
    let avg = rate.abs() * (1.0 + (1.0 + accelerate).abs()) / 2.0;
    let once = seg_len / avg;
    let len = if gated {
        once.min(gate_samples(v, h, bt, sr))
    } else {
        once * looped.map_or(1.0, f64::abs)
    };
    if !(len.is_finite() && len >= 1.0) {
        return None;
    }
    Some(Motion {
        accel: rate * accelerate / (2.0 * len),
        loop_len: if looped.is_some() && !gated {
            seg_len
        } else {
            0.0
        },
        end_k: len.round() as u64,
    })
}

/// An `s "midi"` event (Strudel: `.midi()`): a note on at its sample and a note off after its
/// length.
pub(super) fn midi_note(
    midi: &mut MidiOut,
    env: &VoiceEnv,
    bt: &BlockTime,
    h: &Hap,
    offset: usize,
    stage: crate::lang::SoundStage,
) {
    let v = h.value;
    let (note, chan, vel) = match stage {
        // Tidal: `note` (or `n`) is semitones from middle C, MIDI note 60 + note; `midichan`
        // counts from 0; the velocity is `velocity`, else `gain`.
        crate::lang::SoundStage::Dirt => (
            60.0 + note_value(v).unwrap_or(0.0),
            v.get_num(Sym::MIDICHAN).unwrap_or(0.0),
            v.get_num(Sym::VELOCITY)
                .or_else(|| v.get_num(Sym::GAIN))
                .unwrap_or(1.0),
        ),
        // Strudel's midi output (@strudel/midi 1.2.6, `midi.mjs`): `note` is the MIDI number
        // (a name through `noteToMidi`), no note plays nothing; `midichan` counts from 1
        // (1 by default); the velocity is `gain * velocity` (1 and 0.9 by default).
        crate::lang::SoundStage::Dough => {
            let Some(note) = v.get(Sym::NOTE).and_then(|x| match x {
                Value::Num(n) => Some(n),
                Value::Str(s) => s.numeral(),
                _ => None,
            }) else {
                return;
            };
            (
                note,
                v.get_num(Sym::MIDICHAN).unwrap_or(1.0) - 1.0,
                v.get_num(Sym::GAIN).unwrap_or(1.0) * v.get_num(Sym::VELOCITY).unwrap_or(0.9),
            )
        }
    };
    let len = match stage {
        crate::lang::SoundStage::Dirt => gate_samples(v, h, bt, env.sample_rate),
        // Strudel's MIDI note lasts the event's whole (`hap.duration / cps`; `clip` is not read).
        crate::lang::SoundStage::Dough => h.whole.map_or(0.0, |w| {
            crate::pattern::time::to_f64(w.len()) * bt.den as f64 / bt.step as f64
        }),
    };
    if !(note.is_finite() && chan.is_finite() && vel.is_finite() && len.is_finite()) {
        return;
    }
    midi.note(
        env.chunk_start + (offset + nudge_samples(v, env.sample_rate)) as u64,
        len.clamp(1.0, 1e12) as u64,
        chan.clamp(0.0, 15.0) as u8,
        note.round().clamp(0.0, 127.0) as u8,
        vel.clamp(0.0, 1.0) as f32,
    );
}

/// SuperDirt's `nudge` in samples: later by that many seconds (at most 10 s; a negative nudge
/// plays on time).
fn nudge_samples(v: Value, sample_rate: f64) -> usize {
    match v.get_num(Sym::NUDGE) {
        Some(s) if s.is_finite() && s > 0.0 => (s.min(10.0) * sample_rate).round() as usize,
        _ => 0,
    }
}

/// Starts the voice for one event (or counts why it could not).
pub(super) fn start_voice(
    voices: &mut VecDeque<Voice>,
    env: &VoiceEnv,
    keys: &Keys,
    bt: &BlockTime,
    h: &Hap,
    offset: usize,
    orbit: u8,
) {
    let v = h.value;
    let dough_name = match keys.stage {
        crate::lang::SoundStage::Dough => super::dough::sound_name(&keys.dough, v, env.bank_names)
            .map(|n| super::dough::stand_in(&keys.dough, n, env.banks)),
        crate::lang::SoundStage::Dirt => None,
    };
    // Under superdough, a name only Phonon's own synths play (the built-in `piano` standing in
    // for Strudel's piano samples) plays on the path below.
    if let Some(name) = dough_name.filter(|n| {
        super::dough::plays(&keys.dough, *n, env.banks) || keys.synth(*n, env.banks).is_none()
    }) {
        let onset = env.chunk_start + offset as u64;
        if let Some(d) =
            super::dough::start(&keys.dough, name, env.banks, h, bt, env.sample_rate, onset)
        {
            if let Some(c) = d.cut {
                for old in voices.iter_mut() {
                    if let Source::Dough(o) = &mut old.source {
                        if o.cut == Some(c) {
                            o.cut_by(offset.saturating_sub(old.delay) as u64);
                        }
                    }
                }
            }
            push_voice(voices, env, Source::Dough(d), offset, orbit, v);
        }
        // superdough plays nothing for an event it cannot play (an unknown sound or vowel).
        return;
    }
    let name = match dough_name {
        Some(name) => name,
        None => match v.get(Sym::S) {
            Some(Value::Str(name)) => resolve_bank(v, name, env.bank_names),
            _ => return,
        },
    };
    let (amp, gain) = (v.get_num(Sym::AMP), v.get_num(Sym::GAIN));
    let gain = match keys.stage {
        // SuperDirt's output stage: `amp * pow(gain.min(2) + overgain, 4)` (`dirt_gate.rs`).
        crate::lang::SoundStage::Dirt => {
            super::dirt_gate::level(amp, gain, v.get_num(Sym::OVERGAIN)) as f32
        }
        // Phonon's own synths under superdough's stage (the built-in `piano`): `gain` linear,
        // `amp` relative to its default.
        crate::lang::SoundStage::Dough => (gain.unwrap_or(1.0)
            * v.get_num(Sym::VELOCITY).unwrap_or(1.0)
            * amp.map_or(1.0, |a| a / super::dirt_gate::AMP))
        .max(0.0) as f32,
    };
    let pan = v.get_num(Sym::PAN).unwrap_or(0.5) as f32;
    if !(gain.is_finite() && pan.is_finite()) {
        return;
    }
    let sr = env.sample_rate;
    // The sample voice's envelope and gate end (synth voices shape their own).
    let (mut env_linen, mut gate): (Option<Linen>, Option<(u64, f64)>) = (None, None);
    // SuperDirt's `~freq` of the event (`fshiftnote` reads it): a synth's frequency; for a
    // sample `(note ? n) + 12 octave` as a MIDI note (`DirtOrbit`'s `~midinote`).
    let event_freq: f64;
    let source = if let Some(kind) = keys.synth(name, env.banks) {
        // Pitch: `note` (or `n`) semitones from middle C, through `scale` when given.
        let n = note_value(v).unwrap_or(0.0);
        let semis = match v.get(Sym::SCALE) {
            Some(Value::Str(sc)) => match keys.scales.get(&sc) {
                Some(table) => crate::pattern::theory::scales::degree_semitones(table, n),
                None => n,
            },
            _ => n,
        };
        let octave = v.get_num(Sym::OCTAVE).unwrap_or(5.0);
        let midi = 60.0 + semis + (octave - 5.0) * 12.0;
        // `freq` (Hz) instead of the note, as SuperDirt's synths take it.
        let freq = v
            .get_num(Sym::FREQ)
            .unwrap_or_else(|| 440.0 * 2f64.powf((midi - 69.0) / 12.0));
        let gate = match keys.stage {
            crate::lang::SoundStage::Dirt => gate_samples(v, h, bt, sr),
            // superdough's `sustain` is a level, not a length: the event's duration plays.
            crate::lang::SoundStage::Dough => event_samples(v, h, bt),
        };
        let attack = v.get_num(Sym::ATTACK).unwrap_or(0.003) as f32;
        let release = v.get_num(Sym::RELEASE).unwrap_or(0.08) as f32;
        if !(freq.is_finite() && gate.is_finite()) {
            return;
        }
        event_freq = freq;
        if let SynthKind::Dirt(dk) = kind {
            // SuperDirt's default synths read their own controls (each its own default).
            let num = |k: Sym| v.get_num(k).filter(|x| x.is_finite());
            let p = DirtParams {
                freq,
                sustain: gate / sr,
                speed: num(Sym::SPEED),
                accelerate: num(Sym::ACCELERATE),
                voice: num(Sym::VOICE),
                decay: num(Sym::DECAY),
                semitone: num(Sym::SEMITONE),
                resonance: num(Sym::RESONANCE),
                lfo: num(Sym::LFO),
                pitch1: num(Sym::PITCH1),
                rate: num(Sym::RATE),
                detune: num(Sym::DETUNE),
                n: num(Sym::N),
                velocity: num(Sym::VELOCITY),
            };
            let slot = || {
                let s = env.fx_pool.take();
                if s.is_none() {
                    env.stats.fx_slot_overflows.fetch_add(1, Ordering::Relaxed);
                }
                s
            };
            let synth_buf = || {
                let s = env.synth_pool.take_free();
                if s.is_none() {
                    env.stats
                        .synth_slot_overflows
                        .fetch_add(1, Ordering::Relaxed);
                }
                s
            };
            let big_slot = || {
                let s = env.big_pool.take_free();
                if s.is_none() {
                    env.stats.big_slot_overflows.fetch_add(1, Ordering::Relaxed);
                }
                s
            };
            Source::Dirt(DirtSynth::new(
                *dk,
                &p,
                sr,
                env.chunk_start + offset as u64,
                slot,
                synth_buf,
                big_slot,
            ))
        } else {
            Source::Synth(Synth::new(
                *kind,
                sr as f32,
                freq as f32,
                gate.clamp(1.0, 1e9) as u32,
                attack,
                release,
            ))
        }
    } else {
        let Some(bank) = env.banks.get(&name) else {
            return;
        };
        if bank.is_empty() {
            return;
        }
        let n = v.get_num(Sym::N).unwrap_or(0.0).floor() as i64;
        let sample = &bank[n.rem_euclid(bank.len() as i64) as usize];
        let midinote = v
            .get(Sym::NOTE)
            .and_then(note_number)
            .or_else(|| v.get_num(Sym::N))
            .unwrap_or(0.0)
            + 12.0 * v.get_num(Sym::OCTAVE).unwrap_or(5.0);
        event_freq = 440.0 * 2f64.powf((midinote - 69.0) / 12.0);
        let speed = v.get_num(Sym::SPEED).unwrap_or(1.0);
        if !speed.is_finite() || speed == 0.0 {
            return;
        }
        // `begin`/`end` (0..1) bound the part of the sample that plays (`slice`, `splice`).
        let len = sample.left.len() as f64;
        let begin = v
            .get_num(Sym::BEGIN)
            .filter(|x| x.is_finite())
            .unwrap_or(0.0)
            .clamp(0.0, 1.0);
        let end = v
            .get_num(Sym::END)
            .filter(|x| x.is_finite())
            .unwrap_or(1.0)
            .clamp(begin, 1.0);
        let (lo, hi) = (begin * len, (end * len - 1.0).max(begin * len));
        // `unit "c"`: the speed is in cycles, so the played part lasts the event (SuperDirt).
        let unit_c = matches!(v.get(Sym::UNIT), Some(Value::Str(u)) if u == keys.unit_c);
        let mut rate = if unit_c {
            let whole = h
                .whole
                .map(|w| w.len())
                .unwrap_or(crate::pattern::time::t(0));
            let event_samples =
                crate::pattern::time::to_f64(whole) * bt.den as f64 / bt.step as f64;
            if event_samples <= 0.0 {
                return;
            }
            speed * (hi - lo + 1.0) / event_samples
        } else {
            speed * sample.sample_rate as f64 / sr
        };
        // `note` and `octave` transpose a sample: SuperDirt's `dirt_sample` reads at
        // `speed * freq / 60.midicps`, `freq` being the MIDI note `60 + note + 12 * (octave - 5)`.
        let note = v.get(Sym::NOTE).and_then(note_number);
        let octave = v.get_num(Sym::OCTAVE).filter(|o| o.is_finite());
        if note.is_some() || octave.is_some() {
            rate *= 2f64.powf((note.unwrap_or(0.0) + 12.0 * (octave.unwrap_or(5.0) - 5.0)) / 12.0);
        }
        if !rate.is_finite() || rate == 0.0 {
            return;
        }
        let start = if rate < 0.0 { hi } else { lo };
        let Some(mut motion) = sample_motion(v, h, bt, sr, rate, hi - lo + 1.0) else {
            return;
        };
        if motion != Motion::PLAIN {
            gate = Some((
                motion.end_k,
                dsp::linen::gate_fade_len(motion.end_k as f64, sr as f32),
            ));
        }
        // `attack`/`hold`/`release` (SuperDirt's `dirt_envelope`, when `attack` or `release` is
        // given): the voice ends when the envelope does.
        let (attack, release) = (v.get_num(Sym::ATTACK), v.get_num(Sym::RELEASE));
        if attack.is_some() || release.is_some() {
            let hold = v.get_num(Sym::HOLD).unwrap_or(0.0);
            let e = Linen::new(
                attack.unwrap_or(0.0) as f32,
                hold as f32,
                release.unwrap_or(f64::INFINITY) as f32,
                LINEN_CURVE,
                sr as f32,
            );
            if let Some(len) = e.length() {
                motion.end_k = motion.end_k.min(len.ceil().max(1.0) as u64);
            }
            env_linen = Some(e);
        }
        // `cut`: a new voice in a cut group stops the group's sounding voices.
        if let Some(c) = v.get_num(Sym::CUT).filter(|c| *c > 0.0) {
            voices.retain(|old| old.cut != c as i32);
        }
        Source::Sample {
            sample: sample.clone(),
            start,
            rate,
            k: 0,
            lo,
            hi,
            motion,
        }
    };
    // A Tidal voice's filters are SuperDirt's (`synths/core-synths.scd`): `dirt_hpf`/`dirt_lpf`
    // are `RHPF`/`RLPF` at `cutoff.abs.clip(20, sr / 2)` with `rq = resonance.linexp(0, 1, 1,
    // 0.001)`; `dirt_bpf` is `BPF.ar(x, bandf.clip(20, sr / 2), 1 / bandq) * bandq` with
    // `bandq = max(1, bandq)`. An unset `resonance`, `hresonance` or `bandq` is 0: the modules
    // (`synths/core-modules.scd`) send `~bandq` etc. as they are, and sclang's OSC encoding
    // sends nil as the integer 0 (so an unset `bandq` is 1, not the SynthDef's 10). Measured
    // against SuperDirt's renders: `tests/dirt_fx_oracle.rs` (`hpf_*`, `bpf_*`, `lpf_*`).
    // (Phonon's own synths, `s "saw"`, which SuperDirt does not have, keep the state-variable
    // filters, which their SIMD lanes run: `voice_lanes.rs`.)
    let dirt = matches!(keys.stage, crate::lang::SoundStage::Dirt);
    let sc_filters = dirt && !matches!(source, Source::Synth(_));
    let sr64 = sr;
    let sc_hz = |f: f64| f.abs().clamp(20.0, sr64 / 2.0);
    let sc_rq = |res: Option<f64>| {
        dsp::sc_ugens::linexp(
            res.filter(|x| x.is_finite()).unwrap_or(0.0),
            0.0,
            1.0,
            1.0,
            0.001,
        )
    };
    let filter = |mode, hz: Option<f64>, resonance: Option<f64>| {
        let q = dsp::filter::resonance_to_q(resonance.unwrap_or(0.0) as f32);
        hz.filter(|f| f.is_finite() && *f > 0.0)
            .map(|f| VoiceFilter {
                mode,
                cutoff_hz: f as f32,
                q,
                gain: 1.0,
                svf: [Svf::new(sr as f32), Svf::new(sr as f32)],
                sc: sc_filters.then(|| {
                    let high = mode == dsp::filter::Mode::Highpass;
                    let b = dsp::sc_ugens::Biquad::resonant(high, sc_hz(f), sc_rq(resonance), sr64);
                    [b, b]
                }),
            })
    };
    // `bandf` with `bandq` (default 10 under superdough's stage, at least 1): SuperDirt's
    // `dirt_bpf` as above.
    let bandpass = v
        .get_num(Sym::BANDF)
        .filter(|f| f.is_finite() && *f > 0.0)
        .map(|f| {
            let bandq = v.get_num(Sym::BANDQ).filter(|q| q.is_finite());
            let q = bandq
                .unwrap_or(if dirt { 0.0 } else { 10.0 })
                .clamp(1.0, dsp::filter::Q_MAX as f64) as f32;
            let sc_q = bandq.unwrap_or(0.0).max(1.0);
            VoiceFilter {
                mode: dsp::filter::Mode::Bandpass,
                cutoff_hz: f.max(20.0) as f32,
                q,
                gain: if dirt { sc_q as f32 } else { q },
                svf: [Svf::new(sr as f32), Svf::new(sr as f32)],
                sc: sc_filters.then(|| {
                    let b = dsp::sc_ugens::Biquad::bandpass(sc_hz(f), 1.0 / sc_q, sr64);
                    [b, b]
                }),
            }
        });
    let filters = [
        filter(
            dsp::filter::Mode::Highpass,
            v.get_num(Sym::HCUTOFF),
            v.get_num(Sym::HRESONANCE),
        ),
        bandpass,
        filter(
            dsp::filter::Mode::Lowpass,
            v.get_num(Sym::CUTOFF),
            v.get_num(Sym::RESONANCE),
        ),
    ];
    let finite = |k: Sym| v.get_num(k).filter(|x| x.is_finite()).map(|x| x as f32);
    let shape = finite(Sym::SHAPE).filter(|s| *s != 0.0);
    let crush = finite(Sym::CRUSH);
    // `coarse 1` is the full rate (SuperDirt applies `dirt_coarse` above 1 only).
    let coarse = finite(Sym::COARSE)
        .filter(|c| *c > 1.0)
        .map(|c| (c, [Coarse::new(sr as f32), Coarse::new(sr as f32)]));
    let fx = (shape.is_some()
        || crush.is_some()
        || coarse.is_some()
        || env_linen.is_some()
        || gate.is_some())
    .then_some(VoiceFx {
        shape,
        crush,
        coarse,
        env: env_linen,
        gate,
        age: 0,
    });
    let (gain_l, gain_r) = Voice::pan_gains(gain, pan);
    if voices.len() >= voices.capacity() {
        // Steal the oldest voice (the first: voices are kept in trigger order). A deque: with a
        // Vec, removing the first moved the whole pool (25 us a steal, 100 ms a block when a
        // window's 8192 events all steal).
        voices.pop_front();
        env.stats.voice_steals.fetch_add(1, Ordering::Relaxed);
    }
    let send = |k: Sym| {
        v.get_num(k)
            .filter(|x| x.is_finite())
            .unwrap_or(0.0)
            .clamp(0.0, 1.0) as f32
    };
    let sends = [send(Sym::DELAY), send(Sym::ROOM)];
    let cut = v
        .get_num(Sym::CUT)
        .filter(|c| c.is_finite() && *c > 0.0)
        .unwrap_or(0.0) as i32;
    // One node effect an event (the first of the registry's whose control it sets).
    let node = keys.voice_nodes.iter().find_map(|k| k.start(&v, sr as f32));
    let extra = VoiceExtras::start(
        v,
        &ExtrasEnv {
            sample_rate: sr as f32,
            freq: event_freq,
            seed: env.chunk_start + offset as u64,
            pool: env.fx_pool,
            overflow: &env.stats.fx_slot_overflows,
        },
    );
    voices.push_back(Voice {
        source,
        gain_l,
        gain_r,
        delay: offset + nudge_samples(v, sr),
        filters,
        fx,
        node,
        extra,
        sends,
        cut,
        orbit,
        // SuperDirt pans before the effect modules, levels after them (`Voice::pan_first`; not
        // Phonon's own synths, whose lanes mix them as before).
        pan_first: sc_filters.then(|| {
            let (pl, pr) = Voice::pan_gains(1.0, pan);
            (pl, pr, gain)
        }),
    });
}

/// Adds a voice that renders its own chain (a superdough voice): full level on both sides,
/// its sends, the pool's steal rule.
fn push_voice(
    voices: &mut VecDeque<Voice>,
    env: &VoiceEnv,
    source: Source,
    offset: usize,
    orbit: u8,
    v: Value,
) {
    if voices.len() >= voices.capacity() {
        voices.pop_front();
        env.stats.voice_steals.fetch_add(1, Ordering::Relaxed);
    }
    let send = |k: Sym| {
        v.get_num(k)
            .filter(|x| x.is_finite())
            .unwrap_or(0.0)
            .clamp(0.0, 1.0) as f32
    };
    // superdough sends `delay` (linear, unclamped) only while the delay time and feedback are
    // above 0.
    let num = |k: Sym| v.get_num(k).filter(|x| x.is_finite());
    let delay = if num(Sym::DELAYFEEDBACK).unwrap_or(0.5) > 0.0
        && num(Sym::DELAYTIME).is_none_or(|t| t > 0.0)
    {
        num(Sym::DELAY).unwrap_or(0.0).max(0.0) as f32
    } else {
        0.0
    };
    voices.push_back(Voice {
        source,
        gain_l: 1.0,
        gain_r: 1.0,
        delay: offset,
        filters: [None, None, None],
        fx: None,
        node: None,
        extra: None,
        sends: [delay, send(Sym::ROOM)],
        cut: 0,
        orbit,
        pan_first: None,
    });
}
