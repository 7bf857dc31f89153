//! SuperCollider's non-band-limited "LF" oscillators (server `LFUGens.cpp`: `LFSaw_next_k`,
//! `LFPulse_next_k`, `LFPar_next_k`), with a frequency read once per control block (the caller
//! passes this block's increment). Phases are SuperCollider's units; values as its outputs.

/// `LFSaw.ar(freq, iphase)`: `z = phase; phase += 2 freq / sr; if phase >= 1 { phase -= 2 }`;
/// out `z` (-1..1 rising; `iphase` 0..2, 1 starts at the top).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LfSaw {
    phase: f64,
}

impl LfSaw {
    pub fn new(iphase: f64) -> LfSaw {
        LfSaw { phase: iphase }
    }

    /// One sample at `inc = freq / sr`.
    #[inline]
    pub fn tick(&mut self, inc: f64) -> f64 {
        let z = self.phase;
        self.phase += 2.0 * inc;
        if self.phase >= 1.0 {
            self.phase -= 2.0;
        } else if self.phase <= -1.0 {
            self.phase += 2.0;
        }
        z
    }
}

/// `LFPulse.ar(freq, iphase, width)`: 1 while the phase (0..1) is under the duty, else 0; a new
/// `width` takes effect when the phase wraps (`if phase >= 1 { phase -= 1; duty = width; z =
/// duty < 0.5 } else { z = phase < duty }; phase += freq / sr`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LfPulse {
    phase: f64,
    duty: f64,
    next_duty: f64,
}

impl LfPulse {
    pub fn new(iphase: f64, width: f64) -> LfPulse {
        LfPulse {
            phase: iphase,
            duty: width,
            next_duty: width,
        }
    }

    /// The start of a control block: the width input's value.
    pub fn block(&mut self, width: f64) {
        self.next_duty = width;
    }

    #[inline]
    pub fn tick(&mut self, inc: f64) -> f64 {
        let z = if self.phase >= 1.0 {
            self.phase -= 1.0;
            self.duty = self.next_duty;
            if self.duty < 0.5 {
                1.0
            } else {
                0.0
            }
        } else if self.phase < self.duty {
            1.0
        } else {
            0.0
        };
        self.phase += inc;
        z
    }
}

/// `LFPar.ar(freq, iphase)`: a parabolic sine (`phase < 1: 1 - phase^2; < 3: (phase - 2)^2 - 1;
/// else phase -= 4, 1 - phase^2`; `phase += 4 freq / sr`), starting at its top for `iphase` 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LfPar {
    phase: f64,
}

impl LfPar {
    pub fn new(iphase: f64) -> LfPar {
        LfPar { phase: iphase }
    }

    #[inline]
    pub fn tick(&mut self, inc: f64) -> f64 {
        let y = if self.phase < 1.0 {
            1.0 - self.phase * self.phase
        } else if self.phase < 3.0 {
            let z = self.phase - 2.0;
            z * z - 1.0
        } else {
            self.phase -= 4.0;
            1.0 - self.phase * self.phase
        };
        self.phase += 4.0 * inc;
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let mut s = LfSaw::new(0.0);
        let x: Vec<f64> = (0..8).map(|_| s.tick(0.125)).collect();
        assert_eq!(x, [0.0, 0.25, 0.5, 0.75, -1.0, -0.75, -0.5, -0.25]);
        let mut p = LfPulse::new(0.0, 0.25);
        let x: Vec<f64> = (0..8).map(|_| p.tick(0.125)).collect();
        assert_eq!(x, [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let mut q = LfPar::new(0.0);
        let x: Vec<f64> = (0..4).map(|_| q.tick(0.125)).collect();
        assert_eq!(x, [1.0, 0.75, 0.0, -0.75]);
    }
}
