"""`--recheck`: each certificate of a run re-checked by the independent checker, from its JSON form.

A PROVED or REFUTED check whose certificate does not re-check becomes an ERROR: the verdict stands only if
both the engine and the checker stand behind it.
"""

from __future__ import annotations

from dataclasses import replace

from derivcheck.kernel import recheck_json
from derivcheck.results.certificate import Recheck, RecheckStatus
from derivcheck.results.certificate_json import certificate_to_json
from derivcheck.results.checks import Check, SpecResult, Verdict

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
    found = recheck_json(certificate_to_json(check.certificate))
    if found.status is not RecheckStatus.FAILED:
        return replace(check, recheck=found)
    return replace(check, recheck=found, verdict=Verdict.ERROR,
                   message=(f"the engine found this claim {check.verdict.value}, but the independent checker "
                            f"rejected its certificate: {found.message}"))
