//! Macros: eight host-automatable values (`m1`..`m8`, 0..1) that code reads as patterns.

use crate::pattern::pattern::signal;
use crate::pattern::value::Value;
use crate::pattern::Pattern;
use atomic_float::AtomicF32;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Number of macros.
pub const MACROS: usize = 8;

/// The current macro values. Owner: the audio thread writes them at each (sub-)block start,
/// patterns read them at query time (relaxed atomics, no locks).
#[derive(Default)]
pub struct Macros {
    pub values: [AtomicF32; MACROS],
}

impl Macros {
    pub fn set(&self, i: usize, x: f32) {
        if let Some(v) = self.values.get(i) {
            v.store(x, Ordering::Relaxed);
        }
    }

    /// `m1`..`m8`: a continuous pattern of macro `i`'s current value.
    pub fn pattern(self: &Arc<Self>, i: usize) -> Pattern {
        let m = self.clone();
        signal(move |_| Value::Num(m.values[i].load(Ordering::Relaxed) as f64))
    }
}
