"""Rebuilding tables from text: a label's lines woven between its value's lines.

pdftotext (default mode) writes a row's lines in the order of their height on the page.
Where a label's lines sit a little lower than the value's lines beside them, each value
line comes just before the label's line at the same height: "Alliance meeting at least
quarterly; recognition awarded by" / "Success" / "March 2023 and renewed each year
after." / "Measure(s):". Read in that order, the label is lost ("Success" reads as a
value) and every row takes the next row's first line.

A label whose lines stand one value line apart, where the lines read together would
name no field, is woven; in a document with at least :data:`_MIN_WOVEN` of them, each
woven label's lines are put together, followed by the value line above its first line
and the value lines between. Only one value line a height is undone: with several
columns the values of one height cannot be told apart without positions.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.grades import grades_only
from scrutiny_parse.segment.retable.label_hits import is_heading, make_hit, piece_ok
from scrutiny_parse.vocabulary import MONTH_WORD, is_label_word

__all__ = ["unweave"]

#: Woven labels a document must show before its lines are reordered: one could be a
#: cell's words that happen to name a field.
_MIN_WOVEN = 2
_MAX_PIECES = 5
# A label's line that opens or closes its period: "(September", "2023):", "(March 2024):".
_PERIOD_PIECE = regex.compile(
    rf"^(?:\(?{MONTH_WORD}\.?(?:\s+(?:19|20)\d{{2}}\)?)?|\(?(?:19|20)\d{{2}}\)?)\s*:?$",
    regex.IGNORECASE,
)


def unweave(lines: list[TextLine]) -> list[TextLine]:
    """``lines`` with woven labels' lines put back together (see the module's notes)."""
    found: list[tuple[int, list[int]]] = []
    i = 1
    while i < len(lines):
        pieces = _woven_at(lines, i)
        if pieces is None:
            i += 1
            continue
        found.append((i - 1, pieces))
        i = pieces[-1] + 1
    if len(found) < _MIN_WOVEN:
        return lines
    # The same order where the label's lines need no weaving (its value has one line
    # beside them, or the label one line): "March 2023 / annual renewal" / "Timescale:".
    taken = {n for head, pieces in found for n in range(head, pieces[-1] + 1)}
    for i in range(1, len(lines)):
        pieces = _label_at(lines, i)
        if pieces is not None and not taken & {i - 1, *pieces}:
            found.append((i - 1, pieces))
            taken.update(range(i - 1, pieces[-1] + 1))
    found.sort()
    out = list(lines)
    for head, pieces in reversed(found):
        window = range(head, pieces[-1] + 1)
        order = [*pieces, *(n for n in window if n not in pieces)]
        numbers = [lines[n].number for n in window]
        out[head : pieces[-1] + 1] = [
            replace(lines[n], number=num) for n, num in zip(order, numbers, strict=True)
        ]
    return out


def _woven_at(lines: list[TextLine], i: int) -> list[int] | None:
    """The indices of a woven label's lines starting at ``i``, or None."""
    first = lines[i]
    if first.kind != "text" or ":" in first.text or not piece_ok(first.text, first=True):
        return None
    if not _value_line(lines[i - 1], first.page):
        return None  # the value line beside the label's first line
    pieces = [i]
    for j in range(i + 2, min(i + 2 * _MAX_PIECES, len(lines)), 2):
        gap, ln = lines[j - 1], lines[j]
        if not _value_line(gap, first.page) or ln.kind != "text" or ln.page != first.page:
            return None
        head, colon, rest = ln.text.partition(":")
        piece = head if colon else ln.text
        if not piece_ok(piece, first=False) or not _label_piece(piece) or rest.strip():
            return None
        pieces.append(j)
        if not colon:
            continue
        texts = [lines[n].text for n in pieces[:-1]]
        hit = make_hit(texts, head, j, "")
        together = make_hit([x.text for x in lines[i:j]], head, j, "")
        return pieces if hit is not None and together is None else None
    return None


def _label_at(lines: list[TextLine], i: int) -> list[int] | None:
    """The indices of a label's own lines from ``i``, one after the other, with a value
    line above them and nothing after the colon; None otherwise."""
    first = lines[i]
    if first.kind != "text" or not _value_line(lines[i - 1], first.page):
        return None
    texts: list[str] = []
    for j in range(i, min(i + 3, len(lines))):
        ln = lines[j]
        if ln.kind != "text" or ln.page != first.page:
            return None
        head, colon, rest = ln.text.partition(":")
        if not colon:
            if not piece_ok(ln.text, first=j == i) or not _label_piece(ln.text):
                return None
            texts.append(ln.text)
            continue
        if rest.strip() or not _label_piece(head):
            return None
        return list(range(i, j + 1)) if make_hit(texts, head, j, "") is not None else None
    return None


def _value_line(ln: TextLine, page: int) -> bool:
    """A line of a cell's text: not a label's word list, a grade or a heading."""
    if ln.kind != "text" or ln.page != page or grades_only(ln.text) or is_heading(ln):
        return False
    return not _label_piece(ln.text.rstrip(":"))


def _label_piece(text: str) -> bool:
    """Label words only ("Measure(s)", "Progress to date"), or a piece of the period."""
    if _PERIOD_PIECE.match(text.strip()):
        return True
    words = [w.strip("()") for w in text.split()]
    return bool(words) and all(is_label_word(w) for w in words if w)
