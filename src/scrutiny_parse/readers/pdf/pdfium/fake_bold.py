"""Fake bold: the copies PDFium dropped marked bold, and whether any copy it kept remains.

Fake bold is the same text drawn again a fraction of a point off; PDFium drops such
copies from its text page, the reference keeps them and marks the original bold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from ctypes import c_float

from scrutiny_parse.readers.pdf.glyphs import Glyph
from scrutiny_parse.readers.pdf.pdfium.bindings import ObjGetBounds, out_array
from scrutiny_parse.readers.pdf.pdfium.frame import Matrix
from scrutiny_parse.readers.pdf.pdfium.text import Chars

__all__ = ["Box", "glyph_boxes", "mark_fake_bold", "runs_overlap"]

#: A box as (low x, low y, high x, high y): a text object's bounds in PDF user space,
#: or its glyphs' extent on the page (y down); overlap tests need only the order.
Box = tuple[float, float, float, float]
# A text object PDFium kept: its bounds, font size and glyphs.
_Kept = tuple[Box, float, list[Glyph]]

# runs_overlap's grid: cells this many points wide and high (a word's box is wider than
# tall: 48 x 12 files it in two to four cells); a box spanning more is compared with all.
_CELL_X, _CELL_Y = 48.0, 12.0
_SPAN_CELLS = 64


def _kept_boxes(chars: Chars) -> list[_Kept]:
    """Every text object PDFium kept, with its bounds (read while its page is open: the
    handles die with the page). Objects without finite bounds are left out."""
    bounds = _Bounds()
    return [
        (box, run.size, chars.glyphs_of[obj])
        for obj, run in chars.seen.items()
        if (box := bounds(obj)) is not None
    ]


def glyph_boxes(chars: Chars) -> list[Box]:
    """Each kept text object's extent, from its glyphs: the first and last glyph of a
    one-line object, every glyph's of one over several lines (or rotated). No PDFium
    call, and the handles may be gone."""
    out: list[Box] = []
    for glyphs in chars.glyphs_of.values():
        if not glyphs:
            continue
        a, z = glyphs[0], glyphs[-1]
        if a.baseline == z.baseline and a.x0 <= z.x0 and a.x1 <= z.x1:
            box = (a.x0, min(a.top, z.top), z.x1, max(a.bottom, z.bottom))
        else:
            box = (
                min(g.x0 for g in glyphs),
                min(g.top for g in glyphs),
                max(g.x1 for g in glyphs),
                max(g.bottom for g in glyphs),
            )
        if math.isfinite(box[0] + box[1] + box[2] + box[3]):
            out.append(box)
    return out


def mark_fake_bold(dropped: list[tuple[int, Matrix]], chars: Chars) -> None:
    """PDFium leaves a text object out of its text page when it repeats one just drawn
    within a fraction of a character (fake bold). The reference keeps the copy and
    marks the original bold when it lies within a point; do the same here: a left-out
    object whose box matches a kept one's, shifted by less than a point, makes that
    one's glyphs bold. Called while the page is open."""
    bounds = _Bounds()
    # Most left-out objects draw nothing (browsers and ReportLab write empty text
    # objects by the hundred a page): with no extent they copy nothing.
    copies = [
        box
        for obj, _ in dropped
        if (box := bounds(obj)) is not None and box[2] > box[0] and box[3] > box[1]
    ]
    if not copies:
        return
    kept = _kept_boxes(chars)
    # Kept boxes by the point their bottom-left corner falls in: a copy lies within a
    # point (``near`` <= 1), so only the 3 x 3 points around it can hold its original.
    # (A browser's PDF leaves out thousands of objects per page; comparing each with
    # every kept one was most of load() there.)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, ((left, bottom, _, _), _, _) in enumerate(kept):
        grid[math.floor(left), math.floor(bottom)].append(i)
    for box in copies:
        x, y = math.floor(box[0]), math.floor(box[1])
        near_by = sorted(
            i for dx in (-1, 0, 1) for dy in (-1, 0, 1) for i in grid.get((x + dx, y + dy), ())
        )
        for (l_, b_, r_, t_), size, glyphs in (kept[i] for i in near_by):
            near = min(1.0, 0.3 * size) if size > 0 else 1.0
            if (
                abs(l_ - box[0]) < near
                and abs(b_ - box[1]) < near
                and abs((r_ - l_) - (box[2] - box[0])) < 0.5
                and abs((t_ - b_) - (box[3] - box[1])) < 0.5
            ):
                for g in glyphs:
                    if not g.is_space:
                        g.bold = True
                break


def runs_overlap(boxes: list[Box]) -> bool:
    """Whether two text objects PDFium kept (their ``glyph_boxes``) overlap by half the
    smaller one: the only
    place a fake-bold copy it did not drop itself can be (it drops copies within a text
    object, and a whole object repeated just after the original). Most pages have none,
    and then the reference's glyph-by-glyph search for copies is skipped."""
    boxes = [box for box in boxes if box[2] > box[0] and box[3] > box[1]]
    areas = [(r - l_) * (t - b) for l_, b, r, t in boxes]
    # When two boxes overlap by half the smaller one, the smaller one's centre lies in
    # the larger (each side of the overlap is at least half the smaller's). So every
    # box is filed in the cells of a grid it covers, and each centre is looked up in
    # its one cell. (A browser's PDF draws a text object per word, a thousand a page;
    # comparing each with its whole line was most of load() there.) A box wider or
    # taller than _SPAN_CELLS cells is compared with every centre.
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    big: list[int] = []
    for i, (l_, b, r, t) in enumerate(boxes):
        x0, x1 = math.floor(l_ / _CELL_X), math.floor(r / _CELL_X)
        y0, y1 = math.floor(b / _CELL_Y), math.floor(t / _CELL_Y)
        if x1 - x0 > _SPAN_CELLS or y1 - y0 > _SPAN_CELLS:
            big.append(i)
            continue
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                cells[x, y].append(i)
    empty: list[int] = []
    for i, (l_, b, r, t) in enumerate(boxes):
        mid_x, mid_y = (l_ + r) / 2, (b + t) / 2
        cell = (math.floor(mid_x / _CELL_X), math.floor(mid_y / _CELL_Y))
        for j in (*cells.get(cell, empty), *big):
            other = boxes[j]
            if (
                other[0] <= mid_x <= other[2]
                and other[1] <= mid_y <= other[3]
                and j != i
                and _overlap(boxes[i], areas[i], other, areas[j])
            ):
                return True
    return False


def _overlap(a: Box, area_a: float, b: Box, area_b: float) -> bool:
    """Whether boxes ``a`` and ``b`` overlap by half the smaller one's area."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    if w <= 0:
        return False
    h = min(a[3], b[3]) - max(a[1], b[1])
    return h > 0 and w * h >= 0.5 * min(area_a, area_b)


class _Bounds:
    """A text object's finite bounds, or None; read through one out-array."""

    __slots__ = ("addresses", "out")

    def __init__(self) -> None:
        self.out, self.addresses = out_array(c_float, 4)

    def __call__(self, obj: int) -> Box | None:
        if not ObjGetBounds(obj, *self.addresses):
            return None
        left, bottom, right, top = self.out
        # A damaged matrix can give infinite or NaN bounds (or so large that their sum
        # overflows): nothing to compare.
        if not math.isfinite(left + bottom + right + top):
            return None
        return (left, bottom, right, top)
