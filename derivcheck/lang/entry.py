"""One entry of the function vocabulary: its arity, how sympy builds it, its derivative and real domain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import sympy

#: Stands for "no value" (sympy's nan) while an expression is built: a branch written `nan` (or a function
#: undefined somewhere, such as atan2 at the origin) is no accident of evaluation, which the parser refuses.
#: The parser puts nan in its place once the expression is complete.
UNDEFINED = sympy.Dummy("undefined", real=True)


class ArgumentLimit(Enum):
    """How large a constant argument may be before sympy's eager evaluation gets too expensive."""

    NONE = "none"
    # exp(c) of a constant c that sympy can turn into b**k (exp(k*log(b))) builds a k*log10(b)-digit number.
    EXP = "exp"
    # tanh, sech, csch and coth of c: like exp, but of 2*c (tanh(log(x)) = (x**2 - 1)/(x**2 + 1)).
    HYPERBOLIC = "hyperbolic"
    # gamma(n) and loggamma(n) compute n! exactly, digamma(n) a harmonic number with n terms.
    GAMMA = "gamma"
    # polygamma(m, n) sums n terms of 1/k**(m+1) exactly: cost grows with both m and n.
    POLYGAMMA = "polygamma"
    # besselj(nu, x) and alike: only the order is bounded (sympy expands half-integer orders).
    ORDER = "order"
    # polylog(s, x), expint(n, x), zeta(s, q), jn(n, x): small orders only (sympy expands integer orders
    # into rational or elementary functions whose size grows with the order).
    SMALL_ORDER = "small order"


@dataclass(frozen=True)
class Function:
    """One callable name: its arity, how to build it from sympy arguments, and what the docs say of it.

    `constant` lists the argument positions (from 0) that may not depend on the variable: an order, a
    branch or a parameter of a special function, whose derivative in that argument is not known (or not
    real).  `integer` lists positions that must be integer constants.  `derivative` and `domain` are the
    documentation of the derivative rule and of where the function is real; tests check both numerically.
    """

    name: str
    min_args: int
    max_args: int | None  # None: any number (max, min)
    build: Callable[..., sympy.Expr]
    summary: str
    limit: ArgumentLimit = ArgumentLimit.NONE
    uses: int = 1  # how often the formula repeats its argument: nesting silu 30 deep would build 2**30 terms
    derivative: str = ""
    domain: str = "all real x"
    constant: tuple[int, ...] = ()
    integer: tuple[int, ...] = ()
    group: str = "elementary"


def one(name: str, build: Callable[..., sympy.Expr], summary: str, derivative: str,
        domain: str = "all real x", limit: ArgumentLimit = ArgumentLimit.NONE, uses: int = 1,
        group: str = "elementary") -> Function:
    """A function of one argument x."""
    return Function(name, 1, 1, build, summary, limit, uses, derivative, domain, group=group)
