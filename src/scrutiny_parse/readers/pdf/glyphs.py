"""PDF characters -> :class:`Glyph`: one drawn character with the facts the reader needs.

pdfplumber hands out one dict per character with some thirty keys. The reader keeps a
small slotted object instead: position, baseline, size, font flags and fill colour. Two
PDF habit is undone here, before anything else looks at the text: *fake bold*, where a
producer without a bold font draws each character two or three times a fraction of a
point apart. The copies are dropped and the character is marked bold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Colour",
    "Glyph",
    "chars_to_glyphs",
    "colour_of",
    "drop_copies",
    "font_flags",
    "is_chromatic",
    "is_white",
    "same_colour",
]

Colour = tuple[float, ...]

# Copies of a character closer than this (in points) are one fake-bold character.
_FAKE_BOLD_OFFSET = 1.0
# Characters that carry no text of their own.
_SKIP = frozenset({"", "\x00", "\ufffd"})


@dataclass(slots=True, eq=False)
class Glyph:
    """One drawn character in pdfplumber's top-left coordinates (points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    # y of the baseline, top-left coordinates: bottom of the box minus the font descent.
    baseline: float
    size: float
    font: str
    bold: bool
    italic: bool
    colour: Colour | None
    # A space, tab or no-break space (computed once: asked for every glyph, often).
    is_space: bool
    strike: bool = False
    # Text struck out by a tracked-change deletion (see _pdf_strokes): not content.
    deleted: bool = False

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def colour_of(value: Any) -> Colour | None:
    """A pdfplumber colour (number, tuple, pattern name or None) as a tuple of floats."""
    if isinstance(value, (int, float)):
        return (float(value),)
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float)) for v in value):
        return tuple(float(v) for v in value)
    return None


def is_white(colour: Colour | None) -> bool:
    """Paper white in grey, RGB or CMYK (CMYK white is all zeros)."""
    if colour is None:
        return False
    if len(colour) == 4:
        return all(c <= 0.05 for c in colour)
    return all(c >= 0.95 for c in colour)


def _rgb(colour: Colour) -> Colour:
    if len(colour) == 4:  # CMYK
        c, m, y, k = colour
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    if len(colour) == 3:
        return colour
    return (colour[0],) * 3 if colour else (0.0, 0.0, 0.0)


def is_chromatic(colour: Colour | None) -> bool:
    """A visible hue (a tracked-change author colour), not black, white or grey."""
    if colour is None:
        return False
    rgb = _rgb(colour)
    return max(rgb) - min(rgb) > 0.15


def same_colour(a: Colour | None, b: Colour | None) -> bool:
    """Whether two colours look the same (compared in RGB)."""
    if a is None or b is None:
        return a is b
    return all(abs(x - y) < 0.05 for x, y in zip(_rgb(a), _rgb(b), strict=True))


def _baseline(char: Mapping[str, Any]) -> float:
    """The baseline in top-left coordinates.

    pdfminer's box runs from ``origin + descent`` to ``origin + descent + size``, so the
    baseline sits ``matrix[5] - y0`` above the box bottom. A rotated or skewed text matrix
    has no such simple relation; its box bottom is used instead.
    """
    matrix = char.get("matrix")
    bottom = float(char["bottom"])
    if matrix and abs(matrix[1]) < 1e-6 and abs(matrix[2]) < 1e-6:
        descent = float(matrix[5]) - float(char["y0"])
        if 0 <= descent <= float(char["bottom"]) - float(char["top"]):
            return bottom - descent
    return bottom


def font_flags(font: str) -> tuple[bool, bool]:
    """(bold, italic) as the font's name says."""
    # Subset fonts are named "ABCDEF+DejaVuSerif-BoldItalic"; only the style part counts.
    style = font.rsplit("+", 1)[-1].lower()
    bold = any(w in style for w in ("bold", "black", "heavy", "semibold", "demi"))
    italic = "italic" in style or "oblique" in style
    return bold, italic


def chars_to_glyphs(chars: Iterable[Mapping[str, Any]]) -> list[Glyph]:
    """Convert pdfplumber chars, dropping fake-bold copies."""
    glyphs: list[Glyph] = []
    # (text, x bucket, baseline bucket) -> glyphs kept there: finds a copy in O(1).
    seen: dict[tuple[str, int, int], list[Glyph]] = {}
    flags: dict[str, tuple[bool, bool]] = {}
    colours: dict[Any, Colour | None] = {}
    for char in chars:
        text = char.get("text") or ""
        if text in _SKIP:
            continue
        raw_colour = char.get("non_stroking_color")
        try:
            colour = colours[raw_colour]
        except KeyError:
            colour = colours[raw_colour] = colour_of(raw_colour)
        except TypeError:  # an unhashable colour (a list): convert every time
            colour = colour_of(raw_colour)
        font = str(char.get("fontname") or "")
        if font not in flags:
            flags[font] = font_flags(font)
        bold, italic = flags[font]
        x0, x1, top, bottom = char["x0"], char["x1"], char["top"], char["bottom"]
        size = char.get("size") or (bottom - top)
        # A damaged or degenerate text matrix gives zero-size or non-finite boxes:
        # nothing a reader could see, and poison for every ratio downstream.
        if not (size > 0 and math.isfinite(size + x0 + x1 + top + bottom)):
            continue
        space = text.isspace()
        glyph = Glyph(
            text,
            x0,
            x1,
            top,
            bottom,
            _baseline(char),
            size,
            font,
            bold,
            italic,
            colour,
            space,
        )
        if not space and _is_copy(glyph, seen):
            continue
        glyphs.append(glyph)
    return glyphs


def drop_copies(glyphs: Iterable[Glyph]) -> list[Glyph]:
    """The glyphs without fake-bold copies (each copy marks its original bold), for a
    backend that builds Glyphs itself."""
    seen: dict[tuple[str, int, int], list[Glyph]] = {}
    return [g for g in glyphs if g.is_space or not _is_copy(g, seen)]


def _is_copy(glyph: Glyph, seen: dict[tuple[str, int, int], list[Glyph]]) -> bool:
    """Whether the same character was already drawn within a point of this one (fake
    bold); records the glyph otherwise."""
    x, y = glyph.x0, glyph.baseline
    # Buckets twice the offset wide: a copy lies in this one or the neighbour on the
    # near side, so four lookups find it.
    fx, fy = x / (2 * _FAKE_BOLD_OFFSET), y / (2 * _FAKE_BOLD_OFFSET)
    bx, by = math.floor(fx), math.floor(fy)
    nx = bx + (1 if fx - bx >= 0.5 else -1)
    ny = by + (1 if fy - by >= 0.5 else -1)
    # Tiny type can put two real letters ("ll") within a point: scale down.
    near = min(_FAKE_BOLD_OFFSET, 0.3 * glyph.size)
    text = glyph.text
    for key in ((text, bx, by), (text, nx, by), (text, bx, ny), (text, nx, ny)):
        for other in seen.get(key, ()):
            if abs(other.x0 - x) < near and abs(other.baseline - y) < near:
                # A copy drawn bolder than the original: the character is bold.
                other.bold = True
                return True
    seen.setdefault((text, bx, by), []).append(glyph)
    return False
