//! A voice node's voices rendered in trigger order, those of one kind together in SIMD lanes
//! (`dsp/lanes.rs`): plain saw synth voices (`s "saw"`) with their per-voice filters, from the
//! first sample of the chunk to its last, no effects, no sends; and SuperDirt `supersaw` and
//! `superpiano` synths (`dirt_lanes.rs`: the synth in lanes, the rest of each voice on its own
//! path). A window of voices is read in
//! order; its voices that fit render as one group of up to [`LANES`] (the saw, its envelope,
//! each filter slot); then every voice of the window is mixed in order, the grouped ones from
//! their lane, the others rendered as before. The lanes compute exactly what each voice's own
//! path would, so the mix (summed in trigger order) is bit-identical to rendering voice by
//! voice, for any block size and any instruction set (`tests/voice_lanes.rs`).

use super::dirt_lanes::{DirtGroup, PianoGroup};
use super::dough::lanes::DoughGroup;
use super::graph::VOICES_PER_NODE;
use super::voice::{Source, Voice, BPF, HPF, LPF};
use crate::dsp::dough_lanes::Grid;
use crate::dsp::filter::Mode;
use crate::dsp::lanes::{self, Isa, SvfLanes, L32, L64, LANES};
use crate::dsp::zeroed::ZeroedBox;
use crate::dsp::CHUNK;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

/// Voice chunks rendered in lanes since the process started (all engines; for tests and
/// diagnostics).
pub static LANE_VOICE_CHUNKS: AtomicU64 = AtomicU64::new(0);

/// Voices looked at for one group at most (the group is made of those that fit).
const WINDOW: usize = 32;

/// The filter slots in their order, each with the mode its filter has.
const SLOTS: [(usize, Mode); 3] = [
    (HPF, Mode::Highpass),
    (BPF, Mode::Bandpass),
    (LPF, Mode::Lowpass),
];

/// A voice node's buffers for its lanes (allocated with the node, off the audio thread).
pub struct LaneScratch {
    /// Per sample: each lane's envelope.
    env: [L32; CHUNK],
    /// Per sample: each lane's signal between stages (two buffers, in and out).
    sig: [[L32; CHUNK]; 2],
    /// Per lane: its finished chunk.
    out: [[f32; CHUNK]; LANES],
    /// Per supersaw lane: its synth's chunk (`dirt_lanes.rs`).
    dirt_out: [[f32; CHUNK]; LANES],
    /// Per superpiano lane: its synth's chunk, left and right (`dirt_lanes.rs`).
    piano_out: [[[f32; CHUNK]; LANES]; 2],
    /// The superdough lanes' filter grid (`dough/lanes.rs`).
    dough_grid: Grid,
    /// The address of the node's voice ring's buffer ([`LaneScratch::set_ring`]; 0: unknown),
    /// for [`settle`].
    ring_base: usize,
}

// SAFETY: every field is an array of `f32`, a `Grid` (arrays of `f64`, itself `Zeroable`) or a
// `usize` (`ring_base`: 0, unknown), for which all-zero bytes are a value.
unsafe impl bytemuck::Zeroable for LaneScratch {}

impl LaneScratch {
    /// Zeros, in pages that become resident as the lanes first write them (a node whose
    /// voices never render in lanes keeps none of its scratch resident).
    pub fn new() -> ZeroedBox<LaneScratch> {
        ZeroedBox::new()
    }

    /// Records where `voices` (the node's ring, made with its whole capacity and never grown)
    /// keeps its buffer: its address while empty, at the buffer's start.
    pub fn set_ring(&mut self, voices: &VecDeque<Voice>) {
        if voices.is_empty() {
            self.ring_base = voices.as_slices().0.as_ptr() as usize;
        }
    }
}

/// The filter slots a voice has, as bits (bit `k`: `filters[k]`), when it can render in lanes
/// this chunk (its source still to be asked, [`Voice`]'s `Synth::saw_lane`).
fn lane_key(v: &Voice) -> Option<u8> {
    if v.delay != 0
        || v.fx.is_some()
        || v.node.is_some()
        || v.extra.is_some()
        || v.sends != [0.0, 0.0]
        || !matches!(v.source, Source::Synth(_))
    {
        return None;
    }
    let mut key = 0;
    for (k, mode) in SLOTS {
        if let Some(f) = &v.filters[k] {
            // (SuperCollider's filters of a Tidal voice have no lane kernel.)
            if f.mode != mode || f.sc.is_some() {
                return None;
            }
            key |= 1 << k;
        }
    }
    Some(key)
}

/// The sources of a group's voices by lane: `pick` of each voice of `win` (window order) whose
/// lane, `lane_of` its entry, is one (`LANES`: none).
pub(super) fn by_lane<'a, T: ?Sized>(
    win: &'a mut [Option<&mut Voice>],
    lane_of: impl Fn(usize) -> usize,
    pick: impl Fn(&'a mut Source) -> Option<&'a mut T>,
) -> [Option<&'a mut T>; LANES] {
    let mut out: [Option<&mut T>; LANES] = Default::default();
    for (e, w) in win.iter_mut().enumerate() {
        let j = lane_of(e);
        if let (Some(v), true) = (w.as_deref_mut(), j < LANES) {
            out[j] = pick(&mut v.source);
        }
    }
    out
}

/// A voice's chunk as the lanes rendered it.
#[derive(Clone, Copy)]
pub(super) enum Lane<'a> {
    /// Its finished mono chunk (plain saws): only mixed.
    Mixed(&'a [f32]),
    /// Its synth's mono chunk (supersaws): the voice's effects, gains and sends still to run.
    Source(&'a [f32]),
    /// Its synth's stereo chunk, left and right (superpianos): as `Source`.
    Stereo(&'a [f32], &'a [f32]),
}

/// Renders `voices` (a chunk of `n` samples) in trigger order, calling `one(voice, lane)` for
/// each: `lane` is what the lanes rendered of it, `None` when `one` must render it itself. `one`
/// returns whether the voice still sounds; the finished ones are removed. `isa` `None` renders
/// every voice on its own.
pub(super) fn render_voices(
    voices: &mut VecDeque<Voice>,
    isa: Option<Isa>,
    scratch: &mut LaneScratch,
    n: usize,
    mut one: impl FnMut(&mut Voice, Option<Lane>) -> bool,
) {
    let n = n.min(CHUNK);
    let Some(isa) = isa.filter(|_| n > 0 && voices.len() <= VOICES_PER_NODE) else {
        voices.retain_mut(|v| one(v, None));
        settle(voices, scratch.ring_base);
        return;
    };
    let mut keep = [true; VOICES_PER_NODE];
    let mut it = voices.iter_mut().enumerate();
    loop {
        let mut win: [Option<&mut Voice>; WINDOW] = Default::default();
        // Per window entry: its index in `voices`, its saw lane, its supersaw lane, its
        // superpiano lane and its superdough lane (`LANES`: none).
        let mut place = [(0usize, LANES, LANES, LANES, LANES); WINDOW];
        let mut group = Group::default();
        let mut dirt = DirtGroup::default();
        let mut piano = PianoGroup::default();
        let mut dough = DoughGroup::default();
        let mut len = 0;
        while len < WINDOW
            && group.lanes < LANES
            && dirt.lanes < LANES
            && piano.lanes < LANES
            && dough.lanes < LANES
        {
            let Some((i, v)) = it.next() else { break };
            place[len].0 = i;
            // (The superpiano and superdough lanes share `piano_out`: one of them a window.)
            if group.lanes < LANES && group.add(v, &mut scratch.env[..n]) {
                place[len].1 = group.lanes - 1;
            } else if dirt.add(v, n) {
                place[len].2 = dirt.lanes - 1;
            } else if dough.lanes == 0 && piano.add(v, n) {
                place[len].3 = piano.lanes - 1;
            } else if piano.lanes == 0 && dough.add(v, n) {
                place[len].4 = dough.lanes - 1;
            }
            win[len] = Some(v);
            len += 1;
        }
        if len == 0 {
            break;
        }
        if group.lanes > 0 {
            LANE_VOICE_CHUNKS.fetch_add(group.lanes as u64, Ordering::Relaxed);
            let saw_place: [(usize, usize); WINDOW] = place.map(|(i, j, ..)| (i, j));
            group.render(isa, &mut win[..len], &saw_place[..len], scratch, n);
        }
        if dirt.lanes > 0 {
            let [rows, _] = &mut scratch.sig;
            dirt.render(
                isa,
                &mut win[..len],
                |e| place[e].2,
                rows,
                &mut scratch.dirt_out,
                n,
            );
        }
        if piano.lanes > 0 {
            let [ol, or] = &mut scratch.piano_out;
            piano.render(
                isa,
                &mut win[..len],
                |e| place[e].3,
                &mut scratch.sig,
                [ol, or],
                n,
            );
        }
        if dough.lanes > 0 {
            let [ol, or] = &mut scratch.piano_out;
            let (rows, grid) = (&mut scratch.sig, &mut scratch.dough_grid);
            dough.render(
                isa,
                &mut win[..len],
                |e| place[e].4,
                rows,
                grid,
                [ol, or],
                n,
            );
        }
        for (w, &(i, lane, dl, pl, gl)) in win[..len].iter_mut().zip(&place[..len]) {
            let Some(v) = w.take() else { continue };
            let x = if lane < LANES {
                Some(Lane::Mixed(&scratch.out[lane][..n]))
            } else if dl < LANES {
                Some(Lane::Source(&scratch.dirt_out[dl][..n]))
            } else if pl < LANES {
                let [ol, or] = &scratch.piano_out;
                Some(Lane::Stereo(&ol[pl][..n], &or[pl][..n]))
            } else if gl < LANES {
                let [l, r] = &scratch.piano_out;
                Some(if dough.mono() {
                    Lane::Source(&l[gl][..n])
                } else {
                    Lane::Stereo(&l[gl][..n], &r[gl][..n])
                })
            } else {
                None
            };
            keep[i] = one(v, x);
        }
    }
    drop_finished(voices, &keep);
    settle(voices, scratch.ring_base);
}

/// Keeps a node's voices near the start of their ring. The ring holds
/// [`VOICES_PER_NODE`] voices of several KB; removing the oldest moves its start on by one, so
/// over minutes the voices would pass over every slot and the whole ring (megabytes a node)
/// would become resident. When the start has moved on by at least as many slots as there are
/// voices (and 16), each voice moves from the back to the front, which puts the same order that
/// many slots earlier: about one voice moved per voice removed, and the slots in use stay within
/// about twice the most voices sounding at once. An empty ring starts again at its first slot.
fn settle<T>(voices: &mut VecDeque<T>, base: usize) {
    if voices.is_empty() {
        voices.clear();
        return;
    }
    let len = voices.len();
    let front = voices.as_slices().0.as_ptr() as usize;
    let Some(start) = front
        .checked_sub(base)
        .filter(|_| base != 0)
        .map(|d| d / std::mem::size_of::<T>().max(1))
    else {
        return;
    };
    if start < len.max(16) || start >= voices.capacity() {
        return;
    }
    for _ in 0..len {
        if let Some(v) = voices.pop_back() {
            voices.push_front(v);
        }
    }
}

/// Removes the voices whose `keep` is false, keeping the others in order. A voice is large
/// (about 10 KB): a few finished voices are removed one by one, each moving the shorter side of
/// the deque (none for the oldest, at the front), rather than moving every voice after the first.
fn drop_finished(voices: &mut VecDeque<Voice>, keep: &[bool]) {
    let len = voices.len();
    let gone = keep[..len].iter().filter(|k| !**k).count();
    if gone == 0 {
        return;
    }
    if gone <= 4 {
        for i in (0..len).rev().filter(|i| !keep[*i]) {
            voices.remove(i);
        }
        return;
    }
    let mut i = 0;
    voices.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// One group's lanes: the saws' phases and increments, which lanes are steady.
#[derive(Default)]
struct Group {
    lanes: usize,
    key: Option<u8>,
    phase: L64,
    dt: L64,
    steady: [bool; LANES],
}

impl Group {
    /// Takes `v` as the next lane when it fits (its envelope into the lane's column of `env`).
    fn add(&mut self, v: &mut Voice, env: &mut [L32]) -> bool {
        let Some(key) = lane_key(v).filter(|k| self.key.is_none_or(|g| g == *k)) else {
            return false;
        };
        let Source::Synth(s) = &mut v.source else {
            return false;
        };
        let Some((phase, dt, steady)) = s.saw_lane(env.len()) else {
            return false;
        };
        let j = self.lanes;
        if !steady {
            let mut col = [0.0f32; CHUNK];
            if !s.lane_envelope(&mut col[..env.len()]) {
                return false;
            }
            for (row, e) in env.iter_mut().zip(&col) {
                row[j] = *e;
            }
        }
        (self.phase[j], self.dt[j], self.steady[j]) = (phase, dt, steady);
        self.key = Some(key);
        self.lanes += 1;
        true
    }

    /// Renders the group's lanes into `scratch.out` and advances their voices.
    fn render(
        &mut self,
        isa: Isa,
        win: &mut [Option<&mut Voice>],
        place: &[(usize, usize)],
        scratch: &mut LaneScratch,
        n: usize,
    ) {
        // Unused lanes: phase 0 and no filter state (their results are not read).
        for j in self.lanes..LANES {
            (self.phase[j], self.dt[j], self.steady[j]) = (0.0, 0.0, true);
        }
        // The envelope only when a lane has one (a steady lane's is 1).
        let env = if self.steady.iter().all(|s| *s) {
            None
        } else {
            for (j, _) in self.steady.iter().enumerate().filter(|(_, s)| **s) {
                for row in scratch.env[..n].iter_mut() {
                    row[j] = 1.0;
                }
            }
            Some(&scratch.env[..n])
        };
        let [a, b] = &mut scratch.sig;
        let (mut x, mut y) = (&mut a[..n], &mut b[..n]);
        lanes::saw(isa, &mut self.phase, &self.dt, env, x);
        let key = self.key.unwrap_or(0);
        for (k, mode) in SLOTS {
            if key & (1 << k) == 0 {
                continue;
            }
            let mut st = SvfLanes::default();
            for (w, &(_, j)) in win.iter_mut().zip(place) {
                if let (Some(v), true) = (w.as_deref_mut(), j < LANES) {
                    if let Some(f) = &mut v.filters[k] {
                        let (c, kk, ic1, ic2) = f.svf[0].steady_parts(f.cutoff_hz, f.q);
                        for (m, c) in c.iter().enumerate() {
                            st.a[m][j] = *c;
                        }
                        (st.k[j], st.ic1[j], st.ic2[j], st.gain[j]) = (kk, ic1, ic2, f.gain);
                    }
                }
            }
            let saved = st;
            let bad = lanes::svf(isa, mode, &mut st, x, y) & ((1u32 << self.lanes) - 1);
            for (w, &(_, j)) in win.iter_mut().zip(place) {
                if let (Some(v), true) = (w.as_deref_mut(), j < LANES) {
                    if let Some(f) = &mut v.filters[k] {
                        if bad & (1 << j) == 0 {
                            f.svf[0].set_state(st.ic1[j], st.ic2[j]);
                        } else {
                            // Not finite: this lane again on the voice's own path, from the
                            // saved state (which recovers as it does there).
                            f.svf[0].set_state(saved.ic1[j], saved.ic2[j]);
                            let (mut inp, mut out) = ([0.0f32; CHUNK], [0.0f32; CHUNK]);
                            for (d, row) in inp.iter_mut().zip(x.iter()) {
                                *d = row[j];
                            }
                            let (c, q) = ([f.cutoff_hz], [f.q]);
                            f.svf[0].process(mode, &inp[..n], &c, &q, &mut out[..n]);
                            for (row, o) in y.iter_mut().zip(&out[..n]) {
                                row[j] = if f.gain != 1.0 { o * f.gain } else { *o };
                            }
                        }
                    }
                }
            }
            std::mem::swap(&mut x, &mut y);
        }
        lanes::transpose(isa, x, &mut scratch.out);
        for (w, &(_, j)) in win.iter_mut().zip(place) {
            if let (Some(v), true) = (w.as_deref_mut(), j < LANES) {
                if let Source::Synth(s) = &mut v.source {
                    s.commit_lane(n, self.steady[j], self.phase[j]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The oldest removed and a new one added, again and again (a node's voices over minutes):
    /// the ring's slots in use stay near its start, in order.
    #[test]
    fn a_ring_of_voices_stays_near_its_start() {
        let mut ring: VecDeque<[u64; 64]> = VecDeque::with_capacity(1024);
        let base = ring.as_slices().0.as_ptr() as usize;
        let slot = |r: &VecDeque<[u64; 64]>| (r.as_slices().0.as_ptr() as usize - base) / 512;
        let mut next = 0u64;
        let mut furthest = 0;
        for round in 0..20_000 {
            // 5 to 40 voices sounding.
            let want = 5 + (round / 500) % 36;
            while ring.len() < want {
                ring.push_back([next; 64]);
                next += 1;
            }
            ring.pop_front();
            settle(&mut ring, base);
            furthest = furthest.max(slot(&ring) + ring.len());
            let first = ring.front().map_or(next, |v| v[0]);
            assert!(
                ring.iter().zip(first..).all(|(v, k)| v[0] == k),
                "order kept"
            );
        }
        assert!(furthest <= 2 * 40 + 16, "slots used up to {furthest}");
        ring.clear();
        ring.push_back([0; 64]);
        settle(&mut ring, base);
        assert_eq!(slot(&ring), 0);
    }
}
