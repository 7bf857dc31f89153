//! Presets: `.ph` files (plain program text, as `phonon render` reads) opened into and saved
//! from the code box, through a path box and Open/Save buttons.

use std::path::{Path, PathBuf};

/// Biggest preset read (a program is text; this refuses a wrongly chosen media file).
pub const MAX_PRESET_BYTES: u64 = 1 << 20;

/// `path` with the `.ph` extension added when it has none; `~/` expands to the home folder.
pub fn preset_path(path: &str) -> Option<PathBuf> {
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    let mut p = expand_home(path);
    if p.extension().is_none() {
        p.set_extension("ph");
    }
    Some(p)
}

/// `path` with a leading `~/` as the home folder.
pub fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Reads a preset: the file's text (UTF-8, at most [`MAX_PRESET_BYTES`]), or a message.
pub fn load_preset(path: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    if meta.is_dir() {
        return Err(format!("{} is a folder, not a .ph file", path.display()));
    }
    if meta.len() > MAX_PRESET_BYTES {
        return Err(format!(
            "{} is {} bytes: too big for a program (at most {MAX_PRESET_BYTES})",
            path.display(),
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{} is not a text (UTF-8) file", path.display()))
}

/// Writes `code` to `path` (creating its folder), ending it with a newline.
pub fn save_preset(path: &Path, code: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut text = code.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// What the user asked for in the preset row.
#[derive(Debug, PartialEq)]
pub enum PresetAction {
    /// Replace the code with this text (not evaluated yet).
    Loaded(String),
    Saved,
}

/// The preset row's state. Owner: GUI thread.
#[derive(Default)]
pub struct PresetBar {
    /// The typed path.
    pub path: String,
    /// The last result, shown next to the buttons.
    pub message: String,
}

impl PresetBar {
    /// Opens the typed path; on success returns the text.
    pub fn open(&mut self) -> Option<String> {
        let Some(p) = preset_path(&self.path) else {
            self.message = "type a .ph file's path first".into();
            return None;
        };
        match load_preset(&p) {
            Ok(text) => {
                self.message = format!("opened {}", p.display());
                Some(text)
            }
            Err(e) => {
                self.message = e;
                None
            }
        }
    }

    /// Saves `code` to the typed path.
    pub fn save(&mut self, code: &str) -> bool {
        let Some(p) = preset_path(&self.path) else {
            self.message = "type a path to save to first".into();
            return false;
        };
        let result = save_preset(&p, code);
        self.message = match &result {
            Ok(()) => format!("saved {}", p.display()),
            Err(e) => e.clone(),
        };
        result.is_ok()
    }

    /// Shows the row: path box, Open, Save, the last result.
    pub fn show(&mut self, ui: &mut egui::Ui, code: &str) -> Option<PresetAction> {
        let mut action = None;
        ui.horizontal(|ui| {
            ui.label("Preset");
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .hint_text("~/phonon/beat.ph")
                    .desired_width(260.0),
            );
            if ui
                .button("Open")
                .on_hover_text("Load the .ph file into the code box (then Evaluate)")
                .clicked()
            {
                action = self.open().map(PresetAction::Loaded);
            }
            if ui
                .button("Save")
                .on_hover_text("Write the code box to the .ph file")
                .clicked()
                && self.save(code)
            {
                action = Some(PresetAction::Saved);
            }
            ui.label(
                egui::RichText::new(&self.message)
                    .small()
                    .color(egui::Color32::from_gray(150)),
            );
        });
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("phonon-presets-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn a_saved_preset_loads_back_identically() {
        let d = dir("roundtrip");
        let p = d.join("sub/beat.ph");
        let code = "tempo: 0.5\nout $ s \"bd*2 [~ sn]\" # gain 0.8 -- é\n";
        save_preset(&p, code).unwrap();
        assert_eq!(load_preset(&p).unwrap(), code);
        // A missing final newline is added.
        save_preset(&p, "out $ s \"bd\"").unwrap();
        assert_eq!(load_preset(&p).unwrap(), "out $ s \"bd\"\n");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn the_bar_adds_the_extension_and_reports_errors() {
        let d = dir("bar");
        let mut bar = PresetBar {
            path: d.join("song").display().to_string(),
            ..Default::default()
        };
        assert!(bar.save("out $ s \"cp\""));
        assert!(d.join("song.ph").is_file());
        assert_eq!(bar.open().as_deref(), Some("out $ s \"cp\"\n"));
        bar.path = d.join("missing.ph").display().to_string();
        assert_eq!(bar.open(), None);
        assert!(bar.message.starts_with("cannot open"), "{}", bar.message);
        bar.path = "  ".into();
        assert_eq!(bar.open(), None);
        assert!(!bar.save("x"));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn non_text_and_folders_are_refused() {
        let d = dir("bad");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("bin.ph"), [0xff, 0xfe, 0x00]).unwrap();
        assert!(load_preset(&d.join("bin.ph"))
            .unwrap_err()
            .contains("not a text"));
        assert!(load_preset(&d).unwrap_err().contains("is a folder"));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn home_is_expanded() {
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(
                preset_path("~/x/beat"),
                Some(PathBuf::from(home).join("x/beat.ph"))
            );
        }
        assert_eq!(preset_path("/a/b.txt"), Some(PathBuf::from("/a/b.txt")));
        assert_eq!(preset_path(""), None);
    }
}
