//! The pianoroll: an output's notes as blocks at their pitch (`note`, else `n`; vertical, one
//! row per semitone over the range the shown notes span) and time (horizontal, the same two
//! cycles as the punchcard), with the playhead. Drawn from the events the punchcard already
//! queried on the GUI thread ([`super::punchcard::PunchRow`]).

use super::punchcard::{self, PunchRow, LABEL_PT, SHOWN_CYCLES};
use egui::{Color32, FontId, Pos2, Rect};

/// A drawn note.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteBlock {
    pub rect: Rect,
    pub pitch: f64,
}

/// Where the notes go.
#[derive(Clone, Debug, PartialEq)]
pub struct RollLayout {
    pub blocks: Vec<NoteBlock>,
    /// The lowest and highest pitch rows (whole semitones; the bottom and top rows).
    pub low: f64,
    pub high: f64,
    /// The playhead's x.
    pub playhead_x: f32,
}

/// Places the pitched events of `row` in `rect`: the window `[from, from + cycles)` spans the
/// width right of the labels; the rows from the lowest pitch (rounded down, at the bottom) to
/// the highest (rounded up, at the top) share the height, a note's block fills its pitch's row
/// (a fractional pitch sits between rows); events without a pitch and outside the window are
/// left out.
pub fn layout(row: &PunchRow, from: f64, cycles: f64, playhead: f64, rect: Rect) -> RollLayout {
    let to = from + cycles;
    let shown: Vec<(f64, f64, f64)> = row
        .events
        .iter()
        .filter_map(|e| Some((e.begin.max(from), e.end.min(to), e.pitch?)))
        .filter(|(b, e, p)| e > b && p.is_finite())
        .collect();
    let low = shown.iter().map(|x| x.2).fold(f64::INFINITY, f64::min);
    let high = shown.iter().map(|x| x.2).fold(f64::NEG_INFINITY, f64::max);
    let (low, high) = if shown.is_empty() {
        (0.0, 0.0)
    } else {
        (low.floor(), high.ceil())
    };
    let row_h = rect.height() / (high - low + 1.0) as f32;
    let x0 = rect.left() + LABEL_PT;
    let width = (rect.right() - x0).max(1.0);
    let x_of = |t: f64| x0 + ((t - from) / cycles) as f32 * width;
    let blocks = shown
        .iter()
        .map(|&(b, e, pitch)| {
            let bottom = rect.bottom() - (pitch - low) as f32 * row_h;
            NoteBlock {
                rect: Rect::from_min_max(
                    Pos2::new(x_of(b), bottom - row_h),
                    Pos2::new(x_of(e), bottom),
                ),
                pitch,
            }
        })
        .collect();
    RollLayout {
        blocks,
        low,
        high,
        playhead_x: x_of(playhead.clamp(from, to)),
    }
}

/// Draws `row`'s notes over the window from cycle `from` with the playhead at `cycle`.
pub fn draw(ui: &mut egui::Ui, row: &PunchRow, from: i64, cycle: f64, height: f32) {
    let (rect, painter) = punchcard::strip(ui, height);
    let lay = layout(row, from as f64, SHOWN_CYCLES as f64, cycle, rect);
    let font = FontId::proportional(10.0);
    // Every C (a multiple of 12) a faint line, as a piano's octaves.
    let rows = (lay.high - lay.low + 1.0) as f32;
    let mut p = (lay.low / 12.0).ceil() * 12.0;
    while p <= lay.high {
        let y = rect.bottom() - (p - lay.low) as f32 * rect.height() / rows;
        painter.hline(
            rect.left() + LABEL_PT..=rect.right(),
            y,
            egui::Stroke::new(1.0, Color32::from_gray(45)),
        );
        p += 12.0;
    }
    punchcard::cycle_lines(&painter, rect);
    punchcard::label(&painter, rect, &row.label);
    for (text, y) in [(lay.high, rect.top()), (lay.low, rect.bottom())] {
        let align = if y == rect.top() {
            egui::Align2::LEFT_TOP
        } else {
            egui::Align2::LEFT_BOTTOM
        };
        if !lay.blocks.is_empty() {
            painter.text(
                egui::pos2(rect.left() + 3.0, y),
                align,
                format!("{text}"),
                font.clone(),
                Color32::from_gray(110),
            );
        }
    }
    for b in &lay.blocks {
        let past = b.rect.right() <= lay.playhead_x;
        // The colour follows the pitch class.
        let class = b.pitch.rem_euclid(12.0) as usize;
        let color = punchcard::lane_color(class).gamma_multiply(if past { 0.45 } else { 1.0 });
        painter.rect_filled(b.rect.shrink(0.5), 1.5, color);
    }
    punchcard::playhead(&painter, rect, lay.playhead_x);
    if lay.blocks.is_empty() {
        punchcard::empty(&painter, rect, "no notes (note, n)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::editor::punchcard::PunchEvent;

    fn note(begin: f64, end: f64, pitch: Option<f64>) -> PunchEvent {
        PunchEvent {
            begin,
            end,
            name: String::new(),
            pitch,
        }
    }

    #[test]
    fn a_note_sits_at_its_pitch_row_and_time() {
        let row = PunchRow {
            output: 0,
            label: "out".into(),
            events: vec![
                note(0.0, 0.5, Some(0.0)),
                note(0.5, 1.0, Some(7.0)),
                note(1.0, 1.25, Some(4.0)),
                // No pitch: not drawn.
                note(1.25, 1.5, None),
                // Clipped at the window's end.
                note(1.75, 2.5, Some(12.0)),
            ],
        };
        // 34 points of labels + 200 for two cycles; pitches 0..=12 are 13 rows of 10 points.
        let rect = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(234.0, 130.0));
        let lay = layout(&row, 0.0, 2.0, 0.5, rect);
        assert_eq!((lay.low, lay.high), (0.0, 12.0));
        let r = |x0: f32, y0: f32, x1: f32, y1: f32| {
            Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x1, y1))
        };
        let got: Vec<(Rect, f64)> = lay.blocks.iter().map(|b| (b.rect, b.pitch)).collect();
        assert_eq!(
            got,
            vec![
                (r(34.0, 120.0, 84.0, 130.0), 0.0),
                (r(84.0, 50.0, 134.0, 60.0), 7.0),
                (r(134.0, 80.0, 159.0, 90.0), 4.0),
                (r(209.0, 0.0, 234.0, 10.0), 12.0),
            ]
        );
        assert_eq!(lay.playhead_x, 84.0);
    }

    #[test]
    fn the_range_follows_the_notes_and_a_program_gives_them() {
        let p = crate::lang::compile_program("out $ note \"-3 2.5 9\" # s \"superpiano\"", 4.0)
            .unwrap();
        let rows = punchcard::program_rows(&p, 0, 1);
        let rect = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(134.0, 130.0));
        let lay = layout(&rows[0], 0.0, 1.0, 0.0, rect);
        // -3 ..= 9: 13 rows of 10 points; 2.5 sits half a row above 2's row.
        assert_eq!((lay.low, lay.high), (-3.0, 9.0));
        let tops: Vec<f32> = lay.blocks.iter().map(|b| b.rect.top()).collect();
        assert_eq!(tops, vec![120.0, 65.0, 0.0]);
        for (b, k) in lay.blocks.iter().zip(0..) {
            let want = 34.0 + 100.0 * k as f32 / 3.0;
            assert!((b.rect.left() - want).abs() < 1e-3, "{b:?}");
        }
    }
}
