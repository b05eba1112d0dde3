"""The framework conventions table against the catalog, `verify --convention`, and `derivcheck list`."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import pytest
from conftest import SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.engine.build import build
from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.kinks.declared import DeclaredValue
from derivcheck.engine.kinks.frameworks import framework_values
from derivcheck.results.checks import RunResult, SpecResult, Verdict
from derivcheck.spec.conventions import FRAMEWORKS, TABLE, conventions_for
from derivcheck.spec.listing import convention, exact, kinks, list_rows, output_form
from derivcheck.spec.load import load_spec
from derivcheck.spec.model import Spec

runner = CliRunner()


def spec(name: str) -> Spec:
    return load_spec(SPECS / f"{name}.yaml")


def parameters(s: Spec) -> dict[str, Fraction]:
    values = {name: exact(text.text, {}) for name, text in s.parameters}
    return {name: v for name, v in values.items() if v is not None}


def by_name(run: RunResult, name: str) -> SpecResult:
    (found,) = [s for s in run.specs if s.name == name]
    return found


# --- the table against the catalog ----------------------------------------------------------------------------

def test_every_kink_of_every_catalog_activation_has_an_entry(catalog_run: RunResult) -> None:
    missing = []
    for result in catalog_run.specs:
        values = parameters(spec(result.name))
        points = {exact(k.point, values) for k in conventions_for(result.name)}
        missing += [(result.name, k.point) for k in result.kinks if Fraction(k.point) not in points]
    assert missing == []


def test_every_entry_is_a_kink_of_a_catalog_activation(catalog_run: RunResult) -> None:
    for name, entries in TABLE.items():
        kink_points = {Fraction(k.point) for k in by_name(catalog_run, name).kinks}
        values = parameters(spec(name))
        assert {exact(e.point, values) for e in entries} <= kink_points, name
        for entry in entries:
            for gradient in entry.by_framework().values():
                assert gradient.source, (name, entry.point)
                if gradient.value is not None:
                    assert exact(gradient.value, values) is not None, (name, entry.point, gradient.value)


def test_rows_say_which_frameworks_share_the_specs_value(catalog_run: RunResult) -> None:
    for result in catalog_run.specs:
        for kink in result.kinks:
            for gradient in kink.frameworks:
                expected = None if kink.declared is None else Fraction(gradient.value) == Fraction(kink.declared)
                assert gradient.matches is expected, (result.name, kink.point, gradient)
            assert kink.conventions == tuple(g.framework for g in kink.frameworks if g.matches)
    shared = {name: by_name(catalog_run, name).kinks[0].conventions
              for name in ("relu", "leaky_relu", "hard_tanh", "hard_swish", "elu", "selu", "sinc")}
    assert shared == {"relu": ("pytorch", "jax", "tensorflow"), "leaky_relu": ("jax",), "hard_tanh": ("pytorch",),
                      "hard_swish": ("pytorch",), "elu": ("pytorch", "jax", "tensorflow"),
                      "selu": ("pytorch", "jax"), "sinc": ("pytorch", "jax")}


def values_at(name: str, point: str) -> dict[str, str | None]:
    (entry,) = [e for e in conventions_for(name) if e.point == point]
    return {fw: g.value for fw, g in entry.by_framework().items()}


def test_the_facts_everyone_agrees_on() -> None:
    assert values_at("relu", "0") == {"pytorch": "0", "jax": "0", "tensorflow": "0"}
    assert values_at("leaky_relu", "0") == {"pytorch": "alpha", "jax": "1", "tensorflow": "alpha"}
    for bound in ("-1", "1"):
        assert values_at("hard_tanh", bound) == {"pytorch": "0", "jax": "1", "tensorflow": None}
    assert values_at("hard_swish", "-3") == {"pytorch": "-1/2", "jax": "0", "tensorflow": None}
    assert values_at("hard_swish", "3") == {"pytorch": "3/2", "jax": "1", "tensorflow": None}
    assert values_at("elu", "0") == {"pytorch": "alpha", "jax": "alpha", "tensorflow": "1"}


@pytest.mark.parametrize("name", sorted(TABLE))
def test_framework_values_are_valid_where_g_is_continuous(name: str) -> None:
    # Each framework's value is a subgradient at a kink and g' where g is differentiable; at a jump
    # (hardshrink) no value can be right.
    s = spec(name)
    built = build(s)
    found = framework_values(built.problem, built.scope, name)
    rows, checks = analyse_kinks(built.problem, [DeclaredValue(v.point, v.value) for v in found],
                                 claimed_derivative=built.expression(s.derivative))
    jumps = {r.point for r in rows if r.continuous is False}
    for value, check in zip(found, checks, strict=True):
        expected = Verdict.REFUTED if check.counterexample and check.counterexample.point in jumps \
            else Verdict.PROVED
        assert check.verdict is expected, (value.framework, check.label, check.message)


# --- verify --convention --------------------------------------------------------------------------------------

def verify(*args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["verify", *args, "--format", "json", "--jobs", "1"], env={"COLUMNS": "200"})
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}


def at_checks(document: dict[str, object]) -> list[dict[str, object]]:
    specs = document["specs"]
    assert isinstance(specs, list)
    return [c for s in specs for c in s["checks"] if c["kind"] == "at"]


def test_convention_refutes_a_value_the_framework_does_not_return() -> None:
    code, document = verify(str(SPECS / "leaky_relu.yaml"), "--convention", "pytorch")
    assert code == 1
    (check,) = at_checks(document)
    assert check["verdict"] == "refuted"
    assert str(check["message"]).startswith("pytorch returns 1/100 at z = 0, the spec declares 1 (")
    assert check["counterexample"] == {"point": "0", "expected": "1/100 (pytorch)", "claimed": "1"}


def test_convention_accepts_the_frameworks_own_value() -> None:
    code, document = verify(str(SPECS / "leaky_relu.yaml"), "--convention", "jax")
    assert code == 0
    (check,) = at_checks(document)
    assert check["verdict"] == "proved" and "jax returns the same" in str(check["message"])


def test_convention_checks_the_frameworks_value_where_the_spec_declares_none(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec("name: hard_tanh\nfunction: max(-1, min(1, z))\n"
                      "derivative: Piecewise((0, z < -1), (1, z < 1), (0, True))\n", name="hard_tanh.yaml")
    code, document = verify(str(path), "--convention", "jax")
    assert code == 0
    checks = at_checks(document)
    assert [(c["label"], c["verdict"]) for c in checks] == [("g'(-1) [jax]", "proved"), ("g'(1) [jax]", "proved")]
    assert all(str(c["message"]).startswith("jax returns 1 (") for c in checks)


def test_json_kinks_name_the_frameworks() -> None:
    code, document = verify(str(SPECS / "hard_swish.yaml"))
    assert code == 0
    specs = document["specs"]
    assert isinstance(specs, list)
    first = specs[0]["kinks"][0]
    assert first["point"] == "-3" and first["conventions"] == ["pytorch"] and first["removable"] is False
    assert {fw: v["value"] for fw, v in first["frameworks"].items()} == {"pytorch": "-1/2", "jax": "0"}
    assert first["frameworks"]["jax"]["matches"] is False


def test_unknown_framework_is_a_usage_error() -> None:
    result = runner.invoke(app, ["verify", "relu", "--convention", "mxnet"])
    assert result.exit_code == 2


# --- derivcheck list ------------------------------------------------------------------------------------------

def test_list_columns_come_from_the_spec_text_and_the_table() -> None:
    assert output_form(spec("sigmoid")) == "a*(1 - a)"
    assert output_form(spec("squareplus")) == "a/sqrt(z^2 + b)"  # from the output-form identity
    assert output_form(spec("arctan")) == "—"
    assert kinks(spec("hard_swish")) == "-3, 3"
    assert kinks(spec("hardshrink")) == "-0.5, 0.5"  # no at: values, the table's points at lambd = 0.5
    assert kinks(spec("sigmoid")) == "—"
    assert convention(spec("relu")) == ", ".join(FRAMEWORKS)
    assert convention(spec("leaky_relu")) == "jax"
    assert convention(spec("sqnl")) == "—"


def test_list_command_shows_the_catalog_table() -> None:
    result = runner.invoke(app, ["list", str(SPECS)], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    header = next(line for line in result.stdout.splitlines() if "name" in line)
    for column in ("g(z)", "claimed g'(z)", "output form", "kinks", "convention"):
        assert column in header
    leaky = next(line for line in result.stdout.splitlines() if line.strip().startswith("leaky_relu "))
    assert re.split(r"\s{2,}", leaky.strip())[-2:] == ["0", "jax"]  # kinks, convention
    assert len(list_rows(SPECS)) == len(list(SPECS.glob("*.yaml")))


def test_list_marks_a_broken_spec(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "broken.yaml").write_text("name: broken\n", encoding="utf-8")
    (row,) = list_rows(tmp_path)
    assert row.error is not None and "missing required key" in row.error
    assert runner.invoke(app, ["list", str(tmp_path)]).exit_code == 1
