"""The `derivcheck schema` command: print the JSON Schema of the spec format."""

from __future__ import annotations

import typer

__all__ = ["schema"]


def schema() -> None:
    """Print the JSON Schema of spec files (for editors and other validators)."""
    from derivcheck.spec.json_schema import schema_text

    typer.echo(schema_text(), nl=False)
