//! The Phonon language: source text to a checked [`Program`] (off the audio thread).

pub mod ast;
pub mod builtins;
pub mod error;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod value;

pub use error::LangError;
pub use eval::{compile_program, compile_program_with, language_names, CompileOptions, Program};

use crate::pattern::Pattern;

/// Compiles a single expression to a pattern (for `phonon query` and tests).
pub fn compile_expr(src: &str) -> Result<Pattern, LangError> {
    let e = parser::parse_expr(src)?;
    let env = eval::Env::new();
    let v = eval::eval(&env, &e).map_err(|err| eval::at(src, &e, err))?;
    v.to_pat().map_err(|err| eval::at(src, &e, err))
}
pub mod arp;
pub mod graph;
pub mod live;
pub mod macros;
pub mod names;
pub mod sampling;
pub mod signals;
pub mod streams;
pub mod strudel_builtins;
pub mod tidal_builtins;
pub mod tidal_samples;
