"""Text and tables laid out for a width: wrapped at spaces, whole tokens kept, columns wrapped, dropped, stacked."""

from __future__ import annotations

from derivcheck.report.columns import Column, table
from derivcheck.report.layout import Styled, cells, paragraph, styled, whole, wrap


def plain(lines: list[Styled]) -> list[str]:
    return [line.plain.rstrip() for line in lines]


def test_text_wraps_only_at_spaces_and_keeps_whole_spans_and_equations() -> None:
    text = styled("the claim differs at z = 0 by ", whole("exp-rational normal form"))
    assert plain(wrap(text, 20)) == ["the claim differs at", "z = 0 by", "exp-rational normal form"]
    assert plain(paragraph(styled("a b c d e f"), 5, indent=2, hang=2)) == ["  a b", "    c", "    d", "    e", "    f"]
    assert plain(wrap(styled("unbreakable_token_longer_than_the_width"), 10)) == [
        "unbreakable_token_longer_than_the_width"]  # left whole, never cut


def test_cells_count_terminal_columns() -> None:
    assert cells("a·b") == 3 and cells("漢字") == 4 and cells("a\u200bb") == 2 and cells("e\u0301") == 1


COLUMNS = (Column("name"), Column("text", wrap=True, comfortable=8), Column("time", right=True, drop=1))
ROWS = [[[styled("alpha")], [styled("one two three four five six")], [styled("0.01 s")]],
        [[styled("beta")], [styled("seven")], [styled("1.25 s")]]]


def test_a_table_that_fits_is_left_as_it_is() -> None:
    assert plain(table(COLUMNS, ROWS, None, indent=0)) == [
        "name   text                           time",
        "alpha  one two three four five six  0.01 s",
        "beta   seven                        1.25 s"]


def test_a_narrow_table_wraps_then_drops_then_wraps_further_then_stacks() -> None:
    assert plain(table(COLUMNS, ROWS, 30, indent=0)) == [  # wrapped while comfortable, the time kept
        "name   text               time", "alpha  one two three    0.01 s", "       four five six",
        "beta   seven            1.25 s"]
    assert plain(table(COLUMNS, ROWS, 20, indent=0)) == [  # the time dropped before the text gets cramped
        "name   text", "alpha  one two three", "       four five six", "beta   seven"]
    assert plain(table(COLUMNS, ROWS, 12, indent=0))[1:4] == ["alpha  one", "       two", "       three"]
    stacked = plain(table(COLUMNS[:2], [row[:2] for row in ROWS], 8, indent=0))
    assert stacked[:3] == ["alpha", "    text:", "      one"]  # the key cell first, the others beneath
    assert all(len(line) <= 12 for line in stacked)
