"""No false green, no late failure: a run with nothing to verify is a usage error; names find specs either way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.run import verify as verify_module

runner = CliRunner()


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records any verification that starts: a usage error must come before all of them."""
    started: list[object] = []
    real = verify_module.verify_sources

    def spy(*args: object, **kwargs: object) -> object:
        started.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(verify_module, "verify_sources", spy)
    return started


def test_an_empty_specs_folder_is_a_usage_error_not_the_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  no_work: list[object]) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "README.md").write_text("specs go here\n", encoding="utf-8")
    (tmp_path / "specs" / "nested").mkdir()
    (tmp_path / "specs" / "nested" / "relu.yaml").write_bytes((SPECS / "relu.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    for command in (["verify"], ["verify", "--format", "json"], ["latex"], ["list"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "no spec files in 'specs'" in result.output and "*.yaml and *.yml" in result.output
        assert "sub-folders are not searched" in result.output
    assert no_work == []


def test_a_folder_without_specs_named_on_the_command_line_is_a_usage_error(tmp_path: Path,
                                                                           no_work: list[object]) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["verify", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "no spec files in folder" in result.output
    assert no_work == []


def test_without_a_specs_folder_the_catalog_is_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from derivcheck.spec.sources import catalog_dir, default_folder

    monkeypatch.chdir(tmp_path)
    assert default_folder() == catalog_dir()


def test_an_unwritable_output_fails_before_any_work(tmp_path: Path, no_work: list[object]) -> None:
    result = runner.invoke(app, ["verify", "relu", "-o", str(tmp_path / "no" / "such" / "x.txt")])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert no_work == []


def test_verify_finds_a_spec_by_its_name_key_and_warns_that_it_is_not_the_file_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "specs").mkdir()
    text = (SPECS / "relu.yaml").read_text(encoding="utf-8").replace("name: relu", "name: rectifier")
    (tmp_path / "specs" / "my_relu.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("rectifier", "my_relu"):
        result = runner.invoke(app, ["verify", name, "--format", "json"])
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert [s["file"] for s in document["specs"]] == ["specs/my_relu.yaml"]
        warning = ("specs/my_relu.yaml:2: the spec is named 'rectifier' but its file is 'my_relu.yaml'; "
                   "`derivcheck verify` finds it by either name, keep them the same")
        assert result.stderr == f"derivcheck: warning: {warning}\n" and document["warnings"] == [warning]
    assert runner.invoke(app, ["verify", "rectifer"]).exit_code == 2  # a near miss is still a usage error
    assert "did you mean 'rectifier'" in runner.invoke(app, ["verify", "rectifer"]).output


def test_a_spec_named_after_its_file_gives_no_warning() -> None:
    result = runner.invoke(app, ["verify", "relu", "--format", "json"])
    assert result.exit_code == 0 and result.stderr == "" and json.loads(result.stdout)["warnings"] == []
