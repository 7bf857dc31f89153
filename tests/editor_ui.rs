//! The editor's egui UI run headless (no window): keys typed into the code box, Ctrl+Enter,
//! and what reaches the audio thread's hand-off; the error mark drawn at its line; a sample
//! name inserted at the cursor. The real window is tested under Xvfb by scripts/editor_xvfb.sh.

use egui::{Event, Key, Modifiers, RawInput};
use phonon::engine::{EngineStats, Handoff};
use phonon::lang::live::HeldNotes;
use phonon::lang::macros::Macros;
use phonon::plugin::editor::code_view::code_id;
use phonon::plugin::editor::PhononEditor;
use phonon::plugin::params::PhononParams;
use phonon::plugin::state::{CodeField, Compiler};
use phonon::samples::{BankIndex, Library};
use std::sync::Arc;

/// An editor on an activated code field, and the hand-off the audio thread would read.
struct Rig {
    ctx: egui::Context,
    editor: PhononEditor,
    handoff: Arc<Handoff>,
    code: Arc<CodeField>,
}

impl Rig {
    fn new() -> Rig {
        let handoff = Arc::new(Handoff::new());
        let code = Arc::new(CodeField::new(handoff.clone()));
        code.activate(Compiler {
            library: Arc::new(Library::with_kit(8000.0)),
            beats_per_cycle: 4.0,
            index: Arc::new(BankIndex::empty()),
            macros: Arc::new(Macros::default()),
            held: Arc::new(HeldNotes::default()),
        });
        // The default program is queued by activation: the audio thread takes it.
        assert!(handoff.take().is_some());
        let params = Arc::new(PhononParams::new(code.clone()));
        let editor = PhononEditor::new(params, Arc::new(EngineStats::default()));
        let mut rig = Rig { ctx: egui::Context::default(), editor, handoff, code };
        rig.frame(vec![]);
        rig
    }

    /// One frame with these input events; returns what was painted.
    fn frame(&mut self, events: Vec<Event>) -> egui::FullOutput {
        let input = RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(920.0, 620.0))),
            events,
            ..RawInput::default()
        };
        let editor = &mut self.editor;
        let mut out = self.ctx.run_ui(input, |ui| editor.draw(ui, None));
        // No renderer uploads the font atlas here.
        out.textures_delta.clear();
        out
    }

    fn key(key: Key, modifiers: Modifiers) -> Event {
        Event::Key { key, physical_key: None, pressed: true, repeat: false, modifiers }
    }

    /// Focuses the code box, selects all, types `text`, presses Ctrl+Enter.
    fn type_and_evaluate(&mut self, text: &str) -> egui::FullOutput {
        self.ctx.memory_mut(|m| m.request_focus(code_id()));
        self.frame(vec![]);
        self.frame(vec![Rig::key(Key::A, Modifiers::COMMAND)]);
        self.frame(vec![Event::Text(text.into())]);
        self.frame(vec![Rig::key(Key::Enter, Modifiers::COMMAND)]);
        self.frame(vec![])
    }
}

/// Every text painted in a frame.
fn painted_texts(out: &egui::FullOutput) -> Vec<String> {
    out.shapes
        .iter()
        .filter_map(|s| match &s.shape {
            egui::Shape::Text(t) => Some(t.galley.job.text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn typed_code_evaluated_with_ctrl_enter_reaches_the_audio_thread() {
    let mut rig = Rig::new();
    let code = "tempo: 0.5\nout $ s \"cp*4\" # gain 0.7";
    let out = rig.type_and_evaluate(code);
    assert_eq!(rig.editor.text, code, "Ctrl+Enter must not insert a newline");
    assert_eq!(rig.code.status(), "");
    let program = rig.handoff.take().expect("the evaluated program is handed to the audio thread");
    assert_eq!(program.source, code);
    assert_eq!(program.program.cps, Some(0.5));
    // The punchcard shows the new program's events and the status bar says ok.
    let texts = painted_texts(&out);
    // Two cycles of `cp*4` are 8 blocks (plus `cp` once in the sample browser); the default
    // program's `hh` blocks are gone (only the browser's `hh` is left).
    let count = |name: &str| texts.iter().filter(|t| *t == name).count();
    assert_eq!((count("cp"), count("hh")), (1 + 8, 1), "{texts:?}");
    assert!(texts.iter().any(|t| t == "ok"), "{texts:?}");
}

#[test]
fn an_error_is_marked_at_its_line_and_the_old_program_keeps_playing() {
    let mut rig = Rig::new();
    // (A fresh instance whose first own program fails goes silent: play one first.)
    rig.type_and_evaluate("out $ s \"bd\"");
    assert!(rig.handoff.take().is_some());
    let out = rig.type_and_evaluate("out $ s \"bd\"\n\nout $ nosuchfunction 2");
    assert!(rig.handoff.take().is_none(), "a program that does not compile is not handed over");
    let status = rig.code.status();
    assert!(status.starts_with("line 3, column "), "{status}");
    let texts = painted_texts(&out);
    // The gutter marks line 3 (and only line 3) and the status bar gives line:column.
    let marks: Vec<&String> = texts.iter().filter(|t| t.starts_with('▶')).collect();
    assert_eq!(marks, vec!["▶  3"], "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("error 3:7: ")), "{texts:?}");
}

#[test]
fn a_clicked_sample_name_is_inserted_at_the_cursor() {
    let mut rig = Rig::new();
    rig.type_and_evaluate("out $ s \"\"");
    rig.handoff.take();
    // Put the cursor between the quotes (character 9), as a click there would.
    let mut state = egui::text_edit::TextEditState::load(&rig.ctx, code_id()).unwrap();
    state.cursor.set_char_range(Some(egui::text::CCursorRange::one(egui::text::CCursor::new(9))));
    state.store(&rig.ctx, code_id());
    phonon::plugin::editor::code_view::insert_at_cursor(&rig.ctx, &mut rig.editor.text, "arpy");
    rig.frame(vec![Event::Text(" sn".into())]);
    assert_eq!(rig.editor.text, "out $ s \"arpy sn\"");
}
