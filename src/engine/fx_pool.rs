//! Memory for the per-event effects that need more than a voice carries inline: `squiz`'s
//! 0.1 s buffer and `comb`'s 2048-point frames, both channels. The engine allocates
//! [`FX_SLOTS`] slots when it is built (off the audio thread); a voice starting with such an
//! effect takes a free slot and holds it until it is dropped. When every slot is taken the voice
//! plays without these effects and [`super::EngineStats::fx_slot_overflows`] counts it.
//!
//! The synths that need long delay lines (`supergrind`: a 1 s and a 0.2 s `DelayC` and a
//! `GVerb`; `superprimes`: nine `GVerb`s; `superwavemechanics`: eight `GVerb`s in 99 m rooms and
//! sixteen `Limiter`s) take a [`SynthPool`] slot instead: [`SYNTH_SLOTS`] buffers of
//! [`super::dirt_synth_more::buffer_len`] samples, allocated with the engine (zeroed pages the
//! system maps as they are first written). A voice starting with none free is silent and
//! [`super::EngineStats::synth_slot_overflows`] counts it.
//!
//! A slot is free when the pool holds its only reference. Taking one clones the reference
//! (no allocation); dropping the voice drops the clone (no free: the pool keeps the slot
//! alive), on whichever thread renders the voice, orphaned voices of a replaced program included.

use crate::dsp::spectral_comb::CombBufs;
use crate::dsp::zeroed::Zeroed;
use std::cell::UnsafeCell;
use std::sync::atomic::{fence, Ordering};
use std::sync::Arc;

/// Slots an engine holds: voices sounding with `squiz` or `comb` at once.
pub const FX_SLOTS: usize = 32;

/// Synth slots an engine holds: voices of the synths with long delay lines sounding at once.
pub const SYNTH_SLOTS: usize = 8;

/// One voice's buffers.
pub struct FxSlot {
    /// `squiz`'s memory, per channel.
    pub squiz: [Zeroed; 2],
    /// `comb`'s frames, per channel.
    pub comb: [CombBufs; 2],
    /// The 2048-point FFT's twiddles (read only).
    pub twiddles: Vec<(f32, f32)>,
}

struct SlotCell<T>(UnsafeCell<T>);

// SAFETY: a slot's contents are reached only through `Held::get`, by the one voice holding
// the `Held` (a voice is rendered by one thread at a time), or through `Pool::take_free` when
// the pool holds the only reference (then no voice can reach it: references are only made by
// `take_free`, on the audio thread).
unsafe impl<T: Send> Sync for SlotCell<T> {}

/// A voice's slot.
pub struct Held<T>(Arc<SlotCell<T>>);

impl<T> Held<T> {
    pub fn get(&mut self) -> &mut T {
        // SAFETY: see `SlotCell`: this `Held` is the only one outside the pool, and `&mut
        // self` makes this the only access through it.
        unsafe { &mut *self.0 .0.get() }
    }
}

/// An engine's slots of one kind.
pub struct Pool<T> {
    slots: Vec<Arc<SlotCell<T>>>,
}

impl<T> Pool<T> {
    pub(super) fn from_fn(n: usize, make: impl FnMut(usize) -> T) -> Pool<T> {
        let mut make = make;
        let slots = (0..n)
            .map(|i| Arc::new(SlotCell(UnsafeCell::new(make(i)))))
            .collect();
        Pool { slots }
    }

    /// A free slot as its last holder left it (`None` when all are taken). Audio thread.
    pub fn take_free(&self) -> Option<Held<T>> {
        let free = self.slots.iter().find(|s| Arc::strong_count(s) == 1)?;
        // The last holder's writes (its `Arc` drop is a release) happen before the taker's.
        fence(Ordering::Acquire);
        Some(Held(free.clone()))
    }
}

/// A voice's effect slot.
pub type SlotRef = Held<FxSlot>;
/// The engine's effect slots.
pub type FxPool = Pool<FxSlot>;
/// A voice's synth buffer (the synth zeroes the part it uses when it starts).
pub type SynthBuf = Held<Zeroed>;
/// The engine's synth buffers.
pub type SynthPool = Pool<Zeroed>;

impl SynthPool {
    /// Allocates [`SYNTH_SLOTS`] buffers for `sample_rate`.
    pub fn new(sample_rate: f32) -> SynthPool {
        let len = super::dirt_synth_more::buffer_len(sample_rate as f64);
        Pool::from_fn(SYNTH_SLOTS, |_| Zeroed::new(len))
    }
}

impl FxPool {
    /// Allocates [`FX_SLOTS`] slots for `sample_rate`.
    pub fn new(sample_rate: f32) -> FxPool {
        FxPool::with_slots(sample_rate, FX_SLOTS)
    }

    pub fn with_slots(sample_rate: f32, n: usize) -> FxPool {
        let len = crate::dsp::squiz::buffer_len(sample_rate);
        Pool::from_fn(n, |_| FxSlot {
            squiz: [Zeroed::new(len), Zeroed::new(len)],
            comb: [CombBufs::new(), CombBufs::new()],
            twiddles: crate::dsp::fft::twiddles(crate::dsp::spectral_comb::N),
        })
    }

    /// A free slot, cleared for a new voice (`None` when all are taken). Audio thread.
    pub fn take(&self) -> Option<SlotRef> {
        let mut slot = self.take_free()?;
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
