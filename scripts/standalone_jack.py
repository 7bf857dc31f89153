"""Measures scripts/standalone_jack.sh's recordings of phonon-standalone through JACK.

free.wav: the default beat (tempo 120 BPM, 4 beats a cycle: a cycle is 2 s; hats on every
eighth of a cycle, 0.25 s) played while the JACK transport is stopped: audible, and every onset
on the grid of 0.25 s from the first one (within one 5 ms frame: jack_rec starts at an arbitrary
sample of the app's clock). follow.wav: the same with --follow-transport and the transport
stopped: exact silence. rolling.wav: --follow-transport with the transport rolling: the beat
again, on the grid.
"""
import sys
import wave

import numpy as np


def read(path):
    with wave.open(path) as w:
        assert w.getnchannels() == 2, f"{path}: {w.getnchannels()} channels"
        width = w.getsampwidth()
        raw = w.readframes(w.getnframes())
    kind = {2: "<i2", 4: "<i4"}[width]
    x = np.frombuffer(raw, dtype=kind).reshape(-1, 2).astype(np.float64)
    return x / float(2 ** (8 * width - 1))


def onsets(x, rate):
    """Starts of 5 ms frames whose energy jumps well above the previous four frames."""
    hop = rate // 200
    m = x.sum(axis=1)
    e = (m[: len(m) // hop * hop].reshape(-1, hop) ** 2).sum(axis=1)
    return [i * hop for i in range(1, len(e)) if e[i] > 4.0 * e[max(0, i - 4) : i].max() + 1e-4]


def check_beat(path, rate):
    """The default beat in `path`: audible, onsets on the 0.25 s grid. Returns a summary."""
    x = read(path)
    assert len(x) >= 2 * rate, f"{path}: only {len(x)} frames"
    peak = float(np.abs(x).max())
    assert peak > 0.05, f"{path}: silent (peak {peak})"
    found = onsets(x, rate)
    eighth = rate // 4  # 0.25 s
    assert len(found) >= 8, f"{path}: {len(found)} onsets in {len(x) / rate:.1f} s: {found}"
    first = found[0]
    off = [(t - first) % eighth for t in found]
    off = [min(d, eighth - d) for d in off]
    hop = rate // 200
    assert max(off) <= hop, f"{path}: onsets off the 0.25 s grid by {max(off)} samples: {found}"
    steps = sorted({round((t - first) / eighth) for t in found})
    assert len(steps) >= 8, f"{path}: onsets on only {len(steps)} eighths: {found}"
    return f"peak {peak:.3f}, {len(found)} onsets on {len(steps)} eighths of the 0.25 s grid"


def main():
    free, follow, rolling, rate = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    a = check_beat(free, rate)
    b = check_beat(rolling, rate)
    y = read(follow)
    assert len(y) >= 2 * rate and float(np.abs(y).max()) == 0.0, f"{follow}: not silent with the transport stopped"
    print(f"free: {a}; follow-transport, stopped: silent; rolling: {b}")


if __name__ == "__main__":
    main()
