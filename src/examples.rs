//! The example programs shipped in `examples/`, embedded: the editor lists them to audition and
//! load with nothing on disk, and the tests render every one. One table, [`EXAMPLES`]; a file
//! added to `examples/` and not here fails `tests/programs.rs`.

/// One example: its file name in `examples/`, a title for menus, and its text.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    pub file: &'static str,
    pub title: &'static str,
    pub code: &'static str,
}

macro_rules! ex {
    ($file:literal, $title:literal) => {
        Example {
            file: $file,
            title: $title,
            code: include_str!(concat!("../examples/", $file)),
        }
    };
}

/// Every example, in file order.
pub const EXAMPLES: &[Example] = &[
    ex!("01_house.ph", "House: layered beat"),
    ex!("02_euclid.ph", "Euclidean rhythms"),
    ex!("03_alternation.ph", "Alternation"),
    ex!("04_voice_params.ph", "Voice parameters"),
    ex!("05_transforms.ph", "Transforms"),
    ex!("06_stereo_layers.ph", "Stereo layers and echoes"),
    ex!("07_offsets_random.ph", "Offsets and randomness"),
    ex!("08_lfo_filter.ph", "LFO filter sweep"),
    ex!("09_effects_bus.ph", "Effects bus"),
    ex!("10_multi_out.ph", "Multi-out: one port per output"),
    ex!("11_chords.ph", "Chords"),
    ex!("12_melody.ph", "Melodic: a minor-scale melody"),
    ex!("13_arith.ph", "Pattern arithmetic"),
    ex!("14_slicing.ph", "Slicing a loop (needs breaks125)"),
    ex!("15_voice_storm.ph", "Voice storm"),
    ex!("16_strudel_drums.js", "Strudel syntax: drum machines"),
    ex!("17_strudel_melodic.js", "Strudel syntax: melodic"),
    ex!("18_techno.ph", "Techno"),
    ex!("19_drum_and_bass.ph", "Drum and bass"),
    ex!("20_ambient.ph", "Ambient"),
    ex!("21_breakbeat.ph", "Breakbeat"),
    ex!("22_dub.ph", "Dub"),
    ex!("23_generative.ph", "Generative"),
    ex!("24_midi_out.ph", "MIDI out to another instrument"),
    ex!("25_macros.ph", "Macros m1..m8"),
    ex!(
        "26_strudel_sidechain.js",
        "Strudel syntax: sidechain and compressor"
    ),
    ex!("27_strudel_tonal.js", "Strudel syntax: chords and voicings"),
];
