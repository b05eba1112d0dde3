"""The folders of network examples: each typical mistake REFUTED at its smallest shape and entry with a point that
names every input and parameter entry (or a spec ERROR at its column naming both shapes); the good ones PROVED."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_files

from derivcheck.results.checks import CheckKind, Verdict
from derivcheck.spec.load import load_spec
from derivcheck.spec.network import NetworkSpec

BAD = sorted((EXAMPLES / "bad" / "network").glob("*.yaml"))
GOOD = sorted((EXAMPLES / "good" / "network").glob("*.yaml"))
_REFUTED = re.compile(r"^# expect: refuted (\w+) at (.+) entry (\S+)$", re.MULTILINE)
_ERROR = re.compile(r"^# expect: error (\d+):(\d+) (.+)$", re.MULTILINE)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_each_mistake_is_refuted_at_its_smallest_shape_or_is_a_shape_error(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    (spec,) = run_files(path).specs
    refuted, error = _REFUTED.search(text), _ERROR.search(text)
    assert refuted or error, f"{path} has no '# expect:' line"
    if error:
        (check,) = spec.checks
        assert check.verdict is Verdict.ERROR
        assert (check.line, check.column) == (int(error.group(1)), int(error.group(2))), check.message
        assert error.group(3) in check.message
        return
    assert refuted is not None
    name, sizes, entry = refuted.groups()
    wrong = [c for c in spec.checks if c.label.startswith(f"{name} =")]
    assert [c.verdict for c in wrong] == [Verdict.REFUTED], [(c.label, c.message) for c in spec.checks]
    others = [c for c in spec.checks if c not in wrong]
    assert all(c.verdict is Verdict.PROVED for c in others), [(c.label, c.message) for c in others]
    (check,) = wrong
    assert check.message == f"the claim differs from the true value at {sizes}, in entry {entry}"
    counterexample = check.counterexample
    assert counterexample is not None and counterexample.expected != counterexample.claimed
    names = [c.name for c in counterexample.at]
    loaded = load_spec(path)
    assert isinstance(loaded, NetworkSpec)
    declared = [m.name for m in loaded.matrices]
    assert names[names.index("entry") + 1:] == declared  # every input and parameter, in the spec's order
    assert all(re.fullmatch(r"\[\[.*\]\]", c.value) for c in counterexample.at if c.name in declared)
    hint = re.search(r"^# hint: (.+)$", text, re.MULTILINE)
    if hint:
        assert check.hint is not None and hint.group(1) in check.hint


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_networks_are_proved_at_every_size_they_state(path: Path) -> None:
    (spec,) = run_files(path).specs
    for check in spec.checks:
        assert check.verdict is Verdict.PROVED, f"{check.label}: {check.message}"
        if check.kind is CheckKind.DERIVATIVE:
            assert check.scope is not None and check.scope.sizes and not any(s.every for s in check.scope.sizes)
            assert "not for all shapes" in (check.method or "")
