//! Each output's recent samples, from the audio thread to the editor's scope and spectrum
//! (docs/ARCHITECTURE.md, real-time rules): one fixed ring of [`SCOPE_LEN`] samples per output,
//! written per chunk with relaxed atomic stores, never locked, never grown. The writer never
//! waits for a reader; a reader that the writer lapped while it copied sees it (a sequence
//! check as in a seqlock) and counts the read as torn instead of showing mixed samples.

use std::sync::atomic::{fence, AtomicU32, AtomicU64, Ordering};

/// Samples kept per output (a power of two: 85 ms at 48 kHz).
pub const SCOPE_LEN: usize = 4096;
/// Outputs with a ring: `out` (0) and `o1`..`o16`.
pub const SCOPE_OUTPUTS: usize = 17;
/// Most samples one `publish` call writes (a reader's margin against a write in progress).
pub const MAX_PUBLISH: usize = crate::dsp::CHUNK;

/// One output's ring.
struct Ring {
    /// The mid signal `(l + r) / 2`, as `f32` bits; sample `k` (counted since the start) at
    /// `k % SCOPE_LEN`.
    samples: Box<[AtomicU32]>,
    /// Samples written and complete.
    written: AtomicU64,
    /// Samples written or being written (set before a write starts).
    started: AtomicU64,
}

impl Ring {
    fn new() -> Ring {
        Ring {
            samples: (0..SCOPE_LEN).map(|_| AtomicU32::new(0)).collect(),
            written: AtomicU64::new(0),
            started: AtomicU64::new(0),
        }
    }
}

/// The rings of every output and what the reader missed.
pub struct Scopes {
    rings: Box<[Ring]>,
    /// The engine's sample rate, as `f64` bits (the spectrum's frequency axis).
    sample_rate_bits: AtomicU64,
    /// Reads the writer overtook (the reader shows the previous frame).
    pub torn_reads: AtomicU64,
}

impl Default for Scopes {
    fn default() -> Scopes {
        Scopes {
            rings: (0..SCOPE_OUTPUTS).map(|_| Ring::new()).collect(),
            sample_rate_bits: AtomicU64::new(0),
            torn_reads: AtomicU64::new(0),
        }
    }
}

impl Scopes {
    /// Audio thread: appends `mid` (at most [`MAX_PUBLISH`] samples; more are cut) to
    /// `output`'s ring. Allocates nothing, waits for nothing.
    pub fn publish(&self, output: usize, mid: &[f32]) {
        let Some(ring) = self.rings.get(output) else {
            return;
        };
        let mid = &mid[..mid.len().min(MAX_PUBLISH)];
        let w = ring.written.load(Ordering::Relaxed);
        let end = w + mid.len() as u64;
        ring.started.store(end, Ordering::Relaxed);
        // A reader that sees any of the samples below also sees `started` (fence to fence).
        fence(Ordering::Release);
        for (k, x) in mid.iter().enumerate() {
            let at = (w as usize + k) % SCOPE_LEN;
            ring.samples[at].store(x.to_bits(), Ordering::Relaxed);
        }
        ring.written.store(end, Ordering::Release);
    }

    /// Audio thread: the rate the samples are at.
    pub fn set_sample_rate(&self, sr: f64) {
        self.sample_rate_bits.store(sr.to_bits(), Ordering::Relaxed);
    }

    /// The rate the samples are at (0 before the engine ran).
    pub fn sample_rate(&self) -> f64 {
        f64::from_bits(self.sample_rate_bits.load(Ordering::Relaxed))
    }

    /// Samples `output` has published so far.
    pub fn written(&self, output: usize) -> u64 {
        self.rings
            .get(output)
            .map_or(0, |r| r.written.load(Ordering::Acquire))
    }

    /// Any thread: copies `output`'s newest `out.len()` samples (oldest first; at most
    /// `SCOPE_LEN - MAX_PUBLISH`) into `out`. False when fewer were ever written or the writer
    /// overtook the copy (counted in `torn_reads`); `out` is then not to be shown.
    pub fn read(&self, output: usize, out: &mut [f32]) -> bool {
        let Some(ring) = self.rings.get(output) else {
            return false;
        };
        let m = out.len();
        if m > SCOPE_LEN - MAX_PUBLISH {
            return false;
        }
        let w = ring.written.load(Ordering::Acquire);
        if w < m as u64 {
            return false;
        }
        let first = w - m as u64;
        for (k, o) in out.iter_mut().enumerate() {
            let at = (first as usize + k) % SCOPE_LEN;
            *o = f32::from_bits(ring.samples[at].load(Ordering::Relaxed));
        }
        fence(Ordering::Acquire);
        // Positions from `first` are overwritten once a write reaches `first + SCOPE_LEN`.
        if ring.started.load(Ordering::Relaxed) > first + SCOPE_LEN as u64 {
            self.torn_reads.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_newest_samples_across_the_wrap() {
        let s = Scopes::default();
        let mut out = [0.0f32; 100];
        assert!(!s.read(2, &mut out), "nothing written yet");
        let mut n = 0u32;
        for _ in 0..40 {
            let chunk: Vec<f32> = (0..200).map(|k| (n + k) as f32).collect();
            s.publish(2, &chunk);
            n += 200;
        }
        assert!(s.read(2, &mut out));
        let want: Vec<f32> = (n - 100..n).map(|k| k as f32).collect();
        assert_eq!(out.to_vec(), want);
        assert_eq!(s.written(2), n as u64);
        assert_eq!(s.written(3), 0);
        assert!(!s.read(99, &mut out));
        let mut too_long = vec![0.0; SCOPE_LEN];
        assert!(!s.read(2, &mut too_long));
    }
}
