"""Path objects: PDFium's paths -> pdfplumber's line / rect / curve dicts (strokes, fills).

Walks the page's objects (into form XObjects) once, and on the way notes the text
objects PDFium's text page left out, for :mod:`.fake_bold`.
"""

from __future__ import annotations

from ctypes import c_float, c_int, c_uint
from typing import Any

import pypdfium2.raw as pdfium_c

from scrutiny_parse.readers.pdf.pdfium.bindings import (
    CountObjects,
    FormCountObjects,
    FormGetObject,
    GetObject,
    ObjGetFillColor,
    ObjGetMatrix,
    ObjGetStrokeColor,
    ObjGetStrokeWidth,
    ObjGetType,
    PathCountSegments,
    PathGetDrawMode,
    PathGetSegment,
    SegGetClose,
    SegGetPoint,
    SegGetType,
    out_array,
    rgb,
)
from scrutiny_parse.readers.pdf.pdfium.frame import Frame, Matrix
from scrutiny_parse.readers.pdf.pdfium.text import Run

__all__ = ["page_objects"]

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
# Nesting of form XObjects followed when collecting paths (PDFium has its own cap).
_MAX_FORM_DEPTH = 32
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def page_objects(
    page: int, frame: Frame, kept: dict[int, Run]
) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[int, Matrix]]]:
    """The page's paths as pdfplumber's line / rect / curve dicts, and the text objects
    PDFium's text page did not use (with their matrices to page space)."""
    out: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
    dropped: list[tuple[int, Matrix]] = []
    stack: list[tuple[int, Matrix, int]] = []  # (form object, its matrix to page, depth)

    def visit(obj: int, parent: Matrix, depth: int) -> None:
        kind = ObjGetType(obj)
        if kind == _PATH:
            _path(obj, _concat(_matrix(obj), parent), frame, out)
        elif kind == _TEXT:
            if obj not in kept:
                dropped.append((obj, parent))
        elif kind == _FORM and depth < _MAX_FORM_DEPTH:
            stack.append((obj, _concat(_matrix(obj), parent), depth + 1))

    for i in range(CountObjects(page)):
        obj = GetObject(page, i)
        if obj:
            visit(obj, _IDENTITY, 0)
    while stack:
        form, m, depth = stack.pop()
        for i in range(max(FormCountObjects(form), 0)):
            obj = FormGetObject(form, i)
            if obj:
                visit(obj, m, depth)
    return out, dropped


def _path(obj: int, m: Matrix, frame: Frame, out: dict[str, list[dict[str, Any]]]) -> None:
    """One path object, split and classified as pdfminer's ``paint_path`` does."""
    fill_mode, stroke = c_int(), c_int()
    if not PathGetDrawMode(obj, fill_mode, stroke):
        return
    ops: list[tuple[str, tuple[float, float]]] = []
    fx, fy = c_float(), c_float()
    n = PathCountSegments(obj)
    bezier = 0
    a, b, c, d, e, f = m
    for i in range(max(n, 0)):
        seg = PathGetSegment(obj, i)
        if not seg or not SegGetPoint(seg, fx, fy):
            continue
        x, y = fx.value, fy.value
        pt = frame.point(a * x + c * y + e, b * x + d * y + f)
        kind = SegGetType(seg)
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
        if SegGetClose(seg):
            ops.append(("h", pt))
    if not ops or ops[0][0] != "m":
        return  # a path must start with m (pdfminer drops it whole)
    width = c_float()
    rgba = out_array(c_uint, 4)
    attrs = {
        "stroke": bool(stroke.value),
        "fill": fill_mode.value != 0,
        "linewidth": width.value if ObjGetStrokeWidth(obj, width) else 0.0,
        "stroking_color": rgb(ObjGetStrokeColor, obj, rgba),
        "non_stroking_color": rgb(ObjGetFillColor, obj, rgba),
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
    if not ObjGetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)
