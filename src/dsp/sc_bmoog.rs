//! `BMoog.ar(in, freq, q, mode)`: sc3-plugins' Moog-style ladder by blackrain
//! (github.com/supercollider/sc3-plugins, `source/BlackrainUGens/BlackrainUGens.cpp`,
//! `BMoog_next`), in `f32` as the unit generator computes it:
//!
//! * per control block, when the cutoff or `q` changed: `fc = 2 freq / sr`, the pole
//!   `p = -0.69346 fc^3 - 0.59515 fc^2 + 3.2937 fc - 1.0072` (a cubic fit by DFL) and the
//!   feedback `q * lerp(frac(99 p), gaintable[floor(99 p) + 99], gaintable[floor(99 p) + 100])`;
//!   the feedback is a local of the `if` in the source, so the block's samples scale by the one
//!   stored at the block's start (a block late);
//! * per sample: `y = 0.25 (x - y_last)`, then four poles, each `o = sat(y + p (y - s))`,
//!   `s = o`, `y = sat(o + s_old)` with `sat` the clip to +-0.95 (`saturate`); out by mode
//!   (< 1 lowpass `y`, < 2 highpass `x - y`, < 3 bandpass `3 s[2] - y`, else lowpass `y`); then
//!   `y_last = y q`. (The `saturation` argument of the class is never passed to the server.)

/// blackrain's `gaintable` (199 values): the feedback's gain against the pole.
#[rustfmt::skip]
const GAIN: [f32; 199] = [
    0.999969, 0.990082, 0.980347, 0.970764, 0.961304, 0.951996, 0.94281, 0.933777, 0.924866, 0.916077,
    0.90741, 0.898865, 0.890442, 0.882141, 0.873962, 0.865906, 0.857941, 0.850067, 0.842346, 0.834686,
    0.827148, 0.819733, 0.812378, 0.805145, 0.798004, 0.790955, 0.783997, 0.77713, 0.770355, 0.763672,
    0.75708, 0.75058, 0.744141, 0.737793, 0.731537, 0.725342, 0.719238, 0.713196, 0.707245, 0.701355,
    0.695557, 0.689819, 0.684174, 0.678558, 0.673035, 0.667572, 0.66217, 0.65686, 0.651581, 0.646393,
    0.641235, 0.636169, 0.631134, 0.62619, 0.621277, 0.616425, 0.611633, 0.606903, 0.602234, 0.597626,
    0.593048, 0.588531, 0.584045, 0.579651, 0.575287, 0.570953, 0.566681, 0.562469, 0.558289, 0.554169,
    0.550079, 0.546051, 0.542053, 0.538116, 0.53421, 0.530334, 0.52652, 0.522736, 0.518982, 0.515289,
    0.511627, 0.507996, 0.504425, 0.500885, 0.497375, 0.493896, 0.490448, 0.487061, 0.483704, 0.480377,
    0.477081, 0.473816, 0.470581, 0.467377, 0.464203, 0.46109, 0.457977, 0.454926, 0.451874, 0.448883,
    0.445892, 0.442932, 0.440033, 0.437134, 0.434265, 0.431427, 0.428619, 0.425842, 0.423096, 0.42038,
    0.417664, 0.415009, 0.412354, 0.409729, 0.407135, 0.404572, 0.402008, 0.399506, 0.397003, 0.394501,
    0.392059, 0.389618, 0.387207, 0.384827, 0.382477, 0.380127, 0.377808, 0.375488, 0.37323, 0.370972,
    0.368713, 0.366516, 0.364319, 0.362122, 0.359985, 0.357849, 0.355713, 0.353607, 0.351532, 0.349457,
    0.347412, 0.345398, 0.343384, 0.34137, 0.339417, 0.337463, 0.33551, 0.333588, 0.331665, 0.329773,
    0.327911, 0.32605, 0.324188, 0.322357, 0.320557, 0.318756, 0.316986, 0.315216, 0.313446, 0.311707,
    0.309998, 0.308289, 0.30658, 0.304901, 0.303223, 0.301575, 0.299927, 0.298309, 0.296692, 0.295074,
    0.293488, 0.291931, 0.290375, 0.288818, 0.287262, 0.285736, 0.284241, 0.282715, 0.28125, 0.279755,
    0.27829, 0.276825, 0.275391, 0.273956, 0.272552, 0.271118, 0.269745, 0.268341, 0.266968, 0.265594,
    0.264252, 0.262909, 0.261566, 0.260223, 0.258911, 0.257599, 0.256317, 0.255035, 0.25375,
];

/// `saturate`: `0.5 (|x + 0.95| - |x - 0.95|)`, the clip to +-0.95.
#[inline]
fn sat(x: f32) -> f32 {
    0.5 * ((x + 0.95).abs() - (x - 0.95).abs())
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BMoog {
    cutoff: f32,
    res: f32,
    p: f32,
    /// The feedback stored by the last coefficient update, and the one this block uses.
    q_stored: f32,
    q: f32,
    mode: f32,
    state: [f32; 4],
    output: f32,
}

impl BMoog {
    /// `BMoog_Ctor`: everything 0.
    pub fn new(mode: f32) -> BMoog {
        BMoog {
            mode,
            ..BMoog::default()
        }
    }

    /// The start of a control block: this block's cutoff (Hz) and `q`.
    pub fn block(&mut self, cutoff: f32, res: f32, sr: f32) {
        self.q = self.q_stored;
        if cutoff != self.cutoff || res != self.res {
            let fc = 2.0 * cutoff / sr;
            let (fc2, fc3) = (fc * fc, fc * fc * fc);
            let p = -0.69346 * fc3 - 0.59515 * fc2 + 3.2937 * fc - 1.0072;
            let ix = p * 99.0;
            let i = ix.floor();
            let frac = ix - i;
            // (The fit keeps p within -1..1 for 0 < fc < 1; clamped so a stray input cannot
            // index outside the table.)
            let k = ((i as i32) + 99).clamp(0, 197) as usize;
            self.q_stored = res * ((1.0 - frac) * GAIN[k] + frac * GAIN[k + 1]);
            self.p = p;
            self.cutoff = cutoff;
            self.res = res;
        }
    }

    #[inline]
    pub fn tick(&mut self, input: f32) -> f32 {
        let p = self.p;
        let mut out = 0.25 * (input - self.output);
        for s in self.state.iter_mut() {
            let temp = *s;
            out = sat(out + p * (out - temp));
            *s = out;
            out = sat(out + temp);
        }
        let y = if self.mode < 1.0 {
            out
        } else if self.mode < 2.0 {
            input - out
        } else if self.mode < 3.0 {
            3.0 * self.state[2] - out
        } else {
            out
        };
        self.output = super::flush_denormal(out * self.q);
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sine's gain through the lowpass (mode 3 is the lowpass too): 4 at DC (0.25 in, 2 per
    /// pole), falling above the cutoff.
    #[test]
    fn lowpass_passes_lows_and_cuts_highs() {
        let sr = 48_000.0;
        let gain = |f: f32| {
            let mut m = BMoog::new(3.0);
            m.block(1000.0, 0.0, sr);
            let mut e = 0.0f64;
            for i in 0..48_000 {
                let x = 0.01 * (std::f32::consts::TAU * f * i as f32 / sr).sin();
                let y = m.tick(x) as f64;
                if i >= 24_000 {
                    e += y * y;
                }
            }
            (e / 24_000.0).sqrt() / (0.01 / 2f64.sqrt())
        };
        let (lo, hi) = (gain(50.0), gain(8000.0));
        assert!((lo - 4.0).abs() < 0.2, "{lo}");
        assert!(hi < 0.05 * lo, "{hi} vs {lo}");
    }
}
