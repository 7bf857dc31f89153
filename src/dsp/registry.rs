//! Every DSP node the language can name, listed once. Adding a node: its file in this folder
//! (DSP code, a `DspNode` and its `NodeDef`s, see `node.rs`) and one line here.

use super::node::NodeDef;
use super::{chorus, delay, distort, dynamics, env, filter, osc, reverb};

/// The registry, in the order the docs list the nodes.
pub static NODES: &[&NodeDef] = &[
    &osc::SINE,
    &osc::SAW,
    &osc::SQUARE,
    &osc::TRI,
    &osc::PULSE,
    &osc::NOISE,
    &osc::PINK,
    &filter::LPF,
    &filter::HPF,
    &filter::BPF,
    &filter::NOTCH,
    &filter::RLPF,
    &filter::RHPF,
    &filter::MOOG,
    &delay::DELAY,
    &reverb::REVERB,
    &distort::DISTORTION,
    &distort::BITCRUSH,
    &chorus::CHORUS,
    &dynamics::COMPRESSOR,
    &dynamics::LIMITER,
    &env::ADSR,
    &env::AR,
    &env::ENV,
];

/// The node named `name`.
pub fn find(name: &str) -> Option<&'static NodeDef> {
    NODES.iter().copied().find(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::node::{Port, MAX_INPUTS};

    #[test]
    fn defs_are_well_formed() {
        for (i, d) in NODES.iter().enumerate() {
            assert!(NODES[..i].iter().all(|o| o.name != d.name), "{} listed twice", d.name);
            assert!(d.inputs.len() <= MAX_INPUTS, "{}: too many inputs", d.name);
            assert!(d.inputs.iter().skip(1).all(|x| x.port != Port::Audio), "{}: the audio input comes first", d.name);
            let defaults: Vec<bool> = d.params().map(|p| p.default.is_some()).collect();
            assert!(defaults.windows(2).all(|w| !w[0] || w[1]), "{}: only trailing inputs have defaults", d.name);
            assert!(d.example.contains(d.name), "{}: its example does not use it", d.name);
        }
    }
}
