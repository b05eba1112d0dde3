"""sympy expressions as certificate trees: a table of allow-listed nodes (shared subexpressions once), rendered."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import sympy
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from derivcheck.engine.mathtext import text_and_latex
from derivcheck.results.certificate import CONSTANTS, FUNCTIONS, Expression, Node

__all__ = ["ASSUMPTIONS", "NotEncodable", "encode", "rendered", "rendering"]

#: The assumptions a symbol of a certificate may carry (each given as True).
ASSUMPTIONS = ("real", "positive", "negative", "nonnegative", "nonpositive", "zero", "integer")
#: More nodes than this make no certificate (a normal form that large is no argument a reader can follow).
MAX_NODES = 50_000

_RELATIONS = {sympy.StrictLessThan: "Lt", sympy.LessThan: "Le", sympy.StrictGreaterThan: "Gt",
              sympy.GreaterThan: "Ge", sympy.Equality: "Eq", sympy.Unequality: "Ne"}
_NAMED = {sympy.S.Pi: "pi", sympy.S.Exp1: "E", sympy.S.EulerGamma: "EulerGamma", sympy.S.Catalan: "Catalan",
          sympy.S.GoldenRatio: "GoldenRatio", sympy.S.Infinity: "oo", sympy.S.NegativeInfinity: "-oo",
          sympy.S.NaN: "nan", sympy.S.ImaginaryUnit: "I"}


#: Whether trees are rendered as text and LaTeX (and normal forms made readable): only a report that shows
#: proofs needs it, and printing is most of what building a certificate costs.
_RENDER: ContextVar[bool] = ContextVar("render", default=True)


@contextmanager
def rendering(on: bool) -> Iterator[None]:
    """Trees made within are rendered (`on`) or left as node tables with empty text and LaTeX."""
    token = _RENDER.set(on)
    try:
        yield
    finally:
        _RENDER.reset(token)


def rendered() -> bool:
    """Whether trees made now are rendered."""
    return _RENDER.get()


class NotEncodable(ValueError):
    """The expression holds something a certificate tree cannot (a float, a dummy, a function off the list)."""


def encode(expr: sympy.Basic) -> Expression:
    """`expr` as a certificate expression; raises NotEncodable."""
    table: list[Node] = []
    seen: dict[sympy.Basic, int] = {}

    def visit(node: sympy.Basic) -> int:
        known = seen.get(node)
        if known is not None:
            return known
        entry = _node(node, [visit(arg) for arg in _arguments(node)])
        if len(table) >= MAX_NODES:
            raise NotEncodable(f"more than {MAX_NODES} nodes")
        table.append(entry)
        seen[node] = len(table) - 1
        return len(table) - 1

    visit(expr)
    text, latex = _rendered(expr) if _RENDER.get() else ("", "")
    return Expression(nodes=tuple(table), text=text, latex=latex)


@lru_cache(maxsize=256)  # a claim's sides recur in its statement and on each of its pieces
def _rendered(expr: sympy.Basic) -> tuple[str, str]:
    return text_and_latex(expr)


def _arguments(node: sympy.Basic) -> tuple[sympy.Basic, ...]:
    if isinstance(node, (sympy.Symbol, sympy.Number, sympy.NumberSymbol, BooleanTrue, BooleanFalse)) or node in _NAMED:
        return ()
    return tuple(node.args)


def _node(node: sympy.Basic, args: list[int]) -> Node:
    if isinstance(node, sympy.Dummy):
        raise NotEncodable(f"a dummy symbol {node}")
    if isinstance(node, sympy.Symbol):
        given = node._assumptions_orig  # the assumptions it was made with (not those derived from them)
        if any(name not in ASSUMPTIONS or value is not True for name, value in given.items()):
            raise NotEncodable(f"symbol {node.name} with assumptions {dict(given)}")
        return Node("Symbol", value=node.name, assumptions=tuple(sorted(given)))
    if node in _NAMED:
        return Node("Constant", value=_NAMED[node])
    if isinstance(node, BooleanTrue | BooleanFalse):
        return Node("Constant", value="true" if node else "false")
    if isinstance(node, sympy.Integer):
        return Node("Integer", value=str(int(node)))
    if isinstance(node, sympy.Rational):
        return Node("Rational", value=f"{node.p}/{node.q}")
    if isinstance(node, (sympy.Add, sympy.Mul, sympy.Pow, sympy.Piecewise, sympy.And, sympy.Or, sympy.Not)):
        return Node(type(node).__name__, tuple(args))
    if isinstance(node, sympy.functions.elementary.piecewise.ExprCondPair):
        return Node("ExprCondPair", tuple(args))
    relation = _RELATIONS.get(type(node))
    if relation is not None:
        return Node(relation, tuple(args))
    name = type(node).__name__
    if name in FUNCTIONS and getattr(sympy, name, None) is type(node):
        return Node(name, tuple(args))
    raise NotEncodable(f"{name} is not among the node types of a certificate")


assert set(_NAMED.values()) | {"true", "false"} == CONSTANTS
