//! A sample voice: plays one sample from a trigger offset, with speed, gain and pan.

use crate::samples::Sample;
use std::sync::Arc;

/// One sounding sample.
pub struct Voice {
    pub sample: Arc<Sample>,
    /// Read position in source samples (fractional).
    pub pos: f64,
    /// Source samples per output sample (negative plays backwards).
    pub rate: f64,
    pub gain_l: f32,
    pub gain_r: f32,
    /// Samples to wait in the current block before sounding (the trigger offset).
    pub delay: usize,
    /// Output index (0 = out, 1..=16 = o1..o16).
    pub output: usize,
    /// Trigger order, for stealing the oldest.
    pub serial: u64,
}

impl Voice {
    /// Equal-power pan, SuperCollider's `Pan2` (as SuperDirt uses): `pan` 0 = left, 1 = right.
    pub fn pan_gains(gain: f32, pan: f32) -> (f32, f32) {
        let p = pan.clamp(0.0, 1.0) * std::f32::consts::FRAC_PI_2;
        (gain * p.cos(), gain * p.sin())
    }

    /// Adds this voice into `left`/`right`; returns false when it has finished.
    pub fn render(&mut self, left: &mut [f32], right: &mut [f32]) -> bool {
        let n = left.len().min(right.len());
        let start = self.delay.min(n);
        self.delay -= start;
        let src_l = &self.sample.left[..];
        let src_r = self.sample.right.as_deref().unwrap_or(src_l);
        let len = src_l.len();
        if len == 0 {
            return false;
        }
        let last = (len - 1) as f64;
        for i in start..n {
            if self.pos < 0.0 || self.pos > last {
                return false;
            }
            // Linear interpolation between neighbouring source samples.
            let i0 = self.pos as usize;
            let i1 = (i0 + 1).min(len - 1);
            let fr = (self.pos - i0 as f64) as f32;
            let l = src_l[i0] + (src_l[i1] - src_l[i0]) * fr;
            let r = src_r[i0] + (src_r[i1] - src_r[i0]) * fr;
            left[i] += l * self.gain_l;
            right[i] += r * self.gain_r;
            self.pos += self.rate;
        }
        true
    }
}
