"""Values the spot-check table needs that plain evaluation cannot give: deep cancellation, and the reason why not.

`evaluate` gives up where a sum cancels more digits than 8*dps + 120 (1 - tanh(exp(10))**2 cancels 19,000);
for the evidence table that is no reason to print "undefined".  Two ways are tried, within a time budget:
the same expression with its exponentials' cancellations done algebraically (tanh and its kin written with exp,
then sympy's `cancel`: an equal rational function of the exponentials, used only where every denominator of
the original is visibly nonzero at the point, so a 0/0 of the original never gets a value), then rising
precision up to SPOT_MAX_DIGITS, two precisions in a row agreeing as always.  What still has no value is
"not computed (why)"; "undefined" is kept for expressions that have no finite real value there.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

import mpmath
import sympy

from derivcheck.engine.numbers.evaluate import evaluate, relative_gap, substituted
from derivcheck.engine.numbers.mpbasics import Lost, OutOfRange, Uncomputable, Undefined
from derivcheck.engine.numbers.mpcompile import mp_value
from derivcheck.engine.numbers.mpscreen import visible
from derivcheck.engine.problem import Problem

__all__ = ["NOT_COMPUTED", "OUT_OF_RANGE", "SPOT_MAX_DIGITS", "UNDEFINED", "value_or_reason"]

UNDEFINED = "undefined"
OUT_OF_RANGE = "too large"
NOT_COMPUTED = "not computed"
#: The most digits a spot value may ask for when a cancellation eats them.
SPOT_MAX_DIGITS = 40_000
# Expressions larger than this, or with more exponentials, are not rewritten: sympy's cancel (which cannot be
# interrupted) would take longer than the evidence is worth, seconds to minutes for nested exponentials.
_MAX_OPS = 300
_MAX_EXPONENTIALS = 3


def value_or_reason(expr: sympy.Expr, problem: Problem, point: sympy.Expr, dps: int, *, until: float,
                    rising: bool = True) -> Any:
    """The value of `expr` at the point to `dps` digits (an mpf), or the text saying why it has none
    (`rising=False`: no climb in precision, for the many values of a finite difference)."""
    value = evaluate(expr, problem, point, dps)
    if value is not None:
        return value
    exact = substituted(expr, problem)
    z = problem.z
    try:
        mp_value(exact, z, point, dps + 15)
    except Lost:
        pass
    except OutOfRange:
        return OUT_OF_RANGE
    except Uncomputable as error:
        return f"{NOT_COMPUTED} ({error.args[0]})"
    except Undefined:
        return UNDEFINED
    found = _cancelled(exact, z, point, dps)
    if found is not None:
        return found
    if not rising:
        return f"{NOT_COMPUTED} (a sum cancels more than {8 * dps + 120} digits)"
    return _rising(exact, z, point, dps, until)


def _cancelled(exact: sympy.Expr, z: sympy.Symbol, point: sympy.Expr, dps: int) -> Any | None:
    form = _cancelled_form(exact)
    if form is None or not all(visible(base, z, point) for base in _denominators(exact, z)):
        return None
    try:
        first, second = mp_value(form, z, point, dps + 15), mp_value(form, z, point, 2 * dps + 30)
    except (Lost, Undefined):
        return None
    return second if relative_gap(first, second) <= mpmath.mpf(10) ** (-dps) else None


@lru_cache(maxsize=128)
def _cancelled_form(exact: sympy.Expr) -> sympy.Expr | None:
    if sympy.count_ops(exact) > _MAX_OPS:
        return None
    try:
        rewritten = exact.rewrite(sympy.exp)
        if sympy.count_ops(rewritten) > _MAX_OPS or len(rewritten.atoms(sympy.exp)) > _MAX_EXPONENTIALS:
            return None
        form: sympy.Expr = sympy.cancel(rewritten)
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    return None if form == exact else form


def _denominators(expr: sympy.Expr, z: sympy.Symbol) -> list[sympy.Expr]:
    return list(dict.fromkeys(node.base for node in sympy.preorder_traversal(expr)
                              if isinstance(node, sympy.Pow) and node.exp.is_negative and z in node.base.free_symbols))


def _rising(exact: sympy.Expr, z: sympy.Symbol, point: sympy.Expr, dps: int, until: float) -> Any:
    """Precision raised fourfold while the cancellation persists (and time allows); a second precision, a
    quarter higher, must agree."""
    digits = 8 * dps + 120
    spent = 0.0  # seconds the last precision took: four times the digits take about ten times as long
    while digits < SPOT_MAX_DIGITS and time.monotonic() + 10 * spent < until:
        digits = min(4 * digits, SPOT_MAX_DIGITS)
        started = time.monotonic()
        try:
            first = mp_value(exact, z, point, digits)
            second = mp_value(exact, z, point, digits + digits // 4)
        except Lost:
            spent = time.monotonic() - started
            continue
        except OutOfRange:
            return OUT_OF_RANGE
        except Undefined:
            return UNDEFINED
        if relative_gap(first, second) <= mpmath.mpf(10) ** (-dps):
            return second
        return f"{NOT_COMPUTED} (the value changes with the precision)"
    if digits < SPOT_MAX_DIGITS:
        return f"{NOT_COMPUTED} (no time left for the digits it needs)"
    return f"{NOT_COMPUTED} (a sum cancels more than {SPOT_MAX_DIGITS} digits)"
