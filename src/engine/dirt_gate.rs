//! SuperDirt's output stage: the level a Tidal program's voice (`SoundStage::Dirt`) plays at,
//! from its `amp`, `gain` and `overgain`. The one place Phonon defines it; samples, Phonon's
//! synths and the synths ported from SuperDirt all play through it (Strudel programs use
//! superdough's levels, `engine/dough.rs`).
//!
//! SuperDirt (github.com/musikinformatik/SuperDirt, commit 0c1416808c5b, the sound oracle's
//! `sd/src/SUPERDIRT_COMMIT`):
//! * `synths/core-synths.scd`, `dirt_gate`, lines 177-182:
//!   `|..., amp = 1, gain = 1, overgain = 0|` ...
//!   `amp = amp * pow(gain.min(2) + overgain, 4);`
//!   `signal = signal * env * amp * DirtGateCutGroup.ar(fadeTime, doneAction: 14);`
//! * `classes/DirtEvent.sc`, `sendGateSynth`, lines 163-165: `amp: ~amp, gain: ~gain,
//!   overgain: ~overgain`.
//! * `classes/DirtOrbit.sc`, the event defaults, lines 172-173 and 190: `~gain = 1.0;`
//!   `~overgain = 0.0;` `~amp = 0.4;`.
//!
//! `velocity` is not part of it (only some synths read it, as their own parameter). A negative
//! base is raised as SuperCollider's `pow` does (`-((-x) ** 4)`: the sound is inverted).

/// `DirtOrbit`'s default `~amp`.
pub const AMP: f64 = 0.4;

/// `dirt_gate`'s factor: `amp * pow(gain.min(2) + overgain, 4)`, with `DirtOrbit`'s defaults
/// (`amp` 0.4, `gain` 1, `overgain` 0) for what the event does not set.
pub fn level(amp: Option<f64>, gain: Option<f64>, overgain: Option<f64>) -> f64 {
    let x = gain.unwrap_or(1.0).min(2.0) + overgain.unwrap_or(0.0);
    amp.unwrap_or(AMP) * x.signum() * x.abs().powi(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superdirt_law() {
        assert_eq!(level(None, None, None), 0.4);
        assert!((level(None, Some(0.8), None) - 0.4 * 0.4096).abs() < 1e-12);
        assert!((level(None, Some(1.2), None) - 0.4 * 2.0736).abs() < 1e-12);
        // `gain` is limited to 2; `overgain` adds past it.
        assert_eq!(level(None, Some(3.0), None), 0.4 * 16.0);
        assert_eq!(level(None, Some(3.0), Some(1.0)), 0.4 * 81.0);
        assert_eq!(level(Some(0.8), None, None), 0.8);
        assert_eq!(level(None, Some(-1.0), None), -0.4);
        assert_eq!(level(None, Some(0.0), None), 0.0);
    }
}
