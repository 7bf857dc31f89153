//! Robustness: property tests over generated mini-notation and whole programs, valid and invalid.
//! Properties: compiling never panics and returns within the budget (an error names its line and
//! column); a program that compiles renders blocks that never allocate and are always finite.
//!
//! CI runs a bounded number of cases; `PROPTEST_CASES=20000 cargo test --release --test
//! robust_fuzz` runs more (the `cargo fuzz` targets in `fuzz/` go further).

use assert_no_alloc::assert_no_alloc;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

// Release builds compile `assert_no_alloc` out (its `disable_release` feature is on): the
// allocation checks run in debug builds, as in CI.
#[cfg(debug_assertions)]
#[global_allocator]
static A: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(44_100.0))
}

fn config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default_cases);
    // A fixed seed keeps CI deterministic; `PHONON_FUZZ_SEED=n` explores elsewhere.
    let seed = std::env::var("PHONON_FUZZ_SEED")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1);
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    }
}

/// Compiling any program here takes under 100 ms in release; debug (CI) is ~10x slower.
fn budget() -> Duration {
    Duration::from_millis(if cfg!(debug_assertions) { 1000 } else { 100 })
}

fn check(src: &str) -> Result<(), TestCaseError> {
    let t0 = Instant::now();
    let compiled = LoadedProgram::compile(src, lib(), 4.0);
    let took = t0.elapsed();
    prop_assert!(took < budget(), "compiling took {took:?}");
    let program = match compiled {
        Ok(p) => p,
        Err(e) => {
            prop_assert!(
                e.line >= 1 && e.col >= 1 && !e.message.is_empty(),
                "bad error {e:?}"
            );
            return Ok(());
        }
    };
    let mut engine = Engine::new(44_100.0, Arc::new(Handoff::new()));
    engine.set_program(program);
    let (mut l, mut r) = (vec![0.0f32; 1024], vec![0.0f32; 1024]);
    for (i, n) in [1024usize, 1, 333, 1024].into_iter().enumerate() {
        let time = if i < 2 {
            HostTime::None
        } else {
            HostTime::playing(127.0, 7.25 + i as f64)
        };
        let input = BlockInput {
            time,
            beats_per_cycle: 4.0,
        };
        let (bl, br) = (&mut l[..n], &mut r[..n]);
        assert_no_alloc(|| engine.process(input, bl, br));
        prop_assert!(
            bl.iter().chain(br.iter()).all(|x| x.is_finite()),
            "non-finite output"
        );
    }
    Ok(())
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..20).prop_map(|n| n.to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("0.5".to_string()),
        Just("1e9".to_string()),
        Just("1e-9".to_string()),
        Just("100000".to_string()),
        (-1000.0f64..1000.0).prop_map(|x| format!("{x}")),
    ]
}

/// Mini-notation: the grammar's pieces, combined recursively, with garbage mixed in.
fn mini() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("bd".to_string()),
        Just("sn".to_string()),
        Just("hh".to_string()),
        Just("~".to_string()),
        Just("arpy".to_string()),
        Just("-".to_string()),
        Just("_".to_string()),
        number(),
        (0u32..8).prop_map(|n| format!("cp:{n}")),
        "[a-z0-9:.~_-]{0,4}",
    ];
    let leaf = (
        word,
        proptest::option::of(prop_oneof![
            number().prop_map(|n| format!("*{n}")),
            number().prop_map(|n| format!("/{n}")),
            number().prop_map(|n| format!("@{n}")),
            number().prop_map(|n| format!("!{n}")),
            Just("!".to_string()),
            Just("?".to_string()),
            number().prop_map(|n| format!("?{n}")),
            (number(), number(), number()).prop_map(|(a, b, c)| format!("({a},{b},{c})")),
            (number(), number()).prop_map(|(a, b)| format!("({a},{b})")),
            Just("..".to_string()),
        ]),
    )
        .prop_map(|(w, op)| format!("{w}{}", op.unwrap_or_default()));
    let garbage = "[\\[\\]<>{}(),.|%*/!@?:~ a-z0-9\"'\\\\-]{0,6}";
    let leaf = prop_oneof![8 => leaf, 1 => garbage];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..6).prop_map(|v| v.join(" ")),
            proptest::collection::vec(inner.clone(), 1..4)
                .prop_map(|v| format!("[{}]", v.join(" "))),
            proptest::collection::vec(inner.clone(), 1..4)
                .prop_map(|v| format!("<{}>", v.join(" "))),
            proptest::collection::vec(inner.clone(), 1..4)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            proptest::collection::vec(inner.clone(), 1..4)
                .prop_map(|v| format!("[{}]", v.join(" | "))),
            (proptest::collection::vec(inner.clone(), 1..4), number())
                .prop_map(|(v, n)| format!("{{{}}}%{n}", v.join(", "))),
            (inner, number()).prop_map(|(s, n)| format!("[{s}]*{n}")),
        ]
    })
}

/// Whole programs: statements of transformed, parameterised patterns and signals.
fn program() -> impl Strategy<Value = String> {
    let pat = prop_oneof![
        mini().prop_map(|m| format!("s \"{m}\"")),
        mini().prop_map(|m| format!("n \"{m}\" # s \"superpiano\"")),
        mini().prop_map(|m| format!("note \"{m}\" # s \"<supersaw superfm>\"")),
    ];
    let func = prop_oneof![
        number().prop_map(|n| format!("fast ({n})")),
        number().prop_map(|n| format!("slow ({n})")),
        Just("rev".to_string()),
        number().prop_map(|n| format!("every ({n}) (fast 2)")),
        Just("jux rev".to_string()),
        (number(), number()).prop_map(|(a, b)| format!("stut ({a}) 0.5 ({b})")),
        number().prop_map(|n| format!("({n}) <~")),
        number().prop_map(|n| format!("degradeBy ({n})")),
        number().prop_map(|n| format!("off ({n}) (# speed 2)")),
        number().prop_map(|n| format!("ply ({n})")),
    ];
    let param = prop_oneof![
        number().prop_map(|n| format!("# gain ({n})")),
        number().prop_map(|n| format!("# speed ({n})")),
        number().prop_map(|n| format!("# pan ({n})")),
        number().prop_map(|n| format!("# cutoff ({n})")),
        number().prop_map(|n| format!("# note ({n})")),
        number().prop_map(|n| format!("# room ({n}) # size ({n})")),
        mini().prop_map(|m| format!("# gain \"{m}\"")),
        (number(), number()).prop_map(|(a, b)| format!("# delay 0.25 ({a}) ({b})")),
    ];
    let expr = (
        proptest::collection::vec(func, 0..3),
        pat,
        proptest::collection::vec(param, 0..3),
    )
        .prop_map(|(fs, p, ps)| {
            let mut e = p;
            for p in ps {
                e = format!("{e} {p}");
            }
            for f in fs {
                e = format!("{f} $ {e}");
            }
            e
        });
    let sig = prop_oneof![
        number().prop_map(|n| format!("sine ({n}) * 0.1")),
        (number(), number()).prop_map(|(a, b)| format!("saw 110 / ({a}) # lpf ({b}) 0.7")),
        (number(), number()).prop_map(|(a, b)| format!("noise * 0.1 # delay 0.1 ({a}) ({b})")),
        number().prop_map(|n| format!("~a * ({n})")),
    ];
    let stmt = prop_oneof![
        4 => expr.clone().prop_map(|e| format!("out $ {e}")),
        2 => ((1u32..=16), expr.clone()).prop_map(|(o, e)| format!("o{o} $ {e}")),
        1 => sig.clone().prop_map(|s| format!("out $ {s}")),
        1 => sig.prop_map(|s| format!("~a $ {s}")),
        1 => number().prop_map(|n| format!("tempo: {n}")),
        1 => "[ -~]{0,24}",
    ];
    proptest::collection::vec(stmt, 1..5).prop_map(|v| v.join("\n"))
}

/// Runs `f` with the 8 MB stack of a host's main thread, where the plugin compiles (test
/// threads have 2 MB, too little for proptest's recursive strategies in a debug build).
fn big_stack(f: impl FnOnce() + Send) {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(s, f)
            .unwrap()
            .join()
            .unwrap()
    });
}

#[test]
fn mini_notation_never_breaks() {
    big_stack(|| {
        proptest!(config(96), |(m in mini())| {
            check(&format!("out $ s \"{m}\""))?;
        });
    });
}

#[test]
fn programs_never_break() {
    big_stack(|| {
        proptest!(config(64), |(src in program())| {
            check(&src)?;
        });
    });
}

#[test]
fn arbitrary_text_never_breaks() {
    big_stack(|| {
        proptest!(config(128), |(src in "\\PC{0,200}")| {
            check(&src)?;
        });
    });
}

/// Found by `mini_notation_never_breaks` (fixed): rational time overflowed `i64` in a
/// polymeter with fractional negative steps, a debug-build panic inside the block call.
#[test]
fn polymeter_step_overflow() {
    big_stack(|| {
        check("out $ s \"{{bd!794.7256695737572}%-1}%-550.4526441504014\"").unwrap();
        check("out $ s \"{{bd!794.7256695737572 sn!1e9}%-1.3}%550.4526441504014\"").unwrap();
        check("out $ s \"{bd sn hh!3.33333}%1e15\"").unwrap();
    });
}
