//! A small persistent worker pool for the audio thread (docs/ARCHITECTURE.md): helper threads started
//! once (never per block) share the jobs of one call with the calling thread.
//!
//! Why not rayon: called from a thread outside its pool, `rayon::join`/`scope` inject the job
//! through a queue that allocates now and then and wait on a mutex-and-condvar latch. Here the
//! audio thread never allocates, never takes a lock and never waits for a helper that has not
//! started a job: it claims jobs itself from an atomic counter, and only waits (spinning) for jobs
//! a helper has already claimed. Helpers spin briefly after each call and then park; the audio
//! thread wakes a parked helper with `Thread::unpark` (an atomic swap, and a futex wake only when
//! the helper really sleeps).
//!
//! Results do not depend on the number of threads: each job writes only its own data, and
//! the caller combines them in a fixed order afterwards.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle, Thread};
use std::time::{Duration, Instant};

/// One call's job function, called once for each index in `0..count`.
type JobFn<'a> = &'a (dyn Fn(usize) + Sync);

struct Shared {
    /// The published call in one word, so a claim sees a consistent call: the epoch in bits
    /// 32..64, the job count in bits 16..32 and the next unclaimed index in bits 0..16.
    next: AtomicU64,
    /// Points to the caller's `JobFn` (on its stack) for the current epoch.
    job: AtomicPtr<JobFn<'static>>,
    /// Jobs claimed or not yet claimed that have not finished.
    remaining: AtomicUsize,
    /// Per helper: true while parked (or about to park).
    parked: Vec<AtomicBool>,
    shutdown: AtomicBool,
}

/// Helper threads plus the calling thread running the jobs of one call together.
pub struct Workers {
    shared: Arc<Shared>,
    threads: Vec<Thread>,
    handles: Vec<JoinHandle<()>>,
    epoch: u32,
}

/// How long a helper spins for the next call before it parks.
const SPIN: Duration = Duration::from_micros(300);

impl Workers {
    /// Starts `helpers` threads (allocates; not on the audio thread).
    pub fn new(helpers: usize) -> Workers {
        let shared = Arc::new(Shared {
            next: AtomicU64::new(0),
            job: AtomicPtr::new(std::ptr::null_mut()),
            remaining: AtomicUsize::new(0),
            parked: (0..helpers).map(|_| AtomicBool::new(false)).collect(),
            shutdown: AtomicBool::new(false),
        });
        let handles: Vec<JoinHandle<()>> = (0..helpers)
            .map(|h| {
                let s = shared.clone();
                thread::Builder::new()
                    .name(format!("phonon-dsp-{}", h + 1))
                    .spawn(move || helper(&s, h))
                    .expect("cannot start a DSP helper thread")
            })
            .collect();
        let threads = handles.iter().map(|h| h.thread().clone()).collect();
        Workers {
            shared,
            threads,
            handles,
            epoch: 0,
        }
    }

    /// Threads that take part in a call (the helpers and the caller).
    pub fn threads(&self) -> usize {
        self.threads.len() + 1
    }

    /// Runs `f(i)` for every `i` in `0..count`, spread over the helpers and this thread; returns
    /// once all have finished. Never allocates or locks. `count` is at most 65535.
    pub fn run(&mut self, count: usize, f: &(dyn Fn(usize) + Sync)) {
        let count = count.min(0xffff);
        if count == 0 {
            return;
        }
        let s = &*self.shared;
        self.epoch = self.epoch.wrapping_add(1);
        let epoch = self.epoch as u64;
        let job: JobFn = f;
        // SAFETY: only the lifetime is erased. Helpers dereference the pointer only after claiming
        // an index of this epoch, and this function returns only when every claimed job of the
        // epoch has finished (`remaining` reaches 0), so `job` outlives every use.
        let job_ptr = &job as *const JobFn as *mut JobFn<'static>;
        s.job.store(job_ptr, Ordering::Relaxed);
        s.remaining.store(count, Ordering::Relaxed);
        // Publishes the job (Release: the stores above happen before any claim of this epoch).
        s.next
            .store(epoch << 32 | (count as u64) << 16, Ordering::Release);
        for (h, t) in self.threads.iter().enumerate() {
            if s.parked[h].swap(false, Ordering::AcqRel) {
                t.unpark();
            }
        }
        work(s, epoch);
        // Jobs that helpers claimed may still be running: wait for them (they are short).
        while s.remaining.load(Ordering::Acquire) != 0 {
            std::hint::spin_loop();
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, Ordering::Release);
        for t in &self.threads {
            t.unpark();
        }
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}

/// Claims and runs jobs of `epoch` until none is left.
fn work(s: &Shared, epoch: u64) {
    loop {
        let v = s.next.load(Ordering::Acquire);
        let (count, i) = ((v >> 16) & 0xffff, v & 0xffff);
        if v >> 32 != epoch || i >= count {
            return;
        }
        if s.next
            .compare_exchange_weak(v, v + 1, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            continue;
        }
        let i = i as usize;
        // SAFETY: the claim succeeded for `epoch`, whose caller keeps the job alive until
        // `remaining` (which includes this job) reaches 0.
        let f: JobFn = unsafe { *s.job.load(Ordering::Relaxed) };
        // A panicking job must still be counted, or the caller would wait forever.
        let _ = catch_unwind(AssertUnwindSafe(|| f(i)));
        s.remaining.fetch_sub(1, Ordering::AcqRel);
    }
}

fn helper(s: &Shared, me: usize) {
    crate::engine::flush_denormals_forever();
    let mut seen = 0u64;
    let mut idle_since = Instant::now();
    loop {
        if s.shutdown.load(Ordering::Acquire) {
            return;
        }
        let epoch = s.next.load(Ordering::Acquire) >> 32;
        if epoch != seen {
            seen = epoch;
            work(s, epoch);
            idle_since = Instant::now();
            continue;
        }
        if idle_since.elapsed() < SPIN {
            std::hint::spin_loop();
            continue;
        }
        // Park; the caller clears the flag and unparks when it publishes a call. The re-check
        // after setting the flag closes the race with a call published just before.
        s.parked[me].store(true, Ordering::Release);
        if s.next.load(Ordering::Acquire) >> 32 == seen && !s.shutdown.load(Ordering::Acquire) {
            thread::park_timeout(Duration::from_millis(50));
        }
        s.parked[me].store(false, Ordering::Release);
        idle_since = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

    #[test]
    fn every_job_runs_once() {
        let mut w = Workers::new(2);
        for round in 0..200 {
            let hits: Vec<AtomicU32> = (0..37).map(|_| AtomicU32::new(0)).collect();
            w.run(hits.len(), &|i| {
                hits[i].fetch_add(1, Ordering::Relaxed);
            });
            assert!(
                hits.iter().all(|h| h.load(Ordering::Relaxed) == 1),
                "round {round}"
            );
            if round % 50 == 0 {
                thread::sleep(Duration::from_millis(2));
            }
        }
    }
}
