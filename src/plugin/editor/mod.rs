//! The editor: the code box (line numbers, highlighting), Evaluate (button and Ctrl+Enter),
//! Hush, the error with its line, the status bar, master gain and beats per cycle.

mod highlight;

use super::params::PhononParams;
use crate::engine::EngineStats;
use nice_plug::context::gui::GuiContext;
use nice_plug_egui::widgets::ParamSlider;
use nice_plug_egui::{Frame, NiceEguiApp};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Editor state; lives for the plugin's lifetime (egui reuses it on every open).
pub struct PhononEditor {
    pub params: Arc<PhononParams>,
    pub stats: Arc<EngineStats>,
    /// The text being edited. Owner: GUI thread.
    text: String,
    /// The sample folder being typed. Owner: GUI thread.
    folder: String,
    /// The code generation the text was loaded from (to pick up state loads).
    seen_generation: u64,
    gui: Option<GuiContext>,
}

impl PhononEditor {
    pub fn new(params: Arc<PhononParams>, stats: Arc<EngineStats>) -> PhononEditor {
        let text = params.code.code();
        PhononEditor { params, stats, text, folder: String::new(), seen_generation: u64::MAX, gui: None }
    }

    fn hush(&mut self) {
        self.params.code.hush();
    }

    fn evaluate(&mut self) {
        self.params.code.set_code(self.text.clone());
        self.seen_generation = self.params.code.generation.load(Ordering::Acquire);
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

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut Frame) {
        let generation = self.params.code.generation.load(Ordering::Acquire);
        if generation != self.seen_generation {
            // The host loaded a state (or this is the first open): show its code.
            self.text = self.params.code.code();
            self.folder = self.params.code.sample_folder().unwrap_or_default();
            self.seen_generation = generation;
        }
        let Some(gui) = self.gui.clone() else { return };
        let setter = gui.param_setter();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Evaluate (Ctrl+Enter)").clicked() {
                    self.evaluate();
                }
                if ui.button("Hush").on_hover_text("Silence: play nothing until the next Evaluate").clicked() {
                    self.hush();
                }
                ui.label("Master");
                ui.add(ParamSlider::for_param(&self.params.gain, &setter).with_width(120.0));
                ui.label("Beats/cycle");
                ui.add(ParamSlider::for_param(&self.params.beats_per_cycle, &setter).with_width(70.0));
            });
            ui.horizontal(|ui| {
                for (i, m) in self.params.macros.iter().enumerate() {
                    ui.label(format!("m{}", i + 1));
                    ui.add(ParamSlider::for_param(&m.value, &setter).with_width(50.0).without_value());
                }
            });
            ui.horizontal(|ui| {
                ui.label("Samples");
                ui.add(egui::TextEdit::singleline(&mut self.folder).hint_text("a Dirt-Samples folder").desired_width(360.0));
                if ui.button("Set").clicked() {
                    self.params.code.set_sample_folder(Some(self.folder.clone()));
                    self.seen_generation = self.params.code.generation.load(Ordering::Acquire);
                }
            });
            let ctrl_enter = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
            let status = self.params.code.status();
            let s = &self.stats;
            let cycle = f64::from_bits(s.cycle_bits.load(Ordering::Relaxed));
            let voices = s.active_voices.load(Ordering::Relaxed);
            let overflows = s.event_overflows.load(Ordering::Relaxed) + s.voice_steals.load(Ordering::Relaxed);
            let load = f32::from_bits(s.load_bits.load(Ordering::Relaxed));
            let bpm = f64::from_bits(s.bpm_bits.load(Ordering::Relaxed));
            egui::Panel::bottom("status").show(ui, |ui| {
                if !status.is_empty() {
                    ui.colored_label(egui::Color32::from_rgb(255, 110, 110), egui::RichText::new(&status).monospace());
                }
                ui.label(
                    egui::RichText::new(format!(
                        "{}   {bpm:.1} BPM   cycle {cycle:.2}   CPU {:.0}%   voices {voices}   overflows {overflows}",
                        if status.is_empty() { "ok" } else { "error (the previous program keeps playing)" },
                        load * 100.0
                    ))
                    .monospace(),
                );
            });
            let font = egui::FontId::monospace(14.0);
            let lines = self.text.lines().count().max(1) + usize::from(self.text.ends_with('\n'));
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    let numbers: String = (1..=lines).map(|n| format!("{n:>3}\n")).collect();
                    ui.label(egui::RichText::new(numbers).font(font.clone()).color(egui::Color32::from_gray(110)));
                    let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
                        let mut job = highlight::highlight(text.as_str(), font.clone());
                        job.wrap.max_width = wrap;
                        ui.fonts_mut(|f| f.layout_job(job))
                    };
                    ui.add(
                        egui::TextEdit::multiline(&mut self.text)
                            .code_editor()
                            .font(egui::FontId::monospace(14.0))
                            .desired_rows(24)
                            .desired_width(f32::INFINITY)
                            .layouter(&mut layouter),
                    );
                });
            });
            if ctrl_enter {
                self.evaluate();
            }
        });
    }
}
