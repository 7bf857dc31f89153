//! superdough's per-voice `compressor`: Web Audio's `DynamicsCompressorNode`
//! (`getCompressor` in superdough 1.2.6 `helpers.mjs`: threshold -3 dB, ratio 10, knee 10 dB,
//! attack 5 ms, release 50 ms unless set), computed as web-audio-api-rs 1.x does
//! (`src/node/dynamics_compressor.rs`; node-web-audio-api, which renders superdough's own
//! figures here, is that crate):
//!
//! * the gain computer of D. Giannoulis, M. Massberg, J. D. Reiss, "Digital Dynamic Range
//!   Compressor Design", JAES 60(6), 2012, eq. 4, with the knee centred on `threshold + knee / 2`
//!   (Web Audio's knee lies above the threshold);
//! * their branching peak detector on the attenuation (eq. 16), `tau = exp(-1 / (t * fs))`
//!   (eq. 7), on the louder channel;
//! * the Web Audio spec's makeup gain: `(1 / full range gain)^0.6`, the full range gain being
//!   the curve's line at 0 dBFS (`T + (0 - T) / R` in dB).
//!
//! Web Audio delays the compressed signal by its 6 ms look-ahead; a Phonon voice is not
//! delayed (the gain is computed from the sample it multiplies).

fn db_to_lin(db: f32) -> f32 {
    10f32.powf(db / 20.0)
}

fn lin_to_db(x: f32) -> f32 {
    if x == 0.0 {
        -1000.0
    } else {
        20.0 * x.log10()
    }
}

/// The settings an event gives (`compressor`, `compressorRatio`, `compressorKnee`,
/// `compressorAttack`, `compressorRelease`), clamped to the Web Audio parameters' ranges.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompressorParams {
    pub threshold_db: f32,
    pub ratio: f32,
    pub knee_db: f32,
    pub attack_s: f32,
    pub release_s: f32,
}

impl Default for CompressorParams {
    fn default() -> Self {
        CompressorParams {
            threshold_db: -3.0,
            ratio: 10.0,
            knee_db: 10.0,
            attack_s: 0.005,
            release_s: 0.05,
        }
    }
}

/// One voice's compressor.
#[derive(Clone, Copy, Debug)]
pub struct DoughCompressor {
    threshold: f32,
    half_knee: f32,
    knee_partial: f32,
    ratio: f32,
    attack_tau: f32,
    release_tau: f32,
    makeup_db: f32,
    detector: f32,
}

impl DoughCompressor {
    pub fn new(p: CompressorParams, sample_rate: f32) -> DoughCompressor {
        let fin = |x: f32, d: f32| if x.is_finite() { x } else { d };
        let d = CompressorParams::default();
        let threshold = fin(p.threshold_db, d.threshold_db).clamp(-100.0, 0.0);
        let knee = fin(p.knee_db, d.knee_db).clamp(0.0, 40.0);
        let ratio = fin(p.ratio, d.ratio).clamp(1.0, 20.0);
        let threshold = if knee > 0.0 {
            threshold + knee / 2.0
        } else {
            threshold
        };
        let tau = |t: f32| (-1.0 / (t.clamp(0.0, 1.0) * sample_rate)).exp();
        let full_range_gain = threshold - threshold / ratio;
        DoughCompressor {
            threshold,
            half_knee: knee / 2.0,
            knee_partial: if knee > 0.0 {
                (1.0 / ratio - 1.0) / (2.0 * knee)
            } else {
                0.0
            },
            ratio,
            attack_tau: tau(fin(p.attack_s, d.attack_s)),
            release_tau: tau(fin(p.release_s, d.release_s)),
            makeup_db: lin_to_db((1.0 / db_to_lin(full_range_gain)).powf(0.6)),
            detector: 0.0,
        }
    }

    /// The gain for the next sample, whose louder channel is `level` (absolute).
    pub fn gain(&mut self, level: f32) -> f32 {
        let x = lin_to_db(if level.is_finite() { level } else { 0.0 });
        let (t, hk) = (self.threshold, self.half_knee);
        let y = if x <= t - hk {
            x
        } else if x <= t + hk {
            x + (x - t + hk).powi(2) * self.knee_partial
        } else {
            t + (x - t) / self.ratio
        };
        let attenuation = x - y;
        let tau = if attenuation > self.detector {
            self.attack_tau
        } else {
            self.release_tau
        };
        self.detector = tau * self.detector + (1.0 - tau) * attenuation;
        db_to_lin(self.makeup_db - self.detector)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(level: f32) -> f32 {
        let mut c = DoughCompressor::new(CompressorParams::default(), 48000.0);
        (0..48000).map(|_| c.gain(level)).last().unwrap()
    }

    #[test]
    fn the_defaults_follow_web_audios_curve_and_makeup() {
        // Knee centred at -3 + 5 = 2 dB; makeup 0.6 * -(2 - 0.2) = -1.08 dB.
        let makeup = -0.6 * 1.8;
        // -20 dBFS is below the knee: only the makeup gain.
        assert!((lin_to_db(settle(0.1)) - makeup).abs() < 1e-3);
        // 0 dBFS is inside the knee: (0 - 2 + 5)^2 * (0.1 - 1) / 20 = -0.405 dB more.
        assert!((lin_to_db(settle(1.0)) - (makeup - 0.405)).abs() < 1e-3);
        // +20 dBFS is above it: 2 + 18 / 10 = 3.8 dB out, 16.2 dB of attenuation.
        assert!((lin_to_db(settle(10.0)) - (makeup - 16.2)).abs() < 1e-2);
    }

    #[test]
    fn attack_and_release_are_the_detectors_time_constants() {
        let sr = 48000.0;
        let mut c = DoughCompressor::new(CompressorParams::default(), sr);
        // A step to +20 dBFS: 63% of the 16.2 dB attenuation after the 5 ms attack.
        let g: Vec<f32> = (0..240).map(|_| c.gain(10.0)).collect();
        let att = lin_to_db(g[239]) + 1.08;
        assert!((att + 16.2 * 0.632).abs() < 0.1, "{att}");
        // Back below the threshold: 63% recovered after the 50 ms release.
        let before = -lin_to_db(c.gain(0.01)) - 1.08;
        let g: Vec<f32> = (0..2399).map(|_| c.gain(0.01)).collect();
        let left = -lin_to_db(g[2398]) - 1.08;
        assert!((left / before - 0.368).abs() < 0.01, "{left} {before}");
    }
}
