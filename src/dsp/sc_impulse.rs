//! `Impulse.ar(freq)` / `Impulse.kr(freq)` with phase 0, from SuperCollider 3.13's
//! `server/plugins/LFUGens.cpp` (github.com/supercollider/supercollider: `Impulse_Ctor`,
//! `Impulse_next_ai`, `Impulse_next_ki`, `Impulse_testWrapPhase`): a phasor in double that
//! outputs 1 on the sample it wraps past 1 (0 otherwise). It starts at the wrap point, so the
//! first sample is an impulse; each sample tests the phase with the last increment, then takes
//! the new frequency's increment (`freq * sampledur`, in `f32`) and adds it. At control rate
//! the "sample" is a control block and `sampledur` the block's duration.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Impulse {
    phase: f64,
    inc: f64,
    /// `mFreqMul`: the (control) sample's duration.
    freq_mul: f32,
}

impl Impulse {
    /// `Impulse_Ctor` with frequency `freq` (its input's first value), at `rate` samples (or
    /// control blocks) a second.
    pub fn new(freq: f32, rate: f64) -> Impulse {
        let freq_mul = (1.0 / rate) as f32;
        let inc = (freq * freq_mul) as f64;
        Impulse {
            phase: if inc >= 0.0 { 1.0 } else { 0.0 },
            inc,
            freq_mul,
        }
    }

    /// One sample, `freq` this sample's frequency.
    #[inline]
    pub fn tick(&mut self, freq: f32) -> f32 {
        let z = test_wrap(self.inc, &mut self.phase);
        self.inc = (freq * self.freq_mul) as f64;
        self.phase += self.inc;
        z
    }
}

/// `Impulse_testWrapPhase`.
#[inline]
fn test_wrap(inc: f64, phase: &mut f64) -> f32 {
    if inc < 0.0 {
        if *phase <= 0.0 {
            *phase += 1.0;
            if *phase <= 0.0 {
                *phase -= phase.ceil();
            }
            1.0
        } else {
            0.0
        }
    } else if *phase >= 1.0 {
        *phase -= 1.0;
        if *phase >= 1.0 {
            *phase -= phase.floor();
        }
        1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_first_then_once_a_period() {
        let mut i = Impulse::new(1000.0, 4000.0);
        let y: Vec<f32> = (0..9).map(|_| i.tick(1000.0)).collect();
        assert_eq!(y, [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
        // At 0 Hz: the first impulse only.
        let mut i = Impulse::new(0.0, 4000.0);
        let y: Vec<f32> = (0..4).map(|_| i.tick(0.0)).collect();
        assert_eq!(y, [1.0, 0.0, 0.0, 0.0]);
    }
}
