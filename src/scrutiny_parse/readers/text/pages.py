"""Text reader, step 2: pages and what repeats on them (running headers, footers, numbers).

Form feeds separate pages, as pdftotext and pypdf-style dumps write them. A line is page
furniture when it repeats at the same edge of at least half the pages, or numbers the
pages consistently; classification markings ("This document was classified as:
OFFICIAL") are headers wherever they stand. Without form feeds (the seed), a line of a
few words that ends no sentence and repeats three times or more is a running header,
unless it is made of the template's label words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.vocabulary import (
    CLASSIFICATION_LINE,
    PLACEHOLDER,
    PLACEHOLDER_FRAGMENT,
    PROMPT_OPENING,
    is_label_word,
    mentions_field_word,
)

__all__ = ["Furniture", "split_lines", "strip_running"]


@dataclass
class Furniture:
    """What :func:`strip_running` took out of the lines."""

    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)


def split_lines(text: str) -> tuple[list[TextLine], int | None]:
    """Source lines with their page (form feeds separate pages, as pdftotext writes them)."""
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1] or [""]
    out: list[TextLine] = []
    number = 0
    after_blank = False
    for p, page in enumerate(pages, start=1):
        for raw in page.split("\n"):
            stripped = raw.strip()
            if stripped:
                flow = raw[:1].isspace()
                out.append(TextLine(stripped, "text", p, number, flow, after_blank))
            else:
                out.append(TextLine("", "soft" if raw else "hard", p, number))
            after_blank = not raw
            number += 1
    return out, (len(pages) if len(pages) > 1 else None)


# "Page 3", "Page 3 of 12" anywhere; a bare "3" or "3 of 12" or "- 3 -" only at a page's
# edge and numbered consistently (a bare digit is otherwise a grade).
_PAGE_WORD = regex.compile(r"^page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", regex.I)
_PAGE_NUMBER = regex.compile(r"^(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–]\s*(\d{1,4})\s*[-–]$")


def _is_classification(text: str) -> bool:
    return bool(CLASSIFICATION_LINE.match(text))


def _page_number(text: str) -> int | None:
    m = _PAGE_NUMBER.match(text)
    return int(m.group(1) or m.group(2)) if m else None


def _edges(lines: list[TextLine], pages: int) -> dict[int, tuple[list[TextLine], list[TextLine]]]:
    """Per page, its first two and last two text lines (classification lines aside)."""
    by_page: dict[int, list[TextLine]] = {p: [] for p in range(1, pages + 1)}
    for ln in lines:
        if ln.kind == "text" and not _is_classification(ln.text):
            by_page[ln.page].append(ln)
    return {p: (texts[:2], texts[-2:]) for p, texts in by_page.items()}


def _numbering(edges: dict[int, tuple[list[TextLine], list[TextLine]]], pages: int) -> set[int]:
    """Line numbers of bare page numbers: edge lines numbered page + a constant offset on
    at least half the pages (and two)."""
    offsets: Counter[int] = Counter()
    found: list[tuple[int, TextLine]] = []
    for p, (first, last) in edges.items():
        seen: set[int] = set()
        for ln in {id(x): x for x in [*first, *last]}.values():
            num = _page_number(ln.text)
            if num is not None:
                seen.add(num - p)
                found.append((num - p, ln))
        offsets.update(seen)  # pages, not lines: grades "2" / "2" end one page
    if not offsets:
        return set()
    offset, count = offsets.most_common(1)[0]
    if count < max(2, pages // 2):
        return set()
    return {ln.number for off, ln in found if off == offset}


def strip_running(lines: list[TextLine], pages: int | None) -> tuple[list[TextLine], Furniture]:
    """Remove running headers and footers.

    Headers are classification markings anywhere ("This document was classified as:
    OFFICIAL" repeats at the top of every page) and "Page N" lines. With form feeds, a
    text among the first (last) two lines of at least half the pages is a header (footer)
    and consistently numbered bare page numbers go too. Without page breaks, a line of
    three or more words that is no label and ends no sentence, repeated three times or
    more, is a running header.
    """
    prep = Furniture()
    header_set: set[str] = set()
    footer_set: set[str] = set()
    numbers: set[int] = set()
    if pages:
        edges = _edges(lines, pages)
        need = max(2, (pages + 1) // 2)
        firsts = Counter(t for first, _ in edges.values() for t in {x.text for x in first})
        lasts = Counter(t for _, last in edges.values() for t in {x.text for x in last})
        header_set = {t for t, n in firsts.items() if n >= need and _may_run(t)}
        footer_set = {t for t, n in lasts.items() if n >= need and _may_run(t)}
        footer_set |= _adrift(lines, firsts + lasts, need)
        numbers = _numbering(edges, pages)
    else:
        counts = Counter(ln.text for ln in lines if ln.kind == "text")
        for text, n in counts.items():
            sentence = len(text.split()) >= 3 and ":" not in text and text[-1] not in ".!?"
            if (
                n >= 3
                and sentence
                and not text.startswith("(")
                and not mentions_field_word(text)
                and not _prompt_piece(text)
            ):
                header_set.add(text)
    kept: list[TextLine] = []
    for ln in lines:
        if ln.kind == "text":
            if _is_classification(ln.text) or ln.text in header_set:
                _add(prep.headers, ln.text)
                continue
            if ln.text in footer_set:
                _add(prep.footers, ln.text)
                continue
            if ln.number in numbers or _PAGE_WORD.match(ln.text):
                continue
        kept.append(ln)
    return kept, prep


def _adrift(lines: list[TextLine], at_edges: Counter[str], need: int) -> set[str]:
    """Running lines that reading order set down mid-page: pdftotext writes a page's
    footer where its baseline falls among the columns ("Devinder" / "People Select
    Committee – 16 April 2026" / "Devinder"). A line of three or more words that is no
    label or sentence, on at least half the pages, and at a page's edge on two or more."""
    on_pages = Counter(t for _, t in {(ln.page, ln.text) for ln in lines if ln.kind == "text"})
    return {
        t
        for t, n in on_pages.items()
        if n >= need
        and at_edges[t] >= 2
        and len(t.split()) >= 3
        and ":" not in t
        and t[-1] not in ".!?"
        and not mentions_field_word(t)
        and not _prompt_piece(t)
    }


def _may_run(text: str) -> bool:
    """Whether a line repeated at page edges can be a running header or footer: not a
    row of grades, and not a label's line made of label words only. A table broken
    over many pages starts each with its next row's label ("Progress" / "Assessment" /
    "(June 2025)", as pdfminer writes it), which is no header."""
    words = text.split()
    return (
        not _looks_like_grade(text)
        and not all(is_label_word(w) for w in words)
        and not _prompt_piece(text)
    )


def _prompt_piece(text: str) -> bool:
    """A line of the assessment label's prompt, which repeats with every round and so on
    most pages: "Categories 1 – 4 (explain" / "if 3 or 4)". It is the table's text."""
    return bool(
        PLACEHOLDER.search(text) or PROMPT_OPENING.search(text) or PLACEHOLDER_FRAGMENT.match(text)
    )


def _looks_like_grade(text: str) -> bool:
    return bool(regex.fullmatch(r"[1-4\s]+", text))


def _add(seen: list[str], text: str) -> None:
    if text not in seen:
        seen.append(text)
