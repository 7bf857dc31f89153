//! The pattern clock: the only place where time becomes samples.
//!
//! Cycle positions are integers `k` on a grid of `1/den` cycles, and one sample advances the
//! position by `step` grid units, so `c(i) = (k0 + i * step) / den` exactly. The grid comes from
//! a rational tempo (the host's BPM rounded to 1/1000 BPM, or the program's `tempo:`), so
//! block boundaries never depend on floating-point accumulation.
//!
//! **Following a host** ("trust the timeline, not each number"). Hosts report positions rounded
//! in their own ways: Ardour's beat position is a whole tick of 1/1920 beat, other hosts keep
//! 1/960-beat ticks, whole milliseconds, a ppq in `f32`, or only samples or only beats. The clock
//! counts its own samples and keeps its position while the host's agrees with it within what such
//! rounding explains ([`tolerance_samples`]); it re-anchors only on a real jump (a seek, a loop
//! wrap, a stop and start). A tempo change keeps the position: the clock moves onto the new
//! grid from `beats`, an `f64` shadow of the position advanced the way a host integrates its
//! tempo, so a tempo ramp lands where an exact host puts it and rounding never accumulates.
//! A loop wrap moves the position back by the host's loop length, not to the host's rounded
//! number. When the host's position drifts past the tolerance on a continuous timeline (its
//! sample position advanced by the block, or the step is small), the clock re-anchors and tells
//! the engine where the previous block ended ([`Continuity::Resumed`]), so no event is played
//! twice or skipped across the correction.

use crate::pattern::time::{from_f64, Span, Time};
use num_rational::Ratio;
use num_traits::{CheckedDiv, CheckedMul};

/// A playing host's timeline at a block's first sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HostPosition {
    /// Tempo in quarter notes per minute.
    pub bpm: f64,
    /// Position in quarter notes (possibly rounded by the host).
    pub pos_beats: f64,
    /// Position in samples, when the host reports one (VST3's sample position, CLAP's seconds).
    pub pos_samples: Option<f64>,
    /// The host's active loop, in beats.
    pub loop_beats: Option<(f64, f64)>,
}

impl HostPosition {
    /// A host that reports only a tempo and a beat position.
    pub fn beats(bpm: f64, pos_beats: f64) -> HostPosition {
        HostPosition {
            bpm,
            pos_beats,
            pos_samples: None,
            loop_beats: None,
        }
    }

    /// The same timeline `samples` later at the same tempo.
    pub fn advanced(self, samples: usize, sample_rate: f64) -> HostPosition {
        HostPosition {
            pos_beats: self.pos_beats + samples as f64 / sample_rate * self.bpm / 60.0,
            pos_samples: self.pos_samples.map(|p| p + samples as f64),
            ..self
        }
    }
}

/// Where the tempo and position come from for one block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimeSource {
    /// The host is playing.
    HostPlaying(HostPosition),
    /// The host has a timeline but is stopped: no new events.
    HostStopped,
    /// No host timeline (CLI, standalone, some hosts): free-running at `cps`.
    Free { cps: f64 },
}

/// How the last block's span relates to the one before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Continuity {
    /// A new start (first block, seek, loop wrap, after a stop): its events all play.
    Fresh,
    /// It begins exactly where the previous block ended.
    Continuous,
    /// A correction on a continuous timeline: the previous block ended at this cycle position.
    /// Events before it were played already; events between it and this block's start are due.
    Resumed(Time),
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
        Span::new(
            Ratio::new(self.k0, self.den),
            Ratio::new(self.k0 + self.step * self.len as i64, self.den),
        )
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

/// Exact hosts' positions still carry float rounding: this many samples on top of a host's own
/// rounding unit.
const SLACK_SAMPLES: f64 = 2.0;

/// The finest beat rounding a host's tick timeline is known to use: 1/960 beat (Ardour uses
/// 1/1920, Cubase and Reaper MIDI 960 ppq).
const TICKS_PER_BEAT: f64 = 960.0;

/// A correction (a re-anchor on a continuous timeline) moves the clock by at most this many
/// tolerances; a larger difference is a jump.
const CORRECTION_TOLERANCES: f64 = 4.0;

/// Faster tempos (a hostile host or `tempo:`) play nothing rather than query millions of cycles.
const MAX_CPS: i64 = 1000;

/// How far, in samples, a host's reported position may be from the true one through rounding
/// alone: a tick of 1/960 beat or a whole millisecond (whichever is larger), plus the precision
/// of a ppq held in `f32` at this position, plus float slack. At most 100 ms (a tick at a very
/// slow tempo).
pub fn tolerance_samples(sample_rate: f64, bpm: f64, pos_beats: f64) -> f64 {
    let samples_per_beat = sample_rate * 60.0 / bpm;
    let tick = samples_per_beat / TICKS_PER_BEAT;
    let ms = sample_rate / 1000.0;
    let f32_ulp = pos_beats.abs() * f32::EPSILON as f64 * samples_per_beat;
    (tick.max(ms) + f32_ulp + SLACK_SAMPLES).min(sample_rate / 10.0)
}

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
    /// The next block's position in beats as an exact host would report it: advanced by each
    /// block's length at its tempo, never rounded onto the grid (following a host only).
    beats: f64,
    /// The host sample position the next block should report, when the host reports one.
    host_next: Option<f64>,
    /// How the last block followed the one before.
    continuity: Continuity,
    /// Beats per cycle of the last block: a change moves every cycle, a jump.
    beats_per_cycle: f64,
    /// Where a free-running clock starts (`setCycle`): cycle 0 unless a program says.
    free_start: Time,
}

impl Clock {
    pub fn new(sample_rate: f64) -> Clock {
        Clock {
            sample_rate: sample_rate.round().max(1.0) as i64,
            step: 0,
            den: 0,
            k: None,
            cps: None,
            free: false,
            beats: 0.0,
            host_next: None,
            continuity: Continuity::Fresh,
            beats_per_cycle: 0.0,
            free_start: Time::from_integer(0),
        }
    }

    /// Forgets the position (transport stop, reset): the next playing block re-anchors.
    pub fn reset(&mut self) {
        self.k = None;
        self.host_next = None;
    }

    /// `resetCycles` / `setCycle n`: free-running, the next block starts at `cycle`; on a host
    /// timeline the host's position rules (the clock re-anchors to it).
    pub fn restart_at(&mut self, cycle: Time) {
        self.reset();
        self.free_start = cycle;
    }

    /// How the last block returned by [`Clock::advance`] follows the one before it.
    pub fn continuity(&self) -> Continuity {
        self.continuity
    }

    /// `None` when the tempo does not fit the grid (zero, or overflowing `i64`).
    fn set_tempo(&mut self, cps: Time) -> Option<bool> {
        if self.cps == Some(cps) {
            return Some(false);
        }
        if cps > Time::from_integer(MAX_CPS) {
            return None;
        }
        let dc = cps
            .checked_div(&Time::from_integer(self.sample_rate))
            .filter(|d| *d.numer() > 0)?;
        self.step = *dc.numer();
        self.den = *dc.denom();
        self.cps = Some(cps);
        Some(true)
    }

    /// The cycle span of the next `len` samples, or `None` when no events should start.
    pub fn advance(
        &mut self,
        src: TimeSource,
        beats_per_cycle: f64,
        len: usize,
    ) -> Option<BlockTime> {
        let prev_end = self.k.map(|k| Time::new(k, self.den.max(1)));
        let block = match src {
            TimeSource::HostStopped => {
                self.reset();
                None
            }
            TimeSource::Free { cps } => self.advance_free(cps, len),
            TimeSource::HostPlaying(host) => self.advance_host(host, beats_per_cycle, len),
        };
        if block.is_none() {
            self.continuity = Continuity::Fresh;
            self.host_next = None;
        }
        if let (Some(b), Some(end)) = (&block, prev_end) {
            if self.continuity != Continuity::Fresh {
                // Following on: exactly where the last block ended, or a correction (a tempo
                // change's move onto the new grid can also land a fraction of a unit off).
                let begin = b.span().begin;
                self.continuity = if begin == end {
                    Continuity::Continuous
                } else {
                    Continuity::Resumed(end)
                };
            }
        }
        block
    }

    fn advance_free(&mut self, cps: f64, len: usize) -> Option<BlockTime> {
        let cps = from_f64(cps).filter(|c| *c > Time::from_integer(0))?;
        let old = (self.k, self.den);
        let changed = self.set_tempo(cps)?;
        self.continuity = Continuity::Continuous;
        if !self.free || self.k.is_none() {
            let start = self
                .free_start
                .checked_mul(&Time::from_integer(self.den))
                .map(|k| k.to_integer())
                .unwrap_or(0);
            self.k = Some(start);
            self.continuity = Continuity::Fresh;
        } else if let (true, (Some(k), old_den)) = (changed, old) {
            // Keep the cycle position across a tempo change, moved onto the new grid.
            self.k = Some((k as i128 * self.den as i128 / old_den as i128) as i64);
        }
        self.free = true;
        let k0 = self.k.unwrap_or(0);
        self.finish(k0, len)
    }

    fn advance_host(
        &mut self,
        host: HostPosition,
        beats_per_cycle: f64,
        len: usize,
    ) -> Option<BlockTime> {
        let HostPosition {
            bpm,
            pos_beats,
            pos_samples,
            loop_beats,
        } = host;
        if !(bpm.is_finite() && bpm > 0.0 && pos_beats.is_finite() && beats_per_cycle > 0.0) {
            return None;
        }
        let bpm_r = Time::new((bpm * 1000.0).round() as i64, 1000);
        let bpc = from_f64(beats_per_cycle).unwrap_or(Time::from_integer(4));
        let bpc = if bpc > Time::from_integer(0) {
            bpc
        } else {
            Time::from_integer(4)
        };
        let cps = Time::from_integer(60)
            .checked_mul(&bpc)
            .and_then(|d| bpm_r.checked_div(&d))?;
        let changed = self.set_tempo(cps)?;
        let sr = self.sample_rate as f64;
        // The shadow position advances at the grid's tempo (the BPM rounded to 1/1000), as `k`.
        let samples_per_beat = sr * 60.0 / (*bpm_r.numer() as f64 / *bpm_r.denom() as f64);
        let to_k = |beats: f64| (beats / beats_per_cycle * self.den as f64).round() as i64;
        let tol = tolerance_samples(sr, bpm, pos_beats);
        let sample_jump = match (pos_samples, self.host_next) {
            (Some(p), Some(e)) => (p - e).abs(),
            _ => 0.0,
        };
        let following = self.k.is_some() && !self.free && self.beats_per_cycle == beats_per_cycle;
        self.beats_per_cycle = beats_per_cycle;
        // Where this block starts: the clock's own position if the host agrees with it.
        let (k0, beats, continuity) = if !following {
            (to_k(pos_beats), pos_beats, Continuity::Fresh)
        } else {
            let own_k = if changed {
                to_k(self.beats)
            } else {
                self.k.unwrap_or(0)
            };
            let err = (pos_beats - self.beats) * samples_per_beat;
            let wrap = loop_beats.and_then(|(start, end)| {
                // The host wrapped its loop: it reports the loop start plus what the clock
                // went past the loop end.
                let over = self.beats - end;
                let lands = start + over;
                let wrapped = end > start
                    && over * samples_per_beat >= -tol
                    && ((pos_beats - lands) * samples_per_beat).abs() <= tol;
                wrapped.then_some(lands)
            });
            if err.abs() <= tol {
                (own_k, self.beats, Continuity::Continuous)
            } else if let Some(lands) = wrap {
                (to_k(lands), lands, Continuity::Fresh)
            } else if err.abs() <= CORRECTION_TOLERANCES * tol && sample_jump <= tol {
                // A correction: still following on (`advance` makes it `Resumed` from where
                // the last block ended).
                (to_k(pos_beats), pos_beats, Continuity::Continuous)
            } else {
                (to_k(pos_beats), pos_beats, Continuity::Fresh)
            }
        };
        self.continuity = continuity;
        self.free = false;
        self.beats = beats + len as f64 / samples_per_beat;
        self.host_next = pos_samples.map(|p| p + len as f64);
        self.finish(k0, len)
    }

    fn finish(&mut self, k0: i64, len: usize) -> Option<BlockTime> {
        let bt = BlockTime {
            k0,
            step: self.step,
            den: self.den,
            len,
        };
        // A position past the grid's range (a hostile host position) plays nothing.
        self.k = self
            .step
            .checked_mul(len as i64)
            .and_then(|d| k0.checked_add(d));
        self.k.map(|_| bt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_clock_lands_cycles_on_exact_samples() {
        let mut c = Clock::new(48000.0);
        let b = c
            .advance(TimeSource::Free { cps: 0.5 }, 4.0, 96000)
            .unwrap();
        assert_eq!(b.sample_at(Time::from_integer(1)), 96000);
        let b2 = c.advance(TimeSource::Free { cps: 0.5 }, 4.0, 10).unwrap();
        assert_eq!(b2.sample_at(Time::from_integer(1)), 0);
    }

    #[test]
    fn host_mid_bar_start() {
        // 90 BPM from beat 2.5: the next bar is 1.5 beats = 1 s away.
        let mut c = Clock::new(48000.0);
        let b = c
            .advance(
                TimeSource::HostPlaying(HostPosition::beats(90.0, 2.5)),
                4.0,
                512,
            )
            .unwrap();
        assert_eq!(b.sample_at(Time::from_integer(1)), 48000);
    }

    #[test]
    fn a_day_at_an_odd_tempo_neither_overflows_nor_drifts() {
        let sr = 44100.0;
        let bpm = 133.337;
        let mut c = Clock::new(sr);
        let day = 24 * 3600 * 44100i64;
        let first = c
            .advance(
                TimeSource::HostPlaying(HostPosition::beats(bpm, 0.0)),
                4.0,
                512,
            )
            .unwrap();
        // Jump the clock a day ahead in one step and compare with exact arithmetic.
        let bt = BlockTime {
            k0: first.k0 + first.step * day,
            ..first
        };
        let cycles =
            Time::new(133337, 1000) / Time::from_integer(240) * Time::from_integer(24 * 3600);
        assert_eq!(bt.span().begin, cycles);
        assert_eq!(bt.sample_at(cycles), 0);
        let next_cycle = cycles.floor() + Time::from_integer(1);
        let s = bt.sample_at(next_cycle);
        let exact = ((next_cycle - cycles) * Time::from_integer(240) / Time::new(133337, 1000)
            * Time::from_integer(44100))
        .floor();
        assert_eq!(Time::from_integer(s), exact);
    }

    /// Ardour's ticks of 1/1920 beat (12.5 samples at 120 BPM) never move the clock; a seek
    /// re-anchors; a wrap of the host's loop moves back by exactly the loop's length.
    #[test]
    fn rounded_positions_follow_the_timeline() {
        let mut c = Clock::new(48000.0);
        let tick = |beats: f64| (beats * 1920.0).floor() / 1920.0;
        let host = |beats: f64| TimeSource::HostPlaying(HostPosition::beats(120.0, beats));
        let mut k = None;
        for b in 0..200 {
            let beats = b as f64 * 300.0 / 24000.0;
            let bt = c.advance(host(tick(beats)), 4.0, 300).unwrap();
            assert_eq!(bt.k0, k.unwrap_or(bt.k0), "block {b} re-anchored");
            assert_eq!(
                c.continuity(),
                if b == 0 {
                    Continuity::Fresh
                } else {
                    Continuity::Continuous
                }
            );
            k = Some(bt.k0 + bt.step * 300);
        }
        let bt = c.advance(host(10.0), 4.0, 300).unwrap();
        assert_eq!(
            (c.continuity(), bt.span().begin),
            (Continuity::Fresh, Time::new(10, 4))
        );
        // Loop 1..3.5 beats: the clock reaches 3.5 and the host reports a rounded 1.0.
        let mut c = Clock::new(48000.0);
        let looped = |beats: f64| {
            TimeSource::HostPlaying(HostPosition {
                loop_beats: Some((1.0, 3.5)),
                ..HostPosition::beats(120.0, beats)
            })
        };
        c.advance(looped(3.0), 4.0, 12000).unwrap();
        let bt = c.advance(looped(1.0 - 1.0 / 1920.0), 4.0, 100).unwrap();
        assert_eq!(
            (c.continuity(), bt.span().begin),
            (Continuity::Fresh, Time::new(1, 4))
        );
    }
}
