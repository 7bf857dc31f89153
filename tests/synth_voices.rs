//! The synth voices play the pitch their controls ask for, measured on the rendered audio.
//!
//! Every pitched voice (`supersaw superfm superpwm` and the plain `sine saw square tri`;
//! `superpiano` is SuperDirt's MdaPiano, a sampled piano that plays whole semitones with its
//! own stretched tuning, measured against SuperDirt's renders in `tests/dirt_synths.rs`) is
//! rendered through the engine (44.1 kHz, 512-sample blocks) with one note every two
//! seconds, and the fundamental of each note is measured from the audio: the lowest strong peak
//! of a Hann-windowed, zero-padded FFT, refined by a direct DFT search (the supersaw's seven
//! detuned saws: the centre of the peak's cluster). It must be within a few cents
//! of the pitch that `note`/`n` give (semitones from middle C: note 0 = MIDI 60 = 261.63 Hz),
//! shifted by `octave`, walked through `scale "major"`/`"minor"`; `c4'maj` must sound C, E and G.

mod common;
use common::fft;

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::Library;

const SR: u32 = 44100;
/// Seconds per note.
const NOTE_S: usize = 2;
/// Samples analysed per note (0.37 s), starting 0.3 s into it (past attacks and FM's bright start).
const WIN: usize = 16384;
/// superpwm's width LFO (0.8 Hz) moves the pulse's centre, so its frequency swings by up to
/// 0.35 * pi * 0.8 = 0.88 Hz around the note (sidebands 0.8 Hz apart, as strong as the
/// partial): it is analysed over one whole LFO period, 1.25 s, as the centre of the partial's
/// sidebands; so is the supersaw (the centre of its seven detuned saws).
const LONG_WIN: usize = 55125;

/// Samples analysed per note for `voice`.
fn win(voice: &str) -> usize {
    if matches!(voice, "superpwm" | "supersaw") {
        LONG_WIN
    } else {
        WIN
    }
}

const VOICES: [&str; 7] = [
    "supersaw", "superfm", "superpwm", "sine", "saw", "square", "tri",
];

/// Hz of a MIDI note.
fn hz(midi: f64) -> f64 {
    440.0 * 2f64.powf((midi - 69.0) / 12.0)
}

fn cents(f: f64, want: f64) -> f64 {
    1200.0 * (f / want).log2()
}

/// Allowed error in cents. The supersaw is seven saws detuned from -19 to +18 cents (their mean
/// is the note) and superpwm's partials wobble with its width LFO: both measured as a centre
/// of energy; every other voice is one exact pitch.
fn tolerance(voice: &str) -> f64 {
    match voice {
        "supersaw" | "superpwm" => 5.0,
        _ => 2.0,
    }
}

/// The Hann-windowed analysis frame.
fn windowed(x: &[f32]) -> Vec<f64> {
    let n = x.len();
    x.iter()
        .enumerate()
        .map(|(i, &v)| v as f64 * (0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n as f64).cos()))
        .collect()
}

/// |DFT| of the windowed frame at `f` Hz.
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
    (ar * ar + ai * ai).sqrt()
}

/// Golden-section search for the DFT maximum within `[lo, hi]` Hz.
fn refine(w: &[f64], mut lo: f64, mut hi: f64) -> f64 {
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut a, mut b) = (hi - g * (hi - lo), lo + g * (hi - lo));
    let (mut fa, mut fb) = (dft(w, a), dft(w, b));
    while hi - lo > 0.002 {
        if fa > fb {
            hi = b;
            b = a;
            fb = fa;
            a = hi - g * (hi - lo);
            fa = dft(w, a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + g * (hi - lo);
            fb = dft(w, b);
        }
    }
    0.5 * (lo + hi)
}

/// A frame's spectrum: the windowed samples, the FFT magnitudes and the bin width in Hz.
struct Spectrum {
    frame: Vec<f64>,
    mag: Vec<f64>,
    bin: f64,
}

impl Spectrum {
    fn of(x: &[f32]) -> Spectrum {
        let frame = windowed(x);
        let fft_len = (x.len() * 4).next_power_of_two();
        let mut re = frame.clone();
        re.resize(fft_len, 0.0);
        let mut im = vec![0.0; fft_len];
        fft(&mut re, &mut im);
        let mag = re
            .iter()
            .zip(&im)
            .take(fft_len / 2)
            .map(|(r, i)| (r * r + i * i).sqrt())
            .collect();
        Spectrum {
            frame,
            mag,
            bin: SR as f64 / fft_len as f64,
        }
    }

    fn range(&self, lo_hz: f64, hi_hz: f64) -> std::ops::Range<usize> {
        ((lo_hz / self.bin) as usize).max(1)..((hi_hz / self.bin) as usize).min(self.mag.len() - 1)
    }

    /// The strongest magnitude from 30 Hz to 8 kHz.
    fn max(&self) -> f64 {
        self.range(30.0, 8000.0)
            .map(|k| self.mag[k])
            .fold(0.0, f64::max)
    }

    /// Local maxima of at least `frac` of the strongest, within `[lo, hi]` Hz, in rising order.
    fn peaks(&self, lo: f64, hi: f64, frac: f64) -> Vec<usize> {
        let floor = frac * self.max();
        self.range(lo, hi)
            .filter(|&k| {
                self.mag[k] >= floor
                    && self.mag[k] >= self.mag[k - 1]
                    && self.mag[k] > self.mag[k + 1]
            })
            .collect()
    }

    /// A peak bin refined to Hz.
    fn hz(&self, k: usize) -> f64 {
        refine(
            &self.frame,
            (k as f64 - 1.0) * self.bin,
            (k as f64 + 1.0) * self.bin,
        )
    }

    /// The power-weighted centre of the spectrum within 40 cents (at least 5 Hz) of a peak,
    /// moved there until it settles: the middle of a cluster of detuned partials (the
    /// supersaw), or of a partial and its modulation sidebands (superpwm), which is the mean
    /// instantaneous frequency (the spectrum's first moment).
    fn cluster_centre(&self, k: usize) -> f64 {
        let mut c = k as f64 * self.bin;
        for _ in 0..20 {
            let half = (c * (2f64.powf(40.0 / 1200.0) - 1.0)).max(5.0);
            let r = self.range(c - half, c + half);
            let (w, m) = r
                .map(|j| (self.mag[j] * self.mag[j], j as f64 * self.bin))
                .fold((0.0, 0.0), |(w, m), (p, f)| (w + p, m + p * f));
            c = m / w;
        }
        c
    }

    /// The fundamental: the lowest peak of at least a quarter of the strongest (for the
    /// supersaw, the centre of its cluster).
    fn fundamental(&self, voice: &str) -> Option<f64> {
        Some(self.pitch(*self.peaks(30.0, 8000.0, 0.25).first()?, voice))
    }

    /// The pitch of the peak at bin `k`.
    fn pitch(&self, k: usize, voice: &str) -> f64 {
        if matches!(voice, "supersaw" | "superpwm") {
            self.cluster_centre(k)
        } else {
            self.hz(k)
        }
    }
}

/// Renders `pattern # s voice` with each of `notes` events lasting [`NOTE_S`] seconds; returns
/// the left channel.
fn render_notes(pattern: &str, voice: &str, notes: usize) -> Vec<f32> {
    let code = format!(
        "tempo: {}\nout $ {pattern} # s \"{voice}\" # gain 0.3",
        1.0 / (notes * NOTE_S) as f64
    );
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 1.0,
        beats_per_cycle: 4.0,
    };
    let r = render(&code, &lib, &spec, || 512, |_, _| {}).unwrap_or_else(|e| panic!("{code}: {e}"));
    assert_eq!(
        r.counters.event_overflows + r.counters.nonfinite_samples,
        0,
        "{code}: {:?}",
        r.counters
    );
    r.left
}

/// The analysis frame of note `i` on `voice` (from 0.3 s into the note).
fn frame<'a>(audio: &'a [f32], i: usize, voice: &str) -> &'a [f32] {
    let start = i * NOTE_S * SR as usize + (0.3 * SR as f64) as usize;
    &audio[start..start + win(voice)]
}

/// Checks the fundamental of each note of `pattern` (one a second) on every voice against
/// `midi`; returns the failures and appends every measurement to `log`.
fn check_pitches(pattern: &str, midi: &[f64], log: &mut Vec<String>) -> Vec<String> {
    let mut failures = vec![];
    for voice in VOICES {
        let audio = render_notes(pattern, voice, midi.len());
        for (i, &m) in midi.iter().enumerate() {
            let want = hz(m);
            let got = Spectrum::of(frame(&audio, i, voice)).fundamental(voice);
            let c = got.map_or(f64::INFINITY, |g| cents(g, want));
            let line = format!("{voice:10} {pattern} #{i}: want {want:8.3} Hz (MIDI {m}), got {:8.3} Hz, {c:+.2} cents", got.unwrap_or(0.0));
            if c.abs() > tolerance(voice) {
                failures.push(line.clone());
            }
            log.push(line);
        }
    }
    failures
}

fn finish(log: &[String], failures: &[String]) {
    eprintln!("{}", log.join("\n"));
    assert!(
        failures.is_empty(),
        "{} pitches off:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn note_and_n_give_semitones_from_middle_c() {
    let mut log = vec![];
    let mut failures = vec![];
    // note 0 = MIDI 60 (261.63 Hz); -5 is the G below, 12 the C above; decimals are microtones.
    failures.extend(check_pitches(
        "note \"0 7 -5 12 3.5\"",
        &[60.0, 67.0, 55.0, 72.0, 63.5],
        &mut log,
    ));
    failures.extend(check_pitches(
        "n \"0 4 -12 9\"",
        &[60.0, 64.0, 48.0, 69.0],
        &mut log,
    ));
    // Note names: c4 is middle C, a4 440 Hz; a name without an octave is in octave 3.
    failures.extend(check_pitches(
        "note \"c4 a4 e\"",
        &[60.0, 69.0, 52.0],
        &mut log,
    ));
    finish(&log, &failures);
}

#[test]
fn octave_shifts_by_octaves() {
    let mut log = vec![];
    // octave 5 is middle C's; 4, 6 and 3 move by 12 semitones each.
    let failures = check_pitches(
        "note \"0 7 0 0\" # octave \"4 6 3 5\"",
        &[48.0, 79.0, 36.0, 60.0],
        &mut log,
    );
    finish(&log, &failures);
}

#[test]
fn scales_map_n_degrees() {
    let mut log = vec![];
    let mut failures = vec![];
    // Degrees 0..7 and, past either end, the neighbouring octaves (-1 below, 9 above).
    let degrees = "n \"0 1 2 3 4 5 6 7 -1 -3 9\"";
    let major = [0.0, 2.0, 4.0, 5.0, 7.0, 9.0, 11.0, 12.0, -1.0, -5.0, 16.0];
    let minor = [0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0, 12.0, -2.0, -5.0, 15.0];
    for (scale, semis) in [("major", major), ("minor", minor)] {
        let midi: Vec<f64> = semis.iter().map(|s| 60.0 + s).collect();
        failures.extend(check_pitches(
            &format!("{degrees} # scale \"{scale}\""),
            &midi,
            &mut log,
        ));
    }
    // With an octave too.
    failures.extend(check_pitches(
        "n \"2 5\" # scale \"minor\" # octave 4",
        &[51.0, 56.0],
        &mut log,
    ));
    finish(&log, &failures);
}

#[test]
fn a_chord_plays_its_three_pitches() {
    let mut log = vec![];
    let mut failures = vec![];
    let want = [60.0, 64.0, 67.0];
    for voice in VOICES {
        let audio = render_notes("note \"c4'maj\"", voice, 1);
        let s = Spectrum::of(frame(&audio, 0, voice));
        for &m in &want {
            // A strong peak within a quarter tone of each chord note.
            let f = hz(m);
            let found = s
                .peaks(f * 2f64.powf(-0.5 / 12.0), f * 2f64.powf(0.5 / 12.0), 0.2)
                .into_iter()
                .max_by(|a, b| s.mag[*a].total_cmp(&s.mag[*b]));
            let got = found.map(|k| s.pitch(k, voice));
            let c = got.map_or(f64::INFINITY, |g| cents(g, f));
            let line = format!(
                "{voice:10} c4'maj: want {f:8.3} Hz (MIDI {m}), got {:8.3} Hz, {c:+.2} cents",
                got.unwrap_or(0.0)
            );
            if c.abs() > tolerance(voice) {
                failures.push(line.clone());
            }
            log.push(line);
        }
        // And nothing below the root: the chord's lowest strong pitch is C4.
        let low = s.fundamental(voice).map(|g| cents(g, hz(60.0)));
        if !low.is_some_and(|c| c.abs() <= tolerance(voice)) {
            failures.push(format!(
                "{voice} c4'maj: lowest strong pitch {low:?} cents from C4"
            ));
        }
        if voice == "sine" {
            // Pure tones: the three strongest peaks are exactly the chord, about equally loud.
            let mut peaks = s.peaks(30.0, 8000.0, 0.05);
            peaks.sort_by(|a, b| s.mag[*b].total_cmp(&s.mag[*a]));
            let mut top: Vec<f64> = peaks.iter().take(3).map(|&k| s.hz(k)).collect();
            top.sort_by(f64::total_cmp);
            let levels: Vec<f64> = peaks.iter().take(4).map(|&k| s.mag[k] / s.max()).collect();
            log.push(format!(
                "sine c4'maj strongest peaks {top:.3?} Hz, levels {levels:.3?}"
            ));
            assert_eq!(top.len(), 3, "sine chord: {top:?}");
            for (g, m) in top.iter().zip(want) {
                assert!(
                    cents(*g, hz(m)).abs() < 1.0,
                    "sine chord peak {g} Hz for MIDI {m}"
                );
            }
            assert!(
                levels[2] > 0.8 && levels.get(3).is_none_or(|l| *l < 0.1),
                "sine chord levels {levels:?}"
            );
        }
    }
    finish(&log, &failures);
}

/// `freq` sets a synth's frequency in Hz instead of its note, as SuperDirt's synths take it.
#[test]
fn freq_sets_the_pitch_in_hz() {
    let mut log = vec![];
    let midi = |f: f64| 69.0 + 12.0 * (f / 440.0).log2();
    let failures = check_pitches(
        "freq \"220 330 <523.25>\"",
        &[midi(220.0), midi(330.0), midi(523.25)],
        &mut log,
    );
    finish(&log, &failures);
}
