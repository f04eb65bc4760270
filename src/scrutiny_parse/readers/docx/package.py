"""Check a .docx package against the limits before any XML of it is parsed.

A zip states each member's sizes in its directory, so a zip bomb (a few KB that inflate
to gigabytes) is visible before anything is inflated; Python's zipfile never inflates a
member past its stated size, so the stated sizes bound the real work. XML nesting is
checked with a streaming parse that resolves no entities and fetches nothing, so a
"billion laughs" DOCTYPE or an external entity costs nothing and reads no file.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from scrutiny_parse.errors import CorruptDocumentError, ResourceLimitError, UnsupportedFormatError
from scrutiny_parse.limits import Limits

# Members this small cannot be bombs worth refusing, whatever their ratio.
_RATIO_FLOOR = 1024 * 1024
# The namespace root of every Strict part and relationship type.
_STRICT_NS = b"http://purl.oclc.org/ooxml/"


def check_package(data: bytes, limits: Limits) -> None:
    """Raise ResourceLimitError when the zip would inflate past ``limits``.

    A damaged zip is left for the reader to report as corrupt.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with zf:
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
        for info in zf.infolist():
            if info.filename.endswith(".xml"):
                _check_depth(zf, info, limits)


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


def _check_depth(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    try:
        xml = zf.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return  # a damaged member: the reader says the package is corrupt
    depth = 0
    try:
        for event, _ in etree.iterparse(
            io.BytesIO(xml),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            depth += 1 if event == "start" else -1
            if depth > limits.max_xml_depth:
                raise limits.exceeded("max_xml_depth", depth, f"XML part {info.filename}")
    except ResourceLimitError:
        raise
    except etree.XMLSyntaxError as e:
        # libxml2 stops at depth 256 by itself (no huge_tree): the same limit, reached.
        if "depth" in str(e).lower():
            raise limits.exceeded(
                "max_xml_depth", "more than 256", f"XML part {info.filename}"
            ) from e
        # Other syntax errors: the reader reports the package as corrupt.
