"""Pure string normalisers: paragraph text, dates, grades and people.

They know nothing of PDF, Word or the page layout; the segmenter calls them on cell text.
"""

from __future__ import annotations

from .dates import ParsedDate, parse_date, parse_month
from .grades import ParsedAssessment, grade_from_label, parse_assessment
from .names import split_people
from .text import clean_paragraph, format_item, join_paragraphs, strip_bullet

__all__ = [
    "ParsedAssessment",
    "ParsedDate",
    "clean_paragraph",
    "format_item",
    "grade_from_label",
    "join_paragraphs",
    "parse_assessment",
    "parse_date",
    "parse_month",
    "split_people",
    "strip_bullet",
]
