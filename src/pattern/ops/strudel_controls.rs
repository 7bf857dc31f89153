//! Strudel's functions that set controls from a pattern's values (controls.mjs, 1.2.6):
//! `as` (values to named controls) and `scrub` (a sample's position, tape-loop style).

use crate::pattern::controls::{control_names, map_from, set_control, MAX_CONTROLS};
use crate::pattern::{Pattern, Sym, Value};

/// `"c:.5 a:1".as("note:clip")`: each value (a list, `c:.5`, or one value) becomes a control
/// map, its `i`-th element under the `i`-th name (Strudel's `getControlName`: an alias names
/// its control); elements beyond the names, or names beyond the elements, are left out.
pub fn as_controls(names: &[&str], pat: &Pattern) -> Result<Pattern, String> {
    let keys = names
        .iter()
        .map(|n| {
            control_names(n)
                .and_then(|s| s.first().copied())
                .ok_or_else(|| format!("`as`: `{n}` is not a control"))
        })
        .collect::<Result<Vec<Sym>, String>>()?;
    let pat = pat.clone();
    let steps = pat.steps;
    Ok(Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for h in pat.query(ctx, span).iter() {
            let one = [h.value];
            let xs: &[Value] = match h.value {
                Value::List(xs) => xs,
                _ => &one,
            };
            let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
            let n = keys.len().min(xs.len()).min(MAX_CONTROLS);
            for i in 0..n {
                buf[i] = (keys[i], xs[i]);
            }
            out.push(h.with_value(map_from(ctx, &mut buf[..n])));
        }
        out
    })
    .with_steps(steps))
}

/// `s("amen/4").fit().scrub("{0 .25 .5}%8")`: Strudel's `scrub` (`beginPat.outerBind`): for
/// each event of `begins` (a position 0..1, or `position:speed`), the events of `pat` over it
/// with `begin` at that position, `speed` multiplied by the speed (1 when not given; set to it
/// when the event has none) and `clip 1`; wholes are the position events' (outer join).
pub fn scrub(begins: &Pattern, pat: &Pattern) -> Pattern {
    let (begins, pat) = (begins.clone(), pat.clone());
    let clip = Sym::intern("clip");
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for a in begins.query(ctx, span).iter() {
            let (begin, by) = match a.value {
                Value::List([b, m, ..]) => (*b, m.as_num().unwrap_or(1.0)),
                Value::List([b]) => (*b, 1.0),
                v => (v, 1.0),
            };
            for b in pat.query(ctx, a.part).iter() {
                let v = set_control(ctx, b.value, Sym::BEGIN, begin);
                let speed = v.get_num(Sym::SPEED).map_or(by, |s| s * by);
                let v = set_control(ctx, v, Sym::SPEED, Value::Num(speed));
                let v = set_control(ctx, v, clip, Value::Num(1.0));
                out.push(ctx.combine(a, b, a.whole, b.part, v));
            }
        }
        out
    })
}
