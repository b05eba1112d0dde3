"""What a formula does at one point, exactly: its value there, its one-sided limits, and where it divides by zero."""

from __future__ import annotations

import sympy

from derivcheck.engine.numbers.exact_sign import is_limit_value, is_real_number, sign
from derivcheck.engine.pieces import heaviside_conventions

# A denominator with more real zeros than this (inside the domain) is periodic or strange: none are kept,
# since a list cut short would look complete.
_MAX_ZEROS = 16
# A denominator that is not a rational function of z is solved only when it is this small: sympy's solvers
# can take minutes on one such as sqrt((g**2 - g)**2 + 1) with g itself a root (a claim written in a).
_MAX_SOLVED_OPS = 12
#: Why `value_at` found no value: the formula is 0/0 (or alike) there, as sin(z)/z is at 0.
NO_VALUE = "the formula for g has no value there (a removable point?)"
_NONSMOOTH = (sympy.Piecewise, sympy.Heaviside, sympy.sign, sympy.Abs, sympy.Max, sympy.Min, sympy.floor,
              sympy.ceiling, sympy.frac, sympy.Mod, sympy.DiracDelta, sympy.re, sympy.im, sympy.arg)


def smooth(expr: sympy.Expr, z: sympy.Symbol) -> bool:
    """No function in z whose value at a point may differ from its limits there (Heaviside(0), sign(0))."""
    return not any(z in node.free_symbols for node in expr.atoms(*_NONSMOOTH))


def one_sided_limit(expr: sympy.Expr, z: sympy.Symbol, p: sympy.Expr, side: str) -> sympy.Expr | None:
    """The limit of `expr` as z -> p from `side` ("-" or "+"); None when it does not exist or is not found."""
    if z not in expr.free_symbols:
        return expr if is_limit_value(expr) else None
    if expr.has(sympy.Piecewise):
        return None  # a Piecewise may be evaluated at p itself inside sympy.limit; pieces never hold one
    if smooth(expr, z):
        # A finite real value of elementary functions at p is their limit there: they are continuous
        # wherever they are defined and real.
        value = expr.subs(z, p)
        if is_real_number(value):
            return value
    try:
        value = sympy.limit(expr, z, p, side)
    except Exception:  # sympy's limit raises many exception types on hard input; the limit is then unknown
        return None
    return value if is_limit_value(value) else None


def value_at(expr: sympy.Expr, z: sympy.Symbol, p: sympy.Expr) -> sympy.Expr | str:
    """expr at z = p exactly, or why it has no such value; Heaviside(0) may not decide it."""
    variants = heaviside_conventions(expr, z)  # the value counts only if every convention gives it
    values: list[sympy.Expr] = []
    for variant in variants:
        try:
            value = variant.subs(z, p)
        except (TypeError, ValueError):
            return "g cannot be evaluated there"
        if value.has(sympy.S.NaN):
            return NO_VALUE
        if not is_real_number(value):
            return "g has no finite real value there that can be computed exactly"
        values.append(value)
    if any(sign(value - values[0]) != 0 for value in values[1:]):
        return "the value of g there depends on the value chosen for Heaviside(0)"
    return values[0]


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
        while isinstance(base, sympy.Pow) and base.exp.is_Rational and base.exp > 0:
            base = base.base  # a root or power is zero exactly where its base is
        if not _solvable(base, z):
            continue
        try:
            zeros = sympy.solveset(base, z, interval)
        except Exception:  # sympy's solvers raise many kinds on hard input; such zeros are simply not found
            continue
        if isinstance(zeros, sympy.FiniteSet) and len(zeros) <= _MAX_ZEROS:
            points.extend(p for p in zeros.args if p.is_real is True)
    return list(dict.fromkeys(points))


def _solvable(base: sympy.Expr, z: sympy.Symbol) -> bool:
    """Whether solving base = 0 is cheap: a rational function of z, or a small expression."""
    return sympy.count_ops(base) <= _MAX_SOLVED_OPS or bool(base.is_rational_function(z))


def undefined_at(expr: sympy.Expr, z: sympy.Symbol, p: sympy.Expr) -> bool:
    """True when the formula itself has no value at p (0/0, 0*oo): a removable point if its limits agree."""
    try:
        value = expr.subs(z, p)
    except (TypeError, ValueError):
        return False
    return bool(value.has(sympy.S.NaN))
