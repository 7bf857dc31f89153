//! Voices of one kind rendered together in SIMD lanes (`engine/voice_lanes.rs`, kernels in
//! `dsp/lanes.rs`) give exactly the samples of rendering each voice on its own: the kernels
//! against `Osc` and `Svf` lane by lane (portable and AVX2 builds, a lane that turns
//! non-finite), and whole programs rendered by the engine with lanes off, portable and native,
//! at block sizes 1, 64, 333, 512 and random ones; SuperDirt supersaws (`engine/dirt_lanes.rs`)
//! with pitch glides, filters, sends, pans and `shape` in the same programs; SuperDirt
//! superpianos (`dsp/piano_lanes.rs`) against `MdaPiano` lane by lane, and in programs with
//! `speed`, `accelerate`, `pan`, `velocity`, effects and sends.

use phonon::dsp::filter::{Mode, Svf};
use phonon::dsp::lanes::{self, Isa, SvfLanes, L32, LANES};
use phonon::dsp::mda_piano::{MdaParams, MdaPiano};
use phonon::dsp::osc::{Osc, Wave};
use phonon::dsp::piano_lanes::{self, PianoLanes, MAX_STRETCH};
use phonon::dsp::supersaw_lanes;
use phonon::engine::dirt_lanes::{PIANO_LANE_CHUNKS, SUPERSAW_LANE_CHUNKS};
use phonon::engine::voice_lanes::LANE_VOICE_CHUNKS;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use rand::{Rng, SeedableRng};
use std::sync::atomic::Ordering;
use std::sync::Arc;

const SR: f32 = 44100.0;
const N: usize = 256;

fn isas() -> Vec<Isa> {
    let mut v = vec![Isa::Portable];
    if Isa::detect() != Isa::Portable {
        v.push(Isa::detect());
    }
    v
}

#[test]
fn saw_lanes_are_osc_saws() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    for isa in isas() {
        for with_env in [false, true] {
            // Lane oscillators at random pitches (up to near Nyquist, and 0 Hz), each advanced
            // to a random phase.
            let mut oscs: Vec<(Osc, f32)> = (0..LANES)
                .map(|j| {
                    let f = match j {
                        0 => 0.0,
                        1 => 21_000.0,
                        _ => rng.gen_range(20.0..8000.0),
                    };
                    let mut o = Osc::new(SR);
                    let mut skip = vec![0.0; rng.gen_range(0..500)];
                    o.process(Wave::Saw, &[f], &[], &mut skip);
                    (o, f)
                })
                .collect();
            let (mut phase, mut dt) = ([0.0; LANES], [0.0; LANES]);
            for (j, (o, f)) in oscs.iter().enumerate() {
                (phase[j], dt[j]) = o.saw_lane(*f);
            }
            let env: Vec<L32> = (0..N)
                .map(|_| std::array::from_fn(|_| rng.gen_range(0.0..1.0)))
                .collect();
            let mut out = vec![[0.0f32; LANES]; N];
            let e = with_env.then_some(&env[..]);
            lanes::saw(isa, &mut phase, &dt, e, &mut out);
            for (j, (o, f)) in oscs.iter_mut().enumerate() {
                let mut want = vec![0.0f32; N];
                o.process(Wave::Saw, &[*f], &[], &mut want);
                for i in 0..N {
                    let w = if with_env {
                        want[i] * env[i][j]
                    } else {
                        want[i]
                    };
                    assert_eq!(
                        out[i][j].to_bits(),
                        w.to_bits(),
                        "{isa:?} env {with_env} lane {j} sample {i}"
                    );
                }
                assert_eq!(o.saw_lane(*f).0, phase[j], "{isa:?} lane {j} phase");
            }
        }
    }
}

#[test]
fn svf_lanes_are_svfs() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    for isa in isas() {
        for mode in [Mode::Lowpass, Mode::Highpass, Mode::Bandpass, Mode::Notch] {
            let params: Vec<(f32, f32, f32)> = (0..LANES)
                .map(|_| {
                    let gain = if rng.gen_bool(0.5) { 1.0 } else { 3.5 };
                    (rng.gen_range(20.0..20000.0), rng.gen_range(0.5..30.0), gain)
                })
                .collect();
            // Inputs with the odd NaN, infinity and huge value (sanitized as `Svf` does).
            let x: Vec<L32> = (0..N)
                .map(|i| {
                    std::array::from_fn(|j| match (i, j) {
                        (17, 2) => f32::NAN,
                        (40, 3) => f32::INFINITY,
                        (41, 4) => 1.0e9,
                        _ => rng.gen_range(-1.0..1.0),
                    })
                })
                .collect();
            let mut svfs: Vec<Svf> = (0..LANES).map(|_| Svf::new(SR)).collect();
            // Warm each filter up (a state that is not zero).
            for (s, (c, q, _)) in svfs.iter_mut().zip(&params) {
                let warm: Vec<f32> = (0..100).map(|_| rng.gen_range(-1.0..1.0)).collect();
                s.process(mode, &warm, &[*c], &[*q], &mut vec![0.0; 100]);
            }
            let mut st = SvfLanes::default();
            for (j, (s, (c, q, g))) in svfs.iter_mut().zip(&params).enumerate() {
                let (a, k, ic1, ic2) = s.steady_parts(*c, *q);
                for (row, c) in st.a.iter_mut().zip(a) {
                    row[j] = c;
                }
                (st.k[j], st.ic1[j], st.ic2[j], st.gain[j]) = (k, ic1, ic2, *g);
            }
            // Lane 6 starts from a broken state: it is reported, the others are not.
            st.ic1[6] = f32::INFINITY;
            let mut y = vec![[0.0f32; LANES]; N];
            let bad = lanes::svf(isa, mode, &mut st, &x, &mut y);
            assert_eq!(bad, 1 << 6, "{isa:?} {mode:?}");
            for (j, (s, (c, q, g))) in svfs.iter_mut().zip(&params).enumerate() {
                if j == 6 {
                    continue;
                }
                let col: Vec<f32> = x.iter().map(|r| r[j]).collect();
                let mut want = vec![0.0f32; N];
                s.process(mode, &col, &[*c], &[*q], &mut want);
                for i in 0..N {
                    assert_eq!(
                        y[i][j].to_bits(),
                        (want[i] * g).to_bits(),
                        "{isa:?} {mode:?} lane {j} sample {i}"
                    );
                }
                let (_, _, ic1, ic2) = s.steady_parts(*c, *q);
                assert_eq!((st.ic1[j], st.ic2[j]), (ic1, ic2));
            }
        }
    }
}

#[test]
fn transpose_lanes() {
    for isa in isas() {
        for n in [1, 7, 8, 100, 256] {
            let x: Vec<L32> = (0..n)
                .map(|i| std::array::from_fn(|j| (i * 10 + j) as f32))
                .collect();
            let mut out = [[0.0f32; phonon::dsp::CHUNK]; LANES];
            lanes::transpose(isa, &x, &mut out);
            for i in 0..n {
                for j in 0..LANES {
                    assert_eq!(out[j][i], x[i][j], "{isa:?} n {n}");
                }
            }
        }
    }
}

#[test]
fn supersaw_tanh_is_tanh() {
    // Within 4 ulp of the platform's tanh from 1e-12 to 25, both signs, and exact at 0.
    let mut x = 1.0e-12f64;
    while x < 25.0 {
        for v in [x, -x] {
            let (got, want) = (supersaw_lanes::tanh(v), v.tanh());
            let ulp = f64::EPSILON * want.abs();
            assert!((got - want).abs() <= 4.0 * ulp, "{v}: {got} against {want}");
        }
        x *= 1.0007;
    }
    assert_eq!(supersaw_lanes::tanh(0.0).to_bits(), 0.0f64.to_bits());
    assert_eq!(supersaw_lanes::tanh(1.0e6), 1.0);
}

/// Plain saws with each filter slot, attacks and releases (envelopes in lanes), voices that
/// cannot use lanes in between (`shape`, sends, other synths), a bigger node than one group.
const PROGRAM: &str = "cps: 0.8
o1 $ s \"saw*8\" # note \"0 7 12 -5 3 10 -12 19\" # legato 4 # lpf \"800 2000 300\" # resonance \"0.2 0.5\"
o2 $ s \"saw*4 sine\" # note \"-7 5\" # legato 2 # hpf 400 # lpf 3000 # attack 0.05 # release 0.3 # pan \"0 0.7\"
o3 $ s \"saw*6\" # n \"0 3\" # bandf 900 # bandq 4 # legato 3 # gain 0.9
o4 $ s \"saw*5 [saw saw:1]\" # note \"2 -3\" # shape \"0 0.3\" # legato 2 # hpf \"200 0\"
o5 $ s \"saw*3 supersaw saw\" # legato 2 # lpf 1200 # room \"0 0.2\"
o6 $ s \"saw*16\" # note \"-11 -4 1 8\" # legato 16 # lpf \"500 3850\" # resonance 0.3 # gain 0.05
o7 $ s \"supersaw*12\" # note \"0 7 -12 5 -24 19\" # legato 6 # lpf \"2000 0\" # room \"0 0.3\" # pan \"0 0.3 1\"
o8 $ s \"supersaw*3 [supersaw superpiano]\" # note \"-5 3\" # accelerate \"-0.5 0.3 0\" # voice \"0.2 0.9\" # resonance \"0.6 0.1\" # decay 0.4 # semitone 7 # legato 2 # shape \"0 0.2\" # delay \"0.2 0\"";

fn render(lanes: Option<Isa>, block: impl FnMut() -> usize) -> (Vec<f32>, Vec<f32>) {
    render_program(PROGRAM, lanes, block)
}

fn render_program(
    program: &str,
    lanes: Option<Isa>,
    mut block: impl FnMut() -> usize,
) -> (Vec<f32>, Vec<f32>) {
    let lib = Library::with_kit(SR);
    let mut engine = Engine::new(SR as f64, Arc::new(Handoff::new()));
    engine.voice_lanes = lanes;
    engine.set_program(LoadedProgram::compile(program, &lib, 4.0).unwrap());
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let total = 4 * SR as usize;
    let (mut l, mut r) = (vec![0.0f32; total], vec![0.0f32; total]);
    let mut at = 0;
    while at < total {
        let n = block().min(total - at);
        engine.process(input, &mut l[at..at + n], &mut r[at..at + n]);
        at += n;
    }
    (l, r)
}

#[test]
fn lanes_render_the_voice_by_voice_samples_at_every_block_size() {
    let reference = render(None, || 512);
    assert!(reference.0.iter().any(|x| x.abs() > 0.01));
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    for isa in isas() {
        for bs in [1usize, 64, 333, 512, 0] {
            let before = LANE_VOICE_CHUNKS.load(Ordering::Relaxed);
            let before_dirt = SUPERSAW_LANE_CHUNKS.load(Ordering::Relaxed);
            let got = if bs == 0 {
                render(Some(isa), || rng.gen_range(1..700))
            } else {
                render(Some(isa), || bs)
            };
            assert!(
                LANE_VOICE_CHUNKS.load(Ordering::Relaxed) > before + 1000,
                "{isa:?} {bs}: the lanes were not used"
            );
            assert!(
                SUPERSAW_LANE_CHUNKS.load(Ordering::Relaxed) > before_dirt + 200,
                "{isa:?} {bs}: the supersaw lanes were not used"
            );
            let first = got.0.iter().zip(&reference.0).position(|(a, b)| a != b);
            assert!(
                got == reference,
                "{isa:?} block {bs}: first difference at {first:?}"
            );
        }
    }
}

#[test]
fn piano_lanes_are_mda_pianos() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(13);
    for isa in isas() {
        for sr in [44100.0f32, 96000.0] {
            // Notes over the keyboard (the lowest and highest key groups, velocities and
            // stereo widths at random), each struck and advanced a random number of samples.
            let params: Vec<MdaParams> = (0..LANES)
                .map(|j| MdaParams {
                    freq: match j {
                        0 => 30.0,
                        1 => 8000.0,
                        _ => rng.gen_range(40.0..3000.0),
                    },
                    vel: rng.gen_range(10.0..127.0),
                    stereo: rng.gen_range(0.0..1.0),
                    decay: rng.gen_range(0.0..1.0),
                    ..MdaParams::default()
                })
                .collect();
            let mut lanes_side: Vec<MdaPiano> =
                params.iter().map(|p| MdaPiano::new(p, sr)).collect();
            let mut scalar: Vec<MdaPiano> = params.iter().map(|p| MdaPiano::new(p, sr)).collect();
            for (a, b) in lanes_side.iter_mut().zip(&mut scalar) {
                let skip = rng.gen_range(0..20_000);
                for _ in 0..skip {
                    a.tick();
                    b.tick();
                }
            }
            let mut st = PianoLanes::default();
            for (j, m) in lanes_side.iter().enumerate() {
                assert!(m.lane_safe(), "{sr} lane {j}");
                m.lane_load(&mut st, j);
                st.to[j] = rng.gen_range(0.0..1.0);
            }
            // Chunks of random lengths, each in stretches of random lengths, each lane's ramp
            // from a random place in its block to random levels at the blocks within the chunk.
            let mut done = 0;
            while done < 3000 {
                let chunk = rng.gen_range(1..=phonon::dsp::CHUNK);
                let mut ramp = Vec::new();
                for j in 0..LANES {
                    st.from[j] = st.to[j];
                    st.to[j] = rng.gen_range(0.0..1.0);
                    st.k[j] = rng.gen_range(0..64) as f64;
                    st.next[j] = 0;
                    st.next_to[j] = std::array::from_fn(|_| rng.gen_range(0.0..1.0));
                    // The scalar side's envelope, as `pan_ramp` of each block.
                    let (mut from, mut to, mut k, mut b) = (st.from[j], st.to[j], st.k[j], 0);
                    let col: Vec<f64> = (0..chunk)
                        .map(|_| {
                            let e = from + (to - from) * k / 64.0;
                            k += 1.0;
                            if k == 64.0 {
                                (from, to, k) = (to, st.next_to[j][b], 0.0);
                                b += 1;
                            }
                            e
                        })
                        .collect();
                    ramp.push(col);
                }
                let mut at = 0;
                while at < chunk {
                    let m = rng.gen_range(1..=MAX_STRETCH).min(chunk - at);
                    let mut cin = [[0.0f32; MAX_STRETCH]; LANES];
                    let mut cout = vec![[0.0f32; LANES]; m];
                    for (j, p) in lanes_side.iter().enumerate() {
                        p.comb_read(&mut cin[j][..m]);
                    }
                    let (mut l, mut r) = (vec![[0.0f32; LANES]; m], vec![[0.0f32; LANES]; m]);
                    piano_lanes::render(isa, &mut st, &cin, &mut cout, &mut l, &mut r);
                    for (j, p) in lanes_side.iter_mut().enumerate() {
                        let col: Vec<f32> = cout.iter().map(|row| row[j]).collect();
                        p.comb_write(&col);
                        p.lane_store(&st, j);
                    }
                    for (j, p) in scalar.iter_mut().enumerate() {
                        for i in 0..m {
                            let (a, b) = p.sample(ramp[j][at + i]);
                            assert_eq!(
                                (l[i][j].to_bits(), r[i][j].to_bits()),
                                (a.to_bits(), b.to_bits()),
                                "{isa:?} {sr} lane {j} sample {}",
                                done + at + i
                            );
                        }
                    }
                    at += m;
                }
                done += chunk;
            }
            // The state taken back is the scalar note's: both go on alike.
            for (a, b) in lanes_side.iter_mut().zip(&mut scalar) {
                for _ in 0..300 {
                    assert_eq!(a.tick(), b.tick());
                }
            }
        }
    }
}

/// Superpianos over the keyboard with `speed`, `accelerate`, `pan`, `velocity`, effects and
/// sends, overlapping supersaws and plain saws, more than one group of lanes.
const PIANO_PROGRAM: &str = "cps: 0.7
o1 $ s \"superpiano*8\" # note \"0 7 -12 24 5 -24 31 12\" # speed \"1 2 0.5 -1\" # accelerate \"0 -0.5 0.3\" # pan \"0 0.3 1 0.7\" # velocity \"1 0.4 0.8\" # legato 3
o2 $ s \"superpiano*4 [superpiano supersaw]\" # note \"-5 3 48 -36\" # velocity \"0.2 1.5\" # pan \"0.5 0.1\" # legato \"1 6\" # shape \"0 0.3\" # room \"0 0.2\" # lpf \"0 2000\"
o3 $ s \"superpiano*16\" # n \"0 3 7 10\" # legato 8 # gain 0.7 # delay \"0 0.3\" # pan sine
o4 $ s \"saw*4 superpiano\" # note \"-7 5\" # legato 2 # lpf 3000";

#[test]
fn piano_lanes_render_the_voice_by_voice_samples_at_every_block_size() {
    let reference = render_program(PIANO_PROGRAM, None, || 512);
    assert!(reference.0.iter().any(|x| x.abs() > 0.01));
    assert!(reference.0 != reference.1);
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    for isa in isas() {
        for bs in [1usize, 64, 333, 512, 0] {
            let before = PIANO_LANE_CHUNKS.load(Ordering::Relaxed);
            let got = if bs == 0 {
                render_program(PIANO_PROGRAM, Some(isa), || rng.gen_range(1..700))
            } else {
                render_program(PIANO_PROGRAM, Some(isa), || bs)
            };
            assert!(
                PIANO_LANE_CHUNKS.load(Ordering::Relaxed) > before + 500,
                "{isa:?} {bs}: the piano lanes were not used"
            );
            let first = got.0.iter().zip(&reference.0).position(|(a, b)| a != b);
            let first_r = got.1.iter().zip(&reference.1).position(|(a, b)| a != b);
            assert!(
                got == reference,
                "{isa:?} block {bs}: first difference at {first:?} (right {first_r:?})"
            );
        }
    }
}
