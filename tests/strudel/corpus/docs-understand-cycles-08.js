s(`<
[bd sd bd rim, hh*8] 
[bd sd bd rim*2, hh*8]
>`).cpm(110/4)