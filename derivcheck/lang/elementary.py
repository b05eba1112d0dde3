"""The elementary part of the vocabulary: exp, log, roots, trigonometric and hyperbolic functions and their
inverses, the functions that make kinks (abs, max, sign, ...), and named activations."""

from __future__ import annotations

import sympy

from derivcheck.lang.entry import UNDEFINED, ArgumentLimit, Function, one

_EXP = ArgumentLimit.EXP
_HYP = ArgumentLimit.HYPERBOLIC
_KINK = "kinks and steps"
_ACT = "activations"


def _acot(x: sympy.Expr) -> sympy.Expr:
    # sympy's acot is atan(1/x) with acot(0) = pi/2: it jumps at 0 from -pi/2 to pi/2.  Written as a Piecewise,
    # the jump is a breakpoint the kink analysis sees, not a discontinuity hidden inside one function.
    return sympy.Piecewise((sympy.pi / 2, sympy.Eq(x, 0)), (sympy.atan(1 / x), True))


def _atan2(y: sympy.Expr, x: sympy.Expr) -> sympy.Expr:
    # sympy's atan2(y, x), spelt out by quadrant so that its jump along y = 0, x < 0 (from -pi to pi) is a
    # breakpoint of a Piecewise; atan2(0, 0) has no value.
    return sympy.Piecewise(
        (sympy.atan(y / x), x > 0),
        (sympy.atan(y / x) + sympy.pi, sympy.And(x < 0, y >= 0)),
        (sympy.atan(y / x) - sympy.pi, sympy.And(x < 0, y < 0)),
        (sympy.pi / 2, sympy.And(sympy.Eq(x, 0), y > 0)),
        (-sympy.pi / 2, sympy.And(sympy.Eq(x, 0), y < 0)),
        (UNDEFINED, True),
    )


def _sigmoid(x: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-x))


def _softplus(x: sympy.Expr) -> sympy.Expr:
    return sympy.log(1 + sympy.exp(x))


def _relu(x: sympy.Expr) -> sympy.Expr:
    return sympy.Max(0, x)


def _silu(x: sympy.Expr) -> sympy.Expr:
    return x * _sigmoid(x)


def _gelu(x: sympy.Expr) -> sympy.Expr:
    return x / 2 * (1 + sympy.erf(x / sympy.sqrt(2)))


def _mish(x: sympy.Expr) -> sympy.Expr:
    return x * sympy.tanh(_softplus(x))


def _softsign(x: sympy.Expr) -> sympy.Expr:
    return x / (1 + sympy.Abs(x))


def _elu(x: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((x, sympy.Gt(x, 0)), (sympy.exp(x) - 1, True))


def _identity(x: sympy.Expr) -> sympy.Expr:
    return x


def _frac(x: sympy.Expr) -> sympy.Expr:
    return x - sympy.floor(x)


ELEMENTARY: tuple[Function, ...] = (
    one("exp", sympy.exp, "exponential e**x", "exp(x)", limit=_EXP),
    one("log", sympy.log, "natural logarithm", "1/x", "x > 0"),
    one("ln", sympy.log, "natural logarithm (same as log)", "1/x", "x > 0"),
    one("sqrt", sympy.sqrt, "principal square root", "1/(2*sqrt(x))", "x >= 0 (derivative: x > 0)"),
    one("sin", sympy.sin, "sine", "cos(x)"),
    one("cos", sympy.cos, "cosine", "-sin(x)"),
    one("tan", sympy.tan, "tangent", "1 + tan(x)**2", "x not an odd multiple of pi/2"),
    one("cot", sympy.cot, "cotangent 1/tan(x)", "-1 - cot(x)**2", "x not a multiple of pi"),
    one("sec", sympy.sec, "secant 1/cos(x)", "tan(x)*sec(x)", "x not an odd multiple of pi/2"),
    one("csc", sympy.csc, "cosecant 1/sin(x)", "-cot(x)*csc(x)", "x not a multiple of pi"),
    one("sinh", sympy.sinh, "hyperbolic sine", "cosh(x)", limit=_EXP),
    one("cosh", sympy.cosh, "hyperbolic cosine", "sinh(x)", limit=_EXP),
    one("tanh", sympy.tanh, "hyperbolic tangent", "1 - tanh(x)**2", limit=_HYP),
    one("sech", sympy.sech, "hyperbolic secant 1/cosh(x)", "-tanh(x)*sech(x)", limit=_HYP),
    one("csch", sympy.csch, "hyperbolic cosecant 1/sinh(x)", "-coth(x)*csch(x)", "x != 0", limit=_HYP),
    one("coth", sympy.coth, "hyperbolic cotangent 1/tanh(x)", "1 - coth(x)**2", "x != 0", limit=_HYP),
    one("asin", sympy.asin, "inverse sine", "1/sqrt(1 - x**2)", "-1 <= x <= 1 (derivative: -1 < x < 1)"),
    one("acos", sympy.acos, "inverse cosine", "-1/sqrt(1 - x**2)", "-1 <= x <= 1 (derivative: -1 < x < 1)"),
    one("atan", sympy.atan, "inverse tangent", "1/(1 + x**2)"),
    one("acot", _acot, "inverse cotangent atan(1/x), acot(0) = pi/2 (sympy's; it jumps at 0)",
        "-1/(1 + x**2)", "all real x (no derivative at 0)"),
    one("asec", sympy.asec, "inverse secant acos(1/x)", "1/(x**2*sqrt(1 - 1/x**2))", "abs(x) >= 1"),
    one("acsc", sympy.acsc, "inverse cosecant asin(1/x)", "-1/(x**2*sqrt(1 - 1/x**2))", "abs(x) >= 1"),
    one("asinh", sympy.asinh, "inverse hyperbolic sine", "1/sqrt(x**2 + 1)"),
    one("acosh", sympy.acosh, "inverse hyperbolic cosine", "1/sqrt(x**2 - 1)", "x >= 1 (derivative: x > 1)"),
    one("atanh", sympy.atanh, "inverse hyperbolic tangent", "1/(1 - x**2)", "-1 < x < 1"),
    one("acoth", sympy.acoth, "inverse hyperbolic cotangent atanh(1/x)", "1/(1 - x**2)", "abs(x) > 1"),
    one("asech", sympy.asech, "inverse hyperbolic secant acosh(1/x)", "-1/(x*sqrt(1 - x**2))", "0 < x <= 1"),
    one("acsch", sympy.acsch, "inverse hyperbolic cosecant asinh(1/x)", "-1/(x**2*sqrt(1 + 1/x**2))",
        "x != 0"),
    Function("atan2", 2, 2, _atan2, "atan2(y, x): the angle of the point (x, y), in (-pi, pi]",
             derivative="d/dy: x/(x**2 + y**2); d/dx: -y/(x**2 + y**2)",
             domain="(x, y) != (0, 0); jumps from -pi to pi across y = 0 where x < 0"),
    one("abs", sympy.Abs, "absolute value", "sign(x) (no derivative at 0)", group=_KINK),
    one("Abs", sympy.Abs, "absolute value", "sign(x) (no derivative at 0)", group=_KINK),
    one("sign", sympy.sign, "sign: -1, 0 or 1", "0 (jumps at 0)", group=_KINK),
    Function("max", 2, None, sympy.Max, "largest argument (two or more)", derivative="that of the largest",
             group=_KINK),
    Function("Max", 2, None, sympy.Max, "largest argument (two or more)", derivative="that of the largest",
             group=_KINK),
    Function("min", 2, None, sympy.Min, "smallest argument (two or more)", derivative="that of the smallest",
             group=_KINK),
    Function("Min", 2, None, sympy.Min, "smallest argument (two or more)", derivative="that of the smallest",
             group=_KINK),
    one("Heaviside", sympy.Heaviside, "unit step (its value at 0 never decides a derivative)", "0 (jumps at 0)",
        group=_KINK),
    one("floor", sympy.floor, "largest integer <= x", "0 (jumps at every integer)", group=_KINK),
    one("ceiling", sympy.ceiling, "smallest integer >= x", "0 (jumps at every integer)", group=_KINK),
    one("frac", _frac, "fractional part x - floor(x)", "1 (jumps at every integer)", group=_KINK),
)

ACTIVATIONS: tuple[Function, ...] = (
    one("sigmoid", _sigmoid, "1/(1 + exp(-x))", "sigmoid(x)*(1 - sigmoid(x))", limit=_EXP, group=_ACT),
    one("logistic", _sigmoid, "same as sigmoid", "sigmoid(x)*(1 - sigmoid(x))", limit=_EXP, group=_ACT),
    one("expit", _sigmoid, "same as sigmoid (SciPy's name)", "sigmoid(x)*(1 - sigmoid(x))", limit=_EXP,
        group=_ACT),
    one("softplus", _softplus, "log(1 + exp(x))", "sigmoid(x)", limit=_EXP, group=_ACT),
    one("relu", _relu, "max(0, x)", "Heaviside(x) (no derivative at 0)", group=_ACT),
    one("silu", _silu, "x*sigmoid(x)", "sigmoid(x)*(1 + x*(1 - sigmoid(x)))", limit=_EXP, uses=2, group=_ACT),
    one("swish", _silu, "same as silu", "sigmoid(x)*(1 + x*(1 - sigmoid(x)))", limit=_EXP, uses=2,
        group=_ACT),
    one("gelu", _gelu, "x/2*(1 + erf(x/sqrt(2)))", "(1 + erf(x/sqrt(2)))/2 + x*exp(-x**2/2)/sqrt(2*pi)",
        uses=2, group=_ACT),
    one("mish", _mish, "x*tanh(softplus(x))",
        "tanh(softplus(x)) + x*sigmoid(x)*(1 - tanh(softplus(x))**2)", limit=_EXP, uses=2, group=_ACT),
    one("softsign", _softsign, "x/(1 + abs(x))", "1/(1 + abs(x))**2", uses=2, group=_ACT),
    one("elu", _elu, "Piecewise((x, x > 0), (exp(x) - 1, True)), alpha = 1",
        "Piecewise((1, x > 0), (exp(x), x < 0)) (1 at 0)", limit=_EXP, uses=3, group=_ACT),
    one("identity", _identity, "x", "1", group=_ACT),
)
