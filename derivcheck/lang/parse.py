"""Safe text -> sympy: the only place spec text becomes expressions (an allow-listed `ast` walk, no eval).

Text is screened (length, ASCII, nesting), parsed by `ast.parse`, checked by `allowlist.Checker` (vocabulary
and size limits, before any sympy object exists), and only then built node by node from sympy constructors.
Every failure is an `ExpressionError` whose location points at the offending token.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from derivcheck.errors import ExpressionError, Location
from derivcheck.lang.allowlist import Checker
from derivcheck.lang.entry import UNDEFINED
from derivcheck.lang.framework import FRAMEWORK_GROUP
from derivcheck.lang.limits import Rejected, literal_value
from derivcheck.lang.spellings import LOGIC, NUMBERS, RELATIONS, UNDEFINED_NAMES
from derivcheck.lang.vocabulary import CONSTANTS, DELTA, DIFF, FUNCTIONS, PIECEWISE, SUM

MAX_LENGTH = 2000
MAX_BRACKET_DEPTH = 40

_DEFAULT_LOCATION = Location("<expression>", 1, 1)
#: How `g1'` (a derivative, in the matrix syntax of network specs) reaches Python's parser: as `g1__prime`.
PRIME = "__prime"
_OPERATIONS: dict[type[ast.operator], Any] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b,
}
_RELATIONS: dict[type[ast.cmpop], Any] = {
    ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt, ast.GtE: sympy.Ge, ast.Eq: sympy.Eq,
    ast.NotEq: sympy.Ne,
}
_NOT_A_VALUE = (sympy.zoo, sympy.nan, sympy.oo, sympy.S.NegativeInfinity)


@dataclass(frozen=True)
class Scope:
    """The names an expression may use besides the vocabulary; they shadow built-in names."""

    symbols: Mapping[str, sympy.Symbol]  # the variable, the output name, parameters
    variable: sympy.Symbol | None = None  # the symbol diff(expr, z) may differentiate by
    allow_diff: bool = False  # diff(expr, var) is allowed only in derivation steps
    display: bool = False  # keep the expression as written (unevaluated, diff as d/dz): for showing, never proving
    # Specs with vectors: names written with an index (z[i]), the index names, and n, what sum(expr, k) runs to.
    indexed: Mapping[str, sympy.IndexedBase] = field(default_factory=dict)
    indices: Mapping[str, sympy.Symbol] = field(default_factory=dict)
    size: sympy.Symbol | None = None
    varying: frozenset[str] = frozenset()  # names besides the variable that change with it (the output)
    written: bool = False  # framework names (log1p, ...) as opaque functions: the form float code computes


def parse_expression(text: str, scope: Scope, location: Location | None = None) -> sympy.Expr:
    """A real-valued expression such as `a*(1 - a)`; `location` is where `text` starts."""
    return _parse(text, scope, location, condition=False)


def parse_condition(text: str, scope: Scope, location: Location | None = None) -> sympy.Basic:
    """A condition such as `-1 < z < 1` or `(z > 0) & (z < 6)`, as a sympy relational or boolean."""
    return _parse(text, scope, location, condition=True)


def parse_number(text: str, location: Location | None = None) -> sympy.Expr:
    """A constant, finite, real number such as `0.01`, `-10`, `pi/2` or `sqrt(2)`."""
    value = _parse(text, Scope({}), location, condition=False)
    approx = value.evalf(30)
    if not (approx.is_Number and approx.is_finite):
        where = location or _DEFAULT_LOCATION
        raise ExpressionError(f"{text.strip()!r} is not a finite real number", where)
    return value


def checked_syntax(text: str, scope: Scope, location: Location | None = None, *,
                   condition: bool = False) -> tuple[ast.expr, str]:
    """The syntax tree of `text` once it passed the screen and allow-list `parse_expression` applies, and the
    one-line text it was parsed from (node offsets index it); nothing is built, so nothing is evaluated."""
    source = _Source(text, location or _DEFAULT_LOCATION)
    try:
        return _checked(source, scope, condition).body, source.parsed
    except Rejected as exc:
        raise ExpressionError(exc.message, source.locate(exc.offset)) from None


def _checked(source: _Source, scope: Scope, condition: bool) -> ast.Expression:
    """The text's syntax tree, screened and checked against the allow-list (raises Rejected)."""
    tree = source.syntax_tree()
    variable = next((name for name, sym in scope.symbols.items() if sym == scope.variable), None)
    Checker(source.parsed, scope.symbols, variable, scope.allow_diff, scope.indexed, scope.indices,
            scope.varying).check(tree, condition=condition)
    return tree


def _parse(text: str, scope: Scope, location: Location | None, *, condition: bool) -> Any:
    source = _Source(text, location or _DEFAULT_LOCATION)
    try:
        tree = _checked(source, scope, condition)
        if scope.display:
            with sympy.evaluate(False):
                return _undefined(_Builder(scope, source.parsed).build(tree.body))
        return _undefined(_Builder(scope, source.parsed).build(tree.body))
    except Rejected as exc:
        raise ExpressionError(exc.message, source.locate(exc.offset)) from None


def _undefined(result: Any) -> Any:
    """The built expression with its branches that have no value (written nan, or atan2 at the origin) as nan."""
    if isinstance(result, sympy.Basic) and result.has(UNDEFINED):
        return result.xreplace({UNDEFINED: sympy.nan})
    return result


class _Source:
    """The text as written and as handed to `ast.parse`, with the map from one to the other."""

    def __init__(self, text: str, location: Location, *, primes: bool = False) -> None:
        self.text = text
        self.location = location
        self.primes = primes  # a quote right after a name is a prime (g1'), not the start of a string
        self.parsed = ""
        self._origin: list[int] = []  # for each character of `parsed`, its index in `text`

    def syntax_tree(self) -> ast.Expression:
        self._screen()
        parts = []
        for index, char in enumerate(self.text):
            # `^` is always a power, never XOR; line breaks become spaces so an expression may span lines.
            piece = "**" if char == "^" else (" " if char in "\t\r\n" else char)
            after_name = index > 0 and (self.text[index - 1].isalnum() or self.text[index - 1] == "_")
            if self.primes and char == "'" and after_name:
                piece = PRIME
            parts.append(piece)
            self._origin.extend([index] * len(piece))
        self._origin.append(len(self.text))
        joined = "".join(parts)
        # Leading spaces would be an indentation error: drop them and keep the map aligned.
        self.parsed = joined.strip(" ")
        self._origin = self._origin[len(joined) - len(joined.lstrip(" ")):]
        if not self.parsed:
            raise Rejected("empty expression", 0)
        try:
            return ast.parse(self.parsed, mode="eval")
        except SyntaxError as exc:
            offset = (exc.offset or 1) - 1 if exc.lineno in (None, 1) else len(self.parsed)
            raise Rejected(f"invalid syntax: {exc.msg}", offset) from None
        except (RecursionError, MemoryError, ValueError):
            raise Rejected("expression is too deeply nested to parse", 0) from None

    def _screen(self) -> None:
        """Checks on the raw text, before Python's parser (which folds Unicode and recurses) sees it."""
        if len(self.text) > MAX_LENGTH:
            message = f"expression is too long ({len(self.text)} characters; at most {MAX_LENGTH})"
            raise self._reject_raw(message, 0)
        depth = 0
        for index, char in enumerate(self.text):
            if ord(char) > 127:
                # NFKC folding would turn look-alike letters into ASCII names such as __globals__.
                raise self._reject_raw(f"non-ASCII character U+{ord(char):04X} is not allowed; expressions "
                                       "are plain ASCII", index)
            if (ord(char) < 32 and char not in "\t\r\n") or ord(char) == 127:
                raise self._reject_raw(f"control character U+{ord(char):04X} is not allowed", index)
            if char in "([{":
                depth += 1
                if depth > MAX_BRACKET_DEPTH:
                    raise self._reject_raw(f"brackets are nested too deeply (at most {MAX_BRACKET_DEPTH})",
                                           index)
            elif char in ")]}":
                depth = max(0, depth - 1)

    def locate(self, offset: int) -> Location:
        """The Location of column `offset` of the parsed text."""
        return self._locate_raw(self._origin[min(offset, len(self._origin) - 1)] if self._origin else 0)

    def _locate_raw(self, index: int) -> Location:
        line = self.text.count("\n", 0, index)
        column = index - (self.text.rfind("\n", 0, index) + 1)
        base = self.location
        return Location(base.file, base.line + line, base.column + column if line == 0 else column + 1)

    def _reject_raw(self, message: str, index: int) -> ExpressionError:
        return ExpressionError(message, self._locate_raw(index))


#: The screen and the map from parsed to written columns, for the matrix syntax of network specs (`lang.matrix`).
Source = _Source


class _Builder:
    """Builds sympy objects from a tree the `Checker` accepted; anything else still raises."""

    def __init__(self, scope: Scope, source: str) -> None:
        self.scope = scope
        self.source = source

    def build(self, node: ast.expr) -> Any:
        try:
            result = self._build(node)
        except Rejected:
            raise
        except Exception as exc:  # sympy refusing a value (e.g. comparing a complex number) is a user error
            raise Rejected(f"cannot build this expression: {exc}", node.col_offset) from None
        if isinstance(result, sympy.Expr) and not isinstance(node, ast.Name):
            if result.has(*_NOT_A_VALUE):
                raise Rejected("this evaluates to an infinite or undefined value (division by zero?)",
                               node.col_offset)
            if result.has(sympy.I):
                raise Rejected("this is not real: it evaluates to a complex number", node.col_offset)
        return result

    def _build(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return sympy.true if node.value else sympy.false
            # Re-read from the digits, never from the binary float: 0.1 must be exactly 1/10.
            exact = literal_value(ast.get_source_segment(self.source, node) or "", node.col_offset)
            return sympy.Rational(exact.numerator, exact.denominator)
        if isinstance(node, ast.Name):
            if node.id in self.scope.symbols:
                return self.scope.symbols[node.id]
            if node.id in UNDEFINED_NAMES:
                return UNDEFINED  # a Piecewise branch without value (the Checker allows nothing else)
            return CONSTANTS[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left, right = self.build(node.left), self.build(node.right)
            if isinstance(node.op, ast.BitAnd):
                return sympy.And(left, right)
            if isinstance(node.op, ast.BitOr):
                return sympy.Or(left, right)
            return _OPERATIONS[type(node.op)](left, right)
        if isinstance(node, ast.Compare):
            operands = [self.build(operand) for operand in (node.left, *node.comparators)]
            parts = [_RELATIONS[type(op)](operands[i], operands[i + 1]) for i, op in enumerate(node.ops)]
            return parts[0] if len(parts) == 1 else sympy.And(*parts)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self._call(node.func.id, node)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Name):
            return self.scope.indexed[node.value.id][self.scope.indices[node.slice.id]]
        raise Rejected(f"{type(node).__name__} is not allowed in an expression", node.col_offset)

    def _call(self, name: str, node: ast.Call) -> Any:
        if name == PIECEWISE:
            branches = []
            for arg in node.args:
                assert isinstance(arg, ast.Tuple)  # guaranteed by the Checker
                branches.append((self.build(arg.elts[0]), self.build(arg.elts[1])))
            return sympy.Piecewise(*branches)
        if name == DIFF:
            if self.scope.display:
                return sympy.Derivative(self.build(node.args[0]), self.scope.variable)
            return sympy.diff(self.build(node.args[0]), self.scope.variable)
        if name in (SUM, DELTA) and self.scope.indices:
            first, second = node.args
            assert isinstance(second, ast.Name)  # the Checker allows only index names here
            if name == DELTA:
                assert isinstance(first, ast.Name)
                return sympy.KroneckerDelta(self.scope.indices[first.id], self.scope.indices[second.id])
            return sympy.Sum(self.build(first), (self.scope.indices[second.id], 1, self.scope.size))
        args = [self.build(arg) for arg in node.args]
        if name in RELATIONS:
            return RELATIONS[name](*args)
        if name in LOGIC:
            return LOGIC[name](*args)
        if name in NUMBERS:
            return args[0] / args[1] if len(args) == 2 else args[0]  # exact rationals, checked by the Checker
        function = FUNCTIONS[name]
        if self.scope.written and function.group == FRAMEWORK_GROUP:
            return sympy.Function(name)(*args)  # evaluated by its library routine in float64, never proved
        return function.build(*args)
