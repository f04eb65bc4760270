"""Rows a page break joined: a PDF row that is really two, the second a lettered sub-item.

Only PDF rows have pages, so only they are split; Word rows pass through whole.
"""

from __future__ import annotations

from ...layout import Cell, Origin, Paragraph, Row
from ...normalise.text import strip_bullet
from ..celltext import paragraph_text
from .cells import LETTER_RE
from .header import HeaderRow

__all__ = ["split_sub_item_rows"]


def split_sub_item_rows(row: Row, header: HeaderRow) -> list[Row]:
    """A row that is two rows joined at a page break: the second a lettered sub-item.

    A PDF reader rejoins a row that a page break cut in two when the part on the next
    page has an empty first cell; under a header row the first cell is the number,
    which is empty (or merged down) on a sub-item row too. So a sub-item row that starts
    a page is read as the rest of the row above. Its recommendation cell tells the two
    apart: when, on a later page than the cell's first paragraph, a paragraph starts
    with a sub-item letter ("b) ...") and other value cells go on on that page too
    (a sub-item has its own officer, date, evidence or grade), every cell's paragraphs
    from that page on are the next row. Word rows have no pages, so they are never split.
    """
    col = header.first("recommendation")
    if col is None:
        return [row]
    rec_cells = [c for c in row.cells if col.covers(c)]
    paras = [p for c in rec_cells for p in c.paragraphs if p.text.strip()]
    if len(paras) < 2 or paras[0].origin.page is None:
        return [row]
    first_page = paras[0].origin.page
    cut: int | None = None
    for p in paras[1:]:
        page = p.origin.page
        if page is not None and page > first_page:
            _, marker = strip_bullet(paragraph_text(p))
            if LETTER_RE.match(marker or ""):
                cut = page
            break
    if cut is None:
        return [row]
    values = [c for c in row.cells if not col.covers(c) and not _is_number(c, header)]
    if not any((p.origin.page or 0) >= cut for c in values for p in c.paragraphs):
        # Only the recommendation's text goes on over the page ("The Council should:"
        # then "a) ..."): one row the break cut, not a sub-item row of its own.
        return [row]
    before: list[Cell] = []
    after: list[Cell] = []
    for c in row.cells:
        early = [p for p in c.paragraphs if (p.origin.page or 0) < cut]
        late = [p for p in c.paragraphs if (p.origin.page or 0) >= cut]
        if early or not late:
            before.append(_cell_with(c, early, c.origin))
        if late:
            after.append(_cell_with(c, late, late[0].origin))
    return [Row(before, row.index, row.is_header), Row(after, row.index, row.is_header)]


def _is_number(cell: Cell, header: HeaderRow) -> bool:
    col = header.first("number")
    return col is not None and col.covers(cell)


def _cell_with(cell: Cell, paragraphs: list[Paragraph], origin: Origin) -> Cell:
    return Cell(cell.col, cell.col_span, paragraphs, origin, 1, cell.shaded)
