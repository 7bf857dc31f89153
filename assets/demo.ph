-- A first beat: kick, snare and hats with a little swing of gains.
tempo: 0.5
out $ stack [s "bd*2 [~ bd] ~ bd", s "~ sn ~ [sn cp]", s "hh*8" # gain "0.9 0.8"] # gain 0.95
