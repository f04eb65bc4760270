"""Join what page breaks cut apart, and build the layout's tables on a common grid.

Word and LibreOffice print a long table over several pages: the fragment at the top of
page N+1 continues the table at the bottom of page N when its outer edges and column
boundaries match (a continued table keeps its columns). Joining it:

* a header row repeated by the printer (Word's "repeat as header row") is dropped;
* a row the page break split in two becomes one row again. It was split when the
  drawing leaves the row open to the page edge (a browser slices cell borders there),
  when the continuation's label cell (grid column 0) is empty or repeats the label
  above word for word, or when the row above ends much closer to its text than
  complete rows do (the break cut it, leaving no padding). Each
  continuation cell's paragraphs go into the cell above at the same column, the first
  one continuing that cell's last paragraph when the break fell mid-paragraph;
* the table's grid is the distinct column boundaries of all its fragments, so
  ``Cell.col`` means the same column on every page.

A body paragraph that runs from the foot of one page to the head of the next is joined
the same way. Provenance: a joined cell keeps the origin of its first part.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scrutiny_parse.layout import Block, Cell, Origin, Paragraph, Row, Table
from scrutiny_parse.readers.pdf.grid import nearest, snap
from scrutiny_parse.readers.pdf.pages import CellDraft, PageBlock, TableDraft
from scrutiny_parse.readers.pdf.paragraphs import ParaDraft

__all__ = ["pages_to_blocks"]

# A cut row keeps at least this much (font sizes) less room under its text than complete
# rows; and that comparison means something only when complete rows keep paragraph
# spacing under their text (at least this much).
_CUT_MARGIN = 0.25
_SPACING = 0.5
_SENTENCE_END = (".", "!", "?", ":")


@dataclass(eq=False, slots=True)
class _Rec:
    """A cell placed on its table's common grid."""

    col: int
    span: int
    row_span: int
    draft: CellDraft
    paragraphs: list[ParaDraft]
    # Room under the text of the cell's latest part (see CellDraft.trailing).
    trailing: float | None = None

    @property
    def end(self) -> int:
        return self.col + self.span

    @property
    def text(self) -> str:
        return "\n".join(ln.text for p in self.paragraphs for ln in p.lines)


@dataclass(frozen=True)
class _Measures:
    """Document-wide yardsticks for the joining decisions."""

    # Snapping tolerance for column boundaries (points).
    tol: float
    # Typical room under the text of a complete row (points), if any table has one.
    reference: float | None
    # Ordinary baseline pitch, in font sizes.
    leading: float


def pages_to_blocks(pages: Iterable[list[PageBlock]], size: float, leading: float) -> list[Block]:
    """All pages' blocks joined into the layout's body, tables numbered in order.

    Drafts are dropped as soon as they are built into layout blocks, so the lines they
    hold and the finished paragraphs are not all in memory at once.
    """
    tol = min(2.5, max(1.0, 0.15 * size))
    items: deque[ParaDraft | list[TableDraft]] = deque()
    last_page = 0
    for blocks in pages:
        for k, block in enumerate(blocks):
            # Only the first block of a page may continue the last one of the page before.
            overleaf = k == 0 and items and block.page == last_page + 1
            last = items[-1] if overleaf else None
            if isinstance(block, TableDraft):
                if isinstance(last, list) and _continues(last[-1], block, tol):
                    last.append(block)
                    continue
                items.append([block])
            else:
                if isinstance(last, ParaDraft) and last.can_continue_with(block.lines[0]):
                    last.lines.extend(block.lines)
                    continue
                items.append(block)
        if blocks:
            last_page = blocks[-1].page
    reference = _complete_row_padding(
        [part for item in items if isinstance(item, list) for part in item]
    )
    measures = _Measures(tol, reference, leading)
    out: list[Block] = []
    n_tables = n_paragraphs = 0
    while items:
        item = items.popleft()
        if isinstance(item, list):
            out.append(_build_table(item, n_tables, measures))
            n_tables += 1
        else:
            out.append(item.to_paragraph(_origin(item, paragraph=n_paragraphs)))
            n_paragraphs += 1
    return out


def _origin(para: ParaDraft, **where: int) -> Origin:
    return Origin(page=para.page, bbox=para.bbox, **where)


# -- does a fragment continue the table above? ----------------------------------------


def _edges(cells: Sequence[CellDraft]) -> list[float]:
    return sorted({c.x0 for c in cells} | {c.x1 for c in cells})


def _row_edges(cells: Sequence[CellDraft], top: bool) -> list[float]:
    y = min(c.top for c in cells) if top else max(c.bottom for c in cells)
    return _edges([c for c in cells if (c.top if top else c.bottom) == y])


def _subset(inner: Sequence[float], outer: Sequence[float], tol: float) -> bool:
    return all(any(abs(a - b) <= tol for b in outer) for a in inner)


def _continues(prev: TableDraft, nxt: TableDraft, tol: float) -> bool:
    """Same outer edges, and the rows meeting at the break fit each other's columns."""
    if nxt.page != prev.page + 1:
        return False
    pe, ne = _edges(prev.cells), _edges(nxt.cells)
    if abs(pe[0] - ne[0]) > tol or abs(pe[-1] - ne[-1]) > tol:
        return False
    return _subset(_row_edges(nxt.cells, top=True), pe, tol) or _subset(
        _row_edges(prev.cells, top=False), ne, tol
    )


# -- split rows -----------------------------------------------------------------------


def _row_padding(cells: Sequence[CellDraft]) -> float | None:
    """The least room left under the text among a row's cells: the tallest cell's."""
    gaps = [c.trailing for c in cells if c.trailing is not None]
    return min(gaps) if gaps else None


def _complete_row_padding(parts: Sequence[TableDraft]) -> float | None:
    """Typical padding under the text of rows no page break cut (not a fragment's last)."""
    gaps = []
    for part in parts:
        bottom = max(c.bottom for c in part.cells)
        ends = sorted({c.bottom for c in part.cells if c.bottom < bottom})
        for y in ends:
            gap = _row_padding([c for c in part.cells if c.bottom == y])
            if gap is not None:
                gaps.append(gap)
    return statistics.median(gaps) if gaps else None


def _split_row(
    rows: list[list[_Rec]],
    first: list[_Rec],
    previous: TableDraft,
    reference: float | None,
    n_cols: int,
) -> bool:
    """Whether a fragment's first row is the rest of the row the page break cut.

    Yes when the drawing says so: the row above ends, or this one starts, open to the
    page edge (a printer that slices cell borders at a page break, as browsers do).
    Yes when its label cell is empty, or is the only one with text. Also when the label
    itself was cut, with values beside it: the label above runs on into this one (its
    last line is full: this one's first word would not have fitted) *and* the row above
    kept visibly less room under its text than complete rows do (the break, not the
    cell's end, stopped it). Either sign alone misleads: a long label fills its last
    line anyway, and a cell may end without paragraph spacing.
    """
    bottom = max(c.bottom for c in previous.cells)
    if any(rec.draft.cut_top for rec in first) or any(
        c.cut_bottom for c in previous.cells if c.bottom == bottom
    ):
        return True
    if _label_empty(first):
        return True
    if _repeats_label(rows, first):
        return True
    label = next(rec for rec in first if rec.col == 0)
    if label.end < n_cols and all(not rec.text.strip() for rec in first if rec is not label):
        return True  # only label text, beside empty columns: the rest of a cut label
    above = _covering(rows, 0)
    if above is None or not above.paragraphs or not label.paragraphs:
        return False
    if not above.paragraphs[-1].can_continue_with(label.paragraphs[0].lines[0]):
        return False
    if _opens_bracket(" ".join(ln.text for ln in above.paragraphs[-1].lines)):
        # "(include" above, "explanation if required)" here: a label never leaves a
        # bracket open at its end, so the break fell inside it.
        return True
    padding = _row_padding([c for c in previous.cells if c.bottom == bottom])
    size = label.paragraphs[0].lines[0].size
    return (
        padding is not None
        and reference is not None
        and reference >= _SPACING * size
        and padding < reference - _CUT_MARGIN * size
    )


def _opens_bracket(text: str) -> bool:
    """Whether a paragraph's text leaves a round bracket open."""
    return text.count("(") > text.count(")")


# -- build ----------------------------------------------------------------------------


def _place(part: TableDraft, xs: Sequence[float]) -> list[list[_Rec]]:
    """The fragment's rows, each cell placed on the table's common grid."""
    tops = sorted({c.top for c in part.cells})
    placed: list[list[_Rec]] = [[] for _ in tops]
    row_of = {top: r for r, top in enumerate(tops)}
    for c in sorted(part.cells, key=lambda c: (c.top, c.x0)):
        col = nearest(xs, c.x0)
        span = max(1, nearest(xs, c.x1) - col)
        # Rows spanned: the row bands (cell tops) from this cell's top to its bottom.
        row_span = max(1, sum(1 for t in tops if c.top <= t < c.bottom))
        placed[row_of[c.top]].append(_Rec(col, span, row_span, c, list(c.paragraphs), c.trailing))
    return placed


def _covering(rows: list[list[_Rec]], col: int) -> _Rec | None:
    """The cell covering grid column ``col`` in the last row (following row spans)."""
    last = len(rows) - 1
    for r in range(last, -1, -1):
        for rec in rows[r]:
            if rec.col <= col < rec.end and r + rec.row_span > last:
                return rec
    return None


def _label_empty(row: list[_Rec]) -> bool:
    first = next((rec for rec in row if rec.col == 0), None)
    return first is None or not first.text.strip()


def _runs_on(target: _Rec, rec: _Rec, m: _Measures) -> bool:
    """Whether the continuation cell's first paragraph is the rest of the target's last.

    Its first word must not have fitted on the last line above. And the paragraph above
    ended at the break when its cell kept room for another line under the padding
    complete cells keep (the line would have been set there: widow control moves one
    line, not two), or when it closes a sentence and kept that padding.
    """
    para = target.paragraphs[-1]
    line = rec.paragraphs[0].lines[0]
    if not para.can_continue_with(line):
        return False
    room, ref, size = target.trailing, m.reference, line.size
    if room is None:
        return True  # nothing to measure: the width test alone decides
    sentence_end = para.lines[-1].text.rstrip().endswith(_SENTENCE_END)
    if ref is None or ref < _SPACING * size:
        # Cells keep little padding (a browser's 2pt): room for another line under a
        # closed sentence (a blank paragraph) ends the paragraph; room under an open one
        # is what widow control leaves when it moves lines over.
        return not (sentence_end and room >= (ref or 0.0) + m.leading * size)
    if room >= ref + m.leading * size:
        return False
    return not (sentence_end and room >= ref - _CUT_MARGIN * size)


def _repeats_label(rows: list[list[_Rec]], first: list[_Rec]) -> bool:
    """Whether the fragment's first row repeats, word for word, the label of the row the
    break fell in (a producer that writes the label again on a continuation; two rows
    of one table never carry the same label one after the other)."""
    label = next((rec for rec in first if rec.col == 0), None)
    above = _covering(rows, 0)
    if label is None or above is None or label.end != above.end:
        return False
    words = " ".join(label.text.split())
    return bool(words) and words == " ".join(above.text.split())


def _merge_row(rows: list[list[_Rec]], row: list[_Rec], m: _Measures) -> None:
    """Fold a continuation row into the last row: each cell into the one above it (a
    label repeated on the continuation is dropped, not written twice)."""
    repeated = _repeats_label(rows, row)
    for rec in row:
        target = _covering(rows, rec.col)
        if target is None:
            rows[-1].append(rec)
            rows[-1].sort(key=lambda r: r.col)
            continue
        target.row_span += rec.row_span - 1
        if not rec.paragraphs or (repeated and rec.col == 0):
            continue
        first = rec.paragraphs[0]
        if target.paragraphs and _runs_on(target, rec, m):
            # The break fell inside a paragraph: its lines run on.
            target.paragraphs[-1].lines.extend(first.lines)
            target.paragraphs.extend(rec.paragraphs[1:])
        else:
            target.paragraphs.extend(rec.paragraphs)
        target.trailing = rec.trailing


def _same_text(a: list[_Rec], b: list[_Rec]) -> bool:
    key_a = [(r.col, r.span, " ".join(r.text.split())) for r in a]
    key_b = [(r.col, r.span, " ".join(r.text.split())) for r in b]
    return key_a == key_b and any(k[2] for k in key_a)


def _build_table(parts: list[TableDraft], index: int, m: _Measures) -> Table:
    # The common grid: every column boundary of every fragment (a continued table keeps
    # its columns, so they line up across pages).
    xs = snap([x for p in parts for c in p.cells for x in (c.x0, c.x1)], m.tol)
    rows: list[list[_Rec]] = []
    header = False
    for k, part in enumerate(parts):
        placed = _place(part, xs)
        if k and placed and rows:
            if _same_text(placed[0], rows[0]):
                header = True  # the printer repeated the table's header row
                placed = placed[1:]
            n_cols = len(xs) - 1
            if placed and _split_row(rows, placed[0], parts[k - 1], m.reference, n_cols):
                _merge_row(rows, placed[0], m)
                placed = placed[1:]
        rows.extend(placed)
    return _layout_table(rows, index, len(xs) - 1, header)


def _layout_table(rows: list[list[_Rec]], index: int, n_cols: int, header: bool) -> Table:
    out_rows = []
    for r, recs in enumerate(rows):
        cells = []
        for rec in recs:
            d = rec.draft
            where = {"table": index, "row": r, "cell": rec.col}
            paragraphs: list[Paragraph] = [
                p.to_paragraph(_origin(p, paragraph=k, **where))
                for k, p in enumerate(rec.paragraphs)
            ]
            cells.append(
                Cell(
                    rec.col,
                    rec.span,
                    paragraphs,
                    origin=Origin(page=d.page, bbox=d.bbox, **where),
                    row_span=rec.row_span,
                    shaded=d.shaded,
                )
            )
        out_rows.append(Row(cells, index=r, is_header=header and r == 0))
    return Table(out_rows, n_cols=max(n_cols, 1), index=index, origin=Origin(table=index))
