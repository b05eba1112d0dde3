"""Kink analysis of every piecewise catalog activation against its known one-sided derivatives."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.kinks.declared import DeclaredValue
from derivcheck.engine.kinks.onesided import zeros_of_denominators
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Kink, RunResult, SpecResult, Verdict

SELU_LEFT = Fraction("1.6732632423543772848170429916717") * Fraction("1.0507009873554804934193349852946")
SELU_RIGHT = Fraction("1.0507009873554804934193349852946")
# At a jump g has no derivative; the one-sided derivatives shown are those of the branches on either side.
def jump(left: int, right: int) -> tuple[bool, Fraction, Fraction, bool]:
    return False, Fraction(left), Fraction(right), False


# name -> [(point, (continuous, left g', right g', differentiable))], from the definitions by hand.
EXPECTED: dict[str, list[tuple[Fraction, tuple[bool, Fraction | None, Fraction | None, bool]]]] = {
    "binary_step": [(Fraction(0), jump(0, 0))],
    "hard_sigmoid": [(Fraction(-3), (True, Fraction(0), Fraction(1, 6), False)),
                     (Fraction(3), (True, Fraction(1, 6), Fraction(0), False))],
    "hard_tanh": [(Fraction(-1), (True, Fraction(0), Fraction(1), False)),
                  (Fraction(1), (True, Fraction(1), Fraction(0), False))],
    "relu": [(Fraction(0), (True, Fraction(0), Fraction(1), False))],
    "leaky_relu": [(Fraction(0), (True, Fraction(1, 100), Fraction(1), False))],
    "prelu": [(Fraction(0), (True, Fraction(1, 4), Fraction(1), False))],
    "relu6": [(Fraction(0), (True, Fraction(0), Fraction(1), False)),
              (Fraction(6), (True, Fraction(1), Fraction(0), False))],
    "relu_squared": [(Fraction(0), (True, Fraction(0), Fraction(0), True))],
    "elu": [(Fraction(0), (True, Fraction(1), Fraction(1), True))],
    "selu": [(Fraction(0), (True, SELU_LEFT, SELU_RIGHT, False))],
    "celu": [(Fraction(0), (True, Fraction(1), Fraction(1), True))],
    "hard_swish": [(Fraction(-3), (True, Fraction(0), Fraction(-1, 2), False)),
                   (Fraction(3), (True, Fraction(3, 2), Fraction(1), False))],
    "softshrink": [(Fraction(-1, 2), (True, Fraction(1), Fraction(0), False)),
                   (Fraction(1, 2), (True, Fraction(0), Fraction(1), False))],
    "hardshrink": [(Fraction(-1, 2), jump(1, 0)), (Fraction(1, 2), jump(0, 1))],
    "softsign": [(Fraction(0), (True, Fraction(1), Fraction(1), True))],
    "sinc": [(Fraction(0), (True, Fraction(0), Fraction(0), True))],
    "isrlu": [(Fraction(0), (True, Fraction(1), Fraction(1), True))],
    "sqnl": [(Fraction(-2), (True, Fraction(0), Fraction(0), True)),
             (Fraction(0), (True, Fraction(1), Fraction(1), True)),
             (Fraction(2), (True, Fraction(0), Fraction(0), True))],
    "smelu": [(Fraction(-1), (True, Fraction(0), Fraction(0), True)),
              (Fraction(1), (True, Fraction(1), Fraction(1), True))],
}


def by_name(run: RunResult, name: str) -> SpecResult:
    (found,) = [s for s in run.specs if s.name == name]
    return found


def exact(text: str | None) -> Fraction | None:
    return None if text is None else Fraction(text)


def summary(kink: Kink) -> tuple[Fraction, tuple[bool | None, Fraction | None, Fraction | None, bool | None]]:
    return Fraction(kink.point), (kink.continuous, exact(kink.left), exact(kink.right), kink.differentiable)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_kinks_of_piecewise_activations(name: str, catalog_run: RunResult) -> None:
    spec = by_name(catalog_run, name)
    assert [summary(k) for k in spec.kinks] == EXPECTED[name]
    for kink in spec.kinks:
        if kink.continuous is False:
            assert "no derivative" in kink.message and kink.declared is None
        elif kink.differentiable:
            assert kink.message.endswith(f"(g' = {kink.left})")
        else:
            assert kink.message.startswith("undefined at z = ")


def test_smooth_activations_report_no_kinks(catalog_run: RunResult) -> None:
    smooth = [s for s in catalog_run.specs if s.name not in EXPECTED]
    assert len(smooth) >= 15
    assert {s.name: s.kinks for s in smooth if s.kinks} == {}


def test_parameter_dependent_kinks_follow_the_parameter(catalog_run: RunResult) -> None:
    # softshrink and hardshrink at +-lambd = +-0.5, smelu at +-beta = +-1, hard tanh at its bounds.
    for name, points in (("softshrink", ["-1/2", "1/2"]), ("hardshrink", ["-1/2", "1/2"]),
                         ("smelu", ["-1", "1"]), ("hard_tanh", ["-1", "1"])):
        assert [k.point for k in by_name(catalog_run, name).kinks] == points


def test_sinc_is_a_removable_singularity_with_the_limit_checked(catalog_run: RunResult) -> None:
    spec = by_name(catalog_run, "sinc")
    (kink,) = spec.kinks
    assert kink.removable and kink.declared == "0"
    assert kink.message.startswith("removable singularity at z = 0, filled by g(0) = 1")
    (at,) = [c for c in spec.checks if c.kind == "at"]
    assert at.verdict is Verdict.PROVED and "removable singularity" in at.message


def test_binary_step_jump_has_no_derivative(catalog_run: RunResult) -> None:
    (kink,) = by_name(catalog_run, "binary_step").kinks
    assert kink.message == "not continuous at z = 0 (jump from 0 to 1): no derivative"


# --- removable singularities and poles, from the formula alone -----------------------------------------------

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)


def analyse(g: sympy.Expr, *declared: tuple[int, sympy.Expr],
            claim: sympy.Expr | None = None) -> tuple[tuple[Kink, ...], list[Verdict]]:
    rows, checks = analyse_kinks(Problem(z=z, a=a, g=g), [DeclaredValue(sympy.S(p), v) for p, v in declared],
                                 claimed_derivative=claim)
    return rows, [c.verdict for c in checks]


def test_unfilled_sinc_is_found_from_its_denominator() -> None:
    (kink,), verdicts = analyse(sympy.sin(z) / z, (0, sympy.S.Zero), (0, sympy.S.One))
    assert (kink.point, kink.continuous, kink.differentiable, kink.removable) == ("0", True, True, True)
    assert kink.message == ("removable singularity at z = 0, g has no value there; filled with its limit 1: "
                            "differentiable at z = 0 (g' = 0)")
    assert verdicts == [Verdict.PROVED, Verdict.REFUTED]


def test_removable_point_of_the_claim_is_a_candidate() -> None:
    # g is smooth, but the claimed (z*cos(z) - sin(z))/z^2 divides by zero at 0: the point is examined.
    rows, _ = analyse(sympy.cos(z), claim=(z * sympy.cos(z) - sympy.sin(z)) / z**2)
    assert [(k.point, k.differentiable, k.removable) for k in rows] == [("0", True, False)]


def test_other_removable_points_and_poles() -> None:
    (kink,), verdicts = analyse(z / (sympy.exp(z) - 1), (0, sympy.Rational(-1, 2)))
    assert kink.removable and kink.left == "-1/2" and verdicts == [Verdict.PROVED]
    (pole,), verdicts = analyse(1 / z, (0, sympy.S.Zero))
    assert (pole.continuous, pole.differentiable, pole.removable) == (False, False, False)
    assert verdicts == [Verdict.REFUTED]
    (sign,), _ = analyse(z / sympy.Abs(z))
    assert sign.continuous is False and not sign.removable


def test_zeros_of_denominators_inside_the_domain_only() -> None:
    assert sorted(zeros_of_denominators(1 / (z**2 - 4) + 1 / (1 + sympy.exp(-z)), z, sympy.S.Reals)) == [-2, 2]
    assert zeros_of_denominators(1 / (z**2 - 4), z, sympy.Interval(0, 10)) == [2]
    assert zeros_of_denominators(1 / sympy.sin(z), z, sympy.S.Reals) == []  # infinitely many: none kept
