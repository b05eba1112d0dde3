"""The float precision report: the float32 evaluator, break-down points, ranges, and the CLI's --precision."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import sympy
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.engine.numbers.float64 import Unsupported, float32_value, float64_value, float_value
from derivcheck.engine.precision.grid import grid
from derivcheck.engine.precision.judge import OK, Label, Trace, judge
from derivcheck.engine.precision.ranges import runs
from derivcheck.engine.precision.report import TYPES, precision_report, with_precision
from derivcheck.engine.problem import Problem
from derivcheck.report.json_report import document
from derivcheck.results.checks import Check, CheckKind, DtypePrecision, Precision, RunResult, SpecResult, Verdict
from derivcheck.results.numbers import POSITION_DIGITS, significant

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)
SIGMOID = 1 / (1 + sympy.exp(-z))
F32, F64 = TYPES


def report_of(g: sympy.Expr, claim: sympy.Expr, interval: sympy.Set = sympy.S.Reals) -> Precision:
    """The report as `verify --precision` makes it for a proved claim (g' helps where the claim cancels)."""
    return precision_report(Problem(z=z, a=a, g=g, interval=interval), claim, truth=sympy.diff(g, z))


def dtype(report: Precision, name: str) -> DtypePrecision:
    (found,) = [d for d in report.dtypes if d.dtype == name]
    return found


@pytest.fixture(scope="module")
def output_form() -> Precision:
    return report_of(SIGMOID, a * (1 - a))


@pytest.fixture(scope="module")
def exp_form() -> Precision:
    return report_of(SIGMOID, sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2)


# --- the float32 evaluator ---------------------------------------------------------------------------------


def test_float32_rounds_every_step_to_float32() -> None:
    assert isinstance(float32_value(z, {z: 0.1}), np.float32)
    assert float(float32_value(sympy.Rational(1, 10), {})) == float(np.float32(0.1)) != 0.1
    assert float32_value(SIGMOID, {z: 17.0}) == 1.0  # 1 + e^-17 rounds to 1 in float32 ...
    assert float64_value(SIGMOID, {z: 17.0}) < 1.0  # ... not in float64
    a16 = float32_value(SIGMOID, {z: 16.0})
    assert a16 == np.float32(1 - 2.0**-23)  # one float32 step below 1: 1 - a keeps one bit
    assert float32_value(a * (1 - a), {a: float(a16)}) == np.float32((1 - 2.0**-23) * 2.0**-23)


def test_float32_overflows_where_float64_does_not() -> None:
    assert float32_value(sympy.exp(z), {z: 89.0}) == np.inf
    assert float64_value(sympy.exp(z), {z: 89.0}) == pytest.approx(math.exp(89.0))
    assert float32_value(z**2, {z: 2e19}) == np.inf
    assert float32_value(sympy.exp(z), {z: -104.0}) == 0.0  # below the smallest subnormal


def test_float32_known_values() -> None:
    assert float32_value(sympy.tanh(z), {z: 1.0}) == np.float32(math.tanh(1.0))
    assert float32_value(sympy.erf(z), {z: 0.5}) == np.float32(math.erf(0.5))
    assert float32_value(sympy.sqrt(z), {z: 2.0}) == np.sqrt(np.float32(2.0))
    step = sympy.Piecewise((0, z < 0), (1, True))
    assert float32_value(step, {z: -1e-30}) == 0.0 and float32_value(step, {z: 0.0}) == 1.0
    assert float32_value(sympy.Heaviside(z), {z: 0.0}) == np.float32(0.5)
    with pytest.raises(Unsupported, match="besselj"):
        float32_value(sympy.besselj(0, z), {z: 1.0})


def test_the_observer_sees_cancellation_and_overflow() -> None:
    trace = Trace(F32)
    assert float_value(1 - a, {a: 1.0}, np.float32, trace) == 0.0
    assert trace.cancelled_bits == math.inf and not trace.overflow
    trace = Trace(F32)
    assert float_value(sympy.exp(z) / (1 + sympy.exp(z)) ** 2, {z: 50.0}, np.float32, trace) == 0.0
    assert trace.overflow


# --- judging one point -------------------------------------------------------------------------------------


def test_judge_separates_the_formula_from_the_true_value() -> None:
    trace = Trace(F32)
    assert judge(F32, sympy.Float("3.7e-44"), np.float32(0.0), trace)[0] == Label("subnormal")
    assert judge(F32, sympy.Float("1e-50"), np.float32(0.0), trace)[0] == Label("below range")
    assert judge(F32, sympy.Float("1e39"), np.float32(np.inf), trace)[0] == Label("above range")
    assert judge(F32, sympy.Float("1e-20"), np.float32(np.nan), trace)[0] == Label("overflow", True)
    assert judge(F32, sympy.Float("0.25"), np.float32(0.25), trace) == (OK, 0.0)
    lost, error = judge(F32, sympy.Float("1e-8"), np.float32(0.0), Trace(F32))
    assert lost == Label("rounding", True) and error == 1.0


def test_short_flickers_are_absorbed_into_the_surrounding_range() -> None:
    lost = Label("cancellation")
    labels = [lost, OK, lost, OK, OK, OK, OK, lost]
    found = runs([(float(i + 1), label) for i, label in enumerate(labels)])
    assert [(r.label, r.low, r.high) for r in found] == [(lost, 1.0, 3.0), (OK, 4.0, 7.0), (lost, 8.0, 8.0)]


# --- the grid ----------------------------------------------------------------------------------------------


def test_grid_is_wide_dense_near_zero_and_inside_the_domain() -> None:
    points = grid(sympy.S.Reals)
    assert 300 <= len(points) <= 600
    assert min(points) <= -1000 and max(points) >= 1000 and 0.0 in points
    assert sum(1 for x in points if abs(x) <= 1) >= 60
    assert all(float(np.float32(x)) == x for x in points)
    half = grid(sympy.Interval.open(0, sympy.oo))
    assert min(half) > 0 and min(half) < 1e-3
    bounded = grid(sympy.Interval.open(-1, 1))
    assert all(-1 < x < 1 for x in bounded) and max(bounded) > 0.99999


# --- the report --------------------------------------------------------------------------------------------


def test_sigmoid_output_form_breaks_down_at_the_known_points(output_form: Precision) -> None:
    f32, f64 = dtype(output_form, "float32"), dtype(output_form, "float64")
    assert f32.breakdown == pytest.approx((16.6,), abs=0.3)
    assert f64.breakdown == pytest.approx((36.7,), abs=0.3)
    for row, start in ((f32, 16.6), (f64, 36.7)):
        (every,) = [r for r in row.ranges if r.formula and r.every_digit]
        assert every.cause == "cancellation" and every.low == pytest.approx(start, abs=0.3)
        assert row.worst_error is not None and row.worst_error >= 1
    assert any(r.cause == "cancellation" and not r.every_digit for r in f32.ranges)  # digits lost before that


def test_sigmoid_exp_form_does_not_cancel(exp_form: Precision) -> None:
    for row in exp_form.dtypes:
        assert not [r for r in row.ranges if r.cause == "cancellation"]
        # For z > 0 it stays accurate until the true value itself leaves the type's range.
        positive = [r for r in row.ranges if r.low is not None and r.low > 0]
        assert positive and not any(r.formula for r in positive)
    # On the other side (1 + e^-z)^2 overflows: at z ≈ -44.4 in float32, -354.9 in float64.
    assert dtype(exp_form, "float32").breakdown == pytest.approx((-44.36,), abs=0.1)
    assert dtype(exp_form, "float64").breakdown == pytest.approx((-354.9,), abs=0.1)
    assert [r.cause for r in exp_form.dtypes[0].ranges if r.formula] == ["overflow"]


def test_sigmoid_exp_form_is_accurate_where_the_output_form_is_not() -> None:
    positive = sympy.Interval.open(0, 80)
    exp_form = dtype(report_of(SIGMOID, sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2, positive), "float32")
    output_form = dtype(report_of(SIGMOID, a * (1 - a), positive), "float32")
    assert exp_form.worst_error is not None and exp_form.worst_error < 1e-6
    assert not exp_form.ranges and not exp_form.breakdown
    assert output_form.breakdown == pytest.approx((16.6,), abs=0.3)


def test_tanh_one_minus_a_squared_breaks_down_for_large_z() -> None:
    report = report_of(sympy.tanh(z), 1 - a**2)
    assert dtype(report, "float32").breakdown == pytest.approx((-9.0, 9.0), abs=0.3)
    assert dtype(report, "float64").breakdown == pytest.approx((-19.0, 19.0), abs=0.3)
    assert {r.cause for row in report.dtypes for r in row.ranges if r.formula} == {"cancellation"}


def test_domain_and_unsupported_functions() -> None:
    report = report_of(sympy.log(z), 1 / z, sympy.Interval.open(0, sympy.oo))
    assert all(r.low is None or r.low > 0 for d in report.dtypes for r in d.ranges)
    worst = dtype(report, "float64").worst_error
    assert worst is not None and worst < 1e-15
    unsupported = report_of(sympy.besselj(0, z), sympy.besselj(0, z))
    assert unsupported.dtypes == () and "besselj" in unsupported.note


def test_a_refuted_claim_gets_no_report() -> None:
    check = Check(kind=CheckKind.DERIVATIVE, label="g'(z)", verdict=Verdict.REFUTED, method=None, message="")
    assert with_precision(check, Problem(z=z, a=a, g=SIGMOID), a, 1, deadline=math.inf) is check


# --- the command line --------------------------------------------------------------------------------------


def test_the_documented_example_is_what_the_report_says(output_form: Precision, exp_form: Precision) -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "precision.md").read_text(encoding="utf-8")
    for report in (output_form, exp_form):
        for row in report.dtypes:
            assert all(f"z = {significant(b, POSITION_DIGITS)}" in docs for b in row.breakdown)
            assert all(r.text in docs for r in row.ranges if r.formula)
    assert all(r.text in docs for row in output_form.dtypes for r in row.ranges)


def test_json_precision_is_null_unless_asked_for() -> None:
    check = Check(kind=CheckKind.DERIVATIVE, label="g'(z)", verdict=Verdict.PROVED, method="m", message="")
    run = RunResult(specs=(SpecResult(name="s", file="s.yaml", checks=(check,)),))
    assert document(run)["specs"][0]["checks"][0]["precision"] is None


def test_cli_precision_json_and_rich(tmp_path: Path) -> None:
    spec = tmp_path / "sigmoid_short.yaml"
    spec.write_text("name: sigmoid_short\nfunction: 1/(1 + exp(-z))\nderivative: a*(1 - a)\n",
                    encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["verify", str(spec), "--format", "json", "--no-cache", "--precision"])
    assert result.exit_code == 0, result.output
    check = json.loads(result.output)["specs"][0]["checks"][0]
    assert check["kind"] == "derivative" and check["verdict"] == "proved"
    rows = {row["dtype"]: row for row in check["precision"]["dtypes"]}
    assert rows["float32"]["breakdown"] == pytest.approx([16.6], abs=0.3)
    assert rows["float64"]["breakdown"] == pytest.approx([36.7], abs=0.3)
    assert any(r["cause"] == "cancellation" and r["every_digit"] for r in rows["float64"]["ranges"])
    text = runner.invoke(app, ["verify", str(spec), "--no-cache", "--precision", "--no-color"],
                         env={"COLUMNS": "160"}).output
    assert "float precision of g'(z) = a·(1 - a)" in text
    assert "z = 16.64" in text and "z = 36.74" in text and "cancellation, every digit lost" in text
