"""Rebuilding tables from text: how many value columns a block of rows has.

Nothing in a text dump says how many cells a row had, but every row of a block gives a
clue, and the clues are combined as weighted votes:

* the grades on the assessment row ("1 3" then "3": three cells; "2 2 3": three);
* the values on the Date row ("April 2019 September 2019 September 2019": three);
* the people on the Responsibility row;
* the text blocks of Agreed Action, Success Measure and Evidence (one per cell);
* the width of wrapped text: a cell's lines are about as long as its column is wide, so
  the page width divided by the line length estimates the column count.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from scrutiny_parse.segment.retable.cells import CELL_PAD, Chunk, chunks_of
from scrutiny_parse.segment.retable.doctext import DocText, PartText
from scrutiny_parse.segment.retable.grade_pool import grade_blocks
from scrutiny_parse.segment.retable.grades import grade_count, may_be_amended, row_grades
from scrutiny_parse.segment.retable.values import split_dates, split_people
from scrutiny_parse.vocabulary import Field

_MAX_COLUMNS = 6
_TEXT_WEIGHT: dict[Field, float] = {"action": 2.0, "success_measure": 1.5, "evidence": 1.0}


def _wrapped(chunks: list[Chunk]) -> list[int]:
    """Widths of chunks long enough to have wrapped (three lines or more), without URLs."""
    out = []
    for c in chunks:
        texts = [ln.text for ln in c.texts if "://" not in ln.text]
        if len(texts) >= 3:
            out.append(max(len(t) for t in texts))
    return out


def full_width(doc: DocText) -> float:
    """The width, in characters, of a one-column value cell: the widest wrapped text in
    the tables, or nine tenths of the widest recommendation heading line (which spans the
    label column too), whichever is larger."""
    widths: list[int] = []
    heading = 0
    for rec in doc.recs:
        heading = max([heading, *(len(ln.text) for ln in rec.heading)])
        for part in rec.parts:
            for row in part.rows:
                widths.extend(_wrapped(chunks_of(row.lines)))
    widths.sort()
    p90 = widths[int(0.9 * (len(widths) - 1))] if widths else 0
    return float(max(p90, 0.9 * heading, 20))


def _clean_dates(c: Chunk) -> int:
    """How many dates a block holds side by side: 1 unless they cut cleanly."""
    split = split_dates(" ".join(ln.text for ln in c.texts))
    return len(split.values) if split.values and not split.guessed else 1


def column_votes(part: PartText, page_width: float, interleaved: bool) -> dict[int, float]:
    """Weighted votes for the number of value columns of one block."""
    votes: dict[int, float] = defaultdict(float)

    def vote(n: int, weight: float) -> None:
        if 1 <= n <= _MAX_COLUMNS:
            votes[n] += weight

    wrapped: list[int] = []
    counts = [
        n
        for row in part.rows
        if row.field == "assessment" and (n := grade_count(chunks_of(row.lines)))
    ]
    before: list[str] = []  # the last round's grades
    for row in part.rows:
        chunks = chunks_of(row.lines)
        if not chunks:
            continue
        if row.field == "assessment":
            n = grade_count(chunks)
            tokens = row_grades(chunks)
            if counts and n > min(counts) and may_be_amended(tokens, before):
                # "2" then "2 3": two cells, or the one cell's 2 struck to 3.
                vote(n, 1.5)
                vote(n - 1, 1.5)
            else:
                vote(n, 3.0)
            before = tokens or before
        elif row.field in ("date", "responsibility"):
            weight = 2.0 if row.field == "date" else 1.5
            if row.field == "date" and (len(chunks) > 1 or not interleaved):
                # Dates cut cleanly even where cells share a line ("March 2022 June 2022
                # April 2022 – March" / "2023" then "Ongoing": four cells).
                n = sum(_clean_dates(c) for c in chunks)
            elif len(chunks) > 1 or not interleaved:
                n = len(chunks)
            else:
                text = " ".join(ln.text for ln in chunks[0].texts)
                split = split_dates(text) if row.field == "date" else split_people(text)
                n = len(split.values)
            vote(n, weight if n > 1 else 0.4)
        else:
            weight = _TEXT_WEIGHT.get(row.field, 1.0)
            primaries = [c for i, c in enumerate(chunks) if i == 0 or not c.lower]
            n = len(primaries)
            vote(n, weight if n > 1 else weight / 2)
            wrapped.extend(_wrapped(chunks))
    if wrapped:
        est = round(page_width / (statistics.median(wrapped) + CELL_PAD))
        vote(max(1, est), 3.0)
    # Grade blocks wherever they were read, shared over the rounds (see .grade_pool).
    rounds = sum(1 for row in part.rows if row.field == "assessment")
    pooled = sum(len(grade_blocks(row.lines)) for row in part.rows)
    if rounds and pooled and pooled % rounds == 0:
        vote(pooled // rounds, 2.0)
    return dict(votes)


def decide_columns(
    part: PartText, page_width: float, interleaved: bool
) -> tuple[int, dict[int, float]]:
    """The block's column count: the best-voted, ties going to the grades' count."""
    votes = column_votes(part, page_width, interleaved)
    if not votes:
        return 1, votes
    grades = next(
        (grade_count(chunks_of(r.lines)) for r in part.rows if r.field == "assessment"), 0
    )
    best = max(votes, key=lambda n: (votes[n], n == grades, -n))
    return best, votes


def column_width(part: PartText, k: int, page_width: float) -> float:
    """The typical width of one column of the block: the median wrapped chunk width of
    its multi-line rows, or the page width shared out."""
    widths: list[int] = []
    for row in part.rows:
        if row.field in _TEXT_WEIGHT:
            widths.extend(_wrapped(chunks_of(row.lines)))
    if k > 1 and widths:
        return float(statistics.median(widths))
    return page_width / k - CELL_PAD
