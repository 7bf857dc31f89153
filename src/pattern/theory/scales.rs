//! Scales: Tidal's scale table (`Sound.Tidal.Scales.scaleTable`, Tidal 1.9: every scale, in its
//! order, the Arabic maqams with their quarter tones), plus Phonon's `pentatonic` and `blues`;
//! and how a scale degree becomes semitones.

/// Scale name and its intervals in semitones from the root.
pub const SCALES: &[(&str, &[f64])] = &[
    ("minPent", &[0.0, 3.0, 5.0, 7.0, 10.0]),
    ("majPent", &[0.0, 2.0, 4.0, 7.0, 9.0]),
    ("ritusen", &[0.0, 2.0, 5.0, 7.0, 9.0]),
    ("egyptian", &[0.0, 2.0, 5.0, 7.0, 10.0]),
    ("kumai", &[0.0, 2.0, 3.0, 7.0, 9.0]),
    ("hirajoshi", &[0.0, 2.0, 3.0, 7.0, 8.0]),
    ("iwato", &[0.0, 1.0, 5.0, 6.0, 10.0]),
    ("chinese", &[0.0, 4.0, 6.0, 7.0, 11.0]),
    ("indian", &[0.0, 4.0, 5.0, 7.0, 10.0]),
    ("pelog", &[0.0, 1.0, 3.0, 7.0, 8.0]),
    ("prometheus", &[0.0, 2.0, 4.0, 6.0, 11.0]),
    ("scriabin", &[0.0, 1.0, 4.0, 7.0, 9.0]),
    ("gong", &[0.0, 2.0, 4.0, 7.0, 9.0]),
    ("shang", &[0.0, 2.0, 5.0, 7.0, 10.0]),
    ("jiao", &[0.0, 3.0, 5.0, 8.0, 10.0]),
    ("zhi", &[0.0, 2.0, 5.0, 7.0, 9.0]),
    ("yu", &[0.0, 3.0, 5.0, 7.0, 10.0]),
    ("whole", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
    ("wholetone", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
    ("augmented", &[0.0, 3.0, 4.0, 7.0, 8.0, 11.0]),
    ("augmented2", &[0.0, 1.0, 4.0, 5.0, 8.0, 9.0]),
    ("hexMajor7", &[0.0, 2.0, 4.0, 7.0, 9.0, 11.0]),
    ("hexDorian", &[0.0, 2.0, 3.0, 5.0, 7.0, 10.0]),
    ("hexPhrygian", &[0.0, 1.0, 3.0, 5.0, 8.0, 10.0]),
    ("hexSus", &[0.0, 2.0, 5.0, 7.0, 9.0, 10.0]),
    ("hexMajor6", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0]),
    ("hexAeolian", &[0.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("major", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0, 11.0]),
    ("ionian", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0, 11.0]),
    ("dorian", &[0.0, 2.0, 3.0, 5.0, 7.0, 9.0, 10.0]),
    ("phrygian", &[0.0, 1.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("lydian", &[0.0, 2.0, 4.0, 6.0, 7.0, 9.0, 11.0]),
    ("mixolydian", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0, 10.0]),
    ("aeolian", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("minor", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("locrian", &[0.0, 1.0, 3.0, 5.0, 6.0, 8.0, 10.0]),
    ("harmonicMinor", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 11.0]),
    ("harmonicMajor", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 11.0]),
    ("melodicMinor", &[0.0, 2.0, 3.0, 5.0, 7.0, 9.0, 11.0]),
    ("melodicMinorDesc", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("melodicMajor", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("bartok", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("hindu", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("todi", &[0.0, 1.0, 3.0, 6.0, 7.0, 8.0, 11.0]),
    ("purvi", &[0.0, 1.0, 4.0, 6.0, 7.0, 8.0, 11.0]),
    ("marva", &[0.0, 1.0, 4.0, 6.0, 7.0, 9.0, 11.0]),
    ("bhairav", &[0.0, 1.0, 4.0, 5.0, 7.0, 8.0, 11.0]),
    ("ahirbhairav", &[0.0, 1.0, 4.0, 5.0, 7.0, 9.0, 10.0]),
    ("superLocrian", &[0.0, 1.0, 3.0, 4.0, 6.0, 8.0, 10.0]),
    ("romanianMinor", &[0.0, 2.0, 3.0, 6.0, 7.0, 9.0, 10.0]),
    ("hungarianMinor", &[0.0, 2.0, 3.0, 6.0, 7.0, 8.0, 11.0]),
    ("neapolitanMinor", &[0.0, 1.0, 3.0, 5.0, 7.0, 8.0, 11.0]),
    ("enigmatic", &[0.0, 1.0, 4.0, 6.0, 8.0, 10.0, 11.0]),
    ("spanish", &[0.0, 1.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("leadingWhole", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 11.0]),
    ("lydianMinor", &[0.0, 2.0, 4.0, 6.0, 7.0, 8.0, 10.0]),
    ("neapolitanMajor", &[0.0, 1.0, 3.0, 5.0, 7.0, 9.0, 11.0]),
    ("locrianMajor", &[0.0, 2.0, 4.0, 5.0, 6.0, 8.0, 10.0]),
    ("diminished", &[0.0, 1.0, 3.0, 4.0, 6.0, 7.0, 9.0, 10.0]),
    ("octatonic", &[0.0, 1.0, 3.0, 4.0, 6.0, 7.0, 9.0, 10.0]),
    ("diminished2", &[0.0, 2.0, 3.0, 5.0, 6.0, 8.0, 9.0, 11.0]),
    ("octatonic2", &[0.0, 2.0, 3.0, 5.0, 6.0, 8.0, 9.0, 11.0]),
    ("messiaen1", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
    ("messiaen2", &[0.0, 1.0, 3.0, 4.0, 6.0, 7.0, 9.0, 10.0]),
    (
        "messiaen3",
        &[0.0, 2.0, 3.0, 4.0, 6.0, 7.0, 8.0, 10.0, 11.0],
    ),
    ("messiaen4", &[0.0, 1.0, 2.0, 5.0, 6.0, 7.0, 8.0, 11.0]),
    ("messiaen5", &[0.0, 1.0, 5.0, 6.0, 7.0, 11.0]),
    ("messiaen6", &[0.0, 2.0, 4.0, 5.0, 6.0, 8.0, 10.0, 11.0]),
    (
        "messiaen7",
        &[0.0, 1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 8.0, 9.0, 11.0],
    ),
    (
        "chromatic",
        &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0],
    ),
    ("bayati", &[0.0, 1.5, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("hijaz", &[0.0, 1.0, 4.0, 5.0, 7.0, 8.5, 10.0]),
    ("sikah", &[0.0, 1.5, 3.5, 5.5, 7.0, 8.5, 10.5]),
    ("rast", &[0.0, 2.0, 3.5, 5.0, 7.0, 9.0, 10.5]),
    ("saba", &[0.0, 1.5, 3.0, 4.0, 6.0, 8.0, 10.0]),
    ("iraq", &[0.0, 1.5, 3.5, 5.0, 6.5, 8.5, 10.5]),
    ("pentatonic", &[0.0, 2.0, 4.0, 7.0, 9.0]),
    ("blues", &[0.0, 3.0, 5.0, 6.0, 7.0, 10.0]),
];

/// The intervals of the scale named `name`.
pub fn scale(name: &str) -> Option<&'static [f64]> {
    SCALES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Semitones of degree `n` of `table`: whole degrees wrap into octaves (negative ones too),
/// and a fraction of a degree adds that fraction of a semitone, as SuperDirt's `scale` does.
pub fn degree_semitones(table: &[f64], n: f64) -> f64 {
    let len = table.len() as f64;
    let deg = n.floor();
    let oct = (deg / len).floor();
    table[(deg - oct * len) as usize % table.len()] + 12.0 * oct + (n - deg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_wrap_into_octaves() {
        let major = scale("major").unwrap();
        assert_eq!(degree_semitones(major, 0.0), 0.0);
        assert_eq!(degree_semitones(major, 7.0), 12.0);
        assert_eq!(degree_semitones(major, -1.0), -1.0);
        assert_eq!(degree_semitones(major, 2.5), 4.5);
    }
}
