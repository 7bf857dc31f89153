//! A voice: a sample or a synth note from a trigger offset, with gain, pan and an optional
//! per-voice filter (`lpf`/`cutoff` with `resonance`, `hpf`/`hcutoff`).

use super::synth::Synth;
use crate::dsp::filter::{Mode, Svf};
use crate::samples::Sample;
use std::sync::Arc;

/// What a voice plays.
pub enum Source {
    /// A sample read at `rate` source samples per output sample from `start`; `k` output
    /// samples are done. The read position is `start + rate * k`, computed afresh each sample so
    /// it is identical however the blocks are cut.
    /// The voice stops when the position leaves `[lo, hi]` (`begin`/`end` of the sample).
    Sample { sample: Arc<Sample>, start: f64, rate: f64, k: u64, lo: f64, hi: f64 },
    Synth(Synth),
}

/// A per-voice filter (both channels).
pub struct VoiceFilter {
    pub mode: Mode,
    pub cutoff_hz: f32,
    pub q: f32,
    pub svf: [Svf; 2],
}

/// One sounding voice.
pub struct Voice {
    pub source: Source,
    pub gain_l: f32,
    pub gain_r: f32,
    /// Samples to wait in the current chunk before sounding (the trigger offset).
    pub delay: usize,
    pub filters: [Option<VoiceFilter>; 2],
    /// Send levels to the output's delay and reverb (SuperDirt's `delay` and `room`).
    pub sends: [f32; 2],
    /// Cut group (`cut`), 0 for none.
    pub cut: i32,
}

/// Where a voice's sends go: stereo delay-send and reverb-send buffers of the chunk.
pub struct SendBufs<'a> {
    pub delay: [&'a mut [f32]; 2],
    pub room: [&'a mut [f32]; 2],
}

/// Longest chunk a voice renders at once.
const MAX_CHUNK: usize = 256;

impl Voice {
    /// Equal-power pan, SuperCollider's `Pan2` (as SuperDirt uses): `pan` 0 = left, 1 = right.
    pub fn pan_gains(gain: f32, pan: f32) -> (f32, f32) {
        let p = pan.clamp(0.0, 1.0) * std::f32::consts::FRAC_PI_2;
        (gain * p.cos(), gain * p.sin())
    }

    /// Samples this voice has sounded (its age; the pool steals the oldest).
    pub fn age(&self) -> u64 {
        match &self.source {
            Source::Sample { k, .. } => *k,
            Source::Synth(s) => s.age() as u64,
        }
    }

    /// Adds this voice into `left`/`right` (at most 256 samples); returns false when finished.
    pub fn render(&mut self, left: &mut [f32], right: &mut [f32]) -> bool {
        self.render_with_sends(left, right, None)
    }

    /// [`Voice::render`], also adding the voice into the send buffers at its send levels.
    pub fn render_with_sends(&mut self, left: &mut [f32], right: &mut [f32], sends: Option<&mut SendBufs>) -> bool {
        let n = left.len().min(right.len()).min(MAX_CHUNK);
        let start = self.delay.min(n);
        self.delay -= start;
        if start >= n {
            return true;
        }
        let m = n - start;
        let sends = sends.filter(|_| self.sends != [0.0, 0.0]);
        let plain = self.filters.iter().all(|f| f.is_none()) && sends.is_none();
        if plain {
            if let Source::Sample { sample, start: s0, rate, k, lo, hi } = &mut self.source {
                let bounds = (*lo, *hi);
                return render_sample_direct(sample, *s0, *rate, k, bounds, self.gain_l, self.gain_r, &mut left[start..n], &mut right[start..n]);
            }
        }
        // Scratch: the voice's own signal before gain (mono voices use `bl` only).
        let mut bl = [0.0f32; MAX_CHUNK];
        let mut br = [0.0f32; MAX_CHUNK];
        let (bl, br) = (&mut bl[..m], &mut br[..m]);
        // `done`: samples before the source ended. A finished voice's filters are not run past
        // its end (the voice is dropped at the chunk's end, which depends on the block size).
        let (done, mono) = match &mut self.source {
            Source::Sample { sample, start: s0, rate, k, lo, hi } => read_sample(sample, *s0, *rate, k, (*lo, *hi), bl, br),
            Source::Synth(s) => (s.render_len(bl), true),
        };
        let alive = done == m;
        let (bl, br) = (&mut bl[..done], &mut br[..done]);
        for f in self.filters.iter_mut().flatten() {
            let (c, q) = ([f.cutoff_hz], [f.q]);
            let mut tmp = [0.0f32; MAX_CHUNK];
            f.svf[0].process(f.mode, bl, &c, &q, &mut tmp[..done]);
            bl.copy_from_slice(&tmp[..done]);
            // A mono voice's right filter would see the same input and hold the same state:
            // it is left unused and the left result serves both channels.
            if !mono {
                f.svf[1].process(f.mode, br, &c, &q, &mut tmp[..done]);
                br.copy_from_slice(&tmp[..done]);
            }
        }
        let br: &[f32] = if mono { bl } else { br };
        let (gl, gr) = (self.gain_l, self.gain_r);
        let end = start + done;
        for (d, x) in left[start..end].iter_mut().zip(bl.iter()) {
            *d += x * gl;
        }
        for (d, y) in right[start..end].iter_mut().zip(br) {
            *d += y * gr;
        }
        if let Some(s) = sends {
            for (k, bufs) in [&mut s.delay, &mut s.room].into_iter().enumerate() {
                let level = self.sends[k];
                if level > 0.0 {
                    for (d, x) in bufs[0][start..end].iter_mut().zip(bl.iter()) {
                        *d += x * gl * level;
                    }
                    for (d, y) in bufs[1][start..end].iter_mut().zip(br) {
                        *d += y * gr * level;
                    }
                }
            }
        }
        alive
    }

    /// Renders the voice fading out (a stolen voice), adding into `left`/`right`: the gain is
    /// `(left - i) / len` at the chunk's sample `i`, counted in whole samples so the fade is the
    /// same however the blocks are cut. Returns false when finished.
    pub fn render_faded(&mut self, left: &mut [f32], right: &mut [f32], fade_left: u32, fade_len: u32) -> bool {
        let n = left.len().min(right.len()).min(MAX_CHUNK);
        let mut tl = [0.0f32; MAX_CHUNK];
        let mut tr = [0.0f32; MAX_CHUNK];
        let alive = self.render(&mut tl[..n], &mut tr[..n]);
        let len = fade_len.max(1) as f32;
        for i in 0..n {
            let g = fade_left.saturating_sub(i as u32) as f32 / len;
            left[i] += tl[i] * g;
            right[i] += tr[i] * g;
        }
        alive
    }
}

/// How many of the `n` output samples from `k` on read inside `[lo, hi]` at
/// `start + rate * k`. The position is monotonic in `k` (IEEE multiply and add round
/// monotonically), so the samples in range are a prefix: estimated once, then corrected with the
/// exact per-sample formula at its end.
#[inline]
fn samples_in_range(start: f64, rate: f64, k: u64, (lo, hi): (f64, f64), n: usize) -> usize {
    // The same value as `start + rate * (k0 + i as f64)` in the render loops (exact integers).
    let pos = |i: usize| start + rate * (k + i as u64) as f64;
    let ok = |i: usize| {
        let p = pos(i);
        p >= lo && p <= hi
    };
    if n == 0 || !ok(0) {
        return 0;
    }
    // The first sample past the bound the position is heading for.
    let bound = if rate > 0.0 { hi } else { lo };
    let est = (bound - start) / rate - k as f64;
    let mut c = if est.is_finite() { (est.max(0.0).min(n as f64) as usize).clamp(1, n) } else { n };
    while c > 1 && !ok(c - 1) {
        c -= 1;
    }
    while c < n && ok(c) {
        c += 1;
    }
    c
}

/// Reads `out_l.len()` samples of a sample voice (linear interpolation at `start + rate * k`)
/// into `out_l` (and `out_r` for stereo samples), stopping where the position leaves `[lo, hi]`.
/// Advances `k`; returns the samples written and whether the sample is mono.
fn read_sample(sample: &Sample, start: f64, rate: f64, k: &mut u64, bounds: (f64, f64), out_l: &mut [f32], out_r: &mut [f32]) -> (usize, bool) {
    let src_l = &sample.left[..];
    let mono = sample.right.is_none();
    let len = src_l.len();
    if len == 0 {
        return (0, mono);
    }
    let (lo, hi) = (bounds.0.max(0.0), bounds.1.min((len - 1) as f64));
    let c = samples_in_range(start, rate, *k, (lo, hi), out_l.len().min(out_r.len()));
    let k0 = *k as f64;
    match &sample.right {
        None => {
            let mut kf = k0;
            for o in out_l[..c].iter_mut() {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: `interp_at` returns indices below `len` for positions in [0, len - 1].
                let (a, b) = unsafe { (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1)) };
                *o = a + (b - a) * fr;
            }
        }
        Some(src_r) => {
            let src_r = &src_r[..len.min(src_r.len())];
            let len = src_r.len();
            let mut kf = k0;
            for (ol, or) in out_l[..c].iter_mut().zip(out_r[..c].iter_mut()) {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: as above; both channels hold at least `len` samples.
                unsafe {
                    let (a, b) = (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1));
                    *ol = a + (b - a) * fr;
                    let (a, b) = (*src_r.get_unchecked(i0), *src_r.get_unchecked(i1));
                    *or = a + (b - a) * fr;
                }
            }
        }
    }
    *k += c as u64;
    (c, mono)
}

/// The neighbouring source indices and the fraction for a read position `p`, which the caller
/// keeps inside `[0, len - 1]` (`samples_in_range` with `lo >= 0`, `hi <= len - 1`).
#[inline(always)]
fn interp_at(p: f64, len: usize) -> (usize, usize, f32) {
    // SAFETY: `p` is finite and between 0 and the sample's length, so its truncation fits an
    // i64. The indices are clamped below `len` all the same (the right channel of a stereo
    // sample may be the shorter one), so the reads stay in bounds.
    let i = unsafe { p.to_int_unchecked::<i64>() };
    let i0 = (i as usize).min(len - 1);
    let i1 = (i0 + 1).min(len - 1);
    (i0, i1, (p - i as f64) as f32)
}

/// The common case: a sample voice with no filter or sends, interpolated straight into the
/// output (mono samples read once per output sample). Returns false once the sample is done.
/// The read position is `start + rate * k` for every sample (`k` counted as an exact f64), so
/// the result does not depend on how the blocks are cut.
#[allow(clippy::too_many_arguments)]
fn render_sample_direct(
    sample: &Sample,
    start: f64,
    rate: f64,
    k: &mut u64,
    bounds: (f64, f64),
    gain_l: f32,
    gain_r: f32,
    left: &mut [f32],
    right: &mut [f32],
) -> bool {
    let src_l = &sample.left[..];
    let len = src_l.len();
    if len == 0 {
        return false;
    }
    let (lo, hi) = (bounds.0.max(0.0), bounds.1.min((len - 1) as f64));
    let n = left.len().min(right.len());
    // Every position below is inside [lo, hi]: no per-sample bounds test.
    let c = samples_in_range(start, rate, *k, (lo, hi), n);
    if gain_l == 0.0 && gain_r == 0.0 {
        // Silent (gain 0): only its clock runs, so it ends on the same sample.
        *k += c as u64;
        return c == n;
    }
    let k0 = *k as f64;
    let (left, right) = (&mut left[..c], &mut right[..c]);
    // The largest position read is at one end (positions are monotonic). Below `len - 1`, both
    // neighbours of every position are inside the sample and the loop needs no clamping.
    let far = if c == 0 { 0.0 } else { (start + rate * k0).max(start + rate * (k0 + (c - 1) as f64)) };
    let inside = far < (len - 1) as f64;
    match (&sample.right, inside) {
        (None, true) => {
            // `kf` counts k exactly in f64 (integers below 2^53), as `k0 + i as f64` would.
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let p = start + rate * kf;
                kf += 1.0;
                // SAFETY: 0 <= lo <= p <= far < len - 1: the truncation is exact and in range,
                // and both `i0` and `i0 + 1` are below `len`.
                let (a, b, fr) = unsafe {
                    let i0 = p.to_int_unchecked::<i64>();
                    let u = i0 as usize;
                    (*src_l.get_unchecked(u), *src_l.get_unchecked(u + 1), (p - i0 as f64) as f32)
                };
                let x = a + (b - a) * fr;
                *l += x * gain_l;
                *r += x * gain_r;
            }
        }
        (None, false) => {
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: `interp_at` clamps both indices below `len`.
                let (a, b) = unsafe { (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1)) };
                let x = a + (b - a) * fr;
                *l += x * gain_l;
                *r += x * gain_r;
            }
        }
        (Some(src_r), _) => {
            let len = len.min(src_r.len());
            let (src_l, src_r) = (&src_l[..len], &src_r[..len]);
            let mut kf = k0;
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let (i0, i1, fr) = interp_at(start + rate * kf, len);
                kf += 1.0;
                // SAFETY: `interp_at` clamps both indices below `len`, the length of both slices.
                unsafe {
                    let (a, b) = (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1));
                    *l += (a + (b - a) * fr) * gain_l;
                    let (a, b) = (*src_r.get_unchecked(i0), *src_r.get_unchecked(i1));
                    *r += (a + (b - a) * fr) * gain_r;
                }
            }
        }
    }
    *k += c as u64;
    c == n
}
