//! `PanAz.ar(N, in, pos, level, width, orientation)` with control-rate inputs, from
//! SuperCollider 3.13's `server/plugins/PanUGens.cpp` (github.com/supercollider/supercollider:
//! `PanAz_Ctor`, `PanAz_next_ak`), in `f32`: `pos' = pos N / 2 + width / 2 + orientation`; for
//! channel `i`, `c = (pos' - i) / width` wrapped into `0..N / width`; its gain is 0 from `c >= 1`,
//! else `level sin(pi floor(4096 c) / 4096)` (the server's 8192-point sine table). A changed
//! gain ramps from the last over the block; the constructor sets the first block's gains.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PanAz<const N: usize> {
    amps: [f32; N],
    slopes: [f32; N],
}

impl<const N: usize> PanAz<N> {
    /// `PanAz_Ctor`: the first block's gains, with no ramp.
    pub fn new(pos: f32, level: f32, width: f32, orientation: f32) -> PanAz<N> {
        PanAz {
            amps: Self::gains(pos, level, width, orientation),
            slopes: [0.0; N],
        }
    }

    fn gains(pos: f32, level: f32, width: f32, orientation: f32) -> [f32; N] {
        let n = N as f32;
        let rwidth = (1.0 / width as f64) as f32;
        let range = n * rwidth;
        let rrange = (1.0 / range as f64) as f32;
        let pos = pos * 0.5 * n + width * 0.5 + orientation;
        std::array::from_fn(|i| {
            let c = (pos - i as f32) * rwidth;
            let c = c - range * (rrange * c).floor();
            if c >= 1.0 {
                0.0
            } else {
                let k = (4096.0 * c) as i64;
                level * (std::f64::consts::TAU * k as f64 / 8192.0).sin() as f32
            }
        })
    }

    /// The start of a block of `n` samples with these inputs.
    pub fn block(&mut self, pos: f32, level: f32, width: f32, orientation: f32, n: usize) {
        let next = Self::gains(pos, level, width, orientation);
        for ((s, next), amp) in self.slopes.iter_mut().zip(next).zip(&self.amps) {
            *s = (next - amp) / n as f32;
        }
    }

    /// One sample of `x` added into `out`'s channels.
    #[inline]
    pub fn tick(&mut self, x: f32, out: &mut [f32; N]) {
        for ((o, amp), s) in out.iter_mut().zip(self.amps.iter_mut()).zip(&self.slopes) {
            *o += x * *amp;
            *amp += s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Width 2: a source on a channel sounds there alone; halfway between two, in both at
    /// `sin(pi / 4)`.
    #[test]
    fn pans_around_the_ring() {
        let mut out = [0.0f32; 4];
        let mut p = PanAz::<4>::new(0.0, 1.0, 2.0, 0.0);
        p.tick(1.0, &mut out);
        assert_eq!(out, [1.0, 0.0, 0.0, 0.0]);
        let mut out = [0.0f32; 4];
        let mut p = PanAz::<4>::new(0.25, 1.0, 2.0, 0.0);
        p.tick(1.0, &mut out);
        assert!(
            (out[0] - out[1]).abs() < 1e-3
                && (out[0] - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-3
        );
        assert_eq!([out[2], out[3]], [0.0, 0.0]);
    }
}
