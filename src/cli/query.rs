//! `phonon query`: events of an expression in the conformance format.

use crate::lang::{compile_expr, compile_strudel_expr};
use crate::pattern::time::{from_f64, Span, Time};
use crate::pattern::{Ctx, Hap};
use bumpalo::Bump;
use serde_json::{json, Value as Json};
use std::cell::Cell;

fn time_str(t: Time) -> String {
    format!("{}/{}", t.numer(), t.denom())
}

fn hap_json(h: &Hap) -> Json {
    json!({
        "whole": h.whole.map(|w| json!([time_str(w.begin), time_str(w.end)])),
        "part": [time_str(h.part.begin), time_str(h.part.end)],
        "onset": h.has_onset(),
        "value": h.value.to_json(),
    })
}

/// A cycle bound from the corpus: a number or an `"n/d"` string.
pub fn parse_time(v: &Json) -> Option<Time> {
    match v {
        Json::Number(n) => from_f64(n.as_f64()?),
        Json::String(s) => {
            let (n, d) = s.split_once('/').unwrap_or((s, "1"));
            Some(Time::new(n.trim().parse().ok()?, d.trim().parse().ok()?))
        }
        _ => None,
    }
}

/// The events of `expr` over `[from, to)`, as JSON, or an error message.
pub fn query_events(expr: &str, from: Time, to: Time) -> Result<Vec<Json>, String> {
    let pat = compile_expr(expr).map_err(|e| e.to_string())?;
    Ok(events_of(&pat, from, to))
}

/// The events of a Strudel expression over `[from, to)`.
pub fn query_strudel_events(expr: &str, from: Time, to: Time) -> Result<Vec<Json>, String> {
    let pat = compile_strudel_expr(expr).map_err(|e| e.to_string())?;
    Ok(events_of(&pat, from, to))
}

fn events_of(pat: &crate::pattern::Pattern, from: Time, to: Time) -> Vec<Json> {
    let arena = Bump::new();
    let overflow = Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let haps = pat.query(&ctx, Span::new(from, to));
    haps.iter().map(hap_json).collect()
}

/// One conformance line for a corpus case.
pub fn case_line(case: &Json) -> Json {
    let id = case.get("id").cloned().unwrap_or(Json::Null);
    // A case in Strudel's syntax (`strudel`) goes through the Strudel front-end; else Tidal's
    // (`tidal`) or Phonon's (`phonon`), which one front-end reads.
    let strudel = case.get("strudel").and_then(|v| v.as_str());
    let expr = ["tidal", "phonon"]
        .iter()
        .find_map(|k| case.get(*k).and_then(|v| v.as_str()))
        .unwrap_or("");
    let cycles = case.get("cycles").and_then(|v| v.as_array());
    let bounds = cycles.and_then(|c| Some((parse_time(c.first()?)?, parse_time(c.get(1)?)?)));
    let result = match bounds {
        None => Err("bad `cycles` field".to_string()),
        Some((a, b)) => std::panic::catch_unwind(|| match strudel {
            Some(js) => query_strudel_events(js, a, b),
            None => query_events(expr, a, b),
        })
        .unwrap_or_else(|_| Err("internal error (panic)".into())),
    };
    match result {
        Ok(events) => json!({"id": id, "events": events, "error": null}),
        Err(e) => json!({"id": id, "events": [], "error": e}),
    }
}
