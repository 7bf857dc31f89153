//! Tidal's functions that real code uses and Strudel lacks (Tidal 1.9, `Sound.Tidal.Control`,
//! `UI` and `Core`): samples and stereo (`loopAt`, `striateBy`, `smash`, `spin`, `juxcut`,
//! `jux'`, `jux4`, `gap`), numbers (`randrun`, `smooth`), envelopes and lists, `wrandcat`,
//! `step`/`steps`, `selectF`, `midinote`, the control buses; one documented entry each.

use super::builtins::{b, np, num, p, pat, pf, Builtin};
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

/// Tidal's `smooth`: a continuous pattern gliding linearly from each numeric event's value to
/// the next one's (UI.hs: read at the middle of the query, interpolated by how far into its
/// event that is; the last value holds when nothing follows).
pub fn smooth(p: &Pattern) -> Pattern {
    let p = p.clone();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        let mid = tadd(
            span.begin,
            tdiv(crate::pattern::time::tsub(span.end, span.begin), t(2)),
        );
        let here = p.query(ctx, Span::new(mid, mid));
        let Some((whole, v0)) = here
            .iter()
            .find_map(|h| Some((h.whole?, h.value.as_num()?)))
        else {
            return out;
        };
        let after = p.query(ctx, Span::new(whole.end, whole.end));
        let v1 = after
            .iter()
            .find(|h| h.whole.is_some_and(|w| w.begin == whole.end))
            .and_then(|h| h.value.as_num())
            .unwrap_or(v0);
        let len = to_f64(whole.end) - to_f64(whole.begin);
        let pc = if len > 0.0 {
            (to_f64(mid) - to_f64(whole.begin)) / len
        } else {
            0.0
        };
        out.push(Hap::new(None, span, Value::Num(v0 + (v1 - v0) * pc)));
        out
    })
}

/// Tidal's `wrandcat [(p, w), ..]`: each cycle one pattern, chosen at random with the weights
/// (Phonon's random value of the cycle, as `segment 1 rand`).
pub fn wrandcat(pats: Vec<(Pattern, f64)>) -> Pattern {
    let total: f64 = pats.iter().map(|(_, w)| w.max(0.0)).sum();
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        if total <= 0.0 {
            return out;
        }
        span.for_each_cycle(ctx, |s| {
            let r = crate::pattern::rand::time_to_rand(to_f64(sam(s.begin))) * total;
            let mut acc = 0.0;
            let chosen = pats
                .iter()
                .find(|(_, w)| {
                    acc += w.max(0.0);
                    r < acc
                })
                .or(pats.last());
            if let Some((p, _)) = chosen {
                out.extend(p.query(ctx, s));
            }
        });
        out
    })
}

/// Tidal's envelopes (`Core.hs`): continuous, `f` of the cycle position (0 to 1 over the
/// first cycle; clamped after).
fn envelope(f: fn(f64) -> f64) -> Pattern {
    crate::pattern::pattern::signal(move |x| Value::Num(f(to_f64(x))))
}

/// Tidal's `step "sn" "x x 12"`: one step per character (spaces too), `x` the sound, a digit
/// the sound with that `n`, anything else a rest.
fn step(sound: &str, steps: &str) -> R<Pattern> {
    let s_names = control_names("s").expect("s");
    let n_names = control_names("n").expect("n");
    let sound_pat = || control(s_names, &pure(Value::Str(Sym::intern(sound))));
    let parts: Vec<Pattern> = steps
        .chars()
        .map(|c| match c {
            'x' => sound_pat(),
            d if d.is_ascii_digit() => combine(
                &sound_pat(),
                &control(n_names, &num(f64::from(d as u8 - b'0'))),
                NumOp::Set,
                Structure::Left,
            ),
            _ => silence(),
        })
        .collect();
    if parts.is_empty() {
        return Ok(silence());
    }
    Ok(fastcat(parts))
}

pub fn builtins() -> Vec<Builtin> {
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
        b!("smooth", "Tidal's `smooth`: a continuous pattern gliding linearly from each number to the next.", "out $ s \"arpy*8\" # speed (smooth \"1 2 1.5\")", || {
            func(|x| pat(smooth(&np(&x)?)))
        }),
        b!("wrandcat", "Tidal's `wrandcat [(p, w), ..]`: one pattern each cycle, chosen at random with the weights (Phonon's random generator).", "out $ wrandcat [(s \"bd*2\", 0.5), (s \"sn*4\", 0.25), (s \"hh*8\", 0.25)]", || {
            func(|xs| {
                let pairs = xs
                    .to_list()?
                    .into_iter()
                    .map(|pw| {
                        let l = pw.to_list()?;
                        match l.as_slice() {
                            [a, w] => Ok((a.to_pat()?, w.to_num()?)),
                            _ => Err(EvalError::new("`wrandcat` takes pairs `(pattern, weight)`")),
                        }
                    })
                    .collect::<R<Vec<_>>>()?;
                pat(wrandcat(pairs))
            })
        }),
        b!("step", "Tidal's `step \"sn\" \"x x 12\"`: one step per character (spaces too): `x` the sound, a digit the sound with that `n`, anything else a rest.", "out $ sound (step \"arpy\" \"x 1 ~ 2\")", || {
            func2(|snd, steps| match (&snd, &steps) {
                (Val::Str(a, _), Val::Str(b, _)) => pat(step(a, b)?),
                _ => Err(EvalError::new("`step` takes two strings, as in `step \"sn\" \"x x 12\"`")),
            })
        }),
        b!("steps", "Tidal's `steps [(\"sn\", \"x x\"), ..]`: the `step`s played together.", "out $ sound (steps [(\"bd\", \"x ~ x ~\"), (\"hh\", \"x x x x\")])", || {
            func(|xs| {
                let layers = xs
                    .to_list()?
                    .into_iter()
                    .map(|pair| match pair.to_list()?.as_slice() {
                        [Val::Str(a, _), Val::Str(b, _)] => step(a, b),
                        _ => Err(EvalError::new("`steps` takes pairs of strings, as in `steps [(\"sn\", \"x x\")]`")),
                    })
                    .collect::<R<Vec<_>>>()?;
                pat(stack(layers))
            })
        }),
        b!("envL", "Tidal's `envL`: a continuous ramp from 0 to 1 over the first cycle, then 1 (`envLR` falls from 1 to 0; `envEq` and `envEqR` are the equal-power curves of `xfade`).", "out $ s \"hh*8\" # gain envL # pan envLR # speed (range 1 2 envEq) # shape (envEqR * 0.3)", || Val::Pat(envelope(|x| x.clamp(0.0, 1.0)))),
        b!("envLR", "`1 - envL`.", "out $ s \"hh*8\" # gain envLR", || Val::Pat(envelope(|x| 1.0 - x.clamp(0.0, 1.0)))),
        b!("envEq", "Tidal's `envEq`: `sqrt (sin (pi/2 * (1 - t)))` for `t` from 0 to 1 (falls from 1 to 0).", "out $ s \"hh*8\" # gain envEq", || {
            Val::Pat(envelope(|x| (std::f64::consts::FRAC_PI_2 * (1.0 - x).clamp(0.0, 1.0)).sin().sqrt()))
        }),
        b!("envEqR", "Tidal's `envEqR`: `sqrt (cos (pi/2 * (1 - t)))` (rises from 0 to 1).", "out $ s \"hh*8\" # gain envEqR", || {
            Val::Pat(envelope(|x| (std::f64::consts::FRAC_PI_2 * (1.0 - x).clamp(0.0, 1.0)).cos().sqrt()))
        }),
        b!("fromList", "Tidal's `fromList [a, b]`: one value per cycle (`cat`; also `listToPat`, `fastFromList` for one cycle).", "out $ n (fromList [0, 7]) # s \"arpy\"", || {
            func(|xs| pat(slowcat(xs.to_list()?.iter().map(|x| x.to_pat()).collect::<R<_>>()?)))
        }),
        b!("fastFromList", "Tidal's `fastFromList [a, b]`: the values in one cycle (also `listToPat`).", "out $ n (fastFromList [0, 7, 12]) # s \"arpy\"", || {
            func(|xs| pat(fastcat(xs.to_list()?.iter().map(|x| x.to_pat()).collect::<R<_>>()?)))
        }),
        b!("listToPat", "Same as `fastFromList`.", "out $ n (listToPat [0, 7, 12]) # s \"arpy\"", || {
            func(|xs| pat(fastcat(xs.to_list()?.iter().map(|x| x.to_pat()).collect::<R<_>>()?)))
        }),
        b!("slowCat", "Tidal's old name of `cat`.", "out $ slowCat [s \"bd*2\", s \"sn\"]", || {
            func(|xs| pat(slowcat(xs.to_list()?.iter().map(|x| x.to_pat()).collect::<R<_>>()?)))
        }),
        b!("selectF", "Tidal's `selectF f [g, h] p`: for each event of the pattern of numbers `f` (0 to 1), the function at that fraction of the list, applied to `p`.", "out $ selectF \"<0 0.5>\" [rev, fast 2] $ s \"bd sn hh\"", || {
            func3(|f, fs, x| {
                let x = p(&x)?;
                let fs = fs.to_list()?;
                let n = fs.len() as f64;
                let applied = fs.iter().map(|g| pf(g)?(x.clone())).collect::<R<Vec<_>>>()?;
                // Tidal's `_selectF`: `ps !! floor (clamp 0 0.999999 f * length ps)`.
                pat(crate::pattern::ops::tidal_pick::join_by_index(&np(&f)?, applied, move |f, _| {
                    (f.clamp(0.0, 0.999_999) * n).floor() as usize
                }))
            })
        }),
        b!("normal", "Tidal 1.10's `normal`: continuous random values around 0.5 with a normal (Gaussian) spread, clamped to 0..1 (Box-Muller over Phonon's random generator: `clamp (sqrt (-2 log u1) cos (2 pi u2) + 3) / 6`).", "out $ s \"hh*8\" # pan normal", || {
            Val::Pat(crate::pattern::pattern::signal(|t| {
                let x = to_f64(t);
                let u1 = crate::pattern::rand::time_to_rand(x).max(0.001);
                let u2 = crate::pattern::rand::time_to_rand(x + 1000.0);
                let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                Value::Num((z + 3.0).clamp(0.0, 6.0) / 6.0)
            }))
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
                Ok(func2(move |f, x| pat(crate::pattern::ops::layering::echo_with(&n, &time, &crate::lang::builtins::pf_indexed(&f)?, &p(&x)?)?)))
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
