"""Rebuilding tables from text, step 2: lines -> front matter, recommendations, parts, rows.

Labels and headings are found by :mod:`.text_labels`; a row's content is everything up
to the next label, recommendation heading or legend. Where the values were split off by
position (:mod:`.label_column`), the lines hold only the label column.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import starts_lower
from scrutiny_parse.segment.retable.grades import grade_line
from scrutiny_parse.segment.retable.text_labels import (
    LabelHit,
    heading_like,
    is_heading,
    label_at,
    labels_without_colons,
)
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    RECOMMENDATION_HEADING,
    Field,
)

_TERMINAL = ".!?;:"


@dataclass
class RowText:
    """One labelled row: its label as written and the lines of its value cells."""

    field: Field
    period: str | None
    label: str
    lines: list[TextLine]
    page: int
    # The value began on the label's own line ("Date: April 2019 September 2019").
    inline: bool = False
    # Source line numbers of the label's first and last lines.
    start: int = -1
    label_end: int = -1


@dataclass
class PartText:
    """Rows sharing one column layout, under an optional sub-part heading."""

    heading: str | None
    rows: list[RowText] = field(default_factory=list)
    page: int = 1


@dataclass
class RecText:
    """A recommendation: its heading lines, lines before its first row, its parts."""

    number: int
    heading: list[TextLine]
    intro: list[TextLine] = field(default_factory=list)
    parts: list[PartText] = field(default_factory=list)


@dataclass
class DocText:
    """The dump's structure: front matter, recommendations, and the grading legend."""

    front: list[TextLine] = field(default_factory=list)
    recs: list[RecText] = field(default_factory=list)
    legend_label: str | None = None
    legend: list[TextLine] = field(default_factory=list)
    legend_page: int = 1
    # Source line number of the legend's label.
    legend_start: int = -1

    @property
    def interleaved(self) -> bool:
        """Whether one-line rows come with their cells side by side on the label's line
        (the seed: "Responsibility: Lorraine Dixon Digital Services Group") rather than
        one cell per block under a label of its own (pdftotext on LibreOffice PDFs)."""
        rows = [
            r
            for rec in self.recs
            for part in rec.parts
            for r in part.rows
            if r.field in ("responsibility", "date")
        ]
        return bool(rows) and sum(r.inline for r in rows) * 2 >= len(rows)


def _pop_heading(row: RowText, values_apart: bool) -> str | None:
    """Take a trailing part heading off a row: " For Community" after an assessment.

    In reading order a row's only line is its content; where the values were read apart
    (a dump that kept its columns), a line left beside no label is a heading.
    """
    idx = [k for k, ln in enumerate(row.lines) if ln.kind == "text"]
    if not idx:
        return None
    last = idx[-1]
    line = row.lines[last]
    before = row.lines[last - 1] if last > 0 else None
    separated = before is None or before.kind != "text" or line.flow
    if heading_like(line.text) and separated and (len(idx) > 1 or values_apart):
        del row.lines[last:]
        return line.text
    return None


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
        if ln.kind != "text" or ln.flow or is_heading(ln) or label_at(lines, j, bare=bare):
            break
        out.append(ln)
        j += 1
    return out, j


def structure(lines: list[TextLine], *, values_apart: bool = False) -> DocText:
    """Group lines into front matter, recommendations (parts, rows) and the legend.

    ``values_apart``: the lines hold only what stands left of the value columns (the
    values were split off by position), so rows carry no content lines of their own.
    """
    doc = DocText()
    bare = labels_without_colons(lines)
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
        if is_heading(ln):
            heading, i = _rec_heading(lines, i, bare)
            m = RECOMMENDATION_HEADING.match(heading[0].text)
            number = int(m["number"]) if m else 0
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
        if hit is not None and rec is not None and row is not None and _odd_restart(hit, rec, seen):
            # "Officers have continued to" / "use the two existing" / "cameras:" names
            # a field, but would restart the block under words the document never used
            # for that label: a cell's sentence.
            row.lines.extend(lines[i : hit.end + 1])
            i = hit.end + 1
            continue
        if hit is not None and rec is not None:
            seen.setdefault(hit.label.field, set()).add(_label_key(hit.text))
            if hit.label.field == "legend":
                doc.legend_label = hit.text
                doc.legend_page = ln.page
                doc.legend_start = ln.number
                rest = [TextLine(hit.rest, "text", ln.page, ln.number)] if hit.rest else []
                doc.legend = rest + lines[hit.end + 1 :]
                break
            row = _start_row(rec, row, hit, ln, lines[hit.end].number, values_apart)
            skip.update(hit.skip)
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
        _intro_heading(r)
        for part in r.parts:
            _unstack_run(part)
            _unstack(part)
            _orphan_grades(part)
            _evidence_rests(part)
    return doc


def _label_key(text: str) -> str:
    return " ".join(text.rstrip(":").casefold().split())


def _odd_restart(hit: LabelHit, rec: RecText, seen: dict[Field, set[str]]) -> bool:
    """A label that would start the block's rows again, longer than any the document has
    used for that field (a document writes its labels the same way each time; a page
    break may tear one shorter: "Officer(s)" ... "responsible:")."""
    fld = hit.label.field
    restarts = fld in ACTION_FIELDS and any(r.field == fld for r in rec.parts[-1].rows)
    used = seen.get(fld)
    if not restarts or not used:
        return False
    key = _label_key(hit.text)
    return key not in used and len(key.split()) > max(len(u.split()) for u in used)


def _texts(lines: list[TextLine]) -> list[TextLine]:
    return [ln for ln in lines if ln.kind == "text"]


def _first_grade(lines: list[TextLine]) -> int | None:
    """Index of the first line that opens a block with a grade ("2", "1 3")."""
    for idx, ln in enumerate(lines):
        start = idx == 0 or lines[idx - 1].kind == "hard"
        if ln.kind == "text" and grade_line(ln.text, start) is not None and start:
            return idx
    return None


def _unstack(part: PartText) -> None:
    """Labels written one under the other, contents after both.

    pdftotext on LibreOffice PDFs may write "Evidence of Progress (March 2020):" and
    "Assessment of Progress (March 2020):" back to back, then the evidence, then the
    grades: the assessment's lines up to its first grade are the evidence's.
    """
    for a, b in itertools.pairwise(part.rows):
        if a.field == "evidence" and b.field == "assessment" and not _texts(a.lines):
            idx = _first_grade(b.lines)
            if idx:
                a.lines, b.lines = b.lines[:idx], b.lines[idx:]


def _unstack_run(part: PartText) -> None:
    """Several labels written one under the other, then their contents in order.

    pdfminer groups a table's label cells into one column of boxes and its values into
    another, so "Responsible Officer:" / "Completion Date:" / "Agreed Action(s):" /
    "Evidence of Progress (March 2024):" come first and the values after the last. With
    no column count known yet, each stacked label takes one text block, in order, and
    the last label keeps the rest (short fields are one paragraph; evidence runs on).
    """
    rows = part.rows
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j].field in _STACKABLE and not _texts(rows[j].lines):
            j += 1
        if j > i and j < len(rows) and rows[j].field in _STACKABLE:
            chunks = _blocks(rows[j].lines)
            if len(chunks) > j - i:
                for row, chunk in zip(rows[i:j], chunks, strict=False):
                    row.lines = chunk
                rows[j].lines = [ln for chunk in chunks[j - i :] for ln in chunk]
        i = j + 1


_STACKABLE: frozenset[Field] = frozenset({*ACTION_FIELDS, "evidence"})


def _blocks(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines cut at empty lines into blocks, each block ending with its empty line."""
    out: list[list[TextLine]] = [[]]
    for ln in lines:
        out[-1].append(ln)
        if ln.kind == "hard" and any(x.kind == "text" for x in out[-1]):
            out.append([])
    return [b for b in out if any(x.kind == "text" for x in b)]


def _orphan_grades(part: PartText) -> None:
    """Grades at the end of an evidence row whose assessment row holds none: they are the
    assessment's, its label written further on."""
    for row in part.rows:
        if row.field != "evidence":
            continue
        target = next(
            (
                r
                for r in part.rows
                if r.field == "assessment" and r.period == row.period and r is not row
            ),
            None,
        )
        if target is None or _first_grade(target.lines) is not None:
            continue
        cut = len(row.lines)
        for idx in range(len(row.lines) - 1, -1, -1):
            ln = row.lines[idx]
            if ln.kind != "text":
                continue
            if grade_line(ln.text, False) is None:
                break
            cut = idx
        if cut == len(row.lines) and not _texts(target.lines):
            # "2" / "The pandemic limited face-to-face work...": the grade and its
            # explanation, whose label came after them (pdfminer's order); the block
            # that opens with the last bare grade starts the assessment.
            cut = _last_grade_block(row.lines)
        if cut < len(row.lines) and _texts(row.lines[:cut]):
            target.lines = [*row.lines[cut:], TextLine("", "hard", 0, -1), *target.lines]
            row.lines = row.lines[:cut]


def _evidence_rests(part: PartText) -> None:
    """Lower-case blocks opening an assessment row, before its first grade, go back to
    its round's evidence.

    At a page break the label column is read first: "Progress Rating (October 2024):"
    comes before the rests of the evidence cells the break cut ("housing service" /
    "and with the four...") and then the grades. Where the assessment's label is on a
    later page than the evidence's, every block before its first grade is such a rest.
    """
    for row in part.rows:
        if row.field != "assessment":
            continue
        evidence = next(
            (r for r in part.rows if r.field == "evidence" and r.period == row.period), None
        )
        if evidence is None or not _texts(evidence.lines):
            continue
        # Across a page break, any text before the first grade is a rest: the grades
        # head their cells.
        crossed = evidence.page < row.page and _first_grade(row.lines) is not None
        cut = 0
        for block in _blocks(row.lines):
            first = _texts(block)[0].text
            if grade_line(first, True) is not None or not (crossed or starts_lower(first)):
                break
            cut += len(block)
        if cut:
            evidence.lines = [*evidence.lines, TextLine("", "hard", 0, -1), *row.lines[:cut]]
            row.lines = row.lines[cut:]


def _last_grade_block(lines: list[TextLine]) -> int:
    """Index of the last block-opening line that holds only grades, or ``len(lines)``."""
    for idx in range(len(lines) - 1, 0, -1):
        ln = lines[idx]
        if ln.kind == "text" and lines[idx - 1].kind == "hard" and _GRADES_ALONE.match(ln.text):
            return idx
    return len(lines)


_GRADES_ALONE = regex.compile(r"^[1-4](?:\s+[1-4])*$")


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
        rec.parts.append(PartText(_pop_heading(row, values_apart), page=ln.page))
    rest = [TextLine(hit.rest, "text", ln.page, ln.number)] if hit.rest else []
    new = RowText(
        fld, hit.label.period, hit.text, rest, ln.page, bool(hit.rest), ln.number, end_number
    )
    rec.parts[-1].rows.append(new)
    return new


def _intro_heading(rec: RecText) -> None:
    """A short last line between heading and first row names the first sub-part."""
    texts = [ln for ln in rec.intro if ln.kind == "text"]
    if rec.parts[0].heading is None and texts and heading_like(texts[-1].text):
        rec.parts[0].heading = texts[-1].text
        rec.intro = rec.intro[: rec.intro.index(texts[-1])]
