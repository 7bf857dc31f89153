//! The Phonon language: source text to a checked [`Program`] (off the audio thread).

pub mod ast;
pub mod builtins;
pub mod error;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod value;

pub use error::LangError;
pub use eval::{
    compile_program, compile_program_with, language_names, CompileOptions, Program, SoundStage,
};

use crate::pattern::Pattern;

/// Compiles a single expression to a pattern (for `phonon query` and tests).
pub fn compile_expr(src: &str) -> Result<Pattern, LangError> {
    pattern_of(src, &parser::parse_expr(src)?)
}

/// Compiles a single Strudel expression to a pattern (`s("bd sd").fast(2)`).
pub fn compile_strudel_expr(src: &str) -> Result<Pattern, LangError> {
    pattern_of(src, &strudel::parse_expr(src)?)
}

/// The pattern an expression of `src` evaluates to.
fn pattern_of(src: &str, e: &ast::Expr) -> Result<Pattern, LangError> {
    let v = eval::eval(&eval::Env::new(), e).map_err(|err| eval::at(src, e, err))?;
    v.to_pat().map_err(|err| eval::at(src, e, err))
}
pub mod arp;
pub mod graph;
pub mod live;
pub mod live_tags;
pub mod macros;
pub mod names;
pub mod sampling;
pub mod signals;
pub mod streams;
pub mod strudel;
pub mod tidal_builtins;
pub mod tidal_samples;
pub mod views;
