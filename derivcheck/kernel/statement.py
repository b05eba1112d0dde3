"""A certificate's statement as the checker reads it: both sides in the variable, with g' computed here."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derivcheck.kernel.branches import Unknown
from derivcheck.kernel.trees import expression
from derivcheck.results.certificate import Statement

__all__ = ["Sides", "sides"]


@dataclass(frozen=True)
class Sides:
    """lhs = rhs to be shown for z in `domain` (open intervals); `values` are the parameters held at a value."""

    z: sympy.Symbol
    lhs: sympy.Expr
    rhs: sympy.Expr
    domain: tuple[tuple[sympy.Expr, sympy.Expr], ...]
    values: dict[sympy.Symbol, sympy.Expr]
    names: frozenset[sympy.Symbol]  # every symbol of the statement


def sides(statement: Statement) -> Sides:
    """The statement's sides (raises Unknown or BadTree): the left one is g's derivative of the stated order,
    computed here from g when the statement is about g; the output name replaced by g; parameters held at their
    values where the proof is for those values only."""
    z = expression(statement.variable)
    if not isinstance(z, sympy.Symbol) or len(statement.variables) != 1:
        raise Unknown("a statement in one variable")
    lhs, rhs = expression(statement.lhs), expression(statement.rhs)
    if statement.function is not None:
        if any(expression(by) != z for by in statement.by) or not statement.by:
            raise Unknown("a derivative in the statement's variable")
        lhs = sympy.diff(expression(statement.function), z, len(statement.by))
    names = set(lhs.free_symbols | rhs.free_symbols | {z})
    if statement.output is not None:
        a, g = expression(statement.output.symbol), expression(statement.output.means)
        if not isinstance(a, sympy.Symbol) or a in g.free_symbols:
            raise Unknown("an output name that is a symbol standing for g")
        names |= {a} | g.free_symbols
        lhs, rhs = lhs.xreplace({a: g}), rhs.xreplace({a: g})
    values: dict[sympy.Symbol, sympy.Expr] = {}
    for parameter in statement.parameters:
        symbol = expression(parameter.symbol)
        if not isinstance(symbol, sympy.Symbol) or symbol == z:
            raise Unknown("a parameter that is a symbol other than the variable")
        names.add(symbol)
        if not parameter.every:
            values[symbol] = expression(parameter.value)
    lhs, rhs = lhs.xreplace(values), rhs.xreplace(values)
    if lhs.has(sympy.nan, sympy.floor, sympy.ceiling, sympy.Derivative) or rhs.has(sympy.nan, sympy.floor,
                                                                                  sympy.ceiling):
        raise Unknown("sides without steps, unevaluated derivatives or branches without a value")
    domain = tuple((sympy.S.NegativeInfinity if i.lower is None else expression(i.lower).xreplace(values),
                    sympy.S.Infinity if i.upper is None else expression(i.upper).xreplace(values))
                   for i in statement.variables[0].domain) or ((sympy.S.NegativeInfinity, sympy.S.Infinity),)
    return Sides(z, lhs, rhs, domain, values, frozenset(names))
