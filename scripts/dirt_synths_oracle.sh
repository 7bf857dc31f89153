#!/bin/sh
# SuperDirt's renders of the synths tests/dirt_synths.rs compares with (the sound oracle's
# method, ../shared/sound-oracle/README.md: SuperDirt's own synth files in scsynth, offline, with
# what DirtEvent sends), then their figures into tests/dirt_synths/reference.json.
# Needs supercollider-server, supercollider-language, sc3-plugins-server (Debian).
set -e
ORACLE=${ORACLE:-../shared/sound-oracle}
OUT=${DIRT_ORACLE:-/tmp/dirt17-cmp}
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT" && cp -r "$ORACLE"/* "$OUT"/ && chmod -R u+w "$OUT"
cd "$OUT/sd"
sed -i "s#/tmp/superdirt-cmp#$OUT#" langconf.yaml
sed "s#/tmp/superdirt-cmp#$OUT#" "$REPO/scripts/dirt_synths_oracle.scd" > build17.scd
mkdir -p defs ../wav/sd
QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 sclang -l langconf.yaml build17.scd
for f in *.osc; do
  # (superdirt_startup.scd's numWireBufs and memSize: superprimes needs more than the defaults)
  scsynth -N "$f" _ "../wav/sd/${f%.osc}.wav" 48000 WAV float -o 2 -i 0 -w 2048 -m 262144 >/dev/null
done
# superstatic's, superprimes', supermandolin's, supercomparator's and superwavemechanics' figures
# are medians over nine renders (tests/dirt_synths.rs, NOISY): the server seeds its random
# generators from the clock, so each render is another draw. DRAWS=45 renders more of them (what
# the ignored test oracle_spread reads to measure how much the medians of nine vary).
DRAWS=${DRAWS:-9}
for k in $(seq 1 $((DRAWS - 1))); do
  for f in superstatic superprimes supermandolin supercomparator superwavemechanics; do
    for g in "$f" "${f}_sus"; do
      scsynth -N "$g.osc" _ "../wav/sd/$g.$k.wav" 48000 WAV float -o 2 -i 0 -w 2048 -m 262144 >/dev/null
    done
  done
done
cd "$REPO" && DIRT_ORACLE="$OUT" cargo test --test dirt_synths write_reference -- --ignored
