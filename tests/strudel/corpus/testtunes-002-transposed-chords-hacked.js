stack(
  "c2 eb2 g2",
  "Cm7".voicings('lefthand').slow(2)
).transpose(
  "<1 2 3 2>".slow(2)
).transpose(5)