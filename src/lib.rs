//! Phonon: TidalCycles-style live-coded patterns inside the DAW.
//!
//! Layers (imports only towards the core): [`pattern`] <- [`lang`] <- [`engine`] <- [`plugin`]
//! and the CLI (`src/bin/phonon.rs`); [`samples`] and [`dsp`] are leaves.

pub mod pattern;
pub mod lang;
pub mod engine;
pub mod samples;
pub mod cli;
pub mod plugin;
pub mod dsp;
