#!/usr/bin/env python3
"""Helpers of scripts/ardour_test.sh (Phonon's VST3 in Ardour 7 against the CLI render).

  plugin-id CACHE_DIR NAME     prints "UID VENDOR" of the VST3 named NAME from Ardour's scan
                               cache (*.v3i files written by ardour-vst3-scanner)
  preset UID CODE.ph OUT       writes a .vstpreset (the VST3 preset file format Ardour reads)
                               whose component state is a Phonon state holding the code
  cli-program CODE.ph BPM BAR CYCLES OUT
                               writes the program the CLI renders for a host run at BPM that
                               starts at bar BAR: `bpm: BPM` instead of the tempo line, and the
                               cycles before BAR masked out (the plugin never played them, so
                               their sounds must not ring into the compared part)
  wav-ok WAV FRAMES            exit status 0 when WAV is readable and holds FRAMES frames
  compare MANIFEST             compares every run of the manifest (tab-separated: label bpm bar
                               block ardour.wav cli.wav ardour.log exit-statuses, one per
                               attempt, comma-separated) sample by sample, prints the table,
                               exits 1 when any run fails

compare: the Ardour export must equal the CLI render from the first sample of the start bar
(bar N starts at cycle N - 1: one cycle = 4 beats) within --tolerance, shifted by the constant
latency the test names (--latency, samples; 0: Phonon reports no latency). When they differ
it names the first differing sample, the constant offset that would make them equal (if any),
else the offset of each differing stretch (a local cross-correlation of the two signals), i.e.
how far each misplaced onset landed. A run also fails when its Ardour log holds an allocation
warning of the plugin's wrapper ("event buffer filled up") or a plugin abort (allocation in
the audio thread, a panic), when Ardour's bar does not start where the CLI's does, or when the
export is missing or short. Ardour's exit status is reported, not judged.
"""

import argparse
import glob
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET

import numpy as np

ALLOC_WARNING = "event buffer filled up"


# ---------------------------------------------------------------- plugin id and preset

def plugin_id(cache_dir, name):
    for path in sorted(glob.glob(f"{cache_dir}/*.v3i")):
        root = ET.parse(path).getroot()
        for info in root.iter("VST3Info"):
            if info.get("name") == name:
                return info.get("uid"), info.get("vendor")
    return None, None


def state_json(code):
    """nice-plug's VST3 component state: its PluginState as JSON. Parameters left out keep their
    defaults; the persisted field "phonon" is Phonon's SavedState (src/plugin/state.rs)."""
    saved = {"version": 2, "code": code, "sample_folder": None}
    return json.dumps({"params": {}, "fields": {"phonon": json.dumps(saved)}}).encode()


def vstpreset(uid, component_state):
    """The VST3 SDK preset file: header ('VST3', version 1, the class id as 32 ASCII hex digits,
    the chunk list offset), the chunk data, then the chunk list ('List', count, id/offset/size)."""
    assert len(uid) == 32
    header = b"VST3" + struct.pack("<i", 1) + uid.encode("ascii")
    data_offset = len(header) + 8
    list_offset = data_offset + len(component_state)
    chunk_list = b"List" + struct.pack("<i", 1) + b"Comp" + struct.pack("<qq", data_offset, len(component_state))
    return header + struct.pack("<q", list_offset) + component_state + chunk_list


# ---------------------------------------------------------------- CLI program

TEMPO_LINE = re.compile(r"^(tempo|cps|bpm)\s*:.*$", re.M)


def cli_program(code, bpm, bar, cycles):
    code = TEMPO_LINE.sub("", code)
    skipped = bar - 1
    if skipped > 0:
        outs = re.findall(r"^out\s*\$", code, re.M)
        if len(outs) != 1 or re.search(r"^(o\d+|d\d+|out\d+)\s*\$", code, re.M):
            raise SystemExit("cli-program: the test program must have exactly one `out $` statement")
        steps = " ".join(["0"] * skipped + ["1"] * max(cycles, 1))
        code = re.sub(r"^out\s*\$", f'out $ mask "<{steps}>" $', code, count=1, flags=re.M)
    return f"bpm: {bpm:g}\n{code}"


# ---------------------------------------------------------------- WAV reading

def read_wav(path):
    """(frames x channels float64 array, sample rate) of a PCM or IEEE-float WAV."""
    with open(path, "rb") as f:
        d = f.read()
    if d[:4] != b"RIFF" or d[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a RIFF/WAVE file")
    i, fmt, data = 12, None, None
    while i + 8 <= len(d):
        cid, n = d[i:i + 4], struct.unpack("<I", d[i + 4:i + 8])[0]
        body = d[i + 8:i + 8 + n]
        if cid == b"fmt ":
            fmt = body
        elif cid == b"data":
            data = body
        i += 8 + n + (n & 1)
    if fmt is None or data is None:
        raise ValueError(f"{path}: no fmt or data chunk")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == 0xFFFE:  # WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the tag
        tag = struct.unpack("<H", fmt[24:26])[0]
    if tag == 3 and bits in (32, 64):
        a = np.frombuffer(data, dtype="<f4" if bits == 32 else "<f8").astype(np.float64)
    elif tag == 1 and bits == 16:
        a = np.frombuffer(data, dtype="<i2") / 32768.0
    elif tag == 1 and bits == 24:
        b = np.frombuffer(data[: len(data) // 3 * 3], dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        a = ((b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 8) / 8388608.0
    elif tag == 1 and bits == 32:
        a = np.frombuffer(data, dtype="<i4") / 2147483648.0
    else:
        raise ValueError(f"{path}: unsupported WAV format tag {tag}, {bits} bits")
    a = a[: len(a) // channels * channels]
    return a.reshape(-1, channels), rate


# ---------------------------------------------------------------- comparison

def local_lag(a, b, base, at, max_lag=64, window=2048):
    """The shift k (samples) for which Ardour's a[t] best matches the CLI's b[base + t - k] over
    t in [at - max_lag, at + window): positive when Ardour's sound there comes k samples late."""
    lo, hi = max(at - max_lag, 0), min(at + window, len(a))
    if hi - lo < 16:
        return None
    x = a[lo:hi]
    best, best_err = None, None
    for k in sorted(range(-max_lag, max_lag + 1), key=abs):
        s = base + lo - k
        if s < 0 or s + (hi - lo) > len(b):
            continue
        err = float(np.abs(x - b[s:s + hi - lo]).max())
        if best_err is None or err < best_err:
            best, best_err = k, err
    return best


def diff_regions(d, tol, gap=256):
    """Start samples of the stretches where d > tol (stretches closer than `gap` merge)."""
    idx = np.flatnonzero(d > tol)
    if len(idx) == 0:
        return []
    starts = [int(idx[0])]
    for p, q in zip(idx[:-1], idx[1:]):
        if q - p > gap:
            starts.append(int(q))
    return starts


# the plugin itself died (assert_process_allocs, a Rust panic): never retried, always a failure
PLUGIN_ABORT = re.compile(r"Tried to \(de\)allocate memory|memory allocation of \d+ bytes failed|"
                          r"Allocation failure from|panicked at")
# glibc's heap-corruption reports (Ardour 7.3's own: also seen with no plugin on the track)
HEAP_ERROR = re.compile(r"free\(\)|malloc|munmap_chunk|corrupted|double free")


def read_text(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def parse_log(text):
    starts = {}
    for m in re.finditer(r"^PHONON_EXPORT_START name=(\S+) bar=(\d+) start=(-?\d+) end=(-?\d+)", text, re.M):
        starts[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    done = set(re.findall(r"^PHONON_EXPORT_DONE name=(\S+)", text, re.M))
    block = re.search(r"^PHONON_SESSION .*block=(\d+)", text, re.M)
    return starts, done, int(block.group(1)) if block else None


def crash_line(text):
    """The line of a log that best tells why the process died."""
    lines = [ln.strip() for ln in text.splitlines()]
    shell = re.compile(r": line \d+: +\d+ ")  # bash's "PATH: line N: PID Aborted   COMMAND"
    for pattern in (PLUGIN_ABORT, HEAP_ERROR):
        for ln in lines:
            if pattern.search(ln) and not shell.search(ln):
                return ln
    for ln in lines:
        if ln.startswith("PHONON_ERROR"):
            return ln
    for word in ("Segmentation fault", "Aborted", "Killed", "dumped core"):
        if any(word in ln for ln in lines):
            return word
    return ""


def wav_frames(path):
    try:
        a, _ = read_wav(path)
        return len(a)
    except (OSError, ValueError):
        return -1


def compare_run(row, tol, latency, rate, seconds):
    label, bpm, bar, block, ardour_wav, cli_wav, log, exits = row[:8]
    bpm, bar, block = float(bpm), int(bar), int(block)
    exits = exits.split(",")
    res = {"label": label, "bpm": bpm, "bar": bar, "block": block, "exit": exits[-1], "tries": len(exits),
           "maxdiff": None, "first": None, "offset": "", "ok": False, "notes": [], "info": []}
    text = read_text(log)
    starts, done, log_block = parse_log(text)
    name = ardour_wav.rsplit("/", 1)[-1].removesuffix(".wav")
    for k, status in enumerate(exits[:-1], 1):
        why = crash_line(read_text(f"{log}.{k}")) or "no export"
        res["info"].append(f"attempt {k} (exit {status}) did not finish: {why} (log {log}.{k})")
    if "PHONON_SAVED before-export" in text and "PHONON_SAVED after-export" not in text:
        res["info"].append("the session was saved before the export only (Ardour died before saving it again)")
    if ALLOC_WARNING in text:
        lines = [ln for ln in text.splitlines() if ALLOC_WARNING in ln]
        res["notes"].append(f"allocation warning of the plugin's wrapper in the Ardour log: {lines[0].strip()}")
    abort = [ln for ln in text.splitlines() if PLUGIN_ABORT.search(ln)]
    if abort:
        res["notes"].append(f"the plugin aborted Ardour: {abort[0].strip()}")
    if log_block is not None and log_block != block:
        res["notes"].append(f"Ardour ran at block {log_block}, not {block}")
    bar_start = round((bar - 1) * 4 * 60.0 * rate / bpm)
    if name not in starts:
        res["notes"].append("the Ardour log has no PHONON_EXPORT_START line for this export")
    elif starts[name][1] != bar_start:
        res["notes"].append(f"Ardour's bar {bar} starts at sample {starts[name][1]}, the CLI's at {bar_start}")
    try:
        a, ra = read_wav(ardour_wav)
    except (OSError, ValueError) as e:
        res["notes"].append(f"no Ardour export: {e}")
        tail = [ln for ln in text.splitlines() if ln.strip()][-6:]
        res["notes"].append(f"ardour7-lua exit status {exits[-1]}; the end of {log}:\n      " + "\n      ".join(tail))
        return res
    b, rb = read_wav(cli_wav)
    want = round(seconds * rate)
    if ra != rate or rb != rate:
        res["notes"].append(f"sample rates {ra}/{rb}, expected {rate}")
        return res
    if len(a) != want:
        res["notes"].append(f"the export has {len(a)} frames, expected {want}")
    if a.shape[1] != b.shape[1]:
        res["notes"].append(f"{a.shape[1]} channels in the export, {b.shape[1]} in the CLI render")
        return res
    if np.abs(a).max() == 0:
        res["notes"].append("the export is silent")
    if exits[-1] != "0" or name not in done:
        why = crash_line(text)
        res["info"].append(f"ardour7-lua exited with status {exits[-1]} after writing the export"
                           + (f" ({why})" if why else "") + "; the export is what is judged")
    # the CLI render from the start bar, the named latency later in Ardour
    n = len(a)
    if bar_start - latency < 0 or bar_start - latency + n > len(b):
        res["notes"].append("the CLI render is too short")
        return res
    ref = b[bar_start - latency: bar_start - latency + n]
    d = np.abs(a - ref).max(axis=1)
    res["maxdiff"] = float(d.max())
    bad = np.flatnonzero(d > tol)
    if len(bad) == 0:
        res["offset"] = f"{latency:+d}" if latency else "0"
        res["ok"] = not res["notes"]
        if res["maxdiff"] > 0:
            # not bit-identical: name a constant gain if that is all it is
            loud = np.abs(ref) > 1e-3
            ratio = a[loud] / ref[loud] if loud.any() else np.ones(1)
            g = float(np.median(ratio))
            if g != 1.0 and float(ratio.max() - ratio.min()) < 1e-6:
                res["info"].append(f"within tolerance, not bit-identical (max |diff| {res['maxdiff']:.3g}): a gain, "
                                   f"the export is the CLI render times {g:.8f} ({20 * np.log10(g):+.2g} dB)")
            else:
                res["info"].append(f"within tolerance, not bit-identical (max |diff| {res['maxdiff']:.3g})")
        return res
    res["first"] = int(bad[0])
    # per differing stretch: how far Ardour's signal is shifted against the CLI's there
    regions = diff_regions(d, tol)
    lags = [(r, local_lag(a, b, bar_start, r)) for r in regions[:64]]
    # a constant offset: one shift k of the whole export (Ardour k samples late) that matches
    constant = None
    for k in sorted({lg for _, lg in lags if lg is not None} | set(range(-8, 9)), key=abs):
        s0 = bar_start - k
        if 0 <= s0 and s0 + n <= len(b) and float(np.abs(a - b[s0:s0 + n]).max()) <= tol:
            constant = k
            break
    beat = lambda r: (bar_start + r) * bpm / 60.0 / rate  # noqa: E731 (host beat of export sample r)
    if constant is not None:
        res["offset"] = f"const {constant:+d}"
        res["notes"].append(f"identical after a constant offset: Ardour {constant:+d} samples against the CLI "
                            f"(the test names {latency:+d}; set ARDOUR_TEST_LATENCY={constant} if that is intended)")
    else:
        uniq = sorted({lg for _, lg in lags if lg is not None})
        res["offset"] = ("varies " + ",".join(f"{u:+d}" for u in uniq)) if uniq else "?"
        detail = ", ".join(f"sample {r} (beat {beat(r):.4f}): " + ("?" if lg is None else f"{lg:+d}")
                           for r, lg in lags[:16])
        res["notes"].append(f"{len(regions)} differing stretches; Ardour's offset against the CLI at each: {detail}"
                            + (" ..." if len(lags) > 16 else ""))
    return res


def cmd_compare(args):
    rows = []
    with open(args.manifest) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                rows.append(line.split("\t"))
    results = [compare_run(r, args.tolerance, args.latency, args.rate, args.seconds) for r in rows]
    head = (f"{'run':<16} {'BPM':>4} {'bar':>3} {'block':>5} {'max |diff|':>10} {'first diff':>10} "
            f"{'offset':>8} {'exit':>4} {'tries':>5}  result")
    print(head)
    print("-" * len(head))
    for r in results:
        md = "-" if r["maxdiff"] is None else f"{r['maxdiff']:.3g}"
        fd = "-" if r["first"] is None else str(r["first"])
        print(f"{r['label']:<16} {r['bpm']:>4g} {r['bar']:>3} {r['block']:>5} {md:>10} {fd:>10} "
              f"{r['offset'] or '-':>8} {r['exit']:>4} {r['tries']:>5}  {'PASS' if r['ok'] else 'FAIL'}")
    failed = [r for r in results if not r["ok"]]
    notes = [(r["label"], "FAIL: " + n) for r in results for n in r["notes"]]
    notes += [(r["label"], n) for r in results for n in r["info"]]
    if notes:
        print()
        for label, n in notes:
            print(f"  {label}: {n}")
    print()
    print(f"max |diff| against the CLI render from the run's start bar, the named latency "
          f"({args.latency:+d} samples) applied; tolerance {args.tolerance:g}")
    print(f"{len(results) - len(failed)}/{len(results)} runs pass")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plugin-id")
    p.add_argument("cache_dir")
    p.add_argument("name")
    p = sub.add_parser("preset")
    p.add_argument("uid")
    p.add_argument("code")
    p.add_argument("out")
    p = sub.add_parser("cli-program")
    p.add_argument("code")
    p.add_argument("bpm", type=float)
    p.add_argument("bar", type=int)
    p.add_argument("cycles", type=int)
    p.add_argument("out")
    p = sub.add_parser("wav-ok")
    p.add_argument("wav")
    p.add_argument("frames", type=int)
    p = sub.add_parser("compare")
    p.add_argument("manifest")
    p.add_argument("--tolerance", type=float, default=1e-4)
    p.add_argument("--latency", type=int, default=0)
    p.add_argument("--rate", type=int, default=48000)
    p.add_argument("--seconds", type=float, default=8.0)
    args = ap.parse_args()

    if args.cmd == "plugin-id":
        uid, vendor = plugin_id(args.cache_dir, args.name)
        if not uid:
            print(f"no VST3 named {args.name} in {args.cache_dir}/*.v3i", file=sys.stderr)
            return 1
        print(uid, vendor)
    elif args.cmd == "preset":
        with open(args.code) as f:
            code = f.read()
        with open(args.out, "wb") as f:
            f.write(vstpreset(args.uid, state_json(code)))
    elif args.cmd == "cli-program":
        with open(args.code) as f:
            code = f.read()
        with open(args.out, "w") as f:
            f.write(cli_program(code, args.bpm, args.bar, args.cycles))
    elif args.cmd == "wav-ok":
        return 0 if wav_frames(args.wav) == args.frames else 1
    elif args.cmd == "compare":
        return cmd_compare(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
