"""The certificate of a proof, built from what it closed: the statement, and on each piece the substitution (units,
opaque symbols, a domain's parameterisation and splits) with both sides' normal forms."""

from __future__ import annotations

from dataclasses import replace
from itertools import count

import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.pieces import branch_on
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import SideForms, side_forms
from derivcheck.engine.prove.on_domain import Facts, split_positive
from derivcheck.engine.prove.special_forms import rewrite_special
from derivcheck.engine.prove.symbolic import Closed, ProofAttempt
from derivcheck.engine.tree import NotEncodable, encode, rendered
from derivcheck.results.certificate import (
    Expression,
    Factor,
    Form,
    Interval,
    Parameter,
    Piece,
    Proof,
    ProofCase,
    Refutation,
    Role,
    Split,
    Stands,
    Statement,
    Summary,
    Variable,
)
from derivcheck.results.checks import CheckKind, Counterexample

__all__ = ["function_of", "proof_certificate", "refutation_certificate", "statement_of"]

#: A normal form whose LaTeX is longer than this gets a summary (reports show it, and the whole in an appendix).
LONG_FORM = 320
#: What a proof by a checker-free strategy says, and where the kernel cannot follow.
SIMPLIFIED = "proved by sympy's simplify, whose steps no checker can follow"
_UNSUPPORTED = (sympy.floor, sympy.ceiling, sympy.frac, sympy.Mod)


def function_of(problem: Problem, truth: sympy.Expr, kind: CheckKind | None = None) -> int:
    """The order k when the claim is about g's k-th derivative: a claim of g' or g'' by its kind (where g' and
    g'' may coincide, as for exp), another claim when `truth` is exactly g' or g'' (a derivation's first link);
    0 otherwise."""
    if kind in _ORDERS:
        return _ORDERS[kind]
    for order in (1, 2):
        if truth == derivative(problem.g, problem.z, order):
            return order
    return 0


_ORDERS = {CheckKind.DERIVATIVE: 1, CheckKind.SECOND_DERIVATIVE: 2}


def statement_of(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, mode: str, order: int) -> Statement:
    """What the proof claims: truth = claimed (the output name standing for g) for every z of the domain."""
    z = problem.z
    domain = problem.interval_for(for_all=mode == "symbolic")
    output = None
    if problem.a in (truth.free_symbols | claimed.free_symbols):
        output = Stands(encode(problem.a), encode(problem.g), Role.OUTPUT)
    return Statement(
        variable=encode(z), lhs=encode(truth), rhs=encode(claimed),
        variables=(Variable(encode(z), _intervals(problem.interval if domain is None else domain)),),
        parameters=tuple(Parameter(encode(p), encode(v), every=mode == "symbolic")
                         for p, v in problem.parameters.items()),
        output=output, function=encode(problem.g) if order else None, by=(encode(z),) * order)


def proof_certificate(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, attempt: ProofAttempt, mode: str,
                      *, statement: Statement | None = None, kind: CheckKind | None = None) -> Proof:
    """The certificate of a proof `attempt` made in parameter `mode` ("symbolic" or "values").

    A certificate is a by-product of a verdict already reached: whatever fails while building it becomes its
    `limitation` (the checker then cannot re-check it), never a different verdict.
    """
    try:
        return _proof_certificate(problem, truth, claimed, attempt, mode, statement, kind)
    except Exception as error:  # a certificate never changes a verdict (see the docstring)
        return Proof(_empty_statement(problem), attempt.method or "", (),
                     limitation=f"the certificate could not be built: {type(error).__name__}: {error}")


def _proof_certificate(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, attempt: ProofAttempt, mode: str,
                       statement: Statement | None, kind: CheckKind | None) -> Proof:
    method = attempt.method or ""
    order = function_of(problem, truth, kind)
    try:
        stated = statement or statement_of(problem, truth, claimed, mode, order)
    except NotEncodable as error:
        return Proof(_empty_statement(problem), method, (), limitation=f"the claim is no certificate tree: {error}")
    if not attempt.closed:
        return Proof(stated, method, (), limitation=SIMPLIFIED)
    values = dict(problem.parameters) if mode == "values" else {}
    lhs, rhs = truth.xreplace(values), problem.with_output(claimed).xreplace(values)
    pieces: list[Piece] = []
    for closed in attempt.closed:
        built = _piece(problem, lhs, rhs, closed, for_all=mode == "symbolic")
        if isinstance(built, str):
            return Proof(stated, method, (), limitation=built)
        pieces.append(built)
    return Proof(stated, method, (ProofCase("", (), tuple(pieces)),))


def _empty_statement(problem: Problem) -> Statement:
    z = encode(problem.z)
    zero = encode(sympy.S.Zero)
    return Statement(variable=z, lhs=zero, rhs=zero, variables=(Variable(z),))


def _intervals(domain: sympy.Set) -> tuple[Interval, ...]:
    """A domain as intervals (none: every real); raises NotEncodable for any other set."""
    if domain == sympy.S.Reals:
        return ()
    parts = domain.args if isinstance(domain, sympy.Union) else (domain,)
    if not all(isinstance(part, sympy.Interval) for part in parts):
        raise NotEncodable(f"the domain {domain} is not a union of intervals")
    return tuple(Interval(_end(part.inf), _end(part.sup)) for part in parts)


def _end(value: sympy.Expr) -> Expression | None:
    return None if value.is_infinite else encode(value)


def _piece(problem: Problem, lhs: sympy.Expr, rhs: sympy.Expr, closed: Closed, *, for_all: bool) -> Piece | str:
    """One piece of the certificate, or why there is none."""
    z = problem.z
    if closed.branches:
        chosen = [branch_on(side, z, closed.lower, closed.upper, problem.parameters, for_all=for_all)
                  for side in (lhs, rhs)]
        if chosen[0] is None or chosen[1] is None:
            return f"a branch cannot be chosen on ({closed.lower}, {closed.upper})"
        lhs, rhs = chosen[0], chosen[1]
    names = _Names({s.name for s in (lhs.free_symbols | rhs.free_symbols | {z, problem.a, *problem.parameters})
                    if isinstance(s, sympy.Symbol)})
    variable, phi, facts = z, None, {}
    if closed.phi is not None and closed.t is not None:
        variable = sympy.Symbol(names.fresh("t"), positive=True)
        phi = closed.phi.xreplace({closed.t: variable})
        found: Facts = {}
        lhs, rhs = (split_positive(side.xreplace({z: phi}), variable, found) for side in (lhs, rhs))
        facts = found
    unsupported = _unsupported(lhs, rhs)
    if unsupported:
        return unsupported
    forms = side_forms(lhs, rhs, variable)
    if forms is None:
        return "the two sides' normal forms could not be computed apart"
    try:
        return _encoded(closed, variable, phi, facts, lhs, rhs, forms, names)
    except NotEncodable as error:
        return f"a piece is no certificate tree: {error}"


def _unsupported(*sides: sympy.Expr) -> str:
    """Why the checker could not follow these sides' normal forms (exact relations of special functions, steps)."""
    for side in sides:
        for node in sympy.preorder_traversal(side):
            if isinstance(node, _UNSUPPORTED):
                return f"{type(node).__name__} is held fixed between its jumps, which the checker does not follow"
            if isinstance(node, sympy.Function) and rewrite_special(node) is not node:
                return (f"uses an exact relation of {type(node).__name__} (special_forms), which the checker does "
                        "not know")
    return ""


class _Names:
    """Names for the proof's own symbols that no name of the claim uses."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def fresh(self, base: str) -> str:
        name = base
        for i in count(1):
            if name not in self.taken:
                break
            name = f"{base}_{i}"
        self.taken.add(name)
        return name

    def series(self, base: str, size: int) -> list[str]:
        """`u` for one, `u_1`, `u_2`, ... for several (each not taken)."""
        if size == 1:
            return [self.fresh(base)]
        found: list[str] = []
        for i in count(1):
            if len(found) == size:
                return found
            name = f"{base}_{i}"
            if name not in self.taken:
                self.taken.add(name)
                found.append(name)
        return found


def _encoded(closed: Closed, variable: sympy.Symbol, phi: sympy.Expr | None, facts: Facts, lhs: sympy.Expr,
             rhs: sympy.Expr, forms: SideForms, names: _Names) -> Piece:
    rename: dict[sympy.Basic, sympy.Symbol] = {}
    for (old, _), name in zip(forms.units, names.series("u", len(forms.units)), strict=True):
        rename[old] = sympy.Symbol(name, positive=True)  # u = exp(real) > 0
    for (old, _), name in zip(forms.opaque, names.series("w", len(forms.opaque)), strict=True):
        rename[old] = sympy.Symbol(name)  # no assumption: it may stand for anything
    symbols = [Stands(encode(rename[old]), encode(value), Role.UNIT) for old, value in forms.units]
    symbols += [Stands(encode(rename[old]), encode(value), Role.OPAQUE) for old, value in forms.opaque]
    splits = tuple(Split(encode(base), tuple(Factor(encode(f), encode(sympy.Integer(m) if isinstance(m, int) else m))
                                                     for f, m in factors))
                   for base, factors in facts.items())
    return Piece(
        lower=_end(closed.lower), upper=_end(closed.upper), variable=encode(variable),
        parameterisation=None if phi is None else encode(phi), splits=splits, symbols=tuple(symbols),
        reduce_roots=forms.reduce_roots, lhs=_form(lhs, forms.lhs.xreplace(rename)),
        rhs=_form(rhs, forms.rhs.xreplace(rename)), method=closed.method)


def _form(side: sympy.Expr, form: sympy.Expr) -> Form:
    if not rendered():
        return Form(side=encode(side), form=encode(form))
    encoded = encode(form)
    summary = _summary(form) if len(encoded.latex) > LONG_FORM else None
    return Form(side=encode(side), form=encoded, summary=summary)


def _summary(form: sympy.Expr) -> Summary | None:
    numerator, denominator = sympy.fraction(form)
    symbols = sorted(form.free_symbols, key=sympy.default_sort_key)
    if not symbols:
        return None
    try:
        top, bottom = sympy.Poly(numerator, *symbols), sympy.Poly(denominator, *symbols)
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
        return None
    return Summary(numerator_terms=len(top.terms()), denominator_terms=len(bottom.terms()),
                   degree=top.total_degree(), denominator_degree=bottom.total_degree(),
                   numerator_lead=encode(_lead(top)), denominator_lead=encode(_lead(bottom)))


def _lead(poly: sympy.Poly) -> sympy.Expr:
    monomial, coefficient = poly.terms()[0]
    result: sympy.Expr = coefficient * sympy.Mul(*(g**e for g, e in zip(poly.gens, monomial, strict=True)))
    return result


def refutation_certificate(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, counterexample: Counterexample,
                           kind: CheckKind | None = None) -> tuple[Refutation | None, Counterexample]:
    """The certificate of a counterexample at the parameters' values (the exact point and both sides' values at
    two precisions, taken from it), and the counterexample without them; none when the claim is no tree."""
    shown = replace(counterexample, exact=None, enclosures=())
    if counterexample.exact is None:
        return None, shown
    try:
        statement = statement_of(problem, truth, claimed, "values", function_of(problem, truth, kind))
    except Exception:  # a certificate never changes a verdict (see proof_certificate)
        return None, shown
    limitation = "" if counterexample.enclosures else "the claim has no value there (a branch written nan)"
    point = (Stands(statement.variable, counterexample.exact, Role.VALUE),)
    return Refutation(statement, point, counterexample.enclosures, limitation), shown
