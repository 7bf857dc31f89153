//! A compiled program bound to a sample library: what the audio thread plays.

use super::graph::Graph;
use crate::lang::{compile_program, LangError, Program};
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
        let program = compile_program(source, beats_per_cycle)?;
        let graph = Graph::new(&program.graph).map_err(|e| LangError::at(source, 0, e))?;
        let banks = library.banks.iter().map(|(k, v)| (Sym::intern(k), v.clone())).collect();
        Ok(Box::new(LoadedProgram { program, banks, graph, source: source.to_string() }))
    }
}
