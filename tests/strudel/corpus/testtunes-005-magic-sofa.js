stack(
  "<C^7 F^7 ~> <Dm7 G7 A7 ~>"
   .every(2, fast(2))
   .voicings('lefthand'),
  "<c2 f2 g2> <d2 g2 a2 e2>"
).transpose("<0 2 3 4>")