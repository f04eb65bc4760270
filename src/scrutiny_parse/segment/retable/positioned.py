"""Rebuilding tables from text that kept its columns (``TextLine.spans``, a -layout dump).

Where a dump keeps the page's layout, a table row is its label at the left edge and its
cells side by side at the columns where they sat on the page, so nothing needs guessing
from reading order. The steps:

    split_label_column  each line -> the part left of the value columns (labels,
                        headings, paragraphs) and its value pieces
    structure           recommendations, parts and rows, from the left parts alone
                        (the same :func:`~.structure.structure` as reading-order text)
    owners              every value piece to the row whose label lines it stands
                        beside or below
    block_columns       a block's value columns: piece starts shared by two rows or
                        more, clustered, then found again page by page (:mod:`.grid`)
    row_cells           pieces to columns; a piece wider than its column spans the
                        columns it covers; an empty column beside a short Responsibility,
                        Date, Action or Measure cell is covered by it (a merged cell),
                        with a note naming the recommendation and field

Paragraphs inside a cell break at blank lines within a page, at bullets, and where a
line was ended on purpose (:func:`~.cells.paragraphs`).
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, replace

from scrutiny_parse.layout import Block, Cell, Origin, Paragraph, Row, Run, Span, Table, TextLine
from scrutiny_parse.normalise.text import strip_bullet
from scrutiny_parse.segment.retable.build import TextBuilder
from scrutiny_parse.segment.retable.cells import Guess, Piece
from scrutiny_parse.segment.retable.doctext import DocText, PartText, RecText, RowText
from scrutiny_parse.segment.retable.grades import grades_only
from scrutiny_parse.segment.retable.grid import SAME_COLUMN, cluster, page_columns, split_at_starts
from scrutiny_parse.segment.retable.label_column import LabelColumn, split_label_column
from scrutiny_parse.segment.retable.legend_lines import GRADE_PAIR
from scrutiny_parse.segment.retable.merged_rounds import span_as_evidence
from scrutiny_parse.segment.retable.paragraphs import paragraphs
from scrutiny_parse.segment.retable.structure import structure
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
)

__all__ = ["positioned_blocks"]


def _owners(doc: DocText, col: LabelColumn) -> dict[int, RowText]:
    """Source line -> the row its value pieces belong to."""
    owner_at: dict[int, RowText | None] = {ln.number: None for ln in col.left}
    for rec in doc.recs:
        for part in rec.parts:
            for row in part.rows:
                for n in range(row.start, row.label_end + 1):
                    owner_at[n] = row
                for ln in row.lines:
                    owner_at[ln.number] = row
    out: dict[int, RowText] = {}
    current: RowText | None = None
    for n in sorted(col.lines):
        if n in owner_at and col.lines[n].kind == "text":
            current = owner_at[n]
        if current is not None and n in col.values:
            out[n] = current
    return out


@dataclass
class _Placed:
    col: int
    span: int
    lines: list[TextLine]


class PositionedBuilder(TextBuilder):
    """Tables from positioned pieces; paragraphs and front matter as for any dump."""

    def __init__(self, col: LabelColumn, doc: DocText, paged: bool) -> None:
        super().__init__(page_width=_page_width(col), interleaved=False, paged=paged)
        self.col = col
        self.doc = doc
        self.owner = _owners(doc, col)
        self._rec_number: int | None = None
        # The value columns of the table being built, per page (see _page_columns).
        self._page_cols: dict[int, list[int]] = {}
        self.by_row: dict[int, list[int]] = {}
        for n, row in self.owner.items():
            self.by_row.setdefault(id(row), []).append(n)

    def recommendation(self, rec: RecText) -> None:
        # "Recommendatio" / "n 1" in a narrow label cell, the recommendation's text in
        # the value cells beside it: the pieces beside the heading are its text.
        beside = self._heading_pieces(rec)
        if beside:
            last = rec.heading[-1]
            text = [TextLine(t, "text", last.page, last.number) for t in beside]
            rec = replace(rec, heading=[*rec.heading, *text])
        super().recommendation(rec)

    def _heading_pieces(self, rec: RecText) -> list[str]:
        """The value pieces' text on the heading's lines, before the first row's label."""
        first = rec.heading[0].number
        rows = [r for p in rec.parts for r in p.rows]
        end = rows[0].start if rows and rows[0].start >= 0 else rec.heading[-1].number + 1
        return [
            " ".join(s.text for s in self.col.values[n])
            for n in sorted(self.col.values)
            if first <= n < end and n not in self.owner
        ]

    def _row_pieces(self, row: RowText) -> list[tuple[TextLine, Span]]:
        out: list[tuple[TextLine, Span]] = []
        for n in self.by_row.get(id(row), []):
            out.extend((self.col.lines[n], s) for s in self.col.values[n])
        return out

    def _table(self, rec: RecText, part: PartText) -> Table:
        where = f"{part.heading}, " if part.heading else ""
        self._rec_number = rec.number or None
        placed_on = [(ln.page, id(r), s) for r in part.rows for ln, s in self._row_pieces(r)]
        pieces = [(r, s) for _, r, s in placed_on]
        cols = cluster(pieces) if pieces else [0]
        cols, self._page_cols = page_columns(placed_on, cols)
        right = max((s.end for _, s in pieces), default=cols[-1] + 1)
        k = len(cols)
        index = self.tables
        self.tables += 1
        rows: list[Row] = []
        evidence: dict[str | None, list[_Placed]] = {}  # each round's evidence cells
        for row in part.rows:
            self._note_wide_lines(row, where)
            placed = self._cells(row, cols, right, where)
            if row.field == "evidence":
                evidence[row.period] = placed
            elif row.field == "assessment" and row.period in evidence:
                placed = self._span_as_evidence(placed, evidence[row.period], row, where)
            rows.append(self._positioned_row(row, placed, cols, right, k, index, len(rows)))
        page = self._pg(part.page)
        return Table(rows, k + 1, index, Origin(page=page, table=index))

    def _cells(self, row: RowText, cols: list[int], right: int, where: str) -> list[_Placed]:
        k = len(cols)
        per_col: dict[int, list[tuple[TextLine, Span]]] = {}
        reach: dict[int, int] = {}
        pieces = self._row_pieces(row)
        starts: dict[int, set[int]] = {}
        for ln, sp in pieces:
            starts.setdefault(ln.number, set()).add(sp.start)
        pieces = [
            (ln, part)
            for ln, sp in pieces
            for part in split_at_starts(
                sp, starts.get(ln.number - 1, set()) | starts.get(ln.number + 1, set())
            )
        ]
        taken: dict[int, set[int]] = {}  # line -> columns its pieces went to
        for ln, sp in pieces:
            here = self._page_cols.get(ln.page, cols)
            c = max((i for i, x in enumerate(here) if x <= sp.start + SAME_COLUMN), default=0)
            used = taken.setdefault(ln.number, set())
            graded = row.field == "assessment" and grades_only(sp.text)
            if graded and c in used and c + 1 < k and c + 1 not in used:
                # "Progress   1     2          2     2": a grade set apart from the one
                # before it is the next cell's, though squeezed left of its column.
                c += 1
            used.add(c)
            per_col.setdefault(c, []).append((ln, sp))
            # The last column this piece reaches into: a piece wider than its column is a
            # cell merged across the columns it covers.
            last = max(i for i, x in enumerate(here) if i == c or x < sp.end - 1)
            reach[c] = max(reach.get(c, c), last)
        occupied = sorted(per_col)
        placed: list[_Placed] = []
        for j, c in enumerate(occupied):
            nxt = occupied[j + 1] if j + 1 < len(occupied) else k
            end = min(max(reach[c], c), nxt - 1)
            if end < nxt - 1 and row.field in ACTION_FIELDS:
                # "Fleet Manager" then nothing until the third column: one cell merged
                # over the empty columns (Word merges such cells; an empty Date or
                # Responsibility cell is rare). Say so: the text cannot prove it.
                self._guess(
                    row,
                    f"{where}{row.field.replace('_', ' ')}: a cell taken to cover "
                    f"columns {c + 1}-{nxt} (no text in the columns beside it)",
                )
                end = nxt - 1
            placed.append(_Placed(c, end - c + 1, _cell_lines(per_col[c])))
        return placed

    def _guess(self, row: RowText, message: str, page: int | None = None) -> None:
        """A warning about ``row`` of the recommendation being built."""
        self.notes.append(
            Guess(
                message,
                recommendation=self._rec_number,
                field=row.field,
                page=self._pg(row.page if page is None else page),
            )
        )

    def _note_wide_lines(self, row: RowText, where: str) -> None:
        """A line wider than the label column inside a row has no value pieces: its
        text is in no cell. Say so rather than drop it silently."""
        for ln in row.lines:
            if ln.kind == "text" and ln.number in self.col.wide:
                self._guess(
                    row,
                    f"{where}{row.field.replace('_', ' ')}: a line across the label "
                    f"column not placed in any cell: {ln.text[:80]!r}",
                    ln.page,
                )

    def _span_as_evidence(
        self, placed: list[_Placed], evidence: list[_Placed], row: RowText, where: str
    ) -> list[_Placed]:
        """See :func:`.merged_rounds.span_as_evidence`."""

        cells = span_as_evidence(
            [(p.col, p.span, p.lines) for p in placed],
            [(e.col, e.span, e.lines) for e in evidence],
            lambda message: self._guess(row, f"{where}assessment: {message}"),
        )
        return [_Placed(col, span, lines) for col, span, lines in cells]

    def _positioned_row(
        self,
        row: RowText,
        placed: list[_Placed],
        cols: list[int],
        right: int,
        k: int,
        table: int,
        index: int,
    ) -> Row:
        page = self._pg(row.page)
        origin = Origin(page=page, table=table, row=index, cell=0)
        label = [Paragraph([Run(row.label)], origin)] if row.label else []
        out = [Cell(0, 1, label, origin)]
        for p in placed:
            stop = cols[p.col + p.span] if p.col + p.span < k else right + 1
            width = max(stop - cols[p.col] - 1, 1)
            cell_origin = Origin(page=page, table=table, row=index, cell=p.col + 1)
            paras = [Paragraph([Run(t)], cell_origin) for t in paragraphs([Piece(p.lines)], width)]
            out.append(Cell(p.col + 1, p.span, paras, cell_origin))
        return Row(out, index)

    def legend_items(self, doc: DocText) -> tuple[list[str], list[str]]:
        """Digits on one line, each wording in the column below its digit ("Fully" /
        "Achieved" under "1"); other legends as in any dump."""
        label = doc.legend_label or ""
        rows = [
            kept
            for n, ln in sorted(self.col.lines.items())
            if n >= doc.legend_start
            and (kept := [s for s in ln.spans if s.text.rstrip(":") not in label])
        ]
        top = next((i for i, r in enumerate(rows) if all(_is_digit(s.text) for s in r)), None)
        tokens = [[t for sp in r for t in _legend_tokens(sp.text)] for r in rows]
        if top is None and sum(_pairs_in(r) for r in tokens) >= 2:
            return _paired_legend(tokens)
        if top is None or len(rows[top]) < 2:
            return super().legend_items(doc)
        digits = rows[top]
        words: list[list[str]] = [[] for _ in digits]
        for spans in rows[top + 1 :]:
            for sp in spans:
                middle = (sp.start + sp.end) / 2
                j = min(range(len(digits)), key=lambda i: abs(_middle(digits[i]) - middle))
                words[j].append(sp.text)
        return [d.text for d in digits], [" ".join(w) for w in words]


def _legend_tokens(text: str) -> list[str]:
    """A legend span as digits and wordings: "1 Fully Achieved" is "1", "Fully Achieved"."""
    m = GRADE_PAIR.match(text.strip())
    return [m[1], m[2]] if m else [text.strip()]


def _pairs_in(tokens: list[str]) -> int:
    return sum(_is_digit(a) and not _is_digit(b) for a, b in itertools.pairwise(tokens))


def _paired_legend(rows: list[list[str]]) -> tuple[list[str], list[str]]:
    """Each grade followed by its wording ("1          Achieved (Fully)", or "1 Fully
    Achieved   2 On-Track" on one line); a row without a digit goes on the wording above
    it ("On Track but not yet due" / "for completion")."""
    digits: list[str] = []
    words: list[list[str]] = []
    for tokens in rows:
        for t in tokens:
            if _is_digit(t):
                digits.append(t)
                words.append([])
            elif words:
                words[-1].append(t)
    return digits, [" ".join(w) for w in words]


def _is_digit(text: str) -> bool:
    return text.strip() in {"1", "2", "3", "4"}


def _middle(span: Span) -> float:
    return (span.start + span.end) / 2


def _cell_lines(pieces: list[tuple[TextLine, Span]]) -> list[TextLine]:
    """A cell's lines in order: pieces of one line joined; a line of the row on the same
    page with nothing in this column between two of its lines is a paragraph break; a
    line indented to the text of the bullet item above it goes on that item."""
    by_line: dict[int, list[Span]] = {}
    page_of: dict[int, int] = {}
    for ln, sp in pieces:
        by_line.setdefault(ln.number, []).append(sp)
        page_of[ln.number] = ln.page
    out: list[TextLine] = []
    prev: int | None = None
    hang: int | None = None  # where the open bullet item's text starts
    for n in sorted(by_line):
        spans = sorted(by_line[n], key=lambda s: s.start)
        text = " ".join(s.text for s in spans)
        x = spans[0].start
        if prev is not None and n > prev + 1 and page_of[n] == page_of[prev]:
            out.append(TextLine("", "hard", page_of[n], n - 1))
            hang = None
        elif (
            hang is not None
            and x >= hang - 1
            and out
            and out[-1].kind == "text"
            and strip_bullet(text)[1] is None
        ):
            # "• Stockbridge" / "  Foodbank": the item's wrapped line.
            out[-1] = replace(out[-1], text=f"{out[-1].text}\n{text}")
            prev = n
            continue
        _, glyph = strip_bullet(text)
        hang = x + (len(text) - len(text[1:].lstrip()) if glyph == "•" else 0) if glyph else None
        out.append(TextLine(text, "text", page_of[n], n))
        prev = n
    return out


def _page_width(col: LabelColumn) -> float:
    ends = [ln.spans[-1].end for ln in col.lines.values() if ln.spans]
    return float(statistics.median(ends)) if ends else 80.0


def positioned_blocks(lines: list[TextLine], paged: bool) -> tuple[list[Block], list[Guess]]:
    """Paragraphs and tables of a dump whose lines kept their columns."""
    col = split_label_column(lines)
    doc = structure(col.left, values_apart=True)
    builder = PositionedBuilder(col, doc, paged)
    builder.front(doc.front)
    for rec in doc.recs:
        builder.recommendation(rec)
    builder.legend(doc)
    return builder.blocks, builder.notes
