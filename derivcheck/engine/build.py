"""Turn a loaded spec into a `Problem` and sympy claims, through the safe parser only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import cast

import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.domain_set import symbolic_interval
from derivcheck.engine.pieces import pieces
from derivcheck.engine.problem import Problem, parameter_symbol
from derivcheck.errors import ExpressionError
from derivcheck.lang.parse import Scope, parse_condition, parse_expression, parse_number
from derivcheck.lang.spellings import NO_DERIVATIVE
from derivcheck.spec.model import Spec, Text


@dataclass(frozen=True)
class Built:
    """A spec's problem together with the scope its claims are parsed in."""

    problem: Problem
    scope: Scope
    values: dict[str, sympy.Expr]

    def expression(self, text: Text, *, output: bool = True, derivation: bool = False) -> sympy.Expr:
        """Parse one claim; `output=False` forbids the output name (as in `function:`).

        `derivation=True` allows diff(expr, z); there the output name stands for g(z) as a function of z
        (a plain symbol would make diff(a, z) zero), and is a plain symbol again once diff has run.
        """
        scope = self.scope
        if not output or derivation:
            symbols = dict(scope.symbols)
            if not output:
                symbols.pop(self.problem.a.name, None)
            applied = sympy.Function(self.problem.a.name)(self.problem.z)
            if derivation and output:
                symbols[self.problem.a.name] = cast(sympy.Symbol, applied)
            scope = Scope(symbols=symbols, variable=scope.variable, allow_diff=derivation, varying=scope.varying)
            if derivation:
                return self._output_back(parse_expression(text.text, scope, text.location), applied, text)
        return parse_expression(text.text, scope, text.location)

    def _output_back(self, expr: sympy.Expr, applied: sympy.Expr, text: Text) -> sympy.Expr:
        """Derivatives of a(z) become derivatives of g, and a(z) the output symbol again."""
        z, g = self.problem.z, self.problem.g
        derivatives = {d: derivative(g, z, d.derivative_count) for d in expr.atoms(sympy.Derivative)
                       if d.expr == applied}
        result: sympy.Expr = expr.xreplace(derivatives).xreplace({applied: self.problem.a})
        if result.has(sympy.Derivative, sympy.Subs) or result.has(applied):
            raise ExpressionError("cannot differentiate this step exactly", text.location)
        return result

    def written(self, text: Text) -> sympy.Expr:
        """A claim as float code computes it: framework names (log1p, xlogy, ...) kept as calls."""
        scope = Scope(symbols=self.scope.symbols, variable=self.scope.variable, varying=self.scope.varying,
                      written=True)
        return parse_expression(text.text, scope, text.location)

    def declared_value(self, text: Text) -> sympy.Expr | None:
        """A value under `at:`: an expression, or None for `undefined` (g' has no value there)."""
        if text.text.strip() == NO_DERIVATIVE:
            return None
        return self.expression(text)

    def point(self, text: Text) -> sympy.Expr:
        """Parse a point and check it lies in the domain."""
        value = parse_number(text.text, text.location)
        if self.problem.interval.contains(value) is not sympy.true:
            raise ExpressionError(
                f"point {text.text!r} is outside the domain {_domain_text(self.problem)}", text.location
            )
        return value


def build(spec: Spec) -> Built:
    """Parse parameters, domain and function of `spec` into a Problem (once per spec and process)."""
    try:
        hash(spec)
    except TypeError:  # a spec built by hand with a list inside
        return _build(spec)
    return _cached_build(spec)


@lru_cache(maxsize=128)  # every task of a spec starts here, one after the other in the same worker
def _cached_build(spec: Spec) -> Built:
    return _build(spec)


def _build(spec: Spec) -> Built:
    values: dict[str, sympy.Expr] = {}
    parameters: dict[sympy.Symbol, sympy.Expr] = {}
    for name, text in spec.parameters:
        value = parse_number(text.text, text.location)
        values[name] = value
        parameters[parameter_symbol(name, value)] = value
    real = sympy.Symbol(spec.variable, real=True)
    interval: sympy.Set = sympy.S.Reals
    general: sympy.Set | None = interval  # the domain for every parameter value (see domain_set)
    domain: sympy.Basic = sympy.true
    if spec.domain is not None:
        scope = Scope(symbols={spec.variable: real, **{p.name: p for p in parameters}}, variable=real)
        condition = parse_condition(spec.domain.text, scope, spec.domain.location)
        try:
            interval = condition.xreplace(dict(parameters)).as_set()
        except (NotImplementedError, ValueError, TypeError) as exc:
            raise ExpressionError(f"cannot read domain as an interval of {spec.variable}: {exc}",
                                  spec.domain.location) from None
        if interval.is_empty:
            raise ExpressionError("the domain is empty", spec.domain.location)
        general = interval
        if condition.free_symbols & set(parameters):
            general = symbolic_interval(condition, real)
            if general is not None and general.xreplace(dict(parameters)) != interval:
                general = None  # not the domain at the values: not trusted for any other value either
    # z's sign is an assumption every proof uses, so it must hold for every parameter value a proof may claim.
    z = _variable_symbol(spec.variable, general) if general is not None else real
    if spec.domain is not None:
        domain = condition.xreplace({real: z})
    a = sympy.Symbol(spec.output, real=True)
    scope = Scope(symbols={spec.variable: z, spec.output: a, **{p.name: p for p in parameters}}, variable=z,
                  varying=frozenset({spec.output}))
    g = parse_expression(spec.function.text, scope, spec.function.location)
    if a in g.free_symbols:
        raise ExpressionError(
            f"`function:` may not use the output name {spec.output!r} (it stands for the function itself)",
            spec.function.location,
        )
    written = parse_expression(spec.function.text, replace(scope, symbols={
        k: v for k, v in scope.symbols.items() if k != spec.output}, written=True), spec.function.location)
    problem = Problem(z=z, a=a, g=g, parameters=parameters, domain=domain, interval=interval,
                      symbolic_interval=general, g_written=None if written == g else written)
    if g.has(sympy.nan):
        _no_value_outside(problem, spec.function)
    return Built(problem=problem, scope=scope, values=values)


def _no_value_outside(problem: Problem, text: Text) -> None:
    """A branch of g written nan (no value) must hold only outside the domain, or at single points of it
    (where the kink analysis says g has no value): on a stretch of the domain g would have no derivative at all."""
    z, g = problem.z, problem.with_values(problem.g)
    parts = problem.interval.args if isinstance(problem.interval, sympy.Union) else (problem.interval,)
    for part in parts:
        found = pieces(g, z, part)
        if found is None:
            raise ExpressionError("`function:` has a branch with no value (nan), and where it holds cannot be "
                                  "told exactly: write the domain so that it leaves that branch out", text.location)
        for piece in found:
            if piece.expr.has(sympy.nan):
                where = f"{piece.lower} < {z} < {piece.upper}"
                raise ExpressionError(f"`function:` has no value (nan) on {where}, inside the domain: a domain "
                                      "that leaves that branch out (`domain:`) says where g is defined", text.location)


def _variable_symbol(name: str, interval: sympy.Set) -> sympy.Symbol:
    """z is real; a half-line domain adds its sign (the only assumptions that come from a spec).

    `interval` is the domain for every parameter value: a sign that holds only at the spec's values
    (`z > alpha - 1` with alpha = 1) would let a proof "for all alpha > 0" use it.
    """
    if isinstance(interval, sympy.Interval):
        if interval.start == 0 and interval.end is sympy.oo:
            return sympy.Symbol(name, positive=True) if interval.left_open else sympy.Symbol(name, nonnegative=True)
        if interval.end == 0 and interval.start is sympy.S.NegativeInfinity:
            return sympy.Symbol(name, negative=True) if interval.right_open else sympy.Symbol(name, nonpositive=True)
    return sympy.Symbol(name, real=True)


def _domain_text(problem: Problem) -> str:
    return str(problem.domain) if problem.domain is not sympy.true else "(all real numbers)"
