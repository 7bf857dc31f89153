//! The user's sample folders (the banks of the configured folder and the usual Dirt-Samples
//! places, one sub-folder a sound) as completion entries, with their number of samples and
//! their folder; rescanned when the configured folder changes.

use super::help::Entry;
use crate::samples::BankIndex;

/// The kind the folders' entries are listed as.
pub const KIND: &str = "sample folder";

/// The folders' entries and the configured folder they were made for. Owner: GUI thread.
#[derive(Default)]
pub struct SampleFolders {
    scanned_for: Option<Option<String>>,
    entries: Vec<Entry>,
}

impl SampleFolders {
    /// The entries for the configured `folder` (scanned the first time it is seen).
    pub fn entries(&mut self, folder: Option<String>) -> &[Entry] {
        if self.scanned_for.as_ref() != Some(&folder) {
            let index = BankIndex::discover(folder.as_deref().map(std::path::Path::new));
            self.entries = entries_of(&index);
            self.scanned_for = Some(folder);
        }
        &self.entries
    }
}

/// One entry per bank of `index`, sorted by name.
pub fn entries_of(index: &BankIndex) -> Vec<Entry> {
    index
        .banks()
        .map(|b| {
            let n = b.files.len();
            Entry {
                name: b.name.clone(),
                kind: KIND,
                signature: String::new(),
                doc: format!(
                    "{n} sample{} in {}.",
                    if n == 1 { "" } else { "s" },
                    b.dir.display()
                ),
                example: format!("out $ s \"{}*2\"", b.name),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::help::{complete_word, doc_line, lookup_in};
    use super::*;

    #[test]
    fn folders_complete_with_their_count_and_path() {
        let root = std::env::temp_dir().join(format!("phonon-folders-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for f in ["breaks125/a.wav", "breaks125/b.wav", "bd/x.wav"] {
            super::super::sample_browser::tests::wav(&root.join(f));
        }
        let index = BankIndex::scan_paths(std::slice::from_ref(&root));
        let folders = entries_of(&index);
        let (_, found) = complete_word("brea", 8, &folders);
        assert_eq!(found.first().map(|e| e.name.as_str()), Some("breaks125"));
        let e = &found[0];
        assert_eq!(e.kind, KIND);
        let path = root.join("breaks125").display().to_string();
        assert!(
            e.doc.starts_with("2 samples in ") && e.doc.contains(&path),
            "{e:?}"
        );
        assert!(doc_line(e).starts_with("breaks125 (sample folder): 2 samples in "));
        // The folder's bd is the one the compiler plays (not the kit's), listed once.
        let (_, bd) = complete_word("bd", 8, &folders);
        assert_eq!(bd.iter().filter(|e| e.name == "bd").count(), 1);
        assert_eq!(lookup_in("bd", &folders).map(|e| e.kind), Some(KIND));
        assert!(lookup_in("bd", &folders)
            .unwrap()
            .doc
            .starts_with("1 sample in "));
        // Names the language knows still complete beside them.
        let (_, ju) = complete_word("ju", 8, &folders);
        assert_eq!(ju.first().map(|e| e.name.as_str()), Some("jux"));
        let _ = std::fs::remove_dir_all(&root);
    }
}
