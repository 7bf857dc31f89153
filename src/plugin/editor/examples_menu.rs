//! The Examples menu: Phonon's example programs (embedded, [`crate::examples::EXAMPLES`]) and
//! the user's own programs (the `.ph`, `.js` and `.strudel` files of a folder they choose).
//! Picking one puts it in the code box and evaluates it, so it plays at once.

use std::path::{Path, PathBuf};

/// Most of the user's files listed (a folder of thousands is cut, alphabetically).
const MAX_USER_FILES: usize = 200;

/// The menu's state. Owner: GUI thread.
#[derive(Default)]
pub struct ExamplesMenu {
    /// The user's folder as typed.
    pub folder: String,
    /// The folder last listed and its program files (read when the folder changes).
    listed: Option<(String, Vec<PathBuf>)>,
    /// The last problem (an unreadable file), shown next to the menu.
    pub message: String,
}

/// The program files of `dir`, sorted (none when it is not a readable folder).
pub fn program_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|x| x == "ph" || x == "js" || x == "strudel")
        })
        .collect();
    files.sort();
    files.truncate(MAX_USER_FILES);
    files
}

impl ExamplesMenu {
    /// Draws the menu; returns the text of the program picked this frame.
    pub fn show(&mut self, ui: &mut egui::Ui) -> Option<String> {
        if self.listed.as_ref().map(|(f, _)| f) != Some(&self.folder) {
            let dir = super::presets::expand_home(self.folder.trim());
            let files = if self.folder.trim().is_empty() {
                vec![]
            } else {
                program_files(&dir)
            };
            self.listed = Some((self.folder.clone(), files));
        }
        let mut picked = None;
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("examples")
                .selected_text("Examples")
                .width(260.0)
                .show_ui(ui, |ui| {
                    for ex in crate::examples::EXAMPLES {
                        if ui
                            .selectable_label(false, ex.title)
                            .on_hover_text(ex.file)
                            .clicked()
                        {
                            picked = Some(ex.code.to_string());
                        }
                    }
                })
                .response
                .on_hover_text("Load one of Phonon's examples and play it");
            let user = self.listed.as_ref().map_or(&[][..], |(_, f)| &f[..]);
            let mut failed = None;
            egui::ComboBox::from_id_salt("my_programs")
                .selected_text(format!("My programs ({})", user.len()))
                .width(200.0)
                .show_ui(ui, |ui| {
                    for path in user {
                        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                        if ui
                            .selectable_label(false, name.unwrap_or_default())
                            .clicked()
                        {
                            match super::presets::load_preset(path) {
                                Ok(text) => picked = Some(text),
                                Err(e) => failed = Some(e),
                            }
                        }
                    }
                })
                .response
                .on_hover_text("The .ph, .js and .strudel files of the folder on the right");
            if let Some(e) = failed {
                self.message = e;
            }
            ui.add(
                egui::TextEdit::singleline(&mut self.folder)
                    .hint_text("your programs' folder")
                    .desired_width(200.0),
            );
            if !self.message.is_empty() {
                ui.label(&self.message);
            }
        });
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_program_files_of_a_folder() {
        let dir = std::env::temp_dir().join(format!("phonon-ex-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["b.ph", "a.js", "c.strudel", "notes.txt"] {
            std::fs::write(dir.join(f), "out $ s \"bd\"").unwrap();
        }
        let names: Vec<String> = program_files(&dir)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.js", "b.ph", "c.strudel"]);
        assert!(program_files(&dir.join("missing")).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
