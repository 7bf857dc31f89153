//! superdough 1.2.6's envelopes (`helpers.mjs`): [`adsr_values`] is `getADSRValues` (which of
//! attack, decay, sustain and release an event sets changes the others' defaults), and
//! [`Automation::adsr`] is `getParamADSR`: the envelope as the Web Audio automation events it
//! schedules on an `AudioParam`, evaluated as the Web Audio spec defines `setValueAtTime`,
//! `linearRampToValueAtTime` and `exponentialRampToValueAtTime` (§ 1.6.3, "Computation of
//! value"). Times are seconds from the note's onset.

/// How `getParamADSR` ramps (its `curve` argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    Linear,
    /// Exponential ramps; `min`/`max` of 0 become 0.001 (`getParamADSR`).
    Exponential,
}

/// `getADSRValues(params, curve, defaultValues)` (`helpers.mjs`): with none of the four set,
/// the defaults; otherwise attack and decay at least 0.001 s, release at least 0.01 s, and a
/// sustain that is full when only the attack (or neither attack nor decay) is set, else 0.001.
pub fn adsr_values(params: [Option<f64>; 4], defaults: [f64; 4]) -> [f64; 4] {
    const ENV_MIN: f64 = 0.001;
    const RELEASE_MIN: f64 = 0.01;
    const ENV_MAX: f64 = 1.0;
    let [a, d, s, r] = params;
    if params.iter().all(Option::is_none) {
        return defaults;
    }
    let sustain = match s {
        Some(s) => s,
        None if d.is_none() => ENV_MAX,
        None => ENV_MIN,
    };
    [
        a.unwrap_or(0.0).max(ENV_MIN),
        d.unwrap_or(0.0).max(ENV_MIN),
        sustain.min(ENV_MAX),
        r.unwrap_or(0.0).max(RELEASE_MIN),
    ]
}

/// `getADSRValues`'s defaults when an event sets none of the four and the caller passes none
/// (`applyFM`'s envelope): `[envmin, envmin, envmax, releaseMin]`.
pub const ADSR_FALLBACK: [f64; 4] = [0.001, 0.001, 1.0, 0.01];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ramp {
    Set,
    Linear,
    Exponential,
}

/// Up to six automation events on one parameter (time in s, value, how it is reached).
#[derive(Clone, Copy, Debug)]
pub struct Automation {
    t: [f64; 6],
    v: [f64; 6],
    ramp: [Ramp; 6],
    n: usize,
}

impl Automation {
    fn push(&mut self, ramp: Ramp, v: f64, t: f64) {
        if self.n < 6 {
            self.t[self.n] = t;
            self.v[self.n] = v;
            self.ramp[self.n] = ramp;
            self.n += 1;
        }
    }

    /// A constant value.
    pub fn constant(v: f64) -> Automation {
        let mut a = Automation {
            t: [0.0; 6],
            v: [0.0; 6],
            ramp: [Ramp::Set; 6],
            n: 0,
        };
        a.push(Ramp::Set, v, 0.0);
        a
    }

    /// `setValueAtTime(v, t)` after the events so far.
    pub fn set_at(mut self, v: f64, t: f64) -> Automation {
        self.push(Ramp::Set, v, t);
        self
    }

    /// `linearRampToValueAtTime(v, t)` after the events so far.
    pub fn linear_to(mut self, v: f64, t: f64) -> Automation {
        self.push(Ramp::Linear, v, t);
        self
    }

    /// `exponentialRampToValueAtTime(v, t)` after the events so far.
    pub fn exponential_to(mut self, v: f64, t: f64) -> Automation {
        self.push(Ramp::Exponential, v, t);
        self
    }

    /// `getParamADSR(param, attack, decay, sustain, release, min, max, begin, end, curve)` with
    /// `begin` = 0 and `end` = `hold` (the note's duration), line for line: the attack ramp to
    /// the peak, the decay ramp to `min + sustain * (max - min)` (either cut at `hold` when the
    /// note is shorter, at the value `envValAtTime` gives there), the sustain set at `hold`, and
    /// the release ramp to `min` over `release`.
    #[allow(clippy::too_many_arguments)]
    pub fn adsr(
        attack: f64,
        decay: f64,
        sustain: f64,
        release: f64,
        min: f64,
        max: f64,
        hold: f64,
        curve: Curve,
    ) -> Automation {
        let nan0 = |x: f64| if x.is_nan() { 0.0 } else { x };
        let (attack, decay, sustain, release) =
            (nan0(attack), nan0(decay), nan0(sustain), nan0(release));
        let exp = curve == Curve::Exponential;
        let ramp = if exp { Ramp::Exponential } else { Ramp::Linear };
        let (min, max) = if exp {
            (
                if min == 0.0 { 0.001 } else { min },
                if max == 0.0 { 0.001 } else { max },
            )
        } else {
            (min, max)
        };
        let range = max - min;
        let peak = max;
        let sustain_val = min + sustain * range;
        let duration = hold;
        // `getSlope(y1, y2, x1, x2)`: 0 over a zero-length span.
        let slope = |y1: f64, y2: f64, dx: f64| if dx == 0.0 { 0.0 } else { (y2 - y1) / dx };
        let env_val_at = |time: f64| {
            let val = if attack > time {
                // As superdough: the attack line starts from 0 unless min is above the peak.
                time * slope(min, peak, attack) + if min > peak { min } else { 0.0 }
            } else {
                (time - attack) * slope(peak, sustain_val, decay) + peak
            };
            if exp && val == 0.0 {
                0.001
            } else {
                val
            }
        };
        let mut a = Automation::constant(min);
        if attack > duration {
            a.push(ramp, env_val_at(duration), hold);
        } else if attack + decay > duration {
            a.push(ramp, env_val_at(attack), attack);
            a.push(ramp, env_val_at(duration), hold);
        } else {
            a.push(ramp, env_val_at(attack), attack);
            a.push(ramp, env_val_at(attack + decay), attack + decay);
            a.push(Ramp::Set, sustain_val, hold);
        }
        a.push(ramp, min, hold + release);
        a
    }

    /// The parameter's value at `t` s (Web Audio: the latest event at or before `t` holds,
    /// unless the next one is a ramp, which runs from it).
    pub fn value_at(&self, t: f64) -> f64 {
        let mut i = 0;
        while i + 1 < self.n && self.t[i + 1] <= t {
            i += 1;
        }
        let (t0, v0) = (self.t[i], self.v[i]);
        if i + 1 >= self.n {
            return v0;
        }
        let (t1, v1) = (self.t[i + 1], self.v[i + 1]);
        let x = (t - t0) / (t1 - t0);
        match self.ramp[i + 1] {
            Ramp::Set => v0,
            Ramp::Linear => v0 + (v1 - v0) * x,
            // Spec: a ramp from 0, or across 0, holds its start value until its end.
            Ramp::Exponential if v0 * v1 <= 0.0 => v0,
            Ramp::Exponential => v0 * (v1 / v0).powf(x),
        }
    }

    /// The time of the last event (after it the value holds).
    pub fn end(&self) -> f64 {
        self.t[self.n - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_the_sustain_rule() {
        let d = [0.001, 0.05, 0.6, 0.01];
        assert_eq!(adsr_values([None; 4], d), d);
        // Only an attack: full sustain; a decay without sustain: decays to 0.001.
        assert_eq!(
            adsr_values([Some(0.1), None, None, None], d),
            [0.1, 0.001, 1.0, 0.01]
        );
        assert_eq!(
            adsr_values([None, Some(0.2), None, None], d),
            [0.001, 0.2, 0.001, 0.01]
        );
    }

    #[test]
    fn linear_adsr_points() {
        let a = Automation::adsr(0.1, 0.1, 0.5, 0.2, 0.0, 1.0, 1.0, Curve::Linear);
        assert!((a.value_at(0.05) - 0.5).abs() < 1e-12);
        assert!((a.value_at(0.1) - 1.0).abs() < 1e-12);
        assert!((a.value_at(0.15) - 0.75).abs() < 1e-12);
        assert!((a.value_at(0.5) - 0.5).abs() < 1e-12);
        assert!((a.value_at(1.1) - 0.25).abs() < 1e-12);
        assert_eq!(a.value_at(1.3), 0.0);
        // A note shorter than attack + decay: the decay is cut where it is.
        let a = Automation::adsr(0.1, 0.2, 0.0, 0.1, 0.0, 1.0, 0.2, Curve::Linear);
        assert!((a.value_at(0.2) - 0.5).abs() < 1e-12);
        assert!((a.value_at(0.25) - 0.25).abs() < 1e-12);
    }
}
