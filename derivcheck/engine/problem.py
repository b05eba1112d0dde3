"""The mathematical problem one spec poses: symbols, g(z), parameters and domain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy


@dataclass(frozen=True)
class Problem:
    """g(z) with its symbols, parameter values and domain.

    `z` is real, with a sign assumption only when the spec's domain is a half-line (`z > 0`, ...).
    Each parameter symbol carries the sign of its value (positive/negative/zero) as its only assumption;
    `parameters` maps it to its exact value.  `interval` is the domain as a set of reals, with the parameter
    values substituted; `symbolic_interval` is the same set with the parameters kept symbolic, valid for every
    value of their signs (None when the domain cannot be written so; unused when it mentions no parameter).
    """

    z: sympy.Symbol
    a: sympy.Symbol
    g: sympy.Expr
    parameters: Mapping[sympy.Symbol, sympy.Expr] = field(default_factory=dict)
    domain: sympy.Basic = sympy.true
    interval: sympy.Set = sympy.S.Reals
    symbolic_interval: sympy.Set | None = None
    g_written: sympy.Expr | None = None  # g as float code computes it (log1p(z), not log(1 + z)); None: g

    @property
    def g_float(self) -> sympy.Expr:
        """g in the form a float evaluation follows: framework calls kept as the calls they are."""
        return self.g if self.g_written is None else self.g_written

    def with_output(self, expr: sympy.Expr) -> sympy.Expr:
        """`expr` with the output name `a` replaced by g(z)."""
        return expr.xreplace({self.a: self.g}) if self.a in expr.free_symbols else expr

    def with_values(self, expr: sympy.Expr) -> sympy.Expr:
        """`expr` (after `with_output`) with every parameter replaced by its value."""
        return self.with_output(expr).xreplace(dict(self.parameters))

    def interval_for(self, *, for_all: bool) -> sympy.Set | None:
        """The domain a proof may use: at the parameter values, or (`for_all`) for every value of their signs.

        None when the domain depends on a parameter and cannot be kept symbolic: a proof for every value may
        then not use the domain (the interval at the values would claim more than was shown).
        """
        if not for_all or not (self.domain.free_symbols & set(self.parameters)):
            return self.interval
        return self.symbolic_interval

    @property
    def has_parameters(self) -> bool:
        return bool(self.parameters)


def parameter_symbol(name: str, value: sympy.Expr) -> sympy.Symbol:
    """A parameter symbol whose only assumption is the sign of its value."""
    if value.is_positive:
        return sympy.Symbol(name, positive=True)
    if value.is_negative:
        return sympy.Symbol(name, negative=True)
    if value.is_zero:
        return sympy.Symbol(name, zero=True)
    return sympy.Symbol(name, real=True)


def sign_condition(value: sympy.Expr) -> str:
    """What `parameter_symbol` assumes of a parameter with this value, as a scope writes it: "> 0", "< 0",
    "= 0" or "real"."""
    if value.is_positive:
        return "> 0"
    if value.is_negative:
        return "< 0"
    return "= 0" if value.is_zero else "real"
