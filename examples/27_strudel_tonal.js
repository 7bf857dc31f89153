// Strudel syntax: chords voiced by Strudel's own voicing dictionary, a bass on their roots and
// a melody from the scale, on the built-in piano.
setcps(.5)
const chords = chord("<Cm9 Fm9 Ab^7 G7b13>")

$: chords.dict('ireal').voicing().s("piano").gain(.45)
$: chords.rootNotes(2).note().s("sawtooth").lpf(500).gain(.35)
$: n("<0 2 4 6 [7 6] 4 2 1>*2").scale("C4:minor").s("piano").gain(.4)
