"""Claims of several variables end to end: what a proof covers, counterexamples in every variable, the numeric
check of proofs for every n, labels, kinks along each variable, and the result cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy
from conftest import EXAMPLES, SPECS, run_files
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.results.checks import Check, SpecResult, Verdict
from derivcheck.results.scope import Coverage, Size, Span, scope_text
from derivcheck.run.result_codec import from_json, to_json


def _one(path: Path) -> SpecResult:
    (spec,) = run_files(path).specs
    return spec


def _claim(spec: SpecResult, label: str) -> Check:
    (check,) = [c for c in spec.checks if c.label == label]
    return check


def test_the_notes_loss_is_proved_for_every_z_and_every_y() -> None:
    spec = _one(SPECS / "losses" / "bce_sigmoid.yaml")
    check = _claim(spec, "∂L/∂z")
    assert check.verdict is Verdict.PROVED and check.method == "exp-rational normal form"
    assert check.scope is not None
    assert check.scope.variables == (Span("z", Coverage.EVERY, "all real"), Span("y", Coverage.EVERY, "0 <= y <= 1"))
    assert check.partial is not None and (check.partial.output, check.partial.variable) == ("L", "z")
    assert spec.variables == ("z", "y") and [d.name for d in spec.definitions] == ["a"]
    assert [row.point for row in check.evidence][:2] == ["z = 0, y = 0", "z = 10, y = 1/4"]


def test_a_label_is_proved_value_by_value_and_the_scope_says_so() -> None:
    check = _claim(_one(SPECS / "losses" / "hinge.yaml"), "∂L/∂z")
    assert check.verdict is Verdict.PROVED
    assert check.scope is not None and check.scope.variables[1] == Span("y", Coverage.EACH, "{-1, 1}")
    assert "y in {-1, 1} (each value)" in (check.method or "")


def test_the_softmax_jacobian_is_proved_for_all_n_with_its_cases() -> None:
    check = _claim(_one(SPECS / "vector" / "softmax.yaml"), "∂a_i/∂z_j")
    assert check.verdict is Verdict.PROVED
    assert check.scope is not None
    assert check.scope.sizes == (Size("n", True),) and check.scope.cases == ("i = j", "i != j")
    assert check.method == "sums as symbols + exp-rational normal form (for all n)"
    assert check.partial is not None and (check.partial.output_index, check.partial.variable_index) == ("i", "j")
    assert check.evidence and all(row.agree for row in check.evidence)
    assert check.evidence[0].point.startswith("n = 3, i = ")


def test_the_constraint_a_proof_used_is_in_its_scope() -> None:
    check = _claim(_one(SPECS / "losses" / "softmax_cross_entropy.yaml"), "∂L/∂z_i")
    assert check.scope is not None and check.scope.constraints == ("sum(y[k], k) = 1",)
    assert "with sum(y[k], k) = 1" in scope_text(check.scope)


def test_a_proof_at_fixed_sizes_never_reads_as_one_for_all_n(write_spec) -> None:  # type: ignore[no-untyped-def]
    # relu of a sum: the sums-as-symbols argument has no branches, so only n = 1..6 are proved, one by one.
    path = write_spec("""\
name: relu_of_sum
variables:
  z: {size: n}
function: max(0, sum(z[k], k))
gradient:
  z[j]: Piecewise((1, sum(z[k], k) > 0), (0, True))
""")
    check = _claim(_one(path), "∂f/∂z_j")
    assert check.verdict is Verdict.PROVED
    assert check.scope is not None and check.scope.sizes == (Size("n", False, 1, 6),) and check.scope.limited
    assert "for n = 1..6 only, not for all n" in scope_text(check.scope)
    assert "for n = 1..6 only, not for all n" in (check.method or "")


def test_a_counterexample_names_every_variable_and_is_right() -> None:
    check = _claim(_one(EXAMPLES / "bad" / "bce_sigmoid_y_minus_a.yaml"), "∂L/∂z")
    assert check.verdict is Verdict.REFUTED and check.counterexample is not None
    cex = check.counterexample
    values = {c.name: c.value for c in cex.at}
    assert list(values) == ["z", "y"] and cex.point == f"z = {values['z']}, y = {values['y']}"
    # An independent evaluation (sympy's strict evalf) of the two sides at the point.
    z, y = (sympy.Rational(values[name]) for name in ("z", "y"))
    a = 1 / (1 + sympy.exp(-z))
    truth, claimed = (a - y).evalf(30, strict=True), (y - a).evalf(30, strict=True)
    assert abs(truth - claimed) > 1e-10
    assert abs(truth - sympy.Float(cex.expected)) < 1e-12 and abs(claimed - sympy.Float(cex.claimed)) < 1e-12


@pytest.mark.parametrize(("name", "names"), [
    ("softmax_delta_dropped", ["n", "i", "j", "z"]),
    ("mse_missing_mean", ["n", "i", "a", "y"]),
    ("softmax_cross_entropy_unconstrained", ["n", "i", "z", "y"]),
    ("hinge_wrong_side", ["z", "y"]),
])
def test_a_vector_counterexample_names_n_the_indices_and_every_entry(name: str, names: list[str]) -> None:
    (check,) = [c for c in _one(EXAMPLES / "bad" / f"{name}.yaml").checks if c.kind == "derivative"]
    assert check.verdict is Verdict.REFUTED and check.counterexample is not None
    at = {c.name: c.value for c in check.counterexample.at}
    assert list(at) == names
    if "n" in at:
        size = int(at["n"])
        assert all(1 <= int(at[index]) <= size for index in ("i", "j") if index in at)
        for vector in ("z", "a", "y"):
            if vector in at:
                assert len(at[vector].strip("()").split(",")) == size


def test_a_proof_the_numbers_contradict_is_an_error_not_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fixed-n truth is computed apart from the index calculus: a wrong "zero" there is caught.
    import derivcheck.engine.multi.vector as vector

    monkeypatch.setattr(vector, "exp_rational_zero", lambda *args: True)
    check = _claim(_one(EXAMPLES / "bad" / "softmax_delta_dropped.yaml"), "∂a_i/∂z_j")
    assert check.verdict is Verdict.ERROR and "internal inconsistency" in check.message


def test_a_label_on_a_branch_boundary_refutes_nothing(write_spec) -> None:  # type: ignore[no-untyped-def]
    # At the label y = 0, Heaviside(y) is sympy's convention 1/2, not a value of the function: no certified
    # difference may come from it (the claim y is right at y = 1 and the truth there is a convention).
    path = write_spec("""\
name: step_label
variables:
  z: null
  y: {values: [0, 1]}
function: Heaviside(y)*z
gradient:
  z: y
""")
    check = _claim(_one(path), "∂f/∂z")
    assert check.verdict is Verdict.UNDECIDED


def test_kinks_along_each_variable() -> None:
    huber = _one(SPECS / "losses" / "huber.yaml")
    along = {(k.along, k.point): k for k in huber.kinks}
    assert along[("z", "y + 1")].differentiable is True and along[("z", "y - 1")].continuous is True
    assert along[("y", "z + 1")].differentiable is True
    mae = _one(SPECS / "losses" / "mae.yaml")
    (at_y,) = [k for k in mae.kinks if k.along == "z"]
    assert (at_y.point, at_y.left, at_y.right, at_y.differentiable) == ("y", "-1", "1", False)
    hinge = _one(SPECS / "losses" / "hinge.yaml")
    assert {(k.fixed, k.point, k.differentiable) for k in hinge.kinks} == {("y = -1", "-1", False),
                                                                        ("y = 1", "1", False)}


def test_a_result_of_several_variables_goes_through_the_cache_unchanged() -> None:
    for path in (SPECS / "vector" / "softmax.yaml", EXAMPLES / "bad" / "mse_missing_mean.yaml"):
        result = _one(path)
        assert from_json(to_json(result)) == result


def test_the_done_command_proves_each_with_its_method() -> None:
    done = CliRunner().invoke(app, ["verify", "bce_sigmoid", "softmax", "softmax_cross_entropy", "huber",
                                    "--format", "json", "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "(for all n)" in done.output and "exp-rational normal form" in done.output


def test_a_spot_point_on_a_branch_boundary_of_another_variable_refutes_nothing(write_spec) -> None:  # type: ignore[no-untyped-def]
    # At y = 1/2, Heaviside(y - 1/2) is sympy's 1/2; along z that is a constant, and only a check of every
    # variable's boundaries keeps the spot point from "refuting" a claim that holds wherever the step is defined.
    path = write_spec("""\
name: step_in_y
variables:
  z: null
  y: null
function: Heaviside(y - 1/2)*z
gradient:
  z: Piecewise((1, y > 1/2), (0, True))
points:
  - {z: 0, y: 1/2}
""")
    check = _claim(_one(path), "∂f/∂z")
    assert check.verdict is Verdict.PROVED, check.message


def test_second_derivatives_are_proved_like_first_ones() -> None:
    check = _claim(_one(SPECS / "losses" / "bce_sigmoid.yaml"), "∂²L/∂z²")
    assert check.kind == "second_derivative" and check.verdict is Verdict.PROVED
    assert check.partial is not None and (check.partial.variable, check.partial.second_variable) == ("z", "z")
    # the finite difference witnesses the second derivative: it is taken of dL/dz along z
    assert all(row.finite_difference == row.truth for row in check.evidence if row.truth != "undefined")
    hessian = _claim(_one(SPECS / "losses" / "softmax_cross_entropy.yaml"), "∂²L/∂z_i∂z_j")
    assert hessian.verdict is Verdict.PROVED and hessian.scope is not None
    assert hessian.scope.sizes == (Size("n", True),) and hessian.scope.cases == ("i = j", "i != j")


def test_another_variable_carries_only_what_its_domain_says(write_spec) -> None:  # type: ignore[no-untyped-def]
    # y*sign(z) is d|z*y|/dz only for y > 0; y is any real here, so the claim is false (at any y < 0).
    path = write_spec("""\
name: abs_product
variables:
  z: null
  y: null
function: abs(z*y)
gradient:
  z: y*sign(z)
""")
    check = _claim(_one(path), "∂f/∂z")
    assert check.verdict is Verdict.REFUTED and check.counterexample is not None
    assert sympy.Rational({c.name: c.value for c in check.counterexample.at}["y"]) < 0


def test_a_counterexample_lies_on_the_declared_constraint(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec("""\
name: cross_entropy_wrong
variables:
  z: {size: n}
  y: {size: n, domain: 0 <= y <= 1}
constraints:
  - sum(y[k], k) = 1
where:
  a: exp(z[i])/sum(exp(z[k]), k)
function: -sum(y[k]*log(a[k]), k)
gradient:
  z[i]: a[i] - 2*y[i]
""")
    check = _claim(_one(path), "∂f/∂z_i")
    assert check.verdict is Verdict.REFUTED and check.counterexample is not None
    y = {c.name: c.value for c in check.counterexample.at}["y"]
    entries = [sympy.Rational(v.strip()) for v in y.strip("()").split(",") if v.strip()]
    assert sum(entries) == 1 and all(0 <= v <= 1 for v in entries)
