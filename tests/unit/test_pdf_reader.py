"""PDF reader: small PDFs drawn in the test with reportlab, one PDF habit per test.

Each PDF is drawn with the canvas API (lines, rectangles, strings), so what the reader
sees is explicit. Coordinates in the helpers are in points from the *top* of the page,
as pdfplumber reports them. Expected table geometry is written as tiny grids: one
string per row, one letter per grid column naming the cell that covers it ("." where
no cell does).

Every test runs on both PDF backends (PDFium, the default, and pdfplumber, the
reference): ``read_pdf`` below is bound to each in turn by the autouse fixture.
"""

from __future__ import annotations

import functools
import io
import sys
from collections.abc import Callable, Iterator, Sequence

import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from scrutiny_parse.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    NoTextLayerError,
    ResourceLimitError,
    ScrutinyParseError,
)
from scrutiny_parse.layout import Layout, Paragraph, Table
from scrutiny_parse.limits import Limits
from scrutiny_parse.normalise.text import clean_paragraph
from scrutiny_parse.readers.pdf import read_pdf
from scrutiny_parse.readers.pdf.glyphs import Glyph
from scrutiny_parse.readers.pdf.lines import glyphs_to_lines
from scrutiny_parse.readers.pdf.paragraphs import ParaDraft
from scrutiny_parse.readers.pdf.textline import TextLine
from scrutiny_parse.readers.pdf_choice import PDF_BACKENDS

W, H = A4
Draw = Callable[[Canvas], None]


@pytest.fixture(autouse=True, params=PDF_BACKENDS)
def _backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with ``read_pdf`` reading through one backend."""
    bound = functools.partial(read_pdf, backend=request.param)
    monkeypatch.setattr(sys.modules[__name__], "read_pdf", bound)
    yield request.param


# -- drawing helpers ------------------------------------------------------------------


def build(*pages: Draw, encrypt: pdfencrypt.StandardEncryption | None = None) -> bytes:
    """A PDF with one page per drawing function."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, encrypt=encrypt)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def line(c: Canvas, x0: float, top0: float, x1: float, top1: float, width: float = 0.5) -> None:
    c.setLineWidth(width)
    c.line(x0, H - top0, x1, H - top1)


def text(
    c: Canvas, x: float, baseline: float, s: str, font: str = "Helvetica", size: float = 10
) -> None:
    c.setFont(font, size)
    c.drawString(x, H - baseline, s)


def ruled(c: Canvas, xs: Sequence[float], ys: Sequence[float]) -> None:
    """A full grid of lines: every x from top to bottom, every y from left to right."""
    for y in ys:
        line(c, xs[0], y, xs[-1], y)
    for x in xs:
        line(c, x, ys[0], x, ys[-1])


def tables(layout: Layout) -> list[Table]:
    return list(layout.tables())


def body(layout: Layout) -> list[str]:
    return [b.text for b in layout.blocks if isinstance(b, Paragraph)]


def tiny_grid(table: Table) -> list[str]:
    """One letter per grid column naming the logical cell covering it, row by row."""
    names: dict[int, str] = {}
    rows = []
    for r in range(len(table.rows)):
        row = ""
        for col in range(table.n_cols):
            cell = table.cell_at(r, col)
            if cell is None:
                row += "."
            else:
                row += names.setdefault(id(cell), "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(names)])
        rows.append(row)
    return rows


def texts(table: Table) -> list[list[str]]:
    return [[clean_paragraph(c.text) for c in row.cells] for row in table.rows]


# Three columns 100pt wide from x=72, rows 30pt high from y=100.
XS = [72, 172, 272, 372]


def three_by_two(c: Canvas) -> None:
    ruled(c, XS, [100, 130, 160])
    for r, y in enumerate((118, 148)):
        for k, x in enumerate(XS[:-1]):
            text(c, x + 5, y, f"r{r}c{k}")


# -- table geometry -------------------------------------------------------------------


def test_grid_from_lines() -> None:
    layout = read_pdf(build(three_by_two))
    (table,) = tables(layout)
    assert table.n_cols == 3
    assert tiny_grid(table) == ["ABC", "DEF"]
    assert texts(table) == [["r0c0", "r0c1", "r0c2"], ["r1c0", "r1c1", "r1c2"]]
    assert layout.format == "pdf" and layout.page_count == 1


def test_grid_from_stroked_rectangle_edges() -> None:
    def draw(c: Canvas) -> None:
        c.setLineWidth(0.5)
        for r, top in enumerate((100, 130)):
            for k, x in enumerate(XS[:-1]):
                c.rect(x, H - top - 30, 100, 30, stroke=1, fill=0)
                text(c, x + 5, top + 18, f"r{r}c{k}")

    (table,) = tables(read_pdf(build(draw)))
    assert tiny_grid(table) == ["ABC", "DEF"]
    assert texts(table)[1] == ["r1c0", "r1c1", "r1c2"]


def test_grid_from_thin_filled_rectangles() -> None:
    """Word's exporter draws every border as a thin filled rectangle."""

    def draw(c: Canvas) -> None:
        for y in (100, 130, 160):
            c.rect(XS[0], H - y - 0.25, XS[-1] - XS[0], 0.5, stroke=0, fill=1)
        for x in XS:
            c.rect(x - 0.25, H - 160, 0.5, 60, stroke=0, fill=1)
        for r, y in enumerate((118, 148)):
            for k, x in enumerate(XS[:-1]):
                text(c, x + 5, y, f"r{r}c{k}")

    (table,) = tables(read_pdf(build(draw)))
    assert tiny_grid(table) == ["ABC", "DEF"]


def test_merged_cells_become_spans() -> None:
    """Row 0: one cell over columns 0-1, then column 2. Column 0 of rows 1-2: one
    label cell merged down (a vertical merge)."""

    def draw(c: Canvas) -> None:
        for y in (100, 130, 190):
            line(c, XS[0], y, XS[-1], y)
        line(c, XS[1], 160, XS[-1], 160)  # no border under the merged label
        line(c, XS[0], 100, XS[0], 190)
        line(c, XS[-1], 100, XS[-1], 190)
        line(c, XS[2], 100, XS[2], 190)
        line(c, XS[1], 130, XS[1], 190)  # no border inside the spanning top cell
        text(c, 77, 118, "Spanning two")
        text(c, 277, 118, "Right")
        text(c, 77, 148, "Label:")
        for r, y in enumerate((148, 178)):
            text(c, 177, y, f"a{r}")
            text(c, 277, y, f"b{r}")

    (table,) = tables(read_pdf(build(draw)))
    assert tiny_grid(table) == ["AAB", "CDE", "CFG"]
    top = table.rows[0].cells[0]
    assert (top.col, top.col_span, top.text) == (0, 2, "Spanning two")
    label = table.rows[1].cells[0]
    assert (label.col, label.row_span, label.text) == (0, 2, "Label:")
    assert [c.col for c in table.rows[2].cells] == [1, 2]  # the label is not repeated


def test_shading_is_a_hint_not_a_border() -> None:
    """Grey label fills a little off the borders must not add grid lines."""

    def draw(c: Canvas) -> None:
        c.setFillColor(Color(0.85, 0.85, 0.85))
        c.rect(XS[0] + 0.3, H - 160 + 0.3, 99.4, 59.4, stroke=0, fill=1)
        c.setFillColor(Color(0, 0, 0))
        three_by_two(c)

    (table,) = tables(read_pdf(build(draw)))
    assert tiny_grid(table) == ["ABC", "DEF"]
    assert [c.shaded for c in table.rows[0].cells] == [True, False, False]


def test_white_and_unstroked_lines_are_not_borders() -> None:
    def draw(c: Canvas) -> None:
        three_by_two(c)
        c.setStrokeColor(white)
        line(c, XS[0], 115, XS[-1], 115)  # a white line across the first row
        c.setStrokeColor(Color(0, 0, 0))

    (table,) = tables(read_pdf(build(draw)))
    assert tiny_grid(table) == ["ABC", "DEF"]


def test_strokes_of_unset_width_are_borders() -> None:
    """pdfminer reports width 0 when a file never sets one (PDF's default is 1pt; 0
    itself means "thinnest visible"): such strokes are real borders."""

    def draw(c: Canvas) -> None:
        for y in (100, 130, 160):
            c.line(XS[0], H - y, XS[-1], H - y)  # no setLineWidth anywhere
        for x in XS:
            c.line(x, H - 100, x, H - 160)
        for r, y in enumerate((118, 148)):
            text(c, 77, y, f"row {r}")

    (table,) = tables(read_pdf(build(draw)))
    assert tiny_grid(table) == ["ABC", "DEF"]


def test_adjacent_tables_are_kept_apart() -> None:
    """A small gap separates two tables; so does a shared edge where the column
    boundaries above and below have nothing in common."""

    def draw(c: Canvas) -> None:
        ruled(c, XS, [100, 130, 160])
        ruled(c, XS, [163, 193])  # 3pt below: another table
        ruled(c, [72, 122, 322, 372], [193, 223])  # sharing the edge at 193
        for y in (118, 148, 181, 211):
            text(c, 77, y, f"t{y}")

    found = tables(read_pdf(build(draw)))
    assert [tiny_grid(t) for t in found] == [["ABC", "DEF"], ["ABC"], ["ABC"]]
    assert [t.index for t in found] == [0, 1, 2]


def test_text_outside_tables_stays_in_reading_order() -> None:
    def draw(c: Canvas) -> None:
        text(c, 72, 80, "Before the table")
        three_by_two(c)
        text(c, 72, 200, "After the table")

    layout = read_pdf(build(draw))
    kinds = [type(b).__name__ for b in layout.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    assert body(layout) == ["Before the table", "After the table"]


def test_cells_and_paragraphs_say_where_they_are() -> None:
    (table,) = tables(read_pdf(build(three_by_two)))
    cell = table.rows[1].cells[2]
    origin = cell.origin
    assert (origin.page, origin.table, origin.row, origin.cell) == (1, 0, 1, 2)
    assert origin.bbox == pytest.approx((272, 130, 372, 160), abs=0.5)
    para = cell.paragraphs[0].origin
    assert (para.page, para.table, para.row, para.cell) == (1, 0, 1, 2)
    assert para.bbox is not None and 272 < para.bbox[0] < para.bbox[2] < 372


# -- pages ----------------------------------------------------------------------------

# Lines that fill the value column below: none has room for the next line's first word.
FULL = [
    "The survey of residents began in April 2020 and was",
    "carried out in every library, community centre and",
    "one-stop shop across the borough before it was extended",
]
TWO_COLS = [72, 172, 177 + max(stringWidth(s, "Helvetica", 10) for s in FULL) + 6]


def _page_one(c: Canvas) -> None:
    ruled(c, TWO_COLS, [700, 730, 790])
    text(c, 77, 718, "Item")
    text(c, 177, 718, "Detail")
    text(c, 77, 748, "Evidence:")
    for k, words in enumerate(FULL):  # to the foot of the page: it runs on overleaf
        text(c, 177, 748 + 14 * k, words)


def _page_two(c: Canvas) -> None:
    ruled(c, TWO_COLS, [72, 102, 132, 162])
    text(c, 77, 90, "Item")  # the header row, repeated by the printer
    text(c, 177, 90, "Detail")
    text(c, 177, 120, "to all wards.")  # the rest of the split row: no label
    text(c, 77, 150, "Date:")
    text(c, 177, 150, "May 2020")


def test_table_split_across_pages_is_one_table() -> None:
    layout = read_pdf(build(_page_one, _page_two))
    (table,) = tables(layout)
    assert texts(table)[0] == ["Item", "Detail"]
    assert table.rows[0].is_header
    assert [t[0] for t in texts(table)] == ["Item", "Evidence:", "Date:"]
    evidence = table.rows[1].cells[1]
    assert evidence.text.endswith("it was extended\nto all wards.")
    assert len(evidence.paragraphs) == 1  # the page break fell inside the paragraph
    assert evidence.origin.page == 1  # a joined cell keeps its first part's origin
    assert layout.page_count == 2


BULLET_TEXT = ["August 2023: 88% at grade", "B or above at every site"]
BULLET_COLS = [72, 172, 195 + stringWidth(BULLET_TEXT[1], "Helvetica", 10) + 15]


def _bullet_at_the_foot(c: Canvas) -> None:
    """A list item, wrapped at its hanging indent, ends the cell at the foot of page 1."""
    ruled(c, BULLET_COLS, [700, 730, 790])
    text(c, 77, 718, "Item")
    text(c, 177, 718, "Detail")
    text(c, 77, 748, "Evidence:")
    text(c, 177, 748, "Inspections covered 71 sites:")
    text(c, 182, 762, "\u2022", font="Symbol")
    text(c, 195, 762, BULLET_TEXT[0])
    text(c, 195, 776, BULLET_TEXT[1])


def _after_the_bullet(x: float, words: str) -> Draw:
    def draw(c: Canvas) -> None:
        ruled(c, BULLET_COLS, [72, 102, 132])
        text(c, x, 90, words)  # the rest of the split row: no label
        text(c, 77, 120, "Date:")
        text(c, 177, 120, "May 2020")

    return draw


@pytest.mark.parametrize(
    ("x", "words", "last"),
    [
        (177, "Additional bins were emptied.", (None, "Additional bins were emptied.")),
        (195, "inspected in August.", ("bullet", " ".join([*BULLET_TEXT, "inspected in August."]))),
    ],
    ids=["paragraph-after-the-list", "wrapped-item"],
)
def test_a_line_level_with_a_list_marker_overleaf_starts_a_paragraph(
    x: float, words: str, last: tuple[str | None, str]
) -> None:
    """Overleaf, a line at the cell's edge (level with the bullet, left of the item's
    hanging indent) is a new paragraph after the list; one at the hanging indent is the
    item's wrapped line. Neither first word would have fitted on the line above."""
    (table,) = tables(read_pdf(build(_bullet_at_the_foot, _after_the_bullet(x, words))))
    assert [t[0] for t in texts(table)] == ["Item", "Evidence:", "Date:"]
    paras = table.rows[1].cells[1].paragraphs
    assert [p.list_kind for p in paras[:2]] == [None, "bullet"]
    assert len(paras) == (3 if x == 177 else 2)
    assert (paras[-1].list_kind, clean_paragraph(paras[-1].text)) == last


HEADING = ("Recommendation 3: More residents, community groups and young", "Helvetica-Bold")
# The heading fills its row: "people" would not have fitted after "young".
HEADING_COLS = [72, 172, 77 + stringWidth(*HEADING, 10) + 20]


def _heading_cut_at_the_foot(c: Canvas) -> None:
    """A full-width heading row the page break cut tight: its bottom border lies just
    under the baseline, nearly all of it under the text, like a link underline."""
    ruled(c, HEADING_COLS[::2], [780, 791.5])
    text(c, 77, 790, HEADING[0], font=HEADING[1])


def _heading_continued(c: Canvas) -> None:
    ruled(c, HEADING_COLS[::2], [72, 92])
    text(c, 77, 82, "people look after their parks.", font=HEADING[1])
    ruled(c, HEADING_COLS, [92, 116, 140])
    for label, value, baseline in (("Lead Officer", "Ann Smith", 104), ("Date:", "May", 128)):
        text(c, 77, baseline, label)
        text(c, 177, baseline, value)


def test_a_border_tight_under_text_is_not_an_underline() -> None:
    """An underline starts and ends with its text; this border runs past it into the
    cell's padding, so the cut row stays a table row and joins its rest overleaf."""
    layout = read_pdf(build(_heading_cut_at_the_foot, _heading_continued))
    (table,) = tables(layout)
    assert texts(table)[0] == [
        "Recommendation 3: More residents, community groups and young "
        "people look after their parks."
    ]
    assert texts(table)[1:] == [["Lead Officer", "Ann Smith"], ["Date:", "May"]]
    assert body(layout) == []
    assert not [m for m in layout.marks if m.kind == "ignored-stroke"]


def test_running_headers_and_footers_are_taken_out() -> None:
    def page(n: int) -> Draw:
        def draw(c: Canvas) -> None:
            text(c, 72, 40, "This document was classified as: OFFICIAL")
            text(c, 72, 200, f"Body text of page {n}.")
            text(c, 280, 810, f"Page {n} of 3")

        return draw

    layout = read_pdf(build(page(1), page(2), page(3)))
    assert body(layout) == [f"Body text of page {n}." for n in (1, 2, 3)]
    assert [p.text for p in layout.headers] == ["This document was classified as: OFFICIAL"]
    assert [p.text for p in layout.footers] == ["Page 1 of 3"]
    assert layout.headers[0].origin.page == 1


# -- text -----------------------------------------------------------------------------


def _strike_page(c: Canvas) -> None:
    ruled(c, TWO_COLS, [100, 130])
    text(c, 77, 118, "Assessment:")
    text(c, 177, 118, "2 3 done")
    # A thin line through the middle of the "2" (Helvetica digits are 5.56pt wide).
    line(c, 176.5, 114.5, 183, 114.5, width=0.6)
    # An underline under "done" (a hyperlink): below the baseline.
    line(c, 194, 119.5, 214, 119.5, width=0.6)


def test_struck_digit_gets_strike_and_a_mark() -> None:
    layout = read_pdf(build(_strike_page))
    (table,) = tables(layout)
    runs = table.rows[0].cells[1].paragraphs[0].runs
    assert [(r.text, r.strike) for r in runs] == [("2", True), (" 3 done", False)]
    strikes = [m for m in layout.marks if m.kind == "strike"]
    assert len(strikes) == 1 and strikes[0].origin.page == 1
    assert strikes[0].origin.bbox is not None and strikes[0].origin.bbox[0] == pytest.approx(177)


def test_strike_and_underline_strokes_are_not_borders() -> None:
    layout = read_pdf(build(_strike_page))
    (table,) = tables(layout)
    assert tiny_grid(table) == ["AB"]  # neither stroke split a cell
    ignored = [m.origin.bbox for m in layout.marks if m.kind == "ignored-stroke"]
    assert len(ignored) == 2
    assert not any(r.strike for r in table.rows[0].cells[0].paragraphs[0].runs)


def _glyph(ch: str, x: float, font: str = "Helvetica", baseline: float = 100) -> Glyph:
    return Glyph(
        ch, x, x + 5, baseline - 10, baseline, baseline, 10, font, False, False, None, ch.isspace()
    )


def _word(s: str, x: float, baseline: float = 100) -> list[Glyph]:
    return [_glyph(ch, x + 5 * k, baseline=baseline) for k, ch in enumerate(s)]


@pytest.mark.parametrize(
    ("glyph", "font"),
    [
        ("\uf0b7", "ABCDEF+Symbol"),
        ("•", "Helvetica"),
        ("o", "CourierNewPSMT"),
        ("§", "Wingdings-Regular"),
        ("▪", "Arial"),
    ],
)
def test_bullet_glyphs_mark_list_items(glyph: str, font: str) -> None:
    (line_,) = glyphs_to_lines([_glyph(glyph, 72, font), *_word("Item", 90)])
    assert (line_.marker, line_.text) == ("bullet", "Item")


def test_a_letter_o_in_a_text_font_is_not_a_bullet() -> None:
    (line_,) = glyphs_to_lines([_glyph("o", 72), *_word("ther", 90)])
    assert line_.marker is None


def test_bullets_and_numbers_end_to_end() -> None:
    def draw(c: Canvas) -> None:
        text(c, 72, 100, "Intro line.")
        text(c, 80, 114, "\u2022", font="Symbol")
        text(c, 95, 114, "First point")
        text(c, 80, 128, "o", font="Courier")
        text(c, 95, 128, "Sub point")
        text(c, 80, 142, "1.")
        text(c, 95, 142, "Numbered")

    layout = read_pdf(build(draw))
    paras = [b for b in layout.blocks if isinstance(b, Paragraph)]
    assert [(p.list_kind, p.list_label, p.text) for p in paras] == [
        (None, None, "Intro line."),
        ("bullet", None, "First point"),
        ("bullet", None, "Sub point"),
        ("number", "1.", "Numbered"),
    ]


def test_lines_of_a_paragraph_join_with_line_breaks_hyphens_and_urls() -> None:
    def draw(c: Canvas) -> None:
        ruled(c, [72, 212], [100, 160])
        text(c, 77, 115, "Residents can now self-")
        text(c, 77, 129, "serve at https://example.org/")
        text(c, 77, 143, "services online.")

    (table,) = tables(read_pdf(build(draw)))
    cell = table.rows[0].cells[0]
    assert len(cell.paragraphs) == 1
    assert cell.text == "Residents can now self-\nserve at https://example.org/services online."
    assert clean_paragraph(cell.text) == (
        "Residents can now self-serve at https://example.org/services online."
    )


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("qualification ", "was met.", "qualification\nwas met."),
        ("Transformatio", "n and more.", "Transformation and more."),
    ],
    ids=["broke-at-a-space", "broke-inside-the-word"],
)
def test_a_one_word_line_that_ends_in_a_space_glyph_broke_at_the_space(
    head: str, tail: str, joined: str
) -> None:
    """The one word fills a narrow cell: not even the next line's first letter would
    have fitted after it. A space glyph after it says the line broke at that space; with
    none, the word was broken at the cell's edge and runs on without a space."""
    word = head.strip()
    x1 = 77 + stringWidth(word, "Helvetica", 10) + 5 + 4  # 4pt room: less than a "w" or "n"

    def draw(c: Canvas) -> None:
        ruled(c, [72, x1], [100, 140])
        text(c, 77, 115, head)
        text(c, 77, 129, tail)

    (table,) = tables(read_pdf(build(draw)))
    cell = table.rows[0].cells[0]
    assert len(cell.paragraphs) == 1
    assert cell.text == joined


def test_paragraph_spacing_starts_a_new_paragraph() -> None:
    def draw(c: Canvas) -> None:
        text(c, 72, 100, "First paragraph, one line.")
        text(c, 72, 122, "Second paragraph after a gap.")

    assert body(read_pdf(build(draw))) == [
        "First paragraph, one line.",
        "Second paragraph after a gap.",
    ]


def test_fake_bold_copies_are_dropped() -> None:
    def draw(c: Canvas) -> None:
        for dx in (0, 0.3, 0.6):  # the same word drawn three times, slightly shifted
            text(c, 72 + dx, 100, "Heading")

    layout = read_pdf(build(draw))
    (para,) = [b for b in layout.blocks if isinstance(b, Paragraph)]
    assert para.text == "Heading"
    assert para.is_bold


def test_fake_bold_copies_drawn_apart_from_their_original_are_dropped() -> None:
    """A copy drawn after other text (PDFium's text page keeps it: it drops only a copy
    drawn right after its original) is found among the glyphs, whole or a word of it."""

    def draw(c: Canvas) -> None:
        text(c, 72, 100, "Heading of the page")
        text(c, 72, 140, "Body text below the heading.")
        text(c, 72.3, 100, "Heading of the page")
        text(c, 72.3 + stringWidth("Body text ", "Helvetica", 10), 140, "below")

    layout = read_pdf(build(draw))
    paras = [b for b in layout.blocks if isinstance(b, Paragraph)]
    # (The reference keeps a copy's spaces: "Heading  of  the  page".)
    words = [" ".join(p.text.split()) for p in paras]
    assert words == ["Heading of the page", "Body text below the heading."]
    assert paras[0].is_bold


def test_borderless_table_falls_back_to_text_alignment() -> None:
    def draw(c: Canvas) -> None:
        rows = [("Responsibility:", "Jane Smith", "Tom Jones"), ("Date:", "May 2020", "June 2020")]
        for r, (label, a, b) in enumerate(rows):
            y = 100 + 25 * r
            text(c, 72, y, label)
            text(c, 172, y, a)
            text(c, 272, y, b)

    layout = read_pdf(build(draw))
    (table,) = tables(layout)
    assert texts(table) == [
        ["Responsibility:", "Jane Smith", "Tom Jones"],
        ["Date:", "May 2020", "June 2020"],
    ]
    assert tiny_grid(table) == ["ABC", "DEF"]
    assert body(layout) == []


# -- errors ---------------------------------------------------------------------------


def _hello(c: Canvas) -> None:
    text(c, 72, 100, "Hello")


def test_user_password_is_an_encrypted_document_error() -> None:
    data = build(_hello, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(EncryptedDocumentError, match="encrypted with a password") as err:
        read_pdf(data)
    assert err.value.__cause__ is not None


def test_owner_password_only_opens_normally() -> None:
    data = build(
        _hello,
        encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0),
    )
    assert body(read_pdf(data)) == ["Hello"]


def test_page_with_only_drawing_has_no_text_layer() -> None:
    def draw(c: Canvas) -> None:
        c.rect(72, 500, 200, 100, stroke=1, fill=1)

    with pytest.raises(NoTextLayerError, match="OCR"):
        read_pdf(build(draw))


def test_scanned_page_image_has_no_text_layer() -> None:
    scan = Image.new("RGB", (60, 80), "white")

    def draw(c: Canvas) -> None:
        c.drawImage(ImageReader(scan), 72, 400, width=300, height=400)

    with pytest.raises(NoTextLayerError, match="OCR"):
        read_pdf(build(draw, draw))


@pytest.mark.parametrize(
    "data",
    [
        build(_hello)[:400],  # truncated: header and a little of the first object
        b"%PDF-1.7\n" + bytes(range(256)) * 8,  # garbage after the header
        b"%PDF-1.4\n%%EOF\n",  # a header and nothing else
    ],
    ids=["truncated", "garbage", "empty-body"],
)
def test_damaged_pdf_is_a_corrupt_document_error(data: bytes) -> None:
    with pytest.raises(CorruptDocumentError) as err:
        read_pdf(data)
    assert isinstance(err.value, ScrutinyParseError)


@pytest.mark.parametrize("cut", [0.1, 0.3, 0.5, 0.7, 0.9, 0.97])
@pytest.mark.parametrize("flip", [False, True])
def test_nothing_but_our_errors_escapes_from_a_damaged_file(cut: float, flip: bool) -> None:
    """Truncated or byte-flipped: a layout or a ScrutinyParseError, never pdfminer's own."""
    data = bytearray(build(three_by_two, _hello))
    at = int(len(data) * cut)
    if flip:
        data[at : at + 16] = bytes(b ^ 0x5A for b in data[at : at + 16])
    else:
        del data[at:]
    try:
        layout = read_pdf(bytes(data))
    except ScrutinyParseError as e:
        assert e.reason  # says why
    else:
        assert layout.format == "pdf"


def test_page_limit() -> None:
    with pytest.raises(ResourceLimitError, match="max_pages"):
        read_pdf(build(_hello, _hello, _hello), Limits(max_pages=2))


def test_table_cell_limit() -> None:
    with pytest.raises(ResourceLimitError, match="max_table_cells"):
        read_pdf(build(three_by_two), Limits(max_table_cells=5))
    assert tables(read_pdf(build(three_by_two), Limits(max_table_cells=6)))


def _line(text: str, x0: float, x1: float, top: float) -> TextLine:
    """A one-piece 10 pt line whose first word is 6 pt a letter wide."""
    word = 6.0 * len(text.split(" ", 1)[0])
    box = (x0, top, x1, top + 10)
    return TextLine(text, (), (x0,), box, top + 8, 10.0, first_word=word, first_glyph=6.0)


def test_list_item_torn_by_a_page_break_goes_on_overleaf() -> None:
    """A list without a hanging indent: the line overleaf, level with the marker, whose
    first word could not have fitted, continues the item; a new sentence there, or a
    typed item label, does not; a line left of the marker is after the list."""
    item = ParaDraft([_line("41 asked for brighter", 100, 195, 700)], 5, "bullet", right=200)
    assert item.can_continue_with(_line("lighting or an end to dimming;", 100, 190, 70))
    ended = ParaDraft([_line("for more than two years.", 100, 198, 700)], 5, "bullet", right=200)
    assert not ended.can_continue_with(_line("Additional Council Tax", 100, 190, 70))
    assert not item.can_continue_with(_line("3. Online self-referral", 100, 190, 70))
    assert not item.can_continue_with(_line("lighting or an end to dimming;", 80, 190, 70))
    hanging = ParaDraft(
        [_line("dangerous faults: 97%", 100, 195, 680), _line("(66 of 68 made", 118, 195, 692)],
        5,
        "bullet",
        right=200,
    )
    assert not hanging.can_continue_with(_line("routine faults: 76%", 100, 190, 70))
    assert hanging.can_continue_with(_line("safe within 2 hours);", 118, 190, 70))
