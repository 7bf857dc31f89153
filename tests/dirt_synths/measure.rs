//! The figures `tests/dirt_synths.rs` compares with SuperDirt's: one note of a stereo render,
//! measured the same way on SuperDirt's render (written to `reference.json` by the ignored test
//! `write_reference`) and on Phonon's (so a difference is the synth's, not the method's).
//!
//! * `rms_db`: RMS of both channels from the onset to the note's end, dBFS.
//! * `attack_ms`: 10 % to 90 % of the RMS envelope's maximum (2 ms windows, or one period of a
//!   pitched note if longer; 0.5 ms hop).
//! * `decay_s`: onset to the last envelope point above -20 dB of its maximum.
//! * `end_s`: onset to the last sample above -100 dB of the note's peak.
//! * `centroid_hz`: power-weighted mean frequency (20 Hz..20 kHz) of the sounding part
//!   (2^17-point FFT, no window), both channels summed.
//! * `pitch_hz`: the strongest partial within a semitone of the note (50 ms..950 ms, Hann, DFT
//!   scan and golden-section refinement); `harmonics_db`: partials 2..8 against it (the
//!   strongest within 0.5 % of k times it).
//! * `side_db`: side over mid (dB); `balance_db`: right over left (dB).

use serde::{Deserialize, Serialize};

pub const SR: f64 = 48000.0;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Figures {
    pub rms_db: f64,
    pub attack_ms: f64,
    pub decay_s: f64,
    pub end_s: f64,
    pub centroid_hz: f64,
    pub pitch_hz: Option<f64>,
    pub harmonics_db: Option<Vec<f64>>,
    pub side_db: f64,
    pub balance_db: f64,
}

fn db(x: f64) -> f64 {
    20.0 * x.max(1e-12).log10()
}

fn hann(x: &[f64]) -> Vec<f64> {
    let n = x.len() as f64;
    x.iter()
        .enumerate()
        .map(|(i, &v)| v * (0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n).cos()))
        .collect()
}

/// |DFT| of a windowed frame at `f` Hz, over its length.
fn dft(w: &[f64], f: f64) -> f64 {
    let step = -std::f64::consts::TAU * f / SR;
    let (sr, si) = (step.cos(), step.sin());
    let (mut pr, mut pi, mut ar, mut ai) = (1.0, 0.0, 0.0, 0.0);
    for (k, &v) in w.iter().enumerate() {
        ar += v * pr;
        ai += v * pi;
        let t = pr * sr - pi * si;
        pi = pr * si + pi * sr;
        pr = t;
        if k % 4096 == 4095 {
            // Keep the rotation on the unit circle.
            let m = (pr * pr + pi * pi).sqrt();
            pr /= m;
            pi /= m;
        }
    }
    (ar * ar + ai * ai).sqrt() / w.len() as f64
}

/// The strongest partial within `[lo, hi]` Hz.
fn peak(w: &[f64], lo: f64, hi: f64, steps: usize) -> (f64, f64) {
    let (mut best, mut bm) = (lo, 0.0);
    for k in 0..=steps {
        let f = lo + (hi - lo) * k as f64 / steps as f64;
        let m = dft(w, f);
        if m > bm {
            (best, bm) = (f, m);
        }
    }
    let d = (hi - lo) / steps as f64;
    let (mut a, mut b) = (best - d, best + d);
    let g = 0.5 * (5f64.sqrt() - 1.0);
    while b - a > 1e-3 {
        let (c, e) = (b - g * (b - a), a + g * (b - a));
        if dft(w, c) > dft(w, e) {
            b = e;
        } else {
            a = c;
        }
    }
    let f = 0.5 * (a + b);
    (f, dft(w, f).max(bm))
}

/// Measures the note heard within `start .. start + len` of `(l, r)`; `note_hz`: the note's
/// frequency for a pitched synth. The note's onset is its first sample over 1e-5, back to the
/// start of its control block (64 samples: both renders start events on block boundaries; the
/// oracle's scores start theirs 960 samples after the event's time).
pub fn measure(l: &[f32], r: &[f32], start: usize, len: usize, note_hz: Option<f64>) -> Figures {
    let end = (start + len).min(l.len());
    let first = (start..end)
        .find(|&i| l[i].abs().max(r[i].abs()) > 1e-5)
        .unwrap_or(start);
    let start = start + (first - start) / 64 * 64;
    let l: Vec<f64> = l[start..end].iter().map(|v| *v as f64).collect();
    let r: Vec<f64> = r[start..end].iter().map(|v| *v as f64).collect();
    let pk = l.iter().chain(&r).fold(0.0f64, |m, v| m.max(v.abs()));
    let last = (0..l.len())
        .rev()
        .find(|&i| l[i].abs().max(r[i].abs()) > pk * 1e-5)
        .unwrap_or(0);
    let n = last + 1;
    let pow: Vec<f64> = (0..n).map(|i| 0.5 * (l[i] * l[i] + r[i] * r[i])).collect();
    let rms_db = db((pow.iter().sum::<f64>() / n as f64).sqrt());
    // The RMS envelope.
    // (At least one period of a pitched note, so the envelope does not follow the wave.)
    let win = note_hz.map_or(96, |f| ((SR / f).ceil() as usize).max(96));
    let hop = 24usize;
    let mut c = vec![0.0];
    for p in &pow {
        c.push(c.last().unwrap() + p);
    }
    let env: Vec<(f64, f64)> = (0..n.saturating_sub(win))
        .step_by(hop)
        .map(|s| {
            (
                (s as f64 + win as f64 / 2.0) / SR,
                ((c[s + win] - c[s]) / win as f64).sqrt(),
            )
        })
        .collect();
    let emax = env.iter().fold(0.0f64, |m, e| m.max(e.1));
    let first_at = |x: f64| env.iter().find(|e| e.1 >= x * emax).map_or(0.0, |e| e.0);
    let attack_ms = (first_at(0.9) - first_at(0.1)) * 1000.0;
    let decay_s = env
        .iter()
        .rev()
        .find(|e| e.1 >= 0.1 * emax)
        .map_or(0.0, |e| e.0);
    // The spectrum's centroid.
    let m: Vec<f64> = (0..n).map(|i| 0.5 * (l[i] + r[i])).collect();
    let size = 1 << 17;
    // No window: the note starts and ends at 0 (a window would weigh the onset by how far
    // into the frame it falls).
    let mut re: Vec<f32> = m[..n.min(size)].iter().map(|v| *v as f32).collect();
    re.resize(size, 0.0);
    let mut im = vec![0.0f32; size];
    let tw = phonon::dsp::fft::twiddles(size);
    phonon::dsp::fft::fft(&mut re, &mut im, &tw, false);
    let (mut num, mut den) = (0.0, 0.0);
    for k in 1..size / 2 {
        let f = k as f64 * SR / size as f64;
        if (20.0..20000.0).contains(&f) {
            let p = (re[k] as f64).powi(2) + (im[k] as f64).powi(2);
            num += f * p;
            den += p;
        }
    }
    let centroid_hz = num / den.max(1e-30);
    let (pitch_hz, harmonics_db) = match note_hz {
        Some(f0) => {
            let a = (0.05 * SR) as usize;
            let b = ((0.95 * SR) as usize).min(n);
            let w = hann(&m[a..b]);
            let semi = 2f64.powf(1.0 / 12.0);
            let (f, h1) = peak(&w, f0 / semi, f0 * semi, 120);
            let hs = (2..=8)
                .map(|k| {
                    let fk = f * k as f64;
                    if fk > 0.45 * SR {
                        return -200.0;
                    }
                    db(peak(&w, fk * 0.995, fk * 1.005, 20).1 / h1)
                })
                .collect();
            (Some(f), Some(hs))
        }
        None => (None, None),
    };
    let (mut sm, mut ss, mut sl, mut sr_) = (0.0, 0.0, 0.0, 0.0);
    for i in 0..n {
        sm += (0.5 * (l[i] + r[i])).powi(2);
        ss += (0.5 * (l[i] - r[i])).powi(2);
        sl += l[i] * l[i];
        sr_ += r[i] * r[i];
    }
    Figures {
        rms_db,
        attack_ms,
        decay_s,
        end_s: n as f64 / SR,
        centroid_hz,
        pitch_hz,
        harmonics_db,
        side_db: 10.0 * (ss.max(1e-30) / sm.max(1e-30)).log10(),
        balance_db: 10.0 * (sr_.max(1e-30) / sl.max(1e-30)).log10(),
    }
}
