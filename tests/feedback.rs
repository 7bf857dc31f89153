//! Feedback through buses (docs/ARCHITECTURE.md): a bus read before or inside its own definition is
//! its signal one chunk (256 samples) late, whatever the host's block size.

use phonon::cli::render::{render, render_before_limiter, RenderSpec, Rendered};
use phonon::samples::Library;
use rand::{Rng, SeedableRng};

const SR: u32 = 48_000;

fn run(src: &str, next: impl FnMut() -> usize) -> Rendered {
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    render(src, &lib, &spec, next, |_, _| {}).unwrap()
}

#[test]
fn a_bus_reading_itself_echoes_one_chunk_late() {
    let dry = run("cps: 0.5\nout $ s \"bd\"", || 512);
    let wet = run("cps: 0.5\n~fb $ s \"bd\" + ~fb * 0.5\nout $ ~fb", || 512);
    assert!(dry.left[0] != 0.0);
    // y[n] = x[n] + 0.5 * y[n - 256], sample by sample.
    for n in 0..wet.left.len() {
        let back = if n >= 256 { wet.left[n - 256] } else { 0.0 };
        let want = dry.left[n] + 0.5 * back;
        assert!(
            (wet.left[n] - want).abs() <= 1e-6 * (1.0 + want.abs()),
            "sample {n}: {} != {want}",
            wet.left[n]
        );
    }
    // The echo is audible where the dry kick has decayed to silence.
    let tail = dry.left.iter().rposition(|x| *x != 0.0).unwrap() + 1;
    assert!(
        wet.left[tail..].iter().any(|x| x.abs() > 1e-6),
        "no echo after the kick ends"
    );
}

#[test]
fn feedback_renders_the_same_for_any_block_size() {
    let src = "cps: 0.5\n~a $ s \"bd*4 sn\" + ~b * 0.3\n~b $ ~a # lpf 2000 0.5\nout $ ~a";
    let reference = run(src, || 512);
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    for r in [
        run(src, || 1),
        run(src, || 64),
        run(src, || rng.gen_range(1..900)),
    ] {
        assert!(r.left == reference.left && r.right == reference.right);
    }
}

#[test]
fn a_runaway_loop_stays_finite_and_bounded() {
    // The loop carries at most 1e4; times 10, plus the sine, times 1e-4: at most about 10
    // (measured before the orbit limiter, which then holds the output at 0 dBFS).
    let src = "~a $ ~a * 10 + sine 440\nout $ ~a * 0.0001";
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    let lib = Library::with_kit(SR as f32);
    let r = render_before_limiter(src, &lib, &spec, || 512).unwrap();
    let limited = run(src, || 512);
    assert!(limited.left.iter().all(|x| x.abs() <= 1.0));
    let peak = r.left.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(
        r.left.iter().all(|x| x.is_finite()) && peak <= 10.001,
        "peak {peak}"
    );
    assert!(
        r.left[10_000..].iter().any(|x| x.abs() > 5.0),
        "the loop should have grown to its bound"
    );
}

#[test]
fn a_sound_pattern_read_before_its_definition_is_an_error() {
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    let e = render(
        "out $ ~drums\n~drums $ s \"bd*4\"",
        &lib,
        &spec,
        || 512,
        |_, _| {},
    )
    .err()
    .expect("accepted");
    assert_eq!((e.line, e.col), (1, 7));
    assert!(
        e.message.contains("before its definition") && e.message.contains("~drums"),
        "{}",
        e.message
    );
}
