"""The special functions of the vocabulary: error, gamma and exponential integrals, Bessel, Airy, polylog,
Lambert W, zeta.  Each is sympy's function, whose derivative sympy knows and whose value mpmath computes."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from derivcheck.lang.entry import ArgumentLimit, Function, one
from derivcheck.lang.owens import owens_t

_ERROR = "error functions"
_GAMMA = "gamma functions"
_INTEGRALS = "exponential and trigonometric integrals"
_BESSEL = "Bessel and Airy functions"
_OTHER = "other special functions"
_ORDER = ArgumentLimit.ORDER
_SMALL = ArgumentLimit.SMALL_ORDER


def _lambertw(x: sympy.Expr, k: sympy.Expr = sympy.S.Zero) -> sympy.Expr:
    if k not in (0, -1):
        raise ValueError("LambertW has real values only on the branches k = 0 and k = -1")
    return sympy.LambertW(x) if k == 0 else sympy.LambertW(x, k)


def _zeta(s: sympy.Expr, q: sympy.Expr | None = None) -> sympy.Expr:
    return sympy.zeta(s) if q is None else sympy.zeta(s, q)


def _gammaln(x: sympy.Expr) -> sympy.Expr:
    # SciPy's gammaln and PyTorch's lgamma are log|gamma(x)|, real for every x that is no pole; sympy's
    # loggamma is complex for negative x.  For x > 0 the two agree (sympy drops the Abs there by itself).
    return sympy.log(sympy.Abs(sympy.gamma(x)))


def _spherical(kind: type[sympy.Function]) -> Callable[[sympy.Expr, sympy.Expr], sympy.Expr]:
    def build(n: sympy.Expr, x: sympy.Expr) -> sympy.Expr:
        # Spherical Bessel functions of integer order are elementary: sin, cos and powers of 1/x.
        expanded: sympy.Expr = sympy.expand_func(kind(n, x))
        return expanded

    return build


def _two(name: str, build: Callable[..., sympy.Expr], summary: str, derivative: str, domain: str, *,
         limit: ArgumentLimit = _ORDER, group: str = _BESSEL, integer: tuple[int, ...] = ()) -> Function:
    """A function f(order, x) whose first argument is a constant."""
    return Function(name, 2, 2, build, summary, limit, 1, derivative, domain, constant=(0,), integer=integer,
                    group=group)


SPECIAL: tuple[Function, ...] = (
    one("erf", sympy.erf, "error function", "2*exp(-x**2)/sqrt(pi)", group=_ERROR),
    one("erfc", sympy.erfc, "complementary error function 1 - erf(x)", "-2*exp(-x**2)/sqrt(pi)", group=_ERROR),
    one("erfi", sympy.erfi, "imaginary error function -i*erf(i*x)", "2*exp(x**2)/sqrt(pi)",
        limit=ArgumentLimit.EXP, group=_ERROR),
    one("erfinv", sympy.erfinv, "inverse error function", "sqrt(pi)/2*exp(erfinv(x)**2)", "-1 < x < 1",
        group=_ERROR),
    # sympy cannot evaluate its erfcinv numerically; erfinv(1 - x) is the same function, and it can.
    one("erfcinv", lambda x: sympy.erfinv(1 - x), "inverse complementary error function erfinv(1 - x)",
        "-sqrt(pi)/2*exp(erfcinv(x)**2)", "0 < x < 2", group=_ERROR),
    one("gamma", sympy.gamma, "gamma function", "gamma(x)*digamma(x)", "x not a non-positive integer",
        limit=ArgumentLimit.GAMMA, group=_GAMMA),
    one("loggamma", sympy.loggamma, "logarithm of the gamma function (sympy's; real for x > 0)", "digamma(x)",
        "x > 0", limit=ArgumentLimit.GAMMA, group=_GAMMA),
    one("gammaln", _gammaln, "log(abs(gamma(x))) (SciPy's gammaln)", "digamma(x)",
        "x not a non-positive integer", limit=ArgumentLimit.GAMMA, group=_GAMMA),
    one("lgamma", _gammaln, "log(abs(gamma(x))) (PyTorch's and C's lgamma)", "digamma(x)",
        "x not a non-positive integer", limit=ArgumentLimit.GAMMA, group=_GAMMA),
    one("digamma", sympy.digamma, "digamma function gamma'(x)/gamma(x)", "polygamma(1, x)",
        "x not a non-positive integer", limit=ArgumentLimit.GAMMA, group=_GAMMA),
    one("psi", sympy.digamma, "digamma function (SciPy's psi)", "polygamma(1, x)",
        "x not a non-positive integer", limit=ArgumentLimit.GAMMA, group=_GAMMA),
    one("trigamma", sympy.trigamma, "trigamma function polygamma(1, x)", "polygamma(2, x)",
        "x not a non-positive integer", limit=ArgumentLimit.GAMMA, group=_GAMMA),
    Function("polygamma", 2, 2, sympy.polygamma, "polygamma(m, x): m-th derivative of digamma",
             ArgumentLimit.POLYGAMMA, derivative="polygamma(m + 1, x)", domain="x not a non-positive integer",
             constant=(0,), integer=(0,), group=_GAMMA),
    Function("lowergamma", 2, 2, sympy.lowergamma, "lowergamma(a, x): lower incomplete gamma function",
             ArgumentLimit.GAMMA, derivative="x**(a - 1)*exp(-x)", domain="x > 0",
             constant=(0,), group=_GAMMA),
    Function("uppergamma", 2, 2, sympy.uppergamma, "uppergamma(a, x): upper incomplete gamma function",
             ArgumentLimit.GAMMA, derivative="-x**(a - 1)*exp(-x)", domain="x > 0",
             constant=(0,), group=_GAMMA),
    Function("gammainc", 2, 2, lambda a, x: sympy.lowergamma(a, x) / sympy.gamma(a),
             "gammainc(a, x): regularized lower incomplete gamma lowergamma(a, x)/gamma(a) (SciPy's)",
             ArgumentLimit.GAMMA, derivative="x**(a - 1)*exp(-x)/gamma(a)", domain="x > 0, a > 0",
             constant=(0,), group=_GAMMA),
    Function("gammaincc", 2, 2, lambda a, x: sympy.uppergamma(a, x) / sympy.gamma(a),
             "gammaincc(a, x): regularized upper incomplete gamma uppergamma(a, x)/gamma(a) (SciPy's)",
             ArgumentLimit.GAMMA, derivative="-x**(a - 1)*exp(-x)/gamma(a)", domain="x > 0, a > 0",
             constant=(0,), group=_GAMMA),
    Function("betainc_regularized", 4, 4, sympy.betainc_regularized,
             "betainc_regularized(a, b, x1, x2): regularized incomplete beta I(x2) - I(x1) (sympy's)",
             ArgumentLimit.GAMMA, derivative="d/dx2: x2**(a - 1)*(1 - x2)**(b - 1)/beta(a, b); d/dx1: minus that "
             "at x1", domain="0 <= x1, x2 <= 1; a, b > 0", constant=(0, 1), group=_GAMMA),
    one("Ei", sympy.Ei, "exponential integral Ei(x)", "exp(x)/x", "x != 0", group=_INTEGRALS),
    one("expi", sympy.Ei, "exponential integral Ei(x) (SciPy's and JAX's expi)", "exp(x)/x", "x != 0",
        group=_INTEGRALS),
    one("E1", sympy.E1, "exponential integral E1(x) = expint(1, x)", "-exp(-x)/x", "x > 0", group=_INTEGRALS),
    one("exp1", sympy.E1, "exponential integral E1(x) (SciPy's and JAX's exp1)", "-exp(-x)/x", "x > 0",
        group=_INTEGRALS),
    _two("expint", sympy.expint, "expint(n, x): generalized exponential integral E_n(x)", "-expint(n - 1, x)",
         "x > 0", limit=_SMALL, group=_INTEGRALS),
    _two("expn", sympy.expint, "expn(n, x): generalized exponential integral E_n(x) (SciPy's and JAX's)",
         "-expint(n - 1, x)", "x > 0", limit=_SMALL, group=_INTEGRALS),
    one("Si", sympy.Si, "sine integral", "sin(x)/x (1 at 0)", group=_INTEGRALS),
    one("Ci", sympy.Ci, "cosine integral", "cos(x)/x", "x > 0", group=_INTEGRALS),
    one("Shi", sympy.Shi, "hyperbolic sine integral", "sinh(x)/x (1 at 0)", group=_INTEGRALS),
    one("Chi", sympy.Chi, "hyperbolic cosine integral", "cosh(x)/x", "x > 0", group=_INTEGRALS),
    one("li", sympy.li, "logarithmic integral", "1/log(x)", "x > 0, x != 1", group=_INTEGRALS),
    one("Li", lambda x: sympy.li(x) - sympy.li(2), "offset logarithmic integral li(x) - li(2)", "1/log(x)",
        "x > 0, x != 1", group=_INTEGRALS),
    one("fresnels", sympy.fresnels, "Fresnel integral S(x), the integral of sin(pi*t**2/2) from 0 to x",
        "sin(pi*x**2/2)", group=_INTEGRALS),
    one("fresnelc", sympy.fresnelc, "Fresnel integral C(x), the integral of cos(pi*t**2/2) from 0 to x",
        "cos(pi*x**2/2)", group=_INTEGRALS),
    _two("besselj", sympy.besselj, "besselj(nu, x): Bessel function of the first kind",
         "(besselj(nu - 1, x) - besselj(nu + 1, x))/2", "all real x for integer nu, else x > 0"),
    _two("bessely", sympy.bessely, "bessely(nu, x): Bessel function of the second kind",
         "(bessely(nu - 1, x) - bessely(nu + 1, x))/2", "x > 0"),
    _two("besseli", sympy.besseli, "besseli(nu, x): modified Bessel function of the first kind",
         "(besseli(nu - 1, x) + besseli(nu + 1, x))/2", "all real x for integer nu, else x > 0"),
    _two("besselk", sympy.besselk, "besselk(nu, x): modified Bessel function of the second kind",
         "-(besselk(nu - 1, x) + besselk(nu + 1, x))/2", "x > 0"),
    _two("jn", _spherical(sympy.jn), "jn(n, x): spherical Bessel function of the first kind, integer n",
         "jn(n - 1, x) - (n + 1)/x*jn(n, x)", "x != 0", limit=_SMALL, integer=(0,)),
    _two("yn", _spherical(sympy.yn), "yn(n, x): spherical Bessel function of the second kind, integer n",
         "yn(n - 1, x) - (n + 1)/x*yn(n, x)", "x != 0", limit=_SMALL, integer=(0,)),
    one("airyai", sympy.airyai, "Airy function Ai(x)", "airyaiprime(x)", group=_BESSEL),
    one("airybi", sympy.airybi, "Airy function Bi(x)", "airybiprime(x)", group=_BESSEL),
    one("airyaiprime", sympy.airyaiprime, "derivative Ai'(x) of the Airy function", "x*airyai(x)",
        group=_BESSEL),
    one("airybiprime", sympy.airybiprime, "derivative Bi'(x) of the Airy function", "x*airybi(x)",
        group=_BESSEL),
    _two("polylog", sympy.polylog, "polylog(s, x): polylogarithm", "polylog(s - 1, x)/x", "x <= 1",
         limit=_SMALL, group=_OTHER),
    Function("LambertW", 1, 2, _lambertw, "LambertW(x, k): Lambert W function, branch k = 0 (default) or -1",
             derivative="LambertW(x, k)/(x*(1 + LambertW(x, k)))",
             domain="x >= -1/e for k = 0; -1/e <= x < 0 for k = -1", constant=(1,), integer=(1,), group=_OTHER),
    Function("lambertw", 1, 2, _lambertw, "lambertw(x, k): Lambert W function (SciPy's name)",
             derivative="lambertw(x, k)/(x*(1 + lambertw(x, k)))",
             domain="x >= -1/e for k = 0; -1/e <= x < 0 for k = -1", constant=(1,), integer=(1,), group=_OTHER),
    Function("zeta", 1, 2, _zeta, "zeta(s, q): Hurwitz zeta function (zeta(s): the Riemann zeta, a constant)", _SMALL,
             derivative="d/dq zeta(s, q) = -s*zeta(s + 1, q)", domain="q > 0 and s > 1",
             constant=(0,), group=_OTHER),
    Function("owens_t", 2, 2, owens_t, "owens_t(h, a): Owen's T function", derivative=(
             "d/dh: -exp(-h**2/2)*erf(a*h/sqrt(2))/(2*sqrt(2*pi)); d/da: exp(-h**2*(1 + a**2)/2)/(2*pi*(1 + a**2))"),
             group=_OTHER),
    one("sinc", sympy.sinc, "sin(x)/x with sinc(0) = 1 (sympy's, unnormalized; NumPy's and PyTorch's sinc is "
        "sinc(pi*x))", "cos(x)/x - sin(x)/x**2 (0 at 0)", group=_OTHER),
)
