-- Drum and bass at 172 BPM: a two-step break from the kit, shuffling hats that sometimes
-- double, and a long reese bass an octave and a half down.
-- Expect: kick on 1 and the "and" of 2, snares on 2 and 4, hats with random doubles.
setcps (172/60/4)
d1 $ s "bd ~ ~ ~ sn ~ ~ bd ~ ~ bd ~ sn ~ ~ ~"
d2 $ sometimesBy 0.25 (ply 2) $ s "hh*8" # gain "0.9 0.8" # pan (slow 2 sine)
d3 $ slow 2 $ n "<0 -2 -4 -5>" # s "superreese" # octave 3 # legato 1 # cutoff 900
