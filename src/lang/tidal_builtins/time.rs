//! Tidal's time and structure functions: within, within', whenT, ifp, foldEvery, rot, trunc,
//! wedge, the stutter family, rolled, quantise, fastSqueeze, slowSqueeze, spaceOut, plyWith and
//! the ghost family.

use super::*;

/// Haskell's `round` (halves to even), as `quantise` uses it.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - x.signum()
    } else {
        r
    }
}

/// A control pattern of one number (`gain 0.7`).
fn ctl(name: &str, x: f64) -> Pattern {
    control(control_names(name).expect("a control"), &num(x))
}

/// Tidal's `ghostWith a f p` (UI.hs: `superimpose (((a*2.5) `rotR`) . f) $ superimpose (((a*1.5)
/// `rotR`) . f) p`).
fn ghost_with(a: f64, f: &dyn Fn(Pattern) -> R<Pattern>, p: Pattern) -> R<Pattern> {
    let first = stack(vec![p.clone(), late(&num(a * 1.5), &f(p)?)]);
    Ok(stack(vec![first.clone(), late(&num(a * 2.5), &f(first)?)]))
}

/// `ghost'`'s copies (UI.hs: `(|*| gain 0.7) . (|> end 0.2) . (|*| speed 1.25)`).
fn ghost_fx(p: Pattern) -> R<Pattern> {
    let p = combine(&p, &ctl("speed", 1.25), NumOp::Mul, Structure::Both);
    let p = combine(&p, &ctl("end", 0.2), NumOp::Set, Structure::Left);
    Ok(combine(&p, &ctl("gain", 0.7), NumOp::Mul, Structure::Both))
}

/// This family's functions, documented.
pub(super) fn builtins() -> Vec<Builtin> {
    vec![
        b!("within", "Applies a function to the events starting in `(begin, end)` of each cycle, ends included (Strudel's `within`; Tidal's keeps `f`'s events in the span).", "out $ within (0, 0.5) (fast 2) $ s \"bd sn hh cp\"", || {
            func3(|se, f, x| {
                let (s, e) = arc(&se, "within")?;
                pat(within(s, e, &pf(&f)?, &p(&x)?)?)
            })
        }),
        b!("within'", "Applies a function to the part `(begin, end)` of each cycle zoomed to a whole cycle, then squeezes it back (Tidal's `within'`).", "out $ within' (0, 0.5) (fast 2) $ s \"bd sn hh cp\"", || {
            func3(|se, f, x| {
                let (s, e) = arc(&se, "within'")?;
                pat(within_prime(s, e, &pf(&f)?, &p(&x)?)?)
            })
        }),
        b!("whenT", "Applies a function to the events whose onset time passes a test (Tidal tests the start of each query).", "out $ whenT ((< 0.5) . flip mod 2) (# speed 2) $ s \"hh*4\"", || {
            func3(|test, f, x| {
                let x = p(&x)?;
                let tests = test.apply(Val::Pat(now()))?.to_pat()?;
                pat(when_onset(&tests, &pf(&f)?(x.clone())?, &x))
            })
        }),
        b!("ifp", "Applies the first function in the cycles where a test on the cycle number is true, else the second.", "out $ ifp ((== 0) . flip mod 2) (fast 2) rev $ s \"bd sn hh\"", || {
            func4(|test, f, g, x| {
                let x = p(&x)?;
                let tests = test.apply(Val::Pat(cycle_numbers()))?.to_pat()?;
                pat(when_test(&tests, &pf(&f)?(x.clone())?, &pf(&g)?(x)?))
            })
        }),
        b!("foldEvery", "Applies a function every n cycles for each n of a list (as `every`, once for each n that divides the cycle).", "out $ foldEvery [2, 3] (fast 2) $ s \"bd sn\"", || {
            func3(|ns, f, x| {
                let f = pf(&f)?;
                let mut acc = p(&x)?;
                for n in nums(&ns)?.into_iter().rev() {
                    acc = first_of(&num(n), &f, &acc)?;
                }
                pat(acc)
            })
        }),
        b!("rot", "Shifts each cycle's values n events along (in time order), keeping the rhythm.", "out $ rot \"<0 1 2>\" $ n \"0 1 2 3\" # s \"arpy\"", || {
            func2(|n, x| pat(rot(&np(&n)?, &p(&x)?)))
        }),
        b!("trunc", "Plays only the first fraction of each cycle, silent for the rest.", "out $ trunc \"<0.75 0.25 1>\" $ s \"bd sn hh cp\"", || {
            func2(|t, x| pat(trunc(&np(&t)?, &p(&x)?)))
        }),
        b!("wedge", "Squeezes one pattern into the first fraction of each cycle and another into the rest.", "out $ wedge (1/4) (s \"bd*2\") (s \"hh*3\")", || {
            func3(|t, a, b| pat(wedge(&np(&t)?, &p(&a)?, &p(&b)?)))
        }),
        b!("stutter", "n copies of a pattern, each a time later than the last.", "out $ stutter 4 (1/16) $ s \"bd cp\"", || {
            func3(|n, t, x| pat(stutter(&np(&n)?, &np(&t)?, &p(&x)?)))
        }),
        b!("double", "`stutter 2` (Tidal 1.7).", "out $ double (1/8) $ s \"bd sn\"", || {
            func2(|t, x| pat(stutter(&num(2.0), &np(&t)?, &p(&x)?)))
        }),
        b!("triple", "`stutter 3` (Tidal 1.7).", "out $ triple (1/8) $ s \"bd sn\"", || {
            func2(|t, x| pat(stutter(&num(3.0), &np(&t)?, &p(&x)?)))
        }),
        b!("quad", "`stutter 4` (Tidal 1.7).", "out $ quad (1/16) $ s \"bd sn\"", || {
            func2(|t, x| pat(stutter(&num(4.0), &np(&t)?, &p(&x)?)))
        }),
        b!("rolledBy", "Strums each chord: its notes start one after another over the given fraction of it (negative: downwards).", "out $ rolledBy \"<0.25 -0.5>\" $ n \"[0,4,7]\" # s \"superpiano\"", || {
            func2(|t, x| pat(rolled_by(&np(&t)?, &p(&x)?)))
        }),
        b!("rolled", "`rolledBy (1/4)`.", "out $ rolled $ n \"[0,4,7] [2,5]\" # s \"superpiano\"", || {
            func(|x| pat(rolled_by(&num(0.25), &p(&x)?)))
        }),
        b!("quantise", "Rounds each number to the nearest multiple of 1/n (Haskell's rounding: halves to even).", "out $ n (quantise 1 \"0.4 1.5 2.6\") # s \"arpy\"", || {
            func2(|q, x| {
                let q = q.to_num()?;
                pat(p(&x)?.fmap(move |_, v| match v.as_num() {
                    Some(x) => Value::Num(round_half_even(x * q) / q),
                    None => v,
                }))
            })
        }),
        b!("fastSqueeze", "Speeds a pattern up by each factor, a whole cycle squeezed into each factor event.", "out $ fastSqueeze \"1 [2 4]\" $ s \"bd sn\"", || {
            func2(|f, x| pat(fast_squeeze(&np(&f)?, &p(&x)?, false)))
        }),
        b!("slowSqueeze", "Slows a pattern down by each factor, a whole cycle squeezed into each factor event.", "out $ slowSqueeze \"1 2\" $ s \"bd sn hh cp\"", || {
            func2(|f, x| pat(fast_squeeze(&np(&f)?, &p(&x)?, true)))
        }),
        b!("spaceOut", "Plays the pattern once at each speed of a list of durations, one after another.", "out $ spaceOut [1, 0.5, 0.25] $ s \"bd sn\"", || {
            func2(|xs, x| {
                let ts = xs.to_list()?.iter().map(|v| time(v, "spaceOut")).collect::<R<Vec<_>>>()?;
                pat(space_out(&ts, &p(&x)?))
            })
        }),
        b!("plyWith", "Repeats each event n times within its span, applying the function once more to each repeat.", "out $ plyWith 3 (|* gain 0.8) $ s \"bd sn\"", || {
            func3(|n, f, x| {
                let f = pf(&f)?;
                let x = p(&x)?;
                let mut compound = x.clone();
                let mut layers = vec![crate::lang::arp::arpeggiate(&compound)];
                for _ in 1..MAX_PLY_LAYERS {
                    compound = stack(vec![x.clone(), f(compound)?]);
                    layers.push(crate::lang::arp::arpeggiate(&compound));
                }
                pat(ply_with(&np(&n)?, layers))
            })
        }),
        b!("ghostWith", "Adds two copies of each event, a time times 1.5 and 2.5 later, passed through a function.", "out $ ghostWith (1/16) (|* gain 0.5) $ s \"~ sn\"", || {
            func3(|a, f, x| pat(ghost_with(a.to_num()?, &pf(&f)?, p(&x)?)?))
        }),
        b!("ghost''", "Same as `ghostWith`.", "out $ ghost'' (1/16) (|* gain 0.5) $ s \"~ sn\"", || {
            func3(|a, f, x| pat(ghost_with(a.to_num()?, &pf(&f)?, p(&x)?)?))
        }),
        b!("ghost'", "Ghost notes a time later: quieter (`gain` times 0.7), shorter (`end 0.2`), higher (`speed` times 1.25).", "out $ ghost' (1/16) $ s \"~ sn\"", || {
            func2(|a, x| pat(ghost_with(a.to_num()?, &ghost_fx, p(&x)?)?))
        }),
        b!("ghost", "`ghost' (1/8)`.", "out $ ghost $ s \"~ sn\"", || func(|x| pat(ghost_with(0.125, &ghost_fx, p(&x)?)?))),
        b!("revArc", "Reverses the part `(begin, end)` of each cycle (Tidal's `within a rev`, Tidal's `within`).", "out $ revArc (0.25, 0.75) $ n \"0 1 2 3\" # s \"arpy\"", || {
            func2(|se, x| {
                let (s, e) = arc(&se, "revArc")?;
                pat(tidal_within(s, e, &|p: Pattern| Ok::<_, EvalError>(crate::pattern::ops::time::rev(&p)), &p(&x)?)?)
            })
        }),
        b!("compressTo", "`compress` to a span that may lie in a later cycle (moved into the cycle).", "out $ compressTo (1.25, 1.5) $ s \"bd sn\"", || {
            func2(|se, x| {
                let (s, e) = arc(&se, "compressTo")?;
                pat(compress_to(s, e, &p(&x)?))
            })
        }),
        b!("discretise", "Same as `segment` (Tidal's old name).", "out $ n (discretise 4 $ range 0 8 saw) # s \"arpy\"", || {
            func2(|n, x| pat(segment(&np(&n)?, &p(&x)?)))
        }),
        b!("loopFirst", "Plays the first cycle of a pattern in every cycle.", "out $ loopFirst $ s \"<bd sn> hh\"", || {
            func(|x| pat(loop_first(&p(&x)?)))
        }),
        b!("timeLoop", "Loops the first n cycles of a pattern.", "out $ timeLoop 2 $ s \"<bd sn cp>\"", || {
            func2(|n, x| pat(crate::pattern::ops::time::outside(&np(&n)?, &|q: Pattern| Ok::<_, EvalError>(loop_first(&q)), &p(&x)?)?))
        }),
        b!("scan", "`run 1`, `run 2`, ... `run n`, one a cycle, then again.", "out $ n (scan 4) # s \"arpy\"", || {
            func(|n| pat(scan(&np(&n)?)))
        }),
    ]
}
