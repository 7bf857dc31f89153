//! A voice: a sample or a synth note from a trigger offset, with gain, pan and SuperDirt's
//! per-event effects, in SuperDirt's module order (`synths/core-modules.scd`): `vowel`, `shape`,
//! `hpf`, `bpf`, `crush`, `coarse`, `lpf`, the `attack`/`hold`/`release` envelope, the extra
//! modules (`library/default-effects-extra.scd`: `waveloss`, `squiz`, `fshift`, `triode`,
//! `krush`, `octer`, `ring`, `comb`, `djf`; see `voice_extra.rs`), then the gate's end fade. A sample voice also follows `accelerate` and `loop` ([`Motion`]).
//!
//! Controls that are not set cost nothing: a voice with no effect, no send and a plain
//! [`Motion`] is interpolated straight into the output.

use super::sample_read::{read_moving, read_sample, render_sample_direct, DirectRead};
use super::synth::Synth;
use crate::dsp::distort::{self, Coarse};
use crate::dsp::filter::{Mode, Svf};
use crate::dsp::lanes::Isa;
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
    /// One of SuperDirt's default synths ported from its definition (mono or stereo).
    Dirt(super::dirt_synth::DirtSynth),
    /// A superdough synth with its whole per-event chain (Strudel's sound stage).
    Dough(super::dough::DoughVoice),
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
    /// SuperCollider's filter instead of the state-variable one (a Tidal voice: SuperDirt's
    /// `dirt_hpf`/`dirt_bpf`/`dirt_lpf` are `RHPF`/`BPF`/`RLPF`), one a channel.
    pub sc: Option<[crate::dsp::sc_ugens::Biquad; 2]>,
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
    /// SuperDirt's extra modules (`squiz`, `krush`, `ring`, ...), after the envelope.
    pub extra: Option<super::voice_extra::VoiceExtras>,
    /// Send levels to the output's delay and reverb (SuperDirt's `delay` and `room`).
    pub sends: [f32; 2],
    /// Cut group (`cut`), 0 for none.
    pub cut: i32,
    /// The orbit whose effects its sends feed (`orbit`; `sends::ORBITS` of them).
    pub orbit: u8,
    /// A Tidal voice's pan gains `(left, right)` and level (`gain_l`/`gain_r` split): SuperDirt
    /// pans in the synth (`DirtPan`: `Pan2` for a mono source), before the event's effect
    /// modules, and applies the level in `dirt_gate` after them, so a voice with effects is
    /// panned first and leveled last (the distortions see the panned signal: at the centre
    /// `Pan2`'s 0.707). `None`: pan and level both after the effects.
    pub pan_first: Option<(f32, f32, f32)>,
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
            Source::Dirt(s) => s.age() as u64,
            Source::Dough(s) => s.age(),
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
        self.render_from(None, left, right, sends)
    }

    /// [`Voice::render_with_sends`]; `src`, when given, is the source's chunk as the lane
    /// renderer rendered it (`dirt_lanes.rs`: the whole chunk, from its first sample, the
    /// source already advanced past it; mono, or left and right), taken instead of rendering
    /// the source.
    pub(super) fn render_from(
        &mut self,
        src: Option<(&[f32], Option<&[f32]>)>,
        left: &mut [f32],
        right: &mut [f32],
        sends: Option<&mut SendBufs>,
    ) -> bool {
        #[cfg(target_arch = "x86_64")]
        if Isa::Avx2.avx2() {
            // SAFETY: `avx2()` checked that this CPU has AVX2, all `render_from_avx2` needs.
            return unsafe { self.render_from_avx2(src, left, right, sends) };
        }
        self.render_from_body(src, left, right, sends)
    }

    /// [`Voice::render_from`] compiled with AVX2 (its passes over the chunk: the source's copy,
    /// gains, the mix; the same arithmetic, so the same samples); callable only where the CPU
    /// has it.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn render_from_avx2(
        &mut self,
        src: Option<(&[f32], Option<&[f32]>)>,
        left: &mut [f32],
        right: &mut [f32],
        sends: Option<&mut SendBufs>,
    ) -> bool {
        self.render_from_body(src, left, right, sends)
    }

    /// [`Voice::render_from`]'s work.
    #[inline(always)]
    fn render_from_body(
        &mut self,
        src: Option<(&[f32], Option<&[f32]>)>,
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
            && self.extra.is_none()
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
                    let read = DirectRead {
                        sample,
                        start: *s0,
                        rate: *rate,
                        bounds: (*lo, *hi),
                        gains: (self.gain_l, self.gain_r),
                    };
                    return render_sample_direct(
                        &read,
                        k,
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
            _ if src.is_some() => {
                let (x, y) = src.unwrap_or_default();
                let k = x.len().min(m);
                bl[..k].copy_from_slice(&x[..k]);
                match y {
                    Some(y) => {
                        let k = k.min(y.len());
                        br[..k].copy_from_slice(&y[..k]);
                        (k, false)
                    }
                    None => (k, true),
                }
            }
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
            Source::Dirt(s) => s.render_len(bl, br),
            Source::Dough(s) => s.render_len(bl, br),
        };
        let alive = done == m;
        let (bl, br) = (&mut bl[..done], &mut br[..done]);
        let (mut gl, mut gr) = (self.gain_l, self.gain_r);
        let mut mono = mono;
        let effects = self.filters.iter().any(|f| f.is_some())
            || self.fx.is_some()
            || self.node.is_some()
            || self.extra.is_some();
        if let Some((pl, pr, level)) = self.pan_first.filter(|_| effects) {
            if mono && (pl - pr).abs() > 1e-6 {
                for (y, x) in br.iter_mut().zip(bl.iter()) {
                    *y = x * pr;
                }
                mono = false;
            } else if !mono {
                br.iter_mut().for_each(|y| *y *= pr);
            }
            bl.iter_mut().for_each(|x| *x *= pl);
            (gl, gr) = (level, level);
        }
        self.effects(bl, br, mono);
        let br: &[f32] = if mono { bl } else { br };
        let end = start + done;
        mix(
            &mut left[start..end],
            &mut right[start..end],
            bl,
            br,
            gl,
            gr,
        );
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

    /// Adds the voice's mono signal `x` of this chunk, rendered by the lane renderer
    /// (`voice_lanes.rs`: from the chunk's first sample, no sends), at its gains as
    /// [`Voice::render_with_sends`] does.
    pub(super) fn mix_lane(&self, x: &[f32], left: &mut [f32], right: &mut [f32]) {
        let n = x.len();
        mix(
            &mut left[..n],
            &mut right[..n],
            x,
            x,
            self.gain_l,
            self.gain_r,
        );
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
        let age = self.fx.as_ref().map_or(0, |fx| fx.age);
        if let Some(fx) = &mut self.fx {
            fx.age += bl.len() as u64;
            if let Some(env) = fx.env {
                let mut k = age;
                map(bl, br, mono, move |x| {
                    k += 1;
                    x * env.level(k - 1)
                });
            }
        }
        if let Some(extra) = &mut self.extra {
            extra.process(bl, br, mono);
        }
        if let Some(fx) = &mut self.fx {
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
        if let Some(bq) = &mut self.sc {
            let g = self.gain;
            for x in bl.iter_mut() {
                *x = bq[0].tick(*x) * g;
            }
            if !mono {
                for x in br.iter_mut() {
                    *x = bq[1].tick(*x) * g;
                }
            }
            return;
        }
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

/// Adds `bl * gl` into `left` and `br * gr` into `right`.
#[inline]
fn mix(left: &mut [f32], right: &mut [f32], bl: &[f32], br: &[f32], gl: f32, gr: f32) {
    for (d, x) in left.iter_mut().zip(bl) {
        *d += x * gl;
    }
    for (d, y) in right.iter_mut().zip(br) {
        *d += y * gr;
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
