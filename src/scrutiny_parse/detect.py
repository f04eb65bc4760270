"""Tell the format of an input from its bytes, never from its file name.

An archive's file names lie (a ``.doc`` that is really RTF, a ``.pdf`` saved as HTML),
so the first bytes decide: ``%PDF-``, a zip holding ``word/document.xml``, the OLE2
signature of Word 97-2003, ``{\\rtf``, an ODF zip, or text that decodes cleanly.
"""

from __future__ import annotations

import codecs
import io
import zipfile

from .errors import UnsupportedFormatError
from .vocabulary import Format

DetectedFormat = Format

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def detect_format(data: bytes) -> DetectedFormat:
    """The format of ``data``; raises UnsupportedFormatError naming what it looks like."""
    if not data:
        raise UnsupportedFormatError("the file is empty")
    head = data[:1024]
    # Some PDF writers put junk (or a UTF-8 BOM) before the header; readers accept
    # "%PDF-" anywhere in the first 1 KiB, and so do we.
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE2):
        return "doc"
    if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(_ZIP):
        return _zip_format(data)
    if _looks_like_text(data):
        return "text"
    raise UnsupportedFormatError("not a PDF, Word, RTF, ODT or text file")


def _zip_format(data: bytes) -> DetectedFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return "odt"
                raise UnsupportedFormatError(f"an OpenDocument file of type {mimetype!r}")
    except zipfile.BadZipFile:
        # A truncated .docx still starts with PK: let the Word reader say it is corrupt.
        return "docx"
    except (OSError, RuntimeError, NotImplementedError) as e:
        return _raise_zip(e)
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFormatError("a spreadsheet (.xlsx), not a Word document")
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFormatError("a presentation (.pptx), not a Word document")
    raise UnsupportedFormatError("a zip archive that is not a Word document")


def _raise_zip(e: Exception) -> DetectedFormat:
    raise UnsupportedFormatError(f"an unreadable zip archive ({e})") from e


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # Incremental, so a character cut by the 64 KiB sample is not an error.
            text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        return controls <= len(text) // 200
    return False
