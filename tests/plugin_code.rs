//! The editor's Evaluate path (`CodeField::set_code`): a good program reaches the audio thread
//! through the hand-off; a bad one is reported with its position and the old one keeps playing.

use phonon::engine::{BlockInput, Engine, Handoff, HostTime};
use phonon::plugin::state::{CodeField, Compiler};
use phonon::samples::{BankIndex, Library};
use std::sync::Arc;

fn compiler() -> Compiler {
    Compiler {
        library: Arc::new(Library::with_kit(48000.0)),
        beats_per_cycle: 4.0,
        index: Arc::new(BankIndex::empty()),
        macros: Arc::new(Default::default()),
        held: Arc::new(Default::default()),
    }
}

fn render_block(engine: &mut Engine) -> Vec<f32> {
    let (mut l, mut r) = (vec![0.0f32; 4800], vec![0.0f32; 4800]);
    engine.process(
        BlockInput {
            time: HostTime::None,
            beats_per_cycle: 4.0,
        },
        &mut l,
        &mut r,
    );
    l
}

#[test]
fn a_typo_is_reported_and_the_last_good_program_keeps_playing() {
    let handoff = Arc::new(Handoff::new());
    let field = CodeField::new(handoff.clone());
    field.activate(compiler());
    let mut engine = Engine::new(48000.0, handoff.clone());

    field.set_code("tempo: 1\nout $ s \"bd*4\"".into());
    assert!(field.status().is_ok(), "{}", field.status());
    assert!(
        render_block(&mut engine).iter().any(|x| *x != 0.0),
        "the good program plays"
    );
    assert_eq!(
        engine.program().unwrap().source,
        "tempo: 1\nout $ s \"bd*4\""
    );

    field.set_code("tempo: 1\nout $ fsat 2 $ s \"bd*4\"".into());
    let status = field.status();
    let e = status.error().expect("a compile error");
    assert_eq!((e.line, e.col), (2, 7), "{status}");
    assert!(e.message.contains("did you mean `fast`"), "{status}");
    render_block(&mut engine);
    assert_eq!(
        engine.program().unwrap().source,
        "tempo: 1\nout $ s \"bd*4\"",
        "the old program keeps playing"
    );
    assert_eq!(
        field.code(),
        "tempo: 1\nout $ fsat 2 $ s \"bd*4\"",
        "the typed code is kept for fixing"
    );

    field.set_code("tempo: 1\nout $ s \"bd [sn\"".into());
    let status = field.status();
    assert_eq!(status.error().map(|e| e.line), Some(2), "{status}");
}

#[test]
fn a_fresh_instance_with_a_bad_program_is_silent() {
    let handoff = Arc::new(Handoff::new());
    let field = CodeField::new(handoff.clone());
    field.set_code("out $ s \"bd".into());
    field.activate(compiler());
    assert!(
        field.status().to_string().contains("no closing"),
        "{}",
        field.status()
    );
    let mut engine = Engine::new(48000.0, handoff);
    for _ in 0..20 {
        assert!(render_block(&mut engine).iter().all(|x| *x == 0.0));
    }
}

#[test]
fn the_saved_sample_folder_is_searched() {
    use nice_plug::params::persist::PersistentField;
    use phonon::plugin::state::SavedState;
    // A folder with one bank, `blip`, that the kit does not have.
    let dir = std::env::temp_dir().join(format!("phonon-folder-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("blip")).unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join("blip").join("a.wav"), spec).unwrap();
    for i in 0..4800 {
        w.write_sample(((i as f32 * 0.05).sin() * 10000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();

    let handoff = Arc::new(Handoff::new());
    let field = Arc::new(CodeField::new(handoff.clone()));
    field.activate(compiler());
    let code = "tempo: 1\nout $ s \"blip*4\"".to_string();
    field.set(SavedState {
        version: 2,
        code: code.clone(),
        sample_folder: Some(dir.display().to_string()),
        language: None,
        load_report: None,
    });
    assert!(
        field.status().is_ok(),
        "the folder's bank is found: {}",
        field.status()
    );
    let mut engine = Engine::new(48000.0, handoff);
    assert!(render_block(&mut engine).iter().any(|x| *x != 0.0));
    // The state saves the folder, and a version-1 state (no folder) still loads.
    field.map(|s| {
        assert_eq!(
            s.sample_folder.as_deref(),
            Some(dir.display().to_string().as_str())
        )
    });
    let v1: SavedState = serde_json::from_str(r#"{"version":1,"code":"out $ s \"bd\""}"#).unwrap();
    assert_eq!(v1.sample_folder, None);
    std::fs::remove_dir_all(&dir).ok();
}
