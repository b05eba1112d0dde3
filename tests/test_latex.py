"""The LaTeX report: golden output, escaping of hostile text, and documents that pdflatex compiles."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from proof_fixtures import catalog_run, compare_golden, golden_run, hostile_run, pdflatex
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report import REPORTER_BY_NAME, reporter
from derivcheck.report.latex import PACKAGES, LatexReporter, document
from derivcheck.report.latex_text import escape, number, symbol
from derivcheck.report.proof import safe_formula
from derivcheck.results.numbers import short_number

needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")


def test_golden_document() -> None:
    compare_golden("proofs.tex", document(golden_run()))


def test_golden_fragment() -> None:
    compare_golden("proofs-fragment.tex", document(golden_run(), fragment=True))


def test_registered_and_deterministic() -> None:
    assert "latex" in REPORTER_BY_NAME
    out = io.StringIO()
    reporter("latex").render(golden_run(), out)
    assert out.getvalue() == document(golden_run())
    assert not re.search(r"\d+\.\d+ s\b|20\d\d-\d\d-\d\d", out.getvalue())  # no timings or dates


def test_derivation_marks_each_line() -> None:
    text = document(golden_run())
    block = text[text.index("\\begin{align*}"):text.index("\\end{align*}")]
    tags = re.findall(r"\\tag\*\{\\dcmark\{(\w+)\} ([^,}]*), line (\d+)\}", block)
    assert tags == [("proved", "step 1", "8"), ("proved", "step 2", "9"), ("refuted", "step 3", "10"),
                    ("refuted", "step 4", "11"), ("proved", "claim", "5")]
    assert block.startswith("\\begin{align*}\ng'(z) &= ")
    # each refuted line's note stands right under it, inside the alignment
    assert block.index("step 3, line 10") < block.index("\\intertext{\\small\\raggedright \\textbf{Step 3:}") < (
        block.index("step 4, line 11"))
    assert "Hint:" in block


def test_escape_specials() -> None:
    assert escape("a_b & c%d $e #f {g} ^h ~i \\j") == (
        "a\\_b \\& c\\%d \\$e \\#f \\{g\\} \\textasciicircum{}h \\textasciitilde{}i \\textbackslash{}j")
    assert escape("<b>|x|</b>") == "\\textless{}b\\textgreater{}\\textbar{}x\\textbar{}\\textless{}/b\\textgreater{}"
    assert escape("a\x1bb\nc") == "a\\textbackslash{}x1bb\\textbackslash{}nc"
    assert escape("--") == "-{}-" and escape("caf\u00e9 \u03b1") == "caf\\'{e} $\\alpha$"
    assert escape("\U0001f600") == "\\textsf{[U+1F600]}"


def test_hostile_text_is_inert() -> None:
    text = document(hostile_run())
    body = text[text.index("\\begin{document}"):]
    assert "\\input{" not in body and body.count("\\end{document}") == 1
    assert "\\section{x\\_1 \\& \\textbackslash{}input\\{/etc/passwd\\}" in body
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", text)  # no control characters, not even a tab
    assert "\\text{\\texttt{x\\_1 \\& \\textbackslash{}input" in body  # the unsafe formula falls back to text


def test_unsafe_formulas_are_refused() -> None:
    assert safe_formula(r"\frac{1}{1 + e^{- z}}")
    assert safe_formula(r"\begin{cases} 0 & \text{for}\: z < 0 \\ 1 & \text{otherwise} \end{cases}")
    for bad in (r"\input{x}", r"x}\end{document}{", "a % b", r"\def\x{1}", "^^5cinput", r"\write18{ls}", "a}"):
        assert not safe_formula(bad), bad


def test_numbers_are_shortened() -> None:
    assert number("4.5395807735951671e-5") == "$4.53958 \\times 10^{-5}$"
    assert number("3.720075976020836e-44") == "$3.72008 \\times 10^{-44}$"
    assert number("0.25") == "$0.25$" and number("-110") == "$-110$" and number("0") == "$0$"
    assert number("1/100") == "$\\tfrac{1}{100}$" and number("-3/2") == "$-\\tfrac{3}{2}$"
    assert number("branch point") == "branch point" and number(None) == "---"
    assert short_number("9.9999999e10") is not None and short_number("nan") is None


def test_symbols_like_sympy() -> None:
    assert [symbol(n) for n in ("z", "alpha", "x1", "alpha_1", "beta2", "rate")] == [
        "z", "\\alpha", "x_{1}", "\\alpha_{1}", "\\beta_{2}", "\\mathit{rate}"]


def test_cli_latex_writes_document_and_exit_code(tmp_path: Path) -> None:
    spec = Path(__file__).parent / "golden" / "specs" / "sigmoid_confused.yaml"
    out = tmp_path / "proof.tex"
    result = CliRunner().invoke(app, ["latex", str(spec), "-o", str(out), "--timeout", "30"])
    assert result.exit_code == 1, result.output
    assert out.read_text(encoding="utf-8").startswith("\\documentclass")
    fragment = CliRunner().invoke(app, ["latex", "relu", "--fragment"])
    assert fragment.exit_code == 0, fragment.output
    assert "\\documentclass" not in fragment.output and "\\section{relu}" in fragment.output
    via_verify = CliRunner().invoke(app, ["verify", "relu", "--format", "latex"])
    assert via_verify.exit_code == 0 and via_verify.output.startswith("\\documentclass")


def test_reporter_accepts_the_common_options() -> None:
    assert LatexReporter(color=True, width=80).fragment is False


@needs_pdflatex
def test_catalog_document_compiles(tmp_path: Path) -> None:
    run = catalog_run()
    assert {"sigmoid", "tanh", "relu", "leaky_relu", "sigmoid_confused"} <= {s.name for s in run.specs}
    done = pdflatex(tmp_path, document(run))
    assert done.returncode == 0, done.stdout[-3000:]
    log = (tmp_path / "proofs.log").read_text(encoding="utf-8", errors="replace")
    assert "Undefined control sequence" not in log
    assert "LaTeX Font Warning" not in log
    assert (tmp_path / "proofs.pdf").stat().st_size > 10_000


@needs_pdflatex
def test_hostile_document_and_fragment_compile(tmp_path: Path) -> None:
    done = pdflatex(tmp_path, document(hostile_run()))
    assert done.returncode == 0, done.stdout[-3000:]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "proofs.pdf", "-"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=30).stdout
        assert "root:" not in text
        assert "input{/etc/passwd}" in text and "50%" in text
    (tmp_path / "part.tex").write_text(document(hostile_run(), fragment=True), encoding="utf-8")
    wrapper = ("\\documentclass{article}\n\\usepackage{" + ",".join(PACKAGES) + "}\n"
               "\\begin{document}\n\\input{part}\n\\end{document}\n")
    done = pdflatex(tmp_path, wrapper, name="wrapper")
    assert done.returncode == 0, done.stdout[-3000:]
