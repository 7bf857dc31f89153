//! Macro names from the code: `macro k "name"` (Tidal) / `macro(k, 'name')` (Strudel) reads
//! macro `k` as `m<k>` does and names it for the editor's knob and the host.

use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::lang::macros::Macros;
use phonon::lang::{compile_program, CompileOptions};
use phonon::samples::Library;
use std::sync::Arc;

#[test]
fn the_code_names_macros_in_either_dialect() {
    let p = compile_program(
        "out $ s \"bd*4\" # speed (macro 1 \"pitch\" + 1) # lpf (macro 3 \"cutoff\" * 4000 + 400)",
        4.0,
    )
    .unwrap();
    let names: Vec<Option<&str>> = p.macro_names.iter().map(|n| n.as_deref()).collect();
    assert_eq!(
        names,
        vec![
            Some("pitch"),
            None,
            Some("cutoff"),
            None,
            None,
            None,
            None,
            None
        ]
    );
    let p = compile_program(
        "$: s(\"bd*4\").lpf(macro(8, 'cutoff').mul(4000).add(400))\n$: note(\"c e\").gain(macro(2, \"level two\"))",
        4.0,
    )
    .unwrap();
    assert_eq!(p.macro_names[7].as_deref(), Some("cutoff"));
    assert_eq!(p.macro_names[1].as_deref(), Some("level two"));
    // Unnamed code names nothing; a macro outside 1..8 is an error that says how.
    let p = compile_program("out $ s \"bd\" # speed (m1 + 1)", 4.0).unwrap();
    assert!(p.macro_names.iter().all(Option::is_none));
    let e = compile_program("out $ s \"bd\" # speed (macro 9 \"x\")", 4.0)
        .err()
        .expect("an error");
    assert!(e.message.contains("1 to 8"), "{}", e.message);
}

/// The named macro is the macro: `sine 440 * macro 1 "level"` at m1 = 0.5 peaks at 0.5, and
/// follows m1 when it moves.
#[test]
fn a_named_macro_reads_its_value() {
    let sr = 8000.0;
    let lib = Library::with_kit(sr as f32);
    let macros = Arc::new(Macros::default());
    let mut opts = CompileOptions::new(4.0);
    opts.macros = macros.clone();
    let src = "out $ sine 440 * macro 1 \"level\"";
    let mut engine = Engine::new(sr, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::compile_with(src, &lib, &opts).unwrap());
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut peak_at = |m: f32| {
        macros.set(0, m);
        let (mut l, mut r) = (vec![0.0f32; 800], vec![0.0f32; 800]);
        engine.process(input, &mut l, &mut r);
        l[400..].iter().fold(0.0f32, |a, x| a.max(x.abs()))
    };
    let (half, quarter, zero) = (peak_at(0.5), peak_at(0.25), peak_at(0.0));
    assert!((half - 0.5).abs() < 0.01, "{half}");
    assert!((quarter - 0.25).abs() < 0.01, "{quarter}");
    assert_eq!(zero, 0.0);
}
