"""Rebuilding tables from text: the shapes a dump's structure is read into.

Front matter, recommendations, their sub-parts and labelled rows, each row holding the
label as written and the lines of its value cells (see :mod:`.structure`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutiny_parse.layout import TextLine
from scrutiny_parse.vocabulary import Field

__all__ = ["DocText", "PartText", "RecText", "RowText"]


@dataclass
class RowText:
    """One labelled row: its label as written and the lines of its value cells."""

    field: Field
    period: str | None
    label: str
    lines: list[TextLine]
    page: int
    # The value began on the label's own line ("Date: April 2019 September 2019").
    inline: bool = False
    # Source line numbers of the label's first and last lines.
    start: int = -1
    label_end: int = -1


@dataclass
class PartText:
    """Rows sharing one column layout, under an optional sub-part heading."""

    heading: str | None
    rows: list[RowText] = field(default_factory=list)
    page: int = 1


@dataclass
class RecText:
    """A recommendation: its heading lines, lines before its first row, its parts."""

    number: int
    heading: list[TextLine]
    intro: list[TextLine] = field(default_factory=list)
    parts: list[PartText] = field(default_factory=list)


@dataclass
class DocText:
    """The dump's structure: front matter, recommendations, and the grading legend."""

    front: list[TextLine] = field(default_factory=list)
    recs: list[RecText] = field(default_factory=list)
    legend_label: str | None = None
    legend: list[TextLine] = field(default_factory=list)
    legend_page: int = 1
    # Source line number of the legend's label.
    legend_start: int = -1

    @property
    def interleaved(self) -> bool:
        """Whether one-line rows come with their cells side by side on the label's line
        (the seed: "Responsibility: Lorraine Dixon Digital Services Group") rather than
        one cell per block under a label of its own (pdftotext on LibreOffice PDFs)."""
        rows = [
            r
            for rec in self.recs
            for part in rec.parts
            for r in part.rows
            if r.field in ("responsibility", "date")
        ]
        return bool(rows) and sum(r.inline for r in rows) * 2 >= len(rows)
