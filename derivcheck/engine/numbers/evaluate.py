"""High-precision values of an expression at an exact point, their decimal text, and when two count as equal."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import mpmath
import sympy
from sympy.core.evalf import PrecisionExhausted

from derivcheck.engine.numbers.mpbasics import Lost, Undefined
from derivcheck.engine.numbers.mpcompile import mp_value, to_mpf
from derivcheck.engine.problem import Problem

__all__ = ["AGREE_DIGITS", "AGREE_TOLERANCE", "evaluate", "format_number", "relative_gap", "strict_evalf",
           "substituted"]

#: Digits and relative tolerance at which two sides count as agreeing.
AGREE_DIGITS = 40
AGREE_TOLERANCE = mpmath.mpf("1e-25")


def format_number(x: Any, digits: int = 17) -> str:
    """A short decimal string: exact "0" for zero, at most `digits` significant digits, "4.5e-5" exponents."""
    if isinstance(x, sympy.Basic):
        with mpmath.workdps(40):
            x = to_mpf(x) if x.is_Number and x.is_finite else mpmath.mpf(float(x))
    if isinstance(x, float) or type(x).__module__ == "numpy":
        text = repr(float(x))  # a float prints as its shortest round-trip form
    else:
        # mpf(x) rounds to the context precision.  An mpf is rounded to a little more than is shown: one computed
        # at tens of thousands of digits would otherwise be printed through a string of all of them.
        with mpmath.workdps(max(digits, 40) + 10):
            value = +x if isinstance(x, mpmath.mpf) else mpmath.mpf(x)
        if value == 0:
            return "0"
        text = mpmath.nstr(value, digits)
    if text in ("0.0", "-0.0"):
        return "0"
    text = re.sub(r"e([+-])0*(\d)", r"e\1\2", text)
    return re.sub(r"\.0(?=e|$)", "", text)


def relative_gap(x: Any, y: Any) -> Any:
    """|x - y| relative to the larger magnitude (0 when both are 0)."""
    scale = max(abs(x), abs(y))
    return mpmath.mpf(0) if scale == 0 else abs(x - y) / scale


def evaluate(expr: sympy.Expr, problem: Problem, point: sympy.Expr, dps: int, *,
             patient: bool = True) -> Any | None:
    """The value of `expr` (output and parameters substituted) at z = point to `dps` digits, or None.

    Two precisions in a row must agree, rising while a cancellation eats the digits; beyond the highest,
    sympy's adaptive evalf decides, and None is returned when even that cannot pin the value down.
    `patient=False` (sampled points, where another point will do) skips evalf when even the highest
    precision cancelled to nothing: evalf may still find such a value (1 + erf(-70) = 1.3e-2173), but it
    took a second per point.
    """
    return _value(substituted(expr, problem), problem.z, point, dps, patient)


def substituted(expr: sympy.Expr, problem: Problem) -> sympy.Expr:
    """`problem.with_values(expr)`, remembered: every point of a claim needs the same substitution."""
    return _substituted(expr, problem.a, problem.g, tuple(problem.parameters.items()))


@lru_cache(maxsize=1024)
def _substituted(expr: sympy.Expr, a: sympy.Symbol, g: sympy.Expr,
                 parameters: tuple[tuple[sympy.Symbol, sympy.Expr], ...]) -> sympy.Expr:
    with_output = expr.xreplace({a: g}) if a in expr.free_symbols else expr
    result: sympy.Expr = with_output.xreplace(dict(parameters))
    return result


# Spot checks, the counterexample screen, certification and confirmation ask for the same (expression,
# point, digits) more than once; values are immutable, so they are remembered.
@lru_cache(maxsize=4096)
def _value(expr: sympy.Expr, z: sympy.Symbol, point: sympy.Expr, dps: int, patient: bool = True) -> Any | None:
    # Rising precisions until two in a row agree: a cancellation of k digits (1 - sigmoid(z) at z = 100)
    # needs k more, and sympy's adaptive evalf, the last resort, is slow.
    levels = (dps + 15, 2 * dps + 30, 4 * dps + 60, 8 * dps + 120)
    previous = None
    lost = hopeless = False
    for digits in levels:
        try:
            value = mp_value(expr, z, point, digits)
        except Undefined:
            if not lost:
                return None
            break  # perhaps an artefact of the cancellation: let evalf decide
        except Lost:
            lost, previous = True, None
            hopeless = digits == levels[-1]  # cancelled away even at the highest precision
            continue
        if previous is not None and relative_gap(previous, value) <= mpmath.mpf(10) ** (-dps):
            return value
        previous = value
    exact = expr.xreplace({z: point})
    if hopeless and not patient and not exact.is_Number:
        return None
    return strict_evalf(exact, dps)


def strict_evalf(exact: sympy.Expr, dps: int) -> Any | None:
    """sympy's adaptive evaluation with strict precision: a finite real mpf, or None."""
    try:
        result = exact.evalf(dps, strict=True)
    except PrecisionExhausted:
        return None
    if not result.is_Number or not result.is_finite:
        return None
    with mpmath.workdps(dps + 10):
        return to_mpf(result)
