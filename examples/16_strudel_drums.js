// Strudel syntax: a drum machine, out of the box (synthesized TR-909 and TR-808 banks)
setcpm(124/4)

$: s("bd*4, [~ cp]*2, hh*8").bank("RolandTR909")
  .gain(".6 .4 .55 .4")
  .sometimesBy(.2, x => x.ply(2))

$: s("~ rim ~ [rim rim], ~ oh").bank("RolandTR808").gain(.4)
