//! The engine: per host block, turns the program's patterns into voice triggers at exact
//! sample offsets and renders the voices. Never allocates, locks or touches the disk once
//! constructed.

pub mod big_slot;
pub mod clock;
pub mod dirt_gate;
pub mod dirt_lanes;
pub mod dirt_synth;
pub mod dirt_synth_grind;
pub mod dirt_synth_more;
pub mod dirt_synth_primes;
pub mod dirt_synth_wave;
pub mod dough;
pub mod fx_pool;
pub mod graph;
pub mod handoff;
pub mod lookahead;
pub mod midi;
pub mod orbit;
pub mod orbit_limiter;
pub mod piano;
pub mod program;
pub mod sample_read;
pub mod scope;
pub mod sends;
pub mod synth;
pub mod trigger;
pub mod voice;
pub mod voice_extra;
pub mod voice_lanes;
pub mod workers;

pub use crate::lang::SoundStage;
pub use clock::{Clock, HostPosition, TimeSource};
pub use handoff::Handoff;
pub use program::LoadedProgram;

use crate::pattern::time::Time;
use crate::pattern::Ctx;
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
    /// Time the last block took as a fraction of its real-time budget, as f32 bits (the
    /// plugin measures it).
    pub load_bits: AtomicU32,
    /// The tempo in BPM the clock last used, as f64 bits.
    pub bpm_bits: AtomicU64,
    /// Output samples that were NaN or infinite and were replaced by 0 (signal arithmetic that
    /// overflows f32).
    pub nonfinite_samples: AtomicU64,
    /// Voices that played without `squiz` or `comb` because every buffer slot was taken
    /// (`fx_pool::FX_SLOTS`).
    pub fx_slot_overflows: AtomicU64,
    /// Voices of the synths with long delay lines (`supergrind`, `superprimes`, `superwavemechanics`) that were silent because every
    /// synth buffer was taken (`fx_pool::SYNTH_SLOTS`).
    pub synth_slot_overflows: AtomicU64,
    /// Voices of the synths whose state lives in an engine slot (`superhoover`, `superhex`,
    /// `superprimes`, `superwavemechanics`) that were silent because every slot was taken
    /// (`big_slot::BIG_SLOTS`).
    pub big_slot_overflows: AtomicU64,
    /// Events whose `orbit` had no effects allocated (not reached when the program compiled):
    /// played in orbit 0.
    pub orbit_fallbacks: AtomicU64,
    /// Each output's recent samples, for the editor's scope and spectrum.
    pub scopes: scope::Scopes,
}

impl EngineStats {
    /// Voices that played without an effect or were silent because every engine slot of its
    /// kind was taken (`fx_slot_overflows`, `synth_slot_overflows`, `big_slot_overflows`).
    pub fn slot_overflows(&self) -> u64 {
        self.fx_slot_overflows.load(Ordering::Relaxed)
            + self.synth_slot_overflows.load(Ordering::Relaxed)
            + self.big_slot_overflows.load(Ordering::Relaxed)
    }
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
    /// Playing: the host's tempo and position at the block's first sample.
    Playing(HostPosition),
    /// A timeline that is stopped.
    Stopped,
    /// No timeline at all: free-run at the program's tempo.
    None,
    /// Free-running at the host's tempo (the host is stopped; the `sync` setting asks to jam).
    FreeAtBpm { bpm: f64 },
}

impl HostTime {
    /// Playing at `bpm` from `pos_beats`, with no sample position or loop reported.
    pub fn playing(bpm: f64, pos_beats: f64) -> HostTime {
        HostTime::Playing(HostPosition::beats(bpm, pos_beats))
    }
}

/// Where each output's audio goes: `route(output, offset, l, r)` returns true when it took the
/// audio (an output port of its own), false to have it mixed into the main pair.
pub type Route<'a> = dyn FnMut(usize, usize, &[f32], &[f32]) -> bool + 'a;

/// The audio-thread engine.
pub struct Engine {
    pub sample_rate: f64,
    clock: Clock,
    program: Option<Box<LoadedProgram>>,
    handoff: Arc<Handoff>,
    /// Voices of replaced programs, ringing out on the main output.
    orphans: Vec<Voice>,
    /// The program replaced last, fading out over [`SWAP_FADE_S`] (its signal outputs and
    /// effect tails; its voices moved to `orphans`) so a swap does not click. Kept after the
    /// fade until the retired queue takes it. Owner: audio thread.
    fading: Option<Box<LoadedProgram>>,
    /// Samples of the fade rendered so far (`>= fade_len`: done).
    fade_done: usize,
    /// The fade's length in samples ([`SWAP_FADE_S`] at the session rate).
    fade_len: usize,
    /// Note messages of `s "midi"` events. Owner: audio thread (the plugin drains it).
    pub midi: midi::MidiOut,
    /// Samples rendered since the engine started (the MIDI clock).
    pub samples_done: u64,
    /// Scratch space of the per-chunk control queries (reset every chunk).
    arena: Bump,
    overflow: Cell<u64>,
    /// The voice patterns' queried window (owner: audio thread; emptied on every program swap).
    lookahead: lookahead::Lookahead,
    /// The program's live-input generation the lookahead was queried with.
    inputs_seen: u64,
    pub stats: Arc<EngineStats>,
    /// Tempo used with no host timeline and no `tempo:` in the program.
    pub default_cps: f64,
    /// Sounding voices allowed across the program (the voice pool); the oldest are stolen.
    pub max_voices: usize,
    /// The instruction set voices of one kind render on together in SIMD lanes (default: the
    /// best this machine has; `None` renders them one by one). The audio is the same.
    pub voice_lanes: Option<crate::dsp::lanes::Isa>,
    /// Each output of a Tidal program through SuperDirt's orbit limiter
    /// ([`orbit_limiter`]; default on). Off only to measure the signal that reaches it.
    pub orbit_limiter: bool,
    /// Helper threads for the voice nodes (`None`: single-threaded, the default).
    workers: Option<workers::Workers>,
    /// Buffers of the per-event effects that need them (`squiz`, `comb`).
    fx_pool: fx_pool::FxPool,
    synth_pool: fx_pool::SynthPool,
    /// The states of the synths too big to carry in every voice.
    big_pool: big_slot::BigPool,
    /// Each output's mid signal over the chunk, summed before it is published to the scopes.
    scope_mix: Box<[[f32; graph::CHUNK]; scope::SCOPE_OUTPUTS]>,
}

/// How long a replaced program's outputs take to fade out (linear), in seconds: 10 ms moves
/// a full-scale signal by at most 1/480 per sample at 48 kHz, below a sine's own steps.
pub const SWAP_FADE_S: f64 = 0.01;

/// Fewest sounding voices for which the voice nodes are spread over the helper threads.
pub const PARALLEL_MIN_VOICES: usize = 48;

/// Sets flush-to-zero and denormals-are-zero for the calling thread and returns the previous
/// floating-point control word (`restore_float_mode` puts it back). A no-op off x86_64.
pub fn enter_flush_denormals() -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        let mut old: u32 = 0;
        // SAFETY: `stmxcsr`/`ldmxcsr` only read and write the SSE control/status register of this
        // thread; FTZ (bit 15) and DAZ (bit 6) change how subnormal floats are rounded to zero, not
        // memory safety. DAZ is supported by every x86_64 CPU (SSE2 and later).
        unsafe {
            std::arch::asm!("stmxcsr [{}]", in(reg) &mut old, options(nostack, preserves_flags));
            let new = old | 0x8040;
            std::arch::asm!("ldmxcsr [{}]", in(reg) &new, options(nostack, preserves_flags, readonly));
        }
        old
    }
    #[cfg(not(target_arch = "x86_64"))]
    0
}

/// Restores the control word [`enter_flush_denormals`] returned.
pub fn restore_float_mode(old: u32) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: as in `enter_flush_denormals`; `old` is a value read from MXCSR.
    unsafe {
        std::arch::asm!("ldmxcsr [{}]", in(reg) &old, options(nostack, preserves_flags, readonly));
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = old;
}

/// Flushes denormals on this thread for good (the engine's helper threads).
pub fn flush_denormals_forever() {
    let _ = enter_flush_denormals();
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
            orphans: Vec::with_capacity(DEFAULT_VOICES),
            fading: None,
            fade_done: 0,
            fade_len: ((SWAP_FADE_S * sample_rate).round() as usize).max(1),
            midi: midi::MidiOut::default(),
            samples_done: 0,
            arena,
            overflow: Cell::new(0),
            lookahead: lookahead::Lookahead::new(),
            inputs_seen: 0,
            stats: Arc::new(EngineStats::default()),
            default_cps: 0.5,
            max_voices: DEFAULT_VOICES,
            voice_lanes: Some(crate::dsp::lanes::Isa::detect()),
            orbit_limiter: true,
            workers: None,
            fx_pool: fx_pool::FxPool::new(sample_rate as f32),
            synth_pool: fx_pool::SynthPool::new(sample_rate as f32),
            big_pool: big_slot::BigPool::default(),
            scope_mix: Box::new([[0.0; graph::CHUNK]; scope::SCOPE_OUTPUTS]),
        }
    }

    /// Renders with `threads` threads: 1 (the default) renders on the calling thread only; more
    /// start `threads - 1` persistent helper threads that share the voice nodes of each block
    /// (not real-time safe: call it at setup). The audio is identical for any count.
    pub fn set_threads(&mut self, threads: usize) {
        self.workers = None;
        if threads > 1 {
            self.workers = Some(workers::Workers::new(threads - 1));
        }
    }

    /// Threads rendering each block (1 without helpers).
    pub fn threads(&self) -> usize {
        self.workers.as_ref().map_or(1, |w| w.threads())
    }

    /// Installs a program directly (not real-time safe: for setup and the CLI).
    pub fn set_program(&mut self, p: Box<LoadedProgram>) {
        self.lookahead.invalidate();
        if let Some(cycle) = p.program.reset_cycles {
            self.clock.restart_at(cycle);
        }
        self.program = Some(p);
    }

    /// The program playing now.
    pub fn program(&self) -> Option<&LoadedProgram> {
        self.program.as_deref()
    }

    /// Adds the fading program's outputs for the `l.len()` samples from `off`, scaled by the
    /// fade's linear ramp (routed outputs to their ports, as the playing program's).
    fn render_fading(&mut self, off: usize, l: &mut [f32], r: &mut [f32], route: &mut Route) {
        let (done, len) = (self.fade_done, self.fade_len);
        let Some(program) = self.fading.as_deref_mut() else {
            return;
        };
        if done >= len {
            return;
        }
        let n = l.len().min(r.len());
        let gain = |i: usize| 1.0 - ((done + i) as f32 / len as f32).min(1.0);
        let opts = graph::RenderOpts {
            max_voices: self.max_voices,
            workers: self.workers.as_mut(),
            parallel_min_voices: PARALLEL_MIN_VOICES,
            lanes: self.voice_lanes,
            limit: self.orbit_limiter,
        };
        // The voice count published is the playing program's (the fading one has none).
        let voices = self.stats.active_voices.load(Ordering::Relaxed);
        program
            .graph
            .render(n, &self.stats, opts, |output, ol, or| {
                let (mut gl, mut gr) = ([0.0f32; graph::CHUNK], [0.0f32; graph::CHUNK]);
                for (i, ((gl, gr), (x, y))) in gl
                    .iter_mut()
                    .zip(gr.iter_mut())
                    .zip(ol.iter().zip(or))
                    .enumerate()
                    .take(n)
                {
                    let g = gain(i);
                    (*gl, *gr) = (x * g, y * g);
                }
                if route(output, off, &gl[..n], &gr[..n]) {
                    return;
                }
                for (d, s) in l.iter_mut().zip(&gl[..n]) {
                    *d += s;
                }
                for (d, s) in r.iter_mut().zip(&gr[..n]) {
                    *d += s;
                }
            });
        self.fade_done = done + n;
        self.stats.active_voices.store(voices, Ordering::Relaxed);
    }

    /// Silences all voices and forgets the clock position. Real-time safe (CLAP's `reset` runs
    /// on the audio thread): frees nothing. A program still fading out is not dropped here but
    /// its fade is ended, so the next block retires it through the hand-off like any finished
    /// fade; the voice lists keep their capacity and the library owns every sample they hold.
    pub fn reset(&mut self) {
        self.orphans.clear();
        self.fade_done = self.fade_len;
        if let Some(p) = self.program.as_deref_mut() {
            p.graph.clear_voices();
        }
        self.clock.reset();
        self.lookahead.invalidate();
    }

    /// Renders one block, adding every output into `left`/`right` (which the caller zeroes).
    pub fn process(&mut self, input: BlockInput, left: &mut [f32], right: &mut [f32]) {
        self.process_routed(input, left, right, &mut |_, _, _, _| false);
    }

    /// Renders one block. `route(output, offset, l, r)` is offered each output's audio for the
    /// samples from `offset`; when it returns false (not routed to a port of its own) the audio
    /// is added into `left`/`right`.
    pub fn process_routed(
        &mut self,
        input: BlockInput,
        left: &mut [f32],
        right: &mut [f32],
        route: &mut Route,
    ) {
        // Take the newest queued program (each replaced one is retired, never freed here);
        // its sounding voices keep ringing on the main output.
        while let Some(new) = self.handoff.take() {
            // Queried events may borrow from the old program: dropped before it is retired.
            self.lookahead.invalidate();
            // `resetCycles`: playing on its own, cycle 0 starts now (a host's timeline rules).
            if let Some(cycle) = new.program.reset_cycles {
                self.clock.restart_at(cycle);
            }
            if let Some(mut old) = self.program.replace(new) {
                old.graph.take_voices(&mut self.orphans);
                // One fade at a time: a program still fading is retired now (`take` left room
                // for one), the one just replaced fades out.
                if let Some(prev) = self.fading.take() {
                    self.handoff.retire(prev);
                }
                self.fading = Some(old);
                self.fade_done = 0;
            }
        }
        if self.fade_done >= self.fade_len {
            if let Some(p) = self.fading.take() {
                if let Err(p) = self.handoff.try_retire(p) {
                    self.fading = Some(p);
                }
            }
        }
        // Denormals flushed for the whole block, on every caller (plugin, CLI, bench, tests).
        let float_mode = enter_flush_denormals();
        let len = left.len().min(right.len());
        let src = match input.time {
            HostTime::Playing(host) => TimeSource::HostPlaying(host),
            HostTime::Stopped => TimeSource::HostStopped,
            HostTime::None => TimeSource::Free {
                cps: self
                    .program
                    .as_ref()
                    .and_then(|p| p.program.cps)
                    .unwrap_or(self.default_cps),
            },
            HostTime::FreeAtBpm { bpm } => TimeSource::Free {
                cps: bpm / 60.0 / input.beats_per_cycle,
            },
        };
        let block = self.clock.advance(src, input.beats_per_cycle, len);
        self.lookahead.follow(self.clock.continuity());
        // Transitions and `once` start on the cycle the program starts playing at.
        if let (Some(bt), Some(p)) = (&block, self.program.as_deref()) {
            for cell in &p.program.now_cells {
                cell.set_once(Time::new(bt.k0, bt.den));
            }
        }
        if let Some(bt) = &block {
            self.stats
                .cycle_bits
                .store(bt.cycle_f64().to_bits(), Ordering::Relaxed);
        }
        let mut off = 0;
        while off < len {
            let n = (len - off).min(graph::CHUNK);
            let (l, r) = (&mut left[off..off + n], &mut right[off..off + n]);
            if let Some(program) = self.program.as_deref_mut() {
                if let Some(bt) = &block {
                    let chunk = BlockTime {
                        k0: bt.k0 + bt.step * off as i64,
                        len: n,
                        ..*bt
                    };
                    self.arena.reset();
                    self.overflow.set(0);
                    let ctx = Ctx::realtime(&self.arena, &self.overflow);
                    let env = trigger::VoiceEnv {
                        banks: &program.banks,
                        bank_names: &program.bank_names,
                        sample_rate: self.sample_rate,
                        stats: &self.stats,
                        chunk_start: self.samples_done + off as u64,
                        fx_pool: &self.fx_pool,
                        synth_pool: &self.synth_pool,
                        big_pool: &self.big_pool,
                    };
                    // A macro or held key changed: query afresh from this chunk on.
                    let inputs = program.inputs_generation();
                    if inputs != self.inputs_seen {
                        self.inputs_seen = inputs;
                        self.lookahead.invalidate();
                    }
                    program.graph.fill_controls(&ctx, &chunk);
                    let dropped = self.overflow.get()
                        + self
                            .lookahead
                            .trigger(&mut program.graph, &chunk, &env, &mut self.midi);
                    if dropped > 0 {
                        self.stats
                            .event_overflows
                            .fetch_add(dropped, Ordering::Relaxed);
                    }
                } else {
                    self.lookahead.invalidate();
                }
                let opts = graph::RenderOpts {
                    max_voices: self.max_voices,
                    workers: self.workers.as_mut(),
                    parallel_min_voices: PARALLEL_MIN_VOICES,
                    lanes: self.voice_lanes,
                    limit: self.orbit_limiter,
                };
                let mix = &mut self.scope_mix;
                let mut mixed = 0u32;
                program
                    .graph
                    .render(n, &self.stats, opts, |output, ol, or| {
                        if let Some(m) = mix.get_mut(output) {
                            let first = mixed & (1 << output) == 0;
                            mixed |= 1 << output;
                            for (d, (x, y)) in m.iter_mut().zip(ol.iter().zip(or)) {
                                let mid = (x + y) * 0.5;
                                *d = if first { mid } else { *d + mid };
                            }
                        }
                        if route(output, off, ol, or) {
                            return;
                        }
                        for (d, s) in l.iter_mut().zip(ol) {
                            *d += s;
                        }
                        for (d, s) in r.iter_mut().zip(or) {
                            *d += s;
                        }
                    });
                let scopes = &self.stats.scopes;
                for (o, m) in self.scope_mix.iter().enumerate() {
                    if mixed & (1 << o) != 0 {
                        scopes.publish(o, &m[..n]);
                    }
                }
            }
            self.render_fading(off, l, r, route);
            self.orphans.retain_mut(|v| v.render(l, r));
            // Never let a NaN or infinity leave the engine (signal arithmetic such as
            // `(sine 440 * 1e30) * (sine 440 * 1e30)` overflows f32).
            let mut nonfinite = 0;
            for x in l.iter_mut().chain(r.iter_mut()) {
                if !x.is_finite() {
                    *x = 0.0;
                    nonfinite += 1;
                }
            }
            if nonfinite > 0 {
                self.stats
                    .nonfinite_samples
                    .fetch_add(nonfinite, Ordering::Relaxed);
            }
            off += n;
        }
        self.samples_done += len as u64;
        self.stats.scopes.set_sample_rate(self.sample_rate);
        self.stats.blocks.fetch_add(1, Ordering::Relaxed);
        restore_float_mode(float_mode);
    }
}
