"""The spot-check table: truth, claim, finite difference and the claim in float64 at chosen points."""

from __future__ import annotations

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
from derivcheck.engine.numbers.mpbasics import Lost, OutOfRange, Undefined
from derivcheck.engine.numbers.mpcompile import mp_value
from derivcheck.engine.numbers.mpscreen import on_boundary
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import SpotCheck

__all__ = ["FLOAT64_TOLERANCE", "central_difference", "spot_checks"]

#: float64 keeps the value when its relative error stays below this.
FLOAT64_TOLERANCE = 1e-6
# Where the reference value is exactly 0, float64 may still leave rounding noise of this size.
_FLOAT64_ZERO_NOISE = 1e-12

UNDEFINED = "undefined"
NOT_APPLICABLE = "n/a"
OUT_OF_RANGE = "too large"
BRANCH_POINT = "branch point"


def spot_checks(
    problem: Problem,
    truth: sympy.Expr,
    claimed: sympy.Expr,
    points: Sequence[sympy.Expr],
    *,
    h_digits: int = 20,
    witness: sympy.Expr | None = None,
    finite_difference: bool = True,
) -> tuple[SpotCheck, ...]:
    """One row per point.  Evidence only: none of these numbers proves or refutes anything.

    The finite difference is taken of `witness` (default g; pass g' when `truth` is g''); with
    `finite_difference=False` (an identity, which is no derivative) that column reads "n/a".
    """
    source = (problem.g if witness is None else witness) if finite_difference else None
    return tuple(_row(problem, truth, claimed, point, h_digits, source) for point in points)


def _row(
    problem: Problem,
    truth: sympy.Expr,
    claimed: sympy.Expr,
    point: sympy.Expr,
    h_digits: int,
    witness: sympy.Expr | None,
) -> SpotCheck:
    z = problem.z
    notes: list[str] = []
    kink = on_boundary(substituted(truth, problem), z, point)
    t = None if kink else evaluate(truth, problem, point, AGREE_DIGITS)
    c = evaluate(claimed, problem, point, AGREE_DIGITS)
    agree = t is not None and c is not None and relative_gap(t, c) <= AGREE_TOLERANCE
    if kink:
        notes.append(f"{z} = {sympy.sstr(point)} is a branch point of g' (see the kink analysis)")
    elif t is not None and c is not None and not agree:
        notes.append("the claim differs from g' here")
    f64, ok, note = _float64_column(problem, claimed, point, reference=c if c is not None else t)
    if note:
        notes.append(note)
    return SpotCheck(
        point=sympy.sstr(point),
        truth=BRANCH_POINT if kink else _text(t, problem, truth, point),
        claimed=_text(c, problem, claimed, point),
        finite_difference=(
            NOT_APPLICABLE
            if witness is None
            else _text(central_difference(problem, point, h_digits, of=witness), problem, witness, point)
        ),
        float64=f64,
        agree=agree,
        float64_ok=ok,
        note="; ".join(notes),
    )


def central_difference(
    problem: Problem, point: sympy.Expr, h_digits: int = 20, *, of: sympy.Expr | None = None
) -> Any | None:
    """(f(z+h) - f(z-h)) / 2h for f = `of` (default g) and h = 10^-h_digits, in ample precision."""
    f = problem.g if of is None else of
    h = sympy.Rational(1, 10**h_digits)
    dps = 2 * h_digits + 30
    above = evaluate(f, problem, point + h, dps)
    below = evaluate(f, problem, point - h, dps)
    if above is None or below is None:
        return None
    with mpmath.workdps(dps):
        return (above - below) / (2 * mpmath.mpf(10) ** (-h_digits))


def _float64_column(
    problem: Problem, claimed: sympy.Expr, point: sympy.Expr, *, reference: Any | None
) -> tuple[str, bool, str]:
    """The claim in float64 as written (`a` computed in float64 from g) and whether it kept the value."""
    env = {symbol: float(value) for symbol, value in problem.parameters.items()}
    env[problem.z] = float(point)
    try:
        if problem.a in claimed.free_symbols:
            env[problem.a] = float(float64_value(problem.g, env))
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


def _text(value: Any | None, problem: Problem, expr: sympy.Expr, point: sympy.Expr) -> str:
    """The value as a decimal; when there is none, say whether it is undefined or merely too large."""
    if value is not None:
        return format_number(value)
    try:
        mp_value(substituted(expr, problem), problem.z, point, 20)
    except OutOfRange:
        return OUT_OF_RANGE
    except (Undefined, Lost):
        pass
    return UNDEFINED
