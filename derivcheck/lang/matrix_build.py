"""A checked matrix text built at fixed sizes: sympy matrices of entries, numpy's semantics, nothing evaluated
beyond what sympy's constructors do (the text passed the allow-list and its limits first)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from derivcheck.lang.limits import Rejected, literal_value
from derivcheck.lang.matrix import SOFTMAX, SUM, MatrixSyntax, reduction
from derivcheck.lang.vocabulary import CONSTANTS, FUNCTIONS, PIECEWISE

__all__ = ["Array", "build_matrix", "entrywise", "matrix", "number"]

_OPERATIONS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b,
}
_RELATIONS: dict[type[ast.cmpop], Any] = {
    ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt, ast.GtE: sympy.Ge, ast.Eq: sympy.Eq, ast.NotEq: sympy.Ne,
}
_NOT_A_VALUE = (sympy.zoo, sympy.nan, sympy.oo, sympy.S.NegativeInfinity)


@dataclass(frozen=True)
class Array:
    """A built value: `cells` is 1 x 1 for a number (ndim 0), 1 x c for numpy's 1-D array, r x c for a matrix.

    Cells are kept as rows of sympy objects, not as a sympy Matrix, because a condition's cells are booleans.
    """

    cells: tuple[tuple[Any, ...], ...]
    ndim: int

    @property
    def rows(self) -> int:
        return len(self.cells)

    @property
    def cols(self) -> int:
        return len(self.cells[0])

    @property
    def entries(self) -> sympy.ImmutableMatrix:
        """The cells as a sympy matrix (of an expression, never of a condition)."""
        return sympy.ImmutableMatrix(self.cells)

    @property
    def shape(self) -> tuple[int, ...]:
        if self.ndim == 0:
            return ()
        if self.ndim == 1:
            return (self.cols,)
        return (self.rows, self.cols)

    def at(self, row: int, column: int) -> Any:
        """The entry broadcast to position (row, column) of a larger result."""
        return self.cells[row if self.rows > 1 else 0][column if self.cols > 1 else 0]

    @property
    def value(self) -> sympy.Expr:
        """The number (ndim 0)."""
        result: sympy.Expr = self.cells[0][0]
        return result


def _cells(rows: int, columns: int, cell: Callable[[int, int], Any]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(cell(i, j) for j in range(columns)) for i in range(rows))


def number(value: sympy.Expr) -> Array:
    return Array(((value,),), 0)


def matrix(entries: sympy.MatrixBase) -> Array:
    return Array(_cells(entries.rows, entries.cols, lambda i, j: entries[i, j]), 2)


def build_matrix(syntax: MatrixSyntax, values: Mapping[str, Array],
                 functions: Mapping[str, Callable[[sympy.Expr], sympy.Expr]]) -> Array:
    """The value of a checked text whose shapes fit, with `values` for its names and `functions` for the
    declared activations and the primes (parsed names, `g1__prime`); vocabulary functions apply entry-wise."""
    builder = _Builder(syntax, values, functions)
    try:
        result = builder.build(syntax.tree)
        for entry in (cell for row in result.cells for cell in row):
            if isinstance(entry, sympy.Basic) and entry.has(*_NOT_A_VALUE):
                raise Rejected("this evaluates to an infinite or undefined value (division by zero?)", 0)
            if isinstance(entry, sympy.Basic) and entry.has(sympy.I):
                raise Rejected("this is not real: it evaluates to a complex number", 0)
    except Rejected as exc:
        raise syntax.error(exc.message, ast.Constant(value=None, col_offset=exc.offset)) from None
    return result


def _shape(arrays: list[Array]) -> tuple[int, int, int]:
    """(rows, columns, ndim) of arrays broadcast together (their shapes were checked by `shapes`)."""
    ndim = max(a.ndim for a in arrays)
    rows = max((a.rows for a in arrays if a.ndim == 2), default=1)
    columns = max((a.cols for a in arrays if a.ndim >= 1), default=1)
    for a in arrays:
        r, c = (a.rows if a.ndim == 2 else 1), (a.cols if a.ndim >= 1 else 1)
        if r not in (1, rows) or c not in (1, columns):
            raise Rejected("the shapes do not broadcast at these sizes", 0)
    return rows, columns, ndim


def entrywise(function: Callable[..., Any], *arrays: Array) -> Array:
    """`function` applied entry by entry to the arrays broadcast together."""
    rows, columns, ndim = _shape(list(arrays))
    return Array(_cells(rows, columns, lambda i, j: function(*[a.at(i, j) for a in arrays])), ndim)


class _Builder:
    def __init__(self, syntax: MatrixSyntax, values: Mapping[str, Array],
                 functions: Mapping[str, Callable[[sympy.Expr], sympy.Expr]]) -> None:
        self.syntax = syntax
        self.values = values
        self.functions = functions

    def build(self, node: ast.expr) -> Array:
        try:
            return self._build(node)
        except Rejected:
            raise
        except (ValueError, TypeError, ArithmeticError, sympy.ShapeError) as exc:
            raise Rejected(f"cannot build this expression: {exc}", node.col_offset) from None

    def _build(self, node: ast.expr) -> Array:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return number(sympy.true if node.value else sympy.false)
            exact = literal_value(ast.get_source_segment(self.syntax.source.parsed, node) or "", node.col_offset)
            return number(sympy.Rational(exact.numerator, exact.denominator))
        if isinstance(node, ast.Name):
            return self.values[node.id] if node.id in self.values else number(CONSTANTS[node.id])
        if isinstance(node, ast.UnaryOp):
            inner = self.build(node.operand)
            return entrywise(lambda x: -x, inner) if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.Attribute):
            inner = self.build(node.value)
            return Array(tuple(zip(*inner.cells, strict=True)), 2) if inner.ndim == 2 else inner
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Compare):
            operands = [self.build(o) for o in (node.left, *node.comparators)]
            relations = [_RELATIONS[type(op)] for op in node.ops]

            def compare(*xs: Any) -> Any:
                parts = [relation(xs[i], xs[i + 1]) for i, relation in enumerate(relations)]
                return parts[0] if len(parts) == 1 else sympy.And(*parts)

            return entrywise(compare, *operands)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node, node.func.id)
        raise Rejected(f"{type(node).__name__} is not allowed in an expression", node.col_offset)

    def binop(self, node: ast.BinOp) -> Array:
        left, right = self.build(node.left), self.build(node.right)
        if isinstance(node.op, ast.MatMult):
            if left.ndim != 2 or right.ndim != 2 or left.cols != right.rows:
                raise Rejected("the shapes do not fit a matrix product at these sizes", node.col_offset)
            return matrix(left.entries * right.entries)
        if isinstance(node.op, ast.BitAnd):
            return entrywise(sympy.And, left, right)
        if isinstance(node.op, ast.BitOr):
            return entrywise(sympy.Or, left, right)
        return entrywise(_OPERATIONS[type(node.op)], left, right)

    def call(self, node: ast.Call, name: str) -> Array:
        if name == SUM and name not in self.values:
            return self.sum(node)
        if name == SOFTMAX and name not in self.values:
            return self.softmax(node)
        if name == PIECEWISE:
            return self.piecewise(node)
        arguments = [self.build(arg) for arg in node.args]
        function = self.functions.get(name)
        if function is not None:
            return entrywise(function, *arguments)
        return entrywise(FUNCTIONS[name].build, *arguments)

    def sum(self, node: ast.Call) -> Array:
        inner = self.build(node.args[0])
        found = reduction(node)
        cells = inner.cells
        if found.axis is None or inner.ndim < 2:
            return number(sympy.Add(*(cell for row in cells for cell in row)))
        if found.axis == 0:
            row = (tuple(sympy.Add(*column) for column in zip(*cells, strict=True)),)
            return Array(row, 2 if found.keepdims else 1)
        totals = tuple(sympy.Add(*row) for row in cells)
        return Array(tuple((t,) for t in totals), 2) if found.keepdims else Array((totals,), 1)

    def softmax(self, node: ast.Call) -> Array:
        inner = self.build(node.args[0])
        exps = [[sympy.exp(cell) for cell in row] for row in inner.cells]
        if reduction(node).axis == 0:
            columns = [sympy.Add(*column) for column in zip(*exps, strict=True)]
            return Array(_cells(inner.rows, inner.cols, lambda i, j: exps[i][j] / columns[j]), 2)
        rows = [sympy.Add(*row) for row in exps]
        return Array(_cells(inner.rows, inner.cols, lambda i, j: exps[i][j] / rows[i]), 2)

    def piecewise(self, node: ast.Call) -> Array:
        parts: list[Array] = []
        for branch in node.args:
            assert isinstance(branch, ast.Tuple)
            parts += [self.build(branch.elts[0]), self.build(branch.elts[1])]

        def join(*xs: Any) -> Any:
            return sympy.Piecewise(*[(xs[k], xs[k + 1]) for k in range(0, len(xs), 2)])

        return entrywise(join, *parts)
