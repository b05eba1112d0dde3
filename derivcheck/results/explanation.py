"""Plain data for `derive` and `show`: explained steps with verdicts, output form, and a spec laid out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from derivcheck.results.checks import Check, Math, Verdict

__all__ = ["ExplainedStep", "Explanation", "Shown", "SpecView"]


@dataclass(frozen=True)
class ExplainedStep:
    """One step d/d`variable` `expression` = `result` by `rule`, and the prover's verdict on it."""

    number: str  # "1", "1.2", "1.2.1": the position in the tree, also its indentation
    rule: str  # sum, constant factor, product, quotient, power, chain, exp, log, trig, ...
    variable: str
    expression: Math
    result: Math
    verdict: Verdict = Verdict.UNDECIDED
    method: str | None = None
    message: str = "not checked yet"
    condition: str | None = None  # the branch condition, for a branch of a piecewise step
    note: str = ""  # how the rule was applied, e.g. the chain rule's substitution "u = 1 + exp(-z)"
    domain: str | None = None  # where `variable` ranges, when it is a chain rule's inner variable

    @property
    def depth(self) -> int:
        return self.number.count(".")


@dataclass(frozen=True)
class Explanation:
    """Everything `derive` found; fields stay None where the time budget ran out before them."""

    function: Math
    variable: str
    output: str
    parameters: tuple[tuple[str, str], ...] = ()
    steps: tuple[ExplainedStep, ...] = ()
    derivative: Math | None = None  # the simplified derivative
    derivative_check: Check | None = None  # simplified derivative == sympy's derivative of g
    output_form: Math | None = None  # g' in the output name alone, only when proved
    output_form_check: Check | None = None
    output_form_message: str = ""  # why there is none
    complete: bool = False  # every stage ran (False: the time budget ended the work early)
    stopped: str = ""  # why the work stopped early, e.g. "time budget of 20 s"

    @property
    def verdict(self) -> Verdict:
        """The worst verdict of the steps and the derivative check (the output form only informs)."""
        checks = [s.verdict for s in self.steps]
        if self.derivative_check is not None:
            checks.append(self.derivative_check.verdict)
        if not self.complete:
            checks.append(Verdict.UNDECIDED)
        return Verdict.worst(checks)

    def stopped_early(self, reason: str) -> Explanation:
        """This (partial) explanation, marked as ended by `reason`."""
        return replace(self, complete=False, stopped=reason)


@dataclass(frozen=True)
class Shown:
    """One expression of a spec as written, where it is, and its pretty form (or why it cannot be read)."""

    label: str  # "g(z)", "claimed g'(z)", "at z = 0", "identity 1 (lhs)", "step 2", ...
    source: str
    line: int | None = None
    math: Math | None = None  # None: not parsed (a derivation step) or not parseable (see `error`)
    error: str | None = None


@dataclass(frozen=True)
class SpecView:
    """A spec in full, for `derivcheck show`."""

    name: str
    file: str
    description: str | None
    variable: str
    output: str
    parameters: tuple[tuple[str, str], ...]
    domain: str | None
    function: Shown
    derivative: Shown
    second_derivative: Shown | None = None
    at: tuple[Shown, ...] = ()
    points: tuple[str, ...] | None = None  # None: the default points
    identities: tuple[tuple[Shown, Shown], ...] = ()
    derivation: tuple[Shown, ...] = ()
