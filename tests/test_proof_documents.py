"""Proofs a reader follows: the LaTeX, Markdown and terminal forms of each claim's certificate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SPECS, run_files
from proof_fixtures import pdflatex
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report.latex import document
from derivcheck.report.markdown import document as markdown_document

needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
FOUR = [SPECS / f"{name}.yaml" for name in ("sigmoid", "tanh", "relu", "leaky_relu")]


@pytest.fixture(scope="module")
def four() -> str:
    return document(run_files(*FOUR))


def test_a_claim_is_argued_line_by_line(four: str) -> None:
    sigmoid = four[four.index("\\section{sigmoid}"):four.index("\\section{tanh}")]
    order = ["\\textbf{Proof.} The derivative of", "rule by rule", "1.1 power", "Hence $g'(z) =",
             "Claim: $g'(z) = a \\left(1 - a\\right)$ for every real z.", "Substitute $u = e^{z}$",
             "\\frac{u}{\\left(u + 1\\right)^{2}}", "right side",
             "hence the two sides are equal for every real z.", "\\square", "\\emph{Remark.} Numbers agree too"]
    positions = [sigmoid.index(text) for text in order]
    assert positions == sorted(positions)


def test_a_piecewise_claim_is_argued_on_each_branch(four: str) -> None:
    relu = four[four.index("\\section{relu}"):four.index("\\section{leaky\\_relu}")]
    assert "On $z < 0$, the left side is $0$ and the right side is $0$" in relu
    assert "hence the claim holds on each branch" in relu


@needs_pdflatex
def test_the_four_proofs_compile_without_overfull_lines(four: str, tmp_path: Path) -> None:
    done = pdflatex(tmp_path, four)
    assert done.returncode == 0, done.stdout[-3000:]
    log = (tmp_path / "proofs.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log


@needs_pdflatex
def test_a_long_normal_form_goes_to_the_appendix(tmp_path: Path) -> None:
    text = document(run_files(SPECS / "gelu_tanh.yaml"))
    assert "in full in A.1" in text and "\\section*{Appendix: long normal forms in full}" in text
    assert text.index("in full in A.1") < text.index("\\subsection*{A.1")
    done = pdflatex(tmp_path, text)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Overfull \\hbox" not in (tmp_path / "proofs.log").read_text(encoding="utf-8", errors="replace")


def test_markdown_carries_the_proofs() -> None:
    text = markdown_document(run_files(SPECS / "sigmoid.yaml"))
    proof = text[text.index("<details><summary>Proof of g'(z)</summary>"):]
    assert "\\frac{u}{\\left(u + 1\\right)^{2}}" in proof[:proof.index("</details>")]


def test_show_proof_prints_the_argument() -> None:
    done = CliRunner().invoke(app, ["show", str(SPECS / "sigmoid.yaml"), "--proof"])
    assert done.exit_code == 0, done.output
    assert "Claim: g'(z) = a*(1 - a) for every real z." in done.output
    assert "    exp(-z)/(1 + exp(-z))**2 = u/(u + 1)**2   [left side]" in done.output
    assert "hence the two sides are equal for every real z." in " ".join(done.output.split())


def test_the_proofs_own_words_carry_no_colon_mark_yet_never_pair_colons() -> None:
    from derivcheck.report.safe import COLON_BREAK, visible

    done = CliRunner().invoke(app, ["show", "sigmoid", "--proof"])
    assert "rule by rule:\n" in done.output and COLON_BREAK not in done.output  # copied text is the text shown
    assert visible("a::b:", edges=False) == f"a:{COLON_BREAK}:b:"  # a pair is still broken in the own words


def test_the_readme_proof_excerpt_is_what_show_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\ng'(z), line 6: PROVED")
    excerpt = readme[start + len("```text\n"):readme.index("```", start + 8)].splitlines()
    done = CliRunner().invoke(app, ["show", "sigmoid", "--proof"])
    printed = done.output.splitlines()
    assert [line for line in excerpt if line.strip() != "..."] == [
        line for line in printed[printed.index(excerpt[0]):printed.index(excerpt[-1]) + 1]
        if line in excerpt or not line.startswith("    d/d")]


def test_the_notes_refuted_line_comes_with_its_correction() -> None:
    text = document(run_files(ROOT / "examples" / "notes_tanh.yaml"))
    derivation = text[text.index("\\subsection*{Derivation}"):]
    counterexample = derivation.index("at $z = 0$ step 2 gives $1$, step 3 gives $0.625$")
    corrected = derivation.index("\\textbf{Corrected line:}")
    assert counterexample < corrected < derivation.index("step 4, line")
    assert "identity 1, line 51, proved above under Claims" in derivation


def test_a_value_at_a_kink_is_argued_from_the_one_sided_derivatives(four: str) -> None:
    relu = four[four.index("\\section{relu}"):four.index("\\section{leaky\\_relu}")]
    argued = relu[relu.index("At $z = 0$"):]
    assert "g' tends to $0$ from the left, and g' tends to $1$ from the right" in argued
    assert "a declared value must lie between them (a subgradient)" in argued
    assert "The declared value is $0$" in argued and "0 equals the left derivative" in argued
