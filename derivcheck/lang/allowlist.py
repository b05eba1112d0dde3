"""The allow-list a parsed expression must pass before sympy builds anything: a walk whose fallback rejects.

It works on Python's syntax tree only (sizes are delegated to `limits`), so no sympy object exists yet when
hostile or oversized input is refused.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Collection, Iterable

from derivcheck.lang import limits
from derivcheck.lang.entry import Function
from derivcheck.lang.limits import CONDITION, SYMBOLIC, Rejected, Value
from derivcheck.lang.spellings import HINTS, IMAGINARY, LOGIC, NUMBERS, RELATIONS, UNDEFINED_NAMES
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
    """A did-you-mean for `name`: the nearest allowed spelling, or what to write for another library's name."""
    if name in HINTS:
        return f"; write {HINTS[name]}"
    match = difflib.get_close_matches(name, [*candidates, *HINTS], n=1, cutoff=0.6)
    if not match:
        return ""
    if match[0] in HINTS:
        return f"; did you mean {match[0]!r}? (write {HINTS[match[0]]})"
    return f"; did you mean {match[0]!r}?"


def _undefined_value(node: ast.expr) -> bool:
    """`nan`, `zoo`, `oo` or `-oo`: a Piecewise branch written to have no value."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Name) and node.id in UNDEFINED_NAMES


def _offset(node: ast.expr) -> int:
    if isinstance(node, ast.Attribute) and node.end_lineno == node.lineno and node.end_col_offset is not None:
        return node.end_col_offset - len(node.attr) - 1  # point at the dot, not at what precedes it
    return node.col_offset


class Checker:
    """Walks a syntax tree, allowing only the expression language; anything unlisted is rejected."""

    def __init__(self, source: str, symbols: Collection[str], variable: str | None, allow_diff: bool,
                 indexed: Collection[str] = (), indices: Collection[str] = (), varying: Collection[str] = ()) -> None:
        self.source = source  # the text given to ast.parse, for reading literals' digits
        self.symbols = symbols
        self.variable = variable
        self.allow_diff = allow_diff
        self.indexed = indexed  # vectors: names written with an index, z[i]
        self.indices = indices  # index names: inside brackets, in sum(expr, k) and delta(i, j) only
        # Names whose value changes with the variable (the variable and the output): never an order.
        self.varying = {*varying, *([variable] if variable else [])}

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
            return self._call(node, branch=branch)
        if isinstance(node, ast.Tuple):
            raise Rejected("tuples are only allowed as Piecewise branches (expression, condition)",
                           node.col_offset)
        if isinstance(node, ast.Subscript) and self.indexed:
            return self._subscript(node)
        what = _CONSTRUCTS.get(type(node), f"this construct ({type(node).__name__})")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "S":
            raise Rejected(f"{what} is not allowed in an expression; instead of sympy's S.{node.attr} write a "
                           f"number: {HINTS['S']}", _offset(node))
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
        if name in RELATIONS:
            raise Rejected(f"{name!r} is a relation; call it like {name}(z, 0)", node.col_offset)
        if name in CALLABLE_NAMES:
            raise Rejected(f"{name!r} is a function; call it like {name}(z)", node.col_offset)
        if name == IMAGINARY:
            raise Rejected("'I' is the imaginary unit, and every expression here is real (g maps real numbers to "
                           "real numbers)", node.col_offset)
        if name in UNDEFINED_NAMES:
            raise Rejected(f"{name!r} stands for 'no value' and is allowed only as the whole value of a Piecewise "
                           f"branch, as in Piecewise((1/z, z > 0), ({name}, True))", node.col_offset)
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

    def _call(self, node: ast.Call, *, branch: bool = False) -> Value:
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
        if name in RELATIONS:
            self._arity(node, name, 2, 2)
            for arg in node.args:
                self._visit(arg, condition=False)
            return CONDITION
        if name in LOGIC:
            self._arity(node, name, 1, 1 if name == "Not" else None)
            for arg in node.args:
                self._visit(arg, condition=True, branch=branch)
            return CONDITION
        if name in NUMBERS:
            return self._number(node, name)
        function = FUNCTIONS.get(name)
        if function is None:
            raise Rejected(f"unknown function {name!r}{_near(name, CALLABLE_NAMES)} (see the function list "
                           "in the docs)", node.col_offset)
        self._arity(node, name, function.min_args, function.max_args)
        args = [self._argument(function, i, arg) for i, arg in enumerate(node.args)]
        return limits.function_result(node, function.limit, args)

    def _arity(self, node: ast.Call, name: str, least: int, most: int | None) -> None:
        count = len(node.args)
        if least <= count and (most is None or count <= most):
            return
        exact = str(least) if least == most else f"{least} or {most}"
        wanted = f"at least {least}" if most is None else exact
        plural = "" if (least if most is None else most) == 1 else "s"
        raise Rejected(f"{name}() takes {wanted} argument{plural}, got {count}", node.col_offset)

    def _argument(self, function: Function, index: int, arg: ast.expr) -> Value:
        """One argument of a vocabulary function; an order or branch may not depend on the variable."""
        value = self._visit(arg, condition=False)
        if index in function.constant:
            used = sorted({n.id for n in ast.walk(arg) if isinstance(n, ast.Name) and n.id in self.varying})
            if used:
                raise Rejected(f"argument {index + 1} of {function.name}() is an order or a parameter and may not "
                               f"depend on {used[0]!r} (the derivative in that argument is not known)",
                               arg.col_offset)
        if index in function.integer and (value.exact is None or value.exact.denominator != 1):
            raise Rejected(f"argument {index + 1} of {function.name}() must be an integer number, such as 0 or 1",
                           arg.col_offset)
        return value

    def _number(self, node: ast.Call, name: str) -> Value:
        """Rational(p, q), Integer(n), Float(x) of exact numbers: the exact value (Float(0.1) is 1/10)."""
        self._arity(node, name, 1, 2 if name == "Rational" else 1)
        values = [self._visit(arg, condition=False) for arg in node.args]
        exact = [v.exact for v in values]
        if any(q is None for q in exact):
            raise Rejected(f"{name}() takes numbers written as digits, such as {name}(1, 3)" if name == "Rational"
                           else f"{name}() takes a number written as digits, such as {name}(2)", node.col_offset)
        p, q = (exact[0], exact[1]) if len(exact) == 2 else (exact[0], 1)
        assert p is not None and q is not None
        if q == 0:
            raise Rejected("division by zero", node.col_offset)
        if name == "Integer" and p.denominator != 1:
            raise Rejected(f"Integer() takes a whole number, not {p}", node.col_offset)
        return limits.exact_value(p / q)

    def _piecewise(self, node: ast.Call) -> Value:
        if not node.args:
            raise Rejected("Piecewise needs at least one (expression, condition) branch", node.col_offset)
        values = []
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise Rejected("each Piecewise argument is a pair (expression, condition)", arg.col_offset)
            value, condition = arg.elts
            if _undefined_value(value) and not self._declared(value):
                values.append(SYMBOLIC)  # no value there: the branch is outside what the expression claims
            else:
                values.append(self._visit(value, condition=False))
            self._visit(condition, condition=True, branch=True)
        return limits.piecewise_result(values)

    def _declared(self, node: ast.expr) -> bool:
        """Whether a name (under a minus sign or not) is one this spec declares, which shadows built-ins."""
        inner = node.operand if isinstance(node, ast.UnaryOp) else node
        return isinstance(inner, ast.Name) and inner.id in self.symbols

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
