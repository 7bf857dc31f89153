//! Robustness: swapping programs does not click. A program playing a steady sine (a signal output,
//! or a sustained synth voice) is replaced while it sounds; the largest sample-to-sample step
//! around the swap must stay within what the sines themselves step (an abrupt cut of a 0.5
//! sine jumps by up to 0.5).

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use std::sync::{Arc, OnceLock};

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: f64 = 48_000.0;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(SR as f32))
}

fn compile(src: &str) -> Box<LoadedProgram> {
    LoadedProgram::compile(src, lib(), 4.0).unwrap_or_else(|e| panic!("{src}: {e}"))
}

/// Plays `a` for `before` samples, swaps to `b` through the hand-off (as the editor does) and
/// plays `after` more, in blocks of `block`. Returns the left channel and the swap's sample.
fn swap(a: &str, b: &str, before: usize, after: usize, block: usize) -> (Vec<f32>, usize) {
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(SR, handoff.clone());
    engine.set_program(compile(a));
    let mut out = Vec::new();
    let (mut l, mut r) = (vec![0.0f32; block], vec![0.0f32; block]);
    let mut at = None;
    while out.len() < before + after {
        if at.is_none() && out.len() >= before {
            handoff.submit(compile(b));
            at = Some(out.len());
        }
        l.fill(0.0);
        r.fill(0.0);
        let input = BlockInput {
            time: HostTime::None,
            beats_per_cycle: 4.0,
        };
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        out.extend_from_slice(&l);
    }
    (out, at.unwrap())
}

/// The largest |x[i+1] - x[i]| in `x[from..to]`.
fn max_step(x: &[f32], from: usize, to: usize) -> f32 {
    x[from..to]
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max)
}

#[test]
fn swapping_signal_programs_does_not_click() {
    // 0.5 * sin(2 pi f t) steps at most 0.5 * 2 pi f / sr per sample (0.022 at 330 Hz); while
    // the old sine fades out (10 ms, its own step plus 0.5 / 480) both sound. An abrupt cut
    // would step by up to 0.5.
    let bound = (0.5 * std::f32::consts::TAU * (220.0 + 330.0) / SR as f32 + 0.5 / 480.0) * 1.1;
    for (a, b) in [
        ("out $ sine 220 * 0.5", "out $ sine 330 * 0.5"),
        ("out $ sine 220 * 0.5", ""),
        ("out $ sine 220 * 0.5", "out $ sine 220 * 0.5"),
        ("out $ sine 220 * 0.5", "out $ s \"~\""),
        ("o3 $ sine 220 * 0.5", "o3 $ sine 330 * 0.5 # lpf 2000 0.7"),
        (
            "out $ sine 220 * 0.5 # delay 0.1 0.5 0.5",
            "out $ sine 330 * 0.5",
        ),
    ] {
        // Swaps at several phases of the sine and block sizes.
        for (before, block) in [(4_800, 512), (4_911, 64), (5_003, 1), (5_120, 256)] {
            let block = if block == 1 { 7 } else { block };
            let (x, at) = swap(a, b, before, 9_600, block);
            let step = max_step(
                &x,
                at.saturating_sub(block),
                (at + 2 * block + 1_000).min(x.len()),
            );
            assert!(
                step <= bound,
                "{a:?} -> {b:?} swapped at {at} (block {block}): step {step} > {bound}"
            );
            // The old sine is gone after the fade, the new one plays.
            let end = &x[x.len() - 2_000..];
            let peak = end.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let expect_sound = b.contains("sine");
            assert!(
                expect_sound == (peak > 0.1),
                "{a:?} -> {b:?}: peak {peak} at the end"
            );
        }
    }
}

#[test]
fn swapping_under_a_sustained_voice_does_not_click() {
    // A long synth note keeps ringing on the main output after its program is replaced.
    // (`amp 0.5` at `gain 1`: the sine at 0.5 through SuperDirt's output stage.)
    let a = "tempo: 0.25\nout $ note \"0\" # s \"sine\" # sustain 8 # amp 0.5";
    let (x, at) = swap(a, "out $ s \"~\"", 24_000, 24_000, 512);
    let bound = 0.5 * std::f32::consts::TAU * 262.0 / SR as f32 * 1.5;
    let step = max_step(&x, at - 512, at + 4_000);
    assert!(
        step <= bound,
        "sustained voice: step {step} > {bound} at the swap"
    );
    let after = &x[at + 2_000..at + 4_000];
    assert!(
        after.iter().any(|v| v.abs() > 0.05),
        "the voice keeps ringing after the swap"
    );
}
