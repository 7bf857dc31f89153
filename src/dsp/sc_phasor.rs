//! `Phasor.kr(trig, rate, start, end, resetPos)`, from SuperCollider 3.13's
//! `server/plugins/TriggerUGens.cpp` (github.com/supercollider/supercollider: `Phasor_Ctor`,
//! `Phasor_next_ak`, the calculation a control-rate Phasor runs): once a control block it reads
//! its trigger's first sample; on a rise through 0 (`previn <= 0 < in`) the level jumps to
//! `resetPos + frac rate`, `frac = 1 - previn / (in - previn)`; it outputs the level, then adds
//! `rate` and wraps it into `start..end`. The constructor outputs `start` and takes the
//! trigger's first value as the last one (an impulse there does not reset).

use super::sc_synth::sc_wrap;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhasorKr {
    level: f64,
    previn: f32,
}

impl PhasorKr {
    /// `Phasor_Ctor`: `trig` is the trigger's first value.
    pub fn new(trig: f32, start: f64) -> PhasorKr {
        PhasorKr {
            level: start,
            previn: trig,
        }
    }

    /// One control block: `trig` the trigger's first sample of the block.
    #[inline]
    pub fn tick(&mut self, trig: f32, rate: f64, start: f64, end: f64, reset_pos: f64) -> f64 {
        if self.previn <= 0.0 && trig > 0.0 {
            let frac = 1.0 - self.previn / (trig - self.previn);
            self.level = reset_pos + frac as f64 * rate;
        }
        let out = self.level;
        self.level = sc_wrap(self.level + rate, start, end);
        self.previn = trig;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramps_wraps_and_resets_on_a_rising_trigger() {
        let mut p = PhasorKr::new(1.0, 0.0);
        let trig = [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        let y: Vec<f64> = trig.map(|t| p.tick(t, 0.25, 0.0, 1.0, 0.0)).to_vec();
        // The first block's impulse is the constructor's: no reset; the later one resets to
        // resetPos + rate.
        assert_eq!(y, [0.0, 0.25, 0.5, 0.75, 0.0, 0.25, 0.5]);
    }
}
