"""The pdfplumber backend: pdfminer.six interprets each page in Python (the reference).

Each page is read once through ``page.objects`` and let go before the next, so memory
follows the text kept, not the page count. Every pdfminer / pdfplumber failure is caught
here and raised as a :class:`~scrutiny_parse.errors.ScrutinyParseError` with the
original chained.
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from collections.abc import Generator, Iterator, Mapping, Sequence
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFStream
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from scrutiny_parse.budget import check_deadline
from scrutiny_parse.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ResourceLimitError,
    ScrutinyParseError,
)
from scrutiny_parse.limits import Limits
from scrutiny_parse.readers.pdf import pdfminer_guard
from scrutiny_parse.readers.pdf.backend import PageDrawing
from scrutiny_parse.readers.pdf.glyphs import chars_to_glyphs

__all__ = ["read_pages"]


def read_pages(data: bytes, limits: Limits) -> Generator[PageDrawing, None, None]:
    """The pages of ``data`` as pdfplumber reads them (see :class:`PageReader`)."""
    with _open(data) as pdf:
        pdf_pages = _pages(pdf)
        if len(pdf_pages) > limits.max_pages:
            raise limits.exceeded("max_pages", len(pdf_pages))
        # Content streams still to be read, counted: pages may share one.
        pending = Counter(id(s) for p in pdf_pages for s in _contents(p))
        for number, page in enumerate(pdf_pages, start=1):
            check_deadline(f"before page {number}")
            pdfminer_guard.start_page(number)
            _check_content_size(page, number, limits)
            try:
                objects = _objects(page)
                yield PageDrawing(
                    number,
                    float(page.width),
                    float(page.height),
                    chars_to_glyphs(objects.get("char", ())),
                    objects,
                )
            finally:
                _release(page, pending)


def _translate(e: Exception, where: str = "the PDF") -> Exception:
    """Our error for a pdfminer/pdfplumber failure (pdfplumber wraps pdfminer's own)."""
    cause = e.args[0] if isinstance(e, PdfminerException) and e.args else e
    if isinstance(cause, ScrutinyParseError):
        return cause  # a limit raised from inside pdfminer (pdfminer_guard), unwrapped
    if isinstance(cause, MemoryError):
        return ResourceLimitError(f"{where} needs more memory than there is (MemoryError)")
    if isinstance(cause, RecursionError):
        return ResourceLimitError(f"{where} nests objects too deeply to follow (RecursionError)")
    if isinstance(cause, PDFPasswordIncorrect):
        return EncryptedDocumentError(
            "the PDF is encrypted with a password (a user password is needed to open it)"
        )
    if isinstance(cause, PDFEncryptionError):
        return EncryptedDocumentError(f"the PDF is encrypted in a way that cannot be read: {cause}")
    return CorruptDocumentError(f"{where} is damaged and cannot be read: {cause!r}")


@contextlib.contextmanager
def _open(data: bytes) -> Iterator[PDF]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except ScrutinyParseError:
        raise
    except Exception as e:  # anything pdfminer raises on a bad file
        raise _translate(e) from e
    try:
        yield pdf
    finally:
        # Closing a broken document must not hide the error that brought us here.
        with contextlib.suppress(Exception):
            pdf.close()


def _pages(pdf: PDF) -> list[Page]:
    try:
        pages = pdf.pages
    except ScrutinyParseError:
        raise
    except Exception as e:
        raise _translate(e) from e
    if not pages:
        raise CorruptDocumentError("the PDF has no pages (damaged or truncated page tree)")
    return pages


def _check_content_size(page: Page, number: int, limits: Limits) -> None:
    """Refuse a page whose drawing is too big to interpret in bounded time, before
    pdfminer starts on it (the streams are decoded once; pdfminer reuses them)."""
    try:
        size = sum(len(s.get_data() or b"") for s in _contents(page))
    except ScrutinyParseError:
        raise  # a stream past max_stream_size (pdfminer_guard)
    except Exception:  # a damaged stream: pdfminer reports it when it reads the page
        return
    if size > limits.max_page_content_size:
        raise limits.exceeded("max_page_content_size", size, f"page {number}")


def _contents(page: Page) -> list[PDFStream]:
    streams = getattr(page.page_obj, "contents", None) or []
    return [s for s in streams if isinstance(s, PDFStream)]


def _release(page: Page, pending: Counter[int]) -> None:
    """Let go of what pdfminer keeps of a page once it is read: pdfplumber's layout
    objects (``close()``), and the decoded content streams, which pdfminer caches on the
    document's stream objects until the file is closed (so memory would grow with the
    page count). A stream is emptied only when no page left to read uses it; an emptied
    stream reads as an empty page, should anything ask again."""
    page.close()
    for stream in _contents(page):
        pending[id(stream)] -= 1
        if pending[id(stream)] <= 0 and stream.data is not None:
            stream.data = b""


def _objects(page: Page) -> Mapping[str, Sequence[Mapping[str, Any]]]:
    try:
        return page.objects
    except ScrutinyParseError:
        raise
    except Exception as e:
        raise _translate(e, f"page {page.page_number} of the PDF") from e
