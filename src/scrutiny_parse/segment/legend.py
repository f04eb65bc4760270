"""Read the grading legend ("1 Fully Achieved / 2 On-Track / 3 Slipped / 4 Not Achieved").

Legends come as a row of digits above a row of labels (the seed), as one row per grade
("1 | Achieved (Fully)"), or as running text. Each form is tried on the lines that follow
the legend heading; the first that yields at least two grades wins.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..normalise.text import clean_paragraph
from .lines import Line, Value

_DIGIT_RE = regex.compile(r"^\s*([1-4])\s*[.:)=\-–—]?\s*$")
# "1 Fully Achieved", "1 = Fully Achieved", "1. Achieved (Fully)", "2 - On Track ..."
_INLINE_RE = regex.compile(
    r"(?<![\d\p{L}])([1-4])(?![\d])\s*[.:)=\-–—]?\s*([^\d\n/;|]+?)\s*(?=[/;|\n]|(?<![\d\p{L}])[1-4](?!\d)|$)"
)


def _clean(text: str) -> str:
    return clean_paragraph(text).strip(" /;,-–—:")


def _digit(text: str) -> int | None:
    m = _DIGIT_RE.match(text)
    return int(m.group(1)) if m else None


def _overlaps(a: Value, b: Value) -> bool:
    return a.start < b.end and b.start < a.end


def _from_digit_row(rows: Sequence[list[Value]]) -> dict[int, str]:
    """A row of digits, each column's label in the next row (the seed's layout)."""
    for i, row in enumerate(rows[:-1]):
        # The heading may share the row, in a label cell merged down over both rows.
        digits = [(d, v) for v in row if (d := _digit(v.text)) is not None]
        if len(digits) >= 2 and len(digits) >= len(row) - 1:
            scale: dict[int, str] = {}
            for d, v in digits:
                labels = [_clean(w.text) for w in rows[i + 1] if _overlaps(v, w)]
                if labels and labels[0]:
                    scale[d] = labels[0]
            if len(scale) >= 2:
                return scale
    return {}


def _from_grade_rows(rows: Sequence[list[Value]]) -> dict[int, str]:
    """One row per grade: a digit cell followed by its label cell."""
    scale: dict[int, str] = {}
    for row in rows:
        if len(row) >= 2:
            d = _digit(row[0].text)
            label = _clean(" ".join(v.text for v in row[1:]))
            if d is not None and label:
                scale[d] = label
    return scale


def _from_text(texts: Sequence[str]) -> dict[int, str]:
    scale: dict[int, str] = {}
    for text in texts:
        for m in _INLINE_RE.finditer(text):
            label = _clean(m.group(2))
            if label and int(m.group(1)) not in scale:
                scale[int(m.group(1))] = label
    return scale


def parse_legend(lines: Sequence[Line]) -> dict[int, str]:
    """The grade -> label mapping the legend lines give, or {} when they give none."""
    rows: list[list[Value]] = []
    texts: list[str] = []
    for line in lines:
        # Each paragraph cleaned to one line: a line break inside a paragraph (a PDF
        # cell's wrapped line) reads as a space, not as the end of a grade's label.
        if line.table is not None:
            rows.append([Value.of(c) for c in line.cells])
            texts.extend(
                "\n".join(clean_paragraph(p.text) for p in c.paragraphs) for c in line.cells
            )
        else:
            texts.append(clean_paragraph(line.text))
    for attempt in (_from_digit_row(rows), _from_grade_rows(rows), _from_text(texts)):
        if len(attempt) >= 2:
            return dict(sorted(attempt.items()))
    return {}


def looks_like_legend_row(line: Line) -> bool:
    """A row of bare grade digits ("1 | 2 | 3 | 4"): a legend even without its heading."""
    if line.table is None or len(line.cells) < 3:
        return False
    return all(_digit(c.text) is not None for c in line.cells)
