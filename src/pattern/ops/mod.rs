//! Pattern operators, one file per family. Each operator is defined once, as a query-time
//! function of its (plain) arguments, and patterned arguments go through [`patternify`]
//! (Strudel's `register`: an inner join over the argument pattern, skipped for plain values).

pub mod random;
pub mod structure;
pub mod time;

use super::hap::{Ctx, Haps};
use super::pattern::Pattern;
use super::time::{from_f64, Span, Time};
use super::value::Value;

/// A query-time operator body: the pattern, one plain argument, the query.
pub trait Op1: for<'a> Fn(&Pattern, Value<'a>, &Ctx<'a>, Span) -> Haps<'a> + Send + Sync + 'static {}
impl<F> Op1 for F where F: for<'a> Fn(&Pattern, Value<'a>, &Ctx<'a>, Span) -> Haps<'a> + Send + Sync + 'static {}

/// Applies `op` with a patterned argument: directly for a plain value, else as Strudel's
/// innerJoin (the argument's events pick the value; wholes come from the result).
pub fn patternify(arg: &Pattern, pat: &Pattern, op: impl Op1) -> Pattern {
    let pat = pat.clone();
    if let Some(v) = arg.pure {
        return Pattern::new(move |ctx, span| op(&pat, v, ctx, span)).with_steps(None);
    }
    let arg = arg.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in arg.query(ctx, span).iter() {
            out.extend(op(&pat, a.value, ctx, a.part));
        }
        out
    })
}

/// Two patterned arguments (Strudel: `left.fmap(f).appLeft(right)`, then innerJoin).
pub fn patternify2(
    a1: &Pattern,
    a2: &Pattern,
    pat: &Pattern,
    op: impl for<'a> Fn(&Pattern, Value<'a>, Value<'a>, &Ctx<'a>, Span) -> Haps<'a> + Send + Sync + 'static,
) -> Pattern {
    let pat = pat.clone();
    if let (Some(v1), Some(v2)) = (a1.pure, a2.pure) {
        return Pattern::new(move |ctx, span| op(&pat, v1, v2, ctx, span));
    }
    let args = a1.app_left(a2, |ctx, x, y| ctx.alloc_slice(&[x, y]).map(Value::List));
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in args.query(ctx, span).iter() {
            if let Value::List(xy) = a.value {
                out.extend(op(&pat, xy[0], xy[1], ctx, a.part));
            }
        }
        out
    })
}

/// Three patterned arguments.
pub fn patternify3(
    a1: &Pattern,
    a2: &Pattern,
    a3: &Pattern,
    pat: &Pattern,
    op: impl for<'a> Fn(&Pattern, Value<'a>, Value<'a>, Value<'a>, &Ctx<'a>, Span) -> Haps<'a>
        + Send
        + Sync
        + 'static,
) -> Pattern {
    let pat = pat.clone();
    if let (Some(v1), Some(v2), Some(v3)) = (a1.pure, a2.pure, a3.pure) {
        return Pattern::new(move |ctx, span| op(&pat, v1, v2, v3, ctx, span));
    }
    let args = a1
        .app_left(a2, |ctx, x, y| ctx.alloc_slice(&[x, y]).map(Value::List))
        .app_left(a3, |ctx, xy, z| match xy {
            Value::List(xy) => ctx.alloc_slice(&[xy[0], xy[1], z]).map(Value::List),
            _ => None,
        });
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in args.query(ctx, span).iter() {
            if let Value::List(v) = a.value {
                out.extend(op(&pat, v[0], v[1], v[2], ctx, a.part));
            }
        }
        out
    })
}

/// A value as a time (numbers through fraction.js's conversion).
pub fn value_time(v: Value) -> Option<Time> {
    v.as_num().and_then(from_f64)
}
