"""The shape of a matrix text, from the shapes of its names, by numpy's rules; a mismatch is an error at its column.

Shapes are symbolic: each dimension a shape name (`n_x`, `m`) or a whole number.  Two different names never
match, whatever sizes they may take (a spec that means one size writes one name), and only the number 1
broadcasts.  `*` and the other arithmetic operators are entry-wise with numpy's broadcasting; `@` is the matrix
product; `.T` the transpose; `sum(x)` a number, `sum(x, axis=a)` numpy's 1-D array and with `keepdims=True` a
row or a column; entry-wise functions keep the shape of their arguments broadcast together.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from derivcheck.lang.matrix import SOFTMAX, SUM, MatrixSyntax, prime_base, reduction
from derivcheck.lang.vocabulary import PIECEWISE

__all__ = ["Dim", "Shape", "infer_shape", "shape_text"]

Dim = str | int
#: () a number, (c,) numpy's 1-D array, (r, c) a matrix.
Shape = tuple[Dim, ...]


def shape_text(shape: Shape) -> str:
    """`[n_h, m]` for a matrix, `(n_h,)` for numpy's 1-D array, `a number` for a scalar."""
    if not shape:
        return "a number"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "[" + ", ".join(str(d) for d in shape) + "]"


def infer_shape(syntax: MatrixSyntax, shapes: Mapping[str, Shape]) -> Shape:
    """The shape of a checked matrix text whose names have `shapes` (a shape name is a number: `()`).

    Raises ExpressionError at the operator (or call) whose operands do not fit, naming both shapes.
    """
    return _Shapes(syntax, shapes).of(syntax.tree)


class _Shapes:
    def __init__(self, syntax: MatrixSyntax, shapes: Mapping[str, Shape]) -> None:
        self.syntax = syntax
        self.shapes = shapes

    def of(self, node: ast.expr) -> Shape:
        if isinstance(node, ast.Constant):
            return ()
        if isinstance(node, ast.Name):
            return self.shapes[node.id]
        if isinstance(node, ast.UnaryOp):
            return self.of(node.operand)
        if isinstance(node, ast.Attribute):  # .T, the only attribute the checker lets through
            inner = self.of(node.value)
            return (inner[1], inner[0]) if len(inner) == 2 else inner
        if isinstance(node, ast.BinOp):
            left, right = self.of(node.left), self.of(node.right)
            if isinstance(node.op, ast.MatMult):
                return self.product(node, left, right)
            return self.broadcast(node, [(node.left, left), (node.right, right)], _operator(node.op))
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            return self.broadcast(node, [(o, self.of(o)) for o in operands], "a comparison")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node, node.func.id)
        raise self.syntax.error(f"{type(node).__name__} has no shape", node)  # the checker admits nothing else

    def call(self, node: ast.Call, name: str) -> Shape:
        if name == SUM:
            inner = self.of(node.args[0])
            found = reduction(node)
            if found.axis is None:
                return ()
            if len(inner) != 2:
                raise self.syntax.error(f"sum(..., axis={found.axis}) needs a matrix; "
                                        f"{self.syntax.segment(node.args[0])} is {shape_text(inner)}", node)
            kept = inner[1 - found.axis]
            if found.keepdims:
                return (1, kept) if found.axis == 0 else (kept, 1)
            return (kept,)
        if name == SOFTMAX:
            inner = self.of(node.args[0])
            if len(inner) != 2:
                raise self.syntax.error(f"softmax needs a matrix (classes by examples); "
                                        f"{self.syntax.segment(node.args[0])} is {shape_text(inner)}", node)
            return inner
        if name == PIECEWISE:
            parts: list[tuple[ast.expr, Shape]] = []
            for branch in node.args:
                assert isinstance(branch, ast.Tuple)
                for part in branch.elts:
                    if not (isinstance(part, ast.Constant) and isinstance(part.value, bool)):
                        parts.append((part, self.condition(part)))
            return self.broadcast(node, parts, "Piecewise")
        shown = f"{prime_base(name)}'" if prime_base(name) is not None else name
        return self.broadcast(node, [(arg, self.of(arg)) for arg in node.args], f"{shown}(...)")

    def condition(self, node: ast.expr) -> Shape:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
            return self.broadcast(node, [(node.left, self.condition(node.left)),
                                         (node.right, self.condition(node.right))], "a condition")
        return self.of(node)

    def product(self, node: ast.BinOp, left: Shape, right: Shape) -> Shape:
        where = f"{self.syntax.segment(node.left)} @ {self.syntax.segment(node.right)}"
        for side, shape in ((node.left, left), (node.right, right)):
            if len(shape) == 1:
                raise self.syntax.error(f"{where}: {self.syntax.segment(side)} has shape {shape_text(shape)}, "
                                        "numpy's 1-D array (a sum over one axis without keepdims=True); @ needs "
                                        "[rows, columns]: add keepdims=True", node)
            if not shape:
                raise self.syntax.error(f"{where}: {self.syntax.segment(side)} is a number; @ multiplies two "
                                        "matrices (a number times a matrix is *)", node)
        if left[1] != right[0]:
            hint = ""
            if left[1] == right[1] or left[0] == right[0]:
                hint = " (a transpose missing? .T turns [a, b] into [b, a])"
            raise self.syntax.error(f"{where}: the shapes {shape_text(left)} and {shape_text(right)} do not fit a "
                                    f"matrix product: the columns of the left ({left[1]}) must match the rows of "
                                    f"the right ({right[0]}){hint}", node)
        return (left[0], right[1])

    def broadcast(self, node: ast.expr, parts: list[tuple[ast.expr, Shape]], what: str) -> Shape:
        """numpy's broadcasting of `parts`, right-aligned; a dimension 1 stretches, different names never do."""
        result: Shape = ()
        first: tuple[ast.expr, Shape] | None = None
        for part, shape in parts:
            if not shape:
                continue
            if first is None:
                first, result = (part, shape), shape
                continue
            joined = _joined(result, shape)
            if joined is None:
                raise self.syntax.error(self.mismatch(node, what, first, (part, shape)), node)
            result = joined
        return result

    def mismatch(self, node: ast.expr, what: str, left: tuple[ast.expr, Shape], right: tuple[ast.expr, Shape]) -> str:
        (a, sa), (b, sb) = left, right
        text = (f"{what} of {self.syntax.segment(a)} and {self.syntax.segment(b)}: the shapes {shape_text(sa)} and "
                f"{shape_text(sb)} do not broadcast (each dimension must be equal, or 1)")
        if what == "*" and len(sa) == 2 and len(sb) == 2 and sa[1] == sb[0]:
            text += "; * is entry-wise, as in numpy: for the matrix product write @"
        elif any(len(s) == 1 for s in (sa, sb)):
            text += "; a 1-D array (a sum over one axis without keepdims=True) broadcasts as a row"
        return text


def _joined(a: Shape, b: Shape) -> Shape | None:
    length = max(len(a), len(b))
    left = (1,) * (length - len(a)) + a
    right = (1,) * (length - len(b)) + b
    dims: list[Dim] = []
    for x, y in zip(left, right, strict=True):
        if x == y or y == 1:
            dims.append(x)
        elif x == 1:
            dims.append(y)
        else:
            return None
    return tuple(dims)


def _operator(op: ast.operator) -> str:
    return {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}.get(type(op), "an operator")
