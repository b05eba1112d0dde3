"""Where an expression in z may change sign: its real zeros, its poles and the edges of where it is continuous.

Solved exactly (sympy's solveset over the reals); None wherever the points are not a finite set sympy finds,
so that a caller never takes a partial list for the whole.
"""

from __future__ import annotations

from functools import lru_cache

import sympy
from sympy.calculus.util import continuous_domain

__all__ = ["change_points"]

# Functions that are continuous on the whole real line: a condition built from them changes truth value only
# at zeros (of the numerator) and poles (zeros of the denominator) of lhs - rhs.
_CONTINUOUS = (sympy.exp, sympy.erf, sympy.erfc, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh, sympy.tanh,
               sympy.atan, sympy.asinh)


def _only_continuous(expr: sympy.Basic, z: sympy.Symbol) -> bool:
    if z not in expr.free_symbols:
        return True
    if isinstance(expr, sympy.Symbol):
        return True
    if isinstance(expr, sympy.Pow):
        exp = expr.exp
        return bool(exp.is_Integer and exp >= 0) and _only_continuous(expr.base, z)
    if isinstance(expr, (sympy.Add, sympy.Mul, *_CONTINUOUS)):
        return all(_only_continuous(arg, z) for arg in expr.args)
    return False


def _real_set_points(s: sympy.Set) -> list[sympy.Expr] | None:
    if s is sympy.S.EmptySet:
        return []
    if isinstance(s, sympy.FiniteSet):
        return list(s.args)
    return None


def _solve(expr: sympy.Expr, z: sympy.Symbol) -> list[sympy.Expr] | None:
    """The real zeros of expr, exactly; None when they are not a finite set sympy finds.

    Constants exp(c), E**c and log(c) of rational c (c != 0; != 1 for log) are transcendental (Lindemann), so
    they are solved for as positive or negative symbols: no polynomial with rational coefficients vanishes at
    them, and the generic solution is the solution.  sympy would otherwise factor exp(999999/1000000) as a
    polynomial of degree 10**6 in E**(1/10**6), and never finish.
    """
    inverted = _log_inverted(expr, z)
    if inverted is not None:
        expr = inverted
    constants: dict[sympy.Basic, sympy.Dummy] = {}
    for node in expr.atoms(sympy.exp, sympy.log, sympy.Pow):
        if not node.is_number or (isinstance(node, sympy.Pow) and node.base is not sympy.E):
            continue
        argument = node.args[0] if not isinstance(node, sympy.Pow) else node.exp
        if not argument.is_Rational or argument == 0 or (isinstance(node, sympy.log) and argument == 1):
            continue
        positive = node.is_positive
        constants[node] = sympy.Dummy("c", positive=True) if positive else sympy.Dummy("c", negative=True)
    found = _real_set_points(sympy.solveset(expr.xreplace(constants), z, sympy.S.Reals))
    if found is None or not constants:
        return found
    back = {symbol: node for node, symbol in constants.items()}
    return [p.xreplace(back) for p in found]


def _log_inverted(expr: sympy.Expr, z: sympy.Symbol) -> sympy.Expr | None:
    """A*log(u) + B = 0 (A, B free of z) as u - exp(-B/A) = 0: the same real zeros (where u > 0; the edge
    u = 0 of log's domain is found on its own), with exp(-B/A) a constant the solver keeps whole."""
    dependent, constant = expr.as_independent(z, as_Add=True)[::-1]
    factor, rest = dependent.as_independent(z, as_Add=False)
    if not isinstance(rest, sympy.log) or factor == 0:
        return None
    return rest.args[0] - sympy.exp(-constant / factor)


@lru_cache(maxsize=1024)
def change_points(f: sympy.Expr, z: sympy.Symbol) -> tuple[sympy.Expr, ...] | None:
    """Real points where the sign of f (Piecewise-free) may change: zeros and discontinuities."""
    numer, denom = sympy.fraction(sympy.together(f))
    try:
        zeros = _solve(numer, z)
        poles = _solve(denom, z) if z in denom.free_symbols else []
    except (NotImplementedError, ValueError, TypeError):
        return None
    if zeros is None or poles is None:
        return None
    extra: list[sympy.Expr] = []
    if not (_only_continuous(numer, z) and _only_continuous(denom, z)):
        try:
            domain = continuous_domain(f, z, sympy.S.Reals)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if domain != sympy.S.Reals:
            edges = _real_set_points(domain.boundary)
            if edges is None:
                return None
            extra = edges
    return (*zeros, *poles, *extra)


