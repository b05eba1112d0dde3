"""Name the likely mistake in a refuted claim by testing it against transformed truths.

Each test is decided like a proof (`sameness.Comparer.same`: exact symbolic zero plus numeric agreement), so
a hint is a true statement about the claim; when no test matches there is no hint.  The tests run only for
refuted claims, in order from the most specific mistake to the vaguest, and stop at the deadline.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.explain.sameness import NAMED_CONSTANTS, Comparer
from derivcheck.engine.problem import Problem

#: Inner functions whose chain-rule factor is tried (the first ones met, outermost first).
MAX_INNER = 8
_KINKY = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign)
#: A decimal is matched with a named constant only when it has this many significant digits.
MIN_DIGITS = 6


@dataclass(frozen=True)
class Target:
    """What a refuted claim should have equalled: `truth` (in z), called `name` in hints."""

    truth: sympy.Expr
    name: str  # e.g. "g'(z)", "g''(z)", "step 2"
    order: int  # the derivative of g the claim stands for (1 or 2)
    # The truth is g's derivative itself (not an intermediate step), so a claim matching another
    # activation's derivative was likely borrowed from it; for a step in the middle it would be a coincidence.
    derivative_of_g: bool = True


#: The activations a claim may have been borrowed from, by name, as problems; called only when the cheaper tests
#: found nothing (the caller may read them from disk then).
Activations = Callable[[], Sequence[tuple[str, Problem]]]


def diagnose(problem: Problem, claimed: sympy.Expr, target: Target, *, deadline: float, others: Activations,
             subject: str = "the claim") -> str | None:
    """A true one-line hint about why `claimed` differs from the target, or None."""
    compare = Comparer(problem, deadline)
    # The comparison with other activations may load them all, so it comes last: cheaper tests settle most claims.
    tests: tuple[Test, ...] = (*_TESTS, functools.partial(_other_activation, others=others))
    for test in tests:
        if not compare.time_left():
            return None
        try:
            hint = test(compare, claimed, target, subject)
        except Exception:  # sympy raises many kinds on odd input; a failed test only means no hint
            hint = None
        if hint is not None:
            return hint
    return None


Test = Callable[[Comparer, sympy.Expr, Target, str], "str | None"]


def _sign(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    if compare.same(-claimed, target.truth):
        return f"sign flipped: {subject} is -{_wrapped(target.name)}"
    return None


def _function_itself(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    problem = compare.problem
    lower = derivative(problem.g, problem.z, target.order - 1)
    if not compare.same(claimed, lower):
        return None
    if target.order == 1:
        return f"the function itself instead of its derivative: {subject} equals g({problem.z}), not g'({problem.z})"
    return f"the first derivative instead of the second: {subject} equals g'({problem.z})"


def _integral(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    problem = compare.problem
    if target.order != 1 or problem.z not in problem.with_output(claimed).free_symbols:
        return None
    if compare.same(derivative(problem.with_output(claimed), problem.z, 1), problem.g):
        return f"an integral instead of the derivative: the derivative of {subject} is g({problem.z}) itself"
    return None


def _swapped(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    z, a = compare.problem.z, compare.problem.a
    has_z, has_a = z in claimed.free_symbols, a in claimed.free_symbols
    if not (has_z or has_a):
        return None
    if not compare.same(claimed.xreplace({z: a, a: z}), target.truth):
        return None
    how = f"{a} and {z} swapped" if has_z and has_a else (f"{a} in place of {z}" if has_z else f"{z} in place of {a}")
    return f"{a} and {z} confused: with {how}, {subject} would equal {target.name}"


def _chain_rule(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    problem = compare.problem
    for inner, factor in _inner_factors(problem.g, problem.z):
        if not compare.time_left():
            return None
        shown = f"{_text(factor)} (the derivative of {_text(inner)})"
        if compare.same(claimed * factor, target.truth):
            return f"missing chain-rule factor {shown}: {subject} times it is {target.name}"
        if compare.same(claimed / factor, target.truth):
            return f"extra chain-rule factor {shown}: {subject} divided by it is {target.name}"
    return None


def _inner_factors(g: sympy.Expr, z: sympy.Symbol) -> Iterator[tuple[sympy.Expr, sympy.Expr]]:
    """(inner function u, u') for the arguments of functions and powers in g, outermost first."""
    seen: set[sympy.Expr] = set()
    count = 0
    for node in sympy.preorder_traversal(g):
        if isinstance(node, sympy.Pow):
            inners = [node.base] if z not in node.exp.free_symbols else [node.exp]
        elif isinstance(node, sympy.Function) and not isinstance(node, sympy.Piecewise):
            inners = [arg for arg in node.args if isinstance(arg, sympy.Expr)]
        else:
            continue
        for inner in inners:
            if z not in inner.free_symbols or inner == z:
                continue
            # sigmoid(2*z) is 1/(1 + exp(-2*z)): the student's inner function is 2*z, not -2*z.
            chosen = -inner if inner.could_extract_minus_sign() else inner
            factor = derivative(chosen, z, 1)
            if factor in seen or factor == 1 or factor == -1 or factor == 0:
                continue
            seen.add(factor)
            yield chosen, factor
            count += 1
            if count >= MAX_INNER:
                return


def _approximate_constant(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    replaced: dict[sympy.Expr, sympy.Expr] = {}
    named: list[str] = []
    for number in sorted(claimed.atoms(sympy.Rational), key=sympy.default_sort_key):
        decimal = _decimal(number)
        if decimal is None:
            continue
        match = _nearest_constant(number, decimal)
        if match is not None:
            replaced[number], name = match
            named.append(f"{decimal} only approximates {name}")
    if not replaced or not compare.same(claimed.xreplace(replaced), target.truth):
        return None
    return f"{'; '.join(named)}: with the exact constant, {subject} would equal {target.name}"


def _nearest_constant(number: sympy.Rational, decimal: str) -> tuple[sympy.Expr, str] | None:
    """The named constant (or its negative) that `decimal` rounds, to about its last digit, if any."""
    tolerance = sympy.Rational(10) ** (1 - _digits(decimal))
    for name, constant in NAMED_CONSTANTS:
        for value, shown in ((constant, name), (-constant, f"-{name}")):
            if abs(sympy.N(number - value, 30)) <= tolerance * abs(sympy.N(value, 30)):
                return value, shown
    return None


def _decimal(number: sympy.Rational) -> str | None:
    """The decimal a spec wrote for `number` (a finite decimal fraction), with enough digits to matter."""
    q = int(number.q)
    twos, fives = _multiplicity(q, 2), _multiplicity(q, 5)
    if q == 1 or q != 2**twos * 5**fives:
        return None  # not a finite decimal (the parser reduces 2.302585092994046 to p/(2^i 5^j))
    places = max(twos, fives)
    text = str(Decimal(int(number.p) * (10**places // q)).scaleb(-places))
    return text if _digits(text) >= MIN_DIGITS else None


def _multiplicity(n: int, p: int) -> int:
    count = 0
    while n % p == 0:
        n //= p
        count += 1
    return count


def _digits(decimal: str) -> int:
    return len(decimal.lstrip("-").replace(".", "").lstrip("0"))


def _other_activation(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str, *,
                      others: Activations) -> str | None:
    problem = compare.problem
    if not target.derivative_of_g or any(p in claimed.free_symbols for p in problem.parameters):
        return None  # our parameters mean nothing to another activation
    # Smooth activations first: their derivatives are the ones a claim is most likely borrowed from.
    for name, other in sorted(others(), key=lambda item: (item[1].g.has(*_KINKY), item[0])):
        if not compare.time_left():
            return None
        if other.g == problem.g.xreplace({problem.z: other.z}) or (set(other.parameters) & claimed.free_symbols):
            continue
        theirs = claimed.xreplace({problem.z: other.z, problem.a: other.a})
        truth = derivative(other.g, other.z, target.order)
        on_other = Comparer(other, compare.deadline)
        if _constant_at_screen(on_other, truth):
            continue  # a constant derivative (a step function's 0) matches too many claims to mean anything
        if on_other.same(theirs, truth):
            primes = "'" * target.order
            uses_a = f" (with {problem.a} = {name}({problem.z}))" if problem.a in claimed.free_symbols else ""
            return f"the derivative of another activation: {subject} is {name}{primes}({problem.z}){uses_a}"
    return None


def _constant_at_screen(compare: Comparer, expr: sympy.Expr) -> bool:
    values = [v for v in compare.values(expr) if v is not None]
    return all(v == values[0] for v in values)


def _constant_factor(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    k = compare.constant_ratio(claimed, target.truth)
    if k is None or k in (1, -1) or not compare.same(claimed, k * target.truth):
        return None
    return f"off by a constant factor: {subject} is {_text(k)} times {target.name}"


def _constant_offset(compare: Comparer, claimed: sympy.Expr, target: Target, subject: str) -> str | None:
    k = compare.constant_offset(claimed, target.truth)
    if k is None or k == 0 or not compare.same(claimed, target.truth + k):
        return None
    sign, size = ("-", -k) if k.could_extract_minus_sign() else ("+", k)
    return f"off by an additive constant: {subject} is {target.name} {sign} {_text(size)}"


def _text(expr: sympy.Expr) -> str:
    return str(sympy.sstr(expr)).replace("**", "^")


def _wrapped(name: str) -> str:
    return name if name.startswith("g") else f"({name})"


_TESTS: tuple[Test, ...] = (_sign, _function_itself, _integral, _swapped, _chain_rule, _approximate_constant,
                            _constant_factor, _constant_offset)
