//! Signals: the DSP graph a program describes (Phonon's `sine 110 # lpf 800 0.5`, buses,
//! arithmetic on signals, sample patterns played as voices), built as a shared tree while
//! evaluating and flattened into a `Send` list of nodes in dependency order for the engine.

use crate::pattern::Pattern;
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
        };
        self.nodes.push(node);
        let i = self.nodes.len() - 1;
        seen.insert(key, (sig.clone(), i));
        i
    }
}
