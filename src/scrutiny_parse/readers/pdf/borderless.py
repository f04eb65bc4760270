"""Tables printed without borders, found from text alignment alone.

A Word table with its borders switched off prints as text in columns: lines with wide
gaps where cell edges were (wider than any word space or list tab), the text on either
side starting at the same x line after line. :func:`borderless_tables` reads the page
body top to bottom:

* a table starts at the first line with a column-sized gap; lines just above it whose
  text sits in a value column (a row continued from the previous page) join it;
* each piece of text falls in the column whose range it starts in (an indented bullet
  stays in its column); two pieces in one column mean a column boundary not seen yet,
  added to the table, unless it is within a font size of a known one: then the text
  belongs to another table, printed with other column widths;
* a piece running past the next column's start spans those columns;
* a row starts where the first (label) column has text after a paragraph-sized gap
  across all columns; a label paragraph with no values beside it (the "(include
  explanation if required)" second paragraph of a label) stays in the row above;
* but where the label column is shaded, its shading decides: a producer paints each
  cell's background over exactly that cell, so label text in another shaded area than
  the label text above starts a row, and label text in the same one never does (a
  browser keeps rows as close as the paragraphs inside them: gaps cannot tell them).

Without borders, a short value meant for several columns looks like a value for one:
such a cell covers only the column it starts in (a known limit).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from scrutiny_parse.readers.pdf.geometry import GridCell
from scrutiny_parse.readers.pdf.pages import PageCell, PageContent, PageTable
from scrutiny_parse.readers.pdf.strokes import Fill
from scrutiny_parse.readers.pdf.textline import Piece, TextLine, line_part

__all__ = ["borderless_tables"]

# A gap between cells is wider than any word space or list-label tab (font sizes).
_COLUMN_GAP = 1.0
# Extra pitch over the leading that separates rows (a paragraph gap, as in _pdf_text).
_ROW_GAP = 0.35
# Text starts within this many font sizes of a column start are at that start.
_ALIGN = 0.15
# Two column starts closer than this (font sizes) belong to different tables.
_MIN_COLUMN = 1.0

Chunk = list[Piece]


def _chunks(line: TextLine) -> list[Chunk]:
    """The line's pieces grouped between column-sized gaps."""
    groups: list[Chunk] = []
    if len(line.spans) == 2:
        return [line.pieces]  # one piece: skip the grouping (most lines)
    for piece in line.pieces:
        if groups and piece.x0 - groups[-1][-1].x1 < _COLUMN_GAP * line.size:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _start(chunk: Chunk, line: TextLine) -> float:
    # The first chunk starts at the list marker, if any, not at the text after it.
    return line.x0 if chunk[0].index == 0 else chunk[0].x0


@dataclass(eq=False, slots=True)
class _Table:
    """A borderless table being read: its column starts and its lines."""

    starts: list[float]
    lines: list[TextLine] = field(default_factory=list)
    # Continues a table from the previous page (so needs no lines of its own to prove it).
    carried: bool = False

    def column(self, x: float, size: float) -> int:
        """The column whose range [start, next start) holds x (-1: left of the table)."""
        return bisect.bisect_right(self.starts, x + _ALIGN * size) - 1

    def take(self, line: TextLine) -> bool:
        """Add the line if it fits, learning new column starts; False if it belongs to
        another table."""
        size = line.size
        used: dict[int, float] = {}
        new: list[float] = []
        for chunk in _chunks(line):
            x = _start(chunk, line)
            k = self.column(x, size)
            if k < 0:
                return False
            if k in used:
                # A second piece of text in one column: a boundary not seen so far.
                if min(abs(x - s) for s in self.starts) < _MIN_COLUMN * size:
                    return False
                new.append(x)
                k = len(self.starts) + len(new)
            used[k] = x
        for x in new:
            bisect.insort(self.starts, x)
        self.lines.append(line)
        return True


def borderless_tables(
    page: PageContent, leading: float, right: float, carried: list[float] | None
) -> tuple[list[PageTable], list[float] | None]:
    """Tables among the page's body lines; their lines are taken out of the body.

    ``right`` is the document's right text edge: the edge of every borderless table,
    so that its fragments on consecutive pages line up. ``carried`` are the column
    starts of a borderless table that ran to the foot of the previous page: the page
    may begin with its rest (whose first lines alone would not show its columns).
    Returns the tables and, when the last one runs to the foot of this page, its
    column starts for the next.
    """
    lines = sorted(page.body, key=lambda ln: ln.top)
    found: list[_Table] = []
    current: _Table | None = None
    if carried and lines and not any(t.top < lines[0].top for t in page.tables):
        current = _Table(list(carried), carried=True)
        found.append(current)
    for i, line in enumerate(lines):
        if current is not None and current.take(line):
            continue
        chunks = _chunks(line)
        if len(chunks) < 2:
            current = None
            continue
        current = _Table(sorted({_start(c, line) for c in chunks}))
        # A row continued from the previous page starts above, in a value column.
        back = i
        while back > 0 and (not found or lines[back - 1] not in found[-1].lines):
            prev = lines[back - 1]
            if len(_chunks(prev)) != 1 or current.column(prev.x0, prev.size) < 1:
                break
            back -= 1
        current.lines.extend(lines[back:i])
        current.take(line)
        found.append(current)
    tables = [
        t
        for t in found
        if t.lines and (t.carried or sum(1 for ln in t.lines if len(_chunks(ln)) >= 2) >= 2)
    ]
    used = {id(ln) for t in tables for ln in t.lines}
    if used:
        page.body = [ln for ln in page.body if id(ln) not in used]
    runs_on = bool(tables and lines) and tables[-1].lines[-1] is lines[-1]
    below = any(t.top > lines[-1].top for t in page.tables) if lines else True
    carry = tables[-1].starts if runs_on and not below else None
    return [_to_page_table(t, leading, right, page.fills) for t in tables], carry


Row = list[tuple[TextLine, list[tuple[int, int, Chunk]]]]


def _placed(table: _Table, line: TextLine) -> list[tuple[int, int, Chunk]]:
    """Each chunk of the line with its first column and the columns it spans."""
    chunks = _chunks(line)
    cols = [table.column(_start(c, line), line.size) for c in chunks]
    out = []
    for n, (chunk, k) in enumerate(zip(chunks, cols, strict=True)):
        limit = cols[n + 1] if n + 1 < len(cols) else len(table.starts)
        end = k + 1
        while end < limit and table.starts[end] < chunk[-1].x1 - _ALIGN * line.size:
            end += 1
        out.append((k, end - k, chunk))
    return out


def _shading(line: TextLine, fills: Sequence[Fill]) -> int | None:
    """Index of the fill behind the start of ``line`` (its label text), if any."""
    x = line.x0 + 0.5 * line.first_glyph
    y = line.baseline - 0.3 * line.size
    for k, f in enumerate(fills):
        if f.x0 <= x <= f.x1 and f.top <= y <= f.bottom:
            return k
    return None


def _rows(table: _Table, leading: float, fills: Sequence[Fill] = ()) -> list[Row]:
    """The table's lines grouped into rows (see the module docstring for the rule)."""
    rows: list[Row] = []
    # Rows that shading started: never folded into the row above.
    shaded_starts: set[int] = set()
    prev: TextLine | None = None
    label_fill: int | None = None  # the shading behind the last label-column text
    for line in table.lines:
        placed = _placed(table, line)
        gap = prev is not None and (
            line.baseline - prev.baseline > (leading + _ROW_GAP) * line.size
        )
        in_label = placed[0][0] == 0
        fill = _shading(line, fills) if in_label else None
        if prev is None:
            rows.append([])
        elif in_label and fill is not None:
            if fill != label_fill:
                shaded_starts.add(len(rows))
                rows.append([])
        elif in_label and label_fill is not None:
            rows.append([])  # out of the shaded label cell: the next row's label
        elif gap and in_label:
            rows.append([])
        if in_label:
            label_fill = fill
        rows[-1].append((line, placed))
        prev = line
    # A label paragraph alone (nothing in any other column, no span) is more of the
    # label above it, not a row of its own.
    merged: list[Row] = []
    for r, row in enumerate(rows):
        alone = all(k == 0 and span == 1 for _, placed in row for k, span, _ in placed)
        above_spans = merged and any(span > 1 and k == 0 for _, p in merged[-1] for k, span, _ in p)
        if merged and alone and not above_spans and r not in shaded_starts:
            merged[-1].extend(row)
        else:
            merged.append(row)
    return merged


def _to_page_table(
    table: _Table, leading: float, right: float, fills: Sequence[Fill] = ()
) -> PageTable:
    """Cells for the table, bounded by its column starts and row tops, so that the rest
    of the reader treats it as one drawn with borders."""
    size = table.lines[0].size
    pad = 0.2 * size
    edges = [s - pad for s in table.starts] + [max(right, *(ln.x1 for ln in table.lines)) + pad]
    rows = _rows(table, leading, fills)
    # Without a border the text edge of a column is where its widest line ends.
    widest: dict[int, float] = {}
    for row in rows:
        for _, placed in row:
            for k, span, chunk in placed:
                if span == 1:
                    widest[k] = max(widest.get(k, 0.0), chunk[-1].x1)
    cells: list[PageCell] = []
    for r, row in enumerate(rows):
        top = min(ln.top for ln, _ in row) - pad
        bottom = (
            min(ln.top for ln, _ in rows[r + 1]) - pad
            if r + 1 < len(rows)
            else max(ln.bottom for ln, _ in row) + pad
        )
        spans: dict[int, int] = {}
        parts: dict[int, list[TextLine]] = {}
        for line, placed in row:
            for k, span, chunk in placed:
                spans[k] = max(spans.get(k, 1), span)
                parts.setdefault(k, []).append(line_part(line, chunk))
        k = 0
        while k < len(table.starts):
            span = spans.get(k, 1)
            # Text starting in a column the span would cover keeps its own cell.
            span = next((n for n in range(1, span) if k + n in parts), span)
            if k in parts:
                # Only cells with text: an empty one would pass for a value column of
                # its own (a one-action recommendation read as three).
                grid = GridCell(edges[k], top, edges[min(k + span, len(table.starts))], bottom)
                text_right = widest.get(k) if span == 1 else None
                cells.append(PageCell(grid, parts[k], right=text_right))
            k += span
    return PageTable(cells)
