//! States loaded into a playing instance, and the `sync` parameter through a state round trip,
//! measured on exact samples of the built `Phonon.clap` (debug, `assert_process_allocs`: an
//! allocation in `process()` aborts the test).
//!
//! Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`.
use phonon_host_tests::phonon::*;
use phonon_host_tests::{nice_param_id, nice_state, PluginHost, Transport};
use serde_json::json;

/// 10 ms (Phonon's `SWAP_FADE_S`) at 48 kHz: the replaced program's outputs fade out over it.
const FADE: usize = 480;

/// The CLAP value of `text` for param `id`.
fn value(host: &mut PluginHost, id: &str, text: &str) -> f64 {
    host.param_from_text(nice_param_id(id), text)
        .unwrap_or_else(|| panic!("{id} parses {text:?}"))
}

/// An instance playing `code` with the params `(id, text)` set, applied in one stopped block
/// (`sync` Follow: silent), and its saved state.
fn saved_with(code: &str, params: &[(&str, &str)]) -> (PluginHost, Vec<u8>) {
    let mut host = phonon(code, 512);
    for &(id, text) in params {
        let v = value(&mut host, id, text);
        host.set_param_at(0, nice_param_id(id), v);
    }
    host.transport = Some(Transport::stopped(BPM, 0.0));
    host.render(512, 512);
    let saved = host.save_state().unwrap();
    (host, saved)
}

/// A fresh instance restored from `saved` as a host restores a project (load, then activate).
fn restored(saved: &[u8]) -> PluginHost {
    let mut host = load();
    host.load_state(saved).unwrap();
    host.activate(SR, 512).unwrap();
    host.settle(100);
    host
}

fn max_diff(a: &[[f32; 2]], b: &[[f32; 2]]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// Program A (a sine and a hat on beat 0, rung out by then) plays from beat 0; at sample 40960
/// (beat 1.28) the host loads a state with program B, Macro 1 0.6, Macro 3 0.25, 2 beats per
/// cycle and Sync Free. From that block on the instance plays what a fresh instance restored
/// from the state plays from beat 1.28, sample for sample, except that A's sine fades out over
/// the first 480 samples; the params read back the loaded values. Then the host stops: both
/// play on free at the host tempo (B's Sync) from a cycle start, still identical.
#[test]
fn a_state_loaded_while_playing_switches_program_and_params() {
    const A: &str = "out $ sine 330 * 0.2\no1 $ s \"hh ~ ~ ~\"";
    const B: &str = r#"out $ s "hh*4 bd" # gain (m1 + 0.25)"#;
    let loaded = [
        ("m_1", "0.6"),
        ("m_3", "0.25"),
        ("bpc", "2"),
        ("sync", "Free at host tempo"),
    ];
    let (_, state_b) = saved_with(B, &loaded);

    let mut host = phonon(A, 512);
    host.transport = Some(Transport::playing(BPM, 0.0));
    let before = host.render(40_960, 512);
    assert!(peak(&before[40_000..]) > 0.19, "program A does not play");
    let defaults: Vec<f64> = loaded
        .iter()
        .map(|(id, _)| host.param_value(nice_param_id(id)).unwrap())
        .collect();
    host.load_state(&state_b).unwrap();
    host.settle(100); // B compiles off the audio thread and swaps in on the next block
    for (&(id, text), default) in loaded.iter().zip(defaults) {
        let (got, want) = (
            host.param_value(nice_param_id(id)).unwrap(),
            value(&mut host, id, text),
        );
        assert!(
            (got - want).abs() < 1e-9 && (got - default).abs() > 1e-9,
            "{id}: {got}, loaded {want}, was {default}"
        );
    }
    let pos = host.transport.unwrap().pos_beats;
    assert!((pos - 1.28).abs() < 1e-9, "at beat {pos}");
    let after = host.render(150_000, 512);
    assert_finite(&after);

    let mut fresh = restored(&state_b);
    fresh.transport = Some(Transport::playing(BPM, pos));
    let reference = fresh.render(150_000, 512);
    // Beat 1.28 is cycle 0.64 of 2 beats (64000 samples): B's next cycle starts 0.36 cycle =
    // 23040 samples on; four hats an eighth of a cycle (8000) apart, the kick at half a cycle.
    let expected: Vec<usize> = [
        0, 8_000, 16_000, 24_000, 32_000, 64_000, 72_000, 80_000, 88_000, 96_000,
    ]
    .iter()
    .map(|o| 23_040 + o)
    .collect();
    assert_eq!(onsets(&reference), expected, "the restored instance");
    // The fade: B is silent until 23040, so the first samples are A's sine ramping down.
    let fade = max_diff(&after[..FADE], &reference[..FADE]);
    for (k, (x, r)) in after[..FADE].iter().zip(&reference[..FADE]).enumerate() {
        let bound = 0.2 * (1.0 - k as f32 / FADE as f32) + 1e-6;
        assert!(
            (x[0] - r[0]).abs() <= bound && (x[1] - r[1]).abs() <= bound,
            "fade sample {k}: {x:?} vs {r:?}"
        );
    }
    let tail = max_diff(&after[FADE..], &reference[FADE..]);
    eprintln!(
        "after the load: fade difference up to {fade}, then {tail}; onsets {:?}",
        onsets(&after[FADE..])
    );
    assert!(fade > 0.05, "A was cut, not faded ({fade})");
    assert!(
        after[FADE..] == reference[FADE..],
        "after the fade: not what the restored instance plays (max diff {tail})"
    );

    // The host stops at the same beat: Sync Free (from the state) keeps both playing, identically.
    for h in [&mut host, &mut fresh] {
        let at = h.transport.unwrap().pos_beats;
        h.transport = Some(Transport::stopped(BPM, at));
    }
    let (stopped, stopped_ref) = (host.render(150_000, 512), fresh.render(150_000, 512));
    // Free restarts the pattern at a cycle start on the stop's first sample (cycle 0).
    let cycles = [0, 8_000, 16_000, 24_000, 32_000]
        .iter()
        .flat_map(|o| [*o, o + 64_000, o + 128_000]);
    let mut want: Vec<usize> = cycles.filter(|&o| o < 150_000).collect();
    want.sort();
    assert_eq!(
        onsets(&stopped),
        want,
        "Sync Free from the state, host stopped"
    );
    assert!(
        stopped == stopped_ref,
        "stopped: max diff {}",
        max_diff(&stopped, &stopped_ref)
    );
}

/// Sync "Free at host tempo" set, saved and restored into a fresh instance: the param reads
/// Free there and in its saved state, and the restored instance plays with the host stopped
/// exactly what the saved one played stopped (a kick per 4 beats: 0, 128000, 256000).
#[test]
fn sync_free_survives_a_state_round_trip() {
    const KICK: &str = r#"out $ s "bd ~ ~ ~""#;
    let sync = nice_param_id("sync");
    let mut a = phonon(KICK, 512);
    let free = value(&mut a, "sync", "Free at host tempo");
    let follow = a.param_value(sync).unwrap();
    assert!(
        (free - follow).abs() > 0.5,
        "Free ({free}) is the default ({follow})"
    );
    a.set_param_at(0, sync, free);
    a.transport = Some(Transport::stopped(BPM, 0.0));
    let audio_a = a.render(300_000, 512);
    assert_eq!(
        onsets(&audio_a),
        vec![0, 128_000, 256_000],
        "Free plays while the host is stopped"
    );
    let saved = a.save_state().unwrap();
    let state = nice_state::decode(&saved).unwrap();
    assert_ne!(
        state["params"]["sync"],
        nice_state::decode(&phonon(KICK, 512).save_state().unwrap()).unwrap()["params"]["sync"]
    );
    eprintln!("saved sync: {}", state["params"]["sync"]);

    let mut b = restored(&saved);
    let restored_sync = b.param_value(sync).unwrap();
    assert!(
        (restored_sync - free).abs() < 1e-9,
        "sync after the round trip: {restored_sync}, saved {free}"
    );
    assert_eq!(
        b.param_to_text(sync, restored_sync).as_deref(),
        Some("Free at host tempo")
    );
    let state_b = nice_state::decode(&b.save_state().unwrap()).unwrap();
    assert_eq!(
        state_b.get("params"),
        state.get("params"),
        "params survive the round trip"
    );
    assert_eq!(
        nice_state::field(&state_b, "phonon"),
        Some(json!({"version": 2, "code": KICK, "sample_folder": null}))
    );
    b.transport = Some(Transport::stopped(BPM, 0.0));
    let audio_b = b.render(300_000, 512);
    assert!(
        audio_a == audio_b,
        "the restored instance plays differently while stopped (max diff {})",
        max_diff(&audio_a, &audio_b)
    );
}
