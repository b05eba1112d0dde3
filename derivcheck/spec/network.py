"""The loaded form of a network spec (a forward pass over matrices, a cost and claimed backward equations).

A spec with a `forward:` key is one of these.  Expressions are still unparsed text here; shapes are names
(`n_x`, `m`) or small whole numbers; `derivcheck.lang.matrix` reads the text and checks every shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from derivcheck.errors import Location
from derivcheck.spec.model import KeyLines, Text

__all__ = ["ACTIVATION_KEYS", "DEFAULT_SIZES", "INPUT_KEYS", "MAX_SIZE", "NETWORK_KEYS", "NETWORK_ONLY",
           "NETWORK_REQUIRED", "Activation", "Backward", "Matrix", "NetworkSpec", "ShapeName", "Sizes", "Step"]

#: The allowed top-level keys of a network spec, in the order the documentation lists them.
NETWORK_KEYS: tuple[str, ...] = (
    "name",
    "description",
    "shapes",
    "sizes",
    "examples",
    "inputs",
    "parameters",
    "activations",
    "forward",
    "cost",
    "backward",
    "constraints",
)
NETWORK_REQUIRED: tuple[str, ...] = ("name", "shapes", "parameters", "forward", "cost", "backward")
#: Top-level keys only a network spec has: their presence makes a spec one.
NETWORK_ONLY: tuple[str, ...] = ("shapes", "forward", "backward", "cost", "inputs", "activations", "examples")
#: The keys of an input written as a mapping (`Y: {shape: [1, m], values: [0, 1]}`).
INPUT_KEYS: tuple[str, ...] = ("shape", "values", "domain")
#: The keys of an activation written as a mapping (`g1: {function: relu, at: {0: 0}}`).
ACTIVATION_KEYS: tuple[str, ...] = ("function", "at")
#: Each shape takes each size in this range unless `sizes:` says otherwise.
DEFAULT_SIZES = (1, 3)
#: The largest size a shape may be checked at (the entries of a product grow with its cube).
MAX_SIZE = 5


@dataclass(frozen=True)
class ShapeName:
    """A named dimension (`m: examples`), with what it counts."""

    name: str
    description: str | None
    location: Location


@dataclass(frozen=True)
class Sizes:
    """The sizes one shape is checked at: every whole number from `low` to `high`."""

    name: str
    low: int
    high: int


@dataclass(frozen=True)
class Matrix:
    """An input or a parameter: a matrix of the given shape (each dimension a shape name or a whole number).

    An input may be a label (`values`: each entry one of them) or lie in a `domain` (a condition on its name,
    for every entry); a parameter is any real matrix.
    """

    name: str
    shape: tuple[str, ...]
    location: Location
    values: tuple[Text, ...] = ()
    domain: Text | None = None


@dataclass(frozen=True)
class Activation:
    """A name the forward pass applies entry-wise: `any` (every differentiable function at once) or a catalog
    activation (`relu`), with the value its derivative takes at a kink (`at`, point -> value)."""

    name: str
    function: str
    location: Location
    at: tuple[tuple[Text, Text], ...] = ()

    @property
    def is_any(self) -> bool:
        return self.function == "any"


@dataclass(frozen=True)
class Step:
    """One forward equation `Z1: W1 @ X + b1`."""

    name: str
    text: Text
    location: Location  # of the key


@dataclass(frozen=True)
class Backward:
    """One claimed backward equation: `name` (dZ2) = `claim`, which claims `scale` * dJ/d`target` (`scale` a shape
    name such as m for the notes' per-example dZ's; None for dJ/dW itself)."""

    name: str
    target: str
    scale: str | None
    claim: Text
    location: Location  # of the key

    @property
    def meaning(self) -> str:
        """`m * dJ/dZ2` or `dJ/dW2`."""
        return f"{self.scale} * dJ/d{self.target}" if self.scale else f"dJ/d{self.target}"

    @property
    def label(self) -> str:
        """`dZ2 = m·∂J/∂Z2`, `dW2 = ∂J/∂W2`: the line and what it claims, as every report names it."""
        return f"{self.name} = {f'{self.scale}·' if self.scale else ''}∂J/∂{self.target}"


@dataclass(frozen=True)
class NetworkSpec:
    """One network spec file, checked for keys, types and names; expressions are unparsed text."""

    name: str
    file: str
    shapes: tuple[ShapeName, ...]
    sizes: tuple[Sizes, ...]
    parameters: tuple[Matrix, ...]
    forward: tuple[Step, ...]
    cost: Text
    backward: tuple[Backward, ...]
    inputs: tuple[Matrix, ...] = ()
    activations: tuple[Activation, ...] = ()
    constraints: tuple[Text, ...] = ()
    examples: str | None = None  # the shape that counts examples (the notes' m), if any
    description: str | None = None
    lines: KeyLines = field(default_factory=KeyLines)

    @property
    def function(self) -> Text:
        """The cost: what `function` means for reports of any spec."""
        return self.cost

    @property
    def output(self) -> str:
        return "J"

    @property
    def variable(self) -> str:
        """The first parameter: what one-variable code paths name a point by."""
        return self.parameters[0].name

    @property
    def matrices(self) -> tuple[Matrix, ...]:
        """Inputs, then parameters: every matrix a point gives a value."""
        return self.inputs + self.parameters
