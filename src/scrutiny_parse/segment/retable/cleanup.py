"""Rebuilding tables from text, step 0: what the template and the extractor left in lines.

The template's "(include explanation if required)" prompt is not content wherever it
landed, also when wrapped over lines; bullet glyphs written on lines of their own before
their items (pdftotext on LibreOffice PDFs) mark the items that follow.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.normalise.text import strip_bullet
from scrutiny_parse.vocabulary import (
    GRADES_ONLY,
    MONTH_WORD,
    PLACEHOLDER,
    PLACEHOLDER_FRAGMENT,
    PROMPT_OPENING,
    PROMPT_REST,
    PROMPT_START,
    SHORT_WORDS,
    is_label_word,
)

__all__ = ["drop_placeholders", "glue_broken_words", "mark_glyph_items", "unshare"]


def drop_placeholders(lines: list[TextLine]) -> list[TextLine]:
    """Remove the template's prompt ("(include explanation if required)", "(1-4, with
    explanation where needed)"), also when it is wrapped over several lines
    ("(include" / "explanation if" / "required)") or starts at the end of the label's
    line ("2024) – include" / "explanation if" / "required")."""
    out: list[TextLine] = []
    i = 0
    while i < len(lines):
        found = _placeholder_end(lines, i)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        end, head = found
        if head:
            out.append(replace(lines[i], text=head))
        elif out and out[-1].kind == "text" and _DASH_END.search(out[-1].text):
            # "(March 2025) –" / "include" / ...: the dash led into the prompt.
            out[-1] = replace(out[-1], text=_DASH_END.sub("", out[-1].text))
        i = end
    return _torn_prompts(_bracket_torn_by_page(out))


def _torn_prompts(lines: list[TextLine]) -> list[TextLine]:
    """A prompt a page break cut short: "2024) – include" / ("explanation if") / the
    row's grades / page / "required"; or "(April 2023): grade" / "1-4 (see key) and" /
    the row's grades and explanations / page / "commentary". Its opening comes off the
    label's lines, its rest goes; the cells between stay."""
    out = list(lines)
    drop: set[int] = set()
    for i, ln in enumerate(out):
        if ln.kind != "text":
            continue
        prev = out[i - 1] if i > 0 else None
        own = PROMPT_OPENING.search(ln.text)
        both = None
        if own is None and prev is not None and prev.kind == "text" and prev.page == ln.page:
            both = PROMPT_OPENING.search(f"{prev.text} {ln.text}")
            if both is None or both.start() >= len(prev.text):
                continue
        elif own is None:
            continue
        j = _rest_overleaf(out, i)
        if j is None:
            continue
        drop.add(j)
        if both is not None and prev is not None:
            out[i - 1] = replace(prev, text=prev.text[: both.start()].rstrip())
            out[i] = replace(ln, text="")
        else:
            out[i] = replace(ln, text=PROMPT_OPENING.sub("", ln.text))
    return [ln for n, ln in enumerate(out) if n not in drop and (ln.kind != "text" or ln.text)]


def _rest_overleaf(lines: list[TextLine], i: int) -> int | None:
    """The line of a cut prompt's rest ("required", "commentary"): first or second on a
    later page (a running header may come first), before any other line of text there,
    with only the row's cells between it and the opening on line ``i``."""
    seen = 0
    for j in range(i + 1, min(i + _TORN_BRACKET_SPAN, len(lines))):
        nxt = lines[j]
        if nxt.kind != "text" or nxt.page == lines[i].page or GRADES_ONLY.match(nxt.text):
            continue
        if nxt.text.strip() and PROMPT_REST.fullmatch(nxt.text):
            return j
        seen += 1
        if seen == 2:
            return None
    return None


# Lines from a prompt's opening to its rest overleaf: grades, empty lines, the break.
_TORN_PROMPT_SPAN = 8
# Lines from a bracketed prompt's opening to its rest overleaf: the row's grades and
# explanations, the running footer and header.
_TORN_BRACKET_SPAN = 40


def _bracket_torn_by_page(lines: list[TextLine]) -> list[TextLine]:
    """A bracketed prompt a page break tore, the row's cells between its pieces:
    "(please give" / "reasons for any" / "1" / ... / page / "grade of 3 or 4) will be
    brought to the", or "2023): (please" / "give reasons for" / "2 1" / page / (the
    table's heading again) / "any grade of 3 or" / "4)". Both pieces go, the cells' text
    stays: only where the opening's lines and the rest up to its bracket are one prompt.
    The opening and the rest go on over lines that start in lower case (a cell's first
    line starts with a capital or a grade)."""
    out = list(lines)
    for i, ln in enumerate(out):
        at = ln.text.rfind("(") if ln.kind == "text" else -1
        if at < 0 or ")" in ln.text[at:]:
            continue
        found = _torn_rest(out, i, at)
        if found is None:
            continue
        last, rest, cut = found
        out[i] = replace(ln, text=ln.text[:at].rstrip())
        for n in range(i + 1, last + 1):
            out[n] = replace(out[n], text="")
        for n in rest[:-1]:
            out[n] = replace(out[n], text="")
        out[rest[-1]] = replace(out[rest[-1]], text=out[rest[-1]].text[cut:].strip())
    return [ln for ln in out if ln.kind != "text" or ln.text]


def _torn_rest(lines: list[TextLine], i: int, at: int) -> tuple[int, list[int], int] | None:
    """(last line of the opening, lines of the rest, where the rest ends on the last) for
    a prompt opening at ``at`` on line ``i`` and closing on a later page; None when there
    is none."""
    page = lines[i].page
    last = i
    while (
        last + 1 < min(i + _PROMPT_LINES, len(lines))
        and lines[last + 1].kind == "text"
        and lines[last + 1].page == page
        and lines[last + 1].text[:1].islower()
        and ")" not in lines[last + 1].text
    ):
        last += 1
    opening = " ".join([lines[i].text[at:], *(ln.text for ln in lines[i + 1 : last + 1])])
    later = [
        j
        for j in range(last + 1, min(last + _TORN_BRACKET_SPAN, len(lines)))
        if lines[j].kind == "text" and lines[j].page > page
    ][:_REST_AMONG]
    for j in later:
        # The rest goes on in lower case: "grade of 3 or 4)", not "2024)" (a period).
        if not lines[j].text[:1].islower():
            continue
        rest: list[int] = []
        for n in range(j, min(j + 3, len(lines))):
            if lines[n].kind != "text":
                break
            rest.append(n)
            close = lines[n].text.find(")")
            if close < 0:
                if lines[n].text[-1:] in ".!?;":
                    break  # a sentence's end: a cell's line, not the prompt's
                continue
            pieces = " ".join([*(lines[r].text for r in rest[:-1]), lines[n].text[: close + 1]])
            if PLACEHOLDER.fullmatch(f"{opening} {pieces}"):
                return last, rest, close + 1
            break
    return None


# Where a torn prompt's rest may be among the first lines overleaf: after a running
# header and a heading row the table repeats at the page top.
_REST_AMONG = 6


_DASH_END = regex.compile(r"\s+[-–—]$")


def _placeholder_end(lines: list[TextLine], i: int) -> tuple[int, str] | None:
    """Index just past the prompt starting on line ``i``, and what the line holds before
    it ("" for a line of the prompt alone), or None."""
    line = lines[i]
    if line.kind != "text":
        return None
    for m in PROMPT_START.finditer(line.text):
        joined = line.text[m.end() :]
        found: tuple[int, str] | None = None
        for j in range(i, min(i + _PROMPT_LINES, len(lines))):
            if j > i:
                # A line of grades is never the prompt's: "where needed" / "2"; nor,
                # once the prompt is whole, a line with a capital ("explain any change"
                # / "For Community Groups", a sub-part's heading).
                if lines[j].kind != "text" or GRADES_ONLY.match(lines[j].text):
                    break
                if found is not None and lines[j].text[:1].isupper():
                    break
                joined = f"{joined} {lines[j].text}"
            # Prompt pieces and nothing else ("– Categories 1-4; include ..."), as far
            # as they go: "grade 1 to 4," / "with a short" / "explanation" is one.
            if joined.strip() and not PLACEHOLDER.sub("", joined).strip():
                head = line.text[: m.start()].strip()
                # "2021 (include" / "explanation if" / "required):": the label's colon
                # after the prompt stays with the label.
                if head and joined.rstrip().endswith(":") and not head.endswith(":"):
                    head += ":"
                found = (j + 1, head)
        if found is not None:
            return found
    return (i + 1, "") if PLACEHOLDER_FRAGMENT.match(line.text) else None


# A prompt wraps over this many lines at most ("(1-4, with" / "explanation where" ...).
_PROMPT_LINES = 6


def _glyph_only(text: str) -> bool:
    rest, glyph = strip_bullet(text)
    return (glyph == "•" and not rest and text not in "-–—*") or text == "o"


def mark_glyph_items(lines: list[TextLine]) -> list[TextLine]:
    """Bullet glyphs written on lines of their own, before their items.

    pdftotext on LibreOffice PDFs writes a list's glyphs first ("", "", "") and the
    items after them, one per line. The glyph lines go; each of the next as many items is
    marked as a bullet. An item's wrapped lines stay with it: a new item starts where its
    first word would have fitted on the line before.
    """
    out: list[TextLine] = []
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
        block: list[TextLine] = []
        while j < len(lines) and lines[j].kind == "text":
            block.append(lines[j])
            j += 1
        out.extend(_items(block, glyphs))
        i = j
    return out


def _items(block: list[TextLine], count: int) -> list[TextLine]:
    width = max((len(ln.text) for ln in block), default=0)
    out: list[TextLine] = []
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


# A sentence ends and the next text starts in lower case on the same line: two cells'
# lines that shared a baseline ("agencies more than once. handling of reports rises",
# the rests of two cells after a page break). Abbreviations end no sentence.
_SHARED_BASELINE = regex.compile(r"(?<=\b(\p{L}{3,})[.!?]) (?=\p{Ll})")
_ABBREVIATIONS = frozenset({"etc", "approx", "incl", "viz", "nos", "misc", "excl", "cont"})


def unshare(lines: list[TextLine]) -> list[TextLine]:
    """``lines`` with every line that holds two cells' text cut in two blocks."""
    out: list[TextLine] = []
    for ln in lines:
        cuts = [
            m.start()
            for m in _SHARED_BASELINE.finditer(ln.text)
            if ln.kind == "text" and m.group(1).casefold() not in _ABBREVIATIONS
        ]
        if not cuts:
            out.append(ln)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(ln.text)], strict=True):
            if a:
                out.append(replace(ln, text="", kind="hard", item=False))
            out.append(
                replace(
                    ln, text=ln.text[a:b].strip(), item=ln.item and not a, flow=ln.flow and not a
                )
            )
    return out


def glue_broken_words(lines: list[TextLine]) -> list[TextLine]:
    """A label word a narrow label column broke without a hyphen, glued again:
    "Assessmen" / "t of" is "Assessment of", "Recommendatio" / "n 4:" "Recommendation
    4:" (see :func:`broken_label_word`). Only after a label's short line (three words
    at most), on consecutive lines of one page."""
    out: list[TextLine] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == ln.kind == "text"
            and prev.page == ln.page
            and ln.number == prev.number + 1
            and len(prev.text.split()) <= 3
            and broken_label_word(prev.text, ln.text)
        ):
            out[-1] = replace(prev, text=prev.text + ln.text)
            continue
        out.append(ln)
    return out


def broken_label_word(head: str, tail: str) -> bool:
    """Whether a narrow label cell broke a word without a hyphen where its edge fell:
    ``head`` ends a line, ``tail`` starts the next ("Assessmen" / "t of", "Septembe" /
    "r 2022):", "Recommendatio" / "n 4:"). The tail is a few lower-case letters that
    are no word; together they make a label's word or a month that the head alone is
    not."""
    h = regex.sub(r"^\W+", "", head.split()[-1]) if head.split() else ""
    t = regex.match(r"\p{Ll}{1,3}(?!\p{L})", tail)
    if not h or not h[-1:].isalpha() or t is None or t[0] in SHORT_WORDS:
        return False
    word = h + t[0]
    if regex.fullmatch(MONTH_WORD, word, regex.IGNORECASE):
        return not regex.fullmatch(MONTH_WORD, h, regex.IGNORECASE)
    return is_label_word(word) and not is_label_word(h)
