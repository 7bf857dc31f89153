//! Where Strudel's `samples(...)` finds its sounds on disk. Phonon downloads nothing: a pack
//! named by URL (`github:user/repo`) is read from a folder of that name under the sample
//! folders; a Strudel sample map (an object in the code, or a `.json` file on disk) names files
//! relative to its base. What cannot be found is said, with the folder that would hold it.

use super::bank::{is_audio_file, Bank, BankIndex};
use std::path::{Path, PathBuf};

/// One `samples(...)` call of a program.
#[derive(Clone, Debug, PartialEq)]
pub enum SampleSource {
    /// A URL or shortcut: `github:user/repo`, `https://...`, `bubo:waveforms`, or a `.json`
    /// path on disk.
    Url(String),
    /// A sample map written in the code: sound name to files, and the base they are relative
    /// to.
    Map {
        entries: Vec<(String, Vec<String>)>,
        base: Option<String>,
    },
}

/// What the sources add: banks, and notes for the musician.
#[derive(Debug, Default)]
pub struct Resolved {
    pub banks: Vec<Bank>,
    pub notes: Vec<String>,
}

/// The folders under the sample roots that may hold the pack at `url` (`github:user/repo`:
/// `ROOT/repo`, `ROOT/user/repo`, `ROOT/user_repo`).
fn pack_folders(url: &str, roots: &[PathBuf]) -> Vec<PathBuf> {
    let path = url
        .strip_prefix("github:")
        .or_else(|| url.strip_prefix("https://github.com/"))
        .or_else(|| url.strip_prefix("https://raw.githubusercontent.com/"))
        .unwrap_or(url);
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let (user, repo) = match parts.as_slice() {
        [user, repo, ..] => (*user, *repo),
        [one] => ("", *one),
        [] => return vec![],
    };
    let repo = repo.trim_end_matches(".git");
    let mut out = vec![];
    for root in roots {
        out.push(root.join(repo));
        if !user.is_empty() {
            out.push(root.join(user).join(repo));
            out.push(root.join(format!("{user}_{repo}")));
        }
    }
    out
}

/// The banks of a folder in the Dirt-Samples layout (one folder per sound).
fn folder_banks(dir: &Path) -> Vec<Bank> {
    BankIndex::scan_paths(&[dir.to_path_buf()])
        .banks()
        .cloned()
        .collect()
}

/// Banks from a sample map: each name's files, relative to `base`.
fn map_banks(entries: &[(String, Vec<String>)], base: &Path) -> (Vec<Bank>, Vec<String>) {
    let (mut banks, mut missing) = (vec![], vec![]);
    for (name, files) in entries {
        let found: Vec<PathBuf> = files
            .iter()
            .map(|f| base.join(f))
            .filter(|p| p.is_file() && is_audio_file(p))
            .collect();
        if found.is_empty() {
            missing.push(name.clone());
        } else {
            banks.push(Bank {
                name: name.clone(),
                dir: base.to_path_buf(),
                files: found,
            });
        }
    }
    (banks, missing)
}

/// A Strudel sample map file (`strudel.json`): name to a file, a list of files, or a map of
/// pitches to files; `_base` is the folder they are relative to.
/// A sample map's entries (name, files) and its base.
type SampleMap = (Vec<(String, Vec<String>)>, Option<String>);

fn read_map(path: &Path) -> Result<SampleMap, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a sample map: {e}", path.display()))?;
    let obj = json
        .as_object()
        .ok_or_else(|| format!("{} is not a sample map (a JSON object)", path.display()))?;
    let mut entries = vec![];
    for (k, v) in obj {
        if k.starts_with('_') {
            continue;
        }
        let files: Vec<String> = match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(xs) => xs
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            serde_json::Value::Object(m) => m
                .values()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => vec![],
        };
        entries.push((k.clone(), files));
    }
    let base = obj.get("_base").and_then(|b| b.as_str()).map(String::from);
    Ok((entries, base))
}

/// The local folder a base names: a path on disk, or a pack's folder under the roots.
fn base_folder(base: &str, roots: &[PathBuf], relative_to: Option<&Path>) -> Option<PathBuf> {
    let local = base.strip_prefix("file://").unwrap_or(base);
    if !base.contains("://") || base.starts_with("file://") {
        let p = PathBuf::from(local);
        let p = match relative_to {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p,
        };
        if p.is_dir() {
            return Some(p);
        }
    }
    pack_folders(base, roots).into_iter().find(|d| d.is_dir())
}

/// Resolves every source against the sample folders `roots`.
pub fn resolve(sources: &[SampleSource], roots: &[PathBuf]) -> Resolved {
    let mut r = Resolved::default();
    let first_root = roots
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("Dirt-Samples"));
    for source in sources {
        match source {
            SampleSource::Url(url)
                if url.ends_with(".json") && !url.contains("://") || url.starts_with("file://") =>
            {
                let path = PathBuf::from(url.strip_prefix("file://").unwrap_or(url));
                match read_map(&path) {
                    Ok((entries, base)) => {
                        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        let folder = match &base {
                            Some(b) => base_folder(b, roots, Some(&dir)),
                            None => Some(dir.clone()),
                        };
                        match folder {
                            Some(f) => {
                                let (banks, missing) = map_banks(&entries, &f);
                                r.banks.extend(banks);
                                if !missing.is_empty() {
                                    r.notes.push(format!("samples('{url}'): no audio files on disk for {} (looked in {})", missing.join(", "), f.display()));
                                }
                            }
                            None => r.notes.push(format!("samples('{url}'): its files are at {}, which Phonon does not download; put them in a folder and set `_base` to it", base.unwrap_or_default())),
                        }
                    }
                    Err(e) => r.notes.push(format!("samples('{url}'): {e}")),
                }
            }
            SampleSource::Url(url) => {
                let lower = url.to_ascii_lowercase();
                if lower.contains("dirt-samples") {
                    // The Dirt-Samples pack: the sample folders already are it.
                    continue;
                }
                match pack_folders(url, roots).into_iter().find(|d| d.is_dir()) {
                    Some(dir) => r.banks.extend(folder_banks(&dir)),
                    None => {
                        let would = pack_folders(url, std::slice::from_ref(&first_root))
                            .into_iter()
                            .next()
                            .unwrap_or_else(|| first_root.clone());
                        r.notes.push(format!(
                            "samples('{url}'): Phonon downloads nothing; this pack would be read from {} (its sounds play built-in stand-ins where they exist)",
                            would.display()
                        ));
                    }
                }
            }
            SampleSource::Map { entries, base } => {
                let folder = match base {
                    Some(b) => base_folder(b, roots, None),
                    None => roots.iter().find(|r| r.is_dir()).cloned(),
                };
                match folder {
                    Some(f) => {
                        let (banks, missing) = map_banks(entries, &f);
                        r.banks.extend(banks);
                        if !missing.is_empty() {
                            r.notes.push(format!("samples({{...}}): no audio files on disk for {} (looked in {})", missing.join(", "), f.display()));
                        }
                    }
                    None => r.notes.push(format!(
                        "samples({{...}}) with base {}: Phonon downloads nothing; put the files in a folder under {} and name it as the base",
                        base.as_deref().unwrap_or("(none)"),
                        first_root.display()
                    )),
                }
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 44100,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..100 {
            w.write_sample((i * 100) as i16).unwrap();
        }
        w.finalize().unwrap();
    }

    #[test]
    fn packs_maps_and_json_files_resolve_to_folders() {
        let root = std::env::temp_dir().join(format!("phonon-packs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        wav(&root.join("clean-breaks/amen/a.wav"));
        wav(&root.join("mine/kick.wav"));
        std::fs::write(
            root.join("mine/strudel.json"),
            r#"{"_base": "./", "kick": ["kick.wav"], "gone": "nothing.wav"}"#,
        )
        .unwrap();
        let roots = vec![root.clone()];
        let r = resolve(
            &[SampleSource::Url("github:yaxu/clean-breaks".into())],
            &roots,
        );
        assert_eq!(
            r.banks.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
            ["amen"]
        );
        let json = root.join("mine/strudel.json").display().to_string();
        let r = resolve(&[SampleSource::Url(json)], &roots);
        assert_eq!(r.banks.len(), 1);
        assert_eq!(r.banks[0].name, "kick");
        assert!(r.notes[0].contains("gone"), "{:?}", r.notes);
        let r = resolve(
            &[SampleSource::Url("github:someone/elsewhere".into())],
            &roots,
        );
        assert!(r.banks.is_empty());
        assert!(
            r.notes[0].contains(&root.join("elsewhere").display().to_string()),
            "{:?}",
            r.notes
        );
        let map = SampleSource::Map {
            entries: vec![("hit".into(), vec!["kick.wav".into()])],
            base: Some(root.join("mine").display().to_string()),
        };
        assert_eq!(resolve(&[map], &roots).banks[0].files.len(), 1);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
