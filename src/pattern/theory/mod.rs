//! Music theory: the tables of notes, chords and scales, once (the pattern core's and the
//! engine's only source for them).

pub mod chords;
pub mod scales;
pub mod tonal;
pub mod tonal_data;
