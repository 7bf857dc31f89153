//! The code box: highlighted text, line numbers painted beside each source line (so wrapped
//! lines keep their number), and the compile error marked at its line (red gutter arrow, a red
//! band over the line and an underline from the error's column).

use super::highlight::highlight;
use egui::text::{CCursor, CCursorRange};
use egui::{Color32, FontId, Id, Stroke};

/// The id of the code's `TextEdit` (its cursor is read to insert sample names).
pub fn code_id() -> Id {
    Id::unique("phonon-code")
}

/// Size of the code font in egui points (scaled by the host's DPI factor), when first opened;
/// Ctrl+= and Ctrl+- change it between [`MIN_FONT_PT`] and [`MAX_FONT_PT`].
pub const CODE_FONT_PT: f32 = 14.0;
pub const MIN_FONT_PT: f32 = 8.0;
pub const MAX_FONT_PT: f32 = 32.0;
/// Width of the line-number gutter in points.
const GUTTER_PT: f32 = 44.0;
const ERROR: Color32 = Color32::from_rgb(255, 96, 96);
/// The occurrence Find found, over the text.
pub const FOUND: Color32 = Color32::from_rgba_premultiplied(120, 110, 0, 90);

/// The character index (not byte) where each line of `text` starts; always at least one entry.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    for (i, c) in text.chars().enumerate() {
        if c == '\n' {
            starts.push(i + 1);
        }
    }
    starts
}

/// Shows the code box filling the available width, highlighted as `dialect` in a `font_pt`
/// font; `error` is the 1-based (line, column) to mark. Returns the text edit's output (cursor, response).
pub fn code_view(
    ui: &mut egui::Ui,
    text: &mut String,
    error: Option<(usize, usize)>,
    dialect: crate::lang::strudel::Dialect,
    font_pt: f32,
    found: Option<(usize, usize)>,
) -> egui::text_edit::TextEditOutput {
    let font = FontId::monospace(font_pt);
    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
        let mut job = highlight(buf.as_str(), font.clone(), dialect);
        job.wrap.max_width = wrap;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let out = ui
        .horizontal_top(|ui| {
            ui.add_space(GUTTER_PT);
            egui::TextEdit::multiline(text)
                .id(code_id())
                .code_editor()
                .font(FontId::monospace(font_pt))
                .desired_rows(20)
                .desired_width(f32::INFINITY)
                .layouter(&mut layouter)
                .show(ui)
        })
        .inner;
    paint_gutter(ui, text, &out, error, font_pt);
    if let Some((a, b)) = found {
        let at = |c: usize| {
            out.galley
                .pos_from_cursor(CCursor::new(c))
                .translate(out.galley_pos.to_vec2())
        };
        let (a, b) = (at(a), at(b));
        ui.painter()
            .with_clip_rect(out.text_clip_rect)
            .rect_filled(a.union(b), 2.0, FOUND);
    }
    out
}

/// Line numbers at each source line's first row, and the error marks.
fn paint_gutter(
    ui: &egui::Ui,
    text: &str,
    out: &egui::text_edit::TextEditOutput,
    error: Option<(usize, usize)>,
    font_pt: f32,
) {
    let painter = ui.painter().with_clip_rect(ui.clip_rect());
    let number_font = FontId::monospace(font_pt * 0.85);
    let starts = line_starts(text);
    let chars = text.chars().count();
    let left = out.galley_pos.x - GUTTER_PT;
    for (i, &start) in starts.iter().enumerate() {
        let line = i + 1;
        let row = out
            .galley
            .pos_from_cursor(CCursor::new(start))
            .translate(out.galley_pos.to_vec2());
        let is_error = error.is_some_and(|(l, _)| l == line);
        let color = if is_error {
            ERROR
        } else {
            Color32::from_gray(110)
        };
        let label = if is_error {
            format!("▶{line:>3}")
        } else {
            format!("{line:>4}")
        };
        painter.text(
            egui::pos2(left + 2.0, row.center().y),
            egui::Align2::LEFT_CENTER,
            label,
            number_font.clone(),
            color,
        );
        if let (true, Some((_, col))) = (is_error, error) {
            let end = starts.get(i + 1).map(|s| s - 1).unwrap_or(chars);
            let from = (start + col.saturating_sub(1)).min(end);
            let a = out
                .galley
                .pos_from_cursor(CCursor::new(from))
                .translate(out.galley_pos.to_vec2());
            let b = out
                .galley
                .pos_from_cursor(CCursor::new(end))
                .translate(out.galley_pos.to_vec2());
            let band = egui::Rect::from_x_y_ranges(
                out.galley_pos.x..=out.text_clip_rect.right(),
                row.y_range(),
            );
            painter.rect_filled(band, 0.0, ERROR.gamma_multiply(0.2));
            // At least one character wide, so an error at the end of a line is still visible.
            let x1 = b.right().max(a.left() + font_pt * 0.6);
            painter.line_segment(
                [egui::pos2(a.left(), a.bottom()), egui::pos2(x1, a.bottom())],
                Stroke::new(2.0, ERROR),
            );
        }
    }
}

/// Inserts `insert` into `text` at the code box's cursor (replacing a selection; at the end
/// when the box was never focused) and moves the cursor after it.
pub fn insert_at_cursor(ctx: &egui::Context, text: &mut String, insert: &str) {
    let mut state = egui::text_edit::TextEditState::load(ctx, code_id()).unwrap_or_default();
    let chars = text.chars().count();
    let (a, b) = match state.cursor.char_range() {
        Some(r) => {
            let (x, y) = (r.primary.index.0.min(chars), r.secondary.index.0.min(chars));
            (x.min(y), x.max(y))
        }
        None => (chars, chars),
    };
    let at = insert_chars(text, a, b, insert);
    state
        .cursor
        .set_char_range(Some(CCursorRange::one(CCursor::new(at))));
    state.store(ctx, code_id());
    ctx.memory_mut(|m| m.request_focus(code_id()));
}

/// Replaces characters `a..b` of `text` with `insert`; returns the character index after it.
pub fn insert_chars(text: &mut String, a: usize, b: usize, insert: &str) -> usize {
    let n = text.chars().count();
    let (a, b) = (a.min(n), b.min(n).max(a.min(n)));
    let byte = |i: usize| {
        text.char_indices()
            .nth(i)
            .map(|(o, _)| o)
            .unwrap_or(text.len())
    };
    let (ba, bb) = (byte(a), byte(b));
    text.replace_range(ba..bb, insert);
    a + insert.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_count_characters_not_bytes() {
        assert_eq!(line_starts(""), vec![0]);
        assert_eq!(line_starts("é\nab\n"), vec![0, 2, 5]);
    }

    #[test]
    fn insertion_replaces_the_selection_and_returns_the_cursor_after_it() {
        let mut t = "s \"é sn\"".to_string();
        assert_eq!(insert_chars(&mut t, 5, 7, "bd"), 7);
        assert_eq!(t, "s \"é bd\"");
        let mut t = "ab".to_string();
        assert_eq!(insert_chars(&mut t, 9, 9, " cp"), 5);
        assert_eq!(t, "ab cp");
    }
}
