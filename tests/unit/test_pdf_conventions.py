"""PDF drawing conventions of producers other than LibreOffice, one per test.

Each PDF is drawn here with reportlab's canvas, so what the reader sees is explicit:
borders as per-cell filled rectangles (Word) or not at all, rows sliced open at a page
break (browsers), a continuation that repeats its label, bullets as vector dots, rings
and squares, strike-through and underlines as filled bars, list numbers set off by a
space, ligature glyphs in the text layer. Coordinates are points from the top of the page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from scrutiny_parse.layout import Layout, Paragraph, Table
from scrutiny_parse.normalise.text import clean_paragraph
from scrutiny_parse.readers.pdf import read_pdf

W, H = A4
Draw = Callable[[Canvas], None]
GREY = Color(0.85, 0.85, 0.85)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def build(*pages: Draw) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def text(c: Canvas, x: float, baseline: float, s: str, font: str = "Helvetica") -> None:
    c.setFillColor(black)
    c.setFont(font, 10)
    c.drawString(x, H - baseline, s)


def bar(c: Canvas, x0: float, top: float, x1: float, bottom: float, colour: Color = black) -> None:
    """A filled rectangle (a border, a strike or an underline as Word draws them)."""
    c.setFillColor(colour)
    c.rect(x0, H - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def cell_edges(c: Canvas, x0: float, top: float, x1: float, bottom: float) -> None:
    """One cell's own four edges, each a 0.5pt filled rectangle (Word's exporter)."""
    h = 0.25
    bar(c, x0 - h, top - h, x1 + h, top + h)
    bar(c, x0 - h, bottom - h, x1 + h, bottom + h)
    bar(c, x0 - h, top - h, x0 + h, bottom + h)
    bar(c, x1 - h, top - h, x1 + h, bottom + h)


def tables(layout: Layout) -> list[Table]:
    return list(layout.tables())


def texts(table: Table) -> list[list[str]]:
    return [[clean_paragraph(c.text) for c in row.cells] for row in table.rows]


def paragraphs(layout: Layout) -> list[Paragraph]:
    out: list[Paragraph] = []
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            out.append(block)
        else:
            out += [p for row in block.rows for c in row.cells for p in c.paragraphs]
    return out


XS = (72.0, 172.0, 372.0)


def test_borders_as_one_filled_rectangle_per_cell_edge() -> None:
    def draw(c: Canvas) -> None:
        for r, top in enumerate((100.0, 130.0)):
            for k in range(2):
                cell_edges(c, XS[k], top, XS[k + 1], top + 30)
                text(c, XS[k] + 5, top + 18, f"r{r}c{k}")

    (table,) = tables(read_pdf(build(draw)))
    assert texts(table) == [["r0c0", "r0c1"], ["r1c0", "r1c1"]]


def test_shaded_label_cells_give_the_rows_of_a_borderless_table() -> None:
    """No borders, rows as close as lines: each label cell's own shading shows the rows
    (a browser paints every cell's background over exactly that cell)."""

    def draw(c: Canvas) -> None:
        rows = (("Date:", ["April 2019"]), ("Agreed", ["Do one thing", "and another"]))
        top = 100.0
        for label_lines, values in ((["Date:"], rows[0][1]), (["Agreed", "Action:"], rows[1][1])):
            height = 12.0 * max(len(label_lines), len(values)) + 2
            bar(c, XS[0], top, XS[1] - 20, top + height, GREY)
            for k, s in enumerate(label_lines):
                text(c, XS[0] + 3, top + 10 + 12 * k, s, "Helvetica-Bold")
            for k, s in enumerate(values):
                text(c, XS[1], top + 10 + 12 * k, s)
            top += height
        # A few more lines of body text so that the ordinary leading is known.
        for k in range(4):
            text(c, XS[0], 200 + 12 * k, "Body text line")

    layout = read_pdf(build(draw))
    (table,) = tables(layout)
    assert texts(table) == [["Date:", "April 2019"], ["Agreed Action:", "Do one thing and another"]]


def _sliced_page_one(c: Canvas) -> None:
    """A table whose last row runs off the foot of the page: its column borders stop at
    the page edge and no line closes it (a browser slices cell borders at a break)."""
    bar(c, XS[0], 100, XS[2], 100.7)
    bar(c, XS[0], 130, XS[2], 130.7)
    for x in XS:
        bar(c, x, 100, x + 0.7, 770)
    text(c, XS[0] + 5, 118, "Date:")
    text(c, XS[1] + 5, 118, "April 2019")
    text(c, XS[0] + 5, 148, "Evidence of Progress")
    for k in range(50):
        text(c, XS[1] + 5, 148 + 12 * k, f"evidence line {k}")


def _sliced_page_two(c: Canvas) -> None:
    for x in XS:
        bar(c, x, 72, x + 0.7, 130)
    bar(c, XS[0], 130, XS[2], 130.7)
    text(c, XS[0] + 5, 84, "(March 2020):")  # the rest of the cut label
    text(c, XS[1] + 5, 84, "evidence line 50")
    text(c, XS[1] + 5, 96, "evidence line 51")


def test_a_row_sliced_open_at_a_page_break_is_one_row_again() -> None:
    (table,) = tables(read_pdf(build(_sliced_page_one, _sliced_page_two)))
    rows = texts(table)
    assert len(rows) == 2
    assert rows[1][0] == "Evidence of Progress (March 2020):"
    assert rows[1][1].startswith("evidence line 0") and rows[1][1].endswith("evidence line 51")


def _closed(c: Canvas, rows: Sequence[tuple[str, str]], top: float) -> None:
    for label, value in rows:
        cell_edges(c, XS[0], top, XS[1], top + 30)
        cell_edges(c, XS[1], top, XS[2], top + 30)
        text(c, XS[0] + 5, top + 18, label)
        text(c, XS[1] + 5, top + 18, value)
        top += 30


def test_a_continuation_that_repeats_its_label_is_the_rest_of_the_row() -> None:
    def one(c: Canvas) -> None:
        _closed(c, [("Date:", "April 2019"), ("Evidence:", "The survey ran in May and")], 710)

    def two(c: Canvas) -> None:
        _closed(c, [("Evidence:", "June 2019."), ("Assessment:", "2")], 72)

    (table,) = tables(read_pdf(build(one, two)))
    assert texts(table) == [
        ["Date:", "April 2019"],
        ["Evidence:", "The survey ran in May and June 2019."],
        ["Assessment:", "2"],
    ]


def test_a_continuation_with_an_empty_label_is_the_rest_of_the_row() -> None:
    def one(c: Canvas) -> None:
        _closed(c, [("Date:", "April 2019"), ("Evidence:", "The survey ran.")], 710)

    def two(c: Canvas) -> None:
        _closed(c, [("", "Results follow."), ("Assessment:", "2")], 72)

    (table,) = tables(read_pdf(build(one, two)))
    assert texts(table)[1] == ["Evidence:", "The survey ran. Results follow."]
    assert len(table.rows) == 3


def test_a_label_cut_inside_a_bracket_continues_overleaf() -> None:
    """Borders closed on both pages, the same padding: only the open bracket of
    "(include" says the label, and so the row, runs on."""

    def one(c: Canvas) -> None:
        _closed(c, [("Date:", "April 2019")], 680)
        cell_edges(c, XS[0], 710, XS[1], 752)
        cell_edges(c, XS[1], 710, XS[2], 752)
        text(c, XS[0] + 5, 728, "Assessment:")
        text(c, XS[0] + 5, 742, "(include explanation")
        text(c, XS[1] + 5, 728, "2")

    def two(c: Canvas) -> None:
        _closed(c, [("if required)", "Delayed by the pandemic."), ("Evidence:", "More.")], 72)

    (table,) = tables(read_pdf(build(one, two)))
    assert texts(table) == [
        ["Date:", "April 2019"],
        ["Assessment: (include explanation if required)", "2 Delayed by the pandemic."],
        ["Evidence:", "More."],
    ]


@pytest.mark.parametrize("shape", ["disc", "ring", "square"])
def test_bullets_drawn_as_shapes_are_list_items(shape: str) -> None:
    def draw(c: Canvas) -> None:
        text(c, 72, 100, "Membership now includes:")
        for k, item in enumerate(("food banks", "pantries")):
            baseline = 114 + 14 * k
            cy, r = H - (baseline - 3.5), 1.5
            c.setFillColor(black)
            c.setStrokeColor(black)
            if shape == "disc":
                c.circle(90, cy, r, stroke=0, fill=1)
            elif shape == "ring":
                c.setLineWidth(0.5)
                c.circle(90, cy, r, stroke=1, fill=0)
            else:
                c.rect(90 - r, cy - r, 2 * r, 2 * r, stroke=0, fill=1)
            text(c, 100, baseline, item)
        c.circle(400, H - 300, 1.5, stroke=0, fill=1)  # a dot with no text beside it

    found = paragraphs(read_pdf(build(draw)))
    assert [(p.list_kind, clean_paragraph(p.text)) for p in found] == [
        (None, "Membership now includes:"),
        ("bullet", "food banks"),
        ("bullet", "pantries"),
    ]


def test_strike_through_and_underline_as_filled_bars() -> None:
    def draw(c: Canvas) -> None:
        text(c, 72, 100, "2 3")
        width = pdfmetrics.stringWidth("2", "Helvetica", 10)
        bar(c, 72, 100 - 3.3, 72 + width, 100 - 2.7)  # through the middle of the "2"
        link = "www.example.org"
        text(c, 72, 130, link)
        width = pdfmetrics.stringWidth(link, "Helvetica", 10)
        bar(c, 72, 131.0, 72 + width, 131.6)  # just under the baseline

    layout = read_pdf(build(draw))
    assert tables(layout) == []
    struck = [r.text for p in paragraphs(layout) for r in p.runs if r.strike]
    assert struck == ["2"]
    assert any(m.kind == "strike" for m in layout.marks)


def test_list_numbers_set_off_by_a_space_run_in_sequence() -> None:
    def draw(c: Canvas) -> None:
        text(c, 72, 100, "Referrals by source:")
        for k, item in enumerate(("GP practices", "Hospital teams", "Online")):
            text(c, 90, 114 + 14 * k, f"{k + 1}. {item}")
        text(c, 72, 170, "Wrapped prose that happens to begin a line with")
        text(c, 72, 184, "2. of the plan, which is not a list.")

    found = paragraphs(read_pdf(build(draw)))
    numbered = [(p.list_label, clean_paragraph(p.text)) for p in found if p.list_kind]
    assert numbered == [("1.", "GP practices"), ("2.", "Hospital teams"), ("3.", "Online")]
    assert any("begin a line with 2. of the plan" in clean_paragraph(p.text) for p in found)


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs the DejaVu Sans font")
def test_ligature_glyphs_read_as_the_letters() -> None:
    pdfmetrics.registerFont(TTFont("DejaVuTest", str(DEJAVU)))

    def draw(c: Canvas) -> None:
        c.setFont("DejaVuTest", 10)
        c.drawString(72, H - 100, "Oﬃcer(s) responsible: the ﬁrst staﬀ")

    (para,) = paragraphs(read_pdf(build(draw)))
    assert clean_paragraph(para.text) == "Officer(s) responsible: the first staff"
