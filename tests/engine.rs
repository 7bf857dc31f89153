//! The engine rendered and measured: exact onsets, block-size invariance, zero allocation.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::cli::render::{render, RenderSpec};
use phonon::engine::{BlockInput, Engine, Handoff, HostPosition, HostTime, LoadedProgram};
use phonon::samples::Library;
use rand::{Rng, SeedableRng};
use std::sync::Arc;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

fn library(sr: f32) -> Library {
    Library::with_kit(sr)
}

/// Onsets: the first non-zero sample after at least `gap` exact zeros.
fn onsets(x: &[f32], gap: usize) -> Vec<usize> {
    let mut out = vec![];
    let mut zeros = gap;
    for (i, v) in x.iter().enumerate() {
        if *v == 0.0 {
            zeros += 1;
        } else {
            if zeros >= gap {
                out.push(i);
            }
            zeros = 0;
        }
    }
    out
}

#[test]
fn kicks_land_on_exact_samples_with_silence_before() {
    let lib = library(48000.0);
    let spec = RenderSpec {
        sample_rate: 48000,
        cycles: 2.0,
        beats_per_cycle: 4.0,
    };
    let r = render(
        "cps: 0.5\nout $ s \"bd ~ ~ ~\"",
        &lib,
        &spec,
        || 512,
        |_, _| {},
    )
    .unwrap();
    assert_eq!(r.left.len(), 192000);
    assert_eq!(onsets(&r.left, 1000), vec![0, 96000]);
    assert!(
        r.left[..96000].iter().skip(30000).all(|x| *x == 0.0),
        "the kick decays to exact zeros"
    );
    assert!(r.left[96000] != 0.0 && r.right[96000] != 0.0);
    let peak = r.left.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    // SuperDirt's output stage: the kit's kick at `amp` 0.4 (0.25 peak).
    assert!(peak > 0.2 && peak <= 1.0, "peak {peak}");
}

#[test]
fn block_size_does_not_change_a_sample() {
    let lib = library(44100.0);
    let src = "tempo: 0.7\nout $ s \"bd*2 [~ sn] <hh cp> [oh hh:2]\" # speed \"1 1.5 0.75\" # pan \"0 1 0.3\" # gain 0.8";
    let spec = RenderSpec {
        sample_rate: 44100,
        cycles: 3.0,
        beats_per_cycle: 4.0,
    };
    let reference = render(src, &lib, &spec, || 512, |_, _| {}).unwrap();
    assert!(reference.left.iter().any(|x| *x != 0.0));
    for bs in [1usize, 64] {
        let r = render(src, &lib, &spec, || bs, |_, _| {}).unwrap();
        assert!(
            r.left == reference.left && r.right == reference.right,
            "block size {bs}"
        );
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let r = render(src, &lib, &spec, || rng.gen_range(1..2000), |_, _| {}).unwrap();
    assert!(
        r.left == reference.left && r.right == reference.right,
        "random block sizes"
    );
}

#[test]
fn host_clock_mid_bar_start_lands_on_the_beat_math() {
    // 90 BPM, starting at beat 2.5: the next bar (cycle 1) is 1.5 beats = 1 s = 48000 samples away.
    let lib = library(48000.0);
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(48000.0, handoff);
    engine.set_program(LoadedProgram::compile("out $ s \"bd ~ ~ ~\"", &lib, 4.0).unwrap());
    let total = 48000 * 4;
    let (mut l, mut r) = (vec![0.0f32; total], vec![0.0f32; total]);
    let bs = 480;
    for b in 0..total / bs {
        let pos_beats = 2.5 + (b * bs) as f64 / 48000.0 * 90.0 / 60.0;
        let input = BlockInput {
            time: HostTime::playing(90.0, pos_beats),
            beats_per_cycle: 4.0,
        };
        engine.process(
            input,
            &mut l[b * bs..(b + 1) * bs],
            &mut r[b * bs..(b + 1) * bs],
        );
    }
    // One cycle = 4 beats at 90 BPM = 128000 samples.
    assert_eq!(onsets(&l, 1000), vec![48000, 176000]);
    assert!(l[..48000].iter().all(|x| *x == 0.0));
}

/// A host whose beat position wanders off its sample timeline by more than its rounding explains
/// (the clock corrects: moves forward over some events, back over others) still plays each event
/// exactly once: every note of a 64-per-cycle pattern leaves once, the gaps between notes never
/// close to a double nor open to a skipped note.
#[test]
fn clock_corrections_play_every_event_once() {
    let lib = library(48000.0);
    let mut engine = Engine::new(48000.0, Arc::new(Handoff::new()));
    // 120 BPM: a cycle is 96000 samples, a note every 1500.
    engine.set_program(
        LoadedProgram::compile("out $ note \"0*64\" # s \"midi\" # legato 0.1", &lib, 4.0).unwrap(),
    );
    let spb = 24000.0;
    let (mut l, mut r) = (vec![0.0f32; 700], vec![0.0f32; 700]);
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let (mut ons, mut done, mut offset) = (vec![], 0u64, 0.0f64);
    for b in 0..2000 {
        // Every 7 blocks the host's beats move by 60..140 samples (past the 50-sample tolerance,
        // inside a correction), forward or back; its sample position runs on untouched.
        if b % 7 == 3 {
            let d = rng.gen_range(60.0..140.0);
            offset = if offset > 0.0 { offset - d } else { offset + d };
        }
        let pos_beats = (done as f64 + offset) / spb;
        let host = HostPosition {
            pos_samples: Some(done as f64),
            ..HostPosition::beats(120.0, pos_beats)
        };
        let input = BlockInput {
            time: HostTime::Playing(host),
            beats_per_cycle: 4.0,
        };
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        done += 700;
        engine.midi.drain_until(done, |e| {
            if e.on {
                ons.push(e.time)
            }
        });
    }
    let gaps: Vec<u64> = ons.windows(2).map(|w| w[1] - w[0]).collect();
    let (min, max) = (gaps.iter().min().unwrap(), gaps.iter().max().unwrap());
    assert!(
        *min >= 1500 - 2 * 140 && *max <= 1500 + 2 * 140,
        "note gaps from {min} to {max}: a note doubled or lost"
    );
    // All notes of the timeline played: the last one is within a note of the end.
    let expected = (done as f64 + offset) / 1500.0;
    assert!(
        (ons.len() as f64 - expected).abs() <= 1.0,
        "{} notes for {expected:.1} on the timeline",
        ons.len()
    );
}

#[test]
fn the_engine_block_call_never_allocates() {
    let lib = library(44100.0);
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(44100.0, handoff.clone());
    let src = "tempo: 1\nout $ stack [s \"bd*4 [~ sn]\" # speed \"1 2\", jux rev $ s \"hh*8?\" # gain rand, every 2 (fast 2) $ s \"<cp oh> [rs lt]\"]";
    engine.set_program(LoadedProgram::compile(src, &lib, 4.0).unwrap());
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut heard = false;
    for block in 0..2000 {
        if block == 1000 {
            // A program swap through the real-time hand-off, mid-render.
            handoff
                .submit(LoadedProgram::compile("tempo: 1\nout $ s \"sn*8\"", &lib, 4.0).unwrap());
        }
        l.fill(0.0);
        r.fill(0.0);
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        heard |= l.iter().any(|x| *x != 0.0);
    }
    assert!(heard);
    assert_eq!(
        engine.program().unwrap().source,
        "tempo: 1\nout $ s \"sn*8\""
    );
    handoff.collect_garbage();
}

/// An onset between two samples starts on the sample whose period holds it, whatever the
/// block size: with block size 1 every block ends a fraction of a sample after such an onset.
#[test]
fn an_onset_between_samples_is_never_lost_at_a_block_end() {
    let lib = library(44100.0);
    // 0.7 cps at 44.1 kHz: 63000 samples a cycle; the second hh is at 15/16 cycle = 59062.5.
    let src = "tempo: 0.7\nout $ s \"hh ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ hh\"";
    let spec = RenderSpec {
        sample_rate: 44100,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let sizes: [&mut dyn FnMut() -> usize; 4] = [&mut || 1, &mut || 64, &mut || 512, &mut || {
        rng.gen_range(1..700)
    }];
    let mut renders = vec![];
    for next in sizes {
        let r = render(src, &lib, &spec, next, |_, _| {}).unwrap();
        assert_eq!(onsets(&r.left, 1000), vec![0, 59062]);
        renders.push(r.left);
    }
    assert!(
        renders.windows(2).all(|w| w[0] == w[1]),
        "block sizes render different samples"
    );
}
