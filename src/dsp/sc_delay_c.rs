//! `CombC.ar(in, maxdelay, delaytime, 0)` (decay 0: no feedback, so a cubic-interpolated delay,
//! as `DelayC`) over a fixed buffer: SuperCollider's `CombC_next` reads `dsamp = delay sr`
//! samples back through `cubicinterp(frac, d0, d1, d2, d3)` (`d1` the sample `floor(dsamp)` back,
//! `d0` one newer, `d2`, `d3` older; `c0 = d1`, `c1 = (d2 - d0) / 2`, `c2 = d0 - 2.5 d1 + 2 d2 -
//! d3 / 2`, `c3 = (d3 - d0) / 2 + 1.5 (d1 - d2)`), then writes the input. A new delay time is
//! reached by a linear ramp over the control block (`FilterX_perform`'s slope). The buffer
//! starts silent (the server's `_z` start: zeros until written).

/// Samples of delay line: 1/200 s up to 192 kHz.
const LEN: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DelayC {
    buf: [f32; LEN],
    wr: usize,
    dsamp: f64,
    slope: f64,
}

impl DelayC {
    pub fn new(delay_s: f64, sr: f64) -> DelayC {
        DelayC {
            buf: [0.0; LEN],
            wr: 0,
            dsamp: (delay_s * sr).clamp(1.0, (LEN - 3) as f64),
            slope: 0.0,
        }
    }

    /// The start of a control block of `n` samples: the delay input's new value.
    pub fn block(&mut self, delay_s: f64, sr: f64, n: usize) {
        let d = (delay_s * sr).clamp(1.0, (LEN - 3) as f64);
        self.slope = (d - self.dsamp) / n as f64;
    }

    #[inline]
    pub fn tick(&mut self, x: f32) -> f32 {
        self.dsamp += self.slope;
        let id = self.dsamp as usize;
        let frac = (self.dsamp - id as f64) as f32;
        let at = |back: usize| self.buf[(self.wr + LEN - back) % LEN];
        let (d0, d1, d2, d3) = (at(id - 1), at(id), at(id + 1), at(id + 2));
        let c1 = 0.5 * (d2 - d0);
        let c2 = d0 - 2.5 * d1 + 2.0 * d2 - 0.5 * d3;
        let c3 = 0.5 * (d3 - d0) + 1.5 * (d1 - d2);
        let y = ((c3 * frac + c2) * frac + c1) * frac + d1;
        self.buf[self.wr] = if x.is_finite() { x } else { 0.0 };
        self.wr = (self.wr + 1) % LEN;
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_by_whole_and_fractional_samples() {
        let mut d = DelayC::new(3.0 / 48000.0, 48000.0);
        let y: Vec<f32> = (0..6)
            .map(|k| d.tick(if k == 0 { 1.0 } else { 0.0 }))
            .collect();
        assert_eq!(y, [0.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        // A ramp through a half-sample delay stays a ramp, half a sample late.
        let mut d = DelayC::new(2.5 / 48000.0, 48000.0);
        let y: Vec<f32> = (0..10).map(|k| d.tick(k as f32)).collect();
        assert!((y[9] - 6.5).abs() < 1e-5, "{y:?}");
    }
}
