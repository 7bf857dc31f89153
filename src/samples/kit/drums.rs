//! The kit's drums, after the Roland TR-808/909 circuits: kicks, snares, hats, claps, rimshot,
//! toms, cowbell, crash, perc and maracas.

use super::blocks::*;
use super::Sample;

// ---------------------------------------------------------------------------
// Instruments: one function per name; `v` is the variant, 0..VARIANTS
// ---------------------------------------------------------------------------

pub(super) struct KickParams {
    /// Start and end of the pitch sweep (Hz).
    pub(super) f_hi: f64,
    pub(super) f_lo: f64,
    /// Time constant of the pitch sweep (s).
    pub(super) sweep: f64,
    pub(super) t60: f64,
    pub(super) click: f64,
    /// tanh saturation drive (near 1 = nearly clean).
    pub(super) drive: f64,
    /// Start phase in cycles: 0.25 starts at the crest (hardest attack).
    pub(super) phase: f64,
    pub(super) secs: f64,
}

/// Kick (`bd`): a sine swept exponentially down in pitch (the TR-808/909
/// bridged-T "boom"), an exponential amplitude decay, soft saturation and a
/// short high-passed noise click for the beater. Recipe: Gordon Reid,
/// "Synthesizing Drums: The Bass Drum" and "Practical Bass Drum Synthesis",
/// Synth Secrets, Sound On Sound, January and February 2002.
pub(super) fn kick(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [KickParams; 4] = [
        // 909-style punch, 160 -> 52 Hz.
        KickParams { f_hi: 160.0, f_lo: 52.0, sweep: 0.030, t60: 0.50, click: 0.25, drive: 1.6, phase: 0.20, secs: 0.5 },
        // 808-style long boom.
        KickParams { f_hi: 115.0, f_lo: 47.0, sweep: 0.022, t60: 0.90, click: 0.10, drive: 1.1, phase: 0.10, secs: 0.8 },
        // Tight and hard.
        KickParams { f_hi: 230.0, f_lo: 62.0, sweep: 0.014, t60: 0.28, click: 0.45, drive: 2.5, phase: 0.25, secs: 0.35 },
        // Deep and soft.
        KickParams { f_hi: 95.0, f_lo: 41.0, sweep: 0.045, t60: 0.65, click: 0.06, drive: 1.2, phase: 0.08, secs: 0.6 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(1, v);
    let n = frames(sr, p.secs);
    let sweep_k = (-1.0 / (p.sweep * sr)).exp();
    let mut sweep = 1.0;
    let mut amp = Decay::new(sr, p.t60);
    let mut click_env = Decay::new(sr, 0.012);
    let mut click_hp = Biquad::highpass(sr, 1_500.0, 0.707);
    let click_len = frames(sr, 0.012);
    let norm = p.drive.tanh();
    let mut phase = p.phase;
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        let body = sin_cycles(phase) * amp.next();
        let mut s = (p.drive * body).tanh() / norm;
        if i < click_len {
            s += p.click * click_hp.process(rng.noise()) * click_env.next();
        }
        let f = p.f_lo + (p.f_hi - p.f_lo) * sweep;
        sweep *= sweep_k;
        advance(&mut phase, f / sr);
        *o = s as f32;
    }
    mono(sr, out, 0.9)
}

pub(super) struct SnareParams {
    /// The two drum-head tones (Hz).
    pub(super) tone1: f64,
    pub(super) tone2: f64,
    pub(super) tone_t60: f64,
    /// Noise band edges (Hz): high-pass, then low-pass.
    pub(super) noise_hp: f64,
    pub(super) noise_lp: f64,
    pub(super) noise_t60: f64,
    pub(super) tone: f64,
    pub(super) noise: f64,
    pub(super) secs: f64,
}

/// Snare (`sn`): two pitched head tones with a slight downward pitch bend plus
/// white noise through a high-pass/low-pass band for the snares, each part
/// with its own decay, as in the TR-808 and TR-909. Recipe: Gordon Reid,
/// "Practical Snare Drum Synthesis", Synth Secrets, Sound On Sound, April 2002.
pub(super) fn snare(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [SnareParams; 4] = [
        // 909-style: snappy, noise-forward.
        SnareParams { tone1: 190.0, tone2: 340.0, tone_t60: 0.16, noise_hp: 1_800.0, noise_lp: 11_000.0, noise_t60: 0.26, tone: 0.9, noise: 0.7, secs: 0.3 },
        // 808-style: tonal (the revised 808's shells sit near 177 and 315 Hz).
        SnareParams { tone1: 177.0, tone2: 315.0, tone_t60: 0.22, noise_hp: 3_000.0, noise_lp: 12_000.0, noise_t60: 0.20, tone: 1.0, noise: 0.45, secs: 0.3 },
        // Tight and crisp.
        SnareParams { tone1: 230.0, tone2: 400.0, tone_t60: 0.10, noise_hp: 3_200.0, noise_lp: 14_000.0, noise_t60: 0.16, tone: 0.6, noise: 0.9, secs: 0.22 },
        // Fat and long.
        SnareParams { tone1: 160.0, tone2: 280.0, tone_t60: 0.22, noise_hp: 1_200.0, noise_lp: 8_000.0, noise_t60: 0.38, tone: 0.9, noise: 0.75, secs: 0.4 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(2, v);
    let n = frames(sr, p.secs);
    let bend_k = (-1.0 / (0.008 * sr)).exp();
    let mut bend = 0.35;
    let mut amp1 = Decay::new(sr, p.tone_t60);
    let mut amp2 = Decay::new(sr, p.tone_t60 * 0.7);
    let mut amp_n = Decay::new(sr, p.noise_t60);
    let mut hp = Biquad::highpass(sr, p.noise_hp, 0.707);
    let mut lp = Biquad::lowpass(sr, p.noise_lp, 0.707);
    let (mut p1, mut p2) = (0.25, 0.25);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let tone = sin_cycles(p1) * amp1.next() + 0.6 * sin_cycles(p2) * amp2.next();
        let noise = lp.process(hp.process(rng.noise())) * amp_n.next();
        *o = (p.tone * tone + 2.0 * p.noise * noise) as f32;
        let b = 1.0 + bend;
        bend *= bend_k;
        advance(&mut p1, p.tone1 * b / sr);
        advance(&mut p2, p.tone2 * b / sr);
    }
    mono(sr, out, 0.85)
}

pub(super) struct HatParams {
    /// Multiplier on the 808 oscillator frequencies.
    pub(super) scale: f64,
    /// Band-pass centre and Q (the 808's hat band-pass sits at 7.1 kHz).
    pub(super) band: f64,
    pub(super) q: f64,
    /// 4th-order high-pass corner (Hz).
    pub(super) hp: f64,
    /// Share of white noise mixed into the metal (909-style hats are noisier).
    pub(super) noise: f64,
    pub(super) closed_t60: f64,
    pub(super) closed_secs: f64,
    pub(super) open_t60: f64,
    pub(super) open_secs: f64,
}

#[rustfmt::skip]
pub(super) const HATS: [HatParams; 4] = [
    // 808.
    HatParams { scale: 1.0, band: 7_100.0, q: 1.0, hp: 7_000.0, noise: 0.08, closed_t60: 0.09, closed_secs: 0.1, open_t60: 0.55, open_secs: 0.5 },
    // Brighter, thinner.
    HatParams { scale: 1.22, band: 8_800.0, q: 1.2, hp: 8_500.0, noise: 0.05, closed_t60: 0.07, closed_secs: 0.08, open_t60: 0.45, open_secs: 0.45 },
    // Noisier, looser (909-ish).
    HatParams { scale: 0.93, band: 7_100.0, q: 0.8, hp: 6_000.0, noise: 0.45, closed_t60: 0.12, closed_secs: 0.12, open_t60: 0.7, open_secs: 0.6 },
    // Tight tick.
    HatParams { scale: 1.08, band: 10_500.0, q: 1.5, hp: 8_000.0, noise: 0.15, closed_t60: 0.05, closed_secs: 0.07, open_t60: 0.35, open_secs: 0.4 },
];

/// Hi-hat (`hh` closed, `oh` open): the TR-808's six detuned square
/// oscillators ([`metal`]) through a band-pass around 7 kHz and a high-pass,
/// with a short or long decay. Recipe: Roland TR-808 Service Notes (1981);
/// Gordon Reid, "Practical Cymbal Synthesis", Synth Secrets, Sound On Sound,
/// July 2002; Werner, Abel and Smith, ICMC/SMC 2014 (see [`METAL_HZ`]).
pub(super) fn hat(sr: f64, v: usize, open: bool) -> Sample {
    let p = &HATS[v];
    let (t60, secs) = if open {
        (p.open_t60, p.open_secs)
    } else {
        (p.closed_t60, p.closed_secs)
    };
    let mut rng = Rng::for_voice(if open { 4 } else { 3 }, v);
    let n = frames(sr, secs);
    let cluster = metal(sr, p.scale, n, &mut rng);
    let mut bp = Biquad::bandpass(sr, p.band, p.q);
    let mut hp1 = Biquad::highpass(sr, p.hp, 0.707);
    let mut hp2 = Biquad::highpass(sr, p.hp, 0.707);
    let mut amp = Decay::new(sr, t60);
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        let x = (1.0 - p.noise) * cluster[i] + p.noise * rng.noise();
        *o = (hp2.process(hp1.process(bp.process(x))) * amp.next()) as f32;
    }
    mono(sr, out, 0.7)
}

pub(super) fn closed_hat(sr: f64, v: usize) -> Sample {
    hat(sr, v, false)
}

pub(super) fn open_hat(sr: f64, v: usize) -> Sample {
    hat(sr, v, true)
}

pub(super) struct ClapParams {
    /// Band-pass centre (Hz) and Q for the noise.
    pub(super) band: f64,
    pub(super) q: f64,
    /// Spacing (s) of the "several hands" bursts, and how many short bursts
    /// precede the final, longer one.
    pub(super) spacing: f64,
    pub(super) bursts: usize,
    /// The "reverb" tail: decay and level.
    pub(super) tail_t60: f64,
    pub(super) tail: f64,
    pub(super) secs: f64,
}

/// Hand clap (`cp`): band-passed white noise shaped by a sawtooth envelope of
/// a few rapid bursts (several hands) and a final longer one, mixed with a
/// longer-decaying "reverb" path of noise, as in the TR-808/909 hand-clap
/// circuits. Recipe: Roland TR-808 Service Notes (1981) and TR-909 Service
/// Notes (1984), hand clap circuit descriptions.
pub(super) fn clap(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [ClapParams; 4] = [
        // 808: three 10 ms bursts, 1 kHz band.
        ClapParams { band: 1_000.0, q: 1.6, spacing: 0.010, bursts: 3, tail_t60: 0.35, tail: 0.45, secs: 0.45 },
        // 909-ish: four 11 ms bursts, a little brighter.
        ClapParams { band: 1_140.0, q: 1.95, spacing: 0.011, bursts: 4, tail_t60: 0.42, tail: 0.40, secs: 0.5 },
        // Short snap.
        ClapParams { band: 1_500.0, q: 1.3, spacing: 0.007, bursts: 3, tail_t60: 0.20, tail: 0.30, secs: 0.3 },
        // Big room.
        ClapParams { band: 900.0, q: 1.4, spacing: 0.013, bursts: 4, tail_t60: 0.70, tail: 0.55, secs: 0.75 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(5, v);
    let n = frames(sr, p.secs);
    let spacing = frames(sr, p.spacing);
    let burst_k = 0.03_f64.powf(1.0 / spacing as f64); // each short burst falls 30 dB
    let last_k = 0.001_f64.powf(1.0 / (0.06 * sr)); // the final one rings ~60 ms
    let mut burst_env = 1.0;
    let mut burst_k_now = burst_k;
    let mut bp = Biquad::bandpass(sr, p.band, p.q);
    let mut tail_bp = Biquad::bandpass(sr, p.band * 1.2, 0.8);
    let mut tail_amp = Decay::new(sr, p.tail_t60);
    let mut out = vec![0.0; n];
    for (i, o) in out.iter_mut().enumerate() {
        if i > 0 && i % spacing == 0 && i / spacing <= p.bursts {
            burst_env = 1.0;
            if i / spacing == p.bursts {
                burst_k_now = last_k;
            }
        }
        let burst = bp.process(rng.noise()) * burst_env;
        burst_env *= burst_k_now;
        let tail = tail_bp.process(rng.noise()) * tail_amp.next();
        *o = (burst + p.tail * tail) as f32;
    }
    mono(sr, out, 0.85)
}

/// Rim shot (`rs`): two short resonant pings (the TR-808 rim shot rings two
/// bridged-T resonators) plus a noise click, high-passed and lightly clipped.
/// Recipe: Roland TR-808 Service Notes (1981), rim shot circuit; the
/// frequencies here are chosen by ear.
pub(super) fn rimshot(sr: f64, v: usize) -> Sample {
    // (ping 1 Hz, ping 2 Hz, t60 s, click level, length s)
    const P: [(f64, f64, f64, f64, f64); 4] = [
        (480.0, 1_720.0, 0.05, 0.3, 0.10),
        (420.0, 1_250.0, 0.07, 0.25, 0.12),
        (560.0, 2_100.0, 0.035, 0.4, 0.08),
        (330.0, 980.0, 0.09, 0.5, 0.15), // woody side-stick
    ];
    let (f1, f2, t60, click, secs) = P[v];
    let mut rng = Rng::for_voice(6, v);
    let n = frames(sr, secs);
    let mut a1 = Decay::new(sr, t60);
    let mut a2 = Decay::new(sr, t60 * 0.7);
    let mut ac = Decay::new(sr, 0.01);
    let mut click_hp = Biquad::highpass(sr, 3_000.0, 0.707);
    let mut hp = Biquad::highpass(sr, 250.0, 0.707);
    let (mut p1, mut p2) = (0.25, 0.25);
    let drive = 2.2_f64;
    let norm = drive.tanh();
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let s = 0.6 * sin_cycles(p1) * a1.next()
            + sin_cycles(p2) * a2.next()
            + click * click_hp.process(rng.noise()) * ac.next();
        *o = ((drive * hp.process(s)).tanh() / norm) as f32;
        advance(&mut p1, f1 / sr);
        advance(&mut p2, f2 / sr);
    }
    mono(sr, out, 0.8)
}

/// Tom (`lt`/`mt`/`ht`, `which` = 0/1/2): a [`membrane`] hit, like the
/// TR-808/909 toms (a pitch-swept resonator with a little noise). Recipe:
/// Gordon Reid, "Synthesizing Drums: The Bass Drum", Synth Secrets, Sound On
/// Sound, January 2002 (the same swept-sine drum model); Roland TR-808 Service
/// Notes (1981).
pub(super) fn tom(sr: f64, v: usize, which: usize) -> Sample {
    const BASE: [f64; 3] = [95.0, 135.0, 190.0];
    // (tune, bend, bend tau s, t60 s, noise, length s)
    const P: [(f64, f64, f64, f64, f64, f64); 4] = [
        (1.0, 0.30, 0.06, 0.45, 0.12, 0.5),  // 808-ish: gentle bend
        (1.0, 0.80, 0.04, 0.35, 0.25, 0.45), // 909-ish: big bend, more stick
        (1.2, 0.25, 0.05, 0.30, 0.10, 0.4),  // tuned up, short
        (0.82, 0.40, 0.08, 0.60, 0.15, 0.6), // tuned down, long
    ];
    let (tune, bend, bend_tau, t60, noise, secs) = P[v];
    let mut rng = Rng::for_voice(7 + which as u32, v);
    let m = Membrane {
        hz: BASE[which] * tune,
        bend,
        bend_tau,
        t60,
        overtone: 0.15,
        noise,
        secs,
    };
    mono(sr, membrane(sr, &m, &mut rng), 0.85)
}

pub(super) fn low_tom(sr: f64, v: usize) -> Sample {
    tom(sr, v, 0)
}

pub(super) fn mid_tom(sr: f64, v: usize) -> Sample {
    tom(sr, v, 1)
}

pub(super) fn high_tom(sr: f64, v: usize) -> Sample {
    tom(sr, v, 2)
}

/// Cowbell (`cb`): two square waves at about 540 and 800 Hz, band-passed, with
/// a two-stage decay (a fast clunk, then a slower ring). Recipe: Gordon Reid,
/// "Synthesizing Cowbells & Claves", Synth Secrets, Sound On Sound, September
/// 2002; K. J. Werner, J. S. Abel and J. O. Smith, "More Cowbell: a
/// Physically-Informed, Circuit-Bendable, Digital Model of the TR-808
/// Cowbell", AES 137th Convention, 2014 (oscillator tunings; band-pass peak
/// near 850 Hz).
pub(super) fn cowbell(sr: f64, v: usize) -> Sample {
    // (frequency scale, band-pass centre Hz, Q, slow t60 s, length s)
    const P: [(f64, f64, f64, f64, f64); 4] = [
        (1.0, 850.0, 1.0, 0.6, 0.4),    // 808
        (0.85, 720.0, 1.2, 0.7, 0.45),  // lower
        (1.2, 1_050.0, 1.0, 0.5, 0.35), // higher
        (1.0, 1_400.0, 0.8, 0.3, 0.25), // bright, short clank
    ];
    let (scale, band, q, slow_t60, secs) = P[v];
    let n = frames(sr, secs);
    let (d1, d2) = (540.0 * scale / sr, 800.0 * scale / sr);
    let (mut p1, mut p2) = (0.1, 0.1);
    let mut bp = Biquad::bandpass(sr, band, q);
    let mut fast = Decay::new(sr, 0.15);
    let mut slow = Decay::new(sr, slow_t60);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        let x = 0.8 * pulse(p1, d1, 0.5) + pulse(p2, d2, 0.5);
        *o = (bp.process(x) * (0.6 * fast.next() + 0.4 * slow.next())) as f32;
        advance(&mut p1, d1);
        advance(&mut p2, d2);
    }
    mono(sr, out, 0.75)
}

pub(super) struct CrashParams {
    pub(super) scale: f64,
    /// Level of a second cluster at 1.47 x `scale` (0 = the plain 808
    /// cluster): denser, trashier metal.
    pub(super) dense: f64,
    /// Decay of the high (7.1 kHz) band; the noise wash decays a little faster.
    pub(super) hi_t60: f64,
    /// Decay of the low (3.44 kHz) "body" band.
    pub(super) lo_t60: f64,
    pub(super) noise: f64,
    pub(super) hp: f64,
    pub(super) secs: f64,
}

/// Crash (`cr`), stereo: the 808 metal cluster split into a bright band around
/// 7.1 kHz (long decay) and a body band around 3.44 kHz (shorter decay), in
/// the centre, plus a high-passed noise wash that is independent in each
/// channel. Recipe: Gordon Reid, "Practical Cymbal Synthesis", Synth Secrets,
/// Sound On Sound, July 2002; K. J. Werner, J. S. Abel and J. O. Smith, "The
/// TR-808 Cymbal: a Physically-Informed, Circuit-Bendable, Digital Model",
/// ICMC/SMC 2014 (band-pass centres and oscillator tunings).
pub(super) fn crash(sr: f64, v: usize) -> Sample {
    #[rustfmt::skip]
    const P: [CrashParams; 4] = [
        // Crash.
        CrashParams { scale: 1.0, dense: 0.0, hi_t60: 1.5, lo_t60: 0.6, noise: 0.5, hp: 4_000.0, secs: 1.5 },
        // Ride-like: more tone, less wash.
        CrashParams { scale: 1.3, dense: 0.0, hi_t60: 1.6, lo_t60: 0.4, noise: 0.15, hp: 5_000.0, secs: 1.5 },
        // Splash: short and bright.
        CrashParams { scale: 1.15, dense: 0.4, hi_t60: 0.8, lo_t60: 0.25, noise: 0.6, hp: 5_500.0, secs: 0.8 },
        // China/trash: denser, darker.
        CrashParams { scale: 0.8, dense: 1.0, hi_t60: 1.3, lo_t60: 0.7, noise: 0.4, hp: 2_500.0, secs: 1.3 },
    ];
    let p = &P[v];
    let mut rng = Rng::for_voice(11, v);
    let n = frames(sr, p.secs);
    let mut cluster = metal(sr, p.scale, n, &mut rng);
    if p.dense > 0.0 {
        let extra = metal(sr, p.scale * 1.47, n, &mut rng);
        for (i, c) in cluster.iter_mut().enumerate() {
            *c += p.dense * extra[i];
        }
    }
    // One high-passed noise run feeds both channels, the right one `lag`
    // samples later: white noise is uncorrelated with itself at any non-zero
    // lag, so the two washes are independent for the price of one filter.
    let lag = frames(sr, 0.05);
    let mut noise_hp = Biquad::highpass(sr, p.hp, 0.707);
    let mut wash = vec![0.0; n + lag];
    for w in wash.iter_mut() {
        *w = p.noise * noise_hp.process(rng.noise());
    }
    let mut hi_bp = Biquad::bandpass(sr, 7_100.0, 1.2);
    let mut hi_hp = Biquad::highpass(sr, p.hp, 0.707);
    let mut lo_bp = Biquad::bandpass(sr, 3_440.0, 1.5);
    let mut hi_amp = Decay::new(sr, p.hi_t60);
    let mut lo_amp = Decay::new(sr, p.lo_t60);
    let mut wash_amp = Decay::new(sr, p.hi_t60 * 0.8);
    let mut left = vec![0.0; n];
    let mut right = vec![0.0; n];
    for i in 0..n {
        let m = cluster[i];
        let centre = hi_hp.process(hi_bp.process(m)) * hi_amp.next()
            + 0.5 * lo_bp.process(m) * lo_amp.next();
        let w = wash_amp.next();
        left[i] = (centre + w * wash[i]) as f32;
        right[i] = (centre + w * wash[i + lag]) as f32;
    }
    finish(sr, left, Some(right), 0.7)
}

/// Percussion (`perc`), TR-808-style hand percussion: `:0` claves (a 2.5 kHz
/// ping), `:1` low conga, `:2` high conga (pitched [`membrane`] hits), `:3`
/// maracas (a short burst of high-passed noise). Recipe: Roland TR-808 Service
/// Notes (1981); Gordon Reid, "Synthesizing Cowbells & Claves", Synth Secrets,
/// Sound On Sound, September 2002.
pub(super) fn perc(sr: f64, v: usize) -> Sample {
    let mut rng = Rng::for_voice(12, v);
    #[rustfmt::skip]
    let m = match v {
        0 => Membrane { hz: 2_500.0, bend: 0.0, bend_tau: 0.01, t60: 0.05, overtone: 0.0, noise: 0.0, secs: 0.12 },
        1 => Membrane { hz: 220.0, bend: 0.12, bend_tau: 0.02, t60: 0.30, overtone: 0.1, noise: 0.1, secs: 0.35 },
        2 => Membrane { hz: 330.0, bend: 0.12, bend_tau: 0.02, t60: 0.22, overtone: 0.1, noise: 0.1, secs: 0.3 },
        _ => return maracas(sr, &mut rng),
    };
    mono(sr, membrane(sr, &m, &mut rng), 0.8)
}

pub(super) fn maracas(sr: f64, rng: &mut Rng) -> Sample {
    let n = frames(sr, 0.1);
    let mut hp1 = Biquad::highpass(sr, 5_000.0, 0.707);
    let mut hp2 = Biquad::highpass(sr, 5_000.0, 0.707);
    let mut amp = Decay::new(sr, 0.07);
    let mut out = vec![0.0; n];
    for o in out.iter_mut() {
        *o = (hp2.process(hp1.process(rng.noise())) * amp.next()) as f32;
    }
    mono(sr, out, 0.7)
}
