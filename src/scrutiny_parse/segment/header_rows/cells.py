"""What a body row's cells say: its number, sub-item letter and text; values in one column.

The numbers the template writes ("Rec 1", "Recommendation 2:") come from the vocabulary;
the sub-item letters as typed in the older layout are matched here.
"""

from __future__ import annotations

import regex

from ...layout import Cell, Row
from ...normalise.text import strip_bullet
from ...vocabulary import LEADING_ROW_NUMBER, ROW_NUMBER
from ..celltext import paragraph_text
from ..lines import Line, Value
from .header import HeaderColumn

__all__ = [
    "LETTER_RE",
    "NUMBER_RE",
    "column_line",
    "leading_number",
    "one_column",
    "part_label",
    "recommendation_text",
]

# The number column's and the recommendation cell's numbers.
NUMBER_RE = ROW_NUMBER
_LEADING_NUMBER_RE = LEADING_ROW_NUMBER
# A sub-item letter as typed or numbered by Word: "a)", "(a)", "a.", "A)".
LETTER_RE = regex.compile(r"^\(?([a-zA-Z])[.)]$")


def recommendation_text(cells: list[Cell]) -> tuple[str | None, list[str]]:
    """(sub-item letter, every paragraph's text) of the recommendation cell. The letter
    is the marker of the first paragraph that has one ("a)", "(b)"); paragraphs before
    it are a lead-in, kept in the text like the rest."""
    texts: list[str] = []
    letter: str | None = None
    for c in cells:
        for p in c.paragraphs:
            text = paragraph_text(p)
            if not text:
                continue
            if letter is None:
                _, marker = strip_bullet(text)
                m = LETTER_RE.match(marker or "")
                if m is not None:
                    letter = m.group(1).lower()
            texts.append(text)
    return letter, texts


def leading_number(text: str) -> int | None:
    m = _LEADING_NUMBER_RE.match(text)
    return int(m.group(1)) if m and int(m.group(1)) >= 1 else None


def part_label(letter: str) -> str:
    return f"{letter})"


def one_column(cell: Cell) -> Value:
    """A value cell re-based onto the part's single column (grid column 0)."""
    return Value(0, 1, cell.paragraphs, cell.origin)


def column_line(col: HeaderColumn, cells: list[Cell], row: Row) -> Line:
    return Line(
        label=col.label,
        text=col.text,
        values=[one_column(c) for c in cells],
        origin=cells[0].origin if cells else row.cells[0].origin,
        cells=list(cells),
    )
