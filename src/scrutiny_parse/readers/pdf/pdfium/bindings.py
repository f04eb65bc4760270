"""PDFium's C functions, bound with plain ``c_void_p`` handles: the one place ctypes meets PDFium.

pypdfium2.raw declares handles as typed pointers, which cannot be dict keys and cost an
object per call; the same C functions are bound again here with plain ``c_void_p``
handles (ints), taking each function's address from pypdfium2. Those called once per
character or per object take their out-parameters as plain addresses too (ctypes
converts a pointer argument on every call; an int it passes as it is).
"""

from __future__ import annotations

import ctypes
from ctypes import POINTER, c_char_p, c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from typing import Any

import pypdfium2.raw as pdfium_c  # importing pypdfium2 initialises the PDFium library


def _bind(name: str, restype: Any, *argtypes: Any) -> Any:
    address = ctypes.cast(getattr(pdfium_c, name), c_void_p).value
    if not address:
        raise ImportError(f"PDFium has no {name}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def out_array(ctype: Any, n: int) -> tuple[Any, tuple[int, ...]]:
    """``n`` out-parameters of ``ctype`` in one array, and the address of each (as the
    bindings below that take addresses want them)."""
    array = (ctype * n)()
    base, step = ctypes.addressof(array), ctypes.sizeof(ctype)
    return array, tuple(base + i * step for i in range(n))


def rgb(
    getter: Any, obj: int, rgba: tuple[Any, tuple[int, ...]]
) -> tuple[float, float, float] | None:
    """An object's fill or stroke colour (``getter``: ObjGetFillColor or
    ObjGetStrokeColor) as RGB in 0..1, read through ``rgba`` (``out_array(c_uint, 4)``);
    None when PDFium has none (a pattern or shading)."""
    out, at = rgba
    if not getter(obj, *at):
        return None
    return (out[0] / 255, out[1] / 255, out[2] / 255)


_P = c_void_p
_PD, _PF, _PI, _PU = POINTER(c_double), POINTER(c_float), POINTER(c_int), POINTER(c_uint)
LoadMemDocument64 = _bind("FPDF_LoadMemDocument64", _P, _P, ctypes.c_size_t, c_char_p)
CloseDocument = _bind("FPDF_CloseDocument", None, _P)
GetLastError = _bind("FPDF_GetLastError", c_ulong)
GetPageCount = _bind("FPDF_GetPageCount", c_int, _P)
LoadPage = _bind("FPDF_LoadPage", _P, _P, c_int)
ClosePage = _bind("FPDF_ClosePage", None, _P)
GetMediaBox = _bind("FPDFPage_GetMediaBox", c_int, _P, _PF, _PF, _PF, _PF)
GetBoundingBox = _bind("FPDF_GetPageBoundingBox", c_int, _P, POINTER(pdfium_c.FS_RECTF))
GetRotation = _bind("FPDFPage_GetRotation", c_int, _P)
CountObjects = _bind("FPDFPage_CountObjects", c_int, _P)
GetObject = _bind("FPDFPage_GetObject", _P, _P, c_int)
FormCountObjects = _bind("FPDFFormObj_CountObjects", c_int, _P)
FormGetObject = _bind("FPDFFormObj_GetObject", _P, _P, c_ulong)
ObjGetType = _bind("FPDFPageObj_GetType", c_int, _P)
ObjGetMatrix = _bind("FPDFPageObj_GetMatrix", c_int, _P, POINTER(pdfium_c.FS_MATRIX))
ObjGetBounds = _bind("FPDFPageObj_GetBounds", c_int, _P, _P, _P, _P, _P)
ObjGetFillColor = _bind("FPDFPageObj_GetFillColor", c_int, _P, _P, _P, _P, _P)
ObjGetStrokeColor = _bind("FPDFPageObj_GetStrokeColor", c_int, _P, _P, _P, _P, _P)
ObjGetStrokeWidth = _bind("FPDFPageObj_GetStrokeWidth", c_int, _P, _PF)
PathCountSegments = _bind("FPDFPath_CountSegments", c_int, _P)
PathGetSegment = _bind("FPDFPath_GetPathSegment", _P, _P, c_int)
PathGetDrawMode = _bind("FPDFPath_GetDrawMode", c_int, _P, _PI, _PI)
SegGetPoint = _bind("FPDFPathSegment_GetPoint", c_int, _P, _PF, _PF)
SegGetType = _bind("FPDFPathSegment_GetType", c_int, _P)
SegGetClose = _bind("FPDFPathSegment_GetClose", c_int, _P)
TextLoadPage = _bind("FPDFText_LoadPage", _P, _P)
TextClosePage = _bind("FPDFText_ClosePage", None, _P)
CountChars = _bind("FPDFText_CountChars", c_int, _P)
GetUnicode = _bind("FPDFText_GetUnicode", c_uint, _P, c_int)
IsGenerated = _bind("FPDFText_IsGenerated", c_int, _P, c_int)
IsHyphen = _bind("FPDFText_IsHyphen", c_int, _P, c_int)
GetTextObject = _bind("FPDFText_GetTextObject", _P, _P, c_int)
GetCharOrigin = _bind("FPDFText_GetCharOrigin", c_int, _P, c_int, _P, _P)
GetCharBox = _bind("FPDFText_GetCharBox", c_int, _P, c_int, _PD, _PD, _PD, _PD)
GetCharMatrix = _bind("FPDFText_GetMatrix", c_int, _P, c_int, _P)
TextObjGetFont = _bind("FPDFTextObj_GetFont", _P, _P)
TextObjGetFontSize = _bind("FPDFTextObj_GetFontSize", c_int, _P, _P)
FontGetBaseFontName = _bind(
    "FPDFFont_GetBaseFontName", ctypes.c_size_t, _P, c_char_p, ctypes.c_size_t
)
FontGetDescent = _bind("FPDFFont_GetDescent", c_int, _P, c_float, _PF)
FontGetGlyphWidth = _bind("FPDFFont_GetGlyphWidth", c_int, _P, c_uint, c_float, _PF)
