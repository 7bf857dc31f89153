//! The sample browser: the embedded kit, the built-in synths, the built-in drum machines'
//! sounds (`RolandTR808_bd`) and the banks of the sample
//! folders Phonon searches (the editor's folder first, then `PHONON_SAMPLES` and the usual
//! Dirt-Samples places); clicking a name inserts it at the code cursor.

use crate::engine::synth::SynthKind;
use crate::samples::{kit, BankIndex};

/// Where a listed sound comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Kit,
    Synth,
    /// A built-in drum machine's sound (`RolandTR808_bd`, Strudel's `bank`).
    Machine,
    Folder,
}

/// A sound name to offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sound {
    pub name: String,
    pub source: Source,
    /// Variants (`name:0`..): files in the bank, 4 in the kit, 1 for a synth.
    pub variants: usize,
}

/// The kit's sounds, the synths, the drum machines' sounds, then the folder banks of `index` (sorted; a folder bank that
/// overrides a kit name is listed once, as a folder bank, as the compiler resolves it).
pub fn list_sounds(index: &BankIndex) -> Vec<Sound> {
    let mut out: Vec<Sound> = kit::names()
        .iter()
        .filter(|n| index.get(n).is_none())
        .map(|n| Sound {
            name: n.to_string(),
            source: Source::Kit,
            variants: kit::VARIANTS,
        })
        .collect();
    out.extend(SynthKind::NAMES.iter().map(|n| Sound {
        name: n.to_string(),
        source: Source::Synth,
        variants: 1,
    }));
    out.extend(
        kit::machine_sound_names()
            .filter(|(n, _)| index.get(n).is_none())
            .map(|(name, variants)| Sound {
                name,
                source: Source::Machine,
                variants,
            }),
    );
    out.extend(index.banks().map(|b| Sound {
        name: b.name.clone(),
        source: Source::Folder,
        variants: b.files.len(),
    }));
    out
}

/// The browser's state. Owner: GUI thread.
#[derive(Default)]
pub struct SampleBrowser {
    /// The listing and the folder it was made for (rescanned when the folder changes).
    listing: Option<(Option<String>, Vec<Sound>)>,
    /// Typed filter text.
    filter: String,
}

impl SampleBrowser {
    /// Drops the listing so the next show rescans the folders.
    pub fn rescan(&mut self) {
        self.listing = None;
    }

    /// Shows the list; returns the name clicked.
    pub fn show(&mut self, ui: &mut egui::Ui, folder: Option<String>) -> Option<String> {
        if self.listing.as_ref().map(|l| &l.0) != Some(&folder) {
            let index = BankIndex::discover(folder.as_deref().map(std::path::Path::new));
            self.listing = Some((folder, list_sounds(&index)));
        }
        let mut clicked = None;
        ui.horizontal(|ui| {
            ui.label("Sounds");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("filter")
                    .desired_width(f32::INFINITY),
            );
        });
        let filter = self.filter.to_lowercase();
        let sounds = self.listing.as_ref().map(|l| l.1.as_slice()).unwrap_or(&[]);
        egui::ScrollArea::vertical()
            .id_salt("sounds")
            .show(ui, |ui| {
                for s in sounds
                    .iter()
                    .filter(|s| s.name.to_lowercase().contains(&filter))
                {
                    let tag = match s.source {
                        Source::Kit => "kit",
                        Source::Synth => "synth",
                        Source::Machine => "drum machine",
                        Source::Folder => "folder",
                    };
                    let text = egui::RichText::new(&s.name).monospace();
                    let hover = format!(
                        "{tag}, {} variant(s): click to insert at the cursor",
                        s.variants
                    );
                    if ui
                        .selectable_label(false, text)
                        .on_hover_text(hover)
                        .clicked()
                    {
                        clicked = Some(s.name.clone());
                    }
                }
            });
        clicked
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A one-sample WAV file at `path` (its folders made).
    pub fn wav(path: &std::path::Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        w.write_sample(0i16).unwrap();
        w.finalize().unwrap();
    }

    #[test]
    fn lists_the_kit_the_synths_and_the_folder_banks() {
        let root: PathBuf =
            std::env::temp_dir().join(format!("phonon-browser-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        wav(&root.join("breaks125/a.wav"));
        wav(&root.join("breaks125/b.wav"));
        wav(&root.join("bd/x.wav"));
        std::fs::create_dir_all(root.join("empty")).unwrap();
        let index = BankIndex::scan_paths(std::slice::from_ref(&root));
        let sounds = list_sounds(&index);
        let find = |n: &str| sounds.iter().find(|s| s.name == n).cloned();
        assert_eq!(
            find("sn"),
            Some(Sound {
                name: "sn".into(),
                source: Source::Kit,
                variants: 4
            })
        );
        assert_eq!(find("supersaw").map(|s| s.source), Some(Source::Synth));
        assert_eq!(
            find("breaks125"),
            Some(Sound {
                name: "breaks125".into(),
                source: Source::Folder,
                variants: 2
            })
        );
        // The folder's bd overrides the kit's, and is listed once.
        assert_eq!(sounds.iter().filter(|s| s.name == "bd").count(), 1);
        assert_eq!(
            find("bd").map(|s| (s.source, s.variants)),
            Some((Source::Folder, 1))
        );
        assert_eq!(find("empty"), None);
        // Kit names come first in the kit's order; every kit sound is offered.
        assert_eq!(sounds[0].name, kit::names()[1]);
        assert_eq!(
            sounds.iter().filter(|s| s.source == Source::Kit).count(),
            kit::names().len() - 1
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn with_no_folders_only_the_kit_synths_and_drum_machines_are_listed() {
        let sounds = list_sounds(&BankIndex::empty());
        assert_eq!(
            sounds.len(),
            kit::names().len() + SynthKind::NAMES.len() + kit::machine_sound_names().count()
        );
        let bd = sounds.iter().find(|s| s.name == "RolandTR808_bd").unwrap();
        assert_eq!((bd.source, bd.variants), (Source::Machine, 4));
        assert!(sounds.iter().all(|s| s.source != Source::Folder));
    }
}
