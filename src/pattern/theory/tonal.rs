//! The part of tonal.js (@tonaljs 6, what Strudel 1.2.6's `@strudel/tonal` calls) that
//! Strudel's `scale`, `transpose` and `voicing` use: note names and intervals as pitch
//! coordinates (fifths, octaves), transposition, `Interval.fromSemitones`, `Scale.get` over the
//! scale types of `tonal_data.rs`; and Strudel's own helpers of `tonleiter.mjs`
//! (`stepInNamedScale`, `renderVoicing`). Note names computed at query time come from a table
//! interned before the first query ([`note_sym`]), so the audio thread takes no lock for them.

use super::tonal_data::{SCALE_TYPES, VOICING_DICTS};
use crate::pattern::value::{note_to_midi, Sym};
use std::sync::OnceLock;

/// A parsed note (tonal's `note()`): letter step (C = 0 .. B = 6), alteration, octave.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Note {
    pub step: i64,
    pub alt: i64,
    pub oct: Option<i64>,
}

const FIFTHS: [i64; 7] = [0, 2, 4, -1, 1, 3, 5];
const FIFTHS_TO_STEPS: [i64; 7] = [3, 0, 4, 1, 5, 2, 6];
const SIZES: [i64; 7] = [0, 2, 4, 5, 7, 9, 11];

fn steps_to_octs(step: i64) -> i64 {
    (FIFTHS[step as usize] * 7).div_euclid(12)
}

/// Pitch coordinates: fifths and (when the pitch has an octave) octaves.
pub type Coord = (i64, Option<i64>);

impl Note {
    /// tonal's `note(name)`: `^([a-gA-G]?)(#+|b+|x+|)(-?\d*)$` (a letter is required).
    pub fn parse(s: &str) -> Option<Note> {
        let b = s.as_bytes();
        let letter = b.first()?.to_ascii_uppercase();
        if !(b'A'..=b'G').contains(&letter) {
            return None;
        }
        let step = ((letter as i64) + 3) % 7;
        let mut i = 1;
        let mut alt = 0i64;
        if i < b.len() && matches!(b[i], b'#' | b'b' | b'x') {
            let c = b[i];
            while i < b.len() && b[i] == c {
                alt += match c {
                    b'#' => 1,
                    b'x' => 2,
                    _ => -1,
                };
                i += 1;
            }
        }
        let rest = &s[i..];
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        if !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let oct = if digits.is_empty() {
            if rest.is_empty() {
                None
            } else {
                return None; // `c-`: the regex leaves `-` unmatched
            }
        } else {
            Some(rest.parse::<i64>().ok()?)
        };
        Some(Note { step, alt, oct })
    }

    pub fn coord(self) -> Coord {
        let f = FIFTHS[self.step as usize] + 7 * self.alt;
        (
            f,
            self.oct
                .map(|o| o - steps_to_octs(self.step) - 4 * self.alt),
        )
    }

    pub fn from_coord((f, o): Coord) -> Note {
        let step = FIFTHS_TO_STEPS[(f + 1).rem_euclid(7) as usize];
        let alt = (f + 1).div_euclid(7);
        Note {
            step,
            alt,
            oct: o.map(|o| o + 4 * alt + steps_to_octs(step)),
        }
    }

    /// The pitch class as a note without octave.
    pub fn pc(self) -> Note {
        Note { oct: None, ..self }
    }

    pub fn name(self) -> String {
        let letter = "CDEFGAB".as_bytes()[self.step as usize] as char;
        let acc = if self.alt < 0 {
            "b".repeat((-self.alt) as usize)
        } else {
            "#".repeat(self.alt as usize)
        };
        match self.oct {
            Some(o) => format!("{letter}{acc}{o}"),
            None => format!("{letter}{acc}"),
        }
    }

    /// MIDI number (octave 3 when none, as Strudel's `noteToMidi`).
    pub fn midi(self) -> i64 {
        SIZES[self.step as usize] + self.alt + 12 * (self.oct.unwrap_or(3) + 1)
    }

    /// tonal's `transpose(note, interval)`: coordinates added (a pitch class stays one).
    pub fn transpose(self, (f, o): (i64, i64)) -> Note {
        let (nf, no) = self.coord();
        Note::from_coord((nf + f, no.map(|x| x + o)))
    }

    /// The interned name (from the table made before the first query when in range).
    pub fn sym(self) -> Sym {
        note_sym(self)
    }
}

const ALT_RANGE: i64 = 3;
const OCT_LO: i64 = -3;
const OCT_HI: i64 = 12;

fn note_table() -> &'static Vec<Sym> {
    static TABLE: OnceLock<Vec<Sym>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v = vec![];
        for step in 0..7 {
            for alt in -ALT_RANGE..=ALT_RANGE {
                for oct in std::iter::once(None).chain((OCT_LO..=OCT_HI).map(Some)) {
                    v.push(Sym::intern(&Note { step, alt, oct }.name()));
                }
            }
        }
        v
    })
}

/// Interns the note-name table (call when building a pattern that names notes at query time).
pub fn prepare() {
    note_table();
}

/// The interned name of a note: from the prepared table, else interned (outside 3 accidentals
/// and octaves -3..12: never met in music, and then the interner's lock is taken).
pub fn note_sym(n: Note) -> Sym {
    let per_oct = (OCT_HI - OCT_LO + 2) as usize;
    let per_alt = per_oct;
    let per_step = per_alt * (2 * ALT_RANGE + 1) as usize;
    if n.alt.abs() <= ALT_RANGE && n.oct.is_none_or(|o| (OCT_LO..=OCT_HI).contains(&o)) {
        let oi = n.oct.map(|o| (o - OCT_LO + 1) as usize).unwrap_or(0);
        let i = n.step as usize * per_step + (n.alt + ALT_RANGE) as usize * per_alt + oi;
        return note_table()[i];
    }
    Sym::intern(&n.name())
}

/// A parsed interval (tonal's `interval()`): its coordinates and semitones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub coord: (i64, i64),
    pub semitones: i64,
}

/// tonal's interval parser: `3M`, `-2m`, `8P`, `4A` (and the shorthand `M3`).
pub fn interval(s: &str) -> Option<Interval> {
    let (num, q) = split_interval(s)?;
    interval_of(num, q)
}

/// An interval from its number and quality (`3`, `M`).
fn interval_of(num: i64, q: &str) -> Option<Interval> {
    let step = (num.abs() - 1) % 7;
    let majorable = matches!(step, 1 | 2 | 5 | 6);
    if majorable && q == "P" {
        return None;
    }
    let alt = if (q == "M" && majorable) || (q == "P" && !majorable) {
        0
    } else if q == "m" && majorable {
        -1
    } else if q.bytes().all(|c| c == b'A') {
        q.len() as i64
    } else if q.bytes().all(|c| c == b'd') {
        -(if majorable {
            q.len() as i64 + 1
        } else {
            q.len() as i64
        })
    } else {
        0
    };
    let dir = if num < 0 { -1 } else { 1 };
    let oct = (num.abs() - 1) / 7;
    let f = FIFTHS[step as usize] + 7 * alt;
    let o = oct - steps_to_octs(step) - 4 * alt;
    Some(Interval {
        coord: (dir * f, dir * o),
        semitones: dir * (SIZES[step as usize] + alt + 12 * oct),
    })
}

fn split_interval(s: &str) -> Option<(i64, &str)> {
    // `^([-+]?\d+)(d{1,4}|m|M|P|A{1,4})` (a prefix match, as tonal's regex has no `$` on this
    // branch), or `(AA|A|P|M|m|d|dd)([-+]?\d+)$`.
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let d0 = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i > d0 {
        let num: i64 = s[..i].parse().ok()?;
        let rest = &s[i..];
        let q = quality_prefix(rest)?;
        return Some((num, q));
    }
    // Shorthand: the quality then the number, to the end.
    for q in ["AA", "A", "P", "M", "m", "dd", "d"] {
        if let Some(n) = s.strip_suffix_num(q) {
            return Some((n, q));
        }
    }
    None
}

trait ShorthandInterval {
    fn strip_suffix_num(&self, q: &str) -> Option<i64>;
}

impl ShorthandInterval for str {
    fn strip_suffix_num(&self, q: &str) -> Option<i64> {
        let rest = self.strip_prefix(q)?;
        let digits = rest.strip_prefix(['-', '+']).unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        rest.parse().ok()
    }
}

fn quality_prefix(rest: &str) -> Option<&str> {
    let b = rest.as_bytes();
    match b.first()? {
        b'm' | b'M' | b'P' => Some(&rest[..1]),
        c @ (b'd' | b'A') => {
            let n = b.iter().take_while(|x| *x == c).count().min(4);
            Some(&rest[..n])
        }
        _ => None,
    }
}

/// tonal's `Interval.fromSemitones(n)` as coordinates (`1` is `2m`, `6` is `5d`).
pub fn from_semitones(n: i64) -> (i64, i64) {
    const IN: [i64; 12] = [1, 2, 2, 3, 3, 4, 5, 5, 6, 6, 7, 7];
    const IQ: [&str; 12] = ["P", "m", "M", "m", "M", "P", "d", "P", "m", "M", "m", "M"];
    let d = if n < 0 { -1 } else { 1 };
    let a = n.abs();
    let (c, o) = ((a % 12) as usize, a / 12);
    interval_of(d * (IN[c] + 7 * o), IQ[c])
        .map(|i| i.coord)
        .unwrap_or((0, 0))
}

/// A scale type of tonal's table by name or alias (lower case).
pub fn scale_type(name: &str) -> Option<&'static [&'static str]> {
    SCALE_TYPES
        .iter()
        .find(|(n, aliases, _)| *n == name || aliases.contains(&name))
        .map(|(_, _, ivls)| *ivls)
}

/// tonal's `Scale.get(name)` as Strudel uses it: the tonic (if any) and the intervals.
#[derive(Clone, Debug)]
pub struct Scale {
    pub tonic: Option<Note>,
    pub intervals: Vec<Interval>,
}

/// tonal's `Scale.tokenize`: `"C4 major"` is (`C4`, `major`), `"major"` is (none, `major`).
pub fn scale_tokenize(name: &str) -> (Option<Note>, String) {
    let first = name.find(' ').map(|i| &name[..i]).unwrap_or("");
    if let Some(n) = Note::parse(first) {
        let len = n.name().len();
        let ty = name.get(len + 1..).unwrap_or("").to_lowercase();
        return (Some(n), ty);
    }
    match Note::parse(name) {
        Some(n) => (Some(n), String::new()),
        None => (None, name.to_lowercase()),
    }
}

/// Strudel's `getScale` (tonal.mjs): `:` as spaces, then `Scale.get`; an error says why.
pub fn get_scale(name: &str) -> Result<Scale, String> {
    let name = name.replace(':', " ");
    let (tonic, ty) = scale_tokenize(&name);
    match scale_type(&ty) {
        Some(ivls) => Ok(Scale {
            tonic,
            intervals: ivls.iter().filter_map(|i| interval(i)).collect(),
        }),
        None if tonic.is_none() || Note::parse(&name).is_some() => Err(format!(
            "scale name `{name}` is incomplete: use `:` between the root and the scale, as in \"C:major\""
        )),
        None => Err(format!("unknown scale `{name}`")),
    }
}

/// Strudel's `scaleStep(step, scale)` (tonal.mjs): degree `ceil(step)` of the scale, from its
/// tonic in octave 3 unless it names one.
pub fn scale_step(step: f64, sc: &Scale) -> Option<Note> {
    let step = step.ceil() as i64;
    let len = sc.intervals.len() as i64;
    if len == 0 {
        return None;
    }
    let tonic = sc.tonic.unwrap_or(Note {
        step: 0,
        alt: 0,
        oct: None,
    });
    let root = Note {
        oct: Some(tonic.oct.unwrap_or(3)),
        ..tonic
    };
    let (f, o) = sc.intervals[step.rem_euclid(len) as usize].coord;
    Some(root.transpose((f, o + step.div_euclid(len))))
}

/// Strudel's `_getNearestScaleNote(scale, note)`: the scale note nearest a MIDI number (a tie
/// goes up), named in the note's octave.
pub fn nearest_scale_note(sc: &Scale, note_midi: f64) -> Option<Note> {
    let tonic = sc.tonic?;
    let root = Note {
        oct: Some(0),
        ..tonic.pc()
    };
    let k = sc.intervals.len().min(MAX_SCALE);
    let mut notes = [root; MAX_SCALE + 1];
    let mut midis = [0.0; MAX_SCALE + 1];
    for (i, ivl) in sc.intervals.iter().take(k).enumerate() {
        notes[i] = root.transpose(ivl.coord);
    }
    notes[k] = root.transpose((0, 1));
    for i in 0..=k {
        midis[i] = notes[i].midi() as f64;
    }
    let oct_diff = ((note_midi - midis[0]) / 12.0).floor();
    for m in midis[..=k].iter_mut() {
        *m += 12.0 * oct_diff;
    }
    let idx = nearest_number_index(note_midi, &midis[..=k], true);
    Some(notes[idx].transpose(from_semitones(12 * oct_diff as i64)))
}

/// Most notes a scale has (tonal's chromatic scale has 12).
pub const MAX_SCALE: usize = 16;

/// Strudel's `nearestNumberIndex` (tonleiter.mjs).
pub fn nearest_number_index(target: f64, numbers: &[f64], prefer_higher: bool) -> usize {
    let mut best = 0;
    let mut best_diff = f64::INFINITY;
    for (i, s) in numbers.iter().enumerate() {
        let diff = (s - target).abs();
        if (!prefer_higher && diff < best_diff) || (prefer_higher && diff <= best_diff) {
            best = i;
            best_diff = diff;
        }
    }
    best
}

/// Strudel's `x2midi`: a number as it is, a note name by `noteToMidi` with a default octave.
pub fn x2midi_str(s: &str, default_oct: f64) -> Option<f64> {
    let m = note_to_midi(s)?;
    // `note_to_midi` uses octave 3 when none is written; move to the default.
    let has_oct = s.bytes().any(|c| c.is_ascii_digit());
    Some(if has_oct {
        m
    } else {
        m + 12.0 * (default_oct - 3.0)
    })
}

/// What Strudel's `stepInNamedScale` reads of a scale name: the root's MIDI number and the
/// scale type's steps in semitones (`None` without a root or a known type).
pub fn named_scale_steps(scale: &str) -> Option<(f64, Vec<f64>)> {
    let (root, name) = scale_tokenize(scale);
    let root_midi = root?.midi() as f64;
    let ivls = scale_type(&name)?;
    let steps = ivls
        .iter()
        .map(|i| interval(i).map(|x| x.semitones as f64).unwrap_or(f64::NAN))
        .collect();
    Some((root_midi, steps))
}

/// Strudel's `stepInNamedScale(step, scale, anchor)` (tonleiter.mjs) over
/// [`named_scale_steps`], a MIDI number.
pub fn step_in_named_scale(step: i64, root_midi: f64, steps: &[f64], anchor: Option<f64>) -> f64 {
    let root_chroma = root_midi.rem_euclid(12.0);
    let mut step = step;
    let mut transpose = root_midi;
    if let Some(anchor) = anchor {
        let anchor_chroma = anchor % 12.0;
        let diff = (anchor_chroma - root_chroma).rem_euclid(12.0);
        step += nearest_number_index(diff, steps, false) as i64;
        transpose = anchor - diff;
    }
    let len = steps.len() as i64;
    let oct = step.div_euclid(len) as f64 * 12.0;
    steps[step.rem_euclid(len) as usize] + transpose + oct
}

/// A voicing dictionary, its voicings parsed to semitones once.
pub struct Dict {
    pub name: String,
    pub chords: Vec<(String, Vec<Vec<f64>>)>,
}

impl Dict {
    /// Chord symbols to voicings, each voicing a text of steps as Strudel's `renderVoicing`
    /// reads them (tonleiter.mjs `step2semitones`): a number of semitones (`'0 7 12'`) or an
    /// interval (`'3M 5P 7m'`); a step that is neither is NaN, as in Strudel.
    pub fn new<S: AsRef<str>>(name: &str, chords: &[(S, Vec<S>)]) -> Dict {
        let step = |x: &str| match crate::pattern::value::parse_js_number(x) {
            Some(n) => n,
            None => interval(x).map(|i| i.semitones as f64).unwrap_or(f64::NAN),
        };
        Dict {
            name: name.to_string(),
            chords: chords
                .iter()
                .map(|(sym, vs)| {
                    let parsed = vs
                        .iter()
                        .map(|v| v.as_ref().split(' ').map(step).collect())
                        .collect();
                    (sym.as_ref().to_string(), parsed)
                })
                .collect(),
        }
    }
}

fn dicts() -> &'static Vec<Dict> {
    static D: OnceLock<Vec<Dict>> = OnceLock::new();
    D.get_or_init(|| {
        VOICING_DICTS
            .iter()
            .map(|(name, chords)| {
                let chords: Vec<(&str, Vec<&str>)> =
                    chords.iter().map(|(s, vs)| (*s, vs.to_vec())).collect();
                Dict::new(name, &chords)
            })
            .collect()
    })
}

/// A voicing dictionary by name (`ireal`, `ireal-ext`, `lefthand`, `triads`, `guidetones`,
/// `legacy`).
/// The built-in dictionaries' names, for messages.
pub fn voicing_dict_names() -> Vec<&'static str> {
    dicts().iter().map(|d| d.name.as_str()).collect()
}

pub fn voicing_dict(name: &str) -> Option<&'static Dict> {
    dicts().iter().find(|d| d.name == name)
}

/// The voicing mode: which note the anchor is compared with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    Below,
    Above,
    Duck,
    Root,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "below" => Mode::Below,
            "above" => Mode::Above,
            "duck" => Mode::Duck,
            "root" => Mode::Root,
            _ => return None,
        })
    }
}

/// Strudel's `tokenizeChord`: root (`[A-G][b#]*`) and symbol (a slash chord's bass dropped).
pub fn tokenize_chord(chord: &str) -> Option<(&str, &str)> {
    let b = chord.as_bytes();
    if !(b'A'..=b'G').contains(b.first()?) {
        return None;
    }
    let mut i = 1;
    while i < b.len() && (b[i] == b'b' || b[i] == b'#') {
        i += 1;
    }
    let root = &chord[..i];
    let rest = &chord[i..];
    let (sym, bass) = match rest.find('/') {
        Some(j) => (&rest[..j], Some(&rest[j + 1..])),
        None => (rest, None),
    };
    if let Some(bass) = bass {
        let bb = bass.as_bytes();
        let ok = bb.is_empty()
            || ((b'A'..=b'G').contains(&bb[0]) && bb[1..].iter().all(|c| *c == b'b' || *c == b'#'));
        if !ok {
            return None;
        }
    }
    Some((root, sym))
}

/// Strudel's `pc2chroma` (tonleiter.mjs).
fn pc2chroma(pc: &str) -> i64 {
    let b = pc.as_bytes();
    let base = match b[0].to_ascii_lowercase() {
        b'c' => 0,
        b'd' => 2,
        b'e' => 4,
        b'f' => 5,
        b'g' => 7,
        b'a' => 9,
        _ => 11,
    };
    base + b[1..]
        .iter()
        .map(|c| if *c == b'#' { 1 } else { -1 })
        .sum::<i64>()
}

/// Strudel's `midi2note` (flats; `C4` is 60).
pub fn midi2note(midi: i64) -> Note {
    const FLATS: [(i64, i64); 12] = [
        (0, 0),
        (1, -1),
        (1, 0),
        (2, -1),
        (2, 0),
        (3, 0),
        (4, -1),
        (4, 0),
        (5, -1),
        (5, 0),
        (6, -1),
        (6, 0),
    ];
    let (step, alt) = FLATS[midi.rem_euclid(12) as usize];
    Note {
        step,
        alt,
        oct: Some(midi.div_euclid(12) - 1),
    }
}

/// Most notes a voicing has (the dictionaries' longest has 6).
pub const MAX_VOICING: usize = 16;

/// What `renderVoicing` gives: note names, or (with `n`) one MIDI number.
// On the stack on purpose (boxing would allocate on the audio thread).
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Voiced {
    Notes([Note; MAX_VOICING], usize),
    Midi(f64),
}

/// Strudel's `renderVoicing` (tonleiter.mjs): the voicing of `chord` from `dict` nearest the
/// anchor (`c5` by default) by `mode`, moved by `offset` voicings; `n` picks one note of it
/// (by `scaleStep`, `octaves` octaves per wrap). `None` where Strudel throws (unknown chord).
/// Allocates nothing.
pub fn render_voicing(
    chord: &str,
    dict: &Dict,
    anchor: f64,
    mode: Mode,
    offset: i64,
    n: Option<f64>,
    octaves: f64,
) -> Option<Voiced> {
    let (root, symbol) = tokenize_chord(chord)?;
    let root_chroma = pc2chroma(root);
    let anchor_chroma = anchor % 12.0;
    let (_, voicings) = dict.chords.iter().find(|(s, _)| s == symbol)?;
    if voicings.is_empty() {
        return None;
    }
    let target = |v: &Vec<f64>| match mode {
        Mode::Below | Mode::Duck => *v.last().unwrap_or(&f64::NAN),
        Mode::Above | Mode::Root => *v.first().unwrap_or(&f64::NAN),
    };
    let diff = |v: &Vec<f64>| (anchor_chroma - target(v) - root_chroma as f64).rem_euclid(12.0);
    let mut best = 0;
    let mut min: Option<f64> = None;
    for (i, v) in voicings.iter().enumerate() {
        let d = diff(v);
        if min.is_none_or(|m| d < m) {
            min = Some(d);
            best = i;
        }
    }
    if mode == Mode::Root {
        best = 0;
    }
    let len = voicings.len() as i64;
    let oct_diff = (offset as f64 / len as f64).ceil() * 12.0;
    let idx = (best as i64 + offset).rem_euclid(len) as usize;
    let voicing = &voicings[idx];
    let t = target(voicing);
    let anchor_midi = anchor - diff(voicing) + oct_diff;
    let mut notes = [Note {
        step: 0,
        alt: 0,
        oct: None,
    }; MAX_VOICING];
    let mut count = 0;
    for v in voicing.iter().take(MAX_VOICING) {
        let m = anchor_midi - t + v;
        if mode == Mode::Duck && m == anchor {
            continue;
        }
        notes[count] = midi2note(m as i64);
        count += 1;
    }
    if let Some(n) = n {
        // `scaleStep(notes, n, octaves)`: the names back to MIDI.
        if count == 0 {
            return Some(Voiced::Midi(f64::NAN));
        }
        let l = count as f64;
        let oct = (n / l).floor() * octaves * 12.0;
        let i = n.rem_euclid(l);
        // A fractional index reads `undefined` in JS (NaN).
        let m = if i.fract() == 0.0 {
            notes[i as usize].midi() as f64
        } else {
            f64::NAN
        };
        return Some(Voiced::Midi(m + oct));
    }
    Some(Voiced::Notes(notes, count))
}

/// Interns what the voicing functions read (dictionaries, note names) before the first query.
pub fn prepare_voicings() {
    dicts();
    prepare();
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_intervals() {
        let c3 = Note::parse("C3").unwrap();
        assert_eq!(c3.transpose(interval("3M").unwrap().coord).name(), "E3");
        assert_eq!(c3.transpose(from_semitones(1)).name(), "Db3");
        assert_eq!(c3.transpose(from_semitones(6)).name(), "Gb3");
        assert_eq!(
            Note::parse("e")
                .unwrap()
                .transpose(interval("3M").unwrap().coord)
                .name(),
            "G#"
        );
        assert_eq!(interval("-2M").unwrap().semitones, -2);
        assert_eq!(interval("13M").unwrap().semitones, 21);
        let sc = get_scale("C:major").unwrap();
        assert_eq!(scale_step(2.0, &sc).unwrap().name(), "E3");
        assert_eq!(scale_step(-1.0, &sc).unwrap().name(), "B2");
        assert_eq!(scale_step(7.0, &sc).unwrap().name(), "C4");
        assert!(get_scale("C").is_err());
    }
}
