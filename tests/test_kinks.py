"""Kink analysis: continuity and one-sided derivatives at breakpoints, and the values declared under `at:`."""

from __future__ import annotations

import sympy
from sympy import Rational as R

from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.kinks.declared import DeclaredValue
from derivcheck.engine.kinks.onesided import value_at
from derivcheck.engine.numbers.exact_sign import equal, less, sign
from derivcheck.engine.problem import Problem, parameter_symbol
from derivcheck.results.checks import Check, Kink, Verdict

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)


def run(g: sympy.Expr, *declared: tuple[object, object], claim: sympy.Expr | None = None,
        parameters: dict[sympy.Symbol, sympy.Expr] | None = None,
        interval: sympy.Set = sympy.S.Reals) -> tuple[tuple[Kink, ...], tuple[Check, ...]]:
    problem = Problem(z=z, a=a, g=g, parameters=parameters or {}, interval=interval)
    values = [DeclaredValue(sympy.S(p), sympy.S(v), line=i + 1) for i, (p, v) in enumerate(declared)]
    return analyse_kinks(problem, values, claimed_derivative=claim)


def only(kinks: tuple[Kink, ...]) -> Kink:
    assert len(kinks) == 1, kinks
    return kinks[0]


# --- ReLU and its relatives ---------------------------------------------------------------------------------

def test_relu_kink_at_zero_is_continuous_and_not_differentiable() -> None:
    kinks, checks = run(sympy.Max(0, z))
    kink = only(kinks)
    assert (kink.point, kink.continuous, kink.left, kink.right) == ("0", True, "0", "1")
    assert kink.differentiable is False
    assert kink.declared is None
    assert kink.message == "undefined at z = 0: left derivative 0, right derivative 1"
    assert checks == ()  # an undeclared kink is reported, never a failure


def test_relu_declared_values_inside_the_subgradient_interval_are_proved() -> None:
    kinks, checks = run(sympy.Max(0, z), (0, 1), (0, 0), (0, R(1, 2)))
    assert only(kinks).declared == "1"
    assert [c.verdict for c in checks] == [Verdict.PROVED] * 3
    assert all(c.kind == "at" and c.label == "g'(0)" for c in checks)
    assert checks[0].method == "subgradient interval [0, 1]"
    assert "equals the right derivative" in checks[0].message
    assert "equals the left derivative" in checks[1].message
    assert "strictly between" in checks[2].message
    assert [c.line for c in checks] == [1, 2, 3]


def test_relu_declared_value_outside_the_interval_is_refuted_with_a_counterexample() -> None:
    _, (check,) = run(sympy.Max(0, z), (0, 2))
    assert check.verdict is Verdict.REFUTED
    assert check.counterexample is not None
    assert (check.counterexample.point, check.counterexample.expected, check.counterexample.claimed) == (
        "0", "[0, 1]", "2")
    _, (negative,) = run(sympy.Max(0, z), (0, R(-1, 10**30)))
    assert negative.verdict is Verdict.REFUTED  # just below the left derivative: exact, not rounded


def test_leaky_relu() -> None:
    kinks, checks = run(sympy.Max(z / 100, z), (0, 1), (0, R(1, 100)), (0, R(1, 200)))
    kink = only(kinks)
    assert (kink.left, kink.right, kink.differentiable) == ("1/100", "1", False)
    assert [c.verdict for c in checks] == [Verdict.PROVED, Verdict.PROVED, Verdict.REFUTED]
    assert checks[2].counterexample is not None and checks[2].counterexample.expected == "[1/100, 1]"


def test_abs() -> None:
    kink = only(run(sympy.Abs(z))[0])
    assert (kink.continuous, kink.left, kink.right, kink.differentiable) == (True, "-1", "1", False)


def test_concave_kink_orders_the_interval() -> None:
    kinks, checks = run(-sympy.Abs(z), (0, 1), (0, -1), (0, 2))
    assert (only(kinks).left, only(kinks).right) == ("1", "-1")
    assert [c.verdict for c in checks] == [Verdict.PROVED, Verdict.PROVED, Verdict.REFUTED]
    assert checks[0].method == "subgradient interval [-1, 1]"


def test_hard_tanh_has_two_kinks_in_order() -> None:
    kinks, _ = run(sympy.Max(-1, sympy.Min(1, z)))
    assert [(k.point, k.left, k.right, k.differentiable) for k in kinks] == [
        ("-1", "0", "1", False), ("1", "1", "0", False)]


def test_kink_at_an_irrational_point() -> None:
    kinks, (check,) = run(sympy.Max(sympy.exp(z), 2), (sympy.log(2), 1))
    kink = only(kinks)
    assert (kink.point, kink.left, kink.right) == ("log(2)", "0", "2")
    assert check.verdict is Verdict.PROVED


# --- parameters ---------------------------------------------------------------------------------------------

def test_softshrink_kinks_follow_the_parameter_value() -> None:
    lam = parameter_symbol("lam", R(1, 2))
    g = sympy.Piecewise((z - lam, z > lam), (z + lam, z < -lam), (0, True))
    kinks, checks = run(g, (lam, lam), (-lam, 2), parameters={lam: R(1, 2)})
    assert [(k.point, k.left, k.right, k.continuous) for k in kinks] == [
        ("-1/2", "1", "0", True), ("1/2", "0", "1", True)]
    assert kinks[1].declared == "1/2"
    assert [c.label for c in checks] == ["g'(1/2)", "g'(-1/2)"]
    assert [c.verdict for c in checks] == [Verdict.PROVED, Verdict.REFUTED]


def test_elu_is_differentiable_at_zero_only_when_alpha_is_one() -> None:
    alpha = parameter_symbol("alpha", R(1))
    g = sympy.Piecewise((z, z > 0), (alpha * (sympy.exp(z) - 1), True))
    kink = only(run(g, parameters={alpha: R(1)})[0])
    assert (kink.differentiable, kink.message) == (True, "differentiable at z = 0 (g' = 1)")
    half = parameter_symbol("alpha", R(1, 2))
    kink = only(run(g.xreplace({alpha: half}), parameters={half: R(1, 2)})[0])
    assert (kink.left, kink.right, kink.differentiable) == ("1/2", "1", False)


# --- smooth points and discontinuities ----------------------------------------------------------------------

def test_declared_value_at_a_smooth_point_must_equal_the_derivative() -> None:
    kinks, (good, bad) = run(1 / (1 + sympy.exp(-z)), (0, R(1, 4)), (0, R(1, 2)))
    assert only(kinks).message == "differentiable at z = 0 (g' = 1/4)"
    assert (good.verdict, good.method) == (Verdict.PROVED, "g' at a smooth point")
    assert bad.verdict is Verdict.REFUTED
    assert bad.counterexample is not None and (bad.counterexample.expected, bad.counterexample.claimed) == (
        "1/4", "1/2")


def test_irrational_derivative_value_is_compared_exactly() -> None:
    mish = z * sympy.tanh(sympy.log(1 + sympy.exp(z)))  # g'(0) = tanh(log 2) = 3/5
    _, (exact, close) = run(mish, (0, R(3, 5)), (0, R(3, 5) + R(1, 10**20)))
    assert exact.verdict is Verdict.PROVED
    assert close.verdict is Verdict.REFUTED


def test_binary_step_is_not_continuous() -> None:
    # At a jump g has no derivative; a declared value equal to a one-sided derivative is a convention.
    kinks, (check, wrong) = run(sympy.Piecewise((0, z < 0), (1, True)), (0, 0), (0, 1))
    kink = only(kinks)
    assert (kink.continuous, kink.differentiable, kink.left, kink.right, kink.jump) == (False, False, "0", "0", True)
    assert kink.message == "not continuous at z = 0 (jump from 0 to 1): no derivative"
    assert check.verdict is Verdict.PROVED
    assert check.message == "g jumps at z = 0: no derivative; 0 is both the left and the right derivative"
    assert wrong.verdict is Verdict.REFUTED
    assert "(left derivative 0, right derivative 0), not 1" in wrong.message


def test_removable_discontinuity_is_never_proved() -> None:
    # Both one-sided derivatives are 1, but g(0) = 1 breaks continuity: g has no derivative at 0.
    kinks, (check,) = run(sympy.Piecewise((z, sympy.Ne(z, 0)), (1, True)), (0, 1))
    assert only(kinks).continuous is False
    assert check.verdict is Verdict.REFUTED


def test_pole_is_a_jump_to_infinity() -> None:
    kinks, (check,) = run(1 / z, (0, 0))
    assert only(kinks).message == "not continuous at z = 0 (jump from -oo to oo): no derivative"
    assert check.verdict is Verdict.REFUTED


def test_point_where_the_formula_has_no_value_is_undecided() -> None:
    _, (check,) = run(sympy.Piecewise((z, z < 0), (z**2, z > 0)), (0, 0))
    assert check.verdict is Verdict.UNDECIDED


# --- Heaviside(0) = 1/2 never decides -----------------------------------------------------------------------

def test_relu_written_with_heaviside() -> None:
    kinks, checks = run(z * sympy.Heaviside(z), (0, 1), (0, 2))
    kink = only(kinks)
    assert (kink.continuous, kink.left, kink.right, kink.differentiable) == (True, "0", "1", False)
    assert [c.verdict for c in checks] == [Verdict.PROVED, Verdict.REFUTED]
    assert all("1/2" not in text for text in (kink.message, checks[0].message, checks[1].message))


def test_derivative_heaviside_inside_a_smooth_function() -> None:
    # d/dz of Max(0, z) is Heaviside(z); Max(0, z)**2 is differentiable at 0 with g' = 0 from both sides.
    kink = only(run(sympy.Max(0, z) ** 2)[0])
    assert (kink.left, kink.right, kink.differentiable) == ("0", "0", True)


def test_value_depending_on_the_heaviside_convention_is_undecided() -> None:
    kinks, (check,) = run(sympy.Heaviside(z) + sympy.Heaviside(-z), (0, 0))
    assert only(kinks).continuous is None
    assert check.verdict is Verdict.UNDECIDED
    assert "Heaviside(0)" in check.message


def test_claim_that_assigns_a_value_at_the_kink_is_mentioned_not_used() -> None:
    piecewise = sympy.Piecewise((0, z < 0), (1, z >= 0))
    kinks, checks = run(sympy.Max(0, z), claim=piecewise)
    assert checks == ()
    assert "the claim's Piecewise gives 1 at z = 0; not used — declare it under at:" in only(kinks).message
    kinks, _ = run(sympy.Max(0, z), claim=sympy.Heaviside(z))
    assert "the claim's Heaviside gives 1/2 at z = 0" in only(kinks).message
    assert only(kinks).differentiable is False


# --- candidates and the domain ------------------------------------------------------------------------------

def test_claim_breakpoints_and_declared_points_are_candidates() -> None:
    sigmoid = 1 / (1 + sympy.exp(-z))
    kinks, _ = run(sigmoid, (3, R(1, 4)), claim=sympy.Piecewise((1, z < 2), (0, True)))
    assert [(k.point, k.differentiable) for k in kinks] == [("2", True), ("3", True)]


def test_breakpoints_outside_the_domain_are_dropped() -> None:
    kinks, _ = run(sympy.Max(0, z - 5) + sympy.Abs(z), interval=sympy.Interval(-1, 1))
    assert [k.point for k in kinks] == ["0"]


def test_end_of_the_domain_uses_the_one_sided_derivative() -> None:
    kinks, (wrong, right) = run(sympy.Max(0, z), (0, 0), (0, 1), interval=sympy.Interval(0, sympy.oo))
    assert only(kinks).differentiable is True and "end of the domain" in only(kinks).message
    assert (wrong.verdict, right.verdict) == (Verdict.REFUTED, Verdict.PROVED)


def test_declared_value_that_is_not_a_number_is_an_error() -> None:
    _, (check,) = run(sympy.Max(0, z), (0, z))
    assert check.verdict is Verdict.ERROR


# --- exact comparison of constants --------------------------------------------------------------------------

def test_sign_is_not_fooled_by_a_tiny_constant() -> None:
    # sympy issue 23086: simplify has returned 0 for this nonzero constant.
    assert sign(180 * sympy.acos(R(7823207, 7823209)) / sympy.pi) == 1
    assert sign(sympy.log(2) + sympy.log(3) - sympy.log(6)) == 0
    assert sign(sympy.exp(-1000)) == 1
    assert sign(sympy.nan) is None


def test_equal_and_less_handle_infinities() -> None:
    assert equal(sympy.oo, sympy.oo) is True
    one, zero = sympy.S.One, sympy.S.Zero
    assert equal(sympy.oo, one) is False
    assert less(-sympy.oo, zero) is True and less(zero, -sympy.oo) is False
    assert equal(sympy.tanh(sympy.log(2)), R(3, 5)) is True


def test_value_at_refuses_to_let_the_heaviside_convention_decide() -> None:
    assert value_at(z * sympy.Heaviside(z), z, sympy.S.Zero) == 0
    assert isinstance(value_at(sympy.Heaviside(z), z, sympy.S.Zero), str)
