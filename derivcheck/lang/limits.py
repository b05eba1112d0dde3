"""Size limits on an expression's syntax tree, checked before sympy evaluates (and could hang on) anything.

sympy evaluates eagerly: `10**10**10`, `gamma(10**6)` or `exp(10**6*log(10))` would compute numbers with
billions of digits the moment they are built.  So every constant sub-expression gets a `Value` here, from
plain `Fraction` arithmetic and digit estimates, and anything whose exact form could grow past `MAX_DIGITS`
decimal digits is refused.  The bounds are deliberately conservative: a strange but harmless constant may be
refused; a slow one may not be accepted.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from derivcheck.lang.entry import ArgumentLimit
from derivcheck.lang.vocabulary import FUNCTIONS, PIECEWISE

_EXTREMES = frozenset({"max", "Max", "min", "Min"})
# log(x) of a constant x is as long as x but far smaller: |ln x| <= ln(10) * (digits of x).
_LOGARITHMS = frozenset({"log", "ln", "log1p", "log2", "log10"})

MAX_NODES = 500
MAX_EXPANDED = 20_000  # nodes once named activations are replaced by their formulas
MAX_EXTREME_ARGUMENTS = 8  # arguments of all max/min calls together
MAX_PIECEWISE_CASES = 64
MAX_DEPTH = 100
MAX_LITERAL_DIGITS = 36  # room for constants published to 32 digits, such as SELU's alpha and lambda
MAX_LITERAL_EXPONENT = 300
MAX_EXPONENT = 1000  # |n| in x**n for a constant n (also bounds polynomial degrees the prover expands)
MAX_DIGITS = 5000  # estimated decimal digits of any number sympy may compute exactly
# log10 of the largest constant argument: gamma(n) computes n! exactly, polygamma(m, n) sums n terms of
# 1/k**(m+1) exactly (cost grows with both), bessel orders expand, exp(k*log(b)) becomes b**k.
# polylog(s, x), expint(n, x), zeta(s, q) and jn(n, x) expand integer orders: at most 31.
_LOG_LIMITS = {ArgumentLimit.GAMMA: 3.0, ArgumentLimit.POLYGAMMA: 2.0, ArgumentLimit.ORDER: 3.0,
               ArgumentLimit.SMALL_ORDER: 1.5, ArgumentLimit.EXP: 4.0, ArgumentLimit.HYPERBOLIC: 4.0}
_ORDERS = (ArgumentLimit.ORDER, ArgumentLimit.SMALL_ORDER)
_DECIMAL = re.compile(r"(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


class Rejected(Exception):
    """The expression is not allowed; `offset` is the 0-based column of the offending token."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Value:
    """What the checker knows about a sub-expression before it exists in sympy."""

    condition: bool
    constant: bool = False  # may evaluate to a number, so the size limits apply
    exact: Fraction | None = None  # its exact rational value, when known
    size: float = 0.0  # upper bound on the decimal digits of that number (and of log10 of its magnitude)
    magnitude: float | None = None  # a tighter upper bound on log10 of its magnitude, when one is known


SYMBOLIC = Value(condition=False)
CONDITION = Value(condition=True)


def _height(q: Fraction) -> float:
    return max(abs(q.numerator), q.denominator).bit_length() * math.log10(2)


def _exact(q: Fraction) -> Value:
    return Value(condition=False, constant=True, exact=q, size=_height(q))


def _opaque(size: float, magnitude: float | None = None) -> Value:
    return Value(condition=False, constant=True, size=size, magnitude=magnitude)


def exact_value(q: Fraction) -> Value:
    """A constant whose exact rational value is known (Rational(1, 3), a literal)."""
    return _exact(q)


NAMED_CONSTANT = _opaque(1.0)  # pi, e


def log_abs(value: Value) -> float:
    """An upper bound on log10 |value| of a constant."""
    if value.exact is None:
        return value.size if value.magnitude is None else min(value.size, value.magnitude)
    if value.exact == 0:
        return -math.inf
    return math.log10(abs(value.exact.numerator)) - math.log10(value.exact.denominator)


def literal_value(text: str, offset: int) -> Fraction:
    """The exact value of a decimal literal, read from its source text (0.1 is 1/10, not a binary float)."""
    match = _DECIMAL.fullmatch(text)
    if match is None or not (match[1] or match[2]):
        raise Rejected(f"only plain decimal numbers are allowed, found {text!r}", offset)
    whole, frac, exponent = match[1], match[2] or "", match[3] or "0"
    digits = (whole + frac).lstrip("0")
    if len(digits) > MAX_LITERAL_DIGITS:
        raise Rejected(f"number has {len(digits)} digits; at most {MAX_LITERAL_DIGITS} are allowed", offset)
    if len(exponent.lstrip("+-0")) > 3 or abs(int(exponent)) > MAX_LITERAL_EXPONENT:
        raise Rejected(f"number exponent e{exponent} is too large; at most e{MAX_LITERAL_EXPONENT}", offset)
    return Fraction(int(whole + frac or "0"), 10 ** len(frac)) * Fraction(10) ** int(exponent)


def literal(text: str, offset: int) -> Value:
    return _exact(literal_value(text, offset))


def tree_limits(tree: ast.Expression) -> None:
    """Refuse trees with too many nodes or too much nesting (walked without recursion)."""
    count, stack, too_deep = 0, [(tree.body, 1)], None
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise Rejected(f"expression is too large (more than {MAX_NODES} terms and operators)", 0)
        if depth > MAX_DEPTH and too_deep is None:
            too_deep = node
        children = ast.iter_child_nodes(node)
        stack.extend((child, depth + 1) for child in children if isinstance(child, ast.expr))
    if too_deep is not None:
        raise Rejected(f"expression is nested too deeply (more than {MAX_DEPTH} levels; long chains "
                       "of + or * count as nesting)", getattr(too_deep, "col_offset", 0))


def _expanded_size(node: ast.expr) -> int:
    """How many nodes the tree has once activations expand (silu(x) = x*sigmoid(x) holds x twice)."""
    inner = sum(_expanded_size(child) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
        return 8 + FUNCTIONS[node.func.id].uses * inner
    return 1 + inner


def _negated_terms(condition: ast.expr) -> int:
    """How many terms `Not(condition)` has in disjunctive normal form (Not(a & b) = ~a | ~b has two)."""
    if isinstance(condition, ast.Compare):
        return len(condition.ops)  # a chained comparison is an And
    if isinstance(condition, ast.BinOp) and isinstance(condition.op, ast.BitAnd):
        return _negated_terms(condition.left) + _negated_terms(condition.right)
    if isinstance(condition, ast.BinOp) and isinstance(condition.op, ast.BitOr):
        return _negated_terms(condition.left) * _negated_terms(condition.right)
    return 1


def _call_name(node: ast.AST) -> str | None:
    return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None


def evaluation_limits(body: ast.expr) -> None:
    """Bound the work sympy does while building a checked tree (called after `tree_limits`, so the
    recursion here is at most MAX_DEPTH deep)."""
    size = _expanded_size(body)
    if size > MAX_EXPANDED:
        raise Rejected(f"expression is too large once its activations are expanded (about {size} terms; at "
                       f"most {MAX_EXPANDED}): avoid nesting silu, gelu, mish, elu or softsign", 0)
    extremes = 0
    for node in ast.walk(body):
        name = _call_name(node)
        if not isinstance(node, ast.Call) or name is None:
            continue
        # sympy compares every pair of max/min arguments on construction.
        extremes += 2 if name == "relu" else len(node.args) if name in _EXTREMES else 0
        if extremes > MAX_EXTREME_ARGUMENTS:
            raise Rejected(f"too many max/min arguments in one expression (at most {MAX_EXTREME_ARGUMENTS}, "
                           "relu counts as two)", node.col_offset)
        if name == PIECEWISE:
            # sympy simplifies each branch's condition with the negations of all earlier ones.
            cases = math.prod(_negated_terms(arg.elts[1]) for arg in node.args if isinstance(arg, ast.Tuple))
            if cases > MAX_PIECEWISE_CASES:
                raise Rejected(f"Piecewise conditions are too involved ({cases} cases once earlier branches "
                               f"are excluded; at most {MAX_PIECEWISE_CASES}): use fewer branches or "
                               "simpler conditions", node.col_offset)


def checked(value: Value, node: ast.expr) -> Value:
    if value.constant and value.size > MAX_DIGITS:
        raise Rejected(f"constant is too large (about {value.size:.0f} digits; at most {MAX_DIGITS})",
                       node.col_offset)
    return value


def negate(value: Value) -> Value:
    return _exact(-value.exact) if value.exact is not None else value


def arithmetic(node: ast.BinOp, left: Value, right: Value) -> Value:
    """+ - * / of two checked values."""
    if not (left.constant and right.constant):
        return SYMBOLIC
    if isinstance(node.op, ast.Div) and right.exact == 0:
        raise Rejected("division by zero", node.col_offset)
    additive = isinstance(node.op, ast.Add | ast.Sub)
    a, b = left.exact, right.exact
    if a is not None and b is not None:
        if additive:
            return _exact(a + b if isinstance(node.op, ast.Add) else a - b)
        return _exact(a * b if isinstance(node.op, ast.Mult) else a / b)
    size = (max(left.size, right.size) if additive else left.size + right.size) + 1
    if additive:
        magnitude = max(log_abs(left), log_abs(right)) + math.log10(2)
    elif isinstance(node.op, ast.Mult):
        magnitude = log_abs(left) + log_abs(right)
    else:
        magnitude = log_abs(left) + right.size  # size also bounds log10 of 1/|right|
    return _opaque(size, magnitude)


def power(node: ast.BinOp, base: Value, exponent: Value) -> Value:
    """base ** exponent: a constant exponent is at most MAX_EXPONENT, a constant result at most MAX_DIGITS."""
    if not exponent.constant:
        return SYMBOLIC
    if log_abs(exponent) > math.log10(MAX_EXPONENT):
        raise Rejected(f"exponent is too large (at most {MAX_EXPONENT} in absolute value)",
                       node.right.col_offset)
    if not base.constant:
        return SYMBOLIC
    n = abs(exponent.exact) if exponent.exact is not None else Fraction(10) ** math.ceil(exponent.size)
    digits = float(n) * max(base.size, 1.0)
    if digits > MAX_DIGITS:
        raise Rejected(f"power is too large (about {digits:.0f} digits; at most {MAX_DIGITS})",
                       node.col_offset)
    if base.exact is not None and exponent.exact is not None and exponent.exact.denominator == 1:
        if base.exact == 0 and exponent.exact < 0:
            raise Rejected("division by zero (0 to a negative power)", node.col_offset)
        return _exact(base.exact ** int(exponent.exact))
    return _opaque(digits + exponent.size + 1)


def function_result(node: ast.Call, limit: ArgumentLimit, args: list[Value]) -> Value:
    """A call of a vocabulary function: bound its constant arguments, then estimate its value's size."""
    if limit is not ArgumentLimit.NONE:
        bounded = args[:1] if limit in _ORDERS else args
        for arg, arg_node in zip(bounded, node.args, strict=False):
            if arg.constant and log_abs(arg) > _LOG_LIMITS[limit]:
                name = node.func.id if isinstance(node.func, ast.Name) else "this function"
                bound = 10 ** _LOG_LIMITS[limit]
                raise Rejected(f"constant argument is too large for {name}() "
                               f"(at most {bound:.0f} in absolute value)", arg_node.col_offset)
    if not all(arg.constant for arg in args):
        return SYMBOLIC
    # Only the limited arguments are raised back to numbers: they are at most 10**4 here (an unlimited one,
    # such as the 10**400 in log(10**400), would overflow a float).
    bounds = [10 ** log_abs(arg) for arg in args] if limit in (ArgumentLimit.GAMMA, ArgumentLimit.POLYGAMMA) else []
    if limit is ArgumentLimit.GAMMA:
        return _opaque(bounds[0] * math.log10(bounds[0] + 2) + 2)  # gamma(n) = (n-1)! has < n*log10(n) digits
    if limit is ArgumentLimit.POLYGAMMA:
        # polygamma(m, n) sums n exact terms 1/k**(m+1): the denominator has about (m+1)*n*log10(e) digits.
        return _opaque((bounds[0] + 1) * (bounds[1] + 1) * math.log10(math.e) + 2)
    if limit is ArgumentLimit.EXP:
        return _opaque(10 ** log_abs(args[0]) * math.log10(math.e) + 1)  # exp(c) may become b**k exactly
    if limit is ArgumentLimit.HYPERBOLIC:
        # tanh(k*log(b)) becomes (b**(2*k) - 1)/(b**(2*k) + 1) exactly: twice the digits of exp.
        return _opaque(2 * 10 ** log_abs(args[0]) * math.log10(math.e) + 1)
    size = max(arg.size for arg in args) + 1
    name = node.func.id if isinstance(node.func, ast.Name) else ""
    if name in _LOGARITHMS:
        return _opaque(size, math.log10(math.log(10) * max(args[0].size, 1.0) + 1) + 0.01)
    return _opaque(size)


def piecewise_result(values: list[Value]) -> Value:
    # A branch whose condition is True collapses to its value, so a constant branch keeps its size.
    if all(value.constant for value in values):
        return _opaque(max(value.size for value in values))
    return SYMBOLIC
