"""Make user text inert in any output: control characters shown as escapes, no colon pair left whole.

Two readers obey what a report prints besides people.  A terminal obeys control characters (ESC, BEL, bidi
overrides), so those become visible `\\xNN` / `\\uNNNN` escapes.  A CI runner (GitHub Actions) trims the
leading whitespace of every line of a job's stdout and stderr and obeys a line that then starts with `::`
(`::error file=...::`, `::add-mask::`, `::stop-commands::`).  Reports wrap words and fold long ones at any
width, and user text may hold line breaks, so a `::` of user text could begin a line anywhere.  The rule is
therefore about the text itself, not about where it lands:

* two colons of user text are never adjacent: a ZERO WIDTH SPACE (U+200B) goes between them;
* user text never begins or ends with a colon: a ZERO WIDTH SPACE goes on that colon's outer side, so that
  a colon of the report's own next to it (`file:line`, `label: value`) cannot complete a pair either.

Any way of cutting such text into lines, and any concatenation of it with text that has no `::` of its own,
then leaves no line whose first non-blank characters are `::`.  U+200B is the least surprising mark: it is
invisible (the report reads as written, in a terminal and in rendered Markdown), rich gives it no width and
never wraps at it, and neither Python's `str.isspace` nor .NET's `char.IsWhiteSpace` (the runner's trim) call
it white space; a reader that did trim it at a line start would still find a single colon.

Formats with their own quoting apply their own spelling on top: LaTeX sets the mark as `{}` (`:{}:`), the
GitHub format percent-escapes its command parameters and keeps a file path exact (`controls_visible`), and
JSON strings are quoted on lines of their own, so the JSON reports keep user text faithful.
"""

from __future__ import annotations

import re

__all__ = ["COLON_BREAK", "controls_visible", "visible"]

#: What separates two colons of user text (and fences one at either end).
COLON_BREAK = "\u200b"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Between two colons, before a leading colon, after a trailing one.
_COLON_EDGE = re.compile(r"(?<=:)(?=:)|\A(?=:)|(?<=:)\Z")
_COLON_PAIR = re.compile(r"(?<=:)(?=:)")


def visible(text: str, *, newlines: bool = True, edges: bool = True) -> str:
    """`text` shown inertly: control characters as escapes, and a U+200B keeping colons from pairing up.

    With `newlines=False` line breaks become `\\n` (and tabs spaces), for text that must stay on one line.
    `edges=False` leaves a colon at either end as it is: for the report's own words around user text (which
    is fenced itself), such as a sentence ending "rule by rule:".  Applying it twice changes nothing more.
    """
    return (_COLON_EDGE if edges else _COLON_PAIR).sub(COLON_BREAK, controls_visible(text, newlines=newlines))


def controls_visible(text: str, *, newlines: bool = True) -> str:
    """`text` with terminal control characters (ESC, BEL, bidi overrides, ...) shown as `\\xNN` escapes.

    Only for output that quotes user text by other means and must keep it exact (a workflow command's file
    path); everything else uses `visible`.
    """
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                         else f"\\u{ord(m.group()):04x}", text)
    return shown if newlines else shown.replace("\n", "\\n").replace("\t", " ")
