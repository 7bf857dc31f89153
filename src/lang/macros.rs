//! Macros: eight host-automatable values (`m1`..`m8`, 0..1) that code reads as patterns, and
//! the MIDI CC input (all 128 controllers, 0..1) that Tidal's `cF 0.5 "21"` reads.

use crate::pattern::pattern::signal;
use crate::pattern::value::Value;
use crate::pattern::Pattern;
use atomic_float::AtomicF32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Number of macros.
pub const MACROS: usize = 8;

/// MIDI controllers read by number (`cF 0 "21"`).
pub const CCS: usize = 128;

/// The current macro values. Owner: the audio thread writes them at each (sub-)block start,
/// patterns read them at query time (relaxed atomics, no locks).
pub struct Macros {
    pub values: [AtomicF32; MACROS],
    /// MIDI CC values (0..1), NaN until a controller first moves.
    pub ccs: Box<[AtomicF32]>,
    /// Counts value changes, so the engine can tell that the next query differs.
    pub changes: AtomicU64,
}

impl Default for Macros {
    fn default() -> Macros {
        Macros {
            values: Default::default(),
            ccs: (0..CCS).map(|_| AtomicF32::new(f32::NAN)).collect(),
            changes: AtomicU64::new(0),
        }
    }
}

impl Macros {
    /// A MIDI controller moved (real-time safe).
    pub fn set_cc(&self, cc: usize, x: f32) {
        if let Some(v) = self.ccs.get(cc) {
            if v.swap(x, Ordering::Relaxed).to_bits() != x.to_bits() {
                self.changes.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Tidal's `cF default "cc"`: a continuous pattern of controller `cc`'s value (0..1), or
    /// `default` until it first moves; `scale` maps it (`cI`: 0..127 whole numbers).
    pub fn cc_pattern(self: &Arc<Self>, cc: usize, default: f64, scale: fn(f64) -> f64) -> Pattern {
        let m = self.clone();
        signal(move |_| {
            let v = m
                .ccs
                .get(cc)
                .map_or(f32::NAN, |v| v.load(Ordering::Relaxed));
            Value::Num(if v.is_nan() { default } else { scale(v as f64) })
        })
    }

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
