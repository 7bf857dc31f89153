"""The figures of a stereo render x (n x 2, 48 kHz), as tests/dough_sounds.rs computes them:
rms/rmsr: RMS of the left/right channel over [a, b) s; amp: |DFT| at f Hz of the Hann-windowed
left channel over [a, b), times 2 / sum(window) (a sine of amplitude A gives A); centroid: the
amplitude-weighted mean frequency of the Hann-windowed left channel's spectrum (zero-padded
to a power of two) below 20 kHz."""
import numpy as np
SR = 48000

def measure(x, m):
    kind, a, b = m[0], m[1], m[2]
    i, j = int(round(a * SR)), int(round(b * SR))
    if kind == "rmsr":
        s = x[i:j, 1].astype(np.float64)
        return float(np.sqrt((s ** 2).mean()))
    s = x[i:j, 0].astype(np.float64)
    if kind == "rms":
        return float(np.sqrt((s ** 2).mean()))
    n = len(s)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)
    sw = s * w
    if kind == "amp":
        f = m[3]
        e = np.exp(-2j * np.pi * f * np.arange(n) / SR)
        return float(abs((sw * e).sum()) * 2 / w.sum())
    if kind == "centroid":
        m2 = 1 << (n - 1).bit_length()
        spec = np.abs(np.fft.rfft(sw, m2))
        fr = np.fft.rfftfreq(m2, 1 / SR)
        k = fr < 20000
        return float((spec[k] * fr[k]).sum() / max(spec[k].sum(), 1e-30))
    raise ValueError(kind)
