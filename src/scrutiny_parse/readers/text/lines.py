"""Plain-text reader, step 1: bytes -> clean source lines.

A PDF-to-text dump is a stream of lines in reading order. Before any structure is
recovered, this module decodes it and removes what is not content: running page headers
and footers, the block of bare hyperlink targets some extractors dump in the middle of the
text, and the template's "(include explanation if required)" prompt, wherever it landed.

Two kinds of empty line are kept apart because they mean different things in the dumps:
a truly empty line (``""``) separates text blocks (in a table, usually cells), while a
line of only spaces (``" "``) is an empty paragraph inside a block. A line that starts
with white space and then text begins a new text flow (in the seed, the first line of a
page: " developing the digital" continues a cell broken across pages).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

import regex

from scrutiny_parse.normalise.text import strip_bullet
from scrutiny_parse.segment.labels import classify

LineKind = Literal["text", "soft", "hard"]


@dataclass(frozen=True)
class SrcLine:
    """One line of the dump. ``text`` is stripped; ``kind`` says whether it is text, a
    line of only spaces (an empty paragraph) or a truly empty line (a block break)."""

    text: str
    kind: LineKind
    page: int
    number: int
    # The raw line started with white space before its text: a new text flow begins.
    flow: bool = False
    # The raw line before it was truly empty.
    after_blank: bool = False
    # The line starts a list item whose glyph stood on a line of its own.
    item: bool = False

    @property
    def bullet(self) -> bool:
        """A list item whose glyph is not on this line: the extractor dropped it keeping
        the space after it, an indented line after an empty one (the seed's " Tried but
        too difficult", " Social Media"; a page's first line follows text, not an empty
        line); or it was written on its own line (see :func:`mark_glyph_items`)."""
        return self.item or (self.flow and self.after_blank)


@dataclass
class Prepared:
    """The dump's content lines plus what was taken out of them."""

    lines: list[SrcLine]
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    page_count: int | None = None
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to cp1252; newlines normalised to ``\\n``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> tuple[list[SrcLine], int | None]:
    """Source lines with their page (form feeds separate pages, as pdftotext writes them)."""
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1] or [""]
    out: list[SrcLine] = []
    number = 0
    after_blank = False
    for p, page in enumerate(pages, start=1):
        for raw in page.split("\n"):
            stripped = raw.strip()
            if stripped:
                flow = raw[:1].isspace()
                out.append(SrcLine(stripped, "text", p, number, flow, after_blank))
            else:
                out.append(SrcLine("", "soft" if raw else "hard", p, number))
            after_blank = not raw
            number += 1
    return out, (len(pages) if len(pages) > 1 else None)


# "Page 3", "Page 3 of 12" anywhere; a bare "3" or "3 of 12" or "- 3 -" only at a page's
# edge and numbered consistently (a bare digit is otherwise a grade).
_PAGE_WORD = regex.compile(r"^page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", regex.I)
_PAGE_NUMBER = regex.compile(r"^(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–]\s*(\d{1,4})\s*[-–]$")
_URL_LINE = regex.compile(r"^<?(https?://\S+?|www\.\S+?)>?$", regex.I)
_PLACEHOLDER = regex.compile(
    r"^\(?\s*include\s+(?:an\s+)?explanation\s+if\s+required\s*\)?\s*[.:]?$", regex.I
)


_MARKING_HINT = regex.compile(r"classif|marking", regex.I)


def _is_classification(text: str) -> bool:
    if not _MARKING_HINT.search(text):
        return False
    label = classify(text, allow_rest=True)
    return label is not None and label.field == "classification" and bool(label.rest)


def _page_number(text: str) -> int | None:
    m = _PAGE_NUMBER.match(text)
    return int(m.group(1) or m.group(2)) if m else None


def _edges(lines: list[SrcLine], pages: int) -> dict[int, tuple[list[SrcLine], list[SrcLine]]]:
    """Per page, its first two and last two text lines (classification lines aside)."""
    by_page: dict[int, list[SrcLine]] = {p: [] for p in range(1, pages + 1)}
    for ln in lines:
        if ln.kind == "text" and not _is_classification(ln.text):
            by_page[ln.page].append(ln)
    return {p: (texts[:2], texts[-2:]) for p, texts in by_page.items()}


def _numbering(edges: dict[int, tuple[list[SrcLine], list[SrcLine]]], pages: int) -> set[int]:
    """Line numbers of bare page numbers: edge lines numbered page + a constant offset on
    at least half the pages (and two)."""
    offsets: Counter[int] = Counter()
    found: list[tuple[int, SrcLine]] = []
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


def strip_running(lines: list[SrcLine], pages: int | None) -> tuple[list[SrcLine], Prepared]:
    """Remove running headers and footers.

    Headers are classification markings anywhere ("This document was classified as:
    OFFICIAL" repeats at the top of every page) and "Page N" lines. With form feeds, a
    text among the first (last) two lines of at least half the pages is a header (footer)
    and consistently numbered bare page numbers go too. Without page breaks, a line of
    three or more words that is no label and ends no sentence, repeated three times or
    more, is a running header.
    """
    prep = Prepared([], page_count=pages)
    header_set: set[str] = set()
    footer_set: set[str] = set()
    numbers: set[int] = set()
    if pages:
        edges = _edges(lines, pages)
        need = max(2, (pages + 1) // 2)
        firsts = Counter(t for first, _ in edges.values() for t in {x.text for x in first})
        lasts = Counter(t for _, last in edges.values() for t in {x.text for x in last})
        header_set = {t for t, n in firsts.items() if n >= need and not _looks_like_grade(t)}
        footer_set = {t for t, n in lasts.items() if n >= need and not _looks_like_grade(t)}
        numbers = _numbering(edges, pages)
    else:
        counts = Counter(ln.text for ln in lines if ln.kind == "text")
        for text, n in counts.items():
            sentence = len(text.split()) >= 3 and ":" not in text and text[-1] not in ".!?"
            if n >= 3 and sentence and not text.startswith("(") and classify(text) is None:
                header_set.add(text)
    kept: list[SrcLine] = []
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
    prep.lines = kept
    return kept, prep


def _looks_like_grade(text: str) -> bool:
    return bool(regex.fullmatch(r"[1-4\s]+", text))


def _add(seen: list[str], text: str) -> None:
    if text not in seen:
        seen.append(text)


def _squash(text: str) -> str:
    """Text without white space, for finding a URL that was wrapped over lines."""
    return "".join(text.split()).lower()


def drop_link_dump(lines: list[SrcLine]) -> tuple[list[SrcLine], int]:
    """Remove bare hyperlink targets the extractor dumped into the text.

    Word-printed PDFs carry link annotations; some extractors write their targets as a
    block of bare URLs after the page's text (the seed has fifteen such lines, starting
    "https://www.stockton.gov.uk/strong-communities/ward-profiles-2019/"). A bare-URL line
    is dropped when it is part of a run of three or more, or repeats a URL already in the
    text (wrapped or not). A single new URL on its own line is content and stays.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if lines[i].kind == "text" and _URL_LINE.match(lines[i].text):
            j = i
            while j < len(lines) and lines[j].kind == "text" and _URL_LINE.match(lines[j].text):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    drop: set[int] = set()
    before = ""
    cursor = 0
    for start, end in runs:
        before += _squash(" ".join(ln.text for ln in lines[cursor:start]))
        cursor = start
        for k in range(start, end):
            url = _squash(lines[k].text.strip("<>"))
            if end - start >= 3 or url in before:
                drop.add(k)
            before += url + " "
            cursor = k + 1
    kept = [ln for k, ln in enumerate(lines) if k not in drop]
    return kept, len(drop)


def drop_placeholders(lines: list[SrcLine]) -> list[SrcLine]:
    """Remove the template prompt "(include explanation if required)", also when it is
    wrapped over several lines ("(include" / "explanation if" / "required)")."""
    out: list[SrcLine] = []
    i = 0
    while i < len(lines):
        end = _placeholder_end(lines, i)
        if end is None:
            out.append(lines[i])
            i += 1
        else:
            i = end
    return out


# Pieces of the prompt that extraction tore apart ("(include explanation if" here,
# "required)" elsewhere in the row).
_FRAGMENT = regex.compile(
    r"^\(\s*include(?:\s+(?:an\s+)?explanation(?:\s+if)?)?$|^(?:explanation\s+if\s+)?required\s*\)$"
    r"|^explanation\s+if$",
    regex.I,
)


def _placeholder_end(lines: list[SrcLine], i: int) -> int | None:
    """Index just past the placeholder starting at line ``i``, or None."""
    if lines[i].kind != "text":
        return None
    if lines[i].text.lower().lstrip("( ").startswith("include"):
        joined = ""
        for j in range(i, min(i + 5, len(lines))):
            if lines[j].kind != "text":
                break
            joined = f"{joined} {lines[j].text}".strip()
            if _PLACEHOLDER.match(joined):
                return j + 1
    return i + 1 if _FRAGMENT.match(lines[i].text) else None


def _glyph_only(text: str) -> bool:
    rest, glyph = strip_bullet(text)
    return (glyph == "•" and not rest and text not in "-–—*") or text == "o"


def mark_glyph_items(lines: list[SrcLine]) -> list[SrcLine]:
    """Bullet glyphs written on lines of their own, before their items.

    pdftotext on LibreOffice PDFs writes a list's glyphs first ("", "", "") and the
    items after them, one per line. The glyph lines go; each of the next as many items is
    marked as a bullet. An item's wrapped lines stay with it: a new item starts where its
    first word would have fitted on the line before.
    """
    out: list[SrcLine] = []
    i = 0
    while i < len(lines):
        j, glyphs = i, 0
        while j < len(lines) and (
            (lines[j].kind == "text" and _glyph_only(lines[j].text))
            or (glyphs and lines[j].kind != "text")
        ):
            glyphs += lines[j].kind == "text"
            j += 1
        if not glyphs:
            out.append(lines[i])
            i += 1
            continue
        block: list[SrcLine] = []
        while j < len(lines) and lines[j].kind == "text":
            block.append(lines[j])
            j += 1
        out.extend(_items(block, glyphs))
        i = j
    return out


def _items(block: list[SrcLine], count: int) -> list[SrcLine]:
    width = max((len(ln.text) for ln in block), default=0)
    out: list[SrcLine] = []
    marked = 0
    for ln in block:
        prev = out[-1].text if out else None
        fits = prev is not None and len(prev) + 1 + len(ln.text.split()[0]) <= width - 2
        if marked < count and (prev is None or fits):
            out.append(replace(ln, item=True))
            marked += 1
        else:
            out.append(ln)
    return out


def prepare(data: bytes) -> Prepared:
    """Decode and clean a dump: the lines the structure pass reads."""
    lines, pages = split_lines(decode(data))
    lines, prep = strip_running(lines, pages)
    lines, dropped = drop_link_dump(lines)
    if dropped:
        prep.notes.append(
            f"{dropped} bare hyperlink line(s) dropped: link targets the extractor dumped "
            "into the text, not content"
        )
    prep.lines = mark_glyph_items(drop_placeholders(lines))
    return prep
