note("<g1 bb1 d2 f1>")
.s("sawtooth, square") // <------
.scope()