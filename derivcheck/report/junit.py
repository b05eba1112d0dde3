"""`--format junit`: JUnit XML for CI test dashboards, a testsuite per spec file and a testcase per claim.

The elements and attributes are the ones of the Jenkins xunit `junit-10.xsd` schema (which GitLab, GitHub
test-report actions and Azure read too): testsuites > testsuite > testcase > failure | error | skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from derivcheck.report.plain import details, headline, where
from derivcheck.report.safe import visible
from derivcheck.results.checks import Check, RunResult, SpecResult, Verdict, fails

# What XML 1.0 cannot carry at all, even escaped (C0 controls are already made visible by `visible`).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str, *, newlines: bool = True) -> str:
    """User text made safe for XML 1.0: control characters and non-characters become visible escapes."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(text, newlines=newlines))


class JunitReporter:
    """Writes a run as one JUnit XML document; UNDECIDED claims are failures unless `allow_undecided`."""

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 verbosity: int = 0) -> None:
        del color, width, verbosity
        self.allow_undecided = allow_undecided

    def render(self, run: RunResult, stream: TextIO) -> None:
        root = document(run, allow_undecided=self.allow_undecided)
        ET.indent(root)
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(ET.tostring(root, encoding="unicode"))
        stream.write("\n")


def document(run: RunResult, *, allow_undecided: bool = False) -> ET.Element:
    """The `<testsuites>` element of a run; an UNDECIDED claim is `<skipped>` only if `allow_undecided`."""
    root = ET.Element("testsuites", name="derivcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for spec in run.specs:
        suite = _suite(spec, allow_undecided)
        root.append(suite)
        for name in totals:
            totals[name] += int(suite.get(name, "0"))
        seconds += sum(c.seconds for c in spec.checks)
    root.attrib.update({name: str(count) for name, count in totals.items()})
    root.set("time", _seconds(seconds))
    return root


def _suite(spec: SpecResult, allow_undecided: bool) -> ET.Element:
    cases = [_case(spec, check, allow_undecided) for check in spec.checks]
    outcome = [case[0].tag if len(case) else "passed" for case in cases]
    suite = ET.Element("testsuite", {
        "name": xml_text(spec.name, newlines=False),
        "tests": str(len(cases)),
        "failures": str(outcome.count("failure")),
        "errors": str(outcome.count("error")),
        "skipped": str(outcome.count("skipped")),
        "time": _seconds(sum(c.seconds for c in spec.checks)),
        "file": xml_text(spec.file, newlines=False),
    })
    suite.extend(cases)
    return suite


def _case(spec: SpecResult, check: Check, allow_undecided: bool) -> ET.Element:
    case = ET.Element("testcase", classname=xml_text(spec.name, newlines=False),
                      name=xml_text(check.label, newlines=False), time=_seconds(check.seconds))
    if check.verdict is Verdict.PROVED:
        if check.scope is not None and check.scope.limited:  # proved for less than the spec claims: say so
            ET.SubElement(case, "system-out").text = xml_text("\n".join(details(check, spec.variable)))
        return case
    failed = fails(check.verdict, allow_undecided=allow_undecided)
    tag = "error" if check.verdict is Verdict.ERROR else "failure" if failed else "skipped"
    outcome = ET.SubElement(case, tag, message=xml_text(headline(check), newlines=False))
    if tag != "skipped":
        outcome.set("type", check.verdict.value)
    outcome.text = xml_text("\n".join([f"{where(spec.file, check)}: {headline(check)}",
                                       *details(check, spec.variable)]))
    return case


def _seconds(seconds: float) -> str:
    """A time the schema's SUREFIRE_TIME pattern accepts: digits, a point, digits (never an exponent)."""
    return f"{max(0.0, seconds):.3f}"
