"""Legacy formats (.doc, .rtf, .odt): convert to .docx with LibreOffice, then read that.

Writing a Word 97 binary, RTF and ODF reader each would triple the surface the segmenter
depends on; LibreOffice already reads all three faithfully and writes .docx, which the
Word reader handles in full (merged cells, lists, strike-through). So these readers are
``read_docx(convert(data))`` with the layout marked ``converted_from``.

Starting LibreOffice costs seconds, so what can be told from the bytes is told first
(:mod:`.sniff`); the conversion itself is :mod:`.libreoffice`.
"""

from __future__ import annotations

from typing import Literal

from scrutiny_parse.errors import CorruptDocumentError, UnsupportedFormatError
from scrutiny_parse.layout import Layout
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers import Reader
from scrutiny_parse.readers.docx import read_docx
from scrutiny_parse.readers.legacy import libreoffice as _libreoffice
from scrutiny_parse.readers.legacy.sniff import check_odt, check_word_binary

__all__ = ["LegacyFormat", "check_word_binary", "reader_via_docx"]

LegacyFormat = Literal["doc", "rtf", "odt"]

# Seconds LibreOffice may take for one file before it is killed (ResourceLimitError).
# Read at call time, so it can be changed for a batch (a later issue adds a per-call
# override to load()).

_SUFFIX: dict[str, str] = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt"}


def reader_via_docx(fmt: str, limits: Limits = DEFAULT_LIMITS) -> Reader:
    """A reader for ``fmt`` ("doc", "rtf" or "odt"): checks what can be checked without
    LibreOffice, converts to .docx within ``limits.convert_timeout`` seconds, reads it
    with the Word reader (same limits) and records ``converted_from=fmt``."""
    if fmt not in _SUFFIX:
        raise UnsupportedFormatError(f"{fmt} files are not converted by LibreOffice here")
    suffix = _SUFFIX[fmt]

    def read(data: bytes) -> Layout:
        if fmt == "doc":
            check_word_binary(data)
        elif fmt == "odt":
            check_odt(data)
        docx = _libreoffice.convert(data, suffix=suffix, to="docx", timeout=limits.convert_timeout)
        try:
            layout = read_docx(docx, limits)
        except CorruptDocumentError as e:
            raise CorruptDocumentError(
                f"LibreOffice converted this {suffix} file to an unreadable .docx: {e.reason}"
            ) from e
        layout.converted_from = fmt
        return layout

    read.__doc__ = f"Read {suffix} bytes by converting them to .docx with LibreOffice."
    return read
