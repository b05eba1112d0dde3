"""What the mpmath evaluators share: their exceptions, range limits and the sympy -> mpmath function tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import sympy

__all__ = ["CONSTANTS", "EXACT", "FUNCTIONS", "MAX_EXP", "MAX_MAG", "Lost", "OutOfRange", "Undefined"]

# Values beyond 2**MAX_MAG (or exp of arguments beyond MAX_EXP) are treated as unusable: the next exp of
# such a number would have more digits than memory holds, and sympy's evalf would hang on it.
MAX_MAG = 4_000_000
MAX_EXP = 1_000_000


class _Failure(Exception):
    """`what` happened, at `node` if given; the node is printed only when the message is read.

    These are raised (and caught) thousands of times per claim: printing a sympy expression each time cost
    more than the evaluation.
    """

    def __init__(self, what: str, node: object = None) -> None:
        super().__init__(what, node)

    def __str__(self) -> str:
        what, node = self.args
        return str(what) if node is None else f"{what} {node}"


class Undefined(_Failure):
    """The expression has no finite real value at the point (or it is out of the range we evaluate)."""


class OutOfRange(Undefined):
    """The value (or an intermediate one) is too large to evaluate, though it may well be finite."""


class Lost(_Failure):
    """An addition cancelled (nearly) all its significant bits: this precision cannot give the value."""


Fn = Callable[..., Any]

# Functions whose mpmath counterpart has the same real branch as sympy's; anything else goes through evalf.
FUNCTIONS: dict[type[sympy.Basic], Fn] = {
    sympy.log: mpmath.log,
    sympy.sin: mpmath.sin,
    sympy.cos: mpmath.cos,
    sympy.tan: mpmath.tan,
    sympy.cot: mpmath.cot,
    sympy.sec: mpmath.sec,
    sympy.csc: mpmath.csc,
    sympy.asin: mpmath.asin,
    sympy.acos: mpmath.acos,
    sympy.atan: mpmath.atan,
    sympy.sinh: mpmath.sinh,
    sympy.cosh: mpmath.cosh,
    sympy.tanh: mpmath.tanh,
    sympy.coth: mpmath.coth,
    sympy.sech: mpmath.sech,
    sympy.csch: mpmath.csch,
    sympy.asinh: mpmath.asinh,
    sympy.acosh: mpmath.acosh,
    sympy.atanh: mpmath.atanh,
    sympy.erf: mpmath.erf,
    sympy.erfc: mpmath.erfc,
    sympy.erfinv: mpmath.erfinv,
    sympy.gamma: mpmath.gamma,
    sympy.Abs: abs,
    sympy.atan2: mpmath.atan2,
    sympy.besselj: mpmath.besselj,
    sympy.besseli: mpmath.besseli,
}

CONSTANTS: dict[sympy.Basic, Callable[[], Any]] = {
    sympy.pi: lambda: +mpmath.pi,
    sympy.E: lambda: +mpmath.e,
    sympy.EulerGamma: lambda: +mpmath.euler,
    sympy.Catalan: lambda: +mpmath.catalan,
    sympy.GoldenRatio: lambda: +mpmath.phi,
}

# Discontinuous nodes: their value is decided exactly (sympy on the exact point), never from rounded numbers.
EXACT = (sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling, sympy.frac, sympy.DiracDelta)
