"""g's derivative by named rules in a proof's certificate: the steps `derivcheck derive` shows, as data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.explain.steps import Step, explain
from derivcheck.engine.problem import Problem
from derivcheck.engine.tree import NotEncodable, encode
from derivcheck.results.certificate import Proof, RuleStep
from derivcheck.results.checks import Check

__all__ = ["MAX_RULE_STEPS", "rule_steps", "with_rules"]

#: A derivative by rules longer than this is left out of a certificate (a reader would not follow it either).
MAX_RULE_STEPS = 40


def with_rules(check: Check, problem: Problem) -> Check:
    """`check` with the derivative of its statement's function by rules, when its certificate claims one."""
    proof = check.certificate
    if not isinstance(proof, Proof) or proof.statement.function is None or len(proof.statement.by) != 1:
        return check  # g'' by rules would be the rules of sympy's g': longer than any reader follows
    return replace(check, certificate=replace(proof, rules=rule_steps(problem, len(proof.statement.by))))


def rule_steps(problem: Problem, order: int) -> tuple[RuleStep, ...]:
    """The order-th derivative of g by named rules (of g' for g''), numbered as `derive` numbers it; none when
    longer than MAX_RULE_STEPS or not writable as trees."""
    base = problem.g if order == 1 else derivative(problem.g, problem.z, order - 1)
    numbered = list(_numbered(explain(base, problem.z)))
    if len(numbered) > MAX_RULE_STEPS:
        return ()
    # A chain rule's inner variable is called u by `derive`; a proof calls u = e^z: the rules take another name.
    taken = {s.name for s in base.free_symbols if isinstance(s, sympy.Symbol)}
    local = next(name for name in ("v", "s", "r", "p", "q", "u") if name not in taken)

    def renamed(expr: sympy.Basic) -> sympy.Basic:
        return expr.xreplace({s: sympy.Symbol(local, **s._assumptions_orig) for s in expr.free_symbols
                              if isinstance(s, sympy.Symbol) and s.name == "u" and s not in base.free_symbols})

    try:
        return tuple(RuleStep(number=number, rule=step.rule, variable=encode(renamed(step.variable)),
                              expression=encode(renamed(step.expr)), result=encode(renamed(step.result)),
                              note=re.sub(r"\bu\b", local, step.note) if "u" not in taken else step.note,
                              condition=None if step.condition is None else str(sympy.sstr(step.condition)))
                     for number, step in numbered)
    except NotEncodable:
        return ()


def _numbered(roots: Sequence[Step]) -> Iterable[tuple[str, Step]]:
    def walk(step: Step, number: str) -> Iterable[tuple[str, Step]]:
        yield number, step
        for index, sub in enumerate(step.substeps, 1):
            yield from walk(sub, f"{number}.{index}")

    for index, root in enumerate(roots, 1):
        yield from walk(root, str(index))
