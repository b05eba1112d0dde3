"""`--recheck`: each certificate of a run re-checked by the independent checker, from its JSON form.

A PROVED or REFUTED check whose certificate does not re-check becomes an ERROR: the verdict stands only if
both the engine and the checker stand behind it.
"""

from __future__ import annotations

from dataclasses import replace

from derivcheck.kernel import recheck_json
from derivcheck.results.certificate import Proof, Recheck, RecheckStatus, Refutation
from derivcheck.results.certificate_json import certificate_to_json
from derivcheck.results.checks import Check, CheckKind, SpecResult, Verdict

__all__ = ["rechecked"]

_DECIDED = (Verdict.PROVED, Verdict.REFUTED)


def rechecked(result: SpecResult) -> SpecResult:
    """`result` with each decided check's certificate re-checked (and a check whose certificate fails, an ERROR)."""
    return replace(result, checks=tuple(_check(check) for check in result.checks))


def _check(check: Check) -> Check:
    if check.verdict not in _DECIDED:
        return check
    if check.certificate is None:
        return replace(check, recheck=Recheck(RecheckStatus.NOT_RECHECKABLE,
                                              "this kind of check carries no certificate yet"))
    found = _bound(check) or recheck_json(certificate_to_json(check.certificate))
    if found.status is not RecheckStatus.FAILED:
        return replace(check, recheck=found)
    return replace(check, recheck=found, verdict=Verdict.ERROR,
                   message=(f"the engine found this claim {check.verdict.value}, but the independent checker "
                            f"rejected its certificate: {found.message}"))


_ORDER = {CheckKind.DERIVATIVE: 1, CheckKind.SECOND_DERIVATIVE: 2}


def _bound(check: Check) -> Recheck | None:
    """A failure when the certificate is not about this check's claim (a right proof of another statement)."""
    certificate = check.certificate
    if not isinstance(certificate, Proof | Refutation):
        return None
    statement = certificate.statement
    # A claim's own text (a derivation's line is shown as written, with its diff unevaluated: not compared).
    claimed = check.claim if check.kind in (*_ORDER, CheckKind.IDENTITY) else None
    if claimed is not None and statement.rhs.text and statement.rhs.text != claimed.text:
        return Recheck(RecheckStatus.FAILED, f"the certificate proves {statement.rhs.text!r}, not the claim "
                                             f"{claimed.text!r}")
    order = _ORDER.get(check.kind)
    if order is not None and (statement.function is None or len(statement.by) != order):
        return Recheck(RecheckStatus.FAILED, "the certificate is not about the derivative the check claims")
    return None
