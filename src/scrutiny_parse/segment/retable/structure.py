"""Plain-text reader, step 2: clean lines -> front matter, recommendations, parts, rows.

Labels are found by meaning with :func:`scrutiny_parse.segment.labels.classify`, tolerant
of how extraction wrapped them: "Agreed Success" / "Measure:" (the seed),
"Responsibility" / ":" or "Evidence of" / "Progress" / "(March" / "2021):" (LibreOffice
PDFs), or with the value on the same line ("Date: April 2019 September 2019"). A row's
content is everything up to the next label, recommendation heading or legend.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.labels import Label, classify
from scrutiny_parse.segment.retable.grades import grade_line
from scrutiny_parse.vocabulary import (
    ACTION_FIELDS,
    LABEL_LEAD_WORDS,
    PLACEHOLDER,
    RECOMMENDATION_HEADING,
    ROUND_FIELDS,
    Field,
    looks_like_part_heading,
)

_WANTED: frozenset[Field] = frozenset({*ACTION_FIELDS, *ROUND_FIELDS, "legend"})
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


@dataclass(frozen=True)
class LabelHit:
    """A label found in the lines: what it names, as written, where it ends."""

    label: Label
    text: str
    end: int
    rest: str
    # Lines further on that finish a label torn apart by its row's content.
    skip: tuple[int, ...] = ()


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
    if not words or len(words) > 9 or len(head.split()) > 5:
        return None
    text = " ".join(words) + ":"
    label = classify(text)
    if label is None or label.field not in _WANTED:
        return None
    return LabelHit(label, text, end, PLACEHOLDER.sub("", rest).strip())


def label_at(
    lines: list[TextLine], i: int, current: Field | None = None, *, bare: bool = False
) -> LabelHit | None:
    """The row label starting at line ``i`` (possibly wrapped over lines), or None.

    With ``bare``, the document writes its labels without colons, and a block of short
    lines that names a field is a label; ``current`` is the field of the row being read:
    a block that names it again is that row's value, not a new row.
    """
    first = lines[i]
    if first.kind == "text" and ":" not in first.text:
        # "Key to Progress Gradings": the legend's heading names itself, colon or not.
        legend = classify(first.text)
        if legend is not None and legend.field == "legend":
            return LabelHit(legend, first.text, i, "")
    pieces: list[str] = []
    for j in range(i, min(i + 7, len(lines))):
        ln = lines[j]
        if ln.kind != "text" or (j > i and ln.flow):
            if not pieces:
                return None
            hit = _resume(lines, j, pieces, j - 1)
            if hit is None and bare:
                hit = _bare_label(pieces, j - 1, current)
            return hit
        head, colon, rest = ln.text.partition(":")
        if not colon:
            if not _piece_ok(ln.text, first=j == i):
                return None
            pieces.append(ln.text)
            continue
        if not pieces and not head[:1].isupper():
            return None
        return _make_hit(pieces, head, j, rest)
    return None


_RESUME_SPAN = 20
_JOINERS = frozenset("of and for to be the by in".split())  # noqa: SIM905


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
    if last in _JOINERS or text.count("(") > text.count(")"):
        return None
    hit = _make_hit(pieces[:-1], pieces[-1], end, "")
    if hit is None or hit.label.field == current or hit.label.field == "legend":
        return None
    return hit


def _resume(lines: list[TextLine], j: int, pieces: list[str], end: int) -> LabelHit | None:
    """The rest of a label that the row's content interrupted.

    pdftotext on LibreOffice PDFs writes "Assessment of", then the grades "2" / "2", then
    "Progress" / "(March" / "2020):" on the next page: the label's remaining lines start
    a block further on, right after an empty line or a page break.
    """
    last = pieces[-1]
    open_end = last.split()[-1].lower() in _JOINERS or last.count("(") > last.count(")")
    if not open_end and not all(w.lower() in LABEL_LEAD_WORDS for p in pieces for w in p.split()):
        open_end = classify(" ".join(pieces) + ":") is None
    for s in range(j, min(j + _RESUME_SPAN, len(lines))):
        ln = lines[s]
        prev = lines[s - 1]
        if ln.kind != "text" or (prev.kind == "text" and prev.page == ln.page):
            continue
        if is_heading(ln):
            return None
        # "Assessment of" ... "Progress": the label was left open; "Officer(s)" ...
        # "responsible:": the rest cannot start a label of its own.
        if not open_end and not (ln.text[:1].islower() or ln.text[:1] in "(0123456789"):
            continue
        more: list[str] = []
        for t in range(s, min(s + 5, len(lines))):
            piece = lines[t]
            if piece.kind != "text":
                break
            head, colon, rest = piece.text.partition(":")
            if not colon:
                if not _piece_ok(piece.text, first=False):
                    break
                more.append(piece.text)
                continue
            hit = None if rest.strip() else _make_hit([*pieces, *more], head, end, "")
            if hit is not None:
                return LabelHit(hit.label, hit.text, end, "", tuple(range(s, t + 1)))
            break
    return None


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
        if hit is not None and rec is not None:
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
            _unstack(part)
            _orphan_grades(part)
    return doc


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
        if cut < len(row.lines) and _texts(row.lines[:cut]):
            target.lines = [*row.lines[cut:], TextLine("", "hard", 0, -1), *target.lines]
            row.lines = row.lines[:cut]


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
