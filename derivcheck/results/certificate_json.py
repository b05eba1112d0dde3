"""Certificates to JSON and back: the form `--format json` writes and the independent checker reads.

A certificate is written as an object per dataclass (its fields by name, a `"type"` naming the kind of the
certificate at the top), tuples as lists, enums by value; reading refuses any missing, extra or mistyped field.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from enum import Enum
from typing import Any

from derivcheck.results.certificate import Certificate, KinkProof, Proof, Refutation

__all__ = ["CertificateFormatError", "certificate_from_json", "certificate_to_json"]

_KINDS: dict[str, type[Proof] | type[Refutation] | type[KinkProof]] = {
    "proof": Proof, "refutation": Refutation, "kink": KinkProof}
_MAX_DEPTH = 24  # a certificate nests about a dozen levels; anything deeper is not one


class CertificateFormatError(ValueError):
    """The data is not a certificate (says where and what was expected)."""


def certificate_to_json(certificate: Certificate) -> dict[str, Any]:
    """`certificate` as JSON-ready data, its kind under `"type"`."""
    kind = next(name for name, cls in _KINDS.items() if isinstance(certificate, cls))
    encoded = _encode(certificate)
    assert isinstance(encoded, dict)
    return {"type": kind, **encoded}


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value


def certificate_from_json(data: object) -> Certificate:
    """The certificate written in `data`; raises CertificateFormatError."""
    if not isinstance(data, dict) or data.get("type") not in _KINDS:
        raise CertificateFormatError(f"certificate: expected an object with \"type\" one of {sorted(_KINDS)}")
    fields = {key: value for key, value in data.items() if key != "type"}
    decoded = _decode(fields, _KINDS[data["type"]], "certificate", 0)
    assert isinstance(decoded, Proof | Refutation | KinkProof)
    return decoded


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(data: object, hint: Any, path: str, depth: int) -> object:
    if depth > _MAX_DEPTH:
        raise CertificateFormatError(f"{path}: nested too deeply")
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in args:
            try:
                return _decode(data, option, path, depth)
            except CertificateFormatError as error:
                errors.append(str(error))
        raise CertificateFormatError("; ".join(errors))
    if hint is type(None):
        if data is not None:
            raise CertificateFormatError(f"{path}: expected null")
        return None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        names = {f.name for f in dataclasses.fields(hint)}
        if not isinstance(data, dict) or set(data) != names:
            raise CertificateFormatError(f"{path}: expected an object with the fields {sorted(names)}")
        hints = _hints(hint)
        return hint(**{name: _decode(data[name], hints[name], f"{path}.{name}", depth + 1) for name in names})
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(data)
        except ValueError:
            raise CertificateFormatError(f"{path}: {data!r} is not a {hint.__name__}") from None
    if origin is tuple:
        if not isinstance(data, list):
            raise CertificateFormatError(f"{path}: expected a list")
        return tuple(_decode(item, args[0], f"{path}[{i}]", depth + 1) for i, item in enumerate(data))
    if hint in (str, bool, int) and type(data) is hint:
        return data
    raise CertificateFormatError(f"{path}: expected {getattr(hint, '__name__', hint)}, got {type(data).__name__}")
