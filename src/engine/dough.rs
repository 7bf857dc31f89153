//! Strudel's output stage: an event played as superdough 1.2.6 plays it (`superdough.mjs`
//! `superdough`, `synth.mjs`, `helpers.mjs`), for programs whose [`crate::lang::SoundStage`] is
//! `Dough` (Strudel code). The event values are the front-ends' common ones; what differs from
//! SuperDirt's stage (`trigger.rs`) is everything after:
//!
//! * pitch: `note` is a MIDI number (note names as Strudel's `noteToMidi`, `c4` = 60), 36 when
//!   unset or 0 (`getFrequencyFromValue`'s `note || 36`); `freq` in Hz instead. `n` is not a
//!   pitch: a `sawtooth`, `square` or `triangle` of its first `n` partials (`waveformN`);
//! * length: the event's whole times `clip` (`legato`) (`hap.duration`), then the release;
//! * level: the synth's own level (0.3; `supersaw` `0.3 / sqrt(unison)`; `pulse` 1) times its
//!   ADSR (`getADSRValues` with the synth defaults `[0.001, 0.05, 0.6, 0.01]`), times
//!   `gain` (0.8 unless set) times `velocity` (1), linear, then `postgain` after the effects;
//! * the chain of `superdough()`: source, gain, `lpf` (`cutoff`), `hpf`, `bpf` (Web Audio
//!   biquads, Q as superdough's `resonance`/`hresonance`/`bandq`, default 1; each with its
//!   envelope), `coarse`, `crush`, `shape`, `distort`, `pan` (a Web Audio `StereoPannerNode`,
//!   only when set: an unpanned voice plays at full level on both sides), `postgain`;
//! * frequency modulation (`applyFM`), vibrato (`getVibratoOscillator`) and the pitch envelope
//!   (`getPitchEnvelope`) on the oscillator's `frequency`/`detune`.
//!
//! Every control-rate value (a filter's swept cutoff) steps on a grid of the voice's age, so any
//! host block renders the same; nothing here allocates.

use super::clock::BlockTime;
use crate::dsp::dough_biquad::{Biquad, Kind, Ladder, Vowel, VOWELS, VOWEL_ALIASES};
use crate::dsp::dough_compressor::{CompressorParams, DoughCompressor};
use crate::dsp::dough_env::{adsr_values, Automation, Curve, ADSR_FALLBACK};
use crate::dsp::dough_osc::{NoiseGen, NoiseKind, PartialsOsc, Pulse, Supersaw, Wave, WaveOsc};
use crate::dsp::dough_sbd::Sbd;
use crate::dsp::dough_shape;
use crate::pattern::{Hap, Sym, Value};
use crate::samples::Sample;
use std::collections::HashMap;
use std::sync::Arc;

pub mod lanes;
mod steady;

/// A superdough synth sound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoughSound {
    Wave(Wave),
    Supersaw,
    Pulse,
    Noise(NoiseKind),
    /// The synthesized bass drum (`sbd`).
    Sbd,
}

impl DoughSound {
    /// The names superdough registers for its synths (`registerSynthSounds`).
    pub const NAMES: &'static [&'static str] = &[
        "sine", "sin", "sawtooth", "saw", "square", "sqr", "triangle", "tri", "supersaw", "pulse",
        "white", "pink", "brown", "crackle", "sbd",
    ];

    pub fn from_name(name: &str) -> Option<DoughSound> {
        if let Some(w) = Wave::from_name(name) {
            return Some(DoughSound::Wave(w));
        }
        if let Some(k) = NoiseKind::from_name(name) {
            return Some(DoughSound::Noise(k));
        }
        match name {
            "supersaw" => Some(DoughSound::Supersaw),
            "pulse" => Some(DoughSound::Pulse),
            "sbd" => Some(DoughSound::Sbd),
            _ => None,
        }
    }
}

/// The control keys and words the stage reads, interned when the graph is built.
pub struct DoughKeys {
    pub sounds: HashMap<Sym, DoughSound>,
    /// Stand-ins whose built-in sound is one of superdough's synths (`gm_flute` by `tri`):
    /// under superdough they play that synth, with its envelope, gain and velocity.
    synth_stand_ins: HashMap<Sym, Sym>,
    /// Web Audio waveforms and noises by name (`fmwave`).
    waves: HashMap<Sym, DoughSound>,
    triangle: Sym,
    k: Controls,
    /// `distorttype` words (`distortionAlgorithms`, in order).
    distort_types: Vec<Sym>,
    ftype_24db: Sym,
    ftype_ladder: Sym,
    fmenv_exp: Sym,
    unit_c: Sym,
    /// `getModulationShapeInput`'s names.
    lfo_shapes: Vec<(Sym, usize)>,
    /// `vowel` words and their formants (an index of [`VOWELS`]).
    vowels: Vec<(Sym, usize)>,
    vowel: Sym,
}

macro_rules! controls {
    ($($f:ident),* $(,)?) => {
        /// Keys of superdough's controls (`spread` and `density` are not rows of the control
        /// table, a function of the language having their name: they come from the Strudel
        /// front-end or `pF`).
        struct Controls {
            $($f: Sym,)*
        }

        impl Controls {
            fn new() -> Controls {
                Controls {
                    $($f: Sym::intern(match stringify!($f) {
                        "looped" => "loop",
                        "loop_begin" => "loopBegin",
                        "loop_end" => "loopEnd",
                        "compressor_ratio" => "compressorRatio",
                        "compressor_knee" => "compressorKnee",
                        "compressor_attack" => "compressorAttack",
                        "compressor_release" => "compressorRelease",
                        other => other,
                    }),)*
                }
            }
        }
    };
}

controls!(
    looped,
    loop_begin,
    loop_end,
    postgain,
    velocity,
    fmi,
    fmh,
    fmwave,
    fmenv,
    fmattack,
    fmdecay,
    fmsustain,
    fmrelease,
    fmvelocity,
    vib,
    vibmod,
    penv,
    pattack,
    pdecay,
    psustain,
    prelease,
    pcurve,
    panchor,
    lpenv,
    lpattack,
    lpdecay,
    lpsustain,
    lprelease,
    hpenv,
    hpattack,
    hpdecay,
    hpsustain,
    hprelease,
    bpenv,
    bpattack,
    bpdecay,
    bpsustain,
    bprelease,
    ftype,
    fanchor,
    unison,
    spread,
    pw,
    drive,
    pwrate,
    pwsweep,
    tremolo,
    tremolosync,
    tremolodepth,
    tremoloskew,
    tremolophase,
    tremoloshape,
    compressor,
    compressor_ratio,
    compressor_knee,
    compressor_attack,
    compressor_release,
    phaserrate,
    phaserdepth,
    phasercenter,
    phasersweep,
    distort,
    distortvol,
    distorttype,
    shapevol,
    density,
    clip,
    decay,
    sustain,
    attack,
    release,
    resonance,
    hresonance,
    bandq,
    cutoff,
    hcutoff,
    bandf,
    coarse,
    crush,
    shape,
    pan,
    note,
    freq,
    detune,
    n,
    legato,
);

impl DoughKeys {
    pub fn new() -> DoughKeys {
        let names = |list: &[&str]| -> HashMap<Sym, DoughSound> {
            list.iter()
                .filter_map(|n| Some((Sym::intern(n), DoughSound::from_name(n)?)))
                .collect()
        };
        let sounds = names(DoughSound::NAMES);
        DoughKeys {
            synth_stand_ins: crate::samples::standins::STAND_INS
                .iter()
                .map(|(n, t)| (Sym::intern(n), Sym::intern(t)))
                .filter(|(_, t)| sounds.contains_key(t))
                .collect(),
            sounds,
            waves: names(&[
                "sine", "sawtooth", "square", "triangle", "white", "pink", "brown", "crackle",
            ]),
            triangle: Sym::intern("triangle"),
            k: Controls::new(),
            distort_types: dough_shape::ALGORITHMS
                .iter()
                .map(|a| Sym::intern(a))
                .collect(),
            ftype_24db: Sym::intern("24db"),
            ftype_ladder: Sym::intern("ladder"),
            fmenv_exp: Sym::intern("exp"),
            unit_c: Sym::intern("c"),
            lfo_shapes: ["tri", "triangle", "sine", "ramp", "saw", "square"]
                .iter()
                .map(|n| (Sym::intern(n), dough_shape::lfo_shape_index(Some(n), None)))
                .collect(),
            vowels: VOWELS
                .iter()
                .enumerate()
                .map(|(i, v)| (Sym::intern(v.0), i))
                .chain(VOWEL_ALIASES.iter().map(|(a, v)| {
                    (
                        Sym::intern(a),
                        VOWELS.iter().position(|x| x.0 == *v).unwrap_or(0),
                    )
                }))
                .collect(),
            vowel: Sym::intern("vowel"),
        }
    }
}

impl Default for DoughKeys {
    fn default() -> Self {
        DoughKeys::new()
    }
}

/// Samples between two computations of a swept filter's coefficients (on the voice's age): the
/// lanes' grid step.
const FILTER_STEP: u64 = crate::dsp::dough_lanes::GRID as u64;
/// Web Audio's render quantum (`coarse` and `pulse` count in it).
const QUANTUM: u64 = 128;

/// What a voice sounds.
// Boxing the supersaw's phases would allocate when a voice starts.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Src {
    Wave(Wave, WaveOsc),
    /// A waveform of its first `n` partials.
    Partials(PartialsOsc),
    Supersaw(Supersaw),
    Pulse {
        osc: Pulse,
        pw: f64,
        /// The width LFO (`getLfo`: a triangle, `(tri - 0.5) * depth`): rate, depth, start phase.
        lfo: Option<(f64, f64, f64)>,
    },
    Noise(NoiseGen),
    Sbd(Sbd),
    /// A sample read at `step` source samples per output sample (the buffer source's
    /// `playbackRate` times its rate over the context's) from `pos`, backwards through the
    /// buffer for a negative speed (`reverseBuffer`), between the loop points when looped.
    Sample {
        sample: Arc<Sample>,
        pos: f64,
        step: f64,
        reverse: bool,
        looped: Option<(f64, f64)>,
    },
}

/// The FM modulator (`applyFM`): an oscillator at `carrier * fmh` times
/// `carrier * fmh * fmi`, added to the carrier's frequency, through its envelope when set.
#[derive(Clone, Debug)]
struct Fm {
    wave: DoughSound,
    osc: WaveOsc,
    noise: NoiseGen,
    freq: f64,
    depth: f64,
    env: Option<Automation>,
    /// A sine modulator's rotation where a render left it: the voice's age then and the
    /// (sin, cos) pair there (`steady.rs`'s `SineRotation`: the next render at that age goes on
    /// from it, the same values as starting again from its last restart).
    rot: Option<(u64, (f64, f64))>,
}

/// One of superdough's filters (`createFilter`): one biquad (two for `ftype "24db"`) per
/// channel, its cutoff constant or swept by its envelope.
#[derive(Clone, Copy, Debug)]
struct Filter {
    kind: Kind,
    q: f64,
    /// `10^(q/20)` ([`crate::dsp::dough_biquad::q_gain`]).
    q_gain: f64,
    /// The cutoff last set (Hz).
    cutoff: f64,
    env: Option<Automation>,
    stages: usize,
    bq: [[Biquad; 2]; 2],
    /// `ftype "ladder"` (the low-pass only): the ladder per channel and its `drive`.
    ladder: Option<([Ladder; 2], f64)>,
}

impl Filter {
    fn set(&mut self, f0: f64, sr: f64) {
        self.cutoff = f0;
        if let Some((l, drive)) = &mut self.ladder {
            for x in l.iter_mut() {
                x.set(f0, self.q, *drive, sr);
            }
            return;
        }
        self.bq[0][0].set_with(self.kind, f0, self.q, self.q_gain, sr);
        self.spread();
    }

    /// [`Filter::set`] for a biquad filter (no ladder): `f0` clamped is `clamped`, and
    /// `(sin w0, cos w0)` are `(s, c)` (`dough_biquad::cutoff_cycles`).
    fn set_sin_cos(&mut self, f0: f64, clamped: f64, sr: f64, s: f64, c: f64) {
        self.cutoff = f0;
        self.bq[0][0].set_sin_cos(self.kind, clamped, self.q, self.q_gain, sr, s, c);
        self.spread();
    }

    /// Every stage and channel has the same response: computed once (the first), copied.
    fn spread(&mut self) {
        let first = self.bq[0][0];
        for st in &mut self.bq {
            for b in st {
                b.copy_response(&first);
            }
        }
    }

    #[inline]
    fn tick(&mut self, ch: usize, mut x: f32) -> f32 {
        if let Some((l, _)) = &mut self.ladder {
            return l[ch].tick(x);
        }
        for st in &mut self.bq[..self.stages] {
            x = st[ch].tick(x);
        }
        x
    }
}

/// `tremolo` (`superdough()`): the gain `max(1 - depth, 0)` plus an LFO (`getLfo`, `curve`
/// 1.5, 0..1) of `tremolo` Hz (`tremolosync` cycles at the tempo), its phase from the event's
/// cycle.
#[derive(Clone, Copy, Debug)]
struct Tremolo {
    rate: f64,
    depth: f64,
    skew: f64,
    shape: usize,
    phase0: f64,
    /// Seconds the LFO runs (`endWithRelease`).
    end: f64,
}

/// `getPhaser`: two notch biquads at `center` and `center + 282` Hz, Q `2 - min(2 depth, 1.9)`,
/// detuned by a triangle LFO of +-`sweep` cents at `rate` Hz.
#[derive(Clone, Copy, Debug)]
struct Phaser {
    rate: f64,
    sweep: f64,
    center: f64,
    q: f64,
    phase0: f64,
    end: f64,
    bq: [[Biquad; 2]; 2],
}

/// One sounding superdough voice: the whole per-event chain.
pub struct DoughVoice {
    src: Src,
    sr: f64,
    age: u64,
    /// Samples until the source stops (`holdEnd + release + 0.01`).
    len: u64,
    freq: f64,
    /// The source's level (0.3 ...) times `gain * velocity`.
    level: f64,
    amp: Automation,
    fm: Option<Fm>,
    /// Vibrato: rate (Hz), depth (cents).
    vib: Option<(f64, f64)>,
    penv: Option<Automation>,
    /// Low-pass, high-pass, band-pass (`superdough()`'s order).
    filters: [Option<Filter>; 3],
    coarse: Option<f64>,
    held: [f32; 2],
    crush: Option<f64>,
    /// `shape`: k and `shapevol`.
    shape: Option<(f64, f64)>,
    /// `distort`: amount, `distortvol`, algorithm.
    distort: Option<(f64, f64, usize)>,
    /// `vowel` (after the filters), one per channel.
    vowel: Option<[Vowel; 2]>,
    tremolo: Option<Tremolo>,
    /// `compressor` (its threshold) and the rest of its settings: after the tremolo.
    compressor: Option<DoughCompressor>,
    pan: Option<f64>,
    phaser: Option<Phaser>,
    postgain: f64,
    /// `cut` group (samples), and the sample at which a newer voice of the group cut it
    /// (`onTriggerSample`: a 10 ms linear fade).
    pub cut: Option<i64>,
    cut_at: Option<u64>,
}

/// `freq` detuned by `cents` (`frequency * 2^(detune / 1200)`, Web Audio's computed
/// frequency); `freq` itself at 0 cents (the same value: `2^0` is 1).
#[inline]
fn detuned(freq: f64, cents: f64) -> f64 {
    if cents != 0.0 {
        freq * 2f64.powf(cents / 1200.0)
    } else {
        freq
    }
}

/// An event's `note` as superdough reads it: a number is MIDI, a word a note name
/// (`noteToMidi`, default octave 3).
fn midi_note(v: Value, key: Sym) -> Option<f64> {
    match v.get(key)? {
        Value::Num(n) if n.is_finite() => Some(n),
        Value::Str(s) => s.numeral(),
        _ => None,
    }
}

/// The sound an event plays under superdough: its `s` (after Strudel's `bank`), else
/// superdough's default `triangle`; `None` when `s` is not a word.
pub fn sound_name(
    keys: &DoughKeys,
    v: Value,
    bank_names: &HashMap<(Sym, Sym), Sym>,
) -> Option<Sym> {
    match (v, v.get(Sym::S)) {
        (_, Some(Value::Str(s))) => Some(super::trigger::resolve_bank(v, s, bank_names)),
        // A plain value (no controls) plays nothing: superdough refuses it.
        (Value::Map(_), None) => Some(keys.triangle),
        _ => None,
    }
}

/// The sound superdough plays for `name`: itself, or the superdough synth standing in for it
/// when no bank has it.
pub fn stand_in(keys: &DoughKeys, name: Sym, banks: &HashMap<Sym, Vec<Arc<Sample>>>) -> Sym {
    match keys.synth_stand_ins.get(&name) {
        Some(t) if !plays(keys, name, banks) => *t,
        _ => name,
    }
}

/// Whether superdough plays `name`: one of its synths or a sample bank.
pub fn plays(keys: &DoughKeys, name: Sym, banks: &HashMap<Sym, Vec<Arc<Sample>>>) -> bool {
    keys.sounds.contains_key(&name) || banks.get(&name).is_some_and(|b| !b.is_empty())
}

/// The voice for event `h` playing `name` ([`sound_name`]), starting at sample `onset` (the
/// engine's count, for the random phases), or `None` when it does not play superdough's synth
/// (a sample, an unknown name).
pub fn start(
    keys: &DoughKeys,
    name: Sym,
    banks: &HashMap<Sym, Vec<Arc<Sample>>>,
    h: &Hap,
    bt: &BlockTime,
    sample_rate: f64,
    onset: u64,
) -> Option<DoughVoice> {
    let v = h.value;
    let k = &keys.k;
    // `createVowelFilter` throws for an unknown vowel: the event does not play.
    if let Some(w) = v.get(keys.vowel) {
        let known = matches!(w, Value::Str(s) if keys.vowels.iter().any(|(x, _)| *x == s));
        if !known {
            return None;
        }
    }
    // A synth, else a sample bank (`onTriggerSample`).
    let sound = match keys.sounds.get(&name) {
        Some(s) => Some(*s),
        None if banks.get(&name).is_some_and(|b| !b.is_empty()) => None,
        None => return None,
    };
    let num = |key: Sym| v.get_num(key).filter(|x| x.is_finite());
    let sr = sample_rate;
    // `hap.duration / cps`: the whole's length times `clip`, in seconds.
    let whole = h
        .whole
        .map(|w| w.len())
        .unwrap_or(crate::pattern::time::t(0));
    let event_samples = crate::pattern::time::to_f64(whole) * bt.den as f64 / bt.step as f64;
    let clip = num(k.legato).or_else(|| num(k.clip)).unwrap_or(1.0);
    let mut duration = (event_samples * clip / sr).max(0.0);
    if !duration.is_finite() {
        return None;
    }
    let cps = bt.step as f64 / bt.den as f64 * sr;
    let cycle = h
        .whole
        .map_or(0.0, |w| crate::pattern::time::to_f64(w.begin));
    let onset_s = cycle / cps;
    // `getFrequencyFromValue(value, 36)`: `note || 36`, `freq` when set (and not 0).
    let note = midi_note(v, k.note).filter(|n| *n != 0.0).unwrap_or(36.0);
    let freq = match num(k.freq).filter(|f| *f != 0.0) {
        Some(f) => f,
        None => 440.0 * 2f64.powf((note - 69.0) / 12.0),
    };
    if !freq.is_finite() {
        return None;
    }
    let adsr_params = [num(k.attack), num(k.decay), num(k.sustain), num(k.release)];
    // Synths' defaults (`synth.mjs`); samples' are `getADSRValues`'s own (`sampler.mjs`).
    let defaults = match sound {
        Some(_) => [0.001, 0.05, 0.6, 0.01],
        None => ADSR_FALLBACK,
    };
    let [attack, decay, sustain, release] = adsr_values(adsr_params, defaults);
    let seed = (onset as u32) ^ ((onset >> 32) as u32).wrapping_mul(0x9E37_79B9) ^ 0x5D0F_u32;
    let Some(sound) = sound else {
        let src = sample_source(keys, banks, name, v, sr)?;
        // `onTriggerSample`: without `clip`, `loop` and `release` the note lasts the slice.
        if num(k.legato).is_none()
            && num(k.clip).is_none()
            && num(k.looped).is_none()
            && num(k.release).is_none()
        {
            duration = src.1;
        }
        let mut voice = voice(
            keys,
            v,
            sr,
            duration,
            [attack, decay, sustain, release],
            src.0,
            1.0,
            None,
            seed,
            (onset_s, cps, cycle),
        );
        voice.cut = num(Sym::CUT).map(|c| c as i64);
        return Some(voice);
    };
    let (src, source_level) = match sound {
        // `getOscillator`: `n` (other than 0) is the number of partials (`waveformN`, which
        // throws for a count a typed array cannot have: that note does not play).
        DoughSound::Wave(w) => match num(k.n).filter(|p| *p != 0.0) {
            Some(p) if p < 0.0 || p.fract() != 0.0 => return None,
            Some(p) => match PartialsOsc::new(w, p.min(u32::MAX as f64) as u32) {
                Some(o) => (Src::Partials(o), 0.3),
                None => (Src::Wave(w, WaveOsc::default()), 0.3),
            },
            None => (Src::Wave(w, WaveOsc::default()), 0.3),
        },
        DoughSound::Noise(kind) => {
            // `getNoiseOscillator(s, t, value.density)`: 0.02 when unset.
            let density = num(k.density).unwrap_or(0.02);
            (Src::Noise(NoiseGen::new(kind, density, seed)), 0.3)
        }
        DoughSound::Supersaw => {
            let unison = num(k.unison).unwrap_or(5.0);
            let spread = num(k.spread).unwrap_or(0.6);
            let detune = num(k.detune).or_else(|| num(k.n)).unwrap_or(0.18);
            let voices = unison.clamp(1.0, 100.0);
            let panspread = if voices > 1.0 {
                spread.clamp(0.0, 1.0)
            } else {
                0.0
            };
            (
                Src::Supersaw(Supersaw::new(voices, detune, panspread, seed)),
                0.3 / voices.sqrt(),
            )
        }
        DoughSound::Sbd => {
            // Its own envelopes, pitch sweep and end: none of the synths' ADSR, FM, vibrato
            // or pitch envelope (`penv` and `pdecay` are its sweep's).
            let note = midi_note(v, k.note).filter(|n| *n != 0.0).unwrap_or(29.0);
            let freq = match num(k.freq).filter(|f| *f != 0.0) {
                Some(f) => f,
                None => 440.0 * 2f64.powf((note - 69.0) / 12.0),
            };
            // `min(t + clip * duration, end)` where `duration` already holds `clip`.
            let clipped = num(k.legato).or_else(|| num(k.clip)).map(|c| c * duration);
            let decay = num(k.decay).unwrap_or(0.5);
            let end = Sbd::end(decay, clipped);
            let sbd = Sbd::new(
                freq,
                num(k.penv).unwrap_or(36.0),
                num(k.pdecay).unwrap_or(0.5),
                decay,
                end,
                seed,
                sr,
            );
            let mut voice = voice(
                keys,
                v,
                sr,
                duration,
                [0.0, 0.0, 1.0, 0.0],
                Src::Sbd(sbd),
                1.0,
                None,
                seed,
                (onset_s, cps, cycle),
            );
            voice.amp = Automation::constant(1.0);
            voice.penv = None;
            voice.vib = None;
            voice.len = (end * sr).round().max(1.0) as u64;
            return Some(voice);
        }
        DoughSound::Pulse => {
            let (rate, sweep) = (num(k.pwrate), num(k.pwsweep));
            let sweep = sweep.unwrap_or(if rate.is_some() { 0.3 } else { 0.0 });
            let rate = rate.unwrap_or(1.0);
            let lfo = (sweep != 0.0).then(|| (rate, sweep, (onset_s * rate).rem_euclid(1.0)));
            (
                Src::Pulse {
                    osc: Pulse::default(),
                    pw: num(k.pw).unwrap_or(0.5),
                    lfo,
                },
                1.0,
            )
        }
    };
    Some(voice(
        keys,
        v,
        sr,
        duration,
        [attack, decay, sustain, release],
        src,
        source_level,
        Some(freq),
        seed,
        (onset_s, cps, cycle),
    ))
}

/// A sample's source for event `v` (`getSampleBufferSource`) and its slice's length in s.
fn sample_source(
    keys: &DoughKeys,
    banks: &HashMap<Sym, Vec<Arc<Sample>>>,
    name: Sym,
    v: Value,
    sr: f64,
) -> Option<(Src, f64)> {
    let k = &keys.k;
    let num = |key: Sym| v.get_num(key).filter(|x| x.is_finite());
    let bank = banks.get(&name)?;
    // `getSoundIndex`: `n` rounded, wrapping.
    let n = num(k.n).unwrap_or(0.0).round() as i64;
    let sample = bank[n.rem_euclid(bank.len() as i64) as usize].clone();
    let speed = num(Sym::SPEED).unwrap_or(1.0);
    if speed == 0.0 {
        return None;
    }
    // `valueToMidi(value, 36)`: `freq`, else `note` (a name or a number, 0 included), else 36;
    // the sample plays `midi - 36` semitones up.
    let midi = match num(k.freq) {
        Some(f) => 12.0 * (f / 440.0).log2() + 69.0,
        None => midi_note(v, k.note).unwrap_or(36.0),
    };
    let mut rate = speed.abs() * 2f64.powf((midi - 36.0) / 12.0);
    let len = sample.left.len() as f64;
    let buffer_s = len / sample.sample_rate as f64;
    if matches!(v.get(Sym::UNIT), Some(Value::Str(u)) if u == keys.unit_c) {
        rate *= buffer_s;
    }
    if !(rate.is_finite() && rate > 0.0) {
        return None;
    }
    let begin = num(Sym::BEGIN).unwrap_or(0.0);
    let end = num(Sym::END).unwrap_or(1.0);
    let slice = (end - begin) * buffer_s / rate;
    let looped = num(k.looped).filter(|l| *l != 0.0).map(|_| {
        let lb = num(k.loop_begin).unwrap_or(0.0) * len - begin * len;
        let le = num(k.loop_end).unwrap_or(1.0) * len - begin * len;
        (lb.clamp(0.0, len), le.clamp(0.0, len))
    });
    Some((
        Src::Sample {
            step: rate * sample.sample_rate as f64 / sr,
            pos: (begin * len).clamp(0.0, len),
            reverse: speed < 0.0,
            looped: looped.filter(|(a, b)| b > a),
            sample,
        },
        slice.max(0.0),
    ))
}

/// The voice of a source: superdough's chain after it.
#[allow(clippy::too_many_arguments)]
fn voice(
    keys: &DoughKeys,
    v: Value,
    sr: f64,
    duration: f64,
    adsr: [f64; 4],
    src: Src,
    source_level: f64,
    freq: Option<f64>,
    seed: u32,
    timing: (f64, f64, f64),
) -> DoughVoice {
    let k = &keys.k;
    let (onset_s, cps, cycle) = timing;
    let num = |key: Sym| v.get_num(key).filter(|x| x.is_finite());
    let word = |key: Sym| match v.get(key) {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    };
    let [attack, decay, sustain, release] = adsr;
    let gain = num(Sym::GAIN).unwrap_or(0.8) * num(k.velocity).unwrap_or(1.0);
    let amp = Automation::adsr(
        attack,
        decay,
        sustain,
        release,
        0.0,
        1.0,
        duration,
        Curve::Linear,
    );
    // `applyFM`: only with an index; the envelope only when one of its controls is set.
    let fm = num(k.fmi)
        .filter(|i| *i != 0.0 && freq.is_some())
        .map(|index| {
            let freq = freq.unwrap_or(0.0);
            let harmonicity = num(k.fmh).unwrap_or(1.0);
            let mod_freq = freq * harmonicity;
            let params = [
                num(k.fmattack),
                num(k.fmdecay),
                num(k.fmsustain),
                num(k.fmrelease),
            ];
            let env =
                (params.iter().any(Option::is_some) || num(k.fmvelocity).is_some()).then(|| {
                    let [a, d, s, r] = adsr_values(params, ADSR_FALLBACK);
                    let exp = word(k.fmenv).is_none_or(|w| w == keys.fmenv_exp);
                    let curve = if exp {
                        Curve::Exponential
                    } else {
                        Curve::Linear
                    };
                    Automation::adsr(a, d, s, r, 0.0, 1.0, duration, curve)
                });
            let wave = word(k.fmwave)
                .and_then(|w| keys.waves.get(&w).copied())
                .unwrap_or(DoughSound::Wave(Wave::Sine));
            let noise_kind = match wave {
                DoughSound::Noise(n) => n,
                _ => NoiseKind::White,
            };
            Fm {
                wave,
                osc: WaveOsc::default(),
                noise: NoiseGen::new(noise_kind, 0.02, seed ^ 0xF00D),
                freq: mod_freq,
                depth: mod_freq * index,
                env,
                rot: None,
            }
        });
    // `getVibratoOscillator`: `vib > 0`, depth `vibmod * 100` cents.
    let vib = num(k.vib)
        .filter(|r| *r > 0.0)
        .map(|rate| (rate, num(k.vibmod).unwrap_or(0.5) * 100.0));
    // `getPitchEnvelope`.
    let pparams = [
        num(k.pattack),
        num(k.pdecay),
        num(k.psustain),
        num(k.prelease),
    ];
    let penv = (pparams.iter().any(Option::is_some) || num(k.penv).is_some()).then(|| {
        let depth = num(k.penv).unwrap_or(1.0);
        let curve = if num(k.pcurve).unwrap_or(0.0) == 1.0 {
            Curve::Exponential
        } else {
            Curve::Linear
        };
        let [a, d, s, r] = adsr_values(pparams, [0.2, 0.001, 1.0, 0.001]);
        let anchor = num(k.panchor).unwrap_or(s);
        let cents = depth * 100.0;
        Automation::adsr(
            a,
            d,
            s,
            r,
            -cents * anchor,
            cents - cents * anchor,
            duration,
            curve,
        )
    });
    // Filters (`createFilter`).
    let stages = match v.get(k.ftype) {
        Some(Value::Str(w)) if w == keys.ftype_24db => 2,
        Some(Value::Num(x)) if x.is_finite() && (x.floor().rem_euclid(3.0)) == 2.0 => 2,
        _ => 1,
    };
    let ladder = match v.get(k.ftype) {
        Some(Value::Str(w)) => w == keys.ftype_ladder,
        Some(Value::Num(x)) if x.is_finite() => x.floor().rem_euclid(3.0) == 1.0,
        _ => false,
    };
    let drive = num(k.drive).unwrap_or(0.69);
    let fanchor = num(k.fanchor).unwrap_or(0.0);
    let filter = |kind: Kind,
                  cutoff: Option<f64>,
                  q: Option<f64>,
                  env: [Option<f64>; 4],
                  fenv: Option<f64>| {
        let cutoff = cutoff?;
        let q = q.unwrap_or(1.0);
        let has_env = env.iter().any(Option::is_some) || fenv.is_some();
        let env = has_env.then(|| {
            let [a, d, s, r] = adsr_values(env, [0.005, 0.14, 0.0, 0.1]);
            let fenv = fenv.unwrap_or(1.0);
            let offset = fenv.abs() * fanchor;
            let mut min = (2f64.powf(-offset) * cutoff).clamp(0.0, 20000.0);
            let mut max = (2f64.powf(fenv.abs() - offset) * cutoff).clamp(0.0, 20000.0);
            if fenv < 0.0 {
                std::mem::swap(&mut min, &mut max);
            }
            Automation::adsr(a, d, s, r, min, max, duration, Curve::Exponential)
        });
        let mut f = Filter {
            kind,
            q,
            q_gain: crate::dsp::dough_biquad::q_gain(q),
            cutoff: f64::NAN,
            env,
            stages,
            bq: [[Biquad::default(); 2]; 2],
            ladder: (ladder && kind == Kind::Lowpass).then(|| ([Ladder::default(); 2], drive)),
        };
        f.set(cutoff, sr);
        Some(f)
    };
    let filters = [
        filter(
            Kind::Lowpass,
            num(k.cutoff),
            num(k.resonance),
            [
                num(k.lpattack),
                num(k.lpdecay),
                num(k.lpsustain),
                num(k.lprelease),
            ],
            num(k.lpenv),
        ),
        filter(
            Kind::Highpass,
            num(k.hcutoff),
            num(k.hresonance),
            [
                num(k.hpattack),
                num(k.hpdecay),
                num(k.hpsustain),
                num(k.hprelease),
            ],
            num(k.hpenv),
        ),
        filter(
            Kind::Bandpass,
            num(k.bandf),
            num(k.bandq),
            [
                num(k.bpattack),
                num(k.bpdecay),
                num(k.bpsustain),
                num(k.bprelease),
            ],
            num(k.bpenv),
        ),
    ];
    let distort = num(k.distort).map(|amount| {
        let algo = match v.get(k.distorttype) {
            Some(Value::Str(w)) => keys.distort_types.iter().position(|t| *t == w).unwrap_or(0),
            Some(Value::Num(x)) => dough_shape::algorithm_index(None, Some(x)),
            _ => 0,
        };
        (amount, num(k.distortvol).unwrap_or(1.0), algo)
    });
    // `superdough()`'s own `release` (0 unless set) ends the LFOs: `endWithRelease`.
    let lfo_end = duration + num(k.release).unwrap_or(0.0);
    let tremolo = num(k.tremolosync)
        .map(|s| cps * s)
        .or_else(|| num(k.tremolo))
        .map(|rate| {
            let shape = match v.get(k.tremoloshape) {
                Some(Value::Str(w)) => keys
                    .lfo_shapes
                    .iter()
                    .find(|(s, _)| *s == w)
                    .map_or(0, |(_, i)| *i),
                Some(Value::Num(x)) => dough_shape::lfo_shape_index(None, Some(x)),
                _ => 0,
            };
            let has_shape = v.get(k.tremoloshape).is_some();
            Tremolo {
                rate,
                depth: num(k.tremolodepth).unwrap_or(1.0),
                skew: num(k.tremoloskew).unwrap_or(if has_shape { 0.5 } else { 1.0 }),
                shape,
                // `time = cycle / cps`: the phase at the event's cycle.
                phase0: ((cycle / cps) * rate + num(k.tremolophase).unwrap_or(0.0)).rem_euclid(1.0),
                end: lfo_end,
            }
        });
    let phaser_depth = num(k.phaserdepth).unwrap_or(0.75);
    let phaser = num(k.phaserrate)
        .filter(|_| phaser_depth > 0.0)
        .map(|rate| {
            let center = num(k.phasercenter).unwrap_or(1000.0);
            let q = 2.0 - (phaser_depth * 2.0).clamp(0.0, 1.9);
            let mut bq = [[Biquad::default(); 2]; 2];
            for (j, st) in bq.iter_mut().enumerate() {
                for b in st {
                    b.set(Kind::Notch, center + 282.0 * j as f64, q, sr);
                }
            }
            Phaser {
                rate,
                sweep: num(k.phasersweep).unwrap_or(2000.0),
                center,
                q,
                phase0: (onset_s * rate).rem_euclid(1.0),
                end: lfo_end,
                bq,
            }
        });
    let vowel = match v.get(keys.vowel) {
        Some(Value::Str(w)) => keys
            .vowels
            .iter()
            .find(|(x, _)| *x == w)
            .map(|(_, i)| [Vowel::new(*i, sr); 2]),
        _ => None,
    };
    let compressor = num(k.compressor).map(|threshold| {
        let d = CompressorParams::default();
        let or = |key: Sym, d: f32| num(key).map_or(d, |x| x as f32);
        DoughCompressor::new(
            CompressorParams {
                threshold_db: threshold as f32,
                ratio: or(k.compressor_ratio, d.ratio),
                knee_db: or(k.compressor_knee, d.knee_db),
                attack_s: or(k.compressor_attack, d.attack_s),
                release_s: or(k.compressor_release, d.release_s),
            },
            sr as f32,
        )
    });
    DoughVoice {
        vowel,
        tremolo,
        compressor,
        phaser,
        src,
        sr,
        age: 0,
        len: ((duration + release + 0.01) * sr).round().max(1.0) as u64,
        freq: freq.unwrap_or(0.0),
        level: source_level * gain,
        amp,
        fm,
        vib,
        penv,
        filters,
        coarse: num(k.coarse).map(|c| c.max(1.0)),
        held: [0.0; 2],
        crush: num(k.crush).map(|c| c.max(1.0)),
        shape: num(k.shape).map(|s| (dough_shape::shape_k(s), num(k.shapevol).unwrap_or(1.0))),
        distort,
        pan: num(k.pan),
        postgain: num(k.postgain).unwrap_or(1.0),
        cut: None,
        cut_at: None,
    }
}

impl DoughVoice {
    /// A newer voice of its `cut` group started `delay` samples into the current chunk: fade
    /// out over 10 ms from there (`onTriggerSample`'s cut groups).
    pub fn cut_by(&mut self, delay: u64) {
        let at = self.age + delay;
        self.cut_at = Some(self.cut_at.map_or(at, |c| c.min(at)));
    }

    /// Samples rendered so far.
    pub fn age(&self) -> u64 {
        self.age
    }

    /// Renders into `l` (and `r` when the voice is stereo: a `supersaw`, or `pan` set),
    /// overwriting; returns how many samples sounded (fewer when it ended) and whether it is
    /// mono (only `l` written).
    pub fn render_len(&mut self, l: &mut [f32], r: &mut [f32]) -> (usize, bool) {
        if self.is_steady() {
            return self.render_steady(l, r);
        }
        let n = l.len().min(r.len());
        let stereo_src = match &self.src {
            Src::Supersaw(_) => true,
            Src::Sample { sample, .. } => sample.right.is_some(),
            _ => false,
        };
        let mono = !stereo_src && self.pan.is_none();
        let sr = self.sr;
        let mut done = n;
        for i in 0..n {
            let k = self.age + i as u64;
            if k >= self.len {
                done = i;
                break;
            }
            let t = k as f64 / sr;
            // The oscillator's `frequency` (plus FM) and `detune` (cents: vibrato, pitch env).
            let mut f = self.freq;
            if let Some(fm) = &mut self.fm {
                let m = match fm.wave {
                    DoughSound::Wave(w) => fm.osc.next(w, fm.freq, sr),
                    _ => fm.noise.next(),
                } as f64;
                let e = fm.env.map_or(1.0, |e| e.value_at(k, sr));
                f += m * fm.depth * e;
            }
            let mut cents = 0.0;
            if let Some((rate, depth)) = self.vib {
                cents += depth * (std::f64::consts::TAU * rate * t).sin();
            }
            if let Some(p) = &self.penv {
                cents += p.value_at(k, sr);
            }
            let (mut x, mut y) = match &mut self.src {
                Src::Wave(w, osc) => {
                    let s = osc.next(*w, detuned(f, cents), sr);
                    (s, s)
                }
                Src::Partials(osc) => {
                    let s = osc.next(detuned(f, cents), sr);
                    (s, s)
                }
                Src::Noise(g) => {
                    let s = g.next();
                    (s, s)
                }
                Src::Sbd(d) => {
                    let s = d.next(k, sr);
                    (s, s)
                }
                Src::Supersaw(s) => s.next(f.max(f64::EPSILON), cents, sr),
                Src::Pulse { osc, pw, lfo } => {
                    let mut width = *pw;
                    if let Some((rate, depth, phase0)) = *lfo {
                        let ph = (phase0 + rate * t).rem_euclid(1.0);
                        // `waveshapes.tri` with skew 0.5, `dcoffset` -0.5.
                        let tri = if ph >= 0.5 { 2.0 - 2.0 * ph } else { 2.0 * ph };
                        width += ((tri - 0.5) * depth).clamp(-0.5 * depth, 0.5 * depth);
                    }
                    let s = osc.next(detuned(f, cents), width, sr, k.is_multiple_of(QUANTUM));
                    (s, s)
                }
                Src::Sample {
                    sample,
                    pos,
                    step,
                    reverse,
                    looped,
                } => {
                    let len = sample.left.len();
                    if let Some((a, b)) = *looped {
                        if *pos >= b {
                            *pos = a + (*pos - a) % (b - a);
                        }
                    }
                    if *pos >= len as f64 || len == 0 {
                        done = i;
                        break;
                    }
                    let read = |ch: &[f32], p: f64| {
                        let i0 = p.floor() as usize;
                        let fr = (p - i0 as f64) as f32;
                        let at = |j: usize| {
                            let j = if *reverse {
                                len - 1 - j.min(len - 1)
                            } else {
                                j
                            };
                            ch.get(j).copied().unwrap_or(0.0)
                        };
                        let b = if i0 + 1 < len { at(i0 + 1) } else { 0.0 };
                        at(i0) + (b - at(i0)) * fr
                    };
                    let l = read(&sample.left, *pos);
                    let r = sample.right.as_deref().map_or(l, |rc| read(rc, *pos));
                    *pos += *step
                        * if cents != 0.0 {
                            2f64.powf(cents / 1200.0)
                        } else {
                            1.0
                        };
                    (l, r)
                }
            };
            let g = (self.amp.value_at(k, sr) * self.level) as f32;
            x *= g;
            y *= g;
            // A mono source's right channel is its left up to the pan: only the left runs
            // through the filters and the vowel (the right channels' states stay unused).
            let chans = if stereo_src { 2 } else { 1 };
            for f in self.filters.iter_mut().flatten() {
                if let Some(env) = f.env {
                    // The ladder worklet reads its cutoff once per render quantum.
                    let step = if f.ladder.is_some() {
                        QUANTUM
                    } else {
                        FILTER_STEP
                    };
                    if k.is_multiple_of(step) || i == 0 {
                        f.set(env.value_at(k - k % step, sr), sr);
                    }
                }
                x = f.tick(0, x);
                if chans == 2 {
                    y = f.tick(1, y);
                }
            }
            if let Some(vw) = &mut self.vowel {
                x = vw[0].tick(x);
                if chans == 2 {
                    y = vw[1].tick(y);
                }
            }
            if !stereo_src {
                y = x;
            }
            if let Some(c) = self.coarse {
                if ((k % QUANTUM) as f64) % c == 0.0 {
                    self.held = [x, y];
                } else {
                    [x, y] = self.held;
                }
            }
            if let Some(bits) = self.crush {
                x = dough_shape::crush(x, bits);
                y = dough_shape::crush(y, bits);
            }
            if let Some((sk, vol)) = self.shape {
                x = dough_shape::shape(x, sk, vol);
                y = dough_shape::shape(y, sk, vol);
            }
            if let Some((amount, vol, algo)) = self.distort {
                x = dough_shape::distort(x, amount, vol, algo);
                y = dough_shape::distort(y, amount, vol, algo);
            }
            if let Some(tr) = &self.tremolo {
                let mut g = (1.0 - tr.depth).max(0.0);
                if t < tr.end {
                    let ph = (tr.phase0 + tr.rate * t).rem_euclid(1.0);
                    let m = (dough_shape::lfo_shape(tr.shape, ph, tr.skew) * tr.depth).powf(1.5);
                    g += m.clamp(0.0, 1.0);
                }
                x *= g as f32;
                y *= g as f32;
            }
            if let Some(c) = &mut self.compressor {
                let g = c.gain(x.abs().max(y.abs()));
                x *= g;
                y *= g;
            }
            if let Some(pan) = self.pan {
                // `StereoPannerNode`, pan `2 * pan - 1`: equal power on a mono input; on a
                // stereo one, the far side's share moves across.
                let p = (2.0 * pan - 1.0).clamp(-1.0, 1.0);
                let half_pi = std::f64::consts::FRAC_PI_2;
                if stereo_src {
                    let (xl, xr) = (x as f64, y as f64);
                    let (ol, or) = if p <= 0.0 {
                        let a = (p + 1.0) * half_pi;
                        (xl + xr * a.cos(), xr * a.sin())
                    } else {
                        let a = p * half_pi;
                        (xl * a.cos(), xr + xl * a.sin())
                    };
                    x = ol as f32;
                    y = or as f32;
                } else {
                    let a = (p + 1.0) * 0.5 * half_pi;
                    let m = x as f64;
                    x = (m * a.cos()) as f32;
                    y = (m * a.sin()) as f32;
                }
            }
            if let Some(ph) = &mut self.phaser {
                if k.is_multiple_of(FILTER_STEP) || i == 0 {
                    let at = (k - k % FILTER_STEP) as f64 / sr;
                    let cents = if at < ph.end {
                        let p = (ph.phase0 + ph.rate * at).rem_euclid(1.0);
                        (dough_shape::lfo_shape(0, p, 0.5) - 0.5) * 2.0 * ph.sweep
                    } else {
                        0.0
                    };
                    let m = 2f64.powf(cents / 1200.0);
                    for (j, st) in ph.bq.iter_mut().enumerate() {
                        for b in st {
                            b.set(Kind::Notch, (ph.center + 282.0 * j as f64) * m, ph.q, sr);
                        }
                    }
                }
                for st in &mut ph.bq {
                    x = st[0].tick(x);
                    if !mono {
                        y = st[1].tick(y);
                    }
                }
            }
            let mut pg = self.postgain as f32;
            if let Some(c) = self.cut_at {
                let fade = (0.01 * sr).max(1.0);
                let g = 1.0 - (k.saturating_sub(c) as f64 / fade).min(1.0);
                if g <= 0.0 && k >= c {
                    done = i;
                    break;
                }
                pg *= g as f32;
            }
            l[i] = x * pg;
            if !mono {
                r[i] = y * pg;
            }
        }
        l[done..n].fill(0.0);
        if !mono {
            r[done..n].fill(0.0);
        }
        self.age += n as u64;
        (done, mono)
    }
}
