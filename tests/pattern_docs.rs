//! Docs are tests: every builtin has a one-line description and a Phonon example; each example
//! (the expression after `out $`) is queried for 4 cycles and its events are snapshot-checked
//! (`tests/snapshots/`, reviewed with `cargo insta review`), so the docs cannot drift.

use bumpalo::Bump;
use phonon::lang::builtins::builtins;
use phonon::lang::compile_expr;
use phonon::pattern::time::{t, Span, Time};
use phonon::pattern::Ctx;
use std::cell::Cell;
use std::collections::BTreeSet;

fn time(x: Time) -> String {
    format!("{}/{}", x.numer(), x.denom())
}

/// The events of an example over cycles 0..4, one line each, sorted.
fn events(expr: &str) -> String {
    let pat =
        compile_expr(expr).unwrap_or_else(|e| panic!("example `{expr}` does not compile: {e}"));
    let arena = Bump::new();
    let overflow = Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let mut lines: Vec<(Time, Time, String)> = pat
        .query(&ctx, Span::new(t(0), t(4)))
        .iter()
        .map(|h| {
            let whole = h
                .whole
                .map(|w| format!("{}-{}", time(w.begin), time(w.end)))
                .unwrap_or_else(|| "~".into());
            let text = format!(
                "{whole} {}-{} {}",
                time(h.part.begin),
                time(h.part.end),
                h.value.to_json()
            );
            (h.part.begin, h.part.end, text)
        })
        .collect();
    lines.sort();
    let lines: Vec<String> = lines.into_iter().map(|(_, _, l)| l).collect();
    assert_eq!(overflow.get(), 0);
    format!("{expr}\n{}\n", lines.join("\n"))
}

#[test]
fn every_builtin_is_documented_with_an_example() {
    let mut seen = BTreeSet::new();
    for b in builtins() {
        assert!(seen.insert(b.name), "`{}` is defined twice", b.name);
        assert!(
            !b.doc.trim().is_empty() && !b.doc.contains('\n'),
            "`{}` needs a one-line description",
            b.name
        );
        assert!(
            b.example.starts_with("out $ "),
            "`{}`'s example must be a program line `out $ ...`",
            b.name
        );
        assert!(
            b.example.contains(b.name),
            "`{}`'s example should use it: {}",
            b.name,
            b.example
        );
    }
}

#[test]
fn every_example_matches_its_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for b in builtins() {
            let expr = b.example.strip_prefix("out $ ").expect("checked above");
            let name = format!("doc_{}", b.name.replace('\'', "_prime"));
            insta::assert_snapshot!(name, events(expr));
        }
    });
}
