//! Mini-notation: the string language inside `"..."` (Strudel's krill grammar).

pub mod ast;
pub mod build;
pub mod parse;

pub use build::{mini, mini_at};
pub use parse::MiniError;
