//! Integration tests of the built `Phonon.clap`, driven as a CLAP host would drive it.
//!
//! Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`
//! (`scripts/test.sh` does). `PHONON_CLAP=/path/to/file.clap` overrides the bundle path.
use phonon_host_tests::phonon::*;
use phonon_host_tests::{nice_param_id, nice_state, Transport};
use serde_json::json;

const KICK: &str = r#"out $ s "bd ~ ~ ~""#;

/// Asserts that the sound starting at `b` is the same kick as the one starting at `a`.
fn assert_same_kick(out: &[[f32; 2]], a: usize, b: usize) {
    let n = 2000.min(out.len() - b);
    let tol = peak(&out[a..a + n]) * 1e-4;
    for i in 0..n {
        for (&x, &y) in out[a + i].iter().zip(&out[b + i]) {
            assert!(
                (x - y).abs() <= tol,
                "kick at {b} differs from kick at {a} at +{i}: {y} vs {x}"
            );
        }
    }
}

#[test]
fn ports_and_params() {
    let mut host = load();
    let ports = host.ports().clone();
    assert!(
        ports.inputs.is_empty(),
        "an instrument has no audio input: {ports:?}"
    );
    assert_eq!(
        ports.outputs.first(),
        Some(&2),
        "the first output port is stereo: {ports:?}"
    );
    assert!(
        ports.main_output_is_main,
        "the first output port is the main one"
    );
    let params = host.params();
    for id in ["gain", "bpc"] {
        assert!(
            params.iter().any(|p| p.id == nice_param_id(id)),
            "no param {id:?} in {params:?}"
        );
    }
    // The eight macros: "Macro 1".."Macro 8", ids m_1..m_8, 0..1 (default 0).
    for n in 1..=8 {
        let id = nice_param_id(&format!("m_{n}"));
        let p = params
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("no param m_{n} in {params:?}"));
        assert_eq!(p.name, format!("Macro {n}"));
        assert_eq!((p.min, p.max, p.default), (0.0, 1.0, 0.0), "range of {p:?}");
        let one = host.param_from_text(id, "1").expect("a macro parses \"1\"");
        assert!(
            (one - 1.0).abs() < 1e-9,
            "Macro {n}: 1 is the plain value 1 ({one})"
        );
    }
    let gain = nice_param_id("gain");
    let default = host.param_value(gain).unwrap();
    let zero_db = host
        .param_from_text(gain, "0 dB")
        .or_else(|| host.param_from_text(gain, "0"))
        .unwrap();
    assert!(
        (default - zero_db).abs() < 1e-6,
        "gain defaults to 0 dB ({default} vs {zero_db})"
    );
    let bpc = nice_param_id("bpc");
    let four = host.param_from_text(bpc, "4").expect("bpc parses \"4\"");
    assert!(
        (host.param_value(bpc).unwrap() - four).abs() < 1e-9,
        "bpc defaults to 4"
    );
}

/// The remote-controls pages a host maps its knobs to (Bitwig's device page): "Macros" with
/// `m1`..`m8` in order, then "Output" with the gain.
#[test]
fn remote_controls_pages_hold_the_macros_and_the_gain() {
    let mut host = phonon(KICK, 1024);
    let pages = host.remote_control_pages();
    assert_eq!(pages.len(), 2, "{pages:?}");
    let (section, name, ids) = &pages[0];
    assert_eq!((section.as_str(), name.as_str()), ("Phonon", "Macros"));
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(
            *id,
            Some(nice_param_id(&format!("m_{}", n + 1))),
            "slot {n}"
        );
    }
    let (_, name, ids) = &pages[1];
    assert_eq!(name, "Output");
    assert_eq!(ids[0], Some(nice_param_id("gain")));
    assert!(ids[1..].iter().all(|x| x.is_none()), "{ids:?}");
}

/// Macro names from the code (`macro 1 "pitch"`) are the macro parameters' names the host reads
/// (CLAP param info), announced by `params.rescan(INFO)` and `remote_controls.changed()`; the
/// remote-controls page keeps its slots; code without names gives the parameters their own
/// names back.
#[test]
fn macro_names_from_the_code_name_the_parameters() {
    use clack_extensions::params::ParamRescanFlags;
    use phonon_host_tests::{take_param_rescans, take_remote_controls_changes};
    let mut host = phonon(KICK, 1024);
    let (_, _) = (take_param_rescans(), take_remote_controls_changes());
    let name_of = |host: &mut phonon_host_tests::PluginHost, n: usize| {
        let id = nice_param_id(&format!("m_{n}"));
        host.params().into_iter().find(|p| p.id == id).unwrap().name
    };
    set_code(
        &mut host,
        r#"out $ s "bd*4" # speed (macro 1 "pitch" + 1) # lpf (macro 3 "cutoff" * 4000 + 400)"#,
    );
    let rescans = take_param_rescans();
    assert!(
        rescans.iter().any(|f| f.contains(ParamRescanFlags::INFO)),
        "{rescans:?}"
    );
    assert_eq!(take_remote_controls_changes(), 1);
    assert_eq!(name_of(&mut host, 1), "pitch (m1)");
    assert_eq!(name_of(&mut host, 2), "Macro 2");
    assert_eq!(name_of(&mut host, 3), "cutoff (m3)");
    let pages = host.remote_control_pages();
    assert_eq!(pages[0].2[0], Some(nice_param_id("m_1")));
    // The same names again: nothing to tell the host (a state load rescans the values only).
    set_code(
        &mut host,
        r#"out $ s "bd*2" # speed (macro 1 "pitch" + 1) # lpf (macro 3 "cutoff" * 4000 + 400)"#,
    );
    let rescans = take_param_rescans();
    assert!(
        rescans.iter().all(|f| !f.contains(ParamRescanFlags::INFO)),
        "{rescans:?}"
    );
    assert_eq!(take_remote_controls_changes(), 0);
    // A program that does not compile keeps the names (and the program) it had.
    set_code(&mut host, "out $ nosuchfunction 2");
    assert_eq!(name_of(&mut host, 1), "pitch (m1)");
    set_code(&mut host, KICK);
    assert!(take_param_rescans()
        .iter()
        .any(|f| f.contains(ParamRescanFlags::INFO)));
    assert_eq!(take_remote_controls_changes(), 1);
    assert_eq!(name_of(&mut host, 1), "Macro 1");
    assert_eq!(name_of(&mut host, 3), "Macro 3");
}

/// CLAP preset discovery: the bundle lists every example (for both plugins) as a preset file a
/// host's browser shows, and each one loads through the preset-load extension and plays.
#[test]
fn preset_discovery_lists_and_loads_every_example() {
    let found = phonon_host_tests::discover_presets(&bundle()).expect("presets discovered");
    let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
    assert!(found.len() >= 24, "only {} presets: {names:?}", found.len());
    for p in &found {
        assert!(
            p.plugin_ids.iter().any(|i| i == ID) && p.plugin_ids.iter().any(|i| i == MULTI_ID),
            "{p:?}"
        );
    }
    assert!(names.contains(&"Techno") && names.contains(&"Strudel syntax: drum machines"));
    let mut host = phonon("out $ silence", 512);
    for p in &found {
        assert!(host.load_preset_file(&p.path), "{} did not load", p.name);
    }
    // The one loaded last plays (each preset replaces the program).
    let house = found.iter().find(|p| p.name.starts_with("House")).unwrap();
    assert!(host.load_preset_file(&house.path));
    let out = play_from(&mut host, 0.0, 48_000, 512);
    assert_finite(&out);
    assert!(
        peak(&out) > 0.05,
        "the loaded preset plays ({})",
        peak(&out)
    );
}

/// (a) 90 BPM, playing from beat 2.5: the first kick lands on beat 4 = sample 48000 exactly and
/// the next one a cycle (4 beats = 128000 samples) later, whatever the block size.
#[test]
fn kicks_land_on_the_exact_host_beat() {
    let mut renders = vec![];
    for block in [512, 333] {
        let mut host = phonon(KICK, 1024);
        let out = play_from(&mut host, 2.5, 200_000, block);
        assert_eq!(
            first_nonzero(&out),
            Some(48_000),
            "first sound (block {block})"
        );
        assert!(
            out[..48_000].iter().all(is_zero),
            "exact zeros before the first onset"
        );
        assert_eq!(
            onsets(&out),
            vec![48_000, 176_000],
            "onsets (block {block})"
        );
        assert_same_kick(&out, 48_000, 176_000);
        renders.push(out);
    }
    assert!(
        renders[0] == renders[1],
        "block size 512 and 333 render different samples"
    );
}

/// (b) Code set through the state survives save -> load into a fresh instance, and renders the
/// same samples from the same transport start.
#[test]
fn state_round_trip() {
    let mut a = phonon(KICK, 512);
    let saved = a.save_state().unwrap();
    let state = nice_state::decode(&saved).unwrap();
    assert_eq!(
        nice_state::field(&state, "phonon"),
        Some(json!({"version": 2, "code": KICK, "sample_folder": null})),
        "in {state}"
    );
    let audio_a = play_from(&mut a, 2.5, 180_000, 512);
    assert_eq!(onsets(&audio_a), vec![48_000, 176_000]);

    // A host restores a project: load the state, then activate.
    let mut b = load();
    b.load_state(&saved).unwrap();
    b.activate(SR, 512).unwrap();
    b.settle(100);
    let state_b = nice_state::decode(&b.save_state().unwrap()).unwrap();
    assert_eq!(
        nice_state::field(&state_b, "phonon"),
        nice_state::field(&state, "phonon")
    );
    assert_eq!(
        state_b.get("params"),
        state.get("params"),
        "params survive the round trip"
    );
    let audio_b = play_from(&mut b, 2.5, 180_000, 512);
    assert!(
        audio_a == audio_b,
        "the restored instance renders different samples"
    );
}

const BAD_PROGRAMS: &[&str] = &[
    r#"out $ s "bd ~ ~ ~"#,
    "out $ $ $",
    "))) (((",
    r#"out $ s "bd*""#,
    "\u{0}\u{7f}\u{fffd} ~~~ \"",
];

/// (c) A program that does not compile never crashes: a fresh instance stays silent, and an
/// instance already playing a good program keeps playing it.
#[test]
fn bad_programs_are_ignored() {
    for bad in BAD_PROGRAMS {
        let mut host = load();
        host.activate(SR, 512).unwrap();
        let bytes = state_with_code(&mut host, bad);
        let _ = host.load_state(&bytes); // accepting or rejecting the state are both fine
        host.settle(50);
        let out = play_from(&mut host, 2.5, 60_000, 512);
        assert_eq!(
            first_nonzero(&out),
            None,
            "a fresh instance with bad program {bad:?} makes sound"
        );
    }

    let mut host = phonon(KICK, 512);
    let first = play_from(&mut host, 2.5, 100_000, 512);
    assert_eq!(onsets(&first), vec![48_000]);
    for bad in BAD_PROGRAMS {
        let bytes = state_with_code(&mut host, bad);
        let _ = host.load_state(&bytes);
    }
    let _ = host.load_state(b"\x05\0\0\0\0\0\0\0{{{{{"); // not JSON at all
    let _ = host.load_state(&[0xff; 3]); // truncated
    host.settle(100);
    // Transport keeps running: the next kick is still due at 176000 = 100000 + 76000.
    let second = host.render(100_000, 512);
    assert_finite(&second);
    assert_eq!(
        onsets(&second),
        vec![76_000],
        "the good program stopped playing after bad loads"
    );
    let mut joined = first;
    joined.extend_from_slice(&second);
    assert_same_kick(&joined, 48_000, 176_000);
}

/// (d) A stopped host transport starts no new events; sounding voices ring out to exact silence.
/// The kick from 48000 is still sounding when the host stops at 60000: it plays on sample for
/// sample as it would have with the host playing (no cut, no fade), then exact silence, and the
/// kick due at 176000 never comes.
#[test]
fn stopped_transport_is_silent_after_ring_out() {
    // The kick's whole sound, the host playing on until the next kick.
    let mut reference = phonon(KICK, 512);
    let full = play_from(&mut reference, 2.5, 176_000, 512);
    assert_eq!(onsets(&full), vec![48_000]);
    let end = full.iter().rposition(|f| !is_zero(f)).unwrap() + 1;
    const STOP: usize = 60_000;
    assert!(
        end > STOP + 2_000,
        "the kick ends at {end}: nothing left to ring out after the stop"
    );

    let mut host = phonon(KICK, 512);
    let playing = play_from(&mut host, 2.5, STOP, 512);
    assert!(playing[..] == full[..STOP]);
    let pos = host.transport.unwrap().pos_beats;
    host.transport = Some(Transport::stopped(BPM, pos));
    let stopped = host.render(200_000, 512);
    assert_finite(&stopped);
    let ring = end - STOP;
    eprintln!(
        "ring-out after the stop: {ring} samples, peak {}",
        peak(&stopped[..ring])
    );
    assert!(
        stopped[..ring] == full[STOP..end],
        "the kick sounding at the stop was cut or changed"
    );
    assert!(
        peak(&stopped[ring - 1_000..ring]) > 0.0,
        "no sound near the ring-out's end"
    );
    // Then exact silence: no new event (the kick at 176000 = frame 116000 here), no stuck voice.
    assert_eq!(
        stopped.iter().rposition(|f| !is_zero(f)),
        Some(ring - 1),
        "sound after the ring-out"
    );
    assert_eq!(onsets(&stopped), vec![0], "only the ring-out, no new onset");
}

/// (d) Master gain -6 dB (a CLAP param event in the middle of a block, between two kicks) scales
/// the next kick by 10^(-6/20) = 0.501.
#[test]
fn master_gain_minus_6_db_halves_the_amplitude() {
    let gain = nice_param_id("gain");
    let mut host = phonon(KICK, 512);
    let minus6 = ["-6 dB", "-6", "-6.0 dB", "-6dB"]
        .iter()
        .find_map(|t| host.param_from_text(gain, t))
        .expect("the gain param parses -6 dB");
    // 100_037 = 195 * 512 + 197: inside a block, long after the first kick and before the second.
    host.set_param_at(3 * 512 + 100_037, gain, minus6); // play_from idles 3 blocks first
    let out = play_from(&mut host, 2.5, 250_000, 512);
    assert_eq!(onsets(&out), vec![48_000, 176_000]);
    let (p0, p6) = (peak(&out[48_000..176_000]), peak(&out[176_000..]));
    let ratio = p6 / p0;
    let expected = 10f32.powf(-6.0 / 20.0);
    assert!(
        p0 > 0.0 && (ratio / expected - 1.0).abs() < 0.01,
        "peak ratio {ratio} (0 dB {p0}, -6 dB {p6})"
    );
    assert!(
        (host.param_value(gain).unwrap() - minus6).abs() < 1e-6,
        "gain reads back"
    );
    let text = host.param_to_text(gain, minus6).unwrap_or_default();
    assert!(text.contains("-6"), "gain shows as {text:?}");
}

/// bpc = 2: a cycle is 2 beats, so from beat 2.5 the kicks come on beats 4, 6 and 8.
#[test]
fn beats_per_cycle_param_sets_the_cycle_length() {
    let bpc = nice_param_id("bpc");
    let mut host = phonon(KICK, 512);
    let two = host.param_from_text(bpc, "2").expect("bpc parses \"2\"");
    host.set_param_at(0, bpc, two);
    let out = play_from(&mut host, 2.5, 180_000, 512);
    assert_eq!(onsets(&out), vec![48_000, 112_000, 176_000]);
}

/// Without any host timeline the clock runs free: the program still plays.
#[test]
fn free_running_without_transport() {
    let mut host = phonon(KICK, 512);
    host.transport = None;
    let out = host.render(5 * 48_000, 512);
    assert_finite(&out);
    assert!(
        !onsets(&out).is_empty(),
        "no sound in 5 s without a transport"
    );
}

/// A host loop: the wrap back to beat 0 is a cycle start, so a kick lands exactly on it.
#[test]
fn kick_on_loop_wrap() {
    let mut host = phonon(KICK, 512);
    // Loop beats 0..8, playing from beat 6: the wrap is 2 beats = 64000 samples away.
    host.transport = Some(Transport {
        loop_beats: Some((0.0, 8.0)),
        ..Transport::playing(BPM, 6.0)
    });
    let out = host.render(100_000, 512);
    assert_finite(&out);
    assert_eq!(
        onsets(&out),
        vec![64_000],
        "the kick after the loop wraps to beat 0"
    );
}

/// MIDI notes (CLAP note events and raw MIDI) at sample offsets: nothing crashes or goes non-finite.
#[test]
fn notes_smoke() {
    let mut host = phonon(KICK, 512);
    host.note_on_at(100, 0, 60, 0.8);
    host.note_off_at(30_000, 0, 60, 0.0);
    host.midi_at(40_000, [0x90, 64, 100]);
    host.midi_at(41_000, [0x80, 64, 0]);
    let out = play_from(&mut host, 2.5, 60_000, 512);
    assert_finite(&out);
}
