//! Strudel's syntax: the input is a program read as Strudel (JavaScript), compiled and played
//! on a host timeline for a few blocks. Any text compiles or fails with a positioned error, in
//! bounded time (`register` recursion, deep chains and nesting are errors); every sample
//! rendered is finite. Seeds: `tests/strudel/corpus/` and `fuzz/strudel.dict`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::lang::strudel::Dialect;
use phonon::lang::CompileOptions;
use phonon::samples::Library;
use std::sync::{Arc, OnceLock};

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(44_100.0))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut opts = CompileOptions::new(4.0);
    opts.dialect = Some(Dialect::Strudel);
    let program = match LoadedProgram::compile_with(&text, lib(), &opts) {
        Ok(p) => p,
        Err(e) => {
            assert!(e.line >= 1 && e.col >= 1 && !e.message.is_empty(), "bad error {e:?}");
            return;
        }
    };
    let mut engine = Engine::new(44_100.0, Arc::new(Handoff::new()));
    engine.set_program(program);
    let (mut l, mut r) = (vec![0.0f32; 1024], vec![0.0f32; 1024]);
    let mut beats = 0.0;
    for n in [1024usize, 333, 1024, 1, 777] {
        let (bl, br) = (&mut l[..n], &mut r[..n]);
        engine.process(
            BlockInput {
                time: HostTime::playing(120.0, beats),
                beats_per_cycle: 4.0,
            },
            bl,
            br,
        );
        beats += n as f64 * 120.0 / 60.0 / 44_100.0;
        assert!(
            bl.iter().chain(br.iter()).all(|x| x.is_finite()),
            "non-finite output for {text:?}"
        );
    }
});
