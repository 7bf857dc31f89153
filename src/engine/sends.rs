//! A voice node's output effects: SuperDirt's orbits (`classes/DirtOrbit.sc`), each with its
//! own delay, reverb and `leslie` ([`Orbit`]), within the node's output; and the rendering of
//! the node's voices through them. `# orbit n` picks one of [`ORBITS`], wrapped as SuperDirt's
//! `orbits @@ n`. An orbit's effects are allocated when the program compiles, for the orbits
//! its events reach in their first [`PROBE_CYCLES`] cycles (orbit 0 always); an event whose
//! orbit was not reached then plays in orbit 0 and is counted
//! ([`super::EngineStats::orbit_fallbacks`]).

use super::graph::{Fading, STEAL_FADE};
use super::orbit::Orbit;
use super::voice::{SendBufs, Voice};
use super::voice_lanes::Lane;
use crate::dsp::dough_duck::DuckParams;
use crate::pattern::{Pattern, Sym, Value};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

/// Orbits an output has (SuperDirt's default startup makes 12).
pub const ORBITS: usize = 12;
/// Cycles of a voice pattern read at compile time for the orbits it uses.
pub const PROBE_CYCLES: i64 = 16;

/// Renders a voice node's voices (and their stolen, fading ones) into `l`/`r`, through their
/// orbits' effects.
pub(super) fn render_voice_node(
    voices: &mut VecDeque<Voice>,
    fx: &mut Sends,
    l: &mut [f32],
    r: &mut [f32],
    lanes: Option<crate::dsp::lanes::Isa>,
) {
    let n = l.len();
    l.fill(0.0);
    r.fill(0.0);
    let mut sends = [false; ORBITS];
    for v in voices.iter() {
        if v.sends != [0.0, 0.0] {
            sends[v.orbit as usize % ORBITS] = true;
        }
    }
    for (k, o) in fx.orbits.iter_mut().enumerate() {
        if let Some(o) = o {
            o.begin(n, sends[k]);
        }
    }
    // Trigger order is kept, so the mix sums identically for any block size.
    let orbits = &mut fx.orbits;
    let one = |v: &mut Voice, lane: Option<Lane>| {
        let src = match lane {
            Some(Lane::Source(x)) => Some((x, None)),
            Some(Lane::Stereo(x, y)) => Some((x, Some(y))),
            _ => None,
        };
        let Some(o) = orbits[v.orbit as usize % ORBITS].as_deref_mut() else {
            return match lane {
                Some(Lane::Mixed(x)) => {
                    v.mix_lane(x, l, r);
                    true
                }
                _ => v.render_from(src, l, r, None),
            };
        };
        let Orbit {
            send,
            dry,
            dry_bus,
            sending,
            ..
        } = o;
        let (dl, dr) = if *dry_bus {
            let [a, b] = dry;
            (&mut a[..n], &mut b[..n])
        } else {
            (&mut *l, &mut *r)
        };
        if let Some(Lane::Mixed(x)) = lane {
            v.mix_lane(x, dl, dr);
            return true;
        }
        if *sending {
            let [sdl, sdr, srl, srr] = send;
            let mut bufs = SendBufs {
                delay: [&mut sdl[..n], &mut sdr[..n]],
                room: [&mut srl[..n], &mut srr[..n]],
            };
            v.render_from(src, dl, dr, Some(&mut bufs))
        } else {
            v.render_from(src, dl, dr, None)
        }
    };
    super::voice_lanes::render_voices(voices, lanes, &mut fx.lanes, n, one);
    fx.fading.retain_mut(|f| {
        let m = (f.left as usize).min(n);
        let alive = f
            .voice
            .render_faded(&mut l[..m], &mut r[..m], f.left, STEAL_FADE);
        f.left -= m as u32;
        alive && f.left > 0
    });
    for o in fx.orbits.iter_mut().flatten() {
        o.finish(n, l, r);
    }
}

/// A voice node's orbits and its stolen voices.
pub struct Sends {
    /// By orbit number; `None` for an orbit the program does not reach.
    orbits: [Option<Box<Orbit>>; ORBITS],
    /// The node's stolen voices, fading out.
    pub(super) fading: Vec<Fading>,
    /// Buffers of the voices rendered in SIMD lanes.
    lanes: crate::dsp::zeroed::ZeroedBox<super::voice_lanes::LaneScratch>,
}

impl Sends {
    /// Records where the node's voice ring keeps its buffer (`voice_lanes.rs`' `settle`).
    pub fn set_ring(&mut self, voices: &std::collections::VecDeque<super::voice::Voice>) {
        self.lanes.set_ring(voices);
    }

    /// The effects of orbit 0 and of every orbit `pattern`'s events reach in their first
    /// [`PROBE_CYCLES`] cycles (off the audio thread).
    pub(super) fn new(sample_rate: f32, pattern: &Pattern) -> Sends {
        let mut used = [false; ORBITS];
        used[0] = true;
        crate::lang::value::probe(pattern, PROBE_CYCLES, |haps| {
            for h in haps.iter() {
                if let Some(k) = orbit_number(h.value) {
                    used[k] = true;
                }
            }
        });
        Sends {
            orbits: std::array::from_fn(|k| used[k].then(|| Box::new(Orbit::new(sample_rate)))),
            fading: Vec::with_capacity(64),
            lanes: super::voice_lanes::LaneScratch::new(),
        }
    }

    /// The orbit an event plays in: its `orbit` (SuperDirt's wrap), or 0 when that orbit's
    /// effects were not allocated (counted in `fallbacks`).
    pub(super) fn orbit_of(&self, v: Value, fallbacks: &AtomicU64) -> u8 {
        match orbit_number(v) {
            Some(k) if self.orbits[k].is_some() => k as u8,
            Some(_) => {
                fallbacks.fetch_add(1, Ordering::Relaxed);
                0
            }
            None => 0,
        }
    }

    /// Takes the effect settings an event carries, for its orbit, from sample `offset` of the
    /// chunk on.
    pub(super) fn update(
        &mut self,
        v: Value,
        orbit: u8,
        offset: usize,
        cps: f64,
        stage: crate::lang::SoundStage,
    ) {
        if let Some(o) = self.orbits[orbit as usize % ORBITS].as_deref_mut() {
            o.update(v, offset, cps, stage);
        }
    }
}

impl Sends {
    /// Ducks this node's orbit `k` (wrapped) from sample `offset` of the chunk, when the node
    /// plays in it.
    pub(super) fn duck(&mut self, k: usize, offset: usize, p: DuckParams) {
        if let Some(o) = self.orbits[k % ORBITS].as_deref_mut() {
            o.duck(offset, p);
        }
    }
}

/// The ducks an event asks for under superdough's stage: each orbit of its `duckorbit` (a
/// number or a `:` list) with the matching element of `duckonset`, `duckattack` and
/// `duckdepth` (or their first, as `superdoughoutput.mjs`'s `duck`).
pub(super) fn ducks(v: Value, mut f: impl FnMut(usize, DuckParams)) {
    const ORBIT: Sym = Sym(crate::pattern::control_table::index("duckorbit"));
    const ONSET: Sym = Sym(crate::pattern::control_table::index("duckonset"));
    const ATTACK: Sym = Sym(crate::pattern::control_table::index("duckattack"));
    const DEPTH: Sym = Sym(crate::pattern::control_table::index("duckdepth"));
    let nth = |key: Sym, i: usize| -> Option<f64> {
        match v.get(key)? {
            Value::Num(x) => Some(x),
            Value::List(xs) => xs.get(i).or(xs.first()).and_then(|x| x.as_num()),
            _ => None,
        }
        .filter(|x| x.is_finite())
    };
    let count = match v.get(ORBIT) {
        Some(Value::List(xs)) => xs.len(),
        Some(_) => 1,
        None => return,
    };
    let d = DuckParams::default();
    for i in 0..count.min(ORBITS) {
        let Some(k) = nth(ORBIT, i) else { continue };
        f(
            (k.trunc() as i64).rem_euclid(ORBITS as i64) as usize,
            DuckParams {
                onset_s: nth(ONSET, i).map_or(d.onset_s, |x| x as f32),
                attack_s: nth(ATTACK, i).map_or(d.attack_s, |x| x as f32),
                depth: nth(DEPTH, i).map_or(d.depth, |x| x as f32),
            },
        );
    }
}

/// An event's `orbit`, wrapped into `0..ORBITS` (`orbits @@ index`; SuperDirt truncates it to
/// an integer index).
fn orbit_number(v: Value) -> Option<usize> {
    let x = v.get_num(Sym::ORBIT).filter(|x| x.is_finite())?;
    Some((x.trunc() as i64).rem_euclid(ORBITS as i64) as usize)
}
