"""Re-check a counterexample: both sides at its exact point, at two precisions, differ beyond doubt."""

from __future__ import annotations

import sympy
from sympy.core.evalf import PrecisionExhausted

from derivcheck.kernel.branches import Unknown
from derivcheck.kernel.statement import sides
from derivcheck.kernel.trees import BadTree, expression
from derivcheck.results.certificate import Recheck, RecheckStatus, Refutation

__all__ = ["recheck_refutation"]

#: The two precisions (in digits) when the certificate names none.
_DIGITS = (30, 60)


def recheck_refutation(refutation: Refutation) -> Recheck:
    """PASSED when the sides differ at the point at both precisions, by the same amount, beyond rounding."""
    try:
        stated = sides(refutation.statement)
        if len(refutation.point) != 1 or expression(refutation.point[0].symbol) != stated.z:
            raise Unknown("a point of the statement's variable")
        point = expression(refutation.point[0].means)
        if not point.is_Rational and not point.is_number:
            raise Unknown(f"an exact point, not {point}")
        exact = (stated.lhs - stated.rhs).xreplace({stated.z: point})
        digits = tuple(e.digits for e in refutation.enclosures) or _DIGITS
        found = [exact.evalf(d, strict=True) for d in sorted(set(digits))]
        if len(found) < 2:
            found.append(exact.evalf(2 * digits[0], strict=True))
    except (Unknown, BadTree) as error:
        return Recheck(RecheckStatus.FAILED, f"the counterexample does not re-check: {error}")
    except (ValueError, TypeError, ArithmeticError, PrecisionExhausted) as error:
        return Recheck(RecheckStatus.FAILED, f"the counterexample does not re-check: {type(error).__name__}")
    low, high = found[0], found[-1]
    if not (low.is_Float and high.is_Float) or high == 0 or abs(low - high) > abs(high) * sympy.Float("1e-10"):
        return Recheck(RecheckStatus.FAILED, f"the sides do not differ beyond doubt at {point} ({low} vs {high})")
    return Recheck(RecheckStatus.PASSED, f"the sides differ by {sympy.N(high, 6)} at {stated.z} = {point}")
