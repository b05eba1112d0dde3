"""Explained derivatives: rules named at each step, every step proved, and output forms proved or absent."""

from __future__ import annotations

import time

import pytest
import sympy

from derivcheck.engine.explain import derive as derive_module
from derivcheck.engine.explain import output_form as output_form_module
from derivcheck.engine.explain.derive import derive, problem_from_text
from derivcheck.engine.explain.output_form import find_output_form, output_form
from derivcheck.engine.explain.steps import Step, explain
from derivcheck.engine.prove.decide import confirm_equal
from derivcheck.errors import SpecError
from derivcheck.results.checks import CheckKind, Verdict

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)


def rules(text: str, **parameters: str) -> list[str]:
    problem = problem_from_text(text, parameters=list(parameters.items()))
    return [step.rule for step in explain(problem.g, problem.z)[0].walk()]


def explained(text: str, **parameters: str):  # type: ignore[no-untyped-def]
    problem = problem_from_text(text, parameters=list(parameters.items()))
    return derive(problem, deadline=time.monotonic() + 30)


def test_sigmoid_names_chain_power_and_exp_and_every_step_is_proved() -> None:
    named = rules("1/(1 + exp(-z))")
    assert named[0] == "chain"
    assert {"power", "sum", "exp", "constant", "constant factor", "variable"} <= set(named)
    result = explained("sigmoid(z)")
    assert result.complete and result.steps
    assert all(step.verdict is Verdict.PROVED for step in result.steps), [
        (s.number, s.message) for s in result.steps if s.verdict is not Verdict.PROVED]
    assert result.derivative_check is not None and result.derivative_check.verdict is Verdict.PROVED
    assert result.verdict is Verdict.PROVED


def test_every_step_states_a_true_derivative() -> None:
    for text in ("sigmoid(z)", "z*tanh(z)", "sqrt(1 + z^2)", "z^z", "atan(2*z)", "softplus(z)*erf(z)"):
        problem = problem_from_text(text)
        for step in explain(problem.g, problem.z)[0].walk():
            difference = sympy.diff(step.expr, step.variable) - step.result
            assert sympy.simplify(difference) == 0, (text, step.rule, step.expr)


def test_product_rule_names_both_factors() -> None:
    root = explain(z * sympy.tanh(z), z)[0]
    assert root.rule == "product"
    assert [s.rule for s in root.substeps] == ["variable", "hyperbolic"]
    assert sympy.simplify(root.result - sympy.diff(z * sympy.tanh(z), z)) == 0


def test_silu_is_a_quotient_once_parsed_and_every_step_is_proved() -> None:
    # z*sigmoid(z) parses to z/(1 + exp(-z)): a non-constant numerator over a non-constant denominator.
    assert rules("z*sigmoid(z)")[0] == "quotient"
    result = explained("z*sigmoid(z)")
    assert all(step.verdict is Verdict.PROVED for step in result.steps)
    assert result.output_form is None and "no output form" in result.output_form_message


def test_a_product_of_three_factors_uses_the_product_rule() -> None:
    named = rules("z*exp(z)*sin(z)")
    assert named[0] == "product" and {"exp", "trig"} <= set(named)


def test_max_is_differentiated_per_branch_with_the_kink_left_out() -> None:
    root = explain(sympy.Max(0, z), z)[0]
    assert root.rule == "piecewise branch"
    branches = {(str(s.condition), s.rule) for s in root.substeps}
    assert branches == {("z < 0", "constant"), ("z > 0", "variable")}
    result = explained("max(0, z)")
    assert all(step.verdict is Verdict.PROVED for step in result.steps)
    assert result.derivative_check is not None and result.derivative_check.verdict is Verdict.PROVED
    assert result.derivative is not None and "z < 0" in result.derivative.text and "z > 0" in result.derivative.text


def test_trig_hyperbolic_log_and_special_rules_are_named() -> None:
    assert rules("log(z^2 + 1)")[:2] == ["chain", "log"]
    assert "trig" in rules("sin(3*z)") and "hyperbolic" in rules("cosh(z)*2")
    assert "inverse trig" in rules("atan(z)") and "special function" in rules("erf(z)")
    assert rules("z^z")[0] == "exp/log" and rules("2^z") == ["exp"]


def test_quotient_rule_on_a_rational_function() -> None:
    root = explain((z + 1) / (z**2 + 1), z)[0]
    assert root.rule == "quotient" and len(root.substeps) == 2
    assert sympy.simplify(root.result - sympy.diff((z + 1) / (z**2 + 1), z)) == 0


def test_a_wrong_step_is_refuted_not_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = Step("exp", sympy.exp(2 * z), sympy.exp(2 * z), z)  # the chain factor 2 is missing

    monkeypatch.setattr(derive_module, "explain", lambda expr, var: [wrong])
    result = derive(problem_from_text("exp(2*z)"), deadline=time.monotonic() + 30, output_form=False)
    assert result.steps[0].verdict is Verdict.REFUTED
    assert result.verdict is Verdict.REFUTED


def test_confirm_equal_refutes_a_false_equality_and_proves_a_true_one() -> None:
    problem = problem_from_text("tanh(z)")
    truth = sympy.diff(problem.g, z)
    assert confirm_equal(problem, truth, 1 - problem.g**2, kind=CheckKind.STEP, label="x",
                         deadline=time.monotonic() + 10).verdict is Verdict.PROVED
    refuted = confirm_equal(problem, truth, 1 - problem.g, kind=CheckKind.STEP, label="x",
                            deadline=time.monotonic() + 10)
    assert refuted.verdict is Verdict.REFUTED and refuted.counterexample is not None


def _form(text: str, **parameters: str) -> sympy.Expr | None:
    return output_form(problem_from_text(text, parameters=list(parameters.items())),
                       deadline=time.monotonic() + 20)


def _same(found: sympy.Expr | None, expected: sympy.Expr) -> bool:
    return found is not None and sympy.expand(found - expected) == 0


def test_output_forms_of_sigmoid_tanh_softplus_and_exp() -> None:
    assert _same(_form("1/(1 + exp(-z))"), a * (1 - a))
    assert _same(_form("tanh(z)"), 1 - a**2)
    assert _same(_form("log(1 + exp(z))"), 1 - sympy.exp(-a))
    assert _same(_form("exp(z)"), a)
    assert str(_form("sigmoid(z)")) == "a*(1 - a)"  # the factored form is the one shown


def test_output_form_of_elu_per_branch() -> None:
    found = _form("Piecewise((z, z > 0), (alpha*(exp(z) - 1), True))", alpha="1")
    assert isinstance(found, sympy.Piecewise)
    (positive, _), (negative, condition) = found.args
    alpha = next(s for s in found.free_symbols if s.name == "alpha")
    assert positive == 1 and condition is sympy.true and _same(negative, a + alpha)


@pytest.mark.parametrize("text", ["gelu(z)", "silu(z)"])
def test_no_output_form_is_claimed_where_none_exists(text: str) -> None:
    result = find_output_form(problem_from_text(text), deadline=time.monotonic() + 20)
    assert result.form is None and result.message.startswith("no output form found")


def test_an_unproved_candidate_is_never_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only a wrong candidate (sigmoid' = a*(1 + a)) on offer: the prover refutes it and nothing is returned.
    monkeypatch.setattr(output_form_module, "_candidates", lambda value, var, out, end: [out * (1 + out)])
    result = find_output_form(problem_from_text("sigmoid(z)"), deadline=time.monotonic() + 20)
    assert result.form is None
    assert result.check is not None and result.check.verdict is Verdict.REFUTED


def test_problem_from_text_reports_the_column_and_bad_names() -> None:
    with pytest.raises(SpecError, match=r"EXPR:1:5: unknown function 'sigmod'; did you mean 'sigmoid'"):
        problem_from_text("1 + sigmod(z)")
    with pytest.raises(SpecError, match="must all differ"):
        problem_from_text("z", parameters=[("z", "1")])
    with pytest.raises(SpecError, match="not a valid name"):
        problem_from_text("x", variable="x y")
    with pytest.raises(SpecError, match="--param alpha"):
        problem_from_text("z", parameters=[("alpha", "exp(")])


def test_a_domain_lets_a_function_real_only_on_part_of_the_line_be_proved() -> None:
    problem = problem_from_text("acosh(z)", domain="z > 1")
    result = derive(problem, deadline=time.monotonic() + 30, output_form=False)
    assert result.verdict is Verdict.PROVED and result.steps[0].rule == "inverse hyperbolic"
    with pytest.raises(SpecError, match="--domain"):
        problem_from_text("z", domain="z >")


def test_min_of_three_is_split_without_min_left_in_a_condition() -> None:
    root = explain(sympy.Min(z, 1, -z), z)[0]
    assert root.rule == "piecewise branch" and len(root.substeps) == 3
    assert not any(s.condition.has(sympy.Min) for s in root.substeps if s.condition is not None)
