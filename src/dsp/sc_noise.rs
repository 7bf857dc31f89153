//! SuperCollider's random number generator and the noise unit generators SuperDirt's
//! `supernoise` and `superstatic` are built from (github.com/supercollider/supercollider):
//!
//! * [`RGen`]: `include/plugin_interface/SC_RGen.h`, L'Ecuyer's three-component Tausworthe
//!   generator ("taus88"), seeded through Thomas Wang's integer hash (`Hash.h`), and its float
//!   draws made by filling a float's 23-bit mantissa (`frand` 0..1, `frand2` -1..1, `frand8`
//!   -0.125..0.125; `drand` fills a double's low 32 mantissa bits, `irand` is `floor(scale
//!   drand)`). The server seeds its generators from the clock, so SuperDirt's renders differ
//!   from each other as Phonon's differ from them: the same distribution, not the same values.
//! * [`LfdNoise0`]: `server/plugins/DynNoiseUGens.cpp` `LFDNoise0_next_k`: a new `frand2` level
//!   each time the phase, stepping down by `freq / sr`, goes below 0 (then wrapped into 0..1);
//!   the constructor renders one sample (`LFDNoise0_Ctor`), so the first level is drawn at once.
//! * [`BrownNoise`]: `server/plugins/NoiseUGens.cpp` `BrownNoise_next`: a walk of `frand8` steps
//!   reflected at +-1, starting at a `frand2` value.
//! * [`Dust`]: `NoiseUGens.cpp` `Dust_next`: `z = frand`, out `z / thresh` when `z < thresh`
//!   (`thresh = density / sr`), else 0.

/// `RGen`: the server's random generator (state `s1`, `s2`, `s3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RGen {
    s1: u32,
    s2: u32,
    s3: u32,
}

/// `Hash(int32)`: Thomas Wang's integer hash, as `RGen::init` mixes its seed.
fn wang_hash(key: u32) -> u32 {
    let mut h = key;
    h = h.wrapping_add(!(h << 15));
    h ^= h >> 10;
    h = h.wrapping_add(h << 3);
    h ^= h >> 6;
    h = h.wrapping_add(!(h << 11));
    h ^= h >> 16;
    h
}

impl RGen {
    /// `RGen::init(seed)`.
    pub fn new(seed: u32) -> RGen {
        let seed = wang_hash(seed);
        let pick = |c: u32, min: u32| if c ^ seed < min { c } else { c ^ seed };
        RGen {
            s1: pick(1_243_598_713, 2),
            s2: pick(3_093_459_404, 8),
            s3: pick(1_821_928_721, 16),
        }
    }

    /// `trand`: 32 random bits.
    #[inline]
    pub fn trand(&mut self) -> u32 {
        let (s1, s2, s3) = (self.s1, self.s2, self.s3);
        self.s1 = ((s1 & 0xFFFF_FFFE) << 12) ^ (((s1 << 13) ^ s1) >> 19);
        self.s2 = ((s2 & 0xFFFF_FFF8) << 4) ^ (((s2 << 2) ^ s2) >> 25);
        self.s3 = ((s3 & 0xFFFF_FFF0) << 17) ^ (((s3 << 3) ^ s3) >> 11);
        self.s1 ^ self.s2 ^ self.s3
    }

    /// `drand`: 0 .. 1 in double (32 random bits under a double's 2^20).
    #[inline]
    pub fn drand(&mut self) -> f64 {
        self.trand() as f64 / 4_294_967_296.0
    }

    /// `irand(scale)`: 0 .. scale - 1 (`floor(scale drand)`).
    #[inline]
    pub fn irand(&mut self, scale: i32) -> i32 {
        (scale as f64 * self.drand()).floor() as i32
    }

    /// `frand`: 0 .. 1 (a float in 1..2 from 23 random mantissa bits, less 1).
    #[inline]
    pub fn frand(&mut self) -> f32 {
        f32::from_bits(0x3F80_0000 | (self.trand() >> 9)) - 1.0
    }

    /// `frand2`: -1 .. 1.
    #[inline]
    pub fn frand2(&mut self) -> f32 {
        f32::from_bits(0x4000_0000 | (self.trand() >> 9)) - 3.0
    }

    /// `frand8`: -0.125 .. 0.125.
    #[inline]
    pub fn frand8(&mut self) -> f32 {
        f32::from_bits(0x3E80_0000 | (self.trand() >> 9)) - 0.375
    }
}

/// `LFDNoise0.ar(freq)` with a control-rate frequency: a step noise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LfdNoise0 {
    phase: f32,
    level: f32,
}

impl LfdNoise0 {
    /// `LFDNoise0_Ctor`: phase and level 0, then one sample at `inc = freq / sr`.
    pub fn new(inc: f32, rng: &mut RGen) -> LfdNoise0 {
        let mut n = LfdNoise0 {
            phase: 0.0,
            level: 0.0,
        };
        n.tick(inc, rng);
        n
    }

    #[inline]
    pub fn tick(&mut self, inc: f32, rng: &mut RGen) -> f32 {
        self.phase -= inc;
        if self.phase < 0.0 {
            // sc_wrap(phase, 0, 1): into 0..1 by whole ranges.
            self.phase -= self.phase.floor();
            self.level = rng.frand2();
        }
        self.level
    }
}

/// `BrownNoise.ar`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BrownNoise {
    level: f32,
}

impl BrownNoise {
    /// `BrownNoise_Ctor`: a `frand2` start (the constructor's sample is that start).
    pub fn new(rng: &mut RGen) -> BrownNoise {
        BrownNoise {
            level: rng.frand2(),
        }
    }

    #[inline]
    pub fn tick(&mut self, rng: &mut RGen) -> f32 {
        let mut z = self.level + rng.frand8();
        if z > 1.0 {
            z = 2.0 - z;
        } else if z < -1.0 {
            z = -2.0 - z;
        }
        self.level = z;
        z
    }
}

/// `Dust.ar(density)`: random impulses of random height (0..1), `density` per second on average.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dust {
    thresh: f32,
    scale: f32,
}

impl Dust {
    /// The density for the coming samples (`Dust_next` reads it once per control block).
    pub fn new(density: f32, sr: f32) -> Dust {
        let thresh = density / sr;
        Dust {
            thresh,
            scale: if thresh > 0.0 { 1.0 / thresh } else { 0.0 },
        }
    }

    #[inline]
    pub fn tick(&self, rng: &mut RGen) -> f32 {
        let z = rng.frand();
        if z < self.thresh {
            z * self.scale
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_cover_their_ranges_evenly() {
        let mut g = RGen::new(1);
        let n = 200_000;
        let (mut lo, mut hi, mut sum, mut sum2) = (f32::MAX, f32::MIN, 0.0f64, 0.0f64);
        for _ in 0..n {
            let x = g.frand2();
            lo = lo.min(x);
            hi = hi.max(x);
            sum += x as f64;
            sum2 += (x as f64).powi(2);
        }
        assert!(
            (-1.0..-0.999).contains(&lo) && (0.999..1.0).contains(&hi),
            "{lo} {hi}"
        );
        assert!((sum / n as f64).abs() < 0.01);
        // Uniform on -1..1: variance 1/3.
        assert!((sum2 / n as f64 - 1.0 / 3.0).abs() < 0.01);
        let f8 = (0..1000)
            .map(|_| g.frand8())
            .fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(f8 <= 0.125 && f8 > 0.12);
    }

    #[test]
    fn lfdnoise0_holds_each_level_for_sr_over_freq_samples() {
        let mut g = RGen::new(7);
        let inc = 1000.0 / 48000.0;
        let mut n = LfdNoise0::new(inc, &mut g);
        let mut changes = 0;
        let mut last = n.tick(inc, &mut g);
        for _ in 0..48_000 {
            let x = n.tick(inc, &mut g);
            if x != last {
                changes += 1;
            }
            last = x;
        }
        assert!((990..=1001).contains(&changes), "{changes}");
    }

    #[test]
    fn dust_density_and_brown_noise_bounds() {
        let mut g = RGen::new(3);
        let d = Dust::new(480.0, 48000.0);
        let hits = (0..480_000).filter(|_| d.tick(&mut g) > 0.0).count();
        assert!((4500..5500).contains(&hits), "{hits}");
        let mut b = BrownNoise::new(&mut g);
        assert!((0..100_000).all(|_| b.tick(&mut g).abs() <= 1.0));
    }
}
