"""Values at single points: `at:` at a jump (a convention), `at: undefined`, the claim's own value where it branches,
and branches written nan (no value) inside and outside the domain."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import run_files

from derivcheck.engine.numbers.certify import NO_VALUE
from derivcheck.results.checks import Check, CheckKind, RunResult, SpecResult, Verdict

SPECS: dict[str, str] = {
    # PyTorch's threshold: g jumps at 1, PyTorch returns 0 there (the left derivative).
    "threshold": """
parameters: {threshold: 1.0, value: 0.0}
function: Piecewise((value, z <= threshold), (z, True))
derivative: Piecewise((0, z <= threshold), (1, True))
at: {1.0: 0}""",
    "threshold_between": """
function: Piecewise((0, z <= 1), (z, True))
derivative: Piecewise((0, z <= 1), (1, True))
at: {1: 0.25}""",
    "threshold_wrong": """
function: Piecewise((0, z <= 1), (z, True))
derivative: Piecewise((0, z <= 1), (1, True))
at: {1: 2}""",
    # A catalog name: the conventions table knows what PyTorch returns at hardshrink's jumps.
    "hardshrink": """
parameters: {lambd: 0.5}
function: Piecewise((0, (z >= -lambd) & (z <= lambd)), (z, True))
derivative: Piecewise((0, (z >= -lambd) & (z <= lambd)), (1, True))
at: {-0.5: 0, 0.5: 0}""",
    "step_undefined": """
function: Piecewise((0, z < 0), (1, True))
derivative: 0
at: {0: undefined}""",
    "relu_undefined": """
function: Max(z, 0)
derivative: Heaviside(z)
at: {0: undefined}""",
    "smooth_undefined": """
function: sin(z)
derivative: cos(z)
at: {0: undefined}""",
    "pole": """
domain: z != 1
function: 1/z
derivative: -1/z**2
at: {0: 0}""",
    "point_off": """
function: Piecewise((z, Ne(z, 0)), (1, True))
derivative: 1
at: {0: 1}""",
    "relu_undeclared": """
function: Max(z, 0)
derivative: Heaviside(z)""",
    "floor": """
function: floor(z)
derivative: 0
at: {0: 0}""",
    # The claim's value at its own breakpoints, where g is differentiable.
    "sin_five_at_zero": """
function: sin(z)
derivative: Piecewise((5, Eq(z, 0)), (cos(z), True))""",
    "sin_nan_at_zero": """
function: sin(z)
derivative: Piecewise((nan, Eq(z, 0)), (cos(z), True))""",
    "sinc_fill": """
function: Piecewise((1, Eq(z, 0)), (sin(z)/z, True))
derivative: Piecewise((0, Eq(z, 0)), ((z*cos(z) - sin(z))/z**2, True))""",
    "sinc_wrong_fill": """
function: Piecewise((1, Eq(z, 0)), (sin(z)/z, True))
derivative: Piecewise((1, Eq(z, 0)), ((z*cos(z) - sin(z))/z**2, True))""",
    "relu_heaviside_claim": """
function: Max(z, 0)
derivative: Heaviside(z)
at: {0: 0}""",
    # floor and ceiling step at every integer (the default spot points 0, 10, -10, 100 among them): the
    # claim is true off the integers, and no integer may refute it.
    "floor_ceiling": """
function: z*floor(z)
derivative: ceiling(z) - 1""",
    # nan: outside the domain it is outside the claim; inside, it is a counterexample (or a spec error).
    "logit_nan_outside": """
domain: 0 < z < 1
function: log(z/(1 - z))
derivative: Piecewise((1/(z*(1.0 - z)), (z >= 0.0) & (z <= 1.0)), (nan, True))""",
    "logit_nan_inside": """
domain: 0 < z < 1
function: log(z/(1 - z))
derivative: Piecewise((1/(z*(1 - z)), z <= 0.5), (nan, True))""",
    "function_nan_inside": """
function: Piecewise((log(z), z > 0), (nan, True))
derivative: 1/z""",
    "function_nan_outside": """
domain: z > 0
function: Piecewise((log(z), z > 0), (nan, True))
derivative: 1/z""",
}


@pytest.fixture(scope="module")
def points_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = tmp_path_factory.mktemp("points")
    paths = []
    for name, body in SPECS.items():
        path = folder / f"{name}.yaml"
        path.write_text(f"name: {name}{body}\n", encoding="utf-8")
        paths.append(path)
    return run_files(*paths)


def spec(run: RunResult, name: str) -> SpecResult:
    (found,) = [s for s in run.specs if s.name == name]
    return found


def at_checks(run: RunResult, name: str) -> list[Check]:
    return [c for c in spec(run, name).checks if c.kind is CheckKind.AT]


def test_a_one_sided_derivative_at_a_jump_is_a_convention(points_run: RunResult) -> None:
    (check,) = at_checks(points_run, "threshold")
    assert check.verdict is Verdict.PROVED
    assert check.method == "convention at a jump"
    assert check.message == "g jumps at z = 1: no derivative; 0 is the left derivative"
    assert spec(points_run, "threshold").verdict is Verdict.PROVED


def test_a_value_between_the_one_sided_derivatives_is_a_convention_too(points_run: RunResult) -> None:
    (check,) = at_checks(points_run, "threshold_between")
    assert check.verdict is Verdict.PROVED
    assert "1/4 lies between the one-sided derivatives (left derivative 0, right derivative 1)" in check.message


def test_any_other_value_at_a_jump_is_refuted_with_both_sides(points_run: RunResult) -> None:
    (check,) = at_checks(points_run, "threshold_wrong")
    assert check.verdict is Verdict.REFUTED
    assert "(left derivative 0, right derivative 1), not 2" in check.message
    assert check.counterexample is not None
    assert (check.counterexample.point, check.counterexample.claimed) == ("1", "2")
    assert check.counterexample.expected == "[0, 1] (one-sided derivatives at a jump)"


def test_the_convention_names_the_framework_the_table_knows(points_run: RunResult) -> None:
    left, right = at_checks(points_run, "hardshrink")
    assert left.message == "g jumps at z = -1/2: no derivative; 0 is the right derivative (PyTorch's value)"
    assert right.message == "g jumps at z = 1/2: no derivative; 0 is the left derivative (PyTorch's value)"


@pytest.mark.parametrize(("name", "verdict", "words"), [
    ("step_undefined", Verdict.PROVED, "g jumps at z = 0: no derivative, as declared"),
    ("relu_undefined", Verdict.PROVED, "g is not differentiable at z = 0 (left derivative 0, right derivative 1)"),
    ("smooth_undefined", Verdict.REFUTED, "g is differentiable at z = 0 with g' = 1: g' is not undefined there"),
])
def test_undefined_declares_that_g_has_no_derivative(points_run: RunResult, name: str, verdict: Verdict,
                                                      words: str) -> None:
    (check,) = at_checks(points_run, name)
    assert check.verdict is verdict
    assert words in check.message
    if verdict is Verdict.REFUTED:
        assert check.counterexample is not None and check.counterexample.claimed == "undefined"
    (kink,) = spec(points_run, name).kinks
    assert kink.declared == "undefined"


@pytest.mark.parametrize("name", ["pole", "point_off"])
def test_no_convention_at_a_pole_or_an_off_value(points_run: RunResult, name: str) -> None:
    (check,) = at_checks(points_run, name)
    assert check.verdict is Verdict.REFUTED
    assert "no derivative there, nothing can be declared" in check.message


def test_kinks_say_whether_they_are_jumps_and_undeclared(points_run: RunResult) -> None:
    (relu,) = spec(points_run, "relu_undeclared").kinks
    assert (relu.jump, relu.undeclared, relu.declared) == (False, True, None)
    (threshold,) = spec(points_run, "threshold").kinks
    assert (threshold.jump, threshold.undeclared, threshold.left, threshold.right) == (True, False, "0", "1")
    declared, family = spec(points_run, "floor").kinks
    assert (declared.point, declared.jump, declared.undeclared, declared.family) == ("0", True, False, False)
    assert (family.point, family.jump, family.undeclared, family.family) == ("k (each integer k)", True, True, True)
    assert "g jumps at z = k (each integer k), where floor(z) steps" in family.message
    assert spec(points_run, "floor").undeclared_kinks() == (family,)
    assert spec(points_run, "relu_undeclared").undeclared_kinks() == (relu,)
    (check,) = at_checks(points_run, "floor")
    assert check.verdict is Verdict.PROVED


@pytest.mark.parametrize(("name", "claimed"), [("sin_five_at_zero", "5"), ("sin_nan_at_zero", NO_VALUE),
                                               ("sinc_wrong_fill", "1")])
def test_a_claim_is_held_to_g_prime_at_its_own_breakpoints(points_run: RunResult, name: str, claimed: str) -> None:
    # The proof covers the open pieces; at the point where the claim branches g is differentiable, and the
    # claim's value there must be g'(p) (these claims were PROVED before this rule).
    result = spec(points_run, name)
    assert result.verdict is Verdict.REFUTED
    (check,) = [c for c in result.checks if c.label == "g'(0) [claim]"]
    assert check.verdict is Verdict.REFUTED
    assert check.counterexample is not None
    assert (check.counterexample.point, check.counterexample.claimed) == ("0", claimed)
    derivative = [c for c in result.checks if c.kind is CheckKind.DERIVATIVE]
    assert [c.verdict for c in derivative] == [Verdict.PROVED]  # right on every open piece


@pytest.mark.parametrize("name", ["sinc_fill", "relu_heaviside_claim", "logit_nan_outside", "function_nan_outside",
                                  "floor_ceiling"])
def test_right_values_and_conventions_stay_proved(points_run: RunResult, name: str) -> None:
    result = spec(points_run, name)
    assert result.verdict is Verdict.PROVED, [(c.label, c.message) for c in result.checks]


def test_a_nan_branch_inside_the_domain_is_a_counterexample(points_run: RunResult) -> None:
    (check,) = [c for c in spec(points_run, "logit_nan_inside").checks if c.kind is CheckKind.DERIVATIVE]
    assert check.verdict is Verdict.REFUTED
    assert check.counterexample is not None and check.counterexample.claimed == NO_VALUE
    assert Fraction(check.counterexample.point) > Fraction(1, 2)
    assert "the claim has no value at z = " in check.message


def test_a_function_with_no_value_inside_the_domain_is_an_error(points_run: RunResult) -> None:
    result = spec(points_run, "function_nan_inside")
    assert result.verdict is Verdict.ERROR
    (check,) = result.checks[:1]
    assert "`function:` has no value (nan) on -oo < z < 0, inside the domain" in check.message
