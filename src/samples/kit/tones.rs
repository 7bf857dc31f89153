//! The kit's tonal one-shots: `arpy` (Karplus-Strong), `bass` (subtractive), `casio` and `tink`.

use super::blocks::*;
use super::Sample;

/// `arpy`: a plucked string ([`pluck`], Karplus-Strong) on the notes of an A
/// major arpeggio: A4 (440 Hz), C#5, E5, A5.
pub(super) fn arpy(sr: f64, v: usize) -> Sample {
    const HZ: [f64; 4] = [440.0, 554.37, 659.26, 880.0];
    let mut rng = Rng::for_voice(13, v);
    mono(sr, pluck(sr, HZ[v], 1.0, 7_000.0, 0.6, &mut rng), 0.8)
}

pub(super) struct BassParams {
    pub(super) hz: f64,
    /// Square share of the oscillator (0 = saw, 1 = square).
    pub(super) square: f64,
    /// Level of the sine at the fundamental.
    pub(super) sine: f64,
    /// Resting cutoff (Hz), and how far above it the envelope starts.
    pub(super) cutoff: f64,
    pub(super) sweep: f64,
    pub(super) sweep_t60: f64,
    pub(super) q: f64,
    pub(super) t60: f64,
    pub(super) secs: f64,
}

/// `bass`: a short subtractive bass pluck: a band-limited saw or square
/// ([`crate::dsp::osc::blep`]) into a resonant low-pass ([`Svf`]) whose cutoff falls
/// quickly, plus a sine at the fundamental for weight (the classic
/// filter-envelope pluck; Gordon Reid, "Synth Secrets", Sound On Sound,
/// 1999-2004).
pub(super) fn bass(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [BassParams; 4] = [
        // A1 saw pluck.
        BassParams { hz: 55.0, square: 0.0, sine: 0.6, cutoff: 150.0, sweep: 2_200.0, sweep_t60: 0.25, q: 1.5, t60: 0.7, secs: 0.5 },
        // C2 square, resonant.
        BassParams { hz: 65.41, square: 1.0, sine: 0.4, cutoff: 200.0, sweep: 1_800.0, sweep_t60: 0.20, q: 3.0, t60: 0.6, secs: 0.5 },
        // E1 round sub.
        BassParams { hz: 41.2, square: 0.0, sine: 0.9, cutoff: 120.0, sweep: 900.0, sweep_t60: 0.30, q: 1.0, t60: 0.9, secs: 0.6 },
        // A2 acid squelch.
        BassParams { hz: 110.0, square: 0.0, sine: 0.2, cutoff: 250.0, sweep: 3_500.0, sweep_t60: 0.12, q: 5.0, t60: 0.4, secs: 0.4 },
    ];
    let p = &P[v];
    let n = frames(sr, p.secs);
    let dt = p.hz / sr;
    let mut phase = 0.1;
    let mut svf = Svf::new();
    let mut env_f = Decay::new(sr, p.sweep_t60);
    let mut amp = Decay::new(sr, p.t60);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let osc = (1.0 - p.square) * saw(phase, dt) + p.square * pulse(phase, dt, 0.5);
        let cutoff = p.cutoff + p.sweep * env_f.next();
        let s = svf.lowpass(osc, sr, cutoff, p.q) + p.sine * sin_cycles(phase);
        *o = (s * amp.next()) as f32;
        advance(&mut phase, dt);
    }
    mono(sr, out, 0.85)
}

/// `casio`: a square/pulse blip in the manner of early Casio home keyboards
/// (band-limited with [`crate::dsp::osc::blep`]), softened by a gentle low-pass.
pub(super) fn casio(sr: f64, v: usize) -> Sample {
    // (Hz, pulse width, octave-up level, initial pitch drop (x), t60 s, length s)
    const P: [(f64, f64, f64, f64, f64, f64); 4] = [
        (523.25, 0.5, 0.0, 0.0, 0.35, 0.25), // C5 square
        (261.63, 0.25, 0.0, 0.0, 0.45, 0.3), // C4 narrow pulse
        (392.0, 0.5, 0.0, 1.0, 0.25, 0.2),   // G4 "bloop" with a pitch drop
        (440.0, 0.5, 0.5, 0.0, 0.5, 0.3),    // A4 + octave, organ-ish
    ];
    let (hz, width, octave, drop, t60, secs) = P[v];
    let n = frames(sr, secs);
    let drop_k = (-1.0 / (0.012 * sr)).exp();
    let mut bend = drop;
    let (mut p1, mut p2) = (0.1, 0.2);
    let mut lp = Biquad::lowpass(sr, 6_000.0, 0.707);
    let mut amp = Decay::new(sr, t60);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let f = hz * (1.0 + bend);
        bend *= drop_k;
        let (d1, d2) = (f / sr, 2.0 * f / sr);
        let x = pulse(p1, d1, width) + octave * pulse(p2, d2, 0.5);
        *o = (lp.process(x) * amp.next()) as f32;
        advance(&mut p1, d1);
        advance(&mut p2, d2);
    }
    mono(sr, out, 0.7)
}

/// `tink`: a tiny metallic tap by two-operator FM with an inharmonic
/// modulator ratio and a decaying index (J. M. Chowning, "The Synthesis of
/// Complex Audio Spectra by Means of Frequency Modulation", Journal of the
/// Audio Engineering Society 21(7), 1973: bell-like tones).
pub(super) fn tink(sr: f64, v: usize) -> Sample {
    // (carrier Hz, modulator ratio, peak index, t60 s, length s)
    const P: [(f64, f64, f64, f64, f64); 4] = [
        (2_200.0, 1.41, 2.5, 0.12, 0.2),
        (2_900.0, 2.76, 1.6, 0.09, 0.15),
        (1_700.0, 3.53, 2.0, 0.16, 0.25),
        (3_600.0, 1.41, 1.2, 0.07, 0.12),
    ];
    let (fc, ratio, index, t60, secs) = P[v];
    let n = frames(sr, secs);
    let (dc, dm) = (fc / sr, (fc * ratio / sr).min(0.45));
    let (mut pc, mut pm) = (0.0, 0.0);
    let mut amp = Decay::new(sr, t60);
    let mut idx = Decay::new(sr, t60 * 0.5);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let m = index * idx.next() * sin_cycles(pm);
        *o = ((TAU * pc + m).cos() * amp.next()) as f32;
        advance(&mut pc, dc);
        advance(&mut pm, dm);
    }
    mono(sr, out, 0.7)
}
