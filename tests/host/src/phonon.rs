//! Helpers for testing the Phonon bundle: where it is, setting its program through the state,
//! and measuring onsets in rendered audio.
use crate::{nice_state, PluginHost, Transport};
use serde_json::json;
use std::path::PathBuf;

/// The stereo instrument's CLAP id.
pub const ID: &str = "org.phonon.phonon";
/// The multi-out instrument's CLAP id (main pair + `o1`..`o8` on eight stereo ports).
pub const MULTI_ID: &str = "org.phonon.phonon-multi";
pub const SR: f64 = 48_000.0;
/// 90 BPM at 48 kHz: one beat is exactly 32000 samples, a 4-beat cycle 128000.
pub const BPM: f64 = 90.0;
/// Samples per beat at `BPM` and `SR`.
pub const BEAT: usize = 32_000;
/// A run of exact zeros this long counts as silence for onset detection.
pub const SILENCE: usize = 256;

/// `target/bundled/Phonon.clap`, or `$PHONON_CLAP`.
pub fn bundle() -> PathBuf {
    let path = std::env::var_os("PHONON_CLAP")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bundled/Phonon.clap")
        });
    assert!(
        path.is_file(),
        "{} is missing: build it first with `cargo xtask bundle phonon --features assert_process_allocs` \
         (or run scripts/test.sh, which does)",
        path.display()
    );
    path
}

/// A fresh instance of plugin `id` from the bundle.
pub fn load_id(id: &str) -> PluginHost {
    PluginHost::load(&bundle(), id).unwrap_or_else(|e| panic!("{e}"))
}

pub fn load() -> PluginHost {
    load_id(ID)
}

/// The plugin's state with the `phonon` field replaced by `field` (e.g. `{"version":1,"code":..}`).
pub fn state_with_field(host: &mut PluginHost, field: serde_json::Value) -> Vec<u8> {
    let mut state = nice_state::decode(&host.save_state().unwrap()).unwrap();
    nice_state::set_field(&mut state, "phonon", &field);
    nice_state::encode(&state)
}

/// The plugin's state with the `phonon` field replaced by `{"version":1,"code":code}`.
pub fn state_with_code(host: &mut PluginHost, code: &str) -> Vec<u8> {
    state_with_field(host, json!({"version": 1, "code": code}))
}

/// Loads `code` through the state and waits for it to compile.
pub fn set_code(host: &mut PluginHost, code: &str) {
    let bytes = state_with_code(host, code);
    host.load_state(&bytes)
        .unwrap_or_else(|e| panic!("loading a state with code {code:?}: {e}"));
    host.settle(100);
}

/// A fresh, active instance of plugin `id` playing `code`.
pub fn phonon_id(id: &str, code: &str, max_block: usize) -> PluginHost {
    let mut host = load_id(id);
    host.activate(SR, max_block).unwrap();
    set_code(&mut host, code);
    host
}

/// A fresh, active stereo instance playing `code`.
pub fn phonon(code: &str, max_block: usize) -> PluginHost {
    phonon_id(ID, code, max_block)
}

pub fn is_zero(f: &[f32; 2]) -> bool {
    f[0] == 0.0 && f[1] == 0.0
}

pub fn first_nonzero(out: &[[f32; 2]]) -> Option<usize> {
    out.iter().position(|f| !is_zero(f))
}

/// Onsets: the first non-zero frame after at least `SILENCE` exact zeros (the start counts as silence).
pub fn onsets(out: &[[f32; 2]]) -> Vec<usize> {
    let (mut zeros, mut found) = (SILENCE, vec![]);
    for (i, f) in out.iter().enumerate() {
        if is_zero(f) {
            zeros += 1;
        } else {
            if zeros >= SILENCE {
                found.push(i);
            }
            zeros = 0;
        }
    }
    found
}

pub fn peak(out: &[[f32; 2]]) -> f32 {
    out.iter()
        .flat_map(|f| f.iter())
        .fold(0.0f32, |m, s| m.max(s.abs()))
}

pub fn assert_finite(out: &[[f32; 2]]) {
    assert!(
        out.iter().flatten().all(|s| s.is_finite()),
        "NaN or infinity in the output"
    );
}

/// The left channel.
pub fn left(out: &[[f32; 2]]) -> Vec<f32> {
    out.iter().map(|f| f[0]).collect()
}

/// Idles a few blocks with the transport stopped at `beats` (as a DAW does before play is
/// pressed), then plays from there and renders `frames`.
pub fn play_from(host: &mut PluginHost, beats: f64, frames: usize, block: usize) -> Vec<[f32; 2]> {
    host.transport = Some(Transport::stopped(BPM, beats));
    let idle = host.render(3 * block, block);
    assert_eq!(
        first_nonzero(&idle),
        None,
        "sound while the transport is stopped before playing"
    );
    host.transport = Some(Transport::playing(BPM, beats));
    let out = host.render(frames, block);
    assert_finite(&out);
    out
}
