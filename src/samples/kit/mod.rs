//! The embedded default sound kit: every sound is synthesized in code when the
//! kit is loaded, so `s "bd sn hh cp"` works with nothing on disk.
//!
//! [`synthesize`] renders 16 Dirt-style names, four variants each (`bd:0` ..
//! `bd:3`), directly at the session sample rate (no resampling; anything from
//! 22.05 kHz to 192 kHz works). The drums follow the analogue recipes of the
//! Roland TR-808/909: pitch-swept sine kicks and toms, tone-plus-noise snares,
//! the 808's six-square-wave "metal" cluster for hats and cymbals, multi-burst
//! claps. The tonal one-shots (`arpy`, `bass`, `casio`, `tink`) use
//! Karplus-Strong, subtractive and FM synthesis. Each recipe's source is cited
//! at its function, each filter's formula at its type.
//!
//! Built-in drum machines ([`machines`]): the banks `RolandTR808` and `RolandTR909`, named as
//! Strudel names the tidal-drum-machines samples (`RolandTR808_bd`, played by
//! `s("bd").bank("RolandTR808")`), synthesized after each machine's circuits (`tr808.rs`,
//! `tr909.rs`).
//!
//! Guarantees (checked by the tests at the bottom): rendering is deterministic
//! (a fixed-seed xorshift PRNG, no global state); every sound starts with a
//! non-zero sample at index 0 (the attack is immediate), ends fading to exactly
//! `0.0`, peaks at 0.7..0.9 (never clips), has no DC offset and contains no
//! NaN or infinity; durations in seconds do not depend on the sample rate.
//!
//! Oscillators, filters and envelopes run in `f64`; only the rendered buffers
//! are `f32`. The kit is rendered when the plugin activates (the drum machines when a
//! program first names one), so the per-sample
//! loops are kept lean enough for debug builds too (about 0.7 G instructions
//! for the whole kit at 48 kHz unoptimised; `cargo test -- --ignored timing`
//! prints the time).

mod blocks;
mod drums;
#[cfg(test)]
mod machine_tests;
#[cfg(test)]
mod tests;
mod tones;
mod tr808;
mod tr909;

use drums::{
    clap, closed_hat, cowbell, crash, high_tom, kick, low_tom, mid_tom, open_hat, perc, rimshot,
    snare,
};
use tones::{arpy, bass, casio, tink};

/// One decoded sound: mono or stereo, at the session rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// Left channel (or the only channel), in -1..1.
    pub left: Vec<f32>,
    /// Right channel; `None` for mono.
    pub right: Option<Vec<f32>>,
    pub sample_rate: f32,
}

/// Variants per name (`:0` .. `:3`).
pub const VARIANTS: usize = 4;

/// A voice renders variant `v` (0..VARIANTS) at sample rate `sr`.
type Voice = fn(f64, usize) -> Sample;

const NAMES: [&str; 16] = [
    "bd", "sn", "hh", "oh", "cp", "rs", "lt", "mt", "ht", "cb", "cr", "perc", "arpy", "bass",
    "casio", "tink",
];

/// Same order as [`NAMES`].
const VOICES: [Voice; 16] = [
    kick, snare, closed_hat, open_hat, clap, rimshot, low_tom, mid_tom, high_tom, cowbell, crash,
    perc, arpy, bass, casio, tink,
];

/// The embedded kit at `sample_rate`: (name, variants) pairs, variants in order :0, :1, ...
///
/// Rates outside 8 kHz..768 kHz are clamped into that range (a non-finite
/// rate renders at 48 kHz); each sample carries the rate it was rendered at.
pub fn synthesize(sample_rate: f32) -> Vec<(&'static str, Vec<Sample>)> {
    synthesize_names(sample_rate, &NAMES)
}

/// [`synthesize`] of the kit's names among `names` only (in the kit's order).
pub fn synthesize_names(sample_rate: f32, names: &[&str]) -> Vec<(&'static str, Vec<Sample>)> {
    let sample_rate = if sample_rate.is_finite() {
        sample_rate.clamp(8_000.0, 768_000.0)
    } else {
        48_000.0
    };
    let sr = f64::from(sample_rate);
    let (names, voices): (Vec<&'static str>, Vec<(Voice, usize)>) = NAMES
        .iter()
        .zip(VOICES.iter())
        .filter(|(n, _)| names.contains(n))
        .map(|(n, v)| (*n, (*v, VARIANTS)))
        .unzip();
    names.into_iter().zip(render_all(&voices, sr)).collect()
}

/// Every variant of every voice at `sr`, by voice in order: rendered on all the machine's
/// cores (each thread takes the next variant not yet taken), as the same samples as in order.
fn render_all(voices: &[(Voice, usize)], sr: f64) -> Vec<Vec<Sample>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let jobs: Vec<(usize, usize)> = voices
        .iter()
        .enumerate()
        .flat_map(|(i, (_, count))| (0..*count).map(move |v| (i, v)))
        .collect();
    let next = AtomicUsize::new(0);
    // Each thread takes the next job and keeps (job, sample) pairs.
    let work = || {
        let mut done = vec![];
        while let Some(&(i, v)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(((i, v), (voices[i].0)(sr, v)));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let mut done = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            all.extend(h.join().expect("a kit voice panicked"));
        }
        all
    });
    // Back in order: by voice, then variant.
    done.sort_by_key(|(job, _)| *job);
    let mut out: Vec<Vec<Sample>> = voices.iter().map(|_| vec![]).collect();
    for ((i, _), sample) in done {
        out[i].push(sample);
    }
    out
}

/// The names the kit provides, in the same order.
pub fn names() -> &'static [&'static str] {
    &NAMES
}

/// One sound of a drum machine: its name (tidal-drum-machines'), its recipe, how many variants.
type MachineSound = (&'static str, Voice, usize);

/// The built-in drum machines: bank name (Strudel's), and their sounds.
const MACHINES: [(&str, &[MachineSound; 12]); 2] = [
    ("RolandTR808", &tr808::SOUNDS),
    ("RolandTR909", &tr909::SOUNDS),
];

/// The sounds each built-in drum machine has: `bd sd hh oh cp rim lt mt ht cb cr rd`.
pub const MACHINE_SOUNDS: [&str; 12] = [
    "bd", "sd", "hh", "oh", "cp", "rim", "lt", "mt", "ht", "cb", "cr", "rd",
];

/// Other names Strudel code gives the built-in machines' banks: superdough's `aliasBank` with
/// tidal-drum-machines' alias list maps `TR808` to `RolandTR808` (compared in lower case, so
/// `tr808` too). Only the Roland TR series is listed.
pub const BANK_ALIASES: [(&str, &str); 7] = [
    ("TR505", "RolandTR505"),
    ("TR606", "RolandTR606"),
    ("TR626", "RolandTR626"),
    ("TR707", "RolandTR707"),
    ("TR727", "RolandTR727"),
    ("TR808", "RolandTR808"),
    ("TR909", "RolandTR909"),
];

/// The bank an alias names (`tr808` and `TR808` are `RolandTR808`), any letter case.
pub fn bank_alias(bank: &str) -> Option<&'static str> {
    BANK_ALIASES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(bank))
        .map(|(_, b)| *b)
}

/// Whether `text` may name a built-in drum machine: it contains, in any letter case, a
/// machine's bank name (`RolandTR808`, and so `RolandTR808_bd`) or an alias of one (`tr808`).
/// Errs on the side of yes (a word that merely contains `tr808` counts).
pub fn names_machine(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    let aliases = BANK_ALIASES
        .iter()
        .filter(|(_, b)| machine_names().any(|m| m == *b))
        .map(|(a, _)| *a);
    machine_names()
        .chain(aliases)
        .any(|m| text.contains(&m.to_ascii_lowercase()))
}

/// The built-in drum machines' bank names (`RolandTR808`, `RolandTR909`).
pub fn machine_names() -> impl Iterator<Item = &'static str> {
    MACHINES.iter().map(|(m, _)| *m)
}

/// Every built-in drum machine sound's name (`RolandTR808_bd`) and variant count, without
/// rendering them.
pub fn machine_sound_names() -> impl Iterator<Item = (String, usize)> {
    MACHINES.iter().flat_map(|(bank, sounds)| {
        sounds
            .iter()
            .map(move |(name, _, count)| (format!("{bank}_{name}"), *count))
    })
}

/// Every built-in drum machine's sounds at `sample_rate`, named `<bank>_<sound>`
/// (`RolandTR808_bd`), variants in order; rates are clamped as in [`synthesize`].
pub fn machines(sample_rate: f32) -> Vec<(String, Vec<Sample>)> {
    let sample_rate = if sample_rate.is_finite() {
        sample_rate.clamp(8_000.0, 768_000.0)
    } else {
        48_000.0
    };
    let sr = f64::from(sample_rate);
    let sounds = MACHINES.iter().flat_map(|(bank, sounds)| {
        sounds
            .iter()
            .map(move |(name, voice, count)| (format!("{bank}_{name}"), (*voice, *count)))
    });
    let (names, voices): (Vec<String>, Vec<(Voice, usize)>) = sounds.unzip();
    names.into_iter().zip(render_all(&voices, sr)).collect()
}
