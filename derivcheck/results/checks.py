"""What a run found, as typed data for reporters to render: verdicts, checks, kinks, spot checks (no sympy here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from derivcheck.results.certificate import Enclosure, Expression, KinkProof, Proof, Recheck, Refutation
from derivcheck.results.scope import Scope


class Verdict(StrEnum):
    """One verdict per check; a spec's verdict is the worst of its checks."""

    PROVED = "proved"
    UNDECIDED = "undecided"
    REFUTED = "refuted"
    ERROR = "error"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]

    @staticmethod
    def worst(verdicts: list[Verdict] | tuple[Verdict, ...]) -> Verdict:
        return max(verdicts, key=lambda v: v.severity, default=Verdict.PROVED)


_SEVERITY = {Verdict.PROVED: 0, Verdict.UNDECIDED: 1, Verdict.REFUTED: 2, Verdict.ERROR: 3}

#: Verdicts that fail a run whatever the options.
FAILING = frozenset({Verdict.REFUTED, Verdict.ERROR})


def fails(verdict: Verdict, *, allow_undecided: bool = False) -> bool:
    """Whether a check with `verdict` fails the run: the one rule the exit code, the CI formats and pytest share.

    A proof checker fails closed: an UNDECIDED claim is a claim nobody checked, so it fails like a refuted
    one unless the user lets it pass on purpose (`--allow-undecided`).
    """
    return verdict in FAILING or (verdict is Verdict.UNDECIDED and not allow_undecided)


class CheckKind(StrEnum):
    """What a check is about; the JSON report's `kind` is its value.

    A run's checks are of the first seven kinds; `derive` and `show` also decide the last two.
    """

    DERIVATIVE = "derivative"  # the `derivative:` claim, g'(z)
    SECOND_DERIVATIVE = "second_derivative"  # the `second_derivative:` claim, g''(z)
    IDENTITY = "identity"  # one entry of `identities:`, lhs = rhs
    DERIVATION = "derivation"  # one link of a hand derivation (`step` says which)
    AT = "at"  # a value under `at:`; with --convention also a framework's value where the spec declares none
    KINK = "kink"  # the kink analysis itself: the points where g may not be differentiable were not found
    SPEC = "spec"  # the spec as a whole is in error (it does not load, or its function cannot be read)
    STEP = "step"  # one explained step of `derive` (d/du of an inner function included)
    OUTPUT_FORM = "output_form"  # g' written in the output a = g(z) alone, found by `derive`


class Unfinished(StrEnum):
    """Why a check's task did not finish; its value is the check's `method` (so the JSON report reads it)."""

    TIME = "time budget"  # UNDECIDED: no proof or counterexample in the time budget
    MEMORY = "memory budget"  # UNDECIDED: the task needed more than its memory limit
    CRASH = "internal error"  # ERROR: a bug in derivcheck, not in the spec (exit code 3, never cached)


@dataclass(frozen=True)
class Math:
    """One expression in three renderings: plain text, unicode pretty-print, LaTeX."""

    text: str
    pretty: str
    latex: str


@dataclass(frozen=True)
class Coordinate:
    """One name's exact value at a point of several variables (`z`, `37/29`; a vector `z`, `(1, -2)`; `n`, `2`)."""

    name: str
    value: str


@dataclass(frozen=True)
class Written:
    """An expression as the spec writes it: the source text, its line, and that text typeset as it stands.

    `latex` sets the text in source order with nothing evaluated or re-ordered (None: it could not be set, and
    reports show the text).  `ambiguous` says the text leans on operator precedence that is easy to misread
    (`1/2*z`, `-z^2`, `a^b^c`): reports then also show how derivcheck read it.
    """

    text: str
    line: int | None = None
    latex: str | None = None
    ambiguous: bool = False


@dataclass(frozen=True)
class Counterexample:
    """A certified point where claim and truth differ; values as decimal strings."""

    point: str  # one variable: its value ("0"); several: every name's value ("z = 1/3, y = 1")
    expected: str
    claimed: str
    at: tuple[Coordinate, ...] = ()  # several variables: the point as data, one entry per name (n, i, j too)
    # The point as an exact tree and both sides at the two precisions that certify the difference: carried
    # from the search to the claim's certificate, which takes them (a report shows the fields above); not part
    # of what makes two counterexamples the same.
    exact: Expression | None = field(default=None, compare=False)
    enclosures: tuple[Enclosure, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SpotCheck:
    """Numeric evidence at one point (never a proof)."""

    point: str
    truth: str  # g'(z) from the symbolic derivative, high precision
    claimed: str  # the claim, high precision
    finite_difference: str  # central difference of g, high precision (independent witness)
    float64: str  # the claim evaluated in float64 as code would
    agree: bool  # claim and truth agree in high precision
    float64_ok: bool  # float64 keeps the value (relative error small)
    note: str = ""  # e.g. "float64 gives 0.0; true value 3.7e-44"


@dataclass(frozen=True)
class FrameworkGradient:
    """What one framework's gradient code returns for g' at a kink (see derivcheck.spec.conventions)."""

    framework: str  # pytorch | jax | tensorflow
    value: str  # exact, e.g. "0", "1/100", "-1/2"
    source: str  # the file and function the value comes from
    matches: bool | None = None  # equal to the spec's `at:` value there (None: no such value, or undecided)


@dataclass(frozen=True)
class Kink:
    """One point where g may fail to be differentiable."""

    point: str
    continuous: bool | None
    left: str | None  # left derivative, or None if it does not exist / is unknown
    right: str | None
    differentiable: bool | None
    declared: str | None  # the spec's `at:` value there, if any
    message: str  # e.g. "undefined at z = 0: left 0, right 1"
    removable: bool = False  # the formula has no value here (0/0) but a finite limit: a removable singularity
    frameworks: tuple[FrameworkGradient, ...] = ()  # known framework values here (unknown ones left out)
    conventions: tuple[str, ...] = ()  # frameworks whose value equals the spec's `at:` value here
    along: str | None = None  # several variables: the variable whose direction the kink is in (`point` is its value)
    fixed: str | None = None  # several variables: the label values the row holds for ("y = -1"), if any
    jump: bool = False  # g jumps here (its one-sided limits are finite and differ): no derivative
    family: bool = False  # `point` names a whole family of points (every integer, for floor), not one number

    @property
    def undeclared(self) -> bool:
        """g is not (known to be) differentiable here and the spec's `at:` says nothing about it."""
        return self.declared is None and self.differentiable is not True


@dataclass(frozen=True)
class LostRange:
    """A stretch of z where a float evaluation loses digits, or where the true value leaves the type's range."""

    cause: str  # overflow | underflow | cancellation | rounding (the formula's fault) or, not its fault:
    #             subnormal | below range | above range (the true value itself)
    low: float | None  # lower end in z; None: the range reaches the low end of the grid (unbounded side)
    high: float | None
    every_digit: bool  # every digit lost (relative error >= 1, or 0/inf/nan for a finite nonzero value)
    formula: bool  # the formula lost it (else the true value is beyond the type's normal range)
    text: str  # e.g. "z ≥ 16.6: cancellation, every digit lost"


@dataclass(frozen=True)
class DtypePrecision:
    """How a claim fares in one float type over the precision grid."""

    dtype: str  # "float32" | "float64"
    worst_error: float | None  # worst relative error of a finite result where the true value is normal
    worst_at: str | None  # z of the worst error
    breakdown: tuple[float, ...]  # z where the formula starts losing every digit (bisected to ~0.1)
    ranges: tuple[LostRange, ...]
    compared: int  # grid points with a certain true value


@dataclass(frozen=True)
class Precision:
    """The float precision report of one claim: each float type against the high-precision truth."""

    expression: str  # the claim as evaluated (a = g(z) computed first in the same type)
    grid: str  # e.g. "491 points, -1e+30 ≤ z ≤ 1e+30"
    dtypes: tuple[DtypePrecision, ...]
    seconds: float = 0.0
    note: str = ""  # e.g. "not evaluated: besselj has no float mapping"


@dataclass(frozen=True)
class Partial:
    """Which derivative a check of several variables claims: d output[output_index] / d variable[variable_index]."""

    output: str  # the function's name in the spec (`L`, `a`)
    variable: str
    output_index: str | None = None  # a vector function's entry (`i` in a_i)
    variable_index: str | None = None  # a vector variable's entry (`j` in z_j)
    second_variable: str | None = None  # a second derivative: d/d second_variable of d output / d variable
    second_index: str | None = None
    scale: str | None = None  # a network's per-example line: the claim is scale * d output / d variable (m dJ/dZ2)


@dataclass(frozen=True)
class Check:
    """One claim and its verdict."""

    kind: CheckKind
    label: str  # short human label, e.g. "g'(z)", "identity 1", "g'(0)"
    verdict: Verdict
    method: str | None  # how it was decided, e.g. "exp-rational normal form"
    message: str
    claim: Math | None = None
    truth: Math | None = None
    counterexample: Counterexample | None = None
    seconds: float = 0.0
    line: int | None = None  # line of the claim in the spec file
    step: int | None = None  # derivation step (1-based), for kind DERIVATION
    hint: str | None = None  # likely mistake, for refuted claims
    evidence: tuple[SpotCheck, ...] = ()  # spot checks shown with the claim
    precision: Precision | None = None  # float32/float64 behaviour of the claim (with --precision)
    unfinished: Unfinished | None = None  # set when the task ended before the engine did (budget or crash)
    column: int | None = None  # the column of a spec error on `line` (1-based)
    point: str | None = None  # kind AT: the point, exact text, whose g' is claimed ("0", "-1/2", "sqrt(2)")
    convention: str | None = None  # kind AT: the framework whose value is checked where the spec declares none
    scope: Scope | None = None  # several variables: what the verdict covers (None: the spec's one domain)
    partial: Partial | None = None  # several variables: the derivative claimed (None: g', g'', identities)
    written: Written | None = None  # the claim as the spec writes it (an identity's rhs, a derivation's step N)
    written_lhs: Written | None = None  # the other side as written: an identity's lhs, step N-1 of a derivation
    certificate: Proof | Refutation | KinkProof | None = None  # the argument behind PROVED or REFUTED, as data
    recheck: Recheck | None = None  # what the independent checker made of the certificate (with --recheck)

    @property
    def crashed(self) -> bool:
        """Whether this check records a crash inside derivcheck rather than a verdict on the spec."""
        return self.unfinished is Unfinished.CRASH


@dataclass(frozen=True)
class Definition:
    """A named intermediate (`a = sigmoid(z)`) or a declared constraint (`sum(y[k], k) = 1`) of a spec."""

    name: str  # the intermediate's name; "" for a constraint
    math: Math  # its expression; a constraint's as `lhs = rhs`
    index: str | None = None  # a vector intermediate's own index (`i` in a_i = ...)
    latex_name: str | None = None  # the name as math where it is not the plain symbol (a network's Z^{[1]})


@dataclass(frozen=True)
class SpecResult:
    """Everything found for one spec file."""

    name: str
    file: str
    description: str | None = None
    function: Math | None = None
    checks: tuple[Check, ...] = ()
    kinks: tuple[Kink, ...] = ()
    variable: str = "z"  # the spec's variable and output names, for reports that write g(z) and a = g(z)
    output: str = "a"
    variables: tuple[str, ...] = ()  # a spec of several variables: their names in order (then `variable` is the first)
    definitions: tuple[Definition, ...] = ()  # its named intermediates and constraints, for reports to show
    function_written: Written | None = None  # `function:` as the spec writes it
    name_line: int | None = None  # the line of `name:` in the spec file
    shapes: tuple[str, ...] = ()  # a network spec: its shape names (n_x, n_h, m); its texts are matrix expressions
    cached: bool = False  # this result was read from the result cache, not computed in this run

    @property
    def verdict(self) -> Verdict:
        return Verdict.worst([c.verdict for c in self.checks])

    @property
    def seconds(self) -> float:
        """The time its checks took (when it was computed, for a cached result)."""
        return sum(c.seconds for c in self.checks)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for c in self.checks if c.verdict is verdict)

    def undeclared_kinks(self) -> tuple[Kink, ...]:
        """Points where g is not (known to be) differentiable and the spec gives no `at:` value (a spec of several
        variables has no `at:`: its kinks along each variable are findings, not omissions)."""
        if self.variables:
            return ()
        return tuple(k for k in self.kinks if k.undeclared)

    def deciding_check(self) -> Check | None:
        """The first check with the spec's verdict: the line a one-line summary points at."""
        return next((c for c in self.checks if c.verdict is self.verdict), None)


@dataclass(frozen=True)
class RunResult:
    """The results of one run, in a deterministic order."""

    specs: tuple[SpecResult, ...] = ()
    options: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0  # wall time of the whole run
    warnings: tuple[str, ...] = ()  # about the specs, not their claims (a `name:` that is not the file's name)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for s in self.specs for c in s.checks if c.verdict is verdict)

    @property
    def verdict(self) -> Verdict:
        return Verdict.worst([s.verdict for s in self.specs])
