//! The pattern core on the audio thread: every corpus pattern queried block by block over 8
//! cycles (44.1 kHz, 512-sample blocks, 0.5 cycles per second, so each block spans exactly
//! 256/44100 cycles) without a single heap allocation, and the onsets found block by block
//! equal those of one query over the whole arc.
//!
//! The same check the way the engine queries (`engine::lookahead`): `Ctx::realtime`, with its
//! smaller work budget, over lookahead windows of `WINDOW` (1024) samples, in an arena of
//! `WINDOW_ARENA_BYTES`: no corpus pattern may count an overflow there either.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use bumpalo::Bump;
use phonon::engine::lookahead::{WINDOW, WINDOW_ARENA_BYTES};
use phonon::lang::compile_expr;
use phonon::pattern::time::{t, Span, Time};
use phonon::pattern::{Ctx, Hap, Pattern, Value};
use serde_json::Value as Json;
use std::cell::Cell;
use std::path::PathBuf;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

/// Scratch space for one block's query, allocated once, never grown.
const ARENA_BYTES: usize = 4 << 20;

fn corpus() -> Vec<Json> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/corpus.json");
    serde_json::from_str(&std::fs::read_to_string(p).expect("corpus.json beside the repository"))
        .unwrap()
}

/// A value reduced to a number without allocating (names by id, numbers by bits).
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

/// (onset, end of whole, value) of every event that starts in `[from, to)`.
type Onset = (Time, Time, u64);

fn onset(h: &Hap, from: Time, to: Time) -> Option<Onset> {
    let w = h.whole?;
    (h.has_onset() && w.begin >= from && w.begin < to)
        .then(|| (w.begin, w.end, value_key(&h.value)))
}

/// The onsets of one query over `[0, end)` (allocation allowed here: a separate, growable
/// arena), sorted, and the overflow it counted.
fn whole_arc(pat: &Pattern, end: Time) -> (Vec<Onset>, u64) {
    let whole_arena = Bump::new();
    let whole_overflow = Cell::new(0);
    let ctx = Ctx::new(&whole_arena, &whole_overflow);
    let mut want: Vec<Onset> = pat
        .query(&ctx, Span::new(t(0), end))
        .iter()
        .filter_map(|h| onset(h, t(0), end))
        .collect();
    want.sort();
    (want, whole_overflow.get())
}

/// Adds the onsets of `pat` in `[begin, stop)` to `got`, within its capacity (no allocation).
fn push_onsets(pat: &Pattern, ctx: &Ctx, begin: Time, stop: Time, got: &mut Vec<Onset>) {
    for h in pat.query(ctx, Span::new(begin, stop)).iter() {
        if let Some(o) = onset(h, begin, stop) {
            if got.len() < got.capacity() {
                got.push(o);
            }
        }
    }
}

#[test]
fn block_queries_allocate_nothing_and_match_the_whole_arc() {
    let block = Time::new(256, 44100);
    let end = t(8);
    let mut arena = Bump::with_capacity(ARENA_BYTES);
    arena.set_allocation_limit(Some(arena.allocated_bytes()));
    let overflow = Cell::new(0u64);
    let mut checked = 0;
    for case in corpus() {
        let id = case["id"].as_str().unwrap_or("").to_string();
        let expr = case["phonon"].as_str().unwrap_or("");
        let pat = compile_expr(expr).unwrap_or_else(|e| panic!("{id}: {e}"));

        let (want, _) = whole_arc(&pat, end);

        // Block by block, under assert_no_alloc.
        let mut got: Vec<Onset> = Vec::with_capacity(want.len() + 4096);
        let mut begin = t(0);
        let mut blocks = 0;
        while begin < end {
            let stop = (begin + block).min(end);
            arena.reset();
            assert_no_alloc(|| {
                push_onsets(&pat, &Ctx::new(&arena, &overflow), begin, stop, &mut got);
            });
            begin = stop;
            blocks += 1;
        }
        assert_eq!(blocks, 1379, "{id}: 8 cycles of 256/44100");
        assert_eq!(overflow.get(), 0, "{id}: the block arena overflowed");
        got.sort();
        assert_eq!(
            got, want,
            "{id} ({expr}): block-by-block onsets differ from the whole-arc query"
        );
        checked += 1;
    }
    assert!(checked >= 253, "only {checked} corpus patterns checked");
}

/// Loop iterations left in `ctx`'s work budget (spends them all; counts the one overflow the
/// last, refused `spend` adds, which the caller discounts).
fn drain_work(ctx: &Ctx) -> u32 {
    let mut n = 0;
    while ctx.spend() {
        n += 1;
    }
    n
}

#[test]
fn engine_windows_with_the_realtime_budget_never_overflow_and_match_the_whole_arc() {
    // 1024 samples at 44.1 kHz and 0.5 cycles per second: 512/44100 cycles a window.
    assert_eq!(WINDOW, 1024);
    let window = Time::new(WINDOW / 2, 44100);
    let end = t(8);
    let mut arena = Bump::with_capacity(WINDOW_ARENA_BYTES);
    arena.set_allocation_limit(Some(arena.allocated_bytes()));
    let budget = phonon::pattern::ctx::REALTIME_QUERY_WORK;
    let mut overflowed: Vec<String> = vec![];
    let mut peaks: Vec<(u32, String)> = vec![];
    let mut checked = 0;
    for case in corpus() {
        let id = case["id"].as_str().unwrap_or("").to_string();
        let expr = case["phonon"].as_str().unwrap_or("");
        let pat = compile_expr(expr).unwrap_or_else(|e| panic!("{id}: {e}"));

        let (want, whole_overflow) = whole_arc(&pat, end);
        assert_eq!(
            whole_overflow, 0,
            "{id}: the whole-arc reference query overflowed"
        );

        let overflow = Cell::new(0u64);
        let mut peak = 0u32; // most work one window spent
        let mut got: Vec<Onset> = Vec::with_capacity(want.len() + 4096);
        let mut begin = t(0);
        let mut windows = 0;
        while begin < end {
            let stop = (begin + window).min(end);
            arena.reset();
            assert_no_alloc(|| {
                let ctx = Ctx::realtime(&arena, &overflow);
                push_onsets(&pat, &ctx, begin, stop, &mut got);
                let before = overflow.get();
                peak = peak.max(budget - drain_work(&ctx));
                overflow.set(before); // the drain's own refused `spend`
            });
            begin = stop;
            windows += 1;
        }
        assert_eq!(windows, 690, "{id}: 8 cycles of 512/44100");
        peaks.push((peak, id.clone()));
        if overflow.get() != 0 {
            overflowed.push(format!(
                "{id} ({expr}): {} overflows, peak work {peak} of {budget}",
                overflow.get()
            ));
            continue;
        }
        got.sort();
        assert_eq!(got, want, "{id} ({expr}): window-by-window onsets (Ctx::realtime) differ from the whole-arc query");
        checked += 1;
    }
    peaks.sort();
    eprintln!(
        "most work spent in one 1024-sample window (budget {budget}): {:?}",
        &peaks[peaks.len().saturating_sub(5)..]
    );
    assert!(
        overflowed.is_empty(),
        "corpus patterns overflow the realtime budget:\n{}",
        overflowed.join("\n")
    );
    assert!(checked >= 253, "only {checked} corpus patterns checked");
}
