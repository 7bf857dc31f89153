-- Macros: the plugin's knobs m1..m8 (0..1, automatable, on the host's remote-controls page)
-- shape the sound live. m1 opens the filter, m2 adds delay, m3 pitches the drums up.
-- Outside the plugin the macros are 0: the filter is dark and the drums dry.
setcps 0.5
d1 $ n "0 3 7 10 12 10 7 3" # s "supersaw" # legato 0.5
   # cutoff (m1 * 5000 + 300) # resonance 0.2 # delay m2 # delaytime 0.375
d2 $ s "bd*2 [~ bd] sn" # speed (m3 + 1)
