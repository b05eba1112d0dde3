"""A network at fixed sizes: every input and parameter a matrix of real symbols, the forward pass and the cost
built from them, and for each backward line its claim and its truth, entry by entry.

The truth of a line claiming `scale * dJ/dV` is `scale` times the derivative of the cost, computed from the
forward equations alone, never from a claim: by reverse accumulation (`adjoints`: sympy's `diff` of each
equation by its inputs, joined by the chain rule), and at the smallest sizes again by `diff` of the whole
written-out cost (`full_truth`): for a parameter or input V, dJ/dV[r, c] directly; for a forward value V, the
cost rebuilt with V's entries as fresh symbols (every later value computed from them), differentiated by each,
and V's entries put back.  `decide` holds the two to each other.  A name of an
earlier backward line inside a claim stands for that line's truth, so each line is checked on its own (a wrong
dZ2 is refuted at dZ2, not again at every line that uses it), and when every line is proved, the whole backward
pass computes the gradient.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import sympy

from derivcheck.engine.multi.problem import symbol_assumptions
from derivcheck.engine.network.adjoints import ReverseGradients, full_gradient
from derivcheck.engine.network.model import NetworkModel, network_model
from derivcheck.lang.matrix_build import Array, build_matrix, matrix, number
from derivcheck.spec.network import NetworkSpec

__all__ = ["Entry", "Instance", "instance", "size_items"]

#: A choice of sizes, (name, size) in the order the spec declares its shapes.
SizeItems = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Entry:
    """One symbol of a point: entry (row, column) of a matrix, from 1."""

    symbol: sympy.Symbol
    name: str
    row: int
    column: int


def size_items(model: NetworkModel, sizes: Mapping[str, int]) -> SizeItems:
    return tuple((s.name, sizes[s.name]) for s in model.spec.shapes)


@dataclass(eq=False)
class Instance:
    """The network at one choice of sizes."""

    model: NetworkModel
    sizes: dict[str, int]
    matrices: dict[str, sympy.ImmutableMatrix]  # each input and parameter as a matrix of its entries' symbols
    values: dict[str, Array]  # every name a text may use: sizes, inputs, parameters, forward values
    cost: sympy.Expr
    _truths: dict[str, sympy.ImmutableMatrix] = field(default_factory=dict)
    _gradients: ReverseGradients | None = None

    @property
    def entries(self) -> list[Entry]:
        """Every input's and parameter's entries, in the spec's order, row by row."""
        found = []
        for name, m in self.matrices.items():
            found += [Entry(m[r, c], name, r + 1, c + 1) for r in range(m.rows) for c in range(m.cols)]
        return found

    def truth(self, name: str) -> sympy.ImmutableMatrix:
        """What backward line `name` should equal: its scale times dJ/d(its target), entry by entry (by reverse
        accumulation over the forward equations, see `adjoints`)."""
        if name not in self._truths:
            if self._gradients is None:
                forward = [(p.name, p.syntax) for p in self.model.forward]
                self._gradients = ReverseGradients(self.values, forward, self.model.cost,
                                                    self.model.functions.callables)
            self._truths[name] = self._scaled(name, self._gradients[self.model.claim(name).target])
        return self._truths[name]

    def full_truth(self, name: str) -> sympy.ImmutableMatrix:
        """The same by `diff` of the whole written-out cost: the check of `truth` at the smallest sizes."""
        return self._scaled(name, self._gradient(self.model.claim(name).target))

    def _scaled(self, name: str, gradient: sympy.ImmutableMatrix) -> sympy.ImmutableMatrix:
        claim = self.model.claim(name)
        scale = sympy.Integer(self.sizes[claim.scale]) if claim.scale else sympy.S.One
        return sympy.ImmutableMatrix(gradient.applyfunc(lambda e: scale * e))

    def claimed(self, name: str) -> sympy.ImmutableMatrix:
        """Backward line `name` as claimed, earlier backward names standing for their truths."""
        parsed = next(p for p in self.model.backward if p.name == name)
        earlier = {p.name: matrix(self.truth(p.name)) for p in self.model.backward[: self.model.backward.index(parsed)]}
        built = build_matrix(parsed.syntax, {**self.values, **earlier}, self.model.functions.callables)
        return built.entries

    def _gradient(self, target: str) -> sympy.ImmutableMatrix:
        """dJ/d(target) by `diff`: of the cost for an input or parameter; of the cost rebuilt from the target's
        entries as fresh symbols for a forward value (every later value computed from them), put back after."""
        if target in self.matrices:
            return full_gradient(self.cost, self.matrices[target])
        node = self.values[target].entries
        cut = sympy.ImmutableMatrix(node.rows, node.cols,
                                    lambda r, c: sympy.Dummy(f"{target}_{r + 1}_{c + 1}", real=True))
        _, cost = _forward(self.model, self.values_before(target), {target: matrix(cut)})
        back = {cut[r, c]: node[r, c] for r in range(node.rows) for c in range(node.cols)}
        return cut.applyfunc(lambda s: sympy.diff(cost, s).xreplace(back))

    def values_before(self, target: str) -> dict[str, Array]:
        """The names a forward value may use, without it and the values after it."""
        after = [p.name for p in self.model.forward]
        after = after[after.index(target):]
        return {name: value for name, value in self.values.items() if name not in after}


def _forward(model: NetworkModel, known: dict[str, Array], override: dict[str, Array]) -> tuple[dict[str, Array],
                                                                                                sympy.Expr]:
    """Every forward value not yet in `known` (those in `override` as given), then the cost."""
    values = dict(known)
    for step in model.forward:
        if step.name in override:
            values[step.name] = override[step.name]
        elif step.name not in values:
            values[step.name] = build_matrix(step.syntax, values, model.functions.callables)
    cost = build_matrix(model.cost, values, model.functions.callables)
    return values, cost.entries[0, 0]


def instance(spec: NetworkSpec, sizes: SizeItems) -> Instance:
    """The network of `spec` at `sizes` (once per spec, sizes and process: every line of a spec shares it)."""
    return _instance(spec, sizes)


@lru_cache(maxsize=64)
def _instance(spec: NetworkSpec, sizes: SizeItems) -> Instance:
    model = network_model(spec)
    size = dict(sizes)
    matrices: dict[str, sympy.ImmutableMatrix] = {}
    for m in spec.matrices:
        rows, columns = (size[d] if d in size else int(d) for d in m.shape)
        assumptions = symbol_assumptions(model.domains[m.name]) if m.name in model.domains else {"real": True}
        matrices[m.name] = sympy.ImmutableMatrix(
            rows, columns, lambda r, c, name=m.name, a=assumptions: sympy.Symbol(f"{name}[{r + 1},{c + 1}]", **a))
    known = {name: number(sympy.Integer(n)) for name, n in size.items()}
    known |= {name: matrix(m) for name, m in matrices.items()}
    values, cost = _forward(model, known, {})
    return Instance(model=model, sizes=size, matrices=matrices, values=values, cost=cost)
