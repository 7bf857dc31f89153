#!/usr/bin/env bash
# phonon-standalone through a real JACK server (jackd's dummy driver, no sound card): starts
# the server, runs the app headless on the JACK backend with its default beat, records its two
# output ports with jack_rec and measures the recording (scripts/standalone_jack.py): the beat
# plays with the JACK transport stopped (Sync free by default in the app), its onsets fall on
# the grid of eighth-cycles at the app's tempo; with --follow-transport it stays silent until the
# transport rolls, and plays on the same grid once it rolls.
# Needs: apt-get install -y jackd2 libjack-jackd2-dev libasound2-dev
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --features standalone --bin phonon-standalone
bin=$PWD/target/debug/phonon-standalone
out=target/standalone-jack
mkdir -p "$out"
rate=48000

pids=()
cleanup() { for p in "${pids[@]}"; do stop "$p"; done; }
trap cleanup EXIT

# A private server name, so a JACK server already running on the machine is left alone.
export JACK_DEFAULT_SERVER=phonon-test-$$
# -t: a generous client timeout (a debug build on a busy machine is slow to answer).
jackd --no-realtime -t 10000 -d dummy -r "$rate" -p 256 >"$out/jackd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do jack_lsp >/dev/null 2>&1 && break; sleep 0.1; done
jack_lsp >/dev/null 2>&1 || { echo "jackd did not start"; cat "$out/jackd.log"; exit 1; }

# Records the app's outputs for 3 s into $1 while it runs with the extra arguments. A recording
# during which the server reports an xrun (a client, jack_rec too, not finished in its cycle: the
# machine busy, this is a debug build without real-time scheduling) has lost samples and would
# measure the machine, not the app: it is made again, up to 5 times, and the retries are said.
record() {
    local attempt
    for attempt in 1 2 3 4 5; do
        local before
        before=$(grep -c XRun "$out/jackd.log" || true)
        record_once "$@"
        if [ "$(grep -c XRun "$out/jackd.log" || true)" = "$before" ]; then
            return
        fi
        echo "standalone through JACK: xruns while recording $1 (attempt $attempt), recording again"
    done
    echo "standalone through JACK: xruns in every recording of $1; measuring the last"
}

record_once() {
    local wav=$1
    shift
    env -u DISPLAY -u WAYLAND_DISPLAY "$bin" --backend jack --tempo 120 "$@" >"$out/app.log" 2>&1 &
    local app=$!
    pids+=("$app") # stopped on any exit, also when a check below fails
    # Active once nice-plug has connected its outputs to the system playback ports (ports exist
    # before the client is active, and an inactive client's ports cannot be connected).
    active() { jack_lsp -c phonon:output_2 2>/dev/null | grep -q 'system:playback'; }
    for _ in $(seq 300); do active && break; kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
    active || { echo "phonon-standalone did not become an active JACK client"; cat "$out/app.log"; exit 1; }
    rm -f "$wav"
    (cd "$(dirname "$wav")" && timeout 20 jack_rec -f "$(basename "$wav")" -d 3 phonon:output_1 phonon:output_2 >/dev/null)
    stop "$app"
}

# Ctrl+C, then (the JACK backend may not return from its blocking wait) a kill after 3 s.
stop() {
    kill -INT "$1" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

jack_transport <<<"stop" >/dev/null 2>&1 || true
record "$out/free.wav"
record "$out/follow.wav" --follow-transport
jack_transport <<<"play" >/dev/null 2>&1
record "$out/rolling.wav" --follow-transport
jack_transport <<<"stop" >/dev/null 2>&1
python3 scripts/standalone_jack.py "$out/free.wav" "$out/follow.wav" "$out/rolling.wav" "$rate"
echo "standalone through JACK: ok ($out/free.wav)"
