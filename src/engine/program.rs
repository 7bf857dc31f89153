//! A compiled program bound to a sample library: what the audio thread plays.

use super::graph::Graph;
use crate::lang::{compile_program_with, CompileOptions, LangError, Program};
use crate::pattern::Sym;
use crate::samples::{Library, Sample};
use std::collections::HashMap;
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
}

impl LoadedProgram {
    /// Compiles `source` against `library` (off the audio thread).
    pub fn compile(source: &str, library: &Library, beats_per_cycle: f64) -> Result<Box<LoadedProgram>, LangError> {
        LoadedProgram::compile_with(source, library, &CompileOptions::new(beats_per_cycle))
    }

    /// Compiles `source` with the host's settings (macros, beats per cycle).
    pub fn compile_with(source: &str, library: &Library, opts: &CompileOptions) -> Result<Box<LoadedProgram>, LangError> {
        let program = compile_program_with(source, opts)?;
        let graph = Graph::new(&program.graph, library.sample_rate).map_err(|e| LangError::at(source, 0, e))?;
        let banks = library.banks.iter().map(|(k, v)| (Sym::intern(k), v.clone())).collect();
        Ok(Box::new(LoadedProgram { program, banks, graph, source: source.to_string() }))
    }
}
