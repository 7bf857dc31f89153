//! The figures `tests/dirt_fx_oracle.rs` adds to `dirt_synths/measure.rs`'s for the orbit's
//! effects, measured the same way on SuperDirt's render and on Phonon's:
//!
//! * `echoes`: the delay's echoes, (seconds after the onset, dB against the first peak): the
//!   local maxima of the RMS envelope (5 ms windows, 1 ms hop) over -60 dB of the loudest, at
//!   least 40 ms apart, the first 6.
//! * `rt60_s`: the reverb's decay: Schroeder's backward-integrated energy (M. R. Schroeder,
//!   "New method of measuring reverberation time", JASA 37, 1965) from its maximum, the time
//!   from -5 dB to -25 dB (T20) times 3.
//! * `mod_hz`: the strongest rate in 0.5..20 Hz of the amplitude envelope (peak per
//!   millisecond, from 0.2 s to the end of the note, mean removed).
//! * `sub_db`: the strongest partial within 0.5 % of f0/2 and of f0/4, against f0 (`octer`'s
//!   sub-octaves; Hann window over 50..950 ms).

use super::measure::SR;

fn db(x: f64) -> f64 {
    20.0 * x.max(1e-12).log10()
}

/// Where the sound starts: the first sample over 1e-5, back to its control block.
pub fn onset(l: &[f32], r: &[f32]) -> usize {
    let first = (0..l.len())
        .find(|&i| l[i].abs().max(r[i].abs()) > 1e-5)
        .unwrap_or(0);
    first / 64 * 64
}

fn power(l: &[f32], r: &[f32], from: usize) -> Vec<f64> {
    (from..l.len())
        .map(|i| 0.5 * ((l[i] as f64).powi(2) + (r[i] as f64).powi(2)))
        .collect()
}

pub fn echoes(l: &[f32], r: &[f32]) -> Vec<(f64, f64)> {
    let s = onset(l, r);
    let p = power(l, r, s);
    let (win, hop) = (240usize, 48usize);
    let env: Vec<f64> = (0..p.len().saturating_sub(win))
        .step_by(hop)
        .map(|a| (p[a..a + win].iter().sum::<f64>() / win as f64).sqrt())
        .collect();
    let max = env.iter().fold(0.0f64, |m, v| m.max(*v));
    let mut peaks: Vec<(usize, f64)> = vec![];
    for i in 1..env.len().saturating_sub(1) {
        if env[i] >= env[i - 1] && env[i] > env[i + 1] && env[i] > max * 1e-3 {
            match peaks.last_mut() {
                Some(last) if i - last.0 < 40 => {
                    if env[i] > last.1 {
                        *last = (i, env[i]);
                    }
                }
                _ => peaks.push((i, env[i])),
            }
        }
    }
    let first = peaks.first().map_or(1.0, |p| p.1);
    peaks
        .iter()
        .take(6)
        .map(|&(i, v)| ((i * hop) as f64 / SR, db(v / first)))
        .collect()
}

pub fn rt60_s(l: &[f32], r: &[f32]) -> f64 {
    let p = power(l, r, onset(l, r));
    let mut tail = vec![0.0; p.len() + 1];
    for i in (0..p.len()).rev() {
        tail[i] = tail[i + 1] + p[i];
    }
    let top = tail[0].max(1e-30);
    let at = |level_db: f64| {
        let x = top * 10f64.powf(level_db / 10.0);
        tail.iter().position(|&t| t < x).unwrap_or(p.len()) as f64 / SR
    };
    3.0 * (at(-25.0) - at(-5.0))
}

pub fn mod_hz(l: &[f32], r: &[f32]) -> f64 {
    let s = onset(l, r) + (0.2 * SR) as usize;
    let last = (0..l.len())
        .rev()
        .find(|&i| l[i].abs().max(r[i].abs()) > 1e-3)
        .unwrap_or(l.len());
    let env: Vec<f64> = (s..last.max(s + 48))
        .collect::<Vec<_>>()
        .chunks(48)
        .map(|c| {
            c.iter()
                .fold(0.0f64, |m, &i| m.max((l[i] as f64 + r[i] as f64).abs()))
        })
        .collect();
    let mean = env.iter().sum::<f64>() / env.len() as f64;
    let rate = SR / 48.0;
    let mag = |f: f64| {
        let (mut a, mut b) = (0.0, 0.0);
        for (k, v) in env.iter().enumerate() {
            let ph = std::f64::consts::TAU * f * k as f64 / rate;
            a += (v - mean) * ph.cos();
            b += (v - mean) * ph.sin();
        }
        a * a + b * b
    };
    (0..=390)
        .map(|k| 0.5 + k as f64 * 0.05)
        .max_by(|a, b| mag(*a).total_cmp(&mag(*b)))
        .unwrap_or(0.0)
}

/// |DFT| over `x` (Hann) at `f`.
fn dft(x: &[f64], f: f64) -> f64 {
    let n = x.len() as f64;
    let (mut a, mut b) = (0.0, 0.0);
    for (k, v) in x.iter().enumerate() {
        let w = 0.5 - 0.5 * (std::f64::consts::TAU * k as f64 / n).cos();
        let ph = std::f64::consts::TAU * f * k as f64 / SR;
        a += v * w * ph.cos();
        b += v * w * ph.sin();
    }
    (a * a + b * b).sqrt() / n
}

pub fn sub_db(l: &[f32], r: &[f32], f0: f64) -> Vec<f64> {
    let s = onset(l, r);
    let (a, b) = (
        s + (0.05 * SR) as usize,
        (s + (0.95 * SR) as usize).min(l.len()),
    );
    let m: Vec<f64> = (a..b).map(|i| 0.5 * (l[i] as f64 + r[i] as f64)).collect();
    let best = |f: f64| {
        (0..=10)
            .map(|k| dft(&m, f * (0.995 + 0.001 * k as f64)))
            .fold(0.0f64, f64::max)
    };
    let h1 = best(f0);
    [f0 / 2.0, f0 / 4.0]
        .iter()
        .map(|&f| db(best(f) / h1.max(1e-12)))
        .collect()
}

pub fn read_wav(path: &str) -> (Vec<f32>, Vec<f32>) {
    let mut rd = hound::WavReader::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(rd.spec().sample_rate as f64, SR, "{path}");
    let ch = rd.spec().channels as usize;
    let x: Vec<f32> = rd.samples::<f32>().map(|v| v.unwrap()).collect();
    let l = x.iter().step_by(ch).copied().collect();
    let r = x.iter().skip(ch - 1).step_by(ch).copied().collect();
    (l, r)
}
