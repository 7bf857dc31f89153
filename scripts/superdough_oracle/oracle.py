"""Renders every case of cases.py through superdough 1.2.6 (render.mjs: node-web-audio-api's
OfflineAudioContext) and writes tests/dough/superdough_figures.json with the figures
(metrics.py, the same definitions as tests/dough_sounds.rs). Run from this folder after
`npm install node-web-audio-api superdough@1.2.6` and preparing ./sd (see README.md)."""
import json, subprocess, sys, os
import numpy as np
from cases import CASES
from metrics import measure

out = []
for name, program, value, metrics in CASES:
    v = dict(value)
    # Strudel's hap duration already holds `clip` (superdough's `value.duration`); the value
    # keeps it too (`sbd` reads it again).
    dur = 1.0 * v.get("clip", 1)
    f = f"/tmp/sd_{name}.f32"
    subprocess.run(["node", "render.mjs", json.dumps([[v, 0.0, dur]]), f], check=True, capture_output=True)
    x = np.fromfile(f, dtype=np.float32).reshape(-1, 2)
    figs = [measure(x, m) for m in metrics]
    out.append({"name": name, "program": program, "metrics": metrics, "superdough": figs})
    print(name, figs, file=sys.stderr)
json.dump(out, open("../../tests/dough/superdough_figures.json", "w"), indent=1)
