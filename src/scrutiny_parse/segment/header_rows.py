"""The older layout: one table, a header row naming the fields, one row per recommendation.

Updates from before about 2018 turn the usual layout 90 degrees: instead of a label
column ("Responsibility:", "Date:", ...) beside the values, a **header row** names each
column (``No. | Recommendation | Link Officer | Anticipated Completion Date | Progress
(September 2016) | Assessment of progress (Categories 1-4)``) and every following row is
one recommendation. The field names are matched by the same vocabulary as labels
(:func:`.labels.classify` with ``header=True``), so wording varies freely.

This module recognises such a header row and turns the rows under it into the same
drafts (:class:`.drafts.RecDraft`) the label-column path builds, so :mod:`.build` makes
the models, grades and records exactly as it does for the usual layout:

* a row whose number cell holds a number starts a recommendation;
* a row whose number cell is empty or merged down from the row above, and whose
  recommendation cell starts with a letter (``a)``, ``(b)``, ``c.``), is a lettered
  sub-item: a part labelled ``a)``, ``b)``, with one column. A lead-in line before the
  letters ("The Council should:") stays in the recommendation text, and so does each
  sub-item's text, so nothing written in the recommendation column is lost;
* a value cell merged down over several rows (one officer for both sub-items) gives its
  text to every row it covers, as a spanning cell gives its text to every column;
* each evidence column opens a progress round, its assessment column closes it; the
  round's period is the month named in either header (none named: period null);
* a row that repeats the header (a header typed again after a page break, or one the
  PDF joiner could not recognise) is skipped, never read as a recommendation.

There are no Agreed Action / Success Measure columns in this layout, so those stay
null in the model and the records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from ..layout import Cell, Origin, Paragraph, Row, Table
from ..normalise.text import clean_paragraph, strip_bullet
from .celltext import paragraph_text, paragraphs_text
from .drafts import BlockDraft, PartDraft, RecDraft, RoundDraft, RowDraft
from .labels import ACTION_FIELDS, Field, Label, classify
from .lines import Line, Value

__all__ = [
    "HeaderColumn",
    "HeaderRow",
    "HeaderTableReader",
    "Placed",
    "find_header",
    "looks_like_vertical_legend",
]

# Fields a header row can name; at least two of them, one being the recommendation
# (its text or its number), make a row a header row.
_BODY_FIELDS: frozenset[Field] = frozenset(
    {"number", "recommendation", *ACTION_FIELDS, "evidence", "assessment"}
)
# A header row is near the top of its table (a title row may come first).
_HEADER_SEARCH_ROWS = 3
# "1", "1.", "1)", "Rec 1", "Recommendation 1", "R1"; "2a" / "2(a)" also name a letter.
_NUMBER_RE = regex.compile(
    r"^\s*(?:(?:rec(?:ommendation)?|r)\.?\s*(?:no\.?\s*)?)?(\d{1,3})\s*"
    r"(?:\(?([a-z])\))?\s*[.:)]?\s*$",
    regex.IGNORECASE,
)
# A recommendation cell that begins with its own number when there is no number column:
# "1. The Council ...", "Recommendation 2: ...".
_LEADING_NUMBER_RE = regex.compile(
    r"^\s*(?:recommendation\s+|rec\.?\s+)?(\d{1,3})\s*[.:)\-–]\s+", regex.IGNORECASE
)
# A sub-item letter as typed or numbered by Word: "a)", "(a)", "a.", "A)".
_LETTER_RE = regex.compile(r"^\(?([a-zA-Z])[.)]$")


@dataclass(frozen=True)
class HeaderColumn:
    """One header cell: the grid columns it covers and the field it names."""

    start: int
    end: int
    text: str
    label: Label | None

    @property
    def field(self) -> Field | None:
        return self.label.field if self.label is not None else None

    def covers(self, cell: Cell) -> bool:
        """Whether a body cell sits under this header cell (its middle does)."""
        middle = (cell.col + cell.end) / 2
        return self.start <= middle < self.end


@dataclass(frozen=True)
class RoundColumns:
    """The evidence and assessment columns of one progress round."""

    period: str | None
    evidence: HeaderColumn | None = None
    assessment: HeaderColumn | None = None


@dataclass(frozen=True)
class HeaderRow:
    """A table's header row: where it is and what each column holds."""

    row: int
    columns: tuple[HeaderColumn, ...]
    origin: Origin

    def first(self, fld: Field) -> HeaderColumn | None:
        return next((c for c in self.columns if c.field == fld), None)

    @property
    def fields(self) -> set[Field]:
        return {c.field for c in self.columns if c.field is not None}

    def rounds(self) -> list[RoundColumns]:
        """Evidence/assessment columns paired into rounds.

        Two columns with the same month are one round; otherwise an evidence column
        opens a round and the assessment column after it closes it, so two rounds are
        two (evidence, assessment) pairs, in the order written.
        """
        out: list[RoundColumns] = []
        for col in self.columns:
            if col.field not in ("evidence", "assessment") or col.label is None:
                continue
            period = col.label.period
            key = _key(period)
            i = next(
                (
                    i
                    for i, r in enumerate(out)
                    if key is not None and _key(r.period) == key and _slot(r, col) is None
                ),
                None,
            )
            if i is None and col.field == "assessment":
                # The assessment after an evidence column with no assessment yet.
                i = next(
                    (
                        i
                        for i in range(len(out) - 1, -1, -1)
                        if out[i].assessment is None
                        and (key is None or out[i].period is None or _key(out[i].period) == key)
                    ),
                    None,
                )
            if i is None:
                out.append(RoundColumns(period, **{str(col.field): col}))
                continue
            r = out[i]
            out[i] = RoundColumns(
                r.period or period,
                evidence=col if col.field == "evidence" else r.evidence,
                assessment=col if col.field == "assessment" else r.assessment,
            )
        return out


def _key(period: str | None) -> str | None:
    return " ".join(period.lower().split()) if period else None


def _slot(r: RoundColumns, col: HeaderColumn) -> HeaderColumn | None:
    return r.evidence if col.field == "evidence" else r.assessment


def _header_of(table: Table, r: int) -> HeaderRow | None:
    row = table.rows[r]
    columns = tuple(
        HeaderColumn(c.col, c.end, clean_paragraph(c.text), classify(c.text, header=True))
        for c in row.cells
    )
    named = [c.field for c in columns if c.field in _BODY_FIELDS]
    if len(set(named)) < 2 or _repeats(named):
        return None
    if not ({"number", "recommendation"} & set(named)):
        return None
    # Every other field a header names is about the recommendation's progress.
    if not (set(named) - {"number", "recommendation"}):
        return None
    return HeaderRow(r, columns, row.cells[0].origin)


def _repeats(named: Sequence[Field | None]) -> bool:
    """A header names each field once; only evidence and assessment repeat (rounds)."""
    return any(named.count(f) > 1 for f in set(named) if f not in ("evidence", "assessment"))


def find_header(table: Table) -> HeaderRow | None:
    """The table's header row: a row near its top whose cells name at least two fields,
    one of them the recommendation (its text or number), none twice except evidence and
    assessment (one pair per round). None for every other table, label-column ones
    included (their first cells are "Recommendation 1: ..." headings or labels)."""
    for r in range(min(_HEADER_SEARCH_ROWS, len(table.rows))):
        header = _header_of(table, r)
        if header is not None:
            return header
    return None


def looks_like_vertical_legend(table: Table) -> bool:
    """A small table with one grade per row ("1 | Achieved", "2 | On Track", ...), maybe
    under a heading row: the older layout's legend, which carries no heading label."""
    if len(table.rows) > 8:
        return False
    digits: list[int] = []
    for row in table.rows:
        texts = [clean_paragraph(c.text) for c in row.cells]
        if not any(texts):
            continue
        m = regex.match(r"^([1-4])\s*[.:)=\-–—]?\s*(.*)$", texts[0], regex.DOTALL)
        if m is None:
            continue
        rest = " ".join([m.group(2), *texts[1:]]).strip()
        if rest and not regex.search(r"\d", rest[:1]):
            digits.append(int(m.group(1)))
    return len(set(digits)) >= 2 and len(digits) == len(set(digits))


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
            for row in _split_sub_item_rows(original, header):
                self._row(table, r, row, own, header, placed)
        return True

    # -- one body row -----------------------------------------------------------------
    def _row(
        self, table: Table, r: int, row: Row, own: set[int], header: HeaderRow, placed: Placed
    ) -> None:
        """Read body row ``r`` (``row``: it, or a piece of it), whose own cells are ``own``."""
        if not any(c.text.strip() for c in row.cells):
            return  # a spacer row; vertically merged cells above carry no new text
        if _header_of(table, r) is not None:
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
            if col.field not in _BODY_FIELDS:
                leftovers += [
                    (c, f"a cell under the header {col.text!r}") for c, m in cells[k] if not m
                ]

        number, number_letter = self._number(header, cells)
        rec_cells = self._cells_of(header, cells, "recommendation", own_only=True)
        rec_merged = not rec_cells and bool(
            self._cells_of(header, cells, "recommendation", own_only=False)
        )
        letter, texts = _recommendation_text(rec_cells)
        letter = letter or number_letter
        if number is None and header.first("number") is None and texts:
            number = _leading_number(texts[0])
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
        label = _part_label(letter) if letter is not None else None
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
        m = _NUMBER_RE.match(text)
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
            draft = RowDraft([_one_column(c) for c in found], _line(col, found, row))
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


def _split_sub_item_rows(row: Row, header: HeaderRow) -> list[Row]:
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
            if _LETTER_RE.match(marker or ""):
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


def _recommendation_text(cells: list[Cell]) -> tuple[str | None, list[str]]:
    """(sub-item letter, every paragraph's text) of the recommendation cell. The letter
    is the marker of the first paragraph that has one ("a)", "(b)"); paragraphs before
    it are a lead-in, kept in the text like the rest."""
    texts: list[str] = []
    letter: str | None = None
    for c in cells:
        for p in c.paragraphs:
            text = paragraph_text(p)
            if not text:
                continue
            if letter is None:
                _, marker = strip_bullet(text)
                m = _LETTER_RE.match(marker or "")
                if m is not None:
                    letter = m.group(1).lower()
            texts.append(text)
    return letter, texts


def _leading_number(text: str) -> int | None:
    m = _LEADING_NUMBER_RE.match(text)
    return int(m.group(1)) if m and int(m.group(1)) >= 1 else None


def _part_label(letter: str) -> str:
    return f"{letter})"


def _one_column(cell: Cell) -> Value:
    """A value cell re-based onto the part's single column (grid column 0)."""
    return Value(0, 1, cell.paragraphs, cell.origin)


def _line(col: HeaderColumn, cells: list[Cell], row: Row) -> Line:
    return Line(
        label=col.label,
        text=col.text,
        values=[_one_column(c) for c in cells],
        origin=cells[0].origin if cells else row.cells[0].origin,
        cells=list(cells),
    )
