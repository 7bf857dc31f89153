//! SuperDirt's default synths that Phonon ports from their definitions
//! (`library/default-synths-extra.scd`), rendered through the engine and measured.
//!
//! Every figure of `tests/dirt_synths/measure.rs` (level, pitch, attack, decay, centroid,
//! harmonics 2-8, stereo image, note end) against SuperDirt's, for the synths of `PORTED`
//! (`supermandolin`, `supersquare`, `supercomparator`, `supergong`, `superkick`, `superhat`,
//! `supersnare`, `superfm`, `supersaw`, `superpwm`, `super808`, `superfork`, `supervibe`,
//! `superreese`, `superhammond`, `superzow`, `superpiano`, `supersiren`, `superhoover`,
//! `superclap`, `supertron`, `superchip`, `supernoise`, `superstatic`, `superhex`, `supergrind`,
//! `superprimes`, `superwavemechanics`; the random ones, `supermandolin`, `supercomparator`,
//! `superstatic`, `superprimes` and `superwavemechanics`, as medians over nine renders: see
//! `NOISY`), kept in `tests/dirt_synths/reference.json` (`scripts/dirt_synths_oracle.sh` renders
//! SuperDirt's notes with scsynth and writes it; CI runs no SuperCollider), on the oracle's
//! notes: n 0 7 12 -12 (1 s each, legato 1) and n 0 at sustain 0.25 and 0.5. superhex and
//! superstatic peak over 0 dBFS at their defaults (superhex n -12: +15 dBFS); SuperDirt's orbit
//! `Limiter` (`dirt_monitor`, `limitertype` 1) and Phonon's orbit limiter
//! (`engine/orbit_limiter.rs`) hold them at 0 dBFS, so their references are SuperDirt's renders
//! with `limitertype` 0 and Phonon's figures are measured before its limiter
//! (`render_before_limiter`, `BEFORE_LIMITER`): the synth as `dirt_gate` passes it, not two
//! limiter designs (SuperCollider's looks 10 ms ahead, Phonon's adds no latency). The other synths stay under
//! 0 dBFS, where both limiters pass the signal unchanged.
//!
//! Beside the figures, for `supermandolin`, `supersquare`, `supercomparator`, `supergong`: pitch
//! within a few cents for notes 0, 7, 12 (supermandolin's as the centre of its two combs); the
//! envelope's length following `sustain`/`legato`; the controls each reads (`decay`, `lfo`,
//! `pitch1`, `voice`); block-size independence; no allocation.
//!
//! Levels: SuperDirt's renders pass `dirt_gate` (`amp` 0.4, `gain` 1) and `Pan2`; Phonon plays
//! every Tidal voice through the same output stage (`engine/dirt_gate.rs`), so the expected
//! Phonon level is SuperDirt's.

#[path = "dirt_synths/measure.rs"]
mod measure;

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use measure::{measure, Figures};
use phonon::cli::render::{render, render_before_limiter, RenderSpec};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: u32 = 48000;
const SYNTHS: [&str; 4] = [
    "supermandolin",
    "supersquare",
    "supercomparator",
    "supergong",
];

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(SR as f32))
}

/// (left, right) of `src` over `cycles`, in blocks of `block` samples.
fn render_in(src: &str, cycles: f64, block: usize) -> (Vec<f32>, Vec<f32>) {
    render_as(src, cycles, block, true)
}

/// Synths whose references are SuperDirt's renders with `limitertype` 0 (they peak over 0
/// dBFS, where both orbit limiters act, each its own way: see the file's doc), so Phonon's
/// figures are measured before its orbit limiter (`scripts/dirt_synths_oracle.scd` picks the
/// same names).
const BEFORE_LIMITER: [&str; 2] = ["superhex", "superstatic"];

/// [`render_in`], through the orbit limiter (`limit`) or before it.
fn render_as(src: &str, cycles: f64, block: usize, limit: bool) -> (Vec<f32>, Vec<f32>) {
    let spec = RenderSpec {
        sample_rate: SR,
        cycles,
        beats_per_cycle: 4.0,
    };
    let r = if limit {
        render(src, lib(), &spec, || block, |_, _| {})
    } else {
        render_before_limiter(src, lib(), &spec, || block)
    };
    let r = r.unwrap_or_else(|e| panic!("{src}: {e}"));
    assert_eq!(r.counters.nonfinite_samples, 0, "{src}");
    (r.left, r.right)
}

/// One note of `synth` at tempo 0.5 (a 2 s cycle), with `controls`; left channel.
fn note(synth: &str, n: f64, controls: &str) -> Vec<f32> {
    render_in(
        &format!("tempo: 0.5\nout $ n \"{n}\" # s \"{synth}\" {controls}"),
        1.0,
        512,
    )
    .0
}

fn hann(x: &[f32]) -> Vec<f64> {
    let n = x.len() as f64;
    x.iter()
        .enumerate()
        .map(|(i, &v)| v as f64 * (0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n).cos()))
        .collect()
}

/// |DFT| of a windowed frame at `f` Hz, normalised by its length.
fn dft(w: &[f64], f: f64) -> f64 {
    let step = -std::f64::consts::TAU * f / SR as f64;
    let (sr, si) = (step.cos(), step.sin());
    let (mut pr, mut pi, mut ar, mut ai) = (1.0, 0.0, 0.0, 0.0);
    for &v in w {
        ar += v * pr;
        ai += v * pi;
        let t = pr * sr - pi * si;
        pi = pr * si + pi * sr;
        pr = t;
    }
    (ar * ar + ai * ai).sqrt() / w.len() as f64
}

/// The strongest partial within `[lo, hi]` Hz (a scan, then golden-section refinement).
fn peak(w: &[f64], lo: f64, hi: f64) -> (f64, f64) {
    let steps = 200;
    let (mut best, mut bm) = (lo, 0.0);
    for k in 0..=steps {
        let f = lo + (hi - lo) * k as f64 / steps as f64;
        let m = dft(w, f);
        if m > bm {
            (best, bm) = (f, m);
        }
    }
    let d = (hi - lo) / steps as f64;
    let (mut a, mut b) = (best - d, best + d);
    let g = 0.5 * (5f64.sqrt() - 1.0);
    while b - a > 1e-4 {
        let (c, e) = (b - g * (b - a), a + g * (b - a));
        if dft(w, c) > dft(w, e) {
            b = e;
        } else {
            a = c;
        }
    }
    let f = 0.5 * (a + b);
    (f, dft(w, f))
}

/// The power-weighted centre of the spectrum within 15 cents of `want` (the middle of
/// supermandolin's two comb peaks, 7 cents apart; supercomparator's partial and its
/// sidebands), and the strongest magnitude there.
fn centre(w: &[f64], want: f64) -> (f64, f64) {
    let (lo, hi) = (
        want * 2f64.powf(-15.0 / 1200.0),
        want * 2f64.powf(15.0 / 1200.0),
    );
    let steps = 100;
    let (mut num, mut den, mut best) = (0.0, 0.0, 0.0f64);
    for k in 0..=steps {
        let f = lo + (hi - lo) * k as f64 / steps as f64;
        let m = dft(w, f);
        num += f * m * m;
        den += m * m;
        best = best.max(m);
    }
    (num / den, best)
}

fn hz(note: f64) -> f64 {
    261.625_565_300_6 * 2f64.powf(note / 12.0)
}

fn cents(f: f64, want: f64) -> f64 {
    1200.0 * (f / want).log2()
}

fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt()
}

fn db(x: f64) -> f64 {
    20.0 * x.max(1e-12).log10()
}

/// Samples from the first to the last above `thresh` of the peak.
fn sounding(x: &[f32], thresh: f32) -> (usize, usize) {
    let pk = x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let first = x.iter().position(|v| v.abs() > pk * thresh).unwrap_or(0);
    let last = x.iter().rposition(|v| v.abs() > pk * thresh).unwrap_or(0);
    (first, last)
}

/// Pitch: the partial at the note's frequency, found within a semitone of it, is within a
/// few cents. supersquare's second pulse sounds an octave below (`semitone 12`), so its note
/// is the strongest partial near the expected pitch, not the lowest; supermandolin's two combs
/// sit 0.2 % of the period either way (+-3.5 cents: their centre is the note, minus the
/// linear interpolation's delay); supercomparator's comparators move with 1..1.5 Hz triangles
/// that wobble the partial's phase (SuperDirt's own render measures -4.6, -3.0, -2.2 cents for
/// notes 0, 7, 12 with the oracle's 0.9 s analysis; the same here).
#[test]
fn pitch_follows_the_note() {
    let mut log = vec![];
    let mut bad = vec![];
    for synth in SYNTHS {
        for n in [0.0, 7.0, 12.0] {
            let x = note(synth, n, "# legato 1");
            let w = hann(&x[(0.05 * SR as f64) as usize..(0.95 * SR as f64) as usize]);
            let want = hz(n);
            let (f, m) = if matches!(synth, "supersquare" | "supergong") {
                peak(&w, want * 0.97, want * 1.03)
            } else {
                centre(&w, want)
            };
            let (_, strongest) = peak(&w, 40.0, 4000.0);
            let c = cents(f, want);
            let tol = if synth == "supercomparator" { 8.0 } else { 4.0 };
            let line = format!(
                "{synth} n {n}: {f:.3} Hz, want {want:.3}, {c:+.2} cents, {:+.1} dB re the strongest partial",
                db(m / strongest)
            );
            if c.abs() > tol || m < strongest * 0.1 {
                bad.push(line.clone());
            }
            log.push(line);
        }
    }
    println!("{}", log.join("\n"));
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Envelope: the synth ends when its envelope does, `sustain` seconds (less SuperDirt's 1 ms
/// gate fade) after the onset, or the event's length times `legato`. supersquare and
/// supercomparator rise over the first 5 % of it (Env.pairs, curve -3) and fall over the last
/// 5 %; supermandolin's Env.linen is 2 ms in, 2 ms out, and its combs ring -60 dB over `sustain`.
#[test]
fn the_envelope_lasts_sustain_or_legato() {
    for synth in SYNTHS {
        for (controls, len_s) in [
            ("# sustain 0.25", 0.25),
            ("# sustain 0.6", 0.6),
            ("# legato 0.25", 0.5),
        ] {
            // (supersquare's filter held still, `lfo 0`, for the shape's peak-to-peak levels.)
            let x = note(synth, 0.0, &format!("{controls} # lfo 0"));
            // The note starts at sample 0 (the cycle's start).
            let last = x.iter().rposition(|v| *v != 0.0).unwrap();
            let mut want = (len_s - 0.001) * SR as f64;
            if synth == "supergong" {
                // Its fundamental's Env.perc (0.01 + 0.5) 100 / f, time-scaled by 5 sustain,
                // ends first (the gate would end it at sustain + 1 ms).
                want = want.min(0.51 * 100.0 / hz(0.0) * 5.0 * want);
            }
            let got = (last + 1) as f64;
            assert!(
                (got - want).abs() < 0.002 * SR as f64,
                "{synth} {controls}: sounded {got} samples, want {want}"
            );
            if matches!(synth, "supersquare" | "supercomparator") && len_s >= 0.5 {
                // Env.pairs: rising over the first 5 % of the length, full after it; RMS over
                // peak to peak over one period of the note (183.5 samples; the pulses start
                // with a DC offset that their leaky integrators remove over ~20 ms).
                let at = |f: f64| {
                    let w = &x[(f * want) as usize..(f * want) as usize + 184];
                    let (lo, hi) = w
                        .iter()
                        .fold((0.0f32, 0.0f32), |(a, b), v| (a.min(*v), b.max(*v)));
                    (hi - lo) as f64
                };
                let full = at(0.5);
                let shape = [0.002, 0.03, 0.5, 0.99].map(|f| at(f) / full);
                println!("{synth} {controls}: peak to peak at 0.2, 3, 50, 99 %: {shape:.2?}");
                // (supersquare's pulses start with a DC offset, so its level overshoots while
                // their leaky integrators settle: 1.56 at 6 %, as SuperDirt's, which peaks at
                // 67 ms for note 0.)
                assert!(shape[0] < 0.5 * shape[1], "{synth} {controls}: rises");
                assert!(shape[3] < 0.1, "{synth} {controls}: falls in the last 5 %");
            }
        }
    }
    // `decay`: supersquare holds 1 - decay after 20 % of its length.
    let full = note("supersquare", 0.0, "# sustain 1");
    let held = note("supersquare", 0.0, "# sustain 1 # decay 0.5");
    let r = rms(&held[24000..36000]) / rms(&full[24000..36000]);
    assert!((0.45..0.55).contains(&r), "decay 0.5: {r}");
}

/// supersquare (`0.7 Pulse(f, voice) + 0.3 Pulse(f / 2^(semitone/12), voice)` through MoogFF
/// at 10..20 f): at width 0.5 both pulses are squares, so the note's even harmonics (2f, 4f,
/// also even multiples of the octave below) are absent; `lfo` widens the sweep and `pitch1`
/// raises the cutoff, both brighten; the sweep runs at f / 64 Hz (`rate 1`).
#[test]
fn supersquare_has_odd_harmonics_and_a_swept_filter() {
    let f = hz(0.0);
    let x = note("supersquare", 0.0, "# legato 1");
    let w = hann(&x[4800..43200]);
    let h = |k: f64| dft(&w, f * k);
    for k in [2.0, 4.0] {
        assert!(
            db(h(k) / h(1.0)) < -40.0,
            "even harmonic {k}: {}",
            db(h(k) / h(1.0))
        );
    }
    for k in [0.5, 1.0, 1.5, 3.0, 5.0] {
        assert!(
            db(h(k) / h(1.0)) > -25.0,
            "harmonic {k}: {}",
            db(h(k) / h(1.0))
        );
    }
    // Brightness: the partials from 12 f to 40 f (odd half-partials) over the note's.
    let bright = |x: &[f32]| {
        let w = hann(&x[4800..43200]);
        (24..=80).map(|k| dft(&w, f * k as f64 / 2.0)).sum::<f64>() / dft(&w, f)
    };
    let base = bright(&x);
    let wide = bright(&note("supersquare", 0.0, "# legato 1 # lfo 4"));
    let up = bright(&note("supersquare", 0.0, "# legato 1 # pitch1 3"));
    println!("brightness: lfo 1 {base}, lfo 4 {wide}, pitch1 3 {up}");
    assert!(wide > base * 1.5, "lfo 4: brightness {wide} vs {base}");
    assert!(up > base * 1.5, "pitch1 3: brightness {up} vs {base}");
    // The sweep: energy above 12 f in 10 ms frames swings at f / 64 (4.09 Hz at note 0).
    let frames: Vec<f64> = (0..90)
        .map(|i| {
            let s = 4800 + i * 480;
            let fr = &x[s..s + 480];
            // a crude high-pass: the second difference
            fr.windows(3)
                .map(|v| (v[0] - 2.0 * v[1] + v[2]) as f64)
                .map(|d| d * d)
                .sum()
        })
        .collect();
    let mean = frames.iter().sum::<f64>() / frames.len() as f64;
    let lfo_hz = f / 64.0;
    let corr = |fq: f64| {
        let (mut c, mut s) = (0.0, 0.0);
        for (i, e) in frames.iter().enumerate() {
            let t = (0.1 + i as f64 * 0.01) * std::f64::consts::TAU * fq;
            c += (e - mean) * t.cos();
            s += (e - mean) * t.sin();
        }
        (c * c + s * s).sqrt()
    };
    assert!(
        corr(lfo_hz) > 3.0 * corr(lfo_hz * 2.7),
        "brightness swings at {lfo_hz} Hz: {} vs {}",
        corr(lfo_hz),
        corr(lfo_hz * 2.7)
    );
}

/// supermandolin: a noise burst (`Decay(Impulse, 0.1 midinote/69) * WhiteNoise`) through two
/// combs at the note's period: harmonic partials standing well over the noise between them,
/// decaying -60 dB over `sustain` (plus the envelope's end); a longer sustain rings longer.
#[test]
fn supermandolin_is_a_decaying_comb_tone() {
    let f = hz(0.0);
    let x = note("supermandolin", 0.0, "# sustain 1.5");
    let w = hann(&x[2400..26400]);
    for k in 1..=4 {
        let on = dft(&w, f * k as f64);
        let off = dft(&w, f * (k as f64 + 0.5));
        assert!(
            db(on / off) > 20.0,
            "partial {k}: {} dB over the gap",
            db(on / off)
        );
    }
    // The decay: -60 dB over 1.5 s (40 dB/s), measured from 0.2 s to 0.7 s.
    let level = |t: f64| {
        db(rms(
            &x[(t * SR as f64) as usize..(t * SR as f64) as usize + 4800]
        ))
    };
    let slope = (level(0.7) - level(0.2)) / 0.5;
    assert!(
        (-55.0..-28.0).contains(&slope),
        "decay {slope} dB/s, want about -40"
    );
    let short = note("supermandolin", 0.0, "# sustain 0.5");
    let (_, end_short) = sounding(&short, 1e-3);
    let (_, end_long) = sounding(&x, 1e-3);
    assert!(end_long > 2 * end_short, "{end_long} vs {end_short}");
}

/// supercomparator: 16 comparators (`VarSaw > LFTri`, 0 or 1) spread across the stereo field
/// by `Splay`: the two channels differ (side about -16 dB under mid, as SuperDirt's render),
/// the gates' sum has a DC part that MoogFF passes (the output's mean is positive), and the
/// ladder at `4 f pitch1` leaves few harmonics; `pitch1` raises it.
#[test]
fn supercomparator_is_spread_comparator_pulses() {
    let f = hz(0.0);
    let (l, r) = render_in(
        "tempo: 0.5\nout $ n 0 # s \"supercomparator\" # legato 1",
        1.0,
        512,
    );
    let (l, r) = (&l[4800..43200], &r[4800..43200]);
    let mid: Vec<f32> = l.iter().zip(r).map(|(a, b)| 0.5 * (a + b)).collect();
    let side: Vec<f32> = l.iter().zip(r).map(|(a, b)| 0.5 * (a - b)).collect();
    let s = db(rms(&side) / rms(&mid));
    assert!((-22.0..-10.0).contains(&s), "side {s} dB under mid");
    let mean = mid.iter().map(|v| *v as f64).sum::<f64>() / mid.len() as f64;
    assert!(mean > 0.2 * rms(&mid), "DC {mean} vs rms {}", rms(&mid));
    let w = hann(&mid);
    let h = |k: f64| db(dft(&w, f * k) / dft(&w, f));
    assert!(
        h(2.0) > -12.0 && h(8.0) < -30.0,
        "h2 {} h8 {}",
        h(2.0),
        h(8.0)
    );
    let up = note("supercomparator", 0.0, "# legato 1 # pitch1 3");
    let wu = hann(&up[4800..43200]);
    let hu = db(dft(&wu, f * 8.0) / dft(&wu, f));
    assert!(hu > h(8.0) + 10.0, "pitch1 3: h8 {hu} vs {}", h(8.0));
}

/// supergong: 15 sines at a clamped circular plate's modes (1, 2.081, 3.414, 3.893, ... times
/// the note; no harmonic at 2 f), each with its own Env.perc; `voice` scales partial `r` by
/// `r^voice` (0 when unset), `decay` makes high partials ring longer (1 when unset: partial
/// `r`'s time is `1 / r`, 2: as long as the fundamental).
#[test]
fn supergong_is_an_inharmonic_plate() {
    let f = hz(-12.0);
    let spectrum = |controls: &str| {
        let x = note("supergong", -12.0, &format!("# legato 1 {controls}"));
        hann(&x[240..24240])
    };
    let w = spectrum("");
    let (_, h1) = peak(&w, f * 0.99, f * 1.01);
    for r in [2.081, 3.414, 3.893] {
        let (fr, m) = peak(&w, f * r * 0.99, f * r * 1.01);
        assert!(cents(fr, f * r).abs() < 3.0, "mode {r}: {fr} Hz");
        assert!(db(m / h1) > -40.0, "mode {r}: {} dB", db(m / h1));
    }
    assert!(dft(&w, 2.0 * f) < 0.03 * h1, "no harmonic at 2 f");
    let rel = |w: &[f64]| {
        db(peak(w, f * 2.081 * 0.99, f * 2.081 * 1.01).1 / peak(w, f * 0.99, f * 1.01).1)
    };
    let voice = rel(&spectrum("# voice 2")) - rel(&w);
    assert!(
        (voice - 20.0 * 2.081f64.powi(2).log10()).abs() < 2.0,
        "voice 2: +{voice} dB"
    );
    // decay 2: the 2.081 mode rings as long as the fundamental (late in the note).
    let late = |controls: &str| {
        let x = note("supergong", -12.0, &format!("# legato 1 {controls}"));
        let w = hann(&x[48000..72000]);
        db(peak(&w, f * 2.081 * 0.99, f * 2.081 * 1.01).1 / peak(&w, f * 0.99, f * 1.01).1)
    };
    assert!(
        late("# decay 2") > late("") + 10.0,
        "decay 2 {} vs {}",
        late("# decay 2"),
        late("")
    );
}

const ALL: &str = "tempo: 1\nout $ stack [n \"0 7 12 -5\" # s \"supermandolin\" # legato 2, \
     n \"-12 -5\" # s \"supergong\" # voice 1 # decay 0.5 # accelerate 0.5, \
     n \"0 3 7\" # s \"supersquare\" # decay 0.3 # accelerate \"0 1 -0.5\", \
     n \"-12 0\" # s \"supercomparator\" # pan \"0 1\" # speed 1.5] # gain 1";

const OLDER: &str =
    "tempo: 1\nout $ stack [n \"0 60\" # s \"superkick\", s \"superhat*4\" # n \"0 7\", \
     s \"~ supersnare\" # decay 0.5, n \"0 7\" # s \"<superfm supersaw>\" # accelerate 0.5, \
     n \"-12 0\" # s \"superpwm\" # speed 1.5, s \"super808\" # n 3, n \"0 12\" # s \"superfork\", \
     n \"0 4\" # s \"supervibe\", n \"-24\" # s \"superreese\" # pan 0.2, \
     n \"0 7\" # s \"superhammond\" # voice \"<0 5>\", n \"0 3\" # s \"superzow\", \
     n \"[0,4,7]\" # s \"superpiano\" # velocity \"<1 0.5>\", \
     n \"0 5\" # s \"<supersiren superhoover>\" # decay 0.3, s \"superclap*2\" # n \"0 3\", \
     n \"-12 0\" # s \"supertron\" # detune 0.5, \
     n \"0 7\" # s \"superchip\" # voice \"<0 0.3>\"] \
     # gain 0.9";

/// supernoise (its step noise, and at `voice` over 0 its brown and white noises), superstatic,
/// superhex, with the controls they read.
const NOISES: &str = "tempo: 1\nout $ stack [n \"0 7\" # s \"supernoise\" # voice \"<0 0.6>\" \
     # accelerate \"<0 0.5>\" # resonance 0.3 # pitch1 1.5, n \"0 12\" # s \"superstatic\" \
     # accelerate 0.5, n \"-12 0\" # s \"superhex\" # rate 2 # speed 1.2] # gain 0.8";

#[test]
fn render_alike_in_any_block_size_and_never_allocate() {
    for src in [ALL, OLDER, NOISES, GRINDS] {
        let reference = render_in(src, 2.0, 512);
        assert!(reference.0.iter().any(|v| v.abs() > 0.01));
        for block in [1, 64, 333] {
            assert!(
                render_in(src, 2.0, block) == reference,
                "block size {block}: {src}"
            );
        }
    }
    for src in [ALL, OLDER, NOISES, GRINDS] {
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
}

/// More mandolins at once than the engine has buffer slots: the extra ones are silent,
/// counted, and nothing allocates.
#[test]
fn mandolins_beyond_the_slots_are_counted() {
    let src = "tempo: 1\nout $ n \"0*64\" # s \"supermandolin\" # sustain 2 # gain 0.1";
    let (engine, _) = play_without_alloc(src);
    assert!(engine.stats.fx_slot_overflows.load(Ordering::Relaxed) > 0);
}

/// 200 blocks of `src`, none allocating, every sample finite: the engine and its last block
/// (left).
fn play_without_alloc(src: &str) -> (Engine, Vec<f32>) {
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
    (engine, l)
}

/// supergrind, superprimes and superwavemechanics (their long delay lines, reverbs and
/// limiters in synth buffers of the engine's pool), with the controls they read, notes
/// overlapping.
const GRINDS: &str = "tempo: 1\nout $ stack [n \"0 7 -5\" # s \"supergrind\" # legato 1.5 \
     # detune \"<0 3>\" # voice \"<0 1>\" # rate 8, n \"-12\" # s \"supergrind\" # speed 1.5 \
     # accelerate 0.5, n \"0 12\" # s \"superprimes\" # voice \"<0 1>\" # detune 0.5 # rate 2, \
     n \"0 -12 7\" # s \"superwavemechanics\" # legato 1.5 # voice \"<0 0.5>\" \
     # resonance \"<0.3 0>\" # detune 1 # accelerate 0.5] # gain 0.9";

/// More supergrinds (superprimes, superwavemechanics) at once than the engine has synth buffers: the extra ones are silent,
/// counted, and nothing allocates.
#[test]
fn grinds_beyond_the_synth_buffers_are_counted() {
    let src = "tempo: 1\nout $ n \"0*32\" # s \"<supergrind superprimes superwavemechanics>\" \
               # sustain 2 # gain 0.1";
    let (engine, l) = play_without_alloc(src);
    assert!(l.iter().any(|v| v.abs() > 1e-4), "the first voices sound");
    assert!(engine.stats.synth_slot_overflows.load(Ordering::Relaxed) > 0);
}

/// More superhoovers (superhexes, superprimes, superwavemechanics) at once than the engine has
/// slots for their states (`big_slot::BIG_SLOTS`): the extra ones are silent and counted,
/// nothing allocates, and the slots of the voices that ended sound again (the last block).
#[test]
fn big_synths_beyond_the_slots_are_counted() {
    for s in [
        "superhoover",
        "superhex",
        "superprimes",
        "superwavemechanics",
    ] {
        let src = format!("tempo: 1\nout $ n \"0*64\" # s \"{s}\" # sustain 2 # gain 0.1");
        let (engine, l) = play_without_alloc(&src);
        assert!(l.iter().any(|v| v.abs() > 1e-4), "{s}: the voices sound");
        assert!(
            engine.stats.big_slot_overflows.load(Ordering::Relaxed) > 0,
            "{s}: overflows counted"
        );
    }
}

/// supergrind's n 0 against scsynth's render of SuperDirt's (the oracle's `supergrind.wav`,
/// the note's first sample at 4032): (sample from the onset, left, right). Sample by sample
/// within 1e-5 until the 0.1 s delay's copy has gone round the feedback loop a few times; the
/// loop (`tanh`, then `sin(4 x)` into the reverb) then amplifies rounding differences, and from
/// about 0.3 s the two renders differ sample by sample while every figure agrees.
const GRIND_SC: [(usize, f32, f32); 7] = [
    (64, 9.693_721e-6, 9.693_721e-6),
    (200, 0.001_799_019_4, 0.002_686_840_2),
    (700, 0.006_470_263, 0.011_613_906),
    (1500, -0.018_925_94, -0.014_122_59),
    (2600, -0.054_766_383, -0.000_906_124_7),
    (3500, -0.068_935_305, 0.002_599_286_4),
    (4700, 0.064_703_844, -0.072_266_385),
];

#[test]
fn supergrind_follows_scsynth_sample_by_sample() {
    let (l, r) = render_in(&notes_program("supergrind"), 0.25, 512);
    for (i, a, b) in GRIND_SC {
        assert!(
            (l[i] - a).abs() < 1e-5 && (r[i] - b).abs() < 1e-5,
            "sample {i}: ({}, {}) vs scsynth ({a}, {b})",
            l[i],
            r[i]
        );
    }
}

// ---- SuperDirt's older default synths, against the oracle's figures -------------------------

/// superkick, superhat, supersnare, superfm, supersaw, superpwm (ported from their SynthDefs in
/// `dirt_synth.rs`): (name, pitched).
const PORTED: [(&str, bool); 28] = [
    ("supermandolin", true),
    ("supersquare", true),
    ("supercomparator", true),
    ("supergong", true),
    ("superkick", false),
    ("superhat", false),
    ("supersnare", false),
    ("superfm", true),
    ("supersaw", true),
    ("superpwm", true),
    ("super808", false),
    ("superfork", true),
    ("supervibe", true),
    ("superreese", true),
    ("superhammond", true),
    ("superzow", true),
    ("superpiano", true),
    ("supersiren", false),
    ("superhoover", true),
    ("superclap", false),
    ("supertron", true),
    ("superchip", true),
    // Unpitched: noise; noise bursts; a membrane whose lowest mode sits 1.08 f (+1.4 semitones)
    // over the note, with inharmonic modes above it (in SuperDirt's render too).
    ("supernoise", false),
    ("superstatic", false),
    ("superhex", false),
    // A comb at the note (its loop's delay is 1/f) fed impulses at f/2..3f/4, into GVerb.
    ("supergrind", true),
    // Nine sines at k f / 2 struck by impulses at prime rates, each into its own GVerb, panned
    // around a ring of nine channels about a random centre (NOISY).
    ("superprimes", true),
    // Eight narrow resonators on one white noise at random multiples of the note (0 to 45/8),
    // each into a GVerb in a 99 m room and a limiter: unpitched (no partial at the note), NOISY.
    ("superwavemechanics", false),
];

/// Synths whose figures vary from render to render (SuperDirt's too: its server seeds its
/// random generators from the clock), with how many renders each figure is the median of.
/// superstatic's note starts with its pulse's integrator climbing until the first dust grain
/// on a control block's first sample (on average 9 blocks at n 0, 18 at n -12, a geometric
/// wait), and its loudness follows how long that took: one render's figures say little (nine
/// SuperDirt renders of n -12: -42.5..-11.9 dB), their median is the synth's.
const NOISY: [(&str, usize); 5] = [
    ("superstatic", 9),
    ("superprimes", 9),
    ("superwavemechanics", 9),
    ("supermandolin", 9),
    ("supercomparator", 9),
];

fn draws(synth: &str) -> usize {
    NOISY.iter().find(|n| n.0 == synth).map_or(1, |n| n.1)
}

/// The median of each figure over renders (each a list of notes).
fn median_figures(renders: &[Vec<Figures>]) -> Vec<Figures> {
    let med = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (0..renders[0].len())
        .map(|i| {
            let f = |g: fn(&Figures) -> f64| med(renders.iter().map(|r| g(&r[i])).collect());
            Figures {
                rms_db: f(|x| x.rms_db),
                attack_ms: f(|x| x.attack_ms),
                decay_s: f(|x| x.decay_s),
                end_s: f(|x| x.end_s),
                centroid_hz: f(|x| x.centroid_hz),
                // (pitched: the medians of the pitch and of each harmonic)
                pitch_hz: renders
                    .iter()
                    .map(|r| r[i].pitch_hz)
                    .collect::<Option<Vec<f64>>>()
                    .map(&med),
                harmonics_db: renders
                    .iter()
                    .map(|r| r[i].harmonics_db.clone())
                    .collect::<Option<Vec<Vec<f64>>>>()
                    .map(|hs| {
                        (0..hs[0].len())
                            .map(|k| med(hs.iter().map(|h| h[k]).collect()))
                            .collect()
                    }),
                side_db: f(|x| x.side_db),
                balance_db: f(|x| x.balance_db),
            }
        })
        .collect()
}

/// Phonon's figures for `notes` of `program` (`cycles` long); a noisy synth's are the medians
/// over its draws, the program repeated (each repetition starts its notes at other samples,
/// so other random draws).
fn phonon_figures(
    synth: &str,
    program: &str,
    cycles: f64,
    pitched: bool,
    notes: &[f64],
) -> Vec<Figures> {
    let k = draws(synth);
    let limit = !BEFORE_LIMITER.contains(&synth);
    let (l, r) = render_as(program, cycles * k as f64, 512, limit);
    let all: Vec<f64> = (0..k).flat_map(|_| notes.iter().copied()).collect();
    let figs = measure_all(synth, &l, &r, pitched, &all);
    if k == 1 {
        return figs;
    }
    let renders: Vec<Vec<Figures>> = figs.chunks(notes.len()).map(|c| c.to_vec()).collect();
    median_figures(&renders)
}

/// The oracle's notes: `n "0 ~ 7 ~ 12 ~ -12 ~"` slowed 4x at cps 0.5 with legato 1 (each 1 s,
/// 2 s apart), and `n 0` at `sustain` 0.25 and 0.5 (2 s apart).
const NOTES: [f64; 4] = [0.0, 7.0, 12.0, -12.0];
const SUSTAINS: [f64; 2] = [0.25, 0.5];

fn notes_program(synth: &str) -> String {
    format!("cps: 0.5\nout $ slow 4 $ n \"0 ~ 7 ~ 12 ~ -12 ~\" # s \"{synth}\" # legato 1")
}

fn sustain_program(synth: &str) -> String {
    format!("cps: 0.5\nout $ n \"0 ~\" # s \"{synth}\" # sustain \"<0.25 0.5>\"")
}

/// SuperDirt's figures for one synth: its notes, then its sustained notes.
#[derive(Serialize, Deserialize, Debug)]
struct RefSynth {
    notes: Vec<Figures>,
    sustain: Vec<Figures>,
}

#[derive(Serialize, Deserialize, Debug)]
struct Reference {
    about: String,
    synths: BTreeMap<String, RefSynth>,
    /// superkick at `n 60` (its sine at 60 Hz), 1 s, legato 1.
    superkick_n60: Figures,
}

const KICK_N60: &str = "cps: 0.5\nout $ n \"60 ~\" # s \"superkick\" # legato 1";

const REFERENCE: &str = "tests/dirt_synths/reference.json";

/// The frequency a synth sounds for note `n`: the note's, but superchip's AY sounds its tone
/// period `t = (int) AY.freqtotone(f) = (int) (110300 / (f - 0.5))` as `steps sr / 2t` Hz, with
/// `steps = 1773400 / sr / 8` (integer division: 4 at 48 kHz; `freqtotone` is tuned for 44.1
/// kHz's 5), about 2.4 semitones under the note in SuperDirt too.
fn sounding_hz(synth: &str, n: f64) -> f64 {
    if synth == "superchip" {
        let tone = (110300.0 / (hz(n) - 0.5)).floor();
        let steps = (1_773_400 / SR / 8) as f64;
        steps * SR as f64 / (2.0 * tone)
    } else {
        hz(n)
    }
}

/// Measures the notes of a render (`len` notes 2 s apart).
fn measure_all(synth: &str, l: &[f32], r: &[f32], pitched: bool, notes: &[f64]) -> Vec<Figures> {
    notes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let start = i * 2 * SR as usize;
            measure(
                l,
                r,
                start,
                2 * SR as usize,
                pitched.then(|| sounding_hz(synth, *n)),
            )
        })
        .collect()
}

fn read_wav(path: &str) -> (Vec<f32>, Vec<f32>) {
    let mut rd = hound::WavReader::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(rd.spec().sample_rate, SR, "{path}");
    let ch = rd.spec().channels as usize;
    let x: Vec<f32> = match rd.spec().sample_format {
        hound::SampleFormat::Float => rd.samples::<f32>().map(|v| v.unwrap()).collect(),
        hound::SampleFormat::Int => rd
            .samples::<i32>()
            .map(|v| v.unwrap() as f32 / 32768.0)
            .collect(),
    };
    let l = x.iter().step_by(ch).copied().collect();
    let r = x.iter().skip(ch - 1).step_by(ch).copied().collect();
    (l, r)
}

/// How much a random synth's figures vary from render to render (what its `NOISY` draws and
/// its `EXCEPTIONS` rest on): `DIRT_ORACLE=/tmp/dirt17-cmp DIRT_SPREAD=supermandolin cargo test
/// --test dirt_synths oracle_spread -- --ignored --nocapture` prints, per note, each figure's
/// range over SuperDirt's renders (`{synth}.wav`, `{synth}.1.wav` ...) and over as many of
/// Phonon's (the program repeated). Ignored in the suite: it needs SuperDirt's renders, and it
/// only prints (the bounds it informs are asserted by the figure test).
#[test]
#[ignore]
fn oracle_spread() {
    let dir = std::env::var("DIRT_ORACLE").expect("DIRT_ORACLE: the oracle's render folder");
    let synths = std::env::var("DIRT_SPREAD").expect("DIRT_SPREAD: synths, comma-separated");
    for synth in synths.split(',') {
        let pitched = PORTED.iter().find(|p| p.0 == synth).is_some_and(|p| p.1);
        for (suffix, notes, program, cycles) in [
            ("", &NOTES[..], notes_program(synth), 4.0),
            ("_sus", &SUSTAINS[..], sustain_program(synth), 2.0),
        ] {
            let pitched = pitched && suffix.is_empty();
            let sd: Vec<Vec<Figures>> = (0..)
                .map(|k| match k {
                    0 => format!("{dir}/wav/sd/{synth}{suffix}.wav"),
                    _ => format!("{dir}/wav/sd/{synth}{suffix}.{k}.wav"),
                })
                .take_while(|f| std::path::Path::new(f).exists())
                .map(|f| {
                    let (l, r) = read_wav(&f);
                    measure_all(synth, &l, &r, pitched, notes)
                })
                .collect();
            let limit = !BEFORE_LIMITER.contains(&synth);
            let (l, r) = render_as(&program, cycles * sd.len() as f64, 512, limit);
            let all: Vec<f64> = (0..sd.len()).flat_map(|_| notes.iter().copied()).collect();
            let ph: Vec<Vec<Figures>> = measure_all(synth, &l, &r, pitched, &all)
                .chunks(notes.len())
                .map(|c| c.to_vec())
                .collect();
            for (i, n) in notes.iter().enumerate() {
                let range = |set: &[Vec<Figures>], g: &dyn Fn(&Figures) -> Vec<f64>| {
                    let vals: Vec<Vec<f64>> = set.iter().map(|r| g(&r[i])).collect();
                    (0..vals[0].len())
                        .map(|k| {
                            let (lo, hi) = vals
                                .iter()
                                .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v[k]), b.max(v[k])));
                            format!("{lo:.1}..{hi:.1}")
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                type Get = (&'static str, fn(&Figures) -> Vec<f64>);
                let figures: [Get; 9] = [
                    ("level dB", |f| vec![f.rms_db]),
                    ("pitch Hz", |f| f.pitch_hz.into_iter().collect()),
                    ("attack ms", |f| vec![f.attack_ms]),
                    ("decay ms", |f| vec![f.decay_s * 1000.0]),
                    ("end ms", |f| vec![f.end_s * 1000.0]),
                    ("centroid Hz", |f| vec![f.centroid_hz]),
                    ("h2-8 dB", |f| f.harmonics_db.clone().unwrap_or_default()),
                    ("side dB", |f| vec![f.side_db]),
                    ("balance dB", |f| vec![f.balance_db]),
                ];
                // The medians of successive sets of `draws(synth)` renders (what the reference
                // keeps), and Phonon's over as many (its first set is the figure test's).
                let k = draws(synth);
                let sets: Vec<Vec<Figures>> = sd.chunks_exact(k).map(median_figures).collect();
                let ph_sets: Vec<Vec<Figures>> = if ph.len() < k {
                    vec![median_figures(&ph)]
                } else {
                    ph.chunks_exact(k).map(median_figures).collect()
                };
                for (name, g) in figures {
                    if g(&sd[0][i]).is_empty() {
                        continue;
                    }
                    let show = |v: Vec<f64>| {
                        v.iter()
                            .map(|x| format!("{x:.1}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    let medians: Vec<String> = sets.iter().map(|m| show(g(&m[i]))).collect();
                    let ph_medians: Vec<String> = ph_sets.iter().map(|m| show(g(&m[i]))).collect();
                    println!(
                        "{synth} {} {n} {name}: SuperDirt {} | Phonon {}\n    medians of {k}: \
                         SuperDirt [{}] | Phonon [{}]",
                        if suffix.is_empty() { "n" } else { "sus" },
                        range(&sd, &g),
                        range(&ph, &g),
                        medians.join("] ["),
                        ph_medians.join("] [")
                    );
                }
            }
        }
    }
}

/// Writes `tests/dirt_synths/reference.json` from SuperDirt's renders of the oracle's notes:
/// `DIRT_ORACLE=/tmp/dirt17-cmp cargo test --test dirt_synths write_reference -- --ignored`
/// (`scripts/dirt_synths_oracle.sh` renders them into that folder). Ignored in the suite: it
/// needs SuperCollider's renders, which CI does not make (it compares against the file).
#[test]
#[ignore]
fn write_reference() {
    let dir = std::env::var("DIRT_ORACLE").expect("DIRT_ORACLE: the oracle's render folder");
    // DIRT_ONLY=a,b: rewrite only these synths' figures, keep the file's others (their noise
    // figures stay those of the render the tolerances were set against).
    let only = std::env::var("DIRT_ONLY").ok();
    let mut synths = BTreeMap::new();
    let kept = only.as_ref().map(|_| reference());
    for (synth, pitched) in PORTED {
        if let (Some(only), Some(kept)) = (&only, &kept) {
            if !only.split(',').any(|s| s == synth) {
                if let Some(r) = kept.synths.get(synth) {
                    synths.insert(
                        synth.to_string(),
                        RefSynth {
                            notes: r.notes.clone(),
                            sustain: r.sustain.clone(),
                        },
                    );
                    continue;
                }
            }
        }
        // A noisy synth's renders: `{synth}.wav`, then `{synth}.1.wav` ... (the oracle script
        // renders the score again for each).
        let file = |suffix: &str, k: usize| match k {
            0 => format!("{dir}/wav/sd/{synth}{suffix}.wav"),
            _ => format!("{dir}/wav/sd/{synth}{suffix}.{k}.wav"),
        };
        let figures = |suffix: &str, pitched: bool, notes: &[f64]| {
            let renders: Vec<Vec<Figures>> = (0..draws(synth))
                .map(|k| {
                    let (l, r) = read_wav(&file(suffix, k));
                    measure_all(synth, &l, &r, pitched, notes)
                })
                .collect();
            if renders.len() == 1 {
                renders[0].clone()
            } else {
                median_figures(&renders)
            }
        };
        let notes = figures("", pitched, &NOTES);
        let sustain = figures("_sus", false, &SUSTAINS);
        synths.insert(synth.to_string(), RefSynth { notes, sustain });
    }
    let superkick_n60 = match kept {
        Some(k) => k.superkick_n60,
        None => {
            let (l, r) = read_wav(&format!("{dir}/wav/sd/superkick_n60.wav"));
            measure(&l, &r, 0, 2 * SR as usize, Some(60.0))
        }
    };
    let about = "SuperDirt's renders of its own synths (default-synths-extra.scd, SuperDirt \
        commit in the sound oracle's sd/src/SUPERDIRT_COMMIT) in scsynth 3.13 (NRT, 48 kHz) \
        with sc3-plugins, through dirt_gate (amp 0.4, gain 1) and Pan2 at the centre; notes: \
        n 0 7 12 -12 (legato 1, 1 s each, 2 s apart), then n 0 at sustain 0.25 and 0.5; \
        superkick at n 60; measured by tests/dirt_synths/measure.rs"
        .to_string();
    let json = serde_json::to_string_pretty(&Reference {
        about,
        synths,
        superkick_n60,
    })
    .unwrap();
    std::fs::write(REFERENCE, json + "\n").unwrap();
}

fn reference() -> Reference {
    serde_json::from_str(&std::fs::read_to_string(REFERENCE).unwrap()).unwrap()
}

/// Where a synth cannot meet a tolerance: (synth, note index or `None` for all, figure (`h2-8`:
/// each harmonic), the bound it meets instead, why).
const EXCEPTIONS: &[(&str, Option<usize>, &str, f64, &str)] = &[
    (
        "supermandolin",
        None,
        "pitch",
        12.0,
        "its two combs (periods 1 -/+ detune/100 of the note's) ring 11.5 cents apart at n 7, and \
         the white-noise burst decides which is louder: the strongest partial is either (the \
         medians of two sets of nine SuperDirt renders: 393.2 and 390.7 Hz; Phonon's 390.7)",
    ),
    (
        "supermandolin",
        None,
        "h2-8",
        8.0,
        "each partial's level is the noise burst's draw at that frequency (single SuperDirt \
         renders span 20..30 dB per partial; the medians of two sets of nine differ by up to \
         7.8 dB, n 0 h8; Phonon's median within 6.7 dB of SuperDirt's)",
    ),
    (
        "supermandolin",
        None,
        "attack",
        1.7,
        "a noise burst, as superhat's: SuperDirt renders 0.5..6.0 ms, the medians of two sets of \
         nine 1.5 and 4.0 ms at sustain 0.25; Phonon's within those (measured +40 %)",
    ),
    (
        "supercomparator",
        None,
        "h2-8",
        4.0,
        "the ladder's cutoff wanders with `LFNoise2.ar(1, lfo * basefreq)`: single SuperDirt \
         renders span 7..9 dB in h4-h8, the medians of two sets of nine differ by up to 2.3 dB \
         (n 7 h5); Phonon's median within 3.6 dB (n -12 h5), its renders' span SuperDirt's",
    ),
    (
        "supercomparator",
        Some(4),
        "attack",
        0.35,
        "at sustain 0.25 the 12 ms rise meets the wandering cutoff (SuperDirt renders: 6.5..9.0 \
         ms, Phonon's 5.5..10.0; medians 9.0 and 6.5 ms)",
    ),
    (
        "superclap",
        None,
        "attack",
        1.0,
        "four 40 ms bursts of one noise: the 10-90 % time of the 2 ms RMS envelope is the noise's \
         (two SuperDirt renders of the same notes: 4.0..14.0 ms and 5.0..12.5 ms; Phonon's \
         6.5..13.5; the 2 ms envelopes agree within the noise's +-3 dB)",
    ),
    (
        "superclap",
        None,
        "level",
        2.5,
        "noise bursts 40 ms long: two SuperDirt renders differ by up to 0.76 dB, and Phonon's \
         n 7 and n 12 (the same sound: n clips at 5) by 2.1 dB",
    ),
    (
        "superclap",
        None,
        "decay",
        10.0,
        "at n 5 and over the third clap (0.32 s) sounds at the -20 dB threshold: the decay \
         point is 0.324 s in one SuperDirt render and 0.037 s in another",
    ),
    (
        "superkick",
        None,
        "centroid",
        0.35,
        "its 20 ms click is white noise through LPF 1500: the click's share of the spectrum \
         (over the 8 Hz sine at n 0) varies from note to note; measured -21..+29 % against two \
         SuperDirt renders (704 vs 545 and 612 Hz at n 12), either way",
    ),
    (
        "superhat",
        None,
        "attack",
        1.5,
        "a noise burst: the 10-90 % time of its 2 ms RMS envelope varies from note to note and \
         from render to render (two SuperDirt renders of the same notes: 2.5..14.5 ms and \
         1.5..10.0 ms; Phonon's 2.5..12.5; measured -34..+127 %)",
    ),
    (
        "supersnare",
        None,
        "attack",
        0.6,
        "a noise burst, as superhat's (two SuperDirt renders: 2.0..7.5 ms and 2.5..8.0 ms; \
         Phonon's 1.5..8.0; measured -50..+25 %)",
    ),
    (
        "supervibe",
        None,
        "attack",
        1.0,
        "its 90 % point falls where the tremolo (`SinOsc.kr(7, Rand(0, 2pi))`, a new random \
         phase every note in SuperDirt too) first peaks: 2.0..37.5 ms in SuperDirt's renders, \
         2.0..3.0 in Phonon's (measured -92..0 %)",
    ),
    (
        "superhammond",
        None,
        "attack",
        1.0,
        "its 5 ms attack is under the key click, a 0.1 s burst of noise frequency-modulating \
         every drawbar (`SinOsc.ar(f (2 WhiteNoise XLine + 1))`), so the 10-90 % time is the \
         noise's: 5.0..19.0 ms in SuperDirt's render, 7.5..18.0 in Phonon's (measured -52..+90 %)",
    ),
    (
        "supervibe",
        None,
        "decay",
        0.3,
        "the -20 dB point moves with the random tremolo phase (n 7 in two SuperDirt renders: \
         0.562 and 0.467 s; measured -1..+20 %)",
    ),
    (
        "supervibe",
        Some(4),
        "level",
        2.5,
        "sustain 0.25 holds under two tremolo cycles, so the random phase moves its level \
         (measured -1.87 and -0.89 dB against two SuperDirt renders)",
    ),
    (
        "supervibe",
        Some(5),
        "level",
        2.5,
        "as at sustain 0.25 (measured -1.01 and -1.14 dB)",
    ),
    (
        "supernoise",
        None,
        "attack",
        6.0,
        "not meaningful for a noise: its Env.linen rises over 10 ms (1 % of sustain), under the \
         2 ms RMS envelope's fluctuations, so the 90 % point falls where the noise first peaks \
         (seven SuperDirt renders of n 0: 8.5..56 ms; level, centroid, decay and end agree)",
    ),
    (
        "superstatic",
        None,
        "end",
        12.0,
        "Env.sine fades to 0, and the last sample over -100 dB of the (random) peak moves with \
         the last grains (seven SuperDirt renders of n 12 end between 0.983 and 0.998 s)",
    ),
    (
        "superstatic",
        Some(0),
        "level",
        2.5,
        "the median of nine renders: two sets of SuperDirt renders (nine and seven) differ by \
         2.0 dB at n 0",
    ),
    (
        "superstatic",
        Some(3),
        "level",
        8.0,
        "at n -12 the dust fires on a block's first sample half as often (geometric wait of 18 \
         blocks) and the climb before it dominates: medians of two sets of SuperDirt renders \
         differ by 7.7 dB",
    ),
    (
        "superstatic",
        Some(4),
        "level",
        18.0,
        "a short Env.sine rises while the integrator climbs, so the wait for the first grain \
         sets the level (one SuperDirt render: -40..+5.6 dB; medians of two sets: 13 dB apart)",
    ),
    (
        "superstatic",
        Some(5),
        "level",
        18.0,
        "as at sustain 0.25 (medians of two sets of SuperDirt renders: 18 dB apart)",
    ),
    (
        "superstatic",
        Some(4),
        "centroid",
        3.0,
        "the climb is near DC, the grains are 4 f: their shares swing with the level (SuperDirt \
         renders: 31..1398 Hz; medians of two sets: 245 and 924 Hz)",
    ),
    (
        "superstatic",
        Some(5),
        "centroid",
        0.8,
        "as at sustain 0.25 (medians of two sets of SuperDirt renders: 855 and 1499 Hz)",
    ),
    (
        "superstatic",
        Some(5),
        "decay",
        0.7,
        "a loud climb ends the -20 dB envelope early (SuperDirt renders: 0.135..0.433 s; \
         medians of two sets: 0.257 and 0.425 s)",
    ),
    (
        "superprimes",
        None,
        "balance",
        3.0,
        "its nine reverbs sit on a ring of channels about a random centre (LFNoise2.kr, a new \
         draw every note in SuperDirt too): one SuperDirt render's balance is -3.5..+4.1 dB, and \
         the medians of two sets of nine renders differ by up to 2.9 dB (n 12: +1.61 and -1.33)",
    ),
    (
        "superwavemechanics",
        None,
        "centroid",
        0.33,
        "eight resonators at random multiples of the note (0 to 45/8, drawn per note, in SuperDirt \
         too) set the spectrum: single SuperDirt renders of n 7 span 538..1570 Hz, and the \
         medians of five sets of nine differ by up to 33 % (sus 0.25: 770..1023 Hz; n 7: \
         911..1168); Phonon's five medians span as much (n 7: 949..1365), its first +27 % at n 7",
    ),
    (
        "superwavemechanics",
        None,
        "balance",
        3.0,
        "each resonator's two reverb channels sit at their own places in DirtPan's Splay, so \
         which draws ring loudest sets the image: single SuperDirt renders span -4.6..+5.5 dB at \
         sus 0.25, the medians of five sets of nine differ by up to 4.6 dB (sus 0.25: -2.1..+2.5) \
         and 2.1 dB at n 7; Phonon's medians within 2.3 dB of the reference (sus 0.25)",
    ),
];

fn exception(synth: &str, note: usize, figure: &str) -> Option<(f64, &'static str)> {
    EXCEPTIONS
        .iter()
        .find(|e| {
            e.0 == synth
                && e.1.is_none_or(|n| n == note)
                && (e.2 == figure || (e.2 == "h2-8" && figure.starts_with('h')))
        })
        .map(|e| (e.3, e.4))
}

/// Compares Phonon's figures with SuperDirt's: level within 1 dB (both through `dirt_gate`), pitch within
/// 3 cents, attack and decay within 20 %, centroid within 15 %, harmonics 2-8 within 3 dB
/// (those SuperDirt has above -60 dB; the others stay under -50 dB), the same stereo image
/// (mono stays mono: side under -60 dB; balance within 0.5 dB), note end within 2 ms.
/// Returns the lines of the table and the failures.
fn compare(synth: &str, what: &str, i: usize, ph: &Figures, sd: &Figures) -> (String, Vec<String>) {
    let mut bad = vec![];
    let mut check = |figure: &str, err: f64, tol: f64, shown: String| {
        let (tol, why) = match exception(synth, i, figure) {
            Some((t, why)) => (t, why),
            None => (tol, ""),
        };
        if err.is_nan() || err.abs() > tol {
            bad.push(format!(
                "{synth} {what} {figure}: {shown} (tolerance {tol}) {why}"
            ));
        }
    };
    let level = ph.rms_db - sd.rms_db;
    check("level", level, 1.0, format!("{level:+.2} dB"));
    let rel = |a: f64, b: f64| (a - b) / b.abs().max(1e-9);
    check(
        "attack",
        rel(ph.attack_ms, sd.attack_ms),
        0.2,
        format!("{:.1} ms vs {:.1}", ph.attack_ms, sd.attack_ms),
    );
    check(
        "decay",
        rel(ph.decay_s, sd.decay_s),
        0.2,
        format!("{:.3} s vs {:.3}", ph.decay_s, sd.decay_s),
    );
    check(
        "centroid",
        rel(ph.centroid_hz, sd.centroid_hz),
        0.15,
        format!("{:.0} Hz vs {:.0}", ph.centroid_hz, sd.centroid_hz),
    );
    let end_ms = (ph.end_s - sd.end_s) * 1000.0;
    check("end", end_ms, 2.0, format!("{end_ms:+.2} ms"));
    if sd.side_db < -60.0 {
        check(
            "stereo",
            (ph.side_db + 60.0).max(0.0),
            0.0,
            format!("side {:.0} dB", ph.side_db),
        );
    } else {
        check(
            "stereo",
            ph.side_db - sd.side_db,
            3.0,
            format!("side {:.1} dB vs {:.1}", ph.side_db, sd.side_db),
        );
    }
    check(
        "balance",
        ph.balance_db - sd.balance_db,
        0.5,
        format!("{:.2} dB vs {:.2}", ph.balance_db, sd.balance_db),
    );
    let mut line = format!(
        "{synth:<11} {what:<7} level {level:+.2} dB (SD {:.2}), attack {:.1}/{:.1} ms, decay {:.3}/{:.3} s, \
         centroid {:.0}/{:.0} Hz, end {end_ms:+.2} ms, side {:.0}/{:.0} dB",
        sd.rms_db,
        ph.attack_ms,
        sd.attack_ms,
        ph.decay_s,
        sd.decay_s,
        ph.centroid_hz,
        sd.centroid_hz,
        ph.side_db,
        sd.side_db
    );
    if let (Some(fp), Some(fs)) = (ph.pitch_hz, sd.pitch_hz) {
        let c = cents(fp, fs);
        check("pitch", c, 3.0, format!("{c:+.2} cents"));
        line += &format!(", pitch {c:+.2} cents");
        let (hp, hs) = (
            ph.harmonics_db.as_ref().unwrap(),
            sd.harmonics_db.as_ref().unwrap(),
        );
        let mut diffs = vec![];
        for (k, (a, b)) in hp.iter().zip(hs).enumerate() {
            let figure = format!("h{}", k + 2);
            if *b > -60.0 {
                check(&figure, a - b, 3.0, format!("{a:.1} dB vs {b:.1}"));
                diffs.push(format!("{:+.1}", a - b));
            } else {
                check(
                    &figure,
                    (a + 50.0).max(0.0),
                    0.0,
                    format!("{a:.1} dB vs {b:.1}"),
                );
                diffs.push("--".into());
            }
        }
        line += &format!(", h2-8 {}", diffs.join(" "));
    }
    (line, bad)
}

#[test]
fn older_synths_match_superdirts_figures() {
    let reference = reference();
    let mut lines = vec![];
    let mut bad = vec![];
    // DIRT_ONLY=a,b: only these synths (while porting one).
    let only = std::env::var("DIRT_ONLY").ok();
    for (synth, pitched) in PORTED {
        if only
            .as_ref()
            .is_some_and(|o| !o.split(',').any(|s| s == synth))
        {
            continue;
        }
        let sd = &reference.synths[synth];
        let ph = phonon_figures(synth, &notes_program(synth), 4.0, pitched, &NOTES);
        for (i, (p, s)) in ph.iter().zip(&sd.notes).enumerate() {
            let (line, b) = compare(synth, &format!("n {}", NOTES[i]), i, p, s);
            lines.push(line);
            bad.extend(b);
        }
        let ph = phonon_figures(synth, &sustain_program(synth), 2.0, false, &SUSTAINS);
        for (i, (p, s)) in ph.iter().zip(&sd.sustain).enumerate() {
            let (line, b) = compare(synth, &format!("sus {}", SUSTAINS[i]), 4 + i, p, s);
            lines.push(line);
            bad.extend(b);
        }
    }
    // superkick's `n` sets its pitch: `n 60` is a 60 Hz sine.
    let (l, r) = render_in(KICK_N60, 1.0, 512);
    let ph = measure(&l, &r, 0, 2 * SR as usize, Some(60.0));
    let (line, b) = compare("superkick", "n 60", 6, &ph, &reference.superkick_n60);
    lines.push(line);
    bad.extend(b);
    println!("Phonon/SuperDirt:\n{}", lines.join("\n"));
    assert!(bad.is_empty(), "{bad:#?}");
}

/// supernoise's and superhex's controls (SuperDirt's figures check their defaults): `pitch1`
/// scales supernoise's lowpass (0.2: a fifth of the cutoff, a darker noise), `voice` 1 swaps its
/// step noise for brown and white noise (at n 0 `cpsmidi(8 f) / 127` = 0.76 leans white: brighter
/// than the step noise under the same lowpass); superhex's `rate` multiplies the membrane's loss
/// per sample (`1 - 0.01 rate / freq`), so a higher rate rings shorter.
#[test]
fn noise_synths_follow_their_controls() {
    let figures = |synth: &str, controls: &str| {
        let (l, r) = render_as(
            &format!("tempo: 0.5\nout $ n \"0\" # s \"{synth}\" # legato 1 {controls}"),
            1.0,
            512,
            !BEFORE_LIMITER.contains(&synth),
        );
        measure(&l, &r, 0, l.len(), None)
    };
    let plain = figures("supernoise", "");
    let dark = figures("supernoise", "# pitch1 0.2");
    let white = figures("supernoise", "# voice 1");
    println!(
        "supernoise centroid: {:.0} Hz, pitch1 0.2 {:.0}, voice 1 {:.0}",
        plain.centroid_hz, dark.centroid_hz, white.centroid_hz
    );
    assert!(dark.centroid_hz < 0.6 * plain.centroid_hz);
    assert!(white.centroid_hz > 1.3 * plain.centroid_hz);
    let hex = figures("superhex", "");
    let damped = figures("superhex", "# rate 40");
    println!(
        "superhex decay: {:.3} s, rate 40 {:.3} s",
        hex.decay_s, damped.decay_s
    );
    assert!(damped.decay_s < 0.6 * hex.decay_s);
}

/// superwavemechanics' controls (SuperDirt's figures check its defaults): `voice` widens its
/// resonators (`rq` 0.011 at 0, 1.01 at 1: brighter, more noise than tone), `accelerate` glides
/// them up (`DirtFreqScale`). Medians over 16 notes (each draws its own resonators).
#[test]
fn wavemechanics_follows_its_controls() {
    let centroid = |controls: &str| {
        let (l, r) = render_in(
            &format!("cps: 0.5\nout $ n \"0*8\" # s \"superwavemechanics\" # legato 1 {controls}"),
            2.0,
            512,
        );
        let mut c: Vec<f64> = (0..16)
            .map(|k| measure(&l, &r, k * 12_000, 12_000, None).centroid_hz)
            .collect();
        c.sort_by(f64::total_cmp);
        c[8]
    };
    let plain = centroid("");
    let wide = centroid("# voice 1");
    let up = centroid("# accelerate 1");
    println!("superwavemechanics centroid: {plain:.0} Hz, voice 1 {wide:.0}, accelerate 1 {up:.0}");
    assert!(wide > 1.6 * plain);
    assert!(up > 1.1 * plain);
}
