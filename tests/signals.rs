//! Phonon's signal nodes in programs: oscillators at their frequency, filters, effects and
//! envelopes rendered and measured.

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::Library;

mod common;

const SR: u32 = 44100;

fn run(src: &str, cycles: f64) -> Vec<f32> {
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec { sample_rate: SR, cycles, beats_per_cycle: 4.0 };
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
    let x = run("tempo: 1\nout $ sine 220 * adsr 0.01 0.05 0.5 0.05 \"1 0\"", 1.0);
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
