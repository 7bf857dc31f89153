stepcat("c a f e".expand(2), "g d").note()
  .sound("folkharp")
  .pace(8)