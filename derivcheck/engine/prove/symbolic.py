"""Exact proofs that claimed - truth vanishes on the domain, trying the cheapest strategy first."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sympy

from derivcheck.engine.pieces import Piece, pieces
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.engine.prove.on_domain import on_interval

NORMAL_FORM = "exp-rational normal form"
ON_DOMAIN = "exp-rational normal form on the domain"
PER_BRANCH = "per-branch"
SIMPLIFY = "simplify"

_KINKY = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign, sympy.DiracDelta)


@dataclass(frozen=True)
class ProofAttempt:
    """The outcome of one proof search: proved only by an exact symbolic argument."""

    proved: bool
    method: str | None
    detail: str
    #: The open piece (lower, upper) a per-branch proof could not close: where a counterexample may be.
    unclosed: tuple[sympy.Expr, sympy.Expr] | None = None


def difference(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr) -> sympy.Expr:
    """claimed (with the output name replaced by g) minus truth."""
    result: sympy.Expr = problem.with_output(claimed) - truth
    return result


def _has_kinks(expr: sympy.Expr, z: sympy.Symbol) -> bool:
    return any(z in node.free_symbols for node in expr.atoms(*_KINKY))


def _time_left(deadline: float | None) -> bool:
    return deadline is None or time.monotonic() < deadline


def _simplifies_to_zero(expr: sympy.Expr) -> tuple[bool, str]:
    """sympy.simplify, then simplify of the exp rewrite; (proved, what happened)."""
    try:
        if sympy.simplify(expr) == 0:
            return True, "simplify"
        if sympy.simplify(expr.rewrite(sympy.exp)) == 0:
            return True, "simplify after rewriting to exp"
    except Exception as error:  # sympy raises many kinds; any failure only means no proof
        return False, f"simplify raised {type(error).__name__}"
    return False, "simplify left a nonzero expression"


def _zero_on(expr: sympy.Expr, z: sympy.Symbol, interval: sympy.Set) -> bool:
    """The normal form of `expr` written on the interval (z = phi(t), t > 0; see on_domain) is zero."""
    return any(exp_rational_zero(written, t) for written, t, _ in on_interval(expr, z, interval))


def _close(expr: sympy.Expr, z: sympy.Symbol, deadline: float | None, simplify: bool,
           interval: sympy.Set | None = None) -> tuple[str | None, str]:
    """Prove one Piecewise-free expression zero (on `interval`, if given): (method or None, detail)."""
    if exp_rational_zero(expr, z):
        return NORMAL_FORM, ""
    if interval is not None and _zero_on(expr, z, interval):
        return ON_DOMAIN, ""
    if not simplify:
        return None, "the exp-rational normal form is not zero (simplify not tried yet)"
    if not _time_left(deadline):
        return None, "the exp-rational normal form is not zero and no time is left for simplify"
    proved, detail = _simplifies_to_zero(expr)
    if proved:
        return SIMPLIFY, detail
    return None, f"the exp-rational normal form is not zero; {detail}"


def _interval_text(piece: Piece, z: sympy.Symbol) -> str:
    if piece.lower.is_infinite and piece.upper.is_infinite:
        return f"all real {z}"
    if piece.lower.is_infinite:
        return f"{z} < {piece.upper}"
    if piece.upper.is_infinite:
        return f"{z} > {piece.lower}"
    return f"{piece.lower} < {z} < {piece.upper}"


def _per_branch(expr: sympy.Expr, problem: Problem, deadline: float | None, for_all: bool,
                simplify: bool) -> ProofAttempt:
    z = problem.z
    # For every parameter value, the domain too must be kept symbolic: at the values it may hide a kink
    # that other values bring inside (abs(z - 1/2) on z > alpha is smooth for alpha = 1, not for 1/4).
    domain = problem.interval_for(for_all=for_all)
    if domain is None:
        return ProofAttempt(False, None, "per-branch: the domain depends on the parameters in a way that "
                            "cannot be kept symbolic")
    intervals = domain.args if isinstance(domain, sympy.Union) else (domain,)
    found: list[Piece] = []
    for interval in intervals:
        split = pieces(expr, z, interval, problem.parameters, for_all=for_all)
        if split is None:
            why = ("the branches cannot be chosen for every parameter value of that sign" if for_all
                   else "the breakpoints cannot be found exactly")
            return ProofAttempt(False, None, f"per-branch: {why}")
        found.extend(split)
    methods: set[str] = set()
    closed: list[str] = []
    for piece in found:
        method, detail = _close(piece.expr, z, deadline, simplify,
                                sympy.Interval.open(piece.lower, piece.upper))
        if method is None:
            where = _interval_text(piece, z)
            return ProofAttempt(False, None, f"per-branch: not closed on {where}: {detail}",
                                unclosed=(piece.lower, piece.upper))
        methods.add(method)
        closed.append(_interval_text(piece, z))
    inner = " / ".join(m for m in (NORMAL_FORM, ON_DOMAIN, SIMPLIFY) if m in methods)
    detail = f"Equal on each open piece: {'; '.join(closed)} (breakpoints are left to the kink analysis)."
    return ProofAttempt(True, f"{PER_BRANCH} ({inner} on each piece)", detail)


def prove_zero(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *, deadline: float | None = None,
               parameters: str = "symbolic", simplify: bool = True) -> ProofAttempt:
    """Try to show claimed - truth == 0 on problem.interval; proved only from an exact argument.

    parameters="symbolic" keeps the parameter symbols (a proof then holds for every value of the same sign);
    parameters="values" substitutes their values first.  `simplify=False` tries only the exact normal form
    (per branch where needed), never sympy's `simplify`, which has returned 0 for nonzero expressions.
    """
    if parameters not in ("symbolic", "values"):
        raise ValueError(f"parameters must be 'symbolic' or 'values', not {parameters!r}")
    z = problem.z
    expr = difference(problem, truth, claimed)
    if parameters == "values":
        expr = expr.xreplace(dict(problem.parameters))
    tried: list[str] = []
    unclosed = None
    zero = exp_rational_zero(expr, z)
    if zero:
        return ProofAttempt(True, NORMAL_FORM, "The difference has exp-rational normal form 0.")
    tried.append("exp-rational normal form: " + ("failed" if zero is None else "not zero"))
    domain = problem.interval_for(for_all=parameters == "symbolic")
    parts = () if domain is None else domain.args if isinstance(domain, sympy.Union) else (domain,)
    if parts and not _has_kinks(expr, z) and all(_zero_on(expr, z, part) for part in parts):
        where = " and ".join(_interval_text(Piece(p.inf, p.sup, expr), z) for p in parts)
        return ProofAttempt(True, ON_DOMAIN, f"On {where}, written with z = phi(t) for t > 0, the difference "
                            "has exp-rational normal form 0 (roots and logarithms split only over factors "
                            "proved positive there).")
    if _has_kinks(expr, z):
        attempt = _per_branch(expr, problem, deadline, for_all=parameters == "symbolic", simplify=simplify)
        if attempt.proved:
            return attempt
        tried.append(attempt.detail)
        unclosed = attempt.unclosed
    if not simplify:
        tried.append("simplify: not tried")
        return ProofAttempt(False, None, "; ".join(tried), unclosed)
    if not _time_left(deadline):
        tried.append("simplify: skipped, out of time")
        return ProofAttempt(False, None, "; ".join(tried), unclosed)
    proved, detail = _simplifies_to_zero(expr)
    if proved:
        return ProofAttempt(True, SIMPLIFY, f"The difference reduces to 0 by {detail}.")
    tried.append(detail)
    return ProofAttempt(False, None, "; ".join(tried), unclosed)
