"""Check a hand derivation link by link: g'(z) = step 1 = step 2 = ... = last step = the claimed derivative.

Steps are numbered from 1 as in the spec; "step 0" is g'(z) itself and step len+1 is the `derivative:` claim.
Link N joins step N-1 to step N, so a derivation of n steps has n + 1 links: N = 1 (g'(z) = step 1) up to
N = n + 1 (last step = claim, labelled "claim").  Each link is one task with its own budget, decided by
`decide` under the usual soundness rules; a broken link does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.build import Built
from derivcheck.engine.calculus import derivative
from derivcheck.engine.explain.diagnose import Activations, Target, diagnose
from derivcheck.engine.explain.sameness import Comparer
from derivcheck.engine.mathtext import math
from derivcheck.engine.prove.decide import decide
from derivcheck.errors import SpecError
from derivcheck.lang.parse import Scope, parse_expression
from derivcheck.results.checks import Check, CheckKind, Math, Verdict
from derivcheck.spec.model import Spec

#: Earlier steps compared with a refuted step when looking for where the slip is.
MAX_LOOKBACK = 12


class Chain:
    """The steps of a derivation as expressions, parsed on demand: 0 is g'(z), n+1 the claim."""

    def __init__(self, spec: Spec, built: Built) -> None:
        self.spec = spec
        self.built = built
        self._parsed: dict[int, sympy.Expr] = {}

    @property
    def last(self) -> int:
        return len(self.spec.derivation) + 1

    def step(self, index: int) -> sympy.Expr:
        """Step `index` (raises SpecError when its text is not a valid expression)."""
        if index not in self._parsed:
            problem = self.built.problem
            if index == 0:
                self._parsed[index] = derivative(problem.g, problem.z, 1)
            elif index == self.last:
                self._parsed[index] = self.built.expression(self.spec.derivative)
            else:
                self._parsed[index] = self.built.expression(self.spec.derivation[index - 1], derivation=True)
        return self._parsed[index]

    def shown(self, index: int) -> Math:
        """Step `index` as written (diff(...) kept as d/dz), for reports; the evaluated form if that fails."""
        if 0 < index < self.last:
            text = self.spec.derivation[index - 1]
            scope = Scope(symbols=self.built.scope.symbols, variable=self.built.scope.variable, allow_diff=True,
                          display=True, varying=self.built.scope.varying)
            try:
                return math(parse_expression(text.text, scope, text.location))
            except (SpecError, TypeError, ValueError, AttributeError):
                pass  # sympy cannot hold every form unevaluated; the evaluated step is still correct
        return math(self.step(index))

    def name(self, index: int) -> str:
        if index == 0:
            return f"g'({self.spec.variable})"
        return "the claim" if index == self.last else f"step {index}"


def check_link(spec: Spec, built: Built, n: int, *, label: str, line: int | None, points: Sequence[sympy.Expr],
               deadline: float, others: Activations, partial: Callable[[Check], None] | None = None) -> Check:
    """The verdict on link N: step N-1 == step N (with a hint when refuted), reported as `label` at `line`."""
    chain = Chain(spec, built)
    problem = built.problem
    earlier, later = chain.step(n - 1), chain.step(n)
    shown_earlier, shown_later = chain.shown(n - 1), chain.shown(n)

    def finish(check: Check) -> Check:
        return replace(check, step=n, truth=shown_earlier, claim=shown_later)

    check = finish(decide(problem, problem.with_output(earlier), later, kind=CheckKind.DERIVATION,
                          label=label, points=points, deadline=deadline, line=line,
                          partial=None if partial is None else (lambda c: partial(finish(c)))))
    if check.verdict is not Verdict.REFUTED or check.counterexample is None:
        return check
    point = check.counterexample.point
    check = replace(check, message=f"{chain.name(n)} differs from {chain.name(n - 1)} at {problem.z} = {point}")
    # Where the slip is and what it is are separate findings; both are shown when both are found.
    hints = [where_the_slip_is(chain, n, deadline),
             diagnose(problem, later, Target(problem.with_output(earlier), chain.name(n - 1), 1,
                                             derivative_of_g=n == 1), deadline=deadline, others=others,
                       subject=chain.name(n))]
    return replace(check, hint="; ".join(h for h in hints if h) or None)


def where_the_slip_is(chain: Chain, n: int, deadline: float) -> str | None:
    """Link N is broken: does the chain come back to an earlier step, so that one line is to blame?"""
    compare = Comparer(chain.built.problem, deadline)
    later, earlier = chain.name(n), chain.name(n - 1)
    following = _parsed(chain, n + 1) if n + 1 <= chain.last else None
    if following is not None and compare.same(following, chain.step(n - 1)):
        return f"{later} is the odd one out: {chain.name(n + 1)} equals {earlier} again"
    for j in range(n - 2, max(-1, n - 2 - MAX_LOOKBACK), -1):
        if not compare.time_left():
            return None
        before = _parsed(chain, j)
        if before is not None and compare.same(chain.step(n), before):
            if j == n - 2:
                return f"{later} equals {chain.name(j)} again, so {earlier} is the line in error"
            return f"{later} equals {chain.name(j)} again: the slip is in steps {j + 1} to {n - 1}"
    return None


def _parsed(chain: Chain, index: int) -> sympy.Expr | None:
    try:
        return chain.step(index)
    except SpecError:
        return None
