//! The views panel: one strip per output, each with a small selector (punchcard, pianoroll,
//! scope, spectrum) and the chosen view. The code chooses first (`lang::views`: Strudel's
//! `.pianoroll()`, a `-- view: scope` comment); a click on the selector overrides it until the
//! code's choice for that output changes.

use super::punchcard::{self, PunchRow, Punchcard};
use super::{pianoroll, scope, spectrum};
use crate::engine::scope::SCOPE_OUTPUTS;
use crate::engine::EngineStats;
use crate::lang::views::View;

/// The tallest the panel grows before it scrolls, in points.
pub const PANEL_MAX_PT: f32 = 200.0;
/// Height of one punchcard lane, and of a punchcard strip at least and at most, in points.
const LANE_PT: f32 = 16.0;
const PUNCH_MIN_PT: f32 = 24.0;
const PUNCH_MAX_PT: f32 = 96.0;
/// Height of a pianoroll, scope or spectrum strip in points.
const STRIP_PT: f32 = 64.0;
/// Width of the selector in points.
const SELECTOR_PT: f32 = 86.0;

/// The views panel's state. Owner: GUI thread.
pub struct OutputViews {
    /// Per output: the view clicked and the code's choice when it was clicked.
    clicked: [Option<(View, Option<View>)>; SCOPE_OUTPUTS],
    /// Per output: the samples last read for its scope or spectrum.
    samples: Vec<Vec<f32>>,
    spectrum: spectrum::Spectrum,
}

impl Default for OutputViews {
    fn default() -> OutputViews {
        OutputViews {
            clicked: [None; SCOPE_OUTPUTS],
            samples: vec![vec![]; SCOPE_OUTPUTS],
            spectrum: Default::default(),
        }
    }
}

impl OutputViews {
    /// The view `output` shows when the code chooses `code` for it.
    pub fn view(&self, output: usize, code: Option<View>) -> View {
        match self.clicked.get(output).copied().flatten() {
            Some((v, at)) if at == code => v,
            _ => code.unwrap_or_default(),
        }
    }

    /// A click chose `view` for `output` while the code chooses `code`.
    pub fn pick(&mut self, output: usize, view: View, code: Option<View>) {
        if let Some(c) = self.clicked.get_mut(output) {
            *c = Some((view, code));
        }
    }

    /// Draws a strip per output of the punchcard's program, around `cycle` (the audio
    /// thread's position), reading scopes from `stats`.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        card: &mut Punchcard,
        stats: &EngineStats,
        cycle: f64,
    ) {
        let (from, cycle) = punchcard::window(cycle);
        let rows = card.rows(from).to_vec();
        let code: Vec<(usize, View)> = card.program().map(|p| p.views.clone()).unwrap_or_default();
        if rows.is_empty() {
            punchcard::draw(ui, &[], from, cycle, PUNCH_MIN_PT * 2.0);
            return;
        }
        let chosen = |output: usize| code.iter().find(|c| c.0 == output).map(|c| c.1);
        let spacing = ui.spacing().item_spacing.y;
        let total: f32 = rows
            .iter()
            .map(|r| height(r, self.view(r.output, chosen(r.output))) + spacing)
            .sum();
        // The panel is as tall as its strips up to the most, then scrolls.
        egui::ScrollArea::vertical()
            .id_salt("views")
            .min_scrolled_height(total.min(PANEL_MAX_PT))
            .max_height(PANEL_MAX_PT)
            .show(ui, |ui| {
                for row in &rows {
                    ui.horizontal(|ui| {
                        self.selector(ui, row.output, chosen(row.output));
                        let view = self.view(row.output, chosen(row.output));
                        self.strip(ui, row, view, stats, from, cycle);
                    });
                }
            });
    }

    /// The selector of `output`'s view.
    fn selector(&mut self, ui: &mut egui::Ui, output: usize, code: Option<View>) {
        let mut view = self.view(output, code);
        egui::ComboBox::from_id_salt(("output-view", output))
            .width(SELECTOR_PT)
            .selected_text(view.name())
            .show_ui(ui, |ui| {
                for v in View::ALL {
                    ui.selectable_value(&mut view, v, v.name());
                }
            });
        if view != self.view(output, code) {
            self.pick(output, view, code);
        }
    }

    /// Draws `row`'s output as `view`.
    fn strip(
        &mut self,
        ui: &mut egui::Ui,
        row: &PunchRow,
        view: View,
        stats: &EngineStats,
        from: i64,
        cycle: f64,
    ) {
        let Some(buf) = self.samples.get_mut(row.output) else {
            return;
        };
        let h = height(row, view);
        match view {
            View::Punchcard => punchcard::draw(ui, std::slice::from_ref(row), from, cycle, h),
            View::Pianoroll => pianoroll::draw(ui, row, from, cycle, h),
            View::Scope => {
                scope::read_latest(&stats.scopes, row.output, buf, 2 * scope::SCOPE_SAMPLES);
                scope::draw(ui, &row.label, buf, h);
            }
            View::Spectrum => {
                scope::read_latest(&stats.scopes, row.output, buf, spectrum::FFT_SIZE);
                let db = self.spectrum.compute(buf);
                let sr = stats.scopes.sample_rate();
                spectrum::draw(ui, &row.label, db, sr, h);
            }
        }
    }
}

/// The height of `row`'s strip drawn as `view`: a punchcard's grows with its lanes.
fn height(row: &PunchRow, view: View) -> f32 {
    if view != View::Punchcard {
        return STRIP_PT;
    }
    let mut names: Vec<&str> = row.events.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    (LANE_PT * names.len() as f32).clamp(PUNCH_MIN_PT, PUNCH_MAX_PT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_holds_until_the_code_chooses_again() {
        let mut v = OutputViews::default();
        assert_eq!(v.view(1, None), View::Punchcard);
        assert_eq!(v.view(1, Some(View::Scope)), View::Scope);
        v.pick(1, View::Spectrum, Some(View::Scope));
        assert_eq!(v.view(1, Some(View::Scope)), View::Spectrum);
        assert_eq!(v.view(2, Some(View::Scope)), View::Scope);
        // The code now chooses something else: it rules again.
        assert_eq!(v.view(1, Some(View::Pianoroll)), View::Pianoroll);
        assert_eq!(v.view(1, None), View::Punchcard);
    }
}
