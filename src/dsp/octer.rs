//! SuperDirt's `octer`, `octersub`, `octersubsub` (`library/default-effects-extra.scd`, SynthDef
//! `dirt_octer`, "Sonic Pi's octaver"):
//! `oct1 = 2 LeakDC(|x|)` (full-wave rectified: an octave up), `sub = LPF.ar(x, 440)`,
//! `oct2 = ToggleFF.ar(sub)` (a square an octave down), `oct3 = ToggleFF.ar(oct2)` (two down);
//! `y = SelectX.ar(octer, [x, octer * oct1, 0]) + octersub * oct2 * sub + octersubsub * oct3 * sub`.
//! A control the event leaves out is 0 (the SynthDef's default).

use super::sc_ugens::{select_x, Biquad, LeakDc, ToggleFf};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Octer {
    octer: f32,
    sub: f32,
    subsub: f32,
    /// `SelectX` gains of the dry signal and of `octer * oct1`.
    g_dry: f32,
    g_oct: f32,
    leak: LeakDc,
    lpf: Biquad,
    ff2: ToggleFf,
    ff3: ToggleFf,
}

impl Octer {
    pub fn new(octer: f32, octersub: f32, octersubsub: f32, sample_rate: f32) -> Octer {
        let fin = |x: f32| if x.is_finite() { x } else { 0.0 };
        // The sub levels are limited to +-1000 (SuperDirt's are unbounded).
        let lim = |x: f32| fin(x).clamp(-1000.0, 1000.0);
        let (octer, sub, subsub) = (fin(octer), lim(octersub), lim(octersubsub));
        let (a, ga, b, gb) = select_x(octer as f64, 3);
        let mut g = [0.0f64; 3];
        g[a] += ga;
        g[b] += gb;
        Octer {
            octer,
            sub,
            subsub,
            g_dry: g[0] as f32,
            g_oct: g[1] as f32,
            leak: LeakDc::default(),
            lpf: Biquad::butterworth(false, 440.0, super::sane_rate(sample_rate) as f64),
            ff2: ToggleFf::default(),
            ff3: ToggleFf::default(),
        }
    }

    pub fn process(&mut self, x: &mut [f32]) {
        for s in x.iter_mut() {
            let v = *s;
            let oct1 = 2.0 * self.leak.tick(v.abs());
            let sub = self.lpf.tick(v);
            let oct2 = self.ff2.tick(sub);
            let oct3 = self.ff3.tick(oct2);
            let sel = self.g_dry * v + self.g_oct * self.octer * oct1;
            *s = sel + self.sub * oct2 * sub + self.subsub * oct3 * sub;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::testutil::dft_mag;

    fn sine(f: f32) -> Vec<f32> {
        (0..48_000)
            .map(|i| 0.5 * (std::f32::consts::TAU * f * i as f32 / 48_000.0).sin())
            .collect()
    }

    /// `octer 1` is the rectified signal: a 200 Hz sine becomes 400 Hz (no 200 Hz left);
    /// `octersub 1` adds 100 Hz, `octersubsub 1` adds 50 Hz.
    #[test]
    fn octaves_up_and_down() {
        let mut x = sine(200.0);
        Octer::new(1.0, 0.0, 0.0, 48_000.0).process(&mut x);
        let t = &x[24_000..];
        assert!(dft_mag(t, 400.0) > 10.0 * dft_mag(t, 200.0));
        let mut x = sine(200.0);
        Octer::new(0.0, 1.0, 0.0, 48_000.0).process(&mut x);
        let t = &x[24_000..];
        assert!(dft_mag(t, 100.0) > 0.05, "sub {}", dft_mag(t, 100.0));
        let mut x = sine(200.0);
        Octer::new(0.0, 0.0, 1.0, 48_000.0).process(&mut x);
        let t = &x[24_000..];
        assert!(dft_mag(t, 50.0) > 0.02, "subsub {}", dft_mag(t, 50.0));
    }
}
