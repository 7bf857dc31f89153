//! SuperDirt's orbit limiter, for Tidal programs (`SoundStage::Dirt`): `dirt_monitor`
//! (`core-synths-global.scd`) passes each orbit's sum through `Limiter.ar(signal)` (its default
//! `limitertype` 1) before `Out.ar`, so a loud synth (superhex at n -12 leaves `dirt_gate` at
//! +15 dBFS) reaches the speakers at 0 dBFS. Phonon's analogue of an orbit's output is a
//! program's output (`out`, `o1` .. `o16`: each its own port or part of the main pair), so each
//! output of a `Dirt` program has one limiter, applied to its signal before it is routed or
//! mixed.
//!
//! The limiter is [`crate::dsp::dynamics::Limiter`] (ceiling 0 dBFS, 50 ms release), stereo
//! linked. SuperCollider's `Limiter` (`server/plugins/FilterUGens.cpp`, `Limiter_next`) looks
//! 10 ms ahead: it delays the signal by two of its 10 ms buffers and ramps the gain over a
//! buffer to what the next buffer's peak needs, per channel. Phonon promises every event on its
//! exact sample and the same audio from the plugin and the command line, so its limiter adds no
//! latency: the gain drops on the sample that would pass 0 dBFS (a harder edge on the first
//! peak than SuperCollider's ramp) and recovers over the release, the same on both channels (the
//! stereo image kept). Below 0 dBFS the gain stays exactly 1 and the output is the input, bit
//! for bit.

use super::graph::CHUNK;
use crate::dsp::dynamics::Limiter;

/// One limiter per output of a program (allocated when the program is compiled).
pub struct OrbitLimiters {
    limiters: Vec<Limiter>,
    /// The limited chunk (an output's node buffer may feed other outputs or the next chunk's
    /// feedback, so it is left as it is).
    out: Box<[[f32; CHUNK]; 2]>,
}

impl OrbitLimiters {
    /// `outputs` limiters at `sample_rate` (off the audio thread).
    pub fn new(outputs: usize, sample_rate: f32) -> OrbitLimiters {
        OrbitLimiters {
            limiters: vec![Limiter::new(sample_rate); outputs],
            out: Box::new([[0.0; CHUNK]; 2]),
        }
    }

    /// Output `k`'s chunk (`k`: its index in the program's outputs) through its limiter. While
    /// no sample passes 0 dBFS the gain is exactly 1 and the chunk comes back unchanged.
    pub fn process(&mut self, k: usize, l: &[f32], r: &[f32]) -> (&[f32], &[f32]) {
        let n = l.len().min(CHUNK);
        let [ol, or] = &mut *self.out;
        match self.limiters.get_mut(k) {
            Some(lim) => lim.process_stereo(l, r, &mut ol[..n], &mut or[..n]),
            None => {
                ol[..n].copy_from_slice(&l[..n]);
                or[..n].copy_from_slice(&r[..n]);
            }
        }
        (&ol[..n], &or[..n])
    }
}
