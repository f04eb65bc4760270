"""Word tables: w:tbl -> logical cells on the table grid, merges folded into spans.

python-docx repeats a merged cell once per grid column; here each cell appears once, at
the grid column it starts in (after ``w:gridBefore``), spanning ``w:gridSpan`` columns,
with a ``w:vMerge`` continuation folded into the cell above (the track docling keeps by
hand too) and a legacy ``w:hMerge`` into the cell on its left.

Each row's and cell's properties are read in one pass over ``w:trPr`` / ``w:tcPr``, and
provenance objects come from a cache (:func:`origin_at`): they are frozen, and the same
few hundred (table, row, cell, paragraph) places recur in every document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from docx.oxml.ns import qn

from scrutiny_parse.layout import Cell, Origin, Paragraph, Row, Table
from scrutiny_parse.readers.docx.wml import (
    CUSTOM_XML,
    MC_ALTERNATE,
    SDT,
    W_VAL,
    Element,
    child,
    first_child,
    is_on,
    pick_alternate,
    props_of,
    sdt_content,
)

__all__ = ["origin_at", "rows", "table_from_xml", "unwrapped"]

_TR = qn("w:tr")
_TC = qn("w:tc")
_TR_PR = qn("w:trPr")
_TC_PR = qn("w:tcPr")
_DEL = qn("w:del")
_TBL_GRID = qn("w:tblGrid")
_GRID_COL = qn("w:gridCol")
_FILL = qn("w:fill")
_COLOR = qn("w:color")
# Slots of the row and cell properties read (the first of each tag counts).
_ROW_PROPS = {
    qn(t): i for i, t in enumerate(("w:del", "w:gridBefore", "w:gridAfter", "w:tblHeader"))
}
_CELL_PROPS = {qn(t): i for i, t in enumerate(("w:gridSpan", "w:vMerge", "w:hMerge", "w:shd"))}
# Word tables have at most 63 columns; a damaged gridSpan must not build a huge grid.
_MAX_GRID = 63
# Provenance objects kept (a few bytes each; a long document's places fit many times).
_ORIGINS_KEPT = 1 << 14


@lru_cache(maxsize=_ORIGINS_KEPT)
def origin_at(
    table: int | None = None,
    row: int | None = None,
    cell: int | None = None,
    paragraph: int | None = None,
) -> Origin:
    """The (validated, frozen, shared) provenance of a place in a Word document."""
    return Origin(table=table, row=row, cell=cell, paragraph=paragraph)


def unwrapped(container: Element) -> Iterator[Element]:
    """Children of a container with wrappers opened: content controls (w:sdt), custom
    XML (w:customXml) and mc:AlternateContent (one branch), at any level."""
    for el in container:
        tag = el.tag
        if tag == SDT:
            content = sdt_content(el)
            if content is not None:
                yield from unwrapped(content)
        elif tag == CUSTOM_XML:
            yield from unwrapped(el)
        elif tag == MC_ALTERNATE:
            branch = pick_alternate(el)
            if branch is not None:
                yield from unwrapped(branch)
        elif type(tag) is str:  # not a comment or processing instruction
            yield el


def _live_rows(tbl: Element) -> Iterator[tuple[Element, list[Element | None]]]:
    """The w:tr of a table with their w:trPr properties (:data:`_ROW_PROPS` slots),
    skipping rows deleted with track changes on."""
    for tr in unwrapped(tbl):
        if tr.tag != _TR:
            continue
        props = props_of(first_child(tr, _TR_PR), _ROW_PROPS)
        # <w:trPr><w:del .../></w:trPr>: the row is a tracked deletion.
        if props[0] is None:
            yield tr, props


def rows(tbl: Element) -> Iterator[Element]:
    """The w:tr of a table, skipping rows deleted with track changes on."""
    return (tr for tr, _ in _live_rows(tbl))


def _grid_val(el: Element | None, *, default: int) -> int:
    """A grid count (gridSpan, gridBefore, gridAfter: the w:val of ``el``) clamped to
    what Word can hold; ``default`` when absent or not a number (damaged files)."""
    raw = None if el is None else el.get(W_VAL)
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        value = default
    return max(0, min(value, _MAX_GRID))


def _merge_state(el: Element | None) -> str | None:
    """w:vMerge / w:hMerge: "restart", "continue" (also written with no w:val) or None."""
    if el is None:
        return None
    return "restart" if el.get(W_VAL) == "restart" else "continue"


def _is_shaded(shd: Element | None) -> bool:
    """Whether a cell has a visible background (w:shd fill, or a non-clear pattern)."""
    if shd is None:
        return False
    pattern = shd.get(W_VAL)
    if pattern == "nil":
        return False
    fill = (shd.get(_FILL) or "auto").lower()
    if fill not in ("auto", "ffffff"):
        return True
    # w:val="solid" (or pctNN) paints w:color over the fill; auto there means black.
    color = (shd.get(_COLOR) or "auto").lower()
    return pattern not in (None, "clear") and color != "ffffff"


def table_from_xml(
    tbl: Element, index: int, flatten: Callable[[Element], list[Paragraph]]
) -> Table:
    """A table as logical cells on its grid, merges folded into spans; ``flatten`` reads a
    cell's paragraphs (lists and text boxes included)."""
    grid = child(tbl, _TBL_GRID)
    n_grid = 0 if grid is None else len(grid.findall(_GRID_COL))
    widest = n_grid
    out: list[Row] = []
    # Grid column -> the cell whose vertical merge is still open there.
    open_below: dict[int, Cell] = {}
    for tr, (_, grid_before, grid_after, tbl_header) in _live_rows(tbl):
        r = len(out)
        # w:gridBefore: grid columns skipped before the first cell of this row.
        col = _grid_val(grid_before, default=0)
        cells: list[Cell] = []
        still_open: dict[int, Cell] = {}
        h_open: Cell | None = None
        for tc in unwrapped(tr):
            if tc.tag != _TC:
                continue
            grid_span, v_el, h_el, shd = props_of(first_child(tc, _TC_PR), _CELL_PROPS)
            span = max(1, _grid_val(grid_span, default=1))
            v_merge = _merge_state(v_el)
            h_merge = _merge_state(h_el)
            paragraphs = flatten(tc)
            here = origin_at(index, r, col)
            if h_merge == "continue" and h_open is not None:
                # Legacy horizontal merge: this cell is more of the one on its left.
                h_open.col_span += span
                _append_text(h_open, paragraphs, here)
            elif v_merge == "continue" and col in open_below:
                # <w:vMerge/> = continue: this grid slot belongs to the cell above.
                above = open_below[col]
                above.row_span += 1
                _append_text(above, paragraphs, here)
                still_open[col] = above
                h_open = None
            else:
                cell = Cell(col, span, [], origin=here, shaded=_is_shaded(shd))
                _append_text(cell, paragraphs, here, keep_blank=True)
                cells.append(cell)
                if v_merge is not None:  # restart (or an orphan continue) opens a merge
                    still_open[col] = cell
                h_open = cell if h_merge == "restart" else None
            col += span
        open_below = still_open
        widest = max(widest, col + _grid_val(grid_after, default=0))
        out.append(Row(cells, index=r, is_header=is_on(tbl_header)))
    return Table(out, n_cols=widest, index=index, origin=origin_at(index))


def _append_text(
    cell: Cell, paragraphs: list[Paragraph], where: Origin, *, keep_blank: bool = False
) -> None:
    """Add paragraphs to a cell, stamping table/row/cell/paragraph origins.

    A merged-away cell usually holds one empty paragraph: only its real text is kept
    (a paragraph has text when one of its runs is not all white space).
    """
    for para in paragraphs:
        if keep_blank or any(r.text and not r.text.isspace() for r in para.runs):
            para.origin = origin_at(where.table, where.row, where.cell, len(cell.paragraphs))
            cell.paragraphs.append(para)
