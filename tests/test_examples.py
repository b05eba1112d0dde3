"""The folders of good and bad example specs, and the catalog, verified end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_files

from derivcheck.results.checks import RunResult, Verdict

# The catalog's specs are checked the same way in test_catalog.py, from one shared run of the whole catalog.
GOOD = sorted((EXAMPLES / "good").glob("*.yaml"))
BAD = sorted((EXAMPLES / "bad").glob("*.yaml"))


def expectations(path: Path) -> dict[str, str]:
    """`# expect: kind=verdict ...` from a bad example's header."""
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path} has no '# expect:' line"
    return dict(item.split("=") for item in match.group(1).split())


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_specs_are_proved_throughout(path: Path) -> None:
    (spec,) = run_files(path).specs
    assert spec.checks
    for check in spec.checks:
        assert check.verdict is Verdict.PROVED, f"{check.label}: {check.verdict} {check.message}"
        assert check.method


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_specs_get_the_expected_verdicts(path: Path) -> None:
    (spec,) = run_files(path).specs
    for kind, verdict in expectations(path).items():
        checks = [c for c in spec.checks if c.kind == kind]
        assert checks, f"no {kind} check in {[c.kind for c in spec.checks]}"
        assert {c.verdict.value for c in checks} == {verdict}, [(c.label, c.verdict, c.message) for c in checks]
        for check in checks:
            if check.verdict is Verdict.REFUTED:
                assert check.counterexample is not None
                assert check.counterexample.expected != check.counterexample.claimed
            if check.verdict is Verdict.ERROR:
                assert re.search(r":\d+:\d+: ", check.message), check.message
    hint = re.search(r"^# hint: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    if hint:  # the likely mistake a bad example demonstrates must be named
        hints = [c.hint for c in spec.checks if c.hint]
        assert any(hint.group(1) in h for h in hints), hints


def test_the_whole_catalog_in_one_run_is_proved(catalog_run: RunResult) -> None:
    assert catalog_run.verdict is Verdict.PROVED
    assert catalog_run.count(Verdict.PROVED) >= 12
