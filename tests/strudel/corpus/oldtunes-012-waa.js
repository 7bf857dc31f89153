n(
  "a4 [a3 c3] a3 c3"
  .sub("<7 12>/2")
  .off(1/8, add("12"))
  .off(1/4, add("7"))
)
  .legato(.5)
  .slow(2)
  .s("sawtooth square")
  .cutoff("<2000 1000 500>")
  .out()
