//! `BPeakEQ.ar(in, freq, rq, db)`: the RBJ peaking equaliser as SuperCollider's
//! `BPeakEQ_next` (server `BEQSuite.cpp`) computes it, with fixed coefficients:
//! `a = 10^(db / 40)`, `w0 = 2 pi freq / sr`, `alpha = sin(w0) rq / 2`, `b0rz = 1 / (1 + alpha /
//! a)`, `a0 = (1 + alpha a) b0rz`, `a1 = -2 cos(w0) b0rz`, `a2 = (1 - alpha a) b0rz`,
//! `b1 = 2 cos(w0) b0rz`, `b2 = -(1 - alpha / a) b0rz`; `y0 = x + b1 y1 + b2 y2`,
//! out `a0 y0 + a1 y1 + a2 y2`.

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BPeakEq {
    a0: f64,
    a1: f64,
    a2: f64,
    b1: f64,
    b2: f64,
    y1: f64,
    y2: f64,
}

impl BPeakEq {
    pub fn new(freq: f64, rq: f64, db: f64, sr: f64) -> BPeakEq {
        let a = 10f64.powf(db / 40.0);
        let w0 = std::f64::consts::TAU * freq / sr;
        let alpha = w0.sin() * 0.5 * rq;
        let b0rz = 1.0 / (1.0 + alpha / a);
        BPeakEq {
            a0: (1.0 + alpha * a) * b0rz,
            a1: -2.0 * w0.cos() * b0rz,
            a2: (1.0 - alpha * a) * b0rz,
            b1: 2.0 * w0.cos() * b0rz,
            b2: -(1.0 - alpha / a) * b0rz,
            y1: 0.0,
            y2: 0.0,
        }
    }

    #[inline]
    pub fn tick(&mut self, x: f64) -> f64 {
        let y0 = x + self.b1 * self.y1 + self.b2 * self.y2;
        if !y0.is_finite() {
            (self.y1, self.y2) = (0.0, 0.0);
            return 0.0;
        }
        let out = self.a0 * y0 + self.a1 * self.y1 + self.a2 * self.y2;
        self.y2 = self.y1;
        self.y1 = if y0.abs() < 1e-20 { 0.0 } else { y0 };
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gain at `freq` is `db`, far from it 0 dB.
    #[test]
    fn peak_gain() {
        let sr = 48000.0;
        for (f, want) in [(3500.0, 6.0), (40.0, 0.0)] {
            let mut q = BPeakEq::new(3500.0, 1.0, 6.0, sr);
            let (mut a, mut b) = (0.0f64, 0.0f64);
            for k in 0..96000 {
                let x = (std::f64::consts::TAU * f * k as f64 / sr).sin();
                let y = q.tick(x);
                if k >= 48000 {
                    a = a.max(x.abs());
                    b = b.max(y.abs());
                }
            }
            let db = 20.0 * (b / a).log10();
            assert!((db - want).abs() < 0.1, "{f}: {db}");
        }
    }
}
