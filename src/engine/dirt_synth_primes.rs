//! SuperDirt's `superprimes` (from synthdef.art, #nightofprimes), ported from its definition
//! (`library/default-synths-extra.scd`; GPL: read, not copied), as scsynth 3.13 runs the graph
//! sclang builds from it (`SynthDef.dumpUGens`), at 64-sample control blocks of the voice's age.
//! Nine voices, one per prime `p` of 2, 3, 5, ..., 23 (`k` = 1..9):
//!
//! ```text
//! trig_k  = Impulse.ar(30 / p / sustain * rate)
//! phase_k = Phasor.kr(trig_k, 1 / p / ControlRate)          (radians, 0..1)
//! x_k     = SinOsc.ar(f k (1 + detune / 12 for odd k, 1 - detune / 12 for even) / 2, phase_k)
//!           * LPF.ar(Decay.ar(trig_k, (p + 3) sustain / 10), voice.linexp(0, 2, 30, 18000))
//! (l, r)_k = GVerb.ar(x_k.softclip, 10 voice.linexp(0, 5, 1, 0.01), 10).tanh
//! ```
//!
//! (`f = freq DirtFreqScale`), then `SplayAz.ar(9, [l1, r1, l2, ...], center: LFNoise2.kr(sustain)
//! .range(0, 8))`: 18 `PanAz`s onto a ring of nine channels (level `1/sqrt(18)`, width 2,
//! orientation 0.5) at `center - 1 .. center + 1` evenly; then `DirtPan`'s `Splay` (Pan2 at -1,
//! -0.75, ..., 1, summed, times 1/3) and `Balance2` with `Env.linen(0.1, 0.6, 0.3)`. The centre
//! moves at random (LFNoise2, seeded per note), as in SuperDirt, so which reverb lands where in
//! the stereo image differs from note to note. The nine reverbs live in a voice's synth buffer
//! ([`super::fx_pool::SynthPool`]); with none free the voice is silent (counted).

use super::fx_pool::SynthBuf;
use crate::dsp::sc_gverb::{GVerb, GVerbParams};
use crate::dsp::sc_impulse::Impulse;
use crate::dsp::sc_pan_az::PanAz;
use crate::dsp::sc_phasor::PhasorKr;
use crate::dsp::sc_sinosc::SinOscKk;
use crate::dsp::sc_synth::{pan2_gains, Butter, ButterKind, Decay, LfNoise2, CONTROL_BLOCK};

const PRIMES: [u32; 9] = [2, 3, 5, 7, 11, 13, 17, 19, 23];
const N: usize = PRIMES.len();

/// `x.linexp(a, b, c, d)` with `x` clipped to `a..b`.
fn linexp(x: f64, a: f64, b: f64, c: f64, d: f64) -> f64 {
    let x = x.clamp(a, b);
    c * (d / c).powf((x - a) / (b - a))
}

/// `softclip`: `x` up to 0.5, `(|x| - 0.25) / x` above.
fn softclip(x: f32) -> f32 {
    let a = x.abs();
    if a <= 0.5 {
        x
    } else {
        (a - 0.25) / x
    }
}

fn reverb_params(voice: f64) -> GVerbParams {
    GVerbParams {
        roomsize: (10.0 * linexp(voice, 0.0, 5.0, 1.0, 0.01)) as f32,
        revtime: 10.0,
        ..GVerbParams::default()
    }
}

fn reverb(voice: f64, sr: f64) -> GVerb {
    let p = reverb_params(voice);
    GVerb::new(p.roomsize, p.revtime, p.damping, 15.0, 300.0, sr as f32)
}

/// Samples of synth buffer `superprimes` needs at `sr` (the largest room: `voice` 0).
pub fn buffer_len(sr: f64) -> usize {
    N * reverb(0.0, sr).buffer_len()
}

pub(super) struct Primes {
    buf: Option<SynthBuf>,
    /// Each reverb's share of the buffer.
    share: usize,
    trigs: [Impulse; N],
    trig_freqs: [f32; N],
    /// The next sample's triggers (computed a sample ahead: a block's Phasor reads the block's
    /// first).
    trig_next: [f32; N],
    phasors: [PhasorKr; N],
    sines: [SinOscKk; N],
    decays: [Decay; N],
    lpfs: [Butter; N],
    verbs: [GVerb; N],
    params: GVerbParams,
    pans: [PanAz<N>; 2 * N],
    center: LfNoise2,
    cutoff: f64,
    ratios: [f32; N],
    /// Splay's Pan2 gains for the ring's channels.
    splay: [(f32, f32); N],
    sr: f64,
}

impl Primes {
    /// The synth's `sustain`; the controls; `seed` for the centre's noise.
    pub fn new(
        sustain: f64,
        rate: f64,
        detune: f64,
        voice: f64,
        sr: f64,
        seed: u32,
        buf: Option<SynthBuf>,
    ) -> Primes {
        let params = reverb_params(voice);
        let verbs: [GVerb; N] = std::array::from_fn(|_| reverb(voice, sr));
        let share = verbs[0].buffer_len();
        let mut buf = buf;
        if let Some(b) = buf.as_mut() {
            let b = b.get();
            let n = (N * share).min(b.len());
            b[..n].fill(0.0);
        }
        let (sus, rate32) = (sustain as f32, rate as f32);
        let trig_freqs = PRIMES.map(|p| (30.0 / p as f64) as f32 / sus * rate32);
        let d = (detune / 12.0) as f32;
        let ratios = std::array::from_fn(|i| if i % 2 == 0 { 1.0 + d } else { 1.0 - d });
        let kr = sr / CONTROL_BLOCK as f64;
        let cutoff = linexp(voice, 0.0, 2.0, 30.0, 18000.0) as f32 as f64;
        // LFNoise2.kr(sustain): one value per control block.
        let center = LfNoise2::new(sustain, kr, seed);
        let mut p = Primes {
            buf,
            share,
            trigs: trig_freqs.map(|f| Impulse::new(f, sr)),
            trig_freqs,
            trig_next: [0.0; N],
            // Impulse's constructor output (1) is Phasor's first "last input".
            phasors: [PhasorKr::new(1.0, 0.0); N],
            sines: [SinOscKk::new(0.0, sr); N],
            decays: PRIMES
                .map(|p| Decay::new((p as f32 + 3.0) as f64 * sustain / 10.0, sr).primed(1.0)),
            // LPF's constructor sees Decay's constructor output (the impulse, 1).
            lpfs: [Butter::new(ButterKind::Low, 1.0).primed(cutoff, sr, 1.0); N],
            verbs,
            params,
            pans: std::array::from_fn(|_| PanAz::new(0.0, 0.0, 2.0, 0.5)),
            center,
            cutoff,
            ratios,
            splay: std::array::from_fn(|i| {
                let (l, r) = pan2_gains(i as f64 * 0.25 - 1.0);
                (l as f32, r as f32)
            }),
            sr,
        };
        for ((t, trig), f) in p.trig_next.iter_mut().zip(&mut p.trigs).zip(trig_freqs) {
            *t = trig.tick(f);
        }
        // The ring's gains as the constructors set them.
        let positions = p.positions(p.center_value());
        for (pan, pos) in p.pans.iter_mut().zip(positions) {
            *pan = PanAz::new(pos, LEVEL, 2.0, 0.5);
        }
        p
    }

    fn center_value(&self) -> f32 {
        self.center.last() as f32 * 4.0 + 4.0
    }

    /// SplayAz's positions: `center - 1 .. center + 1` over the 18 inputs (`LinXFade2`).
    fn positions(&self, c: f32) -> [f32; 2 * N] {
        let (a, b) = (c - 1.0, c + 1.0);
        std::array::from_fn(|i| {
            if i == 0 {
                a
            } else {
                let pan = -1.0 + 2.0 * i as f32 / (2 * N - 1) as f32;
                a + (b - a) * (pan * 0.5 + 0.5)
            }
        })
    }

    /// The start of a control block: `bf` is `freq DirtFreqScale`.
    pub fn control_block(&mut self, bf: f64) {
        let kr = (self.sr / CONTROL_BLOCK as f64) as f32;
        let c = self.center.tick() as f32 * 4.0 + 4.0;
        let positions = self.positions(c);
        for (pan, pos) in self.pans.iter_mut().zip(positions) {
            pan.block(pos, LEVEL, 2.0, 0.5, CONTROL_BLOCK as usize);
        }
        let bf = bf as f32;
        for (k, (((phasor, sine), trig), ratio)) in self
            .phasors
            .iter_mut()
            .zip(&mut self.sines)
            .zip(&self.trig_next)
            .zip(&self.ratios)
            .enumerate()
        {
            let rate = (1.0 / PRIMES[k] as f64) as f32 / kr;
            let phase = phasor.tick(*trig, rate as f64, 0.0, 1.0, 0.0);
            sine.block(
                bf * (k + 1) as f32 * ratio / 2.0,
                phase as f32,
                CONTROL_BLOCK as usize,
            );
        }
        for (lpf, verb) in self.lpfs.iter_mut().zip(&mut self.verbs) {
            lpf.block(self.cutoff, self.sr);
            verb.end_block();
            verb.block(&self.params, CONTROL_BLOCK as usize);
        }
    }

    /// One sample (left, right).
    #[inline]
    #[allow(clippy::needless_range_loop)] // (k indexes eight arrays)
    pub fn tick(&mut self) -> (f64, f64) {
        let Some(slot) = self.buf.as_mut() else {
            return (0.0, 0.0);
        };
        let buf = slot.get();
        let mut ring = [0.0f32; N];
        for k in 0..N {
            let t = self.trig_next[k];
            self.trig_next[k] = self.trigs[k].tick(self.trig_freqs[k]);
            let env = self.lpfs[k].tick(self.decays[k].tick(t as f64)) as f32;
            let x = softclip(self.sines[k].tick() * env);
            let part = &mut buf[k * self.share..(k + 1) * self.share];
            let (l, r) = self.verbs[k].tick(part, x);
            self.pans[2 * k].tick(l.tanh(), &mut ring);
            self.pans[2 * k + 1].tick(r.tanh(), &mut ring);
        }
        let (mut l, mut r) = (0.0f32, 0.0f32);
        for (x, (gl, gr)) in ring.iter().zip(&self.splay) {
            l += x * gl;
            r += x * gr;
        }
        ((l / 3.0) as f64, (r / 3.0) as f64)
    }
}

/// SplayAz's level: `1 / sqrt(18)`.
const LEVEL: f32 = 0.235_702_26;
