"""The z grid of the float precision report: wide, dense near 0 and near finite ends, inside the domain."""

from __future__ import annotations

import numpy as np
import sympy

from derivcheck.results.numbers import significant

__all__ = ["grid", "representable"]

# Magnitudes on an unbounded side: log-spaced from 1e-4 to 1e3 (where activations change character), then a
# sparse tail out to 1e30 (where only rational formulas still have finite values: z*z overflows there).
_NEAR = np.logspace(-4, 3, 7 * 16 + 1)
_TAIL = np.logspace(3.5, 30, 54)
# A fine linear grid near 0 (or near a finite end), where the log grid is sparse in absolute terms.
_LINEAR = np.linspace(0.25, 20, 80)
# Fractions of a bounded interval's width at which to sample near either end.
_FRACTIONS = np.logspace(-7, np.log10(0.5), 48)
_INTERIOR = np.linspace(0, 1, 81)[1:-1]


def representable(x: float) -> float:
    """`x` rounded to float32, so that float32 and float64 code receive exactly the same input."""
    return float(np.float32(x))


def grid(interval: sympy.Set) -> list[float]:
    """Sorted float32-representable points strictly inside the domain, a few hundred of them."""
    points: set[float] = set()
    for low, high in _pieces(interval):
        for x in _piece_points(low, high):
            x = representable(x)
            if low < x < high and np.isfinite(x):
                points.add(x)
    return sorted(points)


def extent(points: list[float]) -> str:
    """The grid in words, e.g. "362 points, -1e+30 ≤ z ≤ 1e+30"."""
    if not points:
        return "no points"
    return f"{len(points)} points, {significant(points[0], 3)} ≤ z ≤ {significant(points[-1], 3)}"


def _piece_points(low: float, high: float) -> np.ndarray:
    magnitudes = np.concatenate([_NEAR, _TAIL, _LINEAR])
    if np.isinf(low) and np.isinf(high):
        return np.concatenate([[0.0], magnitudes, -magnitudes])
    if np.isinf(high):
        return low + magnitudes
    if np.isinf(low):
        return high - magnitudes
    width = high - low
    return np.concatenate([low + _FRACTIONS * width, high - _FRACTIONS * width, low + _INTERIOR * width])


def _pieces(interval: sympy.Set) -> list[tuple[float, float]]:
    """The domain's intervals as float ends (open or closed alike: the grid stays strictly inside)."""
    parts = interval.args if isinstance(interval, sympy.Union) else (interval,)
    pieces: list[tuple[float, float]] = []
    for part in parts:
        if not isinstance(part, sympy.Interval):
            continue  # isolated points cannot be sampled
        low, high = float(part.start), float(part.end)
        if low < high:
            # Keep clear of ends that float rounding of an irrational end could put on the wrong side.
            ends = [abs(end) for end in (low, high) if np.isfinite(end)]
            margin = 1e-12 * max([1.0, *ends])
            pieces.append((low + margin, high - margin))
    return pieces
