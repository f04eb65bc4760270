"""PDF drawing -> border segments, cell fills and text decorations.

A PDF has no tables, only strokes and filled shapes. Table borders arrive as lines, as
the edges of stroked rectangles, as thin filled rectangles (Word's exporter) or as
straight pieces of paths. Mixed in with them are strokes that decorate text: the line
through a struck-out digit (an amended grade), hyperlink underlines, and the change bars
and strike-outs of tracked changes printed with markup. This module sorts them:

* :func:`objects_to_strokes` turns the page's drawing objects into axis-aligned
  :class:`Segment` s and large :class:`Fill` s (cell shading: a hint, never a border);
* :func:`split_decorations` takes the strokes that belong to the text out of the border
  set *before* any grid is built, marks the struck glyphs, and records what it removed
  as :class:`~scrutiny_parse.layout.Mark` s.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scrutiny_parse.layout import Mark, Origin
from scrutiny_parse.readers.pdf.bullets import is_glyph_sized
from scrutiny_parse.readers.pdf.glyphs import (
    Colour,
    Glyph,
    colour_of,
    is_chromatic,
    is_white,
    same_colour,
)

__all__ = ["Fill", "Segment", "objects_to_strokes", "split_decorations"]

Box = tuple[float, float, float, float]

# Nominal width of a zero-width (thinnest possible) stroke, in points.
_HAIRLINE = 0.1
# A stroke whose ends differ by less than this (points) across its length is straight.
_AXIS_TOLERANCE = 0.5
# Strike-through band: height above the baseline as a fraction of the cap height.
_STRIKE_LOW, _STRIKE_HIGH = 0.2, 0.75
# Cap height as a fraction of the font size (close enough for Latin text faces).
_CAP_HEIGHT = 0.7
# A stroke covering at least this much of a glyph's width goes through that glyph.
_GLYPH_COVER = 0.6
# A decoration's length is (nearly) all over text; a border runs past it into padding.
_STRIKE_COVER = 0.7
_UNDERLINE_COVER = 0.9
# An underline starts and ends with the text over it (font sizes of slack at each end);
# a border runs on into the cell padding, even under a row a page break cut tight.
_UNDERLINE_OVERRUN = 0.25


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight axis-aligned stroke: at ``pos`` (y if horizontal, x if vertical),
    running from ``start`` to ``end`` along the other axis."""

    horizontal: bool
    pos: float
    start: float
    end: float
    width: float
    colour: Colour | None
    # Not drawn: the reader closed the open end of a row a page break cut there
    # (see readers.pdf.geometry.close_cut_ends).
    cut: bool = False

    @property
    def length(self) -> float:
        return self.end - self.start

    @property
    def bbox(self) -> Box:
        half = self.width / 2
        if self.horizontal:
            return (self.start, self.pos - half, self.end, self.pos + half)
        return (self.pos - half, self.start, self.pos + half, self.end)


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled area too large to be a line: cell shading (used only as a hint)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def covers(self, box: Box, share: float = 0.5) -> bool:
        """Whether this fill covers at least ``share`` of ``box``."""
        w = min(self.x1, box[2]) - max(self.x0, box[0])
        h = min(self.bottom, box[3]) - max(self.top, box[1])
        area = (box[2] - box[0]) * (box[3] - box[1])
        return w > 0 and h > 0 and area > 0 and w * h >= share * area


def _width(obj: Mapping[str, Any]) -> float:
    """The stroke width. Zero is a real, visible width: "the thinnest line the device
    can draw" in PDF, and what pdfminer reports when a file never sets one (the
    default, 1pt, is not filled in). A hairline is given a nominal width."""
    return max(float(obj.get("linewidth") or 0), _HAIRLINE)


def _straight(
    x0: float, top: float, x1: float, bottom: float, width: float, colour: Colour | None
) -> Segment | None:
    """The segment from (x0, top) to (x1, bottom) if it is horizontal or vertical."""
    if not math.isfinite(x0 + top + x1 + bottom + width):
        return None  # a damaged path
    if abs(bottom - top) <= _AXIS_TOLERANCE:
        a, b = sorted((x0, x1))
        return Segment(True, (top + bottom) / 2, a, b, width, colour) if b > a else None
    if abs(x1 - x0) <= _AXIS_TOLERANCE:
        a, b = sorted((top, bottom))
        return Segment(False, (x0 + x1) / 2, a, b, width, colour)
    return None  # a diagonal: never a table border


def _bar(x0: float, top: float, x1: float, bottom: float, colour: Colour | None) -> Segment:
    """A thin filled rectangle as the stroke along its long side."""
    if x1 - x0 >= bottom - top:
        return Segment(True, (top + bottom) / 2, x0, x1, bottom - top, colour)
    return Segment(False, (x0 + x1) / 2, top, bottom, x1 - x0, colour)


def objects_to_strokes(
    objects: Mapping[str, Sequence[Mapping[str, Any]]], size: float
) -> tuple[list[Segment], list[Fill]]:
    """The visible straight strokes and the large fills among a page's drawing objects.

    ``size`` is the page's body font size: a filled rectangle thinner than a quarter of
    it is drawn as a line (a border or a strike), anything larger is shading.
    """
    thin = max(1.0, 0.25 * size)
    segments: list[Segment] = []
    fills: list[Fill] = []
    for obj in objects.get("line", ()):
        colour = colour_of(obj.get("stroking_color"))
        width = _width(obj)
        # White strokes, and paths that are only filled, are invisible lines.
        if not obj.get("stroke", True) or is_white(colour):
            continue
        seg = _straight(obj["x0"], obj["top"], obj["x1"], obj["bottom"], width, colour)
        pts = obj.get("pts")
        if pts and len(pts) == 2:
            (ax, ay), (bx, by) = pts
            seg = _straight(ax, ay, bx, by, width, colour)
        if seg is not None:
            segments.append(seg)
    for obj in objects.get("rect", ()):
        _rect_strokes(obj, thin, segments, fills)
    for obj in objects.get("curve", ()):
        if is_glyph_sized(obj, size) and not _elongated(obj):
            # A dot or ring the size of a letter: a bullet drawn as curves (see
            # readers.pdf.bullets); its short straight pieces are not borders.
            continue
        _curve_strokes(obj, thin, segments)
    return segments, fills


def _elongated(obj: Mapping[str, Any]) -> bool:
    """Much longer one way than the other: a bar or a line, not a dot."""
    w = float(obj["x1"]) - float(obj["x0"])
    h = float(obj["bottom"]) - float(obj["top"])
    return max(w, h) > 2 * min(w, h)


def _rect_strokes(
    obj: Mapping[str, Any], thin: float, segments: list[Segment], fills: list[Fill]
) -> None:
    x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
    if not math.isfinite(x0 + top + x1 + bottom):
        return  # a damaged path
    stroke_colour = colour_of(obj.get("stroking_color"))
    fill_colour = colour_of(obj.get("non_stroking_color"))
    width = _width(obj)
    stroked = bool(obj.get("stroke")) and not is_white(stroke_colour)
    filled = bool(obj.get("fill")) and not is_white(fill_colour)
    short, long_ = sorted((x1 - x0, bottom - top))
    if short <= thin and long_ >= 2 * short and (stroked or filled):
        # A hairline rectangle: one line (Word draws every border like this).
        segments.append(_bar(x0, top, x1, bottom, fill_colour if filled else stroke_colour))
        return
    if stroked:
        for seg in (
            Segment(True, top, x0, x1, width, stroke_colour),
            Segment(True, bottom, x0, x1, width, stroke_colour),
            Segment(False, x0, top, bottom, width, stroke_colour),
            Segment(False, x1, top, bottom, width, stroke_colour),
        ):
            segments.append(seg)
    if filled:
        fills.append(Fill(x0, top, x1, bottom))


def _curve_strokes(obj: Mapping[str, Any], thin: float, segments: list[Segment]) -> None:
    """Straight pieces of a stroked path; a thin filled path as one line."""
    colour = colour_of(obj.get("stroking_color"))
    width = _width(obj)
    if obj.get("stroke") and not is_white(colour):
        pts = obj.get("pts") or []
        for (ax, ay), (bx, by) in itertools.pairwise(pts):
            seg = _straight(ax, ay, bx, by, width, colour)
            if seg is not None:
                segments.append(seg)
        return
    fill = colour_of(obj.get("non_stroking_color"))
    if obj.get("fill") and not is_white(fill):
        x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
        short, long_ = sorted((x1 - x0, bottom - top))
        if math.isfinite(short + long_) and short <= thin and long_ >= 2 * short:
            segments.append(_bar(x0, top, x1, bottom, fill))


# -- decorations ----------------------------------------------------------------------


def _covered(spans: Iterable[tuple[float, float]], start: float, end: float) -> float:
    """Length of [start, end] covered by the union of ``spans``."""
    total = 0.0
    reach = start
    for a, b in sorted(spans):
        a, b = max(a, reach), min(b, end)
        if b > a:
            total += b - a
            reach = b
    return total


def _overlap(g: Glyph, seg: Segment) -> float:
    return min(g.x1, seg.end) - max(g.x0, seg.start)


class _LineIndex:
    """Glyphs sorted by baseline, for finding those a horizontal stroke could touch."""

    def __init__(self, glyphs: Sequence[Glyph]) -> None:
        self.glyphs = sorted(glyphs, key=lambda g: g.baseline)
        self.baselines = [g.baseline for g in self.glyphs]
        sizes = sorted(g.size for g in glyphs)
        # How far above a baseline a glyph's middle can be: the largest size, but not
        # more than three body sizes (one giant heading letter must not widen every search).
        self.reach = min(sizes[-1], 3 * sizes[len(sizes) // 2]) if sizes else 0.0

    def near(self, seg: Segment) -> list[Glyph]:
        lo = bisect.bisect_left(self.baselines, seg.pos - 0.5 * self.reach)
        hi = bisect.bisect_right(self.baselines, seg.pos + self.reach)
        return [g for g in self.glyphs[lo:hi] if g.x1 > seg.start and g.x0 < seg.end]


def _struck(seg: Segment, near: Sequence[Glyph]) -> list[Glyph]:
    """The glyphs ``seg`` crosses through the middle, if it is a strike-through."""
    struck = [
        g
        for g in near
        if not g.is_space
        and _STRIKE_LOW <= (g.baseline - seg.pos) / (_CAP_HEIGHT * g.size) <= _STRIKE_HIGH
        and _overlap(g, seg) >= _GLYPH_COVER * g.width
    ]
    spans = ((g.x0, g.x1) for g in struck)
    if struck and _covered(spans, seg.start, seg.end) >= _STRIKE_COVER * seg.length:
        return struck
    return []


def _is_underline(seg: Segment, near: Sequence[Glyph]) -> bool:
    """A stroke just under the baseline of text that covers (nearly) all its length and
    neither starts before that text nor ends after it (beyond a little slack)."""
    line = [g for g in near if -0.05 * g.size <= seg.pos - g.baseline <= 0.3 * g.size]
    if not line:
        return False
    slack = _UNDERLINE_OVERRUN * max(g.size for g in line)
    if min(g.x0 for g in line) - seg.start > slack or seg.end - max(g.x1 for g in line) > slack:
        return False
    spans = ((g.x0, g.x1) for g in line)
    return _covered(spans, seg.start, seg.end) >= _UNDERLINE_COVER * seg.length


def _change_bars(
    verticals: Sequence[Segment], horizontals: Sequence[Segment], glyphs: Sequence[Glyph]
) -> list[Segment]:
    """Vertical strokes in the margin that touch no horizontal stroke: the bars a
    word processor prints beside lines with tracked changes."""
    if not glyphs:
        return []
    size = sorted(g.size for g in glyphs)[len(glyphs) // 2]
    left = min(g.x0 for g in glyphs) - 0.1 * size
    right = max(g.x1 for g in glyphs) + 0.1 * size
    tol = 0.1 * size
    by_pos = sorted(horizontals, key=lambda h: h.pos)
    pos = [h.pos for h in by_pos]
    bars = []
    spans = {(round(v.start / tol), round(v.end / tol)) for v in verticals}
    for v in verticals:
        if left <= v.pos <= right:
            continue
        if _has_twin(v, verticals, spans, tol):
            continue
        lo = bisect.bisect_left(pos, v.start - tol)
        hi = bisect.bisect_right(pos, v.end + tol)
        if not any(h.start - tol <= v.pos <= h.end + tol for h in by_pos[lo:hi]):
            bars.append(v)
    return bars


def _has_twin(
    v: Segment, verticals: Sequence[Segment], spans: set[tuple[int, int]], tol: float
) -> bool:
    """Whether another vertical stroke runs over the same height as ``v``: then both are
    column borders of a table whose horizontal borders are not drawn on this page (a row
    a browser sliced open at both page edges), never a change bar, which stands alone."""
    a, b = round(v.start / tol), round(v.end / tol)
    if not any((a + da, b + db) in spans for da in (-1, 0, 1) for db in (-1, 0, 1)):
        return False
    return any(
        w is not v
        and abs(w.pos - v.pos) > tol
        and abs(w.start - v.start) <= tol
        and abs(w.end - v.end) <= tol
        for w in verticals
    )


def split_decorations(
    segments: Sequence[Segment], glyphs: Sequence[Glyph], page: int
) -> tuple[list[Segment], list[Mark]]:
    """Take text decorations out of ``segments``; return the borders left and marks.

    Sets ``strike`` on glyphs crossed through the middle; sets ``deleted`` on glyphs
    struck out by a tracked-change deletion (struck in an author colour, with a change
    bar in the margin beside them), which are not content at all.
    """
    index = _LineIndex(glyphs)
    horizontals = [s for s in segments if s.horizontal]
    verticals = [s for s in segments if not s.horizontal]
    bars = _change_bars(verticals, horizontals, glyphs)
    marks = [Mark("ignored-stroke", Origin(page=page, bbox=b.bbox)) for b in bars]
    removed: set[int] = {id(b) for b in bars}
    for seg in horizontals:
        near = index.near(seg)
        if not near:
            continue
        struck = _struck(seg, near)
        if struck:
            removed.add(id(seg))
            marks.append(Mark("ignored-stroke", Origin(page=page, bbox=seg.bbox)))
            tracked = is_chromatic(seg.colour) and any(b.start <= seg.pos <= b.end for b in bars)
            if tracked:
                # The spaces inside a deleted stretch go with it.
                struck += [
                    g
                    for g in near
                    if g.is_space and _overlap(g, seg) > 0 and same_colour(g.colour, seg.colour)
                ]
            for g in struck:
                if g.strike or g.deleted:
                    continue  # the second line of a double strike-through
                box = (g.x0, g.top, g.x1, g.bottom)
                if tracked and same_colour(g.colour, seg.colour):
                    g.deleted = True
                    marks.append(Mark("tracked-deletion", Origin(page=page, bbox=box)))
                else:
                    g.strike = True
                    marks.append(Mark("strike", Origin(page=page, bbox=box)))
        elif _is_underline(seg, near):
            removed.add(id(seg))
            marks.append(Mark("ignored-stroke", Origin(page=page, bbox=seg.bbox)))
    return [s for s in segments if id(s) not in removed], marks
