//! Engine block time (`Engine::process`, patterns and all) for the stress programs:
//! `stress_extreme` (about 500 sample voices, samples from `benches/programs/make_samples.py`),
//! `stress_synth` (128 filtered supersaws with sends), `15_voice_storm`, a single voice, and
//! "query only" (`stress_extreme` at gain 0: the pattern queries and triggers, the voices skipped).
//! Each on one thread and, for the stress programs, two.
//!
//! `cargo bench --bench engine` (set `PHONON_BENCH_SAMPLES` to the sample folder; by default
//! `target/benchsamples`, written with `python3 benches/programs/make_samples.py` when missing).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::lang::CompileOptions;
use phonon::samples::{BankIndex, Library};
use std::path::PathBuf;
use std::sync::Arc;

const BLOCK: usize = 512;
const SR: u32 = 44100;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> PathBuf {
    let dir = std::env::var_os("PHONON_BENCH_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/benchsamples"));
    if !dir.join("t16").exists() {
        let script = root().join("benches/programs/make_samples.py");
        let ok = std::process::Command::new("python3")
            .arg(script)
            .arg(&dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "cannot write the bench samples into {}", dir.display());
    }
    dir
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An engine playing `src`, warmed up for `warm_blocks` so its voices are sounding.
fn engine(
    src: &str,
    index: &BankIndex,
    lib: &Library,
    threads: usize,
    warm_blocks: usize,
) -> Engine {
    let program = LoadedProgram::compile_with_samples(src, lib, index, &CompileOptions::new(4.0))
        .expect("program compiles");
    let mut e = Engine::new(SR as f64, Arc::new(Handoff::new()));
    e.set_threads(threads);
    e.set_program(program);
    let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
    for _ in 0..warm_blocks {
        e.process(input(), &mut l, &mut r);
    }
    e
}

fn input() -> BlockInput {
    BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    }
}

fn benches(c: &mut Criterion) {
    let lib = Library::with_kit(SR as f32);
    let index = BankIndex::discover(Some(&samples()));
    let extreme = read("benches/programs/stress_extreme.ph");
    // Every output wrapped in `(# gain 0) $`: the same events, silent voices (skipped).
    let quiet: String = extreme
        .lines()
        .map(|l| match l.split_once(" $ ") {
            Some((out, rest)) if l.starts_with('o') => format!("{out} $ (# gain 0) $ {rest}\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    let programs: Vec<(&str, String, &[usize])> = vec![
        ("stress_extreme", extreme.clone(), &[1, 2]),
        (
            "stress_synth",
            read("benches/programs/stress_synth.ph"),
            &[1, 2],
        ),
        ("15_voice_storm", read("examples/15_voice_storm.ph"), &[1]),
        (
            "single_voice",
            "tempo: 1\nout $ s \"arpy\" # legato 1 # speed 0.25".to_string(),
            &[1],
        ),
        ("query_only", quiet, &[1]),
    ];
    let mut g = c.benchmark_group("engine_block_512");
    g.throughput(Throughput::Elements(BLOCK as u64));
    g.sample_size(30);
    for (name, src, threads) in &programs {
        for &t in threads.iter() {
            let mut e = engine(src, &index, &lib, t, 200);
            let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
            g.bench_function(format!("{name}/{t}t"), |b| {
                b.iter(|| {
                    l.fill(0.0);
                    r.fill(0.0);
                    e.process(input(), &mut l, &mut r);
                })
            });
        }
    }
    g.finish();
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
