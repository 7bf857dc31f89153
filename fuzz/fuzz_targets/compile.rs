//! The compiler and the engine: any text compiles or fails with a positioned error; a program
//! that compiles renders blocks of odd sizes, free-running and on a host timeline, with every
//! sample finite. A hang shows as a libFuzzer timeout (`-timeout`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use std::sync::{Arc, OnceLock};

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(44_100.0))
}

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let program = match LoadedProgram::compile(&src, lib(), 4.0) {
        Ok(p) => p,
        Err(e) => {
            assert!(
                e.line >= 1 && e.col >= 1 && !e.message.is_empty(),
                "bad error {e:?}"
            );
            return;
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
        let (bl, br) = (&mut l[..n], &mut r[..n]);
        engine.process(
            BlockInput {
                time,
                beats_per_cycle: 4.0,
            },
            bl,
            br,
        );
        assert!(
            bl.iter().chain(br.iter()).all(|x| x.is_finite()),
            "non-finite output for {src:?}"
        );
    }
});
