//! Pattern lookahead: the voice patterns are queried once per window of [`WINDOW`] samples, not
//! once per chunk, and each event is started when the chunk holding its sample is rendered.
//!
//! A query costs nearly the same for 64 samples as for 1024 (most of it is walking the
//! pattern's structure), so small host blocks would otherwise pay it many times over. The
//! windows sit on a fixed grid of the clock (window `j` holds the samples whose start lies in
//! `[j * WINDOW, (j + 1) * WINDOW)` samples of the current tempo), so the same events are queried
//! in the same order for any block size and the audio does not depend on it.
//!
//! Anything that may change what the next query returns empties the window: a new program, a
//! clock that jumped or changed tempo, a stopped transport, and live inputs (macros, held MIDI
//! notes: [`Lookahead::invalidate`]), so events still start exactly where a fresh query puts them.
//!
//! When the clock corrects its position on a continuous host timeline
//! ([`Continuity::Resumed`]), the lookahead keeps each event on exactly one sample: events
//! before the previous block's end already played and are skipped; events the correction
//! stepped over start on the first sample after it.

use super::clock::{BlockTime, Continuity};
use super::graph::Graph;
use super::midi::MidiOut;
use super::trigger::VoiceEnv;
use crate::pattern::time::{Span, Time};
use crate::pattern::{Ctx, Hap};
use bumpalo::Bump;
use std::cell::Cell;

/// Samples per lookahead window (23 ms at 44.1 kHz).
pub const WINDOW: i64 = 1024;
/// Events one window can hold; more are dropped and counted as overflows.
pub const MAX_PENDING: usize = 8192;
/// Bytes of query scratch space per window.
pub const WINDOW_ARENA_BYTES: usize = 8 << 20;

/// An event waiting for its sample.
struct Pending {
    /// The voice node it belongs to.
    node: u32,
    /// Its sample, counted from the window's first sample.
    sample: u32,
    /// The event. Its values live in `Lookahead::arena` (or in the program): the `'static` is a
    /// lie that [`Lookahead::clear`] keeps safe by dropping every `Pending` before the arena is
    /// reset and before the program that was queried is replaced.
    hap: Hap<'static>,
}

/// The queried window and the events in it. Owner: the audio thread.
pub struct Lookahead {
    arena: Bump,
    /// Events the window query dropped (arena or `pending` full).
    overflow: Cell<u64>,
    pending: Vec<Pending>,
    /// The window's samples: `window.k0 + i * step` for `i < window.len`, on the clock's grid.
    /// `None`: nothing queried (the next chunk queries).
    window: Option<BlockTime>,
    /// After a clock correction: where the block before it ended. Events before it played
    /// already; events from it to the next chunk's start are due at once.
    resume: Option<Time>,
}

impl Default for Lookahead {
    fn default() -> Self {
        Self::new()
    }
}

impl Lookahead {
    /// Allocates the window's arena and event list (not on the audio thread).
    pub fn new() -> Lookahead {
        let arena = Bump::with_capacity(WINDOW_ARENA_BYTES);
        arena.set_allocation_limit(Some(arena.allocated_bytes()));
        Lookahead {
            arena,
            overflow: Cell::new(0),
            pending: Vec::with_capacity(MAX_PENDING),
            window: None,
            resume: None,
        }
    }

    /// Forgets the queried window: the next chunk queries afresh. Call it when the program,
    /// or anything its patterns read at query time (macros, held notes), changes.
    pub fn invalidate(&mut self) {
        self.pending.clear();
        self.window = None;
    }

    /// Follows the clock's continuity for the next block (see the module doc).
    pub fn follow(&mut self, continuity: Continuity) {
        match continuity {
            Continuity::Fresh => self.resume = None,
            Continuity::Continuous => {}
            Continuity::Resumed(end) => {
                self.invalidate();
                self.resume = Some(end);
            }
        }
    }

    /// Starts the events of `graph` that fall on the samples of `chunk`, querying the windows
    /// it reaches. Returns the number of events dropped by overflow.
    pub fn trigger(
        &mut self,
        graph: &mut Graph,
        chunk: &BlockTime,
        env: &VoiceEnv,
        midi: &mut MidiOut,
    ) -> u64 {
        let mut dropped = 0;
        let span = chunk.span();
        if let Some(end) = self.resume.filter(|end| *end < span.begin) {
            // The correction stepped forward over `[end, begin)`: those events start now.
            dropped += self.catch_up(graph, Span::new(end, span.begin), chunk, env, midi);
            self.resume = None;
        }
        // Events before `played` were started before a backward correction.
        let played = self.resume;
        if played.is_some_and(|end| end <= span.end) {
            self.resume = None;
        }
        let mut i = 0usize; // next sample of the chunk to trigger
        while i < chunk.len {
            let k = chunk.k0 + chunk.step * i as i64;
            let w = match self
                .window
                .filter(|w| w.step == chunk.step && w.den == chunk.den && holds(w, k))
            {
                Some(w) => w,
                None => {
                    dropped += self.query(graph, chunk, k);
                    match self.window {
                        Some(w) => w,
                        None => return dropped,
                    }
                }
            };
            // This chunk's samples `i..until` lie in the window, from its sample `first`.
            let first = ((k - w.k0) / w.step) as usize;
            let until = chunk.len.min(i + (w.len - first));
            let (lo, hi) = (first as u32, (first + until - i) as u32);
            let due = |p: &&Pending| {
                (lo..hi).contains(&p.sample) && played.is_none_or(|end| p.hap.part.begin >= end)
            };
            for p in self.pending.iter().filter(due) {
                let offset = i + (p.sample - lo) as usize;
                graph.start_event(p.node as usize, &p.hap, chunk, offset, env, midi);
            }
            i = until;
        }
        dropped
    }

    /// Starts every event with an onset in `span` (before `chunk`) on the chunk's first sample.
    fn catch_up(
        &mut self,
        graph: &mut Graph,
        span: Span,
        chunk: &BlockTime,
        env: &VoiceEnv,
        midi: &mut MidiOut,
    ) -> u64 {
        let dropped = self.collect(graph, span, |_| Some(0));
        for p in &self.pending {
            graph.start_event(p.node as usize, &p.hap, chunk, 0, env, midi);
        }
        self.invalidate();
        dropped
    }

    /// Queries the window that holds grid position `k` (a sample start of `chunk`), from `k` to
    /// the window's end. Returns the events dropped.
    fn query(&mut self, graph: &Graph, chunk: &BlockTime, k: i64) -> u64 {
        let Some(len) = window_len(k, chunk.step) else {
            self.invalidate();
            return 0;
        };
        let w = BlockTime {
            k0: k,
            len,
            ..*chunk
        };
        let dropped = self.collect(graph, w.span(), |h| {
            let sample = w.sample_at(h.part.begin);
            (0..len as i64).contains(&sample).then_some(sample as u32)
        });
        self.window = Some(w);
        dropped
    }

    /// Empties the window and fills `pending` with the onsets of `span`, each at the sample
    /// `sample_of` gives it (`None`: not kept). Returns the events dropped.
    fn collect(
        &mut self,
        graph: &Graph,
        span: Span,
        sample_of: impl Fn(&Hap) -> Option<u32>,
    ) -> u64 {
        self.invalidate();
        self.arena.reset();
        self.overflow.set(0);
        let ctx = Ctx::realtime(&self.arena, &self.overflow);
        let pending = &mut self.pending;
        let mut full = 0u64;
        graph.query_onsets(&ctx, span, |node, h| {
            let Some(sample) = sample_of(h) else { return };
            if pending.len() == pending.capacity() {
                full += 1;
                return;
            }
            // SAFETY: the hap borrows from `self.arena` (and the program's patterns); see
            // `Pending::hap`: every `Pending` is dropped (`invalidate`) before the arena is reset
            // or the program replaced, and none is read after that.
            let hap = unsafe { std::mem::transmute::<Hap<'_>, Hap<'static>>(*h) };
            pending.push(Pending {
                node: node as u32,
                sample,
                hap,
            });
        });
        self.overflow.get() + full
    }
}

/// True when grid position `k` is one of `w`'s sample starts.
fn holds(w: &BlockTime, k: i64) -> bool {
    let d = k - w.k0;
    d >= 0 && d % w.step == 0 && d / w.step < w.len as i64
}

/// Samples from grid position `k` to the end of its window: the window of `k` is
/// `floor(k / (WINDOW * step))`, and the count runs to the first sample start at or past the
/// next window's start. `None` when the grid is too fine to count in `i64`.
fn window_len(k: i64, step: i64) -> Option<usize> {
    if step <= 0 {
        return None;
    }
    let span = WINDOW.checked_mul(step)?;
    let next = k.div_euclid(span).checked_add(1)?.checked_mul(span)?;
    let n = (next - k + step - 1) / step;
    Some(n.clamp(1, WINDOW) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_tile_the_grid_for_any_phase() {
        // step 3: window boundaries every 3072 grid units; a window ends at the first sample
        // start at or past the boundary.
        assert_eq!(window_len(0, 3), Some(1024));
        assert_eq!(window_len(3, 3), Some(1023));
        assert_eq!(window_len(3070, 3), Some(1)); // 3070 < 3072 <= 3073
        assert_eq!(window_len(3073, 3), Some(1024)); // next boundary 6144: ceil((6144-3073)/3) = 1024
        assert_eq!(window_len(-1, 3), Some(1)); // window -1 ends at 0
        assert_eq!(window_len(i64::MAX - 2, 3), None);
        assert_eq!(window_len(5, 0), None);
    }
}
