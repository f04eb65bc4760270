"""The public data shapes: what ``load()`` returns and what the JSON looks like.

Every extracted value is a small model holding the text as written, what was parsed from
it, and ``source`` (a :class:`Provenance`) saying where in the document it came from.
``ProgressUpdate.to_records()`` flattens the tree into the record contract of the
document-family reference: one dict per (recommendation, part, column, progress round).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .vocabulary import DEFAULT_GRADING_SCALE, Format

__all__ = [
    "DEFAULT_GRADING_SCALE",
    "RECORD_KEYS",
    "Action",
    "Assessment",
    "DateValue",
    "Grade",
    "Month",
    "ParseWarning",
    "Part",
    "Period",
    "ProgressRound",
    "ProgressUpdate",
    "Provenance",
    "Recommendation",
    "Responsibility",
    "SourceInfo",
    "TextValue",
]

#: A calendar month as ``YYYY-MM``.
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
#: A progress grade: 1 achieved, 2 on track, 3 slipped, 4 not achieved.
Grade = Annotated[int, Field(ge=1, le=4)]


#: The keys of a flat record, in order (the contract other tools rely on).
RECORD_KEYS: tuple[str, ...] = (
    "review",
    "recommendation",
    "part",
    "column",
    "responsibility",
    "date",
    "action",
    "success_measure",
    "period",
    "evidence",
    "grade",
    "previous_grade",
    "explanation",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=True)


class Provenance(BaseModel):
    """Where a value came from: page and box for PDF; table, row, cell, paragraph for Word.

    Indexes are 0-based (``table`` counts tables in the body, ``cell`` is the grid
    column the cell starts at); ``page`` is 1-based. Unknown parts are null. The same
    type marks where a piece of layout came from (``scrutiny_parse.layout.Origin``), so a
    reader's provenance reaches the output unchanged. Frozen: shared, never edited.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    paragraph: int | None = None


class TextValue(_Model):
    """Free text as written, normalised to the record text conventions."""

    text: str
    source: Provenance | None = None


class Responsibility(TextValue):
    """Who is responsible: the cell text plus the people or groups named in it."""

    people: list[str] = Field(default_factory=list)


class DateValue(TextValue):
    """A target date as written, with the months it names.

    ``"April 2019 – April 2021"`` gives start 2019-04, end 2021-04; ``"January 2019 /
    ongoing"`` gives start 2019-01 and ongoing; ``"Ongoing"`` gives only ongoing.
    """

    start: Month | None = None
    end: Month | None = None
    ongoing: bool = False


class Period(TextValue):
    """A progress round's period as written (``March 2020``) and its month."""

    month: Month | None = None


class Assessment(TextValue):
    """The assessment cell: a grade, an amended earlier grade, and an explanation."""

    grade: Grade | None = None
    previous_grade: Grade | None = None
    explanation: str | None = None


class ProgressRound(_Model):
    """One (evidence, assessment) pair for one reporting period."""

    period: Period | None = None
    evidence: TextValue | None = None
    assessment: Assessment | None = None


class Action(_Model):
    """One value column of a recommendation (or of one of its parts)."""

    column: int = Field(ge=1)
    responsibility: Responsibility | None = None
    date: DateValue | None = None
    action: TextValue | None = None
    success_measure: TextValue | None = None
    rounds: list[ProgressRound] = Field(default_factory=list)


class Part(_Model):
    """A block of rows under a sub-part heading (``For Community``), or the whole
    recommendation when it has no sub-parts (``label`` null)."""

    label: str | None = None
    actions: list[Action] = Field(default_factory=list)

    @model_validator(mode="after")
    def _columns_are_1_to_n(self) -> Part:
        columns = [a.column for a in self.actions]
        if columns != list(range(1, len(columns) + 1)):
            raise ValueError(
                f"part {self.label!r}: action columns must be 1..{len(columns)} in order, "
                f"got {columns}"
            )
        return self


class Recommendation(_Model):
    number: int = Field(ge=1)
    text: str
    parts: list[Part] = Field(default_factory=list)
    source: Provenance | None = None

    @model_validator(mode="after")
    def _part_labels_unique(self) -> Recommendation:
        labels = [p.label for p in self.parts]
        if len(set(labels)) != len(labels):
            raise ValueError(f"recommendation {self.number}: duplicate part labels {labels}")
        return self


class ParseWarning(_Model):
    """Something the parser could not place or had to guess. Never silently dropped."""

    code: str
    message: str
    recommendation: int | None = None
    field: str | None = None
    source: Provenance | None = None

    def __str__(self) -> str:
        where = f"recommendation {self.recommendation}: " if self.recommendation else ""
        return f"[{self.code}] {where}{self.message}"


class SourceInfo(_Model):
    file_name: str | None = None
    format: Format
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    page_count: int | None = None
    # Set when the file was converted (e.g. .doc -> .docx) before reading.
    converted_from: str | None = None


class ProgressUpdate(_Model):
    """One scrutiny progress update: front matter, recommendations and warnings."""

    source: SourceInfo
    classification: str | None = None
    title: str | None = None
    review: str | None = None
    link_officers: list[str] = Field(default_factory=list)
    action_plan_agreed: DateValue | None = None
    introduction: str | None = None
    # Other "Label: value" lines of the front matter, as written ("Committee": "...").
    front_matter: dict[str, str] = Field(default_factory=dict)
    grading_scale: dict[int, str] = Field(default_factory=lambda: dict(DEFAULT_GRADING_SCALE))
    grading_scale_source: Literal["document", "default"] = "default"
    recommendations: list[Recommendation] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)
    library_version: str = ""

    @model_validator(mode="after")
    def _check(self) -> ProgressUpdate:
        numbers = [r.number for r in self.recommendations]
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate recommendation numbers: {dupes}")
        bad = sorted(k for k in self.grading_scale if not 1 <= k <= 4)
        if bad:
            raise ValueError(f"grading scale keys must be grades 1-4, got {bad}")
        return self

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per (recommendation, part, column, progress round), keys as in
        :data:`RECORD_KEYS`. An action with no rounds gives one record with null period.

        Text fields are the cell text, "" for an empty cell; ``action`` and
        ``success_measure`` are null when the document has no such field for the action
        (the older layout, one row per recommendation, has neither)."""
        records: list[dict[str, Any]] = []
        review = self.review or ""
        for rec in self.recommendations:
            for part in rec.parts:
                for act in part.actions:
                    base = {
                        "review": review,
                        "recommendation": rec.number,
                        "part": part.label,
                        "column": act.column,
                        "responsibility": _text(act.responsibility),
                        "date": _text(act.date),
                        # Null, not "", when the document has no such field at all (the
                        # older one-row-per-recommendation layout has neither).
                        "action": _text_or_none(act.action),
                        "success_measure": _text_or_none(act.success_measure),
                    }
                    for rnd in act.rounds or [ProgressRound()]:
                        a = rnd.assessment
                        records.append(
                            {
                                **base,
                                "period": rnd.period.text if rnd.period else None,
                                "evidence": _text(rnd.evidence),
                                "grade": a.grade if a else None,
                                "previous_grade": a.previous_grade if a else None,
                                "explanation": a.explanation if a else None,
                            }
                        )
        return records


def _text(value: TextValue | None) -> str:
    return value.text if value is not None else ""


def _text_or_none(value: TextValue | None) -> str | None:
    return value.text if value is not None else None
