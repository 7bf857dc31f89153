//! Issue 7 in a real CLAP host: corrupt state blobs. Blobs that are not a state (empty,
//! truncated, random bytes, a length prefix that lies) are refused and the instance keeps playing
//! what it had; a state whose program field is unreadable or from a newer version loads and
//! plays the default program.
//!
//! Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`.
use phonon_host_tests::nice_state;
use phonon_host_tests::phonon::*;
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
        ("random after a valid prefix", [&whole[..8], &random_bytes(whole.len() - 8, 7)[..]].concat()),
        ("lying length", lying),
    ] {
        let mut host = phonon(KICK, 512);
        assert!(host.load_state(&bytes).is_err(), "{name}: accepted");
        host.settle(50);
        let out = play_from(&mut host, 2.5, 60_000, 512);
        assert!(out == reference, "{name}: the kick program no longer plays the same samples");
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
        host.load_state(&bytes).unwrap_or_else(|e| panic!("{field}: {e}"));
        host.settle(100);
        let out = play_from(&mut host, 0.0, 96_000, 512);
        assert!(out == fresh, "{field}: does not play the default program");
        // Saving now writes the default program, not the bad field.
        let saved = nice_state::decode(&host.save_state().unwrap()).unwrap();
        let code = nice_state::field(&saved, "phonon").unwrap()["code"].as_str().unwrap().to_string();
        assert!(code.contains("Phonon: edit the pattern"), "{field}: saved {code:?}");
    }
}
