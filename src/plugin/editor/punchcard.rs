//! The punchcard: the coming cycles of each output as blocks (one lane per sound name) and a
//! playhead, like Strudel's punchcard.
//!
//! The audio thread only publishes its cycle position (`EngineStats::cycle_bits`). The editor
//! compiles the evaluated code itself on the GUI thread ([`Punchcard::refresh`]) and queries its
//! event patterns here, so the audio thread does nothing extra.

use crate::lang::graph::NodeSpec;
use crate::lang::{compile_program_with, CompileOptions, Program};
use crate::pattern::value::Sym;
use crate::pattern::{Ctx, Span, Time};
use bumpalo::Bump;
use egui::{Color32, FontId, Pos2, Rect};
use std::cell::Cell;

/// Cycles shown: the current one (with the playhead) and the next.
pub const SHOWN_CYCLES: i64 = 2;
/// Events drawn per output at most (a `s "bd*100000"` stays cheap to draw).
pub const MAX_EVENTS_PER_ROW: usize = 2048;
/// Bytes the GUI's pattern query may use (the query stops adding events beyond it).
const QUERY_BYTES: usize = 8 << 20;
/// Width of the output labels on the left, in points.
pub const LABEL_PT: f32 = 34.0;

/// One event of an output, in cycles.
#[derive(Clone, Debug, PartialEq)]
pub struct PunchEvent {
    pub begin: f64,
    pub end: f64,
    /// The sound (`s`), else the note, else empty.
    pub name: String,
    /// The pitch the pianoroll draws it at: its `note`, else its `n`.
    pub pitch: Option<f64>,
}

/// An output's events over the shown window.
#[derive(Clone, Debug, PartialEq)]
pub struct PunchRow {
    /// The output's index (0 is `out`).
    pub output: usize,
    /// `out`, `o1`..`o16`.
    pub label: String,
    pub events: Vec<PunchEvent>,
}

/// A drawn event.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub rect: Rect,
    /// Index into the rows.
    pub row: usize,
    /// The lane of the block's name within its row (names sorted).
    pub lane: usize,
    pub name: String,
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct PunchLayout {
    pub blocks: Vec<Block>,
    /// Each row's label and band.
    pub rows: Vec<(String, Rect)>,
    /// The playhead's x.
    pub playhead_x: f32,
}

/// Places `rows` in `rect`: the window `[from, from + cycles)` spans the width right of the
/// labels; each row gets one lane per distinct event name and a height proportional to its
/// lanes; events are clipped to the window.
pub fn layout(rows: &[PunchRow], from: f64, cycles: f64, playhead: f64, rect: Rect) -> PunchLayout {
    let lanes: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| {
            let mut names: Vec<&str> = r.events.iter().map(|e| e.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            if names.is_empty() {
                names.push("");
            }
            names
        })
        .collect();
    let total: usize = lanes.iter().map(Vec::len).sum::<usize>().max(1);
    let lane_h = rect.height() / total as f32;
    let x0 = rect.left() + LABEL_PT;
    let width = (rect.right() - x0).max(1.0);
    let to = from + cycles;
    let x_of = |t: f64| x0 + ((t - from) / cycles) as f32 * width;
    let mut out = PunchLayout {
        blocks: vec![],
        rows: vec![],
        playhead_x: x_of(playhead.clamp(from, to)),
    };
    let mut y = rect.top();
    for (i, (row, names)) in rows.iter().zip(&lanes).enumerate() {
        let band = Rect::from_min_max(
            Pos2::new(rect.left(), y),
            Pos2::new(rect.right(), y + lane_h * names.len() as f32),
        );
        out.rows.push((row.label.clone(), band));
        for e in &row.events {
            let (b, en) = (e.begin.max(from), e.end.min(to));
            if en <= b {
                continue;
            }
            let lane = names.binary_search(&e.name.as_str()).unwrap_or(0);
            let top = y + lane_h * lane as f32;
            out.blocks.push(Block {
                rect: Rect::from_min_max(
                    Pos2::new(x_of(b), top),
                    Pos2::new(x_of(en), top + lane_h),
                ),
                row: i,
                lane,
                name: e.name.clone(),
            });
        }
        y = band.bottom();
    }
    out
}

/// The inputs a graph node reads (indices of earlier nodes).
pub(crate) fn node_inputs(node: &NodeSpec) -> Vec<usize> {
    use NodeSpec::*;
    match node {
        Const(_) | Control(_) | Voices(_) => vec![],
        Node { inputs, .. } => inputs.clone(),
        Bin { a, b, .. } => vec![*a, *b],
        Pan { input, pos } => vec![*input, *pos],
        // A feedback read lags its source (which may come later): not followed.
        Feedback { .. } => vec![],
    }
}

/// The name a block shows: its sound, else its note or `n`.
fn event_name(value: &crate::pattern::Value<'_>) -> String {
    if let Some(s) = value.get(Sym::S) {
        let sound = match s {
            crate::pattern::Value::Str(sym) => sym.text().to_string(),
            other => other.as_num().map(|x| format!("{x}")).unwrap_or_default(),
        };
        return match value.get_num(Sym::N) {
            Some(n) if n != 0.0 => format!("{sound}:{n}"),
            _ => sound,
        };
    }
    [Sym::NOTE, Sym::N]
        .iter()
        .find_map(|k| value.get_num(*k))
        .map(|x| format!("{x}"))
        .unwrap_or_default()
}

/// The events of every output of `program` over cycles `[from, from + cycles)`, outputs in
/// order (`out`, `o1`, ...); an output without event patterns (a pure signal) has no events.
pub fn program_rows(program: &Program, from: i64, cycles: i64) -> Vec<PunchRow> {
    let spec = &program.graph;
    let mut outputs = spec.outputs.clone();
    outputs.sort_unstable();
    let arena = Bump::new();
    arena.set_allocation_limit(Some(QUERY_BYTES));
    let overflow = Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let span = Span::new(Time::from_integer(from), Time::from_integer(from + cycles));
    let mut rows = vec![];
    for (output, node) in outputs {
        let mut events = vec![];
        // Every Voices node the output reads, each once.
        let mut seen = vec![false; spec.nodes.len()];
        let mut stack = vec![node];
        while let Some(i) = stack.pop() {
            if i >= spec.nodes.len() || std::mem::replace(&mut seen[i], true) {
                continue;
            }
            stack.extend(node_inputs(&spec.nodes[i]));
            if let NodeSpec::Voices(pattern) = &spec.nodes[i] {
                for hap in pattern.query(&ctx, span).iter() {
                    if events.len() >= MAX_EVENTS_PER_ROW {
                        break;
                    }
                    if let (true, Some(whole)) = (hap.has_onset(), hap.whole) {
                        let t = |x: Time| *x.numer() as f64 / *x.denom() as f64;
                        events.push(PunchEvent {
                            begin: t(whole.begin),
                            end: t(whole.end),
                            name: event_name(&hap.value),
                            pitch: [Sym::NOTE, Sym::N]
                                .iter()
                                .find_map(|k| hap.value.get_num(*k)),
                        });
                    }
                }
            }
        }
        let label = if output == 0 {
            "out".to_string()
        } else {
            format!("o{output}")
        };
        rows.push(PunchRow {
            output,
            label,
            events,
        });
    }
    rows
}

/// The punchcard's state: the program it shows. Owner: GUI thread.
#[derive(Default)]
pub struct Punchcard {
    /// The last evaluated program that compiled (what the audio thread plays).
    program: Option<Program>,
    /// The first cycle of the cached rows and the rows.
    cached: Option<(i64, Vec<PunchRow>)>,
}

impl Punchcard {
    /// Shows `code` from now on if it compiles; otherwise keeps the previous program (the
    /// engine keeps playing it too).
    pub fn refresh(&mut self, code: &str, beats_per_cycle: f64) {
        if let Ok(p) = compile_program_with(code, &CompileOptions::new(beats_per_cycle)) {
            self.program = Some(p);
            self.cached = None;
        }
    }

    /// Forgets the program (after Hush: nothing plays).
    pub fn clear(&mut self) {
        self.program = None;
        self.cached = None;
    }

    /// The rows for the window starting at cycle `from` (queried once per window).
    pub fn rows(&mut self, from: i64) -> &[PunchRow] {
        let Some(program) = &self.program else {
            return &[];
        };
        if self.cached.as_ref().map(|c| c.0) != Some(from) {
            self.cached = Some((from, program_rows(program, from, SHOWN_CYCLES)));
        }
        self.cached.as_ref().map(|c| c.1.as_slice()).unwrap_or(&[])
    }

    /// The program shown (the last evaluated one that compiled).
    pub fn program(&self) -> Option<&Program> {
        self.program.as_ref()
    }
}

/// The first cycle shown for the audio thread's position `cycle`, and the position (0 when
/// it is not a number).
pub fn window(cycle: f64) -> (i64, f64) {
    let cycle = if cycle.is_finite() { cycle } else { 0.0 };
    (cycle.floor().clamp(-1e15, 1e15) as i64, cycle)
}

/// Draws `rows` over the window from cycle `from` with the playhead at `cycle`, `height`
/// points high.
pub fn draw(ui: &mut egui::Ui, rows: &[PunchRow], from: i64, cycle: f64, height: f32) {
    let (rect, painter) = strip(ui, height);
    let lay = layout(rows, from as f64, SHOWN_CYCLES as f64, cycle, rect);
    let font = FontId::proportional(11.0);
    cycle_lines(&painter, rect);
    for (text, band) in &lay.rows {
        label(&painter, *band, text);
        painter.hline(
            band.x_range(),
            band.bottom(),
            egui::Stroke::new(1.0, Color32::from_gray(40)),
        );
    }
    for b in &lay.blocks {
        let past = b.rect.right() <= lay.playhead_x;
        let color = lane_color(b.lane).gamma_multiply(if past { 0.45 } else { 1.0 });
        painter.rect_filled(b.rect.shrink(0.5), 2.0, color);
        if b.rect.width() > 28.0 && b.rect.height() >= 11.0 {
            painter.text(
                b.rect.left_center() + egui::vec2(3.0, 0.0),
                egui::Align2::LEFT_CENTER,
                &b.name,
                font.clone(),
                Color32::BLACK,
            );
        }
    }
    playhead(&painter, rect, lay.playhead_x);
    if rows.is_empty() {
        empty(&painter, rect, "nothing playing");
    }
}

/// Says in the middle of an empty view why it is empty.
pub fn empty(painter: &egui::Painter, rect: Rect, why: &str) {
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        why,
        FontId::proportional(10.0),
        Color32::from_gray(120),
    );
}

/// A view's strip: the full width, `height` points, a dark background; its rectangle and a
/// painter clipped to it.
pub fn strip(ui: &mut egui::Ui, height: f32) -> (Rect, egui::Painter) {
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, Color32::from_gray(22));
    (rect, painter)
}

/// An output's label at the left of `band`, in the label column.
pub fn label(painter: &egui::Painter, band: Rect, text: &str) {
    painter.text(
        egui::pos2(band.left() + 3.0, band.center().y),
        egui::Align2::LEFT_CENTER,
        text,
        FontId::proportional(11.0),
        Color32::from_gray(160),
    );
}

/// The lines between the shown cycles (right of the labels).
pub fn cycle_lines(painter: &egui::Painter, rect: Rect) {
    for k in 1..SHOWN_CYCLES {
        let x = rect.left() + LABEL_PT + (rect.width() - LABEL_PT) * k as f32 / SHOWN_CYCLES as f32;
        painter.vline(
            x,
            rect.y_range(),
            egui::Stroke::new(1.0, Color32::from_gray(70)),
        );
    }
}

/// The playhead at `x`.
pub fn playhead(painter: &egui::Painter, rect: Rect, x: f32) {
    painter.vline(x, rect.y_range(), egui::Stroke::new(2.0, Color32::WHITE));
}

/// A colour per lane (cycling through a small palette).
pub fn lane_color(lane: usize) -> Color32 {
    const PALETTE: [Color32; 6] = [
        Color32::from_rgb(97, 175, 239),
        Color32::from_rgb(152, 195, 121),
        Color32::from_rgb(229, 192, 123),
        Color32::from_rgb(198, 120, 221),
        Color32::from_rgb(224, 108, 117),
        Color32::from_rgb(86, 182, 194),
    ];
    PALETTE[lane % PALETTE.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::compile_program;

    fn ev(begin: f64, end: f64, name: &str) -> PunchEvent {
        PunchEvent {
            begin,
            end,
            name: name.into(),
            pitch: None,
        }
    }

    #[test]
    fn events_become_rectangles_in_lanes_by_name() {
        let rows = vec![
            PunchRow {
                output: 0,
                label: "out".into(),
                events: vec![ev(0.0, 0.5, "bd"), ev(0.5, 1.0, "sn"), ev(1.0, 1.25, "bd")],
            },
            PunchRow {
                output: 1,
                label: "o1".into(),
                events: vec![ev(1.5, 2.5, "hh")],
            },
        ];
        // Width 234 = 34 points of labels + 200 for two cycles (100 points per cycle); 3 lanes of 30.
        let rect = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(234.0, 90.0));
        let lay = layout(&rows, 0.0, 2.0, 0.75, rect);
        let r = |x0: f32, y0: f32, x1: f32, y1: f32| {
            Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x1, y1))
        };
        let got: Vec<(Rect, usize, usize, &str)> = lay
            .blocks
            .iter()
            .map(|b| (b.rect, b.row, b.lane, b.name.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (r(34.0, 0.0, 84.0, 30.0), 0, 0, "bd"),
                (r(84.0, 30.0, 134.0, 60.0), 0, 1, "sn"),
                (r(134.0, 0.0, 159.0, 30.0), 0, 0, "bd"),
                // Clipped at the window's end (cycle 2).
                (r(184.0, 60.0, 234.0, 90.0), 1, 0, "hh"),
            ]
        );
        assert_eq!(
            lay.rows,
            vec![
                ("out".to_string(), r(0.0, 0.0, 234.0, 60.0)),
                ("o1".to_string(), r(0.0, 60.0, 234.0, 90.0))
            ]
        );
        assert_eq!(lay.playhead_x, 34.0 + 75.0);
    }

    #[test]
    fn events_outside_the_window_are_dropped_and_empty_rows_keep_a_lane() {
        let rows = vec![
            PunchRow {
                output: 0,
                label: "out".into(),
                events: vec![ev(-1.0, 0.0, "bd"), ev(2.0, 3.0, "bd")],
            },
            PunchRow {
                output: 2,
                label: "o2".into(),
                events: vec![],
            },
        ];
        let rect = Rect::from_min_max(Pos2::new(10.0, 10.0), Pos2::new(144.0, 50.0));
        let lay = layout(&rows, 0.0, 2.0, 5.0, rect);
        assert!(lay.blocks.is_empty());
        assert_eq!(lay.rows[1].1.height(), 20.0);
        // The playhead stays inside the window.
        assert_eq!(lay.playhead_x, 144.0);
    }

    #[test]
    fn a_program_gives_its_events_per_output() {
        let p = compile_program(
            "out $ s \"bd [~ sn]\"\no2 $ n \"0 7\" # s \"supersaw\"\n",
            4.0,
        )
        .unwrap();
        let rows = program_rows(&p, 1, 2);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label, "out");
        let out: Vec<(f64, f64, &str)> = rows[0]
            .events
            .iter()
            .map(|e| (e.begin, e.end, e.name.as_str()))
            .collect();
        assert_eq!(
            out,
            vec![
                (1.0, 1.5, "bd"),
                (1.75, 2.0, "sn"),
                (2.0, 2.5, "bd"),
                (2.75, 3.0, "sn")
            ]
        );
        assert_eq!(rows[1].label, "o2");
        let names: Vec<&str> = rows[1].events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["supersaw", "supersaw:7", "supersaw", "supersaw:7"]
        );
    }
}
