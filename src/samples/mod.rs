//! Sounds: the embedded kit and (later) sample folders, loaded off the audio thread.

pub mod kit;

pub use kit::Sample;

use std::collections::HashMap;
use std::sync::Arc;

/// Every sound a program can name, at one sample rate. Owned off the audio thread; voices hold
/// `Arc` clones of the samples and the library outlives them, so the audio thread never frees one.
pub struct Library {
    pub sample_rate: f32,
    /// Name to variants (`name:0`, `name:1`, ...).
    pub banks: HashMap<String, Vec<Arc<Sample>>>,
}

impl Library {
    /// The embedded kit synthesized at `sample_rate`.
    pub fn with_kit(sample_rate: f32) -> Library {
        let banks = kit::synthesize(sample_rate)
            .into_iter()
            .map(|(name, variants)| (name.to_string(), variants.into_iter().map(Arc::new).collect()))
            .collect();
        Library { sample_rate, banks }
    }
}
