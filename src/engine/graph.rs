//! The staged DSP graph of a program: nodes in dependency order over block buffers
//! (docs/ARCHITECTURE.md). Voice nodes trigger and render sample voices; control nodes turn
//! patterns into signals that change on the exact sample of each event.

use super::clock::BlockTime;
use super::midi::MidiOut;
use super::sends::{render_voice_node, Sends};
use super::trigger::{midi_note, start_voice, Keys, VoiceEnv};
use super::voice::Voice;
use super::EngineStats;
use crate::dsp::node::{DspNode, Port, MAX_INPUTS};
use crate::lang::graph::{BinOp, GraphSpec, NodeSpec, FEEDBACK_DELAY};
use crate::pattern::{Ctx, Hap, Pattern, Span, Sym, Value};
use crate::samples::Sample;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::Arc;

pub use crate::dsp::CHUNK;
// A feedback read must lag at least one chunk: its source is computed after it.
const _: () = assert!(FEEDBACK_DELAY >= CHUNK);
/// Largest magnitude a feedback loop carries.
const FEEDBACK_MAX: f32 = 1.0e4;
/// Voices per voice node.
pub const VOICES_PER_NODE: usize = 1024;

enum Node {
    Const(f32),
    Control {
        pattern: Pattern,
        value: f32,
    },
    Voices {
        pattern: Pattern,
        voices: VecDeque<Voice>,
        fx: Box<Sends>,
    },
    Bin {
        op: BinOp,
        a: usize,
        b: usize,
    },
    Pan {
        input: usize,
        pos: usize,
    },
    /// A registry node and the nodes it reads (its audio and signal inputs, in order).
    Dsp {
        node: Box<dyn DspNode>,
        inputs: Vec<usize>,
    },
    /// Node `src`'s output `FEEDBACK_DELAY` samples late: a ring written after every node ran.
    Feedback {
        src: usize,
        ring: Box<[[f32; FEEDBACK_DELAY]; 2]>,
        pos: usize,
    },
}

/// A program's graph, with its buffers and DSP state (built off the audio thread).
pub struct Graph {
    nodes: Vec<Node>,
    /// Per node: left and right buffers of `CHUNK` samples.
    bufs: Vec<[Vec<f32>; 2]>,
    pub outputs: Vec<(usize, usize)>,
    keys: Keys,
    /// Indices of the voice nodes (they read no other node, so they render first, in parallel
    /// when a worker pool is given).
    voice_nodes: Vec<usize>,
    /// Each output's limiter, SuperDirt's orbit `Limiter` (used under `SoundStage::Dirt`).
    limiters: super::orbit_limiter::OrbitLimiters,
}

/// How [`Graph::render`] renders: the engine-wide voice limit and the optional worker pool.
pub struct RenderOpts<'a> {
    /// Sounding voices allowed across all voice nodes; past it the oldest are stolen (faded).
    pub max_voices: usize,
    /// Helper threads for the voice nodes (`None`: this thread renders everything).
    pub workers: Option<&'a mut super::workers::Workers>,
    /// Fewest sounding voices for which the workers are used (below, one thread is cheaper).
    pub parallel_min_voices: usize,
    /// The instruction set voices of one kind render on together (`None`: one by one; the
    /// audio is the same).
    pub lanes: Option<crate::dsp::lanes::Isa>,
    /// Each output of a Tidal program (`SoundStage::Dirt`) through its orbit limiter
    /// ([`super::orbit_limiter`]); off only to measure what reaches it.
    pub limit: bool,
}

/// Samples a stolen voice takes to fade out (5 ms at 44.1 kHz).
pub const STEAL_FADE: u32 = 220;

/// A stolen voice fading out: `left` of its `STEAL_FADE` fade samples remain.
pub struct Fading {
    pub(super) voice: Voice,
    pub(super) left: u32,
}

/// Raw access to the nodes and buffers for the voice-node jobs (each job touches one node).
struct NodePtrs {
    nodes: *mut Node,
    bufs: *mut [Vec<f32>; 2],
}
// SAFETY: the jobs of one `Workers::run` call get distinct voice-node indices, so no two threads
// touch the same node or buffer; everything a voice node owns is `Send`.
unsafe impl Sync for NodePtrs {}
unsafe impl Send for NodePtrs {}

impl Graph {
    /// Instantiates a graph spec (allocates all buffers and state).
    pub fn new(spec: &GraphSpec, sample_rate: f32) -> Result<Graph, String> {
        let sr = sample_rate;
        let mut nodes = Vec::with_capacity(spec.nodes.len());
        for n in &spec.nodes {
            nodes.push(match n {
                NodeSpec::Const(x) => Node::Const(*x),
                NodeSpec::Control(p) => Node::Control {
                    pattern: p.clone(),
                    value: 0.0,
                },
                NodeSpec::Voices(p) => {
                    let voices = VecDeque::with_capacity(VOICES_PER_NODE);
                    let mut fx = Box::new(Sends::new(sr, p));
                    fx.set_ring(&voices);
                    Node::Voices {
                        pattern: p.clone(),
                        voices,
                        fx,
                    }
                }
                NodeSpec::Bin { op, a, b } => Node::Bin {
                    op: *op,
                    a: *a,
                    b: *b,
                },
                NodeSpec::Pan { input, pos } => Node::Pan {
                    input: *input,
                    pos: *pos,
                },
                NodeSpec::Node {
                    def,
                    inputs,
                    numbers,
                } => {
                    // Inputs come earlier in the list; the counts are the def's.
                    let signals = def.inputs.iter().filter(|i| i.port != Port::Number).count();
                    if inputs.len() > MAX_INPUTS
                        || inputs.len() != signals
                        || numbers.len() != def.inputs.len() - signals
                        || inputs.iter().any(|&k| k >= nodes.len())
                    {
                        return Err(format!(
                            "node {} reads {inputs:?} of {}",
                            def.name,
                            spec.nodes.len()
                        ));
                    }
                    Node::Dsp {
                        node: (def.build)(sr, numbers),
                        inputs: inputs.clone(),
                    }
                }
                NodeSpec::Feedback { src } => {
                    if *src >= spec.nodes.len() {
                        return Err(format!("feedback from node {src} of {}", spec.nodes.len()));
                    }
                    Node::Feedback {
                        src: *src,
                        ring: Box::new([[0.0; FEEDBACK_DELAY]; 2]),
                        pos: 0,
                    }
                }
            });
        }
        let bufs = (0..nodes.len())
            .map(|_| [vec![0.0; CHUNK], vec![0.0; CHUNK]])
            .collect();
        let voice_nodes = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n, Node::Voices { .. }))
            .map(|(i, _)| i)
            .collect();
        Ok(Graph {
            nodes,
            bufs,
            outputs: spec.outputs.clone(),
            keys: Keys::new(),
            voice_nodes,
            limiters: super::orbit_limiter::OrbitLimiters::new(spec.outputs.len(), sr),
        })
    }

    /// Moves every sounding voice out (to keep ringing after a program swap); stops when `into`
    /// is full rather than allocating.
    pub fn take_voices(&mut self, into: &mut Vec<Voice>) {
        for n in &mut self.nodes {
            if let Node::Voices { voices, .. } = n {
                while let Some(v) = voices.pop_back() {
                    if into.len() < into.capacity() {
                        into.push(v);
                    }
                }
            }
        }
    }

    /// The sounds the voice patterns play in their first 16 cycles: each distinct `s` with
    /// its `bank` (Strudel's), in order of appearance.
    pub fn sounds(&self) -> Vec<(Sym, Option<Sym>)> {
        let mut out: Vec<(Sym, Option<Sym>)> = Vec::new();
        for n in &self.nodes {
            if let Node::Voices { pattern, .. } = n {
                crate::lang::value::probe(pattern, 16, |haps| {
                    for h in haps.iter() {
                        let Some(Value::Str(name)) = h.value.get(Sym::S) else {
                            continue;
                        };
                        let bank = match h.value.get(Sym::BANK) {
                            Some(Value::Str(b)) => Some(b),
                            _ => None,
                        };
                        if !out.contains(&(name, bank)) {
                            out.push((name, bank));
                        }
                    }
                });
            }
        }
        out
    }

    /// The sound names of `sounds` ([`Graph::sounds`]) that no bank, synth or MIDI plays. A
    /// `bank` whose `<bank>_<s>` exists plays that; else `s` plays, and when `s` is unknown
    /// too the name reported is `<bank>_<s>`.
    pub fn unknown_sounds(
        &self,
        sounds: &[(Sym, Option<Sym>)],
        banks: &HashMap<Sym, Vec<Arc<Sample>>>,
        bank_names: &HashMap<(Sym, Sym), Sym>,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for &(name, bank) in sounds {
            let resolved = bank
                .and_then(|b| bank_names.get(&(b, name)).copied())
                .unwrap_or(name);
            let dough = self.keys.stage == crate::lang::SoundStage::Dough
                && self.keys.dough.sounds.contains_key(&resolved);
            let known = banks.contains_key(&resolved)
                || dough
                || self.keys.synth(resolved, banks).is_some()
                || resolved == self.keys.midi;
            if !known {
                let text = match bank {
                    Some(b) => format!("{}_{}", b.text(), name.text()),
                    None => name.text().to_string(),
                };
                if !out.contains(&text) {
                    out.push(text);
                }
            }
        }
        out
    }

    /// Plays the events through `stage`'s conventions (set when the program is loaded).
    pub fn set_sound_stage(&mut self, stage: crate::lang::SoundStage) {
        self.keys.stage = stage;
    }

    /// Silences every voice (reset, reactivation).
    pub fn clear_voices(&mut self) {
        for n in &mut self.nodes {
            if let Node::Voices { voices, fx, .. } = n {
                voices.clear();
                fx.fading.clear();
            }
        }
    }

    /// Calls `f(node, hap)` for every event of a voice node's pattern that starts in `span`,
    /// node by node, each node's events in query order.
    pub fn query_onsets<'a>(&self, ctx: &Ctx<'a>, span: Span, mut f: impl FnMut(usize, &Hap<'a>)) {
        for &i in &self.voice_nodes {
            if let Node::Voices { pattern, .. } = &self.nodes[i] {
                for h in pattern.query(ctx, span).iter().filter(|h| h.has_onset()) {
                    f(i, h);
                }
            }
        }
    }

    /// Starts the event `h` of voice node `node` at sample `offset` of the chunk `bt`: a voice,
    /// or a MIDI note for `s "midi"`.
    pub fn start_event(
        &mut self,
        node: usize,
        h: &Hap,
        bt: &BlockTime,
        offset: usize,
        env: &VoiceEnv,
        midi: &mut MidiOut,
    ) {
        if self.keys.stage == crate::lang::SoundStage::Dough {
            // superdough's orbits are shared by all of a program's blocks: a duck reaches each.
            let (nodes, voice_nodes) = (&mut self.nodes, &self.voice_nodes);
            super::sends::ducks(h.value, |k, p| {
                for &i in voice_nodes {
                    if let Node::Voices { fx, .. } = &mut nodes[i] {
                        fx.duck(k, offset, p);
                    }
                }
            });
        }
        let Some(Node::Voices { voices, fx, .. }) = self.nodes.get_mut(node) else {
            return;
        };
        if matches!(h.value.get(Sym::S), Some(Value::Str(s)) if s == self.keys.midi) {
            midi_note(midi, env, bt, h, offset, self.keys.stage);
            return;
        }
        let orbit = fx.orbit_of(h.value, &env.stats.orbit_fallbacks);
        let cps = bt.step as f64 / bt.den as f64 * env.sample_rate;
        fx.update(h.value, orbit, offset, cps, self.keys.stage);
        start_voice(voices, env, &self.keys, bt, h, offset, orbit);
    }

    /// Computes the stepped control signals of the chunk `bt` (patterns in signal positions).
    pub fn fill_controls(&mut self, ctx: &Ctx, bt: &BlockTime) {
        for (i, node) in self.nodes.iter_mut().enumerate() {
            if let Node::Control { pattern, value } = node {
                let buf = &mut self.bufs[i];
                fill_control(pattern, value, ctx, bt, &mut buf[0][..bt.len]);
                let (l, r) = buf.split_at_mut(1);
                r[0][..bt.len].copy_from_slice(&l[0][..bt.len]);
            }
        }
    }

    /// Sounding voices over all voice nodes (fading stolen ones not counted).
    pub fn voice_count(&self) -> usize {
        self.voice_nodes
            .iter()
            .map(|&i| match &self.nodes[i] {
                Node::Voices { voices, .. } => voices.len(),
                _ => 0,
            })
            .sum()
    }

    /// Keeps the sounding voices within `max`: steals the oldest (the longest sounding, the
    /// earliest node on a tie), moving it to its node's fading list for a short fade.
    fn steal_voices(&mut self, max: usize, stats: &EngineStats) {
        let mut total = self.voice_count();
        while total > max {
            let mut best: Option<(u64, usize)> = None;
            for &i in &self.voice_nodes {
                if let Node::Voices { voices, .. } = &self.nodes[i] {
                    if let Some(v) = voices.front() {
                        if best.is_none_or(|(age, _)| v.age() > age) {
                            best = Some((v.age(), i));
                        }
                    }
                }
            }
            let Some((_, i)) = best else { break };
            if let Node::Voices { voices, fx, .. } = &mut self.nodes[i] {
                let Some(v) = voices.pop_front() else { break };
                if fx.fading.len() < fx.fading.capacity() {
                    fx.fading.push(Fading {
                        voice: v,
                        left: STEAL_FADE,
                    });
                }
            }
            stats.voice_steals.fetch_add(1, Ordering::Relaxed);
            total -= 1;
        }
    }

    /// Renders every node for `n` samples and adds each output into `outs[output index]`.
    /// Voice nodes render first (they read no other node), spread over `opts.workers` when
    /// given; the result is the same for any number of threads.
    pub fn render(
        &mut self,
        n: usize,
        stats: &EngineStats,
        opts: RenderOpts,
        mut out: impl FnMut(usize, &[f32], &[f32]),
    ) {
        self.steal_voices(opts.max_voices, stats);
        let sounding = self.voice_count();
        let ptrs = NodePtrs {
            nodes: self.nodes.as_mut_ptr(),
            bufs: self.bufs.as_mut_ptr(),
        };
        let ptrs = &ptrs; // captured whole (it is `Sync`, its raw fields are not)
        let voice_nodes = &self.voice_nodes[..];
        let lanes = opts.lanes;
        let job = |j: usize| {
            let i = voice_nodes[j];
            // SAFETY: `i` is in bounds (a voice node index) and each job index (so each node) is
            // rendered by exactly one thread; `self.nodes`/`self.bufs` are not otherwise touched
            // until every job has finished.
            let (node, buf) = unsafe { (&mut *ptrs.nodes.add(i), &mut *ptrs.bufs.add(i)) };
            if let Node::Voices { voices, fx, .. } = node {
                let [l, r] = buf;
                render_voice_node(voices, fx, &mut l[..n], &mut r[..n], lanes);
            }
        };
        match opts.workers {
            Some(w) if voice_nodes.len() > 1 && sounding >= opts.parallel_min_voices => {
                w.run(voice_nodes.len(), &job)
            }
            _ => (0..voice_nodes.len()).for_each(job),
        }
        let active = self.voice_count() as u32;
        for i in 0..self.nodes.len() {
            let (before, rest) = self.bufs.split_at_mut(i);
            let [l, r] = &mut rest[0];
            let (l, r) = (&mut l[..n], &mut r[..n]);
            match &mut self.nodes[i] {
                Node::Const(x) => {
                    l.fill(*x);
                    r.fill(*x);
                }
                Node::Control { .. } => {}
                Node::Voices { .. } => {}
                Node::Bin { op, a, b } => {
                    let (a, b) = (&before[*a], &before[*b]);
                    for ch in 0..2 {
                        let dst = if ch == 0 { &mut *l } else { &mut *r };
                        for ((d, x), y) in dst.iter_mut().zip(&a[ch][..n]).zip(&b[ch][..n]) {
                            *d = match op {
                                BinOp::Add => x + y,
                                BinOp::Sub => x - y,
                                BinOp::Mul => x * y,
                                BinOp::Div => {
                                    if *y == 0.0 {
                                        0.0
                                    } else {
                                        x / y
                                    }
                                }
                            };
                        }
                    }
                }
                Node::Dsp { node, inputs } => {
                    let empty: &[f32] = &[];
                    let mut ins = [[empty; 2]; MAX_INPUTS];
                    for (slot, &k) in ins.iter_mut().zip(inputs.iter()) {
                        *slot = [&before[k][0][..n], &before[k][1][..n]];
                    }
                    node.process(&ins[..inputs.len()], l, r);
                }
                Node::Feedback { ring, pos, .. } => {
                    // Written `FEEDBACK_DELAY` samples ago (n <= CHUNK == FEEDBACK_DELAY).
                    for j in 0..n {
                        l[j] = ring[0][(*pos + j) % FEEDBACK_DELAY];
                        r[j] = ring[1][(*pos + j) % FEEDBACK_DELAY];
                    }
                }
                Node::Pan { input, pos } => {
                    let (x, p) = (&before[*input], &before[*pos]);
                    for j in 0..n {
                        let (gl, gr) = Voice::pan_gains(1.0, p[0][j]);
                        // Mono sum of the input, placed with equal power.
                        let m = (x[0][j] + x[1][j]) * 0.5;
                        l[j] = m * gl * std::f32::consts::SQRT_2;
                        r[j] = m * gr * std::f32::consts::SQRT_2;
                    }
                }
            }
        }
        // Feedback rings take this chunk of their sources, to be read `FEEDBACK_DELAY` later.
        for i in 0..self.nodes.len() {
            if let Node::Feedback { src, ring, pos } = &mut self.nodes[i] {
                for (ch, r) in ring.iter_mut().enumerate() {
                    for (j, x) in self.bufs[*src][ch][..n].iter().enumerate() {
                        // A loop with gain above 1 grows without end: bounded (80 dB over full
                        // scale) and never carrying a NaN or infinity around.
                        r[(*pos + j) % FEEDBACK_DELAY] = if x.is_finite() {
                            x.clamp(-FEEDBACK_MAX, FEEDBACK_MAX)
                        } else {
                            0.0
                        };
                    }
                }
                *pos = (*pos + n) % FEEDBACK_DELAY;
            }
        }
        stats.active_voices.store(active, Ordering::Relaxed);
        let limit = opts.limit && self.keys.stage == crate::lang::SoundStage::Dirt;
        for (k, &(o, node)) in self.outputs.iter().enumerate() {
            let [l, r] = &self.bufs[node];
            if limit {
                // The limiter reads a NaN or an infinity as silence: count them here, as the
                // engine's last guard counts what reaches it (`nonfinite_samples`).
                let bad = l[..n]
                    .iter()
                    .chain(&r[..n])
                    .filter(|x| !x.is_finite())
                    .count();
                if bad > 0 {
                    stats
                        .nonfinite_samples
                        .fetch_add(bad as u64, Ordering::Relaxed);
                }
                let (l, r) = self.limiters.process(k, &l[..n], &r[..n]);
                out(o, l, r);
            } else {
                out(o, &l[..n], &r[..n]);
            }
        }
    }
}

/// Fills `out` with the pattern's value at each sample: each event's value holds from its
/// start until the next event (a stepped control); a continuous pattern (`sine`, `saw`, `rand`,
/// `perlin`, macros, no event has a whole) is queried at every sample, over the one-sample span
/// from it, so `out[j]` is its value at sample `j`'s cycle position, as Strudel's continuous
/// signals answer with the value at a query's start (about 0.3 us a sample for `range 400 2200
/// $ slow 4 sine`; the chunk's shared work budget bounds hostile ones).
fn fill_control(pattern: &Pattern, value: &mut f32, ctx: &Ctx, bt: &BlockTime, out: &mut [f32]) {
    let haps = pattern.query(ctx, bt.span());
    if haps.iter().all(|h| h.whole.is_none()) && !haps.is_empty() {
        for (j, o) in out.iter_mut().enumerate() {
            let sample = BlockTime {
                k0: bt.k0 + bt.step * j as i64,
                len: 1,
                ..*bt
            };
            let hs = pattern.query(ctx, sample.span());
            if let Some(x) = hs.iter().find_map(|h| h.value.as_num()) {
                *value = x as f32;
            }
            *o = *value;
        }
        return;
    }
    let mut from = 0usize;
    // Events sorted by start; each sets the value from its first sample in this chunk.
    let mut starts: [(usize, f32); 64] = [(0, 0.0); 64];
    let mut count = 0;
    for h in haps.iter() {
        let Some(x) = h.value.as_num() else { continue };
        let at = bt.sample_at(h.part.begin).clamp(0, out.len() as i64) as usize;
        if count < starts.len() {
            starts[count] = (at, x as f32);
            count += 1;
        }
    }
    starts[..count].sort_by_key(|s| s.0);
    for &(at, x) in &starts[..count] {
        out[from..at].fill(*value);
        *value = x;
        from = at;
    }
    out[from..].fill(*value);
}
