//! `MdaPiano`: Paul Kellett's mda Piano as sc3-plugins runs it (SuperDirt's `superpiano`).
//!
//! Ported from sc3-plugins `source/MdaUGens/MdaUGens.cpp` (`MdaPiano_next`, Dan Stowell's port of
//! mda-vst's `mdaPiano.cpp`) and `mdaPiano_sc3.h` (the key groups), sc3-plugins commit
//! 66047341f83e25cbaf3b106f35bd1174a3bbee7c. The mda plug-ins are MIT-licensed ("(c) Paul
//! Kellett, Dan Stowell ... released under the MIT license or under the GPL"). The wave data,
//! `mda_piano_data.bin`, is that source's `mdaPianoData.h` (`short pianoData[]`, 586349 samples
//! at 22050 Hz) stored as little-endian 16-bit integers.
//!
//! One voice, struck at construction (the UGen's constructor runs one sample of `next` with the
//! gate already open, so its output starts one sample into the note); no note-off (superpiano
//! never closes the gate). The arithmetic is the source's: 32-bit floats, 16.16 fixed-point
//! playback position with integer linear interpolation, a one-pole "muffle" low-pass, and the
//! comb "stereo simulator". Allocation: none (the 256-sample comb is an array).

/// The wave data (`mdaPianoData.h`).
pub(super) static DATA: &[u8] = include_bytes!("mda_piano_data.bin");

#[inline]
fn data(i: i32) -> i32 {
    let i = (i.max(0) as usize).min(DATA.len() / 2 - 1);
    i16::from_le_bytes([DATA[2 * i], DATA[2 * i + 1]]) as i32
}

/// `(data(i), data(i + 1))`: read straight where both are inside the data (the playback
/// position always is, unless a note's step passes a whole loop), clamped as `data` otherwise.
#[inline(always)]
fn data_pair(i: i32) -> (i32, i32) {
    let (words, _) = DATA.as_chunks::<2>();
    // A negative `i` is 2^31 or more here: outside.
    let u = i as u32 as usize;
    if u + 1 < words.len() {
        (
            i16::from_le_bytes(words[u]) as i32,
            i16::from_le_bytes(words[u + 1]) as i32,
        )
    } else {
        (data(i), data(i + 1))
    }
}

/// `KGRP kgrp[]` of `mdaPiano_sc3.h`: root note, highest note, start, end, loop length.
const KGRP: [(i32, i32, i32, i32, i32); 15] = [
    (36, 37, 0, 36275, 14774),
    (40, 41, 36278, 83135, 16268),
    (43, 45, 83137, 146756, 33541),
    (48, 49, 146758, 204997, 21156),
    (52, 53, 204999, 244908, 17191),
    (55, 57, 244910, 290978, 23286),
    (60, 61, 290980, 342948, 18002),
    (64, 65, 342950, 391750, 19746),
    (67, 69, 391752, 436915, 22253),
    (72, 73, 436917, 468807, 8852),
    (76, 77, 468809, 492772, 9693),
    (79, 81, 492774, 532293, 10596),
    (84, 85, 532295, 560192, 6011),
    (88, 89, 560194, 574121, 3414),
    (93, 999, 574123, 586343, 2399),
];

/// `MdaPiano.ar`'s inputs (the `*ar` argument names of `MdaUGens.sc`).
#[derive(Clone, Copy, Debug)]
pub struct MdaParams {
    pub freq: f32,
    pub vel: f32,
    pub decay: f32,
    pub hard: f32,
    pub velhard: f32,
    pub muffle: f32,
    pub velmuff: f32,
    pub velcurve: f32,
    pub stereo: f32,
    pub tune: f32,
    pub random: f32,
    pub stretch: f32,
}

impl Default for MdaParams {
    /// `MdaPiano.ar`'s defaults.
    fn default() -> Self {
        MdaParams {
            freq: 440.0,
            vel: 100.0,
            decay: 0.8,
            hard: 0.8,
            velhard: 0.8,
            muffle: 0.8,
            velmuff: 0.8,
            velcurve: 0.8,
            stereo: 0.2,
            tune: 0.5,
            random: 0.1,
            stretch: 0.1,
        }
    }
}

/// One struck note.
pub struct MdaPiano {
    pub(super) delta: i32,
    pub(super) frac: i32,
    pub(super) pos: i32,
    pub(super) end: i32,
    pub(super) loop_len: i32,
    pub(super) env: f32,
    pub(super) dec: f32,
    pub(super) f0: f32,
    pub(super) f1: f32,
    pub(super) ff: f32,
    pub(super) outl: f32,
    pub(super) outr: f32,
    pub(super) comb: [f32; 256],
    pub(super) cpos: usize,
    pub(super) cmax: usize,
    pub(super) cdep: f32,
}

impl MdaPiano {
    /// The note-on of `MdaPiano_next` (the `!(prevgate > 0) && gate > 0` branch), then the
    /// constructor's one sample.
    pub fn new(p: &MdaParams, sr: f32) -> MdaPiano {
        // SAMPLEDUR: the server's sample duration, a double.
        let sampledur = 1.0 / sr as f64;
        // sc_cpsmidi(freq) + 0.5, truncated.
        let midi = (p.freq * (1.0 / 440.0)).log2() * 12.0 + 69.0;
        let mut note = (midi + 0.5) as i32;
        if note <= 0 {
            note = 0;
        }
        let velocity = p.vel as i32;
        let size = (12.0 * p.hard - 6.0) as i32;
        let sizevel = 0.12 * p.velhard;
        let muffvel = p.velmuff * p.velmuff * 5.0;
        let mut velsens = 1.0 + p.velcurve + p.velcurve;
        if p.velcurve < 0.25 {
            velsens -= 0.75 - 3.0 * p.velcurve;
        }
        let fine = p.tune - 0.5;
        let random = 0.077 * p.random * p.random;
        let stretch = 0.000434 * (p.stretch - 0.5);
        let cdep = p.stereo * p.stereo;
        let trim = 1.50 - 0.79 * cdep;
        let width = (0.04 * p.stereo).min(0.03);

        // mdaPiano::noteOn.
        let k = (note - 60) * (note - 60);
        let mut l = fine + random * ((k % 13) as f32 - 6.5); // random & fine tune
        if note > 60 {
            l += stretch * k as f32; // stretch
        }
        let mut s = size;
        if velocity > 40 {
            s += (sizevel * (velocity - 40) as f32) as i32;
        }
        let mut g = 0;
        while g < KGRP.len() - 1 && note > KGRP[g].1 + s {
            g += 1; // find keygroup
        }
        let (root, _, start, end, loop_len) = KGRP[g];
        l += (note - root) as f32; // pitch
        let l = (22050.0 * sampledur * (0.057_762_265_05f64 * l as f64).exp() as f32 as f64) as f32;
        let delta = (65536.0 * l) as i32;
        let env = (0.5 + velsens) * (0.0078 * velocity as f32).powf(velsens); // velocity

        let muff = 160.0f32;
        let mut l = 50.0 + p.muffle * p.muffle * muff + muffvel * (velocity - 64) as f32; // muffle
        if l < 55.0 + 0.25 * note as f32 {
            l = 55.0 + 0.25 * note as f32;
        }
        if l > 210.0 {
            l = 210.0;
        }
        let ff = ((l * l) as f64 * sampledur) as f32;

        let vnote = note.clamp(12, 108);
        let volume = 0.2f32;
        let l = volume * trim;
        let outr = l + l * width * (vnote - 60) as f32;
        let outl = l + l - outr;

        let dnote = vnote.max(44); // limit max decay length
        let mut l = 2.0 * p.decay;
        if l < 1.0 {
            l += 0.25 - 0.5 * p.decay;
        }
        let dec = (-sampledur * (-0.6 + 0.033 * dnote as f64 - l as f64).exp()).exp() as f32;

        let mut m = MdaPiano {
            delta,
            frac: 0,
            pos: start,
            end,
            loop_len,
            env,
            dec,
            f0: 0.0,
            f1: 0.0,
            ff,
            outl,
            outr,
            comb: [0.0; 256],
            cpos: 0,
            cmax: if sr > 64000.0 { 0xFF } else { 0x7F },
            cdep,
        };
        m.tick();
        m
    }

    /// One sample (left, right): `MdaPiano_next`'s loop body.
    #[inline(always)]
    pub fn tick(&mut self) -> (f32, f32) {
        // Integer-based linear interpolation.
        self.frac = self.frac.wrapping_add(self.delta);
        self.pos += self.frac >> 16;
        self.frac &= 0xFFFF;
        if self.pos > self.end {
            self.pos -= self.loop_len;
        }
        let (a, b) = data_pair(self.pos);
        let i = a + ((self.frac * (b - a)) >> 16);
        let x = self.env * i as f32 / 32768.0;
        self.env *= self.dec; // envelope
        self.f0 += self.ff * (x + self.f1 - self.f0); // muffle filter
        self.f1 = x;
        let l = self.outl * self.f0;
        let r = self.outr * self.f0;
        // (`cpos` <= `cmax` <= 0xFF: the mask only spares the bounds checks.)
        self.comb[self.cpos & 0xFF] = l + r;
        self.cpos = (self.cpos + 1) & self.cmax;
        let x = self.cdep * self.comb[self.cpos & 0xFF]; // stereo simulator
        (l + x, r - x)
    }
}

impl MdaPiano {
    /// One output sample (left, right), times `env` (`DirtPan`'s `Balance2` level).
    #[inline(always)]
    pub fn sample(&mut self, env: f64) -> (f32, f32) {
        let (a, b) = self.tick();
        ((a as f64 * env) as f32, (b as f64 * env) as f32)
    }

    /// `(l[i], r[i]) = self.sample(env[i])` for every `i` of `l` (`env` and `r` at least as long).
    pub fn render(&mut self, env: &[f64], l: &mut [f32], r: &mut [f32]) {
        for ((a, b), e) in l.iter_mut().zip(r.iter_mut()).zip(env) {
            (*a, *b) = self.sample(*e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_the_sources() {
        assert_eq!(DATA.len(), 2 * 586_349);
        // The first and last values of `pianoData[]`.
        assert_eq!([data(0), data(1), data(4)], [5, -7, 159]);
        assert_eq!(data(586_348), -236);
    }

    #[test]
    fn a_note_rings_and_decays_at_its_pitch() {
        let sr = 48000.0;
        let p = MdaParams {
            freq: 261.63,
            ..MdaParams::default()
        };
        let mut m = MdaPiano::new(&p, sr);
        let x: Vec<f32> = (0..48000).map(|_| m.tick().0).collect();
        let rms = |s: &[f32]| (s.iter().map(|v| v * v).sum::<f32>() / s.len() as f32).sqrt();
        let (a, b) = (rms(&x[..4800]), rms(&x[38400..]));
        assert!(a > 0.01 && b < a, "{a} {b}");
        // The autocorrelation peaks at middle C's period (183.5 samples at 48 kHz).
        let w = &x[4800..14400];
        let ac = |lag: usize| (0..w.len() - lag).map(|i| w[i] * w[i + lag]).sum::<f32>();
        let best = (150..400).max_by(|a, b| ac(*a).total_cmp(&ac(*b))).unwrap();
        assert!((182..=185).contains(&best), "{best}");
        assert!(x.iter().all(|v| v.is_finite()));
    }
}
