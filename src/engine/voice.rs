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
        let plain = self.filters.iter().all(|f| f.is_none()) && (sends.is_none() || self.sends == [0.0, 0.0]);
        if plain {
            if let Source::Sample { sample, start: s0, rate, k, lo, hi } = &mut self.source {
                let bounds = (*lo, *hi);
                return render_sample_direct(sample, *s0, *rate, k, bounds, self.gain_l, self.gain_r, &mut left[start..n], &mut right[start..n]);
            }
        }
        let mut bl = [0.0f32; MAX_CHUNK];
        let mut br = [0.0f32; MAX_CHUNK];
        let (bl, br) = (&mut bl[..m], &mut br[..m]);
        let alive = match &mut self.source {
            Source::Sample { sample, start: s0, rate, k, lo, hi } => {
                let src_l = &sample.left[..];
                let src_r = sample.right.as_deref().unwrap_or(src_l);
                let len = src_l.len();
                let (lo, hi) = (lo.max(0.0), hi.min(len as f64 - 1.0));
                let mut alive = len > 0;
                for i in 0..m {
                    let pos = *s0 + *rate * *k as f64;
                    if !alive || pos < lo || pos > hi {
                        alive = false;
                        break;
                    }
                    // Linear interpolation between neighbouring source samples.
                    let i0 = pos as usize;
                    let i1 = (i0 + 1).min(len - 1);
                    let fr = (pos - i0 as f64) as f32;
                    bl[i] = src_l[i0] + (src_l[i1] - src_l[i0]) * fr;
                    br[i] = src_r[i0] + (src_r[i1] - src_r[i0]) * fr;
                    *k += 1;
                }
                alive
            }
            Source::Synth(s) => {
                let alive = s.render(bl);
                br.copy_from_slice(bl);
                alive
            }
        };
        for f in self.filters.iter_mut().flatten() {
            let (c, q) = ([f.cutoff_hz], [f.q]);
            let mut tmp = [0.0f32; MAX_CHUNK];
            f.svf[0].process(f.mode, bl, &c, &q, &mut tmp[..m]);
            bl.copy_from_slice(&tmp[..m]);
            f.svf[1].process(f.mode, br, &c, &q, &mut tmp[..m]);
            br.copy_from_slice(&tmp[..m]);
        }
        for i in 0..m {
            left[start + i] += bl[i] * self.gain_l;
            right[start + i] += br[i] * self.gain_r;
        }
        if let Some(s) = sends {
            for (k, bufs) in [&mut s.delay, &mut s.room].into_iter().enumerate() {
                let level = self.sends[k];
                if level > 0.0 {
                    for i in 0..m {
                        bufs[0][start + i] += bl[i] * self.gain_l * level;
                        bufs[1][start + i] += br[i] * self.gain_r * level;
                    }
                }
            }
        }
        alive
    }
}

/// The common case: a sample voice with no filter or sends, interpolated straight into the
/// output (mono samples read once per output sample). Returns false once the sample is done.
#[allow(clippy::too_many_arguments)]
fn render_sample_direct(
    sample: &Sample,
    start: f64,
    rate: f64,
    k: &mut u64,
    (lo, hi): (f64, f64),
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
    let (lo, hi) = (lo.max(0.0), hi.min((len - 1) as f64));
    let n = left.len().min(right.len());
    let mono = sample.right.is_none();
    let src_r = sample.right.as_deref().unwrap_or(src_l);
    for i in 0..n {
        let p = start + rate * (*k + i as u64) as f64;
        if p < lo || p > hi {
            *k += i as u64;
            return false;
        }
        // Linear interpolation between neighbouring source samples.
        let i0 = p as usize;
        let i1 = (i0 + 1).min(len - 1);
        let fr = (p - i0 as f64) as f32;
        let xl = src_l[i0] + (src_l[i1] - src_l[i0]) * fr;
        let xr = if mono { xl } else { src_r[i0] + (src_r[i1] - src_r[i0]) * fr };
        left[i] += xl * gain_l;
        right[i] += xr * gain_r;
    }
    *k += n as u64;
    true
}
