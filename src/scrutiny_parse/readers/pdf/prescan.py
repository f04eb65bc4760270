"""What each page will cost and which fonts it names, found without interpreting it.

PDFium parses a page's whole content stream the moment the page is loaded, with no
limit of its own, so a few KB of deflated operators (150,000 rectangles) or a deflate
bomb would cost time and memory before any check could run. This pre-scan walks the
page tree with pdfminer's object parser (no content interpretation) and inflates each
page's content streams with a bounded ``zlib`` call that stops one byte past the limit,
so the page-content limit holds before PDFium sees the page.

While it has the page's resources in hand it also notes, per font, the two facts the
PDFium backend cannot get from PDFium as the reference sees them: the full BaseFont name
(PDFium drops the subset prefix) and pdfminer's descent (the descriptor's /Descent, or
the standard-14 font's AFM value; PDFium substitutes a glyph's extent when a producer
writes 0, as LibreOffice does).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT

from scrutiny_parse.errors import CorruptDocumentError, ScrutinyParseError
from scrutiny_parse.limits import Limits

__all__ = ["PageFacts", "page_facts"]

_FLATE = (LIT("FlateDecode"), LIT("Fl"))
_TYPE0, _TYPE3 = LIT("Type0"), LIT("Type3")
_FORM = LIT("Form")


@dataclass(slots=True)
class PageFacts:
    """One page as the pre-scan saw it."""

    #: Decoded bytes of its content streams (capped just past the limit).
    content_size: int
    #: BaseFont without subset prefix -> (full BaseFont, descent per unit of font size);
    #: a name two different fonts share on the page is left out (ambiguous).
    fonts: dict[str, tuple[str, float]] = field(default_factory=dict)


def page_facts(data: bytes, limits: Limits) -> Generator[PageFacts, None, None]:
    """The facts of each page in turn.

    A page whose size cannot be measured because its stream is damaged counts as 0
    (PDFium reads it as empty or fails on it, which is reported then). A document whose
    page tree pdfminer cannot walk at all is a :class:`CorruptDocumentError`: nothing
    could then be promised about what loading its pages costs.
    """
    cache: dict[int, tuple[str, float] | None] = {}
    try:
        # No object cache: each page's objects are let go once measured (fonts are
        # remembered by object number below), so the pre-scan does not grow with pages.
        document = PDFDocument(PDFParser(io.BytesIO(data)), caching=False)
        pages = PDFPage.create_pages(document)
        for number, page in enumerate(pages, start=1):
            size = _page_size(page, limits.max_page_content_size + 1)
            _check_forms(resolve1(page.resources), limits, number)
            yield PageFacts(size, _page_fonts(page, cache))
    except (GeneratorExit, ScrutinyParseError):
        raise
    except Exception as e:  # anything pdfminer's object parser raises on a bad file
        raise CorruptDocumentError(
            f"the PDF's page tree is damaged and cannot be measured: {e!r}"
        ) from e


def _check_forms(resources: Any, limits: Limits, number: int) -> None:
    """Refuse forms drawing forms deeper than ``max_xobject_depth`` (or in a cycle)
    before PDFium loads the page: PDFium follows such nesting with no limit of its own,
    and aborts the process on it."""
    limit = limits.max_xobject_depth
    stack: list[tuple[Any, int, frozenset[int]]] = [(resources, 0, frozenset())]
    seen = 0
    while stack:
        res, depth, path = stack.pop()
        try:
            xobjects = (
                resolve1(resolve1(res).get("XObject")) if isinstance(resolve1(res), dict) else None
            )
        except Exception:
            continue
        if not isinstance(xobjects, dict):
            continue
        for ref in xobjects.values():
            seen += 1
            if seen > 10_000:
                raise limits.exceeded("max_xobject_depth", "10000 forms or more", f"page {number}")
            key = getattr(ref, "objid", None)
            try:
                form = resolve1(ref)
            except Exception:
                continue
            if not isinstance(form, PDFStream) or resolve1(form.get("Subtype")) is not _FORM:
                continue
            if depth + 1 > limit or (isinstance(key, int) and key in path):
                raise limits.exceeded(
                    "max_xobject_depth", f"more than {limit}", f"page {number}, forms in forms"
                )
            inner = path | {key} if isinstance(key, int) else path
            stack.append((form.get("Resources"), depth + 1, inner))


def _page_size(page: PDFPage, cap: int) -> int:
    total = 0
    for stream in page.contents:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream):
            continue
        try:
            total += _stream_size(stream, cap - total)
        except Exception:  # a damaged stream: measured as empty
            continue
        if total >= cap:
            break
    return total


def _stream_size(stream: PDFStream, cap: int) -> int:
    """Decoded length of one stream, at most ``cap``: a plain deflated stream (what
    every producer writes for page content) is inflated only that far."""
    filters = stream.get_filters()
    if stream.decipher is None and [f for f, _ in filters] in ([], [_FLATE[0]], [_FLATE[1]]):
        raw = stream.rawdata if stream.rawdata is not None else stream.data
        if raw is None:
            return 0
        if not filters:
            return min(len(raw), cap)
        return _inflated_size(raw, cap)
    # Rare filters (LZW, ASCII85, encrypted streams...): pdfminer decodes the whole
    # stream, as the pdfplumber backend does.
    return min(len(stream.get_data() or b""), cap)


def _inflated_size(raw: bytes, cap: int) -> int:
    """Bytes ``raw`` inflates to, at most ``cap``; a stream damaged part way counts up
    to the damage (PDFium's decoder also keeps what it inflated before an error)."""
    inflater = zlib.decompressobj()
    size = 0
    pending = raw
    try:
        while pending and size < cap:
            size += len(inflater.decompress(pending, cap - size))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return min(size, cap)


def _page_fonts(
    page: PDFPage, cache: dict[int, tuple[str, float] | None]
) -> dict[str, tuple[str, float]]:
    fonts: dict[str, tuple[str, float]] = {}
    ambiguous: set[str] = set()
    try:
        resources = resolve1(page.resources) or {}
        entries = resolve1(resources.get("Font")) or {}
        refs = list(entries.values()) if isinstance(entries, dict) else []
    except Exception:  # damaged resources: PDFium's own figures are used
        return fonts
    for ref in refs:
        key = getattr(ref, "objid", None)
        if isinstance(key, int) and key in cache:
            fact = cache[key]
        else:
            try:
                fact = _font_fact(resolve1(ref))
            except Exception:
                fact = None
            if isinstance(key, int):
                cache[key] = fact
        if fact is None:
            continue
        short = fact[0].rsplit("+", 1)[-1]
        if short in fonts and fonts[short] != fact:
            ambiguous.add(short)
        fonts[short] = fact
    for short in ambiguous:
        del fonts[short]
    return fonts


def _font_fact(spec: Any) -> tuple[str, float] | None:
    """(BaseFont, descent per unit size) as pdfminer.pdffont computes them."""
    if not isinstance(spec, dict):
        return None
    base = resolve1(spec.get("BaseFont"))
    name = getattr(base, "name", None)
    if not isinstance(name, str):
        return None
    subtype = resolve1(spec.get("Subtype"))
    if subtype is _TYPE3:
        return None  # scaled by its own FontMatrix: PDFium's figure is used
    if subtype is _TYPE0:
        kids = resolve1(spec.get("DescendantFonts"))
        spec = resolve1(kids[0]) if isinstance(kids, list) and kids else {}
        if not isinstance(spec, dict):
            return None
    elif name in FONT_METRICS:
        # pdfminer takes a standard-14 font's metrics from its AFM table.
        metric = FONT_METRICS[name][0].get("Descent", 0)
        descent = float(metric) if isinstance(metric, (int, float)) else 0.0
        return name, -abs(descent) / 1000
    descriptor = resolve1(spec.get("FontDescriptor"))
    value = resolve1(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0
    descent = float(value) if isinstance(value, (int, float)) else 0.0
    # (pdfminer reads /Descent the same way: a number, anything else 0.)
    return name, -abs(descent) / 1000
