//! Memory for the per-event effects that need more than a voice carries inline: `squiz`'s
//! 0.1 s buffer and `comb`'s 2048-point frames, both channels. The engine allocates
//! [`FX_SLOTS`] slots when it is built (off the audio thread); a voice starting with such an
//! effect takes a free slot and holds it until it is dropped. When every slot is taken the voice
//! plays without these effects and [`super::EngineStats::fx_slot_overflows`] counts it.
//!
//! A slot is free when the pool holds its only reference. Taking one clones the reference
//! (no allocation); dropping the voice drops the clone (no free: the pool keeps the slot
//! alive), on whichever thread renders the voice, orphaned voices of a replaced program included.

use crate::dsp::spectral_comb::CombBufs;
use std::cell::UnsafeCell;
use std::sync::atomic::{fence, Ordering};
use std::sync::Arc;

/// Slots an engine holds: voices sounding with `squiz` or `comb` at once.
pub const FX_SLOTS: usize = 32;

/// One voice's buffers.
pub struct FxSlot {
    /// `squiz`'s memory, per channel.
    pub squiz: [Vec<f32>; 2],
    /// `comb`'s frames, per channel.
    pub comb: [CombBufs; 2],
    /// The 2048-point FFT's twiddles (read only).
    pub twiddles: Vec<(f32, f32)>,
}

struct SlotCell(UnsafeCell<FxSlot>);

// SAFETY: a slot's contents are reached only through `SlotRef::get`, by the one voice holding
// the `SlotRef` (a voice is rendered by one thread at a time), or through `FxPool::take` when
// the pool holds the only reference (then no voice can reach it: references are only made by
// `take`, on the audio thread).
unsafe impl Sync for SlotCell {}

/// A voice's slot.
pub struct SlotRef(Arc<SlotCell>);

impl SlotRef {
    pub fn get(&mut self) -> &mut FxSlot {
        // SAFETY: see `SlotCell`: this `SlotRef` is the only one outside the pool, and `&mut
        // self` makes this the only access through it.
        unsafe { &mut *self.0 .0.get() }
    }
}

/// The engine's slots.
pub struct FxPool {
    slots: Vec<Arc<SlotCell>>,
}

impl FxPool {
    /// Allocates [`FX_SLOTS`] slots for `sample_rate`.
    pub fn new(sample_rate: f32) -> FxPool {
        FxPool::with_slots(sample_rate, FX_SLOTS)
    }

    pub fn with_slots(sample_rate: f32, n: usize) -> FxPool {
        let len = crate::dsp::squiz::buffer_len(sample_rate);
        let slots = (0..n)
            .map(|_| {
                Arc::new(SlotCell(UnsafeCell::new(FxSlot {
                    squiz: [vec![0.0; len], vec![0.0; len]],
                    comb: [CombBufs::new(), CombBufs::new()],
                    twiddles: crate::dsp::fft::twiddles(crate::dsp::spectral_comb::N),
                })))
            })
            .collect();
        FxPool { slots }
    }

    /// A free slot, cleared for a new voice (`None` when all are taken). Audio thread.
    pub fn take(&self) -> Option<SlotRef> {
        let free = self.slots.iter().find(|s| Arc::strong_count(s) == 1)?;
        // The last holder's writes (its `Arc` drop is a release) happen before the clearing.
        fence(Ordering::Acquire);
        let mut slot = SlotRef(free.clone());
        let s = slot.get();
        for b in s.squiz.iter_mut() {
            b.fill(0.0);
        }
        for c in s.comb.iter_mut() {
            c.clear();
        }
        Some(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_reused_after_their_voice_ends() {
        let pool = FxPool::with_slots(48_000.0, 2);
        let mut a = pool.take().unwrap();
        a.get().squiz[0][5] = 1.0;
        let b = pool.take().unwrap();
        assert!(pool.take().is_none());
        drop(a);
        let mut c = pool.take().unwrap();
        assert_eq!(c.get().squiz[0][5], 0.0, "a taken slot is cleared");
        drop((b, c));
    }
}
