//! Robustness in a real CLAP host: corrupt state blobs. Blobs that are not a state (empty,
//! truncated, random bytes, a length prefix that lies) are refused and the instance keeps playing
//! what it had; a state whose program field is unreadable or from a newer version loads and
//! plays the default program. Host abuse: block sizes from 1 to 8192 changing on every
//! `process()` call, activation (and reactivation) at 22.05, 44.1, 96 and 192 kHz, and CLAP
//! `reset` on the audio thread while a swapped-out program is fading, each measured: onsets on
//! the samples the beat math gives, finite output, the same samples as 512-frame blocks.
//!
//! Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`.
use phonon_host_tests::nice_state;
use phonon_host_tests::phonon::*;
use phonon_host_tests::{PluginHost, Transport};
use serde_json::json;

const KICK: &str = r#"out $ s "bd ~ ~ ~""#;

fn random_bytes(n: usize, mut x: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn blobs_that_are_not_states_are_refused_and_the_program_keeps_playing() {
    let reference = play_from(&mut phonon(KICK, 512), 2.5, 60_000, 512);
    assert_eq!(onsets(&reference), vec![48_000]);
    let mut good = phonon(KICK, 512);
    let whole = good.save_state().unwrap();
    let mut lying = (1u64 << 40).to_le_bytes().to_vec();
    lying.extend_from_slice(b"{\"version\":\"0.1.0\"");
    for (name, bytes) in [
        ("empty", vec![]),
        ("length prefix only", whole[..8].to_vec()),
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("random", random_bytes(4096, 0x2545_f491_4f6c_dd1d)),
        (
            "random after a valid prefix",
            [&whole[..8], &random_bytes(whole.len() - 8, 7)[..]].concat(),
        ),
        ("lying length", lying),
    ] {
        let mut host = phonon(KICK, 512);
        assert!(host.load_state(&bytes).is_err(), "{name}: accepted");
        host.settle(50);
        let out = play_from(&mut host, 2.5, 60_000, 512);
        assert!(
            out == reference,
            "{name}: the kick program no longer plays the same samples"
        );
    }
}

#[test]
fn unreadable_or_future_program_fields_load_the_default_program() {
    // What a fresh instance plays.
    let fresh = {
        let mut host = load();
        host.activate(SR, 512).unwrap();
        host.settle(100);
        play_from(&mut host, 0.0, 96_000, 512)
    };
    assert!(peak(&fresh) > 0.05, "the default program is silent");
    for field in [
        json!({"version": 99, "code": "out $ s \"hh*16\""}),
        json!({"version": 2}),
        json!("not a state"),
        json!({"version": 0, "code": "out $ s \"hh*16\""}),
    ] {
        let mut host = phonon(KICK, 512);
        let bytes = state_with_field(&mut host, field.clone());
        host.load_state(&bytes)
            .unwrap_or_else(|e| panic!("{field}: {e}"));
        host.settle(100);
        let out = play_from(&mut host, 0.0, 96_000, 512);
        assert!(out == fresh, "{field}: does not play the default program");
        // Saving now writes the default program, not the bad field.
        let saved = nice_state::decode(&host.save_state().unwrap()).unwrap();
        let code = nice_state::field(&saved, "phonon").unwrap()["code"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            code.contains("Phonon: edit the pattern"),
            "{field}: saved {code:?}"
        );
    }
}

/// Hi-hats on beats 0 and 2 of each 4-beat cycle: from beat 2.5 at 90 BPM they come on beat 4
/// (1.5 beats = one second: sample `sr`) and beat 6 (sample `7 sr / 3`).
const HATS: &str = r#"out $ s "hh ~ hh ~""#;
const MAX: usize = 8192;

/// Block lengths in 1..=8192, a new one on every call: 1 and 8192 forced in turn, xorshift
/// values between. Returns the generator and counts the calls in `calls`.
fn sizes(mut x: u64, calls: &mut usize) -> impl FnMut(usize) -> usize + '_ {
    move |_| {
        *calls += 1;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        match *calls % 5 {
            0 => 1,
            2 => MAX,
            _ => 1 + (x % MAX as u64) as usize,
        }
    }
}

/// An instance activated at `sr` (max 8192 frames) playing `code`.
fn at_rate(sr: f64, code: &str) -> PluginHost {
    let mut host = load();
    host.activate(sr, MAX).unwrap();
    set_code(&mut host, code);
    host
}

/// Idles stopped at beat 2.5 (silent), then plays `frames` from there with `block_len` blocks.
fn play_blocks(
    host: &mut PluginHost,
    frames: usize,
    block_len: impl FnMut(usize) -> usize,
) -> Vec<[f32; 2]> {
    host.transport = Some(Transport::stopped(BPM, 2.5));
    assert_eq!(
        first_nonzero(&host.render(1_536, 512)),
        None,
        "sound while stopped"
    );
    host.transport = Some(Transport::playing(BPM, 2.5));
    let out = host.render_blocks(frames, block_len);
    assert_finite(&out);
    out
}

fn max_diff(a: &[[f32; 2]], b: &[[f32; 2]]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// Samples from `onset` to the hat's last non-zero sample (its length).
fn ring(out: &[[f32; 2]], onset: usize) -> usize {
    out[onset..]
        .windows(SILENCE)
        .position(|w| w.iter().all(is_zero))
        .unwrap()
}

#[test]
fn block_sizes_from_1_to_8192_changing_on_every_call() {
    let reference = play_blocks(&mut at_rate(SR, HATS), 120_000, |_| 512);
    assert_eq!(onsets(&reference), vec![48_000, 112_000]);
    let mut calls = 0;
    let got = play_blocks(
        &mut at_rate(SR, HATS),
        120_000,
        sizes(0x9e37_79b9_7f4a_7c15, &mut calls),
    );
    let diff = max_diff(&got, &reference);
    eprintln!(
        "{calls} process() calls of 1..=8192 frames; max difference from 512-frame blocks {diff}"
    );
    assert!(calls > 30, "only {calls} blocks");
    assert_eq!(onsets(&got), vec![48_000, 112_000]);
    assert!(
        diff <= 1e-6,
        "the block sizes changed the samples by {diff}"
    );
}

#[test]
fn activation_at_22_to_192_khz_puts_onsets_on_the_beat_math_samples() {
    // One instance reactivated at every rate, with changing block sizes; a fresh one per rate
    // with 512-frame blocks to compare with.
    let mut host = load();
    let mut hat_secs = vec![];
    for (i, sr) in [22_050usize, 44_100, 96_000, 192_000]
        .into_iter()
        .enumerate()
    {
        host.deactivate();
        host.activate(sr as f64, MAX).unwrap();
        if i == 0 {
            set_code(&mut host, HATS);
        }
        host.settle(100); // the program is recompiled for the new rate's kit
        let frames = sr * 5 / 2; // to beat 6.25
        let mut calls = 0;
        let got = play_blocks(&mut host, frames, sizes(sr as u64, &mut calls));
        let reference = play_blocks(&mut at_rate(sr as f64, HATS), frames, |_| 512);
        let expected = vec![sr, sr * 7 / 3];
        assert_eq!(onsets(&got), expected, "{sr} Hz");
        assert_eq!(onsets(&reference), expected, "{sr} Hz, 512-frame blocks");
        let diff = max_diff(&got, &reference);
        let (p, len) = (peak(&got), ring(&got, sr));
        eprintln!(
            "{sr} Hz: onsets {expected:?}, peak {p}, hat {len} samples, {calls} calls, diff {diff}"
        );
        assert!(p > 0.05, "{sr} Hz: too quiet ({p})");
        assert!(
            diff <= 1e-6,
            "{sr} Hz: block sizes changed the samples by {diff}"
        );
        hat_secs.push(len as f64 / sr as f64);
    }
    // The hat lasts as long in seconds at every rate (the kit is resampled, not replayed raw).
    for s in &hat_secs {
        assert!(
            (s / hat_secs[0] - 1.0).abs() < 0.01,
            "hat lengths in seconds {hat_secs:?}"
        );
    }
}

/// CLAP `reset` (on the audio thread, under `assert_process_allocs`) 128 samples into the
/// 480-sample fade of a swapped-out program with a synth voice ringing: the plugin frees
/// nothing (a free there aborts this test), the fade and the voice stop at once, and the new
/// program plays on the host's beats exactly as a fresh instance does.
#[test]
fn reset_while_a_swapped_out_program_fades() {
    const OLD: &str = "out $ sine 440 * 0.3\no1 $ n \"0\" # s \"superpiano\" # sustain 8";
    const NEW: &str = r#"out $ s "hh*4""#;
    // What the old program plays on without the swap.
    let mut plain = phonon(OLD, 512);
    plain.transport = Some(Transport::playing(BPM, 0.0));
    let plain = plain.render(16_128, 500);

    let mut host = phonon(OLD, 512);
    host.transport = Some(Transport::playing(BPM, 0.0));
    let before = host.render(16_000, 500); // to beat 0.5
    assert!(before == plain[..16_000], "the old program does not play");
    set_code(&mut host, NEW); // compiled off the audio thread, swapped in on the next block
    let fading = host.render(128, 128);
    // The sine fades over 480 samples: after 100 of them the output differs from the old
    // program's by more than 0.3 * 100 / 480 x |sine|.
    let gone = max_diff(&fading[100..], &plain[16_100..]);
    eprintln!("128 samples into the fade: up to {gone} below the old program");
    assert!(
        gone > 0.03 && peak(&fading[100..]) > 0.01,
        "no fade in progress ({gone})"
    );
    host.reset();
    let after = host.render(100_000, 333);
    assert_finite(&after);
    // From beat 0.5 + 128 samples: silence until the hats on beats 1, 2, 3.
    assert_eq!(onsets(&after), vec![15_872, 47_872, 79_872]);
    assert_eq!(
        first_nonzero(&after),
        Some(15_872),
        "the fade or the synth voice went on after reset"
    );
    let mut fresh = phonon(NEW, 512);
    fresh.transport = Some(Transport::playing(BPM, 0.5 + 128.0 / BEAT as f64));
    let reference = fresh.render(100_000, 512);
    assert!(
        after == reference,
        "after reset: not what a fresh instance plays (max diff {})",
        max_diff(&after, &reference)
    );
    // Reset again at once (the retired program is on its way out) and keep playing.
    host.reset();
    let more = host.render(40_000, 500);
    assert_finite(&more);
    // 16000 + 128 + 100000 samples from beat 0: the next hat is on beat 4 (sample 128000).
    assert_eq!(onsets(&more), vec![4 * BEAT - 116_128]);
}
