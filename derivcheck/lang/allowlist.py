"""The allow-list a parsed expression must pass before sympy builds anything: a walk whose fallback rejects.

It works on Python's syntax tree only (sizes are delegated to `limits`), so no sympy object exists yet when
hostile or oversized input is refused.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Collection, Iterable

from derivcheck.lang import limits
from derivcheck.lang.limits import CONDITION, SYMBOLIC, Rejected, Value
from derivcheck.lang.vocabulary import CALLABLE_NAMES, CONSTANTS, DELTA, DIFF, FUNCTIONS, PIECEWISE, SUM

_OPERATORS = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
              ast.BitXor: "^"}
_COMPARISONS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_CONSTRUCTS = {
    ast.Attribute: "attribute access (.name)", ast.Subscript: "indexing (x[...])", ast.Lambda: "lambda",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension", ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression", ast.JoinedStr: "an f-string", ast.Starred: "* unpacking",
    ast.NamedExpr: "an assignment (:=)", ast.IfExp: "if/else (use Piecewise((expr, cond), ...))",
    ast.List: "a list", ast.Set: "a set", ast.Dict: "a dict", ast.Slice: "a slice", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.FormattedValue: "an f-string",
    ast.BoolOp: "and/or (join conditions with & and |, each in parentheses: (z > 0) & (z < 1))",
}


def _near(name: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def _offset(node: ast.expr) -> int:
    if isinstance(node, ast.Attribute) and node.end_lineno == node.lineno and node.end_col_offset is not None:
        return node.end_col_offset - len(node.attr) - 1  # point at the dot, not at what precedes it
    return node.col_offset


class Checker:
    """Walks a syntax tree, allowing only the expression language; anything unlisted is rejected."""

    def __init__(self, source: str, symbols: Collection[str], variable: str | None, allow_diff: bool,
                 indexed: Collection[str] = (), indices: Collection[str] = ()) -> None:
        self.source = source  # the text given to ast.parse, for reading literals' digits
        self.symbols = symbols
        self.variable = variable
        self.allow_diff = allow_diff
        self.indexed = indexed  # vectors: names written with an index, z[i]
        self.indices = indices  # index names: inside brackets, in sum(expr, k) and delta(i, j) only

    def check(self, tree: ast.Expression, *, condition: bool) -> None:
        limits.tree_limits(tree)
        self._visit(tree.body, condition=condition)
        limits.evaluation_limits(tree.body)

    def _visit(self, node: ast.expr, *, condition: bool, branch: bool = False) -> Value:
        value = limits.checked(self._value(node, condition=condition, branch=branch), node)
        if condition and not value.condition:
            raise Rejected("expected a condition such as z > 0, found an expression", node.col_offset)
        if value.condition and not condition:
            raise Rejected("expected an expression, found a condition (conditions belong in domains and "
                           "Piecewise branches)", node.col_offset)
        return value

    def _value(self, node: ast.expr, *, condition: bool, branch: bool) -> Value:
        if isinstance(node, ast.Constant):
            return self._constant(node, condition=condition, branch=branch)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BinOp):
            return self._binop(node, condition=condition, branch=branch)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Tuple):
            raise Rejected("tuples are only allowed as Piecewise branches (expression, condition)",
                           node.col_offset)
        if isinstance(node, ast.Subscript) and self.indexed:
            return self._subscript(node)
        what = _CONSTRUCTS.get(type(node), f"this construct ({type(node).__name__})")
        raise Rejected(f"{what} is not allowed in an expression", _offset(node))

    def _constant(self, node: ast.Constant, *, condition: bool, branch: bool) -> Value:
        value = node.value
        if isinstance(value, bool):
            if condition and branch:
                return CONDITION
            raise Rejected("True/False are only allowed as the condition of a Piecewise branch",
                           node.col_offset)
        if isinstance(value, str | bytes):
            raise Rejected("strings are not allowed in an expression", node.col_offset)
        if not isinstance(value, int | float):
            what = "complex numbers (j) are" if isinstance(value, complex) else f"{value!r} is"
            raise Rejected(f"{what} not allowed; numbers are plain decimals like 2, 0.01 or 1e-3",
                           node.col_offset)
        return limits.literal(ast.get_source_segment(self.source, node) or "", node.col_offset)

    def _name(self, node: ast.Name) -> Value:
        name = node.id
        if name in self.symbols:
            return SYMBOLIC
        if name in self.indices:
            raise Rejected(f"{name!r} is an index: use it in brackets, as in z[{name}], or in sum(..., {name}) "
                           f"and delta({name}, ...)", node.col_offset)
        if name in self.indexed:
            raise Rejected(f"{name!r} is a vector: name one entry, as in {name}[i]", node.col_offset)
        if name in CONSTANTS:
            return limits.NAMED_CONSTANT
        if name in CALLABLE_NAMES:
            raise Rejected(f"{name!r} is a function; call it like {name}(z)", node.col_offset)
        allowed = [*sorted(self.symbols), *CONSTANTS]
        raise Rejected(f"unknown name {name!r}{_near(name, [*allowed, *CALLABLE_NAMES])} "
                       f"(names here: {', '.join(allowed)}, and the built-in functions)", node.col_offset)

    def _unary(self, node: ast.UnaryOp) -> Value:
        if isinstance(node.op, ast.Not):
            raise Rejected("'not' is not allowed; write the opposite comparison (z <= 0 for not z > 0)",
                           node.col_offset)
        if isinstance(node.op, ast.Invert):
            raise Rejected("'~' is not allowed; write the opposite comparison", node.col_offset)
        value = self._visit(node.operand, condition=False)
        return limits.negate(value) if isinstance(node.op, ast.USub) else value

    def _binop(self, node: ast.BinOp, *, condition: bool, branch: bool) -> Value:
        if isinstance(node.op, ast.BitAnd | ast.BitOr):
            sign = "&" if isinstance(node.op, ast.BitAnd) else "|"
            if not condition:
                raise Rejected(f"'{sign}' joins two conditions and binds tighter than comparisons: put each "
                               f"comparison in parentheses, as in (z > 0) {sign} (z < 1)", node.col_offset)
            self._visit(node.left, condition=True, branch=branch)
            self._visit(node.right, condition=True, branch=branch)
            return CONDITION
        if type(node.op) in _OPERATORS:
            raise Rejected(f"the operator {_OPERATORS[type(node.op)]} is not allowed; "
                           "allowed: + - * / ** (or ^)", node.col_offset)
        left = self._visit(node.left, condition=False)
        right = self._visit(node.right, condition=False)
        if isinstance(node.op, ast.Pow):
            return limits.power(node, left, right)
        return limits.arithmetic(node, left, right)

    def _compare(self, node: ast.Compare) -> Value:
        if not all(isinstance(op, _COMPARISONS) for op in node.ops):
            raise Rejected("'in'/'is' are not allowed; comparisons are < <= > >= == !=", node.col_offset)
        for operand in (node.left, *node.comparators):
            self._visit(operand, condition=False)
        return CONDITION

    def _call(self, node: ast.Call) -> Value:
        if not isinstance(node.func, ast.Name):
            # Visiting the callee names the construct, e.g. attribute access in __import__('os').system.
            self._value(node.func, condition=False, branch=False)
            raise Rejected("only named functions can be called, like exp(z)", node.col_offset)
        name = node.func.id
        if node.keywords:
            raise Rejected(f"keyword arguments are not allowed in {name}(...)",
                           node.keywords[0].value.col_offset)
        starred = [arg for arg in node.args if isinstance(arg, ast.Starred)]
        if starred:
            raise Rejected("* unpacking is not allowed", starred[0].col_offset)
        if name in self.symbols:
            raise Rejected(f"{name!r} is a name declared by this spec (variable, output or parameter), "
                           "not a function", node.col_offset)
        if name == PIECEWISE:
            return self._piecewise(node)
        if name == DIFF:
            return self._diff(node)
        if name in (SUM, DELTA) and self.indices:
            return self._sum(node) if name == SUM else self._delta(node)
        function = FUNCTIONS.get(name)
        if function is None:
            raise Rejected(f"unknown function {name!r}{_near(name, CALLABLE_NAMES)} (see the function list "
                           "in the docs)", node.col_offset)
        count = len(node.args)
        if count < function.min_args or (function.max_args is not None and count > function.max_args):
            wanted = f"at least {function.min_args}" if function.max_args is None else str(function.min_args)
            raise Rejected(f"{name}() takes {wanted} argument{'' if wanted == '1' else 's'}, got {count}",
                           node.col_offset)
        args = [self._visit(arg, condition=False) for arg in node.args]
        return limits.function_result(node, function.limit, args)

    def _piecewise(self, node: ast.Call) -> Value:
        if not node.args:
            raise Rejected("Piecewise needs at least one (expression, condition) branch", node.col_offset)
        values = []
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise Rejected("each Piecewise argument is a pair (expression, condition)", arg.col_offset)
            values.append(self._visit(arg.elts[0], condition=False))
            self._visit(arg.elts[1], condition=True, branch=True)
        return limits.piecewise_result(values)

    def _subscript(self, node: ast.Subscript) -> Value:
        """`z[i]`: a declared vector and one index name, nothing else inside the brackets."""
        if not (isinstance(node.value, ast.Name) and node.value.id in self.indexed):
            names = ", ".join(sorted(self.indexed))
            raise Rejected(f"only a vector can be indexed (vectors here: {names})", node.col_offset)
        if not (isinstance(node.slice, ast.Name) and node.slice.id in self.indices):
            where = getattr(node.slice, "col_offset", node.col_offset)
            raise Rejected(f"an entry is named by one index ({', '.join(sorted(self.indices))}), as in "
                           f"{node.value.id}[i]", where)
        return SYMBOLIC

    def _index(self, arg: ast.expr, form: str) -> None:
        if not (isinstance(arg, ast.Name) and arg.id in self.indices):
            raise Rejected(f"{form} takes index names here ({', '.join(sorted(self.indices))})", arg.col_offset)

    def _sum(self, node: ast.Call) -> Value:
        """`sum(expr, k)`: expr summed over k = 1..n."""
        if len(node.args) != 2:
            raise Rejected("sum takes two arguments, an expression and an index: sum(exp(z[k]), k)",
                           node.col_offset)
        self._index(node.args[1], "sum(expr, k)")
        self._visit(node.args[0], condition=False)
        return SYMBOLIC

    def _delta(self, node: ast.Call) -> Value:
        """`delta(i, j)`: the Kronecker delta, 1 where i = j and 0 elsewhere."""
        if len(node.args) != 2:
            raise Rejected("delta takes two index names: delta(i, j)", node.col_offset)
        for arg in node.args:
            self._index(arg, "delta(i, j)")
        return SYMBOLIC

    def _diff(self, node: ast.Call) -> Value:
        if not self.allow_diff:
            raise Rejected("diff(...) is only allowed in derivation steps", node.col_offset)
        var = self.variable
        if len(node.args) != 2 or not (isinstance(node.args[1], ast.Name) and node.args[1].id == var):
            raise Rejected(f"diff takes two arguments, an expression and the variable: diff(expr, {var})",
                           node.col_offset)
        self._visit(node.args[0], condition=False)
        return SYMBOLIC
