"""An expression as its author wrote it, typeset: LaTeX in source order, nothing evaluated, re-ordered or dropped.

Reports show claims and derivation steps the way the spec writes them, so that a reader can match each line to
their own.  sympy cannot do that: even unevaluated it flattens, sorts and merges (`2*(1/x)*(1/y)` becomes one
fraction, `(1 + e)^(-2)` a fraction, `sigmoid(beta*z)` its formula).  So the text passes the screen and the
allow-list `parse.parse_expression` applies (`parse.checked_syntax`), and this walk sets the syntax tree as
LaTeX node by node; no sympy object is built.  Python's tree drops parentheses: the ones the author wrote are
read back from the source, and none are added except where LaTeX itself needs them (`(e^z)^2`).

The walk also notes whether the text leans on operator precedence that is easy to misread (`1/2*z`, `a/b/c`,
`-z^2`, `a^b^c`): there a report adds how derivcheck read it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from derivcheck.errors import Location
from derivcheck.lang.parse import Scope, checked_syntax
from derivcheck.lang.vocabulary import DELTA, DIFF, PIECEWISE, SUM

__all__ = ["Typeset", "typeset"]

_GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "mu", "nu", "xi",
    "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
    "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"})
#: Functions with a LaTeX macro of their own; any other name is set upright with \operatorname.
_MACROS = {name: "\\" + name for name in ("sin", "cos", "tan", "sinh", "cosh", "tanh", "coth", "log", "ln")}
_MACROS |= {"max": r"\max", "Max": r"\max", "min": r"\min", "Min": r"\min", "gamma": r"\Gamma",
            "loggamma": r"\log\Gamma", "digamma": r"\psi", "Heaviside": r"\theta"}
_RELATIONS = {ast.Lt: "<", ast.LtE: r"\leq", ast.Gt: ">", ast.GtE: r"\geq", ast.Eq: "=", ast.NotEq: r"\neq"}
_SUM = (ast.Add, ast.Sub)


@dataclass(frozen=True)
class Typeset:
    """The LaTeX of a text as written, and whether its reading depends on precedence that is easy to misread."""

    latex: str
    ambiguous: bool


def typeset(text: str, scope: Scope, location: Location | None = None, *, condition: bool = False) -> Typeset:
    """`text` (an expression, or with `condition` a condition) as LaTeX in source order.

    Raises ExpressionError for text the expression language refuses, exactly as parsing it would.
    """
    node, source = checked_syntax(text, scope, location, condition=condition)
    printer = _Printer(source, scope)
    return Typeset(printer.node(node), printer.ambiguous)


class _Printer:
    """Sets one checked syntax tree as LaTeX."""

    def __init__(self, source: str, scope: Scope) -> None:
        self.source = source
        self.names = set(scope.symbols)
        self.ambiguous = False
        self.indexed = bool(scope.indices)  # index notation: z[i], sum(expr, k), delta(i, j)
        self.size = str(scope.size) if scope.size is not None else "n"

    def written_parentheses(self, node: ast.expr) -> bool:
        """Whether the author put `node` in parentheses of its own (only asked of operands, never of a call's
        argument, whose parentheses belong to the call)."""
        end = node.end_col_offset
        return (end is not None and self.source[:node.col_offset].rstrip().endswith("(")
                and self.source[end:].lstrip().startswith(")"))

    def operand(self, node: ast.expr, *, needs: bool = False) -> str:
        """An operand with the parentheses its author wrote (or, with `needs`, that LaTeX needs)."""
        inner = self.node(node)
        return rf"\left({inner}\right)" if needs or self.written_parentheses(node) else inner

    def node(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.UnaryOp):
            operand = node.operand
            if isinstance(operand, ast.BinOp) and isinstance(operand.op, ast.Pow) and not self.written_parentheses(
                    operand):
                self.ambiguous = True  # -z^2 is -(z^2)
            sign = "-" if isinstance(node.op, ast.USub) else "+"
            return sign + self.operand(operand)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Compare):
            parts = [self.operand(node.left)]
            for op, right in zip(node.ops, node.comparators, strict=True):
                parts += [_RELATIONS[type(op)], self.operand(right)]
            return " ".join(parts)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node.func.id, node.args)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Name):
            return f"{symbol(node.value.id)}_{{{symbol(node.slice.id)}}}"  # z[i] as z_i
        raise ValueError(f"{type(node).__name__} passed the allow-list but has no written form")

    def constant(self, node: ast.Constant) -> str:
        if isinstance(node.value, bool):
            return r"\text{otherwise}" if node.value else r"\text{never}"
        digits = (ast.get_source_segment(self.source, node) or repr(node.value)).replace("_", "")
        mantissa, _, power = digits.lower().partition("e")
        if not power:
            return mantissa
        return rf"{mantissa} \cdot 10^{{{int(power)}}}"

    def name(self, name: str) -> str:
        if name not in self.names:
            return r"\pi" if name == "pi" else "e" if name in ("e", "E") else _upright(name)
        return symbol(name)

    def binop(self, node: ast.BinOp) -> str:
        op, left, right = node.op, node.left, node.right
        if isinstance(op, ast.BitAnd | ast.BitOr):
            joint = r"\wedge" if isinstance(op, ast.BitAnd) else r"\vee"
            return f"{self.operand(left)} {joint} {self.operand(right)}"
        if isinstance(op, ast.Add | ast.Sub):
            return f"{self.operand(left)} {'+' if isinstance(op, ast.Add) else '-'} {self.operand(right)}"
        if isinstance(op, ast.Mult | ast.Div) and self._division_first(left):
            self.ambiguous = True  # 1/2*z is (1/2)*z, a/b/c is (a/b)/c
        if isinstance(op, ast.Div):
            return rf"\frac{{{self.node(left)}}}{{{self.node(right)}}}"
        if isinstance(op, ast.Mult):
            lhs, rhs = self.operand(left), self.operand(right)
            joint = r" \cdot " if re.match(r"[-+0-9.]", rhs) else " "
            return lhs + joint + rhs
        assert isinstance(op, ast.Pow)
        if isinstance(right, ast.BinOp) and isinstance(right.op, ast.Pow) and not self.written_parentheses(right):
            self.ambiguous = True  # a^b^c is a^(b^c)
        return f"{self.base(left)}^{{{self.node(right)}}}"

    def _division_first(self, left: ast.expr) -> bool:
        return (isinstance(left, ast.BinOp) and isinstance(left.op, ast.Div)
                and not self.written_parentheses(left))

    def base(self, node: ast.expr) -> str:
        """The base of a power: in parentheses where the author wrote them, and where LaTeX would otherwise
        stack two superscripts or let the exponent bind to part of it (`e^{z}`, `-1`, a fraction)."""
        superscripted = (isinstance(node, ast.BinOp | ast.UnaryOp)
                         or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                             and node.func.id == "exp")
                         or (isinstance(node, ast.Constant) and not isinstance(node.value, bool)
                             and ("e" in str(ast.get_source_segment(self.source, node)).lower())))
        return self.operand(node, needs=superscripted)

    def call(self, name: str, args: list[ast.expr]) -> str:
        if self.indexed and name in (SUM, DELTA):
            first, second = args
            assert isinstance(second, ast.Name)  # the allow-list admits index names only here
            if name == DELTA:
                assert isinstance(first, ast.Name)
                return rf"\delta_{{{symbol(first.id)} {symbol(second.id)}}}"
            around = isinstance(first, ast.BinOp) and isinstance(first.op, _SUM)
            body = rf"\left({self.node(first)}\right)" if around else self.node(first)
            return rf"\sum_{{{symbol(second.id)}=1}}^{{{symbol(self.size)}}} {body}"
        if name == PIECEWISE:
            rows = []
            for branch in args:
                assert isinstance(branch, ast.Tuple)
                value, when = branch.elts
                condition = self.node(when)
                rows.append(f"{self.node(value)} & " + (condition if condition.startswith(r"\text") else
                                                        rf"\text{{for}}\: {condition}"))
            return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"
        if name == DIFF:
            target = args[0]
            around = isinstance(target, ast.UnaryOp) or (isinstance(target, ast.BinOp)
                                                        and isinstance(target.op, _SUM))
            variable = args[1]
            assert isinstance(variable, ast.Name)
            return rf"\frac{{d}}{{d {symbol(variable.id)}}} " + (rf"\left({self.node(target)}\right)" if around
                                                                  else self.node(target))
        inside = [self.node(arg) for arg in args]
        if name == "exp":
            return f"e^{{{inside[0]}}}"
        if name == "sqrt":
            return rf"\sqrt{{{inside[0]}}}"
        if name in ("abs", "Abs"):
            return rf"\left|{inside[0]}\right|"
        if name == "polygamma":
            return rf"\psi^{{\left({inside[0]}\right)}}\left({inside[1]}\right)"
        if name in ("besseli", "besselj"):
            return rf"{'I' if name == 'besseli' else 'J'}_{{{inside[0]}}}\left({inside[1]}\right)"
        head = _MACROS.get(name) or _upright(name)
        return rf"{head}\left({', '.join(inside)}\right)"


def _upright(name: str) -> str:
    return r"\operatorname{" + name.replace("_", r"\_") + "}"


def symbol(name: str) -> str:
    """An identifier as math, the way sympy sets symbol names: `alpha` -> \\alpha, `z_1` and `z1` -> z_{1}."""
    found = re.fullmatch(r"([A-Za-z]+?)_?(\d+)", name)
    base, sub = (found.group(1), found.group(2)) if found else (name.partition("_")[0], name.partition("_")[2])
    if not re.fullmatch(r"[A-Za-z]+", base) or (sub and not re.fullmatch(r"[A-Za-z0-9]+", sub)):
        return r"\mathit{" + name.replace("_", r"\_") + "}"
    head = f"\\{base}" if base in _GREEK else base if len(base) == 1 else rf"\mathit{{{base}}}"
    return f"{head}_{{{sub}}}" if sub else head
