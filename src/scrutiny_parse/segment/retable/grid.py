"""Rebuilding positioned text, step 3: a table's value columns from its pieces' starts.

pdftotext -layout sets each page on its own grid, so a table's columns are clustered
over the whole table (:func:`cluster`), then found again page by page where a page's
starts are the table's moved (:func:`page_columns`). A line squeezed by proportional
text may run one cell into the next: :func:`split_at_starts` cuts it where the lines
beside it start the next column.
"""

from __future__ import annotations

import itertools
from collections import Counter

from scrutiny_parse.layout import Span

__all__ = ["SAME_COLUMN", "cluster", "page_columns", "split_at_starts"]

# Pieces whose starts are this close (in characters) are one column: pdftotext -layout
# places each page on its own grid, so a column moves by a character or two per page.
SAME_COLUMN = 3
# Two pages' grids put one column apart by up to this share of its start, more towards
# the right edge (17/49 on one page, 20/53 on the next; 69 and 84 on a squeezed page).
_GRID_DRIFT = 0.25
# How far left of its column a squeezed line may set a cell's first word (a long word
# of the cell before pushed it: "Community Safety Manager /", "Manager" column 2's).
_SQUEEZE = 6


def cluster(pieces: list[tuple[int, Span]], *, lone: bool = False) -> list[int]:
    """Column starts from (row id, piece) pairs: groups of close starts seen in two rows
    or more (one row's lone start is a wide gap inside a sentence, not a column; with
    ``lone``, where the table's columns are known and only their places are sought, one
    row's start counts), which more pieces start at than run across (an indented list
    inside a cell is run across by the cell's other lines; a real column only by the
    odd merged cell)."""
    groups: list[list[tuple[int, int]]] = []
    for start, row in sorted((sp.start, r) for r, sp in pieces):
        if groups and start - groups[-1][-1][0] <= SAME_COLUMN:
            groups[-1].append((start, row))
        else:
            groups.append([(start, row)])
    rows_total = len({r for r, _ in pieces})
    need = 2 if rows_total >= 2 and not lone else 1
    cols: list[int] = []
    for g in groups:
        x = min(s for s, _ in g)
        if len({r for _, r in g}) < need:
            continue
        across = sum(1 for _, sp in pieces if sp.start < x - SAME_COLUMN and sp.end > x + 1)
        if cols and across >= len(g):
            continue
        cols.append(x)
    return cols or [min(sp.start for _, sp in pieces)]


def page_columns(
    pieces: list[tuple[int, int, Span]], cols: list[int]
) -> tuple[list[int], dict[int, list[int]]]:
    """A table's value columns, and where they stand on each page.

    pdftotext -layout sets each page on its own grid, so a table broken over pages has
    its columns a few characters apart on each ("17, 49" then "20, 53"): clustered
    together they read as three columns. Each page is clustered alone; the commonest
    count among pages with two rows or more is the table's, and such a page with that
    many keeps its own starts. A page showing fewer (the rest of one long row, a column
    empty there) has its starts matched in order to the nearest of the table's.
    """
    by_page: dict[int, list[tuple[int, Span]]] = {}
    for page, row, sp in pieces:
        by_page.setdefault(page, []).append((row, sp))
    if len(by_page) < 2:
        return cols, {}
    own = {page: cluster(got) for page, got in by_page.items()}
    full = {page: c for page, c in own.items() if len({r for r, _ in by_page[page]}) >= 2}
    if not full:
        return cols, {}
    counts = Counter(len(c) for c in full.values())
    k = max(counts, key=lambda n: (counts[n], n))
    fitting = {page: c for page, c in full.items() if len(c) == k}
    ref = fitting[max(fitting, key=lambda page: len(by_page[page]))]
    if not all(any(_drifts(c, r) for r in ref) for c in cols):
        # Together the pages show a column no page shows in two rows (a second column
        # whose cells are short on every page): the whole table's columns stand.
        return cols, {}
    # A page's own starts stand near the table's; "20, 33, 38, 74" against "20, 39, 56,
    # 76" counted an indented list as a column and missed one.
    fitting = {page: c for page, c in fitting.items() if _near(c, ref)}
    # A page short of columns shows some in one row only, often ("2   1   43" under a
    # row's last lines): there one row's starts count. A page that holds one row only
    # (its indented list looks like a column) or shows more starts than the table has
    # columns is read on the columns of the whole table, all pages clustered together.
    whole = cols if len(cols) == k else ref
    return ref, {
        page: fitting.get(page) or _page_of(by_page[page], ref, page in full) or whole
        for page in own
    }


def _page_of(got: list[tuple[int, Span]], ref: list[int], rows: bool) -> list[int] | None:
    """The table's columns on a page that did not show them all in two rows: its own
    starts, one row's counting, matched to the table's. A page of one row only counts
    where it shows every column ("1   1   1   4"): fewer may be an indented list."""
    starts = cluster(got, lone=True)
    if not rows and len(starts) != len(ref):
        return None
    return _aligned(starts, ref)


def _near(starts: list[int], ref: list[int]) -> bool:
    """The page's starts are the table's on another grid (see :func:`_moved`)."""
    return _moved([s - r for s, r in zip(starts, ref, strict=True)], ref)


def _moved(shifts: list[int], ref: list[int]) -> bool:
    """Shifts of a table's columns that another page's grid can make: each within the
    drift of its column ("+4, +7, +11, +4"), or one stretch or squeeze of the page, the
    shifts only growing or only shrinking left to right ("0, 0, -29" on a page of short
    cells); not "0, -6, -18, -2" (an indented list standing in for a column)."""
    if all(_drifts(r + d, r) for d, r in zip(shifts, ref, strict=True)):
        return True
    pairs = list(itertools.pairwise(shifts))
    return all(b - a <= 1 for a, b in pairs) or all(b - a >= -1 for a, b in pairs)


def _drifts(start: int, table: int) -> bool:
    """Whether ``start`` is where another page's grid may put the column at ``table``
    (-layout closes each gap between columns on its own, by up to a quarter)."""
    return abs(start - table) <= SAME_COLUMN + _GRID_DRIFT * table


def _aligned(starts: list[int], ref: list[int]) -> list[int] | None:
    """``ref`` moved to a page's own ``starts``: each start takes the table column it is
    matched to (in order, least total distance), the columns between follow the shift of
    the nearest matched one. None where the page has more starts than ``ref`` columns,
    or a start is matched further than a page's grid moves a column."""
    if len(starts) > len(ref):
        return None
    n, m = len(starts), len(ref)
    # cost[i][j]: best total distance matching starts[i:] into ref[j:].
    inf = 1 << 30
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[n][j] = 0
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            cost[i][j] = min(cost[i][j + 1], abs(starts[i] - ref[j]) + cost[i + 1][j + 1])
    shift: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if abs(starts[i] - ref[j]) + cost[i + 1][j + 1] <= cost[i][j + 1]:
            shift[j] = starts[i] - ref[j]
            i += 1
        j += 1
    matched = sorted(shift)
    if not _moved([shift[j] for j in matched], [ref[j] for j in matched]):
        return None  # the page's starts are not the table's moved ("mm" / "er" / "202")
    out: list[int] = []
    for j, x in enumerate(ref):
        near = min(shift, key=lambda c: abs(c - j)) if shift else j
        out.append(max(x + shift.get(near, 0), out[-1] + 1 if out else 0))
    return out


def split_at_starts(sp: Span, starts: set[int]) -> list[Span]:
    """A piece that runs over where pieces of its row start on the lines above and below,
    cut at the space before the word that opens that column: proportional text set a
    cell's word up to a few characters left of its column, one space after the cell
    before ("ran from 5 October Licensing", "Licensing" the next cell's, which goes on
    under it). A merged cell, or a cell's first line above the others' text, has no
    pieces starting inside it beside it and keeps its pieces whole."""
    cuts: list[tuple[int, int]] = []  # (where the word starts, its column's start)
    for x in sorted(starts):
        if sp.start + SAME_COLUMN < x < sp.end - 1:
            cut = _word_start_near(sp, x)
            if cut is not None and (not cuts or cut > cuts[-1][0]):
                cuts.append((cut, x))
    if not cuts:
        return [sp]
    out: list[Span] = []
    bounds = [(sp.start, sp.start), *cuts, (sp.end + 1, 0)]
    for (a, x), (b, _) in itertools.pairwise(bounds):
        text = sp.text[a - sp.start : b - sp.start].rstrip()
        # A squeezed word belongs to the column it was pushed out of.
        start = max(a, x)
        out.append(Span(start, start + len(text), text))
    return out


def _word_start_near(sp: Span, x: int) -> int | None:
    """Where a word of ``sp`` starts closest to column start ``x``, within the few
    characters left of it that a squeezed line allows (or one right of it); None when
    no word starts there."""
    found = [
        sp.start + i
        for i in range(1, len(sp.text))
        if sp.text[i - 1] == " " and sp.text[i] != " " and x - _SQUEEZE <= sp.start + i <= x + 1
    ]
    return min(found, key=lambda at: abs(at - x), default=None)
