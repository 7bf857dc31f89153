//! Signals: the DSP graph a program describes (Phonon's `sine 110 # lpf 800 0.5`, buses,
//! arithmetic on signals, sample patterns played as voices), built as a shared tree while
//! evaluating and flattened into a `Send` list of nodes in dependency order for the engine.

use crate::dsp::node::NodeDef;
use crate::pattern::Pattern;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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
    /// A node of the registry (`dsp::registry`): its audio and signal inputs in the def's
    /// order, and its number inputs.
    Node {
        def: &'static NodeDef,
        inputs: Vec<Rc<Sig>>,
        numbers: Vec<f32>,
    },
    Bin(BinOp, Rc<Sig>, Rc<Sig>),
    /// Equal-power pan of a signal, 0 = left, 1 = right.
    Pan(Rc<Sig>, Rc<Sig>),
    /// A bus read before (or inside) its own definition: its signal [`FEEDBACK_DELAY`] samples
    /// late, which is how feedback loops through buses are written (`~a $ sine 1 + ~a * 0.5`).
    Feedback(Rc<FeedbackBus>),
}

/// Samples a feedback read lags its bus (one chunk of the engine, so any host block size
/// renders the same samples).
pub const FEEDBACK_DELAY: usize = crate::dsp::CHUNK;

/// A bus that is read before its definition; the signal is filled in when it is defined.
pub struct FeedbackBus {
    pub name: String,
    pub signal: RefCell<Option<Rc<Sig>>>,
    /// Where it was first read (byte offset), for errors.
    pub read_at: usize,
}

/// One node of the flattened graph; inputs are indices of earlier nodes.
#[derive(Clone)]
pub enum NodeSpec {
    Const(f32),
    Control(Pattern),
    Voices(Pattern),
    /// A registry node reading the nodes `inputs` (its audio and signal inputs, in order).
    Node {
        def: &'static NodeDef,
        inputs: Vec<usize>,
        numbers: Vec<f32>,
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
    /// The signal of node `src` (which may come later) [`FEEDBACK_DELAY`] samples late.
    Feedback {
        src: usize,
    },
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
    pub fn add(
        &mut self,
        sig: &Rc<Sig>,
        seen: &mut HashMap<*const Sig, (Rc<Sig>, usize)>,
    ) -> usize {
        let key = Rc::as_ptr(sig);
        if let Some((_, i)) = seen.get(&key) {
            return *i;
        }
        let mut add = |s: &Rc<Sig>| self.add(s, seen);
        let node = match &**sig {
            Sig::Const(x) => NodeSpec::Const(*x as f32),
            Sig::Control(p) => NodeSpec::Control(p.clone()),
            Sig::Voices(p) => NodeSpec::Voices(p.clone()),
            Sig::Node {
                def,
                inputs,
                numbers,
            } => NodeSpec::Node {
                def,
                inputs: inputs.iter().map(&mut add).collect(),
                numbers: numbers.clone(),
            },
            Sig::Bin(op, a, b) => {
                let a = add(a);
                NodeSpec::Bin {
                    op: *op,
                    a,
                    b: add(b),
                }
            }
            Sig::Pan(input, pos) => {
                let input = add(input);
                NodeSpec::Pan {
                    input,
                    pos: add(pos),
                }
            }
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
    pub fn link_feedback(
        &mut self,
        seen: &mut HashMap<*const Sig, (Rc<Sig>, usize)>,
    ) -> Result<(), Rc<FeedbackBus>> {
        loop {
            let open: Vec<(usize, Rc<FeedbackBus>)> = seen
                .values()
                .filter_map(|(sig, i)| match (&**sig, &self.nodes[*i]) {
                    (Sig::Feedback(bus), NodeSpec::Feedback { src: usize::MAX }) => {
                        Some((*i, bus.clone()))
                    }
                    _ => None,
                })
                .collect();
            if open.is_empty() {
                return Ok(());
            }
            for (i, bus) in open {
                let Some(target) = bus.signal.borrow().clone() else {
                    return Err(bus);
                };
                let src = self.add(&target, seen);
                self.nodes[i] = NodeSpec::Feedback { src };
            }
        }
    }
}
