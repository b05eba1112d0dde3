"""Steps off their kinks: every way of writing a function that jumps where u = 0 (Heaviside, a Piecewise on the
sign of u, sign, abs, max, min) as one canonical step H(u) of the same u, exact wherever no such u is 0.

relu' appears as Heaviside(Z1[i, j]) in a derivative sympy takes and as Piecewise((0, Z1 < 0), (1, True)) in a
claim; both are H(Z1[i, j]) off Z1[i, j] = 0, where a proof about derivatives can say nothing anyway (there the
derivative does not exist, and the value a claim gives is a convention the kink analysis reports).  A proof that
uses this form holds everywhere except on those kinks, and its scope says so.
"""

from __future__ import annotations

import itertools

import sympy
from sympy.core.relational import Relational

__all__ = ["kink_arguments", "step_form"]

_POSITIVE = sympy.Dummy("p", positive=True)


def _canonical(u: sympy.Expr) -> tuple[sympy.Expr, int] | None:
    """(key, sign) with u = sign * key and key fixed for u and -u alike; None for a number (no kink)."""
    key = sympy.expand(u)
    if key.is_Number or not key.free_symbols:
        return None
    if key.could_extract_minus_sign():
        return -key, -1
    return key, 1


def _step(u: sympy.Expr) -> sympy.Expr | None:
    """H(u) off u = 0, as 1 - H(-u) when u is the negative of its key."""
    found = _canonical(u)
    if found is None:
        return None
    key, sign = found
    step = sympy.Heaviside(key)
    return step if sign > 0 else 1 - step


def kink_arguments(expr: sympy.Basic) -> list[sympy.Expr]:
    """The expressions whose zeros are the kinks of `expr` (arguments of steps, differences of max/min
    arguments, the two sides of a Piecewise condition), each once, in a fixed order."""
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Heaviside, sympy.sign, sympy.Abs, sympy.DiracDelta)):
            found.append(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)):
            found += [a - b for a, b in itertools.combinations(node.args, 2)]
        elif isinstance(node, sympy.Piecewise):
            for _, condition in node.args:
                found += [r.lhs - r.rhs for r in condition.atoms(Relational)]
    keys = [_canonical(u) for u in found]
    return list(dict.fromkeys(k[0] for k in keys if k is not None))


def step_form(expr: sympy.Expr) -> sympy.Expr:
    """`expr` with every step-like node written through canonical steps H(key) (exact off the kinks)."""
    if not expr.has(sympy.Heaviside, sympy.sign, sympy.Abs, sympy.Max, sympy.Min, sympy.Piecewise):
        return expr
    return _walk(expr)


def _walk(node: sympy.Basic) -> sympy.Basic:
    if not node.args or isinstance(node, Relational):
        return node
    if isinstance(node, sympy.Piecewise):
        return _piecewise(node)
    args = [_walk(a) for a in node.args]
    rebuilt = node if all(a is b for a, b in zip(args, node.args, strict=True)) else node.func(*args)
    if isinstance(rebuilt, sympy.Heaviside) and len(rebuilt.args) == 1:
        return _step(rebuilt.args[0]) or rebuilt
    if isinstance(rebuilt, sympy.sign):
        step = _step(rebuilt.args[0])
        return rebuilt if step is None else 2 * step - 1
    if isinstance(rebuilt, sympy.Abs):
        step = _step(rebuilt.args[0])
        return rebuilt if step is None else rebuilt.args[0] * (2 * step - 1)
    if isinstance(rebuilt, (sympy.Max, sympy.Min)) and len(rebuilt.args) == 2:
        a, b = rebuilt.args
        step = _step(a - b)  # H(a - b): a is the larger
        if step is None:
            return rebuilt
        return a * step + b * (1 - step) if isinstance(rebuilt, sympy.Max) else b * step + a * (1 - step)
    return rebuilt


def _piecewise(node: sympy.Piecewise) -> sympy.Basic:
    """A Piecewise whose conditions all compare one u with 0 (either way round): v_+ H(u) + v_- (1 - H(u))."""
    relations = [r for _, condition in node.args for r in condition.atoms(Relational)]
    keys = {_canonical(r.lhs - r.rhs) for r in relations}
    if len(keys) != 1 or None in keys:
        return node.func(*[(_walk(v), c) for v, c in node.args])
    found = next(iter(keys))
    assert found is not None
    key = found[0]
    sides = []
    for sign in (1, -1):
        value = None
        for branch, condition in node.args:
            truth = condition.xreplace({r: _holds(r, key, sign) for r in condition.atoms(Relational)})
            if truth is sympy.true:
                value = branch
                break
            if truth is not sympy.false:
                return node
        if value is None:
            return node  # no branch on this side: undefined there
        sides.append(_walk(value))
    step = sympy.Heaviside(key)
    return sides[0] * step + sides[1] * (1 - step)


def _holds(relation: Relational, key: sympy.Expr, sign: int) -> sympy.Basic:
    """Whether `relation` holds where key has `sign` (never 0)."""
    found = _canonical(relation.lhs - relation.rhs)
    assert found is not None
    difference = found[1] * sign * _POSITIVE  # lhs - rhs there
    result: sympy.Basic = relation.func(difference, 0)
    return result
