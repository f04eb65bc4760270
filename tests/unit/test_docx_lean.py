"""Lean styles.xml (readers/docx/lean.py): the same answers as the whole part, always.

python-docx's template (which every document built here starts from) has ~100 table
styles, so every test document is read through the lean tree; :func:`read_whole` reads
it with the lean path turned off, the answer to compare with.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from lxml import etree
from test_docx_reader import build, p, rezip, texts

from scrutiny_parse.errors import CorruptDocumentError, ResourceLimitError
from scrutiny_parse.layout import Layout
from scrutiny_parse.limits import Limits
from scrutiny_parse.readers.docx import opc, read_docx
from scrutiny_parse.readers.docx.lean import STUB, lean_tree
from scrutiny_parse.readers.docx.opc import _PART_PARSER


def read_whole(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Layout:
    """read_docx with styles.xml always parsed whole."""
    with monkeypatch.context() as m:
        m.setattr(opc, "lean_tree", lambda data, parser: None)
        return read_docx(data)


def _styles(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")


def _with_styles(data: bytes, styles: bytes) -> bytes:
    return rezip(data, replace={"word/styles.xml": styles})


def _table_style(styles: bytes) -> tuple[bytes, int]:
    """A table style's id, and where its content starts."""
    m = re.search(rb'<w:style w:type="table"[^>]*w:styleId="([^"]+)"[^>]*>', styles)
    assert m is not None
    return m.group(1), m.end()


def test_table_styles_are_stubs_and_the_rest_is_whole() -> None:
    styles = _styles(build())
    lean = lean_tree(styles, _PART_PARSER)
    whole = etree.fromstring(styles, _PART_PARSER)
    assert lean is not None
    stubs = [s for s in lean if s.get(STUB) is not None]
    assert stubs and all(s.get(f"{{{s.nsmap['w']}}}type") == "table" and len(s) == 0 for s in stubs)
    kept = [etree.tostring(s) for s in lean if s.get(STUB) is None]
    assert kept == [etree.tostring(s) for s in whole if s.get(f"{{{s.nsmap['w']}}}type") != "table"]


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.replace(b"<w:docDefaults>", b"<!-- a comment --><w:docDefaults>"),
        lambda s: s.replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'"),
        lambda s: re.sub(rb'w:type="table"', b'w:type="paragraph"', s),
        # A style nested in a table style: the cut ends early, its text is not
        # well-formed, and the part is parsed whole.
        lambda s: (
            s[: _table_style(s)[1]]
            + b'<w:style w:styleId="In"></w:style>'
            + s[_table_style(s)[1] :]
        ),
    ],
    ids=["comment", "latin-1", "no-table-style", "nested-style"],
)
def test_parts_the_text_cannot_be_cut_safely_are_parsed_whole(
    change: Callable[[bytes], bytes],
) -> None:
    changed = change(_styles(build()))
    assert changed != _styles(build())
    assert lean_tree(changed, _PART_PARSER) is None


def test_namespaces_declared_below_the_root_are_kept_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = build(p("x", rpr="<w:b/>"))
    styles = _styles(data).replace(b"<w:docDefaults>", b'<w:docDefaults xmlns:q="urn:q">')
    data = _with_styles(data, styles)
    assert lean_tree(styles, _PART_PARSER) is not None
    assert repr(read_docx(data)) == repr(read_whole(data, monkeypatch))


def test_a_paragraph_naming_a_table_style_reads_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = build(p("named"))
    styles = _styles(data)
    style_id, at = _table_style(styles)
    # The table style makes its text bold, and the paragraph names it.
    styles = styles[:at] + b"<w:rPr><w:b/></w:rPr>" + styles[at:]
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    document = document.replace(
        b"<w:p>", b'<w:p><w:pPr><w:pStyle w:val="' + style_id + b'"/></w:pPr>', 1
    )
    data = rezip(data, replace={"word/styles.xml": styles, "word/document.xml": document})
    layout = read_docx(data)
    assert texts(layout) == ["named"]
    assert layout.blocks[0].runs[0].bold  # type: ignore[union-attr]
    assert repr(layout) == repr(read_whole(data, monkeypatch))


@pytest.mark.parametrize(
    ("damage", "error"),
    [
        (b"<w:rPr>", CorruptDocumentError),  # unclosed
        (b"<x:undeclared/>", CorruptDocumentError),  # a namespace error
        (b'<w:b w:val="1" w:val="0"/>', CorruptDocumentError),
        (b"<w:a>" * 300 + b"</w:a>" * 300, ResourceLimitError),  # deeper than libxml2 allows
    ],
    ids=["unclosed", "namespace", "duplicate-attribute", "too-deep"],
)
def test_damage_inside_a_table_style_fails_as_the_whole_part_does(
    damage: bytes, error: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build(p("x"))
    styles = _styles(data)
    _, at = _table_style(styles)
    damaged = _with_styles(data, styles[:at] + damage + styles[at:])
    with pytest.raises(error) as lean_error:
        read_docx(damaged)
    with pytest.raises(error) as whole_error:
        read_whole(damaged, monkeypatch)
    assert str(lean_error.value) == str(whole_error.value)


def test_a_depth_limit_below_libxml2s_is_checked_on_the_whole_styles_part() -> None:
    data = build(p("x"))
    styles = _styles(data)
    _, at = _table_style(styles)
    deep = _with_styles(data, styles[:at] + b"<w:a>" * 60 + b"</w:a>" * 60 + styles[at:])
    assert texts(read_docx(deep)) == ["x"]
    with pytest.raises(ResourceLimitError, match="xml depth"):
        read_docx(deep, Limits(max_xml_depth=50))
