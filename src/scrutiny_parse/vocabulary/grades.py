"""The grades' words: the known legends' wordings, the default scale, an amendment
said in words ("3 (amended from 2)"), the status words a cell may hold alone and the
words of a legend table's header row."""

from __future__ import annotations

import regex

__all__ = [
    "AMENDED_FROM",
    "DEFAULT_GRADING_SCALE",
    "GRADE_WORDINGS",
    "GRADE_WORD_PATTERN",
    "STATUS_WORDS",
    "is_legend_header",
    "names_legend_columns",
]

#: The first known legend wording, used when a document has no legend of its own.
DEFAULT_GRADING_SCALE: dict[int, str] = {
    1: "Fully Achieved",
    2: "On-Track",
    3: "Slipped",
    4: "Not Achieved",
}

#: Wordings of the grades besides a document's own legend. Both known legends:
#: "1 Fully Achieved / 2 On-Track / 3 Slipped / 4 Not Achieved" and
#: "1 Achieved (Fully) / 2 On Track but not yet due for completion / 3 Slipped /
#: 4 Not Achieved"; and the usual synonyms.
GRADE_WORDINGS: tuple[tuple[str, int], ...] = (
    ("Fully Achieved", 1),
    ("Achieved Fully", 1),
    ("Achieved", 1),
    ("Completed", 1),
    ("Complete", 1),
    ("On Track", 2),
    ("Slipped", 3),
    ("Delayed", 3),
    ("Not Achieved", 4),
)

#: An amendment said in words after the grade, where no previous grade is struck through:
#: "3 (amended from 2)", "3 - Revised from 2: ...", "2 (previously 3)", "4 (was 3)".
AMENDED_FROM = regex.compile(
    r"""^\(?\s*(?:(?:amended|revised|changed|moved|downgraded|upgraded)\s+from
        |previously|was)\s+(?:(?:a\s+)?grade\s+)?(?P<grade>[1-4])(?![0-9])""",
    regex.IGNORECASE | regex.VERBOSE,
)

#: Where one grade's wording starts inside a legend written as one line ("Fully Achieved
#: On-Track Slipped Not Achieved"), longest wordings first.
GRADE_WORD_PATTERN = regex.compile(
    r"achieved\s*\(\s*fully\s*\)|fully\s+achieved|on[\s-]*track(?:\s+but\s+not\s+yet\s+due"
    r"\s+for\s+completion)?|not\s+achieved|not\s+started|in\s+progress|slipped|delayed"
    r"|completed?|achieved",
    regex.IGNORECASE,
)

#: Words that are a whole cell by themselves in an evidence row: "Complete", "Ongoing".
STATUS_WORDS = (
    r"complete[d]?|ongoing|on-going|achieved|on\s+track|in\s+progress|not\s+started"
    r"|delayed|slipped|n/a|none|yes|no"
)


#: Words of a legend table's header row ("Grade | Meaning", "Score | Description").
_LEGEND_HEADER_WORDS = frozenset(
    """
    grade grades score rating meaning description definition assessment of progress
    category status key level
    """.split()  # noqa: SIM905
)


def is_legend_header(text: str) -> bool:
    """Whether ``text`` is a legend table's header row ("Grade      Meaning"): it heads
    the legend's columns and is no grade's wording, nor a label beside a value."""
    words = regex.findall(r"\w+", text.casefold())
    return bool(words) and all(w in _LEGEND_HEADER_WORDS for w in words)


def names_legend_columns(text: str) -> bool:
    """A legend's header row that heads it alone, with no heading above: the grade's
    column then its wording's ("Grade | Assessment of Progress", "Score | Meaning").
    "Grade" or "Assessment of Progress" alone is a round's label."""
    words = regex.findall(r"\w+", text.casefold())
    return (
        len(words) >= 2
        and words[0] in {"grade", "score", "rating", "level"}
        and is_legend_header(text)
    )
