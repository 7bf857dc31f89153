//! The editor: the code box, Evaluate (button and Ctrl+Enter), the error line and master gain.

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
    /// The code generation the text was loaded from (to pick up state loads).
    seen_generation: u64,
    gui: Option<GuiContext>,
}

impl PhononEditor {
    pub fn new(params: Arc<PhononParams>, stats: Arc<EngineStats>) -> PhononEditor {
        let text = params.code.code();
        PhononEditor { params, stats, text, seen_generation: u64::MAX, gui: None }
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
            self.seen_generation = generation;
        }
        let Some(gui) = self.gui.clone() else { return };
        let setter = gui.param_setter();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Evaluate (Ctrl+Enter)").clicked() {
                    self.evaluate();
                }
                ui.label("Master");
                ui.add(ParamSlider::for_param(&self.params.gain, &setter).with_width(140.0));
                ui.label("Beats/cycle");
                ui.add(ParamSlider::for_param(&self.params.beats_per_cycle, &setter).with_width(80.0));
            });
            let ctrl_enter = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
            let status = self.params.code.status();
            let cycle = f64::from_bits(self.stats.cycle_bits.load(Ordering::Relaxed));
            let voices = self.stats.active_voices.load(Ordering::Relaxed);
            egui::Panel::bottom("status").show(ui, |ui| {
                if status.is_empty() {
                    ui.label(format!("ok   cycle {cycle:.2}   voices {voices}"));
                } else {
                    ui.colored_label(egui::Color32::from_rgb(255, 110, 110), egui::RichText::new(&status).monospace());
                }
            });
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut self.text)
                        .code_editor()
                        .desired_rows(20)
                        .desired_width(f32::INFINITY),
                );
            });
            if ctrl_enter {
                self.evaluate();
            }
        });
    }
}
