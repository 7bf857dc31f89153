//! Phonon's signal nodes in programs: oscillators at their frequency, filters, effects and
//! envelopes rendered and measured.

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::Library;

mod common;

const SR: u32 = 44100;

fn run(src: &str, cycles: f64) -> Vec<f32> {
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles,
        beats_per_cycle: 4.0,
    };
    let r = render(src, &lib, &spec, || 512, |_, _| {}).unwrap_or_else(|e| panic!("{src}: {e}"));
    assert!(r.left.iter().all(|x| x.is_finite()), "{src}: non-finite");
    r.left
}

fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0, |m, v| m.max(v.abs()))
}

fn mag(x: &[f32], f: f32) -> f32 {
    common::dft_mag(x, f, SR as f32)
}

#[test]
fn oscillators_play_their_frequency() {
    for w in ["sine", "saw", "square", "tri"] {
        let x = run(&format!("tempo: 1\nout $ {w} 440 * 0.5"), 1.0);
        assert!(mag(&x, 440.0) > 5.0 * mag(&x, 415.0), "{w}");
    }
}

#[test]
fn a_pattern_sets_the_frequency_on_the_exact_sample() {
    // tempo 1: "220 440" switches at sample 22050.
    let x = run("tempo: 1\nout $ sine \"220 440\" * 0.5", 1.0);
    assert!(mag(&x[..22050], 220.0) > 5.0 * mag(&x[..22050], 440.0));
    assert!(mag(&x[22050..], 440.0) > 5.0 * mag(&x[22050..], 220.0));
}

#[test]
fn lowpass_removes_the_highs() {
    let dry = run("tempo: 1\nout $ saw 220 * 0.3", 1.0);
    let wet = run("tempo: 1\nout $ saw 220 * 0.3 # lpf 400 0.7", 1.0);
    assert!(mag(&wet, 2200.0) < 0.1 * mag(&dry, 2200.0));
    assert!(mag(&wet, 220.0) > 0.7 * mag(&dry, 220.0));
}

#[test]
fn distortion_adds_harmonics_and_limiter_caps() {
    let clean = run("tempo: 1\nout $ sine 220 * 0.5", 1.0);
    let dist = run("tempo: 1\nout $ sine 220 * 0.5 # distortion 0.8", 1.0);
    assert!(mag(&dist, 660.0) > 10.0 * mag(&clean, 660.0));
    let lim = run("tempo: 1\nout $ sine 220 * 4 # limiter (-6)", 1.0);
    assert!(peak(&lim) <= 0.502, "limited peak {}", peak(&lim));
}

#[test]
fn bitcrush_quantises() {
    let x = run("tempo: 1\nout $ sine 220 * 0.9 # bitcrush 2", 1.0);
    let mut levels: Vec<i32> = x.iter().map(|v| (v * 1000.0).round() as i32).collect();
    levels.sort();
    levels.dedup();
    assert!(levels.len() <= 8, "{} levels", levels.len());
}

#[test]
fn envelopes_follow_their_gate() {
    // adsr on a gate "1 0": sound in the first half, silence late in the second.
    let x = run(
        "tempo: 1\nout $ sine 220 * adsr 0.01 0.05 0.5 0.05 \"1 0\"",
        1.0,
    );
    assert!(peak(&x[2000..20000]) > 0.3);
    assert!(peak(&x[30000..44100]) < 0.01);
    // ar on triggers "1 0 1 0": two bursts.
    let y = run("tempo: 1\nout $ sine 220 * ar 0.005 0.1 \"1 0 1 0\"", 1.0);
    assert!(peak(&y[..2000]) > 0.5 && peak(&y[22050..24000]) > 0.5);
    assert!(peak(&y[18000..22000]) < 0.05);
}

#[test]
fn chorus_and_compressor_render() {
    let c = run("tempo: 1\nout $ saw 220 * 0.3 # chorus 0.5 0.5 0.5", 1.0);
    assert!(peak(&c) > 0.05);
    let loud = run("tempo: 1\nout $ sine 220 * 0.9", 1.0);
    let comp = run("tempo: 1\nout $ sine 220 * 0.9 # compressor (-20) 8", 1.0);
    assert!(peak(&comp[22050..]) < 0.6 * peak(&loud[22050..]));
}

#[test]
fn a_stepped_control_changes_on_the_exact_sample() {
    // tempo 1: the pattern "0.25 0.5" steps at sample 22050 (half a cycle at 44.1 kHz).
    let x = run("tempo: 1\nout $ \"0.25 0.5\" * 1", 1.0);
    assert!(
        x[..22050].iter().all(|v| *v == 0.25),
        "first half {:?}",
        &x[22045..22050]
    );
    assert!(
        x[22050..44100].iter().all(|v| *v == 0.5),
        "second half {:?}",
        &x[22050..22055]
    );
}

#[test]
fn continuous_patterns_are_sampled_at_every_sample() {
    // tempo 0.5: a cycle is 88200 samples; Tidal's `saw` (0..1 per cycle) in a signal position
    // is its value at each sample's own cycle position: k / 88200 at sample k.
    let x = run("tempo: 0.5\nout $ saw * 1", 1.0);
    for (k, v) in x.iter().enumerate().take(88200) {
        let want = (k as f64 / 88200.0) as f32;
        assert!((v - want).abs() <= 1e-6, "sample {k}: {v}, want {want}");
    }
    assert!(
        x[..88200].windows(2).all(|w| w[1] > w[0]),
        "not rising at every sample"
    );
    // `rand` is a new value at every sample (white noise, not a held step).
    let r = run("tempo: 0.5\nout $ rand * 1", 0.1);
    let changes = r.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(
        changes + 1 >= r.len() - 2,
        "rand held its value: {changes} changes in {} samples",
        r.len()
    );
}
