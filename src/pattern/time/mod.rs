//! Exact rational time: the only time type of the pattern core.
//!
//! A cycle is the unit. Times are `Ratio<i64>` (reduced fractions), as Strudel's `Fraction`.
//! Spans are half-open `[begin, end)`; zero-width spans are queries for a single point.

use super::ctx::Ctx;
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
#[inline]
pub fn sam(x: Time) -> Time {
    let (n, d) = (*x.numer(), *x.denom());
    if d == 1 {
        x
    } else {
        Time::new_raw(n.div_euclid(d), 1)
    }
}

/// The start of the next cycle (Tidal's `nextSam`).
#[inline]
pub fn next_sam(x: Time) -> Time {
    tadd(sam(x), t(1))
}

/// The position of `x` within its cycle, in `[0, 1)`.
#[inline]
pub fn cycle_pos(x: Time) -> Time {
    tsub(x, sam(x))
}

// Fast exact arithmetic on reduced `Ratio<i64>` values, for the query paths: `Ratio`'s own
// operators reduce with several gcds per operation and compare through continued fractions.
// These use one gcd at most (none when a side is an integer or the denominators match), and
// when `i64` overflows fall back to [`approx`], which computes in `i128` and rounds to the nearest
// representable time: no time arithmetic here panics, in debug or release builds.

/// Binary (Stein's) gcd; `gcd(0, b) = b`. One definition for the 64-bit fast path and the
/// rare 128-bit one (denominators past 2^64).
macro_rules! binary_gcd {
    ($name:ident, $t:ty) => {
        #[inline]
        fn $name(mut a: $t, mut b: $t) -> $t {
            if a == 0 || b == 0 {
                return a | b;
            }
            let shift = (a | b).trailing_zeros();
            a >>= a.trailing_zeros();
            loop {
                b >>= b.trailing_zeros();
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                b -= a;
                if b == 0 {
                    return a << shift;
                }
            }
        }
    };
}
binary_gcd!(gcd, u64);
binary_gcd!(gcd128, u128);

/// `n / d` reduced, for `d > 0`.
#[inline]
fn norm(n: i64, d: i64) -> Time {
    if d == 1 {
        return Time::new_raw(n, 1);
    }
    let g = gcd(n.unsigned_abs(), d as u64) as i64;
    if g == 1 {
        Time::new_raw(n, d)
    } else {
        Time::new_raw(n / g, d / g)
    }
}

/// The largest time magnitude [`approx`] keeps (2^62 cycles: 7 * 10^12 years at 120 bpm);
/// beyond it times are clamped.
pub const MAX_CYCLES: i64 = 1 << 62;

/// The time nearest to the exact `n / d`, for results that overflow `i64` (`fast 1e300`, a
/// polymeter of hostile step counts): reduced in `i128`; if it still does not fit, the
/// numerator and denominator are shifted right together until both fit in 62 bits (an error
/// below 2^-60 cycles, far under a sample), and a magnitude past [`MAX_CYCLES`] is clamped. `d == 0` gives zero. Never on the hot path:
/// only reached when an exact `i64` operation overflows.
#[cold]
#[inline(never)]
fn approx(n: i128, d: i128, reduced: bool) -> Time {
    if d == 0 || n == 0 {
        return Time::new_raw(0, 1);
    }
    let (mut n, mut d) = if d < 0 { (-n, -d) } else { (n, d) };
    // |n / d| >= 2^62? Decided from the bit lengths where they settle it (no 128-bit division).
    let (nbits, dbits) = (
        128 - n.unsigned_abs().leading_zeros() as i32,
        128 - (d as u128).leading_zeros() as i32,
    );
    let huge = match nbits - dbits {
        k if k > 63 => true,
        k if k < 62 => false,
        _ => n.unsigned_abs() / d as u128 >= MAX_CYCLES as u128,
    };
    if huge {
        return Time::new_raw(if n < 0 { -MAX_CYCLES } else { MAX_CYCLES }, 1);
    }
    if !reduced {
        // gcd(n, d) = gcd(n mod d, d): one 128-bit remainder, then 64-bit binary gcd steps when
        // `d` fits (128-bit Euclid made hostile programs slow to compile).
        let g = match u64::try_from(d) {
            Ok(d64) => gcd((n.unsigned_abs() % d as u128) as u64, d64) as i128,
            Err(_) => gcd128(n.unsigned_abs(), d as u128) as i128,
        };
        n /= g;
        d /= g;
    }
    let bits = (128 - n.unsigned_abs().leading_zeros()).max(128 - (d as u128).leading_zeros());
    if bits > 62 {
        let shift = bits - 62;
        n >>= shift;
        d >>= shift;
        if d == 0 {
            return Time::new_raw(0, 1);
        }
    }
    // Both now fit in 62 bits.
    norm(n as i64, d as i64)
}

/// `a + b`.
#[inline]
pub fn tadd(a: Time, b: Time) -> Time {
    let (an, ad, bn, bd) = (*a.numer(), *a.denom(), *b.numer(), *b.denom());
    let r = if ad == bd {
        an.checked_add(bn).map(|n| norm(n, ad))
    } else if bd == 1 {
        // Adding an integer keeps the fraction reduced.
        bn.checked_mul(ad)
            .and_then(|x| x.checked_add(an))
            .map(|n| Time::new_raw(n, ad))
    } else if ad == 1 {
        an.checked_mul(bd)
            .and_then(|x| x.checked_add(bn))
            .map(|n| Time::new_raw(n, bd))
    } else {
        match (an.checked_mul(bd), bn.checked_mul(ad), ad.checked_mul(bd)) {
            (Some(x), Some(y), Some(d)) => x.checked_add(y).map(|n| norm(n, d)),
            _ => None,
        }
    };
    r.unwrap_or_else(|| {
        approx(
            an as i128 * bd as i128 + bn as i128 * ad as i128,
            ad as i128 * bd as i128,
            false,
        )
    })
}

/// `-a`.
#[inline]
pub fn tneg(a: Time) -> Time {
    match a.numer().checked_neg() {
        Some(n) => Time::new_raw(n, *a.denom()),
        None => approx(-(*a.numer() as i128), *a.denom() as i128, true),
    }
}

/// `a - b`.
#[inline]
pub fn tsub(a: Time, b: Time) -> Time {
    tadd(a, tneg(b))
}

/// `a * b`.
#[inline]
pub fn tmul(a: Time, b: Time) -> Time {
    let (an, ad, bn, bd) = (*a.numer(), *a.denom(), *b.numer(), *b.denom());
    if an == 0 || bn == 0 {
        return Time::new_raw(0, 1);
    }
    let g1 = if bd == 1 {
        1
    } else {
        gcd(an.unsigned_abs(), bd as u64) as i64
    };
    let g2 = if ad == 1 {
        1
    } else {
        gcd(bn.unsigned_abs(), ad as u64) as i64
    };
    match (
        (an / g1).checked_mul(bn / g2),
        (ad / g2).checked_mul(bd / g1),
    ) {
        (Some(n), Some(d)) => Time::new_raw(n, d),
        _ => approx(
            (an / g1) as i128 * (bn / g2) as i128,
            (ad / g2) as i128 * (bd / g1) as i128,
            true,
        ),
    }
}

/// `a / b`; zero when `b` is zero (callers guard it; a hostile value must not panic).
#[inline]
pub fn tdiv(a: Time, b: Time) -> Time {
    let (bn, bd) = (*b.numer(), *b.denom());
    if bn == 0 {
        return Time::new_raw(0, 1);
    }
    match (bd.checked_mul(bn.signum()), bn.checked_abs()) {
        (Some(n), Some(d)) => tmul(a, Time::new_raw(n, d)),
        _ => approx(
            *a.numer() as i128 * bd as i128,
            *a.denom() as i128 * bn as i128,
            false,
        ),
    }
}

/// `a.cmp(b)`, exact.
#[inline]
pub fn tcmp(a: Time, b: Time) -> std::cmp::Ordering {
    let (an, ad, bn, bd) = (*a.numer(), *a.denom(), *b.numer(), *b.denom());
    if ad == bd {
        an.cmp(&bn)
    } else {
        (an as i128 * bd as i128).cmp(&(bn as i128 * ad as i128))
    }
}

/// `a == b` (both are kept reduced, so this compares fields).
#[inline]
pub fn teq(a: Time, b: Time) -> bool {
    a.numer() == b.numer() && a.denom() == b.denom()
}

/// `a < b`.
#[inline]
pub fn tlt(a: Time, b: Time) -> bool {
    tcmp(a, b).is_lt()
}

/// The smaller of two times.
#[inline]
pub fn tmin(a: Time, b: Time) -> Time {
    if tcmp(b, a).is_lt() {
        b
    } else {
        a
    }
}

/// The larger of two times.
#[inline]
pub fn tmax(a: Time, b: Time) -> Time {
    if tcmp(b, a).is_gt() {
        b
    } else {
        a
    }
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
///
/// fraction.js walks the Stern-Brocot tree one mediant at a time, up to 10^7 steps for a number
/// such as `1e-9` (tens of milliseconds, on the audio thread for a patterned argument). Here each
/// run of steps in one direction is taken at once: the run's length is found by binary search
/// over the same floating-point comparisons (the mediants of a run are monotonic, and so are
/// their correctly rounded quotients), so the result is the same fraction in O(log^2) steps.
pub fn from_f64(x: f64) -> Option<Time> {
    farey(x, true)
}

/// fraction.js's number parse; `batched`: each run of same-direction steps at once (else one
/// mediant a step, exactly as fraction.js: the reference the tests compare with).
fn farey(x: f64, batched: bool) -> Option<Time> {
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
    let q = |num: i64, den: i64| num as f64 / den as f64;
    let (mut a, mut b, mut c, mut d) = (0i64, 1i64, 1i64, 1i64);
    let (mut n, mut den) = (0i64, 1i64);
    while b <= N && d <= N {
        let m = q(a + c, b + d);
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
        // The run: step k (1-based) of the run compares with the k-th mediant; fraction.js
        // takes it while the comparison holds and its loop condition (`b`, or `d`, <= N before
        // the step) does.
        if p1 > m {
            let k = if batched {
                run_length((N - b) / d + 1, |k| p1 > q(a + k * c, b + k * d))
            } else {
                1
            };
            a += k * c;
            b += k * d;
        } else {
            let k = if batched {
                run_length((N - d) / b + 1, |k| p1 < q(c + k * a, d + k * b))
            } else {
                1
            };
            c += k * a;
            d += k * b;
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

/// For a predicate that holds at 1 and, once false, stays false: the largest `k` in
/// `1..=max` where it holds (binary search).
fn run_length(max: i64, holds: impl Fn(i64) -> bool) -> i64 {
    if holds(max) {
        return max;
    }
    let (mut lo, mut hi) = (1, max); // holds(lo), !holds(hi)
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
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
        tsub(self.end, self.begin)
    }

    /// The span's start and end mapped by `f`.
    pub fn with_time(&self, f: impl Fn(Time) -> Time) -> Span {
        Span::new(f(self.begin), f(self.end))
    }

    /// The span moved so that its cycle (`sam` of begin) starts at zero.
    pub fn cycle_arc(&self) -> Span {
        let s = sam(self.begin);
        Span::new(tsub(self.begin, s), tsub(self.end, s))
    }

    /// `[begin, end)` with both bounds in cycle-relative time, as Strudel's `withCycle`.
    pub fn with_cycle(&self, f: impl Fn(Time) -> Time) -> Span {
        let s = sam(self.begin);
        Span::new(
            tadd(s, f(tsub(self.begin, s))),
            tadd(s, f(tsub(self.end, s))),
        )
    }

    /// The midpoint.
    pub fn midpoint(&self) -> Time {
        tadd(self.begin, tdiv(self.len(), t(2)))
    }

    /// Strudel's `TimeSpan.intersection`: `None` when they do not touch, and for a point
    /// that sits at the (exclusive) end of a non-zero-width span.
    #[inline]
    pub fn intersection(&self, other: &Span) -> Option<Span> {
        let b = tmax(self.begin, other.begin);
        let e = tmin(self.end, other.end);
        match tcmp(b, e) {
            std::cmp::Ordering::Greater => return None,
            std::cmp::Ordering::Equal => {
                if teq(b, self.end) && tlt(self.begin, self.end) {
                    return None;
                }
                if teq(b, other.end) && tlt(other.begin, other.end) {
                    return None;
                }
            }
            std::cmp::Ordering::Less => {}
        }
        Some(Span::new(b, e))
    }

    /// Strudel's `sect`: the overlap without the point rules (may be empty or inverted).
    pub fn sect(&self, other: &Span) -> Span {
        Span::new(tmax(self.begin, other.begin), tmin(self.end, other.end))
    }

    /// Calls `f` for each piece of the span split at cycle boundaries (Strudel's `spanCycles`).
    /// A zero-width span yields itself. Each piece spends one iteration of `ctx`'s work budget
    /// (`fast 1e12` or a hostile tempo stop there instead of looping for hours).
    #[inline]
    pub fn for_each_cycle(&self, ctx: &Ctx<'_>, mut f: impl FnMut(Span)) {
        if teq(self.begin, self.end) {
            f(*self);
            return;
        }
        let mut b = self.begin;
        while tlt(b, self.end) && ctx.spend() {
            let e = tmin(next_sam(b), self.end);
            f(Span::new(b, e));
            b = e;
        }
    }
}

/// `a mod b` for times with the sign of `b` (Haskell's `mod'`); zero when `b` is zero.
pub fn time_mod(a: Time, b: Time) -> Time {
    tsub(a, tmul(b, sam(tdiv(a, b))))
}

/// True for a zero time.
pub fn is_zero(x: Time) -> bool {
    x.is_zero()
}

#[cfg(test)]
mod tests;
