//! The functions a Phonon program can call, by name. Each entry: name, a one-line description,
//! an example in Phonon syntax (rendered by the docs test), and its definition.

use super::value::{func, func2, func3, func4, EvalError, Val, R};
use crate::pattern::controls::{combine, control, control_names, set_control, NumOp, Structure};
use crate::pattern::ops::random::{degrade_by, rand, undegrade_by};
use crate::pattern::ops::structure::{euclid, euclid_rot, segment};
use crate::pattern::ops::time::{early, fast, late, rev, repeat_cycles, slow};
use crate::pattern::pattern::{fastcat, pure, silence, slowcat, stack};
use crate::pattern::time::{from_f64, t};
use crate::pattern::value::{Sym, Value};
use crate::pattern::Pattern;
use std::collections::HashMap;

/// One documented function.
pub struct Builtin {
    pub name: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
    pub make: fn() -> Val,
}

fn p(v: &Val) -> R<Pattern> {
    v.to_pat()
}

fn pat(x: Pattern) -> R<Val> {
    Ok(Val::Pat(x))
}

const CONTROLS: &[&str] = &[
    "s", "sound", "n", "note", "gain", "speed", "pan", "velocity", "legato", "sustain", "begin", "end", "cut",
    "attack", "release", "hold", "loop", "unit", "accelerate", "octave", "orbit",
];

/// Every builtin function with its documentation.
pub fn builtins() -> Vec<Builtin> {
    macro_rules! b {
        ($name:expr, $doc:expr, $ex:expr, $make:expr) => {
            Builtin { name: $name, doc: $doc, example: $ex, make: $make }
        };
    }
    vec![
        b!("silence", "The empty pattern.", "out $ silence", || Val::Pat(silence())),
        b!("id", "The identity function.", "out $ id $ s \"bd sn\"", || func(Ok)),
        b!("fast", "Speeds a pattern up by a factor (patternable).", "out $ fast 2 $ s \"bd sn\"", || {
            func2(|f, x| pat(fast(&p(&f)?, &p(&x)?)))
        }),
        b!("density", "Same as `fast`.", "out $ density 2 $ s \"bd sn\"", || func2(|f, x| pat(fast(&p(&f)?, &p(&x)?)))),
        b!("slow", "Slows a pattern down by a factor (patternable).", "out $ slow 2 $ s \"bd sn hh cp\"", || {
            func2(|f, x| pat(slow(&p(&f)?, &p(&x)?)))
        }),
        b!("rev", "Reverses each cycle.", "out $ rev $ s \"bd sn hh\"", || func(|x| pat(rev(&p(&x)?)))),
        b!("early", "Shifts a pattern earlier by a number of cycles (also `<~`).", "out $ early 0.25 $ s \"bd sn\"", || {
            func2(|o, x| pat(early(&p(&o)?, &p(&x)?)))
        }),
        b!("late", "Shifts a pattern later by a number of cycles (also `~>`).", "out $ late 0.25 $ s \"bd sn\"", || {
            func2(|o, x| pat(late(&p(&o)?, &p(&x)?)))
        }),
        b!("every", "Applies a function every n-th cycle, starting with the first (Strudel's firstOf).", "out $ every 3 (fast 2) $ s \"bd sn\"", || {
            func3(|n, f, x| every(n, 0, f, x))
        }),
        b!("firstOf", "Same as `every`.", "out $ firstOf 3 rev $ s \"bd sn hh\"", || func3(|n, f, x| every(n, 0, f, x))),
        b!("repeatCycles", "Repeats each cycle n times.", "out $ repeatCycles 2 $ s \"<bd sn cp>\"", || {
            func2(|n, x| pat(repeat_cycles(&p(&n)?, &p(&x)?)))
        }),
        b!("degradeBy", "Drops events at random with the given probability.", "out $ degradeBy 0.3 $ s \"hh*8\"", || {
            func2(|a, x| pat(degrade_by(&p(&a)?, &p(&x)?)))
        }),
        b!("degrade", "Drops half of the events at random.", "out $ degrade $ s \"hh*8\"", || {
            func(|x| pat(degrade_by(&pure(Value::Num(0.5)), &p(&x)?)))
        }),
        b!("unDegradeBy", "Keeps the events `degradeBy` would drop (Strudel's undegradeBy).", "out $ unDegradeBy 0.3 $ s \"hh*8\"", || {
            func2(|a, x| pat(undegrade_by(&p(&a)?, &p(&x)?)))
        }),
        b!("sometimesBy", "Applies a function to events chosen at random with the given probability.", "out $ sometimesBy 0.3 (# speed 2) $ s \"hh*8\"", || {
            func3(sometimes_by)
        }),
        b!("sometimes", "`sometimesBy 0.5`.", "out $ sometimes (# speed 2) $ s \"hh*8\"", || func2(|f, x| sometimes_by(Val::Num(0.5), f, x))),
        b!("often", "`sometimesBy 0.75`.", "out $ often (# speed 2) $ s \"hh*8\"", || func2(|f, x| sometimes_by(Val::Num(0.75), f, x))),
        b!("rarely", "`sometimesBy 0.25`.", "out $ rarely (# speed 2) $ s \"hh*8\"", || func2(|f, x| sometimes_by(Val::Num(0.25), f, x))),
        b!("almostNever", "`sometimesBy 0.1`.", "out $ almostNever (# speed 2) $ s \"hh*8\"", || func2(|f, x| sometimes_by(Val::Num(0.1), f, x))),
        b!("almostAlways", "`sometimesBy 0.9`.", "out $ almostAlways (# speed 2) $ s \"hh*8\"", || func2(|f, x| sometimes_by(Val::Num(0.9), f, x))),
        b!("always", "Always applies the function.", "out $ always (# speed 2) $ s \"hh*4\"", || func2(|f, x| f.apply(x))),
        b!("never", "Never applies the function.", "out $ never (# speed 2) $ s \"hh*4\"", || func2(|_, x| Ok(x))),
        b!("stack", "Plays a list of patterns at once.", "out $ stack [s \"bd*2\", s \"~ sn\"]", || {
            func(|l| pat(stack(l.to_list()?.iter().map(p).collect::<R<_>>()?)))
        }),
        b!("cat", "Plays a list of patterns one cycle each.", "out $ cat [s \"bd*2\", s \"sn*3\"]", || {
            func(|l| pat(slowcat(l.to_list()?.iter().map(p).collect::<R<_>>()?)))
        }),
        b!("slowcat", "Same as `cat`.", "out $ slowcat [s \"bd*2\", s \"sn*3\"]", || {
            func(|l| pat(slowcat(l.to_list()?.iter().map(p).collect::<R<_>>()?)))
        }),
        b!("fastcat", "Squeezes a list of patterns into one cycle.", "out $ fastcat [s \"bd*2\", s \"sn*3\"]", || {
            func(|l| pat(fastcat(l.to_list()?.iter().map(p).collect::<R<_>>()?)))
        }),
        b!("euclid", "Spreads k onsets over n steps (Bjorklund).", "out $ euclid 3 8 $ s \"bd\"", || {
            func3(|k, n, x| pat(euclid(&p(&k)?, &p(&n)?, &p(&x)?)))
        }),
        b!("euclidRot", "Euclid rotated by r steps (Strudel's direction, as mini `(k,n,r)`).", "out $ euclidRot 3 8 2 $ s \"bd\"", || {
            func4(|k, n, r, x| pat(euclid_rot(&p(&k)?, &p(&n)?, &p(&r)?, &p(&x)?)))
        }),
        b!("segment", "Samples a pattern n times per cycle.", "out $ n (segment 4 $ irand 8) # s \"arpy\"", || {
            func2(|n, x| pat(segment(&p(&n)?, &p(&x)?)))
        }),
        b!("rand", "A continuous random signal in [0, 1) (Strudel's generator).", "out $ s \"hh*8\" # gain rand", || Val::Pat(rand())),
        b!("irand", "Random integers in [0, n).", "out $ n (segment 8 $ irand 8) # s \"arpy\"", || {
            func(|n| {
                let n = n.to_num()?;
                pat(rand().fmap(move |_, v| Value::Num((v.as_num().unwrap_or(0.0) * n).trunc())))
            })
        }),
        b!("off", "Stacks a copy shifted later by a time and transformed by a function.", "out $ off 0.125 (# speed 2) $ s \"bd sn\"", || {
            func3(|o, f, x| {
                let xp = p(&x)?;
                let shifted = f.apply(Val::Pat(late(&p(&o)?, &xp)))?;
                pat(stack(vec![xp, p(&shifted)?]))
            })
        }),
        b!("superimpose", "Stacks a transformed copy on the original.", "out $ superimpose (fast 2) $ s \"bd sn\"", || {
            func2(|f, x| {
                let xp = p(&x)?;
                let y = f.apply(Val::Pat(xp.clone()))?;
                pat(stack(vec![xp, p(&y)?]))
            })
        }),
        b!("stut", "Echoes: n copies, each `time` later with gain multiplied by `feedback`.", "out $ stut 3 0.5 (1/8) $ s \"bd sn\"", || {
            func4(|n, fb, time, x| {
                let (n, fb, time) = (n.to_num()?, fb.to_num()?, time.to_num()?);
                let xp = p(&x)?;
                let step = from_f64(time).ok_or_else(|| EvalError::new("stut: the time must be a finite number"))?;
                let mut layers = vec![];
                for i in 0..(n.max(0.0) as i64) {
                    let g = pure(Value::Num(fb.powi(i as i32)));
                    let layer = xp.late_time(step * t(i));
                    layers.push(combine(&layer, &control(&[Sym::GAIN], &g), NumOp::Set, Structure::Left));
                }
                pat(stack(layers))
            })
        }),
        b!("jux", "The original panned hard left, a transformed copy hard right.", "out $ jux rev $ s \"bd sn hh\"", || {
            func2(|f, x| jux_by(Val::Num(1.0), f, x))
        }),
        b!("juxBy", "Like `jux` with a pan width from 0 to 1.", "out $ juxBy 0.5 rev $ s \"bd sn hh\"", || func3(jux_by)),
    ]
    .into_iter()
    .chain(CONTROLS.iter().map(|c| Builtin { name: c, doc: "A control: sets this parameter of each event.", example: "", make: || Val::Num(0.0) }))
    .collect()
}

/// Strudel's `every`/`firstOf` (offset 0) and `lastOf`-style offsets: `slowcatPrime` over
/// `[f(x), x, x, ...]`, silent for negative cycles.
fn every(n: Val, offset: i64, f: Val, x: Val) -> R<Val> {
    let n = n.to_num()?.trunc() as i64;
    let xp = p(&x)?;
    if n <= 0 {
        return pat(xp);
    }
    let fx = p(&f.apply(Val::Pat(xp.clone()))?)?;
    let q = Pattern::new(move |ctx, span| {
        let c = span.begin.floor().to_integer();
        if c < 0 {
            return ctx.haps();
        }
        if (c % n) == offset.rem_euclid(n) {
            fx.query(ctx, span)
        } else {
            xp.query(ctx, span)
        }
    });
    pat(q.split_queries())
}

fn sometimes_by(x: Val, f: Val, pv: Val) -> R<Val> {
    let amount = p(&x)?;
    let xp = p(&pv)?;
    let inv = amount.fmap(|_, v| match v.as_num() {
        Some(a) => Value::Num(1.0 - a),
        None => v,
    });
    let inv = match amount.pure.and_then(|v| v.as_num()) {
        Some(a) => pure(Value::Num(1.0 - a)),
        None => inv,
    };
    let kept = degrade_by(&amount, &xp);
    let changed = p(&f.apply(Val::Pat(undegrade_by(&inv, &xp)))?)?;
    pat(stack(vec![kept, changed]))
}

fn jux_by(by: Val, f: Val, x: Val) -> R<Val> {
    let by = by.to_num()? / 2.0;
    let xp = p(&x)?;
    let left = xp.fmap(move |ctx, v| {
        let pan = v.get_num(Sym::PAN).unwrap_or(0.5) - by;
        set_control(ctx, v, Sym::PAN, Value::Num(pan))
    });
    let right = xp.fmap(move |ctx, v| {
        let pan = v.get_num(Sym::PAN).unwrap_or(0.5) + by;
        set_control(ctx, v, Sym::PAN, Value::Num(pan))
    });
    let right = p(&f.apply(Val::Pat(right))?)?;
    pat(stack(vec![left, right]))
}

/// Name → builtin value, including one entry per control.
pub fn table() -> HashMap<&'static str, Val> {
    let mut m = HashMap::new();
    for b in builtins() {
        if let Some(names) = control_names(b.name) {
            m.insert(b.name, func(move |x| pat(control(names, &p(&x)?))));
        } else {
            m.insert(b.name, (b.make)());
        }
    }
    m
}
