//! What Phonon says about a name it does not know: a name Tidal or Strudel has that Phonon
//! does not play yet, a word that means something Phonon names differently (`volume` ->
//! `gain`), or the nearest spelling.

/// Words musicians reach for, and the name Phonon gives that meaning.
pub const MEANINGS: &[(&str, &str)] = &[
    ("pitch", "note"),
    ("transpose", "note"),
    ("volume", "gain"),
    ("vol", "gain"),
    ("amplitude", "gain"),
    ("loudness", "gain"),
    ("reverb", "room"),
    ("verb", "room"),
    ("filter", "lpf"),
    ("lowpass", "lpf"),
    ("highpass", "hpf"),
    ("bandpass", "bpf"),
    ("distortion", "shape"),
    ("bitcrush", "crush"),
    ("reverse", "rev"),
    ("backwards", "rev"),
    ("random", "rand"),
    ("sample", "s"),
    ("instrument", "s"),
    ("synth", "s"),
    ("sequence", "fastcat"),
    ("repeat", "ply"),
    ("retrig", "ply"),
    ("mix", "stack"),
    ("layer", "stack"),
    ("panning", "pan"),
    ("balance", "pan"),
    ("length", "legato"),
    ("duration", "sustain"),
    ("echo", "delay"),
    ("midi", "midichan"),
];

/// Names Tidal has that Phonon does not play yet (LANGUAGE.md's "Not yet supported" lists
/// them with their reasons).
pub const TIDAL_NOT_YET: &[&str] = &[
    "nTake",
    "nCountTo",
    "accelerateTake",
    "cS",
    "cT",
    "cP",
    "in0",
    "<*>",
    "wash",
    "transition",
    "streamReplace",
    "perlin2With",
    "midicmd",
];

/// The message for an unknown name, given the names Phonon knows.
pub fn unknown_name<'a>(name: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    if TIDAL_NOT_YET.contains(&name) {
        return format!("`{name}` is Tidal's, not supported yet");
    }
    if let Some((_, to)) = MEANINGS.iter().find(|(w, _)| *w == name) {
        if known.clone().any(|k| k == *to) {
            return format!("unknown function `{name}`: for that, Phonon has `{to}`");
        }
    }
    super::eval::unknown("function", name, known)
}
