//! `Resonz.ar(in, freq, bwr)`: SuperCollider 3.13's two-pole resonator with zeros at 0 and
//! Nyquist (`server/plugins/FilterUGens.cpp`, github.com/supercollider/supercollider:
//! `Resonz_Ctor`, `Resonz_next`), in double as the unit keeps it: `ffreq = freq 2pi / sr`,
//! `B = ffreq bwr`, `R = 1 - B/2`, `cost = 2R cos(ffreq) / (1 + R^2)`, `b1 = 2R cost`,
//! `b2 = -R^2`, `a0 = (1 - R^2) / 2`; `y0 = x + b1 y1 + b2 y2`, out `a0 (y0 - y2)`. When the
//! frequency or bandwidth changes the coefficients ramp from the last ones over the block in
//! steps of three samples (`mFilterLoops` = 21 at 64 samples; the block's last sample,
//! `mFilterRemain`, at the ramp's end), then jump to the new values. The constructor runs one
//! sample (the input's first) with the coefficients at 0, which leaves that input in `y1`.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resonz {
    y1: f64,
    y2: f64,
    a0: f64,
    b1: f64,
    b2: f64,
    slopes: [f64; 3],
    freq: f32,
    rq: f32,
    /// The sample within the block, and the steps of three the ramp takes.
    pos: usize,
    loops: usize,
    /// A ramp's target coefficients.
    pending: Option<[f64; 3]>,
}

/// `zapgremlins`.
fn zap(x: f64) -> f64 {
    let a = x.abs();
    if a > 1e-15 && a < 1e15 {
        x
    } else {
        0.0
    }
}

impl Resonz {
    /// `Resonz_Ctor` with the input's first sample `x0`, `freq` and `rq`, at `sr`.
    pub fn new(x0: f32, freq: f32, rq: f32, sr: f64) -> Resonz {
        let mut r = Resonz {
            y1: 0.0,
            y2: 0.0,
            a0: 0.0,
            b1: 0.0,
            b2: 0.0,
            slopes: [0.0; 3],
            freq: f32::NAN,
            rq: 0.0,
            pos: 0,
            loops: 0,
            pending: None,
        };
        // The constructor's sample: coefficients 0 (its ramp has no steps).
        let y0 = x0 as f64;
        r.y2 = r.y1;
        r.y1 = y0;
        r.set(freq, rq, sr);
        r.y1 = zap(r.y1);
        r.y2 = zap(r.y2);
        r
    }

    /// The new coefficients (`a0`, `b1`, `b2`) for `freq` and `rq`.
    fn coefs(freq: f32, rq: f32, sr: f64) -> [f64; 3] {
        let ffreq = freq as f64 * (std::f64::consts::TAU / sr);
        let b = ffreq * rq as f64;
        let r = 1.0 - b * 0.5;
        let two_r = 2.0 * r;
        let r2 = r * r;
        let cost = (two_r * ffreq.cos()) / (1.0 + r2);
        [(1.0 - r2) * 0.5, two_r * cost, -r2]
    }

    fn set(&mut self, freq: f32, rq: f32, sr: f64) {
        let [a0, b1, b2] = Self::coefs(freq, rq, sr);
        (self.a0, self.b1, self.b2) = (a0, b1, b2);
        (self.freq, self.rq) = (freq, rq);
        self.slopes = [0.0; 3];
    }

    /// The start of a block of `n` samples with these inputs.
    pub fn block(&mut self, freq: f32, rq: f32, sr: f64, n: usize) {
        self.pos = 0;
        self.loops = 0;
        self.slopes = [0.0; 3];
        if freq != self.freq || rq != self.rq {
            let next = Self::coefs(freq, rq, sr);
            let loops = n / 3;
            self.loops = loops;
            let k = if loops > 0 { 1.0 / loops as f64 } else { 0.0 };
            self.slopes = [
                (next[0] - self.a0) * k,
                (next[1] - self.b1) * k,
                (next[2] - self.b2) * k,
            ];
            (self.freq, self.rq) = (freq, rq);
            self.pending = Some(next);
        }
    }

    /// One sample.
    #[inline]
    pub fn tick(&mut self, x: f32) -> f32 {
        let y0 = x as f64 + self.b1 * self.y1 + self.b2 * self.y2;
        let out = self.a0 * (y0 - self.y2);
        self.y2 = self.y1;
        self.y1 = y0;
        self.pos += 1;
        if self.pos <= 3 * self.loops && self.pos.is_multiple_of(3) {
            self.a0 += self.slopes[0];
            self.b1 += self.slopes[1];
            self.b2 += self.slopes[2];
        }
        out as f32
    }

    /// The end of a block: the state is cleaned (`zapgremlins`) and a ramp's coefficients are
    /// the new ones exactly.
    pub fn end_block(&mut self) {
        if let Some([a0, b1, b2]) = self.pending.take() {
            (self.a0, self.b1, self.b2) = (a0, b1, b2);
        }
        self.y1 = zap(self.y1);
        self.y2 = zap(self.y2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sine at the centre passes at unit gain; an octave off, a narrow band cuts it.
    #[test]
    fn passes_its_centre_and_cuts_around_it() {
        let sr = 48_000.0;
        let gain = |f: f64| {
            let mut r = Resonz::new(0.0, 1000.0, 0.05, sr);
            let mut peak = 0.0f32;
            for b in 0..1500 {
                r.block(1000.0, 0.05, sr, 64);
                for i in 0..64 {
                    let t = (b * 64 + i) as f64 / sr;
                    let y = r.tick((std::f64::consts::TAU * f * t).sin() as f32);
                    if b > 1000 {
                        peak = peak.max(y.abs());
                    }
                }
                r.end_block();
            }
            peak
        };
        assert!((gain(1000.0) - 1.0).abs() < 0.01, "{}", gain(1000.0));
        assert!(gain(2000.0) < 0.05, "{}", gain(2000.0));
    }

    /// A new frequency ramps the coefficients in steps of three samples over the block and
    /// lands on the new ones.
    #[test]
    fn a_new_frequency_ramps_over_the_block() {
        let sr = 48_000.0;
        let mut r = Resonz::new(0.0, 1000.0, 0.1, sr);
        r.block(2000.0, 0.1, sr, 64);
        let b1_start = r.b1;
        r.tick(0.0);
        r.tick(0.0);
        assert_eq!(r.b1, b1_start);
        r.tick(0.0);
        assert!(r.b1 != b1_start);
        for _ in 3..64 {
            r.tick(0.0);
        }
        r.end_block();
        assert_eq!([r.a0, r.b1, r.b2], Resonz::coefs(2000.0, 0.1, sr));
    }
}
