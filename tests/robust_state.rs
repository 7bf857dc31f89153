//! Robustness: corrupt saved state. A program field that is missing, unreadable, from version 0 or
//! from a newer version loads the defaults and reports it (the editor's status shows it; it is
//! logged); a blob that is not a state at all is refused before the plugin sees it and the
//! instance keeps what it had. Each case goes through nice-plug's own path: the blob parsed as
//! a `PluginState`, `Plugin::filter_state` (`repair_state`), the field parsed and `set`.

use nice_plug::params::persist::PersistentField;
use nice_plug::prelude::PluginState;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime};
use phonon::plugin::state::{
    read_field, repair_state, CodeField, Compiler, SavedState, Status, DEFAULT_CODE, FIELD_KEY,
    STATE_VERSION,
};
use phonon::samples::{BankIndex, Library};
use std::sync::{Arc, OnceLock};

fn compiler() -> Compiler {
    static LIB: OnceLock<Arc<Library>> = OnceLock::new();
    Compiler {
        library: LIB
            .get_or_init(|| Arc::new(Library::with_kit(48000.0)))
            .clone(),
        beats_per_cycle: 4.0,
        index: Arc::new(BankIndex::empty()),
        macros: Arc::new(Default::default()),
        held: Arc::new(Default::default()),
    }
}

/// A state blob as nice-plug writes it (uncompressed JSON) with `field` as the program field.
fn blob(field: Option<&str>) -> Vec<u8> {
    let mut fields = serde_json::Map::new();
    if let Some(f) = field {
        fields.insert(FIELD_KEY.into(), f.into());
    }
    serde_json::json!({"version": "0.1.0", "params": {"gain": {"f32": 0.5}}, "fields": fields})
        .to_string()
        .into_bytes()
}

/// What nice-plug does with a blob: parse, `filter_state`, then `set` the field if it parses.
/// Returns false when the blob is refused.
fn load(field: &Arc<CodeField>, bytes: &[u8]) -> bool {
    let Ok(mut state) = serde_json::from_slice::<PluginState>(bytes) else {
        return false;
    };
    repair_state(&mut state);
    if let Some(data) = state.fields.get(FIELD_KEY) {
        if let Ok(saved) = serde_json::from_str::<SavedState>(data) {
            field.set(saved);
        }
    }
    true
}

/// An active field playing `code` (no report).
fn active_field(code: &str) -> (Arc<CodeField>, Arc<Handoff>) {
    let handoff = Arc::new(Handoff::new());
    let field = Arc::new(CodeField::new(handoff.clone()));
    field.activate(compiler());
    field.set_code(code.into());
    assert!(field.status().is_ok(), "{}", field.status());
    (field, handoff)
}

#[test]
fn bad_program_fields_load_the_defaults_and_report_it() {
    let good = serde_json::json!({"version": 2, "code": "out $ s \"bd\""}).to_string();
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("missing", None, "holds no Phonon program"),
        ("empty", Some(String::new()), "unreadable"),
        (
            "truncated",
            Some(good[..good.len() / 2].to_string()),
            "unreadable",
        ),
        ("not an object", Some("[1, 2, 3]".into()), "unreadable"),
        ("no code", Some(r#"{"version": 2}"#.into()), "unreadable"),
        (
            "code is a number",
            Some(r#"{"version": 2, "code": 5}"#.into()),
            "unreadable",
        ),
        (
            "negative version",
            Some(r#"{"version": -1, "code": "x"}"#.into()),
            "unreadable",
        ),
        (
            "version 0",
            Some(r#"{"version": 0, "code": "out $ s \"bd\""}"#.into()),
            "no valid version",
        ),
        (
            "future",
            Some(r#"{"version": 3, "code": "out $ s \"bd\"", "new_thing": [1]}"#.into()),
            "newer Phonon (state version 3",
        ),
        (
            "far future",
            Some(format!(r#"{{"version": {}, "code": ""}}"#, u32::MAX)),
            "newer Phonon",
        ),
        (
            "huge code",
            Some(serde_json::json!({"version": 2, "code": "x".repeat(2 << 20)}).to_string()),
            "too long",
        ),
        (
            "random",
            Some(String::from_utf8_lossy(&[0x9f, 0x00, 0xff, b'{', 0x13, b'"', 0xc3]).into_owned()),
            "unreadable",
        ),
    ];
    for (name, data, why) in cases {
        let (field, handoff) = active_field("tempo: 1\nout $ s \"sn*3\"");
        let mut engine = Engine::new(48000.0, handoff.clone());
        assert!(
            load(&field, &blob(data.as_deref())),
            "{name}: the blob itself is fine"
        );
        assert_eq!(field.code(), DEFAULT_CODE, "{name}: defaults loaded");
        assert_eq!(field.sample_folder(), None, "{name}");
        let status = field.status();
        let Status::Loaded(report) = &status else {
            panic!("{name}: {status:?}")
        };
        assert!(
            report.starts_with("State not loaded: ") && report.contains(why),
            "{name}: {status}"
        );
        assert!(
            report.ends_with("the default program is loaded."),
            "{name}: {status}"
        );
        // The default program reached the audio thread and plays.
        let (mut l, mut r) = (vec![0.0f32; 24_000], vec![0.0f32; 24_000]);
        engine.process(
            BlockInput {
                time: HostTime::None,
                beats_per_cycle: 4.0,
            },
            &mut l,
            &mut r,
        );
        assert_eq!(engine.program().unwrap().source, DEFAULT_CODE, "{name}");
        assert!(
            l.iter().any(|x| *x != 0.0) && l.iter().all(|x| x.is_finite()),
            "{name}: the default beat plays"
        );
        // The report stays until the code changes.
        field.activate(compiler());
        assert_eq!(
            field.status(),
            status,
            "{name}: reactivation keeps the report"
        );
        field.set_code("out $ s \"bd\"".into());
        assert!(
            field.status().is_ok(),
            "{name}: the next evaluation clears it"
        );
    }
}

#[test]
fn good_fields_load_without_a_report() {
    for (data, code, folder) in [
        (
            r#"{"version": 1, "code": "out $ s \"bd\""}"#,
            "out $ s \"bd\"",
            None,
        ),
        (
            r#"{"version": 2, "code": "out $ s \"hh\"", "sample_folder": "/x"}"#,
            "out $ s \"hh\"",
            Some("/x"),
        ),
        // Unknown extra keys of this version are ignored.
        (r#"{"version": 2, "code": "", "extra": 1}"#, "", None),
    ] {
        let (field, _) = active_field("out $ s \"sn\"");
        assert!(load(&field, &blob(Some(data))));
        assert_eq!(field.code(), code);
        assert_eq!(field.sample_folder().as_deref(), folder);
        assert!(field.status().is_ok(), "{data}");
    }
    // A good field whose code does not compile reports the compile error, not a state problem.
    let (field, _) = active_field("out $ s \"sn\"");
    assert!(load(
        &field,
        &blob(Some(r#"{"version": 2, "code": "out $ s \"bd"}"#))
    ));
    assert_eq!(
        field.status().error().map(|e| e.line),
        Some(1),
        "{}",
        field.status()
    );
    // Saving never writes a report.
    let saved = field.map(|s| serde_json::to_string(s).unwrap());
    assert!(!saved.contains("load_report"), "{saved}");
    assert_eq!(
        serde_json::from_str::<SavedState>(&saved).unwrap().version,
        STATE_VERSION
    );
}

#[test]
fn blobs_that_are_not_states_are_refused_and_change_nothing() {
    let mut random = vec![0u8; 4096];
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for b in random.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let whole = blob(Some(r#"{"version": 2, "code": "out $ s \"bd\""}"#));
    for (name, bytes) in [
        ("empty", vec![]),
        ("truncated", whole[..whole.len() - 7].to_vec()),
        ("random", random),
        ("zeros", vec![0; 64]),
        ("not a state", b"{\"hello\": 1}".to_vec()),
    ] {
        let (field, _) = active_field("tempo: 1\nout $ s \"sn*3\"");
        assert!(!load(&field, &bytes), "{name}: refused");
        assert_eq!(
            field.code(),
            "tempo: 1\nout $ s \"sn*3\"",
            "{name}: the instance keeps its program"
        );
        assert!(field.status().is_ok(), "{}", field.status());
    }
}

#[test]
fn read_field_never_panics_on_prefixes_of_a_state() {
    let good = serde_json::json!({"version": 2, "code": "out $ s \"bd*2 [~ sn]\" # gain 0.9", "sample_folder": "/s"}).to_string();
    for n in 0..good.len() {
        let s = read_field(Some(&good[..n]));
        assert!(
            s.load_report.is_some() && s.code == DEFAULT_CODE,
            "prefix {n}"
        );
    }
    assert!(read_field(Some(&good)).load_report.is_none());
}
