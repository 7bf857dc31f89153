//! Strudel 1.2.6's functions that Tidal lacks (tonal, the pick family, `arrange`, the
//! arithmetic methods), as Phonon functions with the pattern last (`pat.pick(xs)` is
//! `pick xs pat`). Where a Strudel name has a different meaning in Tidal, the row is
//! `strudel:<name>` (Strudel code's front-end looks that key up first; Tidal code cannot type
//! it), installed by [`install`]; the plain-named rows are in [`builtins`] (documented and
//! snapshot-tested with the others).
//!
//! Values from Strudel code: an array is a `Val::List`; an object literal `{a: x, b: y}` is a
//! `Val::List` of two-element lists `[Str "a", x]` (what a Tidal list of tuples evaluates to).

use crate::lang::builtins::{b, np, num, p, pat, pats, pf, pf_indexed, Builtin};
use crate::lang::value::{func, func2, func3, func4, EvalError, Val, R};
use crate::pattern::controls::{combine, NumOp, Structure};
use crate::pattern::ops::conditional::{chunk, when};
use crate::pattern::ops::layering::{echo_with, jux_by};
use crate::pattern::ops::structure::{beat, segment};
use crate::pattern::ops::strudel_controls::{as_controls, scrub};
use crate::pattern::ops::strudel_pick::{
    arrange, choose_with, pick, reset, wchoose_cycles, Join, Lookup,
};
use crate::pattern::ops::strudel_steps::{drop, pace, polymeter, stepcat, take};
use crate::pattern::ops::strudel_struct::{self, euclid_legato, ribbon, Slices};
use crate::pattern::ops::strudel_tonal::{
    root_notes, scale, scale_transpose, transpose, voicing, voicing_by_default, voicing_inline,
    INLINE_DICT,
};
use crate::pattern::ops::strudel_voicings::{user_dict, voicings, voicings_with, with_range};
use crate::pattern::ops::tidal_struct::inv;
use crate::pattern::ops::time::iter;
use crate::pattern::pattern::{fastcat, stack};
use crate::pattern::theory::tonal::Dict;
use crate::pattern::time::{from_f64, tmul, Time};
use crate::pattern::value::{Sym, Value};
use crate::pattern::Pattern;
use std::collections::HashMap;

/// A lookup from Strudel code: a list of patterns (by index), or a list of `(name, pattern)`
/// pairs (a JS object, by name).
pub fn lookup(v: &Val) -> R<Lookup> {
    let items = v.to_list()?;
    let pairs: Option<Vec<(Sym, Pattern)>> = items
        .iter()
        .map(|item| match item {
            Val::List(kv) if kv.len() == 2 => match &kv[0] {
                Val::Str(k, _) => Some(p(&kv[1]).ok().map(|x| (Sym::intern(k), x))).flatten(),
                _ => None,
            },
            _ => None,
        })
        .collect();
    match pairs {
        Some(pairs) if !items.is_empty() => Ok(Lookup::Names(pairs)),
        _ => Ok(Lookup::Index(items.iter().map(p).collect::<R<_>>()?)),
    }
}

/// `pick lookup pat`; Strudel also accepts the old order `pick pat lookup` (a list second).
fn pick_val(modulo: bool, join: Join) -> Val {
    func2(move |a, b| {
        let (l, x) = if matches!(b, Val::List(_)) && !matches!(a, Val::List(_)) {
            (b, a)
        } else {
            (a, b)
        };
        pat(pick(lookup(&l)?, &p(&x)?, modulo, join))
    })
}

/// `pickF`'s family with the functions applied to the pattern first.
fn pick_f_val(modulo: bool) -> Val {
    func3(move |i, fs, x| {
        let x = p(&x)?;
        let fps = fs
            .to_list()?
            .iter()
            .map(|f| f.apply(Val::Pat(x.clone()))?.to_pat())
            .collect::<R<Vec<_>>>()?;
        pat(pick(Lookup::Index(fps), &np(&i)?, modulo, Join::Inner))
    })
}

/// `arrange [[4, a], [2, b]]` (each section a two-element list or tuple).
fn arrange_val() -> Val {
    func(|l| {
        let mut sections = vec![];
        let items = l.to_list()?;
        // One section, `arrange([4, a])`, arrives as the pair itself.
        let items = match items.as_slice() {
            [Val::Num(_), _] => vec![l],
            _ => items,
        };
        for s in items {
            match s.to_list().ok().as_deref() {
                Some([n, x]) => {
                    let c = from_f64(n.to_num()?).ok_or_else(|| {
                        EvalError::new("arrange: a section's cycles must be a finite number")
                    })?;
                    sections.push((c, p(x)?));
                }
                _ => {
                    return Err(EvalError::new(
                        "arrange takes a list of `[cycles, pattern]` sections",
                    ))
                }
            }
        }
        pat(arrange(sections))
    })
}

/// Strudel's arithmetic methods (`pat.add(x)`: the structure from the left, as `|+`).
fn arith(op: NumOp) -> Val {
    func2(move |x, a| pat(combine(&p(&a)?, &p(&x)?, op, Structure::Left)))
}

/// A function on numbers applied to each value (Strudel's `asNumber` first: numeric words and
/// note names become numbers); a plain number gives a number.
fn numeric(f: fn(f64) -> f64) -> Val {
    func(move |x| match x {
        Val::Num(v) => Ok(Val::Num(f(v))),
        other => pat(p(&other)?.fmap(move |_, v| match v {
            Value::Num(x) => Value::Num(f(x)),
            Value::Str(s) => match s.numeral() {
                Some(x) => Value::Num(f(x)),
                None => v,
            },
            _ => v,
        })),
    })
}

/// The plain-named functions, documented.
pub fn builtins() -> Vec<Builtin> {
    vec![
        // Tonal
        b!("transpose", "Strudel's `transpose`: numbers move by semitones (an interval name such as `3M` counts its semitones), note names by the interval, staying names (`\"c2\".transpose(\"<0 3M>\")`).", "out $ note (transpose \"<0 -2 5 3>\" $ fast 2 \"c2 c3\") # s \"superpiano\"", || {
            func2(|a, x| pat(transpose(&p(&a)?, &p(&x)?)))
        }),
        b!("trans", "Same as `transpose`.", "out $ note (trans \"<1P -2M 4P 3m>\" $ fast 2 \"c2 c3\") # s \"superpiano\"", || {
            func2(|a, x| pat(transpose(&p(&a)?, &p(&x)?)))
        }),
        b!("voicing", "Strudel's `voicing`: each chord (`chord` with `dict`, `anchor`, `mode`, `offset`, `n`, `octaves`) becomes the notes of its voicing (`chord(\"<C Am F G>\").voicing()`).", "out $ voicing (chord \"<C Am7 F^7 G7>\") # s \"superpiano\"", || {
            func(|x| pat(voicing(&p(&x)?)))
        }),
        b!("rootNotes", "Strudel's `rootNotes`: each chord's root note in an octave (`chord(\"<C Am>\").rootNotes(2)`).", "out $ note (rootNotes 2 $ chord \"<C Am F G>\") # s \"superpiano\"", || {
            func2(|o, x| pat(root_notes(&p(&o)?, &p(&x)?)))
        }),
        // Pick
        b!("pick", "Strudel's `pick`: the values of a pattern pick patterns from a list (by index, clamped) or a table of `(name, pattern)` pairs; wholes from the picked pattern (`\"<0 1>\".pick([\"g a\", \"e f\"])`).", "out $ note (pick [\"g a\", \"e f\", \"f g f g\", \"g c d\"] \"<0 1 2!2 3>\") # s \"superpiano\"", || pick_val(false, Join::Inner)),
        b!("pickmod", "Like `pick`, an index wrapping round the list.", "out $ note (pickmod [\"g a\", \"e f\"] \"<0 1 2 3>\") # s \"superpiano\"", || pick_val(true, Join::Inner)),
        b!("pickOut", "Like `pick`, with the wholes of the picking pattern (outer join).", "out $ s (pickOut [\"bd sn\", \"cp cp\", \"hh hh\"] \"<0 1 [2,0]>\")", || pick_val(false, Join::Outer)),
        b!("pickmodOut", "Like `pickOut`, an index wrapping round the list.", "out $ s (pickmodOut [\"bd sn\", \"cp cp\"] \"<0 1 2>\")", || pick_val(true, Join::Outer)),
        b!("pickRestart", "Like `pick`, the picked pattern restarted from its first cycle at each picking event.", "out $ s (pickRestart [\"bd sn hh\", \"cp*3\"] \"<0@2 1>\")", || pick_val(false, Join::Restart)),
        b!("pickmodRestart", "Like `pickRestart`, an index wrapping round the list.", "out $ s (pickmodRestart [\"bd sn hh\", \"cp*3\"] \"<0 1 2>\")", || pick_val(true, Join::Restart)),
        b!("pickReset", "Like `pick`, the picked pattern's cycle aligned to each picking event.", "out $ s (pickReset [\"bd sn hh\", \"cp*3\"] \"<0 [1 0]>\")", || pick_val(false, Join::Reset)),
        b!("pickmodReset", "Like `pickReset`, an index wrapping round the list.", "out $ s (pickmodReset [\"bd sn hh\", \"cp*3\"] \"<0 [1 2]>\")", || pick_val(true, Join::Reset)),
        b!("pickSqueeze", "Strudel's `inhabit` (by index or by name): each picking event plays a whole cycle of the picked pattern.", "out $ s (pickSqueeze [\"bd sn\", \"cp*3\"] \"<0 [1 0]>\")", || pick_val(false, Join::Squeeze)),
        b!("inhabitmod", "Like `inhabit`, an index wrapping round the list.", "out $ s (inhabitmod [\"bd sn\", \"cp*3\"] \"<0 [1 2]>\")", || pick_val(true, Join::Squeeze)),
        b!("pickmodSqueeze", "Same as `inhabitmod`.", "out $ s (pickmodSqueeze [\"bd sn\", \"cp*3\"] \"<0 [1 2]>\")", || pick_val(true, Join::Squeeze)),
        b!("pickmodF", "Like `pickF`, an index wrapping round the list of functions.", "out $ pickmodF \"<0 1 2>\" [rev, fast 2] $ s \"bd [sn hh]\"", || pick_f_val(true)),
        // Arrangement
        b!("arrange", "Strudel's `arrange`: sections `[cycles, pattern]` played in turn, each for its cycles, looping.", "out $ arrange [[2, s \"bd*4\"], [1, s \"[~ cp]*2\"]]", arrange_val),
        // Structure
        b!("euclidLegato", "Strudel's `euclidLegato`: the euclid rhythm with each onset held until the next (`note(\"c3\").euclidLegato(3, 8)`).", "out $ euclidLegato 3 8 $ n \"<0 3>\" # s \"superpiano\"", || {
            func3(|k, n, x| pat(euclid_legato(&np(&k)?, &np(&n)?, &num(0.0), &p(&x)?)))
        }),
        b!("euclidLegatoRot", "Strudel's `euclidLegatoRot`: `euclidLegato` rotated by a number of steps (`note(\"c3\").euclidLegatoRot(3, 5, 2)`).", "out $ euclidLegatoRot 3 5 2 $ n \"0\" # s \"superpiano\"", || {
            func4(|k, n, r, x| pat(euclid_legato(&np(&k)?, &np(&n)?, &np(&r)?, &p(&x)?)))
        }),
        b!("ribbon", "Strudel's `ribbon`: loops a number of cycles of a pattern, starting an offset of cycles in (`note(\"<c d e f>\").ribbon(1, 2)`).", "out $ ribbon 1 2 $ n \"<0 2 4 5>\" # s \"superpiano\"", || {
            func3(|o, c, x| pat(ribbon(&o.to_time_pat()?, &np(&c)?, &p(&x)?)))
        }),
        b!("rib", "Same as `ribbon`.", "out $ rib 2 1 $ n \"<0 2 4 5>\" # s \"superpiano\"", || {
            func3(|o, c, x| pat(ribbon(&o.to_time_pat()?, &np(&c)?, &p(&x)?)))
        }),
        b!("when", "Strudel's `when`: applies a function where a boolean pattern is true (the same as `while`).", "out $ when \"<0 1>\" (fast 2) $ s \"bd sn\"", || {
            func3(|b, f, x| pat(when(&p(&b)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("invert", "Strudel's `invert`: the same as `inv`.", "out $ struct (invert \"1 0 1 1\") $ s \"hh\"", || func(|x| pat(inv(&p(&x)?)))),
        b!("seg", "Strudel's `seg`: the same as `segment`.", "out $ n (seg 4 $ range 0 8 saw) # s \"arpy\"", || {
            func2(|n, x| pat(segment(&np(&n)?, &p(&x)?)))
        }),
        b!("chunkback", "Strudel's lower-case `chunkBack`.", "out $ chunkback 4 (# speed 2) $ s \"a b c d\"", || {
            func3(|n, f, x| pat(chunk(&np(&n)?, &pf(&f)?, &p(&x)?, true, false)?))
        }),
        b!("fastchunk", "Strudel's lower-case `fastChunk`.", "out $ fastchunk 2 (# speed 2) $ s \"<a b> c\"", || {
            func3(|n, f, x| pat(chunk(&np(&n)?, &pf(&f)?, &p(&x)?, false, true)?))
        }),
        b!("iterback", "Strudel's lower-case `iterBack`.", "out $ iterback 4 $ s \"a b c d\"", || func2(|n, x| pat(iter(&np(&n)?, &p(&x)?, true)))),
        b!("juxby", "Strudel's lower-case `juxBy`.", "out $ juxby 0.5 rev $ s \"bd sn hh\"", || {
            func3(|by, f, x| pat(jux_by(&np(&by)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("echowith", "Strudel's lower-case `echoWith`.", "out $ echowith 3 (1/8) (|* speed 2) $ s \"bd sn\" # speed 1", || {
            func4(|n, time, f, x| pat(echo_with(&np(&n)?, &np(&time)?, &pf_indexed(&f)?, &p(&x)?)?))
        }),
        b!("stutwith", "Strudel's lower-case `stutWith`.", "out $ stutwith 3 (1/3) (# speed 2) $ s \"bd\"", || {
            func4(|n, time, f, x| pat(echo_with(&np(&n)?, &np(&time)?, &pf_indexed(&f)?, &p(&x)?)?))
        }),
        // Steps
        b!("pace", "Strudel's `pace`: the pattern sped up or slowed down to play a number of steps per cycle (`s(\"bd sd cp\").pace(4)`).", "out $ pace \"<4 2>\" $ s \"bd sn cp\"", || {
            func2(|n, x| pat(pace(&np(&n)?, &p(&x)?)))
        }),
        b!("take", "Strudel's `take(i)`: the first `i` steps of each cycle (the last ones for negative `i`), played over the cycle (`\"bd cp ht mt\".take(2)`).", "out $ take 2 $ s \"bd cp ht mt\"", || {
            func2(|i, x| pat(take(step_count(&i, "take")?, &p(&x)?)))
        }),
        b!("drop", "Strudel's `drop(i)`: each cycle without its first `i` steps (without its last ones for negative `i`), played over the cycle (`\"bd cp ht mt\".drop(1)`).", "out $ drop 1 $ s \"bd cp ht mt\"", || {
            func2(|i, x| pat(drop(step_count(&i, "drop")?, &p(&x)?)))
        }),
        b!("stepcat", "Strudel's `stepcat`: patterns one after another in a cycle, each taking as many steps as it has (or `[steps, pattern]`).", "out $ stepcat [s \"bd sn\", s \"hh hh hh\", [2, s \"cp\"]]", || func(|l| pat(stepcat(step_parts(&l)?)))),
        b!("s_cat", "Strudel's old name of `stepcat`.", "out $ s_cat [s \"bd sn\", s \"hh hh hh\"]", || func(|l| pat(stepcat(step_parts(&l)?)))),
        b!("polymeter", "Strudel's `polymeter`: patterns stacked, each paced to the least common multiple of their steps (`polymeter(\"a b c\", \"d e\")`).", "out $ polymeter [s \"bd sn cp\", s \"hh hh\"]", || func(|l| pat(polymeter(pats(&l)?)))),
        b!("s_polymeter", "Strudel's old name of `polymeter`.", "out $ s_polymeter [s \"bd sn cp\", s \"hh hh\"]", || func(|l| pat(polymeter(pats(&l)?)))),
        // Combining
        b!("seq", "Strudel's `seq`: the same as `fastcat`.", "out $ seq [s \"bd*2\", s \"sn\"]", || func(|l| pat(fastcat(pats(&l)?)))),
        b!("sequence", "Strudel's `sequence`: the same as `fastcat`.", "out $ sequence [s \"bd*2\", s \"sn\"]", || func(|l| pat(fastcat(pats(&l)?)))),
        b!("polyrhythm", "Strudel's `polyrhythm`: the same as `stack`.", "out $ polyrhythm [s \"bd*2\", s \"hh*3\"]", || func(|l| pat(stack(pats(&l)?)))),
        b!("pr", "Strudel's `pr`: the same as `stack`.", "out $ pr [s \"bd*2\", s \"hh*3\"]", || func(|l| pat(stack(pats(&l)?)))),
        b!("pm", "Strudel's `pm`: the same as `polymeter`.", "out $ pm [s \"bd sn cp\", s \"hh hh\"]", || func(|l| pat(polymeter(pats(&l)?)))),
        b!("wchooseCycles", "Strudel's `wchooseCycles`: one pattern each cycle, chosen at random with weights (`wchooseCycles([\"bd\", 10], [\"hh\", 1])`).", "out $ s (fast 8 $ wchooseCycles [[\"bd\", 10], [\"hh\", 1], [\"sn\", 1]])", || {
            func(|l| {
                let mut ps = vec![];
                let mut ws = vec![];
                for item in l.to_list()? {
                    match item.to_list().ok().as_deref() {
                        Some([x, w]) => {
                            ps.push(p(x)?);
                            ws.push(w.to_num()?);
                        }
                        _ => return Err(EvalError::new("wchooseCycles takes `[pattern, weight]` pairs")),
                    }
                }
                pat(wchoose_cycles(ps, ws))
            })
        }),
        b!("chooseWith", "Strudel's `chooseWith`: a pattern of numbers from 0 to 1 picks from a list, with its structure (`chooseWith(sine.segment(4), [\"bd\", \"sn\"])`).", "out $ s (chooseWith (segment 4 sine) [\"bd\", \"sn\", \"hh\"])", || {
            func2(|c, l| pat(choose_with(&p(&c)?, pats(&l)?, false)))
        }),
        b!("chooseInWith", "Strudel's `chooseInWith`: like `chooseWith`, with the structure of the chosen patterns.", "out $ s (chooseInWith (slow 2 saw) [\"bd*2\", \"hh*3\"])", || {
            func2(|c, l| pat(choose_with(&p(&c)?, pats(&l)?, true)))
        }),
        b!("chooseIn", "Strudel's `chooseIn`: `chooseInWith rand`.", "out $ s (segment 4 $ chooseIn [\"bd*2\", \"hh*3\"])", || {
            func(|l| pat(choose_with(&crate::pattern::ops::random::rand(), pats(&l)?, true)))
        }),
        b!("chooseOut", "Strudel's `chooseOut`: `chooseWith rand` (the same as `choose`).", "out $ s (segment 4 $ chooseOut [\"bd\", \"hh\"])", || {
            func(|l| pat(choose_with(&crate::pattern::ops::random::rand(), pats(&l)?, false)))
        }),
        b!("reset", "Strudel's `reset`: at each event of a trigger pattern the pattern starts its cycle again (`s(\"[<bd lt> sd]*2, hh*8\").reset(\"<x@3 x(5,8)>\")`).", "out $ reset \"<x@3 x(5,8)>\" $ s \"[<bd lt> sn]*2, hh*8\"", || {
            func2(|t, x| pat(reset(&p(&t)?, &p(&x)?, false)))
        }),
        b!("restart", "Strudel's `restart`: at each event of a trigger pattern the pattern starts again from cycle 0.", "out $ restart \"<x@3 x(5,8)>\" $ s \"[<bd lt> sn]*2, hh*8\"", || {
            func2(|t, x| pat(reset(&p(&t)?, &p(&x)?, true)))
        }),
        // Numbers
        b!("round", "Strudel's `round` (and Haskell's): each number rounded (note names as MIDI numbers).", "out $ n (round $ segment 4 $ range 0 7 saw) # s \"arpy\"", || numeric(|x| (x + 0.5).floor())),
        b!("floor", "Strudel's `floor` (and Haskell's): each number rounded down (note names as MIDI numbers).", "out $ n (floor $ segment 4 $ range 0 7 saw) # s \"arpy\"", || numeric(f64::floor)),
        b!("ceil", "Strudel's `ceil`: each number rounded up (note names as MIDI numbers).", "out $ n (ceil $ segment 4 $ range 0 7 saw) # s \"arpy\"", || numeric(f64::ceil)),
        b!("pow", "Strudel's `pow`: each value raised to a power (`n(\"2 3\").pow(2)`; Tidal's `|**`).", "out $ s \"arpy*4\" # speed (pow \"<1 2>\" \"1 1.5\")", || arith(NumOp::Pow)),
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
        // Arithmetic
        b!("add", "Strudel's `add`: adds to each value, the structure from the pattern (`n(\"0 2\").add(\"<0 3>\")`, Tidal's `|+`).", "out $ n (add \"<0 3>\" \"0 2 4\") # s \"superpiano\"", || arith(NumOp::Add)),
        b!("sub", "Strudel's `sub`: subtracts from each value (Tidal's `|-`).", "out $ n (sub \"<0 3>\" \"7 9\") # s \"superpiano\"", || arith(NumOp::Sub)),
        b!("mul", "Strudel's `mul`: multiplies each value (Tidal's `|*`).", "out $ s \"arpy*4\" # speed (mul \"<1 2>\" \"1 1.5\")", || arith(NumOp::Mul)),
        b!("div", "Strudel's `div`: divides each value (Tidal's `|/`).", "out $ s \"arpy*4\" # speed (div \"<1 2>\" \"2 3\")", || arith(NumOp::Div)),
    ]
}

/// Installs the `strudel:` rows (the plain ones come with [`builtins`]).
pub fn install(m: &mut HashMap<&'static str, Val>) {
    for (name, make) in strudel_rows() {
        m.insert(name, make());
    }
}

/// A `strudel:` row: its name and how to make its value.
pub type StrudelRow = (&'static str, fn() -> Val);

/// The rows only Strudel code reaches.
pub fn strudel_rows() -> Vec<StrudelRow> {
    vec![
        ("strudel:scale", || {
            func2(|s, x| {
                // `scale(['E3', 'minor'])`: tonal.mjs joins an array into one name.
                let s = match &s {
                    Val::List(xs) => match xs.iter().map(text_of).collect::<R<Vec<_>>>() {
                        Ok(words) => Val::Pat(crate::pattern::pattern::pure(Value::Str(
                            Sym::intern(&words.join(" ")),
                        ))),
                        Err(_) => s,
                    },
                    _ => s,
                };
                pat(scale(&p(&s)?, &p(&x)?))
            })
        }),
        ("strudel:scaleTranspose", scale_transpose_val),
        ("strudel:scaleTrans", scale_transpose_val),
        ("strudel:strans", scale_transpose_val),
        ("strudel:timecat", || {
            func(|l| pat(stepcat(step_parts(&l)?)))
        }),
        ("strudel:timeCat", || {
            func(|l| pat(stepcat(step_parts(&l)?)))
        }),
        ("strudel:mod", || arith(NumOp::Mod)),
        // `addVoicings(name, dict, range)`: a function playing `voicings` over the dictionary.
        ("strudel:voicingDict", || {
            func3(|name, dict, range| {
                let name = text_of(&name)?;
                let chords = voicing_entries(&dict, "addVoicings")?;
                let (lo, hi) = note_range(&range, "addVoicings")?;
                let d = user_dict(&name, chords, (&lo, &hi)).map_err(EvalError::new)?;
                Ok(func(move |x| pat(voicings_with(d.clone(), &p(&x)?))))
            })
        }),
        // `setVoicingRange(name, range)`: `voicings` over a built-in dictionary, another range.
        ("strudel:voicingRange", || {
            func2(|name, range| {
                let name = text_of(&name)?;
                let (lo, hi) = note_range(&range, "setVoicingRange")?;
                let d = with_range(&name, (&lo, &hi)).map_err(EvalError::new)?;
                Ok(func(move |x| pat(voicings_with(d.clone(), &p(&x)?))))
            })
        }),
        // `voicing` after `setDefaultVoicings(name)`: chords without a `dictionary` use `name`.
        ("strudel:voicingDefault", || {
            func2(|d, x| {
                let d = text_of(&d)?;
                pat(voicing_by_default(&p(&x)?, &d))
            })
        }),
        // `.dict({...}).voicing()`: the dictionary written in the code, then the default one.
        ("strudel:voicingInline", || {
            func3(|dict, d, x| {
                let chords = voicing_entries(&dict, "dict({...})")?;
                let dict = Dict::new(INLINE_DICT, &chords);
                pat(voicing_inline(&p(&x)?, dict, &text_of(&d)?))
            })
        }),
        ("strudel:berlin", || {
            Val::Pat(crate::pattern::ops::random::berlin())
        }),
        // `time`: Strudel's `signal(id)` (signal.mjs), the cycle position itself.
        ("strudel:time", || {
            Val::Pat(crate::pattern::ops::signal::time())
        }),
        ("strudel:rand2", || {
            Val::Pat(crate::pattern::ops::random::rand2())
        }),
        // `"c:.5 a:1".as("note:clip")`: values to named controls (a constant mapping).
        ("strudel:as", || {
            func2(|m, x| {
                let names: Vec<String> = match &m {
                    Val::Pat(p) => match p.pure {
                        Some(Value::List(xs)) => xs
                            .iter()
                            .map(|v| match v {
                                Value::Str(s) => Ok(s.text().to_string()),
                                _ => {
                                    Err(EvalError::new("`as` names controls: `as(\"note:clip\")`"))
                                }
                            })
                            .collect::<R<_>>()?,
                        _ => vec![text_of(&m)?],
                    },
                    other => other
                        .to_list()
                        .and_then(|l| l.iter().map(text_of).collect::<R<_>>())
                        .or_else(|_| Ok::<_, EvalError>(vec![text_of(other)?]))?,
                };
                let names: Vec<&str> = names.iter().flat_map(|n| n.split(':')).collect();
                pat(as_controls(&names, &p(&x)?).map_err(EvalError::new)?)
            })
        }),
        // `pat.scrub("0 .25:2")`: the sample's position (and speed) from a pattern.
        ("strudel:scrub", || {
            func2(|b, x| pat(scrub(&p(&b)?, &p(&x)?)))
        }),
        // The deprecated `voicings(dict)`, voice-led (ops/strudel_voicings.rs).
        ("strudel:voicings", || {
            func2(|d, x| pat(voicings(&p(&d)?, &p(&x)?)))
        }),
        // The strudel.cc website's `.piano()`.
        ("strudel:piano", || func(|x| pat(piano(&p(&x)?)))),
        // A 'single-quoted' string: one value, not mini-notation (Strudel's transpiler parses
        // only "double" and `backtick` strings).
        ("strudel:plain", || {
            func(|v| match v {
                Val::Str(text, _) => pat(crate::pattern::pattern::pure(Value::Str(Sym::intern(
                    &text,
                )))),
                other => Ok(other),
            })
        }),
        ("strudel:sequenced", sequenced),
        // Envelope shorthands (Phonon's `adsr` and `ar` are envelope nodes).
        ("strudel:adsr", || {
            envelope(
                &[Sym::ATTACK, Sym::DECAY, Sym::SUSTAIN, Sym::RELEASE],
                Fill::Unset,
            )
        }),
        ("strudel:ad", || {
            envelope(&[Sym::ATTACK, Sym::DECAY], Fill::First)
        }),
        ("strudel:ar", || {
            envelope(&[Sym::ATTACK, Sym::RELEASE], Fill::First)
        }),
        ("strudel:ds", || {
            envelope(&[Sym::DECAY, Sym::SUSTAIN], Fill::Zero)
        }),
        ("strudel:arp", || {
            func2(|i, x| pat(strudel_struct::arp(&p(&i)?, &p(&x)?)))
        }),
        ("strudel:fit", || {
            func(|x| pat(strudel_struct::fit(&p(&x)?)))
        }),
        ("strudel:slice", || {
            func3(|n, i, x| pat(strudel_struct::slice(slices(&n)?, &p(&i)?, &p(&x)?)))
        }),
        ("strudel:splice", || {
            func3(|n, i, x| pat(strudel_struct::splice(slices(&n)?, &p(&i)?, &p(&x)?)))
        }),
    ]
}

/// A number of steps (`pace(8)`, `expand(2)`), as an exact time.
fn steps(v: &Val, what: &str) -> R<Time> {
    let x = v.to_num()?;
    from_f64(x).filter(|t| *t.numer() >= 0).ok_or_else(|| {
        EvalError::new(format!(
            "`{what}` takes a number of steps (0 or more), not {x}"
        ))
    })
}

/// A voicing dictionary written as an object: chord symbols to their voicings (a list of
/// texts, or one text), for `addVoicings` and `.dict({...})`.
fn voicing_entries(dict: &Val, what: &str) -> R<Vec<(String, Vec<String>)>> {
    let mut chords = vec![];
    for entry in dict.to_list()? {
        let kv = entry.to_list()?;
        let [k, v] = kv.as_slice() else {
            return Err(EvalError::new(format!(
                "`{what}`: the dictionary maps chord symbols to lists of voicings: `{{ m7: ['3m 5P 7m'] }}`"
            )));
        };
        let vs = match v {
            Val::List(vs) => vs.iter().map(text_of).collect::<R<Vec<_>>>()?,
            one => vec![text_of(one)?],
        };
        chords.push((text_of(k)?, vs));
    }
    Ok(chords)
}

/// A whole number of steps, positive or negative (`take`, `drop`).
fn step_count(v: &Val, what: &str) -> R<Time> {
    let x = v.to_num().map_err(|_| {
        EvalError::new(format!(
            "`{what}` takes a number of steps here, not a pattern of them"
        ))
    })?;
    from_f64(x).ok_or_else(|| EvalError::new(format!("`{what}` takes a number of steps, not {x}")))
}

/// The strudel.cc website's `.piano()` (`website/src/repl/prebake.mjs`): `clip` 1 unless set,
/// `s` piano, `release` 0.1, and the pan spread by pitch (C8 far right, at half width). `s` and
/// `release` are set from plain values, so an event longer than a cycle is split at the cycle
/// boundary as Strudel's `set` splits it.
fn piano(pat: &Pattern) -> Pattern {
    use crate::pattern::controls::set_control;
    let piano = Value::Str(Sym::intern("piano"));
    let set = pat.fmap(move |ctx, v| {
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
    });
    Pattern::new(move |ctx, span| {
        let haps = set.query(ctx, span);
        crate::pattern::transform::app_left_pure(ctx, haps, Value::Num(0.0), |v, _| Some(v))
    })
}

/// What an envelope shorthand sets second when given one value.
#[derive(Clone, Copy)]
enum Fill {
    /// Nothing (`adsr(.1)` sets only the attack).
    Unset,
    /// The first value again (`ad(.1)` is attack and decay .1).
    First,
    /// Zero (`ds(.2)` is decay .2, sustain 0).
    Zero,
}

/// Strudel's `adsr("a:d:s:r")`, `ad`, `ar` and `ds` (`controls.mjs`): a value or a `:` list
/// sets `names` in order, on the pattern's structure.
fn envelope(names: &'static [Sym], fill: Fill) -> Val {
    func2(move |v, x| {
        // An array of numbers is one value (`.adsr([.5, 0, 1, .5])`: controls.mjs spreads the
        // array into `set`), written as the tuple `".5:0:1:.5"`.
        let v = match &v {
            Val::List(xs) => match xs.iter().map(Val::to_num).collect::<R<Vec<f64>>>() {
                Ok(ns) if !ns.is_empty() => {
                    let text: Vec<String> = ns.iter().map(|n| n.to_string()).collect();
                    Val::Str(text.join(":"), 0)
                }
                _ => v,
            },
            _ => v,
        };
        let values = p(&v)?.fmap(move |ctx, v| {
            let first = match v {
                Value::List(xs) if xs.len() > 1 => return v,
                Value::List(xs) => xs.first().copied().unwrap_or(v),
                other => other,
            };
            let second = match fill {
                Fill::Unset => return first,
                Fill::First => first,
                Fill::Zero => Value::Num(0.0),
            };
            ctx.alloc_slice(&[first, second])
                .map(Value::List)
                .unwrap_or(first)
        });
        let controls = crate::pattern::controls::control(names, &values);
        pat(combine(&p(&x)?, &controls, NumOp::Set, Structure::Left))
    })
}

/// `strudel:sequenced f [a, b, ..] pat`: a one-argument method given several (see
/// [`SEQUENCED`](super::names::SEQUENCED)). Values are sequenced into one pattern (`f "a b"`);
/// functions make a sequence of functions, each applied to the whole pattern in its slot of the
/// cycle (Strudel's inner join).
fn sequenced() -> Val {
    func3(|f, args, x| {
        let (args, x) = (args.to_list()?, p(&x)?);
        if !args.iter().any(Val::is_func) {
            let seq = fastcat(args.iter().map(p).collect::<R<_>>()?);
            return f.apply(Val::Pat(seq))?.apply(Val::Pat(x));
        }
        let layers = args
            .iter()
            .map(|a| f.apply(a.clone())?.apply(Val::Pat(x.clone()))?.to_pat())
            .collect::<R<Vec<_>>>()?;
        let slots = (0..layers.len())
            .map(|i| crate::pattern::pattern::pure(Value::Num(i as f64)))
            .collect();
        pat(pick(
            Lookup::Index(layers),
            &fastcat(slots),
            false,
            Join::Inner,
        ))
    })
}

/// `strudel:scaleTranspose scale offset pat` (the scale of the `.scale(...)` before it).
fn scale_transpose_val() -> Val {
    func3(|s, o, x| pat(scale_transpose(&p(&s)?, &p(&o)?, &p(&x)?)))
}

/// `stepcat`'s parts: patterns, or `[steps, pattern]` pairs.
fn step_parts(l: &Val) -> R<Vec<(Option<crate::pattern::time::Time>, Pattern)>> {
    l.to_list()?
        .iter()
        .map(|item| match item {
            Val::List(pair) if pair.len() == 2 && matches!(pair[0], Val::Num(_)) => {
                let w = from_f64(pair[0].to_num()?)
                    .ok_or_else(|| EvalError::new("stepcat: steps must be a finite number"))?;
                Ok((Some(w), p(&pair[1])?))
            }
            other => Ok((None, p(other)?)),
        })
        .collect()
}

/// `slice`'s first argument: a number of slices (patterned), or a list of slice points.
fn slices(n: &Val) -> R<Slices> {
    match n {
        Val::List(xs) => Ok(Slices::Points(
            xs.iter().map(|x| x.to_num()).collect::<R<Vec<_>>>()?,
        )),
        other => Ok(Slices::Count(np(other)?)),
    }
}

/// Strudel's doc example of each `strudel:` row (its JS, for the docs and tests).
pub const STRUDEL_EXAMPLES: &[(&str, &str)] = &[
    ("strudel:scale", "n(\"0 2 4 6 4 2\").scale(\"C:major\")"),
    (
        "strudel:arp",
        "note(\"<[c,eb,g]!2 [c,f,ab] [d,f,ab]>\").arp(\"0 [0,2] 1 [0,2]\")",
    ),
    ("strudel:fit", "s(\"rhodes/2\").fit()"),
    ("strudel:piano", "note(\"c3 e3 g3\").piano()"),
    (
        "strudel:adsr",
        "note(\"c3 e3\").s(\"sawtooth\").adsr(\".1:.1:.5:.2\")",
    ),
    (
        "strudel:ad",
        "note(\"c3 e3\").s(\"sawtooth\").ad(\".1:.4\")",
    ),
    (
        "strudel:ar",
        "note(\"c3 e3\").s(\"sawtooth\").ar(\".1:.4\")",
    ),
    (
        "strudel:ds",
        "note(\"c3 e3\").s(\"sawtooth\").ds(\".1:.4\")",
    ),
    ("strudel:sequenced", "s(\"bd sd hh\").jux(id, rev)"),
    ("strudel:plain", "s(plain(\"bd\"))"),
    ("strudel:slice", "s(\"bev\").chop(4).slice(4, \"0 2 1 3\")"),
    ("strudel:splice", "s(\"breaks\").splice(4, \"0 1 <2 3> 1\")"),
];

/// Compiles an expression in Tidal's syntax where `strudel:name` (which Tidal's lexer cannot
/// read) names the `strudel:` rows: the text `strudel:` is read as a marker, and each marked
/// name is looked up under its `strudel:` key (for tests, and a Strudel front-end that
/// prints Tidal code).
pub fn compile_expr_with_strudel_names(src: &str) -> Result<Pattern, super::LangError> {
    use crate::lang::ast::{Expr, ExprKind};
    const MARK: &str = "strudel_0x3a_";
    fn rename(e: &mut Expr) {
        match &mut e.kind {
            ExprKind::Var(n) => {
                if let Some(rest) = n.strip_prefix(MARK) {
                    *n = format!("strudel:{rest}");
                }
            }
            ExprKind::List(xs) | ExprKind::Tuple(xs) => xs.iter_mut().for_each(rename),
            ExprKind::App(a, b) | ExprKind::BinOp(_, a, b) => {
                rename(a);
                rename(b);
            }
            ExprKind::SectionL(_, a) | ExprKind::SectionR(_, a) | ExprKind::Neg(a) => rename(a),
            ExprKind::Lambda(_, body) => rename(body),
            ExprKind::Let(bs, body) => {
                for b in bs.iter_mut() {
                    rename(&mut b.body);
                }
                rename(body);
            }
            ExprKind::Num(_) | ExprKind::Str(_) | ExprKind::Bus(_) | ExprKind::OpFn(_) => {}
        }
    }
    // Same length as `strudel:` would be wrong for error columns; they are not needed here.
    let text = src.replace("strudel:", MARK);
    let mut e = crate::lang::parser::parse_expr(&text)?;
    rename(&mut e);
    let env = crate::lang::eval::Env::new();
    let v =
        crate::lang::eval::eval(&env, &e).map_err(|err| crate::lang::eval::at(&text, &e, err))?;
    v.to_pat()
        .map_err(|err| crate::lang::eval::at(&text, &e, err))
}

/// The text of a string: a literal, or a 'single-quoted' string (one plain value).
fn text_of(v: &Val) -> R<String> {
    match v {
        Val::Str(s, _) => Ok(s.clone()),
        Val::Pat(p) => match p.pure {
            Some(Value::Str(s)) => Ok(s.text().to_string()),
            _ => Err(EvalError::new("expected a string here, as 'C3' or '3M 5P'")),
        },
        other => Err(EvalError::new(format!(
            "expected a string here, not {}",
            other.describe()
        ))),
    }
}

/// A voicing range, two note names (`['C3', 'C5']`), for function `who`.
fn note_range(v: &Val, who: &str) -> R<(String, String)> {
    let notes = v.to_list()?.iter().map(text_of).collect::<R<Vec<_>>>()?;
    match <[String; 2]>::try_from(notes) {
        Ok([lo, hi]) => Ok((lo, hi)),
        Err(_) => Err(EvalError::new(format!(
            "`{who}`: the range is two notes, as ['C3', 'C5']"
        ))),
    }
}
