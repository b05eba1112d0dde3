"""What the mpmath evaluators share: their exceptions, range limits and the sympy -> mpmath function tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import sympy

from derivcheck.engine.numbers import bessel
from derivcheck.lang.owens import owens_t, owens_t_value

__all__ = ["CONSTANTS", "EXACT", "FUNCTIONS", "MAX_EXP", "MAX_MAG", "Lost", "OutOfRange", "Uncomputable",
           "Undefined"]

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


class Uncomputable(Undefined):
    """The value may well exist, but this evaluator cannot find it (sympy cannot evaluate a function there, or
    a condition cannot be decided): "not computed", never "undefined"."""


class OutOfRange(Undefined):
    """The value (or an intermediate one) is too large to evaluate, though it may well be finite."""


class Lost(_Failure):
    """An addition cancelled (nearly) all its significant bits: this precision cannot give the value."""


Fn = Callable[..., Any]


def _integer(x: Any) -> int:
    """An order or branch that must be an integer (the parser lets only integers through)."""
    if x != int(x):
        raise ValueError("not an integer")
    return int(x)


def _lambertw(x: Any, k: Any = 0) -> Any:
    return mpmath.lambertw(x, _integer(k))


def _zeta(s: Any, q: Any = 1) -> Any:
    return mpmath.zeta(s, q)


def _erfcinv(x: Any) -> Any:
    # erfinv(1 - x) loses the digits of a small x in 1 - x: work with as many more bits as x lies below 1.
    with mpmath.extraprec(max(0, -mpmath.mag(x)) + 10 if x else 10):
        return mpmath.erfinv(1 - x)


def _owens_t(h: Any, a: Any) -> Any:
    value = owens_t_value(h, a)
    if value is None:
        raise ValueError("Owen's T: the quadrature cannot vouch for this value")
    return value


# Functions whose mpmath counterpart has the same real branch as sympy's; anything else goes through evalf.
# A value outside the real domain comes back complex (Ci(-1) = ci(1) + i*pi) and is refused as undefined.
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
    sympy.besselk: bessel.besselk,
    sympy.bessely: bessel.bessely,
    sympy.asec: mpmath.asec,
    sympy.acsc: mpmath.acsc,
    sympy.acot: mpmath.acot,
    sympy.acoth: mpmath.acoth,
    sympy.asech: mpmath.asech,
    sympy.acsch: mpmath.acsch,
    sympy.erfi: mpmath.erfi,
    sympy.erfcinv: _erfcinv,
    sympy.loggamma: mpmath.loggamma,
    sympy.digamma: mpmath.digamma,
    sympy.polygamma: lambda m, x: mpmath.psi(_integer(m), x),
    sympy.lowergamma: lambda a, x: mpmath.gammainc(a, 0, x),
    sympy.uppergamma: lambda a, x: mpmath.gammainc(a, x),
    sympy.betainc_regularized: lambda a, b, x1, x2: mpmath.betainc(a, b, x1, x2, regularized=True),
    sympy.Ei: mpmath.ei,
    sympy.expint: mpmath.expint,
    sympy.Si: mpmath.si,
    sympy.Ci: mpmath.ci,
    sympy.Shi: mpmath.shi,
    sympy.Chi: mpmath.chi,
    sympy.li: mpmath.li,
    sympy.fresnels: mpmath.fresnels,
    sympy.fresnelc: mpmath.fresnelc,
    sympy.polylog: mpmath.polylog,
    sympy.LambertW: _lambertw,
    sympy.zeta: _zeta,
    sympy.airyai: mpmath.airyai,
    sympy.airybi: mpmath.airybi,
    sympy.airyaiprime: lambda x: mpmath.airyai(x, derivative=1),
    sympy.airybiprime: lambda x: mpmath.airybi(x, derivative=1),
    sympy.sinc: mpmath.sinc,
    owens_t: _owens_t,
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
