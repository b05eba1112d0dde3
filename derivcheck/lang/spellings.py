"""sympy's own spellings that the language reads (Eq, And, Rational, nan, ...), and the hints it gives for
names it does not read (other libraries' names, and spellings with no safe meaning here)."""

from __future__ import annotations

import sympy

#: Relations as sympy writes them, each of two expressions: Eq(z, 0) is z == 0.
RELATIONS: dict[str, type[sympy.Basic]] = {
    "Eq": sympy.Eq, "Ne": sympy.Ne, "Lt": sympy.Lt, "Le": sympy.Le, "Gt": sympy.Gt, "Ge": sympy.Ge,
}

#: Logic as sympy writes it, of conditions: And(z > 0, z < 1) is (z > 0) & (z < 1).
LOGIC: dict[str, type[sympy.Basic]] = {"And": sympy.And, "Or": sympy.Or, "Not": sympy.Not}

#: Exact number constructors, of number literals: Rational(1, 3), Integer(2), Float(0.5).  Decimals are
#: exact in this language, so Float(0.1) is 1/10 (not sympy's binary 0.1000000000000000055...).
NUMBERS: frozenset[str] = frozenset({"Rational", "Integer", "Float"})

#: Names that stand for "no value" (sympy's nan, complex infinity, the infinities), allowed only as the whole
#: value of a Piecewise branch: Piecewise((1/z, z > 0), (nan, True)) says the formula has no value for z <= 0.
UNDEFINED_NAMES: frozenset[str] = frozenset({"nan", "zoo", "oo"})

#: What an `at:` value says where g' has no value (a jump, a kink): `at: {0: undefined}`.
NO_DERIVATIVE = "undefined"

#: The imaginary unit: refused, since every expression is real.
IMAGINARY = "I"

#: Names of other libraries (and sympy spellings) that this language writes another way.
HINTS: dict[str, str] = {
    "multigammaln": "a sum of loggamma terms",
    "igamma": "gammainc(a, x), or lowergamma(a, x)/gamma(a)",
    "igammac": "gammaincc(a, x), or uppergamma(a, x)/gamma(a)",
    "betainc": "betainc_regularized(a, b, 0, x) (sympy's betainc is not regularized)",
    "beta": "gamma(a)*gamma(b)/gamma(a + b)",
    "cbrt": "z**Rational(1, 3) for z > 0, or sign(z)*Abs(z)**Rational(1, 3) for the real cube root",
    "square": "z**2",
    "reciprocal": "1/z",
    "sici": "Si(x) and Ci(x)",
    "fresnel": "fresnels(x) and fresnelc(x)",
    "iv": "besseli(nu, x)", "jv": "besselj(nu, x)", "kv": "besselk(nu, x)", "yv": "bessely(nu, x)",
    "ive": "exp(-Abs(x))*besseli(nu, x)", "kve": "exp(x)*besselk(nu, x)",
    "bessel_i0": "i0(x)", "bessel_i1": "i1(x)", "bessel_j0": "j0(x)", "bessel_j1": "j1(x)",
    "bessel_y0": "y0(x)", "bessel_y1": "y1(x)", "bessel_k0": "k0(x)", "bessel_k1": "k1(x)",
    "bessel_i0e": "i0e(x)", "bessel_i1e": "i1e(x)", "bessel_k0e": "k0e(x)", "bessel_k1e": "k1e(x)",
    "modified_bessel_i0": "i0(x)", "modified_bessel_i1": "i1(x)", "modified_bessel_k0": "k0(x)",
    "modified_bessel_k1": "k1(x)",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arctan2": "atan2", "arcsinh": "asinh",
    "arccosh": "acosh", "arctanh": "atanh", "arccot": "acot", "arcsec": "asec", "arccsc": "acsc",
    "logaddexp": "log(exp(x) + exp(y))",
    "logsigmoid": "-softplus(-x)",
    "log_sigmoid": "-softplus(-x)",
    "hardtanh": "Min(Max(x, -1), 1)",
    "clamp": "Min(Max(x, lo), hi)",
    "where": "Piecewise((a, condition), (b, True))",
    "S": "Rational(1, 2) for S.Half, 1 for S.One, 0 for S.Zero",
    "N": "the number itself (N(...) is a numeric evaluation)",
    "entr": "-x*log(x) on x > 0",
    "Derivative": "diff(expr, z) in a derivation step",
    "undefined": "nan as the value of a Piecewise branch (undefined stands alone, as an at: value)",
}
