stepcat("c a f e".expand(4), "g d").note()
  .sound("folkharp")
  .pace(8)