"""docs/vocabulary.md lists every name of the expression language with its meaning, derivative and domain, as
the vocabulary table says (regenerate with DERIVCHECK_REGENERATE_GOLDEN=1 after changing the table)."""

from __future__ import annotations

import os
from pathlib import Path

from derivcheck.lang.spellings import HINTS, LOGIC, NUMBERS, RELATIONS, UNDEFINED_NAMES
from derivcheck.lang.vocabulary import CONSTANTS, FUNCTIONS

DOC = Path(__file__).resolve().parent.parent / "docs" / "vocabulary.md"
START = "<!-- the tables below are generated from derivcheck/lang: tests/test_vocabulary_doc.py -->"

GROUPS = ("elementary", "error functions", "gamma functions", "exponential and trigonometric integrals",
          "Bessel and Airy functions", "other special functions", "framework names", "kinks and steps",
          "activations")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def tables() -> str:
    lines = [START, ""]
    for group in GROUPS:
        names = [f for f in FUNCTIONS.values() if f.group == group]
        lines += [f"### {group[0].upper()}{group[1:]}", "", "| name | meaning | derivative (d/dx) | real where |",
                  "|---|---|---|---|"]
        for f in names:
            call, meaning = f"{f.name}(x)" if f.max_args == 1 else f"{f.name}(x, y, ...)", f.summary
            if f.summary.startswith(f"{f.name}(") and "): " in f.summary:  # "besselj(nu, x): Bessel ..."
                call, meaning = f.summary.split(": ", 1)
            lines.append(f"| `{call}` | {_cell(meaning)} | `{_cell(f.derivative)}` | {_cell(f.domain)} |")
        lines.append("")
    lines += ["### sympy's spellings", "",
              f"- Relations (two expressions each): {', '.join(f'`{n}`' for n in RELATIONS)}.",
              f"- Logic (of conditions): {', '.join(f'`{n}`' for n in LOGIC)}.",
              f"- Exact numbers (of number literals): {', '.join(f'`{n}`' for n in sorted(NUMBERS))}.",
              "- No value, only as a whole Piecewise branch value: "
              f"{', '.join(f'`{n}`' for n in sorted(UNDEFINED_NAMES))} (`-oo` too).",
              f"- Constants: {', '.join(f'`{n}`' for n in CONSTANTS)}.", "",
              "### Names written another way", "", "| name | write |", "|---|---|"]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in sorted(HINTS.items())]
    return "\n".join(lines) + "\n"


def test_the_vocabulary_page_lists_every_name() -> None:
    text = DOC.read_text(encoding="utf-8")
    head = text.split(START)[0]
    generated = tables()
    if os.environ.get("DERIVCHECK_REGENERATE_GOLDEN") == "1":
        DOC.write_text(head + generated, encoding="utf-8")
        text = DOC.read_text(encoding="utf-8")
    assert text == head + generated, ("docs/vocabulary.md is out of date: run DERIVCHECK_REGENERATE_GOLDEN=1 "
                                      "pytest tests/test_vocabulary_doc.py and review the diff")
    assert set(FUNCTIONS) <= {line.split("`")[1].split("(")[0] for line in text.splitlines()
                              if line.startswith("| `")}
    assert {f.group for f in FUNCTIONS.values()} <= set(GROUPS)
