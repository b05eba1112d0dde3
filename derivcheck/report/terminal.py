"""`--format rich`: the run report for a person, summary first and details where they matter.

With several specs: one line per spec (verdict, name, file:line, counts, time, whether it came from the cache,
undeclared kinks), then the full report of each spec that is not PROVED, then the totals.  A run of one spec
gets its full report.  `verbosity` 1 (`-v`) gives every spec its full report, -1 (`-q`) leaves out the lines
of proved specs.  Claims are shown as the spec writes them, each with its line.

The report is laid out by `layout` (never a token cut in two, at any width) and written by `screen` (plain
text without rich for a pipe or a file, so a cached run stays fast; colour through rich on a terminal).
"""

from __future__ import annotations

from typing import TextIO

from derivcheck.report.columns import Column, table
from derivcheck.report.layout import Styled, paragraph, styled, whole
from derivcheck.report.plain import as_written, claim_text, counterexample_text, read_as, true_value
from derivcheck.report.proof import VERDICTS, spec_counts, spot_source
from derivcheck.report.safe import visible
from derivcheck.report.screen import layout_width, use_color, write
from derivcheck.report.several import definition_lines, function_name, is_several, kink_point, scope_line
from derivcheck.results.certificate import RecheckStatus
from derivcheck.results.checks import Check, CheckKind, Kink, RunResult, SpecResult, SpotCheck, Verdict
from derivcheck.results.numbers import digits_to_tell_apart, plain_number, short_prose

__all__ = ["TerminalReporter", "check_notes", "checks_block", "frameworks_text", "mark", "method_text", "report_lines",
           "said", "spec_block", "summary_lines", "summary_rows", "summary_table", "token", "total_line", "user",
           "verdict_span"]

_MARKS = {Verdict.PROVED: "✓", Verdict.UNDECIDED: "?", Verdict.REFUTED: "✗", Verdict.ERROR: "!"}

#: One line per spec: verdict, name, where, counts, undeclared kinks, time, cache.
_SUMMARY = (Column(), Column(), Column(), Column(), Column(right=True, drop=2), Column(drop=1))
_CHECKS = (Column("line", right=True), Column("check"),
           Column("claim, as written", wrap=True, comfortable=30, key=False, labelled=False), Column("verdict"),
           Column("method or reason", wrap=True, key=False, labelled=False), Column("time", right=True, drop=1))
_SPOTS = (Column("z", right=True), Column("true g'"), Column("claimed"), Column(), Column("finite difference", drop=1),
          Column("float64", drop=2))
_KINKS = (Column("point"), Column("continuous", drop=1), Column("left g'"), Column("right g'"),
          Column("declared"), Column("frameworks", wrap=True, key=False),
          Column("finding", wrap=True, key=False, labelled=False))
# A spec of several variables: a point names every variable (and n, the indices); kinks lie along one of them.
_SEVERAL_SPOTS = (Column("point", wrap=True, comfortable=24), Column("true"), Column("claimed"), Column(),
                  Column("finite difference", drop=1), Column("float64", drop=2))
_SEVERAL_KINKS = (Column("point"), Column("continuous", drop=1), Column("left"), Column("right"),
                  Column("finding", wrap=True, key=False, labelled=False))


def user(text: str | None, style: str = "") -> tuple[str, str]:
    """User text as a span: made inert by `safe.visible`, on one line (runs of white space as one space)."""
    return " ".join(visible(text or "").split()), style


def said(text: str | None, style: str = "") -> tuple[str, str]:
    """derivcheck's own sentence (a message, a hint): long exact fractions shown by their value, then `user`."""
    return user(short_prose(text or ""), style)


def token(text: str | None, style: str = "") -> tuple[str, str]:
    """User text shown as one token that is never wrapped inside (a name, a label, a path)."""
    shown, _ = user(text)
    return whole(shown, style)


def method_text(method: str | None) -> Styled:
    """A method, its parts (`per-branch`, `(exp-rational normal form on each piece)`) each kept whole."""
    shown, _ = said(method)
    units, depth, start = [], 0, 0
    for index, char in enumerate(shown):
        depth += (char in "([") - (char in ")]")
        if char == " " and depth == 0 and shown[index + 1:index + 2] == "(":
            units.append(shown[start:index])
            start = index + 1
    units.append(shown[start:])
    parts: list[str | tuple[str, str]] = []
    for unit in units:
        parts += [" "] if parts else []
        parts.append(whole(unit) if len(unit) <= _WHOLE else unit)  # a long part may wrap between its words
    return styled(*parts)


#: The longest part of a method kept on one line (`(exp-rational normal form on each piece)` is 40).
_WHOLE = 48


def verdict_span(verdict: Verdict) -> tuple[str, str]:
    return verdict.value.upper(), f"verdict.{verdict.value}"


class TerminalReporter:
    """Writes a run as laid-out text: one-line summaries, the details of what failed, the totals."""

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 verbosity: int = 0) -> None:
        del allow_undecided  # verdicts are shown as they are; the exit code says what fails
        self.color = color
        self.width = width
        self.verbosity = verbosity

    def render(self, run: RunResult, stream: TextIO) -> None:
        width = layout_width(stream, self.width)
        write(report_lines(run, width, self.verbosity), stream, color=use_color(stream, self.color))


def report_lines(run: RunResult, width: int | None, verbosity: int = 0) -> list[Styled]:
    """The whole report as lines laid out for `width`."""
    lines: list[Styled] = []
    if len(run.specs) == 1:
        if verbosity >= 0 or run.specs[0].verdict is not Verdict.PROVED:
            lines += [*spec_block(run.specs[0], width), Styled()]
    else:
        listed = [s for s in run.specs if verbosity >= 0 or s.verdict is not Verdict.PROVED]
        if verbosity >= 0 and listed:
            lines += [*summary_table(listed, width), Styled()]
        for spec in run.specs:
            if verbosity > 0 or spec.verdict is not Verdict.PROVED:
                lines += [*spec_block(spec, width), Styled()]
    rechecked = recheck_line(run)
    return lines + ([] if rechecked is None else paragraph(rechecked, width, hang=2)) + paragraph(
        total_line(run), width, hang=2)


def recheck_line(run: RunResult) -> Styled | None:
    """With --recheck: how many certificates the independent checker passed, could not follow, or rejected."""
    found = [c.recheck for s in run.specs for c in s.checks if c.recheck is not None]
    if not found:
        return None
    counts = {status: sum(1 for r in found if r.status is status) for status in RecheckStatus}
    text = ", ".join(f"{n} {status.value}" for status, n in counts.items())
    style = "verdict.error" if counts[RecheckStatus.FAILED] else "muted"
    return styled(whole(f"independent re-check of {len(found)} decided claims: {text}", style))


def summary_lines(specs: list[SpecResult], width: int | None, verbosity: int = 0) -> list[str]:
    """The one-line summaries of `specs` and their totals as plain lines (the pytest plug-in's summary); with
    `verbosity` -1 only the specs that are not proved."""
    listed = [s for s in specs if verbosity >= 0 or s.verdict is not Verdict.PROVED]
    lines = summary_table(listed, width) if listed else []
    verdict = Verdict.worst([s.verdict for s in specs])
    counts = ", ".join(f"{sum(s.count(v) for s in specs)} {v.value}" for v in VERDICTS)
    plural = "s" if len(specs) != 1 else ""
    lines.append(styled(verdict_span(verdict), "  ", counts, f" — {len(specs)} spec file{plural}"))
    return [line.plain.rstrip() for line in lines]


def summary_table(specs: list[SpecResult], width: int | None, *, methods: bool = True) -> list[Styled]:
    """One line per spec, and under it the points where g may not be differentiable that the spec's `at:` leaves
    undeclared."""
    notes = []
    for spec in specs:
        undeclared = spec.undeclared_kinks()
        points = ", ".join(plain_number(k.point) for k in undeclared)
        note = f"undeclared kink{'s' if len(undeclared) > 1 else ''} at {spec.variable} = {points}"
        notes.append([styled(user(note, "warn"))] if undeclared else [])
        # What a proof about vectors covers (for all n, or some sizes only) is said even on the one line
        # (`methods=False` where the full report follows and says it in each check's row).
        notes[-1] += [styled((f"{label}: ", "muted"), user(method, "warn" if lim else "muted"))
                      for label, method, lim in (_sized_notes(spec) if methods else [])]
    return table(_SUMMARY, summary_rows(specs), width, indent=0, header=False, notes=notes)


def sized(spec: SpecResult) -> list[tuple[Check, bool]]:
    """The proved checks whose method a one-line summary names: proofs about vectors (for all n, or for some
    sizes only) and proofs that cover less than the spec states; with whether they do."""
    found = []
    for check in spec.checks:
        scope = check.scope
        if check.verdict is Verdict.PROVED and scope is not None and (scope.sizes or scope.limited):
            found.append((check, scope.limited))
    return found


def _sized_notes(spec: SpecResult) -> list[tuple[str, str, bool]]:
    """(label, method, limited) for each proved check `sized` names; the checks of a network proved by one
    method at the same shapes share one note (`6 equations: ...`)."""
    found = sized(spec)
    methods = {check.method for check, _ in found}
    if spec.shapes and len(found) > 2 and len(methods) == 1:
        check, limited = found[0]
        return [(f"{len(found)} equations", check.method or "", limited)]
    return [(visible(check.label), check.method or "", limited) for check, limited in found]


def summary_rows(specs: list[SpecResult]) -> list[list[list[Styled]]]:
    """The cells of each spec's one-line summary: verdict, name, file:line, counts, time, cached."""
    rows = []
    for spec in specs:
        timed = any(c.kind is not CheckKind.SPEC for c in spec.checks)
        rows.append([[styled(verdict_span(spec.verdict))], [styled(token(spec.name, "spec.name"))],
                     [styled(token(_location(spec), "muted"))], [styled(whole(spec_counts(spec)))],
                     [styled((f"{spec.seconds:.2f} s" if timed else "", "muted"))],
                     [styled(("cached" if spec.cached else "", "muted"))]])
    return rows


def _location(spec: SpecResult) -> str:
    """`file:line` of the check that decides the spec's verdict (`:line:col` for a spec error)."""
    check = spec.deciding_check()
    if check is None or check.line is None:
        return spec.file
    return f"{spec.file}:{check.line}" + (f":{check.column}" if check.column else "")


def total_line(run: RunResult) -> Styled:
    """`PROVED  121 proved, 0 refuted, 0 undecided, 0 error — 41 specs, 41 cached, 0.03 s`; wrapped, if at all,
    only between its parts."""
    verdict, style = verdict_span(run.verdict)
    parts: list[str | tuple[str, str]] = [whole(verdict + " ", style), " "]  # two spaces, even where it wraps
    for verdict in VERDICTS:
        comma = "," if verdict is not VERDICTS[-1] else ""
        parts += [whole(f"{run.count(verdict)} {verdict.value}{comma}"), " "]
    plural = "s" if len(run.specs) != 1 else ""
    cached = sum(1 for s in run.specs if s.cached)
    tail = [f"— {len(run.specs)} spec{plural}"] + ([f"{cached} cached"] if cached else [])
    tail += [f"{run.seconds:.2f} s"] if run.seconds else []
    parts += [whole(", ".join(tail), "muted")] if len(", ".join(tail)) <= 30 else [
        piece for text in tail for piece in (whole(text + ("," if text is not tail[-1] else ""), "muted"), " ")]
    return styled(*parts)


def spec_block(spec: SpecResult, width: int | None) -> list[Styled]:
    """Everything about one spec: its summary line, its function and every check, spot checks and kinks."""
    lines = summary_table([spec], width, methods=False)
    if spec.description:
        lines += paragraph(styled(user(spec.description, "muted")), width, indent=2, hang=2)
    several = is_several(spec)
    if spec.function_written is not None:
        where = f"  (line {spec.function_written.line})" if spec.function_written.line else ""
        name = visible(function_name(spec)) if several else f"g({visible(spec.variable)})"
        shown = as_written(spec.function_written.text, matrix=bool(spec.shapes))
        lines += paragraph(styled(f"{name} = ", (shown, "math"), (where, "muted")), width, indent=2, hang=4)
    for word, text in definition_lines(spec):  # where a = sigmoid(z); with sum(y[k], k) = 1
        lines += paragraph(styled((f"{word} ", "muted"), (as_written(text, matrix=bool(spec.shapes)), "math")), width,
                           indent=2, hang=4)
    lines += checks_block(spec, width)
    source = spot_source(spec)
    if source is not None:
        lines += [Styled(), *paragraph(styled((f"spot checks of {visible(source.label)} (evidence, not proof)",
                                               "heading")), width, indent=2)]
        lines += table(_SEVERAL_SPOTS if several else _SPOTS,
                       [_spot_row(row, several=several) for row in source.evidence], width, indent=4,
                       notes=[[styled(said(row.note, "warn"))] if row.note else [] for row in source.evidence])
    for check in spec.checks:
        if check.precision is not None:
            from derivcheck.report.terminal_precision import precision_block  # only with --precision

            lines += [Styled(), *precision_block(check, check.precision, width)]
    if spec.kinks and spec.shapes:
        title = "points where an activation may not be differentiable (its derivative there is a convention)"
        lines += [Styled(), *paragraph(styled((title, "heading")), width, indent=2)]
        lines += table(_SEVERAL_KINKS, [_several_kink_row(k) for k in spec.kinks], width, indent=4)
    elif spec.kinks and several:
        title = f"points where {visible(spec.output)} may not be differentiable, along each variable"
        lines += [Styled(), *paragraph(styled((title, "heading")), width, indent=2)]
        lines += table(_SEVERAL_KINKS, [_several_kink_row(k) for k in spec.kinks], width, indent=4)
    elif spec.kinks:
        lines += [Styled(), *paragraph(styled(("points where g may not be differentiable", "heading")), width,
                                       indent=2)]
        lines += table(_KINKS, [_kink_row(k) for k in spec.kinks], width, indent=4)
    return lines


def checks_block(spec: SpecResult, width: int | None) -> list[Styled]:
    """The checks table, each failing check's counterexample and hint right under its row."""
    rows, notes = [], []
    for check in spec.checks:
        how = method_text(check.method) if check.verdict is Verdict.PROVED else styled(said(check.message))
        rows.append([[styled(str(check.line) if check.line else "")], [styled(token(check.label))],
                     [styled((claim_text(check, matrix=bool(spec.shapes)), "math"))],
                     [styled(verdict_span(check.verdict))], [how],
                     [styled((f"{check.seconds:.2f} s", "muted"))]])
        notes.append(check_notes(check, spec.variable))
    return [Styled(), *table(_CHECKS, rows, width, indent=2, notes=notes)]


def check_notes(check: Check, variable: str) -> list[Styled]:
    """What goes right under a check: how an ambiguous claim was read, what a derivative claim should equal,
    the counterexample, the hint."""
    notes = []
    read = read_as(check)
    if read is not None:
        notes.append(styled(("read as: ", "muted"), (read, "math")))
    truth = true_value(check)
    if truth is not None:
        notes.append(styled((f"true {check.label}: ", "muted"), (truth, "math")))
    counterexample = counterexample_text(check, variable)
    if counterexample is not None:
        notes.append(styled(("counterexample: ", "verdict.refuted"), counterexample))
    if check.hint:
        notes.append(styled(("hint: ", "warn"), said(check.hint)))
    if check.kind is CheckKind.AT and check.verdict is Verdict.PROVED and check.message:
        # An accepted value at a kink or a jump is a finding in itself: which side it is, which convention.
        notes.append(styled(("finding: ", "muted"), said(check.message)))
    scope = scope_line(check)
    if scope is not None and check.verdict is Verdict.PROVED:  # what the proof covers, in words
        notes.append(styled(("scope: ", "muted"), user(scope)))
    return notes


def _spot_row(row: SpotCheck, *, several: bool = False) -> list[list[Styled]]:
    numeric = _is_number(row.truth) and _is_number(row.claimed)
    digits = digits_to_tell_apart(row.truth, row.claimed) if not row.agree else None
    truth = plain_number(row.truth) if digits is None else plain_number(row.truth, digits)
    claimed = plain_number(row.claimed) if digits is None else plain_number(row.claimed, digits)
    mark = ("✓", "verdict.proved") if row.agree else ("✗", "verdict.refuted") if numeric else ("", "")
    point = user(row.point) if several else user(plain_number(row.point))
    return [[styled(point)], [styled(user(truth))], [styled(user(claimed))], [styled(mark)],
            [styled(user(plain_number(row.finite_difference)))],
            [styled(user(plain_number(row.float64), "" if row.float64_ok else "warn"))]]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _kink_row(kink: Kink) -> list[list[Styled]]:
    def value(text: str | None) -> list[Styled]:
        return [styled(user(plain_number(text) if text else "—"))]

    continuous = "?" if kink.continuous is None else "yes" if kink.continuous else "no"
    return [value(kink.point), [styled(continuous)], value(kink.left), value(kink.right), value(kink.declared),
            [_frameworks(kink)], [styled(said(kink.message))]]


def _several_kink_row(kink: Kink) -> list[list[Styled]]:
    """A kink of a function of several variables: where along which variable (for which label values)."""
    def value(text: str | None) -> list[Styled]:
        return [styled(user(plain_number(text) if text else "—"))]

    continuous = "?" if kink.continuous is None else "yes" if kink.continuous else "no"
    return [[styled(token(kink_point(kink)))], [styled(continuous)], value(kink.left), value(kink.right),
            [styled(said(kink.message))]]


def _frameworks(kink: Kink) -> Styled:
    """The frameworks' values, each `pytorch 0 ✓` kept whole."""
    parts: list[str | tuple[str, str]] = []
    for item in frameworks_text(kink).split(", "):
        parts += [", "] if parts else []
        parts.append(token(item))
    return styled(*parts)


def frameworks_text(kink: Kink) -> str:
    """`pytorch 0 ✓, jax 1`: each framework's g' there, ticked where it equals the spec's `at:` value."""
    return ", ".join(f"{f.framework} {plain_number(f.value)}{' ✓' if f.matches else ''}"
                     for f in kink.frameworks) or "—"


def mark(verdict: Verdict) -> tuple[str, str]:
    """`✓ PROVED`, `? UNDECIDED`, `✗ REFUTED` or `! ERROR`, in the verdict's style, kept whole."""
    return whole(f"{_MARKS[verdict]} {verdict.value.upper()}", f"verdict.{verdict.value}")
