//! Sample-slicing operators on control patterns: chop, striate. Ports of Strudel 1.2.6
//! `pattern.mjs`.

use super::{patternify, value_int};
use crate::pattern::controls::{set_control, NumOp};
use crate::pattern::ctx::Ctx;
use crate::pattern::pattern::Pattern;
use crate::pattern::time::{sam, t};
use crate::pattern::transform::{fast_with, squeeze_with, steps_haps};
use crate::pattern::value::{Sym, Value};

/// `{begin: b, end: e}` in the arena.
fn begin_end<'a>(ctx: &Ctx<'a>, b: f64, e: f64) -> Option<Value<'a>> {
    ctx.alloc_slice(&[(Sym::BEGIN, Value::Num(b)), (Sym::END, Value::Num(e))])
        .map(Value::Map)
}

/// Strudel's `chop` merge: slice `[b, e)` of the event's own `begin`..`end` when both are set,
/// else `begin`/`end` set to the slice.
fn merge<'a>(ctx: &Ctx<'a>, o: Value<'a>, b: f64, e: f64) -> Option<Value<'a>> {
    let (b, e) = match (o.get_num(Sym::BEGIN), o.get_num(Sym::END)) {
        (Some(ob), Some(oe)) => {
            let d = oe - ob;
            (ob + b * d, ob + e * d)
        }
        _ => (b, e),
    };
    match o {
        Value::Map(_) => {
            let v = set_control(ctx, o, Sym::BEGIN, Value::Num(b));
            Some(set_control(ctx, v, Sym::END, Value::Num(e)))
        }
        _ => begin_end(ctx, b, e),
    }
}

/// `chop 4 $ s "break"`: cuts each event into `n` parts, each playing the next slice of the
/// sample (`begin`/`end`), squeezed into the event (Strudel's `chop`).
pub fn chop(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let mut out = ctx.haps();
        let Some(n) = value_int(v).filter(|n| *n > 0) else {
            return out;
        };
        let nf = n as f64;
        for o in pat.query(ctx, span).iter() {
            squeeze_with(
                o,
                &mut out,
                |s| {
                    steps_haps(ctx, n, s, |k| {
                        let i = k.rem_euclid(n) as f64;
                        merge(ctx, o.value, i / nf, (i + 1.0) / nf)
                    })
                },
                Some,
            );
        }
        out
    })
}

/// `striate 4 $ s "a b"`: the pattern played `n` times per cycle, the i-th time with slice `i`
/// of every sample (`begin`/`end` set; Strudel's `striate`:
/// `pat.set(slowcat(slices))._fast(n)`).
pub fn striate(n: &Pattern, pat: &Pattern) -> Pattern {
    patternify(n, pat, |pat, v, ctx, span| {
        let Some(n) = value_int(v).filter(|n| *n > 0) else {
            return ctx.haps();
        };
        let nf = n as f64;
        fast_with(ctx, t(n), span, |s| {
            let mut out = ctx.haps();
            for x in pat.query(ctx, s).iter() {
                x.whole_or_part().for_each_cycle(ctx, |piece| {
                    let Some(part) = x.part.intersection(&piece) else {
                        return;
                    };
                    let i = sam(piece.begin).to_integer().rem_euclid(n) as f64;
                    let Some(slice) = begin_end(ctx, i / nf, (i + 1.0) / nf) else {
                        return;
                    };
                    if let Some(v) = NumOp::Set.apply(ctx, x.value, slice) {
                        out.push(x.derive(x.whole, part, v));
                    }
                });
            }
            out
        })
    })
}
