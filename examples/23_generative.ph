-- Generative: random notes of a pentatonic scale, thinned at random, echoed an octave up
-- every third cycle and mirrored in stereo now and then. Every render plays the same notes
-- (Phonon's randomness is seeded by time).
setcps 0.5
d1 $ every 3 (off 0.125 (|+ n 12)) $ sometimesBy 0.3 (jux rev)
   $ degradeBy 0.4 $ n (scale "majPent" $ segment 8 $ irand 10) # s "arpy"
   # room 0.4 # gain 0.9
d2 $ s "bd*2 [~ bd] ~" # gain 0.9
