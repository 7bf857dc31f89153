//! The built-in `RolandTR808` bank (Strudel's `s("bd").bank("RolandTR808")` plays
//! `RolandTR808_bd`): the Roland TR-808's voices after its circuits, synthesized at load.
//!
//! Sources: Roland TR-808 Service Notes (1981), the circuit descriptions of each voice; Gordon
//! Reid, "Synth Secrets", Sound On Sound: "Practical Bass Drum Synthesis" (February 2002),
//! "Practical Snare Drum Synthesis" (April 2002), "Practical Cymbal Synthesis" (July 2002),
//! "Synthesizing Cowbells & Claves" (September 2002); K. J. Werner, J. S. Abel and J. O. Smith,
//! "A Physically-Informed, Circuit-Bendable, Digital Model of the Roland TR-808 Bass Drum
//! Circuit", DAFx-14 (2014), and "The TR-808 Cymbal: a Physically-Informed, Circuit-Bendable,
//! Digital Model", ICMC/SMC 2014. Levels, decays inside the knobs' ranges and the noise
//! shaping are chosen by ear.

use super::blocks::*;
use super::drums::{clap, cowbell, rimshot};
use super::{MachineSound, Sample};

/// The 808's sounds, in tidal-drum-machines' names, with their variant counts (`n`).
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

/// The bass drum's tuning (Hz): the bridged-T resonator rings at about 50-60 Hz over the tune
/// knob's range (Werner, Abel and Smith 2014); the knob's middle is used.
pub(super) const BD_HZ: f64 = 55.0;

/// The bass drum's decay knob, as the resonance's -60 dB time (s) of each variant: `bd:0` the
/// middle of the knob, `:1` short, `:2` long, `:3` fully open (the 808's famous boom).
pub(super) const BD_T60: [f64; 4] = [0.9, 0.45, 1.5, 2.4];

/// Bass drum (`bd`): the trigger pulse rings a bridged-T resonator tuned to [`BD_HZ`]. While
/// the pulse charges the circuit the resonance sits higher, so the pitch starts about 50 %
/// above the tuning and drops to it within some 40 ms (time constant 15 ms) (the "pitch glide" Werner, Abel and
/// Smith model); the decay knob sets the resonance's decay ([`BD_T60`]). The pulse itself leaks
/// through low-passed as the attack click, and the output stage saturates a little (Reid,
/// "Practical Bass Drum Synthesis").
fn bd(sr: f64, v: usize) -> Sample {
    let t60 = BD_T60[v];
    let n = frames(sr, t60 + 0.05);
    let glide_k = (-1.0 / (0.015 * sr)).exp();
    let mut glide = 0.5;
    let mut amp = Decay::new(sr, t60);
    let pulse_len = frames(sr, 0.001);
    let mut click_lp = OnePole::new(sr, 1_200.0);
    let drive = 1.3_f64;
    let norm = drive.tanh();
    let mut phase = 0.0;
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        let pulse = if i < pulse_len { 1.0 } else { 0.0 };
        let click = click_lp.process(pulse);
        let body = sin_cycles(phase) * amp.next();
        *o = ((drive * body).tanh() / norm + 0.6 * click) as f32;
        advance(&mut phase, BD_HZ * (1.0 + glide) / sr);
        glide *= glide_k;
    }
    mono(sr, out, 0.9)
}

/// The snare's two bridged-T resonators (Hz).
pub(super) const SD_HZ: [f64; 2] = [180.0, 330.0];

/// Snare (`sd`): the trigger rings two bridged-T resonators ([`SD_HZ`], the lower one longer),
/// and white noise through a high-pass (the "snappy" path, its own envelope) is mixed in; the
/// snappy knob sets the noise's level (`sd:0` middle, `sd:1` high). Reid, "Practical Snare Drum
/// Synthesis"; TR-808 Service Notes, snare drum circuit.
fn sd(sr: f64, v: usize) -> Sample {
    let snappy = [0.55, 0.9][v];
    let mut rng = Rng::for_voice(101, v);
    let n = frames(sr, 0.35);
    let mut a1 = Decay::new(sr, 0.28);
    let mut a2 = Decay::new(sr, 0.16);
    let mut an = Decay::new(sr, 0.22);
    let mut hp1 = Biquad::highpass(sr, 1_800.0, 0.707);
    let mut hp2 = Biquad::highpass(sr, 1_800.0, 0.707);
    let mut lp = Biquad::lowpass(sr, 14_000.0, 0.707);
    let (mut p1, mut p2) = (0.0, 0.0);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let tone = sin_cycles(p1) * a1.next() + 0.7 * sin_cycles(p2) * a2.next();
        let noise = lp.process(hp2.process(hp1.process(rng.noise()))) * an.next();
        *o = (tone + 2.2 * snappy * noise) as f32;
        advance(&mut p1, SD_HZ[0] / sr);
        advance(&mut p2, SD_HZ[1] / sr);
    }
    mono(sr, out, 0.85)
}

/// The hi-hats' path: the six-square "metal" cluster ([`METAL_HZ`], [`metal`]) through the
/// band-pass at 7.1 kHz the hats share, a VCA with the hat's decay, and a high-pass (TR-808
/// Service Notes; Werner, Abel and Smith, ICMC/SMC 2014; Reid, "Practical Cymbal Synthesis").
fn hat(sr: f64, t60: f64, secs: f64, seed: u32, v: usize) -> Sample {
    let mut rng = Rng::for_voice(seed, v);
    let n = frames(sr, secs);
    let cluster = metal(sr, 1.0, n, &mut rng);
    let mut bp = Biquad::bandpass(sr, 7_100.0, 1.0);
    let mut hp1 = Biquad::highpass(sr, 6_000.0, 0.707);
    let mut hp2 = Biquad::highpass(sr, 6_000.0, 0.707);
    let mut amp = Decay::new(sr, t60);
    let mut out = vec![0.0; n];
    for (o, x) in out.iter_mut().zip(cluster) {
        *o = (hp2.process(hp1.process(bp.process(x) * amp.next()))) as f32;
    }
    mono(sr, out, 0.75)
}

/// Closed hi-hat (`hh`): the metal path with a short decay.
fn hh(sr: f64, v: usize) -> Sample {
    hat(sr, 0.09, 0.1, 103, v)
}

/// Open hi-hat (`oh`): the metal path with the decay knob's longer decay (`oh:1` longer).
fn oh(sr: f64, v: usize) -> Sample {
    let (t60, secs) = [(0.6, 0.55), (1.0, 0.9)][v];
    hat(sr, t60, secs, 104, v)
}

/// Hand clap (`cp`): the kit's 808 clap ([`clap`] variant 0: three 10 ms bursts of band-passed
/// noise at 1 kHz and the reverb tail; TR-808 Service Notes).
fn cp(sr: f64, _v: usize) -> Sample {
    clap(sr, 0)
}

/// Rim shot (`rim`): the kit's 808 rim shot ([`rimshot`] variant 0: two bridged-T pings).
fn rim(sr: f64, _v: usize) -> Sample {
    rimshot(sr, 0)
}

/// The toms: the bridged-T resonator of the bass drum at a higher tuning, with a gentle pitch
/// drop and a little noise (the 808's toms add pink noise; TR-808 Service Notes, tom circuit).
fn tom(sr: f64, hz: f64, t60: f64, seed: u32) -> Sample {
    let mut rng = Rng::for_voice(seed, 0);
    let m = Membrane {
        hz,
        bend: 0.2,
        bend_tau: 0.03,
        t60,
        overtone: 0.0,
        noise: 0.12,
        secs: t60 * 0.9,
    };
    mono(sr, membrane(sr, &m, &mut rng), 0.85)
}

/// The toms' tunings (Hz): low, mid and high.
pub(super) const TOM_HZ: [f64; 3] = [95.0, 140.0, 200.0];

fn lt(sr: f64, _v: usize) -> Sample {
    tom(sr, TOM_HZ[0], 0.65, 106)
}

fn mt(sr: f64, _v: usize) -> Sample {
    tom(sr, TOM_HZ[1], 0.5, 107)
}

fn ht(sr: f64, _v: usize) -> Sample {
    tom(sr, TOM_HZ[2], 0.4, 108)
}

/// Cowbell (`cb`): the kit's 808 cowbell ([`cowbell`] variant 0: the squares at 540 and 800 Hz
/// of the metal cluster, band-passed, two-stage decay; Werner, Abel and Smith, "More Cowbell",
/// AES 2014; Reid, "Synthesizing Cowbells & Claves").
fn cb(sr: f64, _v: usize) -> Sample {
    cowbell(sr, 0)
}

/// The cymbal's path: the metal cluster split into a low band (band-pass at 3.44 kHz, short
/// decay) and a high band (band-pass at 7.1 kHz then a high-pass, long decay set by the decay
/// knob), summed (Werner, Abel and Smith, ICMC/SMC 2014; Reid, "Practical Cymbal Synthesis").
fn cymbal(sr: f64, lo_t60: f64, hi_t60: f64, lo: f64, seed: u32) -> Sample {
    let mut rng = Rng::for_voice(seed, 0);
    let n = frames(sr, hi_t60);
    let cluster = metal(sr, 1.0, n, &mut rng);
    let mut lo_bp = Biquad::bandpass(sr, 3_440.0, 1.5);
    let mut hi_bp = Biquad::bandpass(sr, 7_100.0, 1.2);
    let mut hi_hp = Biquad::highpass(sr, 5_000.0, 0.707);
    let mut lo_amp = Decay::new(sr, lo_t60);
    let mut hi_amp = Decay::new(sr, hi_t60);
    let mut out = vec![0.0; n];
    for (o, x) in out.iter_mut().zip(cluster) {
        let low = lo_bp.process(x) * lo_amp.next();
        let high = hi_hp.process(hi_bp.process(x) * hi_amp.next());
        *o = (lo * low + high) as f32;
    }
    mono(sr, out, 0.75)
}

/// Cymbal (`cr`): the 808's cymbal (it has one; tidal-drum-machines files it as `cr`).
fn cr(sr: f64, _v: usize) -> Sample {
    cymbal(sr, 0.5, 1.6, 0.6, 110)
}

/// Ride (`rd`): the 808 has no ride cymbal; its cymbal with a shorter, darker setting (more of
/// the low band, the decay knob lower) stands in.
fn rd(sr: f64, _v: usize) -> Sample {
    cymbal(sr, 0.7, 1.1, 1.0, 111)
}
