//! Sample voices read with SuperDirt's 4-point interpolation (`PlayBuf`, `interpolation: 4`:
//! SuperCollider's `cubicinterp`), measured on renders: a 1 kHz sine sample played at speeds 0.5,
//! 0.75 and 1.5 against the ideal resampled sine, and against linear interpolation (Phonon's
//! read before, computed here at the same positions); speed 1 reads the sample exactly; any
//! block size renders the same samples.

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::{Library, Sample};
use std::f64::consts::TAU;
use std::sync::Arc;

const SR: u32 = 44100;
const AMP: f64 = 0.5;
const F0: f64 = 1000.0;
/// The measured window: after the onset, before any voice ends (the slowest is 2 s long).
const FROM: usize = 4096;
const N: usize = 16384;

/// The kit plus `sinek`: two seconds of a 1 kHz sine at the session rate (so speed 1 reads it
/// sample for sample).
fn library() -> (Library, Arc<Sample>) {
    let mut lib = Library::with_kit(SR as f32);
    let s = Arc::new(Sample {
        left: (0..2 * SR as usize)
            .map(|i| (AMP * (TAU * F0 * i as f64 / SR as f64).sin()) as f32)
            .collect(),
        right: None,
        sample_rate: SR as f32,
    });
    lib.banks.insert("sinek".to_string(), vec![s.clone()]);
    (lib, s)
}

/// The left channel of one cycle (2 s) of `sinek` at `speed`, in blocks of `block`.
fn play(lib: &Library, speed: &str, block: usize) -> Vec<f32> {
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    let src = format!("cps: 0.5\nout $ s \"sinek\" # speed {speed}");
    render(&src, lib, &spec, || block, |_, _| {}).unwrap().left
}

/// In-place radix-2 FFT (`re.len()` a power of two).
fn fft(re: &mut [f64], im: &mut [f64]) {
    let n = re.len();
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let ang = -TAU / len as f64;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let (wr, wi) = ((ang * k as f64).cos(), (ang * k as f64).sin());
                let (a, b) = (start + k, start + k + len / 2);
                let (xr, xi) = (re[b] * wr - im[b] * wi, re[b] * wi + im[b] * wr);
                re[b] = re[a] - xr;
                im[b] = im[a] - xi;
                re[a] += xr;
                im[a] += xi;
            }
        }
        len <<= 1;
    }
}

/// The largest spectral component of `err` (Hann window, amplitude per bin), in dB relative to
/// an amplitude of `reference`.
fn largest_component_db(err: &[f64], reference: f64) -> f64 {
    let n = err.len();
    let w: Vec<f64> = (0..n)
        .map(|i| 0.5 - 0.5 * (TAU * i as f64 / n as f64).cos())
        .collect();
    let mut re: Vec<f64> = err.iter().zip(&w).map(|(e, w)| e * w).collect();
    let mut im = vec![0.0; n];
    fft(&mut re, &mut im);
    let wsum: f64 = w.iter().sum();
    let peak = (0..=n / 2)
        .map(|k| 2.0 * (re[k] * re[k] + im[k] * im[k]).sqrt() / wsum)
        .fold(0.0, f64::max);
    20.0 * (peak / reference).log10()
}

/// The voice's gain from sample to output (pan, SuperDirt's level): the speed-1 render over the
/// sample, least squares.
fn voice_gain(out1: &[f32], sample: &Sample) -> f64 {
    let (mut xy, mut xx) = (0.0, 0.0);
    for (x, y) in sample.left[FROM..FROM + N]
        .iter()
        .zip(&out1[FROM..FROM + N])
    {
        let (x, y) = (*x as f64, *y as f64);
        xy += x * y;
        xx += x * x;
    }
    xy / xx
}

/// The ideal output at sample `i` for `speed`: the continuous sine the sample was taken from,
/// read at `speed * i`.
fn ideal(i: usize, speed: f64) -> f64 {
    AMP * (TAU * F0 * speed * i as f64 / SR as f64).sin()
}

/// Phonon's read before this change: linear interpolation at the same positions.
fn linear(sample: &Sample, i: usize, speed: f64) -> f64 {
    let p = speed * i as f64;
    let i0 = p as usize;
    let fr = (p - i0 as f64) as f32;
    let (a, b) = (sample.left[i0], sample.left[i0 + 1]);
    (a + (b - a) * fr) as f64
}

#[test]
fn cubic_interpolation_is_30_db_cleaner_than_linear() {
    let (lib, sample) = library();
    let out1 = play(&lib, "1", 512);
    let g = voice_gain(&out1, &sample);
    assert!(g > 0.0);
    for (speed, text) in [(0.5, "0.5"), (0.75, "0.75"), (1.5, "1.5")] {
        let out = play(&lib, text, 512);
        let cubic: Vec<f64> = (FROM..FROM + N)
            .map(|i| out[i] as f64 / g - ideal(i, speed))
            .collect();
        let lin: Vec<f64> = (FROM..FROM + N)
            .map(|i| linear(&sample, i, speed) - ideal(i, speed))
            .collect();
        let (c, l) = (
            largest_component_db(&cubic, AMP),
            largest_component_db(&lin, AMP),
        );
        println!("speed {speed}: largest error component linear {l:.1} dB, cubic {c:.1} dB");
        assert!(l > -70.0 && l < -45.0, "speed {speed}: linear {l:.1} dB");
        assert!(
            c <= l - 30.0,
            "speed {speed}: cubic {c:.1} dB is not 30 dB below linear {l:.1} dB"
        );
    }
}

#[test]
fn speed_one_reads_the_sample_exactly() {
    let (lib, sample) = library();
    let out = play(&lib, "1", 512);
    let g = voice_gain(&out, &sample);
    assert!(g > 0.0);
    // Every output sample is the source's times the voice's gain, to the rounding of the gain
    // stages (an interpolated read would be off by up to 1e-3 of the amplitude).
    for (i, (x, y)) in sample.left.iter().zip(&out).take(SR as usize).enumerate() {
        let (x, y) = (*x as f64, *y as f64);
        assert!(
            (y - x * g).abs() <= 1e-6 * g * AMP,
            "sample {i}: {y} vs {}",
            x * g
        );
    }
}

#[test]
fn interpolated_voices_render_the_same_at_any_block_size() {
    let (lib, _) = library();
    for speed in [
        "0.75",
        "1.5",
        "(-0.75)",
        "\"0.5 1.25\" # begin 0.1",
        "0.9 # accelerate 0.3",
    ] {
        let a = play(&lib, speed, 512);
        for block in [1, 64, 333] {
            let b = play(&lib, speed, block);
            assert_eq!(a, b, "speed {speed}, blocks of {block}");
        }
    }
}
