#!/usr/bin/env python3
"""Phonon against SuperCollider's server, in one interleaved run.

For each round, each workload renders once in scsynth (non-real-time, wall time per 512-sample
block) and once in every Phonon binary given (`phonon bench`, 512-sample blocks, 44.1 kHz, one
thread), one after the other, so drift on the machine touches both sides alike. Prints each
measurement, then per workload the medians over the rounds and the ratio (scsynth's time over
Phonon's: above 1, Phonon is faster).

usage: benches/against_scsynth.py [--phonon LABEL=PATH ...] [--rounds 3] [--seconds 20]
                                  [--workloads saw256,stress_extreme,supersaw128,superfm128,superpiano128,dough128]
                                  [--block-size 512] [--threads 1]

With `--block-size` other than 512 or `--threads` other than 1 only the Phonon builds run (the
scsynth scores are timed at 512-sample blocks on one thread): a comparison of builds, as the
README's "none worse" figures, with each build's p99 and peak resident memory.

Defaults: `target/release/phonon` (or $CARGO_TARGET_DIR/release/phonon), 3 rounds of 20 s.
The Phonon programs are benches/programs/; the scsynth scores, SynthDefs and sample generators
are in benches/sc (its README; or $PHONON_SC_BENCH). This script prepares /tmp/sc from
them (the defs copied each run, the scores once per duration) and the stress programs' samples (make_samples.py). Run it
while nothing else loads the machine (`flock /work/build.lock` on shared machines).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, "programs")
# The scsynth side (SynthDefs compiled by sclang from sc/defs.scd, score and sample generators):
# benches/sc, or $PHONON_SC_BENCH.
SC_SRC = os.environ.get("PHONON_SC_BENCH", os.path.join(HERE, "sc"))
SC = "/tmp/sc"
SR, BLOCK = 44100, 512

# workload: (Phonon program, scsynth score)
WORKLOADS = {
    "saw256": ("saw256.ph", "saw_loop"),
    "stress_extreme": ("stress_extreme.ph", "smp_loop_r15"),
    "supersaw128": ("supersaw128.ph", "supersaw_shot"),
    "superfm128": ("superfm128.ph", "superfm_shot"),
    "superpiano128": ("superpiano128.ph", "superpiano_shot"),
    "dough128": ("dough128.js", "dough_shot"),
    "stress_synth": ("stress_synth.ph", None),
}


def prepare(seconds, scores):
    src = SC_SRC
    os.makedirs(os.path.join(SC, "samples"), exist_ok=True)
    shutil.copytree(os.path.join(src, "defs"), os.path.join(SC, "defs"), dirs_exist_ok=True)
    if not os.path.exists(os.path.join(SC, "samples", "hit15.wav")):
        subprocess.run([sys.executable, os.path.join(src, "gen_samples.py")], cwd=SC, check=True,
                       stdout=subprocess.DEVNULL)
    # Each score's stamp names the duration it was written for (a score of another duration
    # would be timed over the wrong number of blocks).
    stamp = lambda s: os.path.join(SC, f".{s}.dur{seconds:g}")
    stale = [s for s in scores
             if not (os.path.exists(os.path.join(SC, f"{s}.osc")) and os.path.exists(stamp(s)))]
    if stale:
        subprocess.run([sys.executable, os.path.join(src, "mkscore.py"), *stale], cwd=SC,
                       check=True, env={**os.environ, "DUR": f"{seconds:g}"},
                       stdout=subprocess.DEVNULL)
        for s in stale:
            for f in os.listdir(SC):
                if f.startswith(f".{s}.dur"):
                    os.remove(os.path.join(SC, f))
            open(stamp(s), "w").close()
    samples = "/tmp/phonon-bench-samples"
    if not os.path.isdir(os.path.join(samples, "t16")):
        subprocess.run([sys.executable, os.path.join(PROGRAMS, "make_samples.py"), samples],
                       check=True, stdout=subprocess.DEVNULL)
    return samples


def scsynth_ms(score, seconds):
    """Wall time of a non-real-time render, in ms per 512-sample block."""
    out = os.path.join(SC, "out.wav")
    t0 = time.perf_counter()
    subprocess.run(["scsynth", "-o", "2", "-i", "0", "-z", str(BLOCK), "-n", "4096", "-m", "262144",
                    "-D", "0", "-N", os.path.join(SC, f"{score}.osc"), "_", out, str(SR), "WAV",
                    "int16"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    return wall * 1000.0 / (seconds * SR / BLOCK)


def phonon_run(binary, program, samples, seconds, block, threads):
    """`phonon bench`'s report (median, mean and p99 ms per block, voices, peak RSS)."""
    r = subprocess.run([binary, "bench", os.path.join(PROGRAMS, program), "--samples", samples,
                        "--block-size", str(block), "--sample-rate", str(SR),
                        "--seconds", f"{seconds:g}", "--threads", str(threads), "--json"],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--phonon", action="append", default=[],
                    help="LABEL=PATH of a phonon binary (repeat to compare builds)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workloads",
                    default="saw256,stress_extreme,supersaw128,superfm128,superpiano128,dough128")
    ap.add_argument("--block-size", type=int, default=BLOCK)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    with_sc = a.block_size == BLOCK and a.threads == 1
    if not a.phonon:
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
        a.phonon = [f"phonon={os.path.join(target, 'release', 'phonon')}"]
    bins = [tuple(p.split("=", 1)) if "=" in p else (os.path.basename(p), p) for p in a.phonon]
    names = a.workloads.split(",")
    scores = sorted({WORKLOADS[w][1] for w in names if WORKLOADS[w][1] and with_sc})
    samples = prepare(a.seconds, scores)
    res = {}  # (workload, side) -> [ms per round]
    print(f"{a.rounds} interleaved rounds of {a.seconds:g} s, {a.block_size}-sample blocks at "
          f"{SR} Hz, {a.threads} thread(s), ms per block (scsynth: wall time / blocks; Phonon: "
          f"median, mean, p99, peak RSS)")
    for rnd in range(1, a.rounds + 1):
        for w in names:
            prog, score = WORKLOADS[w]
            score = score if with_sc else None
            if score:
                ms = scsynth_ms(score, a.seconds)
                res.setdefault((w, "scsynth"), []).append(ms)
                print(f"round {rnd} {w:15} scsynth {score:13} {ms:7.3f}", flush=True)
            for label, path in bins:
                rep = phonon_run(path, prog, samples, a.seconds, a.block_size, a.threads)
                med, mean = rep["median_ms"], rep["mean_ms"]
                res.setdefault((w, label), []).append(med)
                res.setdefault((w, label + " mean"), []).append(mean)
                res.setdefault((w, label + " p99"), []).append(rep["p99_ms"])
                res.setdefault((w, label + " rss"), []).append(rep["rss_peak_mb"])
                print(f"round {rnd} {w:15} {label:21} {med:7.3f} {mean:7.3f} {rep['p99_ms']:7.3f}"
                      f"  ({rep['mean_voices']:.0f} voices, {rep['rss_peak_mb']:.0f} MB)",
                      flush=True)
    print("\nmedians over the rounds (ratio: scsynth's ms over Phonon's; above 1 Phonon is faster)")
    for w in names:
        sc = statistics.median(res[(w, "scsynth")]) if (w, "scsynth") in res else None
        line = f"{w:15}" + (f" scsynth {sc:.3f} ms" if sc else "")
        for label, _ in bins:
            med = statistics.median(res[(w, label)])
            mean = statistics.median(res[(w, label + ' mean')])
            p99 = statistics.median(res[(w, label + ' p99')])
            rss = max(res[(w, label + ' rss')])
            line += (f" | {label} median {med:.3f} ms, mean {mean:.3f} ms, p99 {p99:.3f} ms, "
                     f"peak {rss:.0f} MB")
            if sc:
                line += f": {sc / med:.2f}x (by mean {sc / mean:.2f}x)"
        print(line)


if __name__ == "__main__":
    main()
