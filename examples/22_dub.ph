-- Dub: a one-drop beat, offbeat piano skanks into a long tempo-locked delay, and a deep
-- bass. Expect: the skank's echoes a dotted eighth apart, fading over a cycle.
setcps (75/60/4)
d1 $ s "~ ~ [bd,rs] ~" # room 0.3
d2 $ s "hh*8" # gain 0.75
d3 $ n "~ [0,4,7] ~ [0,4,7]" # s "superpiano" # legato 0.2
   # delay 0.6 # delaytime (3/16) # lock 1 # delayfeedback 0.6 # orbit 1
d4 $ n "0 ~ ~ 0 ~ ~ -5 ~" # s "superfm" # octave 3 # legato 0.9 # gain 0.9
