"""Rebuilding positioned text, step 1: the label column apart from the value columns.

In a dump that kept its columns, a table row is its label at the left edge and its cells
to the right of where the value columns start. Each line is split there: its left part
(labels, headings, paragraphs across the page) for the structure pass, its value pieces
kept by line number. A label cell's wrapped lines follow one another with no empty line
between and become one label line (:mod:`.label_runs`); a label torn by a page break is
joined again; a header row a table repeats at the top of a page is dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import regex

from scrutiny_parse.layout import Span, TextLine
from scrutiny_parse.segment.labels import classify
from scrutiny_parse.segment.retable.cleanup import glue_broken_words
from scrutiny_parse.segment.retable.label_runs import merge_label_runs, row_label
from scrutiny_parse.vocabulary import (
    MONTH_WORD,
    RECOMMENDATION_HEADING,
    is_label_word,
    is_legend_header,
    mentions_field_word,
)

__all__ = ["LabelColumn", "split_label_column"]

# A label piece is short; a longer piece at the left edge is a paragraph or a heading.
_MAX_LABEL_PIECE = 28


@dataclass
class LabelColumn:
    """A dump's lines split at the value columns."""

    # The lines the structure pass reads: labels, headings, paragraphs, blank lines.
    left: list[TextLine]
    # Value pieces by source line number.
    values: dict[int, list[Span]] = field(default_factory=dict)
    lines: dict[int, TextLine] = field(default_factory=dict)
    # Lines wider than the label column (headings, paragraphs across the page).
    wide: set[int] = field(default_factory=set)


def _value_start(lines: list[TextLine]) -> list[int]:
    """Where value cells start, line by line: the leftmost start of the piece after a
    short piece at the left edge that names a field ("Date:            July 2021"). The
    leftmost, not the commonest: a label beside an empty first cell has its next piece
    in a later column.

    pdftotext -layout sets each page on its own grid, and each table has its own label
    column, so the value columns move between tables and pages (values at 17 under one
    recommendation, 14 under the next on the same page): each recommendation's stretch
    of a page has its own start. A stretch with no label beside a value (a page that
    holds only the continuation of a long row) takes the document's: the leftmost start
    seen three times or more."""
    margin = min((ln.spans[0].start for ln in lines if ln.spans), default=0)
    starts: Counter[int] = Counter()
    beside_labels: Counter[int] = Counter()
    region_of: list[tuple[int, int]] = []
    local: dict[tuple[int, int], list[int]] = {}
    heading = 0
    for ln in lines:
        sp = ln.spans
        if sp and sp[0].start <= margin + 1 and RECOMMENDATION_HEADING.match(sp[0].text):
            heading += 1
        region = (heading, ln.page)
        region_of.append(region)
        if len(sp) >= 2 and sp[0].start <= margin + 1 and len(sp[0].text) <= _MAX_LABEL_PIECE:
            starts[sp[1].start] += 1
            # "Grade      Assessment of Progress": a legend's header row, a label beside
            # a label, says nothing of where the recommendation's values start.
            # So does "Grade      Meaning" over a legend written a grade a row.
            if (
                mentions_field_word(sp[0].text)
                and not _names_field(sp[1].text)
                and not is_legend_header(ln.text)
            ):
                beside_labels[sp[1].start] += 1
                local.setdefault(region, []).append(sp[1].start)
    default = min(starts) if starts else 1 << 20
    # Starts beside words that labels are made of first: a legend written one grade per
    # row (" 1   Fully Achieved") is a short piece at the left edge four times too.
    for counts in (beside_labels, starts):
        frequent = [s for s, n in counts.items() if n >= 3]
        if frequent:
            default = min(frequent)
            break
    # One label beside a value tells little: its first cells may be empty ("grade has"
    # ... "2025." in the last column), so a stretch needs two to leave the document's.
    own = {r: min(xs) if len(xs) >= 2 else min(*xs, default) for r, xs in local.items()}
    return [own.get(region, default) for region in region_of]


def _names_field(text: str) -> bool:
    """A piece made of label words that names a field: a column heading, no value."""
    return all(is_label_word(w) for w in text.split()) and classify(text) is not None


# How far left of the value column a glued cell's text may start (proportional text).
_GLUE_SHIFT = 5
_OPENS_PERIOD = regex.compile(rf"^\((?:{MONTH_WORD}|(?:19|20)\d{{2}})$", regex.IGNORECASE)


def _unglue_label(ln: TextLine, value_x: int) -> TextLine:
    """A label's line glued to its first cell by one space ("Action(s) to be Freeze
    burial", cells beside it): proportional text set the cell a little left of its
    column. The label's words (field words, lead words, joiners) are cut off the piece
    when the rest starts with a capital; otherwise the line is left as it is."""
    first = ln.spans[0]
    whole = classify(first.text)
    if whole is not None and whole.field == "legend":
        # "Assessment of Progress Categories" over the legend: the heading is the line.
        return ln
    words = first.text.split(" ")
    n = 0
    # "Progress (April Phase 1 Traffic": the period's bracket opens on the label's line.
    while n < len(words) - 1 and (is_label_word(words[n]) or (n and _OPENS_PERIOD.match(words[n]))):
        n += 1
    rest = " ".join(words[n:])
    label = " ".join(words[:n])
    # A cell's wrapped line may open lower-case beside a label left open ("Progress
    # (April ran from 6 November.", the period closing on the next line).
    opened = n > 1 and bool(_OPENS_PERIOD.match(words[n - 1])) and len(ln.spans) > 1
    if not n or not mentions_field_word(label) or not (rest[:1].isupper() or opened):
        return ln
    cut = first.start + len(label) + 1
    if cut > value_x + 1:
        return ln
    if len(ln.spans) == 1 and (cut < value_x - _GLUE_SHIFT or not row_label(label)):
        # A line alone across the page is a paragraph unless it opens with a whole
        # label whose cell text starts where the values do ("Action(s) Agreed Design").
        return ln
    # The cell belongs to the first value column, wherever the glue left it.
    start = max(cut, value_x)
    pieces = (
        Span(first.start, first.start + len(label), label),
        Span(start, start + len(rest), rest),
    )
    return replace(ln, spans=(*pieces, *ln.spans[1:]))


def _grade_after_label(piece: Span, value_x: int) -> tuple[Span, Span] | None:
    """An assessment label with its first cell's grade one space after it ("Progress
    Assessment 1", the grade's column further right): a label word too wide for the
    grid pushed the grade left of its column. The label and the grade, put in the first
    value column; None where the piece is no such label."""
    m = _LABEL_THEN_GRADE.match(piece.text)
    if m is None or not all(is_label_word(w) for w in m["label"].split()):
        return None
    label = classify(m["label"])
    if label is None or label.field != "assessment":
        return None
    text = m["label"]
    return (
        Span(piece.start, piece.start + len(text), text),
        Span(value_x, value_x + len(m["grade"]), m["grade"]),
    )


_LABEL_THEN_GRADE = regex.compile(r"^(?P<label>\p{L}[^\d:()]*?)\s(?P<grade>[1-4]{1,2})$")


def split_label_column(lines: list[TextLine]) -> LabelColumn:
    """Each line's left part (for the structure pass) and its value pieces."""
    value_starts = _value_start(lines)
    out = LabelColumn([])
    seen_wide: set[str] = set()
    # The short lines that closed each wide line's block when first read ("dementia."
    # under "Recommendation 3: That Council staff ..."), and those still to drop after
    # a header row repeated at a page top.
    tail_of: dict[str, list[str]] = {}
    recording: str | None = None
    dropping: list[str] = []
    page, top = 0, False  # top: nothing read yet on this page but repeated header rows
    for ln, value_x in zip(lines, value_starts, strict=True):
        out.lines[ln.number] = ln
        if ln.kind != "text" or not ln.spans:
            out.left.append(ln)
            recording, dropping = None, []
            continue
        if ln.page != page:
            page, top = ln.page, True
        first = ln.spans[0]
        if first.start < value_x - 1 and first.end > value_x + 1:
            ln = _unglue_label(ln, value_x)
            first = ln.spans[0]
        if (
            first.start < value_x - 1
            and first.end > value_x + 1
            and (len(ln.spans) > 1 or len(first.text) > _MAX_LABEL_PIECE)
        ):
            # Wider than the label column: a heading or a paragraph across the page. A
            # short line alone is a label's piece all the same ("explanation where"):
            # -layout sets each page, and each table, on its own grid, so a label column
            # can be wider than where the document's first values start.
            text = " ".join(s.text for s in ln.spans)
            if top and text in seen_wide:
                # A header row the table repeats at the top of every page
                # ("Recommendation 3: ..." again): not content, and it must not cut a
                # label that the page break tore; nor must its short last line.
                dropping = list(tail_of.get(text, []))
                continue
            seen_wide.add(text)
            tail_of[text], recording, dropping = [], text, []
            top = False
            out.left.append(TextLine(text, "text", ln.page, ln.number, item=ln.item))
            out.wide.add(ln.number)
            continue
        left = [s for s in ln.spans if s.start < value_x - 1]
        right = [s for s in ln.spans if s.start >= value_x - 1]
        if left and (graded := _grade_after_label(left[-1], value_x)) is not None:
            left[-1], grade = graded
            right.insert(0, grade)
        text = " ".join(s.text for s in left)
        if dropping and not right and text == dropping[0]:
            dropping.pop(0)
            continue
        dropping = []
        if recording is not None and left and not right and len(tail_of[recording]) < 2:
            tail_of[recording].append(text)
        else:
            recording = None
        top = False
        if left:
            out.left.append(TextLine(text, "text", ln.page, ln.number, item=ln.item))
        if right:
            out.values[ln.number] = right
    out.left = merge_label_runs(glue_broken_words(out.left), out.wide, out.values)
    return out
