//! Runaway Strudel code ends in bounded time, as an error at its position or as finite audio:
//! `register` recursion (direct, doubling), chains and nesting deeper than the front-end reads,
//! huge arrays, and event counts in the billions (the engine's bounded buffers drop what does
//! not fit and count it).

use phonon::cli::render::{render, RenderSpec};
use phonon::lang::strudel::Dialect;
use phonon::lang::{compile_program_with, CompileOptions};
use phonon::samples::Library;

const SR: u32 = 44100;

fn error_of(src: &str) -> String {
    let mut opts = CompileOptions::new(4.0);
    opts.dialect = Some(Dialect::Strudel);
    match compile_program_with(src, &opts) {
        Ok(_) => panic!("compiles, but should not: {}", &src[..src.len().min(80)]),
        Err(e) => format!("{}:{}: {}", e.line, e.col, e.message),
    }
}

/// A thread's stack for these programs: 2 MiB in release (a thread's default); a debug
/// build's frames are several times larger.
fn stack() -> usize {
    if cfg!(debug_assertions) {
        16 << 20
    } else {
        2 << 20
    }
}

#[test]
fn recursion_and_depth_are_errors_with_their_position() {
    std::thread::Builder::new()
        .stack_size(stack())
        .spawn(recursion_and_depth)
        .unwrap()
        .join()
        .expect("no stack overflow");
}

fn recursion_and_depth() {
    let self_ref = "register('f', (x, pat) => pat.f(x))\ns(\"bd\").f(1)\n";
    assert!(error_of(self_ref).contains("defined in terms of itself"));
    let doubling = "register('g', (x, pat) => pat.g(x).g(x))\ns(\"bd\").g(1)\n";
    assert!(error_of(doubling).contains("defined in terms of itself"));
    let chain = format!("s(\"bd\"){}", ".fast(1)".repeat(20_000));
    assert!(error_of(&chain).contains("more than 256 links"));
    let nest = format!("{}s(\"bd\"){}", "stack(".repeat(5000), ")".repeat(5000));
    assert!(error_of(&nest).contains("nests deeper"));
    let arrows = format!(
        "s(\"bd\"){}{}",
        ".layer(x => x".repeat(3000),
        ")".repeat(3000)
    );
    assert!(error_of(&arrows).contains("nests deeper"));
    let parens = format!("{}s(\"bd\"){}", "(".repeat(20_000), ")".repeat(20_000));
    assert!(
        error_of(&parens).starts_with("1:65: "),
        "{}",
        error_of(&parens)
    );
    let mini = format!("s(\"{}bd{}\")", "[".repeat(20_000), "]".repeat(20_000));
    assert!(error_of(&mini).contains("nested deeper"));
}

/// `n` `const`s, each wrapping the one before in `fast(1)`.
fn const_chain(n: usize) -> String {
    (0..n)
        .map(|i| match i {
            0 => "const a0 = s(\"bd\")\n".to_string(),
            _ => format!("const a{i} = a{}.fast(1)\n", i - 1),
        })
        .chain(std::iter::once(format!("a{}\n", n - 1)))
        .collect()
}

/// Renders `src` for `cycles` on a thread with `stack` bytes of stack (an audio thread's
/// stack is the host's), returning whether any sample is audible.
fn plays_on_small_stack(src: String, cycles: f64, stack: usize) -> bool {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let lib = Library::with_kit(SR as f32);
            let spec = RenderSpec {
                sample_rate: SR,
                cycles,
                beats_per_cycle: 4.0,
            };
            let r = render(&src, &lib, &spec, || 512, |_, _| {}).expect("renders");
            assert_eq!(r.counters.nonfinite_samples, 0);
            r.left.iter().any(|x| x.abs() > 1e-3)
        })
        .unwrap()
        .join()
        .expect("no stack overflow")
}

#[test]
fn patterns_nested_thousands_deep_stop_at_the_nesting_limit() {
    // Within the limit the chain plays; far past it, it is silent (an overflow counted) and
    // the stack holds.
    assert!(plays_on_small_stack(const_chain(200), 0.25, stack()));
    assert!(!plays_on_small_stack(const_chain(20_000), 0.25, stack()));
}

#[test]
fn huge_arrays_and_event_counts_render_finite() {
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 0.125,
        beats_per_cycle: 4.0,
    };
    let array = format!("stack({})", vec!["s(\"bd\")"; 100_000].join(","));
    for src in [
        array.as_str(),
        "s(\"bd\").fast(1e12)",
        "s(\"bd*1000000000\")",
        "s(\"bd\").ply(1e9)",
        "n(run(1e9)).s(\"superpiano\")",
    ] {
        let r = render(src, &lib, &spec, || 512, |_, _| {})
            .unwrap_or_else(|e| panic!("{}: {e}", &src[..src.len().min(60)]));
        assert_eq!(r.counters.nonfinite_samples, 0);
        assert!(r.left.iter().chain(&r.right).all(|x| x.is_finite()));
    }
}
