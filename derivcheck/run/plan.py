"""The tasks of a spec, in report order: each a claim (or the kink analysis), named by a frozen `Task`.

Nothing here needs sympy: the plan, the labels and the lines come from the loaded spec alone, so a run can
count its tasks and the pytest plug-in can name its test items before any proof starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from derivcheck.results.checks import CheckKind
from derivcheck.spec.multi import AnySpec, MultiSpec
from derivcheck.spec.network import NetworkSpec

__all__ = ["CLAIM_LABEL", "Task", "TaskKind", "check_kind", "link_step", "plan", "task_label", "task_line"]

#: The label of a derivation's last link: its last step against the `derivative:` claim.
CLAIM_LABEL = "claim"


class TaskKind(Enum):
    """What a task checks."""

    DERIVATIVE = "derivative"
    SECOND_DERIVATIVE = "second_derivative"
    IDENTITY = "identity"
    DERIVATION = "derivation"  # one link of a hand derivation
    KINKS = "kinks"  # the kink analysis, with the `at:` values


@dataclass(frozen=True)
class Task:
    """One task of a spec.

    `index` is, for an IDENTITY, its position in `identities:` (from 0); for a DERIVATIVE of a spec of several
    variables, the claim's position in its `gradient:` or `jacobian:` (from 0); for a DERIVATION link, N, the later
    of the two steps it joins (from 1: link N joins step N-1 to step N, where step 0 is g'(z) itself and step
    n+1 of a derivation of n steps is the `derivative:` claim).  The other kinds have none.
    """

    kind: TaskKind
    index: int | None = None


def plan(spec: AnySpec) -> list[Task]:
    """The tasks of a spec, in report order."""
    if isinstance(spec, NetworkSpec):
        # One task per backward equation (each checks every size in the spec's range), and the kinks of the
        # activations declared with a function that may have some.
        tasks = [Task(TaskKind.DERIVATIVE, i) for i in range(len(spec.backward))]
        return tasks + ([Task(TaskKind.KINKS)] if any(not a.is_any for a in spec.activations) else [])
    if isinstance(spec, MultiSpec):
        # One task per claimed derivative (`index`: its position in the gradient or Jacobian), per identity,
        # and the kinks along each variable (not for vectors).
        tasks = [Task(TaskKind.DERIVATIVE, i) for i in range(len(spec.claims))]
        tasks += [Task(TaskKind.SECOND_DERIVATIVE, i) for i in range(len(spec.hessian))]
        tasks += [Task(TaskKind.IDENTITY, i) for i in range(len(spec.identities))]
        return tasks if spec.size is not None else [*tasks, Task(TaskKind.KINKS)]
    tasks = [Task(TaskKind.DERIVATIVE)]
    if spec.second_derivative is not None:
        tasks.append(Task(TaskKind.SECOND_DERIVATIVE))
    tasks += [Task(TaskKind.IDENTITY, i) for i in range(len(spec.identities))]
    if spec.derivation:
        tasks += [Task(TaskKind.DERIVATION, n) for n in range(1, len(spec.derivation) + 2)]
    tasks.append(Task(TaskKind.KINKS))
    return tasks


_CHECK_KINDS = {
    TaskKind.DERIVATIVE: CheckKind.DERIVATIVE,
    TaskKind.SECOND_DERIVATIVE: CheckKind.SECOND_DERIVATIVE,
    TaskKind.IDENTITY: CheckKind.IDENTITY,
    TaskKind.DERIVATION: CheckKind.DERIVATION,
    TaskKind.KINKS: CheckKind.AT,  # its checks are the `at:` values (KINK when the analysis itself fails)
}


def check_kind(task: Task, spec: AnySpec | None = None) -> CheckKind:
    """The kind of the check a task reports (the kinks of a spec of several variables: KINK, it has no `at:`)."""
    if isinstance(spec, NetworkSpec) and task.kind is TaskKind.KINKS:
        return CheckKind.AT  # its checks are the `at:` values of the activations (KINK when the analysis fails)
    if isinstance(spec, MultiSpec) and task.kind is TaskKind.KINKS:
        return CheckKind.KINK
    return _CHECK_KINDS[task.kind]


def task_label(spec: AnySpec, task: Task) -> str:
    """`g'(z)`, `g''(z)`, `identity 2`, `step 3` or `claim` (a derivation link), `kinks`; for several variables
    `∂L/∂z` or `∂a/∂z[j]` (the key as written); for a network `dZ2 = m·∂J/∂Z2`."""
    if isinstance(spec, NetworkSpec):
        if task.kind is TaskKind.DERIVATIVE:
            return spec.backward[_index(task)].label
        return "kinks"
    if isinstance(spec, MultiSpec) and task.kind is TaskKind.DERIVATIVE:
        return f"∂{spec.output or 'f'}/∂{spec.claims[_index(task)].key}"
    if isinstance(spec, MultiSpec) and task.kind is TaskKind.SECOND_DERIVATIVE:
        written = spec.hessian[_index(task)]
        first, _, second = written.key.partition(", ")
        below = f"∂{first}²" if not second or second == first else f"∂{first}∂{second}"
        return f"∂²{spec.output or 'f'}/{below}"
    if isinstance(spec, MultiSpec) and task.kind is TaskKind.IDENTITY:
        return f"identity {_index(task) + 1}"
    if isinstance(spec, MultiSpec):
        return "kinks"
    z = spec.variable
    if task.kind is TaskKind.DERIVATIVE:
        return f"g'({z})"
    if task.kind is TaskKind.SECOND_DERIVATIVE:
        return f"g''({z})"
    if task.kind is TaskKind.IDENTITY:
        return f"identity {_index(task) + 1}"
    if task.kind is TaskKind.DERIVATION:
        n = _index(task)
        return CLAIM_LABEL if n == len(spec.derivation) + 1 else f"step {n}"
    return "kinks"


def task_line(spec: AnySpec, task: Task) -> int | None:
    """The line of the task's claim in the spec file (of `at:` for the kink analysis)."""
    if isinstance(spec, NetworkSpec):
        return spec.backward[_index(task)].location.line if task.kind is TaskKind.DERIVATIVE else (
            spec.lines.get("activations"))
    if isinstance(spec, MultiSpec):
        if task.kind is TaskKind.DERIVATIVE:
            return spec.claims[_index(task)].location.line
        if task.kind is TaskKind.SECOND_DERIVATIVE:
            return spec.hessian[_index(task)].location.line
        if task.kind is TaskKind.IDENTITY:
            return spec.identities[_index(task)].location.line
        return None
    if task.kind is TaskKind.IDENTITY:
        return spec.identities[_index(task)].location.line
    if task.kind is TaskKind.DERIVATION:
        n = _index(task)
        return spec.derivation[n - 1].location.line if n <= len(spec.derivation) else spec.lines.get("derivative")
    return spec.lines.get("at" if task.kind is TaskKind.KINKS else task.kind.value)


def link_step(task: Task) -> int | None:
    """The derivation step N a link task checks (the `step` of its check); None for any other task."""
    return task.index if task.kind is TaskKind.DERIVATION else None


def _index(task: Task) -> int:
    assert task.index is not None, f"a {task.kind.value} task names its position"
    return task.index
