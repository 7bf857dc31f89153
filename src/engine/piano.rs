//! `piano`: the built-in piano Strudel's `s("piano")` plays (Strudel plays sampled pianos;
//! Phonon synthesizes one), at the note's absolute pitch (note 60 = C4 = 261.63 Hz). Mono; the
//! voice's `pan` places it.
//!
//! A struck-string model, additive: up to 16 partials, each sounded by two strings tuned 0.6
//! cents either side of the note (shares 0.6 and 0.4) (the beating unisons of a piano's string pairs and triplets:
//! G. Weinreich, "Coupled piano strings", JASA 62(6), 1977), with
//!
//! * **inharmonic partials** `f_n = n f_1 sqrt(1 + B n^2) / sqrt(1 + B)` (the stiff string:
//!   H. Fletcher, E. D. Blackham and R. Stratton, "Quality of Piano Tones", JASA 34(6), 1962),
//!   `B` rising from about 1e-4 in the bass to 1e-2 at the top (N. H. Fletcher and T. D.
//!   Rossing, "The Physics of Musical Instruments", 2nd ed., 1998, ch. 12);
//! * **the hammer's spectrum**: partial `n` at `|sin(n pi / 8)| / n` (struck at an eighth of the
//!   string, Fletcher and Rossing ch. 12), low-passed at a corner that rises with the pitch
//!   (a felt hammer is stiffer for the treble strings);
//! * **per-partial decay** `sigma_n = b1 + b3 omega_n^2` (the frequency-dependent string losses
//!   of A. Chaigne and A. Askenfelt, "Numerical simulations of piano strings", JASA 95(2),
//!   1994), so higher partials die sooner; `b1` gives the fundamental a -60 dB time from about
//!   20 s at C2 (halving every two octaves up, at least 0.8 s) and `b3` 2.5e-8 s (a partial at
//!   4 kHz rings about 0.4 s);
//! * **hammer noise**: a 4 ms burst of low-passed noise, the felt's thump.
//!
//! The constants inside those published ranges are chosen by ear. Each partial is a rotating
//! phasor scaled by its decay every sample: one complex multiply per string and partial.

use std::f64::consts::{PI, TAU};

/// Partials per string at most (fewer when they would pass 16 kHz or 0.45 x the rate).
pub const PARTIALS: usize = 16;
const STRINGS: usize = 2;
/// The strings' detuning either side of the note, in cents.
const UNISON_CENTS: f64 = 0.6;
/// The strings' shares of each partial: unequal, so their beating never cancels the partial
/// (in a piano the coupled strings' unequal decays do the same).
const STRING_SHARE: [f64; STRINGS] = [0.6, 0.4];

/// One sounding piano note.
#[derive(Clone)]
pub struct Piano {
    /// Per string and partial: the phasor (sine, cosine), its amplitude in it.
    osc: [[f64; 2]; PARTIALS * STRINGS],
    /// Per phasor: one sample's rotation, times its decay (`d cos w`, `d sin w`).
    step: [[f64; 2]; PARTIALS * STRINGS],
    count: usize,
    /// Hammer noise: level, decay factor, one-pole low-pass coefficient and state, generator.
    thump: f64,
    thump_k: f64,
    thump_a: f64,
    thump_y: f64,
    rng: u32,
}

/// The inharmonicity coefficient `B` at MIDI note `m`.
pub fn inharmonicity(m: f64) -> f64 {
    (3.5e-4 * 10f64.powf((m - 60.0) / 38.0)).clamp(5e-5, 0.02)
}

impl Piano {
    /// A voice that plays nothing (for synths of other kinds).
    pub fn silent() -> Piano {
        Piano {
            osc: [[0.0; 2]; PARTIALS * STRINGS],
            step: [[0.0; 2]; PARTIALS * STRINGS],
            count: 0,
            thump: 0.0,
            thump_k: 0.0,
            thump_a: 0.0,
            thump_y: 0.0,
            rng: 1,
        }
    }

    /// The note at `freq` Hz, at `sr` Hz.
    pub fn new(sr: f64, freq: f64) -> Piano {
        let mut p = Piano::silent();
        let m = 69.0 + 12.0 * (freq / 440.0).log2();
        let b = inharmonicity(m);
        let hammer_hz = (1_800.0 * 2f64.powf((m - 60.0) / 24.0)).clamp(900.0, 9_000.0);
        let t60_1 = (20.0 * 2f64.powf(-(m - 36.0) / 24.0)).clamp(0.8, 20.0);
        let b1 = 6.9 / t60_1;
        let b3 = 2.5e-8;
        let top = (0.45 * sr).min(16_000.0);
        let mut total = 0.0;
        for n in 1..=PARTIALS {
            let nf = n as f64;
            let f_n = nf * freq * (1.0 + b * nf * nf).sqrt() / (1.0 + b).sqrt();
            if f_n > top {
                break;
            }
            let a = (nf * PI / 8.0).sin().abs() / nf / (1.0 + (f_n / hammer_hz).powi(2));
            let w = TAU * f_n;
            let d = (-(b1 + b3 * w * w) / sr).exp();
            for (cents, share) in [-UNISON_CENTS, UNISON_CENTS].into_iter().zip(STRING_SHARE) {
                let ws = w * 2f64.powf(cents / 1200.0) / sr;
                let k = p.count;
                p.osc[k] = [0.0, a * share];
                p.step[k] = [d * ws.cos(), d * ws.sin()];
                p.count += 1;
            }
            total += a;
        }
        // The sum of the amplitudes is 0.7, so the partials never pass 0.7 together.
        let g = if total > 0.0 { 0.7 / total } else { 0.0 };
        for o in p.osc[..p.count].iter_mut() {
            o[1] *= g;
        }
        p.thump = 0.12;
        p.thump_k = (-1.0 / (0.004 * sr)).exp();
        p.thump_a = 1.0 - (-TAU * hammer_hz.min(0.4 * sr) / sr).exp();
        p.rng = 0x9E37_79B9 ^ (freq.to_bits() as u32);
        if p.rng == 0 {
            p.rng = 1;
        }
        p
    }

    /// The next sample.
    #[inline]
    pub fn next_sample(&mut self) -> f64 {
        let mut s = 0.0;
        for (o, st) in self.osc[..self.count].iter_mut().zip(&self.step) {
            let [sn, cs] = *o;
            s += sn;
            *o = [sn * st[0] + cs * st[1], cs * st[0] - sn * st[1]];
        }
        if self.thump > 1e-6 {
            let mut x = self.rng;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            self.rng = x;
            let noise = f64::from(x >> 8) * (2.0 / 16_777_216.0) - 1.0;
            self.thump_y += self.thump_a * (noise - self.thump_y);
            s += self.thump * self.thump_y;
            self.thump *= self.thump_k;
        }
        s
    }
}
