//! The orbit limiter of Tidal programs (`src/engine/orbit_limiter.rs`, SuperDirt's
//! `dirt_monitor` `Limiter`): rendered, it holds a synth that leaves `dirt_gate` far over full
//! scale at 0 dBFS, leaves a program under 0 dBFS bit for bit as it was, renders the same in any
//! block size, allocates nothing, and leaves Strudel programs (superdough has no such stage)
//! alone.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::cli::render::{render, render_before_limiter, RenderSpec};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use std::sync::{Arc, OnceLock};

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: u32 = 48000;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(SR as f32))
}

fn spec(cycles: f64) -> RenderSpec {
    RenderSpec {
        sample_rate: SR,
        cycles,
        beats_per_cycle: 4.0,
    }
}

/// (left, right) through the limiter (`limit`) or before it, in blocks of `block`.
fn rendered(src: &str, cycles: f64, block: usize, limit: bool) -> (Vec<f32>, Vec<f32>) {
    let r = if limit {
        render(src, lib(), &spec(cycles), || block, |_, _| {})
    } else {
        render_before_limiter(src, lib(), &spec(cycles), || block)
    }
    .unwrap_or_else(|e| panic!("{src}: {e}"));
    (r.left, r.right)
}

fn peak_db(x: &(Vec<f32>, Vec<f32>)) -> f64 {
    let p = x.0.iter().chain(&x.1).fold(0.0f32, |m, v| m.max(v.abs()));
    20.0 * (p as f64).max(1e-12).log10()
}

/// superhex at n -12 (SuperDirt's membrane at its defaults), with a quiet synth after it.
const LOUD: &str = "cps: 0.5\nout $ n \"-12 ~ 0 ~\" # s \"<superhex supersaw>\" # legato 1";

const QUIET: &str = "cps: 0.5\nd1 $ n \"0 7 12 -12\" # s \"supersaw\" # legato 1\n\
     d2 $ s \"bd*2 sn\" # gain 0.9\nd3 $ n \"0 4\" # s \"superpiano\" # room 0.3";

#[test]
fn a_loud_synth_is_held_at_full_scale() {
    let before = rendered(LOUD, 2.0, 512, false);
    let after = rendered(LOUD, 2.0, 512, true);
    let (pb, pa) = (peak_db(&before), peak_db(&after));
    println!("superhex n -12: peak {pb:+.2} dBFS before the limiter, {pa:+.2} after");
    assert!(pb > 12.0, "superhex n -12 peaks {pb:+.2} dBFS at dirt_gate");
    assert!(pa <= 0.0, "limited: {pa:+.2} dBFS");
    // The limiter only lowers the gain: wherever it acts the signal keeps its sign and shrinks.
    for (a, b) in after.0.iter().zip(&before.0) {
        assert!(a.abs() <= b.abs() && a * b >= 0.0);
    }
    // After the loud note the gain recovers (50 ms release): the quiet note in the next cycle
    // is as it was (within the release's last trace).
    let at = 2 * 2 * SR as usize;
    let d = after.0[at..]
        .iter()
        .zip(&before.0[at..])
        .fold(0.0f32, |m, (a, b)| m.max((a - b).abs()));
    assert!(d < 1e-6, "the supersaw after it: {d}");
}

#[test]
fn a_program_under_full_scale_is_left_bit_for_bit() {
    let before = rendered(QUIET, 2.0, 512, false);
    let after = rendered(QUIET, 2.0, 512, true);
    assert!(peak_db(&before) < 0.0 && peak_db(&before) > -20.0);
    assert!(
        before == after,
        "the limiter changed a program under 0 dBFS"
    );
}

#[test]
fn any_block_size_renders_the_same() {
    let reference = rendered(LOUD, 2.0, 512, true);
    for block in [1, 64, 333] {
        assert!(
            rendered(LOUD, 2.0, block, true) == reference,
            "block size {block}"
        );
    }
}

#[test]
fn limiting_allocates_nothing() {
    let mut engine = Engine::new(SR as f64, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::compile(LOUD, lib(), 4.0).unwrap());
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut peak = 0.0f32;
    for _ in 0..200 {
        // (The engine adds into the buffers.)
        l.fill(0.0);
        r.fill(0.0);
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        peak = l.iter().chain(&r).fold(peak, |m, v| m.max(v.abs()));
    }
    assert!(peak <= 1.0 && peak > 0.5, "peak {peak}");
}

/// Strudel programs play through superdough's stage, which has no orbit limiter.
#[test]
fn strudel_programs_are_not_limited() {
    let src = "setcps(0.5)\nnote(\"c2 e2\").s(\"sawtooth\").gain(6)";
    let before = rendered(src, 1.0, 512, false);
    assert!(peak_db(&before) > 3.0, "{:+.2}", peak_db(&before));
    assert!(rendered(src, 1.0, 512, true) == before);
}
