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
    UpAndDown,
    DownAndUp,
    Converge,
    Diverge,
    Disconverge,
    PinkyUp,
    PinkyUpDown,
    ThumbUp,
    ThumbUpDown,
}

/// Tidal's modes (UI.hs `_arp`), by name.
const MODES: [(&str, Mode); 13] = [
    ("up", Mode::Up),
    ("down", Mode::Down),
    ("updown", Mode::UpDown),
    ("downup", Mode::DownUp),
    ("up&down", Mode::UpAndDown),
    ("down&up", Mode::DownAndUp),
    ("converge", Mode::Converge),
    ("diverge", Mode::Diverge),
    ("disconverge", Mode::Disconverge),
    ("pinkyup", Mode::PinkyUp),
    ("pinkyupdown", Mode::PinkyUpDown),
    ("thumbup", Mode::ThumbUp),
    ("thumbupdown", Mode::ThumbUpDown),
];

/// `converge`: first, last, second, second to last, ...
fn converge(i: usize, n: usize) -> usize {
    if i.is_multiple_of(2) {
        i / 2
    } else {
        n - 1 - i / 2
    }
}

/// `pinkyup`: each note but the last, each followed by the last (`2n - 2` steps).
fn pinkyup(i: usize, n: usize) -> usize {
    if i.is_multiple_of(2) {
        i / 2
    } else {
        n - 1
    }
}

/// `thumbup`: the first note before each of the others (`2n - 2` steps).
fn thumbup(i: usize, _n: usize) -> usize {
    if i.is_multiple_of(2) {
        0
    } else {
        i / 2 + 1
    }
}

/// `init xs ++ init (reverse xs)` of a sequence of `len` steps given by `f`: its step `i`.
fn there_and_back(i: usize, len: usize, f: impl Fn(usize) -> usize) -> usize {
    if i + 1 < len {
        f(i)
    } else {
        f(2 * len - 2 - i)
    }
}

impl Mode {
    /// The number of steps for `n` notes (Tidal's list lengths; `init []` is empty here).
    fn len(self, n: usize) -> usize {
        let twice_less = |m: usize| (2 * m).saturating_sub(2);
        match self {
            Mode::Up | Mode::Down | Mode::Converge | Mode::Diverge => n,
            Mode::UpDown | Mode::DownUp => twice_less(n),
            Mode::UpAndDown | Mode::DownAndUp => 2 * n,
            Mode::Disconverge => (2 * n).saturating_sub(1),
            Mode::PinkyUp | Mode::ThumbUp => twice_less(n),
            Mode::PinkyUpDown | Mode::ThumbUpDown => twice_less(twice_less(n)),
        }
    }

    /// Which of the `n` notes step `i` plays (Tidal's list functions of `_arp`).
    fn index(self, i: usize, n: usize) -> usize {
        match self {
            Mode::Up => i,
            Mode::Down => n - 1 - i,
            Mode::UpDown => there_and_back(i, n, |k| k),
            Mode::DownUp => there_and_back(i, n, |k| n - 1 - k),
            Mode::UpAndDown => {
                if i < n {
                    i
                } else {
                    2 * n - 1 - i
                }
            }
            Mode::DownAndUp => {
                if i < n {
                    n - 1 - i
                } else {
                    i - n
                }
            }
            Mode::Converge => converge(i, n),
            Mode::Diverge => converge(n - 1 - i, n),
            Mode::Disconverge => {
                if i < n {
                    converge(i, n)
                } else {
                    converge(2 * n - 2 - i, n)
                }
            }
            Mode::PinkyUp => pinkyup(i, n),
            Mode::ThumbUp => thumbup(i, n),
            Mode::PinkyUpDown => there_and_back(i, 2 * n - 2, |k| pinkyup(k, n)),
            Mode::ThumbUpDown => there_and_back(i, 2 * n - 2, |k| thumbup(k, n)),
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

/// The arpeggio of `pat` in `mode` over `span`: each whole cycle the span touches is queried so
/// every chord is seen complete; the events with the same whole are played one after another
/// (Tidal's `arpWith`). `by_pitch` orders each chord low to high first (Phonon's `arp`);
/// otherwise the events keep their order in the pattern (Tidal's `arpeggiate`).
fn arp_q<'a>(
    mode: Mode,
    by_pitch: bool,
    pat: &Pattern,
    ctx: &crate::pattern::Ctx<'a>,
    span: Span,
) -> crate::pattern::Haps<'a> {
    let mut out = ctx.haps();
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
    // A stable insertion sort (no allocation): by whole, then pitch when asked.
    for i in 1..hs.len() {
        let mut j = i;
        while j > 0 && order(&hs[j - 1], &hs[j], by_pitch).is_gt() {
            hs.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut i = 0;
    while i < hs.len() {
        let w = hs[i].whole_or_part();
        let mut j = i + 1;
        while j < hs.len() && hs[j].whole_or_part() == w {
            j += 1;
        }
        let n = j - i;
        let steps = mode.len(n);
        if steps > 0 {
            let step_len = tdiv(w.len(), t(steps as i64));
            for k in 0..steps {
                let sw = Span::new(
                    tadd(w.begin, tmul(step_len, t(k as i64))),
                    tadd(w.begin, tmul(step_len, t(k as i64 + 1))),
                );
                if let Some(part) = crate::pattern::ops::tidal_time::sub_arc(sw, span) {
                    let src = &hs[i + mode.index(k, n)];
                    out.push(src.derive(Some(sw), part, src.value));
                }
            }
        }
        i = j;
    }
    out
}

fn order(a: &Hap, b: &Hap, by_pitch: bool) -> std::cmp::Ordering {
    let (wa, wb) = (a.whole_or_part(), b.whole_or_part());
    let o = (wa.begin, wa.end).cmp(&(wb.begin, wb.end));
    if by_pitch {
        o.then(pitch(&a.value).total_cmp(&pitch(&b.value)))
    } else {
        o
    }
}

/// `arp "<up down>"`: the mode patterned (Tidal's `tParam _arp`, an inner join over the modes).
fn arp(modes: &Pattern, pat: &Pattern) -> Pattern {
    let table: Vec<(Sym, Mode)> = MODES.iter().map(|(n, m)| (Sym::intern(n), *m)).collect();
    let (modes, pat) = (modes.clone(), pat.clone());
    Pattern::new(move |ctx, span| {
        let mut out = ctx.haps();
        for m in modes.query(ctx, span).iter() {
            let Value::Str(s) = m.value else { continue };
            if let Some((_, mode)) = table.iter().find(|(k, _)| *k == s) {
                out.extend(arp_q(*mode, true, &pat, ctx, m.part));
            }
        }
        out
    })
}

/// `arpeggiate`/`arpg`: Tidal's `arpWith id`, the notes in their order in the pattern.
pub fn arpeggiate(pat: &Pattern) -> Pattern {
    let pat = pat.clone();
    Pattern::new(move |ctx, span| arp_q(Mode::Up, false, &pat, ctx, span))
}

/// Adds `arp`.
pub fn install(table: &mut HashMap<&'static str, Val>) {
    table.insert(
        "arp",
        func2(|mode: Val, p: Val| {
            // A single mode is read as its name, so `"up&down"` works (`&` is not
            // mini-notation); otherwise a pattern of modes (`"<up down>"`).
            let modes = match &mode {
                Val::Str(s, _) if MODES.iter().any(|(n, _)| *n == s.trim()) => {
                    crate::pattern::pattern::pure(Value::Str(Sym::intern(s.trim())))
                }
                _ => mode.to_pat()?,
            };
            let bad = super::value::probe(&modes, 8, |haps| {
                haps.iter().find_map(|h| match h.value {
                    Value::Str(s) if MODES.iter().any(|(n, _)| *n == s.text()) => None,
                    Value::Str(s) => Some(s.text().to_string()),
                    other => Some(format!("{other:?}")),
                })
            });
            if let Some(bad) = bad {
                let names: Vec<&str> = MODES.iter().map(|(n, _)| *n).collect();
                return Err(EvalError::new(format!(
                    "unknown arp mode `{bad}`: the modes are {}",
                    names.join(" ")
                )));
            }
            Ok(Val::Pat(arp(&modes, &p.to_pat()?)))
        }),
    );
}

/// The language's `arpeggiate` (and `arpg`).
pub fn arpeggiate_value() -> Val {
    super::value::func(|p: Val| Ok(Val::Pat(arpeggiate(&p.to_pat()?))))
}
