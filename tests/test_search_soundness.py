"""A proof's scope is what was proved; a local or tiny error is found and certified; a true claim never refuted."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import pytest
import sympy
from conftest import EXAMPLES, SPECS, run_files
from sympy import Interval, Piecewise, Rational, Symbol, exp, oo, sqrt, tanh

from derivcheck.engine.domain_set import symbolic_interval
from derivcheck.engine.numbers import certify as certify_module
from derivcheck.engine.numbers.certify import certify_difference, find_counterexample
from derivcheck.engine.numbers.exact_sign import less
from derivcheck.engine.numbers.points import sample_points
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove import decide as decide_module
from derivcheck.engine.prove.branch_points import branch_points
from derivcheck.engine.prove.decide import decide
from derivcheck.engine.prove.symbolic import ProofAttempt
from derivcheck.results.checks import Check, CheckKind, SpecResult, Verdict

z = Symbol("z", real=True)
a = Symbol("a", real=True)
alpha = Symbol("alpha", positive=True)
SIGMOID = 1 / (1 + exp(-z))
TINY = Rational(1, 10**30)
STEP_AT_SQRT2 = Piecewise((z, z < sqrt(2)), (2 * z - sqrt(2), True))
POINTS = (0, 10, -10, 100)

# --- the scope of a proof over parameters --------------------------------------------------------------------

SCOPE_SPECS = {
    # abs(z - 1/2) is smooth on z > 1 but not on z > 1/4: true for alpha = 1 only.
    "kink_enters_the_domain": """\
name: kink_enters_the_domain
parameters:
  alpha: 1
domain: z > alpha
function: abs(z - 1/2)
derivative: "1"
derivation:
  - sign(z - 1/2)
""",
    # z > 0 only at alpha = 1: sqrt(z**2) = z must not be proved for every alpha > 0.
    "sign_of_z_at_the_value": """\
name: sign_of_z_at_the_value
parameters:
  alpha: 1
domain: z > alpha - 1
function: sqrt(z**2)
derivative: "1"
""",
    # z > alpha > 0 for every alpha > 0: here the generalisation holds and is proved over (alpha, oo).
    "kink_outside_for_every_value": """\
name: kink_outside_for_every_value
parameters:
  alpha: 1
domain: z > alpha
function: abs(z)
derivative: "1"
""",
}


@pytest.fixture(scope="module")
def scoped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SpecResult]:
    folder = tmp_path_factory.mktemp("scope")
    paths = []
    for name, text in SCOPE_SPECS.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    paths += [EXAMPLES / "good" / "prelu_symbolic.yaml", SPECS / "prelu.yaml"]
    return {spec.name: spec for spec in run_files(*paths).specs}


def proved_claims(spec: SpecResult) -> list[Check]:
    claims = [c for c in spec.checks if c.kind in ("derivative", "derivation")]
    assert claims and all(c.verdict is Verdict.PROVED for c in claims), [(c.label, c.message) for c in claims]
    return claims


@pytest.mark.parametrize("name", ["kink_enters_the_domain", "sign_of_z_at_the_value"])
def test_a_proof_that_used_the_parameter_values_claims_only_those(scoped: dict[str, SpecResult], name: str) -> None:
    derivative = next(c for c in proved_claims(scoped[name]) if c.kind == "derivative")
    assert derivative.method is not None and derivative.method.endswith("(for alpha = 1 only)")
    assert "for all" not in derivative.method


def test_a_derivation_link_that_used_the_parameter_values_claims_only_those(scoped: dict[str, SpecResult]) -> None:
    links = {c.label: c for c in proved_claims(scoped["kink_enters_the_domain"]) if c.kind == "derivation"}
    # sign(z - 1/2) = 1 needs the kink outside the domain: true at alpha = 1, not for every alpha > 0.
    assert links["claim"].method is not None and links["claim"].method.endswith("(for alpha = 1 only)")


def test_a_generalisation_proved_over_the_symbolic_domain_is_claimed(scoped: dict[str, SpecResult]) -> None:
    derivative = next(c for c in proved_claims(scoped["kink_outside_for_every_value"]) if c.kind == "derivative")
    assert derivative.method is not None and derivative.method.endswith("(for all alpha > 0)")


@pytest.mark.parametrize(("name", "scope"), [("prelu_symbolic", "(for all beta > 0)"),
                                             ("prelu", "(for all alpha > 0)")])
def test_parameters_without_a_domain_keep_their_generalisation(scoped: dict[str, SpecResult], name: str,
                                                               scope: str) -> None:
    derivative = next(c for c in proved_claims(scoped[name]) if c.kind == "derivative")
    assert derivative.method is not None and derivative.method.endswith(scope)


@pytest.mark.parametrize(("condition", "expected"), [
    (z > alpha, Interval.open(alpha, oo)),
    (z >= alpha - 1, Interval(alpha - 1, oo)),
    (sympy.And(-alpha < z, z < alpha), Interval.open(-alpha, alpha)),
    (alpha * z <= 1, Interval(-oo, 1 / alpha)),
    (sympy.And(z > alpha, z > 0), Interval.open(alpha, oo)),  # alpha > 0 is the tighter bound for every alpha
])
def test_symbolic_interval_of_bounds_linear_in_z(condition: sympy.Basic, expected: sympy.Set) -> None:
    assert symbolic_interval(condition, z) == expected


@pytest.mark.parametrize("condition", [
    (alpha - 1) * z > 0,  # the direction depends on alpha
    z**2 < alpha,
    sympy.And(z > alpha, z > 1),  # which bound is tighter depends on alpha
    sympy.Or(z < -alpha, z > alpha),
    sympy.Ne(z, alpha),
])
def test_symbolic_interval_refuses_what_depends_on_the_values(condition: sympy.Basic) -> None:
    assert symbolic_interval(condition, z) is None


def test_a_proof_for_every_value_may_not_use_a_domain_it_cannot_keep_symbolic() -> None:
    problem = Problem(z=z, a=a, g=abs(z - Rational(1, 2)), parameters={alpha: sympy.Integer(1)},
                      domain=z**2 > alpha, interval=sympy.Union(Interval.open(-oo, -1), Interval.open(1, oo)))
    assert problem.interval_for(for_all=False) == problem.interval
    assert problem.interval_for(for_all=True) is None
    assert Problem(z=z, a=a, g=z, parameters={alpha: sympy.Integer(1)}).interval_for(for_all=True) == sympy.S.Reals


# --- false claims that hide between breakpoints or below float64 ---------------------------------------------


def run(g: sympy.Expr, claimed: sympy.Expr, points: Sequence[int] = POINTS) -> Check:
    problem = Problem(z=z, a=a, g=g)
    return decide(problem, sympy.diff(g, z), claimed, kind=CheckKind.DERIVATIVE, label="g'(z)",
                  points=[sympy.Integer(p) for p in points], deadline=time.monotonic() + 30)


def bump(base: sympy.Expr) -> sympy.Expr:
    return Piecewise((base + Rational(1, 100), (z > Rational(7, 3)) & (z < Rational(12, 5))), (base, True))


@pytest.mark.parametrize(("g", "claimed"), [
    (z**2 / 2, bump(z)),
    (SIGMOID, bump(a * (1 - a))),
])
def test_a_local_bump_is_refuted_inside_its_interval(g: sympy.Expr, claimed: sympy.Expr) -> None:
    check = run(g, claimed)
    assert check.verdict is Verdict.REFUTED, check.message
    assert check.counterexample is not None
    point = Rational(check.counterexample.point)
    assert Rational(7, 3) < point < Rational(12, 5)


@pytest.mark.parametrize("boundary", [
    Rational(141421356237, 10**11),  # 3.1e-12 below sqrt(2)
    Rational(141421356238, 10**11),  # 6.9e-12 above
    sqrt(2) + Rational(1, 10**40),
    sqrt(2) - Rational(1, 10**40),
])
def test_a_boundary_next_to_the_true_one_is_refuted_between_them(boundary: sympy.Expr) -> None:
    check = run(STEP_AT_SQRT2, Piecewise((1, z < boundary), (2, True)))
    assert check.verdict is Verdict.REFUTED, check.message
    assert check.counterexample is not None
    point = Rational(check.counterexample.point)
    assert less(sympy.Min(boundary, sqrt(2)), point) and less(point, sympy.Max(boundary, sqrt(2)))
    assert {check.counterexample.expected, check.counterexample.claimed} == {"1", "2"}


@pytest.mark.parametrize("tiny", [TINY, Rational(1, 10**300)])
def test_a_factor_far_below_float64_is_refuted(tiny: sympy.Expr) -> None:
    check = run(exp(z), (1 + tiny) * exp(z))
    assert check.verdict is Verdict.REFUTED, check.message
    assert check.counterexample is not None
    assert check.counterexample.expected != check.counterexample.claimed


def test_a_difference_beyond_the_precision_cap_is_left_undecided() -> None:
    assert run(exp(z), (1 + Rational(1, 10**1000)) * exp(z)).verdict is Verdict.UNDECIDED


def test_certification_rises_to_the_precision_a_tiny_difference_needs() -> None:
    problem = Problem(z=z, a=a, g=exp(z))
    found = certify_difference(problem, exp(z), (1 + TINY) * exp(z), sympy.Integer(0))
    assert found is not None
    assert (found.expected, found.claimed) == ("1", "1.000000000000000000000000000001")


def test_the_unclosed_piece_is_searched_first() -> None:
    problem = Problem(z=z, a=a, g=z**2 / 2)
    points = branch_points(problem, (z, bump(z)), first=(Rational(7, 3), Rational(12, 5)))
    assert points and Rational(7, 3) < points[0] < Rational(12, 5)


def test_branch_points_lie_strictly_inside_pieces_however_close_the_breakpoints() -> None:
    close = sqrt(2) + Rational(1, 10**40)
    problem = Problem(z=z, a=a, g=STEP_AT_SQRT2, domain=z > 1, interval=Interval.open(1, oo))
    points = branch_points(problem, (Piecewise((1, z < close), (2, True)),))
    assert all(p.is_Rational and p > 1 for p in points)
    between = [p for p in points if less(sqrt(2), p) and less(p, close)]
    assert len(between) >= 3  # the middle of the sliver and near both of its ends
    assert not any(p in (sqrt(2), close) for p in points)


# --- the rules certification keeps --------------------------------------------------------------------------

Evaluator = Callable[[sympy.Expr, int], Any]


def patched(monkeypatch: pytest.MonkeyPatch, fake: Callable[[Evaluator, sympy.Expr, int], Any]) -> None:
    """Replace the strict evaluation certify_difference relies on by `fake(real, expr, dps)`."""
    real = certify_module.strict_evalf
    monkeypatch.setattr(certify_module, "strict_evalf", lambda exact, dps: fake(real, exact, dps))


@pytest.mark.parametrize(("g", "claimed"), [
    (SIGMOID, a * (1 + a)),  # wrong by a lot
    (exp(z), (1 + TINY) * exp(z)),  # wrong far below float64
])
def test_precisions_that_disagree_on_the_difference_certify_nothing(
    monkeypatch: pytest.MonkeyPatch, g: sympy.Expr, claimed: sympy.Expr,
) -> None:
    def drifting(real: Evaluator, exact: sympy.Expr, dps: int) -> Any:
        value = real(exact, dps)
        with mpmath.workdps(dps + 20):  # drift by 1e-10 at 30 digits, 1e-20 at 60, ...
            return None if value is None else value * (1 + mpmath.mpf(10) ** -(dps // 3))

    patched(monkeypatch, drifting)
    assert run(g, claimed).verdict is Verdict.UNDECIDED


def test_a_tiny_difference_that_the_higher_precisions_do_not_confirm_certifies_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def drifting_above(real: Evaluator, exact: sympy.Expr, dps: int) -> Any:
        value = real(exact, dps)
        if value is None or dps in certify_module.CERTIFY_DIGITS:
            return value
        with mpmath.workdps(dps + 20):  # exact at (30, 60) digits, drifting beyond
            return value * (1 + mpmath.mpf(10) ** -(dps // 2))

    patched(monkeypatch, drifting_above)
    assert run(exp(z), (1 + TINY) * exp(z)).verdict is Verdict.UNDECIDED


def test_sides_that_contradict_their_difference_certify_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    claimed = 2 * exp(z)

    def same_sides(real: Evaluator, exact: sympy.Expr, dps: int) -> Any:
        if not exact.has(sympy.Add) and exact.has(sympy.Integer(2)):  # the claim alone: give the truth's value
            return real(exact / 2, dps)
        return real(exact, dps)

    patched(monkeypatch, same_sides)
    assert certify_difference(Problem(z=z, a=a, g=exp(z)), exp(z), claimed, Rational(1, 3)) is None


def test_the_fast_screens_alone_never_refute(monkeypatch: pytest.MonkeyPatch) -> None:
    patched(monkeypatch, lambda real, exact, dps: None)
    for g, claimed in [(SIGMOID, a * (1 + a)), (z**2 / 2, bump(z)), (exp(z), (1 + TINY) * exp(z))]:
        assert run(g, claimed).verdict is Verdict.UNDECIDED


# --- near misses that are true ------------------------------------------------------------------------------

NEAR_MISSES = {
    # Exact sqrt(2) boundaries where g is continuous: equal on both sides of the kink, unequal nowhere.
    "sqrt2 boundary": (STEP_AT_SQRT2, sympy.diff(STEP_AT_SQRT2, z), Piecewise((1, z < sqrt(2)), (2, True))),
    # The claim's `<=` against g's `<`: they differ only on the boundary, where a convention decides.
    "boundary convention": (STEP_AT_SQRT2, sympy.diff(STEP_AT_SQRT2, z), Piecewise((1, z <= sqrt(2)), (2, True))),
    # ReLU's step with the other convention at its kink: the sides differ at z = 0 only, where sympy's
    # Heaviside(0) = 1/2 and the claim's `<=` are conventions, not g.
    "relu convention": (sympy.Max(0, z), sympy.diff(sympy.Max(0, z), z), Piecewise((0, z <= 0), (1, True))),
    # The notes' identity at large |z|, where 1 - tanh(z)**2 cancels 40 and more digits.
    "tanh identity": (tanh(z), 1 - tanh(z) ** 2, 4 / (exp(z) + exp(-z)) ** 2),
    # sigmoid' = a(1 - a) at z = 100, where the value is 3.7e-44 and 1 - a cancels.
    "sigmoid far out": (SIGMOID, sympy.diff(SIGMOID, z), a * (1 - a)),
    # The same factor 1 + 1e-30 on both sides, written differently.
    "tiny factor on both sides": ((1 + TINY) * exp(z), sympy.diff((1 + TINY) * exp(z), z),
                                  (1 + TINY) * (sympy.cosh(z) + sympy.sinh(z))),
    "tiny term on both sides": (exp(z) + TINY * z, exp(z) + TINY, sympy.cosh(z) + sympy.sinh(z) + TINY),
}
FAR_POINTS = (0, 10, -10, 20, -20, 100, -100, 300, -300, 700)


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_a_near_miss_that_is_true_is_never_refuted(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """With no proof allowed, every search runs (spot points, branch intervals, samples): none may refute."""
    g, truth, claimed = NEAR_MISSES[name]
    monkeypatch.setattr(decide_module, "prove_zero",
                        lambda *args, **kwargs: ProofAttempt(False, None, "no proof allowed"))
    problem = Problem(z=z, a=a, g=g)
    check = decide(problem, truth, claimed, kind=CheckKind.IDENTITY, label=name,
                   points=[sympy.Integer(p) for p in FAR_POINTS], deadline=time.monotonic() + 30)
    assert check.verdict is Verdict.UNDECIDED, (check.message, check.counterexample)
    near = branch_points(problem, (truth, claimed))
    everywhere = [*near, *sample_points(problem, 64, seed=3), *(sympy.Integer(p) for p in FAR_POINTS)]
    assert find_counterexample(problem, truth, claimed, everywhere) is None

