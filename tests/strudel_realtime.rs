//! The Strudel functions (`tests/strudel/functions.json`) on the audio thread: each case queried
//! block by block over 8 cycles (512-sample blocks at 44.1 kHz, 0.5 cycles per second) without
//! a heap allocation, the onsets equal to one query over the whole arc (as
//! tests/pattern_realtime.rs does for the conformance corpus). The cases listed in
//! `ALLOCATING` allocate while they query, and say why.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use bumpalo::Bump;
use phonon::lang::strudel::builtins::compile_expr_with_strudel_names;
use phonon::pattern::time::{t, Span, Time};
use phonon::pattern::{Ctx, Hap, Pattern, Value};
use serde_json::Value as Json;
use std::cell::Cell;
use std::path::PathBuf;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const ARENA_BYTES: usize = 4 << 20;

/// Cases whose query allocates (none: a scale argument's names are parsed before the first
/// query, for its first 64 cycles).
const ALLOCATING: &[&str] = &[];

/// Cases whose events depend on the query's span in Strudel too (a continuous pattern chooses
/// at the start of each query: `chooseInWith`, `chooseIn`): checked for allocation only.
const QUERY_DEPENDENT: &[&str] = &["chooseinwith_saw", "choosein_segment"];

fn value_key(v: &Value) -> u64 {
    fn mix(h: u64, x: u64) -> u64 {
        (h ^ x).wrapping_mul(0x100000001b3).rotate_left(17)
    }
    match v {
        Value::Num(x) => mix(1, x.to_bits()),
        Value::Str(s) => mix(2, s.0 as u64),
        Value::List(xs) => xs.iter().fold(3, |h, x| mix(h, value_key(x))),
        Value::Map(m) => m
            .iter()
            .fold(4, |h, (k, x)| mix(mix(h, k.0 as u64), value_key(x))),
    }
}

type Onset = (Time, Time, u64);

fn onset(h: &Hap, from: Time, to: Time) -> Option<Onset> {
    let w = h.whole?;
    (h.has_onset() && w.begin >= from && w.begin < to)
        .then(|| (w.begin, w.end, value_key(&h.value)))
}

fn whole_arc(pat: &Pattern, end: Time) -> Vec<Onset> {
    let arena = Bump::new();
    let overflow = Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let mut want: Vec<Onset> = pat
        .query(&ctx, Span::new(t(0), end))
        .iter()
        .filter_map(|h| onset(h, t(0), end))
        .collect();
    want.sort();
    want
}

#[test]
fn strudel_functions_query_without_allocating() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/strudel/functions.json");
    let cases: Vec<Json> = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let block = Time::new(256, 44100);
    let end = t(8);
    let mut arena = Bump::with_capacity(ARENA_BYTES);
    arena.set_allocation_limit(Some(arena.allocated_bytes()));
    let overflow = Cell::new(0u64);
    let mut checked = 0;
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        if ALLOCATING.contains(&id) {
            continue;
        }
        println!("{id}");
        let expr = case["phonon"]
            .as_str()
            .unwrap_or_else(|| case["strudel"].as_str().unwrap());
        // The Phonon expression, else (a case of the Strudel front-end's own) the Strudel one.
        let pat = match case["phonon"].as_str() {
            Some(expr) => compile_expr_with_strudel_names(expr),
            None => phonon::lang::compile_strudel_expr(case["strudel"].as_str().unwrap()),
        }
        .unwrap_or_else(|e| panic!("{id}: {e}"));
        let want = whole_arc(&pat, end);
        let mut got: Vec<Onset> = Vec::with_capacity(want.len() + 4096);
        let mut begin = t(0);
        while begin < end {
            let stop = (begin + block).min(end);
            arena.reset();
            assert_no_alloc(|| {
                for h in pat
                    .query(&Ctx::new(&arena, &overflow), Span::new(begin, stop))
                    .iter()
                {
                    if let Some(o) = onset(h, begin, stop) {
                        if got.len() < got.capacity() {
                            got.push(o);
                        }
                    }
                }
            });
            begin = stop;
        }
        assert_eq!(overflow.get(), 0, "{id}: the block arena overflowed");
        got.sort();
        if !QUERY_DEPENDENT.contains(&id) {
            assert_eq!(got, want, "{id} ({expr}): block-by-block onsets differ");
        }
        checked += 1;
    }
    assert!(checked >= 140, "only {checked} cases checked");
}
