//! Haskell's helpers for Tidal's tests on cycle numbers and times (`ifp ((== 0) . flip mod 2)`):
//! `mod`, `flip`, `cyclePos`, `even`, `odd`, and the comparisons the parser reads as operators.

use super::*;

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

/// This family's functions, documented.
pub(super) fn builtins() -> Vec<Builtin> {
    vec![
        b!(
            "mod",
            "Haskell's `mod` (the remainder with the divisor's sign), on numbers or patterns.",
            "out $ n (mod \"0 1 2 3 4\" 3) # s \"arpy\"",
            || { func2(|a, b| crate::lang::eval::binop("%", a, b)) }
        ),
        b!(
            "flip",
            "Haskell's `flip`: `flip f a b` is `f b a`.",
            "out $ n (flip mod 3 \"0 1 2 3 4\") # s \"arpy\"",
            || { func3(|f, a, b| f.apply(b)?.apply(a)) }
        ),
        b!(
            "cyclePos",
            "The position within its cycle of a time: `x - floor x` (numbers or patterns).",
            "out $ whenT ((< 0.5) . cyclePos) (# speed 2) $ s \"hh*4\"",
            || {
                func(|x| match x {
                    Val::Num(v) => Ok(Val::Num(v - v.floor())),
                    other => pat(other.to_pat()?.fmap(|_, v| match v.as_num() {
                        Some(x) => Value::Num(x - x.floor()),
                        None => v,
                    })),
                })
            }
        ),
        b!(
            "even",
            "1 for an even number, else 0 (numbers or patterns).",
            "out $ ifp even (fast 2) id $ s \"bd sn\"",
            || func(|x| parity(x, 0.0))
        ),
        b!(
            "odd",
            "1 for an odd number, else 0 (numbers or patterns).",
            "out $ ifp odd (fast 2) id $ s \"bd sn\"",
            || func(|x| parity(x, 1.0))
        ),
    ]
}
