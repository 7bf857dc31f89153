//! `phonon render --stems`: the built binary writes the mix and one stereo WAV per output, in one
//! pass. Measured on the shared program 10_multi_out.ph: a file per output, each stem's onsets
//! where its own pattern puts them, the stems summing to the mix bit for bit, and each stem
//! equal to its output rendered alone (so no other output's sound is in it).

mod common;
#[path = "common/render.rs"]
mod render;
use render::*;
use std::path::{Path, PathBuf};

/// A 32-bit float stereo WAV as (left, right).
fn read_wav(path: &Path) -> (Vec<f32>, Vec<f32>) {
    let mut r = hound::WavReader::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec = r.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (2, SR, 32),
        "{}",
        path.display()
    );
    let x: Vec<f32> = r.samples::<f32>().map(|s| s.unwrap()).collect();
    (
        x.iter().step_by(2).copied().collect(),
        x.iter().skip(1).step_by(2).copied().collect(),
    )
}

/// Runs `phonon render SRC -o DIR/OUT --sample-rate SR --cycles C [extra]`, returning stdout.
fn phonon_render(src: &Path, out: &Path, cycles: f64, extra: &[&str]) -> String {
    let cycles = cycles.to_string();
    let sr = SR.to_string();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_phonon"))
        .args([
            "render",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--sample-rate",
            &sr,
            "--cycles",
            &cycles,
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "phonon render failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The `stem NAME to PATH, peak P` lines of a render's output, as (name, path).
fn stem_lines(stdout: &str) -> Vec<(String, PathBuf)> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("stem "))
        .map(|l| {
            let (name, rest) = l.split_once(" to ").unwrap();
            let (path, _) = rest.rsplit_once(", peak ").unwrap();
            (name.to_string(), PathBuf::from(path))
        })
        .collect()
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phonon-stems-{tag}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Files in `dir`, by name.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn multi_out_stems_sum_to_the_mix_and_hold_only_their_output() {
    let cycles = 4.0; // 8 s at tempo 0.5
    let dir = temp_dir("10");
    let program = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/10_multi_out.ph");
    let src = std::fs::read_to_string(&program).unwrap();
    let mix_path = dir.join("mix.wav");
    let stdout = phonon_render(&program, &mix_path, cycles, &["--stems"]);

    // One file per output, named after it, printed in the program's order.
    let stems = stem_lines(&stdout);
    let names: Vec<&str> = stems.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["o1", "o2", "o3"], "{stdout}");
    for (name, path) in &stems {
        assert_eq!(path, &dir.join(format!("mix.{name}.wav")), "{stdout}");
    }
    assert_eq!(
        listing(&dir),
        ["mix.o1.wav", "mix.o2.wav", "mix.o3.wav", "mix.wav"]
    );

    // The mix is the render without --stems, byte for byte.
    let plain = dir.join("plain.wav");
    phonon_render(&program, &plain, cycles, &[]);
    assert!(
        std::fs::read(&plain).unwrap() == std::fs::read(&mix_path).unwrap(),
        "--stems changed the mix"
    );
    std::fs::remove_file(&plain).unwrap();

    let (ml, mr) = read_wav(&mix_path);
    let total = (cycles / 0.5 * SR as f64).round() as usize;
    assert_eq!(ml.len(), total);
    let wavs: Vec<(Vec<f32>, Vec<f32>)> = stems.iter().map(|(_, p)| read_wav(p)).collect();

    // Summed in the program's order of outputs, from 0 (as the engine mixes), the stems are the
    // mix bit for bit.
    for (name, (l, r)) in names.iter().zip(&wavs) {
        assert_eq!((l.len(), r.len()), (total, total), "{name}: length");
        assert!(energy(l) + energy(r) > 1e-3, "{name}: silent");
    }
    let (mut sl, mut sr) = (vec![0.0f32; total], vec![0.0f32; total]);
    for (l, r) in &wavs {
        for i in 0..total {
            sl[i] += l[i];
            sr[i] += r[i];
        }
    }
    let bits = |x: &[f32]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert!(
        bits(&sl) == bits(&ml) && bits(&sr) == bits(&mr),
        "stems do not sum to the mix exactly (peak difference {})",
        max_diff(&sl, &ml).max(max_diff(&sr, &mr))
    );

    // Each stem's onsets are where its own pattern says, and nowhere else (the others' onsets
    // between them, e.g. o3's hats on the off 0.25 s, would be detected as unexpected).
    let s = |sec: f64| (sec * SR as f64).round() as usize;
    let o1: Vec<usize> = (0..16).map(|k| s(0.5 * k as f64)).collect(); // bd*4: every 0.5 s
    let o2: Vec<usize> = (0..8).map(|k| s(0.5 + k as f64)).collect(); // fast 2 "~ cp": 0.5 s, then every 1 s
    let hats = query_starts(statement(&src, "o3"), cycles); // degradeBy 0.3 "hh*8": the query's survivors
    assert!(
        hats.iter().all(|t| (t * 8.0).fract() == 0.0) && (12..=30).contains(&hats.len()),
        "o3 keeps {hats:?}"
    );
    let o3 = samples_at(&hats, 0.5);
    assert_eq!(
        samples_at(&query_starts(statement(&src, "o1"), cycles), 0.5),
        o1
    );
    assert_eq!(
        samples_at(&query_starts(statement(&src, "o2"), cycles), 0.5),
        o2
    );
    for ((name, (l, r)), want) in names.iter().zip(&wavs).zip([&o1, &o2, &o3]) {
        assert_onsets(l, want, &format!("stem {name} (left)"));
        assert_onsets(r, want, &format!("stem {name} (right)"));
    }
    // Before the first clap the mix sounds (kick, hats) and the o2 stem is exact silence.
    assert!(
        energy(&ml[..o2[0]]) > 1e-2,
        "the mix is silent before 0.5 s"
    );
    assert!(
        wavs[1].0[..o2[0]]
            .iter()
            .chain(&wavs[1].1[..o2[0]])
            .all(|&x| x == 0.0),
        "o2's stem sounds before its first clap"
    );

    // Each stem is its output rendered alone by the same binary (the other outputs' lines
    // removed): none of another output's sound is in it.
    for (k, (name, (l, r))) in names.iter().zip(&wavs).enumerate() {
        let solo_src = dir.join(format!("solo_{name}.ph"));
        std::fs::write(
            &solo_src,
            format!("tempo: 0.5\n{name} $ {}\n", statement(&src, name)),
        )
        .unwrap();
        let solo = dir.join(format!("solo_{name}.wav"));
        phonon_render(&solo_src, &solo, cycles, &[]);
        let (al, ar) = read_wav(&solo);
        let d = max_diff(l, &al).max(max_diff(r, &ar));
        assert!(
            d == 0.0,
            "stem {name} differs from {name} rendered alone by {d}"
        );
        // ... and it differs from every other stem's output (the comparison can fail).
        for (j, (ol, _)) in wavs.iter().enumerate().filter(|&(j, _)| j != k) {
            assert!(
                max_diff(ol, &al) > 0.01,
                "stem {} looks like {name} alone",
                names[j]
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stems_follow_the_programs_order_and_name_the_main_output_out() {
    // `o2` defined before `out`: the stems are printed (and sum to the mix) in that order; the
    // main output's stem is OUT.out.wav.
    let dir = temp_dir("order");
    let program = dir.join("p.ph");
    std::fs::write(&program, "tempo: 1\no2 $ s \"~ cp\"\nout $ s \"bd*2\"\n").unwrap();
    let stdout = phonon_render(&program, &dir.join("song.wav"), 1.0, &["--stems"]);
    let stems = stem_lines(&stdout);
    assert_eq!(
        stems,
        [
            ("o2".to_string(), dir.join("song.o2.wav")),
            ("out".to_string(), dir.join("song.out.wav"))
        ],
        "{stdout}"
    );
    assert_eq!(
        listing(&dir),
        ["p.ph", "song.o2.wav", "song.out.wav", "song.wav"]
    );
    let (ml, _) = read_wav(&dir.join("song.wav"));
    let (a, _) = read_wav(&stems[0].1);
    let (b, _) = read_wav(&stems[1].1);
    let sum: Vec<u32> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (0.0 + x + y).to_bits())
        .collect();
    assert!(
        sum == ml.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        "o2 + out is not the mix"
    );
    assert!(
        a[..SR as usize / 2].iter().all(|&x| x == 0.0) && energy(&b[..SR as usize / 2]) > 1e-3,
        "the clap stem holds the kick"
    );
    std::fs::remove_dir_all(&dir).ok();
}
