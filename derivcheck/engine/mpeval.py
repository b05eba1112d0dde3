"""Evaluate a sympy expression at one exact point with mpmath at a fixed precision (fast, not certified)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import sympy

__all__ = ["Lost", "OutOfRange", "Undefined", "mp_value", "on_boundary", "to_mpf"]

# Values beyond 2**_MAX_MAG (or exp of arguments beyond _MAX_EXP) are treated as unusable: the next exp of
# such a number would have more digits than memory holds, and sympy's evalf would hang on it.
_MAX_MAG = 4_000_000
_MAX_EXP = 1_000_000


class Undefined(Exception):
    """The expression has no finite real value at the point (or it is out of the range we evaluate)."""


class OutOfRange(Undefined):
    """The value (or an intermediate one) is too large to evaluate, though it may well be finite."""


class Lost(Exception):
    """An addition cancelled (nearly) all its significant bits: this precision cannot give the value."""


Fn = Callable[..., Any]

# Functions whose mpmath counterpart has the same real branch as sympy's; anything else goes through evalf.
_FUNCTIONS: dict[type[sympy.Basic], Fn] = {
    sympy.log: mpmath.log,
    sympy.sin: mpmath.sin,
    sympy.cos: mpmath.cos,
    sympy.tan: mpmath.tan,
    sympy.cot: mpmath.cot,
    sympy.sec: mpmath.sec,
    sympy.csc: mpmath.csc,
    sympy.asin: mpmath.asin,
    sympy.acos: mpmath.acos,
    sympy.atan: mpmath.atan,
    sympy.sinh: mpmath.sinh,
    sympy.cosh: mpmath.cosh,
    sympy.tanh: mpmath.tanh,
    sympy.coth: mpmath.coth,
    sympy.sech: mpmath.sech,
    sympy.csch: mpmath.csch,
    sympy.asinh: mpmath.asinh,
    sympy.acosh: mpmath.acosh,
    sympy.atanh: mpmath.atanh,
    sympy.erf: mpmath.erf,
    sympy.erfc: mpmath.erfc,
    sympy.erfinv: mpmath.erfinv,
    sympy.gamma: mpmath.gamma,
    sympy.Abs: abs,
    sympy.atan2: mpmath.atan2,
    sympy.besselj: mpmath.besselj,
    sympy.besseli: mpmath.besseli,
}

_CONSTANTS: dict[sympy.Basic, Callable[[], Any]] = {
    sympy.pi: lambda: +mpmath.pi,
    sympy.E: lambda: +mpmath.e,
    sympy.EulerGamma: lambda: +mpmath.euler,
    sympy.Catalan: lambda: +mpmath.catalan,
    sympy.GoldenRatio: lambda: +mpmath.phi,
}

# Discontinuous nodes: their value is decided exactly (sympy on the exact point), never from rounded numbers.
_EXACT = (sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling, sympy.frac, sympy.DiracDelta)


def to_mpf(value: sympy.Basic) -> Any:
    """An exact or floating sympy real number as an mpf at the current precision; Undefined otherwise."""
    if value.is_Integer:
        return mpmath.mpf(int(value))
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    if value.is_Float and value.is_finite:
        return mpmath.mpf(value._mpf_)
    raise Undefined(f"not a finite real number: {value}")


def mp_value(expr: sympy.Basic, z: sympy.Symbol, point: sympy.Expr, dps: int) -> Any:
    """The mpf value of `expr` at z = point, at `dps` digits; raises Undefined or Lost."""
    with mpmath.workdps(dps):
        return _Evaluator(z, point).value(expr)


def on_boundary(expr: sympy.Basic, z: sympy.Symbol, point: sympy.Expr) -> bool:
    """Whether the point sits on a branch boundary of `expr` (a Piecewise condition, Heaviside or sign at 0).

    There the value comes from a convention (sympy's Heaviside(0) = 1/2, `<` versus `<=`), not from g, so it
    cannot refute anything.  Unknown counts as on the boundary.
    """
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, _EXACT):
            if _zero_at(node.args[0], z, point) is not False:
                return True
        elif isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                rels = cond.atoms(sympy.core.relational.Relational)
                if any(_zero_at(r.lhs - r.rhs, z, point) is not False for r in rels):
                    return True
    return False


def _zero_at(expr: sympy.Expr, z: sympy.Symbol, point: sympy.Expr) -> bool | None:
    try:
        # A result that kept its significant bits is reliably nonzero; an exact 0 without cancellation comes
        # from exact zeros.  This also guards sympy's exact test against astronomically large values.
        return bool(mp_value(expr, z, point, 30) == 0)
    except Undefined:
        return None
    except Lost:
        zero: bool | None = expr.xreplace({z: point}).is_zero  # tiny next to its terms: decide exactly
        return zero


class _Evaluator:
    def __init__(self, z: sympy.Symbol, point: sympy.Expr) -> None:
        self.z = z
        self.point = point
        self.cache: dict[sympy.Basic, Any] = {}

    def value(self, node: sympy.Basic) -> Any:
        if node in self.cache:
            return self.cache[node]
        result = self._compute(node)
        if isinstance(result, mpmath.mpc):
            if result.imag != 0:
                raise Undefined(f"complex value of {node}")
            result = result.real
        if not mpmath.isfinite(result):
            raise Undefined(f"infinite value of {node}")
        if result != 0 and mpmath.mag(result) > _MAX_MAG:
            raise OutOfRange(f"value of {node} out of range")
        self.cache[node] = result
        return result

    def _compute(self, node: sympy.Basic) -> Any:
        if node == self.z:
            return to_mpf(self.point) if self.point.is_Number else self.value(self.point)
        if node.is_Number:
            return to_mpf(node)
        if node in _CONSTANTS:
            return _CONSTANTS[node]()
        if node.is_Add:
            return self._add(node)
        if node.is_Mul:
            product = mpmath.mpf(1)
            for arg in node.args:
                product *= self.value(arg)
            return product
        if node.is_Pow:
            return self._pow(node)
        if isinstance(node, sympy.exp):
            x = self.value(node.args[0])
            if abs(x) > _MAX_EXP:
                raise OutOfRange("exp argument out of range")
            return mpmath.exp(x)
        if isinstance(node, (sympy.Max, sympy.Min)):
            values = [self.value(arg) for arg in node.args]
            return max(values) if isinstance(node, sympy.Max) else min(values)
        if isinstance(node, sympy.Piecewise):
            return self._piecewise(node)
        if isinstance(node, (sympy.Symbol, sympy.Dummy)) or node.is_Boolean:
            raise Undefined(f"free symbol or condition {node}")
        args = [self.value(arg) for arg in node.args]  # also guards the fallbacks below against huge values
        if isinstance(node, _EXACT):
            return self._exact(node)
        function = _FUNCTIONS.get(type(node))
        if function is not None:
            try:
                return function(*args)
            except (ValueError, ZeroDivisionError, ArithmeticError) as error:
                raise Undefined(str(error)) from error
        return self._exact(node)

    def _add(self, node: sympy.Basic) -> Any:
        terms = [self.value(arg) for arg in node.args]
        total = mpmath.fsum(terms)
        largest = max(abs(t) for t in terms)
        if largest != 0 and (total == 0 or mpmath.mag(total) < mpmath.mag(largest) - mpmath.mp.prec + 8):
            raise Lost(f"cancellation in {node}")
        return total

    def _pow(self, node: sympy.Basic) -> Any:
        base_node, exp_node = node.args
        if base_node is sympy.E:
            return self.value(sympy.exp(exp_node))
        base = self.value(base_node)
        if exp_node.is_Integer:
            if base == 0 and exp_node.is_negative:
                raise Undefined("division by zero")
            return mpmath.power(base, int(exp_node))
        exponent = self.value(exp_node)
        if base == 0:
            if exponent > 0:
                return mpmath.mpf(0)
            raise Undefined("0 to a non-positive power")
        if abs(exponent * mpmath.log(abs(base))) > _MAX_EXP:
            raise OutOfRange("power out of range")
        if exp_node == sympy.S.Half:
            return mpmath.sqrt(base)
        return mpmath.power(base, exponent)

    def _piecewise(self, node: sympy.Basic) -> Any:
        for expr, cond in node.args:
            decided = self._condition(cond)
            if decided is None:
                raise Undefined(f"undecidable condition {cond}")
            if decided:
                return self.value(expr)
        raise Undefined("no branch of the Piecewise applies")

    def _condition(self, cond: sympy.Basic) -> bool | None:
        """Decide a condition exactly at the rational point, never from rounded values."""
        if cond is sympy.true or cond is sympy.false:
            return bool(cond)
        for rel in cond.atoms(sympy.core.relational.Relational):
            self.value(rel.lhs - rel.rhs)  # guard: sympy's exact comparison of huge values would hang
        decided = cond.xreplace({self.z: self.point})
        if decided is sympy.true or decided is sympy.false:
            return bool(decided)
        return None

    def _exact(self, node: sympy.Basic) -> Any:
        """Substitute the exact point and let sympy decide (discontinuous or unmapped functions)."""
        exact = node.xreplace({self.z: self.point})
        if exact.is_Number:
            return to_mpf(exact)
        result = exact.evalf(mpmath.mp.dps)
        if result.is_Number:
            return to_mpf(result)
        raise Undefined(f"cannot evaluate {node}")
