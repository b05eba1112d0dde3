"""The float precision report: a claim in float32 and float64 over a wide grid, against the exact value."""
