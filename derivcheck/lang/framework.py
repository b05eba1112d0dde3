"""Names from the frameworks' derivative tables (PyTorch, JAX, TensorFlow, SciPy), each built as the exact
sympy form it stands for, so that the prover works with what the name means (log1p(x) is log(1 + x))."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from derivcheck.lang.entry import ArgumentLimit, Function, one

#: The group of these names in the vocabulary: in a spec's written form (for float evaluation) they stay calls.
FRAMEWORK_GROUP = "framework names"
_GROUP = FRAMEWORK_GROUP
_EXP = ArgumentLimit.EXP


def _xlogy(x: sympy.Expr, y: sympy.Expr) -> sympy.Expr:
    # 0 where x = 0 whatever y is (PyTorch, JAX, SciPy): 0*log(0) is 0 by convention, not undefined.
    return sympy.Piecewise((0, sympy.Eq(x, 0)), (x * sympy.log(y), True))


def _xlog1py(x: sympy.Expr, y: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((0, sympy.Eq(x, 0)), (x * sympy.log(1 + y), True))


def _scaled_i(order: int) -> Callable[[sympy.Expr], sympy.Expr]:
    return lambda x: sympy.exp(-sympy.Abs(x)) * sympy.besseli(order, x)


def _scaled_k(order: int) -> Callable[[sympy.Expr], sympy.Expr]:
    return lambda x: sympy.exp(x) * sympy.besselk(order, x)


def _ndtr(x: sympy.Expr) -> sympy.Expr:
    return (1 + sympy.erf(x / sympy.sqrt(2))) / 2


FRAMEWORK: tuple[Function, ...] = (
    one("log1p", lambda x: sympy.log(1 + x), "log(1 + x)", "1/(1 + x)", "x > -1", group=_GROUP),
    one("expm1", lambda x: sympy.exp(x) - 1, "exp(x) - 1", "exp(x)", limit=_EXP, group=_GROUP),
    one("log2", lambda x: sympy.log(x) / sympy.log(2), "log(x)/log(2)", "1/(x*log(2))", "x > 0", group=_GROUP),
    one("log10", lambda x: sympy.log(x) / sympy.log(10), "log(x)/log(10)", "1/(x*log(10))", "x > 0",
        group=_GROUP),
    one("exp2", lambda x: 2**x, "2**x", "log(2)*2**x", limit=_EXP, group=_GROUP),
    one("rsqrt", lambda x: 1 / sympy.sqrt(x), "1/sqrt(x)", "-1/(2*x**(3/2))", "x > 0", group=_GROUP),
    one("logit", lambda x: sympy.log(x / (1 - x)), "log(x/(1 - x))", "1/(x*(1 - x))", "0 < x < 1",
        group=_GROUP),
    Function("xlogy", 2, 2, _xlogy, "xlogy(x, y): x*log(y), and 0 where x = 0",
             derivative="d/dx: log(y) (x != 0); d/dy: x/y", domain="y > 0 (or x = 0)", group=_GROUP),
    Function("xlog1py", 2, 2, _xlog1py, "xlog1py(x, y): x*log(1 + y), and 0 where x = 0",
             derivative="d/dx: log(1 + y) (x != 0); d/dy: x/(1 + y)", domain="y > -1 (or x = 0)", group=_GROUP),
    one("erfcx", lambda x: sympy.exp(x**2) * sympy.erfc(x), "scaled complementary error function "
        "exp(x**2)*erfc(x)", "2*x*erfcx(x) - 2/sqrt(pi)", limit=_EXP, group=_GROUP),
    one("dawsn", lambda x: sympy.sqrt(sympy.pi) / 2 * sympy.exp(-x**2) * sympy.erfi(x),
        "Dawson's integral sqrt(pi)/2*exp(-x**2)*erfi(x) (SciPy's name)", "1 - 2*x*dawsn(x)", limit=_EXP,
        group=_GROUP),
    one("dawson", lambda x: sympy.sqrt(sympy.pi) / 2 * sympy.exp(-x**2) * sympy.erfi(x),
        "Dawson's integral, same as dawsn", "1 - 2*x*dawson(x)", limit=_EXP, group=_GROUP),
    one("ndtr", _ndtr, "standard normal CDF (1 + erf(x/sqrt(2)))/2", "exp(-x**2/2)/sqrt(2*pi)", group=_GROUP),
    one("log_ndtr", lambda x: sympy.log(_ndtr(x)), "log of the standard normal CDF",
        "exp(-x**2/2)/(sqrt(2*pi)*ndtr(x))", group=_GROUP),
    one("ndtri", lambda x: sympy.sqrt(2) * sympy.erfinv(2 * x - 1), "inverse standard normal CDF "
        "sqrt(2)*erfinv(2*x - 1)", "sqrt(2*pi)*exp(ndtri(x)**2/2)", "0 < x < 1", group=_GROUP),
    one("spence", lambda x: sympy.polylog(2, 1 - x), "Spence's function polylog(2, 1 - x) (SciPy's)",
        "log(x)/(1 - x) (-1 at 1)", "x >= 0", group=_GROUP),
    one("i0", lambda x: sympy.besseli(0, x), "besseli(0, x)", "besseli(1, x)", group=_GROUP),
    one("i1", lambda x: sympy.besseli(1, x), "besseli(1, x)", "besseli(0, x) - besseli(1, x)/x (1/2 at 0)",
        group=_GROUP),
    one("i0e", _scaled_i(0), "exp(-abs(x))*besseli(0, x)", "i1e(x) - sign(x)*i0e(x) (no derivative at 0)",
        group=_GROUP),
    one("i1e", _scaled_i(1), "exp(-abs(x))*besseli(1, x)", "i0e(x) - i1e(x)*(sign(x) + 1/x) (1/2 at 0)",
        group=_GROUP),
    one("j0", lambda x: sympy.besselj(0, x), "besselj(0, x)", "-besselj(1, x)", group=_GROUP),
    one("j1", lambda x: sympy.besselj(1, x), "besselj(1, x)", "besselj(0, x) - besselj(1, x)/x (1/2 at 0)",
        group=_GROUP),
    one("y0", lambda x: sympy.bessely(0, x), "bessely(0, x)", "-bessely(1, x)", "x > 0", group=_GROUP),
    one("y1", lambda x: sympy.bessely(1, x), "bessely(1, x)", "bessely(0, x) - bessely(1, x)/x", "x > 0",
        group=_GROUP),
    one("k0", lambda x: sympy.besselk(0, x), "besselk(0, x)", "-besselk(1, x)", "x > 0", group=_GROUP),
    one("k1", lambda x: sympy.besselk(1, x), "besselk(1, x)", "-besselk(0, x) - besselk(1, x)/x", "x > 0",
        group=_GROUP),
    one("k0e", _scaled_k(0), "exp(x)*besselk(0, x)", "k0e(x) - k1e(x)", "x > 0", group=_GROUP),
    one("k1e", _scaled_k(1), "exp(x)*besselk(1, x)", "k1e(x)*(1 - 1/x) - k0e(x)", "x > 0", group=_GROUP),
)
