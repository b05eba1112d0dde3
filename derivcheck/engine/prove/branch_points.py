"""Exact rational points inside every branch interval and beside every breakpoint, where a local error shows.

A claim wrong only on (7/3, 12/5), or on the sliver between a boundary written 1.41421356237 and the true
sqrt(2), agrees with g' at almost every sampled point.  Its breakpoints (and g's) cut the domain into pieces on
each of which both sides are single formulas; a point inside every piece, and points just inside each of its
ends, meet every such error.  The points are exact rationals proved strictly between their piece's ends (exact
comparison, or sympy's strict evalf for irrational ends), so a point never falls on a boundary, however close
two breakpoints are (1e-12 apart or far less).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cmp_to_key
from itertools import pairwise

import mpmath
import sympy
from sympy.core.evalf import PrecisionExhausted

from derivcheck.engine.numbers.exact_sign import less
from derivcheck.engine.pieces import breakpoints, has_branches
from derivcheck.engine.problem import Problem

__all__ = ["branch_points", "breakpoints_at_values"]

# Where inside a bounded piece (as fractions of its width): the middle, and near either end.
_FRACTIONS = (sympy.S.Half, sympy.Rational(1, 97), sympy.Rational(96, 97), sympy.Rational(1, 10**6),
              1 - sympy.Rational(1, 10**6))
# Beside the finite end of an unbounded piece (times max(1, |end|)); sampling covers the far parts.
_OFFSETS = (sympy.Rational(1, 10**6), sympy.Rational(1, 97), sympy.Integer(1))
_MAX_PIECES = 40
# A point beside an irrational end is rounded to a decimal at most this fine (ends closer stay unprobed).
_MAX_DECIMALS = 300


def breakpoints_at_values(problem: Problem, *exprs: sympy.Expr) -> list[sympy.Expr]:
    """The breakpoints of g and of `exprs` (output name as g), parameters at their values; unsolvable ones left out."""
    if not any(has_branches(expr) for expr in (problem.g, *exprs)):
        return []  # the common case, decided without substituting g into the claim
    points: list[sympy.Expr] = []
    for expr in (problem.g, *exprs):
        found = breakpoints(problem.with_output(expr), problem.z, problem.parameters)
        points.extend(p.xreplace(dict(problem.parameters)) for p in found or ())
    return points


def branch_points(problem: Problem, exprs: Sequence[sympy.Expr], *,
                  first: tuple[sympy.Expr, sympy.Expr] | None = None) -> list[sympy.Rational]:
    """Points inside each piece between consecutive breakpoints of g and `exprs` in the domain (`first`'s first).

    `first` is a piece (lower, upper) to look in before the others, such as the one a proof could not close.
    """
    found = breakpoints_at_values(problem, *exprs)
    if not found and first is None:
        return []
    points: list[sympy.Rational] = [] if first is None else _inside(*first)
    parts = problem.interval.args if isinstance(problem.interval, sympy.Union) else (problem.interval,)
    for part in parts:
        if not isinstance(part, sympy.Interval):
            continue
        inner = [p for p in dict.fromkeys(found) if _real(p) and less(part.inf, p) and less(p, part.sup)]
        for lower, upper in list(pairwise(_ordered([part.inf, *inner, part.sup])))[:_MAX_PIECES]:
            points.extend(_inside(lower, upper))
    return [p for p in dict.fromkeys(points) if problem.interval.contains(p) is sympy.true]


def _real(p: sympy.Expr) -> bool:
    return bool(p.is_number and p.is_extended_real is True and p.is_finite is True)


def _ordered(points: list[sympy.Expr]) -> list[sympy.Expr]:
    """Sorted by exact comparison; points not provably apart from their neighbour are dropped."""
    ordered = sorted(points, key=cmp_to_key(lambda x, y: -1 if less(x, y) else (1 if less(y, x) else 0)))
    kept: list[sympy.Expr] = []
    for p in ordered:
        if not kept or less(kept[-1], p):
            kept.append(p)
    return kept


def _inside(lower: sympy.Expr, upper: sympy.Expr) -> list[sympy.Rational]:
    """Exact rationals strictly between lower < upper: the middle and near each finite end."""
    if lower.is_infinite and upper.is_infinite:
        return []
    if lower.is_infinite or upper.is_infinite:
        end, step = (upper, -1) if lower.is_infinite else (lower, 1)
        scale = sympy.Max(1, abs(end))
        targets = [(end, step * scale * o, scale * o) for o in _OFFSETS]
    else:
        width = upper - lower
        targets = [(lower, width * f, width * min(f, 1 - f)) for f in _FRACTIONS]
    found: list[sympy.Rational] = []
    for base, offset, room in targets:
        x = _rational(base + offset, room)
        if x is not None and less(lower, x) is True and less(x, upper) is True:
            found.append(x)
    return found


def _rational(target: sympy.Expr, room: sympy.Expr) -> sympy.Rational | None:
    """`target` when rational, else a decimal rational far closer to it than `room` (its distance to an end)."""
    if target.is_Rational:
        return target
    size = _approximate(room, 20)
    if size is None or size == 0:
        return None
    magnitude = _approximate(target, 20)
    if magnitude is None:
        return None
    with mpmath.workdps(30):
        # Rounding to this many decimals moves the point by at most 1/1000 of its room.
        decimals = max(0, int(mpmath.ceil(-mpmath.log10(abs(size)))) + 3)
        whole = max(0, int(mpmath.ceil(mpmath.log10(abs(magnitude) + 1))))
    if decimals > _MAX_DECIMALS:
        return None
    value = _approximate(target, whole + decimals + 10)
    if value is None:
        return None
    with mpmath.workdps(whole + decimals + 20):
        return sympy.Rational(int(mpmath.nint(value * mpmath.mpf(10) ** decimals)), 10**decimals)


def _approximate(x: sympy.Expr, digits: int) -> mpmath.mpf | None:
    """x to `digits` certified significant digits (sympy's strict evalf), or None."""
    try:
        value = x.evalf(digits, strict=True)
    except (PrecisionExhausted, ValueError, TypeError):
        return None
    if not (value.is_Number and value.is_finite):
        return None
    with mpmath.workdps(digits + 10):  # mpf() rounds to the working precision
        return mpmath.mpf(value._mpf_) if value.is_Float else mpmath.mpf(int(value.p)) / int(value.q)
