//! Distortion family: `distortion` (tanh drive), SuperDirt's `shape`, `crush` and `coarse`.
//!
//! `shape`, `crush` and `coarse` follow SuperDirt's `core-synths.scd` (musikinformatik/SuperDirt,
//! SynthDefs `dirt_shape`, `dirt_crush`, `dirt_coarse`):
//! * `dirt_shape`: `k = 2 s / (1 - s)`, `y = (1 + k) x / (1 + k |x|)` (s < 1).
//! * `dirt_crush`: `x.round(0.5 ** (crush - 1))`: `crush 4` rounds to steps of 1/8, 17 levels
//!   over -1..1, i.e. 4 bits; lower is harsher (here at least 1 bit: SuperDirt's `crush 0`
//!   rounds to steps of 2, silence).
//! * `dirt_coarse`: `Latch.ar(x, Impulse.ar(SampleRate.ir / coarse))`: hold every `coarse`-th
//!   sample, a sample-rate reducer ([`Coarse`] follows `Impulse`'s phase, fractions too).

use super::{at, input, sanitize};

/// tanh waveshaper (the classic soft clipper, e.g. J. O. Smith, "Physical Audio Signal
/// Processing", "Soft Clipping"): `tanh(x * 100^amount)`. `amount` is clamped to 0..2: 0 = unity
/// drive (transparent for quiet signals), 0.5 = +20 dB, 1 = +40 dB into the clipper. Output stays
/// within -1..1.
#[inline]
pub fn distortion(x: f32, amount: f32) -> f32 {
    let drive = 100f32.powf(sanitize(amount).clamp(0.0, 2.0));
    (sanitize(x) * drive).tanh()
}

/// SuperDirt's `shape` waveshaper; `amount` 0..1 (0 = identity; clamped to 0..0.999, since 1 is
/// a division by zero). Output within -1..1 for input within -1..1 (|y| < (1 + k) / k otherwise).
#[inline]
pub fn shape(x: f32, amount: f32) -> f32 {
    let s = sanitize(amount).clamp(0.0, 0.999);
    let k = 2.0 * s / (1.0 - s);
    let x = sanitize(x);
    (1.0 + k) * x / (1.0 + k * x.abs())
}

/// SuperDirt's `crush`: round to steps of `0.5^(bits - 1)`; `bits` clamped to 1..32 (non-finite:
/// 32, i.e. transparent). `crush 1` leaves only -1, 0, 1.
#[inline]
pub fn crush(x: f32, bits: f32) -> f32 {
    let bits = if bits.is_finite() {
        bits.clamp(1.0, 32.0)
    } else {
        32.0
    };
    let step = 0.5f32.powf(bits - 1.0);
    // sclang's `round(x, q)`: `floor(x / q + 0.5) * q` (halves round up).
    (sanitize(x) / step + 0.5).floor() * step
}

/// Apply [`distortion`] per sample (`amount` a control slice, default 0).
pub fn process_distortion(input_: &[f32], amount: &[f32], out: &mut [f32]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = distortion(input(input_, i), at(amount, i, 0.0));
    }
}

/// Apply [`shape`] per sample (`amount` a control slice, default 0).
pub fn process_shape(input_: &[f32], amount: &[f32], out: &mut [f32]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = shape(input(input_, i), at(amount, i, 0.0));
    }
}

/// Apply [`crush`] per sample (`bits` a control slice, default 32).
pub fn process_crush(input_: &[f32], bits: &[f32], out: &mut [f32]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = crush(input(input_, i), at(bits, i, 32.0));
    }
}

/// SuperDirt's `coarse`: `Latch.ar(x, Impulse.ar(SampleRate.ir / coarse))`, a sample and
/// hold triggered by SuperCollider's `Impulse` (`server/plugins/LFUGens.cpp`: a phase starting
/// at 1, so the first sample triggers; each sample `if phase >= 1 { phase -= 1; trigger }`, then
/// `phase += (sr / coarse) * (1 / sr)`, the product in `f32` as the unit generator's). A power
/// of two holds every `coarse`-th sample; other factors as SuperCollider rounds them (`coarse 3`
/// at 44.1 kHz holds 4, 3, 3, ... samples, at 48 kHz 3 each); 2.5 holds 3, 2, 3, 2 ...; 1 (or
/// less) passes the input. Measured equal to SuperCollider 3.13's `dirt_coarse` (3 and 2.5).
#[derive(Clone, Debug)]
pub struct Coarse {
    sample_rate: f32,
    phase: f64,
    held: f32,
}

impl Default for Coarse {
    fn default() -> Self {
        Coarse::new(48_000.0)
    }
}

impl Coarse {
    pub fn new(sample_rate: f32) -> Self {
        Coarse {
            sample_rate: super::sane_rate(sample_rate),
            phase: 1.0,
            held: 0.0,
        }
    }

    pub fn reset(&mut self) {
        *self = Coarse::new(self.sample_rate);
    }

    pub fn process(&mut self, input_: &[f32], factor: &[f32], out: &mut [f32]) {
        // `Impulse` keeps `1 / sr` as `f32` and multiplies in `f32` (`mFreqMul`).
        let dur = (1.0 / self.sample_rate as f64) as f32;
        for (i, o) in out.iter_mut().enumerate() {
            let c = at(factor, i, 1.0);
            if c <= 1.0 {
                // The full rate (SuperDirt runs `dirt_coarse` above 1 only).
                (self.held, self.phase) = (input(input_, i), 1.0);
                *o = self.held;
                continue;
            }
            let freq = self.sample_rate / c;
            let inc = if freq.is_finite() {
                (freq * dur) as f64
            } else {
                1.0
            };
            if self.phase >= 1.0 {
                self.phase -= 1.0;
                if self.phase >= 1.0 {
                    self.phase -= self.phase.floor();
                }
                self.held = input(input_, i);
            }
            self.phase += inc;
            *o = self.held;
        }
    }
}

// ---- Nodes: `distortion x`, `bitcrush bits` (see `node.rs`). ----

use super::node::{DspNode, Input, NodeDef};

/// A per-sample shaper with one control, applied to each side.
struct ShaperNode(fn(&[f32], &[f32], &mut [f32]));

impl DspNode for ShaperNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        let [x, [a, _]] = [inputs[0], inputs[1]];
        (self.0)(x[0], a, l);
        (self.0)(x[1], a, r);
    }
}

pub static DISTORTION: NodeDef = NodeDef {
    name: "distortion",
    doc: "Soft-clipping (tanh) drive, 0..1.",
    example: "out $ sine 110 * 0.5 # distortion 0.8",
    inputs: &[Input::AUDIO, Input::signal("amount", "0..1", "the drive")],
    control: None,
    bare_pattern: false,
    build: |_, _| Box::new(ShaperNode(process_distortion)),
    voice: None,
};

pub static BITCRUSH: NodeDef = NodeDef {
    name: "bitcrush",
    doc: "Bit-depth reduction to `bits` bits.",
    example: "out $ sine 220 * 0.5 # bitcrush 3",
    inputs: &[Input::AUDIO, Input::signal("bits", "bits", "the bit depth")],
    control: None,
    bare_pattern: false,
    build: |_, _| Box::new(ShaperNode(process_crush)),
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn curves() {
        for i in -100..=100 {
            let x = i as f32 / 100.0;
            assert_eq!(shape(x, 0.0), x);
            assert!(shape(x, 0.5).abs() >= x.abs() && shape(x, 0.5).abs() <= 1.0);
            assert!(distortion(x, 1.0).abs() <= 1.0);
        }
        // shape 0.5: k = 2, y(0.5) = 3 * 0.5 / 2 = 0.75.
        assert!((shape(0.5, 0.5) - 0.75).abs() < 1e-6);
        assert!((distortion(0.01, 0.0) - 0.01).abs() < 1e-5 && distortion(0.1, 1.0) > 0.99);
        assert_eq!(crush(0.3, 4.0), 0.25);
        assert_eq!(crush(0.33, 4.0), 0.375);
        assert_eq!(crush(0.4, 1.0), 0.0);
        assert_eq!(crush(-0.6, 1.0), -1.0);
        let levels: std::collections::BTreeSet<i32> = (-1000..=1000)
            .map(|i| (crush(i as f32 / 1000.0, 4.0) * 8.0) as i32)
            .collect();
        assert_eq!(levels.len(), 17);
    }

    /// As SuperCollider's `Impulse`: a fractional factor alternates hold lengths.
    #[test]
    fn coarse_fractional_alternates() {
        let x: Vec<f32> = (0..14).map(|i| i as f32).collect();
        let mut y = vec![0.0; 14];
        Coarse::new(44_100.0).process(&x, &[2.5], &mut y);
        assert_eq!(
            y,
            [0.0, 0.0, 0.0, 3.0, 3.0, 5.0, 5.0, 5.0, 8.0, 8.0, 10.0, 10.0, 10.0, 13.0]
        );
        assert_eq!(crush(-0.5, 1.0), 0.0, "halves round up, as sclang's round");
    }

    #[test]
    fn coarse_holds() {
        let x: Vec<f32> = (0..12).map(|i| i as f32).collect();
        let mut y = vec![0.0; 12];
        let mut c = Coarse::new(SR);
        c.process(&x, &[4.0], &mut y);
        assert_eq!(
            y,
            [0.0, 0.0, 0.0, 0.0, 4.0, 4.0, 4.0, 4.0, 8.0, 8.0, 8.0, 8.0]
        );
        c.reset();
        c.process(&x, &[1.0], &mut y);
        assert_eq!(x, y);
    }

    #[test]
    fn blocks_and_reset() {
        let n = 5000;
        let x = test_signal(n);
        let a: Vec<f32> = (0..n).map(|i| (i % 1000) as f32 / 1000.0).collect();
        let bits: Vec<f32> = (0..n).map(|i| 1.0 + (i % 777) as f32 / 50.0).collect();
        let f: Vec<f32> = (0..n).map(|i| 1.0 + ((i / 500) % 9) as f32).collect();
        check_blocks(
            n,
            || (),
            |_, r, l, _| process_distortion(&x[r.clone()], &a[r], l),
            |_| (),
        );
        check_blocks(
            n,
            || (),
            |_, r, l, _| process_shape(&x[r.clone()], &a[r], l),
            |_| (),
        );
        check_blocks(
            n,
            || (),
            |_, r, l, _| process_crush(&x[r.clone()], &bits[r], l),
            |_| (),
        );
        check_blocks(
            n,
            || Coarse::new(SR),
            |c, r, l, _| c.process(&x[r.clone()], &f[r], l),
            Coarse::reset,
        );
    }

    #[test]
    fn hostile_inputs() {
        let bad: Vec<f32> = BAD.iter().cycle().take(60).copied().collect();
        let mut y = vec![0.0; 60];
        for (a, b) in [(&bad, &bad), (&bad, &vec![0.5; 60])] {
            process_distortion(a, b, &mut y);
            assert!(y.iter().all(|v| v.is_finite() && v.abs() <= 1.0));
            process_shape(a, b, &mut y);
            assert!(y.iter().all(|v| v.is_finite()));
            process_crush(a, b, &mut y);
            assert!(y.iter().all(|v| v.is_finite()));
            Coarse::new(SR).process(a, b, &mut y);
            assert!(y.iter().all(|v| v.is_finite()));
        }
    }
}
