"""Rebuilding positioned text, step 1: the label column apart from the value columns.

In a dump that kept its columns, a table row is its label at the left edge and its cells
to the right of where the value columns start. Each line is split there: its left part
(labels, headings, paragraphs across the page) for the structure pass, its value pieces
kept by line number. A label cell's wrapped lines follow one another with no empty line
between and become one label line; a label torn by a page break is joined again; a
header row a table repeats at the top of a page is dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import regex

from scrutiny_parse.layout import Span, TextLine
from scrutiny_parse.segment.labels import classify
from scrutiny_parse.segment.retable.grades import grades_only
from scrutiny_parse.segment.retable.label_hits import ends_on_period
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_LEAD_WORDS,
    MONTH_WORD,
    PLACEHOLDER,
    PROMPT_OPENING,
    PROMPT_REST,
    PROMPT_START,
    RECOMMENDATION_HEADING,
    ROUND_FIELDS,
    is_label_word,
    label_left_open,
    looks_like_part_heading,
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
            if mentions_field_word(sp[0].text) and not _names_field(sp[1].text):
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
    if len(ln.spans) == 1 and (cut < value_x - _GLUE_SHIFT or not _row_label(label)):
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
    out.left = _merge_label_runs(out.left, out.wide, out.values)
    return out


def _row_field(text: str) -> str | None:
    """The field a row label names, or None for text that is no row label."""
    label = classify(text if text.endswith(":") else text + ":")
    if label is None or label.field not in (*ACTION_FIELDS, *ROUND_FIELDS, "legend"):
        return None
    return label.field


def _row_label(text: str) -> bool:
    return _row_field(text) is not None


def _cell_ended(run: list[TextLine], ln: TextLine) -> bool:
    """Whether the label cell in ``run`` ended before ``ln``, where no empty line
    separates it from the next: a row shorter than its label has the next label right
    under it ("needed)" / "Progress" / "Update –").

    A label cell's lines are consecutive, so lines with only values between (a line
    number skipped in the label column) end it; so does its colon or its round's period
    ("Progress Update –" / "February" / "2024"), unless the next line opens a bracket (the
    prompt or the period goes on: "(include" / "explanation if" / "required)").
    """
    raw = " ".join(r.text for r in run)
    text = " ".join(PLACEHOLDER.sub(" ", raw).split())
    if not text:
        return False
    # The prompt takes the colon after it: "(include explanation if required):"; or
    # follows it, whole: "2024): (please give a" / "grade of 1-4 and a" / "brief
    # explanation)".
    colon = raw.endswith(":") or (text.endswith(":") and not label_left_open(raw))
    if not _row_label(text):
        if colon and ln.text[:1].isupper() and not label_left_open(text):
            # "2021 (include" / "explanation if" / "required):" / "Evidence of": the rest
            # of a label a page break tore ends at its colon; the next label starts.
            return True
        # "For the Council Fleet" / "Lead Officer:": a sub-part heading right above its
        # table's first label (words no label is made of, then a label of its own).
        # "How we will" / "measure" / "success" is one label that opens on a lead word.
        words = text.split()
        if text[-1] in ".!?" and ln.text[:1].isupper() and not all(is_label_word(w) for w in words):
            # A sentence's end ("dementia.", the recommendation's last line) ends it
            # before a label or a sub-part heading ("activity." / "For Sports Clubs").
            return True
        return (
            looks_like_part_heading(text)
            and words[0].lower() not in LABEL_LEAD_WORDS
            and not all(is_label_word(w) for w in words)
            and ln.text[:1].isupper()
            and _row_label(ln.text)
        )
    if label_left_open(text):
        # "(include" / "explanation if" / a cell's line / "required)": open brackets go on.
        return False
    if text[-1] in ".!?" and ln.text[:1].isupper():
        # "action taken." / "Lead Officer:", "activity." / "For Sports Clubs": a sentence
        # (the heading's last line) that happens to hold a field word ends there.
        return True
    if ln.number > run[-1].number + 1 and ln.page == run[-1].page:
        return True
    if ln.text.startswith("(") or PROMPT_START.match(ln.text):
        # The period's bracket or the prompt goes on ("(include", "Grade 1-4 – please").
        return False
    if (
        text != raw
        and not _row_label(ln.text)
        and " ".join(PLACEHOLDER.sub(" ", f"{raw} {ln.text}").split()) == text
    ):
        # The prompt goes on: "(October 2023):" / "grade 1-4 (see key)" / "and commentary".
        return False
    if colon or ends_on_period(text):
        return True
    # Labels without colons: "Lead Officer" / "Timescale" is two labels, the next line
    # naming another field that the two lines together do not ("Progress" /
    # "Assessment" is one label, the assessment's).
    field, own = _row_field(text), _row_field(ln.text) if ln.text[:1].isupper() else None
    if field in ACTION_FIELDS and own in ROUND_FIELDS:
        # "Agreed Success" / "Measure" / "Evidence of Progress": no label names both an
        # action's field and a round's.
        return True
    if own is not None and ln.text.split()[0].lower() == text.split()[0].lower():
        # "Agreed Actions" / "Agreed Success": no label says its first word twice.
        return True
    return own is not None and own != field and _row_field(f"{text} {ln.text}") != own


def _same_field_overleaf(prev: str, text: str) -> bool:
    """ "Agreed Success" / page / "Measure:": a label of an action's field first on the
    next page, naming the same field as the label before the break, and together one
    label of it: the label torn, not the field's row again (a block names it once)."""
    field = _row_field(prev)
    return (
        field in ACTION_FIELDS
        and _row_field(text) == field
        and _row_field(f"{prev.rstrip(':')} {text}") == field
    )


def _graded_break(prev: TextLine, text: str, until: int, values: dict[int, list[Span]]) -> bool:
    """ "Progress" with grades alone beside it up to a page break, "Assessment" /
    "(August" / "2023)" overleaf: one label torn by the break, the round's assessment,
    not an evidence row and an empty assessment. Only where the pieces alone are no
    assessment label and together they are one that names its period."""
    head = prev.text.rstrip(":")
    if ends_on_period(head) or _row_field(head) == "assessment":
        return False
    label = classify(f"{head} {text.rstrip(':')}:")
    if label is None or label.field != "assessment" or label.period is None:
        return False
    beside = [sp.text for n in range(prev.number, until) for sp in values.get(n, [])]
    return bool(beside) and all(grades_only(t) for t in beside)


def _merge_label_runs(
    left: list[TextLine], wide: set[int], values: dict[int, list[Span]]
) -> list[TextLine]:
    """A label cell's wrapped lines as one line ending in a colon.

    In the label column, one cell's lines follow each other with no empty line between
    ("Progress to" / "date" / "(March 2023)"), whether or not the label ends in a colon;
    cells are separated by empty lines. A label torn by a page break goes on at the top
    of the next page with words that name no field ("(September" ... "2023)").
    """
    out: list[TextLine] = []
    run: list[TextLine] = []
    last_label: int | None = None  # index in ``out`` of the last label line
    last_page = 0
    prompt_open = False  # the last label's prompt was cut short by a page break

    def flush() -> None:
        nonlocal last_label, last_page, prompt_open
        if not run:
            return
        # The prompt shares the label cell: "Assessment of Progress (March 2024):" /
        # "(include" / "explanation if" / "required)".
        raw = " ".join(ln.text for ln in run)
        opened = PROMPT_OPENING.sub("", raw)
        text = " ".join(PLACEHOLDER.sub(" ", opened).split())
        first = run[0]
        if prompt_open and first.page != last_page and PROMPT_REST.fullmatch(raw):
            text = ""  # "required" overleaf: the rest of the cut prompt
        # The prompt's opening ends the label's text: its rest is overleaf.
        prompt_open = bool(text) and opened != raw and _row_label(text)
        if not text:
            run.clear()
            return
        top_of_page = first.page != last_page
        torn = (
            top_of_page
            and last_label is not None
            and out[last_label].page < first.page
            and label_left_open(out[last_label].text)
        )
        if (
            top_of_page
            and last_label is not None
            and out[last_label].page < first.page
            and _graded_break(out[last_label], text, first.number, values)
        ):
            torn = True
        if (
            top_of_page
            and last_label is not None
            and out[last_label].page < first.page
            and _same_field_overleaf(out[last_label].text, text)
        ):
            torn = True
        # "activity." names a field but ends a sentence: a heading's last line.
        sentence = text[-1] in ".!?"
        if (
            _row_label(text)
            and not RECOMMENDATION_HEADING.match(text)
            and not torn
            and not sentence
        ):
            out.append(replace(first, text=text if text.endswith(":") else text + ":"))
            last_label = len(out) - 1
        elif top_of_page and last_label is not None and out[last_label].page < first.page:
            prev = out[last_label]
            # The label's prompt may close only overleaf: "(please give reasons" ...
            # "changed)".
            both = PLACEHOLDER.sub(" ", f"{prev.text.rstrip(':')} {text.rstrip(':')}")
            joined = " ".join(both.split()).rstrip(":") + ":"
            # A label that named its round's period is whole; "Recommendation 5" at the
            # top of the next page heads the next table.
            whole = ends_on_period(prev.text) or RECOMMENDATION_HEADING.match(text)
            if torn or (not whole and _row_label(joined)):
                out[last_label] = replace(prev, text=joined)
            else:
                out.extend(run)
        else:
            out.extend(run)
        last_page = run[-1].page
        run.clear()

    def rest_overleaf(run: list[TextLine]) -> bool:
        # "commentary" first overleaf, the rest of the prompt the page break cut short
        # ("... grade 1-4 (see key) and"), though it reads as a label of its own; or
        # "changed)" closing the bracket the label before the break left open ("(please
        # give reasons where the grade has"): the rest ends there, the next label starts.
        raw = " ".join(ln.text for ln in run)
        if run[0].page == last_page:
            return False
        if prompt_open and PROMPT_REST.fullmatch(raw):
            return True
        before = out[last_label].text if last_label is not None else ""
        whole = f"{before} {raw}"
        return (
            label_left_open(before) and raw.endswith(")") and whole.count("(") == whole.count(")")
        )

    for ln in left:
        if ln.kind != "text" or ln.number in wide:
            flush()
            out.append(ln)
        else:
            if run and (rest_overleaf(run) or _cell_ended(run, ln)):
                flush()
            run.append(ln)
            continue
        if ln.kind == "text":
            last_page = ln.page
    flush()
    return out
