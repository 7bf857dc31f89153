//! Every DSP node the language can name, listed once. Adding a node: its file in this folder
//! (DSP code, a `DspNode` and its `NodeDef`s, see `node.rs`) and one line here.

use super::node::NodeDef;

/// The registry, in the order the docs list the nodes.
pub static NODES: &[&NodeDef] = &[
    &super::osc::SINE,
    &super::osc::SAW,
    &super::osc::SQUARE,
    &super::osc::TRI,
    &super::osc::PULSE,
    &super::osc::NOISE,
    &super::osc::PINK,
    &super::filter::LPF,
    &super::filter::HPF,
    &super::filter::BPF,
    &super::filter::NOTCH,
    &super::filter::RLPF,
    &super::filter::RHPF,
    &super::filter::MOOG,
    &super::delay::DELAY,
    &super::reverb::REVERB,
    &super::distort::DISTORTION,
    &super::distort::BITCRUSH,
    &super::chorus::CHORUS,
    &super::dynamics::COMPRESSOR,
    &super::dynamics::LIMITER,
    &super::env::ADSR,
    &super::env::AR,
    &super::env::ENV,
    &super::vowel::VOWEL,
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
            assert!(
                NODES[..i].iter().all(|o| o.name != d.name),
                "{} listed twice",
                d.name
            );
            assert!(d.inputs.len() <= MAX_INPUTS, "{}: too many inputs", d.name);
            assert!(
                d.inputs.iter().skip(1).all(|x| x.port != Port::Audio),
                "{}: the audio input comes first",
                d.name
            );
            let defaults: Vec<bool> = d.params().map(|p| p.default.is_some()).collect();
            assert!(
                defaults.windows(2).all(|w| !w[0] || w[1]),
                "{}: only trailing inputs have defaults",
                d.name
            );
            assert!(
                d.example.contains(d.name),
                "{}: its example does not use it",
                d.name
            );
        }
    }
}
