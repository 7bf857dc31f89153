//! Signals: the DSP graph a program describes (Phonon's `sine 110 # lpf 800 0.5`, buses,
//! arithmetic on signals, sample patterns played as voices), built as a shared tree while
//! evaluating and flattened into a `Send` list of nodes in dependency order for the engine.

use crate::pattern::Pattern;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Wave {
    Sine,
    Saw,
    Square,
    Tri,
    Pulse,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FilterKind {
    Lowpass,
    Highpass,
    Bandpass,
    Notch,
    /// Moog ladder lowpass.
    Moog,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A signal expression (compile time; shared subtrees are computed once).
pub enum Sig {
    Const(f64),
    /// A numeric pattern as a control signal: stepped at event onsets; continuous patterns
    /// (no wholes) are sampled along the block.
    Control(Pattern),
    /// A control pattern whose events start sample or synth voices (stereo audio).
    Voices(Pattern),
    Osc(Wave, Rc<Sig>),
    Noise,
    Pink,
    Bin(BinOp, Rc<Sig>, Rc<Sig>),
    Filter { kind: FilterKind, input: Rc<Sig>, cutoff: Rc<Sig>, q: Rc<Sig> },
    Delay { input: Rc<Sig>, time: Rc<Sig>, feedback: Rc<Sig>, mix: Rc<Sig> },
    Reverb { input: Rc<Sig>, room: Rc<Sig>, damp: Rc<Sig>, mix: Rc<Sig> },
    /// Equal-power pan of a signal, 0 = left, 1 = right.
    Pan(Rc<Sig>, Rc<Sig>),
    /// A per-sample waveshaper or sample-rate reducer with one control.
    Shaper(ShaperKind, Rc<Sig>, Rc<Sig>),
    Chorus { input: Rc<Sig>, rate: Rc<Sig>, depth: Rc<Sig>, mix: f32 },
    Compressor { input: Rc<Sig>, threshold_db: f32, ratio: f32, attack_ms: f32, release_ms: f32 },
    Limiter { input: Rc<Sig>, ceiling_db: f32 },
    /// ADSR driven by a gate signal (> 0.5 = held); times in seconds.
    Adsr { gate: Rc<Sig>, attack: f32, decay: f32, sustain: f32, release: f32 },
    /// Attack-release envelope started by each rising edge of a trigger signal.
    Ar { trig: Rc<Sig>, attack: f32, release: f32 },
    /// A bus read before (or inside) its own definition: its signal [`FEEDBACK_DELAY`] samples
    /// late, which is how feedback loops through buses are written (`~a $ sine 1 + ~a * 0.5`).
    Feedback(Rc<FeedbackBus>),
}

/// Samples a feedback read lags its bus (one chunk of the engine, so any host block size
/// renders the same samples).
pub const FEEDBACK_DELAY: usize = 256;

/// A bus that is read before its definition; the signal is filled in when it is defined.
pub struct FeedbackBus {
    pub name: String,
    pub signal: RefCell<Option<Rc<Sig>>>,
    /// Where it was first read (byte offset), for errors.
    pub read_at: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShaperKind {
    /// `tanh` drive, amount 0..1.
    Distortion,
    /// Bit depth reduction (SuperDirt's `crush`).
    Bitcrush,
    /// SuperDirt's `shape`.
    Shape,
    /// Sample-and-hold by an integer factor (SuperDirt's `coarse`).
    Coarse,
}

/// One node of the flattened graph; inputs are indices of earlier nodes.
#[derive(Clone)]
pub enum NodeSpec {
    Const(f32),
    Control(Pattern),
    Voices(Pattern),
    Osc { wave: Wave, freq: usize },
    Noise,
    Pink,
    Bin { op: BinOp, a: usize, b: usize },
    Filter { kind: FilterKind, input: usize, cutoff: usize, q: usize },
    Delay { input: usize, time: usize, feedback: usize, mix: usize },
    Reverb { input: usize, room: usize, damp: usize, mix: usize },
    Pan { input: usize, pos: usize },
    Shaper { kind: ShaperKind, input: usize, amount: usize },
    Chorus { input: usize, rate: usize, depth: usize, mix: f32 },
    Compressor { input: usize, threshold_db: f32, ratio: f32, attack_ms: f32, release_ms: f32 },
    Limiter { input: usize, ceiling_db: f32 },
    Adsr { gate: usize, attack: f32, decay: f32, sustain: f32, release: f32 },
    Ar { trig: usize, attack: f32, release: f32 },
    /// The signal of node `src` (which may come later) [`FEEDBACK_DELAY`] samples late.
    Feedback { src: usize },
}

/// The flattened graph: nodes in dependency order, and which node feeds each output.
#[derive(Clone, Default)]
pub struct GraphSpec {
    pub nodes: Vec<NodeSpec>,
    /// (output index, node): 0 = `out`, 1..=16 = `o1`..`o16`.
    pub outputs: Vec<(usize, usize)>,
}

impl GraphSpec {
    /// Adds `sig` (and everything it reads) once; returns its node index. `seen` keeps every
    /// added signal alive, so a pointer is never reused for another signal while compiling.
    pub fn add(&mut self, sig: &Rc<Sig>, seen: &mut HashMap<*const Sig, (Rc<Sig>, usize)>) -> usize {
        let key = Rc::as_ptr(sig);
        if let Some((_, i)) = seen.get(&key) {
            return *i;
        }
        let mut add = |s: &Rc<Sig>| self.add(s, seen);
        let node = match &**sig {
            Sig::Const(x) => NodeSpec::Const(*x as f32),
            Sig::Control(p) => NodeSpec::Control(p.clone()),
            Sig::Voices(p) => NodeSpec::Voices(p.clone()),
            Sig::Osc(w, f) => NodeSpec::Osc { wave: *w, freq: add(f) },
            Sig::Noise => NodeSpec::Noise,
            Sig::Pink => NodeSpec::Pink,
            Sig::Bin(op, a, b) => {
                let a = add(a);
                NodeSpec::Bin { op: *op, a, b: add(b) }
            }
            Sig::Filter { kind, input, cutoff, q } => {
                let input = add(input);
                let cutoff = add(cutoff);
                NodeSpec::Filter { kind: *kind, input, cutoff, q: add(q) }
            }
            Sig::Delay { input, time, feedback, mix } => {
                let input = add(input);
                let time = add(time);
                let feedback = add(feedback);
                NodeSpec::Delay { input, time, feedback, mix: add(mix) }
            }
            Sig::Reverb { input, room, damp, mix } => {
                let input = add(input);
                let room = add(room);
                let damp = add(damp);
                NodeSpec::Reverb { input, room, damp, mix: add(mix) }
            }
            Sig::Pan(input, pos) => {
                let input = add(input);
                NodeSpec::Pan { input, pos: add(pos) }
            }
            Sig::Shaper(kind, input, amount) => {
                let input = add(input);
                NodeSpec::Shaper { kind: *kind, input, amount: add(amount) }
            }
            Sig::Chorus { input, rate, depth, mix } => {
                let input = add(input);
                let rate = add(rate);
                NodeSpec::Chorus { input, rate, depth: add(depth), mix: *mix }
            }
            Sig::Compressor { input, threshold_db, ratio, attack_ms, release_ms } => NodeSpec::Compressor {
                input: add(input),
                threshold_db: *threshold_db,
                ratio: *ratio,
                attack_ms: *attack_ms,
                release_ms: *release_ms,
            },
            Sig::Limiter { input, ceiling_db } => NodeSpec::Limiter { input: add(input), ceiling_db: *ceiling_db },
            Sig::Adsr { gate, attack, decay, sustain, release } => NodeSpec::Adsr {
                gate: add(gate),
                attack: *attack,
                decay: *decay,
                sustain: *sustain,
                release: *release,
            },
            Sig::Ar { trig, attack, release } => NodeSpec::Ar { trig: add(trig), attack: *attack, release: *release },
            // Linked to its source by `link_feedback` once every bus is defined.
            Sig::Feedback(_) => NodeSpec::Feedback { src: usize::MAX },
        };
        self.nodes.push(node);
        let i = self.nodes.len() - 1;
        seen.insert(key, (sig.clone(), i));
        i
    }

    /// Points every feedback node at its bus's signal, adding the signals no output reached
    /// (their own feedback reads included). `Err(bus)` for a bus that was read but not
    /// defined as a signal.
    pub fn link_feedback(&mut self, seen: &mut HashMap<*const Sig, (Rc<Sig>, usize)>) -> Result<(), Rc<FeedbackBus>> {
        loop {
            let open: Vec<(usize, Rc<FeedbackBus>)> = seen
                .values()
                .filter_map(|(sig, i)| match (&**sig, &self.nodes[*i]) {
                    (Sig::Feedback(bus), NodeSpec::Feedback { src: usize::MAX }) => Some((*i, bus.clone())),
                    _ => None,
                })
                .collect();
            if open.is_empty() {
                return Ok(());
            }
            for (i, bus) in open {
                let Some(target) = bus.signal.borrow().clone() else { return Err(bus) };
                let src = self.add(&target, seen);
                self.nodes[i] = NodeSpec::Feedback { src };
            }
        }
    }
}
