//! Strudel's sound stage (`SoundStage::Dough`, `engine/dough.rs`): programs compiled by the
//! Tidal front-end, their stage set to `Dough`, rendered through the engine and measured.
//!
//! * Against superdough itself: `tests/dough/superdough_figures.json` holds figures measured on
//!   superdough 1.2.6's own renders of the same notes (its source run in node with
//!   node-web-audio-api 1.0.9's `OfflineAudioContext`, 48 kHz; `scripts/superdough_oracle/`),
//!   and the same figures of Phonon's render must agree.
//! * Against superdough's source: pitch (3 cents), harmonic series, the ADSR's times,
//!   the filter's response at its cutoff and slope, FM sidebands, vibrato depth.
//! * Real-time rules: the same samples at blocks of 64 and 512, no allocation; SuperDirt's
//!   stage unchanged (a Tidal program still plays SuperDirt's `sine`).

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram, SoundStage};
use phonon::lang::{compile_program_with, CompileOptions};
use phonon::samples::Library;
use std::sync::{Arc, OnceLock};

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: f64 = 48000.0;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::with_kit(SR as f32))
}

fn load(src: &str, stage: SoundStage) -> Box<LoadedProgram> {
    let opts = CompileOptions::new(4.0);
    let mut p = compile_program_with(src, &opts).unwrap_or_else(|e| panic!("{src}: {e}"));
    p.sound_stage = stage;
    LoadedProgram::from_program(p, src, lib(), &opts).unwrap()
}

/// (left, right) of `body` at tempo 0.5 (a cycle of 2 s) for `secs`, in blocks of `block`.
fn render_with(body: &str, secs: f64, block: usize, stage: SoundStage) -> (Vec<f32>, Vec<f32>) {
    let src = format!("tempo: 0.5\nout $ {body}");
    let mut engine = Engine::new(SR, Arc::new(Handoff::new()));
    engine.set_program(load(&src, stage));
    let total = (secs * SR) as usize;
    let (mut l, mut r) = (vec![0.0f32; total], vec![0.0f32; total]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut at = 0;
    while at < total {
        let n = block.min(total - at);
        let (bl, br) = (&mut l[at..at + n], &mut r[at..at + n]);
        assert_no_alloc(|| engine.process(input, bl, br));
        at += n;
    }
    (l, r)
}

fn render(body: &str) -> (Vec<f32>, Vec<f32>) {
    render_with(body, 2.0, 512, SoundStage::Dough)
}

fn span(x: &[f32], a: f64, b: f64) -> &[f32] {
    &x[(a * SR).round() as usize..(b * SR).round() as usize]
}

fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
}

fn hann(x: &[f32]) -> (Vec<f64>, f64) {
    let n = x.len() as f64;
    let w: Vec<f64> = (0..x.len())
        .map(|i| 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n).cos())
        .collect();
    let sum = w.iter().sum();
    (x.iter().zip(&w).map(|(v, w)| *v as f64 * w).collect(), sum)
}

/// The amplitude of the component at `f` Hz (a sine of amplitude A gives A).
fn amp(x: &[f32], f: f64) -> f64 {
    let (w, sum) = hann(x);
    let step = -std::f64::consts::TAU * f / SR;
    let (mut re, mut im) = (0.0, 0.0);
    for (i, v) in w.iter().enumerate() {
        let p = step * i as f64;
        re += v * p.cos();
        im += v * p.sin();
    }
    (re * re + im * im).sqrt() * 2.0 / sum
}

/// Amplitude-weighted mean frequency of the windowed spectrum (zero-padded to a power of two)
/// below 20 kHz.
fn centroid(x: &[f32]) -> f64 {
    let (w, _) = hann(x);
    let n = w.len().next_power_of_two();
    let mut re: Vec<f32> = w.iter().map(|v| *v as f32).collect();
    re.resize(n, 0.0);
    let mut im = vec![0.0f32; n];
    phonon::dsp::fft::fft(&mut re, &mut im, &phonon::dsp::fft::twiddles(n), false);
    let (mut num, mut den) = (0.0, 0.0);
    for k in 0..=n / 2 {
        let m = (re[k] as f64).hypot(im[k] as f64);
        let f = k as f64 * SR / n as f64;
        if f < 20000.0 {
            num += m * f;
            den += m;
        }
    }
    num / den.max(1e-30)
}

/// The frequency of the strongest component between `lo` and `hi` Hz, refined to 0.01 Hz.
fn peak_hz(x: &[f32], lo: f64, hi: f64) -> f64 {
    let mut best = (0.0, lo);
    let mut step = 1.0;
    let (mut a, mut b) = (lo, hi);
    for _ in 0..3 {
        let mut f = a;
        while f <= b {
            let m = amp(x, f);
            if m > best.0 {
                best = (m, f);
            }
            f += step;
        }
        a = best.1 - step;
        b = best.1 + step;
        step /= 10.0;
    }
    best.1
}

fn cents(f: f64, want: f64) -> f64 {
    1200.0 * (f / want).log2()
}

fn measure(l: &[f32], r: &[f32], m: &serde_json::Value) -> f64 {
    let m = m.as_array().unwrap();
    let kind = m[0].as_str().unwrap();
    let (a, b) = (m[1].as_f64().unwrap(), m[2].as_f64().unwrap());
    match kind {
        "rms" => rms(span(l, a, b)),
        "rmsr" => rms(span(r, a, b)),
        "amp" => amp(span(l, a, b), m[3].as_f64().unwrap()),
        "centroid" => centroid(span(l, a, b)),
        _ => panic!("{kind}"),
    }
}

#[test]
fn figures_match_superdoughs_own_renders() {
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("dough/superdough_figures.json")).unwrap();
    let mut failures = vec![];
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let program = case["program"].as_str().unwrap();
        let (l, r) = render(program);
        for (m, want) in case["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .zip(case["superdough"].as_array().unwrap())
        {
            let want = want.as_f64().unwrap();
            let got = measure(&l, &r, m);
            let kind = m[0].as_str().unwrap();
            // Random sources (noises, supersaw's random phases) agree statistically.
            let random = ["white", "pink", "brown"].contains(&name);
            let tol = match kind {
                "centroid" => 0.1 * want,
                _ if random => 0.15 * want,
                // Levels: 0.3 dB, or a floor where the component is (near) absent.
                _ => (0.035 * want).max(2e-3),
            };
            let ok = (got - want).abs() <= tol;
            println!(
                "{} {name:14} {:?} superdough {want:.5} phonon {got:.5}",
                if ok { "  " } else { "!!" },
                m
            );
            if !ok {
                failures.push(format!("{name} {m:?}: superdough {want}, phonon {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn waveforms_play_their_pitch_and_harmonic_series() {
    for (wave, note) in [
        ("sine", 57.0),
        ("sawtooth", 45.0),
        ("square", 50.0),
        ("triangle", 62.0),
    ] {
        let (l, _) = render(&format!("note \"{note} ~\" # s \"{wave}\""));
        let want = 440.0 * 2f64.powf((note - 69.0) / 12.0);
        let x = span(&l, 0.2, 0.9);
        let f = peak_hz(x, want - 5.0, want + 5.0);
        assert!(cents(f, want).abs() < 3.0, "{wave}: {f} Hz for {want}");
        let h: Vec<f64> = (1..=5)
            .map(|k| amp(x, want * k as f64) / amp(x, want))
            .collect();
        match wave {
            "sawtooth" => {
                for (k, r) in h.iter().enumerate() {
                    assert!((r * (k + 1) as f64 - 1.0).abs() < 0.05, "saw 1/n: {h:?}");
                }
            }
            "square" => {
                assert!(h[1] < 0.01 && h[3] < 0.01, "square: odd only {h:?}");
                assert!((h[2] * 3.0 - 1.0).abs() < 0.05 && (h[4] * 5.0 - 1.0).abs() < 0.05);
            }
            "triangle" => {
                assert!(h[1] < 0.01 && h[3] < 0.01, "triangle: odd only {h:?}");
                assert!((h[2] * 9.0 - 1.0).abs() < 0.05 && (h[4] * 25.0 - 1.0).abs() < 0.1);
            }
            _ => assert!(h[1..].iter().all(|r| *r < 0.001), "sine: {h:?}"),
        }
    }
    // Note names as Strudel reads them (`c4` = 60), and `freq`.
    let (l, _) = render("note \"c4 ~\" # s \"sine\"");
    assert!(cents(peak_hz(span(&l, 0.2, 0.9), 250.0, 275.0), 261.6256).abs() < 3.0);
    let (l, _) = render("freq \"300 ~\" # s \"sine\"");
    assert!(cents(peak_hz(span(&l, 0.2, 0.9), 290.0, 310.0), 300.0).abs() < 3.0);
}

/// Window of [`envelope`]: one period of a 480 Hz tone.
const WIN: f64 = 100.0 / SR;

/// The level envelope (RMS over windows of one period of 480 Hz) of a note.
fn envelope(x: &[f32]) -> Vec<f64> {
    x.chunks(100).map(rms).collect()
}

/// The time (s) the envelope first reaches `frac` of `level` from `from` s on.
fn time_at(env: &[f64], from: f64, level: f64, frac: f64, rising: bool) -> f64 {
    let i0 = (from / WIN) as usize;
    for (i, v) in env.iter().enumerate().skip(i0) {
        if (rising && *v >= level * frac) || (!rising && *v <= level * frac) {
            return (i as f64 + 0.5) * WIN;
        }
    }
    f64::INFINITY
}

#[test]
fn adsr_follows_superdoughs_defaults_and_settings() {
    // Synth defaults `[0.001, 0.05, 0.6, 0.01]`: the peak at 1 ms, 60 % from 51 ms, released
    // over 10 ms after the note's 1 s.
    let (l, _) = render("freq \"480 ~\" # s \"sine\"");
    let env = envelope(&l);
    let sustain = rms(span(&l, 0.3, 0.9));
    let peak = env[..40].iter().cloned().fold(0.0, f64::max);
    assert!(
        (sustain / peak - 0.6).abs() < 0.03,
        "sustain {}",
        sustain / peak
    );
    let decayed = time_at(&env, 0.002, sustain, 1.01, false);
    assert!((decayed - 0.051).abs() < 0.005, "decay ends {decayed}");
    assert!(rms(span(&l, 1.0, 1.005)) > 0.0 && rms(span(&l, 1.012, 1.1)) == 0.0);
    // Set: attack 0.2, decay 0.2, sustain 0.5, release 0.4.
    let (l, _) = render(
        "freq \"480 ~\" # s \"sawtooth\" # attack 0.2 # decay 0.2 # sustain 0.5 # release 0.4",
    );
    let env = envelope(&l);
    let top = env.iter().cloned().fold(0.0, f64::max);
    let attack = time_at(&env, 0.0, top, 0.99, true);
    assert!((attack - 0.2).abs() < 0.02, "attack {attack}");
    let half = time_at(&env, 0.2, top, 0.75, false);
    assert!((half - 0.3).abs() < 0.02, "decay midpoint {half}");
    let level = rms(span(&l, 0.5, 0.9)) / top;
    assert!((level - 0.5).abs() < 0.05, "sustain {level}");
    let rel = time_at(&env, 1.0, top * 0.5, 0.5, false);
    assert!((rel - 1.2).abs() < 0.04, "release midpoint {rel}");
    // Only a decay: sustain 0.001 (`getADSRValues`), so the note dies after it.
    let (l, _) = render("note \"57 ~\" # s \"sawtooth\" # decay 0.1");
    assert!(rms(span(&l, 0.3, 0.9)) < 1e-3 * rms(span(&l, 0.0, 0.02)) * 2.0);
    // `clip 0.5`: the note is half its event.
    let (l, _) = render("note \"69 ~\" # s \"sine\" # clip 0.5");
    assert!(rms(span(&l, 0.4, 0.49)) > 0.05 && rms(span(&l, 0.52, 0.9)) == 0.0);
}

#[test]
fn gain_is_linear_and_its_default_is_0_8() {
    // superdough: `0.3 * adsr * gain * velocity ... * postgain`; a sine at gain 1 sustains at
    // 0.3 * 0.6 = 0.18 peak, RMS 0.1273; the default gain 0.8 gives 0.1018.
    let level = |c: &str| {
        rms(span(
            &render(&format!("note \"69 ~\" # s \"sine\" {c}")).0,
            0.3,
            0.9,
        ))
    };
    let want = 0.3 * 0.6 / 2f64.sqrt();
    assert!((level("# gain 1") / want - 1.0).abs() < 0.01);
    assert!((level("") / (0.8 * want) - 1.0).abs() < 0.01);
    assert!((level("# gain 0.5") / (0.5 * want) - 1.0).abs() < 0.01);
    assert!((level("# gain 1 # velocity 0.5 # postgain 3") / (1.5 * want) - 1.0).abs() < 0.01);
    // SuperDirt's stage is unchanged: the same program under Dirt plays SuperDirt's `sine`.
    let (d, _) = render_with("note \"69 ~\" # s \"sine\"", 2.0, 512, SoundStage::Dirt);
    let (o, _) = render_with("note \"69 ~\" # s \"sine\"", 2.0, 512, SoundStage::Dough);
    assert!(d != o);
    // (SuperDirt's `note` counts from middle C: note 69 is MIDI 129.)
    let tidal = peak_hz(span(&d, 0.2, 0.9), 14000.0, 14160.0);
    assert!(cents(tidal, 440.0 * 32.0).abs() < 3.0, "{tidal}");
}

#[test]
fn lowpass_is_a_web_audio_biquad_with_q_in_db() {
    // A saw at 55 Hz through `lpf 440`: harmonic k's level over the unfiltered saw's is the
    // biquad's response: +1 dB at the cutoff with superdough's default resonance 1, then
    // 12 dB per octave.
    let (dry, _) = render("note \"33 ~\" # s \"sawtooth\"");
    let (wet, _) = render("note \"33 ~\" # s \"sawtooth\" # lpf 440");
    let gain_db =
        |f: f64| 20.0 * (amp(span(&wet, 0.2, 0.9), f) / amp(span(&dry, 0.2, 0.9), f)).log10();
    let at_cutoff = gain_db(440.0);
    assert!((at_cutoff - 1.0).abs() < 0.3, "at cutoff {at_cutoff} dB");
    let slope = gain_db(3520.0) - gain_db(1760.0);
    assert!((slope + 12.0).abs() < 1.0, "slope {slope} dB/octave");
    assert!(gain_db(55.0).abs() < 0.3);
    // `resonance 6`: 6 dB at the cutoff.
    let (q6, _) = render("note \"33 ~\" # s \"sawtooth\" # lpf 440 # resonance 6");
    let g = 20.0 * (amp(span(&q6, 0.2, 0.9), 440.0) / amp(span(&dry, 0.2, 0.9), 440.0)).log10();
    assert!((g - 6.0).abs() < 0.3, "q 6: {g} dB");
    // `ftype "24db"`: twice the slope.
    let (w24, _) = render("note \"33 ~\" # s \"sawtooth\" # lpf 440 # ftype \"24db\"");
    let g24 = |f: f64| 20.0 * (amp(span(&w24, 0.2, 0.9), f) / amp(span(&dry, 0.2, 0.9), f)).log10();
    let slope = g24(3520.0) - g24(1760.0);
    assert!((slope + 24.0).abs() < 2.0, "24db slope {slope}");
}

#[test]
fn lpenv_sweeps_the_cutoff() {
    // `lpenv 4` with the default envelope `[0.005, 0.14, 0, 0.1]`: the cutoff jumps to 16x
    // and falls back to the base over 0.14 s; the spectrum's centroid follows.
    let (l, _) = render("note \"33 ~\" # s \"sawtooth\" # lpf 300 # lpenv 4");
    let c: Vec<f64> = [(0.0, 0.03), (0.06, 0.09), (0.1, 0.14), (0.5, 0.9)]
        .iter()
        .map(|(a, b)| centroid(span(&l, *a, *b)))
        .collect();
    assert!(c.windows(2).all(|w| w[0] > w[1]), "centroid falls: {c:?}");
    assert!(c[0] > 3.0 * c[3], "{c:?}");
}

/// superdough's FM as its source defines it (`applyFM`): a sine carrier whose frequency param
/// gets `fc * fmh * fmi * sin(2 pi fc fmh t)` added, its phase accumulated sample by sample,
/// running backwards where the sum is negative (Web Audio's oscillator).
fn ideal_fm(fc: f64, fmh: f64, fmi: f64, secs: f64) -> Vec<f32> {
    let mut ph = 0.0f64;
    (0..(secs * SR) as usize)
        .map(|i| {
            let t = i as f64 / SR;
            let f = fc + fc * fmh * fmi * (std::f64::consts::TAU * fc * fmh * t).sin();
            let y = (std::f64::consts::TAU * ph).sin();
            ph = (ph + f / SR).rem_euclid(1.0);
            y as f32
        })
        .collect()
}

#[test]
fn fm_sidebands_follow_the_index() {
    // Carrier 220 Hz: the components at 220 (1 + k) Hz (and, with `fmh 0.5`, at 110 k Hz) of
    // Phonon's note match the ideal FM of the same index, including past index 1 (`fmh 1`,
    // `fmi 2`: the frequency dips below 0).
    let level = 0.3 * 0.8 * 0.6;
    for (fmh, fmi) in [(1.0, 1.0), (1.0, 2.0), (0.5, 3.0)] {
        let (l, _) = render(&format!(
            "note \"57 ~\" # s \"sine\" # fmi {fmi} # fmh {fmh}"
        ));
        let x = span(&l, 0.3, 0.9);
        let ideal = ideal_fm(220.0, fmh, fmi, 1.0);
        let y = span(&ideal, 0.3, 0.9);
        for k in 1..=6 {
            let f = 220.0 * fmh * k as f64;
            let (got, want) = (amp(x, f) / level, amp(y, f));
            assert!(
                (got - want).abs() < 0.01,
                "fmh {fmh} fmi {fmi}, {f} Hz: {got} vs {want}"
            );
        }
        // The index shows: more energy away from the carrier as fmi grows.
        assert!(centroid(x) > 220.0);
    }
}

#[test]
fn vibrato_depth_is_vibmod_semitones() {
    // `vib 2 # vibmod 1`: the pitch swings one semitone each way around 440 Hz.
    let (l, _) = render("note \"69 ~\" # s \"sine\" # vib 2 # vibmod 1");
    // Zero crossings give the period; the highest and lowest local frequency over a second.
    let x = span(&l, 0.1, 0.95);
    let mut ups = vec![];
    for i in 1..x.len() {
        if x[i - 1] < 0.0 && x[i] >= 0.0 {
            let frac = x[i - 1] as f64 / (x[i - 1] - x[i]) as f64;
            ups.push(i as f64 - 1.0 + frac);
        }
    }
    let f: Vec<f64> = ups.windows(2).map(|w| SR / (w[1] - w[0])).collect();
    let hi = f.iter().cloned().fold(0.0, f64::max);
    let lo = f.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        (cents(hi, 440.0) - 100.0).abs() < 5.0,
        "up {}",
        cents(hi, 440.0)
    );
    assert!(
        (cents(lo, 440.0) + 100.0).abs() < 5.0,
        "down {}",
        cents(lo, 440.0)
    );
}

#[test]
fn distort_adds_harmonics_and_supersaw_detunes() {
    let (clean, _) = render("note \"57 ~\" # s \"sine\"");
    let (dist, _) = render("note \"57 ~\" # s \"sine\" # distort 2");
    let h3 = |x: &[f32]| amp(span(x, 0.3, 0.9), 660.0) / amp(span(x, 0.3, 0.9), 220.0);
    assert!(h3(&clean) < 1e-3 && h3(&dist) > 0.05);
    // supersaw: `unison 3 # detune 1`: voices at -0.5, 0 and +0.5 semitones.
    let (l, _) = render("note \"57 ~\" # s \"supersaw\" # unison 3 # detune 1");
    let x = span(&l, 0.2, 1.0);
    for semis in [-0.5, 0.0, 0.5] {
        let f = 220.0 * 2f64.powf(semis / 12.0);
        let got = peak_hz(x, f - 2.0, f + 2.0);
        assert!(cents(got, f).abs() < 3.0, "{semis}: {got}");
    }
}

#[test]
fn same_samples_in_any_block_size() {
    let all = "stack [note \"57 60\" # s \"sawtooth\" # lpf 800 # lpenv 3 # vib 5 # tremolo 3, \
               note \"45 ~\" # s \"supersaw\" # pan 0.3 # distort 1 # phaser 1, \
               note \"~ 50\" # s \"pulse\" # pwrate 3 # coarse 3 # crush 6, \
               s \"pink ~ crackle\" # hpf 500 # hpenv 2, \
               note \"69\" # s \"sine\" # fmi 3 # fmdecay 0.2 # penv 7 # shape 0.4, \
               s \"arpy*4\" # cut 1 # note 40 # vib 3 # lpf 2000, \
               note \"33*3\" # s \"square\" # lpf 500 # ftype \"ladder\" # lpenv 3 # resonance 10 # vowel \"<o e>\"]";
    let a = render_with(all, 4.0, 512, SoundStage::Dough);
    let b = render_with(all, 4.0, 64, SoundStage::Dough);
    assert!(a.0.iter().any(|v| v.abs() > 0.01));
    assert!(a == b, "block 64 differs from 512");
}

#[test]
fn samples_play_at_superdoughs_level_length_and_pitch() {
    // `onTriggerSample`: gain 0.8 by default, linear, with the samples' ADSR defaults
    // `[0.001, 0.001, 1, 0.01]` (flat after a millisecond), and no panner unless `pan` is set
    // (full level on both sides); SuperDirt's stage plays the same mono sample through
    // `Pan2` at the centre (-3 dB a side) and `dirt_gate`'s `amp` 0.4.
    let (dirt, _) = render_with("s \"arpy ~\"", 2.0, 512, SoundStage::Dirt);
    let (dough, _) = render("s \"arpy ~\"");
    let ratio = rms(span(&dough, 0.01, 0.2)) / rms(span(&dirt, 0.01, 0.2));
    let amp = phonon::engine::dirt_gate::AMP;
    assert!(
        (ratio - 0.8 * 2f64.sqrt() / amp).abs() < 0.02,
        "level {ratio}"
    );
    let (panned, _) = render("s \"arpy ~\" # pan 0.5");
    let ratio = rms(span(&panned, 0.01, 0.2)) / rms(span(&dirt, 0.01, 0.2));
    assert!((ratio - 0.8 / amp).abs() < 0.02, "panned level {ratio}");
    let last = |x: &[f32]| x.iter().rposition(|v| v.abs() > 1e-4).unwrap_or(0) as f64 / SR;
    // Without `clip`, the note lasts the sample (its slice), then a 10 ms release.
    let natural = last(&dirt);
    assert!(
        (last(&dough) - natural).abs() < 0.015,
        "{} vs {natural}",
        last(&dough)
    );
    // `note` counts from 36 for samples: `note 48` is an octave up, half as long.
    let (up, _) = render("s \"arpy ~\" # note 48");
    assert!(
        (last(&up) - natural / 2.0).abs() < 0.015,
        "{} vs {}",
        last(&up),
        natural / 2.0
    );
    // `clip 0.1`: cut after 0.1 of the 1 s event, released over 10 ms.
    let (short, _) = render("s \"arpy ~\" # clip 0.1");
    assert!((last(&short) - 0.11).abs() < 0.005, "{}", last(&short));
    // `speed -1`: backwards, the same length.
    let (back, _) = render("s \"arpy ~\" # speed (-1)");
    assert!((last(&back) - natural).abs() < 0.015);
    assert!(rms(span(&back, 0.0, 0.05)) < rms(span(&dough, 0.0, 0.05)));
    // `cut`: a newer voice of the group fades the older out over 10 ms.
    // (Slowed down so the first is still sounding when the second starts, 1 s later.)
    let (first, _) = render("s \"bass ~\" # speed 0.1 # clip 4");
    assert!(rms(span(&first, 1.0, 1.1)) > 0.01);
    let (cut, _) = render("s \"bass ~ bass ~\" # speed 0.1 # clip 4 # cut 1");
    let (second, _) = render("s \"~ ~ bass ~\" # speed 0.1 # clip 4");
    let diff: Vec<f32> = cut.iter().zip(&second).map(|(a, b)| a - b).collect();
    assert!(
        rms(span(&diff, 1.0, 1.005)) > 0.001,
        "the first still sounds"
    );
    assert!(rms(span(&diff, 1.011, 1.5)) == 0.0, "then it is gone");
}

#[test]
fn delay_echoes_at_delaysync_cycles() {
    // A 50 ms note sending half to the delay: superdough's time is 3/16 cycle at the tempo
    // (0.375 s at 0.5 cycles per second), feedback 0.5: echoes at 0.375 s (x 0.5) and 0.75 s
    // (x 0.25).
    let (l, _) = render_with(
        "note \"69 ~ ~ ~\" # s \"sine\" # clip 0.1 # delay 0.5",
        1.0,
        512,
        SoundStage::Dough,
    );
    let dry = rms(span(&l, 0.01, 0.04));
    let e1 = rms(span(&l, 0.385, 0.415)) / dry;
    let e2 = rms(span(&l, 0.76, 0.79)) / dry;
    assert!(
        (e1 - 0.5).abs() < 0.02 && (e2 - 0.25).abs() < 0.02,
        "{e1} {e2}"
    );
    assert!(rms(span(&l, 0.1, 0.37)) < 1e-3);
    // `delaytime` in seconds, `delayfeedback`.
    let (l, _) = render_with(
        "note \"69 ~ ~ ~\" # s \"sine\" # clip 0.1 # delay 1 # delaytime 0.2 # delayfeedback 0.25",
        1.0,
        512,
        SoundStage::Dough,
    );
    let e1 = rms(span(&l, 0.21, 0.24)) / dry;
    let e2 = rms(span(&l, 0.41, 0.44)) / dry;
    assert!(
        (e1 - 1.0).abs() < 0.03 && (e2 - 0.25).abs() < 0.02,
        "{e1} {e2}"
    );
}

#[test]
fn phaser_sweeps_two_notches() {
    // `phaser 2`: notches at 1000 and 1282 Hz detuned by a triangle of +-2000 cents at 2 Hz
    // (phase 0 at the event's start: -2000 cents, +2000 at 0.25 s). A 990 Hz tone is notched
    // where a notch crosses it (the 1282 Hz one at -447 cents: 0.097 s and 0.403 s; the other
    // at -17 cents: 0.124 s and 0.376 s) and nearly clear where the notches are far above
    // (0.25 s: attenuated 0.73 by the two notches of Q 0.5 at 3175 and 4070 Hz).
    let (x, _) = render("freq \"990 ~\" # s \"sine\" # phaser 2");
    let at = |t: f64| rms(span(&x, t - 0.003, t + 0.003)) / (0.3 * 0.8 * 0.6 / 2f64.sqrt());
    assert!(at(0.1) < 0.05 && at(0.4) < 0.05, "{} {}", at(0.1), at(0.4));
    assert!((at(0.25) - 0.73).abs() < 0.03, "{}", at(0.25));
    // The same half a second later (the LFO's period).
    assert!((at(0.75) - at(0.25)).abs() < 0.01);
}

#[test]
fn duckorbit_ducks_the_target_orbits_output() {
    // superdough's `duck`: each kick ducks orbit 2 (a held sawtooth) to 1 - sqrt(1) -> 0.01 by
    // 10 ms after it (Phonon's 10 ms ramp, superdough's timer lead), then back over 0.2 s.
    let tone = "note \"c3\" # s \"sawtooth\" # clip 1 # orbit 2";
    let ducked = format!("stack [{tone}, s \"bd*4\" # duckorbit 2 # duckattack 0.2 # postgain 0]");
    let (plain, _) = render_with(tone, 2.0, 512, SoundStage::Dough);
    let (l, _) = render_with(&ducked, 2.0, 512, SoundStage::Dough);
    for kick in [0.5, 1.0, 1.5] {
        let dip = rms(span(&l, kick + 0.0095, kick + 0.02))
            / rms(span(&plain, kick + 0.0095, kick + 0.02));
        assert!(dip < 0.03, "at {kick} s the orbit is at {dip}");
        // Back to full level after the attack.
        let back =
            rms(span(&l, kick + 0.3, kick + 0.45)) / rms(span(&plain, kick + 0.3, kick + 0.45));
        assert!((back - 1.0).abs() < 0.01, "at {kick} s + 0.3: {back}");
    }
    // Another orbit is left alone; any block size ducks on the same samples.
    let other = format!("stack [{tone}, s \"bd*4\" # duckorbit 3 # postgain 0]");
    let (o, _) = render_with(&other, 2.0, 512, SoundStage::Dough);
    assert_eq!(o, plain);
    let (small, _) = render_with(&ducked, 2.0, 64, SoundStage::Dough);
    assert_eq!(small, l);
}

#[test]
fn compressor_runs_web_audios_law_on_the_voice() {
    // The voice before the compressor is the voice without it (no pan, postgain 1), so the
    // compressed voice is that signal times the kernel's gain, sample by sample (the kernel's
    // curve, makeup and detector are tested in `dsp::dough_compressor`), with each setting read.
    use phonon::dsp::dough_compressor::{CompressorParams, DoughCompressor};
    let voice = "note \"c3 ~\" # s \"sawtooth\" # clip 1 # gain 2";
    let (dry, _) = render(voice);
    for (extra, p) in [
        ("# compressor (-20)", CompressorParams { threshold_db: -20.0, ..Default::default() }),
        (
            "# compressor (-30) # compressorRatio 4 # compressorKnee 6 # compressorAttack 0.02 # compressorRelease 0.2",
            CompressorParams { threshold_db: -30.0, ratio: 4.0, knee_db: 6.0, attack_s: 0.02, release_s: 0.2 },
        ),
    ] {
        let (wet, _) = render(&format!("{voice} {extra}"));
        let mut c = DoughCompressor::new(p, SR as f32);
        let worst = (0..dry.len())
            .map(|i| (wet[i] - dry[i] * c.gain(dry[i].abs())).abs())
            .fold(0f32, f32::max);
        assert!(worst < 1e-5, "{extra}: off by {worst}");
        // It changes the sound (the makeup gain can leave the level near where it was).
        let moved = (0..dry.len()).map(|i| (wet[i] - dry[i]).abs()).fold(0f32, f32::max);
        assert!(moved > 0.05, "{extra}: unchanged ({moved})");
    }
}

#[test]
fn a_looped_sample_repeats_between_loop_begin_and_loop_end() {
    // A 0.1 s ramp from 0 to 1: with `loop 1`, superdough's buffer source plays it once from
    // `begin`, then repeats the part between `loopBegin` 0.5 and `loopEnd` 0.75 (1200 samples,
    // values 0.5 .. 0.75 times the voice's level) until the note ends.
    let n = 4800;
    let mut lib = Library::with_kit(SR as f32);
    lib.banks.insert(
        "ramp".into(),
        vec![Arc::new(phonon::samples::Sample {
            left: (0..n).map(|i| i as f32 / n as f32).collect(),
            right: None,
            sample_rate: SR as f32,
        })],
    );
    let src = "tempo: 0.5\nout $ s \"ramp\" # loop 1 # loopBegin 0.5 # loopEnd 0.75 # pan 0";
    let opts = CompileOptions::new(4.0);
    let mut p = compile_program_with(src, &opts).unwrap();
    p.sound_stage = SoundStage::Dough;
    let mut engine = Engine::new(SR, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::from_program(p, src, &lib, &opts).unwrap());
    let (mut l, mut r) = (vec![0.0f32; 48000], vec![0.0f32; 48000]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    for (bl, br) in l.chunks_mut(512).zip(r.chunks_mut(512)) {
        assert_no_alloc(|| engine.process(input, bl, br));
    }
    let x = &l[9000..40000];
    let peak = x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!(peak > 0.05, "silent: {peak}");
    let worst = (0..x.len() - 1200)
        .map(|t| (x[t + 1200] - x[t]).abs())
        .fold(0.0f32, f32::max);
    assert!(
        worst < 1e-3 * peak,
        "not periodic in 1200 samples: {worst} of {peak}"
    );
    let lo = x.iter().fold(f32::MAX, |m, v| m.min(v.abs()));
    println!("loop: peak {peak}, trough {lo}, ratio {}", peak / lo);
    assert!(
        (peak / lo - 1.5).abs() < 0.02,
        "the loop plays 0.5..0.75: {lo}..{peak}"
    );
}
