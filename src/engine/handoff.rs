//! Real-time hand-off of compiled programs (docs/ARCHITECTURE.md): new programs reach the audio thread
//! through one lock-free queue, replaced ones leave through another and are dropped elsewhere.

use super::program::LoadedProgram;
use crossbeam_queue::ArrayQueue;

/// The two queues between the compiling thread and the audio thread.
pub struct Handoff {
    incoming: ArrayQueue<Box<LoadedProgram>>,
    retired: ArrayQueue<Box<LoadedProgram>>,
}

impl Default for Handoff {
    fn default() -> Self {
        Handoff::new()
    }
}

impl Handoff {
    pub fn new() -> Handoff {
        Handoff {
            incoming: ArrayQueue::new(4),
            retired: ArrayQueue::new(8),
        }
    }

    /// Non-audio thread: queues a program; frees retired ones first. When the queue is full the
    /// oldest waiting program is replaced (the newest code wins).
    pub fn submit(&self, p: Box<LoadedProgram>) {
        self.collect_garbage();
        if let Some(old) = self.incoming.force_push(p) {
            drop(old);
        }
    }

    /// Non-audio thread: drops programs the audio thread has retired.
    pub fn collect_garbage(&self) {
        while let Some(p) = self.retired.pop() {
            drop(p);
        }
    }

    /// Audio thread: the next program, only if the old one can be retired without freeing it
    /// here (otherwise the swap waits a block).
    pub fn take(&self) -> Option<Box<LoadedProgram>> {
        if self.retired.is_full() {
            return None;
        }
        self.incoming.pop()
    }

    /// Audio thread: hands a replaced program back for dropping, or returns it when the queue is
    /// full (the caller keeps it and tries again next block).
    pub fn try_retire(&self, p: Box<LoadedProgram>) -> Result<(), Box<LoadedProgram>> {
        self.retired.push(p)
    }

    /// Audio thread: hands a replaced program back for dropping. Never fails after `take`
    /// succeeded (only the audio thread pushes here).
    pub fn retire(&self, p: Box<LoadedProgram>) {
        if let Err(p) = self.retired.push(p) {
            // Unreachable given `take`'s check; leaking is safer than freeing on the audio thread.
            std::mem::forget(p);
        }
    }
}
