//! A voice node's output effects: SuperDirt's per-orbit delay and reverb (here one set per
//! voice node), fed by each voice's `# delay` and `# room` sends, and its `leslie` on the dry
//! signal; and the rendering of a voice node's voices through them.

use super::graph::{Fading, CHUNK, STEAL_FADE};
use super::voice::{SendBufs, Voice};
use crate::dsp;
use crate::pattern::{Sym, Value};
use std::collections::VecDeque;

/// Renders a voice node's voices (and their stolen, fading ones) into `l`/`r`, through its sends.
pub(super) fn render_voice_node(
    voices: &mut VecDeque<Voice>,
    fx: &mut Sends,
    l: &mut [f32],
    r: &mut [f32],
) {
    let n = l.len();
    l.fill(0.0);
    r.fill(0.0);
    let used = fx.ringing > 0 || voices.iter().any(|v| v.sends[0] > 0.0 || v.sends[1] > 0.0);
    if used {
        let send = &mut fx.send;
        for b in send.iter_mut() {
            b[..n].fill(0.0);
        }
        let [dl, dr, rl, rr] = send;
        let mut bufs = SendBufs {
            delay: [&mut dl[..n], &mut dr[..n]],
            room: [&mut rl[..n], &mut rr[..n]],
        };
        // Trigger order is kept, so the mix sums identically for any block size.
        voices.retain_mut(|v| v.render_with_sends(l, r, Some(&mut bufs)));
    } else {
        voices.retain_mut(|v| v.render(l, r));
    }
    fx.fading.retain_mut(|f| {
        let m = (f.left as usize).min(n);
        let alive = f
            .voice
            .render_faded(&mut l[..m], &mut r[..m], f.left, STEAL_FADE);
        f.left -= m as u32;
        alive && f.left > 0
    });
    // SuperDirt's orbit runs `dirt_leslie` on its dry signal after the delay and reverb have
    // read it (`DirtOrbit.initNodeTree`'s order), so the sends above are the dry voices.
    if fx.leslie_on {
        fx.leslie.process(fx.leslie_params, l, r);
    }
    if used {
        fx.process(n, l, r);
    }
}

/// A voice node's output effects (SuperDirt's per-orbit delay and reverb, here one set per
/// voice node): voices send into them with `# delay` and `# room`; the latest event's
/// `delaytime`, `delayfeedback`, `size` and `dry` set them.
pub struct Sends {
    pub(super) delay: dsp::delay::Delay,
    pub(super) reverb: dsp::reverb::Reverb,
    /// Send buffers: delay L/R, reverb L/R.
    pub(super) send: [Vec<f32>; 4],
    pub(super) wet: [Vec<f32>; 2],
    pub(super) delay_time_s: f32,
    pub(super) delay_feedback: f32,
    pub(super) room_size: f32,
    /// SuperDirt's `dry` (0..1, default 0): the reverb's output is scaled by `1 - dry`, as
    /// `dirt_verb` does (1: the send plays no reverb). Set by the latest event carrying it.
    pub(super) reverb_dry: f32,
    /// Samples left to render after the last send, so tails ring out (then the effects idle).
    pub(super) ringing: u32,
    pub(super) sample_rate: f32,
    /// The node's stolen voices, fading out.
    pub(super) fading: Vec<Fading>,
    /// SuperDirt's `leslie` (a global effect of the orbit): off until an event sets `leslie`,
    /// `lrate` or `lsize` (`GlobalDirtEffect` resumes its synth then), then on with the latest
    /// value of each (SuperDirt's defaults for those never set).
    pub(super) leslie: dsp::leslie::Leslie,
    pub(super) leslie_params: dsp::leslie::LeslieParams,
    pub(super) leslie_on: bool,
}

impl Sends {
    pub(super) fn new(sample_rate: f32) -> Sends {
        Sends {
            delay: dsp::delay::Delay::new(sample_rate),
            reverb: dsp::reverb::Reverb::new(sample_rate),
            send: std::array::from_fn(|_| vec![0.0; CHUNK]),
            wet: std::array::from_fn(|_| vec![0.0; CHUNK]),
            delay_time_s: 0.25,
            delay_feedback: 0.5,
            room_size: 0.5,
            reverb_dry: 0.0,
            ringing: 0,
            sample_rate,
            fading: Vec::with_capacity(64),
            leslie: dsp::leslie::Leslie::new(sample_rate),
            leslie_params: dsp::leslie::LeslieParams::default(),
            leslie_on: false,
        }
    }

    /// Takes the effect settings an event carries.
    pub(super) fn update(&mut self, v: Value) {
        if let Some(x) = v.get_num(Sym::DELAYTIME).filter(|x| x.is_finite()) {
            self.delay_time_s = x.clamp(0.0, 4.0) as f32;
        }
        if let Some(x) = v.get_num(Sym::DELAYFEEDBACK).filter(|x| x.is_finite()) {
            self.delay_feedback = x.clamp(0.0, 0.98) as f32;
        }
        if let Some(x) = v.get_num(Sym::SIZE).filter(|x| x.is_finite()) {
            self.room_size = x.clamp(0.0, 1.0) as f32;
        }
        if let Some(x) = v.get_num(Sym::DRY).filter(|x| x.is_finite()) {
            self.reverb_dry = x.clamp(0.0, 1.0) as f32;
        }
        let p = &mut self.leslie_params;
        for (key, slot) in [
            (Sym::LESLIE, &mut p.leslie),
            (Sym::LRATE, &mut p.lrate),
            (Sym::LSIZE, &mut p.lsize),
        ] {
            if let Some(x) = v.get_num(key).filter(|x| x.is_finite()) {
                *slot = x as f32;
                self.leslie_on = true;
            }
        }
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
        let [dl, dr, rl, rr] = &self.send;
        let [wl, wr] = &mut self.wet;
        let (l, r) = (&mut l[from..to], &mut r[from..to]);
        let (wl, wr) = (&mut wl[from..to], &mut wr[from..to]);
        self.delay.process(
            &dl[from..to],
            &dr[from..to],
            &[self.delay_time_s],
            &[self.delay_feedback],
            wl,
            wr,
        );
        for i in 0..l.len() {
            l[i] += wl[i];
            r[i] += wr[i];
        }
        self.reverb
            .process(&rl[from..to], &rr[from..to], self.room_size, 0.5, wl, wr);
        let wet = 1.0 - self.reverb_dry;
        for i in 0..l.len() {
            l[i] += wl[i] * wet;
            r[i] += wr[i] * wet;
        }
    }
}
