#!/usr/bin/env bash
# Phonon's VST3 in a real DAW: Ardour 7 headless (ardour7-lua, None/Dummy backend) against the
# CLI render of the same program (issue 11).
#
#  * a fresh session per run at 120 and 90 BPM, exported from bar 1 and from bar 2, at 256- and
#    1024-sample blocks (8 runs): Phonon is the instrument of a MIDI track (no region: it plays
#    while the transport rolls) with the program scripts/ardour/program.ph loaded from a VST3
#    preset; 8 s of the master bus are exported as 32-bit float WAV (no dither, no normalization);
#  * the CLI renders the same program at the same tempo (`bpm:`), cycle N-1 onwards for bar N
#    (the cycles before are masked out so their sounds do not ring into the compared part);
#  * every export must equal the CLI render sample for sample (tolerance 1e-4) after the constant
#    latency the test names (ARDOUR_TEST_LATENCY, default 0 samples); a mismatch is reported with
#    its first differing sample, a constant offset if one explains it, else the offset of each
#    differing stretch (each misplaced onset);
#  * the first run's session is saved and reloaded by new ardour7-lua processes that export from
#    bar 1 and from bar 2 again (2 more rows): the reloaded audio must match too, and no Ardour
#    log may hold the plugin wrapper's "event buffer filled up" allocation warning (a session
#    reload restores every parameter at once).
# Prints a table of the runs, exits non-zero when any fails. Ardour's exit status is shown but
# not judged: Ardour 7.3's headless export corrupts its own heap now and then (glibc aborts it;
# also with no plugin at all on the track), nearly always after the file is written; a
# run whose export is missing or short (or whose session was to be saved and was not) is run
# again, up to ARDOUR_TEST_ATTEMPTS times, unless the plugin itself aborted (the debug bundle's
# assert_process_allocs, a panic): then, or when every attempt dies early, the run fails.
#
# Needs: Debian's `ardour` package (ardour7-lua, /usr/lib/ardour7/ardour-vst3-scanner), python3
# with numpy, coreutils' timeout and stdbuf, the bundle and the CLI already built
# (scripts/test.sh builds them first). Ardour and the CLI run with HOME=ARDOUR_TEST_DIR/home
# (Ardour's config, plugin cache, ~/.vst3 and its presets; no sample folders, PHONON_SAMPLES
# unset: the CLI and the plugin both play the embedded kit) and NICE_LOG=stderr (the plugin's
# log lands in the captured Ardour log).
#
# Environment: PHONON_BIN (default target/debug/phonon), PHONON_VST3 (target/bundled/Phonon.vst3),
# ARDOUR_LUA (ardour7-lua), ARDOUR_LIB (/usr/lib/ardour7), ARDOUR_TEST_DIR (target/ardour-test:
# sessions, exports, CLI renders, logs; wiped first), ARDOUR_TEST_SECONDS (8),
# ARDOUR_TEST_LATENCY (0), ARDOUR_TEST_TIMEOUT (per Ardour process, 300 s),
# ARDOUR_TEST_ATTEMPTS (3). About 40 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -c 0 2>/dev/null || true # Ardour's crashes (see above) must not leave core files here

PHONON_BIN=${PHONON_BIN:-target/debug/phonon}
PHONON_VST3=${PHONON_VST3:-target/bundled/Phonon.vst3}
ARDOUR_LUA=${ARDOUR_LUA:-ardour7-lua}
ARDOUR_LIB=${ARDOUR_LIB:-/usr/lib/ardour7}
OUT=${ARDOUR_TEST_DIR:-target/ardour-test}
SECS=${ARDOUR_TEST_SECONDS:-8}
LATENCY=${ARDOUR_TEST_LATENCY:-0}
TIMEOUT=${ARDOUR_TEST_TIMEOUT:-300}
ATTEMPTS=${ARDOUR_TEST_ATTEMPTS:-3}
RATE=48000
TOLERANCE=1e-4
PROGRAM=scripts/ardour/program.ph
HELPER=scripts/ardour/phonon_ardour.py
SESSION_LUA=$PWD/scripts/ardour/session.lua
EXPORT_PRESET_UUID=5b0c7f4e-2d1a-4c3b-9e8f-70686f6e6f02 # scripts/ardour/export/phonon-test-f32.preset
PLUGIN_PRESET=phonon-ardour-test
TEMPOS=(120 90)
BLOCKS=(256 1024)
BARS=(1 2)

die() { echo "ardour_test: $*" >&2; exit 1; }

command -v "$ARDOUR_LUA" >/dev/null || die "$ARDOUR_LUA not found (apt-get install ardour)"
[ -x "$ARDOUR_LIB/ardour-vst3-scanner" ] || die "$ARDOUR_LIB/ardour-vst3-scanner not found (apt-get install ardour)"
[ -x "$PHONON_BIN" ] || die "no CLI at $PHONON_BIN (cargo build, or set PHONON_BIN)"
[ -f "$PHONON_VST3/Contents/x86_64-linux/Phonon.so" ] || die "no VST3 bundle at $PHONON_VST3 (cargo xtask bundle phonon)"
python3 -c 'import numpy' 2>/dev/null || die "python3 needs numpy"

started=$(date +%s)
case $OUT in "" | / | . | ..) die "refusing ARDOUR_TEST_DIR=$OUT (it is wiped)" ;; esac
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PHONON_BIN=$(cd "$(dirname "$PHONON_BIN")" && pwd)/$(basename "$PHONON_BIN")
home=$OUT/home
mkdir -p "$home/.vst3" "$home/.config/ardour7/export" "$OUT/sessions" "$OUT/exports" "$OUT/cli" "$OUT/logs"

# Ardour and the CLI run in the same isolated environment (Ardour's files; the sample search of
# both: HOME, XDG_DATA_HOME, PHONON_SAMPLES; the plugin's log to stderr).
isolated() {
    env -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME -u PHONON_SAMPLES -u VST3_PATH \
        HOME="$home" NICE_LOG=stderr "$@"
}

# 1. The bundle in ~/.vst3, dated two minutes back: Ardour takes a scan cache as valid only when
#    it is newer than the module (a cache written in the same second as the copy is stale).
echo "== installing $PHONON_VST3 into $home/.vst3 and scanning it"
cp -R "$PHONON_VST3" "$home/.vst3/Phonon.vst3"
past=$(( $(date +%s) - 120 ))
find "$home/.vst3/Phonon.vst3" -exec touch -h -d "@$past" {} +
scan() {
    isolated env LD_LIBRARY_PATH="$ARDOUR_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        "$ARDOUR_LIB/ardour-vst3-scanner" -f "$home/.vst3/Phonon.vst3" >>"$OUT/logs/scan.log" 2>&1
}
scan || die "ardour-vst3-scanner failed, see $OUT/logs/scan.log"
read -r uid vendor < <(python3 "$HELPER" plugin-id "$home/.cache/ardour7/vst" Phonon) ||
    die "the scan cache does not list Phonon, see $OUT/logs/scan.log"
echo "   Phonon: class id $uid, vendor $vendor"

# 2. The export preset, and the program as a VST3 preset (the path Ardour searches for presets
#    of the plugin: ~/.vst3/presets/VENDOR/NAME/).
cp scripts/ardour/export/phonon-test-f32.format scripts/ardour/export/phonon-test-f32.preset "$home/.config/ardour7/export/"
mkdir -p "$home/.vst3/presets/$vendor/Phonon"
python3 "$HELPER" preset "$uid" "$PROGRAM" "$home/.vst3/presets/$vendor/Phonon/$PLUGIN_PRESET.vstpreset"

# 3. The CLI renders: one per tempo and start bar (the engine's output does not depend on the
#    block size); enough cycles to cover the export plus a bar of slack for an offset search.
echo "== CLI renders ($PHONON_BIN)"
for bpm in "${TEMPOS[@]}"; do
    for bar in "${BARS[@]}"; do
        cycles=$(python3 -c "import math; print(math.ceil(($bar - 1) + $SECS * $bpm / 60 / 4) + 1)")
        ph=$OUT/cli/$bpm-bar$bar.ph
        python3 "$HELPER" cli-program "$PROGRAM" "$bpm" "$bar" "$cycles" "$ph"
        isolated "$PHONON_BIN" render "$ph" -o "$OUT/cli/$bpm-bar$bar.wav" --cycles "$cycles" \
            --sample-rate "$RATE" >"$OUT/logs/cli-$bpm-bar$bar.log" 2>&1 ||
            { cat "$OUT/logs/cli-$bpm-bar$bar.log" >&2; die "the CLI render failed ($ph)"; }
    done
done

# 4. Ardour. run_ardour LOG NEED_SAVE ARGS... ($dir: the folder a create makes, else empty)
#    runs ardour7-lua with the session script until every export it names is complete (and
#    the session saved when NEED_SAVE=1), at most ARDOUR_TEST_ATTEMPTS times (see the top); a
#    plugin abort is not retried. Earlier attempts keep their logs as LOG.1, LOG.2, ...; sets
#    $exits (the exit status of each attempt). A missing or stale plugin cache (Phonon not
#    listed) is rescanned once.
frames=$(python3 -c "print(round($SECS * $RATE))")
run_ardour() {
    local log=$1 need_save=$2 attempt status complete rescanned=0 arg
    shift 2
    exits=""
    for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
        if [ -n "$dir" ]; then rm -rf "$dir"; fi # create wants a new session folder
        for arg in "$@"; do
            case $arg in export=*) arg=${arg#export=}; rm -f "$OUT/exports/${arg%%:*}.wav" ;; esac
        done
        status=0
        isolated timeout -k 10 "$TIMEOUT" stdbuf -oL -eL "$ARDOUR_LUA" "$SESSION_LUA" "$@" >"$log" 2>&1 || status=$?
        if grep -q '^PHONON_PLUGIN_NOT_FOUND' "$log" && [ "$rescanned" = 0 ]; then
            echo "   Phonon is not in Ardour's plugin list: rescanning, then again"
            rescanned=1
            sleep 1
            find "$home/.vst3/Phonon.vst3" -exec touch -h -d "@$(( $(date +%s) - 120 ))" {} +
            scan || true
            attempt=$((attempt - 1))
            continue
        fi
        exits=${exits:+$exits,}$status
        complete=1
        for arg in "$@"; do
            case $arg in export=*)
                arg=${arg#export=}
                python3 "$HELPER" wav-ok "$OUT/exports/${arg%%:*}.wav" "$frames" || complete=0 ;;
            esac
        done
        if [ "$need_save" = 1 ] && ! grep -q '^PHONON_SAVED' "$log"; then complete=0; fi
        [ "$complete" = 0 ] || break
        if grep -Eq 'Tried to \(de\)allocate memory|memory allocation of [0-9]+ bytes failed|panicked at' "$log"; then
            echo "   the plugin aborted Ardour (see $log): not retried"
            break
        fi
        if ((attempt < ATTEMPTS)); then
            echo "   attempt $attempt: ardour7-lua exited with status $status before finishing: again"
            mv "$log" "$log.$attempt"
        fi
    done
}

manifest=$OUT/manifest.tsv
: >"$manifest"
first=""
for bpm in "${TEMPOS[@]}"; do
    for block in "${BLOCKS[@]}"; do
        for bar in "${BARS[@]}"; do
            label=$bpm-b$block-bar$bar
            echo "== Ardour: $bpm BPM, block $block, from bar $bar"
            log=$OUT/logs/ardour-$label.log
            save=0
            [ -n "$first" ] || save=1 # the first run's session is reloaded below
            dir=$OUT/sessions/$label
            run_ardour "$log" "$save" mode=create "dir=$dir" name=phonon "rate=$RATE" "block=$block" "bpm=$bpm" \
                "preset=$PLUGIN_PRESET" "export_preset=$EXPORT_PRESET_UUID" "outdir=$OUT/exports" "seconds=$SECS" \
                "save=$save" "export=$label:$bar"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$bpm" "$bar" "$block" "$OUT/exports/$label.wav" \
                "$OUT/cli/$bpm-bar$bar.wav" "$log" "$exits" >>"$manifest"
            [ -n "$first" ] || first="$label $bpm $block"
        done
    done
done

# 5. Reload the first run's saved session, once per start bar, each in a new process (one export
#    per process: a second export in the same ardour7-lua process often dies, see the top).
read -r flabel fbpm fblock <<<"$first"
for bar in "${BARS[@]}"; do
    echo "== Ardour: reloading the saved session of $flabel, exporting from bar $bar"
    log=$OUT/logs/ardour-reload-bar$bar.log
    if [ -f "$OUT/sessions/$flabel/phonon.ardour" ]; then
        dir=""
        run_ardour "$log" 0 mode=load "dir=$OUT/sessions/$flabel" name=phonon "block=$fblock" \
            "export_preset=$EXPORT_PRESET_UUID" "outdir=$OUT/exports" "seconds=$SECS" "export=reload-bar$bar:$bar"
    else
        echo "no saved session $OUT/sessions/$flabel/phonon.ardour (the run $flabel did not save it)" >"$log"
        exits=-
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "reload-bar$bar" "$fbpm" "$bar" "$fblock" \
        "$OUT/exports/reload-bar$bar.wav" "$OUT/cli/$fbpm-bar$bar.wav" "$log" "$exits" >>"$manifest"
done

# 6. The comparison.
echo
rc=0
python3 "$HELPER" compare "$manifest" --tolerance "$TOLERANCE" --latency "$LATENCY" --rate "$RATE" --seconds "$SECS" || rc=$?
echo "ardour_test: $(( $(date +%s) - started )) s; sessions, exports, CLI renders and logs in $OUT"
exit "$rc"
