//! Stand-ins: sound names that Strudel and Tidal programs use but only sample packs have
//! (Strudel's drum names, the General MIDI soundfonts, Dirt-Samples folders), each with the
//! built-in sound that plays in its place **when no sample folder of that name exists** (a
//! folder always wins). One table, [`STAND_INS`]; the engine adds these names to a program's
//! sounds and its notes say which stand-ins played ("`gm_acoustic_bass` plays the built-in
//! `bass` (no sample folder `gm_acoustic_bass`)").
//!
//! A target is a kit or drum-machine bank (`sn`, `RolandTR808_bd`), one variant of one
//! (`perc:3`), or a synth voice (`piano`, `supersaw`, ...).

/// Name, then the built-in sound that stands in for it.
pub const STAND_INS: &[(&str, &str)] = &[
    // Strudel's drum names (tidal-drum-machines') for the kit's Dirt-Samples names.
    ("sd", "sn"),
    ("rim", "rs"),
    ("rd", "cr:1"),
    ("sh", "perc:3"),
    // Dirt-Samples folders Tidal examples use.
    ("808bd", "RolandTR808_bd"),
    ("808sd", "RolandTR808_sd"),
    ("808oh", "RolandTR808_oh"),
    ("808cy", "RolandTR808_cr"),
    ("808lt", "RolandTR808_lt"),
    ("808mt", "RolandTR808_mt"),
    ("808ht", "RolandTR808_ht"),
    // The 808 folder's congas, by its toms.
    ("808lc", "RolandTR808_lt"),
    ("808mc", "RolandTR808_mt"),
    ("808hc", "RolandTR808_ht"),
    ("909", "RolandTR909_bd"),
    ("drum", "bd"),
    ("jazz", "bd"),
    ("east", "perc"),
    ("hand", "cp"),
    ("bass1", "bass"),
    ("bass2", "bass"),
    ("bass3", "bass"),
    ("jvbass", "bass"),
    ("moog", "bass"),
    // General MIDI soundfonts (Strudel's `gm_*`): keyboards, basses, plucks, mallets, pads.
    ("gm_piano", "piano"),
    ("gm_acoustic_grand_piano", "piano"),
    ("gm_bright_acoustic_piano", "piano"),
    ("gm_electric_grand_piano", "piano"),
    ("gm_honkytonk_piano", "piano"),
    ("gm_epiano1", "piano"),
    ("gm_epiano2", "piano"),
    ("gm_harpsichord", "piano"),
    ("gm_clavinet", "piano"),
    ("gm_acoustic_bass", "bass"),
    ("gm_electric_bass_finger", "bass"),
    ("gm_electric_bass_pick", "bass"),
    ("gm_fretless_bass", "bass"),
    ("gm_slap_bass_1", "bass"),
    ("gm_slap_bass_2", "bass"),
    ("gm_synth_bass_1", "bass"),
    ("gm_synth_bass_2", "bass"),
    ("gm_acoustic_guitar_nylon", "supermandolin"),
    ("gm_acoustic_guitar_steel", "supermandolin"),
    ("gm_electric_guitar_clean", "supermandolin"),
    ("gm_electric_guitar_jazz", "supermandolin"),
    ("gm_orchestral_harp", "supermandolin"),
    ("gm_celesta", "superfm"),
    ("gm_glockenspiel", "superfm"),
    ("gm_music_box", "superfm"),
    ("gm_vibraphone", "superfm"),
    ("gm_marimba", "superfm"),
    ("gm_xylophone", "superfm"),
    ("gm_tubular_bells", "supergong"),
    ("gm_string_ensemble_1", "supersaw"),
    ("gm_string_ensemble_2", "supersaw"),
    ("gm_synth_strings_1", "supersaw"),
    ("gm_pad_warm", "supersaw"),
    ("gm_pad_poly", "supersaw"),
    ("gm_lead_2_sawtooth", "saw"),
    ("gm_lead_1_square", "square"),
    ("gm_flute", "tri"),
    ("gm_ocarina", "sine"),
    ("gm_drawbar_organ", "superpwm"),
    ("gm_percussive_organ", "superpwm"),
    ("gm_rock_organ", "superpwm"),
    ("gm_church_organ", "superpwm"),
    ("gm_reed_organ", "superpwm"),
    ("gm_accordion", "superpwm"),
    ("gm_harmonica", "superpwm"),
    ("gm_electric_guitar_muted", "supermandolin"),
    ("gm_overdriven_guitar", "supermandolin"),
    ("gm_distortion_guitar", "supermandolin"),
    ("gm_pizzicato_strings", "supermandolin"),
    ("gm_koto", "supermandolin"),
    ("gm_sitar", "supermandolin"),
    ("gm_banjo", "supermandolin"),
    ("gm_dulcimer", "supermandolin"),
    ("gm_kalimba", "superfm"),
    ("gm_steel_drums", "superfm"),
    ("gm_tinkle_bell", "superfm"),
    ("gm_contrabass", "bass"),
    ("gm_violin", "supersaw"),
    ("gm_viola", "supersaw"),
    ("gm_cello", "supersaw"),
    ("gm_choir_aahs", "supersaw"),
    ("gm_voice_oohs", "supersaw"),
    ("gm_synth_choir", "supersaw"),
    ("gm_trumpet", "supersaw"),
    ("gm_trombone", "supersaw"),
    ("gm_french_horn", "supersaw"),
    ("gm_brass_section", "supersaw"),
    ("gm_synth_brass_1", "supersaw"),
    ("gm_alto_sax", "supersaw"),
    ("gm_tenor_sax", "supersaw"),
    ("gm_oboe", "tri"),
    ("gm_clarinet", "square"),
    ("gm_piccolo", "sine"),
    ("gm_recorder", "tri"),
    ("gm_pan_flute", "tri"),
    ("gm_timpani", "lt"),
    ("gm_taiko_drum", "lt"),
    ("gm_melodic_tom", "mt"),
    ("gm_woodblock", "perc"),
    // Strudel's other packs (VCSL, wavetables) and Dirt-Samples folders seen in its tunes.
    ("folkharp", "supermandolin"),
    ("wt_flute", "tri"),
    ("ocarina_vib", "sine"),
    ("bassdrum", "bd"),
    ("snaredrum", "sn"),
    ("metal", "cb"),
    // Common instrument names of Strudel's sample packs.
    ("rhodes", "piano"),
    ("hihat", "hh"),
    ("flbass", "bass"),
    ("kalimba", "superfm"),
    ("woodblock", "perc"),
    ("bell", "supergong"),
];

/// The built-in sound that stands in for `name` (`"gm_acoustic_bass"` -> `"bass"`), if any.
pub fn stand_in(name: &str) -> Option<&'static str> {
    STAND_INS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A target split into its bank and variant: `perc:3` -> (`perc`, `Some(3)`).
pub fn split_target(target: &str) -> (&str, Option<usize>) {
    match target.split_once(':') {
        Some((bank, v)) => (bank, v.parse().ok()),
        None => (target, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_targets_split() {
        let mut seen = std::collections::HashSet::new();
        for (n, _) in STAND_INS {
            assert!(seen.insert(*n), "`{n}` twice");
        }
        assert_eq!(stand_in("gm_acoustic_bass"), Some("bass"));
        assert_eq!(split_target("perc:3"), ("perc", Some(3)));
        assert_eq!(split_target("bass"), ("bass", None));
    }
}
