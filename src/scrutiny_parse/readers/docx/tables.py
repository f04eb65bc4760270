"""Word tables: w:tbl -> logical cells on the table grid, merges folded into spans.

python-docx repeats a merged cell once per grid column; here each cell appears once, at
the grid column it starts in (after ``w:gridBefore``), spanning ``w:gridSpan`` columns,
with a ``w:vMerge`` continuation folded into the cell above (the track docling keeps by
hand too) and a legacy ``w:hMerge`` into the cell on its left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docx.oxml.ns import qn

from scrutiny_parse.layout import Cell, Origin, Paragraph, Row, Table
from scrutiny_parse.readers.docx.runs import (
    CUSTOM_XML,
    MC_ALTERNATE,
    SDT,
    W_VAL,
    Element,
    child,
    elements,
    int_val,
    is_on,
    pick_alternate,
    sdt_content,
)

__all__ = ["rows", "table_from_xml", "unwrapped"]

_TR = qn("w:tr")
_TC = qn("w:tc")
_TR_PR = qn("w:trPr")
_TC_PR = qn("w:tcPr")
# Word tables have at most 63 columns; a damaged gridSpan must not build a huge grid.
_MAX_GRID = 63


def unwrapped(container: Element) -> Iterator[Element]:
    """Children of a container with wrappers opened: content controls (w:sdt), custom
    XML (w:customXml) and mc:AlternateContent (one branch), at any level."""
    for el in elements(container):
        if el.tag == SDT:
            content = sdt_content(el)
            if content is not None:
                yield from unwrapped(content)
        elif el.tag == CUSTOM_XML:
            yield from unwrapped(el)
        elif el.tag == MC_ALTERNATE:
            branch = pick_alternate(el)
            if branch is not None:
                yield from unwrapped(branch)
        else:
            yield el


def rows(tbl: Element) -> Iterator[Element]:
    """The w:tr of a table, skipping rows deleted with track changes on."""
    for tr in unwrapped(tbl):
        # <w:trPr><w:del .../></w:trPr>: the row is a tracked deletion.
        if tr.tag == _TR and child(child(tr, _TR_PR), qn("w:del")) is None:
            yield tr


def _grid_val(props: Element | None, tag: str, *, default: int) -> int:
    """A grid count (gridSpan, gridBefore, gridAfter) clamped to what Word can hold."""
    return max(0, min(int_val(props, qn(tag), default=default), _MAX_GRID))


def _merge_state(tc_pr: Element | None, tag: str) -> str | None:
    """w:vMerge / w:hMerge: "restart", "continue" (also written with no w:val) or None."""
    el = child(tc_pr, qn(tag))
    if el is None:
        return None
    return "restart" if el.get(W_VAL) == "restart" else "continue"


def _is_shaded(tc_pr: Element | None) -> bool:
    """Whether a cell has a visible background (w:shd fill, or a non-clear pattern)."""
    shd = child(tc_pr, qn("w:shd"))
    if shd is None:
        return False
    pattern = shd.get(W_VAL)
    if pattern == "nil":
        return False
    fill = (shd.get(qn("w:fill")) or "auto").lower()
    if fill not in ("auto", "ffffff"):
        return True
    # w:val="solid" (or pctNN) paints w:color over the fill; auto there means black.
    color = (shd.get(qn("w:color")) or "auto").lower()
    return pattern not in (None, "clear") and color != "ffffff"


def table_from_xml(
    tbl: Element, index: int, flatten: Callable[[Element], list[Paragraph]]
) -> Table:
    """A table as logical cells on its grid, merges folded into spans; ``flatten`` reads a
    cell's paragraphs (lists and text boxes included)."""
    grid = child(tbl, qn("w:tblGrid"))
    n_grid = 0 if grid is None else len(grid.findall(qn("w:gridCol")))
    widest = n_grid
    out: list[Row] = []
    # Grid column -> the cell whose vertical merge is still open there.
    open_below: dict[int, Cell] = {}
    for tr in rows(tbl):
        r = len(out)
        tr_pr = child(tr, _TR_PR)
        # w:gridBefore: grid columns skipped before the first cell of this row.
        col = _grid_val(tr_pr, "w:gridBefore", default=0)
        cells: list[Cell] = []
        still_open: dict[int, Cell] = {}
        h_open: Cell | None = None
        for tc in unwrapped(tr):
            if tc.tag != _TC:
                continue
            tc_pr = child(tc, _TC_PR)
            span = max(1, _grid_val(tc_pr, "w:gridSpan", default=1))
            v_merge = _merge_state(tc_pr, "w:vMerge")
            h_merge = _merge_state(tc_pr, "w:hMerge")
            paragraphs = flatten(tc)
            here = Origin(table=index, row=r, cell=col)
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
                cell = Cell(col, span, [], origin=here, shaded=_is_shaded(tc_pr))
                _append_text(cell, paragraphs, here, keep_blank=True)
                cells.append(cell)
                if v_merge is not None:  # restart (or an orphan continue) opens a merge
                    still_open[col] = cell
                h_open = cell if h_merge == "restart" else None
            col += span
        open_below = still_open
        widest = max(widest, col + _grid_val(tr_pr, "w:gridAfter", default=0))
        is_header = is_on(child(tr_pr, qn("w:tblHeader")))
        out.append(Row(cells, index=r, is_header=is_header))
    return Table(out, n_cols=widest, index=index, origin=Origin(table=index))


def _append_text(
    cell: Cell, paragraphs: list[Paragraph], where: Origin, *, keep_blank: bool = False
) -> None:
    """Add paragraphs to a cell, stamping table/row/cell/paragraph origins.

    A merged-away cell usually holds one empty paragraph: only its real text is kept.
    """
    for para in paragraphs:
        if keep_blank or para.text.strip():
            para.origin = Origin(
                table=where.table,
                row=where.row,
                cell=where.cell,
                paragraph=len(cell.paragraphs),
            )
            cell.paragraphs.append(para)
