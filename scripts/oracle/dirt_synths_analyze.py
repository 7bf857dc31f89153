# Per-note measures of the ported SuperDirt synths, Phonon vs SuperDirt (see dirt_synths.scd);
# run in /tmp/superdirt-cmp (it reuses the oracle's analyze.py).
import sys, json
src = open('analyze.py').read().split('out = {}')[0]
exec(src)
SY = sys.argv[1:] or ['supermandolin', 'supersquare', 'supercomparator', 'supergong']
for s in SY:
    for eng in ['sd', 'ph']:
        x = load(f'wav/{eng}/{s}.wav')
        print(f'== {s} {eng}')
        for i, n in enumerate(NOTES):
            exp = 261.6255653 * 2 ** (n / 12)
            r = measure_note(x, i * 2.0, i * 2.0 + 1.99, exp)
            keys = ['f0_cents_off', 'rms_dBFS', 'rms300_dBFS', 'peak_dBFS', 'attack_10_90_ms', 't_peak_ms', 'dur_to_-40dB_s', 'decay_peak_to_-20dB_s', 'centroid_Hz', 'harmonics_dB_rel_h1', 'side_over_mid_dB', 'LR_corr']
            print(n, {k: r.get(k) for k in keys})
        x = load(f'wav/{eng}/{s}_sus.wav')
        for i, su in enumerate([0.25, 0.5]):
            r = measure_note(x, i * 2.0, i * 2.0 + 1.99, 261.6255653, gate=su)
            print(' sus', su, {k: r.get(k) for k in ['dur_to_-40dB_s', 'rms_dBFS', 'decay_peak_to_-20dB_s', 'tail_after_gate_-40dB_ms']})
