"""PDF reader: PDF bytes -> :class:`~scrutiny_parse.layout.Layout` (format "pdf").

A backend (:mod:`.backend`) reads each page once and lets it go before the next, so
memory follows the text kept, not the page count: PDFium through pypdfium2 by default
(the :mod:`.pdfium` package: ``document`` opens and guards the file, ``frame`` maps page
box and rotation, ``text`` reads characters, ``paths`` path objects, ``fake_bold`` the
copies; ``bindings`` the C calls), or pdfplumber / pdfminer.six, the reference
(:mod:`.plumber`). Both hand the stages the same :class:`~.backend.PageDrawing`. The
pipeline, one stage per function:

per page, in the backend::

    glyphs                   characters, fake-bold copies dropped        (glyphs,
                                                                          pdfium.text,
                                                                          pdfium.fake_bold
                                                                          / plumber)
    objects                  lines, rects, curves in pdfplumber's shape  (pdfium.paths
                                                                          / plumber)

per page (:func:`page_to_content`)::

    shapes_to_bullets        bullets drawn as dots and rings -> glyphs   (bullets)
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

Every failure of the PDF library is caught in the backend, at the reader boundary, and
raised as a :class:`~scrutiny_parse.errors.ScrutinyParseError` with the original
chained. The page and page-content limits of :class:`~scrutiny_parse.limits.Limits` are
checked by the backend before it interprets a page; the table-cell limit here.
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Iterator, Sequence

from scrutiny_parse.budget import check_deadline
from scrutiny_parse.errors import NoTextLayerError
from scrutiny_parse.layout import Layout, Mark
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.pdf import pdfminer_guard
from scrutiny_parse.readers.pdf.backend import (
    DEFAULT_PDF_BACKEND,
    PDF_BACKENDS,
    PageDrawing,
    PdfBackend,
    check_backend,
    page_reader,
)
from scrutiny_parse.readers.pdf.borderless import borderless_tables
from scrutiny_parse.readers.pdf.bullets import objects_to_shapes, shapes_to_bullets
from scrutiny_parse.readers.pdf.geometry import GridCell, PageGrid, borders_to_tables
from scrutiny_parse.readers.pdf.glyphs import Glyph
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
from scrutiny_parse.readers.pdf.rawscan import prescan_pdf
from scrutiny_parse.readers.pdf.strokes import objects_to_strokes, split_decorations
from scrutiny_parse.readers.pdf.textline import TextLine

__all__ = ["DEFAULT_PDF_BACKEND", "PDF_BACKENDS", "PdfBackend", "check_backend", "read_pdf"]

# Used when a page has no text to measure: a common body size, in points.
_DEFAULT_SIZE = 11.0


def read_pdf(
    data: bytes, limits: Limits = DEFAULT_LIMITS, backend: PdfBackend = DEFAULT_PDF_BACKEND
) -> Layout:
    """Read a PDF into a Layout (format "pdf"), within ``limits`` (pages, page content,
    table cells), with the PDF library ``backend`` ("pdfium" or "pdfplumber"). The raw
    bytes are scanned first (:mod:`.rawscan`: stream bombs, reference cycles), whatever
    the backend; pdfminer, which both backends use (to read, or to pre-scan the pages),
    runs guarded (:mod:`.pdfminer_guard`)."""
    read_pages = page_reader(check_backend(backend))
    prescan_pdf(data, limits)
    pages: list[PageContent] = []
    marks: list[Mark] = []
    sizes: list[float] = []
    with pdfminer_guard.guarded(limits), contextlib.closing(read_pages(data, limits)) as drawings:
        for drawing in drawings:
            check_deadline(f"after page {drawing.number}")
            content, page_marks, size = page_to_content(drawing)
            pages.append(content)
            marks.extend(page_marks)
            if size:
                sizes.append(size)
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
        page.body, page.tables, page.fills = [], [], []


def page_to_content(page: PageDrawing) -> tuple[PageContent, list[Mark], float | None]:
    """One page's lines and tables, the marks noticed on it, and its body font size
    (None when it has no text)."""
    number = page.number
    glyphs = list(page.glyphs)
    size = _body_size(glyphs)
    glyphs += shapes_to_bullets(objects_to_shapes(page.objects, size or _DEFAULT_SIZE), glyphs)
    segments, fills = objects_to_strokes(page.objects, size or _DEFAULT_SIZE)
    borders, marks = split_decorations(segments, glyphs, number)
    grid = borders_to_tables(borders, fills, size or _DEFAULT_SIZE)
    body, tables = glyphs_to_regions(glyphs, grid)
    content = PageContent(number, page.width, page.height, body, tables)
    # Shading outside the drawn tables: the rows of a borderless table.
    content.fills = [
        f for f in fills if grid.locate((f.x0 + f.x1) / 2, (f.top + f.bottom) / 2) is None
    ]
    return content, marks, size


def glyphs_to_regions(
    glyphs: Sequence[Glyph], grid: PageGrid
) -> tuple[list[TextLine], list[PageTable]]:
    """Put every glyph into the cell (or nested cell) it sits in, or the page body, and
    build each region's lines. A glyph is placed by a point inside its ink (its box can
    poke above a cell's top border)."""
    if not grid.tables:
        return glyphs_to_lines(glyphs), []
    body: list[Glyph] = []
    own: dict[int, list[Glyph]] = {}
    nested: dict[int, list[Glyph]] = {}
    locate = grid.locate
    for g in glyphs:
        hit = locate((g.x0 + g.x1) / 2, g.baseline - 0.3 * g.size)
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
