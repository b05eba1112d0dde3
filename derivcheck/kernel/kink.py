"""Re-check a value declared at a point: the one-sided derivatives, computed here, and where the value lies."""

from __future__ import annotations

import sympy

from derivcheck.kernel.branches import Unknown, branch_on, less
from derivcheck.kernel.trees import BadTree, expression
from derivcheck.results.certificate import KinkProof, Recheck, RecheckStatus

__all__ = ["recheck_kink"]

#: Half-widths of the one-sided intervals tried, widest first: g' must be one branch on (p - h, p) and (p, p + h).
_WIDTHS = tuple(sympy.Rational(1, 2**k) for k in (0, 4, 10, 30))


def recheck_kink(proof: KinkProof) -> Recheck:
    """PASSED when g' from each side, computed here, has the stated limits, g is continuous where the finding
    says so (so the one-sided derivatives are those limits), and the declared value lies where it should."""
    try:
        z = expression(proof.variable)
        if not isinstance(z, sympy.Symbol):
            raise Unknown("a variable that is a symbol")
        values = {expression(p.symbol): expression(p.value) for p in proof.parameters}
        g = expression(proof.function).xreplace(values)
        p = expression(proof.point).xreplace(values)
        declared = None if proof.declared is None else expression(proof.declared).xreplace(values)
        left, right = (_limit(g, z, p, side) for side in ("-", "+"))
        for name, found, stated in (("left", left, proof.left_derivative), ("right", right, proof.right_derivative)):
            if stated is None or not _same(found[1], expression(stated).xreplace(values)):
                raise Unknown(f"the {name} derivative: {found[1]} here")
        _place(proof.finding, g, z, p, left, right, declared)
    except (Unknown, BadTree) as error:
        return Recheck(RecheckStatus.FAILED, f"the value at the point does not re-check: {error}")
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError, RecursionError) as error:
        return Recheck(RecheckStatus.FAILED, f"the value at the point does not re-check: {type(error).__name__}")
    return Recheck(RecheckStatus.PASSED, f"one-sided derivatives {left[1]} and {right[1]} at {z} = {p}")


def _limit(g: sympy.Expr, z: sympy.Symbol, p: sympy.Expr, side: str) -> tuple[sympy.Expr, sympy.Expr]:
    """(the limit of g, the limit of g') at p from one side, on an interval where each is one branch."""
    derivative = sympy.diff(g, z)
    for h in _WIDTHS:
        lower, upper = (p - h, p) if side == "-" else (p, p + h)
        branch_g, branch_d = branch_on(g, z, lower, upper), branch_on(derivative, z, lower, upper)
        if not branch_g.has(sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign) \
                and not branch_d.has(sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside,
                                     sympy.sign, sympy.DiracDelta):
            found = sympy.limit(branch_g, z, p, side), sympy.limit(branch_d, z, p, side)
            if any(not value.is_finite for value in found):
                raise Unknown(f"finite limits from the {'left' if side == '-' else 'right'}, not {found}")
            return found
    raise Unknown(f"one branch of g' on a side of {p}")


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return bool(sympy.expand(a - b) == 0)


def _place(finding: str, g: sympy.Expr, z: sympy.Symbol, p: sympy.Expr, left: tuple[sympy.Expr, sympy.Expr],
           right: tuple[sympy.Expr, sympy.Expr], declared: sympy.Expr | None) -> None:
    """Raises Unknown unless the declared value is allowed there, as the finding says."""
    low, high = (left[1], right[1]) if _same(left[1], right[1]) or less(left[1], right[1]) else (right[1], left[1])
    if finding in ("differentiable", "kink"):
        value = g.xreplace({z: p})
        if not (_same(left[0], value) and _same(right[0], value)):
            raise Unknown(f"g continuous at {p}")
        if finding == "differentiable":
            if declared is None or not (_same(low, high) and _same(declared, low)):
                raise Unknown(f"g' = {declared} at {p}, where both sides give {low} and {high}")
            return
        if _same(low, high):
            raise Unknown(f"a kink at {p}: both sides give {low}")
    elif finding != "jump" or _same(left[0], right[0]):
        raise Unknown(f"a jump at {p}")
    if declared is None:
        return  # no value declared where g has no derivative
    if not (_same(declared, low) or _same(declared, high) or (less(low, declared) and less(declared, high))):
        raise Unknown(f"{declared} between {low} and {high}")

