"""Rebuilding tables from text: a label found in the lines, and recommendation headings.

The pieces the label finders share (:mod:`.text_labels` for labels as extraction wrapped
them, :mod:`.torn_labels` for labels their row's content or a page break tore apart).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.labels import Label, classify
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_LEAD_WORDS,
    PLACEHOLDER,
    RECOMMENDATION_HEADING,
    ROUND_FIELDS,
    Field,
    looks_like_part_heading,
)

__all__ = [
    "PERIOD_ALONE",
    "WANTED",
    "YEAR",
    "LabelHit",
    "ends_on_period",
    "heading_like",
    "is_heading",
    "make_hit",
    "piece_ok",
]

#: The fields whose labels the finders look for.
WANTED: frozenset[Field] = frozenset({*ACTION_FIELDS, *ROUND_FIELDS, "legend"})
_TERMINAL = ".!?;:"


@dataclass(frozen=True)
class LabelHit:
    """A label found in the lines: what it names, as written, where it ends."""

    label: Label
    text: str
    end: int
    rest: str
    # Lines further on that finish a label torn apart by its row's content.
    skip: tuple[int, ...] = ()
    # What the last of ``skip`` holds after the label: a cell's text on its baseline.
    tail: str = ""


def piece_ok(text: str, first: bool) -> bool:
    """A line that can be part of a wrapped label: short, no sentence end."""
    words = text.split()
    if not words or len(words) > 4 or len(text) > 32 or text[-1] in _TERMINAL + ",":
        return False
    if first:
        if not text[0].isupper():
            return False
        if classify(text + ":") is None and words[0].lower() not in LABEL_LEAD_WORDS:
            return False
    return True


def make_hit(pieces: list[str], head: str, end: int, rest: str) -> LabelHit | None:
    words = " ".join([*pieces, head]).split()
    # The round's period does not count, in brackets or after a dash: "Progress Update
    # (as at October 2024)", "Progress to date – October 2025"; nor the prompt after a
    # bracketed period ("progress (April" / "2025) – grade" / "1-4 with" / "comment:").
    counted = len(_to_period(" ".join(words)).split())
    if not words or counted > 9 or len(_without_period(head).split()) > 5:
        return None
    text = " ".join(words) + ":"
    label = classify(text)
    if label is None or label.field not in WANTED:
        return None
    if label.field not in ROUND_FIELDS and YEAR.search(text):
        # Only the progress rows' labels name a period; "Task days held between April
        # and August 2023:" is a line of a cell that ends in a colon.
        return None
    return LabelHit(label, text, end, PLACEHOLDER.sub("", rest).strip())


_BRACKETED = regex.compile(r"\([^()]*\)")
# A round's period as written after a dash: "October 2025", "Sept. 2024", "2025".
_MONTH_YEAR = r"(?:\p{L}+\.?\s+)?(?:19|20)\d{2}"
_AFTER_DASH = rf"\s[-–—]\s*{_MONTH_YEAR}"
_DASHED_PERIOD = regex.compile(rf"{_AFTER_DASH}\s*$")
#: A line that is a period alone, the rest of a label torn at its dash.
PERIOD_ALONE = regex.compile(rf"^{_MONTH_YEAR}$")


_ENDS_ON_PERIOD = regex.compile(rf"(?:\([^()]*\b(?:19|20)\d{{2}}\)|{_AFTER_DASH})\s*:?$")


def ends_on_period(text: str) -> bool:
    """A label that ends naming its round's period, bracketed or after a dash:
    "Progress Update – February 2024", "Assessment (March 2023):"."""
    return _ENDS_ON_PERIOD.search(text) is not None


def _to_period(text: str) -> str:
    """The label up to its bracketed period's closing bracket (all of it if none)."""
    m = _CLOSED_PERIOD.search(text)
    return text[: m.end()] if m else text


_CLOSED_PERIOD = regex.compile(r"\([^()]*\b(?:19|20)\d{2}\)")


def _without_period(head: str) -> str:
    return str(_DASHED_PERIOD.sub(" ", _BRACKETED.sub(" ", head)))


YEAR = regex.compile(r"\b(?:19|20)\d{2}\b")


def is_heading(line: TextLine) -> bool:
    """A recommendation heading followed by a separator ("Recommendation 3:"): in a
    dump, "Recommendation 3 of the review" inside a cell is text, not a heading."""
    if line.kind != "text":
        return False
    m = RECOMMENDATION_HEADING.match(line.text)
    return m is not None and (bool(m["sep"]) or not m["rest"].strip())


def heading_like(text: str) -> bool:
    """A short sub-part heading such as "For Community" (see the vocabulary's rule)."""
    return looks_like_part_heading(text)
