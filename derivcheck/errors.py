"""The exception tree: every error derivcheck raises on purpose.

    DerivcheckError              -- base; never escapes the CLI as a traceback
    ├── SpecError                -- a spec file is wrong (YAML, keys, types, sizes); has a Location
    │   └── ExpressionError      -- an expression inside a spec is malformed or not allowed
    └── UsageError               -- the command line asked for something that does not exist

Anything else that escapes is a bug in derivcheck (exit code 3).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a piece of user text came from: file, 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class DerivcheckError(Exception):
    """Base class of derivcheck's own errors."""


class SpecError(DerivcheckError):
    """A spec file cannot be used; `location` says where the problem is."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ExpressionError(SpecError):
    """An expression is malformed, too large, or uses something outside the vocabulary."""


class UsageError(DerivcheckError):
    """The command line names a spec, format or option value that does not exist."""
