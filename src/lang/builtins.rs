//! The functions a Phonon program can call, by name. Each entry: name, a one-line description,
//! an example in Phonon syntax (queried and snapshot-checked by `tests/pattern_docs.rs`), and
//! its definition. The semantics are Strudel 1.2.6's (see `crate::pattern::ops`); where
//! Strudel and Tidal differ, the description says so.

use super::value::{func, func2, func3, func4, EvalError, Val, R};
use crate::pattern::control_table::{ControlDef, Plays, Takes, CONTROLS};
use crate::pattern::controls::{control, control_names};
use crate::pattern::ops::conditional::{
    brak, chunk, every_offset, first_of, last_of, palindrome, when, whenmod,
};
use crate::pattern::ops::layering::{echo, echo_with, jux_by, layer, off, stut, superimpose};
use crate::pattern::ops::random::{
    brand_by, choose, choose_cycles_by_rand, degrade_by, irand, perlin, rand, some_cycles_by,
    sometimes_by, undegrade_by,
};
use crate::pattern::ops::sample::{chop, striate};
use crate::pattern::ops::signal::{
    cosine, cosine2, isaw, itri, range, range2, rangex, run, saw, sine, sine2, square, to_bipolar,
    tri,
};
use crate::pattern::ops::structure::{euclid, euclid_inv, euclid_rot, mask, segment, struct_};
use crate::pattern::ops::time::{
    compress, early, fast, fast_gap, hurry, inside, iter, late, linger, outside, ply, press_by,
    repeat_cycles, rev, slow, swing_by, zoom,
};
use crate::pattern::pattern::{fastcat, pure, silence, slowcat, stack, timecat};
use crate::pattern::theory::scales::{degree_semitones, scale, SCALES};
use crate::pattern::time::from_f64;
use crate::pattern::value::Value;
use crate::pattern::Pattern;
use std::collections::HashMap;

/// One documented function.
pub struct Builtin {
    pub name: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
    pub make: fn() -> Val,
}

/// One documented entry: `b!(name, doc, example, make)` (every table of builtins uses it).
macro_rules! b {
    ($name:expr, $doc:expr, $ex:expr, $make:expr) => {
        $crate::lang::builtins::Builtin {
            name: $name,
            doc: $doc,
            example: $ex,
            make: $make,
        }
    };
}
pub(crate) use b;

pub(crate) fn p(v: &Val) -> R<Pattern> {
    v.to_pat()
}

/// A numeric argument (`fast "<1 2>"`): a string must hold only numbers.
pub(crate) fn np(v: &Val) -> R<Pattern> {
    v.to_num_pat()
}

pub(crate) fn pat(x: Pattern) -> R<Val> {
    Ok(Val::Pat(x))
}

pub(crate) fn num(x: f64) -> Pattern {
    pure(Value::Num(x))
}

/// A Phonon function value as a pattern transformation.
pub(crate) fn pf(f: &Val) -> R<impl Fn(Pattern) -> R<Pattern>> {
    let f = f.to_func()?;
    Ok(move |x: Pattern| f(Val::Pat(x))?.to_pat())
}

/// A function of a pattern and its index (Strudel's `(x, i) => ...` in `echoWith`): `f x`, and
/// `f x i` when `f` takes both.
pub(crate) fn pf_indexed(f: &Val) -> R<impl Fn(Pattern, Pattern) -> R<Pattern>> {
    let f = f.to_func()?;
    Ok(move |x: Pattern, i: Pattern| match f(Val::Pat(x))? {
        g @ Val::Func(_) => g.apply(Val::Pat(i))?.to_pat(),
        other => other.to_pat(),
    })
}

/// The patterns of a list value (`[s "a", s "b"]`).
pub(crate) fn pats(l: &Val) -> R<Vec<Pattern>> {
    l.to_list()?.iter().map(p).collect()
}

/// A `(begin, end)` tuple (or two-element list) as two patterns.
pub(super) fn pair(v: &Val, what: &str) -> R<(Pattern, Pattern)> {
    match v.to_list() {
        Ok(xs) if xs.len() == 2 => Ok((p(&xs[0])?, p(&xs[1])?)),
        _ => Err(EvalError::new(format!(
            "{what} takes a pair such as `(0.25, 0.75)`"
        ))),
    }
}

/// The sometimes family: `sometimesBy x`.
fn sometimes_val(x: f64) -> Val {
    func2(move |f, v| pat(sometimes_by(&num(x), &pf(&f)?, &p(&v)?)?))
}

/// Every builtin function with its documentation.
pub fn builtins() -> Vec<Builtin> {
    let mut v = vec![
        // Basics
        b!("silence", "The empty pattern.", "out $ stack [silence, s \"bd\"]", || Val::Pat(silence())),
        b!("id", "The identity function.", "out $ id $ s \"bd sn\"", || func(Ok)),
        // Time
        b!("fast", "Speeds a pattern up by a factor (patternable; 0 is silence).", "out $ fast \"<1 2>\" $ s \"bd sn\"", || {
            func2(|f, x| pat(fast(&np(&f)?, &p(&x)?)))
        }),
        b!("density", "Same as `fast`.", "out $ density 2 $ s \"bd sn\"", || func2(|f, x| pat(fast(&np(&f)?, &p(&x)?)))),
        b!("slow", "Slows a pattern down by a factor (patternable).", "out $ slow 2 $ s \"bd sn hh cp\"", || {
            func2(|f, x| pat(slow(&np(&f)?, &p(&x)?)))
        }),
        b!("sparsity", "Same as `slow`.", "out $ sparsity 2 $ s \"bd sn hh cp\"", || func2(|f, x| pat(slow(&np(&f)?, &p(&x)?)))),
        b!("hurry", "Speeds a pattern up and multiplies its `speed` by the same factor.", "out $ hurry \"<1 2>\" $ s \"bd sn\"", || {
            func2(|f, x| pat(hurry(&np(&f)?, &p(&x)?)))
        }),
        b!("rev", "Reverses each cycle.", "out $ rev $ s \"bd sn hh\"", || func(|x| pat(rev(&p(&x)?)))),
        b!("palindrome", "Plays the pattern forwards, then backwards, in alternate cycles.", "out $ palindrome $ s \"a b c\"", || {
            func(|x| pat(palindrome(&p(&x)?)))
        }),
        b!("early", "Shifts a pattern earlier by a number of cycles (also `<~`).", "out $ early 0.25 $ s \"bd sn\"", || {
            func2(|o, x| pat(early(&o.to_time_pat()?, &p(&x)?)))
        }),
        b!("late", "Shifts a pattern later by a number of cycles (also `~>`).", "out $ late \"<0 0.25>\" $ s \"bd sn\"", || {
            func2(|o, x| pat(late(&o.to_time_pat()?, &p(&x)?)))
        }),
        b!("iter", "Each cycle starts a further 1/n into the pattern.", "out $ iter 4 $ s \"a b c d\"", || {
            func2(|n, x| pat(iter(&np(&n)?, &p(&x)?, false)))
        }),
        b!("iter'", "Like `iter`, going backwards (Strudel's iterBack).", "out $ iter' 4 $ s \"a b c d\"", || {
            func2(|n, x| pat(iter(&np(&n)?, &p(&x)?, true)))
        }),
        b!("iterBack", "Same as `iter'`.", "out $ iterBack 4 $ s \"a b c d\"", || func2(|n, x| pat(iter(&np(&n)?, &p(&x)?, true)))),
        b!("ply", "Repeats each event n times within its own timespan.", "out $ ply \"<1 2 3>\" $ s \"bd sn\"", || {
            func2(|n, x| pat(ply(&np(&n)?, &p(&x)?)))
        }),
        b!("repeatCycles", "Repeats each cycle n times.", "out $ repeatCycles 2 $ s \"<bd sn cp>\"", || {
            func2(|n, x| pat(repeat_cycles(&np(&n)?, &p(&x)?)))
        }),
        b!("zoom", "Plays a portion `(begin, end)` of each cycle, stretched to fill the cycle.", "out $ zoom (0.25, 0.75) $ s \"a b c d\"", || {
            func2(|be, x| {
                let (b, e) = pair(&be, "zoom")?;
                pat(zoom(&b, &e, &p(&x)?))
            })
        }),
        b!("zoomArc", "Same as `zoom`.", "out $ zoomArc (0, 0.5) $ s \"a b c d\"", || {
            func2(|be, x| {
                let (b, e) = pair(&be, "zoomArc")?;
                pat(zoom(&b, &e, &p(&x)?))
            })
        }),
        b!("compress", "Squeezes each cycle into the part `(begin, end)` of the cycle.", "out $ compress (0.25, 0.75) $ s \"a b\"", || {
            func2(|be, x| {
                let (b, e) = pair(&be, "compress")?;
                pat(compress(&b, &e, &p(&x)?))
            })
        }),
        b!("fastGap", "Speeds each cycle up, leaving a gap at its end.", "out $ fastGap 2 $ s \"a b\"", || {
            func2(|f, x| pat(fast_gap(&np(&f)?, &p(&x)?)))
        }),
        b!("fastgap", "Same as `fastGap`.", "out $ fastgap 3 $ s \"a b\"", || func2(|f, x| pat(fast_gap(&np(&f)?, &p(&x)?)))),
        b!("linger", "Repeats the first fraction of each cycle (negative: the last, reversed, as Tidal) to fill it.", "out $ linger \"<0.25 0.5>\" $ s \"a b c d\"", || {
            func2(|f, x| pat(linger(&np(&f)?, &p(&x)?)))
        }),
        b!("inside", "Applies a function inside cycles of length 1/n.", "out $ inside 2 rev $ n \"0 1 2 3 4 5 6 7\"", || {
            func3(|n, f, x| pat(inside(&np(&n)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("outside", "Applies a function to n cycles at once.", "out $ outside 2 rev $ s \"<[a b] c>\"", || {
            func3(|n, f, x| pat(outside(&np(&n)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("swingBy", "Delays the second half of each of n slices by x of a half slice.", "out $ swingBy (1/3) 4 $ s \"hh*8\"", || {
            func3(|a, n, x| pat(swing_by(&np(&a)?, &np(&n)?, &p(&x)?)))
        }),
        b!("swing", "`swingBy (1/3)`.", "out $ swing 4 $ s \"hh*8\"", || func2(|n, x| pat(swing_by(&num(1.0 / 3.0), &np(&n)?, &p(&x)?)))),
        b!("press", "Shifts each event halfway into its timespan (syncopation).", "out $ press $ s \"a b c d\"", || {
            func(|x| pat(press_by(&num(0.5), &p(&x)?)))
        }),
        b!("pressBy", "Shifts each event by a fraction of its timespan.", "out $ pressBy \"<0 0.25>\" $ s \"a b\"", || {
            func2(|r, x| pat(press_by(&np(&r)?, &p(&x)?)))
        }),
        b!("brak", "Every other cycle squashed into half a cycle and shifted a quarter later.", "out $ brak $ s \"bd sn\"", || {
            func(|x| pat(brak(&p(&x)?)))
        }),
        // Conditions
        b!("every", "Applies a function on the first of every n cycles (Strudel's firstOf; n patternable).", "out $ every 3 (fast 2) $ s \"bd sn\"", || {
            func3(|n, f, x| pat(first_of(&np(&n)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("firstOf", "Same as `every`.", "out $ firstOf 3 rev $ s \"bd sn hh\"", || {
            func3(|n, f, x| pat(first_of(&np(&n)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("lastOf", "Applies a function on the last of every n cycles.", "out $ lastOf 3 rev $ s \"bd sn hh\"", || {
            func3(|n, f, x| pat(last_of(&np(&n)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("every'", "Applies a function when the cycle number mod n is o.", "out $ every' 3 2 rev $ s \"a b c\"", || {
            func4(|n, o, f, x| pat(every_offset(&np(&n)?, &np(&o)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("whenmod", "Applies a function in the cycles where cycle mod a >= b.", "out $ whenmod 4 2 rev $ s \"a b c d\"", || {
            func4(|a, b, f, x| pat(whenmod(&np(&a)?, &p(&b)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("while", "Applies a function where a boolean pattern is true (Strudel's `when`).", "out $ while \"<0 1>\" (fast 2) $ s \"a b\"", || {
            func3(|b, f, x| pat(when(&p(&b)?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("chunk", "Applies a function to one of n parts of each cycle, a different part each cycle.", "out $ chunk 4 (hurry 2) $ s \"a b c d\"", || {
            func3(|n, f, x| pat(chunk(&np(&n)?, &pf(&f)?, &p(&x)?, false, false)?))
        }),
        b!("chunk'", "Like `chunk`, going backwards through the parts (Strudel's chunkBack).", "out $ chunk' 4 (# speed 2) $ s \"a b c d\"", || {
            func3(|n, f, x| pat(chunk(&np(&n)?, &pf(&f)?, &p(&x)?, true, false)?))
        }),
        b!("chunkBack", "Same as `chunk'`.", "out $ chunkBack 4 (# speed 2) $ s \"a b c d\"", || {
            func3(|n, f, x| pat(chunk(&np(&n)?, &pf(&f)?, &p(&x)?, true, false)?))
        }),
        b!("fastChunk", "Like `chunk`, without repeating the source cycles.", "out $ fastChunk 2 (# speed 2) $ s \"<a b> c\"", || {
            func3(|n, f, x| pat(chunk(&np(&n)?, &pf(&f)?, &p(&x)?, false, true)?))
        }),
        // Randomness
        b!("degradeBy", "Drops events at random with the given probability.", "out $ degradeBy 0.3 $ s \"hh*8\"", || {
            func2(|a, x| pat(degrade_by(&np(&a)?, &p(&x)?)))
        }),
        b!("degrade", "Drops half of the events at random.", "out $ degrade $ s \"hh*8\"", || {
            func(|x| pat(degrade_by(&num(0.5), &p(&x)?)))
        }),
        b!("unDegradeBy", "Keeps the events `degradeBy` would drop (Strudel's undegradeBy).", "out $ unDegradeBy 0.3 $ s \"hh*8\"", || {
            func2(|a, x| pat(undegrade_by(&np(&a)?, &p(&x)?)))
        }),
        b!("undegradeBy", "Same as `unDegradeBy`.", "out $ undegradeBy 0.3 $ s \"hh*8\"", || {
            func2(|a, x| pat(undegrade_by(&np(&a)?, &p(&x)?)))
        }),
        b!("undegrade", "`unDegradeBy 0.5`.", "out $ undegrade $ s \"hh*8\"", || func(|x| pat(undegrade_by(&num(0.5), &p(&x)?)))),
        b!("sometimesBy", "Applies a function to events chosen at random with the given probability.", "out $ sometimesBy 0.3 (# speed 2) $ s \"hh*8\"", || {
            func3(|x, f, v| pat(sometimes_by(&np(&x)?, &pf(&f)?, &p(&v)?)?))
        }),
        b!("sometimes", "`sometimesBy 0.5`.", "out $ sometimes (# speed 2) $ s \"hh*8\"", || sometimes_val(0.5)),
        b!("often", "`sometimesBy 0.75`.", "out $ often (# speed 2) $ s \"hh*8\"", || sometimes_val(0.75)),
        b!("rarely", "`sometimesBy 0.25`.", "out $ rarely (# speed 2) $ s \"hh*8\"", || sometimes_val(0.25)),
        b!("almostNever", "`sometimesBy 0.1`.", "out $ almostNever (# speed 2) $ s \"hh*8\"", || sometimes_val(0.1)),
        b!("almostAlways", "`sometimesBy 0.9`.", "out $ almostAlways (# speed 2) $ s \"hh*8\"", || sometimes_val(0.9)),
        b!("always", "Always applies the function.", "out $ always (# speed 2) $ s \"hh*4\"", || func2(|f, x| f.apply(x))),
        b!("never", "Never applies the function.", "out $ never (# speed 2) $ s \"hh*4\"", || func2(|_, x| Ok(x))),
        b!("someCyclesBy", "Applies a function to whole cycles chosen at random with the given probability.", "out $ someCyclesBy 0.5 (# speed 2) $ s \"bd*4\"", || {
            func3(|x, f, v| pat(some_cycles_by(&np(&x)?, &pf(&f)?, &p(&v)?)?))
        }),
        b!("somecyclesBy", "Same as `someCyclesBy`.", "out $ somecyclesBy 0.3 (# speed 2) $ s \"bd*4\"", || {
            func3(|x, f, v| pat(some_cycles_by(&np(&x)?, &pf(&f)?, &p(&v)?)?))
        }),
        b!("someCycles", "`someCyclesBy 0.5`.", "out $ someCycles (# speed 2) $ s \"bd*4\"", || {
            func2(|f, v| pat(some_cycles_by(&num(0.5), &pf(&f)?, &p(&v)?)?))
        }),
        b!("somecycles", "Same as `someCycles`.", "out $ somecycles (# speed 2) $ s \"bd*4\"", || {
            func2(|f, v| pat(some_cycles_by(&num(0.5), &pf(&f)?, &p(&v)?)?))
        }),
        b!("rand", "A continuous random signal in [0, 1) (Strudel's generator).", "out $ s \"hh*8\" # gain rand", || Val::Pat(rand())),
        b!("irand", "Random whole numbers in [0, n) (continuous; n patternable).", "out $ n (segment 8 $ irand 8) # s \"arpy\"", || {
            func(|n| pat(irand(&np(&n)?)))
        }),
        b!("brand", "A continuous random 0 or 1.", "out $ struct (segment 8 brand) $ s \"hh\"", || Val::Pat(brand_by(&num(0.5)))),
        b!("brandBy", "A continuous random 0 or 1, 1 with the given probability.", "out $ struct (segment 8 $ brandBy 0.3) $ s \"hh\"", || {
            func(|x| pat(brand_by(&p(&x)?)))
        }),
        b!("perlin", "Smooth random noise in [0, 1).", "out $ s \"hh*8\" # gain (range 0.5 1 perlin)", || Val::Pat(perlin())),
        b!("choose", "A continuous random choice from a list.", "out $ s \"a*4\" # n (choose [0, 2, 7])", || {
            func(|l| pat(choose(pats(&l)?)))
        }),
        b!("randcat", "One pattern of the list per cycle, chosen at random (Strudel's chooseCycles).", "out $ randcat [s \"a\", s \"b c\", s \"d\"]", || {
            func(|l| pat(choose_cycles_by_rand(pats(&l)?)))
        }),
        b!("chooseCycles", "Same as `randcat`.", "out $ chooseCycles [s \"bd*2\", s \"sn\"]", || {
            func(|l| pat(choose_cycles_by_rand(pats(&l)?)))
        }),
        // Combining
        b!("stack", "Plays a list of patterns at once.", "out $ stack [s \"bd*2\", s \"~ sn\"]", || func(|l| pat(stack(pats(&l)?)))),
        b!("overlay", "Plays two patterns at once.", "out $ overlay (s \"bd*2\") (s \"~ sn\")", || {
            func2(|a, b| pat(stack(vec![p(&a)?, p(&b)?])))
        }),
        b!("cat", "Plays a list of patterns one cycle each.", "out $ cat [s \"bd*2\", s \"sn*3\"]", || func(|l| pat(slowcat(pats(&l)?)))),
        b!("slowcat", "Same as `cat`.", "out $ slowcat [s \"bd*2\", s \"sn*3\"]", || func(|l| pat(slowcat(pats(&l)?)))),
        b!("fastcat", "Squeezes a list of patterns into one cycle.", "out $ fastcat [s \"bd*2\", s \"sn*3\"]", || func(|l| pat(fastcat(pats(&l)?)))),
        b!("fastCat", "Same as `fastcat`.", "out $ fastCat [s \"bd\", s \"sn\"]", || func(|l| pat(fastcat(pats(&l)?)))),
        b!("timeCat", "Squeezes `(weight, pattern)` pairs into one cycle, in proportion.", "out $ timeCat [(1, s \"bd*4\"), (1, s \"hh*8\")]", || {
            func(|l| pat(time_cat(&l)?))
        }),
        b!("timecat", "Same as `timeCat`.", "out $ timecat [(1, s \"a\"), (3, s \"b c\")]", || func(|l| pat(time_cat(&l)?))),
        b!("superimpose", "Stacks a transformed copy on the original.", "out $ superimpose (fast 2) $ s \"bd sn\"", || {
            func2(|f, x| pat(superimpose(&pf(&f)?, &p(&x)?)?))
        }),
        b!("layer", "Stacks the results of a list of functions (without the original).", "out $ layer [rev, fast 2] $ s \"a b\"", || {
            func2(|fs, x| {
                let fs = fs.to_list()?.iter().map(pf).collect::<R<Vec<_>>>()?;
                let refs: Vec<&dyn Fn(Pattern) -> R<Pattern>> = fs.iter().map(|f| f as &dyn Fn(Pattern) -> R<Pattern>).collect();
                pat(layer(&refs, &p(&x)?)?)
            })
        }),
        b!("off", "Stacks a copy shifted later by a time and transformed by a function.", "out $ off 0.125 (# speed 2) $ s \"bd sn\"", || {
            func3(|o, f, x| pat(off(&o.to_time_pat()?, &pf(&f)?, &p(&x)?)?))
        }),
        b!("echo", "Echoes: n copies, `time` apart, with gain `feedback^i` (set, not multiplied).", "out $ echo 4 0.2 0.5 $ s \"bd sn\"", || {
            func4(|n, time, fb, x| pat(echo(&np(&n)?, &np(&time)?, &np(&fb)?, &p(&x)?)))
        }),
        b!("stut", "`echo` with the feedback before the time.", "out $ stut 3 0.5 (1/8) $ s \"bd sn\"", || {
            func4(|n, fb, time, x| pat(stut(&np(&n)?, &np(&fb)?, &np(&time)?, &p(&x)?)))
        }),
        b!("echoWith", "n copies, `time` apart, each passed once through a function (Strudel's, not Tidal's cumulative stutWith).", "out $ echoWith 3 (1/8) (|* speed 2) $ s \"bd sn\" # speed 1", || {
            func4(|n, time, f, x| pat(echo_with(&np(&n)?, &np(&time)?, &pf_indexed(&f)?, &p(&x)?)?))
        }),
        b!("stutWith", "Same as `echoWith`.", "out $ stutWith 3 (1/3) (# speed 2) $ s \"bd\"", || {
            func4(|n, time, f, x| pat(echo_with(&np(&n)?, &np(&time)?, &pf_indexed(&f)?, &p(&x)?)?))
        }),
        b!("jux", "The original panned hard left, a transformed copy hard right.", "out $ jux rev $ s \"bd sn hh\"", || {
            func2(|f, x| pat(jux_by(&num(1.0), &pf(&f)?, &p(&x)?)?))
        }),
        b!("juxBy", "Like `jux` with a pan width from 0 to 1.", "out $ juxBy 0.5 rev $ s \"bd sn hh\"", || {
            func3(|by, f, x| pat(jux_by(&np(&by)?, &pf(&f)?, &p(&x)?)?))
        }),
        // Structure
        b!("struct", "Gives a pattern the structure of a boolean pattern (`t`/`1` on, `0` or `~` off).", "out $ struct \"t ~ t t\" $ s \"bd\"", || {
            func2(|b, x| pat(struct_(&p(&b)?, &p(&x)?)))
        }),
        b!("mask", "Removes events where a boolean pattern is `0` (or silent).", "out $ mask \"1 0 1 1\" $ s \"hh*8\"", || {
            func2(|b, x| pat(mask(&p(&b)?, &p(&x)?)))
        }),
        b!("euclid", "Spreads k onsets over n steps (Bjorklund).", "out $ euclid 3 8 $ s \"bd\"", || {
            func3(|k, n, x| pat(euclid(&np(&k)?, &np(&n)?, &p(&x)?)))
        }),
        b!("euclidRot", "Euclid rotated by r steps (Strudel's direction, as mini `(k,n,r)`).", "out $ euclidRot 3 8 2 $ s \"bd\"", || {
            func4(|k, n, r, x| pat(euclid_rot(&np(&k)?, &np(&n)?, &np(&r)?, &p(&x)?)))
        }),
        b!("euclidOff", "Same as `euclidRot` (Strudel's rotation direction, unlike Tidal's).", "out $ euclidOff 3 8 2 $ s \"bd\"", || {
            func4(|k, n, r, x| pat(euclid_rot(&np(&k)?, &np(&n)?, &np(&r)?, &p(&x)?)))
        }),
        b!("euclidInv", "The steps euclid leaves empty.", "out $ euclidInv 3 8 $ s \"hh\"", || {
            func3(|k, n, x| pat(euclid_inv(&np(&k)?, &np(&n)?, &p(&x)?)))
        }),
        b!("euclidFull", "Euclid on one pattern, its complement on another.", "out $ euclidFull 3 8 (s \"bd\") (s \"hh\")", || {
            func4(|k, n, x, y| {
                let (k, n) = (np(&k)?, np(&n)?);
                pat(stack(vec![euclid(&k, &n, &p(&x)?), euclid_inv(&k, &n, &p(&y)?)]))
            })
        }),
        b!("segment", "Samples a pattern n times per cycle (turns a signal into events).", "out $ n (segment 4 $ range 0 8 saw) # s \"arpy\"", || {
            func2(|n, x| pat(segment(&np(&n)?, &p(&x)?)))
        }),
        b!("run", "The whole numbers from 0 to n-1 in one cycle (n patternable).", "out $ n (run \"<4 8>\") # s \"arpy\"", || func(|n| pat(run(&np(&n)?)))),
        // Signals
        b!("range", "Scales a pattern of 0..1 to min..max.", "out $ s \"a*4\" # speed (range 1 2 sine)", || {
            func3(|lo, hi, x| pat(range(&np(&lo)?, &np(&hi)?, &p(&x)?)))
        }),
        b!("rangex", "Like `range` on an exponential curve.", "out $ s \"a*4\" # speed (rangex 1 4 saw)", || {
            func3(|lo, hi, x| pat(rangex(&np(&lo)?, &np(&hi)?, &p(&x)?)))
        }),
        b!("range2", "Scales a pattern of -1..1 to min..max.", "out $ s \"a*4\" # speed (range2 1 2 sine2)", || {
            func3(|lo, hi, x| pat(range2(&np(&lo)?, &np(&hi)?, &p(&x)?)))
        }),
        b!("subtract", "Haskell's `subtract a b`: `b - a` (`subtract 1 <$> \"1 2\"` is `\"0 1\"`).", "out $ n (subtract 12 <$> \"12 15\") # s \"arpy\"", || func2(|a, b| super::eval::binop("-", b, a))),
        b!("pF", "Tidal's custom control: `pF \"name\" pattern` (also `pI`, `pN`, `pR`, `pB`, and `pS` for words). A control Phonon knows plays as itself; another name is data carried with the events that no sound reads (the status line says so).", "out $ s \"bd*2\" # pF \"cutoff\" 2000", || {
            func2(|name, x| custom_control(&name, &x, true))
        }),
        b!("pI", "Same as `pF` (an integer in Tidal).", "out $ s \"bd*2\" # pI \"n\" \"0 1\"", || func2(|name, x| custom_control(&name, &x, true))),
        b!("pN", "Same as `pF` (a note in Tidal).", "out $ s \"superpiano*2\" # pN \"note\" \"0 7\"", || func2(|name, x| custom_control(&name, &x, true))),
        b!("pR", "Same as `pF` (a ratio in Tidal).", "out $ s \"bd*2\" # pR \"speed\" 2", || func2(|name, x| custom_control(&name, &x, true))),
        b!("pB", "Same as `pF` (a boolean in Tidal: 1 or 0).", "out $ s \"bd*2\" # pB \"cut\" 1", || func2(|name, x| custom_control(&name, &x, true))),
        b!("pS", "`pF` for words.", "out $ s \"bd*2\" # pS \"vowel\" \"a\"", || func2(|name, x| custom_control(&name, &x, false))),
        b!("rotR", "Tidal's `rotR t`: shifts a pattern later by `t` cycles (`late` with a plain number).", "out $ rotR 0.25 $ s \"bd sn\"", || {
            func2(|o, x| pat(late(&o.to_time_pat()?, &p(&x)?)))
        }),
        b!("rotL", "Tidal's `rotL t`: shifts a pattern earlier by `t` cycles.", "out $ rotL 0.25 $ s \"bd sn\"", || {
            func2(|o, x| pat(early(&o.to_time_pat()?, &p(&x)?)))
        }),
        b!("fromIntegral", "Haskell's number conversion: the value unchanged (also `fromRational`, `toRational`, `realToFrac`).", "out $ n (fmap fromIntegral \"0 3\") # s \"arpy\"", || func(Ok)),
        b!("fromRational", "Same as `fromIntegral`.", "out $ s \"bd*2\" # speed (fromRational 1.5)", || func(Ok)),
        b!("toRational", "Same as `fromIntegral`.", "out $ s \"bd*2\" # speed (toRational 1.5)", || func(Ok)),
        b!("realToFrac", "Same as `fromIntegral`.", "out $ s \"bd*2\" # speed (realToFrac 1.5)", || func(Ok)),
        b!("foldl", "Haskell's `foldl f z [a, b, ..]`: `f (f z a) b` ...", "out $ sound (foldl overlay \"bd*2\" [\"~ sn\", \"hh*4\"])", || {
            func3(|f, z, xs| xs.to_list()?.into_iter().try_fold(z, |acc, x| f.apply(acc)?.apply(x)))
        }),
        b!("foldr", "Haskell's `foldr f z [a, b, ..]`: `f a (f b z)` ...", "out $ sound (foldr overlay \"bd*2\" [\"~ sn\", \"hh*4\"])", || {
            func3(|f, z, xs| xs.to_list()?.into_iter().rev().try_fold(z, |acc, x| f.apply(x)?.apply(acc)))
        }),
        b!("const", "Haskell's `const a b`: `a`, whatever `b` is (`whenmod 8 6 (const $ s \"cp*4\")` replaces the pattern).", "out $ whenmod 4 2 (const $ s \"cp*4\") $ s \"bd sn\"", || func2(|a, _| Ok(a))),
        b!("fmap", "Haskell's `fmap f p` (also `f <$> p`): Phonon's functions on values already apply to every event.", "out $ n (fmap (+ 12) \"0 3\") # s \"arpy\"", || func2(|f, x| f.apply(x))),
        b!("samples", "Old Tidal's `samples names numbers`: each name with the number playing at its onset (`samples \"drum*4\" (run 4)` plays drum:0 .. drum:3).", "out $ sound (samples \"arpy*4\" (run 4))", || {
            func2(|names, ns| pat(sound_numbers(&p(&names)?, &np(&ns)?)))
        }),
        b!("sinewave", "Old Tidal's name of `sine`.", "out $ s \"hh*8\" # pan sinewave", || Val::Pat(sine())),
        b!("sinewave1", "Old Tidal's name of `sine` (0 to 1).", "out $ s \"hh*8\" # pan sinewave1", || Val::Pat(sine())),
        b!("sine1", "Old Tidal's name of `sine` (0 to 1).", "out $ s \"hh*8\" # pan sine1", || Val::Pat(sine())),
        b!("sawwave", "Old Tidal's name of `saw`.", "out $ s \"hh*8\" # pan sawwave", || Val::Pat(saw())),
        b!("saw1", "Old Tidal's name of `saw` (0 to 1).", "out $ s \"hh*8\" # pan saw1", || Val::Pat(saw())),
        b!("triwave", "Old Tidal's name of `tri`.", "out $ s \"hh*8\" # pan triwave", || Val::Pat(tri())),
        b!("squarewave", "Old Tidal's name of `square`.", "out $ s \"hh*8\" # pan squarewave", || Val::Pat(square())),
        b!("saw", "A rising ramp from 0 to 1 each cycle.", "out $ n (segment 4 $ saw * 8)", || Val::Pat(saw())),
        b!("isaw", "A falling ramp from 1 to 0 each cycle.", "out $ n (segment 4 $ isaw * 8)", || Val::Pat(isaw())),
        b!("sine", "A sine wave from 0 to 1, one period per cycle.", "out $ s \"hh*8\" # pan sine", || Val::Pat(sine())),
        b!("cosine", "`sine` a quarter cycle earlier.", "out $ s \"hh*8\" # pan cosine", || Val::Pat(cosine())),
        b!("tri", "A triangle wave from 0 to 1 and back each cycle.", "out $ s \"hh*8\" # pan tri", || Val::Pat(tri())),
        b!("itri", "A triangle wave from 1 to 0 and back each cycle.", "out $ s \"hh*8\" # pan itri", || Val::Pat(itri())),
        b!("square", "0 for the first half of each cycle, 1 for the second.", "out $ s \"hh*8\" # pan square", || Val::Pat(square())),
        b!("saw2", "`saw` from -1 to 1.", "out $ s \"hh*4\" # pan (range2 0 1 saw2)", || Val::Pat(to_bipolar(&saw()))),
        b!("isaw2", "`isaw` from 1 to -1.", "out $ s \"hh*4\" # pan (range2 0 1 isaw2)", || Val::Pat(to_bipolar(&isaw()))),
        b!("sine2", "`sine` from -1 to 1.", "out $ s \"hh*4\" # pan (range2 0 1 sine2)", || Val::Pat(sine2())),
        b!("cosine2", "`cosine` from -1 to 1.", "out $ s \"hh*4\" # pan (range2 0 1 cosine2)", || Val::Pat(cosine2())),
        b!("tri2", "`tri` from -1 to 1.", "out $ s \"hh*4\" # pan (range2 0 1 tri2)", || Val::Pat(to_bipolar(&tri()))),
        b!("square2", "`square` from -1 to 1.", "out $ s \"hh*4\" # pan (range2 0 1 square2)", || Val::Pat(to_bipolar(&square()))),
        // Samples
        b!("chop", "Cuts each event into n parts, each playing the next slice of the sample.", "out $ chop 4 $ s \"break\"", || {
            func2(|n, x| pat(chop(&np(&n)?, &p(&x)?)))
        }),
        b!("striate", "Plays the pattern n times per cycle, the i-th time with slice i of each sample.", "out $ striate 2 $ s \"a b\"", || {
            func2(|n, x| pat(striate(&np(&n)?, &p(&x)?)))
        }),
    ];
    v.extend(super::tidal_builtins::builtins());
    v.extend(super::tidal_samples::builtins());
    v.extend(super::strudel::builtins::builtins());
    // Every control Phonon plays, from the one control table (its functions are made in
    // `table`, aliases included).
    v.extend(
        CONTROLS
            .iter()
            .filter(|c| !matches!(c.plays, Plays::Not(_)))
            .map(|c| Builtin {
                name: c.name,
                doc: c.doc,
                example: c.example,
                make: || Val::Num(0.0),
            }),
    );
    v
}

/// `timeCat [(1, s "a"), (3, s "b c")]`.
fn time_cat(l: &Val) -> R<Pattern> {
    let mut parts = vec![];
    for item in l.to_list()? {
        let xs = item.to_list()?;
        if xs.len() != 2 {
            return Err(EvalError::new(
                "timeCat takes a list of `(weight, pattern)` pairs",
            ));
        }
        let w = from_f64(xs[0].to_num()?)
            .ok_or_else(|| EvalError::new("timeCat: a weight must be a finite number"))?;
        parts.push((w, p(&xs[1])?));
    }
    Ok(timecat(parts))
}

/// Name → builtin value, including one entry per control name and alias.
pub fn table() -> HashMap<&'static str, Val> {
    let mut m = HashMap::new();
    for b in builtins() {
        m.insert(b.name, (b.make)());
    }
    for c in CONTROLS {
        for name in std::iter::once(&c.name).chain(c.aliases) {
            m.insert(*name, control_value(c, name));
        }
    }
    m.insert("scale", scale_value());
    m
}

/// `scale`: with one argument after `#` the control (`# scale "minor"`: the synth's `n` walks
/// the scale); with a second, Tidal's function from scale degrees to semitones
/// (`n (scale "ritusen" "0 .. 7")`: `Sound.Tidal.Scales.scale`), the structure the degrees'.
/// Old Tidal's `samples`: each word with the number playing at its onset, as `s` and `n`
/// (structure from both sides, as Tidal's `liftA2 pick`).
fn sound_numbers(names: &Pattern, numbers: &Pattern) -> Pattern {
    let s = control(control_names("s").expect("s is a control"), names);
    let n = control(control_names("n").expect("n is a control"), numbers);
    crate::pattern::controls::combine(
        &s,
        &n,
        crate::pattern::controls::NumOp::Set,
        crate::pattern::controls::Structure::Both,
    )
}

fn scale_value() -> Val {
    let control = control_value(
        crate::pattern::control_table::find("scale").expect("scale is a control"),
        "scale",
    );
    func(move |names: Val| {
        // Old Tidal's `scale lo hi pattern` (now `range`): numbers first.
        if let Val::Num(lo) = names {
            return Ok(func2(move |hi, x| pat(range(&num(lo), &np(&hi)?, &p(&x)?))));
        }
        let names_pat = p(&names)?;
        if let Some(bad) = super::value::probe(&names_pat, 16, |haps| {
            haps.iter().find_map(|h| match h.value {
                Value::Str(s) if scale(s.text()).is_none() => Some(s.text().to_string()),
                _ => None,
            })
        }) {
            return Err(EvalError::new(format!(
                "unknown scale `{bad}`: the scales are {}",
                SCALES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" ")
            )));
        }
        let as_control = control.apply(names).ok().and_then(|v| v.to_pat().ok());
        let f = move |degrees: Val| {
            let degrees = np(&degrees)?;
            pat(degrees.app_left(&names_pat, |_, deg, name| {
                let table = match name {
                    Value::Str(s) => scale(s.text())?,
                    _ => return None,
                };
                Some(Value::Num(degree_semitones(table, deg.as_num()?)))
            }))
        };
        Ok(Val::Dual(Box::new(super::value::Dual {
            pat: as_control,
            func: Some(std::rc::Rc::new(f)),
            effect: None,
        })))
    })
}

/// `pF "name" pattern`: the control `name` (a control of the table plays as itself; another
/// name becomes a control of its own, carried as data).
fn custom_control(name: &Val, x: &Val, numeric: bool) -> R<Val> {
    let Val::Str(name, _) = name else {
        return Err(EvalError::new(
            "a custom control takes its name as a string first, as in `pF \"cutoff\" 2000`",
        ));
    };
    let values = if numeric { np(x)? } else { p(x)? };
    if let Some(names) = control_names(name) {
        return pat(control(names, &values));
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(EvalError::new(format!(
            "`{name}` is not a control name: letters, digits and `_`"
        )));
    }
    pat(control(custom_names(name), &values))
}

/// The key list of a custom control, made once per name (the names live as long as the
/// program: a handful of words).
fn custom_names(name: &str) -> &'static [crate::pattern::Sym] {
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashMap<String, &'static [crate::pattern::Sym]>>> =
        OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    names
        .entry(name.to_string())
        .or_insert_with(|| Box::leak(Box::new([crate::pattern::Sym::intern(name)])))
}

/// A pattern for a control of words (`s "808 bd"`): its numbers played as the words they spell
/// (`808` is the sample folder "808", as Tidal reads the string). The words are made when the
/// program compiles, from the numbers the pattern plays in its first 16 cycles (at most 256).
pub(super) fn numbers_as_words(x: &Pattern) -> Pattern {
    let numbers: Vec<f64> = super::value::probe(x, 16, |haps| {
        let mut v: Vec<f64> = haps
            .iter()
            .filter_map(|h| match h.value {
                Value::Num(n) if n.is_finite() => Some(n),
                _ => None,
            })
            .collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v.truncate(256);
        v
    });
    if numbers.is_empty() {
        return x.clone();
    }
    let words: Vec<(f64, crate::pattern::Sym)> = numbers
        .into_iter()
        .map(|n| (n, crate::pattern::Sym::intern(&format!("{n}"))))
        .collect();
    x.fmap(move |_, v| match v {
        Value::Num(n) => words
            .iter()
            .find(|(k, _)| *k == n)
            .map_or(v, |(_, w)| Value::Str(*w)),
        _ => v,
    })
}

/// The language's function for control `c` under `name`: a control pattern, or the error that
/// says why Phonon does not play it.
fn control_value(c: &'static ControlDef, name: &'static str) -> Val {
    if let Plays::Not(why) = c.plays {
        return func(move |_| Err(EvalError::new(format!("`{name}`: {why}"))));
    }
    let names = control_names(name).expect("a control of the table");
    match c.takes {
        // Sound names: numbers are folder names (`s "808"`).
        Takes::Word if c.name == "s" => {
            func(move |x| pat(control(names, &numbers_as_words(&p(&x)?))))
        }
        Takes::Word => func(move |x| pat(control(names, &p(&x)?))),
        Takes::Number => func(move |x| pat(control(names, &np(&x)?))),
    }
}
