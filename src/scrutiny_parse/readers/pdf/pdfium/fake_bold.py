"""Fake bold: the copies PDFium dropped marked bold, and whether any copy it kept remains.

Fake bold is the same text drawn again a fraction of a point off; PDFium drops such
copies from its text page, the reference keeps them and marks the original bold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from ctypes import c_float

from scrutiny_parse.readers.pdf.pdfium.bindings import ObjGetBounds
from scrutiny_parse.readers.pdf.pdfium.frame import Matrix
from scrutiny_parse.readers.pdf.pdfium.text import Chars, Run

__all__ = ["mark_fake_bold", "runs_overlap"]


def mark_fake_bold(dropped: list[tuple[int, Matrix]], chars: Chars) -> None:
    """PDFium leaves a text object out of its text page when it repeats one just drawn
    within a fraction of a character (fake bold). The reference keeps the copy and
    marks the original bold when it lies within a point; do the same here: a left-out
    object whose box matches a kept one's, shifted by less than a point, makes that
    one's glyphs bold."""
    boxes: list[tuple[tuple[float, float, float, float], Run]] = []
    # Kept boxes by the point their bottom-left corner falls in: a copy lies within a
    # point (``near`` <= 1), so only the 3 x 3 points around it can hold its original.
    # (A browser's PDF leaves out thousands of objects per page; comparing each with
    # every kept one was most of load() there.)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for obj, run in chars.seen.items():
        box = _bounds(obj)
        if box is not None:
            grid[math.floor(box[0]), math.floor(box[1])].append(len(boxes))
            boxes.append((box, run))
    for obj, _ in dropped:
        box = _bounds(obj)
        if box is None:
            continue
        x, y = math.floor(box[0]), math.floor(box[1])
        near_by = sorted(
            i for dx in (-1, 0, 1) for dy in (-1, 0, 1) for i in grid.get((x + dx, y + dy), ())
        )
        for (l_, b_, r_, t_), run in (boxes[i] for i in near_by):
            near = min(1.0, 0.3 * run.size) if run.size > 0 else 1.0
            if (
                abs(l_ - box[0]) < near
                and abs(b_ - box[1]) < near
                and abs((r_ - l_) - (box[2] - box[0])) < 0.5
                and abs((t_ - b_) - (box[3] - box[1])) < 0.5
            ):
                for g in run.glyphs:
                    if not g.is_space:
                        g.bold = True
                break


def runs_overlap(runs: dict[int, Run]) -> bool:
    """Whether two text objects PDFium kept overlap by half the smaller one: the only
    place a fake-bold copy it did not drop itself can be (it drops copies within a text
    object, and a whole object repeated just after the original). Most pages have none,
    and then the reference's glyph-by-glyph search for copies is skipped."""
    l_, b_, r_, t_ = c_float(), c_float(), c_float(), c_float()
    boxes = []
    for obj, run in runs.items():
        if run.glyphs and ObjGetBounds(obj, l_, b_, r_, t_):
            boxes.append((b_.value, l_.value, r_.value, t_.value))
    # Swept bottom to top: only boxes still open at this height (one line of text, as
    # a rule) can overlap the next one.
    boxes.sort()
    open_: list[tuple[float, float, float, float]] = []
    for box in boxes:
        bottom, left, right, top = box
        area = (right - left) * (top - bottom)
        open_ = [o for o in open_ if o[3] > bottom]
        for o in open_:
            w = min(right, o[2]) - max(left, o[1])
            h = min(top, o[3]) - bottom
            smaller = min(area, (o[2] - o[1]) * (o[3] - o[0]))
            if w > 0 and h > 0 and smaller > 0 and w * h >= 0.5 * smaller:
                return True
        open_.append(box)
    return False


def _bounds(obj: int) -> tuple[float, float, float, float] | None:
    l_, b_, r_, t_ = c_float(), c_float(), c_float(), c_float()
    if not ObjGetBounds(obj, l_, b_, r_, t_):
        return None
    return (l_.value, b_.value, r_.value, t_.value)
