//! Values of the Phonon language during compilation.

use super::graph::Sig;
use crate::pattern::mini::mini_at;
use crate::pattern::pattern::{fastcat, pure};
use crate::pattern::value::{parse_word, Value};
use crate::pattern::Pattern;
use std::cell::RefCell;
use std::rc::Rc;

/// A compile-time value.
#[derive(Clone)]
pub enum Val {
    Pat(Pattern),
    Num(f64),
    /// A string literal and the byte offset of its first character in the source.
    Str(String, usize),
    Func(FnVal),
    List(Vec<Val>),
    /// A signal (DSP graph node): oscillators, filters, buses, arithmetic on signals.
    Sig(Rc<Sig>),
    /// An effect waiting for its input: `# lpf 800 0.5` applied to a signal.
    Effect(EffectFn),
    /// A name with two meanings (see LANGUAGE rules): used as a pattern it is Tidal's
    /// (`sine`, `lpf 800` as a control); applied to more arguments or to a signal it is
    /// Phonon's node (`sine 110`, `lpf 800 0.5`).
    Dual(Box<Dual>),
}

/// A function value of the language.
pub type FnVal = Rc<dyn Fn(Val) -> Result<Val, EvalError>>;
/// An effect waiting for the signal it processes.
pub type EffectFn = Rc<dyn Fn(Rc<Sig>) -> Result<Rc<Sig>, EvalError>>;

/// The meanings of an overloaded name, whichever the context picks.
#[derive(Clone)]
pub struct Dual {
    pub pat: Option<Pattern>,
    pub func: Option<FnVal>,
    pub effect: Option<EffectFn>,
}

/// An evaluation error: a message and, when known, a more precise byte offset.
#[derive(Debug, Clone)]
pub struct EvalError {
    pub message: String,
    pub offset: Option<usize>,
}

impl EvalError {
    pub fn new(message: impl Into<String>) -> EvalError {
        EvalError {
            message: message.into(),
            offset: None,
        }
    }
}

pub type R<T> = Result<T, EvalError>;

impl Val {
    pub fn describe(&self) -> &'static str {
        match self {
            Val::Pat(_) => "a pattern",
            Val::Num(_) => "a number",
            Val::Str(..) => "a string",
            Val::Func(_) => "a function",
            Val::List(_) => "a list",
            Val::Sig(_) => "a signal",
            Val::Effect(_) => "an effect",
            Val::Dual(_) => "a pattern or function",
        }
    }

    /// The value as a pattern: numbers are pure, strings are mini-notation, lists are sequences.
    pub fn to_pat(&self) -> R<Pattern> {
        match self {
            Val::Pat(p) => Ok(p.clone()),
            Val::Num(x) => Ok(pure(Value::Num(*x))),
            Val::Str(s, off) => mini_at(s, located(s, *off)).map_err(|e| EvalError {
                message: format!("in mini-notation: {}", e.message),
                offset: Some(off + e.offset),
            }),
            Val::List(xs) => Ok(fastcat(xs.iter().map(|x| x.to_pat()).collect::<R<_>>()?)),
            Val::Dual(d) => d.pat.clone().ok_or_else(|| EvalError::new("this needs more arguments to be a pattern")),
            Val::Sig(_) => Err(EvalError::new("expected a pattern but found a signal (signals can be played with `out $` or used in arithmetic)")),
            Val::Func(_) | Val::Effect(_) => Err(EvalError::new("expected a pattern but found a function")),
        }
    }

    /// The value as a pattern of numbers: [`Val::to_pat`], but a mini-notation string must hold
    /// only numbers and rests, so `fast "x"` is an error rather than a pattern that silently
    /// does nothing.
    pub fn to_num_pat(&self) -> R<Pattern> {
        if let Val::Str(s, off) = self {
            if let Ok(g) = crate::pattern::mini::parse::parse(s) {
                if let Some((word, span)) = g.first_non_number() {
                    return Err(EvalError {
                        message: format!("expected a number but found `{word}` (this takes a number or a pattern of numbers)"),
                        offset: Some(off + span.start),
                    });
                }
            }
        }
        self.to_pat()
    }

    /// The value as a pattern of times: [`Val::to_num_pat`], reading Tidal's time shorthands in
    /// a string (`w` 1, `h` 1/2, `q` 1/4, `e` 1/8, `s` 1/16, `t` 1/3, `f` 1/5, `x` 1/6, with a
    /// count before: `3e` is 3/8), as Tidal's mini-notation for times (`off "e"`).
    pub fn to_time_pat(&self) -> R<Pattern> {
        match self {
            Val::Str(s, off) => Val::Str(time_shorthands(s), *off).to_num_pat(),
            other => other.to_num_pat(),
        }
    }

    pub fn to_num(&self) -> R<f64> {
        match self {
            Val::Num(x) => Ok(*x),
            Val::Pat(p) => p
                .pure
                .and_then(|v| v.as_num())
                .ok_or_else(|| EvalError::new("expected a plain number here, not a pattern")),
            Val::Str(s, _) => match parse_word(s) {
                Value::Num(x) => Ok(x),
                _ => Err(EvalError::new(format!(
                    "expected a number but found \"{s}\""
                ))),
            },
            other => Err(EvalError::new(format!(
                "expected a number but found {}",
                other.describe()
            ))),
        }
    }

    pub fn to_func(&self) -> R<Rc<dyn Fn(Val) -> R<Val>>> {
        match self {
            Val::Func(f) => Ok(f.clone()),
            Val::Dual(d) if d.func.is_some() => Ok(d.func.clone().expect("checked")),
            Val::Effect(e) => {
                let e = e.clone();
                Ok(Rc::new(move |x: Val| Ok(Val::Sig(e(x.to_sig()?)?))))
            }
            other => Err(EvalError::new(format!(
                "expected a function but found {}",
                other.describe()
            ))),
        }
    }

    pub fn to_list(&self) -> R<Vec<Val>> {
        match self {
            Val::List(xs) => Ok(xs.clone()),
            other => Err(EvalError::new(format!(
                "expected a list `[a, b]` but found {}",
                other.describe()
            ))),
        }
    }

    /// The value as a signal: numbers are constants, numeric patterns are control signals,
    /// control patterns (`s "bd"`) are voices.
    pub fn to_sig(&self) -> R<Rc<Sig>> {
        match self {
            Val::Sig(s) => Ok(s.clone()),
            Val::Num(x) => Ok(Rc::new(Sig::Const(*x))),
            _ => {
                let p = self.to_pat()?;
                Ok(Rc::new(if is_control_pattern(&p) {
                    Sig::Voices(p)
                } else {
                    Sig::Control(p)
                }))
            }
        }
    }

    /// True for values that `to_func` accepts.
    pub fn is_func(&self) -> bool {
        matches!(self, Val::Func(_) | Val::Effect(_))
            || matches!(self, Val::Dual(d) if d.func.is_some())
    }

    /// Applies a function value.
    pub fn apply(&self, arg: Val) -> R<Val> {
        super::eval::charge()?;
        match self {
            Val::Func(f) => f(arg),
            Val::Dual(d) if d.func.is_some() => (d.func.as_ref().expect("checked"))(arg),
            Val::Effect(e) => Ok(Val::Sig(e(arg.to_sig()?)?)),
            other => Err(EvalError::new(format!(
                "{} cannot be applied to arguments",
                other.describe()
            ))),
        }
    }
}

thread_local! {
    /// The code being compiled, when its mini-notation words are to carry their place in it
    /// (`CompileOptions::locations`, the editor's copy of the program).
    static LOCATED_CODE: RefCell<Option<std::rc::Rc<str>>> = const { RefCell::new(None) };
}

/// While alive, mini-notation strings of `code` carry their words' places (see
/// [`locate_in`]); dropping it restores the previous setting.
pub struct LocateGuard(Option<std::rc::Rc<str>>);

impl Drop for LocateGuard {
    fn drop(&mut self) {
        let prev = self.0.take();
        LOCATED_CODE.with(|c| *c.borrow_mut() = prev);
    }
}

/// Locates the words of mini-notation strings in `code` (or none, for `None`) until the
/// guard is dropped.
pub fn locate_in(code: Option<&str>) -> LocateGuard {
    let new = code.map(std::rc::Rc::from);
    LocateGuard(LOCATED_CODE.with(|c| std::mem::replace(&mut *c.borrow_mut(), new)))
}

/// The code being located, when it is (see [`locate_in`]).
pub(crate) fn located_code() -> Option<std::rc::Rc<str>> {
    LOCATED_CODE.with(|c| c.borrow().clone())
}

/// `off` when locating and the code holds exactly `s` there (a string the program computed,
/// joined or rewrote, or one with escapes, is not located).
fn located(s: &str, off: usize) -> Option<usize> {
    LOCATED_CODE.with(|c| {
        c.borrow()
            .as_deref()
            .filter(|code| code.get(off..off.saturating_add(s.len())) == Some(s))
            .map(|_| off)
    })
}

/// `s` with Tidal's time shorthands written as numbers (see [`Val::to_time_pat`]).
fn time_shorthands(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.');
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let unit = match b.get(j) {
            Some(b'w') => Some(1.0),
            Some(b'h') => Some(0.5),
            Some(b'q') => Some(0.25),
            Some(b'e') => Some(0.125),
            Some(b's') => Some(1.0 / 16.0),
            Some(b't') => Some(1.0 / 3.0),
            Some(b'f') => Some(0.2),
            Some(b'x') => Some(1.0 / 6.0),
            _ => None,
        };
        let word_end = b
            .get(j + 1)
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'.'));
        if let (true, Some(unit), true) = (word_start, unit, word_end) {
            let count: f64 = if j > i {
                s[i..j].parse().unwrap_or(1.0)
            } else {
                1.0
            };
            out.push_str(&format!("{}", count * unit));
            i = j + 1;
        } else {
            let ch = s[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Arena bytes a compile-time query may use (past it, events are dropped as in a block).
pub const COMPILE_QUERY_BYTES: usize = 16 << 20;

/// Hands `f` the events of `p` over its first `cycles` cycles, queried at compile time: the
/// arena is bounded (a pattern such as `stut 1e9` must not eat the memory), and live inputs
/// (`held`) answer as if a key were down (no key held while compiling must not make
/// `note held # s "x"` a silent numeric signal).
pub fn probe<T>(
    p: &Pattern,
    cycles: i64,
    f: impl for<'a> FnOnce(&crate::pattern::Haps<'a>) -> T,
) -> T {
    let arena = bumpalo::Bump::new();
    arena.set_allocation_limit(Some(COMPILE_QUERY_BYTES));
    let overflow = std::cell::Cell::new(0);
    let ctx = crate::pattern::Ctx::new(&arena, &overflow);
    let span =
        crate::pattern::Span::new(crate::pattern::time::t(0), crate::pattern::time::t(cycles));
    let haps = crate::pattern::now::probing(|| super::live::probing(|| p.query(&ctx, span)));
    f(&haps)
}

/// True when the pattern's events carry control maps (`s "bd"`, `n "0 1" # s "x"`): sampled
/// over its first cycles at compile time.
pub fn is_control_pattern(p: &Pattern) -> bool {
    probe(p, 4, |haps| {
        haps.iter().any(|h| matches!(h.value, Value::Map(_)))
    })
}

/// A function value from a closure.
pub fn func(f: impl Fn(Val) -> R<Val> + 'static) -> Val {
    Val::Func(Rc::new(f))
}

/// A curried two-argument function.
pub fn func2(f: impl Fn(Val, Val) -> R<Val> + 'static) -> Val {
    let f = Rc::new(f);
    func(move |a| {
        let f = f.clone();
        Ok(func(move |b| f(a.clone(), b)))
    })
}

/// A curried three-argument function.
pub fn func3(f: impl Fn(Val, Val, Val) -> R<Val> + 'static) -> Val {
    let f = Rc::new(f);
    func(move |a| {
        let f = f.clone();
        Ok(func2(move |b, c| f(a.clone(), b, c)))
    })
}

/// A curried four-argument function.
pub fn func4(f: impl Fn(Val, Val, Val, Val) -> R<Val> + 'static) -> Val {
    let f = Rc::new(f);
    func(move |a| {
        let f = f.clone();
        Ok(func3(move |b, c, d| f(a.clone(), b, c, d)))
    })
}
