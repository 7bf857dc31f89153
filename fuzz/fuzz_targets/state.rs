//! The plugin state loader, on nice-plug's path: the blob parsed as a `PluginState`,
//! `filter_state` (`repair_state`), the program field parsed and set on an active field (which
//! compiles it and hands it to an engine). Also the field reader on the raw text. A state that
//! loads always leaves a program (the saved one or the defaults with a report).
#![no_main]
use libfuzzer_sys::fuzz_target;
use nice_plug::params::persist::PersistentField;
use nice_plug::prelude::PluginState;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime};
use phonon::plugin::state::{
    read_field, repair_state, CodeField, Compiler, SavedState, DEFAULT_CODE, FIELD_KEY,
};
use phonon::samples::{BankIndex, Library};
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    static SETUP: (Arc<CodeField>, RefCell<Engine>) = {
        let handoff = Arc::new(Handoff::new());
        let field = Arc::new(CodeField::new(handoff.clone()));
        field.activate(Compiler {
            library: Arc::new(Library::with_kit(44_100.0)),
            beats_per_cycle: 4.0,
            index: Arc::new(BankIndex::empty()),
            macros: Arc::new(Default::default()),
            held: Arc::new(Default::default()),
        });
        (field, RefCell::new(Engine::new(44_100.0, handoff)))
    };
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let direct = read_field(Some(&text));
    assert!(
        direct.load_report.is_some() || direct.version >= 1,
        "{direct:?}"
    );
    if direct.load_report.is_some() {
        assert_eq!(direct.code, DEFAULT_CODE);
    }

    let Ok(mut state) = serde_json::from_slice::<PluginState>(data) else {
        return;
    };
    repair_state(&mut state);
    let field = state
        .fields
        .get(FIELD_KEY)
        .expect("repair_state always leaves a program field");
    let saved: SavedState =
        serde_json::from_str(field).expect("repair_state leaves a readable field");
    SETUP.with(|(code, engine)| {
        code.set(saved);
        let (mut l, mut r) = (vec![0.0f32; 64], vec![0.0f32; 64]);
        engine.borrow_mut().process(
            BlockInput {
                time: HostTime::None,
                beats_per_cycle: 4.0,
            },
            &mut l,
            &mut r,
        );
        assert!(l.iter().chain(r.iter()).all(|x| x.is_finite()));
        code.set_code(DEFAULT_CODE.to_string());
    });
});
