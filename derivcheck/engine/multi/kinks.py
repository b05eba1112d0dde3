"""Kinks along each variable of a function of several numbers: where it may not be differentiable in that
variable, the others held fixed (hinge at y*z = 1, Huber at z = y +- delta, the absolute error at z = y).

With labels only besides the variable, each label value gives a function of one variable, and the one-variable
analysis runs on it.  With other real variables, the breakpoints move with them; the pieces are found for every
value of the others (`pieces` with them kept symbolic), and at a breakpoint p the left and right formulas L and
R (Piecewise-free, continuous on their pieces) give: continuity where L(p) - R(p) has normal form 0, one-sided
derivatives L'(p) and R'(p) (by the mean value theorem, as in one variable), differentiable where their
difference has normal form 0, not differentiable where it is a nonzero constant, undecided otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

import sympy

from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.kinks.onesided import smooth
from derivcheck.engine.mathtext import number
from derivcheck.engine.multi.cases import assignments
from derivcheck.engine.multi.lines import sample_value
from derivcheck.engine.multi.problem import Input, MultiProblem
from derivcheck.engine.pieces import Piece, has_branches, pieces
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.results.checks import Check, CheckKind, Kink, Verdict

__all__ = ["multi_kinks"]


def multi_kinks(problem: MultiProblem, claims: Mapping[str, sympy.Expr]) -> tuple[tuple[Kink, ...], tuple[Check, ...]]:
    """Kink rows along each real variable (per label value), and a KINK check where they cannot be found.

    `claims` maps a variable's name to the claimed derivative by it (shown beside a kink where it picks a value).
    """
    rows: list[Kink] = []
    checks: list[Check] = []
    if problem.has_vectors or not has_branches(problem.f):
        return (), ()
    f = problem.f.xreplace(dict(problem.parameters))
    continuous = [i for i in problem.inputs if i.symbol is not None and not i.is_label]
    for assignment in assignments(problem.labels):
        fixed = ", ".join(f"{s} = {sympy.sstr(v)}" for s, v in assignment.items()) or None
        g = f.xreplace(dict(assignment))
        for variable in continuous:
            assert variable.symbol is not None
            claim = claims.get(variable.name)
            claim = None if claim is None else claim.xreplace({**problem.parameters, **assignment})
            others = [i for i in continuous if i is not variable]
            if not others:
                found, failed = _one_variable(variable, g, claim)
            else:
                found, failed = _moving(variable, others, g)
            rows += [replace(row, along=variable.name, fixed=fixed) for row in found]
            if failed:
                where = f" for {fixed}" if fixed else ""
                checks.append(Check(kind=CheckKind.KINK, label=f"kinks in {variable.name}", verdict=Verdict.UNDECIDED,
                                    method=None, message=f"cannot locate the points where the function may not be "
                                    f"differentiable in {variable.name}{where}: {failed}"))
    return tuple(rows), tuple(checks)


def _one_variable(variable: Input, g: sympy.Expr, claim: sympy.Expr | None) -> tuple[list[Kink], str]:
    """The one-variable kink analysis of g in the variable (everything else fixed)."""
    assert variable.symbol is not None
    problem = Problem(z=variable.symbol, a=sympy.Dummy("a", real=True), g=g, interval=variable.interval)
    rows, checks = analyse_kinks(problem, claimed_derivative=claim)
    failed = "; ".join(c.message for c in checks if c.verdict is not Verdict.PROVED)
    # A spec of several variables declares no `at:` values: the claim is proved on the open pieces only.
    kept = [replace(row, message=row.message.replace("not used — declare it under at:",
                                                     "not used (the claim is proved on the open pieces)"))
            for row in rows]
    return kept, failed


def _moving(variable: Input, others: Sequence[Input], g: sympy.Expr) -> tuple[list[Kink], str]:
    """Breakpoints in the variable that move with the others, analysed for every value of them."""
    x = variable.symbol
    assert x is not None
    if not any(x in node.free_symbols for node in g.atoms(sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs,
                                                            sympy.Heaviside, sympy.sign)):
        return [], ""
    values = {o.symbol: (sample_value(o.interval, 3 + n) or sympy.S.Zero) for n, o in enumerate(others)
              if o.symbol is not None}
    if not isinstance(variable.interval, sympy.Interval):
        return [], "its domain is not one interval"
    parts = pieces(g, x, variable.interval, values, for_all=True)
    if parts is None:
        return [], "the breakpoints cannot be ordered for every value of the other variables"
    rows = [_row(x, left, right) for left, right in pairwise(parts)]
    return rows, ""


def _zero(expr: sympy.Expr) -> bool | None:
    """True: zero for every value; False: a nonzero constant; None: not known."""
    if exp_rational_zero(expr, sympy.Dummy("x", real=True)):
        return True
    if expr.is_number and expr.is_zero is False:
        return False
    return None


def _row(x: sympy.Symbol, left: Piece, right: Piece) -> Kink:
    p = left.upper
    at = f"{x} = {number(p)}"
    if not (smooth(left.expr, x) and smooth(right.expr, x)):
        return Kink(point=number(p), continuous=None, left=None, right=None, differentiable=None, declared=None,
                    message=f"not decided at {at}: a piece is not smooth there")
    ends = [e.xreplace({x: p}) for e in (left.expr, right.expr)]
    slopes = [sympy.diff(e, x).xreplace({x: p}) for e in (left.expr, right.expr)]
    if any(v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) for v in (*ends, *slopes)):
        return Kink(point=number(p), continuous=None, left=None, right=None, differentiable=None, declared=None,
                    message=f"not decided at {at}: a piece has no value there")
    continuous = _zero(ends[0] - ends[1])
    if continuous is not True:
        jump = "not continuous" if continuous is False else "not decided"
        return Kink(point=number(p), continuous=None if continuous is None else False, left=None, right=None,
                    differentiable=None if continuous is None else False, declared=None,
                    message=f"{jump} at {at} (limits {number(ends[0])} and {number(ends[1])})")
    same = _zero(slopes[0] - slopes[1])
    shown = [number(sympy.simplify(s)) for s in slopes]
    if same:
        message = f"differentiable at {at} (derivative {shown[0]} for every value of the other variables)"
    elif same is False:
        message = f"undefined at {at}: left derivative {shown[0]}, right derivative {shown[1]}"
    else:
        message = f"not decided at {at}: left derivative {shown[0]}, right derivative {shown[1]}"
    return Kink(point=number(p), continuous=True, left=shown[0], right=shown[1], differentiable=same,
                declared=None, message=message)
