"""Rebuilding positioned text, step 1b: a label cell's wrapped lines as one label.

In the label column a cell's lines follow one another with no empty line between; where
one cell ends and the next begins is read from the labels' own words (a colon, a round's
period, a sentence's end, another field named), the prompt that shares the cell, and
page breaks that tear a label or its prompt (:func:`merge_label_runs`).
"""

from __future__ import annotations

from dataclasses import replace

from scrutiny_parse.layout import Span, TextLine
from scrutiny_parse.segment.labels import classify
from scrutiny_parse.segment.retable.grades import grades_only
from scrutiny_parse.segment.retable.label_hits import ends_on_period
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_LEAD_WORDS,
    PLACEHOLDER,
    PROMPT_OPENING,
    PROMPT_REST,
    PROMPT_START,
    RECOMMENDATION_HEADING,
    ROUND_FIELDS,
    is_label_word,
    label_left_open,
    looks_like_part_heading,
)

__all__ = ["merge_label_runs", "row_label"]


def _row_field(text: str) -> str | None:
    """The field a row label names, or None for text that is no row label."""
    label = classify(text if text.endswith(":") else text + ":")
    if label is None or label.field not in (*ACTION_FIELDS, *ROUND_FIELDS, "legend"):
        return None
    return label.field


def row_label(text: str) -> bool:
    """Whether ``text`` names a row's field (a label, not a heading or front matter)."""
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
    if not row_label(text):
        if colon and ln.text[:1].isupper() and not label_left_open(text):
            # "2021 (include" / "explanation if" / "required):" / "Evidence of": the rest
            # of a label a page break tore ends at its colon; the next label starts.
            return True
        # "For the Council Fleet" / "Lead Officer:": a sub-part heading right above its
        # table's first label (words no label is made of, then a label of its own).
        # "How we will" / "measure" / "success" is one label that opens on a lead word.
        words = text.split()
        if not ln.text[:1].isupper():
            return False
        if raw.startswith("(") and raw.rstrip(":").endswith(")") and not label_left_open(raw):
            # "(please provide" / "links to" / "evidence where" / "available)" overleaf,
            # the rest of the label before the break, then "Assessment of": a prompt
            # whole in its brackets ends there.
            return True
        if all(is_label_word(w) for w in words):
            return False
        if text[-1] in ".!?":
            # A sentence's end ("dementia.", the recommendation's last line) ends it
            # before a label or a sub-part heading ("activity." / "For Sports Clubs").
            return True
        return (
            looks_like_part_heading(text)
            and words[0].lower() not in LABEL_LEAD_WORDS
            and row_label(ln.text)
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
        and not row_label(ln.text)
        and not ln.text[:1].isupper()
        and " ".join(PLACEHOLDER.sub(" ", f"{raw} {ln.text}").split()) == text
    ):
        # The prompt goes on: "(October 2023):" / "grade 1-4 (see key)" / "and commentary";
        # not into a sub-part's heading ("explain any change" / "For Community Groups").
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


def merge_label_runs(
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
        prompt_open = bool(text) and opened != raw and row_label(text)
        if not text:
            run.clear()
            return
        # The last label, when this run is the first on a later page than it.
        prev = out[last_label] if last_label is not None else None
        if prev is not None and (first.page == last_page or prev.page >= first.page):
            prev = None
        torn = prev is not None and (
            label_left_open(prev.text)
            or _graded_break(prev, text, first.number, values)
            or _same_field_overleaf(prev.text, text)
        )
        # "activity." names a field but ends a sentence: a heading's last line.
        sentence = text[-1] in ".!?"
        if row_label(text) and not RECOMMENDATION_HEADING.match(text) and not torn and not sentence:
            out.append(replace(first, text=text if text.endswith(":") else text + ":"))
            last_label = len(out) - 1
        elif prev is not None and last_label is not None:
            # The label's prompt may close only overleaf: "(please give reasons" ...
            # "changed)".
            both = PLACEHOLDER.sub(" ", f"{prev.text.rstrip(':')} {text.rstrip(':')}")
            joined = " ".join(both.split()).rstrip(":") + ":"
            # A label that named its round's period is whole; "Recommendation 5" at the
            # top of the next page heads the next table.
            whole = ends_on_period(prev.text) or RECOMMENDATION_HEADING.match(text)
            if torn or (not whole and row_label(joined)):
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
