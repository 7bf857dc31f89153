//! Real Strudel code plays: every program of `tests/strudel/corpus/` (copied verbatim from public
//! sources; `tests/strudel/SOURCES.md` and `corpus.json` name each source and licence) that uses
//! only the JavaScript subset Phonon reads is compiled through the Strudel front-end, rendered for
//! four cycles (finite and audible), and its events over cycles 0 to 4 are compared with Strudel
//! 1.2.6's own (`expected.jsonl`, written by `scripts/strudel_oracle/program_oracle.mjs`).
//!
//! `PHONON_CORPUS_ONLY=id cargo test --test strudel_corpus -- --nocapture` prints one program's
//! result and its event differences. `PHONON_STRUDEL_DIR=dir` runs another corpus laid out as
//! `tests/strudel/` (`corpus.json`, its files, `expected.jsonl` from the program oracle): a
//! held-out check by hand.

#[path = "common/events.rs"]
mod events;

use phonon::cli::render::{render, RenderSpec};
use phonon::lang::graph::NodeSpec;
use phonon::lang::strudel::Dialect;
use phonon::lang::{compile_program_with, CompileOptions};
use phonon::pattern::time::{Span, Time};
use phonon::pattern::Ctx;
use phonon::samples::Library;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn dir() -> PathBuf {
    match std::env::var_os("PHONON_STRUDEL_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/strudel"),
    }
}

struct Program {
    id: String,
    code: String,
    subset: bool,
}

fn corpus() -> Vec<Program> {
    let list: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("corpus.json")).unwrap()).unwrap();
    list.iter()
        .map(|p| Program {
            id: p["id"].as_str().unwrap().to_string(),
            code: std::fs::read_to_string(dir().join(p["file"].as_str().unwrap())).unwrap(),
            subset: p["subset"].as_bool().unwrap_or(false),
        })
        .collect()
}

fn expected() -> BTreeMap<String, Value> {
    std::fs::read_to_string(dir().join("expected.jsonl"))
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| (v["id"].as_str().unwrap_or("").to_string(), v))
        .collect()
}

/// A canonical text for one event: whole, part and value (numbers to 1e-9, keys sorted).
fn canon(whole: &Value, part: &Value, value: &Value) -> String {
    fn v(x: &Value) -> String {
        match x {
            Value::Number(n) => format!("{}", (n.as_f64().unwrap_or(f64::NAN) / 1e-9).round()),
            Value::Object(m) => {
                // A control Strudel leaves `undefined` (`adsr(".1:.2")`'s release) is unset.
                let sorted: BTreeMap<_, _> = m
                    .iter()
                    .filter(|(_, x)| !x.is_null())
                    .map(|(k, x)| (events::control_key(k), v(x)))
                    .collect();
                format!("{sorted:?}")
            }
            Value::Array(xs) => format!("[{}]", xs.iter().map(v).collect::<Vec<_>>().join(",")),
            other => other.to_string(),
        }
    }
    format!("{whole}|{part}|{}", v(value))
}

fn time_str(t: Time) -> String {
    format!("{}/{}", t.numer(), t.denom())
}

/// Phonon's onset events of every stream the program plays, over cycles 0 to 4.
fn phonon_events(code: &str) -> Result<Vec<String>, String> {
    let mut opts = CompileOptions::new(4.0);
    opts.dialect = Some(Dialect::Strudel);
    let program = compile_program_with(code, &opts).map_err(|e| e.to_string())?;
    let arena = bumpalo::Bump::new();
    let overflow = std::cell::Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let mut out = vec![];
    for node in &program.graph.nodes {
        if let NodeSpec::Voices(p) = node {
            for h in p
                .query(
                    &ctx,
                    Span::new(Time::from_integer(0), Time::from_integer(4)),
                )
                .iter()
            {
                if !h.has_onset() {
                    continue;
                }
                let w = h.whole.expect("an onset has a whole");
                let whole = serde_json::json!([time_str(w.begin), time_str(w.end)]);
                let part = serde_json::json!([time_str(h.part.begin), time_str(h.part.end)]);
                out.push(canon(&whole, &part, &h.value.to_json()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn strudel_events(want: &Value) -> Vec<String> {
    let mut out: Vec<String> = want["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|e| e["onset"].as_bool().unwrap_or(true))
                .map(|e| canon(&e["whole"], &e["part"], &e["value"]))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `Ok(peak)` when the program renders four cycles, else the error.
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

/// What one program does: plays (peak), and whether its events are Strudel's.
struct Outcome {
    plays: Result<f32, String>,
    events: Result<(usize, usize, usize), String>,
}

fn run(p: &Program, lib: &Library, want: Option<&Value>) -> Outcome {
    let plays = play(&p.code, lib);
    let events = phonon_events(&p.code).map(|got| {
        let want = want.map(strudel_events).unwrap_or_default();
        let (mut a, mut b) = (got.clone(), want.clone());
        a.retain(|x| !want.contains(x));
        b.retain(|x| !got.contains(x));
        (want.len(), a.len(), b.len())
    });
    Outcome { plays, events }
}

#[test]
fn strudel_programs_play_and_match_strudel() {
    let lib = Library::with_kit(22050.0);
    let programs = corpus();
    let want = expected();
    assert!(programs.len() >= 100, "only {} programs", programs.len());
    if let Ok(only) = std::env::var("PHONON_CORPUS_ONLY") {
        let p = programs.iter().find(|p| p.id == only).expect("no such id");
        let o = run(p, &lib, want.get(&p.id));
        println!(
            "{}\nplays: {:?}\nevents (want, extra, missing): {:?}",
            p.code, o.plays, o.events
        );
        if let (Ok(got), Some(w)) = (phonon_events(&p.code), want.get(&p.id)) {
            let w = strudel_events(w);
            for x in got.iter().filter(|x| !w.contains(x)).take(8) {
                println!("  phonon only: {x}");
            }
            for x in w.iter().filter(|x| !got.contains(x)).take(8) {
                println!("  strudel only: {x}");
            }
        }
        return;
    }
    // Programs whose every event is a plain value (no controls): superdough refuses each of
    // them ("expected hap.value to be an object"), so Strudel 1.2.6 plays nothing either.
    let silent_in_strudel = |p: &Program| {
        want.get(&p.id).is_some_and(|w| {
            w["events"]
                .as_array()
                .is_some_and(|es| es.iter().all(|e| !e["value"].is_object()))
        })
    };
    let unplayable: Vec<&str> = programs
        .iter()
        .filter(|p| p.subset && silent_in_strudel(p))
        .map(|p| p.id.as_str())
        .collect();
    println!("plain values only, which Strudel itself does not play: {unplayable:?}");
    let subset: Vec<&Program> = programs
        .iter()
        .filter(|p| p.subset && !silent_in_strudel(p))
        .collect();
    let (mut playing, mut matching) = (0, 0);
    let mut report = vec![];
    for p in &subset {
        let o = run(p, &lib, want.get(&p.id));
        let plays = matches!(o.plays, Ok(peak) if peak > 1e-4);
        let same = matches!(o.events, Ok((_, 0, 0)));
        playing += plays as usize;
        matching += (plays && same) as usize;
        if !plays || !same {
            let why = match (&o.plays, &o.events) {
                (Err(e), _) => e.lines().next().unwrap_or("").to_string(),
                (Ok(_), Ok((n, extra, missing))) if !plays || *extra + *missing > 0 => {
                    format!(
                        "silent={} events: {n} expected, {extra} extra, {missing} missing",
                        !plays
                    )
                }
                (_, Err(e)) => e.lines().next().unwrap_or("").to_string(),
                _ => "silent".into(),
            };
            report.push(format!("{}: {why}", p.id));
        }
    }
    let share = playing as f64 / subset.len() as f64;
    println!(
        "{playing} of {} subset programs play ({:.1}%); {matching} play with Strudel's events; {} programs outside the subset, {} with plain values only",
        subset.len(),
        share * 100.0,
        programs.iter().filter(|p| !p.subset).count(),
        unplayable.len()
    );
    for r in &report {
        println!("  {r}");
    }
    // The issue asks for 85% (the programs above that do not play are listed with why), and
    // every program that plays plays Strudel's events.
    assert!(share >= 0.85, "only {:.1}% play", share * 100.0);
    assert_eq!(
        matching, playing,
        "programs that play with events other than Strudel's"
    );
}
