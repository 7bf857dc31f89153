//! Tidal's transitions (`Sound.Tidal.Transition`, Tidal 1.9): how a stream's new pattern takes
//! over from the ones before, measured from `now`, the cycle at which the new program starts
//! playing (a [`NowCell`] the audio thread sets, so a transition starts on the host's cycle,
//! sample-exact). Before `now` is set the patterns have no events.
//!
//! Envelopes are Tidal's (`Sound.Tidal.Core`): `envL t = clamp 0 1 t`, `envLR = 1 - envL`,
//! `envEq t = sqrt (sin (pi/2 * clamp 0 1 (1 - t)))`, `envEqR t = sqrt (cos (pi/2 * clamp 0 1
//! (1 - t)))`; a continuous envelope combined with `|*` is read at the middle of each event's
//! whole, as Tidal's `sig`. Random choices use Phonon's (Strudel's) generator.

use crate::pattern::controls::NumOp;
use crate::pattern::hap::Hap;
use crate::pattern::now::NowCell;
use crate::pattern::pattern::{silence, stack, Pattern};
use crate::pattern::rand::time_to_rand;
use crate::pattern::time::{from_f64, next_sam, sam, t, tadd, tdiv, to_f64, tsub, Span, Time};
use crate::pattern::transform::early_with;
use crate::pattern::value::{Sym, Value};
use std::sync::Arc;

/// The transitions Phonon plays, by Tidal's name, with the number of arguments each takes
/// before its pattern, after the stream (`xfadeIn 1 8 $ ...`: the stream `1`, then `8` cycles).
/// The parser reads transition statements from this table and [`transition`] plays them.
pub const KINDS: &[(&str, usize)] = &[
    ("xfade", 0),
    ("xfadeIn", 1),
    ("jump", 0),
    ("jumpIn", 1),
    ("jumpIn'", 1),
    ("jumpMod", 1),
    ("clutch", 0),
    ("clutchIn", 1),
    ("interpolate", 0),
    ("interpolateIn", 1),
    ("anticipate", 0),
    ("anticipateIn", 1),
    ("histpan", 1),
    ("wait", 1),
];

fn env_l(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

fn env_eq(x: f64) -> f64 {
    (std::f64::consts::FRAC_PI_2 * (1.0 - x).clamp(0.0, 1.0))
        .sin()
        .sqrt()
}

fn env_eq_r(x: f64) -> f64 {
    (std::f64::consts::FRAC_PI_2 * (1.0 - x).clamp(0.0, 1.0))
        .cos()
        .sqrt()
}

/// The middle of an event's whole (or part), as a number of cycles.
fn middle(h: &Hap) -> f64 {
    let w = h.whole_or_part();
    to_f64(tadd(w.begin, tdiv(tsub(w.end, w.begin), t(2))))
}

/// Tidal's `filterWhen`: the events of `p` whose whole starts where `keep(start, now)`.
fn filter_when(
    cell: &Arc<NowCell>,
    p: &Pattern,
    keep: impl Fn(Time, Time) -> bool + Send + Sync + 'static,
) -> Pattern {
    let (p, cell) = (p.clone(), cell.clone());
    Pattern::new(move |ctx, span| {
        let Some(now) = cell.get() else {
            return ctx.haps();
        };
        let mut haps = p.query(ctx, span);
        haps.retain(|h| h.whole.is_some_and(|w| keep(w.begin, now)));
        haps
    })
}

/// Maps each event with `f(ctx, event, now)`; `None` drops it.
fn map_events(
    cell: &Arc<NowCell>,
    p: &Pattern,
    f: impl for<'a> Fn(&crate::pattern::Ctx<'a>, &Hap<'a>, Time) -> Option<Value<'a>>
        + Send
        + Sync
        + 'static,
) -> Pattern {
    let (p, cell) = (p.clone(), cell.clone());
    Pattern::new(move |ctx, span| {
        let Some(now) = cell.get() else {
            return ctx.haps();
        };
        let mut out = ctx.haps();
        for h in p.query(ctx, span).iter() {
            if let Some(v) = f(ctx, h, now) {
                out.push(h.with_value(v));
            }
        }
        out
    })
}

/// `p |* control x`, as Tidal's `|*` on control maps (a map without the control gets `x`).
fn times_control<'a>(
    ctx: &crate::pattern::Ctx<'a>,
    v: Value<'a>,
    key: Sym,
    x: f64,
    op: NumOp,
) -> Value<'a> {
    match ctx.alloc_slice(&[(key, Value::Num(x))]) {
        Some(m) => op.apply(ctx, v, Value::Map(m)).unwrap_or(v),
        None => v,
    }
}

/// `p |* gain (now rotR (_slow dur env))`.
fn gain_env(cell: &Arc<NowCell>, dur: f64, env: fn(f64) -> f64, p: &Pattern) -> Pattern {
    map_events(cell, p, move |ctx, h, now| {
        let x = env((middle(h) - to_f64(now)) / dur);
        Some(times_control(ctx, h.value, Sym::GAIN, x, NumOp::Mul))
    })
}

/// Tidal's `fadeOutFrom now dur` (`out`) and `fadeInFrom now dur`: events dropped at random,
/// more and more (fewer and fewer) over `dur` cycles from `now`.
fn fade(cell: &Arc<NowCell>, dur: f64, out: bool, p: &Pattern) -> Pattern {
    map_events(cell, p, move |_, h, now| {
        let onset = to_f64(h.whole_or_part().begin);
        let e = env_l((onset - to_f64(now)) / dur);
        let amount = if out { e } else { 1.0 - e };
        (time_to_rand(onset) >= amount).then_some(h.value)
    })
}

/// Tidal's `_stut 8 0.2 v` with `v = envLR` over `dur` cycles from `now` (read at the start of
/// each cycle, so the result does not depend on how it is queried).
fn anticipate_stut(cell: &Arc<NowCell>, dur: f64, p: &Pattern) -> Pattern {
    const COUNT: i64 = 8;
    const FEEDBACK: f64 = 0.2;
    let (p, cell) = (p.clone(), cell.clone());
    Pattern::new(move |ctx, span| {
        let Some(now) = cell.get() else {
            return ctx.haps();
        };
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let v = 1.0 - env_l((to_f64(sam(s.begin)) - to_f64(now)) / dur);
            let Some(step) = from_f64(v) else { return };
            out.extend(p.query(ctx, s));
            for x in 1..COUNT {
                let shift = step * Time::from_integer(x);
                let gain = FEEDBACK + (1.0 - FEEDBACK) * ((COUNT - x) as f64 / COUNT as f64);
                let mut haps = early_with(s, -shift, |q| p.query(ctx, q));
                for h in haps.as_mut_slice() {
                    h.value = times_control(ctx, h.value, Sym::GAIN, gain, NumOp::Mul);
                }
                out.extend(haps);
            }
        });
        out
    })
}

/// Tidal's `interpolateIn dur now`: the new pattern's events, their numbers moving from the
/// old pattern's values (read at each new event's onset) to their own over `dur` cycles.
fn interpolate(cell: &Arc<NowCell>, dur: f64, new: &Pattern, old: &Pattern) -> Pattern {
    let old = old.clone();
    map_events(cell, new, move |ctx, h, now| {
        let x = env_l((middle(h) - to_f64(now)) / dur);
        let Value::Map(m) = h.value else {
            return Some(h.value);
        };
        let onset = h.whole_or_part().begin;
        let olds = old.query(ctx, Span::new(onset, onset));
        let Some(Value::Map(o)) = olds
            .iter()
            .find(|g| g.whole_or_part().begin <= onset)
            .map(|g| g.value)
        else {
            return Some(h.value);
        };
        let mut buf = [(Sym(0), Value::Num(0.0)); crate::pattern::controls::MAX_CONTROLS];
        let n = m.len().min(buf.len());
        buf[..n].copy_from_slice(&m[..n]);
        for (k, v) in buf[..n].iter_mut() {
            if let (Value::Num(a), Some((_, Value::Num(b)))) =
                (*v, o.iter().find(|(ok, _)| ok == k))
            {
                *v = Value::Num(a * x + b * (1.0 - x));
            }
        }
        ctx.alloc_slice(&buf[..n]).map(Value::Map).or(Some(h.value))
    })
}

/// The pattern a stream plays when `kind` takes it over: `pats` are its patterns, newest
/// first (the new one, then those before it); `args` the transition's numbers after the
/// stream (`xfadeIn 1 8`: `[8]`).
pub fn transition(
    kind: &str,
    args: &[f64],
    cell: &Arc<NowCell>,
    pats: &[Pattern],
) -> Result<Pattern, String> {
    let arg = |default: f64| args.first().copied().unwrap_or(default);
    let cycles = |default: f64| -> Result<f64, String> {
        let x = arg(default);
        if x.is_finite() && x > 0.0 && x <= 1e6 {
            Ok(x)
        } else {
            Err(format!(
                "`{kind}` takes a positive number of cycles, not {x}"
            ))
        }
    };
    let whole = |default: f64| -> Result<i64, String> {
        let x = arg(default);
        if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= 1e6 {
            Ok(x as i64)
        } else {
            Err(format!("`{kind}` takes a whole number of cycles, not {x}"))
        }
    };
    let (new, old) = match pats {
        [] => return Ok(silence()),
        [new] if kind != "wait" => return Ok(new.clone()),
        [new] => (new.clone(), None),
        [new, old, ..] => (new.clone(), Some(old.clone())),
    };
    // Old until `at(now)`, new from it (Tidal's `wash id id delay 0 0`).
    let switch = |at: fn(Time, i64) -> Time, n: i64| -> Pattern {
        let before = filter_when(cell, old.as_ref().expect("two patterns"), move |x, now| {
            x < at(now, n)
        });
        let after = filter_when(cell, &new, move |x, now| x >= at(now, n));
        stack(vec![before, after])
    };
    Ok(match kind {
        "xfade" | "xfadeIn" => {
            let dur = cycles(4.0)?;
            let old = old.expect("two patterns");
            stack(vec![
                gain_env(cell, dur, env_eq_r, &new),
                gain_env(cell, dur, env_eq, &old),
            ])
        }
        "jump" => switch(|now, _| now, 0),
        "jumpIn" => switch(|now, n| tadd(now, t(n)), whole(0.0)?),
        "jumpIn'" => switch(|now, n| tadd(next_sam(now), t(n)), whole(0.0)?),
        "jumpMod" => {
            let n = whole(1.0)?.max(1);
            switch(
                |now, n| {
                    let k = (n - 1) - sam(now).to_integer().rem_euclid(n);
                    tadd(next_sam(now), t(k))
                },
                n,
            )
        }
        "clutch" | "clutchIn" => {
            let dur = cycles(2.0)?;
            let old = old.expect("two patterns");
            stack(vec![
                fade(cell, dur, true, &old),
                fade(cell, dur, false, &new),
            ])
        }
        "interpolate" | "interpolateIn" => {
            let dur = cycles(4.0)?;
            interpolate(cell, dur, &new, &old.expect("two patterns"))
        }
        "anticipate" | "anticipateIn" => {
            let dur = cycles(8.0)?;
            let Some(d) = from_f64(dur) else {
                return Err(format!("`{kind}` takes a number of cycles, not {dur}"));
            };
            let old = old.expect("two patterns");
            stack(vec![
                filter_when(cell, &old, |x, now| x < now),
                filter_when(cell, &anticipate_stut(cell, dur, &old), move |x, now| {
                    x >= now && x < tadd(now, d)
                }),
                filter_when(cell, &new, move |x, now| x >= tadd(now, d)),
            ])
        }
        "histpan" => {
            let n = whole(1.0)?.max(1) as usize;
            let ps: Vec<&Pattern> = pats.iter().take(n).collect();
            let count = ps.len() as f64;
            stack(
                ps.iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let pan = i as f64 / count;
                        p.fmap(move |ctx, v| times_control(ctx, v, Sym::PAN, pan, NumOp::Add))
                    })
                    .collect(),
            )
        }
        "wait" => {
            let n = whole(1.0)?;
            filter_when(cell, &new, move |x, now| x >= next_sam(tadd(now, t(n - 1))))
        }
        other => return Err(format!("`{other}` is not a transition Phonon plays")),
    })
}

/// Tidal's `once`: the pattern's first cycle, played once from `now`.
pub fn once(cell: &Arc<NowCell>, p: &Pattern) -> Pattern {
    let (p, cell) = (p.clone(), cell.clone());
    Pattern::new(move |ctx, span| {
        let Some(now) = cell.get() else {
            return ctx.haps();
        };
        let mut haps = early_with(span, tsub(t(0), now), |s| p.query(ctx, s));
        haps.retain(|h| {
            h.whole.is_some_and(|w| {
                let start = tsub(w.begin, now);
                start >= t(0) && start < t(1)
            })
        });
        haps
    })
}

/// Tidal's `trigger` family: the pattern with its cycle 0 moved to `at(now)` (`trigger`: now;
/// `qtrigger`/`ctrigger`: the next whole cycle; `rtrigger`: the nearest; `ftrigger`: the last;
/// `mtrigger n`: the next multiple of `n`).
pub fn triggered(
    cell: &Arc<NowCell>,
    p: &Pattern,
    at: impl Fn(Time) -> Time + Send + Sync + 'static,
) -> Pattern {
    let (p, cell) = (p.clone(), cell.clone());
    Pattern::new(move |ctx, span| {
        let Some(now) = cell.get() else {
            return ctx.haps();
        };
        early_with(span, tsub(t(0), at(now)), |s| p.query(ctx, s))
    })
}
