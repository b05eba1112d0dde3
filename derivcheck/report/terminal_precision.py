"""The rich report's float precision table: per float type, worst error, break-down points and ranges lost."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from derivcheck.report.safe import visible
from derivcheck.results.checks import Check, DtypePrecision, Precision
from derivcheck.results.numbers import POSITION_DIGITS, significant

__all__ = ["precision_table"]


def precision_table(check: Check, report: Precision) -> Table:
    """One row per float type; formula ranges in the warning style, ranges of the true value itself muted."""
    claim = f" = {visible(check.claim.text).replace('**', '^').replace('*', '·')}" if check.claim else ""
    title = f"float precision of {visible(check.label)}{claim} ({visible(report.grid)}; evidence, not proof)"
    table = Table(title=Text(title, style="muted"), title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False)
    for name in ("dtype", "worst rel. error", "at z", "breaks down at", "ranges lost"):
        table.add_column(name, overflow="fold")
    for row in report.dtypes:
        table.add_row(Text(visible(row.dtype)), _error(row), Text(visible(row.worst_at or "—")),
                      Text(", ".join(f"z = {significant(z, POSITION_DIGITS)}" for z in row.breakdown) or "—",
                           style="warn" if row.breakdown else ""),
                      _ranges(row))
    if report.note:
        table.caption = visible(report.note)
    return table


def _error(row: DtypePrecision) -> Text:
    if row.worst_error is None:
        return Text("—")
    lost = any(r.formula for r in row.ranges)
    return Text(significant(row.worst_error, 2), style="warn" if lost else "")


def _ranges(row: DtypePrecision) -> Text:
    if not row.ranges:
        return Text("none")
    text = Text()
    for i, lost in enumerate(row.ranges):
        if i:
            text.append("\n")
        text.append(visible(lost.text), style="warn" if lost.formula else "muted")
    return text
