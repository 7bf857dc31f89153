//! The fast engine's guarantees (timings live in `benches/` and `phonon bench`, not here):
//! `phonon bench` renders what `phonon render` renders, helper threads never change a sample,
//! the voice pool steals with a fade and counts it, and the threaded block call never allocates.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::cli::bench::bench;
use phonon::cli::render::{render_with_index, RenderSpec};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::{BankIndex, Library};
use std::sync::atomic::Ordering;
use std::sync::Arc;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

/// Samples, synths with filters, sends and several outputs (so the voice nodes run in parallel);
/// `o6`'s saws render in SIMD lanes.
const BUSY: &str = "cps: 1
o1 $ jux rev $ stut 4 0.7 (1/16) $ s \"bd*4 sn\" # speed \"1 1.5 0.75\" # pan \"0.3 0.7\"
o2 $ s \"hh*16\" # gain 0.5 # lpf 3000 # room 0.3
o3 $ stut 3 0.5 (1/8) $ n \"c4'maj7 e4'min7\" # s \"supersaw\" # lpf 1200 # delay 0.4 # gain 0.2
o4 $ n \"0 7 12 5\" # s \"<superpiano superfm>\" # gain 0.3
o5 $ jux rev $ s \"arpy*8 casio*4\" # speed \"1 2 -1\" # cutoff 2000
o6 $ s \"saw*8\" # note \"0 7 -5\" # legato 3 # lpf \"900 2500\" # resonance 0.3 # gain 0.5";

#[test]
fn bench_audio_equals_render_for_any_thread_count() {
    // 48 kHz: every onset of BUSY lands on a whole sample. (At 44.1 kHz an onset a fraction of a
    // sample before a block's end is rounded up past it and dropped by `Graph::trigger` for small
    // blocks only: a clock/trigger matter this file does not test.)
    let lib = Library::with_kit(48000.0);
    let index = BankIndex::empty();
    let spec = RenderSpec {
        sample_rate: 48000,
        cycles: 3.0,
        beats_per_cycle: 4.0,
    };
    let reference = render_with_index(BUSY, &lib, &index, &spec, || 512, |_, _| {}).unwrap();
    assert!(reference.left.iter().any(|x| *x != 0.0));
    for threads in [1, 2, 3] {
        let (report, l, r) = bench(BUSY, &lib, &index, 48000, 512, 3.0, threads).unwrap();
        assert_eq!(report.threads, threads);
        assert!(
            report.max_voices as usize >= phonon::engine::PARALLEL_MIN_VOICES,
            "too few voices to go parallel"
        );
        assert!(
            l == reference.left && r == reference.right,
            "{threads} threads"
        );
    }
    // Small blocks, against the 512-sample single-thread render.
    for threads in [1, 2] {
        let (_, l, r) = bench(BUSY, &lib, &index, 48000, 64, 3.0, threads).unwrap();
        let first = l.iter().zip(&reference.left).position(|(a, b)| a != b);
        assert!(
            l == reference.left && r == reference.right,
            "64-sample blocks, {threads} threads: first difference at {first:?}"
        );
    }
}

#[test]
fn the_pool_steals_the_oldest_voices_with_a_fade() {
    let lib = Library::with_kit(48000.0);
    let mut engine = Engine::new(44100.0, Arc::new(Handoff::new()));
    engine.max_voices = 8;
    let src = "cps: 1\no1 $ s \"arpy*16\" # legato 4\no2 $ n \"c4'dom7*4\" # s \"supersaw\" # legato 4 # gain 0.3";
    engine.set_program(LoadedProgram::compile(src, &lib, 4.0).unwrap());
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let (mut l, mut r) = (vec![0.0f32; 256], vec![0.0f32; 256]);
    let mut peak_step = 0.0f32;
    let mut last = 0.0f32;
    for _ in 0..400 {
        l.fill(0.0);
        r.fill(0.0);
        engine.process(input, &mut l, &mut r);
        assert!(engine.stats.active_voices.load(Ordering::Relaxed) <= 8);
        for x in &l {
            assert!(x.is_finite());
            peak_step = peak_step.max((x - last).abs());
            last = *x;
        }
    }
    let steals = engine.stats.voice_steals.load(Ordering::Relaxed);
    assert!(steals > 20, "only {steals} steals");
    // Faded, not cut: no sample-to-sample jump near full scale.
    assert!(peak_step < 0.9, "a step of {peak_step}");
}

#[test]
fn the_threaded_block_call_never_allocates() {
    let lib = Library::with_kit(48000.0);
    let mut engine = Engine::new(44100.0, Arc::new(Handoff::new()));
    engine.set_threads(2);
    engine.max_voices = 40;
    engine.set_program(LoadedProgram::compile(BUSY, &lib, 4.0).unwrap());
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    for block in 0..600 {
        if block == 300 {
            engine.max_voices = 1024;
        }
        l.fill(0.0);
        r.fill(0.0);
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
    }
    assert!(engine.stats.voice_steals.load(Ordering::Relaxed) > 0);
}
