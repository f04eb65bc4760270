"""Reading header-row tables: each body row into a recommendation, sub-item part and values.

Rows become the drafts (:class:`..drafts.RecDraft`) the label-column path builds, with
the guesses it had to make (numbering by position, continued rows) kept as notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...layout import Cell, Origin, Row, Table
from ...normalise.text import clean_paragraph
from ..celltext import paragraphs_text
from ..drafts import BlockDraft, PartDraft, RecDraft, RoundDraft, RowDraft
from ..labels import ACTION_FIELDS, Field
from .cells import (
    NUMBER_RE,
    column_line,
    leading_number,
    one_column,
    part_label,
    recommendation_text,
)
from .header import BODY_FIELDS, HeaderRow, find_header, header_of, looks_like_vertical_legend
from .page_breaks import split_sub_item_rows

__all__ = ["HeaderTableReader", "Placed"]


@dataclass
class Placed:
    """What reading a header-row table found: recommendations and leftover text."""

    recommendations: list[RecDraft] = field(default_factory=list)
    # (text, origin, reason, recommendation number): text that fits no field.
    unplaced: list[tuple[str, Origin, str, int | None]] = field(default_factory=list)
    # Rows above the header row (a title typed into the table), for the front matter.
    above: list[Row] = field(default_factory=list)
    # (code, message, recommendation, field, origin): guesses the reading made.
    notes: list[tuple[str, str, int | None, str | None, Origin | None]] = field(
        default_factory=list
    )


@dataclass
class _Open:
    """The recommendation being read and its current part."""

    rec: RecDraft
    letters: set[str] = field(default_factory=set)


class HeaderTableReader:
    """Reads header-row tables into recommendation drafts, table after table.

    One reader serves a whole document: a table fragment without a header that follows
    a header-row table with the same grid (a table a PDF could not rejoin across a page
    break) continues it under the same header.
    """

    def __init__(self, existing: Callable[[int], RecDraft | None]) -> None:
        # Drafts already made for a number (a recommendation continued in a later table).
        self._existing = existing
        self.header: HeaderRow | None = None
        self._n_cols = 0
        self._open: _Open | None = None
        self._auto_number = 0

    def take(self, table: Table, placed: Placed) -> bool:
        """Read ``table`` if it is a header-row table (or continues one); else False."""
        header = find_header(table)
        if header is None:
            if self.header is None or table.n_cols != self._n_cols:
                return False
            if looks_like_vertical_legend(table):
                return False
            header, first = self.header, 0
        else:
            first = header.row + 1
            # A title row above the header ("Progress Update – Home Care" typed into
            # the table): the caller reads it as front matter.
            placed.above += table.rows[: header.row]
        self.header, self._n_cols = header, table.n_cols
        for r in range(first, len(table.rows)):
            original = table.rows[r]
            own = {id(c) for c in original.cells}
            for row in split_sub_item_rows(original, header):
                self._row(table, r, row, own, header, placed)
        return True

    # -- one body row -----------------------------------------------------------------
    def _row(
        self, table: Table, r: int, row: Row, own: set[int], header: HeaderRow, placed: Placed
    ) -> None:
        """Read body row ``r`` (``row``: it, or a piece of it), whose own cells are ``own``."""
        if not any(c.text.strip() for c in row.cells):
            return  # a spacer row; vertically merged cells above carry no new text
        if header_of(table, r) is not None:
            return  # the header row again (typed after a page break): not a recommendation
        cells: dict[int, list[tuple[Cell, bool]]] = {}
        for k, col in enumerate(header.columns):
            inside = [(c, False) for c in row.cells if col.covers(c)]
            if not inside:
                above = table.cell_at(r, col.start)
                if above is not None and id(above) not in own:
                    # A cell merged down from a row above (w:vMerge, or a PDF box over
                    # several rows): its text applies to this row too.
                    inside = [(above, True)]
            cells[k] = inside
        # Text no field takes is reported, not dropped (after the row's number is known,
        # so the warning names its recommendation): a cell outside the header's columns,
        # or under a header naming no field ("Notes", "Comments by Members").
        leftovers = [
            (c, "a cell outside the header's columns")
            for c in row.cells
            if not any(col.covers(c) for col in header.columns)
        ]
        for k, col in enumerate(header.columns):
            if col.field not in BODY_FIELDS:
                leftovers += [
                    (c, f"a cell under the header {col.text!r}") for c, m in cells[k] if not m
                ]

        number, number_letter = self._number(header, cells)
        rec_cells = self._cells_of(header, cells, "recommendation", own_only=True)
        rec_merged = not rec_cells and bool(
            self._cells_of(header, cells, "recommendation", own_only=False)
        )
        letter, texts = recommendation_text(rec_cells)
        letter = letter or number_letter
        if number is None and header.first("number") is None and texts:
            number = leading_number(texts[0])
        if number is None and header.first("number") is None and letter is None:
            # No number column and no number in the text: count the rows, and say so.
            number = self._auto_number + 1
            placed.notes.append(
                (
                    "numbering",
                    f"no number column or number in the text: numbered {number} by position",
                    number,
                    "recommendation",
                    row.cells[0].origin,
                )
            )
        if number is not None:
            self._auto_number = number
            self._start(number, texts, row, placed)
        elif self._open is None:
            self._leftover(row, "a row before the first numbered recommendation", placed)
            return
        else:
            self._open.rec.text.extend(texts)
        assert self._open is not None
        opened = self._open
        for c, why in leftovers:
            self._unplace(c, why, placed)
        if letter is None and number is None:
            values = self._values(header, cells, own_only=True)
            if not any(values.values()):
                return
            if rec_merged:
                # The recommendation cell is merged down over this row too: one more
                # action of the same recommendation, in the next column.
                opened.rec.part.blocks.append(BlockDraft())
            else:
                # Neither a number nor a letter, and a recommendation cell of its own
                # (empty): the likeliest reading is the rest of the row above, a row
                # broken across pages that was not rejoined.
                placed.notes.append(
                    (
                        "continued-row",
                        "a row with no number or sub-item letter: read as the continuation "
                        "of the row above",
                        opened.rec.number,
                        None,
                        row.cells[0].origin,
                    )
                )
            self._add(opened.rec.part, header, values, row)
            return
        values = self._values(header, cells, own_only=False)
        if not any(values.values()) and letter is None:
            return  # a lead-in row: the recommendation's text; its sub-items follow
        label = part_label(letter) if letter is not None else None
        part = self._part(opened, label, row, placed)
        self._add(part, header, values, row)

    def _number(
        self, header: HeaderRow, cells: dict[int, list[tuple[Cell, bool]]]
    ) -> tuple[int | None, str | None]:
        col = header.first("number")
        if col is None:
            return None, None
        k = header.columns.index(col)
        own = [c for c, merged in cells[k] if not merged]
        text = clean_paragraph(" ".join(c.text for c in own))
        if not text:
            return None, None  # empty or merged down: a sub-item of the open recommendation
        m = NUMBER_RE.match(text)
        if m is None or int(m.group(1)) < 1:
            return None, None
        return int(m.group(1)), (m.group(2).lower() if m.group(2) else None)

    @staticmethod
    def _cells_of(
        header: HeaderRow,
        cells: dict[int, list[tuple[Cell, bool]]],
        fld: Field,
        own_only: bool,
    ) -> list[Cell]:
        out: list[Cell] = []
        for k, col in enumerate(header.columns):
            if col.field == fld:
                out += [c for c, merged in cells[k] if not (own_only and merged)]
        return out

    @staticmethod
    def _values(
        header: HeaderRow, cells: dict[int, list[tuple[Cell, bool]]], own_only: bool
    ) -> dict[int, list[Cell]]:
        """The row's value cells per header column (number and text columns aside);
        with ``own_only``, without the cells merged down from a row above."""
        out: dict[int, list[Cell]] = {}
        for k, col in enumerate(header.columns):
            if col.field in ("number", "recommendation"):
                continue
            out[k] = [c for c, merged in cells[k] if c.text.strip() and not (own_only and merged)]
        return out

    def _start(self, number: int, texts: list[str], row: Row, placed: Placed) -> None:
        existing = next((r for r in placed.recommendations if r.number == number), None)
        existing = existing or self._existing(number)
        if existing is not None:
            # The same number again: a row repeated across a page break, or a typo.
            if texts and " ".join(texts) != " ".join(existing.text):
                existing.text.extend(texts)
                placed.notes.append(
                    (
                        "duplicate-number",
                        "the number appears on two rows; their texts and parts are joined",
                        number,
                        "recommendation",
                        row.cells[0].origin,
                    )
                )
            self._open = _Open(existing, {p.label or "" for p in existing.parts})
            return
        rec = RecDraft(number, list(texts), row.cells[0].origin)
        placed.recommendations.append(rec)
        self._open = _Open(rec)

    def _part(self, opened: _Open, label: str | None, row: Row, placed: Placed) -> PartDraft:
        rec = opened.rec
        first = rec.parts[0]
        if len(rec.parts) == 1 and first.label is None and first.empty:
            first.label, first.origin = label, row.cells[0].origin
            opened.letters.add(label or "")
            return first
        key = label or ""
        if key in opened.letters:
            # The same letter twice (or two unlettered rows): read as the continuation.
            placed.notes.append(
                (
                    "repeated-part",
                    f"sub-item {label!r} appears twice: the rows are joined",
                    rec.number,
                    None,
                    row.cells[0].origin,
                )
            )
            return next(p for p in rec.parts if (p.label or "") == key)
        opened.letters.add(key)
        part = PartDraft(label, row.cells[0].origin)
        rec.parts.append(part)
        return part

    @staticmethod
    def _add(
        part: PartDraft,
        header: HeaderRow,
        values: dict[int, list[Cell]],
        row: Row,
    ) -> None:
        """File the row's cells under the part's fields and rounds, in one column."""
        block: BlockDraft = part.block
        rounds = header.rounds()
        while len(block.rounds) < len(rounds):
            block.rounds.append(RoundDraft(rounds[len(block.rounds)].period))
        for k, col in enumerate(header.columns):
            if k not in values or col.label is None:
                continue
            found = values[k]
            if not found:
                continue
            draft = RowDraft([one_column(c) for c in found], column_line(col, found, row))
            fld = col.field
            if fld in ACTION_FIELDS:
                assert fld is not None
                block.fields.setdefault(fld, []).append(draft)
            elif fld in ("evidence", "assessment"):
                i = next(
                    i for i, rc in enumerate(rounds) if rc.evidence is col or rc.assessment is col
                )
                block.rounds[i].rows("evidence" if fld == "evidence" else "assessment").append(
                    draft
                )

    # -- text that fits nowhere ------------------------------------------------------------
    def _unplace(self, cell: Cell, reason: str, placed: Placed) -> None:
        text = paragraphs_text(cell.paragraphs)
        if text:
            number = self._open.rec.number if self._open is not None else None
            placed.unplaced.append((text, cell.origin, reason, number))

    def _leftover(self, row: Row, reason: str, placed: Placed) -> None:
        for c in row.cells:
            self._unplace(c, reason, placed)
