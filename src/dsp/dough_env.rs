//! superdough 1.2.6's envelopes (`helpers.mjs`): [`adsr_values`] is `getADSRValues` (which of
//! attack, decay, sustain and release an event sets changes the others' defaults), and
//! [`Automation::adsr`] is `getParamADSR`: the envelope as the Web Audio automation events it
//! schedules on an `AudioParam`, evaluated as the Web Audio spec defines `setValueAtTime`,
//! `linearRampToValueAtTime` and `exponentialRampToValueAtTime` (§ 1.6.3, "Computation of
//! value"). Times are seconds from the note's onset.

use super::exp::{exp, exp_within};

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
    /// An exponential ramp's `ln(v1 / v0)` (its end value over the value before it).
    ln_ratio: [f64; 6],
    n: usize,
}

impl Automation {
    fn push(&mut self, ramp: Ramp, v: f64, t: f64) {
        if self.n < 6 {
            self.t[self.n] = t;
            self.v[self.n] = v;
            self.ramp[self.n] = ramp;
            if ramp == Ramp::Exponential && self.n > 0 {
                self.ln_ratio[self.n] = (v / self.v[self.n - 1]).ln();
            }
            self.n += 1;
        }
    }

    /// A constant value.
    pub fn constant(v: f64) -> Automation {
        let mut a = Automation {
            t: [0.0; 6],
            v: [0.0; 6],
            ramp: [Ramp::Set; 6],
            ln_ratio: [0.0; 6],
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

    /// The parameter's value at sample `k` from the onset (time `k / sample_rate`; Web Audio:
    /// the latest event at or before it holds, unless the next one is a ramp, which runs from
    /// it). A ramp's progress `(t - t0) / (t1 - t0)` is computed in samples ([`Span`]).
    pub fn value_at(&self, k: u64, sample_rate: f64) -> f64 {
        let i = self.segment_at(k as f64 / sample_rate);
        self.value_in(i, Span::of(self, i, sample_rate), k as f64)
    }

    /// The segment `t` s falls in: the latest event at or before `t` (the first before them).
    #[inline]
    fn segment_at(&self, t: f64) -> usize {
        let mut i = 0;
        while i + 1 < self.n && self.t[i + 1] <= t {
            i += 1;
        }
        i
    }

    /// [`Automation::value_at`] for a sample `k` in segment `i` ([`Automation::segment_at`],
    /// `span` its [`Span`]).
    #[inline(always)]
    fn value_in(&self, i: usize, span: Span, k: f64) -> f64 {
        let v0 = self.v[i];
        if i + 1 >= self.n {
            return v0;
        }
        let v1 = self.v[i + 1];
        let x = span.progress(k);
        match self.ramp[i + 1] {
            Ramp::Set => v0,
            Ramp::Linear => v0 + (v1 - v0) * x,
            // Spec: a ramp from 0, or across 0, holds its start value until its end.
            Ramp::Exponential if v0 * v1 <= 0.0 => v0,
            // `v0 (v1 / v0)^x` as `v0 e^(x ln(v1 / v0))`.
            Ramp::Exponential => v0 * exp(x * self.ln_ratio[i + 1]),
        }
    }

    /// Writes the values at samples `k0, k0 + 1, ...` into `out`, the same values as
    /// [`Automation::value_at`] gives: one value for a stretch that holds (a set value, after
    /// the last event, a ramp the spec holds), the segment looked up once for a stretch within
    /// one ramp (a loop without branches or divisions: `k0 + j` as `k0 as f64 + j as f64`, the
    /// same integer exactly below 2^53), and each sample's own lookup for a stretch across an
    /// event.
    #[inline(always)]
    pub fn fill(&self, k0: u64, sample_rate: f64, out: &mut [f64]) {
        let Some(last) = out.len().checked_sub(1) else {
            return;
        };
        let time = |j: usize| (k0 + j as u64) as f64 / sample_rate;
        let i = self.segment_at(time(0));
        if i + 1 < self.n && self.t[i + 1] <= time(last) {
            for (j, o) in out.iter_mut().enumerate() {
                *o = self.value_at(k0 + j as u64, sample_rate);
            }
            return;
        }
        let v0 = self.v[i];
        if i + 1 >= self.n {
            out.fill(v0);
            return;
        }
        let v1 = self.v[i + 1];
        let span = Span::of(self, i, sample_rate);
        let k0 = k0 as f64;
        // (`j` through `i32`, which converts to f64 in vectors; a stretch is far shorter.)
        let x = |j: usize| span.progress(k0 + f64::from(j as i32));
        match self.ramp[i + 1] {
            Ramp::Set => out.fill(v0),
            Ramp::Exponential if v0 * v1 <= 0.0 => out.fill(v0),
            Ramp::Linear => {
                for (j, o) in out.iter_mut().enumerate() {
                    *o = v0 + (v1 - v0) * x(j);
                }
            }
            Ramp::Exponential => {
                let lr = self.ln_ratio[i + 1];
                for (j, o) in out.iter_mut().enumerate() {
                    *o = x(j) * lr;
                }
                if out.iter().all(|y| y.abs() < 700.0) {
                    for o in out.iter_mut() {
                        *o = v0 * exp_within(*o);
                    }
                } else {
                    for o in out.iter_mut() {
                        *o = v0 * exp(*o);
                    }
                }
            }
        }
    }

    /// When the value holds from sample `k0` on (at `sample_rate`): the value and the first
    /// sample at which it may change (`u64::MAX`: never). Every [`Automation::fill`] of samples
    /// from `k0` to before that one fills this value: they are all in `k0`'s segment, which is
    /// a `setValueAtTime` (or the last event, or an exponential ramp across 0).
    pub fn hold_from(&self, k0: u64, sample_rate: f64) -> Option<(f64, u64)> {
        let time = |k: u64| k as f64 / sample_rate;
        let i = self.segment_at(time(k0));
        let v0 = self.v[i];
        if i + 1 >= self.n {
            return Some((v0, u64::MAX));
        }
        let holds = match self.ramp[i + 1] {
            Ramp::Set => true,
            Ramp::Exponential => v0 * self.v[i + 1] <= 0.0,
            Ramp::Linear => false,
        };
        let t1 = self.t[i + 1];
        if !holds || !(t1 * sample_rate).is_finite() {
            return None;
        }
        // The first sample whose time is at or after the next event (`segment_at`'s test).
        let mut k = ((t1 * sample_rate).ceil().max(0.0) as u64).max(k0);
        while k > k0 && time(k - 1) >= t1 {
            k -= 1;
        }
        while time(k) < t1 {
            k += 1;
        }
        Some((v0, k))
    }

    /// The time of the last event (after it the value holds).
    pub fn end(&self) -> f64 {
        self.t[self.n - 1]
    }

    /// The largest magnitude of its events' values: every value it takes lies between two of
    /// them (a set value, or a ramp from one to the next), so its magnitude is at most this
    /// (up to rounding). NaN when a value is.
    pub fn bound(&self) -> f64 {
        self.v[..self.n].iter().fold(
            0.0,
            |b: f64, v| if v.is_nan() { f64::NAN } else { b.max(v.abs()) },
        )
    }
}

/// [`Automation::value_at`] of `n` automations, each at its own sample: with `(a, k)` =
/// `point(j)`, `out[j]` is `a.value_at(k, sample_rate)`, bit for bit. Each point's segment is
/// looked up alone; the exponentials of up to [`VALUES_AT_WIDTH`] points run in one loop (in
/// lanes where the caller is compiled for them: a voice group's swept filters at their grid
/// points).
#[inline(always)]
pub fn values_at<'a>(
    n: usize,
    point: impl Fn(usize) -> (&'a Automation, u64),
    sample_rate: f64,
    out: &mut [f64],
) {
    const W: usize = VALUES_AT_WIDTH;
    for (c, out) in out[..n].chunks_mut(W).enumerate() {
        // Per point: its value, or (for an exponential ramp) its start value and exponent.
        let mut y = [0.0f64; W];
        let mut ramp = [false; W];
        for (j, o) in out.iter_mut().enumerate() {
            let (a, k) = point(c * W + j);
            let k = &k;
            let i = a.segment_at(*k as f64 / sample_rate);
            let span = Span::of(a, i, sample_rate);
            let v0 = a.v[i];
            let exponential =
                i + 1 < a.n && a.ramp[i + 1] == Ramp::Exponential && v0 * a.v[i + 1] > 0.0;
            if exponential {
                y[j] = span.progress(*k as f64) * a.ln_ratio[i + 1];
                ramp[j] = true;
                *o = v0;
            } else {
                *o = a.value_in(i, span, *k as f64);
            }
        }
        let mut e = [0.0f64; W];
        for (e, y) in e.iter_mut().zip(&y) {
            *e = exp_within(*y);
        }
        for j in 0..out.len() {
            if ramp[j] {
                // `value_in`'s `v0 * exp(y)`.
                out[j] *= if y[j].abs() < 700.0 { e[j] } else { exp(y[j]) };
            }
        }
    }
}

/// Points [`values_at`] computes together.
pub const VALUES_AT_WIDTH: usize = 8;

/// A segment's progress in samples: `(t - t0) / (t1 - t0)` at time `t = k / sample_rate` as
/// `(k - t0 sample_rate) / ((t1 - t0) sample_rate)`, the division taken once a segment (a
/// multiply a sample: the sample loops of [`Automation::fill`] and the lanes have no division).
#[derive(Clone, Copy, Debug)]
struct Span {
    /// `t0` in samples.
    start: f64,
    /// `1 / ((t1 - t0) sample_rate)`.
    per_sample: f64,
}

impl Span {
    /// Segment `i`'s (after its last event: any; its value holds).
    #[inline(always)]
    fn of(a: &Automation, i: usize, sample_rate: f64) -> Span {
        let t0 = a.t[i];
        let t1 = a.t[(i + 1).min(a.n - 1)];
        Span {
            start: t0 * sample_rate,
            per_sample: 1.0 / ((t1 - t0) * sample_rate),
        }
    }

    /// The progress at sample `k`.
    #[inline(always)]
    fn progress(self, k: f64) -> f64 {
        (k - self.start) * self.per_sample
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

    /// Linear and exponential envelopes, notes shorter than attack + decay, a constant, and a
    /// ramp up to exponents near 700.
    fn envelopes() -> [Automation; 6] {
        [
            Automation::adsr(0.01, 0.2, 0.6, 0.09, 0.0, 1.0, 1.9, Curve::Linear),
            Automation::adsr(0.01, 0.3, 0.2, 0.01, 0.0, 1.0, 1.9, Curve::Exponential),
            Automation::adsr(0.02, 0.4, 0.3, 0.01, 600.0, 4800.0, 0.3, Curve::Exponential),
            Automation::adsr(0.001, 0.05, 0.6, 0.01, -700.0, 0.0, 0.02, Curve::Linear),
            Automation::constant(0.5),
            Automation::constant(1.0).exponential_to(1e300, 0.01),
        ]
    }

    #[test]
    fn fill_gives_value_at_bits() {
        // Stretches of every length from every start (ramps, holds and events inside a
        // stretch).
        let envs = envelopes();
        let sr = 1000.0;
        let mut out = [0.0; 40];
        for a in envs {
            for k0 in 0..2100u64 {
                for len in [1, 7, 16, 40] {
                    a.fill(k0, sr, &mut out[..len]);
                    for (j, v) in out[..len].iter().enumerate() {
                        let want = a.value_at(k0 + j as u64, sr);
                        assert_eq!(v.to_bits(), want.to_bits(), "{a:?} at {k0} + {j}");
                    }
                }
            }
        }
    }

    #[test]
    fn linear_adsr_points() {
        let a = Automation::adsr(0.1, 0.1, 0.5, 0.2, 0.0, 1.0, 1.0, Curve::Linear);
        assert!((a.value_at(50, 1000.0) - 0.5).abs() < 1e-12);
        assert!((a.value_at(100, 1000.0) - 1.0).abs() < 1e-12);
        assert!((a.value_at(150, 1000.0) - 0.75).abs() < 1e-12);
        assert!((a.value_at(500, 1000.0) - 0.5).abs() < 1e-12);
        assert!((a.value_at(1100, 1000.0) - 0.25).abs() < 1e-12);
        assert_eq!(a.value_at(1300, 1000.0), 0.0);
        // A note shorter than attack + decay: the decay is cut where it is.
        let a = Automation::adsr(0.1, 0.2, 0.0, 0.1, 0.0, 1.0, 0.2, Curve::Linear);
        assert!((a.value_at(200, 1000.0) - 0.5).abs() < 1e-12);
        assert!((a.value_at(250, 1000.0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn sample_time_agrees_with_the_spec_formula() {
        // The spec's `v0 + (v1 - v0) (t - t0) / (t1 - t0)` and `v0 (v1 / v0)^((t - t0) / (t1 -
        // t0))`, evaluated at each sample's time in seconds.
        let a = Automation::adsr(0.01, 0.3, 0.2, 0.05, 0.001, 1.0, 0.5, Curve::Exponential);
        let b = Automation::adsr(0.013, 0.2, 0.6, 0.09, 0.0, 1.0, 0.4, Curve::Linear);
        let sr = 44_100.0;
        let mut worst: f64 = 0.0;
        for env in [a, b] {
            for k in 0..(0.6 * sr) as u64 {
                let t = k as f64 / sr;
                let i = env.segment_at(t);
                let want = if i + 1 >= env.n {
                    env.v[i]
                } else {
                    let (t0, t1, v0, v1) = (env.t[i], env.t[i + 1], env.v[i], env.v[i + 1]);
                    let x = (t - t0) / (t1 - t0);
                    match env.ramp[i + 1] {
                        Ramp::Set => v0,
                        Ramp::Linear => v0 + (v1 - v0) * x,
                        Ramp::Exponential => v0 * (v1 / v0).powf(x),
                    }
                };
                let got = env.value_at(k, sr);
                worst = worst.max((got - want).abs() / want.abs().max(1e-3));
            }
        }
        assert!(worst < 1e-12, "worst relative difference {worst:e}");
    }

    #[test]
    fn values_at_is_value_at() {
        let envs = envelopes();
        let sr = 1000.0;
        let mut out = [0.0; 11];
        for k0 in 0..2100u64 {
            let points: Vec<(&Automation, u64)> = (0..11)
                .map(|j| (&envs[(k0 as usize + j) % envs.len()], k0 + 37 * j as u64))
                .collect();
            values_at(points.len(), |j| points[j], sr, &mut out);
            for ((a, k), v) in points.iter().zip(&out) {
                assert_eq!(v.to_bits(), a.value_at(*k, sr).to_bits(), "{a:?} at {k}");
            }
        }
    }
}
