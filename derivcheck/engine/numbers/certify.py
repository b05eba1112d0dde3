"""Certified counterexamples (two precisions must agree on a difference) and the numeric agreement of two sides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mpmath
import sympy

from derivcheck.engine.numbers.evaluate import (
    AGREE_DIGITS,
    AGREE_TOLERANCE,
    evaluate,
    format_number,
    relative_gap,
    strict_evalf,
    substituted,
)
from derivcheck.engine.numbers.mpscreen import on_boundary, visible
from derivcheck.engine.numbers.points import sample_points
from derivcheck.engine.pieces import branch_at
from derivcheck.engine.problem import Problem
from derivcheck.engine.tree import NotEncodable, encode
from derivcheck.results.certificate import Enclosure
from derivcheck.results.checks import Counterexample

__all__ = ["CERTIFY_DIGITS", "NO_VALUE", "Agreement", "agreement", "certify_difference", "certify_no_value",
           "find_counterexample"]

#: What a counterexample says the claim gives where a branch of it written nan holds.
NO_VALUE = "no value (a nan branch)"

#: Digits of the two evaluations a counterexample must survive (raised for a difference far below the values).
CERTIFY_DIGITS = (30, 60)
#: The most digits certification may use; a difference smaller than about 10**-(this - 70) of the values is
#: left unknown (UNDECIDED), never guessed.
MAX_CERTIFY_DIGITS = 800
# A certified difference must be this many orders of magnitude above the rounding of the sides at the lower
# precision (at 30 digits: a difference of at least 1e-20 of the values).
_MARGIN = 10
# The cheap screen only flags points where the sides differ by more than this (relative, at 20 digits).
_SCREEN_DIGITS = 20
_SCREEN_TOLERANCE = mpmath.mpf("1e-17")


@dataclass(frozen=True)
class Agreement:
    """How two sides compare at sample points: where they agree, certified differences, and the rest."""

    agreeing: tuple[sympy.Expr, ...]
    disagreeing: tuple[Counterexample, ...]
    inconclusive: int


def certify_difference(
    problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, point: sympy.Expr, *, boundaries: bool = False
) -> Counterexample | None:
    """A counterexample when truth and claim differ beyond doubt at `point`, else None.

    Soundness: both sides and their difference are evaluated by sympy's adaptive evalf with strict=True
    (every digit it returns is certified, cancellation included) at two precisions; the two differences must
    agree in all but their last few digits, lie far above the rounding of the sides, and match the difference
    of the sides.  Nothing is ever concluded from float64 or from the fast mpmath screen.  A difference far
    below the values (a factor 1 + 1e-30) is consistent at (30, 60) digits but too close to the rounding there;
    it is then evaluated again at as many more digits as it lies below the values (up to MAX_CERTIFY_DIGITS),
    where the same rules hold with room to spare.  A point on a branch boundary of either side (Heaviside(0),
    a Piecewise condition's edge) certifies nothing unless `boundaries` is set: there sympy's conventions, not
    g, decide the value.
    """
    z = problem.z
    sides = substituted(truth, problem), substituted(claimed, problem)
    if not boundaries and any(on_boundary(side, z, point) for side in sides):
        return None
    if any(evaluate(expr, problem, point, _SCREEN_DIGITS) is None for expr in (truth, claimed)):
        return None  # undefined, or too large for evalf to finish
    exact_truth, exact_claim = (side.xreplace({z: point}) for side in sides)
    digits = CERTIFY_DIGITS
    for _ in range(2):
        outcome = _certified(exact_truth, exact_claim, digits)
        if not isinstance(outcome, int):
            break
        # Consistent at both precisions but too small for them: shift both by the digits it lies below.
        shifted = (CERTIFY_DIGITS[0] + outcome, CERTIFY_DIGITS[1] + outcome)
        if shifted[1] > MAX_CERTIFY_DIGITS or shifted[0] <= digits[0]:
            return None
        digits = shifted
    else:
        return None
    if outcome is None:
        return None
    (t, c), runs = outcome
    shown = 17
    while format_number(t, shown) == format_number(c, shown) and shown < digits[1]:
        shown += 1  # show the two values with enough digits to tell them apart
    if shown > 17:
        shown = min(shown + 2, digits[1])  # and a little beyond, so they part by more than a rounding
    try:
        exact = encode(point)
    except NotEncodable:
        exact = None
    return Counterexample(point=sympy.sstr(point), expected=format_number(t, shown),
                          claimed=format_number(c, shown), exact=exact,
                          enclosures=tuple(Enclosure(dps, *(format_number(v, dps) for v in values))
                                           for dps, values in zip(digits, runs, strict=True)))


def _certified(exact_truth: sympy.Expr, exact_claim: sympy.Expr,
               digits: tuple[int, int]) -> tuple[tuple[Any, Any], list[list[Any]]] | int | None:
    """The sides (t, c) and the values at both precisions (truth, claim, difference) when the sides certifiably
    differ there; None when they do not.

    An int instead: the two differences agree, but lie too close to the rounding of the sides at these
    precisions; it is how many digits the difference lies below the values (how much more precision to ask).
    """
    low, high = digits
    runs: list[list[Any]] = []
    for dps in digits:
        values = [strict_evalf(e, dps) for e in (exact_truth, exact_claim, exact_truth - exact_claim)]
        if any(v is None for v in values):
            return None
        runs.append(values)
    (_, _, d_low), (t, c, d_high) = runs
    with mpmath.workdps(high + 10):
        # The low-precision difference must match the high one in all but its last few digits.
        if d_low == 0 or d_high == 0 or relative_gap(d_low, d_high) > mpmath.mpf(10) ** (5 - low):
            return None
        scale = max(abs(t), abs(c))
        if abs(d_high) <= mpmath.mpf(10) ** (_MARGIN - low) * scale:
            return max(1, int(mpmath.ceil(mpmath.log10(scale / abs(d_high)))))
        if relative_gap(t - c, d_high) > mpmath.mpf("1e-10"):
            return None  # the sides and their difference tell different stories
    return (t, c), runs


def find_counterexample(
    problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, points: Sequence[sympy.Expr]
) -> Counterexample | None:
    """The first point (in order) where the sides certifiably differ; a cheap screen picks the candidates.

    Sides equal to 20 digits are screened once more through their difference (truth - claim, as sympy leaves
    it), which shows a factor 1 + 1e-30 that no evaluation of the sides at 20 digits can.  The screens only
    choose points: `certify_difference` alone decides.
    """
    difference: sympy.Expr | None = None
    for point in points:
        t = evaluate(truth, problem, point, _SCREEN_DIGITS, patient=False)
        c = evaluate(claimed, problem, point, _SCREEN_DIGITS, patient=False)
        if t is not None and c is None and claimed.has(sympy.nan):
            found = certify_no_value(problem, truth, claimed, point)
            if found is not None:
                return found
        if t is None or c is None:
            continue
        if relative_gap(t, c) <= _SCREEN_TOLERANCE:
            if difference is None:
                difference = _difference(substituted(truth, problem), substituted(claimed, problem))
            if not visible(difference, problem.z, point):
                continue
        found = certify_difference(problem, truth, claimed, point)
        if found is not None:
            return found
    return None


def certify_no_value(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr,
                     point: sympy.Expr) -> Counterexample | None:
    """A counterexample where the claim has no value because a branch written nan holds there (decided exactly),
    while the truth has a value certified at two precisions; None otherwise (or on a branch boundary)."""
    z = problem.z
    sides = substituted(truth, problem), substituted(claimed, problem)
    if any(on_boundary(side, z, point) for side in sides):
        return None
    chosen = branch_at(sides[1], z, point)
    if chosen is None or not chosen.has(sympy.nan):
        return None  # no value by an accident of the formula (0/0), not by a branch that says so
    exact = sides[0].xreplace({z: point})
    low, high = (strict_evalf(exact, dps) for dps in CERTIFY_DIGITS)
    if low is None or high is None:
        return None
    with mpmath.workdps(CERTIFY_DIGITS[1]):
        scale = max(abs(high), mpmath.mpf(1))
        if abs(low - high) > mpmath.mpf(10) ** (5 - CERTIFY_DIGITS[0]) * scale:
            return None
    return Counterexample(point=sympy.sstr(point), expected=format_number(high), claimed=NO_VALUE)


@lru_cache(maxsize=256)
def _difference(truth: sympy.Expr, claimed: sympy.Expr) -> sympy.Expr:
    result: sympy.Expr = truth - claimed
    return result


def agreement(
    problem: Problem,
    truth: sympy.Expr,
    claimed: sympy.Expr,
    points: Sequence[sympy.Expr],
    *,
    need: int,
    avoid: Sequence[sympy.Expr] = (),
    seed: int = 7,
) -> Agreement:
    """Compare the sides at `points` (then fresh samples, up to 4 * need tries) until `need` agree.

    How many a proof needs is `derivcheck.engine.prove.decide.CONFIRMING_POINTS`.

    Agreeing means equal to a relative 1e-25 at 40 digits, or both exactly 0.  A certified difference stops
    the search (one is enough to contradict a proof); anything else counts as inconclusive.
    """
    candidates = list(points)
    if len(candidates) < 4 * need:
        extra = sample_points(problem, 4 * need, seed=seed, avoid=[*avoid, *candidates])
        candidates += extra[: 4 * need - len(candidates)]
    agreeing: list[sympy.Expr] = []
    inconclusive = 0
    for point in candidates:
        if len(agreeing) >= need:
            break
        t = evaluate(truth, problem, point, AGREE_DIGITS, patient=False)
        c = evaluate(claimed, problem, point, AGREE_DIGITS, patient=False)
        if t is None or c is None:
            inconclusive += 1
        elif relative_gap(t, c) <= AGREE_TOLERANCE:
            agreeing.append(point)
        else:
            found = certify_difference(problem, truth, claimed, point)
            if found is not None:
                return Agreement(tuple(agreeing), (found,), inconclusive)
            inconclusive += 1
    return Agreement(tuple(agreeing), (), inconclusive)
