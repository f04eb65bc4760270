"""Turn collected drafts into model objects: columns -> actions, rows -> fields, grades.

Columns come from the block's row with the most value cells (preferring the Agreed
Action row). Every other cell is mapped onto those columns by where it sits on the
table grid, so a cell spanning three columns gives its text to all three actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..layout import Origin, Paragraph
from ..model import (
    DEFAULT_GRADING_SCALE,
    Action,
    Assessment,
    DateValue,
    ParseWarning,
    Part,
    Period,
    ProgressRound,
    Provenance,
    Recommendation,
    Responsibility,
    TextValue,
)
from ..normalise.dates import parse_date, parse_month
from ..normalise.grades import parse_assessment
from ..normalise.names import split_people
from ..normalise.text import clean_paragraph
from .celltext import paragraph_text, paragraphs_text
from .collect import Collected
from .drafts import BlockDraft, RecDraft, RoundDraft, RowDraft
from .labels import Field
from .legend import parse_legend
from .lines import Value
from .older import review_from_title

# Which row's cells define the columns when several rows have the same number of cells.
_COLUMN_PREFERENCE: dict[Field, int] = {
    "action": 0,
    "success_measure": 1,
    "assessment": 2,
    "evidence": 3,
    "date": 4,
    "responsibility": 5,
}

Column = tuple[int, int]
# The cells of some rows that cover column k.
_CellsFn = Callable[[Iterable[RowDraft], int], list[Value]]


@dataclass
class Segmented:
    """Everything the segmenter found; the API adds the source description."""

    classification: str | None = None
    title: str | None = None
    review: str | None = None
    link_officers: list[str] = field(default_factory=list)
    action_plan_agreed: DateValue | None = None
    introduction: str | None = None
    front_matter: dict[str, str] = field(default_factory=dict)
    grading_scale: dict[int, str] = field(default_factory=lambda: dict(DEFAULT_GRADING_SCALE))
    grading_scale_source: str = "default"
    recommendations: list[Recommendation] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def provenance(origin: Origin | None) -> Provenance | None:
    """The output's provenance of a piece of layout: the same object (one type)."""
    return origin


def _date_value(text: str, origin: Origin | None) -> DateValue:
    parsed = parse_date(text)
    return DateValue(
        text=text,
        start=parsed.start,
        end=parsed.end,
        ongoing=parsed.ongoing,
        source=provenance(origin),
    )


class _Builder:
    def __init__(self, collected: Collected) -> None:
        self.c = collected
        self.warnings: list[ParseWarning] = []
        self.scale = dict(DEFAULT_GRADING_SCALE)
        self.scale_source = "default"

    def warn(
        self,
        code: str,
        message: str,
        *,
        rec: int | None = None,
        fld: str | None = None,
        origin: Origin | None = None,
    ) -> None:
        self.warnings.append(
            ParseWarning(
                code=code,
                message=message,
                recommendation=rec,
                field=fld,
                source=provenance(origin),
            )
        )

    def build(self) -> Segmented:
        out = Segmented()
        self._legend()
        out.grading_scale, out.grading_scale_source = self.scale, self.scale_source
        self._front(out)
        out.recommendations = [self._recommendation(r) for r in self.c.recommendations]
        self._check_numbers(out.recommendations)
        for u in self.c.unplaced:
            self.warn(
                "unplaced-text", f"{u.reason}: {u.text!r}", rec=u.recommendation, origin=u.origin
            )
        for n in self.c.notes:
            self.warn(n.code, n.message, rec=n.recommendation, fld=n.field, origin=n.origin)
        out.warnings = self.warnings
        return out

    # -- legend and front matter ---------------------------------------------------
    def _legend(self) -> None:
        if not self.c.legend_lines:
            return
        scale = parse_legend(self.c.legend_lines)
        if scale:
            self.scale = {**DEFAULT_GRADING_SCALE, **scale} if len(scale) < 4 else scale
            self.scale_source = "document"
            if len(scale) < 4:
                missing = sorted(set(DEFAULT_GRADING_SCALE) - set(scale))
                self.warn("legend", f"legend gives no label for grades {missing}; default used")
        else:
            text = " / ".join(clean_paragraph(line.text) for line in self.c.legend_lines)
            self.warn(
                "legend",
                f"grading legend found but not understood: {text!r}; default scale used",
                origin=self.c.legend_lines[0].origin,
            )

    def _front(self, out: Segmented) -> None:
        fm = self.c.front
        out.classification = fm.classification
        out.title = fm.title
        # The older layout has no "Review:" line: its title names the review.
        out.review = fm.review or review_from_title(fm.title)
        out.front_matter = fm.other
        if fm.link_officers_text:
            out.link_officers = split_people(fm.link_officers_text)
        if fm.action_plan_agreed:
            out.action_plan_agreed = _date_value(
                fm.action_plan_agreed, fm.action_plan_agreed_origin
            )
        intro = "\n".join(t for t in fm.introduction if t)
        out.introduction = intro or None
        if out.review is None:
            self.warn(
                "front-matter",
                "no 'Review:' line found, and the title names no review",
                fld="review",
            )

    # -- recommendations -----------------------------------------------------------
    def _recommendation(self, draft: RecDraft) -> Recommendation:
        number = draft.number
        parts: list[Part] = []
        for pd in draft.parts:
            if pd.empty:
                if pd.label is not None:
                    self.warn(
                        "unplaced-text",
                        f"text between recommendation rows: {pd.label!r}",
                        rec=number,
                        origin=pd.origin,
                    )
                continue
            actions: list[Action] = []
            for i, block in enumerate(b for b in pd.blocks if not b.empty):
                if i == 1:
                    self.warn(
                        "repeated-block",
                        "rows repeat without a sub-part heading; their actions continue "
                        "the column numbering",
                        rec=number,
                        origin=block.all_rows()[0].line.origin,
                    )
                actions.extend(self._block_actions(block, number, first_column=len(actions) + 1))
            parts.append(Part(label=pd.label, actions=actions))
        if not parts:
            self.warn("empty-recommendation", "no actions found", rec=number, origin=draft.origin)
        if number in self.c.duplicate_numbers:
            self.warn(
                "duplicate-number",
                "the heading appears twice with different text; rows merged into one",
                rec=number,
            )
        return Recommendation(
            number=number,
            text=" ".join(draft.text),
            parts=_merge_same_label(parts),
            source=provenance(draft.origin),
        )

    def _check_numbers(self, recs: Sequence[Recommendation]) -> None:
        numbers = [r.number for r in recs]
        if numbers and numbers != sorted(numbers):
            self.warn("order", f"recommendations are out of order: {numbers}")
        if numbers:
            missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
            if missing:
                self.warn("missing-recommendation", f"recommendation numbers missing: {missing}")

    # -- one block of rows -> actions ----------------------------------------------
    def _block_actions(self, block: BlockDraft, number: int, first_column: int) -> list[Action]:
        columns = _columns(block)
        maps: dict[int, dict[int, list[Value]]] = {}
        for row in block.all_rows():
            maps[id(row)] = self._map_row(row, columns, number)

        def cells(rows: Iterable[RowDraft], k: int) -> list[Value]:
            return [v for r in rows for v in maps[id(r)][k]]

        # A column no row puts any text in is not an action: LibreOffice turns a row
        # that ends early (w:gridAfter) into a real, empty trailing cell, which would
        # otherwise add a phantom action to every recommendation laid out that way.
        all_rows = block.all_rows()
        used = [k for k in range(len(columns)) if _has_text(cells(all_rows, k))]
        actions = []
        for n, k in enumerate(used):
            # The fields are gathered first and the Action validated once, not once
            # more per field assigned.
            responsibility: Responsibility | None = None
            date: DateValue | None = None
            texts: dict[str, TextValue] = {}  # action, success_measure
            for fld, rows in block.fields.items():
                vals = cells(rows, k)
                if not vals:
                    continue
                text = _text(vals)
                origin = vals[0].origin
                if fld == "responsibility":
                    responsibility = Responsibility(
                        text=text, people=split_people(text), source=provenance(origin)
                    )
                elif fld == "date":
                    date = _date_value(text, origin)
                elif fld in ("action", "success_measure"):
                    texts[fld] = TextValue(text=text, source=provenance(origin))
            rounds = [self._round(rnd, k, cells, number) for rnd in block.rounds]
            actions.append(
                Action(
                    column=first_column + n,
                    responsibility=responsibility,
                    date=date,
                    action=texts.get("action"),
                    success_measure=texts.get("success_measure"),
                    rounds=rounds,
                )
            )
        return actions

    def _map_row(self, row: RowDraft, columns: list[Column], number: int) -> dict[int, list[Value]]:
        """Which columns each cell of the row covers: those whose middle it spans; a cell
        too narrow to span any middle goes to the column it overlaps most."""
        out: dict[int, list[Value]] = {k: [] for k in range(len(columns))}
        for v in row.values:
            ks = [k for k, (s, e) in enumerate(columns) if v.start <= (s + e) / 2 < v.end]
            if not ks:
                overlap, best = max(
                    (min(v.end, e) - max(v.start, s), k) for k, (s, e) in enumerate(columns)
                )
                if overlap > 0:
                    ks = [best]
            if not ks:
                text = _text([v])
                if text:
                    self.warn(
                        "unplaced-text",
                        f"cell outside the recommendation's columns: {text!r}",
                        rec=number,
                        origin=v.origin,
                    )
            for k in ks:
                out[k].append(v)
        return out

    def _round(self, rnd: RoundDraft, k: int, cells: _CellsFn, number: int) -> ProgressRound:
        period = Period(text=rnd.period, month=parse_month(rnd.period)) if rnd.period else None
        evidence: TextValue | None = None
        assessment: Assessment | None = None
        ev = cells(rnd.evidence, k)
        if rnd.evidence:
            evidence = TextValue(text=_text(ev), source=provenance(ev[0].origin if ev else None))
        asm = cells(rnd.assessment, k)
        if rnd.assessment:
            assessment = self._assessment(asm, number, k)
        return ProgressRound(period=period, evidence=evidence, assessment=assessment)

    def _assessment(self, vals: list[Value], number: int, k: int) -> Assessment:
        paras = [p for v in vals for p in v.paragraphs]
        # Line breaks stay: clean_paragraph joins "COVID-" + "19" across them.
        runs = [[(r.text, r.strike) for r in p.runs] for p in paras]
        parsed = parse_assessment(runs, self.scale)
        origin = vals[0].origin if vals else None
        for note in parsed.notes:
            self.warn(
                "grade", f"column {k + 1}: {note}", rec=number, fld="assessment", origin=origin
            )
        text = _text(vals)
        if parsed.grade is None and text:
            self.warn(
                "no-grade",
                f"column {k + 1}: no grade 1-4 found in {text[:60]!r}",
                rec=number,
                fld="assessment",
                origin=origin,
            )
        return Assessment(
            text=text,
            grade=parsed.grade,
            previous_grade=parsed.previous_grade,
            explanation=parsed.explanation,
            source=provenance(origin),
        )


def _text(values: Sequence[Value]) -> str:
    paras: list[Paragraph] = [p for v in values for p in v.paragraphs]
    return paragraphs_text(paras)


def _has_text(values: Sequence[Value]) -> bool:
    """Whether :func:`_text` of ``values`` is not empty, without joining it: some
    paragraph's text is neither empty nor all white space."""
    for v in values:
        for p in v.paragraphs:
            text = paragraph_text(p)
            if text and not text.isspace():
                return True
    return False


def _columns(block: BlockDraft) -> list[Column]:
    """The block's value columns: the cells of its row with the most cells."""
    best: tuple[int, int] | None = None
    best_row: RowDraft | None = None
    candidates: list[tuple[Field, RowDraft]] = [
        (fld, r) for fld, rows in block.fields.items() for r in rows
    ]
    for rnd in block.rounds:
        candidates += [("evidence", r) for r in rnd.evidence]
        candidates += [("assessment", r) for r in rnd.assessment]
    for fld, row in candidates:
        n = len({(v.start, v.end) for v in row.values})
        key = (n, -_COLUMN_PREFERENCE[fld])
        if best is None or key > best:
            best, best_row = key, row
    if best_row is None or not best_row.values:
        return [(0, 1 << 20)]
    return sorted({(v.start, v.end) for v in best_row.values})


def _merge_same_label(parts: list[Part]) -> list[Part]:
    """Two blocks headed by the same sub-part label (a heading repeated after a page
    break) are one part; its actions continue the column numbering."""
    merged: dict[str | None, Part] = {}
    for part in parts:
        if part.label in merged:
            target = merged[part.label]
            offset = len(target.actions)
            for a in part.actions:
                a.column = offset + a.column
            target.actions = [*target.actions, *part.actions]
        else:
            merged[part.label] = part
    return list(merged.values())


def build(collected: Collected) -> Segmented:
    return _Builder(collected).build()
