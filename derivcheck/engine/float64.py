"""Evaluate a sympy expression in numpy float64, one operation at a time, as code written from it would."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import reduce

import numpy as np
import sympy

__all__ = ["Unsupported", "float64_value"]

F64 = np.float64


class Unsupported(Exception):
    """The expression uses an operation this evaluator does not map to float64."""


def _scalar(function: Callable[[float], float]) -> Callable[[F64], F64]:
    """A `math` function as a float64 operation: domain errors give nan and overflow inf, as numpy would."""

    def apply(x: F64) -> F64:
        try:
            return F64(function(float(x)))
        except OverflowError:
            return F64(np.inf)
        except ValueError:
            return F64(np.nan)

    return apply


_UNARY: dict[type[sympy.Basic], Callable[[F64], F64]] = {
    sympy.exp: np.exp,
    sympy.log: np.log,
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tan: np.tan,
    sympy.cot: lambda x: 1 / np.tan(x),
    sympy.sec: lambda x: 1 / np.cos(x),
    sympy.csc: lambda x: 1 / np.sin(x),
    sympy.asin: np.arcsin,
    sympy.acos: np.arccos,
    sympy.atan: np.arctan,
    sympy.sinh: np.sinh,
    sympy.cosh: np.cosh,
    sympy.tanh: np.tanh,
    sympy.coth: lambda x: 1 / np.tanh(x),
    sympy.sech: lambda x: 1 / np.cosh(x),
    sympy.csch: lambda x: 1 / np.sinh(x),
    sympy.asinh: np.arcsinh,
    sympy.acosh: np.arccosh,
    sympy.atanh: np.arctanh,
    sympy.Abs: np.abs,
    sympy.sign: np.sign,
    sympy.floor: np.floor,
    sympy.ceiling: np.ceil,
    sympy.erf: _scalar(math.erf),
    sympy.erfc: _scalar(math.erfc),
    sympy.gamma: _scalar(math.gamma),
    sympy.loggamma: _scalar(math.lgamma),
}

_RELATIONS: dict[type[sympy.Basic], Callable[[F64, F64], bool]] = {
    sympy.StrictLessThan: lambda x, y: bool(x < y),
    sympy.LessThan: lambda x, y: bool(x <= y),
    sympy.StrictGreaterThan: lambda x, y: bool(x > y),
    sympy.GreaterThan: lambda x, y: bool(x >= y),
    sympy.Equality: lambda x, y: bool(x == y),
    sympy.Unequality: lambda x, y: bool(x != y),
}


def float64_value(expr: sympy.Basic, env: Mapping[sympy.Symbol, float]) -> F64:
    """The float64 value of `expr` with its symbols set from `env`; raises Unsupported."""
    with np.errstate(all="ignore"):
        return _Float64(env).value(expr)


class _Float64:
    def __init__(self, env: Mapping[sympy.Symbol, float]) -> None:
        self.env = {symbol: F64(v) for symbol, v in env.items()}

    def value(self, node: sympy.Basic) -> F64:
        if node in self.env:
            return self.env[node]
        if node.is_Number or isinstance(node, sympy.NumberSymbol):
            return F64(float(node)) if node.is_finite else F64(np.nan)
        if node.is_Add:
            return reduce(lambda x, y: x + y, (self.value(a) for a in node.args))
        if node.is_Mul:
            return self._mul(node)
        if node.is_Pow:
            return self._pow(node)
        if isinstance(node, (sympy.Max, sympy.Min)):
            combine = np.maximum if isinstance(node, sympy.Max) else np.minimum
            return F64(reduce(combine, (self.value(a) for a in node.args)))
        if isinstance(node, sympy.Heaviside):
            x = self.value(node.args[0])
            at_zero = self.value(node.args[1]) if len(node.args) > 1 else F64(0.5)
            return F64(1.0) if x > 0 else F64(0.0) if x < 0 else at_zero if x == 0 else F64(np.nan)
        if isinstance(node, sympy.atan2):
            return F64(np.arctan2(self.value(node.args[0]), self.value(node.args[1])))
        if isinstance(node, sympy.Piecewise):
            for expr, cond in node.args:
                if self.condition(cond):
                    return self.value(expr)
            return F64(np.nan)
        function = _UNARY.get(type(node))
        if function is not None and len(node.args) == 1:
            return F64(function(self.value(node.args[0])))
        raise Unsupported(type(node).__name__)

    def _mul(self, node: sympy.Basic) -> F64:
        # x * y**-1 is written x / y in code: divide rather than multiply by a rounded reciprocal.
        result: F64 | None = None
        for arg in node.args:
            if arg.is_Pow and arg.exp.is_Integer and arg.exp.is_negative and result is not None:
                result = result / self.value(arg.base ** -arg.exp)
            else:
                factor = self.value(arg)
                result = factor if result is None else result * factor
        return F64(result)

    def _pow(self, node: sympy.Basic) -> F64:
        base = self.value(node.base)
        if node.exp == sympy.S.Half:
            return F64(np.sqrt(base))
        if node.exp.is_Integer and node.exp.is_negative:
            return F64(1.0) / self.value(node.base ** -node.exp)
        if node.exp.is_Integer and node.exp == 2:
            return base * base
        return F64(np.power(base, self.value(node.exp)))

    def condition(self, cond: sympy.Basic) -> bool:
        if cond is sympy.true or cond is sympy.false:
            return bool(cond)
        relation = _RELATIONS.get(type(cond))
        if relation is not None:
            return relation(self.value(cond.lhs), self.value(cond.rhs))
        if isinstance(cond, sympy.And):
            return all(self.condition(c) for c in cond.args)
        if isinstance(cond, sympy.Or):
            return any(self.condition(c) for c in cond.args)
        if isinstance(cond, sympy.Not):
            return not self.condition(cond.args[0])
        raise Unsupported(type(cond).__name__)
