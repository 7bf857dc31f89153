//! Mini-notation tree to pattern, following Strudel's `patternifyAST` (mini.mjs).

use super::ast::*;
use super::parse::{parse, MiniError};
use crate::pattern::hap::Loc;
use crate::pattern::ops::random::{choose_cycles, degrade_with};
use crate::pattern::ops::structure::{euclid, euclid_rot, mini_range};
use crate::pattern::ops::time::{fast, repeat_cycles, slow};
use crate::pattern::pattern::{fastcat, pure, pure_at, silence, stack, timecat, Pattern};
use crate::pattern::time::{from_f64, t, tadd, Time};
use crate::pattern::value::{parse_word, Value};

/// Strudel's per-seed offset of the random generator for `?` and `|` (`randOffset`).
const RAND_OFFSET: f64 = 0.0003;

/// Parses and builds a mini-notation string.
pub fn mini(src: &str) -> Result<Pattern, MiniError> {
    mini_at(src, None)
}

/// [`mini`], with each word's events carrying the word's byte range in the code when `at` is
/// the byte offset of the string's first character there (the editor's live code).
pub fn mini_at(src: &str, at: Option<usize>) -> Result<Pattern, MiniError> {
    let g = parse(src)?;
    build_group(&g, at)
}

fn err(span: SrcSpan, message: impl Into<String>) -> MiniError {
    MiniError {
        offset: span.start,
        message: message.into(),
    }
}

fn seed_offset(seed: u32) -> Time {
    // Strudel: `rand.early(randOffset * seed)`, the double converted by fraction.js.
    from_f64(RAND_OFFSET * seed as f64).unwrap_or(t(0))
}

fn build_group(g: &Group, at: Option<usize>) -> Result<Pattern, MiniError> {
    match &g.align {
        Align::Seq => build_seq(g, at),
        Align::Stack => Ok(stack(
            g.parts
                .iter()
                .map(|p| build_group(p, at))
                .collect::<Result<_, _>>()?,
        )),
        Align::Rand { seed } => {
            let pats = g
                .parts
                .iter()
                .map(|p| build_group(p, at))
                .collect::<Result<_, _>>()?;
            Ok(choose_cycles(pats, seed_offset(*seed)))
        }
        Align::Feet => Ok(fastcat(
            g.parts
                .iter()
                .map(|p| build_group(p, at))
                .collect::<Result<_, _>>()?,
        )),
        Align::SlowSeq => {
            let mut pats = vec![];
            for part in &g.parts {
                let w = seq_weight(part);
                pats.push(build_group(part, at)?.slow_time(w));
            }
            Ok(stack(pats))
        }
        Align::Polymeter { steps } => {
            let first_weight = g.parts.first().map(seq_weight).unwrap_or(t(1));
            let steps_pat = match steps {
                Some(el) => build_element(el, at)?,
                None => pure(Value::Num(crate::pattern::time::to_f64(first_weight))),
            };
            let mut pats = vec![];
            for part in &g.parts {
                let w = seq_weight(part);
                let p = build_group(part, at)?;
                // child.fast(steps / weight)
                let factor = steps_pat.fmap(move |_, v| match v.as_num() {
                    Some(x) => Value::Num(x / crate::pattern::time::to_f64(w)),
                    None => v,
                });
                let factor = match steps_pat.pure.and_then(|v| v.as_num()) {
                    Some(x) => pure(Value::Num(x / crate::pattern::time::to_f64(w))),
                    None => factor,
                };
                pats.push(fast(&factor, &p));
            }
            Ok(stack(pats))
        }
    }
}

/// The summed weights of a sequence (its step count).
fn seq_weight(g: &Group) -> Time {
    if g.align != Align::Seq {
        return t(1);
    }
    g.elements
        .iter()
        .fold(t(0), |acc, e| tadd(acc, from_f64(e.weight).unwrap_or(t(1))))
}

fn build_seq(g: &Group, at: Option<usize>) -> Result<Pattern, MiniError> {
    let children: Vec<Pattern> = g
        .elements
        .iter()
        .map(|e| build_element(e, at))
        .collect::<Result<_, _>>()?;
    let weighted = g.elements.iter().any(|e| e.weight != 1.0);
    if weighted {
        let parts = g
            .elements
            .iter()
            .zip(children)
            .map(|(e, p)| (from_f64(e.weight).unwrap_or(t(1)), p))
            .collect();
        Ok(timecat(parts).with_steps(Some(seq_weight(g))))
    } else {
        let n = children.len() as i64;
        Ok(fastcat(children).with_steps(Some(t(n))))
    }
}

fn build_element(e: &Element, at: Option<usize>) -> Result<Pattern, MiniError> {
    let mut pat = match &e.slice {
        Slice::Atom(w, span) => atom(w, *span, at)?,
        Slice::Group(g) => build_group(g, at)?,
    };
    for op in &e.ops {
        pat = match op {
            Op::Fast(a) => fast(&build_element(a, at)?, &pat),
            Op::Slow(a) => slow(&build_element(a, at)?, &pat),
            Op::Replicate(n) => {
                let n = pure(Value::Num(*n));
                let f = from_f64(n.pure.and_then(|v| v.as_num()).unwrap_or(1.0)).unwrap_or(t(1));
                repeat_cycles(&n, &pat).fast_time(f)
            }
            Op::Euclid {
                pulse,
                steps,
                rotation,
            } => {
                let p = build_element(pulse, at)?;
                let s = build_element(steps, at)?;
                match rotation {
                    Some(r) => euclid_rot(&p, &s, &build_element(r, at)?, &pat),
                    None => euclid(&p, &s, &pat),
                }
            }
            Op::Degrade { amount, seed } => {
                degrade_with(&pat, amount.unwrap_or(0.5), seed_offset(*seed), false)
            }
            Op::Tail(a) => {
                let friend = build_element(a, at)?;
                pat.app_left(&friend, |ctx, x, y| match x {
                    Value::List(xs) => {
                        let mut buf = [Value::Num(0.0); 8];
                        let n = xs.len().min(7);
                        buf[..n].copy_from_slice(&xs[..n]);
                        buf[n] = y;
                        ctx.alloc_slice(&buf[..n + 1]).map(Value::List)
                    }
                    _ => ctx.alloc_slice(&[x, y]).map(Value::List),
                })
            }
            Op::Range(a) => mini_range(&pat, &build_element(a, at)?),
        };
    }
    Ok(pat)
}

fn atom(word: &str, span: SrcSpan, at: Option<usize>) -> Result<Pattern, MiniError> {
    if word == "~" || word == "-" {
        return Ok(silence());
    }
    let located = |v: Value<'static>| match at {
        Some(base) => pure_at(
            v,
            Loc {
                start: (base + span.start) as u32,
                end: (base + span.end) as u32,
            },
        ),
        None => pure(v),
    };
    if word.contains('\'') {
        // Phonon extension: a chord is its notes played together.
        let notes = crate::pattern::theory::chords::chord(word).map_err(|m| err(span, m))?;
        return Ok(crate::pattern::pattern::stack(
            notes.into_iter().map(|x| located(Value::Num(x))).collect(),
        ));
    }
    Ok(located(parse_word(word)))
}
