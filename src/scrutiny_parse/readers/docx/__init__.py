"""Word reader: .docx bytes -> :class:`~scrutiny_parse.layout.Layout`.

The package (zip, content types, relationships, XML parts) is read by :mod:`.opc` the
way python-docx reads it, inflating only the parts used; everything below the part level
is read from the raw lxml elements, because python-docx's object API drops text in
tracked changes, content controls, smart tags, fields and text boxes, and repeats a
merged cell once per grid column. The reader knows nothing about recommendations: it
reproduces paragraphs, runs, lists and true table geometry.

Inline text lives in :mod:`.runs`, formatting and style inheritance in :mod:`.styles`,
list labels in :mod:`.numbering`, table geometry in :mod:`.tables`, element helpers in
:mod:`.wml`, and the zip and XML budgets in :mod:`.package`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from functools import lru_cache

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from scrutiny_parse.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from scrutiny_parse.layout import Block, Layout, Origin, Paragraph
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.docx.counts import Counts
from scrutiny_parse.readers.docx.numbering import Numbering
from scrutiny_parse.readers.docx.opc import Part, WordPackage
from scrutiny_parse.readers.docx.package import (
    LIBXML2_MAX_DEPTH,
    check_depth,
    check_package,
    depth_error,
)
from scrutiny_parse.readers.docx.runs import paragraph_runs
from scrutiny_parse.readers.docx.styles import Styles
from scrutiny_parse.readers.docx.tables import origin_at, rows, table_from_xml, unwrapped
from scrutiny_parse.readers.docx.wml import (
    MC_ALTERNATE,
    P_PR,
    Element,
    child,
    elements,
    first_child,
    pick_alternate,
    props_of,
)

__all__ = ["read_docx"]

# python-docx's qn() builds the Clark name anew each call; the reader asks for the same
# few dozen tags on every paragraph.
_qn = lru_cache(maxsize=512)(qn)
_P = _qn("w:p")
_TBL = _qn("w:tbl")
_TC = _qn("w:tc")
_TXBX_CONTENT = _qn("w:txbxContent")
_DELETED = frozenset({_qn("w:del"), _qn("w:moveFrom")})
_ALT_CHUNK = _qn("w:altChunk")
_SECT_PR = _qn("w:sectPr")
_TYPE = _qn("w:type")
_R_ID = _qn("r:id")
_W_VAL = _qn("w:val")
# What a paragraph's w:pPr says about style and lists: slots of props_of().
_PARAGRAPH_PROPS = {_qn("w:pStyle"): 0, _qn("w:numPr"): 1}
# A paragraph's place before the reader knows it (frozen: one object serves all).
_NOWHERE = Origin()

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
    ValueError,  # bad relationship targets, two main parts
    etree.LxmlError,
    OSError,
    EOFError,
    zlib.error,
    NotImplementedError,  # a zip member compressed with an unsupported method
    RuntimeError,  # a zip member encrypted with a zip password
)
_RUNNING_ORDER = {"default": 0, "first": 1, "even": 2}
# python-docx's parse of a part it does not know as XML (a .docm main part, app.xml).
_BLOB_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def read_docx(
    data: bytes, limits: Limits = DEFAULT_LIMITS, opened: zipfile.ZipFile | None = None
) -> Layout:
    """Read a Word package into a Layout (format "docx"), within ``limits``; ``opened``
    is ``data``'s zip when the caller has it open already (it is closed here)."""
    # Open while reading: parts not parsed at open are read late.
    with opened if opened is not None else _zip(data) as zf:
        package, main = _open(zf, limits)
        root = _part_root(package, main, limits)
        body = child(root, _qn("w:body"))
        if body is None:
            raise CorruptDocumentError("the main document part has no w:body")
        styles_part = _related(main, RT.STYLES)
        styles = Styles(
            _related_root(package, main, RT.STYLES, limits),
            limits,
            whole=None if styles_part is None else styles_part.whole,
        )
        numbering_root = _related_root(package, main, RT.NUMBERING, limits)
        budget = Counts(limits)
        reader = _Reader(styles, Numbering(numbering_root, styles, limits), budget, limits)
        blocks = reader.body(body)
        # Headers and footers number their own lists: fresh counters, same definitions.
        running = _Reader(styles, Numbering(numbering_root, styles, limits), budget, limits)
        headers = running.running(package, main, body, "header")
        footers = running.running(package, main, body, "footer")
        notes = reader.notes + running.notes
        page_count = _page_count(package, notes)
    return Layout(
        format="docx",
        blocks=blocks,
        headers=headers,
        footers=footers,
        page_count=page_count,
        notes=notes,
    )


def _zip(data: bytes) -> zipfile.ZipFile:
    """The package's zip, opened once (an OLE file is told apart first)."""
    if data[:8] == _OLE_MAGIC:
        # An encrypted .docx is an OLE compound file holding an EncryptionInfo stream.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise EncryptedDocumentError("the Word document is password-protected")
        raise UnsupportedFormatError("a legacy binary Word (.doc) or other OLE file, not .docx")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _OPEN_ERRORS as e:
        raise CorruptDocumentError(f"not a readable zip archive, so not a .docx: {e}") from e


def _open(zf: zipfile.ZipFile, limits: Limits) -> tuple[WordPackage, Part]:
    """Read the package within ``limits`` and find its main document part, mapping every
    failure to ours."""
    _check_kind(zf.namelist())
    check_package(zf, limits)
    try:
        # A depth limit below libxml2's own is checked on whole trees: no lean styles.
        package = WordPackage(zf, lean_styles=limits.max_xml_depth >= LIBXML2_MAX_DEPTH)
        main = package.part_related_by(RT.OFFICE_DOCUMENT)
    except KeyError as e:
        raise CorruptDocumentError(f"the package is missing a required part: {e}") from e
    except _OPEN_ERRORS as e:
        too_deep = (
            depth_error(e, limits, "of the package") if isinstance(e, etree.LxmlError) else None
        )
        if too_deep is not None:
            raise too_deep from e
        raise CorruptDocumentError(f"cannot open the Word package: {e}") from e
    except (AttributeError, TypeError) as e:
        # A .rels or [Content_Types].xml whose root is in the wrong namespace, or a
        # relationship or content type missing its attributes.
        raise CorruptDocumentError(f"the Word package's structure is damaged: {e}") from e
    for part in package.parts.values():
        if part.element is not None:
            check_depth(part.element, limits, str(part.partname))
    if main.content_type not in _WORD_MAIN_TYPES:
        raise UnsupportedFormatError(f"not a Word document: main part is {main.content_type}")
    return package, main


def _check_kind(names: list[str]) -> None:
    """Refuse a zip that is plainly another Office format."""
    if not any(name.startswith("word/") for name in names):
        for prefix, what in (("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint file")):
            if any(name.startswith(prefix) for name in names):
                raise UnsupportedFormatError(f"{what}, not a Word document")
        if "mimetype" in names and "content.xml" in names:
            raise UnsupportedFormatError("an OpenDocument file, not a Word .docx")


def _part_root(package: WordPackage, part: Part, limits: Limits = DEFAULT_LIMITS) -> Element:
    """The root element of an XML part.

    The part types python-docx registers (.docx main, styles, headers...) were parsed
    when the package opened; a .docm/.dotx main part arrives as raw bytes, which we
    parse with entities off.
    """
    if part.element is not None:
        return part.element  # parsed, and its depth checked, when the package opened
    try:
        root = etree.fromstring(_blob(package, part), _BLOB_PARSER)
    except etree.LxmlError as e:
        too_deep = depth_error(e, limits, str(part.partname))
        if too_deep is not None:
            raise too_deep from e
        raise CorruptDocumentError(f"{part.partname} is not well-formed XML: {e}") from e
    check_depth(root, limits, str(part.partname))
    return root


def _blob(package: WordPackage, part: Part) -> bytes:
    """A part's bytes, inflated now; a damaged member is a damaged document."""
    try:
        return package.blob(part)
    except _OPEN_ERRORS as e:
        raise CorruptDocumentError(f"cannot read {part.partname} from the package: {e}") from e


def _related(part: Part, reltype: str) -> Part | None:
    """The part related by ``reltype``, or None (no such part / more than one)."""
    try:
        return part.part_related_by(reltype)
    except (KeyError, ValueError):
        return None


def _related_root(package: WordPackage, part: Part, reltype: str, limits: Limits) -> Element | None:
    """The root of the part related by ``reltype`` (styles, numbering), or None."""
    try:
        return _part_root(package, part.part_related_by(reltype), limits)
    except (KeyError, ValueError):  # no such part / more than one
        return None


def _page_count(package: WordPackage, notes: list[str]) -> int | None:
    """<Pages> from docProps/app.xml: the count Word saved, None when absent."""
    try:
        part = package.part_related_by(RT.EXTENDED_PROPERTIES)
        if part.element is not None:
            root = part.element
        else:
            root = etree.fromstring(_blob(package, part), _BLOB_PARSER)
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


class _Reader:
    """Walks one story (body, or headers/footers) with shared styles and list counters."""

    def __init__(
        self, styles: Styles, numbering: Numbering, budget: Counts, limits: Limits
    ) -> None:
        self._styles = styles
        self._numbering = numbering
        self._budget = budget
        self._limits = limits
        self.notes: list[str] = []

    def body(self, body: Element) -> list[Block]:
        """Body paragraphs and tables in reading order (text boxes after their anchor)."""
        blocks: list[Block] = []
        n_paragraphs = 0
        n_tables = 0
        for el in unwrapped(body):
            if el.tag == _P:
                for para in self._with_text_boxes(el):
                    para.origin = origin_at(paragraph=n_paragraphs)
                    n_paragraphs += 1
                    blocks.append(para)
            elif el.tag == _TBL:
                blocks.append(table_from_xml(el, n_tables, self._cell))
                n_tables += 1
            elif el.tag == _ALT_CHUNK:
                self.notes.append("an embedded alternative-format chunk (w:altChunk) was skipped")
        return blocks

    def running(
        self, package: WordPackage, main: Part, body: Element, kind: str
    ) -> list[Paragraph]:
        """Non-blank paragraphs of every section's header (or footer) part, deduplicated."""
        parts: list[Part] = []
        related = main.related_parts
        for sect_pr in body.iter(_SECT_PR):
            refs = sorted(
                sect_pr.iterchildren(_qn(f"w:{kind}Reference")),
                key=lambda ref: _RUNNING_ORDER.get(ref.get(_TYPE) or "default", 3),
            )
            for ref in refs:
                part = related.get(ref.get(_R_ID))
                if part is None:
                    self.notes.append(f"a {kind} reference points at no part")
                elif part not in parts:
                    parts.append(part)
        out: list[Paragraph] = []
        seen: set[str] = set()
        for part in parts:
            try:
                root = _part_root(package, part, self._limits)
            except CorruptDocumentError as e:
                self.notes.append(f"{kind} skipped: {e.reason}")
                continue
            for i, para in enumerate(self.flatten(root)):
                if para.text.strip() and para.text not in seen:
                    seen.add(para.text)
                    para.origin = origin_at(paragraph=i)
                    out.append(para)
        return out

    def flatten(self, container: Element) -> list[Paragraph]:
        """Every paragraph of a block container in reading order; tables row by row."""
        out: list[Paragraph] = []
        for el in unwrapped(container):
            if el.tag == _P:
                out.extend(self._with_text_boxes(el))
            elif el.tag == _TBL:
                for tr in rows(el):
                    for tc in unwrapped(tr):
                        if tc.tag == _TC:
                            out.extend(self.flatten(tc))
        return out

    def _paragraph(self, p: Element) -> Paragraph:
        """One w:p: runs and list state (its w:pPr read in one pass)."""
        p_style, num_pr = props_of(first_child(p, P_PR), _PARAGRAPH_PROPS)
        style_id = (p_style.get(_W_VAL) if p_style is not None else None) or (
            self._styles.default_paragraph
        )
        item = self._numbering.item(num_pr, style_id)
        runs, length = paragraph_runs(p, self._styles, style_id)
        para = Paragraph(
            runs=runs,
            origin=_NOWHERE,
            list_kind=item.kind if item else None,
            list_level=item.level if item else 0,
            list_label=item.label if item else None,
        )
        self._budget.paragraph(length)
        return para

    def _cell(self, tc: Element) -> list[Paragraph]:
        """A body table cell's paragraphs, the cell counted against the document's
        ``max_document_cells`` first."""
        self._budget.cell()
        return self.flatten(tc)

    def _with_text_boxes(self, p: Element) -> list[Paragraph]:
        """A paragraph followed by the paragraphs of the text boxes anchored in it."""
        out = [self._paragraph(p)]
        # Nearly no paragraph holds a text box: lxml's C search says so before the
        # branch-aware walk runs.
        if next(p.iter(_TXBX_CONTENT), None) is None:
            return out
        for box in _text_boxes(p):
            out.extend(self.flatten(box))
        return out
