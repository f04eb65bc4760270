"""The limits of a .docx package, checked without a second pass over its XML.

A zip states each member's sizes in its directory, so a zip bomb (a few KB that inflate
to gigabytes) and an oversized XML part are visible before anything is inflated; Python's
zipfile never inflates a member past its stated size, so the stated sizes bound the real
work (:func:`check_package`). The parts are then read from that same open zip
(:mod:`.opc`): each member the reader needs is inflated and parsed once, no other is.

XML nesting is bounded by the parse itself: libxml2 refuses a document deeper than 256
elements unless ``huge_tree`` is on, which nothing here turns on, so the default limit
costs nothing; a lower ``Limits.max_xml_depth`` is checked on the parsed tree by one
XPath in C (:func:`check_depth`). Every parser resolves no entities and fetches nothing,
so a "billion laughs" DOCTYPE or an external entity costs nothing and reads no file.
"""

from __future__ import annotations

import zipfile
import zlib
from functools import lru_cache

from lxml import etree

from scrutiny_parse.errors import CorruptDocumentError, ResourceLimitError, UnsupportedFormatError
from scrutiny_parse.limits import Limits

__all__ = ["LIBXML2_MAX_DEPTH", "check_depth", "check_package", "depth_error"]

# Members this small cannot be bombs worth refusing, whatever their ratio.
_RATIO_FLOOR = 1024 * 1024
# The namespace root of every Strict part and relationship type.
_STRICT_NS = b"http://purl.oclc.org/ooxml/"


#: The nesting libxml2 accepts without huge_tree (its xmlParserMaxDepth).
LIBXML2_MAX_DEPTH = 256


def check_package(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Raise ResourceLimitError when the zip's directory says it would inflate past
    ``limits`` (total size, a member's compression ratio, an XML part's size); refuse
    duplicate member names and Strict Open XML."""
    _check_names(zf)
    _check_variant(zf)
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > _RATIO_FLOOR:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise limits.exceeded(
                    "max_compression_ratio", round(ratio), f"zip member {info.filename}"
                )
        if info.filename.endswith((".xml", ".rels")) and info.file_size > limits.max_xml_size:
            raise limits.exceeded("max_xml_size", info.file_size, f"XML part {info.filename}")
    if total > limits.max_unzipped_size:
        raise limits.exceeded("max_unzipped_size", total, "the .docx inflated")


def _check_names(zf: zipfile.ZipFile) -> None:
    """Refuse a zip with two members of one name: zip readers disagree on which one
    counts (the first directory entry, the last, the first local header...), so the text
    we read need not be the text Word shows."""
    seen: set[str] = set()
    for name in zf.namelist():
        if name in seen:
            raise CorruptDocumentError(f"the package has two members named {name!r}")
        seen.add(name)


def _check_variant(zf: zipfile.ZipFile) -> None:
    """Refuse ISO/IEC 29500 *Strict* Open XML with a clear message.

    Word can save "Strict Open XML Document (*.docx)": same extension, but every
    namespace and relationship type is different (``http://purl.oclc.org/ooxml/...``),
    so a Transitional reader finds no main document and would call the file corrupt.
    """
    try:
        info = zf.getinfo("_rels/.rels")
    except KeyError:
        return
    if info.file_size > 1024 * 1024:
        return  # absurd for a .rels; the size checks and the reader deal with it
    try:
        rels = zf.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return
    if _STRICT_NS in rels:
        raise UnsupportedFormatError(
            "a Strict Open XML document (ISO 29500 Strict), which is not supported: save it "
            "from Word as 'Word Document (*.docx)' rather than 'Strict Open XML Document'"
        )


@lru_cache(maxsize=8)
def _deeper_than(depth: int) -> etree.XPath:
    # True when some element sits at depth + 1 (the root element is at depth 1).
    return etree.XPath("boolean(/" + "/".join(["*"] * (depth + 1)) + ")")


def check_depth(root: etree._Element, limits: Limits, where: str) -> None:
    """Raise ResourceLimitError when ``root``'s document nests deeper than allowed
    (only a limit below libxml2's own needs looking at: that one the parse enforced)."""
    limit = limits.max_xml_depth
    if limit < LIBXML2_MAX_DEPTH and _deeper_than(limit)(root):
        raise limits.exceeded("max_xml_depth", f"more than {limit}", f"XML part {where}")


def depth_error(e: etree.LxmlError, limits: Limits, where: str) -> ResourceLimitError | None:
    """Our limit error when libxml2 stopped a parse for nesting too deep, else None."""
    if "depth" not in str(e).lower():
        return None
    return limits.exceeded("max_xml_depth", f"more than {LIBXML2_MAX_DEPTH}", f"XML part {where}")
