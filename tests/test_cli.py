"""The command line through Typer's runner: exit codes, formats, escaping, UNDECIDED and --allow-undecided."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.engine.prove import decide as decide_module
from derivcheck.engine.prove.symbolic import ProofAttempt

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_verify_sigmoid_by_name_proves_it() -> None:
    code, out = invoke("verify", "sigmoid", "--no-color")
    assert code == 0, out
    assert "PROVED" in out and "sigmoid" in out
    assert "normal form" in out
    assert "spot checks" in out
    assert "REFUTED" not in out.replace("0 refuted", "")


def test_a_refuted_claim_exits_1_and_shows_the_counterexample() -> None:
    code, out = invoke("verify", str(EXAMPLES / "bad" / "sigmoid_a_plus.yaml"), "--no-color")
    assert code == 1
    assert "REFUTED" in out and "counterexample" in out and "0.75" in out


def test_usage_errors_exit_2() -> None:
    code, out = invoke("verify", "sigmod")
    assert code == 2
    assert "did you mean 'sigmoid'" in out
    assert invoke("verify", "--format", "yaml")[0] == 2
    assert invoke("verify", "no/such/file.yaml")[0] == 2


def test_json_report_has_the_documented_shape() -> None:
    code, out = invoke(
        "verify", str(SPECS / "relu.yaml"), str(EXAMPLES / "bad" / "sigmoid_a_plus.yaml"), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["schema_version"] == 1
    assert set(doc["summary"]) == {"proved", "refuted", "undecided", "error"}
    relu, bad = doc["specs"]
    assert relu["name"] == "relu" and relu["verdict"] == "proved"
    assert bad["verdict"] == "refuted"
    for spec in doc["specs"]:
        assert {"name", "file", "verdict", "checks"} <= set(spec)
        for check in spec["checks"]:
            assert {"kind", "verdict", "method", "message", "counterexample", "seconds"} <= set(check)
            assert check["verdict"] in {"proved", "refuted", "undecided", "error"}
    (refuted,) = [c for c in bad["checks"] if c["verdict"] == "refuted"]
    assert refuted["counterexample"] == {"point": "0", "expected": "0.25", "claimed": "0.75"}
    assert doc["summary"]["refuted"] == 1


def test_a_broken_spec_is_an_error_row_and_the_others_still_run(write_spec) -> None:  # type: ignore[no-untyped-def]
    broken = write_spec("name: broken\nfunction: 1/(1+exp(-z))\nderivativ: a*(1-a)\n", "broken.yaml")
    code, out = invoke("verify", str(broken), str(SPECS / "sigmoid.yaml"), "--format", "json")
    assert code == 1
    broken_result, sigmoid = json.loads(out)["specs"]
    assert broken_result["verdict"] == "error"
    assert "did you mean 'derivative'" in broken_result["checks"][0]["message"]
    assert sigmoid["verdict"] == "proved"


def test_undecided_fails_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decide_module, "prove_zero",
                        lambda *args, **kwargs: ProofAttempt(False, None, "no strategy closed it"))
    code, out = invoke("verify", "sigmoid", "--format", "json")
    assert code == 1, out  # a proof checker fails closed
    assert json.loads(out)["summary"]["undecided"] >= 1
    assert invoke("verify", "sigmoid", "--strict", "--format", "json")[0] == 1  # still accepted: the default
    assert invoke("verify", "sigmoid", "--allow-undecided", "--format", "json")[0] == 0


def test_user_text_is_printed_literally(write_spec) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec("name: x\ndescription: \"[red]PROVED[/red] \\e[2J\\a\"\n"
                      "function: z\nderivative: 1\n", "markup.yaml")
    code, out = invoke("verify", str(spec), "--no-color")
    assert code == 0, out
    assert "[red]PROVED[/red]" in out
    assert "\x1b" not in out and "\a" not in out
    assert "\\x1b[2J" in out


def test_default_targets_are_the_local_specs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "mine.yaml").write_text("name: mine\nfunction: z^2\nderivative: 2*z\n",
                                                  encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = invoke("verify", "--format", "json")
    assert code == 0, out
    assert [s["name"] for s in json.loads(out)["specs"]] == ["mine"]


def test_list_shows_the_catalog() -> None:
    code, out = invoke("list")
    assert code == 0
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        assert name in out
