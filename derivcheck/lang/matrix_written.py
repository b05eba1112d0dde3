"""A matrix text typeset as written, in the notes' style: W1 as W^{[1]}, dZ2 as dZ^{[2]}, `A1.T` as A^{[1]T},
`@` as juxtaposition, `*` of two matrices as the entry-wise product ⊙ (of a number and a matrix as a product),
`sum(dZ, axis=1, keepdims=True)` as a sum along that axis.  Like `written`, nothing is built or re-ordered:
the checked syntax tree is set node by node, with the author's parentheses."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

import sympy

from derivcheck.lang.matrix import SOFTMAX, SUM, MatrixSyntax, prime_base, reduction
from derivcheck.lang.parse import Scope
from derivcheck.lang.shapes import Shape, infer_shape
from derivcheck.lang.written import _Printer  # the expression printer this one extends (same package)

__all__ = ["layer_symbol", "meaning_latex", "typeset_matrix"]

_LAYERED = re.compile(r"(d?)([A-Za-z]+?)(\d+)")


def layer_symbol(name: str) -> str:
    """`W1` as W^{[1]}, `dZ2` as dZ^{[2]}, `n_x` as n_{x}, `X` as X: names as the notes write them."""
    found = _LAYERED.fullmatch(name)
    if found is not None:
        return f"{found.group(1)}{found.group(2)}^{{[{found.group(3)}]}}"
    base, _, sub = name.partition("_")
    if not re.fullmatch(r"[A-Za-z]+", base) or (sub and not re.fullmatch(r"[A-Za-z0-9]+", sub)):
        return r"\mathit{" + name.replace("_", r"\_") + "}"
    head = base if len(base) == 1 else rf"\mathit{{{base}}}"
    return f"{head}_{{{sub}}}" if sub else head


def meaning_latex(name: str, scale: str | None, target: str) -> str:
    """`dZ^{[2]} = m \\frac{\\partial J}{\\partial Z^{[2]}}`: a backward line's name and what it claims."""
    factor = f"{layer_symbol(scale)} \\, " if scale else ""
    return f"{layer_symbol(name)} = {factor}\\frac{{\\partial J}}{{\\partial {layer_symbol(target)}}}"


def typeset_matrix(syntax: MatrixSyntax, shapes: Mapping[str, Shape], functions: frozenset[str] = frozenset()) -> str:
    """The LaTeX of a checked matrix text whose names have `shapes` (used to tell ⊙ from a product by a
    number); `functions` are the declared activations (g1 as g^{[1]})."""
    scope = Scope(symbols={name: sympy.Symbol(name) for name in shapes})
    return _MatrixPrinter(syntax, shapes, scope, functions).node(syntax.tree)


class _MatrixPrinter(_Printer):
    def __init__(self, syntax: MatrixSyntax, shapes: Mapping[str, Shape], scope: Scope,
                 functions: frozenset[str]) -> None:
        super().__init__(syntax.source.parsed, scope)
        self.syntax = syntax
        self.shapes = shapes
        self.functions = functions

    def shape(self, node: ast.expr) -> Shape:
        return infer_shape(MatrixSyntax(node, self.syntax.source), self.shapes)

    def name(self, name: str) -> str:
        return layer_symbol(name) if name in self.names else super().name(name)

    def node(self, node: ast.expr) -> str:
        if isinstance(node, ast.Attribute):  # .T
            inner = node.value
            if isinstance(inner, ast.Name):
                return self.name(inner.id) + "^{T}" if "^" not in self.name(inner.id) else (
                    self.name(inner.id)[:-1] + "T}")  # W^{[2]} -> W^{[2]T}
            return rf"\left({self.node(inner)}\right)^{{T}}"
        return super().node(node)

    def operand(self, node: ast.expr, *, needs: bool = False) -> str:
        # A fraction is its own group once set as \frac: (1/m) * dZ2 reads as the notes' \frac{1}{m} dZ^{[2]}.
        if not needs and isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self.node(node)
        return super().operand(node, needs=needs)

    def binop(self, node: ast.BinOp) -> str:
        if isinstance(node.op, ast.MatMult):
            return f"{self.operand(node.left)} \\, {self.operand(node.right)}"
        if isinstance(node.op, ast.Mult) and self.shape(node.left) and self.shape(node.right):
            return f"{self.operand(node.left)} \\odot {self.operand(node.right)}"
        if isinstance(node.op, ast.Pow) and self.shape(node.left):
            return rf"\left({self.node(node.left)}\right)^{{{self.node(node.right)}}}"
        return super().binop(node)

    def call(self, name: str, args: list[ast.expr]) -> str:
        node = next((n for n in ast.walk(self.syntax.tree) if isinstance(n, ast.Call) and n.args is args), None)
        if name in (SUM, SOFTMAX) and name not in self.names and node is not None:
            inside = self.node(args[0])
            axis = reduction(node).axis
            if name == SOFTMAX:
                return rf"\operatorname{{softmax}}\left({inside}\right)"
            under = "" if axis is None else rf"_{{\text{{axis}} = {axis}}}"
            return rf"\sum{under} \left({inside}\right)"
        base = prime_base(name)
        if base is not None:
            head = layer_symbol(base) if base in self.functions else super().call(base, args).split(r"\left(")[0]
            if "^{" in head and head.endswith("}"):
                head = head[:-1] + r"\prime}"  # g^{[1]} -> g^{[1]\prime}
            else:
                head += "'"
            return rf"{head}\left({self.node(args[0])}\right)"
        if name in self.functions:
            return rf"{layer_symbol(name)}\left({', '.join(self.node(a) for a in args)}\right)"
        return super().call(name, args)
