//! SuperDirt's `squiz` (`library/default-effects-extra.scd`: `Squiz.ar(sig, pitchratio)`),
//! "reminiscent of some weird mixture of filter, ring-modulator and pitch-shifter".
//!
//! A port of Dan Stowell's `Squiz` unit generator (sc3-plugins,
//! `source/MCLDUGens/MCLDDistortionUGens.cpp`, `Squiz_next`), with its defaults
//! `zcperchunk = 1`, `memlen = 0.1` s: the input is written into a buffer of `memlen` seconds,
//! restarted at every positive-going zero crossing (or when full); the output reads the buffer
//! back from its start at `pitchratio` samples per sample (uninterpolated, clamped to
//! `1..=buflen`), silent once the read passes the buffer's end. Each wave cycle is so replayed
//! `pitchratio` times faster: its pitch goes up by the ratio, then silence fills the cycle.

/// Squiz's memory, seconds (`memlen`).
pub const MEMLEN_S: f64 = 0.1;

/// The buffer length for `sample_rate` (`(int)(memlen * SAMPLERATE)`).
pub fn buffer_len(sample_rate: f32) -> usize {
    ((MEMLEN_S * super::sane_rate(sample_rate) as f64) as usize).max(1)
}

/// One channel's state; the buffer (of [`buffer_len`] samples) is passed in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Squiz {
    /// The constructor's sample is done (`Squiz_Ctor` runs `Squiz_next` for one sample of
    /// the first input and keeps the state it leaves, so the first sample is written twice).
    primed: bool,
    ratio: f32,
    writepos: usize,
    readpos: f32,
    prevval: f32,
}

impl Squiz {
    /// `pitchratio` as the event gives it (clamped to `1..=buflen` per the unit generator).
    pub fn new(pitchratio: f32) -> Squiz {
        Squiz {
            primed: false,
            ratio: if pitchratio.is_finite() {
                pitchratio
            } else {
                1.0
            },
            writepos: 0,
            readpos: 0.0,
            prevval: 0.0,
        }
    }

    /// Processes `x` in place with `buf` as its memory (zeroed when the voice starts).
    pub fn process(&mut self, buf: &mut [f32], x: &mut [f32]) {
        let buflen = buf.len();
        if buflen == 0 {
            return;
        }
        if !self.primed {
            if let Some(&first) = x.first() {
                self.primed = true;
                let mut pre = [first];
                self.process(buf, &mut pre);
            }
        }
        let ratio = self.ratio.clamp(1.0, buflen as f32);
        // zcperchunk = 1: every positive-going zero crossing starts a segment.
        for s in x.iter_mut() {
            let readposi = self.readpos as usize;
            let out = if readposi >= buflen {
                0.0
            } else {
                self.readpos += ratio;
                buf[readposi]
            };
            let cur = super::sanitize(*s);
            self.writepos += 1;
            if self.writepos == buflen || (self.prevval < 0.0 && cur >= 0.0) {
                self.writepos = 0;
                self.readpos = 0.0;
            }
            buf[self.writepos] = cur;
            *s = out;
            self.prevval = cur;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 100 Hz sine squizzed by 2: each cycle is read back twice as fast, so the output's
    /// strongest partial is 200 Hz.
    #[test]
    fn ratio_two_doubles_the_pitch() {
        let sr = 48_000.0f32;
        let n = 48_000;
        let mut x: Vec<f32> = (0..n)
            .map(|i| (std::f32::consts::TAU * 100.0 * i as f32 / sr).sin())
            .collect();
        let mut buf = vec![0.0; buffer_len(sr)];
        Squiz::new(2.0).process(&mut buf, &mut x);
        let tail = &x[4800..];
        let mag = |f: f32| crate::dsp::testutil::dft_mag(tail, f);
        let partials: Vec<f32> = (1..=6).map(|k| mag(100.0 * k as f32)).collect();
        let top = (0..6).max_by(|&a, &b| partials[a].total_cmp(&partials[b]));
        assert_eq!(top, Some(1), "partials of 100 Hz: {partials:?}");
    }
}
