"""Rebuilding tables from text: a part's grades shared out over its rounds in order.

Where a dump writes every cell as a block of its own but not under its own label
(pdfminer groups boxes by position, so a round's grades can come after the next
round's label, inside another row's evidence, or among the labels), each grade is still
a block holding one grade, and the blocks still come top to bottom: the first round's
before the second's. When the part holds exactly ``k`` such blocks per round but its
assessment rows do not hold ``k`` each, the blocks are taken out of the rows they were
read into and given to the rounds in reading order, ``k`` a round.
"""

from __future__ import annotations

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import BlockCtx
from scrutiny_parse.segment.retable.doctext import PartText, RowText

__all__ = ["grade_blocks", "pool_grades"]

# One cell's grade, or one cell's amended grade ("2 3": struck, then current).
_CELL_GRADE = regex.compile(r"^[1-4](?:\s?[1-4])?$")


def grade_blocks(lines: list[TextLine]) -> list[tuple[int, int]]:
    """(start, end) of every block of ``lines`` that holds one cell's grade alone."""
    out: list[tuple[int, int]] = []
    start = 0
    for idx in range(len(lines) + 1):
        if idx < len(lines) and lines[idx].kind != "hard":
            continue
        texts = [ln for ln in lines[start:idx] if ln.kind == "text"]
        if len(texts) == 1 and _CELL_GRADE.match(texts[0].text):
            out.append((start, idx + 1 if idx < len(lines) else idx))
        start = idx + 1
    return out


def pool_grades(part: PartText, k: int, ctx: BlockCtx, *, boxed: bool = False) -> None:
    """Give the part's grade blocks to its assessment rows in order, ``k`` a round,
    where the rows do not already hold ``k`` each and the count adds up.

    ``boxed``: the dump writes whole boxes in its own order (pdfminer), which keeps the
    first column's boxes with the label column's: a grade block right next to a round's
    label is that round's first cell's (see :func:`_beside_labels`).
    """
    rounds = [r for r in part.rows if r.field == "assessment"]
    if not rounds:
        return
    found: list[tuple[RowText, tuple[int, int]]] = [
        (row, span) for row in part.rows for span in grade_blocks(row.lines)
    ]
    if len(found) != k * len(rounds):
        return
    held = {id(r): sum(1 for row, _ in found if row is r) for r in rounds}
    if all(held[id(r)] == k for r in rounds):
        return
    pieces = [row.lines[a:b] for row, (a, b) in found]
    order = _beside_labels(part, rounds, pieces, k) if boxed and k > 1 else None
    gone: dict[int, set[int]] = {}
    for row, (a, b) in found:
        gone.setdefault(id(row), set()).update(range(a, b))
    for row in part.rows:
        drop = gone.get(id(row), set())
        row.lines = [ln for i, ln in enumerate(row.lines) if i not in drop]
    for j, r in enumerate(rounds):
        picked = order[j] if order is not None else range(j * k, (j + 1) * k)
        mine = [ln for n in picked for ln in pieces[n]]
        r.lines = [*mine, TextLine("", "hard", r.page, -1), *r.lines]
    ctx.note(
        "assessment",
        f"{len(found)} grade blocks read apart from their rows; shared out in reading "
        f"order, {k} a round",
    )


def _beside_labels(
    part: PartText,
    rounds: list[RowText],
    pieces: list[list[TextLine]],
    k: int,
) -> list[list[int]] | None:
    """Which pooled blocks each round takes, first columns first, when a grade block
    stands right next to a round's label (the nearest text after it or before it, not
    both).

    pdfminer groups the label column with the first cells' boxes: "3" / "Three of the
    five..." / "1" / "Assessment of Progress (January 2026):" is 1 then 3, and a part
    may come column by column ("1" / "Assessment (August)" / ... / "1" / "Assessment
    (February)" / "2" / "2 3"). The rest fill the other columns in reading order.
    """
    numbers = sorted(
        ln.number for row in part.rows for ln in row.lines if ln.kind == "text" and ln.number >= 0
    )
    starts = {}
    for n, lines in enumerate(pieces):
        texts = [ln for ln in lines if ln.kind == "text"]
        if texts and texts[0].number >= 0:
            starts[texts[0].number] = n
    beside: list[int | None] = []
    for r in rounds:
        after = next((x for x in numbers if x > r.label_end), None)
        before = next((x for x in reversed(numbers) if x < r.start), None)
        sides = [starts.get(x) for x in (after, before) if x is not None]
        graded = [n for n in sides if n is not None]
        # Grades on both sides ("1" / label / "2 Face-to-face sessions...") say nothing.
        beside.append(graded[0] if len(graded) == 1 else None)
    chosen = [b for b in beside if b is not None]
    if not chosen or len(set(chosen)) != len(chosen):
        return None
    rest = iter(n for n in range(len(pieces)) if n not in set(chosen))
    order: list[list[int]] = []
    for b in beside:
        mine = [b] if b is not None else []
        while len(mine) < k:
            mine.append(next(rest))
        order.append(mine)
    return order
