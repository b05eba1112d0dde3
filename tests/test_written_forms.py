"""Claims, steps and identities are shown as their author wrote them, in every report, with their lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy
from conftest import ROOT, run_files
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.errors import ExpressionError
from derivcheck.lang.parse import Scope
from derivcheck.lang.written import typeset
from derivcheck.report.markdown import document as markdown
from derivcheck.results.checks import CheckKind

runner = CliRunner()
Z, A, BETA, ALPHA = sympy.symbols("z a beta alpha", real=True)
SCOPE = Scope({"z": Z, "a": A, "beta": BETA, "alpha": ALPHA}, variable=Z, allow_diff=True)
NOTES = ROOT / "examples" / "notes_tanh.yaml"
STEP_3 = ("1 - ((1/(1 + exp(-2*z)))^2 + (1/(1 + exp(2*z)))^2 - 2*(1/(1 + exp(-2*z)))*(1/(1 + exp(2*z)))"
          "/((1 + exp(-2*z))*(1 + exp(2*z))))")


def latex(text: str, *, condition: bool = False) -> str:
    return typeset(text, SCOPE, condition=condition).latex


@pytest.mark.parametrize("text, expected", [
    ("sigmoid(beta*z)", r"\operatorname{sigmoid}\left(\beta z\right)"),  # the name, not its formula
    ("max(alpha*z, z)", r"\max\left(\alpha z, z\right)"),  # in the order written
    ("1 - (tanh(z))^2", r"1 - \left(\tanh\left(z\right)\right)^{2}"),  # the author's parentheses
    ("(1 + exp(-2*z))^(-2)", r"\left(1 + e^{-2 z}\right)^{-2}"),  # a negative power stays one
    ("2*3*z", r"2 \cdot 3 z"),  # nothing evaluated
    ("0.01*z", r"0.01 z"),  # the decimal as written
    ("Piecewise((1, z >= 0), (0, True))",
     r"\begin{cases} 1 & \text{for}\: z \geq 0 \\ 0 & \text{otherwise} \end{cases}"),
    ("diff(1/(1 + exp(-z)), z)", r"\frac{d}{d z} \frac{1}{1 + e^{-z}}"),
    ("exp(z)^2", r"\left(e^{z}\right)^{2}"),  # LaTeX needs these parentheses: no double superscript
])
def test_the_written_text_is_typeset_as_it_stands(text: str, expected: str) -> None:
    assert latex(text) == expected


def test_the_notes_faulty_step_keeps_its_cross_term_where_the_notes_put_it() -> None:
    shown = latex(STEP_3)
    assert shown.startswith(r"1 - \left(\left(\frac{1}{1 + e^{-2 z}}\right)^{2} + ")
    assert shown.endswith(r"- \frac{2 \left(\frac{1}{1 + e^{-2 z}}\right) \left(\frac{1}{1 + e^{2 z}}\right)}"
                          r"{\left(1 + e^{-2 z}\right) \left(1 + e^{2 z}\right)}\right)")


@pytest.mark.parametrize("text, ambiguous", [
    ("1/2*z", True), ("a/z/beta", True), ("-z^2", True), ("2^z^2", True),
    ("(1/2)*z", False), ("-(z^2)", False), ("z/(2*a)", False), ("a*(1 - a)", False)])
def test_text_that_leans_on_precedence_is_marked(text: str, ambiguous: bool) -> None:
    assert typeset(text, SCOPE).ambiguous is ambiguous


def test_typesetting_refuses_what_the_parser_refuses() -> None:
    for bad in ("__import__('os')", "z.real", "unknown(z)", "x" * 3000):
        with pytest.raises(ExpressionError):
            typeset(bad, SCOPE)


def test_a_run_carries_each_claim_as_written_with_its_line(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec("name: spec\nparameters:\n  beta: 2\nfunction: sigmoid(beta*z)\n"
                      "derivative: beta*sigmoid(beta*z)*(1 - sigmoid(beta*z))\n"
                      "identities:\n  - lhs: Piecewise((1, z >= 0), (0, True))\n    rhs: Heaviside(z)\n")
    (spec,) = run_files(path).specs
    assert spec.function_written is not None and spec.function_written.text == "sigmoid(beta*z)"
    assert spec.function_written.line == 4
    derivative = next(c for c in spec.checks if c.kind is CheckKind.DERIVATIVE)
    assert derivative.written is not None and derivative.written.line == 5
    assert derivative.written.latex == (r"\beta \operatorname{sigmoid}\left(\beta z\right) \left(1 - "
                                        r"\operatorname{sigmoid}\left(\beta z\right)\right)")
    result = runner.invoke(app, ["verify", str(path), "--no-color", "-v"], env={"COLUMNS": "200"})
    assert "g(z) = sigmoid(beta·z)  (line 4)" in result.output
    assert "beta·sigmoid(beta·z)·(1 - sigmoid(beta·z))" in result.output
    assert "exp(-beta" not in result.output  # sympy's reading is not what the report shows
    assert "Piecewise((1, z >= 0), (0, True)) = Heaviside(z)" in result.output  # not `True` for `z >= 0`


def test_a_refuted_claim_that_leans_on_precedence_shows_how_it_was_read(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec("name: half\nfunction: z^2/4\nderivative: 1/2*z*2\n")
    result = runner.invoke(app, ["verify", str(path), "--no-color"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "1/2·z·2" in result.output and "read as: z" in result.output


def test_markdown_and_latex_show_the_notes_step_as_written_with_the_slip_in_place() -> None:
    from derivcheck.report.latex import document as latex_document

    run = run_files(NOTES)
    step_3 = latex(STEP_3)
    text = markdown(run)
    assert f"&= {step_3} && \\times \\quad \\text{{step 3 (line 26)}}" in text
    after = text[text.index("text{step 3 (line 26)}"):]
    assert after.index("> counterexample: at z = 0 step 2 gives 1, step 3 gives 0.625") < after.index("step 4 (line")
    document = latex_document(run)
    assert f"&= \\dcfit{{{step_3}}} \\tag*{{\\dcmark{{refuted}} step 3, line 26}}" in document
    after = document[document.index("step 3, line 26"):]
    assert after.index("\\textbf{Counterexample:} at $z = 0$ step 2 gives $1$, step 3 gives $0.625$.") < (
        after.index("step 4, line 28"))


def test_derive_names_the_domain_of_a_substituted_variable(tmp_path: Path) -> None:
    result = runner.invoke(app, ["derive", "sqrt(1 + exp(z))", "--no-color"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "for True" not in result.output
    assert "for u > 0" in result.output  # the power rule for sqrt(u) holds for u > 0
