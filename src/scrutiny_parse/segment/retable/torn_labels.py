"""Rebuilding tables from text: labels their row's content or a page break tore apart.

pdftotext writes "Assessment of", the row's grades, then "Progress" / "(March" / "2020):"
on the next page; pypdf writes "Success" with the cells' first lines on one baseline and
"Measure(s): ..." first on the next page. The label's rest is looked for where a block
starts, and it must finish the label it opened: name a field word or close the period.
"""

from __future__ import annotations

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.labels import classify
from scrutiny_parse.segment.retable.grades import grades_only
from scrutiny_parse.segment.retable.label_hits import (
    PERIOD_ALONE,
    YEAR,
    LabelHit,
    ends_on_period,
    is_heading,
    make_hit,
    piece_ok,
)
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_DASHES,
    LABEL_JOINERS,
    LABEL_LEAD_WORDS,
    MONTH_WORD,
    is_label_word,
    label_left_open,
    mentions_field_word,
)

__all__ = ["bare_torn_inline", "colon_after_break", "reads_whole", "resume", "torn_inline"]

# The label's rest after a break: a few words, one of them a field word ("Measure:").
_REST_WORDS = 3


def colon_after_break(lines: list[TextLine], j: int, pieces: list[str]) -> LabelHit | None:
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
    return make_hit(pieces, head, j + 1, "")


# How far a torn label's rest may come after its first lines: a row of tall, narrow
# cells broken by a page puts every cell's lines on that page between them ("Progress
# Rating (October", 45 lines of four columns, "2", "2", "2", the page break, "2024):").
_RESUME_SPAN = 80
# A torn label's closing year and bracket, then a cell's text on the same line.
_CLOSE_THEN_TEXT = regex.compile(r"^(?P<close>(?:19|20)\d{2}\))\s+(?P<rest>\S.*)$")


def _closes(pieces: list[str], more: list[str]) -> bool:
    """The last of ``more`` closes the label's bracket ("(September" ... "2023)", or
    "Progress to" ... "date (March" / "2023)")."""
    text = " ".join([*pieces, *more])
    if more[-1].endswith(")") and text.count("(") == text.count(")") > 0:
        return True
    # "Assessment of" / "Progress – March", the grades, a page break, then "2025": the
    # year finishes the period its month began after the dash.
    before, last = " ".join([*pieces, *more[:-1]]), more[-1].removesuffix(":")
    if _MONTH_AT_END.search(before) and YEAR.fullmatch(last):
        return True
    # "Progress –" / "February 2026": the period whole on the line after the dash.
    return bool(_DASH_AT_END.search(before)) and bool(_MONTH_YEAR.fullmatch(last))


_MONTH_AT_END = regex.compile(rf"[-–—]\s*{MONTH_WORD}$", regex.IGNORECASE)
_DASH_AT_END = regex.compile(r"\s[-–—]$")
_MONTH_YEAR = regex.compile(rf"{MONTH_WORD}\s+(?:19|20)\d{{2}}", regex.IGNORECASE)


def resume(
    lines: list[TextLine],
    j: int,
    pieces: list[str],
    end: int,
    *,
    bare: bool = False,
    graded: bool = False,
) -> LabelHit | None:
    """The rest of a label that the row's content interrupted.

    pdftotext on LibreOffice PDFs writes "Assessment of", then the grades "2" / "2", then
    "Progress" / "(March" / "2020):" on the next page: the label's remaining lines start
    a block further on, right after an empty line or a page break. ``graded``: the
    label's own line held the row's grades ("Progress 1 2", pypdf).
    """
    last = pieces[-1]
    alone = classify(" ".join(pieces) + ":")
    open_end = label_left_open(last)
    if not open_end and not all(w.lower() in LABEL_LEAD_WORDS for p in pieces for w in p.split()):
        open_end = alone is None
    # "Responsible", the cells' first lines, then "Officer:" first on the next page: a
    # page break tore a label that reads whole either way (see _torn_whole).
    torn_page = lines[end].page if reads_whole(pieces) else None
    overleaf = None
    if alone is None or alone.field != "assessment":
        overleaf = _grades_to_break(lines, j, lines[end].page, seen=graded)
    for s in range(j, min(j + _RESUME_SPAN, len(lines))):
        ln = lines[s]
        prev = lines[s - 1]
        if ln.kind != "text" or (prev.kind == "text" and prev.page == ln.page):
            continue
        if is_heading(ln):
            return None
        if s == overleaf:
            # "Progress", the row's grades "1" / "2", a page break, then "Assessment" /
            # "(June 2025)": a label with nothing but grades under it was torn, and the
            # first lines overleaf make it the round's assessment label.
            hit = _graded_rest(lines, s, pieces, end)
            if hit is not None:
                return hit
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
                    hit = make_hit([*pieces, *more], shared["close"], end, "")
                    if hit is not None and hit.label.period is not None:
                        skip = tuple(range(s, t + 1))
                        return LabelHit(hit.label, hit.text, end, "", skip, shared["rest"])
                if not piece_ok(piece.text, first=False):
                    break
                more.append(piece.text)
                if _closes(pieces, more):
                    # No colons in this document: "Progress Assessment" / "(September",
                    # the grades, a page break, then "2023)" closes the label.
                    hit = make_hit([*pieces, *more[:-1]], more[-1], end, "")
                    if hit is not None and not open_end and capital:
                        break  # a torn action label has no period to close
                    # The bracket holds the round's period ("(March 2023)"), or it is
                    # a value's bracket ("(Grounds" / "Supervisor)").
                    if hit is not None and hit.label.period is not None:
                        return LabelHit(hit.label, hit.text, end, "", tuple(range(s, t + 1)))
                    break
                continue
            hit = make_hit([*pieces, *more], head, end, "")
            if (
                hit is not None
                and not open_end
                and capital
                and not _torn_whole(pieces, [*more, head], hit)
            ):
                hit = None
            if (
                hit is not None
                and rest.strip()
                and hit.label.period is None
                and not (torn and _torn_whole(pieces, [*more, head], hit))
            ):
                # A value's colon ("...the resident:"), not a torn round label's; the
                # rest of a label torn by a page break may share its line with the
                # first cell's rest ("Measure: monitors").
                hit = None
            whole = " ".join([*pieces, *more, head])
            if hit is not None and whole.count("(") != whole.count(")"):
                # "Progress to" / "date (July" then "Progress by area:": a rest that
                # leaves the period's bracket open is a cell's line, not the label's.
                hit = None
            if hit is not None and not _rest_names(" ".join([*more, head]), pieces[-1]):
                # "Assessment" / "completed and" / "reported to" is a cell's sentence,
                # and "shortlisted:" after the page break no label's rest.
                hit = None
            if hit is not None:
                # "(March 2026): in March 2025, by email": the label's last line shares
                # a baseline with the first cell's rest after a page break.
                return LabelHit(hit.label, hit.text, end, "", tuple(range(s, t + 1)), rest.strip())
            break
    return None


def _rest_names(rest: str, before: str) -> bool:
    """A torn label's rest holds a field word ("Progress", "responsible:"), the round's
    period in brackets ("(March" / "2020):", "2024)"), or the period alone after the
    dash the label broke at ("Assessment of progress –" ... "October 2025:"), or after
    its month ("Progress – July" ... "2021:")."""
    bracketed = rest.startswith("(") or rest.endswith(")")
    if mentions_field_word(rest) or (bracketed and bool(YEAR.search(rest))):
        return True
    # ... or its year alone after the month: "Progress – July" ... "2021:".
    return bool(PERIOD_ALONE.match(rest)) and (
        before.rstrip().endswith(LABEL_DASHES) or ends_on_period(f"{before} {rest}")
    )


def torn_inline(lines: list[TextLine], i: int) -> LabelHit | None:
    """A label's first words with its cells' first lines on one baseline, its rest
    first on the next page with the first cell's rest: "Success Survey complete All
    three blocks Both blocks open" ... "Measure(s): for all 14 blocks;" (pypdf)."""
    words = lines[i].text.split()
    for n in range(min(_REST_WORDS, len(words) - 1), 0, -1):
        pieces = [" ".join(words[:n])]
        rest = " ".join(words[n:])
        if not reads_whole(pieces) or not (rest[:1].isupper() or rest[:1].isdigit()):
            continue
        page = lines[i].page
        for s in range(i + 1, min(i + _RESUME_SPAN, len(lines))):
            ln = lines[s]
            if ln.kind != "text" or ln.page <= page:
                continue
            head, colon, tail = ln.text.partition(":")
            hit = make_hit(pieces, head, i, rest) if colon else None
            if hit is None or not _torn_whole(pieces, [head], hit):
                return None
            return LabelHit(hit.label, hit.text, i, rest, (s,), tail.strip())
    return None


def bare_torn_inline(lines: list[TextLine], i: int) -> LabelHit | None:
    """A colon-less round label's first words with its cells' first lines on one
    baseline, its rest on the lines below closing the period's bracket: "Progress to
    The standards The standards Two rounds of" / "date (March" / "2023)" (pypdf)."""
    words = lines[i].text.split()
    for n in range(min(_REST_WORDS, len(words) - 1), 0, -1):
        head = " ".join(words[:n])
        rest = " ".join(words[n:])
        if not mentions_field_word(words[0]) or not all(is_label_word(w) for w in words[:n]):
            continue
        if not (rest[:1].isupper() or rest[:1].isdigit()):
            continue
        more: list[str] = []
        for s in range(i + 1, min(i + 5, len(lines))):
            ln = lines[s]
            if ln.kind == "hard" and not more:
                continue  # the page turned between the label's lines
            if ln.kind != "text" or not piece_ok(ln.text, first=False):
                break
            more.append(ln.text)
            if _closes([head], more):
                hit = make_hit([head, *more[:-1]], more[-1], i, rest)
                if hit is not None and hit.label.period is not None:
                    return LabelHit(hit.label, hit.text, i, rest, tuple(range(i + 1, s + 1)))
                break
    return None


def _grades_to_break(lines: list[TextLine], j: int, page: int, *, seen: bool) -> int | None:
    """The first line of the next page, when every text line from ``j`` to the page
    break is a row of grades (one at least, or ``seen`` on the label's line); None
    otherwise."""
    for s in range(j, min(j + _RESUME_SPAN, len(lines))):
        ln = lines[s]
        if ln.kind != "text":
            continue
        if ln.page > page:
            return s if seen else None
        if not grades_only(ln.text):
            return None
        seen = True
    return None


def _graded_rest(lines: list[TextLine], s: int, pieces: list[str], end: int) -> LabelHit | None:
    """The assessment label with its period that the lines from ``s`` make of
    ``pieces`` ("Progress" + "Assessment" / "(June 2025)"), or None."""
    more: list[str] = []
    for t in range(s, min(s + 4, len(lines))):
        if lines[t].kind != "text":
            break
        head, colon, rest = lines[t].text.partition(":")
        more.append(head if colon else lines[t].text)
        hit = make_hit([*pieces, *more[:-1]], more[-1], end, "")
        if hit is not None and hit.label.field == "assessment" and hit.label.period:
            return LabelHit(hit.label, hit.text, end, "", tuple(range(s, t + 1)), rest.strip())
        if colon:
            break
    return None


def reads_whole(pieces: list[str]) -> bool:
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
