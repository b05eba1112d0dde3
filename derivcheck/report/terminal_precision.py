"""The terminal report's float precision table: per float type, worst error, break-down points and ranges lost."""

from __future__ import annotations

from derivcheck.report.columns import Column, table
from derivcheck.report.layout import Styled, paragraph, styled
from derivcheck.report.plain import claim_text
from derivcheck.report.safe import visible
from derivcheck.results.checks import Check, DtypePrecision, Precision
from derivcheck.results.numbers import POSITION_DIGITS, significant

__all__ = ["precision_block"]

_COLUMNS = (Column("dtype"), Column("worst rel. error"), Column("at z", drop=1), Column("breaks down at", wrap=True),
            Column("ranges lost", wrap=True))


def precision_block(check: Check, report: Precision, width: int | None) -> list[Styled]:
    """A title and one row per float type; formula ranges in the warning style, ranges of the true value itself
    muted."""
    claim = claim_text(check)
    title = (f"float precision of {visible(check.label)}" + (f" = {claim}" if claim else "")
             + f" ({visible(report.grid)}; evidence, not proof)")
    lines = paragraph(styled((" ".join(title.split()), "heading")), width, indent=2, hang=4)
    rows = []
    for row in report.dtypes:
        breakdown = ", ".join(f"z = {significant(z, POSITION_DIGITS)}" for z in row.breakdown) or "—"
        rows.append([[styled(visible(row.dtype))], [_error(row)], [styled(visible(row.worst_at or "—"))],
                     [styled((breakdown, "warn" if row.breakdown else ""))], _ranges(row)])
    lines += table(_COLUMNS, rows, width, indent=4)
    if report.note:
        lines += paragraph(styled((" ".join(visible(report.note).split()), "muted")), width, indent=4, hang=2)
    return lines


def _error(row: DtypePrecision) -> Styled:
    if row.worst_error is None:
        return styled("—")
    lost = any(r.formula for r in row.ranges)
    return styled((significant(row.worst_error, 2), "warn" if lost else ""))


def _ranges(row: DtypePrecision) -> list[Styled]:
    if not row.ranges:
        return [styled("none")]
    return [styled((" ".join(visible(lost.text).split()), "warn" if lost.formula else "muted")) for lost in row.ranges]
