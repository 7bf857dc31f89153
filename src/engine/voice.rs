//! A voice: a sample or a synth note from a trigger offset, with gain, pan and SuperDirt's
//! per-event effects, in SuperDirt's module order (`synths/core-modules.scd`): `shape`, `hpf`,
//! `bpf`, `crush`, `coarse`, `lpf`, the `attack`/`hold`/`release` envelope, then the gate's end
//! fade. A sample voice also follows `accelerate` and `loop` ([`Motion`]).
//!
//! Controls that are not set cost nothing: a voice with no effect, no send and a plain
//! [`Motion`] is interpolated straight into the output.

use super::synth::Synth;
use crate::dsp::distort::{self, Coarse};
use crate::dsp::filter::{Mode, Svf};
use crate::dsp::linen::{gate_level, Linen};
use crate::samples::Sample;
use std::sync::Arc;

/// What a voice plays.
// Boxing the large synth state would allocate on the audio thread when a voice starts.
#[allow(clippy::large_enum_variant)]
pub enum Source {
    /// A sample read at `rate` source samples per output sample from `start`; `k` output
    /// samples are done. The read position is `start + rate * k` (plus [`Motion`]), computed
    /// afresh each sample so it is identical however the blocks are cut.
    /// The voice stops when the position leaves `[lo, hi]` (`begin`/`end` of the sample).
    Sample {
        sample: Arc<Sample>,
        start: f64,
        rate: f64,
        k: u64,
        lo: f64,
        hi: f64,
        motion: Motion,
    },
    Synth(Synth),
}

/// How a sample voice's read position moves besides `start + rate * k`, after SuperDirt's
/// `DirtEvent.calcTimeSpan` and `dirt_sample` (`synths/core-synths.scd`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Motion {
    /// `accelerate`: the position gains `accel * k^2` source samples at output sample `k`, so the
    /// rate ramps linearly from `rate` to `rate * (1 + accelerate)` over the event
    /// (`Line.kr(speed, endSpeed, sustain)`): `accel = rate * accelerate / (2 * length)`. 0: none.
    pub accel: f64,
    /// `loop`: the length in source samples of the `begin`..`end` segment, which repeats
    /// (`dirt_sample`'s `LFSaw` phase); 0 plays it once.
    pub loop_len: f64,
    /// The output sample at which the voice ends (`loop` passes, `legato`/`sustain`, the
    /// accelerated length); `u64::MAX`: when the position leaves the segment.
    pub end_k: u64,
}

impl Motion {
    /// Plays the segment once at a constant rate.
    pub const PLAIN: Motion = Motion {
        accel: 0.0,
        loop_len: 0.0,
        end_k: u64::MAX,
    };
}

/// A per-voice filter (both channels).
pub struct VoiceFilter {
    pub mode: Mode,
    pub cutoff_hz: f32,
    pub q: f32,
    /// Output gain after the filter (SuperDirt's `bpf` multiplies by its q; 1 otherwise).
    pub gain: f32,
    pub svf: [Svf; 2],
}

/// Index of the high-pass (`hcutoff`) in [`Voice::filters`].
pub const HPF: usize = 0;
/// Index of the band-pass (`bandf`).
pub const BPF: usize = 1;
/// Index of the low-pass (`cutoff`).
pub const LPF: usize = 2;

/// SuperDirt's per-event effects besides the filters; each `None` when its control is unset.
pub struct VoiceFx {
    /// `shape` amount (0..1), `dirt_shape`.
    pub shape: Option<f32>,
    /// `crush` bits, `dirt_crush`.
    pub crush: Option<f32>,
    /// `coarse` factor (> 1) and the sample-and-hold of each channel, `dirt_coarse`.
    pub coarse: Option<(f32, [Coarse; 2])>,
    /// `attack`/`hold`/`release`, `dirt_envelope` (sample voices).
    pub env: Option<Linen>,
    /// The gate's end: (the output sample it ends on, its fade length in samples).
    pub gate: Option<(u64, f64)>,
    /// Output samples rendered so far (the envelopes' clock; audio thread).
    pub age: u64,
}

/// A registry node's per-event effect on one voice (`# vowel "a"`): its state inline.
pub struct VoiceNode {
    pub process: fn(&mut crate::dsp::node::VoiceState, &mut [f32], &mut [f32], bool),
    pub state: crate::dsp::node::VoiceState,
}

/// One sounding voice.
pub struct Voice {
    pub source: Source,
    pub gain_l: f32,
    pub gain_r: f32,
    /// Samples to wait in the current chunk before sounding (the trigger offset).
    pub delay: usize,
    /// Per-voice filters, by [`HPF`], [`BPF`], [`LPF`].
    pub filters: [Option<VoiceFilter>; 3],
    /// Per-event effects (`None`: no effect control was set).
    pub fx: Option<VoiceFx>,
    /// A registry node run on the voice first, SuperDirt's `vowel` module's place.
    pub node: Option<VoiceNode>,
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
const MAX_CHUNK: usize = crate::dsp::CHUNK;

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
    pub fn render_with_sends(
        &mut self,
        left: &mut [f32],
        right: &mut [f32],
        sends: Option<&mut SendBufs>,
    ) -> bool {
        let n = left.len().min(right.len()).min(MAX_CHUNK);
        let start = self.delay.min(n);
        self.delay -= start;
        if start >= n {
            return true;
        }
        let m = n - start;
        let sends = sends.filter(|_| self.sends != [0.0, 0.0]);
        let plain = self.filters.iter().all(|f| f.is_none())
            && self.fx.is_none()
            && self.node.is_none()
            && sends.is_none();
        if plain {
            if let Source::Sample {
                sample,
                start: s0,
                rate,
                k,
                lo,
                hi,
                motion,
            } = &mut self.source
            {
                if *motion == Motion::PLAIN {
                    let bounds = (*lo, *hi);
                    return render_sample_direct(
                        sample,
                        *s0,
                        *rate,
                        k,
                        bounds,
                        self.gain_l,
                        self.gain_r,
                        &mut left[start..n],
                        &mut right[start..n],
                    );
                }
            }
        }
        // Scratch: the voice's own signal before gain (mono voices use `bl` only).
        let mut bl = [0.0f32; MAX_CHUNK];
        let mut br = [0.0f32; MAX_CHUNK];
        let (bl, br) = (&mut bl[..m], &mut br[..m]);
        // `done`: samples before the source ended. A finished voice's filters are not run past
        // its end (the voice is dropped at the chunk's end, which depends on the block size).
        let (done, mono) = match &mut self.source {
            Source::Sample {
                sample,
                start: s0,
                rate,
                k,
                lo,
                hi,
                motion,
            } => {
                if *motion == Motion::PLAIN {
                    read_sample(sample, *s0, *rate, k, (*lo, *hi), bl, br)
                } else {
                    read_moving(sample, *s0, *rate, motion, k, (*lo, *hi), bl, br)
                }
            }
            Source::Synth(s) => (s.render_len(bl), true),
        };
        let alive = done == m;
        let (bl, br) = (&mut bl[..done], &mut br[..done]);
        self.effects(bl, br, mono);
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

    /// Runs the per-event effects over the voice's own signal, in SuperDirt's module order.
    /// A mono voice's right channel would see the same input and hold the same state: it is
    /// left unused and the left result serves both channels.
    fn effects(&mut self, bl: &mut [f32], br: &mut [f32], mono: bool) {
        if let Some(node) = &mut self.node {
            (node.process)(&mut node.state, bl, br, mono);
        }
        let shape = self.fx.as_ref().and_then(|fx| fx.shape);
        if let Some(amount) = shape {
            map(bl, br, mono, |x| distort::shape(x, amount));
        }
        for f in self.filters[HPF..=BPF].iter_mut().flatten() {
            f.run(bl, br, mono);
        }
        if let Some(fx) = &mut self.fx {
            if let Some(bits) = fx.crush {
                map(bl, br, mono, |x| distort::crush(x, bits));
            }
            if let Some((factor, hold)) = &mut fx.coarse {
                let mut tmp = [0.0f32; MAX_CHUNK];
                let tmp = &mut tmp[..bl.len()];
                hold[0].process(bl, &[*factor], tmp);
                bl.copy_from_slice(tmp);
                if !mono {
                    hold[1].process(br, &[*factor], tmp);
                    br.copy_from_slice(tmp);
                }
            }
        }
        if let Some(f) = &mut self.filters[LPF] {
            f.run(bl, br, mono);
        }
        if let Some(fx) = &mut self.fx {
            let age = fx.age;
            fx.age += bl.len() as u64;
            if let Some(env) = fx.env {
                let mut k = age;
                map(bl, br, mono, move |x| {
                    k += 1;
                    x * env.level(k - 1)
                });
            }
            if let Some((end, fade)) = fx.gate {
                // Only the chunk that reaches the fade is touched.
                if (age + bl.len() as u64) as f64 + fade >= end as f64 {
                    let mut k = age;
                    map(bl, br, mono, move |x| {
                        k += 1;
                        x * gate_level(k - 1, end, fade)
                    });
                }
            }
        }
    }

    /// Renders the voice fading out (a stolen voice), adding into `left`/`right`: the gain is
    /// `(left - i) / len` at the chunk's sample `i`, counted in whole samples so the fade is the
    /// same however the blocks are cut. Returns false when finished.
    pub fn render_faded(
        &mut self,
        left: &mut [f32],
        right: &mut [f32],
        fade_left: u32,
        fade_len: u32,
    ) -> bool {
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

impl VoiceFilter {
    /// Filters both channels in place (the left only for a mono voice), then applies `gain`.
    fn run(&mut self, bl: &mut [f32], br: &mut [f32], mono: bool) {
        let (c, q) = ([self.cutoff_hz], [self.q]);
        let mut tmp = [0.0f32; MAX_CHUNK];
        let tmp = &mut tmp[..bl.len()];
        self.svf[0].process(self.mode, bl, &c, &q, tmp);
        bl.copy_from_slice(tmp);
        if !mono {
            self.svf[1].process(self.mode, br, &c, &q, tmp);
            br.copy_from_slice(tmp);
        }
        if self.gain != 1.0 {
            let g = self.gain;
            map(bl, br, mono, |x| x * g);
        }
    }
}

/// Applies `f` to every sample of the left channel, and of the right unless the voice is mono.
/// `f` may count samples: it sees the left channel in order, then the right in order again
/// from the same state (it is cloned).
#[inline]
fn map<F: FnMut(f32) -> f32 + Clone>(bl: &mut [f32], br: &mut [f32], mono: bool, mut f: F) {
    let mut g = f.clone();
    for x in bl.iter_mut() {
        *x = f(*x);
    }
    if !mono {
        for x in br.iter_mut() {
            *x = g(*x);
        }
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
    let mut c = if est.is_finite() {
        (est.max(0.0).min(n as f64) as usize).clamp(1, n)
    } else {
        n
    };
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
fn read_sample(
    sample: &Sample,
    start: f64,
    rate: f64,
    k: &mut u64,
    bounds: (f64, f64),
    out_l: &mut [f32],
    out_r: &mut [f32],
) -> (usize, bool) {
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

/// [`read_sample`] for a voice with a [`Motion`]: the position at output sample `k` is
/// `start + rate * k + accel * k^2`, wrapped into the segment when it loops; the voice stops at
/// `end_k` or when a non-looping position leaves `[lo, hi]`.
#[allow(clippy::too_many_arguments)]
fn read_moving(
    sample: &Sample,
    start: f64,
    rate: f64,
    motion: &Motion,
    k: &mut u64,
    bounds: (f64, f64),
    out_l: &mut [f32],
    out_r: &mut [f32],
) -> (usize, bool) {
    let src_l = &sample.left[..];
    let mono = sample.right.is_none();
    let len = src_l.len();
    let len = sample.right.as_ref().map_or(len, |r| len.min(r.len()));
    if len == 0 {
        return (0, mono);
    }
    let (lo, hi) = (bounds.0.max(0.0), bounds.1.min((len - 1) as f64));
    let n = out_l
        .len()
        .min(out_r.len())
        .min(motion.end_k.saturating_sub(*k).min(usize::MAX as u64) as usize);
    let Motion {
        accel, loop_len, ..
    } = *motion;
    let mut c = 0;
    while c < n {
        let kf = (*k + c as u64) as f64;
        let travel = rate * kf + accel * kf * kf;
        let p = if loop_len > 0.0 {
            // A forward voice wraps from `lo`, a backward one from `hi` (travel turns negative
            // when `accelerate` reverses the rate: the segment then loops the other way).
            if rate > 0.0 {
                (lo + travel.rem_euclid(loop_len)).min(hi)
            } else {
                (hi - (-travel).rem_euclid(loop_len)).max(lo)
            }
        } else {
            start + travel
        };
        // Also false for a NaN position.
        if !(p >= lo && p <= hi) {
            break;
        }
        let (i0, i1, fr) = interp_at(p, len);
        // SAFETY: `interp_at` clamps both indices below `len`, which both channels hold, and
        // `c < n`, which is at most the length of both outputs.
        unsafe {
            let (a, b) = (*src_l.get_unchecked(i0), *src_l.get_unchecked(i1));
            *out_l.get_unchecked_mut(c) = a + (b - a) * fr;
            if let Some(src_r) = &sample.right {
                let (a, b) = (*src_r.get_unchecked(i0), *src_r.get_unchecked(i1));
                *out_r.get_unchecked_mut(c) = a + (b - a) * fr;
            }
        }
        c += 1;
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
    let far = if c == 0 {
        0.0
    } else {
        (start + rate * k0).max(start + rate * (k0 + (c - 1) as f64))
    };
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
                    (
                        *src_l.get_unchecked(u),
                        *src_l.get_unchecked(u + 1),
                        (p - i0 as f64) as f32,
                    )
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
