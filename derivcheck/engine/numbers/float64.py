"""Evaluate a sympy expression in numpy float64 or float32, one operation at a time, as code would."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

__all__ = ["Observer", "Unsupported", "float32_value", "float64_value", "float_value"]

F64 = np.float64
#: A numpy float scalar of the evaluation's type (np.float64 or np.float32).
Real = Any
#: Called after each operation with its node, operand values and result (to diagnose overflow, cancellation).
Observer = Callable[[sympy.Basic, Sequence[Real], Real], None]


class Unsupported(Exception):
    """The expression uses an operation this evaluator does not map to a numpy float type."""


def _scalar(function: Callable[[float], float]) -> Callable[[Real], F64]:
    """A `math` function as a float operation: domain errors give nan and overflow inf, as numpy would.

    It computes in double precision; the caller rounds to the evaluation's type (a float32 library routine
    may be a little less accurate than this).
    """

    def apply(x: Real) -> F64:
        try:
            return F64(function(float(x)))
        except OverflowError:
            return F64(np.inf)
        except ValueError:
            return F64(np.nan)

    return apply


_UNARY: dict[type[sympy.Basic], Callable[[Real], Any]] = {
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

def _xlogy(x: Real, y: Real) -> Real:
    return x * 0 if x == 0 else x * np.log(y)


def _xlog1py(x: Real, y: Real) -> Real:
    return x * 0 if x == 0 else x * np.log1p(y)


# Framework routines a claim may call by name (a spec's written form keeps them as calls): what numpy and the
# frameworks compute for them, not the exact formula they stand for (log1p(1e-20) keeps its digits).
_LIBRARY: dict[str, Callable[..., Any]] = {
    "log1p": np.log1p,
    "expm1": np.expm1,
    "log2": np.log2,
    "log10": np.log10,
    "exp2": np.exp2,
    "rsqrt": lambda x: 1 / np.sqrt(x),
    "logit": lambda x: np.log(x / (1 - x)),
    "xlogy": _xlogy,
    "xlog1py": _xlog1py,
    "gammaln": _scalar(math.lgamma),
    "lgamma": _scalar(math.lgamma),
    "ndtr": lambda x: 0.5 * _scalar(math.erfc)(-x / np.sqrt(2)),
}

_RELATIONS: dict[type[sympy.Basic], Callable[[Real, Real], bool]] = {
    sympy.StrictLessThan: lambda x, y: bool(x < y),
    sympy.LessThan: lambda x, y: bool(x <= y),
    sympy.StrictGreaterThan: lambda x, y: bool(x > y),
    sympy.GreaterThan: lambda x, y: bool(x >= y),
    sympy.Equality: lambda x, y: bool(x == y),
    sympy.Unequality: lambda x, y: bool(x != y),
}


def float_value(
    expr: sympy.Basic, env: Mapping[sympy.Symbol, float], dtype: type[np.floating[Any]] = np.float64,
    observe: Observer | None = None,
) -> Real:
    """`expr` in `dtype`, its symbols set from `env` (rounded to `dtype`); raises Unsupported.

    Every constant, input and intermediate result is a `dtype` number, as in code written in that type.
    """
    with np.errstate(all="ignore"):
        return _Evaluator(env, dtype, observe).value(expr)


def float64_value(expr: sympy.Basic, env: Mapping[sympy.Symbol, float]) -> F64:
    """The float64 value of `expr` with its symbols set from `env`; raises Unsupported."""
    return F64(float_value(expr, env, np.float64))


def float32_value(expr: sympy.Basic, env: Mapping[sympy.Symbol, float]) -> np.float32:
    """The float32 value of `expr`, its symbols set from `env` (rounded to float32); raises Unsupported."""
    return np.float32(float_value(expr, env, np.float32))


class _Evaluator:
    def __init__(self, env: Mapping[sympy.Symbol, float], dtype: type[np.floating[Any]],
                 observe: Observer | None) -> None:
        self.real = dtype
        self.env = {symbol: dtype(v) for symbol, v in env.items()}
        self.observe = observe

    def _seen(self, node: sympy.Basic, operands: Sequence[Real], result: Any) -> Real:
        value = self.real(result)
        if self.observe is not None:
            self.observe(node, operands, value)
        return value

    def value(self, node: sympy.Basic) -> Real:
        if node in self.env:
            return self.env[node]
        if node.is_Number or isinstance(node, sympy.NumberSymbol):
            return self.real(float(node)) if node.is_finite else self.real(np.nan)
        if node.is_Add:
            terms = [self.value(a) for a in node.args]
            return self._seen(node, terms, reduce(lambda x, y: x + y, terms))
        if node.is_Mul:
            return self._mul(node)
        if node.is_Pow:
            return self._pow(node)
        if isinstance(node, (sympy.Max, sympy.Min)):
            combine = np.maximum if isinstance(node, sympy.Max) else np.minimum
            return self.real(reduce(combine, (self.value(a) for a in node.args)))
        if isinstance(node, sympy.Heaviside):
            x = self.value(node.args[0])
            at_zero = self.value(node.args[1]) if len(node.args) > 1 else self.real(0.5)
            return self.real(1.0 if x > 0 else 0.0 if x < 0 else at_zero if x == 0 else np.nan)
        if isinstance(node, sympy.atan2):
            operands = [self.value(node.args[0]), self.value(node.args[1])]
            return self._seen(node, operands, np.arctan2(*operands))
        if isinstance(node, sympy.Piecewise):
            for expr, cond in node.args:
                if self.condition(cond):
                    return self.value(expr)
            return self.real(np.nan)
        function = _UNARY.get(type(node))
        if function is not None and len(node.args) == 1:
            x = self.value(node.args[0])
            return self._seen(node, [x], function(x))
        routine = _LIBRARY.get(type(node).__name__) if isinstance(node, AppliedUndef) else None
        if routine is not None:
            operands = [self.value(arg) for arg in node.args]
            return self._seen(node, operands, routine(*operands))
        raise Unsupported(type(node).__name__)

    def _mul(self, node: sympy.Basic) -> Real:
        # x * y**-1 is written x / y in code: divide rather than multiply by a rounded reciprocal.
        result: Real | None = None
        operands: list[Real] = []
        for arg in node.args:
            if arg.is_Pow and arg.exp.is_Integer and arg.exp.is_negative and result is not None:
                divisor = self.value(arg.base ** -arg.exp)
                operands.append(divisor)
                result = self.real(result / divisor)
            else:
                factor = self.value(arg)
                operands.append(factor)
                result = factor if result is None else self.real(result * factor)
        return self._seen(node, operands, result)

    def _pow(self, node: sympy.Basic) -> Real:
        base = self.value(node.base)
        if node.exp == sympy.S.Half:
            return self._seen(node, [base], np.sqrt(base))
        if node.exp.is_Integer and node.exp.is_negative:
            divisor = self.value(node.base ** -node.exp)
            return self._seen(node, [divisor], self.real(1.0) / divisor)
        if node.exp.is_Integer and node.exp == 2:
            return self._seen(node, [base], base * base)
        exponent = self.value(node.exp)
        return self._seen(node, [base, exponent], np.power(base, exponent))

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
