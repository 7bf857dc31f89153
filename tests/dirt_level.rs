//! SuperDirt's output stage (`engine/dirt_gate.rs`: `amp * pow(gain.min(2) + overgain, 4)`,
//! `amp` 0.4): a sample played by Tidal code sounds at SuperDirt's level. SuperDirt's figures for
//! the sound oracle's sweep at `gain` 0.8, 1 and 1.2 are in `tests/dirt_level/reference.json`
//! (rendered by scsynth from SuperDirt's own synths; `tests/dirt_level/sweep_gain.scd` says how).

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::{Library, Sample};
use serde_json::Value;
use std::sync::Arc;

const SR: u32 = 48000;

/// The oracle's sample (`make_sweep.py`): 1 s exponential sine sweep 100 Hz -> 8 kHz at
/// amplitude 0.5, 5 ms linear fades, 16-bit (read back as a WAV is: `i16 / 32768`).
fn sweep() -> Arc<Sample> {
    let (sr, f0, f1) = (SR as f64, 100.0f64, 8000.0f64);
    let n = SR as usize;
    let k = (f1 / f0).ln();
    let fade = (0.005 * sr) as usize;
    let left = (0..n)
        .map(|i| {
            let t = i as f64 / sr;
            let mut x = 0.5 * (std::f64::consts::TAU * f0 / k * ((t * k).exp() - 1.0)).sin();
            if i < fade {
                x *= i as f64 / (fade - 1) as f64;
            } else if i >= n - fade {
                x *= (n - 1 - i) as f64 / (fade - 1) as f64;
            }
            ((x * 32767.0).round() / 32768.0) as f32
        })
        .collect();
    Arc::new(Sample {
        left,
        right: None,
        sample_rate: SR as f32,
    })
}

fn db(x: f64) -> f64 {
    20.0 * x.max(1e-12).log10()
}

/// Peak and RMS (first to last sample over 1e-4), dBFS.
fn level(x: &[f32]) -> (f64, f64) {
    let peak = x.iter().fold(0.0f64, |m, v| m.max(v.abs() as f64));
    let on: Vec<usize> = (0..x.len()).filter(|&i| x[i].abs() > 1e-4).collect();
    let (a, b) = (on[0], on[on.len() - 1]);
    let rms = (x[a..b].iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / (b - a) as f64).sqrt();
    (db(peak), db(rms))
}

/// `s "sweep" # gain x` at 0.8, 1 and 1.2 (one per cycle, cps 0.4 as the oracle's score): the
/// left channel's peak and RMS within 0.25 dB of SuperDirt's.
#[test]
fn sample_level_matches_superdirt_at_three_gains() {
    let reference: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/dirt_level/reference.json").unwrap())
            .unwrap();
    let mut lib = Library::with_kit(SR as f32);
    lib.banks.insert("sweep".into(), vec![sweep()]);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 3.0,
        beats_per_cycle: 4.0,
    };
    let src = "cps: 0.4\nout $ s \"sweep\" # gain \"<0.8 1 1.2>\"";
    let r = render(src, &lib, &spec, || 512, |_, _| {}).unwrap();
    let cycle = (2.5 * SR as f64) as usize;
    for (i, want) in reference["gains"].as_array().unwrap().iter().enumerate() {
        let gain = want["gain"].as_f64().unwrap();
        let (peak, rms) = level(&r.left[i * cycle..(i + 1) * cycle]);
        let (sd_peak, sd_rms) = (
            want["peak_db"].as_f64().unwrap(),
            want["rms_db"].as_f64().unwrap(),
        );
        println!("gain {gain}: peak {peak:.3} dBFS (SuperDirt {sd_peak}), RMS {rms:.3} (SuperDirt {sd_rms})");
        assert!(
            (peak - sd_peak).abs() < 0.25 && (rms - sd_rms).abs() < 0.25,
            "gain {gain}: peak {peak:.2} dBFS, RMS {rms:.2}; SuperDirt's {sd_peak}, {sd_rms}"
        );
    }
}

/// Strudel code keeps superdough's linear `gain` (its stage, `engine/dough.rs`): `gain 0.5` is
/// half of `gain 1`, not a sixteenth.
#[test]
fn strudel_gain_stays_linear() {
    let mut lib = Library::with_kit(SR as f32);
    lib.banks.insert("sweep".into(), vec![sweep()]);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 2.0,
        beats_per_cycle: 4.0,
    };
    let src = "setcps(0.4)\ns(\"sweep\").gain(\"<1 0.5>\")";
    let r = render(src, &lib, &spec, || 512, |_, _| {}).unwrap();
    let cycle = (2.5 * SR as f64) as usize;
    let (a, _) = level(&r.left[..cycle]);
    let (b, _) = level(&r.left[cycle..2 * cycle]);
    assert!(
        (a - b - 6.02).abs() < 0.1,
        "gain 1: {a:.2} dBFS, gain 0.5: {b:.2}"
    );
}
