"""Owen's T function T(h, a), which sympy lacks: its two partial derivatives and its value by quadrature.

T(h, a) = 1/(2*pi) * integral from 0 to a of exp(-h**2*(1 + x**2)/2)/(1 + x**2) dx.  Both partial derivatives
are closed forms (differentiation under the integral sign, then the Gaussian integral for d/dh), so the prover
never needs the integral.  The value is mpmath's Gauss-Legendre quadrature of a smooth integrand over a finite
interval, with its error estimate checked: a value is returned only when the estimate is far below the
precision asked for.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy
from sympy.core.function import ArgumentIndexError


class owens_t(sympy.Function):  # type: ignore[misc]  # lower case: the name users write, as sympy names its own functions
    """Owen's T function T(h, a), real for real h and a."""

    nargs = 2

    @classmethod
    def eval(cls, h: sympy.Expr, a: sympy.Expr) -> sympy.Expr | None:
        if a.is_zero:
            return sympy.S.Zero
        if h.is_zero:
            return sympy.atan(a) / (2 * sympy.pi)
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        h, a = self.args
        if argindex == 1:
            return -sympy.exp(-h**2 / 2) * sympy.erf(a * h / sympy.sqrt(2)) / (2 * sympy.sqrt(2 * sympy.pi))
        if argindex == 2:
            return sympy.exp(-h**2 * (1 + a**2) / 2) / (2 * sympy.pi * (1 + a**2))
        raise ArgumentIndexError(self, argindex)

    def _eval_is_extended_real(self) -> bool | None:
        h, a = self.args
        if h.is_extended_real and a.is_extended_real:
            return True
        return None

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        h, a = (arg.evalf(prec) for arg in self.args)
        if not (h.is_Float or h.is_Integer or h.is_Rational) or not (a.is_Float or a.is_Integer or a.is_Rational):
            return None
        with mpmath.workprec(prec + 20):
            value = owens_t_value(mpmath.mpf(h._to_mpmath(prec + 20)), mpmath.mpf(a._to_mpmath(prec + 20)))
        if value is None:
            return None
        return sympy.Float._new(value._mpf_, prec)


def owens_t_value(h: Any, a: Any) -> Any | None:
    """T(h, a) at the current mpmath precision, or None when the quadrature cannot vouch for it."""
    if a == 0:
        return mpmath.mpf(0)

    def integrand(x: Any) -> Any:
        return mpmath.exp(-h * h * (1 + x * x) / 2) / (1 + x * x)

    with mpmath.extraprec(30):
        value, error = mpmath.quad(integrand, [0, a], error=True)
        if not error <= abs(value) * mpmath.mpf(2) ** (-mpmath.mp.prec + 20) + mpmath.mpf(2) ** (-mpmath.mp.prec - 20):
            return None
        result = value / (2 * mpmath.pi)
    return +result
