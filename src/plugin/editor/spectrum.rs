//! The spectrum: an output's magnitude spectrum over a log-frequency axis, computed on the GUI
//! thread from the samples the audio thread publishes (the FFT of `dsp::fft`, a Hann window).

use crate::dsp::fft;
use egui::{Color32, FontId, Pos2};

/// Samples per transform (43 ms at 48 kHz; bins 23.4 Hz apart).
pub const FFT_SIZE: usize = 2048;
/// The lowest level drawn, in dB relative to a full-scale sine.
pub const FLOOR_DB: f32 = -96.0;
/// The lowest frequency drawn, in Hz.
pub const LOW_HZ: f64 = 20.0;

/// The transform's tables and buffers (made once, reused every frame). Owner: GUI thread.
pub struct Spectrum {
    twiddles: Vec<(f32, f32)>,
    re: Vec<f32>,
    im: Vec<f32>,
    /// Each bin's level in dB relative to a full-scale sine (`FFT_SIZE / 2 + 1` bins).
    pub db: Vec<f32>,
}

impl Default for Spectrum {
    fn default() -> Spectrum {
        Spectrum {
            twiddles: fft::twiddles(FFT_SIZE),
            re: vec![0.0; FFT_SIZE],
            im: vec![0.0; FFT_SIZE],
            db: vec![FLOOR_DB; FFT_SIZE / 2 + 1],
        }
    }
}

impl Spectrum {
    /// The levels of the last [`FFT_SIZE`] samples of `x` (zeros before a shorter `x`).
    /// Window: Hann, `w[j] = 0.5 - 0.5 cos(2 pi j / N)` (Harris, "On the use of windows for
    /// harmonic analysis with the discrete Fourier transform", Proc. IEEE 66(1), 1978); a sine
    /// of amplitude `a` at a bin's centre gives `|X| = a N / 4` (the window's mean 1/2 times
    /// the sine's `N / 2`), which is 0 dB for `a = 1`.
    pub fn compute(&mut self, x: &[f32]) -> &[f32] {
        let n = FFT_SIZE;
        let x = &x[x.len().saturating_sub(n)..];
        let pad = n - x.len();
        for j in 0..n {
            let w = 0.5 - 0.5 * (std::f64::consts::TAU * j as f64 / n as f64).cos();
            let s = if j < pad { 0.0 } else { x[j - pad] };
            self.re[j] = s * w as f32;
            self.im[j] = 0.0;
        }
        fft::fft(&mut self.re, &mut self.im, &self.twiddles, false);
        let full = n as f32 / 4.0;
        for (k, d) in self.db.iter_mut().enumerate() {
            let mag = self.re[k].hypot(self.im[k]) / full;
            *d = (20.0 * mag.max(1e-12).log10()).max(FLOOR_DB);
        }
        &self.db
    }
}

/// The frequency of the loudest bin of `db` (levels of [`FFT_SIZE`] bins at `sample_rate`),
/// refined between bins by a parabola through the peak's dB and its neighbours' (quadratic
/// interpolation of spectral peaks: J. O. Smith, "Spectral Audio Signal Processing", 2011,
/// "Quadratic Interpolation of Spectral Peaks").
pub fn peak_hz(db: &[f32], sample_rate: f64) -> f64 {
    let k = (1..db.len().saturating_sub(1))
        .max_by(|&a, &b| db[a].total_cmp(&db[b]))
        .unwrap_or(0);
    let offset = if k == 0 {
        0.0
    } else {
        let (a, b, c) = (db[k - 1] as f64, db[k] as f64, db[k + 1] as f64);
        let denom = a - 2.0 * b + c;
        if denom == 0.0 {
            0.0
        } else {
            0.5 * (a - c) / denom
        }
    };
    (k as f64 + offset) * sample_rate / FFT_SIZE as f64
}

/// Draws the levels `db` (at `sample_rate`) over the width, 20 Hz to Nyquist on a log axis,
/// [`FLOOR_DB`]..0 dB over the height, with the output's `label` and the peak's frequency.
pub fn draw(ui: &mut egui::Ui, label: &str, db: &[f32], sample_rate: f64, height: f32) {
    let (rect, painter) = super::punchcard::strip(ui, height);
    let x0 = rect.left() + super::punchcard::LABEL_PT;
    let width = rect.right() - x0;
    let nyquist = (sample_rate / 2.0).max(LOW_HZ * 2.0);
    let x_of = |hz: f64| x0 + ((hz / LOW_HZ).ln() / (nyquist / LOW_HZ).ln()) as f32 * width;
    for hz in [100.0, 1000.0, 10000.0] {
        if hz < nyquist {
            painter.vline(
                x_of(hz),
                rect.y_range(),
                egui::Stroke::new(1.0, Color32::from_gray(45)),
            );
        }
    }
    let bin_hz = sample_rate / FFT_SIZE as f64;
    let points: Vec<Pos2> = db
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(k, _)| *k as f64 * bin_hz >= LOW_HZ)
        .map(|(k, d)| {
            let y = rect.top() + (d / FLOOR_DB).clamp(0.0, 1.0) * rect.height();
            Pos2::new(x_of(k as f64 * bin_hz), y)
        })
        .collect();
    let color = Color32::from_rgb(97, 175, 239);
    super::scope::trace(&painter, rect, label, points, color);
    if sample_rate > 0.0 && db.iter().any(|d| *d > FLOOR_DB) {
        painter.text(
            rect.right_top() + egui::vec2(-4.0, 2.0),
            egui::Align2::RIGHT_TOP,
            format!("peak {:.0} Hz", peak_hz(db, sample_rate)),
            FontId::proportional(10.0),
            Color32::from_gray(140),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_scale_sine_on_a_bin_is_0_db_there() {
        let sr = 48000.0;
        let hz = 100.0 * sr / FFT_SIZE as f64;
        let x: Vec<f32> = (0..FFT_SIZE)
            .map(|i| (std::f64::consts::TAU * hz * i as f64 / sr).sin() as f32)
            .collect();
        let mut s = Spectrum::default();
        let db = s.compute(&x).to_vec();
        assert!(db[100].abs() < 0.01, "{}", db[100]);
        assert!((peak_hz(&db, sr) - hz).abs() < 1e-6);
        // Far from the tone the Hann window's sidelobes are below -90 dB.
        assert!(db[400] < -90.0, "{}", db[400]);
    }
}
