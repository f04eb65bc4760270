"""Text reader, step 4: where a dump keeps the page's columns, the pieces of each line.

poppler's ``pdftotext -layout`` writes each page as a grid of characters: the cells of a
table row stand side by side on one line, separated by runs of spaces, at the columns
where they sat on the page. Such a line is cut into :class:`~scrutiny_parse.layout.Span`
pieces at every run of two or more spaces, each with its character columns. A dump in
reading order (poppler's default, pdfminer, pypdf) has almost no such runs, and its lines
keep no spans.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from scrutiny_parse.layout import Span, TextLine
from scrutiny_parse.vocabulary import BULLET_GLYPHS

__all__ = ["keeps_columns", "spans_of", "with_spans"]

_PIECE = regex.compile(r"\S+(?: \S+)*")
# A gap this wide inside a line is a column gap, not a typed double space.
_COLUMN_GAP = regex.compile(r"\S {3,}\S")
# Share of text lines with a column gap above which a dump keeps positions.
_POSITIONED_SHARE = 0.15


# A bullet glyph stands a few columns before its item's text ("   486 Pension"):
# the glyph and the text are one piece.
_GLYPH = regex.compile(rf"^[{BULLET_GLYPHS}\uf020-\uf0ffo]$")
_GLYPH_GAP = 6


def spans_of(raw: str) -> tuple[Span, ...]:
    """The pieces of a raw line, split at runs of two or more spaces; a lone bullet
    glyph is kept with the text after it."""
    raw = raw.expandtabs(8)
    out: list[Span] = []
    for m in _PIECE.finditer(raw):
        piece = Span(m.start(), m.end(), m.group())
        if out and _GLYPH.match(out[-1].text) and piece.start - out[-1].end <= _GLYPH_GAP:
            glyph = out.pop()
            piece = Span(glyph.start, piece.end, f"{glyph.text} {piece.text}")
        out.append(piece)
    return tuple(out)


def keeps_columns(raw_lines: list[str]) -> bool:
    """Whether a dump's lines keep the page's columns (many lines with wide inner gaps)."""
    texts = [r for r in raw_lines if r.strip()]
    if not texts:
        return False
    gapped = sum(1 for r in texts if _COLUMN_GAP.search(r.strip()))
    return gapped >= _POSITIONED_SHARE * len(texts)


def with_spans(lines: list[TextLine], raw: dict[int, str]) -> list[TextLine]:
    """Lines with their positioned pieces, ``raw`` giving each line's text as written."""
    return [
        replace(ln, spans=spans_of(raw[ln.number])) if ln.kind == "text" else ln for ln in lines
    ]
