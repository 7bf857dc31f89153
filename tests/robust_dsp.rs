//! Robustness, audio safety: every stateful DSP node (filters, delay, reverb, chorus, compressor,
//! limiter) is fed signals and controls that produce NaN and infinities, then hostile but finite
//! bursts (1e30, f32::MAX). Each must put out only finite samples, carry nothing of the bad input
//! in its state once it stops (the output then equals a run where the bad samples were zeros, or
//! a fresh node's after the node's own decay time), and fall silent after silence.

use phonon::dsp::chorus::Chorus;
use phonon::dsp::delay::Delay;
use phonon::dsp::dynamics::{CompParams, Compressor, Limiter};
use phonon::dsp::filter::{Mode, Moog, Svf};
use phonon::dsp::reverb::Reverb;

const SR: f32 = 48_000.0;
/// Bad samples live in `[BURST.0, BURST.1)`.
const BURST: (usize, usize) = (9_600, 14_400);

/// One DSP node: input, one control (cutoff, delay time, ...), output. Stereo nodes get the
/// input on both channels and return `l + r`.
type Node = Box<dyn FnMut(&[f32], &[f32], &mut [f32])>;

/// Each node with a sane control value and how long it rings after its input stops.
/// A node to test: its name, two parameters and how to build it.
type NodeCase = (&'static str, f32, f32, Box<dyn Fn() -> Node>);

fn nodes() -> Vec<NodeCase> {
    fn stereo(mut f: impl FnMut(&[f32], &[f32], &mut [f32], &mut [f32]) + 'static) -> Node {
        Box::new(move |x, c, out| {
            let (mut l, mut r) = (vec![0.0; out.len()], vec![0.0; out.len()]);
            f(x, c, &mut l, &mut r);
            for ((o, l), r) in out.iter_mut().zip(&l).zip(&r) {
                *o = l + r;
            }
        })
    }
    let svf = |mode: Mode| -> Box<dyn Fn() -> Node> {
        Box::new(move || {
            let mut f = Svf::new(SR);
            Box::new(move |x, c, out| f.process(mode, x, c, &[8.0], out))
        })
    };
    vec![
        ("svf lowpass", 1200.0, 0.2, svf(Mode::Lowpass)),
        ("svf highpass", 300.0, 0.2, svf(Mode::Highpass)),
        ("svf bandpass", 800.0, 0.2, svf(Mode::Bandpass)),
        ("svf notch", 800.0, 0.2, svf(Mode::Notch)),
        (
            "moog",
            900.0,
            0.5,
            Box::new(|| {
                let mut f = Moog::new(SR);
                Box::new(move |x, c, out| f.process(x, c, &[3.9], out))
            }),
        ),
        (
            "delay",
            0.01,
            1.0,
            Box::new(|| {
                let mut d = Delay::new(SR);
                stereo(move |x, c, l, r| d.process(x, x, c, &[0.7], l, r))
            }),
        ),
        (
            "reverb",
            0.5,
            6.0,
            Box::new(|| {
                let mut d = Reverb::new(SR);
                stereo(move |x, c, l, r| d.process(x, x, c[0], 0.5, l, r))
            }),
        ),
        (
            "chorus",
            1.5,
            0.2,
            Box::new(|| {
                let mut d = Chorus::new(SR);
                stereo(move |x, c, l, r| d.process(x, x, c, &[0.5], 0.5, l, r))
            }),
        ),
        (
            "compressor",
            -20.0,
            3.0,
            Box::new(|| {
                let mut d = Compressor::new(SR);
                stereo(move |x, c, l, r| {
                    d.set_params(CompParams {
                        threshold_db: c[0],
                        ..CompParams::default()
                    });
                    d.process_stereo(x, x, l, r)
                })
            }),
        ),
        (
            "limiter",
            -6.0,
            3.0,
            Box::new(|| {
                let mut d = Limiter::new(SR);
                stereo(move |x, c, l, r| {
                    d.set_params(c[0], 50.0);
                    d.process_stereo(x, x, l, r)
                })
            }),
        ),
    ]
}

/// Runs `node` over `input` and `control` in blocks of 256 (the graph's chunk).
fn run(node: &mut Node, input: &[f32], control: &[f32]) -> Vec<f32> {
    let mut out = vec![0.0; input.len()];
    for ((x, c), o) in input
        .chunks(256)
        .zip(control.chunks(256))
        .zip(out.chunks_mut(256))
    {
        node(x, c, o);
    }
    out
}

/// A 220 Hz sine at 0.5 for `sound` samples, then silence up to `len`.
fn sine(len: usize, sound: usize) -> Vec<f32> {
    (0..len)
        .map(|i| {
            if i < sound {
                0.5 * (std::f32::consts::TAU * 220.0 * i as f32 / SR).sin()
            } else {
                0.0
            }
        })
        .collect()
}

/// Non-finite values at every sample of the burst, cycling through NaN, +inf, -inf.
fn poison(v: &mut [f32]) {
    for (k, x) in v[BURST.0..BURST.1].iter_mut().enumerate() {
        *x = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -f32::NAN][k % 4];
    }
}

/// `v` with its non-finite values replaced by `by` (what the node documents it reads them as).
fn replaced(v: &[f32], by: f32) -> Vec<f32> {
    v.iter()
        .map(|x| if x.is_finite() { *x } else { by })
        .collect()
}

#[test]
fn nan_and_infinity_leave_no_trace_in_node_state() {
    for (name, ctl, ring_s, make) in nodes() {
        let len = BURST.1 + ((ring_s + 1.5) * SR) as usize;
        let sound = BURST.1 + (0.5 * SR) as usize;
        let clean_in = sine(len, sound);
        for (what, bad_input, bad_control) in [
            ("input", true, false),
            ("control", false, true),
            ("both", true, true),
        ] {
            let (mut x, mut c) = (clean_in.clone(), vec![ctl; len]);
            if bad_input {
                poison(&mut x);
            }
            if bad_control {
                poison(&mut c);
            }
            let bad = run(&mut make(), &x, &c);
            // Non-finite audio reads as silence; a non-finite control as 0, or the reverb's
            // room size as 0.5.
            let nan_control = if name == "reverb" { 0.5 } else { 0.0 };
            let reference = run(&mut make(), &replaced(&x, 0.0), &replaced(&c, nan_control));
            for (i, y) in bad.iter().enumerate() {
                assert!(y.is_finite(), "{name}, bad {what}: sample {i} is {y}");
            }
            // From the end of the burst on, the node behaves as if the bad samples were zeros.
            let worst = bad[BURST.1..]
                .iter()
                .zip(&reference[BURST.1..])
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
            assert!(
                worst < 1e-4,
                "{name}, bad {what}: differs by {worst} after the burst"
            );
            // It still passes sound after the burst, and is silent after its ring time.
            let after = &bad[BURST.1 + 2400..sound];
            assert!(
                after.iter().any(|y| y.abs() > 1e-3),
                "{name}, bad {what}: silent after the burst"
            );
            let tail = &bad[len - 4800..];
            assert!(
                tail.iter().all(|y| y.abs() < 1e-5),
                "{name}, bad {what}: still ringing {:?}",
                &tail[..4]
            );
        }
    }
}

#[test]
fn huge_finite_bursts_decay_back_to_normal() {
    for (name, ctl, ring_s, make) in nodes() {
        let settle = ((ring_s + 1.0) * SR) as usize;
        let len = BURST.1 + settle + 9_600;
        let clean = sine(len, len);
        for burst in [1.0e30f32, f32::MAX, -f32::MAX, 1.0e6] {
            let mut x = clean.clone();
            for (k, v) in x[BURST.0..BURST.1].iter_mut().enumerate() {
                *v = if k % 2 == 0 { burst } else { -burst };
            }
            let c = vec![ctl; len];
            let out = run(&mut make(), &x, &c);
            assert!(
                out.iter().all(|y| y.is_finite()),
                "{name}: non-finite output for a {burst} burst"
            );
            // After the node's decay time it plays the sine as a node that never saw the burst.
            let fresh = run(&mut make(), &clean, &c);
            let from = BURST.1 + settle;
            let worst = out[from..]
                .iter()
                .zip(&fresh[from..])
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
            assert!(
                worst < 1e-3,
                "{name}: {burst} burst still audible ({worst}) {} s after it ended",
                settle as f32 / SR
            );
        }
    }
}

#[test]
fn modulated_controls_at_their_limits_stay_finite() {
    // Cutoff and resonance jumping between extremes every sample, with a loud input: the
    // filters' states must not blow up (TPT structures stay stable under modulation).
    let len = 48_000;
    let x: Vec<f32> = (0..len)
        .map(|i| if i % 3 == 0 { 1.0e6 } else { -1.0e6 })
        .collect();
    let hz: Vec<f32> = (0..len)
        .map(|i| [1.0, 23_000.0, 1.0e9, -5.0, 440.0][i % 5])
        .collect();
    let q: Vec<f32> = (0..len).map(|i| [0.0, 50.0, 1.0e9, 0.707][i % 4]).collect();
    for mode in [Mode::Lowpass, Mode::Highpass, Mode::Bandpass, Mode::Notch] {
        let mut f = Svf::new(SR);
        let mut out = vec![0.0; len];
        f.process(mode, &x, &hz, &q, &mut out);
        assert!(
            out.iter().all(|y| y.is_finite() && y.abs() < 1.0e9),
            "{mode:?}"
        );
    }
    let mut m = Moog::new(SR);
    let mut out = vec![0.0; len];
    m.process(&x, &hz, &q, &mut out);
    assert!(out.iter().all(|y| y.is_finite()));
}
