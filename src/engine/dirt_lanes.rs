//! SuperDirt `supersaw` voices rendered together in SIMD lanes (`dsp/supersaw_lanes.rs`), and
//! `superpiano` voices likewise (`dsp/piano_lanes.rs`, stereo), for
//! the lane renderer (`voice_lanes.rs`): up to [`LANES`] voices of a window whose synth sounds
//! through the whole chunk from its first sample. Only the synth renders in lanes; each voice
//! then runs its own effects, filters, gains and sends over its lane as it would over its own
//! render. The chunk is cut where any lane starts a control block; there that voice runs its
//! own `control_block` (as its `render_len` would) between the stretches, so the lanes give the
//! scalar path's samples bit for bit.

use super::dirt_synth::DirtSynth;
use super::voice::{Source, Voice};
use super::voice_lanes::by_lane;
use crate::dsp::lanes::{self, Isa, L32, LANES};
use crate::dsp::piano_lanes::{self, PianoLanes, MAX_STRETCH};
use crate::dsp::sc_synth::CONTROL_BLOCK;
use crate::dsp::supersaw_lanes::{self, SupersawLanes};
use crate::dsp::CHUNK;
use std::sync::atomic::{AtomicU64, Ordering};

/// Supersaw voice chunks rendered in lanes since the process started (all engines; for tests
/// and diagnostics).
pub static SUPERSAW_LANE_CHUNKS: AtomicU64 = AtomicU64::new(0);

/// A voice's SuperDirt synth, if that is its source.
fn dirt_synth(src: &mut Source) -> Option<&mut DirtSynth> {
    match src {
        Source::Dirt(s) => Some(s),
        _ => None,
    }
}

/// Counts `v` as a group's next lane (of `lanes` taken so far) when its synth `fits` the `n`
/// samples from the chunk's start and a lane is free.
fn take_lane(
    lanes: &mut usize,
    v: &Voice,
    n: usize,
    fits: fn(&super::dirt_synth::DirtSynth, usize) -> bool,
) -> bool {
    let takes = *lanes < LANES
        && v.delay == 0
        && n > 0
        && matches!(&v.source, Source::Dirt(s) if fits(s, n));
    if takes {
        *lanes += 1;
    }
    takes
}

/// One window's supersaw lanes.
#[derive(Default)]
pub(super) struct DirtGroup {
    pub lanes: usize,
}

impl DirtGroup {
    /// Takes `v` as the next lane when its synth is a supersaw that sounds through the `n`
    /// samples from the chunk's start.
    pub fn add(&mut self, v: &Voice, n: usize) -> bool {
        take_lane(
            &mut self.lanes,
            v,
            n,
            super::dirt_synth::DirtSynth::saw_lane_fits,
        )
    }

    /// Renders the lanes' synths (`win` in window order, `lane_of` each entry's lane, `LANES`
    /// for none) over `n` samples into `out` (one buffer a lane), using `rows` as scratch.
    pub fn render(
        &self,
        isa: Isa,
        win: &mut [Option<&mut Voice>],
        lane_of: impl Fn(usize) -> usize,
        rows: &mut [L32; CHUNK],
        out: &mut [[f32; CHUNK]; LANES],
        n: usize,
    ) {
        // The lanes' synths, by lane.
        let mut synths = by_lane(win, lane_of, dirt_synth);
        SUPERSAW_LANE_CHUNKS.fetch_add(self.lanes as u64, Ordering::Relaxed);
        let mut st = SupersawLanes::default();
        for (j, s) in synths.iter_mut().enumerate() {
            if let Some(s) = s.as_deref_mut() {
                s.block_start();
                s.saw_lane_load(&mut st, j);
            }
        }
        // Samples each lane has rendered and not yet given back to its synth.
        let mut owed = [0usize; LANES];
        let mut at = 0;
        loop {
            let mut stretch = n - at;
            for (s, o) in synths.iter().zip(owed) {
                if let Some(s) = s.as_deref() {
                    stretch = stretch.min(s.lane_stretch(o));
                }
            }
            supersaw_lanes::render(isa, &mut st, &mut rows[at..at + stretch]);
            at += stretch;
            for (s, o) in synths.iter().zip(owed.iter_mut()) {
                if s.is_some() {
                    *o += stretch;
                }
            }
            if at >= n {
                break;
            }
            // A lane at a control block's start: its synth takes its samples back, runs the
            // block, and the lane reloads.
            for (j, s) in synths.iter_mut().enumerate() {
                if let Some(s) = s.as_deref_mut() {
                    if s.lane_stretch(owed[j]) == CONTROL_BLOCK as usize {
                        s.saw_lane_store(&st, j, owed[j]);
                        owed[j] = 0;
                        s.block_start();
                        s.saw_lane_load(&mut st, j);
                    }
                }
            }
        }
        for (j, s) in synths.iter_mut().enumerate() {
            if let Some(s) = s.as_deref_mut() {
                s.saw_lane_store(&st, j, owed[j]);
            }
        }
        lanes::transpose(isa, &rows[..n], out);
    }
}

/// Superpiano voice chunks rendered in lanes since the process started (all engines; for tests
/// and diagnostics).
pub static PIANO_LANE_CHUNKS: AtomicU64 = AtomicU64::new(0);

/// One window's superpiano lanes (`dsp/piano_lanes.rs`): the chunk in stretches of up to
/// [`MAX_STRETCH`] samples, each lane's comb copied out before a stretch and back after it.
#[derive(Default)]
pub(super) struct PianoGroup {
    pub lanes: usize,
}

impl PianoGroup {
    /// Takes `v` as the next lane when its synth is a superpiano that sounds through the `n`
    /// samples from the chunk's start.
    pub fn add(&mut self, v: &Voice, n: usize) -> bool {
        take_lane(
            &mut self.lanes,
            v,
            n,
            super::dirt_synth::DirtSynth::piano_lane_fits,
        )
    }

    /// Renders the lanes' synths (`win` in window order, `lane_of` each entry's lane, `LANES`
    /// for none) over `n` samples into `out` (left and right, one buffer a lane), using `rows`
    /// as scratch.
    pub fn render(
        &self,
        isa: Isa,
        win: &mut [Option<&mut Voice>],
        lane_of: impl Fn(usize) -> usize,
        rows: &mut [[L32; CHUNK]; 2],
        out: [&mut [[f32; CHUNK]; LANES]; 2],
        n: usize,
    ) {
        PIANO_LANE_CHUNKS.fetch_add(self.lanes as u64, Ordering::Relaxed);
        let mut st = PianoLanes::default();
        let mut synths = by_lane(win, lane_of, dirt_synth);
        for (j, s) in synths.iter_mut().enumerate() {
            if let Some(s) = s.as_deref_mut() {
                s.piano_lane_load(&mut st, j, n);
            }
        }
        let [rl, rr] = rows;
        let [ol, or] = out;
        let mut comb_in = [[0.0f32; MAX_STRETCH]; LANES];
        let mut comb_out = [[0.0f32; LANES]; MAX_STRETCH];
        let mut at = 0;
        while at < n {
            let m = (n - at).min(MAX_STRETCH);
            for (s, c) in synths.iter_mut().zip(comb_in.iter_mut()) {
                if let Some(p) = s.as_deref_mut().and_then(|s| s.piano_mut()) {
                    p.comb_read(&mut c[..m]);
                }
            }
            piano_lanes::render(
                isa,
                &mut st,
                &comb_in,
                &mut comb_out[..m],
                &mut rl[at..at + m],
                &mut rr[at..at + m],
            );
            // (`ol` as scratch: the comb's writes a lane at a time.)
            lanes::transpose(isa, &comb_out[..m], ol);
            for (s, c) in synths.iter_mut().zip(ol.iter()) {
                if let Some(p) = s.as_deref_mut().and_then(|s| s.piano_mut()) {
                    p.comb_write(&c[..m]);
                }
            }
            at += m;
        }
        for (j, s) in synths.iter_mut().enumerate() {
            if let Some(s) = s.as_deref_mut() {
                s.piano_lane_store(&st, j);
            }
        }
        lanes::transpose(isa, &rl[..n], ol);
        lanes::transpose(isa, &rr[..n], or);
    }
}
