//! The command line's work, as library functions the binary and the tests share.

pub mod bench;
pub mod query;
pub mod render;
