//! Values of the Phonon language during compilation.

use crate::pattern::mini::mini;
use crate::pattern::pattern::{fastcat, pure};
use crate::pattern::value::{parse_word, Value};
use crate::pattern::Pattern;
use std::rc::Rc;

/// A compile-time value.
#[derive(Clone)]
pub enum Val {
    Pat(Pattern),
    Num(f64),
    /// A string literal and the byte offset of its first character in the source.
    Str(String, usize),
    Func(Rc<dyn Fn(Val) -> Result<Val, EvalError>>),
    List(Vec<Val>),
}

/// An evaluation error: a message and, when known, a more precise byte offset.
#[derive(Debug, Clone)]
pub struct EvalError {
    pub message: String,
    pub offset: Option<usize>,
}

impl EvalError {
    pub fn new(message: impl Into<String>) -> EvalError {
        EvalError { message: message.into(), offset: None }
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
        }
    }

    /// The value as a pattern: numbers are pure, strings are mini-notation, lists are sequences.
    pub fn to_pat(&self) -> R<Pattern> {
        match self {
            Val::Pat(p) => Ok(p.clone()),
            Val::Num(x) => Ok(pure(Value::Num(*x))),
            Val::Str(s, off) => mini(s).map_err(|e| EvalError {
                message: format!("in mini-notation: {}", e.message),
                offset: Some(off + e.offset),
            }),
            Val::List(xs) => Ok(fastcat(xs.iter().map(|x| x.to_pat()).collect::<R<_>>()?)),
            Val::Func(_) => Err(EvalError::new("expected a pattern but found a function")),
        }
    }

    pub fn to_num(&self) -> R<f64> {
        match self {
            Val::Num(x) => Ok(*x),
            Val::Pat(p) => p.pure.and_then(|v| v.as_num()).ok_or_else(|| EvalError::new("expected a plain number here, not a pattern")),
            Val::Str(s, _) => match parse_word(s) {
                Value::Num(x) => Ok(x),
                _ => Err(EvalError::new(format!("expected a number but found \"{s}\""))),
            },
            other => Err(EvalError::new(format!("expected a number but found {}", other.describe()))),
        }
    }

    pub fn to_func(&self) -> R<Rc<dyn Fn(Val) -> R<Val>>> {
        match self {
            Val::Func(f) => Ok(f.clone()),
            other => Err(EvalError::new(format!("expected a function but found {}", other.describe()))),
        }
    }

    pub fn to_list(&self) -> R<Vec<Val>> {
        match self {
            Val::List(xs) => Ok(xs.clone()),
            other => Err(EvalError::new(format!("expected a list `[a, b]` but found {}", other.describe()))),
        }
    }

    /// Applies a function value.
    pub fn apply(&self, arg: Val) -> R<Val> {
        match self {
            Val::Func(f) => f(arg),
            other => Err(EvalError::new(format!("{} cannot be applied to arguments", other.describe()))),
        }
    }
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
