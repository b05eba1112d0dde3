"""Claims with every size, index and label fixed: identities in finitely many real symbols, for numbers and
for the proofs at fixed n.

A vector claim at n = 3, i = 1, j = 2 becomes an identity in the entries z_1, z_2, z_3 (sums written out, the
Kronecker delta evaluated), and its truth is computed again from the function at that n: the derivative of
the written-out function, not the all-n derivative with its sums, so a mistake in the index calculus shows up
as a disagreement.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import sympy

from derivcheck.engine.multi.problem import By, Input, MultiProblem
from derivcheck.results.checks import Coordinate

__all__ = ["Case", "Group", "assignments", "index_values", "instantiate", "label_edge", "on_edge", "scalar_case",
           "vector_case"]

#: At most this many label assignments are proved or sampled one by one.
MAX_ASSIGNMENTS = 64


@dataclass(frozen=True)
class Group:
    """Entries of one vector that add up to `value` (a declared constraint at a fixed n)."""

    symbols: tuple[sympy.Symbol, ...]
    value: sympy.Expr


@dataclass(frozen=True)
class Case:
    """One claim with sizes, indices and labels fixed: truth and claim in the real symbols `coordinates`.

    `f` is the function the truth differentiates by `variable` (None for an identity); `fixed` names the
    values that make this case (n, the indices, the labels), for the report of a point.
    """

    truth: sympy.Expr
    claimed: sympy.Expr
    coordinates: tuple[tuple[sympy.Symbol, sympy.Set], ...]
    fixed: tuple[Coordinate, ...]
    f: sympy.Expr | None = None
    variable: sympy.Symbol | None = None
    groups: tuple[Group, ...] = ()
    vectors: tuple[tuple[str, tuple[sympy.Symbol, ...]], ...] = ()  # each vector's entries, to show a point
    names: tuple[str, ...] = ()  # the spec's variables in order, to show a point in that order
    boundary: bool = False  # a label value sits on a branch boundary of a side: this case certifies nothing


def assignments(labels: Sequence[Input]) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """Every combination of label values (one empty assignment without labels), at most MAX_ASSIGNMENTS."""
    combos = itertools.islice(itertools.product(*(label.values for label in labels)), MAX_ASSIGNMENTS + 1)
    found = [{label.symbol: value for label, value in zip(labels, combo, strict=True) if label.symbol is not None}
             for combo in combos]
    return found[:MAX_ASSIGNMENTS]


def index_values(free: Sequence[sympy.Symbol], n: int) -> Iterator[dict[sympy.Symbol, sympy.Integer]]:
    """Every value of the free indices in 1..n."""
    for combo in itertools.product(range(1, n + 1), repeat=len(free)):
        yield {index: sympy.Integer(value) for index, value in zip(free, combo, strict=True)}


def label_edge(exprs: Sequence[sympy.Expr], assignment: Mapping[sympy.Symbol, sympy.Expr]) -> bool:
    """Whether some branch boundary of `exprs` (a Piecewise condition, Heaviside, sign, abs) depends on labels
    only and vanishes at `assignment`: there sympy's convention would decide a value."""
    if not assignment:
        return False
    labels = set(assignment)
    for expr in exprs:
        for edge in _edges(expr):
            if not edge.free_symbols or not edge.free_symbols <= labels:
                continue
            if edge.xreplace(dict(assignment)).is_zero is not False:
                return True
    return False


def _edges(expr: sympy.Basic) -> list[sympy.Expr]:
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Heaviside, sympy.sign, sympy.Abs)):
            found.append(node.args[0])
        elif isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                found.extend(r.lhs - r.rhs for r in cond.atoms(sympy.core.relational.Relational))
        elif isinstance(node, (sympy.Max, sympy.Min)):
            found.extend(a - b for a, b in itertools.combinations(node.args, 2))
    return found


def scalar_case(problem: MultiProblem, truth: sympy.Expr, claimed: sympy.Expr, *,
                assignment: Mapping[sympy.Symbol, sympy.Expr], variable: sympy.Symbol | None,
                f: sympy.Expr | None) -> Case:
    """A claim of scalar inputs with its labels at `assignment` and its parameters at their values."""
    values = {**problem.parameters, **assignment}
    coordinates = tuple((i.symbol, i.interval) for i in problem.inputs
                        if i.symbol is not None and not i.is_label)
    fixed = tuple(Coordinate(i.name, sympy.sstr(assignment[i.symbol])) for i in problem.inputs
                  if i.is_label and i.symbol in assignment)
    return Case(truth=truth.xreplace(values), claimed=claimed.xreplace(values), coordinates=coordinates,
                fixed=fixed, f=None if f is None else f.xreplace(values), variable=variable,
                boundary=label_edge((truth, claimed), assignment), names=tuple(i.name for i in problem.inputs))


def instantiate(expr: sympy.Expr, problem: MultiProblem, n: int, indices: Mapping[sympy.Symbol, sympy.Expr],
                ) -> sympy.Expr:
    """`expr` at size n with the free indices at `indices`: sums written out, entries as symbols."""
    size = problem.size
    assert size is not None
    bases = {i.base: i for i in problem.inputs if i.base is not None}

    def walk(node: sympy.Basic) -> sympy.Basic:
        if isinstance(node, sympy.Sum):
            terms = [node.function]
            for k, _, _ in node.limits:  # innermost first; every index runs over 1..n
                terms = [t.xreplace({k: sympy.Integer(c)}) for t in terms for c in range(1, n + 1)]
            return sympy.Add(*[walk(t) for t in terms])
        if isinstance(node, sympy.Indexed) and node.base in bases:
            position = node.indices[0]
            if not position.is_Integer or not 1 <= int(position) <= n:
                raise ValueError(f"entry {position} of {node.base} at n = {n}")
            return bases[node.base].entry(int(position))
        if not node.args:
            return node
        return node.func(*[walk(arg) for arg in node.args])

    result: sympy.Expr = walk(expr.xreplace({size: sympy.Integer(n), **indices}))
    return result


def vector_case(problem: MultiProblem, n: int, indices: Mapping[sympy.Symbol, sympy.Expr], *,
                claimed: sympy.Expr, truth: sympy.Expr | None = None, by: tuple[By, ...] = (),
                assignment: Mapping[sympy.Symbol, sympy.Expr] | None = None) -> Case:
    """A vector claim at size n and the given index values, parameters and labels at their values.

    With `by`, the truth is the derivative of the function written out at this n by those variables (their
    entries at these index values), one after the other; otherwise `truth` (an identity's other side) is
    written out.  The case's `f` is the function differentiated by all of them but the last, its `variable`
    the last: a finite difference of f along it is a witness of the truth.
    """
    values = {**problem.parameters, **(assignment or {})}
    claim = instantiate(claimed, problem, n, indices).xreplace(values)
    f = None
    last = None
    if by:
        output = problem.output_index
        f = instantiate(problem.f, problem, n, {output: indices[output]} if output is not None else {})
        f = f.xreplace(values)
        symbols = [b.at(indices) for b in by]
        for symbol in symbols[:-1]:
            f = sympy.diff(f, symbol)
        last = symbols[-1]
        exact = sympy.diff(f, last)
    else:
        assert truth is not None
        exact = instantiate(truth, problem, n, indices).xreplace(values)
    coordinates: list[tuple[sympy.Symbol, sympy.Set]] = []
    vectors: list[tuple[str, tuple[sympy.Symbol, ...]]] = []
    for item in problem.inputs:
        if item.is_vector:
            entries = tuple(item.entry(c) for c in range(1, n + 1))
            coordinates.extend((e, item.interval) for e in entries)
            vectors.append((item.name, entries))
        elif item.symbol is not None and not item.is_label:
            coordinates.append((item.symbol, item.interval))
    groups = []
    for constraint in problem.constraints:
        entries = next(e for name, e in vectors if name == str(constraint.base))
        groups.append(Group(entries, constraint.value.xreplace(dict(problem.parameters))))
    assert problem.size is not None
    fixed = (Coordinate(str(problem.size), str(n)),
             *(Coordinate(str(i), str(v)) for i, v in indices.items()),
             *(Coordinate(str(s), sympy.sstr(v)) for s, v in (assignment or {}).items()))
    return Case(truth=exact, claimed=claim, coordinates=tuple(coordinates), fixed=fixed, f=f, variable=last,
                groups=tuple(groups), vectors=tuple(vectors),
                boundary=label_edge((exact, claim), assignment or {}), names=tuple(i.name for i in problem.inputs))


def on_edge(case: Case, values: Mapping[sympy.Symbol, sympy.Expr]) -> bool:
    """Whether the point sits on (or cannot be told apart from) a branch boundary of either side, in any
    coordinate: such a point certifies nothing (sympy's conventions would decide the value there)."""
    for expr in (case.truth, case.claimed):
        for edge in _edges(expr):
            if edge.free_symbols and edge.xreplace(dict(values)).is_zero is not False:
                return True
    return False
