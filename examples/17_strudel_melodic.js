// Strudel syntax: a bass line, chords and a melody in a scale
setcps(0.5)

const chords = chord("<Am7 Dm7 G7 Cmaj7>")

$: note("<a1 d2 g1 c2>*4").s("sawtooth")
  .lpf(sine.range(400, 1600).slow(8)).lpq(6)
  .release(.1).gain(.5)

$: chords.voicing().s("triangle").gain(.25).room(.3)

$: n("0 [2 4] <3 5> [~ 7]").scale("A3:minor").s("piano")
  .off(1/8, x => x.add(n(2)).gain(.4))
  .gain(.5)
