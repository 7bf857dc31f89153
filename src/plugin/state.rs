//! The persisted program state and its compiler.
//!
//! Hosts load state on the main thread without re-activating the plugin, so setting the code
//! compiles it right there (when the plugin is active) and queues the result for the audio
//! thread; before activation, `activate` compiles whatever code the state holds.

use crate::engine::{Handoff, LoadedProgram};
use crate::lang::live::HeldNotes;
use crate::lang::macros::{MacroNames, Macros, MACROS};
use crate::lang::strudel::Dialect;
use crate::lang::{CompileOptions, LangError};
use crate::samples::{BankIndex, Library};
use nice_plug::params::persist::PersistentField;
use nice_plug::prelude::{ParamNames, PluginState};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// The state format version written by this build.
pub const STATE_VERSION: u32 = 2;

/// The key of the program in the plugin state's persisted fields (`#[persist = "phonon"]`).
pub const FIELD_KEY: &str = "phonon";

/// Saved code longer than this is refused as corrupt (a real program is a few kB; compiling
/// megabytes would stall the host's main thread).
pub const MAX_CODE_BYTES: usize = 1 << 20;

/// The program a fresh instance plays.
pub const DEFAULT_CODE: &str = "-- Phonon: edit the pattern and press Ctrl+Enter (or Evaluate)
tempo: 0.5
out $ stack [s \"bd*2 [~ bd] ~ bd\", s \"~ sn ~ [sn cp]\", s \"hh*8\" # gain \"0.6 0.4\"] # gain 0.6
";

/// What is saved in the project.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SavedState {
    pub version: u32,
    pub code: String,
    /// A sample folder in the Dirt-Samples layout chosen in the editor (searched before
    /// `PHONON_SAMPLES` and the usual Dirt-Samples places). Absent in version-1 states.
    #[serde(default)]
    pub sample_folder: Option<String>,
    /// The language the code is read as, when the musician chose one in the editor; absent:
    /// detected from the code (Tidal's or Strudel's). Absent in older states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Dialect>,
    /// Set only by [`repair_state`] when the saved field was missing, unreadable or from a newer
    /// version: what was wrong (the defaults are loaded and this is reported). Never saved
    /// (`map` leaves it `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_report: Option<String>,
}

impl SavedState {
    /// What a fresh instance holds.
    pub fn defaults() -> SavedState {
        SavedState {
            version: STATE_VERSION,
            code: DEFAULT_CODE.to_string(),
            sample_folder: None,
            language: None,
            load_report: None,
        }
    }
}

/// Reads the program field of a saved state (`None`: absent). A field that is missing, not a
/// state, from version 0 or from a version newer than [`STATE_VERSION`], or that holds more than
/// [`MAX_CODE_BYTES`] of code gives the defaults with `load_report` saying what was wrong.
pub fn read_field(data: Option<&str>) -> SavedState {
    let problem = match data.map(serde_json::from_str::<SavedState>) {
        None => "the saved state holds no Phonon program".to_string(),
        Some(Err(e)) => format!("the saved Phonon state is unreadable ({e})"),
        Some(Ok(s)) if s.version > STATE_VERSION => format!(
            "the saved state is from a newer Phonon (state version {}; this version reads 1 to {STATE_VERSION})",
            s.version
        ),
        Some(Ok(s)) if s.version == 0 => "the saved Phonon state has no valid version".to_string(),
        Some(Ok(s)) if s.code.len() > MAX_CODE_BYTES => {
            format!("the saved Phonon program is too long ({} bytes, at most {MAX_CODE_BYTES})", s.code.len())
        }
        Some(Ok(s)) => return SavedState { load_report: None, ..s },
    };
    SavedState {
        load_report: Some(format!(
            "State not loaded: {problem}; the default program is loaded."
        )),
        ..SavedState::defaults()
    }
}

/// `Plugin::filter_state`: runs before nice-plug restores a parsed state. A program field that
/// [`read_field`] refuses is replaced by the defaults carrying the report, which
/// [`PersistentField::set`] then shows in the editor's status and logs (nice-plug would
/// otherwise skip an unreadable field silently and keep the previous program).
///
/// A state blob that is not JSON at all (empty, truncated, random bytes) never reaches the
/// plugin: nice-plug refuses it and tells the host the load failed, and the instance keeps
/// what it had (a fresh instance: the defaults).
pub fn repair_state(state: &mut PluginState) {
    let saved = read_field(state.fields.get(FIELD_KEY).map(String::as_str));
    if saved.load_report.is_some() {
        if let Ok(json) = serde_json::to_string(&saved) {
            state.fields.insert(FIELD_KEY.to_string(), json);
        }
    }
}

/// The persisted field: the code plus what is needed to compile it.
pub struct CodeField {
    code: RwLock<String>,
    /// The sample folder set in the editor (saved in the state). Owner: main/GUI threads.
    sample_folder: RwLock<Option<String>>,
    /// Bumped on every change (so the editor can refresh its text).
    pub generation: AtomicU64,
    /// The compile environment, present while the plugin is active.
    compiler: RwLock<Option<Compiler>>,
    /// The last compile result. Owner: main/GUI threads.
    status: Mutex<Option<LangError>>,
    /// What was wrong with the last state loaded ("" when nothing): set by a state load that
    /// fell back to the defaults, cleared by the next code change. Owner: main/GUI threads.
    load_report: Mutex<String>,
    pub handoff: Arc<Handoff>,
    /// True once code other than the built-in default has compiled: until then a program that
    /// fails to compile plays silence instead of the placeholder beat.
    user_program: AtomicBool,
    /// What each stream played in the programs before (for Tidal's transitions).
    history: Arc<Mutex<crate::lang::streams::StreamHistory>>,
    /// The last program's notes (not errors: `hush`, a stream defined twice, `setcps` ...).
    notes: Mutex<String>,
    /// The language chosen in the editor (`None`: detected). Owner: main/GUI threads.
    language: RwLock<Option<Dialect>>,
    /// The language the last compiled program was read as.
    read_as: Mutex<Dialect>,
    /// The names the last compiled program gave the macros (`macro 1 "cutoff"`).
    macro_names: Mutex<MacroNames>,
    /// Where the macro names are shown to the host: the names the wrapper reports instead of
    /// the parameters' own, and each macro parameter's id.
    host_names: OnceLock<(Arc<ParamNames>, [String; MACROS])>,
}

/// What compiling needs: the sounds at the session rate, and beats per cycle for `bpm:`.
#[derive(Clone)]
pub struct Compiler {
    pub library: Arc<Library>,
    pub beats_per_cycle: f64,
    /// Sample folders found at activation (PHONON_SAMPLES, the Dirt-Samples install places).
    pub index: Arc<BankIndex>,
    /// The values `m1`..`m8` read.
    pub macros: Arc<Macros>,
    /// The MIDI keys `held` and `gate` read.
    pub held: Arc<HeldNotes>,
}

impl CodeField {
    pub fn new(handoff: Arc<Handoff>) -> CodeField {
        CodeField {
            code: RwLock::new(DEFAULT_CODE.to_string()),
            sample_folder: RwLock::new(None),
            generation: AtomicU64::new(0),
            compiler: RwLock::new(None),
            status: Mutex::new(None),
            load_report: Mutex::new(String::new()),
            handoff,
            user_program: AtomicBool::new(false),
            history: Arc::default(),
            notes: Mutex::new(String::new()),
            language: RwLock::new(None),
            read_as: Mutex::new(Dialect::Tidal),
            macro_names: Mutex::default(),
            host_names: OnceLock::new(),
        }
    }

    /// Shows the macro names to the host from now on: `names` holds what the wrapper reports,
    /// `ids` are the macro parameters' ids (`m_1` ..).
    pub fn show_names_to(&self, names: Arc<ParamNames>, ids: [String; MACROS]) {
        let _ = self.host_names.set((names, ids));
        self.publish_names();
    }

    /// The names the playing program gives the macros.
    pub fn macro_names(&self) -> MacroNames {
        self.macro_names
            .lock()
            .map(|n| n.clone())
            .unwrap_or_default()
    }

    /// Hands the macro names to the host (`cutoff (m1)`; a macro without one shows its own).
    fn publish_names(&self) {
        let Some((host, ids)) = self.host_names.get() else {
            return;
        };
        let names = self.macro_names();
        host.set_all(
            ids.iter()
                .zip(names)
                .enumerate()
                .map(|(i, (id, name))| (id.clone(), name.map(|n| format!("{n} (m{})", i + 1)))),
        );
    }

    /// The language chosen in the editor (`None`: detected from the code).
    pub fn language(&self) -> Option<Dialect> {
        self.language.read().ok().and_then(|l| *l)
    }

    /// Chooses the language the code is read as (`None`: detect it) and recompiles.
    pub fn set_language(&self, language: Option<Dialect>) {
        if let Ok(mut l) = self.language.write() {
            *l = language;
        }
        self.generation.fetch_add(1, Ordering::Release);
        self.compile();
    }

    /// The language the code is read as now: the chosen one, else the one detected in it.
    pub fn read_as(&self) -> Dialect {
        self.language()
            .unwrap_or_else(|| crate::lang::strudel::detect(&self.code()))
    }

    pub fn sample_folder(&self) -> Option<String> {
        self.sample_folder.read().ok().and_then(|f| f.clone())
    }

    /// Sets the sample folder, rescans the sample search paths and recompiles the code.
    pub fn set_sample_folder(&self, folder: Option<String>) {
        let folder = folder.filter(|f| !f.trim().is_empty());
        if let Ok(mut f) = self.sample_folder.write() {
            *f = folder.clone();
        }
        if let Ok(mut c) = self.compiler.write() {
            if let Some(c) = c.as_mut() {
                c.index = Arc::new(BankIndex::discover(
                    folder.as_deref().map(std::path::Path::new),
                ));
            }
        }
        self.generation.fetch_add(1, Ordering::Release);
        self.compile();
    }

    pub fn code(&self) -> String {
        self.code.read().map(|c| c.clone()).unwrap_or_default()
    }

    /// Sets the code and compiles it if the plugin is active (never on the audio thread).
    pub fn set_code(&self, code: String) {
        if let Ok(mut c) = self.code.write() {
            *c = code;
        }
        if let Ok(mut r) = self.load_report.lock() {
            r.clear();
        }
        self.generation.fetch_add(1, Ordering::Release);
        self.compile();
    }

    /// Installs the compile environment (from `activate`) and compiles the current code.
    /// The sample index comes from the saved folder, `PHONON_SAMPLES` and the usual places.
    pub fn activate(&self, mut compiler: Compiler) {
        if let Some(folder) = self.sample_folder() {
            compiler.index = Arc::new(BankIndex::discover(Some(std::path::Path::new(&folder))));
        }
        if let Ok(mut c) = self.compiler.write() {
            *c = Some(compiler);
        }
        self.compile();
    }

    /// Compiles the current code; on success queues it for the audio thread, on failure keeps
    /// the old program playing and records the error.
    pub fn compile(&self) {
        let Some(compiler) = self.compiler.read().ok().and_then(|c| c.clone()) else {
            return;
        };
        let code = self.code();
        let opts = CompileOptions {
            beats_per_cycle: compiler.beats_per_cycle,
            macros: compiler.macros.clone(),
            held: compiler.held.clone(),
            history: self.history.clone(),
            dialect: self.language(),
            locations: false,
        };
        let status = match LoadedProgram::compile_with_samples(
            &code,
            &compiler.library,
            &compiler.index,
            &opts,
        ) {
            Ok(p) => {
                if let Ok(mut n) = self.notes.lock() {
                    *n = p.program.notes.join("; ");
                }
                if let Ok(mut d) = self.read_as.lock() {
                    *d = p.program.dialect;
                }
                let named = p.program.macro_names.clone();
                if let Ok(mut n) = self.macro_names.lock() {
                    *n = named;
                }
                self.handoff.submit(p);
                if code != DEFAULT_CODE {
                    self.user_program.store(true, Ordering::Release);
                }
                None
            }
            Err(e) => {
                // A fresh instance whose first real program fails is silent, not the placeholder.
                if !self.user_program.load(Ordering::Acquire) {
                    if let Ok(silent) = LoadedProgram::compile_with("", &compiler.library, &opts) {
                        self.handoff.submit(silent);
                    }
                }
                Some(e)
            }
        };
        let compiled = status.is_none();
        if let Ok(mut s) = self.status.lock() {
            *s = status;
        }
        if compiled {
            self.publish_names();
        }
    }

    /// Plays silence until the next evaluation (the code stays as it is).
    pub fn hush(&self) {
        let Some(compiler) = self.compiler.read().ok().and_then(|c| c.clone()) else {
            return;
        };
        let opts = CompileOptions::new(compiler.beats_per_cycle);
        if let Ok(silent) = LoadedProgram::compile_with("", &compiler.library, &opts) {
            self.handoff.submit(silent);
        }
        if let Ok(mut s) = self.status.lock() {
            *s = None;
        }
    }

    /// What the editor's status shows: the compile error, else what was wrong with the last
    /// state loaded, else that all is well.
    pub fn status(&self) -> Status {
        if let Some(e) = self.status.lock().ok().and_then(|s| s.clone()) {
            return Status::Error(e);
        }
        match self.load_report.lock().map(|s| s.clone()) {
            Ok(report) if !report.is_empty() => Status::Loaded(report),
            _ => match self.notes.lock().map(|s| s.clone()) {
                Ok(notes) if !notes.is_empty() => Status::Note(notes),
                _ => Status::Ok,
            },
        }
    }
}

/// The code's status as the editor shows it: typed, so the editor never reads text back.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Status {
    /// The code compiled.
    #[default]
    Ok,
    /// The last evaluation failed (the previous program keeps playing).
    Error(LangError),
    /// The last state loaded was unusable and the defaults were loaded: what was wrong.
    Loaded(String),
    /// The code compiled, with something the musician should know (`hush`, `setcps` in a DAW,
    /// a stream defined twice).
    Note(String),
}

impl Status {
    /// True when the code compiled (with or without notes).
    pub fn is_ok(&self) -> bool {
        matches!(self, Status::Ok | Status::Note(_))
    }

    /// The compile error, with its line and column.
    pub fn error(&self) -> Option<&LangError> {
        match self {
            Status::Error(e) => Some(e),
            _ => None,
        }
    }
}

impl std::fmt::Display for Status {
    /// The full text: "" when ok, the error with its source line and caret, the load report.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Ok => Ok(()),
            Status::Error(e) => write!(f, "{e}"),
            Status::Loaded(report) => f.write_str(report),
            Status::Note(note) => f.write_str(note),
        }
    }
}

impl<'a> PersistentField<'a, SavedState> for Arc<CodeField> {
    fn set(&self, state: SavedState) {
        // Version 1 had no sample folder (serde default); a newer version's code is still text.
        if let Ok(mut f) = self.sample_folder.write() {
            *f = state.sample_folder.clone();
        }
        if let Ok(mut l) = self.language.write() {
            *l = state.language;
        }
        if let Ok(mut c) = self.compiler.write() {
            if let Some(c) = c.as_mut() {
                c.index = Arc::new(BankIndex::discover(
                    state.sample_folder.as_deref().map(std::path::Path::new),
                ));
            }
        }
        self.set_code(state.code);
        if let Some(report) = state.load_report {
            nice_plug::nice_warn!("{report}");
            if let Ok(mut r) = self.load_report.lock() {
                *r = report;
            }
        }
    }

    fn map<F, R>(&self, f: F) -> R
    where
        F: Fn(&SavedState) -> R,
    {
        f(&SavedState {
            version: STATE_VERSION,
            code: self.code(),
            sample_folder: self.sample_folder(),
            language: self.language(),
            load_report: None,
        })
    }
}
