-- Breakbeat: a syncopated kick and snare with ghost notes, shifted a quarter every fourth
-- cycle, and a high-pitched variation now and then.
-- Expect: kicks on 1 and the "and" of 2, snares on 2 and 4 with softer ghost snares.
setcps (135/60/4)
d1 $ every 4 (0.25 <~) $ sometimesBy 0.2 (# speed 1.5)
   $ s "bd ~ [~ bd] ~ sn ~ [~ sn:1] [bd sn:1], hh*16"
   # gain "1 0.8 0.9 0.8"
d2 $ s "~ ~ ~ ~ ~ ~ ~ cr" # gain 0.7 # room 0.3
