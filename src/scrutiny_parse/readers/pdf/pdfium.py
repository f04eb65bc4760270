"""The PDFium backend: characters and paths through pypdfium2's C library (the default).

PDFium interprets the page in C++; this module asks it for each character (unicode,
origin, font, size, fill colour) and each path (segments, fill / stroke, width, colours)
and rebuilds exactly what the pdfplumber backend hands the stages: the same glyph boxes
(pdfminer's: the advance width across, ``descent .. descent + size`` up), the same
``line`` / ``rect`` / ``curve`` split of paths, the same top-left coordinates. PDFium's
text page is not a plain list of drawn characters, and what it changes is undone or
noted where it is handled:

* generated spaces and line breaks (``FPDFText_IsGenerated``) are skipped;
* a ligature comes back as one character per letter at one origin: merged again;
* a hyphen at a line end comes back as U+0002: given back its "-";
* fake-bold copies (the same text drawn again a fraction of a point off) are dropped
  by PDFium; the text objects it left out are found among the page objects and the
  copy they repeat is marked bold, as the reference marks it.

Nothing here may crash the process: every handle is checked before use and closed in a
``finally``, PDFium is called under one lock (it is not thread-safe), and the page and
page-content limits are checked before PDFium parses a page (:mod:`.prescan`).
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Callable, Generator
from ctypes import POINTER, c_char_p, c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from typing import Any

import pypdfium2.raw as pdfium_c
from pypdfium2 import PdfiumError  # importing pypdfium2 initialises the PDFium library

from scrutiny_parse.errors import CorruptDocumentError, EncryptedDocumentError
from scrutiny_parse.limits import Limits
from scrutiny_parse.readers.pdf.backend import PageDrawing
from scrutiny_parse.readers.pdf.glyphs import Colour, Glyph, drop_copies, font_flags
from scrutiny_parse.readers.pdf.prescan import PageFacts, page_facts

__all__ = ["read_pages"]

Matrix = tuple[float, float, float, float, float, float]


# -- bindings -------------------------------------------------------------------------
# pypdfium2.raw declares handles as typed pointers, which cannot be dict keys and cost
# an object per call; the same C functions are bound again here with plain
# ``c_void_p`` handles (ints), taking each function's address from pypdfium2.


def _bind(name: str, restype: Any, *argtypes: Any) -> Any:
    address = ctypes.cast(getattr(pdfium_c, name), c_void_p).value
    if not address:
        raise ImportError(f"PDFium has no {name}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P = c_void_p
_PD, _PF, _PI, _PU = POINTER(c_double), POINTER(c_float), POINTER(c_int), POINTER(c_uint)
_LoadMemDocument64 = _bind("FPDF_LoadMemDocument64", _P, _P, ctypes.c_size_t, c_char_p)
_CloseDocument = _bind("FPDF_CloseDocument", None, _P)
_GetLastError = _bind("FPDF_GetLastError", c_ulong)
_GetPageCount = _bind("FPDF_GetPageCount", c_int, _P)
_LoadPage = _bind("FPDF_LoadPage", _P, _P, c_int)
_ClosePage = _bind("FPDF_ClosePage", None, _P)
_GetMediaBox = _bind("FPDFPage_GetMediaBox", c_int, _P, _PF, _PF, _PF, _PF)
_GetBoundingBox = _bind("FPDF_GetPageBoundingBox", c_int, _P, POINTER(pdfium_c.FS_RECTF))
_GetRotation = _bind("FPDFPage_GetRotation", c_int, _P)
_CountObjects = _bind("FPDFPage_CountObjects", c_int, _P)
_GetObject = _bind("FPDFPage_GetObject", _P, _P, c_int)
_FormCountObjects = _bind("FPDFFormObj_CountObjects", c_int, _P)
_FormGetObject = _bind("FPDFFormObj_GetObject", _P, _P, c_ulong)
_ObjGetType = _bind("FPDFPageObj_GetType", c_int, _P)
_ObjGetMatrix = _bind("FPDFPageObj_GetMatrix", c_int, _P, POINTER(pdfium_c.FS_MATRIX))
_ObjGetBounds = _bind("FPDFPageObj_GetBounds", c_int, _P, _PF, _PF, _PF, _PF)
_ObjGetFillColor = _bind("FPDFPageObj_GetFillColor", c_int, _P, _PU, _PU, _PU, _PU)
_ObjGetStrokeColor = _bind("FPDFPageObj_GetStrokeColor", c_int, _P, _PU, _PU, _PU, _PU)
_ObjGetStrokeWidth = _bind("FPDFPageObj_GetStrokeWidth", c_int, _P, _PF)
_PathCountSegments = _bind("FPDFPath_CountSegments", c_int, _P)
_PathGetSegment = _bind("FPDFPath_GetPathSegment", _P, _P, c_int)
_PathGetDrawMode = _bind("FPDFPath_GetDrawMode", c_int, _P, _PI, _PI)
_SegGetPoint = _bind("FPDFPathSegment_GetPoint", c_int, _P, _PF, _PF)
_SegGetType = _bind("FPDFPathSegment_GetType", c_int, _P)
_SegGetClose = _bind("FPDFPathSegment_GetClose", c_int, _P)
_TextLoadPage = _bind("FPDFText_LoadPage", _P, _P)
_TextClosePage = _bind("FPDFText_ClosePage", None, _P)
_CountChars = _bind("FPDFText_CountChars", c_int, _P)
_GetUnicode = _bind("FPDFText_GetUnicode", c_uint, _P, c_int)
_IsGenerated = _bind("FPDFText_IsGenerated", c_int, _P, c_int)
_IsHyphen = _bind("FPDFText_IsHyphen", c_int, _P, c_int)
_GetTextObject = _bind("FPDFText_GetTextObject", _P, _P, c_int)
_GetCharOrigin = _bind("FPDFText_GetCharOrigin", c_int, _P, c_int, _PD, _PD)
_GetCharBox = _bind("FPDFText_GetCharBox", c_int, _P, c_int, _PD, _PD, _PD, _PD)
_GetCharMatrix = _bind("FPDFText_GetMatrix", c_int, _P, c_int, POINTER(pdfium_c.FS_MATRIX))
_TextObjGetFont = _bind("FPDFTextObj_GetFont", _P, _P)
_TextObjGetFontSize = _bind("FPDFTextObj_GetFontSize", c_int, _P, _PF)
_FontGetBaseFontName = _bind(
    "FPDFFont_GetBaseFontName", ctypes.c_size_t, _P, c_char_p, ctypes.c_size_t
)
_FontGetDescent = _bind("FPDFFont_GetDescent", c_int, _P, c_float, _PF)
_FontGetGlyphWidth = _bind("FPDFFont_GetGlyphWidth", c_int, _P, c_uint, c_float, _PF)

_TEXT, _PATH, _FORM = (
    pdfium_c.FPDF_PAGEOBJ_TEXT,
    pdfium_c.FPDF_PAGEOBJ_PATH,
    pdfium_c.FPDF_PAGEOBJ_FORM,
)
_LINETO, _BEZIERTO, _MOVETO = (
    pdfium_c.FPDF_SEGMENT_LINETO,
    pdfium_c.FPDF_SEGMENT_BEZIERTO,
    pdfium_c.FPDF_SEGMENT_MOVETO,
)
# PDFium is not thread-safe: one document at a time in this process (re-entrant, so a
# caller reading a second PDF from the same thread does not deadlock).
_LOCK = threading.RLock()
# PDFium's text page marks a hyphen that ends a line by giving it this code.
_LINE_END_HYPHEN = 0x2
# Pages read before the document is opened afresh (see read_pages).
_REOPEN_EVERY = 32
# Nesting of form XObjects followed when collecting paths (PDFium has its own cap).
_MAX_FORM_DEPTH = 32
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def read_pages(data: bytes, limits: Limits) -> Generator[PageDrawing, None, None]:
    """The pages of ``data`` as PDFium reads them (see :class:`PageReader`)."""
    with _LOCK:
        doc = _open_document(data)
        facts: Generator[PageFacts, None, None] | None = None
        try:
            count = _GetPageCount(doc)
            if count <= 0:
                raise CorruptDocumentError("the PDF has no pages (damaged or truncated page tree)")
            if count > limits.max_pages:
                raise limits.exceeded("max_pages", count)
            facts = page_facts(data, limits)
            for index in range(count):
                number = index + 1
                fact = next(facts, None)
                if fact is None:
                    raise CorruptDocumentError(
                        f"page {number} of the PDF is missing from its page tree"
                    )
                size = fact.content_size
                if size > limits.max_page_content_size:
                    raise limits.exceeded("max_page_content_size", size, f"page {number}")
                if index and index % _REOPEN_EVERY == 0:
                    # PDFium keeps every object it has parsed (fonts' programs among
                    # them) until the document closes; a fresh handle now and then keeps
                    # memory flat on long files whose pages do not share resources.
                    _CloseDocument(doc)
                    doc = 0
                    doc = _open_document(data)
                yield _read_page(doc, index, fact)
        finally:
            if doc:
                _CloseDocument(doc)
            if facts is not None:
                facts.close()


def _open_document(data: bytes) -> int:
    """A PDFium document handle on ``data`` (close it with _CloseDocument)."""
    # PDFium reads the caller's bytes in place (no copy): ``data`` outlives the handle.
    doc = _LoadMemDocument64(data, len(data), None)
    if not doc:
        code = _GetLastError()
        raise _load_error(code) from PdfiumError(f"FPDF_LoadMemDocument64 failed: {code}", code)
    return int(doc)


def _load_error(code: int) -> Exception:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedDocumentError(
            "the PDF is encrypted with a password (a user password is needed to open it)"
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedDocumentError(
            "the PDF is encrypted in a way that cannot be read (unsupported security handler)"
        )
    reason = {
        pdfium_c.FPDF_ERR_FILE: "not a readable file",
        pdfium_c.FPDF_ERR_FORMAT: "not a PDF or damaged",
    }.get(code, "unknown error")
    return CorruptDocumentError(
        f"the PDF is damaged and cannot be read (PDFium error {code}: {reason})"
    )


def _read_page(doc: int, index: int, facts: PageFacts) -> PageDrawing:
    page = _LoadPage(doc, index)
    if not page:
        raise CorruptDocumentError(
            f"page {index + 1} of the PDF is damaged and cannot be read"
        ) from PdfiumError(f"FPDF_LoadPage failed on page index {index}")
    try:
        frame = _Frame(page)
        text = _TextLoadPage(page)
        if not text:
            raise CorruptDocumentError(
                f"page {index + 1} of the PDF has an unreadable text layer"
            ) from PdfiumError(f"FPDFText_LoadPage failed on page index {index}")
        try:
            chars = _Chars(text, frame, facts)
            glyphs = chars.read()
            objects, dropped = _objects(page, frame, chars.seen)
            if dropped:
                _mark_fake_bold(dropped, chars)
        finally:
            _TextClosePage(text)
    finally:
        _ClosePage(page)
    if _runs_overlap(chars.seen):
        glyphs = drop_copies(glyphs)
    return PageDrawing(index + 1, frame.width, frame.height, glyphs, objects)


# -- coordinates ----------------------------------------------------------------------


class _Frame:
    """PDF user space -> pdfplumber's top-left page coordinates.

    pdfminer first maps user space by a matrix that undoes the MediaBox offset and
    applies the page's /Rotate; pdfplumber then flips y against the rotated page height
    (and adds the MediaBox's x back). Both steps are reproduced, so a rotated or offset
    page lands exactly where the reference puts it.
    """

    __slots__ = ("a", "b", "c", "d", "e", "f", "height", "rotation", "width", "x_shift", "y_base")

    def __init__(self, page: int) -> None:
        l_, b_, r_, t_ = c_float(), c_float(), c_float(), c_float()
        if _GetMediaBox(page, l_, b_, r_, t_):
            box = (l_.value, b_.value, r_.value, t_.value)
        else:  # inherited from the page tree: PDFium's effective page box
            rect = pdfium_c.FS_RECTF()
            _GetBoundingBox(page, rect)
            box = (rect.left, rect.bottom, rect.right, rect.top)
        x0, x1 = sorted((box[0], box[2]))
        y0, y1 = sorted((box[1], box[3]))
        rotation = (_GetRotation(page) % 4) * 90
        self.rotation = rotation
        # pdfminer's page matrix (pdfinterp.PDFPageInterpreter.process_page).
        m: Matrix = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        self.a, self.b, self.c, self.d, self.e, self.f = m
        # pdfplumber's page box (page._normalize_box, _invert_box): swapped when rotated.
        if rotation in (90, 270):
            x0, y0, x1, y1 = y0, x0, y1, x1
        self.width = x1 - x0
        self.height = y1 - y0
        self.x_shift = x0
        # top = height - y + mediabox top, where that top is (height - y1) after the flip.
        self.y_base = self.height + (self.height - y1)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a user-space point."""
        px = self.a * x + self.c * y + self.e
        py = self.b * x + self.d * y + self.f
        return px + self.x_shift, self.y_base - py

    def device(self, x: float, y: float) -> tuple[float, float]:
        """pdfminer's device point (origin bottom-left, MediaBox offset taken off)."""
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def linear(self, m: Matrix) -> tuple[float, float, float, float]:
        """The linear part of ``m`` followed by the page matrix."""
        a, b, c, d = m[0], m[1], m[2], m[3]
        return (
            a * self.a + b * self.c,
            a * self.b + b * self.d,
            c * self.a + d * self.c,
            c * self.b + d * self.d,
        )


def _concat(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector order: m x n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n  # the second matrix's entries
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _matrix(obj: int) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not _ObjGetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _colour(getter: Callable[..., int], obj: int) -> Colour | None:
    """An object's fill or stroke colour as RGB in 0..1 (None when PDFium has none:
    a pattern or shading)."""
    r, g, b, a = c_uint(), c_uint(), c_uint(), c_uint()
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


# -- characters -----------------------------------------------------------------------


class _Run:
    """What every character of one text object shares: font, size, colour, matrix."""

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
        "glyphs",
        "height",
        "italic",
        "name",
        "on_base",
        "size",
        "upright",
        "widths",
    )

    def __init__(self, obj: int, text: int, index: int, frame: _Frame, chars: _Chars) -> None:
        font = _TextObjGetFont(obj) or 0
        value, m = chars.float_out, chars.matrix_out
        self.size = value.value if _TextObjGetFontSize(obj, value) else 0.0
        if not _GetCharMatrix(text, index, m):
            m.a, m.b, m.c, m.d = 1.0, 0.0, 0.0, 1.0
        # The character's linear matrix in pdfminer's device space (font size apart).
        self.a, self.b, self.c, self.d = frame.linear((m.a, m.b, m.c, m.d, 0.0, 0.0))
        self.upright = abs(self.b) < 1e-6 and abs(self.c) < 1e-6
        self.font = font
        facts = chars.fonts.get(font)
        if facts is None:
            name, descent = _font_facts(font, chars.facts)
            facts = chars.fonts[font] = (name, descent, *font_flags(name))
        self.name, self.descent, self.bold, self.italic = facts
        r, g, b, a = chars.rgba_out
        self.colour = (
            (r.value / 255, g.value / 255, b.value / 255)
            if _ObjGetFillColor(obj, r, g, b, a)
            else None  # a pattern or shading: no colour PDFium can give
        )
        # Advance widths per unit size, shared by every run in this font.
        self.widths = chars.widths.setdefault(font, {})
        self.glyphs: list[Glyph] = []
        # The fast path of _Chars.read: an unrotated page and an upright, unmirrored,
        # unskewed character matrix, so x0 = origin x + cx, bottom = cy - origin y...
        size, lo = self.size, self.descent * self.size
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
            ok = self.font and _FontGetGlyphWidth(self.font, code, 1.0, value)
            w = self.widths[code] = value.value if ok else 0.0
        return w


def _font_facts(font: int, facts: PageFacts) -> tuple[str, float]:
    """(BaseFont, descent per unit size) as pdfminer sees them: from the pre-scan of the
    page's font resources when it knows the font, else PDFium's own figures."""
    if not font:
        return "", 0.0
    size = _FontGetBaseFontName(font, None, 0)
    name = ""
    if size > 0:
        buf = ctypes.create_string_buffer(size)
        _FontGetBaseFontName(font, buf, size)
        name = buf.value.decode("latin-1")
    known = facts.fonts.get(name.rsplit("+", 1)[-1])
    if known is not None:
        return known
    value = c_float()
    descent = -abs(value.value) if _FontGetDescent(font, 1.0, value) else 0.0
    return name, descent


class _Chars:
    """Reads a text page's characters into Glyphs, one text object (run) at a time."""

    def __init__(self, text: int, frame: _Frame, facts: PageFacts) -> None:
        self.text = text
        self.frame = frame
        self.facts = facts
        # text object handle -> its run; the objects PDFium kept.
        self.seen: dict[int, _Run] = {}
        # font handle -> (name, descent, bold, italic); -> {unicode: advance per size}
        self.fonts: dict[int, tuple[str, float, bool, bool]] = {}
        self.widths: dict[int, dict[int, float]] = {}
        # Out-parameters for PDFium calls, made once.
        self.float_out = c_float()
        self.matrix_out = pdfium_c.FS_MATRIX()
        self.rgba_out = (c_uint(), c_uint(), c_uint(), c_uint())

    def read(self) -> list[Glyph]:
        text, frame, seen = self.text, self.frame, self.seen
        x, y = c_double(), c_double()
        px, py = ctypes.pointer(x), ctypes.pointer(y)
        # Called once or more per character: bound to locals.
        get_unicode, get_object, get_origin = _GetUnicode, _GetTextObject, _GetCharOrigin
        is_generated, maybe_generated, make = _IsGenerated, _MAYBE_GENERATED, Glyph
        glyphs: list[Glyph] = []
        # The last glyph's origin and run: a ligature's letters share one origin.
        last: Glyph | None = None
        last_key: tuple[int, float, float] = (0, math.nan, math.nan)
        # A ligature just merged, waiting for the next origin on its line (its end).
        ligature: Glyph | None = None
        run: _Run | None = None
        run_obj = 0
        lig_width = 0.0  # advance (per unit size) of the glyph being built, all letters
        last_code = 0
        # The current run's constants (see _Run.fast).
        fast = False
        widths: dict[int, float] = {}
        cx = cy = cb = height = adv = 0.0
        name, bold, italic, colour, on_base = "", False, False, None, True
        for i in range(_CountChars(text)):
            code = get_unicode(text, i)
            # Only spaces and line breaks are ever generated (PDFium's inferred text).
            if code in maybe_generated and is_generated(text, i):
                continue
            obj = get_object(text, i)
            if not obj:
                continue
            if code == _LINE_END_HYPHEN and _IsHyphen(text, i):
                code = 0x2D
            if obj != run_obj:
                run = seen.get(obj)
                if run is None:
                    run = seen[obj] = _Run(obj, text, i, frame, self)
                run_obj = obj
                fast, widths = run.fast, run.widths
                cx, cy, cb, height, adv = run.cx, run.cy, run.cb, run.height, run.adv
                name, bold, italic, colour = run.name, run.bold, run.italic, run.colour
                on_base = run.on_base
            assert run is not None
            get_origin(text, i, px, py)
            ox, oy = x.value, y.value
            key = (obj, ox, oy)
            char = chr(code) if code <= 0x10FFFF else "\ufffd"
            if key == last_key and last is not None:
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
                if obj == last_key[0] and oy == last_key[2] and run.upright:
                    end = frame.point(ox, oy)[0]
                    if end > ligature.x0:
                        ligature.x1 = end
                ligature = None
            last_key, last_code = key, code
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
            glyphs.append(glyph)
            run.glyphs.append(glyph)
        return [g for g in glyphs if g.text not in _SKIP]

    def _ligature_box(self, glyph: Glyph, width: float, ox: float, oy: float, run: _Run) -> None:
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
    run: _Run,
    frame: _Frame,
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


# -- paths and the text objects PDFium left out -----------------------------------------


def _objects(
    page: int, frame: _Frame, kept: dict[int, _Run]
) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[int, Matrix]]]:
    """The page's paths as pdfplumber's line / rect / curve dicts, and the text objects
    PDFium's text page did not use (with their matrices to page space)."""
    out: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
    dropped: list[tuple[int, Matrix]] = []
    stack: list[tuple[int, Matrix, int]] = []  # (form object, its matrix to page, depth)

    def visit(obj: int, parent: Matrix, depth: int) -> None:
        kind = _ObjGetType(obj)
        if kind == _PATH:
            _path(obj, _concat(_matrix(obj), parent), frame, out)
        elif kind == _TEXT:
            if obj not in kept:
                dropped.append((obj, parent))
        elif kind == _FORM and depth < _MAX_FORM_DEPTH:
            stack.append((obj, _concat(_matrix(obj), parent), depth + 1))

    for i in range(_CountObjects(page)):
        obj = _GetObject(page, i)
        if obj:
            visit(obj, _IDENTITY, 0)
    while stack:
        form, m, depth = stack.pop()
        for i in range(max(_FormCountObjects(form), 0)):
            obj = _FormGetObject(form, i)
            if obj:
                visit(obj, m, depth)
    return out, dropped


def _path(obj: int, m: Matrix, frame: _Frame, out: dict[str, list[dict[str, Any]]]) -> None:
    """One path object, split and classified as pdfminer's ``paint_path`` does."""
    fill_mode, stroke = c_int(), c_int()
    if not _PathGetDrawMode(obj, fill_mode, stroke):
        return
    ops: list[tuple[str, tuple[float, float]]] = []
    fx, fy = c_float(), c_float()
    n = _PathCountSegments(obj)
    bezier = 0
    a, b, c, d, e, f = m
    for i in range(max(n, 0)):
        seg = _PathGetSegment(obj, i)
        if not seg or not _SegGetPoint(seg, fx, fy):
            continue
        x, y = fx.value, fy.value
        pt = frame.point(a * x + c * y + e, b * x + d * y + f)
        kind = _SegGetType(seg)
        if kind == _MOVETO:
            ops.append(("m", pt))
            bezier = 0
        elif kind == _LINETO:
            ops.append(("l", pt))
            bezier = 0
        elif kind == _BEZIERTO:
            # PDFium lists a curve as its two control points and its end point; pdfminer
            # keeps only the end point of each "c".
            bezier += 1
            if bezier % 3:
                continue
            ops.append(("c", pt))
        else:
            continue
        if _SegGetClose(seg):
            ops.append(("h", pt))
    if not ops or ops[0][0] != "m":
        return  # a path must start with m (pdfminer drops it whole)
    width = c_float()
    attrs = {
        "stroke": bool(stroke.value),
        "fill": fill_mode.value != 0,
        "linewidth": width.value if _ObjGetStrokeWidth(obj, width) else 0.0,
        "stroking_color": _colour(_ObjGetStrokeColor, obj),
        "non_stroking_color": _colour(_ObjGetFillColor, obj),
    }
    # One shape per subpath, as pdfminer splits them ("m" starts one; with several,
    # a lone "m" is no subpath).
    starts = [k for k, (op, _) in enumerate(ops) if op == "m"]
    if len(starts) == 1:
        _shape(ops, attrs, out)
        return
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(ops)
        if end - start > 1:
            _shape(ops[start:end], attrs, out)


def _shape(
    ops: list[tuple[str, tuple[float, float]]],
    attrs: dict[str, Any],
    out: dict[str, list[dict[str, Any]]],
) -> None:
    """pdfminer's converter.paint_path for one subpath, in top-left coordinates."""
    shape = "".join(op for op, _ in ops)
    # "h" goes back to the subpath's start.
    pts = [pt if op != "h" else ops[0][1] for op, pt in ops]
    # Drop a redundant "l" on a path closed with "h".
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        out["line"].append(_record(pts[:2], attrs))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
        closed = pts[0] == last
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            out["rect"].append(_record([pts[0], pts[2]], attrs, keep_pts=False))
            return
    out["curve"].append(_record(pts, attrs))


def _record(
    pts: list[tuple[float, float]], attrs: dict[str, Any], keep_pts: bool = True
) -> dict[str, Any]:
    xs = [p[0] for p in pts]
    tops = [p[1] for p in pts]
    rec = dict(attrs)
    rec.update(x0=min(xs), x1=max(xs), top=min(tops), bottom=max(tops))
    if keep_pts:
        rec["pts"] = pts
    return rec


def _mark_fake_bold(dropped: list[tuple[int, Matrix]], chars: _Chars) -> None:
    """PDFium leaves a text object out of its text page when it repeats one just drawn
    within a fraction of a character (fake bold). The reference keeps the copy and
    marks the original bold when it lies within a point; do the same here: a left-out
    object whose box matches a kept one's, shifted by less than a point, makes that
    one's glyphs bold."""
    boxes: list[tuple[tuple[float, float, float, float], _Run]] = []
    for obj, run in chars.seen.items():
        box = _bounds(obj)
        if box is not None:
            boxes.append((box, run))
    for obj, _ in dropped:
        box = _bounds(obj)
        if box is None:
            continue
        for (l_, b_, r_, t_), run in boxes:
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


def _runs_overlap(runs: dict[int, _Run]) -> bool:
    """Whether two text objects PDFium kept overlap by half the smaller one: the only
    place a fake-bold copy it did not drop itself can be (it drops copies within a text
    object, and a whole object repeated just after the original). Most pages have none,
    and then the reference's glyph-by-glyph search for copies is skipped."""
    l_, b_, r_, t_ = c_float(), c_float(), c_float(), c_float()
    boxes = []
    for obj, run in runs.items():
        if run.glyphs and _ObjGetBounds(obj, l_, b_, r_, t_):
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
    if not _ObjGetBounds(obj, l_, b_, r_, t_):
        return None
    return (l_.value, b_.value, r_.value, t_.value)
