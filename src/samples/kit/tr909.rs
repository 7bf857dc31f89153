//! The built-in `RolandTR909` bank (`s("bd").bank("RolandTR909")` plays `RolandTR909_bd`): the
//! Roland TR-909's voices, synthesized at load.
//!
//! The 909's drums are analogue (oscillators with pitch envelopes plus noise); its hi-hats,
//! crash and ride were 6-bit samples in ROM played through a DAC and a VCA. Those are not
//! reproduced: they are **approximated** here by a dense field of metallic (inharmonic)
//! partials and noise, quantized to 6 bits before the VCA as the ROM's were.
//!
//! Sources: Roland TR-909 Service Notes (1984), the voice circuits and the cymbal/hi-hat ROM
//! and DAC description; Gordon Reid, "Synth Secrets", Sound On Sound: "Practical Bass Drum
//! Synthesis" (February 2002, the 909's bass drum), "Practical Snare Drum Synthesis" (April
//! 2002, the 909's snare), "Practical Cymbal Synthesis" (July 2002). Tunings, decays inside
//! the knobs' ranges and levels are chosen by ear.

use super::blocks::*;
use super::drums::{clap, cowbell, rimshot};
use super::{MachineSound, Sample};

/// The 909's sounds, in tidal-drum-machines' names, with their variant counts (`n`).
pub(super) const SOUNDS: [MachineSound; 12] = [
    ("bd", bd, 4),
    ("sd", sd, 2),
    ("hh", hh, 1),
    ("oh", oh, 2),
    ("cp", cp, 1),
    ("rim", rim, 1),
    ("lt", lt, 1),
    ("mt", mt, 1),
    ("ht", ht, 1),
    ("cb", cb, 1),
    ("cr", cr, 1),
    ("rd", rd, 1),
];

/// The bass drum's pitch sweep: from `BD_HI` down to `BD_LO` Hz with time constant `BD_TAU` s.
pub(super) const BD_HI: f64 = 240.0;
pub(super) const BD_LO: f64 = 52.0;
pub(super) const BD_TAU: f64 = 0.009;

/// The decay knob, as the -60 dB time (s) of each variant: `bd:0` middle, `:1` short, `:2`
/// long, `:3` fully open.
pub(super) const BD_T60: [f64; 4] = [0.55, 0.32, 0.8, 1.1];

/// Bass drum (`bd`): a triangle VCO, rounded towards a sine by a shaper, its pitch swept hard
/// from [`BD_HI`] to [`BD_LO`] Hz (the 909's pitch envelope), a VCA with the decay knob's decay,
/// and the attack click: a short pulse plus a burst of low-passed noise (Reid, "Practical Bass
/// Drum Synthesis"; TR-909 Service Notes, bass drum circuit).
fn bd(sr: f64, v: usize) -> Sample {
    let t60 = BD_T60[v];
    let mut rng = Rng::for_voice(201, v);
    let n = frames(sr, t60 + 0.05);
    let sweep_k = (-1.0 / (BD_TAU * sr)).exp();
    let mut sweep = 1.0;
    let mut amp = Decay::new(sr, t60);
    let click_len = frames(sr, 0.004);
    let pulse_len = frames(sr, 0.0005);
    let mut click_env = Decay::new(sr, 0.004);
    let mut click_lp = Biquad::lowpass(sr, 5_000.0, 0.707);
    let shape = 1.6_f64;
    let shape_norm = shape.tanh();
    let drive = 1.5_f64;
    let drive_norm = drive.tanh();
    // Start a quarter cycle in: the triangle at its crest, the hardest attack.
    let mut phase: f64 = 0.25;
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        // Triangle in -1..1 with its crest at phase 0.25 and its trough at 0.75.
        let tri = if phase < 0.75 {
            1.0 - 4.0 * (phase - 0.25).abs()
        } else {
            1.0 - 4.0 * (phase - 1.25).abs()
        };
        let body = (shape * tri).tanh() / shape_norm * amp.next();
        let mut s = (drive * body).tanh() / drive_norm;
        if i < click_len {
            s += 0.35 * click_lp.process(rng.noise()) * click_env.next();
        }
        if i < pulse_len {
            s += 0.3;
        }
        *o = s as f32;
        advance(&mut phase, (BD_LO + (BD_HI - BD_LO) * sweep) / sr);
        sweep *= sweep_k;
    }
    mono(sr, out, 0.9)
}

/// The snare's two oscillators (Hz) before their pitch bend.
pub(super) const SD_HZ: [f64; 2] = [190.0, 335.0];

/// Snare (`sd`): two oscillators ([`SD_HZ`]) bent down in pitch over the first milliseconds,
/// plus white noise in two paths: low-passed (the body) and high-passed (the "snappy" path, its
/// level the snappy knob: `sd:0` middle, `sd:1` high); the 909's snare is noisier than the
/// 808's (Reid, "Practical Snare Drum Synthesis"; TR-909 Service Notes, snare circuit).
fn sd(sr: f64, v: usize) -> Sample {
    let snappy = [0.8, 1.2][v];
    let mut rng = Rng::for_voice(202, v);
    let n = frames(sr, 0.32);
    let bend_k = (-1.0 / (0.01 * sr)).exp();
    let mut bend = 0.4;
    let mut a1 = Decay::new(sr, 0.2);
    let mut a2 = Decay::new(sr, 0.13);
    let mut a_body = Decay::new(sr, 0.12);
    let mut a_snap = Decay::new(sr, 0.28);
    let mut body_lp = Biquad::lowpass(sr, 6_000.0, 0.707);
    let mut snap_hp = Biquad::highpass(sr, 3_000.0, 0.707);
    let mut snap_lp = Biquad::lowpass(sr, 16_000.0, 0.707);
    let (mut p1, mut p2) = (0.25, 0.25);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let tone = sin_cycles(p1) * a1.next() + 0.75 * sin_cycles(p2) * a2.next();
        let w = rng.noise();
        let body = body_lp.process(w) * a_body.next();
        let snap = snap_lp.process(snap_hp.process(w)) * a_snap.next();
        *o = (tone + 0.5 * body + 1.6 * snappy * snap) as f32;
        let b = 1.0 + bend;
        bend *= bend_k;
        advance(&mut p1, SD_HZ[0] * b / sr);
        advance(&mut p2, SD_HZ[1] * b / sr);
    }
    mono(sr, out, 0.85)
}

/// The stand-in for the 909's 6-bit cymbal and hi-hat ROM samples: two metal clusters at
/// unrelated scales ring-modulated into a dense field of inharmonic partials, mixed with
/// `noise` of white noise, and quantized to 6 bits (64 levels) at full scale, before the VCA.
fn rom_metal(sr: f64, n: usize, noise: f64, rng: &mut Rng) -> Vec<f64> {
    let a = metal(sr, 1.73, n, rng);
    let b = metal(sr, 2.41, n, rng);
    a.iter()
        .zip(&b)
        .map(|(x, y)| {
            let s = (1.0 - noise) * x * y + noise * rng.noise();
            (s * 31.5).round() / 31.5
        })
        .collect()
}

/// A cymbal or hi-hat: [`rom_metal`] through a VCA and a high-pass (and a band-pass for the
/// ride's bell), as the 909 filters its ROM's output.
struct Cymbal {
    noise: f64,
    hp: f64,
    /// Band-pass centre (Hz) and level for a tonal band (0 = none).
    band: f64,
    band_level: f64,
    t60: f64,
    secs: f64,
    level: f64,
}

fn cymbal(sr: f64, c: &Cymbal, seed: u32, v: usize) -> Sample {
    let mut rng = Rng::for_voice(seed, v);
    let n = frames(sr, c.secs);
    let src = rom_metal(sr, n, c.noise, &mut rng);
    let mut hp1 = Biquad::highpass(sr, c.hp, 0.707);
    let mut hp2 = Biquad::highpass(sr, c.hp, 0.707);
    let mut bp = Biquad::bandpass(sr, c.band.max(100.0), 2.0);
    let mut amp = Decay::new(sr, c.t60);
    let mut out = vec![0.0; n];
    for (o, x) in out.iter_mut().zip(src) {
        let x = x * amp.next();
        let mut s = hp2.process(hp1.process(x));
        if c.band_level > 0.0 {
            s += c.band_level * bp.process(x);
        }
        *o = s as f32;
    }
    mono(sr, out, c.level)
}

/// Closed hi-hat (`hh`): the ROM stand-in, high-passed at 7 kHz, short decay.
fn hh(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    let c = Cymbal { noise: 0.35, hp: 7_000.0, band: 0.0, band_level: 0.0, t60: 0.12, secs: 0.12, level: 0.75 };
    cymbal(sr, &c, 203, v)
}

/// Open hi-hat (`oh`): as `hh` with the decay knob's longer decay (`oh:1` longer).
fn oh(sr: f64, v: usize) -> Sample {
    let (t60, secs) = [(0.7, 0.6), (1.1, 0.95)][v];
    #[rustfmt::skip]
    let c = Cymbal { noise: 0.35, hp: 6_500.0, band: 0.0, band_level: 0.0, t60, secs, level: 0.75 };
    cymbal(sr, &c, 204, v)
}

/// Crash (`cr`): the ROM stand-in, noisier, high-passed lower (3.5 kHz), long decay.
fn cr(sr: f64, _v: usize) -> Sample {
    #[rustfmt::skip]
    let c = Cymbal { noise: 0.5, hp: 3_500.0, band: 0.0, band_level: 0.0, t60: 1.8, secs: 1.6, level: 0.75 };
    cymbal(sr, &c, 210, 0)
}

/// Ride (`rd`): the ROM stand-in with less noise (more ping), a bell band at 4.2 kHz, and a long
/// decay.
fn rd(sr: f64, _v: usize) -> Sample {
    #[rustfmt::skip]
    let c = Cymbal { noise: 0.12, hp: 5_000.0, band: 4_200.0, band_level: 0.5, t60: 2.0, secs: 1.6, level: 0.75 };
    cymbal(sr, &c, 211, 0)
}

/// Hand clap (`cp`): the kit's 909-style clap ([`clap`] variant 1: four 11 ms bursts of
/// band-passed noise and a reverb tail; TR-909 Service Notes, hand clap circuit).
fn cp(sr: f64, _v: usize) -> Sample {
    clap(sr, 1)
}

/// Rim shot (`rim`): the kit's tight rim shot ([`rimshot`] variant 2).
fn rim(sr: f64, _v: usize) -> Sample {
    rimshot(sr, 2)
}

/// The toms' tunings (Hz): low, mid and high.
pub(super) const TOM_HZ: [f64; 3] = [100.0, 145.0, 200.0];

/// The toms: an oscillator with a strong pitch envelope and noise (TR-909 Service Notes, tom
/// circuits), a [`membrane`] with a big bend.
fn tom(sr: f64, hz: f64, t60: f64, seed: u32) -> Sample {
    let mut rng = Rng::for_voice(seed, 0);
    let m = Membrane {
        hz,
        bend: 0.7,
        bend_tau: 0.04,
        t60,
        overtone: 0.12,
        noise: 0.25,
        secs: t60 * 0.85,
    };
    mono(sr, membrane(sr, &m, &mut rng), 0.85)
}

fn lt(sr: f64, _v: usize) -> Sample {
    tom(sr, TOM_HZ[0], 0.55, 206)
}

fn mt(sr: f64, _v: usize) -> Sample {
    tom(sr, TOM_HZ[1], 0.45, 207)
}

fn ht(sr: f64, _v: usize) -> Sample {
    tom(sr, TOM_HZ[2], 0.38, 208)
}

/// Cowbell (`cb`): the 909 has none; the 808's ([`cowbell`] variant 0) stands in, so
/// `s("cb").bank("RolandTR909")` still plays.
fn cb(sr: f64, _v: usize) -> Sample {
    cowbell(sr, 0)
}
