-- The program scripts/ardour_test.sh loads into Phonon in Ardour (through a VST3 preset) and
-- renders with the CLI: the default program's beat plus events between samples (thirds and
-- sevenths of a cycle are fractional sample positions at 90 and 120 BPM) and a synth voice.
-- Exactly one `out $` statement (the test masks the cycles before its start bar there).
tempo: 0.5
out $ stack [s "bd*2 [~ bd] ~ bd", s "~ sn ~ [sn cp]", s "hh*8" # gain "0.6 0.4",
             s "rs*3" # gain 0.5, s "tink(3,7,1)" # gain 0.4,
             n "<0 3> 7 [5 10] ~ 12" # s "superpiano" # legato 0.5 # gain 0.5]
  # gain 0.6
