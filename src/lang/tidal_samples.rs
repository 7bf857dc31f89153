//! Tidal's sample and stereo functions that real code uses and Strudel lacks (Tidal 1.9,
//! `Sound.Tidal.Control` and `UI`): `loopAt`, `striateBy`, `smash`, `spin`, `juxcut`, `jux'`,
//! `jux4`, `gap`, `randrun`, `midinote`, the control buses; one documented entry each.

use super::builtins::{np, num, p, pat, pf, Builtin};
use super::value::{func, func2, func3, EvalError, Val, R};
use crate::pattern::controls::{combine, control, control_names, NumOp, Structure};
use crate::pattern::ops::sample::{chop, striate};
use crate::pattern::ops::time::{early, fast, slow};
use crate::pattern::pattern::{fastcat, pure, silence, slowcat, stack};
use crate::pattern::rand::time_to_rands;
use crate::pattern::time::{sam, t, tadd, tdiv, to_f64, Span};
use crate::pattern::value::{Sym, Value};
use crate::pattern::{Hap, Pattern};

/// `p # name value` (structure from `p`).
fn set(p: &Pattern, name: &str, value: &Pattern) -> Pattern {
    let names = control_names(name).expect("a control of the table");
    combine(p, &control(names, value), NumOp::Set, Structure::Left)
}

/// `p |op name value`.
fn with(p: &Pattern, name: &str, op: NumOp, value: &Pattern) -> Pattern {
    let names = control_names(name).expect("a control of the table");
    combine(p, &control(names, value), op, Structure::Left)
}

/// A plain whole number argument (`striateBy 32`), at least 1.
fn count(v: &Val, what: &str) -> R<usize> {
    let x = v.to_num()?;
    if !(x.is_finite() && (1.0..=4096.0).contains(&x)) {
        return Err(EvalError::new(format!(
            "{what} takes a whole number from 1 to 4096, not {x}"
        )));
    }
    Ok(x as usize)
}

/// Tidal's `loopAt n p`: `slow n p |* speed (1/n) # unit "c"`, so a sample fits `n` cycles.
pub fn loop_at(n: &Pattern, p: &Pattern) -> Pattern {
    let inverse = n.fmap(|_, v| match v.as_num() {
        Some(x) if x != 0.0 => Value::Num(1.0 / x),
        _ => v,
    });
    let slowed = slow(n, p);
    set(
        &with(&slowed, "speed", NumOp::Mul, &inverse),
        "unit",
        &pure(Value::Str(Sym::intern("c"))),
    )
}

/// Tidal's `striateBy n f p`: `n` copies of the cycle, copy `i` playing the part of each sample
/// from `slot * i` to `slot * i + f`, `slot = (1 - f) / n`.
pub fn striate_by(n: usize, f: f64, p: &Pattern) -> Pattern {
    let slot = (1.0 - f) / n as f64;
    fastcat(
        (0..n)
            .map(|i| {
                let b = slot * i as f64;
                set(&set(p, "begin", &num(b)), "end", &num(b + f))
            })
            .collect(),
    )
}

/// Tidal's `spin n p`: `n` copies, copy `i` `i/n` cycles earlier and panned to `i/n`.
pub fn spin(n: usize, p: &Pattern) -> Pattern {
    stack(
        (0..n)
            .map(|i| {
                let offset = i as f64 / n as f64;
                set(&early(&num(offset), p), "pan", &num(offset))
            })
            .collect(),
    )
}

/// Tidal's `randrun n`: the numbers `0 .. n-1` in a random order each cycle (the order from
/// the cycle's random values, `timeToRands (sam t) n`).
pub fn randrun(n: usize) -> Pattern {
    if n == 0 {
        return silence();
    }
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        span.for_each_cycle(ctx, |s| {
            let cycle = sam(s.begin);
            let mut rands = [0.0f64; 256];
            let n = n.min(rands.len());
            time_to_rands(to_f64(cycle), &mut rands[..n]);
            // The order: the indices sorted by their random values.
            let mut order = [0u16; 256];
            for (i, o) in order.iter_mut().enumerate().take(n) {
                *o = i as u16;
            }
            order[..n].sort_by(|a, b| rands[*a as usize].total_cmp(&rands[*b as usize]));
            for (slot, value) in order[..n].iter().enumerate() {
                let begin = tadd(cycle, tdiv(t(slot as i64), t(n as i64)));
                let end = tadd(cycle, tdiv(t(slot as i64 + 1), t(n as i64)));
                let whole = Span::new(begin, end);
                if let Some(part) = whole.intersection(&s) {
                    out.push(Hap::new(Some(whole), part, Value::Num(*value as f64)));
                }
            }
        });
        out
    })
}

pub fn builtins() -> Vec<Builtin> {
    macro_rules! b {
        ($name:expr, $doc:expr, $ex:expr, $make:expr) => {
            Builtin {
                name: $name,
                doc: $doc,
                example: $ex,
                make: $make,
            }
        };
    }
    vec![
        b!("loopAt", "Tidal's `loopAt n`: slows the pattern by `n` and sets `speed` (times 1/n) and `unit \"c\"`, so each sample lasts `n` cycles (patternable).", "out $ loopAt \"<2 4>\" $ chop 4 $ s \"break\"", || {
            func2(|n, x| pat(loop_at(&np(&n)?, &p(&x)?)))
        }),
        b!("striateBy", "Tidal's `striateBy n f` (also `striate'`): `n` copies of the cycle, each playing a part `f` long of every sample, from its start to its end.", "out $ striateBy 4 0.25 $ s \"arpy\"", || {
            func3(|n, f, x| {
                let (n, f) = (count(&n, "striateBy")?, f.to_num()?);
                pat(striate_by(n, f.clamp(0.0, 1.0), &p(&x)?))
            })
        }),
        b!("striate'", "Same as `striateBy`.", "out $ striate' 2 0.5 $ s \"arpy\"", || {
            func3(|n, f, x| {
                let (n, f) = (count(&n, "striate'")?, f.to_num()?);
                pat(striate_by(n, f.clamp(0.0, 1.0), &p(&x)?))
            })
        }),
        b!("smash", "Tidal's `smash n [a, b]`: `striate n`, then one cycle slowed by each factor in turn.", "out $ smash 2 [1, 2] $ s \"arpy sn\"", || {
            func3(|n, xs, x| {
                let striated = striate(&np(&n)?, &p(&x)?);
                let factors = xs.to_list()?;
                if factors.is_empty() {
                    return pat(silence());
                }
                pat(slowcat(factors.iter().map(|f| Ok(slow(&f.to_num_pat()?, &striated))).collect::<R<_>>()?))
            })
        }),
        b!("spin", "Tidal's `spin n`: `n` copies, copy `i` shifted `i/n` cycles earlier and panned to `i/n`.", "out $ spin 2 $ s \"bd sn\"", || {
            func2(|n, x| pat(spin(count(&n, "spin")?, &p(&x)?)))
        }),
        b!("juxcut", "Tidal's `juxcut f`: `jux` with the two sides in cut groups -1 and -2 (each cuts only its own sounds).", "out $ juxcut rev $ s \"bd sn hh\"", || {
            func2(|f, x| {
                let x = p(&x)?;
                let left = set(&set(&x, "pan", &num(0.0)), "cut", &num(-1.0));
                let right = pf(&f)?(set(&set(&x, "pan", &num(1.0)), "cut", &num(-2.0)))?;
                pat(stack(vec![left, right]))
            })
        }),
        b!("jux'", "Tidal's `jux' [f, g, ..]`: each function's copy panned across the field (`|+| pan (i/n)`).", "out $ jux' [id, rev, fast 2] $ s \"bd sn\"", || {
            func2(|fs, x| {
                let fs = fs.to_list()?;
                let x = p(&x)?;
                let n = fs.len() as f64;
                pat(stack(
                    fs.iter()
                        .enumerate()
                        .map(|(i, f)| Ok(with(&pf(f)?(x.clone())?, "pan", NumOp::Add, &num(i as f64 / n))))
                        .collect::<R<_>>()?,
                ))
            })
        }),
        b!("jux4", "Tidal's `jux4 f`: the original at pan 5/8, a transformed copy at 1/8.", "out $ jux4 rev $ s \"bd sn hh\"", || {
            func2(|f, x| {
                let x = p(&x)?;
                let a = set(&x, "pan", &num(5.0 / 8.0));
                let b = pf(&f)?(set(&x, "pan", &num(1.0 / 8.0)))?;
                pat(stack(vec![a, b]))
            })
        }),
        b!("gap", "Tidal's `gap n`: `chop n`, keeping every other part (`_fast n (cat [1, silence]) |>| _chop n p`; as in Tidal the `1` is `n 1`).", "out $ gap 4 $ s \"arpy\"", || {
            func2(|n, x| {
                let k = np(&n)?;
                // Tidal's `pure 1` as a control pattern is `n 1` (its `Num ValueMap`).
                let one = control(control_names("n").expect("n"), &num(1.0));
                let gate = fast(&k, &slowcat(vec![one, silence()]));
                pat(combine(&gate, &chop(&k, &p(&x)?), NumOp::Set, Structure::Both))
            })
        }),
        b!("randrun", "Tidal's `randrun n`: `0 .. n-1` in a random order each cycle (Phonon's random generator).", "out $ n (randrun 4) # s \"arpy\"", || {
            func(|n| pat(randrun(count(&n, "randrun")?)))
        }),
        b!("midinote", "Tidal's `midinote`: a MIDI note number (`note` plus 60).", "out $ midinote \"60 67\" # s \"superpiano\"", || {
            func(|x| {
                let notes = np(&x)?.fmap(|_, v| match v.as_num() {
                    Some(k) => Value::Num(k - 60.0),
                    None => v,
                });
                pat(control(control_names("note").expect("note"), &notes))
            })
        }),
        b!("stut'", "Tidal 1.0's name of `stutWith`.", "out $ stut' 3 (1/8) (# speed 2) $ s \"bd\"", || {
            func2(|n, time| {
                let (n, time) = (np(&n)?, np(&time)?);
                Ok(func2(move |f, x| pat(crate::pattern::ops::layering::echo_with(&n, &time, &pf(&f)?, &p(&x)?)?)))
            })
        }),
    ]
}

/// Tidal's control buses (`lpfbus 1 "400 2000"`): the control set per event. SuperDirt's buses
/// also move a note's parameter while it sounds; Phonon's voices read it when they start.
pub const BUSES: &[(&str, &str)] = &[
    ("lpfbus", "cutoff"),
    ("cutoffbus", "cutoff"),
    ("hpfbus", "hcutoff"),
    ("hcutoffbus", "hcutoff"),
    ("bpfbus", "bandf"),
    ("resonancebus", "resonance"),
    ("djfbus", "djf"),
    ("squizbus", "squiz"),
    ("panbus", "pan"),
    ("gainbus", "gain"),
    ("speedbus", "speed"),
    ("roombus", "room"),
    ("sizebus", "size"),
    ("delaybus", "delay"),
    ("crushbus", "crush"),
    ("coarsebus", "coarse"),
    ("shapebus", "shape"),
];

/// Installs the control buses.
pub fn install(table: &mut std::collections::HashMap<&'static str, Val>) {
    for &(bus, name) in BUSES {
        let Some(names) = control_names(name) else {
            continue;
        };
        table.insert(bus, func2(move |_bus, x| pat(control(names, &np(&x)?))));
    }
}
