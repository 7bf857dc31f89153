//! The states of the synths too big to carry inline in every voice: `superhoover`'s two
//! `CombC`s (two 1024-sample `DelayC`s, 8 KB), `superhex`'s membrane (4.6 KB),
//! `superprimes`' nine voices (6.9 KB) and `superwavemechanics`' eight (7 KB). A voice is an
//! enum sized by its largest synth, and each voice node keeps a ring of voices whose slots
//! become resident as it turns, so one 8 KB synth made every voice of every kind 8 KB larger.
//!
//! The engine allocates [`BIG_SLOTS`] [`BigState`]s when it is built (off the audio thread); a
//! voice of these synths takes a free one when it starts (the synth's constructor writes its
//! state there: no allocation) and frees it when it is dropped. With none free the voice is
//! silent and [`super::EngineStats::big_slot_overflows`] counts it. The synths' arithmetic is
//! the same wherever their state lives.

use super::dirt_synth_primes::Primes;
use super::dirt_synth_wave::WaveMechanics;
use super::fx_pool::{Held, Pool};
use crate::dsp::sc_delay_c::DelayC;
use crate::dsp::sc_membrane::MembraneHexagon;

/// Slots an engine holds: voices of these synths sounding at once.
pub const BIG_SLOTS: usize = 32;

/// One slot's contents (which synth's state, or none).
pub struct BigState(pub(super) Big);

/// The synths' states. (Its size is the point: it lives in a slot allocated with the engine.)
#[allow(clippy::large_enum_variant)]
pub(super) enum Big {
    Free,
    /// `superhoover`'s `CombC`s, one a channel.
    Hoover([DelayC; 2]),
    /// `superhex`'s `MembraneHexagon`.
    Hex(MembraneHexagon),
    Primes(Primes),
    Wave(WaveMechanics),
}

/// The engine's slots.
pub type BigPool = Pool<BigState>;

impl Default for BigPool {
    /// [`BIG_SLOTS`] free slots.
    fn default() -> BigPool {
        BigPool::with_slots(BIG_SLOTS)
    }
}

impl BigPool {
    pub fn with_slots(n: usize) -> BigPool {
        Pool::from_fn(n, |_| BigState(Big::Free))
    }
}

/// A voice's slot, holding its synth's state; dropping it frees the state (and whatever the
/// state holds, such as a synth buffer) and then the slot. Audio thread, no allocation.
pub struct BigSlot(Held<BigState>);

impl BigSlot {
    /// Moves `state` into `held`, a free slot (from [`Pool::take_free`]).
    pub(super) fn new(mut held: Held<BigState>, state: Big) -> BigSlot {
        held.get().0 = state;
        BigSlot(held)
    }

    pub(super) fn get(&mut self) -> &mut Big {
        &mut self.0.get().0
    }
}

impl Drop for BigSlot {
    fn drop(&mut self) {
        // The state's own references (a synth buffer) go back before the slot does.
        self.0.get().0 = Big::Free;
    }
}

/// The most a voice may take (see the test): superdough's voice, the largest source, with
/// its sine modulator's rotation kept between renders (32 bytes).
#[cfg(test)]
const VOICE_BYTES_MAX: usize = 7_360;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every voice is as large as its largest kind of source, and each voice node keeps a ring
    /// of `graph::VOICES_PER_NODE` voices that becomes resident as it turns: when superhoover's
    /// combs (8 KB) were inline, every voice was 11192 bytes and `phonon bench`'s peak resident
    /// memory doubled (saw256 25 -> 49 MB). With their states in slots a voice is 7328 bytes;
    /// the build before them (5a7abb3) had 6192: since then the dough source grew (superdough's
    /// steady path keeps its stretch state; now the largest source), the filters by 408
    /// (SuperCollider's biquads beside the state-variable filters) and the extra effects by 64.
    #[test]
    fn a_voice_stays_small() {
        let size = std::mem::size_of::<crate::engine::voice::Voice>();
        println!("size_of::<Voice>() = {size}");
        assert!(size <= VOICE_BYTES_MAX, "a voice is {size} bytes");
    }

    #[test]
    fn a_slot_is_free_again_when_its_voice_drops_it() {
        let pool = BigPool::with_slots(1);
        let comb = || Big::Hoover([DelayC::new(0.001, 48_000.0), DelayC::new(0.001, 48_000.0)]);
        let a = BigSlot::new(pool.take_free().expect("a free slot"), comb());
        assert!(pool.take_free().is_none(), "the only slot is taken");
        drop(a);
        let mut held = pool.take_free().expect("freed");
        assert!(
            matches!(held.get().0, Big::Free),
            "the state went with its voice"
        );
        let mut b = BigSlot::new(held, comb());
        assert!(matches!(b.get(), Big::Hoover(_)));
    }
}
