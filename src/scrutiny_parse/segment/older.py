"""Front matter of the older layout: the review named in the title, committee, appendix.

Updates laid out as one table with a header row usually have no "Review:" line: the
title names the review ("Progress Update – Home Care", "Initial Progress Update – Review
of Highways Maintenance"), an "Appendix 1" line sits above or beside it (where the paper
sits in the committee pack), and the committee's name is a line of its own below it
("Adult Social Care and Health Select Committee"). Nothing here is specific to that
layout, so a label-column update worded this way is read the same.
"""

from __future__ import annotations

from typing import Literal

import regex

__all__ = ["front_line_kind", "review_from_title", "strip_appendix"]

_APPENDIX_RE = regex.compile(r"^\s*appendix\s+[\p{L}\d]{1,4}\.?\s*$", regex.IGNORECASE)
# "Appendix 1" at the start or end of a longer line (typed beside the title, with a tab).
_APPENDIX_IN_RE = regex.compile(
    r"^\s*(appendix\s+[\p{L}\d]{1,4})\b[\s:.\-–—]*|[\s\-–—]*\b(appendix\s+[\p{L}\d]{1,4})\.?\s*$",
    regex.IGNORECASE,
)
# A committee's name on a line of its own: short, no sentence, ends in "Committee"
# ("Select Committee", "Scrutiny Committee", "Overview and Scrutiny Committee") or
# "Panel"/"Board" after "Scrutiny".
_COMMITTEE_RE = regex.compile(
    r"^[\p{L}\d&,'’() \-–]{3,100}\b(committee|scrutiny\s+(panel|board|commission))$",
    regex.IGNORECASE,
)
_MAX_COMMITTEE_WORDS = 12
# "... Progress Update – Home Care"; "Progress Update: Review of X"; also "X – Progress Update".
_AFTER_TITLE_RE = regex.compile(
    r"progress\s+update\s*(?:report\s*)?[\-–—:]\s*(?P<name>.+)$", regex.IGNORECASE
)
_BEFORE_TITLE_RE = regex.compile(
    r"^(?P<name>.+?)\s*[\-–—:]\s*(?:initial\s+|first\s+|second\s+|third\s+|final\s+|further\s+)?"
    # "Review of Bus Shelter Maintenance – Action Plan Progress Update"
    r"(?:action\s+plan\s+)?progress\s+update(?:\s+report)?$",
    regex.IGNORECASE,
)
_REVIEW_OF_RE = regex.compile(r"^(?:scrutiny\s+)?review\s+(?:of|into)\s+", regex.IGNORECASE)
# Words that make a title line's "name" no review: "SCRUTINY MONITORING – PROGRESS UPDATE".
_NOT_A_NAME_RE = regex.compile(
    r"^(scrutiny\s+)?(monitoring|scrutiny)(\s+report)?$|^report$", regex.IGNORECASE
)


def front_line_kind(text: str) -> Literal["appendix", "committee"] | None:
    """Whether a front-matter line is an "Appendix N" line or a committee's name."""
    text = " ".join(text.split())
    if _APPENDIX_RE.match(text):
        return "appendix"
    if (
        len(text.split()) <= _MAX_COMMITTEE_WORDS
        and not text.endswith(".")
        and _COMMITTEE_RE.match(text)
    ):
        return "committee"
    return None


def strip_appendix(title: str) -> tuple[str, str | None]:
    """A title line without an "Appendix N" typed beside it, and that appendix."""
    m = _APPENDIX_IN_RE.search(title)
    if m is None:
        return title, None
    rest = " ".join((title[: m.start()] + " " + title[m.end() :]).split())
    if not rest:
        return title, None
    return rest, " ".join((m.group(1) or m.group(2)).split())


def review_from_title(title: str | None) -> str | None:
    """The review a title line names: "Progress Update – Home Care" -> "Home Care",
    "Initial Progress Update – Review of X" -> "X"; None when it names none."""
    if not title:
        return None
    text = " ".join(title.split())
    m = _AFTER_TITLE_RE.search(text) or _BEFORE_TITLE_RE.match(text)
    if m is None:
        return None
    name: str = _REVIEW_OF_RE.sub("", m.group("name").strip(" -–—:")).strip()
    if not name or _NOT_A_NAME_RE.match(name):
        return None
    return name
