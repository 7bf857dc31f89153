//! The built-in drum machines (`RolandTR808_*`, `RolandTR909_*`), rendered and measured:
//! pitch sweeps by zero crossings, decay times from the envelope, tone and noise by spectrum,
//! the 808 hats' metallic partials. `cargo test --lib samples::kit::machine_tests --
//! --nocapture` prints the figures.

use super::blocks::*;
use super::tests::{band_fraction, bin_power};
use super::*;

const SR: f64 = 48_000.0;

fn all() -> &'static [(String, Vec<Sample>)] {
    static ALL: std::sync::OnceLock<Vec<(String, Vec<Sample>)>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| machines(SR as f32))
}

fn get(name: &str, v: usize) -> &'static [f32] {
    &all()
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .1[v]
        .left
}

/// Zero crossings, both ways (interpolated, in seconds), of `x` low-passed twice at `lp` Hz (so a
/// click or the overtones do not add crossings).
fn crossings(x: &[f32], lp: f64) -> Vec<f64> {
    let (mut a, mut b) = (OnePole::new(SR, lp), OnePole::new(SR, lp));
    let y: Vec<f64> = x
        .iter()
        .map(|&s| b.process(a.process(f64::from(s))))
        .collect();
    let mut out = vec![];
    for i in 1..y.len() {
        if (y[i - 1] < 0.0) != (y[i] < 0.0) {
            out.push((i as f64 - 1.0 + y[i - 1] / (y[i - 1] - y[i])) / SR);
        }
    }
    out
}

/// The frequency of the first whole half cycle, and the mean frequency between `from` and `to`
/// s.
fn first_and_late(x: &[f32], from: f64, to: f64) -> (f64, f64) {
    let c = crossings(x, 500.0);
    let first = 0.5 / (c[1] - c[0]);
    let late: Vec<f64> = c
        .iter()
        .copied()
        .filter(|t| (from..to).contains(t))
        .collect();
    let late_f = 0.5 * (late.len() - 1) as f64 / (late[late.len() - 1] - late[0]);
    (first, late_f)
}

/// The frequency of the half cycle that contains `t` seconds.
fn freq_at(x: &[f32], t: f64) -> f64 {
    let c = crossings(x, 500.0);
    let k = c.iter().position(|&c| c > t).unwrap();
    0.5 / (c[k] - c[k - 1])
}

/// When the envelope (peak over 5 ms windows) last exceeds the peak `db` dB down, in seconds.
fn decay_point(x: &[f32], db: f64) -> f64 {
    let w = (0.005 * SR) as usize;
    let env: Vec<f32> = x
        .chunks(w)
        .map(|c| c.iter().fold(0.0_f32, |m, s| m.max(s.abs())))
        .collect();
    let peak = env.iter().fold(0.0_f32, |m, &s| m.max(s));
    let level = peak * 10f32.powf(-db as f32 / 20.0);
    let last = env.iter().rposition(|&e| e > level).unwrap();
    (last + 1) as f64 * w as f64 / SR
}

fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0_f32, |m, s| m.max(s.abs()))
}

#[test]
fn every_machine_has_every_sound_well_formed_and_deterministic() {
    for bank in ["RolandTR808", "RolandTR909"] {
        for sound in MACHINE_SOUNDS {
            let name = format!("{bank}_{sound}");
            let (_, variants) = all().iter().find(|(n, _)| *n == name).unwrap();
            for (v, s) in variants.iter().enumerate() {
                let x = &s.left;
                assert!(s.right.is_none(), "{name}:{v} is mono");
                assert!(x.iter().all(|s| s.is_finite()), "{name}:{v} NaN");
                let p = peak(x);
                assert!((0.7..=0.95).contains(&p), "{name}:{v} peak {p}");
                assert_eq!(*x.last().unwrap(), 0.0, "{name}:{v} does not end at 0");
                let onset = peak(&x[..(0.001 * SR) as usize]);
                assert!(onset > 0.01, "{name}:{v} no attack in the first ms");
                let mean = x.iter().map(|&s| f64::from(s)).sum::<f64>() / x.len() as f64;
                assert!(mean.abs() < 0.01, "{name}:{v} DC {mean}");
            }
        }
    }
    assert_eq!(machines(SR as f32), machines(SR as f32));
    assert_eq!(machines(44_100.0), machines(44_100.0));
    assert_eq!(bank_alias("tr808"), Some("RolandTR808"));
    assert_eq!(bank_alias("TR909"), Some("RolandTR909"));
}

#[test]
fn tr808_kick_glides_down_to_its_tuning_and_rings_with_the_decay_knob() {
    let x = get("RolandTR808_bd", 0);
    let (first, late) = first_and_late(x, 0.1, 0.4);
    println!(
        "808 bd: first half cycle {first:.1} Hz, 100-400 ms {late:.1} Hz (tuned {BD:.1})",
        BD = tr808::BD_HZ
    );
    assert!(
        (late / tr808::BD_HZ - 1.0).abs() < 0.03,
        "808 bd settles at {late}"
    );
    assert!(
        first > 1.12 * late,
        "808 bd starts higher: {first} vs {late}"
    );
    assert!(
        first < 2.0 * late,
        "808 bd's glide is short: {first} vs {late}"
    );
    // The decay knob: -20/-40 dB points grow with it (t60 0.45, 0.9, 1.5, 2.4 s).
    let mut last = 0.0;
    for v in [1, 0, 2, 3] {
        let x = get("RolandTR808_bd", v);
        let (d20, d40) = (decay_point(x, 20.0), decay_point(x, 40.0));
        println!("808 bd:{v}: -20 dB at {d20:.3} s, -40 dB at {d40:.3} s");
        let t60 = tr808::BD_T60[v];
        assert!(
            (d40 / (t60 * 2.0 / 3.0) - 1.0).abs() < 0.15,
            "808 bd:{v} -40 dB at {d40}"
        );
        assert!(d40 > last, "808 bd:{v}");
        last = d40;
    }
}

#[test]
fn tr909_kick_sweeps_down_an_octave_in_30_ms_and_decays_sooner() {
    let x = get("RolandTR909_bd", 0);
    let (first, late) = first_and_late(x, 0.1, 0.3);
    let at30 = freq_at(x, 0.03);
    println!(
        "909 bd: first half cycle {first:.1} Hz, at 30 ms {at30:.1} Hz, 100-300 ms {late:.1} Hz"
    );
    assert!(
        first >= 2.0 * at30,
        "909 bd sweeps an octave by 30 ms: {first} -> {at30}"
    );
    assert!(first > 100.0, "909 bd starts above 100 Hz: {first}");
    assert!(
        (late / tr909::BD_LO - 1.0).abs() < 0.05,
        "909 bd ends at {late}"
    );
    let (d20, d40) = (decay_point(x, 20.0), decay_point(x, 40.0));
    println!("909 bd:0: -20 dB at {d20:.3} s, -40 dB at {d40:.3} s");
    assert!(d40 < decay_point(get("RolandTR808_bd", 0), 40.0));
    assert!(
        (d40 / (tr909::BD_T60[0] * 2.0 / 3.0) - 1.0).abs() < 0.2,
        "909 bd -40 dB at {d40}"
    );
}

/// Share of the energy within 12 % of each of `tones`, and above 5 kHz.
fn tones_and_noise(x: &[f32], tones: &[f64]) -> (Vec<f64>, f64) {
    let n = 8192;
    let t = tones
        .iter()
        .map(|f| band_fraction(x, SR, n, f * 0.88, f * 1.12))
        .collect();
    (t, band_fraction(x, SR, n, 5_000.0, 24_001.0))
}

#[test]
fn snares_have_their_two_tones_and_a_noise_floor() {
    let (t808, n808) = tones_and_noise(get("RolandTR808_sd", 0), &tr808::SD_HZ);
    // The 909's oscillators bend down by 40 % at first; over the sound they sit at their tuning.
    let (t909, n909) = tones_and_noise(get("RolandTR909_sd", 0), &tr909::SD_HZ);
    println!("808 sd: tones {t808:.3?}, above 5 kHz {n808:.3}; 909 sd: tones {t909:.3?}, above 5 kHz {n909:.3}");
    for (name, t, n) in [("808", &t808, n808), ("909", &t909, n909)] {
        // Each tone's 24 %-wide band holds far more than a flat spectrum's share (0.2-0.4 %).
        assert!(t.iter().all(|&f| f > 0.02), "{name} sd tones {t:?}");
        assert!(t.iter().sum::<f64>() > 0.25, "{name} sd tones {t:?}");
        assert!(n > 0.05, "{name} sd noise above 5 kHz {n}");
    }
    assert!(n909 > n808, "the 909's snare is the noisier");
    // The snappy knob adds noise.
    let (_, n808_1) = tones_and_noise(get("RolandTR808_sd", 1), &tr808::SD_HZ);
    assert!(n808_1 > n808);
}

#[test]
fn tr808_hats_are_metal_above_5_khz() {
    for name in ["RolandTR808_hh", "RolandTR808_oh"] {
        let f = band_fraction(get(name, 0), SR, 4096, 5_000.0, 24_001.0);
        println!("{name}: {f:.3} of the energy above 5 kHz");
        assert!(f > 0.9, "{name}: {f}");
    }
    // The metal's partials: the odd harmonics of the six squares that fall in the band-pass
    // region (6..9 kHz) stand out of the spectrum between them.
    let x = get("RolandTR808_oh", 0);
    let n = 16_384;
    let hz_per_bin = SR / n as f64;
    let bins: Vec<f64> = (0..n / 2).map(|k| bin_power(x, n, k)).collect();
    let (lo, hi) = (
        (6_000.0 / hz_per_bin) as usize,
        (9_000.0 / hz_per_bin) as usize,
    );
    let mut band: Vec<f64> = bins[lo..hi].to_vec();
    band.sort_by(f64::total_cmp);
    let median = band[band.len() / 2];
    let mut lines = vec![];
    for hz in METAL_HZ {
        let mut h = hz;
        while h < 9_000.0 {
            if h > 6_000.0 {
                let k = (h / hz_per_bin).round() as usize;
                lines.push(bins[k - 1].max(bins[k]).max(bins[k + 1]));
            }
            h += 2.0 * hz;
        }
    }
    lines.sort_by(f64::total_cmp);
    let line_median = lines[lines.len() / 2];
    let db = 10.0 * (line_median / median).log10();
    println!(
        "808 oh: {} partials in 6-9 kHz, their median {db:.1} dB above the band's",
        lines.len()
    );
    assert!(db > 10.0, "808 oh partials only {db} dB above the band");
    // The 909's stand-in hats are bright too.
    for name in ["RolandTR909_hh", "RolandTR909_oh"] {
        let f = band_fraction(get(name, 0), SR, 4096, 5_000.0, 24_001.0);
        println!("{name}: {f:.3} of the energy above 5 kHz");
        assert!(f > 0.8, "{name}: {f}");
    }
}

#[test]
fn the_two_machines_sound_different() {
    for sound in MACHINE_SOUNDS {
        let a = get(&format!("RolandTR808_{sound}"), 0);
        let b = get(&format!("RolandTR909_{sound}"), 0);
        if sound == "cb" {
            assert_eq!(a, b, "the 909 borrows the 808's cowbell");
        } else {
            assert_ne!(a, b, "{sound}");
        }
    }
}
