"""Decide cheaply and exactly whether two expressions are equal on a domain (for mistake hints).

A hint must be true, so `Comparer.same` says yes only when a quick numeric screen agrees and then the rules of
a PROVED claim hold (`decide.exact_proof` with no time for `simplify`, which may not stop in time, and
`decide.confirmation` at CONFIRMING_POINTS points).  Anything less is "no".
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from derivcheck.engine.numbers.evaluate import evaluate, relative_gap
from derivcheck.engine.numbers.points import sample_points
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.decide import confirmation, confirmation_verdict, exact_proof
from derivcheck.results.checks import Verdict

#: Points of the numeric screen, and the agreement it asks for.
SCREEN_POINTS = 5
SCREEN_DIGITS = 20
SCREEN_TOLERANCE = mpmath.mpf("1e-12")

# Named constants a decimal may stand for, or a factor/offset may be (as written in a spec).
NAMED_CONSTANTS: tuple[tuple[str, sympy.Expr], ...] = (
    ("pi", sympy.pi),
    ("e", sympy.E),
    ("log(2)", sympy.log(2)),
    ("log(10)", sympy.log(10)),
    ("sqrt(2)", sympy.sqrt(2)),
    ("sqrt(3)", sympy.sqrt(3)),
    ("sqrt(pi)", sympy.sqrt(sympy.pi)),
    ("sqrt(2*pi)", sympy.sqrt(2 * sympy.pi)),
    ("1/sqrt(2)", 1 / sympy.sqrt(2)),
    ("1/sqrt(pi)", 1 / sympy.sqrt(sympy.pi)),
    ("2/sqrt(pi)", 2 / sympy.sqrt(sympy.pi)),
    ("sqrt(2/pi)", sympy.sqrt(2 / sympy.pi)),
    ("1/sqrt(2*pi)", 1 / sympy.sqrt(2 * sympy.pi)),
    ("pi/2", sympy.pi / 2),
    ("1/log(2)", 1 / sympy.log(2)),
    ("1/log(10)", 1 / sympy.log(10)),
    ("exp(-1)", sympy.exp(-1)),
)


class Comparer:
    """Equality tests on one problem's domain, stopping at `deadline` (monotonic seconds)."""

    def __init__(self, problem: Problem, deadline: float) -> None:
        self.problem = problem
        self.deadline = deadline
        self.points = sample_points(problem, SCREEN_POINTS, seed=11)
        self._cache: dict[sympy.Expr, list[Any | None]] = {}

    def time_left(self) -> bool:
        return time.monotonic() < self.deadline

    def value(self, expr: sympy.Expr, index: int) -> Any | None:
        """`expr` (the output name meaning g) at screen point `index`; None where it has no value."""
        values = self._cache.setdefault(expr, [])
        while len(values) <= index:
            values.append(evaluate(expr, self.problem, self.points[len(values)], SCREEN_DIGITS))
        return values[index]

    def values(self, expr: sympy.Expr) -> list[Any | None]:
        return [self.value(expr, i) for i in range(len(self.points))]

    def screen(self, left: sympy.Expr, right: sympy.Expr) -> bool:
        """Equal to 12 digits at every screen point where both have a value, and there are at least 3."""
        compared = 0
        for i in range(len(self.points)):  # point by point: most candidates fail at the first one
            x, y = self.value(left, i), self.value(right, i)
            if x is None or y is None:
                continue
            if relative_gap(x, y) > SCREEN_TOLERANCE:
                return False
            compared += 1
        return compared >= 3

    def same(self, left: sympy.Expr, right: sympy.Expr) -> bool:
        """left == right on the domain, shown exactly and confirmed numerically (False when unsure)."""
        if not self.time_left() or not self.screen(left, right):
            return False
        try:
            # deadline=now: the normal form (per branch for kinks), never the unbounded simplify.
            attempt, _, _ = exact_proof(self.problem, self.problem.with_output(right), left, deadline=time.monotonic())
        except Exception:  # sympy raises many kinds on odd input; any failure only means no hint
            return False
        if not attempt.proved or not self.time_left():
            return False
        return confirmation_verdict(confirmation(self.problem, right, left)) is Verdict.PROVED

    def constant_ratio(self, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr | None:
        """An exact constant k with left == k*right at the screen points (to be proved by the caller)."""
        pairs = self._pairs(left, right)
        if pairs is None or any(y == 0 for _, y in pairs):
            return None
        ratios = [x / y for x, y in pairs]
        if any(relative_gap(r, ratios[0]) > SCREEN_TOLERANCE for r in ratios):
            return None
        return identify(ratios[0])

    def constant_offset(self, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr | None:
        """An exact constant k with left == right + k at the screen points (to be proved by the caller)."""
        pairs = self._pairs(left, right)
        if pairs is None:
            return None
        offsets = [x - y for x, y in pairs]
        scale = [max(1, abs(x), abs(y)) for x, y in pairs]
        if any(abs(d - offsets[0]) > SCREEN_TOLERANCE * s for d, s in zip(offsets, scale, strict=True)):
            return None
        return identify(offsets[0])

    def _pairs(self, left: sympy.Expr, right: sympy.Expr) -> list[tuple[Any, Any]] | None:
        pairs = [(x, y) for x, y in zip(self.values(left), self.values(right), strict=True)
                 if x is not None and y is not None]
        return pairs if len(pairs) >= 3 else None


def identify(x: Any) -> sympy.Expr | None:
    """A short exact form of a nonzero number: p/q with q <= 100, or p/q times or over a named constant."""
    if x == 0:
        return None
    with mpmath.workdps(SCREEN_DIGITS):
        for _, constant in ((None, sympy.S.One), *NAMED_CONSTANTS):
            c = mpmath.mpf(sympy.N(constant, SCREEN_DIGITS))
            for scaled, back in ((x / c, constant), (x * c, 1 / constant)):
                fraction = _small_fraction(scaled)
                if fraction is not None:
                    return sympy.Rational(fraction.numerator, fraction.denominator) * back
    return None


def _small_fraction(x: Any) -> Fraction | None:
    fraction = Fraction(str(mpmath.nstr(x, SCREEN_DIGITS))).limit_denominator(100)
    if fraction == 0 or relative_gap(mpmath.mpf(fraction.numerator) / fraction.denominator, x) > SCREEN_TOLERANCE:
        return None
    return fraction
