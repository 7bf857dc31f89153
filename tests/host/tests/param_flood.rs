//! A host that restores a session sets every parameter at once: Ardour sends Phonon's VST3 its 12
//! named parameters and the 2080 hidden MIDI-CC parameters in one block. Here a state restore is
//! followed by a block carrying 2092 events (12 parameter changes and 2080 MIDI controller
//! messages, 130 per channel as VST3's hidden parameters are): the built bundle
//! (`assert_process_allocs`) plays on, and its wrapper never reaches the allocation it warns
//! about ("event buffer filled up"). A block with more events than the queues hold does warn,
//! which shows the check can see the warning.
//!
//! The wrapper's log goes to the file `NICE_LOG` names, set before the plugin is loaded; this
//! file holds one test so no other test's plugin starts the logger first.
//!
//! Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`.
use phonon_host_tests::phonon::*;
use phonon_host_tests::{nice_param_id, PluginHost, Transport};
use std::time::{Duration, Instant};

/// The plugin's `INPUT_EVENT_CAPACITY` (src/plugin/mod.rs).
const CAPACITY: usize = 8192;
const WARNING: &str = "event buffer filled up";

/// 2080 MIDI messages: per channel the 128 controllers, channel pressure and pitch bend.
fn every_cc(host: &mut PluginHost, offset: u64) -> usize {
    let mut n = 0;
    for ch in 0..16u8 {
        for cc in 0..128u8 {
            host.midi_at(offset, [0xB0 | ch, cc, 64]);
        }
        host.midi_at(offset, [0xD0 | ch, 10, 0]);
        host.midi_at(offset, [0xE0 | ch, 0, 64]);
        n += 130;
    }
    n
}

/// The log file's text once it holds `needle` or `wait` passed (the writer is asynchronous).
fn log_text(path: &std::path::Path, needle: &str, wait: Duration) -> String {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.to_lowercase().contains(needle) || start.elapsed() > wait {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn restoring_every_parameter_in_one_block_does_not_allocate() {
    let log = std::env::temp_dir().join(format!("phonon-param-flood-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&log);
    std::env::set_var("NICE_LOG", &log);

    // SuperDirt's gain law (gain^4): 0.8 at m1 = 0, 1 at m1 = 1.
    let mut host = phonon(r#"out $ s "bd*4" # gain (0.8 + 0.2 * m1)"#, 512);
    host.transport = Some(Transport::playing(BPM, 0.0));
    let before = host.render(4096, 512);
    assert!(peak(&before) > 0.05, "silent before the restore");

    // The session reload: the state, then every parameter in the first block.
    let state = host.save_state().unwrap();
    host.load_state(&state).unwrap();
    let params = host.params();
    assert!(params.len() >= 12, "{} parameters", params.len());
    for p in &params {
        host.set_param_at(0, p.id, p.default);
    }
    host.set_param_at(0, nice_param_id("m_1"), 1.0);
    let n = params.len() + 1 + every_cc(&mut host, 0);
    assert!(n >= 2092, "{n} events");
    let out = host.render(512 * 64, 512);
    assert_finite(&out);
    assert!(peak(&out) > 0.05, "silent after the restore");
    let text = log_text(&log, WARNING, Duration::from_millis(500));
    assert!(
        !text.to_lowercase().contains(WARNING),
        "the wrapper allocated for {n} events in one block:\n{text}"
    );

    // Control: more events than the queues hold in one block; the wrapper warns.
    let mut extra = 0;
    while extra <= CAPACITY {
        extra += every_cc(&mut host, 100);
    }
    host.render(512, 512);
    let text = log_text(&log, WARNING, Duration::from_secs(5));
    assert!(
        text.to_lowercase().contains(WARNING),
        "no warning for {extra} events in one block: the check sees nothing"
    );
    let _ = std::fs::remove_file(&log);
}
