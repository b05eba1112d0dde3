"""Hand derivations checked link by link: the notes' slip found, the catalog's tanh derivation proved."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import sympy
from conftest import ROOT, SPECS, run_files
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.engine.build import build
from derivcheck.results.checks import Check, Verdict
from derivcheck.run.plan import Task, TaskKind, plan
from derivcheck.run.tasks import run_task
from derivcheck.spec.load import load_spec, load_spec_text
from derivcheck.spec.model import Spec

NOTES = ROOT / "examples" / "notes_tanh.yaml"

SIGMOID = """\
name: sigmoid_by_hand
function: 1/(1 + exp(-z))
derivative: a*(1 - a)
derivation:
{steps}
"""


def links(checks: tuple[Check, ...]) -> dict[int, Check]:
    found = {c.step: c for c in checks if c.kind == "derivation"}
    assert None not in found
    return {int(k): v for k, v in found.items() if k is not None}


def spec_with(*steps: str) -> Spec:
    return load_spec_text(SIGMOID.format(steps="\n".join(f"  - {s}" for s in steps)), "hand.yaml")


def link(spec: Spec, n: int) -> Check:
    (check,) = run_task(spec, Task(TaskKind.DERIVATION, n), time.monotonic() + 30, lambda _: None).checks
    return check


def all_links(spec: Spec) -> dict[int, Check]:
    """Every link of a derivation, decided in this process (the sympy cache makes that quick)."""
    return links(tuple(link(spec, n) for n in range(1, len(spec.derivation) + 2)))


def test_the_notes_slip_is_found_at_the_expanded_square() -> None:
    spec = load_spec(NOTES)
    (result,) = run_files(NOTES).specs
    assert next(c for c in result.checks if c.kind == "derivative").verdict is Verdict.PROVED
    found = links(result.checks)
    assert sorted(found) == list(range(1, len(spec.derivation) + 2))
    verdicts = {n: c.verdict for n, c in found.items()}
    # Step 3 (notes line 55) has a wrong cross term; step 4 has the right one again, so both links touching
    # step 3 break and every other link, the notes' "LHS = RHS" (step 4 -> step 5) included, holds.
    assert {n for n, v in verdicts.items() if v is Verdict.REFUTED} == {3, 4}
    assert all(v is Verdict.PROVED for n, v in verdicts.items() if n not in (3, 4)), verdicts
    assert found[3].hint == "step 3 is the odd one out: step 4 equals step 2 again"
    assert found[4].hint == "step 4 equals step 2 again, so step 3 is the line in error"
    assert found[3].counterexample is not None and found[3].counterexample.point == "0"
    assert (found[3].counterexample.expected, found[3].counterexample.claimed) == ("1", "0.625")
    assert found[3].message == "step 3 differs from step 2 at z = 0"
    assert found[3].line == spec.derivation[2].location.line
    assert found[len(spec.derivation) + 1].label == "claim"



def test_the_catalog_tanh_derivation_is_proved_link_by_link() -> None:
    spec = load_spec(SPECS / "tanh.yaml")
    found = all_links(spec)
    assert sorted(found) == list(range(1, len(spec.derivation) + 2))
    assert all(c.verdict is Verdict.PROVED and c.method for c in found.values()), found
    assert [found[n].label for n in sorted(found)][-2:] == [f"step {len(spec.derivation)}", "claim"]


def test_links_run_in_report_order_before_the_kinks() -> None:
    spec = spec_with("diff(1/(1 + exp(-z)), z)", "a*(1 - a)")
    links = [Task(TaskKind.DERIVATION, n) for n in (1, 2, 3)]
    assert [t for t in plan(spec) if t.kind is TaskKind.DERIVATION] == links
    assert plan(spec)[-4:] == [*links, Task(TaskKind.KINKS)]
    assert [t for t in plan(load_spec(SPECS / "relu.yaml")) if t.kind is TaskKind.DERIVATION] == []


def test_a_wrong_step_breaks_its_links_only() -> None:
    spec = spec_with("diff(1/(1 + exp(-z)), z)", "exp(-z)/(1 + exp(-z))^2", "exp(-z)/(1 + exp(-z))",
                     "a*(1 - a)")
    verdicts = {n: link(spec, n).verdict for n in range(1, 6)}
    assert verdicts == {1: Verdict.PROVED, 2: Verdict.PROVED, 3: Verdict.REFUTED, 4: Verdict.REFUTED,
                        5: Verdict.PROVED}


def test_a_wrong_claim_after_a_right_derivation_breaks_the_last_link() -> None:
    text = SIGMOID.format(steps="  - exp(-z)/(1 + exp(-z))^2").replace("a*(1 - a)", "a*(1 + a)")
    spec = load_spec_text(text, "hand.yaml")
    first, last = link(spec, 1), link(spec, 2)
    assert first.verdict is Verdict.PROVED
    assert last.verdict is Verdict.REFUTED and last.label == "claim" and last.step == 2
    assert last.message.startswith("the claim differs from step 1 at z = ")


def test_the_output_name_inside_diff_stands_for_g() -> None:
    # A plain symbol a would make diff(a, z) zero and "prove" nonsense; here it is g(z).
    spec = spec_with("diff(a, z)", "diff(a*(1 - a), z)/(1 - 2*a)")
    built = build(spec)
    z, a, g = built.problem.z, built.problem.a, built.problem.g
    step1 = built.expression(spec.derivation[0], derivation=True)
    step2 = built.expression(spec.derivation[1], derivation=True)
    assert sympy.simplify(step1 - sympy.diff(g, z)) == 0
    assert a in step2.free_symbols and not step2.has(sympy.Derivative)
    assert link(spec, 1).verdict is Verdict.PROVED
    assert link(spec, 2).verdict is Verdict.PROVED
    assert link(spec, 3).verdict is Verdict.PROVED


def test_a_zero_step_is_refuted_not_proved() -> None:
    spec = spec_with("diff(1/(1 + exp(-z)), z)", "0")
    check = link(spec, 2)
    assert check.verdict is Verdict.REFUTED
    assert link(spec, 3).verdict is Verdict.REFUTED


def test_a_step_that_does_not_parse_is_an_error_of_its_links_and_the_others_still_run() -> None:
    spec = spec_with("diff(1/(1 + exp(-z)), z)", "exp(-z)/(1 + exp(-z)^2", "a*(1 - a)")
    first, broken = link(spec, 1), link(spec, 2)
    assert first.verdict is Verdict.PROVED
    assert broken.verdict is Verdict.ERROR and broken.step == 2 and broken.label == "step 2"
    assert "hand.yaml:6:" in broken.message
    assert link(spec, 4).verdict is Verdict.PROVED


def test_a_sign_slip_gets_both_where_and_what() -> None:
    spec = spec_with("diff(a, z)", "-exp(-z)/(1 + exp(-z))^2", "a*(1 - a)")
    hint = link(spec, 2).hint
    assert hint == "step 2 is the odd one out: step 3 equals step 1 again; sign flipped: step 2 is -(step 1)"


def test_json_has_one_check_per_link_with_its_step(tmp_path: Path) -> None:
    path = tmp_path / "hand.yaml"
    path.write_text(SIGMOID.format(steps="  - diff(1/(1 + exp(-z)), z)\n  - -a*(1 - a)"), encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    checks = json.loads(result.stdout)["specs"][0]["checks"]  # stderr warns: the spec is not named after its file
    derivation = [c for c in checks if c["kind"] == "derivation"]
    assert [(c["step"], c["label"], c["verdict"]) for c in derivation] == [
        (1, "step 1", "proved"), (2, "step 2", "refuted"), (3, "claim", "refuted")]
    assert derivation[1]["counterexample"]["point"] == "0"
    assert derivation[1]["hint"] == (
        "step 2 is the odd one out: the claim equals step 1 again; sign flipped: step 2 is -(step 1)")
    assert derivation[2]["hint"] == (
        "the claim equals step 1 again, so step 2 is the line in error; sign flipped: the claim is -(step 2)")
    assert all(c["step"] is None for c in checks if c["kind"] != "derivation")


def test_a_step_that_drops_the_d_dz_is_named_as_the_function_itself() -> None:
    # The notes' lines 79 and 81 read literally: the rewritten function without the d/dz in front.
    spec = spec_with("1/(1 + exp(-2*z/2))", "a*(1 - a)")
    check = link(spec, 1)
    assert check.verdict is Verdict.REFUTED
    assert check.hint == ("step 1 is the odd one out: step 2 equals g'(z) again; "
                          "the function itself instead of its derivative: step 1 equals g(z), not g'(z)")


def test_the_documented_example_gives_the_documented_report(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "derivations.md").read_text(encoding="utf-8")
    yaml_block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "sigmoid_by_hand.yaml"
    path.write_text(yaml_block, encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(path), "--no-color"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    report = doc.split("$ derivcheck verify sigmoid_by_hand.yaml\n", 1)[1].split("```", 1)[0]
    rows = [re.split(r"\s{2,}", row.strip())[:5] for row in result.output.splitlines()]
    documented = [line.strip() for line in report.splitlines()[1:]]
    for line in documented:
        if line.startswith(("counterexample", "hint")):
            assert line in result.output
        else:  # line, check, claim as written, verdict, method: as in the table derivcheck printed
            assert re.split(r"\s{2,}", line) in rows, line
    assert len(documented) == 10
