//! Every control, once: its name, the aliases Tidal and Strudel code uses, what it takes, its
//! unit, range and default, its doc and example, and what plays it. Pattern values (the
//! interned ids of [`crate::pattern::Sym`]), the language's control functions, the engine's
//! reading of events and the docs' drift guard all derive from [`CONTROLS`].
//!
//! The first entries keep their historical order (their `Sym` ids are constants).

/// What a control's pattern holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// Numbers.
    Number,
    /// Words or numbers (`unit "c"`, `scale "minor"`, `s "bd:3"`, note names).
    Word,
}

/// What plays a control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plays {
    /// Sample and synth voices read it when they start (`engine::trigger`).
    Voice,
    /// The output's effects read it from the latest event (`engine::sends`).
    Output,
    /// MIDI out (`s "midi"` events) reads it.
    Midi,
    /// Carried with the events as data, but no sound reads it: the editor's status line says
    /// so, with this reason, when a program uses it.
    Data(&'static str),
    /// Phonon does not play it yet: using it is an error with this reason.
    Not(&'static str),
    /// Only Strudel's output stage (superdough's conventions, `engine::dough`) plays it;
    /// under SuperDirt's stage (Tidal code) no sound reads it.
    Dough,
}

/// One control.
#[derive(Clone, Copy, Debug)]
pub struct ControlDef {
    pub name: &'static str,
    /// Other names for it in Tidal and Strudel code (`sz` for `size`).
    pub aliases: &'static [&'static str],
    pub takes: Takes,
    pub unit: &'static str,
    /// The values that make sense (the engine clamps to it where SuperDirt does).
    pub range: Option<(f64, f64)>,
    /// What the engine uses when an event does not set it.
    pub default: Option<f64>,
    pub doc: &'static str,
    /// A whole program using it (rendered by the docs tests).
    pub example: &'static str,
    pub plays: Plays,
}

macro_rules! c {
    ($name:literal, [$($alias:literal),*], $takes:ident, $unit:literal, $default:expr, $plays:expr, $doc:literal, $example:literal) => {
        ControlDef {
            name: $name,
            aliases: &[$($alias),*],
            takes: Takes::$takes,
            unit: $unit,
            range: range($unit),
            default: $default,
            doc: $doc,
            example: $example,
            plays: $plays,
        }
    };
}

use Plays::{Dough, Midi, Output, Voice};

/// A unit written as a range (`"0..1"`) is the control's range.
const fn range(unit: &str) -> Option<(f64, f64)> {
    match unit.as_bytes() {
        b"0..1" => Some((0.0, 1.0)),
        b"0..15" => Some((0.0, 15.0)),
        _ => None,
    }
}

/// The controls. The first twenty keep their `Sym` ids (0..20); `Sym::VALUE` follows the table.
pub const CONTROLS: &[ControlDef] = &[
    c!("s", ["sound"], Word, "", None, Voice, "The sample or synth name (`name:n:gain` also sets `n` and `gain`).", "out $ s \"bd*2 [sn cp]\""),
    c!("n", [], Word, "", Some(0.0), Voice, "The sample variant; for synths, the note (a scale degree with `scale`).", "out $ n \"0 2 [4 7]\" # s \"arpy\""),
    c!("note", ["up"], Word, "semitones", None, Voice, "The pitch in semitones from middle C (note names and chords too); on a sample it transposes.", "out $ note \"c e g\""),
    c!("gain", [], Number, "factor", Some(1.0), Voice, "The level, as SuperDirt's `dirt_gate` (`core-synths.scd`): `amp * gain^4` (`gain` at most 2, plus `overgain`), `amp` 0.4 by default; 1 = SuperDirt's level, 0.8 is -7.8 dB, 1.2 is +6.3 dB. Strudel code: superdough's linear gain.", "out $ s \"hh*4\" # gain \"1 0.8 0.6 0.4\""),
    c!("speed", [], Number, "rate", Some(1.0), Voice, "Playback rate; negative plays backwards.", "out $ s \"bd*2\" # speed \"1 2\""),
    c!("pan", [], Number, "0..1", Some(0.5), Voice, "0 = left, 0.5 = centre, 1 = right (equal power).", "out $ s \"hh*4\" # pan \"0 1\""),
    c!("velocity", [], Number, "0..1", None, Midi, "MIDI velocity of `s \"midi\"` notes (else `gain`); sample voices ignore it, as in SuperDirt.", "out $ s \"bd*2\" # velocity 0.5"),
    c!("legato", ["clip"], Number, "event lengths", Some(1.0), Voice, "The sound lasts the event length times `legato`.", "out $ n \"0 2\" # s \"superpiano\" # legato 0.5"),
    c!("sustain", ["sus"], Number, "s", None, Voice, "The sound lasts this many seconds (instead of `legato`).", "out $ n \"0 2\" # s \"superpiano\" # sustain 0.25"),
    c!("begin", [], Number, "0..1", Some(0.0), Voice, "Where in the sample to start.", "out $ s \"break\" # begin 0.25"),
    c!("end", [], Number, "0..1", Some(1.0), Voice, "Where in the sample to stop.", "out $ s \"break\" # end 0.5"),
    c!("cut", [], Number, "group", Some(0.0), Voice, "Cut group: a new event stops the sounding one of the same group.", "out $ s \"oh*4\" # cut 1"),
    c!("attack", ["att"], Number, "s", None, Voice, "Envelope attack time.", "out $ s \"pad\" # attack 0.1"),
    c!("release", ["rel"], Number, "s", None, Voice, "Envelope release time.", "out $ s \"pad\" # release 0.5"),
    c!("hold", [], Number, "s", None, Voice, "Envelope hold time.", "out $ s \"pad\" # hold 0.2"),
    c!("loop", [], Number, "times", None, Voice, "Plays the `begin`..`end` part this many times.", "out $ s \"break\" # loop 2"),
    c!("unit", [], Word, "", None, Voice, "`unit \"c\"`: `speed` counts sample lengths per cycle.", "out $ s \"break\" # unit \"c\""),
    c!("accelerate", [], Number, "", Some(0.0), Voice, "Pitch glide over the sample.", "out $ s \"arpy\" # accelerate (-1)"),
    c!("octave", [], Number, "", Some(5.0), Voice, "The synth octave (5 = middle C's).", "out $ n \"0 2\" # s \"superpiano\" # octave 4"),
    c!("orbit", [], Number, "0..11", Some(0.0), Voice, "SuperDirt's orbit: which of the output's 12 effect sets (delay, reverb, leslie) the event plays through (wrapped, as SuperDirt's); each orbit's `delaytime`, `delayfeedback`, `size`, `dry`, `leslie`... are set by its own latest event.", "out $ s \"cp*2\" # orbit \"0 1\" # delay 0.5 # delaytime \"0.25 0.125\""),
    c!("cutoff", ["ctf"], Number, "Hz", None, Voice, "Per-voice low-pass cutoff (`lpf x` after `#` on a pattern).", "out $ s \"arpy*4\" # cutoff \"<400 2000>\""),
    c!("resonance", ["lpq"], Number, "0..1", Some(0.0), Voice, "Resonance of the per-voice low-pass (and the `vowel`'s sharpness).", "out $ s \"arpy*4\" # lpf 800 # resonance 0.3"),
    c!("hcutoff", [], Number, "Hz", None, Voice, "Per-voice high-pass cutoff (`hpf x`).", "out $ s \"sn*2\" # hcutoff 1200"),
    c!("hresonance", ["hpq"], Number, "0..1", Some(0.0), Voice, "Resonance of the per-voice high-pass.", "out $ s \"bd*4\" # hpf 300 # hresonance 0.2"),
    c!("bandf", [], Number, "Hz", None, Voice, "Per-voice band-pass frequency (`bpf x`).", "out $ s \"sn*2\" # bandf 800"),
    c!("bandq", ["bpq"], Number, "q", Some(10.0), Voice, "Q of the per-voice band-pass; as SuperDirt, the band is boosted by q.", "out $ s \"hh*4\" # bpf 3000 # bandq 4 # gain 0.5"),
    c!("crush", [], Number, "bits", None, Voice, "Bit depth: rounds to steps of `0.5^(crush - 1)`; 16 is clean.", "out $ s \"bd*2 sn\" # crush \"<4 2>\""),
    c!("coarse", [], Number, "samples", None, Voice, "Sample-rate reduction: holds every n-th sample (1 = off).", "out $ s \"arpy*4\" # coarse \"1 4 8 16\""),
    c!("shape", [], Number, "0..1", None, Voice, "Waveshaping distortion.", "out $ s \"bd*2 sn\" # shape 0.6"),
    c!("scale", [], Word, "", None, Voice, "The scale `n` walks through on synths.", "out $ n \"0 1 2 3 4\" # s \"superpiano\" # scale \"minor\""),
    c!("delay", [], Number, "0..1", Some(0.0), Voice, "Send to the output's delay.", "out $ s \"cp ~ ~ ~\" # delay 0.5"),
    c!("delaytime", ["delayt", "dt"], Number, "seconds", None, Output, "The orbit delay's time, in seconds (in cycles with `lock 1`).", "out $ s \"cp ~ ~ ~\" # delay 0.5 # delaytime 0.25"),
    c!("amp", [], Number, "0..1", Some(0.4), Voice, "SuperDirt's amplitude, 0.4 by default: the voice plays at `amp * gain^4` (`dirt_gate`), so `amp 0.8` is twice as loud.", "out $ s \"bd*2 sn\" # amp \"0.4 0.2\""),
    c!("nudge", [], Number, "seconds", Some(0.0), Voice, "SuperDirt's `nudge`: the event starts this many seconds later, on the exact sample (a negative nudge plays on time: Phonon does not play ahead of the pattern).", "out $ s \"bd*4\" # nudge \"0 0.02\""),
    c!("lock", [], Number, "0 or 1", Some(0.0), Output, "SuperDirt's `lock 1`: `delaytime` counts cycles instead of seconds.", "out $ s \"cp ~ ~ ~\" # delay 0.5 # delaytime (1/6) # lock 1"),
    c!("delayfeedback", ["delayfb", "dfb"], Number, "0..1", None, Output, "The output delay's feedback.", "out $ s \"cp ~ ~ ~\" # delay 0.5 # delayfeedback 0.5"),
    c!("room", [], Number, "0..1", Some(0.0), Voice, "Send to the output's reverb.", "out $ s \"sn ~\" # room 0.5"),
    c!("size", ["sz"], Number, "0..1", None, Output, "The orbit reverb's room size: the orbit's latest event's; SuperDirt's 0.1 until one sets it (0.5 under superdough's stage).", "out $ s \"sn ~\" # room 0.5 # size 0.8"),
    c!("dry", [], Number, "0..1", Some(0.0), Output, "The output's reverb played at `1 - dry`, as SuperDirt's `dirt_verb`.", "out $ s \"bd*2\" # room 0.3 # dry 0.5"),
    c!("squiz", [], Number, "ratio", None, Voice, "SuperDirt's `squiz` (the `Squiz` unit generator): each wave cycle is replayed this many times faster (1 and up), a pitch-shifting, ring-modulating crunch.", "out $ s \"bd*2 arpy\" # squiz \"<2 4>\""),
    c!("midichan", [], Number, "0..15", Some(0.0), Midi, "MIDI channel of `s \"midi\"` notes.", "out $ s \"midi*2\" # midichan 2"),
    c!("cps", [], Number, "cycles per second", None, Plays::Data("Phonon's tempo comes from the host, or from `setcps` when it plays on its own"), "Tidal's tempo as a control (data: read the note).", "out $ s \"bd*2\" # cps 0.5"),
    c!("freq", [], Number, "Hz", None, Voice, "A synth's frequency in Hz (instead of `note`/`n`); sample voices ignore it, as in SuperDirt.", "out $ s \"superpiano\" # freq \"220 330\""),
    c!("channel", [], Number, "", None, Plays::Not("SuperDirt's output channel is not supported: each output (`o1`..`o16`) is a port of its own (for a MIDI channel use `midichan`)"), "SuperDirt's output channel.", "out $ s \"bd\" # channel 1"),
    c!("waveloss", [], Number, "percent", None, Voice, "SuperDirt's `waveloss`: drops this many of every 100 wave segments (cut at zero crossings), at random.", "out $ s \"arpy*4\" # waveloss 40"),
    c!("fshift", [], Number, "Hz", None, Voice, "SuperDirt's frequency shifter: moves every partial by this many Hz (plus `fshiftnote` times the note's frequency).", "out $ s \"arpy*2\" # fshift \"<100 -200>\""),
    c!("fshiftnote", [], Number, "factor", Some(0.0), Voice, "Adds this times the event's frequency to `fshift`'s shift.", "out $ n \"0 7\" # s \"superpiano\" # fshift 0 # fshiftnote 0.5"),
    c!("fshiftphase", [], Number, "radians", Some(0.0), Voice, "The phase `fshift`'s oscillator starts at.", "out $ s \"arpy\" # fshift 50 # fshiftphase 1.57"),
    c!("triode", [], Number, "", None, Voice, "SuperDirt's triode-like distortion: squashes the negative half-wave (`tanh`), more with higher values.", "out $ s \"bass*2\" # triode \"<0.5 4>\""),
    c!("krush", [], Number, "", None, Voice, "SuperDirt's krush (after Sonic Pi's): a drive curve and a low-pass (`kcutoff`); 0 is dry.", "out $ s \"bd*2 sn\" # krush \"<1 4>\""),
    c!("kcutoff", [], Number, "Hz", None, Voice, "The low-pass after `krush` (20..10000 Hz; 4000 when unset).", "out $ s \"bd*2 sn\" # krush 3 # kcutoff 1000"),
    c!("octer", [], Number, "0..1", None, Voice, "SuperDirt's octaver: blends in the octave above (the rectified signal); 1 is only the octave.", "out $ s \"bass*2\" # octer 0.7"),
    c!("octersub", [], Number, "", None, Voice, "The octaver's octave below (a square from the signal under 440 Hz).", "out $ s \"bass*2\" # octersub 0.8"),
    c!("octersubsub", [], Number, "", None, Voice, "The octaver's two octaves below.", "out $ s \"bass*2\" # octersubsub 0.8"),
    c!("ring", [], Number, "", None, Voice, "SuperDirt's ring modulation: `x * (1 + ring * sin(ringf))`.", "out $ s \"arpy*2\" # ring 1 # ringf \"<300 800>\""),
    c!("ringf", [], Number, "Hz", Some(0.0), Voice, "The ring modulator's frequency (20..20000 Hz).", "out $ s \"arpy\" # ring 0.8 # ringf 440"),
    c!("ringdf", [], Number, "Hz", Some(0.0), Voice, "The ring modulator glides from `ringf` to `ringf + ringdf` over its first second.", "out $ s \"arpy\" # ring 0.8 # ringf 200 # ringdf 800"),
    c!("comb", [], Number, "0..1", None, Voice, "SuperDirt's spectral comb (`PV_RectComb` on 2048-point frames): `256 comb` teeth, the top `comb` of each cut.", "out $ s \"hh*4 sn\" # comb \"<0.2 0.5>\""),
    c!("djf", [], Number, "0..1", None, Voice, "SuperDirt's DJ filter: below 0.5 a low-pass (20 Hz..10 kHz), above a high-pass; 0.5 is open.", "out $ s \"bd*2 [sn hh]\" # djf \"<0.2 0.5 0.8>\""),
    c!("voice", [], Number, "", None, Voice, "SuperDirt's synth parameter `voice` (each synth's own: `supersquare`'s pulse width, `supercomparator`'s comparator spread, 0.5 when unset; `supergong`'s brightness, 0 when unset).", "out $ n \"0 7\" # s \"supersquare\" # voice \"<0.5 0.2>\""),
    c!("decay", [], Number, "0..1", None, Voice, "SuperDirt's synth `decay`: `supersquare` and `supercomparator` fall to `1 - decay` after their attack (0 when unset); `supergong`'s high modes ring longer with it (1 when unset).", "out $ n \"0 7\" # s \"supersquare\" # decay 0.6"),
    c!("lfo", [], Number, "", None, Voice, "Depth of a synth's filter LFO (`supersquare`: the cutoff sweeps up to `1 + lfo` times its base; 1 when unset).", "out $ n \"0 5\" # s \"supersquare\" # lfo 3"),
    c!("rate", [], Number, "", None, Voice, "A synth's LFO rate factor (`supersquare`, `supercomparator`: the filter LFO runs at the note's frequency / 64 times `rate`; 1 when unset).", "out $ n \"-12\" # s \"supersquare\" # rate 8 # legato 2"),
    c!("pitch1", [], Number, "", None, Voice, "A synth's filter cutoff as a multiple of its note (`supersquare` 10 x, `supercomparator` 4 x, times `pitch1`; 1 when unset).", "out $ n \"0 3\" # s \"supercomparator\" # pitch1 2"),
    c!("semitone", [], Number, "semitones", None, Voice, "`supersquare`'s second oscillator sounds this many semitones below the note (12 when unset).", "out $ n \"0 7\" # s \"supersquare\" # semitone 7"),
    c!("detune", [], Number, "percent", None, Voice, "`supermandolin`'s two strings, tuned this many percent of the period apart each way (0.2 when unset).", "out $ n \"0 4 7\" # s \"supermandolin\" # detune 1"),
    c!("leslie", [], Number, "0..1", None, Output, "SuperDirt's rotary speaker on the output (the orbit): its wet share; the latest event sets it, as `lrate` and `lsize`.", "out $ s \"arpy*4\" # leslie 0.8"),
    c!("lrate", [], Number, "Hz", None, Output, "The rotary speaker's rate (6.7 fast, 0.7 slow; it glides there over seconds, as SuperDirt's).", "out $ s \"arpy*4\" # leslie 1 # lrate 0.7"),
    c!("lsize", [], Number, "m", None, Output, "The rotary speaker's cabinet size in metres (the Doppler depth; 0.3 by default, at most 10).", "out $ s \"arpy*4\" # leslie 1 # lsize 0.6"),
    c!("bank", [], Word, "", None, Voice, "Strudel's sample bank: `s` plays `<bank>_<s>` (a sample folder of that name, else the built-in drum machines `RolandTR808`, `RolandTR909`; aliases `tr808`, `tr909`), else the plain `s`, with a note.", "out $ s \"bd sd hh\" # bank \"RolandTR808\""),
    // superdough's controls (Strudel's sound stage, `engine::dough`; LANGUAGE.md "Strudel's sound (superdough)").
    c!("postgain", [], Number, "factor", Some(1.0), Dough, "superdough's gain after the effects (linear).", "out $ note \"c4\" # s \"sawtooth\" # distort 2 # postgain 0.5"),
    c!("fmi", ["fm"], Number, "index", None, Dough, "superdough's FM: the modulator's depth, in multiples of its frequency.", "out $ note \"c4 e4\" # s \"sine\" # fmi 2 # fm \"<1 3>\""),
    c!("fmh", [], Number, "ratio", Some(1.0), Dough, "superdough's FM: the modulator's frequency over the carrier's (harmonicity).", "out $ note \"c4\" # s \"sine\" # fmi 2 # fmh 1.5"),
    c!("fmwave", [], Word, "", None, Dough, "superdough's FM modulator waveform (`sine`, `sawtooth`, `square`, `triangle`, or a noise).", "out $ note \"c4\" # s \"sine\" # fmi 1 # fmwave \"square\""),
    c!("fmenv", [], Word, "", None, Dough, "superdough's FM envelope curve: `exp` (default) or `lin`.", "out $ note \"c4\" # s \"sine\" # fmi 4 # fmdecay 0.2 # fmenv \"lin\""),
    c!("fmattack", [], Number, "s", None, Dough, "superdough's FM envelope attack.", "out $ note \"c4\" # s \"sine\" # fmi 4 # fmattack 0.2"),
    c!("fmdecay", [], Number, "s", None, Dough, "superdough's FM envelope decay.", "out $ note \"c4\" # s \"sine\" # fmi 4 # fmdecay 0.2"),
    c!("fmsustain", [], Number, "0..1", None, Dough, "superdough's FM envelope sustain level.", "out $ note \"c4\" # s \"sine\" # fmi 4 # fmdecay 0.2 # fmsustain 0.3"),
    c!("fmrelease", [], Number, "s", None, Dough, "superdough's FM envelope release.", "out $ note \"c4\" # s \"sine\" # fmi 4 # fmrelease 0.3"),
    c!("vib", ["vibrato"], Number, "Hz", None, Dough, "superdough's vibrato rate.", "out $ note \"c4\" # s \"sawtooth\" # vib 5 # vibrato 5"),
    c!("vibmod", ["vmod"], Number, "semitones", Some(0.5), Dough, "superdough's vibrato depth.", "out $ note \"c4\" # s \"sawtooth\" # vib 5 # vibmod 1 # vmod 1"),
    c!("penv", [], Number, "semitones", None, Dough, "superdough's pitch envelope depth.", "out $ note \"c4\" # s \"sine\" # penv 12"),
    c!("pattack", ["patt"], Number, "s", None, Dough, "superdough's pitch envelope attack.", "out $ note \"c4\" # s \"sine\" # penv 12 # pattack 0.1 # patt 0.1"),
    c!("pdecay", ["pdec"], Number, "s", None, Dough, "superdough's pitch envelope decay.", "out $ note \"c4\" # s \"sine\" # penv 12 # pdecay 0.1 # pdec 0.1"),
    c!("psustain", ["psus"], Number, "0..1", None, Dough, "superdough's pitch envelope sustain level.", "out $ note \"c4\" # s \"sine\" # penv 12 # psustain 0.5 # psus 0.5"),
    c!("prelease", ["prel"], Number, "s", None, Dough, "superdough's pitch envelope release.", "out $ note \"c4\" # s \"sine\" # penv 12 # prelease 0.2 # prel 0.2"),
    c!("pcurve", [], Number, "0 or 1", Some(0.0), Dough, "superdough's pitch envelope curve: 0 linear, 1 exponential.", "out $ note \"c4\" # s \"sine\" # penv 12 # pcurve 1"),
    c!("panchor", [], Number, "0..1", None, Dough, "Where superdough's pitch envelope sits around the note (its sustain level when unset).", "out $ note \"c4\" # s \"sine\" # penv 12 # panchor 0"),
    c!("lpenv", ["lpe"], Number, "octaves", None, Dough, "superdough's low-pass envelope depth.", "out $ note \"c2\" # s \"sawtooth\" # lpf 300 # lpenv 4 # lpe 4"),
    c!("lpattack", ["lpa"], Number, "s", None, Dough, "superdough's low-pass envelope attack.", "out $ note \"c2\" # s \"sawtooth\" # lpf 300 # lpenv 4 # lpattack 0.1 # lpa 0.1"),
    c!("lpdecay", ["lpd"], Number, "s", None, Dough, "superdough's low-pass envelope decay.", "out $ note \"c2\" # s \"sawtooth\" # lpf 300 # lpenv 4 # lpdecay 0.2 # lpd 0.2"),
    c!("lpsustain", ["lps"], Number, "0..1", None, Dough, "superdough's low-pass envelope sustain level.", "out $ note \"c2\" # s \"sawtooth\" # lpf 300 # lpenv 4 # lpsustain 0.5 # lps 0.5"),
    c!("lprelease", ["lpr"], Number, "s", None, Dough, "superdough's low-pass envelope release.", "out $ note \"c2\" # s \"sawtooth\" # lpf 300 # lpenv 4 # lprelease 0.3 # lpr 0.3"),
    c!("hpenv", ["hpe"], Number, "octaves", None, Dough, "superdough's high-pass envelope depth.", "out $ note \"c3\" # s \"sawtooth\" # hpf 200 # hpenv 3 # hpe 3"),
    c!("hpattack", ["hpa"], Number, "s", None, Dough, "superdough's high-pass envelope attack.", "out $ note \"c3\" # s \"sawtooth\" # hpf 200 # hpenv 3 # hpattack 0.1 # hpa 0.1"),
    c!("hpdecay", ["hpd"], Number, "s", None, Dough, "superdough's high-pass envelope decay.", "out $ note \"c3\" # s \"sawtooth\" # hpf 200 # hpenv 3 # hpdecay 0.2 # hpd 0.2"),
    c!("hpsustain", ["hps"], Number, "0..1", None, Dough, "superdough's high-pass envelope sustain level.", "out $ note \"c3\" # s \"sawtooth\" # hpf 200 # hpenv 3 # hpsustain 0.5 # hps 0.5"),
    c!("hprelease", ["hpr"], Number, "s", None, Dough, "superdough's high-pass envelope release.", "out $ note \"c3\" # s \"sawtooth\" # hpf 200 # hpenv 3 # hprelease 0.3 # hpr 0.3"),
    c!("bpenv", ["bpe"], Number, "octaves", None, Dough, "superdough's band-pass envelope depth.", "out $ note \"c3\" # s \"sawtooth\" # bandf 500 # bpenv 3 # bpe 3"),
    c!("bpattack", ["bpa"], Number, "s", None, Dough, "superdough's band-pass envelope attack.", "out $ note \"c3\" # s \"sawtooth\" # bandf 500 # bpenv 3 # bpattack 0.1 # bpa 0.1"),
    c!("bpdecay", ["bpd"], Number, "s", None, Dough, "superdough's band-pass envelope decay.", "out $ note \"c3\" # s \"sawtooth\" # bandf 500 # bpenv 3 # bpdecay 0.2 # bpd 0.2"),
    c!("bpsustain", ["bps"], Number, "0..1", None, Dough, "superdough's band-pass envelope sustain level.", "out $ note \"c3\" # s \"sawtooth\" # bandf 500 # bpenv 3 # bpsustain 0.5 # bps 0.5"),
    c!("bprelease", ["bpr"], Number, "s", None, Dough, "superdough's band-pass envelope release.", "out $ note \"c3\" # s \"sawtooth\" # bandf 500 # bpenv 3 # bprelease 0.3 # bpr 0.3"),
    c!("ftype", [], Word, "", None, Dough, "superdough's filter type: `12db` (default) or `24db` (two biquads in series).", "out $ note \"c2\" # s \"sawtooth\" # lpf 400 # ftype \"24db\""),
    c!("loopBegin", ["loopb"], Number, "0..1", Some(0.0), Dough, "Where superdough's sample loop starts (a fraction of the sample), with `loop 1`.", "out $ s \"arpy\" # loop 1 # loopBegin 0.25 # loopEnd 0.5"),
    c!("loopEnd", ["loope"], Number, "0..1", Some(1.0), Dough, "Where superdough's sample loop ends (a fraction of the sample), with `loop 1`.", "out $ s \"arpy\" # loop 1 # loopBegin 0.1 # loopEnd 0.3"),
    c!("fanchor", [], Number, "0..1", Some(0.0), Dough, "Where superdough's filter envelope sits around the cutoff (0: it rises from the cutoff).", "out $ note \"c2\" # s \"sawtooth\" # lpf 800 # lpenv 2 # fanchor 0.5"),
    c!("unison", [], Number, "voices", Some(5.0), Dough, "superdough's `supersaw` voices (1..100).", "out $ note \"c3\" # s \"supersaw\" # unison 7"),
    c!("pw", [], Number, "0..1", Some(0.5), Dough, "superdough's `pulse` width.", "out $ note \"c3\" # s \"pulse\" # pw 0.2"),
    c!("pwrate", [], Number, "Hz", None, Dough, "superdough's `pulse` width LFO rate.", "out $ note \"c3\" # s \"pulse\" # pwrate 2"),
    c!("pwsweep", [], Number, "", None, Dough, "superdough's `pulse` width LFO depth (0.3 when only `pwrate` is set).", "out $ note \"c3\" # s \"pulse\" # pwrate 2 # pwsweep 0.4"),
    c!("distort", ["dist"], Number, "", None, Dough, "superdough's waveshaping distortion (`expm1(distort)` drive).", "out $ note \"c3\" # s \"sine\" # distort 3"),
    c!("distortvol", [], Number, "0..1", Some(1.0), Dough, "The level after superdough's `distort`.", "out $ note \"c3\" # s \"sine\" # distort 3 # distortvol 0.5"),
    c!("distorttype", [], Word, "", None, Dough, "superdough's distortion curve: `scurve` `soft` `hard` `cubic` `diode` `asym` `fold` `sinefold` `chebyshev` (or its index).", "out $ note \"c3\" # s \"sine\" # distort 3 # distorttype \"fold\""),
    c!("delaysync", [], Number, "cycles", Some(0.1875), Dough, "superdough's delay time in cycles when `delaytime` is unset (3/16).", "out $ note \"c4 ~\" # s \"sine\" # delay 0.5 # delaysync 0.25"),
    c!("compressor", [], Number, "dB", None, Dough, "superdough's per-voice compressor (Web Audio's DynamicsCompressorNode), on when set: its threshold in dB (a `:` list also sets ratio, knee, attack and release).", "out $ note \"c2*4\" # s \"sawtooth\" # gain 2 # compressor (-20)"),
    c!("compressorRatio", [], Number, "", Some(10.0), Dough, "The compressor's ratio (1..20).", "out $ note \"c2*4\" # s \"sawtooth\" # compressor (-20) # compressorRatio 4"),
    c!("compressorKnee", [], Number, "dB", Some(10.0), Dough, "The compressor's knee, above the threshold (0..40 dB).", "out $ note \"c2*4\" # s \"sawtooth\" # compressor (-20) # compressorKnee 0"),
    c!("compressorAttack", [], Number, "s", Some(0.005), Dough, "The compressor's attack (0..1 s).", "out $ note \"c2*4\" # s \"sawtooth\" # compressor (-20) # compressorAttack 0.02"),
    c!("compressorRelease", [], Number, "s", Some(0.05), Dough, "The compressor's release (0..1 s).", "out $ note \"c2*4\" # s \"sawtooth\" # compressor (-20) # compressorRelease 0.2"),
    c!("duckorbit", ["duck"], Number, "orbit", None, Dough, "superdough's sidechain: the event ducks the whole output of orbit n (a `:` list ducks several, `\"2:3\"`), its voices, delay and reverb, to `1 - sqrt(duckdepth)` by `duckonset` seconds, then back over `duckattack` seconds.", "out $ stack [n \"0 3 7 10\" # s \"sawtooth\" # orbit 2, s \"bd*4\" # duckorbit 2 # duckattack 0.2]"),
    c!("duckdepth", [], Number, "0..1", Some(1.0), Dough, "How deep `duckorbit` ducks: the orbit's gain goes to `1 - sqrt(depth)` (at least 0.01).", "out $ stack [n \"0 3\" # s \"sawtooth\" # orbit 2, s \"bd*2\" # duckorbit 2 # duckdepth 0.5]"),
    c!("duckonset", ["duckons"], Number, "s", Some(0.0), Dough, "Seconds from the event to the lowest gain of its `duckorbit` duck.", "out $ stack [n \"0 3\" # s \"sawtooth\" # orbit 2, s \"bd*2\" # duckorbit 2 # duckonset 0.05]"),
    c!("duckattack", ["duckatt"], Number, "s", Some(0.1), Dough, "Seconds a `duckorbit` duck takes to come back to full level (at least 0.002).", "out $ stack [n \"0 3\" # s \"sawtooth\" # orbit 2, s \"bd*2\" # duckorbit 2 # duckattack 0.3]"),
    c!("tremolo", ["trem"], Number, "Hz", None, Dough, "superdough's tremolo rate.", "out $ note \"c4 ~\" # s \"sine\" # tremolo 4 # trem 4"),
    c!("tremolosync", ["tremsync"], Number, "per cycle", None, Dough, "superdough's tremolo rate in cycles (times the tempo).", "out $ note \"c4 ~\" # s \"sine\" # tremolosync 4 # tremsync 4"),
    c!("tremolodepth", ["tremdepth"], Number, "0..1", Some(1.0), Dough, "superdough's tremolo depth.", "out $ note \"c4 ~\" # s \"sine\" # tremolo 4 # tremolodepth 0.5 # tremdepth 0.5"),
    c!("tremoloskew", ["tremskew"], Number, "0..1", None, Dough, "superdough's tremolo LFO skew (1, a ramp, unless `tremoloshape` is set: 0.5).", "out $ note \"c4 ~\" # s \"sine\" # tremolo 4 # tremoloskew 0.3 # tremskew 0.3"),
    c!("tremolophase", ["tremphase"], Number, "cycles", Some(0.0), Dough, "superdough's tremolo LFO phase offset.", "out $ note \"c4 ~\" # s \"sine\" # tremolo 4 # tremolophase 0.5 # tremphase 0.5"),
    c!("tremoloshape", ["tremshape"], Word, "", None, Dough, "superdough's tremolo LFO shape: `tri` `sine` `ramp` `saw` `square` (or 0..4).", "out $ note \"c4 ~\" # s \"sine\" # tremolo 4 # tremoloshape \"sine\" # tremshape \"sine\""),
    c!("phaserrate", ["phaser", "ph"], Number, "Hz", None, Dough, "superdough's phaser rate.", "out $ note \"c2 ~\" # s \"sawtooth\" # phaserrate 2 # phaser 2 # ph 2"),
    c!("phaserdepth", ["phd", "phasdp"], Number, "0..1", Some(0.75), Dough, "superdough's phaser depth (the notches' Q).", "out $ note \"c2 ~\" # s \"sawtooth\" # phaser 2 # phaserdepth 0.5 # phd 0.5 # phasdp 0.5"),
    c!("phasercenter", ["phc"], Number, "Hz", Some(1000.0), Dough, "superdough's phaser centre frequency.", "out $ note \"c2 ~\" # s \"sawtooth\" # phaser 2 # phasercenter 800 # phc 800"),
    c!("phasersweep", ["phs"], Number, "cents", Some(2000.0), Dough, "superdough's phaser sweep, in cents each way.", "out $ note \"c2 ~\" # s \"sawtooth\" # phaser 2 # phasersweep 1200 # phs 1200"),
    c!("drive", [], Number, "", Some(0.69), Dough, "superdough's `ladder` filter's input drive (`exp(drive)`).", "out $ note \"c2\" # s \"sawtooth\" # lpf 600 # ftype \"ladder\" # drive 2"),
    c!("shapevol", [], Number, "0..1", Some(1.0), Dough, "The level after superdough's `shape`.", "out $ note \"c3\" # s \"sine\" # shape 0.8 # shapevol 0.5"),
    c!("chord", [], Word, "", None, Plays::Data("a chord symbol: `voicing` turns it into notes"), "A chord symbol (Strudel's: `C`, `Am7`, `F^7`, `Bb7#11`) for `voicing`.", "out $ voicing $ chord \"<C Am7>\" # s \"superpiano\""),
    c!("dictionary", ["dict"], Word, "", None, Plays::Data("the voicing dictionary `voicing` reads"), "The voicing dictionary `voicing` reads (`ireal` by default; `ireal-ext`, `lefthand`, `triads`, `guidetones`, `legacy`).", "out $ voicing $ chord \"<C Am7>\" # dictionary \"triads\" # s \"superpiano\""),
    c!("anchor", [], Word, "", None, Plays::Data("the note `voicing` and `scale` place their notes by"), "The note `voicing` places its top note at or below (`c5` by default; see `mode`), or `scale` counts its degrees from.", "out $ voicing $ chord \"<C Am7>\" # anchor \"g4\" # s \"superpiano\""),
    c!("mode", [], Word, "", None, Plays::Data("how `voicing` places a voicing by its anchor"), "How `voicing` places a voicing by its anchor: `below` (the top note at or below it, the default), `above`, `duck`, `root`.", "out $ voicing $ chord \"<C Am7>\" # mode \"above\" # s \"superpiano\""),
    c!("label", [], Word, "", None, Plays::Data("a label Strudel's pianoroll prints on the event"), "A label for each event (Strudel's `label`, printed by its pianoroll), carried with the event.", "out $ s \"bd sn\" # label \"<intro drop>\""),
    c!("offset", [], Number, "", None, Plays::Data("how many voicings `voicing` moves up (or down)"), "Moves `voicing` this many voicings up (negative: down) from the one its anchor picks.", "out $ voicing $ chord \"<C Am7>\" # offset \"<0 1>\" # s \"superpiano\""),
    c!("octaves", [], Number, "", None, Plays::Data("the octaves per wrap when `voicing` picks notes by `n`"), "When `voicing` picks notes by `n`, the octaves each wrap round the voicing moves (1 by default).", "out $ voicing $ n \"0 1 2 3 4\" # chord \"C\" # octaves 2 # s \"superpiano\""),
    // SuperDirt's `dirt_gate` (`core-synths.scd`): `amp * pow(gain.min(2) + overgain, 4)`.
    c!("overgain", [], Number, "", Some(0.0), Voice, "SuperDirt's `overgain`: added to `gain` after its limit of 2, before the fourth power (`amp * (min(gain, 2) + overgain)^4`).", "out $ s \"bd*2 sn\" # gain 0.8 # overgain \"0 0.2\""),
];

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The index of the control named `name` in [`CONTROLS`]; evaluated at compile time where
/// `Sym` constants are defined, so a name that is not in the table does not compile.
pub const fn index(name: &str) -> u32 {
    let mut i = 0;
    while i < CONTROLS.len() {
        if same(CONTROLS[i].name, name) {
            return i as u32;
        }
        i += 1;
    }
    panic!("not a control of the table")
}

/// The control named `name` or one of its aliases.
pub fn find(name: &str) -> Option<&'static ControlDef> {
    CONTROLS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// The control a map key names (`None` for a key of no control: a custom one, `pF "x"`).
pub fn find_sym(key: super::value::Sym) -> Option<&'static ControlDef> {
    CONTROLS
        .get(key.0 as usize)
        .filter(|c| key.text() == c.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in CONTROLS {
            for n in std::iter::once(&c.name).chain(c.aliases) {
                assert!(seen.insert(*n), "`{n}` twice");
            }
            assert!(
                c.example.contains(c.name)
                    || c.aliases.iter().any(|a| c.example.contains(a))
                    || c.name == "s"
            );
        }
    }
}
