//! The cycle at which a program starts playing, set by the audio thread when it installs the
//! program: Tidal's `now` for transitions and `once`, exact on the host's timeline.

use super::time::Time;
use std::sync::atomic::{AtomicI64, Ordering};

/// A time set once (lock-free; `den == 0` until it is set).
#[derive(Debug, Default)]
pub struct NowCell {
    num: AtomicI64,
    den: AtomicI64,
}

impl NowCell {
    /// The time, once set.
    pub fn get(&self) -> Option<Time> {
        let den = self.den.load(Ordering::Acquire);
        (den != 0).then(|| Time::new_raw(self.num.load(Ordering::Relaxed), den))
    }

    /// Sets the time unless it is set already (real-time safe).
    pub fn set_once(&self, t: Time) {
        if self.den.load(Ordering::Relaxed) == 0 {
            self.num.store(*t.numer(), Ordering::Relaxed);
            self.den.store(*t.denom(), Ordering::Release);
        }
    }

    pub fn is_set(&self) -> bool {
        self.den.load(Ordering::Relaxed) != 0
    }
}
