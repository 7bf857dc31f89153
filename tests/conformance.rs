//! Conformance: every case of `tests/conformance/corpus.json` (Strudel 1.2.6's events) and of
//! `tests/tidal/oracle/*.json` (Tidal 1.7.10's, for names only Tidal has and Tidal's syntax,
//! written by `scripts/tidal_oracle.py`) through the same path as `phonon query --cases`, compared with
//! the reference's own events (compare.py's rules: multisets, exact times, numbers within 1e-9,
//! key order ignored).

#[path = "common/events.rs"]
mod events;

use phonon::cli::query::case_line;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn shared() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    assert!(
        p.exists(),
        "the conformance corpus is missing: {}",
        p.display()
    );
    p
}

/// A canonical text for one event (times as reduced fractions, numbers quantised to 1e-9).
fn canon_event(e: &Value) -> String {
    fn canon(v: &Value) -> String {
        match v {
            Value::Number(n) => format!("{}", (n.as_f64().unwrap_or(f64::NAN) / 1e-9).round()),
            Value::Object(m) => {
                // A control left `undefined` in Strudel (written as null) is unset, and a
                // control is compared under one name (Strudel's `clip` is Phonon's `legato`).
                let sorted: BTreeMap<_, _> = m
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (events::control_key(k), canon(v)))
                    .collect();
                format!("{sorted:?}")
            }
            Value::Array(xs) => format!("[{}]", xs.iter().map(canon).collect::<Vec<_>>().join(",")),
            other => other.to_string(),
        }
    }
    format!("{}|{}|{}", e["whole"], e["part"], canon(&e["value"]))
}

fn multiset(events: &Value) -> Vec<String> {
    let mut v: Vec<String> = events
        .as_array()
        .map(|a| a.iter().map(canon_event).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The `strudel` field of every case, through the Strudel front-end (as `phonon query --cases`).
#[test]
fn strudel_corpus() {
    let dir = shared();
    check(
        &dir.join("corpus.json"),
        &dir.join("expected.jsonl"),
        "Strudel",
        false,
    );
}

/// The Strudel front-end's own forms (operator functions, list controls, arrow blocks, the
/// stepwise functions), against Strudel 1.2.6's events (`tests/strudel/frontend.json`,
/// written by the conformance oracle).
#[test]
fn strudel_front_end_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/strudel");
    check(
        &dir.join("frontend.json"),
        &dir.join("frontend.expected.jsonl"),
        "Strudel",
        false,
    );
}

/// The same cases' `phonon` field (Tidal's syntax), through the Tidal front-end.
#[test]
fn strudel_corpus_in_tidal_syntax() {
    let dir = shared();
    check(
        &dir.join("corpus.json"),
        &dir.join("expected.jsonl"),
        "Strudel",
        true,
    );
}

#[test]
fn tidal_oracle_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tidal/oracle");
    let mut topics: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    topics.sort();
    assert!(
        !topics.is_empty(),
        "no Tidal oracle cases in {}",
        dir.display()
    );
    for cases in topics {
        let expected = cases.with_extension("expected.jsonl");
        check(&cases, &expected, "Tidal", false);
    }
}

/// Every case of `cases` against `expected` (one JSON object per line). A case with a `differs`
/// field differs from the reference on purpose (the reason is printed, and it must still run).
fn check(
    cases: &std::path::Path,
    expected_path: &std::path::Path,
    reference: &str,
    tidal_syntax: bool,
) {
    let corpus: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(cases).unwrap()).unwrap();
    let mut expected = BTreeMap::new();
    for line in std::fs::read_to_string(expected_path).unwrap().lines() {
        if let Ok(v) = serde_json::from_str::<Value>(line) {
            expected.insert(v["id"].as_str().unwrap_or("").to_string(), v);
        }
    }
    let mut failed = vec![];
    for case in &corpus {
        let id = case["id"].as_str().unwrap_or("");
        let mut case = case.clone();
        if tidal_syntax {
            case.as_object_mut().map(|m| m.remove("strudel"));
        }
        let got = case_line(&case);
        let want = &expected[id];
        if let Some(why) = case["differs"].as_str() {
            assert!(got["error"].is_null(), "{id}: {}", got["error"]);
            println!("  differs on purpose {id}: {why}");
            continue;
        }
        if !got["error"].is_null() || multiset(&got["events"]) != multiset(&want["events"]) {
            let expr = ["strudel", "tidal", "phonon"]
                .iter()
                .map(|k| &case[*k])
                .find(|v| !v.is_null())
                .unwrap_or(&Value::Null);
            failed.push(format!("{id}: {expr} {}", got["error"]));
        }
    }
    let passing = corpus.len() - failed.len();
    println!(
        "conformance: {passing}/{} cases of {} match {reference}",
        corpus.len(),
        cases.display()
    );
    for f in &failed {
        println!("  FAIL {f}");
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from {reference}",
        failed.len(),
        corpus.len()
    );
}
