//! Sample slicing: `slice n "0 2 1" $ s "loop"` plays parts of a sample (`begin`/`end`), and
//! `splice` also stretches each part to fill its event (`unit "c"`), as Strudel's `slice` and
//! `splice`.

use super::value::{func3, EvalError, Val, R};
use crate::pattern::controls::{map_from, MAX_CONTROLS};
use crate::pattern::{Pattern, Sym, Value};
use std::collections::HashMap;

/// Strudel's `slice`: structure from the index pattern; each index `i` of `n` sets
/// `begin = i/n`, `end = (i+1)/n` on the sound pattern's values (queried over the index event).
fn slice(n: f64, index: Pattern, sound: Pattern, stretch: Option<Sym>) -> Pattern {
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for i in index.query(ctx, span).iter() {
            let Some(ix) = i.value.as_num() else { continue };
            let (begin, end) = (ix / n, (ix + 1.0) / n);
            for o in sound.query(ctx, i.part).iter() {
                let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
                let mut k = 0;
                match o.value {
                    Value::Map(m) => {
                        for e in m
                            .iter()
                            .filter(|e| e.0 != Sym::BEGIN && e.0 != Sym::END && e.0 != Sym::UNIT)
                        {
                            if k < MAX_CONTROLS - 3 {
                                buf[k] = *e;
                                k += 1;
                            }
                        }
                    }
                    other => {
                        buf[0] = (Sym::S, other);
                        k = 1;
                    }
                }
                buf[k] = (Sym::BEGIN, Value::Num(begin));
                buf[k + 1] = (Sym::END, Value::Num(end));
                k += 2;
                if let Some(c) = stretch {
                    buf[k] = (Sym::UNIT, Value::Str(c));
                    k += 1;
                }
                let v = map_from(ctx, &mut buf[..k]);
                out.push(ctx.combine(i, o, i.whole, o.part, v));
            }
        }
        out
    })
}

fn slices(n: &Val) -> R<f64> {
    let n = n.to_num()?;
    if n.is_finite() && n >= 1.0 {
        Ok(n.floor())
    } else {
        Err(EvalError::new(format!(
            "the number of slices must be 1 or more, not {n}"
        )))
    }
}

/// Adds `slice` and `splice`.
pub fn install(table: &mut HashMap<&'static str, Val>) {
    table.insert(
        "slice",
        func3(|n, i, p| Ok(Val::Pat(slice(slices(&n)?, i.to_pat()?, p.to_pat()?, None)))),
    );
    let unit_c = Sym::intern("c");
    table.insert(
        "splice",
        func3(move |n, i, p| {
            Ok(Val::Pat(slice(
                slices(&n)?,
                i.to_pat()?,
                p.to_pat()?,
                Some(unit_c),
            )))
        }),
    );
}
