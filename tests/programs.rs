//! The shared acceptance programs (`../shared/programs/`): each renders finite, audible sound
//! through the engine, with its onsets and stereo image where its header says.

use phonon::cli::render::{render, RenderSpec, Rendered};
use phonon::samples::Library;
use std::path::PathBuf;

mod common;

const SR: u32 = 44100;

fn program(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/programs").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn run(name: &str, cycles: f64) -> Rendered {
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec { sample_rate: SR, cycles, beats_per_cycle: 4.0 };
    let r = render(&program(name), &lib, &spec, || 512, |_, _| {}).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(r.left.iter().chain(&r.right).all(|x| x.is_finite()), "{name}: non-finite samples");
    let rms = (r.left.iter().map(|x| x * x).sum::<f32>() / r.left.len() as f32).sqrt();
    assert!(rms > 0.01, "{name}: nearly silent (rms {rms})");
    r
}

/// Onsets by energy: starts of 5 ms frames whose energy jumps well above the previous frame.
fn onset_frames(x: &[f32]) -> Vec<usize> {
    let hop = (SR as usize) / 200;
    let e: Vec<f32> = x.chunks(hop).map(|c| c.iter().map(|v| v * v).sum::<f32>()).collect();
    let mut out = vec![];
    for i in 0..e.len() {
        let prev = if i == 0 { 0.0 } else { e[i - 1] };
        if e[i] > 4.0 * prev + 1e-4 {
            out.push(i * hop);
        }
    }
    out
}

fn energy(x: &[f32]) -> f32 {
    x.iter().map(|v| v * v).sum()
}

#[test]
fn every_program_but_slicing_renders() {
    for name in [
        "01_house.ph", "02_euclid.ph", "03_alternation.ph", "04_voice_params.ph", "05_transforms.ph",
        "06_stereo_layers.ph", "07_offsets_random.ph", "08_lfo_filter.ph", "09_effects_bus.ph",
        "10_multi_out.ph", "11_chords.ph", "12_melody.ph", "13_arith.ph", "15_voice_storm.ph",
    ] {
        run(name, 2.0);
    }
}

#[test]
fn house_has_four_kicks_per_cycle() {
    // tempo 0.5: a cycle is 2 s; kicks (with hats and snares) on every quarter, hats on eighths.
    let r = run("01_house.ph", 1.0);
    let quarter = SR as usize / 2;
    let on = onset_frames(&r.left);
    for k in 0..4 {
        let t = k * quarter;
        assert!(on.iter().any(|&o| o.abs_diff(t) < 300), "no onset near {t}: {on:?}");
    }
}

#[test]
fn euclid_kicks_at_three_eighths() {
    // cps 1: kicks at 0, 3/8 and 6/8 of each cycle (among the other layers' onsets).
    let r = run("02_euclid.ph", 1.0);
    let on = onset_frames(&r.left);
    for t in [0, 3 * SR as usize / 8, 6 * SR as usize / 8] {
        assert!(on.iter().any(|&o| o.abs_diff(t) < 300), "no onset near {t}: {on:?}");
    }
}

#[test]
fn jux_puts_the_original_left_and_the_copy_right() {
    // 06: jux rev: the original hard left, the reversed copy hard right. In the first quarter
    // of the cycle only the original's kick sounds (the reversed one ends the cycle).
    let r = run("06_stereo_layers.ph", 1.0);
    let q = SR as usize / 2;
    let (l, rr) = (energy(&r.left[..q / 4]), energy(&r.right[..q / 4]));
    assert!(l > 4.0 * rr.max(1e-9), "left {l} right {rr}");
}

#[test]
fn pan_pattern_alternates_sides() {
    // 04: pan "0 1" over bd*8: the first half of the cycle hard left, the second hard right.
    let r = run("04_voice_params.ph", 1.0);
    let half = SR as usize; // tempo 0.5: a cycle is 2 s
    assert!(energy(&r.left[..half / 2]) > 100.0 * energy(&r.right[..half / 2]).max(1e-9));
    assert!(energy(&r.right[half..half + half / 2]) > 100.0 * energy(&r.left[half..half + half / 2]).max(1e-9));
}

#[test]
fn lfo_filter_sweeps_the_spectrum() {
    // 08: the filter cutoff follows a 0.25 Hz sine between 400 and 2200 Hz: the bright
    // half-period has more high-frequency energy than the dark one.
    let r = run("08_lfo_filter.ph", 2.0);
    let hf = |x: &[f32]| x.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum::<f32>() / energy(x).max(1e-9);
    let s = SR as usize;
    let bright = hf(&r.left[s / 2..3 * s / 2]); // sine rising to its peak at 1 s
    let dark = hf(&r.left[5 * s / 2..7 * s / 2]); // its trough at 3 s
    assert!(bright > 1.5 * dark, "bright {bright} dark {dark}");
}

#[test]
fn effects_bus_adds_a_tail() {
    // 09: delay and reverb on the drum bus keep sounding after the dry hits.
    let dry_src = "tempo: 0.5\nout $ s \"[bd sn, hh*8]\" # gain 0.8";
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec { sample_rate: SR, cycles: 1.0, beats_per_cycle: 4.0 };
    let dry = render(dry_src, &lib, &spec, || 512, |_, _| {}).unwrap();
    let wet = run("09_effects_bus.ph", 1.0);
    let tail = |x: &[f32]| energy(&x[x.len() - SR as usize / 8..]);
    assert!(tail(&wet.left) > 2.0 * tail(&dry.left), "wet tail {} dry tail {}", tail(&wet.left), tail(&dry.left));
}

#[test]
fn chords_sound_their_notes() {
    // 11: c4'maj on superpiano: C, E and G (261.6, 329.6, 392 Hz) dominate the first chord.
    let r = run("11_chords.ph", 1.0);
    let x = &r.left[..SR as usize / 4];
    let mag = |f: f32| common::dft_mag(x, f, SR as f32);
    let off = mag(293.7); // D, not in the chord
    for f in [261.6, 329.6, 392.0] {
        assert!(mag(f) > 4.0 * off, "{f} Hz: {} vs D {off}", mag(f));
    }
}

#[test]
fn each_output_plays_its_own_pattern() {
    // Regression: two outputs with different patterns must not share one graph node.
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec { sample_rate: SR, cycles: 1.0, beats_per_cycle: 4.0 };
    let both = render("cps: 1\no1 $ s \"bd ~\"\no2 $ s \"~ cp\"", &lib, &spec, || 512, |_, _| {}).unwrap();
    let half = SR as usize / 2;
    assert!(both.left[..10].iter().any(|x| *x != 0.0), "o1's kick at 0");
    assert!(both.left[half..half + 10].iter().any(|x| *x != 0.0), "o2's clap at 1/2");
}

#[test]
fn slicing_plays_the_loop_in_stretched_slices() {
    // 14: splice 8 "0 1 <2 3> 4 5 6 7 7" over a generated 8-beat loop in a temporary folder:
    // eight events per 2 s cycle, each a slice stretched to fill its event; the beats have
    // different pitches, so the slice order shows in the spectrum.
    let dir = std::env::temp_dir().join(format!("phonon-slicing-{}", std::process::id()));
    let bank = dir.join("breaks125");
    std::fs::create_dir_all(&bank).unwrap();
    let spec = hound::WavSpec { channels: 1, sample_rate: SR, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(bank.join("loop.wav"), spec).unwrap();
    let beat = (SR as f32 * 0.24) as usize;
    for i in 0..beat * 8 {
        let (b, t) = (i / beat, (i % beat) as f32 / SR as f32);
        let x = (-t * 30.0).exp() * (std::f32::consts::TAU * (200.0 + 100.0 * b as f32) * t).sin();
        w.write_sample((x * 20000.0) as i16).unwrap();
    }
    w.finalize().unwrap();
    let index = phonon::samples::BankIndex::scan_paths(&[dir.clone()]);
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec { sample_rate: SR, cycles: 1.0, beats_per_cycle: 4.0 };
    let r = phonon::cli::render::render_with_index(&program("14_slicing.ph"), &lib, &index, &spec, || 512, |_, _| {})
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let on = onset_frames(&r.left);
    let step = 2 * SR as usize / 8;
    for k in 0..8 {
        assert!(on.iter().any(|&o| o.abs_diff(k * step) < 300), "no slice onset near {}: {on:?}", k * step);
    }
    // Event 3 plays slice 4 (600 Hz beat, stretched by 0.24 s / 0.25 s to 576 Hz), not slice 3.
    let x = &r.left[3 * step + 200..3 * step + 4000];
    let mag = |f: f32| common::dft_mag(x, f, SR as f32);
    assert!(mag(576.0) > 3.0 * mag(480.0), "slice 4 at 576 Hz: {} vs slice 3 at 480 Hz: {}", mag(576.0), mag(480.0));
}
