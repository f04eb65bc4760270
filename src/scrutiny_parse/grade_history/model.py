"""The public shapes of a grade history: what ``history()`` returns and what its JSON is.

A :class:`History` holds one :class:`HistoryReview` per review; each review holds one
:class:`HistoryAction` per action followed across its updates; each action holds one
:class:`HistoryRound` per reporting period, in period order. ``History.to_records()``
flattens it to one dict per (review, recommendation, part, column, period).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import Grade, Month

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "HISTORY_RECORD_KEYS",
    "Change",
    "History",
    "HistoryAction",
    "HistoryFile",
    "HistoryReview",
    "HistoryRound",
    "HistoryWarning",
    "Status",
]

#: The keys of a history record, in order.
HISTORY_RECORD_KEYS: tuple[str, ...] = (
    "review",
    "recommendation",
    "part",
    "column",
    "period",
    "grade",
    "previous_grade",
    "earlier_grade",
    "change",
    "file",
)

#: How a round's grade compares with the round before it (1 is the best grade).
Change = Literal["first", "same", "better", "worse"]
#: What became of an action by the latest update of its review.
Status = Literal["reported", "signed_off", "not_reported"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HistoryWarning(_Model):
    """Something the history had to decide and the reader should know.

    Codes: ``renumbered`` / ``moved`` (matched by content, not by number or column),
    ``reworded`` (matched by number, text changed), ``number-reused`` / ``column-reused``
    (same number or column, different content: not matched), ``period-unparsed``,
    ``restated`` (a later update gives another grade for a period already reported),
    ``copy`` (the same update in another file, giving other grades), ``no-review``,
    ``ambiguous-number``.
    """

    code: str
    message: str
    review: str | None = None  # the review's name as in HistoryReview.review
    file: str | None = None
    recommendation: int | None = None

    def __str__(self) -> str:
        where = f"{self.review}: " if self.review else ""
        return f"[{self.code}] {where}{self.message}"


class HistoryFile(_Model):
    """One input and what the history made of it.

    ``status``: ``used``; ``copy`` (the same update as ``copy_of``, which was used);
    ``failed`` (it did not load: ``error`` is the error class, ``message`` the reason).
    """

    file: str
    status: Literal["used", "copy", "failed"]
    review: str | None = None
    format: str | None = None
    periods: list[str | None] = Field(default_factory=list)
    parse_warnings: list[str] = Field(default_factory=list)
    copy_of: str | None = None
    error: str | None = None
    message: str | None = None


class HistoryRound(_Model):
    """One action's grade in one reporting period, and how it compares.

    ``previous_grade`` is the struck grade inside the same cell; ``earlier_grade`` the
    grade of the round before (in the same update or an earlier one). ``change`` is
    ``first`` when there is no round before; null when this round or the one before
    has no grade (nothing is guessed); else ``same``, ``better`` or ``worse``.
    ``recommendation`` is the number this file gave the recommendation.
    """

    period: str | None
    month: Month | None = None
    grade: Grade | None = None
    previous_grade: Grade | None = None
    earlier_grade: Grade | None = None
    change: Change | None = None
    file: str
    recommendation: int


class HistoryAction(_Model):
    """One action (a value column of a recommendation or part) across updates.

    ``recommendation``, ``part`` and ``column`` are as first reported (the action plan's
    numbering); the rounds say the number each file used. ``status`` is ``reported``
    when the latest update of the review reports it; otherwise ``signed_off`` when its
    last grade was 1 (achieved: committees sign such recommendations off and stop
    asking), or ``not_reported`` (dropped with a grade other than 1, or no grade).
    """

    recommendation: int
    part: str | None = None
    column: int
    recommendation_text: str
    action: str | None = None
    status: Status
    rounds: list[HistoryRound] = Field(default_factory=list)

    @property
    def grades(self) -> list[int | None]:
        """The grade of each round, in period order."""
        return [r.grade for r in self.rounds]

    @property
    def latest(self) -> HistoryRound | None:
        """The last round reported."""
        return self.rounds[-1] if self.rounds else None

    @property
    def slipped(self) -> bool:
        """True when its latest round is worse than the round before."""
        return self.latest is not None and self.latest.change == "worse"


class HistoryReview(_Model):
    """One review: its updates in order, its periods in order, and its actions."""

    review: str
    key: str
    files: list[str] = Field(default_factory=list)
    periods: list[str | None] = Field(default_factory=list)
    actions: list[HistoryAction] = Field(default_factory=list)


class History(_Model):
    """Successive progress updates lined up by review, recommendation and action."""

    reviews: list[HistoryReview] = Field(default_factory=list)
    files: list[HistoryFile] = Field(default_factory=list)
    warnings: list[HistoryWarning] = Field(default_factory=list)

    @property
    def failed(self) -> list[HistoryFile]:
        """The inputs that did not load."""
        return [f for f in self.files if f.status == "failed"]

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per (review, recommendation, part, column, period), keys as in
        :data:`HISTORY_RECORD_KEYS`, rounds in period order."""
        return [
            {
                "review": review.review,
                "recommendation": action.recommendation,
                "part": action.part,
                "column": action.column,
                "period": rnd.period,
                "grade": rnd.grade,
                "previous_grade": rnd.previous_grade,
                "earlier_grade": rnd.earlier_grade,
                "change": rnd.change,
                "file": rnd.file,
            }
            for review in self.reviews
            for action in review.actions
            for rnd in action.rounds
        ]

    def to_dataframe(self) -> pd.DataFrame:
        """:meth:`to_records` as a pandas DataFrame (grades as nullable ``Int64``).

        pandas is an optional extra: ``pip install 'scrutiny-parse[pandas]'``.
        """
        from .frame import records_to_frame

        return records_to_frame(self.to_records())
