-- MIDI out: the bass line is sent to the host as MIDI notes on channel 2 (route Phonon's MIDI
-- output to another instrument in the DAW), while the drums play Phonon's own sounds.
-- Expect: drums in the audio; 8 MIDI notes a cycle on channel 2.
setcps 0.5
d1 $ s "bd*4, ~ sn, hh*8"
d2 $ n "0 0 12 0 3 0 7 5" # s "midi" # midichan 2 # octave 3 # legato 0.5
