"""The slot grid of a page's drawing: snapped coordinates, border coverage, regions.

The distinct x of vertical strokes and y of horizontal strokes (close ones snapped
together) cut the page into *slots*. Two neighbouring slots with no stroke between
them are parts of one region (union-find); a region that reaches the page outside is
open space, not a cell. :mod:`._pdf_geometry` turns the regions into cells and tables.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scrutiny_parse.readers.pdf.strokes import Segment

__all__ = [
    "Coverage",
    "Region",
    "UnionFind",
    "area",
    "enclosed",
    "nearest",
    "regions",
    "row_runs",
    "slots_to_regions",
    "snap",
]


def snap(values: Iterable[float], tol: float) -> list[float]:
    """Cluster sorted coordinates closer than ``tol`` (a cluster spans at most 2 tol)."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][0] <= 2 * tol and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def nearest(grid: Sequence[float], v: float) -> int:
    """Index of the grid value closest to ``v`` (``grid`` sorted)."""
    k = bisect.bisect_left(grid, v)
    if k == len(grid) or (k > 0 and v - grid[k - 1] <= grid[k] - v):
        return k - 1
    return k


class Coverage:
    """For each grid line, the merged spans its strokes cover, to ask "is there a
    border at line k across coordinate p?" in O(log n)."""

    def __init__(self, grid: Sequence[float], segments: Iterable[Segment], tol: float) -> None:
        raw: list[list[tuple[float, float]]] = [[] for _ in grid]
        for s in segments:
            raw[nearest(grid, s.pos)].append((s.start, s.end))
        self.starts: list[list[float]] = []
        self.ends: list[list[float]] = []
        for spans in raw:
            merged: list[list[float]] = []
            for a, b in sorted(spans):
                if merged and a <= merged[-1][1] + tol:
                    merged[-1][1] = max(merged[-1][1], b)
                else:
                    merged.append([a, b])
            self.starts.append([m[0] for m in merged])
            self.ends.append([m[1] for m in merged])

    def covers(self, k: int, p: float) -> bool:
        # Asked at the middle of a slot, so no tolerance: a stroke stopping short of a
        # thin band between two tables must leave that band open.
        i = bisect.bisect_right(self.starts[k], p) - 1
        return i >= 0 and self.ends[k][i] >= p


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(eq=False, slots=True)
class Region:
    """Slots of one union-find component (i: row band, j: column band)."""

    slots: list[int]
    i0: int
    i1: int
    j0: int
    j1: int

    @property
    def rectangular(self) -> bool:
        return len(self.slots) == (self.i1 - self.i0 + 1) * (self.j1 - self.j0 + 1)

    def within(self, other: Region) -> bool:
        return (
            other.i0 <= self.i0
            and self.i1 <= other.i1
            and other.j0 <= self.j0
            and self.j1 <= other.j1
        )


def regions(uf: UnionFind, nr: int, nc: int) -> dict[int, Region]:
    """The enclosed regions (union-find roots -> slots), the outside left out."""
    outside = uf.find(nr * nc)
    regions: dict[int, Region] = {}
    for s in range(nr * nc):
        root = uf.find(s)
        if root == outside:
            continue
        i, j = divmod(s, nc)
        reg = regions.get(root)
        if reg is None:
            regions[root] = Region([s], i, i, j, j)
        else:
            reg.slots.append(s)
            reg.i0, reg.i1 = min(reg.i0, i), max(reg.i1, i)
            reg.j0, reg.j1 = min(reg.j0, j), max(reg.j1, j)
    return regions


def area(reg: Region) -> int:
    return (reg.i1 - reg.i0 + 1) * (reg.j1 - reg.j0 + 1)


def slots_to_regions(
    xs: Sequence[float], ys: Sequence[float], vcov: Coverage, hcov: Coverage
) -> UnionFind:
    """Join neighbouring slots that no border separates; slots open to the page edge
    join the extra "outside" node (index nr * nc)."""
    nr, nc = len(ys) - 1, len(xs) - 1
    outside = nr * nc
    uf = UnionFind(nr * nc + 1)
    mid_x = [(xs[j] + xs[j + 1]) / 2 for j in range(nc)]
    for i in range(nr):
        mid_y = (ys[i] + ys[i + 1]) / 2
        row = i * nc
        if not vcov.covers(0, mid_y):
            uf.union(row, outside)
        for j in range(nc):
            s = row + j
            if not vcov.covers(j + 1, mid_y):
                uf.union(s, s + 1 if j + 1 < nc else outside)
            if (i == 0) and not hcov.covers(0, mid_x[j]):
                uf.union(s, outside)
            if not hcov.covers(i + 1, mid_x[j]):
                uf.union(s, s + nc if i + 1 < nr else outside)
    return uf


def enclosed(reg: Region, regions: dict[int, Region], uf: UnionFind, nc: int) -> set[int] | None:
    """The regions inside ``reg``'s bounding box (a nested table), or None when its
    holes are not wholly other regions inside it."""
    own = set(reg.slots)
    inner: set[int] = set()
    for i in range(reg.i0, reg.i1 + 1):
        for j in range(reg.j0, reg.j1 + 1):
            s = i * nc + j
            if s in own:
                continue
            root = uf.find(s)
            sub = regions.get(root)
            if sub is None or not sub.within(reg):
                return None
            inner.add(root)
    return inner


def row_runs(reg: Region, nc: int) -> list[list[int]]:
    runs: list[list[int]] = []
    for s in sorted(reg.slots):
        if runs and s == runs[-1][-1] + 1 and s // nc == runs[-1][-1] // nc:
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs
