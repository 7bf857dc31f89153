//! The scope: an output's waveform from the samples the audio thread publishes
//! ([`crate::engine::scope::Scopes`]), started at a rising zero crossing so a steady tone
//! stands still (as an oscilloscope's trigger, and Strudel's `scope`'s `trigger`).

use super::punchcard;
use crate::engine::scope::Scopes;
use egui::{Color32, Pos2, Rect};

/// Samples drawn across the width (21 ms at 48 kHz).
pub const SCOPE_SAMPLES: usize = 1024;

/// The newest `len` samples of `output` into `buf`; when the ring has too few or the read was
/// overtaken, `buf` keeps the last good frame of that length (else it is silent).
pub fn read_latest(scopes: &Scopes, output: usize, buf: &mut Vec<f32>, len: usize) {
    if buf.len() != len {
        *buf = vec![0.0; len];
    }
    let mut fresh = vec![0.0; len];
    if scopes.read(output, &mut fresh) {
        *buf = fresh;
    }
}

/// Where the shown window of `shown` samples starts in `x`: the first rising zero crossing
/// (from below zero to zero or above) that leaves `shown` samples after it, else 0.
pub fn trigger(x: &[f32], shown: usize) -> usize {
    let last = x.len().saturating_sub(shown);
    (1..=last)
        .find(|&i| x[i - 1] < 0.0 && x[i] >= 0.0)
        .unwrap_or(0)
}

/// Draws `samples` (2 x [`SCOPE_SAMPLES`] read, [`SCOPE_SAMPLES`] shown from the trigger),
/// -1..1 over the height, with the output's `label`.
pub fn draw(ui: &mut egui::Ui, label: &str, samples: &[f32], height: f32) {
    let (rect, painter) = punchcard::strip(ui, height);
    painter.hline(
        rect.x_range(),
        rect.center().y,
        egui::Stroke::new(1.0, Color32::from_gray(50)),
    );
    let from = trigger(samples, SCOPE_SAMPLES);
    let shown = &samples[from..samples.len().min(from + SCOPE_SAMPLES)];
    let x0 = rect.left() + punchcard::LABEL_PT;
    let dx = (rect.right() - x0) / SCOPE_SAMPLES as f32;
    let half = rect.height() / 2.0;
    let points: Vec<Pos2> = shown
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let y = rect.center().y - s.clamp(-1.0, 1.0) * half;
            Pos2::new(x0 + i as f32 * dx, y)
        })
        .collect();
    trace(
        &painter,
        rect,
        label,
        points,
        Color32::from_rgb(152, 195, 121),
    );
}

/// A scope's or spectrum's `points` as a line in `color`, and the output's `label`.
pub fn trace(painter: &egui::Painter, rect: Rect, label: &str, points: Vec<Pos2>, color: Color32) {
    painter.add(egui::Shape::line(points, egui::Stroke::new(1.5, color)));
    punchcard::label(painter, rect, label);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trigger_finds_the_first_rising_crossing_with_room_after() {
        let x = [0.5, -0.5, -0.2, 0.0, 0.3, -0.1, 0.2, 0.4];
        assert_eq!(trigger(&x, 2), 3);
        // With 5 shown the crossing at 3 still fits; with 6 none does (6 itself leaves 2).
        assert_eq!(trigger(&x, 5), 3);
        assert_eq!(trigger(&x, 6), 0);
        assert_eq!(trigger(&[0.1; 8], 4), 0);
    }
}
