//! Macros: eight host-automatable values (`m1`..`m8`, 0..1) that code reads as patterns.

use crate::pattern::pattern::signal;
use crate::pattern::value::Value;
use crate::pattern::Pattern;
use atomic_float::AtomicF32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Number of macros.
pub const MACROS: usize = 8;

/// The current macro values. Owner: the audio thread writes them at each (sub-)block start,
/// patterns read them at query time (relaxed atomics, no locks).
#[derive(Default)]
pub struct Macros {
    pub values: [AtomicF32; MACROS],
    /// Counts value changes, so the engine can tell that the next query differs.
    pub changes: AtomicU64,
}

impl Macros {
    pub fn set(&self, i: usize, x: f32) {
        if let Some(v) = self.values.get(i) {
            if v.swap(x, Ordering::Relaxed) != x {
                self.changes.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// `m1`..`m8`: a continuous pattern of macro `i`'s current value.
    pub fn pattern(self: &Arc<Self>, i: usize) -> Pattern {
        let m = self.clone();
        signal(move |_| Value::Num(m.values[i].load(Ordering::Relaxed) as f64))
    }
}
