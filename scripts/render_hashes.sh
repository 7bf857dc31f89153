#!/usr/bin/env bash
# Renders every acceptance program (examples/*.ph) and stress program (benches/programs/*.ph)
# with the CLI and prints one SHA-256 per WAV: the "bit-identical before and after" check of a
# refactoring. usage: scripts/render_hashes.sh [PHONON_BIN] > hashes.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/phonon}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 benches/programs/make_samples.py "$out/samples" >/dev/null
# 14_slicing.ph slices a "breaks125" loop: a bench tone stands in for it.
mkdir -p "$out/samples/breaks125" && cp "$out/samples/t1/"* "$out/samples/breaks125/"
# Every sound of the embedded kit (four variants) and every synth, on a few notes.
for n in bd sn hh oh cp rs lt mt ht cb cr perc arpy bass casio tink; do
    printf 'tempo: 0.25\nout $ s "%s:0 %s:1 %s:2 %s:3"\n' $n $n $n $n > "$out/kit_$n.ph"
done
for s in superpiano supersaw superfm superpwm superkick supersnare superhat sine saw square tri; do
    printf 'tempo: 0.5\nout $ n "0 7 12 <3 5>" # s "%s"\n' $s > "$out/synth_$s.ph"
done
for f in examples/*.ph benches/programs/*.ph "$out"/kit_*.ph "$out"/synth_*.ph; do
    name=$(basename "$f" .ph)
    "$bin" render "$f" -o "$out/$name.wav" --cycles 8 --samples "$out/samples" >/dev/null 2>&1
    printf '%s  %s\n' "$(sha256sum < "$out/$name.wav" | cut -c1-16)" "${f#"$out"/}"
done
