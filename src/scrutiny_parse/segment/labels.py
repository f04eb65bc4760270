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

import regex

from ..normalise.dates import parse_month
from ..normalise.memo import memoised
from ..normalise.text import typed_text
from ..vocabulary import (
    ACTION_FIELDS,
    FRONT_MATTER_FIELDS,
    HEADER_LABEL_RULES,
    LABEL_RULES,
    LEGEND_PATTERN,
    MAX_LABEL_WORDS,
    PLACEHOLDER,
    RECOMMENDATION_HEADING,
    ROUND_FIELDS,
    Field,
    names_legend_columns,
)

__all__ = [
    "ACTION_FIELDS",
    "ROUND_FIELDS",
    "Field",
    "Label",
    "classify",
    "find_period",
    "split_label",
]


@dataclass(frozen=True)
class Label:
    field: Field
    # The reporting period named in the label, as written: "March 2020".
    period: str | None = None
    # Text after the label inside the same string ("Review: Digital Optimisation").
    rest: str = ""
    # A recommendation heading's number (1 or more); None for every other field.
    number: int | None = None


# The period in "(March 2020)", "(as at September 2020)", "- March 2020".
_PERIOD_RE = regex.compile(
    r"\(\s*(?:as\s+at\s+|at\s+)?([^()]*?\d{2,4}[^()]*?)\s*\)|[-–—]\s*((?:\p{L}+\.?\s+)?\d{4})\s*$"
)


# Compiled once: every row's label cell is classified, and regex's own cache of
# patterns given as strings costs about as much as a short match.
_BRACKETED = regex.compile(r"\([^)]*\)")
_LETTERS = regex.compile(r"\p{L}+")
_LABEL_COLON = regex.compile(r"^\s*([^:\n]{1,80}?)\s*:\s*(.*)$", regex.DOTALL)
_TRAILING_PERIOD = regex.compile(r"(\p{L}{3,9}\.?\s+\d{4})\s*:?\s*$")


def _words(text: str) -> str:
    """Lower-case words only: 'Officer(s) responsible:' -> 'officer s responsible'."""
    text = PLACEHOLDER.sub(" ", text)
    text = _BRACKETED.sub(" ", text)
    return " ".join(_LETTERS.findall(text.lower()))


def _singular(words: str) -> str:
    """Drop plural endings so 'actions agreed' and 'action agreed' read the same."""
    out = []
    for w in words.split():
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        out.append(w)
    # "officer s" (from "officer(s)") -> "officer"
    return " ".join(w for w in out if len(w) > 1 or w in {"a"})


_COMPILED = tuple((f, regex.compile(p)) for f, p in LABEL_RULES)
_HEADER_COMPILED = tuple((f, regex.compile(p)) for f, p in HEADER_LABEL_RULES)


def split_label(text: str) -> tuple[str, str]:
    """Split 'Review: Digital Optimisation' into ('Review', 'Digital Optimisation').

    Only the first colon counts, and only when what precedes it is short enough to be a
    label; otherwise the whole text is returned as the label part.
    """
    m = _LABEL_COLON.match(text)
    if m and len(m.group(1).split()) <= MAX_LABEL_WORDS:
        return m.group(1), m.group(2).strip()
    return text.strip(), ""


@memoised
def classify(text: str, *, allow_rest: bool = False, header: bool = False) -> Label | None:
    """The field a label cell (or a 'Label: value' paragraph) names, or None.

    With ``allow_rest``, text after the label's colon is returned in ``Label.rest``;
    without it, a cell holding more than a label is not a label. With ``header``, the
    text is a header-row cell naming a column ("No.", "Recommendation", "Link Officer",
    "Progress (September 2016) (Please state current position ...)"): the same
    vocabulary, plus the names only a header row uses.
    """
    if not text or not text.strip():
        return None
    text = typed_text(text)  # "Oﬃcer(s)" from a PDF's ligature glyph is "Officer(s)"
    if header:
        return _classify_header(text)
    rec = RECOMMENDATION_HEADING.match(text)
    # Recommendations are numbered from 1: "Recommendation 0" (or "No. 000") is a damaged
    # or odd line of text, not a heading, and the model could not hold it.
    if rec and int(rec["number"]) >= 1:
        return Label("recommendation", rest=rec["rest"].strip(), number=int(rec["number"]))
    head, rest = split_label(text) if allow_rest else (text.strip(), "")
    # The assessment placeholder sits in the label cell:
    # "Assessment of Progress (March 2020): (include explanation if required)".
    head_clean = PLACEHOLDER.sub(" ", head)
    raw = _words(head_clean)
    words = _singular(raw)
    if not words or len(words.split()) > MAX_LABEL_WORDS:
        return None
    # "Assessment of Progress Gradings:" heads the legend, not an assessment row.
    if LEGEND_PATTERN.search(raw) or names_legend_columns(head_clean):
        return Label("legend", rest=rest)
    for field, pattern in _COMPILED:
        if pattern.search(words):
            period = find_period(head_clean) if field in ("evidence", "assessment") else None
            return Label(field, period=period, rest=rest)
    return None


def _classify_header(text: str) -> Label | None:
    """A header cell's field: header-only names first, then the label rules."""
    rec = RECOMMENDATION_HEADING.match(text)
    if rec and int(rec["number"]) >= 1:
        return None  # "Recommendation 1:" heads a label-column block, not a column
    # "Assessment of progress Categories 1 - 4" names the assessment column, not a
    # legend: in a header row the legend words are column wording, so they are dropped.
    head = PLACEHOLDER.sub(" ", text.strip())
    words = _singular(_words(head))
    if not words:
        return None
    for field, pattern in _HEADER_COMPILED:
        if pattern.search(words):
            return Label(field)
    # A header cell may carry a long prompt in brackets (already dropped by _words);
    # what is left must still read as a label.
    if len(words.split()) > MAX_LABEL_WORDS:
        return None
    for field, pattern in _COMPILED:
        if field in FRONT_MATTER_FIELDS:
            continue
        if pattern.search(words):
            period = None
            if field in ("evidence", "assessment"):
                # "Progress presented to Committee June 2016 (Please state ...)": the
                # month may sit before a bracketed prompt.
                period = find_period(head) or find_period(_BRACKETED.sub(" ", head))
            return Label(field, period=period)
    return None


def find_period(text: str) -> str | None:
    """The period a label names: 'Evidence of Progress (March 2020):' -> 'March 2020'."""
    for m in _PERIOD_RE.finditer(text):
        candidate = (m.group(1) or m.group(2) or "").strip(" :")
        if candidate and parse_month(candidate):
            return " ".join(candidate.split())
    # "Progress update March 2021" with no brackets
    m2 = _TRAILING_PERIOD.search(text)
    if m2 and parse_month(m2.group(1)):
        return " ".join(m2.group(1).split())
    return None
