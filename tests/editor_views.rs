//! The editor's views of each output: the scope samples the audio thread publishes (equal to the
//! rendered samples, published without allocating), the spectrum's peak at a sine's frequency,
//! the view the code chooses (Strudel's `.pianoroll()`, a Tidal `-- view:` comment), the
//! editor drawing and switching views (egui run headless), and its macro knobs named by the code.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use egui::{Event, Key, Modifiers, PointerButton, RawInput};
use phonon::engine::scope::SCOPE_LEN;
use phonon::engine::{BlockInput, Engine, EngineStats, Handoff, HostTime, LoadedProgram};
use phonon::lang::compile_program;
use phonon::lang::live::HeldNotes;
use phonon::lang::macros::Macros;
use phonon::lang::views::View;
use phonon::plugin::editor::code_view::code_id;
use phonon::plugin::editor::punchcard::program_rows;
use phonon::plugin::editor::spectrum::{peak_hz, Spectrum, FFT_SIZE};
use phonon::plugin::editor::PhononEditor;
use phonon::plugin::params::PhononParams;
use phonon::plugin::state::{CodeField, Compiler};
use phonon::samples::{BankIndex, Library};
use std::sync::Arc;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const FREE: BlockInput = BlockInput {
    time: HostTime::None,
    beats_per_cycle: 4.0,
};

/// `out` and `o2` (routed to a port of its own) rendered in blocks of varied sizes without
/// allocating: each output's published samples are the samples it rendered, the newest last.
#[test]
fn the_published_scope_is_the_rendered_samples() {
    let sr = 48000.0;
    let lib = Library::with_kit(sr as f32);
    let mut engine = Engine::new(sr, Arc::new(Handoff::new()));
    let src = "out $ sine 440 * 0.5\no2 $ sine 1000 * 0.25";
    engine.set_program(LoadedProgram::compile(src, &lib, 4.0).unwrap());
    let total = 3 * SCOPE_LEN + 123;
    let (mut l, mut r, mut o2) = (vec![0.0f32; total], vec![0.0f32; total], vec![0.0; total]);
    let sizes = [64, 1, 512, 300, 700, 37];
    let mut at = 0;
    for k in 0.. {
        if at >= total {
            break;
        }
        let n = sizes[k % sizes.len()].min(total - at);
        let port = &mut o2[at..at + n];
        let (bl, br) = (&mut l[at..at + n], &mut r[at..at + n]);
        assert_no_alloc(|| {
            engine.process_routed(FREE, bl, br, &mut |output, off, ol, _| {
                if output != 2 {
                    return false;
                }
                port[off..off + ol.len()].copy_from_slice(ol);
                true
            })
        });
        at += n;
    }
    assert_eq!(l, r, "a sine is in the middle");
    let scopes = &engine.stats.scopes;
    assert_eq!(scopes.written(0), total as u64);
    assert_eq!(scopes.written(2), total as u64);
    assert_eq!(scopes.written(1), 0, "o1 plays nothing");
    assert_eq!(scopes.sample_rate(), sr);
    let m = 3000;
    let mut got = vec![0.0f32; m];
    assert!(scopes.read(0, &mut got));
    assert_eq!(got, l[total - m..]);
    assert!(got.iter().any(|x| x.abs() > 0.49), "the sine is there");
    assert!(scopes.read(2, &mut got));
    assert_eq!(got, o2[total - m..]);
    assert_eq!(
        scopes.torn_reads.load(std::sync::atomic::Ordering::Relaxed),
        0
    );
}

/// The spectrum of the published samples peaks at the sine's frequency, at its level.
#[test]
fn the_spectrum_peaks_at_the_sines_frequency() {
    for (sr, hz) in [(48000.0, 440.0), (44100.0, 1234.5), (8000.0, 440.0)] {
        let lib = Library::with_kit(sr as f32);
        let mut engine = Engine::new(sr, Arc::new(Handoff::new()));
        let src = format!("out $ sine {hz} * 0.5");
        engine.set_program(LoadedProgram::compile(&src, &lib, 4.0).unwrap());
        let (mut l, mut r) = (vec![0.0f32; 256], vec![0.0f32; 256]);
        for _ in 0..16 {
            l.fill(0.0);
            r.fill(0.0);
            engine.process(FREE, &mut l, &mut r);
        }
        let mut x = vec![0.0f32; FFT_SIZE];
        assert!(engine.stats.scopes.read(0, &mut x));
        let mut s = Spectrum::default();
        let db = s.compute(&x).to_vec();
        let peak = peak_hz(&db, sr);
        let bin = sr / FFT_SIZE as f64;
        assert!(
            (peak - hz).abs() < bin * 0.1,
            "{hz} Hz at {sr}: peak at {peak} (bins {bin} Hz apart)"
        );
        // Amplitude 0.5 is -6 dB; between bins the Hann window loses up to 1.42 dB.
        let top = db.iter().cloned().fold(f32::MIN, f32::max);
        eprintln!("{hz} Hz at {sr}: peak at {peak:.3} Hz, {top:.2} dB");
        assert!((-7.6..=-5.9).contains(&top), "{top} dB");
    }
}

#[test]
fn the_code_chooses_each_outputs_view() {
    let tidal = "d1 $ s \"bd sn\"\n-- the bass\n-- view: pianoroll\nd2 $ n \"0 7\" # s \"superpiano\"\nd3 $ sine 440 -- view: scope\n-- view: spectrum\nout $ sine 220";
    let p = compile_program(tidal, 4.0).unwrap();
    assert_eq!(
        p.views,
        vec![(0, View::Spectrum), (2, View::Pianoroll), (3, View::Scope)]
    );
    let strudel = "$: s(\"bd sd\").punchcard()\n$: note(\"c3 e3 g3\").s(\"piano\").pianoroll()\n$: s(\"hh*8\")._scope()\n$: note(\"c2\").color('red')";
    let p = compile_program(strudel, 4.0).unwrap();
    assert_eq!(
        p.views,
        vec![(1, View::Punchcard), (2, View::Pianoroll), (3, View::Scope)]
    );
    // A single pattern plays on `out`; `all(x => x.fscope())` chooses for every output not
    // chosen otherwise; a `// view:` comment works in Strudel too.
    let p = compile_program("note(\"c e g\").pianoroll()", 4.0).unwrap();
    assert_eq!(p.views, vec![(0, View::Pianoroll)]);
    let p = compile_program(
        "all(x => x.fscope())\n$: s(\"bd\")\n// view: pianoroll\n$: note(\"c e\")",
        4.0,
    )
    .unwrap();
    assert_eq!(p.views, vec![(1, View::Spectrum), (2, View::Pianoroll)]);
    // A comment anywhere in the output's block: on a later line, or an indented line below.
    let tidal = "d1 $ s \"bd sn\"\n  # lpf 800 -- view: scope\n  # room 0.2\nd2 $ n \"0 7\"\n  # s \"superpiano\"\n  -- view: pianoroll\nd3 $ s \"hh\"";
    let p = compile_program(tidal, 4.0).unwrap();
    assert_eq!(p.views, vec![(1, View::Scope), (2, View::Pianoroll)]);
    let strudel = "$: note(\"c e\")\n  .s(\"piano\") // view: pianoroll\n$: s(\"bd\")\n  // view: spectrum\n$: s(\"hh\")";
    let p = compile_program(strudel, 4.0).unwrap();
    assert_eq!(p.views, vec![(1, View::Pianoroll), (2, View::Spectrum)]);
    // The view call shapes nothing: the events are those without it.
    let events = |src: &str| program_rows(&compile_program(src, 4.0).unwrap(), 0, 2);
    let with = events("$: note(\"c e g\").pianoroll()");
    assert_eq!(with, events("$: note(\"c e g\")"));
    assert_eq!(with[0].events.len(), 6);
}

/// An editor whose engine renders what the editor evaluates into the stats the editor reads.
struct Rig {
    ctx: egui::Context,
    editor: PhononEditor,
    engine: Engine,
    time: f64,
}

impl Rig {
    fn new(sr: f32) -> Rig {
        let handoff = Arc::new(Handoff::new());
        let code = Arc::new(CodeField::new(handoff.clone()));
        code.activate(Compiler {
            library: Arc::new(Library::with_kit(sr)),
            beats_per_cycle: 4.0,
            index: Arc::new(BankIndex::empty()),
            macros: Arc::new(Macros::default()),
            held: Arc::new(HeldNotes::default()),
        });
        let stats = Arc::new(EngineStats::default());
        let mut engine = Engine::new(sr as f64, handoff);
        engine.stats = stats.clone();
        let editor = PhononEditor::new(Arc::new(PhononParams::new(code)), stats);
        Rig {
            ctx: egui::Context::default(),
            editor,
            engine,
            time: 0.0,
        }
    }

    /// One frame of the editor with these input events, half a second after the last.
    fn frame(&mut self, events: Vec<Event>) -> egui::FullOutput {
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(920.0, 720.0));
        let time = Some(self.time);
        self.time += 0.5;
        let (ctx, editor) = (&self.ctx, &mut self.editor);
        let input = RawInput {
            screen_rect: Some(screen),
            events,
            time,
            ..RawInput::default()
        };
        let mut out = ctx.run_ui(input, |ui| editor.draw(ui, None));
        out.textures_delta.clear(); // no renderer takes the font atlas
        out
    }

    /// Replaces the code with `text` and presses Ctrl+Enter.
    fn evaluate(&mut self, text: &str) {
        self.ctx.memory_mut(|m| m.request_focus(code_id()));
        self.frame(vec![]);
        let key = |key| Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::COMMAND,
        };
        self.frame(vec![key(Key::A)]);
        self.frame(vec![Event::Text(text.into())]);
        self.frame(vec![key(Key::Enter)]);
    }

    fn render(&mut self, samples: usize) {
        let (mut l, mut r) = (vec![0.0f32; 256], vec![0.0f32; 256]);
        for _ in 0..samples / 256 {
            self.engine.process(FREE, &mut l, &mut r);
        }
    }

    /// Clicks the middle of the first painted text `label`: moves there, presses, releases.
    fn click(&mut self, label: &str) -> egui::FullOutput {
        let before = self.frame(vec![]);
        let Some((_, at)) = placed_texts(&before).into_iter().find(|(t, _)| t == label) else {
            panic!("no {label:?} painted: {:?}", texts(&before));
        };
        let press = |pressed| Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        };
        for e in [Event::PointerMoved(at), press(true), press(false)] {
            self.frame(vec![e]);
        }
        self.frame(vec![])
    }
}

/// Every text painted in a frame, with its centre.
fn placed_texts(out: &egui::FullOutput) -> Vec<(String, egui::Pos2)> {
    let mut found = vec![];
    for s in &out.shapes {
        if let egui::Shape::Text(t) = &s.shape {
            let centre = t.pos + t.galley.rect.center().to_vec2();
            found.push((t.galley.job.text.clone(), centre));
        }
    }
    found
}

fn texts(out: &egui::FullOutput) -> Vec<String> {
    placed_texts(out).into_iter().map(|(t, _)| t).collect()
}

/// The longest line drawn (a scope's or spectrum's trace), in points.
fn longest_line(out: &egui::FullOutput) -> usize {
    out.shapes
        .iter()
        .filter_map(|s| match &s.shape {
            egui::Shape::Path(p) => Some(p.points.len()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// Each output is drawn in the view its code chooses, with a selector naming it; a click on the
/// selector switches `out` from the scope to the spectrum, whose peak is the sine's.
#[test]
fn the_editor_draws_each_outputs_view_and_a_click_switches_it() {
    let mut rig = Rig::new(8000.0);
    rig.evaluate(
        "out $ sine 440 * 0.5 -- view: scope\n-- view: pianoroll\no1 $ n \"0 7 12\" # s \"superpiano\"\no2 $ s \"bd sn\"",
    );
    rig.render(8192);
    let out = rig.frame(vec![]);
    let t = texts(&out);
    for name in ["scope", "pianoroll", "punchcard"] {
        assert!(
            t.iter().any(|x| x == name),
            "the selector names {name}: {t:?}"
        );
    }
    // The pianoroll labels its range (0 ..= 12); the punchcard names its sounds.
    for name in ["12", "0", "bd", "sn"] {
        assert!(t.iter().any(|x| x == name), "{name}: {t:?}");
    }
    // The scope's trace: SCOPE_SAMPLES points.
    assert_eq!(longest_line(&out), 1024);
    assert!(!t.iter().any(|x| x.starts_with("peak")), "{t:?}");
    // The selector of `out` (the first "scope" painted) opens; "spectrum" picks the spectrum.
    rig.click("scope");
    rig.click("spectrum");
    rig.render(4096);
    let out = rig.frame(vec![]);
    let t = texts(&out);
    assert!(t.iter().any(|x| x == "peak 440 Hz"), "{t:?}");
    assert_eq!(
        rig.editor.views.view(0, Some(View::Scope)),
        View::Spectrum,
        "the click holds while the code still says scope"
    );
}

/// A host's GUI context that takes nothing (the knobs are drawn, never moved here).
struct NoHost;

impl nice_plug::prelude::GuiContextInner for NoHost {
    fn plugin_api(&self) -> nice_plug::prelude::PluginApi {
        nice_plug::prelude::PluginApi::Clap
    }
    unsafe fn raw_begin_set_parameter(&self, _: nice_plug::prelude::ParamPtr) {}
    unsafe fn raw_set_parameter_normalized(&self, _: nice_plug::prelude::ParamPtr, _: f32) {}
    unsafe fn raw_end_set_parameter(&self, _: nice_plug::prelude::ParamPtr) {}
    fn get_state(&self) -> nice_plug::prelude::PluginState {
        nice_plug::prelude::PluginState {
            version: String::new(),
            params: Default::default(),
            fields: Default::default(),
        }
    }
    fn set_state(&self, _: nice_plug::prelude::PluginState) {}
    fn request_restart(&self) {}
}

/// The editor's macro knobs carry the code's names: `pitch` and `cutoff` beside macros 1 and 3,
/// `m2` where the code names none; after code without names, `m1` again.
#[test]
fn the_editors_knobs_show_the_codes_names() {
    let mut rig = Rig::new(8000.0);
    let code = rig.editor.params.code.clone();
    let host = NoHost;
    let setter = nice_plug::prelude::ParamSetter::new(&host);
    let mut labels = |src: &str| {
        code.set_code(src.into());
        // The second frame (the first lays the panels out).
        let mut out = egui::FullOutput::default();
        for _ in 0..2 {
            out.textures_delta.clear();
            out = rig
                .ctx
                .run_ui(RawInput::default(), |ui| rig.editor.draw(ui, Some(&setter)));
        }
        out.textures_delta.clear();
        texts(&out)
    };
    let named = labels(
        "out $ s \"bd*4\" # speed (macro 1 \"pitch\" + 1) # lpf (macro 3 \"cutoff\" * 4000 + 400)",
    );
    for label in ["pitch", "m2", "cutoff", "m4"] {
        assert!(named.iter().any(|t| t == label), "{label}: {named:?}");
    }
    assert!(!named.iter().any(|t| t == "m1" || t == "m3"), "{named:?}");
    let plain = labels("out $ s \"bd*4\"");
    assert!(plain.iter().any(|t| t == "m1"), "{plain:?}");
    assert!(!plain.iter().any(|t| t == "pitch"), "{plain:?}");
}
