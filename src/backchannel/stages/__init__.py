"""Pipeline stages: pure functions or small classes built once, applied to articles with no I/O."""
