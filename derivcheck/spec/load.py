"""Load spec files: bounded bytes -> UTF-8 -> vetted YAML events -> document tree -> Spec.

This is the only module that reads YAML.  It never constructs Python objects from YAML: it walks the
parser's events itself, refuses aliases, anchors, explicit tags and merge keys, and keeps every scalar as
its source text, so YAML 1.1 typing never changes an expression (`1:30` stays '1:30', `017` stays '017').
"""

from __future__ import annotations

import os
import re
from typing import Protocol

import yaml  # noqa: TID251 -- the one module allowed to read YAML

from derivcheck.errors import Location, SpecError
from derivcheck.spec.multi import AnySpec
from derivcheck.spec.multi_schema import build_multi_spec, is_multi
from derivcheck.spec.network_schema import build_network_spec, is_network
from derivcheck.spec.read import check_size as _check_size
from derivcheck.spec.read import read_spec_file
from derivcheck.spec.schema import IDENTIFIER_PATTERN, build_spec
from derivcheck.spec.tree import SHOW_LIMIT, Map, Node, Scalar, Seq, show

__all__ = ["MAX_DEPTH", "MAX_ITEMS", "MAX_SCALAR", "load_spec", "load_spec_text"]

MAX_ITEMS = 200  # entries of any one list or mapping
MAX_DEPTH = 6  # nested lists/mappings, the top-level mapping included
MAX_SCALAR = 4000  # characters in any one scalar

_BREAKS = "\r\n\x85\u2028\u2029"  # the characters PyYAML counts as line breaks
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")  # how PyYAML quotes a token of the file in its messages


class _Mark(Protocol):
    """A position in the YAML text as PyYAML reports it (0-based line and column)."""

    line: int
    column: int
    index: int


def load_spec(path: str | os.PathLike[str], *, display_name: str | None = None) -> AnySpec:
    """Load and check one spec file; `display_name` (default: the path) is what locations name."""
    file = os.fspath(path)
    shown = file if display_name is None else display_name
    return _load(_decode(read_spec_file(file, shown), shown), file, shown)


def load_spec_text(text: str | bytes, file: str) -> AnySpec:
    """Load and check a spec given as text; `file` names it in the Spec and in every location."""
    if isinstance(text, bytes):
        _check_size(len(text), file)
        return _load(_decode(text, file), file, file)
    _check_size(len(text.encode("utf-8", "surrogatepass")), file)
    return _load(text.removeprefix("\ufeff"), file, file)


def _decode(data: bytes, shown: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = error.start
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        line = data.count(b"\n", 0, start) + 1
        raise SpecError(
            f"the file is not valid UTF-8: byte {data[start]:#04x} at byte offset {start} "
            f"(line {line}) cannot be decoded; spec files must be UTF-8",
            Location(shown, line, column),
        ) from None
    return text.removeprefix("\ufeff")  # a byte-order mark is not part of line 1


def _load(text: str, file: str, shown: str) -> AnySpec:
    events = _Events(text, shown)
    try:
        root = events.document()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown, 1, 1)
        context = ""
        if error.context and error.context_mark and error.context_mark is not mark:
            context = f" ({_tokens(error.context)} at line {error.context_mark.line + 1})"
        elif error.context:
            context = f" ({_tokens(error.context)})"
        problem = _tokens(error.problem or "invalid YAML")
        raise SpecError(f"YAML syntax error: {problem}{context}", where) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(text, shown, error.position, error.character) from None
    except yaml.YAMLError as error:  # any other YAML complaint still becomes a spec error
        raise SpecError(f"YAML error: {show(str(error))}", Location(shown, 1, 1)) from None
    finally:
        events.dispose()
    if root is None or (isinstance(root, Scalar) and root.plain and root.text == ""):
        raise SpecError(
            "the spec file is empty (it has no keys, only blank lines or comments); "
            "required keys: name, function, derivative",
            Location(shown, 1, 1),
        )
    if isinstance(root, Map) and is_network(root):
        return build_network_spec(root, file)  # a network: a forward pass over matrices and backward equations
    if isinstance(root, Map) and is_multi(root):
        return build_multi_spec(root, file)  # a spec of several variables
    return build_spec(root, file)


def _tokens(message: str) -> str:
    """PyYAML's message with every long quoted piece of the file hidden the way `show` hides it."""

    def token(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        return match.group(0) if len(inner) <= SHOW_LIMIT else show(inner)

    return _QUOTED.sub(token, message)


def _reader_error(text: str, shown: str, position: int, character: int | str) -> SpecError:
    code = character if isinstance(character, int) else ord(character[:1] or "\0")
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return SpecError(
        f"character U+{code:04X} is not allowed in a YAML file (control or special character); remove it",
        Location(shown, line, column),
    )


class _Events:
    """Walks the YAML parser's events into a document tree, refusing every feature a spec never needs."""

    def __init__(self, text: str, shown: str) -> None:
        self._text = text
        self._shown = shown
        self._loader: yaml.SafeLoader | None = None
        try:
            self._loader = yaml.SafeLoader(text)  # only its parser is used: no constructor ever runs
        except yaml.reader.ReaderError as error:
            raise _reader_error(text, shown, error.position, error.character) from None

    def dispose(self) -> None:
        if self._loader is not None:
            self._loader.dispose()

    def _where(self, mark: _Mark | None) -> Location:
        return Location(self._shown, mark.line + 1, mark.column + 1) if mark else Location(self._shown, 1, 1)

    def _next(self) -> yaml.Event:
        assert self._loader is not None
        event: yaml.Event = self._loader.get_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise SpecError(
                f"aliases (*{show(event.anchor or '')}) are not allowed in spec files; write the value out",
                self._where(event.start_mark),
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise SpecError(
                f"anchors (&{show(event.anchor)}) are not allowed in spec files; remove the anchor",
                self._where(event.start_mark),
            )
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise SpecError(
                f"explicit tags ({show(tag)}) are not allowed in spec files; write plain values",
                self._where(event.start_mark),
            )
        return event

    def document(self) -> Node | None:
        """The tree of the only document, or None for a stream without one."""
        self._next()  # StreamStartEvent
        if isinstance(self._next(), yaml.StreamEndEvent):
            return None
        root = self._node(self._next(), "", 0)
        self._next()  # DocumentEndEvent
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise SpecError(
                "a spec file holds one YAML document; found a second one ('---')",
                self._where(event.start_mark),
            )
        return root

    def _node(self, event: yaml.Event, path: str, depth: int) -> Node:
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        where = self._where(event.start_mark)
        if depth >= MAX_DEPTH:
            raise SpecError(f"{path or 'top level'}: nested more than {MAX_DEPTH} levels deep", where)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Node] = []
            while not isinstance(item := self._next(), yaml.SequenceEndEvent):
                self._count(len(items), path, item)
                items.append(self._node(item, f"{path}[{len(items)}]", depth + 1))
            return Seq(tuple(items), where)
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth, where)
        raise SpecError(f"{path}: unexpected YAML content", where)

    def _mapping(self, path: str, depth: int, where: Location) -> Map:
        entries: list[tuple[Scalar, Node]] = []
        seen: dict[str, Scalar] = {}
        while not isinstance(event := self._next(), yaml.MappingEndEvent):
            self._count(len(entries), path, event)
            key = self._key(event, path)
            if key.text in seen:
                raise SpecError(
                    f"{path + ': ' if path else ''}duplicate key {show(key.text)} (first at line "
                    f"{seen[key.text].location.line}); each key may appear once",
                    key.location,
                )
            seen[key.text] = key
            plain_name = IDENTIFIER_PATTERN.fullmatch(key.text) is not None
            child = f"{path}.{key.text}".removeprefix(".") if plain_name else f"{path}[{show(key.text)}]"
            entries.append((key, self._node(self._next(), child, depth + 1)))
        return Map(tuple(entries), where)

    def _key(self, event: yaml.Event, path: str) -> Scalar:
        label = f"{path}: " if path else ""
        if not isinstance(event, yaml.ScalarEvent):
            raise SpecError(
                f"{label}mapping keys must be plain text, not a list or mapping",
                self._where(event.start_mark),
            )
        key = self._scalar(event, path)
        if key.plain and key.text == "<<":
            raise SpecError(
                f"{label}merge keys (<<) are not allowed in spec files; write the keys out", key.location
            )
        if key.is_null:
            raise SpecError(f"{label}a mapping key is empty (got {show(key.text)})", key.location)
        return key

    def _count(self, count: int, path: str, event: yaml.Event) -> None:
        if count >= MAX_ITEMS:
            raise SpecError(
                f"{path or 'top level'}: more than {MAX_ITEMS} entries; the limit is {MAX_ITEMS}",
                self._where(event.start_mark),
            )

    def _scalar(self, event: yaml.ScalarEvent, path: str) -> Scalar:
        mark = event.start_mark
        if mark is None:  # the parser always sets marks; keep the types honest
            return Scalar(event.value, self._where(None), plain=event.style is None)
        if len(event.value) > MAX_SCALAR:
            raise SpecError(
                f"{path or 'top level'}: a text of {len(event.value)} characters; the limit is {MAX_SCALAR}",
                self._where(mark),
            )
        if event.style in ("'", '"'):
            where = Location(self._shown, mark.line + 1, mark.column + 2)  # just after the quote
        elif event.style in ("|", ">") and event.value.strip():
            where = self._block_start(mark)
        else:
            where = self._where(mark)
        return Scalar(event.value, where, plain=event.style is None)

    def _block_start(self, mark: _Mark) -> Location:
        """The first non-blank content line of a block scalar (`|` or `>`) and its indentation column."""
        text, index, line = self._text, mark.index, mark.line
        while True:
            while index < len(text) and text[index] not in _BREAKS:
                index += 1
            if index >= len(text):
                return self._where(mark)
            index += 2 if text.startswith("\r\n", index) else 1
            line += 1
            start = index
            while index < len(text) and text[index] == " ":
                index += 1
            if index < len(text) and text[index] not in _BREAKS:
                return Location(self._shown, line + 1, index - start + 1)
