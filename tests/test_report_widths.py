"""The terminal report at every width from 40 to 200 columns: no number, name, path or method is ever cut."""

from __future__ import annotations

import functools
import io
import re

import pytest
from conftest import EXAMPLES, ROOT, SPECS

from derivcheck.report.layout import cells
from derivcheck.report.proof import spot_source
from derivcheck.report.terminal import TerminalReporter, frameworks_text
from derivcheck.results.checks import RunResult, Verdict
from derivcheck.results.numbers import digits_to_tell_apart, plain_number, short_prose
from derivcheck.run.verify import VerifyOptions, verify_sources
from derivcheck.spec.sources import SpecSource

#: Specs whose reports hold long claims, 17-digit counterexamples, long exact fractions, frameworks, a spec
#: error, a precision table and files in nested folders.
FILES = [ROOT / "examples" / "notes_tanh.yaml",
         *(EXAMPLES / "bad" / f"{name}.yaml" for name in ("rounded_log10", "sigmoid_a_plus", "unknown_function",
                                                          "leaky_relu_wrong_slope", "false_identity")),
         *(SPECS / f"{name}.yaml" for name in ("relu", "leaky_relu", "hardshrink", "selu", "softplus"))]


@functools.cache
def run() -> RunResult:
    sources = [SpecSource(p, p.relative_to(ROOT).as_posix()) for p in FILES]
    return verify_sources(sources, VerifyOptions(timeout=60, jobs=2, precision=True, convention="pytorch"))


def rendered(width: int, verbosity: int = 1) -> str:
    out = io.StringIO()
    TerminalReporter(color=False, width=width, verbosity=verbosity).render(run(), out)
    return out.getvalue()


def tokens(result: RunResult) -> set[str]:
    """Every number, name, path and method the report must show whole."""
    found: set[str] = set()
    for spec in result.specs:
        found.add(spec.name)
        deciding = spec.deciding_check()
        if deciding is not None and deciding.line is not None:
            found.add(f"{spec.file}:{deciding.line}")
        for check in spec.checks:
            found.add(check.label)
            if check.verdict is Verdict.PROVED and check.method:  # its parts: `per-branch`, `(... on each piece)`
                for part in re.split(r" (?=\()", short_prose(check.method)):
                    found.update([part] if len(part) <= 48 else part.split())  # a long part may wrap between words
            cex = check.counterexample
            if cex is not None and check.verdict is Verdict.REFUTED:
                digits = digits_to_tell_apart(cex.expected, cex.claimed)
                for value in (plain_number(cex.point), plain_number(cex.expected, digits),
                              plain_number(cex.claimed, digits)):
                    found.update(value.split() if not value.startswith("≈") else [value])  # `1/100 (pytorch)`
            for row in check.evidence if check is spot_source(spec) else ():  # the spot checks shown
                digits = digits_to_tell_apart(row.truth, row.claimed) if not row.agree else 6
                found.update({plain_number(row.point), plain_number(row.truth, digits),
                              plain_number(row.claimed, digits)})
        for kink in spec.kinks:
            found.update(plain_number(v) for v in (kink.point, kink.left, kink.right, kink.declared) if v)
            found.update(frameworks_text(kink).split(", "))
    return {t for t in found if t and t != "—"}


def test_the_runs_tokens_include_the_hard_cases() -> None:
    found = tokens(run())
    assert "2.3025850929940457" in found and "2.302585092994046" in found  # told apart at 17 digits
    assert "exp-rational normal form" in found and "tests/examples/bad/rounded_log10.yaml:6" in found
    assert any(t.startswith("≈ ") for t in found)  # selu's 62-digit fractions, shown by their value
    assert "pytorch 1/100" in found and "identity 1" in found


@pytest.mark.parametrize("width", range(40, 201, 4))
def test_no_token_is_ever_broken(width: int) -> None:
    text = rendered(width)
    lines = text.splitlines()
    for token in tokens(run()):
        assert any(token in line for line in lines), f"{token!r} is broken at width {width}"
    if width >= 100:  # wide enough for every token: nothing runs past the edge either
        assert max(cells(line) for line in lines) <= width


@pytest.mark.parametrize("width", [40, 80, 140])
def test_the_slipped_step_is_printed_as_the_notes_write_it_at_every_width(width: int) -> None:
    text = rendered(width)
    written = ("1 - ((1/(1 + exp(-2·z)))^2 + (1/(1 + exp(2·z)))^2 - 2·(1/(1 + exp(-2·z)))·(1/(1 + exp(2·z)))/((1 + "
               "exp(-2·z))·(1 + exp(2·z))))")
    words = written.split(" ")
    start = text.index("step 3 ")
    block = text[start:text.index("differs from step 3", start)].split()  # up to step 4's message
    found = iter(block)
    assert all(word in found for word in words)  # the notes' own words in their order, none of them cut
    rest = " ".join(block)
    assert "counterexample: at z = 0 step 2 gives 1, step 3 gives 0.625" in rest  # right under step 3
    assert "hint: step 3 is the odd one out: step 4 equals step 2 again" in rest


def test_a_pipe_gets_a_generous_width_not_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    from derivcheck.report.screen import GENEROUS_WIDTH, layout_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert layout_width(io.StringIO(), None) == GENEROUS_WIDTH >= 140
    monkeypatch.setenv("COLUMNS", "100")  # what the user asks for wins
    assert layout_width(io.StringIO(), None) == 100
