"""Recognising a header-row table: the header row, the field each column names, its rounds.

Also the older layout's legend ("1 | Achieved" per row), which has no header but must
not be read as a header-row table's continuation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ...layout import Cell, Origin, Table
from ...normalise.text import clean_paragraph
from ..labels import ACTION_FIELDS, Field, Label, classify

__all__ = [
    "BODY_FIELDS",
    "HeaderColumn",
    "HeaderRow",
    "RoundColumns",
    "find_header",
    "header_of",
    "looks_like_vertical_legend",
]

# Fields a header row can name; at least two of them, one being the recommendation
# (its text or its number), make a row a header row.
BODY_FIELDS: frozenset[Field] = frozenset(
    {"number", "recommendation", *ACTION_FIELDS, "evidence", "assessment"}
)
# A header row is near the top of its table (a title row may come first).
_HEADER_SEARCH_ROWS = 3


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


def header_of(table: Table, r: int) -> HeaderRow | None:
    row = table.rows[r]
    columns = tuple(
        HeaderColumn(c.col, c.end, clean_paragraph(c.text), classify(c.text, header=True))
        for c in row.cells
    )
    named = [c.field for c in columns if c.field in BODY_FIELDS]
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
        header = header_of(table, r)
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
