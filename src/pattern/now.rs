//! The cycle at which a program starts playing, set by the audio thread when it installs the
//! program: Tidal's `now` for transitions and `once`, exact on the host's timeline.

use super::time::Time;
use std::sync::atomic::{AtomicI64, Ordering};

thread_local! {
    static PROBING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (a compile-time probe) with unset cells reading as cycle 0.
pub fn probing<T>(f: impl FnOnce() -> T) -> T {
    let before = PROBING.with(|p| p.replace(true));
    let r = f();
    PROBING.with(|p| p.set(before));
    r
}

/// A time set once (lock-free; `den == 0` until it is set).
#[derive(Debug, Default)]
pub struct NowCell {
    num: AtomicI64,
    den: AtomicI64,
}

impl NowCell {
    /// The time, once set (while the compiler probes a pattern, an unset time reads as 0, so
    /// a transition or a trigger is seen to play what it will play).
    pub fn get(&self) -> Option<Time> {
        let den = self.den.load(Ordering::Acquire);
        if den == 0 {
            return PROBING.with(|p| p.get()).then(|| Time::from_integer(0));
        }
        Some(Time::new_raw(self.num.load(Ordering::Relaxed), den))
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
