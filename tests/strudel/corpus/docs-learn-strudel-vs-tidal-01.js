$: n("[0 .. 8]*8/9").scale("C:minor:pentatonic")

_$: s("bd*4").bank('RolandTR909')