//! The kit's guarantees, tested at several rates.

use super::blocks::*;
use super::*;

fn channels(s: &Sample) -> Vec<&[f32]> {
    let mut c = vec![s.left.as_slice()];
    if let Some(r) = &s.right {
        c.push(r.as_slice());
    }
    c
}

fn peak_of(x: &[f32]) -> f32 {
    x.iter().fold(0.0_f32, |m, s| m.max(s.abs()))
}

/// Checks every property the engine relies on, at `rate`.
fn check_well_formed(rate: f32) {
    for (name, variants) in synthesize(rate) {
        for (v, s) in variants.iter().enumerate() {
            assert_eq!(s.sample_rate, rate, "{name}:{v}");
            if let Some(r) = &s.right {
                assert_eq!(r.len(), s.left.len(), "{name}:{v} channel lengths");
            }
            let mut p = 0.0_f32;
            for (c, x) in channels(s).into_iter().enumerate() {
                assert!(x.len() > 100, "{name}:{v} too short");
                assert!(x.iter().all(|s| s.is_finite()), "{name}:{v} non-finite");
                assert!(x[0] != 0.0, "{name}:{v} ch{c} starts with 0");
                assert!(x[0].abs() > 1e-3, "{name}:{v} ch{c} weak onset {}", x[0]);
                assert_eq!(
                    *x.last().unwrap(),
                    0.0,
                    "{name}:{v} ch{c} does not end at 0"
                );
                // The end is a fade, not a cut: the last 2 ms are quiet.
                let tail = peak_of(&x[x.len() - (rate * 0.002) as usize..]);
                assert!(tail < 0.05, "{name}:{v} ch{c} tail {tail}");
                let mean = x.iter().map(|&s| f64::from(s)).sum::<f64>() / x.len() as f64;
                assert!(mean.abs() < 0.01, "{name}:{v} ch{c} DC {mean}");
                p = p.max(peak_of(x));
            }
            assert!((0.3..1.0).contains(&p), "{name}:{v} peak {p}");
        }
    }
}

fn get(kit: &[(&'static str, Vec<Sample>)], name: &str) -> Vec<Sample> {
    kit.iter().find(|(n, _)| *n == name).unwrap().1.clone()
}

/// Share of spectral energy in `lo..hi` Hz over the first `n` samples
/// (Hann window, every DFT bin by the Goertzel recurrence).
pub(super) fn band_fraction(x: &[f32], rate: f64, n: usize, lo: f64, hi: f64) -> f64 {
    let n = n.min(x.len());
    let w: Vec<f64> = (0..n)
        .map(|i| f64::from(x[i]) * (0.5 - 0.5 * (TAU * i as f64 / n as f64).cos()))
        .collect();
    let (mut band, mut total) = (0.0, 0.0);
    for k in 0..=n / 2 {
        let coeff = 2.0 * (TAU * k as f64 / n as f64).cos();
        let (mut s1, mut s2) = (0.0, 0.0);
        for &s in &w {
            let s0 = s + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        let power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        let f = k as f64 * rate / n as f64;
        total += power;
        if (lo..hi).contains(&f) {
            band += power;
        }
    }
    band / total
}

#[test]
fn every_name_has_four_variants_in_order() {
    let kit = synthesize(48_000.0);
    assert_eq!(kit.len(), names().len());
    for ((name, variants), expected) in kit.iter().zip(names()) {
        assert_eq!(name, expected);
        assert_eq!(variants.len(), 4, "{name}");
    }
    for required in [
        "bd", "sn", "hh", "oh", "cp", "rs", "lt", "mt", "ht", "cb", "cr", "perc", "arpy", "bass",
        "casio", "tink",
    ] {
        assert!(names().contains(&required), "{required} missing");
    }
}

#[test]
fn samples_are_well_formed_at_48k() {
    check_well_formed(48_000.0);
}

#[test]
fn samples_are_well_formed_at_extreme_rates() {
    check_well_formed(22_050.0);
    check_well_formed(192_000.0);
}

#[test]
fn variants_differ() {
    for (name, variants) in synthesize(48_000.0) {
        for a in 0..variants.len() {
            for b in a + 1..variants.len() {
                assert_ne!(
                    variants[a].left, variants[b].left,
                    "{name}:{a} == {name}:{b}"
                );
            }
        }
    }
}

#[test]
fn deterministic() {
    assert_eq!(synthesize(48_000.0), synthesize(48_000.0));
    assert_eq!(synthesize(44_100.0), synthesize(44_100.0));
}

#[test]
fn durations_do_not_depend_on_sample_rate() {
    let a = synthesize(44_100.0);
    let b = synthesize(96_000.0);
    for ((name, va), (_, vb)) in a.iter().zip(&b) {
        for (v, (sa, sb)) in va.iter().zip(vb).enumerate() {
            let da = sa.left.len() as f64 / 44_100.0;
            let db = sb.left.len() as f64 / 96_000.0;
            assert!((da - db).abs() < 1e-3, "{name}:{v}: {da} s vs {db} s");
        }
    }
}

#[test]
fn crash_is_stereo_and_the_rest_mono() {
    for (name, variants) in synthesize(48_000.0) {
        for s in &variants {
            assert_eq!(s.right.is_some(), name == "cr", "{name}");
        }
    }
}

#[test]
fn kick_energy_is_below_200_hz() {
    let kit = synthesize(48_000.0);
    for (v, s) in get(&kit, "bd").iter().enumerate() {
        let f = band_fraction(&s.left, 48_000.0, 8192, 0.0, 200.0);
        assert!(f > 0.8, "bd:{v}: only {f} below 200 Hz");
    }
}

#[test]
fn hat_energy_is_above_5_khz() {
    let kit = synthesize(48_000.0);
    for name in ["hh", "oh"] {
        for (v, s) in get(&kit, name).iter().enumerate() {
            let f = band_fraction(&s.left, 48_000.0, 4096, 5_000.0, 24_001.0);
            assert!(f > 0.8, "{name}:{v}: only {f} above 5 kHz");
        }
    }
}

/// Power of DFT bin `k` of the first `n` samples (Goertzel, Hann window).
pub(super) fn bin_power(x: &[f32], n: usize, k: usize) -> f64 {
    let coeff = 2.0 * (TAU * k as f64 / n as f64).cos();
    let (mut s1, mut s2) = (0.0, 0.0);
    for (i, &s) in x[..n].iter().enumerate() {
        let w = 0.5 - 0.5 * (TAU * i as f64 / n as f64).cos();
        let s0 = f64::from(s) * w + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    s1 * s1 + s2 * s2 - coeff * s1 * s2
}

#[test]
fn arpy_is_tuned() {
    // The strongest partial between 0.7 and 1.4 x the nominal pitch is
    // within 0.5 % (9 cents) of it; bins are 48000 / 16384 = 2.9 Hz apart.
    let kit = synthesize(48_000.0);
    let n = 16_384;
    let hz_per_bin = 48_000.0 / n as f64;
    for (v, (s, hz)) in get(&kit, "arpy")
        .iter()
        .zip([440.0, 554.37, 659.26, 880.0])
        .enumerate()
    {
        let (lo, hi) = (
            (0.7 * hz / hz_per_bin) as usize,
            (1.4 * hz / hz_per_bin) as usize,
        );
        let (best, _) = (lo..hi)
            .map(|k| (k, bin_power(&s.left, n, k)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        let f = best as f64 * hz_per_bin;
        assert!(
            (f / hz - 1.0).abs() < 0.005,
            "arpy:{v} peaks at {f} Hz, not {hz}"
        );
    }
}

#[test]
fn metal_matches_per_sample_pulses() {
    // The edge-by-edge cluster equals six per-sample PolyBLEP squares.
    for (sr, scale) in [(44_100.0, 1.0), (22_050.0, 1.3), (192_000.0, 0.8)] {
        let n = 20_000;
        let fast = metal(sr, scale, n, &mut Rng::new(7));
        let mut rng = Rng::new(7);
        let mut osc: Vec<(f64, f64)> = METAL_HZ
            .iter()
            .map(|hz| {
                let dt = hz * scale / sr;
                (dt + (0.45 - dt).max(0.0) * rng.unit(), dt)
            })
            .collect();
        for (i, &f) in fast.iter().enumerate() {
            let mut s = 0.0;
            for (phase, dt) in osc.iter_mut() {
                s += pulse(*phase, *dt, 0.5);
                advance(phase, *dt);
            }
            assert!((s / 6.0 - f).abs() < 1e-6, "sample {i}: {} vs {f}", s / 6.0);
        }
    }
}

/// `cargo test -- --ignored --nocapture timing` prints render times.
#[test]
#[ignore]
fn timing() {
    for rate in [44_100.0, 48_000.0, 96_000.0] {
        let mut best = std::time::Duration::MAX;
        let mut frames = 0;
        for _ in 0..5 {
            let t = std::time::Instant::now();
            let kit = synthesize(rate);
            best = best.min(t.elapsed());
            frames = kit.iter().flat_map(|(_, v)| v).map(|s| s.left.len()).sum();
        }
        println!("{rate} Hz: {best:?} (best of 5) for {frames} frames");
    }
    let t = std::time::Instant::now();
    let m = machines(48_000.0);
    println!(
        "drum machines at 48 kHz: {:?} for {} sounds",
        t.elapsed(),
        m.len()
    );
    for (name, voice) in NAMES.iter().zip(VOICES) {
        let t = std::time::Instant::now();
        for v in 0..VARIANTS {
            voice(48_000.0, v);
        }
        println!("  {name}: {:?}", t.elapsed());
    }
}
