"""Exact rewrites that let the normal form compare special functions: each relates a function to fewer others.

The normal form treats every function it does not know as an independent symbol, so besselk(-1, x) and
besselk(1, x), or polylog(1, x) and log(1 - x), would never cancel.  Each rewrite below is an identity of the
functions wherever both sides are defined (the classical recurrences and reflections of DLMF 10.4, 10.6, 10.27,
10.29, 8.19.12, 25.12.10, and the definition w**s = exp(s*log(w)) of sympy's principal powers); a recurrence
divides by x, so it may hold only away from x = 0, and ceiling(u) = floor(u) + 1 only where u is no integer:
isolated points, which the argument of the normal form allows
(an identity of functions continuous where defined that holds off isolated points holds wherever both sides
are defined).
"""

from __future__ import annotations

import sympy

__all__ = ["rewrite_special"]

# Integer orders up to this size are reduced to the orders 0 and 1 (the recurrence grows with the order).
_MAX_ORDER = 30

_BESSEL = (sympy.besselj, sympy.bessely, sympy.besseli, sympy.besselk)


def rewrite_special(node: sympy.Basic) -> sympy.Basic:
    """`node` (its arguments already rewritten) in terms of fewer special functions, or `node` itself."""
    if isinstance(node, _BESSEL):
        return _bessel(node)
    if isinstance(node, sympy.expint):
        return _expint(node)
    if isinstance(node, sympy.polylog):
        order = node.args[0]
        if order.is_Integer and -_MAX_ORDER <= order <= 1:
            # polylog(1, x) = -log(1 - x); lower orders are rational functions of x.
            return sympy.expand_func(node)
        return node
    if isinstance(node, sympy.ceiling):
        # ceiling(u) = floor(u) + 1 wherever u is no integer: at isolated points only, which the kink analysis
        # takes (each of them is a jump of both).
        return sympy.floor(node.args[0]) + 1
    if isinstance(node, sympy.frac):
        return node.args[0] - sympy.floor(node.args[0])
    if isinstance(node, sympy.sinc):
        x = node.args[0]
        return sympy.sin(x) / x
    if isinstance(node, sympy.beta) and len(node.args) == 2:
        a, b = node.args
        return sympy.gamma(a) * sympy.gamma(b) / sympy.gamma(a + b)
    return node


def _integer_order(node: sympy.Basic) -> int | None:
    order = node.args[0]
    if order.is_Integer and abs(int(order)) <= _MAX_ORDER:
        return int(order)
    return None


def _bessel(node: sympy.Basic) -> sympy.Basic:
    """An integer order n as a combination of the orders 0 and 1 (the same argument x)."""
    n = _integer_order(node)
    if n is None or n in (0, 1):
        return node
    kind, x = node.func, node.args[1]
    # Reflection: J and Y change sign with odd orders, I and K do not.
    sign = (-1) ** (-n) if n < 0 and kind in (sympy.besselj, sympy.bessely) else 1
    m = abs(n)
    if m == 1:
        return sign * kind(1, x)
    previous, current = kind(0, x), kind(1, x)
    for k in range(1, m):
        # The three-term recurrences: J, Y: B(k+1) = 2k/x B(k) - B(k-1); I: B(k-1) - 2k/x B(k);
        # K: B(k-1) + 2k/x B(k).
        if kind in (sympy.besselj, sympy.bessely):
            following = 2 * k / x * current - previous
        elif kind is sympy.besseli:
            following = previous - 2 * k / x * current
        else:
            following = previous + 2 * k / x * current
        previous, current = current, following
    return sign * current


def _expint(node: sympy.Basic) -> sympy.Basic:
    """E_n(x) for an integer n >= 2 in terms of E_1: E_(k+1)(x) = (exp(-x) - x*E_k(x))/k."""
    n = _integer_order(node)
    if n is None or n < 2:
        return node
    x = node.args[1]
    current: sympy.Expr = sympy.expint(1, x)
    for k in range(1, n):
        current = (sympy.exp(-x) - x * current) / k
    return current
