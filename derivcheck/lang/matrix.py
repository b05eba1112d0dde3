"""The matrix syntax of network specs, read like numpy: `W1 @ X + b1`, `A1.T`, `sum(dZ, axis=1, keepdims=True)`.

A text passes the same screen (`parse.Source`), the same allow-list walk (`allowlist.Checker`, extended here by
exactly three things) and the same size limits as every expression: the matrix product `@`, the attribute `.T`
(no other), and the keyword arguments `axis` and `keepdims` of `sum` (and `axis` of `softmax`), each a literal.
A prime after a name (`g1'(Z1)`) is the derivative of that function.  Nothing is built here: `shapes` checks the
shapes of the tree and `matrix_build` builds it at fixed sizes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from derivcheck.errors import ExpressionError, Location
from derivcheck.lang.allowlist import Checker
from derivcheck.lang.limits import SYMBOLIC, Rejected, Value
from derivcheck.lang.parse import PRIME, Source

__all__ = ["AXIS", "KEEPDIMS", "SOFTMAX", "SUM", "TRANSPOSE", "MatrixNames", "MatrixSyntax", "Reduction",
           "matrix_syntax", "prime_base", "reduction"]

SUM = "sum"
SOFTMAX = "softmax"
TRANSPOSE = "T"
AXIS = "axis"
KEEPDIMS = "keepdims"
_KEYWORDS = {SUM: (AXIS, KEEPDIMS), SOFTMAX: (AXIS,)}
_DEFAULT_LOCATION = Location("<expression>", 1, 1)


@dataclass(frozen=True)
class MatrixNames:
    """What a matrix text may name: values (matrices, forward and backward values, shape names as numbers),
    functions applied entry-wise (declared activations), and the functions whose derivative `f'` is known."""

    values: frozenset[str]
    functions: frozenset[str] = frozenset()
    primes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reduction:
    """`sum(x)` (axis None: every entry), `sum(x, axis=1, keepdims=True)`, `softmax(x, axis=0)`."""

    axis: int | None
    keepdims: bool


@dataclass(frozen=True)
class MatrixSyntax:
    """A checked matrix text: its syntax tree and where each of its columns was written."""

    tree: ast.expr
    source: Source

    def error(self, message: str, node: ast.AST | None = None) -> ExpressionError:
        """An error located at `node` (at the operator of a binary operation, the dot of `.T`), or without one
        at the start of the text (a mistake of the whole text, such as its shape)."""
        return ExpressionError(message, self.source.locate(0 if node is None else offset(node, self.source.parsed)))

    def segment(self, node: ast.AST) -> str:
        """The text of `node` as written (primes shown as `'`)."""
        text = ast.get_source_segment(self.source.parsed, node) or ""
        return text.replace(PRIME, "'")


def offset(node: ast.AST, source: str = "") -> int:
    """The column of a node in the parsed text: the dot for `.T`, the operator of a binary operation (with the
    text at hand), the start for anything else."""
    if isinstance(node, ast.BinOp) and source and node.left.end_col_offset is not None:
        between = source[node.left.end_col_offset:node.right.col_offset]
        stripped = between.lstrip(" )")
        if stripped:
            return node.left.end_col_offset + len(between) - len(stripped)
    if isinstance(node, ast.Attribute) and node.end_col_offset is not None and node.end_lineno == node.lineno:
        return node.end_col_offset - len(node.attr) - 1
    return getattr(node, "col_offset", 0)


def prime_base(name: str) -> str | None:
    """`g1` for the parsed name of `g1'`, else None."""
    return name[: -len(PRIME)] if name.endswith(PRIME) else None


def _shown(name: str) -> str:
    """A parsed name as written: `g1'` for `g1__prime`."""
    return name.replace(PRIME, "'")


def reduction(node: ast.Call) -> Reduction:
    """The axis and keepdims of a `sum` or `softmax` call the checker accepted (softmax: axis 0 by default)."""
    axis: int | None = 0 if isinstance(node.func, ast.Name) and node.func.id == SOFTMAX else None
    keepdims = False
    for keyword in node.keywords:
        assert isinstance(keyword.value, ast.Constant)
        if keyword.arg == AXIS:
            axis = int(keyword.value.value)  # type: ignore[arg-type]  # an int: the checker made sure
        else:
            keepdims = bool(keyword.value.value)
    return Reduction(axis, keepdims)


def matrix_syntax(text: str, names: MatrixNames, location: Location | None = None) -> MatrixSyntax:
    """`text` screened, parsed and checked against the allow-list and the size limits (nothing built)."""
    source = Source(text, location or _DEFAULT_LOCATION, primes=True)
    try:
        tree = source.syntax_tree()
        _MatrixChecker(source.parsed, names).check(tree, condition=False)
    except Rejected as exc:
        raise ExpressionError(exc.message.replace(PRIME, "'"), source.locate(exc.offset)) from None
    return MatrixSyntax(tree.body, source)


class _MatrixChecker(Checker):
    """The expression allow-list with `@`, `.T`, primes and the keywords of `sum` and `softmax` admitted."""

    def __init__(self, source: str, names: MatrixNames) -> None:
        super().__init__(source, names.values, None, False)
        self.names = names

    def _value(self, node: ast.expr, *, condition: bool, branch: bool) -> Value:
        if isinstance(node, ast.Attribute):
            if node.attr != TRANSPOSE:
                raise Rejected(f"only .T (the transpose) may follow a value; .{node.attr} is not allowed",
                               offset(node))
            self._visit(node.value, condition=False)
            return SYMBOLIC
        if isinstance(node, ast.Name) and node.id in self.names.functions:
            raise Rejected(f"{node.id!r} is a function; apply it entry-wise like {node.id}(Z1)", node.col_offset)
        if isinstance(node, ast.Name) and prime_base(node.id) is not None:
            raise Rejected(f"{prime_base(node.id)}' is a derivative; apply it like {prime_base(node.id)}'(Z1)",
                           node.col_offset)
        return super()._value(node, condition=condition, branch=branch)

    def _binop(self, node: ast.BinOp, *, condition: bool, branch: bool) -> Value:
        if isinstance(node.op, ast.MatMult):
            self._visit(node.left, condition=False)
            self._visit(node.right, condition=False)
            return SYMBOLIC
        return super()._binop(node, condition=condition, branch=branch)

    def _call(self, node: ast.Call, *, branch: bool = False) -> Value:
        if not isinstance(node.func, ast.Name):
            return super()._call(node, branch=branch)
        name = node.func.id
        base = prime_base(name)
        if base is not None and base not in self.names.primes:
            known = ", ".join(sorted(self.names.primes)) or "none"
            raise Rejected(f"{base}' is not a derivative derivcheck knows here: write it out, or use the prime of "
                           f"a declared activation or a function of one argument ({known})", node.col_offset)
        if name in _KEYWORDS and name not in self.names.values:
            return self._reduction(node, name)
        if name in self.names.functions or base is not None:
            if node.keywords:
                raise Rejected(f"keyword arguments are not allowed in {_shown(name)}(...)",
                               node.keywords[0].value.col_offset)
            if len(node.args) != 1:
                raise Rejected(f"{_shown(name)}() takes one argument (it applies entry-wise)",
                               node.col_offset)
            self._visit(node.args[0], condition=False)
            return SYMBOLIC
        return super()._call(node, branch=branch)

    def _reduction(self, node: ast.Call, name: str) -> Value:
        """`sum(x)`, `sum(x, axis=0|1, keepdims=True|False)`, `softmax(x, axis=0|1)`: literal keywords only."""
        allowed = _KEYWORDS[name]
        if len(node.args) != 1 or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise Rejected(f"{name} takes one matrix, then optionally {' and '.join(f'{k}=' for k in allowed)}: "
                           f"{name}(dZ, axis=1{', keepdims=True' if KEEPDIMS in allowed else ''})", node.col_offset)
        seen: set[str] = set()
        for keyword in node.keywords:
            where = keyword.value.col_offset
            if keyword.arg not in allowed:
                what = "**" if keyword.arg is None else f"{keyword.arg}="
                raise Rejected(f"{name} takes the keyword{'s' if len(allowed) > 1 else ''} "
                               f"{' and '.join(allowed)} only, not {what}", where)
            if keyword.arg in seen:
                raise Rejected(f"{keyword.arg}= is given twice", where)
            seen.add(keyword.arg)
            value = keyword.value
            literal = value.value if isinstance(value, ast.Constant) else None
            if keyword.arg == AXIS and not (type(literal) is int and literal in (0, 1)):
                raise Rejected("axis is 0 (down the rows: one value per column) or 1 (along each row: one value "
                               "per row)", where)
            if keyword.arg == KEEPDIMS and type(literal) is not bool:
                raise Rejected("keepdims is True or False", where)
        self._visit(node.args[0], condition=False)
        return SYMBOLIC
