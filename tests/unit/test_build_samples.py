"""Tests for ``scripts/build_samples.py``, the JSON-description -> .docx sample builder.

One spec exercising every FORMAT.md feature is built once; each test asserts on the
WordprocessingML it produced. ``scripts/`` is not a package, so the builder is imported
by path.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
import pytest
from lxml import etree

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_samples.py"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W_NS, "r": R_NS, "rel": PKG_REL_NS}


def w(name: str) -> str:
    """Clark name of a ``w:`` attribute or tag."""
    return f"{{{W_NS}}}{name}"


def _load_builder() -> ModuleType:
    """Import scripts/build_samples.py by path (registered so dataclasses resolve)."""
    spec = importlib.util.spec_from_file_location("build_samples", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bs = _load_builder()

FULL_SPEC: dict[str, Any] = {
    "header": ["This document was classified as: OFFICIAL"],
    "footer": [{"text": "Footer text", "align": "center"}],
    "orientation": "landscape",
    "body": [
        {"text": "SCRUTINY MONITORING", "bold": True, "size": 14, "align": "center"},
        {"text": "Review: Testing", "style": "Heading 2", "italic": True},
        {"runs": ["Link Officer/s: ", {"text": "Jo Bloggs", "smarttag": True}]},
        {"text": "first", "list": "number"},
        {"text": "sub", "list": "bullet", "level": 1},
        {"text": "second", "list": "number"},
        "between lists",
        {"text": "restarted", "list": "number"},
        {"text": "in a content control", "sdt": True},
        {
            "table": {
                "widths": [3.5, 4, 4, 4],
                "style": "Table Grid",
                "rows": [
                    {
                        "header": True,
                        "cant_split": True,
                        "cells": [
                            {
                                "span": 4,
                                "shade": "D9D9D9",
                                "bold": True,
                                "content": ["Recommendation 1: span all"],
                            }
                        ],
                    },
                    {
                        "cells": [
                            "Date:",
                            {"vmerge": "restart", "content": ["April 2019"]},
                            {"span": 2, "content": ["two columns"]},
                        ]
                    },
                    {"cells": ["Date 2:", {"vmerge": "continue"}, "c", "d"]},
                    {"grid_before": 1, "grid_after": 1, "cells": ["late", "early"]},
                    {
                        "cells": [
                            "Assessment:",
                            {"content": [{"runs": [{"text": "2", "strike": True}, " 1"]}]},
                            {"content": [{"runs": [{"text": "3", "dstrike": True}, " 2"]}]},
                            {
                                "content": [
                                    {
                                        "runs": [
                                            {"text": "4", "char_style": "Struck"},
                                            {"text": "5", "break": True},
                                        ]
                                    }
                                ]
                            },
                        ]
                    },
                    {
                        "cells": [
                            "Evidence:",
                            {
                                "span": 3,
                                "content": [
                                    {
                                        "runs": [
                                            {"text": "kept", "ins": True},
                                            {"text": "dropped", "del": True},
                                            {"text": "site", "hyperlink": "https://example.org/x"},
                                            {"text": "control", "sdt": True},
                                        ]
                                    },
                                    {"text": "a bullet", "list": "bullet"},
                                    {
                                        "table": {
                                            "widths": [2, 2],
                                            "borders": False,
                                            "rows": [{"cells": ["n1", "n2"]}],
                                        }
                                    },
                                ],
                            },
                        ]
                    },
                ],
            }
        },
    ],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full spec written to a temp dir and built through the file entry point."""
    tmp = tmp_path_factory.mktemp("samples")
    spec_path = tmp / "full.json"
    spec_path.write_text(json.dumps(FULL_SPEC), encoding="utf-8")
    return bs.build_file(spec_path, tmp / "out")


def _part(docx_path: Path, name: str) -> Any:
    """Parse one part of the package."""
    with zipfile.ZipFile(docx_path) as zf:
        return etree.fromstring(zf.read(name))


@pytest.fixture(scope="module")
def document(built: Path) -> Any:
    return _part(built, "word/document.xml")


@pytest.fixture(scope="module")
def table(document: Any) -> Any:
    return document.find("w:body/w:tbl", NS)


def _rows(tbl: Any) -> list[Any]:
    return tbl.findall("w:tr", NS)


def _cells(tr: Any) -> list[Any]:
    return tr.findall("w:tc", NS)


def _text(el: Any) -> str:
    return "".join(el.xpath(".//w:t/text()", namespaces=NS))


def _run_with_text(document: Any, text: str) -> Any:
    (t,) = document.xpath(f'.//w:r[w:t="{text}" or w:delText="{text}"]', namespaces=NS)
    return t


# -- document-level ------------------------------------------------------------------


def test_opens_with_python_docx(built: Path) -> None:
    d = docx.Document(str(built))
    assert d.paragraphs[0].text == "SCRUTINY MONITORING"
    assert len(d.tables) == 1
    props = d.core_properties
    assert props.author == "scrutiny_parse samples"
    assert props.revision == 1
    assert props.created is not None and props.created.isoformat().startswith("2020-01-01")


def test_header_and_footer(built: Path) -> None:
    d = docx.Document(str(built))
    section = d.sections[0]
    assert section.header.paragraphs[0].text == "This document was classified as: OFFICIAL"
    assert section.footer.paragraphs[0].text == "Footer text"


def test_landscape(document: Any) -> None:
    pg_sz = document.find("w:body/w:sectPr/w:pgSz", NS)
    assert pg_sz.get(w("orient")) == "landscape"
    assert int(pg_sz.get(w("w"))) > int(pg_sz.get(w("h")))


def test_paragraph_formatting(document: Any) -> None:
    p0, p1 = document.findall("w:body/w:p", NS)[:2]
    assert p0.find("w:pPr/w:jc", NS).get(w("val")) == "center"
    r0 = p0.find("w:r/w:rPr", NS)
    assert r0.find("w:b", NS) is not None
    assert r0.find("w:sz", NS).get(w("val")) == "28"
    assert p1.find("w:pPr/w:pStyle", NS).get(w("val")) == "Heading2"
    assert p1.find("w:r/w:rPr/w:i", NS) is not None


def test_text_preserves_space(document: Any) -> None:
    for t in document.iter(w("t"), w("delText")):
        assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


# -- lists ----------------------------------------------------------------------------


def _num_id(p: Any) -> tuple[int, int]:
    num_pr = p.find("w:pPr/w:numPr", NS)
    return (
        int(num_pr.find("w:numId", NS).get(w("val"))),
        int(num_pr.find("w:ilvl", NS).get(w("val"))),
    )


def test_lists_use_numbering(built: Path, document: Any) -> None:
    paras = {_text(p): p for p in document.iter(w("p"))}
    first, lvl_first = _num_id(paras["first"])
    sub, lvl_sub = _num_id(paras["sub"])
    second, _ = _num_id(paras["second"])
    restarted, _ = _num_id(paras["restarted"])
    cell_bullet, _ = _num_id(paras["a bullet"])
    assert (lvl_first, lvl_sub) == (0, 1)
    assert first == second  # a bullet between items does not break the numbered list
    assert restarted != first  # non-list content in between restarts numbering
    assert cell_bullet == sub

    numbering = _part(built, "word/numbering.xml")

    def abstract_of(num_id: int) -> Any:
        (num,) = numbering.xpath(f'w:num[@w:numId="{num_id}"]', namespaces=NS)
        abstract_id = num.find("w:abstractNumId", NS).get(w("val"))
        (abstract,) = numbering.xpath(
            f'w:abstractNum[@w:abstractNumId="{abstract_id}"]', namespaces=NS
        )
        return num, abstract

    restarted_num, number_abstract = abstract_of(restarted)
    _, first_abstract = abstract_of(first)
    # Each started list gets its own definition, as Word writes it: no startOverride.
    abstract_id = w("abstractNumId")
    assert number_abstract.get(abstract_id) != first_abstract.get(abstract_id)
    assert not restarted_num.xpath("w:lvlOverride", namespaces=NS)
    assert number_abstract.find("w:lvl/w:numFmt", NS).get(w("val")) == "decimal"
    _, bullet_abstract = abstract_of(sub)
    lvls = bullet_abstract.findall("w:lvl", NS)
    assert [lvl.find("w:numFmt", NS).get(w("val")) for lvl in lvls[:3]] == ["bullet"] * 3
    fonts = [lvl.find("w:rPr/w:rFonts", NS).get(w("ascii")) for lvl in lvls[:3]]
    assert fonts == ["Symbol", "Courier New", "Wingdings"]
    # Schema order: every abstractNum precedes every num.
    tags = [etree.QName(child).localname for child in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")


# -- tables ---------------------------------------------------------------------------


def test_table_grid_and_properties(table: Any) -> None:
    cols = table.findall("w:tblGrid/w:gridCol", NS)
    assert [int(c.get(w("w"))) for c in cols] == [1984, 2268, 2268, 2268]
    assert table.find("w:tblPr/w:tblStyle", NS).get(w("val")) == "TableGrid"
    assert table.find("w:tblPr/w:tblBorders/w:top", NS).get(w("val")) == "single"
    assert table.find("w:tblPr/w:tblBorders/w:top", NS).get(w("sz")) == "4"


def test_gridspan_shading_header_row(table: Any) -> None:
    first = _rows(table)[0]
    assert first.find("w:trPr/w:tblHeader", NS) is not None
    assert first.find("w:trPr/w:cantSplit", NS) is not None
    (tc,) = _cells(first)
    assert tc.find("w:tcPr/w:gridSpan", NS).get(w("val")) == "4"
    assert tc.find("w:tcPr/w:shd", NS).get(w("fill")) == "D9D9D9"
    assert tc.find("w:p/w:r/w:rPr/w:b", NS) is not None  # cell bold reaches its runs


def test_vmerge(table: Any) -> None:
    restart = _cells(_rows(table)[1])[1]
    cont = _cells(_rows(table)[2])[1]
    assert restart.find("w:tcPr/w:vMerge", NS).get(w("val")) == "restart"
    v_merge = cont.find("w:tcPr/w:vMerge", NS)
    assert v_merge is not None and v_merge.get(w("val")) is None
    # The continue cell still exists and holds one empty paragraph.
    paragraphs = cont.findall("w:p", NS)
    assert len(paragraphs) == 1 and _text(paragraphs[0]) == ""


def test_grid_before_after_have_no_cells(table: Any) -> None:
    row = _rows(table)[3]
    assert row.find("w:trPr/w:gridBefore", NS).get(w("val")) == "1"
    assert row.find("w:trPr/w:gridAfter", NS).get(w("val")) == "1"
    assert [_text(tc) for tc in _cells(row)] == ["late", "early"]


def test_nested_table(table: Any) -> None:
    evidence = _cells(_rows(table)[5])[1]
    nested = evidence.find("w:tbl", NS)
    assert nested is not None
    assert [_text(tc) for tc in nested.findall("w:tr/w:tc", NS)] == ["n1", "n2"]
    assert nested.find("w:tblPr/w:tblBorders/w:insideV", NS).get(w("val")) == "nil"
    assert etree.QName(evidence[-1]).localname == "p"  # a cell ends with a paragraph


# -- runs -----------------------------------------------------------------------------


def test_strike_dstrike_and_struck_style(built: Path, document: Any) -> None:
    assert _run_with_text(document, "2").find("w:rPr/w:strike", NS) is not None
    assert _run_with_text(document, "3").find("w:rPr/w:dstrike", NS) is not None
    styled = _run_with_text(document, "4")
    assert styled.find("w:rPr/w:rStyle", NS).get(w("val")) == "Struck"
    assert styled.find("w:rPr/w:strike", NS) is None  # the strike lives in the style
    styles = _part(built, "word/styles.xml")
    (struck,) = styles.xpath('w:style[@w:styleId="Struck"]', namespaces=NS)
    assert struck.get(w("type")) == "character"
    assert struck.find("w:rPr/w:strike", NS) is not None


def test_break_before_text(table: Any) -> None:
    (run,) = table.xpath(".//w:r[w:t='5']", namespaces=NS)
    assert [etree.QName(c).localname for c in run if c.tag != w("rPr")] == ["br", "t"]


def test_tracked_changes(document: Any) -> None:
    ins = _run_with_text(document, "kept").getparent()
    assert ins.tag == w("ins")
    assert ins.get(w("author")) and ins.get(w("date")) and ins.get(w("id"))
    deleted = _run_with_text(document, "dropped")
    assert deleted.getparent().tag == w("del")
    assert deleted.find("w:t", NS) is None
    assert deleted.find("w:delText", NS).text == "dropped"
    ids = document.xpath(".//w:ins/@w:id | .//w:del/@w:id", namespaces=NS)
    assert len(ids) == len(set(ids))


def test_hyperlink(built: Path, document: Any) -> None:
    link = _run_with_text(document, "site").getparent()
    assert link.tag == w("hyperlink")
    r_id = link.get(f"{{{R_NS}}}id")
    rels = _part(built, "word/_rels/document.xml.rels")
    (rel,) = rels.xpath(f'rel:Relationship[@Id="{r_id}"]', namespaces=NS)
    assert rel.get("Target") == "https://example.org/x"
    assert rel.get("TargetMode") == "External"
    assert rel.get("Type").endswith("/hyperlink")


def test_smarttag(document: Any) -> None:
    tag = _run_with_text(document, "Jo Bloggs").getparent()
    assert tag.tag == w("smartTag")
    assert tag.get(w("uri")) == "urn:schemas-microsoft-com:office:smarttags"
    assert tag.get(w("element")) == "PersonName"


def test_content_controls(document: Any) -> None:
    inline = _run_with_text(document, "control").getparent()
    assert inline.tag == w("sdtContent")
    assert inline.getparent().getparent().tag == w("p")  # inline, inside the paragraph
    (block,) = document.xpath('w:body/w:sdt[.//w:t="in a content control"]', namespaces=NS)
    assert block.find("w:sdtPr", NS) is not None
    assert block.find("w:sdtContent/w:p", NS) is not None


# -- validation -----------------------------------------------------------------------


def test_unknown_key_names_json_path() -> None:
    spec = {"body": ["x", {"table": {"widths": [1, 2], "rows": [{"cells": ["a", {"spna": 2}]}]}}]}
    with pytest.raises(bs.SpecError) as info:
        bs.build_docx(spec)
    assert info.value.path == "body[1].table.rows[0].cells[1]"
    assert "'spna'" in str(info.value) and "'span'" in str(info.value)


@pytest.mark.parametrize(
    ("spec", "path"),
    [
        ({"body": [{"text": "a", "bold": "yes"}]}, "body[0].bold"),
        ({"body": [{"runs": [{"text": 3}]}]}, "body[0].runs[0].text"),
        (
            {"body": [{"table": {"widths": [1, 1], "rows": [{"cells": ["a"]}]}}]},
            "body[0].table.rows[0]",
        ),
        ({"body": [], "header": [{"txt": "a"}]}, "header[0]"),
        ({"bdy": []}, ""),
    ],
)
def test_bad_descriptions(spec: dict[str, Any], path: str) -> None:
    with pytest.raises(bs.SpecError) as info:
        bs.build_docx(spec)
    assert info.value.path == path


def test_cli_reports_file_and_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"body": [{"text": "a", "colour": "red"}]}), encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"body": ["hello"]}), encoding="utf-8")
    status = bs.main([str(bad), str(good), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status != 0
    assert "bad.json" in captured.err and "body[0]" in captured.err and "colour" in captured.err
    assert "good.docx" in captured.out
    assert (tmp_path / "out" / "good.docx").exists()
    assert not (tmp_path / "out" / "bad.docx").exists()


def test_header_row_table_and_paragraph_array_cells() -> None:
    """The older layout's table: "header" is a first row repeated on every page, bold;
    a cell given as an array holds one paragraph per item."""
    spec = {
        "orientation": "landscape",
        "body": [
            {
                "table": {
                    "widths": [1, 4, 3],
                    "header": ["No.", "Recommendation", {"bold": False, "content": ["Date"]}],
                    "rows": [{"cells": ["1", "Do it.", ["June 2015", "April 2016"]]}],
                }
            }
        ],
    }
    root = etree.fromstring(
        zipfile.ZipFile(io.BytesIO(bs.build_docx(spec))).read("word/document.xml")
    )
    header, body = _rows(root.find("w:body/w:tbl", NS))
    assert header.find("w:trPr/w:tblHeader", NS) is not None
    assert header.find("w:trPr/w:cantSplit", NS) is not None
    assert [_text(tc) for tc in _cells(header)] == ["No.", "Recommendation", "Date"]
    bolds = [tc.find("w:p/w:r/w:rPr/w:b", NS) is not None for tc in _cells(header)]
    assert bolds == [True, True, False]
    assert body.find("w:trPr/w:tblHeader", NS) is None
    date = _cells(body)[2]
    assert [_text(p) for p in date.findall("w:p", NS)] == ["June 2015", "April 2016"]


def test_header_row_must_fit_the_grid() -> None:
    spec = {
        "body": [{"table": {"widths": [1, 1], "header": ["a"], "rows": [{"cells": ["b", "c"]}]}}]
    }
    with pytest.raises(bs.SpecError, match="row covers 1 grid columns"):
        bs.build_docx(spec)


# -- reproducibility ------------------------------------------------------------------


def test_build_is_byte_reproducible(built: Path) -> None:
    assert bs.build_docx(FULL_SPEC, title="full") == built.read_bytes()
    with zipfile.ZipFile(built) as zf:
        infos = zf.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
