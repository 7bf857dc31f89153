//! SuperDirt's `vowel`: a formant filter, as a node (`saw 110 # vowel "a e"`) and per event
//! (`s "bd*4" # vowel "<a o>"`).
//!
//! The algorithm is SuperDirt's `dirt_vowel` (synths/core-synths.scd, SuperDirt 1.7): five
//! band-pass filters (SuperCollider's `BPF`) at the vowel's formants, each scaled by its
//! amplitude times `resonance.linlin(0, 1, 50, 200)`, with reciprocal quality
//! `(1 / bandwidth) / resonance.linlin(0, 1, 0.1, 0.5)`, summed and cross-faded with the dry
//! signal by `XFade2(dry, wet, resonance.linlin(0, 1, -0.5, 1), 0.25)`. Resonance defaults to
//! 0, as in SuperDirt: its `vowel` module (`synths/core-modules.scd`) always sends
//! `resonance: ~resonance`, and an unset control is nil, which sclang's OSC encoding sends as
//! the integer 0 (`["/x", \a, nil].asRawOSC` holds `,si` and 0), not the SynthDef's 0.5.
//! Measured against SuperDirt's render: `tests/dirt_fx_oracle.rs`, `vowel_a`.
//! The formant table is the Vowel quark's counter-tenor register (SuperDirt's default),
//! whose data come from the Csound manual's formant table ("Formant values", Appendix).
//! `BPF` is SuperCollider's (server/plugins/FilterUGens.cpp): `C = 1 / tan(rq * w / 2)`,
//! `D = 2 cos w`, `a0 = 1 / (1 + C)`, `y0 = x + a0 C D y1 + a0 (1 - C) y2`, out `a0 (y0 - y2)`.

use super::node::{DspNode, Input, NodeDef, VoiceDef, VoiceState};
use super::sane_rate;

/// The vowels, in the order of the table (their index is the node's `vowel` value).
pub const VOWELS: &[&str] = &["a", "e", "i", "o", "u"];

/// Formant centre frequencies (Hz), counter-tenor.
pub const FREQ_HZ: [[f64; 5]; 5] = [
    [660.0, 1120.0, 2750.0, 3000.0, 3350.0],
    [440.0, 1800.0, 2700.0, 3000.0, 3300.0],
    [270.0, 1850.0, 2900.0, 3350.0, 3590.0],
    [430.0, 820.0, 2700.0, 3000.0, 3300.0],
    [370.0, 630.0, 2750.0, 3000.0, 3400.0],
];
/// Formant levels (dB).
const LEVEL_DB: [[f64; 5]; 5] = [
    [0.0, -6.0, -23.0, -24.0, -38.0],
    [0.0, -14.0, -18.0, -20.0, -20.0],
    [0.0, -24.0, -24.0, -36.0, -36.0],
    [0.0, -10.0, -26.0, -22.0, -34.0],
    [0.0, -20.0, -23.0, -30.0, -34.0],
];
/// Formant bandwidths (Hz).
const WIDTH_HZ: [[f64; 5]; 5] = [
    [80.0, 90.0, 120.0, 130.0, 140.0],
    [70.0, 80.0, 100.0, 120.0, 120.0],
    [40.0, 90.0, 100.0, 120.0, 120.0],
    [40.0, 80.0, 100.0, 120.0, 120.0],
    [40.0, 60.0, 100.0, 120.0, 120.0],
];

/// SuperCollider's `linlin` with clipping to the output range.
fn linlin(x: f64, out_lo: f64, out_hi: f64) -> f64 {
    out_lo + x.clamp(0.0, 1.0) * (out_hi - out_lo)
}

/// The filter bank of one vowel: coefficients and both channels' state (all `f64`, as the
/// SuperCollider unit generator).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Vowel {
    a0: [f64; 5],
    b1: [f64; 5],
    b2: [f64; 5],
    amp: [f64; 5],
    dry: f64,
    wet: f64,
    /// `y1`, `y2` per formant, left then right.
    y: [[[f64; 2]; 5]; 2],
}

/// A voice's state: sample rate, vowel, resonance, then the filters' `y1`, `y2` (the
/// coefficients are made again for each chunk: cheaper to carry than to store).
const STATE_LEN: usize = 3 + 20;
const _: () = assert!(STATE_LEN <= super::node::VOICE_STATE_LEN);

impl Vowel {
    /// Sets the coefficients for `vowel` (an index into [`VOWELS`], rounded and clamped) and
    /// `resonance` at `sample_rate`, keeping the filters' state.
    fn set(&mut self, sample_rate: f64, vowel: f32, resonance: f32) {
        let v = vowel.round().clamp(0.0, 4.0) as usize;
        let res = if resonance.is_finite() {
            resonance as f64
        } else {
            0.5
        };
        let rq_scale = linlin(res, 0.1, 0.5);
        let amp_scale = linlin(res, 50.0, 200.0);
        for k in 0..5 {
            let f = FREQ_HZ[v][k].min(sample_rate / 2.0);
            let w = f * std::f64::consts::TAU / sample_rate;
            let rq = (1.0 / WIDTH_HZ[v][k]) / rq_scale;
            let c = 1.0 / (rq * w * 0.5).tan();
            let d = 2.0 * w.cos();
            self.a0[k] = 1.0 / (1.0 + c);
            self.b1[k] = c * d * self.a0[k];
            self.b2[k] = (1.0 - c) * self.a0[k];
            self.amp[k] = 10f64.powf(LEVEL_DB[v][k] / 20.0) * amp_scale;
        }
        // XFade2's equal-power table: position quantised to 1/1024 as in the unit generator.
        let pos = linlin(res, -0.5, 1.0);
        let ipos = ((1024.0 * pos + 1024.0 + 0.5).floor()).clamp(0.0, 2048.0);
        let angle = ipos * std::f64::consts::PI / 4096.0;
        (self.dry, self.wet) = (0.25 * angle.cos(), 0.25 * angle.sin());
    }

    /// One sample of channel `ch`.
    #[inline]
    fn tick(&mut self, ch: usize, x: f32) -> f32 {
        let x = super::sanitize(x) as f64;
        let mut wet = 0.0;
        for k in 0..5 {
            let [y1, y2] = self.y[ch][k];
            let y0 = x + self.b1[k] * y1 + self.b2[k] * y2;
            wet += self.amp[k] * self.a0[k] * (y0 - y2);
            self.y[ch][k] = [y0, y1];
        }
        if !wet.is_finite() {
            self.y[ch] = [[0.0; 2]; 5];
            wet = 0.0;
        }
        super::flush_denormal((self.dry * x + self.wet * wet) as f32)
    }

    /// The filter bank a voice's state describes.
    fn load(s: &VoiceState) -> Vowel {
        let mut v = Vowel::default();
        v.set(s[0], s[1] as f32, s[2] as f32);
        for (slot, x) in v.y.iter_mut().flatten().flatten().zip(&s[3..STATE_LEN]) {
            *slot = *x;
        }
        v
    }

    /// Keeps the filters' state in a voice's state.
    fn save(&self, s: &mut VoiceState) {
        for (d, x) in s[3..STATE_LEN]
            .iter_mut()
            .zip(self.y.iter().flatten().flatten())
        {
            *d = *x;
        }
    }
}

/// The node: the vowel and resonance may change at any sample.
struct VowelNode {
    sample_rate: f64,
    vowel: Vowel,
    /// The (vowel, resonance) the coefficients were made for.
    set_for: Option<(f32, f32)>,
}

impl DspNode for VowelNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        let [x, [v, _], [res, _]] = [inputs[0], inputs[1], inputs[2]];
        for i in 0..l.len() {
            let key = (super::at(v, i, 0.0), super::at(res, i, 0.0));
            if self.set_for != Some(key) {
                self.vowel.set(self.sample_rate, key.0, key.1);
                self.set_for = Some(key);
            }
            l[i] = self.vowel.tick(0, super::input(x[0], i));
            r[i] = self.vowel.tick(1, super::input(x[1], i));
        }
    }
}

fn voice_start(sample_rate: f32, values: &[f32], state: &mut VoiceState) {
    state.fill(0.0);
    (state[0], state[1], state[2]) = (
        sane_rate(sample_rate) as f64,
        values[0] as f64,
        values[1] as f64,
    );
}

fn voice_process(state: &mut VoiceState, l: &mut [f32], r: &mut [f32], mono: bool) {
    let mut v = Vowel::load(state);
    for x in l.iter_mut() {
        *x = v.tick(0, *x);
    }
    if !mono {
        for x in r.iter_mut() {
            *x = v.tick(1, *x);
        }
    }
    v.save(state);
}

pub static VOWEL: NodeDef = NodeDef {
    name: "vowel",
    doc: "SuperDirt's formant filter: `a` `e` `i` `o` `u` (or 0..4), with `resonance` (0..1, default 0).",
    example: "out $ saw 110 * 0.5 # vowel \"<a e i o u>\"",
    inputs: &[
        Input::AUDIO,
        Input::signal("vowel", "a e i o u", "a vowel").words(VOWELS),
        Input::signal("resonance", "0..1", "the resonance").or(0.0),
    ],
    control: Some("vowel"),
    bare_pattern: false,
    build: |sr, _| Box::new(VowelNode { sample_rate: sane_rate(sr) as f64, vowel: Vowel::default(), set_for: None }),
    voice: Some(VoiceDef { control: "vowel", start: voice_start, process: voice_process }),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::testutil::*;

    /// An impulse through each vowel: the first two peaks of the response's spectrum (its
    /// local maxima from 100 Hz up) are the table's first two formants, within 10%.
    #[test]
    fn five_vowels_have_their_first_two_formants() {
        let n = 1 << 14;
        let mut impulse = vec![0.0f32; n];
        impulse[0] = 1.0;
        for (v, name) in VOWELS.iter().enumerate() {
            let mut node = (VOWEL.build)(SR, &[]);
            let (mut l, mut r) = (vec![0.0; n], vec![0.0; n]);
            let vowel = [v as f32];
            for c in (0..n).step_by(256) {
                let e = (c + 256).min(n);
                node.process(
                    &[
                        [&impulse[c..e], &impulse[c..e]],
                        [&vowel, &vowel],
                        [&[0.5], &[0.5]],
                    ],
                    &mut l[c..e],
                    &mut r[c..e],
                );
            }
            let grid: Vec<f32> = (20..600).map(|k| k as f32 * 5.0).collect();
            let mag: Vec<f32> = grid.iter().map(|f| dft_mag(&l, *f)).collect();
            let max = mag.iter().fold(0.0f32, |m, x| m.max(*x));
            let peaks: Vec<f64> = (1..mag.len() - 1)
                .filter(|&i| mag[i] > mag[i - 1] && mag[i] >= mag[i + 1] && mag[i] > max * 1e-3)
                .map(|i| grid[i] as f64)
                .collect();
            assert!(peaks.len() >= 2, "vowel {name}: peaks {peaks:?}");
            eprintln!(
                "vowel {name}: F1 {} Hz (table {}), F2 {} Hz (table {})",
                peaks[0], FREQ_HZ[v][0], peaks[1], FREQ_HZ[v][1]
            );
            for (got, want) in [(peaks[0], FREQ_HZ[v][0]), (peaks[1], FREQ_HZ[v][1])] {
                assert!(
                    (got / want - 1.0).abs() <= 0.10,
                    "vowel {name}: formant at {got} Hz, table {want} Hz (peaks {peaks:?})"
                );
            }
        }
    }

    /// The node in blocks equals the node sample by sample; the per-event form equals the node.
    #[test]
    fn blocks_and_voice_form_agree() {
        let x = test_signal(4000);
        check_blocks(
            4000,
            || (VOWEL.build)(SR, &[]),
            |node, rg, l, r| {
                node.process(
                    &[
                        [&x[rg.clone()], &x[rg.clone()]],
                        [&[2.0], &[2.0]],
                        [&[0.7], &[0.7]],
                    ],
                    l,
                    r,
                )
            },
            |node| *node = (VOWEL.build)(SR, &[]),
        );
        let mut node = (VOWEL.build)(SR, &[]);
        let (mut l, mut r) = (vec![0.0; 4000], vec![0.0; 4000]);
        node.process(
            &[[&x, &x], [&[3.0], &[3.0]], [&[0.7], &[0.7]]],
            &mut l,
            &mut r,
        );
        let mut state = [0.0; crate::dsp::node::VOICE_STATE_LEN];
        voice_start(SR, &[3.0, 0.7], &mut state);
        let (mut vl, mut vr) = (x.clone(), vec![]);
        for c in (0..4000).step_by(256) {
            let e = (c + 256).min(4000);
            voice_process(&mut state, &mut vl[c..e], &mut vr, true);
        }
        assert_eq!(vl, l);
    }
}
