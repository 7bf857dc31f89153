//! Scales: Tidal's `Sound.Tidal.Scales` (the common ones), and how a scale degree becomes
//! semitones.

/// Scale tables (Tidal's `Sound.Tidal.Scales`, the common ones).
pub const SCALES: &[(&str, &[i32])] = &[
    ("major", &[0, 2, 4, 5, 7, 9, 11]),
    ("ionian", &[0, 2, 4, 5, 7, 9, 11]),
    ("minor", &[0, 2, 3, 5, 7, 8, 10]),
    ("aeolian", &[0, 2, 3, 5, 7, 8, 10]),
    ("dorian", &[0, 2, 3, 5, 7, 9, 10]),
    ("phrygian", &[0, 1, 3, 5, 7, 8, 10]),
    ("lydian", &[0, 2, 4, 6, 7, 9, 11]),
    ("mixolydian", &[0, 2, 4, 5, 7, 9, 10]),
    ("locrian", &[0, 1, 3, 5, 6, 8, 10]),
    ("harmonicMinor", &[0, 2, 3, 5, 7, 8, 11]),
    ("melodicMinor", &[0, 2, 3, 5, 7, 9, 11]),
    ("majPent", &[0, 2, 4, 7, 9]),
    ("minPent", &[0, 3, 5, 7, 10]),
    ("pentatonic", &[0, 2, 4, 7, 9]),
    ("blues", &[0, 3, 5, 6, 7, 10]),
    ("chromatic", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    ("wholetone", &[0, 2, 4, 6, 8, 10]),
];

/// The intervals of the scale named `name`.
pub fn scale(name: &str) -> Option<&'static [i32]> {
    SCALES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Semitones of degree `n` of `table`: whole degrees wrap into octaves (negative ones too),
/// and a fraction of a degree adds that fraction of a semitone, as SuperDirt's `scale` does.
pub fn degree_semitones(table: &[i32], n: f64) -> f64 {
    let len = table.len() as f64;
    let deg = n.floor();
    let oct = (deg / len).floor();
    table[(deg - oct * len) as usize % table.len()] as f64 + 12.0 * oct + (n - deg)
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
