//! The node contract: how a DSP node declares itself to the language, the engine and the editor.
//!
//! A node is one file of this folder: its DSP code, a [`DspNode`] implementation and one
//! [`NodeDef`] per name it answers to; [`super::registry::NODES`] lists every def once. The
//! language compiles `name arg arg ...` generically from the def's inputs (a curried function;
//! an [`Port::Audio`] first input makes it an effect used after `#`), the engine instantiates it
//! with [`NodeDef::build`] and renders it chunk by chunk, and the editor reads its inputs.

/// How a node reads one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Port {
    /// The signal the effect processes (`sig # name ...`): stereo, first in the list.
    Audio,
    /// A control signal read sample by sample (a number, a pattern or another signal).
    Signal,
    /// A number fixed when the program compiles.
    Number,
}

/// One input of a node.
#[derive(Clone, Copy, Debug)]
pub struct Input {
    pub name: &'static str,
    /// Unit, for docs and the editor ("Hz", "s", "dB", "0..1", ...).
    pub unit: &'static str,
    pub port: Port,
    /// Used when the program leaves this (and every later) input out.
    pub default: Option<f32>,
    /// Words a pattern may use for this input, standing for their index (`"a"` = 0, ...).
    pub words: &'static [&'static str],
    /// How an error names it: "the ratio", "attack".
    pub what: &'static str,
}

impl Input {
    pub const fn signal(name: &'static str, unit: &'static str, what: &'static str) -> Input {
        Input {
            name,
            unit,
            port: Port::Signal,
            default: None,
            words: &[],
            what,
        }
    }

    pub const fn number(name: &'static str, unit: &'static str, what: &'static str) -> Input {
        Input {
            name,
            unit,
            port: Port::Number,
            default: None,
            words: &[],
            what,
        }
    }

    pub const AUDIO: Input = Input {
        name: "input",
        unit: "",
        port: Port::Audio,
        default: None,
        words: &[],
        what: "the input",
    };

    pub const fn or(self, default: f32) -> Input {
        Input {
            default: Some(default),
            ..self
        }
    }

    pub const fn words(self, words: &'static [&'static str]) -> Input {
        Input { words, ..self }
    }
}

/// What the engine renders: one instance per use in a program, built off the audio thread.
pub trait DspNode: Send {
    /// Renders `l` and `r` (one chunk, the same length) from the chunk of each [`Port::Audio`]
    /// and [`Port::Signal`] input, in the def's order, as `[left, right]` slices of that
    /// length (a control signal is the same on both sides). Never allocates, locks or panics.
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]);
}

/// An effect's stereo block method: the input's two sides, two controls, the wet outputs.
pub type WetFn<T> = fn(&mut T, [&[f32]; 2], &[f32], &[f32], &mut [f32], &mut [f32]);

/// An effect with two controls and a wet/dry mix (inputs: audio, the two controls, mix): the
/// effect renders the wet signal, then the dry input is mixed in by `mix`.
pub struct WetDry<T>(pub T, pub WetFn<T>);

impl<T: Send> DspNode for WetDry<T> {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        let [x, [a, _], [b, _], [mix, _]] = [inputs[0], inputs[1], inputs[2], inputs[3]];
        (self.1)(&mut self.0, x, a, b, l, r);
        super::dry_wet(x[0], x[1], mix, l, r);
    }
}

/// A node's declaration: everything the language, engine, docs and editor know of it.
pub struct NodeDef {
    pub name: &'static str,
    pub doc: &'static str,
    /// A whole program using it (rendered by the docs tests).
    pub example: &'static str,
    pub inputs: &'static [Input],
    /// The SuperDirt/Tidal control the name means with one argument after `#` on a pattern
    /// (`# lpf 1200` is the `cutoff` control; `# lpf 1200 0.5` or on a signal, this node).
    pub control: Option<&'static str>,
    /// Without arguments the name is the builtin pattern of the same name (Tidal's `sine`).
    pub bare_pattern: bool,
    /// A new instance at `sample_rate`; `numbers` are the [`Port::Number`] inputs in order.
    pub build: fn(sample_rate: f32, numbers: &[f32]) -> Box<dyn DspNode>,
    /// Also a per-event effect of sample and synth voices (SuperDirt's effect modules).
    pub voice: Option<VoiceDef>,
}

/// Values of a node's per-voice state: plain numbers the voice carries inline, so starting a
/// voice on the audio thread allocates nothing.
pub const VOICE_STATE_LEN: usize = 24;
pub type VoiceState = [f64; VOICE_STATE_LEN];

/// A node as a per-event effect: an event that sets `control` runs it on its voice, after the
/// voice's source and before SuperDirt's other modules (shape, filters, crush, envelope).
#[derive(Clone, Copy)]
pub struct VoiceDef {
    /// The event control that turns it on; its value is the node's first input.
    pub control: &'static str,
    /// Prepares `state` for one event: `values` are the node's inputs after the audio one, each
    /// the event's value of the control of that input's name (words by index) or its default.
    pub start: fn(sample_rate: f32, values: &[f32], state: &mut VoiceState),
    /// Processes a chunk of the voice in place (only `l` when the voice is mono).
    pub process: fn(state: &mut VoiceState, l: &mut [f32], r: &mut [f32], mono: bool),
}

impl NodeDef {
    /// True when the node processes a signal (`sig # name ...`) rather than making one.
    pub fn is_effect(&self) -> bool {
        self.inputs.first().is_some_and(|i| i.port == Port::Audio)
    }

    /// The inputs a program writes as arguments (all but the audio input), in order.
    pub fn params(&self) -> impl Iterator<Item = &'static Input> {
        self.inputs.iter().filter(|i| i.port != Port::Audio)
    }
}

/// Most inputs a node may declare (the engine gathers them on the stack).
pub const MAX_INPUTS: usize = 8;
