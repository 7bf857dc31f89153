stack(
  "2,6"
    .scale('F3 dorian')
    .transpose(sine2.struct("x*64").slow(4).mul(2).round())
    .fast(2)
    .struct("x x*3")
    .legato(".9 .3"),
  "0@3 -3*3".legato(".95@3 .4").scale('F2 dorian')
)
  .transpose("<0 1 2 1>/2".early(0.5))
  .transpose(5)
  .fast(2 / 3)
  .note().piano().out()