"""The catalog's networks: the notes' network proved for the shapes it names (in every report format, as the README
shows it, and as a LaTeX document that compiles); the other networks proved at small sizes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from conftest import ROOT, SPECS, run_files
from proof_fixtures import pdflatex

from derivcheck.report.json_report import document as json_document
from derivcheck.report.latex import document as latex_document
from derivcheck.report.markdown import document as markdown_document
from derivcheck.report.terminal import TerminalReporter
from derivcheck.results.checks import CheckKind, RunResult, SpecResult, Verdict
from derivcheck.results.scope import scope_text
from derivcheck.run.verify import VerifyOptions, verify_targets

NETWORKS = SPECS / "network"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SIX = ["dZ2 = m·∂J/∂Z2", "dW2 = ∂J/∂W2", "db2 = ∂J/∂b2", "dZ1 = m·∂J/∂Z1", "dW1 = ∂J/∂W1", "db1 = ∂J/∂b1"]


def _notes() -> RunResult:
    """`derivcheck verify notes_network`, found by its name in the catalog, at the sizes it states."""
    return verify_targets(["notes_network"], VerifyOptions(timeout=120, jobs=2))


def test_the_catalog_has_the_promised_networks() -> None:
    assert sorted(p.stem for p in NETWORKS.glob("*.yaml")) == [
        "notes_network", "notes_network_deep", "notes_network_relu", "notes_network_softmax"]


def test_the_readme_network_is_the_catalog_file() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    assert (NETWORKS / "notes_network.yaml").read_text(encoding="utf-8") in blocks


def test_the_notes_network_in_every_format(tmp_path: Path) -> None:
    # One run for every assertion on it (a fixture would run once per test worker).
    notes = _notes()
    _proved_for_the_shapes_the_spec_names(notes)
    _the_readme_report_is_what_derivcheck_prints(notes)
    _every_format_shows_the_equations_and_their_scope(notes, tmp_path)


def _proved_for_the_shapes_the_spec_names(notes: RunResult) -> None:
    (spec,) = notes.specs
    assert spec.file.endswith("network/notes_network.yaml")
    assert [c.label for c in spec.checks] == SIX
    for check in spec.checks:
        assert check.verdict is Verdict.PROVED, f"{check.label}: {check.message}"
        assert check.scope is not None
        assert [(s.name, s.every, s.low, s.high) for s in check.scope.sizes] == [
            ("n_x", False, 1, 3), ("n_h", False, 1, 3), ("m", False, 1, 3)]
        assert "for the shapes n_x, n_h, m = 1..3 only, not for all shapes" in (check.method or "")
        assert scope_text(check.scope).startswith("for the shapes n_x, n_h, m = 1..3 only, not for all shapes")
        assert "at 27 sizes" in check.message


def _the_readme_report_is_what_derivcheck_prints(notes: RunResult) -> None:
    out = io.StringIO()
    TerminalReporter(width=116).render(notes, out)
    printed = _without_times(out.getvalue())
    excerpt = README.split("$ derivcheck verify notes_network\n", 1)[1].split("```", 1)[0]
    for line in _without_times(excerpt).splitlines():
        if line.strip() and line.strip() != "...":
            assert line in printed, line


def _without_times(text: str) -> str:
    return re.sub(r"\s+\d+\.\d\d s\b", "", text)


def _every_format_shows_the_equations_and_their_scope(notes: RunResult, tmp_path: Path) -> None:
    data = json_document(notes)
    (spec,) = data["specs"]
    assert spec["shapes"] == ["n_x", "n_h", "m"] and spec["variables"] == ["W1", "b1", "W2", "b2"]
    assert [d["name"] for d in spec["definitions"]] == ["Z1", "A1", "Z2", "A2"]
    first = spec["checks"][0]
    assert first["partial"] == {"output": "J", "output_index": None, "variable": "Z2", "variable_index": None,
                                "scale": "m"}
    assert first["scope"]["sizes"] == [{"name": n, "every": False, "low": 1, "high": 3} for n in ("n_x", "n_h", "m")]
    assert first["written"]["text"] == "A2 - Y"
    json.dumps(data)
    markdown = markdown_document(notes)
    assert "dZ^{[2]} = m \\, \\frac{\\partial J}{\\partial Z^{[2]}} = A^{[2]} - Y" in markdown
    assert markdown.count("not for all shapes") >= 6
    latex = latex_document(notes)
    for equation in ("dW^{[2]} = \\frac{\\partial J}{\\partial W^{[2]}} = "
                     "\\frac{1}{m} dZ^{[2]} \\, A^{[1]T}",
                     "dZ^{[1]} = m \\, \\frac{\\partial J}{\\partial Z^{[1]}} = W^{[2]T} \\, dZ^{[2]} \\odot "
                     "\\left(1 - \\left(A^{[1]}\\right)^{2}\\right)",
                     "\\sum_{\\text{axis} = 1} \\left(dZ^{[1]}\\right)"):
        assert equation in latex
    done = pdflatex(tmp_path, latex, "notes_network")
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "notes_network.pdf").stat().st_size > 0


def _small(tmp_path: Path, name: str, sizes: str) -> Path:
    """A catalog network with its `sizes:` made smaller (the equations as they are)."""
    text = (NETWORKS / f"{name}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^sizes: .*\n", "", text, flags=re.MULTILINE)
    text = re.sub(r"^(shapes: .*\n)", rf"\1sizes: {sizes}\n", text, flags=re.MULTILINE)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_other_networks_at_small_sizes(tmp_path: Path) -> None:
    paths = [_small(tmp_path, "notes_network_relu", "{n_x: 1, n_h: 1..2, m: 1..2}"),
             _small(tmp_path, "notes_network_deep", "{n_x: 1, n_1: 1..2, n_2: 1..2, m: 1..2}"),
             _small(tmp_path, "notes_network_softmax", "{n_x: 1, n_h: 1, n_y: 1..3, m: 1..2}")]
    small = {s.name: s for s in run_files(*paths, timeout=120).specs}
    _proved(small)
    _relu_hidden_units_leave_out_their_kink_and_state_the_convention(small)
    _the_deep_network_is_proved_for_every_first_activation(small)
    _the_softmax_output_uses_its_constraint(small)


def _proved(small: dict[str, SpecResult]) -> None:
    for spec in small.values():
        for check in spec.checks:
            assert check.verdict is Verdict.PROVED, f"{spec.name} {check.label}: {check.message}"


def _relu_hidden_units_leave_out_their_kink_and_state_the_convention(small: dict[str, SpecResult]) -> None:
    spec = small["notes_network_relu"]
    (dz1,) = [c for c in spec.checks if c.label == "dZ1 = m·∂J/∂Z1"]
    assert dz1.scope is not None and dz1.scope.excluding == ("an entry of Z1 is 0",)
    assert "except where an entry of Z1 is 0" in scope_text(dz1.scope)
    (at,) = [c for c in spec.checks if c.kind is CheckKind.AT]
    assert at.label == "g1'(0)" and at.verdict is Verdict.PROVED and "subgradient" in (at.method or "")
    (kink,) = spec.kinks
    assert (kink.point, kink.left, kink.right, kink.declared) == ("0", "0", "1", "0")
    assert {f.framework for f in kink.frameworks if f.matches} == {"pytorch", "jax", "tensorflow"}


def _the_deep_network_is_proved_for_every_first_activation(small: dict[str, SpecResult]) -> None:
    spec = small["notes_network_deep"]
    assert len([c for c in spec.checks if c.kind is CheckKind.DERIVATIVE]) == 9
    for check in spec.checks:
        if check.kind is CheckKind.DERIVATIVE:
            assert check.scope is not None and "every differentiable g1" in scope_text(check.scope)


def _the_softmax_output_uses_its_constraint(small: dict[str, SpecResult]) -> None:
    spec = small["notes_network_softmax"]
    for check in spec.checks:
        assert check.scope is not None and check.scope.constraints == ("sum(Y, axis=0) = 1",)
