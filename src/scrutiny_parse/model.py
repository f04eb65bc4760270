"""The public data shapes: what ``load()`` returns and what the JSON looks like.

Every extracted value is a small model holding the text as written, what was parsed from
it, and ``source`` (a :class:`Provenance`) saying where in the document it came from.
``ProgressUpdate.to_records()`` flattens the tree into the record contract of the
document-family reference: one dict per (recommendation, part, column, progress round).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .provenance import Provenance
from .vocabulary import DEFAULT_GRADING_SCALE, Format

if TYPE_CHECKING:
    import pandas as pd

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


class TextValue(_Model):
    """Free text as written, normalised to the record text conventions."""

    text: str = Field(
        description="The text as written: paragraphs joined by newlines, bullets as '• ', "
        "white space collapsed."
    )
    source: Provenance | None = Field(
        default=None, description="Where in the document the text came from."
    )

    def __repr__(self) -> str:
        from .display import value_repr

        return value_repr(self)


class Responsibility(TextValue):
    """Who is responsible: the cell text plus the people or groups named in it."""

    people: list[str] = Field(
        default_factory=list,
        description="The people or groups named, split on '/', ',', 'and', '&'.",
    )


class DateValue(TextValue):
    """A target date as written, with the months it names.

    ``"April 2019 – April 2021"`` gives start 2019-04, end 2021-04; ``"January 2019 /
    ongoing"`` gives start 2019-01 and ongoing; ``"Ongoing"`` gives only ongoing.
    """

    start: Month | None = Field(default=None, description="First month named, YYYY-MM.")
    end: Month | None = Field(
        default=None, description="Last month named, YYYY-MM (a single month: the same as start)."
    )
    ongoing: bool = Field(
        default=False,
        description="The text says the date is open-ended ('ongoing', 'from', 'onwards').",
    )


class Period(TextValue):
    """A progress round's period as written (``March 2020``) and its month."""

    month: Month | None = Field(default=None, description="The period's month, YYYY-MM.")


class Assessment(TextValue):
    """The assessment cell: a grade, an amended earlier grade, and an explanation."""

    grade: Grade | None = Field(
        default=None, description="Current grade 1-4 (see the update's grading_scale)."
    )
    previous_grade: Grade | None = Field(
        default=None, description="An earlier grade struck through (amended) in the same cell."
    )
    explanation: str | None = Field(
        default=None, description="The assessment text after the grade."
    )


class ProgressRound(_Model):
    """One (evidence, assessment) pair for one reporting period."""

    period: Period | None = Field(
        default=None, description="The reporting period, from the row labels ('March 2020')."
    )
    evidence: TextValue | None = Field(default=None, description="The evidence of progress cell.")
    assessment: Assessment | None = Field(
        default=None, description="The assessment of progress cell."
    )

    def __repr__(self) -> str:
        from .display import round_repr

        return round_repr(self)


class Action(_Model):
    """One value column of a recommendation (or of one of its parts)."""

    column: int = Field(ge=1, description="1-based value column within the part.")
    responsibility: Responsibility | None = Field(
        default=None, description="The Responsibility (Lead Officer...) cell."
    )
    date: DateValue | None = Field(default=None, description="The Date (Timescale...) cell.")
    action: TextValue | None = Field(default=None, description="The Agreed Action cell.")
    success_measure: TextValue | None = Field(
        default=None, description="The Agreed Success Measure cell."
    )
    rounds: list[ProgressRound] = Field(
        default_factory=list, description="One per reporting period, oldest first."
    )

    def __repr__(self) -> str:
        from .display import action_repr

        return action_repr(self)


class Part(_Model):
    """A block of rows under a sub-part heading (``For Community``), or the whole
    recommendation when it has no sub-parts (``label`` null)."""

    label: str | None = Field(
        default=None, description="The sub-part heading ('For Community'); null when there is none."
    )
    actions: list[Action] = Field(
        default_factory=list, description="One per value column, columns 1..n."
    )

    def __repr__(self) -> str:
        from .display import part_repr

        return part_repr(self)

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
    """One numbered recommendation of the review, with the actions agreed for it."""

    number: int = Field(ge=1, description="The recommendation's number (Recommendation N).")
    text: str = Field(description="The recommendation's text, after 'Recommendation N:'.")
    parts: list[Part] = Field(
        default_factory=list,
        description="Sub-parts in document order; one part with a null label when none.",
    )
    source: Provenance | None = Field(default=None, description="Where the heading was found.")

    @model_validator(mode="after")
    def _part_labels_unique(self) -> Recommendation:
        labels = [p.label for p in self.parts]
        if len(set(labels)) != len(labels):
            raise ValueError(f"recommendation {self.number}: duplicate part labels {labels}")
        return self

    def __repr__(self) -> str:
        from .display import recommendation_repr

        return recommendation_repr(self)

    def _repr_html_(self) -> str:
        """A table of the recommendation's actions and rounds, for notebooks."""
        from .display import recommendation_html

        return recommendation_html(self)


class ParseWarning(_Model):
    """Something the parser could not place or had to guess. Never silently dropped."""

    code: str = Field(
        description="What kind of problem: reader, legend, front-matter, unplaced-text, "
        "repeated-block, empty-recommendation, duplicate-number, order, "
        "missing-recommendation, grade, no-grade (see docs/fields.md)."
    )
    message: str = Field(description="What happened, with the text concerned.")
    recommendation: int | None = Field(
        default=None, description="The recommendation it concerns, when one."
    )
    field: str | None = Field(
        default=None, description="The field it concerns ('assessment', 'review'...), when one."
    )
    source: Provenance | None = Field(
        default=None, description="Where in the document, when known."
    )

    def __str__(self) -> str:
        where = f"recommendation {self.recommendation}: " if self.recommendation else ""
        return f"[{self.code}] {where}{self.message}"

    def __repr__(self) -> str:
        from .display import short

        return f"<ParseWarning {short(str(self), 200)}>"


class SourceInfo(_Model):
    """The input file: name, detected format, content hash."""

    file_name: str | None = Field(
        default=None, description="The file's name (no folder); null when read from bytes."
    )
    format: Format = Field(description="The format told from the content (not the name).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the input's bytes, hex.")
    page_count: int | None = Field(
        default=None, description="Pages (PDF; Word: as the file's properties say), when known."
    )
    # Set when the file was converted (e.g. .doc -> .docx) before reading.
    converted_from: str | None = Field(
        default=None,
        description="The original format when the file was converted to .docx by "
        "LibreOffice first (doc, rtf, odt).",
    )


class ProgressUpdate(_Model):
    """One scrutiny progress update: front matter, recommendations and warnings."""

    source: SourceInfo = Field(description="The input file.")
    classification: str | None = Field(
        default=None, description="The protective marking ('OFFICIAL'), from the header line."
    )
    title: str | None = Field(
        default=None, description="The title line ('SCRUTINY MONITORING – PROGRESS UPDATE')."
    )
    review: str | None = Field(default=None, description="The review's name, from 'Review:'.")
    link_officers: list[str] = Field(
        default_factory=list, description="The names on the 'Link Officer/s:' line."
    )
    action_plan_agreed: DateValue | None = Field(
        default=None, description="The 'Action Plan Agreed:' date."
    )
    introduction: str | None = Field(
        default=None, description="The paragraphs between the front matter and the first table."
    )
    # Other "Label: value" lines of the front matter, as written ("Committee": "...").
    front_matter: dict[str, str] = Field(
        default_factory=dict,
        description="Other 'Label: value' lines of the front matter, as written.",
    )
    grading_scale: dict[int, str] = Field(
        default_factory=lambda: dict(DEFAULT_GRADING_SCALE),
        description="Grade -> wording, from the document's legend or the default.",
    )
    grading_scale_source: Literal["document", "default"] = Field(
        default="default", description="Whether grading_scale was read from the document."
    )
    recommendations: list[Recommendation] = Field(
        default_factory=list, description="In document order."
    )
    warnings: list[ParseWarning] = Field(
        default_factory=list,
        description="Everything the parser could not place or had to guess.",
    )
    library_version: str = Field(
        default="", description="The scrutiny_parse version that made this."
    )

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

    def __repr__(self) -> str:
        from .display import update_repr

        return update_repr(self)

    def _repr_html_(self) -> str:
        """Front matter and a row per action, for notebooks."""
        from .display import update_html

        return update_html(self)

    def summary(self) -> str:
        """The readable account ``scrutiny-parse show`` prints."""
        from .display import summary

        return summary(self)

    def to_dataframe(self) -> pd.DataFrame:
        """The records as a pandas DataFrame, with ``file``, ``sha256`` and parsed
        columns (see :func:`scrutiny_parse.frames.to_dataframe`); needs the ``pandas``
        extra."""
        from .frames import update_frame

        return update_frame(self)

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
