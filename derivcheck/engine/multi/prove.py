"""Exact proofs for claims of several numbers: the one-variable strategies along one variable, the others kept
symbolic; labels proved for every real value at once or for each of their values.

`prove_zero` works on a `Problem` in one variable z whose parameters are kept symbolic ("for every value their
assumptions allow").  The other variables are handed to it as such parameters: their symbols carry only the
assumptions their domains give (real, or a sign), and the values beside them serve only to order breakpoints
numerically before the order is checked symbolically.  So a proof covers every value of every other variable
in its domain, and per-branch splits along z at breakpoints that move with them (Huber's z = y +- delta).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy

from derivcheck.engine.multi.breakpoints import hold_at_breakpoints
from derivcheck.engine.multi.cases import assignments, label_edge
from derivcheck.engine.multi.lines import sample_value
from derivcheck.engine.multi.problem import Input, MultiProblem
from derivcheck.engine.problem import Problem, sign_condition
from derivcheck.engine.prove.symbolic import ProofAttempt, prove_zero
from derivcheck.results.scope import Coverage, Scope, Span

__all__ = ["Proof", "prove_numbers", "spans"]


@dataclass(frozen=True)
class Proof:
    """An exact argument (or why none was found) and what it covers."""

    attempt: ProofAttempt
    scope: Scope
    unclosed: tuple[str, ...] = ()  # why each strategy failed, for the UNDECIDED message


def spans(problem: MultiProblem, *, labels: Coverage, parameters: Coverage) -> tuple[tuple[Span, ...],
                                                                                    tuple[Span, ...]]:
    """The scope of a proof: every variable over its domain (labels as said), parameters as said."""
    variables = tuple(Span(i.name, labels if i.is_label else Coverage.EVERY, i.domain) for i in problem.inputs)
    params = tuple(Span(str(p), parameters, sign_condition(v) if parameters is Coverage.EVERY else sympy.sstr(v))
                   for p, v in problem.parameters.items())
    return variables, params


def prove_numbers(problem: MultiProblem, truth: sympy.Expr, claimed: sympy.Expr, *, along: Input | None,
                  deadline: float | None, simplify: bool, derivative: bool = True) -> Proof:
    """Prove claimed == truth for every value of the (scalar) inputs; the first argument found wins.

    Order: parameters symbolic, then at their values; labels as real symbols (every value at once), then
    value by value.  `along` is the variable to split at breakpoints first (the claim's); `derivative` is False
    for an identity (its sides must agree at every breakpoint, see `breakpoints`).
    """
    tried: list[str] = []
    attempt = ProofAttempt(False, None, "no strategy applied")
    # A domain that mentions a parameter is known at its values only (MultiProblem.domains_at_values).
    modes = ((Coverage.VALUE,) if problem.domains_at_values
             else (Coverage.EVERY, Coverage.VALUE) if problem.parameters else (Coverage.EVERY,))
    for parameters in modes:
        values = {} if parameters is Coverage.EVERY else dict(problem.parameters)
        t, c = truth.xreplace(values), claimed.xreplace(values)
        attempt = _prove(problem, t, c, along, {}, deadline, simplify, keep=parameters is Coverage.EVERY,
                         derivative=derivative)
        if attempt.proved:
            return Proof(attempt, Scope(*spans(problem, labels=Coverage.EVERY, parameters=parameters)))
        tried.append(attempt.detail)
        if problem.labels:
            each = assignments(problem.labels)
            attempts = []
            for assignment in each:
                if label_edge((t, c), assignment):
                    attempts.append(ProofAttempt(False, None, "a label value sits on a branch boundary"))
                    break
                attempts.append(_prove(problem, t.xreplace(assignment), c.xreplace(assignment), along, assignment,
                                       deadline, simplify, keep=parameters is Coverage.EVERY, derivative=derivative))
                if not attempts[-1].proved:
                    break
            if attempts and all(a.proved for a in attempts) and len(attempts) == len(each):
                methods = sorted({a.method or "" for a in attempts})
                attempt = ProofAttempt(True, " / ".join(methods),
                                       "Proved for each label value: " + "; ".join(a.detail for a in attempts))
                return Proof(attempt, Scope(*spans(problem, labels=Coverage.EACH, parameters=parameters)))
            tried.append("per label value: " + attempts[-1].detail)
    return Proof(ProofAttempt(False, None, "; ".join(tried), attempt.unclosed),
                 Scope(*spans(problem, labels=Coverage.EVERY, parameters=Coverage.EVERY)), tuple(tried))


def _prove(problem: MultiProblem, truth: sympy.Expr, claimed: sympy.Expr, along: Input | None,
           assignment: Mapping[sympy.Symbol, sympy.Expr], deadline: float | None, simplify: bool, *,
           keep: bool, derivative: bool = True) -> ProofAttempt:
    """One proof attempt along each continuous variable in turn (the claim's first)."""
    continuous = [i for i in problem.inputs if i.symbol is not None and i.symbol not in assignment]
    order = sorted(continuous, key=lambda i: i is not along)
    if not order:  # every input is a label at a value: a constant identity
        return prove_zero(_axis(sympy.Dummy("x", real=True), sympy.S.Reals, problem, (), assignment, keep),
                          truth, claimed, deadline=deadline, simplify=simplify)
    # What the truth differentiates, with the same values (none for an identity).
    function = problem.f.xreplace({} if keep else dict(problem.parameters)).xreplace(dict(assignment)) \
        if derivative else None
    attempt = ProofAttempt(False, None, "")
    for axis in order:
        assert axis.symbol is not None
        others = [i for i in continuous if i is not axis]
        line = _axis(axis.symbol, axis.interval, problem, others, assignment, keep)
        attempt = hold_at_breakpoints(prove_zero(line, truth, claimed, deadline=deadline, simplify=simplify),
                                      line, truth, claimed, derivative=derivative and axis is along,
                                      function=function)
        if attempt.proved or not _kinky(truth, claimed):
            return attempt  # without branches, every axis tries the same normal form
    return attempt


def _kinky(*exprs: sympy.Expr) -> bool:
    return any(e.has(sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign) for e in exprs)


def _axis(symbol: sympy.Symbol, interval: sympy.Set, problem: MultiProblem, others: Sequence[Input],
          assignment: Mapping[sympy.Symbol, sympy.Expr], keep: bool) -> Problem:
    """The one-variable problem along `symbol`: the other variables (and, kept symbolic, the parameters) as
    parameters of `prove_zero`, with sample values that only order breakpoints."""
    parameters: dict[sympy.Symbol, sympy.Expr] = {}
    for position, other in enumerate(others):
        assert other.symbol is not None
        value = sample_value(other.interval, 11 + position)
        parameters[other.symbol] = value if value is not None else sympy.S.Zero
    if keep:
        parameters.update(problem.parameters)
    del assignment  # already substituted into both sides
    return Problem(z=symbol, a=sympy.Dummy("a", real=True), g=sympy.S.Zero, parameters=parameters,
                   interval=interval, symbolic_interval=interval)
