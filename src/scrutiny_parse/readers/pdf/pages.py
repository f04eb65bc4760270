"""What one page holds, running headers and footers, and a page's blocks in order.

:class:`PageContent` is all the reader keeps of a page once pdfplumber has let it go:
text lines outside tables, and table fragments whose cells hold their lines. Then, with
every page read:

* :func:`strip_running` takes out the lines repeated in the top or bottom margin of
  several pages (a classification marking, a committee name) and page numbers ("Page 3
  of 19", "3"), returning them as deduplicated header and footer paragraphs;
* :func:`page_to_blocks` builds the page's paragraphs and table fragments
  (:class:`TableDraft`) in reading order, ready to be joined across pages.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from scrutiny_parse.layout import Origin, Paragraph
from scrutiny_parse.readers.pdf.geometry import GridCell
from scrutiny_parse.readers.pdf.paragraphs import ParaDraft, lines_to_paragraphs
from scrutiny_parse.readers.pdf.strokes import Fill
from scrutiny_parse.readers.pdf.textline import TextLine

__all__ = [
    "CellDraft",
    "PageBlock",
    "PageCell",
    "PageContent",
    "PageTable",
    "TableDraft",
    "page_to_blocks",
    "strip_running",
]

# Running text lives in the outer part of the page ...
_MARGIN_SHARE = 0.15
# ... among the first or last few lines of the page body.
_EDGE_LINES = 3
_DIGITS = regex.compile(r"\d+")
_PAGE_NUMBER = regex.compile(
    r"^(?:page\s*)?#+(?:\s*(?:of|/)\s*#+)?$|^[-–—]\s*#+\s*[-–—]$", regex.IGNORECASE
)


@dataclass(eq=False, slots=True)
class PageCell:
    """A table cell on one page with its own lines and its nested tables' lines."""

    grid: GridCell
    lines: list[TextLine] = field(default_factory=list)
    nested: list[list[TextLine]] = field(default_factory=list)
    # The right edge of the text, when known better than from the cell's edge.
    right: float | None = None


@dataclass(eq=False, slots=True)
class PageTable:
    """A table as drawn on one page (a fragment when the table crosses pages)."""

    cells: list[PageCell]

    @property
    def top(self) -> float:
        return min(c.grid.top for c in self.cells)


@dataclass(eq=False, slots=True)
class PageContent:
    """Everything kept of one page."""

    number: int
    width: float
    height: float
    body: list[TextLine]
    tables: list[PageTable]
    # Shaded areas outside drawn tables: a borderless table's shaded cells show its
    # rows (each cell's background is painted over exactly that cell).
    fills: list[Fill] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class CellDraft:
    """A fragment's cell with its paragraphs built."""

    x0: float
    top: float
    x1: float
    bottom: float
    shaded: bool
    paragraphs: list[ParaDraft]
    page: int
    # Cell bottom minus the bottom of its text: small when a page break cut the cell.
    trailing: float | None
    # Drawn open to the page edge there: the page break cut the cell's row (a printer
    # that slices cell borders at a break).
    cut_top: bool = False
    cut_bottom: bool = False

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(eq=False, slots=True)
class TableDraft:
    """A table fragment on one page, cells built, before joining across pages."""

    page: int
    cells: list[CellDraft]


PageBlock = ParaDraft | TableDraft


# -- running headers and footers ------------------------------------------------------


def _key(line: TextLine) -> str:
    """A line's text with digits folded, so "Page 3 of 19" repeats as "page # of #"."""
    text: str = _DIGITS.sub("#", " ".join(line.text.lower().split()))
    return text


def _edges(page: PageContent) -> tuple[list[TextLine], list[TextLine]]:
    """Body lines that could be a running header (top) or footer (bottom)."""
    lines = sorted(page.body, key=lambda ln: ln.top)
    top_zone = page.height * _MARGIN_SHARE
    bottom_zone = page.height * (1 - _MARGIN_SHARE)
    first = [ln for ln in lines[:_EDGE_LINES] if ln.bottom <= top_zone]
    last = [ln for ln in lines[-_EDGE_LINES:] if ln.top >= bottom_zone and ln not in first]
    return first, last


def strip_running(pages: Sequence[PageContent]) -> tuple[list[Paragraph], list[Paragraph]]:
    """Remove running headers/footers from the pages' bodies; return them deduplicated.

    A margin line is running when its text (digits folded) recurs on at least two pages
    and a quarter of them, or when it is a page number.
    """
    edges = [_edges(p) for p in pages]
    counts: Counter[str] = Counter()
    for first, last in edges:
        counts.update({_key(ln) for ln in (*first, *last)})
    needed = max(2, math.ceil(0.25 * len(pages)))
    headers: dict[str, Paragraph] = {}
    footers: dict[str, Paragraph] = {}
    for page, (first, last) in zip(pages, edges, strict=True):
        running: set[int] = set()
        for group, out in ((first, headers), (last, footers)):
            for ln in group:
                key = _key(ln)
                if counts[key] >= needed or _PAGE_NUMBER.match(key):
                    running.add(id(ln))
                    if key not in out:
                        out[key] = ParaDraft([ln], page.number).to_paragraph(
                            Origin(page=page.number, bbox=ln.bbox)
                        )
        if running:
            page.body = [ln for ln in page.body if id(ln) not in running]
    return list(headers.values()), list(footers.values())


# -- one page's blocks ----------------------------------------------------------------


def _text_right(cell: GridCell, lines: Sequence[TextLine]) -> float:
    """The right edge of a cell's text: the cell edge less the padding seen on the left."""
    if not lines:
        return cell.x1
    pad = min(ln.x0 for ln in lines) - cell.x0
    return cell.x1 - max(0.0, min(pad, 0.25 * (cell.x1 - cell.x0)))


def _cell_paragraphs(cell: PageCell, leading: float, page: int) -> list[ParaDraft]:
    """A cell's paragraphs; a nested table's cells read row by row where it stands."""
    right = cell.right if cell.right is not None else _text_right(cell.grid, cell.lines)
    if not cell.grid.nested:
        return lines_to_paragraphs(cell.lines, right, leading, page)
    nest_top = min(n.top for n in cell.grid.nested)
    above = [ln for ln in cell.lines if ln.bottom <= nest_top]
    below = [ln for ln in cell.lines if ln.bottom > nest_top]
    out = lines_to_paragraphs(above, right, leading, page)
    for grid, lines in zip(cell.grid.nested, cell.nested, strict=True):
        for para in lines_to_paragraphs(lines, _text_right(grid, lines), leading, page):
            para.closed = True  # a nested cell's text never runs on into the next
            out.append(para)
    out.extend(lines_to_paragraphs(below, right, leading, page))
    return out


def _table_draft(table: PageTable, leading: float, page: int) -> TableDraft:
    cells = []
    for cell in table.cells:
        lines = [*cell.lines, *(ln for group in cell.nested for ln in group)]
        trailing = cell.grid.bottom - max(ln.bottom for ln in lines) if lines else None
        g = cell.grid
        cells.append(
            CellDraft(
                g.x0,
                g.top,
                g.x1,
                g.bottom,
                g.shaded,
                _cell_paragraphs(cell, leading, page),
                page,
                trailing,
                cut_top=g.cut_top,
                cut_bottom=g.cut_bottom,
            )
        )
    return TableDraft(page, cells)


def page_to_blocks(page: PageContent, leading: float) -> list[PageBlock]:
    """The page's body paragraphs and table fragments, top to bottom."""
    tables = sorted(page.tables, key=lambda t: t.top)
    body = sorted(page.body, key=lambda ln: ln.top)
    # The text column's right edge: where the widest line ends, or as far from the
    # right side of the page as the text starts from the left (margins are usually
    # even), so that a page of short lines does not pass for full ones.
    left = min((ln.x0 for ln in body), default=0.0)
    right = max(max((ln.x1 for ln in body), default=0.0), page.width - left)
    blocks: list[PageBlock] = []
    k = 0
    for table in tables:
        group: list[TextLine] = []
        while k < len(body) and body[k].top < table.top:
            group.append(body[k])
            k += 1
        blocks.extend(lines_to_paragraphs(group, right, leading, page.number))
        blocks.append(_table_draft(table, leading, page.number))
    blocks.extend(lines_to_paragraphs(body[k:], right, leading, page.number))
    return blocks
