//! Tidal's `contrast` family (UI.hs `contrastBy`, `fix`, `unfix`): a control pattern split in
//! two by a test control pattern, each half transformed by its own function.

use crate::pattern::pattern::{stack, Pattern};
use crate::pattern::time::Span;
use crate::pattern::value::Value;

/// True when every control of `test` is in `v` with an equal value (Tidal's
/// `Map.isSubmapOfBy (==)`; numbers compare as numbers, words as words).
fn submap(test: Value, v: Value) -> bool {
    let (Value::Map(t), Value::Map(m)) = (test, v) else {
        return false;
    };
    t.iter().all(|(k, x)| {
        m.iter().any(|(k2, y)| {
            k == k2
                && match (x, y) {
                    (Value::Num(a), Value::Num(b)) => a == b,
                    (Value::Str(a), Value::Str(b)) => a == b,
                    _ => false,
                }
        })
    })
}

/// The events of `pat` that match `test` (`want` true) or do not (`want` false): Tidal's
/// `matchManyToOne`, the test queried at each event's onset; an event matches when any of the
/// test's values there is a submap of it.
pub fn matching(test: &Pattern, pat: &Pattern, want: bool) -> Pattern {
    let (test, pat) = (test.clone(), pat.clone());
    Pattern::new(move |ctx, span| {
        let mut haps = pat.query(ctx, span);
        haps.retain(|h| {
            let at = h.whole_or_part().begin;
            let hit = test
                .query(ctx, Span::new(at, at))
                .iter()
                .any(|x| submap(x.value, h.value));
            hit == want
        });
        haps
    })
}

/// `contrast f g test p`, Tidal's `contrast` (`contrastBy (==)`: `overlay (f matched) (g
/// unmatched)`), given `f` and `g` as compile-time transformations.
pub fn contrast<E>(
    f: &dyn Fn(Pattern) -> Result<Pattern, E>,
    g: &dyn Fn(Pattern) -> Result<Pattern, E>,
    test: &Pattern,
    pat: &Pattern,
) -> Result<Pattern, E> {
    Ok(stack(vec![
        f(matching(test, pat, true))?,
        g(matching(test, pat, false))?,
    ]))
}

/// `contrastRange f g [("n", (0, 2))] p`, Tidal's `contrastRange` (UI.hs: `contrastBy` with a
/// test that a number lies in `[lo, hi]`, ends included; a word must equal both ends): `f` on
/// the events whose every listed control is in its range, `g` on the others.
pub fn contrast_range<E>(
    f: &dyn Fn(Pattern) -> Result<Pattern, E>,
    g: &dyn Fn(Pattern) -> Result<Pattern, E>,
    ranges: Vec<(crate::pattern::value::Sym, Value<'static>, Value<'static>)>,
    pat: &Pattern,
) -> Result<Pattern, E> {
    let ranges = std::sync::Arc::new(ranges);
    let split = |want: bool| {
        let ranges = ranges.clone();
        pat.filter_haps(move |h| {
            let hit = ranges
                .iter()
                .all(|(k, lo, hi)| match (h.value.get(*k), lo, hi) {
                    (Some(Value::Num(v)), Value::Num(a), Value::Num(b)) => v >= *a && v <= *b,
                    (Some(Value::Str(v)), Value::Str(a), Value::Str(b)) => v == *a && v == *b,
                    _ => false,
                });
            hit == want
        })
    };
    Ok(stack(vec![f(split(true))?, g(split(false))?]))
}
