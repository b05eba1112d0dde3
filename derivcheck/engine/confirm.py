"""Decide the many small equalities of an explained derivative with the same rules as a spec's claims."""

from __future__ import annotations

import sympy

from derivcheck.engine.decide import decide
from derivcheck.engine.problem import Problem
from derivcheck.results import Check

__all__ = ["confirm_equal"]


def confirm_equal(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *, kind: str, label: str,
                  deadline: float) -> Check:
    """The verdict on claimed == truth over the problem's domain.

    With no spot points, `decide` tries the exact proof first and lets its numeric confirmation double as
    the counterexample search; only without a proof does it search more widely (and then try `simplify`).
    """
    return decide(problem, truth, claimed, kind=kind, label=label, points=(), deadline=deadline)
