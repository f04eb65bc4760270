"""Page box and rotation: PDF user space -> pdfplumber's top-left page coordinates.

Every glyph box and path point goes through :class:`Frame`, so a rotated or offset page
lands exactly where the pdfplumber backend (the reference) puts it.
"""

from __future__ import annotations

from ctypes import c_float

import pypdfium2.raw as pdfium_c

from scrutiny_parse.readers.pdf.pdfium.bindings import GetBoundingBox, GetMediaBox, GetRotation

__all__ = ["Frame", "Matrix"]

Matrix = tuple[float, float, float, float, float, float]


class Frame:
    """PDF user space -> pdfplumber's top-left page coordinates.

    pdfminer first maps user space by a matrix that undoes the MediaBox offset and
    applies the page's /Rotate; pdfplumber then flips y against the rotated page height
    (and adds the MediaBox's x back). Both steps are reproduced, so a rotated or offset
    page lands exactly where the reference puts it.
    """

    __slots__ = ("a", "b", "c", "d", "e", "f", "height", "rotation", "width", "x_shift", "y_base")

    def __init__(self, page: int) -> None:
        l_, b_, r_, t_ = c_float(), c_float(), c_float(), c_float()
        if GetMediaBox(page, l_, b_, r_, t_):
            box = (l_.value, b_.value, r_.value, t_.value)
        else:  # inherited from the page tree: PDFium's effective page box
            rect = pdfium_c.FS_RECTF()
            GetBoundingBox(page, rect)
            box = (rect.left, rect.bottom, rect.right, rect.top)
        x0, x1 = sorted((box[0], box[2]))
        y0, y1 = sorted((box[1], box[3]))
        rotation = (GetRotation(page) % 4) * 90
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
