//! `CombC.ar(in, maxdelay, delaytime, 0)` (decay 0: no feedback, so a cubic-interpolated delay,
//! as `DelayC`) over a fixed buffer: SuperCollider's `CombC_next` reads `dsamp = delay sr`
//! samples back through `cubicinterp(frac, d0, d1, d2, d3)` (`d1` the sample `floor(dsamp)` back,
//! `d0` one newer, `d2`, `d3` older; `c0 = d1`, `c1 = (d2 - d0) / 2`, `c2 = d0 - 2.5 d1 + 2 d2 -
//! d3 / 2`, `c3 = (d3 - d0) / 2 + 1.5 (d1 - d2)`), then writes the input. A new delay time is
//! reached by a linear ramp over the control block (`FilterX_perform`'s slope). The buffer
//! starts silent (the server's `_z` start: zeros until written).
//!
//! [`DelayLine`]: `DelayC.ar(in, maxdelay, delaytime)` itself over a caller's buffer (a voice's
//! synth slot), as `DelayUGens.cpp` (`DelayUnit_AllocDelayLine`, `CalcDelay`, `DelayX_perform`,
//! `DelayX_perform_a`, `DelayC_helper`) computes it: the buffer is the next power of two over
//! `ceil(maxdelay sr + 1) + 64` samples; each sample writes the input first, then reads
//! `dsamp = clip(delaytime sr, 1, buffer length)` samples back (so a delay of one sample reads
//! the last input, its newer neighbour `d0` the one just written) in `f32`; a control-rate delay
//! time reached by a ramp of `dsamp` over the block when it changed.

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
        let y = cubicinterp(frac, at(id - 1), at(id), at(id + 1), at(id + 2));
        self.buf[self.wr] = if x.is_finite() { x } else { 0.0 };
        self.wr = (self.wr + 1) % LEN;
        y
    }
}

/// `cubicinterp(x, y0, y1, y2, y3)` (`SC_SndBuf.h`): the 4-point, 3rd-order Hermite
/// interpolation between `y1` and `y2`.
#[inline]
pub fn cubicinterp(x: f32, y0: f32, y1: f32, y2: f32, y3: f32) -> f32 {
    let c1 = 0.5 * (y2 - y0);
    let c2 = y0 - 2.5 * y1 + 2.0 * y2 - 0.5 * y3;
    let c3 = 0.5 * (y3 - y0) + 1.5 * (y1 - y2);
    ((c3 * x + c2) * x + c1) * x + y1
}

/// The write side of a `DelayC` over a caller's buffer (see the module's notes); readers
/// ([`DelayLine::read`]) share it, as the server's units each keep a copy of the same input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DelayLine {
    mask: usize,
    /// The index the last input went to.
    wr: usize,
}

impl DelayLine {
    /// `DelayUnit_AllocDelayLine`'s buffer length for `maxdelay` s.
    pub fn buffer_len(maxdelay: f64, sr: f64) -> usize {
        (((maxdelay as f32 * sr as f32 + 1.0).ceil() as usize) + 64).next_power_of_two()
    }

    /// A line over a (zeroed) buffer of [`DelayLine::buffer_len`] samples.
    pub fn new(len: usize) -> DelayLine {
        debug_assert!(len.is_power_of_two());
        DelayLine {
            mask: len - 1,
            wr: len - 1,
        }
    }

    /// `CalcDelay`: the delay in samples, clipped to 1 and the buffer's length.
    #[inline]
    pub fn dsamp(&self, delay_s: f32, sr: f32) -> f32 {
        (delay_s * sr).clamp(1.0, (self.mask + 1) as f32)
    }

    /// Writes this sample's input (before it is read).
    #[inline]
    pub fn write(&mut self, buf: &mut [f32], x: f32) {
        self.wr = (self.wr + 1) & self.mask;
        buf[self.wr] = x;
    }

    /// This sample's output `dsamp` samples back.
    #[inline]
    pub fn read(&self, buf: &[f32], dsamp: f32) -> f32 {
        let id = dsamp as usize;
        let frac = dsamp - id as f32;
        let at = |back: usize| buf[self.wr.wrapping_sub(back) & self.mask];
        cubicinterp(frac, at(id.wrapping_sub(1)), at(id), at(id + 1), at(id + 2))
    }
}

/// A control-rate delay time read from a [`DelayLine`]: `DelayX_perform`'s `dsamp`, ramped
/// over a block to a new delay time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KrDelay {
    delaytime: f32,
    dsamp: f32,
    slope: f32,
}

impl KrDelay {
    /// The constructor's delay time (`DelayUnit_Reset`).
    pub fn new(line: &DelayLine, delay_s: f32, sr: f32) -> KrDelay {
        KrDelay {
            delaytime: delay_s,
            dsamp: line.dsamp(delay_s, sr),
            slope: 0.0,
        }
    }

    /// The start of a control block of `n` samples with this delay time.
    pub fn block(&mut self, line: &DelayLine, delay_s: f32, sr: f32, n: usize) {
        self.slope = if delay_s == self.delaytime {
            0.0
        } else {
            self.delaytime = delay_s;
            (line.dsamp(delay_s, sr) - self.dsamp) / n as f32
        };
    }

    /// This sample's output (after the line's write).
    #[inline]
    pub fn read(&mut self, line: &DelayLine, buf: &[f32]) -> f32 {
        self.dsamp += self.slope;
        line.read(buf, self.dsamp)
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

    /// The server's order: the input is written before the read, so one sample of delay is
    /// the last input; a new delay time ramps over the block.
    #[test]
    fn a_line_writes_then_reads() {
        assert_eq!(DelayLine::buffer_len(1.0, 48000.0), 65536);
        assert_eq!(DelayLine::buffer_len(0.2, 48000.0), 16384);
        let mut buf = vec![0.0f32; 16];
        let mut line = DelayLine::new(16);
        let mut d = KrDelay::new(&line, 1.0 / 48000.0, 48000.0);
        let mut y = vec![];
        for k in 0..4 {
            line.write(&mut buf, k as f32 + 1.0);
            y.push(d.read(&line, &buf));
        }
        assert_eq!(y, [0.0, 1.0, 2.0, 3.0]);
        d.block(&line, 3.0 / 48000.0, 48000.0, 2);
        line.write(&mut buf, 5.0);
        assert_eq!(d.read(&line, &buf), 3.0, "two samples back");
        line.write(&mut buf, 6.0);
        assert_eq!(d.read(&line, &buf), 3.0, "three samples back");
    }
}
