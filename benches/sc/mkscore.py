#!/usr/bin/env python3
"""Write scsynth NRT binary scores (sequence of [int32 size][OSC bundle]) for the benchmark workloads."""
import struct, random, sys, os

def ostr(s):
    b = s.encode() + b"\0"
    return b + b"\0" * ((4 - len(b) % 4) % 4)

def msg(addr, *args):
    tags, data = ",", b""
    for a in args:
        if isinstance(a, int): tags += "i"; data += struct.pack(">i", a)
        elif isinstance(a, float): tags += "f"; data += struct.pack(">f", a)
        elif isinstance(a, str): tags += "s"; data += ostr(a)
        else: raise TypeError(a)
    return ostr(addr) + ostr(tags) + data

def bundle(t, msgs):
    sec = int(t); frac = int((t - sec) * 2**32)
    b = ostr("#bundle") + struct.pack(">II", sec, frac)
    for m in msgs: b += struct.pack(">i", len(m)) + m
    return b

SR = 44100; DUR = float(os.environ.get('DUR', '60')); FRAMES = 2 * SR; NBUF = 16; BUSBASE = 64

def write(path, bundles):
    bundles.sort(key=lambda x: x[0])
    with open(path, "wb") as f:
        for t, ms in bundles:
            b = bundle(t, ms); f.write(struct.pack(">i", len(b)) + b)

def setup(extra_defs=()):
    ms = [msg("/d_loadDir", "/tmp/sc/defs")]
    for k in range(NBUF):
        ms.append(msg("/b_allocRead", k, f"/tmp/sc/samples/hit{k:02d}.wav", 0, 0))
    # voices group at head of root (ParGroup for supernova when PAR=1)
    ms.append(msg("/p_new" if os.environ.get("PAR") else "/g_new", 1, 0, 0))
    ms.append(msg("/g_new", 2, 3, 1))   # mixers group after group 1
    for k in range(NBUF):
        ms.append(msg("/s_new", "mix", 2000 + k, 1, 2, "in", BUSBASE + 2 * k, "out", 0))
    return ms

def sample_loop(defname, nvoices, rate):
    rnd = random.Random(42); ms = []
    for v in range(nvoices):
        k = v % NBUF
        ms.append(msg("/s_new", defname, 10000 + v, 1, 1, "buf", k, "out", BUSBASE + 2 * k,
                      "rate", float(rate), "amp", 0.02, "pan", rnd.uniform(-1, 1),
                      "start", float(rnd.randrange(FRAMES))))
    return [(0.0, setup()), (0.0001, ms), (DUR, [msg("/c_set", 0, 0)])]

def sample_shot(nvoices, rate):
    """one-shot voices (doneAction 2); spawn interval keeps ~nvoices sounding."""
    rnd = random.Random(42); life = FRAMES / SR / rate; dt = life / nvoices
    b = [(0.0, setup()), (DUR, [msg("/c_set", 0, 0)])]
    init = []
    for v in range(nvoices):  # initial population, staggered start offsets
        k = v % NBUF
        init.append(msg("/s_new", "pbshot", -1, 1, 1, "buf", k, "out", BUSBASE + 2 * k, "rate", float(rate),
                        "amp", 0.02, "pan", rnd.uniform(-1, 1), "start", float(int(FRAMES * v / nvoices))))
    b.append((0.0001, init))
    n = 1; t = dt
    while t < DUR:
        k = n % NBUF
        b.append((t, [msg("/s_new", "pbshot", -1, 1, 1, "buf", k, "out", BUSBASE + 2 * k, "rate", float(rate),
                           "amp", 0.02, "pan", rnd.uniform(-1, 1))]))
        n += 1; t = n * dt
    return b

def saw_loop(nvoices):
    rnd = random.Random(7); ms = []
    for v in range(nvoices):
        k = v % NBUF
        ms.append(msg("/s_new", "sawloop", 10000 + v, 1, 1, "out", BUSBASE + 2 * k,
                      "freq", rnd.uniform(55, 440), "cutoff", rnd.uniform(300, 4000), "rq", rnd.uniform(0.2, 0.5),
                      "amp", 0.01, "pan", rnd.uniform(-1, 1), "trigrate", 0.5, "tphase", rnd.random()))
    return [(0.0, setup()), (0.0001, ms), (DUR, [msg("/c_set", 0, 0)])]

def saw_shot(nvoices):
    rnd = random.Random(7); life = 2.0; dt = life / nvoices
    b = [(0.0, setup()), (DUR, [msg("/c_set", 0, 0)])]
    n = 0; t = 0.0001
    # warm-up: spawn so the steady state (~nvoices) is reached after 2 s; same count as steady state afterwards
    while t < DUR:
        k = n % NBUF
        b.append((t, [msg("/s_new", "sawshot", -1, 1, 1, "out", BUSBASE + 2 * k,
                           "freq", rnd.uniform(55, 440), "cutoff", rnd.uniform(300, 4000), "rq", rnd.uniform(0.2, 0.5),
                           "amp", 0.01, "pan", rnd.uniform(-1, 1))]))
        n += 1; t = 0.0001 + n * dt
    return b

def dirt_shot(defname, nvoices, outputs=8, notes=(-24, -17, -12, -5), sustain=2.0, pans=None):
    """A SuperDirt synth as ../programs/supersaw128.ph (and superfm128.ph, superpiano128.ph)
    plays it: one note every 2 / nvoices s, each 2 s long (sustain 2: `legato 16` of a 0.125 s
    event), so nvoices sound; output k of `outputs` plays `notes` + k + 1, each four times in
    turn. `sustain`: each note's hold (s); `pans`: a `pan` per output, when given."""
    dt = 2.0 / nvoices
    b = [(0.0, setup()), (DUR, [msg("/c_set", 0, 0)])]
    n = 0; t = 0.0001
    while t < DUR:
        k = n % outputs
        note = notes[(n // outputs // 4) % len(notes)] + k + 1  # "<synth>*16" of 4 notes
        pan = ("pan", float(pans[k])) if pans else ()
        b.append((t, [msg("/s_new", defname, -1, 1, 1, "out", BUSBASE + 2 * k,
                           "freq", 261.6255653005986 * 2 ** (note / 12), "sustain", sustain,
                           *pan)]))
        n += 1; t = 0.0001 + n * dt
    return b

if __name__ == "__main__":
    W = {
        "smp_loop_r1": lambda: sample_loop("pbloop", 512, 1.0),
        "smp_loop_r15": lambda: sample_loop("pbloop", 512, 1.5),
        "smp_shot_r1": lambda: sample_shot(512, 1.0),
        "smp_shot_r15": lambda: sample_shot(512, 1.5),
        "brd_lin_r15": lambda: sample_loop("brdlin", 512, 1.5),
        "brd_none_r1": lambda: sample_loop("brdnone", 512, 1.0),
        "smp_empty": lambda: sample_loop("pbloop", 0, 1.0),
        "saw_loop": lambda: saw_loop(256),
        "saw_shot": lambda: saw_shot(256),
        "supersaw_shot": lambda: dirt_shot("supersaw", 128),
        "superfm_shot": lambda: dirt_shot("superfm", 128),
        "superpiano_shot": lambda: dirt_shot("superpiano", 128),
        # ../programs/dough128.js: 1.9 s holds (`clip 15.2`) and a 0.09 s release, pan per line.
        "dough_shot": lambda: dirt_shot("doughfm", 128, sustain=1.9,
                                        pans=[0.15 + 0.1 * k for k in range(8)]),
    }
    for name in (sys.argv[1:] or W):
        b = W[name](); write(f"/tmp/sc/{name}{os.environ.get('SUFFIX', '')}.osc", b); print(name, len(b), "bundles")
