"""Every function of the vocabulary, checked numerically: its value against an independent mpmath formula, and
the derivative the prover uses (sympy's rule, through the engine) against mpmath's numerical derivative."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import pytest
import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.numbers.mpcompile import mp_value
from derivcheck.lang.parse import Scope, parse_expression
from derivcheck.lang.vocabulary import FUNCTIONS

Z = sympy.Symbol("z", real=True)
SCOPE = Scope({"z": Z}, variable=Z)
DIGITS = 30
TOLERANCE = mpmath.mpf(10) ** -24

mp = mpmath


@dataclass(frozen=True)
class Case:
    """`text` (in z) is the function `reference` of x; both are compared at `points` (none at a kink)."""

    text: str
    reference: Callable[[Any], Any]
    points: tuple[str, ...]


_EVERYWHERE = ("-3.7", "-1.25", "-0.3", "0.45", "1.1", "2.9", "6.3", "9.75")
_POSITIVE = ("0.05", "0.3", "0.9", "1.7", "3.2", "5.5", "8.25", "13.5")
_UNIT = ("-0.95", "-0.6", "-0.2", "0.15", "0.5", "0.75", "0.93", "0.999")
_OPEN_UNIT = ("0.001", "0.05", "0.2", "0.45", "0.6", "0.8", "0.95", "0.999")
_OUTSIDE_UNIT = ("-7.5", "-2.2", "-1.05", "1.01", "1.6", "3.3", "12.5", "40.25")
_NONZERO = ("-5.5", "-2.1", "-0.7", "-0.05", "0.03", "0.9", "2.4", "7.7")
_NOT_INTEGER = ("-3.7", "-1.25", "-0.3", "0.45", "1.1", "2.9", "6.3", "9.75")


def _sigmoid(x: Any) -> Any:
    return 1 / (1 + mp.exp(-x))


def _heaviside(x: Any) -> Any:
    return mp.mpf(1) if x > 0 else mp.mpf(0)


def _atan2(y: Any, x: Any) -> Any:
    return mp.atan2(y, x)


def _xlogy(x: Any, y: Any) -> Any:
    return mp.mpf(0) if x == 0 else x * mp.log(y)


def _owens(h: Any, a: Any) -> Any:
    return mp.quad(lambda t: mp.exp(-h * h * (1 + t * t) / 2) / (1 + t * t), [0, a]) / (2 * mp.pi)


def _spherical_j(n: int) -> Callable[[Any], Any]:
    return lambda x: mp.sqrt(mp.pi / (2 * x)) * mp.besselj(n + mp.mpf(1) / 2, x) if x > 0 else (
        (-1) ** n * mp.sqrt(mp.pi / (-2 * x)) * mp.besselj(n + mp.mpf(1) / 2, -x))


def _spherical_y(n: int) -> Callable[[Any], Any]:
    return lambda x: mp.sqrt(mp.pi / (2 * x)) * mp.bessely(n + mp.mpf(1) / 2, x) if x > 0 else (
        (-1) ** (n + 1) * mp.sqrt(mp.pi / (-2 * x)) * mp.bessely(n + mp.mpf(1) / 2, -x))


CASES: dict[str, list[Case]] = {
    "exp": [Case("exp(z)", mp.exp, _EVERYWHERE)],
    "log": [Case("log(z)", mp.log, _POSITIVE)],
    "ln": [Case("ln(z)", mp.log, _POSITIVE)],
    "sqrt": [Case("sqrt(z)", mp.sqrt, _POSITIVE)],
    "sin": [Case("sin(z)", mp.sin, _EVERYWHERE)],
    "cos": [Case("cos(z)", mp.cos, _EVERYWHERE)],
    "tan": [Case("tan(z)", mp.tan, _EVERYWHERE)],
    "cot": [Case("cot(z)", mp.cot, _EVERYWHERE)],
    "sec": [Case("sec(z)", mp.sec, _EVERYWHERE)],
    "csc": [Case("csc(z)", mp.csc, _EVERYWHERE)],
    "sinh": [Case("sinh(z)", mp.sinh, _EVERYWHERE)],
    "cosh": [Case("cosh(z)", mp.cosh, _EVERYWHERE)],
    "tanh": [Case("tanh(z)", mp.tanh, _EVERYWHERE)],
    "sech": [Case("sech(z)", mp.sech, _EVERYWHERE)],
    "csch": [Case("csch(z)", mp.csch, _NONZERO)],
    "coth": [Case("coth(z)", mp.coth, _NONZERO)],
    "asin": [Case("asin(z)", mp.asin, _UNIT)],
    "acos": [Case("acos(z)", mp.acos, _UNIT)],
    "atan": [Case("atan(z)", mp.atan, _EVERYWHERE)],
    "acot": [Case("acot(z)", mp.acot, _NONZERO)],
    "asec": [Case("asec(z)", mp.asec, _OUTSIDE_UNIT)],
    "acsc": [Case("acsc(z)", mp.acsc, _OUTSIDE_UNIT)],
    "asinh": [Case("asinh(z)", mp.asinh, _EVERYWHERE)],
    "acosh": [Case("acosh(z)", mp.acosh, ("1.01", "1.3", "2.2", "4.5", "9.9", "20.5", "100.5", "1000.5"))],
    "atanh": [Case("atanh(z)", mp.atanh, _UNIT)],
    "acoth": [Case("acoth(z)", mp.acoth, _OUTSIDE_UNIT)],
    "asech": [Case("asech(z)", mp.asech, _OPEN_UNIT)],
    "acsch": [Case("acsch(z)", mp.acsch, _NONZERO)],
    "atan2": [Case("atan2(z, 1.5)", lambda x: _atan2(x, mp.mpf('1.5')), _EVERYWHERE),
              Case("atan2(z, -2)", lambda x: _atan2(x, mp.mpf('-2')), _NONZERO),
              Case("atan2(0.7, z)", lambda x: _atan2(mp.mpf('0.7'), x), _NONZERO),
              Case("atan2(-0.7, z)", lambda x: _atan2(mp.mpf('-0.7'), x), _NONZERO)],
    "abs": [Case("abs(z)", abs, _NONZERO)],
    "Abs": [Case("Abs(z)", abs, _NONZERO)],
    "sign": [Case("sign(z)", mp.sign, _NONZERO)],
    "max": [Case("max(z, 0.5)", lambda x: max(x, mp.mpf('0.5')), _NONZERO)],
    "Max": [Case("Max(z, -1, 2)", lambda x: max(x, mp.mpf(2)), _NONZERO)],
    "min": [Case("min(z, 0.5)", lambda x: min(x, mp.mpf('0.5')), _NONZERO)],
    "Min": [Case("Min(2*z, z)", lambda x: min(2 * x, x), _NONZERO)],
    "Heaviside": [Case("Heaviside(z)", _heaviside, _NONZERO)],
    "floor": [Case("floor(z)", mp.floor, _NOT_INTEGER)],
    "ceiling": [Case("ceiling(z)", mp.ceil, _NOT_INTEGER)],
    "frac": [Case("frac(z)", lambda x: x - mp.floor(x), _NOT_INTEGER)],
    "sigmoid": [Case("sigmoid(z)", _sigmoid, _EVERYWHERE)],
    "logistic": [Case("logistic(z)", _sigmoid, _EVERYWHERE)],
    "expit": [Case("expit(z)", _sigmoid, _EVERYWHERE)],
    "softplus": [Case("softplus(z)", lambda x: mp.log(1 + mp.exp(x)), _EVERYWHERE)],
    "relu": [Case("relu(z)", lambda x: max(x, 0), _NONZERO)],
    "silu": [Case("silu(z)", lambda x: x * _sigmoid(x), _EVERYWHERE)],
    "swish": [Case("swish(z)", lambda x: x * _sigmoid(x), _EVERYWHERE)],
    "gelu": [Case("gelu(z)", lambda x: x / 2 * (1 + mp.erf(x / mp.sqrt(2))), _EVERYWHERE)],
    "mish": [Case("mish(z)", lambda x: x * mp.tanh(mp.log(1 + mp.exp(x))), _EVERYWHERE)],
    "softsign": [Case("softsign(z)", lambda x: x / (1 + abs(x)), _NONZERO)],
    "elu": [Case("elu(z)", lambda x: x if x > 0 else mp.exp(x) - 1, _NONZERO)],
    "identity": [Case("identity(z)", lambda x: x, _EVERYWHERE)],
    "erf": [Case("erf(z)", mp.erf, _EVERYWHERE)],
    "erfc": [Case("erfc(z)", mp.erfc, _EVERYWHERE)],
    "erfi": [Case("erfi(z)", mp.erfi, _EVERYWHERE)],
    "erfinv": [Case("erfinv(z)", mp.erfinv, _UNIT)],
    "erfcinv": [Case("erfcinv(z)", lambda x: mp.erfinv(1 - x), ("0.001", "0.1", "0.5", "0.9", "1.2", "1.5", "1.9",
                                                                  "1.999"))],
    "erfcx": [Case("erfcx(z)", lambda x: mp.exp(x * x) * mp.erfc(x), _EVERYWHERE)],
    "dawsn": [Case("dawsn(z)", lambda x: mp.quad(lambda t: mp.exp(t * t), [0, x]) * mp.exp(-x * x), _EVERYWHERE)],
    "dawson": [Case("dawson(z)", lambda x: mp.sqrt(mp.pi) / 2 * mp.exp(-x * x) * mp.erfi(x), _EVERYWHERE)],
    "ndtr": [Case("ndtr(z)", mp.ncdf, _EVERYWHERE)],
    "log_ndtr": [Case("log_ndtr(z)", lambda x: mp.log(mp.ncdf(x)), _EVERYWHERE)],
    "ndtri": [Case("ndtri(z)", lambda x: mp.findroot(lambda t: mp.ncdf(t) - x, 0), _OPEN_UNIT[1:-1])],
    "gamma": [Case("gamma(z)", mp.gamma, _NOT_INTEGER)],
    "loggamma": [Case("loggamma(z)", mp.loggamma, _POSITIVE)],
    "gammaln": [Case("gammaln(z)", lambda x: mp.log(abs(mp.gamma(x))), _NOT_INTEGER)],
    "lgamma": [Case("lgamma(z)", lambda x: mp.log(abs(mp.gamma(x))), _NOT_INTEGER)],
    "digamma": [Case("digamma(z)", mp.digamma, _NOT_INTEGER)],
    "psi": [Case("psi(z)", mp.digamma, _NOT_INTEGER)],
    "trigamma": [Case("trigamma(z)", lambda x: mp.psi(1, x), _NOT_INTEGER)],
    "polygamma": [Case("polygamma(2, z)", lambda x: mp.psi(2, x), _NOT_INTEGER),
                  Case("polygamma(0, z)", mp.digamma, _POSITIVE)],
    "lowergamma": [Case("lowergamma(0.5, z)", lambda x: mp.gammainc(0.5, 0, x), _POSITIVE),
                   Case("lowergamma(3, z)", lambda x: mp.gammainc(3, 0, x), _EVERYWHERE)],
    "uppergamma": [Case("uppergamma(2.5, z)", lambda x: mp.gammainc(2.5, x), _POSITIVE),
                   Case("uppergamma(2, z)", lambda x: mp.gammainc(2, x), _EVERYWHERE)],
    "gammainc": [Case("gammainc(1.5, z)", lambda x: mp.gammainc(1.5, 0, x, regularized=True), _POSITIVE)],
    "gammaincc": [Case("gammaincc(1.5, z)", lambda x: mp.gammainc(1.5, x, regularized=True), _POSITIVE)],
    "betainc_regularized": [
        Case("betainc_regularized(2, 3.5, 0, z)", lambda x: mp.betainc(2, 3.5, 0, x, regularized=True), _OPEN_UNIT),
        Case("betainc_regularized(0.5, 2, z, 1)", lambda x: mp.betainc(0.5, 2, x, 1, regularized=True), _OPEN_UNIT)],
    "Ei": [Case("Ei(z)", mp.ei, _NONZERO)],
    "expi": [Case("expi(z)", mp.ei, _NONZERO)],
    "E1": [Case("E1(z)", mp.e1, _POSITIVE)],
    "exp1": [Case("exp1(z)", mp.e1, _POSITIVE)],
    "expint": [Case("expint(3, z)", lambda x: mp.expint(3, x), _POSITIVE),
               Case("expint(1.5, z)", lambda x: mp.expint(1.5, x), _POSITIVE)],
    "expn": [Case("expn(2, z)", lambda x: mp.expint(2, x), _POSITIVE)],
    "Si": [Case("Si(z)", mp.si, _EVERYWHERE)],
    "Ci": [Case("Ci(z)", mp.ci, _POSITIVE)],
    "Shi": [Case("Shi(z)", mp.shi, _EVERYWHERE)],
    "Chi": [Case("Chi(z)", mp.chi, _POSITIVE)],
    "li": [Case("li(z)", mp.li, ("0.05", "0.3", "0.9", "1.7", "3.2", "5.5", "8.25", "13.5"))],
    "Li": [Case("Li(z)", lambda x: mp.li(x, offset=True), ("1.05", "1.7", "3.2", "5.5", "8.25", "13.5"))],
    "fresnels": [Case("fresnels(z)", lambda x: mp.quad(lambda t: mp.sin(mp.pi * t * t / 2), [0, x]), _EVERYWHERE)],
    "fresnelc": [Case("fresnelc(z)", lambda x: mp.quad(lambda t: mp.cos(mp.pi * t * t / 2), [0, x]), _EVERYWHERE)],
    "besselj": [Case(f"besselj({n}, z)", lambda x, n=n: mp.besselj(n, x), _EVERYWHERE) for n in (0, 1, 2, 3)]
    + [Case("besselj(2.5, z)", lambda x: mp.besselj(2.5, x), _POSITIVE)],
    "bessely": [Case(f"bessely({n}, z)", lambda x, n=n: mp.bessely(n, x), _POSITIVE) for n in (0, 1, 2)],
    "besseli": [Case(f"besseli({n}, z)", lambda x, n=n: mp.besseli(n, x), _EVERYWHERE) for n in (0, 1, 2, -1)],
    "besselk": [Case(f"besselk({n}, z)", lambda x, n=n: mp.besselk(n, x), _POSITIVE) for n in (0, 1, 2, -3)],
    "jn": [Case(f"jn({n}, z)", _spherical_j(n), _NONZERO) for n in (0, 1, 3)],
    "yn": [Case(f"yn({n}, z)", _spherical_y(n), _NONZERO) for n in (0, 2)],
    "airyai": [Case("airyai(z)", mp.airyai, _EVERYWHERE)],
    "airybi": [Case("airybi(z)", mp.airybi, _EVERYWHERE)],
    "airyaiprime": [Case("airyaiprime(z)", lambda x: mp.airyai(x, derivative=1), _EVERYWHERE)],
    "airybiprime": [Case("airybiprime(z)", lambda x: mp.airybi(x, derivative=1), _EVERYWHERE)],
    "polylog": [Case("polylog(2, z)", lambda x: mp.polylog(2, x), ("-7.5", "-2.2", "-0.5", "0.3", "0.7", "0.95")),
                Case("polylog(3, z)", lambda x: mp.polylog(3, x), ("-7.5", "-2.2", "-0.5", "0.3", "0.7", "0.95"))],
    "spence": [Case("spence(z)", lambda x: mp.polylog(2, 1 - x), _POSITIVE)],
    "LambertW": [Case("LambertW(z)", lambda x: mp.re(mp.lambertw(x)), ("-0.35", "-0.1", "0.2", "1.5", "7.5", "30.5")),
                 Case("LambertW(z, -1)", lambda x: mp.re(mp.lambertw(x, -1)), ("-0.35", "-0.2", "-0.05", "-0.001"))],
    "lambertw": [Case("lambertw(z)", lambda x: mp.re(mp.lambertw(x)), ("-0.35", "-0.1", "0.2", "1.5", "7.5"))],
    "zeta": [Case("zeta(2, z)", lambda x: mp.zeta(2, x), _POSITIVE),
             Case("zeta(3.5, z)", lambda x: mp.zeta(3.5, x), _POSITIVE)],
    "owens_t": [Case("owens_t(z, 0.5)", lambda x: _owens(x, mp.mpf('0.5')), _EVERYWHERE),
                Case("owens_t(0.8, z)", lambda x: _owens(mp.mpf('0.8'), x), _EVERYWHERE)],
    "sinc": [Case("sinc(z)", lambda x: mp.sin(x) / x, _NONZERO)],
    "log1p": [Case("log1p(z)", lambda x: mp.log(1 + x), ("-0.99", "-0.5", "0.001", "0.3", "2.5", "9.5"))],
    "expm1": [Case("expm1(z)", lambda x: mp.exp(x) - 1, _EVERYWHERE)],
    "log2": [Case("log2(z)", lambda x: mp.log(x, 2), _POSITIVE)],
    "log10": [Case("log10(z)", mp.log10, _POSITIVE)],
    "exp2": [Case("exp2(z)", lambda x: mp.power(2, x), _EVERYWHERE)],
    "rsqrt": [Case("rsqrt(z)", lambda x: 1 / mp.sqrt(x), _POSITIVE)],
    "logit": [Case("logit(z)", lambda x: mp.log(x / (1 - x)), _OPEN_UNIT)],
    "xlogy": [Case("xlogy(z, 2.5)", lambda x: _xlogy(x, mp.mpf('2.5')), _EVERYWHERE),
              Case("xlogy(1.5, z)", lambda x: _xlogy(mp.mpf('1.5'), x), _POSITIVE)],
    "xlog1py": [Case("xlog1py(z, 0.5)", lambda x: _xlogy(x, mp.mpf('1.5')), _EVERYWHERE),
                Case("xlog1py(2, z)", lambda x: 2 * mp.log(1 + x), ("-0.9", "-0.5", "0.3", "2.5", "9.5"))],
    "i0": [Case("i0(z)", lambda x: mp.besseli(0, x), _EVERYWHERE)],
    "i1": [Case("i1(z)", lambda x: mp.besseli(1, x), _EVERYWHERE)],
    "i0e": [Case("i0e(z)", lambda x: mp.exp(-abs(x)) * mp.besseli(0, x), _NONZERO)],
    "i1e": [Case("i1e(z)", lambda x: mp.exp(-abs(x)) * mp.besseli(1, x), _NONZERO)],
    "j0": [Case("j0(z)", lambda x: mp.besselj(0, x), _EVERYWHERE)],
    "j1": [Case("j1(z)", lambda x: mp.besselj(1, x), _EVERYWHERE)],
    "y0": [Case("y0(z)", lambda x: mp.bessely(0, x), _POSITIVE)],
    "y1": [Case("y1(z)", lambda x: mp.bessely(1, x), _POSITIVE)],
    "k0": [Case("k0(z)", lambda x: mp.besselk(0, x), _POSITIVE)],
    "k1": [Case("k1(z)", lambda x: mp.besselk(1, x), _POSITIVE)],
    "k0e": [Case("k0e(z)", lambda x: mp.exp(x) * mp.besselk(0, x), _POSITIVE)],
    "k1e": [Case("k1e(z)", lambda x: mp.exp(x) * mp.besselk(1, x), _POSITIVE)],
}

_ALL = [(name, i, case) for name, cases in CASES.items() for i, case in enumerate(cases)]


def test_every_function_has_a_numeric_check() -> None:
    assert set(CASES) == set(FUNCTIONS)


def _close(value: Any, reference: Any) -> bool:
    scale = max(abs(value), abs(reference), mpmath.mpf(10) ** -20)
    return bool(abs(value - reference) <= TOLERANCE * scale)


@pytest.mark.parametrize(("name", "index", "case"), _ALL, ids=[f"{n}-{i}" for n, i, _ in _ALL])
def test_value_matches_mpmath(name: str, index: int, case: Case) -> None:
    built = parse_expression(case.text, SCOPE)
    for point in case.points:
        x = sympy.Rational(point)
        with mpmath.workdps(2 * DIGITS + 20):
            reference = case.reference(mpmath.mpf(x.p) / x.q)
        value = mp_value(built, Z, x, 2 * DIGITS + 20)  # room for cancellation
        assert _close(value, reference), (case.text, point, value, reference)


@pytest.mark.parametrize(("name", "index", "case"), _ALL, ids=[f"{n}-{i}" for n, i, _ in _ALL])
def test_derivative_matches_mpmath_diff(name: str, index: int, case: Case) -> None:
    built = parse_expression(case.text, SCOPE)
    truth = derivative(built, Z, 1)
    assert not truth.has(sympy.Derivative), truth
    for point in case.points:
        x = sympy.Rational(point)
        with mpmath.workdps(DIGITS + 20):
            numeric = mpmath.diff(case.reference, mpmath.mpf(x.p) / x.q)
        value = mp_value(truth, Z, x, 2 * DIGITS + 20)
        assert _close(value, numeric), (case.text, point, truth, value, numeric)
