//! The SuperCollider unit generators SuperDirt's default synths (`supermandolin`,
//! `supersquare`, `supercomparator`) are built from, ported from SuperCollider's server plugins
//! (github.com/supercollider/supercollider, `server/plugins/OscUGens.cpp` `Pulse`,
//! `LFUGens.cpp` `LFTri` `VarSaw` `EnvGen`, `FilterUGens.cpp` `MoogFF` `Decay`,
//! `DelayUGens.cpp` `CombL`, `NoiseUGens.cpp` `LFNoise2`, `PanUGens.cpp` `Pan2`). State is
//! `f64` where the unit generators keep it in double. A unit generator that reads a control
//! input once per control block (`ZIN0`) gets it through a `set`-style method that the synth
//! calls every [`CONTROL_BLOCK`] samples of its own age, so the output does not depend on how
//! the host cuts its blocks.

use std::f64::consts::{PI, TAU};

/// SuperCollider's control block (`BUFLENGTH`, 64 samples by default): control-rate inputs
/// hold their value for a block.
pub const CONTROL_BLOCK: u64 = 64;

/// `ln(0.001)`: SuperCollider's `log001`, -60 dB (decay times).
pub const LOG001: f64 = -6.907_755_278_982_137;

/// One segment of an `EnvGen` with a numeric curve (`Env`'s `curve: c`, `shape_Curve` in
/// `EnvGen_initSegment`): from `y0` to `y1`, at fraction `x` of the segment,
/// `y0 + (y1 - y0) (1 - e^(c x)) / (1 - e^c)`; linear when `|c| < 0.001`.
#[inline]
pub fn curve_segment(y0: f64, y1: f64, c: f64, x: f64) -> f64 {
    if c.abs() < 0.001 {
        y0 + (y1 - y0) * x
    } else {
        y0 + (y1 - y0) * (1.0 - (c * x).exp()) / (1.0 - c.exp())
    }
}

/// An `EnvGen.ar(Env(levels, times, curve), timeScale: t)` of up to four segments, ending
/// (`doneAction: 2`) after the last one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScEnv {
    levels: [f64; 5],
    /// The sample each segment ends at (cumulative, from the envelope's start).
    ends: [f64; 4],
    segments: usize,
    curve: f64,
    /// `\sine` segments instead of the numeric curve (`Env.sine`; see [`ScEnv::sine`]).
    sine: bool,
}

impl ScEnv {
    /// `Env.linen(attack, sustain, release, 1, curve)`.
    pub fn linen(times: [f64; 3], curve: f64, time_scale: f64, sr: f64) -> ScEnv {
        ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &times, curve, time_scale, sr)
    }

    /// `Env.sine(dur, level)`: 0 to `level` and back over two halves of `dur`, each segment
    /// `\sine`-shaped (`EnvGen`'s `shape_Sine`: `y0 + (y1 - y0) (1 - cos(pi x)) / 2` at fraction
    /// `x`).
    pub fn sine(dur: f64, level: f64, time_scale: f64, sr: f64) -> ScEnv {
        ScEnv {
            sine: true,
            ..ScEnv::new(
                &[0.0, level, 0.0],
                &[dur / 2.0, dur / 2.0],
                0.0,
                time_scale,
                sr,
            )
        }
    }

    /// `levels` (one more than `times`), `times` in seconds before `time_scale`.
    pub fn new(levels: &[f64], times: &[f64], curve: f64, time_scale: f64, sr: f64) -> ScEnv {
        let segments = times.len().min(4).min(levels.len().saturating_sub(1));
        let mut e = ScEnv {
            levels: [0.0; 5],
            ends: [0.0; 4],
            segments,
            curve,
            sine: false,
        };
        let mut t = 0.0;
        for (end, time) in e.ends.iter_mut().zip(&times[..segments]) {
            // EnvGen counts at least one sample per segment.
            t += (time * time_scale * sr).max(1.0);
            *end = t;
        }
        e.levels[..=segments].copy_from_slice(&levels[..=segments]);
        e
    }

    /// Samples until the envelope ends (the synth is freed).
    pub fn len(&self) -> u64 {
        if self.segments == 0 {
            0
        } else {
            self.ends[self.segments - 1].ceil() as u64
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The level at sample `k`.
    pub fn level(&self, k: u64) -> f64 {
        let k = k as f64;
        let mut start = 0.0;
        for i in 0..self.segments {
            let end = self.ends[i];
            if k < end {
                let x = (k - start) / (end - start);
                let (y0, y1) = (self.levels[i], self.levels[i + 1]);
                if self.sine {
                    return y0 + (y1 - y0) * (1.0 - (PI * x).cos()) * 0.5;
                }
                return curve_segment(y0, y1, self.curve, x);
            }
            start = end;
        }
        self.levels[self.segments]
    }
}

/// `EnvGen.ar(Env.perc(attack, release, level, curve))`: two curved segments, 0 to `level`
/// and back, computed as `EnvGen` does (`shape_Curve`: `out = a2 - b1`, `b1 *= grow` each
/// sample, `grow = e^(curve / samples)`); 0 once done.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PercEnv {
    /// Samples left in the segment; the segment (0 attack, 1 release, 2 done).
    left: u64,
    stage: u8,
    a2: f64,
    b1: f64,
    grow: f64,
    level: f64,
    release: f64,
    curve: f64,
}

impl PercEnv {
    pub fn new(attack_s: f64, release_s: f64, level: f64, curve: f64, sr: f64) -> PercEnv {
        let mut e = PercEnv {
            release: release_s * sr,
            level,
            curve,
            ..PercEnv::default()
        };
        e.segment(0.0, level, attack_s * sr);
        e
    }

    fn segment(&mut self, from: f64, to: f64, samples: f64) {
        let n = samples.max(1.0);
        self.left = n as u64;
        if self.curve.abs() < 0.001 {
            // Linear: a2 - b1 with b1 stepping down by (to - from) / n (kept in `grow`).
            self.a2 = to;
            self.b1 = to - from;
            self.grow = (to - from) / n;
        } else {
            let a1 = (to - from) / (1.0 - self.curve.exp());
            self.a2 = from + a1;
            self.b1 = a1;
            self.grow = (self.curve / n).exp();
        }
    }

    #[inline]
    pub fn tick(&mut self) -> f64 {
        if self.stage >= 2 {
            return 0.0;
        }
        let out = self.a2 - self.b1;
        if self.curve.abs() < 0.001 {
            self.b1 -= self.grow;
        } else {
            self.b1 *= self.grow;
        }
        self.left -= 1;
        if self.left == 0 {
            self.stage += 1;
            if self.stage == 1 {
                self.segment(self.level, 0.0, self.release);
            }
        }
        out
    }

    pub fn done(&self) -> bool {
        self.stage >= 2
    }
}

/// `Pulse.ar(freq, width)`: a band-limited pulse, the difference of two band-limited impulse
/// trains (Dirichlet kernels `sin((2N+1) pi x) / sin(pi x)` with `N = floor(sr / 2 / freq)`
/// harmonics), the second `width` cycles later, scaled by `0.5 / N` and leaky-integrated
/// (`y = d + 0.999 y1`). When `N` changes the block crossfades from the old kernel to the new.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pulse {
    /// Phase in cycles (the kernels have period 1).
    phase: f64,
    freqin: f64,
    n: i32,
    scale: f64,
    /// The second train's offset in cycles, ramped over a block to each new width.
    phaseoff: f64,
    y1: f64,
    // This block's values (set by `block`).
    inc: f64,
    prev_n: i32,
    prev_scale: f64,
    crossfade: bool,
    xfade: f64,
    off_slope: f64,
}

impl Pulse {
    /// `Pulse_Ctor`: phase 0, width 0 (ramped to the first block's width).
    pub fn new(freq: f64, sr: f64) -> Pulse {
        let n = Self::harmonics(freq, sr);
        Pulse {
            phase: 0.0,
            freqin: freq,
            n,
            scale: 0.5 / n as f64,
            phaseoff: 0.0,
            y1: 0.0,
            inc: 0.0,
            prev_n: n,
            prev_scale: 0.5 / n as f64,
            crossfade: false,
            xfade: 0.0,
            off_slope: 0.0,
        }
    }

    /// The start of a control block: the frequency and width for its [`CONTROL_BLOCK`] samples.
    pub fn block(&mut self, freq: f64, width: f64, sr: f64) {
        self.prev_n = self.n;
        self.prev_scale = self.scale;
        self.crossfade = false;
        let mut f = freq;
        if freq != self.freqin {
            let n = Self::harmonics(freq, sr);
            if n != self.n {
                f = self.freqin.max(freq);
                self.crossfade = true;
            }
            self.n = n;
            self.scale = 0.5 / n as f64;
        }
        self.freqin = freq;
        self.inc = f / sr;
        self.xfade = 0.0;
        self.off_slope = (width - self.phaseoff) / CONTROL_BLOCK as f64;
    }

    /// `N = (int32)(sr / 2 / freq)`: at 0 Hz (`superstatic`'s silent blocks) the division is
    /// infinite and the x86 conversion gives `i32::MIN`, so `2N + 1` wraps to 1 (a kernel of 1,
    /// silent) and the scale `0.5 / N` is `-2^-32`; 0 (above half the rate) counts as 1.
    fn harmonics(freq: f64, sr: f64) -> i32 {
        let q = (sr * 0.5) / freq;
        if q.is_finite() && q.abs() < 2_147_483_648.0 {
            (q as i32).max(1)
        } else {
            i32::MIN
        }
    }

    /// The Dirichlet kernel with `n2 = 2N + 1` at `x` cycles; at its peak (`|sin| < 0.0005`)
    /// `peak`: `Pulse_next` uses `1 / scale + 1` there (`2N + 1` for a positive `N`).
    #[inline]
    fn kernel(x: f64, n2: i32, peak: f64) -> f64 {
        let d = (PI * x).sin();
        if d.abs() < 0.0005 {
            peak
        } else {
            (PI * x * n2 as f64).sin() / d
        }
    }

    #[inline]
    pub fn tick(&mut self) -> f64 {
        let (x1, x2) = (self.phase, self.phase + self.phaseoff);
        let n2 = self.n.wrapping_mul(2).wrapping_add(1);
        let d = if self.crossfade {
            let p2 = self.prev_n.wrapping_mul(2).wrapping_add(1);
            // At the peak the crossfading branch takes 1 (the scaled peak for a positive N).
            let k = |x: f64| {
                if (PI * x).sin().abs() < 0.0005 {
                    return 1.0;
                }
                let a = (Self::kernel(x, p2, 0.0) - 1.0) * self.prev_scale;
                let b = (Self::kernel(x, n2, 0.0) - 1.0) * self.scale;
                a + (b - a) * self.xfade
            };
            let d = k(x1) - k(x2);
            self.xfade += 1.0 / CONTROL_BLOCK as f64;
            d
        } else {
            let peak = if self.n > 0 {
                n2 as f64
            } else {
                1.0 / self.scale + 1.0
            };
            (Self::kernel(x1, n2, peak) - Self::kernel(x2, n2, peak)) * self.scale
        };
        let y = d + 0.999 * self.y1;
        self.y1 = if y.is_finite() { y } else { 0.0 };
        self.phase += self.inc;
        // The kernels (odd 2N + 1) have period 1.
        if self.phase >= 1.0 {
            self.phase -= 1.0;
        }
        self.phaseoff += self.off_slope;
        self.y1
    }
}

/// `MoogFF.ar(in, freq, gain)`: Fontana's digitized Moog ladder (four one-pole sections by the
/// bilinear transform, the feedback solved without a unit delay), as `MoogFF_next`: the
/// coefficients from the frequency read once per block, the gain `k` (clipped to 0..4) ramped
/// linearly over a block when it changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MoogFf {
    pub(crate) s: [f64; 4],
    pub(crate) b0: f64,
    pub(crate) a1: f64,
    freq: f64,
    pub(crate) k: f64,
    pub(crate) k_slope: f64,
}

impl MoogFf {
    pub fn new(freq: f64, k: f64, sr: f64) -> MoogFf {
        let mut m = MoogFf {
            s: [0.0; 4],
            b0: 0.0,
            a1: 0.0,
            freq: f64::NAN,
            k: k.clamp(0.0, 4.0),
            k_slope: 0.0,
        };
        m.block(freq, k, sr);
        m
    }

    /// The start of a control block.
    pub fn block(&mut self, freq: f64, k: f64, sr: f64) {
        if freq != self.freq {
            let t = 1.0 / sr;
            let wcd = (2.0 * (t * PI * freq).tan() * sr).max(0.0);
            let twcd = t * wcd;
            self.b0 = twcd / (twcd + 2.0);
            self.a1 = (twcd - 2.0) / (twcd + 2.0);
            self.freq = freq;
        }
        let k = k.clamp(0.0, 4.0);
        self.k_slope = (k - self.k) / CONTROL_BLOCK as f64;
        if self.k_slope == 0.0 {
            self.k = k;
        }
    }

    #[inline]
    pub fn tick(&mut self, x: f64) -> f64 {
        let (b0, a1, k) = (self.b0, self.a1, self.k);
        let [s1, s2, s3, s4] = &mut self.s;
        let o = *s4 + b0 * (*s3 + b0 * (*s2 + b0 * *s1));
        let b4 = b0 * b0 * b0 * b0;
        let out = (b4 * x + o) / (1.0 + b4 * k);
        let u = x - k * out;
        let mut future = b0 * u + *s1;
        *s1 = b0 * u - a1 * future;
        let past = future;
        future = b0 * past + *s2;
        *s2 = b0 * past - a1 * future;
        let past = future;
        future = b0 * past + *s3;
        *s3 = b0 * past - a1 * future;
        *s4 = b0 * future - a1 * out;
        self.k += self.k_slope;
        if !out.is_finite() {
            self.s = [0.0; 4];
            return 0.0;
        }
        for v in self.s.iter_mut() {
            if v.abs() < 1e-30 {
                *v = 0.0;
            }
        }
        out
    }
}

/// `CombL.ar(in, maxdelay, delaytime, decaytime)` over a caller's buffer: a feedback comb with
/// a linearly interpolated read `dsamp` samples back (`CombL_helper`), feedback
/// `sign(decay) * 0.001^(delay / |decay|)` (`sc_CalcFeedback`): -60 dB after `decaytime`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CombL {
    wr: usize,
    dsamp: f64,
    feedbk: f64,
    /// A block's ramp to new values (`FilterX_perform` when the inputs change): per-sample
    /// steps and the samples left.
    slopes: (f64, f64),
    ramp_left: u64,
}

impl CombL {
    /// `delay_s` is clipped to one sample .. the buffer's length less two.
    pub fn new(delay_s: f64, decay_s: f64, buf_len: usize, sr: f64) -> CombL {
        let (dsamp, feedbk) = Self::targets(delay_s, decay_s, buf_len, sr);
        CombL {
            wr: 0,
            dsamp,
            feedbk,
            slopes: (0.0, 0.0),
            ramp_left: 0,
        }
    }

    /// The delay in samples (`CalcDelay`) and the feedback for these inputs.
    fn targets(delay_s: f64, decay_s: f64, buf_len: usize, sr: f64) -> (f64, f64) {
        let dsamp = (delay_s * sr).clamp(1.0, (buf_len.max(3) - 2) as f64);
        let feedbk = if delay_s == 0.0 || decay_s == 0.0 {
            0.0
        } else {
            (LOG001 * delay_s / decay_s.abs()).exp().copysign(decay_s)
        };
        (dsamp, feedbk)
    }

    /// The start of a control block: new inputs are reached by a linear ramp over the block
    /// (both stepped before each sample, as `FilterX_perform`).
    pub fn block(&mut self, delay_s: f64, decay_s: f64, buf_len: usize, sr: f64) {
        let (d, f) = Self::targets(delay_s, decay_s, buf_len, sr);
        let n = CONTROL_BLOCK as f64;
        if self.ramp_left > 0 {
            // The last block's ramp ends where it was going.
            self.dsamp += self.slopes.0 * self.ramp_left as f64;
            self.feedbk += self.slopes.1 * self.ramp_left as f64;
        }
        self.slopes = ((d - self.dsamp) / n, (f - self.feedbk) / n);
        self.ramp_left = if self.slopes == (0.0, 0.0) {
            0
        } else {
            CONTROL_BLOCK
        };
    }

    #[inline]
    pub fn tick(&mut self, buf: &mut [f32], x: f32) -> f32 {
        let len = buf.len();
        if len < 3 {
            return 0.0;
        }
        if self.ramp_left > 0 {
            self.dsamp += self.slopes.0;
            self.feedbk += self.slopes.1;
            self.ramp_left -= 1;
        }
        let id = self.dsamp as usize;
        let frac = (self.dsamp - id as f64) as f32;
        let back = |d: usize| (self.wr + len - d % len) % len;
        let d1 = buf[back(id)];
        let d2 = buf[back(id + 1)];
        let value = d1 + frac * (d2 - d1);
        let w = x + self.feedbk as f32 * value;
        buf[self.wr] = if w.is_finite() {
            super::flush_denormal(w)
        } else {
            0.0
        };
        self.wr = (self.wr + 1) % len;
        value
    }
}

/// `Decay.ar(in, decayTime)`: `y = x + b1 y1`, `b1 = 0.001^(1 / (decayTime sr))`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decay {
    b1: f64,
    y1: f64,
}

impl Decay {
    pub fn new(decay_s: f64, sr: f64) -> Decay {
        Decay {
            b1: if decay_s == 0.0 {
                0.0
            } else {
                (LOG001 / (decay_s * sr)).exp()
            },
            y1: 0.0,
        }
    }

    /// SuperCollider 3.13's `Decay_Ctor` renders one sample of its input when the synth is
    /// built and keeps it as its state (3.14 clears it): `x0` is that first input sample, so an
    /// impulse into a new `Decay` counts twice (`x0 (1 + b1)` on the first sample).
    pub fn primed(mut self, x0: f64) -> Decay {
        self.y1 = x0;
        self
    }

    #[inline]
    pub fn tick(&mut self, x: f64) -> f64 {
        let y = x + self.b1 * self.y1;
        self.y1 = if y.abs() < 1e-30 { 0.0 } else { y };
        y
    }
}

/// `LFTri.ar(freq, iphase)`: a non-band-limited triangle from `iphase` (0..4; 0 starts at 0
/// rising), `LFTri_next_k`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LfTri {
    pub(crate) phase: f64,
}

impl LfTri {
    pub fn new(iphase: f64) -> LfTri {
        LfTri {
            phase: iphase.rem_euclid(4.0),
        }
    }

    /// The value the next `tick` returns.
    pub fn peek(&self) -> f64 {
        if self.phase > 1.0 {
            2.0 - self.phase
        } else {
            self.phase
        }
    }

    /// One sample at `freq_mul = 4 freq / sr`.
    #[inline]
    pub fn tick(&mut self, freq_mul: f64) -> f64 {
        let z = if self.phase > 1.0 {
            2.0 - self.phase
        } else {
            self.phase
        };
        self.phase += freq_mul;
        if self.phase >= 3.0 {
            self.phase -= 4.0;
        }
        z
    }
}

/// `VarSaw.ar(freq, iphase, width)`: a triangle-to-saw whose `width` (read once per block,
/// clipped to 0.001..0.999) takes effect at each cycle's start (`VarSaw_next_k`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VarSaw {
    phase: f64,
    duty: f64,
    next_duty: f64,
}

impl VarSaw {
    pub fn new(iphase: f64, width: f64) -> VarSaw {
        let duty = width.clamp(0.001, 0.999);
        VarSaw {
            phase: iphase.rem_euclid(1.0),
            duty,
            next_duty: duty,
        }
    }

    /// The start of a control block: the width input's value.
    pub fn block(&mut self, width: f64) {
        self.next_duty = width;
    }

    /// One sample at `inc = freq / sr`.
    #[inline]
    pub fn tick(&mut self, inc: f64) -> f64 {
        if self.phase >= 1.0 {
            self.phase -= 1.0;
            self.duty = self.next_duty.clamp(0.001, 0.999);
        }
        let z = if self.phase < self.duty {
            self.phase * 2.0 / self.duty
        } else {
            (1.0 - self.phase) * 2.0 / (1.0 - self.duty)
        };
        self.phase += inc;
        z - 1.0
    }
}

/// `LFNoise2.ar(freq)`: random values (uniform -1..1) `sr / freq` samples apart, joined by
/// quadratic segments through their midpoints (`LFNoise2_next`); `freq` is fixed here. Its
/// own xorshift32 generator stands in for the server's (SuperDirt's values are random too).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LfNoise2 {
    level: f64,
    slope: f64,
    curve: f64,
    counter: i64,
    next_value: f64,
    next_mid: f64,
    seg: i64,
    rng: u32,
}

impl LfNoise2 {
    /// `LFNoise2_Ctor` (which renders its first sample).
    pub fn new(freq: f64, sr: f64, seed: u32) -> LfNoise2 {
        let mut n = LfNoise2 {
            level: 0.0,
            slope: 0.0,
            curve: 0.0,
            counter: 0,
            next_value: 0.0,
            next_mid: 0.0,
            seg: ((sr / freq.max(0.001)) as i64).max(2),
            rng: seed.max(1),
        };
        n.next_value = n.frand2();
        n.next_mid = n.next_value * 0.5;
        n.tick();
        n
    }

    fn frand2(&mut self) -> f64 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.rng = x;
        (x >> 8) as f64 * (2.0 / 16_777_216.0) - 1.0
    }

    /// The last output (the constructor's, before the first `tick`).
    pub fn last(&self) -> f64 {
        self.level - self.slope
    }

    #[inline]
    pub fn tick(&mut self) -> f64 {
        if self.counter <= 0 {
            let value = self.next_value;
            self.next_value = self.frand2();
            self.level = self.next_mid;
            self.next_mid = (self.next_value + value) * 0.5;
            self.counter = self.seg;
            let l = self.seg as f64;
            self.curve = 2.0 * (self.next_mid - self.level - l * self.slope) / (l * l + l);
        }
        self.counter -= 1;
        let out = self.level;
        self.slope += self.curve;
        self.level += self.slope;
        out
    }
}

/// Which of SuperCollider's second-order Butterworth filters (`FilterUGens.cpp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButterKind {
    /// `LPF.ar(in, freq)`.
    Low,
    /// `HPF.ar(in, freq)`.
    High,
    /// `BPF.ar(in, freq, rq)` (its own design: `C = 1 / tan(rq w / 2)`, `D = 2 cos w`).
    Band,
}

/// `LPF`/`HPF`/`BPF` as `LPF_next`/`HPF_next`/`BPF_next`: `y0 = x + b1 y1 + b2 y2`, the output
/// `a0 (y0 + 2 y1 + y2)` (low), `a0 (y0 - 2 y1 + y2)` (high), `a0 (y0 - y2)` (band). The
/// coefficients start at 0 (the constructor's state: SuperDirt's renders are near silent through
/// these filters for the first block) and, when the frequency read at a control block's start
/// changes, move linearly to the new ones over the block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Butter {
    kind: ButterKind,
    rq: f64,
    freq: f64,
    c: [f64; 3],
    slope: [f64; 3],
    y: [f64; 2],
}

impl Butter {
    pub fn new(kind: ButterKind, rq: f64) -> Butter {
        Butter {
            kind,
            rq,
            freq: f64::NAN,
            c: [0.0; 3],
            slope: [0.0; 3],
            y: [0.0; 2],
        }
    }

    /// `(a0, b1, b2)` at `freq`.
    fn coefs(&self, freq: f64, sr: f64) -> [f64; 3] {
        let w = TAU * freq / sr;
        match self.kind {
            ButterKind::Low | ButterKind::High => {
                let t = (w * 0.5).tan();
                let (c, s) = if self.kind == ButterKind::Low {
                    (1.0 / t, -1.0)
                } else {
                    (t, 1.0)
                };
                let c2 = c * c;
                let sq = c * std::f64::consts::SQRT_2;
                let a0 = 1.0 / (1.0 + sq + c2);
                [a0, s * 2.0 * (1.0 - c2) * a0, -(1.0 - sq + c2) * a0]
            }
            ButterKind::Band => {
                let c = 1.0 / (self.rq * w * 0.5).tan();
                let d = 2.0 * w.cos();
                let a0 = 1.0 / (1.0 + c);
                [a0, c * d * a0, (1.0 - c) * a0]
            }
        }
    }

    /// SuperCollider 3.13's `LPF_Ctor`/`HPF_Ctor` as they run when the frequency input is
    /// already known (`LPF_next_1` on the constructor's sample): the coefficients at `freq` at
    /// once, and the input's first value `x0` (its unit's constructor output) in the state.
    pub fn primed(mut self, freq: f64, sr: f64, x0: f64) -> Butter {
        self.freq = freq;
        self.c = self.coefs(freq.clamp(0.01, sr * 0.499), sr);
        self.y = [x0, 0.0];
        self
    }

    /// The start of a control block: the frequency input's value.
    pub fn block(&mut self, freq: f64, sr: f64) {
        if freq != self.freq {
            self.freq = freq;
            let next = self.coefs(freq.clamp(0.01, sr * 0.499), sr);
            for ((slope, n), c) in self.slope.iter_mut().zip(next).zip(self.c) {
                *slope = (n - c) / CONTROL_BLOCK as f64;
            }
        } else {
            self.slope = [0.0; 3];
        }
    }

    #[inline]
    pub fn tick(&mut self, x: f64) -> f64 {
        let [a0, b1, b2] = self.c;
        let [y1, y2] = self.y;
        let y0 = x + b1 * y1 + b2 * y2;
        let out = match self.kind {
            ButterKind::Low => a0 * (y0 + 2.0 * y1 + y2),
            ButterKind::High => a0 * (y0 - 2.0 * y1 + y2),
            ButterKind::Band => a0 * (y0 - y2),
        };
        self.y = if y0.is_finite() {
            [if y0.abs() < 1e-30 { 0.0 } else { y0 }, y1]
        } else {
            [0.0, 0.0]
        };
        for i in 0..3 {
            self.c[i] += self.slope[i];
        }
        out
    }
}

/// `SawDPW.ar(freq, iphase)` with a control-rate frequency (sc3-plugins `MCLDOscUGens.cpp`,
/// `SawDPW_next_k`, Dan Stowell; Valimaki's differentiated parabolic wave): a phase from -1 to 1
/// stepping `2 freq / sr`, squared, differenced, times `1 / (4 f' (1 - f' / sr))` with `f' = 2
/// freq / sr` as the source writes it: a saw of +-0.5. `PulseDPW.ar(freq, width)` is
/// `SawDPW(freq, 0) - SawDPW(freq, (2 width).wrap(-1, 1))`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SawDpw {
    pub(crate) phase: f64,
    pub(crate) val: f64,
    pub(crate) inc: f64,
    pub(crate) scale: f64,
}

impl SawDpw {
    /// `SawDPW_Ctor`: the phase from `iphase`, one sample rendered into the state (its output
    /// is not heard), so the first heard sample has no step from 0 to the parabola.
    pub fn new(iphase: f64, freq: f64, sr: f64) -> SawDpw {
        let mut s = SawDpw {
            phase: iphase,
            val: 0.0,
            inc: 0.0,
            scale: 0.0,
        };
        s.block(freq, sr);
        s.tick();
        s
    }

    /// The start of a control block.
    pub fn block(&mut self, freq: f64, sr: f64) {
        let f = (2.0 * freq / sr) as f32 as f64;
        if f != self.inc {
            self.inc = f;
            self.scale = if f == 0.0 {
                0.0
            } else {
                1.0 / (4.0 * f * (1.0 - f / sr))
            };
        }
    }

    /// The phase step per sample (`2 freq / sr`).
    pub fn inc(&self) -> f64 {
        self.inc
    }

    #[inline]
    pub fn tick(&mut self) -> f64 {
        self.phase += self.inc;
        if self.phase >= 1.0 {
            self.phase -= 2.0;
        }
        if self.phase < -1.0 {
            self.phase += 2.0;
        }
        let old = self.val;
        self.val = self.phase * self.phase;
        (self.val - old) * self.scale
    }

    /// One sample of this oscillator as a follower: the wave of `lead` read `shift` behind
    /// its phase (in the phase's units, 2 per cycle), as a delay line (`DelayC`) of the lead
    /// at `shift / (2 freq)` seconds reads it, the lead's `tick` called first; `block` with the
    /// lead's frequency.
    #[inline]
    pub fn follow(&mut self, lead: &SawDpw, shift: f64) -> f64 {
        let p = sc_wrap(lead.phase - shift, -1.0, 1.0);
        self.phase = p;
        let old = self.val;
        self.val = p * p;
        (self.val - old) * self.scale
    }
}

/// `XLine.ar(start, end, dur)`: exponential from `start` to `end` over `dur` seconds (the level
/// times a fixed factor each sample), then held at `end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct XLine {
    level: f64,
    grow: f64,
    left: u64,
    end: f64,
}

impl XLine {
    pub fn new(start: f64, end: f64, dur_s: f64, sr: f64) -> XLine {
        let n = (dur_s * sr).max(1.0);
        XLine {
            level: start,
            grow: (end / start).powf(1.0 / n),
            left: n as u64,
            end,
        }
    }

    #[inline]
    pub fn tick(&mut self) -> f64 {
        let out = self.level;
        if self.left > 0 {
            self.level *= self.grow;
            self.left -= 1;
            if self.left == 0 {
                self.level = self.end;
            }
        }
        out
    }
}

/// `RLPF.ar(in, freq, rq)` (`RLPF_next`): `D = tan(w rq / 2)`, `C = (1 - D) / (1 + D)`,
/// `b1 = (1 + C) cos w`, `b2 = -C`, `a0 = (1 + C - b1) / 4`; `y0 = a0 x + b1 y1 + b2 y2`, out `y0 +
/// 2 y1 + y2`; the first coefficients at once, later ones ramped over a control block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rlpf {
    freq: f64,
    rq: f64,
    c: [f64; 3],
    slope: [f64; 3],
    y: [f64; 2],
}

impl Rlpf {
    pub fn new(rq: f64) -> Rlpf {
        Rlpf {
            freq: f64::NAN,
            rq,
            c: [0.0; 3],
            slope: [0.0; 3],
            y: [0.0; 2],
        }
    }

    fn coefs(&self, freq: f64, sr: f64) -> [f64; 3] {
        let w = TAU * freq.clamp(0.01, 0.499 * sr) / sr;
        let d = (w * self.rq.max(0.001) * 0.5).tan();
        let c = (1.0 - d) / (1.0 + d);
        let b1 = (1.0 + c) * w.cos();
        [(1.0 + c - b1) * 0.25, b1, -c]
    }

    pub fn block(&mut self, freq: f64, sr: f64) {
        if self.freq.is_nan() {
            self.c = self.coefs(freq, sr);
            self.slope = [0.0; 3];
        } else if freq != self.freq {
            let next = self.coefs(freq, sr);
            for ((slope, n), c) in self.slope.iter_mut().zip(next).zip(self.c) {
                *slope = (n - c) / CONTROL_BLOCK as f64;
            }
        } else {
            self.slope = [0.0; 3];
        }
        self.freq = freq;
    }

    #[inline]
    pub fn tick(&mut self, x: f64) -> f64 {
        let [a0, b1, b2] = self.c;
        let [y1, y2] = self.y;
        let y0 = a0 * x + b1 * y1 + b2 * y2;
        let out = y0 + 2.0 * y1 + y2;
        self.y = if y0.is_finite() {
            [if y0.abs() < 1e-30 { 0.0 } else { y0 }, y1]
        } else {
            [0.0, 0.0]
        };
        for i in 0..3 {
            self.c[i] += self.slope[i];
        }
        out
    }
}

/// `BAllPass.ar(in, freq, rq)` (sc3 `BEQSuite`, the cookbook all-pass): `w = 2 pi freq / sr`,
/// `alpha = sin(w) rq / 2`, `a0 = (1 - alpha) / (1 + alpha)`, `a1 = -2 cos(w) / (1 + alpha)`;
/// `y0 = x - a1 y1 - a0 y2`, out `a0 y0 + a1 y1 + y2`; coefficients from the frequency at each
/// control block's start, ramped over the block when it changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AllPass {
    freq: f64,
    rq: f64,
    c: [f64; 2],
    slope: [f64; 2],
    y: [f64; 2],
}

impl AllPass {
    pub fn new(rq: f64) -> AllPass {
        AllPass {
            freq: f64::NAN,
            rq,
            c: [0.0; 2],
            slope: [0.0; 2],
            y: [0.0; 2],
        }
    }

    fn coefs(&self, freq: f64, sr: f64) -> [f64; 2] {
        let w = TAU * freq.clamp(0.01, 0.499 * sr) / sr;
        let alpha = w.sin() * 0.5 * self.rq;
        let b0rz = 1.0 / (1.0 + alpha);
        [(1.0 - alpha) * b0rz, -2.0 * w.cos() * b0rz]
    }

    pub fn block(&mut self, freq: f64, sr: f64) {
        if self.freq.is_nan() {
            self.c = self.coefs(freq, sr);
            self.slope = [0.0; 2];
        } else if freq != self.freq {
            let next = self.coefs(freq, sr);
            for ((slope, n), c) in self.slope.iter_mut().zip(next).zip(self.c) {
                *slope = (n - c) / CONTROL_BLOCK as f64;
            }
        } else {
            self.slope = [0.0; 2];
        }
        self.freq = freq;
    }

    #[inline]
    pub fn tick(&mut self, x: f64) -> f64 {
        let [a0, a1] = self.c;
        let [y1, y2] = self.y;
        let y0 = x - a1 * y1 - a0 * y2;
        let out = a0 * y0 + a1 * y1 + y2;
        self.y = if y0.is_finite() {
            [if y0.abs() < 1e-30 { 0.0 } else { y0 }, y1]
        } else {
            [0.0, 0.0]
        };
        self.c[0] += self.slope[0];
        self.c[1] += self.slope[1];
        out
    }
}

/// `sc_wrap(x, lo, hi)`: `x` folded into `lo..hi` by whole ranges.
pub fn sc_wrap(x: f64, lo: f64, hi: f64) -> f64 {
    let range = hi - lo;
    if range == 0.0 {
        return lo;
    }
    x - range * ((x - lo) / range).floor()
}

/// `Pan2`'s (and `Balance2`'s) gains at `pos` (-1..1): the server's 8192-point sine table read
/// at `ipos = floor(1024 pos + 1024.5)` (0..2048): `(sin((2048 - ipos) 2pi / 8192),
/// sin(ipos 2pi / 8192))`.
pub fn pan2_gains(pos: f64) -> (f64, f64) {
    let ipos = ((1024.0 * pos + 1024.5).floor()).clamp(0.0, 2048.0);
    let w = std::f64::consts::TAU / 8192.0;
    (((2048.0 - ipos) * w).sin(), (ipos * w).sin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulse_is_a_half_amplitude_square_at_width_half() {
        let sr = 48_000.0;
        let mut p = Pulse::new(480.0, sr);
        let mut peak: f64 = 0.0;
        let mut sum = 0.0;
        for k in 0..48_000 {
            if k % 64 == 0 {
                p.block(480.0, 0.5, sr);
            }
            let y = p.tick();
            if k >= 24_000 {
                peak = peak.max(y.abs());
                sum += y;
            }
        }
        // A square of +-0.5 (Gibbs overshoot ~9 %), DC removed by the leaky integrator.
        assert!(peak > 0.5 && peak < 0.6, "{peak}");
        assert!((sum / 24_000.0).abs() < 0.01);
    }

    #[test]
    fn moogff_passes_dc_and_cuts_highs() {
        let sr = 48_000.0;
        let mut m = MoogFf::new(500.0, 0.0, sr);
        let mut y = 0.0;
        for _ in 0..48_000 {
            y = m.tick(1.0);
        }
        assert!((y - 1.0).abs() < 1e-6, "{y}");
        let mut m = MoogFf::new(500.0, 0.0, sr);
        let mut peak: f64 = 0.0;
        for k in 0..48_000 {
            let x = if k % 2 == 0 { 1.0 } else { -1.0 };
            let y = m.tick(x);
            if k > 1000 {
                peak = peak.max(y.abs());
            }
        }
        assert!(peak < 1e-4, "Nyquist through a 500 Hz ladder: {peak}");
    }

    #[test]
    fn comb_rings_at_its_delay_and_decays_60_db_in_its_decay_time() {
        let sr = 48_000.0;
        let mut buf = vec![0.0f32; 4800];
        let mut c = CombL::new(0.01, 0.5, buf.len(), sr);
        let mut out = vec![0.0f32; 24_000];
        for (k, o) in out.iter_mut().enumerate() {
            *o = c.tick(&mut buf, if k == 0 { 1.0 } else { 0.0 });
        }
        assert_eq!(out[480], 1.0);
        assert!((out[960] as f64 - 0.001f64.powf(0.01 / 0.5)).abs() < 1e-6);
    }

    #[test]
    fn env_curve_and_length() {
        let e = ScEnv::new(&[0.0, 1.0, 1.0, 0.0], &[0.1, 0.8, 0.1], -3.0, 2.0, 1000.0);
        assert_eq!(e.len(), 2000);
        assert_eq!(e.level(0), 0.0);
        assert!((e.level(1000) - 1.0).abs() < 1e-12);
        // Curve -3 rises fast: past half way at a quarter of the attack.
        assert!(e.level(50) > 0.5);
    }

    #[test]
    fn lfnoise2_stays_in_range_and_moves() {
        let mut n = LfNoise2::new(10.0, 1000.0, 7);
        let v: Vec<f64> = (0..5000).map(|_| n.tick()).collect();
        assert!(v.iter().all(|x| x.abs() <= 1.5));
        assert!(v.iter().any(|x| (x - v[0]).abs() > 0.05));
    }
}
