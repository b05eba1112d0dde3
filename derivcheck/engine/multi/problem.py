"""The problem a spec of several variables poses: its inputs, the function, its parameters and constraints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy

from derivcheck.results.checks import Partial

__all__ = ["By", "Claim", "Input", "MultiProblem", "VectorConstraint", "symbol_assumptions"]


def symbol_assumptions(values: sympy.Set) -> dict[str, bool]:
    """The assumptions a symbol ranging over `values` may carry: real, and a sign when every value has it."""
    if values.is_subset(sympy.Interval.open(0, sympy.oo)):
        return {"positive": True}
    if values.is_subset(sympy.Interval(0, sympy.oo)):
        return {"nonnegative": True}
    if values.is_subset(sympy.Interval.open(-sympy.oo, 0)):
        return {"negative": True}
    if values.is_subset(sympy.Interval(-sympy.oo, 0)):
        return {"nonpositive": True}
    return {"real": True}


@dataclass(frozen=True)
class Input:
    """One variable: a real number (`symbol`), a label (`values`), or a vector of n of them (`base`, entry-wise).

    `interval` is what the number (each entry) may be, parameters at their values; `domain` is how the spec
    wrote it, for a verdict's scope.  `at_values` says that the domain mentions a parameter: then `interval`,
    and the sign the symbol carries, hold at the parameter values only (see `MultiProblem.domains_at_values`).
    """

    name: str
    interval: sympy.Set
    symbol: sympy.Symbol | None = None
    base: sympy.IndexedBase | None = None
    values: tuple[sympy.Expr, ...] = ()
    domain: str = "all real"
    at_values: bool = False

    @property
    def is_label(self) -> bool:
        return bool(self.values)

    @property
    def is_vector(self) -> bool:
        return self.base is not None

    def entry(self, position: int) -> sympy.Symbol:
        """The symbol of entry `position` (from 1) of a vector, with the entries' assumptions.

        Its name `z[2]` is no identifier, so it never equals the symbol of a declared variable (`z_2`)."""
        return sympy.Symbol(f"{self.name}[{position}]", **symbol_assumptions(self.interval))


@dataclass(frozen=True)
class By:
    """One variable a derivative is taken by: a number, or a vector's entry at `index`."""

    input: Input
    index: sympy.Symbol | None = None

    @property
    def symbolic(self) -> sympy.Expr:
        """What sympy differentiates by: the number's symbol, or the entry z[j]."""
        if self.input.base is not None:
            assert self.index is not None
            return self.input.base[self.index]
        assert self.input.symbol is not None
        return self.input.symbol

    def at(self, indices: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Symbol:
        """The symbol at fixed index values: the number's own, or the entry z[2]."""
        if self.input.is_vector:
            assert self.index is not None
            return self.input.entry(int(indices[self.index]))
        assert self.input.symbol is not None
        return self.input.symbol


@dataclass(frozen=True)
class VectorConstraint:
    """sum_k base[k] = value, as declared (`text`), for every n."""

    base: sympy.IndexedBase
    value: sympy.Expr
    text: str


@dataclass(frozen=True)
class Claim:
    """One claimed derivative, parsed and with every intermediate written out.

    For a vector function or variable, `truth` and `claimed` hold sums over 1..n and the free indices `free`
    (the function's entry i, the variable's entry j; one index when they are the same name).
    """

    by: tuple[By, ...]  # one variable for a first derivative, two for a second
    truth: sympy.Expr
    claimed: sympy.Expr
    free: tuple[sympy.Symbol, ...]
    partial: Partial | None
    label: str
    line: int | None


@dataclass(frozen=True)
class MultiProblem:
    """The function of several inputs (intermediates written out), its parameters, sizes and constraints.

    A vector function has the free index `output_index` (f is its entry i).  Each parameter symbol carries the
    sign of its value as its only assumption; `parameters` maps it to that value.
    """

    inputs: tuple[Input, ...]
    f: sympy.Expr
    output: str
    output_index: sympy.Symbol | None = None
    size: sympy.Symbol | None = None
    parameters: Mapping[sympy.Symbol, sympy.Expr] = field(default_factory=dict)
    constraints: tuple[VectorConstraint, ...] = ()

    @property
    def has_vectors(self) -> bool:
        return any(i.is_vector for i in self.inputs)

    @property
    def domains_at_values(self) -> bool:
        """Whether some variable's domain mentions a parameter.

        Its interval, and the sign its symbol (or a vector's entries) carries, are then read at the parameter
        values: `y > alpha - 2` is y > 1 for alpha = 3, a positive y, but not for alpha = 1.  A proof that kept
        the parameters symbolic would still use that interval and that sign, and so claim "for all alpha > 0"
        what was shown for alpha = 3 only; such a spec is proved at the parameter values only.
        """
        return any(i.at_values for i in self.inputs)

    @property
    def labels(self) -> tuple[Input, ...]:
        return tuple(i for i in self.inputs if i.is_label)

    def input(self, name: str) -> Input:
        return next(i for i in self.inputs if i.name == name)
