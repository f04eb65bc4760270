"""Rebuilding tables from text, step 1: labels and headings as extraction wrapped them.

Labels are found by meaning with :func:`scrutiny_parse.segment.labels.classify`, tolerant
of how extraction wrapped them: "Agreed Success" / "Measure:" (the seed),
"Responsibility" / ":" or "Evidence of" / "Progress" / "(March" / "2021):" (LibreOffice
PDFs), torn by the row's content or a page break, with the value on the same line
("Date: April 2019 September 2019"), or written without a colon at all ("Lead Officer",
"Progress to" / "date (March 2023)") where the document writes none.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.labels import Label, classify
from scrutiny_parse.segment.retable.grades import grade_line
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_JOINERS,
    LABEL_LEAD_WORDS,
    LABEL_TRAILING_WORDS,
    PLACEHOLDER,
    RECOMMENDATION_HEADING,
    ROUND_FIELDS,
    Field,
    is_label_word,
    looks_like_part_heading,
    mentions_field_word,
)

__all__ = ["LabelHit", "heading_like", "is_heading", "label_at", "labels_without_colons"]

_WANTED: frozenset[Field] = frozenset({*ACTION_FIELDS, *ROUND_FIELDS, "legend"})
_TERMINAL = ".!?;:"


@dataclass(frozen=True)
class LabelHit:
    """A label found in the lines: what it names, as written, where it ends."""

    label: Label
    text: str
    end: int
    rest: str
    # Lines further on that finish a label torn apart by its row's content.
    skip: tuple[int, ...] = ()
    # What the last of ``skip`` holds after the label: a cell's text on its baseline.
    tail: str = ""


def _piece_ok(text: str, first: bool) -> bool:
    """A line that can be part of a wrapped label: short, no sentence end."""
    words = text.split()
    if not words or len(words) > 4 or len(text) > 32 or text[-1] in _TERMINAL + ",":
        return False
    if first:
        if not text[0].isupper():
            return False
        if classify(text + ":") is None and words[0].lower() not in LABEL_LEAD_WORDS:
            return False
    return True


def _make_hit(pieces: list[str], head: str, end: int, rest: str) -> LabelHit | None:
    words = " ".join([*pieces, head]).split()
    # The round's period in brackets does not count: "Progress Update (as at October 2024)".
    if not words or len(words) > 9 or len(_BRACKETED.sub(" ", head).split()) > 5:
        return None
    text = " ".join(words) + ":"
    label = classify(text)
    if label is None or label.field not in _WANTED:
        return None
    if label.field not in ROUND_FIELDS and _YEAR.search(text):
        # Only the progress rows' labels name a period; "Task days held between April
        # and August 2023:" is a line of a cell that ends in a colon.
        return None
    return LabelHit(label, text, end, PLACEHOLDER.sub("", rest).strip())


_BRACKETED = regex.compile(r"\([^()]*\)")
_YEAR = regex.compile(r"\b(?:19|20)\d{2}\b")


def label_at(
    lines: list[TextLine], i: int, current: Field | None = None, *, bare: bool = False
) -> LabelHit | None:
    """The row label starting at line ``i`` (possibly wrapped over lines), or None.

    With ``bare``, the document writes its labels without colons, and a block of short
    lines that names a field is a label; ``current`` is the field of the row being read:
    a block that names it again is that row's value, not a new row.
    """
    hit = _label_at(lines, i, current, bare=bare)
    first = lines[i]
    if (
        hit is None
        and bare
        and first.kind == "text"
        and (i == 0 or lines[i - 1].kind == "hard")
        and i + 1 < len(lines)
        and lines[i + 1].kind == "text"
    ):
        # "Timescale April 2024 /" / "ongoing", "Action Agreed Move gully" / "cleansing
        # from a": a colon-less label on its first values' line, the values wrapping on.
        inline = _inline_label(first.text, i)
        if inline is not None and inline.label.field != current:
            return inline
    return hit


def _label_at(
    lines: list[TextLine], i: int, current: Field | None, *, bare: bool
) -> LabelHit | None:
    first = lines[i]
    if first.kind == "text" and ":" not in first.text:
        # "Key to Progress Gradings": the legend's heading names itself, colon or not.
        legend = classify(first.text)
        if legend is not None and legend.field == "legend":
            return LabelHit(legend, first.text, i, "")
    pieces: list[str] = []
    grades = ""
    for j in range(i, min(i + 7, len(lines))):
        ln = lines[j]
        # "Progress" / "Assessment" / "(September" / "1 1": the cells' grades share a
        # baseline with the label's lines; the label goes on after them.
        graded = j > i and ln.kind == "text" and grade_line(ln.text, True) is not None
        if ln.kind != "text" or (j > i and ln.flow) or graded:
            if not pieces:
                return None
            hit = _colon_after_break(lines, j, pieces) if ln.kind == "hard" else None
            if hit is None:
                hit = _resume(lines, j, pieces, j - 1, bare=bare)
            if hit is None and (bare or _leads(pieces)):
                # A document can mix "Target Date:" with "Planned" / "Actions": a
                # colon-less block that opens with a label's lead word is a label too.
                hit = _bare_label(pieces, j - 1, current)
            if (
                hit is None
                and bare
                and len(pieces) == 1
                and (i == 0 or lines[i - 1].kind == "hard")
            ):
                # "Timescale March 2025 Ongoing" as a block of its own: short enough to
                # pass for a wrapped label's first line, but its values follow the label.
                hit = _inline_label(pieces[0], i)
            return _with_grades(hit, grades)
        if pieces and _PERIOD_END.search(" ".join(pieces)):
            # "Progress" / "Assessment" / "(January" / "2025)" then "Progress to" /
            # "date (July 2025)": the round's period in brackets ends a colon-less label,
            # and the next label starts on the next line.
            closed = _make_hit(pieces[:-1], pieces[-1], j - 1, "")
            if closed is not None and closed.label.period is not None:
                return _with_grades(closed, grades)
        head, colon, rest = ln.text.partition(":")
        if not colon:
            text = ln.text
            if j == i and (m := _GRADES_AFTER.match(text)):
                # "Assessment of 2": the extractor put the first grades of the row on
                # the label's first line (cells side by side on one baseline).
                text, grades = m["label"], m["grades"]
            if not _piece_ok(text, first=j == i):
                if j == i and bare and (i == 0 or lines[i - 1].kind == "hard"):
                    return _inline_label(text, i)
                if j > i:
                    # "Evidence of" / "Progress" then a cell's text: the label's rest
                    # may come after the cells, past a page break.
                    return _with_grades(_resume(lines, j, pieces, j - 1, bare=bare), grades)
                return _torn_inline(lines, i) if j == i else None
            pieces.append(text)
            continue
        if not pieces and not head[:1].isupper():
            return None
        return _with_grades(_make_hit(pieces, head, j, rest), grades)
    return None


def _leads(pieces: list[str]) -> bool:
    """The block starts with a word labels start with ("Planned", "How", "What"), or
    ends naming a round's period ("Progress to" / "date (July" / "2025)")."""
    words = pieces[0].split() if pieces else []
    if not words:
        return False
    if _PERIOD_END.search(" ".join(pieces)):
        return True
    return words[0].lower() in LABEL_LEAD_WORDS and (
        len(pieces) == 1 or len(words) <= _LEAD_LINE_WORDS
    )


_PERIOD_END = regex.compile(r"\([^()]*\b(?:19|20)\d{2}\)$")
_LEAD_LINE_WORDS = 4


# The label's rest after a break: a few words, one of them a field word ("Measure:").
_REST_WORDS = 3


def _colon_after_break(lines: list[TextLine], j: int, pieces: list[str]) -> LabelHit | None:
    """A label wrapped where the dump marked a block's end ("Agreed Success" / "Measure:":
    the wrap space was lost): its colon-ended rest right after the break."""
    if j + 1 >= len(lines) or lines[j + 1].kind != "text":
        return None
    head, colon, rest = lines[j + 1].text.partition(":")
    if not colon or rest.strip() or len(head.split()) > _REST_WORDS:
        return None
    if not mentions_field_word(head):
        return None
    # Only label words before the break, and a label's start ("Agreed ...") or an open
    # end ("... of"): "Planning Officer)" or "Officer" then "Target Date:" is a value,
    # then a label of its own.
    words = " ".join(pieces).split()
    if not words or (
        words[0].lower() not in LABEL_LEAD_WORDS and words[-1].lower() not in LABEL_JOINERS
    ):
        return None
    if not all(is_label_word(w) and w[:1].isalpha() for w in words):
        return None
    return _make_hit(pieces, head, j + 1, "")


def _inline_label(text: str, i: int) -> LabelHit | None:
    """A colon-less label with its row's first values on its line, as extraction writes
    a baseline the label shares with its cells: "Lead Officer Bethan Lloyd (Parks",
    "Timescale April 2022 October 2022 Ongoing". The label is the leading words up to the
    last that names a field; the values start with a capital or a digit."""
    words = text.split()
    end = 0
    for n, word in enumerate(words[:_INLINE_LABEL_WORDS], 1):
        if mentions_field_word(word):
            end = n
        elif word.lower() not in LABEL_LEAD_WORDS and word.lower() not in LABEL_JOINERS:
            break
    # "Action Agreed Review and consult...": the lead word after the field word.
    while end and end < len(words) - 1 and words[end].lower() in LABEL_TRAILING_WORDS:
        end += 1
    rest = " ".join(words[end:])
    if not end or not rest or not (rest[0].isupper() or rest[0].isdigit()):
        return None
    hit = _make_hit([], " ".join(words[:end]), i, rest)
    if hit is None or hit.label.field not in ACTION_FIELDS:
        return None
    return hit


_INLINE_LABEL_WORDS = 4


def _with_grades(hit: LabelHit | None, grades: str) -> LabelHit | None:
    """The hit with the grades found on its first line put before its inline value."""
    if hit is None or not grades:
        return hit
    return LabelHit(hit.label, hit.text, hit.end, f"{grades} {hit.rest}".strip(), hit.skip)


# A label's first words, then grade digits standing alone: "Assessment of 1 2".
_GRADES_AFTER = regex.compile(r"^(?P<label>\p{L}[^\d:]*?)\s+(?P<grades>[1-4](?:\s+[1-4])*)$")


# How far a torn label's rest may come after its first lines: a row of tall, narrow
# cells broken by a page puts every cell's lines on that page between them ("Progress
# Rating (October", 45 lines of four columns, "2", "2", "2", the page break, "2024):").
_RESUME_SPAN = 80
# A torn label's closing year and bracket, then a cell's text on the same line.
_CLOSE_THEN_TEXT = regex.compile(r"^(?P<close>(?:19|20)\d{2}\))\s+(?P<rest>\S.*)$")


def labels_without_colons(lines: list[TextLine]) -> bool:
    """Whether the document writes its row labels without colons ("Lead Officer",
    "Timescale"): fewer lines end a label with a colon than there are recommendations
    (each recommendation has four rows or more)."""
    headings = sum(1 for ln in lines if is_heading(ln))
    colons = 0
    for ln in lines:
        if ln.kind == "text" and ln.text.endswith(":"):
            label = classify(ln.text)
            colons += label is not None and label.field in _WANTED
    return headings > 0 and colons < headings


def _bare_label(pieces: list[str], end: int, current: Field | None) -> LabelHit | None:
    """A label written without a colon ("Lead Officer", "Progress to" / "date (March" /
    "2023)"): a block of short lines that names a field and ends mid-phrase nowhere."""
    text = " ".join(pieces)
    last = text.split()[-1].lower()
    if last in LABEL_JOINERS or text.count("(") > text.count(")"):
        return None
    hit = _make_hit(pieces[:-1], pieces[-1], end, "")
    if hit is None or hit.label.field == "legend":
        return None
    if hit.label.field == current and hit.label.period is None:
        # Naming the row being read again is its value; a period starts the next round.
        return None
    return hit


def _closes(pieces: list[str], more: list[str]) -> bool:
    """The last of ``more`` closes the label's bracket ("(September" ... "2023)", or
    "Progress to" ... "date (March" / "2023)")."""
    text = " ".join([*pieces, *more])
    return more[-1].endswith(")") and text.count("(") == text.count(")") > 0


def _resume(
    lines: list[TextLine], j: int, pieces: list[str], end: int, *, bare: bool = False
) -> LabelHit | None:
    """The rest of a label that the row's content interrupted.

    pdftotext on LibreOffice PDFs writes "Assessment of", then the grades "2" / "2", then
    "Progress" / "(March" / "2020):" on the next page: the label's remaining lines start
    a block further on, right after an empty line or a page break.
    """
    last = pieces[-1]
    open_end = last.split()[-1].lower() in LABEL_JOINERS or last.count("(") > last.count(")")
    if not open_end and not all(w.lower() in LABEL_LEAD_WORDS for p in pieces for w in p.split()):
        open_end = classify(" ".join(pieces) + ":") is None
    # "Responsible", the cells' first lines, then "Officer:" first on the next page: a
    # page break tore a label that reads whole either way (see _torn_whole).
    torn_page = lines[end].page if _reads_whole(pieces) else None
    for s in range(j, min(j + _RESUME_SPAN, len(lines))):
        ln = lines[s]
        prev = lines[s - 1]
        if ln.kind != "text" or (prev.kind == "text" and prev.page == ln.page):
            continue
        if is_heading(ln):
            return None
        # "Assessment of" ... "Progress": the label was left open; "Officer(s)" ...
        # "responsible:": the rest cannot start a label of its own.
        torn = torn_page is not None and ln.page > torn_page
        if torn:
            torn_page = None  # only the first line after the break
        capital = not (ln.text[:1].islower() or ln.text[:1] in "(0123456789")
        if not open_end and capital and not torn:
            continue
        more: list[str] = []
        for t in range(s, min(s + 5, len(lines))):
            piece = lines[t]
            if piece.kind != "text":
                break
            head, colon, rest = piece.text.partition(":")
            if not colon:
                shared = _CLOSE_THEN_TEXT.match(piece.text) if open_end else None
                if shared is not None:
                    # "Progress to" / "date (July", a page break, then "2024) 2024, 2,115
                    # lanterns had": the label closes on the first cell's rest's baseline.
                    hit = _make_hit([*pieces, *more], shared["close"], end, "")
                    if hit is not None and hit.label.period is not None:
                        skip = tuple(range(s, t + 1))
                        return LabelHit(hit.label, hit.text, end, "", skip, shared["rest"])
                if not _piece_ok(piece.text, first=False):
                    break
                more.append(piece.text)
                if _closes(pieces, more):
                    # No colons in this document: "Progress Assessment" / "(September",
                    # the grades, a page break, then "2023)" closes the label.
                    hit = _make_hit([*pieces, *more[:-1]], more[-1], end, "")
                    if hit is not None and not open_end and capital:
                        break  # a torn action label has no period to close
                    # The bracket holds the round's period ("(March 2023)"), or it is
                    # a value's bracket ("(Grounds" / "Supervisor)").
                    if hit is not None and hit.label.period is not None:
                        return LabelHit(hit.label, hit.text, end, "", tuple(range(s, t + 1)))
                    break
                continue
            hit = _make_hit([*pieces, *more], head, end, "")
            if (
                hit is not None
                and not open_end
                and capital
                and not _torn_whole(pieces, [*more, head], hit)
            ):
                hit = None
            if hit is not None and rest.strip() and hit.label.period is None:
                # A value's colon ("...the resident:"), not a torn round label's.
                hit = None
            whole = " ".join([*pieces, *more, head])
            if hit is not None and whole.count("(") != whole.count(")"):
                # "Progress to" / "date (July" then "Progress by area:": a rest that
                # leaves the period's bracket open is a cell's line, not the label's.
                hit = None
            if hit is not None and not _rest_names(" ".join([*more, head])):
                # "Assessment" / "completed and" / "reported to" is a cell's sentence,
                # and "shortlisted:" after the page break no label's rest.
                hit = None
            if hit is not None:
                # "(March 2026): in March 2025, by email": the label's last line shares
                # a baseline with the first cell's rest after a page break.
                return LabelHit(hit.label, hit.text, end, "", tuple(range(s, t + 1)), rest.strip())
            break
    return None


def _rest_names(rest: str) -> bool:
    """A torn label's rest holds a field word ("Progress", "responsible:") or the
    round's period in brackets ("(March" / "2020):", "2024)")."""
    bracketed = rest.startswith("(") or rest.endswith(")")
    return mentions_field_word(rest) or (bracketed and bool(_YEAR.search(rest)))


def _torn_inline(lines: list[TextLine], i: int) -> LabelHit | None:
    """A label's first words with its cells' first lines on one baseline, its rest
    first on the next page with the first cell's rest: "Success Survey complete All
    three blocks Both blocks open" ... "Measure(s): for all 14 blocks;" (pypdf)."""
    words = lines[i].text.split()
    for n in range(min(_REST_WORDS, len(words) - 1), 0, -1):
        pieces = [" ".join(words[:n])]
        rest = " ".join(words[n:])
        if not _reads_whole(pieces) or not (rest[:1].isupper() or rest[:1].isdigit()):
            continue
        page = lines[i].page
        for s in range(i + 1, min(i + _RESUME_SPAN, len(lines))):
            ln = lines[s]
            if ln.kind != "text" or ln.page <= page:
                continue
            head, colon, tail = ln.text.partition(":")
            hit = _make_hit(pieces, head, i, rest) if colon else None
            if hit is None or not _torn_whole(pieces, [head], hit):
                return None
            return LabelHit(hit.label, hit.text, i, rest, (s,), tail.strip())
    return None


def _reads_whole(pieces: list[str]) -> bool:
    """The label's lines name an action field on their own ("Responsible",
    "Officer(s)"), in label words only."""
    alone = classify(" ".join(pieces) + ":")
    words = " ".join(pieces).split()
    return (
        alone is not None
        and alone.field in ACTION_FIELDS
        and all(is_label_word(w.strip("()")) for w in words)
    )


def _torn_whole(pieces: list[str], rest: list[str], hit: LabelHit) -> bool:
    """A capitalised rest first on the next page ("Officer:") finishes the label only
    when the whole, its first lines and its rest (if a label at all) name one field,
    with no period: "Responsible" / "Target Date:" is two labels."""
    alone = classify(" ".join(pieces) + ":")
    after = classify(" ".join(rest) + ":")
    field = hit.label.field
    return (
        alone is not None
        and alone.field == field
        and (after is None or after.field == field)
        and hit.label.period is None
        and len(" ".join(rest).split()) <= _REST_WORDS
    )


def is_heading(line: TextLine) -> bool:
    """A recommendation heading followed by a separator ("Recommendation 3:"): in a
    dump, "Recommendation 3 of the review" inside a cell is text, not a heading."""
    if line.kind != "text":
        return False
    m = RECOMMENDATION_HEADING.match(line.text)
    return m is not None and (bool(m["sep"]) or not m["rest"].strip())


def heading_like(text: str) -> bool:
    """A short sub-part heading such as "For Community" (see the vocabulary's rule)."""
    return looks_like_part_heading(text)
