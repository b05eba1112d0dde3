"""No user text starts a line that a CI runner obeys (`::error ...::`), in any format, command or stream.

The GitHub Actions runner trims each line of a job's output and runs it as a workflow command when it then
begins with `::`.  Hostile specs put `::` into every text a report quotes (a description with a second line,
long descriptions that wrap at some width, a file and a folder named with `::`, keys and expressions that
error messages quote), and every line of every output is checked, at several widths.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from proof_fixtures import pdflatex
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report import REPORTER_BY_NAME, reporter
from derivcheck.report.github import annotation
from derivcheck.report.latex_text import escape as latex_escape
from derivcheck.report.markdown_text import escape as markdown_escape
from derivcheck.report.safe import visible
from derivcheck.report.terminal import TerminalReporter
from derivcheck.results.checks import (
    Check,
    CheckKind,
    Counterexample,
    DtypePrecision,
    Kink,
    LostRange,
    Math,
    Precision,
    RunResult,
    SpecResult,
    SpotCheck,
    Verdict,
)
from derivcheck.run.verify import VerifyOptions, verify_targets

pytest_plugins = ["pytester"]

WIDTHS = (40, 80, 140, 100_000)
INJECTED = "::error file=README.md,line=1::Injected"
#: A one-line description with `::add-mask::` and `::stop-commands::` at many offsets: some wrap lands there.
LONG = " ".join(f"{'x' * i} ::add-mask::secret {'y' * (i % 5)}::stop-commands::tok" for i in range(1, 45))
FOLDER = "::error specs"
ZWSP = "\u200b"  # what the reports put between two colons of user text

SPECS = {
    # refuted: a counterexample, a hint and spot checks are shown along with the description
    "evil.yaml": f'name: evil\ndescription: "Harmless\\n{INJECTED}\\n  ::add-mask::secret"\n'
                 "function: 1/(1 + exp(-z))\nderivative: a*(1 + a)\n",
    "long.yaml": f'name: long\ndescription: "{LONG}"\nfunction: z**2\nderivative: 2*z\n',
    # an unknown key that the error message quotes, in a file whose name starts with `::`
    "::error x.yaml": 'name: colons\ndescription: ":: fenced ::"\nfunction: z**2\nderivative: 2*z\n'
                      '"::error::key": 1\n',
    "badname.yaml": 'name: "::warning::n"\nfunction: z**2\nderivative: 2*z\n',
    # every expression text holds `::`; `show` prints each as written, `verify` quotes the first error
    "texts.yaml": 'name: texts\ndescription: "::notice::d"\ndomain: "z > 0 ::error::dom"\n'
                  'parameters:\n  alpha: "::error::pv"\nfunction: "::error::f"\n'
                  'derivative: "2*z\\n::error::d"\nsecond_derivative: "::sd::"\n'
                  'at:\n  "::error::at": "::error::val"\npoints: ["::error::pt", 1]\n'
                  'identities:\n  - lhs: "::error::lhs"\n    rhs: "z ::"\n'
                  'derivation:\n  - "::error::step"\n  - "2*z"\n',
}

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# What a runner trims before it looks for `::`: white space, and (as older .NET did) zero-width spaces.
_LEAD = re.compile(r"^[\s\u200b\ufeff]*")
_GITHUB_COMMAND = re.compile(r"::(error|warning|notice)( [a-z]+=[^,:\r\n]*(,[a-z]+=[^,:\r\n]*)*)?::[^\r\n]*")


def commands(text: str) -> list[str]:
    """The lines of `text` (split at every line break Python knows) a runner would take for a command."""
    return [line for line in _ANSI.sub("", text).splitlines() if _LEAD.sub("", line).startswith("::")]


def assert_inert(text: str) -> None:
    assert commands(text) == []


def assert_github(text: str) -> None:
    """Every line is one of the format's own commands, whole and well formed, its message on that line."""
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) > 1
    for line in lines[:-1]:
        assert _GITHUB_COMMAND.fullmatch(line), line
    assert text.splitlines() == lines[:-1]  # no other line break (U+2028, NEL, ...) hides in a message


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a `::error specs` folder of hostile specs (run from here, paths start with `::`)."""
    root = tmp_path_factory.mktemp("hostile")
    (root / FOLDER).mkdir()
    for name, text in SPECS.items():
        (root / FOLDER / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def run(hostile: Path) -> RunResult:
    return verify_targets([FOLDER], VerifyOptions(timeout=60.0, jobs=2), cwd=hostile)


def test_the_hostile_run_quotes_every_hostile_text(run: RunResult) -> None:
    """The specs reach the reports as meant: otherwise the checks below would prove nothing."""
    by_name = {spec.name: spec for spec in run.specs}
    assert by_name["evil"].verdict is Verdict.REFUTED and INJECTED in (by_name["evil"].description or "")
    assert by_name["long"].description == LONG
    files = [spec.file for spec in run.specs]
    assert f"{FOLDER}/::error x.yaml" in files
    messages = " ".join(c.message for spec in run.specs for c in spec.checks)
    assert "'::error::key'" in messages and "'::warning::n'" in messages


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("color", [False, True])
def test_no_report_line_starts_with_a_command(run: RunResult, name: str, width: int, color: bool) -> None:
    stream = io.StringIO()
    reporter(name, color=color, width=width).render(run, stream)
    if name == "github":
        assert_github(stream.getvalue())
    else:
        assert_inert(stream.getvalue())


def test_the_github_format_keeps_the_exact_file_path(run: RunResult) -> None:
    """The annotation must land on the file, so its path is percent-escaped only, never broken up."""
    spec = next(s for s in run.specs if s.file.endswith("x.yaml"))
    line = annotation(spec, spec.checks[0])
    assert line.startswith("::error file=%3A%3Aerror specs/%3A%3Aerror x.yaml,line=5,col=2,title=")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_the_latex_document_compiles_and_shows_the_colons(run: RunResult, tmp_path: Path) -> None:
    stream = io.StringIO()
    reporter("latex").render(run, stream)
    done = pdflatex(tmp_path, stream.getvalue())
    assert done.returncode == 0, done.stdout[-3000:]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "proofs.pdf", "-"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=30).stdout
        assert "::error specs/::error x.yaml" in text and "::add-mask::secret" in text


def test_json_keeps_user_text_faithful(run: RunResult) -> None:
    stream = io.StringIO()
    reporter("json").render(run, stream)
    data = json.loads(stream.getvalue())
    assert {s["description"] for s in data["specs"]} >= {f"Harmless\n{INJECTED}\n  ::add-mask::secret", LONG}
    assert "\\u200b" not in stream.getvalue()


def test_junit_text_is_valid_xml_with_no_command_line(run: RunResult) -> None:
    stream = io.StringIO()
    reporter("junit").render(run, stream)
    root = ET.fromstring(stream.getvalue())
    texts = [element.text or "" for element in root.iter()] + [v for e in root.iter() for v in e.attrib.values()]
    assert any("error::key" in t.replace(ZWSP, "") for t in texts)
    for text in texts:
        assert_inert(text)


# --- the command line ---------------------------------------------------------------------------------------

def invoke(hostile: Path, monkeypatch: pytest.MonkeyPatch, *args: str, width: int = 80) -> tuple[str, str]:
    """stdout and stderr of one command, run in the folder that holds the hostile specs.

    Neither stream may have a line a runner obeys, and stderr (error messages, which never have a `::` of
    their own) no `::` at all.
    """
    monkeypatch.chdir(hostile)
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert_inert(result.stderr)
    assert "::" not in result.stderr
    return result.stdout, result.stderr


@pytest.mark.parametrize("width", WIDTHS[:3])
def test_verify_rich_report_at_each_width(hostile: Path, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    out, _ = invoke(hostile, monkeypatch, "verify", FOLDER, "--timeout", "60", width=width)
    assert "Injected" in out and "add-mask" in out
    assert_inert(out)


def test_verify_github_format(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (the other formats write what their reporters render above, through the same code)
    out, _ = invoke(hostile, monkeypatch, "verify", FOLDER, "--format", "github", "--timeout", "60")
    assert_github(out)
    assert out.count("::error ") == 4


def test_latex_command(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = invoke(hostile, monkeypatch, "latex", FOLDER, "--timeout", "60")
    assert "\\section{evil}" in out and ":{}:error" in out
    assert_inert(out)


@pytest.mark.parametrize("width", WIDTHS[:3])
@pytest.mark.parametrize("spec", sorted(SPECS))
def test_show(hostile: Path, monkeypatch: pytest.MonkeyPatch, spec: str, width: int) -> None:
    for output_format in ("rich", "json"):
        out, err = invoke(hostile, monkeypatch, "show", f"{FOLDER}/{spec}", "--format", output_format, width=width)
        assert "::" in (out + err).replace(ZWSP, "")  # the hostile text was shown
        assert_inert(out)


@pytest.mark.parametrize("width", WIDTHS[:3])
def test_list(hostile: Path, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    out, _ = invoke(hostile, monkeypatch, "list", FOLDER, width=width)
    assert "specs in" in out and "::" in out.replace(ZWSP, "")
    assert_inert(out)


@pytest.mark.parametrize("args", [
    ("derive", "::error::expr"),
    ("derive", "z**2\n::error::expr"),
    ("derive", "alpha*z", "--param", "alpha=::error::v"),
    ("derive", "z**2", "--param", "::error::p=1"),
    ("derive", "z**2", "--domain", "z > 0\n::error::dom"),
    ("derive", "z**2", "--variable", "::error::v"),
    ("verify", "missing\n::error::target"),
    ("verify", f"{FOLDER}/nothing here\n::error::x.yaml"),
    ("show", f"{FOLDER}/::error x.yaml"),
    ("list", "::error no such folder"),
])
def test_errors_on_stderr(hostile: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    out, err = invoke(hostile, monkeypatch, *args, width=40)
    assert err.startswith("derivcheck: error: ")
    assert_inert(out)


def test_derive_report(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for width in WIDTHS[:3]:
        out, _ = invoke(hostile, monkeypatch, "derive", "alpha*z**2", "--param", "alpha=1/2", width=width)
        assert "steps" in out
        assert_inert(out)


def test_an_internal_error_and_its_traceback(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> RunResult:
        raise RuntimeError(f"while reading\n{INJECTED}")

    monkeypatch.setattr("derivcheck.run.verify.verify_sources", crash)
    _, err = invoke(hostile, monkeypatch, "verify", FOLDER, "--debug")
    assert "Traceback" in err and "internal error: RuntimeError: while reading" in err


def test_cache_clear(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = invoke(hostile / FOLDER, monkeypatch, "cache", "clear", width=40)
    assert_inert(out)


def test_stderr_messages_are_neutralised(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A spec error on stderr quotes the file and key, with their colons kept apart."""
    _, err = invoke(hostile, monkeypatch, "show", f"{FOLDER}/::error x.yaml")
    assert f"{FOLDER}/::error x.yaml:5:2: unknown key '::error::key'" in err.replace(ZWSP, "")


# --- the pytest plugin --------------------------------------------------------------------------------------

def test_pytest_plugin_output(pytester: pytest.Pytester) -> None:
    # in a subfolder: pytest itself starts its own lines with node ids, which begin with the file's path
    (pytester.path / "specs").mkdir()
    for name, text in SPECS.items():
        (pytester.path / "specs" / name).write_text(text, encoding="utf-8")
    result = pytester.runpytest("--derivcheck", "--derivcheck-strict", "-rA", "-p", "no:cacheprovider",
                                "-p", "no:hypothesispytest", "-p", "no:benchmark", "specs")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = "\n".join(result.outlines + result.errlines)
    assert "error::key" in out.replace(ZWSP, "")
    assert_inert(out)


# --- any text, any width ------------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(["::", ":", "::error::", "::add-mask::", " ", "  ", "\n", "\t", "\r\n", "\u00a0",
                              "\u2028", "\x85", "\u200b", "\x1b[2J", "x", "word", "é", "∂", "%0A", "'", "-"])
_TEXT = st.lists(_FRAGMENTS, max_size=40).map("".join)


@settings(max_examples=200, deadline=None, database=None)
@given(description=_TEXT, name=_TEXT, file=_TEXT, message=_TEXT, hint=_TEXT, point=_TEXT,
       width=st.integers(min_value=8, max_value=200))
def test_any_user_text_at_any_width(description: str, name: str, file: str, message: str, hint: str,
                                    point: str, width: int) -> None:
    lost = LostRange("cancellation", None, 1.0, every_digit=True, formula=True, text=message)
    precision = Precision(expression=point, grid=hint, note=message,
                          dtypes=(DtypePrecision("float64", 0.5, point, (1.0,), (lost,), compared=3),))
    check = Check(kind=CheckKind.DERIVATIVE, label="g'(z)", verdict=Verdict.REFUTED, method=None, message=message,
                  claim=Math(point, point, "z"), counterexample=Counterexample(point, point, point), hint=hint,
                  line=3, evidence=(SpotCheck(point, point, point, point, point, False, False, message),),
                  precision=precision)
    kink = Kink(point=point, continuous=None, left=point, right=None, differentiable=None, declared=point,
                message=message)
    run = RunResult(specs=(SpecResult(name=name, file=file, description=description, checks=(check,),
                                      kinks=(kink,)),))
    stream = io.StringIO()
    TerminalReporter(color=False, width=width).render(run, stream)
    assert_inert(stream.getvalue())
    for name_ in ("junit", "markdown", "latex"):
        stream = io.StringIO()
        reporter(name_).render(run, stream)
        assert_inert(stream.getvalue())
    github = io.StringIO()
    reporter("github").render(run, github)
    assert_github(github.getvalue())


@settings(database=None)
@given(text=_TEXT)
def test_the_rule_is_idempotent_and_otherwise_faithful(text: str) -> None:
    shown = visible(text)
    assert visible(shown) == shown
    assert "::" not in shown and not shown.startswith(":") and not shown.endswith(":")
    if not any(ch in text for ch in "\x1b\x85\u2028\r\u200b"):
        assert shown.replace(ZWSP, "") == text


@pytest.mark.parametrize(("escape", "text", "expected"), [
    (visible, "a::b", "a:\u200b:b"),
    (visible, ":x:", "\u200b:x:\u200b"),
    (visible, "a:b: c", "a:b: c"),
    (latex_escape, "::error::x", "{}:{}:error:{}:x"),
    (markdown_escape, "a::b", "a:\u200b:b"),
])
def test_the_spelling_of_a_broken_colon_pair(escape: Callable[[str], str], text: str, expected: str) -> None:
    assert escape(text) == expected
