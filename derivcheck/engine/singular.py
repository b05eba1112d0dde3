"""Real points where a formula divides by zero: candidates for poles and removable singularities (sin(z)/z)."""

from __future__ import annotations

import sympy

# A denominator with more real zeros than this (inside the domain) is periodic or strange: none are kept,
# since a list cut short would look complete.
_MAX_ZEROS = 16


def denominators(expr: sympy.Expr, z: sympy.Symbol) -> list[sympy.Expr]:
    """The bases of negative powers in z: 1/z in sin(z)/z, 1 + exp(-z) in the sigmoid, ..."""
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow) and node.exp.is_negative and z in node.base.free_symbols:
            found.append(node.base)
    return list(dict.fromkeys(found))


def zeros_of_denominators(expr: sympy.Expr, z: sympy.Symbol, interval: sympy.Set) -> list[sympy.Expr]:
    """Exact real points in `interval` where some denominator of `expr` vanishes (those found exactly)."""
    points: list[sympy.Expr] = []
    for base in denominators(expr, z):
        try:
            zeros = sympy.solveset(base, z, interval)
        except Exception:  # sympy's solvers raise many kinds on hard input; such zeros are simply not found
            continue
        if isinstance(zeros, sympy.FiniteSet) and len(zeros) <= _MAX_ZEROS:
            points.extend(p for p in zeros.args if p.is_real is True)
    return list(dict.fromkeys(points))


def undefined_at(expr: sympy.Expr, z: sympy.Symbol, p: sympy.Expr) -> bool:
    """True when the formula itself has no value at p (0/0, 0*oo): a removable point if its limits agree."""
    try:
        value = expr.subs(z, p)
    except (TypeError, ValueError):
        return False
    return bool(value.has(sympy.S.NaN))
