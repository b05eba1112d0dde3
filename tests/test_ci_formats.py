"""The CI formats: JUnit XML parsed back and checked, GitHub annotation lines and their escaping."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import EXAMPLES, ROOT
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report import REPORTER_BY_NAME, reporter
from derivcheck.report.github import GithubReporter, escape_data, escape_property
from derivcheck.report.junit import JunitReporter
from derivcheck.results.checks import Check, CheckKind, Counterexample, Math, RunResult, SpecResult, Verdict

HOSTILE = "x\n::error::pwned\r\n::warning file=a,line=1::also %0A pwned \x1b[2J\x00\ufffe"


def check(label: str, verdict: Verdict, line: int | None = 4, **extra: object) -> Check:
    return Check(kind=CheckKind.DERIVATIVE, label=label, verdict=verdict, method="certified counterexample",
                 message=extra.pop("message", f"{label} says {verdict.value}"), seconds=0.25, line=line,
                 **extra)  # type: ignore[arg-type]


REFUTED = check("g'(z)", Verdict.REFUTED, message="the claim differs from the true value at z = 0",
                claim=Math("a*(a + 1)", "", ""), counterexample=Counterexample("0", "0.25", "0.75"),
                hint="a(1 + a) looks like a(1 - a) with the sign flipped")
RUN = RunResult(specs=(
    SpecResult(name="sigmoid", file="specs/sigmoid.yaml",
               checks=(check("g'(z)", Verdict.PROVED), check("g''(z)", Verdict.UNDECIDED, line=5))),
    SpecResult(name="bad", file="specs/bad.yaml",
               checks=(REFUTED, check("spec", Verdict.ERROR, line=3, column=15,
                                      message="specs/bad.yaml:3:15: unknown name"))),
))


def render(cls: type[JunitReporter] | type[GithubReporter], run: RunResult, allow_undecided: bool = False) -> str:
    stream = io.StringIO()
    cls(allow_undecided=allow_undecided).render(run, stream)
    return stream.getvalue()


# --- JUnit --------------------------------------------------------------------------------------------------

# The elements and attributes of the Jenkins xunit junit-10.xsd schema that the report may use.
SCHEMA = {
    "testsuites": ({"name", "time", "tests", "failures", "errors"}, set(), {"testsuite"}),
    "testsuite": ({"name", "tests", "failures", "errors", "time", "skipped", "file"},
                  {"name", "tests", "failures", "errors"}, {"testcase"}),
    "testcase": ({"name", "time", "classname"}, {"name"}, {"failure", "error", "skipped"}),
    "failure": ({"message", "type"}, set(), set()),
    "error": ({"message", "type"}, set(), set()),
    "skipped": ({"message", "type"}, set(), set()),
}


def assert_schema_shape(element: ET.Element) -> None:
    allowed, required, children = SCHEMA[element.tag]
    assert set(element.attrib) <= allowed, (element.tag, element.attrib)
    assert required <= set(element.attrib), (element.tag, element.attrib)
    if "time" in element.attrib:
        assert re.fullmatch(r"\d+\.\d+", element.attrib["time"])
    for child in element:
        assert child.tag in children, (element.tag, child.tag)
        assert_schema_shape(child)


def test_junit_has_a_suite_per_spec_and_a_case_per_claim() -> None:
    root = ET.fromstring(render(JunitReporter, RUN, allow_undecided=True))
    assert_schema_shape(root)
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == ("testsuites", "4", "1", "1")
    sigmoid, bad = root.findall("testsuite")
    assert [sigmoid.get(k) for k in ("name", "tests", "failures", "errors", "skipped", "time")] == [
        "sigmoid", "2", "0", "0", "1", "0.500"]
    assert [(c.get("classname"), c.get("name")) for c in sigmoid] == [("sigmoid", "g'(z)"), ("sigmoid", "g''(z)")]
    assert len(sigmoid[0]) == 0  # proved: no child
    assert sigmoid[1][0].tag == "skipped" and "UNDECIDED" in sigmoid[1][0].get("message", "")
    assert [bad.get(k) for k in ("tests", "failures", "errors", "skipped")] == ["2", "1", "1", "0"]
    failure = bad[0].find("failure")
    assert failure is not None and failure.get("type") == "refuted"
    assert failure.get("message") == "g'(z) REFUTED: the claim differs from the true value at z = 0"
    assert failure.text is not None
    assert failure.text.startswith("specs/bad.yaml:4: g'(z) REFUTED")
    assert "counterexample: at z = 0 the true value is 0.25, the claim gives 0.75" in failure.text
    assert "hint: a(1 + a) looks like a(1 - a) with the sign flipped" in failure.text
    error = bad[1].find("error")
    assert error is not None and "specs/bad.yaml:3:15: unknown name" in (error.get("message") or "")


def test_junit_undecided_is_a_failure_unless_allowed() -> None:
    root = ET.fromstring(render(JunitReporter, RUN))
    sigmoid = root.findall("testsuite")[0]
    assert (sigmoid.get("failures"), sigmoid.get("skipped")) == ("1", "0")
    failure = sigmoid[1].find("failure")
    assert failure is not None and failure.get("type") == "undecided"
    assert root.get("failures") == "2"


def test_junit_keeps_hostile_text_inert_and_valid_xml() -> None:
    hostile = RunResult(specs=(SpecResult(name=HOSTILE, file="a<b>&\"c\".yaml", checks=(
        check(HOSTILE, Verdict.REFUTED, message=HOSTILE, hint="</failure><testcase name='x'/>"),)),))
    text = render(JunitReporter, hostile)
    root = ET.fromstring(text)  # would raise on a NUL, U+FFFE or broken markup
    assert_schema_shape(root)
    (suite,) = root
    (case,) = suite
    assert len(case) == 1 and case[0].tag == "failure"
    assert "\x1b" not in text and "\x00" not in text and "\ufffe" not in text
    assert "\\x1b[2J" in (case[0].text or "")
    assert case.get("name", "").startswith("x\\n:\u200b:error:\u200b:pwned")  # a colon pair is broken up
    assert suite.get("file") == "a<b>&\"c\".yaml"
    assert "</failure><testcase name='x'/>" in (case[0].text or "")


# --- GitHub annotations -------------------------------------------------------------------------------------

def test_github_annotates_each_claim_that_is_not_proved_at_its_line() -> None:
    lines = render(GithubReporter, RUN, allow_undecided=True).splitlines()
    assert lines[0] == ("::warning file=specs/sigmoid.yaml,line=5,title=derivcheck%3A sigmoid g''(z) UNDECIDED"
                        "::g''(z) UNDECIDED: g''(z) says undecided%0Amethod: certified counterexample")
    assert lines[1].startswith("::error file=specs/bad.yaml,line=4,title=derivcheck%3A bad g'(z) REFUTED::")
    assert "%0Acounterexample: at z = 0 the true value is 0.25, the claim gives 0.75%0A" in lines[1]
    assert lines[1].endswith("%0Ahint: a(1 + a) looks like a(1 - a) with the sign flipped")
    assert lines[2].startswith("::error file=specs/bad.yaml,line=3,col=15,title=derivcheck%3A bad spec ERROR::")
    assert lines[3] == ("::notice title=derivcheck::ERROR: 1 proved, 1 refuted, 1 undecided, 1 error "
                        "in 2 spec files")
    assert len(lines) == 4


def test_github_undecided_is_an_error_unless_allowed() -> None:
    assert render(GithubReporter, RUN).splitlines()[0].startswith("::error file=specs/sigmoid.yaml")


def test_github_escaping_rules() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_a_hostile_spec_cannot_inject_a_second_command() -> None:
    hostile = RunResult(specs=(SpecResult(name=HOSTILE, file=f"specs/{HOSTILE}.yaml", checks=(
        check(HOSTILE, Verdict.REFUTED, message=HOSTILE, hint=HOSTILE,
              counterexample=Counterexample(HOSTILE, HOSTILE, HOSTILE)),
        check(HOSTILE, Verdict.UNDECIDED, message=HOSTILE))),))
    lines = render(GithubReporter, hostile, allow_undecided=True).split("\n")
    assert lines[-1] == ""  # the output ends with a line break, and has no other line breaks than these
    commands = lines[:-1]
    assert [c.split(" ", 1)[0] for c in commands] == ["::error", "::warning", "::notice"]
    for line in commands:
        assert "\r" not in line and "\x1b" not in line and "\x00" not in line
        head, _, message = line.partition("::")[2].partition("::")
        # the properties hold no raw separator a value could use to end itself early
        properties = head.split(" ", 1)[1].split(",") if " " in head else []
        assert all(p.count("=") >= 1 and ":" not in p for p in properties), properties
        assert message.count("%0A") >= 1 or line.startswith("::notice")


def test_github_column_is_taken_only_from_a_matching_location() -> None:
    other = check("spec", Verdict.ERROR, line=3, message="elsewhere.yaml:3:15: not this file")
    lines = render(GithubReporter, RunResult(specs=(SpecResult("s", "s.yaml", checks=(other,)),))).splitlines()
    assert lines[0].startswith("::error file=s.yaml,line=3,title=")


# --- through the command line -------------------------------------------------------------------------------

def test_formats_are_registered_and_take_allow_undecided() -> None:
    assert {"junit", "github"} <= set(REPORTER_BY_NAME)
    assert isinstance(reporter("junit", allow_undecided=True), JunitReporter)
    assert reporter("github", allow_undecided=True).allow_undecided is True  # type: ignore[attr-defined]
    assert reporter("github").allow_undecided is False  # type: ignore[attr-defined]
    reporter("json", allow_undecided=True)  # formats without the option still build


def test_cli_junit_and_github_on_a_refuted_example(tmp_path: Path) -> None:
    bad = str(EXAMPLES / "bad" / "sigmoid_a_plus.yaml")
    out = tmp_path / "report.xml"
    result = CliRunner().invoke(app, ["verify", bad, "--format", "junit", "--no-cache", "-o", str(out)])
    assert result.exit_code == 1, result.output
    root = ET.parse(out).getroot()
    assert_schema_shape(root)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "the claim gives 0.75" in (failure.text or "")
    result = CliRunner().invoke(app, ["verify", bad, "--format", "github", "--no-cache"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert re.match(r"::error file=[^,]*sigmoid_a_plus\.yaml,line=4,title=derivcheck%3A sigmoid_a_plus g'\(z\) "
                    r"REFUTED::", first), first


# --- the hook and the docs ----------------------------------------------------------------------------------

def test_pre_commit_hook_runs_verify_on_changed_specs() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^\s*-?\s*(\w+): (.+)$", text, re.MULTILINE))
    assert fields["id"] == "derivcheck" and fields["entry"] == "derivcheck verify"
    assert fields["language"] == "python" and fields["pass_filenames"] == "true"
    files = re.compile(fields["files"])
    assert files.search("specs/sigmoid.yaml") and files.search("specs/x.yml")
    assert not files.search("specs/notes.md") and not files.search(".github/workflows/ci.yaml")


def test_ci_docs_use_formats_and_switches_that_exist() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    formats = set(re.findall(r"--format (\w+)", text))
    assert {"github", "junit", "markdown"} <= formats <= set(REPORTER_BY_NAME)
    assert "- id: derivcheck" in text
    plugin = (ROOT / "derivcheck" / "pytest_plugin.py").read_text(encoding="utf-8")
    for option in set(re.findall(r"(--derivcheck[\w-]*)", text)):
        assert f'"{option}"' in plugin, option
