//! The staged DSP graph of a program: nodes in dependency order over block buffers
//! (docs/ARCHITECTURE.md). Voice nodes trigger and render sample voices; control nodes turn
//! patterns into signals that change on the exact sample of each event.

use super::clock::BlockTime;
use super::midi::MidiOut;
use super::synth::{Synth, SynthKind};
use super::voice::{Motion, SendBufs, Source, Voice, VoiceFilter, VoiceFx, VoiceNode};
use super::EngineStats;
use crate::dsp;
use crate::dsp::distort::Coarse;
use crate::dsp::filter::Svf;
use crate::dsp::linen::{Linen, LINEN_CURVE};
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
}

/// How [`Graph::render`] renders: the engine-wide voice limit and the optional worker pool.
pub struct RenderOpts<'a> {
    /// Sounding voices allowed across all voice nodes; past it the oldest are stolen (faded).
    pub max_voices: usize,
    /// Helper threads for the voice nodes (`None`: this thread renders everything).
    pub workers: Option<&'a mut super::workers::Workers>,
    /// Fewest sounding voices for which the workers are used (below, one thread is cheaper).
    pub parallel_min_voices: usize,
}

/// Samples a stolen voice takes to fade out (5 ms at 44.1 kHz).
pub const STEAL_FADE: u32 = 220;

/// A stolen voice fading out: `left` of its `STEAL_FADE` fade samples remain.
pub struct Fading {
    voice: Voice,
    left: u32,
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
                NodeSpec::Voices(p) => Node::Voices {
                    pattern: p.clone(),
                    voices: VecDeque::with_capacity(VOICES_PER_NODE),
                    fx: Box::new(Sends::new(sr)),
                },
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

    /// Sound names the voice patterns play in their first 16 cycles that are neither a bank nor
    /// a synth (compile-time check, allocates).
    pub fn unknown_sounds(&self, banks: &HashMap<Sym, Vec<Arc<Sample>>>) -> Vec<String> {
        let mut out = Vec::new();
        let arena = bumpalo::Bump::new();
        arena.set_allocation_limit(Some(crate::lang::value::COMPILE_QUERY_BYTES));
        let overflow = std::cell::Cell::new(0);
        let ctx = Ctx::new(&arena, &overflow);
        let span =
            crate::pattern::Span::new(crate::pattern::time::t(0), crate::pattern::time::t(16));
        for n in &self.nodes {
            if let Node::Voices { pattern, .. } = n {
                let haps = pattern.query(&ctx, span);
                for h in haps.iter() {
                    if let Some(Value::Str(name)) = h.value.get(Sym::S) {
                        if !banks.contains_key(&name)
                            && !self.keys.synths.contains_key(&name)
                            && name != self.keys.midi
                        {
                            let t = name.text().to_string();
                            if !out.contains(&t) {
                                out.push(t);
                            }
                        }
                    }
                }
            }
        }
        out
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
        let Some(Node::Voices { voices, fx, .. }) = self.nodes.get_mut(node) else {
            return;
        };
        if matches!(h.value.get(Sym::S), Some(Value::Str(s)) if s == self.keys.midi) {
            midi_note(midi, env, &self.keys, bt, h, offset);
            return;
        }
        fx.update(&self.keys, h.value);
        start_voice(voices, env, &self.keys, bt, h, offset);
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
        let job = |j: usize| {
            let i = voice_nodes[j];
            // SAFETY: `i` is in bounds (a voice node index) and each job index (so each node) is
            // rendered by exactly one thread; `self.nodes`/`self.bufs` are not otherwise touched
            // until every job has finished.
            let (node, buf) = unsafe { (&mut *ptrs.nodes.add(i), &mut *ptrs.bufs.add(i)) };
            if let Node::Voices { voices, fx, .. } = node {
                let [l, r] = buf;
                render_voice_node(voices, fx, &mut l[..n], &mut r[..n]);
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
        for &(o, node) in &self.outputs {
            let [l, r] = &self.bufs[node];
            out(o, &l[..n], &r[..n]);
        }
    }
}

/// Renders a voice node's voices (and their stolen, fading ones) into `l`/`r`, through its sends.
fn render_voice_node(voices: &mut VecDeque<Voice>, fx: &mut Sends, l: &mut [f32], r: &mut [f32]) {
    let n = l.len();
    l.fill(0.0);
    r.fill(0.0);
    let used = fx.ringing > 0 || voices.iter().any(|v| v.sends[0] > 0.0 || v.sends[1] > 0.0);
    if used {
        let send = &mut fx.send;
        for b in send.iter_mut() {
            b[..n].fill(0.0);
        }
        let [dl, dr, rl, rr] = send;
        let mut bufs = SendBufs {
            delay: [&mut dl[..n], &mut dr[..n]],
            room: [&mut rl[..n], &mut rr[..n]],
        };
        // Trigger order is kept, so the mix sums identically for any block size.
        voices.retain_mut(|v| v.render_with_sends(l, r, Some(&mut bufs)));
    } else {
        voices.retain_mut(|v| v.render(l, r));
    }
    fx.fading.retain_mut(|f| {
        let m = (f.left as usize).min(n);
        let alive = f
            .voice
            .render_faded(&mut l[..m], &mut r[..m], f.left, STEAL_FADE);
        f.left -= m as u32;
        alive && f.left > 0
    });
    if used {
        fx.process(n, l, r);
    }
}

/// A voice node's output effects (SuperDirt's per-orbit delay and reverb, here one set per
/// voice node): voices send into them with `# delay` and `# room`; the latest event's
/// `delaytime`, `delayfeedback`, `size` and `dry` set them.
pub struct Sends {
    delay: dsp::delay::Delay,
    reverb: dsp::reverb::Reverb,
    /// Send buffers: delay L/R, reverb L/R.
    send: [Vec<f32>; 4],
    wet: [Vec<f32>; 2],
    delay_time_s: f32,
    delay_feedback: f32,
    room_size: f32,
    /// SuperDirt's `dry` (0..1, default 0): the reverb's output is scaled by `1 - dry`, as
    /// `dirt_verb` does (1: the send plays no reverb). Set by the latest event carrying it.
    reverb_dry: f32,
    /// Samples left to render after the last send, so tails ring out (then the effects idle).
    ringing: u32,
    sample_rate: f32,
    /// The node's stolen voices, fading out.
    fading: Vec<Fading>,
}

impl Sends {
    fn new(sample_rate: f32) -> Sends {
        Sends {
            delay: dsp::delay::Delay::new(sample_rate),
            reverb: dsp::reverb::Reverb::new(sample_rate),
            send: std::array::from_fn(|_| vec![0.0; CHUNK]),
            wet: std::array::from_fn(|_| vec![0.0; CHUNK]),
            delay_time_s: 0.25,
            delay_feedback: 0.5,
            room_size: 0.5,
            reverb_dry: 0.0,
            ringing: 0,
            sample_rate,
            fading: Vec::with_capacity(64),
        }
    }

    /// Takes the effect settings an event carries.
    fn update(&mut self, keys: &Keys, v: Value) {
        if let Some(x) = v.get_num(keys.delaytime).filter(|x| x.is_finite()) {
            self.delay_time_s = x.clamp(0.0, 4.0) as f32;
        }
        if let Some(x) = v.get_num(keys.delayfeedback).filter(|x| x.is_finite()) {
            self.delay_feedback = x.clamp(0.0, 0.98) as f32;
        }
        if let Some(x) = v.get_num(keys.size).filter(|x| x.is_finite()) {
            self.room_size = x.clamp(0.0, 1.0) as f32;
        }
        if let Some(x) = v.get_num(keys.dry).filter(|x| x.is_finite()) {
            self.reverb_dry = x.clamp(0.0, 1.0) as f32;
        }
    }

    /// Runs the effects over the send buffers and adds their output into `l`/`r`. They run
    /// from the first sample with a send until `TAIL_SECONDS` after the last one, counted in
    /// samples, so they start and stop on the same sample however the blocks are cut.
    fn process(&mut self, n: usize, l: &mut [f32], r: &mut [f32]) {
        const TAIL_SECONDS: f32 = 8.0;
        let nonzero = |j: usize| self.send.iter().any(|b| b[j] != 0.0);
        let first = (0..n).find(|&j| nonzero(j));
        let (from, to) = match first {
            // Sends in this chunk: ringing on to its end (the tail is longer than a chunk).
            Some(f) => (if self.ringing > 0 { 0 } else { f }, n),
            None if self.ringing == 0 => return,
            None => (0, (self.ringing as usize).min(n)),
        };
        self.ringing = match first {
            Some(_) => {
                let last = (0..n).rev().find(|&j| nonzero(j)).unwrap_or(n - 1);
                ((self.sample_rate * TAIL_SECONDS) as u32).saturating_sub((n - 1 - last) as u32)
            }
            None => self.ringing - (to - from) as u32,
        };
        let [dl, dr, rl, rr] = &self.send;
        let [wl, wr] = &mut self.wet;
        let (l, r) = (&mut l[from..to], &mut r[from..to]);
        let (wl, wr) = (&mut wl[from..to], &mut wr[from..to]);
        self.delay.process(
            &dl[from..to],
            &dr[from..to],
            &[self.delay_time_s],
            &[self.delay_feedback],
            wl,
            wr,
        );
        for i in 0..l.len() {
            l[i] += wl[i];
            r[i] += wr[i];
        }
        self.reverb
            .process(&rl[from..to], &rr[from..to], self.room_size, 0.5, wl, wr);
        let wet = 1.0 - self.reverb_dry;
        for i in 0..l.len() {
            l[i] += wl[i] * wet;
            r[i] += wr[i] * wet;
        }
    }
}

/// `out = dry * (1 - mix) + wet * mix`, with the wet signal already in `l`/`r`.
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

/// Control names and sound names resolved to interned ids when the graph is built (the audio
/// thread never touches the interner).
pub struct Keys {
    cutoff: Sym,
    resonance: Sym,
    hcutoff: Sym,
    hresonance: Sym,
    bandf: Sym,
    bandq: Sym,
    crush: Sym,
    coarse: Sym,
    shape: Sym,
    scale: Sym,
    delay: Sym,
    delaytime: Sym,
    delayfeedback: Sym,
    room: Sym,
    size: Sym,
    dry: Sym,
    unit_c: Sym,
    midi: Sym,
    midichan: Sym,
    synths: HashMap<Sym, SynthKind>,
    scales: HashMap<Sym, &'static [i32]>,
    /// The registry's nodes that are also per-event effects (`# vowel "a"`).
    voice_nodes: Vec<VoiceNodeKey>,
}

/// A per-event node effect and the event controls it reads: its control, then one per input
/// (the first is the control itself), each with its default and words.
struct VoiceNodeKey {
    def: dsp::node::VoiceDef,
    inputs: Vec<(Sym, Option<f32>, &'static [&'static str])>,
}

impl VoiceNodeKey {
    /// The node's effect for the event `v`, when it sets the control (a word the node does not
    /// know plays the voice without it, as SuperDirt does).
    fn start(&self, v: &Value, sample_rate: f32) -> Option<VoiceNode> {
        let (control, ..) = self.inputs[0];
        v.get(control)?;
        let mut values = [0.0f32; MAX_INPUTS];
        for ((sym, default, words), x) in self.inputs.iter().zip(values.iter_mut()) {
            *x = match v.get(*sym) {
                Some(Value::Str(w)) => words.iter().position(|k| *k == w.text())? as f32,
                Some(other) => other.as_num().filter(|n| n.is_finite())? as f32,
                None => default.unwrap_or(0.0),
            };
        }
        let mut node = VoiceNode {
            process: self.def.process,
            state: [0.0; dsp::node::VOICE_STATE_LEN],
        };
        (self.def.start)(sample_rate, &values[..self.inputs.len()], &mut node.state);
        Some(node)
    }
}

impl Keys {
    fn new() -> Keys {
        Keys {
            cutoff: Sym::intern("cutoff"),
            resonance: Sym::intern("resonance"),
            hcutoff: Sym::intern("hcutoff"),
            hresonance: Sym::intern("hresonance"),
            bandf: Sym::intern("bandf"),
            bandq: Sym::intern("bandq"),
            crush: Sym::intern("crush"),
            coarse: Sym::intern("coarse"),
            shape: Sym::intern("shape"),
            scale: Sym::intern("scale"),
            delay: Sym::intern("delay"),
            delaytime: Sym::intern("delaytime"),
            delayfeedback: Sym::intern("delayfeedback"),
            room: Sym::intern("room"),
            size: Sym::intern("size"),
            dry: Sym::intern("dry"),
            unit_c: Sym::intern("c"),
            midi: Sym::intern("midi"),
            midichan: Sym::intern("midichan"),
            synths: SynthKind::NAMES
                .iter()
                .filter_map(|n| Some((Sym::intern(n), SynthKind::from_name(n)?)))
                .collect(),
            scales: SCALES.iter().map(|(n, s)| (Sym::intern(n), *s)).collect(),
            voice_nodes: dsp::registry::NODES
                .iter()
                .filter_map(|d| {
                    let voice = d.voice?;
                    let inputs = d.params().enumerate().map(|(j, i)| {
                        (
                            Sym::intern(if j == 0 { voice.control } else { i.name }),
                            i.default,
                            i.words,
                        )
                    });
                    Some(VoiceNodeKey {
                        def: voice,
                        inputs: inputs.collect(),
                    })
                })
                .collect(),
        }
    }
}

/// Scale tables (Tidal's `Sound.Tidal.Scales`, the common ones).
const SCALES: &[(&str, &[i32])] = &[
    ("major", &[0, 2, 4, 5, 7, 9, 11]),
    ("ionian", &[0, 2, 4, 5, 7, 9, 11]),
    ("minor", &[0, 2, 3, 5, 7, 8, 10]),
    ("aeolian", &[0, 2, 3, 5, 7, 8, 10]),
    ("dorian", &[0, 2, 3, 5, 7, 9, 10]),
    ("phrygian", &[0, 1, 3, 5, 7, 8, 10]),
    ("lydian", &[0, 2, 4, 6, 7, 9, 11]),
    ("mixolydian", &[0, 2, 4, 5, 7, 9, 10]),
    ("locrian", &[0, 1, 3, 5, 6, 8, 10]),
    ("harmonicMinor", &[0, 2, 3, 5, 7, 8, 11]),
    ("melodicMinor", &[0, 2, 3, 5, 7, 9, 11]),
    ("majPent", &[0, 2, 4, 7, 9]),
    ("minPent", &[0, 3, 5, 7, 10]),
    ("pentatonic", &[0, 2, 4, 7, 9]),
    ("blues", &[0, 3, 5, 6, 7, 10]),
    ("chromatic", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    ("wholetone", &[0, 2, 4, 6, 8, 10]),
];

/// What starting a voice needs from the program and engine.
pub struct VoiceEnv<'a> {
    pub banks: &'a HashMap<Sym, Vec<Arc<Sample>>>,
    pub sample_rate: f64,
    pub stats: &'a EngineStats,
    /// The engine's sample count at the chunk's first sample (the MIDI clock).
    pub chunk_start: u64,
}

/// The length of an event in samples: its whole times `legato` (default 1), or `sustain` s.
fn gate_samples(v: Value, h: &Hap, bt: &BlockTime, sample_rate: f64) -> f64 {
    let whole = h
        .whole
        .map(|w| w.len())
        .unwrap_or(crate::pattern::time::t(0));
    let event_samples = crate::pattern::time::to_f64(whole) * bt.den as f64 / bt.step as f64;
    match v.get_num(Sym::SUSTAIN) {
        Some(s) => s * sample_rate,
        None => event_samples * v.get_num(Sym::LEGATO).unwrap_or(1.0),
    }
}

/// An event's pitch in semitones from middle C: `note` (a number, or a note name read as
/// Strudel does, `c4` = middle C), else `n`.
fn note_value(v: Value) -> Option<f64> {
    v.get(Sym::NOTE)
        .and_then(note_number)
        .or_else(|| v.get(Sym::N).and_then(note_number))
}

/// A `note` value in semitones from middle C: a number, or a note name (`c4` = 0).
fn note_number(x: Value) -> Option<f64> {
    match x {
        Value::Num(n) if n.is_finite() => Some(n),
        // Note names are MIDI numbers (lock-free lookup); notes count from middle C.
        Value::Str(s) => s.numeral().map(|m| m - 60.0),
        _ => None,
    }
}

/// SuperDirt's `DirtEvent.calcTimeSpan` for a sample voice reading `seg_len` source samples at
/// `rate` per output sample: how long it sounds and how its rate moves. `accelerate` ramps the
/// rate to `rate * (1 + accelerate)` over the event, whose natural length is the segment at the
/// average rate (`avgSpeed`); `loop` multiplies that length (the segment repeats); `legato` /
/// `sustain` give the length instead, never past one pass (`min(unitDuration, sustain)`).
/// `Motion::PLAIN` when none of these is set; `None` when the event has no length (dropped).
fn sample_motion(
    v: Value,
    h: &Hap,
    bt: &BlockTime,
    sr: f64,
    rate: f64,
    seg_len: f64,
) -> Option<Motion> {
    let accelerate = v
        .get_num(Sym::ACCELERATE)
        .filter(|a| a.is_finite())
        .unwrap_or(0.0);
    let looped = v.get_num(Sym::LOOP).filter(|l| l.is_finite());
    let gated = v.get(Sym::SUSTAIN).is_some() || v.get(Sym::LEGATO).is_some();
    if accelerate == 0.0 && looped.is_none() && !gated {
        return Some(Motion::PLAIN);
    }
    let avg = rate.abs() * (1.0 + (1.0 + accelerate).abs()) / 2.0;
    let once = seg_len / avg;
    let len = if gated {
        once.min(gate_samples(v, h, bt, sr))
    } else {
        once * looped.map_or(1.0, f64::abs)
    };
    if !(len.is_finite() && len >= 1.0) {
        return None;
    }
    Some(Motion {
        accel: rate * accelerate / (2.0 * len),
        loop_len: if looped.is_some() && !gated {
            seg_len
        } else {
            0.0
        },
        end_k: len.round() as u64,
    })
}

/// An `s "midi"` event: a note on at its sample and a note off after its length.
fn midi_note(
    midi: &mut MidiOut,
    env: &VoiceEnv,
    keys: &Keys,
    bt: &BlockTime,
    h: &Hap,
    offset: usize,
) {
    let v = h.value;
    // `note` (or `n`) is semitones from middle C: MIDI note 60 + note.
    let note = 60.0 + note_value(v).unwrap_or(0.0);
    let chan = v.get_num(keys.midichan).unwrap_or(0.0);
    let vel = v
        .get_num(Sym::VELOCITY)
        .or_else(|| v.get_num(Sym::GAIN))
        .unwrap_or(1.0);
    let len = gate_samples(v, h, bt, env.sample_rate);
    if !(note.is_finite() && chan.is_finite() && vel.is_finite() && len.is_finite()) {
        return;
    }
    midi.note(
        env.chunk_start + offset as u64,
        len.clamp(1.0, 1e12) as u64,
        chan.clamp(0.0, 15.0) as u8,
        note.round().clamp(0.0, 127.0) as u8,
        vel.clamp(0.0, 1.0) as f32,
    );
}

/// Starts the voice for one event (or counts why it could not).
fn start_voice(
    voices: &mut VecDeque<Voice>,
    env: &VoiceEnv,
    keys: &Keys,
    bt: &BlockTime,
    h: &Hap,
    offset: usize,
) {
    let v = h.value;
    let Some(Value::Str(name)) = v.get(Sym::S) else {
        return;
    };
    let gain = v.get_num(Sym::GAIN).unwrap_or(1.0) as f32;
    let pan = v.get_num(Sym::PAN).unwrap_or(0.5) as f32;
    if !(gain.is_finite() && pan.is_finite()) {
        return;
    }
    let sr = env.sample_rate;
    // The sample voice's envelope and gate end (synth voices shape their own).
    let (mut env_linen, mut gate): (Option<Linen>, Option<(u64, f64)>) = (None, None);
    let source = if let Some(kind) = keys.synths.get(&name) {
        // Pitch: `note` (or `n`) semitones from middle C, through `scale` when given.
        let n = note_value(v).unwrap_or(0.0);
        let semis = match v.get(keys.scale) {
            Some(Value::Str(sc)) => match keys.scales.get(&sc) {
                Some(table) => {
                    let len = table.len() as f64;
                    let deg = n.floor();
                    let oct = (deg / len).floor();
                    table[(deg - oct * len) as usize % table.len()] as f64 + 12.0 * oct + (n - deg)
                }
                None => n,
            },
            _ => n,
        };
        let octave = v.get_num(Sym::OCTAVE).unwrap_or(5.0);
        let midi = 60.0 + semis + (octave - 5.0) * 12.0;
        let freq = 440.0 * 2f64.powf((midi - 69.0) / 12.0);
        let gate = gate_samples(v, h, bt, sr);
        let attack = v.get_num(Sym::ATTACK).unwrap_or(0.003) as f32;
        let release = v.get_num(Sym::RELEASE).unwrap_or(0.08) as f32;
        if !(freq.is_finite() && gate.is_finite()) {
            return;
        }
        Source::Synth(Synth::new(
            *kind,
            sr as f32,
            freq as f32,
            gate.clamp(1.0, 1e9) as u32,
            attack,
            release,
        ))
    } else {
        let Some(bank) = env.banks.get(&name) else {
            return;
        };
        if bank.is_empty() {
            return;
        }
        let n = v.get_num(Sym::N).unwrap_or(0.0).floor() as i64;
        let sample = &bank[n.rem_euclid(bank.len() as i64) as usize];
        let speed = v.get_num(Sym::SPEED).unwrap_or(1.0);
        if !speed.is_finite() || speed == 0.0 {
            return;
        }
        // `begin`/`end` (0..1) bound the part of the sample that plays (`slice`, `splice`).
        let len = sample.left.len() as f64;
        let begin = v
            .get_num(Sym::BEGIN)
            .filter(|x| x.is_finite())
            .unwrap_or(0.0)
            .clamp(0.0, 1.0);
        let end = v
            .get_num(Sym::END)
            .filter(|x| x.is_finite())
            .unwrap_or(1.0)
            .clamp(begin, 1.0);
        let (lo, hi) = (begin * len, (end * len - 1.0).max(begin * len));
        // `unit "c"`: the speed is in cycles, so the played part lasts the event (SuperDirt).
        let unit_c = matches!(v.get(Sym::UNIT), Some(Value::Str(u)) if u == keys.unit_c);
        let mut rate = if unit_c {
            let whole = h
                .whole
                .map(|w| w.len())
                .unwrap_or(crate::pattern::time::t(0));
            let event_samples =
                crate::pattern::time::to_f64(whole) * bt.den as f64 / bt.step as f64;
            if event_samples <= 0.0 {
                return;
            }
            speed * (hi - lo + 1.0) / event_samples
        } else {
            speed * sample.sample_rate as f64 / sr
        };
        // `note` and `octave` transpose a sample: SuperDirt's `dirt_sample` reads at
        // `speed * freq / 60.midicps`, `freq` being the MIDI note `60 + note + 12 * (octave - 5)`.
        let note = v.get(Sym::NOTE).and_then(note_number);
        let octave = v.get_num(Sym::OCTAVE).filter(|o| o.is_finite());
        if note.is_some() || octave.is_some() {
            rate *= 2f64.powf((note.unwrap_or(0.0) + 12.0 * (octave.unwrap_or(5.0) - 5.0)) / 12.0);
        }
        if !rate.is_finite() || rate == 0.0 {
            return;
        }
        let start = if rate < 0.0 { hi } else { lo };
        let Some(mut motion) = sample_motion(v, h, bt, sr, rate, hi - lo + 1.0) else {
            return;
        };
        if motion != Motion::PLAIN {
            gate = Some((
                motion.end_k,
                dsp::linen::gate_fade_len(motion.end_k as f64, sr as f32),
            ));
        }
        // `attack`/`hold`/`release` (SuperDirt's `dirt_envelope`, when `attack` or `release` is
        // given): the voice ends when the envelope does.
        let (attack, release) = (v.get_num(Sym::ATTACK), v.get_num(Sym::RELEASE));
        if attack.is_some() || release.is_some() {
            let hold = v.get_num(Sym::HOLD).unwrap_or(0.0);
            let e = Linen::new(
                attack.unwrap_or(0.0) as f32,
                hold as f32,
                release.unwrap_or(f64::INFINITY) as f32,
                LINEN_CURVE,
                sr as f32,
            );
            if let Some(len) = e.length() {
                motion.end_k = motion.end_k.min(len.ceil().max(1.0) as u64);
            }
            env_linen = Some(e);
        }
        // `cut`: a new voice in a cut group stops the group's sounding voices.
        if let Some(c) = v.get_num(Sym::CUT).filter(|c| *c > 0.0) {
            voices.retain(|old| old.cut != c as i32);
        }
        Source::Sample {
            sample: sample.clone(),
            start,
            rate,
            k: 0,
            lo,
            hi,
            motion,
        }
    };
    let filter = |mode, hz: Option<f64>, resonance: Option<f64>| {
        let q = dsp::filter::resonance_to_q(resonance.unwrap_or(0.0) as f32);
        hz.filter(|f| f.is_finite() && *f > 0.0)
            .map(|f| VoiceFilter {
                mode,
                cutoff_hz: f as f32,
                q,
                gain: 1.0,
                svf: [Svf::new(sr as f32), Svf::new(sr as f32)],
            })
    };
    // `bandf` with `bandq` (default 10, at least 1): SuperDirt's `dirt_bpf` is
    // `BPF.ar(x, max(20, bandf), 1 / bandq) * bandq` (q limited to the filter's range here).
    let bandpass = v
        .get_num(keys.bandf)
        .filter(|f| f.is_finite() && *f > 0.0)
        .map(|f| {
            let q = v
                .get_num(keys.bandq)
                .filter(|q| q.is_finite())
                .unwrap_or(10.0)
                .clamp(1.0, dsp::filter::Q_MAX as f64) as f32;
            VoiceFilter {
                mode: dsp::filter::Mode::Bandpass,
                cutoff_hz: f.max(20.0) as f32,
                q,
                gain: q,
                svf: [Svf::new(sr as f32), Svf::new(sr as f32)],
            }
        });
    let filters = [
        filter(
            dsp::filter::Mode::Highpass,
            v.get_num(keys.hcutoff),
            v.get_num(keys.hresonance),
        ),
        bandpass,
        filter(
            dsp::filter::Mode::Lowpass,
            v.get_num(keys.cutoff),
            v.get_num(keys.resonance),
        ),
    ];
    let finite = |k: Sym| v.get_num(k).filter(|x| x.is_finite()).map(|x| x as f32);
    let shape = finite(keys.shape).filter(|s| *s != 0.0);
    let crush = finite(keys.crush);
    // `coarse 1` is the full rate (SuperDirt applies `dirt_coarse` above 1 only).
    let coarse = finite(keys.coarse)
        .filter(|c| *c > 1.0)
        .map(|c| (c, [Coarse::default(), Coarse::default()]));
    let fx = (shape.is_some()
        || crush.is_some()
        || coarse.is_some()
        || env_linen.is_some()
        || gate.is_some())
    .then_some(VoiceFx {
        shape,
        crush,
        coarse,
        env: env_linen,
        gate,
        age: 0,
    });
    let (gain_l, gain_r) = Voice::pan_gains(gain.max(0.0), pan);
    if voices.len() >= voices.capacity() {
        // Steal the oldest voice (the first: voices are kept in trigger order). A deque: with a
        // Vec, removing the first moved the whole pool (25 us a steal, 100 ms a block when a
        // window's 8192 events all steal).
        voices.pop_front();
        env.stats.voice_steals.fetch_add(1, Ordering::Relaxed);
    }
    let send = |k: Sym| {
        v.get_num(k)
            .filter(|x| x.is_finite())
            .unwrap_or(0.0)
            .clamp(0.0, 1.0) as f32
    };
    let sends = [send(keys.delay), send(keys.room)];
    let cut = v
        .get_num(Sym::CUT)
        .filter(|c| c.is_finite() && *c > 0.0)
        .unwrap_or(0.0) as i32;
    // One node effect an event (the first of the registry's whose control it sets).
    let node = keys.voice_nodes.iter().find_map(|k| k.start(&v, sr as f32));
    voices.push_back(Voice {
        source,
        gain_l,
        gain_r,
        delay: offset,
        filters,
        fx,
        node,
        sends,
        cut,
    });
}
