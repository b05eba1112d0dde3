"""Compile a sympy expression once into a tree of mpmath closures, then evaluate it at any point and precision.

Walking the sympy tree again at every point and precision (type tests, dictionary look-ups, sympy's own
arithmetic on exact numbers) cost more than the arithmetic itself; a claim is evaluated at dozens of points
at two precisions each.  The closures do exactly what the tree walk did, node by node, in the same order,
with the same guards (complex values, infinities, magnitudes beyond memory, cancellation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import mpmath
import sympy
from sympy.core.relational import Relational

from derivcheck.engine.numbers.exact_rational import exact_condition, rational_function, rational_point
from derivcheck.engine.numbers.mpbasics import (
    CONSTANTS,
    EXACT,
    FUNCTIONS,
    MAX_EXP,
    MAX_MAG,
    Lost,
    OutOfRange,
    Uncomputable,
    Undefined,
)

__all__ = ["Compiled", "compiled", "mp_value", "to_mpf"]

_MPF = type(mpmath.mpf(1))
_ZERO = mpmath.mpf(0)._mpf_


class _Env:
    """One evaluation: the exact point, z as an mpf, and the values of shared subexpressions."""

    __slots__ = ("point", "slots", "z")

    def __init__(self, point: sympy.Expr, z: Any, slots: int) -> None:
        self.point = point
        self.z = z
        self.slots: list[Any] = [None] * slots


Node = Callable[[_Env], Any]


def mp_value(expr: sympy.Basic, z: sympy.Symbol, point: sympy.Expr, dps: int) -> Any:
    """The mpf value of `expr` at z = point, at `dps` digits; raises Undefined or Lost.

    The expression is compiled once (per process) and the compiled form evaluated here.
    """
    return compiled(expr, z).value(point, dps)


@lru_cache(maxsize=1024)
def compiled(expr: sympy.Basic, z: sympy.Symbol) -> Compiled:
    """The compiled form of `expr` in `z` (compiled once per process, then reused)."""
    return Compiled(expr, z)


class Compiled:
    """`expr` as closures; `value(point, dps)` raises Undefined, OutOfRange or Lost like the tree walk."""

    def __init__(self, expr: sympy.Basic, z: sympy.Symbol) -> None:
        self.z = z
        # A subexpression that occurs more than once (g inside a*(1 - a)) is computed once per evaluation.
        self._shared = _shared_nodes(expr)
        self._slots = 0
        self._memo: dict[sympy.Basic, Node] = {}
        self._root = self._node(expr)

    def value(self, point: sympy.Expr, dps: int) -> Any:
        with mpmath.workdps(dps):
            return self.evaluate(point)

    def evaluate(self, point: sympy.Expr) -> Any:
        """The value at the current mpmath precision."""
        # A point is an exact number, or an exact constant such as sqrt(2) (evaluated like any expression).
        x = _check(to_mpf(point), self.z) if point.is_Number else compiled(point, self.z).evaluate(sympy.S.Zero)
        return self._root(_Env(point, x, self._slots))

    # --- compilation ----------------------------------------------------------------------------------

    def _node(self, node: sympy.Basic) -> Node:
        known = self._memo.get(node)
        if known is not None:
            return known
        # Every closure checks its own result (a complex or infinite value, a magnitude beyond memory).
        compute = self._compute(node)
        result: Node = compute
        if node in self._shared:
            index = self._slots
            self._slots += 1

            def shared(env: _Env) -> Any:
                value = env.slots[index]
                if value is None:
                    value = env.slots[index] = compute(env)
                return value

            result = shared
        self._memo[node] = result
        return result

    def _compute(self, node: sympy.Basic) -> Node:
        if node == self.z:
            return lambda env: env.z
        if node.is_Number:
            return _constant(node)  # checked once, here: its size does not depend on the precision
        if node in CONSTANTS:
            make = CONSTANTS[node]
            return lambda env: make()
        if node.is_Add:
            return self._add(node)
        if node.is_Mul:
            return self._mul(node)
        if node.is_Pow:
            return self._pow(node)
        if isinstance(node, sympy.exp):
            return self._exp(self._node(node.args[0]), node)
        if isinstance(node, (sympy.Max, sympy.Min)):
            parts = [self._node(arg) for arg in node.args]
            pick = max if isinstance(node, sympy.Max) else min
            return lambda env: pick([part(env) for part in parts])  # of checked values
        if isinstance(node, sympy.Piecewise):
            return self._piecewise(node)
        if isinstance(node, (sympy.Symbol, sympy.Dummy)) or node.is_Boolean:
            return _raiser(Undefined("free symbol or condition", node))
        args = [self._node(arg) for arg in node.args]  # also guards the exact fallbacks against huge values
        function = None if isinstance(node, EXACT) else FUNCTIONS.get(type(node))
        if function is None:
            exact = self._exact(node)

            def guarded(env: _Env) -> Any:
                for arg in args:
                    arg(env)
                return _check(exact(env), node)

            return guarded
        apply = function

        def call(env: _Env) -> Any:
            values = [arg(env) for arg in args]
            try:
                result = apply(*values)
            except (ValueError, ZeroDivisionError, ArithmeticError) as error:
                raise Undefined(str(error), node) from error
            return _check(result, node)

        return call

    def _add(self, node: sympy.Basic) -> Node:
        parts = [self._node(arg) for arg in node.args]

        def add(env: _Env) -> Any:
            terms = [part(env) for part in parts]
            total = mpmath.fsum(terms)
            largest = max(abs(t) for t in terms)
            if largest != 0 and (total == 0 or mpmath.mag(total) < mpmath.mag(largest) - mpmath.mp.prec + 8):
                raise Lost("cancellation in", node)
            return _check(total, node)

        return add

    def _mul(self, node: sympy.Basic) -> Node:
        first, *rest = [self._node(arg) for arg in node.args]

        def mul(env: _Env) -> Any:
            product = first(env)
            for part in rest:
                product *= part(env)
            return _check(product, node)

        return mul

    def _exp(self, argument: Node, node: sympy.Basic) -> Node:
        def exp(env: _Env) -> Any:
            x = argument(env)
            if abs(x) > MAX_EXP:
                raise OutOfRange("exp argument out of range")
            return _check(mpmath.exp(x), node)

        return exp

    def _pow(self, node: sympy.Basic) -> Node:
        base_node, exp_node = node.args
        if base_node is sympy.E:
            return self._node(sympy.exp(exp_node))
        base = self._node(base_node)
        if exp_node.is_Integer:
            n = int(exp_node)

            def integer_power(env: _Env) -> Any:
                b = base(env)
                if b == 0 and n < 0:
                    raise Undefined("division by zero")
                return _check(b**n, node)

            return integer_power
        exponent = self._node(exp_node)
        root = exp_node == sympy.S.Half

        def power(env: _Env) -> Any:
            b = base(env)
            e = exponent(env)
            if b == 0:
                if e > 0:
                    return mpmath.mpf(0)
                raise Undefined("0 to a non-positive power")
            if abs(e * mpmath.log(abs(b))) > MAX_EXP:
                raise OutOfRange("power out of range")
            return _check(mpmath.sqrt(b) if root else mpmath.power(b, e), node)

        return power

    def _piecewise(self, node: sympy.Basic) -> Node:
        branches = [(self._node(expr), self._condition(cond)) for expr, cond in node.args]

        def piecewise(env: _Env) -> Any:
            for value, holds in branches:
                decided = holds(env)
                if decided is None:
                    raise Uncomputable("undecidable condition in", node)
                if decided:
                    return value(env)  # checked by the branch
            raise Undefined("no branch of the Piecewise applies")

        return piecewise

    def _condition(self, cond: sympy.Basic) -> Callable[[_Env], bool | None]:
        """Decide a condition exactly at the exact point, never from rounded values."""
        if cond is sympy.true or cond is sympy.false:
            constant = bool(cond)
            return lambda env: constant
        fast = exact_condition(cond, self.z)
        guards = [self._node(rel.lhs - rel.rhs) for rel in cond.atoms(Relational)]
        z = self.z

        def decide(env: _Env) -> bool | None:
            x = rational_point(env.point)
            if fast is not None and x is not None:
                try:
                    return fast(x)
                except ZeroDivisionError:
                    raise Undefined("a side has a pole here:", cond) from None
            for guard in guards:
                guard(env)  # sympy's exact comparison of huge values would hang
            decided = cond.xreplace({z: env.point})
            if decided is sympy.true or decided is sympy.false:
                return bool(decided)
            return None

        return decide

    def _exact(self, node: sympy.Basic) -> Node:
        """Substitute the exact point and let sympy decide (discontinuous or unmapped functions)."""
        z = self.z
        first = rational_function(node.args[0], z) if node.args else None
        simple = first is not None and all(z not in arg.free_symbols for arg in node.args[1:])

        def exact(env: _Env) -> Any:
            x = rational_point(env.point)
            if simple and first is not None and x is not None:
                try:
                    value = first(x)
                except ZeroDivisionError:
                    raise Undefined("pole in the argument of", node) from None
                found = node.func(sympy.Rational(value.numerator, value.denominator), *node.args[1:])
            else:
                found = node.xreplace({z: env.point})
            if found.is_Number:
                return to_mpf(found)
            result = found.evalf(mpmath.mp.dps)
            if result.is_Number:
                return to_mpf(result)
            raise Uncomputable("cannot evaluate", node)

        return exact


def _shared_nodes(expr: sympy.Basic) -> set[sympy.Basic]:
    """Compound subexpressions referenced from more than one place (walking each distinct node once)."""
    uses: Counter[sympy.Basic] = Counter()
    stack = [expr]
    seen = {expr}
    while stack:
        for arg in stack.pop().args:
            uses[arg] += 1
            if arg not in seen:
                seen.add(arg)
                stack.append(arg)
    return {node for node, n in uses.items() if n > 1 and node.args}


def _check(result: Any, node: sympy.Basic) -> Any:
    if type(result) is _MPF:  # the usual case, read straight from the (sign, mantissa, exponent, bits) tuple
        _, mantissa, exponent, bits = result._mpf_
        if mantissa:
            if exponent + bits > MAX_MAG:
                raise OutOfRange("out of range: the value of", node)
            return result
        if result._mpf_ == _ZERO:
            return result
        raise Undefined("infinite value of", node)
    if isinstance(result, mpmath.mpc):
        if result.imag != 0:
            raise Undefined("complex value of", node)
        result = result.real
    if not mpmath.isfinite(result):
        raise Undefined("infinite value of", node)
    if result != 0 and mpmath.mag(result) > MAX_MAG:
        raise OutOfRange("out of range: the value of", node)
    return result


def _raiser(error: Exception) -> Node:
    def fail(env: _Env) -> Any:
        raise error

    return fail


def to_mpf(value: sympy.Basic) -> Any:
    """An exact or floating sympy real number as an mpf at the current precision; Undefined otherwise."""
    if value.is_Integer:
        return mpmath.mpf(int(value))
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    if value.is_Float and value.is_finite:
        return mpmath.mpf(value._mpf_)
    raise Undefined("not a finite real number:", value)


def _constant(node: sympy.Basic) -> Node:
    try:
        _check(to_mpf(node), node)
    except Undefined as error:
        return _raiser(error)
    if node.is_Integer:
        n = int(node)
        return lambda env: mpmath.mpf(n)
    if node.is_Rational:
        p, q = int(node.p), int(node.q)
        return lambda env: mpmath.mpf(p) / q
    if node.is_Float and node.is_finite:
        m = node._mpf_
        return lambda env: mpmath.mpf(m)
    return _raiser(Undefined("not a finite real number:", node))
