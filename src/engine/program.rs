//! A compiled program bound to a sample library: what the audio thread plays.

use super::graph::Graph;
use crate::lang::strudel::Dialect;
use crate::lang::{compile_program_with, CompileOptions, LangError, Program};
use crate::pattern::Sym;
use crate::samples::bank::unknown_sample;
use crate::samples::standins::{split_target, stand_in, STAND_INS};
use crate::samples::BankIndex;
use crate::samples::{Library, Sample};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// A program ready for the audio thread.
pub struct LoadedProgram {
    pub program: Program,
    /// Sample banks by interned name (lookups on the audio thread do not allocate).
    pub banks: HashMap<Sym, Vec<Arc<Sample>>>,
    /// The signal graph with its buffers and state (mutated by the audio thread).
    pub graph: Graph,
    /// The source it was compiled from.
    pub source: String,
    /// The live inputs its patterns read (macros, held MIDI keys).
    pub inputs: CompileOptions,
    /// Strudel's `bank`: `(bank, s)` to the sound `<bank>_<s>` (see [`bank_names`]).
    pub bank_names: HashMap<(Sym, Sym), Sym>,
    /// The distinct `s` (with `bank`) its voice patterns play in their first 16 cycles.
    pub sounds: Vec<(Sym, Option<Sym>)>,
    /// The built-in sounds standing in for names no sample folder has, as played in the first
    /// 16 cycles (each is also one of the program's notes).
    pub stand_ins: Vec<StandIn>,
}

/// A sound name that plays another sound because no sample folder has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandIn {
    /// The name as played (`gm_acoustic_bass`; with a `bank`, `<bank>_<s>`).
    pub name: String,
    /// What plays instead (`bass`; with a `bank`, the plain `s`).
    pub plays: String,
    /// True for a `bank` whose `<bank>_<s>` exists nowhere (the plain `s` plays).
    pub bank_fallback: bool,
    /// The sample folders searched (none when the program was compiled without an index).
    pub searched: Vec<std::path::PathBuf>,
}

impl StandIn {
    /// The bank of a bank fall-back (`AkaiLinn` of `AkaiLinn_bd`).
    pub fn bank(&self) -> Option<&str> {
        self.bank_fallback.then(|| {
            self.name
                .strip_suffix(&format!("_{}", self.plays))
                .unwrap_or(&self.name)
        })
    }

    /// " in /a, /b": the folders searched, or nothing.
    fn looked(&self) -> String {
        if self.searched.is_empty() {
            return String::new();
        }
        let list: Vec<String> = self
            .searched
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        format!(" in {}", list.join(", "))
    }

    /// Why a bank fall-back's bank has no such sound.
    fn why_not(bank: &str, what: &str) -> String {
        let machine = crate::samples::kit::bank_alias(bank).unwrap_or(bank);
        if crate::samples::kit::machine_names().any(|m| m == machine) {
            format!("the built-in `{machine}` has {what}")
        } else {
            format!("`{bank}` is not a built-in drum machine")
        }
    }
}

/// The notes for `list`: one a stand-in, except that a bank's several fall-backs make one note
/// ("bank `AkaiLinn`: `bd`, `sd` play without it ...").
pub fn stand_in_notes(list: &[StandIn]) -> Vec<String> {
    let mut out = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for s in list {
        let Some(bank) = s.bank() else {
            out.push(s.to_string());
            continue;
        };
        let same: Vec<&StandIn> = list.iter().filter(|o| o.bank() == Some(bank)).collect();
        if same.len() == 1 {
            out.push(s.to_string());
        } else if !done.contains(&bank) {
            done.push(bank);
            let sounds: Vec<String> = same.iter().map(|o| format!("`{}`", o.plays)).collect();
            out.push(format!(
                "bank `{bank}`: {} play without it (no sample folders `{bank}_...`{}, and {})",
                sounds.join(", "),
                s.looked(),
                StandIn::why_not(bank, "none of them")
            ));
        }
    }
    out
}

impl std::fmt::Display for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, plays) = (&self.name, &self.plays);
        let looked = self.looked();
        if let Some(bank) = self.bank() {
            let why = StandIn::why_not(bank, &format!("no `{plays}`"));
            write!(
                f,
                "`{name}` plays `{plays}` (no sample folder `{name}`{looked}, and {why})"
            )
        } else {
            write!(
                f,
                "`{name}` plays the built-in `{plays}` (no sample folder `{name}`{looked})"
            )
        }
    }
}

/// The pairs `(bank, s)` whose sound `<bank>_<s>` is one of `names` (split at each `_`), with
/// the bank's aliases (`tr808` and `TR808` for `RolandTR808`), each to that sound's name.
pub fn bank_names<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<(Sym, Sym), Sym> {
    let mut out = HashMap::new();
    for name in names {
        let full = Sym::intern(name);
        for (i, _) in name.match_indices('_') {
            let (bank, s) = (&name[..i], &name[i + 1..]);
            if bank.is_empty() || s.is_empty() {
                continue;
            }
            let s = Sym::intern(s);
            out.insert((Sym::intern(bank), s), full);
            for (alias, b) in crate::samples::kit::BANK_ALIASES {
                if b == bank {
                    out.insert((Sym::intern(alias), s), full);
                    out.insert((Sym::intern(&alias.to_ascii_lowercase()), s), full);
                }
            }
        }
    }
    out
}

impl LoadedProgram {
    /// Changes to the live inputs so far: when it moves, queried events may be out of date.
    pub fn inputs_generation(&self) -> u64 {
        let (m, h) = (
            self.inputs.macros.changes.load(Ordering::Relaxed),
            self.inputs.held.changes.load(Ordering::Relaxed),
        );
        m.wrapping_add(h)
    }

    /// Compiles `source` against `library` (off the audio thread).
    pub fn compile(
        source: &str,
        library: &Library,
        beats_per_cycle: f64,
    ) -> Result<Box<LoadedProgram>, LangError> {
        LoadedProgram::compile_with(source, library, &CompileOptions::new(beats_per_cycle))
    }

    /// Compiles `source`, first loading the banks of `index` that its strings name (words in
    /// string literals that are bank names), so `s "breaks125"` finds a sample folder.
    /// Sound names the program plays that exist nowhere are reported with where Phonon looked.
    pub fn compile_with_samples(
        source: &str,
        library: &Library,
        index: &BankIndex,
        opts: &CompileOptions,
    ) -> Result<Box<LoadedProgram>, LangError> {
        let mut lib = library.clone();
        let program = compile_program_with(source, opts)?;
        let dialect = program.dialect;
        // Strudel's `samples(...)`: packs and sample maps found on disk join the index.
        let packs = crate::samples::packs::resolve(&program.sample_sources, index.roots());
        let extended;
        let index = if packs.banks.is_empty() {
            index
        } else {
            extended = index.with_banks(packs.banks);
            &extended
        };
        let quoted = double_quoted(source, dialect);
        let all: std::collections::HashSet<&str> = string_words(&quoted).collect();
        let mut words: Vec<&str> = all
            .iter()
            .copied()
            .filter(|w| index.get(w).is_some())
            .collect();
        // Strudel's `bank`: a folder `<bank>_<s>` when the program names both (or an alias).
        for name in index.names() {
            let named = name.match_indices('_').any(|(i, _)| {
                let (bank, s) = (&name[..i], &name[i + 1..]);
                all.contains(s)
                    && (all.contains(bank)
                        || all
                            .iter()
                            .any(|w| crate::samples::kit::bank_alias(w) == Some(bank)))
            });
            if named {
                words.push(name);
            }
        }
        let errors = lib.load_banks(index, &words);
        if let Some(e) = errors.first() {
            return Err(LangError::at(source, 0, e.to_string()));
        }
        let mut p = LoadedProgram::bind(program, source, &lib, opts, index.roots())?;
        p.program.notes.extend(packs.notes);
        let unknown = p.graph.unknown_sounds(&p.sounds, &p.banks, &p.bank_names);
        let known = || lib.names();
        match dialect {
            // Tidal code: an error at the name (SuperDirt would only log it, unseen).
            Dialect::Tidal => {
                if let Some(name) = unknown.first() {
                    let offset = word_in_strings(source, name).unwrap_or(0);
                    return Err(LangError::at(
                        source,
                        offset,
                        unknown_sample(name, known(), index).to_string(),
                    ));
                }
            }
            // Strudel code plays on without a sound it cannot find, as strudel.cc does
            // ("sound x not found"); the note says which and where Phonon looked.
            Dialect::Strudel => {
                for name in &unknown {
                    let line = word_in_strings(source, name)
                        .map(|at| LangError::at(source, at, "").line)
                        .map_or(String::new(), |l| format!(" (line {l})"));
                    p.program.notes.push(format!(
                        "`{name}`{line} plays nothing, as in Strudel when a sound is missing: {}",
                        unknown_sample(name, known(), index)
                    ));
                }
            }
        }
        Ok(p)
    }

    /// Compiles `source` with the host's settings (macros, beats per cycle).
    pub fn compile_with(
        source: &str,
        library: &Library,
        opts: &CompileOptions,
    ) -> Result<Box<LoadedProgram>, LangError> {
        LoadedProgram::from_program(compile_program_with(source, opts)?, source, library, opts)
    }

    /// Binds an already compiled `program` (from either front-end; its
    /// [`Program::sound_stage`] chooses the output stage) to `library`.
    pub fn from_program(
        program: Program,
        source: &str,
        library: &Library,
        opts: &CompileOptions,
    ) -> Result<Box<LoadedProgram>, LangError> {
        LoadedProgram::bind(program, source, library, opts, &[])
    }

    fn bind(
        program: Program,
        source: &str,
        library: &Library,
        opts: &CompileOptions,
        searched: &[std::path::PathBuf],
    ) -> Result<Box<LoadedProgram>, LangError> {
        let mut graph = Graph::new(&program.graph, library.sample_rate)
            .map_err(|e| LangError::at(source, 0, e))?;
        graph.set_sound_stage(program.sound_stage);
        let sounds = graph.sounds();
        // A library that leaves the kit to compile time gets the kit's sounds the program may
        // play here.
        let with_kit;
        let library = if library.kit_later() {
            with_kit = library.with_kit_names(&kit_names_reached(source, program.dialect, &sounds));
            &with_kit
        } else {
            library
        };
        // A library that leaves the drum machines to compile time gets them here when the
        // program may name one: in its source or among the sounds it plays.
        let with_machines;
        let library = if library.machines_later() && names_machine(source, &sounds) {
            with_machines = library.with_machines();
            &with_machines
        } else {
            library
        };
        let mut banks: HashMap<Sym, Vec<Arc<Sample>>> = library
            .banks
            .iter()
            .map(|(k, v)| (Sym::intern(k), v.clone()))
            .collect();
        // Stand-ins whose built-in sound is a bank (synths: `Keys::fallback_synths`).
        for (name, target) in STAND_INS {
            if library.banks.contains_key(*name) {
                continue;
            }
            let (bank, variant) = split_target(target);
            if let Some(b) = library.banks.get(bank).filter(|b| !b.is_empty()) {
                let v = match variant {
                    Some(i) => vec![b[i % b.len()].clone()],
                    None => b.clone(),
                };
                banks.insert(Sym::intern(name), v);
            }
        }
        let bank_names = bank_names(library.banks.keys().map(String::as_str));
        let mut stand_ins = stand_ins_played(&sounds, library, &banks, &bank_names);
        stand_ins.extend(machine_drums_named(&sounds, &mut banks));
        for s in stand_ins.iter_mut() {
            s.searched = searched.to_vec();
        }
        let mut program = program;
        program.notes.extend(stand_in_notes(&stand_ins));
        Ok(Box::new(LoadedProgram {
            program,
            banks,
            graph,
            source: source.to_string(),
            inputs: opts.clone(),
            bank_names,
            sounds,
            stand_ins,
        }))
    }
}

/// A drum machine's sound named in full (Strudel's `s("linndrum_bd")`, tidal-drum-machines'
/// names) that no folder or built-in machine has: the plain drum plays in its place, as
/// `.bank("linndrum")` plays it, and the note says so. Adds those banks to `banks`.
fn machine_drums_named(
    sounds: &[(Sym, Option<Sym>)],
    banks: &mut HashMap<Sym, Vec<Arc<Sample>>>,
) -> Vec<StandIn> {
    let mut out = Vec::new();
    for &(s, bank) in sounds {
        if bank.is_some() || banks.contains_key(&s) {
            continue;
        }
        let Some((machine, drum)) = s.text().rsplit_once('_') else {
            continue;
        };
        if machine.is_empty() || !crate::samples::kit::MACHINE_SOUNDS.contains(&drum) {
            continue;
        }
        if let Some(b) = banks.get(&Sym::intern(drum)).cloned() {
            banks.insert(s, b);
            out.push(StandIn {
                name: s.text().to_string(),
                plays: drum.to_string(),
                bank_fallback: true,
                searched: vec![],
            });
        }
    }
    out
}

/// Whether a program may play a built-in drum machine ([`crate::samples::kit::names_machine`]):
/// its source names one, or a sound or bank it plays in its first 16 cycles does, or the
/// stand-in of such a sound is a machine's (`808bd` plays `RolandTR808_bd`).
fn names_machine(source: &str, sounds: &[(Sym, Option<Sym>)]) -> bool {
    use crate::samples::kit::names_machine as names;
    names(source)
        || sounds.iter().any(|(s, b)| {
            names(s.text())
                || b.is_some_and(|b| names(b.text()))
                || stand_in(s.text()).is_some_and(names)
        })
}

/// The embedded kit's names a program may play: a word of its strings (Strudel's quoted with
/// `'` and `` ` `` too), a sound or bank it plays in its first 16 cycles, or the target of a
/// stand-in among those (`sd` plays the kit's `sn`). Errs on the side of yes.
fn kit_names_reached(
    source: &str,
    dialect: Dialect,
    sounds: &[(Sym, Option<Sym>)],
) -> Vec<&'static str> {
    let quoted = double_quoted(source, dialect);
    let mut words: std::collections::HashSet<&str> = string_words(&quoted).collect();
    for (s, b) in sounds {
        words.insert(s.text());
        if let Some(b) = b {
            words.insert(b.text());
        }
    }
    let targets: Vec<&str> = words
        .iter()
        .filter_map(|w| stand_in(w))
        .map(|t| split_target(t).0)
        .collect();
    words.extend(targets);
    let kit = crate::samples::kit::names();
    kit.iter().copied().filter(|n| words.contains(n)).collect()
}

/// The stand-ins among `sounds`: a `bank` whose `<bank>_<s>` exists nowhere (the plain `s`
/// plays, when it plays at all), and names of [`STAND_INS`] no bank of `library` has.
fn stand_ins_played(
    sounds: &[(Sym, Option<Sym>)],
    library: &Library,
    banks: &HashMap<Sym, Vec<Arc<Sample>>>,
    bank_names: &HashMap<(Sym, Sym), Sym>,
) -> Vec<StandIn> {
    let mut out: Vec<StandIn> = Vec::new();
    let synth = |name: &str| crate::engine::synth::SynthKind::from_name(name).is_some();
    // Whether `s` plays: a bank, a synth, or a stand-in played by a synth.
    let plays =
        |s: Sym| banks.contains_key(&s) || synth(s.text()) || stand_in(s.text()).is_some_and(synth);
    for &(s, bank) in sounds {
        let mut name = s;
        if let Some(b) = bank {
            match bank_names.get(&(b, s)) {
                Some(full) => name = *full,
                None if plays(s) => out.push(StandIn {
                    name: format!("{}_{}", b.text(), s.text()),
                    plays: s.text().to_string(),
                    bank_fallback: true,
                    searched: vec![],
                }),
                None => {}
            }
        }
        if let Some(target) = stand_in(name.text()) {
            if !library.banks.contains_key(name.text()) && plays(name) {
                out.push(StandIn {
                    name: name.text().to_string(),
                    plays: target.to_string(),
                    bank_fallback: false,
                    searched: vec![],
                });
            }
        }
    }
    out.dedup();
    let mut seen = Vec::new();
    out.retain(|s| {
        let new = !seen.contains(&s.name);
        seen.push(s.name.clone());
        new
    });
    out
}

/// The offset of the first whole-word `name` inside a string literal.
fn word_in_strings(source: &str, name: &str) -> Option<usize> {
    let mut offset = 0;
    for (k, part) in source.split('"').enumerate() {
        if k % 2 == 1 {
            let mut from = 0;
            while let Some(i) = part[from..].find(name) {
                let (a, b) = (from + i, from + i + name.len());
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                if !word(part[..a].chars().last()) && !word(part[b..].chars().next()) {
                    return Some(offset + a);
                }
                from = b;
            }
        }
        offset += part.len() + 1;
    }
    None
}

/// `source` with every string in double quotes, for [`string_words`]: Strudel's strings may
/// also be quoted with `'` and `` ` ``.
fn double_quoted(source: &str, dialect: Dialect) -> std::borrow::Cow<'_, str> {
    match dialect {
        Dialect::Strudel => std::borrow::Cow::Owned(source.replace(['\'', '`'], "\"")),
        Dialect::Tidal => std::borrow::Cow::Borrowed(source),
    }
}

/// The words inside string literals (candidate sound names).
fn string_words(source: &str) -> impl Iterator<Item = &str> {
    source
        .split('"')
        .skip(1)
        .step_by(2)
        .flat_map(|s| s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')))
        .filter(|w| !w.is_empty())
}
