//! Real Tidal code plays: every snippet of `tests/tidal/corpus/*.tidal` (copied verbatim from
//! public sources; `SOURCES.md` names each source and licence) is compiled and rendered for
//! four cycles; a snippet plays when the render is finite and audible. At least 90% must play,
//! and each snippet that does not is listed below with the reason, so the list stays true.
//!
//! Tidal musicians play SuperDirt's default samples (Dirt-Samples): its folder names
//! (`tests/tidal/corpus/dirt-samples.txt`) are stood in for by the embedded kit's sounds, so
//! this measures the language, not which sample files are installed.

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::Library;
use std::path::PathBuf;
use std::sync::Arc;

/// Snippets that do not play, and why.
const NOT_PLAYING: &[(&str, &str)] = &[
    ("tusa-4", "SuperDirt's spectral `freeze` (sc3-plugins) is not ported"),
    ("tusa-7", "SuperDirt's `supergrind` synth (loaded with sc3-plugins) is not ported"),
    ("tusa-9", "SuperDirt's spectral `real`/`imag` (sc3-plugins) are not ported"),
    ("blog-19", "the author's mistake: `{-12..` opens a comment in Tidal's mini-notation too"),
    ("doc-11", "`nCountTo` keeps a counter across cycles in Tidal's stream; Phonon's patterns are pure queries"),
    ("doc-14", "`metatune` (SuperDirt's tuning control) is not supported"),
    ("doc-76", "`nTake` keeps a counter across cycles in Tidal's stream (and `[0 ..]` is endless)"),
    ("haddock-12", "the documentation's own mistake: the example does not type-check in Tidal either"),
    ("haddock-19", "`accelerateTake` keeps a counter across cycles in Tidal's stream"),
    ("haddock-25", "`perlin2With` (two-dimensional noise) is not ported"),
    ("xinniw-1", "MIDI transport only (`midicmd \"stop\"`): no audio, and MIDI out sends notes only"),
    ("xinniw-4", "the author's mistake: Tidal's parser fails on `[.]` too"),
    ("xinniw-5", "MIDI clock only (`midicmd \"midiClock*48\"`): no audio, and MIDI out sends notes only"),
    ("xinniw-12", "MIDI only (`s \"midi\"` notes and CCs to a hardware synth): no audio by design"),
    ("xinniw-18", "MIDI transport only (`once $ midicmd \"stop\"`)"),
    ("xinniw-19", "Haskell definitions by pattern matching (`glue [] = []`) are not supported"),
];

struct Snippet {
    id: String,
    source: String,
    code: String,
}

fn corpus() -> Vec<Snippet> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tidal/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tidal"))
        .collect();
    files.sort();
    let mut out: Vec<Snippet> = vec![];
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            if let Some(head) = line.strip_prefix("-- snippet: ") {
                let mut parts = head.split(" | ");
                out.push(Snippet {
                    id: parts.next().unwrap_or("").trim().to_string(),
                    source: parts.next().unwrap_or("").trim().to_string(),
                    code: String::new(),
                });
            } else if let Some(s) = out.last_mut() {
                s.code.push_str(line);
                s.code.push('\n');
            }
        }
    }
    out
}

/// The kit, with a kit sound standing in for every Dirt-Samples folder it lacks (as many
/// variants as the folder has files).
fn library(sample_rate: f32) -> Library {
    let mut lib = Library::with_kit(sample_rate);
    let kit: Vec<Vec<Arc<phonon::samples::Sample>>> = {
        let mut names: Vec<&String> = lib.banks.keys().collect();
        names.sort();
        names.iter().map(|n| lib.banks[*n].clone()).collect()
    };
    let list = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tidal/corpus/dirt-samples.txt"),
    )
    .unwrap();
    for (i, line) in list.lines().filter(|l| !l.starts_with('#')).enumerate() {
        let mut it = line.split_whitespace();
        let (Some(name), Some(count)) = (it.next(), it.next()) else {
            continue;
        };
        let count: usize = count.parse().unwrap_or(1);
        if lib.banks.contains_key(name) {
            continue;
        }
        let stand_in = &kit[i % kit.len()];
        let bank = (0..count)
            .map(|j| stand_in[j % stand_in.len()].clone())
            .collect();
        lib.banks.insert(name.to_string(), bank);
    }
    lib
}

/// `Ok(peak)` when the snippet renders, else the error.
fn play(code: &str, lib: &Library) -> Result<f32, String> {
    let spec = RenderSpec {
        sample_rate: 22050,
        cycles: 4.0,
        beats_per_cycle: 4.0,
    };
    let r = render(code, lib, &spec, || 512, |_, _| {}).map_err(|e| e.to_string())?;
    if r.left.iter().chain(&r.right).any(|x| !x.is_finite()) {
        return Err("not finite".into());
    }
    Ok(r.left
        .iter()
        .chain(&r.right)
        .fold(0.0f32, |m, x| m.max(x.abs())))
}

#[test]
fn tidal_snippets_play() {
    let lib = library(22050.0);
    let snippets = corpus();
    assert!(snippets.len() >= 150, "only {} snippets", snippets.len());
    let mut playing = 0;
    let mut wrong = vec![];
    // `PHONON_CORPUS_ONLY=id cargo test --test tidal_corpus -- --nocapture` prints one snippet's
    // result.
    if let Ok(only) = std::env::var("PHONON_CORPUS_ONLY") {
        let s = snippets
            .iter()
            .find(|s| s.id == only)
            .expect("no such snippet");
        println!("{}\n{:?}", s.code, play(&s.code, &lib));
        return;
    }
    for s in &snippets {
        let result = play(&s.code, &lib);
        // 1e-4 at a voice's own level, times SuperDirt's `amp` 0.4 (`engine::dirt_gate`).
        let plays = matches!(result, Ok(peak) if peak > 4e-5);
        let listed = NOT_PLAYING.iter().find(|(id, _)| *id == s.id);
        if plays {
            playing += 1;
        }
        match (plays, listed) {
            (true, Some(_)) => {
                wrong.push(format!("{} plays now: remove it from NOT_PLAYING", s.id))
            }
            (false, None) => {
                let why = match &result {
                    Ok(_) => "silent".to_string(),
                    Err(e) => {
                        e.lines().next().unwrap_or("").to_string()
                            + " "
                            + e.lines().nth(1).unwrap_or("")
                    }
                };
                wrong.push(format!(
                    "{} ({}) does not play: {why}\n{}",
                    s.id, s.source, s.code
                ))
            }
            _ => {}
        }
    }
    let share = playing as f64 / snippets.len() as f64;
    println!(
        "{playing} of {} real Tidal snippets play ({:.1}%)",
        snippets.len(),
        share * 100.0
    );
    for w in &wrong {
        println!("  {w}");
    }
    assert!(
        wrong.is_empty(),
        "{} snippets differ from the list",
        wrong.len()
    );
    assert!(share >= 0.9, "only {:.1}% play", share * 100.0);
}
