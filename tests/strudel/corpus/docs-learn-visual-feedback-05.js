note("c a f e").color("white")
._punchcard()
.color("cyan")