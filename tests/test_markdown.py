"""The Markdown report: golden output, math that survives a code-hosting site, and escaped user text."""

from __future__ import annotations

import io
import re
from pathlib import Path

from proof_fixtures import compare_golden, golden_run, hostile_run
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report import reporter
from derivcheck.report.markdown import document
from derivcheck.report.markdown_text import escape, formula, inline, number
from derivcheck.results.checks import Math


def _math(latex: str) -> Math:
    return Math(text="", pretty="", latex=latex)


def test_golden_report() -> None:
    compare_golden("proofs.md", document(golden_run()))


def test_registered_and_deterministic() -> None:
    out = io.StringIO()
    reporter("markdown").render(golden_run(), out)
    assert out.getvalue() == document(golden_run())
    assert not re.search(r"\d+\.\d+ s\b|20\d\d-\d\d-\d\d", out.getvalue())


def test_display_math_blocks_stand_on_their_own_lines() -> None:
    text = document(golden_run())
    lines = text.split("\n")
    opened = [i for i, line in enumerate(lines) if "$$" in line]
    assert opened and len(opened) % 2 == 0
    for start, end in zip(opened[::2], opened[1::2], strict=True):
        assert lines[start] == "$$" and lines[end] == "$$"
        assert lines[start - 1] == "" and lines[end + 1] == ""
        assert all(line.strip() for line in lines[start:end])  # a blank line would end the block


def test_derivation_block_marks_each_line() -> None:
    text = document(golden_run())
    start = text.index("**Derivation**")
    derivation = text[start:text.index("<details>", start)]
    marks = re.findall(r"&& (\\checkmark|\\times|\?|!) \\quad \\text\{([a-z0-9 ]+) \(line \d+\)\}", derivation)
    assert marks == [("\\checkmark", "step 1"), ("\\checkmark", "step 2"), ("\\times", "step 3"),
                     ("\\times", "step 4"), ("\\checkmark", "claim")]
    # each refuted step's note comes right under it, before the next line of the derivation
    assert derivation.index("text{step 3 (line 10)}") < derivation.index("> ❌ **step 3**") < derivation.index(
        "text{step 4 (line 11)}")
    assert "> ❌ **step 3** (line 10)" in text and "💡 hint: step 3 is the odd one out" in text


def test_math_is_rewritten_for_markdown() -> None:
    cases = r"\begin{cases} 0 & \text{for}\: z < 0 \\ 1 & \text{otherwise} \end{cases}"
    shown = formula(_math(cases))
    assert "\\\\" not in shown and "<" not in shown and "\\:" not in shown
    assert r"\cr" in shown and r"\lt" in shown
    assert formula(_math(r"\left\{x\right\} + \left|z\right|")) == (
        r"\left\lbrace x\right\rbrace + \left\vert z\right\vert")
    assert inline(_math("a^{2}")) == "$`a^{2}`$"
    assert formula(_math(r"\input{/etc/passwd}")) == r"\text{(formula not shown)}"


def test_escape_markdown_and_html() -> None:
    assert escape("*a* _b_ `c` [d](e) #f |g| ~h $i$ \\j") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\#f \\|g\\| \\~h \\$i\\$ \\\\j")
    assert escape('<script>alert("x")</script> & @team') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#64;team")
    assert escape("line\nbreak\x1b[2J") == "line\\\\nbreak\\\\x1b\\[2J"
    assert number("4.5395807735951671e-5") == "4.53958e-05" and number(None) == "—"  # as in every plain report


def test_hostile_report_is_inert() -> None:
    text = document(hostile_run())
    assert "<b>" not in text and "<script" not in text and "\x1b" not in text and "@user" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no live link: every ] is escaped
    for line in text.split("\n"):
        if line.startswith("|"):  # every table row keeps its column count: no pipe escaped its cell
            assert len(re.findall(r"(?<!\\)\|", line)) in (4, 6, 7, 8), line
    assert not re.search(r"(?<!\\)\\input", text)  # only as escaped text, never as a command in math
    assert "### ⚠️ x\\_1 &amp; \\\\input{/etc/passwd} \\$ \\# % ^ \\~ }{ \\\\end{document}" in text


def test_verify_format_markdown() -> None:
    result = CliRunner().invoke(app, ["verify", "relu", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## derivcheck: ✅ **PROVED**")
    assert "\n$$\ng(z) = \\max\\left(0, z\\right), \\qquad a = g(z) \\qquad \\text{(line 4)}\n$$\n" in result.output


def test_docs_example_is_real_output() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "latex-and-markdown.md").read_text(encoding="utf-8")
    example = docs.split("```markdown\n", 1)[1].split("```", 1)[0]
    assert example in document(golden_run())
