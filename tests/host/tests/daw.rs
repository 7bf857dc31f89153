//! The plugin as a DAW sees it: transport jumps and loops, macro automation, MIDI in
//! and out, multi-out routing, state, time signatures, cycle offset and latency, each measured
//! on exact samples of the built `Phonon.clap` (debug, `assert_process_allocs`).
//!
//! Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`.
#[path = "../../common/mod.rs"]
mod common;

use phonon_host_tests::phonon::*;
use phonon_host_tests::{nice_param_id, nice_state, OutNote, PluginHost, Transport};
use serde_json::json;

/// A hi-hat on every half beat (16000 samples at 90 BPM); each one rings 4800 samples.
const HATS: &str = r#"out $ s "hh*8""#;
const HALF_BEAT: usize = BEAT / 2;

/// The CLAP value of `text` for param `id` (e.g. "0.5" for a macro).
fn value(host: &mut PluginHost, id: &str, text: &str) -> f64 {
    host.param_from_text(nice_param_id(id), text)
        .unwrap_or_else(|| panic!("{id} parses {text:?}"))
}

/// Plays from `beats` while `change(frames_done, transport)` may move the transport before each block.
fn play_with(
    host: &mut PluginHost,
    beats: f64,
    frames: usize,
    block: usize,
    change: impl FnMut(usize, &mut Option<Transport>),
) -> Vec<[f32; 2]> {
    host.transport = Some(Transport::playing(BPM, beats));
    let out = host.render_with(frames, block, change);
    assert_finite(&out);
    out
}

/// Seeks forward and back while playing: after each jump the next onset is where the new
/// position puts it (a jump onto an onset plays it on the jump's first sample).
#[test]
fn seeks_forward_and_back_land_on_exact_samples() {
    let mut host = phonon(r#"out $ s "bd ~ ~ ~""#, 512);
    // Beat 0: kick at 0. At frame 40960 (beat 1.28) seek to beat 7.5: the next kick (beat 8)
    // is 16000 samples later. At frame 81920 seek back to beat 3: the kick at beat 4 comes
    // 32000 later. At frame 153600 seek exactly onto beat 12: kick on that very sample.
    let out = play_with(&mut host, 0.0, 200_000, 512, |done, t| {
        let t = t.as_mut().unwrap();
        match done {
            40_960 => t.pos_beats = 7.5,
            81_920 => t.pos_beats = 3.0,
            153_600 => t.pos_beats = 12.0,
            _ => {}
        }
    });
    assert_eq!(
        onsets(&out),
        vec![0, 40_960 + 16_000, 81_920 + 32_000, 153_600]
    );
}

/// A tempo change on a block boundary: from there on, beats are the new length.
#[test]
fn tempo_change_moves_the_following_onsets() {
    let mut host = phonon(HATS, 512);
    // 90 BPM from beat 0; at frame 64000 (beat 2) the host switches to 120 BPM: a half beat is
    // then 12000 samples.
    let out = play_with(&mut host, 0.0, 112_000, 500, |done, t| {
        if done == 64_000 {
            t.as_mut().unwrap().tempo = 120.0;
        }
    });
    let expected: Vec<usize> = (0..4)
        .map(|i| i * HALF_BEAT)
        .chain((0..4).map(|i| 64_000 + i * 12_000))
        .collect();
    assert_eq!(onsets(&out), expected);
}

/// Host loops whose wrap falls between two events and exactly on one: every event of the loop
/// plays once, on its sample, in every pass (none twice, none skipped), for odd block sizes.
#[test]
fn loop_wraps_play_every_event_once() {
    for block in [333, 512, 64] {
        // Loop beats 0..7.25 from beat 6: hats at beats 6, 6.5, 7 (0, 16000, 32000); the wrap
        // at 1.25 beats = 40000 lands on beat 0, a hat; then beats 0.5, 1, .. of the next pass.
        let mut host = phonon(HATS, 512);
        host.transport = Some(Transport {
            loop_beats: Some((0.0, 7.25)),
            ..Transport::playing(BPM, 6.0)
        });
        let loop_len = 232_000; // 7.25 beats
        let out = host.render(40_000 + 2 * loop_len, block);
        assert_finite(&out);
        let pass: Vec<usize> = (0..15).map(|i| i * HALF_BEAT).collect(); // beats 0..7 by halves
        let mut expected = vec![0, 16_000, 32_000];
        for p in 0..2 {
            expected.extend(pass.iter().map(|o| 40_000 + p * loop_len + o));
        }
        assert_eq!(onsets(&out), expected, "block {block}");
    }
    // A loop whose end is a half-beat line: the event on the end line belongs to the next
    // pass's start (beat 0), not to the end of this one.
    let mut host = phonon(HATS, 512);
    host.transport = Some(Transport {
        loop_beats: Some((1.0, 3.0)),
        ..Transport::playing(BPM, 1.0)
    });
    let out = host.render(3 * 64_000, 441);
    let expected: Vec<usize> = (0..12).map(|i| i * HALF_BEAT).collect();
    assert_eq!(onsets(&out), expected);
}

/// A time signature change (4/4 to 3/4 to 7/8) moves nothing: a cycle stays `Beats per Cycle`
/// quarter notes, so the audio equals a render with no change.
#[test]
fn time_signature_changes_keep_the_beat_grid() {
    let render = |change: bool| {
        let mut host = phonon(r#"out $ s "bd hh sn hh""#, 512);
        play_with(&mut host, 0.0, 300_000, 512, |done, t| {
            if change {
                let t = t.as_mut().unwrap();
                match done {
                    51_200 => t.time_sig = (3, 4),
                    153_600 => t.time_sig = (7, 8),
                    _ => {}
                }
            }
        })
    };
    let (plain, changed) = (render(false), render(true));
    assert_eq!(onsets(&plain)[..2], [0, BEAT]);
    assert!(
        plain == changed,
        "a time signature change moved the pattern"
    );
}

/// A macro moved by host automation at sample k changes `sine 440 * m<n>` from sample k on, for
/// the first and the last macro: 0 -> 0.5 at 10007 (mid-block), 0.5 -> 1 at 30011: the output
/// is exactly 0 before, half the reference (the macro at 1 all along) from 10007, the
/// reference from 30011.
#[test]
fn macro_automation_lands_on_its_sample() {
    for n in [1, 8] {
        let (code, id) = (
            format!("out $ sine 440 * m{n}"),
            nice_param_id(&format!("m_{n}")),
        );
        let mut reference = phonon(&code, 512);
        let one = value(&mut reference, &format!("m_{n}"), "1");
        reference.set_param_at(0, id, one);
        let reference = play_with(&mut reference, 0.0, 40_000, 512, |_, _| {});

        let mut host = phonon(&code, 512);
        let half = value(&mut host, &format!("m_{n}"), "0.5");
        host.set_param_at(10_007, id, half);
        host.set_param_at(30_011, id, one);
        let out = play_with(&mut host, 0.0, 40_000, 512, |_, _| {});
        assert_eq!(
            first_nonzero(&out),
            Some(10_007),
            "m{n} = 0 is silent until its change"
        );
        assert!(
            peak(&reference[..10_007]) > 0.5,
            "the reference plays from the start"
        );
        for i in 10_007..40_000 {
            let scale = if i < 30_011 { 0.5 } else { 1.0 };
            for c in 0..2 {
                let (x, r) = (out[i][c], reference[i][c] * scale);
                assert!(
                    (x - r).abs() <= 1e-6,
                    "m{n}, sample {i}: {x} vs {r} (m{n} = {scale})"
                );
            }
        }
        assert!((host.param_value(id).unwrap() - one).abs() < 1e-9);
    }
}

/// A host modulator (CLAP parameter modulation, as Bitwig's) moves `m1` from its sample on,
/// summed with the automation's value, and leaves the parameter's value alone: `m1` at 0.25,
/// modulated by +0.25 at 10007 (mid-block) and by +0.75 at 30011, plays `sine 440 * m1` at a
/// quarter of the reference (the macro at 1), then half, then the reference; the host still
/// reads 0.25.
#[test]
fn modulation_moves_a_macro_without_moving_its_value() {
    let (code, id) = ("out $ sine 440 * m1", nice_param_id("m_1"));
    let mut reference = phonon(code, 512);
    let one = value(&mut reference, "m_1", "1");
    reference.set_param_at(0, id, one);
    let reference = play_with(&mut reference, 0.0, 40_000, 512, |_, _| {});

    let mut host = phonon(code, 512);
    let quarter = value(&mut host, "m_1", "0.25");
    host.set_param_at(0, id, quarter);
    host.mod_param_at(10_007, id, 0.25);
    host.mod_param_at(30_011, id, 0.75);
    let out = play_with(&mut host, 0.0, 40_000, 512, |_, _| {});
    assert!(peak(&reference[..10_007]) > 0.5, "the reference plays");
    for i in 0..40_000 {
        let scale = if i < 10_007 {
            0.25
        } else if i < 30_011 {
            0.5
        } else {
            1.0
        };
        for c in 0..2 {
            let (x, r) = (out[i][c], reference[i][c] * scale);
            assert!(
                (x - r).abs() <= 1e-6,
                "sample {i}: {x} vs {r} (m1 = {scale})"
            );
        }
    }
    assert!(
        (host.param_value(id).unwrap() - quarter).abs() < 1e-9,
        "modulation moved the parameter's value"
    );
}

/// MIDI CC 20 drives `m1` and CC 27 drives `m8` from the CC's sample, like automation (value
/// 127 = 1.0: the same samples as the macro at 1); the CC of the neighbouring macro (21, 26)
/// before it moves nothing.
#[test]
fn ccs_20_and_27_drive_macros_1_and_8() {
    for (cc, other, n) in [(20u8, 21u8, 1), (27, 26, 8)] {
        let code = format!("out $ sine 440 * m{n}");
        let mut reference = phonon(&code, 512);
        let one = value(&mut reference, &format!("m_{n}"), "1");
        reference.set_param_at(0, nice_param_id(&format!("m_{n}")), one);
        let reference = play_with(&mut reference, 0.0, 8_000, 512, |_, _| {});

        let mut host = phonon(&code, 512);
        host.midi_at(2_001, [0xb3, other, 127]);
        host.midi_at(5_003, [0xb0 | (n as u8), cc, 127]); // any channel
        let out = play_with(&mut host, 0.0, 8_000, 512, |_, _| {});
        assert_eq!(first_nonzero(&out), Some(5_003), "CC {cc} -> m{n}");
        let diff = out[5_003..]
            .iter()
            .flatten()
            .zip(reference[5_003..].iter().flatten())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(
            diff <= 1e-6 && peak(&out) > 0.5,
            "CC {cc} 127 is not m{n} = 1 (diff {diff})"
        );
    }
}

/// `gate` follows a key from the note-on's sample to the note-off's sample.
#[test]
fn gate_follows_a_key_on_its_samples() {
    let mut host = phonon("out $ sine 440 * gate", 512);
    host.note_on_at(5_003, 0, 60, 0.8);
    host.note_off_at(9_001, 0, 60, 0.0);
    let out = play_with(&mut host, 0.0, 12_000, 512, |_, _| {});
    assert_eq!(first_nonzero(&out), Some(5_003));
    assert_eq!(out.iter().rposition(|f| !is_zero(f)), Some(9_000));
}

/// C, E and G pressed (CLAP note-ons) before a cycle starts: `arp "up" $ note held` plays them
/// in order, one per beat with 3 beats per cycle, on the exact samples; releasing the keys
/// stops the arpeggio at the next cycle.
#[test]
fn arpeggio_from_midi_in() {
    let code = r#"out $ arp "up" $ note held # s "sine" # legato 0.5"#;
    let mut host = phonon(code, 512);
    let three = value(&mut host, "bpc", "3");
    host.set_param_at(0, nice_param_id("bpc"), three);
    // From beat 2.25 with 3 beats per cycle (past the arpeggio's last third, so the keys
    // pressed now sound from the next cycle), the next cycle starts at beat 3 = sample 24000.
    for (i, key) in [67u8, 60, 64].into_iter().enumerate() {
        host.note_on_at(1_000 * i as u64 + 777, 0, key, 0.9); // pressed out of order
    }
    for key in [60u8, 64, 67] {
        host.note_off_at(110_000, 0, key, 0.0); // released before the cycle at 120000
    }
    let out = play_with(&mut host, 2.25, 200_000, 512, |_, _| {});
    // The sine starts at phase 0, so each note's first sample is 0 and its onset one later.
    let starts = [24_000, 24_000 + BEAT, 24_000 + 2 * BEAT];
    assert_eq!(
        onsets(&out),
        starts.map(|s| s + 1).to_vec(),
        "one note per beat, nothing after the release"
    );
    let hz = [261.63f32, 329.63, 392.0];
    let l = left(&out);
    for (s, expected) in starts.iter().zip(hz) {
        let window = &l[s + 1_000..s + 13_000];
        let mags: Vec<f32> = hz
            .iter()
            .map(|&f| common::dft_mag(window, f, SR as f32))
            .collect();
        let best = hz[mags
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap()
            .0];
        assert_eq!(
            best, expected,
            "note at {s}: magnitudes {mags:?} for {hz:?}"
        );
    }
}

fn on(sample: u64, channel: u8, key: u8, velocity: f64) -> OutNote {
    OutNote {
        sample,
        on: true,
        channel,
        key,
        velocity,
    }
}

fn off(sample: u64, channel: u8, key: u8) -> OutNote {
    OutNote {
        sample,
        on: false,
        channel,
        key,
        velocity: 0.0,
    }
}

/// `s "midi"` sends note on/off to the host on the exact samples: note 60 + `note`, channel
/// `midichan`, velocity from `velocity`, the off after `legato` of the event or `sustain` seconds.
#[test]
fn midi_out_notes_on_exact_samples() {
    let code = r#"out $ note "0 7" # s "midi" # legato 0.5 # velocity 0.8 # midichan 2
o2 $ note "~ ~ ~ -12" # s "midi" # sustain 0.25 # gain 0.5"#;
    for block in [512, 333] {
        let mut host = phonon(code, 512);
        host.transport = Some(Transport::playing(BPM, 2.5));
        let r = host.render_all(200_000, block, |_, _| {});
        assert!(r.ports[0].iter().all(is_zero), "s \"midi\" makes no sound");
        // The cycle starts at sample 48000 (beat 4); a half cycle is 64000 samples, a quarter 32000.
        // From beat 2.5 (cycle 0.625): o2's note on the last quarter (beat 3) comes first.
        let expected = vec![
            on(16_000, 0, 48, 0.5),
            off(28_000, 0, 48),
            on(48_000, 2, 60, 0.8),
            off(80_000, 2, 60),
            on(112_000, 2, 67, 0.8),
            on(144_000, 0, 48, 0.5),
            off(144_000, 2, 67),
            off(156_000, 0, 48), // 0.25 s
            on(176_000, 2, 60, 0.8),
        ];
        let mut got = r.events.clone();
        got.sort_by_key(|e| (e.sample, e.on, e.key));
        for e in &mut got {
            e.velocity = (e.velocity * 1e4).round() / 1e4;
        }
        let mut want = expected.clone();
        want.sort_by_key(|e| (e.sample, e.on, e.key));
        assert_eq!(got, want, "block {block}");
    }
}

/// Phonon Multi-Out: `o1` plays on aux port 1 only, `o9` and `out` stay in the main pair, and
/// main + port 1 of the multi-out instance equal the stereo instance's single output.
#[test]
fn multi_out_routes_o1_to_its_own_port() {
    let code = "out $ s \"bd ~ ~ ~\"\no1 $ s \"~ sn ~ ~\"\no9 $ s \"~ ~ hh ~\"";
    let mut multi = phonon_id(MULTI_ID, code, 512);
    assert_eq!(
        multi.ports().outputs,
        vec![2; 9],
        "a stereo main port and eight stereo aux ports"
    );
    multi.transport = Some(Transport::playing(BPM, 0.0));
    let r = multi.render_all(120_000, 512, |_, _| {});
    assert_eq!(
        onsets(&r.ports[0]),
        vec![0, 2 * BEAT],
        "main: out (beat 0) and o9 (beat 2)"
    );
    assert_eq!(
        onsets(&r.ports[1]),
        vec![BEAT],
        "port o1: the snare on beat 1 only"
    );
    for (i, port) in r.ports.iter().enumerate().skip(2) {
        assert!(port.iter().all(is_zero), "port o{i} should be silent");
    }

    let mut stereo = phonon(code, 512);
    assert_eq!(
        stereo.ports().outputs,
        vec![2],
        "Phonon has one stereo port"
    );
    let single = play_with(&mut stereo, 0.0, 120_000, 512, |_, _| {});
    for (i, frame) in single.iter().enumerate() {
        for (c, x) in frame.iter().enumerate() {
            let sum = r.ports[0][i][c] + r.ports[1][i][c];
            assert!(
                (x - sum).abs() <= 1e-6,
                "frame {i}: stereo {x} vs main + o1 {sum}"
            );
        }
    }
}

/// Writes a 16-bit mono WAV (RIFF PCM, the canonical 44-byte header).
fn write_wav(path: &std::path::Path, rate: u32, samples: &[f32]) {
    let data: Vec<u8> = samples
        .iter()
        .flat_map(|s| ((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes())
        .collect();
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(data.len() as u32).to_le_bytes());
    b.extend_from_slice(&data);
    std::fs::write(path, b).unwrap();
}

/// Saved with a program reading a sound from a sample folder and a macro, with the macro,
/// gain, beats per cycle and cycle offset moved: a fresh instance restores it all and renders
/// the same samples.
#[test]
fn state_round_trip_with_macros_params_and_sample_folder() {
    let dir = std::env::temp_dir().join(format!("phonon-daw-state-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("blip")).unwrap();
    let blip: Vec<f32> = (0..4_000)
        .map(|i| (i as f32 * 0.05).cos() * (1.0 - i as f32 / 4_000.0))
        .collect();
    write_wav(&dir.join("blip/0.wav"), 48_000, &blip);
    let folder = dir.to_string_lossy().into_owned();
    let code = r#"out $ s "blip*2 bd" # gain (m1 + 0.25)"#;

    let mut a = load();
    a.activate(SR, 512).unwrap();
    let field = json!({"version": 2, "code": code, "sample_folder": folder});
    let bytes = state_with_field(&mut a, field.clone());
    a.load_state(&bytes).unwrap();
    a.settle(100);
    for (id, text) in [
        ("m_1", "0.6"),
        ("m_3", "0.25"),
        ("gain", "-3 dB"),
        ("bpc", "2"),
        ("coff", "0.5"),
    ] {
        let v = value(&mut a, id, text);
        a.set_param_at(0, nice_param_id(id), v);
    }
    a.transport = Some(Transport::stopped(BPM, 0.0));
    a.render(2_048, 512); // the host applies the parameter changes; the gain smoother settles
    let saved = a.save_state().unwrap();
    let state = nice_state::decode(&saved).unwrap();
    assert_eq!(
        nice_state::field(&state, "phonon"),
        Some(field),
        "in {state}"
    );
    let audio_a = play_with(&mut a, 1.0, 100_000, 512, |_, _| {});
    // Beats per cycle 2 and offset +0.5 cycle: from host beat 1 the pattern is at cycle 1.0, so
    // blip, blip, bd fall on 0, 16000, 32000 and again a cycle (64000 samples) later; the
    // blips come from the sample folder (without it the code does not compile).
    assert_eq!(
        onsets(&audio_a),
        vec![0, 16_000, 32_000, 64_000, 80_000, 96_000]
    );

    let mut b = load();
    b.load_state(&saved).unwrap();
    b.activate(SR, 512).unwrap();
    b.settle(100);
    let state_b = nice_state::decode(&b.save_state().unwrap()).unwrap();
    assert_eq!(
        state_b.get("params"),
        state.get("params"),
        "params survive the round trip"
    );
    assert_eq!(
        nice_state::field(&state_b, "phonon"),
        nice_state::field(&state, "phonon")
    );
    b.transport = Some(Transport::stopped(BPM, 0.0));
    b.render(2_048, 512);
    let audio_b = play_with(&mut b, 1.0, 100_000, 512, |_, _| {});
    assert!(
        audio_a == audio_b,
        "the restored instance renders different samples"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A version-1 state (`{version, code}`, no sample folder) loads: it plays its code and is
/// saved back as version 2 with no folder.
#[test]
fn version_1_state_migrates() {
    let mut host = load();
    host.activate(SR, 512).unwrap();
    let bytes = state_with_field(
        &mut host,
        json!({"version": 1, "code": "out $ s \"hh ~ ~ ~\""}),
    );
    host.load_state(&bytes).unwrap();
    host.settle(100);
    let state = nice_state::decode(&host.save_state().unwrap()).unwrap();
    assert_eq!(
        nice_state::field(&state, "phonon"),
        Some(json!({"version": 2, "code": "out $ s \"hh ~ ~ ~\"", "sample_folder": null}))
    );
    let out = play_from(&mut host, 0.0, 140_000, 512);
    assert_eq!(onsets(&out), vec![0, 128_000]);
}

/// Cycle offset +0.5 runs the pattern half a cycle ahead of the host: from beat 2.5 (pattern
/// beat 4.5) the next cycle starts at host beat 6; -0.25 puts it at host beat 5.
#[test]
fn cycle_offset_shifts_the_pattern() {
    for (text, first) in [
        ("0.5", 3 * BEAT + BEAT / 2),
        ("-0.25", 2 * BEAT + BEAT / 2),
        ("0", BEAT + BEAT / 2),
    ] {
        let mut host = phonon(r#"out $ s "bd ~ ~ ~""#, 512);
        let v = value(&mut host, "coff", text);
        host.set_param_at(0, nice_param_id("coff"), v);
        let out = play_from(&mut host, 2.5, 250_000, 512);
        assert_eq!(
            onsets(&out),
            vec![first, first + 4 * BEAT],
            "cycle offset {text}"
        );
    }
}

/// The plugin adds no latency (CLAP latency extension): onsets need no compensation.
#[test]
fn reports_zero_latency() {
    for id in [ID, MULTI_ID] {
        let mut host = load_id(id);
        host.activate(SR, 512).unwrap();
        assert_eq!(
            host.latency(),
            Some(0),
            "{id}: the CLAP latency extension says 0 samples"
        );
    }
}

/// Sync "Free at host tempo": with the host stopped the pattern keeps playing at the host's
/// tempo from the moment it stopped (cycle 0 on its first sample); pressing play hands the
/// clock back to the host's beat position.
#[test]
fn sync_free_plays_while_stopped_then_follows_play() {
    let mut host = phonon(r#"out $ s "bd ~ ~ ~""#, 512);
    let free = value(&mut host, "sync", "Free at host tempo");
    host.set_param_at(0, nice_param_id("sync"), free);
    host.transport = Some(Transport::stopped(BPM, 0.0));
    let stopped = host.render(284_160, 512); // 555 blocks: the last kick has rung out
    assert_eq!(
        onsets(&stopped),
        vec![0, 128_000, 256_000],
        "a cycle per 4 beats at 90 BPM"
    );
    host.transport = Some(Transport::playing(BPM, 2.5));
    let playing = host.render(100_000, 512);
    assert_eq!(onsets(&playing), vec![48_000], "the host's beat 4");

    let mut host = phonon(r#"out $ s "bd ~ ~ ~""#, 512);
    host.transport = Some(Transport::stopped(BPM, 0.0));
    assert!(
        host.render(200_000, 512).iter().all(is_zero),
        "Follow transport (default) is silent while stopped"
    );
}

/// A note still on when the host deactivates the plugin (a 10 s `sustain`) gets its note-off on
/// the first sample after the next activation: no note hangs in the instrument it plays.
#[test]
fn midi_notes_left_on_by_deactivation_are_released() {
    let mut host = phonon(r#"out $ note "0" # s "midi" # sustain 10"#, 512);
    host.transport = Some(Transport::playing(BPM, 0.0));
    let r = host.render_all(10_240, 512, |_, _| {});
    assert_eq!(r.events, vec![on(0, 0, 60, 1.0)]);
    host.deactivate();
    host.activate(SR, 512).unwrap();
    host.settle(100);
    host.transport = Some(Transport::stopped(BPM, 0.0));
    let r = host.render_all(1_024, 512, |_, _| {});
    assert_eq!(r.events, vec![off(0, 0, 60)]);
}
