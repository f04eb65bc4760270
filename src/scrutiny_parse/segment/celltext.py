"""Cell text by the record contract: paragraphs joined by ``\\n``, bullets as ``• item``."""

from __future__ import annotations

from collections.abc import Iterable

from ..layout import Paragraph
from ..normalise.memo import memoised_by_identity
from ..normalise.text import clean_paragraph, format_item, join_paragraphs, strip_bullet


@memoised_by_identity
def paragraph_text(p: Paragraph) -> str:
    """One paragraph's text, cleaned, with its list marker in the contract's form
    (once per paragraph and document: a cell's text is asked for at every stage)."""
    text = clean_paragraph(p.text)
    if not text:
        return ""
    if p.list_kind == "bullet":
        # A reader may keep a typed glyph on a real list item; never write it twice.
        rest, glyph = strip_bullet(text)
        return format_item(rest if glyph == "•" else text, "bullet", None)
    if p.list_kind == "number":
        return format_item(text, "number", p.list_label)
    # A bullet typed by hand ("", "o ", "•") rather than a Word list.
    rest, glyph = strip_bullet(text)
    if glyph == "•":
        return format_item(rest, "bullet", None)
    return text


def paragraphs_text(paragraphs: Iterable[Paragraph]) -> str:
    return join_paragraphs(paragraph_text(p) for p in paragraphs)
