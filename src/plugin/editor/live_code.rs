//! Live code: while the host plays, the mini-notation words whose events are sounding light up
//! in the code box, for as long as each event's whole lasts (Strudel's highlighting).
//!
//! Computed on the GUI thread: the editor compiles the evaluated code again with locations
//! (`CompileOptions::locations`: each event carries the byte ranges of the words that made it,
//! `Hap::locs`) and queries it once per cycle of the published position
//! (`EngineStats::cycle_bits`); the audio thread does nothing extra. The lit ranges follow the
//! edits made after the evaluation (text typed before a word moves it; a word edited away goes
//! dark) until the next Evaluate.

use super::punchcard::node_inputs;
use crate::lang::graph::NodeSpec;
use crate::lang::strudel::Dialect;
use crate::lang::{compile_program_with, CompileOptions, Program};
use crate::pattern::{Ctx, Loc, Span, Time};
use bumpalo::Bump;
use egui::text::CCursor;
use egui::{Color32, Stroke};
use std::cell::Cell;

/// The fill over a lit word.
pub const LIT: Color32 = Color32::from_rgba_premultiplied(70, 70, 90, 70);
/// The outline around a lit word.
pub const LIT_OUTLINE: Color32 = Color32::from_rgb(230, 230, 255);
/// Seconds the words stay lit after the published cycle last moved (the host stopped).
const HOLD_SECONDS: f64 = 0.25;
/// Bytes one cycle's query may use (further events are dropped, not lit).
const QUERY_BYTES: usize = 8 << 20;
/// Events kept per cycle at most (a `s "bd*100000"` stays cheap).
const MAX_EVENTS: usize = 8192;

/// An event of the cached cycle: its whole, in cycles, and its words (indices into `locs`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct LitEvent {
    begin: f64,
    end: f64,
    locs: (u32, u32),
}

/// One cycle's events.
#[derive(Default)]
struct CycleEvents {
    cycle: i64,
    events: Vec<LitEvent>,
    locs: Vec<Loc>,
}

/// An edit of the code since the evaluation, in bytes: `removed` bytes at `at` replaced by
/// `inserted` bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Edit {
    at: usize,
    removed: usize,
    inserted: usize,
}

/// The live code's state. Owner: GUI thread.
#[derive(Default)]
pub struct LiveCode {
    /// The evaluated program, compiled with locations.
    program: Option<Program>,
    /// The code as it was at the last frame (edits are found against it).
    last_text: String,
    /// The edits since the evaluation, oldest first.
    edits: Vec<Edit>,
    cached: Option<CycleEvents>,
    /// The cycle seen at the last frame and the time it last changed (egui's clock).
    last_cycle: f64,
    moved_at: f64,
}

impl LiveCode {
    /// Lights `code`'s words from now on if it compiles (read as `dialect`, detected when
    /// `None`); otherwise keeps the previous program (the engine keeps playing it too).
    pub fn refresh(&mut self, code: &str, beats_per_cycle: f64, dialect: Option<Dialect>) {
        let opts = CompileOptions {
            dialect,
            locations: true,
            ..CompileOptions::new(beats_per_cycle)
        };
        if let Ok(p) = compile_program_with(code, &opts) {
            self.program = Some(p);
            self.last_text = code.to_string();
            self.edits.clear();
            self.cached = None;
        }
    }

    /// Lights nothing until the next evaluation (after Hush).
    pub fn clear(&mut self) {
        self.program = None;
        self.cached = None;
    }

    /// True while the published cycle moves (or moved less than [`HOLD_SECONDS`] ago at time
    /// `now`, in seconds).
    pub fn playing(&mut self, cycle: f64, now: f64) -> bool {
        if cycle != self.last_cycle {
            self.last_cycle = cycle;
            self.moved_at = now;
        }
        now - self.moved_at <= HOLD_SECONDS
    }

    /// Takes the code as it is now (`cursor`: the byte after the edit, when known, to place
    /// an insertion of repeated characters): the edit since the last frame is remembered.
    pub fn follow(&mut self, text: &str, cursor: Option<usize>) {
        if text == self.last_text {
            return;
        }
        let edit = find_edit(&self.last_text, text, cursor);
        self.edits.push(edit);
        self.last_text = text.to_string();
    }

    /// The byte ranges of the code as it is now (see [`LiveCode::follow`]) lit at `cycle`:
    /// the words of every event whose whole holds `cycle`, sorted, without repeats.
    pub fn lit(&mut self, cycle: f64) -> Vec<(usize, usize)> {
        if !cycle.is_finite() || self.program.is_none() {
            return vec![];
        }
        let c = cycle.floor().clamp(-1e15, 1e15) as i64;
        if self.cached.as_ref().map(|e| e.cycle) != Some(c) {
            let program = self.program.as_ref().expect("checked");
            self.cached = Some(cycle_events(program, c));
        }
        let Some(ev) = &self.cached else {
            return vec![];
        };
        let mut out: Vec<(usize, usize)> = ev
            .events
            .iter()
            .filter(|e| e.begin <= cycle && cycle < e.end)
            .flat_map(|e| &ev.locs[e.locs.0 as usize..e.locs.1 as usize])
            .filter_map(|l| map_range(&self.edits, l.start as usize, l.end as usize))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The events of `program`'s outputs whose parts meet cycle `c`, with their words.
fn cycle_events(program: &Program, c: i64) -> CycleEvents {
    let arena = Bump::new();
    arena.set_allocation_limit(Some(QUERY_BYTES));
    let overflow = Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let span = Span::new(Time::from_integer(c), Time::from_integer(c + 1));
    let spec = &program.graph;
    let mut out = CycleEvents {
        cycle: c,
        ..Default::default()
    };
    // Every pattern an output reads, each once.
    let mut seen = vec![false; spec.nodes.len()];
    let mut stack: Vec<usize> = spec.outputs.iter().map(|(_, node)| *node).collect();
    while let Some(i) = stack.pop() {
        if i >= spec.nodes.len() || std::mem::replace(&mut seen[i], true) {
            continue;
        }
        stack.extend(node_inputs(&spec.nodes[i]));
        let (NodeSpec::Voices(pattern) | NodeSpec::Control(pattern)) = &spec.nodes[i] else {
            continue;
        };
        for hap in pattern.query(&ctx, span).iter() {
            let (Some(whole), false) = (hap.whole, hap.locs.is_empty()) else {
                continue;
            };
            if out.events.len() >= MAX_EVENTS {
                break;
            }
            let t = |x: Time| *x.numer() as f64 / *x.denom() as f64;
            let from = out.locs.len() as u32;
            out.locs.extend_from_slice(hap.locs.as_slice());
            out.events.push(LitEvent {
                begin: t(whole.begin),
                end: t(whole.end),
                locs: (from, out.locs.len() as u32),
            });
        }
    }
    out
}

/// The edit that turns `old` into `new`. Where an insertion or deletion of repeated characters
/// could be at several places, the one ending at `cursor` (in `new`) is taken, else the
/// latest.
fn find_edit(old: &str, new: &str, cursor: Option<usize>) -> Edit {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let shorter = a.len().min(b.len());
    if prefix + suffix >= shorter {
        // A pure insertion or deletion of `k` bytes: any `at` in `[shorter - suffix, prefix]`
        // gives the same text.
        let k = a.len().max(b.len()) - shorter;
        let lowest = shorter.saturating_sub(suffix);
        let at = match cursor {
            Some(c) if a.len() < b.len() => c.saturating_sub(k),
            Some(c) => c,
            None => prefix,
        }
        .clamp(lowest, prefix.min(shorter));
        return Edit {
            at,
            removed: a.len() - shorter,
            inserted: b.len() - shorter,
        };
    }
    Edit {
        at: prefix,
        removed: a.len() - prefix - suffix,
        inserted: b.len() - prefix - suffix,
    }
}

/// Where `start..end` of the evaluated code is after `edits`: moved by the edits before it,
/// `None` once an edit touched it.
fn map_range(edits: &[Edit], mut start: usize, mut end: usize) -> Option<(usize, usize)> {
    for e in edits {
        if end <= e.at {
            continue;
        }
        if start >= e.at + e.removed {
            start = start - e.removed + e.inserted;
            end = end - e.removed + e.inserted;
            continue;
        }
        return None;
    }
    Some((start, end))
}

/// Byte ranges of `text` as character ranges (what egui's cursors count), in one pass.
pub fn char_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut bounds: Vec<usize> = ranges.iter().flat_map(|&(a, b)| [a, b]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut chars = Vec::with_capacity(bounds.len());
    let mut n = 0;
    let mut it = text.char_indices().peekable();
    for &b in &bounds {
        while it.peek().is_some_and(|(i, _)| *i < b) {
            it.next();
            n += 1;
        }
        chars.push(n);
    }
    let at = |b: usize| chars[bounds.binary_search(&b).unwrap_or(0)];
    ranges.iter().map(|&(a, b)| (at(a), at(b))).collect()
}

/// Paints the lit character ranges over the code box's text.
pub fn paint(ui: &egui::Ui, out: &egui::text_edit::TextEditOutput, lit: &[(usize, usize)]) {
    let painter = ui.painter().with_clip_rect(out.text_clip_rect);
    let at = |c: usize| {
        out.galley
            .pos_from_cursor(CCursor::new(c))
            .translate(out.galley_pos.to_vec2())
    };
    for &(a, b) in lit {
        let rect = at(a).union(at(b)).expand(1.0);
        painter.rect(
            rect,
            2.0,
            LIT,
            Stroke::new(1.0, LIT_OUTLINE),
            egui::StrokeKind::Outside,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_insertion_before_a_word_moves_it_and_an_edit_inside_darkens_it() {
        let e = find_edit("s \"bd sn\"", "  s \"bd sn\"", None);
        assert_eq!(map_range(&[e], 3, 5), Some((5, 7)));
        let e = find_edit("s \"bd sn\"", "s \"bx sn\"", None);
        assert_eq!(map_range(&[e], 3, 5), None);
        assert_eq!(map_range(&[e], 6, 8), Some((6, 8)));
        // `b` typed before `bd`: the cursor says where.
        let e = find_edit("s \"bd\"", "s \"bbd\"", Some(4));
        assert_eq!(map_range(&[e], 3, 5), Some((4, 6)));
    }

    #[test]
    fn byte_ranges_become_character_ranges() {
        assert_eq!(char_ranges("é \"bd\"", &[(4, 6)]), vec![(3, 5)]);
    }
}
