"""Tests for the safe expression parser: good input, hostile input, size limits and error locations."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
import sympy
import sympy.parsing.sympy_parser as sympy_parser  # noqa: TID251 -- patched below to prove it is never reached

from derivcheck.errors import ExpressionError, Location
from derivcheck.lang import parse as parse_module
from derivcheck.lang.parse import Scope, parse_condition, parse_expression, parse_number
from derivcheck.lang.vocabulary import ACTIVATION_NAMES, CONSTANT_NAMES, FUNCTION_NAMES, FUNCTIONS

Z = sympy.Symbol("z", real=True)
A = sympy.Symbol("a", real=True)
ALPHA = sympy.Symbol("alpha", positive=True)
GAMMA = sympy.Symbol("gamma", positive=True)
SCOPE = Scope({"z": Z, "a": A, "alpha": ALPHA}, variable=Z)
DIFF_SCOPE = Scope({"z": Z, "a": A}, variable=Z, allow_diff=True)
LOC = Location("specs/x.yaml", 7, 13)


def expr(text: str, scope: Scope = SCOPE) -> sympy.Expr:
    return parse_expression(text, scope)


def rejected(text: str, scope: Scope = SCOPE, location: Location | None = None) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, scope, location)
    return info.value


# --- good input -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a*(1-a)", A * (1 - A)),
        ("1-a^2", 1 - A**2),
        ("1 - a**2", 1 - A**2),
        ("max(0, z)", sympy.Max(0, Z)),
        ("max(0.01*z, z)", sympy.Max(Z / 100, Z)),
        ("Max(alpha*z, z)", sympy.Max(ALPHA * Z, Z)),
        ("Piecewise((alpha, z < 0), (1, z > 0))", sympy.Piecewise((ALPHA, Z < 0), (1, Z > 0))),
        ("Piecewise((z, z > 0), (0, True))", sympy.Piecewise((Z, Z > 0), (0, True))),
        ("sigmoid(z)*(1-sigmoid(z))", 1 / (1 + sympy.exp(-Z)) * (1 - 1 / (1 + sympy.exp(-Z)))),
        ("4/(exp(z) + exp(-z))^2", 4 / (sympy.exp(Z) + sympy.exp(-Z)) ** 2),
        ("e^z + E + pi", sympy.exp(Z) + sympy.E + sympy.pi),
        ("ln(z) - log(z)", 0),
        ("abs(z) + Abs(z) + sign(z) + Heaviside(z)", 2 * sympy.Abs(Z) + sympy.sign(Z) + sympy.Heaviside(Z)),
        ("min(z, 1, 2)", sympy.Min(Z, 1)),
        ("-z + +z", 0),
        ("z^(1/2)", sympy.sqrt(Z)),
        ("  z +\n    1\n", Z + 1),  # YAML block scalars span lines
    ],
)
def test_good_expressions(text: str, expected: sympy.Expr) -> None:
    assert expr(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.01", sympy.Rational(1, 100)), ("0.1", sympy.Rational(1, 10)), ("1e-3", sympy.Rational(1, 1000)),
     ("2.5E2", sympy.Integer(250)), (".5", sympy.Rational(1, 2)), ("5.", sympy.Integer(5)),
     ("0.1 + 0.2", sympy.Rational(3, 10)), ("2**1000", sympy.Integer(2) ** 1000),
     ("123456789012345678901234567890", sympy.Integer(123456789012345678901234567890))],
)
def test_decimals_are_exact(text: str, value: sympy.Expr) -> None:
    result = expr(text)
    assert result == value
    assert not result.has(sympy.Float)


def test_parameters_shadow_builtin_names() -> None:
    scope = Scope({"z": Z, "gamma": GAMMA, "e": sympy.Symbol("e")}, variable=Z)
    assert expr("gamma*z", scope) == GAMMA * Z
    assert expr("e", scope) == sympy.Symbol("e")
    error = rejected("gamma(z)", scope)
    assert "'gamma'" in error.message and "not a function" in error.message
    assert expr("gamma(z)") == sympy.gamma(Z)  # without the parameter it is the function


def test_e_and_E_are_eulers_number() -> None:
    assert expr("e") == sympy.E
    assert expr("E") == sympy.E
    assert expr("exp(1) - e") == 0


@pytest.mark.parametrize(
    ("name", "formula"),
    [("sigmoid", 1 / (1 + sympy.exp(-Z))), ("logistic", 1 / (1 + sympy.exp(-Z))),
     ("softplus", sympy.log(1 + sympy.exp(Z))), ("relu", sympy.Max(0, Z)),
     ("silu", Z / (1 + sympy.exp(-Z))), ("swish", Z / (1 + sympy.exp(-Z))),
     ("gelu", Z / 2 * (1 + sympy.erf(Z / sympy.sqrt(2)))),
     ("mish", Z * sympy.tanh(sympy.log(1 + sympy.exp(Z)))),
     ("softsign", Z / (1 + sympy.Abs(Z))), ("elu", sympy.Piecewise((Z, Z > 0), (sympy.exp(Z) - 1, True))),
     ("identity", Z)],
)
def test_activations_expand_to_their_formula(name: str, formula: sympy.Expr) -> None:
    assert expr(f"{name}(z)") == formula
    assert expr(f"{name}(2*z)") == formula.xreplace({Z: 2 * Z})


def test_every_vocabulary_function_builds() -> None:
    assert set(ACTIVATION_NAMES) <= set(FUNCTIONS)
    assert {"Piecewise", "diff", "exp", "besselj", "erfinv"} <= set(FUNCTION_NAMES)
    assert set(CONSTANT_NAMES) == {"pi", "e", "E"}
    for name, function in FUNCTIONS.items():
        # An order (or branch) is a constant: z goes everywhere else.
        count = function.min_args
        if all(i in function.constant for i in range(count)):  # zeta(s) is a constant; zeta(s, q) is not
            count = function.max_args or count
        args = ["2" if i in function.constant else "z" for i in range(count)]
        built = expr(f"{name}({', '.join(args)})")
        assert Z in built.free_symbols, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [("z > 0", Z > 0), ("z >= 0", Z >= 0), ("z < 1", Z < 1), ("z <= 1", Z <= 1),
     ("-1 < z < 1", sympy.And(sympy.Lt(-1, Z), Z < 1)), ("0 <= z < 6", sympy.And(sympy.Le(0, Z), Z < 6)),
     ("(z > 0) & (z < 6)", sympy.And(Z > 0, Z < 6)), ("(z >= 0) | (z < -1)", sympy.Or(Z >= 0, Z < -1)),
     ("z == 0", sympy.Eq(Z, 0)), ("z != 0", sympy.Ne(Z, 0))],
)
def test_conditions(text: str, expected: sympy.Basic) -> None:
    assert parse_condition(text, SCOPE) == expected


def test_condition_and_expression_are_not_interchangeable() -> None:
    assert "found a condition" in rejected("z > 0").message
    with pytest.raises(ExpressionError, match="expected a condition"):
        parse_condition("z + 1", SCOPE)
    with pytest.raises(ExpressionError, match="True/False"):
        parse_condition("True", SCOPE)


def test_unparenthesized_or_explains_precedence() -> None:
    # Python (and sympy) read this as z >= (0 | z) < -1, which is not what anybody means.
    with pytest.raises(ExpressionError, match=r"parentheses.*\(z > 0\) \| \(z < 1\)"):
        parse_condition("z >= 0 | z < -1", SCOPE)


def test_diff_only_in_derivations_and_only_by_the_variable() -> None:
    step = parse_expression("diff(1/(1 + exp(-z)), z)", DIFF_SCOPE)
    assert sympy.simplify(step - sympy.exp(-Z) / (1 + sympy.exp(-Z)) ** 2) == 0
    assert "derivation" in rejected("diff(z**2, z)").message
    assert "diff(expr, z)" in rejected("diff(z**2, a)", DIFF_SCOPE).message
    assert "diff(expr, z)" in rejected("diff(z**2)", DIFF_SCOPE).message


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("-10", -10), ("100", 100), ("0.01", sympy.Rational(1, 100)),
     ("1e-3", sympy.Rational(1, 1000)), ("pi/2", sympy.pi / 2), ("sqrt(2)", sympy.sqrt(2)), ("-e", -sympy.E)],
)
def test_parse_number(text: str, value: sympy.Expr) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [("z", "unknown name 'z'"), ("sqrt(-1)", "not real"), ("log(-1)", "not real"),
     ("acos(2)", "not a finite real"), ("1/0", "division by zero"), ("log(0)", "infinite or undefined"),
     ("", "empty")],
)
def test_parse_number_rejects_non_numbers(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        parse_number(text, LOC)


# --- hostile input ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("z.__class__", "attribute access"),
        ("().__class__.__bases__", "attribute access"),
        ("lambda: 1", "lambda"),
        ("(lambda: 1)()", "lambda"),
        ("[c for c in z]", "comprehension"),
        ("{c for c in z}", "comprehension"),
        ("sum(c for c in z)", "unknown function 'sum'"),
        ("'abc'", "strings"),
        ("b'abc'", "strings"),
        ("f'{z}'", "f-string"),
        ("max(z, key=1)", "keyword arguments"),
        ("max(*z)", "unpacking"),
        ("open('pwned')", "unknown function 'open'"),
        ("eval('1')", "unknown function 'eval'"),
        ("exec('1')", "unknown function 'exec'"),
        ("__import__('os')", "unknown function '__import__'"),
        ("__builtins__", "unknown name '__builtins__'"),
        ("z[0]", "indexing"),
        ("[z]", "a list"),
        ("{z: 1}", "a dict"),
        ("(z, 1)", "tuples"),
        ("(y := 1)", "assignment"),
        ("z if z > 0 else 0", "Piecewise"),
        ("(z > 0) and (z < 1)", "&"),
        ("not z > 0", "'not'"),
        ("~z", "'~'"),
        ("z % 2", "operator %"),
        ("z // 2", "operator //"),
        ("z @ z", "operator @"),
        ("z << 2", "operator <<"),
        ("z in z", "'in'/'is'"),
        ("0x10", "plain decimal"),
        ("1_000", "plain decimal"),
        ("1j", "complex"),
        ("None", "None"),
        ("...", "Ellipsis"),
        ("True", "True/False"),
        ("sin", "is a function"),
        ("z(1)", "not a function"),
        ("sigmod(z)", "did you mean 'sigmoid'"),
        ("z + alpah", "did you mean 'alpha'"),
        ("max(z)", "at least 2 arguments"),
        ("sin(z, z)", "takes 1 argument"),
        ("log(z, 2)", "takes 1 argument"),
        ("Piecewise()", "at least one"),
        ("Piecewise(z)", "pair"),
        ("Piecewise((z, z > 0, 1))", "pair"),
        ("Piecewise((z, z))", "expected a condition"),
        ("z +", "invalid syntax"),
        ("(z", "never closed"),
        ("z\x00", "control character U+0000"),
        ("z\x1b[31m", "control character U+001B"),
        ("__\U0001d454lobals__", "non-ASCII character U+1D454"),
        ("z\u00a0+ 1", "non-ASCII"),
        ("1/(z - z)", "infinite or undefined"),
        ("z/0", "division by zero"),
        ("0**-1", "division by zero"),
        ("   ", "empty"),
    ],
)
def test_hostile_or_invalid_input_is_rejected(text: str, message: str) -> None:
    assert message in rejected(text).message


def _payloads(target: Path) -> list[str]:
    shell = f"touch {target}"
    return [
        f"__import__('os').system('{shell}')",
        f"eval(\"__import__('os').system('{shell}')\")",
        f"exec(\"import os; os.system('{shell}')\")",
        f"open('{target}', 'w')",
        f"(lambda: __import__('os').system('{shell}'))()",
        f"[__import__('os').system('{shell}') for _ in (1,)]",
        f"f\"{{__import__('os').system('{shell}')}}\"",
        f"().__class__.__base__.__subclasses__()[0]('{shell}')",
        f"(y := __import__('os').system('{shell}'))",
    ]


def test_nothing_is_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pwned"
    called: list[str] = []

    def forbidden(*args: object, **kwargs: object) -> object:
        called.append(repr(args)[:80])
        raise AssertionError("the parser must never evaluate text")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(sympy_parser, "parse_expr", forbidden)
    for payload in _payloads(target):
        with pytest.raises(ExpressionError):
            parse_expression(payload, SCOPE)
    # Good input goes through the same path without touching eval, exec or sympy's string parser either.
    parse_expression("sigmoid(z)*(1 - sigmoid(z)) + Piecewise((alpha, z < 0), (1, True))", SCOPE)
    parse_condition("-1 < z < 1", SCOPE)
    assert called == []
    assert not target.exists()


@pytest.fixture
def no_sympy_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to build sympy objects from a tree fail loudly."""

    def refuse(self: object, node: object) -> object:
        raise AssertionError("sympy building was reached")

    monkeypatch.setattr(parse_module._Builder, "build", refuse)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10**10**10", "exponent is too large"),
        ("9**999999", "exponent is too large"),
        ("z**(10**6)", "exponent is too large"),
        ("(10**30)**1000", "power is too large"),
        ("2**pi**7", "exponent is too large"),
        ("1" * 40, "40 digits"),
        ("1e999", "exponent e999"),
        ("gamma(10**6)", "too large for gamma()"),
        ("loggamma(5000)", "too large for loggamma()"),
        ("factorial(10**10)", "unknown function 'factorial'"),
        ("polygamma(1000, 1000)", "too large for polygamma()"),
        ("digamma(10**5)", "too large for digamma()"),
        ("besselj(10**6, z)", "too large for besselj()"),
        ("exp(10**6*log(10))", "too large for exp()"),
        ("sigmoid(-10**8)", "too large for sigmoid()"),
        ("exp(9999)*exp(9999)", "constant is too large"),
        ("(" * 10000 + "z" + ")" * 10000, "too long"),
        ("(" * 41 + "z" + ")" * 41, "nested too deeply"),
        ("+".join(["z"] * 10000), "too long"),
        ("+".join(["1"] * 600), "too large"),
        ("-" * 300 + "z", "nested too deeply"),
        ("-" * 1900 + "z", "too large"),
        ("z" + "*z" * 150, "nested too deeply"),
        ("silu(" * 14 + "z" + ")" * 14, "once its activations are expanded"),
        ("max(" + ", ".join(f"abs(z - {i})" for i in range(9)) + ")", "too many max/min arguments"),
        ("max(relu(z), relu(-z), relu(2*z), relu(3*z), 1)", "too many max/min arguments"),
        ("Piecewise(" + ", ".join(f"(z, (z > {i}) & (z < {i + 1}))" for i in range(7)) + ")", "too involved"),
        ("gamma(1000)**2", "power is too large"),
    ],
)
@pytest.mark.usefixtures("no_sympy_building")
def test_size_limits_apply_before_sympy_builds_anything(text: str, message: str) -> None:
    assert message in rejected(text).message


@pytest.mark.usefixtures("no_sympy_building")
def test_the_building_guard_is_real() -> None:
    # The fixture above would catch a size check that ran too late: valid input does reach the builder.
    with pytest.raises(AssertionError, match="sympy building was reached"):
        parse_expression("z + 1", SCOPE)


@pytest.mark.parametrize(
    "text",
    ["2**1000", "gamma(1000)", "gamma(5) + 1", "exp(9999)", "polygamma(100, 100)", "(1/3)**1000",
     "sigmoid(-1000)", "min(max(-1, z), 1)", "silu(silu(silu(z)))",
     "Piecewise(" + ", ".join(f"(z, z < {i})" for i in range(40)) + ")",
     "Piecewise(" + ", ".join(f"(z, (z > {i}) & (z < {i + 1}))" for i in range(6)) + ", (0, True))"],
)
def test_large_but_bounded_input_is_allowed(text: str) -> None:
    assert isinstance(expr(text), sympy.Expr)


# --- error locations --------------------------------------------------------------------------------------

def test_location_points_at_the_unknown_function() -> None:
    error = rejected("z + foo(z)", location=LOC)
    assert error.location == Location("specs/x.yaml", 7, 17)
    assert "unknown function 'foo'" in error.message
    assert str(error).startswith("specs/x.yaml:7:17: ")


def test_location_on_a_later_line_counts_from_column_one() -> None:
    error = rejected("z +\n  foo(z)", location=LOC)
    assert error.location == Location("specs/x.yaml", 8, 3)


def test_location_after_caret_and_leading_spaces_uses_the_original_text() -> None:
    assert rejected("  z^2 + foo(z)", location=LOC).location == Location("specs/x.yaml", 7, 21)


@pytest.mark.parametrize(
    ("text", "column"),
    [("z + __\U0001d454lobals__", 19), ("z + (1", 17), ("z.__class__", 14), ("z + 'x'", 17),
     ("max(z, key=z)", 24), ("exp(z) + 10**10**10", 26)],
)
def test_location_of_various_errors(text: str, column: int) -> None:
    assert rejected(text, location=LOC).location == Location("specs/x.yaml", 7, column)


def test_location_of_a_non_ascii_character_on_a_later_line() -> None:
    error = rejected("z +\n z\u00b2", location=LOC)
    assert error.location == Location("specs/x.yaml", 8, 3)


def test_default_location_without_a_file() -> None:
    assert rejected("z + foo(z)").location == Location("<expression>", 1, 5)
