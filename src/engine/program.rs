//! A compiled program bound to a sample library: what the audio thread plays.

use super::graph::Graph;
use crate::lang::{compile_program_with, CompileOptions, LangError, Program};
use crate::pattern::Sym;
use crate::samples::bank::unknown_sample;
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
        let words: Vec<&str> = string_words(source)
            .filter(|w| index.get(w).is_some())
            .collect();
        let errors = lib.load_banks(index, &words);
        if let Some(e) = errors.first() {
            return Err(LangError::at(source, 0, e.to_string()));
        }
        let p = LoadedProgram::compile_with(source, &lib, opts)?;
        if let Some(name) = p.graph.unknown_sounds(&p.banks).into_iter().next() {
            let known = lib.banks.keys().map(|k| k.as_str());
            let offset = word_in_strings(source, &name).unwrap_or(0);
            return Err(LangError::at(
                source,
                offset,
                unknown_sample(&name, known, index).to_string(),
            ));
        }
        Ok(p)
    }

    /// Compiles `source` with the host's settings (macros, beats per cycle).
    pub fn compile_with(
        source: &str,
        library: &Library,
        opts: &CompileOptions,
    ) -> Result<Box<LoadedProgram>, LangError> {
        let program = compile_program_with(source, opts)?;
        LoadedProgram::from_program(program, source, library, opts)
    }

    /// Binds an already compiled `program` (from either front-end; its
    /// [`Program::sound_stage`] chooses the output stage) to `library`.
    pub fn from_program(
        program: Program,
        source: &str,
        library: &Library,
        opts: &CompileOptions,
    ) -> Result<Box<LoadedProgram>, LangError> {
        let mut graph = Graph::new(&program.graph, library.sample_rate)
            .map_err(|e| LangError::at(source, 0, e))?;
        graph.set_sound_stage(program.sound_stage);
        let banks = library
            .banks
            .iter()
            .map(|(k, v)| (Sym::intern(k), v.clone()))
            .collect();
        Ok(Box::new(LoadedProgram {
            program,
            banks,
            graph,
            source: source.to_string(),
            inputs: opts.clone(),
        }))
    }
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

/// The words inside string literals (candidate sound names).
fn string_words(source: &str) -> impl Iterator<Item = &str> {
    source
        .split('"')
        .skip(1)
        .step_by(2)
        .flat_map(|s| s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')))
        .filter(|w| !w.is_empty())
}
