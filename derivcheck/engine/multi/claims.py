"""The checks of a spec of several variables, one entry per task: a claimed derivative, an identity, the kinks."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from derivcheck.engine.mathtext import math
from derivcheck.engine.multi.build import MultiBuilt, readable
from derivcheck.engine.multi.decide import decide_multi
from derivcheck.engine.multi.kinks import multi_kinks
from derivcheck.engine.multi.subject import Subject
from derivcheck.engine.multi.sums import reduce_sums
from derivcheck.errors import DerivcheckError
from derivcheck.lang.written import typeset
from derivcheck.results.checks import Check, CheckKind, Definition, Kink, Math
from derivcheck.spec.model import Text

__all__ = ["check_claim", "check_identity", "check_kinks", "definitions", "function_math"]


def function_math(built: MultiBuilt) -> Math:
    """The function as written (intermediates by name)."""
    return math(built.shown(built.spec.function))


def _written(built: MultiBuilt, *texts: Text) -> Math:
    """Texts as the spec writes them (joined by `=`), typeset in source order; sympy's LaTeX where they cannot be."""
    text = " = ".join(" ".join(t.text.split()) for t in texts)
    try:
        latex = " = ".join(typeset(t.text, built.scope, t.location).latex for t in texts)
    except (DerivcheckError, ValueError, RecursionError):
        latex = " = ".join(math(built.shown(t)).latex for t in texts)
    return Math(text=text, pretty=text, latex=latex)


def definitions(built: MultiBuilt) -> tuple[Definition, ...]:
    """The named intermediates and the constraints, as written, for reports to show."""
    own = {name: d.index for name, d in built.definitions.items()}
    found = [Definition(i.name, _written(built, i.text), None if own[i.name] is None else str(own[i.name]))
             for i in built.spec.where]
    found += [Definition("", _written(built, c.lhs, c.rhs)) for c in built.spec.constraints]
    return tuple(found)


def _shown_truth(built: MultiBuilt, truth: sympy.Expr) -> sympy.Expr:
    size = built.problem.size
    return readable(reduce_sums(truth, size) if size is not None else truth, built.indices)


def check_claim(built: MultiBuilt, position: int, *, deadline: float, second: bool = False,
                partial: Callable[[Check], None] | None = None) -> Check:
    """The verdict on the gradient's (or Jacobian's) entry at `position`; with `second`, the Hessian's."""
    claim = built.claim(position, second=second)
    written = (built.spec.hessian if second else built.spec.claims)[position]
    kind = CheckKind.SECOND_DERIVATIVE if second else CheckKind.DERIVATIVE
    subject = Subject(truth=claim.truth, claimed=claim.claimed, free=claim.free, kind=kind,
                      label=claim.label, line=claim.line, shown_claim=built.shown(written.claim),
                      shown_truth=_shown_truth(built, claim.truth), by=claim.by, partial=claim.partial)
    return decide_multi(built, subject, points=built.points(), deadline=deadline, partial=partial)


def check_identity(built: MultiBuilt, position: int, *, deadline: float,
                   partial: Callable[[Check], None] | None = None) -> Check:
    """The verdict on identity `position` (lhs = rhs for every value of the inputs and free indices)."""
    identity = built.spec.identities[position]
    lhs, rhs, free = built.identity(position)
    subject = Subject(truth=lhs, claimed=rhs, free=free, kind=CheckKind.IDENTITY, label=f"identity {position + 1}",
                      line=identity.location.line, shown_claim=built.shown(identity.rhs),
                      shown_truth=built.shown(identity.lhs))
    return decide_multi(built, subject, points=built.points(), deadline=deadline, partial=partial)


def check_kinks(built: MultiBuilt) -> tuple[tuple[Kink, ...], tuple[Check, ...]]:
    """Kink rows along each variable, and a check where they cannot be found."""
    claims = {}
    for position, written in enumerate(built.spec.claims):
        if written.index is None:
            claims[written.variable] = built.claim(position).claimed
    return multi_kinks(built.problem, claims)
