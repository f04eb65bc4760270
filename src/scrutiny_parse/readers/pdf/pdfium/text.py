"""Characters: PDFium's text page -> Glyphs with pdfminer's boxes, one text object at a time.

What PDFium's text page changes is undone here: generated spaces and line breaks are
skipped, a ligature's letters are merged again, a line-end hyphen gets its "-" back.
"""

from __future__ import annotations

import ctypes
import math
from ctypes import c_double, c_float, c_uint

import pypdfium2.raw as pdfium_c

from scrutiny_parse.readers.pdf.glyphs import Glyph, font_flags
from scrutiny_parse.readers.pdf.pdfium.bindings import (
    CountChars,
    FontGetBaseFontName,
    FontGetDescent,
    FontGetGlyphWidth,
    GetCharMatrix,
    GetCharOrigin,
    GetTextObject,
    GetUnicode,
    IsGenerated,
    IsHyphen,
    ObjGetFillColor,
    TextObjGetFont,
    TextObjGetFontSize,
    out_array,
    rgb,
)
from scrutiny_parse.readers.pdf.pdfium.frame import Frame
from scrutiny_parse.readers.pdf.prescan import PageFacts

__all__ = ["Chars", "Run"]

# PDFium's text page marks a hyphen that ends a line by giving it this code.
_LINE_END_HYPHEN = 0x2


class Run:
    """What the characters of a text object share (font, size, colour, matrix): one Run
    serves every object drawn alike (a browser's PDF draws an object per word)."""

    __slots__ = (
        "a",
        "adv",
        "b",
        "bold",
        "c",
        "cb",
        "colour",
        "cx",
        "cy",
        "d",
        "descent",
        "fast",
        "font",
        "height",
        "italic",
        "name",
        "on_base",
        "size",
        "upright",
        "widths",
    )

    def __init__(
        self,
        font: int,
        size: float,
        matrix: tuple[float, float, float, float],
        colour: tuple[float, float, float] | None,
        frame: Frame,
        chars: Chars,
    ) -> None:
        self.size = size
        # The character's linear matrix in pdfminer's device space (font size apart).
        self.a, self.b, self.c, self.d = frame.linear((*matrix, 0.0, 0.0))
        self.upright = abs(self.b) < 1e-6 and abs(self.c) < 1e-6
        self.font = font
        facts = chars.fonts.get(font)
        if facts is None:
            name, descent = _font_facts(font, chars.facts)
            facts = chars.fonts[font] = (name, descent, *font_flags(name))
        self.name, self.descent, self.bold, self.italic = facts
        self.colour = colour
        # Advance widths per unit size, shared by every run in this font.
        self.widths = chars.widths.setdefault(font, {})
        # The fast path of Chars.read: an unrotated page and an upright, unmirrored,
        # unskewed character matrix, so x0 = origin x + cx, bottom = cy - origin y...
        lo = self.descent * size
        self.fast = (
            frame.rotation == 0
            and self.upright
            and self.a > 0
            and self.d > 0
            and size > 0
            and math.isfinite(self.a + self.d + size + lo)
        )
        self.adv = self.a * size
        self.height = self.d * size
        self.cx = frame.e + frame.x_shift
        # bottom = y_base - (origin y + f + d * lo); baseline = y_base - (origin y + f).
        self.cb = frame.y_base - frame.f
        self.cy = self.cb - self.d * lo
        # glyphs._baseline takes the box bottom instead when the descent is off the box.
        self.on_base = 0 <= -self.d * lo <= self.height

    def width(self, code: int) -> float:
        """Advance width of a character per unit of font size (the font's /Widths)."""
        w = self.widths.get(code)
        if w is None:
            value = c_float()
            ok = self.font and FontGetGlyphWidth(self.font, code, 1.0, value)
            w = self.widths[code] = value.value if ok else 0.0
        return w


def _font_facts(font: int, facts: PageFacts) -> tuple[str, float]:
    """(BaseFont, descent per unit size) as pdfminer sees them: from the pre-scan of the
    page's font resources when it knows the font, else PDFium's own figures."""
    if not font:
        return "", 0.0
    size = FontGetBaseFontName(font, None, 0)
    name = ""
    if size > 0:
        buf = ctypes.create_string_buffer(size)
        FontGetBaseFontName(font, buf, size)
        name = buf.value.decode("latin-1")
    known = facts.fonts.get(name.rsplit("+", 1)[-1])
    if known is not None:
        return known
    value = c_float()
    descent = -abs(value.value) if FontGetDescent(font, 1.0, value) else 0.0
    return name, descent


class Chars:
    """Reads a text page's characters into Glyphs, one text object (run) at a time."""

    def __init__(self, text: int, frame: Frame, facts: PageFacts) -> None:
        self.text = text
        self.frame = frame
        self.facts = facts
        # text object handle -> its run, and its glyphs; the objects PDFium kept.
        self.seen: dict[int, Run] = {}
        self.glyphs_of: dict[int, list[Glyph]] = {}
        # (font, size, matrix, colour) -> the run every object drawn so shares.
        self.runs: dict[tuple[object, ...], Run] = {}
        # font handle -> (name, descent, bold, italic); -> {unicode: advance per size}
        self.fonts: dict[int, tuple[str, float, bool, bool]] = {}
        self.widths: dict[int, dict[int, float]] = {}
        # Out-parameters for PDFium calls, made once.
        self.float_out = c_float()
        self.matrix_out = pdfium_c.FS_MATRIX()
        self.rgba = out_array(c_uint, 4)
        # ... and their addresses, as the bindings take them.
        self.float_at = ctypes.addressof(self.float_out)
        self.matrix_at = ctypes.addressof(self.matrix_out)

    def _run(self, obj: int, index: int) -> Run:
        """The run of text object ``obj``, whose first character is ``index``."""
        font = TextObjGetFont(obj) or 0
        m = self.matrix_out
        size = self.float_out.value if TextObjGetFontSize(obj, self.float_at) else 0.0
        matrix = (
            (m.a, m.b, m.c, m.d)
            if GetCharMatrix(self.text, index, self.matrix_at)
            else (1.0, 0.0, 0.0, 1.0)
        )
        colour = rgb(ObjGetFillColor, obj, self.rgba)
        key = (font, size, matrix, colour)
        run = self.runs.get(key)
        if run is None:
            run = self.runs[key] = Run(font, size, matrix, colour, self.frame, self)
        return run

    def read(self) -> list[Glyph]:
        text, frame, seen = self.text, self.frame, self.seen
        x, y = c_double(), c_double()
        px, py = ctypes.addressof(x), ctypes.addressof(y)
        # Called once or more per character: bound to locals.
        get_unicode, get_object, get_origin = GetUnicode, GetTextObject, GetCharOrigin
        is_generated, maybe_generated, make = IsGenerated, _MAYBE_GENERATED, Glyph
        glyphs: list[Glyph] = []
        keep = glyphs.append
        # The last glyph's origin and run: a ligature's letters share one origin.
        last: Glyph | None = None
        last_obj, last_x, last_y = 0, math.nan, math.nan
        # A ligature just merged, waiting for the next origin on its line (its end).
        ligature: Glyph | None = None
        run: Run | None = None
        run_obj = 0
        run_glyphs: list[Glyph] = []
        lig_width = 0.0  # advance (per unit size) of the glyph being built, all letters
        last_code = 0
        # The current run's constants (see Run.fast).
        fast = False
        widths: dict[int, float] = {}
        cx = cy = cb = height = adv = 0.0
        name, bold, italic, colour, on_base = "", False, False, None, True
        for i in range(CountChars(text)):
            code = get_unicode(text, i)
            # Only spaces and line breaks are ever generated (PDFium's inferred text).
            if code in maybe_generated and is_generated(text, i):
                continue
            obj = get_object(text, i)
            if not obj:
                continue
            if code == _LINE_END_HYPHEN and IsHyphen(text, i):
                code = 0x2D
            if obj != run_obj:
                run = seen.get(obj)
                if run is None:
                    run = seen[obj] = self._run(obj, i)
                    self.glyphs_of[obj] = []
                run_obj, run_glyphs = obj, self.glyphs_of[obj]
                fast, widths = run.fast, run.widths
                cx, cy, cb, height, adv = run.cx, run.cy, run.cb, run.height, run.adv
                name, bold, italic, colour = run.name, run.bold, run.italic, run.colour
                on_base = run.on_base
            assert run is not None
            get_origin(text, i, px, py)
            ox, oy = x.value, y.value
            char = chr(code) if code <= 0x10FFFF else "\ufffd"
            if ox == last_x and oy == last_y and obj == last_obj and last is not None:
                # One glyph, several letters (a ligature "fi"): pdfminer's single char.
                last.text = _join(last.text, char)
                last.is_space = last.text.isspace()
                if ligature is not last:  # the second letter: start from the first's
                    lig_width = run.width(last_code)
                lig_width += run.width(code)
                self._ligature_box(last, lig_width, ox, oy, run)
                ligature = last
                continue
            if ligature is not None:
                # The ligature's advance ends where the next character of its text
                # object starts (its letters' widths are not the ligature glyph's).
                if obj == last_obj and oy == last_y and run.upright:
                    end = frame.point(ox, oy)[0]
                    if end > ligature.x0:
                        ligature.x1 = end
                ligature = None
            last_obj, last_x, last_y, last_code = obj, ox, oy, code
            if fast and not ("\ud800" <= char <= "\udfff"):
                # Upright text on an unrotated page (nearly every character): the box
                # of _glyph, with the run's constants folded in.
                w = widths.get(code)
                if w is None:
                    w = run.width(code)
                x0 = ox + cx
                bottom = cy - oy
                glyph = make(
                    char,
                    x0,
                    x0 + w * adv,
                    bottom - height,
                    bottom,
                    cb - oy if on_base else bottom,
                    height,
                    name,
                    bold,
                    italic,
                    colour,
                    char.isspace(),
                )
                last = glyph
            else:
                last = _glyph(char, code, ox, oy, run, frame)
                if last is None:
                    continue
                glyph = last
            keep(glyph)
            run_glyphs.append(glyph)
        return [g for g in glyphs if g.text not in _SKIP]

    def _ligature_box(self, glyph: Glyph, width: float, ox: float, oy: float, run: Run) -> None:
        """Until the next origin says where it ends, a ligature spans its letters'
        advances (a ligature glyph is as wide as its letters in text faces)."""
        box = _glyph(glyph.text, 0, ox, oy, run, self.frame, width)
        if box is not None:
            glyph.x0, glyph.x1, glyph.top, glyph.bottom = box.x0, box.x1, box.top, box.bottom
            glyph.baseline, glyph.size = box.baseline, box.size


# What PDFium's text page generates: spaces and line breaks.
_MAYBE_GENERATED = frozenset({0x20, 0x0D, 0x0A})
# Characters that carry no text of their own (as in glyphs.chars_to_glyphs).
_SKIP = frozenset({"", "\x00", "\ufffd"})


def _join(a: str, b: str) -> str:
    """``a + b``, pairing UTF-16 surrogate halves a ToUnicode map split into two codes."""
    s = a + b
    if any("\ud800" <= ch <= "\udfff" for ch in s):
        s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return s


def _glyph(
    char: str,
    code: int,
    ox: float,
    oy: float,
    run: Run,
    frame: Frame,
    width: float | None = None,
) -> Glyph | None:
    """pdfminer's box for one character: from the origin, the advance across and
    ``descent .. descent + size`` up, through the character's matrix (``width``, per
    unit size, overrides the character's own advance)."""
    if len(char) == 1 and "\ud800" <= char <= "\udfff":
        char = "\ufffd"  # a lone surrogate half: no character (unless paired later)
    size = run.size
    adv = (run.width(code) if width is None else width) * size
    lo = run.descent * size
    dx, dy = frame.device(ox, oy)
    a, b, c, d = run.a, run.b, run.c, run.d
    # Lower-left (0, lo) and upper-right (adv, lo + size) of the box, as pdfminer maps them.
    llx, lly = dx + c * lo, dy + d * lo
    urx, ury = dx + a * adv + c * (lo + size), dy + b * adv + d * (lo + size)
    x0, x1 = (llx, urx) if llx <= urx else (urx, llx)
    y0, y1 = (lly, ury) if lly <= ury else (ury, lly)
    height = y1 - y0
    if not (height > 0 and math.isfinite(x0 + x1 + y0 + y1)):
        return None  # nothing a reader could see (as chars_to_glyphs drops it)
    top, bottom = frame.y_base - y1, frame.y_base - y0
    # Our baseline (glyphs._baseline): box bottom less pdfminer's descent when the
    # matrix is upright, else the box bottom.
    baseline = bottom
    if run.upright:
        descent = dy - y0
        if 0 <= descent <= height:
            baseline = bottom - descent
    shift = frame.x_shift
    return Glyph(
        char,
        x0 + shift,
        x1 + shift,
        top,
        bottom,
        baseline,
        height,
        run.name,
        run.bold,
        run.italic,
        run.colour,
        char.isspace(),
    )
