"""Border segments -> page grid -> cells with spans -> tables, for one page.

The method, in :func:`borders_to_tables`:

1. *Grid.* Close coordinates are snapped together (a border's ends overshoot by half a
   line width, Word draws every cell's border separately): the distinct x of vertical
   strokes and y of horizontal strokes cut the page into slots.
2. *Cells.* Neighbouring slots not separated by a stroke belong to the same cell
   (union-find). A region that leaks to the page outside is not a cell (the empty corner
   of a row that ends early). So a merged cell is simply a region covering several
   slots: its column and row spans fall out of the drawing, and nothing relies on the
   text or on pdfplumber's ``Table.extract()`` (which puts ``None`` where spans are).
3. *Nesting.* A region that is not a rectangle encloses others: a table drawn inside a
   cell. The enclosing rectangle is the cell; the inner regions are its nested cells,
   whose text the cell reads row by row (as Word does).
4. *Tables.* Cells that touch form a table, except where two tables share an edge and
   their column boundaries have nothing in common (two tables printed back to back).

Before the grid is built, the ends of a table cut by a page break are closed
(:func:`close_cut_ends`): a printer that slices cell borders at the page edge (a browser:
CSS ``box-decoration-break: slice``) draws no line where the page cuts a row, so the
column borders of the cut row simply stop at the same height, open to the page.

Fills (shaded cells) never make borders; they only mark the cells they cover as shaded.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from scrutiny_parse.readers.pdf.grid import (
    Coverage,
    Region,
    UnionFind,
    area,
    enclosed,
    regions,
    row_runs,
    slots_to_regions,
    snap,
)
from scrutiny_parse.readers.pdf.strokes import Fill, Segment

__all__ = ["GridCell", "GridTable", "PageGrid", "borders_to_tables", "close_cut_ends"]

Box = tuple[float, float, float, float]

# More slots than this is a drawing (a chart, a pattern), not a table: skipped.
_MAX_SLOTS = 250_000


@dataclass(eq=False, slots=True)
class GridCell:
    """A cell found in the drawing (page coordinates, snapped)."""

    x0: float
    top: float
    x1: float
    bottom: float
    shaded: bool = False
    # Cells of tables drawn inside this one, in reading order (row by row).
    nested: list[GridCell] = field(default_factory=list)
    # The page edge, not a border, ends the cell there: a page break cut its row.
    cut_top: bool = False
    cut_bottom: bool = False

    @property
    def bbox(self) -> Box:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(eq=False, slots=True)
class GridTable:
    """Touching cells of one table on one page, top to bottom, left to right."""

    cells: list[GridCell]

    @property
    def bbox(self) -> Box:
        return (
            min(c.x0 for c in self.cells),
            min(c.top for c in self.cells),
            max(c.x1 for c in self.cells),
            max(c.bottom for c in self.cells),
        )


@dataclass
class PageGrid:
    """The page's tables and a point -> cell lookup for placing glyphs."""

    tables: list[GridTable]
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    # Per slot: (table index, top-level cell, nested cell or None), or None outside.
    owners: list[tuple[int, GridCell, GridCell | None] | None] = field(default_factory=list)

    def locate(self, x: float, y: float) -> tuple[int, GridCell, GridCell | None] | None:
        j = bisect.bisect_right(self.xs, x) - 1
        i = bisect.bisect_right(self.ys, y) - 1
        if 0 <= i < len(self.ys) - 1 and 0 <= j < len(self.xs) - 1:
            return self.owners[i * (len(self.xs) - 1) + j]
        return None


def borders_to_tables(borders: Sequence[Segment], fills: Sequence[Fill], size: float) -> PageGrid:
    """Find the tables drawn on a page. ``size`` (the body font size) scales the snapping
    tolerance and the smallest region that can hold text."""
    tol = min(2.5, max(1.0, 0.15 * size))
    borders = close_cut_ends(borders, tol)
    xs = snap((s.pos for s in borders if not s.horizontal), tol)
    ys = snap((s.pos for s in borders if s.horizontal), tol)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1 or nr * nc > _MAX_SLOTS:
        return PageGrid([])
    vcov = Coverage(xs, (s for s in borders if not s.horizontal), tol)
    hcov = Coverage(ys, (s for s in borders if s.horizontal), tol)
    uf = slots_to_regions(xs, ys, vcov, hcov)
    cells = _Cells(xs, ys, 0.3 * size)
    cells.regions_to_cells(regions(uf, nr, nc), uf)
    tables = _group_tables(cells.unit, cells.owner, nr, nc)
    cuts = [s for s in borders if s.cut]
    for table in tables:
        for cell in table.cells:
            cell.shaded = any(f.covers(cell.bbox) for f in fills)
            for cut in cuts:
                if cut.start - tol <= (cell.x0 + cell.x1) / 2 <= cut.end + tol:
                    cell.cut_top = cell.cut_top or abs(cut.pos - cell.top) <= tol
                    cell.cut_bottom = cell.cut_bottom or abs(cut.pos - cell.bottom) <= tol
    index = {id(c): k for k, t in enumerate(tables) for c in t.cells}
    owners: list[tuple[int, GridCell, GridCell | None] | None] = [None] * (nr * nc)
    for s, (cell, inner) in cells.owner.items():
        owners[s] = (index[id(cell)], cell, inner)
    return PageGrid(tables, xs, ys, owners)


def close_cut_ends(borders: Sequence[Segment], tol: float) -> list[Segment]:
    """``borders`` plus a closing line wherever two or more vertical borders end (or
    start) at the same height with no horizontal border there and nothing continuing
    them: the row a page break cut, printed with its borders sliced open. Closing it
    makes its cells cells again (an open region is the page outside, not a cell)."""
    verticals = [s for s in borders if not s.horizontal]
    if len(verticals) < 2:
        return list(borders)
    horizontals = sorted((s for s in borders if s.horizontal), key=lambda s: s.pos)
    h_pos = [h.pos for h in horizontals]
    by_x = sorted(verticals, key=lambda v: v.pos)
    v_pos = [v.pos for v in by_x]

    def touched(x: float, y: float) -> bool:
        lo, hi = bisect.bisect_left(h_pos, y - tol), bisect.bisect_right(h_pos, y + tol)
        return any(h.start - tol <= x <= h.end + tol for h in horizontals[lo:hi])

    def continued(v: Segment, y: float, downward: bool) -> bool:
        lo, hi = bisect.bisect_left(v_pos, v.pos - tol), bisect.bisect_right(v_pos, v.pos + tol)
        for other in by_x[lo:hi]:
            if other is v:
                continue
            if downward and other.start <= y + tol and other.end > y + tol:
                return True
            if not downward and other.end >= y - tol and other.start < y - tol:
                return True
        return False

    # (y, downward) -> the open ends there: x and the border that ends.
    open_ends: dict[tuple[float, bool], list[Segment]] = {}
    for v in verticals:
        for y, downward in ((v.end, True), (v.start, False)):
            if touched(v.pos, y) or continued(v, y, downward):
                continue
            open_ends.setdefault((round(y / tol), downward), []).append(v)
    added: list[Segment] = []
    for (_, downward), ends in open_ends.items():
        xs = snap((v.pos for v in ends), tol)
        if len(xs) < 2:
            continue  # one lone rule beside text, not a table's columns
        y = statistics.median(v.end if downward else v.start for v in ends)
        width = max(v.width for v in ends)
        added.append(Segment(True, y, xs[0], xs[-1], width, ends[0].colour, cut=True))
    return [*borders, *added]


class _Cells:
    """Regions -> cells: which cell (and nested cell) owns each slot, and which
    top-level region ("unit") each slot belongs to, for grouping cells into tables."""

    def __init__(self, xs: Sequence[float], ys: Sequence[float], min_cell: float) -> None:
        self.xs, self.ys, self.min_cell = xs, ys, min_cell
        self.unit: dict[int, int] = {}
        self.owner: dict[int, tuple[GridCell, GridCell | None]] = {}

    def box(self, i0: int, i1: int, j0: int, j1: int) -> GridCell:
        return GridCell(self.xs[j0], self.ys[i0], self.xs[j1 + 1], self.ys[i1 + 1])

    def holds_text(self, reg: Region) -> bool:
        """Not a sliver between two close parallel borders (a double line)."""
        xs, ys = self.xs, self.ys
        return (
            xs[reg.j1 + 1] - xs[reg.j0] >= self.min_cell
            and ys[reg.i1 + 1] - ys[reg.i0] >= self.min_cell
        )

    def own(self, slots: Sequence[int], unit: int, cell: GridCell | None) -> None:
        for s in slots:
            self.unit[s] = unit
            if cell is not None:
                self.owner[s] = (cell, None)

    def regions_to_cells(self, found: dict[int, Region], uf: UnionFind) -> None:
        nc = len(self.xs) - 1
        claimed: set[int] = set()
        # Largest first, so an enclosing region claims its nested ones before they are
        # taken for cells of their own.
        for root, reg in sorted(found.items(), key=lambda kv: -area(kv[1])):
            if root in claimed:
                continue
            if reg.rectangular:
                cell = self.box(reg.i0, reg.i1, reg.j0, reg.j1)
                self.own(reg.slots, root, cell if self.holds_text(reg) else None)
                continue
            inner = enclosed(reg, found, uf, nc)
            if inner is None:
                # Neither a rectangle nor around other regions (a border is missing):
                # each row band's run of slots is taken as a cell of its own.
                for run in row_runs(reg, nc):
                    i = run[0] // nc
                    self.own(run, root, self.box(i, i, run[0] % nc, run[-1] % nc))
                continue
            # A table drawn inside a cell: the enclosing rectangle is the cell, the
            # inner regions its nested cells, read row by row.
            cell = self.box(reg.i0, reg.i1, reg.j0, reg.j1)
            self.own(reg.slots, root, cell)
            for sub_root in sorted(inner, key=lambda r: (found[r].i0, found[r].j0)):
                claimed.add(sub_root)
                sub = found[sub_root]
                nested = self.box(sub.i0, sub.i1, sub.j0, sub.j1)
                if self.holds_text(sub):
                    cell.nested.append(nested)
                for s in sub.slots:
                    self.unit[s] = root
                    self.owner[s] = (cell, nested if self.holds_text(sub) else None)


def _group_tables(
    owner_unit: dict[int, int],
    slot_cells: dict[int, tuple[GridCell, GridCell | None]],
    nr: int,
    nc: int,
) -> list[GridTable]:
    """Cells whose slots neighbour each other form one table."""
    uf = UnionFind(nr * nc)
    for s, unit in owner_unit.items():
        i, j = divmod(s, nc)
        for t in (s + 1 if j + 1 < nc else -1, s + nc if i + 1 < nr else -1):
            if t >= 0 and t in owner_unit:
                uf.union(unit, owner_unit[t])
    groups: dict[int, list[GridCell]] = {}
    seen: set[int] = set()
    for s in sorted(slot_cells):
        cell = slot_cells[s][0]
        if id(cell) not in seen:
            seen.add(id(cell))
            groups.setdefault(uf.find(owner_unit[s]), []).append(cell)
    tables: list[GridTable] = []
    for cells in groups.values():
        for part in _split_back_to_back(cells):
            part.sort(key=lambda c: (c.top, c.x0))
            tables.append(GridTable(part))
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables


def _split_back_to_back(cells: list[GridCell]) -> list[list[GridCell]]:
    """Cut a group of touching cells where two tables meet: at a horizontal edge no
    cell crosses, whose rows above and below share no inner column boundary."""
    levels = sorted({c.top for c in cells})[1:]
    cuts: list[float] = []
    for y in levels:
        if any(c.top < y < c.bottom for c in cells):
            continue
        above = [c for c in cells if c.bottom == y]
        below = [c for c in cells if c.top == y]
        inner_above = _inner_edges(above)
        inner_below = _inner_edges(below)
        if inner_above and inner_below and not (inner_above & inner_below):
            cuts.append(y)
    if not cuts:
        return [cells]
    parts: list[list[GridCell]] = [[] for _ in range(len(cuts) + 1)]
    for c in cells:
        parts[bisect.bisect_right(cuts, c.top)].append(c)
    return [p for p in parts if p]


def _inner_edges(row: Sequence[GridCell]) -> set[float]:
    if not row:
        return set()
    edges = {c.x0 for c in row} | {c.x1 for c in row}
    return edges - {min(edges), max(edges)}
