//! Live inputs code can read: keys held on the MIDI keyboard (`held`, `gate`).

use crate::pattern::hap::Hap;
use crate::pattern::pattern::signal;
use crate::pattern::time::{next_sam, sam, Span};
use crate::pattern::value::Value;
use crate::pattern::Pattern;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

thread_local! {
    /// True while the compiler samples a pattern to classify it (`is_control_pattern`): `held`
    /// then answers as if middle C were held, so `note held # s "x"` is known to be a pattern of
    /// sounds even when no key is down at compile time. Never set on the audio thread.
    static PROBING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (a compile-time query) with `held` answering as if middle C were held.
pub fn probing<T>(f: impl FnOnce() -> T) -> T {
    let old = PROBING.with(|p| p.replace(true));
    let out = f();
    PROBING.with(|p| p.set(old));
    out
}

/// The MIDI keys held now, as a 128-bit set. Owner: the audio thread writes on note on/off;
/// patterns read it at query time (relaxed atomics).
#[derive(Default)]
pub struct HeldNotes {
    bits: [AtomicU64; 2],
    /// Counts presses and releases, so the engine can tell that the next query differs.
    pub changes: AtomicU64,
}

impl HeldNotes {
    pub fn press(&self, key: u8, down: bool) {
        self.changes.fetch_add(1, Ordering::Relaxed);
        let (w, b) = ((key as usize / 64) & 1, key % 64);
        if down {
            self.bits[w].fetch_or(1 << b, Ordering::Relaxed);
        } else {
            self.bits[w].fetch_and(!(1 << b), Ordering::Relaxed);
        }
    }

    pub fn clear(&self) {
        self.changes.fetch_add(1, Ordering::Relaxed);
        self.bits[0].store(0, Ordering::Relaxed);
        self.bits[1].store(0, Ordering::Relaxed);
    }

    pub fn any(&self) -> bool {
        self.bits[0].load(Ordering::Relaxed) | self.bits[1].load(Ordering::Relaxed) != 0
    }

    /// `held`: one event per cycle for each held key, valued in semitones from middle C
    /// (MIDI 60 = 0, the `note` convention), lowest first.
    pub fn pattern(self: &Arc<Self>) -> Pattern {
        let h = self.clone();
        Pattern::new(move |ctx, span| {
            let mut out = ctx.haps();
            let mut bits = [
                h.bits[0].load(Ordering::Relaxed),
                h.bits[1].load(Ordering::Relaxed),
            ];
            if PROBING.with(|p| p.get()) {
                bits[0] |= 1 << 60;
            }
            span.for_each_cycle(ctx, |s| {
                let whole = Span::new(sam(s.begin), next_sam(s.begin));
                for key in 0..128u32 {
                    if bits[(key / 64) as usize] & (1 << (key % 64)) != 0 {
                        out.push(Hap::new(Some(whole), s, Value::Num(key as f64 - 60.0)));
                    }
                }
            });
            out
        })
    }

    /// `gate`: 1 while any key is held, else 0 (a continuous pattern).
    pub fn gate(self: &Arc<Self>) -> Pattern {
        let h = self.clone();
        signal(move |_| Value::Num(if h.any() { 1.0 } else { 0.0 }))
    }
}
