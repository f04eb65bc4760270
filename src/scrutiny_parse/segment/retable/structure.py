"""Rebuilding tables from text, step 2: lines -> front matter, recommendations, parts, rows.

Labels and headings are found by :mod:`.text_labels`; a row's content is everything up
to the next label, recommendation heading or legend. Where the values were split off by
position (:mod:`.label_column`), the lines hold only the label column. Content that
extraction wrote under the wrong label is moved afterwards (:mod:`.reorder`).
"""

from __future__ import annotations

from dataclasses import replace

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cell_words import cells_words, label_key, runs_on
from scrutiny_parse.segment.retable.cells import ends_open
from scrutiny_parse.segment.retable.doctext import DocText, PartText, RecText, RowText
from scrutiny_parse.segment.retable.grades import grades_only
from scrutiny_parse.segment.retable.label_hits import LabelHit, heading_like, is_heading
from scrutiny_parse.segment.retable.legend_lines import heads_legend, legend_rests
from scrutiny_parse.segment.retable.reorder import reorder_part
from scrutiny_parse.segment.retable.text_labels import label_at, labels_without_colons
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_JOINERS,
    NUMBERED_HEADING,
    RECOMMENDATION_HEADING,
    Field,
    mentions_field_word,
)

_TERMINAL = ".!?;:"


def _pop_heading(row: RowText, values_apart: bool, before_row: RowText | None) -> str | None:
    """Take a trailing part heading off a row: " For Community" after an assessment.

    In reading order a row's only line is its content; where the values were read apart
    (a dump that kept its columns), a line left beside no label is a heading. So it is
    after an assessment whose grades were written before its label (pdfminer: "2" /
    "Assessment of Progress (March 2020):" / "For Community").
    """
    idx = [k for k, ln in enumerate(row.lines) if ln.kind == "text"]
    if not idx:
        return None
    last = idx[-1]
    line = row.lines[last]
    before = row.lines[last - 1] if last > 0 else None
    separated = before is None or before.kind != "text" or line.flow
    graded_before = (
        row.field == "assessment"
        and before_row is not None
        and before_row.field == "evidence"
        and _ends_on_grades(before_row)
    )
    if heading_like(line.text) and separated and (len(idx) > 1 or values_apart or graded_before):
        del row.lines[last:]
        return line.text
    return None


def _ends_on_grades(row: RowText) -> bool:
    """The row's last line is a grade alone ("2"), a block of its own."""
    texts = [ln for ln in row.lines if ln.kind == "text"]
    return bool(texts) and grades_only(texts[-1].text)


def _rec_heading(lines: list[TextLine], i: int, bare: bool) -> tuple[list[TextLine], int]:
    """The heading paragraph starting at ``i`` and the index just past it. A bare
    "Recommendation 4:" (its text was in the next cell) takes the next block as text."""
    out = [lines[i]]
    j = i + 1
    m = RECOMMENDATION_HEADING.match(lines[i].text)
    if m and not m["rest"].strip():
        while j < len(lines) and lines[j].kind != "text":
            j += 1
        if j < len(lines) and (is_heading(lines[j]) or label_at(lines, j, bare=bare) is not None):
            return out, j
    while j < len(lines):
        ln = lines[j]
        if ln.kind != "text" and (k := _overleaf(lines, j, out[-1])) is not None:
            j = k
            continue
        if ln.kind != "text" or ln.flow or is_heading(ln) or label_at(lines, j, bare=bare):
            break
        out.append(ln)
        j += 1
    return out, j


def _overleaf(lines: list[TextLine], j: int, last: TextLine) -> int | None:
    """Where a heading torn by a page break goes on ("...understand, and the Council" /
    the next page / "reports each year on the outcome of appeals."): the first text line
    of the next page, when the heading stopped mid-sentence and that line opens in lower
    case. None where the heading ended at ``j``."""
    k = j
    while k < len(lines) and lines[k].kind != "text":
        k += 1
    if k == len(lines) or lines[k].page == last.page or not ends_open(last.text):
        return None
    return k if lines[k].text[:1].islower() else None


def _cited(lines: list[TextLine], i: int, rec: RecText | None) -> bool:
    """A heading's words inside a cell's sentence ("...for the new monitors in" /
    "Recommendation 1."): the number goes back to a recommendation already read, and
    the line before, on the same page, runs on into it."""
    m = RECOMMENDATION_HEADING.match(lines[i].text)
    if m is None or rec is None or i == 0:
        return False
    if int(m["number"]) > rec.number and not _bare_reference(lines, i):
        return False
    return runs_on(lines, i)


def _bare_reference(lines: list[TextLine], i: int) -> bool:
    """ "...is on hold (see" / "Recommendation 5).": a reference, ahead or back, that ends
    a cell's sentence with nothing of a heading's own after the number."""
    m = RECOMMENDATION_HEADING.match(lines[i].text)
    return m is not None and not m["rest"].strip(" .,;)") and i > 0 and runs_on(lines, i)


def _numbered_headings(lines: list[TextLine], bare: bool) -> dict[int, int]:
    """Numbered paragraphs that head a recommendation ("1.  Residents should be ..."),
    by line, with their numbers: only in a document with no "Recommendation N" heading,
    where the paragraph is followed by an action's label ("Responsible Officer:"), and
    numbers rise (see :mod:`scrutiny_parse.segment.numbered`, the same rule for tables)."""
    if any(is_heading(ln) and not _bare_reference(lines, k) for k, ln in enumerate(lines)):
        return {}
    found: dict[int, int] = {}
    last = 0
    for i, ln in enumerate(lines):
        m = NUMBERED_HEADING.match(ln.text) if ln.kind == "text" else None
        if m is None or int(m["number"]) <= last:
            continue
        if i > 0 and lines[i - 1].kind == "text" and not ln.flow:
            continue  # inside a paragraph: a line that starts with a number
        j = i + 1
        while j < len(lines) and lines[j].kind == "text" and not label_at(lines, j, bare=bare):
            j += 1
        while j < len(lines) and lines[j].kind != "text":
            j += 1
        hit = label_at(lines, j, bare=bare) if j < len(lines) else None
        if hit is not None and hit.label.field in ACTION_FIELDS:
            last = found[i] = int(m["number"])
    return found


def structure(lines: list[TextLine], *, values_apart: bool = False, boxed: bool = False) -> DocText:
    """Group lines into front matter, recommendations (parts, rows) and the legend.

    ``values_apart``: the lines hold only what stands left of the value columns (the
    values were split off by position), so rows carry no content lines of their own.
    ``boxed``: the dump writes whole boxes in its own order (see :func:`.reorder_part`).
    """
    doc = DocText()
    lines = list(lines)  # a label's torn rest is taken off a line: edits stay here
    bare = labels_without_colons(lines)
    numbered = _numbered_headings(lines, bare)
    rec: RecText | None = None
    row: RowText | None = None
    skip: set[int] = set()
    # The labels the document has used, by field, as written.
    seen: dict[Field, set[str]] = {}
    i = 0
    while i < len(lines):
        ln = lines[i]
        if i in skip:
            i += 1
            continue
        if (is_heading(ln) or i in numbered) and not _cited(lines, i, rec):
            start = i
            heading, i = _rec_heading(lines, i, bare)
            m = RECOMMENDATION_HEADING.match(heading[0].text)
            number = int(m["number"]) if m else numbered.get(start, 0)
            again = _repeats(rec, heading) if rec is not None and number == rec.number else 0
            if again:
                # The table's heading row again at the top of the next page: the row
                # goes on after it ("Recommendation 1: ..." / "dementia." / the rest of
                # the torn label).
                i = start + again
                continue
            rec = RecText(number, heading, parts=[PartText(None, page=ln.page)])
            # "...supported in the" / "workplace." / "For Carers" / "Responsibility": the
            # heading's last line is a sub-part heading when the sentence ended before it.
            if (
                len(heading) > 1
                and heading_like(heading[-1].text)
                and heading[-2].text[-1:] in _TERMINAL
            ):
                rec.parts[0].heading = heading.pop().text
            doc.recs.append(rec)
            row = None
            continue
        current = row.field if row is not None else None
        hit = (
            label_at(lines, i, current, bare=bare)
            if ln.kind == "text" and rec is not None
            else None
        )
        if hit is not None and heads_legend(hit, lines):
            # "Assessment of Progress:" over "1 Fully Achieved" / "2 On-Track": no round.
            hit = replace(hit, label=replace(hit.label, field="legend"))
        if (
            hit is not None
            and rec is not None
            and row is not None
            and cells_words(hit, rec, row, lines, i, seen, values_apart=values_apart)
        ):
            # "Officers have continued to" / "use the two existing" / "cameras:" names
            # a field, but would restart the block under words the document never used
            # for that label: a cell's sentence.
            row.lines.extend(lines[i : hit.end + 1])
            i = hit.end + 1
            continue
        if hit is not None and rec is not None:
            seen.setdefault(hit.label.field, set()).add(label_key(hit.text))
            if hit.label.field == "legend":
                doc.legend_label = hit.text
                doc.legend_page = ln.page
                doc.legend_start = ln.number
                rest = [TextLine(hit.rest, "text", ln.page, ln.number)] if hit.rest else []
                after = lines[hit.end + 1 :]
                back = legend_rests(after) if row is not None else 0
                if row is not None:
                    row.lines.extend(after[:back])
                doc.legend = rest + after[back:]
                break
            row = _start_row(rec, row, hit, ln, lines[hit.end].number, values_apart)
            if hit.rest and hit.end == i:
                _drop_label_rest(lines, i, hit, seen.get(hit.label.field, set()))
            skip.update(hit.skip)
            if hit.tail:
                last = hit.skip[-1]
                skip.discard(last)
                lines[last] = replace(lines[last], text=hit.tail)
            i = hit.end + 1
            continue
        if rec is None:
            doc.front.append(ln)
        elif row is not None:
            row.lines.append(ln)
        else:
            rec.intro.append(ln)
        i += 1
    for r in doc.recs:
        _values_before_labels(r)
        _intro_heading(r)
        for part in r.parts:
            reorder_part(part, boxed=boxed)
    return doc


def _repeats(rec: RecText, heading: list[TextLine]) -> int:
    """How many of ``heading``'s lines repeat the recommendation's own heading, when
    its first line does (on a later page); 0 otherwise."""
    first = rec.heading[0] if rec.heading else None
    if first is None or heading[0].text != first.text or heading[0].page <= first.page:
        return 0
    n = 0
    for mine, again in zip(rec.heading, heading, strict=False):
        if mine.text != again.text:
            break
        n += 1
    return n


def _drop_label_rest(lines: list[TextLine], i: int, hit: LabelHit, used: set[str]) -> None:
    """A label cell wrapped beside its values: "Success More recipients use..." /
    "Measure(s) than a PA or an agency". The next line's first words finish the label
    when label and words are a wording the document has used for that field; they are
    taken off the value."""
    for k in range(i + 1, min(i + 4, len(lines))):
        ln = lines[k]
        if ln.kind != "text":
            continue
        words = ln.text.split()
        for n in range(min(3, len(words) - 1), 0, -1):
            rest = words[:n]
            if not all(mentions_field_word(w) or w.lower() in LABEL_JOINERS for w in rest):
                continue  # "Timescale" / "Ongoing April 2024": a value, not the label
            if label_key(f"{hit.text.rstrip(':')} {' '.join(rest)}") in used:
                lines[k] = replace(ln, text=" ".join(words[n:]))
                break
        return


def _start_row(
    rec: RecText,
    row: RowText | None,
    hit: LabelHit,
    ln: TextLine,
    end_number: int,
    values_apart: bool,
) -> RowText:
    fld = hit.label.field
    part = rec.parts[-1]
    seen = {r.field for r in part.rows}
    if fld in ACTION_FIELDS and fld in seen and row is not None and row.field != fld:
        # The block's rows start again: a sub-part ("For Community") or a repeated block.
        before_row = part.rows[-2] if len(part.rows) > 1 else None
        rec.parts.append(PartText(_pop_heading(row, values_apart, before_row), page=ln.page))
    rest = [TextLine(hit.rest, "text", ln.page, ln.number)] if hit.rest else []
    new = RowText(
        fld, hit.label.period, hit.text, rest, ln.page, bool(hit.rest), ln.number, end_number
    )
    rec.parts[-1].rows.append(new)
    return new


def _values_before_labels(rec: RecText) -> None:
    """Blocks between the heading and stacked labels are the labels' values.

    pdfminer may write a table's first values before its label boxes: "Lorraine Dixon
    Digital Services Group" / "January 2019 / ongoing" / "March 2019", then
    "Responsibility:" / "Date:" / "Agreed Action:", then the rest. Two blocks or more
    are no sub-part heading; they go to the first row that holds lines, for the stacked
    labels before it to share out (see :mod:`.reorder`).
    """
    rows = rec.parts[0].rows
    texts = [ln for ln in rec.intro if ln.kind == "text"]
    if not rows or any(ln.kind == "text" for ln in rows[0].lines) or not texts:
        return
    blocks = sum(
        1
        for n, ln in enumerate(rec.intro)
        if ln.kind == "text" and (n == 0 or rec.intro[n - 1].kind != "text")
    )
    target = next((r for r in rows if any(ln.kind == "text" for ln in r.lines)), None)
    if blocks < 2 or target is None:
        return
    target.lines = [*rec.intro, TextLine("", "hard", texts[-1].page, -1), *target.lines]
    rec.intro = []


def _intro_heading(rec: RecText) -> None:
    """A short last line between heading and first row names the first sub-part."""
    texts = [ln for ln in rec.intro if ln.kind == "text"]
    if rec.parts[0].heading is None and texts and heading_like(texts[-1].text):
        rec.parts[0].heading = texts[-1].text
        rec.intro = rec.intro[: rec.intro.index(texts[-1])]
