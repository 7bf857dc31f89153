//! Exact rational time: the only time type of the pattern core.
//!
//! A cycle is the unit. Times are `Ratio<i64>` (reduced fractions), as Strudel's `Fraction`.
//! Spans are half-open `[begin, end)`; zero-width spans are queries for a single point.

use num_rational::Ratio;
use num_traits::{ToPrimitive, Zero};

/// A point in pattern time, in cycles.
pub type Time = Ratio<i64>;

/// Shorthand for an integer time.
pub fn t(n: i64) -> Time {
    Time::from_integer(n)
}

/// Shorthand for `n / d` cycles.
pub fn frac(n: i64, d: i64) -> Time {
    Time::new(n, d)
}

/// The start of the cycle that contains `x` (Tidal's `sam`).
pub fn sam(x: Time) -> Time {
    x.floor()
}

/// The start of the next cycle (Tidal's `nextSam`).
pub fn next_sam(x: Time) -> Time {
    x.floor() + t(1)
}

/// The position of `x` within its cycle, in `[0, 1)`.
pub fn cycle_pos(x: Time) -> Time {
    x - sam(x)
}

/// A time as a double, the way Strudel converts a Fraction: `Number(n) / Number(d)`.
pub fn to_f64(x: Time) -> f64 {
    x.numer().to_f64().unwrap_or(0.0) / x.denom().to_f64().unwrap_or(1.0)
}

/// A double as a fraction, exactly as fraction.js 4.x `parse()` converts a number (the Strudel
/// rule for every number that becomes a time): numbers >= 1 are scaled into (0, 1) by a power of
/// ten, then a Farey-sequence search with denominator limit 10 000 000 finds the fraction.
/// Source: fraction.js `src/fraction.js`, `parse`, number branch. `None` for NaN, infinities and
/// magnitudes beyond exact `i64` arithmetic.
pub fn from_f64(x: f64) -> Option<Time> {
    if !x.is_finite() || x.abs() > 9.0e15 {
        return None;
    }
    let sign = if x < 0.0 { -1 } else { 1 };
    let mut p1 = x.abs();
    if p1 % 1.0 == 0.0 {
        return Some(t(sign * p1 as i64));
    }
    let mut z: i64 = 1;
    if p1 >= 1.0 {
        z = 10i64.pow((1.0 + p1.log10()).floor() as u32);
        p1 /= z as f64;
    }
    const N: i64 = 10_000_000;
    let (mut a, mut b, mut c, mut d) = (0i64, 1i64, 1i64, 1i64);
    let (mut n, mut den) = (0i64, 1i64);
    while b <= N && d <= N {
        let m = (a + c) as f64 / (b + d) as f64;
        if p1 == m {
            if b + d <= N {
                (n, den) = (a + c, b + d);
            } else if d > b {
                (n, den) = (c, d);
            } else {
                (n, den) = (a, b);
            }
            break;
        }
        if p1 > m {
            a += c;
            b += d;
        } else {
            c += a;
            d += b;
        }
        if b > N {
            (n, den) = (c, d);
        } else {
            (n, den) = (a, b);
        }
    }
    let num = (n as i128) * (z as i128) * sign as i128;
    let num = i64::try_from(num).ok()?;
    Some(Time::new(num, den))
}

/// A half-open span of time `[begin, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub begin: Time,
    pub end: Time,
}

impl Span {
    pub fn new(begin: Time, end: Time) -> Span {
        Span { begin, end }
    }

    /// The span's length in cycles.
    pub fn len(&self) -> Time {
        self.end - self.begin
    }

    /// The span's start and end mapped by `f`.
    pub fn with_time(&self, f: impl Fn(Time) -> Time) -> Span {
        Span::new(f(self.begin), f(self.end))
    }

    /// The span moved so that its cycle (`sam` of begin) starts at zero.
    pub fn cycle_arc(&self) -> Span {
        let s = sam(self.begin);
        Span::new(self.begin - s, self.end - s)
    }

    /// `[begin, end)` with both bounds in cycle-relative time, as Strudel's `withCycle`.
    pub fn with_cycle(&self, f: impl Fn(Time) -> Time) -> Span {
        let s = sam(self.begin);
        Span::new(s + f(self.begin - s), s + f(self.end - s))
    }

    /// The midpoint.
    pub fn midpoint(&self) -> Time {
        self.begin + self.len() / t(2)
    }

    /// Strudel's `TimeSpan.intersection`: `None` when they do not touch, and for a point
    /// that sits at the (exclusive) end of a non-zero-width span.
    pub fn intersection(&self, other: &Span) -> Option<Span> {
        let b = self.begin.max(other.begin);
        let e = self.end.min(other.end);
        if b > e {
            return None;
        }
        if b == e {
            if b == self.end && self.begin < self.end {
                return None;
            }
            if b == other.end && other.begin < other.end {
                return None;
            }
        }
        Some(Span::new(b, e))
    }

    /// Strudel's `sect`: the overlap without the point rules (may be empty or inverted).
    pub fn sect(&self, other: &Span) -> Span {
        Span::new(self.begin.max(other.begin), self.end.min(other.end))
    }

    /// Calls `f` for each piece of the span split at cycle boundaries (Strudel's `spanCycles`).
    /// A zero-width span yields itself.
    pub fn for_each_cycle(&self, mut f: impl FnMut(Span)) {
        if self.begin == self.end {
            f(*self);
            return;
        }
        let mut b = self.begin;
        while b < self.end {
            let e = next_sam(b).min(self.end);
            f(Span::new(b, e));
            b = e;
        }
    }
}

/// `a mod b` for times with the sign of `b` (Haskell's `mod'`).
pub fn time_mod(a: Time, b: Time) -> Time {
    a - b * (a / b).floor()
}

/// True for a zero time.
pub fn is_zero(x: Time) -> bool {
    x.is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn farey_matches_fraction_js_examples() {
        assert_eq!(from_f64(0.3), Some(frac(3, 10)));
        assert_eq!(from_f64(1.0 / 3.0), Some(frac(1, 3)));
        assert_eq!(from_f64(1.0 / 6.0), Some(frac(1, 6)));
        assert_eq!(from_f64(1.5), Some(frac(3, 2)));
        assert_eq!(from_f64(-0.25), Some(frac(-1, 4)));
        assert_eq!(from_f64(2.5), Some(frac(5, 2)));
        assert_eq!(from_f64(133.337), Some(frac(133337, 1000)));
        for k in 1..5000i64 {
            assert_eq!(from_f64(0.0003 * k as f64), Some(frac(3 * k, 10000)), "k={k}");
        }
    }

    #[test]
    fn cycles_split_at_boundaries() {
        let mut v = vec![];
        Span::new(frac(1, 2), frac(5, 2)).for_each_cycle(|s| v.push(s));
        assert_eq!(
            v,
            vec![
                Span::new(frac(1, 2), t(1)),
                Span::new(t(1), t(2)),
                Span::new(t(2), frac(5, 2))
            ]
        );
    }

    #[test]
    fn point_at_end_does_not_intersect() {
        let a = Span::new(t(0), t(1));
        assert_eq!(a.intersection(&Span::new(t(1), t(1))), None);
        assert_eq!(a.intersection(&Span::new(t(0), t(0))), Some(Span::new(t(0), t(0))));
    }
}
