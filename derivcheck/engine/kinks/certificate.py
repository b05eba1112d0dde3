"""The certificate of a value declared at a point: g, the point, its one-sided derivatives and the finding."""

from __future__ import annotations

import sympy

from derivcheck.engine.kinks.declared import DeclaredValue
from derivcheck.engine.kinks.point import PointAnalysis
from derivcheck.engine.problem import Problem
from derivcheck.engine.tree import NotEncodable, encode
from derivcheck.results.certificate import Expression, KinkProof, Parameter
from derivcheck.results.checks import Check, Verdict

__all__ = ["kink_certificate"]


def kink_certificate(problem: Problem, found: PointAnalysis | None, declared: DeclaredValue,
                     check: Check) -> KinkProof | None:
    """What a proved `at` check rests on (None for any other verdict, or when g is no certificate tree).

    The parameters are held at their values: the kink analysis judges the spec's own g.
    """
    if check.verdict is not Verdict.PROVED or found is None:
        return None
    finding = "jump" if found.continuous is False else "differentiable" if found.differentiable else "kink"
    limitation = ""
    if found.removable:
        limitation = "g has no value at the point (its formula is 0/0 there); the checker does not fill in limits"
    elif found.left is None or found.right is None:
        limitation = "the point ends the domain or a one-sided derivative is unknown"
    try:
        return KinkProof(
            variable=encode(problem.z), function=encode(problem.g), point=encode(declared.point),
            declared=None if declared.value is None else encode(declared.value), left=None, right=None,
            left_derivative=_side(found.left), right_derivative=_side(found.right), finding=finding,
            placement=check.message,
            parameters=tuple(Parameter(encode(p), encode(v), every=False) for p, v in problem.parameters.items()),
            limitation=limitation)
    except NotEncodable:
        return None
    except Exception:  # a certificate never changes a verdict (see prove/certificate.proof_certificate)
        return None


def _side(value: sympy.Expr | None) -> Expression | None:
    return None if value is None else encode(value)
