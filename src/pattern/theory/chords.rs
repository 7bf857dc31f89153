//! Note names and chords in mini-notation (`c4'maj`, `e'min7`): a Phonon extension, as Tidal's
//! `Sound.Tidal.Chords` table. Notes are semitones from middle C (`c4`, MIDI 60), which is
//! SuperDirt's `note 0`; the octave number follows Strudel's naming (`c4` is middle C; Tidal
//! calls it `c5`). A name without an octave is in octave 4.

/// Semitones from middle C for a note name (`c`, `cs4`, `c#4`, `ef3`, `eb3`), or `None`: Strudel's
/// note-name reading (`value::note_to_midi`), with octave 4 when none is written.
pub fn note_number(name: &str) -> Option<f64> {
    let midi = crate::pattern::value::note_to_midi(name).filter(|m| m.is_finite())?;
    let octave_given = name.ends_with(|c: char| c.is_ascii_digit());
    Some(midi - 60.0 + if octave_given { 0.0 } else { 12.0 })
}

/// Tidal's chord table (`Sound.Tidal.Chords`): each chord's names, then its intervals.
pub const CHORD_TABLE: &[(&[&str], &[i32])] = &[
    (&["major", "maj", "M"], &[0, 4, 7]),
    (&["aug", "plus", "sharp5"], &[0, 4, 8]),
    (&["six", "6"], &[0, 4, 7, 9]),
    (&["sixNine", "six9", "sixby9", "6by9"], &[0, 4, 7, 9, 14]),
    (&["major7", "maj7"], &[0, 4, 7, 11]),
    (&["major9", "maj9"], &[0, 4, 7, 11, 14]),
    (&["add9", "major7add9"], &[0, 4, 7, 14]),
    (&["major11", "maj11"], &[0, 4, 7, 11, 14, 17]),
    (&["add11"], &[0, 4, 7, 17]),
    (&["major13", "maj13"], &[0, 4, 7, 11, 14, 21]),
    (&["add13"], &[0, 4, 7, 21]),
    (&["dom7"], &[0, 4, 7, 10]),
    (&["dom9"], &[0, 4, 7, 14]),
    (&["dom11"], &[0, 4, 7, 17]),
    (&["dom13"], &[0, 4, 7, 21]),
    (&["sevenFlat5", "7f5"], &[0, 4, 6, 10]),
    (&["sevenSharp5", "7s5"], &[0, 4, 8, 10]),
    (&["sevenFlat9", "7f9"], &[0, 4, 7, 10, 13]),
    (&["nine"], &[0, 4, 7, 10, 14]),
    (&["eleven", "11"], &[0, 4, 7, 10, 14, 17]),
    (&["thirteen", "13"], &[0, 4, 7, 10, 14, 17, 21]),
    (&["minor", "min", "m"], &[0, 3, 7]),
    (&["diminished", "dim"], &[0, 3, 6]),
    (&["minorSharp5", "msharp5", "mS5"], &[0, 3, 8]),
    (&["minor6", "min6", "m6"], &[0, 3, 7, 9]),
    (
        &[
            "minorSixNine",
            "minor69",
            "min69",
            "minSixNine",
            "m69",
            "mSixNine",
            "m6by9",
        ],
        &[0, 3, 9, 7, 14],
    ),
    (
        &["minor7flat5", "min7flat5", "m7flat5", "m7f5"],
        &[0, 3, 6, 10],
    ),
    (&["minorMajor7", "minMaj7", "mmaj7"], &[0, 3, 7, 11]),
    (&["diminished7", "dim7"], &[0, 3, 6, 9]),
    (&["minor7", "min7", "m7"], &[0, 3, 7, 10]),
    (&["minor9", "min9", "m9"], &[0, 3, 7, 10, 14]),
    (&["minor11", "min11", "m11"], &[0, 3, 7, 10, 14, 17]),
    (&["minor13", "min13", "m13"], &[0, 3, 7, 10, 14, 17, 21]),
    (&["one", "1"], &[0]),
    (&["five", "5"], &[0, 7]),
    (&["sus2"], &[0, 2, 7]),
    (&["sus4"], &[0, 5, 7]),
    (&["sevenSus2", "7sus2"], &[0, 2, 7, 10]),
    (&["sevenSus4", "7sus4"], &[0, 5, 7, 10]),
    (&["nineSus4", "ninesus4", "9sus4"], &[0, 5, 7, 10, 14]),
    (&["sevenFlat10", "7f10"], &[0, 4, 7, 10, 15]),
    (&["nineSharp5", "9sharp5", "9s5"], &[0, 1, 13]),
    (
        &[
            "minor9sharp5",
            "minor9s5",
            "min9sharp5",
            "min9s5",
            "m9sharp5",
            "m9s5",
        ],
        &[0, 1, 14],
    ),
    (&["sevenSharp5flat9", "7s5f9"], &[0, 4, 8, 10, 13]),
    (
        &["minor7sharp5", "min7sharp5", "min7s5", "m7sharp5", "m7s5"],
        &[0, 3, 8, 10],
    ),
    (&["elevenSharp", "11s"], &[0, 4, 7, 10, 14, 18]),
    (
        &["minor11sharp", "m11sharp", "m11s"],
        &[0, 3, 7, 10, 14, 18],
    ),
];

/// The intervals of a chord name (a name of [`CHORD_TABLE`]), or `None`.
pub fn chord_intervals(name: &str) -> Option<&'static [i32]> {
    CHORD_TABLE
        .iter()
        .find(|(names, _)| names.contains(&name))
        .map(|(_, iv)| *iv)
}

/// The notes of `root'chord` (root a note name or a number), or an error message.
pub fn chord(word: &str) -> Result<Vec<f64>, String> {
    let (root, name) = word
        .split_once('\'')
        .ok_or_else(|| format!("`{word}` is not a chord"))?;
    let name = name.split('\'').next().unwrap_or("");
    // Tidal's `'maj` alone: the chord on 0.
    let r = (root.is_empty().then_some(0.0))
        .or_else(|| note_number(root))
        .or_else(|| root.parse::<f64>().ok())
        .ok_or_else(|| format!("`{root}` is not a note name (like c, e4, fs3) or a number"))?;
    let iv = chord_intervals(name).ok_or_else(|| {
        format!("unknown chord `{name}` (try maj, min, dom7, maj7, min7, dim, aug, sus4 ...)")
    })?;
    Ok(iv.iter().map(|i| r + *i as f64).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_chords() {
        assert_eq!(note_number("c4"), Some(0.0));
        assert_eq!(note_number("a4"), Some(9.0));
        assert_eq!(note_number("cs5"), Some(13.0));
        assert_eq!(note_number("eb3"), Some(-9.0));
        assert_eq!(chord("c4'maj").unwrap(), vec![0.0, 4.0, 7.0]);
        assert_eq!(chord("g3'dom7").unwrap(), vec![-5.0, -1.0, 2.0, 5.0]);
        assert!(chord("c4'nope").is_err());
    }
}
