//! Tidal's functions that Strudel lacks (Tidal 1.9's semantics, `Sound.Tidal.UI`, `Core`,
//! `Control`), and the Tidal names Strudel shares (then Strudel's semantics, as the description
//! says): one documented entry each, their algorithms in `pattern::ops::tidal_*`.
//! Tidal's tests on numbers (`ifp ((== 0) . flip mod 2)`) are Phonon functions applied to the
//! pattern of cycle numbers (or times), so they are patterns of truth values.

use super::builtins::{num, p, pat, pats, pf, Builtin};
use super::value::{func, func2, func3, func4, EvalError, Val, R};
use crate::pattern::controls::{combine, control, control_names, NumOp, Structure};
use crate::pattern::ops::conditional::first_of;
use crate::pattern::ops::random::{choose, rand};
use crate::pattern::ops::random::{degrade_by, undegrade_by};
use crate::pattern::ops::structure::segment;
use crate::pattern::ops::tidal_fix::{contrast, contrast_range};
use crate::pattern::ops::tidal_pick::{
    bite, chew, choose_by, fit, fit_prime, inhabit, pick_f, randslice, scramble, select, shuffle,
    spread_choose, squeeze, stretch, to_scale, wchoose_by,
};
use crate::pattern::ops::tidal_random::{degrade_over_by, rand_struct, slowstripe, stripe};
use crate::pattern::ops::tidal_struct::{
    ascii, ascii_bits, binary, binary_n, distrib, fade, fast_squeeze, inv, necklace, permstep,
    ply_with, sew, space_out, stitch, ur, weave_with, UrBody, UrFx, MAX_PLY_LAYERS,
};
use crate::pattern::ops::tidal_time::{
    cycle_numbers, now, rolled_by, rot, seq_p, seq_p_loop, stutter, trunc, wedge, when_onset,
    when_test, within, within_prime,
};
use crate::pattern::ops::time::{fast, inside, late};
use crate::pattern::pattern::{fastcat, new_param_id, param_pattern, pure, slowcat, stack};
use crate::pattern::time::{from_f64, Time};
use crate::pattern::value::{Sym, Value};
use crate::pattern::Pattern;

/// A numeric argument as a pattern (`fast "<1 2>"`).
fn np(v: &Val) -> R<Pattern> {
    v.to_num_pat()
}

/// A plain time argument.
fn time(v: &Val, what: &str) -> R<Time> {
    from_f64(v.to_num()?)
        .ok_or_else(|| EvalError::new(format!("{what}: a time must be a finite number")))
}

/// A `(begin, end)` pair of plain times.
fn arc(v: &Val, what: &str) -> R<(Time, Time)> {
    match v.to_list() {
        Ok(xs) if xs.len() == 2 => Ok((time(&xs[0], what)?, time(&xs[1], what)?)),
        _ => Err(EvalError::new(format!(
            "{what} takes a pair such as `(0, 0.5)`"
        ))),
    }
}

/// A list of plain numbers.
fn nums(v: &Val) -> R<Vec<f64>> {
    v.to_list()?.iter().map(|x| x.to_num()).collect()
}

/// A list of `(value, weight)` pairs.
fn weighted(v: &Val, what: &str) -> R<(Vec<Pattern>, Vec<f64>)> {
    let mut xs = vec![];
    let mut ws = vec![];
    for item in v.to_list()? {
        match item.to_list() {
            Ok(pair) if pair.len() == 2 => {
                xs.push(p(&pair[0])?);
                ws.push(pair[1].to_num()?);
            }
            _ => {
                return Err(EvalError::new(format!(
                    "{what} takes a list of `(value, weight)` pairs"
                )))
            }
        }
    }
    Ok((xs, ws))
}

/// `[(0, 8, p), (4, 8, q)]` (the start may be left out: `(8, p)` starts where the last ended).
fn timed(v: &Val, what: &str, start_optional: bool) -> R<Vec<(Time, Time, Pattern)>> {
    let mut out = vec![];
    let mut last = Time::from_integer(0);
    for item in v.to_list()? {
        let xs = item.to_list().unwrap_or_default();
        let (s, e, x) = match xs.len() {
            3 => (time(&xs[0], what)?, time(&xs[1], what)?, p(&xs[2])?),
            2 if start_optional => (last, time(&xs[0], what)?, p(&xs[1])?),
            _ => {
                return Err(EvalError::new(format!(
                    "{what} takes a list of `(start, stop, pattern)` triples"
                )))
            }
        };
        last = e;
        out.push((s, e, x));
    }
    Ok(out)
}

/// `[("name", pattern), ...]` with the names interned.
fn named(v: &Val, what: &str) -> R<Vec<(Sym, Pattern)>> {
    let mut out = vec![];
    for item in v.to_list()? {
        match item.to_list().ok().as_deref() {
            Some([Val::Str(name, _), x]) => out.push((Sym::intern(name), p(x)?)),
            _ => {
                return Err(EvalError::new(format!(
                    "{what} takes a list of `(\"name\", pattern)` pairs"
                )))
            }
        }
    }
    Ok(out)
}

/// `spread f [a, b] p`: `f a p`, `f b p`, ... (joined by `cat`).
fn spread_pats(f: &Val, xs: &Val, x: &Val) -> R<Vec<Pattern>> {
    xs.to_list()?
        .into_iter()
        .map(|v| f.apply(v)?.apply(x.clone())?.to_pat())
        .collect()
}

/// A comparison (`==`, `/=`, `<`, `>`, `<=`, `>=`) of two numbers, or of two patterns event by
/// event (structure from both, as `+`): 1 when true, 0 when false.
pub fn compare(op: &str, a: Val, b: Val) -> R<Val> {
    let test: fn(f64, f64) -> bool = match op {
        "==" => |x, y| x == y,
        "/=" => |x, y| x != y,
        "<" => |x, y| x < y,
        ">" => |x, y| x > y,
        "<=" => |x, y| x <= y,
        ">=" => |x, y| x >= y,
        _ => return Err(EvalError::new(format!("unknown operator `{op}`"))),
    };
    if let (Val::Num(x), Val::Num(y)) = (&a, &b) {
        return Ok(Val::Num(test(*x, *y) as i64 as f64));
    }
    let (pa, pb) = (a.to_pat()?, b.to_pat()?);
    Ok(Val::Pat(pa.app_both(&pb, move |_, x, y| {
        let (x, y) = (
            crate::pattern::controls::numeral(x)?,
            crate::pattern::controls::numeral(y)?,
        );
        Some(Value::Num(test(x, y) as i64 as f64))
    })))
}

/// `even`/`odd` on a number or a pattern of numbers.
fn parity(x: Val, want: f64) -> R<Val> {
    let is = move |v: f64| (v.rem_euclid(2.0) == want) as i64 as f64;
    match x {
        Val::Num(v) => Ok(Val::Num(is(v))),
        other => pat(other.to_pat()?.fmap(move |_, v| match v.as_num() {
            Some(x) => Value::Num(is(x)),
            None => v,
        })),
    }
}

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

/// Tidal's `sometimesBy' x f p` (UI.hs: `overlay (degradeBy x p) (unDegradeBy x $ f p)`: `f`
/// applied before the events are chosen), with the choice of Phonon's `sometimesBy`.
fn sometimes_prime(x: f64) -> Val {
    func2(move |f, v| sometimes_prime_by(&num(x), &f, &v))
}

fn sometimes_prime_by(x: &Pattern, f: &Val, v: &Val) -> R<Val> {
    let v = p(v)?;
    let one_minus = x.fmap(|_, v| match v.as_num() {
        Some(x) => Value::Num(1.0 - x),
        None => v,
    });
    pat(stack(vec![
        degrade_by(x, &v),
        undegrade_by(&one_minus, &pf(f)?(v)?),
    ]))
}

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

/// A plain string argument.
fn text(v: &Val, what: &str) -> R<String> {
    match v {
        Val::Str(s, _) => Ok(s.clone()),
        _ => Err(EvalError::new(format!("{what} takes a string here"))),
    }
}

/// The plain numbers a pattern of words plays over its first cycles (compile time).
fn words_of(x: &Pattern) -> Vec<Sym> {
    let mut out = super::value::probe(x, 64, |haps| {
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

/// Tidal's functions, documented.
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
        // Haskell helpers for Tidal's tests
        b!("mod", "Haskell's `mod` (the remainder with the divisor's sign), on numbers or patterns.", "out $ n (mod \"0 1 2 3 4\" 3) # s \"arpy\"", || {
            func2(|a, b| super::eval::binop("%", a, b))
        }),
        b!("flip", "Haskell's `flip`: `flip f a b` is `f b a`.", "out $ n (flip mod 3 \"0 1 2 3 4\") # s \"arpy\"", || {
            func3(|f, a, b| f.apply(b)?.apply(a))
        }),
        b!("cyclePos", "The position within its cycle of a time: `x - floor x` (numbers or patterns).", "out $ whenT ((< 0.5) . cyclePos) (# speed 2) $ s \"hh*4\"", || {
            func(|x| match x {
                Val::Num(v) => Ok(Val::Num(v - v.floor())),
                other => pat(other.to_pat()?.fmap(|_, v| match v.as_num() {
                    Some(x) => Value::Num(x - x.floor()),
                    None => v,
                })),
            })
        }),
        b!("even", "1 for an even number, else 0 (numbers or patterns).", "out $ ifp even (fast 2) id $ s \"bd sn\"", || func(|x| parity(x, 0.0))),
        b!("odd", "1 for an odd number, else 0 (numbers or patterns).", "out $ ifp odd (fast 2) id $ s \"bd sn\"", || func(|x| parity(x, 1.0))),
        // Time and structure
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
        // Composition
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
        b!("spreadChoose", "Like `spread`, with a value chosen at random each cycle.", "out $ spreadChoose fast [1, 2, 4] $ s \"bd sn\"", || {
            func3(|f, xs, x| pat(spread_choose(spread_pats(&f, &xs, &x)?)))
        }),
        b!("spreadr", "Same as `spreadChoose`.", "out $ spreadr fast [1, 2, 4] $ s \"bd sn\"", || {
            func3(|f, xs, x| pat(spread_choose(spread_pats(&f, &xs, &x)?)))
        }),
        b!("fit", "Picks from a list by a pattern of indices, each cycle starting n further into the list (Tidal's `fit`).", "out $ s (fit 3 [\"bd\", \"sn\", \"arpy\", \"cp\", \"hh\"] \"0 [~ 1] 2 1\")", || {
            func3(|n, xs, i| pat(fit(&np(&n)?, pats(&xs)?, &np(&i)?)))
        }),
        b!("squeeze", "Plays, in each event of an index pattern, a whole cycle of that pattern of a list.", "out $ squeeze \"<0 [1 0]>\" [s \"bd sn\", s \"hh*3\"]", || {
            func2(|i, xs| pat(squeeze(&np(&i)?, pats(&xs)?)))
        }),
        b!("inhabit", "Plays, in each word of a pattern, a whole cycle of the pattern named by it.", "out $ inhabit [(\"a\", s \"bd sn\"), (\"b\", s \"hh*3\")] \"a b a\"", || {
            func2(|l, x| pat(inhabit(named(&l, "inhabit")?, &p(&x)?)))
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
        // Harmony
        b!("toScale", "Turns scale degrees into semitones with a scale given as a list (an octave is 12).", "out $ n (toScale [0, 2, 4, 5, 7, 9, 11] \"0 1 2 3 7\") # s \"superpiano\"", || {
            func2(|s, x| pat(to_scale(12.0, nums(&s)?, &np(&x)?)))
        }),
        b!("toScale'", "Like `toScale`, with the octave's size in semitones.", "out $ n (toScale' 24 [0, 4, 7, 10, 14, 17] \"0 .. 7\") # s \"superpiano\"", || {
            func3(|o, s, x| pat(to_scale(o.to_num()?, nums(&s)?, &np(&x)?)))
        }),
        b!("arpeggiate", "Plays the events that share a timespan one after another within it, in their order.", "out $ arpeggiate $ n \"[0,4,7] [2,5]\" # s \"superpiano\"", super::arp::arpeggiate_value),
        b!("arpg", "Same as `arpeggiate`.", "out $ arpg $ s \"[bd, sn] [hh, cp, hh]\"", super::arp::arpeggiate_value),
        // Randomness
        b!("chooseBy", "Chooses from a list by a pattern of numbers from 0 to 1 (its structure).", "out $ s \"arpy*4\" # n (chooseBy sine [0, 2, 7])", || {
            func2(|f, xs| pat(choose_by(&p(&f)?, pats(&xs)?)))
        }),
        b!("wchoose", "Chooses at random from a list of `(value, weight)` pairs (continuous).", "out $ s \"arpy*8\" # n (wchoose [(0, 0.25), (2, 0.5), (7, 0.25)])", || {
            func(|l| {
                let (xs, ws) = weighted(&l, "wchoose")?;
                pat(wchoose_by(&rand(), xs, ws))
            })
        }),
        b!("wchooseBy", "Chooses from `(value, weight)` pairs by a pattern of numbers from 0 to 1.", "out $ s \"arpy*4\" # n (wchooseBy saw [(0, 1), (7, 3)])", || {
            func2(|f, l| {
                let (xs, ws) = weighted(&l, "wchooseBy")?;
                pat(wchoose_by(&p(&f)?, xs, ws))
            })
        }),
        b!("cycleChoose", "Chooses at random from a list once a cycle.", "out $ s \"arpy*4\" # n (cycleChoose [0, 2, 7])", || {
            func(|l| pat(segment(&num(1.0), &choose(pats(&l)?))))
        }),
        b!("shuffle", "Plays the n parts of each cycle once each, in a random order.", "out $ shuffle 4 $ n \"0 1 2 3\" # s \"arpy\"", || {
            func2(|n, x| pat(shuffle(&np(&n)?, &p(&x)?)))
        }),
        b!("scramble", "Plays n parts of each cycle, each chosen at random.", "out $ scramble 4 $ n \"0 1 2 3\" # s \"arpy\"", || {
            func2(|n, x| pat(scramble(&np(&n)?, &p(&x)?)))
        }),
        b!("randslice", "Plays a random one of n slices of each event's sample.", "out $ randslice 4 $ s \"arpy*4\"", || {
            func2(|n, x| pat(randslice(&np(&n)?, &p(&x)?)))
        }),
        // Batch 2: structure and composition
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
                let mut layers = vec![super::arp::arpeggiate(&compound)];
                for _ in 1..MAX_PLY_LAYERS {
                    compound = stack(vec![x.clone(), f(compound)?]);
                    layers.push(super::arp::arpeggiate(&compound));
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
        b!("sometimesBy'", "Like `sometimesBy`, the function applied to the pattern before the events are chosen.", "out $ sometimesBy' 0.5 (fast 2) $ s \"hh*4\"", || {
            func3(|x, f, v| sometimes_prime_by(&np(&x)?, &f, &v))
        }),
        b!("sometimes'", "`sometimesBy' 0.5`.", "out $ sometimes' (# speed 2) $ s \"hh*8\"", || sometimes_prime(0.5)),
        b!("often'", "`sometimesBy' 0.75`.", "out $ often' (# speed 2) $ s \"hh*8\"", || sometimes_prime(0.75)),
        b!("rarely'", "`sometimesBy' 0.25`.", "out $ rarely' (# speed 2) $ s \"hh*8\"", || sometimes_prime(0.25)),
        b!("almostAlways'", "`sometimesBy' 0.9`.", "out $ almostAlways' (# speed 2) $ s \"hh*8\"", || sometimes_prime(0.9)),
        b!("almostNever'", "`sometimesBy 0.1` (as Tidal 1.9 defines it, unprimed).", "out $ almostNever' (# speed 2) $ s \"hh*8\"", || {
            func2(|f, v| pat(crate::pattern::ops::random::sometimes_by(&num(0.1), &pf(&f)?, &p(&v)?)?))
        }),
        b!("fadeOut", "Drops events at random, more and more over the given number of cycles, until none are left.", "out $ fadeOut 4 $ s \"hh*8\"", || {
            func2(|d, x| pat(fade(Time::from_integer(0), time(&d, "fadeOut")?, false, &p(&x)?)))
        }),
        b!("fadeIn", "Keeps events at random, more and more over the given number of cycles.", "out $ fadeIn 4 $ s \"hh*8\"", || {
            func2(|d, x| pat(fade(Time::from_integer(0), time(&d, "fadeIn")?, true, &p(&x)?)))
        }),
        b!("fadeOutFrom", "`fadeOut` starting at the given cycle.", "out $ fadeOutFrom 2 2 $ s \"hh*8\"", || {
            func3(|from, d, x| pat(fade(time(&from, "fadeOutFrom")?, time(&d, "fadeOutFrom")?, false, &p(&x)?)))
        }),
        b!("fadeInFrom", "`fadeIn` starting at the given cycle.", "out $ fadeInFrom 1 2 $ s \"hh*8\"", || {
            func3(|from, d, x| pat(fade(time(&from, "fadeInFrom")?, time(&d, "fadeInFrom")?, true, &p(&x)?)))
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
        // Batch 3
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
        b!("randStruct", "Each cycle cut into n parts of random lengths (1 to 3 shares), numbered 0 to n-1.", "out $ n (randStruct 4) # s \"arpy\"", || {
            func(|n| pat(rand_struct(&np(&n)?)))
        }),
        b!("stripe", "Plays n cycles of a pattern in each cycle, each squeezed into a part of random length.", "out $ stripe 2 $ s \"bd sn hh cp\"", || {
            func2(|n, x| pat(stripe(&np(&n)?, &p(&x)?)))
        }),
        b!("slowstripe", "`stripe`, n times slower.", "out $ slowstripe 2 $ s \"bd sn hh cp\"", || {
            func2(|n, x| pat(slowstripe(&np(&n)?, &p(&x)?)))
        }),
        b!("degradeOverBy", "Drops events by amounts played i times slower, the random values repeating for i cycles.", "out $ degradeOverBy 2 \"0.2 0.8\" $ s \"hh*8\"", || {
            func3(|i, a, x| pat(degrade_over_by(i.to_num()? as i64, &np(&a)?, &p(&x)?)))
        }),
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
