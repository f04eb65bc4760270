"""One reader per input format, each turning bytes into a :class:`~scrutiny_parse.layout.Layout`.

Readers know the file format and nothing about progress updates. Each is imported only
when a file of its format turns up, so pdfplumber is not loaded to read a .docx.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UnsupportedFormatError
from ..layout import Layout

Reader = Callable[[bytes], Layout]


def reader_for(fmt: str) -> Reader:
    """The reader for a detected format (see :func:`scrutiny_parse.detect.detect_format`)."""
    if fmt == "docx":
        from .docx import read_docx

        return read_docx
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf
    if fmt == "text":
        from .text import read_text

        return read_text
    if fmt in ("doc", "rtf", "odt"):
        from .converted import reader_via_docx

        return reader_via_docx(fmt)
    raise UnsupportedFormatError(f"{fmt} files are not supported")


__all__ = ["Reader", "reader_for"]
