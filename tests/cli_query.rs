//! The `phonon query` binary: `query EXPR --from A --to B` prints one event per line, and
//! `query --cases FILE` prints one conformance line per case (`tests/conformance/README.md`),
//! with `error` set for a case that cannot evaluate and the run going on to the next case.

use serde_json::{json, Value as Json};
use std::path::PathBuf;
use std::process::Command;

fn phonon(args: &[&str]) -> (Vec<String>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_phonon"))
        .args(args)
        .output()
        .expect("run phonon");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        out.status.success(),
        "phonon {args:?} failed ({}): {stderr}",
        out.status
    );
    (stdout.lines().map(str::to_string).collect(), stderr)
}

fn parse(lines: &[String]) -> Vec<Json> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn event(whole: Option<[&str; 2]>, part: [&str; 2], value: Json) -> Json {
    json!({"whole": whole, "part": part, "onset": whole.is_some_and(|w| w[0] == part[0]), "value": value})
}

/// Events as a multiset (sorted by their JSON text), as `compare.py` compares them.
fn multiset(events: &[Json]) -> Vec<String> {
    let mut v: Vec<String> = events.iter().map(|e| e.to_string()).collect();
    v.sort();
    v
}

#[test]
fn query_prints_the_events_of_an_expression() {
    let (lines, _) = phonon(&["query", "s \"bd [sn hh]\"", "--from", "0", "--to", "2"]);
    let got = parse(&lines);
    let want = vec![
        event(Some(["0/1", "1/2"]), ["0/1", "1/2"], json!({"s": "bd"})),
        event(Some(["1/2", "3/4"]), ["1/2", "3/4"], json!({"s": "sn"})),
        event(Some(["3/4", "1/1"]), ["3/4", "1/1"], json!({"s": "hh"})),
        event(Some(["1/1", "3/2"]), ["1/1", "3/2"], json!({"s": "bd"})),
        event(Some(["3/2", "7/4"]), ["3/2", "7/4"], json!({"s": "sn"})),
        event(Some(["7/4", "2/1"]), ["7/4", "2/1"], json!({"s": "hh"})),
    ];
    assert_eq!(multiset(&got), multiset(&want), "{lines:#?}");
}

#[test]
fn query_with_fractional_bounds_prints_fragments_and_numbers() {
    // From 1/4 to 5/4: the first event is a fragment (its whole starts before the query, so no
    // onset); the last is cut at 5/4.
    let (lines, _) = phonon(&["query", "n \"0 1.5\"", "--from", "1/4", "--to", "5/4"]);
    let got = parse(&lines);
    let want = vec![
        event(Some(["0/1", "1/2"]), ["1/4", "1/2"], json!({"n": 0.0})),
        event(Some(["1/2", "1/1"]), ["1/2", "1/1"], json!({"n": 1.5})),
        event(Some(["1/1", "3/2"]), ["1/1", "5/4"], json!({"n": 0.0})),
    ];
    assert_eq!(got.len(), 3, "{lines:#?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g["whole"], w["whole"], "{g}");
        assert_eq!(g["part"], w["part"], "{g}");
        assert_eq!(g["onset"], w["onset"], "{g}");
        assert_eq!(g["value"]["n"].as_f64(), w["value"]["n"].as_f64(), "{g}");
    }
    // A continuous pattern: `whole` is null.
    let (lines, _) = phonon(&[
        "query",
        "segment 1 $ range 1 5 saw",
        "--from",
        "0",
        "--to",
        "1",
    ]);
    let got = parse(&lines);
    assert_eq!(got.len(), 1, "{lines:#?}");
    assert_eq!(got[0]["whole"], json!(["0/1", "1/1"]));
    let (lines, _) = phonon(&["query", "saw", "--from", "0", "--to", "1/2"]);
    let got = parse(&lines);
    assert_eq!(got.len(), 1, "{lines:#?}");
    assert_eq!(got[0]["whole"], Json::Null);
    assert_eq!(got[0]["part"], json!(["0/1", "1/2"]));
    assert_eq!(got[0]["onset"], json!(false));
}

fn expected_line(id: &str) -> Json {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/expected.jsonl");
    let text = std::fs::read_to_string(p).expect("expected.jsonl beside the repository");
    text.lines()
        .map(|l| serde_json::from_str::<Json>(l).unwrap())
        .find(|j| j["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in expected.jsonl"))
}

#[test]
fn query_cases_prints_one_line_per_case_and_goes_on_after_an_error() {
    let dir = std::env::temp_dir().join(format!("phonon-cli-query-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cases.json");
    let cases = json!([
        {"id": "bad-unknown", "phonon": "fsat 2 $ s \"bd\"", "cycles": [0, 1]},
        {"id": "dev-001-mini.seq", "phonon": "s \"bd sn hh cp\"", "cycles": [0, 4]},
        {"id": "bad-syntax", "phonon": "s \"bd [sn\"", "cycles": [0, 1]},
        {"id": "dev-050-mini.euclid", "phonon": "s \"bd(3,8,2)\"", "cycles": ["0/1", "4/1"]},
    ]);
    std::fs::write(&file, cases.to_string()).unwrap();
    let (lines, stderr) = phonon(&["query", "--cases", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        lines.len(),
        4,
        "one line per case:\n{lines:#?}\nstderr: {stderr}"
    );
    let got = parse(&lines);
    for (g, c) in got.iter().zip(cases.as_array().unwrap()) {
        // Exactly the format's three fields, in input order.
        let mut keys: Vec<&str> = g
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, ["error", "events", "id"], "{g}");
        assert_eq!(g["id"], c["id"], "input order");
    }
    for bad in [&got[0], &got[2]] {
        let msg = bad["error"]
            .as_str()
            .unwrap_or_else(|| panic!("`error` set for a case that cannot evaluate: {bad}"));
        assert!(!msg.is_empty(), "{bad}");
        assert_eq!(bad["events"], json!([]), "{bad}");
    }
    assert!(
        got[0]["error"].as_str().unwrap().contains("fast"),
        "suggests the nearest name: {}",
        got[0]["error"]
    );
    for (good, id) in [
        (&got[1], "dev-001-mini.seq"),
        (&got[3], "dev-050-mini.euclid"),
    ] {
        assert_eq!(good["error"], Json::Null, "{good}");
        let want = expected_line(id);
        let events = good["events"].as_array().unwrap();
        assert!(!events.is_empty(), "{good}");
        assert_eq!(
            multiset(events),
            multiset(want["events"].as_array().unwrap()),
            "{id}: Strudel's events"
        );
    }
}
