"""Rebuilding tables from text: a cell's lines -> its paragraphs.

A dump keeps a cell's lines as the table wrapped them. A line is a paragraph's start
when it is a bullet item or could have gone on the line before (that line was ended on
purpose); it goes on the line before when it starts in lower case, after a hyphen, with
a word torn off by a narrow cell ("Transformatio" / "n and"), or inside a wrapped URL.
"""

from __future__ import annotations

import regex

from scrutiny_parse.normalise.text import strip_bullet
from scrutiny_parse.segment.retable.cells import Piece

__all__ = ["paragraphs"]


def _breaks(prev: str, nxt: str, width: int) -> bool:
    """Whether ``nxt`` starts a new paragraph after ``prev`` inside one cell.

    A bullet or a number label always does; a lower-case start or a hyphen at the end of
    ``prev`` never does; otherwise it does when ``nxt``'s first word would have fitted
    on ``prev``'s line (the line was ended on purpose, not wrapped).
    """
    _, glyph = strip_bullet(nxt)
    if glyph is not None and (glyph != "•" or nxt[:1] not in "-–—*"):
        return True
    if len(prev) >= 2 and prev[-1] in "-‐‑" and prev[-2].isalnum():
        return False
    if nxt[:1].islower():
        return False
    word = nxt.split()[0]
    # Characters are not glyph widths: demand a clear fit, less clear after a full stop
    # ("...the customer experience." / "My Stockton" starts a paragraph in a narrow cell).
    margin = 1 if prev[-1] in ".!?:" else max(2, round(width * 0.12))
    return len(prev) + 1 + len(word) <= width - margin


# In a dump, a line that starts with one lower-case letter that is no word ("n and Customer"): a
# narrow table cell broke a word with no hyphen ("Transformatio" / "n and").
_TORN_TAIL = regex.compile(r"^(?![ai]\b)\p{Ll}(?=$|[\s,.;:)])")
_WORD_END = regex.compile(r"\p{L}{4}$")


def _torn_word(previous: str, line: str) -> bool:
    return bool(_TORN_TAIL.match(line)) and bool(_WORD_END.search(previous))


def _url_goes_on(prev: str, nxt: str) -> bool:
    """A link wrapped after a slash: "https://digital.nhs.uk/about-nhs-digital/our-work/"
    then "digital-inclusion/what-digital-inclusion-is" is one URL."""
    last = prev.split()[-1] if prev.split() else ""
    return "://" in last and last.endswith("/") and " " not in nxt and "://" not in nxt


def paragraphs(pieces: list[Piece], width: int) -> list[str]:
    """A cell's paragraphs, wrapped lines kept apart by ``"\\n"`` for the normaliser."""
    paras: list[list[str]] = []
    prev: str | None = None
    for piece in pieces:
        first = True
        for ln in piece.lines:
            if ln.kind != "text":
                prev = None
                first = False
                continue
            if ln.bullet:
                # The glyph is lost; give the item the bullet the normaliser expects.
                paras.append([f"• {ln.text}"])
            elif prev is not None and paras and _url_goes_on(prev, ln.text):
                paras[-1][-1] += ln.text
            elif prev is not None and paras and not first and _closes_word(ln.text):
                # "questionnaire" / ", and 11 were": a wrap before punctuation, where
                # the layout broke a line at a run's end; no space was there.
                paras[-1][-1] += ln.text
            elif first and piece.joins and paras:
                paras[-1].append(ln.text)
            elif first or prev is None or _breaks(prev, ln.text, width):
                paras.append([ln.text])
            elif _torn_word(prev, ln.text):
                paras[-1][-1] += ln.text
            else:
                paras[-1].append(ln.text)
            prev = ln.text
            first = False
    return ["\n".join(p) for p in paras]


_CLOSING = frozenset(",.;:)")


def _closes_word(text: str) -> bool:
    """The line opens with punctuation that ends the word before (", and", "."), not
    a word of its own (".GOV")."""
    return text[:1] in _CLOSING and not text[1:2].isalnum()
