//! Tidal's composition functions: seqP, seqPLoop, the spread family, sew, stitch, stackwith,
//! the append family, soak, snowball, ur and the weave family.

use super::*;

/// Tidal's `weaveWith t p fs` given the functions.
fn weave_fs(t_len: &Val, x: &Val, fs: Vec<Box<dyn Fn(Pattern) -> R<Pattern>>>) -> R<Val> {
    let t_len = time(t_len, "weave")?;
    let slowed = crate::pattern::ops::time::slow(&num(crate::pattern::time::to_f64(t_len)), &p(x)?);
    let applied = fs
        .iter()
        .map(|f| f(slowed.clone()))
        .collect::<R<Vec<_>>>()?;
    pat(weave_with(t_len, applied))
}

/// `weave`'s functions: each control pattern `# x` (`map (#) ps`: the list item's structure).
fn hash_with(ps: Vec<Pattern>) -> Vec<Box<dyn Fn(Pattern) -> R<Pattern>>> {
    ps.into_iter()
        .map(|q| -> Box<dyn Fn(Pattern) -> R<Pattern>> {
            Box::new(move |x: Pattern| Ok(combine(&q, &x, NumOp::Set, Structure::Left)))
        })
        .collect()
}

/// This family's functions, documented.
pub(super) fn builtins() -> Vec<Builtin> {
    vec![
        b!("seqP", "Plays each `(start, stop, pattern)` from cycle start to stop, restarted at the start's cycle.", "out $ seqP [(0, 2, s \"bd*2\"), (1, 3, s \"hh*3\")]", || {
            func(|l| pat(seq_p(timed(&l, "seqP", false)?)))
        }),
        b!("seqPLoop", "Like `seqP`, looping after the last stop (Strudel's `seqPLoop`: parts are not restarted).", "out $ seqPLoop [(0, 2, s \"bd*2\"), (1, 3, s \"hh*3\")]", || {
            func(|l| pat(seq_p_loop(timed(&l, "seqPLoop", true)?)))
        }),
        b!("spread", "Applies a function with each value of a list in turn, one per cycle.", "out $ spread fast [1, 2] $ s \"bd sn\"", || {
            func3(|f, xs, x| pat(slowcat(spread_pats(&f, &xs, &x)?)))
        }),
        b!("slowspread", "Same as `spread`.", "out $ slowspread fast [1, 2] $ s \"bd sn\"", || {
            func3(|f, xs, x| pat(slowcat(spread_pats(&f, &xs, &x)?)))
        }),
        b!("fastspread", "Like `spread`, all the values in each cycle.", "out $ fastspread fast [1, 2] $ s \"bd sn\"", || {
            func3(|f, xs, x| pat(fastcat(spread_pats(&f, &xs, &x)?)))
        }),
        b!("spreadf", "Applies each function of a list in turn, one per cycle (`spread ($)`).", "out $ spreadf [fast 2, rev] $ s \"bd sn hh\"", || {
            func2(|fs, x| {
                let ps = fs.to_list()?.into_iter().map(|f| f.apply(x.clone())?.to_pat()).collect::<R<Vec<_>>>()?;
                pat(slowcat(ps))
            })
        }),
        b!("sew", "Plays the first pattern where the booleans are true and the second where false, each keeping its structure.", "out $ sew \"1 <0 1> 0\" (s \"bd*4\") (s \"hh*8\")", || {
            func3(|b, x, y| pat(sew(&p(&b)?, &p(&x)?, &p(&y)?)))
        }),
        b!("stitch", "Like `sew`, with the structure of the booleans.", "out $ stitch \"1 0 1*2 0\" (s \"bd\") (s \"hh\")", || {
            func3(|b, x, y| pat(stitch(&p(&b)?, &p(&x)?, &p(&y)?)))
        }),
        b!("stackwith", "Stacks a list of patterns, each combined (`#`) with the first pattern shifted earlier by its place in the list.", "out $ stackwith (speed \"1 2\") [s \"bd*2\", s \"hh*4\"]", || {
            func2(|x, l| {
                let x = p(&x)?;
                let ps = pats(&l)?;
                let n = ps.len() as f64;
                pat(stack(
                    ps.into_iter()
                        .enumerate()
                        .map(|(i, q)| {
                            let shifted = crate::pattern::ops::time::early(&num(i as f64 / n), &x);
                            combine(&q, &shifted, NumOp::Set, Structure::Left)
                        })
                        .collect(),
                ))
            })
        }),
        b!("append", "Plays two patterns one cycle each, in turn (`cat [a, b]`).", "out $ append (s \"bd*2\") (s \"hh*3\")", || {
            func2(|a, b| pat(slowcat(vec![p(&a)?, p(&b)?])))
        }),
        b!("slowAppend", "Same as `append`.", "out $ slowAppend (s \"bd*2\") (s \"hh*3\")", || {
            func2(|a, b| pat(slowcat(vec![p(&a)?, p(&b)?])))
        }),
        b!("slowappend", "Same as `append`.", "out $ slowappend (s \"bd*2\") (s \"hh*3\")", || {
            func2(|a, b| pat(slowcat(vec![p(&a)?, p(&b)?])))
        }),
        b!("fastAppend", "Plays two patterns in one cycle, half a cycle each (`fastcat [a, b]`).", "out $ fastAppend (s \"bd*2\") (s \"hh*3\")", || {
            func2(|a, b| pat(fastcat(vec![p(&a)?, p(&b)?])))
        }),
        b!("fastappend", "Same as `fastAppend`.", "out $ fastappend (s \"bd*2\") (s \"hh*3\")", || {
            func2(|a, b| pat(fastcat(vec![p(&a)?, p(&b)?])))
        }),
        b!("soak", "Plays a pattern, then the function applied to it, then applied twice, ..., n cycles, then again.", "out $ soak 3 (fast 2) $ s \"bd sn\"", || {
            func3(|n, f, x| {
                let f = pf(&f)?;
                let mut cur = p(&x)?;
                let mut out = vec![];
                for _ in 0..(n.to_num()?.max(0.0) as usize).min(256) {
                    out.push(cur.clone());
                    cur = f(cur)?;
                }
                pat(slowcat(out))
            })
        }),
        b!("snowball", "Like `soak`, each step combined (by a two-argument function) with the ones before.", "out $ snowball 3 overlay (fast 2) $ s \"bd sn\"", || {
            func4(|n, c, f, x| {
                let f = pf(&f)?;
                let x = p(&x)?;
                let depth = (n.to_num()?.max(0.0) as usize).min(256);
                let mut out = vec![];
                let mut acc = x.clone();
                let mut it = x;
                for i in 0..depth {
                    if i > 0 {
                        it = f(it)?;
                        acc = c.apply(Val::Pat(acc))?.apply(Val::Pat(it.clone()))?.to_pat()?;
                    }
                    out.push(acc.clone());
                }
                pat(slowcat(out))
            })
        }),
        b!("ur", "A pattern of patterns over t cycles: named patterns played by a pattern of names, `name:fx` applying a named function.", "out $ ur 4 \"a [a b] b:fast\" [(\"a\", s \"bd*2\"), (\"b\", s \"hh*3\")] [(\"fast\", fast 2)]", || {
            func4(|t, outer, named_pats, fxs| {
                let t_len = time(&t, "ur")?;
                let outer = p(&outer)?;
                let start = new_param_id();
                let inv_len = new_param_id();
                let (ps, pl) = (param_pattern(start), param_pattern(inv_len));
                let fxs: Vec<(Sym, Val)> = {
                    let mut out = vec![];
                    for item in fxs.to_list()? {
                        match item.to_list().ok().as_deref() {
                            Some([Val::Str(name, _), f]) if f.is_func() => out.push((Sym::intern(name), f.clone())),
                            _ => return Err(EvalError::new("ur's functions: a list of `(\"name\", function)` pairs")),
                        }
                    }
                    out
                };
                let mut bodies = vec![];
                for (name, x) in named(&named_pats, "ur")? {
                    let sped = fast(&num(crate::pattern::time::to_f64(t_len)), &x);
                    bodies.push(UrBody { name, fx: UrFx::Plain, body: sped.clone() });
                    bodies.push(UrBody { name, fx: UrFx::Unknown, body: late(&ps, &sped) });
                    for (fx, f) in &fxs {
                        let f = pf(f)?;
                        let body = late(&ps, &inside(&pl, &f, &sped)?);
                        bodies.push(UrBody { name, fx: UrFx::Fx(*fx), body });
                    }
                }
                pat(ur(t_len, &outer, bodies, start, inv_len))
            })
        }),
        b!("weaveWith", "Applies each function of a list to the pattern slowed over t cycles, each offset by its share of the t cycles.", "out $ weaveWith 3 (s \"bd [sn hh] bd*2 cp\") [fast 2, (# speed 0.5), rev]", || {
            func3(|t, x, fs| {
                let fs = fs.to_list()?.iter().map(|f| -> R<Box<dyn Fn(Pattern) -> R<Pattern>>> {
                    let f = f.to_func()?;
                    Ok(Box::new(move |x: Pattern| f(Val::Pat(x))?.to_pat()))
                }).collect::<R<Vec<_>>>()?;
                weave_fs(&t, &x, fs)
            })
        }),
        b!("weave'", "Same as `weaveWith`.", "out $ weave' 2 (s \"bd sn\") [fast 2, rev]", || {
            func3(|t, x, fs| {
                let fs = fs.to_list()?.iter().map(|f| -> R<Box<dyn Fn(Pattern) -> R<Pattern>>> {
                    let f = f.to_func()?;
                    Ok(Box::new(move |x: Pattern| f(Val::Pat(x))?.to_pat()))
                }).collect::<R<Vec<_>>>()?;
                weave_fs(&t, &x, fs)
            })
        }),
        b!("weave", "A control pattern slowed over t cycles applied to each pattern of a list, each offset by its share of the t cycles.", "out $ weave 4 (pan sine) [s \"bd sn\", s \"hh*4\"]", || {
            func3(|t, x, ps| weave_fs(&t, &x, hash_with(pats(&ps)?)))
        }),
        b!("interlace", "`weave 16 (shape (sine * 0.9))` over two patterns.", "out $ interlace (s \"bd sn\") (s \"hh*3\")", || {
            func2(|a, b| {
                let sine = crate::pattern::ops::signal::sine().fmap(|_, v| match v.as_num() {
                    Some(x) => Value::Num(x * 0.9),
                    None => v,
                });
                let shape = control(control_names("shape").expect("a control"), &sine);
                weave_fs(&Val::Num(16.0), &Val::Pat(shape), hash_with(vec![p(&a)?, p(&b)?]))
            })
        }),
    ]
}
