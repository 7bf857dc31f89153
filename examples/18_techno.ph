-- Techno at 130 BPM on the built-in TR-909: four on the floor, open hats on the offbeats,
-- a clap on 2 and 4, and a rolling bass whose filter opens and closes over 8 cycles.
-- Expect: 4 kicks, 4 open hats and 2 claps a cycle; the bass brightens, then darkens.
setcps (130/60/4)
d1 $ s "bd*4" # bank "RolandTR909"
d2 $ s "~ oh ~ oh ~ oh ~ oh" # bank "RolandTR909" # gain 0.9
d3 $ s "~ cp ~ cp" # bank "RolandTR909" # room 0.2 # size 0.3
d4 $ n "~ 0 0 [0 12] ~ 0 [0 3] 0" # s "superreese" # legato 0.5
   # cutoff (range 300 2400 $ slow 8 sine) # resonance 0.2 # gain 0.9
