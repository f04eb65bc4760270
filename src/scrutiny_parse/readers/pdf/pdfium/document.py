"""Opening and guarding the document: PDFium's handles, its lock, and its failures as our errors.

Every handle is checked before use and closed in a ``finally``, PDFium is called under
one lock (it is not thread-safe), and the page and page-content limits are checked
before PDFium parses a page (:mod:`~scrutiny_parse.readers.pdf.prescan`).
"""

from __future__ import annotations

import threading
from collections.abc import Generator

import pypdfium2.raw as pdfium_c
from pypdfium2 import PdfiumError

from scrutiny_parse.errors import CorruptDocumentError, EncryptedDocumentError
from scrutiny_parse.limits import Limits
from scrutiny_parse.readers.pdf.backend import PageDrawing
from scrutiny_parse.readers.pdf.glyphs import drop_copies
from scrutiny_parse.readers.pdf.pdfium.bindings import (
    CloseDocument,
    ClosePage,
    GetLastError,
    GetPageCount,
    LoadMemDocument64,
    LoadPage,
    TextClosePage,
    TextLoadPage,
)
from scrutiny_parse.readers.pdf.pdfium.fake_bold import glyph_boxes, mark_fake_bold, runs_overlap
from scrutiny_parse.readers.pdf.pdfium.frame import Frame
from scrutiny_parse.readers.pdf.pdfium.paths import page_objects
from scrutiny_parse.readers.pdf.pdfium.text import Chars
from scrutiny_parse.readers.pdf.prescan import PageFacts, page_facts

__all__ = ["read_pages"]

# PDFium is not thread-safe: one document at a time in this process (re-entrant, so a
# caller reading a second PDF from the same thread does not deadlock).
_LOCK = threading.RLock()
# Pages read before the document is opened afresh (see read_pages).
_REOPEN_EVERY = 32


def read_pages(data: bytes, limits: Limits) -> Generator[PageDrawing, None, None]:
    """The pages of ``data`` as PDFium reads them (see :class:`PageReader`)."""
    with _LOCK:
        doc = _open_document(data)
        facts: Generator[PageFacts, None, None] | None = None
        try:
            count = GetPageCount(doc)
            if count <= 0:
                raise CorruptDocumentError("the PDF has no pages (damaged or truncated page tree)")
            if count > limits.max_pages:
                raise limits.exceeded("max_pages", count)
            facts = page_facts(data, limits)
            for index in range(count):
                number = index + 1
                fact = next(facts, None)
                if fact is None:
                    raise CorruptDocumentError(
                        f"page {number} of the PDF is missing from its page tree"
                    )
                size = fact.content_size
                if size > limits.max_page_content_size:
                    raise limits.exceeded("max_page_content_size", size, f"page {number}")
                if index and index % _REOPEN_EVERY == 0:
                    # PDFium keeps every object it has parsed (fonts' programs among
                    # them) until the document closes; a fresh handle now and then keeps
                    # memory flat on long files whose pages do not share resources.
                    CloseDocument(doc)
                    doc = 0
                    doc = _open_document(data)
                yield _read_page(doc, index, fact)
        finally:
            if doc:
                CloseDocument(doc)
            if facts is not None:
                facts.close()


def _open_document(data: bytes) -> int:
    """A PDFium document handle on ``data`` (close it with CloseDocument)."""
    # PDFium reads the caller's bytes in place (no copy): ``data`` outlives the handle.
    doc = LoadMemDocument64(data, len(data), None)
    if not doc:
        code = GetLastError()
        raise _load_error(code) from PdfiumError(f"FPDF_LoadMemDocument64 failed: {code}", code)
    return int(doc)


def _load_error(code: int) -> Exception:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedDocumentError(
            "the PDF is encrypted with a password (a user password is needed to open it)"
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedDocumentError(
            "the PDF is encrypted in a way that cannot be read (unsupported security handler)"
        )
    reason = {
        pdfium_c.FPDF_ERR_FILE: "not a readable file",
        pdfium_c.FPDF_ERR_FORMAT: "not a PDF or damaged",
    }.get(code, "unknown error")
    return CorruptDocumentError(
        f"the PDF is damaged and cannot be read (PDFium error {code}: {reason})"
    )


def _read_page(doc: int, index: int, facts: PageFacts) -> PageDrawing:
    page = LoadPage(doc, index)
    if not page:
        raise CorruptDocumentError(
            f"page {index + 1} of the PDF is damaged and cannot be read"
        ) from PdfiumError(f"FPDF_LoadPage failed on page index {index}")
    try:
        frame = Frame(page)
        text = TextLoadPage(page)
        if not text:
            raise CorruptDocumentError(
                f"page {index + 1} of the PDF has an unreadable text layer"
            ) from PdfiumError(f"FPDFText_LoadPage failed on page index {index}")
        try:
            chars = Chars(text, frame, facts)
            glyphs = chars.read()
            objects, dropped = page_objects(page, frame, chars.seen)
            if dropped:
                mark_fake_bold(dropped, chars)
        finally:
            TextClosePage(text)
    finally:
        ClosePage(page)
    if runs_overlap(glyph_boxes(chars)):
        glyphs = drop_copies(glyphs)
    return PageDrawing(index + 1, frame.width, frame.height, glyphs, objects)
