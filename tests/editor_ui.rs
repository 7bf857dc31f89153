//! The editor's egui UI run headless (no window): keys typed into the code box, Ctrl+Enter
//! and clicks on the Evaluate and Hush buttons, and what reaches the audio thread's hand-off
//! (rendered by an engine reading it); the error mark drawn at its line; a sample name
//! inserted at the cursor. The real window is tested under Xvfb by scripts/editor_xvfb.sh.

use egui::{Event, Key, Modifiers, PointerButton, RawInput};
use phonon::engine::{BlockInput, Engine, EngineStats, Handoff, HostTime};
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
    /// The input's clock in seconds: each frame is half a second later (egui's undo groups
    /// the edits of one second).
    time: f64,
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
        let mut rig = Rig {
            ctx: egui::Context::default(),
            editor,
            handoff,
            code,
            time: 0.0,
        };
        rig.frame(vec![]);
        rig
    }

    /// One frame with these input events; returns what was painted.
    fn frame(&mut self, events: Vec<Event>) -> egui::FullOutput {
        let input = RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(920.0, 620.0),
            )),
            events,
            time: Some(self.time),
            ..RawInput::default()
        };
        self.time += 0.5;
        let editor = &mut self.editor;
        let mut out = self.ctx.run_ui(input, |ui| editor.draw(ui, None));
        // No renderer uploads the font atlas here.
        out.textures_delta.clear();
        out
    }

    fn key(key: Key, modifiers: Modifiers) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    /// Focuses the code box, selects all, types `text`.
    fn type_code(&mut self, text: &str) {
        self.ctx.memory_mut(|m| m.request_focus(code_id()));
        self.frame(vec![]);
        self.frame(vec![Rig::key(Key::A, Modifiers::COMMAND)]);
        self.frame(vec![Event::Text(text.into())]);
    }

    /// The names the editor offers to complete the word being typed.
    fn completion_names(&self) -> Vec<&str> {
        self.editor
            .completions
            .iter()
            .map(|e| e.name.as_str())
            .collect()
    }

    /// Focuses the code box, selects all, types `text`, presses Ctrl+Enter.
    fn type_and_evaluate(&mut self, text: &str) -> egui::FullOutput {
        self.type_code(text);
        self.frame(vec![Rig::key(Key::Enter, Modifiers::COMMAND)]);
        self.frame(vec![])
    }

    /// Clicks (moves to, presses, releases the primary button) the middle of the painted text
    /// `label`, e.g. a button's; returns the frame after.
    fn click(&mut self, label: &str) -> egui::FullOutput {
        let out = self.frame(vec![]);
        let at = out
            .shapes
            .iter()
            .find_map(|s| match &s.shape {
                egui::Shape::Text(t) if t.galley.job.text == label => {
                    Some(t.pos + t.galley.rect.center().to_vec2())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no {label:?} painted: {:?}", painted_texts(&out)));
        let button = |pressed| Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        };
        self.frame(vec![Event::PointerMoved(at)]);
        self.frame(vec![button(true)]);
        self.frame(vec![button(false)]);
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
    assert_eq!(
        rig.editor.text, code,
        "Ctrl+Enter must not insert a newline"
    );
    assert!(rig.code.status().is_ok(), "{}", rig.code.status());
    let program = rig
        .handoff
        .take()
        .expect("the evaluated program is handed to the audio thread");
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
    assert!(
        rig.handoff.take().is_none(),
        "a program that does not compile is not handed over"
    );
    let status = rig.code.status();
    assert_eq!(status.error().map(|e| e.line), Some(3), "{status}");
    let texts = painted_texts(&out);
    // The gutter marks line 3 (and only line 3) and the status bar gives line:column.
    let marks: Vec<&String> = texts.iter().filter(|t| t.starts_with('▶')).collect();
    assert_eq!(marks, vec!["▶  3"], "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("error 3:7: ")),
        "{texts:?}"
    );
}

#[test]
fn strudel_code_is_detected_shown_and_can_be_read_as_tidal_instead() {
    use phonon::lang::strudel::Dialect;
    let mut rig = Rig::new();
    let code = "$: s(\"cp*4\").gain(.7)";
    let out = rig.type_and_evaluate(code);
    assert!(rig.code.status().is_ok(), "{}", rig.code.status());
    let program = rig
        .handoff
        .take()
        .expect("the Strudel program is handed over");
    assert_eq!(program.program.dialect, Dialect::Strudel);
    let texts = painted_texts(&out);
    assert!(
        texts
            .iter()
            .any(|t| t == "Strudel (detected) · superdough's sounds"),
        "the status bar names the language: {texts:?}"
    );
    // Chosen as Tidal, the same text is an error there, and the choice is saved in the state.
    rig.code.set_language(Some(Dialect::Tidal));
    let out = rig.frame(vec![]);
    assert!(!rig.code.status().is_ok(), "Strudel's code is not Tidal's");
    assert!(painted_texts(&out)
        .iter()
        .any(|t| t == "Tidal · SuperDirt's sounds"));
    use nice_plug::params::persist::PersistentField;
    let saved = rig.code.map(|s| s.clone());
    assert_eq!(saved.language, Some(Dialect::Tidal));
    rig.code.set_language(None);
    assert!(rig.code.status().is_ok(), "{}", rig.code.status());
}

#[test]
fn typing_completes_names_explains_them_and_keys_comment_and_zoom() {
    let mut rig = Rig::new();
    rig.type_code("out $ ju");
    let out = rig.frame(vec![]);
    let names = rig.completion_names();
    assert_eq!(names.first(), Some(&"jux"), "{names:?}");
    assert!(names.contains(&"juxBy"), "{names:?}");
    assert!(
        painted_texts(&out).iter().any(|t| t == "juxBy"),
        "the list is shown"
    );
    // Tab takes the first completion; the help line explains the name under the cursor.
    rig.frame(vec![Rig::key(Key::Tab, Modifiers::NONE)]);
    assert_eq!(rig.editor.text, "out $ jux");
    let out = rig.frame(vec![]);
    assert!(
        rig.editor.help_line.starts_with("jux (function): "),
        "{}",
        rig.editor.help_line
    );
    assert!(painted_texts(&out)
        .iter()
        .any(|t| t.starts_with("jux (function)")));
    // Ctrl+/ comments the line out and back; Ctrl+= and Ctrl+- change the font size.
    rig.frame(vec![Rig::key(Key::Slash, Modifiers::COMMAND)]);
    assert_eq!(rig.editor.text, "-- out $ jux");
    rig.frame(vec![Rig::key(Key::Slash, Modifiers::COMMAND)]);
    assert_eq!(rig.editor.text, "out $ jux");
    let size = rig.editor.font_pt;
    rig.frame(vec![Rig::key(Key::Equals, Modifiers::COMMAND)]);
    assert_eq!(rig.editor.font_pt, size + 1.0);
    rig.frame(vec![Rig::key(Key::Minus, Modifiers::COMMAND)]);
    rig.frame(vec![Rig::key(Key::Minus, Modifiers::COMMAND)]);
    assert_eq!(rig.editor.font_pt, size - 1.0);
}

/// The configured sample folder's sub-folders complete as sounds, with their number of samples
/// and their folder in the help line.
#[test]
fn sample_folders_complete_with_their_count_and_path() {
    let root = std::env::temp_dir().join(format!("phonon-ui-folders-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("breaks152")).unwrap();
    for f in ["a.wav", "b.wav", "c.wav"] {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(root.join("breaks152").join(f), spec).unwrap();
        w.write_sample(0i16).unwrap();
        w.finalize().unwrap();
    }
    let mut rig = Rig::new();
    rig.code
        .set_sample_folder(Some(root.to_string_lossy().into_owned()));
    rig.type_code("out $ s \"breaks1");
    let names = rig.completion_names();
    assert_eq!(names, ["breaks152"]);
    rig.frame(vec![Rig::key(Key::Tab, Modifiers::NONE)]);
    assert_eq!(rig.editor.text, "out $ s \"breaks152");
    rig.frame(vec![]);
    let path = root.join("breaks152").display().to_string();
    assert!(
        rig.editor
            .help_line
            .starts_with("breaks152 (sample folder): 3 samples in ")
            && rig.editor.help_line.contains(&path),
        "{}",
        rig.editor.help_line
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn undo_and_redo_reach_across_an_evaluation() {
    let mut rig = Rig::new();
    rig.type_and_evaluate("out $ s \"bd\"");
    rig.handoff.take();
    // A musician pauses between edits (egui's undo groups the edits of one second).
    rig.frame(vec![]);
    rig.frame(vec![]);
    rig.frame(vec![]);
    rig.ctx.memory_mut(|m| m.request_focus(code_id()));
    rig.frame(vec![]);
    rig.frame(vec![Event::Text(" # gain 0.5".into())]);
    assert_eq!(rig.editor.text, "out $ s \"bd\" # gain 0.5");
    rig.frame(vec![]);
    rig.frame(vec![]);
    rig.frame(vec![]);
    rig.frame(vec![Rig::key(Key::Z, Modifiers::COMMAND)]);
    assert_eq!(
        rig.editor.text, "out $ s \"bd\"",
        "Ctrl+Z undoes the edit after the evaluation"
    );
    rig.frame(vec![Rig::key(
        Key::Z,
        Modifiers::COMMAND | Modifiers::SHIFT,
    )]);
    assert_eq!(
        rig.editor.text, "out $ s \"bd\" # gain 0.5",
        "Ctrl+Shift+Z redoes it"
    );
}

#[test]
fn a_clicked_sample_name_is_inserted_at_the_cursor() {
    let mut rig = Rig::new();
    rig.type_and_evaluate("out $ s \"\"");
    rig.handoff.take();
    // Put the cursor between the quotes (character 9), as a click there would.
    let mut state = egui::text_edit::TextEditState::load(&rig.ctx, code_id()).unwrap();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(
            egui::text::CCursor::new(9),
        )));
    state.store(&rig.ctx, code_id());
    phonon::plugin::editor::code_view::insert_at_cursor(&rig.ctx, &mut rig.editor.text, "arpy");
    rig.frame(vec![Event::Text(" sn".into())]);
    assert_eq!(rig.editor.text, "out $ s \"arpy sn\"");
}

/// Renders `n` samples (free-running, 64-sample blocks) as the audio thread would: the engine
/// takes whatever the editor handed over at each block start.
fn render(engine: &mut Engine, n: usize) -> Vec<f32> {
    let (mut l, mut r) = (vec![0.0f32; n], vec![0.0f32; n]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    for (bl, br) in l.chunks_mut(64).zip(r.chunks_mut(64)) {
        engine.process(input, bl, br);
    }
    l.iter()
        .zip(&r)
        .map(|(a, b)| a.abs().max(b.abs()))
        .collect()
}

/// The first non-zero sample after 64 exact zeros (the start counts as silence).
fn onsets(x: &[f32]) -> Vec<usize> {
    let (mut zeros, mut found) = (64, vec![]);
    for (i, v) in x.iter().enumerate() {
        if *v == 0.0 {
            zeros += 1;
        } else {
            if zeros >= 64 {
                found.push(i);
            }
            zeros = 0;
        }
    }
    found
}

/// Typed code plays only once the Evaluate button is clicked; the Hush button then plays
/// silence (the clap sounding at the click rings out unchanged, no new event) until Evaluate is
/// clicked again, which plays the code box again on its beats. At 8 kHz and 0.5 cycles per
/// second `cp*4` starts a clap every 4000 samples of the engine's free-running clock.
#[test]
fn evaluate_and_hush_buttons_reach_the_audio_thread() {
    let mut rig = Rig::new();
    let mut engine = Engine::new(8000.0, rig.handoff.clone());
    let code = "tempo: 0.5\nout $ s \"cp*4\"";
    rig.type_code(code);
    assert_eq!(rig.editor.text, code);
    assert!(
        render(&mut engine, 4_000).iter().all(|x| *x == 0.0),
        "typing alone plays something"
    );
    assert!(engine.program().is_none());

    let out = rig.click("Evaluate (Ctrl+Enter)");
    assert_eq!(
        painted_texts(&out).iter().filter(|t| *t == "cp").count(),
        1 + 8,
        "no punchcard after Evaluate"
    );
    let played = render(&mut engine, 4_200); // samples 4000..8200
    assert_eq!(
        engine.program().unwrap().source,
        code,
        "Evaluate did not reach the hand-off"
    );
    assert_eq!(
        onsets(&played),
        vec![0, 4_000],
        "claps on samples 4000 and 8000"
    );

    // Hush 200 samples into the clap from 8000.
    let out = rig.click("Hush");
    assert!(rig.code.status().is_ok(), "{}", rig.code.status());
    assert_eq!(
        painted_texts(&out).iter().filter(|t| *t == "cp").count(),
        1,
        "the punchcard still shows claps"
    );
    assert_eq!(rig.editor.text, code, "Hush changed the code box");
    let hushed = render(&mut engine, 16_000); // 8200..24200: claps were due at 12000, 16000, ..
    assert_eq!(
        engine.program().unwrap().source,
        "",
        "Hush did not reach the hand-off"
    );
    let ring = hushed.iter().rposition(|x| *x != 0.0).map_or(0, |i| i + 1);
    eprintln!("after Hush: the clap from 8000 rings {ring} more samples, then silence");
    assert!(
        ring > 100 && hushed[..ring] == played[200..200 + ring],
        "the sounding clap was cut or changed"
    );
    assert!(ring < 3_800, "sound {ring} samples after Hush");
    assert_eq!(onsets(&hushed), vec![0], "a new event after Hush");
    assert!(
        render(&mut engine, 8_000).iter().all(|x| *x == 0.0),
        "Hush is not silence"
    ); // to 32200

    rig.click("Evaluate (Ctrl+Enter)");
    let again = render(&mut engine, 8_000); // 32200..40200
    assert_eq!(engine.program().unwrap().source, code);
    assert_eq!(
        onsets(&again),
        vec![3_800, 7_800],
        "Evaluate after Hush plays the code again"
    );
    assert!(
        again[3_800..7_800] == played[..4_000],
        "not the same clap as before Hush"
    );
}

/// The Examples menu lists the embedded examples and the user's own folder; picking one puts
/// it in the code box and plays it at once.
#[test]
fn an_example_picked_from_the_menu_loads_and_plays() {
    let mut rig = Rig::new();
    rig.click("Examples");
    let ex = &phonon::examples::EXAMPLES[0];
    rig.click(ex.title);
    assert_eq!(rig.editor.text, ex.code);
    assert!(
        rig.handoff.take().is_some(),
        "the example reached the audio thread"
    );
    // The user's programs: the folder typed next to the menu.
    let dir = std::env::temp_dir().join(format!("phonon-mine-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("my_beat.ph"), "out $ s \"bd*2 sn\"").unwrap();
    rig.editor.examples.folder = dir.to_string_lossy().into_owned();
    rig.frame(vec![]);
    rig.click("My programs (1)");
    rig.click("my_beat.ph");
    assert_eq!(rig.editor.text, "out $ s \"bd*2 sn\"");
    assert!(rig.handoff.take().is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The host's track (CLAP track-info) names the editor: its title shows the name, with a
/// swatch of the track's colour.
#[test]
fn the_hosts_track_name_and_colour_title_the_editor() {
    use nice_plug::prelude::{TrackColor, TrackInfo};
    let mut rig = Rig::new();
    assert!(!painted_texts(&rig.frame(vec![]))
        .iter()
        .any(|t| t.starts_with("Phonon on")));
    rig.editor.set_track(&TrackInfo::new(
        "Drums",
        Some(TrackColor::new(200, 40, 40, 255)),
    ));
    let out = rig.frame(vec![]);
    assert!(painted_texts(&out).contains(&"Phonon on Drums".to_string()));
    let red = egui::Color32::from_rgba_unmultiplied(200, 40, 40, 255);
    let swatch = out.shapes.iter().any(|s| match &s.shape {
        egui::Shape::Rect(r) => r.fill == red,
        _ => false,
    });
    assert!(swatch, "no swatch of the track's colour painted");
}

/// Ctrl+F opens the find row; Enter highlights the next occurrence in the code (case ignored)
/// and puts the code's cursor after it; Enter again, the one after.
#[test]
fn ctrl_f_finds_the_next_occurrence() {
    let mut rig = Rig::new();
    rig.type_code("out $ s \"bd SN hh sn\"");
    rig.frame(vec![Rig::key(Key::F, Modifiers::COMMAND)]);
    rig.frame(vec![Event::Text("sn".into())]);
    rig.frame(vec![Rig::key(Key::Enter, Modifiers::NONE)]);
    let out = rig.frame(vec![]);
    assert_eq!(rig.editor.find.current, Some((12, 14)));
    assert_eq!(rig.editor.find.message, "1 of 2");
    let cursor = |rig: &Rig| {
        egui::text_edit::TextEditState::load(&rig.ctx, code_id())
            .unwrap()
            .cursor
            .char_range()
            .unwrap()
            .primary
            .index
            .0
    };
    assert_eq!(cursor(&rig), 14);
    let highlight = out.shapes.iter().any(|s| match &s.shape {
        egui::Shape::Rect(r) => r.fill == phonon::plugin::editor::code_view::FOUND,
        _ => false,
    });
    assert!(highlight, "the occurrence is not highlighted");
    rig.frame(vec![Rig::key(Key::Enter, Modifiers::NONE)]);
    rig.frame(vec![]);
    assert_eq!(rig.editor.find.current, Some((18, 20)));
    assert_eq!(cursor(&rig), 20);
    assert_eq!(rig.editor.find.message, "2 of 2");
}

/// Publishes `cycle` as the audio thread does and draws a frame: the character ranges lit.
fn lit_at(rig: &mut Rig, cycle: f64) -> Vec<(usize, usize)> {
    rig.editor
        .stats
        .cycle_bits
        .store(cycle.to_bits(), std::sync::atomic::Ordering::Relaxed);
    rig.frame(vec![]);
    rig.editor.lit.clone()
}

/// The character range of the `nth` occurrence of `word` in the code box.
fn word_at(rig: &Rig, word: &str, nth: usize) -> (usize, usize) {
    let (b, _) = rig.editor.text.match_indices(word).nth(nth).unwrap();
    let a = rig.editor.text[..b].chars().count();
    (a, a + word.chars().count())
}

/// The character range of the function name `name` written just before `(` or ` "`.
fn name_at(rig: &Rig, name: &str) -> (usize, usize) {
    let (a, _) = [format!("{name}("), format!("{name} \"")]
        .iter()
        .find(|w| rig.editor.text.contains(w.as_str()))
        .map(|w| word_at(rig, w, 0))
        .unwrap();
    (a, a + name.chars().count())
}

/// Tidal's code: while the cycle moves, `bd` is lit for the first half of each cycle and `sn`
/// for the second, each with the function that made it (`s`), drawn as a box over the word;
/// when the host stops (the cycle stays), nothing is.
#[test]
fn live_code_lights_the_word_whose_event_sounds() {
    let mut rig = Rig::new();
    rig.type_and_evaluate("out $ s \"bd sn\"");
    let (bd, sn, s) = (
        word_at(&rig, "bd", 0),
        word_at(&rig, "sn", 0),
        name_at(&rig, "s"),
    );
    assert_eq!(lit_at(&mut rig, 0.25), vec![s, bd]);
    assert_eq!(lit_at(&mut rig, 0.75), vec![s, sn]);
    assert_eq!(lit_at(&mut rig, 1.0), vec![s, bd]);
    assert_eq!(lit_at(&mut rig, 1.4999), vec![s, bd]);
    assert_eq!(lit_at(&mut rig, 1.5), vec![s, sn]);
    assert_eq!(lit_at(&mut rig, 7.99), vec![s, sn]);
    let out = rig.frame(vec![]);
    assert_eq!(rig.editor.lit, vec![], "lit after the cycle stopped moving");
    let boxes = |out: &egui::FullOutput| {
        out.shapes
            .iter()
            .filter(|s| matches!(&s.shape, egui::Shape::Rect(r) if r.fill == phonon::plugin::editor::live_code::LIT))
            .count()
    };
    assert_eq!(boxes(&out), 0);
    rig.editor
        .stats
        .cycle_bits
        .store(2.25f64.to_bits(), std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        boxes(&rig.frame(vec![])),
        2,
        "no boxes drawn over `s` and `bd`"
    );
}

/// Strudel's code: `s("bd sn")`, and in `note("c e").s("sawtooth")` each note with the sound
/// the `.s` gives it.
#[test]
fn live_code_lights_strudel_words() {
    let mut rig = Rig::new();
    rig.type_and_evaluate("s(\"bd sn\")");
    let s = name_at(&rig, "s");
    assert_eq!(lit_at(&mut rig, 0.25), vec![s, word_at(&rig, "bd", 0)]);
    assert_eq!(lit_at(&mut rig, 0.75), vec![s, word_at(&rig, "sn", 0)]);
    rig.type_and_evaluate("note(\"c e\").s(\"sawtooth\")");
    let (note, c, e, s, saw) = (
        name_at(&rig, "note"),
        word_at(&rig, "c", 0),
        word_at(&rig, "e", 1), // the first is `note`'s
        name_at(&rig, "s"),
        word_at(&rig, "sawtooth", 0),
    );
    assert_eq!(lit_at(&mut rig, 0.1), vec![note, c, s, saw]);
    assert_eq!(lit_at(&mut rig, 0.6), vec![note, e, s, saw]);
}

/// Functions and their constant arguments light with the events they made: Tidal's
/// `every 2 (fast 2)` in the cycles it transforms, `# lpf 800`; Strudel's `.fast("<2 1>")`
/// (the factor in use) and `.lpf(800)`.
#[test]
fn live_code_lights_functions_and_constants() {
    let mut rig = Rig::new();
    rig.type_and_evaluate("out $ every 2 (fast 2) $ s \"bd\" # lpf 800");
    let lit_words = |rig: &mut Rig, cycle: f64| -> Vec<String> {
        let chars: Vec<char> = rig.editor.text.chars().collect();
        lit_at(rig, cycle)
            .iter()
            .map(|&(a, b)| chars[a..b].iter().collect())
            .collect()
    };
    assert_eq!(
        lit_words(&mut rig, 0.25),
        ["every", "2", "fast", "2", "s", "bd", "lpf", "800"]
    );
    assert_eq!(
        lit_words(&mut rig, 1.25),
        ["every", "2", "s", "bd", "lpf", "800"]
    );
    rig.type_and_evaluate("s(\"bd\").fast(\"<2 1>\").lpf(800)");
    assert_eq!(
        lit_words(&mut rig, 0.25),
        ["s", "bd", "fast", "2", "lpf", "800"]
    );
    assert_eq!(
        lit_words(&mut rig, 1.25),
        ["s", "bd", "fast", "1", "lpf", "800"]
    );
}

/// After the evaluation the lit words follow the edits: text typed before them moves them,
/// a word typed over goes dark, the others stay lit at their new place.
#[test]
fn live_code_follows_edits_until_the_next_evaluate() {
    let mut rig = Rig::new();
    rig.type_and_evaluate("out $ s \"bd sn\"");
    let put_cursor = |rig: &mut Rig, a: usize, b: usize| {
        let mut state =
            egui::text_edit::TextEditState::load(&rig.ctx, code_id()).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(a),
                egui::text::CCursor::new(b),
            )));
        state.store(&rig.ctx, code_id());
    };
    put_cursor(&mut rig, 0, 0);
    rig.frame(vec![Event::Text("-- é\n".into())]);
    assert!(
        rig.editor.text.starts_with("-- é\nout"),
        "{:?}",
        rig.editor.text
    );
    let s = name_at(&rig, "s");
    assert_eq!(lit_at(&mut rig, 0.25), vec![s, word_at(&rig, "bd", 0)]);
    assert_eq!(lit_at(&mut rig, 0.75), vec![s, word_at(&rig, "sn", 0)]);
    let bd = word_at(&rig, "bd", 0);
    put_cursor(&mut rig, bd.0, bd.1);
    rig.frame(vec![Event::Text("cp".into())]);
    assert!(
        rig.editor.text.contains("\"cp sn\""),
        "{:?}",
        rig.editor.text
    );
    // `bd` was typed over: only `s` stays lit with its event.
    assert_eq!(lit_at(&mut rig, 0.25), vec![s]);
    assert_eq!(lit_at(&mut rig, 0.75), vec![s, word_at(&rig, "sn", 0)]);
    // Evaluated again: the new words light.
    rig.frame(vec![Rig::key(Key::Enter, Modifiers::COMMAND)]);
    assert_eq!(lit_at(&mut rig, 0.25), vec![s, word_at(&rig, "cp", 0)]);
}
