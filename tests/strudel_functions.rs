//! Strudel's functions that Tidal lacks or names differently (`lang::strudel::builtins`: tonal,
//! the pick family, `arrange`, arithmetic): each case of `tests/strudel/functions.json` is a
//! Strudel expression with its Phonon equivalent (Tidal's syntax; `strudel:name` reaches the
//! `strudel:` rows), compared event for event with Strudel 1.2.6's own events
//! (`tests/strudel/functions.expected.jsonl`, written by `scripts/strudel_function_oracle.sh`):
//! multisets, exact times, numbers within 1e-9, key order ignored (as tests/conformance.rs),
//! controls by their name in Phonon's table (Strudel's `clip` is the alias of `legato` there).
//! Each case's `strudel` expression is also run through the Strudel front-end and compared the
//! same way (a case may have no `phonon` field: what it tests is the front-end's own).
//! A case with a `differs` field differs on purpose (the reason is printed; it must still run).

#[path = "common/events.rs"]
mod events;

use bumpalo::Bump;
use phonon::cli::query::query_strudel_events;
use phonon::lang::strudel::builtins::compile_expr_with_strudel_names;
use phonon::pattern::time::{Span, Time};
use phonon::pattern::Ctx;
use serde_json::{json, Value};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn time_str(t: Time) -> String {
    format!("{}/{}", t.numer(), t.denom())
}

fn parse_time(v: &Value) -> Time {
    phonon::cli::query::parse_time(v).expect("a cycle bound")
}

fn events(expr: &str, from: Time, to: Time) -> Result<Vec<Value>, String> {
    let pat = compile_expr_with_strudel_names(expr).map_err(|e| e.to_string())?;
    let arena = Bump::new();
    let overflow = Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let haps = pat.query(&ctx, Span::new(from, to));
    let out = haps
        .iter()
        .map(|h| {
            json!({
                "whole": h.whole.map(|w| json!([time_str(w.begin), time_str(w.end)])),
                "part": [time_str(h.part.begin), time_str(h.part.end)],
                "value": h.value.to_json(),
            })
        })
        .collect();
    Ok(out)
}

fn canon_event(e: &Value) -> String {
    fn canon(v: &Value) -> String {
        match v {
            Value::Number(n) => format!("{}", (n.as_f64().unwrap_or(f64::NAN) / 1e-9).round()),
            Value::Object(m) => {
                let sorted: BTreeMap<_, _> = m
                    .iter()
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

fn multiset(events: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = events.iter().map(canon_event).collect();
    v.sort();
    v
}

#[test]
fn strudel_functions_match_strudel() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/strudel");
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("functions.json")).unwrap())
            .unwrap();
    let mut expected = BTreeMap::new();
    for line in std::fs::read_to_string(dir.join("functions.expected.jsonl"))
        .unwrap()
        .lines()
    {
        let v: Value = serde_json::from_str(line).unwrap();
        expected.insert(v["id"].as_str().unwrap().to_string(), v);
    }
    let mut failed = vec![];
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let want = &expected[id];
        assert!(
            want["error"].is_null(),
            "{id}: Strudel fails: {}",
            want["error"]
        );
        let c = case["cycles"].as_array().unwrap();
        let (from, to) = (parse_time(&c[0]), parse_time(&c[1]));
        // The Phonon expression (where the case has one), and the Strudel expression itself
        // through the Strudel front-end.
        let js = case["strudel"].as_str().unwrap();
        let mut runs = vec![(js, query_strudel_events(js, from, to))];
        if let Some(phonon) = case["phonon"].as_str() {
            runs.push((phonon, events(phonon, from, to)));
        }
        for (code, got) in runs {
            if let Some(why) = case["differs"].as_str() {
                assert!(got.is_ok(), "{id}: {}", got.unwrap_err());
                println!("  differs on purpose {id}: {why}");
                continue;
            }
            match got {
                Err(e) => failed.push(format!("{id}: {code}: {e}")),
                Ok(got) => {
                    let want_events: Vec<Value> = want["events"].as_array().unwrap().clone();
                    if multiset(&got) != multiset(&want_events) {
                        failed.push(format!(
                            "{id}: {code}\n    strudel: {}\n    phonon:  {}",
                            multiset(&want_events).join(" "),
                            multiset(&got).join(" ")
                        ));
                    }
                }
            }
        }
    }
    println!(
        "{}/{} cases match Strudel",
        cases.len() - failed.len(),
        cases.len()
    );
    for f in &failed {
        println!("  FAIL {f}");
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases differ",
        failed.len(),
        cases.len()
    );
}
