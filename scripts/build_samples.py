"""Build sample Word documents from JSON descriptions.

Each ``scripts/sample_specs/NAME.json`` describes, in the format documented in
``scripts/sample_specs/FORMAT.md``, what a person would have typed into Word. This script
turns it into ``samples/NAME.docx`` made of genuine WordprocessingML: python-docx creates
the package and does what it has an API for; everything else (table grids, merges,
``gridBefore``, numbering, tracked changes, hyperlinks, smart tags, content controls) is
written with lxml through ``docx.oxml``. The reader is therefore tested against the
constructs Word itself writes, not against shortcuts of our own.

Descriptions are validated strictly before anything is built: an unknown key or a value
of the wrong type stops the build with a message naming the spec file and the JSON path
(``body[3].table.rows[2].cells[1]``), so typos in specs are caught instead of silently
ignored.

Output is reproducible: core properties are fixed and the zip is rewritten with fixed
timestamps, so rebuilding an unchanged spec gives a byte-identical file (with the same
python-docx and zlib).

Usage::

    python scripts/build_samples.py [SPEC.json ...] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import io
import json
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = REPO_ROOT / "scripts" / "sample_specs"
DEFAULT_OUT = REPO_ROOT / "samples"

AUTHOR = "scrutiny_parse samples"
FIXED_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
FIXED_TIME_W3C = "2020-01-01T00:00:00Z"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

STRUCK_STYLE = "Struck"
SMARTTAG_URI = "urn:schemas-microsoft-com:office:smarttags"
HYPERLINK_COLOR = RGBColor(0x05, 0x63, 0xC1)  # Word 2013+ "Hyperlink" blue
TWIPS_PER_CM = 1440 / 2.54
MAX_LIST_LEVEL = 8  # Word lists have levels 0..8

Element = Any  # an lxml element (docx.oxml BaseOxmlElement); lxml ships no usable stubs


# --------------------------------------------------------------------------------------
# Description model
# --------------------------------------------------------------------------------------


@dataclass
class RunSpec:
    """One run of text and its character-level constructs."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    strike: bool = False
    dstrike: bool = False
    char_style: str | None = None
    ins: bool = False
    delete: bool = False  # JSON key "del"
    hyperlink: str | None = None
    smarttag: bool = False
    sdt: bool = False
    brk: bool = False  # JSON key "break"


@dataclass
class ParagraphSpec:
    """One paragraph: its runs plus paragraph-level formatting."""

    runs: list[RunSpec]
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    align: Literal["left", "center", "right"] | None = None
    style: str | None = None
    list_kind: Literal["bullet", "number"] | None = None
    level: int = 0
    sdt: bool = False


@dataclass
class CellSpec:
    """One table cell (a ``<w:tc>``)."""

    content: list[BlockSpec]
    span: int = 1
    vmerge: Literal["restart", "continue"] | None = None
    shade: str | None = None
    bold: bool | None = None


@dataclass
class RowSpec:
    """One table row (a ``<w:tr>``)."""

    cells: list[CellSpec]
    grid_before: int = 0
    grid_after: int = 0
    header: bool = False
    cant_split: bool = False


@dataclass
class TableSpec:
    """One table; ``widths`` are the grid columns in cm."""

    widths: list[float]
    rows: list[RowSpec]
    borders: bool = True
    style: str | None = None


BlockSpec = ParagraphSpec | TableSpec


@dataclass
class DocSpec:
    """A whole sample document."""

    body: list[BlockSpec]
    header: list[ParagraphSpec] = field(default_factory=list)
    footer: list[ParagraphSpec] = field(default_factory=list)
    orientation: Literal["portrait", "landscape"] = "portrait"


# --------------------------------------------------------------------------------------
# Validation / parsing
# --------------------------------------------------------------------------------------


class SpecError(Exception):
    """An invalid description; ``path`` is the JSON path of the offending value."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path or '(top level)'}: {message}")
        self.path = path
        self.message = message


def _join(path: str, key: str | int) -> str:
    """Extend a JSON path with an object key or a list index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _type_name(value: object) -> str:
    """JSON name of a value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass(frozen=True)
class TemplateStyles:
    """Style names available in python-docx's default template, by style type."""

    paragraph: frozenset[str]
    character: frozenset[str]
    table: frozenset[str]

    @classmethod
    def from_default_template(cls) -> TemplateStyles:
        """Read the style names of a fresh ``docx.Document()``."""
        styles = docx.Document().styles

        def names(kind: WD_STYLE_TYPE) -> frozenset[str]:
            return frozenset(s.name for s in styles if s.type == kind and s.name)

        return cls(
            paragraph=names(WD_STYLE_TYPE.PARAGRAPH),
            character=names(WD_STYLE_TYPE.CHARACTER) | {STRUCK_STYLE},
            table=names(WD_STYLE_TYPE.TABLE),
        )


class SpecParser:
    """Turn a JSON description into the typed model, rejecting anything unknown."""

    def __init__(self, styles: TemplateStyles) -> None:
        self.styles = styles

    # -- primitive helpers -------------------------------------------------------------

    @staticmethod
    def _object(value: object, path: str, allowed: Sequence[str]) -> dict[str, Any]:
        """Require a JSON object whose keys are all in ``allowed``."""
        if not isinstance(value, dict):
            raise SpecError(path, f"expected an object, got {_type_name(value)}")
        for key in value:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                did_you_mean = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise SpecError(
                    path,
                    f"unknown key {key!r}{did_you_mean}; allowed keys: "
                    + ", ".join(sorted(allowed)),
                )
        return value

    @staticmethod
    def _bool(obj: dict[str, Any], key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, bool):
            raise SpecError(_join(path, key), f"expected true/false, got {_type_name(value)}")
        return value

    @staticmethod
    def _str(obj: dict[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise SpecError(_join(path, key), f"expected a string, got {_type_name(value)}")
        return value

    @staticmethod
    def _int(obj: dict[str, Any], key: str, path: str, default: int, minimum: int) -> int:
        value = obj.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise SpecError(_join(path, key), f"expected an integer, got {_type_name(value)}")
        if value < minimum:
            raise SpecError(_join(path, key), f"must be >= {minimum}, got {value}")
        return value

    @staticmethod
    def _number(value: object, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecError(path, f"expected a number, got {_type_name(value)}")
        if value <= 0:
            raise SpecError(path, f"must be > 0, got {value}")
        return float(value)

    @staticmethod
    def _choice(obj: dict[str, Any], key: str, path: str, choices: Sequence[str]) -> Any:
        value = obj.get(key)
        if value is not None and value not in choices:
            raise SpecError(
                _join(path, key),
                f"expected one of {', '.join(map(repr, choices))}, got {value!r}",
            )
        return value

    @staticmethod
    def _list(obj: dict[str, Any], key: str, path: str) -> list[Any]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            raise SpecError(_join(path, key), f"expected an array, got {_type_name(value)}")
        return value

    # -- structure ---------------------------------------------------------------------

    def document(self, value: object) -> DocSpec:
        """Parse the top-level object."""
        obj = self._object(value, "", ("header", "footer", "orientation", "body"))
        if "body" not in obj:
            raise SpecError("", "missing required key 'body'")
        header = self._list(obj, "header", "")
        footer = self._list(obj, "footer", "")
        body = self._list(obj, "body", "")
        return DocSpec(
            header=[self.paragraph(p, _join("header", i)) for i, p in enumerate(header)],
            footer=[self.paragraph(p, _join("footer", i)) for i, p in enumerate(footer)],
            orientation=self._choice(obj, "orientation", "", ("portrait", "landscape"))
            or "portrait",
            body=[self.block(b, _join("body", i)) for i, b in enumerate(body)],
        )

    def block(self, value: object, path: str) -> BlockSpec:
        """A BLOCK: a paragraph, or ``{"table": TABLE}``."""
        if isinstance(value, dict) and "table" in value:
            self._object(value, path, ("table",))
            return self.table(value["table"], _join(path, "table"))
        return self.paragraph(value, path)

    def paragraph(self, value: object, path: str) -> ParagraphSpec:
        """A PARAGRAPH: a plain string or an object."""
        if isinstance(value, str):
            return ParagraphSpec(runs=[RunSpec(text=value)] if value else [])
        obj = self._object(
            value,
            path,
            ("text", "runs", "bold", "italic", "size", "align", "style", "list", "level", "sdt"),
        )
        if "text" in obj and "runs" in obj:
            raise SpecError(path, "give either 'text' or 'runs', not both")
        text = self._str(obj, "text", path)
        if "runs" in obj:
            raw_runs = self._list(obj, "runs", path)
            runs = [self.run(r, _join(_join(path, "runs"), i)) for i, r in enumerate(raw_runs)]
        else:
            runs = [RunSpec(text=text)] if text else []
        size = obj.get("size")
        style = self._str(obj, "style", path)
        if style is not None and style not in self.styles.paragraph:
            raise SpecError(
                _join(path, "style"),
                f"no paragraph style {style!r} in the default template",
            )
        list_kind = self._choice(obj, "list", path, ("bullet", "number"))
        level = self._int(obj, "level", path, 0, 0)
        if level > MAX_LIST_LEVEL:
            raise SpecError(_join(path, "level"), f"must be <= {MAX_LIST_LEVEL}, got {level}")
        if "level" in obj and list_kind is None:
            raise SpecError(_join(path, "level"), "'level' needs 'list'")
        return ParagraphSpec(
            runs=runs,
            bold=self._bool(obj, "bold", path),
            italic=self._bool(obj, "italic", path),
            size=None if size is None else self._number(size, _join(path, "size")),
            align=self._choice(obj, "align", path, ("left", "center", "right")),
            style=style,
            list_kind=list_kind,
            level=level,
            sdt=bool(self._bool(obj, "sdt", path)),
        )

    def run(self, value: object, path: str) -> RunSpec:
        """A RUN: a plain string or an object."""
        if isinstance(value, str):
            return RunSpec(text=value)
        obj = self._object(
            value,
            path,
            (
                "text",
                "bold",
                "italic",
                "strike",
                "dstrike",
                "char_style",
                "ins",
                "del",
                "hyperlink",
                "smarttag",
                "sdt",
                "break",
            ),
        )
        char_style = self._str(obj, "char_style", path)
        if char_style is not None and char_style not in self.styles.character:
            raise SpecError(
                _join(path, "char_style"),
                f"unknown character style {char_style!r} (use {STRUCK_STYLE!r} or a "
                "character style of the default template)",
            )
        run = RunSpec(
            text=self._str(obj, "text", path) or "",
            bold=self._bool(obj, "bold", path),
            italic=self._bool(obj, "italic", path),
            strike=bool(self._bool(obj, "strike", path)),
            dstrike=bool(self._bool(obj, "dstrike", path)),
            char_style=char_style,
            ins=bool(self._bool(obj, "ins", path)),
            delete=bool(self._bool(obj, "del", path)),
            hyperlink=self._str(obj, "hyperlink", path),
            smarttag=bool(self._bool(obj, "smarttag", path)),
            sdt=bool(self._bool(obj, "sdt", path)),
            brk=bool(self._bool(obj, "break", path)),
        )
        if run.ins and run.delete:
            raise SpecError(path, "a run cannot be both 'ins' and 'del'")
        if run.hyperlink == "":
            raise SpecError(_join(path, "hyperlink"), "empty hyperlink target")
        return run

    def table(self, value: object, path: str) -> TableSpec:
        """A TABLE; checks that every row covers exactly the grid."""
        obj = self._object(value, path, ("widths", "borders", "style", "header", "rows"))
        if "widths" not in obj:
            raise SpecError(path, "missing required key 'widths'")
        raw_widths = obj["widths"]
        if not isinstance(raw_widths, list) or not raw_widths:
            raise SpecError(_join(path, "widths"), "expected a non-empty array of numbers (cm)")
        widths = [
            self._number(w, _join(_join(path, "widths"), i)) for i, w in enumerate(raw_widths)
        ]
        style = self._str(obj, "style", path)
        if style is not None and style not in self.styles.table:
            raise SpecError(
                _join(path, "style"), f"no table style {style!r} in the default template"
            )
        raw_rows = self._list(obj, "rows", path)
        if not raw_rows:
            raise SpecError(_join(path, "rows"), "a table needs at least one row")
        rows_path = _join(path, "rows")
        rows = [self.row(r, _join(rows_path, i)) for i, r in enumerate(raw_rows)]
        if "header" in obj:
            # The older layout: a header row naming the fields, repeated at the top of
            # every page (w:tblHeader), set in bold like the label cells of the others.
            header_path = _join(path, "header")
            raw_header = self._list(obj, "header", path)
            if not raw_header:
                raise SpecError(header_path, "a header row needs at least one cell")
            header = RowSpec(
                cells=[self.cell(c, _join(header_path, i)) for i, c in enumerate(raw_header)],
                header=True,
                cant_split=True,
            )
            for cell in header.cells:
                cell.bold = True if cell.bold is None else cell.bold
            rows = [header, *rows]
            rows_path = f"{path}.(header + rows)"
        self._check_grid(rows, len(widths), rows_path)
        borders = self._bool(obj, "borders", path)
        return TableSpec(
            widths=widths,
            rows=rows,
            borders=True if borders is None else borders,
            style=style,
        )

    @staticmethod
    def _check_grid(rows: list[RowSpec], n_cols: int, rows_path: str) -> None:
        """Each row must cover the grid exactly; a vMerge continue must sit under a merge."""
        above: dict[tuple[int, int], bool] = {}  # (first col, span) -> is part of a vMerge
        for r, row in enumerate(rows):
            row_path = _join(rows_path, r)
            col = row.grid_before
            current: dict[tuple[int, int], bool] = {}
            for c, cell in enumerate(row.cells):
                key = (col, cell.span)
                if cell.vmerge == "continue" and not above.get(key):
                    raise SpecError(
                        _join(_join(row_path, "cells"), c),
                        "vmerge 'continue' must sit directly below a 'restart' or "
                        f"'continue' cell covering the same grid columns "
                        f"({col}-{col + cell.span - 1}, counting from 0)",
                    )
                current[key] = cell.vmerge is not None
                col += cell.span
            covered = col + row.grid_after
            if covered != n_cols:
                raise SpecError(
                    row_path,
                    f"row covers {covered} grid columns (grid_before + spans + grid_after) "
                    f"but the table has {n_cols} widths",
                )
            above = current

    def row(self, value: object, path: str) -> RowSpec:
        """A ROW."""
        obj = self._object(
            value, path, ("grid_before", "grid_after", "header", "cant_split", "cells")
        )
        raw_cells = self._list(obj, "cells", path)
        if not raw_cells:
            raise SpecError(_join(path, "cells"), "a row needs at least one cell")
        cells_path = _join(path, "cells")
        return RowSpec(
            cells=[self.cell(c, _join(cells_path, i)) for i, c in enumerate(raw_cells)],
            grid_before=self._int(obj, "grid_before", path, 0, 0),
            grid_after=self._int(obj, "grid_after", path, 0, 0),
            header=bool(self._bool(obj, "header", path)),
            cant_split=bool(self._bool(obj, "cant_split", path)),
        )

    def cell(self, value: object, path: str) -> CellSpec:
        """A CELL: a plain string (one paragraph, span 1), an array (its paragraphs, span
        1: a two-line date cell is ``["June 2015", "April 2016"]``) or an object."""
        if isinstance(value, str):
            return CellSpec(content=[self.paragraph(value, path)])
        if isinstance(value, list):
            return CellSpec(content=[self.block(b, _join(path, i)) for i, b in enumerate(value)])
        obj = self._object(value, path, ("span", "vmerge", "shade", "bold", "content"))
        shade = self._str(obj, "shade", path)
        if shade is not None and not (
            len(shade) == 6 and all(ch in "0123456789abcdefABCDEF" for ch in shade)
        ):
            raise SpecError(
                _join(path, "shade"), f"expected a hex colour like 'D9D9D9', got {shade!r}"
            )
        vmerge = self._choice(obj, "vmerge", path, ("restart", "continue"))
        raw_content = self._list(obj, "content", path)
        if vmerge == "continue" and raw_content:
            raise SpecError(_join(path, "content"), "a vmerge 'continue' cell has no content")
        content_path = _join(path, "content")
        return CellSpec(
            content=[self.block(b, _join(content_path, i)) for i, b in enumerate(raw_content)],
            span=self._int(obj, "span", path, 1, 1),
            vmerge=vmerge,
            shade=shade.upper() if shade else None,
            bold=self._bool(obj, "bold", path),
        )


# --------------------------------------------------------------------------------------
# XML helpers
# --------------------------------------------------------------------------------------


def _el(tag: str, **attrs: str) -> Element:
    """Create a ``w:``-namespaced element; attribute names are given without prefix."""
    element = OxmlElement(tag)
    for name, val in attrs.items():
        element.set(qn(f"w:{name}"), val)
    return element


def _sub(parent: Element, tag: str, **attrs: str) -> Element:
    """Create an element as the last child of ``parent``."""
    child = _el(tag, **attrs)
    parent.append(child)
    return child


def _wrap(inner: Element, wrapper: Element) -> Element:
    """Put ``wrapper`` where ``inner`` is and move ``inner`` into it."""
    inner.addprevious(wrapper)
    wrapper.append(inner)
    return wrapper


def _twips(cm: float) -> int:
    """Centimetres to twentieths of a point, Word's table measure."""
    return round(cm * TWIPS_PER_CM)


class Story(Protocol):
    """A python-docx object that knows its part (document, header or footer)."""

    @property
    def part(self) -> Part: ...


# --------------------------------------------------------------------------------------
# Builder
# --------------------------------------------------------------------------------------


class DocumentBuilder:
    """Build one ``.docx`` from a parsed :class:`DocSpec`."""

    def __init__(self, spec: DocSpec, title: str = "") -> None:
        self.spec = spec
        self.title = title
        self.doc: DocxDocument = docx.Document()
        self._revision_id = 0  # w:id of w:ins / w:del, unique per document
        self._sdt_id = 0  # w:id of content controls
        self._bullet_num_id: int | None = None

    # -- top level ---------------------------------------------------------------------

    def build(self) -> bytes:
        """Return the bytes of the finished, reproducible ``.docx``."""
        self._setup_section()
        self._set_core_properties()
        body = self.doc.element.body
        self._add_blocks(body, self.spec.body, self.doc, cell_bold=None)
        if self.spec.body and isinstance(self.spec.body[-1], TableSpec):
            # Word always ends the body with a paragraph (the final paragraph mark
            # cannot be deleted), so a document ending in a table has one after it.
            self._append(body, _el("w:p"))
        section = self.doc.sections[0]
        for paragraphs, hdrftr, default_style in (
            (self.spec.header, section.header, "Header"),
            (self.spec.footer, section.footer, "Footer"),
        ):
            if not paragraphs:
                continue
            hdrftr.is_linked_to_previous = False  # creates the default header/footer part
            root = hdrftr.part.element
            for child in list(root):
                root.remove(child)
            self._add_blocks(root, paragraphs, hdrftr, cell_bold=None, default_style=default_style)
        out = io.BytesIO()
        self.doc.save(out)
        return normalise_zip(out.getvalue())

    def _setup_section(self) -> None:
        """A4 with 2.54 cm margins (UK council documents), optionally landscape."""
        section = self.doc.sections[0]
        width, height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.54))
        if self.spec.orientation == "landscape":
            # w:orient alone does not rotate the page: Word also needs w:w > w:h.
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height

    def _set_core_properties(self) -> None:
        """Fixed metadata so that rebuilding gives identical files."""
        props = self.doc.core_properties
        props.author = AUTHOR
        props.last_modified_by = AUTHOR
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        props.revision = 1
        props.title = self.title
        props.comments = "Built by scripts/build_samples.py"

    @staticmethod
    def _append(container: Element, element: Element) -> None:
        """Append a block to a body, cell, header or footer (before the body's sectPr)."""
        last = container[-1] if len(container) else None
        if last is not None and last.tag == qn("w:sectPr"):
            last.addprevious(element)
        else:
            container.append(element)

    def _add_blocks(
        self,
        container: Element,
        blocks: Sequence[BlockSpec],
        story: Story,
        cell_bold: bool | None,
        default_style: str | None = None,
    ) -> None:
        """Append paragraphs and tables to ``container``, numbering lists as Word does."""
        # The w:num of the numbered list in progress; any non-list block ends it, so
        # a numbered list after other content restarts at 1.
        number_num_id: int | None = None
        for block in blocks:
            if isinstance(block, TableSpec):
                self._append(container, self._make_table(block, story, cell_bold))
                number_num_id = None
                continue
            num_id: int | None = None
            if block.list_kind is None:
                number_num_id = None
            elif block.list_kind == "bullet":
                num_id = self._bullet_num()
            else:
                if number_num_id is None:
                    number_num_id = self._new_number_num()
                num_id = number_num_id
            self._append(
                container, self._make_paragraph(block, story, cell_bold, num_id, default_style)
            )

    # -- paragraphs and runs -----------------------------------------------------------

    def _make_paragraph(
        self,
        spec: ParagraphSpec,
        story: Story,
        cell_bold: bool | None,
        num_id: int | None,
        default_style: str | None,
    ) -> Element:
        """Return a ``w:p`` (or a block ``w:sdt`` holding it)."""
        p = _el("w:p")
        para = DocxParagraph(p, story)  # type: ignore[arg-type]
        style = spec.style or ("List Paragraph" if spec.list_kind else default_style)
        if style:
            para.style = style
        if num_id is not None:
            num_pr = p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = spec.level
            num_pr.get_or_add_numId().val = num_id
        if spec.align:
            para.alignment = {
                "left": WD_ALIGN_PARAGRAPH.LEFT,
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
            }[spec.align]
        bold = spec.bold if spec.bold is not None else cell_bold
        # Word also formats the paragraph mark (w:pPr/w:rPr); list glyphs take it.
        mark = self._mark_rpr(bold, spec.italic, spec.size)
        if mark is not None:
            p.get_or_add_pPr().append(mark)  # rPr is the last pPr child we ever write
        for run_spec in spec.runs:
            self._add_run(para, run_spec, story, bold, spec.italic, spec.size)
        if spec.sdt:
            return self._block_sdt(p)
        return p

    @staticmethod
    def _mark_rpr(bold: bool | None, italic: bool | None, size: float | None) -> Element | None:
        """The paragraph-mark run properties, or None when there are none."""
        if not (bold or italic or size):
            return None
        rpr = _el("w:rPr")
        if bold:
            _sub(rpr, "w:b")
        if italic:
            _sub(rpr, "w:i")
        if size:
            _sub(rpr, "w:sz", val=str(round(size * 2)))
        return rpr

    def _add_run(
        self,
        para: DocxParagraph,
        spec: RunSpec,
        story: Story,
        para_bold: bool | None,
        para_italic: bool | None,
        size: float | None,
    ) -> None:
        """Append one run, then wrap it in ins/del, hyperlink, smartTag and sdt."""
        run = para.add_run()
        r = run._r
        bold = spec.bold if spec.bold is not None else para_bold
        italic = spec.italic if spec.italic is not None else para_italic
        if spec.char_style == STRUCK_STYLE:
            self._ensure_struck_style()
        if spec.char_style:
            run.style = spec.char_style  # w:rStyle; the strike lives in the style only
        elif spec.hyperlink:
            if "Hyperlink" in self.doc.styles:
                run.style = "Hyperlink"
            else:
                run.font.color.rgb = HYPERLINK_COLOR
                run.font.underline = True
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if spec.strike:
            run.font.strike = True
        if spec.dstrike:
            run.font.double_strike = True
        if size:
            run.font.size = Pt(round(size * 2) / 2)  # Word stores half-points
        text_tag = "w:delText" if spec.delete else "w:t"
        if spec.brk:
            _sub(r, "w:br")
        self._append_text(r, spec.text, text_tag)

        outer: Element = r
        if spec.ins or spec.delete:
            # Tracked change: w:ins / w:del wrap the run; deleted text is w:delText.
            self._revision_id += 1
            change = _el(
                "w:del" if spec.delete else "w:ins",
                id=str(self._revision_id),
                author=AUTHOR,
                date=FIXED_TIME_W3C,
            )
            outer = _wrap(outer, change)
        if spec.hyperlink:
            r_id = story.part.relate_to(spec.hyperlink, RT.HYPERLINK, is_external=True)
            link = _el("w:hyperlink")
            link.set(qn("r:id"), r_id)
            link.set(qn("w:history"), "1")
            outer = _wrap(outer, link)
        if spec.smarttag:
            tag = _el("w:smartTag", uri=SMARTTAG_URI, element="PersonName")
            outer = _wrap(outer, tag)
        if spec.sdt:
            sdt, content = self._new_sdt()
            outer.addprevious(sdt)
            content.append(outer)

    @staticmethod
    def _append_text(r: Element, text: str, text_tag: str) -> None:
        """Append text to a run: ``\\n`` becomes w:br, ``\\t`` w:tab, as Word writes them."""
        chunk: list[str] = []

        def flush() -> None:
            if chunk:
                t = _sub(r, text_tag)
                t.text = "".join(chunk)
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                chunk.clear()

        for ch in text:
            if ch in "\n\t":
                flush()
                _sub(r, "w:br" if ch == "\n" else "w:tab")
            else:
                chunk.append(ch)
        flush()

    def _new_sdt(self) -> tuple[Element, Element]:
        """A rich-text content control: return (``w:sdt``, its ``w:sdtContent``)."""
        self._sdt_id += 1
        sdt = _el("w:sdt")
        pr = _sub(sdt, "w:sdtPr")
        _sub(pr, "w:id", val=str(self._sdt_id))
        _sub(sdt, "w:sdtEndPr")
        content = _sub(sdt, "w:sdtContent")
        return sdt, content

    def _block_sdt(self, p: Element) -> Element:
        """Wrap a whole paragraph in a block-level content control."""
        sdt, content = self._new_sdt()
        content.append(p)
        return sdt

    def _ensure_struck_style(self) -> None:
        """Define the character style "Struck" (its w:rPr has w:strike) once."""
        styles = self.doc.styles
        if STRUCK_STYLE in styles:
            return
        style = styles.add_style(STRUCK_STYLE, WD_STYLE_TYPE.CHARACTER)
        style.base_style = styles["Default Paragraph Font"]
        style.font.strike = True

    # -- numbering ---------------------------------------------------------------------

    def _numbering(self) -> Element:
        """The ``w:numbering`` root (python-docx's template has a numbering part)."""
        return self.doc.part.numbering_part.element

    def _add_abstract_num(self, kind: Literal["bullet", "number"]) -> int:
        """Add a 9-level abstractNum like Word's bullet / numbering buttons make."""
        numbering = self._numbering()
        ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        abstract_id = max(ids, default=-1) + 1
        abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
        # nsid/tmpl are arbitrary 8-hex-digit ids in Word; fixed here for reproducibility.
        _sub(abstract, "w:nsid", val=f"5C0A{abstract_id:04X}")
        _sub(abstract, "w:multiLevelType", val="hybridMultilevel")
        _sub(abstract, "w:tmpl", val=f"0409{abstract_id:04X}")
        # Word's bullets are private-use code points in symbol fonts: U+F0B7 in Symbol
        # shows "•", "o" in Courier New, U+F0A7 in Wingdings shows "▪".
        bullets = (("\uf0b7", "Symbol"), ("o", "Courier New"), ("\uf0a7", "Wingdings"))
        number_formats = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
        for level in range(MAX_LIST_LEVEL + 1):
            lvl = _sub(abstract, "w:lvl", ilvl=str(level))
            _sub(lvl, "w:start", val="1")
            if kind == "bullet":
                glyph, font = bullets[level % 3]
                _sub(lvl, "w:numFmt", val="bullet")
                _sub(lvl, "w:lvlText", val=glyph)
            else:
                fmt, text = number_formats[level % 3]
                _sub(lvl, "w:numFmt", val=fmt)
                _sub(lvl, "w:lvlText", val=text.format(n=level + 1))
            _sub(lvl, "w:lvlJc", val="right" if kind == "number" and level % 3 == 2 else "left")
            ppr = _sub(lvl, "w:pPr")
            _sub(ppr, "w:ind", left=str(720 * (level + 1)), hanging="360")
            if kind == "bullet":
                rpr = _sub(lvl, "w:rPr")
                _sub(rpr, "w:rFonts", ascii=font, hAnsi=font, hint="default")
        # Schema order: all w:abstractNum come before the first w:num.
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        return abstract_id

    def _bullet_num(self) -> int:
        """The single w:num used by all bullet items."""
        if self._bullet_num_id is None:
            abstract_id = self._add_abstract_num("bullet")
            self._bullet_num_id = int(self._numbering().add_num(abstract_id).numId)
        return self._bullet_num_id

    def _new_number_num(self) -> int:
        """A w:num for a new numbered list, which starts at 1.

        Word gives each separately started list its own abstractNum; the first list
        uses a plain w:num and later ones the same, rather than lvlOverride/startOverride
        on a shared definition. Writing it Word's way also matters downstream:
        LibreOffice's .doc export splits a list whose first item carries a
        startOverride ("1., 1., 2."), which would make the .doc samples disagree.
        """
        abstract_id = self._add_abstract_num("number")
        return int(self._numbering().add_num(abstract_id).numId)

    # -- tables ------------------------------------------------------------------------

    def _make_table(self, spec: TableSpec, story: Story, inherited_bold: bool | None) -> Element:
        """Return a ``w:tbl`` with an explicit grid, built element by element."""
        grid = [_twips(w) for w in spec.widths]
        tbl = _el("w:tbl")
        tbl_pr = _sub(tbl, "w:tblPr")  # children in schema order
        if spec.style:
            style_id = self.doc.styles[spec.style].style_id
            _sub(tbl_pr, "w:tblStyle", val=style_id)
        _sub(tbl_pr, "w:tblW", w=str(sum(grid)), type="dxa")
        borders = _sub(tbl_pr, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            if spec.borders:
                _sub(borders, f"w:{side}", val="single", sz="4", space="0", color="auto")
            else:
                _sub(borders, f"w:{side}", val="nil")
        # Fixed layout keeps the given widths instead of autofitting to the content.
        _sub(tbl_pr, "w:tblLayout", type="fixed")
        _sub(
            tbl_pr,
            "w:tblLook",
            val="04A0",
            firstRow="1",
            lastRow="0",
            firstColumn="1",
            lastColumn="0",
            noHBand="0",
            noVBand="1",
        )
        tbl_grid = _sub(tbl, "w:tblGrid")
        for w in grid:
            _sub(tbl_grid, "w:gridCol", w=str(w))
        for row in spec.rows:
            tbl.append(self._make_row(row, grid, story, inherited_bold))
        return tbl

    def _make_row(
        self, spec: RowSpec, grid: list[int], story: Story, inherited_bold: bool | None
    ) -> Element:
        """Return a ``w:tr``; skipped grid columns get no ``w:tc`` at all."""
        tr = _el("w:tr")
        n_cols = len(grid)
        if spec.grid_before or spec.grid_after or spec.cant_split or spec.header:
            tr_pr = _sub(tr, "w:trPr")  # in the order Word writes them
            if spec.grid_before:
                _sub(tr_pr, "w:gridBefore", val=str(spec.grid_before))
            if spec.grid_after:
                _sub(tr_pr, "w:gridAfter", val=str(spec.grid_after))
            # Word pairs gridBefore/After with the width of the skipped columns.
            if spec.grid_before:
                w_before = sum(grid[: spec.grid_before])
                _sub(tr_pr, "w:wBefore", w=str(w_before), type="dxa")
            if spec.grid_after:
                w_after = sum(grid[n_cols - spec.grid_after :])
                _sub(tr_pr, "w:wAfter", w=str(w_after), type="dxa")
            if spec.cant_split:
                _sub(tr_pr, "w:cantSplit")
            if spec.header:
                _sub(tr_pr, "w:tblHeader")
        col = spec.grid_before
        for cell in spec.cells:
            width = sum(grid[col : col + cell.span])
            tr.append(self._make_cell(cell, width, story, inherited_bold))
            col += cell.span
        return tr

    def _make_cell(
        self, spec: CellSpec, width: int, story: Story, inherited_bold: bool | None
    ) -> Element:
        """Return a ``w:tc``; it always ends with a paragraph, as Word requires."""
        tc = _el("w:tc")
        tc_pr = _sub(tc, "w:tcPr")  # children in schema order
        _sub(tc_pr, "w:tcW", w=str(width), type="dxa")
        if spec.span > 1:
            _sub(tc_pr, "w:gridSpan", val=str(spec.span))
        if spec.vmerge == "restart":
            _sub(tc_pr, "w:vMerge", val="restart")
        elif spec.vmerge == "continue":
            _sub(tc_pr, "w:vMerge")  # no w:val means "continue"
        if spec.shade:
            _sub(tc_pr, "w:shd", val="clear", color="auto", fill=spec.shade)
        bold = spec.bold if spec.bold is not None else inherited_bold
        self._add_blocks(tc, spec.content, story, cell_bold=bold)
        if not spec.content or isinstance(spec.content[-1], TableSpec):
            # Every w:tc must end with a w:p (also after a nested table); a vMerge
            # continue cell still holds one empty paragraph.
            p = _sub(tc, "w:p")
            mark = self._mark_rpr(bold, None, None)
            if mark is not None:
                _sub(p, "w:pPr").append(mark)
        return tc


# --------------------------------------------------------------------------------------
# Packaging
# --------------------------------------------------------------------------------------


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, keeping the entry order.

    python-docx stamps every entry with the current time; fixing it (and the host
    system / permissions) makes a rebuilt sample byte-identical.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():  # "[Content_Types].xml" stays first
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever the building host
            entry.external_attr = 0o644 << 16  # rw-r--r--
            dst.writestr(entry, src.read(info.filename), compresslevel=6)
    return out.getvalue()


def build_docx(description: object, title: str = "") -> bytes:
    """Validate a parsed JSON description and return the ``.docx`` bytes.

    Raises :class:`SpecError` on an invalid description.
    """
    spec = SpecParser(TemplateStyles.from_default_template()).document(description)
    return DocumentBuilder(spec, title=title).build()


class BuildError(Exception):
    """A spec file could not be built; the message names the file."""


def build_file(spec_path: Path, out_dir: Path) -> Path:
    """Build ``out_dir/<stem>.docx`` from one spec file and return its path."""
    try:
        description = json.loads(spec_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildError(f"{spec_path}: cannot read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise BuildError(
            f"{spec_path}: invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    try:
        data = build_docx(description, title=spec_path.stem)
    except SpecError as exc:
        raise BuildError(f"{spec_path}: {exc}") from exc
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path = out_dir / f"{spec_path.stem}.docx"
    out_path.write_bytes(data)
    return out_path


def _display(path: Path) -> str:
    """A path relative to the working directory when possible, for short messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "specs", nargs="*", type=Path, help="spec files (default: scripts/sample_specs/*.json)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output directory (default: samples/)"
    )
    args = parser.parse_args(argv)
    specs: list[Path] = list(args.specs) or [
        Path(_display(p)) for p in sorted(SPEC_DIR.glob("*.json"))
    ]
    if not specs:
        print(f"no spec files found in {_display(SPEC_DIR)}", file=sys.stderr)
        return 0
    failures = 0
    for spec_path in specs:
        try:
            out_path = build_file(spec_path, args.out)
        except BuildError as exc:
            failures += 1
            print(f"error: {exc}", file=sys.stderr)
            continue
        print(f"built {_display(out_path)} from {_display(spec_path)}")
    if failures:
        print(f"{failures} of {len(specs)} spec(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
