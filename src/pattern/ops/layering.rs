//! Layering operators: superimpose, layer, off, echo, stut, echoWith (stutWith), jux, juxBy.
//! Ports of Strudel 1.2.6 `pattern.mjs`.

use super::time::late;
use super::{
    bind_args, patternify, patternify3, placeholder, time_value, value_int, value_time, PatFn,
};
use crate::pattern::controls::{set_control, NumOp};
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::Haps;
use crate::pattern::pattern::{new_param_id, param_pattern, stack, Pattern};
use crate::pattern::time::{t, tmul, tneg, Span};
use crate::pattern::transform::{app_left_pure, early_with};
use crate::pattern::value::{Sym, Value};

/// `superimpose (fast 2) $ s "bd sn"`: the pattern with a transformed copy on top.
pub fn superimpose<E>(f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    Ok(stack(vec![pat.clone(), f(pat.clone())?]))
}

/// `layer [rev, fast 2] $ s "a b"`: the results of several functions, stacked (without the
/// original; Strudel's `layer`).
pub fn layer<E>(fs: &[PatFn<E>], pat: &Pattern) -> Result<Pattern, E> {
    Ok(stack(
        fs.iter()
            .map(|f| f(pat.clone()))
            .collect::<Result<_, _>>()?,
    ))
}

/// `off 0.25 (# crush 4) $ s "bd sn"`: the pattern with a copy shifted later and transformed
/// (Strudel's `off`: `stack(pat, f(pat.late(t)))`, `t` patternable).
pub fn off<E>(time: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    bind_args(&[time.clone(), placeholder()], |a| {
        Ok(stack(vec![pat.clone(), f(late(&a[0], pat))?]))
    })
}

/// Strudel's `_echoWith(times, time, (p, i) => p.gain(feedback ** i))`: `times` copies, each
/// `time` later, with `gain` set (not multiplied) to `feedback^i`, the original included.
fn echo_q<'a>(
    pat: &Pattern,
    times: Value<'a>,
    time: Value<'a>,
    fb: Value<'a>,
    ctx: &Ctx<'a>,
    span: Span,
) -> Haps<'a> {
    let mut out = ctx.haps();
    let (Some(n), Some(step), Some(fb)) = (value_int(times), value_time(time), fb.as_num()) else {
        return out;
    };
    for i in 0..n.max(0) {
        if !ctx.spend() {
            break;
        }
        let haps = early_with(span, tneg(tmul(step, t(i))), |s| pat.query(ctx, s));
        let Some(gain) = ctx.alloc_slice(&[(Sym::GAIN, Value::Num(fb.powf(i as f64)))]) else {
            break;
        };
        out.extend(app_left_pure(ctx, haps, Value::Map(gain), |a, b| {
            NumOp::Set.apply(ctx, a, b)
        }));
    }
    out
}

/// `echo 4 0.2 0.5 $ s "bd sn"`: `times` echoes, `time` apart, gain `feedback^i` (Strudel's
/// `echo`; the original gets gain 1).
pub fn echo(times: &Pattern, time: &Pattern, feedback: &Pattern, pat: &Pattern) -> Pattern {
    patternify3(times, time, feedback, pat, echo_q)
}

/// `stut 3 0.5 (1/8) $ s "bd sn"`: `echo` with the last two arguments swapped (Strudel's
/// `stut`).
pub fn stut(times: &Pattern, feedback: &Pattern, time: &Pattern, pat: &Pattern) -> Pattern {
    patternify3(times, feedback, time, pat, |p, n, fb, time, ctx, span| {
        echo_q(p, n, time, fb, ctx, span)
    })
}

/// `echoWith 3 (1/8) (|+ n 12) $ n "0 2"`: `times` layers, layer `i` shifted `i * time` later,
/// each passed through `f` once (Strudel's `echoWith`/`stutWith`; Tidal applies `f` `i` times).
/// `f` also receives the layer's index `i` as a pattern (Strudel's `(x, i) => ...`). `f` is
/// compiled once, over a copy of the pattern whose shift and index are bound per layer.
pub fn echo_with<E>(
    times: &Pattern,
    time: &Pattern,
    f: &dyn Fn(Pattern, Pattern) -> Result<Pattern, E>,
    pat: &Pattern,
) -> Result<Pattern, E> {
    bind_args(&[times.clone(), time.clone(), placeholder()], |a| {
        let (shift, index) = (new_param_id(), new_param_id());
        let layer = f(late(&param_pattern(shift), pat), param_pattern(index))?;
        Ok(patternify3(
            &a[0],
            &a[1],
            &placeholder(),
            &layer,
            move |layer, n, time, _, ctx, span| {
                let mut out = ctx.haps();
                let (Some(n), Some(step)) = (value_int(n), value_time(time)) else {
                    return out;
                };
                for i in 0..n.max(0) {
                    if !ctx.spend() {
                        break;
                    }
                    let Some(v) = time_value(ctx, tmul(step, t(i))) else {
                        break;
                    };
                    let i = Value::Num(i as f64);
                    let h = ctx.with_param(shift, v, || {
                        ctx.with_param(index, i, || layer.query(ctx, span))
                    });
                    if let Some(Some(h)) = h {
                        out.extend(h);
                    }
                }
                out
            },
        ))
    })
}

/// Sets `pan` to `(pan ?? 0.5) + delta` (Strudel's `juxBy` value update).
fn shift_pan<'a>(ctx: &Ctx<'a>, v: Value<'a>, delta: f64) -> Value<'a> {
    match v {
        Value::Map(_) => {
            let pan = v.get_num(Sym::PAN).unwrap_or(0.5) + delta;
            set_control(ctx, v, Sym::PAN, Value::Num(pan))
        }
        _ => match ctx.alloc_slice(&[(Sym::PAN, Value::Num(0.5 + delta))]) {
            Some(m) => Value::Map(m),
            None => v,
        },
    }
}

/// `juxBy 0.5 rev $ s "bd sn hh"`: the original panned left by `by/2`, a transformed copy
/// right by `by/2` (Strudel's `juxBy`; `by` patternable).
pub fn jux_by<E>(by: &Pattern, f: PatFn<E>, pat: &Pattern) -> Result<Pattern, E> {
    bind_args(&[by.clone(), placeholder()], |a| {
        let panned = |sign: f64| {
            patternify(&a[0], pat, move |p, by, ctx, span| {
                let Some(by) = by.as_num() else {
                    return ctx.haps();
                };
                let mut haps = p.query(ctx, span);
                for h in haps.as_mut_slice() {
                    h.value = shift_pan(ctx, h.value, sign * (by / 2.0));
                }
                haps
            })
        };
        Ok(stack(vec![panned(-1.0), f(panned(1.0))?]))
    })
}
