"""A cached run and `--help` load only what they need; options read without pydantic still read right."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import COMMANDS, app

runner = CliRunner()
#: Run `derivcheck` as the console script does and print which heavy modules it imported.
PROBE = ("import sys\nfrom derivcheck.cli import main\n"
         "try:\n    main()\nexcept SystemExit:\n    pass\n"
         "heavy = ['sympy', 'mpmath', 'yaml', 'rich', 'pydantic', 'derivcheck.engine', 'derivcheck.cli.explain']\n"
         "print('IMPORTED', [m for m in heavy if m in sys.modules], file=sys.stderr)\n")


def probe(args: list[str], cwd: Path, state: Path) -> tuple[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_STATE_HOME": str(state)}
    env.pop("DERIVCHECK_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    imported = next(line for line in done.stderr.splitlines() if line.startswith("IMPORTED"))
    return done.stdout, imported


def test_a_cached_run_to_a_pipe_imports_no_sympy_yaml_rich_or_pydantic(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    state = tmp_path_factory.mktemp("state")
    shutil.copytree(SPECS, tmp_path / "specs", ignore=shutil.ignore_patterns("[b-r]*", "s[a-h]*"))
    cold, _ = probe(["verify"], tmp_path, state)
    warm, imported = probe(["verify"], tmp_path, state)
    assert imported == "IMPORTED []"
    assert warm.splitlines()[-1].endswith(f"{len(list((tmp_path / 'specs').glob('*.yaml')))} cached, "
                                          f"{warm.splitlines()[-1].rsplit(', ', 1)[1]}")
    assert [line.split()[:2] for line in warm.splitlines() if line.strip()][:-1] == [
        line.split()[:2] for line in cold.splitlines() if line.strip()][:-1]


def test_help_reads_no_command_module(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out, imported = probe(["--help"], tmp_path, tmp_path_factory.mktemp("state"))
    assert imported == "IMPORTED []"
    for name, (_, line) in COMMANDS.items():
        assert f"  {name}" in out and line in out  # each command with its whole help line


def test_help_lines_are_whole_and_list_every_format() -> None:
    from derivcheck.report import REPORTER_BY_NAME

    listing = runner.invoke(app, ["--help"], env={"COLUMNS": "80"}).output
    commands = listing[listing.index("Commands:"):]
    assert "..." not in commands  # no help line cut short
    verify_help = " ".join(runner.invoke(app, ["verify", "--help"], env={"COLUMNS": "80"}).output.split())
    assert f"Report format: {', '.join(REPORTER_BY_NAME)}." in verify_help
    latex_help = runner.invoke(app, ["latex", "--help"]).output
    assert "--precision" in latex_help and "--convention" in latex_help


@pytest.mark.parametrize("args, message", [
    (["verify", "relu", "--jobs", "-1"], "-1 is not in the range x>=0"),
    (["verify", "relu", "--jobs", "two"], "'two' is not a valid integer"),
    (["verify", "relu", "--timeout", "soon"], "'soon' is not a valid number"),
    (["verify", "relu", "--timeout", "inf"], "--timeout"),
])
def test_bad_option_values_are_usage_errors_that_say_what_was_wrong(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_options_read_without_pydantic_keep_their_types_and_environment() -> None:
    from derivcheck.cli.coerce import _coercer

    assert _coercer(int, 0, None)("3") == 3 and _coercer(float, None, None)("0.5") == 0.5
    assert _coercer(bool, None, None)("1") is True and _coercer(bool, None, None)("off") is False
    assert _coercer(Path, None, None)("x/y") == Path("x/y")
    assert _coercer(list[str], None, None)(("a", "b")) == ["a", "b"]
    assert _coercer(dict, None, None) is None  # anything else is left to typer
    result = runner.invoke(app, ["verify", "relu", "--format", "json"], env={"DERIVCHECK_NO_CACHE": "1"})
    assert result.exit_code == 0  # the env var of --no-cache is read as a boolean


def test_the_progress_bar_counts_checks_and_shows_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from derivcheck.report.progress import TerminalProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    # An interactive terminal outside CI (the test itself may run in CI, where no bar is drawn).
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = Terminal()
    with TerminalProgress(stream, min_tasks=1) as progress:
        progress.start(12)
        columns = [type(c).__name__ for c in progress._bar.columns]
        texts = [getattr(c, "text_format", "") for c in progress._bar.columns]
        progress.advance()
    assert "MofNCompleteColumn" in columns and "TimeRemainingColumn" in columns
    assert "checks" in texts and "ETA" in texts
