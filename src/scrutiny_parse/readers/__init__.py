"""One reader per input format, each turning bytes into a :class:`~scrutiny_parse.layout.Layout`.

Readers know the file format and nothing about progress updates.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UnsupportedFormatError
from ..layout import Layout

Reader = Callable[[bytes], Layout]


def reader_for(fmt: str) -> Reader:
    """The reader for a detected format; imports lazily so an unused reader costs nothing."""
    if fmt == "docx":
        from .docx import read_docx

        return read_docx
    raise UnsupportedFormatError(f"{fmt} files are not supported yet")


__all__ = ["Reader", "reader_for"]
