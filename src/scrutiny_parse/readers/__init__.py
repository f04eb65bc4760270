"""One reader per input format, each turning bytes into a :class:`~scrutiny_parse.layout.Layout`.

Readers know the file format and nothing about progress updates. Each is imported only
when a file of its format turns up, so pdfplumber is not loaded to read a .docx.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from ..errors import UnsupportedFormatError
from ..layout import Layout
from ..limits import DEFAULT_LIMITS, Limits
from .pdf_choice import DEFAULT_PDF_BACKEND, PdfBackend, check_backend

Reader = Callable[[bytes], Layout]


def reader_for(
    fmt: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    pdf_backend: PdfBackend = DEFAULT_PDF_BACKEND,
    package: zipfile.ZipFile | None = None,
) -> Reader:
    """The reader for a detected format (see :func:`scrutiny_parse.detect.detect_format`),
    bound to ``limits``; a PDF is read with ``pdf_backend`` (see :mod:`.pdf.backend`).
    ``package`` is the .docx's zip when detection opened it already (the reader then
    uses and closes it instead of opening the archive again)."""
    if fmt == "docx":
        from .docx import read_docx

        return lambda data: read_docx(data, limits, package)
    if fmt == "pdf":
        from .pdf import read_pdf

        backend = check_backend(pdf_backend)
        return lambda data: read_pdf(data, limits, backend)
    if fmt == "text":
        from .text import read_text

        return lambda data: read_text(data, limits)
    if fmt in ("doc", "rtf", "odt"):
        from .legacy import reader_via_docx

        return reader_via_docx(fmt, limits)
    raise UnsupportedFormatError(f"{fmt} files are not supported")


__all__ = ["Reader", "reader_for"]
