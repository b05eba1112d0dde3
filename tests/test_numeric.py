"""Unit tests of high-precision evaluation, sampling, counterexample certification and agreement."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from derivcheck.engine.numbers.certify import agreement, certify_difference, find_counterexample
from derivcheck.engine.numbers.evaluate import evaluate, format_number
from derivcheck.engine.numbers.mpscreen import on_boundary
from derivcheck.engine.numbers.points import default_points, sample_points
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Counterexample

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)
SIGMOID = 1 / (1 + sympy.exp(-z))


def sigmoid_problem() -> Problem:
    return Problem(z=z, a=a, g=SIGMOID)


def problem_on(interval: sympy.Set, g: sympy.Expr = z) -> Problem:
    return Problem(z=z, a=a, g=g, interval=interval)


def search_points(problem: Problem) -> list[sympy.Expr]:
    return [*default_points(problem), *sample_points(problem)]


# --- format_number ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (mpmath.mpf(0), "0"),
        (sympy.Integer(0), "0"),
        (0.0, "0"),
        (mpmath.mpf("0.25"), "0.25"),
        (sympy.Integer(100), "100"),
        (sympy.Rational(1, 10), "0.1"),
        (4.5397868702434395e-05, "4.5397868702434395e-5"),
        (1e20, "1e+20"),
        (-2.5, "-2.5"),
    ],
)
def test_format_number(value: object, text: str) -> None:
    assert format_number(value) == text


def test_format_number_keeps_precision_of_high_precision_values() -> None:
    with mpmath.workdps(50):
        value = mpmath.log(10)
    assert format_number(value) == "2.3025850929940457"
    with mpmath.workdps(50):
        tiny = mpmath.exp(-100) / (1 + mpmath.exp(-100)) ** 2
    assert format_number(tiny) == "3.720075976020836e-44"


# --- sampling ---------------------------------------------------------------------------------------------


def test_sample_points_are_deterministic_rational_and_varied() -> None:
    problem = sigmoid_problem()
    first = sample_points(problem, 24)
    assert first == sample_points(problem, 24)
    assert first != sample_points(problem, 24, seed=1)
    assert len(first) == len(set(first)) == 24
    assert all(p.is_Rational and p.q != 1 for p in first)
    magnitudes = [abs(p) for p in first]
    assert any(m < 1 for m in magnitudes)
    assert any(1 <= m < 10 for m in magnitudes)
    assert any(m >= 10 for m in magnitudes)
    assert any(p < 0 for p in first) and any(p > 0 for p in first)


def test_sample_points_are_a_fresh_list_each_time() -> None:
    problem = sigmoid_problem()
    first = sample_points(problem, 8)
    first.clear()
    assert len(sample_points(problem, 8)) == 8


def test_sample_points_prefix_is_stable() -> None:
    problem = sigmoid_problem()
    assert sample_points(problem, 8) == sample_points(problem, 16)[:8]


@pytest.mark.parametrize(
    "interval",
    [
        sympy.Interval(0, sympy.oo, True, True),
        sympy.Interval(-1, 1, True, True),
        sympy.Interval(-1, 1),
        sympy.Interval(2, sympy.oo),
        sympy.Interval(-sympy.oo, sympy.log(2), True, True),
        sympy.Union(sympy.Interval(-sympy.oo, -2, True, True), sympy.Interval(3, 4)),
    ],
)
def test_sample_points_lie_strictly_inside_the_domain(interval: sympy.Set) -> None:
    points = sample_points(problem_on(interval), 32)
    assert len(points) == 32
    for p in points:
        assert interval.contains(p) is sympy.true
        assert p not in interval.boundary


def test_sample_points_cover_both_parts_of_a_union() -> None:
    interval = sympy.Union(sympy.Interval(-sympy.oo, -2, True, True), sympy.Interval(3, 4))
    points = sample_points(problem_on(interval), 16)
    assert any(p < -2 for p in points) and any(3 < p < 4 for p in points)


def test_sample_points_on_a_half_line_reach_small_and_large_offsets() -> None:
    points = sample_points(problem_on(sympy.Interval(0, sympy.oo, True, True)), 16)
    assert any(p < 1 for p in points) and any(p > 10 for p in points)


def test_sample_points_avoid_given_points() -> None:
    problem = sigmoid_problem()
    plain = sample_points(problem, 16)
    avoided = [plain[0], plain[5], sympy.Rational(1, 2)]
    points = sample_points(problem, 16, avoid=avoided)
    assert not set(points) & set(avoided)
    assert len(points) == 16


def test_sample_points_of_an_empty_or_degenerate_domain() -> None:
    assert sample_points(problem_on(sympy.S.EmptySet)) == []
    assert sample_points(problem_on(sympy.FiniteSet(1, 2))) == []


def test_default_points() -> None:
    assert default_points(sigmoid_problem()) == [0, 10, -10, 100]
    half = default_points(problem_on(sympy.Interval(0, sympy.oo, True, True)))
    assert half == [sympy.Rational(1, 2), 1, 10, 100]
    unit = default_points(problem_on(sympy.Interval(-1, 1, True, True)))
    assert unit == [sympy.Rational(-1, 2), 0, sympy.Rational(1, 2), sympy.Rational(9, 10)]
    closed = default_points(problem_on(sympy.Interval(0, sympy.oo)))
    assert closed[0] == 0 and len(closed) == 4
    narrow = sympy.Interval(2, 3, True, True)
    assert all(narrow.contains(p) is sympy.true for p in default_points(problem_on(narrow)))


# --- evaluate ---------------------------------------------------------------------------------------------


def test_evaluate_substitutes_output_and_parameters() -> None:
    alpha = sympy.Symbol("alpha", positive=True)
    problem = Problem(z=z, a=a, g=sympy.Max(alpha * z, z), parameters={alpha: sympy.Rational(1, 100)})
    assert format_number(evaluate(alpha * a, problem, sympy.Integer(-10), 30)) == "-0.001"
    value = evaluate(a * (1 - a), sigmoid_problem(), sympy.Integer(0), 30)
    assert value == mpmath.mpf("0.25")


def test_evaluate_is_accurate_despite_cancellation() -> None:
    value = evaluate(a * (1 - a), sigmoid_problem(), sympy.Integer(100), 30)
    assert value is not None
    with mpmath.workdps(60):
        truth = mpmath.exp(-100) / (1 + mpmath.exp(-100)) ** 2
        assert abs(value - truth) < truth * mpmath.mpf("1e-28")


def test_evaluate_gives_none_when_precision_cannot_reach_the_value() -> None:
    # 1 - a at z = 1000 is ~e^-1000: fixed precision gives 0, which must not be passed off as the value.
    assert evaluate(a * (1 - a), sigmoid_problem(), sympy.Integer(1000), 30) is None


@pytest.mark.parametrize(
    ("expr", "point"),
    [
        (sympy.log(z), 0),
        (sympy.log(z), -1),
        (sympy.sqrt(z), -2),
        (1 / z, 0),
        (sympy.atanh(z), 2),
        (sympy.Piecewise((1, z < 0), (2, z > 0)), 0),
        (sympy.exp(sympy.exp(sympy.exp(sympy.exp(z)))), 100),
    ],
)
def test_evaluate_undefined(expr: sympy.Expr, point: int) -> None:
    assert evaluate(expr, sigmoid_problem(), sympy.Integer(point), 30) is None


def test_evaluate_exact_zero_from_exact_terms() -> None:
    assert evaluate((1 + sympy.sign(z)) / 2, sigmoid_problem(), sympy.Integer(-10), 30) == 0


def test_piecewise_conditions_are_decided_exactly_at_boundaries() -> None:
    problem = sigmoid_problem()
    closed = sympy.Piecewise((0, z < 0), (1, z >= 0))
    assert evaluate(closed, problem, sympy.Integer(0), 30) == 1
    open_right = sympy.Piecewise((0, z <= sympy.Rational(1, 3)), (1, True))
    assert evaluate(open_right, problem, sympy.Rational(1, 3), 30) == 0
    # A float comparison would see 1/3 - 10**-40 as 1/3; the exact one does not.
    assert evaluate(open_right, problem, sympy.Rational(1, 3) + sympy.Rational(1, 10**40), 30) == 1


def test_on_boundary() -> None:
    assert on_boundary(sympy.Heaviside(z), z, sympy.Integer(0))
    assert not on_boundary(sympy.Heaviside(z), z, sympy.Integer(1))
    assert on_boundary(sympy.Piecewise((0, z < 1), (1, True)), z, sympy.Integer(1))
    assert on_boundary(sympy.sign(z - sympy.Rational(1, 2)), z, sympy.Rational(1, 2))
    assert not on_boundary(sympy.exp(z), z, sympy.Integer(0))


# --- certify_difference -----------------------------------------------------------------------------------


def test_wrong_sigmoid_claim_is_certified_at_zero() -> None:
    problem = sigmoid_problem()
    truth = sympy.diff(SIGMOID, z)
    found = certify_difference(problem, truth, a * (1 + a), sympy.Integer(0))
    assert found == Counterexample(point="0", expected="0.25", claimed="0.75")


def test_cancellation_is_not_a_counterexample() -> None:
    problem = sigmoid_problem()
    truth = sympy.diff(SIGMOID, z)
    assert certify_difference(problem, truth, a * (1 - a), sympy.Integer(1000)) is None
    assert certify_difference(problem, truth, a * (1 - a), sympy.Integer(100)) is None


def test_sympy_issue_23086_constant_is_certified_nonzero() -> None:
    constant = 180 * sympy.acos(sympy.Rational(7823207, 7823209)) / sympy.pi
    found = certify_difference(sigmoid_problem(), constant, sympy.Integer(0), sympy.Integer(3))
    assert found is not None
    assert found.expected.startswith("0.04096945350998")
    assert found.claimed == "0"


def test_decimal_approximation_of_log10_is_certified_different() -> None:
    decimal = sympy.Rational(2302585092994046, 10**15)  # the exact value of the decimal 2.302585092994046
    found = certify_difference(sigmoid_problem(), sympy.log(10), decimal, sympy.Integer(1))
    assert found is not None
    assert found.expected != found.claimed
    assert found.expected.startswith("2.302585092994045")


def test_an_undefined_side_is_not_a_counterexample() -> None:
    problem = sigmoid_problem()
    claim = sympy.Piecewise((0, z < 0), (1, z > 0))
    assert certify_difference(problem, sympy.Integer(5), claim, sympy.Integer(0)) is None
    assert certify_difference(problem, sympy.log(z), sympy.Integer(0), sympy.Integer(-1)) is None


def test_branch_points_certify_nothing_unless_asked() -> None:
    problem = Problem(z=z, a=a, g=sympy.Max(0, z))
    truth = sympy.diff(problem.g, z)  # Heaviside(z): 1/2 at 0 is sympy's convention, not a derivative
    claim = sympy.Piecewise((0, z < 0), (1, z >= 0))
    assert certify_difference(problem, truth, claim, sympy.Integer(0)) is None
    forced = certify_difference(problem, truth, claim, sympy.Integer(0), boundaries=True)
    assert forced == Counterexample(point="0", expected="0.5", claimed="1")


def test_huge_values_do_not_hang_certification() -> None:
    g = sympy.exp(sympy.exp(sympy.exp(sympy.exp(sympy.exp(z)))))
    problem = Problem(z=z, a=a, g=g)
    assert certify_difference(problem, sympy.diff(g, z), a, sympy.Integer(100)) is None


# --- find_counterexample ----------------------------------------------------------------------------------


def test_true_claims_have_no_counterexample() -> None:
    problem = sigmoid_problem()
    truth = sympy.diff(SIGMOID, z)
    assert find_counterexample(problem, truth, a * (1 - a), search_points(problem)) is None
    tanh = Problem(z=z, a=a, g=sympy.tanh(z))
    assert find_counterexample(tanh, sympy.diff(tanh.g, z), 1 - a**2, search_points(tanh)) is None


def test_first_certified_point_wins() -> None:
    problem = sigmoid_problem()
    found = find_counterexample(problem, sympy.diff(SIGMOID, z), a * (1 + a), search_points(problem))
    assert found is not None and found.point == "0"
    tanh = Problem(z=z, a=a, g=sympy.tanh(z))
    found = find_counterexample(tanh, sympy.diff(tanh.g, z), 1 - a, search_points(tanh))
    assert found is not None and found.point == "10"


def test_relu_claims_at_the_kink_are_not_refuted() -> None:
    problem = Problem(z=z, a=a, g=sympy.Max(0, z))
    truth = sympy.diff(problem.g, z)
    points = search_points(problem)
    for claim in (sympy.Heaviside(z), sympy.Piecewise((0, z < 0), (1, z >= 0)),
                  sympy.Piecewise((0, z < 0), (1, z > 0)), sympy.Piecewise((0, z <= 0), (1, True))):
        assert find_counterexample(problem, truth, claim, points) is None
    wrong = find_counterexample(problem, truth, sympy.Piecewise((0, z < 0), (2, True)), points)
    assert wrong == Counterexample(point="10", expected="1", claimed="2")


def test_leaky_relu_with_parameter() -> None:
    alpha = sympy.Symbol("alpha", positive=True)
    problem = Problem(z=z, a=a, g=sympy.Max(alpha * z, z), parameters={alpha: sympy.Rational(1, 100)})
    truth = sympy.diff(problem.g, z)
    points = search_points(problem)
    assert find_counterexample(problem, truth, sympy.Piecewise((alpha, z < 0), (1, True)), points) is None
    swapped = find_counterexample(problem, truth, sympy.Piecewise((1, z < 0), (alpha, True)), points)
    assert swapped == Counterexample(point="10", expected="1", claimed="0.01")


# --- agreement --------------------------------------------------------------------------------------------


def test_agreement_confirms_true_claims() -> None:
    problem = sigmoid_problem()
    truth = sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2
    result = agreement(problem, truth, a * (1 - a), sample_points(problem, 32, seed=1), need=8)
    assert len(result.agreeing) == 8
    assert result.disagreeing == ()


def test_agreement_accepts_exact_zeros() -> None:
    problem = Problem(z=z, a=a, g=sympy.Max(0, z))
    points = [sympy.Integer(-3), sympy.Rational(-7, 3)]
    result = agreement(problem, sympy.Integer(0), (1 + sympy.sign(z)) / 2, points, need=2)
    assert result.agreeing == tuple(points)


def test_agreement_reports_a_certified_disagreement() -> None:
    problem = sigmoid_problem()
    constant = 180 * z * sympy.acos(sympy.Rational(7823207, 7823209)) / sympy.pi
    result = agreement(problem, sympy.diff(constant, z), sympy.Integer(0), sample_points(problem, 32), need=8)
    assert result.agreeing == ()
    assert len(result.disagreeing) == 1


def test_agreement_samples_more_points_when_given_too_few() -> None:
    problem = sigmoid_problem()
    truth = sympy.diff(SIGMOID, z)
    result = agreement(problem, truth, a * (1 - a), [sympy.Integer(1)], need=8)
    assert len(result.agreeing) == 8
    assert result.agreeing[0] == 1


def test_agreement_counts_undefined_points_as_inconclusive() -> None:
    problem = problem_on(sympy.S.Reals, g=z)
    points = [sympy.Integer(-1), sympy.Integer(-2), sympy.Integer(3)]
    # log(z) is complex for z < 0, where log(z**2)/2 is real: no agreement there, and no counterexample.
    result = agreement(problem, sympy.log(z**2) / 2, sympy.log(z), points, need=1)
    assert result.inconclusive == 2 and result.agreeing == (3,)
