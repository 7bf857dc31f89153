//! superdough's orbit ducking, the gain an orbit's whole output (its voices, delay and reverb)
//! passes through (`Orbit.duck` in superdough 1.2.6 `superdoughoutput.mjs`): an event with
//! `duckorbit` holds the target orbit's gain where it is, ramps it exponentially to
//! `clamp(1 - sqrt(depth), 0.01, gain)` by `duckonset` seconds after the event, then back to 1
//! over `duckattack` seconds (at least 2 ms), as Web Audio's `exponentialRampToValueAtTime`
//! (`v(t) = v0 * (v1 / v0)^((t - t0) / (t1 - t0))`).
//!
//! superdough starts the hold 10 ms before the event (its timer fires then); Phonon starts it
//! at the event's sample, so the ramp down lasts `duckonset + 10 ms` from there: the same
//! shape, 10 ms later.

/// superdough's timer lead before the event (`webAudioTimeout(..., t - 0.01)`), seconds.
const LEAD_S: f32 = 0.01;
/// superdough's shortest ramp back up (`Math.max(attacktime, 0.002)`), seconds.
const MIN_ATTACK_S: f32 = 0.002;
/// superdough's lowest ducked gain (`clamp(1 - Math.sqrt(depth), 0.01, currVal)`).
const FLOOR: f32 = 0.01;

/// One duck an event asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DuckParams {
    /// Seconds from the event to the lowest gain (`duckonset`, default 0).
    pub onset_s: f32,
    /// Seconds back up to 1 (`duckattack`, default 0.1).
    pub attack_s: f32,
    /// 0..1 (`duckdepth`, default 1).
    pub depth: f32,
}

impl Default for DuckParams {
    fn default() -> Self {
        DuckParams {
            onset_s: 0.0,
            attack_s: 0.1,
            depth: 1.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    Idle,
    /// Ramping down to `to`, then up over `up` samples.
    Down {
        to: f32,
        up: u32,
    },
    Up,
}

/// The gain of one orbit, sample by sample.
#[derive(Clone, Debug)]
pub struct Duck {
    sample_rate: f32,
    gain: f32,
    stage: Stage,
    /// Samples left in the current ramp, and the factor each sample multiplies by.
    left: u32,
    factor: f32,
}

impl Duck {
    pub fn new(sample_rate: f32) -> Duck {
        Duck {
            sample_rate,
            gain: 1.0,
            stage: Stage::Idle,
            left: 0,
            factor: 1.0,
        }
    }

    pub fn reset(&mut self) {
        *self = Duck::new(self.sample_rate);
    }

    /// At rest (gain 1, nothing scheduled).
    pub fn idle(&self) -> bool {
        self.stage == Stage::Idle
    }

    /// Starts a duck now (the next sample is its first).
    pub fn trigger(&mut self, p: DuckParams) {
        let depth = if p.depth.is_finite() {
            p.depth.clamp(0.0, 1.0)
        } else {
            1.0
        };
        let to = (1.0 - depth.sqrt()).clamp(FLOOR, self.gain.max(FLOOR));
        let down_s = p.onset_s.max(0.0) + LEAD_S;
        let up_s = if p.attack_s.is_finite() {
            p.attack_s.max(MIN_ATTACK_S)
        } else {
            0.1
        };
        let up = ((up_s * self.sample_rate).round() as u32).max(1);
        self.ramp(to, down_s);
        self.stage = Stage::Down { to, up };
    }

    fn ramp(&mut self, to: f32, seconds: f32) {
        let n = ((seconds.min(60.0) * self.sample_rate).round() as u32).max(1);
        self.left = n;
        self.factor = (to / self.gain.max(FLOOR)).powf(1.0 / n as f32);
    }

    /// Writes the gain of the next `out.len()` samples.
    pub fn process(&mut self, out: &mut [f32]) {
        for g in out.iter_mut() {
            if self.stage != Stage::Idle {
                self.gain *= self.factor;
                self.left -= 1;
                if self.left == 0 {
                    match self.stage {
                        Stage::Down { to, up } => {
                            self.gain = to;
                            self.left = up;
                            self.factor = (1.0 / to).powf(1.0 / up as f32);
                            self.stage = Stage::Up;
                        }
                        _ => {
                            self.gain = 1.0;
                            self.stage = Stage::Idle;
                        }
                    }
                }
            }
            *g = self.gain;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(d: &mut Duck, n: usize) -> Vec<f32> {
        let mut g = vec![0.0; n];
        d.process(&mut g);
        g
    }

    #[test]
    fn ducks_to_the_depth_and_comes_back_after_the_attack() {
        let sr = 1000.0;
        let mut d = Duck::new(sr);
        d.trigger(DuckParams {
            onset_s: 0.0,
            attack_s: 0.1,
            depth: 0.81,
        });
        let g = run(&mut d, 200);
        // Down over the 10 ms lead to 1 - sqrt(0.81) = 0.1, then up over 100 ms.
        assert!((g[9] - 0.1).abs() < 1e-4, "{}", g[9]);
        assert!(g[..9].windows(2).all(|w| w[1] < w[0]));
        // Exponential: halfway up in time is the geometric mean (sqrt(0.1)).
        assert!((g[59] - 0.1f32.sqrt()).abs() < 1e-3, "{}", g[59]);
        assert_eq!(g[109], 1.0);
        assert!(d.idle() && g[199] == 1.0);
    }

    #[test]
    fn full_depth_stops_at_the_floor_and_a_retrigger_starts_where_the_gain_is() {
        let mut d = Duck::new(1000.0);
        d.trigger(DuckParams::default());
        let g = run(&mut d, 50);
        assert!((g[9] - FLOOR).abs() < 1e-6);
        let at = g[49];
        d.trigger(DuckParams {
            depth: 0.0,
            ..DuckParams::default()
        });
        // Depth 0 ducks to 1, clamped to the gain now: it holds, then rises.
        let h = run(&mut d, 10);
        assert!((h[9] - at).abs() < 1e-4, "{} {at}", h[9]);
    }

    #[test]
    fn blocks_of_any_size_give_the_same_gain() {
        let whole = {
            let mut d = Duck::new(48000.0);
            d.trigger(DuckParams::default());
            run(&mut d, 9000)
        };
        let mut d = Duck::new(48000.0);
        d.trigger(DuckParams::default());
        let mut parts = vec![];
        for n in [1, 63, 64, 1000, 7872] {
            parts.extend(run(&mut d, n));
        }
        assert_eq!(whole, parts);
    }
}
