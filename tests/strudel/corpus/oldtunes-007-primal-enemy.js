const f = fast("<1 <2 [4 8]>>");
stack(
  "c3,g3,c4".struct("[x ~]*2").apply(f).transpose("<0 <3 [5 [7 [9 [11 13]]]]>>"),
  "c2 [c2 ~]*2".tone(synth(osc('sawtooth8')).chain(vol(0.8),out())),
  "c1*2".tone(membrane().chain(vol(0.8),out()))
).slow(1)