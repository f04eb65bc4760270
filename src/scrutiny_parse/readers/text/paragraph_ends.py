"""Text reader: paragraph ends in dumps that write no empty lines (pypdf's style).

Word and LibreOffice print a wrapped line with the space it was wrapped at, and a
paragraph's (or a cell's) last line without one. pdftotext drops trailing spaces and
separates text blocks with empty lines instead; pypdf keeps them and writes no empty
lines at all. In a dump of that kind, a line without a trailing space ends its block,
and an empty line is put after it, so every later stage sees blocks as in any dump;
unless the next line goes on in lower case or with punctuation.
"""

from __future__ import annotations

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.vocabulary import MONTH_WORD, ends_on_wrap_word

__all__ = ["breaks_at_paragraph_ends", "marks_wraps_only", "writes_boxes"]

# At most this share of lines empty, and at least this share ending in a space.
_FEW_EMPTY = 0.02
_MANY_WRAPPED = 0.2


def _wrap_counts(raw_lines: list[str]) -> tuple[int, int, int] | None:
    """(text lines, empty lines, text lines ending in a wrap space), or None for a dump
    too short to tell."""
    texts = [r for r in raw_lines if r.strip()]
    if len(texts) < 20:
        return None
    wrapped = sum(1 for r in texts if r.endswith((" ", "\t")))
    return len(texts), len(raw_lines) - len(texts), wrapped


def marks_wraps_only(raw_lines: list[str]) -> bool:
    """Whether the dump writes no empty lines but keeps wrap spaces at line ends."""
    counts = _wrap_counts(raw_lines)
    if counts is None:
        return False
    texts, empty, wrapped = counts
    unblank = sum(1 for r in raw_lines if r != "")
    return empty <= _FEW_EMPTY * unblank and wrapped >= _MANY_WRAPPED * texts


def writes_boxes(raw_lines: list[str]) -> bool:
    """Whether the dump keeps wrap spaces at line ends and also puts an empty line
    after every block: text boxes, each written whole, in an order of their own
    (pdfminer groups boxes by position), not cut into lines of reading order."""
    counts = _wrap_counts(raw_lines)
    if counts is None:
        return False
    texts, empty, wrapped = counts
    return empty > _FEW_EMPTY * len(raw_lines) and wrapped >= _MANY_WRAPPED * texts


def breaks_at_paragraph_ends(lines: list[TextLine], raw: dict[int, str]) -> list[TextLine]:
    """``lines`` with an empty line after every text line that has no trailing space."""
    out: list[TextLine] = []
    for ln, nxt in zip(lines, [*lines[1:], None], strict=True):
        out.append(ln)
        # "...across the" / "Council.": a line that stops on a word no sentence ends on
        # was wrapped, the wrap space past the cell's edge.
        if ln.kind != "text" or raw[ln.number].endswith((" ", "\t")) or ends_on_wrap_word(ln.text):
            continue
        # "Responsibility" / ":" and "picking and shrub" / "bed standards": a line that
        # goes on in lower case or with punctuation was wrapped all the same.
        if (
            nxt is not None
            and nxt.kind == "text"
            and (nxt.text[:1].islower() or nxt.text[:1] in ":;,.)" or _number_goes_on(ln, nxt))
        ):
            continue
        out.append(TextLine("", "hard", ln.page, ln.number))
    return out


# A number that goes on a sentence: a year, or a number before a lower-case word or a
# month ("2025, but", "212 culverts", "2 September"); not a list's "3 Slipped".
_NUMBER_GOES_ON = regex.compile(rf"^(?:(?:19|20)\d\d\b|\d[\d,.]*%?\s+(?:\p{{Ll}}|{MONTH_WORD}\b))")


def _number_goes_on(ln: TextLine, nxt: TextLine) -> bool:
    """A line that stops on a word, then one that starts with a number, is one sentence
    wrapped where the dump lost the space ("...went live on" / "2 September 2024",
    "...let in January" / "2025, but the"): such lines are a cell's widest, and the wrap
    space fell past the cell's edge."""
    return ln.text[-1:].isalpha() and bool(_NUMBER_GOES_ON.match(nxt.text))
