//! Sample folders in the Dirt-Samples layout, and where to find them.
//!
//! A sample folder ("root") holds one sub-folder per bank name: `ROOT/bd/*.wav`,
//! `ROOT/breaks125/*.flac`, ... A bank's files are its audio files (`.wav .flac .ogg .aif
//! .aiff`, any letter case) sorted by file name in byte order, as SuperDirt loads them, so
//! `bd:0` is the first; `name:N` wraps (`N mod len`, done by the engine). Hidden files and
//! folders (a leading `.`, e.g. macOS `._bd.wav` resource forks), other files and nested
//! folders are ignored; a folder without audio files is no bank.
//!
//! [`scan`] lists one root without decoding anything; [`BankIndex::scan_paths`] merges several
//! roots, the first root that has a name winning; [`search_paths`] gives the roots Phonon
//! searches, in order.

use super::SampleError;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// File extensions (compared case-insensitively) that are loaded as samples.
pub const AUDIO_EXTENSIONS: [&str; 5] = ["wav", "flac", "ogg", "aif", "aiff"];

/// The environment variable naming sample folders (a list, separated like `PATH`: `:` on Unix,
/// `;` on Windows).
pub const ENV_VAR: &str = "PHONON_SAMPLES";

/// One name's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bank {
    pub name: String,
    /// The bank's folder, `ROOT/name`.
    pub dir: PathBuf,
    /// Audio files, sorted by file name (byte order); never empty.
    pub files: Vec<PathBuf>,
}

/// The banks found in one or more sample folders, not yet decoded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BankIndex {
    roots: Vec<PathBuf>,
    roots_exist: bool,
    banks: BTreeMap<String, Bank>,
    problems: Vec<SampleError>,
}

impl BankIndex {
    /// No folders: only the embedded kit.
    pub fn empty() -> BankIndex {
        BankIndex::default()
    }

    /// Scans every root in order; a name found in several roots comes from the first. Roots that
    /// do not exist are skipped (they are still listed in [`roots`](BankIndex::roots), so an
    /// unknown-name message can say where Phonon looked); unreadable ones are reported in
    /// [`problems`](BankIndex::problems).
    pub fn scan_paths(roots: &[PathBuf]) -> BankIndex {
        let mut index = BankIndex {
            roots: roots.to_vec(),
            ..BankIndex::default()
        };
        for root in roots {
            if !root.exists() {
                continue;
            }
            index.roots_exist = true;
            match scan(root) {
                Ok(found) => {
                    index.problems.extend(found.problems);
                    for (name, bank) in found.banks {
                        index.banks.entry(name).or_insert(bank);
                    }
                }
                Err(e) => index.problems.push(e),
            }
        }
        index
    }

    /// [`scan_paths`](BankIndex::scan_paths) over [`search_paths`]`(configured)`.
    pub fn discover(configured: Option<&Path>) -> BankIndex {
        BankIndex::scan_paths(&search_paths(configured))
    }

    /// This index with `extra` banks added in front (a name in both comes from `extra`):
    /// the packs and sample maps a Strudel program names.
    pub fn with_banks(&self, extra: Vec<Bank>) -> BankIndex {
        let mut index = self.clone();
        for bank in extra {
            index.roots_exist = true;
            index.banks.insert(bank.name.clone(), bank);
        }
        index
    }

    /// The bank called `name` (no `:N`).
    pub fn get(&self, name: &str) -> Option<&Bank> {
        self.banks.get(name)
    }

    /// Bank names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.banks.keys().map(String::as_str)
    }

    /// Banks by name, sorted.
    pub fn banks(&self) -> impl Iterator<Item = &Bank> + '_ {
        self.banks.values()
    }

    pub fn len(&self) -> usize {
        self.banks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.banks.is_empty()
    }

    /// The folders searched, in order (existing or not).
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Folders that exist but could not be read while scanning.
    pub fn problems(&self) -> &[SampleError] {
        &self.problems
    }
}

/// Whether `path` has an audio extension (see [`AUDIO_EXTENSIONS`]) and is not hidden.
pub fn is_audio_file(path: &Path) -> bool {
    let visible = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| !n.starts_with('.'));
    let audio = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AUDIO_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)));
    visible && audio
}

/// Lists the banks in one sample folder (`root/name/*.wav`), without decoding. Fails when `root`
/// cannot be read; a bank folder that cannot be read is left out and reported in
/// [`BankIndex::problems`]. Symbolic links are followed.
pub fn scan(root: &Path) -> Result<BankIndex, SampleError> {
    let io = |path: &Path, e: std::io::Error| SampleError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let entries = std::fs::read_dir(root).map_err(|e| io(root, e))?;
    let mut index = BankIndex {
        roots: vec![root.to_path_buf()],
        roots_exist: true,
        ..BankIndex::default()
    };
    for entry in entries {
        let entry = entry.map_err(|e| io(root, e))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let dir = entry.path();
        if name.starts_with('.') || !dir.is_dir() {
            continue;
        }
        let files = match std::fs::read_dir(&dir) {
            Ok(files) => files,
            Err(e) => {
                index.problems.push(io(&dir, e));
                continue;
            }
        };
        let mut found: Vec<(OsString, PathBuf)> = Vec::new();
        for file in files {
            let file = match file {
                Ok(f) => f,
                Err(e) => {
                    index.problems.push(io(&dir, e));
                    continue;
                }
            };
            let path = file.path();
            if is_audio_file(&path) && path.is_file() {
                found.push((file.file_name(), path));
            }
        }
        if found.is_empty() {
            continue;
        }
        // `OsString` orders by bytes on Unix (UTF-16 code units on Windows).
        found.sort();
        let files = found.into_iter().map(|(_, p)| p).collect();
        index.banks.insert(name.clone(), Bank { name, dir, files });
    }
    Ok(index)
}

/// The sample folders Phonon searches, in order, without duplicates:
///
/// 1. `configured` (the folder set in the editor or on the command line);
/// 2. each folder in the `PHONON_SAMPLES` environment variable (`:`-separated on Unix,
///    `;` on Windows, like `PATH`);
/// 3. where SuperCollider's `Quarks.install("Dirt-Samples")` (the Tidal install) puts them:
///    Linux `$XDG_DATA_HOME/SuperCollider/downloaded-quarks/Dirt-Samples` (default
///    `~/.local/share/...`), macOS `~/Library/Application Support/SuperCollider/
///    downloaded-quarks/Dirt-Samples`, Windows `%LOCALAPPDATA%\SuperCollider\downloaded-quarks\
///    Dirt-Samples`;
/// 4. `~/Dirt-Samples` (a git clone).
///
/// Folders that do not exist are listed too; [`BankIndex::scan_paths`] skips them.
pub fn search_paths(configured: Option<&Path>) -> Vec<PathBuf> {
    search_paths_for(configured, &|k| std::env::var_os(k), Os::current())
}

/// The operating systems whose default folders differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Os {
    Linux,
    Mac,
    Windows,
}

impl Os {
    fn current() -> Os {
        if cfg!(target_os = "macos") {
            Os::Mac
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }
}

fn search_paths_for(
    configured: Option<&Path>,
    env: &dyn Fn(&str) -> Option<OsString>,
    os: Os,
) -> Vec<PathBuf> {
    let set = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut paths: Vec<PathBuf> = Vec::new();
    paths.extend(
        configured
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf),
    );
    if let Some(list) = env(ENV_VAR) {
        paths.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()));
    }
    let home = match os {
        Os::Windows => set("USERPROFILE").or_else(|| set("HOME")),
        _ => set("HOME"),
    };
    let quark = ["SuperCollider", "downloaded-quarks", "Dirt-Samples"];
    let under = |base: PathBuf, parts: &[&str]| parts.iter().fold(base, |p, s| p.join(s));
    let app_support = match os {
        Os::Linux => set("XDG_DATA_HOME").or_else(|| {
            home.as_ref()
                .map(|h| under(h.clone(), &[".local", "share"]))
        }),
        Os::Mac => home
            .as_ref()
            .map(|h| under(h.clone(), &["Library", "Application Support"])),
        Os::Windows => set("LOCALAPPDATA").or_else(|| {
            home.as_ref()
                .map(|h| under(h.clone(), &["AppData", "Local"]))
        }),
    };
    paths.extend(app_support.map(|a| under(a, &quark)));
    paths.extend(home.map(|h| h.join("Dirt-Samples")));
    let mut unique: Vec<PathBuf> = Vec::with_capacity(paths.len());
    for p in paths {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    unique
}

/// The error for a sample `name` that is in no bank: `known` are the names that do exist
/// (the library's banks; `index`'s names are added), used for a "did you mean" suggestion;
/// the message lists `index`'s roots, e.g. "unknown sample `brks125`: not in the embedded kit,
/// not found in /a, /b (did you mean `breaks125`?)".
pub fn unknown_sample<'a>(
    name: &str,
    known: impl Iterator<Item = &'a str>,
    index: &BankIndex,
) -> SampleError {
    let limit = 1.max(name.chars().count() / 3);
    let suggestion = known
        .map(|k| k.to_string())
        .chain(index.names().map(str::to_string))
        .filter(|k| k != name)
        .map(|k| (crate::lang::eval::edit_distance(name, &k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k);
    SampleError::Unknown {
        name: name.to_string(),
        searched: index.roots.clone(),
        folders_exist: index.roots_exist,
        suggestion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn linux_order_configured_env_quark_home() {
        let e = env(&[("HOME", "/home/u"), ("PHONON_SAMPLES", "/s1::/s2")]);
        let got = search_paths_for(Some(Path::new("/cfg")), &e, Os::Linux);
        let want: Vec<PathBuf> = [
            "/cfg",
            "/s1",
            "/s2",
            "/home/u/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples",
            "/home/u/Dirt-Samples",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn linux_xdg_data_home_and_dedup() {
        let e = env(&[
            ("HOME", "/h"),
            ("XDG_DATA_HOME", "/x"),
            ("PHONON_SAMPLES", "/h/Dirt-Samples"),
        ]);
        let got = search_paths_for(Some(Path::new("/h/Dirt-Samples")), &e, Os::Linux);
        assert_eq!(
            got,
            vec![
                PathBuf::from("/h/Dirt-Samples"),
                PathBuf::from("/x/SuperCollider/downloaded-quarks/Dirt-Samples")
            ]
        );
    }

    #[test]
    fn macos_and_windows_defaults() {
        let e = env(&[("HOME", "/Users/u")]);
        assert_eq!(
            search_paths_for(None, &e, Os::Mac),
            vec![
                PathBuf::from("/Users/u/Library/Application Support/SuperCollider/downloaded-quarks/Dirt-Samples"),
                PathBuf::from("/Users/u/Dirt-Samples"),
            ]
        );
        let e = env(&[
            ("USERPROFILE", "C:/Users/u"),
            ("LOCALAPPDATA", "C:/Users/u/AppData/Local"),
        ]);
        let got = search_paths_for(None, &e, Os::Windows);
        assert_eq!(got.len(), 2);
        assert!(
            got[0].ends_with("AppData/Local/SuperCollider/downloaded-quarks/Dirt-Samples"),
            "{got:?}"
        );
        assert_eq!(got[1], Path::new("C:/Users/u").join("Dirt-Samples"));
    }

    #[test]
    fn nothing_set_gives_only_configured() {
        assert_eq!(
            search_paths_for(Some(Path::new("/c")), &env(&[]), Os::Linux),
            vec![PathBuf::from("/c")]
        );
        assert!(search_paths_for(
            Some(Path::new("")),
            &env(&[("PHONON_SAMPLES", "")]),
            Os::Linux
        )
        .is_empty());
    }

    #[test]
    fn audio_files_by_extension_not_hidden() {
        for p in [
            "a.wav",
            "B.WAV",
            "c.Flac",
            "d.ogg",
            "e.aif",
            "f.AIFF",
            "dir/g.wav",
        ] {
            assert!(is_audio_file(Path::new(p)), "{p}");
        }
        for p in [
            ".h.wav",
            "._bd.wav",
            "i.txt",
            "j.mp3",
            "wav",
            "k.wav.asd",
            "l",
        ] {
            assert!(!is_audio_file(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn unknown_message_forms() {
        let index = BankIndex {
            roots: vec!["/a".into(), "/b".into()],
            roots_exist: true,
            ..BankIndex::default()
        };
        let e = unknown_sample("brks125", ["bd", "breaks125", "sn"].into_iter(), &index);
        assert_eq!(
            e.to_string(),
            "unknown sample `brks125`: not in the embedded kit, not found in /a, /b (did you mean `breaks125`?)"
        );
        let index = BankIndex {
            roots: vec!["/a".into()],
            ..BankIndex::default()
        };
        let e = unknown_sample("zzzz", ["bd"].into_iter(), &index);
        assert_eq!(
            e.to_string(),
            "unknown sample `zzzz`: not in the embedded kit, and no sample folder exists at /a"
        );
        let e = unknown_sample("bdd", ["bd"].into_iter(), &BankIndex::empty());
        assert_eq!(
            e.to_string(),
            "unknown sample `bdd`: not in the embedded kit, and no sample folder is set (did you mean `bd`?)"
        );
    }
}
