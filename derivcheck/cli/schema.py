"""The `derivcheck schema` command: print the JSON Schema of the spec format (or of a certificate)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["schema"]


def schema(
    certificate: Annotated[bool, typer.Option("--certificate", help="Print the JSON Schema of a certificate (the "
                                              "`certificate` of a check in `--format json`) instead.")] = False,
) -> None:
    """Print the JSON Schema of spec files (for editors and other validators)."""
    if certificate:
        from derivcheck.results.certificate_schema import certificate_schema_text

        typer.echo(certificate_schema_text(), nl=False)
        return
    from derivcheck.spec.json_schema import schema_text

    typer.echo(schema_text(), nl=False)
