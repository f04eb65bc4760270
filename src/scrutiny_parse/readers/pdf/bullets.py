"""List bullets drawn as shapes -> bullet glyphs.

Word and LibreOffice print a list bullet as a character (``•`` or a Symbol-font
private-use glyph), which the line builder recognises. Browsers and some PDF libraries
draw it instead: Chromium paints ``disc`` as a filled circle, ``circle`` as a stroked
one and ``square`` as a filled square, each a few tenths of the font size across, set
just before the item's first letter and centred on its x-height. Such a mark has no
text, so without help the item reads as a plain paragraph run into the one above.

:func:`objects_to_shapes` picks the glyph-sized closed drawings off a page, and
:func:`shapes_to_bullets` turns each one that sits where a bullet sits (on the ink band
of a text line, just left of its first letter) into a :class:`Glyph` ("•" filled, "◦"
hollow), which the rest of the reader treats as a bullet character. A shape with no
text beside it (a tick box, a chart marker, a logo dot) stays a drawing.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scrutiny_parse.readers.pdf.glyphs import Glyph, colour_of, is_white

__all__ = ["Shape", "is_glyph_sized", "objects_to_shapes", "shapes_to_bullets"]

# A bullet shape is at most this big across and at least this small, in font sizes
# (Chromium's disc is 0.27 of the font size, Word's Symbol bullet about 0.35) ...
_MAX_BULLET, _MIN_BULLET = 0.6, 0.12
# ... roughly round or square ...
_MAX_ASPECT = 1.6
# ... and its item's first letter starts within this many font sizes to its right.
_MAX_GAP = 2.5
# Where a bullet's centre sits above the baseline, in font sizes (x-height middle,
# with room for fonts and producers that centre it a little higher or lower).
_CENTRE_LOW, _CENTRE_HIGH = 0.1, 0.6
# Anything smaller than this (points) in both directions could be a glyph-sized mark.
_GLYPH_SIZED = 12.0


@dataclass(frozen=True, slots=True)
class Shape:
    """A small closed drawing: a filled or a stroked (hollow) mark."""

    x0: float
    top: float
    x1: float
    bottom: float
    filled: bool

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


def is_glyph_sized(obj: Mapping[str, Any], size: float) -> bool:
    """Whether a drawing object is no bigger than a letter of the body text (it is
    then a mark beside the text, never a piece of a table border)."""
    limit = min(_GLYPH_SIZED, _MAX_BULLET * size)
    try:
        w = float(obj["x1"]) - float(obj["x0"])
        h = float(obj["bottom"]) - float(obj["top"])
    except (KeyError, TypeError, ValueError):
        return False
    return math.isfinite(w + h) and 0 < w <= limit and 0 < h <= limit


def objects_to_shapes(
    objects: Mapping[str, Sequence[Mapping[str, Any]]], size: float
) -> list[Shape]:
    """The glyph-sized, visible, roughly square curves and rectangles of a page."""
    shapes: list[Shape] = []
    for kind in ("curve", "rect"):
        for obj in objects.get(kind, ()):
            if not is_glyph_sized(obj, size):
                continue
            x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
            w, h = x1 - x0, bottom - top
            if max(w, h) > _MAX_ASPECT * min(w, h):
                continue  # a dash or a bar (a strike, an underline), not a dot
            filled = bool(obj.get("fill")) and not is_white(
                colour_of(obj.get("non_stroking_color"))
            )
            stroked = bool(obj.get("stroke")) and not is_white(colour_of(obj.get("stroking_color")))
            if filled or stroked:
                shapes.append(Shape(x0, top, x1, bottom, filled))
    return shapes


def shapes_to_bullets(shapes: Sequence[Shape], glyphs: Sequence[Glyph]) -> list[Glyph]:
    """A bullet glyph for each shape that marks a list item: bullet-sized for the text
    beside it, centred on that text's ink, and the nearest thing to its left."""
    if not shapes or not glyphs:
        return []
    ink = sorted((g for g in glyphs if not g.is_space), key=lambda g: g.baseline)
    baselines = [g.baseline for g in ink]
    reach = max((g.size for g in ink), default=0.0)
    bullets: list[Glyph] = []
    for shape in shapes:
        cy = (shape.top + shape.bottom) / 2
        lo = bisect.bisect_left(baselines, cy)
        hi = bisect.bisect_right(baselines, cy + reach)
        best: Glyph | None = None
        for g in ink[lo:hi]:
            if not _CENTRE_LOW * g.size <= g.baseline - cy <= _CENTRE_HIGH * g.size:
                continue
            if g.x1 > shape.x0 and g.x0 < shape.x1:
                best = None  # drawn over a letter: a decoration, not a bullet
                break
            gap = g.x0 - shape.x1
            if 0 <= gap <= _MAX_GAP * g.size and (best is None or g.x0 < best.x0):
                best = g
        if best is None:
            continue
        across = max(shape.width, shape.height)
        if not _MIN_BULLET * best.size <= across <= _MAX_BULLET * best.size:
            continue
        bullets.append(
            Glyph(
                "•" if shape.filled else "◦",
                shape.x0,
                shape.x1,
                best.top,
                best.bottom,
                best.baseline,
                best.size,
                "",
                False,
                False,
                None,
                False,
            )
        )
    return bullets
