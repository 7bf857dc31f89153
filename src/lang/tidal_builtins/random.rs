//! Tidal's random functions (Strudel's generator): the spreadChoose, choose and shuffle
//! families, randslice, the primed sometimes family, the fades, randStruct, stripe and
//! degradeOverBy.

use super::*;

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

/// This family's functions, documented.
pub(super) fn builtins() -> Vec<Builtin> {
    vec![
        b!("spreadChoose", "Like `spread`, with a value chosen at random each cycle.", "out $ spreadChoose fast [1, 2, 4] $ s \"bd sn\"", || {
            func3(|f, xs, x| pat(spread_choose(spread_pats(&f, &xs, &x)?)))
        }),
        b!("spreadr", "Same as `spreadChoose`.", "out $ spreadr fast [1, 2, 4] $ s \"bd sn\"", || {
            func3(|f, xs, x| pat(spread_choose(spread_pats(&f, &xs, &x)?)))
        }),
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
    ]
}
