//! SuperDirt's `waveloss` (`library/default-effects-extra.scd`:
//! `WaveLoss.ar(sig, drop, outof: 100, mode: 2)`): the signal is cut into segments at its
//! positive-going zero crossings and a random `drop` in 100 of them are silenced.
//!
//! A port of Dan Stowell's `WaveLoss` (sc3-plugins, `source/MCLDUGens/MCLDDistortionUGens.cpp`,
//! `WaveLoss_next`): `drop` is truncated to an integer; at each positive-going crossing
//! (`prev < 0 && cur >= 0`) mode 2 draws `on = frand() >= drop / outof`; the first segment
//! plays. SuperCollider's generator is its own (`RGen`, seeded per synth); here a xorshift
//! seeded by the caller (the voice's start sample), so a render is repeatable.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaveLoss {
    /// The fraction of segments dropped, `drop / 100`.
    drop: f32,
    on: bool,
    prev: f32,
    rng: u32,
}

impl WaveLoss {
    pub fn new(drop: f32, seed: u32) -> WaveLoss {
        let drop = if drop.is_finite() { drop.trunc() } else { 0.0 };
        WaveLoss {
            drop: drop / 100.0,
            on: true,
            prev: 0.0,
            rng: seed | 1,
        }
    }

    /// A uniform number in 0..1 (xorshift32).
    fn frand(&mut self) -> f32 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 17;
        self.rng ^= self.rng << 5;
        (self.rng >> 8) as f32 / (1u32 << 24) as f32
    }

    pub fn process(&mut self, x: &mut [f32]) {
        for s in x.iter_mut() {
            let cur = *s;
            if self.prev < 0.0 && cur >= 0.0 {
                self.on = self.frand() >= self.drop;
            }
            self.prev = cur;
            if !self.on {
                *s = 0.0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `waveloss 30` on a 100 Hz sine silences about 30 of every 100 cycles, whole cycles.
    #[test]
    fn drops_the_given_share_of_whole_cycles() {
        let (sr, f) = (48_000.0f32, 100.0f32);
        let n = 480 * 1000;
        let mut x: Vec<f32> = (0..n)
            .map(|i| (std::f32::consts::TAU * f * (i as f32 + 0.5) / sr).sin())
            .collect();
        WaveLoss::new(30.7, 99).process(&mut x);
        let silent = x
            .chunks(480)
            .filter(|c| c.iter().all(|&v| v == 0.0))
            .count();
        let whole = x
            .chunks(480)
            .filter(|c| c.iter().all(|&v| v == 0.0) || c.iter().all(|&v| v != 0.0))
            .count();
        assert_eq!(whole, 1000, "segments are whole cycles");
        assert!(
            (250..350).contains(&silent),
            "{silent} of 1000 cycles dropped"
        );
    }
}
