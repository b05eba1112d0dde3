"""The built-in catalog: every spec proved throughout, named after its file, with a second derivative."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SPECS

from derivcheck.results.checks import RunResult, SpecResult, Verdict
from derivcheck.spec.load import load_spec

CATALOG = sorted(SPECS.glob("*.yaml"))

# The activations the catalog promises, by spec name.
REQUIRED = (
    "identity", "binary_step", "sigmoid", "tanh", "hard_sigmoid", "hard_tanh", "relu", "leaky_relu", "prelu",
    "relu6", "elu", "selu", "celu", "gelu", "gelu_tanh", "swish", "silu", "mish", "softplus", "softsign",
    "log_sigmoid", "hard_swish", "softshrink", "hardshrink", "tanhshrink", "sinc", "gaussian", "bent_identity",
    "arctan", "isru", "isrlu", "squareplus", "sqnl",
)


def result_for(run: RunResult, path: Path) -> SpecResult:
    (found,) = [s for s in run.specs if s.file == path.name]
    return found


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_catalog_spec_is_proved_throughout(path: Path, catalog_run: RunResult) -> None:
    spec = load_spec(path)
    assert spec.name == path.stem
    assert spec.second_derivative is not None, "every catalog spec claims g''"
    assert spec.description
    result = result_for(catalog_run, path)
    kinds = {c.kind for c in result.checks}
    assert {"derivative", "second_derivative"} <= kinds
    for check in result.checks:
        assert check.verdict is Verdict.PROVED, f"{check.label}: {check.verdict} {check.message}"
        assert check.method
    assert len([c for c in result.checks if c.kind == "at"]) == len(spec.at)


def test_the_catalog_has_every_promised_activation() -> None:
    names = {p.stem for p in CATALOG}
    assert len(names) >= 30
    assert [n for n in REQUIRED if n not in names] == []


def test_selu_uses_the_papers_constants_exactly() -> None:
    parameters = {name: text.text for name, text in load_spec(SPECS / "selu.yaml").parameters}
    assert parameters == {"alpha": "1.6732632423543772848170429916717",
                          "scale": "1.0507009873554804934193349852946"}


def test_hard_sigmoid_is_the_pytorch_and_jax_definition() -> None:
    # relu6(z + 3)/6 (kinks at -3 and 3), not Keras 2's 0.2*z + 0.5 (kinks at -2.5 and 2.5).
    spec = load_spec(SPECS / "hard_sigmoid.yaml")
    assert spec.function.text == "max(0, min(1, z/6 + 1/2))"
    assert [at.point.text for at in spec.at] == ["-3", "3"]


def test_every_catalog_spec_is_documented() -> None:
    text = (SPECS.parent / "docs" / "catalog.md").read_text(encoding="utf-8")
    assert [p.stem for p in CATALOG if f"| `{p.stem}` |" not in text] == []
