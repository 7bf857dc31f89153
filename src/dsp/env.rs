//! Envelopes: [`Adsr`] (gated) and [`Ar`] (one-shot attack/release). Output is always in 0..1.
//!
//! Segments follow Nigel Redmon's envelope generator (EarLevel Engineering, "Envelope generators
//! -- ADSR code", 2013): each segment is a one-pole `level = base + level * coef` aimed past its
//! target by `ratio`, so it lands on the target in finite time instead of approaching it forever.
//! Attack uses ratio 0.3 (gently convex, close to linear, like an analogue attack); decay and
//! release use 1e-4 (exponential curves). Timing, as SuperCollider's `Env.adsr` (SuperDirt): the
//! attack goes 0 -> 1 in `attack` seconds (a retrigger starts from the current level, without a
//! click, and so arrives sooner); the decay goes 1 -> sustain in exactly `decay` seconds; the
//! release goes from the level at gate-off to 0 in exactly `release` seconds.

use super::{at, sane_rate};

// State and coefficients are f64: with f32, rounding of `1 - coef` shifts a segment's end by
// tens of samples (the curve approaches its target by ~1e-7 per sample).
const RATIO_ATTACK: f64 = 0.3;
const RATIO_DR: f64 = 1.0e-4;
/// Longest segment time in seconds.
pub const MAX_TIME: f32 = 3600.0;

/// One-pole segment covering `distance` in `seconds * sr` samples when aimed `ratio` past its
/// target: `coef = (ratio / (distance + ratio))^(1 / rate)` (Redmon's `calcCoef` generalised from
/// distance 1); 0, an instant jump, below one sample. Returns `(coef, 1 - coef)`.
fn coef(seconds: f32, sr: f32, distance: f64, ratio: f64) -> (f64, f64) {
    let rate = seconds.clamp(0.0, MAX_TIME) as f64 * sr as f64;
    let c = if rate < 1.0 {
        0.0
    } else {
        ((ratio / (distance + ratio)).ln() / rate).exp()
    };
    (c, 1.0 - c)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Idle,
    Attack,
    Decay,
    Sustain,
    Release,
}

/// Attack/decay/release times in seconds, sustain level 0..1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdsrParams {
    pub attack: f32,
    pub decay: f32,
    pub sustain: f32,
    pub release: f32,
}

/// Shared segment engine: stage, level and cached coefficients.
#[derive(Clone, Debug)]
struct Core {
    sr: f32,
    stage: Stage,
    level: f64,
    /// Level at which the current release started.
    rel_from: f64,
    last: [f32; 4],
    // (coef, base) of attack, decay, release.
    seg: [(f64, f64); 3],
}

impl Core {
    fn new(sr: f32) -> Self {
        let seg = [(0.0, 0.0); 3];
        Core {
            sr: sane_rate(sr),
            stage: Stage::Idle,
            level: 0.0,
            rel_from: 0.0,
            last: [-1.0; 4],
            seg,
        }
    }

    fn set(&mut self, a: f32, d: f32, s: f32, r: f32) {
        let p = [a.max(0.0), d.max(0.0), s.clamp(0.0, 1.0), r.max(0.0)];
        if p != self.last {
            self.last = p;
            let (ca, ka) = coef(p[0], self.sr, 1.0, RATIO_ATTACK);
            let (cd, kd) = coef(p[1], self.sr, 1.0 - p[2] as f64, RATIO_DR);
            self.seg[0] = (ca, (1.0 + RATIO_ATTACK) * ka);
            self.seg[1] = (cd, (p[2] as f64 - RATIO_DR) * kd);
            self.set_release();
        }
    }

    fn set_release(&mut self) {
        let (cr, kr) = coef(self.last[3], self.sr, self.rel_from, RATIO_DR);
        self.seg[2] = (cr, -RATIO_DR * kr);
    }

    fn release(&mut self) {
        self.stage = Stage::Release;
        self.rel_from = self.level;
        self.set_release();
    }

    /// Advance one sample; `after_attack` is Decay (ADSR) or Release (AR).
    fn tick(&mut self, after_attack: Stage) -> f32 {
        let sustain = self.last[2] as f64;
        match self.stage {
            Stage::Idle => self.level = 0.0,
            Stage::Attack => {
                let (c, b) = self.seg[0];
                self.level = b + self.level * c;
                if self.level >= 1.0 {
                    self.level = 1.0;
                    self.stage = after_attack;
                    if after_attack == Stage::Release {
                        self.release();
                    }
                }
            }
            Stage::Decay => {
                let (c, b) = self.seg[1];
                self.level = b + self.level * c;
                if self.level <= sustain {
                    self.level = sustain;
                    self.stage = Stage::Sustain;
                }
            }
            Stage::Sustain => self.level = sustain,
            Stage::Release => {
                let (c, b) = self.seg[2];
                self.level = b + self.level * c;
                if self.level <= 0.0 {
                    self.level = 0.0;
                    self.stage = Stage::Idle;
                }
            }
        }
        if !self.level.is_finite() {
            self.level = 0.0;
            self.stage = Stage::Idle;
        }
        self.level = self.level.clamp(0.0, 1.0);
        self.level as f32
    }
}

/// Gated ADSR envelope. Drive it with a gate slice (on while > 0; a rising edge retriggers), or
/// with [`Adsr::note_on`]/[`Adsr::note_off`] and an empty gate slice.
#[derive(Clone, Debug)]
pub struct Adsr {
    core: Core,
    gate_prev: bool,
    held: bool,
    retrigger: bool,
}

impl Adsr {
    pub fn new(sample_rate: f32) -> Self {
        Adsr {
            core: Core::new(sample_rate),
            gate_prev: false,
            held: false,
            retrigger: false,
        }
    }

    pub fn reset(&mut self) {
        *self = Adsr::new(self.core.sr);
    }

    pub fn stage(&self) -> Stage {
        self.core.stage
    }

    /// Gate on from the next sample (used when the gate slice is empty); retriggers if held.
    pub fn note_on(&mut self) {
        self.held = true;
        self.retrigger = true;
    }

    /// Gate off from the next sample (used when the gate slice is empty).
    pub fn note_off(&mut self) {
        self.held = false;
    }

    /// Render the envelope. Per-sample controls (short slices hold their last value): `gate`
    /// (empty: the note_on/note_off state), `attack`, `decay`, `release` in seconds (defaults
    /// 0.01, 0.1, 0.2; clamped to 0..3600), `sustain` level (default 1, clamped to 0..1).
    pub fn process(
        &mut self,
        gate: &[f32],
        attack: &[f32],
        decay: &[f32],
        sustain: &[f32],
        release: &[f32],
        out: &mut [f32],
    ) {
        for (i, o) in out.iter_mut().enumerate() {
            let on = at(gate, i, if self.held { 1.0 } else { 0.0 }) > 0.0;
            self.core.set(
                at(attack, i, 0.01),
                at(decay, i, 0.1),
                at(sustain, i, 1.0),
                at(release, i, 0.2),
            );
            if on && (!self.gate_prev || self.retrigger) {
                self.core.stage = Stage::Attack;
            } else if !on && self.gate_prev {
                self.core.release();
            }
            self.retrigger = false;
            self.gate_prev = on;
            *o = self.core.tick(Stage::Decay);
        }
    }

    /// [`Adsr::process`] with constant parameters.
    pub fn process_params(&mut self, gate: &[f32], p: &AdsrParams, out: &mut [f32]) {
        self.process(
            gate,
            &[p.attack],
            &[p.decay],
            &[p.sustain],
            &[p.release],
            out,
        );
    }
}

/// One-shot attack/release envelope: a trigger rises to 1 over `attack`, then falls to 0 over
/// `release`. Trigger with a rising edge of the `trig` slice (> 0 after <= 0) or [`Ar::trigger`].
#[derive(Clone, Debug)]
pub struct Ar {
    core: Core,
    trig_prev: bool,
    pending: bool,
}

impl Ar {
    pub fn new(sample_rate: f32) -> Self {
        Ar {
            core: Core::new(sample_rate),
            trig_prev: false,
            pending: false,
        }
    }

    pub fn reset(&mut self) {
        *self = Ar::new(self.core.sr);
    }

    /// Start the attack at the next rendered sample.
    pub fn trigger(&mut self) {
        self.pending = true;
    }

    pub fn is_idle(&self) -> bool {
        self.core.stage == Stage::Idle && !self.pending
    }

    /// `attack`/`release` in seconds per sample (defaults 0.01 and 0.2).
    pub fn process(&mut self, trig: &[f32], attack: &[f32], release: &[f32], out: &mut [f32]) {
        for (i, o) in out.iter_mut().enumerate() {
            let t = at(trig, i, 0.0) > 0.0;
            self.core
                .set(at(attack, i, 0.01), 0.0, 0.0, at(release, i, 0.2));
            if (t && !self.trig_prev) || self.pending {
                self.core.stage = Stage::Attack;
                self.pending = false;
            }
            self.trig_prev = t;
            *o = self.core.tick(Stage::Release);
        }
    }
}

// ---- Nodes: `adsr a d s r gate`, `ar a r trig` / `env` (see `node.rs`). ----

use super::node::{DspNode, Input, NodeDef};

struct AdsrNode(Adsr, AdsrParams);

impl DspNode for AdsrNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        self.0.process_params(inputs[0][0], &self.1, l);
        r.copy_from_slice(l);
    }
}

pub static ADSR: NodeDef = NodeDef {
    name: "adsr",
    doc: "An envelope following a gate pattern or signal (> 0.5 held); times in seconds.",
    example: "out $ saw 110 * adsr 0.01 0.1 0.5 0.2 \"1 0 1 1\" * 0.3",
    inputs: &[
        Input::number("attack", "s", "attack"),
        Input::number("decay", "s", "decay"),
        Input::number("sustain", "0..1", "sustain"),
        Input::number("release", "s", "release"),
        Input::signal("gate", "", "the gate"),
    ],
    control: None,
    bare_pattern: false,
    build: |sr, n| {
        Box::new(AdsrNode(
            Adsr::new(sr),
            AdsrParams {
                attack: n[0],
                decay: n[1],
                sustain: n[2],
                release: n[3],
            },
        ))
    },
    voice: None,
};

/// Attack-release from each rising edge of the trigger (crossing 0.5 upwards).
struct ArNode {
    env: Ar,
    attack: f32,
    release: f32,
    /// The trigger's last sample (edge detection across chunks).
    last: f32,
    edges: [f32; super::CHUNK],
}

impl DspNode for ArNode {
    fn process(&mut self, inputs: &[[&[f32]; 2]], l: &mut [f32], r: &mut [f32]) {
        let t = inputs[0][0];
        let n = l.len().min(super::CHUNK);
        for (e, v) in self.edges.iter_mut().zip(&t[..n]) {
            *e = if *v > 0.5 && self.last <= 0.5 {
                1.0
            } else {
                0.0
            };
            self.last = *v;
        }
        self.env
            .process(&self.edges[..n], &[self.attack], &[self.release], l);
        r.copy_from_slice(l);
    }
}

fn build_ar(sr: f32, n: &[f32]) -> Box<dyn DspNode> {
    Box::new(ArNode {
        env: Ar::new(sr),
        attack: n[0],
        release: n[1],
        last: 0.0,
        edges: [0.0; super::CHUNK],
    })
}

const AR_INPUTS: &[Input] = &[
    Input::number("attack", "s", "attack"),
    Input::number("release", "s", "release"),
    Input::signal("trig", "", "the trigger"),
];

pub static AR: NodeDef = NodeDef {
    name: "ar",
    doc: "Attack-release envelope started by each rising edge of `trig`; times in seconds.",
    example: "out $ sine 220 * ar 0.005 0.2 \"1 1 1 1\" * 0.5",
    inputs: AR_INPUTS,
    control: None,
    bare_pattern: false,
    build: build_ar,
    voice: None,
};

pub static ENV: NodeDef = NodeDef {
    name: "env",
    doc: "`ar` under another name.",
    example: "out $ saw 110 * env 0.01 0.3 \"1 0 1 0\" * 0.3",
    inputs: AR_INPUTS,
    control: None,
    bare_pattern: false,
    build: build_ar,
    voice: None,
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    const P: AdsrParams = AdsrParams {
        attack: 0.01,
        decay: 0.1,
        sustain: 0.5,
        release: 0.2,
    };

    fn first(y: &[f32], pred: impl Fn(f32) -> bool) -> usize {
        y.iter().position(|&v| pred(v)).unwrap_or(usize::MAX)
    }

    #[test]
    fn adsr_shape() {
        let n = 48_000;
        let gate: Vec<f32> = (0..n).map(|i| if i < 24_000 { 1.0 } else { 0.0 }).collect();
        let mut e = Adsr::new(SR);
        let mut y = vec![0.0; n];
        e.process_params(&gate, &P, &mut y);
        assert!(y.iter().all(|v| (0.0..=1.0).contains(v)));
        let peak = first(&y, |v| v >= 1.0);
        assert!((478..=482).contains(&peak), "attack 10 ms ends at {peak}");
        assert!(y[..peak].windows(2).all(|w| w[1] > w[0]), "attack rises");
        let sus = peak + first(&y[peak..], |v| v <= 0.5);
        assert!(
            (peak + 4795..=peak + 4805).contains(&sus),
            "decay 100 ms ends at {sus}"
        );
        assert!(y[sus..24_000].iter().all(|&v| v == 0.5));
        let end = first(&y[24_000..], |v| v == 0.0);
        assert!(
            (9_598..=9_602).contains(&end),
            "release 200 ms ends at {end}"
        );
        assert_eq!(e.stage(), Stage::Idle);
        // The note_on/note_off API gives the same envelope as a gate slice.
        let mut e2 = Adsr::new(SR);
        let mut y2 = vec![0.0; n];
        e2.note_on();
        e2.process_params(&[], &P, &mut y2[..24_000]);
        e2.note_off();
        e2.process_params(&[], &P, &mut y2[24_000..]);
        assert_eq!(y, y2);
    }

    #[test]
    fn ar_shape_and_retrigger() {
        let mut e = Ar::new(SR);
        let mut y = vec![0.0; 24_000];
        e.trigger();
        e.process(&[], &[0.005], &[0.1], &mut y);
        let peak = first(&y, |v| v >= 1.0);
        assert!((238..=242).contains(&peak), "{peak}");
        let end = first(&y, |v| v == 0.0);
        assert!(
            (peak + 4790..=peak + 4810).contains(&end),
            "release ends at {end}"
        );
        assert!(e.is_idle());
        // Rising edges in the trig slice retrigger, from the current level.
        let trig: Vec<f32> = (0..24_000)
            .map(|i| if i % 2000 < 10 { 1.0 } else { 0.0 })
            .collect();
        e.process(&trig, &[0.005], &[0.1], &mut y);
        assert_eq!(y.iter().filter(|&&v| v == 1.0).count(), 12);
    }

    #[test]
    fn blocks_and_reset() {
        let n = 20_000;
        let gate: Vec<f32> = (0..n)
            .map(|i| if (i / 1500) % 3 == 0 { 0.0 } else { 1.0 })
            .collect();
        let a: Vec<f32> = (0..n).map(|i| 0.001 + (i % 5000) as f32 * 1e-5).collect();
        let s: Vec<f32> = (0..n)
            .map(|i| (i as f32 * 0.001).sin() * 0.5 + 0.5)
            .collect();
        check_blocks(
            n,
            || Adsr::new(SR),
            |e, r, l, _| {
                e.process(
                    &gate[r.clone()],
                    &a[r.clone()],
                    &a[r.clone()],
                    &s[r.clone()],
                    &a[r],
                    l,
                )
            },
            Adsr::reset,
        );
        check_blocks(
            n,
            || Ar::new(SR),
            |e, r, l, _| e.process(&gate[r.clone()], &a[r.clone()], &a[r], l),
            Ar::reset,
        );
    }

    #[test]
    fn hostile_inputs() {
        let bad: Vec<f32> = BAD.iter().cycle().take(600).copied().collect();
        let mut y = vec![0.0; 600];
        let mut e = Adsr::new(f32::NAN);
        e.process(&bad, &bad, &bad, &bad, &bad, &mut y);
        assert!(y.iter().all(|v| (0.0..=1.0).contains(v)));
        let mut ar = Ar::new(SR);
        ar.process(&bad, &bad, &bad, &mut y);
        assert!(y.iter().all(|v| (0.0..=1.0).contains(v)));
        e.reset();
        e.process_params(&[1.0], &P, &mut y);
        let mut fresh = vec![0.0; 600];
        Adsr::new(SR).process_params(&[1.0], &P, &mut fresh);
        assert_eq!(y, fresh);
    }
}
