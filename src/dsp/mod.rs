//! DSP leaf library: oscillators, filters, envelopes and effects that the engine renders per block.
//!
//! This folder imports nothing from the rest of the crate (docs/ARCHITECTURE.md: a leaf layer).
//!
//! Conventions shared by every node (docs/ARCHITECTURE.md, real-time rules):
//! * `new(sample_rate)` allocates everything (delay lines sized to a documented maximum);
//!   `reset()` returns the node to its freshly-built state, so a re-render is bit-identical.
//! * `process*` methods render a whole block from input slices into output slices. They never
//!   allocate, lock or panic. The block length is the output slice's length (the shorter one for
//!   stereo pairs; any excess of the longer output is zeroed).
//! * Control inputs (frequency, q, time, ...) are per-sample slices read with [`at`]: a slice
//!   shorter than the block holds its last value, so `&[440.0]` is a constant parameter; an empty
//!   slice means the documented default. Audio inputs are read with [`input`] (missing = silence).
//! * Non-finite inputs are treated as 0 and huge ones clamped ([`sanitize`]); frequencies are
//!   clamped to below 0.49 * sample rate; state that would become non-finite resets the node's
//!   state; values below 1e-20 are flushed to zero ([`flush_denormal`]).
//! * Rendering is sample-by-sample deterministic, so any split of a signal into blocks (1 sample,
//!   64, random sizes) yields identical output. Every file tests this.

pub mod chorus;
pub mod delay;
pub mod dirt_reverb;
pub mod distort;
pub mod djf;
pub mod dough_biquad;
pub mod dough_compressor;
pub mod dough_duck;
pub mod dough_env;
pub mod dough_lanes;
#[cfg(target_arch = "x86_64")]
mod dough_lanes_avx2;
#[cfg(target_arch = "x86_64")]
mod dough_lanes_avx512;
#[cfg(target_arch = "x86_64")]
mod dough_lanes_simd;
pub mod dough_osc;
pub mod dough_sbd;
pub mod dough_shape;
pub mod dynamics;
pub mod env;
pub mod exp;
pub mod fft;
pub mod filter;
pub mod fm_ops;
pub mod fshift;
pub mod krush;
pub mod lanes;
#[cfg(target_arch = "x86_64")]
mod lanes_avx2;
pub mod leslie;
pub mod linen;
pub mod mda_piano;
pub mod node;
pub mod octer;
pub mod osc;
pub mod piano_lanes;
pub mod registry;
pub mod reverb;
pub mod ring;
pub mod sc_ay;
pub mod sc_bmoog;
pub mod sc_delay_c;
pub mod sc_duty;
pub mod sc_gverb;
pub mod sc_impulse;
pub mod sc_lf;
pub mod sc_limiter;
pub mod sc_membrane;
pub mod sc_noise;
pub mod sc_pan_az;
pub mod sc_peak_eq;
pub mod sc_phasor;
pub mod sc_resonz;
pub mod sc_sinosc;
pub mod sc_synth;
pub mod sc_ugens;
pub mod sine;
pub mod spectral_comb;
pub mod squiz;
pub mod supersaw_lanes;
pub mod triode;
pub mod vowel;
pub mod waveloss;
pub mod zeroed;

/// Samples per processing chunk: the engine renders a host block in chunks of at most this
/// many samples, and a feedback read through a bus lags by exactly one chunk.
pub const CHUNK: usize = 256;

/// Largest magnitude an audio or control value may have after [`sanitize`] (120 dB over full
/// scale). Keeps products such as `x * x` or 8 summed comb filters far from `f32::MAX`.
pub const SANE_MAX: f32 = 1.0e6;

/// Flush denormals: magnitudes below 1e-20 become exactly 0 (about -400 dBFS, inaudible), so
/// decaying feedback state never enters the slow subnormal range.
#[inline]
pub fn flush_denormal(x: f32) -> f32 {
    if x.abs() < 1.0e-20 {
        0.0
    } else {
        x
    }
}

/// Sanitize an input value: NaN and infinities become 0, finite values are clamped to
/// `[-SANE_MAX, SANE_MAX]`.
#[inline]
pub fn sanitize(x: f32) -> f32 {
    if x.is_finite() {
        x.clamp(-SANE_MAX, SANE_MAX)
    } else {
        0.0
    }
}

/// Read a per-sample control slice at `i`: `s[i]`, or the last value when the slice is shorter
/// (so a one-element slice is a constant), or `default` when it is empty. Always sanitized.
#[inline]
pub fn at(s: &[f32], i: usize, default: f32) -> f32 {
    match s.get(i).or_else(|| s.last()) {
        Some(&v) => sanitize(v),
        None => default,
    }
}

/// Read an audio input at `i` (sanitized); past the end of the slice the input is silence.
#[inline]
pub fn input(s: &[f32], i: usize) -> f32 {
    s.get(i).map_or(0.0, |&v| sanitize(v))
}

/// Clamp a frequency in Hz to `[lo, 0.49 * sample_rate]` after sanitizing it.
#[inline]
pub fn clamp_hz(f: f32, lo: f32, sample_rate: f32) -> f32 {
    sanitize(f).clamp(lo, 0.49 * sample_rate)
}

/// A usable sample rate: non-finite or tiny rates fall back to 48 kHz (never panics).
#[inline]
pub fn sane_rate(sample_rate: f32) -> f32 {
    if sample_rate.is_finite() && sample_rate >= 1000.0 {
        sample_rate.min(1.0e6)
    } else {
        48_000.0
    }
}

/// Mixes the dry input into the wet output already in `l`/`r`: `mix` 0 is dry, 1 is wet
/// (clamped), per sample.
pub fn dry_wet(dry_l: &[f32], dry_r: &[f32], mix: &[f32], l: &mut [f32], r: &mut [f32]) {
    for i in 0..l.len() {
        let m = mix[i].clamp(0.0, 1.0);
        l[i] = dry_l[i] * (1.0 - m) + l[i] * m;
        r[i] = dry_r[i] * (1.0 - m) + r[i] * m;
    }
}

/// Zero the tail of `out` past the rendered length `n`.
#[inline]
pub(crate) fn zero_tail(out: &mut [f32], n: usize) {
    if let Some(t) = out.get_mut(n..) {
        t.fill(0.0);
    }
}

/// Shared test helpers: block plans, signal generators and measurements.
#[cfg(test)]
pub(crate) mod testutil {
    use std::ops::Range;

    pub const SR: f32 = 48_000.0;

    /// Deterministic xorshift for tests.
    pub struct Rng(pub u32);
    impl Rng {
        pub fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            self.0
        }
        pub fn uni(&mut self) -> f32 {
            (self.next() >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0
        }
    }

    /// Three ways to cut `n` samples into blocks: one block, single samples, random sizes 1..=300.
    pub fn plans(n: usize) -> Vec<Vec<Range<usize>>> {
        let mut rng = Rng(12345);
        let mut random = Vec::new();
        let mut s = 0;
        while s < n {
            let e = (s + 1 + (rng.next() % 300) as usize).min(n);
            random.push(s..e);
            s = e;
        }
        vec![vec![0..n], (0..n).map(|i| i..i + 1).collect(), random]
    }

    /// Render with every plan from a fresh node and require identical output; then render,
    /// `reset`, render again and require the same output as a fresh node.
    /// `run(node, range, out_l, out_r)` renders `range` into the two (block-sized) outputs.
    pub fn check_blocks<N>(
        n: usize,
        make: impl Fn() -> N,
        mut run: impl FnMut(&mut N, Range<usize>, &mut [f32], &mut [f32]),
        reset: impl Fn(&mut N),
    ) {
        let mut render = |node: &mut N, plan: &[Range<usize>]| {
            let (mut l, mut r) = (vec![0.0; n], vec![0.0; n]);
            for rg in plan {
                run(node, rg.clone(), &mut l[rg.clone()], &mut r[rg.clone()]);
            }
            (l, r)
        };
        let plans = plans(n);
        let reference = render(&mut make(), &plans[0]);
        assert!(reference
            .0
            .iter()
            .chain(&reference.1)
            .all(|x| x.is_finite()));
        assert!(
            reference.0.iter().chain(&reference.1).any(|&x| x != 0.0),
            "silent render"
        );
        for p in &plans[1..] {
            assert!(
                render(&mut make(), p) == reference,
                "block split changed the output"
            );
        }
        let mut node = make();
        render(&mut node, &plans[2]);
        reset(&mut node);
        assert!(
            render(&mut node, &plans[0]) == reference,
            "reset did not restore the node"
        );
    }

    /// A test input: noise plus a sine sweep, amplitude about 0.5.
    pub fn test_signal(n: usize) -> Vec<f32> {
        let mut rng = Rng(777);
        let mut ph = 0.0f64;
        (0..n)
            .map(|i| {
                ph += (50.0 + 4000.0 * i as f64 / n as f64) / SR as f64;
                0.3 * (ph * std::f64::consts::TAU).sin() as f32 + 0.2 * rng.uni()
            })
            .collect()
    }

    /// Hostile values to splice into inputs.
    pub const BAD: [f32; 6] = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        1e30,
        -1e30,
        1e-40,
    ];

    /// `n` samples of a sine at `f` Hz, amplitude `a`.
    pub fn sine(f: f32, a: f32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| a * (std::f64::consts::TAU * f as f64 * i as f64 / SR as f64).sin() as f32)
            .collect()
    }

    pub fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt() as f32
    }

    pub fn db(ratio: f32) -> f32 {
        20.0 * ratio.log10()
    }

    /// Magnitude of the DFT of `x` at frequency `f` (normalised so a unit sine gives 0.5).
    pub fn dft_mag(x: &[f32], f: f32) -> f32 {
        let w = std::f64::consts::TAU * f as f64 / SR as f64;
        let (mut re, mut im) = (0.0f64, 0.0f64);
        for (i, &v) in x.iter().enumerate() {
            re += v as f64 * (w * i as f64).cos();
            im -= v as f64 * (w * i as f64).sin();
        }
        ((re * re + im * im).sqrt() / x.len() as f64) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(flush_denormal(1e-30), 0.0);
        assert_eq!(flush_denormal(-0.5), -0.5);
        assert_eq!(sanitize(f32::NAN), 0.0);
        assert_eq!(sanitize(f32::NEG_INFINITY), 0.0);
        assert_eq!(sanitize(1e30), SANE_MAX);
        assert_eq!(at(&[1.0, 2.0], 5, 9.0), 2.0);
        assert_eq!(at(&[], 5, 9.0), 9.0);
        assert_eq!(input(&[1.0], 3), 0.0);
        assert_eq!(clamp_hz(1e9, 1.0, 48_000.0), 0.49 * 48_000.0);
        assert_eq!(sane_rate(f32::NAN), 48_000.0);
    }
}
