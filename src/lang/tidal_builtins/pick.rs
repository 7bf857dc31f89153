//! Tidal's functions that pick from lists or split a pattern by its values: fit, fit', squeeze,
//! inhabit, bite, chew, select, pickF, toScale, arpeggiate and the contrast/fix family.

use super::*;

/// `[("n", (0, 2)), ("s", ("bd", "bd"))]`: (control, (low, high)) ranges for `fixRange`.
fn ranges(v: &Val) -> R<Vec<(Sym, Value<'static>, Value<'static>)>> {
    let bad = || EvalError::new("takes a list of `(\"control\", (low, high))` pairs");
    let end = |x: &Val| -> R<Value<'static>> {
        match x {
            Val::Str(s, _) => Ok(Value::Str(Sym::intern(s))),
            other => Ok(Value::Num(other.to_num()?)),
        }
    };
    let mut out = vec![];
    for item in v.to_list()? {
        match item.to_list().ok().as_deref() {
            Some([Val::Str(name, _), lohi]) => match lohi.to_list().ok().as_deref() {
                Some([lo, hi]) => out.push((Sym::intern(name), end(lo)?, end(hi)?)),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

/// This family's functions, documented.
pub(super) fn builtins() -> Vec<Builtin> {
    vec![
        b!("fit", "Picks from a list by a pattern of indices, each cycle starting n further into the list (Tidal's `fit`).", "out $ s (fit 3 [\"bd\", \"sn\", \"arpy\", \"cp\", \"hh\"] \"0 [~ 1] 2 1\")", || {
            func3(|n, xs, i| pat(fit(&np(&n)?, pats(&xs)?, &np(&i)?)))
        }),
        b!("squeeze", "Plays, in each event of an index pattern, a whole cycle of that pattern of a list.", "out $ squeeze \"<0 [1 0]>\" [s \"bd sn\", s \"hh*3\"]", || {
            func2(|i, xs| pat(squeeze(&np(&i)?, pats(&xs)?)))
        }),
        b!("inhabit", "Plays, in each word of a pattern, a whole cycle of the pattern named by it (Strudel's: also by index from a list of patterns, clamped).", "out $ inhabit [(\"a\", s \"bd sn\"), (\"b\", s \"hh*3\")] \"a b a\"", || {
            func2(|l, x| {
                use crate::pattern::ops::strudel_pick::{pick, Join};
                pat(pick(crate::lang::strudel::builtins::lookup(&l)?, &p(&x)?, false, Join::Squeeze))
            })
        }),
        b!("bite", "Cuts each cycle into n slices and plays them by a pattern of slice numbers, each squeezed into its event.", "out $ bite 4 \"0 2 [1 3] 0\" $ n \"0 .. 7\" # s \"arpy\"", || {
            func3(|n, i, x| pat(bite(&np(&n)?, &np(&i)?, &p(&x)?)))
        }),
        b!("chew", "Like `bite`, with the speed of each sound changed as its slice is squeezed or stretched.", "out $ chew 4 \"0 [2 1] 3\" $ n \"0 .. 7\" # s \"arpy\"", || {
            func3(|n, i, x| pat(chew(&np(&n)?, &np(&i)?, &p(&x)?)))
        }),
        b!("select", "Chooses a pattern from a list by a number from 0 to 1.", "out $ select \"<0 0.5 1>\" [s \"bd*2\", s \"sn*3\", s \"hh*4\"]", || {
            func2(|f, xs| pat(select(&np(&f)?, pats(&xs)?)))
        }),
        b!("pickF", "Applies a function from a list chosen by a pattern of indices (Strudel's: the index clamped to the list).", "out $ pickF \"<0 1 2>\" [rev, fast 2, id] $ s \"bd sn hh\"", || {
            func3(|i, fs, x| {
                let x = p(&x)?;
                let fps = fs.to_list()?.iter().map(|f| pf(f)?(x.clone())).collect::<R<Vec<_>>>()?;
                pat(pick_f(&np(&i)?, fps))
            })
        }),
        b!("fix", "Applies a function to the events whose controls match a control pattern.", "out $ fix (# speed 2) (s \"sn\") $ s \"bd sn hh sn\"", || {
            func3(|f, test, x| pat(contrast(&pf(&f)?, &|x| Ok(x), &p(&test)?, &p(&x)?)?))
        }),
        b!("unfix", "Applies a function to the events whose controls do not match a control pattern.", "out $ unfix (# speed 2) (s \"sn\") $ s \"bd sn hh sn\"", || {
            func3(|f, test, x| pat(contrast(&|x| Ok(x), &pf(&f)?, &p(&test)?, &p(&x)?)?))
        }),
        b!("contrast", "Applies one function to the events matching a control pattern and another to the rest.", "out $ contrast (# speed 2) (# speed 0.5) (n \"1\") $ n \"0 1 2 1\" # s \"arpy\"", || {
            func4(|f, g, test, x| pat(contrast(&pf(&f)?, &pf(&g)?, &p(&test)?, &p(&x)?)?))
        }),
        b!("toScale", "Turns scale degrees into semitones with a scale given as a list (an octave is 12).", "out $ n (toScale [0, 2, 4, 5, 7, 9, 11] \"0 1 2 3 7\") # s \"superpiano\"", || {
            func2(|s, x| pat(to_scale(12.0, nums(&s)?, &np(&x)?)))
        }),
        b!("toScale'", "Like `toScale`, with the octave's size in semitones.", "out $ n (toScale' 24 [0, 4, 7, 10, 14, 17] \"0 .. 7\") # s \"superpiano\"", || {
            func3(|o, s, x| pat(to_scale(o.to_num()?, nums(&s)?, &np(&x)?)))
        }),
        b!("arpeggiate", "Plays the events that share a timespan one after another within it, in their order.", "out $ arpeggiate $ n \"[0,4,7] [2,5]\" # s \"superpiano\"", crate::lang::arp::arpeggiate_value),
        b!("arpg", "Same as `arpeggiate`.", "out $ arpg $ s \"[bd, sn] [hh, cp, hh]\"", crate::lang::arp::arpeggiate_value),
        b!("fit'", "Cuts a pattern by the values of another (`from`) and plays the pieces by a pattern of indices (`to`), n a cycle.", "out $ s (fit' 1 2 \"0 1\" \"1 0\" \"bd sn\")", || {
            func(|cyc| {
                Ok(func4(move |n, from, to, x| {
                    let cyc = np(&cyc)?;
                    let n = n.to_num()? as i64;
                    let from = crate::pattern::ops::time::fast(&cyc, &np(&from)?);
                    let x = crate::pattern::ops::time::fast(&cyc, &p(&x)?);
                    let masks = (0..n.max(0))
                        .map(|i| {
                            let on = from
                                .filter_haps(move |h| h.value.as_num() == Some(i as f64))
                                .fmap(|_, _| Value::Num(1.0));
                            stretch(&crate::pattern::ops::structure::mask(&on, &x))
                        })
                        .collect();
                    pat(fit_prime(n, masks, &np(&to)?))
                }))
            })
        }),
        b!("contrastRange", "Applies one function to the events whose listed controls are in their ranges `(low, high)`, another to the rest.", "out $ contrastRange (# speed 2) (# speed 0.5) [(\"n\", (0, 2))] $ n \"0 1 2 3 4\" # s \"arpy\"", || {
            func4(|f, g, r, x| pat(contrast_range(&pf(&f)?, &pf(&g)?, ranges(&r)?, &p(&x)?)?))
        }),
        b!("fixRange", "Applies a function to the events whose listed controls are in their ranges `(low, high)`.", "out $ fixRange (# crush 4) [(\"n\", (1, 3))] $ n \"0 1 2 3 4\" # s \"arpy\"", || {
            func3(|f, r, x| pat(contrast_range(&pf(&f)?, &|x| Ok(x), ranges(&r)?, &p(&x)?)?))
        }),
        b!("unfixRange", "Applies a function to the events whose listed controls are not in their ranges.", "out $ unfixRange (# crush 4) [(\"n\", (1, 3))] $ n \"0 1 2 3 4\" # s \"arpy\"", || {
            func3(|f, r, x| pat(contrast_range(&|x| Ok(x), &pf(&f)?, ranges(&r)?, &p(&x)?)?))
        }),
    ]
}
