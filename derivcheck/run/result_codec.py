"""Result data to JSON-ready values and back, losslessly, refusing anything that is not exactly that shape.

The public `--format json` report is deliberately lossy (one text per expression); the result cache needs
the very dataclasses a fresh run produces, including every rendering of every expression.  The codec walks
the dataclasses' own type hints, so a field added to `results/checks.py` is stored and checked without a change
here, and a value of an unexpected type is an error, never a guess.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

from derivcheck.results.certificate import Node
from derivcheck.results.checks import SpecResult

__all__ = ["CodecError", "from_json", "to_json"]

_MAX_DEPTH = 24  # results nest four levels, a certificate's expression trees about a dozen more


class CodecError(ValueError):
    """The data is not a well-formed encoding of the expected result type."""


def to_json(result: SpecResult) -> dict[str, Any]:
    """`result` as JSON-ready data: dicts keyed by field name, tuples as lists, enums by value."""
    encoded = _encode(result, SpecResult, 0)
    assert isinstance(encoded, dict)
    return encoded


def from_json(data: object, *, certificates: bool = True) -> SpecResult:
    """The SpecResult encoded in `data`; raises CodecError on any missing, extra or mistyped field.

    With `certificates=False` each check's certificate is left out unread (None): a report that shows no
    proof need not pay for decoding thousands of tree nodes.
    """
    if not certificates:
        data = _without_certificates(data)
    decoded = _decode(data, SpecResult, "result", 0)
    assert isinstance(decoded, SpecResult)
    return decoded


def _without_certificates(data: object) -> object:
    """`data` with `certificate: null` in each check (the rest left for `_decode` to vet)."""
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        return data
    checks = [{**c, "certificate": None} if isinstance(c, dict) and "certificate" in c else c
              for c in data["checks"]]
    return {**data, "checks": checks}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _is_dataclass_type(hint: Any) -> typing.TypeGuard[type]:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _encode(value: object, hint: Any, depth: int) -> object:
    if depth > _MAX_DEPTH:
        raise CodecError("nested too deeply")
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for option in args:
            if _is_instance(value, option):
                return _encode(value, option, depth)
        raise CodecError(f"{type(value).__name__} is none of {hint}")
    if not _is_instance(value, hint):
        raise CodecError(f"expected {hint}, got {type(value).__name__}")
    if hint is Node:  # a certificate's tree has thousands of nodes: each as a short list, read back fast
        assert isinstance(value, Node)
        return [value.op, list(value.args), value.value, list(value.assumptions)]
    if _is_dataclass_type(hint):
        hints = _hints(hint)
        return {f.name: _encode(getattr(value, f.name), hints[f.name], depth + 1) for f in dataclasses.fields(hint)}
    if isinstance(hint, type) and issubclass(hint, Enum):
        assert isinstance(value, Enum)
        return value.value
    if origin is tuple:
        assert isinstance(value, tuple)
        return [_encode(item, args[0], depth + 1) for item in value]
    if origin is dict:
        assert isinstance(value, dict)
        return {key: _encode(item, args[1], depth + 1) for key, item in value.items()}
    return value


def _is_instance(value: object, hint: Any) -> bool:
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, float | int) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint in (str, bool):
        return isinstance(value, hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return isinstance(value, tuple)
    if origin is dict and args and args[0] is str:
        return isinstance(value, dict) and all(isinstance(k, str) for k in value)
    if _is_dataclass_type(hint) or (isinstance(hint, type) and issubclass(hint, Enum)):
        return isinstance(value, hint)
    raise CodecError(f"cannot encode values of type {hint}")  # a new kind of field: not cacheable


def _decode(data: object, hint: Any, path: str, depth: int) -> object:
    try:
        return _decoder(hint)(data, depth)
    except _Misfit as exc:
        raise CodecError(f"{path}{exc.where}: {exc.message}") from None


class _Misfit(Exception):
    """Data of the wrong shape, and where below the value being decoded (`.checks[2].verdict`)."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where


#: Decodes data at a depth, or raises _Misfit.
_Decode = Callable[[object, int], object]


@functools.cache
def _decoder(hint: Any) -> _Decode:
    """The decoder of values of `hint`, built once per type: a cached run decodes every result of the catalog,
    and reading the type hints again for each value cost more than the rest of the run."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _union([_decoder(option) for option in args])
    if hint is Node:
        return _node
    if _is_dataclass_type(hint):
        return _record(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint)
    if origin is tuple:
        return _sequence(_decoder(args[0]))
    if origin is dict:
        return _mapping(_decoder(args[1]))
    _is_instance(None, hint)  # raises CodecError for a kind of field the codec does not know
    name = getattr(hint, "__name__", str(hint))

    def plain(data: object, depth: int) -> object:
        if not _is_instance(data, hint):
            raise _Misfit(f"expected {name}, got {type(data).__name__}")
        return float(data) if hint is float else data  # type: ignore[arg-type]

    return plain


def _union(options: list[_Decode]) -> _Decode:
    def union(data: object, depth: int) -> object:
        errors = []
        for option in options:
            try:
                return option(data, depth)
            except _Misfit as exc:
                errors.append(f"{exc.where}: {exc.message}" if exc.where else exc.message)
        raise _Misfit("; ".join(errors))

    return union


def _record(cls: type) -> _Decode:
    hints = _hints(cls)
    fields = tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))
    names = frozenset(name for name, _ in fields)

    def record(data: object, depth: int) -> object:
        if depth > _MAX_DEPTH:
            raise _Misfit("nested too deeply")
        if not isinstance(data, dict):
            raise _Misfit("expected an object")
        if data.keys() != names:
            raise _Misfit(f"fields {sorted(map(str, data))} are not {sorted(names)}")
        values = {}
        for name, decode in fields:
            try:
                values[name] = decode(data[name], depth + 1)
            except _Misfit as exc:
                raise _Misfit(exc.message, f".{name}{exc.where}") from None
        return cls(**values)

    return record


def _node(data: object, depth: int) -> Node:
    """A certificate's node from [op, args, value, assumptions]."""
    if type(data) is not list or len(data) != 4:
        raise _Misfit("expected a node [op, args, value, assumptions]")
    op, args, value, assumptions = data
    if (type(op) is not str or type(value) is not str or type(args) is not list or type(assumptions) is not list
            or any(type(a) is not int for a in args) or any(type(a) is not str for a in assumptions)):
        raise _Misfit("expected a node [op, args, value, assumptions]")
    return Node(op, tuple(args), value, tuple(assumptions))


def _enum(cls: type[Enum]) -> _Decode:
    def enum(data: object, depth: int) -> object:
        try:
            return cls(data)
        except ValueError:
            raise _Misfit(f"{data!r} is not a {cls.__name__}") from None

    return enum


def _sequence(item: _Decode) -> _Decode:
    def sequence(data: object, depth: int) -> object:
        if depth > _MAX_DEPTH:
            raise _Misfit("nested too deeply")
        if not isinstance(data, list):
            raise _Misfit("expected a list")
        found = []
        for index, value in enumerate(data):
            try:
                found.append(item(value, depth + 1))
            except _Misfit as exc:
                raise _Misfit(exc.message, f"[{index}]{exc.where}") from None
        return tuple(found)

    return sequence


def _mapping(item: _Decode) -> _Decode:
    def mapping(data: object, depth: int) -> object:
        if depth > _MAX_DEPTH:
            raise _Misfit("nested too deeply")
        if not isinstance(data, dict):
            raise _Misfit("expected an object")
        found = {}
        for key, value in data.items():
            try:
                found[key] = item(value, depth + 1)
            except _Misfit as exc:
                raise _Misfit(exc.message, f".{key}{exc.where}") from None
        return found

    return mapping
