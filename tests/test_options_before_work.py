"""Bad option values (--timeout, --output) are usage errors (exit 2) decided before any verification."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.run import verify as verify_module

runner = CliRunner()
RELU = str(SPECS / "relu.yaml")


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Verification, replaced by a recorder: a usage error must come before it is ever called."""
    started: list[object] = []
    monkeypatch.setattr(verify_module, "verify_sources", lambda *args, **kwargs: started.append(args))
    return started


# --- --timeout ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("seconds", ["inf", "1e300", "nan", "-inf", "86401", "0", "0.01", "-1"])
@pytest.mark.parametrize("command", [("verify", RELU), ("latex", RELU), ("derive", "z**2"), ("show", "relu")])
def test_a_time_budget_out_of_range_is_a_usage_error(
        no_work: list[object], command: tuple[str, ...], seconds: str) -> None:
    code, out = invoke(*command, "--timeout", seconds)
    assert code == 2, out
    assert "--timeout" in out and "from 0.1 to 86400" in out, out
    assert "internal error" not in out
    assert no_work == []


def test_the_largest_time_budget_is_accepted() -> None:
    code, out = invoke("verify", RELU, "--timeout", "86400", "--format", "json")
    assert code == 0, out


# --- --output -----------------------------------------------------------------------------------------------

def _unwritable_places(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    existing = tmp_path / "existing.txt"
    existing.write_text("keep me\n", encoding="utf-8")
    return {
        "missing folder": (tmp_path / "no" / "such" / "report.txt", "does not exist"),
        "a folder": (tmp_path, "it is a folder"),
        "inside a file": (existing / "x.txt", "is not a folder"),
        "under /proc": (Path("/proc/derivcheck-report.txt"), "no file can be created in '/proc'"),
    }


@pytest.mark.parametrize("command", ["verify", "latex"])
@pytest.mark.parametrize("place", ["missing folder", "a folder", "inside a file", "under /proc"])
def test_an_unwritable_output_is_a_usage_error_before_any_work(
        tmp_path: Path, no_work: list[object], command: str, place: str) -> None:
    target, why = _unwritable_places(tmp_path)[place]
    code, out = invoke(command, RELU, "-o", str(target))
    assert code == 2, out
    assert f"--output {str(target)!r}" in out and why in out, out
    assert no_work == []
    assert (tmp_path / "existing.txt").read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("command", ["verify", "latex"])
def test_a_read_only_folder_is_a_usage_error_before_any_work(
        tmp_path: Path, no_work: list[object], command: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("this user (root) may write into a read-only folder")
        code, out = invoke(command, RELU, "-o", str(locked / "report.txt"))
        assert code == 2, out
        assert "--output" in out and "permission denied" in out, out
        assert no_work == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_an_existing_report_is_replaced_only_by_a_complete_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.json"
    report.write_text("the previous report\n", encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the run broke off")

    monkeypatch.setattr(verify_module, "verify_sources", crash)
    code, out = invoke("verify", RELU, "-o", str(report), "--format", "json")
    assert code == 3, out
    assert report.read_text(encoding="utf-8") == "the previous report\n"  # not truncated by a run that failed
    fresh = tmp_path / "fresh.json"
    assert invoke("verify", RELU, "-o", str(fresh), "--format", "json")[0] == 3
    assert not fresh.exists()  # no empty file left behind that looks like a report
    monkeypatch.undo()
    code, out = invoke("verify", RELU, "-o", str(report), "--format", "json")
    assert code == 0, out
    assert report.read_text(encoding="utf-8").startswith("{") and '"relu"' in report.read_text(encoding="utf-8")


def test_a_symbolic_link_as_output_is_followed(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "latest.tex"
    link = tmp_path / "report.tex"
    link.symlink_to(real)
    code, out = invoke("latex", RELU, "-o", str(link), "--fragment")
    assert code == 0, out
    assert link.is_symlink() and "\\section{relu}" in real.read_text(encoding="utf-8")
