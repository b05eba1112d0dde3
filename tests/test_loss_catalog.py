"""The catalog's losses (specs/losses) and vector activations (specs/vector): proved throughout, with sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SPECS, run_files
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.results.checks import RunResult, SpecResult, Verdict
from derivcheck.results.scope import scope_text
from derivcheck.spec.load import load_spec
from derivcheck.spec.multi import MultiSpec
from derivcheck.spec.sources import catalog_folders, catalog_specs

FOLDERS = (SPECS / "losses", SPECS / "vector")
FILES = sorted(p for folder in FOLDERS for p in folder.glob("*.yaml"))

# What the catalog promises, by spec name.
LOSSES = ("bce_sigmoid", "bce", "bce_logits", "mse", "mae", "huber", "smooth_l1", "hinge", "squared_hinge",
          "logistic", "focal", "kl_bernoulli", "poisson_nll", "softmax_cross_entropy")
VECTOR = ("softmax", "log_softmax", "softmax_temperature", "sparsemax", "glu", "swiglu")


@pytest.fixture(scope="module")
def run() -> RunResult:
    return run_files(*FILES)


def _result(run: RunResult, path: Path) -> SpecResult:
    (found,) = [s for s in run.specs if s.file == path.name]
    return found


def test_the_catalog_has_every_promised_loss_and_vector_activation() -> None:
    assert sorted(p.stem for p in (SPECS / "losses").glob("*.yaml")) == sorted(LOSSES)
    assert sorted(p.stem for p in (SPECS / "vector").glob("*.yaml")) == sorted(VECTOR)
    assert [f.name for f in catalog_folders()[1:]] == ["losses", "network", "vector"]
    assert set(LOSSES + VECTOR) <= set(catalog_specs())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_is_proved_throughout_and_says_where_it_comes_from(path: Path, run: RunResult) -> None:
    spec = load_spec(path)
    assert isinstance(spec, MultiSpec)
    assert spec.name == path.stem and spec.description
    assert path.read_text(encoding="utf-8").startswith("# "), "a source comment comes first"
    result = _result(run, path)
    claims = [c for c in result.checks if c.kind == "derivative"]
    assert len(claims) == len(spec.claims)
    for check in result.checks:
        assert check.verdict is Verdict.PROVED, f"{check.label}: {check.verdict} {check.message}"
        assert check.method and check.scope is not None
    if spec.size is not None:  # vectors: proved for every length, and every report can say so
        for check in claims:
            assert check.scope is not None and [s.every for s in check.scope.sizes] == [True]
            assert "for all n" in scope_text(check.scope) and "for all n" in (check.method or "")


def test_the_catalog_folders_are_listed() -> None:
    done = CliRunner().invoke(app, ["list"], env={"COLUMNS": "250"})
    assert done.exit_code == 0
    for name in LOSSES + VECTOR + ("sigmoid",):
        assert f" {name} " in done.stdout, name


def test_the_documentation_lists_them() -> None:
    text = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    assert [p.stem for p in FILES if f"| `{p.stem}` |" not in text] == []
