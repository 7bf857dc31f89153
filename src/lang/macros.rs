//! Macros: eight host-automatable values (`m1`..`m8`, 0..1) that code reads as patterns, and
//! the MIDI CC input (all 128 controllers, 0..1) that Tidal's `cF 0.5 "21"` reads.

use super::value::{func2, EvalError, Val};
use crate::pattern::pattern::signal;
use crate::pattern::value::Value;
use crate::pattern::Pattern;
use atomic_float::AtomicF32;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Number of macros.
pub const MACROS: usize = 8;

/// The names the code gives the macros (`macro 1 "cutoff"`), `None` where it gives none.
pub type MacroNames = [Option<String>; MACROS];

/// Longest macro name kept, in characters (a host shows a few; CLAP's names hold 255 bytes).
pub const NAME_CHARS: usize = 32;

/// Installs `macro k "name"`: macro `k`'s pattern (`k` from 1, as `m<k>`), naming it `name`
/// in `names` (the last name given wins).
pub fn install_naming(
    table: &mut HashMap<&'static str, Val>,
    macros: &Arc<Macros>,
    names: &Rc<RefCell<MacroNames>>,
) {
    let (macros, names) = (macros.clone(), names.clone());
    table.insert(
        "macro",
        func2(move |k, name| {
            let usage = || EvalError::new(format!("`macro` takes a macro's number (1 to {MACROS}) and its name, as in `macro 1 \"cutoff\"`"));
            let k = k.to_num().map_err(|_| usage())?;
            if !(k.fract() == 0.0 && (1.0..=MACROS as f64).contains(&k)) {
                return Err(usage());
            }
            let Val::Str(name, _) = name else {
                return Err(usage());
            };
            let name: String = name.trim().chars().take(NAME_CHARS).collect();
            let i = k as usize - 1;
            names.borrow_mut()[i] = (!name.is_empty()).then_some(name);
            Ok(Val::Pat(macros.pattern(i)))
        }),
    );
}

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
