"""PDF reader: PDF bytes -> :class:`~scrutiny_parse.layout.Layout` (format "pdf").

Built on pdfplumber (pdfminer.six underneath), reading each page once through
``page.objects`` and letting it go before the next, so memory follows the text kept, not
the page count. The pipeline, one stage per function:

per page (:func:`page_to_content`)::

    chars_to_glyphs          characters, fake-bold copies dropped        (glyphs)
    objects_to_strokes       lines / rect edges / thin rects -> segments (strokes)
    split_decorations        strike-throughs, underlines, change bars out (strokes)
    borders_to_tables        grid -> cells with spans -> tables          (geometry)
    glyphs_to_regions        each glyph into its cell, or the page body
    glyphs_to_lines          lines, spaces, list markers                 (lines)

whole document (:func:`pages_to_layout`)::

    strip_running            running headers / footers out of the body   (pages)
    estimate_leading         the ordinary line pitch (paragraph gaps)    (paragraphs)
    borderless_tables        aligned text without borders -> tables      (borderless)
    page_to_blocks           paragraphs and table fragments in order     (pages,
                                                                          paragraphs)
    pages_to_blocks          tables and paragraphs joined across pages   (join)

Every pdfminer / pdfplumber failure is caught here, at the reader boundary, and raised
as a :class:`~scrutiny_parse.errors.ScrutinyParseError` with the original chained; the
page and table-cell limits of :class:`~scrutiny_parse.limits.Limits` are checked here.
"""

from __future__ import annotations

import contextlib
import io
import statistics
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
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
    NoTextLayerError,
    ResourceLimitError,
    ScrutinyParseError,
)
from scrutiny_parse.layout import Layout, Mark
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.pdf import pdfminer_guard
from scrutiny_parse.readers.pdf.borderless import borderless_tables
from scrutiny_parse.readers.pdf.geometry import GridCell, PageGrid, borders_to_tables
from scrutiny_parse.readers.pdf.glyphs import Glyph, chars_to_glyphs
from scrutiny_parse.readers.pdf.join import pages_to_blocks
from scrutiny_parse.readers.pdf.lines import glyphs_to_lines
from scrutiny_parse.readers.pdf.pages import (
    PageBlock,
    PageCell,
    PageContent,
    PageTable,
    page_to_blocks,
    strip_running,
)
from scrutiny_parse.readers.pdf.paragraphs import estimate_leading
from scrutiny_parse.readers.pdf.prescan import prescan_pdf
from scrutiny_parse.readers.pdf.strokes import objects_to_strokes, split_decorations
from scrutiny_parse.readers.pdf.textline import TextLine

__all__ = ["read_pdf"]

# Used when a page has no text to measure: a common body size, in points.
_DEFAULT_SIZE = 11.0


def read_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    """Read a PDF into a Layout (format "pdf"), within ``limits``: the raw bytes are
    prescanned (:mod:`.prescan`), pdfminer runs guarded (:mod:`.pdfminer_guard`), and
    pages and table cells are counted here."""
    prescan_pdf(data, limits)
    with pdfminer_guard.guarded(limits):
        pages, marks, sizes = _read_pages(data, limits)
    check_deadline("after reading the PDF's pages")
    if not sizes:
        raise NoTextLayerError(
            f"none of the {len(pages)} page(s) has a text layer (a scan or images only): "
            "run OCR on it first"
        )
    layout = pages_to_layout(pages, marks, statistics.median(sizes))
    for table in layout.tables():
        cells = sum(len(row.cells) for row in table.rows)
        if cells > limits.max_table_cells:
            raise limits.exceeded("max_table_cells", cells, f"table {table.index}")
    return layout


def _read_pages(data: bytes, limits: Limits) -> tuple[list[PageContent], list[Mark], list[float]]:
    """Every page through the per-page stages, one page alive at a time."""
    pages: list[PageContent] = []
    marks: list[Mark] = []
    sizes: list[float] = []
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
                content, page_marks, size = page_to_content(page)
            finally:
                _release(page, pending)
            pages.append(content)
            marks.extend(page_marks)
            if size:
                sizes.append(size)
    return pages, marks, sizes


def pages_to_layout(pages: list[PageContent], marks: list[Mark], size: float) -> Layout:
    """Assemble the document from its pages: the whole-document stages."""
    notes = [
        f"page {p.number} has no text (an image or a blank page)"
        for p in pages
        if not p.body and not p.tables
    ]
    headers, footers = strip_running(pages)
    leading = estimate_leading(_regions(pages))
    right = max((ln.x1 for p in pages for ln in p.body), default=0.0)
    carried: list[float] | None = None
    for page in pages:
        found, carried = borderless_tables(page, leading, right, carried)
        page.tables.extend(found)
    blocks = pages_to_blocks(_page_blocks(pages, leading), size, leading)
    return Layout(
        format="pdf",
        blocks=blocks,
        headers=headers,
        footers=footers,
        page_count=len(pages),
        notes=notes,
        marks=marks,
    )


def _page_blocks(pages: Sequence[PageContent], leading: float) -> Iterator[list[PageBlock]]:
    """Each page's blocks, built one page at a time; the page then lets go of its lines
    (the blocks hold them now), so lines and finished paragraphs are not all alive at once."""
    for page in pages:
        yield page_to_blocks(page, leading)
        page.body, page.tables = [], []


def page_to_content(page: Page) -> tuple[PageContent, list[Mark], float | None]:
    """One page's lines and tables, the marks noticed on it, and its body font size
    (None when it has no text)."""
    number = page.page_number
    objects = _objects(page)
    glyphs = chars_to_glyphs(objects.get("char", ()))
    size = _body_size(glyphs)
    segments, fills = objects_to_strokes(objects, size or _DEFAULT_SIZE)
    borders, marks = split_decorations(segments, glyphs, number)
    grid = borders_to_tables(borders, fills, size or _DEFAULT_SIZE)
    body, tables = glyphs_to_regions(glyphs, grid)
    content = PageContent(number, float(page.width), float(page.height), body, tables)
    return content, marks, size


def glyphs_to_regions(
    glyphs: Sequence[Glyph], grid: PageGrid
) -> tuple[list[TextLine], list[PageTable]]:
    """Put every glyph into the cell (or nested cell) it sits in, or the page body, and
    build each region's lines. A glyph is placed by a point inside its ink (its box can
    poke above a cell's top border)."""
    body: list[Glyph] = []
    own: dict[int, list[Glyph]] = {}
    nested: dict[int, list[Glyph]] = {}
    for g in glyphs:
        hit = grid.locate((g.x0 + g.x1) / 2, g.baseline - 0.3 * g.size)
        if hit is None:
            body.append(g)
        elif hit[2] is None:
            own.setdefault(id(hit[1]), []).append(g)
        else:
            nested.setdefault(id(hit[2]), []).append(g)

    def cell(grid_cell: GridCell) -> PageCell:
        return PageCell(
            grid_cell,
            glyphs_to_lines(own.get(id(grid_cell), ())),
            [glyphs_to_lines(nested.get(id(n), ())) for n in grid_cell.nested],
        )

    tables = [PageTable([cell(c) for c in t.cells]) for t in grid.tables]
    return glyphs_to_lines(body), tables


def _regions(pages: Sequence[PageContent]) -> Iterator[Sequence[TextLine]]:
    for page in pages:
        yield sorted(page.body, key=lambda ln: ln.top)
        for table in page.tables:
            for cell in table.cells:
                yield cell.lines
                yield from cell.nested


def _body_size(glyphs: Sequence[Glyph]) -> float | None:
    sizes = [g.size for g in glyphs if not g.is_space]
    return statistics.median(sizes) if sizes else None


# -- the pdfplumber boundary ----------------------------------------------------------


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
