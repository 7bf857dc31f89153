//! Controls (`s`, `n`, `gain`, ...): patterns of control maps, and the operators that combine
//! them (`#`, `|+`, `+|`, `|+|`, ... as Strudel's `set`/`add`/... with `in`/`out`/`mix`).

use super::hap::Ctx;
use super::pattern::Pattern;
use super::value::{Sym, Value};

/// Most entries one control map can hold; a larger union is truncated and counted.
pub const MAX_CONTROLS: usize = 32;

/// A control pattern from a value pattern: `names[0]` gets the value; a list value (`bd:3:0.8`)
/// spreads over `names` in order (Strudel: `s` is the multi-control `s`, `n`, `gain`).
pub fn control(names: &'static [Sym], pat: &Pattern) -> Pattern {
    pat.fmap(move |ctx, v| match v {
        Value::Map(_) => v,
        Value::List(xs) => {
            let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
            let n = xs.len().min(names.len());
            for i in 0..n {
                buf[i] = (names[i], xs[i]);
            }
            map_from(ctx, &mut buf[..n])
        }
        _ => map_from(ctx, &mut [(names[0], v)]),
    })
}

/// A control map in the arena from unsorted entries (later duplicates win).
pub fn map_from<'a>(ctx: &Ctx<'a>, entries: &mut [(Sym, Value<'a>)]) -> Value<'a> {
    entries.sort_by_key(|e| e.0);
    match ctx.alloc_slice(entries) {
        Some(s) => Value::Map(s),
        None => Value::Map(&[]),
    }
}

/// `v` with control `key` set to `x` (a non-map value is returned unchanged).
pub fn set_control<'a>(ctx: &Ctx<'a>, v: Value<'a>, key: Sym, x: Value<'a>) -> Value<'a> {
    match v {
        Value::Map(m) => {
            let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
            let mut n = 0;
            for e in m.iter().filter(|e| e.0 != key).take(MAX_CONTROLS - 1) {
                buf[n] = *e;
                n += 1;
            }
            buf[n] = (key, x);
            map_from(ctx, &mut buf[..n + 1])
        }
        other => other,
    }
}

/// The names each control sets from a list value.
pub fn control_names(name: &str) -> Option<&'static [Sym]> {
    Some(match name {
        "s" | "sound" => &[Sym::S, Sym::N, Sym::GAIN],
        "n" => &[Sym::N],
        "note" => &[Sym::NOTE],
        "gain" => &[Sym::GAIN],
        "speed" => &[Sym::SPEED],
        "pan" => &[Sym::PAN],
        "velocity" => &[Sym::VELOCITY],
        "legato" => &[Sym::LEGATO],
        "sustain" => &[Sym::SUSTAIN],
        "begin" => &[Sym::BEGIN],
        "end" => &[Sym::END],
        "cut" => &[Sym::CUT],
        "attack" => &[Sym::ATTACK],
        "release" => &[Sym::RELEASE],
        "hold" => &[Sym::HOLD],
        "loop" => &[Sym::LOOP],
        "unit" => &[Sym::UNIT],
        "accelerate" => &[Sym::ACCELERATE],
        "octave" => &[Sym::OCTAVE],
        "orbit" => &[Sym::ORBIT],
        _ => return None,
    })
}

/// How two values combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumOp {
    /// Take the right value (`#`, `|>`).
    Set,
    /// Keep the left value (`|<`).
    Keep,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl NumOp {
    /// The operator for a Tidal symbol (`+` in `|+`, `>` in `|>`, ...).
    pub fn from_symbol(s: &str) -> Option<NumOp> {
        Some(match s {
            "+" => NumOp::Add,
            "-" => NumOp::Sub,
            "*" => NumOp::Mul,
            "/" => NumOp::Div,
            "%" => NumOp::Mod,
            "**" => NumOp::Pow,
            ">" => NumOp::Set,
            "<" => NumOp::Keep,
            _ => return None,
        })
    }

    fn nums(self, a: f64, b: f64) -> f64 {
        match self {
            NumOp::Set => b,
            NumOp::Keep => a,
            NumOp::Add => a + b,
            NumOp::Sub => a - b,
            NumOp::Mul => a * b,
            NumOp::Div => a / b,
            // JS `_mod`: ((a % b) + b) % b
            NumOp::Mod => ((a % b) + b) % b,
            NumOp::Pow => a.powf(b),
        }
    }

    /// Combines two values: numbers arithmetically, maps key by key (keys in one side only are
    /// kept, Strudel's `unionWithObj`). `None` when the values cannot combine.
    pub fn apply<'a>(self, ctx: &Ctx<'a>, a: Value<'a>, b: Value<'a>) -> Option<Value<'a>> {
        match (self, a, b) {
            (NumOp::Set, _, Value::Num(_) | Value::Str(_) | Value::List(_)) if !matches!(a, Value::Map(_)) => Some(b),
            (NumOp::Keep, _, _) if !matches!((a, b), (Value::Map(_), Value::Map(_))) => Some(a),
            (_, Value::Num(x), Value::Num(y)) => Some(Value::Num(self.nums(x, y))),
            (_, Value::Map(x), Value::Map(y)) => Some(self.union(ctx, x, y)),
            (_, Value::Map(_), _) | (_, _, Value::Map(_)) => None,
            (NumOp::Set, _, _) => Some(b),
            _ => None,
        }
    }

    fn union<'a>(self, ctx: &Ctx<'a>, a: &'a [(Sym, Value<'a>)], b: &'a [(Sym, Value<'a>)]) -> Value<'a> {
        let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
        let (mut i, mut j, mut n) = (0, 0, 0);
        while (i < a.len() || j < b.len()) && n < MAX_CONTROLS {
            let take = if j >= b.len() {
                a[i]
            } else if i >= a.len() {
                b[j]
            } else if a[i].0 < b[j].0 {
                a[i]
            } else if b[j].0 < a[i].0 {
                b[j]
            } else {
                let v = match (a[i].1, b[j].1) {
                    (Value::Num(x), Value::Num(y)) => Value::Num(self.nums(x, y)),
                    (x, y) => match self {
                        NumOp::Keep => x,
                        _ => y,
                    },
                };
                i += 1;
                j += 1;
                buf[n] = (a[i - 1].0, v);
                n += 1;
                continue;
            };
            if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
                i += 1;
            } else {
                j += 1;
            }
            buf[n] = take;
            n += 1;
        }
        if i < a.len() || j < b.len() {
            ctx.overflow.set(ctx.overflow.get() + 1);
        }
        match ctx.alloc_slice(&buf[..n]) {
            Some(s) => Value::Map(s),
            None => Value::Map(&[]),
        }
    }
}

/// Where the structure of `a op b` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    /// `|+`, `#`: from the left.
    Left,
    /// `+|`: from the right.
    Right,
    /// `|+|`, `+`: from both.
    Both,
}

/// `a op b` with the given structure.
pub fn combine(a: &Pattern, b: &Pattern, op: NumOp, how: Structure) -> Pattern {
    match how {
        Structure::Left => a.app_left(b, move |ctx, x, y| op.apply(ctx, x, y)),
        Structure::Right => a.app_right(b, move |ctx, x, y| op.apply(ctx, x, y)),
        Structure::Both => a.app_both(b, move |ctx, x, y| op.apply(ctx, x, y)),
    }
}
