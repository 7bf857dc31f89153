//! Functions only Strudel code calls (its spelling, its semantics), one documented row each.
//! Ports of Strudel 1.2.6's `pattern.mjs` (stepwise functions).

use crate::lang::builtins::{b, np, p, pat, pats, Builtin};
use crate::lang::value::{func, func2, func3, EvalError, Val, R};
use crate::pattern::ops::layering::{pace, polymeter};
use crate::pattern::ops::structure::beat;
use crate::pattern::pattern::{pure, silence, timecat};
use crate::pattern::time::{from_f64, tadd, tmul, Time};
use crate::pattern::value::{Sym, Value};
use crate::pattern::Pattern;

/// A number of steps (`pace(8)`, `expand(2)`), as an exact time.
fn steps(v: &Val, what: &str) -> R<Time> {
    let x = v.to_num()?;
    from_f64(x).filter(|t| *t.numer() >= 0).ok_or_else(|| {
        EvalError::new(format!(
            "`{what}` takes a number of steps (0 or more), not {x}"
        ))
    })
}

/// Strudel's `stepcat(a, [3, b], ...)`: each part takes its steps per cycle (a `[steps,
/// pattern]` pair, else the pattern's own steps, else 1) of the whole.
fn stepcat(l: &Val) -> R<Pattern> {
    let mut parts = vec![];
    for item in l.to_list()? {
        let (w, x) = match &item {
            Val::List(xs) if xs.len() == 2 => (steps(&xs[0], "stepcat")?, p(&xs[1])?),
            _ => {
                let x = p(&item)?;
                (x.steps.unwrap_or(Time::from_integer(1)), x)
            }
        };
        parts.push((w, x));
    }
    if parts.is_empty() {
        return Ok(silence());
    }
    let total = parts
        .iter()
        .fold(Time::from_integer(0), |a, (w, _)| tadd(a, *w));
    Ok(timecat(parts).with_steps(Some(total)))
}

/// The strudel.cc website's `.piano()` (`website/src/repl/prebake.mjs`): `clip` 1 unless set,
/// `s` piano, `release` 0.1, and the pan spread by pitch (C8 far right, at half width).
fn piano(pat: &Pattern) -> Pattern {
    use crate::pattern::controls::set_control;
    let piano = Value::Str(Sym::intern("piano"));
    pat.fmap(move |ctx, v| {
        let mut v = v;
        if v.get(Sym::LEGATO).is_none() {
            v = set_control(ctx, v, Sym::LEGATO, Value::Num(1.0));
        }
        v = set_control(ctx, v, Sym::S, piano);
        v = set_control(ctx, v, Sym::RELEASE, Value::Num(0.1));
        let midi = match v.get(Sym::NOTE) {
            Some(Value::Num(x)) => Some(x),
            Some(Value::Str(name)) => crate::pattern::value::note_to_midi(name.text()),
            _ => v
                .get_num(Sym::FREQ)
                .map(|f| 12.0 * (f / 440.0).log2() + 69.0),
        };
        if let Some(midi) = midi.filter(|m| m.is_finite()) {
            // panwidth(pan, width) = pan * width + (1 - width) / 2, with `value.pan || 1`.
            let pan = (midi.round() / 108.0).min(1.0) * 0.5 + 0.25;
            let base = v.get_num(Sym::PAN).filter(|p| *p != 0.0).unwrap_or(1.0);
            v = set_control(ctx, v, Sym::PAN, Value::Num(base * pan));
        }
        v
    })
}

/// The rows (the language's table and its documentation read them).
pub fn builtins() -> Vec<Builtin> {
    vec![
        b!("polymeter", "Strudel's `polymeter(a, b)`: each pattern paced to the lowest common multiple of their steps per cycle, stacked (`polymeter(\"a b c\", \"d e\")` is `\"{a b c, d e}%6\"`).", "out $ polymeter [s \"bd sn hh\", s \"cp lt\"]", || {
            func(|l| pat(polymeter(&pats(&l)?)))
        }),
        b!("pace", "Strudel's `pace(n)`: plays the pattern at `n` steps per cycle (by its own steps; unchanged when they are unknown).", "out $ pace 8 $ s \"bd sn hh\"", || {
            func2(|n, x| pat(pace(&p(&x)?, steps(&n, "pace")?)))
        }),
        b!("expand", "Strudel's `expand(k)`: the pattern's steps per cycle times `k` (its timing unchanged; `stepcat` and `pace` read them).", "out $ pace 8 $ expand 2 $ s \"bd sn hh\"", || {
            func2(|k, x| {
                let x = p(&x)?;
                let k = steps(&k, "expand")?;
                let s = x.steps.map(|s| tmul(s, k));
                pat(x.with_steps(s))
            })
        }),
        b!("beat", "Strudel's `beat(t, div)`: each event plays in step `t` of `div` steps per cycle (`t` may be a stack: `\"0,7,10\"`).", "out $ beat \"0,7,10\" 16 $ s \"bd\"", || {
            func3(|t, d, x| pat(beat(&np(&t)?, &np(&d)?, &p(&x)?)))
        }),
        b!("strudel:piano", "The strudel.cc website's `.piano()`: the built-in piano (`s` piano, `clip` 1 unless set, `release` 0.1), panned by pitch.", "out $ s \"bd\"", || {
            func(|x| pat(piano(&p(&x)?)))
        }),
        b!("strudel:plain", "A 'single-quoted' string in Strudel code: one value, not mini-notation (Strudel's transpiler parses only \"double\" and `backtick` strings).", "out $ s \"bd\"", || {
            func(|v| match v {
                Val::Str(text, _) => pat(pure(Value::Str(Sym::intern(&text)))),
                other => Ok(other),
            })
        }),
        b!("strudel:stepcat", "Strudel's `stepcat(a, [3, b])` (also `s_cat`): parts in proportion to their steps per cycle.", "out $ s \"bd\"", || {
            func(|l| pat(stepcat(&l)?))
        }),
    ]
}
