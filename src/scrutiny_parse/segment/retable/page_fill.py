"""Rebuilding tables from text: cells that cross a page fill it, so cut blocks that
hold several of them.

A row broken across pages is written cell by cell: each cell's lines on the first page,
then each cell's rest on the next. A cell that goes on is cut by the page's bottom edge,
so every such cell has about as many lines on the first page as the others that go on,
and a cell that ends there has no more. Where a dump marks no boundary between an
unfinished cell and the next one (pypdf writes neither an empty line nor a closing
sentence there: "...no report is passed between" / "95% of people reporting ..."), the
first page's blocks are fewer than the columns; they are cut where the unfinished
pieces come out of equal height.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise
from math import comb

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import Chunk, ends_open, starts_lower

__all__ = ["cut_page_fills", "may_start"]

# Cuts tried at most; a row's first-page blocks offer a few dozen places at most.
_MAX_TRIES = 20_000
# Unfinished pieces this many lines apart in all still read as one page's height
# (paragraph spacing and widow control move a line or two).
_SLACK = 2


def may_start(prev: str, line: str) -> bool:
    """A cell can start at ``line`` after ``prev``: no word goes on across them."""
    if starts_lower(line) or line[:1] in ",.;:)":
        return False
    return not (len(prev) >= 2 and prev[-1] in "-‐‑" and prev[-2].isalnum())


def cut_page_fills(chunks: list[Chunk], k: int) -> tuple[list[Chunk], int]:
    """``chunks`` with the first page's blocks cut into ``k`` pieces where the row crosses
    a page with fewer blocks there than columns, and how many cuts were made."""
    if k < 2 or not chunks or not chunks[0].texts:
        return chunks, 0
    first = chunks[0].texts[0].page
    n = next((i for i, c in enumerate(chunks) if c.texts[0].page != first), len(chunks))
    if n == len(chunks) or n >= k:
        return chunks, 0
    head = chunks[:n]
    places = [
        (ci, i)
        for ci, c in enumerate(head)
        for i in range(1, len(c.texts))
        if may_start(c.texts[i - 1].text, c.texts[i].text)
    ]
    need = k - n
    if len(places) < need or comb(len(places), need) > _MAX_TRIES:
        return chunks, 0
    best = min(combinations(places, need), key=lambda cuts: _cost(head, cuts))
    if _cost(head, best) > _SLACK * need:
        return chunks, 0
    return [*_apply(head, best), *chunks[n:]], need


def _pieces(head: Sequence[Chunk], cuts: Sequence[tuple[int, int]]) -> list[tuple[int, bool]]:
    """(lines, unfinished) per piece the cuts make of ``head``."""
    out: list[tuple[int, bool]] = []
    for ci, c in enumerate(head):
        at = [i for cj, i in cuts if cj == ci]
        bounds = [0, *at, len(c.texts)]
        for j, (a, b) in enumerate(pairwise(bounds)):
            last = j == len(bounds) - 2
            # A piece cut off inside a block went on; the page's last block may have.
            unfinished = not last or (ci == len(head) - 1 and ends_open(c.texts[-1].text))
            out.append((b - a, unfinished))
    return out


def _cost(head: Sequence[Chunk], cuts: Sequence[tuple[int, int]]) -> int:
    """Lines by which the unfinished pieces fall short of the tallest, plus lines by
    which a finished piece overtops it."""
    pieces = _pieces(head, cuts)
    height = max(n for n, unfinished in pieces if unfinished)
    return sum(height - n if unfinished else max(0, n - height) for n, unfinished in pieces)


def _apply(head: Sequence[Chunk], cuts: Sequence[tuple[int, int]]) -> list[Chunk]:
    out: list[Chunk] = []
    for ci, c in enumerate(head):
        at = sorted(i for cj, i in cuts if cj == ci)
        if not at:
            out.append(c)
            continue
        starts = [c.texts[i] for i in at]
        piece: list[TextLine] = []
        flow = c.flow
        for ln in c.lines:
            if starts and ln is starts[0]:
                out.append(Chunk(piece, flow))
                piece, flow = [], False
                starts.pop(0)
            piece.append(ln)
        out.append(Chunk(piece))
    return out
