//! Built-in synth voices played as `s "..."`: Strudel's `piano` (a struck-string model,
//! `piano.rs`) and plain `sine saw square tri`, pitched by `note`/`n` (0 = middle C, SuperDirt's
//! convention), with a gate of the event's length (times `legato`) or `sustain`. SuperDirt's
//! `superpiano superkick superhat supersnare superfm supersaw superpwm super808 superfork
//! supervibe superreese superhammond superzow supermandolin supersquare supercomparator
//! supergong supersiren superhoover superclap supertron
//! superchip supernoise superstatic superhex supergrind superprimes superwavemechanics`, ported from their definitions, are [`SynthKind::Dirt`]
//! (rendered by `dirt_synth.rs`); the older `Piano`, `Saw`, `Fm`, `Pwm`, `Kick`, `Snare`, `Hat` voices here
//! no longer have a name.

use super::dirt_synth::DirtKind;
use super::dirt_synth_more::MoreKind;
use crate::dsp::osc::{Noise, Osc, Wave};
use crate::dsp::{clamp_hz, sane_rate};

/// Which synth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SynthKind {
    Piano,
    Saw,
    Fm,
    Pwm,
    Kick,
    Snare,
    Hat,
    /// `piano`: the struck-string piano of [`super::piano`] (Strudel's `s("piano")`).
    Grand,
    Plain(Wave),
    /// Played by [`super::dirt_synth::DirtSynth`] (a [`Synth`] of this kind is silent).
    Dirt(DirtKind),
}

impl SynthKind {
    /// The synth a sound name selects (no sample lookup needed).
    pub fn from_name(name: &str) -> Option<SynthKind> {
        Some(match name {
            "superpiano" => SynthKind::Dirt(DirtKind::Piano),
            "supersaw" => SynthKind::Dirt(DirtKind::Saw),
            "superfm" => SynthKind::Dirt(DirtKind::Fm),
            "superpwm" => SynthKind::Dirt(DirtKind::Pwm),
            "superkick" => SynthKind::Dirt(DirtKind::Kick),
            "supersnare" => SynthKind::Dirt(DirtKind::Snare),
            "superhat" => SynthKind::Dirt(DirtKind::Hat),
            "piano" => SynthKind::Grand,
            "supermandolin" => SynthKind::Dirt(DirtKind::Mandolin),
            "supersquare" => SynthKind::Dirt(DirtKind::Square),
            "supercomparator" => SynthKind::Dirt(DirtKind::Comparator),
            "supergong" => SynthKind::Dirt(DirtKind::Gong),
            "super808" => SynthKind::Dirt(DirtKind::Bd808),
            "superfork" => SynthKind::Dirt(DirtKind::Fork),
            "supervibe" => SynthKind::Dirt(DirtKind::Vibe),
            "superreese" => SynthKind::Dirt(DirtKind::Reese),
            "superhammond" => SynthKind::Dirt(DirtKind::Hammond),
            "superzow" => SynthKind::Dirt(DirtKind::Zow),
            "supersiren" => SynthKind::Dirt(DirtKind::Siren),
            "superhoover" => SynthKind::Dirt(DirtKind::Hoover),
            "superclap" => SynthKind::Dirt(DirtKind::Clap),
            "supertron" => SynthKind::Dirt(DirtKind::Tron),
            "superchip" => SynthKind::Dirt(DirtKind::Chip),
            "supernoise" => SynthKind::Dirt(DirtKind::More(MoreKind::Noise)),
            "superstatic" => SynthKind::Dirt(DirtKind::More(MoreKind::Static)),
            "superhex" => SynthKind::Dirt(DirtKind::More(MoreKind::Hex)),
            "supergrind" => SynthKind::Dirt(DirtKind::More(MoreKind::Grind)),
            "superprimes" => SynthKind::Dirt(DirtKind::More(MoreKind::Primes)),
            "superwavemechanics" => SynthKind::Dirt(DirtKind::More(MoreKind::Wave)),
            "sine" => SynthKind::Plain(Wave::Sine),
            "saw" | "sawtooth" => SynthKind::Plain(Wave::Saw),
            "square" => SynthKind::Plain(Wave::Square),
            "tri" | "triangle" => SynthKind::Plain(Wave::Tri),
            _ => return None,
        })
    }

    /// Synth names a sample folder of the same name replaces (Strudel's `piano` is a sample
    /// pack there): the synth plays only when the program has no bank of that name.
    pub const FOLDER_FIRST: &'static [&'static str] = &["piano"];

    /// Every name with a synth, for the sample browser and error messages.
    pub const NAMES: &'static [&'static str] = &[
        "superpiano",
        "supersaw",
        "superfm",
        "superpwm",
        "superkick",
        "supersnare",
        "superhat",
        "piano",
        "supermandolin",
        "supersquare",
        "supercomparator",
        "supergong",
        "super808",
        "superfork",
        "supervibe",
        "superreese",
        "superhammond",
        "superzow",
        "supersiren",
        "superhoover",
        "superclap",
        "supertron",
        "superchip",
        "supernoise",
        "superstatic",
        "superhex",
        "supergrind",
        "superprimes",
        "superwavemechanics",
        "sine",
        "saw",
        "sawtooth",
        "square",
        "tri",
        "triangle",
    ];
}

/// Supersaw detune ratios (seven voices, spread as Roland's JP-8000 "super saw" is usually
/// modelled: A. Shore, "An Analysis of the Roland Super Saw", 2010).
const SAW_DETUNE: [f32; 7] = [-0.0110, -0.0063, -0.0019, 0.0, 0.0020, 0.0062, 0.0107];

/// One sounding synth note.
pub struct Synth {
    kind: SynthKind,
    sample_rate: f32,
    freq: f32,
    oscs: [Osc; 7],
    /// Supersaw phases in cycles (the seven saws run in one loop).
    saw_phase: [f64; 7],
    /// Piano partials: sine, cosine and decay of each, advanced by [`Synth::piano_step`].
    partials: [[f64; 3]; 6],
    /// Per partial: the rotation (cos, sin) and decay factor of one sample.
    partial_step: [[f64; 3]; 6],
    /// Phases in cycles for the sine-based synths.
    phase: [f64; 2],
    noise: Noise,
    /// Samples rendered so far.
    age: u32,
    /// Samples the gate stays open.
    gate: u32,
    attack_s: f32,
    release_s: f32,
    /// Envelope level at the gate's end (release starts from it).
    level: f32,
    /// The `piano` voice's strings (silent for the other kinds).
    grand: super::piano::Piano,
}

impl Synth {
    pub fn new(
        kind: SynthKind,
        sample_rate: f32,
        freq: f32,
        gate_samples: u32,
        attack_s: f32,
        release_s: f32,
    ) -> Synth {
        let (attack_s, release_s) = match kind {
            SynthKind::Kick | SynthKind::Snare | SynthKind::Hat => (0.0005, 0.0),
            SynthKind::Piano => (0.002, release_s.max(0.05)),
            // The hammer strikes at once; the dampers stop the strings in 0.15 s or more.
            SynthKind::Grand => (0.0005, release_s.max(0.15)),
            _ => (attack_s.max(0.001), release_s.max(0.005)),
        };
        Synth {
            kind,
            sample_rate,
            freq: freq.clamp(1.0, sample_rate * 0.45),
            oscs: std::array::from_fn(|_| Osc::new(sample_rate)),
            saw_phase: [0.0; 7],
            partials: [[0.0, 1.0, 1.0]; 6],
            partial_step: std::array::from_fn(|k| {
                // Additive partials with slight inharmonicity, higher ones decaying faster.
                let kf = (k + 1) as f64;
                let sr = sample_rate as f64;
                let w = std::f64::consts::TAU
                    * freq.clamp(1.0, sample_rate * 0.45) as f64
                    * kf
                    * (1.0 + 0.0004 * kf * kf)
                    / sr;
                [w.cos(), w.sin(), (-(kf * 0.9) / sr).exp()]
            }),
            phase: [0.0; 2],
            noise: Noise::new(sample_rate),
            age: 0,
            gate: gate_samples.max(1),
            attack_s,
            release_s,
            level: 0.0,
            grand: if kind == SynthKind::Grand {
                super::piano::Piano::new(
                    sane_rate(sample_rate) as f64,
                    freq.clamp(1.0, sample_rate * 0.45) as f64,
                )
            } else {
                super::piano::Piano::silent()
            },
        }
    }

    /// Samples rendered so far.
    pub fn age(&self) -> u32 {
        self.age
    }

    /// The envelope at sample `age`: linear attack, sustain while the gate is open, then an
    /// exponential release (-60 dB over `release_s`); drums use their own decay. `None` when done.
    fn envelope(&mut self, age: u32) -> Option<f32> {
        let t = age as f32 / self.sample_rate;
        match self.kind {
            SynthKind::Kick => return (t < 0.6).then(|| (-t * 9.0).exp()),
            SynthKind::Snare => return (t < 0.35).then(|| (-t * 18.0).exp()),
            SynthKind::Hat => return (t < 0.12).then(|| (-t * 45.0).exp()),
            _ => {}
        }
        let a = if self.attack_s > 0.0 {
            (t / self.attack_s).min(1.0)
        } else {
            1.0
        };
        // The piano decays while held (a struck string).
        let held = if self.kind == SynthKind::Piano {
            (-t * 1.2).exp()
        } else {
            1.0
        };
        if age < self.gate {
            self.level = a * held;
            return Some(self.level);
        }
        let tr = (age - self.gate) as f32 / self.sample_rate;
        if tr >= self.release_s {
            return None;
        }
        // exp(-6.9 t / r) reaches -60 dB at t = r.
        Some(self.level * (-6.9 * tr / self.release_s).exp())
    }

    /// Held after the attack for the next `n` samples: the envelope is exactly 1.
    fn steady(&self, n: usize) -> bool {
        !matches!(
            self.kind,
            SynthKind::Kick | SynthKind::Snare | SynthKind::Hat | SynthKind::Piano
        ) && self.attack_s > 0.0
            && (self.age as f32 / self.sample_rate) / self.attack_s >= 1.0
            && self.age as u64 + n as u64 <= self.gate as u64
    }

    /// For the lane renderer (`voice_lanes.rs`): a plain saw's phase and increment, and whether
    /// its envelope is 1 over the next `n` samples. `None` when this is not a plain saw.
    pub(super) fn saw_lane(&self, n: usize) -> Option<(f64, f64, bool)> {
        if self.kind != SynthKind::Plain(Wave::Saw) {
            return None;
        }
        let (phase, dt) = self.oscs[0].saw_lane(self.freq);
        Some((phase, dt, self.steady(n)))
    }

    /// The envelope over the next `env.len()` samples, for the lane renderer; false when the
    /// note ends within them ([`Synth::render_len`] renders it then). It sets the level as
    /// `render_len` would (the same value for an age); nothing else is advanced.
    pub(super) fn lane_envelope(&mut self, env: &mut [f32]) -> bool {
        for (i, e) in env.iter_mut().enumerate() {
            match self.envelope(self.age + i as u32) {
                Some(x) => *e = x,
                None => return false,
            }
        }
        true
    }

    /// Advances the note by the `n` samples the lane renderer rendered from
    /// [`Synth::saw_lane`], leaving the oscillator at `phase`.
    pub(super) fn commit_lane(&mut self, n: usize, steady: bool, phase: f64) {
        self.oscs[0].set_lane_phase(phase);
        if steady {
            self.level = 1.0;
        }
        self.age += n as u32;
    }

    /// Renders `out.len()` mono samples (overwriting); returns false once finished.
    pub fn render(&mut self, out: &mut [f32]) -> bool {
        self.render_len(out) == out.len()
    }

    /// [`Synth::render`], returning how many samples sounded before the note finished (all of
    /// them while it still sounds); the rest of `out` is zeroed.
    pub fn render_len(&mut self, out: &mut [f32]) -> usize {
        let n = out.len();
        let sr = self.sample_rate as f64;
        let f = self.freq;
        match self.kind {
            SynthKind::Saw => {
                // Seven PolyBLEP saws in one loop (the same arithmetic as `Osc`'s saw, summed in
                // the same order).
                let osr = sane_rate(self.sample_rate);
                let dt: [f64; 7] = std::array::from_fn(|k| {
                    clamp_hz(f * (1.0 + SAW_DETUNE[k]), 0.0, osr) as f64 / osr as f64
                });
                let ph = &mut self.saw_phase;
                for o in out.iter_mut() {
                    let mut acc = 0.0f32;
                    for k in 0..7 {
                        let t = ph[k];
                        let y = 2.0 * t - 1.0 - crate::dsp::osc::blep(t, dt[k]);
                        acc += y as f32 * 0.14;
                        let p = t + dt[k];
                        ph[k] = if p >= 1.0 { p - 1.0 } else { p };
                    }
                    *o = acc;
                }
            }
            SynthKind::Pwm => {
                let mut tmp = [0.0f32; 256];
                let t = &mut tmp[..n.min(256)];
                let width: [f32; 1] = [0.5
                    + 0.35 * ((self.age as f64 / sr * 0.8 * std::f64::consts::TAU).sin() as f32)];
                self.oscs[0].process(Wave::Pulse, &[f], &width, t);
                out[..t.len()].copy_from_slice(t);
            }
            SynthKind::Plain(w) => self.oscs[0].process(w, &[f], &[], out),
            SynthKind::Grand => {
                for o in out.iter_mut() {
                    *o = self.grand.next_sample() as f32;
                }
            }
            SynthKind::Dirt(_) => {
                out.fill(0.0);
                return 0;
            }
            SynthKind::Piano
            | SynthKind::Fm
            | SynthKind::Kick
            | SynthKind::Snare
            | SynthKind::Hat => {
                for (i, o) in out.iter_mut().enumerate() {
                    let t = (self.age as usize + i) as f64 / sr;
                    *o = match self.kind {
                        SynthKind::Piano => {
                            // Additive partials with slight inharmonicity, higher ones decaying
                            // faster: each a rotating phasor times a decay, one multiply a sample.
                            let mut s = 0.0;
                            for (k, (p, st)) in
                                self.partials.iter_mut().zip(&self.partial_step).enumerate()
                            {
                                let [sn, cs, d] = *p;
                                s += sn * d / (k + 1) as f64;
                                *p = [sn * st[0] + cs * st[1], cs * st[0] - sn * st[1], d * st[2]];
                            }
                            (s * 0.45) as f32
                        }
                        SynthKind::Fm => {
                            // Two-operator FM (Chowning 1973): ratio 2, index decaying from 3.
                            let index = 3.0 * (-t * 4.0).exp();
                            let m = (std::f64::consts::TAU * f as f64 * 2.0 * t).sin() * index;
                            ((std::f64::consts::TAU * f as f64 * t + m).sin() * 0.6) as f32
                        }
                        SynthKind::Kick => {
                            // Sine with an exponential pitch drop (as SuperDirt's superkick).
                            let fk = 50.0 + 120.0 * (-t * 30.0).exp();
                            self.phase[0] += fk / sr;
                            ((std::f64::consts::TAU * self.phase[0]).sin() * 0.9) as f32
                        }
                        SynthKind::Snare => {
                            self.phase[0] += 185.0 / sr;
                            let tone = (std::f64::consts::TAU * self.phase[0]).sin() as f32 * 0.4;
                            tone + self.noise.next_sample() * 0.5
                        }
                        _ => {
                            // Hat: noise, differentiated for a bright spectrum.
                            let x = self.noise.next_sample();
                            let y = x - self.phase[1] as f32;
                            self.phase[1] = x as f64;
                            y * 0.35
                        }
                    };
                }
            }
        }
        if self.steady(n) {
            self.level = 1.0;
            self.age += n as u32;
            return n;
        }
        for (i, o) in out.iter_mut().enumerate() {
            match self.envelope(self.age + i as u32) {
                Some(e) => *o *= e,
                None => {
                    out[i..].fill(0.0);
                    self.age += n as u32;
                    return i;
                }
            }
        }
        self.age += n as u32;
        n
    }
}
