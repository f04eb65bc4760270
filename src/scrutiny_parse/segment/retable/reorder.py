"""Rebuilding tables from text, step 2b: content moved to the row it belongs to.

Extraction does not always write a row's content under its own label: labels stacked
before their values (pdfminer), grades written before the assessment's label, the rests
of cells a page break cut coming after the next row's label. Each function here moves
lines between the rows of one part; the rows themselves come from :mod:`.structure`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import starts_lower
from scrutiny_parse.segment.retable.doctext import PartText, RowText
from scrutiny_parse.segment.retable.grades import grade_line, grades_only
from scrutiny_parse.segment.retable.legend_lines import GRADES_ALONE
from scrutiny_parse.segment.retable.values import names_someone, only_dates
from scrutiny_parse.vocabulary import ACTION_FIELDS, Field

__all__ = ["reorder_part"]


def reorder_part(part: PartText, *, boxed: bool = False) -> None:
    """Every move, in order, on one part's rows; ``boxed``: the dump writes whole boxes
    in its own order (pdfminer)."""
    _unstack_run(part)
    _unstack(part)
    _unstack_assessment(part, boxed)
    _orphan_grades(part)
    _evidence_rests(part)
    _lower_after_grades(part)


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


def _unstack_assessment(part: PartText, boxed: bool) -> None:
    """An assessment's label stacked on the next round's: its grades come after both.

    pdfminer may write "Progress Assessment (November 2024)" and "Progress to date (May
    2025)" back to back, then the rest of November's evidence, November's grades "2"
    "2", then May's evidence: the next row's lines up to the end of its first run of
    grade blocks are the assessment's (the text before the grades then goes back to the
    evidence, see :func:`_evidence_rests`). In a dump of boxes, not when the round's
    evidence row is empty too: under three labels stacked ("Evidence (March 2021)" /
    "Assessment (March 2021)" / "Evidence (September 2021)") the boxes need not come in
    reading order (the next round's evidence may come before the grades), so the grade
    blocks are shared out instead (:mod:`.grade_pool`)."""
    rows = part.rows
    for n, (a, b) in enumerate(itertools.pairwise(rows)):
        if a.field != "assessment" or _texts(a.lines) or b.field == "assessment":
            continue
        if boxed and n and rows[n - 1].field == "evidence" and not _texts(rows[n - 1].lines):
            continue
        idx = _first_grade(b.lines)
        if idx is None:
            continue
        end = idx
        for block in _blocks(b.lines[idx:]):
            # "23" is one cell's amended grade printed without a space.
            if not grades_only(_texts(block)[0].text) or len(_texts(block)) > 1:
                break
            end += len(block)
        a.lines, b.lines = b.lines[:end], b.lines[end:]


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
            if len(chunks) <= j - i:
                # pdftotext may write the values with no empty line between cells.
                chunks = _sentence_blocks(rows[j].lines)
            if len(chunks) > j - i:
                taken: list[list[TextLine]] = []
                for row in rows[i:j]:
                    if row.field == "date" and rows[j].field in ACTION_FIELDS:
                        dated = _dates_anywhere(chunks, j - i)
                        if dated is not None:
                            taken.append([ln for chunk in dated for ln in chunk])
                            chunks = [c for c in chunks if not any(c is d for d in dated)]
                            continue
                    n = 1
                    fits = _FITS.get(row.field)
                    if fits is not None:
                        # One block per column: "December 2024" / "March 2025" /
                        # "Ongoing" all go to the date row, officers to theirs.
                        while n < len(chunks) - (j - i) and fits(_joined(chunks[n])):
                            n += 1
                    taken.append([ln for chunk in chunks[:n] for ln in chunk])
                    chunks = chunks[n:]
                for row, lines in zip(rows[i:j], taken, strict=True):
                    row.lines = lines
                rows[j].lines = [ln for chunk in chunks for ln in chunk]
        i = j + 1


_STACKABLE: frozenset[Field] = frozenset({*ACTION_FIELDS, "evidence"})


def _dates_anywhere(chunks: list[list[TextLine]], labels: int) -> list[list[TextLine]] | None:
    """Every block of dates alone, wherever it stands, when the date label is stacked on
    an action field's: pdfminer may write each column's date box before its action's
    ("September 2024" / "Reopen Eastfield..." / "April 2024" / "Fund two..."), and no
    action, officer or measure is a date alone. None unless the first block is one."""
    if not chunks or not only_dates(_joined(chunks[0])):
        return None
    dated = [c for c in chunks if only_dates(_joined(c))]
    if len(chunks) - len(dated) < labels:
        return None
    return dated


def _an_officer(text: str) -> bool:
    """A short block naming a person or a post ("Communications Team")."""
    return len(text.split()) <= _OFFICER_WORDS and names_someone(text) and not only_dates(text)


_OFFICER_WORDS = 8
_FITS = {"date": only_dates, "responsibility": _an_officer}


def _joined(block: list[TextLine]) -> str:
    return " ".join(ln.text for ln in block if ln.kind == "text")


def _sentence_blocks(lines: list[TextLine]) -> list[list[TextLine]]:
    """Blocks cut finer, where cells written one under the other with no empty line
    between must end: around a line of dates alone ("December 2021" after the officer's
    name) and after a line that ends a sentence before one that opens with a capital.
    Only for values that stacked labels share out, the last label keeping the rest."""
    out: list[list[TextLine]] = [[]]
    for ln in lines:
        if ln.kind != "text":
            out[-1].append(ln)
            continue
        prev = out[-1][-1] if out[-1] and out[-1][-1].kind == "text" else None
        if prev is not None and (
            only_dates(ln.text)
            or only_dates(prev.text)
            or (prev.text[-1:] in ".!?" and ln.text[:1].isupper())
        ):
            out.append([])
        out[-1].append(ln)
    return [b for b in out if any(x.kind == "text" for x in b)]


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
    """Blocks opening an assessment row before its first grade go back to its round's
    evidence: an assessment cell opens with its grade, so text read before every grade
    is some other row's.

    At a page break the label column is read first: "Progress Rating (October 2024):"
    comes before the rests of the evidence cells the break cut ("housing service" /
    "and with the four...") and then the grades; pdfminer reads a column of boxes
    ("Monthly reporting started in November 2020.") before the grades beside it. A row
    with no grade at all keeps only its capitalised blocks (explanations of a round
    not graded yet).
    """
    for row, evidence in _assessments_with_evidence(part):
        graded = _first_grade(row.lines) is not None
        cut = 0
        for block in _blocks(row.lines):
            first = _texts(block)[0].text
            if grade_line(first, True) is not None or not (graded or starts_lower(first)):
                break
            cut += len(block)
        if cut:
            evidence.lines = [*evidence.lines, TextLine("", "hard", 0, -1), *row.lines[:cut]]
            row.lines = row.lines[cut:]


def _assessments_with_evidence(part: PartText) -> Iterator[tuple[RowText, RowText]]:
    """Each assessment row with its round's evidence row, where that has text."""
    for row in part.rows:
        if row.field != "assessment":
            continue
        evidence = next(
            (r for r in part.rows if r.field == "evidence" and r.period == row.period), None
        )
        if evidence is not None and _texts(evidence.lines):
            yield row, evidence


def _lower_after_grades(part: PartText) -> None:
    """A block in lower case right after a bare grade goes to its round's evidence: an
    explanation starts with a capital, so "1" / "premier parks: every 10 working days"
    continues an evidence cell ("...updated every Monday:") whose rest the dump wrote
    past the assessment's label."""
    for row, evidence in _assessments_with_evidence(part):
        blocks = _blocks(row.lines)
        moved: list[TextLine] = []
        kept: list[TextLine] = []
        for prev, block in zip([None, *blocks], blocks, strict=False):
            texts = _texts(block)
            if (
                prev is not None
                and len(_texts(prev)) == 1
                and grades_only(_texts(prev)[0].text)
                and starts_lower(texts[0].text)
            ):
                moved.extend([*block, TextLine("", "hard", 0, -1)])
            else:
                kept.extend(block)
        if moved:
            evidence.lines = [*evidence.lines, TextLine("", "hard", 0, -1), *moved]
            row.lines = kept


def _last_grade_block(lines: list[TextLine]) -> int:
    """Index of the last block-opening line that holds only grades, or ``len(lines)``."""
    for idx in range(len(lines) - 1, 0, -1):
        ln = lines[idx]
        if ln.kind == "text" and lines[idx - 1].kind == "hard" and GRADES_ALONE.match(ln.text):
            return idx
    return len(lines)
