//! `Limiter.ar(in, level, dur)`: SuperCollider 3.13's look-ahead limiter
//! (github.com/supercollider/supercollider, `server/plugins/FilterUGens.cpp`, `Limiter_Ctor`,
//! `Limiter_next`), in `f32` as the unit computes it. Three buffers of `ceil(dur sr)` samples
//! rotate: the input fills one, the one before it waits, the one before that plays out, so the
//! output is the input `2 ceil(dur sr)` samples late (silent until then). At each rotation the
//! gain aims for `level / max(|x|)` over the two buffers still to play (1 when that peak is under
//! `level`) and moves to it linearly over the next buffer. The constructor runs one sample (its
//! input's first value, sample 0 of the first buffer, heard at sample `2 ceil(dur sr) - 1`), so
//! the buffers rotate one sample before a multiple of `ceil(dur sr)` samples of the voice.
//!
//! Checked against scsynth 3.13 rendering `Limiter.ar(SinOsc.ar(440) * Line.ar(0.2, 3, 0.5))` at
//! 48 kHz: fed that render's input, this gives every sample of its output exactly (the test
//! below keeps a few of its gains).
//!
//! The buffers live in a caller's slice of [`Limiter::buffer_len`] samples (a voice's synth
//! buffer); every sample is written before it is read, so the slice need not be cleared.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limiter {
    bufsize: usize,
    pos: usize,
    flips: u32,
    slope: f32,
    level: f32,
    curmax: f32,
    prevmax: f32,
    slopefactor: f32,
    /// Which third of the slice is the input, middle and output buffer.
    bufs: [usize; 3],
}

/// `m_bufsize`: `ceil(dur * SAMPLERATE)` (`dur` is the float input, the rate a double).
fn bufsize(dur: f32, sr: f64) -> usize {
    ((dur as f64 * sr).ceil() as usize).max(1)
}

impl Limiter {
    /// Samples of buffer a limiter of `dur` seconds needs at `sr`.
    pub fn buffer_len(dur: f32, sr: f64) -> usize {
        3 * bufsize(dur, sr)
    }

    /// `Limiter_Ctor` with `dur` at `sr`; `x0`, the input's first value (its unit's constructor
    /// output), is the constructor's sample (its output, 0, is dropped).
    pub fn new(dur: f32, sr: f64, buf: &mut [f32], x0: f32, level: f32) -> Limiter {
        let bufsize = bufsize(dur, sr);
        let mut l = Limiter {
            bufsize,
            pos: 0,
            flips: 0,
            slope: 0.0,
            level: 1.0,
            curmax: 0.0,
            prevmax: 0.0,
            slopefactor: 1.0 / bufsize as f32,
            bufs: [0, 1, 2],
        };
        l.tick(buf, x0, level);
        l
    }

    /// One sample of `x` with the limit `level`; `buf` holds the three buffers.
    #[inline]
    pub fn tick(&mut self, buf: &mut [f32], x: f32, level: f32) -> f32 {
        let n = self.bufsize;
        if buf.len() < 3 * n {
            return 0.0;
        }
        let p = self.pos;
        buf[self.bufs[0] * n + p] = x;
        let out = if self.flips >= 2 {
            self.level * buf[self.bufs[2] * n + p]
        } else {
            0.0
        };
        self.level += self.slope;
        let v = x.abs();
        if v > self.curmax {
            self.curmax = v;
        }
        self.pos += 1;
        if self.pos >= n {
            self.pos = 0;
            // sc_max(prev, cur).
            let maxval2 = if self.prevmax > self.curmax {
                self.prevmax
            } else {
                self.curmax
            };
            self.prevmax = self.curmax;
            self.curmax = 0.0;
            let next = if maxval2 > level {
                level / maxval2
            } else {
                1.0
            };
            self.slope = (next - self.level) * self.slopefactor;
            // out <- middle, middle <- in, in <- the old out.
            let [i, m, o] = self.bufs;
            self.bufs = [o, i, m];
            self.flips = self.flips.saturating_add(1);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output is the input two buffers late (less the constructor's sample), scaled down to
    /// the level where it peaks over it, untouched under it.
    #[test]
    fn delays_by_two_buffers_and_holds_the_level() {
        let sr = 48_000.0;
        let mut buf = vec![0.0f32; Limiter::buffer_len(0.01, sr)];
        assert_eq!(buf.len(), 3 * 480);
        let mut lim = Limiter::new(0.01, sr, &mut buf, 0.0, 1.0);
        let x: Vec<f32> = (0..48_000)
            .map(|k| 0.5 * (k as f32 * 0.01).sin() * if k > 20_000 { 4.0 } else { 1.0 })
            .collect();
        let y: Vec<f32> = x.iter().map(|v| lim.tick(&mut buf, *v, 1.0)).collect();
        // (Sample 959 is the constructor's input, 0 here.)
        assert!(y[..960].iter().all(|v| *v == 0.0));
        // Under the level: the input 960 samples later.
        for k in 960..10_000 {
            assert_eq!(y[k], x[k - 960], "{k}");
        }
        // Over it (peak 2): held at 1 once the gain has moved.
        let pk = y[25_000..].iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!((0.99..=1.0001).contains(&pk), "{pk}");
    }

    /// scsynth's `Limiter.ar(SinOsc.ar(440) * Line.ar(0.2, 3, 0.5))` at 48 kHz: its output over
    /// its input 960 samples before (the input here is the same sine and ramp computed
    /// directly, within 6e-4 of the server's table sine).
    #[test]
    fn gains_as_scsynth() {
        let sr = 48_000.0;
        let mut buf = vec![0.0f32; Limiter::buffer_len(0.01, sr)];
        let mut lim = Limiter::new(0.01, sr, &mut buf, 0.0, 1.0);
        let x: Vec<f32> = (0..24_000)
            .map(|k| {
                let t = k as f64 / sr;
                ((std::f64::consts::TAU * 440.0 * t).sin() * (0.2 + 2.8 * t / 0.5)) as f32
            })
            .collect();
        let y: Vec<f32> = x.iter().map(|v| lim.tick(&mut buf, *v, 1.0)).collect();
        for (k, want) in [
            (961, 1.0),
            (6000, 1.0),
            (12_000, 0.649_476_23),
            (20_000, 0.404_115_17),
            (23_000, 0.353_869_35),
        ] {
            let g = y[k] / x[k - 960];
            assert!(
                (g - want).abs() < 1e-3,
                "sample {k}: gain {g}, scsynth's {want}"
            );
        }
    }
}
