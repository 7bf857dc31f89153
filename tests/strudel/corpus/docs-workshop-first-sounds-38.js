sound("bd sd, - - - hh - hh - -, - perc - perc:1*2")
  .bank("RolandCompurhythm1000").cpm(120/2)