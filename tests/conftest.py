"""Shared fixtures: paths to the example folders and a quick in-process verify."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from derivcheck.results.checks import RunResult
from derivcheck.run.verify import VerifyOptions, verify_sources
from derivcheck.spec.sources import SpecSource

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "examples"
SPECS = ROOT / "specs"

# Every test verifies for real: a result cached by one test (or an earlier session) must not answer another,
# e.g. one that patches the engine.  Subprocesses inherit this; tests/test_cache.py turns it off where needed.
os.environ["DERIVCHECK_NO_CACHE"] = "1"


def run_files(*paths: Path, timeout: float = 60.0) -> RunResult:
    """Verify spec files the way `derivcheck verify` does."""
    return verify_sources([SpecSource(p, p.name) for p in paths], VerifyOptions(timeout=timeout, jobs=2))


@pytest.fixture(scope="session")
def catalog_run() -> RunResult:
    """The whole built-in catalog, verified once per session (tests on catalog results share it)."""
    return run_files(*sorted(SPECS.glob("*.yaml")))


@pytest.fixture
def write_spec(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a spec file from text and return its path."""

    def write(text: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
