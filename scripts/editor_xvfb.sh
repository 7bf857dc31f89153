#!/usr/bin/env bash
# phonon-standalone headless (--backend dummy, no display), then the editor in a real window
# under Xvfb: starts phonon-standalone (dummy audio backend),
# clicks into the code box, types a program, presses Ctrl+Enter, checks the evaluation
# compiled and was handed to the engine (the editor logs one "evaluate:" line per evaluation),
# types an error and checks it is reported at its line, and saves screenshots:
# target/editor-xvfb.png (the typed program playing, its sounding word boxed by the live code)
# and target/editor-xvfb-error.png; types two outputs that choose a scope and a pianoroll
# (`-- view:` comments) and checks the screenshot target/editor-xvfb-views.png has the views'
# colours in their strips (scripts/screenshot_colour.py); then
# opens it at scale factor 2 (target/editor-xvfb-hidpi.png).
# Needs: apt-get install -y xvfb xauth xdotool x11-apps x11-utils netpbm libglx-mesa0 libasound2-dev libjack-jackd2-dev
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --features standalone --bin phonon-standalone
bin=${CARGO_TARGET_DIR:-target}/debug/phonon-standalone
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

# Views: `out` a scope, `o1` a pianoroll, strips in output order in the views panel (below the
# code box: at scale 1 the panel spans y 395..530 of the 920x620 window, 64-point strips, see
# src/plugin/editor/views.rs); left of x 100 is the selector.
type_program 'out $ sine 220 * 0.3 -- view: scope' 'o1 $ n "0 4 7" # s "superpiano" -- view: pianoroll'
for _ in $(seq 100); do [ "$(grep -c "evaluate: ok" "$log")" -ge 2 ] && break; sleep 0.1; done
[ "$(grep -c "evaluate: ok" "$log")" -ge 2 ] || { echo "the views program did not evaluate"; cat "$log"; exit 1; }
sleep 1.5
xwd -root -silent | xwdtopnm 2>/dev/null | pnmdepth 255 >target/editor-xvfb-views.ppm
pnmtopng <target/editor-xvfb-views.ppm >target/editor-xvfb-views.png
read -r x0 y0 < <(xdotool getwindowgeometry "$win" | sed -n 's/.*Position: \([0-9]*\),\([0-9]*\).*/\1 \2/p')
# pixels columns rows of colour R G B in the window's rectangle X0 Y0 X1 Y1.
colour_in() { python3 scripts/screenshot_colour.py target/editor-xvfb-views.ppm \
    $((x0 + $1)) $((y0 + $2)) $((x0 + $3)) $((y0 + $4)) "$5" "$6" "$7"; }
# The scope's trace (scope.rs's colour): a wave across the strip, not a flat line.
read -r n cols rows < <(colour_in 100 395 920 462 152 195 121)
[ "$n" -ge 200 ] && [ "$cols" -ge 200 ] && [ "$rows" -ge 8 ] \
    || { echo "no scope trace in its strip: $n pixels over $cols columns, $rows rows"; exit 1; }
echo "scope: $n trace pixels over $cols columns and $rows rows"
# The pianoroll's notes (punchcard::lane_color by pitch class: 0 blue, 4 red) as blocks; a
# punchcard would draw this one-sound output in one colour only.
read -r blue _ brows < <(colour_in 100 462 920 530 97 175 239)
read -r red _ rrows < <(colour_in 100 462 920 530 224 108 117)
[ "$blue" -ge 100 ] && [ "$red" -ge 100 ] && [ "$brows" -ge 3 ] && [ "$rrows" -ge 3 ] \
    || { echo "no pianoroll notes in its strip: $blue blue, $red red pixels"; exit 1; }
echo "pianoroll: $blue blue and $red red note pixels"
rm -f target/editor-xvfb-views.ppm
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
echo "editor test under Xvfb: ok (target/editor-xvfb.png, target/editor-xvfb-error.png, target/editor-xvfb-views.png, target/editor-xvfb-hidpi.png)"
