"""The loaded form of a spec file: frozen dataclasses that keep every text's source location."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from derivcheck.errors import Location

# The allowed top-level keys, in the order the documentation lists them.
SPEC_KEYS: tuple[str, ...] = (
    "name",
    "description",
    "variable",
    "output",
    "parameters",
    "domain",
    "function",
    "derivative",
    "second_derivative",
    "at",
    "points",
    "identities",
    "derivation",
)
REQUIRED_KEYS: tuple[str, ...] = ("name", "function", "derivative")
IDENTITY_KEYS: tuple[str, ...] = ("lhs", "rhs")


@dataclass(frozen=True)
class Text:
    """An expression's source text, exactly as written, and where its first character is."""

    text: str
    location: Location

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Identity:
    """A claimed identity lhs = rhs."""

    lhs: Text
    rhs: Text
    location: Location


@dataclass(frozen=True)
class AtValue:
    """The value the spec assigns to g' at one point."""

    point: Text
    value: Text
    location: Location


@dataclass(frozen=True)
class KeyLines(Mapping[str, int]):
    """Top-level key -> 1-based line; a read-only mapping that stays hashable (Spec is frozen)."""

    pairs: tuple[tuple[str, int], ...] = ()

    def __getitem__(self, key: str) -> int:
        for name, line in self.pairs:
            if name == key:
                return line
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


@dataclass(frozen=True)
class Spec:
    """One spec file, checked for keys and types; expressions are still unparsed text."""

    name: str
    file: str  # the path as given by the caller
    function: Text
    derivative: Text
    description: str | None = None
    variable: str = "z"
    output: str = "a"
    parameters: tuple[tuple[str, Text], ...] = ()  # in file order
    domain: Text | None = None
    second_derivative: Text | None = None
    at: tuple[AtValue, ...] = ()
    points: tuple[Text, ...] | None = None  # None: the engine picks its default points
    identities: tuple[Identity, ...] = ()
    derivation: tuple[Text, ...] = ()
    lines: Mapping[str, int] = field(default_factory=KeyLines)  # a KeyLines when loaded from a file
