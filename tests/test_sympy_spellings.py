"""sympy's own spellings read by the allow-list parser (Eq, And, Rational, nan, ...), and what it still refuses."""

from __future__ import annotations

import pytest
import sympy

from derivcheck.errors import ExpressionError, SpecError
from derivcheck.lang.limits import MAX_DIGITS
from derivcheck.lang.parse import Scope, parse_condition, parse_expression, parse_number
from derivcheck.spec.load import load_spec_text

Z = sympy.Symbol("z", real=True)
A = sympy.Symbol("a", real=True)
ALPHA = sympy.Symbol("alpha", positive=True)
SCOPE = Scope({"z": Z, "a": A, "alpha": ALPHA}, variable=Z, varying=frozenset({"a"}))


def expr(text: str) -> sympy.Expr:
    return parse_expression(text, SCOPE)


def rejected(text: str) -> str:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, SCOPE)
    return info.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Piecewise((1, Eq(z, 0)), (sin(z)/z, True))",
         sympy.Piecewise((1, sympy.Eq(Z, 0)), (sympy.sin(Z) / Z, True))),
        ("Piecewise((0, Ne(z, 0)), (1, True))", sympy.Piecewise((0, sympy.Ne(Z, 0)), (1, True))),
        ("Piecewise((1, Lt(z, 1) & Ge(z, -1)), (0, True))",
         sympy.Piecewise((1, (Z < 1) & (Z >= -1)), (0, True))),
        ("Piecewise((1, Gt(z, 0)), (2, Le(z, -1)), (3, True))",
         sympy.Piecewise((1, Z > 0), (2, Z <= -1), (3, True))),
        ("Piecewise((1, And(z > 0, Not(Eq(z, 1)))), (0, True))",
         sympy.Piecewise((1, (Z > 0) & sympy.Ne(Z, 1)), (0, True))),
        ("Piecewise((1, Or(z < -1, z > 1, False)), (0, True))", sympy.Piecewise((1, (Z < -1) | (Z > 1)), (0, True))),
        ("z**Rational(1, 3)", Z ** sympy.Rational(1, 3)),
        ("Rational(1, 3)/z**Rational(2, 3)", 1 / (3 * Z ** sympy.Rational(2, 3))),
        ("Rational(-2, 6)*z", -Z / 3),
        ("Rational(0.5)*z", Z / 2),
        ("Integer(3)*z", 3 * Z),
        ("Float(0.1)*z", Z / 10),  # decimals are exact: not sympy's binary 0.1000000000000000055...
    ],
)
def test_sympy_spellings_build_what_they_mean(text: str, expected: sympy.Expr) -> None:
    built = expr(text)
    assert built == expected
    assert not built.has(sympy.Float)


def test_conditions_in_sympy_spelling() -> None:
    assert parse_condition("Ne(z, 0)", SCOPE) == sympy.Ne(Z, 0)
    assert parse_condition("And(z > 0, z < 1)", SCOPE) == sympy.And(Z > 0, Z < 1)
    assert parse_condition("Or(Lt(z, -1), Gt(z, 1))", SCOPE) == sympy.Or(Z < -1, Z > 1)


def test_nan_names_a_branch_with_no_value() -> None:
    built = expr("Piecewise((1/(z*(1 - z)), (z >= 0) & (z <= 1)), (nan, True))")
    assert built == sympy.Piecewise((1 / (Z * (1 - Z)), (Z >= 0) & (Z <= 1)), (sympy.nan, True))
    for spelling in ("zoo", "oo", "-oo"):
        assert expr(f"Piecewise((1/z, Ne(z, 0)), ({spelling}, True))").args[-1].expr is sympy.nan


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nan", "only as the whole value of a Piecewise branch"),
        ("z + nan", "only as the whole value of a Piecewise branch"),
        ("Piecewise((nan + 1, z < 0), (1, True))", "only as the whole value"),
        ("Piecewise((1, z < oo), (0, True))", "only as the whole value"),
        ("oo*z", "only as the whole value"),
        ("I*z", "'I' is the imaginary unit"),
        ("exp(I*z)", "'I' is the imaginary unit"),
        ("Rational(z, 2)", "Rational() takes numbers written as digits"),
        ("Rational(pi, 2)", "Rational() takes numbers written as digits"),
        ("Rational(1, 0)", "division by zero"),
        ("Integer(0.5)", "Integer() takes a whole number"),
        ("Float(z)", "Float() takes a number written as digits"),
        ("Rational(1, 2, 3)", "Rational() takes 1 or 2 arguments, got 3"),
        ("Eq(z)", "Eq() takes 2 arguments, got 1"),
        ("Not(z > 0, z < 1)", "Not() takes 1 argument, got 2"),
        ("And()", "And() takes at least 1 argument, got 0"),
        ("Eq(z, 0)", "expected an expression, found a condition"),
        ("Piecewise((1, Eq(z, 0) + 1), (0, True))", "expected an expression, found a condition"),
        ("Eq", "'Eq' is a relation; call it like Eq(z, 0)"),
        ("S.Half*z", "instead of sympy's S.Half write a number: Rational(1, 2) for S.Half"),
        ("undefined", "undefined stands alone, as an at: value"),
    ],
)
def test_what_sympy_spelling_still_refuses(text: str, message: str) -> None:
    assert message in rejected(text)


def test_true_and_false_only_as_branch_conditions() -> None:
    assert expr("Piecewise((1, And(z > 0, True)), (0, True))") == sympy.Piecewise((1, Z > 0), (0, True))
    with pytest.raises(ExpressionError, match="True/False"):
        parse_condition("True", SCOPE)
    assert "True/False" in rejected("True + z")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("igamma(alpha, z)", "write gammainc(a, x), or lowergamma(a, x)/gamma(a)"),
        ("cbrt(z)", "z**Rational(1, 3) for z > 0"),
        ("arctan(z)", "write atan"),
        ("betainc(1, 2, z)", "betainc_regularized(a, b, 0, x)"),
        ("log1pp(z)", "did you mean 'log1p'?"),
        ("lgama(z)", "did you mean 'lgamma'?"),
        ("igama(alpha, z)", "did you mean 'igamma'? (write gammainc(a, x)"),
        ("besselkk(0, z)", "did you mean 'besselk'?"),
    ],
)
def test_unknown_names_suggest_the_spelling_to_use(text: str, message: str) -> None:
    assert message in rejected(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("besselj(z, z)", "argument 1 of besselj() is an order or a parameter and may not depend on 'z'"),
        ("besselk(a, z)", "may not depend on 'a'"),
        ("polylog(z**2, z)", "may not depend on 'z'"),
        ("zeta(z)", "may not depend on 'z'"),
        ("lowergamma(z, 2)", "may not depend on 'z'"),
        ("LambertW(z, z)", "may not depend on 'z'"),
        ("jn(alpha, z)", "argument 1 of jn() must be an integer number"),
        ("jn(1/2, z)", "must be an integer number"),
        ("LambertW(z, 1)", "real values only on the branches k = 0 and k = -1"),
        ("expint(100, z)", "constant argument is too large for expint()"),
    ],
)
def test_orders_are_constants(text: str, message: str) -> None:
    assert message in rejected(text)


def test_orders_may_be_parameters() -> None:
    assert expr("besselk(alpha, z)") == sympy.besselk(ALPHA, Z)
    assert expr("lowergamma(alpha, z)/gamma(alpha)") == sympy.lowergamma(ALPHA, Z) / sympy.gamma(ALPHA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("log1p(z)", sympy.log(1 + Z)),
        ("expm1(z)", sympy.exp(Z) - 1),
        ("xlogy(z, alpha)", sympy.Piecewise((0, sympy.Eq(Z, 0)), (Z * sympy.log(ALPHA), True))),
        ("xlog1py(2, z)", 2 * sympy.log(1 + Z)),
        ("i0e(z)", sympy.exp(-sympy.Abs(Z)) * sympy.besseli(0, Z)),
        ("k1e(z)", sympy.exp(Z) * sympy.besselk(1, Z)),
        ("erfcx(z)", sympy.exp(Z**2) * sympy.erfc(Z)),
        ("spence(z)", sympy.polylog(2, 1 - Z)),
        ("E1(z)", sympy.expint(1, Z)),
        ("expn(2, z)", sympy.expint(2, Z)),
        ("expi(z)", sympy.Ei(Z)),
        ("gammaln(z)", sympy.log(sympy.Abs(sympy.gamma(Z)))),
        ("Li(z)", sympy.li(Z) - sympy.li(2)),
        ("jn(0, z)", sympy.sin(Z) / Z),
        ("acot(z)", sympy.Piecewise((sympy.pi / 2, sympy.Eq(Z, 0)), (sympy.atan(1 / Z), True))),
        ("atan2(z, -2)", sympy.Piecewise((sympy.pi - sympy.atan(Z / 2), Z >= 0),
                                         (-sympy.atan(Z / 2) - sympy.pi, True))),
    ],
)
def test_framework_names_build_their_exact_form(text: str, expected: sympy.Expr) -> None:
    assert expr(text) == expected


def test_written_form_keeps_framework_calls_for_float_code() -> None:
    written = parse_expression("log1p(exp(z)) + xlogy(z, 2)", Scope(SCOPE.symbols, Z, written=True))
    names = sorted(type(f).__name__ for f in written.atoms(sympy.Function) if f.func not in (sympy.exp,))
    assert names == ["log1p", "xlogy"]


def test_constants_of_bounded_functions_are_not_taken_for_huge_numbers() -> None:
    # tanh of a constant is below 1, and log of one is small: neither is exp of a large number.
    value = parse_number("tanh(log(1 + exp(2)))**2")  # ((x**2 - 1)/(x**2 + 1))**2 with x = 1 + e**2
    assert abs(float(value) - 0.94474410908812) < 1e-12
    assert parse_number("tanh(2*log(1 + exp(2)))") is not None
    # Numbers that would really grow past the limit are still refused before sympy builds them:
    # tanh(3*log(10**900)) is (10**5400 - 1)/(10**5400 + 1) exactly.
    assert parse_number("tanh(log(10**900))") is not None
    with pytest.raises(ExpressionError, match=f"too large .*at most {MAX_DIGITS}"):
        parse_number("tanh(3*log(10**900))")
    with pytest.raises(ExpressionError, match="too large"):
        parse_number("exp(10**5)")


def test_functions_of_constants_beyond_float_range() -> None:
    # The size estimate of log(10**400) once raised OverflowError (an internal error) instead of a value.
    assert parse_number("log(10**400)") == sympy.log(sympy.Integer(10) ** 400)
    assert parse_number("atan(10**400)") is not None


def test_a_parameter_named_like_the_output_says_how_to_keep_it() -> None:
    # Sources write igamma(a, x) and owens_t(h, a), where `a` is derivcheck's default output name.
    text = "name: igamma\nparameters:\n  a: 0.5\nfunction: lowergamma(a, z)\nderivative: exp(-z)*z**(a - 1)\n"
    with pytest.raises(SpecError, match=r"'a' is already the output name.*name the output otherwise, e\.g\. "
                                        r"`output: y`"):
        load_spec_text(text.encode(), "igamma.yaml")
    assert load_spec_text(f"output: y\n{text}".encode(), "igamma.yaml").parameters[0][0] == "a"
