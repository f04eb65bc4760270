"""Rebuilding tables from text, step 1: labels as extraction wrapped them.

Labels are found by meaning with :func:`scrutiny_parse.segment.labels.classify`, tolerant
of how extraction wrapped them: "Agreed Success" / "Measure:" (the seed),
"Responsibility" / ":" or "Evidence of" / "Progress" / "(March" / "2021):" (LibreOffice
PDFs), torn by the row's content or a page break, with the value on the same line
("Date: April 2019 September 2019"), or written without a colon at all ("Lead Officer",
"Progress to" / "date (March 2023)") where the document writes none.
"""

from __future__ import annotations

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.labels import classify
from scrutiny_parse.segment.retable.grades import grade_line
from scrutiny_parse.segment.retable.label_hits import (
    WANTED,
    LabelHit,
    ends_on_period,
    is_heading,
    make_hit,
    piece_ok,
)
from scrutiny_parse.segment.retable.torn_labels import (
    bare_torn_inline,
    colon_after_break,
    reads_whole,
    resume,
    torn_inline,
)
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_JOINERS,
    LABEL_LEAD_WORDS,
    LABEL_TRAILING_WORDS,
    Field,
    is_label_word,
    mentions_field_word,
)

__all__ = ["label_at", "labels_without_colons"]


def label_at(
    lines: list[TextLine], i: int, current: Field | None = None, *, bare: bool = False
) -> LabelHit | None:
    """The row label starting at line ``i`` (possibly wrapped over lines), or None.

    With ``bare``, the document writes its labels without colons, and a block of short
    lines that names a field is a label; ``current`` is the field of the row being read:
    a block that names it again is that row's value, not a new row.
    """
    if _inside_brackets(lines, i):
        # "(Holiday" / "Activities and" / "Food" / "Programme" / "Coordinator)": a cell's
        # bracket goes on over the line, which starts no label.
        return None
    hit = _label_at(lines, i, current, bare=bare) or _whole_label_lines(lines, i, current)
    first = lines[i]
    if (
        hit is None
        and (bare or _after_sentence(lines, i))
        and first.kind == "text"
        and (i == 0 or lines[i - 1].kind == "hard")
        and i + 1 < len(lines)
        and lines[i + 1].kind == "text"
    ):
        # "Timescale April 2024 /" / "ongoing", "Action Agreed Move gully" / "cleansing
        # from a": a colon-less label on its first values' line, the values wrapping on.
        inline = _inline_label(first.text, i)
        if (
            inline is not None
            and inline.label.field != current
            and (bare or len(inline.text.split()) >= _MIXED_INLINE_WORDS)
        ):
            return inline
    return hit


def _after_sentence(lines: list[TextLine], i: int) -> bool:
    """Line ``i`` starts a block after a cell's finished sentence ("adoption." / "" /
    "Success Measure Strategy adopted..."): where a document with colons writes one
    label without, its first values on its line."""
    prev = next((ln for ln in reversed(lines[:i]) if ln.kind == "text"), None)
    return prev is not None and prev.text.rstrip().endswith((".", ")"))


# Two label words at least ("Success Measure") where the document's other labels have
# colons: one word ("Target ...") starts many a cell's sentence.
_MIXED_INLINE_WORDS = 2


def _inside_brackets(lines: list[TextLine], i: int) -> bool:
    """Whether line ``i`` is inside a bracket opened on the lines of its block before
    it (a few at most)."""
    depth = 0
    for j in range(i - 1, max(i - 7, -1), -1):
        if lines[j].kind != "text":
            break
        depth += lines[j].text.count("(") - lines[j].text.count(")")
    return depth > 0


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
            hit = colon_after_break(lines, j, pieces) if ln.kind == "hard" else None
            if hit is None:
                hit = resume(lines, j, pieces, j - 1, bare=bare, graded=bool(grades))
            if hit is None and (bare or _leads(pieces) or _all_label_words(lines, i, j)):
                # A document can mix "Target Date:" with "Planned" / "Actions": a
                # colon-less block that opens with a label's lead word is a label too.
                hit = _bare_label(pieces, j - 1, current)
            if hit is None and len(pieces) == 1 and ln.kind == "hard":
                # "Responsible Claire Whitlock" as a block of its own, the page's last,
                # and "Officer/Group:" first overleaf: the label's first word and the
                # cell's first line shared a baseline when a page break tore the row.
                hit = torn_inline(lines, i)
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
        if pieces and ends_on_period(" ".join(pieces)):
            # "Progress" / "Assessment" / "(January" / "2025)" then "Progress to" /
            # "date (July 2025)": the round's period (in brackets, or after a dash:
            # "Update –" / "February" / "2024") ends a colon-less label, and the next
            # label starts on the next line.
            closed = make_hit(pieces[:-1], pieces[-1], j - 1, "")
            if closed is not None and closed.label.period is not None:
                return _with_grades(closed, grades)
        head, colon, rest = ln.text.partition(":")
        if not colon:
            text = ln.text
            if j == i and (m := _GRADES_AFTER.match(text)):
                # "Assessment of 2": the extractor put the first grades of the row on
                # the label's first line (cells side by side on one baseline).
                text, grades = m["label"], m["grades"]
            if not piece_ok(text, first=j == i):
                if j == i and bare and (i == 0 or lines[i - 1].kind == "hard"):
                    return _inline_label(text, i) or bare_torn_inline(lines, i)
                if j > i:
                    # "Evidence of" / "Progress" then a cell's text: the label's rest
                    # may come after the cells, past a page break.
                    hit = resume(lines, j, pieces, j - 1, bare=bare)
                    return _with_grades(hit or _torn_after_cells(lines, i, pieces), grades)
                return torn_inline(lines, i) or (bare_torn_inline(lines, i) if bare else None)
            pieces.append(text)
            continue
        if not pieces and not head[:1].isupper():
            return None
        return _with_grades(make_hit(pieces, head, j, rest), grades)
    return _with_grades(_torn_after_cells(lines, i, pieces), grades)


def _torn_after_cells(lines: list[TextLine], i: int, pieces: list[str]) -> LabelHit | None:
    """A label's first lines, then its cells' first lines, then its rest first on the
    next page: "Agreed" / "Success" / "Four new" / "continuous" ... "Measure: monitors"
    (pypdf writes a row's cells as drawn, with no mark where one ends)."""
    for n in range(min(_TORN_LEAD_LINES, len(pieces) - 1), 0, -1):
        # "Officers to" / "clear the" is a cell's sentence: a label's lead lines end
        # on a word of its own, not on a joiner.
        if reads_whole(pieces[:n]) and pieces[n - 1].split()[-1].lower() not in LABEL_JOINERS:
            hit = resume(lines, i + n, pieces[:n], i + n - 1)
            if hit is not None:
                return hit
    return None


_TORN_LEAD_LINES = 3


def _leads(pieces: list[str]) -> bool:
    """The block starts with a word labels start with ("Planned", "How", "What"), or
    ends naming a round's period ("Progress to" / "date (July" / "2025)", "Progress" /
    "Update –" / "February" / "2024")."""
    words = pieces[0].split() if pieces else []
    if not words:
        return False
    if ends_on_period(" ".join(pieces)):
        return True
    return words[0].lower() in LABEL_LEAD_WORDS and (
        len(pieces) == 1 or len(words) <= _LEAD_LINE_WORDS
    )


_LEAD_LINE_WORDS = 4


def _whole_label_lines(lines: list[TextLine], i: int, current: Field | None) -> LabelHit | None:
    """A block's first lines that name an action field whole, in label words only and
    two words or more, with the cell's text right under them and no empty line between
    ("Measure of" / "Success" / "100% of shelters surveyed"): that label."""
    if i > 0 and lines[i - 1].kind != "hard":
        return None
    for n in range(_WHOLE_LABEL_LINES, 0, -1):
        block = lines[i : i + n + 1]
        if len(block) < n + 1 or any(ln.kind != "text" for ln in block):
            continue
        pieces = [ln.text for ln in block[:n]]
        words = " ".join(pieces).split()
        if len(words) < 2 or not reads_whole(pieces):
            continue
        nxt = block[n].text
        if (
            nxt[:1].islower()
            or all(is_label_word(w.strip("()")) for w in nxt.split())
            or any(_label_at(lines, i + m, current, bare=False) for m in range(1, n + 1))
        ):
            # The label may go on, the lines are a sentence ("The target date" / "has
            # been revised to"), or labels stand stacked ("Success" / "Measures" /
            # "Progress to date" / "(January 2025)"), read as such elsewhere.
            continue
        return _bare_label(pieces, i + n - 1, current)
    return None


_WHOLE_LABEL_LINES = 3


def _all_label_words(lines: list[TextLine], i: int, end: int) -> bool:
    """A block of its own made of label words only ("Responsible" / "Officer(s)",
    "Timescale for" / "completion"): a colon-less label in a document whose other
    labels have colons ("Agreed Action(s):"); no cell's text is worded so."""
    alone = (i == 0 or lines[i - 1].kind == "hard") and (
        end >= len(lines) or lines[end].kind == "hard"
    )
    words = " ".join(ln.text for ln in lines[i:end]).split()
    return alone and 1 < len(words) <= _LEAD_LINE_WORDS and all(is_label_word(w) for w in words)


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
    hit = make_hit([], " ".join(words[:end]), i, rest)
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


def labels_without_colons(lines: list[TextLine]) -> bool:
    """Whether the document writes its row labels without colons ("Lead Officer",
    "Timescale"): fewer lines end a label with a colon than there are recommendations
    (each recommendation has four rows or more)."""
    headings = sum(1 for ln in lines if is_heading(ln))
    colons = 0
    for ln in lines:
        if ln.kind == "text" and ln.text.endswith(":"):
            label = classify(ln.text)
            colons += label is not None and label.field in WANTED
    return headings > 0 and colons < headings


def _bare_label(pieces: list[str], end: int, current: Field | None) -> LabelHit | None:
    """A label written without a colon ("Lead Officer", "Progress to" / "date (March" /
    "2023)"): a block of short lines that names a field and ends mid-phrase nowhere."""
    text = " ".join(pieces)
    last = text.split()[-1].lower()
    if last in LABEL_JOINERS or text.count("(") > text.count(")"):
        return None
    hit = make_hit(pieces[:-1], pieces[-1], end, "")
    if hit is None or hit.label.field == "legend":
        return None
    if hit.label.field == current and hit.label.period is None:
        # Naming the row being read again is its value; a period starts the next round.
        return None
    return hit
