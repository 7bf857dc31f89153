//! Strudel's deprecated `voicings(dictionary)` (@strudel/tonal 1.2.6 `voicings.mjs`, over the
//! `chord-voicings` package's `dictionaryVoicing` with the `minTopNoteDiff` picker): each chord
//! name becomes the notes of one of its dictionary voicings inside the dictionary's range, the
//! one whose top note is nearest the top note of the chord played before (the first in the
//! list when there is none), stacked as plain note names.
//!
//! Strudel keeps the chord played before in a global variable updated in query order. Phonon's
//! patterns are pure, so "before" is time order: the voice leading is walked from
//! [`LOOKBACK_CYCLES`] cycles before each chord's cycle (from cycle 0 near the start, which
//! is Strudel's own order when it plays from the start), the same for any query span.

use super::patternify;
use crate::pattern::ctx::Ctx;
use crate::pattern::hap::{Hap, Haps};
use crate::pattern::pattern::Pattern;
use crate::pattern::theory::tonal::{self, interval, prepare, tokenize_chord, Note};
use crate::pattern::theory::tonal_data::VOICING_DICTS;
use crate::pattern::time::{sam, t, tadd, tmax, tsub, Span};
use crate::pattern::value::{Sym, Value};
use std::sync::{Arc, OnceLock};

/// How many cycles before a chord's cycle its voice leading starts from.
pub const LOOKBACK_CYCLES: i64 = 8;

/// Most notes in one voicing.
const MAX_NOTES: usize = tonal::MAX_VOICING;

/// One dictionary voicing: its first interval and every interval relative to the first
/// (tonal's `Interval.substract(interval, voicing[0])`), as pitch coordinates.
#[derive(Clone)]
struct Shape {
    first: (i64, i64),
    rel: Vec<((i64, i64), i64)>,
}

/// A dictionary as `voicings` reads it: chord symbol to shapes, and the note range.
pub struct OldDict {
    name: String,
    chords: Vec<(String, Vec<Shape>)>,
    /// MIDI range: `voicingRegistry`'s `range` (`lefthand`: F3..A4), else `voicingsInRange`'s
    /// default D3..A4.
    range: (i64, i64),
}

fn dicts() -> &'static [OldDict] {
    static D: OnceLock<Vec<OldDict>> = OnceLock::new();
    D.get_or_init(|| {
        VOICING_DICTS
            .iter()
            .map(|(name, chords)| OldDict {
                name: name.to_string(),
                range: if *name == "lefthand" {
                    (53, 69)
                } else {
                    (50, 69)
                },
                chords: chords
                    .iter()
                    .map(|(sym, vs)| {
                        (
                            sym.to_string(),
                            vs.iter().filter_map(|v| shape(v)).collect(),
                        )
                    })
                    .collect(),
            })
            .collect()
    })
}

/// A voicing string of interval names (`"3m 5P 7m 9M"`); `None` if any word is not one.
fn shape(v: &str) -> Option<Shape> {
    let ivs: Vec<_> = v.split(' ').map(interval).collect::<Option<_>>()?;
    let first = ivs.first()?.coord;
    let rel = ivs
        .iter()
        .map(|i| {
            let c = (i.coord.0 - first.0, i.coord.1 - first.1);
            (c, i.semitones - ivs[0].semitones)
        })
        .collect();
    Some(Shape { first, rel })
}

/// The notes of one voicing and how many.
#[derive(Clone, Copy)]
struct Voiced {
    notes: [Note; MAX_NOTES],
    len: usize,
}

impl Voiced {
    const NONE: Voiced = Voiced {
        notes: [Note {
            step: 0,
            alt: 0,
            oct: None,
        }; MAX_NOTES],
        len: 0,
    };

    /// MIDI of the top note; Strudel's `Note.midi(undefined)` is `null`, which counts as 0.
    fn top(&self) -> i64 {
        match self.len {
            0 => 0,
            n => self.notes[n - 1].midi(),
        }
    }
}

/// `dictionaryVoicing({chord, dictionary, range, picker: minTopNoteDiff, lastVoicing})`:
/// `None` for a chord the dictionary lacks (Strudel: an empty voicing, which is then the
/// "last" one).
fn voice(dict: &OldDict, chord: &str, last: Option<&Voiced>) -> Voiced {
    let Some((tonic, symbol)) = tokenize_chord(chord) else {
        return Voiced::NONE;
    };
    let (Some(tonic), Some((_, shapes))) = (
        Note::parse(tonic),
        dict.chords.iter().find(|(s, _)| s == symbol),
    ) else {
        return Voiced::NONE;
    };
    let (lo, hi) = dict.range;
    let mut best = Voiced::NONE;
    let mut best_diff = i64::MAX;
    let mut first = true;
    for sh in shapes {
        // `voicingsInRange`: start notes of the bottom's pitch class, spelled as it, in range.
        let bottom = tonic.pc().transpose(sh.first).pc();
        let at_c = Note {
            oct: Some(0),
            ..bottom
        }
        .midi();
        let top_rel = sh.rel.last().map_or(0, |r| r.1);
        for m in lo..=hi {
            if (m - at_c).rem_euclid(12) != 0 || m + top_rel > hi {
                continue;
            }
            let start = Note {
                oct: Some((m - at_c) / 12),
                ..bottom
            };
            let mut v = Voiced::NONE;
            for (slot, (c, _)) in v.notes.iter_mut().zip(sh.rel.iter()) {
                *slot = start.transpose(*c);
            }
            v.len = sh.rel.len().min(MAX_NOTES);
            // `minTopNoteDiff`: the first voicing without a last one, else the first with the
            // smallest top-note distance.
            let diff = last.map_or(0, |l| (l.top() - v.top()).abs());
            if first || (last.is_some() && diff < best_diff) {
                best = v;
                best_diff = diff;
                first = false;
            }
        }
    }
    best
}

/// The chord name of an event: a plain word, or the `value` of a map.
fn chord_of<'a>(v: Value<'a>) -> Option<&'a str> {
    match v {
        Value::Str(s) => Some(s.text()),
        Value::Map(m) => m
            .iter()
            .find(|(k, _)| *k == Sym::VALUE)
            .and_then(|e| match e.1 {
                Value::Str(s) => Some(s.text()),
                _ => None,
            }),
        _ => None,
    }
}

/// Sorts by onset keeping query order among equal onsets (insertion sort: allocates nothing).
fn sort_by_onset(haps: &mut [Hap]) {
    for i in 1..haps.len() {
        let mut j = i;
        while j > 0 && haps[j].onset() < haps[j - 1].onset() {
            haps.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The voicing of chord event `h` (an onset in cycle `c`): walked from `LOOKBACK_CYCLES`
/// before `c` (not before 0) through every chord onset up to and including `h`'s.
fn led<'a>(pat: &Pattern, dict: &OldDict, ctx: &Ctx<'a>, h: &Hap<'a>) -> Voiced {
    let onset = h.onset();
    let c = sam(onset);
    let from = tmax(t(0), tsub(c, t(LOOKBACK_CYCLES)));
    let from = if onset < from { c } else { from };
    let mut chords = pat.query(ctx, Span::new(from, tadd(c, t(1))));
    chords.retain(|x| x.has_onset() && x.onset() >= from);
    sort_by_onset(chords.as_mut_slice());
    let mut last: Option<Voiced> = None;
    for x in chords.iter() {
        let Some(name) = chord_of(x.value) else {
            continue;
        };
        let v = voice(dict, name, last.as_ref());
        if x.onset() == onset && x.value == h.value {
            return v;
        }
        last = Some(v);
    }
    match chord_of(h.value) {
        Some(name) => voice(dict, name, last.as_ref()),
        None => Voiced::NONE,
    }
}

/// `strudel:voicings "lefthand" $ "<C^7 A7>"`: Strudel's deprecated `voicings` (see the
/// module): each chord event becomes its voicing's notes, plain names, with the chord's whole
/// and its part split by cycle (`stack(...).outerJoin()`). An unknown dictionary or chord is
/// silent.
pub fn voicings(dict: &Pattern, pat: &Pattern) -> Pattern {
    prepare();
    dicts();
    patternify(dict, pat, move |p, d, ctx, span| {
        let Value::Str(d) = d else { return ctx.haps() };
        match dicts().iter().find(|x| x.name == d.text()) {
            Some(dict) => voice_all(p, dict, ctx, span),
            None => ctx.haps(),
        }
    })
}

/// Every chord event of `p` in `span` as its voice-led notes.
fn voice_all<'a>(p: &Pattern, dict: &OldDict, ctx: &Ctx<'a>, span: Span) -> Haps<'a> {
    let mut out: Haps = ctx.haps();
    for h in p.query(ctx, span).iter() {
        if h.whole.is_none() {
            continue;
        }
        let v = led(p, dict, ctx, h);
        for n in v.notes.iter().take(v.len) {
            let value = Value::Str(n.sym());
            h.part
                .for_each_cycle(ctx, |piece| out.push(Hap::new(h.whole, piece, value)));
        }
    }
    out
}

/// A range of two note names with octaves as MIDI numbers, for `who`'s dictionary `name`.
fn range_midi(who: &str, name: &str, (lo, hi): (&str, &str)) -> Result<(i64, i64), String> {
    let midi = |n: &str| {
        match Note::parse(n) {
        Some(x) if x.oct.is_some() => Ok(x.midi()),
        _ => Err(format!(
            "`{who}('{name}', ...)`: the range takes two notes with octaves, as ['C3', 'C5'], not `{n}`"
        )),
    }
    };
    Ok((midi(lo)?, midi(hi)?))
}

/// Strudel's `addVoicings(name, dictionary, range = ['F3', 'A4'])`: a dictionary of the
/// program's own (chord symbol to voicings of interval names), with its note range.
pub fn user_dict(
    name: &str,
    chords: Vec<(String, Vec<String>)>,
    range: (&str, &str),
) -> Result<Arc<OldDict>, String> {
    let mut out = vec![];
    for (sym, vs) in chords {
        let mut shapes = vec![];
        for v in vs {
            shapes.push(shape(&v).ok_or_else(|| {
                format!("`addVoicings('{name}', ...)`: the voicing `{v}` of `{sym}` is not a list of intervals such as '3M 5P 7m'")
            })?);
        }
        out.push((sym, shapes));
    }
    Ok(Arc::new(OldDict {
        name: name.to_string(),
        chords: out,
        range: range_midi("addVoicings", name, range)?,
    }))
}

/// Strudel's `setVoicingRange(name, range)`: a built-in dictionary with another range.
pub fn with_range(name: &str, range: (&str, &str)) -> Result<Arc<OldDict>, String> {
    let d = dicts().iter().find(|d| d.name == name).ok_or_else(|| {
        format!("`setVoicingRange('{name}', ...)`: there is no voicing dictionary `{name}` (lefthand, triads, guidetones, legacy)")
    })?;
    Ok(Arc::new(OldDict {
        name: name.to_string(),
        chords: d.chords.clone(),
        range: range_midi("setVoicingRange", name, range)?,
    }))
}

/// `voicings` over a dictionary of the program's own ([`user_dict`]).
pub fn voicings_with(dict: Arc<OldDict>, pat: &Pattern) -> Pattern {
    prepare();
    let pat = pat.clone();
    Pattern::new(move |ctx, span| voice_all(&pat, &dict, ctx, span))
}
