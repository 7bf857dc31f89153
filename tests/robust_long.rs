//! Robustness, long runs: a busy program rendered for a long time, block by block, faster than
//! real time. At the end every marker onset is still on the sample the beat math gives (no
//! drift), no block allocated (so memory cannot grow on the audio path), and once the transport
//! stops every voice ends (none leak).
//!
//! CI renders 2 minutes of audio (about 20 s in a debug build);
//! `cargo test --release --test robust_long -- --ignored` renders one hour and also checks the
//! process's resident memory.

use assert_no_alloc::assert_no_alloc;
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use std::sync::atomic::Ordering;
use std::sync::Arc;

// Release builds compile `assert_no_alloc` out (its `disable_release` feature is on): the
// allocation checks run in debug builds, as in CI.
#[cfg(debug_assertions)]
#[global_allocator]
static A: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;

const SR: u32 = 44_100;
/// 0.55 cycles per second = 11/20: a cycle is 882000/11 = 80181.8.. samples, so onsets fall
/// between samples and any rounding drift would accumulate.
const TEMPO: &str = "tempo: 0.55";

/// The sample holding cycle `k`'s start: floor(k * SR / cps), exactly.
fn cycle_sample(k: u64) -> u64 {
    k * SR as u64 * 20 / 11
}

/// Busy: drums, a synth line, effects and signals on the main output; `o2` plays one marker
/// kick per cycle, captured on its own.
fn program() -> String {
    format!(
        "{TEMPO}
out $ stack [s \"bd*4 [~ sn] hh*8 <cp [cp cp]>\" # gain 0.5, n \"0 3 7 <10 12>\" # s \"superpiano\" # gain 0.2 # legato 0.5] # room 0.2
o3 $ saw \"55 82.5\" # lpf (sine 0.3 * 800 + 1200) 0.5 # gain 0.05
o4 $ off 0.125 (# speed 2) $ s \"arpy*4\" # delay 0.3 # gain 0.3
o2 $ s \"bd ~ ~ ~\""
    )
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Renders `seconds` of the program and checks onsets, allocations, voices. Returns the RSS
/// (MB) after a tenth of the run and at its end.
fn long_run(seconds: u64) -> (f64, f64) {
    let lib = Library::with_kit(SR as f32);
    let mut engine = Engine::new(SR as f64, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::compile(&program(), &lib, 4.0).unwrap());
    let total = seconds * SR as u64;
    // Block sizes vary (a host may change them every call).
    let sizes = [512usize, 64, 1024, 333, 128, 1, 777];
    let (mut l, mut r) = (vec![0.0f32; 1024], vec![0.0f32; 1024]);
    let mut marker = vec![0.0f32; 1024];
    let mut onsets: Vec<u64> = Vec::with_capacity((seconds as usize + 10) * 2);
    let (mut done, mut zeros, mut b) = (0u64, u64::MAX, 0usize);
    let (mut rss_early, mut peak_voices) = (0.0, 0);
    let mut heard = false;
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    while done < total {
        let n = sizes[b % sizes.len()].min((total - done) as usize);
        b += 1;
        let (bl, br, bm) = (&mut l[..n], &mut r[..n], &mut marker[..n]);
        bl.fill(0.0);
        br.fill(0.0);
        bm.fill(0.0);
        assert_no_alloc(|| {
            engine.process_routed(input, bl, br, &mut |output, off, ol, _| {
                if output != 2 {
                    return false;
                }
                for (d, x) in bm[off..].iter_mut().zip(ol) {
                    *d += x;
                }
                true
            })
        });
        heard |= bl.iter().any(|x| *x != 0.0);
        assert!(
            bl.iter().chain(br.iter()).all(|x| x.is_finite()),
            "non-finite output at {done}"
        );
        // Marker onsets: the first non-zero sample after 1000 exact zeros.
        for (i, x) in bm.iter().enumerate() {
            if *x == 0.0 {
                zeros = zeros.saturating_add(1);
            } else {
                if zeros >= 1000 && onsets.len() < onsets.capacity() {
                    onsets.push(done + i as u64);
                }
                zeros = 0;
            }
        }
        peak_voices = peak_voices.max(engine.stats.active_voices.load(Ordering::Relaxed));
        done += n as u64;
        if rss_early == 0.0 && done >= total / 10 {
            rss_early = rss_mb();
        }
    }
    assert!(heard, "the busy program made no sound");
    assert!(peak_voices > 8, "not busy: at most {peak_voices} voices");
    // Every cycle's marker, the last ones included, on the exact sample of the beat math.
    let cycles = (0..).take_while(|k| cycle_sample(*k) < total).count();
    let expected: Vec<u64> = (0..cycles as u64).map(cycle_sample).collect();
    assert_eq!(
        onsets.len(),
        expected.len(),
        "marker onsets: {} of {}",
        onsets.len(),
        expected.len()
    );
    for (k, (got, want)) in onsets.iter().zip(&expected).enumerate() {
        assert_eq!(
            got, want,
            "cycle {k}: marker at sample {got}, the beat math says {want}"
        );
    }
    // Stop: no new events, every voice rings out and ends (10 s is longer than any note here).
    let stopped = BlockInput {
        time: HostTime::Stopped,
        beats_per_cycle: 4.0,
    };
    for _ in 0..(10 * SR as usize / 512) {
        assert_no_alloc(|| engine.process(stopped, &mut l[..512], &mut r[..512]));
    }
    assert_eq!(
        engine.stats.active_voices.load(Ordering::Relaxed),
        0,
        "voices still sounding 10 s after stopping"
    );
    let s = &engine.stats;
    assert_eq!(
        s.event_overflows.load(Ordering::Relaxed),
        0,
        "events dropped"
    );
    assert_eq!(s.nonfinite_samples.load(Ordering::Relaxed), 0);
    (rss_early, rss_mb())
}

#[test]
fn two_minutes_of_a_busy_program() {
    long_run(120);
}

/// One hour of audio (about a minute in release on this machine). Also checks that resident
/// memory does not grow after the first tenth (run it alone: other tests share the process).
#[test]
#[ignore = "one hour of audio: run with --release --ignored"]
fn one_hour_of_a_busy_program() {
    let (early, end) = long_run(3600);
    eprintln!("resident memory: {early:.1} MB after 6 minutes, {end:.1} MB after an hour");
    assert!(
        end - early < 2.0,
        "memory grew from {early:.1} MB to {end:.1} MB"
    );
}
