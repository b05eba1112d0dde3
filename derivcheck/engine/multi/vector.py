"""Proofs of claims about vectors: for every length n at once, or else for each n = 1..6 exactly.

For every n (`prove_every_size`): the free indices (the function's entry i, the variable's entry j) are split
into every pattern of equalities: for two indices, i = j and i != j; every pair (i, j) of 1..n falls in exactly
one, so the split is exhaustive for every n >= 1 (i != j is simply empty when n = 1).  In a case, indices it
makes equal are one symbol and delta between indices it keeps apart is 0.  Then the sums are reduced and
abstracted (see `sums`: each step an identity of finite sums valid for every n, each sum a fresh symbol with
only the assumptions every n allows, a declared constraint its value), and what is left is an expression in
independent symbols (entries z_i, z_j, sums S, n itself, parameters) that the exp-rational normal form proves
zero, or not.  A zero proves the claim for every n, every index pattern and every point of the domain where
both sides are defined.

For fixed n (`prove_each_size`): the function and the claim are written out at n = 1, 2, ... with every value
of the free indices, the truth is differentiated there, a constraint's last entry is solved for, and each
entry is proved like a claim of several numbers.  Such a proof says nothing about other n, and its scope says
so ("for n = 1..6 only, not for all n").
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import sympy

from derivcheck.engine.multi.breakpoints import hold_at_breakpoints
from derivcheck.engine.multi.cases import Case, index_values, vector_case
from derivcheck.engine.multi.lines import sample_value
from derivcheck.engine.multi.problem import By, MultiProblem
from derivcheck.engine.multi.sums import Abstraction, canonical, reduce_sums
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.engine.prove.symbolic import NORMAL_FORM, ProofAttempt, prove_zero

__all__ = ["EVERY_SIZE", "FIXED_SIZES", "MIN_FIXED_SIZES", "case_names", "fixed_case", "prove_each_size",
           "prove_every_size"]

#: Without an argument for every n, the sizes n = 1..FIXED_SIZES are proved one by one.
FIXED_SIZES = 6
#: A proof at fixed sizes that runs out of time before n = MIN_FIXED_SIZES proves nothing.
MIN_FIXED_SIZES = 3
#: How a proof for every n is named in reports.
EVERY_SIZE = "sums as symbols"
_ROUNDS = 4  # reduce, apply the case, reduce again: deltas summed out may meet again


def partitions(items: Sequence[sympy.Symbol]) -> Iterator[list[list[sympy.Symbol]]]:
    """Every way to split `items` into blocks of equal indices (i = j and i != j for two)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for smaller in partitions(rest):
        for position in range(len(smaller)):
            yield [*smaller[:position], [first, *smaller[position]], *smaller[position + 1:]]
        yield [[first], *smaller]


def case_names(blocks: list[list[sympy.Symbol]]) -> str:
    """`i = j`, `i != j`, `i = j != k` ..."""
    equal = [" = ".join(map(str, block)) for block in blocks if len(block) > 1]
    reps = [str(block[0]) for block in blocks]
    apart = [" != ".join(reps)] if len(reps) > 1 else []
    return ", ".join(equal + apart) or "one index"


def _apply_case(expr: sympy.Basic, blocks: list[list[sympy.Symbol]]) -> sympy.Basic:
    """Indices of one block become its first; delta of indices in different blocks becomes 0."""
    rename = {s: block[0] for block in blocks for s in block[1:]}
    result = expr.xreplace(rename) if rename else expr
    reps = {block[0] for block in blocks}
    zeros = {d: sympy.S.Zero for d in result.atoms(sympy.KroneckerDelta)
             if set(d.args) <= reps and d.args[0] != d.args[1]}
    return result.xreplace(zeros) if zeros else result


def prove_every_size(problem: MultiProblem, truth: sympy.Expr, claimed: sympy.Expr, free: Sequence[sympy.Symbol],
                     *, keep_parameters: bool) -> tuple[ProofAttempt, tuple[str, ...], tuple[str, ...]]:
    """(the attempt, the cases it went through, the constraints it used) for claimed == truth for every n."""
    assert problem.size is not None
    values = {} if keep_parameters else dict(problem.parameters)
    difference = (claimed - truth).xreplace(values)
    declared = []  # (the sum as the abstraction meets it, its value, the constraint as written)
    for constraint in problem.constraints:
        k = sympy.Dummy("k", integer=True, positive=True)
        key = canonical(sympy.Sum(constraint.base[k], (k, 1, problem.size)))
        declared.append((key, constraint.value.xreplace(values), constraint.text))
    constraints = {key: value for key, value, _ in declared}
    names: list[str] = []
    used: list[str] = []
    for blocks in partitions(list(free)):
        name = case_names(blocks)
        names.append(name)
        expr = difference
        for _ in range(_ROUNDS):
            reduced = _apply_case(reduce_sums(_apply_case(expr, blocks), problem.size), blocks)
            if reduced == expr:
                break
            expr = reduced
        abstraction = Abstraction(dict(constraints))
        try:
            abstract = abstraction(expr)
        except (TypeError, ValueError) as error:
            return ProofAttempt(False, None, f"{EVERY_SIZE}: case {name}: {error}"), tuple(names), ()
        if abstract.has(sympy.Sum, sympy.Indexed, sympy.KroneckerDelta, sympy.Idx):
            return (ProofAttempt(False, None, f"{EVERY_SIZE}: case {name}: an index is left after the sums"),
                    tuple(names), ())
        if not exp_rational_zero(abstract, sympy.Dummy("x", real=True)):
            return (ProofAttempt(False, None, f"{EVERY_SIZE}: case {name}: the normal form is not zero"),
                    tuple(names), ())
        used += [text for key, _, text in declared if key in abstraction.used and text not in used]
    detail = (f"For every n: in each case ({'; '.join(names)}) the sums reduce to symbols and the difference has "
              "exp-rational normal form 0.")
    return ProofAttempt(True, f"{EVERY_SIZE} + {NORMAL_FORM}", detail), tuple(names), tuple(used)


def fixed_case(problem: MultiProblem, n: int, indices: dict[sympy.Symbol, sympy.Integer], *, claimed: sympy.Expr,
               truth: sympy.Expr | None, by: tuple[By, ...]) -> Case:
    """The claim at size n and these index values with parameters kept symbolic (at their values where a domain
    mentions them: see MultiProblem.domains_at_values) and each constrained vector's last entry solved for
    (claims hold on the constraint set only)."""
    kept = MultiProblem(inputs=problem.inputs, f=problem.f, output=problem.output, output_index=problem.output_index,
                        size=problem.size, parameters=problem.parameters if problem.domains_at_values else {},
                        constraints=problem.constraints)
    case = vector_case(kept, n, indices, claimed=claimed, truth=truth, by=by)
    solved: dict[sympy.Symbol, sympy.Expr] = {}
    for group in case.groups:
        *rest, last = group.symbols
        solved[last] = group.value - sympy.Add(*rest)
    if not solved:
        return case
    return Case(truth=case.truth.xreplace(solved), claimed=case.claimed.xreplace(solved),
                coordinates=tuple((s, d) for s, d in case.coordinates if s not in solved), fixed=case.fixed,
                f=case.f, variable=case.variable, vectors=case.vectors, boundary=case.boundary, names=case.names)


def prove_each_size(problem: MultiProblem, *, claimed: sympy.Expr, truth: sympy.Expr | None,
                    free: Sequence[sympy.Symbol], by: tuple[By, ...], deadline: float) -> tuple[ProofAttempt, int]:
    """(the attempt, the largest n up to which every size and index was proved exactly)."""
    proved_up_to = 0
    methods: set[str] = set()
    for n in range(1, FIXED_SIZES + 1):
        for values in index_values(list(free), n):
            if time.monotonic() > deadline:
                return _partial(proved_up_to, methods, f"out of time at n = {n}"), proved_up_to
            case = fixed_case(problem, n, values, claimed=claimed, truth=truth, by=by)
            attempt = _prove_case(case, problem)
            if not attempt.proved:
                where = ", ".join(f"{k} = {v}" for k, v in values.items())
                return _partial(proved_up_to, methods, f"not proved at n = {n}" + (f", {where}" if where else "")
                                + f": {attempt.detail}"), proved_up_to
            methods.add(attempt.method or NORMAL_FORM)
        proved_up_to = n
    return _partial(proved_up_to, methods, ""), proved_up_to


def _partial(high: int, methods: set[str], why: str) -> ProofAttempt:
    if high < MIN_FIXED_SIZES:
        return ProofAttempt(False, None, f"each n from 1: {why}")
    method = f"each n = 1..{high}: " + " / ".join(sorted(methods))
    detail = f"Proved entry by entry for every n from 1 to {high} (not for all n)" + (f"; {why}" if why else "") + "."
    return ProofAttempt(True, method, detail)


def _prove_case(case: Case, problem: MultiProblem) -> ProofAttempt:
    """One written-out entry: the normal form, per branch along the variable differentiated by."""
    difference = case.claimed - case.truth
    zero = exp_rational_zero(difference, case.variable or sympy.Dummy("x", real=True))
    if zero:
        return ProofAttempt(True, NORMAL_FORM, "")
    axis = case.variable if case.variable is not None else (case.coordinates[0][0] if case.coordinates else None)
    if axis is None:
        return ProofAttempt(False, None, "the normal form is not zero")
    domain = dict(case.coordinates).get(axis, sympy.S.Reals)
    others = {s: (sample_value(d, 5 + p) or sympy.S.Zero) for p, (s, d) in enumerate(case.coordinates) if s != axis}
    others.update(problem.parameters)
    axis_problem = Problem(z=axis, a=sympy.Dummy("a", real=True), g=sympy.S.Zero, parameters=others,
                           interval=domain, symbolic_interval=domain)
    attempt = prove_zero(axis_problem, case.truth, case.claimed, simplify=False)
    along_variable = case.f is not None and axis is case.variable
    return hold_at_breakpoints(attempt, axis_problem, case.truth, case.claimed, derivative=along_variable,
                               function=case.f)
