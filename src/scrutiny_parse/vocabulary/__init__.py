"""The template's words: the one place that knows how progress updates are worded.

Labels and their variants, the recommendation heading, the "(include explanation if
required)" prompt, month names, bullet glyphs, the grade wordings of the known legends,
classification markings and the title line. Every stage that needs one of these imports
it from here, so a wording seen in a new archive is taught to the whole pipeline at once
(readers, the table segmenter and the rebuilding of tables from text alike).

Patterns are plain strings or compiled :mod:`regex` objects; matching by meaning
(reducing a label to its words) lives in :mod:`scrutiny_parse.segment.labels`.
"""

from __future__ import annotations

from typing import Literal

import regex

from .grades import (
    AMENDED_FROM,
    DEFAULT_GRADING_SCALE,
    GRADE_WORD_PATTERN,
    GRADE_WORDINGS,
    STATUS_WORDS,
    is_legend_header,
    names_legend_columns,
)
from .prompt import (
    GRADES_ONLY,
    PLACEHOLDER,
    PLACEHOLDER_FRAGMENT,
    PROMPT_OPENING,
    PROMPT_REST,
    PROMPT_START,
)

__all__ = [
    "ACTION_FIELDS",
    "AMENDED_FROM",
    "BULLET_GLYPHS",
    "CLASSIFICATION_LINE",
    "DATE_LEAD_WORDS",
    "DEFAULT_GRADING_SCALE",
    "FORMATS",
    "FREQUENCY_WORD",
    "FRONT_MATTER_FIELDS",
    "GRADES_ONLY",
    "GRADE_WORDINGS",
    "GRADE_WORD_PATTERN",
    "HEADER_LABEL_RULES",
    "HONORIFICS",
    "JOB_TITLE_ENDS",
    "JOB_TITLE_STARTS",
    "LABEL_DASHES",
    "LABEL_JOINERS",
    "LABEL_LEAD_WORDS",
    "LABEL_RULES",
    "LABEL_TRAILING_WORDS",
    "LEADING_ROW_NUMBER",
    "LEGEND_PATTERN",
    "MARKING_PATTERN",
    "MAX_LABEL_WORDS",
    "MAX_PART_HEADING_WORDS",
    "MONTHS",
    "MONTH_WORD",
    "NUMBERED_HEADING",
    "PLACEHOLDER",
    "PLACEHOLDER_FRAGMENT",
    "PROMPT_OPENING",
    "PROMPT_REST",
    "PROMPT_START",
    "RECOMMENDATION_HEADING",
    "ROLE_END_WORDS",
    "ROUND_FIELDS",
    "ROW_NUMBER",
    "SHORT_WORDS",
    "STATUS_WORDS",
    "TITLE_PATTERN",
    "WRAP_WORDS",
    "Field",
    "Format",
    "ends_on_wrap_word",
    "is_label_word",
    "is_legend_header",
    "label_left_open",
    "looks_like_part_heading",
    "mentions_field_word",
    "names_legend_columns",
]

# -- formats ----------------------------------------------------------------------------

#: Every input format the library reads, as ``SourceInfo.format`` names it.
Format = Literal["docx", "pdf", "doc", "rtf", "odt", "text"]
FORMATS: tuple[Format, ...] = ("docx", "pdf", "doc", "rtf", "odt", "text")

# -- fields and their labels ------------------------------------------------------------

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
    # Only in a header row (the older layout): the column numbering the recommendations.
    "number",
]

#: Fields that make up the body of a recommendation, in their usual order.
ACTION_FIELDS: tuple[Field, ...] = ("responsibility", "date", "action", "success_measure")
ROUND_FIELDS: tuple[Field, ...] = ("evidence", "assessment")

#: Ordered (field, pattern over a label's singular lower-case words); the first match
#: wins, so the more specific rules come first.
LABEL_RULES: tuple[tuple[Field, str], ...] = (
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

#: Names a header row (the older layout: one row per recommendation) gives its columns
#: that mean something else in a label column or the front matter: "No." numbers the
#: rows, a bare "Recommendation" heads the recommendation text, and "Link Officer" is
#: the officer responsible for the row, not the front matter's link officer. Tried
#: before :data:`LABEL_RULES` on header cells only.
HEADER_LABEL_RULES: tuple[tuple[Field, str], ...] = (
    ("number", r"^(rec |recommendation )?(no|number|ref|reference|item)$"),
    ("recommendation", r"^(agreed |scrutiny |committee )?recommendation( text| made| agreed)?$"),
    ("responsibility", r"^link officer|^scrutiny officer|^link contact"),
)
#: Label rules that name front matter, never a column of a header row.
FRONT_MATTER_FIELDS: frozenset[Field] = frozenset(
    {"classification", "link_officers", "action_plan_agreed", "review"}
)

#: "Assessment of Progress Gradings:" heads the legend, not an assessment row; so do
#: "Key to Assessment of Progress", "Key – Assessment of Progress" and "Assessment Key"
#: (a key names what it explains).
LEGEND_PATTERN = regex.compile(
    r"\bgradings\b|\bgrading (key|scale|criteria|explanation|definitions?)\b|"
    r"\bkey to (the )?(grad|assessment|progress)|\b(grade|assessment|progress) key\b|"
    r"^key (grad\w*|assessments?)\b|"
    r"\bgrade definitions?\b|\bprogress gradings?\b$|^grading of (?:progress|assessments?)$|"
    # "Assessment Categories", "Assessment of Progress Categories" heading the legend.
    r"^(?:(?:assessment|progress|grading|grade)s?(?: of)? )+categor(?:y|ies)$"
)

#: A label is short; a long sentence that happens to contain "action" is content.
MAX_LABEL_WORDS = 9

#: First words of labels that mean nothing alone when extraction wraps a label over
#: lines ("Agreed" / "Action:", "What will be" / "done:").
LABEL_LEAD_WORDS = frozenset(
    "agreed what how who when key expected planned proposed target lead by completion".split()  # noqa: SIM905
)

#: Words a job title or team name ends on ("Parks Operations Manager", "Road Safety
#: Team"): after one, a capitalised word starts the next officer when cells share a line.
ROLE_END_WORDS = frozenset(
    """
    manager managers officer officers team teams partner partners service services unit
    units lead leads leader leaders director directors coordinator co-ordinator group
    groups adviser advisers advisor advisors engineer engineers worker workers board
    principal principals
    """.split()  # noqa: SIM905
)

#: Words a person's job title ends on ("Senior Democratic Services Officer"), or starts
#: on ("Head of Revenues"): after "Helen Okafor, " such a phrase is her title, not the
#: next officer. Teams and groups are not titles ("Ian Coxon, Digital Services Group").
JOB_TITLE_ENDS = frozenset(
    """
    manager officer lead leader director coordinator co-ordinator adviser advisor
    engineer librarian inspector planner analyst consultant specialist executive
    """.split()  # noqa: SIM905
)
JOB_TITLE_STARTS = frozenset("head director chief deputy assistant".split())  # noqa: SIM905

#: Lead words that may follow the field word instead ("Action Agreed", "Date Expected").
LABEL_TRAILING_WORDS = frozenset("agreed planned proposed expected".split())  # noqa: SIM905

#: Honorifics before a person's name ("Dr Fiona McLeish", "Cllr Ann Lowe").
HONORIFICS = frozenset("dr mr mrs ms miss mx prof cllr sir dame".split())  # noqa: SIM905

#: Words a wrapped label can stop on and go on after ("Assessment of" / "Progress").
LABEL_JOINERS = frozenset("of and for to be the by in on at".split())  # noqa: SIM905
#: The dashes a label's period follows ("Progress to date – October 2025").
LABEL_DASHES = ("-", "–", "—")


def label_left_open(text: str) -> bool:
    """A label cut off mid-phrase: on a joining word ("Assessment of"), inside its
    period's bracket ("Evidence of Progress (March") or at the dash before its period
    ("Assessment of progress –"); its rest is further on (a page break, the cells)."""
    text = text.rstrip(":").strip()
    words = text.split()
    return bool(words) and (
        words[-1].lower() in LABEL_JOINERS
        # A bracket opened after the last one closed: "(March", "2023) (Grade 1 – 4, with".
        or text.rfind("(") > text.rfind(")")
        or words[-1] in LABEL_DASHES
    )


#: Words no sentence, cell or label ends on: a line that stops on one was wrapped,
#: whatever the dump wrote after it ("...Corporate Management Team in" / "January 2021.").
WRAP_WORDS = frozenset(
    "a an the of and or for to by in on at with from as into than between is was are".split()  # noqa: SIM905
)

# Words any label of a recommendation row contains (after plurals are dropped); a
# repeated line holding one of them is a label, not a running header.
_FIELD_WORDS = regex.compile(
    r"\b(?:recommendation|responsib\w*|officers?|date|timescale|actions?|success|measures?"
    r"|evidence|progress|assessment|grad\w+)\b",
    regex.I,
)


def mentions_field_word(text: str) -> bool:
    """Whether ``text`` holds a word the template's row labels are made of."""
    return bool(_FIELD_WORDS.search(text))


def is_label_word(word: str) -> bool:
    """Whether ``word`` can stand in a label: a field word, a lead word or a joiner."""
    low = word.lower().strip(":")
    return bool(word) and (
        mentions_field_word(word) or low in LABEL_JOINERS or low in LABEL_LEAD_WORDS
    )


#: Short words a line may start with that are words of their own, not a broken word's
#: tail ("Assessment" / "of", "Progress" / "to date").
SHORT_WORDS = frozenset("a an and as at by for in of on or to the".split())  # noqa: SIM905


def ends_on_wrap_word(text: str) -> bool:
    """Whether ``text`` stops on a word no sentence ends on (:data:`WRAP_WORDS`)."""
    words = text.split()
    return bool(words) and words[-1].casefold() in WRAP_WORDS


#: "Recommendation 1:", "Recommendation 12 -", "Rec 3.", "Recommendation No. 4". Groups:
#: ``number``, ``sep`` (the separator after it, maybe empty) and ``rest``.
RECOMMENDATION_HEADING = regex.compile(
    r"^\s*(?:recommendation|rec)\.?\s*(?:no\.?\s*|number\s*)?(?P<number>\d{1,3})\b\s*"
    r"(?P<sep>[:.\-–—)]?)\s*(?P<rest>.*)$",
    regex.IGNORECASE | regex.DOTALL,
)

#: A recommendation headed by its number alone, as a numbered paragraph: "1.  Residents
#: should be encouraged ...", "2) The Council should ...". Only a heading where the
#: document has no "Recommendation N" headings and a label-column table follows it (the
#: segmenter checks both); elsewhere it is a numbered list item. Groups: ``number``,
#: ``rest``.
NUMBERED_HEADING = regex.compile(
    r"^\s*(?P<number>\d{1,2})\s*[.)]\s+(?P<rest>\p{Lu}.*)$", regex.DOTALL
)

#: A number-column cell in the older layout: "1", "1.", "1)", "Rec 1", "Recommendation 1",
#: "R1"; "2a" / "2(a)" also name a letter. Groups: the number, the letter.
ROW_NUMBER = regex.compile(
    r"^\s*(?:(?:rec(?:ommendation)?|r)\.?\s*(?:no\.?\s*)?)?(\d{1,3})\s*"
    r"(?:\(?([a-z])\))?\s*[.:)]?\s*$",
    regex.IGNORECASE,
)
#: A recommendation cell that begins with its own number when there is no number column:
#: "1. The Council ...", "Recommendation 2: ...". Group: the number.
LEADING_ROW_NUMBER = regex.compile(
    r"^\s*(?:recommendation\s+|rec\.?\s+)?(\d{1,3})\s*[.:)\-–]\s+", regex.IGNORECASE
)

#: A sub-part heading ("For Council Staff", "For Community") is a short line.
MAX_PART_HEADING_WORDS = 8
_SENTENCE_END = ".!?;:,"


def looks_like_part_heading(text: str) -> bool:
    """A sub-part heading: a short title ("For Community", "For young people aged 16
    and 17"), capitalised, with no colon, sentence end, year or leading number; a line
    such as "and publishes an annual report." goes on the recommendation's text
    instead, "2024" or "3 Slipped" is no heading."""
    text = text.strip()
    words = text.split()
    return (
        0 < len(words) <= MAX_PART_HEADING_WORDS
        and len(text) <= 60
        and text[0].isupper()
        and text[-1] not in _SENTENCE_END
        and ":" not in text
        and not _YEAR_IN.search(text)
        and not text.lower().startswith(("http", "www."))
    )


_YEAR_IN = regex.compile(r"\b(?:19|20)\d{2}\b|\d{1,2}[./]\d{1,2}")


# -- front matter -----------------------------------------------------------------------

#: The title line: "SCRUTINY MONITORING – PROGRESS UPDATE".
TITLE_PATTERN = regex.compile(
    r"progress\s+update|scrutiny\s+monitoring|monitoring\s+report", regex.IGNORECASE
)
#: A line that carries the classification: "This document was classified as: OFFICIAL",
#: "Protective marking: OFFICIAL" (a running header, wherever a dump puts it).
CLASSIFICATION_LINE = regex.compile(
    r"^(?:this\s+)?document\s+(?:was\s+|is\s+)?classified\s+as\s*:?\s*\S"
    r"|^(?:classification|protective\s+marking)\s*:\s*\S",
    regex.IGNORECASE,
)
#: A classification marking on its own: "OFFICIAL", "OFFICIAL - SENSITIVE".
MARKING_PATTERN = regex.compile(
    r"^(OFFICIAL(?:[\s\-–—]+SENSITIVE)?|NOT PROTECTIVELY MARKED|PUBLIC|RESTRICTED|UNCLASSIFIED)$",
    regex.IGNORECASE,
)

# -- months ----------------------------------------------------------------------------

#: Month abbreviations to month numbers (a name is read by its first three letters).
MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
#: A month name, full or abbreviated ("Sept", "Mar"), as a regex fragment.
MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: Words that lead a date in a Date cell: "By 31.03.2021", "From April 2024",
#: "Before March 2025", "End of June 2024", "Due Q3 2024/25".
DATE_LEAD_WORDS = r"(?:by|from|before|after|until|due|end\s+of|early|late|mid|during)"
#: How often a dated action recurs, written in a Date cell instead of a date or beside
#: one: "Monthly / ongoing", "Quarterly, from January 2024", "Annually".
FREQUENCY_WORD = (
    r"(?:weekly|fortnightly|monthly|quarterly|termly|annually|yearly|bi-?annually"
    r"|six-monthly|half-yearly)"
)

# -- bullets ---------------------------------------------------------------------------

#: Typed bullet glyphs seen at the start of a paragraph. Word's Symbol / Wingdings
#: bullets come out of PDFs as private-use code points (U+F0B7 "", U+F0A7 "");
#: any Symbol-font private-use character U+F020-U+F0FF at the start is a bullet too.
BULLET_GLYPHS = "•●◦▪■□‣⁃∙·➢►▸◆◇○✓✔➤❖❑\u2043"
