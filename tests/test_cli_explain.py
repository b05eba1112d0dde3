"""`derivcheck derive` and `derivcheck show` through Typer's runner."""

from __future__ import annotations

import json

import pytest
import sympy
from conftest import SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.engine.explain import derive as derive_module
from derivcheck.engine.explain.steps import Step

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.output


def test_derive_prints_numbered_checked_steps_and_the_output_form() -> None:
    code, out = invoke("derive", "1/(1 + exp(-z))", "--no-color")
    assert code == 0, out
    assert "1.2.2" in out and "chain" in out and "power" in out and "exp" in out
    assert "✓ PROVED" in out and "UNDECIDED" not in out and "REFUTED" not in out
    assert "d/dz (1 + exp(-z)) = -exp(-z)" in out
    assert "output form" in out and "a⋅(1 - a)" in out


def test_derive_json_has_every_step_and_the_output_form() -> None:
    code, out = invoke("derive", "tanh(z)", "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["schema_version"] == 1 and doc["verdict"] == "proved" and doc["complete"] is True
    assert [s["rule"] for s in doc["steps"]] == ["hyperbolic"]
    assert all(s["verdict"] == "proved" for s in doc["steps"])
    assert doc["derivative"]["verdict"] == "proved"
    assert doc["output_form"]["found"] is True and doc["output_form"]["form"]["text"] == "1 - a**2"


def test_derive_with_a_parameter_and_no_output_form() -> None:
    code, out = invoke("derive", "Piecewise((z, z > 0), (alpha*(exp(z) - 1), True))", "--param", "alpha=1",
                       "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["parameters"] == {"alpha": "1"}
    assert doc["steps"][0]["rule"] == "piecewise branch"
    assert "a + alpha" in doc["output_form"]["form"]["text"]
    code, out = invoke("derive", "gelu(z)")
    assert code == 0, out
    assert "no output form found" in out


def test_a_bad_expression_exits_2_with_its_column() -> None:
    code, out = invoke("derive", "1 + sigmod(z)")
    assert code == 2
    assert "EXPR:1:5: unknown function 'sigmod'; did you mean 'sigmoid'" in out
    assert invoke("derive", "z +")[0] == 2
    assert invoke("derive", "z", "--param", "alpha")[0] == 2
    assert invoke("derive", "z", "--format", "yaml")[0] == 2


def test_a_refuted_step_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    z = sympy.Symbol("z", real=True)
    wrong = Step("exp", sympy.exp(2 * z), sympy.exp(2 * z), z)  # the chain factor 2 is missing
    monkeypatch.setattr(derive_module, "explain", lambda expr, var: [wrong])  # inherited by the worker
    code, out = invoke("derive", "exp(2*z)")
    assert code == 1
    assert "✗ REFUTED" in out


def test_show_prints_one_spec_in_full_without_proving_it() -> None:
    code, out = invoke("show", "sigmoid")
    assert code == 0, out
    assert "sigmoid" in out and "Logistic sigmoid" in out
    assert "claimed g'(z) = a·(1 - a)" in out and "claimed g''(z)" in out  # as written, with its line
    assert "identity 1: (1 + exp(-z))^(-2)·exp(-z) = " in out and "spot-check points" in out
    assert "steps (each checked" not in out


def test_show_a_file_with_parameters_declared_values_and_a_derivation(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec(
        "name: elu_demo\ndescription: '[bold red]not markup[/bold red]'\nparameters:\n  alpha: 1\n"
        "function: Piecewise((z, z > 0), (alpha*(exp(z) - 1), True))\n"
        "derivative: Piecewise((1, z > 0), (a + alpha, True))\nat:\n  0: 1\npoints: [1, -1]\n"
        "derivation:\n  - diff(alpha*(exp(z) - 1), z)\n  - alpha*exp(z)\n", "elu_demo.yaml")
    code, out = invoke("show", str(path))
    assert code == 0, out
    assert "[bold red]not markup[/bold red]" in out
    assert "alpha = 1" in out and "g'(0) = 1" in out and "1, -1" in out
    assert "1. diff(alpha·(exp(z) - 1), z)" in out and "2. alpha·exp(z)" in out


def test_show_steps_adds_the_explained_derivative_and_output_form() -> None:
    code, out = invoke("show", str(SPECS / "tanh.yaml"), "--steps")
    assert code == 0, out
    assert "hyperbolic" in out and "✓ PROVED" in out
    assert "output form" in out and "1 - a" in out


def test_show_json_and_errors() -> None:
    code, out = invoke("show", "relu", "--format", "json", "--steps")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["name"] == "relu" and doc["function"]["math"]["text"] == "Max(0, z)"
    assert doc["steps"]["steps"][0]["rule"] == "piecewise branch"
    code, out = invoke("show", "sigmod")
    assert code == 2 and "did you mean 'sigmoid'" in out


def test_show_marks_an_unreadable_claim(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec("name: broken\nfunction: tanh(z)\nderivative: 1 - tahn(z)^2\n", "broken.yaml")
    code, out = invoke("show", str(path))
    assert code == 1
    assert "cannot be read" in out and "unknown function 'tahn'" in out


def _console_examples() -> list[tuple[str, list[str]]]:
    """(command line, expected output lines) of each ```console block in docs/derive.md."""
    text = (SPECS.parent / "docs" / "derive.md").read_text(encoding="utf-8")
    examples = []
    for block in text.split("```console\n")[1:]:
        lines = block.split("```")[0].rstrip("\n").split("\n")
        examples.append((lines[0].removeprefix("$ "), lines[1:]))
    return examples


@pytest.mark.parametrize("command, expected", _console_examples(), ids=lambda v: str(v)[:40])
def test_the_documented_examples_print_what_the_docs_show(command: str, expected: list[str]) -> None:
    import shlex

    args = shlex.split(command)
    assert args[0] == "derivcheck"
    result = runner.invoke(app, args[1:], env={"COLUMNS": "100", "NO_COLOR": "1"})
    got = [line.rstrip() for line in result.output.rstrip("\n").split("\n")]
    if "..." in expected:  # an elided block: what follows the ellipsis ends the output
        tail = expected[expected.index("...") + 1:]
        assert got[-len(tail):] == tail
    elif expected:
        assert got == expected
    assert result.exit_code == (2 if "error:" in "\n".join(expected) else 0), result.output
