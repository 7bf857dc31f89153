//! Continuous signals and their scaling: saw, isaw, sine, cosine, tri, itri, square (and the
//! bipolar `*2` forms), envelopes of time, range, rangex, range2, run. Ports of Strudel 1.2.6
//! `signal.mjs` and `pattern.mjs`.

use super::patternify2;
use super::structure::segment;
use crate::pattern::controls::NumOp;
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::Haps;
use crate::pattern::pattern::{fastcat, pure, signal, Pattern};
use crate::pattern::time::{frac, to_f64, Span};
use crate::pattern::transform::app_left_pure;
use crate::pattern::value::Value;

/// `saw`: rises from 0 to 1 over each cycle (Strudel: `t % 1` on the double).
pub fn saw() -> Pattern {
    signal(|x| Value::Num(to_f64(x) % 1.0))
}

/// `isaw`: falls from 1 to 0 over each cycle.
pub fn isaw() -> Pattern {
    signal(|x| Value::Num(1.0 - to_f64(x) % 1.0))
}

/// `sine2`: a sine wave from -1 to 1, one period per cycle.
pub fn sine2() -> Pattern {
    signal(|x| Value::Num((std::f64::consts::PI * 2.0 * to_f64(x)).sin()))
}

/// `sine`: a sine wave from 0 to 1, one period per cycle (`sine2.fromBipolar()`).
pub fn sine() -> Pattern {
    from_bipolar(&sine2())
}

/// `cosine`: `sine` a quarter cycle earlier.
pub fn cosine() -> Pattern {
    sine().early_time(frac(1, 4))
}

/// `cosine2`: `sine2` a quarter cycle earlier.
pub fn cosine2() -> Pattern {
    sine2().early_time(frac(1, 4))
}

/// `square`: 0 for the first half of each cycle, 1 for the second.
pub fn square() -> Pattern {
    signal(|x| Value::Num(((to_f64(x) * 2.0) % 2.0).floor()))
}

/// `tri`: rises from 0 to 1 and back over each cycle (`fastcat(saw, isaw)`).
pub fn tri() -> Pattern {
    fastcat(vec![saw(), isaw()])
}

/// `itri`: falls from 1 to 0 and back over each cycle (`fastcat(isaw, saw)`).
pub fn itri() -> Pattern {
    fastcat(vec![isaw(), saw()])
}

/// `time` (Strudel): the cycle position itself, rising without end (signal.mjs `signal(id)`).
pub fn time() -> Pattern {
    signal(|x| Value::Num(to_f64(x)))
}

/// Strudel's `toBipolar`: `x * 2 - 1`.
pub fn to_bipolar(p: &Pattern) -> Pattern {
    p.fmap(|_, v| match v.as_num() {
        Some(x) => Value::Num(x * 2.0 - 1.0),
        None => v,
    })
}

/// Strudel's `fromBipolar`: `(x + 1) / 2`.
pub fn from_bipolar(p: &Pattern) -> Pattern {
    p.fmap(|_, v| match v.as_num() {
        Some(x) => Value::Num((x + 1.0) / 2.0),
        None => v,
    })
}

/// The body of `range` for plain bounds: `pat.mul(max - min).add(min)`, each an `appLeft`
/// against a `pure` number (so events are cut at cycle boundaries, as in Strudel).
pub fn range_q<'a>(
    pat: &Pattern,
    min: Value<'a>,
    max: Value<'a>,
    ctx: &Ctx<'a>,
    span: Span,
) -> Haps<'a> {
    let (Some(lo), Some(hi)) = (min.as_num(), max.as_num()) else {
        return ctx.haps();
    };
    let haps = pat.query(ctx, span);
    let haps = app_left_pure(ctx, haps, Value::Num(hi - lo), |a, b| {
        NumOp::Mul.apply(ctx, a, b)
    });
    app_left_pure(ctx, haps, Value::Num(lo), |a, b| {
        NumOp::Add.apply(ctx, a, b)
    })
}

/// `range 1 5 sine`: scales a unipolar pattern (0 to 1) to `min`..`max` (Strudel's `range`).
pub fn range(min: &Pattern, max: &Pattern, pat: &Pattern) -> Pattern {
    patternify2(min, max, pat, range_q)
}

/// `rangex 20 2000 sine`: like `range` on an exponential curve (Strudel's `rangex`).
pub fn rangex(min: &Pattern, max: &Pattern, pat: &Pattern) -> Pattern {
    patternify2(min, max, pat, |pat, min, max, ctx, span| {
        let (Some(lo), Some(hi)) = (min.as_num(), max.as_num()) else {
            return ctx.haps();
        };
        let mut haps = range_q(pat, Value::Num(lo.ln()), Value::Num(hi.ln()), ctx, span);
        for h in haps.as_mut_slice() {
            if let Some(x) = h.value.as_num() {
                h.value = Value::Num(x.exp());
            }
        }
        haps
    })
}

/// `range2 (-1) 1 sine2`: scales a bipolar pattern (-1 to 1) to `min`..`max`.
pub fn range2(min: &Pattern, max: &Pattern, pat: &Pattern) -> Pattern {
    range(min, max, &from_bipolar(pat))
}

/// JS `Math.round`: to the nearest integer, halves towards +infinity.
pub fn js_round(x: f64) -> f64 {
    let f = x.floor();
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

/// `run 4`: `0 1 2 3`, patternable (Strudel's `run`: `saw.range(0, n).round().segment(n)`).
pub fn run(n: &Pattern) -> Pattern {
    let rounded = range(&pure(Value::Num(0.0)), n, &saw()).fmap(|_, v| match v.as_num() {
        Some(x) => Value::Num(js_round(x)),
        None => v,
    });
    segment(n, &rounded)
}
