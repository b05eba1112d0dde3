"""A certificate's expression trees as sympy expressions, node by node from the allow-list (no text is parsed)."""

from __future__ import annotations

import sympy

from derivcheck.results.certificate import CONSTANTS, FUNCTIONS, Expression

__all__ = ["BadTree", "expression"]

_CONSTANTS = {"pi": sympy.pi, "E": sympy.E, "EulerGamma": sympy.EulerGamma, "Catalan": sympy.Catalan,
              "GoldenRatio": sympy.GoldenRatio, "oo": sympy.oo, "-oo": -sympy.oo, "nan": sympy.nan,
              "I": sympy.I, "true": sympy.true, "false": sympy.false}
_RELATIONS = {"Lt": sympy.Lt, "Le": sympy.Le, "Gt": sympy.Gt, "Ge": sympy.Ge, "Eq": sympy.Eq, "Ne": sympy.Ne}
_LOGIC = {"And": sympy.And, "Or": sympy.Or, "Not": sympy.Not}
_ASSUMPTIONS = frozenset({"real", "positive", "negative", "nonnegative", "nonpositive", "zero", "integer"})
assert set(_CONSTANTS) == CONSTANTS


class BadTree(ValueError):
    """A tree that is not a well-formed certificate expression (says which node and why)."""


def expression(tree: Expression) -> sympy.Basic:
    """The sympy expression of `tree` (its last node); raises BadTree."""
    if not tree.nodes:
        raise BadTree("an expression without nodes")
    built: list[sympy.Basic] = []
    for index, node in enumerate(tree.nodes):
        if any(not 0 <= a < index for a in node.args):
            raise BadTree(f"node {index} ({node.op}) refers to a node that is not before it")
        args = [built[a] for a in node.args]
        try:
            built.append(_build(node.op, args, node.value, node.assumptions))
        except (TypeError, ValueError, ZeroDivisionError) as error:
            raise BadTree(f"node {index} ({node.op}): {error}") from None
    return built[-1]


def _build(op: str, args: list[sympy.Basic], value: str, assumptions: tuple[str, ...]) -> sympy.Basic:
    if op == "Symbol":
        if not value.isidentifier() or not set(assumptions) <= _ASSUMPTIONS or args:
            raise BadTree(f"symbol {value!r} with assumptions {assumptions}")
        return sympy.Symbol(value, **dict.fromkeys(assumptions, True))
    if op == "Integer":
        return sympy.Integer(int(value))
    if op == "Rational":
        p, _, q = value.partition("/")
        return sympy.Rational(int(p), int(q))
    if op == "Constant":
        if value not in _CONSTANTS:
            raise BadTree(f"unknown constant {value!r}")
        return _CONSTANTS[value]
    if op == "Add":
        return sympy.Add(*args)
    if op == "Mul":
        return sympy.Mul(*args)
    if op == "Pow" and len(args) == 2:
        return sympy.Pow(args[0], args[1])
    if op == "ExprCondPair" and len(args) == 2:
        return sympy.Tuple(*args)
    if op == "Piecewise":
        return sympy.Piecewise(*(tuple(pair) for pair in args))
    if op in _RELATIONS and len(args) == 2:
        return _RELATIONS[op](args[0], args[1])
    if op in _LOGIC:
        return _LOGIC[op](*args)
    if op in FUNCTIONS:
        return getattr(sympy, op)(*args)
    raise BadTree(f"{op!r} with {len(args)} arguments is not a node of a certificate")
