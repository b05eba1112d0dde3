"""The expression vocabulary: which names mean which sympy constants and functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

import sympy


class ArgumentLimit(Enum):
    """How large a constant argument may be before sympy's eager evaluation gets too expensive."""

    NONE = "none"
    # exp(c) of a constant c that sympy can turn into b**k (exp(k*log(b))) builds a k*log10(b)-digit number.
    EXP = "exp"
    # gamma(n) and loggamma(n) compute n! exactly, digamma(n) a harmonic number with n terms.
    GAMMA = "gamma"
    # polygamma(m, n) sums n terms of 1/k**(m+1) exactly: cost grows with both m and n.
    POLYGAMMA = "polygamma"
    # besselj(nu, x) and besseli(nu, x): only the order is bounded (sympy expands half-integer orders).
    BESSEL_ORDER = "bessel"


@dataclass(frozen=True)
class Function:
    """One callable name: how many arguments it takes and how to build it from sympy arguments."""

    name: str
    min_args: int
    max_args: int | None  # None: any number (max, min)
    build: Callable[..., sympy.Expr]
    summary: str
    limit: ArgumentLimit = ArgumentLimit.NONE
    uses: int = 1  # how often the formula repeats its argument: nesting silu 30 deep would build 2**30 terms


def _sigmoid(x: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-x))


def _softplus(x: sympy.Expr) -> sympy.Expr:
    return sympy.log(1 + sympy.exp(x))


def _relu(x: sympy.Expr) -> sympy.Expr:
    return sympy.Max(0, x)


def _silu(x: sympy.Expr) -> sympy.Expr:
    return x * _sigmoid(x)


def _gelu(x: sympy.Expr) -> sympy.Expr:
    return x / 2 * (1 + sympy.erf(x / sympy.sqrt(2)))


def _mish(x: sympy.Expr) -> sympy.Expr:
    return x * sympy.tanh(_softplus(x))


def _softsign(x: sympy.Expr) -> sympy.Expr:
    return x / (1 + sympy.Abs(x))


def _elu(x: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((x, sympy.Gt(x, 0)), (sympy.exp(x) - 1, True))


def _identity(x: sympy.Expr) -> sympy.Expr:
    return x


def _one(name: str, build: Callable[..., sympy.Expr], summary: str,
         limit: ArgumentLimit = ArgumentLimit.NONE, uses: int = 1) -> Function:
    return Function(name, 1, 1, build, summary, limit, uses)


_EXP = ArgumentLimit.EXP

_ELEMENTARY: tuple[Function, ...] = (
    _one("exp", sympy.exp, "exponential e**x", _EXP),
    _one("log", sympy.log, "natural logarithm"),
    _one("ln", sympy.log, "natural logarithm (same as log)"),
    _one("sqrt", sympy.sqrt, "principal square root"),
    _one("sin", sympy.sin, "sine"),
    _one("cos", sympy.cos, "cosine"),
    _one("tan", sympy.tan, "tangent"),
    _one("sinh", sympy.sinh, "hyperbolic sine", _EXP),
    _one("cosh", sympy.cosh, "hyperbolic cosine", _EXP),
    _one("tanh", sympy.tanh, "hyperbolic tangent", _EXP),
    _one("sech", sympy.sech, "hyperbolic secant 1/cosh(x)", _EXP),
    _one("csch", sympy.csch, "hyperbolic cosecant 1/sinh(x)", _EXP),
    _one("coth", sympy.coth, "hyperbolic cotangent 1/tanh(x)", _EXP),
    _one("asin", sympy.asin, "inverse sine"),
    _one("acos", sympy.acos, "inverse cosine"),
    _one("atan", sympy.atan, "inverse tangent"),
    _one("asinh", sympy.asinh, "inverse hyperbolic sine"),
    _one("acosh", sympy.acosh, "inverse hyperbolic cosine"),
    _one("atanh", sympy.atanh, "inverse hyperbolic tangent"),
    _one("erf", sympy.erf, "error function"),
    _one("erfc", sympy.erfc, "complementary error function 1 - erf(x)"),
    _one("erfinv", sympy.erfinv, "inverse error function"),
    _one("gamma", sympy.gamma, "gamma function", ArgumentLimit.GAMMA),
    _one("loggamma", sympy.loggamma, "logarithm of the gamma function", ArgumentLimit.GAMMA),
    Function("polygamma", 2, 2, sympy.polygamma, "polygamma(m, x): m-th derivative of digamma",
             ArgumentLimit.POLYGAMMA),
    _one("digamma", sympy.digamma, "digamma function gamma'(x)/gamma(x)", ArgumentLimit.GAMMA),
    Function("besseli", 2, 2, sympy.besseli, "besseli(nu, x): modified Bessel function of the first kind",
             ArgumentLimit.BESSEL_ORDER),
    Function("besselj", 2, 2, sympy.besselj, "besselj(nu, x): Bessel function of the first kind",
             ArgumentLimit.BESSEL_ORDER),
    _one("abs", sympy.Abs, "absolute value"),
    _one("Abs", sympy.Abs, "absolute value"),
    _one("sign", sympy.sign, "sign: -1, 0 or 1"),
    Function("max", 2, None, sympy.Max, "largest argument (two or more)"),
    Function("Max", 2, None, sympy.Max, "largest argument (two or more)"),
    Function("min", 2, None, sympy.Min, "smallest argument (two or more)"),
    Function("Min", 2, None, sympy.Min, "smallest argument (two or more)"),
    _one("Heaviside", sympy.Heaviside, "unit step (its value at 0 never decides a derivative)"),
)

_ACTIVATIONS: tuple[Function, ...] = (
    _one("sigmoid", _sigmoid, "1/(1 + exp(-x))", _EXP),
    _one("logistic", _sigmoid, "same as sigmoid", _EXP),
    _one("softplus", _softplus, "log(1 + exp(x))", _EXP),
    _one("relu", _relu, "max(0, x)"),
    _one("silu", _silu, "x*sigmoid(x)", _EXP, uses=2),
    _one("swish", _silu, "same as silu", _EXP, uses=2),
    _one("gelu", _gelu, "x/2*(1 + erf(x/sqrt(2)))", uses=2),
    _one("mish", _mish, "x*tanh(softplus(x))", _EXP, uses=2),
    _one("softsign", _softsign, "x/(1 + abs(x))", uses=2),
    _one("elu", _elu, "Piecewise((x, x > 0), (exp(x) - 1, True)), alpha = 1", _EXP, uses=3),
    _one("identity", _identity, "x"),
)

FUNCTIONS: Mapping[str, Function] = {f.name: f for f in _ELEMENTARY + _ACTIVATIONS}

CONSTANTS: Mapping[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E, "E": sympy.E}

# Forms with their own syntax rather than a plain call: Piecewise((expr, cond), ...) and diff(expr, z).
PIECEWISE = "Piecewise"
DIFF = "diff"

# Forms of specs with vectors only (`indices` declared): sum(expr, k) over k = 1..n, and the Kronecker delta(i, j).
SUM = "sum"
DELTA = "delta"
INDEX_FORMS: tuple[str, ...] = (SUM, DELTA)

FUNCTION_NAMES: tuple[str, ...] = (*(f.name for f in _ELEMENTARY), PIECEWISE, DIFF)
ACTIVATION_NAMES: tuple[str, ...] = tuple(f.name for f in _ACTIVATIONS)
CONSTANT_NAMES: tuple[str, ...] = tuple(CONSTANTS)

CALLABLE_NAMES: frozenset[str] = frozenset(FUNCTIONS) | {PIECEWISE, DIFF}

__all__ = [
    "ACTIVATION_NAMES",
    "CALLABLE_NAMES",
    "CONSTANTS",
    "CONSTANT_NAMES",
    "DELTA",
    "DIFF",
    "FUNCTIONS",
    "FUNCTION_NAMES",
    "INDEX_FORMS",
    "PIECEWISE",
    "SUM",
    "ArgumentLimit",
    "Function",
]
