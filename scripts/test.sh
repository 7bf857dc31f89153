#!/usr/bin/env bash
# The single test command.
#  0. style: `cargo fmt --check` and `cargo clippy --all-targets -D warnings` over the workspace;
#  1. bundle the plugin as the host tests load it: a debug build that aborts on any allocation
#     inside process() (target/bundled/Phonon.clap and Phonon.vst3/);
#     then both plugin validators on it (scripts/validators.sh: clap-validator, VST3 validator
#     normal and extensive);
#  2. the Rust tests of the workspace: the plugin crate's own tests and tests/host, a CLAP test
#     host that loads the bundle (xtask has no tests and is already built by step 1);
#  3. the cargo fuzz targets (fuzz/, its own crate outside the workspace) still compile: a plain
#     stable `cargo check`, no nightly, no sanitizer (about 80 s cold on 2 cores, 1-2 s warm);
#  4. the VST3 in DawDreamer (tests/python);
#  5. phonon-standalone headless, then the editor in a real window under Xvfb (types, evaluates,
#     screenshots to target/editor-xvfb*.png);
#  6. phonon-standalone through a JACK server (dummy driver), its outputs recorded and measured;
#  7. the VST3 in Ardour 7 headless against the CLI render (120 and 90 BPM, from bar 1 and bar 2,
#     256- and 1024-sample blocks, a session reload): identical samples.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo xtask bundle phonon --features assert_process_allocs
./scripts/validators.sh
cargo test --workspace --exclude xtask
cargo check --manifest-path fuzz/Cargo.toml
python3 -m pytest -q -p no:cacheprovider tests/python
./scripts/editor_xvfb.sh
./scripts/standalone_jack.sh
./scripts/ardour_test.sh
