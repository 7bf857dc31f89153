//! The audio thread's pattern workload: block-sized queries (512 samples at 44.1 kHz,
//! 0.5 cycles per second: 256/44100 cycles each) over every corpus pattern for 2 cycles.
//! Reports the time per query (target: at most 2 µs on average in a release build).
//!
//! `cargo bench --bench query`

use bumpalo::Bump;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use phonon::lang::compile_expr;
use phonon::pattern::time::{t, Span, Time};
use phonon::pattern::{Ctx, Pattern};
use std::cell::Cell;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

fn corpus_patterns() -> Vec<Pattern> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/corpus.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(p).expect("corpus.json")).unwrap();
    // Every case must compile: a pattern silently left out would make the figure flattering.
    let pats: Vec<Pattern> = cases
        .iter()
        .map(|c| {
            let id = c["id"].as_str().unwrap_or("?");
            let expr = c["phonon"]
                .as_str()
                .unwrap_or_else(|| panic!("corpus case {id} has no `phonon` expression"));
            compile_expr(expr)
                .unwrap_or_else(|e| panic!("corpus case {id} ({expr}) does not compile: {e}"))
        })
        .collect();
    assert!(pats.len() >= 253, "only {} corpus patterns", pats.len());
    pats
}

/// The block spans covering two cycles.
fn blocks() -> Vec<Span> {
    let step = Time::new(256, 44100);
    let mut out = vec![];
    let mut b = t(0);
    while b < t(2) {
        let e = (b + step).min(t(2));
        out.push(Span::new(b, e));
        b = e;
    }
    out
}

/// Queries every pattern over every block once; returns the number of events seen.
fn run_all(pats: &[Pattern], spans: &[Span], arena: &mut Bump, overflow: &Cell<u64>) -> usize {
    let mut n = 0;
    for p in pats {
        for s in spans {
            arena.reset();
            let ctx = Ctx::new(arena, overflow);
            n += black_box(p.query(&ctx, *s)).len();
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let pats = corpus_patterns();
    let spans = blocks();
    let queries = (pats.len() * spans.len()) as u64;
    let mut arena = Bump::with_capacity(4 << 20);
    arena.set_allocation_limit(Some(arena.allocated_bytes()));
    let overflow = Cell::new(0);

    // A plain measurement first, printed as the headline figure. `PHONON_BENCH_ROUNDS=1` runs
    // one round and skips criterion (for instruction counting under valgrind).
    run_all(&pats, &spans, &mut arena, &overflow);
    let rounds: u32 = std::env::var("PHONON_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let start = Instant::now();
    for _ in 0..rounds {
        run_all(&pats, &spans, &mut arena, &overflow);
    }
    let per_query = start.elapsed().as_secs_f64() / (rounds as f64 * queries as f64);
    println!(
        "pattern query: {} patterns x {} blocks = {} queries; {:.3} µs per query on average",
        pats.len(),
        spans.len(),
        queries,
        per_query * 1e6
    );
    if std::env::var("PHONON_BENCH_ROUNDS").is_ok() {
        return;
    }

    let mut g = c.benchmark_group("query");
    g.throughput(Throughput::Elements(queries));
    g.sample_size(20);
    g.bench_function("corpus_blocks_2_cycles", |b| {
        b.iter(|| run_all(&pats, &spans, &mut arena, &overflow))
    });
    g.finish();
    assert_eq!(overflow.get(), 0, "the query arena overflowed");
}

criterion_group!(benches, bench);
criterion_main!(benches);
