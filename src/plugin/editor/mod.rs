//! The editor: a toolbar (Evaluate, Hush, master gain, beats per cycle, macros, sample folder,
//! presets), the code box with the error marked at its line, the sample browser, each output's
//! view (punchcard, pianoroll, scope, spectrum) and the status bar. One file per widget; this one
//! lays them out and runs the actions.
//!
//! Everything is sized in egui points (logical pixels): nice-plug-egui scales by the host's DPI
//! factor, so the editor reads the same at any scale.

pub mod code_view;
pub mod examples_menu;
pub mod find;
pub mod help;
mod highlight;
pub mod live_code;
pub mod pianoroll;
pub mod presets;
pub mod punchcard;
pub mod sample_browser;
pub mod sample_folders;
pub mod scope;
pub mod spectrum;
pub mod status_bar;
pub mod views;

use super::params::PhononParams;
use crate::engine::EngineStats;
use nice_plug::context::gui::{GuiContext, ParamSetter};
use nice_plug::prelude::TrackInfo;
use nice_plug_egui::widgets::ParamSlider;
use nice_plug_egui::{Frame, NiceEguiApp};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The editor's size when first opened, in logical pixels (points).
pub const DEFAULT_SIZE_PT: (f64, f64) = (920.0, 620.0);
/// The smallest size the window can be resized to, in logical pixels.
pub const MIN_SIZE_PT: (f32, f32) = (560.0, 380.0);
/// Set by the standalone binary to run without a window (no display, `--no-editor`).
static HEADLESS: AtomicBool = AtomicBool::new(false);

/// Whether the plugin offers no editor (the standalone's headless mode).
pub fn headless() -> bool {
    HEADLESS.load(Ordering::Relaxed)
}

/// Makes the plugin offer no editor (before the wrapper asks for one).
pub fn set_headless(on: bool) {
    HEADLESS.store(on, Ordering::Relaxed);
}

/// Editor state; lives for the plugin's lifetime (egui reuses it on every open).
pub struct PhononEditor {
    pub params: Arc<PhononParams>,
    pub stats: Arc<EngineStats>,
    /// The text being edited. Owner: GUI thread.
    pub text: String,
    /// The sample folder being typed. Owner: GUI thread.
    folder: String,
    /// The code generation the text was loaded from (to pick up state loads).
    seen_generation: u64,
    gui: Option<GuiContext>,
    punchcard: punchcard::Punchcard,
    /// Each output's view (punchcard, pianoroll, scope, spectrum).
    pub views: views::OutputViews,
    live: live_code::LiveCode,
    /// The code's words lit at the last frame (character ranges): events sounding now.
    pub lit: Vec<(usize, usize)>,
    browser: sample_browser::SampleBrowser,
    pub presets: presets::PresetBar,
    pub examples: examples_menu::ExamplesMenu,
    pub find: find::FindBar,
    /// The host's track (CLAP track-info): its name and colour, shown as the editor's title.
    pub track: Option<(String, Option<egui::Color32>)>,
    /// The code font's size in points (Ctrl+= / Ctrl+-).
    pub font_pt: f32,
    /// The names completing the word before the cursor (Tab takes the first).
    pub completions: Vec<help::Entry>,
    /// The user's sample folders, completed beside the language's names.
    folders: sample_folders::SampleFolders,
    /// The help line: the doc of the name under the cursor.
    pub help_line: String,
}

impl PhononEditor {
    pub fn new(params: Arc<PhononParams>, stats: Arc<EngineStats>) -> PhononEditor {
        let text = params.code.code();
        PhononEditor {
            params,
            stats,
            text,
            folder: String::new(),
            seen_generation: u64::MAX,
            gui: None,
            punchcard: Default::default(),
            views: Default::default(),
            live: Default::default(),
            lit: vec![],
            browser: Default::default(),
            presets: Default::default(),
            examples: Default::default(),
            find: Default::default(),
            track: None,
            font_pt: code_view::CODE_FONT_PT,
            completions: vec![],
            folders: Default::default(),
            help_line: String::new(),
        }
    }

    /// The code box's selection as character indices (the cursor twice when nothing is
    /// selected), if it has a cursor.
    fn selection(ui: &egui::Ui) -> Option<(usize, usize)> {
        let state = egui::text_edit::TextEditState::load(ui.ctx(), code_view::code_id())?;
        let r = state.cursor.char_range()?;
        let (x, y) = (r.primary.index.0, r.secondary.index.0);
        Some((x.min(y), x.max(y)))
    }

    /// Keys the editor handles before the code box sees them: Ctrl+/ (comment), Ctrl+= and
    /// Ctrl+- (font size), Ctrl+F (find), Tab (take the first completion).
    fn shortcuts(&mut self, ui: &mut egui::Ui, dialect: crate::lang::strudel::Dialect) {
        use egui::{Key, Modifiers};
        let pressed =
            |ui: &mut egui::Ui, m: Modifiers, k: Key| ui.input_mut(|i| i.consume_key(m, k));
        if pressed(ui, Modifiers::COMMAND, Key::Slash) {
            let (a, b) = Self::selection(ui).unwrap_or((0, 0));
            self.text = help::toggle_comment(&self.text, a, b, dialect);
        }
        if pressed(ui, Modifiers::COMMAND, Key::Equals)
            || pressed(ui, Modifiers::COMMAND, Key::Plus)
        {
            self.font_pt = (self.font_pt + 1.0).min(code_view::MAX_FONT_PT);
        }
        if pressed(ui, Modifiers::COMMAND, Key::F) {
            self.find.open = true;
            ui.memory_mut(|m| m.request_focus(find::find_id()));
        }
        if pressed(ui, Modifiers::COMMAND, Key::Minus) {
            self.font_pt = (self.font_pt - 1.0).max(code_view::MIN_FONT_PT);
        }
        if !self.completions.is_empty() && pressed(ui, Modifiers::NONE, Key::Tab) {
            let name = self.completions[0].name.clone();
            self.complete_with(ui, &name);
        }
    }

    /// Replaces the word before the cursor with `name`.
    fn complete_with(&mut self, ui: &egui::Ui, name: &str) {
        let Some((_, at)) = Self::selection(ui) else {
            return;
        };
        if let Some((start, typed)) = help::prefix_at(&self.text, at) {
            // After `c'`, only the chord's name is replaced.
            let start = start + help::complete_word(&typed, 1, &[]).0;
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), code_view::code_id())
                .unwrap_or_default();
            let end = code_view::insert_chars(&mut self.text, start, at, name);
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::one(
                    egui::text::CCursor::new(end),
                )));
            state.store(ui.ctx(), code_view::code_id());
        }
        self.completions.clear();
    }

    /// Completions for the word being typed and the doc of the name under the cursor.
    fn update_help(&mut self, ui: &egui::Ui, edited: bool) {
        let Some((_, at)) = Self::selection(ui) else {
            return;
        };
        let folders = self.folders.entries(self.params.code.sample_folder());
        if edited {
            self.completions = match help::prefix_at(&self.text, at) {
                Some((_, p)) if p.chars().count() >= 2 => {
                    let (keep, found) = help::complete_word(&p, 8, folders);
                    let typed: String = p.chars().skip(keep).collect();
                    found.into_iter().filter(|e| e.name != typed).collect()
                }
                _ => vec![],
            };
        }
        self.help_line = help::word_at(&self.text, at)
            .and_then(|(a, b)| {
                let w: String = self.text.chars().skip(a).take(b - a).collect();
                help::lookup_in(&w, folders).map(help::doc_line)
            })
            .unwrap_or_default();
    }

    fn hush(&mut self) {
        self.params.code.hush();
        self.punchcard.clear();
        self.live.clear();
    }

    /// Compiles the code box and, if it compiles, hands it to the audio thread (the field
    /// keeps the previous program playing otherwise).
    pub fn evaluate(&mut self) {
        self.params.code.set_code(self.text.clone());
        self.seen_generation = self.params.code.generation.load(Ordering::Acquire);
        let status = self.params.code.status();
        if status.is_ok() {
            self.refresh_views();
        }
        // One line per evaluation on the log (stderr): what the Xvfb editor test reads.
        nice_plug::nice_log!("evaluate: {}", status_bar::result_text(&status));
    }

    /// The punchcard and the live code show the code box's program.
    fn refresh_views(&mut self) {
        let bpc = self.params.beats_per_cycle.value() as f64;
        self.punchcard.refresh(&self.text, bpc);
        self.live
            .refresh(&self.text, bpc, self.params.code.language());
    }

    /// Picks up code set from elsewhere (a host state load, the first open).
    fn sync_from_state(&mut self) {
        let generation = self.params.code.generation.load(Ordering::Acquire);
        if generation != self.seen_generation {
            self.text = self.params.code.code();
            self.folder = self.params.code.sample_folder().unwrap_or_default();
            self.seen_generation = generation;
            if self.params.code.status().is_ok() {
                self.refresh_views();
            }
            self.browser.rescan();
        }
    }

    /// Draws the whole editor into `ui`; `setter` is absent when no host is attached (tests),
    /// and then the parameter widgets are left out.
    pub fn draw(&mut self, ui: &mut egui::Ui, setter: Option<&ParamSetter>) {
        self.sync_from_state();
        // Before the code box sees it: Ctrl+Enter evaluates instead of inserting a newline.
        let ctrl_enter =
            ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
        egui::Panel::top("toolbar").show(ui, |ui| {
            self.title(ui);
            self.toolbar(ui, setter)
        });
        let status = self.params.code.status();
        let figures = status_bar::Figures::read(&self.stats);
        let chosen = self.params.code.language();
        let dialect = chosen.unwrap_or_else(|| crate::lang::strudel::detect(&self.text));
        let language = status_bar::language_text(dialect, chosen.is_none());
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar::status_bar(ui, &language, &status, &figures)
        });
        self.shortcuts(ui, dialect);
        let mut found = None;
        egui::Panel::bottom("find").show(ui, |ui| {
            found = self.find.show(ui, &self.text);
        });
        if let Some((_, b)) = found {
            // The code's cursor after the occurrence (egui keeps no selection in a box without
            // the focus, so the occurrence is highlighted instead).
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), code_view::code_id())
                .unwrap_or_default();
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::one(
                    egui::text::CCursor::new(b),
                )));
            state.store(ui.ctx(), code_view::code_id());
        }
        let mut picked_completion = None;
        egui::Panel::bottom("help").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for e in &self.completions {
                    if ui
                        .small_button(&e.name)
                        .on_hover_text(help::doc_line(e))
                        .clicked()
                    {
                        picked_completion = Some(e.name.clone());
                    }
                }
            });
            ui.label(egui::RichText::new(&self.help_line).monospace().small());
        });
        egui::Panel::bottom("punchcard").show(ui, |ui| {
            self.views
                .show(ui, &mut self.punchcard, &self.stats, figures.cycle)
        });
        let folder = self.params.code.sample_folder();
        let picked = egui::Panel::right("browser")
            .resizable(true)
            .default_size(170.0)
            .show(ui, |ui| self.browser.show(ui, folder))
            .inner;
        egui::CentralPanel::default().show(ui, |ui| {
            let error = status.error().map(|e| (e.line, e.col));
            let font_pt = self.font_pt;
            let now = ui.input(|i| i.time);
            let edited = egui::ScrollArea::vertical()
                .id_salt("code")
                .show(ui, |ui| {
                    let out = code_view::code_view(
                        ui,
                        &mut self.text,
                        error,
                        dialect,
                        font_pt,
                        self.find.current,
                    );
                    self.live_code(ui, &out, figures.cycle, now);
                    out.response.changed()
                })
                .inner;
            self.update_help(ui, edited);
        });
        if let Some(name) = picked {
            code_view::insert_at_cursor(ui.ctx(), &mut self.text, &name);
        }
        if let Some(name) = picked_completion {
            self.complete_with(ui, &name);
        }
        if ctrl_enter {
            self.evaluate();
        }
        // The playhead moves: draw again soon even when the host sends no repaint.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(33));
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, setter: Option<&ParamSetter>) {
        ui.horizontal(|ui| {
            if ui.button("Evaluate (Ctrl+Enter)").clicked() {
                self.evaluate();
            }
            if ui
                .button("Hush")
                .on_hover_text("Silence: play nothing until the next Evaluate")
                .clicked()
            {
                self.hush();
            }
            self.language_choice(ui);
            if let Some(setter) = setter {
                ui.label("Master");
                ui.add(ParamSlider::for_param(&self.params.gain, setter).with_width(120.0));
                ui.label("Beats/cycle");
                ui.add(
                    ParamSlider::for_param(&self.params.beats_per_cycle, setter).with_width(70.0),
                );
            }
        });
        if let Some(setter) = setter {
            let names = self.params.code.macro_names();
            ui.horizontal(|ui| {
                for (i, m) in self.params.macros.iter().enumerate() {
                    // The code's name for the macro (`macro 1 "cutoff"`), else `m1`.
                    let m_k = format!("m{}", i + 1);
                    match &names[i] {
                        Some(name) => ui.label(name).on_hover_text(m_k),
                        None => ui.label(m_k),
                    };
                    ui.add(
                        ParamSlider::for_param(&m.value, setter)
                            .with_width(50.0)
                            .without_value(),
                    );
                }
            });
        }
        ui.horizontal(|ui| {
            ui.label("Samples");
            ui.add(
                egui::TextEdit::singleline(&mut self.folder)
                    .hint_text("a Dirt-Samples folder")
                    .desired_width(300.0),
            );
            if ui
                .button("Set")
                .on_hover_text("Scan this folder and recompile")
                .clicked()
            {
                self.params
                    .code
                    .set_sample_folder(Some(self.folder.clone()));
                self.seen_generation = self.params.code.generation.load(Ordering::Acquire);
                self.browser.rescan();
            }
        });
        if let Some(presets::PresetAction::Loaded(text)) = self.presets.show(ui, &self.text) {
            self.text = text;
        }
        if let Some(text) = self.examples.show(ui) {
            // Auditioned at once: the code box holds it and it plays (Ctrl+Z brings the old
            // code back).
            self.text = text;
            self.evaluate();
        }
    }
}

impl PhononEditor {
    /// Lights the words of the events sounding at `cycle` (while it moves), following the
    /// edits made since the evaluation.
    fn live_code(
        &mut self,
        ui: &egui::Ui,
        out: &egui::text_edit::TextEditOutput,
        cycle: f64,
        now: f64,
    ) {
        let cursor = out.cursor_range.map(|r| {
            let c = r.primary.index.0;
            self.text
                .char_indices()
                .nth(c)
                .map_or(self.text.len(), |(b, _)| b)
        });
        self.live.follow(&self.text, cursor);
        self.lit = if self.live.playing(cycle, now) {
            live_code::char_ranges(&self.text, &self.live.lit(cycle))
        } else {
            vec![]
        };
        live_code::paint(ui, out, &self.lit);
    }

    /// The host's track name in its colour, when the host tells it (CLAP track-info).
    fn title(&self, ui: &mut egui::Ui) {
        if let Some((name, color)) = &self.track {
            ui.horizontal(|ui| {
                if let Some(c) = color {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 2.0, *c);
                }
                ui.strong(format!("Phonon on {name}"));
            });
        }
    }

    /// Takes the host's track name and colour.
    pub fn set_track(&mut self, info: &TrackInfo) {
        let color = info.color().map(|c| {
            let (r, g, b, a) = c.rgba();
            egui::Color32::from_rgba_unmultiplied(r, g, b, a)
        });
        self.track = Some((info.name().to_string(), color));
    }

    /// The language the code is read as: detected (the default), or chosen.
    fn language_choice(&mut self, ui: &mut egui::Ui) {
        use crate::lang::strudel::Dialect;
        let chosen = self.params.code.language();
        let label = |c: Option<Dialect>| c.map_or("Language: detect", Dialect::name);
        let mut pick = chosen;
        egui::ComboBox::from_id_salt("language")
            .selected_text(label(chosen))
            .show_ui(ui, |ui| {
                for c in [None, Some(Dialect::Tidal), Some(Dialect::Strudel)] {
                    ui.selectable_value(&mut pick, c, label(c));
                }
            })
            .response
            .on_hover_text(
                "Read the code as Tidal's (Haskell) or Strudel's (JavaScript), or detect it",
            );
        if pick != chosen {
            self.params.code.set_language(pick);
            self.seen_generation = self.params.code.generation.load(Ordering::Acquire);
        }
    }
}

impl NiceEguiApp for PhononEditor {
    fn build(
        &mut self,
        _ctx: egui::Context,
        gui: GuiContext,
        _frame: &mut Frame,
    ) -> Result<(), nice_plug_egui::baseview::HandlerError> {
        self.gui = Some(gui);
        Ok(())
    }

    fn track_info_changed(&mut self, info: TrackInfo) {
        self.set_track(&info);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut Frame) {
        let gui = self.gui.clone();
        let setter = gui.as_ref().map(|g| g.param_setter());
        self.draw(ui, setter.as_ref());
    }
}
