//! Hosts that round their timeline: the built `Phonon.clap` in a host that reports positions as
//! real DAWs do (ticks of 1/960 and 1/1920 beat rounded down or to the nearest, whole
//! milliseconds, a ppq in `f32`, seconds only, beats only) plays every sample exactly as in a host
//! that reports exact positions: from bar 1 and mid-song, through a pre-roll from a negative
//! position, a tempo ramp with a new tempo on every block, and loop wraps, at blocks of 64, 256,
//! 1000 and random sizes. Equal audio means every event on the same sample, none doubled or lost.
//!
//! Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`.
use phonon_host_tests::phonon::*;
use phonon_host_tests::{Report, Transport};

/// Kicks, snares and hats: an event on every half beat and several per block at any tempo.
const BEAT: &str = r#"out $ s "bd*4, ~ sn, hh*8" # gain 0.8"#;

const REPORTS: [Report; 7] = [
    Report::TicksFloor(960),
    Report::TicksNearest(1920),
    Report::TicksFloor(1920),
    Report::Millis,
    Report::F32Ppq,
    Report::SecondsOnly,
    Report::BeatsOnly,
];

/// Block sizes: fixed, or pseudo-random in 1..=1000 (the same sequence for every render).
#[derive(Clone, Copy, Debug)]
enum Blocks {
    Fixed(usize),
    Random,
}

const BLOCKS: [Blocks; 4] = [
    Blocks::Fixed(64),
    Blocks::Fixed(256),
    Blocks::Fixed(1000),
    Blocks::Random,
];

/// Renders `frames` of `code` from `start` (whose report is replaced by `report`), with
/// `change(frames_done, transport)` before each block.
fn render(
    code: &str,
    start: Transport,
    report: Report,
    frames: usize,
    blocks: Blocks,
    change: &dyn Fn(usize, &mut Transport),
) -> Vec<[f32; 2]> {
    let mut host = phonon(code, 1024);
    host.transport = Some(Transport { report, ..start });
    let mut seed = 0x2545_f491u32;
    let block_len = move |_| match blocks {
        Blocks::Fixed(n) => n,
        Blocks::Random => {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            1 + (seed % 1000) as usize
        }
    };
    let out = host
        .render_sized(frames, block_len, |done, t| {
            change(done, t.as_mut().unwrap())
        })
        .ports
        .swap_remove(0);
    assert_finite(&out);
    out
}

/// Every report and block size renders the samples the exact host renders.
fn assert_like_exact(
    what: &str,
    code: &str,
    start: Transport,
    frames: usize,
    change: &dyn Fn(usize, &mut Transport),
) {
    for blocks in BLOCKS {
        let exact = render(code, start, Report::Exact, frames, blocks, change);
        assert!(
            onsets(&exact).len() > 2 || peak(&exact) > 0.1,
            "{what}: the exact render is silent"
        );
        for report in REPORTS {
            let got = render(code, start, report, frames, blocks, change);
            if let Some(i) = (0..frames).find(|&i| got[i] != exact[i]) {
                panic!("{what}, {report:?}, blocks {blocks:?}: differs from the exact host from sample {i}");
            }
        }
    }
}

fn none(_: usize, _: &mut Transport) {}

#[test]
fn rounded_positions_from_bar_one_and_mid_song() {
    assert_like_exact(
        "90 BPM from bar 1",
        BEAT,
        Transport::playing(90.0, 0.0),
        200_000,
        &none,
    );
    assert_like_exact(
        "120 BPM from bar 2",
        BEAT,
        Transport::playing(120.0, 4.0),
        200_000,
        &none,
    );
    // Beat 40000 (bar 10001): an f32 ppq there is a multiple of 1/256 beat.
    assert_like_exact(
        "120 BPM from beat 40000",
        BEAT,
        Transport::playing(120.0, 40_000.0),
        150_000,
        &none,
    );
}

#[test]
fn pre_roll_from_a_negative_position() {
    assert_like_exact(
        "pre-roll from beat -4",
        BEAT,
        Transport::playing(120.0, -4.0),
        150_000,
        &none,
    );
}

#[test]
fn tempo_ramp_with_a_new_tempo_every_block() {
    // 90 to 130 BPM over 4 s, the tempo changing at every block start.
    let ramp =
        |done: usize, t: &mut Transport| t.tempo = 90.0 + 40.0 * (done as f64 / 192_000.0).min(1.0);
    assert_like_exact(
        "tempo ramp",
        BEAT,
        Transport::playing(90.0, 0.0),
        240_000,
        &ramp,
    );
}

#[test]
fn loop_wraps_at_rounded_positions() {
    // Loop beats 1..3.5 at 120 BPM (0.5 s .. 1.75 s: whole milliseconds and ticks), from beat 0:
    // the wrap comes 1.75 s in and every 1.25 s after; positions between are rounded.
    let looped = Transport {
        loop_beats: Some((1.0, 3.5)),
        ..Transport::playing(120.0, 0.0)
    };
    assert_like_exact("loop 1..3.5", BEAT, looped, 200_000, &none);
}

/// The exact host's render itself: events where the beat math puts them, whatever the blocks.
#[test]
fn the_exact_render_is_on_the_beat_math() {
    // 120 BPM: a beat is 24000 samples; a kick on each cycle start (96000 samples).
    for blocks in BLOCKS {
        for report in [Report::Exact, Report::TicksFloor(1920)] {
            let out = render(
                r#"out $ s "bd ~ ~ ~""#,
                Transport::playing(120.0, 4.0),
                report,
                400_000,
                blocks,
                &none,
            );
            assert_eq!(
                onsets(&out),
                vec![0, 96_000, 192_000, 288_000, 384_000],
                "{report:?} {blocks:?}"
            );
        }
    }
}
