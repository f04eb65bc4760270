"""Rebuilding tables from reading-order text: structure -> one table per block of rows.

Per recommendation and sub-part, the table a Word document would have had (a label
column plus ``k`` value columns, spanning cells where one value covers several columns)
is rebuilt from the rows :mod:`.structure` found, with the column count :mod:`.columns`
voted for and the cells :mod:`.cells`, :mod:`.values` and :mod:`.grades` cut.
"""

from __future__ import annotations

from dataclasses import replace

from scrutiny_parse.layout import Block, Cell, Origin, Paragraph, Row, Run, Table, TextLine
from scrutiny_parse.segment.labels import classify
from scrutiny_parse.segment.retable.cells import (
    BlockCtx,
    Chunk,
    GridRow,
    Guess,
    Piece,
    cell_width,
    chunks_of,
)
from scrutiny_parse.segment.retable.columns import column_width, decide_columns, full_width
from scrutiny_parse.segment.retable.doctext import DocText, PartText, RecText
from scrutiny_parse.segment.retable.grade_pool import pool_grades
from scrutiny_parse.segment.retable.grades import (
    assessment_cells,
    current_grades,
    grade_count,
    grades_only,
)
from scrutiny_parse.segment.retable.legend_lines import legend_items
from scrutiny_parse.segment.retable.line_cells import line_cells
from scrutiny_parse.segment.retable.merged_rounds import span_as_evidence
from scrutiny_parse.segment.retable.paragraphs import paragraphs
from scrutiny_parse.segment.retable.structure import structure
from scrutiny_parse.segment.retable.text_cells import text_cells
from scrutiny_parse.segment.retable.topics import words_of
from scrutiny_parse.vocabulary import (
    FRONT_MATTER_FIELDS,
    Field,
)

__all__ = ["TextBuilder", "lines_to_blocks"]

# A cell with this many lines shows its column's width by itself.
_TRUST_LINES = 5


def lines_to_blocks(
    lines: list[TextLine], paged: bool, *, drawn: bool = False, boxed: bool = False
) -> tuple[list[Block], list[Guess]]:
    """The paragraphs and tables of a dump's lines, and the notes on what was guessed;
    ``drawn``: the lines come cell by cell (:attr:`Layout.lines_drawn`); ``boxed``: as
    whole boxes in the tool's own order (:attr:`Layout.lines_boxed`)."""
    doc = structure(lines, boxed=boxed)
    builder = TextBuilder(full_width(doc), doc.interleaved, paged, drawn=drawn, boxed=boxed)
    builder.front(doc.front)
    for rec in doc.recs:
        builder.recommendation(rec)
    builder.legend(doc)
    return builder.blocks, builder.notes


def _para(text: str, page: int | None, index: int | None = None) -> Paragraph:
    return Paragraph([Run(text)], Origin(page=page, paragraph=index))


class TextBuilder:
    """Appends paragraphs and tables to ``blocks`` in reading order."""

    def __init__(
        self,
        page_width: float,
        interleaved: bool,
        paged: bool,
        *,
        drawn: bool = False,
        boxed: bool = False,
    ) -> None:
        self.page_width = page_width
        self.drawn = drawn
        self.boxed = boxed
        self.interleaved = interleaved
        # Pages are known only when the dump has form feeds; the seed has none.
        self.paged = paged
        self.blocks: list[Block] = []
        self.notes: list[Guess] = []
        self.tables = 0

    def _pg(self, page: int) -> int | None:
        return page if self.paged else None

    # -- paragraphs outside tables ---------------------------------------------------
    def _paragraphs(self, lines: list[TextLine]) -> None:
        for chunk in chunks_of(lines):
            width = max(len(ln.text) for ln in chunk.texts)
            page = self._pg(chunk.texts[0].page)
            for text in paragraphs([Piece(chunk.lines)], width):
                self.blocks.append(_para(text, page, len(self.blocks)))

    def front(self, lines: list[TextLine]) -> None:
        self._paragraphs(_front_items(lines))

    # -- recommendations -----------------------------------------------------------------
    def recommendation(self, rec: RecText) -> None:
        heading = "\n".join(ln.text for ln in rec.heading)
        self.blocks.append(_para(heading, self._pg(rec.heading[0].page), len(self.blocks)))
        self._paragraphs(rec.intro)
        for part in rec.parts:
            if part.heading:
                self.blocks.append(_para(part.heading, self._pg(part.page), len(self.blocks)))
            if part.rows:
                self.blocks.append(self._table(rec, part))

    def _where(self, rec: RecText, part: PartText) -> str:
        where = f"recommendation {rec.number}"
        return f"{where} ({part.heading})" if part.heading else where

    def _table(self, rec: RecText, part: PartText) -> Table:
        k, votes = decide_columns(part, self.page_width, self.interleaved)
        width = column_width(part, k, self.page_width)
        ctx = BlockCtx(
            self._where(rec, part),
            k,
            width,
            self.interleaved,
            recommendation=rec.number or None,
            page=self._pg(part.page),
            part=part.heading,
            words=[set() for _ in range(k)] if self.drawn else [],
        )
        rivals = {n: w for n, w in votes.items() if n != k and w >= 0.6 * votes.get(k, 0)}
        if rivals:
            shown = ", ".join(f"{n}: {w:g}" for n, w in sorted(votes.items()))
            ctx.note(None, f"{k} column(s) chosen from disputed votes ({shown})")
        if self.boxed:
            # Boxes keep their top-to-bottom order, so grades pool in reading order
            # first; elsewhere a stray after a page break follows the label's grades.
            pool_grades(part, k, ctx, boxed=True)
            _borrow_stray_grades(part, k, ctx)
        else:
            _borrow_stray_grades(part, k, ctx)
            pool_grades(part, k, ctx)
        _amended_blocks(part, k, ctx)
        index = self.tables
        self.tables += 1
        rows: list[Row] = []
        evidence: dict[str | None, GridRow] = {}  # each round's evidence cells
        for row in part.rows:
            chunks = chunks_of(row.lines)
            # A value that began on its label's line ("Target Date March 2024 September
            # 2024 / ongoing") has its cells side by side, whatever the other rows do.
            row_ctx = replace(ctx, interleaved=True) if row.inline else ctx
            grid = self._grid(chunks, row.field, row_ctx)
            if row.field == "evidence" and grid:
                evidence[row.period] = grid[0]
            elif row.field == "assessment" and grid and row.period in evidence:
                grid[0] = span_as_evidence(
                    grid[0], evidence[row.period], lambda m: ctx.note("assessment", m)
                )
            if row.field in ("action", "success_measure", "evidence"):
                _learn_words(ctx, grid)
            if row.field == "assessment":
                ctx.previous_grades = current_grades(grid, k)
            for g, cells in enumerate(grid):
                label = row.label if g == 0 else ""
                rows.append(self._row(label, cells, ctx, self._pg(row.page), index, len(rows)))
        self.notes.extend(ctx.notes)
        return Table(rows, k + 1, index, Origin(page=self._pg(part.page), table=index))

    @staticmethod
    def _grid(chunks: list[Chunk], fld: Field, ctx: BlockCtx) -> list[GridRow]:
        if not chunks:
            return [[(0, ctx.k, [])]]
        if fld == "assessment":
            return assessment_cells(chunks, ctx)
        if fld in ("responsibility", "date"):
            return line_cells(chunks, fld, ctx)
        return text_cells(chunks, fld, ctx)

    def _row(
        self, label: str, cells: GridRow, ctx: BlockCtx, page: int | None, table: int, index: int
    ) -> Row:
        """One table row: the label cell, then the value cells on the grid."""
        k = ctx.k
        origin = Origin(page=page, table=table, row=index, cell=0)
        out = [Cell(0, 1, [_para(label, page)] if label else [], origin)]
        for start, span, pieces in cells:
            own, count = cell_width(pieces)
            # A cell of a few lines may not reach its column's width: use the block's.
            base = ctx.col_width if span == 1 else self.page_width - 3
            width = own if count >= _TRUST_LINES else max(own, round(base))
            origin = Origin(page=page, table=table, row=index, cell=start + 1)
            paras = [Paragraph([Run(t)], origin) for t in paragraphs(pieces, width)]
            out.append(Cell(start + 1, min(span, k - start), paras, origin))
        return Row(out, index)

    # -- legend --------------------------------------------------------------------------
    def legend(self, doc: DocText) -> None:
        if doc.legend_label is None:
            return
        digits, labels = self.legend_items(doc)
        page = self._pg(doc.legend_page)
        index = self.tables
        self.tables += 1

        def cell(col: int, text: str, row: int) -> Cell:
            origin = Origin(page=page, table=index, row=row, cell=col)
            return Cell(col, 1, [_para(text, page)] if text else [], origin)

        if not digits:
            text = " ".join(labels)
            rows = [Row([cell(0, doc.legend_label, 0), cell(1, text, 0)], 0)]
            self.blocks.append(Table(rows, 2, index, Origin(page=page, table=index)))
            return
        n = len(digits)
        top = [cell(0, doc.legend_label, 0)] + [cell(j + 1, d, 0) for j, d in enumerate(digits)]
        bottom = [cell(0, "", 1)] + [cell(j + 1, t, 1) for j, t in enumerate(labels[:n])]
        self.blocks.append(
            Table([Row(top, 0), Row(bottom, 1)], n + 1, index, Origin(page=page, table=index))
        )
        if len(labels) != n:
            self.notes.append(
                Guess(f"legend: {n} grades but {len(labels)} wordings found", field="legend")
            )

    def legend_items(self, doc: DocText) -> tuple[list[str], list[str]]:
        """The legend's grade digits and their wordings, in order."""
        return legend_items(doc.legend)


def _learn_words(ctx: BlockCtx, grid: list[GridRow]) -> None:
    """Add each column's content words from a text row just built (see :mod:`.topics`);
    kept only where the lines come cell by cell, as the grouping by words assumes."""
    if not ctx.words:
        return
    for cells in grid:
        for start, span, pieces in cells:
            texts = [ln.text for p in pieces for ln in p.lines if ln.kind == "text"]
            found = words_of(texts)
            for j in range(start, min(start + span, ctx.k)):
                ctx.words[j] |= found


def _borrow_stray_grades(part: PartText, k: int, ctx: BlockCtx) -> None:
    """Grade-only blocks inside an evidence row go to the assessment row of its round
    when that row shows fewer grades than the block has columns, or, counting a block
    per cell, they and its grade blocks make one per column.

    pdftotext may write a row broken across pages as the cells' rests, then the grades
    of the last cells ("2" / "2"), then the assessment's label and the first cells'
    grades ("1 2 Numbers are below target").
    """
    for row in part.rows:
        if row.field != "evidence":
            continue
        target = next(
            (r for r in part.rows if r.field == "assessment" and r.period == row.period), None
        )
        if target is None:
            continue
        chunks = chunks_of(target.lines)
        missing = k - grade_count(chunks)
        row_chunks = chunks_of(row.lines)
        strays = [c for c in row_chunks if len(c.texts) == 1 and grades_only(c.texts[0].text)]
        if strays and len(strays) + _grade_blocks(chunks) == k:
            # "1" among the evidence, then "2 3" and "3" for three columns: a block
            # per cell, "2 3" one cell's amended grade (see _amended_blocks).
            missing = len(strays)
        if missing <= 0 or not strays or len(strays) > missing:
            continue
        moved = {id(ln) for c in strays for ln in c.lines}
        row.lines = [ln for ln in row.lines if id(ln) not in moved]
        # Read before the assessment's own grades, they are most often its first
        # cells' (pdfminer writes them either way: a guess, and a warning); but a page
        # break writes the rests of the cells it cut, the last cells' grades among
        # them, before the label and the first cells' grades. So does a first cell
        # taller than the rest: its rest ("• St Aidan's Primary School") comes after
        # the grades of the cells that ended, and its grade after the label.
        broken = strays[0].texts[0].page > row.page or _rest_follows(
            row_chunks, strays[-1], target.start
        )
        grades: list[TextLine] = []
        for c in strays:
            grades += [TextLine("", "hard", 0, -1), *c.texts]
        if broken:
            target.lines = [*target.lines, *grades]
        else:
            target.lines = [*grades[1:], TextLine("", "hard", 0, -1), *target.lines]
        shown = ", ".join(c.texts[0].text for c in strays)
        which = "last" if broken else "first"
        ctx.note(
            "assessment", f"grade(s) {shown} found among the evidence read as the {which} columns'"
        )


def _rest_follows(chunks: list[Chunk], last: Chunk, label: int) -> bool:
    """Evidence text follows the last stray grade, written before the assessment's label
    (at line ``label``; text after it was moved back by reordering): a cell still open
    when the others ended and their grades were written."""
    after = chunks[chunks.index(last) + 1 :]
    return any(
        c.texts and not grades_only(c.texts[0].text) and (label < 0 or c.texts[0].number < label)
        for c in after
    )


def _grade_blocks(chunks: list[Chunk]) -> int:
    """How many blocks open with a line of grades alone ("2", "2 3")."""
    return sum(1 for c in chunks if c.texts and grades_only(c.texts[0].text))


def _amended_blocks(part: PartText, k: int, ctx: BlockCtx) -> None:
    """Where an assessment row has a block of grades per column, each block is one
    cell: "2 3" there is a grade amended in its cell (2, then 3), not two cells.

    pdfminer writes every cell as a block of its own; extraction that writes
    side-by-side cells on one line ("1 3" for two cells) leaves fewer blocks than
    columns, and this reading does not apply.
    """
    for row in part.rows:
        if row.field != "assessment":
            continue
        chunks = chunks_of(row.lines)
        if _grade_blocks(chunks) != k or grade_count(chunks) <= k:
            continue
        for c in chunks:
            first = c.texts[0] if c.texts else None
            # An amended grade is two digits: the struck one and the new one.
            if first is None or not grades_only(first.text) or len(first.text.split()) != 2:
                continue
            joined = "".join(first.text.split())
            row.lines = [replace(ln, text=joined) if ln is first else ln for ln in row.lines]
            ctx.note(
                "assessment",
                f"a block of grades for each of {k} columns; {first.text!r} read as one "
                "cell's amended grade",
            )


def _front_items(lines: list[TextLine]) -> list[TextLine]:
    """Front matter with each labelled item a paragraph of its own: "Link Officers: Amira
    Haddad & Tom Pickering" / "Action Plan Agreed: 8 February 2023" on consecutive lines
    are two items, however long the first line is."""
    out: list[TextLine] = []
    for ln in lines:
        head, colon, _ = ln.text.partition(":")
        label = classify(f"{head}:") if colon and ln.kind == "text" else None
        front_item = label is not None and label.field in FRONT_MATTER_FIELDS
        if front_item and out and out[-1].kind == "text":
            out.append(TextLine("", "hard", ln.page, ln.number))
        out.append(ln)
    return out
