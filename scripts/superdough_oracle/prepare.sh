#!/bin/sh
# Prepares superdough 1.2.6 to run in node for oracle.py: installs node-web-audio-api 1.0.9,
# unpacks superdough's source into ./sd, and flattens its AudioWorklet file (which imports
# modules a worklet scope cannot) into sd/worklets_flat.js. Two harness changes, both so the
# worklets behave as in a browser: superdough.mjs loads that file instead of its bundler's
# `worklets.mjs?audioworklet`, and the supersaw's process() zeroes its output first
# (browsers hand process() zeroed outputs; node-web-audio-api 1.0.9 reuses them, and
# superdough's supersaw adds into them).
set -e
cd "$(dirname "$0")"
npm install --no-save node-web-audio-api@1.0.9 nanostores@0.11.3
npm pack superdough@1.2.6
rm -rf sd package && tar xzf superdough-1.2.6.tgz && mv package sd && rm superdough-1.2.6.tgz
cd sd
sed -i "s#^import workletsUrl from './worklets.mjs?audioworklet';#const workletsUrl = new URL('./worklets_flat.js', import.meta.url).pathname;#" superdough.mjs
{
  echo "const logger=()=>{}; const clamp = (num, min, max) => Math.min(Math.max(num, min), max);"
  sed 's/^export default OLAProcessor;//' ola-processor.js
  sed 's/^export default class FFT/class FFT/' fft.js
  sed -n 385,475p helpers.mjs | sed 's/^export //'
  grep -v "^import" worklets.mjs | sed 's/^const clamp = .*//'
} > worklets_flat.js
python3 - <<'PY'
p = 'worklets_flat.js'; s = open(p).read()
old = """    const output = outputs[0];

    for (let i = 0; i < output[0].length; i++) {
      const detune = pv(params.detune, i);"""
assert old in s
s = s.replace(old, """    const output = outputs[0];
    for (const ch of output) ch.fill(0);
    for (let i = 0; i < output[0].length; i++) {
      const detune = pv(params.detune, i);""")
open(p, 'w').write(s)
PY
