"""Tell the format of an input from its bytes, never from its file name.

An archive's file names lie (a ``.doc`` that is really RTF, a ``.pdf`` saved as HTML),
so the first bytes decide: ``%PDF-``, a zip holding ``word/document.xml``, the OLE2
signature of Word 97-2003, ``{\\rtf``, an ODF zip, or text that decodes cleanly.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import NoReturn

from .errors import UnsupportedFormatError
from .vocabulary import Format

DetectedFormat = Format

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
# "12 0 obj": what every PDF has and a text that merely mentions "%PDF-1.4" has not.
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
# Bytes of a zip member read to tell its content (mimetype is 39 bytes long).
_MEMBER_PEEK = 256
# What zipfile raises, besides BadZipFile, on an archive it cannot open or read.
_ZIP_ERRORS = (OSError, RuntimeError, NotImplementedError, EOFError, ValueError)


@dataclass(slots=True)
class Detected:
    """A detected format, and the zip archive opened to tell it (a .docx's package,
    handed to the Word reader so the archive's directory is read once)."""

    format: DetectedFormat
    package: zipfile.ZipFile | None = None


def detect_format(data: bytes) -> DetectedFormat:
    """The format of ``data``; raises UnsupportedFormatError naming what it looks like."""
    found = detect(data)
    if found.package is not None:
        found.package.close()
    return found.format


def detect(data: bytes) -> Detected:
    """:func:`detect_format`, keeping a .docx's opened zip (the caller closes it)."""
    if not data:
        raise UnsupportedFormatError("the file is empty")
    if _is_pdf(data):
        return Detected("pdf")
    if data.startswith(_OLE2):
        return Detected("doc")
    if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return Detected("rtf")
    if data.startswith(_ZIP):
        return _zip_format(data)
    if _looks_like_text(data):
        return Detected("text")
    raise UnsupportedFormatError("not a PDF, Word, RTF, ODT or text file")


def _is_pdf(data: bytes) -> bool:
    """A PDF header at the start (after a BOM or blank space) is a PDF, damaged or not;
    one later in the first KiB (some writers put junk first, and readers accept that)
    counts only when PDF objects follow, so a text that quotes "%PDF-1.4" stays text."""
    if data.lstrip(b"\xef\xbb\xbf \r\n\t\x00").startswith(b"%PDF-"):
        return True
    header = _PDF_HEADER.search(data, 0, 1024)
    return header is not None and _PDF_OBJECT.search(data, header.end(), 1 << 20) is not None


def _zip_format(data: bytes) -> Detected:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        # A truncated .docx still starts with PK: let the Word reader say it is corrupt.
        return Detected("docx")
    except _ZIP_ERRORS as e:
        _raise_zip(e)
    try:
        found = _zip_kind(zf)
    except BaseException:
        zf.close()
        raise
    if found != "docx":
        zf.close()
        return Detected(found)
    return Detected("docx", zf)


def _zip_kind(zf: zipfile.ZipFile) -> DetectedFormat:
    """What an opened zip holds: a Word document, an OpenDocument text, or neither."""
    listed = zf.namelist()
    names = set(listed)
    if len(names) != len(listed):
        # Two members of one name: readers disagree on which one counts, so what we
        # read need not be what Word shows (a known smuggling trick).
        twice = sorted(n for n, k in Counter(listed).items() if k > 1)
        raise UnsupportedFormatError(
            f"a zip archive with duplicate member names ({', '.join(twice[:3])})"
        )
    if "word/document.xml" in names:
        return "docx"
    if "mimetype" in names:
        try:
            # Only the first bytes, never the whole member: it may inflate to
            # gigabytes (zipfile stops reading at the size asked for).
            with zf.open("mimetype") as member:
                raw = member.read(_MEMBER_PEEK)
        except zipfile.BadZipFile:
            return "docx"  # a damaged member: let the Word reader say it is corrupt
        except _ZIP_ERRORS as e:
            _raise_zip(e)
        mimetype = raw[:60].decode("ascii", "replace").strip()
        if mimetype == "application/vnd.oasis.opendocument.text":
            return "odt"
        raise UnsupportedFormatError(f"an OpenDocument file of type {mimetype!r}")
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFormatError("a spreadsheet (.xlsx), not a Word document")
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFormatError("a presentation (.pptx), not a Word document")
    raise UnsupportedFormatError("a zip archive that is not a Word document")


def _raise_zip(e: Exception) -> NoReturn:
    raise UnsupportedFormatError(f"an unreadable zip archive ({e})") from e


def _looks_like_text(data: bytes) -> bool:
    """Whether ``data`` reads as text: UTF-8 or cp1252, with few control characters.

    Tolerant of the odd stray byte (a NUL, a lone byte that is not UTF-8, one of the five
    bytes cp1252 leaves undefined): an archive's text dumps pass through tools that
    leave such things, and one byte in thousands does not make a file binary.
    """
    sample = data[:65536]
    # Incremental, so a character cut by the 64 KiB sample is not an error.
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=False)
    stray = text.count("\ufffd")
    if stray > 1 + len(text) // 1000:
        text = codecs.getincrementaldecoder("cp1252")("replace").decode(sample, final=False)
        stray = text.count("\ufffd")
        if stray > 1 + len(text) // 1000:
            return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls <= 1 + len(text) // 200
