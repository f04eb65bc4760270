"""Word reader: .docx bytes -> :class:`~scrutiny_parse.layout.Layout`.

python-docx opens the package (zip, content types, relationships, XML parts); everything
below the part level is read from the raw lxml elements, because python-docx's object API
drops text in tracked changes, content controls, smart tags, fields and text boxes, and
repeats a merged cell once per grid column. The reader knows nothing about
recommendations: it reproduces paragraphs, runs, lists and true table geometry.

Inline text and formatting live in ``_docx_runs``; list labels in ``_docx_numbering``.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

from docx.exceptions import PythonDocxError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.package import Package
from lxml import etree

from scrutiny_parse.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from scrutiny_parse.layout import Block, Cell, Layout, Origin, Paragraph, Row, Table
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.docx.numbering import Numbering
from scrutiny_parse.readers.docx.package import check_package
from scrutiny_parse.readers.docx.runs import (
    CUSTOM_XML,
    MC_ALTERNATE,
    SDT,
    W_VAL,
    Element,
    Styles,
    child,
    elements,
    int_val,
    is_on,
    paragraph_runs,
    pick_alternate,
    sdt_content,
)

__all__ = ["read_docx"]

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_TR_PR = qn("w:trPr")
_TC_PR = qn("w:tcPr")
_TXBX_CONTENT = qn("w:txbxContent")
_DELETED = frozenset({qn("w:del"), qn("w:moveFrom")})

# The main part of .docx, .docm, .dotx and .dotm: all WordprocessingML, read the same way.
_WORD_MAIN_TYPES = frozenset(
    {
        CT.WML_DOCUMENT_MAIN,
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXTENDED_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
# What a damaged package makes the zip module, lxml or python-docx raise while opening.
_OPEN_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,  # python-docx: "not a Word file", bad relationship targets
    etree.LxmlError,
    OpcError,
    PythonDocxError,
    OSError,
    EOFError,
    zlib.error,
    NotImplementedError,  # a zip member compressed with an unsupported method
    RuntimeError,  # a zip member encrypted with a zip password
)
_RUNNING_ORDER = {"default": 0, "first": 1, "even": 2}
# Word tables have at most 63 columns; a damaged gridSpan must not build a huge grid.
_MAX_GRID = 63


def read_docx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    """Read a Word package into a Layout (format "docx"), within ``limits``."""
    check_package(data, limits)
    package, main = _open(data)
    root = _part_root(main)
    body = child(root, qn("w:body"))
    if body is None:
        raise CorruptDocumentError("the main document part has no w:body")
    styles = Styles(_related_root(main, RT.STYLES))
    numbering_root = _related_root(main, RT.NUMBERING)
    reader = _Reader(styles, Numbering(numbering_root, styles))
    blocks = reader.body(body)
    # Headers and footers number their own lists: fresh counters, same definitions.
    running = _Reader(styles, Numbering(numbering_root, styles))
    headers = running.running(main, body, "header")
    footers = running.running(main, body, "footer")
    notes = reader.notes + running.notes
    return Layout(
        format="docx",
        blocks=blocks,
        headers=headers,
        footers=footers,
        page_count=_page_count(package, notes),
        notes=notes,
    )


def _open(data: bytes) -> tuple[Package, Part]:
    """Open the package and find its main document part, mapping every failure to ours."""
    if data[:8] == _OLE_MAGIC:
        # An encrypted .docx is an OLE compound file holding an EncryptionInfo stream.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise EncryptedDocumentError("the Word document is password-protected")
        raise UnsupportedFormatError("a legacy binary Word (.doc) or other OLE file, not .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except _OPEN_ERRORS as e:
        raise CorruptDocumentError(f"not a readable zip archive, so not a .docx: {e}") from e
    if not any(name.startswith("word/") for name in names):
        for prefix, what in (("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint file")):
            if any(name.startswith(prefix) for name in names):
                raise UnsupportedFormatError(f"{what}, not a Word document")
        if "mimetype" in names and "content.xml" in names:
            raise UnsupportedFormatError("an OpenDocument file, not a Word .docx")
    try:
        package = Package.open(io.BytesIO(data))
        main: Part = package.main_document_part
    except KeyError as e:
        raise CorruptDocumentError(f"the package is missing a required part: {e}") from e
    except _OPEN_ERRORS as e:
        raise CorruptDocumentError(f"cannot open the Word package: {e}") from e
    except (AttributeError, TypeError) as e:
        # python-docx trusts that a well-formed part has the elements its schema
        # promises: a .rels or [Content_Types].xml whose root is in the wrong namespace
        # fails inside it with "'_Element' object has no attribute 'Relationship_lst'".
        raise CorruptDocumentError(f"the Word package's structure is damaged: {e}") from e
    if main.content_type not in _WORD_MAIN_TYPES:
        raise UnsupportedFormatError(f"not a Word document: main part is {main.content_type}")
    return package, main


def _part_root(part: Part) -> Element:
    """The root element of an XML part.

    python-docx parses the part types it registers (.docx main, styles, headers...); a
    .docm/.dotx main part arrives as raw bytes, which we parse with entities off.
    """
    if isinstance(part, XmlPart):
        return part.element
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(part.blob, parser)
    except etree.LxmlError as e:
        raise CorruptDocumentError(f"{part.partname} is not well-formed XML: {e}") from e


def _related_root(part: Part, reltype: str) -> Element | None:
    """The root of the part related by ``reltype`` (styles, numbering), or None."""
    try:
        return _part_root(part.part_related_by(reltype))
    except (KeyError, ValueError):  # no such part / more than one
        return None


def _page_count(package: Package, notes: list[str]) -> int | None:
    """<Pages> from docProps/app.xml: the count Word saved, None when absent."""
    try:
        part = package.part_related_by(RT.EXTENDED_PROPERTIES)
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(part.blob, parser)
    except (KeyError, ValueError):
        return None
    except etree.LxmlError as e:
        notes.append(f"docProps/app.xml is not well-formed, page count unknown: {e}")
        return None
    pages = root.find(f"{{{_EXTENDED_PROPS_NS}}}Pages")
    try:
        count = int((pages.text or "").strip()) if pages is not None else 0
    except ValueError:
        return None
    # Some generators write <Pages>0</Pages>: a count nobody computed.
    return count if count > 0 else None


def _unwrapped(container: Element) -> Iterator[Element]:
    """Children of a container with wrappers opened: content controls (w:sdt), custom
    XML (w:customXml) and mc:AlternateContent (one branch), at any level."""
    for el in elements(container):
        if el.tag == SDT:
            content = sdt_content(el)
            if content is not None:
                yield from _unwrapped(content)
        elif el.tag == CUSTOM_XML:
            yield from _unwrapped(el)
        elif el.tag == MC_ALTERNATE:
            branch = pick_alternate(el)
            if branch is not None:
                yield from _unwrapped(branch)
        else:
            yield el


def _rows(tbl: Element) -> Iterator[Element]:
    """The w:tr of a table, skipping rows deleted with track changes on."""
    for tr in _unwrapped(tbl):
        # <w:trPr><w:del .../></w:trPr>: the row is a tracked deletion.
        if tr.tag == _TR and child(child(tr, _TR_PR), qn("w:del")) is None:
            yield tr


def _text_boxes(el: Element) -> Iterator[Element]:
    """The w:txbxContent anchored inside ``el``, each once (one mc:AlternateContent branch)."""
    for sub in elements(el):
        if sub.tag == _TXBX_CONTENT:
            yield sub  # boxes inside this box are found when its paragraphs are read
        elif sub.tag == MC_ALTERNATE:
            branch = pick_alternate(sub)
            if branch is not None:
                yield from _text_boxes(branch)
        elif sub.tag not in _DELETED:
            yield from _text_boxes(sub)


def _grid_val(props: Element | None, tag: str, *, default: int) -> int:
    """A grid count (gridSpan, gridBefore, gridAfter) clamped to what Word can hold."""
    return max(0, min(int_val(props, qn(tag), default=default), _MAX_GRID))


def _merge_state(tc_pr: Element | None, tag: str) -> str | None:
    """w:vMerge / w:hMerge: "restart", "continue" (also written with no w:val) or None."""
    el = child(tc_pr, qn(tag))
    if el is None:
        return None
    return "restart" if el.get(W_VAL) == "restart" else "continue"


def _is_shaded(tc_pr: Element | None) -> bool:
    """Whether a cell has a visible background (w:shd fill, or a non-clear pattern)."""
    shd = child(tc_pr, qn("w:shd"))
    if shd is None:
        return False
    pattern = shd.get(W_VAL)
    if pattern == "nil":
        return False
    fill = (shd.get(qn("w:fill")) or "auto").lower()
    if fill not in ("auto", "ffffff"):
        return True
    # w:val="solid" (or pctNN) paints w:color over the fill; auto there means black.
    color = (shd.get(qn("w:color")) or "auto").lower()
    return pattern not in (None, "clear") and color != "ffffff"


class _Reader:
    """Walks one story (body, or headers/footers) with shared styles and list counters."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self._styles = styles
        self._numbering = numbering
        self.notes: list[str] = []

    def body(self, body: Element) -> list[Block]:
        """Body paragraphs and tables in reading order (text boxes after their anchor)."""
        blocks: list[Block] = []
        n_paragraphs = 0
        n_tables = 0
        for el in _unwrapped(body):
            if el.tag == _P:
                for para in self._with_text_boxes(el):
                    para.origin = Origin(paragraph=n_paragraphs)
                    n_paragraphs += 1
                    blocks.append(para)
            elif el.tag == _TBL:
                blocks.append(self._table(el, n_tables))
                n_tables += 1
            elif el.tag == qn("w:altChunk"):
                self.notes.append("an embedded alternative-format chunk (w:altChunk) was skipped")
        return blocks

    def running(self, main: Part, body: Element, kind: str) -> list[Paragraph]:
        """Non-blank paragraphs of every section's header (or footer) part, deduplicated."""
        parts: list[Part] = []
        related = main.related_parts
        for sect_pr in body.iter(qn("w:sectPr")):
            refs = sorted(
                sect_pr.iterchildren(qn(f"w:{kind}Reference")),
                key=lambda ref: _RUNNING_ORDER.get(ref.get(qn("w:type")) or "default", 3),
            )
            for ref in refs:
                part = related.get(ref.get(qn("r:id")))
                if part is None:
                    self.notes.append(f"a {kind} reference points at no part")
                elif part not in parts:
                    parts.append(part)
        out: list[Paragraph] = []
        seen: set[str] = set()
        for part in parts:
            try:
                root = _part_root(part)
            except CorruptDocumentError as e:
                self.notes.append(f"{kind} skipped: {e.reason}")
                continue
            for i, para in enumerate(self.flatten(root)):
                if para.text.strip() and para.text not in seen:
                    seen.add(para.text)
                    para.origin = Origin(paragraph=i)
                    out.append(para)
        return out

    def flatten(self, container: Element) -> list[Paragraph]:
        """Every paragraph of a block container in reading order; tables row by row."""
        out: list[Paragraph] = []
        for el in _unwrapped(container):
            if el.tag == _P:
                out.extend(self._with_text_boxes(el))
            elif el.tag == _TBL:
                for tr in _rows(el):
                    for tc in _unwrapped(tr):
                        if tc.tag == _TC:
                            out.extend(self.flatten(tc))
        return out

    def _paragraph(self, p: Element) -> Paragraph:
        """One w:p: runs and list state."""
        style_id = self._styles.paragraph_style_id(p)
        item = self._numbering.item(p, style_id)
        return Paragraph(
            runs=paragraph_runs(p, self._styles, style_id),
            list_kind=item.kind if item else None,
            list_level=item.level if item else 0,
            list_label=item.label if item else None,
        )

    def _with_text_boxes(self, p: Element) -> list[Paragraph]:
        """A paragraph followed by the paragraphs of the text boxes anchored in it."""
        out = [self._paragraph(p)]
        for box in _text_boxes(p):
            out.extend(self.flatten(box))
        return out

    def _table(self, tbl: Element, index: int) -> Table:
        """A table as logical cells on its grid, merges folded into spans."""
        grid = child(tbl, qn("w:tblGrid"))
        n_grid = 0 if grid is None else len(grid.findall(qn("w:gridCol")))
        widest = n_grid
        rows: list[Row] = []
        # Grid column -> the cell whose vertical merge is still open there.
        open_below: dict[int, Cell] = {}
        for tr in _rows(tbl):
            r = len(rows)
            tr_pr = child(tr, _TR_PR)
            # w:gridBefore: grid columns skipped before the first cell of this row.
            col = _grid_val(tr_pr, "w:gridBefore", default=0)
            cells: list[Cell] = []
            still_open: dict[int, Cell] = {}
            h_open: Cell | None = None
            for tc in _unwrapped(tr):
                if tc.tag != _TC:
                    continue
                tc_pr = child(tc, _TC_PR)
                span = max(1, _grid_val(tc_pr, "w:gridSpan", default=1))
                v_merge = _merge_state(tc_pr, "w:vMerge")
                h_merge = _merge_state(tc_pr, "w:hMerge")
                paragraphs = self.flatten(tc)
                here = Origin(table=index, row=r, cell=col)
                if h_merge == "continue" and h_open is not None:
                    # Legacy horizontal merge: this cell is more of the one on its left.
                    h_open.col_span += span
                    _append_text(h_open, paragraphs, here)
                elif v_merge == "continue" and col in open_below:
                    # <w:vMerge/> = continue: this grid slot belongs to the cell above.
                    above = open_below[col]
                    above.row_span += 1
                    _append_text(above, paragraphs, here)
                    still_open[col] = above
                    h_open = None
                else:
                    cell = Cell(col, span, [], origin=here, shaded=_is_shaded(tc_pr))
                    _append_text(cell, paragraphs, here, keep_blank=True)
                    cells.append(cell)
                    if v_merge is not None:  # restart (or an orphan continue) opens a merge
                        still_open[col] = cell
                    h_open = cell if h_merge == "restart" else None
                col += span
            open_below = still_open
            widest = max(widest, col + _grid_val(tr_pr, "w:gridAfter", default=0))
            is_header = is_on(child(tr_pr, qn("w:tblHeader")))
            rows.append(Row(cells, index=r, is_header=is_header))
        return Table(rows, n_cols=widest, index=index, origin=Origin(table=index))


def _append_text(
    cell: Cell, paragraphs: list[Paragraph], where: Origin, *, keep_blank: bool = False
) -> None:
    """Add paragraphs to a cell, stamping table/row/cell/paragraph origins.

    A merged-away cell usually holds one empty paragraph: only its real text is kept.
    """
    for para in paragraphs:
        if keep_blank or para.text.strip():
            para.origin = Origin(
                table=where.table,
                row=where.row,
                cell=where.cell,
                paragraph=len(cell.paragraphs),
            )
            cell.paragraphs.append(para)
