"""Make user text inert in any output: control characters become visible escapes."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, newlines: bool = True) -> str:
    """`text` with terminal control characters (ESC, BEL, bidi overrides, ...) shown as `\\xNN` escapes."""
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                         else f"\\u{ord(m.group()):04x}", text)
    return shown if newlines else shown.replace("\n", "\\n").replace("\t", " ")
