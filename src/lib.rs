//! Phonon: TidalCycles-style live-coded patterns inside the DAW.
//!
//! Layers (imports only towards the core): [`pattern`] <- [`lang`] <- [`engine`] <- [`plugin`]
//! and the CLI (`src/bin/phonon.rs`); [`samples`] and [`dsp`] are leaves.

pub mod cli;
pub mod dsp;
pub mod engine;
pub mod examples;
pub mod lang;
pub mod pattern;
pub mod plugin;
pub mod samples;
