"""A network spec read once: every text through the matrix syntax, every shape checked, activations resolved.

All mistakes a spec can make before any size is chosen are found here, each a SpecError at its file, line and
column: an unknown name, a name used before it is computed, operands whose shapes do not fit (both shapes
named), a cost that is not a number, a backward line whose shape is not its target's, an unknown activation.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import sympy

from derivcheck.engine.multi.problem import symbol_assumptions
from derivcheck.engine.network.functions import Functions, functions_for
from derivcheck.errors import ExpressionError, Location
from derivcheck.lang.matrix import AXIS, SUM, MatrixNames, MatrixSyntax, matrix_syntax, reduction
from derivcheck.lang.parse import Scope, parse_condition, parse_number
from derivcheck.lang.shapes import Shape, infer_shape, shape_text
from derivcheck.lang.vocabulary import FUNCTIONS
from derivcheck.spec.model import Text
from derivcheck.spec.network import Backward, Matrix, NetworkSpec
from derivcheck.spec.network_schema import equals_at_top

__all__ = ["ColumnSum", "NetworkModel", "Parsed", "network_model"]


@dataclass(frozen=True)
class Parsed:
    """One forward equation or backward claim: its name, checked syntax and shape."""

    name: str
    syntax: MatrixSyntax
    shape: Shape
    text: Text


@dataclass(frozen=True)
class ColumnSum:
    """`sum(Y, axis=0) = 1`: each column (axis 0) or row (axis 1) of an input adds up to `value`."""

    name: str
    axis: int
    value: sympy.Expr
    text: str


@dataclass(frozen=True, eq=False)
class NetworkModel:
    """The spec with its texts read and its shapes checked (compared by identity)."""

    spec: NetworkSpec
    shapes: Mapping[str, Shape]
    forward: tuple[Parsed, ...]
    cost: MatrixSyntax
    backward: tuple[Parsed, ...]
    functions: Functions
    kinds: Mapping[str, str]  # declared activation -> `any` or its vocabulary function
    domains: Mapping[str, sympy.Set]  # an input -> the set each entry lies in (reals unless a domain says)
    labels: Mapping[str, tuple[sympy.Expr, ...]]  # a label input -> its values
    primes: frozenset[str] = frozenset()  # the functions whose derivative a text may write f'
    constraints: tuple[ColumnSum, ...] = ()

    def names(self) -> MatrixNames:
        """Everything a backward claim may name."""
        values = frozenset([*self.shapes, *(b.name for b in self.spec.backward)])
        return MatrixNames(values, frozenset(self.kinds), self.primes)

    def claim(self, name: str) -> Backward:
        return next(b for b in self.spec.backward if b.name == name)


def network_model(spec: NetworkSpec) -> NetworkModel:
    """The model of a network spec (once per spec and process); raises SpecError at the first mistake."""
    return _model(spec)


@lru_cache(maxsize=16)
def _model(spec: NetworkSpec) -> NetworkModel:
    kinds: dict[str, str] = {}
    for activation in spec.activations:
        function = FUNCTIONS.get(activation.function)
        if activation.function != "any" and (function is None or function.min_args != 1 or function.max_args != 1):
            singles = sorted(n for n, f in FUNCTIONS.items() if f.min_args == 1 and f.max_args == 1)
            raise ExpressionError(f"activation {activation.name}: {activation.function!r} is neither `any` nor a "
                                  f"function of one argument ({', '.join(singles)})", activation.location)
        kinds[activation.name] = activation.function
    functions = functions_for(kinds)
    primes = frozenset([*kinds, *(n for n, f in FUNCTIONS.items() if f.min_args == 1 and f.max_args == 1)])
    shapes: dict[str, Shape] = {s.name: () for s in spec.shapes}
    shapes |= {m.name: _dims(m) for m in spec.matrices}

    def names(*extra: str) -> MatrixNames:
        return MatrixNames(frozenset([*shapes, *extra]), frozenset(kinds), primes)

    forward = []
    for step in spec.forward:
        syntax = matrix_syntax(step.text.text, names(), step.text.location)
        shape = infer_shape(syntax, shapes)
        if len(shape) != 2:
            raise syntax.error(f"{step.name} is {shape_text(shape)}; a forward value is a matrix [rows, columns] "
                               "(a sum over one axis keeps it with keepdims=True)")
        shapes[step.name] = shape
        forward.append(Parsed(step.name, syntax, shape, step.text))
    cost = matrix_syntax(spec.cost.text, names(), spec.cost.location)
    cost_shape = infer_shape(cost, shapes)
    if cost_shape not in ((), (1, 1)):
        raise cost.error(f"the cost J is a number; this is {shape_text(cost_shape)} (sum(...) adds every entry)")
    backward: list[Parsed] = []
    targets = {b.name: shapes[b.target] for b in spec.backward}
    for claim in spec.backward:
        syntax = matrix_syntax(claim.claim.text, names(*(b.name for b in backward)), claim.claim.location)
        shape = infer_shape(syntax, {**shapes, **{b.name: targets[b.name] for b in backward}})
        want = targets[claim.name]
        if shape != want:
            raise syntax.error(f"{claim.name} claims {claim.meaning}, which has the shape of {claim.target}, "
                               f"{shape_text(want)}; the claim has the shape {shape_text(shape)}")
        backward.append(Parsed(claim.name, syntax, shape, claim.claim))
    domains = {m.name: _domain(m) for m in spec.inputs if m.domain is not None}
    labels = {m.name: tuple(parse_number(t.text, t.location) for t in m.values) for m in spec.inputs if m.values}
    inputs = frozenset(m.name for m in spec.inputs)
    constraints = tuple(_constraint(text, names(), inputs, labels) for text in spec.constraints)
    return NetworkModel(spec=spec, shapes=shapes, forward=tuple(forward), cost=cost, backward=tuple(backward),
                        functions=functions, kinds=kinds, domains=domains, labels=labels, primes=primes,
                        constraints=constraints)


def _dims(matrix: Matrix) -> Shape:
    return tuple(int(d) if d.isdigit() else d for d in matrix.shape)


def _domain(matrix: Matrix) -> sympy.Set:
    assert matrix.domain is not None
    text = matrix.domain
    symbol = sympy.Symbol(matrix.name, real=True)
    condition = parse_condition(text.text, Scope(symbols={matrix.name: symbol}, variable=symbol), text.location)
    try:
        interval = condition.as_set()
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise ExpressionError(f"cannot read the domain of {matrix.name} as an interval: {exc}", text.location) from None
    if interval.is_empty or not symbol_assumptions(interval):
        raise ExpressionError(f"the domain of {matrix.name} is empty", text.location)
    return interval


def _constraint(text: Text, names: MatrixNames, inputs: frozenset[str],
                labels: Mapping[str, tuple[sympy.Expr, ...]]) -> ColumnSum:
    """`sum(Y, axis=0) = 1`: the one form a constraint takes (the columns, or rows, of an input add up to a number)."""
    (position,) = equals_at_top(text.text)  # the loader checked there is one
    end = position + (2 if text.text.startswith("==", position) else 1)
    lhs = matrix_syntax(text.text[:position], names, text.location)
    rhs_location = Location(text.location.file, text.location.line, text.location.column + end)
    value = parse_number(text.text[end:], rhs_location)
    node = lhs.tree
    ok = (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == SUM
          and isinstance(node.args[0], ast.Name) and any(k.arg == AXIS for k in node.keywords))
    if not ok:
        raise lhs.error("a constraint reads sum(Y, axis=0) = value: the columns (axis=0) or rows (axis=1) of one "
                        "input add up to a number")
    assert isinstance(node, ast.Call) and isinstance(node.args[0], ast.Name)
    name = node.args[0].id
    if name not in inputs:
        raise lhs.error(f"{name} is not an input: a constraint says what the data satisfy", node.args[0])
    axis = reduction(node).axis
    assert axis is not None
    if name in labels and value not in (1,):
        raise lhs.error("a label input's columns can only be constrained to add up to 1 (one-hot)")
    return ColumnSum(name, axis, value, " ".join(text.text.split()))
