"""Walk the lines once: front matter, recommendations and their rows, the legend.

The walk is a small state machine (front -> recommendation -> legend) over the lines of
:mod:`.lines`. It never guesses silently: a line it cannot place becomes an
:class:`Unplaced` entry, which the caller turns into a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from ..layout import Layout, Origin, Paragraph, Run, Table
from ..normalise.text import clean_paragraph
from ..vocabulary import (
    ACTION_FIELDS,
    MARKING_PATTERN,
    MAX_PART_HEADING_WORDS,
    ROUND_FIELDS,
    TITLE_PATTERN,
    looks_like_part_heading,
)
from .celltext import paragraphs_text
from .drafts import (
    BlockDraft,
    PartDraft,
    RecDraft,
    RowDraft,
    Target,
    add_round_row,
    starts_new_block,
)
from .header_rows import HeaderTableReader, Placed
from .labels import Label, classify, split_label
from .legend import looks_like_legend_row
from .legend_tables import heads_legend_table, table_is_legend
from .lines import Line, Value, after_inline_label, block_to_lines, row_to_line
from .numbered import numbered_headings
from .older import front_line_kind, strip_appendix

# A value that covers every column, whatever the table's grid.
_WHOLE_ROW = 1 << 20
# After a header-row table, a line this short may head the legend below it.
_MAX_LEGEND_HEADING_WORDS = 12
# A title line is short; a longer line naming "progress update" is a sentence.
_MAX_TITLE = 120


@dataclass
class Unplaced:
    """Text the collector could not place; becomes a ParseWarning."""

    text: str
    origin: Origin
    reason: str
    recommendation: int | None = None


@dataclass
class FrontMatter:
    classification: str | None = None
    title: str | None = None
    review: str | None = None
    link_officers_text: str | None = None
    link_officers_origin: Origin | None = None
    action_plan_agreed: str | None = None
    action_plan_agreed_origin: Origin | None = None
    introduction: list[str] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)


@dataclass
class Note:
    """A guess the collector made (reading a header-row table); becomes a ParseWarning."""

    code: str
    message: str
    recommendation: int | None = None
    field: str | None = None
    origin: Origin | None = None


@dataclass
class Collected:
    front: FrontMatter
    recommendations: list[RecDraft]
    legend_lines: list[Line]
    unplaced: list[Unplaced]
    duplicate_numbers: list[int]
    notes: list[Note] = field(default_factory=list)
    # Which layouts held the recommendations: "label-column", "header-row" or both.
    layouts: set[str] = field(default_factory=set)


def _line_value_text(line: Line, label: Label) -> str:
    """The value of a front-matter line: its value cells, else the text after the colon."""
    if line.values and not line.single:
        return paragraphs_text(p for v in line.values for p in v.paragraphs)
    return clean_paragraph(label.rest)


def _classification_from(text: str) -> str | None:
    text = clean_paragraph(text)
    label = classify(text, allow_rest=True)
    if label is not None and label.field == "classification" and label.rest:
        return clean_paragraph(label.rest)
    if MARKING_PATTERN.match(text):
        return text
    return None


class Collector:
    """Groups a layout's lines into front matter, recommendation drafts and legend."""

    def __init__(self) -> None:
        # "after": past a header-row table, where only a legend (or stray text) is left.
        self.mode: Literal["front", "rec", "legend", "after"] = "front"
        self.front = FrontMatter()
        self.recs: list[RecDraft] = []
        self.by_number: dict[int, RecDraft] = {}
        self.legend: list[Line] = []
        self.unplaced: list[Unplaced] = []
        self.duplicates: list[int] = []
        self.last: Target | None = None
        self.notes: list[Note] = []
        self.layouts: set[str] = set()
        # Short lines after a header-row table: a legend heading if a legend follows.
        self.pending: list[Line] = []
        # Header rows seen so far: one repeated at a page break is skipped.
        self.header_rows: set[tuple[str, ...]] = set()
        self.tables = HeaderTableReader(self.by_number.get)

    # -- entry point ---------------------------------------------------------------
    def collect(self, layout: Layout) -> Collected:
        for p in [*layout.headers, *layout.footers]:
            marking = _classification_from(p.text)
            if marking and self.front.classification is None:
                self.front.classification = marking
        numbered = numbered_headings(layout.blocks)
        for i, block in enumerate(layout.blocks):
            if isinstance(block, Table) and self._table(block):
                continue
            after = layout.blocks[i + 1] if i + 1 < len(layout.blocks) else None
            for line in block_to_lines(block, self.header_rows):
                if i in numbered:
                    line = replace(line, label=numbered[i])
                if line.label is not None and heads_legend_table(line, after):
                    line = replace(line, label=replace(line.label, field="legend"))
                self.feed(line)
        for line in self.pending:
            self._unplace(line, "text after the recommendations")
        return Collected(
            self.front,
            self.recs,
            self.legend,
            self.unplaced,
            self.duplicates,
            self.notes,
            self.layouts,
        )

    def _table(self, table: Table) -> bool:
        """Read a header-row table (one row per recommendation) or the vertical legend
        after one; False leaves the table to the label-column reading."""
        if table_is_legend(table, after_header_rows=self.mode == "after"):
            self.mode = "legend"
            self.legend.extend(self.pending)
            self.pending = []
            return False
        placed = Placed()
        if not self.tables.take(table, placed):
            return False
        for row in placed.above:
            line = row_to_line(table, row)
            if line is not None:
                self.feed(line)
        self.layouts.add("header-row")
        for rec in placed.recommendations:
            self.recs.append(rec)
            self.by_number[rec.number] = rec
        self.unplaced += [Unplaced(t, o, why, n) for t, o, why, n in placed.unplaced]
        self.notes += [Note(*n) for n in placed.notes]
        self.mode, self.last = "after", None
        self.legend.extend(self.pending)  # nothing between two fragments of the table
        self.pending = []
        return True

    def feed(self, line: Line) -> None:
        label = line.label
        if label is not None and label.field == "recommendation" and not line.continuation:
            self._start_recommendation(line, label)
            return
        if label is not None and label.field == "legend" and not line.continuation:
            self.mode = "legend"
            self.legend.append(line)
            return
        if self.mode == "legend":
            self.legend.append(line)
            return
        if looks_like_legend_row(line):
            self.mode = "legend"
            self.legend.append(line)
            return
        if label is not None and label.field == "classification":
            marking = _classification_from(line.text)
            if marking:
                self.front.classification = self.front.classification or marking
                return
        if self.mode == "front":
            self._front_line(line, label)
        elif self.mode == "after":
            self._after_line(line)
        else:
            self._rec_line(line, label)

    def _after_line(self, line: Line) -> None:
        """A line after a header-row table: a short one may head the legend below it."""
        if line.single and len(clean_paragraph(line.text).split()) <= _MAX_LEGEND_HEADING_WORDS:
            self.pending.append(line)
        else:
            self._unplace(line, "text after the recommendations table")

    # -- front matter --------------------------------------------------------------
    def _front_line(self, line: Line, label: Label | None) -> None:
        fm = self.front
        text = clean_paragraph(line.text)
        fld = label.field if label is not None else None
        if fld == "responsibility" and "officer" in text.lower():
            fld = "link_officers"  # "Lead Officer/s: ..." above the first recommendation
        kind = front_line_kind(text) if line.single else None
        if kind == "appendix":
            # "Appendix 1" above (or beside) the title: where the paper sits in the
            # committee pack, not part of the update.
            fm.other.setdefault("appendix", text)
        elif kind == "committee":
            fm.other.setdefault("committee", text)
        elif label is not None and fld == "review" and (":" in text or not self._title_line(text)):
            fm.review = _line_value_text(line, label) or fm.review
        elif label is not None and fld == "link_officers":
            fm.link_officers_text = _line_value_text(line, label)
            fm.link_officers_origin = line.origin
        elif label is not None and fld == "action_plan_agreed":
            fm.action_plan_agreed = _line_value_text(line, label)
            fm.action_plan_agreed_origin = line.origin
        elif self._title_line(text):
            # "Review of Bus Shelter Maintenance – Action Plan Progress Update" names a
            # review without being a "Review:" label.
            fm.title, appendix = strip_appendix(text)
            if appendix:
                fm.other.setdefault("appendix", appendix)
        elif fld in (*ACTION_FIELDS, *ROUND_FIELDS):
            self.unplaced.append(
                Unplaced(text, line.origin, "a recommendation row before any recommendation")
            )
        else:
            head, rest = split_label(text)
            if line.values and not line.single and len(head.split()) <= 6:
                fm.other[head] = paragraphs_text(p for v in line.values for p in v.paragraphs)
            elif rest and len(head.split()) <= 6 and "\n" not in head:
                fm.other[head] = rest
            else:
                fm.introduction.append(paragraphs_text(_paras(line)))

    def _title_line(self, text: str) -> bool:
        """The update's title, before any title or review was read."""
        fm = self.front
        return (
            fm.title is None
            and not fm.review
            and TITLE_PATTERN.search(text) is not None
            and len(text) < _MAX_TITLE
        )

    # -- recommendations -----------------------------------------------------------
    def _start_recommendation(self, line: Line, label: Label) -> None:
        # classify() gives every recommendation label its number (1 or more).
        number = label.number or 1
        self.layouts.add("label-column")
        text = [clean_paragraph(label.rest)] if label.rest else []
        if not line.single:
            # "Recommendation 1:" in the label cell, its text in the value cells.
            text.extend(paragraphs_text(v.paragraphs).replace("\n", " ") for v in line.values)
        text = [t for t in text if t]
        self.mode = "rec"
        self.last = None
        existing = self.by_number.get(number)
        if existing is not None:
            # The same heading again: a table that restarts after a page break, or a
            # typo in the number. Either way the rows continue the earlier draft.
            if (
                text
                and " ".join(text) != " ".join(existing.text)
                and "continued" not in (" ".join(text).lower())
            ):
                self.duplicates.append(number)
            self.recs.remove(existing)
            self.recs.append(existing)
            return
        rec = RecDraft(number, text, line.origin)
        self.recs.append(rec)
        self.by_number[number] = rec

    @property
    def rec(self) -> RecDraft:
        return self.recs[-1]

    def _rec_line(self, line: Line, label: Label | None) -> None:
        rec = self.rec
        if label is not None and label.field in (*ACTION_FIELDS, *ROUND_FIELDS):
            values = line.values
            if line.single:
                # A label with its value in one cell or paragraph:
                # "Responsibility: Lorraine Dixon" across the whole row.
                values = self._inline_values(line, label)
            self._add_row(label, RowDraft(values, line))
            return
        if line.continuation and label is None:
            if self.last is None:
                self._unplace(line, "a row with no label and nothing above it to continue")
            else:
                self._continue(RowDraft(line.values, line))
            return
        if line.single and label is None:
            text = clean_paragraph(line.text)
            if looks_like_part_heading(text) or _emphasised_heading(line, text):
                self._start_part(text, line.origin)
                return
            if rec.part.empty and len(rec.parts) == 1:
                # The recommendation's text goes on in a second paragraph.
                rec.text.append(text)
                return
        reason = (
            f"row label {clean_paragraph(line.text)!r} is not a known field"
            if not line.single
            else "text between recommendation rows"
        )
        self._unplace(line, reason)

    def _inline_values(self, line: Line, label: Label) -> list[Value]:
        if line.values:
            return [after_inline_label(v) for v in line.values]
        if label.rest:
            para = Paragraph([Run(label.rest)], line.origin)
            return [Value(0, _WHOLE_ROW, [para], line.origin)]
        return []

    def _start_part(self, heading: str, origin: Origin) -> None:
        rec = self.rec
        if rec.part.empty and rec.part.label is None:
            rec.part.label = heading
            rec.part.origin = origin
        else:
            rec.parts.append(PartDraft(heading, origin))
        self.last = None

    def _add_row(self, label: Label, row: RowDraft) -> None:
        part = self.rec.part
        fld = label.field
        if fld in ACTION_FIELDS:
            if starts_new_block(part.block, fld, self.last):
                part.blocks.append(BlockDraft())
            part.block.fields.setdefault(fld, []).append(row)
            self.last = ("field", fld)
        else:
            which: Literal["evidence", "assessment"] = (
                "evidence" if fld == "evidence" else "assessment"
            )
            rnd = add_round_row(part.block, which, label.period, row, self.last)
            self.last = (which, rnd)

    def _continue(self, row: RowDraft) -> None:
        """A row without a label carries on the last field (a cell broken across pages)."""
        assert self.last is not None
        block = self.rec.part.block
        if self.last[0] == "field":
            block.fields.setdefault(self.last[1], []).append(row)
        else:
            self.last[1].rows(self.last[0]).append(row)

    def _unplace(self, line: Line, reason: str) -> None:
        rec = self.recs[-1].number if self.recs else None
        text = paragraphs_text(_paras(line)) or clean_paragraph(line.text)
        if text:
            self.unplaced.append(Unplaced(text, line.origin, reason, rec))


def _emphasised_heading(line: Line, text: str) -> bool:
    """A sub-part heading longer than the usual few words, which the document sets apart
    itself: in bold or in a shaded cell ("For staff in the customer contact centres and
    the libraries"), capitalised, and not a sentence."""
    words = text.split()
    return (
        (line.bold or line.shaded)
        and 0 < len(words) <= 2 * MAX_PART_HEADING_WORDS
        and text[0].isupper()
        and text[-1] not in ".!?;:,"
    )


def _paras(line: Line) -> list[Paragraph]:
    if line.paragraph is not None:
        return [line.paragraph]
    return [p for c in line.cells for p in c.paragraphs]


def collect(layout: Layout) -> Collected:
    return Collector().collect(layout)
