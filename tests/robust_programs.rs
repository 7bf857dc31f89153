//! Robustness, "Nothing breaks it": pathological programs compile or fail with a clear error, and
//! never hurt the audio thread. Each program is compiled (bounded time, `Ok` or an error with a
//! line and column) and, when it compiles, rendered block by block under `assert_no_alloc`
//! with every sample finite and bounded.

use assert_no_alloc::assert_no_alloc;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

// assert_no_alloc's checking allocator exists in debug builds only; a release build (`cargo test
// --release --test robust_programs`, where the 100 ms compile budget applies) runs unchecked.
#[cfg(debug_assertions)]
#[global_allocator]
static A: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;

const SR: f32 = 48_000.0;
/// No sample may exceed this unless the program itself asks for a huge gain (loud is allowed,
/// infinite never).
const BOUND: f32 = 1.0e6;

/// The compile budget: a guard against a program that hangs the compiler, not a timing (a
/// shared 2-core CI machine took 1.2 s in debug for one hostile program; the budget was 1 s).
fn compile_budget() -> Duration {
    Duration::from_millis(if cfg!(debug_assertions) { 5000 } else { 500 })
}

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(SR))
}

/// What happened to one program.
#[derive(Debug)]
enum Outcome {
    Rejected(String),
    Played {
        peak: f32,
        event_overflows: u64,
        voice_steals: u64,
    },
}

/// Compiles `src` within the budget; an error must name its line and column. If it compiles,
/// renders `blocks` blocks of 512 (free-running at the program's tempo, then on a host timeline)
/// under `assert_no_alloc`, asserting finite, bounded samples.
fn run(src: &str, blocks: usize) -> Outcome {
    // Compiled on a thread with the 8 MB stack of a host's main thread (the plugin compiles
    // there); test threads have 2 MB.
    let (compiled, took) = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(s, || {
                let t0 = Instant::now();
                let c = LoadedProgram::compile(src, lib(), 4.0);
                (c, t0.elapsed())
            })
            .unwrap()
            .join()
            .unwrap()
    });
    let short = &src[..src.len().min(80)];
    assert!(took < compile_budget(), "compiling {short:?} took {took:?}");
    let program = match compiled {
        Err(e) => {
            let text = e.to_string();
            assert!(
                e.line >= 1 && e.col >= 1,
                "error without a position for {short:?}: {text}"
            );
            assert!(
                text.starts_with(&format!("line {}, column {}", e.line, e.col)),
                "{text}"
            );
            assert!(
                !e.message.trim().is_empty(),
                "empty error message for {short:?}"
            );
            return Outcome::Rejected(e.message);
        }
        Ok(p) => p,
    };
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(SR as f64, handoff);
    engine.set_program(program);
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let mut peak = 0.0f32;
    for b in 0..blocks {
        let time = if b < blocks / 2 {
            HostTime::None
        } else {
            HostTime::playing(120.0, (b - blocks / 2) as f64 * 512.0 / SR as f64 * 2.0)
        };
        l.fill(0.0);
        r.fill(0.0);
        let input = BlockInput {
            time,
            beats_per_cycle: 4.0,
        };
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        for (i, x) in l.iter().chain(r.iter()).enumerate() {
            assert!(
                x.is_finite(),
                "{short:?}: non-finite sample {x} in block {b} at {i}"
            );
            peak = peak.max(x.abs());
        }
    }
    let stats = &engine.stats;
    Outcome::Played {
        peak,
        event_overflows: stats.event_overflows.load(Ordering::Relaxed),
        voice_steals: stats.voice_steals.load(Ordering::Relaxed),
    }
}

fn played(src: &str, blocks: usize) -> (f32, u64, u64) {
    match run(src, blocks) {
        Outcome::Played {
            peak,
            event_overflows,
            voice_steals,
        } => (peak, event_overflows, voice_steals),
        Outcome::Rejected(e) => panic!("{src:?} was rejected: {e}"),
    }
}

#[test]
fn huge_repeat_counts_overflow_visibly() {
    let (_, ovf, steals) = played(r#"out $ s "bd*100000""#, 8);
    assert!(
        ovf > 0 || steals > 0,
        "100000 kicks per cycle: no overflow counted (events {ovf}, steals {steals})"
    );
    run(r#"out $ s "bd*1e9""#, 4);
    run(r#"out $ s "bd!100000""#, 4);
    run(r#"out $ s "bd(1000,1001)""#, 8);
    run(r#"out $ s "bd(1001,1000)""#, 4);
    run(r#"out $ s "bd(3,0)""#, 4);
    run(r#"out $ s "bd(-3,8,-1)""#, 4);
    run(r#"out $ s "bd(3,8,1000000007)""#, 4);
    run(r#"out $ s "bd@1e9 sn""#, 4);
    run(r#"out $ s "bd:1000000""#, 4);
    run(r#"out $ s "bd:-3""#, 4);
    run(r#"out $ s "bd? sn?0 hh?1 cp?2""#, 4);
}

#[test]
fn zero_negative_and_enormous_time_factors() {
    for f in [
        "0",
        "(-2)",
        "1e9",
        "1e-9",
        "(-1e9)",
        "1e300",
        "(0/0)",
        "(1/0)",
        "\"0 1e9 -1\"",
    ] {
        for func in ["fast", "slow", "hurry", "ply", "segment", "iter", "chop"] {
            run(&format!("out $ {func} {f} $ s \"bd sn\""), 4);
        }
        run(&format!("out $ {f} <~ s \"bd sn\""), 4);
        run(&format!("out $ s \"bd sn\" # speed {f}"), 4);
    }
    run(r#"out $ s "bd*0 sn*-1 hh/0 cp/-2""#, 4);
    run(r#"out $ every 0 (fast 2) $ s "bd""#, 4);
    run(r#"out $ every (-1) rev $ s "bd""#, 4);
    run(r#"out $ s "bd sn" $ every 0 rev"#, 4);
}

/// Defects this suite found (fixed): `segment` and `chop` looped over their factor without a
/// bound, hanging the compiler and the audio thread; now every query loop spends a bounded
/// work budget (`pattern::ctx::REALTIME_QUERY_WORK`) and overflowing time arithmetic rounds
/// instead of panicking. Nested hostile loops multiply: they must stay bounded too.
#[test]
fn hostile_loops_are_bounded() {
    for src in [
        "out $ segment 1e9 $ s \"bd sn\"",
        "out $ segment \"0 1e9 -1\" $ s \"bd sn\"",
        "out $ chop 1e300 $ s \"bd sn\"",
        "out $ segment 1e9 $ segment 1e9 $ fast 1e12 $ s \"bd sn\"",
        "out $ chop 1e9 $ striate 1e9 $ s \"bd*1000\"",
        "out $ stut 1e9 0.5 (1/1e9) $ segment 1e9 $ s \"bd\"",
        "out $ fast 1e15 $ s \"bd sn\"",
        "out $ slow 1e15 $ s \"bd sn\"",
        "out $ 1e15 <~ s \"bd sn\"",
    ] {
        let (_, ovf, steals) = played(src, 4);
        // Those that play events at all play too many: the overflow is counted.
        let quiet = src.contains("slow") || src.contains("<~") || src.contains("\"0 ");
        assert!(quiet || ovf > 0 || steals > 0, "{src}: nothing counted");
    }
}

#[test]
fn ten_thousand_nested_brackets() {
    for (open, close) in [("[", "]"), ("<", ">"), ("{", "}")] {
        let src = format!(
            "out $ s \"{}bd{}\"",
            open.repeat(10_000),
            close.repeat(10_000)
        );
        run(&src, 2);
        // Unbalanced: an error, never a stack overflow.
        let src = format!("out $ s \"{}bd\"", open.repeat(10_000));
        assert!(
            matches!(run(&src, 2), Outcome::Rejected(_)),
            "unbalanced {open} accepted"
        );
    }
    // Deep nesting in the language itself.
    run(
        &format!("out $ {}s \"bd\"{}", "(".repeat(10_000), ")".repeat(10_000)),
        2,
    );
    run(&format!("out $ {}s \"bd\"", "fast 1 $ ".repeat(2_000)), 2);
    run(&format!("out $ s \"bd\"{}", " # gain 1".repeat(2_000)), 2);
    run(&format!("out $ {}", "[".repeat(10_000)), 2);
}

#[test]
fn zero_and_negative_tempo() {
    for t in [
        "tempo: 0",
        "cps: -1",
        "bpm: 0",
        "bpm: -120",
        "tempo: 1e-300",
        "tempo: 1e300",
        "cps: (0/0)",
        "tempo: 1e9",
    ] {
        match run(&format!("{t}\nout $ s \"bd*4\""), 8) {
            Outcome::Rejected(e) => assert!(!e.is_empty()),
            Outcome::Played { .. } => {}
        }
    }
    let Outcome::Rejected(e) = run("tempo: 0\nout $ s \"bd\"", 1) else {
        panic!("tempo: 0 accepted")
    };
    assert!(e.contains("positive"), "{e}");
}

#[test]
fn extreme_voice_parameters_stay_finite() {
    for p in [
        "speed 1e6",
        "speed (-1e6)",
        "speed 0",
        "speed (0/0)",
        "speed (1/0)",
        "note 1e6",
        "note (-1e6)",
        "n 1e9",
        "gain 1e9",
        "gain (-5)",
        "gain (0/0)",
        "gain (1/0)",
        "gain (0 * (1/0))",
        "pan 1e9",
        "pan (-1e9)",
        "begin 2",
        "end (-1)",
        "begin 0.5 # end 0.5",
        "legato 0",
        "legato 1e9",
        "attack 0",
        "release 1e9",
        "cut 1e9",
        "lpf 0",
        "lpf 1e9",
        "lpf (-100)",
        "hpf 1e9",
        "hpf 0",
        "lpf 1000 1e9",
        "lpf 1000 (-1)",
        "cutoff 0",
        "resonance 1e9",
        "crush 0",
        "coarse 1e9",
        "shape 1e9",
        "squiz (-1)",
        "squiz 1e9",
        "waveloss 1e9",
        "waveloss (-1e9)",
        "fshift 1e9 # fshiftnote 1e9 # fshiftphase 1e9",
        "fshift (-1e9)",
        "triode 1e9",
        "triode (-0.0001)",
        "triode (-1e9)",
        "krush 1e9 # kcutoff 1e9",
        "krush (-3)",
        "octer 1e9",
        "octer 1.5 # octersub 1e9 # octersubsub (-1e9)",
        "ring 1e9 # ringf 1e9",
        "ring 1 # ringf 100 # ringdf (-1e9)",
        "comb 1e9",
        "comb (-1e9)",
        "djf 1e9",
        "djf (-1e9)",
        "leslie 1e9 # lrate 1e9 # lsize 1e9",
        "leslie 1 # lrate (-1e9) # lsize (-1e9)",
        "delayfeedback 10",
        "delay 1 # delaytime 0 # delayfeedback 10",
        "room 1e9 # size 1e9",
        "unit \"c\" # speed 0",
        "loop 1e9",
    ] {
        for src in [
            format!("out $ s \"bd*4 sn*2\" # {p}"),
            format!("out $ n \"0 7 12\" # s \"superpiano\" # {p}"),
        ] {
            if let Outcome::Played { peak, .. } = run(&src, 12) {
                assert!(p.contains("gain") || peak <= BOUND, "{src}: peak {peak}");
            }
        }
    }
}

#[test]
fn extreme_synth_voices() {
    for s in [
        "superpiano",
        "supersaw",
        "superfm",
        "superpwm",
        "superkick",
        "supersnare",
        "superhat",
        "sine",
        "saw",
    ] {
        for p in [
            "note 1e6",
            "note (-1e6)",
            "freq 1e9",
            "freq 0",
            "freq (-1)",
            "sustain 1e9",
            "octave 1e3",
        ] {
            if let Outcome::Played { peak, .. } = run(&format!("out $ s \"{s}*4\" # {p}"), 8) {
                assert!(peak <= BOUND, "{s} # {p}: peak {peak}");
            }
        }
    }
}

#[test]
fn filters_delays_and_signal_arithmetic_stay_finite() {
    for src in [
        "out $ sine 440 / 0",
        "out $ (sine 440 - sine 440) / 0",
        "out $ sine 440 * 1e30",
        "out $ (sine 440 * 1e30) * (sine 440 * 1e30)",
        "out $ saw 1e9",
        "out $ saw (-1e9)",
        "out $ saw (0/0)",
        "out $ square 0 # lpf 0 0",
        "out $ noise # lpf 1e9 1e9",
        "out $ noise # lpf (-1) (-1)",
        "out $ noise # hpf (0/0) 1",
        "out $ noise # rlpf 1e9 100",
        "out $ noise # moog 1e9 1e9",
        "out $ noise # moog 100 4",
        "out $ noise # bpf 0 0",
        "out $ noise # notch 1e9 0",
        "out $ (sine 440 / 0) # lpf 1000 0.7",
        "out $ (sine 440 / 0) # delay 0.25 0.5 0.5",
        "out $ (sine 440 / 0) # reverb 0.5 0.5 0.5",
        "out $ s \"bd*4\" # delay 0.25 10 1",
        "out $ s \"bd*4\" # delay 0 10 1",
        "out $ s \"bd*4\" # delay (-1) 10 1",
        "out $ s \"bd*4\" # delay 1e9 1 1",
        "out $ noise # delay 0.001 (-10) 1",
        "out $ s \"bd*4\" # reverb 1e9 1e9 1e9",
        "out $ s \"bd*4\" # reverb (-5) (-5) (-5)",
        "out $ noise * 1e30 # reverb 0.9 0.1 1",
        "out $ noise # lpf (sine 1 * 1e9) 0.7",
        "out $ noise # lpf (sine 1 / 0) 0.7",
        "~lfo $ sine 0.5 / 0\nout $ saw 55 # lpf (~lfo * 2000) 0.7",
    ] {
        run(src, 24);
    }
}

#[test]
fn feedback_loops_through_buses() {
    for src in [
        "~a $ ~b * 2\n~b $ ~a * 2\nout $ ~a",
        "~a $ ~a * 10 + sine 440\nout $ ~a",
        "~a $ ~a # delay 0.1 10 1\nout $ ~a",
        "~x $ ~y\n~y $ ~x\nout $ ~x",
        "~fx # ~fx\nout $ s \"bd\" # ~fx",
    ] {
        run(src, 24);
    }
}

#[test]
fn sixteen_busy_outputs_at_once() {
    let mut src = String::from("tempo: 2\n");
    for o in 1..=16 {
        src.push_str(&format!(
            "o{o} $ s \"bd*16 sn*8 hh*32\" # speed {} # gain 0.05\n",
            1.0 + o as f64 / 16.0
        ));
    }
    let (peak, _, _) = played(&src, 48);
    assert!(peak > 0.0, "16 outputs made no sound");
    // More sounding voices than one output's pool holds: the oldest are stolen and counted.
    let (_, _, steals) = played("tempo: 1\nout $ s \"bd*4000\" # gain 0.001", 96);
    assert!(steals > 0, "4000 kicks a second never stole a voice");
}

#[test]
fn huge_stut_and_layering() {
    run("out $ stut 1000 0.5 (1/8) $ s \"bd sn\"", 8);
    run("out $ stut 1000 1.5 (1/1000) $ s \"bd sn\"", 8);
    run("out $ stut 1e9 0.5 0 $ s \"bd\"", 4);
    run("out $ stut (-1) 0.5 (1/8) $ s \"bd\"", 4);
    run("out $ echo 1000 0.001 0.5 $ s \"bd\"", 4);
    run(
        &format!("out $ stack [{}]", vec!["s \"bd*16\""; 500].join(", ")),
        4,
    );
    run(
        &format!("out $ cat [{}]", vec!["s \"bd*16\""; 500].join(", ")),
        4,
    );
    run("out $ jux rev $ jux rev $ jux rev $ jux rev $ jux rev $ jux rev $ jux rev $ jux rev $ s \"bd*16\"", 4);
    run(
        "out $ off 0.001 (off 0.001 (off 0.001 (off 0.001 (# speed 2)))) $ s \"bd*32\"",
        4,
    );
}

#[test]
fn ten_kilobyte_programs_compile_in_bounded_time() {
    // Many statements.
    let mut src = String::from("tempo: 1\n");
    while src.len() < 10_000 {
        src.push_str("~b $ s \"bd*2 [~ sn] <hh cp>\" # gain 0.5 # speed \"1 2\"\n");
    }
    src.push_str("out $ ~b\n");
    run(&src, 2);
    // One enormous mini-notation string.
    let mut mini = String::new();
    while mini.len() < 10_000 {
        mini.push_str("bd*2 [sn cp]? <hh oh>:3 ");
    }
    run(&format!("out $ s \"{mini}\""), 2);
    // A long chain of operators.
    run(&format!("out $ sine 1{}", " + sine 1".repeat(1200)), 2);
    // Garbage of 10 kB.
    let junk = b"(\"[$#~<{,.*!@?:-|+ bd\n";
    let garbage: String = (0..10_000usize)
        .map(|i| char::from(junk[i * 7 % junk.len()]))
        .collect();
    run(&garbage, 1);
}

/// `phonon render` prints what the engine counted: dropped events, stolen voices, samples that
/// were not finite (here overflowing signal arithmetic), the most voices at once.
#[test]
fn render_prints_the_error_and_overflow_counters() {
    let dir = std::env::temp_dir().join(format!("phonon-robust-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "out $ s \"bd sn\"",
            "events dropped 0, voices stolen 0, non-finite samples 0, most voices 1\n",
        ),
        ("tempo: 1\nout $ s \"bd*100000\"", "voices stolen "),
        (
            "out $ (sine 440 * 1e30) * (sine 440 * 1e30)",
            "non-finite samples ",
        ),
        ("out $ segment 1e9 $ s \"bd\"", "events dropped "),
    ];
    for (i, (src, expect)) in cases.into_iter().enumerate() {
        let file = dir.join(format!("p{i}.ph"));
        std::fs::write(&file, src).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_phonon"))
            .args([
                "render",
                file.to_str().unwrap(),
                "-o",
                dir.join("o.wav").to_str().unwrap(),
                "--cycles",
                "0.25",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{src}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text.lines().nth(1).unwrap_or_default();
        assert!(format!("{line}\n").contains(expect), "{src}: {text}");
        if i > 0 {
            // The counter named is not zero, and the line says the output differs.
            let n: u64 = line
                .split(expect.trim_end())
                .nth(1)
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            assert!(
                n > 0 && line.ends_with("(the output differs from the program)"),
                "{src}: {line}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Found by `robust_fuzz` with more cases (compile over budget: 0.8 s in release): a number such
/// as `1e-9` becoming a time took fraction.js's 10^7-step walk, at compile time and on the audio
/// thread for patterned arguments. Now runs of steps are taken at once (same fractions).
#[test]
fn tiny_numbers_as_times_are_fast() {
    for src in [
        "out $ s \"[bd {bd, bd}%1e-9]\"",
        "out $ fast \"1e-9 2 1e-7\" $ s \"bd sn\"",
        "out $ s \"bd@1e-9 sn@0.0000001\"",
        "out $ s \"-*100000 [bd@100000]\" # delay 0.25 (-1) (-1) # gain (17)\no2 $ degradeBy (100000) $ rev $ s \"[sn*1e9, -]\"",
        "out $ 1e-9 <~ s \"bd sn\" # speed \"1e-9 0.333333333\"",
    ] {
        run(src, 4);
    }
}

/// Found by `robust_fuzz` with 1500 cases (compile 150 ms in release): `stut 1e9` loops over
/// its echo count inside every compile-time check; the offline work budget now bounds each.
#[test]
fn huge_echo_counts_compile_in_bounded_time() {
    run("out $ stut (1e9) 0.5 (1e9) $ off (0.5) (# speed 2) $ n \"{cp:3(1e-9,1e-9,-1), -@-1}%0.5\" # s \"superpiano\"", 4);
    run(
        "out $ stut 1e9 0.5 0.001 $ stut 1e9 0.5 0.001 $ s \"bd*16\"",
        4,
    );
    run("out $ echo 1e9 0.001 0.5 $ segment 1e9 $ s \"bd\"", 4);
}

/// Found by `cargo fuzz run compile` (a debug-build panic, `attempt to multiply with overflow`):
/// mini-notation weights whose sum overflows `Ratio<i64>` in `timecat`. Every time operation
/// of the pattern core now rounds instead of overflowing (`pattern::time::tadd` and friends).
#[test]
fn overflowing_weights_and_steps() {
    run("out $ s \"bd*7\" # gain \"1 0.7 0.8 055555555555555555555555@5555555555555555555555555555555 55555555555@555555550.8 55555555555555555555555 5555555555555@555@555555550.8 055555555555555555555555555555555559!555555555555555\"", 4);
    run("out $ s \"bd@9e15 sn@9e15 hh@9e15\"", 4);
    run(
        "out $ s \"<bd@9e15 sn@0.3333333>\" # speed \"[1@9e15 2@7e15]\"",
        4,
    );
    run("out $ iter 9e15 $ s \"bd sn\"", 4);
    run("out $ whenmod 9e15 1e15 rev $ s \"bd sn\"", 4);
    run(
        "out $ arp \"up\" $ fast 1e12 $ n \"c'maj e'min\" # s \"superpiano\"",
        4,
    );
    // The next crasher (repeatCycles from `!` under a huge `*`).
    run("out $ s \"bd*8555555555555555 !55551\"", 4);
    run("out $ linger (-1e-15) $ s \"bd*8555555555555555\"", 4);
    run(
        "out $ note held # s \"superpiano\" # speed \"1*8555555555555555\"",
        4,
    );
}

/// Definitions that double their work or use themselves end in bounded time: a program whose
/// definitions apply functions about a thousand times plays (its patterns rendered on a 2 MB
/// test thread); more is an error, and so is recursion.
#[test]
fn doubling_and_recursive_definitions_are_bounded() {
    let doubling = |levels: usize| {
        let mut src = String::from("let a0 = rev . (0.125 ~>)\n");
        for i in 1..levels {
            src += &format!("    a{i} = a{} . a{}\n", i - 1, i - 1);
        }
        src + &format!("d1 $ a{} $ s \"bd sn\"", levels - 1)
    };
    // 10 levels is the most that compiles (1024 applications): it renders on a 2 MB thread.
    let (peak, _, _) = played(&doubling(10), 8);
    assert!(peak > 0.01, "10 levels play");
    for src in [
        doubling(11),
        doubling(26),
        doubling(60),
        "let f x = f x\nd1 $ f $ s \"bd\"".to_string(),
        "let f x = g x\n    g x = f (fast 2 x)\nd1 $ f $ s \"bd\"".to_string(),
        "d1 $ (\\f -> f f) (\\f -> f f) $ s \"bd\"".to_string(),
    ] {
        match run(&src, 4) {
            Outcome::Rejected(e) => assert!(
                e.contains("more than") || e.contains("in terms of itself"),
                "{src}: {e}"
            ),
            Outcome::Played { .. } => panic!("{src} played"),
        }
    }
}
