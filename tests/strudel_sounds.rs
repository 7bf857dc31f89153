//! Strudel's sounds with nothing downloaded, rendered and measured: `bank` (`s "bd" # bank
//! "RolandTR808"` plays the built-in `RolandTR808_bd`; a folder of that name wins; an unknown
//! bank plays the plain `s`, with a note), the stand-ins for sample-pack names
//! (`gm_acoustic_bass` plays the kit's `bass`, with a note), and the built-in `piano`'s pitch
//! (note 60 = C4 = 261.63 Hz) and decay.

mod common;
#[path = "common/render.rs"]
mod render;

use phonon::cli::render::{render_with_index, RenderSpec, Rendered};
use phonon::engine::LoadedProgram;
use phonon::lang::CompileOptions;
use phonon::samples::{BankIndex, Library};
use render::{assert_onsets, render_src, samples_at, SR};
use std::sync::{Arc, OnceLock};

#[global_allocator]
static A: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;

fn kit() -> &'static Library {
    static KIT: OnceLock<Library> = OnceLock::new();
    KIT.get_or_init(|| Library::with_kit(SR as f32))
}

fn compile(src: &str, index: &BankIndex) -> Result<Box<LoadedProgram>, String> {
    LoadedProgram::compile_with_samples(src, kit(), index, &CompileOptions::new(4.0))
        .map_err(|e| e.to_string())
}

/// The bank `p` plays for `name`, as it was bound.
fn bank_of(p: &LoadedProgram, name: &str) -> Option<Vec<Arc<phonon::samples::Sample>>> {
    p.banks
        .iter()
        .find(|(k, _)| k.text() == name)
        .map(|(_, v)| v.clone())
}

fn notes(src: &str) -> Vec<String> {
    compile(src, &BankIndex::empty())
        .unwrap()
        .program
        .notes
        .clone()
}

/// Share of the energy of `x` in each octave band from 31 Hz up (Hann window, Goertzel per bin
/// of a 4096-point DFT), so two sounds' spectra can be compared.
fn octave_spectrum(x: &[f32]) -> Vec<f64> {
    let n = 4096.min(x.len());
    let w: Vec<f64> = (0..n)
        .map(|i| {
            let h = 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n as f64).cos();
            f64::from(x[i]) * h
        })
        .collect();
    let mut bands = [0.0_f64; 10];
    for k in 1..n / 2 {
        let coeff = 2.0 * (std::f64::consts::TAU * k as f64 / n as f64).cos();
        let (mut s1, mut s2) = (0.0, 0.0);
        for &s in &w {
            let s0 = s + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        let p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        let f = k as f64 * SR as f64 / n as f64;
        let b = ((f / 31.25).log2().floor().max(0.0) as usize).min(9);
        bands[b] += p;
    }
    let total: f64 = bands.iter().sum();
    bands.iter().map(|b| b / total).collect()
}

#[test]
fn bank_plays_the_built_in_808_on_the_onsets() {
    let src = "out $ s \"bd sd hh\" # bank \"RolandTR808\"";
    assert!(notes(src).is_empty(), "{:?}", notes(src));
    let r = render_src(src, 1.0);
    let expected = samples_at(&[0.0, 1.0 / 3.0, 2.0 / 3.0], r.cps);
    assert_onsets(&r.left, &expected, src);
    // Each onset plays its machine sound: the kick's energy is low, the hat's high.
    let seg = |k: usize| &r.left[expected[k]..expected[k] + 4096];
    let (bd, hh) = (octave_spectrum(seg(0)), octave_spectrum(seg(2)));
    let low = |s: &[f64]| s[..3].iter().sum::<f64>(); // below 250 Hz
    let high = |s: &[f64]| s[7..].iter().sum::<f64>(); // above 4 kHz
    println!(
        "808 bd below 250 Hz {:.3}, hh above 4 kHz {:.3}",
        low(&bd),
        high(&hh)
    );
    assert!(low(&bd) > 0.8 && high(&hh) > 0.8);
    // The event plays the bank's sample itself: the first samples equal it (gain 1, centre pan
    // at equal power, SuperDirt's `amp` 0.4).
    let bd0 = &kit().banks["RolandTR808_bd"][0].left;
    let g = std::f32::consts::FRAC_1_SQRT_2 * phonon::engine::dirt_gate::AMP as f32;
    for (i, s) in bd0[..64].iter().enumerate() {
        assert!((r.left[expected[0] + i] - s * g).abs() < 1e-4, "sample {i}");
    }
    // `n` picks the variant (the 808 kick's decay knob: `bd:2` is long).
    let r = render_src("out $ s \"bd\" # bank \"RolandTR808\" # n 2", 1.0);
    let bd2 = &kit().banks["RolandTR808_bd"][2].left;
    for i in (0..bd2.len()).step_by(97) {
        assert!((r.left[i] - bd2[i] * g).abs() < 1e-4, "bd:2 sample {i}");
    }
}

#[test]
fn tr909_sounds_different_from_tr808_and_aliases_play_the_same() {
    let r808 = render_src("out $ s \"bd sd hh\" # bank \"RolandTR808\"", 1.0);
    let r909 = render_src("out $ s \"bd sd hh\" # bank \"RolandTR909\"", 1.0);
    let on = samples_at(&[0.0, 1.0 / 3.0, 2.0 / 3.0], r808.cps);
    for (k, name) in ["bd", "sd", "hh"].iter().enumerate() {
        let a = octave_spectrum(&r808.left[on[k]..on[k] + 4096]);
        let b = octave_spectrum(&r909.left[on[k]..on[k] + 4096]);
        let d: f64 = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).sum();
        println!("{name}: 808 vs 909 octave spectra differ by {d:.3} (L1 of energy shares)");
        assert!(d > 0.1, "{name}: 808 and 909 spectra too close ({d})");
    }
    for alias in ["tr909", "TR909"] {
        let r = render_src(&format!("out $ s \"bd sd hh\" # bank \"{alias}\""), 1.0);
        render::assert_same(&r, &r909, alias);
    }
}

#[test]
fn an_unknown_bank_plays_the_plain_sound_with_a_note_and_an_unknown_sound_is_an_error() {
    let src = "out $ s \"bd\" # bank \"AkaiLinn\"";
    let n = notes(src);
    assert_eq!(
        n,
        vec!["`AkaiLinn_bd` plays `bd` (no sample folder `AkaiLinn_bd`, and `AkaiLinn` is not a built-in drum machine)"]
    );
    render::assert_same(
        &render_src(src, 1.0),
        &render_src("out $ s \"bd\"", 1.0),
        src,
    );
    assert_eq!(
        notes("out $ s \"piano\" # bank \"tr909\""),
        vec!["`tr909_piano` plays `piano` (no sample folder `tr909_piano`, and the built-in `RolandTR909` has no `piano`)"]
    );
    let Err(e) = compile("out $ s \"zzz\" # bank \"AkaiLinn\"", &BankIndex::empty()) else {
        panic!("an unknown sound compiled");
    };
    assert!(e.contains("unknown sample `AkaiLinn_zzz`"), "{e}");
}

/// A 16-bit mono WAV of `x` at `sr`.
fn wav(path: &std::path::Path, x: &[f32], sr: u32) {
    let mut b: Vec<u8> = Vec::new();
    let data = (x.len() * 2) as u32;
    b.extend(b"RIFF");
    b.extend((36 + data).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(sr.to_le_bytes());
    b.extend((sr * 2).to_le_bytes());
    b.extend(2u16.to_le_bytes());
    b.extend(16u16.to_le_bytes());
    b.extend(b"data");
    b.extend(data.to_le_bytes());
    for s in x {
        b.extend(((s * 32767.0) as i16).to_le_bytes());
    }
    std::fs::write(path, b).unwrap();
}

fn render_index(src: &str, index: &BankIndex) -> Rendered {
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    render_with_index(src, kit(), index, &spec, || 512, |_, _| {}).unwrap()
}

#[test]
fn a_sample_folder_named_bank_underscore_s_wins_over_the_built_in() {
    let root = std::env::temp_dir().join(format!("phonon-strudel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for name in ["RolandTR808_bd", "gm_acoustic_bass"] {
        std::fs::create_dir_all(root.join(name)).unwrap();
        // A 700 Hz tone: nothing like the 808's kick or the kit's bass.
        let tone: Vec<f32> = (0..4410)
            .map(|i| 0.5 * (std::f32::consts::TAU * 700.0 * i as f32 / SR as f32).sin())
            .collect();
        wav(&root.join(name).join("a.wav"), &tone, SR);
    }
    let index = BankIndex::scan_paths(std::slice::from_ref(&root));
    for (src, plain) in [
        ("out $ s \"bd\" # bank \"RolandTR808\"", "out $ s \"bd\""),
        ("out $ s \"bd\" # bank \"tr808\"", "out $ s \"bd\""),
        ("out $ s \"gm_acoustic_bass\"", "out $ s \"bass\""),
    ] {
        let p = compile(src, &index).unwrap();
        assert!(p.stand_ins.is_empty(), "{src}: {:?}", p.stand_ins);
        // Stand-ins and bank fall-backs name the folders searched.
        let other = compile("out $ s \"gm_epiano1 sd\" # bank \"AkaiLinn\"", &index).unwrap();
        let root_text = root.display().to_string();
        assert_eq!(
            other.program.notes,
            vec![
                format!("bank `AkaiLinn`: `gm_epiano1`, `sd` play without it (no sample folders `AkaiLinn_...` in {root_text}, and `AkaiLinn` is not a built-in drum machine)"),
                format!("`gm_epiano1` plays the built-in `piano` (no sample folder `gm_epiano1` in {root_text})"),
                format!("`sd` plays the built-in `sn` (no sample folder `sd` in {root_text})"),
            ]
        );
        let r = render_index(src, &index);
        // The folder's 700 Hz tone plays: 0.5 * 1/sqrt(2) at its crest, within its 100 ms, times
        // SuperDirt's `amp` 0.4 (Tidal code).
        let peak = r.left[..4410].iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        let amp = phonon::engine::dirt_gate::AMP as f32;
        assert!(
            (peak - 0.5 * std::f32::consts::FRAC_1_SQRT_2 * amp).abs() < 0.01,
            "{src}: {peak}"
        );
        let spec = octave_spectrum(&r.left[..4096]);
        assert!(
            spec[4] > 0.9,
            "{src}: the 500-1000 Hz octave holds {}",
            spec[4]
        );
        render::assert_differ(&r, &render_src(plain, 1.0), src);
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn stand_ins_play_the_built_in_sound_and_say_so() {
    for (name, plays, built_in) in [
        ("gm_acoustic_bass", "bass", "out $ s \"bass\""),
        ("sd", "sn", "out $ s \"sn\""),
        ("rim", "rs", "out $ s \"rs\""),
        (
            "808bd",
            "RolandTR808_bd",
            "out $ s \"bd\" # bank \"RolandTR808\"",
        ),
    ] {
        let src = format!("out $ s \"{name}\"");
        assert_eq!(
            notes(&src),
            vec![format!(
                "`{name}` plays the built-in `{plays}` (no sample folder `{name}`)"
            )]
        );
        render::assert_same(&render_src(&src, 1.0), &render_src(built_in, 1.0), name);
    }
    // A stand-in played by a synth.
    let src = "out $ s \"gm_piano\" # note \"c4\"";
    assert_eq!(
        notes(src),
        vec!["`gm_piano` plays the built-in `piano` (no sample folder `gm_piano`)"]
    );
    render::assert_same(
        &render_src(src, 1.0),
        &render_src("out $ s \"piano\" # note \"c4\"", 1.0),
        src,
    );
    // The drum machines' own names are no stand-ins; neither is `piano`.
    assert!(notes("out $ s \"piano\"").is_empty());
    assert!(notes("out $ s \"sd rd\" # bank \"RolandTR909\"").is_empty());
}

#[test]
fn under_superdough_stand_ins_follow_superdoughs_controls() {
    // A stand-in whose built-in sound is one of superdough's synths plays that synth.
    render::assert_same(
        &render_src("note(\"g3 c4\").s(\"gm_flute\").decay(.1).sustain(0)", 1.0),
        &render_src("note(\"g3 c4\").s(\"triangle\").decay(.1).sustain(0)", 1.0),
        "gm_flute",
    );
    // One Phonon synth stands in (the piano): `velocity` scales it, as superdough's
    // `gain * velocity`, and `sustain` (a level in superdough) does not cut it short.
    let full = render_src("note(\"c4\").s(\"gm_epiano1\")", 1.0);
    let soft = render_src("note(\"c4\").s(\"gm_epiano1\").velocity(.25)", 1.0);
    let (a, b) = (rms(&full.left), rms(&soft.left));
    assert!(a > 1e-3, "the piano stand-in plays");
    assert!((b / a - 0.25).abs() < 1e-3, "velocity .25 gives {}", b / a);
    render::assert_same(
        &render_src("note(\"c4\").s(\"gm_epiano1\").sustain(0)", 1.0),
        &full,
        "sustain(0)",
    );
}

/// The frequency (Hz) near `f0` where the Hann-windowed DTFT of `x` peaks, to 0.1 cent.
fn peak_near(x: &[f32], f0: f64) -> f64 {
    let n = x.len();
    let w: Vec<f64> = (0..n)
        .map(|i| {
            let h = 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n as f64).cos();
            f64::from(x[i]) * h
        })
        .collect();
    let mag = |f: f64| {
        let (mut re, mut im) = (0.0, 0.0);
        let d = std::f64::consts::TAU * f / SR as f64;
        for (i, s) in w.iter().enumerate() {
            let p = d * i as f64;
            re += s * p.cos();
            im += s * p.sin();
        }
        re * re + im * im
    };
    let cents = |c: f64| f0 * 2f64.powf(c / 1200.0);
    let coarse = (-60..=60)
        .map(|c| c as f64)
        .max_by(|a, b| mag(cents(*a)).total_cmp(&mag(cents(*b))))
        .unwrap();
    let fine = (-10..=10)
        .map(|k| coarse + k as f64 * 0.1)
        .max_by(|a, b| mag(cents(*a)).total_cmp(&mag(cents(*b))))
        .unwrap();
    cents(fine)
}

fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
}

#[test]
fn piano_plays_the_note_in_tune_and_decays() {
    for (name, midi) in [("c3", 48), ("c4", 60), ("c5", 72)] {
        // One note in two cycles (4 s at 0.5 cycles per second), held 3 s.
        let src = format!("out $ s \"<piano ~>\" # note \"{name}\" # sustain 3");
        let r = render_src(&src, 2.0);
        assert_eq!(r.cps, 0.5);
        // Mono: the voice is one channel, panned to the centre.
        assert_eq!(r.left, r.right, "{src}: mono");
        assert!(r.left.iter().all(|s| s.is_finite()));
        let f = 440.0 * 2f64.powf((midi as f64 - 69.0) / 12.0);
        let sr = SR as usize;
        let got = peak_near(&r.left[sr / 10..sr / 10 + sr / 2], f);
        let cents = 1200.0 * (got / f).log2();
        println!("piano note {midi}: {got:.3} Hz for {f:.3} Hz ({cents:+.2} cents)");
        assert!(cents.abs() < 5.0, "note {midi}: {cents} cents");
        // It decays while held: RMS over 0.1-0.3 s against 1.5-1.7 s and 2.6-2.8 s.
        let w = |a: f64| rms(&r.left[(a * SR as f64) as usize..((a + 0.2) * SR as f64) as usize]);
        let (early, mid, late) = (w(0.1), w(1.5), w(2.6));
        println!("  rms {early:.4} -> {mid:.4} -> {late:.4}");
        assert!(
            early > 1.5 * mid && mid > late,
            "note {midi}: {early} {mid} {late}"
        );
        let peak = r.left.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!((0.1..1.0).contains(&peak), "note {midi}: peak {peak}");
        // After the gate (3 s) the dampers stop it within half a second.
        let after = rms(&r.left[(3.5 * SR as f64) as usize..(3.7 * SR as f64) as usize]);
        assert!(
            after < 1e-3 * early.max(1e-9) + 1e-6,
            "note {midi}: rings on ({after})"
        );
    }
    // Higher partials die sooner: the 5th-8th partials' share of the level falls over time.
    let r = render_src("out $ s \"<piano ~>\" # note \"c3\" # sustain 3", 2.0);
    let f = 130.81;
    let share = |a: usize| {
        let x = &r.left[a..a + 8192];
        let p = |h: f64| common::dft_mag(x, (h * f) as f32, SR as f32) as f64;
        (5..=8).map(|h| p(h as f64)).sum::<f64>() / p(1.0)
    };
    let (early, late) = (share(2205), share(SR as usize * 2));
    println!("piano c3: partials 5-8 / fundamental {early:.3} at 0.05 s, {late:.3} at 2 s");
    assert!(late < 0.5 * early);
}

#[test]
fn playing_banks_stand_ins_and_the_piano_never_allocates() {
    use phonon::engine::{BlockInput, Engine, Handoff, HostTime};
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(SR as f64, handoff.clone());
    let src = "tempo: 1\nout $ stack [s \"bd*2 [sd cp] hh*4 <oh rd>\" # bank \"<RolandTR808 tr909 AkaiLinn>\" # n \"<0 1>\", note \"c4 [e4 g4] c5\" # s \"<piano gm_epiano1>\", s \"gm_acoustic_bass sd rim\"]";
    let p = LoadedProgram::compile(src, kit(), 4.0).unwrap();
    assert_eq!(p.stand_ins.len(), 11, "{:?}", p.stand_ins);
    assert_eq!(
        p.program.notes,
        [
            "bank `AkaiLinn`: `bd`, `sd`, `cp`, `hh`, `oh`, `rd` play without it (no sample folders `AkaiLinn_...`, and `AkaiLinn` is not a built-in drum machine)",
            "`sd` plays the built-in `sn` (no sample folder `sd`)",
            "`rd` plays the built-in `cr:1` (no sample folder `rd`)",
            "`gm_epiano1` plays the built-in `piano` (no sample folder `gm_epiano1`)",
            "`gm_acoustic_bass` plays the built-in `bass` (no sample folder `gm_acoustic_bass`)",
            "`rim` plays the built-in `rs` (no sample folder `rim`)",
        ]
    );
    engine.set_program(p);
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut heard = 0.0f32;
    for _ in 0..600 {
        l.fill(0.0);
        r.fill(0.0);
        assert_no_alloc::assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        heard = l.iter().fold(heard, |m, x| m.max(x.abs()));
    }
    assert!(heard > 0.1 && heard.is_finite(), "{heard}");
    handoff.collect_garbage();
}

#[test]
fn duckorbit_reaches_the_orbit_of_another_block() {
    // strudel.cc's sidechain: orbits are shared by all `$:` blocks, so the kicks of the second
    // block duck the first block's orbit 2 (held sawtooth), and nothing else.
    let pad = "$: note(\"c3\").s(\"sawtooth\").clip(1).orbit(2)\n";
    let plain = render_src(&format!("{pad}$: s(\"bd*4\").postgain(0)"), 1.0);
    let ducked = render_src(
        &format!("{pad}$: s(\"bd*4\").duckorbit(2).duckattack(0.2).postgain(0)"),
        1.0,
    );
    let rms =
        |x: &[f32]| (x.iter().map(|s| (*s as f64).powi(2)).sum::<f64>() / x.len() as f64).sqrt();
    for kick in samples_at(&[0.25, 0.5, 0.75], plain.cps) {
        let w = |r: &Rendered, from_s: f64| {
            let a = kick + (from_s * SR as f64) as usize;
            rms(&r.left[a..a + 480])
        };
        let dip = w(&ducked, 0.0095) / w(&plain, 0.0095);
        let back = w(&ducked, 0.3) / w(&plain, 0.3);
        assert!(dip < 0.03 && (back - 1.0).abs() < 0.01, "{dip} {back}");
    }
}

#[test]
fn a_missing_sound_in_strudel_code_plays_nothing_and_says_so_while_the_rest_plays() {
    let src = "$: s(\"bd zzzq\")";
    let n = notes(src);
    assert!(
        n.iter()
            .any(|x| x.starts_with("`zzzq` (line 1) plays nothing")
                && x.contains("unknown sample `zzzq`")),
        "{n:?}"
    );
    render::assert_same(
        &render_src(src, 1.0),
        &render_src("$: s(\"bd ~\")", 1.0),
        src,
    );
}

#[test]
fn a_drum_machine_sound_named_in_full_plays_the_plain_drum_with_a_note() {
    let src = "$: s(\"linndrum_bd linndrum_sd\")";
    let n = notes(src);
    assert_eq!(
        n,
        vec!["bank `linndrum`: `bd`, `sd` play without it (no sample folders `linndrum_...`, and `linndrum` is not a built-in drum machine)"]
    );
    render::assert_same(
        &render_src(src, 1.0),
        &render_src("$: s(\"bd sd\")", 1.0),
        src,
    );
}

/// The plugin's library leaves the embedded kit to the programs too (`Library::with_kit_lazy`):
/// a program gets the kit's sounds it names (in its strings, Tidal's and Strudel's, or through a
/// stand-in: Strudel's `sd` plays the kit's `sn`) as the same samples as the whole kit's, and
/// renders the same; the kit's other sounds are not synthesized for it.
#[test]
fn kit_sounds_come_with_the_programs_that_name_them() {
    let lazy = Library::with_kit_lazy(SR as f32);
    assert!(lazy.kit_later() && !lazy.banks.contains_key("bd"));
    let opts = CompileOptions::new(4.0);
    for (src, named, not) in [
        (
            "out $ s \"bd*2 [hh arpy:1]\"",
            &["bd", "hh", "arpy"][..],
            "cp",
        ),
        ("$: s(\"bd sd\").gain(0.8)", &["bd", "sn"][..], "hh"),
        ("$: s('tink')", &["tink"][..], "bd"),
        ("$: s(`<cp tink>`)", &["cp", "tink"][..], "bd"),
    ] {
        for p in [
            LoadedProgram::compile_with(src, &lazy, &opts).unwrap(),
            LoadedProgram::compile_with_samples(src, &lazy, &BankIndex::empty(), &opts).unwrap(),
        ] {
            for name in named {
                let got = bank_of(&p, name).unwrap_or_else(|| panic!("{src}: no {name}"));
                let whole = &kit().banks[*name];
                assert_eq!(got.len(), whole.len(), "{src}: {name}");
                assert!(got.iter().zip(whole).all(|(a, b)| a == b), "{src}: {name}");
            }
            assert!(bank_of(&p, not).is_none(), "{src}: {not} synthesized");
        }
        let spec = RenderSpec {
            sample_rate: SR,
            cycles: 2.0,
            beats_per_cycle: 4.0,
        };
        let draw = |lib: &Library| {
            render_with_index(src, lib, &BankIndex::empty(), &spec, || 512, |_, _| {}).unwrap()
        };
        let (a, b) = (draw(&lazy), draw(kit()));
        assert!(render::energy(&a.left) > 1e-3, "{src} sounds");
        render::assert_same(&a, &b, src);
    }
}

/// The plugin's library leaves the drum machines to the first program that names one
/// (`Library::with_kit_lazy`): a program that does gets the same banks as with the whole kit,
/// by bank name, alias or full sound name; one that does not gets none.
#[test]
fn drum_machines_come_with_the_first_program_that_names_one() {
    let lazy = Library::with_kit_lazy(SR as f32);
    assert!(lazy.machines_later() && !lazy.banks.contains_key("RolandTR808_bd"));
    let opts = CompileOptions::new(4.0);
    for (src, name) in [
        ("out $ s \"bd sd\" # bank \"RolandTR808\"", "RolandTR808_sd"),
        ("out $ s \"bd\" # bank \"tr909\"", "RolandTR909_bd"),
        ("out $ s \"RolandTR808_cp:1\"", "RolandTR808_cp"),
        // A stand-in that is a machine's sound (Dirt-Samples' `808bd`).
        ("out $ s \"808bd\"", "RolandTR808_bd"),
    ] {
        for p in [
            LoadedProgram::compile_with(src, &lazy, &opts).unwrap(),
            LoadedProgram::compile_with_samples(src, &lazy, &BankIndex::empty(), &opts).unwrap(),
        ] {
            let got = bank_of(&p, name).unwrap_or_else(|| panic!("{src}: no {name}"));
            let whole = &kit().banks[name];
            assert!(got.iter().zip(whole).all(|(a, b)| a == b), "{src}");
            assert!(
                p.stand_ins.iter().all(|s| s.name == "808bd"),
                "{src}: {:?}",
                p.stand_ins
            );
        }
    }
    let p = LoadedProgram::compile_with("out $ s \"bd sn\"", &lazy, &opts).unwrap();
    assert!(bank_of(&p, "RolandTR808_bd").is_none() && bank_of(&p, "bd").is_some());
}
