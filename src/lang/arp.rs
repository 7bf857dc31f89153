//! `arp "up" $ note held`: Tidal's arpeggiator — the notes that sound together (events with
//! the same whole) are played one after another within it, in the order the mode gives.

use super::value::{func2, EvalError, Val};
use crate::pattern::hap::Hap;
use crate::pattern::time::{next_sam, sam, t, tadd, tdiv, teq, tmax, tmul, Span};
use crate::pattern::{Pattern, Sym, Value};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Up,
    Down,
    UpDown,
    DownUp,
    Converge,
    Diverge,
}

impl Mode {
    fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "up" => Mode::Up,
            "down" => Mode::Down,
            "updown" => Mode::UpDown,
            "downup" => Mode::DownUp,
            "converge" => Mode::Converge,
            "diverge" => Mode::Diverge,
            _ => return None,
        })
    }

    /// The number of steps for `n` notes.
    fn len(self, n: usize) -> usize {
        match self {
            Mode::UpDown | Mode::DownUp if n > 2 => 2 * n - 2,
            _ => n,
        }
    }

    /// Which of the `n` notes (sorted low to high) step `i` plays.
    fn index(self, i: usize, n: usize) -> usize {
        match self {
            Mode::Up => i,
            Mode::Down => n - 1 - i,
            Mode::UpDown => {
                if i < n {
                    i
                } else {
                    2 * n - 2 - i
                }
            }
            Mode::DownUp => {
                if i < n {
                    n - 1 - i
                } else {
                    i - n + 1
                }
            }
            Mode::Converge => {
                if i.is_multiple_of(2) {
                    i / 2
                } else {
                    n - 1 - i / 2
                }
            }
            Mode::Diverge => {
                let c = if i.is_multiple_of(2) {
                    i / 2
                } else {
                    n - 1 - i / 2
                };
                n - 1 - c
            }
        }
    }
}

/// The pitch an event sorts by: a number, or a control map's `note` (or `n`).
fn pitch(v: &Value) -> f64 {
    match v {
        Value::Num(x) => *x,
        Value::Map(_) => v
            .get_num(Sym::NOTE)
            .or_else(|| v.get_num(Sym::N))
            .unwrap_or(0.0),
        _ => 0.0,
    }
}

fn arp(mode: Mode, pat: Pattern) -> Pattern {
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        // Query each whole cycle the span touches, so every chord is seen complete.
        let c0 = sam(span.begin);
        let c1 = tmax(
            if teq(sam(span.end), span.end) {
                span.end
            } else {
                next_sam(span.end)
            },
            tadd(c0, t(1)),
        );
        let mut haps = pat.query(ctx, Span::new(c0, c1));
        let hs = haps.as_mut_slice();
        hs.sort_unstable_by(|a, b| {
            let (wa, wb) = (a.whole_or_part(), b.whole_or_part());
            (wa.begin, wa.end)
                .cmp(&(wb.begin, wb.end))
                .then(pitch(&a.value).total_cmp(&pitch(&b.value)))
        });
        let mut i = 0;
        while i < hs.len() {
            let w = hs[i].whole_or_part();
            let mut j = i + 1;
            while j < hs.len() && hs[j].whole_or_part() == w {
                j += 1;
            }
            let n = j - i;
            let steps = mode.len(n);
            let step_len = tdiv(w.len(), t(steps as i64));
            for k in 0..steps {
                let sw = Span::new(
                    tadd(w.begin, tmul(step_len, t(k as i64))),
                    tadd(w.begin, tmul(step_len, t(k as i64 + 1))),
                );
                if let Some(part) = sw.intersection(&span) {
                    let src = &hs[i + mode.index(k, n)];
                    out.push(Hap::new(Some(sw), part, src.value));
                }
            }
            i = j;
        }
        out
    })
}

/// Adds `arp`.
pub fn install(table: &mut HashMap<&'static str, Val>) {
    table.insert(
        "arp",
        func2(|mode: Val, p: Val| {
            let m = match &mode {
                Val::Str(s, _) => Mode::parse(s.trim()),
                _ => None,
            }
            .ok_or_else(|| EvalError::new("arp modes: \"up\", \"down\", \"updown\", \"downup\", \"converge\", \"diverge\""))?;
            Ok(Val::Pat(arp(m, p.to_pat()?)))
        }),
    );
}
