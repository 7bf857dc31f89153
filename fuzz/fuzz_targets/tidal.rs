//! Tidal's syntax across evaluations: the input is two programs separated by a NUL byte (or
//! one program evaluated twice), compiled one after the other with one stream history, as the
//! editor evaluates code; the second arrives while the first plays on a host timeline, so
//! transitions (`xfadeIn`, `jumpIn`, `clutch`, `anticipate`, `interpolate`, `histpan`, ...),
//! `once`, `let`/`where`/`do` blocks and lambdas are exercised through compile and render.
//! Any text compiles or fails with a positioned error, in bounded time (recursive definitions
//! are errors); every sample rendered is finite. Seeds: `tests/tidal/corpus/` (split one
//! snippet per file) and `fuzz/tidal.dict`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::lang::CompileOptions;
use phonon::samples::Library;
use std::sync::{Arc, OnceLock};

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(44_100.0))
}

fn compile(src: &str, opts: &CompileOptions) -> Option<Box<LoadedProgram>> {
    match LoadedProgram::compile_with(src, lib(), opts) {
        Ok(p) => Some(p),
        Err(e) => {
            assert!(e.line >= 1 && e.col >= 1 && !e.message.is_empty(), "bad error {e:?}");
            None
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\0').unwrap_or((&text, &text));
    let opts = CompileOptions::new(4.0);
    let first = compile(a, &opts);
    let second = compile(b, &opts);
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(44_100.0, handoff.clone());
    if let Some(p) = first {
        engine.set_program(p);
    }
    let (mut l, mut r) = (vec![0.0f32; 1024], vec![0.0f32; 1024]);
    let mut beats = 3.5;
    let mut second = second;
    for (i, n) in [1024usize, 333, 1024, 1, 1024, 777].into_iter().enumerate() {
        if i == 2 {
            if let Some(p) = second.take() {
                handoff.submit(p);
            }
        }
        let (bl, br) = (&mut l[..n], &mut r[..n]);
        engine.process(
            BlockInput {
                time: HostTime::playing(127.0, beats),
                beats_per_cycle: 4.0,
            },
            bl,
            br,
        );
        beats += n as f64 * 127.0 / 60.0 / 44_100.0;
        assert!(
            bl.iter().chain(br.iter()).all(|x| x.is_finite()),
            "non-finite output for {text:?}"
        );
    }
});
