//! Functions only Strudel code calls (its spelling, its semantics), one documented row each.

use crate::lang::builtins::{b, pat, pats, Builtin};
use crate::lang::value::func;
use crate::pattern::ops::layering::polymeter;

/// The rows (the language's table and its documentation read them).
pub fn builtins() -> Vec<Builtin> {
    vec![
        b!("polymeter", "Strudel's `polymeter(a, b)`: each pattern paced to the lowest common multiple of their steps per cycle, stacked (`polymeter(\"a b c\", \"d e\")` is `\"{a b c, d e}%6\"`).", "out $ polymeter [s \"bd sn hh\", s \"cp lt\"]", || {
            func(|l| pat(polymeter(&pats(&l)?)))
        }),
    ]
}
