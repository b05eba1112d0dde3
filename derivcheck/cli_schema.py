"""The `derivcheck schema` command: print the JSON Schema of the spec format."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `schema` command to `app`."""

    @app.command("schema")
    def schema() -> None:
        """Print the JSON Schema of spec files (for editors and other validators)."""
        from derivcheck.spec.json_schema import schema_text

        typer.echo(schema_text(), nl=False)
