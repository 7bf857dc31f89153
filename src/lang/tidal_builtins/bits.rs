//! Tidal's functions that make rhythms from numbers and strings: inv, binary, binaryN, ascii,
//! necklace, distrib, permstep, lindenmayer and step'.

use super::*;

/// Tidal's `parseLMRule'`: `"a:b,b:ab"` as (character, replacement) pairs (all `:` dropped,
/// split where the first was).
fn lm_rules(r: &str) -> Vec<(char, String)> {
    r.split(',')
        .filter_map(|rule| {
            let at = rule.find(':')?;
            let clean: String = rule.chars().filter(|c| *c != ':').collect();
            let (k, v) = clean.split_at(at);
            Some((k.chars().next()?, v.to_string()))
        })
        .collect()
}

/// Tidal's `lindenmayer n rules axiom` (UI.hs): the `n`th rewriting of the axiom.
pub fn lindenmayer(n: usize, rules: &str, axiom: &str) -> String {
    let rules = lm_rules(rules);
    let mut s = axiom.to_string();
    for _ in 0..n {
        s = s
            .chars()
            .map(|c| {
                rules
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| c.to_string())
            })
            .collect();
        if s.len() > 1 << 20 {
            break;
        }
    }
    s
}

/// The plain numbers a pattern of words plays over its first cycles (compile time).
fn words_of(x: &Pattern) -> Vec<Sym> {
    let mut out = crate::lang::value::probe(x, 64, |haps| {
        haps.iter()
            .filter_map(|h| match h.value {
                Value::Str(s) => Some(s),
                _ => None,
            })
            .collect::<Vec<_>>()
    });
    out.sort();
    out.dedup();
    out
}

/// This family's functions, documented.
pub(super) fn builtins() -> Vec<Builtin> {
    vec![
        b!("inv", "Swaps true and false (1 and 0) in a pattern of booleans (Strudel's `inv`).", "out $ struct (inv \"1 0 1 1\") $ s \"hh\"", || func(|x| pat(inv(&p(&x)?)))),
        b!("binaryN", "The bits of a number, most significant first, as n steps of 1 and 0 (Strudel's `binaryN`, arguments in Tidal's order).", "out $ struct (binaryN 8 \"<55 12>\") $ s \"hh\"", || {
            func2(|n, x| pat(binary_n(&np(&n)?, &np(&x)?)))
        }),
        b!("binary", "The bits of a number as steps of 1 and 0, without leading zeros (Strudel's `binary`; Tidal's is `binaryN 8`).", "out $ struct (binary \"<5 13>\") $ s \"hh\"", || {
            func(|x| pat(binary(&np(&x)?)))
        }),
        b!("ascii", "The bits of each word's characters (8 each), as steps of 1 and 0 squeezed into the word.", "out $ struct (ascii \"<a b>\") $ s \"hh\"", || {
            func(|x| {
                let x = p(&x)?;
                let table = words_of(&x).into_iter().map(|w| (w, ascii_bits(w.text()))).collect();
                pat(ascii(&x, table))
            })
        }),
        b!("necklace", "A rhythm from a list of gaps, as 1 then 0s, the given number of steps per cycle.", "out $ struct (necklace 12 [4, 2]) $ s \"hh\"", || {
            func2(|n, xs| {
                let xs = nums(&xs)?.iter().map(|x| *x as i64).collect::<Vec<_>>();
                pat(necklace(time(&n, "necklace")?, &xs))
            })
        }),
        b!("distrib", "Layers of Euclidean rhythms: `[3, 8]` is `(3,8)`, `[2, 3, 8]` spreads 2 onsets over those 3.", "out $ distrib [2, 5, 8] $ s \"bd\"", || {
            func2(|l, x| {
                let xs = nums(&l)?.iter().map(|x| *x as i64).collect::<Vec<_>>();
                pat(distrib(&xs, &p(&x)?))
            })
        }),
        b!("permstep", "Splits n steps among a list of values, the split chosen each cycle by a number from 0 to 1.", "out $ s (permstep 8 [\"bd\", \"sn\", \"hh\"] \"<0 0.5 1>\")", || {
            func3(|n, l, x| pat(permstep(n.to_num()? as i64, pats(&l)?, &np(&x)?)))
        }),
        b!("lindenmayer", "The nth rewriting of a string by Lindenmayer rules `\"a:b,b:ab\"` (a string, for `step'`).", "out $ s (step' [\"bd\", \"sn\"] (lindenmayer 3 \"0:1~,1:0~1\" \"0\"))", || {
            func3(|n, r, a| {
                let out = lindenmayer(n.to_num()?.max(0.0) as usize, &text(&r, "lindenmayer")?, &text(&a, "lindenmayer")?);
                Ok(Val::Str(out, 0))
            })
        }),
        b!("step'", "A sequence from a string, a step per character: a digit plays that word of the list, `x` the first, anything else is a rest.", "out $ s (step' [\"bd\", \"sn\", \"hh\"] \"0x1~2 \")", || {
            func2(|l, cs| {
                let words = l.to_list()?.iter().map(|w| text(w, "step'")).collect::<R<Vec<_>>>()?;
                let steps = text(&cs, "step'")?
                    .chars()
                    .map(|c| {
                        let w = if c == 'x' {
                            words.first()
                        } else {
                            c.to_digit(10).and_then(|d| words.get(d as usize))
                        };
                        match w {
                            Some(w) => pure(Value::Str(Sym::intern(w))),
                            None => crate::pattern::pattern::silence(),
                        }
                    })
                    .collect();
                pat(fastcat(steps))
            })
        }),
    ]
}
