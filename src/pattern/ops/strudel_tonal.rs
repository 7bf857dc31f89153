//! Strudel 1.2.6's tonal functions (`@strudel/tonal`: tonal.mjs, voicings.mjs, tonleiter.mjs):
//! `scale` (degrees to note names, note names quantised to the scale), `transpose` (semitones or
//! interval names, note names kept as names), `voicing` (chord symbols to the notes of a voicing
//! dictionary) and `rootNotes`. Values are Strudel's: note names where Strudel gives names, MIDI
//! numbers where it gives numbers. The music theory is `theory::tonal` (a port of tonal.js).
//!
//! Strudel tags each event of `scale` with its scale for `scaleTranspose`; Phonon's events have
//! no context, so `scaleTranspose` is not here.

use super::patternify;
use crate::pattern::controls::{map_from, MAX_CONTROLS};
use crate::pattern::ctx::Ctx;
use crate::pattern::pattern::Pattern;
use crate::pattern::theory::tonal::{
    self, get_scale, nearest_scale_note, render_voicing, scale_step, step_in_named_scale,
    voicing_dict, x2midi_str, Dict, Mode, Note, Scale, Voiced,
};
use crate::pattern::time::{t, Span};
use crate::pattern::value::{note_to_midi, parse_js_number, Sym, Value};
use std::sync::{Arc, OnceLock};

/// The control names these functions read (interned once).
struct Keys {
    chord: Sym,
    dictionary: Sym,
    anchor: Sym,
    mode: Sym,
    offset: Sym,
    octaves: Sym,
    empty: Sym,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| Keys {
        chord: Sym::intern("chord"),
        dictionary: Sym::intern("dictionary"),
        anchor: Sym::intern("anchor"),
        mode: Sym::intern("mode"),
        offset: Sym::intern("offset"),
        octaves: Sym::intern("octaves"),
        empty: Sym::intern(""),
    })
}

/// Everything these functions need before the first query (interned names, parsed
/// dictionaries).
fn prepare() {
    tonal::prepare_voicings();
    keys();
}

/// Strudel's `isNote`: `^[a-gA-G][#bsf]*-?[0-9]*$`.
pub fn is_note(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !matches!(b[0].to_ascii_lowercase(), b'a'..=b'g') {
        return false;
    }
    let mut i = 1;
    while i < b.len() && matches!(b[i], b'#' | b'b' | b's' | b'f') {
        i += 1;
    }
    if i < b.len() && b[i] == b'-' {
        i += 1;
    }
    b[i..].iter().all(|c| c.is_ascii_digit())
}

/// A scale argument's text: a word, or a mini-notation list (`C:major` is `[C, major]`) joined
/// by spaces, as Strudel's `scale` does.
fn scale_text(v: Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.text().to_string()),
        Value::Num(x) => Some(js_num(x)),
        Value::List(xs) => {
            let parts: Option<Vec<String>> = xs.iter().map(|x| scale_text(*x)).collect();
            Some(parts?.join(" "))
        }
        Value::Map(_) => None,
    }
}

fn js_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A value's entry under `key`.
fn get(m: &[(Sym, Value<'_>)], key: Sym) -> Option<usize> {
    m.iter().position(|(k, _)| *k == key)
}

/// A map from `m` without the keys in `drop`, with `extra` added.
fn rebuild<'a>(
    ctx: &Ctx<'a>,
    m: &[(Sym, Value<'a>)],
    drop: &[Sym],
    extra: (Sym, Value<'a>),
) -> Value<'a> {
    let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
    let mut n = 0;
    for e in m
        .iter()
        .filter(|e| !drop.contains(&e.0))
        .take(MAX_CONTROLS - 1)
    {
        buf[n] = *e;
        n += 1;
    }
    buf[n] = extra;
    map_from(ctx, &mut buf[..n + 1])
}

/// Strudel's `_convertStepToNumberAndOffset`: a number, or `-?\d+` with `#`/`b`/`s`/`f`.
fn step_and_offset(v: Value) -> Option<(f64, i64)> {
    match v {
        Value::Num(x) => Some((x, 0)),
        Value::Str(s) => {
            let text = s.text();
            if let Some(x) = parse_js_number(text) {
                return Some((x, 0));
            }
            let digits_end = text
                .char_indices()
                .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && *c == '-')))
                .map(|(i, _)| i)
                .unwrap_or(text.len());
            let num: i64 = text[..digits_end].parse().ok()?;
            let mut off = 0;
            for c in text[digits_end..].chars() {
                off += match c {
                    '#' | 's' => 1,
                    'b' | 'f' => -1,
                    _ => return None,
                };
            }
            Some((num as f64, off))
        }
        _ => None,
    }
}

/// A scale, parsed once per name.
#[derive(Clone)]
struct ParsedScale {
    scale: Result<Scale, String>,
    /// The root and steps `anchor` counts by (`stepInNamedScale`).
    named: Option<(f64, Vec<f64>)>,
}

impl ParsedScale {
    fn new(v: Value) -> Option<ParsedScale> {
        let text = scale_text(v)?;
        let scale = get_scale(&text);
        let named = tonal::named_scale_steps(&text).filter(|(_, s)| !s.is_empty());
        Some(ParsedScale { scale, named })
    }
}

/// A value's identity as a number, without allocating (words by id, numbers by bits).
fn value_key(v: Value) -> u64 {
    fn mix(h: u64, x: u64) -> u64 {
        (h ^ x).wrapping_mul(0x100000001b3).rotate_left(17)
    }
    match v {
        Value::Num(x) => mix(1, x.to_bits()),
        Value::Str(s) => mix(2, s.0 as u64),
        Value::List(xs) => xs.iter().fold(3, |h, x| mix(h, value_key(*x))),
        Value::Map(m) => m
            .iter()
            .fold(4, |h, (k, x)| mix(mix(h, k.0 as u64), value_key(*x))),
    }
}

/// The scales a patterned scale argument names in its first 64 cycles, parsed before the first
/// query (so the audio thread parses none of them); another one is parsed when met.
struct Scales(Vec<(u64, ParsedScale)>);

/// Cycles of a scale argument read ahead for its names.
const SCALE_LOOKAHEAD: i64 = 64;

impl Scales {
    fn of(pat: &Pattern) -> Scales {
        let arena = bumpalo::Bump::new();
        let overflow = std::cell::Cell::new(0);
        let ctx = Ctx::new(&arena, &overflow);
        let mut out: Vec<(u64, ParsedScale)> = vec![];
        for h in pat.query(&ctx, Span::new(t(0), t(SCALE_LOOKAHEAD))).iter() {
            let k = value_key(h.value);
            if out.len() < 256 && !out.iter().any(|(x, _)| *x == k) {
                if let Some(sc) = ParsedScale::new(h.value) {
                    out.push((k, sc));
                }
            }
        }
        Scales(out)
    }

    /// Calls `f` with the parsed scale `v` names.
    fn with<R>(&self, v: Value, f: impl FnOnce(&ParsedScale) -> R) -> Option<R> {
        let k = value_key(v);
        match self.0.iter().find(|(x, _)| *x == k) {
            Some((_, sc)) => Some(f(sc)),
            None => ParsedScale::new(v).map(|sc| f(&sc)),
        }
    }
}

/// One value through Strudel's `scale` (`None`: the event is dropped, where Strudel logs an
/// error and removes it).
fn scale_value<'a>(ctx: &Ctx<'a>, v: Value<'a>, sc: &ParsedScale) -> Option<Value<'a>> {
    let k = keys();
    let (m, note_or_step): (&[(Sym, Value<'a>)], Value<'a>) = match v {
        Value::Map(m) => {
            let found = [Sym::NOTE, Sym::N, Sym::VALUE]
                .iter()
                .find_map(|key| get(m, *key).map(|i| m[i].1));
            match found {
                Some(x) => (m, x),
                None => return Some(v),
            }
        }
        other => (&[], other),
    };
    let is_obj = matches!(v, Value::Map(_));
    let result: Value<'a> = match note_or_step {
        Value::Str(s) if is_note(s.text()) => {
            let scale = sc.scale.as_ref().ok()?;
            let midi = note_to_midi(s.text())?;
            Value::Str(nearest_scale_note(scale, midi)?.sym())
        }
        x => {
            let (number, offset) = step_and_offset(x)?;
            let anchor = get(m, k.anchor).map(|i| m[i].1).filter(|a| truthy(*a));
            let note: Value<'a> = match anchor {
                Some(a) => {
                    let a = match a {
                        Value::Num(x) => x,
                        Value::Str(s) => x2midi_str(s.text(), 3.0)?,
                        _ => return None,
                    };
                    let step = if number.fract() == 0.0 {
                        number as i64
                    } else {
                        return None;
                    };
                    let (root, steps) = sc.named.as_ref()?;
                    let midi = step_in_named_scale(step, *root, steps, Some(a));
                    if offset != 0 {
                        // tonal cannot transpose a number: Strudel gives "".
                        Value::Str(k.empty)
                    } else {
                        Value::Num(midi)
                    }
                }
                None => {
                    let scale = sc.scale.as_ref().ok()?;
                    let mut n = scale_step(number, scale)?;
                    if offset != 0 {
                        n = n.transpose(tonal::from_semitones(offset));
                    }
                    Value::Str(n.sym())
                }
            };
            note
        }
    };
    if is_obj {
        Some(rebuild(
            ctx,
            m,
            &[Sym::NOTE, Sym::N, Sym::VALUE],
            (Sym::NOTE, result),
        ))
    } else {
        Some(result)
    }
}

fn truthy(v: Value) -> bool {
    match v {
        Value::Num(x) => x != 0.0 && !x.is_nan(),
        Value::Str(s) => !s.text().is_empty(),
        _ => true,
    }
}

/// `scale "C:major" $ n "0 2 4"`, Strudel's `scale` (tonal.mjs): each degree (`n`, `note` or
/// a plain number; `"2#"`, `"3b"` with accidentals) becomes the note name of that degree of
/// the scale, from its root in octave 3 unless it names one; a note name is moved to the
/// nearest note of the scale; with `anchor`, degrees count from the anchor and give MIDI
/// numbers. The scale is patterned (inner join).
pub fn scale(scale_pat: &Pattern, pat: &Pattern) -> Pattern {
    prepare();
    if let Some(v) = scale_pat.pure {
        if let Some(sc) = ParsedScale::new(v) {
            let p = pat.clone();
            return Pattern::new(move |ctx, span| {
                let mut haps = p.query(ctx, span);
                apply_scale(ctx, &mut haps, &sc);
                haps
            })
            .with_steps(pat.steps);
        }
    }
    let scales = Scales::of(scale_pat);
    patternify(scale_pat, pat, move |p, v, ctx, span| {
        let mut haps = p.query(ctx, span);
        if scales
            .with(v, |sc| apply_scale(ctx, &mut haps, sc))
            .is_none()
        {
            haps.retain(|_| false);
        }
        haps
    })
    .with_steps(pat.steps)
}

fn apply_scale<'a>(ctx: &Ctx<'a>, haps: &mut crate::pattern::hap::Haps<'a>, sc: &ParsedScale) {
    let mut out = ctx.haps();
    for h in haps.iter() {
        if let Some(v) = scale_value(ctx, h.value, sc) {
            out.push(h.with_value(v));
        }
    }
    *haps = out;
}

/// `transpose "<0 3M>" $ note "c e"`, Strudel's `transpose` (tonal.mjs): numbers (and numeric
/// `note`s) move by semitones (an interval name counts its semitones); note names move by the
/// interval (a number of semitones as tonal's `fromSemitones`: 1 is a minor second, `Db`
/// from `C`) and stay names, spelled by tonal (`C#` plus a minor third is `E`).
pub fn transpose(amount: &Pattern, pat: &Pattern) -> Pattern {
    prepare();
    patternify(amount, pat, |p, a, ctx, span| {
        let mut haps = p.query(ctx, span);
        for h in haps.as_mut_slice().iter_mut() {
            if let Some(v) = transpose_value(ctx, h.value, a) {
                h.value = v;
            }
        }
        haps
    })
}

fn transpose_value<'a>(ctx: &Ctx<'a>, v: Value<'a>, amount: Value<'a>) -> Option<Value<'a>> {
    let note = match v {
        Value::Map(m) => m[get(m, Sym::NOTE)?].1,
        other => other,
    };
    let out = match note {
        Value::Num(x) => {
            let semis = match amount {
                Value::Num(a) => a,
                Value::Str(s) => tonal::interval(s.text())
                    .map(|i| i.semitones as f64)
                    .unwrap_or(0.0),
                _ => f64::NAN,
            };
            Value::Num(x + semis)
        }
        Value::Str(s) if is_note(s.text()) => {
            let ivl = match amount {
                Value::Num(a) => (a.fract() == 0.0).then(|| tonal::from_semitones(a as i64)),
                Value::Str(s) => match parse_js_number(s.text()) {
                    Some(a) => (a.fract() == 0.0).then(|| tonal::from_semitones(a as i64)),
                    None => tonal::interval(s.text()).map(|i| i.coord),
                },
                _ => None,
            };
            match (Note::parse(s.text()), ivl) {
                (Some(n), Some(i)) => Value::Str(n.transpose(i).sym()),
                _ => Value::Str(keys().empty),
            }
        }
        _ => return None,
    };
    Some(match v {
        Value::Map(m) => rebuild(ctx, m, &[Sym::NOTE], (Sym::NOTE, out)),
        _ => out,
    })
}

/// `rootNotes 2 $ chord "<C Am>"`, Strudel's `rootNotes` (voicings.mjs): each chord's root
/// (`[a-gA-G][b#]?`, as written) in the octave, as `note` when the value is a control map
/// (the other controls dropped, as Strudel does), else as a plain name.
pub fn root_notes(octave: &Pattern, pat: &Pattern) -> Pattern {
    prepare();
    root_table();
    patternify(octave, pat, |p, o, ctx, span| {
        let k = keys();
        let mut haps = p.query(ctx, span);
        for h in haps.as_mut_slice().iter_mut() {
            let (chord, is_map) = match h.value {
                Value::Map(m) => match get(m, k.chord) {
                    Some(i) => (m[i].1, true),
                    None => (h.value, false),
                },
                v => (v, false),
            };
            let Value::Str(c) = chord else {
                h.whole = Some(Span::new(t(-1), t(-1)));
                continue;
            };
            let Some(name) = root_name(c.text(), o) else {
                h.whole = Some(Span::new(t(-1), t(-1)));
                continue;
            };
            h.value = if is_map {
                map_from(ctx, &mut [(Sym::NOTE, Value::Str(name))])
            } else {
                Value::Str(name)
            };
        }
        haps.retain(|h| h.whole != Some(Span::new(t(-1), t(-1))));
        haps
    })
}

/// Roots written as chords write them (`C`, `c#`, `Bb`), in octaves -3..12, interned once.
fn root_table() -> &'static std::collections::HashMap<(u8, u8, i64), Sym> {
    static T: OnceLock<std::collections::HashMap<(u8, u8, i64), Sym>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for l in b"abcdefgABCDEFG" {
            for acc in [0u8, b'b', b'#'] {
                for o in -3..=12 {
                    let mut s = String::new();
                    s.push(*l as char);
                    if acc != 0 {
                        s.push(acc as char);
                    }
                    s.push_str(&o.to_string());
                    m.insert((*l, acc, o), Sym::intern(&s));
                }
            }
        }
        m
    })
}

fn root_name(chord: &str, octave: Value) -> Option<Sym> {
    let b = chord.as_bytes();
    let l = *b.first()?;
    if !matches!(l.to_ascii_lowercase(), b'a'..=b'g') {
        return None;
    }
    let acc = match b.get(1) {
        Some(c @ (b'b' | b'#')) => *c,
        _ => 0,
    };
    let o = match octave {
        Value::Num(x) if x.fract() == 0.0 => x as i64,
        Value::Str(s) => match parse_js_number(s.text()) {
            Some(x) if x.fract() == 0.0 => x as i64,
            _ => {
                return Some(Sym::intern(&format!(
                    "{}{}",
                    &chord[..1 + (acc != 0) as usize],
                    s.text()
                )))
            }
        },
        Value::Num(x) => {
            return Some(Sym::intern(&format!(
                "{}{x}",
                &chord[..1 + (acc != 0) as usize]
            )))
        }
        _ => return None,
    };
    root_table().get(&(l, acc, o)).copied().or_else(|| {
        Some(Sym::intern(&format!(
            "{}{o}",
            &chord[..1 + (acc != 0) as usize]
        )))
    })
}

/// `voicing $ chord "<C Am7>"`, Strudel's `voicing` (voicings.mjs): each chord (a word, or the
/// `chord` control with `dictionary`, `anchor`, `mode`, `offset`, `n`, `octaves`) becomes the
/// notes of its voicing, stacked, each `{note: name}` (or, with `n`, the one MIDI number
/// picked) with the event's other controls; the wholes are the chord's (outer join). An
/// unknown chord or dictionary is silent.
pub fn voicing(pat: &Pattern) -> Pattern {
    voicing_by_default(pat, DEFAULT_VOICINGS)
}

/// The dictionary of chords that name none (Strudel's `defaultDict`, until
/// `setDefaultVoicings`).
pub const DEFAULT_VOICINGS: &str = "ireal";

/// [`voicing`] whose events without a `dictionary` use `default` (Strudel's
/// `setDefaultVoicings('legacy')`; `ireal` when unset).
pub fn voicing_by_default(pat: &Pattern, default: &str) -> Pattern {
    voicing_dicts(pat, default, None)
}

/// The `dictionary` an event names when its dictionary was written in the code (Strudel's
/// `.dict({ m7: ['3m 5P 7m'] })`), read by [`voicing_inline`].
pub const INLINE_DICT: &str = "{...}";

/// [`voicing`] whose events with the `dictionary` [`INLINE_DICT`] use `dict`, a dictionary
/// written in the code (Strudel's `.dict(object)`: the object's voicings, `mode` below and
/// anchor `c5` unless the event sets them, as voicings.mjs reads a dictionary that is not a
/// name); events naming another dictionary, or none (`default`), as [`voicing_by_default`].
pub fn voicing_inline(pat: &Pattern, dict: Dict, default: &str) -> Pattern {
    voicing_dicts(pat, default, Some(Arc::new(dict)))
}

fn voicing_dicts(pat: &Pattern, default: &str, inline: Option<Arc<Dict>>) -> Pattern {
    prepare();
    let pat = pat.clone();
    let default = voicing_dict(default);
    Pattern::new(move |ctx, span| {
        let k = keys();
        let mut out = ctx.haps();
        for h in pat.query(ctx, span).iter() {
            let empty: &[(Sym, Value)] = &[];
            let (m, chord) = match h.value {
                Value::Str(s) => (empty, Some(s.text())),
                Value::Map(m) => (
                    m,
                    get(m, k.chord).and_then(|i| match m[i].1 {
                        Value::Str(s) => Some(s.text()),
                        _ => None,
                    }),
                ),
                _ => (empty, None),
            };
            let Some(chord) = chord else { continue };
            let field = |key: Sym| get(m, key).map(|i| m[i].1);
            let dict = match field(k.dictionary) {
                None => default,
                Some(Value::Str(s)) if s.text() == INLINE_DICT => inline.as_deref(),
                Some(Value::Str(s)) => voicing_dict(s.text()),
                Some(_) => None,
            };
            let Some(dict) = dict else { continue };
            let anchor = match field(k.anchor) {
                None => Some(72.0),
                Some(Value::Num(x)) => Some(x),
                Some(Value::Str(s)) => x2midi_str(s.text(), 4.0),
                Some(_) => None,
            };
            let mode = match field(k.mode) {
                None => Some(Mode::Below),
                Some(Value::Str(s)) => Mode::parse(s.text()),
                Some(_) => None,
            };
            let offset = match field(k.offset) {
                None => Some(0),
                Some(Value::Num(x)) if x.fract() == 0.0 => Some(x as i64),
                Some(_) => None,
            };
            let n = match field(Sym::N) {
                None => Some(None),
                Some(Value::Num(x)) => Some(Some(x)),
                Some(_) => None,
            };
            let octaves = match field(k.octaves) {
                None => Some(1.0),
                Some(Value::Num(x)) => Some(x),
                Some(_) => None,
            };
            let (Some(anchor), Some(mode), Some(offset), Some(n), Some(octaves)) =
                (anchor, mode, offset, n, octaves)
            else {
                continue;
            };
            let Some(voiced) = render_voicing(chord, dict, anchor, mode, offset, n, octaves) else {
                continue;
            };
            let drop = [
                k.dictionary,
                k.chord,
                k.anchor,
                k.offset,
                k.mode,
                Sym::N,
                k.octaves,
                Sym::NOTE,
            ];
            let (notes, count) = match voiced {
                Voiced::Notes(notes, count) => {
                    let mut vs = [Value::Num(0.0); tonal::MAX_VOICING];
                    for (v, n) in vs.iter_mut().zip(notes.iter().take(count)) {
                        *v = Value::Str(n.sym());
                    }
                    (vs, count)
                }
                Voiced::Midi(x) => ([Value::Num(x); tonal::MAX_VOICING], 1),
            };
            // `.set(rest)` comes last: a `note` the chord's event already has wins.
            let given = field(Sym::NOTE);
            for note in notes.into_iter().take(count) {
                let v = rebuild(ctx, m, &drop, (Sym::NOTE, given.unwrap_or(note)));
                // `stack(...).note().set(rest)`: pure events, one per cycle of the part.
                h.part
                    .for_each_cycle(ctx, |piece| out.push(h.derive(h.whole, piece, v)));
            }
        }
        out
    })
}

/// Strudel's `scaleOffset(scale, offset, note)` (tonal.mjs): the note `offset` steps along the
/// scale (by its pitch classes, spelled as the scale spells them), the octave counted at each
/// `C`; `None` where Strudel throws (no tonic, a note not in the scale).
fn scale_offset(sc: &Scale, offset: i64, note: &str) -> Option<Note> {
    let tonic = sc.tonic?;
    let len = sc.intervals.len().min(tonal::MAX_SCALE);
    let mut pcs = [tonic.pc(); tonal::MAX_SCALE];
    for (p, i) in pcs.iter_mut().zip(sc.intervals.iter().take(len)) {
        *p = tonic.transpose(i.coord).pc();
    }
    let pcs = &pcs[..len];
    let from = Note::parse(note)?;
    let index = pcs.iter().position(|p| *p == from.pc())? as i64;
    let (mut i, mut o, mut n) = (index, from.oct.unwrap_or(3), from.pc());
    let dir = offset.signum();
    let len = len as i64;
    while (i - index).abs() < offset.abs() {
        i += dir;
        if dir < 0 && n.step == 0 {
            o += dir;
        }
        n = pcs[i.rem_euclid(len) as usize];
        if dir > 0 && n.step == 0 {
            o += dir;
        }
    }
    Some(Note { oct: Some(o), ..n })
}

/// `strudel:scaleTranspose "C:major" 1 $ strudel:scale "C:major" $ n "0 2"`, Strudel's
/// `scaleTranspose` (tonal.mjs) with the scale given: Strudel reads it from the context
/// `scale` leaves on each event, which Phonon's events do not carry, so a front-end passes
/// the scale of the `.scale(...)` before it. Each note name (`note`, or a plain name) moves
/// `offset` steps along the scale; an event whose note is not in the scale is dropped (where
/// Strudel throws).
pub fn scale_transpose(scale_pat: &Pattern, offset: &Pattern, pat: &Pattern) -> Pattern {
    prepare();
    let scales = Scales::of(scale_pat);
    super::patternify2(scale_pat, offset, pat, move |p, s, off, ctx, span| {
        scales
            .with(s, |sc| transpose_in_scale(p, sc, off, ctx, span))
            .unwrap_or_else(|| ctx.haps())
    })
}

fn transpose_in_scale<'a>(
    p: &Pattern,
    sc: &ParsedScale,
    off: Value<'a>,
    ctx: &Ctx<'a>,
    span: Span,
) -> crate::pattern::hap::Haps<'a> {
    let mut out = ctx.haps();
    {
        let Ok(scale) = sc.scale.as_ref() else {
            return out;
        };
        let off = match off {
            Value::Num(x) => x,
            Value::Str(s) => parse_js_number(s.text()).unwrap_or(f64::NAN),
            _ => f64::NAN,
        };
        if !off.is_finite() {
            return out;
        }
        // A fractional offset walks as many steps as its ceiling away from zero (JS compares
        // |i - index| < |offset|).
        let steps = if off >= 0.0 { off.ceil() } else { off.floor() } as i64;
        for h in p.query(ctx, span).iter() {
            let (note, m) = match h.value {
                Value::Map(m) => match get(m, Sym::NOTE).map(|i| m[i].1) {
                    Some(Value::Str(n)) => (n, Some(m)),
                    _ => continue,
                },
                Value::Str(n) => (n, None),
                _ => continue,
            };
            let Some(moved) = scale_offset(scale, steps, note.text()) else {
                continue;
            };
            let v = Value::Str(moved.sym());
            let v = match m {
                Some(m) => rebuild(ctx, m, &[Sym::NOTE], (Sym::NOTE, v)),
                None => v,
            };
            out.push(h.with_value(v));
        }
        out
    }
}
