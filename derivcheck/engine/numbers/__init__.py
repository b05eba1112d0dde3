"""Numbers at exact points: high-precision values, certified differences, sample points, spot checks, float64."""
