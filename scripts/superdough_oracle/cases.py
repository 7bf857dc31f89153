"""The cases of tests/dough/superdough_figures.json: each a Tidal-syntax program Phonon renders
under SoundStage::Dough, and the superdough value it plays (one note at 0 s lasting 1 s, the
program at tempo 0.5 with the note in the first half of the cycle), with the figures measured on
superdough 1.2.6's own render (node-web-audio-api's OfflineAudioContext, 48 kHz, 2 s)."""

A = (0.3, 0.9)  # the sustained part of a 1 s note
CASES = [
    ("sine", 'note "69 ~" # s "sine"', {"s": "sine", "note": 69}, [["rms", *A], ["rms", 1.0, 1.1]]),
    ("sine_attack", 'note "69 ~" # s "sine"', {"s": "sine", "note": 69}, [["rms", 0.0, 0.0005], ["rms", 0.02, 0.04], ["rms", 0.04, 0.06]]),
    ("saw", 'note "57 ~" # s "sawtooth"', {"s": "sawtooth", "note": 57}, [["rms", *A], ["amp", *A, 220], ["amp", *A, 440], ["amp", *A, 660], ["amp", *A, 880]]),
    ("square", 'note "57 ~" # s "square"', {"s": "square", "note": 57}, [["rms", *A], ["amp", *A, 220], ["amp", *A, 440], ["amp", *A, 660]]),
    ("triangle", 'note "57 ~" # s "triangle"', {"s": "triangle", "note": 57}, [["rms", *A], ["amp", *A, 220], ["amp", *A, 660]]),
    ("note_name", 'note "a3 ~" # s "sine"', {"s": "sine", "note": "a3"}, [["rms", *A], ["amp", *A, 220]]),
    ("adsr", 'note "57 ~" # s "sawtooth" # attack 0.1 # decay 0.2 # sustain 0.5 # release 0.3', {"s": "sawtooth", "note": 57, "attack": 0.1, "decay": 0.2, "sustain": 0.5, "release": 0.3},
     [["rms", 0.04, 0.06], ["rms", 0.09, 0.11], ["rms", 0.19, 0.21], ["rms", 0.5, 0.9], ["rms", 1.14, 1.16], ["rms", 1.31, 1.4]]),
    ("gain", 'note "69 ~" # s "sine" # gain 1 # velocity 0.5 # postgain 1.5', {"s": "sine", "note": 69, "gain": 1, "velocity": 0.5, "postgain": 1.5}, [["rms", *A]]),
    ("pan", 'note "69 ~" # s "sine" # pan 0.25', {"s": "sine", "note": 69, "pan": 0.25}, [["rms", *A], ["rmsr", *A]]),
    ("lpf", 'note "45 ~" # s "sawtooth" # lpf 1000', {"s": "sawtooth", "note": 45, "cutoff": 1000}, [["rms", *A], ["centroid", *A], ["amp", *A, 990], ["amp", *A, 1980], ["amp", *A, 3960]]),
    ("lpf_q", 'note "45 ~" # s "sawtooth" # lpf 1000 # resonance 10', {"s": "sawtooth", "note": 45, "cutoff": 1000, "resonance": 10}, [["rms", *A], ["amp", *A, 990]]),
    ("lpf24", 'note "45 ~" # s "sawtooth" # lpf 1000 # ftype "24db"', {"s": "sawtooth", "note": 45, "cutoff": 1000, "ftype": "24db"}, [["rms", *A], ["amp", *A, 1980], ["amp", *A, 3960]]),
    ("ladder", 'note "45 ~" # s "sawtooth" # lpf 1000 # ftype "ladder"', {"s": "sawtooth", "note": 45, "cutoff": 1000, "ftype": "ladder"}, [["rms", *A], ["centroid", *A], ["amp", *A, 110], ["amp", *A, 990], ["amp", *A, 1980]]),
    ("ladder_q", 'note "45 ~" # s "sawtooth" # lpf 800 # resonance 20 # ftype "ladder" # drive 1.5 # lpenv 2', {"s": "sawtooth", "note": 45, "cutoff": 800, "resonance": 20, "ftype": "ladder", "drive": 1.5, "lpenv": 2}, [["rms", *A], ["centroid", 0.0, 0.1], ["centroid", *A]]),
    ("vowel_a", 'note "45 ~" # s "sawtooth" # vowel "a"', {"s": "sawtooth", "note": 45, "vowel": "a"}, [["rms", *A], ["centroid", *A], ["amp", *A, 660], ["amp", *A, 1100]]),
    ("vowel_i", 'note "38 ~" # s "sawtooth" # vowel "i"', {"s": "sawtooth", "note": 38, "vowel": "i"}, [["rms", *A], ["centroid", *A]]),
    ("hpf", 'note "45 ~" # s "sawtooth" # hpf 2000', {"s": "sawtooth", "note": 45, "hcutoff": 2000}, [["rms", *A], ["centroid", *A], ["amp", *A, 110], ["amp", *A, 1980]]),
    ("bpf", 'note "45 ~" # s "sawtooth" # bandf 1000 # bandq 4', {"s": "sawtooth", "note": 45, "bandf": 1000, "bandq": 4}, [["rms", *A], ["amp", *A, 990], ["amp", *A, 440]]),
    ("lpenv", 'note "33 ~" # s "sawtooth" # lpf 200 # lpenv 5 # lpdecay 0.3', {"s": "sawtooth", "note": 33, "cutoff": 200, "lpenv": 5, "lpdecay": 0.3},
     [["centroid", 0.0, 0.05], ["centroid", 0.1, 0.15], ["centroid", 0.2, 0.25], ["centroid", 0.5, 0.9]]),
    ("lpenv_default", 'note "33 ~" # s "sawtooth" # lpf 300 # lpenv 4', {"s": "sawtooth", "note": 33, "cutoff": 300, "lpenv": 4},
     [["centroid", 0.0, 0.03], ["centroid", 0.1, 0.14], ["centroid", 0.5, 0.9]]),
    # Deviations below the carrier only: node-web-audio-api 1.0.9's oscillator does not run
    # backwards through a negative instantaneous frequency as the spec's (and Chrome's) does
    # (tests/dough_sounds.rs measures that case against the ideal phase-accumulating FM).
    ("fm", 'note "57 ~" # s "sine" # fmi 1 # fmh 1', {"s": "sine", "note": 57, "fmi": 1, "fmh": 1},
     [["rms", *A], ["amp", *A, 220], ["amp", *A, 440], ["amp", *A, 660], ["amp", *A, 880]]),
    ("fm_ratio", 'note "57 ~" # s "sine" # fmi 1 # fmh 0.5', {"s": "sine", "note": 57, "fmi": 1, "fmh": 0.5},
     [["amp", *A, 220], ["amp", *A, 110], ["amp", *A, 330], ["amp", *A, 440]]),
    ("fm_env", 'note "57 ~" # s "sine" # fmi 4 # fmh 0.25 # fmdecay 0.3 # fmsustain 0', {"s": "sine", "note": 57, "fmi": 4, "fmh": 0.25, "fmdecay": 0.3, "fmsustain": 0},
     [["centroid", 0.0, 0.05], ["centroid", 0.5, 0.9]]),
    ("vib", 'note "69 ~" # s "sine" # vib 4 # vibmod 1', {"s": "sine", "note": 69, "vib": 4, "vibmod": 1}, [["rms", *A], ["amp", *A, 440]]),
    ("penv", 'note "69 ~" # s "sine" # penv 12', {"s": "sine", "note": 69, "penv": 12}, [["amp", 0.5, 0.9, 440], ["centroid", 0.01, 0.05]]),
    ("distort", 'note "57 ~" # s "sine" # distort 2', {"s": "sine", "note": 57, "distort": 2}, [["rms", *A], ["amp", *A, 220], ["amp", *A, 660], ["amp", *A, 1100]]),
    ("distort_fold", 'note "57 ~" # s "sine" # distort 3 # distorttype "fold"', {"s": "sine", "note": 57, "distort": 3, "distorttype": "fold"}, [["rms", *A], ["centroid", *A]]),
    ("shape", 'note "57 ~" # s "sine" # shape 0.7', {"s": "sine", "note": 57, "shape": 0.7}, [["rms", *A], ["amp", *A, 660]]),
    ("crush", 'note "57 ~" # s "sine" # crush 3', {"s": "sine", "note": 57, "crush": 3}, [["rms", *A], ["centroid", *A]]),
    ("coarse", 'note "57 ~" # s "sine" # coarse 8', {"s": "sine", "note": 57, "coarse": 8}, [["rms", *A], ["centroid", *A]]),
    # (The default 5-voice supersaw starts its voices at random phases, its level over a
    # second depends on them: tests/dough_sounds.rs checks its voices' pitches instead.)
    ("supersaw_one", 'note "48 ~" # s "supersaw" # unison 1', {"s": "supersaw", "note": 48, "unison": 1}, [["rms", *A], ["amp", *A, 130.81]]),
    ("pulse", 'note "57 ~" # s "pulse"', {"s": "pulse", "note": 57}, [["rms", *A], ["amp", *A, 220], ["amp", *A, 440]]),
    ("pulse_pw", 'note "57 ~" # s "pulse" # pw 0.0', {"s": "pulse", "note": 57, "pw": 0.0}, [["rms", *A], ["amp", *A, 220], ["amp", *A, 440]]),
    ("white", 's "white ~"', {"s": "white"}, [["rms", *A]]),
    ("pink", 's "pink ~"', {"s": "pink"}, [["rms", *A], ["centroid", *A]]),
    ("brown", 's "brown ~"', {"s": "brown"}, [["rms", *A]]),
    # `sbd`, the synthesized bass drum: its body's pitch sweep and decay (the brown-noise click
    # is 25 ms at 1.2, under the body).
    ("sbd", 's "sbd ~"', {"s": "sbd"}, [["rms", 0.0, 0.02], ["rms", 0.1, 0.2], ["rms", 0.3, 0.45], ["rms", 0.52, 0.6], ["centroid", 0.0, 0.05], ["centroid", 0.2, 0.4]]),
    ("sbd_set", 'note "40 ~" # s "sbd" # decay 0.25 # penv 12 # pdecay 0.1', {"s": "sbd", "note": 40, "decay": 0.25, "penv": 12, "pdecay": 0.1},
     [["rms", 0.0, 0.02], ["rms", 0.1, 0.2], ["rms", 0.27, 0.4], ["amp", 0.12, 0.25, 82.41], ["centroid", 0.0, 0.05]]),
    ("sbd_clip", 'note "36 ~" # s "sbd" # clip 0.1', {"s": "sbd", "note": 36, "clip": 0.1}, [["rms", 0.0, 0.08], ["rms", 0.1, 0.2]]),
    # `n` on a waveform: its first n partials (`waveformN`), normalized to a peak of 1.
    ("saw_partials", 'note "45 ~" # s "sawtooth" # n 4', {"s": "sawtooth", "note": 45, "n": 4}, [["rms", *A], ["amp", *A, 110], ["amp", *A, 220], ["amp", *A, 440], ["amp", *A, 550]]),
    ("square_partials", 'note "45 ~" # s "square" # n 5', {"s": "square", "note": 45, "n": 5}, [["rms", *A], ["amp", *A, 110], ["amp", *A, 330], ["amp", *A, 550], ["amp", *A, 770]]),
    ("triangle_partials", 'note "45 ~" # s "triangle" # n 3', {"s": "triangle", "note": 45, "n": 3}, [["rms", *A], ["amp", *A, 110], ["amp", *A, 330]]),
    ("sine_n", 'note "69 ~" # s "sine" # n 3', {"s": "sine", "note": 69, "n": 3}, [["rms", *A]]),
    ("default_note", 's "sawtooth ~"', {"s": "sawtooth"}, [["amp", *A, 65.41]]),
    ("clip", 'note "69 ~" # s "sine" # clip 0.5', {"s": "sine", "note": 69, "clip": 0.5}, [["rms", 0.3, 0.45], ["rms", 0.55, 0.9]]),
    ("tremolo", 'note "69 ~" # s "sine" # tremolo 4', {"s": "sine", "note": 69, "tremolo": 4}, [["rms", 0.25, 0.75], ["rms", 0.3, 0.32], ["rms", 0.45, 0.47]]),
    ("tremolo_sine", 'note "69 ~" # s "sine" # tremolo 2 # tremolodepth 0.5 # tremoloshape "sine"', {"s": "sine", "note": 69, "tremolo": 2, "tremolodepth": 0.5, "tremoloshape": "sine"}, [["rms", 0.25, 0.75], ["rms", 0.37, 0.39], ["rms", 0.62, 0.64]]),
    ("tremolosync", 'note "69 ~" # s "sine" # tremolosync 2', {"s": "sine", "note": 69, "tremolosync": 2}, [["rms", 0.0, 1.0], ["rms", 0.4, 0.45], ["rms", 0.9, 0.95]]),
    # (The phaser is not compared: node-web-audio-api's render of superdough's two swept notches
    # is shallower than the Web Audio spec's notch biquad with superdough's Q gives, by up to 20 %
    # in level; tests/dough_sounds.rs measures the sweep against superdough's source instead.)
]
