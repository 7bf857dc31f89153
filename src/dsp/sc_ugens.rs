//! Small SuperCollider unit generators that SuperDirt's extra effect modules are built from,
//! ported from SuperCollider's server plugins (github.com/supercollider/supercollider,
//! `server/plugins/FilterUGens.cpp`, `TriggerUGens.cpp`, `PanUGens.cpp`) and class library
//! (`SCClassLibrary/Common/Audio/Osc.sc`, `SelectX`). All state is `f64`, as the unit
//! generators keep it; one instance is one channel.

/// `LeakDC.ar(in, coef = 0.995)`: `y = x - x1 + coef * y1` (`LeakDC_next`). As the unit
/// generator, `x1` starts at the first input, so a constant input gives silence from the start.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LeakDc {
    x1: Option<f64>,
    y1: f64,
}

impl LeakDc {
    pub const COEF: f64 = 0.995;

    #[inline]
    pub fn tick(&mut self, x: f32) -> f32 {
        let x = x as f64;
        let x1 = self.x1.unwrap_or(x);
        let y = x - x1 + Self::COEF * self.y1;
        self.x1 = Some(x);
        self.y1 = if y.is_finite() {
            super::flush_denormal(y as f32) as f64
        } else {
            0.0
        };
        y as f32
    }
}

/// A biquad in SuperCollider's forms (`y0 = g x + b1 y1 + b2 y2`, out `a (y0 + c1 y1 + c2 y2)`):
/// `RLPF`, `RHPF`, `LPF`, `HPF`, `BPF` with coefficients made once (SuperDirt's modules set them
/// per event).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Biquad {
    /// Input gain (RLPF/RHPF's `a0`; 1 for LPF/HPF).
    g: f64,
    b1: f64,
    b2: f64,
    /// Output gain (LPF/HPF's `a0`; 1 for RLPF/RHPF) and the middle tap (2 or -2).
    a: f64,
    c1: f64,
    /// The last tap: 1, or -1 for `BPF`.
    c2: f64,
    y1: f64,
    y2: f64,
}

/// `freq` kept below the Nyquist frequency (at most 0.49 of the rate). SuperDirt clips its
/// filters' frequencies to 20 kHz, below Nyquist at 44.1 and 48 kHz where this changes nothing;
/// at lower host rates (22.05 kHz) a cutoff above Nyquist would turn the filter unstable.
fn below_nyquist(freq: f64, sample_rate: f64) -> f64 {
    freq.min(0.49 * sample_rate)
}

impl Biquad {
    /// `RLPF_next` (lowpass) or `RHPF_next` (highpass): `qres = max(0.001, rq)`,
    /// `pfreq = freq * 2 pi / sr`, `D = tan(pfreq qres / 2)`, `C = (1 - D) / (1 + D)`,
    /// `b1 = (1 + C) cos pfreq`, `b2 = -C`, `a0 = (1 + C -/+ b1) / 4`; out `y0 +/- 2 y1 + y2`.
    pub fn resonant(high: bool, freq: f64, rq: f64, sample_rate: f64) -> Biquad {
        let qres = rq.max(0.001);
        let pfreq = below_nyquist(freq, sample_rate) * std::f64::consts::TAU / sample_rate;
        let d = (pfreq * qres * 0.5).tan();
        let c = (1.0 - d) / (1.0 + d);
        let b1 = (1.0 + c) * pfreq.cos();
        let (g, c1) = if high {
            ((1.0 + c + b1) * 0.25, -2.0)
        } else {
            ((1.0 + c - b1) * 0.25, 2.0)
        };
        Biquad {
            g,
            b1,
            b2: -c,
            a: 1.0,
            c1,
            c2: 1.0,
            y1: 0.0,
            y2: 0.0,
        }
    }

    /// `LPF_next` / `HPF_next` (second-order Butterworth): `pfreq = freq pi / sr`; lowpass
    /// `C = 1 / tan pfreq`, highpass `C = tan pfreq`; `a0 = 1 / (1 + sqrt2 C + C^2)`,
    /// `b1 = -/+ 2 (1 - C^2) a0`, `b2 = -(1 - sqrt2 C + C^2) a0`; out `a0 (y0 +/- 2 y1 + y2)`.
    pub fn butterworth(high: bool, freq: f64, sample_rate: f64) -> Biquad {
        let pfreq = freq * std::f64::consts::PI / sample_rate;
        let c = if high { pfreq.tan() } else { 1.0 / pfreq.tan() };
        let (c2, s2c) = (c * c, c * std::f64::consts::SQRT_2);
        let a0 = 1.0 / (1.0 + s2c + c2);
        let b1 = if high { 2.0 } else { -2.0 } * (1.0 - c2) * a0;
        let b2 = -(1.0 - s2c + c2) * a0;
        let c1 = if high { -2.0 } else { 2.0 };
        Biquad {
            g: 1.0,
            b1,
            b2,
            a: a0,
            c1,
            c2: 1.0,
            y1: 0.0,
            y2: 0.0,
        }
    }

    /// `BPF_next` (`FilterUGens.cpp`): `pfreq = freq 2 pi / sr`, `pbw = rq pfreq / 2`,
    /// `C = 1 / tan pbw`, `D = 2 cos pfreq`, `a0 = 1 / (1 + C)`, `b1 = C D a0`,
    /// `b2 = (1 - C) a0`; out `a0 (y0 - y2)`.
    pub fn bandpass(freq: f64, rq: f64, sample_rate: f64) -> Biquad {
        let pfreq = below_nyquist(freq, sample_rate) * std::f64::consts::TAU / sample_rate;
        let c = 1.0 / (rq * pfreq * 0.5).tan();
        let d = 2.0 * pfreq.cos();
        let a0 = 1.0 / (1.0 + c);
        Biquad {
            g: 1.0,
            b1: c * d * a0,
            b2: (1.0 - c) * a0,
            a: a0,
            c1: 0.0,
            c2: -1.0,
            y1: 0.0,
            y2: 0.0,
        }
    }

    #[inline]
    pub fn tick(&mut self, x: f32) -> f32 {
        let y0 = self.g * x as f64 + self.b1 * self.y1 + self.b2 * self.y2;
        let out = self.a * (y0 + self.c1 * self.y1 + self.c2 * self.y2);
        if !y0.is_finite() {
            (self.y1, self.y2) = (0.0, 0.0);
            return 0.0;
        }
        self.y2 = self.y1;
        self.y1 = super::flush_denormal(y0 as f32) as f64;
        out as f32
    }
}

/// `ToggleFF.ar(trig)`: the level flips between 0 and 1 when the trigger goes from `<= 0` to
/// `> 0` (`ToggleFF_next`; the level and the previous trigger start at 0).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ToggleFf {
    prev: f32,
    level: f32,
}

impl ToggleFf {
    #[inline]
    pub fn tick(&mut self, trig: f32) -> f32 {
        if self.prev <= 0.0 && trig > 0.0 {
            self.level = 1.0 - self.level;
        }
        self.prev = trig;
        self.level
    }
}

/// `XFade2`'s gains `(left, right)` at `pos` (-1 left .. 1 right) and `level`: the position is
/// quantised to 1/1024 and read from the sine table (`XFade2_Ctor`: `ipos = (int)(1024 pos +
/// 1024 + 0.5)` clipped to 0..2048, gains `level * sin(pi/2 * (2048 - ipos) / 2048)` and
/// `level * sin(pi/2 * ipos / 2048)`). `Balance2` uses the same table.
pub fn xfade2(pos: f64, level: f64) -> (f64, f64) {
    let ipos = ((1024.0 * pos + 1024.0 + 0.5).floor()).clamp(0.0, 2048.0);
    let q = std::f64::consts::FRAC_PI_2 / 2048.0;
    (
        level * ((2048.0 - ipos) * q).sin(),
        level * (ipos * q).sin(),
    )
}

/// `x.fold2(1)`: folds `x` into -1..1.
fn fold2(x: f64) -> f64 {
    let y = (x + 1.0).rem_euclid(4.0);
    if y <= 2.0 {
        y - 1.0
    } else {
        3.0 - y
    }
}

/// `SelectX.ar(which, array)` as gains on the array's inputs (`Osc.sc`): `XFade2.ar(
/// Select(which.round(2)), Select(which.trunc(2) + 1), (which * 2 - 1).fold2(1))`, the indices
/// clipped to the array as `Select` does. Returns `(index a, gain a, index b, gain b)`.
pub fn select_x(which: f64, len: usize) -> (usize, f64, usize, f64) {
    let last = len.saturating_sub(1) as f64;
    let a = ((which / 2.0).round() * 2.0).clamp(0.0, last) as usize;
    let b = ((which / 2.0).trunc() * 2.0 + 1.0).clamp(0.0, last) as usize;
    let (ga, gb) = xfade2(fold2(which * 2.0 - 1.0), 1.0);
    (a, ga, b, gb)
}

/// `x.linexp(in_lo, in_hi, out_lo, out_hi)` with sclang's default clipping of the input.
pub fn linexp(x: f64, in_lo: f64, in_hi: f64, out_lo: f64, out_hi: f64) -> f64 {
    let t = ((x - in_lo) / (in_hi - in_lo)).clamp(0.0, 1.0);
    out_lo * (out_hi / out_lo).powf(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_x_crossfades_neighbours() {
        assert_eq!(select_x(0.0, 2), (0, 1.0, 1, 0.0));
        let (a, ga, b, gb) = select_x(1.0, 2);
        assert_eq!((a, b), (1, 1));
        assert!(ga.abs() < 1e-12 && (gb - 1.0).abs() < 1e-12);
        let (a, ga, b, gb) = select_x(0.5, 2);
        assert_eq!((a, b), (0, 1));
        assert!((ga - gb).abs() < 1e-3 && (ga - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-3);
        // Three inputs: 2 is the third alone.
        let (a, ga, _, gb) = select_x(2.0, 3);
        assert_eq!(a, 2);
        assert!(ga > 0.99 && gb < 0.01);
    }

    #[test]
    fn butterworth_lowpass_is_down_3_db_at_cutoff() {
        let sr = 48_000.0;
        for (high, f) in [(false, 440.0), (true, 800.0)] {
            let mut bq = Biquad::butterworth(high, f, sr);
            let (mut e, n) = (0.0f64, 48_000);
            for i in 0..n {
                let x = (std::f64::consts::TAU * f * i as f64 / sr).sin() as f32;
                let y = bq.tick(x) as f64;
                if i > n / 2 {
                    e += y * y;
                }
            }
            let rms = (e / (n / 2 - 1) as f64).sqrt();
            assert!((rms - 0.5).abs() < 0.01, "high {high}: rms {rms}");
        }
    }
}
