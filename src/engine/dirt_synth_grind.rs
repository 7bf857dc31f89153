//! SuperDirt's `supergrind` (from synthdef.art), ported from its definition
//! (`library/default-synths-extra.scd`; GPL: read, not copied), as scsynth 3.13 runs the graph
//! sclang builds from it (`SynthDef.dumpUGens`), at 64-sample control blocks of the voice's age:
//!
//! ```text
//! F     = freq DirtFreqScale / 2                                (kr)
//! trig  = Impulse.kr(rate Duty.kr(1, 0, Dseq([1/4, 1/4, 1/4, 2], inf)))
//! x     = Sum3(Impulse.ar(SinOsc.ar(1/4) F/2 + (voice + 1) F), LocalIn.ar, trig)
//! mix   = (DelayC.ar(x, 1, 1/(2F + detune) - ControlDur) + DelayC.ar(x, 1, 1/(2F - detune)
//!         - ControlDur)) / 2
//! LocalOut.ar(LeakDC.ar(mix).tanh)                 (LocalIn: the last block's, 64 samples on)
//! loop  = mix + DelayC.ar(mix, 0.2, SinOsc.ar(1, 0, 1e-3, 0.1))
//! out   = 0.3 (GVerb.ar(sin((loop + 8 trig) 4)).sin + loop)   (stereo), Env.linen(0.1, 0.8, 0.1)
//! ```
//!
//! A control-rate input to an audio-rate sum (`Sum3`'s `trig`, `loop + 8 trig`, `MulAdd`'s `F/2`
//! and `(voice + 1) F`) ramps from its last value to the new one over the block when it changed
//! (`ControlRateInput::slope`, `add_ak`), from the value its unit's constructor output:
//! `Impulse.kr`'s first output is 1 and its first block is 1, so the trigger adds 1 over the
//! first block and ramps to 0 over the second. The delay times keep `ControlDur` (64 samples at
//! the server's block) whatever the host's block: the loop's delay is `1/(2F)` in all.
//! The delay lines and the reverb live in a voice's synth buffer ([`super::fx_pool::SynthPool`]);
//! with none free the voice is silent (counted).

use super::fx_pool::SynthBuf;
use crate::dsp::sc_delay_c::{DelayLine, KrDelay};
use crate::dsp::sc_duty::DutySeq;
use crate::dsp::sc_gverb::{GVerb, GVerbParams};
use crate::dsp::sc_impulse::Impulse;
use crate::dsp::sc_synth::CONTROL_BLOCK;
use crate::dsp::sc_ugens::LeakDc;
use std::f64::consts::TAU;

/// `Dseq(0.25 ! 3 ++ [2], inf)`.
static DUTY: [f32; 4] = [0.25, 0.25, 0.25, 2.0];

/// A control-rate value into an audio-rate unit: this block's start and per-sample slope.
#[derive(Clone, Copy, Debug, PartialEq)]
struct KrIn {
    value: f32,
    slope: f32,
    next: f32,
}

impl KrIn {
    fn new(first: f32) -> KrIn {
        KrIn {
            value: first,
            slope: 0.0,
            next: first,
        }
    }

    /// The block's new value: a ramp from the last when it changed.
    fn block(&mut self, v: f32) {
        self.value = self.next;
        self.slope = if v == self.next {
            0.0
        } else {
            (v - self.next) / CONTROL_BLOCK as f32
        };
        self.next = v;
    }

    #[inline]
    fn tick(&mut self) -> f32 {
        let v = self.value;
        self.value += self.slope;
        v
    }
}

/// The layout of the synth buffer: the 1 s line, the 0.2 s line, the reverb.
fn lengths(sr: f64) -> (usize, usize) {
    (
        DelayLine::buffer_len(1.0, sr),
        DelayLine::buffer_len(0.2, sr),
    )
}

fn gverb(sr: f64) -> GVerb {
    let p = GVerbParams::default();
    GVerb::new(p.roomsize, p.revtime, p.damping, 15.0, 300.0, sr as f32)
}

/// Samples of synth buffer `supergrind` needs at `sr`.
pub fn buffer_len(sr: f64) -> usize {
    let (a, b) = lengths(sr);
    a + b + gverb(sr).buffer_len()
}

pub(super) struct Grind {
    buf: Option<SynthBuf>,
    split: (usize, usize),
    line: DelayLine,
    taps: [KrDelay; 2],
    wobble: DelayLine,
    verb: GVerb,
    /// LocalOut's last block, read by LocalIn this block.
    fb: [f32; CONTROL_BLOCK as usize],
    leak: LeakDc,
    duty: DutySeq,
    trig_kr: Impulse,
    impulse: Impulse,
    trig: KrIn,
    trig8: KrIn,
    mul: KrIn,
    add: KrIn,
    rate: f32,
    detune: f32,
    voice: f32,
    age: u64,
    sr: f64,
}

impl Grind {
    /// `bf`: `freq DirtFreqScale` at the start; `rate`, `detune`, `voice`: the controls.
    pub fn new(
        bf: f64,
        rate: f64,
        detune: f64,
        voice: f64,
        sr: f64,
        buf: Option<SynthBuf>,
    ) -> Grind {
        let split = lengths(sr);
        let mut buf = buf;
        let verb = gverb(sr);
        if let Some(b) = buf.as_mut() {
            let need = split.0 + split.1 + verb.buffer_len();
            let b = b.get();
            let n = need.min(b.len());
            b[..n].fill(0.0);
        }
        let kr = sr / CONTROL_BLOCK as f64;
        let duty = DutySeq::new(&DUTY, 1.0, kr);
        let (rate, detune, voice) = (rate as f32, detune as f32, voice as f32);
        let f = (bf / 2.0) as f32;
        let line = DelayLine::new(split.0);
        let delays = Self::delays(f, detune, sr as f32);
        let add = (voice + 1.0) * f;
        Grind {
            taps: delays.map(|d| KrDelay::new(&line, d, sr as f32)),
            line,
            wobble: DelayLine::new(split.1),
            split,
            buf,
            verb,
            fb: [0.0; CONTROL_BLOCK as usize],
            leak: LeakDc::default(),
            trig_kr: Impulse::new(rate * duty.first(), kr),
            duty,
            // MulAdd's constructor output: SinOsc's first sample is 0.
            impulse: Impulse::new(add, sr),
            trig: KrIn::new(1.0),
            trig8: KrIn::new(8.0),
            mul: KrIn::new(f / 2.0),
            add: KrIn::new(add),
            rate,
            detune,
            voice,
            age: 0,
            sr,
        }
    }

    /// `1/(2F +- detune) - ControlDur.ir`.
    fn delays(f: f32, detune: f32, sr: f32) -> [f32; 2] {
        let cd = CONTROL_BLOCK as f32 / sr;
        [detune, -detune].map(|d| 1.0 / (2.0 * f + d) - cd)
    }

    /// The start of a control block: `bf` is `freq DirtFreqScale`.
    pub fn control_block(&mut self, bf: f64) {
        let f = (bf / 2.0) as f32;
        let t = self.trig_kr.tick(self.rate * self.duty.tick());
        self.trig.block(t);
        self.trig8.block(8.0 * t);
        self.mul.block(f / 2.0);
        self.add.block((self.voice + 1.0) * f);
        let sr = self.sr as f32;
        for (tap, d) in self.taps.iter_mut().zip(Self::delays(f, self.detune, sr)) {
            tap.block(&self.line, d, sr, CONTROL_BLOCK as usize);
        }
        self.verb.end_block();
        self.verb
            .block(&GVerbParams::default(), CONTROL_BLOCK as usize);
    }

    /// One sample (left, right).
    #[inline]
    pub fn tick(&mut self) -> (f64, f64) {
        let Some(slot) = self.buf.as_mut() else {
            return (0.0, 0.0);
        };
        let buf = slot.get();
        let (a, rest) = buf.split_at_mut(self.split.0);
        let (b, c) = rest.split_at_mut(self.split.1);
        let t = self.age as f64 / self.sr;
        let s = (TAU * 0.25 * t).sin() as f32;
        let imp = self.impulse.tick(s * self.mul.tick() + self.add.tick());
        let k = (self.age % CONTROL_BLOCK) as usize;
        let x = imp + self.fb[k] + self.trig.tick();
        self.line.write(a, x);
        let mix = (self.taps[0].read(&self.line, a) + self.taps[1].read(&self.line, a)) / 2.0;
        self.fb[k] = self.leak.tick(mix).tanh();
        self.wobble.write(b, mix);
        let d = 0.1 + 1e-3 * (TAU * t).sin() as f32;
        let lp = mix + self.wobble.read(b, self.wobble.dsamp(d, self.sr as f32));
        let (l, r) = self.verb.tick(c, ((lp + self.trig8.tick()) * 4.0).sin());
        self.age += 1;
        ((0.3 * (l.sin() + lp)) as f64, (0.3 * (r.sin() + lp)) as f64)
    }
}
