//! Strudel 1.2.6's pick family (core/pick.mjs) and `arrange` (core/pattern.mjs): one pattern's
//! values choose patterns from a list (by index) or a table (by name), joined in the ways
//! Strudel joins: inner (`pick`), outer (`pickOut`), restart (`pickRestart`), reset
//! (`pickReset`) and squeeze (`inhabit`); the `mod` variants wrap an index round the list
//! instead of clamping it.

use crate::pattern::pattern::{silence, timecat, Pattern};
use crate::pattern::time::{cycle_pos, t, Span, Time};
use crate::pattern::transform::squeeze_with;
use crate::pattern::value::{Sym, Value};

/// What `pick` picks from: a list by index, or a table by name (a JS object).
#[derive(Clone)]
pub enum Lookup {
    Index(Vec<Pattern>),
    Names(Vec<(Sym, Pattern)>),
}

impl Lookup {
    fn is_empty(&self) -> bool {
        match self {
            Lookup::Index(xs) => xs.is_empty(),
            Lookup::Names(xs) => xs.is_empty(),
        }
    }

    /// `_pick`'s key: an index rounded (JS `Math.round`) and wrapped (`modulo`) or clamped; a
    /// name looked up as written (a number by its JS text).
    fn get(&self, v: Value, modulo: bool) -> Option<&Pattern> {
        match self {
            Lookup::Index(xs) => {
                let x = match v {
                    Value::Num(x) => x,
                    Value::Str(s) => crate::pattern::value::parse_js_number(s.text())?,
                    _ => return None,
                };
                let k = (x + 0.5).floor();
                if !k.is_finite() {
                    return None;
                }
                let n = xs.len() as i64;
                let k = k as i64;
                // JS `%` keeps the sign: a negative index reads `undefined` (Strudel fails).
                let i = if modulo {
                    if k < 0 {
                        return None;
                    }
                    k % n
                } else {
                    k.clamp(0, n - 1)
                };
                xs.get(i as usize)
            }
            Lookup::Names(xs) => {
                let key = match v {
                    Value::Str(s) => s,
                    Value::Num(x) => {
                        let text = if x.fract() == 0.0 {
                            format!("{}", x as i64)
                        } else {
                            format!("{x}")
                        };
                        xs.iter().find(|(k, _)| k.text() == text).map(|(k, _)| *k)?
                    }
                    _ => return None,
                };
                xs.iter().find(|(k, _)| *k == key).map(|(_, p)| p)
            }
        }
    }
}

/// How the picked patterns are joined.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Join {
    /// Wholes from the picked pattern (`pick`).
    Inner,
    /// Wholes from the index pattern (`pickOut`).
    Outer,
    /// The picked pattern restarted from its cycle 0 at each index event (`pickRestart`).
    Restart,
    /// The picked pattern's cycle aligned to each index event (`pickReset`).
    Reset,
    /// A whole cycle of the picked pattern squeezed into each index event (`inhabit`).
    Squeeze,
}

/// `pick [p, q] "<0 1>"` and the family: the values of `pat` pick from `lookup`, joined by
/// `join`; `modulo` wraps indices round the list (the `mod` variants) instead of clamping.
pub fn pick(lookup: Lookup, pat: &Pattern, modulo: bool, join: Join) -> Pattern {
    if lookup.is_empty() {
        return silence();
    }
    let pat = pat.clone();
    let steps = if join == Join::Outer { pat.steps } else { None };
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in pat.query(ctx, span).iter() {
            let Some(inner) = lookup.get(a.value, modulo) else {
                continue;
            };
            match join {
                Join::Inner | Join::Outer => {
                    for b in inner.query(ctx, a.part).iter() {
                        let whole = if join == Join::Inner {
                            b.whole
                        } else {
                            a.whole
                        };
                        out.push(ctx.combine(a, b, whole, b.part, b.value));
                    }
                }
                Join::Restart | Join::Reset => {
                    let Some(w) = a.whole else { continue };
                    let shift: Time = if join == Join::Restart {
                        w.begin
                    } else {
                        cycle_pos(w.begin)
                    };
                    let q = span.with_time(|x| x - shift);
                    for b in inner.query(ctx, q).iter() {
                        let b = b.with_span(|s| s.with_time(|x| x + shift));
                        let Some(part) = b.part.intersection(&a.part) else {
                            continue;
                        };
                        let whole = b.whole.and_then(|bw| bw.intersection(&w));
                        out.push(ctx.combine(a, &b, whole, part, b.value));
                    }
                }
                Join::Squeeze => {
                    squeeze_with(a, &mut out, |q| inner.query(ctx, q), Some);
                }
            }
        }
        out
    })
    .with_steps(steps)
}

/// `arrange [(4, a), (2, b)]`, Strudel's `arrange` (pattern.mjs): each section plays for its
/// number of cycles (from its own cycle 0 each time round), in turn, looping.
pub fn arrange(sections: Vec<(Time, Pattern)>) -> Pattern {
    let total = sections.iter().fold(t(0), |acc, (c, _)| acc + *c);
    if total <= t(0) {
        return silence();
    }
    let parts: Vec<(Time, Pattern)> = sections
        .into_iter()
        .map(|(c, p)| (c, p.fast_time(c)))
        .collect();
    timecat(parts).slow_time(total)
}

#[allow(dead_code)]
fn _span(_: Span) {}

/// `reset "<x@3 x(5,8)>" pat` and `restart`, Strudel's `reset`/`restart` (pattern.mjs,
/// `keepif.reset`/`keepif.restart`): at each truthy event of the trigger pattern the
/// pattern starts again from its cycle's start (`reset`) or from cycle 0 (`restart`), within
/// the trigger's event.
pub fn reset(trigger: &Pattern, pat: &Pattern, restart: bool) -> Pattern {
    let index = trigger
        .filter_haps(|h| crate::pattern::ops::structure::truthy(h.value))
        .fmap(|_, _| Value::Num(0.0));
    let join = if restart { Join::Restart } else { Join::Reset };
    pick(Lookup::Index(vec![pat.clone()]), &index, false, join)
}

/// `wchooseCycles [(p, 3), (q, 1)]`, Strudel's `wchooseCycles` (signal.mjs `_wchooseWith`
/// over `rand.segment(1)`, inner-joined): one pattern each cycle, chosen at random with the
/// weights.
pub fn wchoose_cycles(pats: Vec<Pattern>, weights: Vec<f64>) -> Pattern {
    if pats.is_empty() {
        return silence();
    }
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut total = 0.0;
    for w in &weights {
        total += w;
        cumulative.push(total);
    }
    let r = crate::pattern::ops::structure::segment(
        &crate::pattern::pattern::pure(Value::Num(1.0)),
        &crate::pattern::ops::random::rand(),
    );
    let index = r.fmap(move |_, v| match v.as_num() {
        Some(r) => {
            let find = total * r;
            match cumulative.iter().position(|x| *x > find) {
                Some(i) => Value::Num(i as f64),
                None => Value::Num(f64::NAN),
            }
        }
        None => v,
    });
    pick(Lookup::Index(pats), &index, false, Join::Inner)
}

/// `chooseWith sine [p, q]` / `chooseInWith`, Strudel's `__chooseWith` (signal.mjs): the
/// pattern's values (0 to 1) ranged over the list, floored and clamped, pick its patterns,
/// joined outer (`chooseWith`, the chooser's structure) or inner (`chooseInWith`).
pub fn choose_with(chooser: &Pattern, xs: Vec<Pattern>, inner: bool) -> Pattern {
    if xs.is_empty() {
        return silence();
    }
    let n = xs.len() as f64;
    let index = chooser.fmap(move |_, v| match v.as_num() {
        Some(x) => Value::Num((x * n).floor().clamp(0.0, n - 1.0)),
        None => v,
    });
    let join = if inner { Join::Inner } else { Join::Outer };
    pick(Lookup::Index(xs), &index, false, join)
}
