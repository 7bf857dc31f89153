-- Ambient: slow minor-ninth pads on a supersaw through a long reverb, with sparse random
-- bells above them. Expect: one chord every two cycles, a few high notes between.
setcps 0.25
d1 $ slow 2 $ n "<[0,3,7,10,14] [-4,0,3,7,10] [-2,2,5,9,12] [-7,-3,0,3,10]>"
   # s "supersaw" # legato 1.1 # cutoff 1400 # room 0.4 # size 0.9 # gain 0.75
d2 $ degradeBy 0.6 $ n (scale "minor" "<7 9 11 14>*4" + 12) # s "superfm"
   # room 0.4 # size 0.9 # pan rand # gain 0.8
