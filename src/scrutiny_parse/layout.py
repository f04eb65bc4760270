"""The format-neutral layout every reader produces and the segmenter consumes.

A reader turns bytes into a :class:`Layout`: a sequence of body blocks (paragraphs and
tables, in reading order) plus running header/footer paragraphs. Tables are already
resolved into *logical* cells: each cell appears once, at its first grid column, with its
column and row span. Nothing here knows about recommendations, and nothing after this
module knows whether the input was PDF or Word.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from .provenance import Provenance
from .vocabulary import Format

ListKind = Literal["bullet", "number"]


#: Where a piece of layout came from: the model's own provenance type, so what a reader
#: records is what the output says. Word fills ``table``/``row``/``cell``/``paragraph``;
#: PDF fills ``page``/``bbox`` (and table/row/cell for table content).
Origin = Provenance


@dataclass(slots=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    # Word strike or double strike; in a PDF, a line drawn through the glyphs.
    strike: bool = False


@dataclass(slots=True)
class Paragraph:
    """One paragraph: runs plus list state.

    ``text`` joins the runs; a soft line break inside a paragraph is kept as ``"\\n"``
    in run text so the normaliser can apply the hyphen-joining rule.
    """

    runs: list[Run]
    origin: Origin = field(default_factory=Origin)
    list_kind: ListKind | None = None
    list_level: int = 0
    # The visible label of a numbered item ("1.", "a)"); None for bullets and plain text.
    list_label: str | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def is_bold(self) -> bool:
        """True when every non-blank run is bold (a heading set in bold body text)."""
        runs = [r for r in self.runs if r.text.strip()]
        return bool(runs) and all(r.bold for r in runs)


@dataclass(slots=True)
class Cell:
    """One logical cell: appears once, at grid column ``col``, covering ``col_span``
    grid columns and ``row_span`` rows (vertical merges already folded in)."""

    col: int
    col_span: int
    paragraphs: list[Paragraph]
    origin: Origin = field(default_factory=Origin)
    row_span: int = 1
    shaded: bool = False

    @property
    def end(self) -> int:
        """Grid column just past this cell."""
        return self.col + self.col_span

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(slots=True)
class Row:
    """A table row's logical cells, left to right. A cell that continues a vertical
    merge from the row above is *not* repeated here (see ``Cell.row_span``)."""

    cells: list[Cell]
    index: int
    is_header: bool = False


@dataclass(slots=True)
class Table:
    """A table on a common grid of ``n_cols`` columns."""

    rows: list[Row]
    n_cols: int
    index: int
    origin: Origin = field(default_factory=Origin)

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The logical cell covering grid position (row, col), following vertical merges."""
        for r in range(row, -1, -1):
            for cell in self.rows[r].cells:
                if cell.col <= col < cell.end and r + cell.row_span > row:
                    return cell
        return None


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Mark:
    """Something a reader noticed at a place on a page, for diagnostics (the debug
    renderer draws these): a struck glyph, a stroke ignored as a border, a removed
    running header. ``kind`` is a short slug such as ``"strike"``."""

    kind: str
    origin: Origin


LineKind = Literal["text", "soft", "hard"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a line at a known position: ``start``/``end`` are character columns
    (a dump that keeps the page's layout, such as poppler's ``-layout``, writes table
    columns as runs of spaces)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of a source whose structure is lines, not tables (a PDF-to-text dump).

    ``text`` is stripped; ``kind`` says whether the line has text, only spaces (an empty
    paragraph inside a block) or nothing (a break between blocks). ``page`` is 1-based
    (pages come from form feeds); ``number`` is the 0-based line in the source.
    """

    text: str
    kind: LineKind
    page: int
    number: int
    # The raw line started with white space before its text: a new text flow begins.
    flow: bool = False
    # The raw line before it was truly empty.
    after_blank: bool = False
    # The line starts a list item whose glyph stood on a line of its own.
    item: bool = False
    # Positioned pieces, when the source keeps columns; empty otherwise.
    spans: tuple[Span, ...] = ()

    @property
    def bullet(self) -> bool:
        """A list item whose glyph is not on this line: the extractor dropped it keeping
        the space after it (an indented line after an empty one), or it was written on
        its own line (``item``)."""
        return self.item or (self.flow and self.after_blank)


@dataclass(slots=True)
class Layout:
    """What a reader hands to the segmenter."""

    format: Format
    blocks: list[Block]
    # Running headers/footers (page headers in Word, repeated lines in a PDF), deduplicated.
    headers: list[Paragraph] = field(default_factory=list)
    footers: list[Paragraph] = field(default_factory=list)
    page_count: int | None = None
    # Things the reader noticed but could not represent (e.g. an unreadable embedded object).
    notes: list[str] = field(default_factory=list)
    # Diagnostics with a place (PDF: struck glyphs, filtered strokes); not content.
    marks: list[Mark] = field(default_factory=list)
    # Set when the input was converted before reading (".doc" -> .docx by LibreOffice).
    converted_from: str | None = None
    # A source with no tables, only lines in reading order (a text dump): the segmenter
    # rebuilds its tables (see :mod:`scrutiny_parse.segment.retable`) before reading it.
    lines: list[TextLine] = field(default_factory=list)
    # The lines come cell by cell, in the order the PDF drew them (a dump that keeps the
    # wrap spaces and writes no empty lines, as pypdf does), not rearranged by position
    # into reading order, where one cell's paragraphs can interleave with the next's.
    lines_drawn: bool = False
    # The lines come as whole text boxes in an order of the tool's own (a dump that keeps
    # wrap spaces and puts an empty line after each box, as pdfminer does): a cell's box
    # keeps its text, but boxes can come far from their row's label.
    lines_boxed: bool = False

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph: body paragraphs and those inside table cells, in order."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
            else:
                for row in block.rows:
                    for cell in row.cells:
                        yield from cell.paragraphs
