#!/bin/sh
# SuperDirt's renders of the effect-module cases tests/dirt_fx_oracle.rs compares with
# (tests/dirt_fx/cases.json), then their figures into tests/dirt_fx/reference.json. The sound
# oracle's method (../shared/sound-oracle/README.md) with SuperDirt's own module files:
# core-modules.scd and default-effects-extra.scd at the oracle's SuperDirt commit, and the
# Vowel quark (SuperDirt's vowels). Needs supercollider-server, supercollider-language,
# sc3-plugins-server (Debian), git.
#   SUPERDIRT_GIT: a git directory of github.com/musikinformatik/SuperDirt (cloned if unset)
#   VOWEL_GIT: a git directory of github.com/supercollider-quarks/Vowel (cloned if unset)
set -e
ORACLE=${ORACLE:-../shared/sound-oracle}
OUT=${DIRT_ORACLE:-/tmp/dirt-fx}
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT" && cp -r "$ORACLE"/* "$OUT"/ && chmod -R u+w "$OUT"
COMMIT=$(cat "$OUT/sd/src/SUPERDIRT_COMMIT")
if [ -z "$SUPERDIRT_GIT" ]; then
  [ -d "$OUT/SuperDirt.git" ] || git clone --bare https://github.com/musikinformatik/SuperDirt "$OUT/SuperDirt.git"
  SUPERDIRT_GIT="$OUT/SuperDirt.git"
fi
if [ -z "$VOWEL_GIT" ]; then
  [ -d "$OUT/Vowel.git" ] || git clone --bare https://github.com/supercollider-quarks/Vowel "$OUT/Vowel.git"
  VOWEL_GIT="$OUT/Vowel.git"
fi
mkdir -p "$OUT/fx/superdirt" "$OUT/fx/wav"
for f in synths/core-modules.scd library/default-effects-extra.scd; do
  git --git-dir="$SUPERDIRT_GIT" show "$COMMIT:$f" > "$OUT/fx/superdirt/$(basename $f)"
done
for f in Vowel.sc Formants.sc; do git --git-dir="$VOWEL_GIT" show "HEAD:$f" > "$OUT/sd/classes/$f"; done
cp "$REPO/scripts/dirt_fx_oracle/DirtFxStub.sc" "$OUT/sd/classes/"
cp "$REPO/tests/dirt_fx/cases.json" "$OUT/fx/"
cd "$REPO" && DIRT_ORACLE="$OUT" cargo test --test dirt_fx_oracle write_signals -- --ignored
cd "$OUT/sd"
sed -i "s#/tmp/superdirt-cmp#$OUT#" langconf.yaml
sed "s#/tmp/superdirt-cmp#$OUT#" "$REPO/scripts/dirt_fx_oracle.scd" > buildfx.scd
QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 sclang -l langconf.yaml buildfx.scd
cd "$OUT/fx"
# Five renders of each case: the server seeds its random generators (waveloss, the reverb's
# delay times) from the clock, so each is another draw; tests/dirt_fx_oracle.rs takes medians.
for f in *.osc; do
  for k in 1 2 3 4 5; do
    scsynth -N "$f" _ "wav/${f%.osc}.$k.wav" 48000 WAV float -o 2 -i 0 >/dev/null
  done
done
cd "$REPO" && DIRT_ORACLE="$OUT" cargo test --test dirt_fx_oracle write_reference -- --ignored
