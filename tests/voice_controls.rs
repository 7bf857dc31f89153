//! SuperDirt's per-event controls on sample voices, rendered and measured: pitch (`speed`,
//! `note`, `accelerate`), length (`begin`/`end`, `loop`, `legato`, `sustain`, `unit`, `cut`),
//! level and place (`gain`, `pan`, the `attack`/`hold`/`release` envelope), filters (`lpf`, `hpf`,
//! `bpf`) and the waveshapers (`crush`, `coarse`, `shape`).
//!
//! The samples are made here: `tone` is one second of a 441 Hz sine at 0.8 (44.1 kHz, 100
//! samples a period), `short` the first quarter second of it, `mix` equal sines at 200, 2000 and
//! 8000 Hz. `# pan 0` puts a voice on the left channel at exactly its level (`Pan2`'s cos 0): the
//! renders are read before SuperDirt's output stage (divided by its `amp` at `gain 1`,
//! `engine::dirt_gate::AMP`), as the voice's own signal.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::cli::render::{render, render_before_limiter, RenderSpec};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::{Library, Sample};
use std::f32::consts::TAU;
use std::sync::{Arc, OnceLock};

mod common;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: u32 = 44100;

fn sines(len: usize, parts: &[(f32, f32)]) -> Arc<Sample> {
    let left = (0..len)
        .map(|i| {
            parts
                .iter()
                .map(|(f, a)| a * (TAU * f * i as f32 / SR as f32).sin())
                .sum()
        })
        .collect();
    Arc::new(Sample {
        left,
        right: None,
        sample_rate: SR as f32,
    })
}

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut lib = Library::with_kit(SR as f32);
        lib.banks
            .insert("tone".into(), vec![sines(44100, &[(441.0, 0.8)])]);
        lib.banks
            .insert("short".into(), vec![sines(11025, &[(441.0, 0.8)])]);
        lib.banks.insert(
            "mix".into(),
            vec![sines(
                44100,
                &[(200.0, 0.05), (2000.0, 0.05), (8000.0, 0.05)],
            )],
        );
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
    // (Before the orbit limiter: the voice's controls are measured, loud ones too.)
    let r =
        render_before_limiter(src, lib(), &spec, || block).unwrap_or_else(|e| panic!("{src}: {e}"));
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

fn run(src: &str) -> Vec<f32> {
    render_in(src, 1.0, 512)
}

fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// The last sample that is not exactly 0, plus one (0 when all are silent).
fn sounding_len(x: &[f32]) -> usize {
    x.iter().rposition(|v| *v != 0.0).map_or(0, |i| i + 1)
}

/// Sign changes per second (a sine of f Hz has 2f).
fn crossings_hz(x: &[f32]) -> f32 {
    let n = x
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    n as f32 * SR as f32 / x.len() as f32 / 2.0
}

fn mag(x: &[f32], f: f32) -> f32 {
    common::dft_mag(x, f, SR as f32)
}

#[test]
fn speed_and_note_set_the_pitch() {
    let plain = run("tempo: 1\nout $ s \"tone\" # pan 0");
    assert!((crossings_hz(&plain[..40000]) - 441.0).abs() < 3.0);
    // `speed 2` plays an octave up and half as long; `note 12` (SuperDirt's `freq / 60.midicps`)
    // the same; `note "-12"` and `speed 0.5` an octave down.
    for src in ["# speed 2", "# note 12", "# note \"c5\"", "# octave 6"] {
        let x = run(&format!("tempo: 1\nout $ s \"tone\" # pan 0 {src}"));
        assert!(
            (crossings_hz(&x[..20000]) - 882.0).abs() < 5.0,
            "{src}: {}",
            crossings_hz(&x[..20000])
        );
        assert!(
            (sounding_len(&x) as i64 - 22050).abs() <= 1,
            "{src}: {}",
            sounding_len(&x)
        );
    }
    let down = render_in(
        "tempo: 0.5\nout $ s \"tone\" # pan 0 # note \"-12\"",
        1.0,
        512,
    );
    assert!((crossings_hz(&down[..80000]) - 220.5).abs() < 2.0);
    // A negative speed plays backwards from the end: the first sample is the sample's last.
    let back = run("tempo: 1\nout $ s \"tone\" # pan 0 # speed (-1)");
    let tone = &lib().banks["tone"][0].left;
    assert!((back[0] - tone[44099]).abs() < 1e-6 && (back[1000] - tone[43099]).abs() < 1e-6);
}

#[test]
fn gain_and_pan_set_the_level_of_each_side() {
    let tone = &lib().banks["tone"][0].left;
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    for (pan, gain) in [(0.0f32, 1.0f32), (0.5, 0.5), (1.0, 2.0), (0.25, 1.0)] {
        // (Before the orbit limiter: `gain 2` plays the tone over 0 dBFS.)
        let r = render_before_limiter(
            &format!("tempo: 1\nout $ s \"tone\" # pan {pan} # gain {gain}"),
            lib(),
            &spec,
            || 512,
        )
        .unwrap();
        // Equal-power pan (SuperCollider's `Pan2`): cos and sin of pan * pi/2, times SuperDirt's
        // output stage `amp * gain^4` (`dirt_gate`).
        let level = phonon::engine::dirt_gate::level(None, Some(gain as f64), None) as f32;
        let (gl, gr) = (
            (pan * TAU / 4.0).cos() * level,
            (pan * TAU / 4.0).sin() * level,
        );
        for i in [25, 1000, 30000] {
            assert!(
                (r.left[i] - tone[i] * gl).abs() < 1e-5 && (r.right[i] - tone[i] * gr).abs() < 1e-5,
                "pan {pan} gain {gain}"
            );
        }
    }
}

#[test]
fn begin_end_and_unit_pick_the_part_and_its_length() {
    let tone = &lib().banks["tone"][0].left;
    // `begin 0.25 # end 0.5`: samples 11025..22050 of the tone, from the onset.
    let x = run("tempo: 1\nout $ s \"tone\" # pan 0 # begin 0.25 # end 0.5");
    assert!((x[0] - tone[11025]).abs() < 1e-6 && (x[5000] - tone[16025]).abs() < 1e-6);
    assert!(
        (sounding_len(&x) as i64 - 11025).abs() <= 1,
        "{}",
        sounding_len(&x)
    );
    // `unit "c"`: `speed 1` plays the whole sample in one event (here half a cycle at tempo 1).
    let u = run("tempo: 1\nout $ s \"tone ~\" # pan 0 # unit \"c\" # speed 1");
    assert!(
        (sounding_len(&u) as i64 - 22050).abs() <= 2,
        "{}",
        sounding_len(&u)
    );
    assert!((crossings_hz(&u[..20000]) - 882.0).abs() < 5.0);
}

#[test]
fn cut_stops_the_sounding_voice_of_its_group() {
    // Two events a quarter cycle apart: with `cut 1` the first stops where the second starts,
    // so the sum never exceeds one voice's level; without it they overlap.
    let cut = run("tempo: 1\nout $ s \"tone tone ~ ~\" # pan 0 # cut 1");
    let both = run("tempo: 1\nout $ s \"tone tone ~ ~\" # pan 0");
    assert!(peak(&cut[11025..22050]) <= 0.8 + 1e-5);
    assert!(peak(&both[11025..22050]) > 0.9);
    // After the cut only the second voice sounds, from its start.
    let tone = &lib().banks["tone"][0].left;
    assert!(
        (cut[11025 + 500] - tone[500]).abs() < 1e-6 && (both[11025 + 500] - tone[500]).abs() > 1e-3
    );
}

#[test]
fn legato_and_sustain_end_a_sample_early_with_a_short_fade() {
    // Events of a half cycle (22050 samples at tempo 1): `legato 0.5` sounds 11025 of them.
    let x = run("tempo: 1\nout $ s \"tone tone\" # pan 0 # legato 0.5");
    assert!(
        (sounding_len(&x[..22050]) as i64 - 11025).abs() <= 1,
        "{}",
        sounding_len(&x[..22050])
    );
    assert!(peak(&x[10000..10900]) > 0.75, "full level until the fade");
    // SuperDirt's gate fades out over 1 ms (44 samples), sine-shaped.
    assert!(peak(&x[11025 - 10..11025]) < 0.3);
    let s = run("tempo: 1\nout $ s \"tone\" # pan 0 # sustain 0.1");
    assert!((sounding_len(&s) as i64 - 4410).abs() <= 1);
    // Never longer than the sample: `legato 4` still ends with it.
    let long = run("tempo: 1\nout $ s \"short\" # pan 0 # legato 4");
    assert!((sounding_len(&long) as i64 - 11025).abs() <= 1);
}

#[test]
fn loop_repeats_the_segment() {
    let once = run("tempo: 1\nout $ s \"short\" # pan 0");
    let twice = run("tempo: 1\nout $ s \"short\" # pan 0 # loop 2");
    assert!((sounding_len(&once) as i64 - 11025).abs() <= 1);
    assert!(
        (sounding_len(&twice) as i64 - 22050).abs() <= 1,
        "{}",
        sounding_len(&twice)
    );
    // The second pass is the first again.
    for i in [100, 3000, 9000] {
        assert!((twice[11025 + i] - once[i]).abs() < 1e-5, "sample {i}");
    }
    // A slice loops too: `begin 0.5 # loop 3` plays the second half three times.
    let half = run("tempo: 1\nout $ s \"short\" # pan 0 # begin 0.5 # loop 3");
    assert!(
        (sounding_len(&half) as i64 - 3 * 5512).abs() <= 3,
        "{}",
        sounding_len(&half)
    );
}

#[test]
fn accelerate_ramps_the_pitch_over_the_sample() {
    // `accelerate 1`: the rate goes from 1 to 2, so the sample lasts 44100 / 1.5 = 29400
    // samples and its pitch rises from 441 Hz to 882 Hz.
    let x = run("tempo: 1\nout $ s \"tone\" # pan 0 # accelerate 1");
    let len = sounding_len(&x);
    assert!((len as i64 - 29400).abs() <= 2, "{len}");
    let start = crossings_hz(&x[..2000]);
    let end = crossings_hz(&x[len - 2100..len - 100]);
    // Mean rates over the windows: 1 + 1000/29400 and 1 + 28300/29400.
    assert!((start - 441.0 * 1.034).abs() < 15.0, "start {start}");
    assert!((end - 441.0 * 1.963).abs() < 20.0, "end {end}");
    // `accelerate (-0.5)`: from 441 Hz down to 220.5 Hz over 44100 / 0.75 samples.
    let y = run("tempo: 0.5\nout $ s \"tone\" # pan 0 # accelerate (-0.5)");
    let len = sounding_len(&y);
    assert!((len as i64 - 58800).abs() <= 2, "{len}");
    assert!(crossings_hz(&y[len - 2100..len - 100]) < 240.0);
}

#[test]
fn attack_hold_release_shape_the_sample() {
    // `attack 0.1`: SuperDirt's `Env.linen(0.1, 0, inf, 1, -3)`: a fast-then-slow rise.
    let x = run("tempo: 1\nout $ s \"tone\" # pan 0 # attack 0.1");
    assert!(peak(&x[..441]) < 0.8 * 0.3, "{}", peak(&x[..441]));
    assert!(peak(&x[2205..2646]) > 0.8 * 0.7 && peak(&x[2205..2646]) < 0.8 * 0.9);
    assert!(peak(&x[4410..8820]) > 0.79);
    // attack, hold, release: full level in the hold, then falling to silence at 0.21 s.
    let y = run("tempo: 1\nout $ s \"tone\" # pan 0 # attack 0.01 # hold 0.1 # release 0.1");
    assert!(peak(&y[441..4851]) > 0.79);
    assert!(peak(&y[8000..9000]) < 0.15);
    assert!(
        (sounding_len(&y) as i64 - 9261).abs() <= 1,
        "{}",
        sounding_len(&y)
    );
    // `release` alone falls from the onset.
    let z = run("tempo: 1\nout $ s \"tone\" # pan 0 # release 0.05");
    assert!(peak(&z[..200]) > 0.7 && (sounding_len(&z) as i64 - 2205).abs() <= 1);
}

#[test]
fn filters_pass_their_band() {
    let dry = run("tempo: 1\nout $ s \"mix\" # pan 0");
    let win = |x: &[f32]| x[4410..39690].to_vec();
    let dry = win(&dry);
    let lpf = win(&run("tempo: 1\nout $ s \"mix\" # pan 0 # lpf 500"));
    assert!(
        mag(&lpf, 200.0) > 0.8 * mag(&dry, 200.0) && mag(&lpf, 8000.0) < 0.01 * mag(&dry, 8000.0)
    );
    let hpf = win(&run("tempo: 1\nout $ s \"mix\" # pan 0 # hpf 5000"));
    assert!(
        mag(&hpf, 8000.0) > 0.8 * mag(&dry, 8000.0) && mag(&hpf, 200.0) < 0.01 * mag(&dry, 200.0)
    );
    // `bpf 2000 # bandq 10`: the centre passes at SuperDirt's gain q, the others are far
    // below. (An unset `bandq` is 1, as SuperDirt's module sends it: `tests/dirt_fx_oracle.rs`.)
    let bpf = win(&run(
        "tempo: 1\nout $ s \"mix\" # pan 0 # bpf 2000 # bandq 10",
    ));
    let centre = mag(&bpf, 2000.0) / mag(&dry, 2000.0);
    assert!((centre - 10.0).abs() < 0.5, "{centre}");
    assert!(
        mag(&bpf, 200.0) < 0.05 * mag(&bpf, 2000.0) && mag(&bpf, 8000.0) < 0.05 * mag(&bpf, 2000.0)
    );
    // `bandq 2` widens the band and lowers the gain to 2.
    let wide = win(&run(
        "tempo: 1\nout $ s \"mix\" # pan 0 # bandf 2000 # bandq 2",
    ));
    assert!((mag(&wide, 2000.0) / mag(&dry, 2000.0) - 2.0).abs() < 0.1);
    assert!(
        mag(&wide, 8000.0) / mag(&dry, 8000.0) > 3.0 * mag(&bpf, 8000.0) / mag(&dry, 8000.0) / 10.0
    );
}

#[test]
fn crush_quantises_to_its_bit_depth() {
    // `crush 4`: steps of 0.5^3 = 1/8 (SuperDirt's `dirt_crush`); a 0.8 sine spans 13 of them.
    let x = run("tempo: 1\nout $ s \"tone\" # pan 0 # crush 4");
    let levels: std::collections::BTreeSet<i32> =
        x.iter().map(|v| (v * 8.0).round() as i32).collect();
    assert!(
        x.iter().all(|v| (v * 8.0 - (v * 8.0).round()).abs() < 1e-6),
        "off-step values"
    );
    assert!(
        levels.len() <= 16 && levels.len() >= 12,
        "{} levels",
        levels.len()
    );
    let two = run("tempo: 1\nout $ s \"tone\" # pan 0 # crush 2");
    let levels: std::collections::BTreeSet<i32> =
        two.iter().map(|v| (v * 2.0).round() as i32).collect();
    assert!(levels.len() <= 5, "{levels:?}");
}

#[test]
fn coarse_holds_every_nth_sample() {
    let tone = &lib().banks["tone"][0].left;
    let x = run("tempo: 1\nout $ s \"tone\" # pan 0 # coarse 8");
    for j in 0..44100 / 8 {
        let run = &x[8 * j..8 * j + 8];
        assert!(run.iter().all(|v| *v == run[0]), "run {j}: {run:?}");
        assert!((run[0] - tone[8 * j]).abs() < 1e-6);
    }
    // `coarse 1` is the full rate.
    let one = run("tempo: 1\nout $ s \"tone\" # pan 0 # coarse 1");
    assert!((one[3] - tone[3]).abs() < 1e-6 && one[3] != one[2]);
}

#[test]
fn shape_adds_odd_harmonics_and_lowers_the_crest() {
    let x = run("tempo: 1\nout $ s \"tone\" # pan 0");
    let y = run("tempo: 1\nout $ s \"tone\" # pan 0 # shape 0.8");
    let (x, y) = (&x[..44000], &y[..44000]);
    // A sine has almost no third harmonic; the shaper (odd, symmetric) adds a strong one.
    assert!(mag(x, 1323.0) < 1e-3 * mag(x, 441.0));
    assert!(
        mag(y, 1323.0) > 0.1 * mag(y, 441.0),
        "{} {}",
        mag(y, 1323.0),
        mag(y, 441.0)
    );
    // No even harmonics from a symmetric curve.
    assert!(mag(y, 882.0) < 1e-3 * mag(y, 441.0));
    let crest =
        |s: &[f32]| peak(s) / (s.iter().map(|v| v * v).sum::<f32>() / s.len() as f32).sqrt();
    assert!(
        crest(y) < 0.9 * crest(x),
        "crest {} vs {}",
        crest(y),
        crest(x)
    );
    // SuperDirt's curve: y = (1 + k) x / (1 + k |x|), k = 2 * 0.8 / 0.2 = 8: the peak 0.8 maps to 0.98.
    assert!((peak(y) - 9.0 * 0.8 / 7.4).abs() < 1e-3, "{}", peak(y));
}

#[test]
fn controls_render_alike_in_any_block_size_and_never_allocate() {
    let src = "tempo: 1\nout $ s \"tone short*2 mix tone\" # pan 0.3 # accelerate \"0.5 -0.3\" # loop \"1 2\" \
               # crush 6 # coarse 3 # shape 0.3 # bpf 2000 # hpf 100 # lpf 5000 # attack 0.01 # release 0.2 # note 3";
    let reference = render_in(src, 2.0, 512);
    assert!(peak(&reference) > 0.05);
    for block in [1, 37, 256, 700] {
        assert!(
            render_in(src, 2.0, block) == reference,
            "block size {block}"
        );
    }
    // The engine's block call with every control set allocates nothing.
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

#[test]
fn dry_scales_the_reverb_of_the_output() {
    // tempo 1: the quarter-second tone ends at sample 11025, then only the reverb's tail sounds.
    let plain = run("tempo: 1\nout $ s \"short ~\"");
    let wet = run("tempo: 1\nout $ s \"short ~\" # room 0.5");
    let half = run("tempo: 1\nout $ s \"short ~\" # room 0.5 # dry 0.5");
    let none = run("tempo: 1\nout $ s \"short ~\" # room 0.5 # dry 1");
    let tail = |x: &[f32]| peak(&x[12_000..30_000]);
    assert_eq!(tail(&plain), 0.0);
    assert!(tail(&wet) > 0.01, "no reverb tail: {}", tail(&wet));
    // `dry 1`: no reverb at all, the dry voice exactly.
    assert_eq!(none, plain);
    // `dry 0.5`: the tail at half its level, sample for sample.
    for (h, w) in half[12_000..30_000].iter().zip(&wet[12_000..30_000]) {
        assert!((h - 0.5 * w).abs() <= 1e-6, "{h} vs half of {w}");
    }
}

/// `vowel` per event (SuperDirt's `dirt_vowel`): the formant filter of the registry node runs on
/// each voice that sets it. The 441 Hz `tone` sits on vowel `e`'s first formant (440 Hz) and
/// between `i`'s (270 and 1850 Hz): `e` plays it far louder than `i`; `resonance` changes it; a
/// word that is not a vowel is an error that lists the vowels; each block size agrees.
#[test]
fn vowel_filters_each_voice_that_sets_it() {
    let src = "tempo: 1\nout $ s \"tone\" # pan 0";
    let dry = run(src);
    // (At `resonance` 0.5: unset, SuperDirt's module sends 0, whose wide bands and dry mix
    // leave `e` 4.2 times `i`.)
    let (e, i) = (
        run(&format!("{src} # vowel \"e\" # resonance 0.5")),
        run(&format!("{src} # vowel \"i\" # resonance 0.5")),
    );
    let level = |x: &[f32]| mag(&x[4410..30000], 441.0);
    assert!(
        level(&e) > 5.0 * level(&i),
        "vowel e {} vs i {} at 441 Hz",
        level(&e),
        level(&i)
    );
    assert!(
        e != run(&format!("{src} # vowel \"e\" # resonance 0.9")),
        "resonance changes nothing"
    );
    assert!(dry != e, "vowel e changed nothing");
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    let err = render(
        &format!("{src} # vowel \"a x\""),
        lib(),
        &spec,
        || 512,
        |_, _| {},
    )
    .err()
    .expect("vowel x compiles");
    assert!(
        err.to_string()
            .contains("`x` is not a vowel: use a e i o u"),
        "{err}"
    );
    let both = format!("{src} # vowel \"<e i>\"");
    for block in [1, 64, 300] {
        assert!(
            render_in(&both, 2.0, block) == render_in(&both, 2.0, 512),
            "block {block}"
        );
    }
}

/// SuperDirt's `amp` (0.4 by default) scales the level relative to its default, on top of
/// `gain`; `nudge` starts the event that many seconds later, on the exact sample, at any block
/// size (a negative nudge plays on time).
#[test]
fn amp_scales_and_nudge_delays_exactly() {
    let plain = run("tempo: 1\nout $ s \"short\" # pan 0");
    let loud = run("tempo: 1\nout $ s \"short\" # pan 0 # amp 0.8");
    assert!(
        (peak(&loud) - 2.0 * peak(&plain)).abs() < 1e-4,
        "{} vs {}",
        peak(&loud),
        peak(&plain)
    );
    assert_eq!(run("tempo: 1\nout $ s \"short\" # pan 0 # amp 0.4"), plain);
    let first = |x: &[f32]| x.iter().position(|v| *v != 0.0).unwrap();
    for block in [64, 512, 700] {
        let nudged = render_in(
            "tempo: 1\nout $ s \"short\" # pan 0 # nudge 0.1",
            1.0,
            block,
        );
        assert_eq!(first(&nudged), first(&plain) + 4410, "block {block}");
        assert_eq!(&nudged[4410..4410 + 4000], &plain[..4000], "block {block}");
    }
    assert_eq!(
        run("tempo: 1\nout $ s \"short\" # pan 0 # nudge (-0.1)"),
        plain
    );
}
