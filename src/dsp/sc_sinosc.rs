//! `SinOsc.ar(freq, phase)` with control-rate frequency and phase, from SuperCollider 3.13's
//! `server/plugins/OscUGens.cpp` (github.com/supercollider/supercollider: `SinOsc_Ctor`,
//! `Osc_ikk_perform`): an `int32` phase of `2^29` a cycle (the 8192-point table times 65536);
//! per block the increment is `(int32)(cpstoinc freq) + (int32)((phase - lastphase) / n
//! radtoinc)` (a phase change spread over the block), `cpstoinc = 2^29 / sr`, `radtoinc =
//! 2^29 / 2pi`; the constructor starts at `(int32)(phase radtoinc)`. The table's linear
//! interpolation (within 7e-8 of the sine) is the sine itself here.

const CYCLE: f64 = (1u64 << 29) as f64;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SinOscKk {
    phase: i32,
    inc: i32,
    phasein: f32,
    cpstoinc: f64,
}

impl SinOscKk {
    /// `radtoinc`.
    const RADTOINC: f64 = CYCLE / std::f64::consts::TAU;

    /// `SinOsc_Ctor` with the phase input's first value (radians), at `sr`.
    pub fn new(phasein: f32, sr: f64) -> SinOscKk {
        SinOscKk {
            phase: (phasein as f64 * Self::RADTOINC) as i32,
            inc: 0,
            phasein,
            cpstoinc: CYCLE / sr,
        }
    }

    /// The start of a block of `n` samples: this block's frequency and phase.
    pub fn block(&mut self, freq: f32, phasein: f32, n: usize) {
        let freq = (self.cpstoinc * freq as f64) as i32;
        let slope = (phasein - self.phasein) / n as f32;
        self.inc = freq.wrapping_add((slope as f64 * Self::RADTOINC) as i32);
        self.phasein = phasein;
    }

    #[inline]
    pub fn tick(&mut self) -> f32 {
        let y = (self.phase as f64 * (std::f64::consts::TAU / CYCLE)).sin() as f32;
        self.phase = self.phase.wrapping_add(self.inc);
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_a_period_and_a_phase_step_spread_over_the_block() {
        let sr = 48_000.0;
        let mut s = SinOscKk::new(0.0, sr);
        s.block(750.0, 0.0, 64);
        let y: Vec<f32> = (0..64).map(|_| s.tick()).collect();
        assert!(y[16].abs() > 0.9999 && y[32].abs() < 1e-6 && y[48] < -0.9999);
        // A phase of pi/2 added over the next block: a quarter cycle ahead after it.
        s.block(750.0, std::f32::consts::FRAC_PI_2, 64);
        (0..64).for_each(|_| {
            s.tick();
        });
        assert!((s.tick() - 1.0).abs() < 1e-5);
    }
}
