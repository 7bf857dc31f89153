-- 128 SuperDirt superpiano voices (8 outputs of 16, 2 s notes), no effects: scsynth's
-- superpiano_shot workload (benches/sc), SuperDirt's own SynthDef.
cps: 0.5
o1 $ s "superpiano*16" # note "-23 -16 -11 -4" # legato 16 # gain 0.8
o2 $ s "superpiano*16" # note "-22 -15 -10 -3" # legato 16 # gain 0.8
o3 $ s "superpiano*16" # note "-21 -14 -9 -2" # legato 16 # gain 0.8
o4 $ s "superpiano*16" # note "-20 -13 -8 -1" # legato 16 # gain 0.8
o5 $ s "superpiano*16" # note "-19 -12 -7 0" # legato 16 # gain 0.8
o6 $ s "superpiano*16" # note "-18 -11 -6 1" # legato 16 # gain 0.8
o7 $ s "superpiano*16" # note "-17 -10 -5 2" # legato 16 # gain 0.8
o8 $ s "superpiano*16" # note "-16 -9 -4 3" # legato 16 # gain 0.8
