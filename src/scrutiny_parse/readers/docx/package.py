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

from scrutiny_parse.errors import ResourceLimitError
from scrutiny_parse.limits import Limits

# Members this small cannot be bombs worth refusing, whatever their ratio.
_RATIO_FLOOR = 1024 * 1024


def check_package(data: bytes, limits: Limits) -> None:
    """Raise ResourceLimitError when the zip would inflate past ``limits``.

    A damaged zip is left for the reader to report as corrupt.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with zf:
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
