"""Recognise row labels by meaning, not by exact string.

Councils word the same label many ways ("Responsibility:", "Lead Officer",
"Officer(s) responsible"; "Date:", "Timescale", "Target date"...). A label is reduced to
lower-case words with punctuation, plurals and a trailing period such as "(March 2020)"
removed, then matched against ordered rules; the first rule that matches wins, so the
more specific rules ("assessment of progress gradings" is the legend, not an assessment)
come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from ..normalise.dates import parse_month

Field = Literal[
    "recommendation",
    "responsibility",
    "date",
    "action",
    "success_measure",
    "evidence",
    "assessment",
    "legend",
    "review",
    "link_officers",
    "action_plan_agreed",
    "classification",
]

#: Fields that make up the body of a recommendation, in their usual order.
ACTION_FIELDS: tuple[Field, ...] = ("responsibility", "date", "action", "success_measure")
ROUND_FIELDS: tuple[Field, ...] = ("evidence", "assessment")


@dataclass(frozen=True)
class Label:
    field: Field
    # The reporting period named in the label, as written: "March 2020".
    period: str | None = None
    # Text after the label inside the same string ("Review: Digital Optimisation").
    rest: str = ""
    # A recommendation heading's number (1 or more); None for every other field.
    number: int | None = None


# "Recommendation 1:", "Recommendation 12 -", "Rec 3.", "Recommendation No. 4"
RECOMMENDATION_RE = regex.compile(
    r"^\s*(?:recommendation|rec)\.?\s*(?:no\.?\s*|number\s*)?(\d{1,3})\b\s*[:.\-–—)]?\s*(.*)$",
    regex.IGNORECASE | regex.DOTALL,
)

# The period in "(March 2020)", "(as at September 2020)", "- March 2020".
_PERIOD_RE = regex.compile(
    r"\(\s*(?:as\s+at\s+|at\s+)?([^()]*?\d{2,4}[^()]*?)\s*\)|[-–—]\s*((?:\p{L}+\.?\s+)?\d{4})\s*$"
)
_PLACEHOLDER_RE = regex.compile(r"\(\s*include explanation[^)]*\)", regex.IGNORECASE)


def _words(text: str) -> str:
    """Lower-case words only: 'Officer(s) responsible:' -> 'officer s responsible'."""
    text = _PLACEHOLDER_RE.sub(" ", text)
    text = regex.sub(r"\([^)]*\)", " ", text)
    return " ".join(regex.findall(r"\p{L}+", text.lower()))


def _singular(words: str) -> str:
    """Drop plural endings so 'actions agreed' and 'action agreed' read the same."""
    out = []
    for w in words.split():
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        out.append(w)
    # "officer s" (from "officer(s)") -> "officer"
    return " ".join(w for w in out if len(w) > 1 or w in {"a"})


# Ordered (field, pattern over singular lower-case words). First match wins.
_RULES: tuple[tuple[Field, str], ...] = (
    (
        "classification",
        r"^(this )?document (was )?classified|^classification\b|^protective marking",
    ),
    ("link_officers", r"^link officer|^scrutiny officer|^link contact"),
    ("action_plan_agreed", r"^(date )?action plan (agreed|approved|signed off)|^date agreed\b"),
    ("review", r"^(scrutiny )?review( title| name| topic)?$|^review of\b|^topic$"),
    (
        "assessment",
        r"\bassessment\b|\bgrade\b|\brating\b|\brag\b|^status\b|^progress status",
    ),
    (
        "evidence",
        r"\bevidence\b|^progress( to date| update| made| so far| against| comment)?\b|"
        r"^update\b|^commentary\b|^comment\b|^position\b|^latest position",
    ),
    (
        "success_measure",
        r"\bsuccess\b|\bmeasure\b|\boutcome\b|\bkpi\b|\bperformance indicator\b|"
        r"how will (we|you) know|\bimpact\b",
    ),
    (
        "responsibility",
        r"\bresponsib|\bofficer\b|^lead\b|\bowner\b|\baccountable\b|^who\b|^by whom\b",
    ),
    (
        "date",
        r"\bdate\b|\btimescale\b|\btime scale\b|\btimeframe\b|\btime frame\b|\btimeline\b|"
        r"\bdeadline\b|\btarget\b|^when\b|^by when\b|\bcompletion\b|\bdue\b",
    ),
    (
        "action",
        r"\baction\b|\bwhat will be done\b|\bactivity\b|\bactivitie\b|\btask\b|\bsteps?\b",
    ),
)
_LEGEND_RE = regex.compile(
    r"\bgradings\b|\bgrading (key|scale|criteria|explanation|definitions?)\b|"
    r"\bkey to (the )?grad|\bgrade (key|definitions?)\b|\bprogress gradings?\b$"
)
_COMPILED = tuple((f, regex.compile(p)) for f, p in _RULES)

# A label is short; a long sentence that happens to contain "action" is content.
_MAX_LABEL_WORDS = 9


def split_label(text: str) -> tuple[str, str]:
    """Split 'Review: Digital Optimisation' into ('Review', 'Digital Optimisation').

    Only the first colon counts, and only when what precedes it is short enough to be a
    label; otherwise the whole text is returned as the label part.
    """
    m = regex.match(r"^\s*([^:\n]{1,80}?)\s*:\s*(.*)$", text, regex.DOTALL)
    if m and len(m.group(1).split()) <= _MAX_LABEL_WORDS:
        return m.group(1), m.group(2).strip()
    return text.strip(), ""


def classify(text: str, *, allow_rest: bool = False) -> Label | None:
    """The field a label cell (or a 'Label: value' paragraph) names, or None.

    With ``allow_rest``, text after the label's colon is returned in ``Label.rest``;
    without it, a cell holding more than a label is not a label.
    """
    if not text or not text.strip():
        return None
    rec = RECOMMENDATION_RE.match(text)
    # Recommendations are numbered from 1: "Recommendation 0" (or "No. 000") is a damaged
    # or odd line of text, not a heading, and the model could not hold it.
    if rec and int(rec.group(1)) >= 1:
        return Label("recommendation", rest=rec.group(2).strip(), number=int(rec.group(1)))
    head, rest = split_label(text) if allow_rest else (text.strip(), "")
    # The assessment placeholder sits in the label cell:
    # "Assessment of Progress (March 2020): (include explanation if required)".
    head_clean = _PLACEHOLDER_RE.sub(" ", head)
    raw = _words(head_clean)
    words = _singular(raw)
    if not words or len(words.split()) > _MAX_LABEL_WORDS:
        return None
    # "Assessment of Progress Gradings:" heads the legend, not an assessment row.
    if _LEGEND_RE.search(raw):
        return Label("legend", rest=rest)
    for field, pattern in _COMPILED:
        if pattern.search(words):
            period = find_period(head_clean) if field in ("evidence", "assessment") else None
            return Label(field, period=period, rest=rest)
    return None


def find_period(text: str) -> str | None:
    """The period a label names: 'Evidence of Progress (March 2020):' -> 'March 2020'."""
    for m in _PERIOD_RE.finditer(text):
        candidate = (m.group(1) or m.group(2) or "").strip(" :")
        if candidate and parse_month(candidate):
            return " ".join(candidate.split())
    # "Progress update March 2021" with no brackets
    m2 = regex.search(r"(\p{L}{3,9}\.?\s+\d{4})\s*:?\s*$", text)
    if m2 and parse_month(m2.group(1)):
        return " ".join(m2.group(1).split())
    return None
