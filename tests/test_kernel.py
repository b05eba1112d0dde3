"""The independent checker: every catalog certificate re-checks, and a tampered one never does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sympy
from conftest import ROOT, run_files

from derivcheck.engine.tree import encode
from derivcheck.kernel import recheck, recheck_json
from derivcheck.kernel.trees import expression
from derivcheck.results.certificate import (
    Expression,
    Form,
    KinkProof,
    Node,
    Piece,
    Proof,
    RecheckStatus,
    Refutation,
)
from derivcheck.results.certificate_json import certificate_to_json
from derivcheck.results.checks import Check, CheckKind, RunResult, SpecResult, Verdict
from derivcheck.run.recheck import rechecked


def _check(run: RunResult, spec: str, label: str = "g'(z)") -> Check:
    return next(c for s in run.specs if s.name == spec for c in s.checks if c.label == label)


def _proof(run: RunResult, spec: str, label: str = "g'(z)") -> Proof:
    proof = _check(run, spec, label).certificate
    assert isinstance(proof, Proof)
    assert recheck(proof).status is RecheckStatus.PASSED  # untampered, it re-checks: what follows is the tamper
    return proof


def _first_piece(proof: Proof, **changes: object) -> Proof:
    case = proof.cases[0]
    piece = replace(case.pieces[0], **changes)
    return replace(proof, cases=(replace(case, pieces=(piece, *case.pieces[1:])),))


def test_every_catalog_certificate_rechecks(catalog_run: RunResult) -> None:
    """From the JSON form, as `--recheck` reads it; every proof of one variable carries one."""
    passed = 0
    for spec in catalog_run.specs:
        for check in spec.checks:
            if check.verdict is not Verdict.PROVED or spec.variables or check.kind is CheckKind.AT:
                continue
            assert check.certificate is not None, (spec.name, check.label)
            if check.certificate.limitation:
                continue  # said why, e.g. a proof by simplify
            found = recheck_json(certificate_to_json(check.certificate))
            assert found.status is RecheckStatus.PASSED, (spec.name, check.label, found.message)
            passed += 1
    assert passed >= 90


def _bumped(tree: Expression) -> Expression:
    """`tree` with its first integer coefficient other than +-1 (or else its first integer) one larger."""
    integers = [i for i, n in enumerate(tree.nodes) if n.op == "Integer"]
    chosen = next((i for i in integers if tree.nodes[i].value not in ("1", "-1")), integers[0])
    nodes = list(tree.nodes)
    nodes[chosen] = Node("Integer", value=str(int(nodes[chosen].value) + 1))
    return replace(tree, nodes=tuple(nodes))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus"])
def test_a_normal_form_with_one_coefficient_changed_is_rejected(catalog_run: RunResult, name: str) -> None:
    proof = _proof(catalog_run, name)
    piece = proof.cases[0].pieces[0]
    tampered = _bumped(piece.lhs.form)
    assert expression(tampered) != expression(piece.lhs.form)
    found = recheck(_first_piece(proof, lhs=Form(piece.lhs.side, tampered)))
    assert found.status is RecheckStatus.FAILED, found.message
    assert "normal form" in found.message
    # both forms changed alike: still no proof, since neither side is its form any more
    both = _first_piece(proof, lhs=Form(piece.lhs.side, tampered), rhs=Form(piece.rhs.side, tampered))
    assert recheck(both).status is RecheckStatus.FAILED


def test_a_wrong_substitution_is_rejected(catalog_run: RunResult) -> None:
    proof = _proof(catalog_run, "sigmoid")
    piece = proof.cases[0].pieces[0]
    unit = piece.symbols[0]
    wrong = replace(unit, means=encode(sympy.exp(2 * expression(unit.means).args[0])))
    found = recheck(_first_piece(proof, symbols=(wrong, *piece.symbols[1:])))
    assert found.status is RecheckStatus.FAILED, found.message


def test_a_symbol_that_is_not_new_is_rejected(catalog_run: RunResult) -> None:
    """u named like the variable would let z stand for two things in one polynomial."""
    proof = _proof(catalog_run, "sigmoid")
    piece = proof.cases[0].pieces[0]
    clash = replace(piece.symbols[0], symbol=proof.statement.variable)
    assert recheck(_first_piece(proof, symbols=(clash, *piece.symbols[1:]))).status is RecheckStatus.FAILED


def test_a_claim_changed_under_its_forms_is_rejected(catalog_run: RunResult) -> None:
    """The checker computes g' and both sides itself: the forms must match the statement, not their own sides."""
    proof = _proof(catalog_run, "sigmoid")
    z = expression(proof.statement.variable)
    wrong = replace(proof, statement=replace(proof.statement, rhs=encode(sympy.exp(-z))))
    assert recheck(wrong).status is RecheckStatus.FAILED
    function = expression(proof.statement.function)  # type: ignore[arg-type]
    other = replace(proof, statement=replace(proof.statement, function=encode(2 * function)))
    assert recheck(other).status is RecheckStatus.FAILED


def test_pieces_that_leave_part_of_the_domain_out_are_rejected(catalog_run: RunResult) -> None:
    proof = _proof(catalog_run, "relu")
    case = proof.cases[0]
    assert len(case.pieces) == 2
    assert recheck(replace(proof, cases=(replace(case, pieces=case.pieces[1:]),))).status is RecheckStatus.FAILED
    moved: Piece = replace(case.pieces[0], upper=encode(sympy.Integer(-1)))
    assert recheck(replace(proof, cases=(replace(case, pieces=(moved, case.pieces[1])),))).status \
        is RecheckStatus.FAILED


def test_a_piece_whose_branch_differs_is_rejected(catalog_run: RunResult) -> None:
    """relu' on (-oo, 0) is 0: the forms of the other piece (1 = 1) do not prove it there."""
    proof = _proof(catalog_run, "relu")
    case = proof.cases[0]
    left, right = case.pieces
    swapped = replace(right, lower=left.lower, upper=left.upper)
    assert recheck(replace(proof, cases=(replace(case, pieces=(swapped, right)),))).status is RecheckStatus.FAILED


REFUTED = "name: tanh_wrong\nfunction: tanh(z)\nderivative: 1 - a\n"


def test_a_counterexample_rechecks_and_a_moved_one_does_not(tmp_path: Path) -> None:
    path = tmp_path / "tanh_wrong.yaml"
    path.write_text(REFUTED, encoding="utf-8")
    check = _check(run_files(path), "tanh_wrong")
    assert check.verdict is Verdict.REFUTED
    refutation = check.certificate
    assert isinstance(refutation, Refutation) and len(refutation.enclosures) == 2
    assert recheck(refutation).status is RecheckStatus.PASSED
    at_zero = replace(refutation.point[0], means=encode(sympy.Integer(0)))  # 1 - tanh(0) = 1 = tanh'(0)
    assert recheck(replace(refutation, point=(at_zero,))).status is RecheckStatus.FAILED


def test_a_check_whose_certificate_fails_becomes_an_error(catalog_run: RunResult) -> None:
    check = _check(catalog_run, "sigmoid")
    proof = _proof(catalog_run, "sigmoid")
    piece = proof.cases[0].pieces[0]
    bad = replace(check, certificate=_first_piece(proof, rhs=Form(piece.rhs.side, _bumped(piece.rhs.form))))
    result = rechecked(SpecResult(name="sigmoid", file="sigmoid.yaml", checks=(bad, check)))
    assert [c.verdict for c in result.checks] == [Verdict.ERROR, Verdict.PROVED]
    assert "independent checker rejected its certificate" in result.checks[0].message
    assert result.checks[1].recheck is not None and result.checks[1].recheck.status is RecheckStatus.PASSED


def test_data_that_is_no_certificate_fails() -> None:
    assert recheck_json({"type": "proof"}).status is RecheckStatus.FAILED
    assert recheck_json([1, 2]).status is RecheckStatus.FAILED


def test_values_at_kinks_recheck_and_a_wrong_one_does_not(catalog_run: RunResult) -> None:
    at = [c for s in catalog_run.specs for c in s.checks if c.kind is CheckKind.AT and c.verdict is Verdict.PROVED]
    kinks = [c.certificate for c in at if isinstance(c.certificate, KinkProof)]
    assert len(kinks) >= 20
    assert all(recheck(k).status is RecheckStatus.PASSED for k in kinks if not k.limitation)
    relu = _check(catalog_run, "relu", "g'(0)").certificate
    assert isinstance(relu, KinkProof) and relu.finding == "kink"
    assert recheck(relu).status is RecheckStatus.PASSED
    outside = replace(relu, declared=encode(sympy.Integer(2)))  # not between the one-sided derivatives 0 and 1
    assert recheck(outside).status is RecheckStatus.FAILED
    wrong_side = replace(relu, left_derivative=encode(sympy.Rational(1, 2)))
    assert recheck(wrong_side).status is RecheckStatus.FAILED
    smooth = replace(relu, finding="differentiable")
    assert recheck(smooth).status is RecheckStatus.FAILED


def test_verify_recheck_rechecks_from_the_command_line() -> None:
    import json

    from typer.testing import CliRunner

    from derivcheck.cli.app import app

    done = CliRunner().invoke(app, ["verify", "sigmoid", "relu", "--recheck", "--format", "json", "--no-cache"])
    assert done.exit_code == 0, done.output
    checks = [c for s in json.loads(done.output)["specs"] for c in s["checks"]]
    assert checks and all(c["recheck"]["status"] == "passed" for c in checks)
    plain = CliRunner().invoke(app, ["verify", "sigmoid", "--recheck", "--no-cache", "--no-color"])
    assert "independent re-check of 3 decided claims: 3 passed, 0 failed, 0 not re-checkable" in plain.output


def test_a_certificate_of_another_claim_makes_an_error(catalog_run: RunResult) -> None:
    """A proof that re-checks is still no proof of a claim it is not about."""
    sigmoid, tanh = _check(catalog_run, "sigmoid"), _check(catalog_run, "tanh")
    swapped = replace(tanh, certificate=sigmoid.certificate)
    (found,) = rechecked(SpecResult(name="tanh", file="tanh.yaml", checks=(swapped,))).checks
    assert found.verdict is Verdict.ERROR and "not the claim" in found.message
    second = _check(catalog_run, "tanh", "g''(z)")
    as_first = replace(second, certificate=sigmoid.certificate)  # a proof about g' under a claim of g''
    (found,) = rechecked(SpecResult(name="tanh", file="tanh.yaml", checks=(as_first,))).checks
    assert found.verdict is Verdict.ERROR


def test_a_second_derivative_equal_to_the_first_is_certified_as_the_second(catalog_run: RunResult) -> None:
    proof = _proof(catalog_run, "exp", "g''(z)")
    assert len(proof.statement.by) == 2


def test_a_claim_refuted_at_its_breakpoint_keeps_no_proof() -> None:
    """sign(z)**2 = 1 is proved on each side of 0 but false at 0: its per-branch proof is no certificate then."""
    run = run_files(ROOT / "tests" / "examples" / "bad" / "identity_false_at_its_breakpoint.yaml")
    check = _check(run, "identity_false_at_its_breakpoint", "identity 1")
    assert check.verdict is Verdict.REFUTED
    assert not isinstance(check.certificate, Proof)
