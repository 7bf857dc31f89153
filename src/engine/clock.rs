//! The pattern clock: the only place where time becomes samples.
//!
//! Cycle positions are integers `k` on a grid of `1/den` cycles, and one sample advances the
//! position by `step` grid units, so `c(i) = (k0 + i * step) / den` exactly. The grid comes from
//! a rational tempo (the host's BPM rounded to 1/1000 BPM, or the program's `tempo:`), so
//! block boundaries never depend on floating-point accumulation. Host positions (f64) only
//! detect jumps and pick the anchor.

use crate::pattern::time::{from_f64, Span, Time};
use num_rational::Ratio;
use num_traits::{CheckedDiv, CheckedMul};

/// Where the tempo and position come from for one block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimeSource {
    /// The host is playing at `bpm`; `pos_beats` is the beat position of the block's first sample.
    HostPlaying { bpm: f64, pos_beats: f64 },
    /// The host has a timeline but is stopped: no new events.
    HostStopped,
    /// No host timeline (CLI, standalone, some hosts): free-running at `cps`.
    Free { cps: f64 },
}

/// A block's span of cycles and the per-sample step, on the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockTime {
    pub k0: i64,
    pub step: i64,
    pub den: i64,
    pub len: usize,
}

impl BlockTime {
    /// The cycle span `[c(0), c(len))`.
    pub fn span(&self) -> Span {
        Span::new(Ratio::new(self.k0, self.den), Ratio::new(self.k0 + self.step * self.len as i64, self.den))
    }

    /// The sample whose period `[c(i), c(i + 1))` holds cycle time `t` (negative before the
    /// block, `len` or more after it). The periods of a block's samples tile its span exactly,
    /// so every onset the block's query returns lands on one of its samples, and an onset a
    /// fraction of a sample before the block's end is never lost between two blocks.
    pub fn sample_at(&self, t: Time) -> i64 {
        // floor((t * den - k0) / step), in i128 so long sessions cannot overflow.
        let num = *t.numer() as i128 * self.den as i128 - self.k0 as i128 * *t.denom() as i128;
        let d = *t.denom() as i128 * self.step as i128;
        let q = num.div_euclid(d);
        q.clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// The cycle position of the block's first sample, as a double (for display).
    pub fn cycle_f64(&self) -> f64 {
        self.k0 as f64 / self.den as f64
    }
}

/// Hosts' positions may differ from the exact clock by rounding; beyond this many samples the
/// clock re-anchors (a loop, a seek, a tempo change).
const JUMP_TOLERANCE_SAMPLES: i64 = 2;

/// Faster tempos (a hostile host or `tempo:`) play nothing rather than query millions of cycles.
const MAX_CPS: i64 = 1000;

/// The sample-counted pattern clock.
#[derive(Debug, Clone)]
pub struct Clock {
    sample_rate: i64,
    /// Grid: positions are `k / den`, one sample is `step / den`. (step, den) == (0, 0) when unset.
    step: i64,
    den: i64,
    /// Position of the next block's first sample, in grid units; `None` until anchored.
    k: Option<i64>,
    /// The tempo key the grid was made for (cps as a rational), to notice changes.
    cps: Option<Time>,
    free: bool,
}

impl Clock {
    pub fn new(sample_rate: f64) -> Clock {
        Clock { sample_rate: sample_rate.round().max(1.0) as i64, step: 0, den: 0, k: None, cps: None, free: false }
    }

    /// Forgets the position (transport stop, reset): the next playing block re-anchors.
    pub fn reset(&mut self) {
        self.k = None;
    }

    /// `None` when the tempo does not fit the grid (zero, or overflowing `i64`).
    fn set_tempo(&mut self, cps: Time) -> Option<bool> {
        if self.cps == Some(cps) {
            return Some(false);
        }
        if cps > Time::from_integer(MAX_CPS) {
            return None;
        }
        let dc = cps.checked_div(&Time::from_integer(self.sample_rate)).filter(|d| *d.numer() > 0)?;
        self.step = *dc.numer();
        self.den = *dc.denom();
        self.cps = Some(cps);
        Some(true)
    }

    /// The cycle span of the next `len` samples, or `None` when no events should start.
    pub fn advance(&mut self, src: TimeSource, beats_per_cycle: f64, len: usize) -> Option<BlockTime> {
        match src {
            TimeSource::HostStopped => {
                self.k = None;
                None
            }
            TimeSource::Free { cps } => {
                let cps = from_f64(cps).filter(|c| *c > Time::from_integer(0))?;
                let old = (self.k, self.den);
                let changed = self.set_tempo(cps)?;
                if !self.free || self.k.is_none() {
                    self.k = Some(0);
                } else if let (true, (Some(k), old_den)) = (changed, old) {
                    // Keep the cycle position across a tempo change, moved onto the new grid.
                    self.k = Some((k as i128 * self.den as i128 / old_den as i128) as i64);
                }
                self.free = true;
                let k0 = self.k.unwrap_or(0);
                self.finish(k0, len)
            }
            TimeSource::HostPlaying { bpm, pos_beats } => {
                if !(bpm.is_finite() && bpm > 0.0 && pos_beats.is_finite() && beats_per_cycle > 0.0) {
                    return None;
                }
                let bpm_r = Time::new((bpm * 1000.0).round() as i64, 1000);
                let bpc = from_f64(beats_per_cycle).unwrap_or(Time::from_integer(4));
                let bpc = if bpc > Time::from_integer(0) { bpc } else { Time::from_integer(4) };
                let cps = Time::from_integer(60).checked_mul(&bpc).and_then(|d| bpm_r.checked_div(&d))?;
                let changed = self.set_tempo(cps)?;
                let host_k = (pos_beats / beats_per_cycle * self.den as f64).round() as i64;
                let near = |k: i64| k.checked_sub(host_k).is_some_and(|d| d.unsigned_abs() <= (JUMP_TOLERANCE_SAMPLES.saturating_mul(self.step)) as u64);
                let k0 = match self.k {
                    Some(k) if !changed && !self.free && near(k) => k,
                    _ => host_k,
                };
                self.free = false;
                self.finish(k0, len)
            }
        }
    }

    fn finish(&mut self, k0: i64, len: usize) -> Option<BlockTime> {
        let bt = BlockTime { k0, step: self.step, den: self.den, len };
        // A position past the grid's range (a hostile host position) plays nothing.
        self.k = self.step.checked_mul(len as i64).and_then(|d| k0.checked_add(d));
        self.k.map(|_| bt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_clock_lands_cycles_on_exact_samples() {
        let mut c = Clock::new(48000.0);
        let b = c.advance(TimeSource::Free { cps: 0.5 }, 4.0, 96000).unwrap();
        assert_eq!(b.sample_at(Time::from_integer(1)), 96000);
        let b2 = c.advance(TimeSource::Free { cps: 0.5 }, 4.0, 10).unwrap();
        assert_eq!(b2.sample_at(Time::from_integer(1)), 0);
    }

    #[test]
    fn host_mid_bar_start() {
        // 90 BPM from beat 2.5: the next bar is 1.5 beats = 1 s away.
        let mut c = Clock::new(48000.0);
        let b = c.advance(TimeSource::HostPlaying { bpm: 90.0, pos_beats: 2.5 }, 4.0, 512).unwrap();
        assert_eq!(b.sample_at(Time::from_integer(1)), 48000);
    }

    #[test]
    fn a_day_at_an_odd_tempo_neither_overflows_nor_drifts() {
        let sr = 44100.0;
        let bpm = 133.337;
        let mut c = Clock::new(sr);
        let day = 24 * 3600 * 44100i64;
        let first = c.advance(TimeSource::HostPlaying { bpm, pos_beats: 0.0 }, 4.0, 512).unwrap();
        // Jump the clock a day ahead in one step and compare with exact arithmetic.
        let bt = BlockTime { k0: first.k0 + first.step * day, ..first };
        let cycles = Time::new(133337, 1000) / Time::from_integer(240) * Time::from_integer(24 * 3600);
        assert_eq!(bt.span().begin, cycles);
        assert_eq!(bt.sample_at(cycles), 0);
        let next_cycle = cycles.floor() + Time::from_integer(1);
        let s = bt.sample_at(next_cycle);
        let exact = ((next_cycle - cycles) * Time::from_integer(240) / Time::new(133337, 1000) * Time::from_integer(44100)).floor();
        assert_eq!(Time::from_integer(s), exact);
    }
}
