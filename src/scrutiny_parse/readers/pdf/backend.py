"""Which library reads a PDF's drawing, and the shape every backend hands the stages.

A backend opens the file, enforces the page and page-content limits before the heavy
work on each page, and yields one :class:`PageDrawing` per page: the page box, the
characters as :class:`~scrutiny_parse.readers.pdf.glyphs.Glyph` s and the drawing objects
in pdfplumber's dict shape (``line`` / ``rect`` / ``curve``, what
:func:`~scrutiny_parse.readers.pdf.strokes.objects_to_strokes` reads). Every stage after
that is the same whichever backend read the page.

* ``"pdfium"`` (the default): PDFium's C++ interpreter through pypdfium2
  (:mod:`~scrutiny_parse.readers.pdf.pdfium`), several times faster.
* ``"pdfplumber"``: pdfminer.six's pure-Python interpreter through pdfplumber
  (:mod:`~scrutiny_parse.readers.pdf.plumber`), the reference the other is tested against.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from scrutiny_parse.limits import Limits
from scrutiny_parse.readers.pdf.glyphs import Glyph
from scrutiny_parse.readers.pdf_choice import (
    DEFAULT_PDF_BACKEND,
    PDF_BACKENDS,
    PdfBackend,
    check_backend,
)

__all__ = [
    "DEFAULT_PDF_BACKEND",
    "PDF_BACKENDS",
    "PageDrawing",
    "PageReader",
    "PdfBackend",
    "check_backend",
    "page_reader",
]


@dataclass(slots=True)
class PageDrawing:
    """One page as a backend read it, in PDF points with the origin top-left."""

    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    # "line", "rect", "curve" -> pdfplumber-shaped dicts (x0, top, x1, bottom, pts,
    # stroke, fill, linewidth, stroking_color, non_stroking_color).
    objects: Mapping[str, Sequence[Mapping[str, Any]]]


class PageReader(Protocol):
    """A backend: the pages of ``data``, read one at a time within ``limits``.

    Raises :class:`~scrutiny_parse.errors.ScrutinyParseError` s only; the iterator must
    be closed (``contextlib.closing``) so the backend lets go of the document.
    """

    def __call__(self, data: bytes, limits: Limits) -> Generator[PageDrawing, None, None]: ...


def page_reader(name: PdfBackend) -> PageReader:
    """The backend's page reader; imported only when asked for."""
    if check_backend(name) == "pdfplumber":
        from scrutiny_parse.readers.pdf.plumber import read_pages as plumber_pages

        return plumber_pages
    from scrutiny_parse.readers.pdf.pdfium import read_pages as pdfium_pages

    return pdfium_pages
