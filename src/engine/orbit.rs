//! One orbit's global effects, as SuperDirt's `DirtOrbit` has them (`classes/DirtOrbit.sc`,
//! `synths/core-synths-global.scd`): a delay and a reverb fed by the voices' `# delay` and
//! `# room` sends, and `leslie` on the orbit's dry signal. The latest event of the orbit
//! carrying `delaytime`, `delayfeedback`, `size`, `dry`, `leslie`, `lrate` or `lsize` sets it
//! (`GlobalDirtEffect.set`) from that event's sample on, so any block size renders the same.
//! Under superdough's stage an event's `duckorbit` ducks the whole output of its target orbits
//! ([`dsp::dough_duck`]). Everything is allocated when the program compiles.

use super::graph::CHUNK;
use crate::dsp;
use crate::pattern::{Sym, Value};

/// The reverb's size under superdough's stage until an event sets `size` (Phonon's reverb
/// standing in for superdough's convolution reverb).
const DOUGH_ROOM_SIZE: f32 = 0.5;

/// Changes of settings an orbit keeps for one chunk (further ones in the chunk replace the last).
const MAX_CHANGES: usize = 32;

/// An orbit's settings (what its events set).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Settings {
    delay_time_s: f32,
    delay_feedback: f32,
    /// The latest `size`; before any event sets it, the stage's default: SuperDirt's
    /// `dirt_reverb` starts at 0.1, Phonon's reverb under superdough's stage at
    /// [`DOUGH_ROOM_SIZE`].
    room_size: Option<f32>,
    /// SuperDirt's `dry` (0..1, default 0): the reverb's output is scaled by `1 - dry`, as
    /// `dirt_verb` does (1: the send plays no reverb).
    reverb_dry: f32,
    leslie: dsp::leslie::LeslieParams,
    /// SuperDirt's `leslie` is off until an event sets `leslie`, `lrate` or `lsize`
    /// (`GlobalDirtEffect` resumes its synth then), then on with the latest value of each
    /// (SuperDirt's defaults for those never set).
    leslie_on: bool,
}

impl Settings {
    const DEFAULT: Settings = Settings {
        delay_time_s: 0.25,
        delay_feedback: 0.5,
        room_size: None,
        reverb_dry: 0.0,
        leslie: dsp::leslie::LeslieParams {
            leslie: 0.5,
            lrate: 6.7,
            lsize: 0.3,
        },
        leslie_on: false,
    };

    /// These settings with an event's values, at `cps` cycles per second: with `lock 1` the
    /// event's `delaytime` counts cycles (SuperDirt's `dirt_delay`: `delaytime * if(lock,
    /// reciprocal(cps), 1)`).
    fn with(mut self, v: Value, cps: f64) -> Settings {
        let num = |k: Sym| v.get_num(k).filter(|x| x.is_finite());
        if let Some(x) = num(Sym::DELAYTIME) {
            let locked = num(Sym::LOCK).is_some_and(|l| l != 0.0) && cps > 0.0;
            let seconds = if locked { x / cps } else { x };
            self.delay_time_s = seconds.clamp(0.0, 4.0) as f32;
        }
        if let Some(x) = num(Sym::DELAYFEEDBACK) {
            self.delay_feedback = x.clamp(0.0, 0.98) as f32;
        }
        if let Some(x) = num(Sym::SIZE) {
            self.room_size = Some(x.clamp(0.0, 1.0) as f32);
        }
        if let Some(x) = num(Sym::DRY) {
            self.reverb_dry = x.clamp(0.0, 1.0) as f32;
        }
        let p = &mut self.leslie;
        for (key, slot) in [
            (Sym::LESLIE, &mut p.leslie),
            (Sym::LRATE, &mut p.lrate),
            (Sym::LSIZE, &mut p.lsize),
        ] {
            if let Some(x) = num(key) {
                *slot = x as f32;
                self.leslie_on = true;
            }
        }
        self
    }
}

/// superdough's `delaysync` (a control of the table).
const DELAYSYNC: Sym = Sym(crate::pattern::control_table::index("delaysync"));

impl Settings {
    /// These settings after a superdough event (`superdough()`, `Orbit.getDelay` in
    /// `superdoughoutput.mjs`): an event that sends to the delay (`delay > 0`) sets the
    /// orbit's delay to its own `delaytime` (else `delaysync` cycles, 3/16 by default, at the
    /// tempo) and `delayfeedback` (0.5 by default, at most 0.98); the delay is superdough's
    /// `FeedbackDelayNode`, the same loop as SuperDirt's here. The other settings as SuperDirt's.
    fn with_dough(self, v: Value, cps: f64) -> Settings {
        let num = |k: Sym| v.get_num(k).filter(|x| x.is_finite());
        let mut next = self.with_only_reverb_and_leslie(v, cps);
        if num(Sym::DELAY).is_some_and(|d| d > 0.0) {
            let sync = num(DELAYSYNC).unwrap_or(3.0 / 16.0);
            let time = num(Sym::DELAYTIME).unwrap_or(if cps > 0.0 { sync / cps } else { 0.0 });
            let feedback = num(Sym::DELAYFEEDBACK).unwrap_or(0.5);
            if time > 0.0 && feedback > 0.0 {
                next.delay_time_s = time.clamp(0.0, 4.0) as f32;
                next.delay_feedback = feedback.clamp(0.0, 0.98) as f32;
            }
        }
        next
    }

    /// [`Settings::with`] without the delay's settings.
    fn with_only_reverb_and_leslie(self, v: Value, cps: f64) -> Settings {
        let with = self.with(v, cps);
        Settings {
            delay_time_s: self.delay_time_s,
            delay_feedback: self.delay_feedback,
            ..with
        }
    }
}

/// The chunk `[from, to)` cut where its events change the settings (`now` at its start, then
/// each change from its sample): `f(a, b, settings)`.
fn segments(
    now: Settings,
    changes: &[(usize, Settings)],
    from: usize,
    to: usize,
    mut f: impl FnMut(usize, usize, Settings),
) {
    let mut s = now;
    let mut a = from;
    for &(at, next) in changes {
        let at = at.clamp(from, to);
        if at > a {
            f(a, at, s);
            a = at;
        }
        s = next;
    }
    if to > a {
        f(a, to, s);
    }
}

pub struct Orbit {
    delay: dsp::delay::Delay,
    reverb: dsp::reverb::Reverb,
    /// SuperDirt's reverb, for Tidal's events (`dirt`).
    dirt_reverb: dsp::dirt_reverb::DirtReverb,
    leslie: dsp::leslie::Leslie,
    /// Send buffers: delay L/R, reverb L/R.
    pub(super) send: [Vec<f32>; 4],
    wet: [Vec<f32>; 2],
    /// The orbit's dry signal, while `leslie` is on or the orbit is ducked in the chunk (else
    /// voices add into the output).
    pub(super) dry: [Vec<f32>; 2],
    /// superdough's ducking of the orbit's output, the ducks this chunk's events start (sample
    /// of the chunk, parameters) and the chunk's gain.
    duck: dsp::dough_duck::Duck,
    ducks: [(usize, dsp::dough_duck::DuckParams); MAX_CHANGES],
    n_ducks: usize,
    gain: Vec<f32>,
    /// The settings at the chunk's start, those after its last event, and the changes its
    /// events make: (sample of the chunk, settings from there).
    now: Settings,
    latest: Settings,
    changes: [(usize, Settings); MAX_CHANGES],
    n_changes: usize,
    /// Samples left to render after the last send, so tails ring out (then the effects idle).
    ringing: u32,
    sample_rate: f32,
    /// The chunk's voices add into `dry` (`leslie` is on, or the orbit ducked, somewhere in the
    /// chunk).
    pub(super) dry_bus: bool,
    /// The orbit is ducked somewhere in the chunk (`gain` holds its gain).
    ducking: bool,
    /// Some voice of this chunk sends, or the tails still ring: the sends are rendered.
    pub(super) sending: bool,
    /// The orbit plays SuperDirt's delay (`SwitchDelay`, [`dsp::delay::Delay::process_switch`]):
    /// its events are Tidal's (`SoundStage::Dirt`).
    dirt: bool,
}

impl Orbit {
    pub(super) fn new(sample_rate: f32) -> Orbit {
        Orbit {
            delay: dsp::delay::Delay::new(sample_rate),
            reverb: dsp::reverb::Reverb::new(sample_rate),
            dirt_reverb: dsp::dirt_reverb::DirtReverb::new(sample_rate),
            leslie: dsp::leslie::Leslie::new(sample_rate),
            send: std::array::from_fn(|_| vec![0.0; CHUNK]),
            wet: std::array::from_fn(|_| vec![0.0; CHUNK]),
            dry: std::array::from_fn(|_| vec![0.0; CHUNK]),
            duck: dsp::dough_duck::Duck::new(sample_rate),
            ducks: [(0, dsp::dough_duck::DuckParams::default()); MAX_CHANGES],
            n_ducks: 0,
            gain: vec![1.0; CHUNK],
            now: Settings::DEFAULT,
            latest: Settings::DEFAULT,
            changes: [(0, Settings::DEFAULT); MAX_CHANGES],
            n_changes: 0,
            ringing: 0,
            sample_rate,
            dry_bus: false,
            ducking: false,
            sending: false,
            dirt: false,
        }
    }

    /// Takes the effect settings of an event of this orbit starting at sample `offset` of the
    /// chunk (events come in onset order).
    pub(super) fn update(
        &mut self,
        v: Value,
        offset: usize,
        cps: f64,
        stage: crate::lang::SoundStage,
    ) {
        self.dirt = stage == crate::lang::SoundStage::Dirt;
        let next = match stage {
            crate::lang::SoundStage::Dirt => self.latest.with(v, cps),
            crate::lang::SoundStage::Dough => self.latest.with_dough(v, cps),
        };
        if next == self.latest {
            return;
        }
        self.latest = next;
        if self.n_changes < MAX_CHANGES {
            self.changes[self.n_changes] = (offset, next);
            self.n_changes += 1;
        } else {
            self.changes[MAX_CHANGES - 1].1 = next;
        }
    }

    /// A duck of this orbit from sample `offset` of the chunk (an event with `duckorbit`,
    /// whichever orbit it plays in; ducks come in onset order, further ones in a full chunk
    /// are dropped).
    pub(super) fn duck(&mut self, offset: usize, p: dsp::dough_duck::DuckParams) {
        if self.n_ducks < MAX_CHANGES {
            self.ducks[self.n_ducks] = (offset, p);
            self.n_ducks += 1;
        }
    }

    /// Prepares a chunk of `n` samples: `sending` when a voice sends (or tails ring), with the
    /// send buffers cleared; the orbit's gain when it is ducked; the dry buffers cleared while
    /// `leslie` is on or the orbit is ducked.
    pub(super) fn begin(&mut self, n: usize, voice_sends: bool) {
        self.sending = voice_sends || self.ringing > 0;
        if self.sending {
            for b in self.send.iter_mut() {
                b[..n].fill(0.0);
            }
        }
        self.ducking = !self.duck.idle() || self.n_ducks > 0;
        if self.ducking {
            let mut a = 0;
            for &(at, p) in &self.ducks[..self.n_ducks] {
                let at = at.min(n);
                self.duck.process(&mut self.gain[a..at]);
                self.duck.trigger(p);
                a = at;
            }
            self.duck.process(&mut self.gain[a..n]);
            self.n_ducks = 0;
        }
        self.dry_bus = self.now.leslie_on || self.latest.leslie_on || self.ducking;
        if self.dry_bus {
            for b in self.dry.iter_mut() {
                b[..n].fill(0.0);
            }
        }
    }

    /// Adds the orbit's output into `l`/`r`: its dry signal through `leslie` (SuperDirt's
    /// orbit runs `dirt_leslie` after the delay and reverb have read the dry bus, so the sends
    /// are of the dry voices), then the delay's and the reverb's.
    pub(super) fn finish(&mut self, n: usize, l: &mut [f32], r: &mut [f32]) {
        if self.dry_bus {
            let gain: &[f32] = if self.ducking { &self.gain } else { &[] };
            let (leslie, dry) = (&mut self.leslie, &mut self.dry);
            segments(
                self.now,
                &self.changes[..self.n_changes],
                0,
                n,
                |a, b, s| {
                    let [dl, dr] = dry;
                    if s.leslie_on {
                        leslie.process(s.leslie, &mut dl[a..b], &mut dr[a..b]);
                    }
                    for i in a..b {
                        let g = gain.get(i).copied().unwrap_or(1.0);
                        l[i] += dl[i] * g;
                        r[i] += dr[i] * g;
                    }
                },
            );
        }
        if self.sending {
            self.process(n, l, r);
        }
        self.now = self.latest;
        self.n_changes = 0;
    }

    /// Runs the effects over the send buffers and adds their output into `l`/`r`. They run
    /// from the first sample with a send until `TAIL_SECONDS` after the last one, counted in
    /// samples, so they start and stop on the same sample however the blocks are cut.
    fn process(&mut self, n: usize, l: &mut [f32], r: &mut [f32]) {
        const TAIL_SECONDS: f32 = 8.0;
        let nonzero = |j: usize| self.send.iter().any(|b| b[j] != 0.0);
        let first = (0..n).find(|&j| nonzero(j));
        let (from, to) = match first {
            // Sends in this chunk: ringing on to its end (the tail is longer than a chunk).
            Some(f) => (if self.ringing > 0 { 0 } else { f }, n),
            None if self.ringing == 0 => return,
            None => (0, (self.ringing as usize).min(n)),
        };
        self.ringing = match first {
            Some(_) => {
                let last = (0..n).rev().find(|&j| nonzero(j)).unwrap_or(n - 1);
                ((self.sample_rate * TAIL_SECONDS) as u32).saturating_sub((n - 1 - last) as u32)
            }
            None => self.ringing - (to - from) as u32,
        };
        let (delay, reverb, dirt_reverb, send, wet, dirt) = (
            &mut self.delay,
            &mut self.reverb,
            &mut self.dirt_reverb,
            &self.send,
            &mut self.wet,
            self.dirt,
        );
        let gain: &[f32] = if self.ducking { &self.gain } else { &[] };
        let g = |i: usize| gain.get(i).copied().unwrap_or(1.0);
        let changes = &self.changes[..self.n_changes];
        segments(self.now, changes, from, to, |a, b, s| {
            let [dl, dr, rl, rr] = send;
            let [wl, wr] = wet;
            let (wl, wr) = (&mut wl[a..b], &mut wr[a..b]);
            if dirt {
                // SuperDirt's `dirt_delay`: its output holds the send itself (`SwitchDelay`'s
                // dry level 1) besides the echoes.
                delay.process_switch(
                    [&dl[a..b], &dr[a..b]],
                    s.delay_time_s,
                    s.delay_feedback,
                    [&mut *wl, &mut *wr],
                );
            } else {
                delay.process(
                    &dl[a..b],
                    &dr[a..b],
                    &[s.delay_time_s],
                    &[s.delay_feedback],
                    wl,
                    wr,
                );
            }
            for i in 0..b - a {
                l[a + i] += wl[i] * g(a + i);
                r[a + i] += wr[i] * g(a + i);
            }
            if dirt {
                let size = s.room_size.unwrap_or(dsp::dirt_reverb::DEFAULT_SIZE);
                dirt_reverb.process(&rl[a..b], &rr[a..b], size, wl, wr);
            } else {
                let size = s.room_size.unwrap_or(DOUGH_ROOM_SIZE);
                reverb.process(&rl[a..b], &rr[a..b], size, 0.5, wl, wr);
            }
            let wet_gain = 1.0 - s.reverb_dry;
            for i in 0..b - a {
                l[a + i] += wl[i] * wet_gain * g(a + i);
                r[a + i] += wr[i] * wet_gain * g(a + i);
            }
        });
    }
}
