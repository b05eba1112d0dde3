"""The spot-check table: truth, claim, finite difference and the claim in float64 at chosen points."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import mpmath
import numpy as np
import sympy

from derivcheck.engine.numbers.evaluate import (
    AGREE_DIGITS,
    AGREE_TOLERANCE,
    evaluate,
    format_number,
    relative_gap,
    substituted,
)
from derivcheck.engine.numbers.float64 import Unsupported, float64_value
from derivcheck.engine.numbers.hard_values import value_or_reason
from derivcheck.engine.numbers.mpscreen import on_boundary
from derivcheck.engine.numbers.sides import BranchPoint, at_branch_point
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import SpotCheck

__all__ = ["FLOAT64_TOLERANCE", "central_difference", "spot_checks"]

#: float64 keeps the value when its relative error stays below this.
FLOAT64_TOLERANCE = 1e-6
# Where the reference value is exactly 0, float64 may still leave rounding noise of this size.
_FLOAT64_ZERO_NOISE = 1e-12

NOT_APPLICABLE = "n/a"
BRANCH_POINT = "branch point"
#: Seconds a spot-check table may spend on values that cancel deeply (when the claim's budget allows).
SPOT_SECONDS = 1.0


def spot_checks(
    problem: Problem,
    truth: sympy.Expr,
    claimed: sympy.Expr,
    points: Sequence[sympy.Expr],
    *,
    h_digits: int = 20,
    witness: sympy.Expr | None = None,
    finite_difference: bool = True,
    until: float | None = None,
    written: sympy.Expr | None = None,
) -> tuple[SpotCheck, ...]:
    """One row per point.  Evidence only: none of these numbers proves or refutes anything.

    The finite difference is taken of `witness` (default g; pass g' when `truth` is g''); with
    `finite_difference=False` (an identity, which is no derivative) that column reads "n/a".  Values that
    cancel deeply are computed until `until` (monotonic seconds; default SPOT_SECONDS from now), and say
    "not computed (why)" past it: "undefined" only where there is no finite real value.  The float64 column
    evaluates `written` (the claim as float code computes it, log1p kept as log1p) when given.
    """
    source = (problem.g if witness is None else witness) if finite_difference else None
    deadline = time.monotonic() + SPOT_SECONDS if until is None else until
    float_form = claimed if written is None else written
    return tuple(_row(problem, truth, claimed, point, h_digits, source, deadline, float_form) for point in points)


def _row(
    problem: Problem,
    truth: sympy.Expr,
    claimed: sympy.Expr,
    point: sympy.Expr,
    h_digits: int,
    witness: sympy.Expr | None,
    until: float,
    float_form: sympy.Expr,
) -> SpotCheck:
    z = problem.z
    notes: list[str] = []
    at = f"{z} = {sympy.sstr(point)}"
    branching = on_boundary(substituted(truth, problem), z, point)
    found = None
    if witness is not None and _steps_here(substituted(witness, problem), z, point):
        found = BranchPoint(None, jump=True)  # floor(u) or ceiling(u) with u an integer here: g jumps
    elif witness is not None and (branching or on_boundary(substituted(witness, problem), z, point)):
        # A branch point of the formula for g' (or of g itself): g may still be differentiable there (ELU at 0),
        # or have a kink, or jump.
        found = at_branch_point(problem, truth, point, AGREE_DIGITS, of=witness)
    jump = found is not None and found.jump
    t: Any
    if jump:
        t = BRANCH_POINT
        notes.append(f"{at} is a branch point of g', where g jumps: no derivative (see the kink analysis)")
    elif not branching:
        t = value_or_reason(truth, problem, point, AGREE_DIGITS, until=until)
    elif found is not None and found.derivative is not None:
        t = found.derivative
        notes.append(f"{at} is a branch point of the formula; both sides give this value")
    elif found is not None and found.left is not None and found.right is not None:
        t = BRANCH_POINT
        notes.append(f"{at} is a branch point of g' and a kink of g: left g' {format_number(found.left, 10)}, "
                     f"right g' {format_number(found.right, 10)} (see the kink analysis)")
    else:
        t = BRANCH_POINT
        notes.append(f"{at} is a branch point of g' (see the kink analysis)")
    c = value_or_reason(claimed, problem, point, AGREE_DIGITS, until=until)
    agree = not isinstance(t, str) and not isinstance(c, str) and relative_gap(t, c) <= AGREE_TOLERANCE
    if not isinstance(t, str) and not isinstance(c, str) and not agree:
        notes.append("the claim differs from the true value here")
    f64, ok, note = _float64_column(problem, float_form, point, reference=None if isinstance(c, str) else c)
    if note:
        notes.append(note)
    if witness is None:
        difference = NOT_APPLICABLE
    elif jump:
        difference = NOT_APPLICABLE  # across a jump a difference quotient measures the jump, not a slope
    else:
        difference = _text(central_difference(problem, point, h_digits, of=witness, until=until), problem, witness,
                           point, until)
    return SpotCheck(
        point=sympy.sstr(point),
        truth=_shown(t),
        claimed=_shown(c),
        finite_difference=difference,
        float64=f64,
        agree=agree,
        float64_ok=ok,
        note="; ".join(notes),
    )


def _steps_here(expr: sympy.Expr, z: sympy.Symbol, point: sympy.Expr) -> bool:
    """Whether a floor or ceiling in `expr` steps at the point (its argument is an integer there, exactly)."""
    for step in expr.atoms(sympy.floor, sympy.ceiling):
        if z in step.free_symbols and step.args[0].xreplace({z: point}).is_integer is not False:
            return True
    return False


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else format_number(value)


def central_difference(
    problem: Problem, point: sympy.Expr, h_digits: int = 20, *, of: sympy.Expr | None = None,
    until: float | None = None,
) -> Any | None:
    """(f(z+h) - f(z-h)) / 2h for f = `of` (default g) and h = 10^-h_digits, in ample precision (with `until`,
    values that cancel deeply are computed as the spot checks compute them, until then)."""
    f = problem.g if of is None else of
    h = sympy.Rational(1, 10**h_digits)
    dps = 2 * h_digits + 30
    if until is None:
        above, below = evaluate(f, problem, point + h, dps), evaluate(f, problem, point - h, dps)
    else:
        above, below = (value_or_reason(f, problem, x, dps, until=until, rising=False) for x in (point + h, point - h))
    if above is None or below is None or isinstance(above, str) or isinstance(below, str):
        return None
    with mpmath.workdps(dps):
        if above != below and abs(above - below) <= max(abs(above), abs(below)) * mpmath.mpf(10) ** (5 - dps):
            return None  # the values differ by less than their rounding: the quotient would be noise
        return (above - below) / (2 * mpmath.mpf(10) ** (-h_digits))


def _float64_column(
    problem: Problem, claimed: sympy.Expr, point: sympy.Expr, *, reference: Any | None
) -> tuple[str, bool, str]:
    """The claim in float64 as written (`a` computed in float64 from g) and whether it kept the value."""
    env = {symbol: float(value) for symbol, value in problem.parameters.items()}
    env[problem.z] = float(point)
    try:
        if problem.a in claimed.free_symbols:
            env[problem.a] = float(float64_value(problem.g_float, env))
        value = float64_value(claimed, env)
    except Unsupported as error:
        return NOT_APPLICABLE, True, f"float64 not evaluated ({error} is not supported)"
    shown = format_number(value)
    if reference is None:
        return shown, True, ""
    if not np.isfinite(value):
        return shown, False, f"float64 gives {shown}; true value {format_number(reference)}"
    if reference == 0:
        ok = bool(abs(float(value)) <= _FLOAT64_ZERO_NOISE)
    else:
        ok = bool(value != 0 and relative_gap(mpmath.mpf(float(value)), reference) <= FLOAT64_TOLERANCE)
    said = "0.0" if value == 0 else shown  # "0.0": a float underflowed, not an exact zero
    note = "" if ok else f"float64 gives {said}; true value {format_number(reference, 2)}"
    return shown, ok, note


def _text(value: Any | None, problem: Problem, expr: sympy.Expr, point: sympy.Expr, until: float) -> str:
    """The finite difference as a decimal; when there is none, why (from the function it differences)."""
    if value is not None:
        return format_number(value)
    found = value_or_reason(expr, problem, point, 20, until=until)
    return found if isinstance(found, str) else "not computed (the function cancels near this point)"
