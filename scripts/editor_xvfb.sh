#!/usr/bin/env bash
# phonon-standalone headless (--backend dummy, no display), then the editor in a real window
# under Xvfb: starts phonon-standalone (dummy audio backend),
# clicks into the code box, types a program, presses Ctrl+Enter, checks the evaluation
# compiled and was handed to the engine (the editor logs one "evaluate:" line per evaluation),
# types an error and checks it is reported at its line, and saves screenshots:
# target/editor-xvfb.png (the typed program playing, its sounding word boxed by the live code)
# and target/editor-xvfb-error.png; then
# opens it at scale factor 2 (target/editor-xvfb-hidpi.png).
# Needs: apt-get install -y xvfb xauth xdotool x11-apps x11-utils netpbm libglx-mesa0 libasound2-dev libjack-jackd2-dev
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --features standalone --bin phonon-standalone
bin=target/debug/phonon-standalone
log=target/editor-xvfb.log
display=:${PHONON_XVFB_DISPLAY:-97}

# Headless first: no display, dummy backend, runs until Ctrl+C (SIGINT) and exits cleanly.
timeout --preserve-status -s INT 3 env -u DISPLAY -u WAYLAND_DISPLAY "$bin" --backend dummy >"$log" 2>&1 \
    || { echo "phonon-standalone --backend dummy failed"; cat "$log"; exit 1; }
grep -q "No GUI available" "$log" || { echo "phonon-standalone did not run headless"; cat "$log"; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

"$bin" --backend dummy >"$log" 2>&1 &
pids+=($!)
win=$(timeout 30 xdotool search --sync --onlyvisible --name Phonon | head -n1)
[ -n "$win" ] || { echo "no editor window"; cat "$log"; exit 1; }
sleep 1

shot() { xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng >"$1"; }
# Click in the code box (central panel), select all, type the lines (Return between them),
# Ctrl+Enter.
type_program() {
    xdotool mousemove --window "$win" 300 300 click 1
    sleep 0.3
    xdotool key --window "$win" ctrl+a
    local first=1
    for line in "$@"; do
        [ "$first" = 1 ] || xdotool key --window "$win" Return
        first=0
        xdotool type --window "$win" --delay 5 "$line"
    done
    xdotool key --window "$win" ctrl+Return
}
wait_for() {
    for _ in $(seq 100); do grep -q "$1" "$log" && return 0; sleep 0.1; done
    echo "editor test: no \"$1\" in the log"; cat "$log"; return 1
}

type_program 'out $ s "cp*4 arpy" # gain 0.7'
wait_for "evaluate: ok"
sleep 0.5
shot target/editor-xvfb.png

# An error on line 2: the log (and the status bar) give line 2 and a column.
type_program 'out $ s "bd sn"' 'o1 $ nosuchfunction 2'
wait_for "evaluate: error 2:"
sleep 0.5
shot target/editor-xvfb-error.png
cleanup
pids=()

# HiDPI: an X server at 192 dpi (Xft.dpi, which baseview reads as scale factor 2) must get a
# window twice the logical size, laid out the same in points.
hidpi=:$(( ${display#:} + 1 ))
Xvfb "$hidpi" -noreset -screen 0 2000x1400x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$hidpi
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
xprop -root -f RESOURCE_MANAGER 8s -set RESOURCE_MANAGER "Xft.dpi:	192"
"$bin" --backend dummy >"$log" 2>&1 &
pids+=($!)
win=$(timeout 30 xdotool search --sync --onlyvisible --name Phonon | head -n1)
sleep 1
size=$(xdotool getwindowgeometry "$win" | sed -n 's/.*Geometry: //p')
[ "$size" = "1840x1240" ] || { echo "editor at scale 2: window $size, expected 1840x1240 (2 x 920x620 points)"; exit 1; }
shot target/editor-xvfb-hidpi.png
echo "editor test under Xvfb: ok (target/editor-xvfb.png, target/editor-xvfb-error.png, target/editor-xvfb-hidpi.png)"
