//! SuperDirt's extra effect modules (`library/default-effects-extra.scd`) and its orbit's
//! `leslie` (`core-synths-global.scd`), rendered through the engine and measured: `squiz`,
//! `waveloss`, `fshift`/`fshiftnote`, `triode`, `krush`/`kcutoff`, `octer`/`octersub`/
//! `octersubsub`, `ring`/`ringf`/`ringdf`, `comb`, `djf`, `leslie`/`lrate`/`lsize`; `orbit`
//! (each orbit its own delay, reverb and leslie, set by its own events); every block size
//! renders the same; the engine allocates nothing with all of them on.
//!
//! The samples are made here (44.1 kHz): `tone` is one second of a 441 Hz sine at 0.8 (100
//! samples a period), `high` a second of 3 kHz at 0.4, `mix` equal sines at 200, 2000 and 8000
//! Hz, `noise` a second of white noise at 0.3, `click` 16 samples at 0.5. `# pan 0` puts a voice on the left at its level
//! (the renders are read before SuperDirt's output stage: divided by its `amp` at `gain 1`,
//! `engine::dirt_gate::AMP`).

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::cli::render::{render, RenderSpec};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::{Library, Sample};
use std::f32::consts::TAU;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

mod common;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: u32 = 44100;

fn sample(left: Vec<f32>) -> Arc<Sample> {
    Arc::new(Sample {
        left,
        right: None,
        sample_rate: SR as f32,
    })
}

fn sines(len: usize, parts: &[(f32, f32)]) -> Arc<Sample> {
    sample(
        (0..len)
            .map(|i| {
                parts
                    .iter()
                    .map(|(f, a)| a * (TAU * f * i as f32 / SR as f32).sin())
                    .sum()
            })
            .collect(),
    )
}

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut lib = Library::with_kit(SR as f32);
        let mut bank = |name: &str, s| {
            lib.banks.insert(name.into(), vec![s]);
        };
        bank("tone", sines(44100, &[(441.0, 0.8)]));
        bank("high", sines(44100, &[(3000.0, 0.4)]));
        bank(
            "mix",
            sines(44100, &[(200.0, 0.05), (2000.0, 0.05), (8000.0, 0.05)]),
        );
        let mut x = 12345u32;
        let noise = (0..44100)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                0.3 * ((x >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0)
            })
            .collect();
        bank("noise", sample(noise));
        bank("click", sample(vec![0.5; 16]));
        lib
    })
}

/// The left channel of `src` over `cycles`, rendered in blocks of `block` samples.
fn render_in(src: &str, cycles: f64, block: usize) -> Vec<f32> {
    let spec = RenderSpec {
        sample_rate: SR,
        cycles,
        beats_per_cycle: 4.0,
    };
    let r = render(src, lib(), &spec, || block, |_, _| {}).unwrap_or_else(|e| panic!("{src}: {e}"));
    assert!(
        r.left.iter().chain(&r.right).all(|x| x.is_finite()),
        "{src}: non-finite"
    );
    // Before SuperDirt's output stage (`amp` 0.4 at `gain 1`): the voice's own level.
    r.left
        .iter()
        .map(|x| x / phonon::engine::dirt_gate::AMP as f32)
        .collect()
}

/// One cycle at tempo 1 (one second): `out $ s "<sound>" # pan 0 <controls>`.
fn play(sound: &str, controls: &str) -> Vec<f32> {
    render_in(
        &format!("tempo: 1\nout $ s \"{sound}\" # pan 0 {controls}"),
        1.0,
        512,
    )
}

fn mag(x: &[f32], f: f32) -> f32 {
    common::dft_mag(x, f, SR as f32)
}

/// The steady part of a one-second voice.
fn mid(x: &[f32]) -> &[f32] {
    &x[4410..39690]
}

/// `squiz r` (sc3-plugins' `Squiz`): each 441 Hz cycle (100 samples) is read back `r` times
/// faster, then silence until the next cycle: `100 / r` samples sound in each period, and the
/// partials' centroid (amplitude-weighted, in harmonics of 441 Hz) rises with `r`.
#[test]
fn squiz_replays_each_cycle_faster() {
    let centroid = |x: &[f32]| -> f32 {
        let p: Vec<f32> = (1..=16).map(|k| mag(mid(x), 441.0 * k as f32)).collect();
        p.iter()
            .enumerate()
            .map(|(k, a)| (k + 1) as f32 * a)
            .sum::<f32>()
            / p.iter().sum::<f32>()
    };
    let sounding = |x: &[f32]| -> f32 {
        mid(x).iter().filter(|v| **v != 0.0).count() as f32 / (mid(x).len() as f32 / 100.0)
    };
    let (dry, two, four) = (
        play("tone", ""),
        play("tone", "# squiz 2"),
        play("tone", "# squiz 4"),
    );
    let c = [centroid(&dry), centroid(&two), centroid(&four)];
    let s = [sounding(&two), sounding(&four)];
    eprintln!("squiz: centroids (harmonics) dry/2/4 {c:?}; sounding samples a period 2/4 {s:?}");
    assert!(c[0] < 1.05 && c[1] > 1.5 && c[2] > c[1] + 1.0, "{c:?}");
    assert!(
        (s[0] - 50.0).abs() <= 3.0 && (s[1] - 25.0).abs() <= 3.0,
        "{s:?}"
    );
    // The sounding part is the previous cycle at 4 times the speed: one cycle of a 1764 Hz
    // sine at the tone's level in 25 samples.
    let x = &four[22_000..22_100];
    let run: Vec<f32> = x
        .iter()
        .copied()
        .skip_while(|v| *v == 0.0)
        .take(25)
        .collect();
    let (hi, lo) = (
        run.iter().fold(f32::MIN, |a, v| a.max(*v)),
        run.iter().fold(f32::MAX, |a, v| a.min(*v)),
    );
    let falls = run.windows(2).filter(|w| w[0] >= 0.0 && w[1] < 0.0).count();
    assert!(hi > 0.75 && lo < -0.75 && falls == 1, "{run:?}");
}

/// `waveloss 50`: about half the 100-sample periods of the tone are silent, each wholly.
#[test]
fn waveloss_silences_its_share_of_whole_cycles() {
    let x = play("tone", "# waveloss 50");
    let periods: Vec<&[f32]> = x[1000..43_000].chunks(100).collect();
    let silent = periods
        .iter()
        .filter(|p| p.iter().all(|v| *v == 0.0))
        .count();
    let share = silent as f32 / periods.len() as f32;
    eprintln!("waveloss 50: {silent} of {} periods silent", periods.len());
    // 420 random draws, one a segment (this seed drops 40.5%; 3 sigma is 7.3%, and
    // `dsp::waveloss`'s unit test counts 1000).
    assert!((0.35..0.65).contains(&share), "share {share}");
    assert!(play("tone", "# waveloss 0") == play("tone", ""));
}

/// `fshift 200` moves the 441 Hz tone to 641 Hz (the tone itself and the 241 Hz image down
/// over 30 dB); `fshiftnote 1` on a sine synth at middle C (261.63 Hz) shifts by its own
/// frequency, to 523.25 Hz.
#[test]
fn fshift_moves_the_spectrum_by_its_hz() {
    let x = play("tone", "# fshift 200");
    let (at, orig, image) = (
        mag(mid(&x), 641.0),
        mag(mid(&x), 441.0),
        mag(mid(&x), 241.0),
    );
    eprintln!("fshift 200: 641 Hz {at}, 441 Hz {orig}, 241 Hz {image}");
    assert!((at - 0.4).abs() < 0.03, "shifted level {at}");
    assert!(orig < 0.03 * at && image < 0.03 * at);
    let y = play("sine", "# sustain 1 # fshift 0 # fshiftnote 1");
    let (up, c) = (mag(mid(&y), 523.25), mag(mid(&y), 261.63));
    eprintln!("fshiftnote 1 on 261.63 Hz: 523.25 Hz {up}, 261.63 Hz {c}");
    assert!(up > 30.0 * c, "{up} vs {c}");
}

/// `triode 1` squashes the negative half-waves to `tanh(8) / 10` (0.1): a second harmonic
/// appears (the dry tone has none) and the peak-to-peak swing falls from 1.6 to 0.9 (`LeakDC`
/// then centres it).
#[test]
fn triode_squashes_the_negative_half() {
    let dry = play("tone", "");
    let x = play("tone", "# triode 1");
    let (h1, h2) = (mag(mid(&x), 441.0), mag(mid(&x), 882.0));
    eprintln!(
        "triode 1: 441 Hz {h1}, 882 Hz {h2} (dry {})",
        mag(mid(&dry), 882.0)
    );
    assert!(h2 > 0.3 * h1 && mag(mid(&dry), 882.0) < 1e-3);
    let m = mid(&x);
    let (hi, lo) = (
        m.iter().fold(f32::MIN, |a, v| a.max(*v)),
        m.iter().fold(f32::MAX, |a, v| a.min(*v)),
    );
    eprintln!("triode 1: {lo}..{hi}");
    assert!((hi - lo - 0.9).abs() < 0.05, "range {lo}..{hi}");
}

/// `krush 4` drives the tone into its curve (odd harmonics: 1323 Hz rises from nothing);
/// `kcutoff 500` low-passes the result, so 1323 Hz falls again.
#[test]
fn krush_drives_and_kcutoff_filters() {
    let h3 = |x: &[f32]| mag(mid(x), 1323.0);
    let (dry, k, kc) = (
        play("tone", ""),
        play("tone", "# krush 4"),
        play("tone", "# krush 4 # kcutoff 500"),
    );
    eprintln!(
        "1323 Hz: dry {}, krush 4 {}, kcutoff 500 {}",
        h3(&dry),
        h3(&k),
        h3(&kc)
    );
    assert!(h3(&k) > 0.01 && h3(&dry) < 1e-3);
    assert!(h3(&kc) < 0.5 * h3(&k));
    assert!(play("tone", "# krush 0") == dry, "krush 0 is dry");
}

/// `octer 1`: the octave above alone (882 Hz, no 441 Hz); `octersub 1` adds 220.5 Hz,
/// `octersubsub 1` adds 110.25 Hz.
#[test]
fn octer_adds_octaves_above_and_below() {
    let up = play("tone", "# octer 1");
    let (o, f) = (mag(mid(&up), 882.0), mag(mid(&up), 441.0));
    eprintln!("octer 1: 882 Hz {o}, 441 Hz {f}");
    assert!(o > 20.0 * f, "{o} vs {f}");
    let sub = play("tone", "# octersub 1");
    let subsub = play("tone", "# octersubsub 1");
    let dry = play("tone", "");
    eprintln!(
        "220.5 Hz: dry {} sub {}; 110.25 Hz: dry {} subsub {}",
        mag(mid(&dry), 220.5),
        mag(mid(&sub), 220.5),
        mag(mid(&dry), 110.25),
        mag(mid(&subsub), 110.25)
    );
    assert!(mag(mid(&sub), 220.5) > 0.05 && mag(mid(&dry), 220.5) < 1e-3);
    assert!(mag(mid(&subsub), 110.25) > 0.02 && mag(mid(&dry), 110.25) < 1e-3);
}

/// `ring 1 # ringf 100`: sidebands at 341 and 541 Hz at half the carrier's level (`ring1`
/// keeps the carrier); `ringdf 300` glides the modulator to 400 Hz over the first second.
#[test]
fn ring_makes_sidebands_at_f_plus_minus_ringf() {
    let x = play("tone", "# ring 1 # ringf 100");
    let (c, lo, hi) = (
        mag(mid(&x), 441.0),
        mag(mid(&x), 341.0),
        mag(mid(&x), 541.0),
    );
    eprintln!("ring 1 ringf 100: 441 Hz {c}, 341 Hz {lo}, 541 Hz {hi}");
    assert!((c - 0.4).abs() < 0.01);
    assert!((lo - 0.2).abs() < 0.01 && (hi - 0.2).abs() < 0.01);
    // A 2-second sine voice: after the glide the sidebands are 261.63 +- 400 Hz.
    let g = render_in(
        "tempo: 0.5\nout $ s \"sine\" # pan 0 # sustain 2 # ring 1 # ringf 100 # ringdf 300",
        1.0,
        512,
    );
    let late = &g[48_000..84_000];
    let (at, before) = (mag(late, 661.63), mag(late, 361.63));
    eprintln!("ringdf 300 after 1 s: 661.63 Hz {at}, 361.63 Hz {before}");
    assert!(at > 10.0 * before);
}

/// `comb 0.5` on white noise: with 2048-point frames at 44.1 kHz a tooth is 8 bins (172.3 Hz);
/// bins 1..3 of each pass and bin 6 is cut. Summed over 40 teeth, the cut bins are over
/// 15 dB down.
#[test]
fn comb_cuts_the_upper_part_of_each_tooth() {
    let x = play("noise", "# comb 0.5");
    let dry = play("noise", "");
    let bin = SR as f32 / 2048.0;
    let sum = |x: &[f32], r: &[usize]| -> f32 {
        (1..41)
            .flat_map(|t| r.iter().map(move |k| (t * 8 + k) as f32 * bin))
            .map(|f| mag(&x[4096..40_000], f).powi(2))
            .sum::<f32>()
            / r.len() as f32
    };
    let (pass, cut) = (sum(&x, &[1, 2, 3]), sum(&x, &[6]));
    let (dpass, dcut) = (sum(&dry, &[1, 2, 3]), sum(&dry, &[6]));
    eprintln!("comb 0.5 power: pass {pass} cut {cut} (dry {dpass} {dcut})");
    assert!(pass > 30.0 * cut, "pass {pass} cut {cut}");
    assert!(dpass < 3.0 * dcut, "the dry noise is flat");
}

/// `djf 0.2` (a low-pass at 240 Hz) keeps 200 Hz and cuts 8 kHz; `djf 0.8` (a high-pass at
/// 832 Hz, 12 dB an octave) keeps 8 kHz and cuts 200 Hz to under a tenth.
#[test]
fn djf_lowpasses_below_half_and_highpasses_above() {
    let lo = play("mix", "# djf 0.2");
    let hi = play("mix", "# djf 0.8");
    let l = |x: &[f32], f| mag(mid(x), f) / 0.025;
    eprintln!(
        "djf 0.2: 200 Hz {} 8 kHz {}; djf 0.8: 200 Hz {} 8 kHz {}",
        l(&lo, 200.0),
        l(&lo, 8000.0),
        l(&hi, 200.0),
        l(&hi, 8000.0)
    );
    assert!(l(&lo, 200.0) > 0.8 && l(&lo, 8000.0) < 0.05);
    assert!(l(&hi, 8000.0) > 0.7 && l(&hi, 200.0) < 0.1);
}

/// `leslie 1` on a 3 kHz tone (all above the 800 Hz split): its amplitude swings at `lrate`,
/// the default 6.7 Hz. The envelope (peak per millisecond) has its strongest component there.
#[test]
fn leslie_modulates_the_amplitude_at_lrate() {
    let x = play("high", "# leslie 1 # lsize 0.5");
    let env: Vec<f32> = x[8820..43_000]
        .chunks(44)
        .map(|c| c.iter().fold(0.0f32, |m, v| m.max(v.abs())))
        .collect();
    let mean = env.iter().sum::<f32>() / env.len() as f32;
    let env: Vec<f32> = env.iter().map(|v| v - mean).collect();
    let rate = SR as f32 / 44.0;
    let at = |f: f32| common::dft_mag(&env, f, rate);
    let (m, off) = (at(6.7), at(3.0).max(at(12.0)));
    eprintln!("leslie envelope: 6.7 Hz {m}, 3/12 Hz {off}");
    assert!(m > 4.0 * off, "6.7 Hz {m}, off {off}");
    assert!(
        play("high", "# leslie 0") == play("high", ""),
        "leslie 0 is dry"
    );
}

const ALL: &str = "tempo: 1\nout $ s \"tone short*2 mix noise\" # pan 0.3 # squiz \"2 3\" \
                   # orbit \"0 1 2\" # delay 0.4 # delaytime \"0.1 0.2 0.15\" # room 0.3 # size \"0.2 0.9\" \
                   # waveloss 20 # fshift 100 # triode 0.5 # krush 2 # octer 0.5 # octersub 0.5 \
                   # octersubsub 0.3 # ring 0.5 # ringf 300 # ringdf 100 # comb 0.3 # djf 0.4 \
                   # leslie 0.7 # lrate 2 # lsize 0.4";

#[test]
fn extras_render_alike_in_any_block_size_and_never_allocate() {
    let src = &ALL.replace("short", "tone");
    let reference = render_in(src, 2.0, 512);
    assert!(reference.iter().any(|v| v.abs() > 0.01));
    for block in [1, 37, 64, 256, 700] {
        assert!(
            render_in(src, 2.0, block) == reference,
            "block size {block}"
        );
    }
    let mut engine = Engine::new(SR as f64, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::compile(src, lib(), 4.0).unwrap());
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    for _ in 0..200 {
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
    }
}

/// More voices with `squiz` at once than the engine has buffer slots: the extra ones play
/// without it, counted, and nothing allocates.
#[test]
fn buffer_slots_run_out_gracefully() {
    let src = "tempo: 1\nout $ s \"tone*64\" # squiz 2 # gain 0.1";
    let mut engine = Engine::new(SR as f64, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::compile(src, lib(), 4.0).unwrap());
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    for _ in 0..200 {
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        assert!(l.iter().all(|v| v.is_finite()));
    }
    let over = engine.stats.fx_slot_overflows.load(Ordering::Relaxed);
    assert!(over > 0, "no overflow counted");
}

/// Click times of the orbit test: clicks at 0 s and 0.25 s (tempo 0.5: eight steps of 0.25 s).
const ORBIT_SRC: &str =
    "tempo: 0.5\nout $ s \"click click ~ ~ ~ ~ ~ ~\" # pan 0 # orbit \"0 ORBIT ~ ~ ~ ~ ~ ~\" \
                         # delay 1 # delayfeedback 0 # delaytime \"0.4 0.1 ~ ~ ~ ~ ~ ~\"";

/// Where `x` has the click (16 samples at 0.5) from `at`.
fn click_at(x: &[f32], at: usize) -> bool {
    click_of(x, at, 0.5)
}

/// Where `x` has a click of `level` from `at`.
fn click_of(x: &[f32], at: usize, level: f32) -> bool {
    x[at..at + 16].iter().all(|v| (v - level).abs() < 1e-3)
        && x[at.saturating_sub(4)..at].iter().all(|v| v.abs() < 1e-3)
}

/// Two orbits with their own delay times: the click at 0 s in orbit 0 (`delaytime 0.4`)
/// echoes at 0.4 s, the click at 0.25 s in orbit 1 (`delaytime 0.1`) at 0.35 s, and nothing
/// else sounds. In one orbit, the second event's `delaytime 0.1` sets the shared delay before
/// the first echo is due: there is no echo at 0.4 s. `orbit 13` is orbit 1 (SuperDirt's wrap).
#[test]
fn each_orbit_has_its_own_delay() {
    let two = render_in(&ORBIT_SRC.replace("ORBIT", "1"), 1.0, 512);
    let (e0, e1) = (17_640, 15_435);
    // SuperDirt's delay (`SwitchDelay`, dry level 1) plays the sent click too: at `delay 1`
    // the click sounds twice as loud.
    assert!(click_of(&two, 0, 1.0), "the first click");
    assert!(click_of(&two, 11_025, 1.0), "the second click");
    assert!(click_at(&two, e0), "orbit 0's echo at 0.4 s");
    assert!(click_at(&two, e1), "orbit 1's echo at 0.35 s");
    let others = two
        .iter()
        .enumerate()
        .filter(|(i, v)| {
            let near = |c: usize| (c..c + 16).contains(i);
            v.abs() > 1e-3 && !(near(0) || near(11_025) || near(e0) || near(e1))
        })
        .count();
    assert_eq!(others, 0, "only the clicks and their echoes sound");
    let one = render_in(&ORBIT_SRC.replace("ORBIT", "0"), 1.0, 512);
    assert!(click_at(&one, e1), "one orbit: the second click's echo");
    assert!(
        !click_at(&one, e0),
        "one orbit: the first echo is lost to the new delaytime"
    );
    assert!(render_in(&ORBIT_SRC.replace("ORBIT", "13"), 1.0, 512) == two);
    for block in [1, 64, 300] {
        assert!(
            render_in(&ORBIT_SRC.replace("ORBIT", "1"), 1.0, block) == two,
            "block {block}"
        );
    }
}

/// An orbit the pattern first reaches after the compile-time probe (16 cycles) plays in
/// orbit 0, counted; nothing allocates.
#[test]
fn an_orbit_not_probed_falls_back_to_orbit_zero() {
    let src = "tempo: 16\nout $ s \"click\" # orbit (slow 32 \"0 5\") # delay 0.5";
    let mut engine = Engine::new(SR as f64, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::compile(src, lib(), 4.0).unwrap());
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    for _ in 0..200 {
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
    }
    let fell = engine.stats.orbit_fallbacks.load(Ordering::Relaxed);
    assert!(fell > 0, "no fallback counted");
}

/// SuperDirt's `lock 1`: `delaytime` counts cycles (`delaytime * if(lock, 1/cps, 1)`). At
/// tempo 0.5, `delaytime 0.2` echoes a click after 0.2 s unlocked, after 0.4 s locked.
#[test]
fn lock_counts_delaytime_in_cycles() {
    let src = |lock: &str| {
        format!("tempo: 0.5\nout $ s \"click ~ ~ ~\" # pan 0 # delay 1 # delayfeedback 0 # delaytime 0.2{lock}")
    };
    let free = render_in(&src(""), 0.5, 512);
    let locked = render_in(&src(" # lock 1"), 0.5, 512);
    assert!(
        click_at(&free, 8_820) && !click_at(&free, 17_640),
        "unlocked: echo at 0.2 s"
    );
    assert!(
        click_at(&locked, 17_640) && !click_at(&locked, 8_820),
        "locked: echo at 0.4 s"
    );
    assert!(
        render_in(&src(" # lock 1"), 0.5, 64) == locked,
        "block size"
    );
}
