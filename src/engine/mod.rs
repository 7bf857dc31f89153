//! The engine: per host block, turns the program's patterns into voice triggers at exact
//! sample offsets and renders the voices. Never allocates, locks or touches the disk once
//! constructed.

pub mod clock;
pub mod handoff;
pub mod program;
pub mod voice;

pub use clock::{Clock, TimeSource};
pub use handoff::Handoff;
pub use program::LoadedProgram;

use crate::pattern::{Ctx, Hap, Sym, Value};
use bumpalo::Bump;
use clock::BlockTime;
use std::cell::Cell;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use voice::Voice;

/// Bytes of query scratch space per block.
pub const ARENA_BYTES: usize = 4 << 20;
/// Default voice pool size.
pub const DEFAULT_VOICES: usize = 1024;

/// Counters the editor and CLI read (written by the audio thread, relaxed atomics).
#[derive(Default)]
pub struct EngineStats {
    pub active_voices: AtomicU32,
    /// Events dropped because the query arena was full.
    pub event_overflows: AtomicU64,
    /// Voices cut early because the pool was full.
    pub voice_steals: AtomicU64,
    /// The cycle position of the last block's start, as f64 bits.
    pub cycle_bits: AtomicU64,
    /// Blocks rendered.
    pub blocks: AtomicU64,
}

/// Settings of one block from the host or CLI.
#[derive(Clone, Copy, Debug)]
pub struct BlockInput {
    pub time: HostTime,
    pub beats_per_cycle: f64,
}

/// The host's timeline for a block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HostTime {
    /// Playing with a tempo and beat position.
    Playing { bpm: f64, pos_beats: f64 },
    /// A timeline that is stopped.
    Stopped,
    /// No timeline at all: free-run at the program's tempo.
    None,
}

/// The audio-thread engine.
pub struct Engine {
    pub sample_rate: f64,
    clock: Clock,
    program: Option<Box<LoadedProgram>>,
    handoff: Arc<Handoff>,
    voices: Vec<Voice>,
    max_voices: usize,
    serial: u64,
    arena: Bump,
    overflow: Cell<u64>,
    pub stats: Arc<EngineStats>,
    /// Tempo used with no host timeline and no `tempo:` in the program.
    pub default_cps: f64,
}

impl Engine {
    /// Allocates everything the audio thread will need.
    pub fn new(sample_rate: f64, handoff: Arc<Handoff>) -> Engine {
        let arena = Bump::with_capacity(ARENA_BYTES);
        arena.set_allocation_limit(Some(arena.allocated_bytes()));
        Engine {
            sample_rate,
            clock: Clock::new(sample_rate),
            program: None,
            handoff,
            voices: Vec::with_capacity(DEFAULT_VOICES),
            max_voices: DEFAULT_VOICES,
            serial: 0,
            arena,
            overflow: Cell::new(0),
            stats: Arc::new(EngineStats::default()),
            default_cps: 0.5,
        }
    }

    /// Installs a program directly (not real-time safe: for setup and the CLI).
    pub fn set_program(&mut self, p: Box<LoadedProgram>) {
        self.program = Some(p);
    }

    /// The program playing now.
    pub fn program(&self) -> Option<&LoadedProgram> {
        self.program.as_deref()
    }

    /// Silences all voices and forgets the clock position (not on the audio thread: voices may
    /// hold the last reference to nothing, but the library owns all samples).
    pub fn reset(&mut self) {
        self.voices.clear();
        self.clock.reset();
    }

    /// Renders one block, adding into `left`/`right` (which the caller zeroes).
    pub fn process(&mut self, input: BlockInput, left: &mut [f32], right: &mut [f32]) {
        // Take the newest queued program (each replaced one is retired, never freed here).
        while let Some(new) = self.handoff.take() {
            if let Some(old) = self.program.replace(new) {
                self.handoff.retire(old);
            }
        }
        let len = left.len().min(right.len());
        let src = match input.time {
            HostTime::Playing { bpm, pos_beats } => TimeSource::HostPlaying { bpm, pos_beats },
            HostTime::Stopped => TimeSource::HostStopped,
            HostTime::None => TimeSource::Free {
                cps: self.program.as_ref().and_then(|p| p.program.cps).unwrap_or(self.default_cps),
            },
        };
        if let Some(bt) = self.clock.advance(src, input.beats_per_cycle, len) {
            self.stats.cycle_bits.store(bt.cycle_f64().to_bits(), Ordering::Relaxed);
            self.trigger(&bt);
        }
        self.render(&mut left[..len], &mut right[..len]);
        self.stats.blocks.fetch_add(1, Ordering::Relaxed);
    }

    /// Queries every output for onsets in this block and starts their voices.
    fn trigger(&mut self, bt: &BlockTime) {
        let Some(program) = self.program.as_deref() else { return };
        self.arena.reset();
        self.overflow.set(0);
        let ctx = Ctx::new(&self.arena, &self.overflow);
        let span = bt.span();
        for (output, pat) in &program.program.outputs {
            let haps = pat.query(&ctx, span);
            for h in haps.iter().filter(|h| h.has_onset()) {
                let offset = bt.sample_at(h.part.begin);
                if offset < 0 || offset as usize >= bt.len {
                    continue;
                }
                start_voice(
                    &mut self.voices,
                    self.max_voices,
                    &mut self.serial,
                    &self.stats,
                    program,
                    self.sample_rate,
                    h,
                    offset as usize,
                    *output,
                );
            }
        }
        let ovf = self.overflow.get();
        if ovf > 0 {
            self.stats.event_overflows.fetch_add(ovf, Ordering::Relaxed);
        }
    }

    fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
        // Voices stay in trigger order, so the mix is summed in the same order whatever the
        // block size (float addition is not associative). Dropping a finished voice's
        // Arc<Sample> is never the last reference (the library holds one): nothing is freed.
        self.voices.retain_mut(|v| v.render(left, right));
        self.stats.active_voices.store(self.voices.len() as u32, Ordering::Relaxed);
    }
}

/// Starts the voice for one event (or counts why it could not).
#[allow(clippy::too_many_arguments)]
fn start_voice(
    voices: &mut Vec<Voice>,
    max_voices: usize,
    serial: &mut u64,
    stats: &EngineStats,
    program: &LoadedProgram,
    sample_rate: f64,
    h: &Hap,
    offset: usize,
    output: usize,
) {
    let v = h.value;
    let Some(Value::Str(name)) = v.get(Sym::S) else { return };
    let Some(bank) = program.banks.get(&name) else { return };
    if bank.is_empty() {
        return;
    }
    let n = v.get_num(Sym::N).unwrap_or(0.0).floor() as i64;
    let sample = &bank[n.rem_euclid(bank.len() as i64) as usize];
    let gain = v.get_num(Sym::GAIN).unwrap_or(1.0) as f32;
    let pan = v.get_num(Sym::PAN).unwrap_or(0.5) as f32;
    let speed = v.get_num(Sym::SPEED).unwrap_or(1.0);
    if !(gain.is_finite() && pan.is_finite() && speed.is_finite()) || speed == 0.0 {
        return;
    }
    let rate = speed * sample.sample_rate as f64 / sample_rate;
    let pos = if rate < 0.0 { (sample.left.len().saturating_sub(1)) as f64 } else { 0.0 };
    let (gain_l, gain_r) = Voice::pan_gains(gain.max(0.0), pan);
    if voices.len() >= max_voices {
        // Steal the oldest voice (the first: voices are kept in trigger order).
        voices.remove(0);
        stats.voice_steals.fetch_add(1, Ordering::Relaxed);
    }
    *serial += 1;
    voices.push(Voice { sample: sample.clone(), pos, rate, gain_l, gain_r, delay: offset, output, serial: *serial });
}
