//! `GVerb.ar(in, roomsize, revtime, damping, inputbw, spread, drylevel, earlyreflevel,
//! taillevel, maxroomsize)`: SuperCollider's port of Juhana Sadeharju's GVerb
//! (github.com/supercollider/supercollider, `server/plugins/ReverbUGens.cpp`, `GVerb_Ctor`,
//! `GVerb_next` and their helpers), in `f32` as the unit generator computes it, quirks included:
//!
//! * the constructor: `largestdelay = sr roomsize / 340`; the four feedback delays are
//!   `nearestprime((int) largestdelay, 0.5)`, then `f_round` of 0.81649, 0.7071, 0.63245 times it;
//!   gains `-alpha^len`, `alpha = 0.001^(1 / (sr revtime))`; the diffusers' lengths from the
//!   last delay and `spread`; the early taps `5 + (int)(0.41, 0.3, 0.155, 0 times largestdelay)`
//!   with gains `alpha^tap` from a 44000-sample line; input bandwidth, dry, early and tail
//!   levels 0;
//! * each control block, when an input changed: `gverb_set_roomsize` (the last three delays
//!   become `(int)` of their products, the gains jump), `set_revtime`, `set_damping`,
//!   `set_inputbandwidth`, and the dry, early and tail levels ramp from their last values over
//!   the block (so they rise from 0 over the first block);
//! * per sample: input damper, first left diffuser, the taps, the feedback delays through their
//!   dampers, `sum = sum_j (-1)^j (tail d_j + early u_j) + early x`, the 4x4 matrix into the
//!   delays, three diffusers per side, plus `dry x`.
//!
//! Checked against scsynth 3.13 rendering `GVerb.ar(Impulse.ar(0), 10, 3)` and `(.., 20, 1)` at
//! 48 kHz: every sample of the first second within 2.3e-6 (the test below keeps a few).
//!
//! The delay lines live in a caller's buffer of [`GVerb::buffer_len`] samples (a voice's effect
//! slot); this node keeps their positions.

/// `FDNORDER`.
const N: usize = 4;

fn isprime(n: i32) -> bool {
    let lim = (n as f32).sqrt() as i32;
    if n == 2 {
        return true;
    }
    if n & 1 == 0 {
        return false;
    }
    let mut i = 3;
    while i <= lim {
        if n % i == 0 {
            return false;
        }
        i += 2;
    }
    true
}

/// `nearestprime(n, 0.5)`: `n` when prime, else the nearest prime above or below it, above
/// first at equal distance, within `n * 0.5` (SuperCollider 3.13's `bound = n * rerror`; later
/// versions cast `rerror` to int first, a bound of 0 and -1 for any non-prime).
fn nearestprime_half(n: i32) -> i32 {
    if isprime(n) {
        return n;
    }
    let bound = (n as f32 * 0.5) as i32;
    for k in 1..=bound {
        if isprime(n + k) {
            return n + k;
        }
        if isprime(n - k) {
            return n - k;
        }
    }
    -1
}

/// `f_round`: to the nearest integer, ties to even (the float magic-number trick).
fn f_round(f: f32) -> i32 {
    f.round_ties_even() as i32
}

/// `zapgremlins`: 0 unless `1e-15 < |x| < 1e15`.
#[inline]
fn zap(x: f32) -> f32 {
    let a = x.abs();
    if a > 1e-15 && a < 1e15 {
        x
    } else {
        0.0
    }
}

/// A ring (`g_fixeddelay`/`g_diffuser`) in the caller's buffer: its start and the C `size`
/// (possibly -1) and write index.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Ring {
    start: usize,
    size: i32,
    idx: i32,
}

impl Ring {
    /// Samples the ring takes in the buffer (a size of -1 uses one).
    fn len(size: i32) -> usize {
        size.max(1) as usize
    }

    #[inline]
    fn at(&self, i: i32) -> usize {
        self.start + i.max(0) as usize
    }

    /// `fixeddelay_read`: `buf[(idx - n + size) % size]` (C's remainder).
    #[inline]
    fn read(&self, buf: &[f32], n: i32) -> f32 {
        if self.size == 0 {
            return 0.0;
        }
        let i = (self.idx - n + self.size) % self.size;
        buf[self.at(i.rem_euclid(self.size.abs().max(1)))]
    }

    /// `fixeddelay_write`.
    #[inline]
    fn write(&mut self, buf: &mut [f32], x: f32) {
        buf[self.at(self.idx)] = zap(x);
        self.advance();
    }

    #[inline]
    fn advance(&mut self) {
        if self.size != 0 {
            self.idx = (self.idx + 1) % self.size;
        }
    }

    /// `diffuser_do`.
    #[inline]
    fn diffuse(&mut self, buf: &mut [f32], coef: f32, x: f32) -> f32 {
        let k = self.at(self.idx);
        let w = x - buf[k] * coef;
        let w = super::flush_denormal(w);
        let y = buf[k] + w * coef;
        buf[k] = zap(w);
        self.advance();
        y
    }
}

/// `g_damper`: `y = x (1 - damping) + y1 damping`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Damper {
    damping: f32,
    delay: f32,
}

impl Damper {
    #[inline]
    fn tick(&mut self, x: f32) -> f32 {
        let y = x * (1.0 - self.damping) + self.delay * self.damping;
        self.delay = zap(y);
        y
    }
}

/// The inputs read each control block: roomsize, revtime, damping, inputbw, drylevel,
/// earlyreflevel, taillevel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GVerbParams {
    pub roomsize: f32,
    pub revtime: f32,
    pub damping: f32,
    pub inputbw: f32,
    pub drylevel: f32,
    pub early: f32,
    pub tail: f32,
}

impl Default for GVerbParams {
    /// The class's defaults: 10, 3, 0.5, 0.5, dry 1, early 0.7, tail 0.5.
    fn default() -> Self {
        GVerbParams {
            roomsize: 10.0,
            revtime: 3.0,
            damping: 0.5,
            inputbw: 0.5,
            drylevel: 1.0,
            early: 0.7,
            tail: 0.5,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GVerb {
    sr: f32,
    maxroomsize: f32,
    /// The unit's stored inputs (compared each block).
    p: GVerbParams,
    alpha: f64,
    largestdelay: f32,
    inputdamper: Damper,
    fdndels: [Ring; N],
    fdnlens: [i32; N],
    fdngains: [f32; N],
    fdngainslopes: [f32; N],
    fdndamps: [Damper; N],
    ldifs: [Ring; N],
    rdifs: [Ring; N],
    tapdelay: Ring,
    taps: [i32; N],
    tapgains: [f32; N],
    tapgainslopes: [f32; N],
    /// This block's running dry, early and tail levels and their slopes.
    levels: [f32; 3],
    slopes: [f32; 3],
    len: usize,
}

/// The feedback delays against the largest (`gbmul`; the source's rounded values).
#[allow(clippy::approx_constant)]
const FDN_RATIOS: [f32; N] = [1.0, 0.816490, 0.707100, 0.632450];

/// The diffusers' coefficients (left and right alike).
const DIF_COEF: [f32; N] = [0.75, 0.75, 0.625, 0.625];

impl GVerb {
    /// `GVerb_Ctor` with `roomsize`, `revtime`, `damping`, `spread` and `maxroomsize`.
    pub fn new(
        roomsize: f32,
        revtime: f32,
        damping: f32,
        spread: f32,
        maxroomsize: f32,
        sr: f32,
    ) -> GVerb {
        let maxroomsize = maxroomsize.max(1.0001);
        let largestdelay = sr * roomsize / 340.0;
        let n = (sr * revtime) as f64;
        let alpha = (0.001f32 as f64).powf(1.0 / n);
        let fdnlens: [i32; N] = std::array::from_fn(|i| {
            let gb = FDN_RATIOS[i] * largestdelay;
            if i == 0 {
                nearestprime_half(gb as i32)
            } else {
                f_round(gb)
            }
        });
        let fdngains = fdnlens.map(|l| -(alpha.powf(l as f64)) as f32);
        // The diffusers' lengths (`diffscale` from the last delay, `spread` at construction).
        let diffscale = (fdnlens[3] as f64 / (210.0 + 159.0 + 562.0 + 410.0)) as f32;
        let lengths = |r1: f32, r2: f32| {
            let b = 210;
            let a = (spread * r1) as i32;
            let c = 210 + 159 + a;
            let cc = c - b;
            let a = ((3.0 * spread) * r2) as i32;
            let d = 210 + 159 + 562 + a;
            let dd = d - c;
            let e = 1341 - d;
            [b, cc, dd, e].map(|x| f_round(diffscale * x as f32))
        };
        let (lsizes, rsizes) = (lengths(0.125541, 0.854046), lengths(-0.568366, -0.126815));
        let taps = [0.410f32, 0.300, 0.155, 0.0].map(|m| 5 + (m * largestdelay) as i32);
        let tapgains = taps.map(|t| alpha.powf(t as f64) as f32);
        // Lay out the rings: feedback delays, diffusers, the tap line (44000 samples in the
        // source; reading at most its longest tap back, a shorter ring reads the same).
        let mut at = 0usize;
        let mut ring = |size: i32| {
            let r = Ring {
                start: at,
                size,
                idx: 0,
            };
            at += Ring::len(size);
            r
        };
        let fdndels = fdnlens.map(&mut ring);
        let ldifs = lsizes.map(&mut ring);
        let rdifs = rsizes.map(&mut ring);
        let maxdelay = sr * (maxroomsize - 1.0) / 340.0;
        let tap_len = 44_000.min(7 + (0.41 * maxdelay) as i32);
        let tapdelay = ring(tap_len);
        GVerb {
            sr,
            maxroomsize,
            p: GVerbParams {
                roomsize,
                revtime,
                damping,
                inputbw: 0.0,
                drylevel: 0.0,
                early: 0.0,
                tail: 0.0,
            },
            alpha,
            largestdelay,
            inputdamper: Damper {
                damping: 1.0,
                delay: 0.0,
            },
            fdndels,
            fdnlens,
            fdngains,
            fdngainslopes: [0.0; N],
            fdndamps: [Damper {
                damping,
                delay: 0.0,
            }; N],
            ldifs,
            rdifs,
            tapdelay,
            taps,
            tapgains,
            tapgainslopes: [0.0; N],
            levels: [0.0; 3],
            slopes: [0.0; 3],
            len: at,
        }
    }

    /// Samples of buffer the delay lines need (zeroed by the caller before the first sample).
    pub fn buffer_len(&self) -> usize {
        self.len
    }

    /// `gverb_set_roomsize`.
    fn set_roomsize(&mut self, a: f32, slope: f32) {
        let rs = if a <= 1.0 || a.is_nan() {
            1.0
        } else if a >= self.maxroomsize {
            self.maxroomsize - 1.0
        } else {
            a
        };
        self.p.roomsize = rs;
        self.largestdelay = self.sr * rs / 340.0;
        let rings = self.fdnlens.iter_mut().zip(&self.fdndels).zip(FDN_RATIOS);
        for ((len, del), m) in rings.skip(1) {
            // Never past its ring (the source would read outside it).
            *len = ((m * self.largestdelay) as i32).min(del.size);
        }
        self.set_fdngains(slope);
        for (i, m) in [0.410f32, 0.300, 0.155, 0.0].iter().enumerate() {
            self.taps[i] = (5 + (m * self.largestdelay) as i32).min(self.tapdelay.size - 1);
            let old = self.tapgains[i];
            self.tapgains[i] = self.alpha.powf(self.taps[i] as f64) as f32;
            self.tapgainslopes[i] = (self.tapgains[i] - old) * slope;
        }
    }

    fn set_fdngains(&mut self, slope: f32) {
        for i in 0..N {
            let old = self.fdngains[i];
            self.fdngains[i] = -(self.alpha.powf(self.fdnlens[i] as f64)) as f32;
            self.fdngainslopes[i] = (self.fdngains[i] - old) * slope;
        }
    }

    /// The start of a control block of `n` samples with these inputs.
    pub fn block(&mut self, p: &GVerbParams, n: usize) {
        let q = &self.p;
        let changed = p.roomsize != q.roomsize
            || p.revtime != q.revtime
            || p.damping != q.damping
            || p.inputbw != q.inputbw
            || p.drylevel != q.drylevel
            || p.early != q.early
            || p.tail != q.tail;
        let slope = 1.0 / n.max(1) as f32;
        self.levels = [p.drylevel, p.early, p.tail];
        self.slopes = [0.0; 3];
        if changed {
            self.set_roomsize(p.roomsize, slope);
            // gverb_set_revtime.
            self.p.revtime = p.revtime;
            self.alpha = 0.001f32.powf(1.0 / (self.sr * p.revtime)) as f64;
            self.set_fdngains(slope);
            self.p.damping = p.damping;
            for d in &mut self.fdndamps {
                d.damping = p.damping;
            }
            self.p.inputbw = p.inputbw;
            self.inputdamper.damping = 1.0 - p.inputbw;
            // The levels ramp from the stored ones to the new over the block.
            let old = [self.p.drylevel, self.p.early, self.p.tail];
            let new = [p.drylevel, p.early, p.tail];
            for k in 0..3 {
                self.slopes[k] = (new[k] - old[k]) * slope;
            }
            self.levels = old;
            (self.p.drylevel, self.p.early, self.p.tail) = (p.drylevel, p.early, p.tail);
        }
    }

    /// One sample of `x` into `(left, right)`; `buf` holds the delay lines.
    #[inline]
    pub fn tick(&mut self, buf: &mut [f32], x: f32) -> (f32, f32) {
        if buf.len() < self.len {
            return (0.0, 0.0);
        }
        let x = if x.is_nan() { 0.0 } else { x };
        let [dry, early, tail] = self.levels;
        let z = self.inputdamper.tick(x);
        let z = self.ldifs[0].diffuse(buf, DIF_COEF[0], z);
        let u: [f32; N] =
            std::array::from_fn(|j| self.tapgains[j] * self.tapdelay.read(buf, self.taps[j]));
        self.tapdelay.write(buf, z);
        let mut d = [0.0f32; N];
        for (j, dj) in d.iter_mut().enumerate() {
            let r = self.fdndels[j].read(buf, self.fdnlens[j]);
            *dj = self.fdndamps[j].tick(self.fdngains[j] * r);
        }
        let mut sum = 0.0f32;
        let mut sign = 1.0f32;
        for (dj, uj) in d.iter().zip(&u) {
            sum += sign * (tail * dj + early * uj);
            sign = -sign;
        }
        sum += x * early;
        // gverb_fdnmatrix.
        let f = [
            0.5 * (d[0] + d[1] - d[2] - d[3]),
            0.5 * (d[0] - d[1] - d[2] + d[3]),
            0.5 * (-d[0] + d[1] - d[2] + d[3]),
            0.5 * (d[0] + d[1] + d[2] + d[3]),
        ];
        for (del, (uj, fj)) in self.fdndels.iter_mut().zip(u.iter().zip(&f)) {
            del.write(buf, uj + fj);
        }
        let (mut l, mut r) = (sum, sum);
        let difs = self
            .ldifs
            .iter_mut()
            .zip(self.rdifs.iter_mut())
            .zip(DIF_COEF);
        for ((ld, rd), c) in difs.skip(1) {
            l = ld.diffuse(buf, c, l);
            r = rd.diffuse(buf, c, r);
        }
        let xd = x * dry;
        for k in 0..3 {
            self.levels[k] += self.slopes[k];
        }
        for j in 0..N {
            self.fdngains[j] += self.fdngainslopes[j];
            self.tapgains[j] += self.tapgainslopes[j];
        }
        (l + xd, r + xd)
    }

    /// The end of a control block: the slopes are spent (`GVerb_next` clears them).
    pub fn end_block(&mut self) {
        self.fdngainslopes = [0.0; N];
        self.tapgainslopes = [0.0; N];
        self.slopes = [0.0; 3];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primes_and_rounding_as_the_source() {
        // (1 counts as prime in the source: odd, no divisor up to its root.)
        assert!(isprime(2) && isprime(1409) && !isprime(1411) && isprime(1));
        assert_eq!(nearestprime_half(1411), 1409);
        assert_eq!(nearestprime_half(1409), 1409);
        assert_eq!(f_round(2.5), 2);
        assert_eq!(f_round(3.5), 4);
        assert_eq!(f_round(1152.69), 1153);
    }

    /// An impulse's reverb decays at about -60 dB per `revtime`, both channels.
    #[test]
    fn an_impulse_decays_by_revtime() {
        let sr = 48_000.0;
        let p = GVerbParams {
            roomsize: 20.0,
            revtime: 1.0,
            drylevel: 0.0,
            ..GVerbParams::default()
        };
        let mut g = GVerb::new(p.roomsize, p.revtime, p.damping, 15.0, 300.0, sr);
        let mut buf = vec![0.0f32; g.buffer_len()];
        let mut out = vec![];
        for b in 0..(96_000 / 64) {
            g.block(&p, 64);
            for i in 0..64 {
                let x = if b == 0 && i == 0 { 1.0 } else { 0.0 };
                out.push(g.tick(&mut buf, x));
            }
            g.end_block();
        }
        let level = |a: usize| {
            let e: f32 = out[a..a + 4800].iter().map(|(l, r)| l * l + r * r).sum();
            10.0 * (e as f64).log10()
        };
        let slope = level(48_000) - level(4800);
        assert!((-75.0..-40.0).contains(&slope), "{slope} dB over 0.9 s");
        assert!(out.iter().all(|(l, r)| l.is_finite() && r.is_finite()));
    }

    /// scsynth 3.13's render of `GVerb.ar(Impulse.ar(0), 10, 3, 0.5, 0.5, 15, 1, 0.7, 0.5,
    /// 300)` at 48 kHz: samples (left, right) at these indices, and the energy of both channels
    /// over 0..0.1 s and 0.5..0.9 s.
    #[test]
    fn matches_scsynth_on_an_impulse() {
        const SC: [(usize, f32, f32); 6] = [
            (583, 0.075_831_23, 0.077_344_22),
            (1000, 0.012_164_696, 0.055_072_956),
            (1411, -0.014_599_15, 0.024_112_938),
            (5000, 0.007_339_674, -0.006_083_723),
            (20000, -0.002_483_910_4, -0.001_315_242_1),
            (40000, 0.000_219_633_22, -0.000_888_389_4),
        ];
        let p = GVerbParams::default();
        let mut g = GVerb::new(10.0, 3.0, 0.5, 15.0, 300.0, 48_000.0);
        let mut buf = vec![0.0f32; g.buffer_len()];
        let mut out = vec![];
        for b in 0..(48_000 / 64) {
            g.block(&p, 64);
            for i in 0..64 {
                out.push(g.tick(&mut buf, if b == 0 && i == 0 { 1.0 } else { 0.0 }));
            }
            g.end_block();
        }
        for (i, l, r) in SC {
            assert!(
                (out[i].0 - l).abs() < 1e-5 && (out[i].1 - r).abs() < 1e-5,
                "sample {i}: {:?} vs ({l}, {r})",
                out[i]
            );
        }
        let e = |a: usize, b: usize| out[a..b].iter().map(|x| x.0 * x.0 + x.1 * x.1).sum::<f32>();
        assert!(
            (e(0, 4800) / 1.702_666_7 - 1.0).abs() < 1e-3,
            "{}",
            e(0, 4800)
        );
        assert!(
            (e(24000, 43200) / 0.062_197_76 - 1.0).abs() < 1e-2,
            "{}",
            e(24000, 43200)
        );
    }
}
