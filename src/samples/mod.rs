//! Sounds: the embedded kit and sample folders, loaded off the audio thread.
//!
//! * [`kit`]: the embedded synthesized kit, always present.
//! * [`bank`]: sample folders in the Dirt-Samples layout (`ROOT/name/*.wav`), where to look for
//!   them ([`search_paths`]) and what is in them ([`scan`], [`BankIndex`]), without decoding.
//! * [`standins`]: the built-in sounds that play for sample-pack names no folder has.
//! * [`load`]: decoding (WAV, AIFF, FLAC, Ogg Vorbis) and resampling to the session rate.
//!
//! A [`Library`] starts as the kit ([`Library::with_kit`]; the plugin's
//! [`Library::with_kit_lazy`] adds the kit's sounds and the drum machines only when a program
//! names them, at its compile); [`Library::load_banks`] then adds the
//! folder banks a program names. **A folder bank replaces the kit's bank of the same name**: a
//! user with Dirt-Samples installed hears their own `bd`, as in Tidal; the kit only fills in
//! names no folder has. `name:N` picks file `N mod len` of the bank (the engine does the wrap).

pub mod bank;
pub mod kit;
pub mod load;
pub mod packs;
pub mod standins;

pub use bank::{scan, search_paths, Bank, BankIndex};
pub use kit::Sample;
pub use load::{decode_bytes, decode_file, load_file, resample};

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// Why a sample, a folder or a name could not be loaded. Each names the file or folder.
#[derive(Clone, Debug, PartialEq)]
pub enum SampleError {
    /// A file or folder could not be read.
    Io { path: PathBuf, reason: String },
    /// A file was read but is not audio Phonon can decode.
    Decode { path: PathBuf, reason: String },
    /// A name in no bank: not in the embedded kit nor in any searched folder.
    Unknown {
        name: String,
        /// The sample folders searched, in order.
        searched: Vec<PathBuf>,
        /// Whether any of `searched` exists.
        folders_exist: bool,
        /// The nearest known name, if one is close.
        suggestion: Option<String>,
    },
}

impl fmt::Display for SampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleError::Io { path, reason } => {
                write!(f, "cannot read `{}`: {reason}", path.display())
            }
            SampleError::Decode { path, reason } => {
                write!(f, "cannot decode `{}`: {reason}", path.display())
            }
            SampleError::Unknown {
                name,
                searched,
                folders_exist,
                suggestion,
            } => {
                write!(f, "unknown sample `{name}`: not in the embedded kit, ")?;
                let list = searched
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                if searched.is_empty() {
                    write!(f, "and no sample folder is set")?;
                } else if *folders_exist {
                    write!(f, "not found in {list}")?;
                } else {
                    write!(f, "and no sample folder exists at {list}")?;
                }
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SampleError {}

/// A decoded file as loaded: the file's size and modification time when it was decoded.
#[derive(Clone)]
struct Cached {
    stamp: (u64, Option<SystemTime>),
    sample: Arc<Sample>,
}

/// Every sound a program can name, at one sample rate. Owned off the audio thread; voices hold
/// `Arc` clones of the samples and the library outlives them, so the audio thread never frees one.
///
/// Cloning is cheap (the samples are shared): to add banks while a clone is playing, clone,
/// [`load_banks`](Library::load_banks) into the clone, and hand the clone over.
#[derive(Clone)]
pub struct Library {
    pub sample_rate: f32,
    /// Name to variants (`name:0`, `name:1`, ...).
    pub banks: HashMap<String, Vec<Arc<Sample>>>,
    /// The embedded kit's banks, to restore a name whose folder bank went away.
    kit: HashMap<String, Vec<Arc<Sample>>>,
    /// Names whose bank in `banks` came from a folder.
    from_folder: HashSet<String>,
    /// Every file decoded so far, by path, at `sample_rate`.
    cache: HashMap<PathBuf, Cached>,
    /// The built-in drum machines are not in `banks` yet: a program that names one adds them
    /// when it is compiled ([`Library::with_kit_lazy`]).
    machines_later: bool,
    /// The embedded kit's sounds are added as programs name them ([`Library::with_kit_lazy`]).
    kit_later: bool,
}

/// Banks by name, shared by every library of the process at one rate.
type SharedBanks = Arc<Vec<(String, Vec<Arc<Sample>>)>>;

/// The banks `make` synthesizes at `sample_rate`, made on first use and kept (a few MB a
/// rate), so every instance at that rate shares them and costs no synthesis.
fn shared(
    cache: &std::sync::Mutex<Vec<(u32, SharedBanks)>>,
    sample_rate: f32,
    make: impl FnOnce() -> Vec<(String, Vec<Arc<Sample>>)>,
) -> SharedBanks {
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, b)) = cache.iter().find(|(r, _)| *r == sample_rate.to_bits()) {
        return b.clone();
    }
    let banks = Arc::new(make());
    cache.push((sample_rate.to_bits(), banks.clone()));
    banks
}

/// The embedded kit's banks of `names` (the kit's names among them) at `sample_rate`, each
/// synthesized on its first use at that rate in this process ([`kit::synthesize_names`]) and
/// shared after that.
fn kit_banks(sample_rate: f32, names: &[&str]) -> Vec<(String, Vec<Arc<Sample>>)> {
    type Banks = HashMap<&'static str, Vec<Arc<Sample>>>;
    static CACHE: std::sync::Mutex<Vec<(u32, Banks)>> = std::sync::Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let rate = sample_rate.to_bits();
    let at = match cache.iter().position(|(r, _)| *r == rate) {
        Some(i) => i,
        None => {
            cache.push((rate, HashMap::new()));
            cache.len() - 1
        }
    };
    let banks = &mut cache[at].1;
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !banks.contains_key(n))
        .collect();
    if !missing.is_empty() {
        for (name, v) in kit::synthesize_names(sample_rate, &missing) {
            banks.insert(name, v.into_iter().map(Arc::new).collect());
        }
    }
    names
        .iter()
        .filter_map(|n| banks.get(n).map(|b| (n.to_string(), b.clone())))
        .collect()
}

/// The built-in drum machines' banks at `sample_rate` ([`kit::machines`]), shared.
fn machine_banks(sample_rate: f32) -> SharedBanks {
    static CACHE: std::sync::Mutex<Vec<(u32, SharedBanks)>> = std::sync::Mutex::new(Vec::new());
    shared(&CACHE, sample_rate, || {
        kit::machines(sample_rate)
            .into_iter()
            .map(|(name, v)| (name, v.into_iter().map(Arc::new).collect()))
            .collect()
    })
}

impl Library {
    /// The embedded kit synthesized at `sample_rate`, with the built-in drum machines
    /// ([`kit::machines`], `RolandTR808_bd` ...); both synthesized once per rate and process
    /// and shared by every library (every plugin instance) at that rate.
    pub fn with_kit(sample_rate: f32) -> Library {
        let mut lib = Library::with_kit_lazy(sample_rate).with_kit_names(kit::names());
        lib.kit_later = false;
        lib.with_machines()
    }

    /// A library whose embedded kit and drum machines wait for a program: one that names a kit
    /// sound (a word of its strings, a sound it plays, see [`Library::with_kit_names`]) or a
    /// drum machine (see [`kit::names_machine`]) gets them when it is compiled (by
    /// `LoadedProgram`'s binding, off the audio thread; each sound is synthesized once per rate
    /// and process). What the plugin makes when it activates: an instance synthesizes only the
    /// sounds its programs name. [`Library::with_kit`] has everything from the start.
    pub fn with_kit_lazy(sample_rate: f32) -> Library {
        Library {
            sample_rate,
            kit: HashMap::new(),
            banks: HashMap::new(),
            from_folder: HashSet::new(),
            cache: HashMap::new(),
            kit_later: true,
            machines_later: true,
        }
    }

    /// The names this library plays: its banks' and, when it leaves the kit to compile time,
    /// the kit's not yet synthesized (for "did you mean" suggestions).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let later = kit::names()
            .iter()
            .copied()
            .filter(|n| self.kit_later && !self.banks.contains_key(*n));
        self.banks.keys().map(String::as_str).chain(later)
    }

    /// Whether the embedded kit's sounds are left to compile time ([`Library::with_kit_lazy`]).
    pub fn kit_later(&self) -> bool {
        self.kit_later
    }

    /// This library with the embedded kit's banks of `names` (the kit's names among them)
    /// added, synthesized on their first use at this rate and process; a bank of the same name
    /// loaded from a folder stays. Synchronous: call it off the audio thread.
    pub fn with_kit_names(&self, names: &[&str]) -> Library {
        let mut lib = self.clone();
        lib.add_kit(names);
        lib
    }

    /// [`Library::with_kit_names`] in place.
    fn add_kit(&mut self, names: &[&str]) {
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !self.kit.contains_key(*n))
            .collect();
        for (name, bank) in kit_banks(self.sample_rate, &missing) {
            self.banks
                .entry(name.clone())
                .or_insert_with(|| bank.clone());
            self.kit.insert(name, bank);
        }
    }

    /// Whether the built-in drum machines are left to compile time ([`Library::with_kit_lazy`]).
    pub fn machines_later(&self) -> bool {
        self.machines_later
    }

    /// This library with the built-in drum machines' banks added (synthesized on the first call
    /// at this rate and process, shared after that); a bank of the same name loaded from a folder
    /// stays. Synchronous: call it off the audio thread.
    pub fn with_machines(&self) -> Library {
        let mut lib = self.clone();
        for (name, bank) in machine_banks(self.sample_rate).iter() {
            lib.kit.entry(name.clone()).or_insert_with(|| bank.clone());
            lib.banks
                .entry(name.clone())
                .or_insert_with(|| bank.clone());
        }
        lib.machines_later = false;
        lib
    }

    /// Loads the folder banks of `names` (bank names, without `:N`) from `index`, decoding and
    /// resampling each file to `self.sample_rate`; returns every problem, an empty list when all
    /// went well. Synchronous: call it off the audio thread.
    ///
    /// * A name in `index` gets the folder's bank, replacing the kit's bank of the same name.
    ///   A file that fails to load is left out of the bank (and reported); when none loads, the
    ///   name keeps (or gets back) the kit's bank, if the kit has the name.
    /// * A name not in `index` keeps the kit's bank (a folder bank loaded earlier from another
    ///   index is dropped for the kit's); a name in neither is a [`SampleError::Unknown`], whose
    ///   message says where Phonon looked.
    /// * Files already decoded by this library (or the library it was cloned from) are reused as
    ///   long as their size and modification time are unchanged, so loading the same names again
    ///   costs a `stat` per file.
    pub fn load_banks(&mut self, index: &BankIndex, names: &[&str]) -> Vec<SampleError> {
        let mut errors = Vec::new();
        if self.kit_later {
            self.add_kit(names);
        }
        let mut done = HashSet::new();
        for &name in names {
            if !done.insert(name) {
                continue;
            }
            if let Some(bank) = index.get(name) {
                let mut samples = Vec::with_capacity(bank.files.len());
                for file in &bank.files {
                    match self.load_cached(file) {
                        Ok(s) => samples.push(s),
                        Err(e) => errors.push(e),
                    }
                }
                if samples.is_empty() {
                    self.restore_kit(name);
                } else {
                    self.banks.insert(name.to_string(), samples);
                    self.from_folder.insert(name.to_string());
                }
            } else {
                self.restore_kit(name);
                if !self.banks.contains_key(name) {
                    errors.push(bank::unknown_sample(name, self.names(), index));
                }
            }
        }
        errors
    }

    /// Whether `name`'s bank in [`banks`](Library::banks) came from a sample folder.
    pub fn is_folder_bank(&self, name: &str) -> bool {
        self.from_folder.contains(name)
    }

    /// The kit's bank for `name` again (or none), if a folder bank had replaced it.
    fn restore_kit(&mut self, name: &str) {
        if self.from_folder.remove(name) {
            match self.kit.get(name) {
                Some(k) => self.banks.insert(name.to_string(), k.clone()),
                None => self.banks.remove(name),
            };
        }
    }

    fn load_cached(&mut self, path: &std::path::Path) -> Result<Arc<Sample>, SampleError> {
        let meta = std::fs::metadata(path).map_err(|e| SampleError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let stamp = (meta.len(), meta.modified().ok());
        if let Some(c) = self.cache.get(path) {
            if c.stamp == stamp && stamp.1.is_some() {
                return Ok(c.sample.clone());
            }
        }
        let sample = Arc::new(load::load_file(path, self.sample_rate)?);
        self.cache.insert(
            path.to_path_buf(),
            Cached {
                stamp,
                sample: sample.clone(),
            },
        );
        Ok(sample)
    }
}
