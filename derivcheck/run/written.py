"""Each check's claim as the spec writes it: its source text, its line, and that text typeset in source order.

Reports show claims, steps and identities in the author's own text, never sympy's re-ordered form; this puts
the text with the checks a task found (in the worker, where the expression language is at hand) so that a
report, and a cached result, carry it.  A text the language refuses keeps its source and line, without LaTeX.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from derivcheck.errors import DerivcheckError
from derivcheck.lang.parse import Scope
from derivcheck.lang.written import typeset
from derivcheck.results.checks import Check, CheckKind, Written
from derivcheck.run.plan import Task, TaskKind
from derivcheck.spec.model import Spec, Text
from derivcheck.spec.multi import AnySpec, MultiSpec
from derivcheck.spec.network import NetworkSpec

__all__ = ["as_written", "function_written", "with_written"]


def _several_scope(spec: MultiSpec) -> Scope:
    """The names a spec of several variables may write, for typesetting only: an intermediate or the output may
    stand as a number or, with an index, as a vector (parsing later says which)."""
    vectors = [v.name for v in spec.variables if v.size is not None]
    named = [i.name for i in spec.where] + ([spec.output] if spec.output else [])
    numbers = [v.name for v in spec.variables if v.size is None] + [n for n, _ in spec.parameters] + named
    size = sympy.Symbol(spec.size) if spec.size else None
    symbols = {name: sympy.Symbol(name) for name in numbers} | ({spec.size: size} if spec.size and size else {})
    indexed = {name: sympy.IndexedBase(name) for name in [*vectors, *named]} if spec.size else {}
    return Scope(symbols=symbols, indexed=indexed, indices={i: sympy.Symbol(i) for i in spec.indices}, size=size)


def as_written(text: Text, spec: AnySpec, *, derivation: bool = False, typeset_it: bool = True) -> Written:
    """`text` of `spec` as written; with `typeset_it`, also as LaTeX in source order (when the language allows)."""
    latex, ambiguous = None, False
    if isinstance(spec, NetworkSpec):
        latex = _network_latex(text, spec) if typeset_it else None
    elif typeset_it:
        if isinstance(spec, MultiSpec):
            scope = _several_scope(spec)
        else:
            names = [spec.variable, spec.output, *(name for name, _ in spec.parameters)]
            symbols = {name: sympy.Symbol(name) for name in names}
            scope = Scope(symbols=symbols, variable=symbols[spec.variable], allow_diff=derivation)
        try:
            shown = typeset(text.text, scope, text.location)
            latex, ambiguous = shown.latex, shown.ambiguous
        except (DerivcheckError, ValueError, RecursionError):
            pass  # the check itself reports what is wrong with the text
    return Written(text=text.text, line=text.location.line, latex=latex, ambiguous=ambiguous)


def _network_latex(text: Text, spec: NetworkSpec) -> str | None:
    """A matrix text of a network spec typeset in the notes' style (None where the spec does not read)."""
    from derivcheck.engine.network.claims import claim_shapes
    from derivcheck.engine.network.model import network_model
    from derivcheck.lang.matrix import matrix_syntax
    from derivcheck.lang.matrix_written import typeset_matrix

    try:
        model = network_model(spec)
        shapes = claim_shapes(model)
        return typeset_matrix(matrix_syntax(text.text, model.names(), text.location), shapes, frozenset(model.kinds))
    except (DerivcheckError, ValueError, RecursionError, KeyError):
        return None  # the check itself reports what is wrong with the spec


def function_written(spec: AnySpec, *, typeset_it: bool = True) -> Written:
    """`function:` as written."""
    return as_written(spec.function, spec, typeset_it=typeset_it)


def with_written(check: Check, spec: AnySpec, task: Task, *, typeset_it: bool = True) -> Check:
    """`check` (found by `task` of `spec`) with the claim, and the side it is compared with, as written."""
    if isinstance(spec, NetworkSpec):
        return _network_written(check, spec, task, typeset_it=typeset_it)

    elif isinstance(spec, MultiSpec):
        claim, other = _several_texts(check, spec, task)
    else:
        claim, other = _texts(check, spec, task)
    if claim is None:
        return check
    derivation = task.kind is TaskKind.DERIVATION
    return replace(check, written=as_written(claim, spec, derivation=derivation, typeset_it=typeset_it),
                   written_lhs=None if other is None else as_written(other, spec, derivation=derivation,
                                                                      typeset_it=typeset_it))


def _network_written(check: Check, spec: NetworkSpec, task: Task, *, typeset_it: bool) -> Check:
    """A backward line's claim as written, and its other side: the line's name and what it claims (dZ2 = m dJ/dZ2)."""
    if task.kind is not TaskKind.DERIVATIVE or task.index is None or check.kind is not CheckKind.DERIVATIVE:
        return check
    from derivcheck.lang.matrix_written import meaning_latex

    line = spec.backward[task.index]
    meaning = Written(text=f"{line.name} = {line.meaning}", line=line.location.line,
                      latex=meaning_latex(line.name, line.scale, line.target) if typeset_it else None)
    return replace(check, written=as_written(line.claim, spec, typeset_it=typeset_it), written_lhs=meaning)


def _several_texts(check: Check, spec: MultiSpec, task: Task) -> tuple[Text | None, Text | None]:
    """The claimed derivative (gradient, Jacobian or Hessian entry) or an identity's sides, as written."""
    if check.kind in (CheckKind.SPEC, CheckKind.KINK) or task.index is None:
        return None, None
    if task.kind is TaskKind.DERIVATIVE:
        return spec.claims[task.index].claim, None
    if task.kind is TaskKind.SECOND_DERIVATIVE:
        return spec.hessian[task.index].claim, None
    if task.kind is TaskKind.IDENTITY:
        identity = spec.identities[task.index]
        return identity.rhs, identity.lhs
    return None, None


def _texts(check: Check, spec: Spec, task: Task) -> tuple[Text | None, Text | None]:
    """The texts of the claim and of what it is compared with, where the spec writes them."""
    if check.kind in (CheckKind.SPEC, CheckKind.KINK):
        return None, None
    if task.kind is TaskKind.DERIVATIVE:
        return spec.derivative, None
    if task.kind is TaskKind.SECOND_DERIVATIVE:
        return spec.second_derivative, None
    if task.kind is TaskKind.IDENTITY and task.index is not None:
        identity = spec.identities[task.index]
        return identity.rhs, identity.lhs
    if task.kind is TaskKind.DERIVATION and task.index is not None:
        n, steps = task.index, spec.derivation
        claim = steps[n - 1] if n <= len(steps) else spec.derivative
        return claim, steps[n - 2] if 2 <= n <= len(steps) + 1 else None
    if task.kind is TaskKind.KINKS and check.kind is CheckKind.AT and check.convention is None:
        on_line = [at for at in spec.at if at.location.line == check.line]
        if len(on_line) > 1:
            on_line = [at for at in on_line if at.point.text.strip() == check.point]
        return (on_line[0].value, None) if len(on_line) == 1 else (None, None)
    return None, None
