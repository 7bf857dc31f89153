//! Steady superdough voices rendered together in SIMD lanes (`engine/dough/lanes.rs`, kernels
//! `dsp/dough_lanes*.rs`) give exactly the samples of rendering each voice on its own
//! (`engine/dough/steady.rs`): the AVX2 and AVX-512 kernels against the portable one on random
//! lanes (every stage count, FM and pan on and off, grid points, filters that blow
//! up and flush to 0), and Strudel programs rendered by the engine with lanes off, portable and
//! native, at block sizes 1, 37, 64, 333, 512 and random ones, with no allocation: sawtooths
//! with FM, FM envelopes and swept low-passes (`dough128.js`'s voice), two-stage `24db`
//! filters with a high-pass, band-passes, other waveforms, voices that stay off the lanes
//! (`shape`, a sawtooth modulator, supersaws), unpanned and panned voices, short notes.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::dsp::dough_lanes::{self, Coefs, DoughLanes, Grid, Kernel, BLOCK, CHAIN, GRID, POINTS};
use phonon::dsp::dough_osc::Wave;
use phonon::dsp::lanes::{Isa, LANES};
use phonon::engine::dough::lanes::DOUGH_LANE_CHUNKS;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram, SoundStage};
use phonon::lang::{compile_program_with, CompileOptions};
use phonon::samples::Library;
use rand::{Rng, SeedableRng};
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: f64 = 48000.0;

fn isas() -> Vec<Isa> {
    let mut v = vec![Isa::Portable];
    if Isa::detect() != Isa::Portable {
        v.push(Isa::detect());
    }
    v
}

/// Random lanes: pitches, depths, levels, pans, phases, rotations, stable biquads (a low-pass
/// at a random cutoff: `Biquad`'s normalised coefficients) with random states, and lane 3's
/// first stage unstable (it overflows, and `tick` flushes it to 0). Unless `in_range` (then
/// every lane's frequency and modulator stay below Nyquist), lane 1 is near Nyquist and lane
/// 2 infinite.
fn random_lanes(
    rng: &mut impl Rng,
    wave: Wave,
    fm: bool,
    pan: bool,
    stages: usize,
    in_range: bool,
) -> DoughLanes {
    let mut st = DoughLanes {
        wave,
        fm,
        pan,
        stages,
        in_range,
        sr: SR,
        ..Default::default()
    };
    for j in 0..LANES {
        st.freq[j] = match j {
            0 => 30.0,
            1 if !in_range => 23_000.0,
            2 if !in_range => f64::INFINITY,
            _ => rng.gen_range(40.0..4000.0),
        };
        st.depth[j] = rng.gen_range(0.0..3000.0);
        st.level[j] = rng.gen_range(0.0..0.5);
        st.pan_l[j] = rng.gen_range(0.0..1.0);
        st.pan_r[j] = rng.gen_range(0.0..1.0);
        st.pg[j] = rng.gen_range(0.5..2.0);
        st.phase[j] = rng.gen_range(0.0..1.0);
        let a: f64 = rng.gen_range(0.0..std::f64::consts::TAU);
        st.rot[0][j] = a.sin();
        st.rot[1][j] = a.cos();
        let w: f64 = rng.gen_range(0.001..0.3);
        st.rot_step[0][j] = w.sin();
        st.rot_step[1][j] = w.cos();
    }
    for k in 0..CHAIN {
        st.coefs[k] = random_coefs(rng);
        for j in 0..LANES {
            for h in 0..2 {
                st.x[k][h][j] = rng.gen_range(-1.0..1.0);
                st.y[k][h][j] = rng.gen_range(-1.0..1.0);
            }
        }
    }
    st.coefs[0].a[0][3] = -2.5;
    st.coefs[0].a[1][3] = 1.5;
    st.y[0][0][3] = 1e300;
    st
}

/// A low-pass's coefficients (the Audio EQ Cookbook's, as `Biquad::set`) per lane.
fn random_coefs(rng: &mut impl Rng) -> Coefs {
    let mut c = Coefs::default();
    for j in 0..LANES {
        let w0 = std::f64::consts::TAU * rng.gen_range(30.0..20000.0) / SR;
        let (s, cw) = w0.sin_cos();
        let alpha = s / (2.0 * rng.gen_range(0.5..4.0));
        let a0 = 1.0 + alpha;
        let b0 = (1.0 - cw) / 2.0;
        c.b[0][j] = b0 / a0;
        c.b[1][j] = (1.0 - cw) / a0;
        c.b[2][j] = b0 / a0;
        c.a[0][j] = -2.0 * cw / a0;
        c.a[1][j] = (1.0 - alpha) / a0;
    }
    c
}

#[test]
fn avx2_and_avx512_kernels_are_the_portable_kernel() {
    for kernel in [Kernel::Avx2, Kernel::Avx512] {
        if kernel.runs_here() {
            kernel_is_the_portable_kernel(kernel);
        }
    }
}

fn kernel_is_the_portable_kernel(kernel: Kernel) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(23);
    for wave in [Wave::Sawtooth, Wave::Square, Wave::Triangle, Wave::Sine] {
        for stages in 0..=CHAIN {
            for (fm, pan, in_range) in [
                (false, false, false),
                (true, false, false),
                (false, true, false),
                (true, true, false),
                (true, true, true),
            ] {
                let start = random_lanes(&mut rng, wave, fm, pan, stages, in_range);
                let (mut a, mut b) = (start, start);
                for block in 0..40 {
                    let len = if block % 3 == 0 {
                        rng.gen_range(1..=BLOCK)
                    } else {
                        BLOCK
                    };
                    // Each lane's first grid point (`GRID` and beyond: none) and its rotation's
                    // restart (one of its points, or none).
                    let mut grid = Grid::default();
                    for j in 0..LANES {
                        let at = rng.gen_range(0..GRID + 2);
                        grid.at[j] = at as f64;
                        grid.rot_at[j] = (at + GRID * rng.gen_range(0..=POINTS)) as f64;
                        grid.rot[0][j] = rng.gen_range(-1.0..1.0);
                        grid.rot[1][j] = rng.gen_range(-1.0..1.0);
                    }
                    for m in 0..POINTS {
                        for k in 0..CHAIN {
                            grid.coefs[m][k] = random_coefs(&mut rng);
                        }
                    }
                    let amp: Vec<[f64; LANES]> = (0..len)
                        .map(|_| std::array::from_fn(|_| rng.gen_range(0.0..1.0)))
                        .collect();
                    let env: Vec<[f64; LANES]> = (0..len)
                        .map(|_| std::array::from_fn(|_| rng.gen_range(0.0..1.0)))
                        .collect();
                    let mut out = [[[[0.0f32; LANES]; BLOCK]; 2]; 2];
                    for (st, k, o) in [(&mut a, Kernel::Portable, 0), (&mut b, kernel, 1)] {
                        let [l, r] = &mut out[o];
                        let (l, r) = (&mut l[..len], &mut r[..len]);
                        dough_lanes::render_on(k, st, &grid, &amp, &env, l, r);
                    }
                    let bits = |x: &[[[f32; LANES]; BLOCK]; 2]| {
                        x.iter()
                            .flatten()
                            .flatten()
                            .map(|v| v.to_bits())
                            .collect::<Vec<_>>()
                    };
                    let what = format!(
                        "{kernel:?} {wave:?} stages {stages} fm {fm} pan {pan} \
                         in range {in_range} block {block}"
                    );
                    assert_eq!(bits(&out[0]), bits(&out[1]), "{what}");
                    assert!(out[0][0].iter().flatten().any(|v| *v != 0.0), "{what}");
                    assert_eq!(
                        a.phase.map(f64::to_bits),
                        b.phase.map(f64::to_bits),
                        "{what}"
                    );
                    assert_eq!(a.rot[0].map(f64::to_bits), b.rot[0].map(f64::to_bits));
                    for k in 0..stages {
                        for h in 0..2 {
                            assert_eq!(a.y[k][h].map(f64::to_bits), b.y[k][h].map(f64::to_bits));
                            assert_eq!(a.x[k][h].map(f64::to_bits), b.x[k][h].map(f64::to_bits));
                        }
                        assert_eq!(
                            a.coefs[k].a[0].map(f64::to_bits),
                            b.coefs[k].a[0].map(f64::to_bits)
                        );
                    }
                }
            }
        }
    }
}

/// `dough128.js`'s voice and its neighbours (see the file's head).
const PROGRAM: &str = r#"setcps(0.6)
$: s("sawtooth*16").note("37 44 49 56 30 61 25 68").clip(8)
  .fm(2).fmh(2).fmattack(0.01).fmdecay(0.3).fmsustain(0.2)
  .lpf(600).lpenv(3).lpattack(0.02).lpdecay(0.4).lpsustain(0.3)
  .attack(0.01).decay(0.2).sustain(0.6).release(0.09).pan("0.15 0.8")
$: s("sawtooth*8").note("40 47 52").clip(4).lpf("800 3000").resonance(8).ftype("24db").hpf(100)
$: s("square*4 triangle sine").note("50 57").clip(3).fm("1 3").fmh(1.5).lpf(2000).lpenv(-2)
$: s("sawtooth*6").note("45 52").clip("0.3 4").fm(4).fmwave("sawtooth").gain(0.5)
$: s("sawtooth*4 supersaw").note("33 64").clip(2).shape("0 0.4").room("0 0.3").delay("0.2 0")
$: s("triangle*6").note("60 67 72").clip(3).attack(0.1).release(0.5).postgain(1.3).pan(sine)
$: s("sawtooth*5").note("36 43").clip("0.05 0.7").bpf(900).bandq(3).fm(1.5).fmdecay(0.1)"#;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(SR as f32))
}

fn render(lanes: Option<Isa>, mut block: impl FnMut() -> usize) -> (Vec<f32>, Vec<f32>) {
    let opts = CompileOptions::new(4.0);
    let mut p = compile_program_with(PROGRAM, &opts).unwrap();
    p.sound_stage = SoundStage::Dough;
    let program = LoadedProgram::from_program(p, PROGRAM, lib(), &opts).unwrap();
    let mut engine = Engine::new(SR, Arc::new(Handoff::new()));
    engine.voice_lanes = lanes;
    engine.set_program(program);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let total = 4 * SR as usize;
    let (mut l, mut r) = (vec![0.0f32; total], vec![0.0f32; total]);
    let mut at = 0;
    while at < total {
        let n = block().min(total - at);
        let (bl, br) = (&mut l[at..at + n], &mut r[at..at + n]);
        assert_no_alloc(|| engine.process(input, bl, br));
        at += n;
    }
    (l, r)
}

#[test]
fn dough_lanes_render_the_voice_by_voice_samples_at_every_block_size() {
    let reference = render(None, || 512);
    assert!(reference.0.iter().any(|x| x.abs() > 0.01));
    assert!(reference.0 != reference.1);
    let mut rng = rand::rngs::StdRng::seed_from_u64(29);
    for isa in isas() {
        for bs in [1usize, 37, 64, 333, 512, 0] {
            let before = DOUGH_LANE_CHUNKS.load(Ordering::Relaxed);
            let got = if bs == 0 {
                render(Some(isa), || rng.gen_range(1..700))
            } else {
                render(Some(isa), || bs)
            };
            assert!(
                DOUGH_LANE_CHUNKS.load(Ordering::Relaxed) > before + 1000,
                "{isa:?} {bs}: the superdough lanes were not used"
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
