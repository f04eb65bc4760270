"""Flatten a layout into *lines*: one per body paragraph or table row, each with its label.

A progress update is read as a sequence of labelled lines ("Responsibility:" followed by
value cells), whatever holds them: a row of one table per recommendation, a row of one
long table, or a "Review: Digital Optimisation" paragraph. This module decides, for each
line, which cell is the label and which cells carry values, and nothing more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..layout import Cell, Layout, Origin, Paragraph, Row, Run, Table
from .labels import Label, classify


@dataclass
class Value:
    """A value cell on its table's grid: covers grid columns [start, end)."""

    start: int
    end: int
    paragraphs: list[Paragraph]
    origin: Origin

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @classmethod
    def of(cls, cell: Cell) -> Value:
        return cls(cell.col, cell.end, cell.paragraphs, cell.origin)


@dataclass
class Line:
    """One labelled line of the document."""

    label: Label | None
    # The label cell's (or paragraph's) whole text, as written.
    text: str
    values: list[Value]
    origin: Origin
    table: Table | None = None
    # The row has a single cell (a spanning heading row) or is a body paragraph.
    single: bool = False
    # The label cell is empty or continues a vertical merge from the row above: the row
    # carries on the previous line (a row broken across pages, or a merged label).
    continuation: bool = False
    paragraph: Paragraph | None = None
    # The label text is set in bold, or its cell shaded: the document's own cue that it
    # is a label or heading, not content.
    bold: bool = False
    shaded: bool = False
    cells: list[Cell] = field(default_factory=list)


def layout_to_lines(layout: Layout) -> Iterator[Line]:
    """Every body paragraph and table row of ``layout``, in reading order.

    A header row (Word's "repeat as header row", or one a PDF reader recognised) that
    says again what an earlier header row said is the table's header repeated at a page
    break, not content: it is skipped.
    """
    headers: set[tuple[str, ...]] = set()
    for block in layout.blocks:
        yield from block_to_lines(block, headers)


def block_to_lines(
    block: Paragraph | Table, headers: set[tuple[str, ...]] | None = None
) -> Iterator[Line]:
    """The lines of one body block: a paragraph, or a table's rows. ``headers`` holds
    the header rows seen so far (shared over a document), so a repeated one is skipped."""
    seen = headers if headers is not None else set()
    if isinstance(block, Paragraph):
        text = block.text
        if text.strip():
            yield paragraph_to_line(block, text)
    else:
        for row in block.rows:
            if row.is_header:
                key = tuple(" ".join(c.text.split()) for c in row.cells)
                if key in seen:
                    continue
                seen.add(key)
            line = row_to_line(block, row)
            if line is not None:
                yield line


def paragraph_to_line(p: Paragraph, text: str | None = None) -> Line:
    """A body paragraph's line; ``text`` is ``p.text`` when the caller has it already."""
    text = (p.text if text is None else text).strip()
    return Line(
        label=classify(text, allow_rest=True),
        text=text,
        values=[],
        origin=p.origin,
        single=True,
        paragraph=p,
        bold=p.is_bold,
    )


def _cell_is_bold(cell: Cell) -> bool:
    paras = [p for p in cell.paragraphs if p.text.strip()]
    return bool(paras) and all(p.is_bold for p in paras)


def row_to_line(table: Table, row: Row) -> Line | None:
    """A table row's line: its label cell, classified, and its value cells. Each cell's
    text is joined once here (``Cell.text`` joins its paragraphs on every use)."""
    cells = [c for c in row.cells]
    if not cells:
        return None
    texts = [c.text for c in cells]
    if all(not t.strip() for t in texts):
        # An empty row (a spacer between blocks) says nothing; a vertically merged label
        # above it may still be open, which the caller does not need to know about.
        return None
    first = cells[0]
    if first.col > 0:
        # The label column is covered by a cell merged down from an earlier row (w:vMerge),
        # or the row starts late (w:gridBefore): either way it continues the label above.
        above = table.cell_at(row.index, 0)
        above_text = above.text if above is not None else ""
        inherited = classify(above_text) if above is not None else None
        return Line(
            label=inherited,
            text=above_text,
            values=[Value.of(c) for c in cells],
            origin=first.origin,
            table=table,
            continuation=True,
            cells=cells,
        )
    if len(cells) == 1:
        return Line(
            label=classify(texts[0], allow_rest=True),
            text=texts[0].strip(),
            values=[Value.of(first)],
            origin=first.origin,
            table=table,
            single=True,
            bold=_cell_is_bold(first),
            shaded=first.shaded,
            cells=cells,
        )
    label_text = texts[0].strip()
    label = classify(label_text)
    if label is None and label_text:
        # "Responsibility: Lorraine Dixon" typed into the label cell itself.
        inline = classify(label_text, allow_rest=True)
        if inline is not None and inline.field != "recommendation" and not inline.rest:
            label = inline
    if label is None and not label_text:
        return Line(
            label=None,
            text="",
            values=[Value.of(c) for c in cells[1:]],
            origin=first.origin,
            table=table,
            continuation=True,
            cells=cells,
        )
    return Line(
        label=label,
        text=label_text,
        values=[Value.of(c) for c in cells[1:]],
        origin=first.origin,
        table=table,
        bold=_cell_is_bold(first),
        shaded=first.shaded,
        cells=cells,
    )


def after_inline_label(value: Value) -> Value:
    """The value part of a cell that holds 'Label: value' (e.g. a spanning row
    "Responsibility: Lorraine Dixon"): the first non-empty paragraph loses everything up
    to its first colon; later paragraphs are kept whole, with their list state."""
    out: list[Paragraph] = []
    done = False
    for p in value.paragraphs:
        if done or not p.text.strip():
            out.append(p)
            continue
        done = True
        _, _, rest = p.text.partition(":")
        if rest.strip():
            out.append(Paragraph([Run(rest.strip())], p.origin, p.list_kind, p.list_level))
    return Value(value.start, value.end, out, value.origin)
