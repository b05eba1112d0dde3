"""A YAML-free document tree (text scalars, lists, mappings with locations) and safe value display."""

from __future__ import annotations

from dataclasses import dataclass

from derivcheck.errors import Location

SHOW_LIMIT = 20
NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Scalar:
    """A scalar as its source text; `plain` is False for quoted and block scalars."""

    text: str
    location: Location
    plain: bool = True

    @property
    def is_null(self) -> bool:
        # YAML would read these as null; a spec never means "no value" by them.
        return self.plain and self.text in NULL_TEXTS


@dataclass(frozen=True)
class Seq:
    """A list, with the location of its first character."""

    items: tuple[Node, ...]
    location: Location


@dataclass(frozen=True)
class Map:
    """A mapping with scalar keys, in file order, keys already known to be distinct."""

    entries: tuple[tuple[Scalar, Node], ...]
    location: Location


Node = Scalar | Seq | Map


def show(text: str) -> str:
    """`text` quoted with every control or invisible character escaped, cut to 20 characters.

    An error quotes at most one short token of the file: the file may be no spec at all (a credentials
    file reached through a symbolic link), and a longer run of it could hold a secret.
    """
    if len(text) > SHOW_LIMIT:
        return repr(text[: SHOW_LIMIT - 3]) + "..."
    return repr(text)


def describe(node: Node) -> str:
    """What a node is, for 'expected X, got Y' messages."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    if node.is_null:
        return "an empty value"
    return f"the text {show(node.text)}"
