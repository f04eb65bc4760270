"""The PDF backends' names and their check, apart from the PDF reader itself.

``load()`` and the command line validate ``pdf_backend`` for every file; keeping the
names here means doing so does not import the PDF reader (and its stages) to read a
.docx. What each backend is: :mod:`scrutiny_parse.readers.pdf.backend`.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["DEFAULT_PDF_BACKEND", "PDF_BACKENDS", "PdfBackend", "check_backend"]

PdfBackend = Literal["pdfium", "pdfplumber"]
#: The backends, default first.
PDF_BACKENDS: tuple[PdfBackend, ...] = ("pdfium", "pdfplumber")
DEFAULT_PDF_BACKEND: PdfBackend = "pdfium"


def check_backend(name: object) -> PdfBackend:
    """``name`` if it is a backend's name, else a ValueError listing them."""
    for backend in PDF_BACKENDS:
        if name == backend:
            return backend
    raise ValueError(
        f"unknown PDF backend {name!r}: use one of {', '.join(map(repr, PDF_BACKENDS))}"
    )
