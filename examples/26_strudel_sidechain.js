// Strudel syntax: a sidechained pad. Each kick ducks orbit 2 (the pad, its delay and reverb)
// and lets it swell back over 0.3 s; the bass is compressed.
setcpm(122/4)

$: s("bd*4").bank("RolandTR909").duckorbit(2).duckattack(.3).duckdepth(.9)

$: note("<[c3,eb3,g3,bb3] [ab2,c3,eb3,g3]>").s("sawtooth").lpf(1800)
  .clip(1).gain(.3).room(.5).orbit(2)

$: note("c2 ~ c2 [~ c3] eb2 ~ c2 g1").s("square").lpf(600)
  .compressor("-20:6").gain(.45)
