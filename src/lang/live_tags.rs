//! The function names and constant arguments each event was made by, for the editor's live
//! code (the mini-notation words are located by `mini_at`, see [`super::value::locate_in`]).
//!
//! Only while locating (the editor's own compile, `CompileOptions::locations`): a name that
//! evaluates to a function (`fast`, `jux`, `every`, Strudel's `.lpf(`, `note(`, a `let`
//! function) gives the patterns it finally makes its own place in the code, and a constant
//! argument (`fast 2`, `# lpf 800`, `.lpf(800)`, `fast "2"`) the place of its number or word.
//! The engine's compile never gets here: its events carry no locations.

use super::ast::{Expr, ExprKind};
use super::value::{located_code, Dual, Val};
use crate::pattern::Loc;
use std::rc::Rc;

/// `v` (the value of the name `e`) tagged with the name's place, when locating and `v` is a
/// function.
pub fn name(e: &Expr, v: Val) -> Val {
    if !v.is_func() {
        return v;
    }
    match located_code().and_then(|code| name_loc(&code, e)) {
        Some(loc) => tag(v, loc),
        None => v,
    }
}

/// `v` (an application's result) tagged with the place of its argument `arg` when locating
/// and `arg` is a constant: a number, or a string of one word.
pub fn argument(arg: &Expr, v: Val) -> Val {
    if !matches!(v, Val::Pat(_) | Val::Func(_) | Val::Dual(_)) {
        return v;
    }
    match located_code().and_then(|code| constant_loc(&code, arg)) {
        Some(loc) => tag(v, loc),
        None => v,
    }
}

/// The name `e`'s place: its identifier, without Tidal's trailing primes (`chop'` lights
/// `chop`), when the code holds it there.
fn name_loc(code: &str, e: &Expr) -> Option<Loc> {
    let ExprKind::Var(_) = &e.kind else {
        return None;
    };
    let text = code.get(e.start..e.end)?.trim_end_matches('\'');
    let word = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    word.then(|| loc(e.start, e.start + text.len()))
}

/// The place of a constant argument: a number as written, or the word inside a string of one
/// word (`"2"`, `'0.5'`).
fn constant_loc(code: &str, e: &Expr) -> Option<Loc> {
    let (start, end) = match &e.kind {
        ExprKind::Num(_) => (e.start, e.end),
        ExprKind::Neg(x) if matches!(x.kind, ExprKind::Num(_)) => (e.start, e.end),
        ExprKind::Str(s) if is_word(s) => (e.start + 1, e.start + 1 + s.len()),
        _ => return None,
    };
    let text = code.get(start..end)?;
    let number = text.trim_start_matches('-').parse::<f64>().is_ok();
    let word = matches!(&e.kind, ExprKind::Str(s) if s == text);
    (number || word).then(|| loc(start, end))
}

/// One mini-notation word with no operators (a plain value).
fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '#' | '-'))
}

fn loc(start: usize, end: usize) -> Loc {
    Loc {
        start: start as u32,
        end: end as u32,
    }
}

/// `v` whose patterns (now, or once a function is given its arguments) carry `at` too.
fn tag(v: Val, at: Loc) -> Val {
    match v {
        Val::Pat(p) => Val::Pat(p.with_added_locs(&[at])),
        Val::Func(f) => Val::Func(Rc::new(move |x| Ok(tag(f(x)?, at)))),
        Val::Dual(d) => Val::Dual(Box::new(Dual {
            pat: d.pat.map(|p| p.with_added_locs(&[at])),
            func: d
                .func
                .map(|f| Rc::new(move |x| Ok(tag(f(x)?, at))) as super::value::FnVal),
            effect: d.effect,
        })),
        other => other,
    }
}
