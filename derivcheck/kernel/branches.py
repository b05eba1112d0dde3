"""Facts on an open interval: where a condition holds throughout, a function's branch there, a piece's order.

Only what sympy states exactly is used: the sign of a linear function from its root and the interval's ends
(compared under the symbols' assumptions), and the real roots of a polynomial with numeric coefficients.
Anything else is "unknown", and the checker then does not accept the certificate.
"""

from __future__ import annotations

import sympy
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

__all__ = ["Unknown", "branch_on", "holds_on", "less", "sign_on"]

_STRICT = {sympy.StrictLessThan: -1, sympy.LessThan: -1, sympy.StrictGreaterThan: 1, sympy.GreaterThan: 1}


class Unknown(ValueError):
    """A fact the checker cannot establish exactly (says which)."""


def less(a: sympy.Expr, b: sympy.Expr) -> bool:
    """a < b, proved (ends may be infinite); raises Unknown."""
    found = sympy.Lt(a, b)
    if found is sympy.true or found is sympy.false:
        return bool(found)
    difference = sympy.expand(b - a)
    if difference.is_positive:
        return True
    if difference.is_nonpositive:
        return False
    raise Unknown(f"whether {a} < {b}")


def sign_on(d: sympy.Expr, z: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> int:
    """The sign (-1, 0, 1) d takes at every point of the open interval (lower, upper); raises Unknown."""
    d = sympy.expand(d)
    if z not in d.free_symbols:
        if d.is_zero:
            return 0
        if d.is_positive:
            return 1
        if d.is_negative:
            return -1
        raise Unknown(f"the sign of {d}")
    try:
        poly = sympy.Poly(d, z)
    except sympy.PolynomialError:
        raise Unknown(f"the sign of {d} on ({lower}, {upper})") from None
    if poly.degree() == 1:
        slope, offset = poly.all_coeffs()
        root = -offset / slope
        side = 1 if slope.is_positive else -1 if slope.is_negative else 0
        if side == 0:
            raise Unknown(f"the sign of {slope}")
        if not less(lower, root):  # the root at or left of the interval: d has the slope's sign there
            return side
        if not less(root, upper):
            return -side
        raise Unknown(f"{d} changes sign inside ({lower}, {upper})")
    if poly.free_symbols - {z} or not all(c.is_number for c in poly.all_coeffs()):
        raise Unknown(f"the sign of {d} on ({lower}, {upper})")
    for root in sympy.real_roots(poly):
        if less(lower, root) and less(root, upper):
            raise Unknown(f"{d} changes sign inside ({lower}, {upper})")
    inside = _inside(lower, upper)
    value = d.xreplace({z: inside})
    return 1 if value.is_positive else -1 if value.is_negative else _none(d)


def _none(d: sympy.Expr) -> int:
    raise Unknown(f"the sign of {d}")


def _inside(lower: sympy.Expr, upper: sympy.Expr) -> sympy.Expr:
    """A point of (lower, upper) with numeric ends (infinite ends allowed)."""
    if lower.is_infinite and upper.is_infinite:
        return sympy.Integer(0)
    if lower.is_infinite:
        return upper - 1
    if upper.is_infinite:
        return lower + 1
    return (lower + upper) / 2


def holds_on(condition: sympy.Basic, z: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> bool:
    """Whether `condition` holds at every point of (lower, upper) (False: at none); raises Unknown."""
    if isinstance(condition, BooleanTrue | BooleanFalse):
        return bool(condition)
    if isinstance(condition, sympy.And):
        return all(holds_on(c, z, lower, upper) for c in condition.args)
    if isinstance(condition, sympy.Or):
        return any(holds_on(c, z, lower, upper) for c in condition.args)
    if isinstance(condition, sympy.Not):
        return not holds_on(condition.args[0], z, lower, upper)
    if isinstance(condition, sympy.ITE):  # its condition holds throughout or nowhere: one branch applies
        first, then, otherwise = condition.args
        return holds_on(then if holds_on(first, z, lower, upper) else otherwise, z, lower, upper)
    if not isinstance(condition, sympy.core.relational.Relational):
        raise Unknown(f"the condition {condition}")
    sign = sign_on(condition.lhs - condition.rhs, z, lower, upper)
    if isinstance(condition, sympy.Equality):
        return sign == 0
    if isinstance(condition, sympy.Unequality):
        return sign != 0
    wanted = _STRICT.get(type(condition))
    if wanted is None:
        raise Unknown(f"the condition {condition}")
    strict = isinstance(condition, sympy.StrictLessThan | sympy.StrictGreaterThan)
    return sign == wanted or (sign == 0 and not strict)


_KINKY = (sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside, sympy.DiracDelta)


def branch_on(expr: sympy.Expr, z: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> sympy.Expr:
    """`expr` on (lower, upper) with every branch chosen (max, min, abs, sign and steps as branches); raises
    Unknown when a branch cannot be chosen there."""
    if not expr.has(sympy.Piecewise, *_KINKY):
        return expr
    try:
        return _chosen(expr, z, lower, upper)
    except Unknown:
        return expr  # kept whole: the sides can still agree with the same branches named by a symbol


def _chosen(expr: sympy.Expr, z: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> sympy.Expr:
    """Bottom-up: each kink written as branches, each branch chosen once its arguments are."""

    def choose(node: sympy.Basic) -> sympy.Basic:
        if not node.args or z not in node.free_symbols:
            return node
        if isinstance(node, sympy.Piecewise):
            for value, condition in node.args:
                # holds_on is True or False only where the condition holds at every point or at none
                if holds_on(condition, z, lower, upper):
                    return choose(value)
            raise Unknown(f"no branch of {node} holds on ({lower}, {upper})")
        args = [choose(arg) for arg in node.args]
        node = node.func(*args) if any(a is not b for a, b in zip(args, node.args, strict=True)) else node
        if isinstance(node, sympy.DiracDelta):  # 0 wherever its argument is not 0
            if sign_on(node.args[0], z, lower, upper) == 0:
                raise Unknown(f"{node} on ({lower}, {upper})")
            return sympy.Integer(0)
        if isinstance(node, _KINKY):
            return choose(node.rewrite(sympy.Piecewise))
        return node

    result: sympy.Expr = choose(expr)
    if result.has(*_KINKY):
        raise Unknown(f"a kink left in {result} on ({lower}, {upper})")
    return result
