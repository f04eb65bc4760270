"""Word reader: tiny .docx files built in the test, one Word quirk per test.

Each document starts from python-docx's default template; raw WordprocessingML snippets
are injected into the body, styles, numbering and header parts so every quirk is explicit.
Expected table geometry is written as tiny grids: one string per row, one letter per grid
column naming the cell that covers it ("." where no cell does).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from scrutiny_parse.errors import CorruptDocumentError, UnsupportedFormatError
from scrutiny_parse.layout import Layout, Paragraph, Table
from scrutiny_parse.readers.docx import read_docx

NS = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in {
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "v": "urn:schemas-microsoft-com:vml",
        "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    }.items()
)


# -- builders -------------------------------------------------------------------------


def _elements(snippet: str) -> list[etree._Element]:
    """Parse a run of WordprocessingML elements (namespaces declared for them)."""
    return list(parse_xml(f"<w:body {NS}>{snippet}</w:body>"))


def _replace_children(parent: etree._Element, snippet: str) -> None:
    for old in list(parent):
        parent.remove(old)
    for el in _elements(snippet):
        parent.append(el)


def build(
    body: str = "",
    *,
    styles: str = "",
    numbering: str | None = None,
    header: str | None = None,
    first_header: str | None = None,
    footer: str | None = None,
    hyperlink: str | None = None,
) -> bytes:
    """A .docx whose body is ``body`` (raw XML); optional styles, numbering, headers.

    ``hyperlink``: a URL related as rId "rIdLink" for w:hyperlink r:id tests.
    """
    document = docx.Document()
    sect_pr = document.element.body.find(qn("w:sectPr"))
    for el in _elements(body):
        sect_pr.addprevious(el)
    for el in _elements(styles):
        document.styles.element.append(el)
    if numbering is not None:
        _replace_children(document.part.numbering_part.element, numbering)
    section = document.sections[0]
    if header is not None:
        _replace_children(section.header._element, header)
    if first_header is not None:
        section.different_first_page_header_footer = True
        _replace_children(section.first_page_header._element, first_header)
    if footer is not None:
        _replace_children(section.footer._element, footer)
    if hyperlink is not None:
        document.part.rels.add_relationship(RT.HYPERLINK, hyperlink, "rIdLink", is_external=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, drop: set[str] = set()) -> bytes:  # noqa: B006
    """Copy a zip package, replacing or dropping members."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name not in drop:
                dst.writestr(name, replace.get(name, src.read(name)))
    return out.getvalue()


def p(text: str, *, rpr: str = "", ppr: str = "") -> str:
    """A one-run paragraph."""
    return (
        f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}"
        f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t>'
        "</w:r></w:p>"
    )


def tc(text: str, tcpr: str = "") -> str:
    """A table cell holding one paragraph."""
    return f"<w:tc>{f'<w:tcPr>{tcpr}</w:tcPr>' if tcpr else ''}{p(text)}</w:tc>"


def tbl(*rows: str, cols: int | None = None) -> str:
    """A table; ``rows`` are the inner XML of each w:tr."""
    grid = "" if cols is None else "<w:tblGrid>" + "<w:gridCol/>" * cols + "</w:tblGrid>"
    return f"<w:tbl><w:tblPr/>{grid}" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"


def span(n: int) -> str:
    return f'<w:gridSpan w:val="{n}"/>'


def only_table(layout: Layout) -> Table:
    tables = list(layout.tables())
    assert len(tables) == 1
    return tables[0]


def grid(table: Table) -> list[str]:
    """The table as a tiny grid: each position shows the text of the cell covering it."""
    return [
        " ".join(
            (cell.paragraphs[0].text if cell.paragraphs else "?") if cell else "."
            for cell in (table.cell_at(r, c) for c in range(table.n_cols))
        )
        for r in range(len(table.rows))
    ]


def body_paragraphs(layout: Layout) -> list[Paragraph]:
    return [b for b in layout.blocks if isinstance(b, Paragraph)]


def texts(layout: Layout) -> list[str]:
    return [b.text for b in body_paragraphs(layout)]


def read_paragraph(xml: str, **kwargs: str) -> Paragraph:
    """Read a document whose body is one paragraph, and return that paragraph."""
    (para,) = body_paragraphs(read_docx(build(xml, **kwargs)))
    return para


# -- body order and origins ---------------------------------------------------------


def test_blocks_in_reading_order_with_origins() -> None:
    layout = read_docx(
        build(p("before") + tbl(tc("a") + tc("b"), cols=2) + p("between") + tbl(tc("c")))
    )
    assert layout.format == "docx"
    kinds = [type(b).__name__ for b in layout.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Table"]
    first, second = layout.tables()
    assert (first.index, second.index) == (0, 1)
    assert [para.origin.paragraph for para in body_paragraphs(layout)] == [0, 1]
    cell_b = first.rows[0].cells[1]
    assert cell_b.origin.table == 0 and cell_b.origin.cell == 1
    assert cell_b.paragraphs[0].origin.paragraph == 0
    assert cell_b.paragraphs[0].origin.row == 0


def test_block_content_controls_and_custom_xml_are_descended_into() -> None:
    body = (
        f"<w:sdt><w:sdtPr/><w:sdtContent>{p('in control')}{tbl(tc('cell'))}</w:sdtContent></w:sdt>"
        f'<w:customXml w:element="x">{p("in custom xml")}</w:customXml>'
    )
    layout = read_docx(build(body))
    assert texts(layout) == ["in control", "in custom xml"]
    assert only_table(layout).rows[0].cells[0].text == "cell"


# -- tables ---------------------------------------------------------------------------


def test_grid_span() -> None:
    table = only_table(
        read_docx(
            build(
                tbl(
                    tc("A", span(3)),
                    tc("B") + tc("C", span(2)),
                    tc("D") + tc("E") + tc("F"),
                    cols=3,
                )
            )
        )
    )
    assert grid(table) == [
        "A A A",
        "B C C",
        "D E F",
    ]
    assert [len(row.cells) for row in table.rows] == [1, 2, 3]
    assert (table.rows[1].cells[1].col, table.rows[1].cells[1].col_span) == (1, 2)


def test_grid_before_and_after() -> None:
    table = only_table(
        read_docx(
            build(
                tbl(
                    '<w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>' + tc("A"),
                    tc("B") + tc("C") + tc("D"),
                    cols=3,
                )
            )
        )
    )
    assert grid(table) == [
        ". A .",
        "B C D",
    ]
    assert table.rows[0].cells[0].origin.cell == 1


def test_n_cols_without_tbl_grid_is_widest_row() -> None:
    table = only_table(read_docx(build(tbl(tc("A"), tc("B") + tc("C", span(2))))))
    assert table.n_cols == 3


def test_vertical_merge_folds_into_row_span() -> None:
    restart = '<w:vMerge w:val="restart"/>'
    table = only_table(
        read_docx(
            build(
                tbl(
                    tc("A", restart) + tc("B"),
                    tc("", "<w:vMerge/>") + tc("C"),
                    tc("more of A", '<w:vMerge w:val="continue"/>') + tc("D"),
                    tc("E") + tc("F"),
                    cols=2,
                )
            )
        )
    )
    assert grid(table) == [
        "A B",
        "A C",
        "A D",
        "E F",
    ]
    a = table.rows[0].cells[0]
    assert a.row_span == 3
    assert [c.text for c in table.rows[1].cells] == ["C"]  # A is not repeated
    assert [c.text for c in table.rows[2].cells] == ["D"]
    assert a.text == "A\nmore of A"  # the empty continuation paragraph is not added
    assert a.paragraphs[1].origin.row == 2


def test_vertical_merge_under_a_spanning_cell() -> None:
    table = only_table(
        read_docx(
            build(
                tbl(
                    tc("L") + tc("A", span(2) + '<w:vMerge w:val="restart"/>'),
                    tc("M") + tc("", span(2) + "<w:vMerge/>"),
                    cols=3,
                )
            )
        )
    )
    assert grid(table) == [
        "L A A",
        "M A A",
    ]


def test_legacy_horizontal_merge_folds_into_col_span() -> None:
    table = only_table(
        read_docx(
            build(
                tbl(
                    tc("A", '<w:hMerge w:val="restart"/>') + tc("", "<w:hMerge/>") + tc("B"),
                    tc("C") + tc("D") + tc("E"),
                    cols=3,
                )
            )
        )
    )
    assert grid(table) == [
        "A A B",
        "C D E",
    ]
    assert len(table.rows[0].cells) == 2


def test_rows_and_cells_inside_content_controls() -> None:
    sdt_row = f"<w:sdt><w:sdtContent><w:tr>{tc('C') + tc('D')}</w:tr></w:sdtContent></w:sdt>"
    sdt_cell = f"<w:sdt><w:sdtContent>{tc('B')}</w:sdtContent></w:sdt>"
    grid_xml = "<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
    body = f"<w:tbl>{grid_xml}<w:tr>{tc('A')}{sdt_cell}</w:tr>{sdt_row}</w:tbl>"
    assert grid(only_table(read_docx(build(body)))) == [
        "A B",
        "C D",
    ]


def test_header_row_shading_and_deleted_row() -> None:
    table = only_table(
        read_docx(
            build(
                tbl(
                    "<w:trPr><w:tblHeader/></w:trPr>"
                    + tc("H", '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>'),
                    '<w:trPr><w:del w:id="1" w:author="x"/></w:trPr>' + tc("gone"),
                    tc("W", '<w:shd w:val="clear" w:color="auto" w:fill="FFFFFF"/>'),
                    cols=1,
                )
            )
        )
    )
    assert grid(table) == ["H", "W"]
    assert [row.is_header for row in table.rows] == [True, False]
    assert [row.cells[0].shaded for row in table.rows] == [True, False]


def test_nested_table_text_is_appended_to_the_outer_cell() -> None:
    inner = tbl(tc("n1") + tc("n2"), tc("n3") + tc("n4"), cols=2)
    outer_cell = f"<w:tc>{p('before')}{inner}{p('after')}</w:tc>"
    outer = tbl(outer_cell + tc("right"), cols=2)
    layout = read_docx(build(outer))
    table = only_table(layout)  # the nested table is not a body table
    cell = table.rows[0].cells[0]
    assert cell.text == "before\nn1\nn2\nn3\nn4\nafter"
    assert [para.origin.paragraph for para in cell.paragraphs] == [0, 1, 2, 3, 4, 5]
    assert table.rows[0].cells[1].text == "right"


# -- runs: text -----------------------------------------------------------------------


def test_breaks_tabs_hyphens_and_symbols() -> None:
    para = read_paragraph(
        "<w:p><w:r><w:t>one</w:t><w:br/><w:t>two</w:t><w:tab/><w:t>three</w:t><w:cr/>"
        "<w:t>non</w:t><w:noBreakHyphen/><w:t>stop co</w:t><w:softHyphen/><w:t>op</w:t>"
        '<w:lastRenderedPageBreak/><w:sym w:font="Symbol" w:char="F0B7"/></w:r></w:p>'
    )
    assert para.text == "one\ntwo three\nnon-stop coop•"


def test_tracked_insertion_kept_and_deletion_dropped() -> None:
    para = read_paragraph(
        '<w:p><w:r><w:t xml:space="preserve">Grade </w:t></w:r>'
        '<w:del w:id="1" w:author="x"><w:r><w:delText>2</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="x"><w:r><w:t>1</w:t></w:r></w:ins>'
        '<w:moveFrom w:id="3" w:author="x"><w:r><w:t> moved-away</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="4" w:author="x"><w:r><w:t> moved-here</w:t></w:r></w:moveTo></w:p>'
    )
    assert para.text == "Grade 1 moved-here"


def test_hyperlink_text_kept_without_target() -> None:
    para = read_paragraph(
        '<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r>'
        '<w:hyperlink r:id="rIdLink"><w:r><w:t>the report</w:t></w:r></w:hyperlink></w:p>',
        hyperlink="https://example.org/report",
    )
    assert para.text == "See the report"
    assert "example.org" not in para.text


def test_smart_tag_inline_sdt_and_custom_xml_kept() -> None:
    para = read_paragraph(
        '<w:p><w:smartTag w:uri="u" w:element="date"><w:r><w:t>March 2020</w:t></w:r></w:smartTag>'
        '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> picked</w:t></w:r>'
        '</w:sdtContent></w:sdt><w:customXml w:element="c"><w:r><w:t> custom</w:t></w:r>'
        "</w:customXml></w:p>"
    )
    assert para.text == "March 2020 picked custom"


def test_content_control_showing_its_placeholder_is_not_text() -> None:
    para = read_paragraph(
        "<w:p><w:r><w:t>Value:</w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
        "<w:sdtContent><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:sdtContent>"
        "</w:sdt></w:p>"
    )
    assert para.text == "Value:"


def test_field_result_kept_and_field_code_dropped() -> None:
    para = read_paragraph(
        "<w:p>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" '
        "</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>link text</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" PAGE ">'
        '<w:r><w:t xml:space="preserve"> page 3</w:t></w:r></w:fldSimple>'
        "</w:p>"
    )
    assert para.text == "link text page 3"


def test_footnote_and_comment_marks_dropped_and_hidden_text_dropped() -> None:
    para = read_paragraph(
        "<w:p><w:r><w:t>Text</w:t></w:r>"
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r>'
        '<w:r><w:commentReference w:id="0"/></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>"
    )
    assert para.text == "Text"


def test_text_box_text_kept_once_after_its_anchor() -> None:
    box = "<w:txbxContent>" + p("in the box") + "</w:txbxContent>"
    anchored = (
        "<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    layout = read_docx(build(anchored + p("next")))
    assert texts(layout) == ["anchor", "in the box", "next"]
    assert [para.origin.paragraph for para in body_paragraphs(layout)] == [0, 1, 2]


def test_vml_only_text_box() -> None:
    box = "<w:txbxContent>" + p("vml box") + "</w:txbxContent>"
    xml = f"<w:p><w:r><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></w:r></w:p>"
    assert texts(read_docx(build(xml))) == ["", "vml box"]


# -- runs: formatting -----------------------------------------------------------------

STYLES = """
<w:style w:type="character" w:styleId="Struck"><w:name w:val="Struck"/>
  <w:rPr><w:strike/></w:rPr></w:style>
<w:style w:type="character" w:styleId="StruckChild"><w:name w:val="Struck Child"/>
  <w:basedOn w:val="Struck"/></w:style>
<w:style w:type="paragraph" w:styleId="OldGrade"><w:name w:val="Old Grade"/>
  <w:basedOn w:val="Normal"/><w:rPr><w:dstrike/><w:b/></w:rPr></w:style>
"""


def strike_of(xml: str) -> list[tuple[str, bool]]:
    para = read_paragraph(xml, styles=STYLES)
    return [(run.text, run.strike) for run in para.runs]


def test_strike_direct_and_double() -> None:
    assert strike_of(p("2", rpr="<w:strike/>")) == [("2", True)]
    assert strike_of(p("2", rpr="<w:dstrike/>")) == [("2", True)]
    assert strike_of(p("2", rpr='<w:strike w:val="true"/>')) == [("2", True)]


def test_strike_via_character_style_following_based_on() -> None:
    assert strike_of(p("2", rpr='<w:rStyle w:val="Struck"/>')) == [("2", True)]
    assert strike_of(p("2", rpr='<w:rStyle w:val="StruckChild"/>')) == [("2", True)]


def test_strike_via_paragraph_style() -> None:
    para = read_paragraph(p("2", ppr='<w:pStyle w:val="OldGrade"/>'), styles=STYLES)
    assert [(r.text, r.strike, r.bold) for r in para.runs] == [("2", True, True)]


def test_direct_off_value_overrides_a_style() -> None:
    assert strike_of(p("1", rpr='<w:rStyle w:val="Struck"/><w:strike w:val="0"/>')) == [
        ("1", False)
    ]
    para = read_paragraph(
        p(
            "1",
            ppr='<w:pStyle w:val="OldGrade"/>',
            rpr='<w:dstrike w:val="false"/><w:b w:val="0"/>',
        ),
        styles=STYLES,
    )
    assert [(r.strike, r.bold) for r in para.runs] == [(False, False)]


def test_struck_grade_beside_current_grade_and_run_merging() -> None:
    para = read_paragraph(
        "<w:p><w:r><w:rPr><w:strike/></w:rPr><w:t>2</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>1 </w:t></w:r>'
        "<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>ok</w:t></w:r></w:p>"
    )
    assert [(r.text, r.strike, r.bold, r.italic) for r in para.runs] == [
        ("2", True, False, False),
        (" 1 ", False, False, False),
        ("ok", False, True, True),
    ]


# -- lists ----------------------------------------------------------------------------


def lvl(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    """One w:lvl of an abstract numbering definition."""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


NUMBERING = (
    f'<w:abstractNum w:abstractNumId="0">{lvl(0, "bullet", chr(0xF0B7))}</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1">'
    + lvl(0, "decimal", "%1.")
    + lvl(1, "lowerLetter", "(%2)")
    + lvl(2, "lowerRoman", "%3)")
    + "</w:abstractNum>"
    f'<w:abstractNum w:abstractNumId="2">{lvl(0, "upperRoman", "%1)", start=4)}</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
)
LIST_STYLES = """
<w:style w:type="paragraph" w:styleId="Bulleted"><w:name w:val="Bulleted"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
"""


def item(text: str, num_id: int, ilvl: int = 0) -> str:
    ppr = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return p(text, ppr=ppr)


def list_state(body: str) -> list[tuple[str, str | None, int, str | None]]:
    layout = read_docx(build(body, numbering=NUMBERING, styles=LIST_STYLES))
    return [(b.text, b.list_kind, b.list_level, b.list_label) for b in body_paragraphs(layout)]


def test_bullets_direct_and_from_paragraph_style() -> None:
    assert list_state(
        item("direct", 1) + p("styled", ppr='<w:pStyle w:val="Bulleted"/>') + p("plain")
    ) == [
        ("direct", "bullet", 0, None),
        ("styled", "bullet", 0, None),
        ("plain", None, 0, None),
    ]


def test_numbered_labels_nesting_and_restart() -> None:
    body = (
        item("one", 2)
        + item("two", 2)
        + item("two a", 2, 1)
        + item("two b", 2, 1)
        + item("two b i", 2, 2)
        + item("three", 2)
        + item("three a", 2, 1)  # a shallower item restarted level 1
        + item("restarted", 3)  # a new w:num with startOverride: "Restart at 1"
        + item("continued", 3)
        + item("roman", 4)
        + item("roman next", 4)
        + p("not a list", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
    )
    assert [(text, label) for text, _, _, label in list_state(body)] == [
        ("one", "1."),
        ("two", "2."),
        ("two a", "(a)"),
        ("two b", "(b)"),
        ("two b i", "i)"),
        ("three", "3."),
        ("three a", "(a)"),
        ("restarted", "1."),
        ("continued", "2."),
        ("roman", "IV)"),
        ("roman next", "V)"),
        ("not a list", None),
    ]
    kinds = {(kind, level) for _, kind, level, _ in list_state(item("x", 2, 1))}
    assert kinds == {("number", 1)}


def test_two_nums_sharing_an_abstract_definition_keep_counting() -> None:
    # Word keeps counters on the abstract list: a second w:num without a startOverride
    # continues it (python-docx users meet this as "my new list starts at 4").
    numbering = NUMBERING + '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
    layout = read_docx(build(item("a", 2) + item("b", 2) + item("c", 5), numbering=numbering))
    assert [para.list_label for para in body_paragraphs(layout)] == ["1.", "2.", "3."]


def test_numbering_continues_inside_table_cells() -> None:
    cell = f"<w:tc>{item('in cell', 2)}</w:tc>"
    body = item("first", 2) + tbl(cell) + item("after", 2)
    layout = read_docx(build(body, numbering=NUMBERING))
    labels = [para.list_label for para in layout.paragraphs()]
    assert labels == ["1.", "2.", "3."]


# -- headers, footers, page count -------------------------------------------------------


def test_headers_and_footers_deduplicated() -> None:
    classification = p("This document was classified as: OFFICIAL")
    layout = read_docx(
        build(
            p("body"),
            header=classification + p("") + tbl(tc("in header table")),
            first_header=classification,
            footer=p("Page footer"),
        )
    )
    assert [h.text for h in layout.headers] == [
        "This document was classified as: OFFICIAL",
        "in header table",
    ]
    assert [f.text for f in layout.footers] == ["Page footer"]
    assert texts(layout) == ["body"]


def test_page_count_from_app_xml() -> None:
    data = build(p("x"))
    assert read_docx(data).page_count == 1
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")
    seven = rezip(data, replace={"docProps/app.xml": app.replace(b"<Pages>1", b"<Pages>7")})
    assert read_docx(seven).page_count == 7
    no_pages = rezip(data, replace={"docProps/app.xml": app.replace(b"<Pages>1</Pages>", b"")})
    assert read_docx(no_pages).page_count is None


# -- damaged and foreign input ----------------------------------------------------------


def _corrupt_cause(data: bytes) -> BaseException:
    with pytest.raises(CorruptDocumentError) as info:
        read_docx(data)
    assert info.value.__cause__ is not None
    return info.value.__cause__


def test_random_bytes() -> None:
    assert isinstance(_corrupt_cause(b"\x00\x01not a zip at all" * 50), zipfile.BadZipFile)


def test_truncated_docx() -> None:
    data = build(p("x" * 1000))
    _corrupt_cause(data[: len(data) // 2])


def test_zip_without_document_xml() -> None:
    data = build(p("x"))
    assert isinstance(_corrupt_cause(rezip(data, drop={"word/document.xml"})), KeyError)


def test_malformed_document_xml() -> None:
    data = rezip(build(p("x")), replace={"word/document.xml": b"<w:document><unclosed>"})
    assert isinstance(_corrupt_cause(data), etree.XMLSyntaxError)


def test_macro_enabled_document_is_read() -> None:
    data = build(p("from a .docm"))
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    docm = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert docm != types
    layout = read_docx(rezip(data, replace={"[Content_Types].xml": docm}))
    assert texts(layout) == ["from a .docm"]


def test_a_spreadsheet_is_not_a_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormatError, match="Excel"):
        read_docx(out.getvalue())


def test_legacy_doc_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"\.doc"):
        read_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    data = build(p("x"))
    document_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    evil = document_xml.replace(b"<w:document", doctype.encode() + b"<w:document", 1)
    evil = evil.replace(b">x<", b">&xxe;<")
    try:
        layout = read_docx(rezip(data, replace={"word/document.xml": evil}))
    except CorruptDocumentError:
        return  # refusing the document is fine too
    assert all("TOP-SECRET" not in t for t in texts(layout))
