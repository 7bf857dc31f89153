//! The acceptance programs (`examples/`): each renders finite, audible sound
//! through the engine, and does what its header says: onsets (detected in the render, against
//! the times the program's own patterns give when queried), each layer or output isolated by
//! rendering it alone and comparing sample for sample, pitches, and the stereo image.

use phonon::cli::render::Rendered;

mod common;
#[path = "common/render.rs"]
mod render;
use render::*;

fn run(name: &str, cycles: f64) -> Rendered {
    let r = render_src(&shared_program(name), cycles);
    assert!(
        r.left.iter().chain(&r.right).all(|x| x.is_finite()),
        "{name}: non-finite samples"
    );
    let rms = (r.left.iter().map(|x| x * x).sum::<f32>() / r.left.len() as f32).sqrt();
    assert!(rms > 0.01, "{name}: nearly silent (rms {rms})");
    r
}

/// Asserts `full` is the mix of `parts`, sample for sample, on both channels.
fn assert_mix(full: &Rendered, parts: &[&Rendered], what: &str) {
    let zero = vec![0.0f32; full.left.len()];
    let (mut l, mut r) = (zero.clone(), zero);
    for p in parts {
        assert!(
            energy(&p.left) + energy(&p.right) > 1e-3,
            "{what}: a part is silent"
        );
        (l, r) = (plus(&l, &p.left), plus(&r, &p.right));
    }
    let (dl, dr) = (max_diff(&full.left, &l), max_diff(&full.right, &r));
    assert!(
        dl < 1e-5 && dr < 1e-5,
        "{what}: not the mix of its parts (off by {dl} left, {dr} right)"
    );
}

/// The `s` names of an event (`bd:0` is `bd`).
fn sound(e: &Event) -> &str {
    e.value["s"]
        .as_str()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
}

/// Start times (cycles) of the events of `expr` over `[0, cycles)` whose sound is `s`.
fn starts_of(expr: &str, cycles: f64, s: &str) -> Vec<f64> {
    let mut t: Vec<f64> = query(expr, cycles)
        .iter()
        .filter(|e| sound(e) == s)
        .map(|e| e.cycle)
        .collect();
    t.dedup();
    t
}

fn eighths(ks: &[u32]) -> Vec<f64> {
    ks.iter().map(|&k| k as f64 / 8.0).collect()
}

#[test]
fn every_program_but_slicing_renders() {
    // `14_slicing` needs a `breaks125` folder (tested below with one).
    for ex in phonon::examples::EXAMPLES {
        if ex.file != "14_slicing.ph" {
            run(ex.file, 2.0);
        }
    }
}

/// The embedded table is the folder: every file of `examples/` is listed, with its text.
#[test]
fn every_example_file_is_embedded() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<&str> = phonon::examples::EXAMPLES.iter().map(|e| e.file).collect();
    assert_eq!(files, listed, "add new examples to src/examples.rs");
    for e in phonon::examples::EXAMPLES {
        assert_eq!(shared_program(e.file), e.code, "{}", e.file);
    }
    // The issue's genres, each one example at least.
    assert!(listed.len() >= 24, "only {} examples", listed.len());
}

/// The largest absolute sample of both channels.
fn peak(r: &Rendered) -> f32 {
    r.left
        .iter()
        .chain(&r.right)
        .fold(0.0, |m, x| m.max(x.abs()))
}

/// Every shipped program (`examples/*.ph` and the Strudel ones, `*.js`: the embedded examples
/// of `src/examples.rs`; `assets/demo.ph`; README's first example; the acceptance programs of
/// `../shared/programs` where that folder is beside the repository, as in CI) plays at or under
/// 0 dBFS over 8 cycles with the embedded kit, rendered as the CLI renders: Tidal programs at
/// SuperDirt's levels (`amp 0.4 * gain^4`, `engine/dirt_gate.rs`) through the orbit limiter
/// (`engine/orbit_limiter.rs`), Strudel programs at superdough's.
#[test]
fn every_shipped_program_peaks_under_0_dbfs() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let folder = |dir: std::path::PathBuf| -> Vec<(String, String)> {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut v: Vec<(String, String)> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ph" || x == "js"))
            // 14 needs a `breaks125` folder: its peak is checked with one in its own test below.
            .filter(|p| !p.ends_with("14_slicing.ph"))
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let mut programs = folder(root.join("examples"));
    programs.extend(folder(root.join("../shared/programs")));
    let demo = root.join("assets/demo.ph");
    programs.push((
        demo.display().to_string(),
        std::fs::read_to_string(&demo).unwrap(),
    ));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let first = readme.split("## A first example\n\n```\n").nth(1).unwrap();
    programs.push((
        "README's first example".into(),
        first[..first.find("```").unwrap()].into(),
    ));
    assert!(programs.len() >= 16, "{} programs", programs.len());
    let mut over = vec![];
    for (name, src) in &programs {
        let p = peak(&render_src(src, 8.0));
        println!("{name}: peak {p:.3} ({:+.2} dBFS)", 20.0 * p.log10());
        if p > 1.0 {
            over.push(format!("{name}: peak {p} over 0 dBFS"));
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}

#[test]
fn pan_pattern_alternates_sides() {
    // 04: pan "0 1" over bd*8: the first half of the cycle hard left, the second hard right.
    let r = run("04_voice_params.ph", 1.0);
    let half = SR as usize; // tempo 0.5: a cycle is 2 s
    assert!(energy(&r.left[..half / 2]) > 100.0 * energy(&r.right[..half / 2]).max(1e-9));
    assert!(
        energy(&r.right[half..half + half / 2])
            > 100.0 * energy(&r.left[half..half + half / 2]).max(1e-9)
    );
    // Each kick takes the value each control has at its onset (structure from the left of #).
    let spelled = "tempo: 0.5\nout $ s \"bd*8\" # gain \"1 1 0.7 0.7 0.8 0.8 0.6 0.6\" # speed \"1 1 1.5 1.5 0.5 0.5 2 2\" # pan \"0 0 0 0 1 1 1 1\"";
    assert_same(
        &r,
        &render_src(spelled, 1.0),
        "04: the controls event by event",
    );
}

#[test]
fn lfo_filter_sweeps_the_spectrum() {
    // 08: the filter cutoff follows a 0.25 Hz sine between 400 and 2200 Hz: the bright
    // half-period has more high-frequency energy than the dark one.
    let r = run("08_lfo_filter.ph", 2.0);
    let hf =
        |x: &[f32]| x.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum::<f32>() / energy(x).max(1e-9);
    let s = SR as usize;
    let bright = hf(&r.left[s / 2..3 * s / 2]); // sine rising to its peak at 1 s
    let dark = hf(&r.left[5 * s / 2..7 * s / 2]); // its trough at 3 s
    assert!(bright > 1.5 * dark, "bright {bright} dark {dark}");
}

#[test]
fn effects_bus_adds_a_tail() {
    // 09: delay and reverb on the drum bus keep sounding after the dry hits.
    let dry = render_src("tempo: 0.5\nout $ s \"[bd sn, hh*8]\" # gain 0.8", 1.0);
    let wet = run("09_effects_bus.ph", 1.0);
    let tail = |x: &[f32]| energy(&x[x.len() - SR as usize / 8..]);
    assert!(
        tail(&wet.left) > 2.0 * tail(&dry.left),
        "wet tail {} dry tail {}",
        tail(&wet.left),
        tail(&dry.left)
    );
}

#[test]
fn chords_sound_their_notes() {
    // 11: c4'maj on superpiano: C, E and G (261.6, 329.6, 392 Hz) dominate the first chord.
    let r = run("11_chords.ph", 1.0);
    let x = &r.left[..SR as usize / 4];
    let mag = |f: f32| common::dft_mag(x, f, SR as f32);
    let off = mag(293.7); // D, not in the chord
    for f in [261.6, 329.6, 392.0] {
        assert!(mag(f) > 4.0 * off, "{f} Hz: {} vs D {off}", mag(f));
    }
}

#[test]
fn each_output_plays_its_own_pattern() {
    // Regression: two outputs with different patterns must not share one graph node.
    let both = render_src("cps: 1\no1 $ s \"bd ~\"\no2 $ s \"~ cp\"", 1.0);
    let half = SR as usize / 2;
    assert!(both.left[..10].iter().any(|x| *x != 0.0), "o1's kick at 0");
    assert!(
        both.left[half..half + 10].iter().any(|x| *x != 0.0),
        "o2's clap at 1/2"
    );
}

#[test]
fn slicing_plays_the_loop_in_stretched_slices() {
    // 14: splice 8 "0 1 <2 3> 4 5 6 7 7" over a generated 8-beat loop in a temporary folder:
    // eight events per 2 s cycle, each a slice stretched to fill its event; the beats have
    // different pitches, so the slice order shows in the spectrum.
    let dir = std::env::temp_dir().join(format!("phonon-slicing-{}", std::process::id()));
    let bank = dir.join("breaks125");
    std::fs::create_dir_all(&bank).unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: SR,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(bank.join("loop.wav"), spec).unwrap();
    let beat = (SR as f32 * 0.24) as usize;
    for i in 0..beat * 8 {
        let (b, t) = (i / beat, (i % beat) as f32 / SR as f32);
        let x = (-t * 30.0).exp() * (std::f32::consts::TAU * (200.0 + 100.0 * b as f32) * t).sin();
        w.write_sample((x * 20000.0) as i16).unwrap();
    }
    w.finalize().unwrap();
    let index = phonon::samples::BankIndex::scan_paths(std::slice::from_ref(&dir));
    let lib = phonon::samples::Library::with_kit(SR as f32);
    let spec = phonon::cli::render::RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    let r = phonon::cli::render::render_with_index(
        &shared_program("14_slicing.ph"),
        &lib,
        &index,
        &spec,
        || 512,
        |_, _| {},
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(peak(&r) <= 1.0, "14_slicing: peak {} over 0 dBFS", peak(&r));
    let on = onset_frames(&r.left);
    let step = 2 * SR as usize / 8;
    for k in 0..8 {
        assert!(
            on.iter().any(|&o| o.abs_diff(k * step) < 300),
            "no slice onset near {}: {on:?}",
            k * step
        );
    }
    // Event 3 plays slice 4 (600 Hz beat, stretched by 0.24 s / 0.25 s to 576 Hz), not slice 3.
    let x = &r.left[3 * step + 200..3 * step + 4000];
    let mag = |f: f32| common::dft_mag(x, f, SR as f32);
    assert!(
        mag(576.0) > 3.0 * mag(480.0),
        "slice 4 at 576 Hz: {} vs slice 3 at 480 Hz: {}",
        mag(576.0),
        mag(480.0)
    );
}

/// Checks a program of sound layers: each layer's events (the program's `out` pattern queried,
/// by sound) start at `want` when given, the layer rendered alone (`layer`, a whole program)
/// has its onsets exactly there, and the program's render is the mix of the layers.
fn check_layers(name: &str, cycles: f64, layers: &[(&str, &str, Option<Vec<f64>>)]) {
    let src = shared_program(name);
    let expr = statement(&src, "out");
    let full = run(name, cycles);
    let mut parts = vec![];
    for (s, layer, want) in layers {
        let starts = starts_of(expr, cycles, s);
        if let Some(want) = want {
            assert_eq!(
                &starts_of(expr, 1.0, s),
                want,
                "{name}: the {s} events of a cycle"
            );
        }
        let part = render_src(layer, cycles);
        assert_onsets(
            &part.left,
            &samples_at(&starts, full.cps),
            &format!("{name}: {s} alone"),
        );
        parts.push(part);
    }
    assert_mix(&full, &parts.iter().collect::<Vec<_>>(), name);
}

#[test]
fn house_four_kicks_eight_hats_snares_on_2_and_4() {
    // 01, tempo 0.5 (a cycle is 2 s).
    let layer = |m: &str| format!("tempo: 0.5\nout $ s \"{m}\" # gain 0.8");
    check_layers(
        "01_house.ph",
        2.0,
        &[
            ("bd", &layer("bd*4"), Some(eighths(&[0, 2, 4, 6]))),
            (
                "hh",
                &layer("hh*8"),
                Some(eighths(&[0, 1, 2, 3, 4, 5, 6, 7])),
            ),
            ("sn", &layer("~ sn ~ sn"), Some(eighths(&[2, 6]))),
        ],
    );
}

#[test]
fn euclid_kicks_at_0_3_8_and_6_8() {
    // 02, cps 1: the kick layer alone has its onsets at 0, 3/8 and 6/8; snares and hats are
    // the other layers.
    let layer = |m: &str| format!("cps: 1\nout $ s \"{m}\"");
    check_layers(
        "02_euclid.ph",
        2.0,
        &[
            ("bd", &layer("bd:0(3,8)"), Some(eighths(&[0, 3, 6]))),
            ("sn", &layer("[~ sn]*2"), Some(eighths(&[2, 6]))),
            ("hh", &layer("hh(5,8,2)"), None),
        ],
    );
    // `bd:0` is the bank's first variant, `n 0`, not another one.
    let one = |s: &str| render_src(&format!("out $ s \"{s}\""), 1.0);
    assert_same(
        &one("bd:0"),
        &render_src("out $ s \"bd\" # n 0", 1.0),
        "02: bd:0 against n 0",
    );
    assert_differ(&one("bd:0"), &one("bd:1"), "02: bd:0 against bd:1");
}

#[test]
fn alternation_snare_on_even_cycles_clap_on_odd() {
    // 03: the second step is sn in cycles 0, 2 and cp in 1, 3, at the gain pattern's 0.8.
    let src = shared_program("03_alternation.ph");
    let second: Vec<Event> = query(statement(&src, "out"), 4.0)
        .into_iter()
        .filter(|e| e.cycle.fract() == 0.25)
        .collect();
    assert_eq!(
        second.iter().map(sound).collect::<Vec<_>>(),
        ["sn", "cp", "sn", "cp"]
    );
    let full = run("03_alternation.ph", 4.0);
    let rest = render_src(
        "tempo: 0.5\nout $ s \"bd ~ [hh hh] ~\" # gain \"1 0.8 0.9 0.7\"",
        4.0,
    );
    let alt = render_src(
        "tempo: 0.5\nout $ slow 2 $ s \"~ sn ~ ~ ~ cp ~ ~\" # gain 0.8",
        4.0,
    );
    assert_mix(&full, &[&rest, &alt], "03");
    assert_onsets(
        &minus(&full.left, &rest.left),
        &samples_at(&[0.25, 1.25, 2.25, 3.25], 0.5),
        "03: the second step",
    );
    assert_differ(
        &render_src("out $ s \"sn\"", 1.0),
        &render_src("out $ s \"cp\"", 1.0),
        "03: sn against cp",
    );
}

#[test]
fn transforms_pipe_style_means_tidal_style() {
    // 05: o1 is written in Phonon's pipe style, o2 in Tidal's; each means the other spelling.
    let src = shared_program("05_transforms.ph");
    let (o1, o2) = (statement(&src, "o1"), statement(&src, "o2"));
    let (t1, p2) = (
        "fast 2 $ every 4 rev $ s \"bd sn hh cp\"",
        "s \"~ cp\" $ every 3 (0.25 <~)",
    );
    assert_eq!(
        format!("{:?}", query(o1, 8.0)),
        format!("{:?}", query(t1, 8.0)),
        "05: o1 in Tidal's style"
    );
    assert_eq!(
        format!("{:?}", query(o2, 8.0)),
        format!("{:?}", query(p2, 8.0)),
        "05: o2 in pipe style"
    );
    // The transforms act: fast 2 plays the pattern's cycles 0 (reversed by every 4) and 1 in
    // cycle 0; every 3 shifts the clap a quarter earlier in cycles 0 and 3.
    let names: Vec<_> = query(o1, 1.0)
        .iter()
        .map(|e| sound(e).to_string())
        .collect();
    assert_eq!(names, ["cp", "hh", "sn", "bd", "bd", "sn", "hh", "cp"]);
    assert_eq!(query_starts(o2, 6.0), [0.25, 1.5, 2.5, 3.25, 4.5, 5.5]);
    let full = run("05_transforms.ph", 6.0);
    assert_same(
        &full,
        &render_src(&format!("tempo: 0.5\no1 $ {t1}\no2 $ {p2}"), 6.0),
        "05 in the swapped styles",
    );
    let only1 = render_src(&format!("tempo: 0.5\no1 $ {o1}"), 6.0);
    assert_onsets(
        &only1.left,
        &samples_at(&query_starts(o1, 6.0), 0.5),
        "05: o1",
    );
    assert_onsets(
        &minus(&full.left, &only1.left),
        &samples_at(&query_starts(o2, 6.0), 0.5),
        "05: o2",
    );
}

#[test]
fn jux_original_hard_left_reversed_copy_hard_right_with_echoes() {
    // 06: the left channel is the echoed pattern, spelled out as three copies 1/8 apart at
    // gains 1, 0.6, 0.36; the right channel is its reversal; nothing crosses over.
    let src = shared_program("06_stereo_layers.ph");
    let expr = statement(&src, "out");
    let echoes = "stack [s \"bd*2 [~ sn]\", 0.125 ~> (s \"bd*2 [~ sn]\" # gain 0.6), 0.25 ~> (s \"bd*2 [~ sn]\" # gain 0.36)]";
    let full = run("06_stereo_layers.ph", 2.0);
    let left = render_src(&format!("tempo: 0.5\nout $ {echoes} # pan 0"), 2.0);
    let right = render_src(&format!("tempo: 0.5\nout $ rev ({echoes}) # pan 1"), 2.0);
    assert!(
        energy(&left.right) < 1e-9 && energy(&right.left) < 1e-9,
        "06: pan 0 and 1 are not hard"
    );
    assert_mix(&full, &[&left, &right], "06");
    for (pan, x) in [(0, &full.left), (1, &full.right)] {
        // Onsets (cycles) of the events on this side: all, and the hits (gain 1). The echoes
        // (gain 0.6, 0.36) play 18 and 35 dB down under SuperDirt's `gain^4`, some under the
        // tails of the hits (the mix check above places them): every hit is heard, and every
        // onset heard is an event's.
        let starts = |hits: bool| {
            let mut t: Vec<f64> = query(expr, 2.0)
                .iter()
                .filter(|e| e.value["pan"] == pan)
                .filter(|e| !hits || e.value["gain"].as_f64().unwrap_or(1.0) > 0.99)
                .map(|e| e.cycle)
                .collect();
            t.dedup();
            samples_at(&t, 0.5)
        };
        let (all, hits, got) = (starts(false), starts(true), onset_frames(x));
        let near = |a: usize, bs: &[usize]| bs.iter().any(|&b| a.abs_diff(b) < 300);
        assert!(
            hits.iter().all(|h| near(*h, &got)) && got.iter().all(|g| near(*g, &all)),
            "06: pan {pan}: hits {hits:?}, events {all:?}, detected {got:?}"
        );
    }
}

#[test]
fn offsets_and_random_variation_identical_on_every_render() {
    // 07: o1 is the kick and snare plus a copy 1/8 later at double speed; o2 plays about 30%
    // of its hats at speed 2, the ones the pattern's seeded randomness picks, on every render
    // and for any block size.
    let src = shared_program("07_offsets_random.ph");
    let (o1, o2) = (statement(&src, "o1"), statement(&src, "o2"));
    let full = run("07_offsets_random.ph", 4.0);
    let again = render_src(&src, 4.0);
    assert!(
        full.left == again.left && full.right == again.right,
        "07: two renders differ"
    );
    assert_same(
        &full,
        &render_with(&src, 4.0, 4.0, 97),
        "07 in blocks of 97",
    );
    assert_eq!(query_starts(o1, 1.0), eighths(&[0, 1, 4, 5]));
    let only1 = render_src(&format!("tempo: 0.5\no1 $ {o1}"), 4.0);
    let plain = render_src("tempo: 0.5\nout $ s \"bd ~ sn ~\"", 4.0);
    let copy = render_src("tempo: 0.5\nout $ 0.125 ~> s \"bd ~ sn ~\" # speed 2", 4.0);
    assert_mix(&only1, &[&plain, &copy], "07: o1");
    assert_onsets(
        &only1.left,
        &samples_at(&query_starts(o1, 4.0), 0.5),
        "07: o1",
    );
    let hats = query(o2, 4.0);
    assert_eq!(hats.len(), 64);
    let speeds: Vec<&str> = hats
        .iter()
        .map(|e| if e.value["speed"] == 2 { "2" } else { "1" })
        .collect();
    let doubled = speeds.iter().filter(|s| **s == "2").count();
    assert!(
        (8..=32).contains(&doubled),
        "07: {doubled} of 64 hats at speed 2"
    );
    let cycles: Vec<String> = speeds
        .chunks(16)
        .map(|c| format!("[{}]", c.join(" ")))
        .collect();
    let chosen = format!(
        "tempo: 0.5\nout $ s \"hh*16\" # gain 0.5 # speed \"<{}>\"",
        cycles.join(" ")
    );
    assert_mix(
        &full,
        &[&only1, &render_src(&chosen, 4.0)],
        "07: o2 plays the queried speeds",
    );
    assert_differ(
        &render_src("out $ s \"hh\"", 1.0),
        &render_src("out $ s \"hh\" # speed 2", 1.0),
        "07: speed 2",
    );
}

#[test]
fn multi_out_outputs_mixed_on_the_cli_and_on_their_own_ports() {
    // 10: the CLI render is the mix of the three outputs rendered alone; routed as the
    // Multi-Out plugin routes them, each output is only on its own port.
    let src = shared_program("10_multi_out.ph");
    let full = run("10_multi_out.ph", 4.0);
    let outs = ["o1", "o2", "o3"]
        .map(|o| render_src(&format!("tempo: 0.5\n{o} $ {}", statement(&src, o)), 4.0));
    assert_mix(&full, &outs.iter().collect::<Vec<_>>(), "10");
    assert_eq!(
        query_starts(statement(&src, "o1"), 1.0),
        eighths(&[0, 2, 4, 6])
    );
    assert_eq!(query_starts(statement(&src, "o2"), 1.0), eighths(&[2, 6]));
    let hats = query_starts(statement(&src, "o3"), 4.0);
    assert!(
        hats.iter().all(|t| (t * 8.0).fract() == 0.0) && (12..=30).contains(&hats.len()),
        "10: o3 keeps {hats:?}"
    );
    for (o, r) in ["o1", "o2", "o3"].iter().zip(&outs) {
        assert_onsets(
            &r.left,
            &samples_at(&query_starts(statement(&src, o), 4.0), 0.5),
            &format!("10: {o}"),
        );
    }
    let ports = render_ports(&src, 4.0);
    assert!(
        energy(&ports[0].0) + energy(&ports[0].1) == 0.0,
        "10: the main port is not silent"
    );
    for (k, (l, r)) in ports.iter().enumerate().skip(1) {
        let (wl, wr) = outs
            .get(k - 1)
            .map_or((&ports[0].0, &ports[0].1), |o| (&o.left, &o.right));
        assert!(
            max_diff(l, wl) < 1e-5 && max_diff(r, wr) < 1e-5,
            "10: port o{k} is not output o{k} alone"
        );
    }
}

#[test]
fn melody_plays_minor_scale_degrees_through_a_filter() {
    // 12: n "0 2 4 <7 9> 5 4 2 0" # scale "minor" # octave 4: each note's pitch is its degree
    // in C minor from C3 (MIDI 48); lpf 1200 takes off the saws' upper harmonics.
    let src = shared_program("12_melody.ph");
    let full = run("12_melody.ph", 2.0);
    let evs = query(statement(&src, "out"), 2.0);
    let degrees: Vec<i64> = evs.iter().map(|e| e.value["n"].as_i64().unwrap()).collect();
    assert_eq!(degrees, [0, 2, 4, 7, 5, 4, 2, 0, 0, 2, 4, 9, 5, 4, 2, 0]);
    let minor = [0, 2, 3, 5, 7, 8, 10];
    for (e, d) in evs.iter().zip(&degrees) {
        let want = 48 + 12 * (d / 7) as i32 + minor[(d % 7) as usize];
        let t = samples_at(&[e.cycle], 0.5)[0] + 441;
        assert_eq!(
            pitch(&full.left[t..t + 7000], 36, 72),
            want,
            "12: the note at cycle {}",
            e.cycle
        );
    }
    let open = render_src(&src.replace(" # lpf 1200 # resonance 0.2", ""), 2.0);
    // The energy of the third difference (a high-pass rising 18 dB an octave) over the whole:
    // supersaw's own ladder filter already sits at 10 to 20 times the note (1.3 to 2.6 kHz at
    // C3), so lpf 1200 shows above it.
    let hf = |x: &[f32]| {
        x.windows(4)
            .map(|w| (w[3] - 3.0 * w[2] + 3.0 * w[1] - w[0]).powi(2))
            .sum::<f32>()
            / energy(x).max(1e-9)
    };
    assert!(
        hf(&open.left) > 3.0 * hf(&full.left),
        "12: lpf 1200 barely filters ({} open, {} filtered)",
        hf(&open.left),
        hf(&full.left)
    );
}

#[test]
fn arith_second_layer_an_octave_up_every_other_cycle() {
    // 13: the second layer is n "0 3 7" |+ n "<0 12>": the first layer again on even cycles,
    // an octave (12 semitones) up on odd ones.
    let src = shared_program("13_arith.ph");
    let evs = query(statement(&src, "out"), 4.0);
    assert_eq!(evs.len(), 24);
    for pair in evs.chunks(2) {
        let mut n: Vec<i64> = pair
            .iter()
            .map(|e| e.value["n"].as_i64().unwrap())
            .collect();
        n.sort();
        let up = if pair[0].cycle as i64 % 2 == 1 { 12 } else { 0 };
        assert!(
            pair[0].cycle == pair[1].cycle && n[1] - n[0] == up,
            "13: {pair:?}"
        );
    }
    let full = run("13_arith.ph", 4.0);
    let first = render_src(
        "tempo: 0.5\nout $ n \"0 3 7\" # s \"superfm\" # gain 0.95",
        4.0,
    );
    let second = minus(&full.left, &first.left);
    let cycle = 2 * SR as usize;
    assert!(
        max_diff(&second[..cycle], &first.left[..cycle]) < 1e-5,
        "13: cycle 0's layers differ"
    );
    for (c, step) in [(1, 0), (1, 1), (1, 2), (3, 0), (2, 1), (0, 2)] {
        let t = c * cycle + step * cycle / 3 + 441;
        let (a, b) = (
            pitch(&first.left[t..t + 8000], 48, 84),
            pitch(&second[t..t + 8000], 48, 96),
        );
        let up = if c % 2 == 1 { 12 } else { 0 };
        assert_eq!(
            (a, b - a),
            ([60, 63, 67][step], up),
            "13: cycle {c} step {step}"
        );
    }
}

#[test]
fn voice_storm_plays_every_chord_note() {
    // 15: tempo 8, 50 chords of 4 notes a cycle: hundreds of voices at once, none dropped:
    // the render is the mix of the four notes' patterns rendered alone.
    let src = shared_program("15_voice_storm.ph");
    assert_eq!(query(statement(&src, "out"), 1.0).len(), 200);
    let full = run("15_voice_storm.ph", 8.0);
    let c = full.counters;
    assert!(
        c.max_voices >= 200 && c.voice_steals == 0 && c.event_overflows == 0,
        "15: {}",
        c.summary()
    );
    let notes = [0, 4, 7, 10].map(|n| {
        render_src(
            &format!("tempo: 8.0\nout $ s \"bd*50\" # note {n} # gain 0.53"),
            8.0,
        )
    });
    assert_mix(&full, &notes.iter().collect::<Vec<_>>(), "15");
}
