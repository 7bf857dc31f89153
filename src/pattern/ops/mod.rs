//! Pattern operators, one file per family. Each operator is defined once, as a query-time
//! function of its (plain) arguments, and patterned arguments go through [`patternify`]
//! (Strudel's `register`: an inner join over the argument pattern, skipped for plain values).

pub mod conditional;
pub mod layering;
pub mod random;
pub mod sample;
pub mod signal;
pub mod structure;
pub mod strudel_controls;
pub mod strudel_pick;
pub mod strudel_steps;
pub mod strudel_struct;
pub mod strudel_tonal;
pub mod strudel_voicings;
pub mod tidal_fix;
pub mod tidal_pick;
pub mod tidal_random;
pub mod tidal_struct;
pub mod tidal_time;
pub mod time;
pub mod transition;

use super::ctx::Ctx;
use super::hap::{Haps, Locs};
use super::pattern::{new_param_id, param_pattern, Pattern};
use super::time::{from_f64, Span, Time};
use super::value::Value;

/// A query-time operator body: the pattern, one plain argument, the query.
pub trait Op1:
    for<'a> Fn(&Pattern, Value<'a>, &Ctx<'a>, Span) -> Haps<'a> + Send + Sync + 'static
{
}
impl<F> Op1 for F where
    F: for<'a> Fn(&Pattern, Value<'a>, &Ctx<'a>, Span) -> Haps<'a> + Send + Sync + 'static
{
}

/// Applies `op` with a patterned argument: directly for a plain value (or a bound parameter),
/// else as Strudel's innerJoin (the argument's events pick the value; wholes come from the
/// result).
pub fn patternify(arg: &Pattern, pat: &Pattern, op: impl Op1) -> Pattern {
    let pat = pat.clone();
    if let Some(v) = arg.pure {
        return Pattern::new(move |ctx, span| op(&pat, v, ctx, span)).with_steps(None);
    }
    if let Some(id) = arg.param {
        return Pattern::new(move |ctx, span| match ctx.param(id) {
            Some(v) => op(&pat, v, ctx, span),
            None => ctx.haps(),
        });
    }
    let arg = arg.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in arg.query(ctx, span).iter() {
            out.extend(with_arg_locs(ctx, op(&pat, a.value, ctx, a.part), a.locs));
        }
        out
    })
}

/// Two patterned arguments (Strudel: `left.fmap(f).appLeft(right)`, then innerJoin).
pub fn patternify2(
    a1: &Pattern,
    a2: &Pattern,
    pat: &Pattern,
    op: impl for<'a> Fn(&Pattern, Value<'a>, Value<'a>, &Ctx<'a>, Span) -> Haps<'a>
        + Send
        + Sync
        + 'static,
) -> Pattern {
    let pat = pat.clone();
    if let (Some(k1), Some(k2)) = (plain(a1), plain(a2)) {
        return Pattern::new(move |ctx, span| match (k1.get(ctx), k2.get(ctx)) {
            (Some(v1), Some(v2)) => op(&pat, v1, v2, ctx, span),
            _ => ctx.haps(),
        });
    }
    let args = a1.app_left(a2, |ctx, x, y| ctx.alloc_slice(&[x, y]).map(Value::List));
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in args.query(ctx, span).iter() {
            if let Value::List(xy) = a.value {
                out.extend(with_arg_locs(
                    ctx,
                    op(&pat, xy[0], xy[1], ctx, a.part),
                    a.locs,
                ));
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
    if let (Some(k1), Some(k2), Some(k3)) = (plain(a1), plain(a2), plain(a3)) {
        return Pattern::new(
            move |ctx, span| match (k1.get(ctx), k2.get(ctx), k3.get(ctx)) {
                (Some(v1), Some(v2), Some(v3)) => op(&pat, v1, v2, v3, ctx, span),
                _ => ctx.haps(),
            },
        );
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
                let haps = op(&pat, v[0], v[1], v[2], ctx, a.part);
                out.extend(with_arg_locs(ctx, haps, a.locs));
            }
        }
        out
    })
}

/// `haps` made for an argument event: they also carry its locations (Strudel's innerJoin
/// combines both contexts), so `fast "<2 1>"` lights the factor in use. The engine's events
/// carry none: nothing is done.
fn with_arg_locs<'a>(ctx: &Ctx<'a>, mut haps: Haps<'a>, locs: Locs<'a>) -> Haps<'a> {
    if !locs.is_empty() {
        for h in haps.as_mut_slice() {
            h.locs = ctx.join_locs(h.locs, locs);
        }
    }
    haps
}

/// An argument known without querying: a plain value, or a parameter bound during the query.
#[derive(Clone, Copy)]
enum Plain {
    Value(Value<'static>),
    Param(u32),
}

impl Plain {
    fn get<'a>(self, ctx: &Ctx<'a>) -> Option<Value<'a>> {
        match self {
            Plain::Value(v) => Some(v),
            Plain::Param(id) => ctx.param(id),
        }
    }
}

fn plain(p: &Pattern) -> Option<Plain> {
    match (p.pure, p.param) {
        (Some(v), _) => Some(Plain::Value(v)),
        (None, Some(id)) => Some(Plain::Param(id)),
        _ => None,
    }
}

/// True when the pattern is a plain value or a bound parameter (no join needed).
pub fn is_plain(p: &Pattern) -> bool {
    plain(p).is_some()
}

/// Strudel's `register` for operators whose body must be built from the argument values
/// (`chunk n f`, `inside n f`, `echoWith n t f`, ...): `build` runs once, at compile time, with
/// each patterned argument replaced by a parameter pattern; at query time the arguments are
/// combined as Strudel does (`left.fmap(..).appLeft(right)..`), and for each of their events
/// the values are bound and the body is queried over the event's part (innerJoin).
///
/// Arguments that are plain values (or already-bound parameters) are passed through as they
/// are; when all are, the body is returned directly (Strudel's pure fast path). Function
/// arguments take part in the join as `pure` placeholders, as in Strudel.
pub fn bind_args<E>(
    args: &[Pattern],
    build: impl FnOnce(&[Pattern]) -> Result<Pattern, E>,
) -> Result<Pattern, E> {
    if args.iter().all(is_plain) {
        return build(args);
    }
    let mut ids: Vec<Option<u32>> = Vec::with_capacity(args.len());
    let mut inner: Vec<Pattern> = Vec::with_capacity(args.len());
    for a in args {
        if is_plain(a) {
            ids.push(None);
            inner.push(a.clone());
        } else {
            let id = new_param_id();
            ids.push(Some(id));
            inner.push(param_pattern(id));
        }
    }
    let body = build(&inner)?;
    let args: Vec<Pattern> = args.to_vec();
    Ok(Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        // The argument events, values gathered in a list (appLeft chain from the first).
        let mut acc = ctx.haps();
        for h in args[0].query(ctx, span).iter() {
            if let Some(l) = ctx.alloc_slice(&[h.value]) {
                acc.push(h.derive(h.whole, h.part, Value::List(l)));
            }
        }
        for a in &args[1..] {
            let mut next = ctx.haps();
            for x in acc.iter() {
                let Value::List(xs) = x.value else { continue };
                for y in a.query(ctx, x.whole_or_part()).iter() {
                    let Some(part) = x.part.intersection(&y.part) else {
                        continue;
                    };
                    let mut buf = [Value::Num(0.0); 8];
                    let n = xs.len().min(7);
                    buf[..n].copy_from_slice(&xs[..n]);
                    buf[n] = y.value;
                    if let Some(l) = ctx.alloc_slice(&buf[..n + 1]) {
                        next.push(ctx.combine(x, y, x.whole, part, Value::List(l)));
                    }
                }
            }
            acc = next;
        }
        for a in acc.iter() {
            let Value::List(vals) = a.value else { continue };
            let haps = bind_all(ctx, &ids, vals, &|| body.query(ctx, a.part));
            if let Some(h) = haps {
                out.extend(with_arg_locs(ctx, h, a.locs));
            }
        }
        out
    }))
}

/// The stand-in for a function argument in an operator's argument join: Strudel reifies a
/// function argument as `pure(f)`, which takes part in the `appLeft` chain.
pub fn placeholder() -> Pattern {
    crate::pattern::pattern::pure(Value::Num(0.0))
}

/// A compile-time pattern transformation (a Phonon function applied to a pattern).
pub type PatFn<'f, E> = &'f dyn Fn(Pattern) -> Result<Pattern, E>;

fn bind_all<'a>(
    ctx: &Ctx<'a>,
    ids: &[Option<u32>],
    vals: &[Value<'a>],
    f: &dyn Fn() -> Haps<'a>,
) -> Option<Haps<'a>> {
    match ids.split_first() {
        None => Some(f()),
        Some((None, rest)) => bind_all(ctx, rest, &vals[1..], f),
        Some((Some(id), rest)) => ctx
            .with_param(*id, vals[0], || bind_all(ctx, rest, &vals[1..], f))
            .flatten(),
    }
}

/// A value as a time, as fraction.js's `Fraction(x)`: numbers through its Farey search, a
/// two-number list `[n, d]` as `n/d` (exact, used to bind exact times to parameters).
pub fn value_time(v: Value) -> Option<Time> {
    match v {
        Value::Num(x) => from_f64(x),
        Value::List([Value::Num(n), Value::Num(d)]) => {
            let (n, d) = (from_f64(*n)?, from_f64(*d)?);
            (d != Time::from_integer(0)).then(|| super::time::tdiv(n, d))
        }
        _ => None,
    }
}

/// An exact time as a value that [`value_time`] reads back exactly (a list `[n, d]`).
pub fn time_value<'a>(ctx: &Ctx<'a>, x: Time) -> Option<Value<'a>> {
    ctx.alloc_slice(&[Value::Num(*x.numer() as f64), Value::Num(*x.denom() as f64)])
        .map(Value::List)
}

/// A value as an integer count (JS `ToLength`-style truncation of a number).
pub fn value_int(v: Value) -> Option<i64> {
    v.as_num()
        .filter(|x| x.is_finite())
        .map(|x| x.trunc() as i64)
}
